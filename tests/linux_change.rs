//! Changes against the real kernel. Every operation runs twice, through the
//! library in one fresh namespace and through the CLI in another; `ip -j`
//! (not rtsock) then checks that both namespaces hold what was asked for
//! and hold the same thing. Error cases assert the errno and that the
//! message names the object.
#![cfg(target_os = "linux")]

mod common;

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::process::Command;

use common::Netns as TestNetns;
use common::{require_root, run};
use rtsock::change::*;
use rtsock::constants::*;
use rtsock::{Error, Filter, IpRoute, LinkAddr, ObjectKind, RouteSocket};
use serde_json::Value as Json;

fn ip(a: &str) -> IpAddr {
    a.parse().unwrap()
}

fn net(p: &str) -> IpNet {
    p.parse().unwrap()
}

fn mac(m: &str) -> LinkAddr {
    LinkAddr::parse(m).unwrap()
}

/// The two namespaces one side of the test works in: `main`, and `far` for
/// a veth peer created elsewhere and a link moved away.
struct Side {
    main: TestNetns,
    far: TestNetns,
}

type LibStep = Box<dyn Fn(&mut IpRoute, &Side) -> rtsock::Result<()>>;

/// One change, spelled for the library and for the CLI.
struct Step {
    lib: LibStep,
    cli: String,
}

fn step(
    lib: impl Fn(&mut IpRoute, &Side) -> rtsock::Result<()> + 'static,
    cli: impl Into<String>,
) -> Step {
    Step {
        lib: Box::new(lib),
        cli: cli.into(),
    }
}

/// `rtsock -n NS ARGS`; the far namespace's name replaces `{far}`.
fn cli(side: &Side, args: &str) -> std::process::Output {
    let args = args.replace("{far}", &side.far.name);
    let mut full = vec!["-n", side.main.name.as_str()];
    full.extend(args.split_whitespace());
    Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args(&full)
        .output()
        .unwrap()
}

