//! IPv6 prefix notifications (issue 16, RTNLGRP_IPV6_PREFIX): a router
//! advertisement sent on one end of a veth pair makes the kernel announce
//! the prefix learnt on the other (RTM_NEWPREFIX, inet6_prefix_notify),
//! which the monitor decodes; a dump of prefixes sends nothing. The same
//! advertisement's DNS options come to user space on RTNLGRP_ND_USEROPT
//! (RTM_NEWNDUSEROPT, ndisc_ra_useropt), one message per option.
#![cfg(target_os = "linux")]

mod common;

use std::net::Ipv6Addr;

use common::*;
use rtsock::events::{Event, Group};
use rtsock::views::{NdOption, NdUserOpt, Prefix};
use rtsock::{Filter, IpRoute, ObjectKind, RouteSocket};

/// A router advertisement (RFC 4861 4.2) with no default-router lifetime
/// and one prefix information option: 2001:db8:9::/64, on-link and
/// autonomous, valid 86400 s, preferred 14400 s; then an RDNSS option
/// (two servers, 300 s) and a DNSSL option (example.com, 600 s), RFC 8106.
/// The kernel fills the ICMPv6 checksum of a raw ICMPv6 socket.
fn router_advertisement() -> Vec<u8> {
    let mut ra = vec![134, 0, 0, 0, 64, 0, 0, 0];
    ra.extend_from_slice(&[0; 8]);
    ra.extend_from_slice(&[3, 4, 64, 0xc0]);
    ra.extend_from_slice(&86400u32.to_be_bytes());
    ra.extend_from_slice(&14400u32.to_be_bytes());
    ra.extend_from_slice(&[0; 4]);
    ra.extend_from_slice(&"2001:db8:9::".parse::<Ipv6Addr>().unwrap().octets());
    ra.extend_from_slice(&[25, 5, 0, 0]);
    ra.extend_from_slice(&300u32.to_be_bytes());
    for server in ["2001:db8::53", "2001:db8::54"] {
        ra.extend_from_slice(&server.parse::<Ipv6Addr>().unwrap().octets());
    }
    ra.extend_from_slice(&[31, 3, 0, 0]);
    ra.extend_from_slice(&600u32.to_be_bytes());
    ra.extend_from_slice(b"\x07example\x03com\x00\x00\x00\x00");
    ra
}

fn sockaddr_in6(addr: Ipv6Addr, scope: u32) -> libc::sockaddr_in6 {
    // SAFETY: sockaddr_in6 is plain data; all-zero is a valid value.
    let mut sa: libc::sockaddr_in6 = unsafe { std::mem::zeroed() };
    sa.sin6_family = libc::AF_INET6 as libc::sa_family_t;
    sa.sin6_addr.s6_addr = addr.octets();
    sa.sin6_scope_id = scope;
    sa
}

