//! On a real FreeBSD or OpenBSD kernel (ci/bsd.sh, as root): dumps through
//! sysctl and route changes through the routing socket, read back through
//! the same shared trait the Linux tests use.
#![cfg(bsd)]

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
    assert!(lo.flags.contains(IFF_LOOPBACK), "{}", lo.flags);
    assert_eq!(s.link_lookup("lo0").unwrap(), Some(lo.index));
    assert_eq!(s.link_name(lo.index).unwrap().as_deref(), Some("lo0"));
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

// ---- first contact: every path of docs/bsd-audit.md on the real kernel ----

use rtsock::change::{AddressSpec, LinkKind, LinkSpec, NeighbourSpec};
use rtsock::views::Neighbour;
use rtsock::{Interface, LinkAddr};

/// A tap clone, up, with an IPv4 and an IPv6 link-local address; deleted
/// on drop.
struct Tap {
    name: String,
    index: u32,
}

impl Tap {
    fn new(s: &mut IpRoute, unit: u32, v4: &str) -> Tap {
        let name = format!("tap{unit}");
        let _ = s.link(Verb::Delete, &LinkSpec::named(name.as_str()));
        s.link(
            Verb::Add,
            &LinkSpec::named(name.as_str()).kind(LinkKind::Tap),
        )
        .unwrap();
        s.link(Verb::Set, &LinkSpec::named(name.as_str()).up())
            .unwrap();
        for a in [v4, &format!("fe80::{unit}/64")] {
            s.address(
                Verb::Add,
                &AddressSpec::new(a.parse().unwrap(), name.as_str()),
            )
            .unwrap();
        }
        let index = s.link_lookup(&name).unwrap().expect("the clone exists");
        Tap { name, index }
    }
}

impl Drop for Tap {
    fn drop(&mut self) {
        if let Ok(mut s) = IpRoute::new() {
            let _ = s.link(Verb::Delete, &LinkSpec::named(self.name.as_str()));
        }
    }
}

fn neighbour(s: &mut IpRoute, ip: &str, index: u32) -> Option<Neighbour> {
    s.neighbours(&Filter::new())
        .unwrap()
        .map(Result::unwrap)
        .filter_map(|m| Neighbour::from_message(&m))
        .find(|n| n.dst == Some(ip.parse().unwrap()) && n.index == index)
}

fn mac(text: &str) -> LinkAddr {
    LinkAddr::parse(text).unwrap()
}

#[test]
fn neighbours_are_dumped_added_changed_and_deleted() {
    let mut s = IpRoute::new().unwrap();
    let tap = Tap::new(&mut s, 4401, "198.51.100.1/24");
    // The dump works at all (FreeBSD: 6 levels, one family each).
    s.neighbours(&Filter::new()).unwrap().for_each(|m| {
        m.unwrap();
    });
    let dev = || Interface::Index(tap.index);
    for ip in ["198.51.100.9", "fe80::4401:9"] {
        let spec = NeighbourSpec::ip(ip.parse().unwrap(), dev()).lladdr(mac("02:00:00:00:44:09"));
        s.neighbour(Verb::Add, &spec).unwrap();
        let n = neighbour(&mut s, ip, tap.index).unwrap_or_else(|| panic!("{ip} added"));
        assert_eq!(n.lladdr, Some(mac("02:00:00:00:44:09")));
        assert_eq!(n.state, NUD_PERMANENT, "{ip}");
        // A change of address (FreeBSD: RTM_ADD; OpenBSD: RTM_CHANGE).
        let moved = spec.clone().lladdr(mac("02:00:00:00:44:0a"));
        s.neighbour(Verb::Change, &moved).unwrap();
        assert_eq!(
            neighbour(&mut s, ip, tap.index).unwrap().lladdr,
            Some(mac("02:00:00:00:44:0a")),
            "{ip} changed"
        );
        // Replace of what exists (OpenBSD: EEXIST, then a change).
        s.neighbour(Verb::Replace, &spec).unwrap();
        // Delete with the MAC, then add again and delete without it.
        s.neighbour(Verb::Delete, &spec).unwrap();
        assert!(neighbour(&mut s, ip, tap.index).is_none(), "{ip} deleted");
        s.neighbour(Verb::Add, &spec).unwrap();
        s.neighbour(Verb::Delete, &NeighbourSpec::ip(ip.parse().unwrap(), dev()))
            .unwrap();
        assert!(
            neighbour(&mut s, ip, tap.index).is_none(),
            "{ip} deleted without MAC"
        );
        // A temporary entry ages instead of being static.
        let temp = spec.clone().state(NUD_REACHABLE);
        s.neighbour(Verb::Add, &temp).unwrap();
        let n = neighbour(&mut s, ip, tap.index).unwrap();
        assert_ne!(n.state, NUD_PERMANENT, "{ip}: a reachable entry expires");
        s.neighbour(Verb::Delete, &temp).unwrap();
    }
}

