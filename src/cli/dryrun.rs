//! `rtsock --dry-run [--os linux|freebsd|openbsd] [--arch amd64|i386] ...`:
//! what a change, a dump or a lookup would send, as hex and decoded, from
//! any host. Interface names resolve on the host it runs on (`-n NETNS`
//! included), so they stand in for the target's. Nothing is sent: the
//! host's links are read only to resolve names.

use rtsock::bsd::{Arch, Layout, Os};
use rtsock::change::{LinkKind, Netns, Verb};
use rtsock::common::kinds::OnBsd;
use rtsock::raw::netlink::{self as nl, NetnsRef, Resolver};
use rtsock::raw::netlink::{self as request, Request};
use rtsock::raw::pfroute as ops;
use rtsock::raw::pfroute::{DryRun, Sys};
use rtsock::{Error, Interface, ObjectKind, Selector};
use serde_json::{Value as Json, json};

/// The architectures `--arch` takes.
pub const ARCHES: &str = "amd64, i386, aarch64, armv7, riscv64, powerpc64, powerpc64le or sparc64";

use super::change::{self, ChangeCommand};
use super::format::Names;
use super::{Cli, Command, Failure, parse_query};

/// The system a dry run speaks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Linux,
    Bsd(Layout),
}

impl Target {
    pub fn parse(os: Option<&str>, arch: Option<&str>) -> Result<Target, Error> {
        let arch = match arch {
            Some(a) => Arch::parse(a)
                .ok_or_else(|| Error::invalid("--arch", format!("{a:?}: {}", ARCHES)))?,
            None => Arch::host().unwrap_or(Arch::Amd64),
        };
        let os = os
            .map(str::to_ascii_lowercase)
            .unwrap_or_else(|| std::env::consts::OS.into());
        match os.as_str() {
            "linux" => Ok(Target::Linux),
            "freebsd" => Ok(Target::Bsd(Layout::new(Os::FreeBsd, arch))),
            "openbsd" => Ok(Target::Bsd(Layout::new(Os::OpenBsd, arch))),
            other => Err(Error::invalid(
                "--os",
                format!("{other:?}: linux, freebsd or openbsd"),
            )),
        }
    }
}

/// What `args` of an object command would send, as a list of calls.
pub fn run(cli: &Cli, names: &Names, family: Option<u8>) -> Result<Json, Failure> {
    let target = Target::parse(cli.os.as_deref(), cli.arch.as_deref())?;
    let (kind, args) = match &cli.command {
        Command::Link { args } => (ObjectKind::Link, args.as_slice()),
        Command::Addr { args } => (ObjectKind::Address, args.as_slice()),
        Command::Route { args } => (ObjectKind::Route, args.as_slice()),
        Command::Neigh { args } => (ObjectKind::Neighbour, args.as_slice()),
        Command::Rule { args } => (ObjectKind::Rule, args.as_slice()),
        Command::Nexthop { args } => (ObjectKind::Nexthop, args.as_slice()),
        Command::Fdb { args } if change::is_change(args) => {
            let cmd = change::parse_fdb(args)?;
            return Ok(change_calls(target, names, &cmd)?);
        }
        Command::Dump => {
            let mut all = Vec::new();
            for kind in ObjectKind::ALL {
                let filter = rtsock::Filter {
                    family,
                    ..rtsock::Filter::default()
                };
                match dump_calls(target, names, kind, &filter) {
                    Ok(Json::Array(calls)) => all.extend(calls),
                    Ok(_) => {}
                    // What this system lacks is left out of its dump.
                    Err(Error::Unsupported(_)) => {}
                    Err(e) => return Err(e.into()),
                }
            }
            return Ok(Json::Array(all));
        }
        // `maddr show [dev DEV]`, `ntable show [dev DEV]`: listings only
        // (ntable changes plan through their own command).
        Command::Maddr { args } | Command::Ntable { args } => {
            let kind = if matches!(cli.command, Command::Maddr { .. }) {
                ObjectKind::Multicast
            } else {
                ObjectKind::NeighTable
            };
            let mut filter = rtsock::Filter {
                family,
                ..rtsock::Filter::default()
            };
            let mut words = args.iter().map(String::as_str).peekable();
            if matches!(words.peek(), Some(&("show" | "list" | "ls"))) {
                words.next();
            }
            while let Some(w) = words.next() {
                match (w, words.next()) {
                    ("dev", Some(d)) => filter = filter.dev(d),
                    (other, _) => {
                        return Err(Error::Unsupported(format!(
                            "--dry-run {} {other}",
                            kind.noun()
                        ))
                        .into());
                    }
                }
            }
            return Ok(dump_calls(target, names, kind, &filter)?);
        }
        _ => {
            return Err(Error::Unsupported(
                "--dry-run of this command (it takes link, addr, route, neigh, rule, fdb and dump)"
                    .into(),
            )
            .into());
        }
    };
    if args.first().is_some_and(|w| w == "flush") {
        return Err(Error::Unsupported(
            "--dry-run of flush (show with the same selectors lists what it would delete)".into(),
        )
        .into());
    }
    if change::is_change(args) {
        let cmd = change::parse(kind, args, family)?;
        return Ok(change_calls(target, names, &cmd)?);
    }
    let q = parse_query(kind, args, family)?;
    if let Some(dst) = q.get {
        return Ok(match target {
            Target::Linux => Json::Array(vec![netlink_call(request::route_get(dst))]),
            Target::Bsd(layout) => {
                let mut dry = dry_run(layout, names);
                ops::route_get(&mut dry, dst, None, q.filter.table)?;
                dry.to_json()
            }
        });
    }
    Ok(dump_calls(target, names, kind, &q.filter)?)
}