/// Sends the advertisement from fe80::99 on `ifindex` to all nodes, with
/// the hop limit 255 that ndisc_router_discovery requires.
fn advertise(ifindex: u32) {
    // SAFETY: plain socket(2) call; the result is checked.
    let fd = unsafe { libc::socket(libc::AF_INET6, libc::SOCK_RAW, libc::IPPROTO_ICMPV6) };
    assert!(fd >= 0, "{}", std::io::Error::last_os_error());
    let hops: libc::c_int = 255;
    let src = sockaddr_in6("fe80::99".parse().unwrap(), ifindex);
    let dst = sockaddr_in6("ff02::1".parse().unwrap(), ifindex);
    let ra = router_advertisement();
    let len = std::mem::size_of::<libc::sockaddr_in6>() as libc::socklen_t;
    // SAFETY: every pointer is to a live local of the size passed with it;
    // fd is the socket opened above and closed at the end.
    unsafe {
        for opt in [libc::IPV6_MULTICAST_HOPS, libc::IPV6_UNICAST_HOPS] {
            let r = libc::setsockopt(
                fd,
                libc::IPPROTO_IPV6,
                opt,
                (&hops as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            );
            assert_eq!(r, 0, "{}", std::io::Error::last_os_error());
        }
        // Not looped back to the sender's own interface.
        let off: libc::c_int = 0;
        let r = libc::setsockopt(
            fd,
            libc::IPPROTO_IPV6,
            libc::IPV6_MULTICAST_LOOP,
            (&off as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
        assert_eq!(r, 0, "{}", std::io::Error::last_os_error());
        let r = libc::bind(fd, (&src as *const libc::sockaddr_in6).cast(), len);
        assert_eq!(r, 0, "bind: {}", std::io::Error::last_os_error());
        let n = libc::sendto(
            fd,
            ra.as_ptr().cast(),
            ra.len(),
            0,
            (&dst as *const libc::sockaddr_in6).cast(),
            len,
        );
        assert_eq!(
            n,
            ra.len() as isize,
            "sendto: {}",
            std::io::Error::last_os_error()
        );
        libc::close(fd);
    }
}

#[test]
fn a_router_advertisement_announces_its_prefix() {
    let ns = veth_pair("prefix");
    // The router's link-local address, usable at once.
    ns.ip("-6 addr add fe80::99/64 dev veth1 nodad");
    let names = names_in(&ns);
    let (veth0, veth1) = (names.0["veth0"], names.0["veth1"]);
    let mut mon = rtsock::linux::Monitor::builder()
        .groups(&[Group::Ipv6Prefix])
        .netns(&ns.name)
        .open()
        .unwrap();
    rtsock::linux::netns::run_in(&ns.name, move || advertise(veth1)).unwrap();
    let prefix = loop {
        if let Event::Change { message } = mon.next_event().unwrap()
            && let Some(p) = Prefix::from_message(&message)
        {
            assert_eq!(message.event, "RTM_NEWPREFIX");
            break p;
        }
    };
    assert_eq!(
        (prefix.index, prefix.addr.to_string(), prefix.len),
        (veth0, "2001:db8:9::".to_owned(), 64)
    );
    assert!(
        prefix.onlink() && prefix.autoconf(),
        "flags {:#x}",
        prefix.flags
    );
    assert_eq!((prefix.valid, prefix.preferred), (Some(86400), Some(14400)));
    assert_eq!(
        prefix.line("veth0"),
        "prefix 2001:db8:9::/64 dev veth0 onlink autoconf valid 86400 preferred 14400"
    );
    // Prefixes are only announced: a dump is empty and sends nothing.
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    assert_eq!(
        ipr.dump(ObjectKind::Prefix, &Filter::new())
            .unwrap()
            .count(),
        0
    );
}

#[test]
fn a_router_advertisements_dns_options_reach_user_space() {
    let ns = veth_pair("nduseropt");
    ns.ip("-6 addr add fe80::99/64 dev veth1 nodad");
    let names = names_in(&ns);
    let (veth0, veth1) = (names.0["veth0"], names.0["veth1"]);
    let mut mon = rtsock::linux::Monitor::builder()
        .groups(&[Group::NdUserOpt])
        .netns(&ns.name)
        .open()
        .unwrap();
    rtsock::linux::netns::run_in(&ns.name, move || advertise(veth1)).unwrap();
    // One message per option, in the advertisement's order, the DNSSL
    // last. This kernel hands on the prefix option too (older ones only
    // the DNS options).
    let mut seen = Vec::new();
    while !seen
        .last()
        .is_some_and(|o: &NdUserOpt| matches!(o.option, NdOption::Dnssl { .. }))
    {
        if let Event::Change { message } = mon.next_event().unwrap() {
            assert_eq!(message.event, "RTM_NEWNDUSEROPT");
            seen.push(NdUserOpt::from_message(&message).expect("an option"));
        }
    }
    if matches!(seen[0].option, NdOption::PrefixInfo { .. }) {
        assert_eq!(
            seen.remove(0).line("veth0"),
            "nduseropt dev veth0 from fe80::99 prefix 2001:db8:9::/64 flags 0xc0 valid 86400 preferred 14400"
        );
    }
    let from = Some("fe80::99".parse().unwrap());
    assert_eq!(
        seen,
        [
            NdUserOpt {
                index: veth0,
                from,
                icmp_type: 134,
                option: NdOption::Rdnss {
                    lifetime: 300,
                    servers: vec![
                        "2001:db8::53".parse().unwrap(),
                        "2001:db8::54".parse().unwrap()
                    ],
                },
            },
            NdUserOpt {
                index: veth0,
                from,
                icmp_type: 134,
                option: NdOption::Dnssl {
                    lifetime: 600,
                    domains: vec!["example.com".into()],
                },
            },
        ]
    );
    assert_eq!(
        seen[0].line("veth0"),
        "nduseropt dev veth0 from fe80::99 rdnss 2001:db8::53 2001:db8::54 lifetime 300"
    );
    assert_eq!(
        seen[1].line("veth0"),
        "nduseropt dev veth0 from fe80::99 dnssl example.com lifetime 600"
    );
}