fn cli_ok(side: &Side, args: &str) {
    let out = cli(side, args);
    assert!(
        out.status.success(),
        "rtsock {args}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The far namespace as the library names it.
fn far(side: &Side) -> Netns {
    Netns::Named(side.far.name.clone())
}

fn steps() -> Vec<Step> {
    vec![
        // Links.
        step(
            |r, _| r.link(Verb::Add, &LinkSpec::named("veth0").veth("veth1")),
            "link add veth0 type veth peer veth1",
        ),
        step(
            |r, s| {
                let kind = LinkKind::Veth {
                    peer: "away1".into(),
                    peer_netns: Some(far(s)),
                };
                r.link(Verb::Add, &LinkSpec::named("away0").kind(kind))
            },
            "link add away0 type veth peer name away1 netns {far}",
        ),
        step(
            |r, _| {
                let spec = LinkSpec::named("veth0")
                    .up()
                    .mtu(1400)
                    .address(mac("02:00:00:00:00:01"))
                    .txqlen(500);
                r.link(Verb::Set, &spec)
            },
            "link set dev veth0 up mtu 1400 address 02:00:00:00:00:01 txqueuelen 500",
        ),
        step(
            |r, _| r.link(Verb::Set, &LinkSpec::named("veth1").up()),
            "link set veth1 up",
        ),
        step(
            |r, _| r.link(Verb::Add, &LinkSpec::named("br0").kind(LinkKind::Bridge)),
            "link add br0 type bridge",
        ),
        step(
            |r, _| r.link(Verb::Set, &LinkSpec::named("veth1").master("br0")),
            "link set veth1 master br0",
        ),
        step(
            |r, _| {
                let kind = LinkKind::Macvlan {
                    mode: MacvlanMode::Bridge,
                };
                r.link(Verb::Add, &LinkSpec::named("mv0").link("veth0").kind(kind))
            },
            "link add mv0 link veth0 type macvlan mode bridge",
        ),
        step(
            |r, _| {
                let kind = LinkKind::Macvtap {
                    mode: MacvlanMode::Vepa,
                };
                r.link(Verb::Add, &LinkSpec::named("mvt0").link("veth0").kind(kind))
            },
            "link add mvt0 link veth0 type macvtap mode vepa",
        ),
        step(
            |r, _| {
                let vx = Vxlan {
                    id: 42,
                    local: Some(ip("10.0.0.1")),
                    port: Some(4789),
                    ..Vxlan::default()
                };
                r.link(Verb::Add, &LinkSpec::named("vx0").kind(LinkKind::Vxlan(vx)))
            },
            "link add vx0 type vxlan id 42 local 10.0.0.1 dstport 4789",
        ),
        step(
            |r, _| r.link(Verb::Add, &LinkSpec::named("tap0").kind(LinkKind::Tap)),
            "link add tap0 type tap",
        ),
        step(
            |r, _| {
                let spec = LinkSpec::named("tun0").kind(LinkKind::Tun).mtu(1300);
                r.link(Verb::Add, &spec)
            },
            "link add tun0 type tun mtu 1300",
        ),
        step(
            |r, _| r.link(Verb::Add, &LinkSpec::named("ifb9").kind(LinkKind::Ifb)),
            "link add ifb9 type ifb",
        ),
        step(
            |r, _| r.link(Verb::Add, &LinkSpec::named("tmp0").kind(LinkKind::Bridge)),
            "link add tmp0 type bridge",
        ),
        step(
            |r, _| r.link(Verb::Set, &LinkSpec::named("tmp0").rename("tmp1")),
            "link set tmp0 name tmp1",
        ),
        step(
            |r, _| r.link(Verb::Add, &LinkSpec::named("gone0").kind(LinkKind::Bridge)),
            "link add gone0 type bridge",
        ),
        step(
            |r, _| r.link(Verb::Delete, &LinkSpec::named("gone0")),
            "link del gone0",
        ),
        step(
            |r, _| r.link(Verb::Add, &LinkSpec::named("vb0").veth("vb1")),
            "link add vb0 type veth peer vb1",
        ),
        step(
            |r, _| r.link(Verb::Set, &LinkSpec::named("vb0").master("tmp1")),
            "link set vb0 master tmp1",
        ),
        step(
            |r, _| r.link(Verb::Set, &LinkSpec::named("vb0").nomaster()),
            "link set vb0 nomaster",
        ),
        step(
            |r, s| r.link(Verb::Set, &LinkSpec::named("vb1").netns(far(s))),
            "link set vb1 netns {far}",
        ),
        // Addresses.
        step(
            |r, _| {
                let a = AddressSpec::new(net("10.0.0.1/24"), "veth0")
                    .broadcast(Broadcast::Auto)
                    .label("veth0:a");
                r.address(Verb::Add, &a)
            },
            "addr add 10.0.0.1/24 brd + dev veth0 label veth0:a",
        ),
        step(
            |r, _| {
                let a = AddressSpec::new(net("10.0.1.1/24"), "veth0").scope(RT_SCOPE_LINK);
                r.address(Verb::Add, &a)
            },
            "addr add 10.0.1.1/24 dev veth0 scope link",
        ),
        step(
            |r, _| {
                let a = AddressSpec::new(net("10.9.0.1/32"), "veth0").peer(net("10.9.0.2/32"));
                r.address(Verb::Add, &a)
            },
            "addr add 10.9.0.1 peer 10.9.0.2/32 dev veth0",
        ),
        step(
            |r, _| {
                let a = AddressSpec::new(net("2001:db8::1/64"), "veth0")
                    .nodad()
                    .lifetimes(100, 50);
                r.address(Verb::Add, &a)
            },
            "addr add 2001:db8::1/64 dev veth0 nodad valid_lft 100 preferred_lft 50",
        ),
        step(
            |r, _| {
                let a = AddressSpec::new(net("2001:db8:2::1/64"), "veth0")
                    .nodad()
                    .noprefixroute();
                r.address(Verb::Add, &a)
            },
            "addr add 2001:db8:2::1/64 dev veth0 nodad noprefixroute",
        ),
        step(
            |r, _| {
                let a = AddressSpec::new(net("10.0.0.1/24"), "veth0")
                    .broadcast(Broadcast::Auto)
                    .label("veth0:a")
                    .lifetimes(1000, 500);
                r.address(Verb::Replace, &a)
            },
            "addr replace 10.0.0.1/24 brd + dev veth0 label veth0:a valid_lft 1000 preferred_lft 500",
        ),
        step(
            |r, _| r.address(Verb::Add, &AddressSpec::new(net("10.0.2.1/24"), "veth0")),
            "addr add 10.0.2.1/24 dev veth0",
        ),
        step(
            |r, _| r.address(Verb::Delete, &AddressSpec::new(net("10.0.2.1/24"), "veth0")),
            "addr del 10.0.2.1/24 dev veth0",
        ),
        step(
            |r, _| r.address(Verb::Add, &AddressSpec::new(net("10.3.3.1/24"), "vb0")),
            "addr add 10.3.3.1/24 dev vb0",
        ),
        step(
            |r, _| r.address(Verb::Add, &AddressSpec::new(net("10.3.3.2/24"), "vb0")),
            "addr add 10.3.3.2/24 dev vb0",
        ),
        step(
            |r, _| {
                r.flush(ObjectKind::Address, &Filter::new().dev("vb0"))
                    .map(drop)
            },
            "addr flush dev vb0",
        ),
        // Routes.
        step(
            |r, _| {
                let spec = RouteSpec::to(net("10.1.0.0/16"))
                    .via(ip("10.0.0.2"))
                    .table(100)
                    .metric(5)
                    .protocol(RTPROT_STATIC)
                    .route_metric(2, 1400)
                    .route_metric(8, 1300);
                r.route(Verb::Add, &spec)
            },
            "route add 10.1.0.0/16 via 10.0.0.2 table 100 metric 5 proto static mtu 1400 advmss 1300",
        ),
        step(
            |r, _| {
                let spec = RouteSpec::to(net("10.1.0.0/16"))
                    .via(ip("10.0.0.3"))
                    .table(100)
                    .metric(5)
                    .protocol(RTPROT_STATIC);
                r.route(Verb::Replace, &spec)
            },
            "route replace 10.1.0.0/16 via 10.0.0.3 table 100 metric 5 proto static",
        ),
        step(
            |r, _| {
                let spec = RouteSpec::to(net("10.2.0.0/16"))
                    .dev("veth0")
                    .prefsrc(ip("10.0.0.1"));
                r.route(Verb::Add, &spec)
            },
            "route add 10.2.0.0/16 dev veth0 src 10.0.0.1",
        ),
        step(
            |r, _| {
                let spec = RouteSpec::to(net("10.2.0.0/16")).via(ip("10.0.0.9"));
                r.route(Verb::Change, &spec)
            },
            "route change 10.2.0.0/16 via 10.0.0.9",
        ),
        step(
            |r, _| {
                let spec = RouteSpec::to(net("10.3.0.0/16"))
                    .nexthop(NextHopSpec::via(ip("10.0.0.2")).dev("veth0").weight(2))
                    .nexthop(NextHopSpec::via(ip("10.0.0.3")).weight(3));
                r.route(Verb::Add, &spec)
            },
            "route add 10.3.0.0/16 nexthop via 10.0.0.2 dev veth0 weight 2 nexthop via 10.0.0.3 weight 3",
        ),
        step(
            |r, _| {
                let spec = RouteSpec::to(net("10.4.0.0/16"))
                    .kind(RTN_BLACKHOLE)
                    .table(100000);
                r.route(Verb::Add, &spec)
            },
            "route add blackhole 10.4.0.0/16 table 100000",
        ),
        step(
            |r, _| {
                r.route(
                    Verb::Add,
                    &RouteSpec::to(net("10.5.0.0/16")).kind(RTN_UNREACHABLE),
                )
            },
            "route add unreachable 10.5.0.0/16",
        ),
        step(
            |r, _| {
                r.route(
                    Verb::Add,
                    &RouteSpec::to(net("10.6.0.0/16")).kind(RTN_PROHIBIT),
                )
            },
            "route add prohibit 10.6.0.0/16",
        ),
        step(
            |r, _| r.route(Verb::Delete, &RouteSpec::to(net("10.6.0.0/16"))),
            "route del 10.6.0.0/16",
        ),
        step(
            |r, _| {
                let spec = RouteSpec::to(net("10.7.0.1/32"))
                    .kind(RTN_LOCAL)
                    .dev("veth0")
                    .table(100);
                r.route(Verb::Add, &spec)
            },
            "route add local 10.7.0.1 dev veth0 table 100",
        ),
        step(
            |r, _| {
                r.route(
                    Verb::Append,
                    &RouteSpec::to(net("10.8.0.0/16")).via(ip("10.0.0.2")),
                )
            },
            "route append 10.8.0.0/16 via 10.0.0.2",
        ),
        step(
            |r, _| {
                r.route(
                    Verb::Append,
                    &RouteSpec::to(net("10.8.0.0/16")).via(ip("10.0.0.3")),
                )
            },
            "route append 10.8.0.0/16 via 10.0.0.3",
        ),
        step(
            |r, _| {
                let spec = RouteSpec::to(net("10.11.0.0/16"))
                    .via(ip("192.0.2.1"))
                    .dev("veth0")
                    .onlink()
                    .scope(RT_SCOPE_UNIVERSE);
                r.route(Verb::Add, &spec)
            },
            "route add 10.11.0.0/16 via 192.0.2.1 dev veth0 onlink",
        ),
        step(
            |r, _| {
                let spec = RouteSpec::to(net("2001:db8:5::/64"))
                    .via(ip("2001:db8::2"))
                    .metric(2048);
                r.route(Verb::Add, &spec)
            },
            "route add 2001:db8:5::/64 via 2001:db8::2 metric 2048",
        ),
        step(
            |r, _| {
                let spec = RouteSpec::default_route(AF_INET)
                    .via(ip("10.0.0.254"))
                    .protocol(RTPROT_DHCP);
                r.route(Verb::Add, &spec)
            },
            "route add default via 10.0.0.254 proto dhcp",
        ),
        step(
            |r, _| {
                r.route(
                    Verb::Add,
                    &RouteSpec::to(net("10.20.0.0/16"))
                        .via(ip("10.0.0.2"))
                        .table(200),
                )
            },
            "route add 10.20.0.0/16 via 10.0.0.2 table 200",
        ),
        step(
            |r, _| {
                r.route(
                    Verb::Add,
                    &RouteSpec::to(net("10.21.0.0/16"))
                        .via(ip("10.0.0.2"))
                        .table(200),
                )
            },
            "route add 10.21.0.0/16 via 10.0.0.2 table 200",
        ),
        step(
            |r, _| {
                r.flush(ObjectKind::Route, &Filter::new().table(200))
                    .map(drop)
            },
            "route flush table 200",
        ),
        // Neighbours and bridge forwarding entries.
        step(
            |r, _| {
                let n = NeighbourSpec::ip(ip("10.0.0.9"), "veth0").lladdr(mac("02:00:00:00:00:09"));
                r.neighbour(Verb::Add, &n)
            },
            "neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev veth0 nud permanent",
        ),
        step(
            |r, _| {
                let n = NeighbourSpec::ip(ip("10.0.0.9"), "veth0").lladdr(mac("02:00:00:00:00:0a"));
                r.neighbour(Verb::Replace, &n)
            },
            "neigh replace 10.0.0.9 lladdr 02:00:00:00:00:0a dev veth0",
        ),
        step(
            |r, _| {
                let n = NeighbourSpec::ip(ip("10.0.0.10"), "veth0")
                    .lladdr(mac("02:00:00:00:00:10"))
                    .state(NUD_NOARP);
                r.neighbour(Verb::Add, &n)
            },
            "neigh add 10.0.0.10 lladdr 02:00:00:00:00:10 dev veth0 nud noarp",
        ),
        step(
            |r, _| {
                let n = NeighbourSpec::ip(ip("2001:db8::9"), "veth0")
                    .lladdr(mac("02:00:00:00:00:19"))
                    .flags(NTF_ROUTER);
                r.neighbour(Verb::Add, &n)
            },
            "neigh add 2001:db8::9 lladdr 02:00:00:00:00:19 dev veth0 router",
        ),
        step(
            |r, _| {
                let n =
                    NeighbourSpec::ip(ip("10.0.0.11"), "veth0").lladdr(mac("02:00:00:00:00:11"));
                r.neighbour(Verb::Add, &n)
            },
            "neigh add 10.0.0.11 lladdr 02:00:00:00:00:11 dev veth0",
        ),
        step(
            |r, _| r.neighbour(Verb::Delete, &NeighbourSpec::ip(ip("10.0.0.11"), "veth0")),
            "neigh del 10.0.0.11 dev veth0",
        ),
        step(
            |r, _| {
                r.neighbour(
                    Verb::Add,
                    &NeighbourSpec::fdb(mac("02:00:00:00:00:aa"), "veth1"),
                )
            },
            "fdb add 02:00:00:00:00:aa dev veth1 master static",
        ),
        step(
            |r, _| {
                r.neighbour(
                    Verb::Add,
                    &NeighbourSpec::fdb(mac("02:00:00:00:00:bb"), "veth1"),
                )
            },
            "fdb add 02:00:00:00:00:bb dev veth1 master static",
        ),
        step(
            |r, _| {
                r.neighbour(
                    Verb::Delete,
                    &NeighbourSpec::fdb(mac("02:00:00:00:00:bb"), "veth1"),
                )
            },
            "fdb del 02:00:00:00:00:bb dev veth1 master",
        ),
        // Rules.
        step(
            |r, _| {
                let rule = RuleSpec::new()
                    .from(net("10.0.0.0/8"))
                    .fwmark(0x10, Some(0xff))
                    .priority(100)
                    .table(100);
                r.rule(Verb::Add, &rule)
            },
            "rule add from 10.0.0.0/8 fwmark 0x10/0xff pref 100 lookup 100",
        ),
        step(
            |r, _| {
                let mut rule = RuleSpec::new()
                    .to(net("10.5.0.0/16"))
                    .iif("veth0")
                    .priority(101)
                    .table(100000);
                rule.invert = true;
                r.rule(Verb::Add, &rule)
            },
            "rule add not to 10.5.0.0/16 iif veth0 pref 101 table 100000",
        ),
        step(
            |r, _| {
                let mut rule = RuleSpec::new()
                    .oif("veth0")
                    .priority(102)
                    .action(FR_ACT_BLACKHOLE);
                rule.tos = 0x10;
                r.rule(Verb::Add, &rule)
            },
            "rule add oif veth0 tos 0x10 pref 102 blackhole",
        ),
        step(
            |r, _| {
                let rule = RuleSpec::new()
                    .from(net("2001:db8::/32"))
                    .priority(103)
                    .table(100);
                r.rule(Verb::Add, &rule)
            },
            "rule add from 2001:db8::/32 pref 103 lookup 100",
        ),
        step(
            |r, _| r.rule(Verb::Add, &RuleSpec::new().priority(104).table(105)),
            "rule add pref 104 lookup 105",
        ),
        step(
            |r, _| r.rule(Verb::Delete, &RuleSpec::new().priority(104)),
            "rule del pref 104",
        ),
    ]
}

fn side(tag: &str) -> Side {
    Side {
        main: TestNetns::new(tag),
        far: TestNetns::new(&format!("{tag}far")),
    }
}

fn bridge_json(ns: &TestNetns, args: &str) -> Json {
    let mut full = vec!["-n", ns.name.as_str(), "-j"];
    full.extend(args.split_whitespace());
    let out = run("bridge", &full);
    serde_json::from_str(&out).unwrap_or(Json::Array(vec![]))
}

/// What `ip -j` shows of a namespace, without what differs between two
/// identical setups (interface indexes, random MACs, timers, counters).
fn snapshot(ns: &TestNetns) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let strip = |v: &Json, keys: &[&str]| {
        let mut v = v.clone();
        if let Some(o) = v.as_object_mut() {
            for k in keys {
                o.remove(*k);
            }
        }
        v.to_string()
    };
    for l in ns.ip_json("-d link show").as_array().unwrap() {
        let mut l = l.clone();
        let o = l.as_object_mut().unwrap();
        let ours = o
            .get("address")
            .and_then(Json::as_str)
            .is_some_and(|a| a.starts_with("02:00:00"));
        for k in [
            "ifindex",
            "link_index",
            "inet6_addr_gen_mode",
            "promiscuity",
            "allmulti",
        ] {
            o.remove(k);
        }
        if !ours {
            o.remove("address");
        }
        // Bridge ids and timers carry MACs and clocks.
        let kind = o.get("linkinfo").and_then(|i| i.get("info_kind")).cloned();
        o.remove("linkinfo");
        o.remove("link_netnsid");
        out.insert(format!("link {} kind {kind:?}", Json::Object(o.clone())));
    }
    for l in ns.ip_json("addr show").as_array().unwrap() {
        for a in l["addr_info"].as_array().unwrap() {
            let mut a = a.clone();
            let o = a.as_object_mut().unwrap();
            if o.get("local")
                .and_then(Json::as_str)
                .is_some_and(|x| x.starts_with("fe80"))
            {
                continue; // derived from the random MAC
            }
            for k in ["valid_life_time", "preferred_life_time"] {
                // Counting down: keep only whether it is forever.
                let forever = o.get(k).and_then(Json::as_u64) == Some(u32::MAX as u64);
                o.insert(k.into(), Json::Bool(forever));
            }
            out.insert(format!("addr {} {}", l["ifname"], a));
        }
    }
    for r in ns.ip_json("route show table all").as_array().unwrap() {
        if r["dst"]
            .as_str()
            .is_some_and(|d| d.starts_with("fe80") || d.starts_with("ff00"))
        {
            continue;
        }
        out.insert(format!("route {}", strip(r, &["expires"])));
    }
    for r in ns.ip_json("-6 route show table all").as_array().unwrap() {
        if r["dst"]
            .as_str()
            .is_some_and(|d| d.starts_with("fe80") || d.starts_with("ff00"))
        {
            continue;
        }
        out.insert(format!("route6 {}", strip(r, &["expires"])));
    }
    for n in ns.ip_json("neigh show nud all").as_array().unwrap() {
        out.insert(format!("neigh {}", strip(n, &["state"])));
    }
    for f in bridge_json(ns, "fdb show").as_array().unwrap() {
        if f["mac"].as_str().is_some_and(|m| m.starts_with("02:00:00")) {
            out.insert(format!("fdb {f}"));
        }
    }
    for family in ["-4", "-6"] {
        for r in ns
            .ip_json(&format!("{family} rule show"))
            .as_array()
            .unwrap()
        {
            out.insert(format!("rule {r}"));
        }
    }
    out
}

fn find(list: &Json, pred: impl Fn(&Json) -> bool) -> Option<&Json> {
    list.as_array().unwrap().iter().find(|x| pred(x))
}

/// Spot checks, in `ip`'s words, that the namespace holds what the steps asked for.
fn assert_expected(ns: &TestNetns, far: &TestNetns) {
    let links = ns.ip_json("-d link show");
    let link = |name: &str| {
        find(&links, |l| l["ifname"] == name).unwrap_or_else(|| panic!("no link {name}: {links}"))
    };
    let veth0 = link("veth0");
    assert_eq!(veth0["mtu"], 1400);
    assert_eq!(veth0["address"], "02:00:00:00:00:01");
    assert_eq!(veth0["txqlen"], 500);
    assert!(
        veth0["flags"]
            .as_array()
            .unwrap()
            .contains(&Json::from("UP"))
    );
    assert_eq!(link("veth1")["master"], "br0");
    assert_eq!(link("mv0")["linkinfo"]["info_data"]["mode"], "bridge");
    assert_eq!(link("mv0")["link"], "veth0");
    assert_eq!(link("mvt0")["linkinfo"]["info_kind"], "macvtap");
    assert_eq!(link("vx0")["linkinfo"]["info_data"]["id"], 42);
    assert_eq!(link("vx0")["linkinfo"]["info_data"]["port"], 4789);
    assert_eq!(link("tap0")["linkinfo"]["info_kind"], "tun");
    assert_eq!(link("tap0")["linkinfo"]["info_data"]["type"], "tap");
    assert_eq!(link("tun0")["linkinfo"]["info_data"]["type"], "tun");
    assert_eq!(link("tun0")["mtu"], 1300);
    assert_eq!(link("ifb9")["linkinfo"]["info_kind"], "ifb");
    assert!(find(&links, |l| l["ifname"] == "tmp0" || l["ifname"] == "gone0").is_none());
    assert_eq!(link("tmp1")["linkinfo"]["info_kind"], "bridge");
    assert!(link("vb0").get("master").is_none());
    assert!(find(&links, |l| l["ifname"] == "vb1").is_none());
    let far_links = far.ip_json("link show");
    for name in ["away1", "vb1"] {
        assert!(
            find(&far_links, |l| l["ifname"] == name).is_some(),
            "{name} not in far ns"
        );
    }

    let addrs = ns.ip_json("addr show dev veth0");
    let infos = addrs[0]["addr_info"].as_array().unwrap();
    let addr = |local: &str| {
        infos
            .iter()
            .find(|a| a["local"] == local)
            .unwrap_or_else(|| panic!("no address {local}: {addrs}"))
    };
    let a = addr("10.0.0.1");
    assert_eq!(
        (a["prefixlen"].as_u64(), a["broadcast"].as_str()),
        (Some(24), Some("10.0.0.255"))
    );
    assert_eq!(a["label"], "veth0:a");
    assert!(a["valid_life_time"].as_u64().unwrap() <= 1000);
    assert_eq!(addr("10.0.1.1")["scope"], "link");
    assert_eq!(addr("10.9.0.1")["address"], "10.9.0.2");
    let v6 = addr("2001:db8::1");
    assert_eq!(v6["nodad"], true);
    assert!(v6["preferred_life_time"].as_u64().unwrap() <= 50);
    assert_eq!(addr("2001:db8:2::1")["noprefixroute"], true);
    assert!(infos.iter().all(|a| a["local"] != "10.0.2.1"));
    let vb0 = ns.ip_json("-4 addr show dev vb0");
    let vb0_has_v4 = vb0
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["addr_info"].as_array().is_some_and(|a| !a.is_empty()));
    assert!(!vb0_has_v4, "flush left addresses: {vb0}");

    let r100 = ns.ip_json("route show table 100");
    let r = find(&r100, |r| r["dst"] == "10.1.0.0/16").expect("10.1/16 in table 100");
    assert_eq!(
        (r["gateway"].as_str(), r["metric"].as_u64()),
        (Some("10.0.0.3"), Some(5))
    );
    assert_eq!(r["protocol"], "static");
    assert!(find(&r100, |r| r["dst"] == "10.7.0.1" && r["type"] == "local").is_some());
    let main = ns.ip_json("route show");
    let r = find(&main, |r| r["dst"] == "10.2.0.0/16").unwrap();
    assert_eq!(r["gateway"], "10.0.0.9");
    let mp = find(&main, |r| r["dst"] == "10.3.0.0/16").unwrap();
    let weights: Vec<_> = mp["nexthops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["gateway"].clone(), h["weight"].clone()))
        .collect();
    assert_eq!(
        weights,
        [
            (Json::from("10.0.0.2"), Json::from(2)),
            (Json::from("10.0.0.3"), Json::from(3))
        ]
    );
    assert_eq!(
        find(&main, |r| r["dst"] == "10.5.0.0/16").unwrap()["type"],
        "unreachable"
    );
    assert!(find(&main, |r| r["dst"] == "10.6.0.0/16").is_none());
    let appended = main
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["dst"] == "10.8.0.0/16")
        .count();
    assert_eq!(appended, 2, "{main}");
    let onlink = find(&main, |r| r["dst"] == "10.11.0.0/16").unwrap();
    assert!(
        onlink["flags"]
            .as_array()
            .unwrap()
            .contains(&Json::from("onlink"))
    );
    let default = find(&main, |r| r["dst"] == "default").unwrap();
    assert_eq!(
        (default["gateway"].as_str(), default["protocol"].as_str()),
        (Some("10.0.0.254"), Some("dhcp"))
    );
    let big = ns.ip_json("route show table 100000");
    assert_eq!(big[0]["type"], "blackhole");
    assert_eq!(ns.ip_json("route show table 200"), Json::Array(vec![]));
    let v6 = ns.ip_json("-6 route show");
    assert_eq!(
        find(&v6, |r| r["dst"] == "2001:db8:5::/64").unwrap()["metric"],
        2048
    );

    let neigh = ns.ip_json("neigh show nud all");
    let n = find(&neigh, |n| n["dst"] == "10.0.0.9").unwrap();
    assert_eq!(n["lladdr"], "02:00:00:00:00:0a");
    assert_eq!(n["state"], Json::from(vec!["PERMANENT"]));
    assert_eq!(
        find(&neigh, |n| n["dst"] == "10.0.0.10").unwrap()["state"],
        Json::from(vec!["NOARP"])
    );
    assert_eq!(
        find(&neigh, |n| n["dst"] == "2001:db8::9").unwrap()["router"],
        Json::Null
    );
    assert!(find(&neigh, |n| n["dst"] == "10.0.0.11").is_none());
    let fdb = bridge_json(ns, "fdb show dev veth1");
    let aa = find(&fdb, |f| f["mac"] == "02:00:00:00:00:aa").expect("fdb entry");
    assert_eq!(
        (aa["master"].as_str(), aa["state"].as_str()),
        (Some("br0"), Some("static"))
    );
    assert!(find(&fdb, |f| f["mac"] == "02:00:00:00:00:bb").is_none());

    let rules = ns.ip_json("rule show");
    let r = find(&rules, |r| r["priority"] == 100).unwrap();
    assert_eq!(
        (r["src"].as_str(), r["srclen"].as_u64()),
        (Some("10.0.0.0"), Some(8))
    );
    assert_eq!(
        (r["fwmark"].as_str(), r["fwmask"].as_str()),
        (Some("0x10"), Some("0xff"))
    );
    let r = find(&rules, |r| r["priority"] == 101).unwrap();
    assert_eq!(
        (
            r.get("not").is_some(),
            r["iif"].as_str(),
            r["table"].as_str()
        ),
        (true, Some("veth0"), Some("100000"))
    );
    let r = find(&rules, |r| r["priority"] == 102).unwrap();
    assert_eq!(
        (r["oif"].as_str(), r["action"].as_str(), r["tos"].as_str()),
        (Some("veth0"), Some("blackhole"), Some("0x10"))
    );
    assert!(find(&rules, |r| r["priority"] == 104).is_none());
    let rules6 = ns.ip_json("-6 rule show");
    assert!(find(&rules6, |r| r["priority"] == 103 && r["table"] == "100").is_some());
}

