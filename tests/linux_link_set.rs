//! `link set` beyond up, MTU and master (issue 16): alias, device group,
//! promisc, allmulticast and arp, from the CLI in `ip`'s words and from
//! the library, checked against `ip -j -d link show`; and `group` after
//! `type vxlan` is still VXLAN's multicast group, as `ip` reads it.
#![cfg(target_os = "linux")]

mod common;

use common::*;
use rtsock::change::{LinkSpec, Verb};
use rtsock::constants::{IFF_ALLMULTI, IFF_NOARP, IFF_PROMISC};
use rtsock::views::Link;
use rtsock::{Filter, IpRoute, RouteSocket};
use serde_json::Value as Json;

fn details(ns: &Netns, dev: &str) -> Json {
    ns.ip_json(&format!("-d link show {dev}"))[0].clone()
}

fn flags(j: &Json) -> Vec<String> {
    j["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_cli_sets_alias_group_promisc_allmulticast_and_arp_as_ip_does() {
    let ns = veth_pair("linkset");
    rtsock_in(
        &ns,
        "link set veth0 alias uplink group 5 promisc on allmulticast on arp off",
    );
    let j = details(&ns, "veth0");
    assert_eq!(j["ifalias"], "uplink");
    assert_eq!(j["group"], "5");
    let f = flags(&j);
    for want in ["PROMISC", "ALLMULTI", "NOARP"] {
        assert!(f.contains(&want.to_owned()), "{want} in {f:?}");
    }
    assert_eq!(j["promiscuity"], 1);

    rtsock_in(
        &ns,
        "link set veth0 promisc off allmulticast off arp on group default",
    );
    let j = details(&ns, "veth0");
    assert_eq!(j["group"], "default");
    let f = flags(&j);
    for gone in ["PROMISC", "ALLMULTI", "NOARP"] {
        assert!(!f.contains(&gone.to_owned()), "{gone} in {f:?}");
    }
    assert_eq!(j["promiscuity"], 0);
    assert_eq!(j["ifalias"], "uplink", "an alias stays until changed");

    // Words `ip` refuses are refused, naming the word.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args(["-n", &ns.name, "link", "set", "veth0", "promisc", "maybe"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("promisc \"maybe\": on or off"));
}

#[test]
fn the_library_sets_them_and_the_view_reads_them_back() {
    let ns = veth_pair("linksetlib");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let spec = LinkSpec::named("veth1")
        .alias("downlink")
        .group(3)
        .promisc(true)
        .arp(false);
    ipr.link(Verb::Set, &spec).unwrap();
    let link = ipr
        .links(&Filter::new().dev("veth1"))
        .unwrap()
        .find_map(|m| Link::from_message(&m.unwrap()))
        .unwrap();
    assert_eq!(link.alias.as_deref(), Some("downlink"));
    assert_eq!(link.group, Some(3));
    assert!(link.flags.contains(IFF_PROMISC | IFF_NOARP));
    assert!(!link.flags.contains(IFF_ALLMULTI));
    let j = details(&ns, "veth1");
    assert_eq!(
        (j["ifalias"].as_str(), j["group"].as_str()),
        (Some("downlink"), Some("3"))
    );

    // An empty alias clears it, as `ip link set DEV alias ""` does.
    ipr.link(Verb::Set, &LinkSpec::named("veth1").alias(""))
        .unwrap();
    assert!(details(&ns, "veth1").get("ifalias").is_none());
}

#[test]
fn group_after_type_vxlan_is_the_vxlan_group() {
    let ns = veth_pair("linksetvx");
    rtsock_in(
        &ns,
        "link add vx0 type vxlan id 5 group 239.1.1.1 dev veth0 dstport 4789",
    );
    rtsock_in(
        &ns,
        "link add vx1 group 7 type vxlan id 6 remote 192.0.2.9 dstport 4789",
    );
    let vx0 = details(&ns, "vx0");
    assert_eq!(vx0["linkinfo"]["info_data"]["group"], "239.1.1.1");
    assert_eq!(vx0["linkinfo"]["info_data"]["link"], "veth0");
    assert_eq!(vx0["group"], "default");
    let vx1 = details(&ns, "vx1");
    assert_eq!(vx1["group"], "7");
    assert_eq!(vx1["linkinfo"]["info_data"]["remote"], "192.0.2.9");
}

#[test]
fn altnames_addrgenmode_gso_gro_and_m_down_as_ip_has_them() {
    let ns = Netns::new("linkprop");
    ns.ip("link add veth0 type veth peer name veth1");
    // Both ends down: ip marks each M-DOWN (the link it sits on is down).
    for words in ["link show", "-br link", "-o link show veth0"] {
        assert_eq!(
            trimmed_lines(&rtsock_in(&ns, words)),
            trimmed_lines(&run(
                "ip",
                &[
                    &["-n", ns.name.as_str()][..],
                    &words.split_whitespace().collect::<Vec<_>>()[..]
                ]
                .concat()
            )),
            "{words}"
        );
    }
    rtsock_in(&ns, "link property add dev veth0 altname uplink-number-one");
    assert_eq!(details(&ns, "veth0")["altnames"][0], "uplink-number-one");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let link = ipr
        .links(&Filter::new().dev("veth0"))
        .unwrap()
        .find_map(|m| Link::from_message(&m.unwrap()))
        .unwrap();
    assert_eq!(link.altnames, ["uplink-number-one"]);
    rtsock_in(&ns, "link property del dev veth0 altname uplink-number-one");
    assert!(details(&ns, "veth0").get("altnames").is_none());

    rtsock_in(
        &ns,
        "link set veth0 addrgenmode none gso_max_size 32768 gro_max_size 32768",
    );
    let j = details(&ns, "veth0");
    assert_eq!(j["inet6_addr_gen_mode"], "none");
    assert_eq!(
        (j["gso_max_size"].as_u64(), j["gro_max_size"].as_u64()),
        (Some(32768), Some(32768))
    );
}

/// A bridge br0 with veth0 as its port, in `tag`'s namespace.
fn bridge_with_port(tag: &str) -> Netns {
    let ns = veth_pair(tag);
    ns.ip("link add br0 type bridge");
    ns.ip("link set veth0 master br0");
    ns
}

const PORT_SETTINGS: [&str; 2] = [
    "link set veth0 type bridge_slave priority 5 cost 11 hairpin on learning off flood off",
    "link set dev veth0 type bridge_slave state 3 guard on root_block on mcast_flood off bcast_flood off neigh_suppress on isolated on",
];

/// The bridge port settings `ip -d -j link show veth0` reports.
fn port_settings(ns: &Netns) -> serde_json::Value {
    let mut d = ns.ip_json("-d link show veth0")[0]["linkinfo"]["info_slave_data"].clone();
    let keep = [
        "state",
        "priority",
        "cost",
        "hairpin",
        "guard",
        "root_block",
        "learning",
        "flood",
        "mcast_flood",
        "bcast_flood",
        "neigh_suppress",
        "isolated",
    ];
    d.as_object_mut()
        .unwrap()
        .retain(|k, _| keep.contains(&k.as_str()));
    d
}

#[test]
fn bridge_port_settings_are_ips_bytes_and_take_effect() {
    let ours = bridge_with_port("brportA");
    let theirs = bridge_with_port("brportB");
    for words in PORT_SETTINGS {
        // The request, byte for byte as ip sends it.
        let planned = dry_run_request(&ours, words);
        // ip's request (sent in the twin, where it takes effect).
        assert_eq!(planned, sent_by(&theirs, "ip", words, &[16]), "ip {words}");
        rtsock_in(&ours, words);
        assert_eq!(
            port_settings(&ours),
            port_settings(&theirs),
            "after {words}"
        );
    }
    assert_eq!(port_settings(&ours)["cost"], 11);
    assert_eq!(port_settings(&ours)["isolated"], true);
    // Through the library, and refused where it makes no sense.
    let mut ipr = IpRoute::in_netns(&ours.name).unwrap();
    let spec = rtsock::change::LinkSpec {
        bridge_port: Some(rtsock::change::BridgePort {
            cost: Some(42),
            ..Default::default()
        }),
        ..rtsock::change::LinkSpec::named("veth0")
    };
    ipr.link(rtsock::change::Verb::Set, &spec).unwrap();
    assert_eq!(port_settings(&ours)["cost"], 42);
    let e = ipr.link(rtsock::change::Verb::Add, &spec).unwrap_err();
    assert!(
        e.to_string()
            .contains("bridge port settings go with link set"),
        "{e}"
    );
}

/// IFLA_EXT_MASK (issue 16): a link dump asking for VF information is the
/// request `ip link show` sends, and the kernel answers what the bits ask.
#[test]
fn ext_mask_is_sent_as_ip_sends_it_and_the_kernel_obeys_it() {
    use rtsock::constants::{AF_PACKET, RTEXT_FILTER_VF};
    use rtsock::raw::netlink::dump_request;
    let ns = veth_pair("extmask");
    let theirs = sent_by(&ns, "ip", "link show", &[18]);
    let sel = rtsock::Selector {
        filter: Filter::new().family(AF_PACKET).ext_mask(RTEXT_FILTER_VF),
        ..rtsock::Selector::default()
    };
    let ours = dump_request(rtsock::ObjectKind::Link, &sel, false).finish(0, 0);
    assert_eq!(ours, theirs);
    // Strict checking or not, the mask goes along.
    assert_eq!(
        dump_request(rtsock::ObjectKind::Link, &sel, true).finish(0, 0),
        theirs
    );

    // An AF_BRIDGE dump lists a bridge's ports; asking for VLANs (or MRP,
    // CFM) brings the bridge itself in too (br_getlink skips a master
    // unless one of those bits is set).
    ns.ip("link add br0 type bridge");
    ns.ip("link set veth1 master br0");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let mut names = |filter: &Filter| -> Vec<String> {
        ipr.dump(rtsock::ObjectKind::Link, filter)
            .unwrap()
            .map(|m| Link::from_message(&m.unwrap()).unwrap().name)
            .collect()
    };
    let bridge = Filter::new().family(rtsock::constants::AF_BRIDGE);
    assert_eq!(names(&bridge), ["veth1"]);
    assert_eq!(
        names(
            &bridge
                .clone()
                .ext_mask(rtsock::constants::RTEXT_FILTER_BRVLAN)
        ),
        ["veth1", "br0"]
    );
    // Only links take it.
    let e = ipr
        .dump(rtsock::ObjectKind::Route, &Filter::new().ext_mask(1))
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.contains("ext_mask (IFLA_EXT_MASK) does not apply to a route"),
        "{e}"
    );
}

