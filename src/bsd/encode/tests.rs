//! Byte-level checks of the routing-socket requests against what each
//! kernel requires; every assertion names the kernel function behind it
//! (see `docs/bsd-audit.md`). Offsets are amd64 unless said.

use super::super::decode::decode_stream;
use super::*;
use crate::common::value::Value;
use crate::{Interface, LinkAddr};

const FREEBSD64: Layout = Layout::FREEBSD_AMD64;
const FREEBSD32: Layout = Layout::FREEBSD_I386;
const OPENBSD64: Layout = Layout::OPENBSD_AMD64;
const OPENBSD32: Layout = Layout::OPENBSD_I386;
const ALL: [Layout; 4] = [FREEBSD64, FREEBSD32, OPENBSD64, OPENBSD32];

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

fn i64_at(b: &[u8], at: usize) -> i64 {
    i64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}

fn route(l: &Layout, verb: Verb, spec: &RouteSpec, dev: Option<u16>) -> Vec<u8> {
    route_request(l, verb, spec, dev).unwrap().encode(l, 7)
}

const NOW: Clocks = Clocks {
    monotonic: 1000,
    wall: 1_700_000_000,
};

fn neigh(l: &Layout, verb: Verb, spec: &NeighbourSpec, dev: u16) -> Vec<u8> {
    neighbour_request(l, verb, spec, dev, NOW)
        .unwrap()
        .encode(l, 7)
}

fn arp(ip: &str) -> NeighbourSpec {
    NeighbourSpec::ip(ip.parse().unwrap(), Interface::Index(4))
        .lladdr(LinkAddr::parse("02:00:00:00:00:09").unwrap())
}

fn net(p: &str) -> RouteSpec {
    RouteSpec::to(p.parse().unwrap())
}

#[test]
fn requests_decode_back_on_every_layout() {
    for l in ALL {
        let spec = net("10.1.0.0/16")
            .via("192.0.2.1".parse().unwrap())
            .route_metric(2, 1400);
        let m = decode_stream(l, &route(&l, Verb::Add, &spec, None))
            .remove(0)
            .unwrap();
        assert_eq!(m.event, "RTM_NEWROUTE", "{l:?}");
        assert_eq!(m.header.sequence_number, 7);
        assert_eq!(
            m.get_attr("RTA_DST"),
            Some(&Value::Ip("10.1.0.0".parse().unwrap()))
        );
        assert_eq!(
            m.get_attr("RTA_GATEWAY"),
            Some(&Value::Ip("192.0.2.1".parse().unwrap()))
        );
        let crate::Body::Route(h) = m.body else {
            panic!()
        };
        assert_eq!((h.dst_len, h.proto), (16, RTPROT_STATIC));
        let mtu = m
            .get_attr("RTA_METRICS")
            .and_then(Value::as_nested)
            .unwrap();
        assert!(
            mtu.iter()
                .any(|a| a.name == "RTAX_MTU" && a.value == Value::U32(1400))
        );

        let v6 = net("2001:db8::/64").kind(RTN_BLACKHOLE);
        let m = decode_stream(l, &route(&l, Verb::Delete, &v6, None))
            .remove(0)
            .unwrap();
        assert_eq!(m.event, "RTM_DELROUTE");
        let crate::Body::Route(h) = m.body else {
            panic!()
        };
        assert_eq!((h.family, h.dst_len, h.kind), (AF_INET6, 64, RTN_BLACKHOLE));

        // ARP and NDP entries come back as neighbours, with their MAC.
        for ip in ["192.0.2.9", "2001:db8::9"] {
            let m = decode_stream(l, &neigh(&l, Verb::Add, &arp(ip), 4))
                .remove(0)
                .unwrap();
            assert_eq!(m.event, "RTM_NEWNEIGH", "{l:?} {ip}");
            assert_eq!(m.get_attr("NDA_DST"), Some(&Value::Ip(ip.parse().unwrap())));
            assert_eq!(
                m.get_attr("NDA_LLADDR").map(|v| v.to_string()),
                Some("02:00:00:00:00:09".into())
            );
            let crate::Body::Neighbour(h) = m.body else {
                panic!()
            };
            assert_eq!((h.ifindex, h.state), (4, NUD_PERMANENT));
        }
    }
    let spec = net("10.9.0.0/16")
        .dev(Interface::Index(3))
        .table(5)
        .metric(12);
    let m = decode_stream(OPENBSD64, &route(&OPENBSD64, Verb::Change, &spec, Some(3)))
        .remove(0)
        .unwrap();
    assert_eq!(m.get_attr("RTA_TABLE"), Some(&Value::U32(5)));
    assert_eq!(m.get_attr("RTA_PRIORITY"), Some(&Value::U32(12)));
    assert_eq!(m.get_attr("RTA_OIF"), Some(&Value::U32(3)));
    assert_ne!(m.header.flags & NLM_F_REPLACE, 0);
}

