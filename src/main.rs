mod cli;

fn main() {
    let args = <cli::Cli as clap::Parser>::parse();
    std::process::exit(cli::run(args));
}