fn dry_run(layout: Layout, names: &Names) -> DryRun {
    let by_name: std::collections::HashMap<String, u32> =
        names.iter().map(|(i, n)| (n.clone(), *i)).collect();
    DryRun::new(layout, Box::new(move |n: &str| Ok(by_name.get(n).copied())))
        .with_names(names.clone())
}

/// One netlink request, as the socket would send it (sequence number 1,
/// port id 0: the kernel fills in the sender).
fn netlink_call(req: Request) -> Json {
    let bytes = req.finish(1, 0);
    let message = match rtsock::linux::decode_stream(&bytes).into_iter().next() {
        Some(Ok(m)) => serde_json::to_value(&m).unwrap_or(Json::Null),
        Some(Err(e)) => json!({"error": e.to_string()}),
        None => Json::Null,
    };
    json!({
        "call": "sendto",
        "socket": "AF_NETLINK NETLINK_ROUTE",
        "hex": rtsock::common::value::hex(&bytes),
        "message": message,
    })
}

/// What a change of `Change`'s kinds the CLI builds elsewhere (tc) would
/// send: the netlink request on Linux; refused, with the reason, for a BSD.
#[cfg(target_os = "linux")]
pub fn change_call(
    cli: &Cli,
    names: &Names,
    change: &rtsock::batch::Change,
) -> Result<Json, Error> {
    let what = change.describe();
    match Target::parse(cli.os.as_deref(), cli.arch.as_deref())? {
        Target::Bsd(_) => Err(Error::Unsupported(format!("{what} on a BSD"))),
        Target::Linux => {
            let mut r = HostNames {
                names,
                files: Vec::new(),
            };
            let (verb, spec) = change.parts();
            let req = spec.netlink(verb, &mut r)?;
            Ok(Json::Array(vec![netlink_call(req)]))
        }
    }
}

/// Names from the host, namespaces opened as the real request would.
struct HostNames<'a> {
    names: &'a Names,
    files: Vec<std::fs::File>,
}

impl Resolver for HostNames<'_> {
    fn ifindex(&mut self, dev: &Interface, what: &str) -> rtsock::Result<u32> {
        match dev {
            Interface::Index(i) => Ok(*i),
            Interface::Name(n) => self
                .names
                .iter()
                .find(|(_, name)| *name == n)
                .map(|(i, _)| *i)
                .ok_or_else(|| Error::Kernel {
                    request: what.to_owned(),
                    errno: libc::ENODEV,
                    ext_ack: Some(format!("cannot find device \"{n}\"")),
                }),
        }
    }

    fn netns(&mut self, ns: &Netns, what: &str) -> rtsock::Result<NetnsRef> {
        rtsock::raw::netlink::netns_ref(ns, what, &mut self.files)
    }
}