/// OpenBSD `rtm_xaddrs`: an AF_LINK sockaddr shorter than `struct
/// sockaddr_dl` (32) is EINVAL; a network route through a device needs
/// RTF_CLONING (`route_output` makes it one LLINFO entry otherwise).
#[test]
fn openbsd_device_routes_and_arp_entries_carry_whole_sockaddr_dl() {
    let spec = net("10.9.0.0/16").dev(Interface::Index(3));
    let b = route(&OPENBSD64, Verb::Add, &spec, Some(3));
    assert_eq!(u16_at(&b, 0) as usize, b.len());
    assert_eq!(b.len(), 96 + 16 + 32 + 16);
    assert_eq!(u32_at(&b, 12), RTA_DST | RTA_GATEWAY | RTA_NETMASK);
    assert_eq!(u32_at(&b, 16), RTF_UP | RTF_STATIC | openbsd::RTF_CLONING);
    assert_eq!(&b[112..120], &[32, 18, 3, 0, 0, 0, 0, 0]);
    assert!(b[120..144].iter().all(|&x| x == 0));
    assert_eq!(&b[144..152], &[16, 2, 0, 0, 255, 255, 0, 0]);
    // A host route through a device is one on-link entry: no cloning.
    let host = route(
        &OPENBSD64,
        Verb::Add,
        &net("10.0.0.5/32").dev(Interface::Index(3)),
        Some(3),
    );
    assert_eq!(u32_at(&host, 16) & openbsd::RTF_CLONING, 0);

    let b = neigh(&OPENBSD64, Verb::Add, &arp("192.0.2.9"), 4);
    assert_eq!(b.len(), 96 + 16 + 32);
    assert_eq!(&b[112..126], &[32, 18, 4, 0, 6, 0, 6, 0, 2, 0, 0, 0, 0, 9]);
    // FreeBSD's own route(8) sends 20 bytes, and its kernel took them.
    let b = route(
        &FREEBSD64,
        Verb::Add,
        &net("10.9.0.0/16").dev(Interface::Index(3)),
        Some(3),
    );
    assert_eq!(b[152 + 16], 20);
    assert_eq!(u32_at(&b, 8) & openbsd::RTF_CLONING, 0);
}

/// FreeBSD `rt_xaddrs` → `sa6_embedscope` reads the zone from
/// `sin6_scope_id`; OpenBSD wants it in address bytes 2-3 (its route(8)
/// and ndp(8) embed it) and compares gateways byte for byte.
#[test]
fn link_local_gateways_and_neighbours_carry_their_zone() {
    let spec = net("2001:db8::/64")
        .via("fe80::1".parse().unwrap())
        .dev(Interface::Index(4));
    let b = route(&FREEBSD64, Verb::Add, &spec, Some(4));
    // DST 28 → 32, GATEWAY at 184: scope id at +24, address bytes 2-3 zero.
    assert_eq!(&b[184..186], &[28, 28]);
    assert_eq!(&b[192..194], &[0xfe, 0x80]);
    assert_eq!(&b[194..196], &[0, 0]);
    assert_eq!(&b[208..212], &[4, 0, 0, 0]);
    // The destination is global: no zone.
    assert_eq!(&b[152 + 24..152 + 28], &[0; 4]);

    let b = route(&OPENBSD64, Verb::Add, &spec, Some(4));
    assert_eq!(&b[128..130], &[28, 24]);
    assert_eq!(&b[136..140], &[0xfe, 0x80, 0, 4]);
    assert_eq!(&b[128 + 24..128 + 28], &[0; 4], "sin6_scope_id stays 0");

    // i386: header 92, sockaddrs rounded to 4.
    let b = route(&FREEBSD32, Verb::Add, &spec, Some(4));
    assert_eq!(&b[92 + 28 + 24..92 + 28 + 28], &[4, 0, 0, 0]);

    // Without a device there is no zone to give: refused, nothing sent.
    let no_dev = net("2001:db8::/64").via("fe80::1".parse().unwrap());
    for l in ALL {
        assert!(route_request(&l, Verb::Add, &no_dev, None).is_err());
    }

    let ll = NeighbourSpec::ip("fe80::9".parse().unwrap(), Interface::Index(4))
        .lladdr(LinkAddr::parse("02:00:00:00:00:09").unwrap());
    let b = neigh(&FREEBSD64, Verb::Add, &ll, 4);
    assert_eq!(&b[152 + 24..152 + 28], &[4, 0, 0, 0]);
    let b = neigh(&OPENBSD64, Verb::Add, &ll, 4);
    assert_eq!(&b[96 + 8..96 + 12], &[0xfe, 0x80, 0, 4]);
}