#[test]
fn every_change_through_library_and_cli_gives_the_same_kernel_state() {
    let lib = side("chlib");
    let cmd = side("chcli");
    let mut ipr = IpRoute::in_netns(&lib.main.name).unwrap();
    for s in steps() {
        (s.lib)(&mut ipr, &lib).unwrap_or_else(|e| panic!("library, for `{}`: {e}", s.cli));
        cli_ok(&cmd, &s.cli);
    }
    assert_expected(&lib.main, &lib.far);
    assert_expected(&cmd.main, &cmd.far);
    let (a, b) = (snapshot(&lib.main), snapshot(&cmd.main));
    eprintln!("comparing {} facts per namespace", a.len());
    assert!(
        a.len() > 60,
        "the snapshot misses most of the state: {a:#?}"
    );
    let only_lib: Vec<_> = a.difference(&b).collect();
    let only_cli: Vec<_> = b.difference(&a).collect();
    assert!(
        only_lib.is_empty() && only_cli.is_empty(),
        "library and CLI differ:\nlibrary only: {only_lib:#?}\nCLI only: {only_cli:#?}"
    );
}

/// One error case: what the library returns, what the CLI prints.
struct Failure {
    lib: LibStep,
    cli: &'static str,
    errno: i32,
    /// Text that names the object in both messages.
    names: &'static str,
    /// Rejected before sending: no request may reach the kernel.
    local: bool,
}

