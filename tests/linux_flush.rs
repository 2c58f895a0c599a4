//! `flush` follows `ip` exactly: every case runs `ip -n A ARGS` in one
//! namespace and `rtsock -n B ARGS` in an identical one; both must succeed
//! or both fail, and `ip -j` must then show the same state in both. A case
//! that succeeds must have deleted something, so that a flush doing nothing
//! cannot pass.
#![cfg(target_os = "linux")]

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use common::Netns;
use serde_json::Value as Json;

/// Fixed MACs, so both namespaces get the same link-local addresses.
const SETUP: &str = "\
link add veth0 address 02:00:00:00:01:00 type veth peer name veth1 address 02:00:00:00:01:01
link add br0 address 02:00:00:00:01:02 type bridge
link add veth2 address 02:00:00:00:01:03 type veth peer name veth3 address 02:00:00:00:01:04
link set veth2 master br0
link set veth0 up
link set veth1 up
link set br0 up
link set veth2 up
link set veth3 up
addr add 10.0.0.1/24 dev veth0
addr add 10.0.0.2/24 dev veth0
addr add 10.0.1.1/24 dev veth0 label veth0:x
addr add 2001:db8::1/64 dev veth0 nodad
addr add 10.1.0.1/24 dev br0 label br0:one
addr add 2001:db8:9::1/64 dev br0 nodad
addr add 10.9.0.1 peer 10.9.0.2/32 dev veth1
route add default via 10.0.0.254
route add 10.2.0.0/16 via 10.0.0.254
route add 10.2.5.0/24 via 10.0.0.254 proto static
route add 10.3.0.0/16 via 10.0.0.254 table 100
route add blackhole 10.5.0.0/16 table 100
route add unreachable 10.8.0.0/16 metric 7
route add 10.6.0.0/16 table 200 nexthop via 10.0.0.254 dev veth0 weight 1 nexthop via 10.1.0.254 dev br0 weight 3
route add 2001:db8:1::/64 via 2001:db8::ff
route add 2001:db8:2::/64 table 100 dev veth0 metric 10
neigh add 10.0.0.254 lladdr 02:00:00:00:00:fe dev veth0 nud permanent
neigh add 2001:db8::ff lladdr 02:00:00:00:00:ff dev veth0 nud permanent
neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 dev veth0 nud reachable
neigh add 10.0.0.8 lladdr 02:00:00:00:00:08 dev veth0 nud noarp
neigh add 10.1.0.9 lladdr 02:00:00:00:01:09 dev br0 nud stale
neigh add 2001:db8:9::9 lladdr 02:00:00:00:01:99 dev br0 nud stale
rule add from 10.0.0.0/8 table 100 priority 1000
rule add fwmark 0x10/0xff table 200 priority 1001
rule add to 10.5.0.0/16 iif veth0 table 100 priority 1002
-6 rule add from 2001:db8::/32 table 100 priority 1003
";

