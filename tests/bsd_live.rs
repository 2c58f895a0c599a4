//! On a real FreeBSD or OpenBSD kernel (ci/bsd.sh, as root): dumps through
//! sysctl and route changes through the routing socket, read back through
//! the same shared trait the Linux tests use.
#![cfg(any(target_os = "freebsd", target_os = "openbsd"))]

use rtsock::change::{RouteSpec, Verb};
use rtsock::constants::*;
use rtsock::views::{Address, Link, Route};
use rtsock::{Filter, IpRoute, RouteSocket, Value};

#[test]
fn loopback_link_and_address_are_listed() {
    let mut s = IpRoute::new().unwrap();
    let links: Vec<_> = s
        .links(&Filter::new())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let lo = links
        .iter()
        .filter_map(Link::from_message)
        .find(|l| l.name == "lo0")
        .expect("lo0 listed");
    assert_ne!(lo.flags & IFF_LOOPBACK, 0);
    assert_eq!(s.link_lookup("lo0").unwrap(), Some(lo.index));
    let addrs: Vec<_> = s
        .addresses(&Filter::new().family(AF_INET))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let a = addrs
        .iter()
        .filter_map(Address::from_message)
        .find(|a| a.index == lo.index)
        .expect("an IPv4 address on lo0");
    assert_eq!(a.prefixlen, 8);
}

#[test]
fn a_route_is_added_seen_looked_up_and_deleted() {
    let mut s = IpRoute::new().unwrap();
    let spec = RouteSpec::to("203.0.113.0/24".parse().unwrap()).via("127.0.0.1".parse().unwrap());
    let _ = s.route(Verb::Delete, &spec);
    s.route(Verb::Add, &spec).unwrap();
    let found = s
        .routes(&Filter::new().family(AF_INET))
        .unwrap()
        .map(Result::unwrap)
        .filter_map(|m| Route::from_message(&m))
        .any(|r| r.dst == Some("203.0.113.0".parse().unwrap()) && r.dst_len == 24);
    assert!(found, "the new route is in the sysctl dump");
    let got = s.route_get("203.0.113.9".parse().unwrap()).unwrap();
    assert_eq!(
        got.get_attr("RTA_GATEWAY"),
        Some(&Value::Ip("127.0.0.1".parse().unwrap()))
    );
    s.route(Verb::Delete, &spec).unwrap();
    let e = s.route(Verb::Delete, &spec).unwrap_err();
    assert_eq!(e.errno(), Some(libc::ESRCH), "{e}");
    assert!(e.to_string().contains("route del 203.0.113.0/24"), "{e}");
}

#[test]
fn a_clone_interface_gets_an_address_a_route_and_the_events_say_so() {
    use rtsock::bsd::BsdMonitor;
    use rtsock::change::{AddressSpec, LinkKind, LinkSpec};
    use rtsock::events::{Event, Group};

    let mut s = IpRoute::new().unwrap();
    let mut mon =
        BsdMonitor::new(&[Group::Link, Group::Ipv4Address, Group::Ipv4Route], false).unwrap();
    let tap = LinkSpec::named("tap4242").kind(LinkKind::Tap);
    let _ = s.link(Verb::Delete, &LinkSpec::named("tap4242"));
    s.link(Verb::Add, &tap).unwrap();
    s.link(Verb::Set, &LinkSpec::named("tap4242").up().mtu(1400))
        .unwrap();
    let addr = AddressSpec::new("198.51.100.1/24".parse().unwrap(), "tap4242");
    s.address(Verb::Add, &addr).unwrap();
    let index = s.link_lookup("tap4242").unwrap().expect("the clone exists");
    let link = s
        .links(&Filter::new().index(index))
        .unwrap()
        .map(Result::unwrap)
        .find_map(|m| Link::from_message(&m))
        .unwrap();
    assert_eq!(link.mtu, Some(1400));
    let found = s
        .addresses(&Filter::new().family(AF_INET))
        .unwrap()
        .map(Result::unwrap)
        .filter_map(|m| Address::from_message(&m))
        .any(|a| a.index == index && a.prefixlen == 24);
    assert!(found, "198.51.100.1/24 on tap4242");
    // The events: the interface arrived, then the address.
    let mut seen = Vec::new();
    while !seen.contains(&"RTM_NEWADDR") {
        if let Event::Change { message } = mon.next_event().unwrap() {
            seen.push(message.event);
        }
    }
    assert!(seen.contains(&"RTM_NEWLINK"), "{seen:?}");
    s.address(Verb::Delete, &addr).unwrap();
    s.link(Verb::Delete, &LinkSpec::named("tap4242")).unwrap();
    assert_eq!(s.link_lookup("tap4242").unwrap(), None);
}