#[test]
fn errors_carry_errno_and_name_the_object() {
    let lib = side("errlib");
    let cmd = side("errcli");
    for s in [&lib, &cmd] {
        s.main.ip("link add veth0 type veth peer name veth1");
        s.main.ip("link set veth0 up");
        s.main.ip("addr add 10.0.0.1/24 dev veth0");
    }
    let failures = vec![
        Failure {
            lib: Box::new(|r, _| {
                r.address(Verb::Add, &AddressSpec::new(net("10.0.0.1/24"), "veth0"))
            }),
            cli: "addr add 10.0.0.1/24 dev veth0",
            errno: libc::EEXIST,
            names: "address add 10.0.0.1/24 dev veth0",
            local: false,
        },
        Failure {
            lib: Box::new(|r, _| r.route(Verb::Delete, &RouteSpec::to(net("10.77.0.0/16")))),
            cli: "route del 10.77.0.0/16",
            errno: libc::ESRCH,
            names: "route del 10.77.0.0/16",
            local: false,
        },
        Failure {
            lib: Box::new(|r, _| {
                let spec = RouteSpec::to(net("10.0.0.0/8"))
                    .via(ip("192.0.2.1"))
                    .table(100);
                r.route(Verb::Add, &spec)
            }),
            cli: "route add 10.0.0.0/8 via 192.0.2.1 table 100",
            errno: libc::ENETUNREACH,
            names: "route add 10.0.0.0/8 via 192.0.2.1 table 100",
            local: false,
        },
        Failure {
            lib: Box::new(|r, _| {
                r.address(Verb::Add, &AddressSpec::new(net("10.0.5.1/24"), "nosuch0"))
            }),
            cli: "addr add 10.0.5.1/24 dev nosuch0",
            errno: libc::ENODEV,
            names: "nosuch0",
            local: false,
        },
        Failure {
            lib: Box::new(|r, _| r.link(Verb::Delete, &LinkSpec::named("nosuch0"))),
            cli: "link del nosuch0",
            errno: libc::ENODEV,
            names: "link del nosuch0",
            local: false,
        },
        Failure {
            lib: Box::new(|r, _| r.link(Verb::Add, &LinkSpec::named("veth0").veth("x1"))),
            cli: "link add veth0 type veth peer x1",
            errno: libc::EEXIST,
            names: "link add veth0 type veth peer x1",
            local: false,
        },
        Failure {
            lib: Box::new(|r, _| {
                r.link(
                    Verb::Add,
                    &LinkSpec::named("abcdefghijklmnopq").kind(LinkKind::Bridge),
                )
            }),
            cli: "link add abcdefghijklmnopq type bridge",
            errno: libc::EINVAL,
            names: "abcdefghijklmnopq",
            local: true,
        },
        Failure {
            lib: Box::new(|r, _| {
                let spec = RouteSpec::to(net("2001:db8::/64")).via(ip("10.0.0.2"));
                r.route(Verb::Add, &spec)
            }),
            cli: "route add 2001:db8::/64 via 10.0.0.2",
            errno: libc::EINVAL,
            names: "route add 2001:db8::/64 via 10.0.0.2",
            local: true,
        },
        Failure {
            lib: Box::new(|r, _| {
                let spec = AddressSpec::new(net("10.0.0.7/24"), "veth0").lifetimes(10, 20);
                r.address(Verb::Add, &spec)
            }),
            cli: "addr add 10.0.0.7/24 dev veth0 valid_lft 10 preferred_lft 20",
            errno: libc::EINVAL,
            names: "address add 10.0.0.7/24",
            local: true,
        },
    ];
    let mut ipr = IpRoute::in_netns(&lib.main.name).unwrap();
    let before = snapshot(&lib.main);
    for f in &failures {
        let sent = ipr.socket().sent;
        let e: Error = (f.lib)(&mut ipr, &lib).expect_err(f.cli);
        assert_eq!(e.errno(), Some(f.errno), "{}: {e}", f.cli);
        let text = e.to_string();
        assert!(text.contains(f.names), "{}: {text}", f.cli);
        assert!(
            text.contains(rtsock::common::error::errno_text(f.errno)) || f.local,
            "{text}"
        );
        if f.local {
            assert_eq!(ipr.socket().sent, sent, "{}: sent to the kernel", f.cli);
            assert!(matches!(e, Error::InvalidInput { .. }), "{e:?}");
        }
        let out = cli(&cmd, f.cli);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{}", f.cli);
        assert!(stderr.contains(f.names), "{}: {stderr}", f.cli);
        if !f.local {
            assert!(
                stderr.contains(&format!("errno {}", f.errno)),
                "{}: {stderr}",
                f.cli
            );
        }
    }
    // A bad prefix length never parses into a request.
    let out = cli(&cmd, "route add 10.0.0.0/33 dev veth0");
    assert!(String::from_utf8_lossy(&out.stderr).contains("10.0.0.0/33"));
    assert!("10.0.0.0/33".parse::<IpNet>().is_err());
    assert_eq!(
        snapshot(&lib.main),
        before,
        "a failed change left something behind"
    );
}

