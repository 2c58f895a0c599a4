//! The BSD text fallback on real `ifconfig -a`, `netstat -rn`, `route -n
//! show` and `arp -an` outputs, checked against the values in them and,
//! for FreeBSD ifconfig, against salt's independent parse.

#[macro_use]
#[path = "support/fixtures.rs"]
mod fixtures;

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

use rtsock::constants::*;
use rtsock::raw::pfroute::{names_of, parse_arp, parse_ifconfig, parse_ndp, parse_netstat};
use rtsock::{Body, Message, Value};
use serde_json::Value as Json;

fn fixture(rel: &str) -> String {
    let p = fixtures::path(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn links(msgs: &[Message]) -> BTreeMap<String, &Message> {
    msgs.iter()
        .filter(|m| m.event == "RTM_NEWLINK")
        .map(|m| (m.get_attr("IFLA_IFNAME").unwrap().to_string(), m))
        .collect()
}

/// (interface, address, prefixlen, peer-or-broadcast) of every address.
fn addrs(msgs: &[Message]) -> Vec<(String, String, u8, String)> {
    msgs.iter()
        .filter(|m| m.event == "RTM_NEWADDR")
        .map(|m| {
            let Body::Address(h) = m.body else { panic!() };
            let local = m
                .get_attr("IFA_LOCAL")
                .or(m.get_attr("IFA_ADDRESS"))
                .unwrap();
            let other = m
                .get_attr("IFA_BROADCAST")
                .or_else(|| m.get_attr("IFA_ADDRESS").filter(|a| *a != local))
                .map(Value::to_string)
                .unwrap_or_default();
            (
                m.get_attr("IFA_LABEL").unwrap().to_string(),
                local.to_string(),
                h.prefixlen,
                other,
            )
        })
        .collect()
}

#[test]
fn freebsd_ifconfig_agrees_with_salts_parse() {
    need_fixtures!();
    let parsed = parse_ifconfig(&fixture("salt/FREEBSD_ifconfig.txt"));
    assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
    let salt: Json =
        serde_json::from_str(&fixture("salt/FREEBSD_ifconfig.salt_expected.json")).unwrap();
    let ours = links(&parsed.messages);
    let a = addrs(&parsed.messages);
    for (name, want) in salt.as_object().unwrap() {
        if name.is_empty() {
            continue; // salt's artefact of the blank first line
        }
        let link = ours.get(name).unwrap_or_else(|| panic!("no {name}"));
        let Body::Link(h) = link.body else { panic!() };
        assert_eq!(h.flags & IFF_UP != 0, want["up"] == true, "{name} up");
        if let Some(hw) = want["hwaddr"].as_str() {
            assert_eq!(link.get_attr("IFLA_ADDRESS").unwrap().to_string(), hw);
        }
        for (fam, list) in [("inet", &want["inet"]), ("inet6", &want["inet6"])] {
            for w in list.as_array().into_iter().flatten() {
                let addr = w["address"].as_str().unwrap();
                let got = a
                    .iter()
                    .find(|(i, l, _, _)| i == name && l == addr)
                    .unwrap_or_else(|| panic!("{name} {fam} {addr} missing: {a:?}"));
                if let Some(mask) = w["netmask"].as_str() {
                    let m: std::net::Ipv4Addr = mask.parse().unwrap();
                    assert_eq!(got.2, u32::from(m).leading_ones() as u8, "{addr}");
                }
                if let Some(p) = w["prefixlen"].as_str() {
                    assert_eq!(got.2.to_string(), p, "{addr}");
                }
                if let Some(b) = w["broadcast"].as_str() {
                    assert_eq!(got.3, b, "{addr}");
                }
            }
        }
    }
    // tun0 is point-to-point: its peer, not a broadcast.
    assert!(
        a.contains(&("tun0".into(), "10.12.0.1".into(), 32, "10.12.0.2".into())),
        "{a:?}"
    );
    // lo0's index comes from its link-local scope id.
    let Body::Link(lo) = ours["lo0"].body else {
        panic!()
    };
    assert_eq!((lo.index, lo.ifi_type), (8, ARPHRD_LOOPBACK));
}

#[test]
fn freebsd14_cidr_and_openbsd_ifconfig_parse() {
    need_fixtures!();
    let p = parse_ifconfig(&fixture("cloud-init/freebsd-ifconfig-cidr-output"));
    assert!(p.skipped.is_empty(), "{:?}", p.skipped);
    let a = addrs(&p.messages);
    assert!(a.contains(&(
        "vtnet0".into(),
        "198.51.100.13".into(),
        32,
        "198.51.100.13".into()
    )));
    assert!(
        a.iter()
            .any(|(i, l, len, _)| i == "vtnet0" && l == "fe80::9400:2ff:feb1:4968" && *len == 64)
    );
    assert!(a.contains(&("lo0".into(), "127.0.0.1".into(), 8, String::new())));

    let p = parse_ifconfig(&fixture("cloud-init/openbsd-ifconfig-output"));
    assert!(p.skipped.is_empty(), "{:?}", p.skipped);
    let l = links(&p.messages);
    let Body::Link(vio) = l["vio0"].body else {
        panic!()
    };
    assert_eq!(vio.index, 1, "OpenBSD prints the index");
    assert_eq!(
        l["vio0"].get_attr("IFLA_ADDRESS").unwrap().to_string(),
        "52:54:00:35:4f:b8"
    );
    assert_eq!(l["vio0"].get_attr("IFLA_MTU"), Some(&Value::U32(1500)));
    assert_eq!(
        l["vio0"].get_attr("IFLA_OPERSTATE"),
        Some(&Value::Str("UP".into()))
    );
    let Body::Link(enc) = l["enc0"].body else {
        panic!()
    };
    assert_eq!((enc.index, enc.flags & IFF_UP), (2, 0));
    let a = addrs(&p.messages);
    assert!(a.contains(&(
        "vio0".into(),
        "192.168.122.81".into(),
        24,
        "192.168.122.255".into()
    )));
    // The spliced FreeBSD gif0 stanza: a point-to-point IPv6 address.
    assert!(
        a.contains(&(
            "gif0".into(),
            "2001:470:1f12:243::2".into(),
            128,
            "2001:470:1f12:243::1".into()
        )),
        "{a:?}"
    );
    // Address families and scopes are Linux's.
    let ll = p
        .messages
        .iter()
        .find(|m| {
            m.get_attr("IFA_ADDRESS")
                == Some(&Value::Ip("fe80::5054:ff:fe35:4fb8".parse().unwrap()))
        })
        .unwrap();
    assert!(
        matches!(ll.body, Body::Address(h) if h.family == AF_INET6 && h.scope == RT_SCOPE_LINK && h.index == 1)
    );
}

/// (destination/len, gateway, interface) of every route.
fn routes(msgs: &[Message]) -> Vec<(String, String, String)> {
    msgs.iter()
        .filter(|m| m.event == "RTM_NEWROUTE")
        .map(|m| {
            let Body::Route(h) = m.body else { panic!() };
            let dst = m
                .get_attr("RTA_DST")
                .map_or("default".into(), |d| format!("{d}/{}", h.dst_len));
            let gw = m
                .get_attr("RTA_GATEWAY")
                .map(Value::to_string)
                .unwrap_or_default();
            let ifname = m
                .get_attr("RTA_BSD_IFNAME")
                .map(Value::to_string)
                .unwrap_or_default();
            (dst, gw, ifname)
        })
        .collect()
}

fn t(a: &str, b: &str, c: &str) -> (String, String, String) {
    (a.into(), b.into(), c.into())
}

#[test]
fn netstat_tables_of_both_oses_parse() {
    need_fixtures!();
    let none = HashMap::new();
    let fb = parse_netstat(
        &fixture("scapy/netstat-legacy/FreeBSD_13_netstat_rnW_f_inet.txt"),
        &none,
    );
    assert!(fb.skipped.is_empty(), "{:?}", fb.skipped);
    let r = routes(&fb.messages);
    assert_eq!(
        r,
        [
            t("default", "10.0.0.1", "vtnet0"),
            t("10.0.0.0/24", "", "vtnet0"),
            t("10.0.0.8/32", "", "lo0"),
            t("127.0.0.1/32", "", "lo0"),
        ]
    );
    let link = fb
        .messages
        .iter()
        .find(|m| m.get_attr("RTA_DST") == Some(&Value::Ip("10.0.0.0".parse().unwrap())))
        .unwrap();
    assert_eq!(
        link.get_attr("RTA_OIF"),
        Some(&Value::U32(1)),
        "link#1 is interface 1"
    );

    // OpenBSD: abbreviated destinations, ARP entries, an MTU lock, priorities.
    let ob = parse_netstat(
        &fixture("scapy/netstat-legacy/OpenBSD_6.3_netstat_rn_f_inet.txt"),
        &none,
    );
    assert!(ob.skipped.is_empty(), "{:?}", ob.skipped);
    let r = routes(&ob.messages);
    assert!(r.contains(&t("224.0.0.0/4", "127.0.0.1", "lo0")));
    assert!(r.contains(&t("10.0.1.0/24", "10.0.1.26", "bge0")));
    assert!(r.contains(&t("127.0.0.0/8", "127.0.0.1", "lo0")));
    assert!(
        r.contains(&t("10.188.135.0/24", "10.0.1.135", "bge0")),
        "MTU lock column: {r:?}"
    );
    let neigh: Vec<_> = ob
        .messages
        .iter()
        .filter(|m| m.event == "RTM_NEWNEIGH")
        .collect();
    assert_eq!(neigh.len(), 6, "the L entries are neighbours");
    let locked = ob
        .messages
        .iter()
        .find(|m| m.get_attr("RTA_DST") == Some(&Value::Ip("10.188.135.0".parse().unwrap())))
        .unwrap();
    assert_eq!(locked.get_attr("RTA_PRIORITY"), Some(&Value::U32(8)));
    let reject = ob
        .messages
        .iter()
        .find(|m| m.get_attr("RTA_DST") == Some(&Value::Ip("224.0.0.0".parse().unwrap())))
        .unwrap();
    assert!(
        matches!(reject.body, Body::Route(h) if h.kind == RTN_UNREACHABLE && h.proto == RTPROT_STATIC)
    );

    // OpenBSD regress `route -n show` tables and a jackpal FreeBSD table.
    for f in [
        "openbsd-regress-sbin-route/rttest1.ok",
        "openbsd-regress-sbin-route/rttest14.ok",
        "jackpal-gateway/freeBSD.txt",
    ] {
        let p = parse_netstat(&fixture(f), &none);
        assert!(p.skipped.is_empty(), "{f}: {:?}", p.skipped);
        assert!(!p.messages.is_empty(), "{f}");
    }
    let rt1 =
        routes(&parse_netstat(&fixture("openbsd-regress-sbin-route/rttest1.ok"), &none).messages);
    assert!(rt1.contains(&t("10.0.0.0/16", "192.0.2.4", "lo10004")));
    assert!(rt1.contains(&t("10.0.0.0/8", "192.0.2.1", "lo10001")));
}

#[test]
fn arp_and_ndp_entries_are_neighbours() {
    need_fixtures!();
    let names: HashMap<String, u32> = [("vtnet0".to_string(), 1)].into();
    let p = parse_arp(
        &fixture("ohai/freebsd_network_spec_extracted/freebsd_arp.txt"),
        &names,
    );
    assert!(p.skipped.is_empty(), "{:?}", p.skipped);
    assert_eq!(p.messages.len(), 3);
    let first = &p.messages[0];
    assert_eq!(
        first.get_attr("NDA_DST"),
        Some(&Value::Ip("140.211.10.91".parse::<IpAddr>().unwrap()))
    );
    assert_eq!(
        first.get_attr("NDA_LLADDR").unwrap().to_string(),
        "fa:16:3e:ba:3e:25"
    );
    assert!(matches!(first.body, Body::Neighbour(h) if h.state == NUD_PERMANENT && h.ifindex == 1));
    assert!(matches!(p.messages[1].body, Body::Neighbour(h) if h.state == NUD_REACHABLE));

    let ndp = "Neighbor                             Linklayer Address  Netif Expire    S Flags\n\
               fe80::1%em0                          52:54:00:12:35:02    em0 23h59m58s S R\n\
               2001:db8::5                          (incomplete)         em0 1s        I\n\
               fe80::5054:ff:fe12:3456%em0          52:54:00:12:34:56    em0 permanent R\n";
    let p = parse_ndp(ndp, &HashMap::new());
    assert!(p.skipped.is_empty(), "{:?}", p.skipped);
    let states: Vec<_> = p
        .messages
        .iter()
        .map(|m| match m.body {
            Body::Neighbour(h) => (h.state, h.flags),
            _ => panic!(),
        })
        .collect();
    assert_eq!(
        states,
        [
            (NUD_STALE, NTF_ROUTER),
            (NUD_INCOMPLETE, 0),
            (NUD_PERMANENT, 0)
        ]
    );
}

#[test]
fn garbage_lines_are_skipped_with_a_reason() {
    need_fixtures!();
    let p = parse_ifconfig("\tinet 10.0.0.1\nnot an interface\nem0: flags=zz<> mtu 1500\n");
    assert_eq!(p.skipped.len(), 3, "{:?}", p.skipped);
    let p = parse_netstat(
        "10.0.0.0 1.2.3.4 UG\nDestination Gateway Flags\n300.1/8 x U\n",
        &HashMap::new(),
    );
    assert_eq!(p.skipped.len(), 2, "{:?}", p.skipped);
    assert!(p.skipped[1].1.contains("300.1/8"));
    // Links parsed from ifconfig give the names for netstat and arp.
    let l = parse_ifconfig(&fixture("cloud-init/openbsd-ifconfig-output"));
    assert_eq!(names_of(&l.messages).get("vio0"), Some(&1));
}