/// Neither kernel reads `rtm_index`: the interface of `via G dev D` is
/// RTA_IFP (FreeBSD `rt_getifa_fib`, OpenBSD `rtm_getifa`).
#[test]
fn a_gateway_with_a_device_names_the_device_in_rta_ifp() {
    let spec = net("10.1.0.0/16")
        .via("192.0.2.1".parse().unwrap())
        .dev(Interface::Index(3));
    let b = route(&FREEBSD64, Verb::Add, &spec, Some(3));
    assert_eq!(
        u32_at(&b, 12),
        RTA_DST | RTA_GATEWAY | RTA_NETMASK | RTA_IFP
    );
    assert_eq!(&b[200..204], &[20, 18, 3, 0]);
    assert_eq!(u16_at(&b, 0), 224);
    let b = route(&OPENBSD64, Verb::Add, &spec, Some(3));
    assert_eq!(&b[144..148], &[32, 18, 3, 0]);
    assert_eq!(u16_at(&b, 0), 176);
    // Only a device: it is the gateway, and no RTA_IFP besides.
    let b = route(
        &FREEBSD64,
        Verb::Add,
        &net("10.1.0.0/16").dev(Interface::Index(3)),
        Some(3),
    );
    assert_eq!(u32_at(&b, 12) & RTA_IFP, 0);
}

/// FreeBSD `rt_delete_conditional`: a delete without RTF_PINNED cannot
/// remove the kernel's pinned routes (EADDRINUSE). A delete by device
/// names the prefix only: an AF_LINK gateway never matches an IP one
/// (`match_nhop_gw`), and OpenBSD compares gateways byte for byte.
#[test]
fn deletes_pin_on_freebsd_and_name_device_routes_by_prefix() {
    let b = route(&FREEBSD64, Verb::Delete, &net("10.9.0.0/16"), None);
    assert_ne!(u32_at(&b, 8) & freebsd::RTF_PINNED, 0);
    let b = route(
        &FREEBSD64,
        Verb::Delete,
        &net("10.9.0.0/16").dev(Interface::Index(3)),
        Some(3),
    );
    assert_eq!(u32_at(&b, 12), RTA_DST | RTA_NETMASK);
    assert_eq!(u16_at(&b, 0), 184);
    let b = route(
        &OPENBSD64,
        Verb::Delete,
        &net("10.9.0.0/16").dev(Interface::Index(3)),
        Some(3),
    );
    assert_eq!(u32_at(&b, 12), RTA_DST | RTA_NETMASK);
    assert_eq!(u32_at(&b, 16) & freebsd::RTF_PINNED, 0);
}

/// OpenBSD `rtable_insert`: a second path needs RTF_MPATH; `rtm_output`
/// RTM_CHANGE applies only the flags in `rtm_fmask`.
#[test]
fn openbsd_append_is_multipath_and_change_says_which_flags() {
    let spec = net("10.1.0.0/16").via("192.0.2.1".parse().unwrap());
    let add = route(&OPENBSD64, Verb::Add, &spec, None);
    let append = route(&OPENBSD64, Verb::Append, &spec, None);
    assert_eq!(u32_at(&add, 16) & openbsd::RTF_MPATH, 0);
    assert_ne!(u32_at(&append, 16) & openbsd::RTF_MPATH, 0);
    let change = route(
        &OPENBSD64,
        Verb::Change,
        &net("10.0.0.0/8").kind(RTN_BLACKHOLE),
        None,
    );
    assert_eq!(change[3], RTM_CHANGE);
    assert_eq!(u32_at(&change, 20), 0x1808);
    assert_ne!(u32_at(&change, 16) & RTF_BLACKHOLE, 0);
    assert_eq!(u32_at(&add, 20), 0);
}

