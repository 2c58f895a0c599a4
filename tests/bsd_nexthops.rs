//! FreeBSD's nexthops and nexthop groups (sysctl NET_RT_NHOP and
//! NET_RT_NHGRP), decoded from records built here by the C layouts of
//! `sys/net/route/nhop.h` and written as the kernel writes them
//! (`dump_nhop_entry` in nhop_ctl.c, `dump_nhgrp_entry` in nhgrp_ctl.c),
//! on amd64. No capture of these sysctls exists to test against.

use std::net::IpAddr;

#[macro_use]
#[path = "support/fixtures.rs"]
mod fixtures;

use rtsock::bsd::{BsdMessages, Decoder, Layout, Records};
use rtsock::views::Nexthop;
use rtsock::{Message, Value};

const FREEBSD: Layout = Layout::FREEBSD_AMD64;
/// sizeof(struct rt_msghdr) on amd64.
const RT: usize = 152;
const AF_INET6_FREEBSD: u8 = 28;

fn sockaddr_in(a: [u8; 4]) -> Vec<u8> {
    let mut s = vec![16, 2, 0, 0];
    s.extend_from_slice(&a);
    s.extend_from_slice(&[0; 8]);
    s
}

fn sockaddr_in6(a: std::net::Ipv6Addr) -> Vec<u8> {
    let mut s = vec![28, AF_INET6_FREEBSD, 0, 0, 0, 0, 0, 0];
    s.extend_from_slice(&a.octets());
    s.extend_from_slice(&[0; 4]);
    s
}

/// The short AF_LINK sockaddr dump_nhop_entry writes for a direct route.
fn sockaddr_dl(index: u16) -> Vec<u8> {
    let mut s = vec![16, 18];
    s.extend_from_slice(&index.to_le_bytes());
    s.extend_from_slice(&[6, 0, 0, 0]);
    s.extend_from_slice(&[0; 8]);
    s
}

/// The `rt_msghdr` every record starts with: length, RTM_VERSION 5,
/// RTM_GET, and the route's RTF_* flags.
fn rt_msghdr(len: usize, rt_flags: u32) -> Vec<u8> {
    let mut h = vec![0; RT];
    h[..2].copy_from_slice(&(len as u16).to_le_bytes());
    h[2] = 5;
    h[3] = 4;
    h[8..12].copy_from_slice(&rt_flags.to_le_bytes());
    h
}

struct Nhop {
    idx: u32,
    fib: u32,
    ifindex: u32,
    family: u8,
    nh_type: u16,
    mtu: u16,
    flags: u16,
    pksent: u64,
    refcount: u64,
    gw: Vec<u8>,
    src: Vec<u8>,
}

/// One NET_RT_NHOP record: rt_msghdr, nhop_external (120 bytes),
/// nhop_addrs (8), the gateway and source sockaddrs at their lengths.
fn nhop_record(n: &Nhop, rt_flags: u32) -> Vec<u8> {
    let len = RT + 120 + 8 + n.gw.len() + n.src.len();
    let mut b = rt_msghdr(len, rt_flags);
    let mut e = vec![0u8; 120];
    for (off, v) in [
        (0, 120),
        (4, n.idx),
        (8, n.fib),
        (12, n.ifindex),
        (16, n.ifindex),
    ] {
        e[off..off + 4].copy_from_slice(&v.to_le_bytes());
    }
    e[21] = n.family;
    e[22..24].copy_from_slice(&n.nh_type.to_le_bytes());
    e[24..26].copy_from_slice(&n.mtu.to_le_bytes());
    e[26..28].copy_from_slice(&n.flags.to_le_bytes());
    e[40..48].copy_from_slice(&n.pksent.to_le_bytes());
    e[112..120].copy_from_slice(&n.refcount.to_le_bytes());
    b.extend_from_slice(&e);
    let na_len = (8 + n.gw.len() + n.src.len()) as u32;
    b.extend_from_slice(&na_len.to_le_bytes());
    b.extend_from_slice(&8u16.to_le_bytes());
    b.extend_from_slice(&((8 + n.gw.len()) as u16).to_le_bytes());
    b.extend_from_slice(&n.gw);
    b.extend_from_slice(&n.src);
    assert_eq!(b.len(), len);
    b
}

