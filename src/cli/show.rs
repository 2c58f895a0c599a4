//! `rtsock link|addr|route|neigh|rule [show]`: dumps as `ip` prints them,
//! or as JSON.

use super::*;

#[cfg(rtsock_supported)]
pub(super) fn show(cli: &Cli) -> Result<i32, Failure> {
    use rtsock::RouteSocket;

    let family = match (cli.ipv4, cli.ipv6) {
        (true, _) => Some(AF_INET),
        (_, true) => Some(AF_INET6),
        _ => None,
    };
    if let Command::Netns { args } = &cli.command {
        return netns_command(args, cli.json);
    }
    let mut ipr = open_socket(cli)?;
    if let Command::Batch { file } = &cli.command {
        return Ok(batch::run(&mut ipr, file, cli.force, family)?);
    }
    if cli.dry_run {
        let names = format::link_names(&mut ipr)?;
        let calls = dryrun::run(cli, &names, family)?;
        let text = if cli.json {
            serde_json::to_string(&calls)
        } else {
            serde_json::to_string_pretty(&calls)
        };
        println!("{}", text.map_err(io::Error::from)?);
        return Ok(0);
    }
    if let Some(code) = change_or_namespace(cli, &mut ipr, family)? {
        return Ok(code);
    }
    let mut out = Output::new(cli.json);
    if !cli.json {
        out.names = format::link_names(&mut ipr)?;
    }
    let (kind, args) = match &cli.command {
        Command::Link { args } => (ObjectKind::Link, args),
        Command::Addr { args } => (ObjectKind::Address, args),
        Command::Route { args } => (ObjectKind::Route, args),
        Command::Neigh { args } => (ObjectKind::Neighbour, args),
        Command::Rule { args } => (ObjectKind::Rule, args),
        Command::Dump => {
            let everything = Filter {
                family,
                ..Filter::default()
            };
            for kind in [
                ObjectKind::Link,
                ObjectKind::Address,
                ObjectKind::Route,
                ObjectKind::Neighbour,
                ObjectKind::Rule,
            ] {
                for m in ipr.dump(kind, &everything)? {
                    out.emit(&m?)?;
                }
            }
            out.finish()?;
            return Ok(0);
        }
        Command::Fdb { args } => (ObjectKind::Neighbour, args),
        Command::Decode { .. }
        | Command::Netns { .. }
        | Command::Monitor { .. }
        | Command::Batch { .. } => {
            unreachable!("handled before")
        }
    };
    let fdb = matches!(cli.command, Command::Fdb { .. });
    let mut q = parse_query(kind, args, if fdb { Some(AF_BRIDGE) } else { family })?;
    q.nud_all |= fdb;
    if let Some(dst) = q.get {
        out.emit(&ipr.route_get(dst)?)?;
        out.finish()?;
        return Ok(0);
    }
    for m in ipr.dump(kind, &q.filter)? {
        let m = m?;
        if kind == ObjectKind::Neighbour && !q.nud_all && !shown_by_ip_neigh(&m) {
            continue;
        }
        out.emit(&m)?;
    }
    out.finish()?;
    Ok(0)
}

/// The routing socket, in the namespace `-n` names (Linux only).

#[cfg(not(rtsock_supported))]
pub(super) fn show(_cli: &Cli) -> Result<i32, Failure> {
    Err(Error::Unsupported("reading the routing socket".into()).into())
}

/// `ip neigh show` hides NOARP and state-less entries unless asked (`nud all`).
#[cfg(rtsock_supported)]
fn shown_by_ip_neigh(m: &Message) -> bool {
    match &m.body {
        rtsock::Body::Neighbour(h) => {
            h.state & !NUD_NOARP & 0xff != 0 || h.flags & (NTF_PROXY | NTF_EXT_LEARNED) != 0
        }
        _ => true,
    }
}