#[test]
fn device_routes_and_link_local_gateways_use_the_device() {
    let mut s = IpRoute::new().unwrap();
    let tap = Tap::new(&mut s, 4402, "198.51.102.1/24");
    let dev = Interface::Index(tap.index);
    let routes = |s: &mut IpRoute, family| -> Vec<Route> {
        s.routes(&Filter::new().family(family))
            .unwrap()
            .map(Result::unwrap)
            .filter_map(|m| Route::from_message(&m))
            .collect()
    };
    let by_dev = RouteSpec::to("10.77.0.0/16".parse().unwrap()).dev(dev.clone());
    s.route(Verb::Add, &by_dev).unwrap();
    assert!(
        routes(&mut s, AF_INET)
            .iter()
            .any(|r| r.dst == Some("10.77.0.0".parse().unwrap()) && r.oif == Some(tap.index)),
        "10.77.0.0/16 dev {}",
        tap.name
    );
    s.route(Verb::Delete, &by_dev).unwrap();

    let ll = RouteSpec::to("2001:db8:4402::/48".parse().unwrap())
        .via("fe80::4402:1".parse().unwrap())
        .dev(dev.clone());
    s.route(Verb::Add, &ll).unwrap();
    let r = routes(&mut s, AF_INET6)
        .into_iter()
        .find(|r| r.dst == Some("2001:db8:4402::".parse().unwrap()))
        .expect("the route via a link-local gateway");
    assert_eq!(r.gateway, Some("fe80::4402:1".parse().unwrap()));
    assert_eq!(r.oif, Some(tap.index));
    let got = s
        .route_get_in("2001:db8:4402::7".parse().unwrap(), None, None)
        .unwrap();
    assert_eq!(got.get_attr("RTA_OIF"), Some(&Value::U32(tap.index)));
    s.route(Verb::Delete, &ll).unwrap();
    // Without the device the zone is unknown: refused before sending.
    let no_dev =
        RouteSpec::to("2001:db8:4402::/48".parse().unwrap()).via("fe80::4402:1".parse().unwrap());
    assert!(s.route(Verb::Add, &no_dev).is_err());
}

#[test]
fn a_route_in_table_one_is_made_and_read_there() {
    if cfg!(target_os = "freebsd") {
        // FIB 1 exists once net.fibs says so.
        let out = std::process::Command::new("sysctl")
            .args(["-n", "net.fibs"])
            .output()
            .unwrap();
        let fibs: u32 = String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or(1);
        if fibs < 2 {
            assert!(
                std::process::Command::new("sysctl")
                    .arg("net.fibs=2")
                    .status()
                    .unwrap()
                    .success()
            );
        }
    }
    let mut s = IpRoute::new().unwrap();
    let spec = RouteSpec::to("203.0.113.64/26".parse().unwrap())
        .via("127.0.0.1".parse().unwrap())
        .table(1);
    let _ = s.route(Verb::Delete, &spec);
    s.route(Verb::Add, &spec).unwrap();
    let in_table = |s: &mut IpRoute, t| {
        s.routes(&Filter::new().family(AF_INET).table(t))
            .unwrap()
            .map(Result::unwrap)
            .filter_map(|m| Route::from_message(&m))
            .any(|r| r.dst == Some("203.0.113.64".parse().unwrap()))
    };
    assert!(in_table(&mut s, 1), "in table 1");
    assert!(!in_table(&mut s, RT_TABLE_MAIN), "not in main");
    let got = s
        .route_get_in("203.0.113.65".parse().unwrap(), None, Some(1))
        .unwrap();
    assert_eq!(
        got.get_attr("RTA_GATEWAY"),
        Some(&Value::Ip("127.0.0.1".parse().unwrap()))
    );
    s.route(Verb::Delete, &spec).unwrap();
    assert!(!in_table(&mut s, 1));
}

