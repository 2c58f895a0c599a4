//! Batches against the real kernel: a 10,000-change batch of every kind
//! lands exactly (`ip -j` checks it), failing changes are reported with
//! their own errors while the rest apply, a too-small receive buffer still
//! accounts for every change, and `rtsock -batch` stops or goes on as
//! `ip -batch` does, naming file and line.
#![cfg(target_os = "linux")]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use common::{Netns, veth_pair};
use rtsock::batch::{Change, OnError};
use rtsock::change::*;
use rtsock::{Error, Interface, IpRoute, LinkAddr, RouteSocket};

fn prepared(tag: &str) -> Netns {
    let ns = veth_pair(tag);
    ns.ip("addr add 2001:db8::1/64 dev veth0 nodad");
    ns
}

fn v4(i: u32) -> IpNet {
    format!("20.{}.{}.0/24", i / 256, i % 256).parse().unwrap()
}

fn v6(i: u32) -> IpNet {
    format!("2001:db8:{:x}::/48", 0x100 + i).parse().unwrap()
}

fn route4(i: u32) -> RouteSpec {
    RouteSpec::to(v4(i)).via("10.0.0.2".parse().unwrap())
}

/// Every change in order, each result reported once: (index → result).
fn apply_all(
    ipr: &mut IpRoute,
    changes: Vec<Change>,
    on_error: OnError,
) -> (
    rtsock::batch::BatchSummary,
    BTreeMap<usize, Result<(), Error>>,
) {
    let mut results = BTreeMap::new();
    let mut last = None;
    let summary = ipr
        .apply(changes, on_error, |i, r| {
            assert!(last.is_none_or(|l| i > l), "results come in order");
            last = Some(i);
            assert!(results.insert(i, r).is_none(), "change {i} reported twice");
        })
        .unwrap();
    (summary, results)
}