/// OpenBSD `route_output`: priorities are masked with RTP_MASK, then 1
/// (RTP_LOCAL) and above 63 (RTP_MAX) are EINVAL; `rtm_tableid` is a
/// u_short and `rtable_add` stops at 255.
#[test]
fn openbsd_priorities_and_tables_are_checked_before_sending() {
    let spec = |m| {
        net("10.1.0.0/16")
            .via("192.0.2.1".parse().unwrap())
            .metric(m)
    };
    for bad in [1, 64, 128, 130, 255, 256] {
        assert!(
            route_request(&OPENBSD64, Verb::Add, &spec(bad), None).is_err(),
            "{bad}"
        );
    }
    for good in [2, 63] {
        assert_eq!(
            route(&OPENBSD64, Verb::Add, &spec(good), None)[10],
            good as u8
        );
    }
    let plain = net("10.1.0.0/16").via("192.0.2.1".parse().unwrap());
    assert_eq!(route(&OPENBSD64, Verb::Add, &plain, None)[10], 0);
    for bad in [256, 65536, 65790] {
        assert!(route_request(&OPENBSD64, Verb::Add, &plain.clone().table(bad), None).is_err());
    }
    assert_eq!(
        &route(&OPENBSD64, Verb::Add, &plain.clone().table(255), None)[8..10],
        &[255, 0]
    );
    assert_eq!(
        &route(&OPENBSD64, Verb::Add, &plain.clone().table(254), None)[8..10],
        &[0, 0]
    );
    // FreeBSD has no route metric.
    assert!(route_request(&FREEBSD64, Verb::Add, &spec(5), None).is_err());
}

/// FreeBSD `lla_rt_output`: the interface comes only from the gateway's
/// `sdl_index` (a delete without a gateway dereferences NULL); RTM_CHANGE
/// is EINVAL (RTM_ADD replaces); `rmx_expire` 0 means static.
#[test]
fn freebsd_neighbour_requests_follow_lla_rt_output() {
    let bare = NeighbourSpec::ip("192.0.2.9".parse().unwrap(), Interface::Index(4));
    let b = neigh(&FREEBSD64, Verb::Delete, &bare, 4);
    assert_eq!(u16_at(&b, 0) as usize, b.len());
    assert_eq!(b.len(), 192);
    assert_eq!(b[3], RTM_DELETE);
    assert_eq!(u32_at(&b, 8), RTF_UP | RTF_HOST | RTF_LLINFO);
    assert_eq!(u32_at(&b, 12), RTA_DST | RTA_GATEWAY);
    assert_eq!(&b[168..172], &[20, 18, 4, 0]);
    assert_eq!(b[174], 0, "no link-layer address");
    assert!(neighbour_request(&FREEBSD64, Verb::Delete, &bare, 0, NOW).is_err());

    let change = neigh(&FREEBSD64, Verb::Change, &arp("192.0.2.9"), 4);
    assert_eq!(change[3], RTM_ADD);
    assert_ne!(u32_at(&change, 8) & RTF_LLINFO, 0);

    // Permanent: rmx_expire 0, no RTV_EXPIRE. Reachable: an expiry on
    // the monotonic clock, 20 minutes on.
    let perm = neigh(&FREEBSD64, Verb::Add, &arp("192.0.2.9"), 4);
    assert_eq!((u32_at(&perm, 32), i64_at(&perm, 64)), (0, 0));
    assert_ne!(u32_at(&perm, 8) & RTF_STATIC, 0);
    let temp = neigh(
        &FREEBSD64,
        Verb::Add,
        &arp("192.0.2.9").state(NUD_REACHABLE),
        4,
    );
    assert_eq!(u32_at(&temp, 32), 4, "RTV_EXPIRE");
    assert_eq!(i64_at(&temp, 64), 1000 + NEIGHBOUR_LIFETIME);
    assert_eq!(u32_at(&temp, 8) & RTF_STATIC, 0);
    // i386: rt_metrics of 4-byte u_longs from 36: expire at 48.
    let temp32 = neigh(
        &FREEBSD32,
        Verb::Add,
        &arp("192.0.2.9").state(NUD_REACHABLE),
        4,
    );
    assert_eq!(u32_at(&temp32, 48), (1000 + NEIGHBOUR_LIFETIME) as u32);
}