#[test]
fn a_monitor_with_a_small_buffer_reports_its_overrun() {
    use rtsock::bsd::BsdMonitor;
    use rtsock::events::{Event, Group};

    let mut mon = BsdMonitor::with_receive_buffer(&[Group::Ipv4Route], false, 2048).unwrap();
    let mut s = IpRoute::new().unwrap();
    let spec = |i: u32| {
        RouteSpec::to(format!("10.88.{}.0/24", i % 250).parse().unwrap())
            .via("127.0.0.1".parse().unwrap())
    };
    // Far more events than 2 KiB holds, unread.
    for i in 0..200 {
        let _ = s.route(Verb::Add, &spec(i));
        let _ = s.route(Verb::Delete, &spec(i));
    }
    mon.set_nonblocking(true).unwrap();
    let mut overrun = false;
    while let Some(e) = mon.try_next().unwrap() {
        overrun |= matches!(e, Event::Overrun);
    }
    assert!(overrun, "the kernel dropped events and the monitor said so");
}

#[test]
fn requests_are_answered_while_another_process_floods_the_socket() {
    // route(8) in a loop: every change is broadcast to every routing socket.
    let mut flood = std::process::Command::new("sh")
        .args([
            "-c",
            "while :; do route -q add 192.0.2.200/32 127.0.0.1; route -q delete 192.0.2.200/32; done",
        ])
        .spawn()
        .unwrap();
    let mut s = IpRoute::new().unwrap();
    s.set_timeout(std::time::Duration::from_secs(3));
    let spec = RouteSpec::to("203.0.113.128/25".parse().unwrap()).via("127.0.0.1".parse().unwrap());
    let mut results = Vec::new();
    for _ in 0..50 {
        results.push(s.route_get("127.0.0.1".parse().unwrap()).map(drop));
        let _ = s.route(Verb::Delete, &spec);
        results.push(s.route(Verb::Add, &spec));
    }
    let _ = s.route(Verb::Delete, &spec);
    flood.kill().unwrap();
    let _ = flood.wait();
    let failed: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(failed.is_empty(), "{failed:?}");
}

#[test]
fn the_trait_monitor_subscribes_then_dumps() {
    use rtsock::events::{Event, EventSource, FROM_DUMP, Group, MonitorOptions};
    let mut s = IpRoute::new().unwrap();
    let links = s.links(&Filter::new()).unwrap().count();
    let options = MonitorOptions::new()
        .groups(&[Group::Link])
        .initial_dump(true);
    let mut mon = s.monitor_with(&options).unwrap();
    let mut dumped = 0;
    loop {
        match EventSource::next_event(&mut mon).unwrap() {
            Event::DumpDone { objects } => {
                assert_eq!(objects, dumped);
                break;
            }
            Event::Change { message } => {
                assert_ne!(message.header.flags & FROM_DUMP, 0, "{message:?}");
                dumped += 1;
            }
            other => panic!("before DumpDone: {other:?}"),
        }
    }
    assert_eq!(dumped, links);
}

#[test]
fn the_state_module_plans_and_applies_through_the_bsd_backend() {
    use rtsock::state::{self, CommitOptions, Document, State};
    let mut s = IpRoute::new().unwrap();
    let now = State::load(&mut s).unwrap();
    assert!(now.link("lo0").is_some());
    // The state's own document plans nothing.
    let own = now.to_document();
    assert!(
        now.plan(&own).unwrap().is_empty(),
        "{:#?}",
        now.plan(&own).unwrap().diff()
    );
    // A route in, verified, then out again.
    let add = Document::from_json(
        r#"{"routes": {"config": [{"destination": "203.0.113.0/24",
            "next-hop-address": "127.0.0.1"}]}}"#,
    )
    .unwrap();
    let report = state::commit(&mut s, &add, &CommitOptions::default()).unwrap();
    assert_eq!(report.applied, 1);
    let del = Document::from_json(
        r#"{"routes": {"config": [{"destination": "203.0.113.0/24", "state": "absent"}]}}"#,
    )
    .unwrap();
    let report = state::commit(&mut s, &del, &CommitOptions::default()).unwrap();
    assert_eq!(report.applied, 1);
}

