//! Change requests at the byte level, on any OS: what rtsock encodes must
//! equal what `ip` sent in captured sessions (pyroute2's scripts-2015, the
//! rust-netlink route metric captures), and for the kinds whose modules
//! this machine lacks (vlan, bond, dummy) the link-info we send must appear
//! byte for byte in a kernel's own description of such a link. Property
//! checks decode every kind of request we build and find the spec again.

#[macro_use]
#[path = "support/fixtures.rs"]
mod fixtures;

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::PathBuf;

use rtsock::capture::parse_hex;
use rtsock::change::*;
use rtsock::constants::*;
use rtsock::linux::decode_stream;
use rtsock::raw::netlink::Attrs;
use rtsock::raw::netlink::{
    NetnsRef, Resolver, address_request, link_request, neighbour_request, route_request,
    rule_request,
};
use rtsock::{Interface, LinkAddr, Message, Value};
use serde_json::Value as Json;

fn fixture(rel: &str) -> PathBuf {
    fixtures::path(rel)
}

/// Interface names as the captured machine numbered them.
struct Names(HashMap<&'static str, u32>);

impl Resolver for Names {
    fn ifindex(&mut self, dev: &Interface, what: &str) -> rtsock::Result<u32> {
        match dev {
            Interface::Index(i) => Ok(*i),
            Interface::Name(n) => self
                .0
                .get(n.as_str())
                .copied()
                .ok_or_else(|| rtsock::Error::NotFound(format!("{what}: {n}"))),
        }
    }

    fn netns(&mut self, _: &Netns, _: &str) -> rtsock::Result<NetnsRef> {
        Ok(NetnsRef::Fd(9))
    }
}

fn names(list: &[(&'static str, u32)]) -> Names {
    Names(list.iter().copied().collect())
}

/// The captured request of a scripts-2015 file: the RTM_NEWLINK with NLM_F_CREATE.
fn captured_request(file: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(fixture(&format!("pyroute2/scripts-2015/{file}"))).unwrap();
    text.lines()
        .filter(|l| l.starts_with("\\x"))
        .map(|l| parse_hex(l).unwrap())
        .find(|b| b[4] == 16 && b[7] & 0x04 != 0)
        .unwrap_or_else(|| panic!("{file}: no request"))
}

fn seq_of(b: &[u8]) -> u32 {
    u32::from_ne_bytes(b[8..12].try_into().unwrap())
}

fn show_diff(ours: &[u8], theirs: &[u8]) -> String {
    let at = ours.iter().zip(theirs).position(|(a, b)| a != b);
    format!(
        "lengths {} vs {}, first difference at {at:?}\nours:   {ours:02x?}\ntheirs: {theirs:02x?}",
        ours.len(),
        theirs.len()
    )
}

#[test]
fn macvlan_and_macvtap_requests_equal_ips() {
    need_fixtures!();
    for (file, name, kind) in [
        (
            "macvlan_01.data",
            "mvlan0",
            LinkKind::Macvlan {
                mode: MacvlanMode::Vepa,
            },
        ),
        (
            "macvtap_01.data",
            "mvtap0",
            LinkKind::Macvtap {
                mode: MacvlanMode::Vepa,
            },
        ),
    ] {
        let theirs = captured_request(file);
        let spec = LinkSpec::named(name).link("dummy0").kind(kind);
        let ours = link_request(Verb::Add, &spec, &mut names(&[("dummy0", 7)]))
            .unwrap()
            .finish(seq_of(&theirs), 0);
        assert_eq!(ours, theirs, "{file}: {}", show_diff(&ours, &theirs));
    }
}

#[test]
fn vxlan_request_equals_ips() {
    need_fixtures!();
    // ip link add type vxlan id 43 group 239.1.1.2 local 172.16.101.1 ttl 10
    //   tos 11 dev dummy0 dstport 12 srcport 13 14
    let theirs = captured_request("vxlan_01.data");
    let vx = Vxlan {
        id: 43,
        group: Some("239.1.1.2".parse().unwrap()),
        local: Some("172.16.101.1".parse().unwrap()),
        ttl: Some(10),
        tos: Some(0x11),
        learning: Some(true),
        proxy: Some(false),
        rsc: Some(false),
        l2miss: Some(false),
        l3miss: Some(false),
        port_range: Some((13, 14)),
        port: Some(12),
        ..Vxlan::default()
    };
    let spec = LinkSpec {
        kind: Some(LinkKind::Vxlan(vx)),
        link: Some("dummy0".into()),
        ..LinkSpec::default()
    };
    let ours = link_request(Verb::Add, &spec, &mut names(&[("dummy0", 13)]))
        .unwrap()
        .finish(seq_of(&theirs), 0);
    assert_eq!(ours, theirs, "{}", show_diff(&ours, &theirs));
}

fn rust_netlink(test: &str) -> Vec<u8> {
    let text =
        std::fs::read_to_string(fixture("netlink-packet-route/extracted_raw_arrays.json")).unwrap();
    let all: Json = serde_json::from_str(&text).unwrap();
    let entry = all
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["test"] == test)
        .unwrap_or_else(|| panic!("no capture {test}"));
    let hex = entry["hex"].as_str().unwrap();
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn route_requests_with_metrics_equal_ips() {
    need_fixtures!();
    // `ip route add 10.10x.0.0/16 via 10.0.0.254 dev test-dummy METRICS`,
    // captured without the netlink header.
    let base = |third: u8| {
        RouteSpec::to(IpNet::new(IpAddr::from([10, third, 0, 0]), 16).unwrap())
            .via("10.0.0.254".parse().unwrap())
            .dev("test-dummy")
    };
    let lock_rto_min = 1 << 13;
    let cases = [
        (
            "test_route_metrics_mtu_window_rtt_hoplimit",
            base(103)
                .route_metric(2, 1500)
                .route_metric(3, 65535)
                .route_metric(4, 800)
                .route_metric(10, 64),
        ),
        (
            "test_route_metrics_advmss_ssthresh_cwnd_initcwnd_initrwnd",
            base(106)
                .route_metric(8, 1460)
                .route_metric(6, 100)
                .route_metric(7, 100)
                .route_metric(11, 10)
                .route_metric(14, 10),
        ),
        (
            "test_route_metrics_reordering_rto_min_quickack_fastopen",
            base(107)
                .route_metric(9, 5)
                .route_metric(1, lock_rto_min)
                .route_metric(13, 200)
                .route_metric(15, 1)
                .route_metric(17, 1),
        ),
        (
            "test_route_metrics_features_ecn",
            base(108).route_metric(12, 1),
        ),
    ];
    for (test, spec) in cases {
        let theirs = rust_netlink(test);
        let ours = route_request(Verb::Add, &spec, &mut names(&[("test-dummy", 0x11)]))
            .unwrap()
            .finish(1, 0);
        let ours = &ours[16..];
        assert_eq!(ours, &theirs[..], "{test}: {}", show_diff(ours, &theirs));
    }
}

/// The attributes of a buffer, by type (nested flag cleared), as raw bytes.
fn attr_map(buf: &[u8]) -> HashMap<u16, Vec<u8>> {
    Attrs::new(buf, 0)
        .map(|a| a.unwrap())
        .map(|a| (a.kind, a.payload.to_vec()))
        .collect()
}

/// Every attribute of `ours` appears in `theirs` with the same bytes; a
/// nested IFLA_INFO_DATA is compared attribute by attribute.
fn assert_subset(ours: &[u8], theirs: &[u8], path: &str) {
    let theirs = attr_map(theirs);
    for (kind, payload) in attr_map(ours) {
        let Some(t) = theirs.get(&kind) else {
            panic!("{path}: attribute {kind} missing from the capture");
        };
        if kind == 2 {
            assert_subset(&payload, t, &format!("{path}/INFO_DATA"));
        } else if kind == 1 && !path.contains('/') {
            // IFLA_INFO_KIND: `ip` sends it bare, the kernel answers with a NUL.
            let trim = |b: &[u8]| b.strip_suffix(&[0]).unwrap_or(b).to_vec();
            assert_eq!(trim(&payload), trim(t), "{path}: IFLA_INFO_KIND");
        } else {
            assert_eq!(&payload, t, "{path}: attribute {kind}");
        }
    }
}

/// The IFLA_LINKINFO payload of a link message without its netlink header.
fn linkinfo_of_payload(payload: &[u8]) -> Vec<u8> {
    attr_map(&payload[16..])
        .remove(&18)
        .expect("a link with IFLA_LINKINFO")
}

fn our_linkinfo(spec: &LinkSpec) -> Vec<u8> {
    let bytes = link_request(Verb::Add, spec, &mut names(&[("eth1", 2)]))
        .unwrap()
        .finish(1, 0);
    linkinfo_of_payload(&bytes[16..])
}

#[test]
fn vlan_bond_and_dummy_link_info_match_kernel_captures() {
    need_fixtures!();
    // Modules missing on this machine: the kernel's own description of such
    // a link must contain what we would send, byte for byte.
    let vlan = LinkSpec::named("eth1.101")
        .link("eth1")
        .kind(LinkKind::Vlan {
            id: 101,
            protocol: VlanProtocol::Dot1Q,
        });
    let captured = linkinfo_of_payload(&rust_netlink("test_parsing_link_vlan"));
    assert_subset(&our_linkinfo(&vlan), &captured, "vlan");

    let bond = LinkSpec::named("bond0").kind(LinkKind::Bond { mode: Some(0) });
    let captured = linkinfo_of_payload(&rust_netlink("test_bond_link_info"));
    assert_subset(&our_linkinfo(&bond), &captured, "bond");

    let dummy = LinkSpec::named("dummy0").kind(LinkKind::Dummy);
    let captured = linkinfo_of_payload(&rust_netlink("test_parsing_link_bond_port_ad"));
    assert_subset(&our_linkinfo(&dummy), &captured, "dummy");

    // And the check is not vacuous: another vlan id or an 802.1ad tag differs.
    let other = LinkSpec::named("eth1.102")
        .link("eth1")
        .kind(LinkKind::Vlan {
            id: 102,
            protocol: VlanProtocol::Dot1AD,
        });
    let captured = linkinfo_of_payload(&rust_netlink("test_parsing_link_vlan"));
    let result = std::panic::catch_unwind(|| assert_subset(&our_linkinfo(&other), &captured, "x"));
    assert!(result.is_err(), "a different vlan matched the capture");
}

fn decode_one(bytes: &[u8]) -> Message {
    let mut all = decode_stream(bytes);
    assert_eq!(all.len(), 1);
    all.remove(0).unwrap()
}

fn resolver() -> Names {
    names(&[("veth0", 3), ("veth1", 4), ("br0", 5)])
}

#[test]
fn every_request_decodes_back_to_its_spec() {
    let mut r = resolver();
    // Routes: every key field survives encode -> decode -> from_message.
    let routes = [
        RouteSpec::to("10.1.0.0/16".parse().unwrap())
            .via("10.0.0.2".parse().unwrap())
            .dev("veth0")
            .table(100_000)
            .metric(7)
            .protocol(RTPROT_STATIC),
        RouteSpec::to("2001:db8::/64".parse().unwrap())
            .via("fe80::1".parse().unwrap())
            .dev("veth1"),
        RouteSpec::default_route(AF_INET).dev("veth0").table(200),
        RouteSpec::to("10.9.0.0/16".parse().unwrap()).kind(RTN_BLACKHOLE),
    ];
    for spec in routes {
        for verb in [
            Verb::Add,
            Verb::Replace,
            Verb::Append,
            Verb::Change,
            Verb::Delete,
        ] {
            let m = decode_one(&route_request(verb, &spec, &mut r).unwrap().finish(5, 0));
            let back = RouteSpec::from_message(&m).unwrap();
            assert_eq!(back.dst, spec.dst.filter(|d| d.len > 0), "{spec:?}");
            assert_eq!(back.gateway, spec.gateway);
            assert_eq!(back.table, Some(spec.resolved_table()));
            assert_eq!(back.metric, spec.metric);
            assert_eq!(
                back.dev,
                spec.dev.as_ref().map(|d| r.ifindex(d, "").unwrap().into())
            );
            assert_eq!(
                m.header.flags & 0x0f00,
                rtsock::raw::netlink::verb_flags(verb) & 0x0f00
            );
            let want = if verb == Verb::Delete {
                RTM_DELROUTE
            } else {
                RTM_NEWROUTE
            };
            assert_eq!(m.header.kind, want);
        }
    }
    // Multipath: the weights come back.
    let mp = RouteSpec::to("10.3.0.0/16".parse().unwrap())
        .nexthop(
            NextHopSpec::via("10.0.0.2".parse().unwrap())
                .dev("veth0")
                .weight(2),
        )
        .nexthop(NextHopSpec::via("10.0.0.3".parse().unwrap()).weight(256));
    let m = decode_one(&route_request(Verb::Add, &mp, &mut r).unwrap().finish(5, 0));
    let view = rtsock::views::Route::from_message(&m).unwrap();
    let hops: Vec<_> = view
        .nexthops
        .iter()
        .map(|h| (h.gateway, h.weight, h.oif))
        .collect();
    assert_eq!(
        hops,
        [
            (Some("10.0.0.2".parse().unwrap()), 2, 3),
            (Some("10.0.0.3".parse().unwrap()), 256, 0)
        ]
    );

    // Addresses.
    let a = AddressSpec::new("10.9.0.1/32".parse().unwrap(), "veth0")
        .peer("10.9.0.2/32".parse().unwrap())
        .label("veth0:p")
        .lifetimes(100, 50)
        .noprefixroute();
    let m = decode_one(&address_request(Verb::Add, &a, &mut r).unwrap().finish(5, 0));
    let back = AddressSpec::from_message(&m).unwrap();
    assert_eq!((back.local, back.peer), (a.local, a.peer));
    assert_eq!(back.dev, Interface::Index(3));
    assert_eq!(
        m.get_attr("IFA_LABEL").and_then(Value::as_str),
        Some("veth0:p")
    );
    assert_eq!(
        m.get_attr("IFA_FLAGS").and_then(Value::as_u32),
        Some(IFA_F_NOPREFIXROUTE)
    );

    // Neighbours and FDB entries.
    let n = NeighbourSpec::ip("10.0.0.9".parse().unwrap(), "veth0")
        .lladdr(LinkAddr::parse("02:00:00:00:00:09").unwrap())
        .state(NUD_REACHABLE);
    let m = decode_one(
        &neighbour_request(Verb::Replace, &n, &mut r)
            .unwrap()
            .finish(5, 0),
    );
    let back = NeighbourSpec::from_message(&m).unwrap();
    assert_eq!(
        (back.dst, back.lladdr, back.state),
        (n.dst, n.lladdr, n.state)
    );
    let f = NeighbourSpec::fdb(LinkAddr::parse("02:00:00:00:00:aa").unwrap(), "veth1");
    let m = decode_one(
        &neighbour_request(Verb::Add, &f, &mut r)
            .unwrap()
            .finish(5, 0),
    );
    let back = NeighbourSpec::from_message(&m).unwrap();
    assert_eq!(
        (back.family, back.lladdr, back.flags),
        (AF_BRIDGE, f.lladdr, NTF_MASTER)
    );

    // Rules.
    let mut rule = RuleSpec::new()
        .from("10.0.0.0/8".parse().unwrap())
        .to("192.0.2.0/24".parse().unwrap())
        .iif("veth0")
        .oif("veth1")
        .fwmark(16, Some(255))
        .priority(100)
        .table(100_000);
    rule.invert = true;
    let m = decode_one(&rule_request(Verb::Add, &rule).unwrap().finish(5, 0));
    let back = RuleSpec::from_message(&m).unwrap();
    assert_eq!(
        back,
        RuleSpec {
            family: Some(AF_INET),
            action: Some(FR_ACT_TO_TBL),
            ..rule
        }
    );

    // Links: name, parent, master, settings, kind and the veth peer.
    let spec = LinkSpec::named("mv0")
        .link("veth0")
        .kind(LinkKind::Macvlan {
            mode: MacvlanMode::Bridge,
        })
        .mtu(1400)
        .txqlen(10)
        .master("br0")
        .address(LinkAddr::parse("02:00:00:00:00:01").unwrap())
        .up();
    let m = decode_one(&link_request(Verb::Add, &spec, &mut r).unwrap().finish(5, 0));
    let link = rtsock::views::Link::from_message(&m).unwrap();
    assert_eq!(link.name, "mv0");
    assert_eq!(
        (link.link, link.master, link.mtu, link.txqlen),
        (Some(3), Some(5), Some(1400), Some(10))
    );
    assert_eq!(link.kind.as_deref(), Some("macvlan"));
    assert_eq!(link.address, spec.address);
    assert!(link.is_up());
    let veth = LinkSpec::named("a0").kind(LinkKind::Veth {
        peer: "a1".into(),
        peer_netns: Some(Netns::Named("far".into())),
    });
    let m = decode_one(&link_request(Verb::Add, &veth, &mut r).unwrap().finish(5, 0));
    let text = serde_json::to_string(&m).unwrap();
    assert!(text.contains(r#"["IFLA_IFNAME","a1"]"#), "{text}");
    assert!(text.contains(r#"["IFLA_NET_NS_FD",9]"#), "{text}");
}