/// OpenBSD `arp_rtrequest` stamps an entry added without RTV_EXPIRE as
/// expired; `arpcache` overwrites all but RTF_PERMANENT_ARP entries;
/// RTM_CHANGE takes flags through `rtm_fmask`; a delete's gateway would be
/// compared byte for byte with the kernel's.
#[test]
fn openbsd_neighbour_requests_follow_arp_rtrequest() {
    let perm = neigh(&OPENBSD64, Verb::Add, &arp("192.0.2.9"), 4);
    assert_eq!(u32_at(&perm, 16), 0x2c05);
    assert_eq!((u32_at(&perm, 36), i64_at(&perm, 48)), (4, 0));
    let v6 = neigh(&OPENBSD64, Verb::Add, &arp("2001:db8::9"), 4);
    assert_eq!(u32_at(&v6, 16) & openbsd::RTF_PERMANENT_ARP, 0);
    let temp = neigh(&OPENBSD64, Verb::Add, &arp("192.0.2.9").state(NUD_STALE), 4);
    assert_eq!(u32_at(&temp, 16) & RTF_STATIC, 0);
    assert_eq!(i64_at(&temp, 48), NOW.wall + NEIGHBOUR_LIFETIME);
    let change = neigh(&OPENBSD64, Verb::Change, &arp("192.0.2.9"), 4);
    assert_eq!(change[3], RTM_CHANGE);
    assert_eq!(u32_at(&change, 20), 0x2800);
    let del = neigh(&OPENBSD64, Verb::Delete, &arp("192.0.2.9"), 4);
    assert_eq!(u32_at(&del, 12), RTA_DST);
}

/// FreeBSD `update_rtm_from_rc` answers with the interface and source
/// address only when the RTM_GET carries RTA_IFP.
#[test]
fn route_get_asks_freebsd_for_the_interface() {
    let b = route_get_request(&FREEBSD64, "192.0.2.7".parse().unwrap(), 0, 0).encode(&FREEBSD64, 1);
    assert_eq!(u32_at(&b, 12), RTA_DST | RTA_IFP);
    assert_eq!(&b[168..172], &[20, 18, 0, 0]);
    assert_eq!(u16_at(&b, 0), 192);
    let b = route_get_request(&OPENBSD64, "192.0.2.7".parse().unwrap(), 0, 3).encode(&OPENBSD64, 1);
    assert_eq!(u32_at(&b, 12), RTA_DST);
    assert_eq!(&b[8..10], &[3, 0]);
    // An exact lookup carries the netmask, host routes too.
    let b = route_exact_get(&FREEBSD64, "10.0.0.5/32".parse().unwrap(), 0, 0).encode(&FREEBSD64, 1);
    assert_eq!(u32_at(&b, 12), RTA_DST | RTA_NETMASK);
    assert_eq!(&b[168..176], &[16, 2, 0, 0, 255, 255, 255, 255]);
}

/// MPLS routes are refused by name on both systems, nothing built.
#[test]
fn mpls_routes_are_refused() {
    let spec = RouteSpec::mpls(100).mpls_out(&[200]);
    for l in [&FREEBSD64, &OPENBSD64] {
        let e = route_request(l, Verb::Add, &spec, None).unwrap_err();
        assert!(matches!(e, Error::Unsupported(_)), "{e}");
        assert!(
            e.to_string().contains("-f mpls route add 100 as 200"),
            "{e}"
        );
    }
}

/// A route through a nexthop object has no routing-socket form: refused
/// by name, nothing built.
#[test]
fn routes_through_nexthop_objects_are_refused() {
    let spec = RouteSpec {
        nhid: Some(10),
        ..net("10.5.0.0/16")
    };
    for l in [&FREEBSD64, &OPENBSD64] {
        let e = route_request(l, Verb::Add, &spec, None).unwrap_err();
        assert!(matches!(e, Error::Unsupported(_)), "{e}");
        assert!(
            e.to_string().contains("route add 10.5.0.0/16 nhid 10"),
            "{e}"
        );
    }
}