/// `ip -batch` for speed; the lines it cannot take (`-6 ...`) one by one.
fn setup(ns: &Netns) {
    let (single, batch): (Vec<&str>, Vec<&str>) = SETUP.lines().partition(|l| l.starts_with('-'));
    let mut child = Command::new("ip")
        .args(["-n", &ns.name, "-batch", "-"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(batch.join("\n").as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success(), "ip -batch setup failed");
    for line in single {
        ns.ip(line);
    }
}

/// What `ip -j` shows, in a form two identical namespaces share:
/// neighbour states reduced to permanent, noarp or dynamic (timers move
/// reachable to stale on their own), multicast neighbours left out.
fn state(ns: &Netns) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for a in ns.ip_json("addr show").as_array().unwrap() {
        for info in a["addr_info"].as_array().unwrap() {
            out.insert(format!("addr {} {info}", a["ifname"]));
        }
    }
    for family in ["-4", "-6"] {
        for r in ns
            .ip_json(&format!("{family} route show table all"))
            .as_array()
            .unwrap()
        {
            out.insert(format!("route {r}"));
        }
        for r in ns
            .ip_json(&format!("{family} rule show"))
            .as_array()
            .unwrap()
        {
            out.insert(format!("rule {r}"));
        }
    }
    for n in ns.ip_json("neigh show nud all").as_array().unwrap() {
        // The kernel adds NOARP entries for multicast groups (IGMP, MLD)
        // when it sends a report, at times of its own; no flush here
        // touches NOARP entries.
        let dst = n["dst"].as_str().unwrap_or_default();
        if dst.starts_with("ff")
            || dst
                .parse::<std::net::Ipv4Addr>()
                .is_ok_and(|a| a.is_multicast())
        {
            continue;
        }
        let mut n = n.clone();
        let states = n["state"].as_array().cloned().unwrap_or_default();
        let class = if states.contains(&Json::from("PERMANENT")) {
            "permanent"
        } else if states.contains(&Json::from("NOARP")) {
            "noarp"
        } else {
            "dynamic"
        };
        n.as_object_mut()
            .unwrap()
            .insert("state".into(), Json::from(class));
        out.insert(format!("neigh {n}"));
    }
    out
}

fn succeeded(program: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(program).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn compare(args: &str) {
    let (theirs, ours) = (Netns::new("flip"), Netns::new("flrt"));
    setup(&theirs);
    setup(&ours);
    let before = state(&ours);
    assert_eq!(
        before,
        state(&theirs),
        "the two setups differ before {args:?}"
    );
    let run = |program: &str, ns: &Netns| {
        let mut full = vec!["-n", ns.name.as_str()];
        full.extend(args.split_whitespace());
        succeeded(program, &full)
    };
    let (ip_ok, ip_err) = run("ip", &theirs);
    let (our_ok, our_err) = run(env!("CARGO_BIN_EXE_rtsock"), &ours);
    assert_eq!(
        ip_ok,
        our_ok,
        "{args:?}: ip {} ({ip_err}), rtsock {} ({our_err})",
        if ip_ok { "succeeded" } else { "failed" },
        if our_ok { "succeeded" } else { "failed" },
    );
    let (after_ip, after_ours) = (state(&theirs), state(&ours));
    let only_ip: Vec<_> = after_ip.difference(&after_ours).collect();
    let only_ours: Vec<_> = after_ours.difference(&after_ip).collect();
    assert!(
        only_ip.is_empty() && only_ours.is_empty(),
        "{args:?}: left only by ip: {only_ip:#?}\nleft only by rtsock: {only_ours:#?}"
    );
    if our_ok {
        assert_ne!(
            before, after_ours,
            "{args:?} deleted nothing: a case that proves nothing"
        );
    } else {
        assert_eq!(
            before, after_ours,
            "{args:?} failed but changed the namespace"
        );
        assert!(!our_err.is_empty(), "{args:?} failed without a word");
    }
}

#[test]
fn route_flush_follows_ip() {
    for args in [
        "route flush",
        "route flush table main",
        "-6 route flush table main",
        "route flush table all",
        "route flush dev veth0",
        "route flush table 100",
        "-6 route flush table 100",
        "route flush proto static",
        "route flush root 10.2.0.0/16",
        "route flush 10.2.0.0/16",
        "route flush type unreachable",
        "route flush scope link",
        "route flush default",
        "route flush via 10.0.0.254",
        "route flush all",
        "route flush dev nosuch",
    ] {
        compare(args);
    }
}

#[test]
fn address_flush_follows_ip() {
    for args in [
        "addr flush",
        "addr flush dev veth0",
        "-4 addr flush dev veth0",
        "-6 addr flush dev br0",
        "addr flush veth0",
        "addr flush dev veth0 primary",
        "addr flush label br0:*",
        "addr flush label veth0",
        "addr flush to 10.0.0.0/8",
        "addr flush scope link",
        "addr flush dev nosuch",
    ] {
        compare(args);
    }
}

#[test]
fn neighbour_flush_follows_ip() {
    for args in [
        "neigh flush",
        "neigh flush dev veth0",
        "neigh flush all",
        "neigh flush dev veth0 nud permanent",
        "neigh flush nud all",
        "-6 neigh flush all",
        "neigh flush to 10.1.0.0/16",
    ] {
        compare(args);
    }
}

#[test]
fn rule_flush_follows_ip() {
    for args in [
        "rule flush",
        "-6 rule flush",
        "rule flush table 100",
        "rule flush pref 1001",
    ] {
        compare(args);
    }
}

#[test]
fn links_have_no_flush() {
    compare("link flush");
}