#[test]
fn a_transaction_says_what_a_bsd_cannot_do_before_applying_anything() {
    use rtsock::state::{self, CommitOptions, Document, State};
    let mut s = IpRoute::new().unwrap();
    let before = State::load(&mut s).unwrap().to_document();
    // A route first, then a policy rule: the BSDs have none, so nothing
    // may be applied, not even the route.
    let doc = Document::from_json(
        r#"{"routes": {"config": [{"destination": "203.0.113.0/24", "next-hop-address": "127.0.0.1"}]},
            "route-rules": {"config": [{"ip-from": "192.0.2.0/24", "priority": 1000, "route-table": 100}]}}"#,
    )
    .unwrap();
    let failure = state::commit(&mut s, &doc, &CommitOptions::default()).unwrap_err();
    assert_eq!(failure.stage, "plan", "{failure}");
    assert!(
        matches!(failure.error, rtsock::Error::Unsupported(_)),
        "{failure}"
    );
    assert_eq!(State::load(&mut s).unwrap().to_document(), before);
}

/// FreeBSD: every route names a nexthop (RTA_NH_ID from `rmx_nhidx`) that
/// the NET_RT_NHOP dump lists, with the route's interface; OpenBSD's
/// nexthop dump is empty.
#[test]
fn routes_resolve_through_the_nexthops_the_kernel_lists() {
    use rtsock::ObjectKind;
    use rtsock::views::Nexthop;
    let mut s = IpRoute::new().unwrap();
    let nexthops: Vec<Nexthop> = s
        .dump(ObjectKind::Nexthop, &Filter::new())
        .unwrap()
        .map(Result::unwrap)
        .filter_map(|m| Nexthop::from_message(&m))
        .collect();
    let routes: Vec<Route> = s
        .routes(&Filter::new().family(AF_INET))
        .unwrap()
        .map(Result::unwrap)
        .filter_map(|m| Route::from_message(&m))
        .collect();
    if cfg!(target_os = "openbsd") {
        assert!(nexthops.is_empty());
        return;
    }
    assert!(!nexthops.is_empty(), "NET_RT_NHOP listed nothing");
    for r in &routes {
        let id = r.nhid.unwrap_or_else(|| panic!("no nhid: {r:?}"));
        let nh = nexthops
            .iter()
            .find(|n| n.id == id && n.family == AF_INET)
            .unwrap_or_else(|| panic!("nexthop {id} of {r:?} not listed"));
        if !nh.blackhole {
            assert_eq!(nh.oif, r.oif, "{r:?} {nh:?}");
        }
    }
}

/// A gif(4) tunnel made from an ipip spec carries its endpoints, -arp
/// goes through the interface's flags, an alias becomes ifconfig's
/// description and a named group is joined.
#[test]
fn a_tunnel_spec_makes_a_gif_with_its_endpoints_and_flags_follow() {
    use rtsock::change::{IpTunnel, LinkKind, LinkSpec};
    let mut s = IpRoute::new().unwrap();
    let _ = s.link(Verb::Delete, &LinkSpec::named("gif4242"));
    let tunnel = IpTunnel::between("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
    s.link(
        Verb::Add,
        &LinkSpec::named("gif4242").kind(LinkKind::Ipip(tunnel)),
    )
    .unwrap();
    let index = s.link_lookup("gif4242").unwrap().expect("the gif exists");
    let mut set = LinkSpec::named("gif4242");
    set.arp = Some(false);
    set.alias = Some("rtsock tunnel".into());
    set.groups = vec![rtsock::change::IfGroup::Join("rtsocktest".into())];
    s.link(Verb::Set, &set).unwrap();
    let link = s
        .links(&Filter::new().index(index))
        .unwrap()
        .map(Result::unwrap)
        .find_map(|m| Link::from_message(&m))
        .unwrap();
    assert!(link.flags.contains(IFF_NOARP), "{}", link.flags);
    // ifconfig shows the tunnel's ends.
    let out = std::process::Command::new("ifconfig")
        .arg("gif4242")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("192.0.2.1") && text.contains("192.0.2.2"),
        "{text}"
    );
    // ... the description (SIOCSIFDESCR) the alias set, and the group.
    assert!(text.contains("description: rtsock tunnel"), "{text}");
    assert!(text.contains("rtsocktest"), "{text}");
    s.link(Verb::Delete, &LinkSpec::named("gif4242")).unwrap();
}