/// RTNLGRP_IPV6_IFINFO: setting a link's IPv6 token announces its IPv6
/// settings (RTM_NEWLINK of AF_INET6, inet6_set_iftoken's
/// inet6_ifinfo_notify) to that group.
#[test]
fn the_ipv6_ifinfo_group_hears_token_changes() {
    use rtsock::events::{Event, Group};
    let ns = veth_pair("ifinfo");
    let mut mon = rtsock::linux::Monitor::builder()
        .groups(&[Group::Ipv6Ifinfo])
        .netns(&ns.name)
        .open()
        .unwrap();
    ns.ip("token set ::1/64 dev veth0");
    let veth0 = names_in(&ns).0["veth0"];
    loop {
        if let Event::Change { message } = mon.next_event().unwrap()
            && let Some(l) = Link::from_message(&message)
        {
            assert_eq!(
                (message.event, message.family(), l.index),
                ("RTM_NEWLINK", Some(10), veth0)
            );
            assert!(
                message.get(&rtsock::attrs::IFLA_PROTINFO).is_some(),
                "{message:?}"
            );
            break;
        }
    }
}

/// A namespace the caller holds open moves a link by fd (IFLA_NET_NS_FD),
/// the same request a name makes (`ip link set DEV netns NAME` opens the
/// file itself): both end up where `ip -n` finds them.
#[test]
fn a_link_moves_into_a_namespace_held_by_fd_or_named() {
    use std::os::fd::AsRawFd;
    let ns = veth_pair("netnsfd");
    let far = Netns::new("netnsfdfar");
    let held = std::fs::File::open(format!("/run/netns/{}", far.name)).unwrap();
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let mut by_fd = LinkSpec::named("veth0");
    by_fd.netns = Some(rtsock::change::Netns::Fd(held.as_raw_fd()));
    ipr.link(Verb::Set, &by_fd).unwrap();
    let mut by_name = LinkSpec::named("veth1");
    by_name.netns = Some(rtsock::change::Netns::Named(far.name.clone()));
    ipr.link(Verb::Set, &by_name).unwrap();
    drop(held);
    let mut names: Vec<String> = far
        .ip_json("link show")
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ifname"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["lo", "veth0", "veth1"]);
    assert_eq!(ipr.link_lookup("veth0").unwrap(), None);
}