/// One NET_RT_NHGRP record: rt_msghdr (flags 0), nhgrp_external, the
/// members' container (CNHOPS 1) and the dataplane's (DNHOPS 2).
fn nhgrp_record(idx: u32, refcount: u32, members: &[(u32, u32)], slots: &[u32]) -> Vec<u8> {
    let len = RT + 8 + 8 + 8 * members.len() + 8 + 8 * slots.len();
    let mut b = rt_msghdr(len, 0);
    b.extend_from_slice(&idx.to_le_bytes());
    b.extend_from_slice(&refcount.to_le_bytes());
    let container = |b: &mut Vec<u8>, kind: u8, entries: &[(u32, u32)]| {
        b.extend_from_slice(&((8 + 8 * entries.len()) as u32).to_le_bytes());
        b.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        b.extend_from_slice(&[kind, 0]);
        for (id, w) in entries {
            b.extend_from_slice(&id.to_le_bytes());
            b.extend_from_slice(&w.to_le_bytes());
        }
    };
    container(&mut b, 1, members);
    let slots: Vec<(u32, u32)> = slots.iter().map(|&s| (s, 0)).collect();
    container(&mut b, 2, &slots);
    assert_eq!(b.len(), len);
    b
}

fn decode(records: Records, buf: &[u8]) -> Vec<Result<Message, rtsock::DecodeError>> {
    let mut d = Decoder::new(FREEBSD);
    d.ctx.records = records;
    d.ctx.fib = Some(0);
    BsdMessages::new(buf, &mut d).collect()
}

fn bsd(m: &Message, name: &str) -> Option<Value> {
    m.attrs
        .iter()
        .find(|a| a.name == name)
        .map(|a| a.value.clone())
}

#[test]
fn nexthops_decode_as_linux_reports_nexthop_objects() {
    let gw4 = Nhop {
        idx: 7,
        fib: 0,
        ifindex: 2,
        family: 2,
        nh_type: 2,
        mtu: 1500,
        flags: 0x200,
        pksent: 42,
        refcount: 3,
        gw: sockaddr_in([192, 0, 2, 1]),
        src: sockaddr_in([192, 0, 2, 10]),
    };
    // A direct IPv6 route: an AF_LINK gateway, an IPv6 source; 324 bytes,
    // so the next record starts 4-aligned only.
    let direct6 = Nhop {
        idx: 8,
        family: AF_INET6_FREEBSD,
        nh_type: 3,
        flags: 0,
        gw: sockaddr_dl(2),
        src: sockaddr_in6("2001:db8::10".parse().unwrap()),
        ..gw4
    };
    let blackhole = Nhop {
        idx: 9,
        ifindex: 1,
        flags: 0x20,
        gw: sockaddr_in([127, 0, 0, 1]),
        src: sockaddr_in([127, 0, 0, 1]),
        ..gw4
    };
    let mut buf = nhop_record(&gw4, 0x1 | 0x2 | 0x800);
    buf.extend(nhop_record(&direct6, 0x1));
    assert_eq!(buf.len() % 8, 4);
    buf.extend(nhop_record(&blackhole, 0x1 | 0x1000));
    let msgs: Vec<Message> = decode(Records::Nexthops, &buf)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(msgs.len(), 3);
    assert!(msgs.iter().all(|m| m.event == "RTM_NEWNEXTHOP"));
    let views: Vec<Nexthop> = msgs
        .iter()
        .map(|m| Nexthop::from_message(m).unwrap())
        .collect();
    let ip = |s: &str| s.parse::<IpAddr>().unwrap();
    assert_eq!(
        (views[0].id, views[0].family, views[0].gateway, views[0].oif),
        (7, 2, Some(ip("192.0.2.1")), Some(2))
    );
    assert_eq!(
        (views[1].id, views[1].family, views[1].gateway, views[1].oif),
        (8, 10, None, Some(2))
    );
    assert!(
        views[2].blackhole && views[2].oif.is_none(),
        "{:?}",
        views[2]
    );
    assert_eq!(bsd(&msgs[0], "NHA_BSD_MTU"), Some(Value::U16(1500)));
    assert_eq!(bsd(&msgs[0], "NHA_BSD_RTFLAGS"), Some(Value::U32(0x803)));
    assert_eq!(
        bsd(&msgs[0], "NHA_BSD_SOURCE"),
        Some(Value::Ip(ip("192.0.2.10")))
    );
    assert_eq!(bsd(&msgs[0], "NHA_BSD_PKSENT"), Some(Value::U64(42)));
    assert_eq!(bsd(&msgs[0], "NHA_BSD_REFCOUNT"), Some(Value::U64(3)));
    assert_eq!(
        bsd(&msgs[1], "NHA_BSD_SOURCE"),
        Some(Value::Ip(ip("2001:db8::10")))
    );
    // The JSON is the Linux shape, with the BSD's extras after.
    let json = serde_json::to_string(&msgs[0]).unwrap();
    assert!(
        json.contains(
            r#""attrs":[["NHA_ID",7],["NHA_OIF",2],["NHA_GATEWAY","192.0.2.1"],["NHA_BSD_FIB",0]"#
        ),
        "{json}"
    );
}

