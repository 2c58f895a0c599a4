//! `rtsock maddr [show] [dev DEV]`: the multicast groups each interface
//! has joined, laid out as `ip maddress show` lays them out (inet and
//! inet6; ip also reads link-layer groups and user counts from /proc,
//! which rtnetlink does not carry).

use super::*;
use rtsock::RouteSocket;

pub(super) fn run(cli: &Cli, ipr: &mut rtsock::IpRoute, args: &[String]) -> Result<i32, Failure> {
    let mut filter = Filter::new();
    match (cli.ipv4, cli.ipv6) {
        (true, _) => filter = filter.family(AF_INET),
        (_, true) => filter = filter.family(AF_INET6),
        _ => {}
    }
    let mut words = args.iter().map(String::as_str).peekable();
    if matches!(words.peek(), Some(&("show" | "list" | "ls"))) {
        words.next();
    }
    while let Some(word) = words.next() {
        match (word, words.next()) {
            ("dev", Some(dev)) => filter = filter.dev(dev),
            // ip takes the device without `dev` too.
            (dev, None) => filter = filter.dev(dev),
            (other, _) => {
                return Err(usage(format!("maddr show: unknown argument {other:?}")).into());
            }
        }
    }
    let mut out = Output::new(cli.json);
    out.pretty = cli.pretty;
    out.names = format::link_names(ipr)?;
    // ip prints each interface once, before its groups; the dump lists
    // inet before inet6, so memberships are gathered by interface first.
    let mut by_index: std::collections::BTreeMap<u32, Vec<rtsock::views::Membership>> =
        Default::default();
    let mut messages = Vec::new();
    for m in ipr.dump(ObjectKind::Multicast, &filter)? {
        let m = m?;
        if let Some(g) = rtsock::views::Membership::from_message(&m) {
            by_index.entry(g.index).or_default().push(g);
        }
        messages.push(m);
    }
    if cli.json {
        for m in &messages {
            out.emit(m)?;
        }
        return Ok(out.finish().map(|()| 0)?);
    }
    for (index, groups) in by_index {
        let name = format::dev(&out.names, index);
        out.text(&format!("{index}:\t{name}"))?;
        for g in groups {
            let family = if g.group.is_ipv4() { "inet" } else { "inet6" };
            out.text(&format!("\t{family:<5} {}", g.group))?;
        }
    }
    Ok(out.finish().map(|()| 0)?)
}
