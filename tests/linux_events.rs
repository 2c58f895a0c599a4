//! Events from the real kernel, in private namespaces: changes made with
//! `ip`, and the exact sequence of normalized events rtsock reports for
//! them, through the blocking iterator, the non-blocking poll and the CLI;
//! overruns with resync; subscribe-then-dump; a 100,000-route burst.
#![cfg(target_os = "linux")]

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Netns, run};
use rtsock::events::{Event, Group, SYNTHESIZED};
use rtsock::linux::Monitor;
use rtsock::{Message, ObjectKind, Value};
use serde_json::Value as Json;

/// A namespace with v0/v1 up and 10.0.0.1/24 on v0, before anyone listens.
///
/// The kernel reports a veth's carrier (operstate UP) from its linkwatch
/// work, which a loaded machine can run a second later, when the test's
/// own monitor is already listening. So this waits for those two
/// RTM_NEWLINKs on a monitor of its own: once they are out, nothing of the
/// setup is left to reach the test.
fn prepared(tag: &str) -> Netns {
    let ns = Netns::new(tag);
    let mut setup = Monitor::builder()
        .groups(&[Group::Link])
        .netns(&ns.name)
        .open()
        .unwrap();
    ns.ip("link add v0 type veth peer name v1");
    ns.ip("link set v0 up");
    ns.ip("link set v1 up");
    ns.ip("addr add 10.0.0.1/24 dev v0");
    setup.set_nonblocking(true).unwrap();
    let mut carrier: BTreeSet<String> = BTreeSet::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while carrier.len() < 2 {
        assert!(
            Instant::now() < deadline,
            "{tag}: linkwatch never reported v0 and v1 up (saw {carrier:?})"
        );
        match setup.try_next().unwrap() {
            Some(Event::Change { message: m }) => {
                let attr = |n: &str| m.get_attr(n).map(Value::to_string);
                if attr("IFLA_OPERSTATE").as_deref() == Some("UP") {
                    carrier.extend(attr("IFLA_IFNAME"));
                }
            }
            Some(_) => {}
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    ns
}

/// `EVENT key` for one message: what the tests compare.
fn summary(m: &Message) -> String {
    let attr = |n: &str| m.get_attr(n).map(Value::to_string).unwrap_or_default();
    let key = match ObjectKind::of(m) {
        Some(ObjectKind::Link) => format!("{} mtu {}", attr("IFLA_IFNAME"), attr("IFLA_MTU")),
        Some(ObjectKind::Address) => attr("IFA_LOCAL"),
        Some(ObjectKind::Route) => format!("{} via {}", attr("RTA_DST"), attr("RTA_GATEWAY")),
        Some(ObjectKind::Neighbour) => format!("{} {}", attr("NDA_DST"), attr("NDA_LLADDR")),
        Some(ObjectKind::Rule) => {
            format!("pref {} table {}", attr("FRA_PRIORITY"), attr("FRA_TABLE"))
        }
        _ => String::new(),
    };
    format!("{} {key}", m.event)
}

/// Polls until `n` events arrived (then a short grace for extras) or 10 s.
fn collect(mon: &mut Monitor, n: usize) -> Vec<Event> {
    mon.set_nonblocking(true).unwrap();
    let mut out = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut grace: Option<Instant> = None;
    loop {
        match mon.try_next().unwrap() {
            Some(e) => out.push(e),
            None => std::thread::sleep(Duration::from_millis(5)),
        }
        if out.len() >= n && grace.is_none() {
            grace = Some(Instant::now() + Duration::from_millis(300));
        }
        if grace.is_some_and(|g| Instant::now() > g) || Instant::now() > deadline {
            return out;
        }
    }
}

fn summaries(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| match e {
            Event::Change { message } => summary(message),
            other => format!("{other:?}"),
        })
        .collect()
}

/// The changes every sequence test makes, one class at a time, and what
/// each must produce.
/// (name, groups, `ip` changes, expected events).
type Scenario = (
    &'static str,
    Vec<Group>,
    Vec<&'static str>,
    Vec<&'static str>,
);

fn scenarios() -> Vec<Scenario> {
    vec![
        (
            "link",
            vec![Group::Link],
            vec![
                "link add br9 type bridge",
                "link set v0 mtu 1400",
                "link del br9",
            ],
            vec![
                "RTM_NEWLINK br9 mtu 1500",
                "RTM_NEWLINK v0 mtu 1400",
                "RTM_DELLINK br9 mtu 1500",
            ],
        ),
        (
            "addr",
            vec![Group::Ipv4Address],
            vec!["addr add 10.0.7.1/24 dev v0", "addr del 10.0.7.1/24 dev v0"],
            vec!["RTM_NEWADDR 10.0.7.1", "RTM_DELADDR 10.0.7.1"],
        ),
        (
            "route",
            vec![Group::Ipv4Route],
            vec![
                "route add 10.5.0.0/16 via 10.0.0.2",
                "route del 10.5.0.0/16",
            ],
            vec![
                "RTM_NEWROUTE 10.5.0.0 via 10.0.0.2",
                "RTM_DELROUTE 10.5.0.0 via 10.0.0.2",
            ],
        ),
        (
            "neigh",
            vec![Group::Neighbour],
            vec![
                "neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev v0 nud permanent",
                "neigh del 10.0.0.9 dev v0",
            ],
            // The kernel first reports the entry failed (no address), then gone.
            vec![
                "RTM_NEWNEIGH 10.0.0.9 02:00:00:00:00:09",
                "RTM_NEWNEIGH 10.0.0.9 ",
                "RTM_DELNEIGH 10.0.0.9 ",
            ],
        ),
        (
            "rule",
            vec![Group::Ipv4Rule],
            vec!["rule add pref 100 lookup 100", "rule del pref 100"],
            vec![
                "RTM_NEWRULE pref 100 table 100",
                "RTM_DELRULE pref 100 table 100",
            ],
        ),
    ]
}

#[test]
fn exact_event_sequences_through_the_iterator_and_poll() {
    for (name, groups, changes, want) in scenarios() {
        let ns = prepared(&format!("ev{name}"));
        let mut mon = Monitor::builder()
            .groups(&groups)
            .netns(&ns.name)
            .open()
            .unwrap();
        for c in &changes {
            ns.ip(c);
        }
        let got = summaries(&collect(&mut mon, want.len()));
        assert_eq!(got, want, "{name}");
    }
    // The blocking iterator delivers the same, in order.
    let ns = prepared("evblock");
    let mut mon = Monitor::builder()
        .groups(&[Group::Ipv4Route])
        .netns(&ns.name)
        .open()
        .unwrap();
    ns.ip("route add 10.6.0.0/16 via 10.0.0.2");
    ns.ip("route del 10.6.0.0/16");
    let got: Vec<String> = (&mut mon)
        .take(2)
        .map(|e| summary(e.unwrap().message().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            "RTM_NEWROUTE 10.6.0.0 via 10.0.0.2",
            "RTM_DELROUTE 10.6.0.0 via 10.0.0.2"
        ]
    );
}

#[test]
fn the_cli_prints_the_same_sequences_as_json_lines() {
    for (name, _, changes, want) in scenarios() {
        let ns = prepared(&format!("evcli{name}"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_rtsock"))
            .args(["-n", &ns.name, "-j", "monitor", name, "--count"])
            .arg(want.len().to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Wait until it says the subscription is live.
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        err.read_line(&mut line).unwrap();
        assert!(line.contains("monitoring"), "{line}");
        for c in &changes {
            ns.ip(c);
        }
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let got: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                let j: Json = serde_json::from_str(l).unwrap();
                let attrs: std::collections::HashMap<String, Json> = j["attrs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| (a[0].as_str().unwrap().to_string(), a[1].clone()))
                    .collect();
                let a = |n: &str| {
                    attrs
                        .get(n)
                        .map(|v| match v {
                            Json::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                        .unwrap_or_default()
                };
                let key = match name {
                    "link" => format!("{} mtu {}", a("IFLA_IFNAME"), a("IFLA_MTU")),
                    "addr" => a("IFA_LOCAL"),
                    "route" => format!("{} via {}", a("RTA_DST"), a("RTA_GATEWAY")),
                    "neigh" => format!("{} {}", a("NDA_DST"), a("NDA_LLADDR")),
                    _ => format!("pref {} table {}", a("FRA_PRIORITY"), a("FRA_TABLE")),
                };
                format!("{} {key}", j["event"].as_str().unwrap())
            })
            .collect();
        assert_eq!(got, want, "CLI {name}");
    }
}

/// The IPv4 main-table routes `ip -j` shows, as (dst, gateway).
fn ip_routes(ns: &Netns) -> BTreeSet<(String, String)> {
    ns.ip_json("route show")
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["dst"].as_str().unwrap().to_string(),
                r["gateway"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn view_routes(mon: &Monitor) -> BTreeSet<(String, String)> {
    mon.view()
        .unwrap()
        .of(ObjectKind::Route)
        .filter(|m| rtsock::views::route_table(m) == Some(254))
        .map(|m| {
            let r = rtsock::views::Route::from_message(m).unwrap();
            let dst = match r.dst {
                Some(d) if r.dst_len == 32 => d.to_string(),
                Some(d) => format!("{d}/{}", r.dst_len),
                None => "default".into(),
            };
            (dst, r.gateway.map(|g| g.to_string()).unwrap_or_default())
        })
        .collect()
}

/// The i-th test route: 11.0.0.0/24, 11.0.1.0/24, ...
fn test_route(i: usize) -> String {
    format!("{}.{}.{}.0/24", 11 + i / 65536, (i / 256) % 256, i % 256)
}

/// The monitor's view of the main table equals `ip -j route show`.
fn assert_same_routes(mon: &Monitor, ns: &Netns) {
    let (ours, theirs) = (view_routes(mon), ip_routes(ns));
    let only_ours: Vec<_> = ours.difference(&theirs).take(10).collect();
    let only_ip: Vec<_> = theirs.difference(&ours).take(10).collect();
    assert!(
        only_ours.is_empty() && only_ip.is_empty(),
        "view has {} routes, ip {}; only in the view: {only_ours:?}; only in ip: {only_ip:?}",
        ours.len(),
        theirs.len()
    );
}

/// Adds `n` routes via 10.0.0.2 from another process (`ip -batch`).
fn add_routes(ns: &Netns, n: usize, first: usize) {
    let batch: String = (first..first + n)
        .map(|i| format!("route add {} via 10.0.0.2\n", test_route(i)))
        .collect();
    let path =
        std::env::temp_dir().join(format!("rtsock-batch-{}-{}", std::process::id(), ns.name));
    std::fs::write(&path, batch).unwrap();
    run("ip", &["-n", &ns.name, "-batch", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(path);
}

#[test]
fn an_overrun_is_reported_and_resync_makes_the_view_right() {
    let ns = prepared("evover");
    // A tiny buffer and nobody reading: the kernel must drop messages.
    let mut mon = Monitor::builder()
        .groups(&[Group::Ipv4Route])
        .netns(&ns.name)
        .receive_buffer(4096)
        .resync(true)
        .initial_dump(true)
        .open()
        .unwrap();
    add_routes(&ns, 2000, 0);
    ns.ip(&format!("route del {}", test_route(5)));
    let events = collect(&mut mon, 1);
    let overrun = events.iter().position(|e| *e == Event::Overrun);
    let resynced = events
        .iter()
        .position(|e| matches!(e, Event::Resynced { .. }));
    assert!(
        overrun.is_some(),
        "no overrun with a 4 KiB buffer and 2000 routes"
    );
    assert!(resynced > overrun, "resync follows the overrun");
    let synthesized = events[overrun.unwrap()..]
        .iter()
        .filter_map(Event::message)
        .filter(|m| m.header.flags & SYNTHESIZED != 0)
        .count();
    assert!(synthesized > 0);
    assert_same_routes(&mon, &ns);
    assert_eq!(
        mon.overruns() as usize,
        events.iter().filter(|e| **e == Event::Overrun).count()
    );
}

#[test]
fn subscribe_then_dump_misses_nothing() {
    let ns = prepared("evdump");
    add_routes(&ns, 50, 0);
    let mut mon = Monitor::builder()
        .groups(&[Group::Ipv4Route, Group::Link])
        .netns(&ns.name)
        .initial_dump(true)
        .open()
        .unwrap();
    ns.ip("route add 10.99.0.0/16 via 10.0.0.2");
    let events = collect(&mut mon, 1);
    let done = events
        .iter()
        .position(|e| matches!(e, Event::DumpDone { .. }))
        .expect("DumpDone");
    assert!(events[..done].iter().all(|e| {
        e.message()
            .is_some_and(|m| m.header.flags & rtsock::events::FROM_DUMP != 0)
    }));
    let after: Vec<_> = summaries(&events[done + 1..]);
    assert_eq!(after, ["RTM_NEWROUTE 10.99.0.0 via 10.0.0.2"]);
    assert_same_routes(&mon, &ns);
}

#[test]
fn deleting_a_link_synthesizes_its_route_deletions() {
    let ns = prepared("evsynth");
    ns.ip("route add 10.5.0.0/16 via 10.0.0.2");
    let mut mon = Monitor::builder()
        .groups(&[Group::Link, Group::Ipv4Route])
        .netns(&ns.name)
        .initial_dump(true)
        .synthesize_route_deletions(true)
        .open()
        .unwrap();
    ns.ip("link del v0");
    let events = collect(&mut mon, 1);
    let synthesized: Vec<_> = events
        .iter()
        .filter_map(Event::message)
        .filter(|m| m.header.flags & SYNTHESIZED != 0)
        .map(summary)
        .collect();
    assert!(
        synthesized.contains(&"RTM_DELROUTE 10.5.0.0 via 10.0.0.2".to_string()),
        "{synthesized:?}"
    );
    assert_same_routes(&mon, &ns);
}

#[test]
fn a_burst_of_100000_routes_is_followed_or_resynced() {
    let ns = prepared("evburst");
    let mut mon = Monitor::builder()
        .groups(&[Group::Ipv4Route])
        .netns(&ns.name)
        .resync(true)
        .initial_dump(true)
        .open()
        .unwrap();
    let name = ns.name.clone();
    let adder = std::thread::spawn(move || {
        let ns = Netns { name };
        add_routes(&ns, 100_000, 0);
        std::mem::forget(ns); // the outer guard deletes it
    });
    let mut new_routes = 0usize;
    let mut overruns = 0;
    let mut resynced = false;
    mon.set_nonblocking(true).unwrap();
    let mut quiet_since = Instant::now();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        match mon.try_next().unwrap() {
            Some(Event::Change { message }) => {
                if message.event == "RTM_NEWROUTE"
                    && message.header.flags & rtsock::events::FROM_DUMP == 0
                {
                    new_routes += 1;
                }
                quiet_since = Instant::now();
            }
            Some(Event::Overrun) => overruns += 1,
            Some(Event::Resynced { .. }) => resynced = true,
            Some(_) => {}
            None => {
                if adder.is_finished() && quiet_since.elapsed() > Duration::from_millis(500) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        }
        assert!(Instant::now() < deadline, "burst did not settle");
    }
    adder.join().unwrap();
    eprintln!("burst: {new_routes} route events, {overruns} overrun(s), resynced={resynced}");
    if overruns == 0 {
        assert_eq!(
            new_routes, 100_000,
            "no overrun reported, yet events are missing"
        );
    } else {
        assert!(resynced);
    }
    assert_same_routes(&mon, &ns);
}

#[test]
fn the_shared_trait_subscribes_in_the_sockets_namespace() {
    use rtsock::events::EventSource;
    use rtsock::{IpRoute, RouteSocket};
    let ns = prepared("evtrait");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let mut mon = ipr.monitor(&[Group::Ipv4Route], false).unwrap();
    ns.ip("route add 10.7.0.0/16 via 10.0.0.2");
    let e = EventSource::next_event(&mut mon).unwrap();
    assert_eq!(
        summary(e.message().unwrap()),
        "RTM_NEWROUTE 10.7.0.0 via 10.0.0.2"
    );
}

#[test]
fn the_shared_trait_takes_the_same_options_on_every_os() {
    use rtsock::constants::AF_INET;
    use rtsock::events::{EventSource, FROM_DUMP, MonitorOptions};
    use rtsock::{Filter, IpRoute, RouteSocket};
    // Written against the trait alone, as portable code is.
    fn open<R: RouteSocket>(s: &mut R) -> rtsock::Result<R::Monitor> {
        let options = MonitorOptions::new()
            .groups(&[Group::Ipv4Route])
            .initial_dump(true)
            .resync(true)
            .receive_buffer(1 << 20);
        s.monitor_with(&options)
    }
    let ns = prepared("evopts");
    add_routes(&ns, 20, 0);
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let every_ipv4_route = Filter {
        family: Some(AF_INET),
        table: None,
        ..Filter::new()
    };
    let mut want: Vec<String> = ipr
        .routes(&every_ipv4_route)
        .unwrap()
        .map(|m| summary(&m.unwrap()))
        .collect();
    let mut mon = open(&mut ipr).unwrap();
    ns.ip("route add 10.98.0.0/16 via 10.0.0.2");
    let mut dumped = Vec::new();
    loop {
        match EventSource::next_event(&mut mon).unwrap() {
            Event::DumpDone { objects } => {
                assert_eq!(objects, dumped.len());
                break;
            }
            Event::Change { message } => {
                assert_ne!(message.header.flags & FROM_DUMP, 0, "{message:?}");
                dumped.push(summary(&message));
            }
            other => panic!("before DumpDone: {other:?}"),
        }
    }
    want.sort();
    dumped.sort();
    assert_eq!(dumped, want);
    let next = EventSource::next_event(&mut mon).unwrap();
    assert_eq!(
        summary(next.message().unwrap()),
        "RTM_NEWROUTE 10.98.0.0 via 10.0.0.2"
    );
}

#[test]
fn all_nsid_reports_a_peer_namespaces_events_with_its_id() {
    use rtsock::linux::Monitor;
    let listener = prepared("evnsidA");
    let peer = Netns::new("evnsidB");
    listener.ip(&format!("netns set {} 7", peer.name));
    let mut mon = Monitor::builder()
        .groups(&[Group::Link])
        .netns(&listener.name)
        .all_nsid(true)
        .open()
        .unwrap();
    peer.ip("link add p0 type veth peer name p1");
    listener.ip("link add l0 type veth peer name l1");
    let (mut theirs, mut ours) = (None, None);
    while theirs.is_none() || ours.is_none() {
        if let Event::Change { message } = mon.next_event().unwrap() {
            match message.get(&rtsock::attrs::IFLA_IFNAME) {
                Some(Value::Str(n)) if n == "p0" => theirs = Some(message),
                Some(Value::Str(n)) if n == "l0" => ours = Some(message),
                _ => {}
            }
        }
    }
    let (theirs, ours) = (theirs.unwrap(), ours.unwrap());
    assert_eq!((theirs.header.nsid, ours.header.nsid), (Some(7), None));
    // The JSON says it only for the peer's messages.
    let theirs = serde_json::to_value(&theirs).unwrap();
    let ours = serde_json::to_value(&ours).unwrap();
    assert_eq!(theirs["header"]["nsid"], 7);
    assert!(ours["header"].get("nsid").is_none());
}

/// Every RTNL multicast group the kernel has (issue 16) is a `Group`:
/// their numbers are rtnetlink.h's, one each, and a monitor joins them all
/// at once, modules or not (netlink_bind checks the number only).
#[test]
fn every_rtnl_group_is_a_group_a_monitor_can_join() {
    use rtsock::events::Group;
    use rtsock::linux::rtnl_group;
    let mut numbers: Vec<u32> = Group::EVERY.iter().map(|g| rtnl_group(*g)).collect();
    numbers.sort_unstable();
    // rtnetlink.h: 1 to 39, less NOTIFY (2), the DECnet groups (13, 15,
    // 16) and the NOP slots (14, 17).
    let expected: Vec<u32> = (1..=39)
        .filter(|n| ![2, 13, 14, 15, 16, 17].contains(n))
        .collect();
    assert_eq!(numbers, expected);
    for g in Group::EVERY {
        assert!(g.kinds().next().is_some(), "{g:?} has no kind");
    }
    let ns = Netns::new("everygroup");
    let mon = rtsock::linux::Monitor::builder()
        .groups(&Group::EVERY)
        .netns(&ns.name)
        .open();
    assert!(mon.is_ok(), "{:?}", mon.err());
}
