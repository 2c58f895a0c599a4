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
