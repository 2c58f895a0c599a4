mod cli;

fn main() {
    // `ip`'s single-dash words: `-batch FILE` is the batch subcommand,
    // `-force` its option.
    let args = std::env::args_os().map(|a| match a.to_str() {
        Some("-batch" | "--batch" | "-b") => "batch".into(),
        Some("-force") => "--force".into(),
        _ => a,
    });
    let args = <cli::Cli as clap::Parser>::parse_from(args);
    std::process::exit(cli::run(args));
}
