mod cli;

fn main() {
    // `ip`'s single-dash words: `-batch FILE` is the batch subcommand,
    // `-force` its option.
    // `ip`'s option words are single-dash (`-br`, `-stats`, `-color=auto`):
    // each becomes its long option.
    let args = std::env::args_os().map(|a| match a.to_str() {
        Some("-batch" | "--batch" | "-b") => "batch".into(),
        Some("-force") => "--force".into(),
        Some("-br" | "-brief") => "--brief".into(),
        Some("-s" | "-stats" | "-statistics") => "--stats".into(),
        Some("-d" | "-details") => "--details".into(),
        Some("-o" | "-oneline") => "--oneline".into(),
        Some("-p" | "-pretty") => "--pretty".into(),
        Some("-json") => "--json".into(),
        Some(w) if matches!(w.split('=').next(), Some("-c" | "-color" | "-colour")) => {
            match w.split_once('=') {
                Some((_, when)) => format!("--color={when}").into(),
                None => "--color".into(),
            }
        }
        _ => a,
    });
    let args = <cli::Cli as clap::Parser>::parse_from(args);
    std::process::exit(cli::run(args));
}