fn ip_routes(ns: &Netns, family: &str) -> BTreeSet<String> {
    ns.ip_json(&format!("{family} route show"))
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["dst"].as_str().unwrap(),
                r["gateway"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn ten_thousand_changes_of_every_kind_land_exactly() {
    let ns = prepared("batch10k");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let dev = || Interface::Name("veth0".into());
    let mut changes = vec![
        Change::Link(Verb::Add, LinkSpec::named("br7").kind(LinkKind::Bridge)),
        Change::Link(Verb::Set, LinkSpec::named("br7").up().mtu(1400)),
        // A name that exists only once the change before it is applied.
        Change::Link(Verb::Set, LinkSpec::named("veth1").master("br7")),
    ];
    for i in 0..4000 {
        changes.push(Change::Route(Verb::Add, route4(i)));
    }
    for i in 0..2000 {
        let r = RouteSpec::to(v6(i)).via("2001:db8::2".parse().unwrap());
        changes.push(Change::Route(Verb::Add, r));
    }
    for i in 0..1000 {
        let a = format!("10.{}.{}.1/32", 100 + i / 256, i % 256);
        changes.push(Change::Address(
            Verb::Add,
            AddressSpec::new(a.parse().unwrap(), dev()),
        ));
    }
    for i in 0..1000u32 {
        let ip = format!("10.0.{}.{}", 1 + i / 200, i % 200 + 10);
        let n = NeighbourSpec::ip(ip.parse().unwrap(), dev())
            .lladdr(LinkAddr::new(&[2, 0, 0, 0, (i >> 8) as u8, i as u8]).unwrap());
        changes.push(Change::Neighbour(Verb::Add, n));
    }
    for i in 0..200 {
        let rule = RuleSpec {
            priority: Some(1000 + i),
            table: Some(100 + i),
            ..RuleSpec::default()
        };
        changes.push(Change::Rule(Verb::Add, rule));
    }
    // Deletes and replaces of what the same batch made.
    for i in 0..1500 {
        changes.push(Change::Route(Verb::Delete, route4(i)));
    }
    for i in 1500..1797 {
        let r = RouteSpec::to(v4(i)).via("10.0.0.3".parse().unwrap());
        changes.push(Change::Route(Verb::Replace, r));
    }
    assert_eq!(changes.len(), 10_000);
    let (summary, results) = apply_all(&mut ipr, changes, OnError::Stop);
    let failed: Vec<_> = results.iter().filter(|(_, r)| r.is_err()).collect();
    assert!(failed.is_empty(), "{failed:?}");
    assert_eq!((summary.sent, summary.failed), (10_000, 0));

    let mut want: BTreeSet<String> = (1500..4000)
        .map(|i| {
            let gw = if i < 1797 { "10.0.0.3" } else { "10.0.0.2" };
            format!("{} {gw}", v4(i))
        })
        .collect();
    want.insert("10.0.0.0/24 -".into());
    assert_eq!(ip_routes(&ns, "-4"), want);
    let v6_routes: BTreeSet<_> = ip_routes(&ns, "-6")
        .into_iter()
        .filter(|r| r.ends_with("2001:db8::2"))
        .collect();
    assert_eq!(v6_routes.len(), 2000);
    let addrs = ns.ip_json("-4 addr show dev veth0");
    assert_eq!(addrs[0]["addr_info"].as_array().unwrap().len(), 1001);
    let neighs = ns.ip_json("neigh show dev veth0");
    assert_eq!(neighs.as_array().unwrap().len(), 1000);
    let rules = ns.ip_json("rule show");
    assert_eq!(rules.as_array().unwrap().len(), 3 + 200);
    let br = ns.ip_json("link show veth1");
    assert_eq!(br[0]["master"], "br7");
}

#[test]
fn failing_changes_are_reported_and_the_rest_applied() {
    let ns = prepared("batchfail");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let bad = |i| RouteSpec::to(v4(i)).via("192.0.2.1".parse().unwrap()); // unreachable
    let changes = |bad_at: &[u32]| -> Vec<Change> {
        (0..1000)
            .map(|i| {
                Change::Route(
                    Verb::Add,
                    if bad_at.contains(&i) {
                        bad(i)
                    } else {
                        route4(i)
                    },
                )
            })
            .collect()
    };
    let (summary, results) = apply_all(&mut ipr, changes(&[300, 700]), OnError::Continue);
    assert_eq!(results.len(), 1000);
    let failed: Vec<usize> = results
        .iter()
        .filter(|(_, r)| r.is_err())
        .map(|(i, _)| *i)
        .collect();
    assert_eq!(failed, [300, 700]);
    assert_eq!((summary.failed, summary.first_failure), (2, Some(300)));
    let e = results[&300].as_ref().unwrap_err();
    assert_eq!(e.errno(), Some(libc::ENETUNREACH));
    assert!(
        e.to_string()
            .starts_with(&format!("route add {} via 192.0.2.1", v4(300))),
        "{e}"
    );
    assert!(e.to_string().contains("Nexthop has invalid gateway"), "{e}");
    assert_eq!(ip_routes(&ns, "-4").len(), 1 + 998);

    // Stop: nothing is sent after the datagram that held the failure, and
    // what was reported applied is exactly what is there.
    ns.ip("route flush root 20.0.0.0/8");
    let (summary, results) = apply_all(&mut ipr, changes(&[300]), OnError::Stop);
    assert!(summary.stopped);
    assert_eq!(summary.first_failure, Some(300));
    assert!(results.len() < 1000 || results.len() == summary.sent);
    let applied: BTreeSet<String> = results
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(i, _)| format!("{} 10.0.0.2", v4(*i as u32)))
        .collect();
    let mut there = ip_routes(&ns, "-4");
    there.remove("10.0.0.0/24 -");
    assert_eq!(there, applied);
    assert!((0..300).all(|i| results[&i].is_ok()));
}

#[test]
fn a_receive_buffer_too_small_for_the_answers_still_accounts_for_every_change() {
    let ns = prepared("batchsmall");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    // The smallest buffer the kernel grants, and datagrams far larger than
    // it holds the ACKs of: answers are dropped.
    ipr.socket_mut().set_receive_buffer(1).unwrap();
    ipr.set_batch_window(4096);
    let changes: Vec<Change> = (0..3000)
        .map(|i| Change::Route(Verb::Add, route4(i)))
        .collect();
    let (summary, results) = apply_all(&mut ipr, changes, OnError::Continue);
    assert_eq!(results.len(), 3000, "every change reported once");
    assert_eq!(summary.sent, 3000);
    let there = ip_routes(&ns, "-4");
    for (i, r) in &results {
        let route = format!("{} 10.0.0.2", v4(*i as u32));
        match r {
            Ok(()) => assert!(there.contains(&route), "{route} reported applied"),
            // An answer the kernel dropped: said so, for that change.
            Err(e) => {
                assert_eq!(e.errno(), Some(libc::ENOBUFS), "{e}");
                assert!(e.to_string().contains(&v4(*i as u32).to_string()), "{e}");
            }
        }
    }
    // Every change was made: the kernel applies what it was sent.
    assert_eq!(there.len(), 1 + 3000);
    // Both paths ran: answers were lost at first, then the datagrams
    // shrank until they fit.
    let lost = results.values().filter(|r| r.is_err()).count();
    assert!(lost > 0 && lost < 3000, "{lost} answers lost");
    assert!(results.range(2900..).all(|(_, r)| r.is_ok()));
}

fn rtsock(ns: &Netns, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args(["-n", &ns.name])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_batch_command_stops_at_a_bad_line_or_goes_on_with_force() {
    let ns = prepared("batchcli");
    let file = std::env::temp_dir().join(format!("rtsock-batch-{}.txt", std::process::id()));
    let text = "\
# routes, then a line that is no command, then more
route add 30.0.0.0/8 via 10.0.0.2
addr add 10.5.0.1/24 dev veth1 label 'veth1:a'
route frobnicate 31.0.0.0/8
route add 32.0.0.0/8 via 10.0.0.2
";
    std::fs::write(&file, text).unwrap();
    let path = file.to_str().unwrap();
    let out = rtsock(&ns, &["-batch", path]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains(&format!("{path}:4:")), "{err}");
    let routes = ip_routes(&ns, "-4");
    assert!(routes.contains("30.0.0.0/8 10.0.0.2"), "{routes:?}");
    assert!(!routes.contains("32.0.0.0/8 10.0.0.2"), "stopped at line 4");
    assert_eq!(
        ns.ip_json("-4 addr show dev veth1")[0]["addr_info"][0]["label"],
        "veth1:a"
    );

    // -force: every other line, and a non-zero exit; the kernel's own
    // refusals named by line too (30.0.0.0/8 and the address exist now).
    let out = rtsock(&ns, &["-batch", path, "-force"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains(&format!(
            "{path}:2: route add 30.0.0.0/8 via 10.0.0.2: File exists"
        )),
        "{err}"
    );
    assert!(err.contains(&format!("{path}:4:")), "{err}");
    assert!(ip_routes(&ns, "-4").contains("32.0.0.0/8 10.0.0.2"));

    // Standard input, and a clean run exits 0.
    let mut child = Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args(["-n", &ns.name, "-batch", "-"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"route del 30.0.0.0/8\nroute del 32.0.0.0/8\n")
        .unwrap();
    assert!(child.wait().unwrap().success());
    assert!(!ip_routes(&ns, "-4").contains("32.0.0.0/8 10.0.0.2"));
    let _ = std::fs::remove_file(&file);
}

#[test]
fn flush_is_one_dump_and_one_batch() {
    let ns = prepared("batchflush");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let changes: Vec<Change> = (0..5000)
        .map(|i| Change::Route(Verb::Add, route4(i).table(300)))
        .collect();
    apply_all(&mut ipr, changes, OnError::Stop);
    let sent_before = ipr.socket().sent;
    let deleted = ipr
        .flush(rtsock::ObjectKind::Route, &rtsock::Filter::new().table(300))
        .unwrap();
    assert_eq!(deleted, 5000);
    // One dump request, and the deletes in datagrams of many each.
    let sends = ipr.socket().sent - sent_before;
    assert!(sends < 50, "{sends} sends for 5000 deletes");
    assert!(
        ns.ip_json("route show table 300")
            .as_array()
            .unwrap()
            .is_empty()
    );
}