/// vlan, bond and dummy: when the module is missing the test says so and
/// relies on the byte-level checks in `change_bytes.rs`; when present, the
/// real kernel must accept them.
#[test]
fn kinds_whose_modules_may_be_missing() {
    let ns = TestNetns::new("mods");
    ns.ip("link add veth0 type veth peer name veth1");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let kinds = [
        (
            "vlan",
            LinkSpec::named("veth0.5")
                .link("veth0")
                .kind(LinkKind::Vlan {
                    id: 5,
                    protocol: VlanProtocol::Dot1Q,
                }),
        ),
        (
            "vlan 802.1ad",
            LinkSpec::named("veth0.6")
                .link("veth0")
                .kind(LinkKind::Vlan {
                    id: 6,
                    protocol: VlanProtocol::Dot1AD,
                }),
        ),
        (
            "bond",
            LinkSpec::named("bond0").kind(LinkKind::Bond { mode: Some(1) }),
        ),
        ("dummy", LinkSpec::named("dummy0").kind(LinkKind::Dummy)),
    ];
    for (label, spec) in kinds {
        match ipr.link(Verb::Add, &spec) {
            Ok(()) => {
                let name = match &spec.dev {
                    Some(rtsock::Interface::Name(n)) => n.clone(),
                    _ => unreachable!(),
                };
                let links = ns.ip_json(&format!("-d link show dev {name}"));
                let kind = spec.kind.as_ref().unwrap().name();
                assert_eq!(links[0]["linkinfo"]["info_kind"], kind);
                println!("{label}: module present, created and verified with ip -j");
            }
            Err(e) if e.errno() == Some(libc::EOPNOTSUPP) => {
                assert!(e.to_string().contains("Unknown device type"), "{e}");
                println!(
                    "{label}: kernel module missing here ({e}); covered by the byte-level tests only"
                );
            }
            Err(e) => panic!("{label}: {e}"),
        }
    }
}

