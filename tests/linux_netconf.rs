//! Per-interface IP settings (issue 16, `ip netconf`): what rtsock reads
//! equals `ip netconf show` line for line and `ip -j netconf show` field
//! for field, after the sysctls are set to a mix of values.
#![cfg(target_os = "linux")]

mod common;

use common::*;
use rtsock::views::Netconf;
use rtsock::{Filter, IpRoute, ObjectKind, RouteSocket};

#[test]
fn netconf_reads_back_as_ip_shows_it() {
    let ns = veth_pair("netconf");
    for setting in [
        "net.ipv4.conf.veth0.forwarding=1",
        "net.ipv4.conf.veth1.rp_filter=2",
        "net.ipv4.conf.all.rp_filter=1",
        "net.ipv4.conf.veth0.proxy_arp=1",
        "net.ipv6.conf.veth1.forwarding=1",
        "net.ipv4.conf.default.ignore_routes_with_linkdown=1",
    ] {
        ns.exec(&["sysctl", "-q", "-w", setting]);
    }
    assert_eq!(
        trimmed_lines(&rtsock_in(&ns, "netconf show")),
        trimmed_lines(&ns.exec(&["ip", "netconf", "show"]))
    );
    assert_eq!(
        trimmed_lines(&rtsock_in(&ns, "-6 netconf show dev veth1")),
        trimmed_lines(&ns.exec(&["ip", "-6", "netconf", "show", "dev", "veth1"]))
    );
    // The view, against ip -j: family, interface, forwarding, rp_filter.
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let names: std::collections::HashMap<u32, String> = ipr
        .links(&Filter::new())
        .unwrap()
        .filter_map(|m| rtsock::views::Link::from_message(&m.unwrap()))
        .map(|l| (l.index, l.name))
        .collect();
    let ours: Vec<(String, String, bool, Option<String>)> = ipr
        .dump(ObjectKind::Netconf, &Filter::new())
        .unwrap()
        .filter_map(|m| Netconf::from_message(&m.unwrap()))
        .map(|n| {
            let family = if n.family == 2 { "inet" } else { "inet6" }.to_owned();
            let dev = match n.ifindex {
                -1 => "all".to_owned(),
                -2 => "default".to_owned(),
                i => names[&(i as u32)].clone(),
            };
            let rp = n
                .rp_filter
                .map(|v| ["off", "strict", "loose"][v as usize].to_owned());
            (family, dev, n.forwarding == Some(1), rp)
        })
        .collect();
    let theirs: Vec<(String, String, bool, Option<String>)> = ns
        .ip_json("netconf show")
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            (
                j["family"].as_str().unwrap().to_owned(),
                j["interface"].as_str().unwrap().to_owned(),
                j["forwarding"].as_bool().unwrap(),
                j["rp_filter"].as_str().map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(ours, theirs);
    assert!(ours.contains(&("inet".into(), "veth1".into(), false, Some("loose".into()))));
}

#[test]
fn the_monitor_sees_netconf_changes_when_asked() {
    use rtsock::events::{Event, Group};
    let ns = veth_pair("netconfmon");
    let mut mon = rtsock::linux::Monitor::builder()
        .groups(&[Group::Ipv4Netconf])
        .netns(&ns.name)
        .open()
        .unwrap();
    ns.exec(&["sysctl", "-q", "-w", "net.ipv4.conf.veth0.forwarding=1"]);
    let index = IpRoute::in_netns(&ns.name)
        .unwrap()
        .link_lookup("veth0")
        .unwrap()
        .unwrap();
    loop {
        if let Event::Change { message } = mon.next_event().unwrap() {
            let n = Netconf::from_message(&message).unwrap();
            if n.ifindex == index as i32 {
                assert_eq!((message.event, n.forwarding), ("RTM_NEWNETCONF", Some(1)));
                break;
            }
        }
    }
}
