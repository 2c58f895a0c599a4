//! Multicast routing cache reports (issue 16, RTNLGRP_IPV4_MROUTE_R and
//! RTNLGRP_IPV6_MROUTE_R): a multicast routing socket with one virtual
//! interface, a packet to a group arriving on it from a second namespace,
//! and no cache entry for the flow: the kernel tells the daemon
//! (IGMPMSG_NOCACHE, MRT6MSG_NOCACHE) and copies the report to rtnetlink
//! (igmpmsg_netlink_event, mrt6msg_netlink_event), which the monitor
//! decodes.
#![cfg(target_os = "linux")]

mod common;

use std::net::{IpAddr, Ipv6Addr, UdpSocket};
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd};

use common::*;
use rtsock::events::{Event, Group};
use rtsock::views::{CacheReport, ReportKind};

/// MRT_INIT and MRT_ADD_VIF (linux/mroute.h), MRT6_INIT and MRT6_ADD_MIF
/// (linux/mroute6.h): the same numbers.
const MRT_INIT: libc::c_int = 200;
const MRT_ADD_VIF: libc::c_int = 202;
/// VIFF_USE_IFINDEX: the VIF names its device by index.
const VIFF_USE_IFINDEX: u8 = 0x8;

fn setsockopt(fd: &OwnedFd, level: libc::c_int, name: libc::c_int, value: &[u8]) {
    // SAFETY: value is a live slice of the length passed; fd is open.
    let r = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            level,
            name,
            value.as_ptr().cast(),
            value.len() as libc::socklen_t,
        )
    };
    assert_eq!(
        r,
        0,
        "setsockopt {name}: {}",
        std::io::Error::last_os_error()
    );
}

/// A multicast routing socket for `family` with `ifindex` as interface 0
/// (struct vifctl for IPv4, struct mif6ctl for IPv6). It stays open while
/// the returned fd lives.
fn mroute_socket(family: libc::c_int, ifindex: u32) -> OwnedFd {
    let (proto, level) = if family == libc::AF_INET {
        (libc::IPPROTO_IGMP, libc::IPPROTO_IP)
    } else {
        (libc::IPPROTO_ICMPV6, libc::IPPROTO_IPV6)
    };
    // SAFETY: plain socket(2) call; the result is checked and owned.
    let fd = unsafe { libc::socket(family, libc::SOCK_RAW, proto) };
    assert!(fd >= 0, "{}", std::io::Error::last_os_error());
    // SAFETY: fd was just opened and is owned by nobody else.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    setsockopt(&fd, level, MRT_INIT, &1i32.to_ne_bytes());
    let ctl = if family == libc::AF_INET {
        // vifc_vifi 0, flags, threshold 1, rate 0, ifindex, remote 0.
        let mut v = vec![0, 0, VIFF_USE_IFINDEX, 1, 0, 0, 0, 0];
        v.extend_from_slice(&ifindex.to_ne_bytes());
        v.extend_from_slice(&[0; 4]);
        v
    } else {
        // mif6c_mifi 0, flags 0, threshold 1, mif6c_pifi, pad, rate 0.
        let mut v = vec![0, 0, 0, 1];
        v.extend_from_slice(&(ifindex as u16).to_ne_bytes());
        v.extend_from_slice(&[0; 6]);
        v
    };
    setsockopt(&fd, level, MRT_ADD_VIF, &ctl);
    fd
}

/// A router namespace with r0, and a host namespace with its peer h0,
/// addressed for both families; the host routes multicast out of h0.
fn router_and_host(tag: &str) -> (Netns, Netns) {
    let router = Netns::new(&format!("{tag}r"));
    let host = Netns::new(&format!("{tag}h"));
    router.ip(&format!(
        "link add r0 type veth peer name h0 netns {}",
        host.name
    ));
    router.ip("addr add 10.9.0.1/24 dev r0");
    router.ip("-6 addr add 2001:db8:7::1/64 dev r0 nodad");
    router.ip("link set r0 up");
    host.ip("addr add 10.9.0.2/24 dev h0");
    host.ip("-6 addr add 2001:db8:7::2/64 dev h0 nodad");
    host.ip("link set h0 up");
    host.ip("route add 224.0.0.0/4 dev h0");
    host.ip("-6 route add ff00::/8 dev h0 table local");
    (router, host)
}