fn change_calls(target: Target, names: &Names, cmd: &ChangeCommand) -> rtsock::Result<Json> {
    match target {
        Target::Linux => {
            let mut r = HostNames {
                names,
                files: Vec::new(),
            };
            let req = match cmd {
                ChangeCommand::Link(Verb::Add, s)
                    if matches!(s.kind, Some(LinkKind::Tun | LinkKind::Tap)) =>
                {
                    return Err(Error::Unsupported(
                        "--dry-run of tun/tap creation (made through /dev/net/tun, not rtnetlink)"
                            .into(),
                    ));
                }
                ChangeCommand::Link(v, s) => nl::link_request(*v, s, &mut r)?,
                ChangeCommand::Address(v, s) => nl::address_request(*v, s, &mut r)?,
                ChangeCommand::Route(v, s) => nl::route_request(*v, s, &mut r)?,
                ChangeCommand::Neighbour(v, s) => nl::neighbour_request(*v, s, &mut r)?,
                ChangeCommand::Rule(v, s) => nl::rule_request(*v, s)?,
                ChangeCommand::Nexthop(v, s) => nl::nexthop_request(*v, s, &mut r)?,
                other => {
                    return Err(Error::Unsupported(format!(
                        "--dry-run of {}",
                        other.describe()
                    )));
                }
            };
            Ok(Json::Array(vec![netlink_call(req)]))
        }
        Target::Bsd(layout) => {
            let mut dry = dry_run(layout, names);
            match cmd {
                ChangeCommand::Link(v, s) => ops::link(&mut dry, *v, s)?,
                ChangeCommand::Address(v, s) => ops::address(&mut dry, *v, s)?,
                ChangeCommand::Route(v, s) => ops::route(&mut dry, *v, s)?,
                ChangeCommand::Neighbour(v, s) => ops::neighbour(&mut dry, *v, s)?,
                ChangeCommand::Rule(v, s) => {
                    return Err(Error::Unsupported(format!(
                        "{}: the BSDs have no policy-routing rules",
                        s.describe(*v)
                    )));
                }
                other => {
                    let why = match other.kind().info().bsd {
                        OnBsd::Absent(why) | OnBsd::Nexthops(why) => why,
                        _ => "not on the BSDs",
                    };
                    return Err(Error::Unsupported(format!("{}: {why}", other.describe())));
                }
            }
            Ok(dry.to_json())
        }
    }
}

fn dump_calls(
    target: Target,
    names: &Names,
    kind: ObjectKind,
    filter: &rtsock::Filter,
) -> rtsock::Result<Json> {
    match target {
        Target::Linux => {
            let ifindex = match &filter.interface {
                Some(dev) => Some(
                    HostNames {
                        names,
                        files: Vec::new(),
                    }
                    .ifindex(dev, &format!("{} show", kind.noun()))?,
                ),
                None => None,
            };
            let sel = Selector {
                filter: filter.clone(),
                ifindex,
                ifname: ifindex.and_then(|i| names.get(&i).cloned()),
                ..Selector::default()
            };
            // A kind listed one family at a time: one request per family.
            let families: Vec<Option<u8>> = match kind.info().dump_each {
                rtsock::common::kinds::DumpEach::Family(f) if filter.family.is_none() => {
                    f.iter().map(|&f| Some(f)).collect()
                }
                // Announced, never dumped: nothing to send.
                rtsock::common::kinds::DumpEach::Never => Vec::new(),
                _ => vec![filter.family],
            };
            Ok(Json::Array(
                families
                    .into_iter()
                    .map(|family| {
                        let mut one = sel.clone();
                        one.filter.family = family;
                        netlink_call(request::dump_request(kind, &one, true))
                    })
                    .collect(),
            ))
        }
        Target::Bsd(layout) => {
            let mut dry = dry_run(layout, names);
            let what = format!("{} show", kind.noun());
            let (mibs, _) = ops::dump_plan(&mut dry, kind, filter, &what)?;
            match kind.info().bsd {
                OnBsd::Nexthops(_) | OnBsd::Multicast if layout.os == Os::FreeBsd => {}
                OnBsd::Multicast => {
                    return Err(Error::Unsupported(format!(
                        "{what}: OpenBSD has no NET_RT_IFMALIST"
                    )));
                }
                OnBsd::Absent(why) | OnBsd::Nexthops(why) => {
                    return Err(Error::Unsupported(format!("{what}: {why}")));
                }
                _ => {}
            }
            for m in mibs {
                dry.sysctl(&m.mib, &what)?;
            }
            Ok(dry.to_json())
        }
    }
}