#[test]
fn nexthop_groups_decode_members_weights_and_slots() {
    let mut buf = nhgrp_record(9, 2, &[(7, 200), (8, 100)], &[7, 7, 8]);
    buf.extend(nhgrp_record(10, 1, &[(7, 1), (8, 70000)], &[8]));
    let msgs: Vec<Message> = decode(Records::NexthopGroups, &buf)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let g = Nexthop::from_message(&msgs[0]).unwrap();
    let members: Vec<(u32, u16)> = g.group.iter().map(|m| (m.id, m.weight)).collect();
    assert_eq!((g.id, members), (9, vec![(7, 200), (8, 100)]));
    assert_eq!(
        bsd(&msgs[0], "NHA_BSD_DATAPLANE"),
        Some(Value::List(vec![
            Value::U32(7),
            Value::U32(7),
            Value::U32(8)
        ]))
    );
    // Linux weights stop at 65536; the exact ones stay in NHA_BSD_WEIGHTS.
    let g = Nexthop::from_message(&msgs[1]).unwrap();
    assert_eq!(g.group[1].weight, u16::MAX);
    assert_eq!(
        bsd(&msgs[1], "NHA_BSD_WEIGHTS"),
        Some(Value::List(vec![Value::U32(1), Value::U32(70000)]))
    );
}

#[test]
fn lying_nexthop_records_are_errors_not_panics() {
    let n = Nhop {
        idx: 1,
        fib: 0,
        ifindex: 1,
        family: 2,
        nh_type: 1,
        mtu: 0,
        flags: 0,
        pksent: 0,
        refcount: 0,
        gw: sockaddr_in([10, 0, 0, 1]),
        src: sockaddr_in([10, 0, 0, 2]),
    };
    let good = nhop_record(&n, 1);
    // A 32-bit kernel's nhop_external (nh_len 116) is not guessed at.
    let mut other_abi = good.clone();
    other_abi[RT..RT + 4].copy_from_slice(&116u32.to_le_bytes());
    let e = decode(Records::Nexthops, &other_abi)[0]
        .clone()
        .unwrap_err()
        .to_string();
    assert!(e.contains("nh_len 116"), "{e}");
    // A source offset past the record.
    let mut past = good.clone();
    past[RT + 120 + 6..RT + 120 + 8].copy_from_slice(&200u16.to_le_bytes());
    assert!(decode(Records::Nexthops, &past)[0].is_err());
    // A group container whose length lies about its count.
    let mut lying = nhgrp_record(3, 1, &[(1, 1)], &[1]);
    lying[RT + 8..RT + 12].copy_from_slice(&64u32.to_le_bytes());
    let e = decode(Records::NexthopGroups, &lying)[0]
        .clone()
        .unwrap_err()
        .to_string();
    assert!(e.contains("length 64 for 1 entries"), "{e}");
    // Every truncation of a record, and every byte flipped: never a panic.
    for cut in 0..good.len() {
        let mut b = good[..cut].to_vec();
        if b.len() >= 2 {
            b[..2].copy_from_slice(&(cut as u16).to_le_bytes());
        }
        let _ = decode(Records::Nexthops, &b);
    }
    let group = nhgrp_record(4, 1, &[(1, 2), (2, 3)], &[1, 2, 2]);
    for i in 0..group.len() {
        for v in [0, 0xff] {
            let mut b = group.clone();
            b[i] = v;
            let _ = decode(Records::NexthopGroups, &b);
        }
    }
}

/// Routes name their nexthop (`rmx_nhidx`, which FreeBSD's rt_getmetrics
/// fills) as RTA_NH_ID, the id the NET_RT_NHOP dump lists: in a real
/// FreeBSD 14.1 NET_RT_DUMP each of the four routes has its own.
#[test]
fn freebsd_routes_name_their_nexthops() {
    need_fixtures!();
    let bytes = std::fs::read(fixtures::path("scapy/FreeBSD_14.1_amd64_read_routes.bin")).unwrap();
    let routes: Vec<(Option<IpAddr>, Option<u32>)> = rtsock::bsd::decode_stream(FREEBSD, &bytes)
        .into_iter()
        .map(Result::unwrap)
        .filter_map(|m| rtsock::views::Route::from_message(&m))
        .map(|r| (r.dst, r.nhid))
        .collect();
    assert_eq!(
        routes,
        [
            (None, Some(4)),
            (Some("127.0.0.1".parse().unwrap()), Some(1)),
            (Some("172.23.192.0".parse().unwrap()), Some(2)),
            (Some("172.23.198.182".parse().unwrap()), Some(3)),
        ]
    );
    // OpenBSD's rt_msghdr has no such field.
    let bytes = std::fs::read(fixtures::path("scapy/OpenBSD_7.5_amd64_read_routes.bin")).unwrap();
    let openbsd = Layout::new(rtsock::bsd::Os::OpenBsd, rtsock::bsd::Arch::Amd64);
    assert!(
        rtsock::bsd::decode_stream(openbsd, &bytes)
            .into_iter()
            .map(Result::unwrap)
            .all(|m| m.get_attr("RTA_NH_ID").is_none())
    );
}
