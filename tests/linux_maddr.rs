//! Multicast memberships (issue 16, `ip maddress`): the groups rtsock lists
//! (RTM_GETMULTICAST, one family at a time) are `ip maddr`'s, line for
//! line and (ifindex, family, group) for (ifindex, family, group) with
//! `ip -j`, and the monitor hears groups joined and left.
#![cfg(target_os = "linux")]

mod common;

use std::collections::BTreeSet;
use std::net::UdpSocket;

use common::*;
use rtsock::events::{Event, Group};
use rtsock::views::Membership;
use rtsock::{Filter, IpRoute, ObjectKind, RouteSocket};

/// Sockets made in `ns` that join 239.1.2.3 (on 10.0.0.1, veth0's
/// address) and ff05::1:3 on veth0; the groups are left when they close.
fn join(ns: &Netns) -> (UdpSocket, UdpSocket) {
    let veth0 = names_in(ns).0["veth0"];
    rtsock::linux::netns::run_in(&ns.name, move || {
        let v4 = UdpSocket::bind("0.0.0.0:0").unwrap();
        v4.join_multicast_v4(&"239.1.2.3".parse().unwrap(), &"10.0.0.1".parse().unwrap())
            .unwrap();
        let v6 = UdpSocket::bind("[::]:0").unwrap();
        v6.join_multicast_v6(&"ff05::1:3".parse().unwrap(), veth0)
            .unwrap();
        (v4, v6)
    })
    .unwrap()
}

#[test]
fn memberships_are_what_ip_maddr_shows() {
    let ns = veth_pair("maddr");
    let joined = join(&ns);
    // ip also lists link-layer groups (from /proc/net/dev_mcast), which
    // rtnetlink does not carry.
    let theirs: Vec<String> = trimmed_lines(&ns.exec(&["ip", "maddr", "show"]))
        .into_iter()
        .filter(|l| !l.starts_with("\tlink"))
        .collect();
    let ours = trimmed_lines(&rtsock_in(&ns, "maddr show"));
    assert!(ours.contains(&"\tinet  239.1.2.3".to_owned()), "{ours:?}");
    assert!(ours.contains(&"\tinet6 ff05::1:3".to_owned()), "{ours:?}");
    assert_eq!(ours, theirs);
    assert_eq!(
        trimmed_lines(&rtsock_in(&ns, "-6 maddr show dev veth0")),
        trimmed_lines(&ns.exec(&["ip", "-6", "maddr", "show", "dev", "veth0"]))
    );

    let ip: serde_json::Value =
        serde_json::from_str(&ns.exec(&["ip", "-j", "maddr", "show"])).unwrap();
    let mut expected = BTreeSet::new();
    for dev in ip.as_array().unwrap() {
        for g in dev["maddr"].as_array().unwrap() {
            if let Some(addr) = g["address"].as_str() {
                expected.insert((dev["ifindex"].as_u64().unwrap() as u32, addr.to_owned()));
            }
        }
    }
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let got: BTreeSet<(u32, String)> = ipr
        .dump(ObjectKind::Multicast, &Filter::new())
        .unwrap()
        .filter_map(|m| Membership::from_message(&m.unwrap()))
        .map(|g| (g.index, g.group.to_string()))
        .collect();
    assert_eq!(got, expected);
    drop(joined);
}

#[test]
fn the_monitor_hears_groups_joined_and_left() {
    let ns = veth_pair("maddrmon");
    let mut mon = rtsock::linux::Monitor::builder()
        .groups(&[Group::Ipv4Mcaddr, Group::Ipv6Mcaddr])
        .netns(&ns.name)
        .open()
        .unwrap();
    drop(join(&ns));
    let mut seen = Vec::new();
    while seen.len() < 4 {
        if let Event::Change { message } = mon.next_event().unwrap()
            && let Some(g) = Membership::from_message(&message)
            && ["239.1.2.3", "ff05::1:3"].contains(&g.group.to_string().as_str())
        {
            seen.push((message.event, g.group.to_string()));
        }
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            ("RTM_DELMULTICAST", "239.1.2.3".to_owned()),
            ("RTM_DELMULTICAST", "ff05::1:3".to_owned()),
            ("RTM_NEWMULTICAST", "239.1.2.3".to_owned()),
            ("RTM_NEWMULTICAST", "ff05::1:3".to_owned()),
        ]
    );
}

/// IPv6 anycast addresses (RTM_GETANYCAST): a forwarding interface's
/// subnet-router anycast address is listed, as /proc/net/anycast6 lists
/// it, and the monitor hears it come (RTNLGRP_IPV6_ACADDR).
#[test]
fn anycast_addresses_are_listed_and_announced() {
    use rtsock::views::Anycast;
    let ns = veth_pair("acaddr");
    ns.exec(&["sysctl", "-qw", "net.ipv6.conf.veth0.forwarding=1"]);
    let mut mon = rtsock::linux::Monitor::builder()
        .groups(&[Group::Ipv6Acaddr])
        .netns(&ns.name)
        .open()
        .unwrap();
    ns.ip("addr add 2001:db8:5::1/64 dev veth0 nodad");
    let veth0 = names_in(&ns).0["veth0"];
    loop {
        if let Event::Change { message } = mon.next_event().unwrap()
            && let Some(a) = Anycast::from_message(&message)
            && a.addr.to_string() == "2001:db8:5::"
        {
            assert_eq!((message.event, a.index), ("RTM_NEWANYCAST", veth0));
            break;
        }
    }
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let listed: Vec<(u32, String)> = ipr
        .dump(ObjectKind::Anycast, &Filter::new())
        .unwrap()
        .filter_map(|m| Anycast::from_message(&m.unwrap()))
        .map(|a| (a.index, a.addr.to_string()))
        .collect();
    assert!(
        listed.contains(&(veth0, "2001:db8:5::".to_owned())),
        "{listed:?}"
    );
    // /proc/net/anycast6: index, device, address in hex, users.
    let proc = ns.exec(&["cat", "/proc/net/anycast6"]);
    let in_proc: Vec<(u32, String)> = proc
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let hex = u128::from_str_radix(f.get(2)?, 16).ok()?;
            Some((
                f[0].parse().ok()?,
                std::net::Ipv6Addr::from(hex).to_string(),
            ))
        })
        .collect();
    for entry in &in_proc {
        assert!(
            listed.contains(entry),
            "{entry:?} of /proc not in {listed:?}"
        );
    }
}