#[test]
fn ipv6_addresses_are_added_and_deleted_through_the_in6_ioctls() {
    use rtsock::change::{AddressSpec, LinkKind, LinkSpec};

    let mut s = IpRoute::new().unwrap();
    let _ = s.link(Verb::Delete, &LinkSpec::named("tap4343"));
    s.link(Verb::Add, &LinkSpec::named("tap4343").kind(LinkKind::Tap))
        .unwrap();
    s.link(Verb::Set, &LinkSpec::named("tap4343").up()).unwrap();
    let index = s.link_lookup("tap4343").unwrap().expect("the clone exists");
    let v6 = |s: &mut IpRoute| -> Vec<(String, u8)> {
        s.addresses(&Filter::new().family(AF_INET6).index(index))
            .unwrap()
            .map(Result::unwrap)
            .filter_map(|m| Address::from_message(&m))
            .map(|a| {
                (
                    a.address.map(|x| x.to_string()).unwrap_or_default(),
                    a.prefixlen,
                )
            })
            .collect()
    };
    for text in ["2001:db8:4343::1/64", "fe80::4343/64"] {
        let spec = AddressSpec::new(text.parse().unwrap(), "tap4343");
        s.address(Verb::Add, &spec).unwrap();
        let (addr, len) = text.split_once('/').unwrap();
        let want = (addr.to_owned(), len.parse().unwrap());
        assert!(v6(&mut s).contains(&want), "{text} in {:?}", v6(&mut s));
        s.address(Verb::Delete, &spec).unwrap();
        assert!(!v6(&mut s).contains(&want), "{text} deleted");
    }
    s.link(Verb::Delete, &LinkSpec::named("tap4343")).unwrap();
}

#[test]
fn multicast_memberships_come_from_net_rt_ifmalist_on_freebsd() {
    let mut s = IpRoute::new().unwrap();
    let lo = s.link_lookup("lo0").unwrap().expect("lo0");
    let groups = s.multicast_groups(&Filter::new().index(lo));
    if cfg!(target_os = "openbsd") {
        assert!(groups.is_err(), "OpenBSD has no NET_RT_IFMALIST");
        return;
    }
    let groups: Vec<_> = groups.unwrap().map(Result::unwrap).collect();
    // lo0 carries 127.0.0.1 and ::1, so it has joined the all-hosts groups.
    let joined: Vec<String> = groups
        .iter()
        .filter_map(|m| m.get_attr("IFA_MULTICAST"))
        .map(|v| v.to_string())
        .collect();
    assert!(
        joined.iter().any(|g| g == "224.0.0.1" || g == "ff02::1"),
        "{joined:?}"
    );
    assert!(groups.iter().all(|m| m.event == "RTM_NEWMULTICAST"));
}

#[test]
fn veth_and_vlan_specs_make_an_epair_or_pair_and_a_vlan() {
    use rtsock::change::{LinkKind, LinkSpec, VlanProtocol};

    // OpenBSD cannot rename, so there the names carry the clone's prefix.
    let (a, b, vlan) = if cfg!(target_os = "openbsd") {
        ("pair42", "pair43", "vlan42")
    } else {
        ("rtsock42a", "rtsock42b", "rtsvlan42")
    };
    let mut s = IpRoute::new().unwrap();
    for n in [vlan, a, b] {
        let _ = s.link(Verb::Delete, &LinkSpec::named(n));
    }
    s.link(Verb::Add, &LinkSpec::named(a).veth(b)).unwrap();
    assert!(s.link_lookup(a).unwrap().is_some(), "{a}");
    assert!(s.link_lookup(b).unwrap().is_some(), "{b}");
    let mut v = LinkSpec::named(vlan).kind(LinkKind::Vlan {
        id: 42,
        protocol: VlanProtocol::Dot1Q,
    });
    v.link = Some(a.into());
    s.link(Verb::Add, &v).unwrap();
    assert!(s.link_lookup(vlan).unwrap().is_some(), "{vlan}");
    s.link(Verb::Delete, &LinkSpec::named(vlan)).unwrap();
    s.link(Verb::Delete, &LinkSpec::named(a)).unwrap();
    let _ = s.link(Verb::Delete, &LinkSpec::named(b)); // gone with a on FreeBSD
    assert_eq!(s.link_lookup(a).unwrap(), None);
    assert_eq!(s.link_lookup(b).unwrap(), None);
}
