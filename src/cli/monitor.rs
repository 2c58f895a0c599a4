//! `rtsock monitor`: one line per event (`--json`: one object per line).

#[cfg(rtsock_supported)]
use std::io::{self, Write};

use super::*;

/// `monitor`: one line per event (`--json`: one JSON object per line).
#[cfg(rtsock_supported)]
pub(super) fn monitor(cli: &Cli) -> Result<i32, Failure> {
    use rtsock::events::{Event, Group};
    let Command::Monitor {
        classes,
        resync,
        dump,
        synthesize,
        count,
        rcvbuf,
    } = &cli.command
    else {
        unreachable!()
    };
    let opts = MonitorOptions {
        resync: *resync,
        dump: *dump,
        synthesize: *synthesize,
        rcvbuf: *rcvbuf,
        all_nsid: classes.iter().any(|c| c == "all-nsid"),
    };
    let mut groups: Vec<Group> = Vec::new();
    for c in classes {
        groups.extend(Group::by_word(c).unwrap_or(&[]));
    }
    if groups.is_empty() {
        groups = Group::ALL.to_vec();
    }
    if cli.ipv4 || cli.ipv6 {
        let want = if cli.ipv4 { AF_INET } else { AF_INET6 };
        groups.retain(|g| g.family().is_none_or(|f| f == want));
    }
    let mut mon = open_monitor(cli, &groups, &opts)?;
    let mut names = if cli.json {
        format::Names::default()
    } else {
        format::link_names(&mut open_socket(cli)?)?
    };
    // Tell whoever waits (scripts, tests) that the subscription is live.
    eprintln!("rtsock: monitoring {} group(s)", groups.len());
    let mut out = io::stdout().lock();
    let mut seen = 0u64;
    while count.is_none_or(|c| seen < c) {
        let event = mon.next_event()?;
        seen += 1;
        match &event {
            Event::Change { message } => {
                format::remember_name(&mut names, message);
                if cli.json {
                    serde_json::to_writer(&mut out, message).map_err(io::Error::from)?;
                    writeln!(out)?;
                } else {
                    let deleted = message.event.starts_with("RTM_DEL");
                    let prefix = if deleted { "Deleted " } else { "" };
                    if let Some(nsid) = message.header.nsid {
                        write!(out, "[nsid {nsid}] ")?;
                    }
                    writeln!(out, "{prefix}{}", format::line(message, &names))?;
                }
            }
            other => {
                if cli.json {
                    serde_json::to_writer(&mut out, other).map_err(io::Error::from)?;
                    writeln!(out)?;
                } else {
                    writeln!(out, "[{other:?}]")?;
                }
            }
        }
        out.flush()?;
    }
    Ok(0)
}

/// `monitor`'s options past the classes and the count.
#[cfg(rtsock_supported)]
struct MonitorOptions {
    resync: bool,
    dump: bool,
    synthesize: bool,
    rcvbuf: Option<usize>,
    all_nsid: bool,
}

/// The Linux monitor, with every option `monitor` has.
#[cfg(target_os = "linux")]
fn open_monitor(
    cli: &Cli,
    groups: &[rtsock::events::Group],
    opts: &MonitorOptions,
) -> Result<Box<dyn rtsock::events::EventSource>, Failure> {
    let mut b = rtsock::linux::Monitor::builder()
        .groups(groups)
        .resync(opts.resync)
        .initial_dump(opts.dump)
        .synthesize_route_deletions(opts.synthesize)
        .all_nsid(opts.all_nsid);
    if let Some(ns) = &cli.netns {
        b = b.netns(ns.clone());
    }
    if let Some(bytes) = opts.rcvbuf {
        b = b.receive_buffer(bytes);
    }
    Ok(Box::new(b.open()?))
}

/// The PF_ROUTE monitor (ROUTE_MSGFILTER on OpenBSD): groups and resync.
#[cfg(bsd)]
fn open_monitor(
    cli: &Cli,
    groups: &[rtsock::events::Group],
    opts: &MonitorOptions,
) -> Result<Box<dyn rtsock::events::EventSource>, Failure> {
    if opts.dump || opts.synthesize || opts.rcvbuf.is_some() || opts.all_nsid || cli.netns.is_some()
    {
        return Err(Error::Unsupported(
            "monitor --dump, --synthesize, --rcvbuf, all-nsid and -n on a BSD".into(),
        )
        .into());
    }
    Ok(Box::new(rtsock::bsd::BsdMonitor::new(groups, opts.resync)?))
}

#[cfg(not(rtsock_supported))]
pub(super) fn monitor(_cli: &Cli) -> Result<i32, Failure> {
    Err(Error::Unsupported("monitoring from the CLI".into()).into())
}
