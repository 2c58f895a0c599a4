//! The typed views against the real kernel: their typed numbers (link
//! flags, operstate, route type, scope, protocol) say what `ip -j` says,
//! and their `Display` prints `ip`'s words for each kind.
#![cfg(target_os = "linux")]

mod common;

use std::collections::HashMap;

use common::*;
use rtsock::constants::RTPROT_KERNEL;
use rtsock::types::{OperState, RouteProtocol, RouteType, Scope};
use rtsock::views::{Address, Link, Neighbour, Nexthop, Route, Rule};
use rtsock::{Filter, IpRoute, ObjectKind, RouteSocket};
use serde_json::Value as Json;

fn all(ipr: &mut IpRoute, kind: ObjectKind) -> Vec<rtsock::Message> {
    let filter = Filter {
        table: None,
        ..Filter::new()
    };
    ipr.dump(kind, &filter)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn typed_numbers_say_what_ip_says() {
    let ns = veth_pair("views");
    ns.ip("route add 10.9.0.0/16 via 10.0.0.2 proto static metric 7");
    ns.ip("route add blackhole 10.10.0.0/16 proto bird");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();

    let ip_links: HashMap<String, Json> = ns
        .ip_json("link show")
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["ifname"].as_str().unwrap().to_owned(), l.clone()))
        .collect();
    for m in all(&mut ipr, ObjectKind::Link) {
        let link = Link::from_message(&m).unwrap();
        let theirs = &ip_links[&link.name];
        let flags: Vec<String> = theirs["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(link.flags.names(), flags, "{}", link.name);
        let state = link.operstate.unwrap();
        assert_eq!(state.to_string(), theirs["operstate"], "{}", link.name);
        assert_eq!(serde_json::to_value(state).unwrap(), theirs["operstate"]);
    }

    let ip_routes = ns.ip_json("route show table all");
    let mut seen = 0;
    for m in all(&mut ipr, ObjectKind::Route) {
        let r = Route::from_message(&m).unwrap();
        let dst = match r.dst {
            None => "default".to_owned(),
            Some(a) if u32::from(r.dst_len) == if a.is_ipv4() { 32 } else { 128 } => a.to_string(),
            Some(a) => format!("{a}/{}", r.dst_len),
        };
        let Some(theirs) = ip_routes.as_array().unwrap().iter().find(|j| {
            j["dst"] == dst.as_str()
                && j.get("table").and_then(Json::as_str).unwrap_or("main")
                    == r.table
                        .to_string()
                        .replace("254", "main")
                        .replace("255", "local")
        }) else {
            continue;
        };
        seen += 1;
        let word = |key: &str, default: &str| {
            theirs
                .get(key)
                .and_then(Json::as_str)
                .unwrap_or(default)
                .to_owned()
        };
        assert_eq!(r.kind.to_string(), word("type", "unicast"), "{dst}");
        assert_eq!(r.scope.to_string(), word("scope", "global"), "{dst}");
        assert_eq!(r.proto.to_string(), word("protocol", "boot"), "{dst}");
    }
    assert!(seen >= 5, "matched only {seen} routes with ip's");

    // The typed forms compare with the kernel's numbers and their names.
    let kernel = all(&mut ipr, ObjectKind::Route)
        .iter()
        .filter_map(Route::from_message)
        .find(|r| r.dst == Some("10.0.0.0".parse().unwrap()))
        .unwrap();
    assert!(kernel.proto == RTPROT_KERNEL && kernel.proto == RouteProtocol::Kernel);
    assert_eq!(
        (kernel.scope, kernel.kind),
        (Scope::Link, RouteType::Unicast)
    );
    let veth0 = all(&mut ipr, ObjectKind::Link)
        .iter()
        .filter_map(Link::from_message)
        .find(|l| l.name == "veth0")
        .unwrap();
    assert_eq!(veth0.operstate, Some(OperState::Up));
}

#[test]
fn display_prints_ips_words_for_each_kind() {
    let ns = veth_pair("display");
    ns.ip("link set veth0 mtu 1400 address 02:00:00:00:00:0a");
    ns.ip("addr add 10.0.0.9/24 brd 10.0.0.255 dev veth0 label veth0:x");
    ns.ip("route add 10.9.0.0/16 via 10.0.0.2 table 100 proto static metric 7");
    ns.ip("route add unreachable 10.11.0.0/16");
    ns.ip("neigh add 10.0.0.2 lladdr 02:00:00:00:00:0b dev veth0 nud permanent");
    ns.ip("rule add from 10.0.0.0/8 fwmark 0x1/0xff iif veth0 lookup 100 pref 100");
    ns.ip("nexthop add id 1 via 10.0.0.2 dev veth0");
    ns.ip("nexthop add id 2 via 10.0.0.3 dev veth0");
    ns.ip("nexthop add id 3 group 1,2/2");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let index = ipr.link_lookup("veth0").unwrap().unwrap();
    let texts =
        |ipr: &mut IpRoute, kind: ObjectKind, show: fn(&rtsock::Message) -> Option<String>| {
            all(ipr, kind).iter().filter_map(show).collect::<Vec<_>>()
        };
    let has = |texts: &[String], want: &str| {
        assert!(
            texts.iter().any(|t| t == want),
            "{want:?} not among {texts:#?}"
        )
    };

    let links = texts(&mut ipr, ObjectKind::Link, |m| {
        Link::from_message(m).map(|l| l.to_string())
    });
    has(
        &links,
        &format!(
            "{index}: veth0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 state UP type veth \
             link/ether 02:00:00:00:00:0a"
        ),
    );
    let addresses = texts(&mut ipr, ObjectKind::Address, |m| {
        Address::from_message(m).map(|a| a.to_string())
    });
    has(
        &addresses,
        &format!("inet 10.0.0.9/24 brd 10.0.0.255 scope global dev if{index} label veth0:x"),
    );
    let routes = texts(&mut ipr, ObjectKind::Route, |m| {
        Route::from_message(m).map(|r| r.to_string())
    });
    has(
        &routes,
        &format!(
            "10.9.0.0/16 via 10.0.0.2 dev if{index} table 100 proto static scope global metric 7"
        ),
    );
    has(
        &routes,
        "unreachable 10.11.0.0/16 table main proto boot scope global",
    );
    has(
        &routes,
        &format!("10.0.0.0/24 dev if{index} table main proto kernel scope link src 10.0.0.1"),
    );
    let neighbours = texts(&mut ipr, ObjectKind::Neighbour, |m| {
        Neighbour::from_message(m).map(|n| n.to_string())
    });
    has(
        &neighbours,
        &format!("10.0.0.2 dev if{index} lladdr 02:00:00:00:00:0b PERMANENT"),
    );
    let rules = texts(&mut ipr, ObjectKind::Rule, |m| {
        Rule::from_message(m).map(|r| r.to_string())
    });
    has(
        &rules,
        "100: from 10.0.0.0/8 fwmark 0x1/0xff iif veth0 lookup 100",
    );
    has(&rules, "32766: from all lookup main");
    has(&rules, "0: from all lookup local");
    let nexthops = texts(&mut ipr, ObjectKind::Nexthop, |m| {
        Nexthop::from_message(m).map(|n| n.to_string())
    });
    has(
        &nexthops,
        &format!("id 1 via 10.0.0.2 dev if{index} scope link"),
    );
    has(&nexthops, "id 3 group 1,2/2");
}
