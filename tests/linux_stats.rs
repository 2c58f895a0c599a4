//! Link statistics (issue 16, `ip stats show group link`): the counters
//! rtsock reads equal `ip -j stats`, and its lines are `ip stats show`'s,
//! column widths included. Only lo moves traffic (three datagrams before
//! the reads), so the counters hold still between them.
#![cfg(target_os = "linux")]

mod common;

use common::*;
use rtsock::views::LinkStats;
use rtsock::{Filter, IpRoute, ObjectKind, RouteSocket};

#[test]
fn link_statistics_read_back_as_ip_stats_shows_them() {
    let ns = Netns::new("stats");
    ns.ip("link set lo up");
    ns.ip("link add veth0 type veth peer name veth1");
    // Three datagrams to lo, sent from inside the namespace.
    rtsock::linux::netns::run_in(&ns.name, || {
        let sock = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        for _ in 0..3 {
            sock.send_to(b"counted", "127.0.0.1:9").unwrap();
        }
    })
    .unwrap();
    assert_eq!(
        rtsock_in(&ns, "stats show"),
        ns.exec(&["ip", "stats", "show", "group", "link"])
    );
    assert_eq!(
        rtsock_in(&ns, "stats show dev lo group link"),
        ns.exec(&["ip", "stats", "show", "dev", "lo", "group", "link"])
    );
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let ours: Vec<(u64, u64, u64, u64, u64)> = ipr
        .dump(ObjectKind::Stats, &Filter::new())
        .unwrap()
        .filter_map(|m| LinkStats::from_message(&m.unwrap()))
        .map(|s| {
            (
                u64::from(s.index),
                s.rx_bytes,
                s.rx_packets,
                s.tx_bytes,
                s.tx_packets,
            )
        })
        .collect();
    let theirs: Vec<(u64, u64, u64, u64, u64)> = ns
        .ip_json("stats show group link")
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            let n = |v: &serde_json::Value| v.as_u64().unwrap();
            let s = &j["stats64"];
            (
                n(&j["ifindex"]),
                n(&s["rx"]["bytes"]),
                n(&s["rx"]["packets"]),
                n(&s["tx"]["bytes"]),
                n(&s["tx"]["packets"]),
            )
        })
        .collect();
    assert_eq!(ours, theirs);
    // lo carried the three datagrams (and the port-unreachable answers).
    assert!(ours[0].2 >= 3, "{ours:?}");
}