#[test]
fn named_namespaces_are_made_and_removed_like_ip_netns() {
    require_root();
    let name = format!("rtsock-nsapi-{}", std::process::id());
    let path = rtsock::linux::netns::create(&name).unwrap();
    let listed = run("ip", &["netns", "list"]);
    assert!(listed.contains(&name), "{listed}");
    // The new namespace is empty and separate: a link made in it is not here.
    let mut ipr = IpRoute::in_netns(path.to_str().unwrap()).unwrap();
    ipr.link(Verb::Add, &LinkSpec::named("nsveth0").veth("nsveth1"))
        .unwrap();
    let inside = run("ip", &["-n", &name, "-j", "link", "show"]);
    assert!(inside.contains("nsveth0"));
    assert!(!run("ip", &["-j", "link", "show"]).contains("nsveth0"));
    let e = rtsock::linux::netns::create(&name).unwrap_err();
    assert_eq!(e.errno(), Some(libc::EEXIST), "{e}");
    rtsock::linux::netns::delete(&name).unwrap();
    assert!(!run("ip", &["netns", "list"]).contains(&name));
    assert!(!path.exists());

    // The CLI, and `ip` reading what it made.
    let bin = env!("CARGO_BIN_EXE_rtsock");
    let cli_name = format!("rtsock-nscli-{}", std::process::id());
    let st = Command::new(bin)
        .args(["netns", "add", &cli_name])
        .status()
        .unwrap();
    assert!(st.success());
    run("ip", &["-n", &cli_name, "link", "set", "lo", "up"]);
    let listed = Command::new(bin)
        .args(["-j", "netns", "list"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&listed.stdout).contains(&cli_name));
    let st = Command::new(bin)
        .args(["netns", "del", &cli_name])
        .status()
        .unwrap();
    assert!(st.success());
    assert!(!run("ip", &["netns", "list"]).contains(&cli_name));
}
