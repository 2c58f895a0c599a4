mod cli;

fn main() {
    // `ip`'s single-dash words: `-batch FILE` is the batch subcommand,
    // `-force` its option.
    // `ip`'s option words are single-dash (`-br`, `-stats`, `-color=auto`):
    // each becomes its long option.
    // `netns exec NAME COMMAND...`: the command's words are its own.
    let all: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let verbatim_from = all
        .windows(2)
        .position(|w| w[0] == "netns" && w[1] == "exec")
        .map_or(all.len(), |i| (i + 3).min(all.len()));
    let (ours, theirs) = all.split_at(verbatim_from);
    // `-f FAMILY` / `-family FAMILY`: the family's own flag.
    let mut words: Vec<std::ffi::OsString> = Vec::with_capacity(ours.len());
    let mut it = ours.iter().cloned().peekable();
    while let Some(a) = it.next() {
        if matches!(a.to_str(), Some("-f" | "-family")) {
            let flag = match it.peek().and_then(|f| f.to_str()) {
                Some("inet" | "ipv4") => Some("-4"),
                Some("inet6" | "ipv6") => Some("-6"),
                Some("mpls") => Some("-M"),
                _ => None,
            };
            if let Some(flag) = flag {
                it.next();
                words.push(flag.into());
                continue;
            }
        }
        words.push(a);
    }
    let args = words.into_iter().map(|a| match a.to_str() {
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
    let args = <cli::Cli as clap::Parser>::parse_from(args.chain(theirs.iter().cloned()));
    std::process::exit(cli::run(args));
}