fn index_of(ns: &Netns, name: &str) -> u32 {
    use rtsock::RouteSocket;
    let mut ipr = rtsock::IpRoute::in_netns(&ns.name).unwrap();
    ipr.link_lookup(name).unwrap().unwrap()
}

fn first_report(mon: &mut rtsock::linux::Monitor) -> (rtsock::Message, CacheReport) {
    loop {
        if let Event::Change { message } = mon.next_event().unwrap()
            && let Some(r) = CacheReport::from_message(&message)
        {
            return (message, r);
        }
    }
}

#[test]
fn a_packet_with_no_multicast_route_is_reported_for_both_families() {
    let (router, host) = router_and_host("mrep");
    let r0 = index_of(&router, "r0");
    let mut mon = rtsock::linux::Monitor::builder()
        .groups(&[Group::Ipv4MrouteReport, Group::Ipv6MrouteReport])
        .netns(&router.name)
        .open()
        .unwrap();
    let v4 =
        rtsock::linux::netns::run_in(&router.name, || mroute_socket(libc::AF_INET, r0)).unwrap();
    let v6 =
        rtsock::linux::netns::run_in(&router.name, || mroute_socket(libc::AF_INET6, r0)).unwrap();
    rtsock::linux::netns::run_in(&host.name, || {
        let s = UdpSocket::bind("10.9.0.2:0").unwrap();
        s.set_multicast_ttl_v4(8).unwrap();
        s.send_to(b"hello", "239.1.2.3:9999").unwrap();
    })
    .unwrap();
    let (m, report) = first_report(&mut mon);
    assert_eq!(m.event, "RTM_NEWCACHEREPORT");
    assert_eq!(m.family(), Some(rtsock::constants::RTNL_FAMILY_IPMR));
    assert_eq!(
        (
            report.ipv6,
            report.kind,
            report.vif,
            report.source,
            report.group,
            report.table
        ),
        (
            false,
            ReportKind::NoCache,
            0,
            Some(IpAddr::from([10, 9, 0, 2])),
            Some(IpAddr::from([239, 1, 2, 3])),
            Some(253)
        )
    );
    assert_eq!(
        report.line(),
        "cachereport nocache vif 0 (10.9.0.2, 239.1.2.3) table default"
    );
    let h0 = index_of(&host, "h0");
    rtsock::linux::netns::run_in(&host.name, move || {
        let s = UdpSocket::bind("[2001:db8:7::2]:0").unwrap();
        let fd = s.as_fd().try_clone_to_owned().unwrap();
        setsockopt(
            &fd,
            libc::IPPROTO_IPV6,
            libc::IPV6_MULTICAST_IF,
            &h0.to_ne_bytes(),
        );
        setsockopt(
            &fd,
            libc::IPPROTO_IPV6,
            libc::IPV6_MULTICAST_HOPS,
            &8i32.to_ne_bytes(),
        );
        s.send_to(b"hello", "[ff0e::123]:9999").unwrap();
    })
    .unwrap();
    let (m, report) = first_report(&mut mon);
    assert_eq!(m.family(), Some(rtsock::constants::RTNL_FAMILY_IP6MR));
    let src: Ipv6Addr = "2001:db8:7::2".parse().unwrap();
    let grp: Ipv6Addr = "ff0e::123".parse().unwrap();
    assert_eq!(
        (
            report.ipv6,
            report.kind,
            report.vif,
            report.source,
            report.group
        ),
        (
            true,
            ReportKind::NoCache,
            0,
            Some(src.into()),
            Some(grp.into())
        )
    );
    drop((v4, v6));
}
