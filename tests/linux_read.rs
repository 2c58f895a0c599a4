//! Reads against the real kernel, in a private network namespace, checked
//! field by field against `ip -j`, through the library and through the CLI.
#![cfg(target_os = "linux")]

mod common;

use std::collections::HashMap;
use std::process::Command;

use common::*;
use rtsock::constants::*;
use rtsock::{Filter, IpRoute, ObjectKind, RouteSocket, Value};
use serde_json::Value as Json;

/// One query, spelled three ways: the library filter, the CLI words, `ip`'s words.
struct Case {
    kind: ObjectKind,
    filter: Filter,
    cli: &'static str,
    ip: &'static str,
    /// `ip` leaves out `dev` when it filtered on it.
    implied_dev: Option<&'static str>,
}

fn cases() -> Vec<Case> {
    let case = |kind, filter, cli, ip, implied_dev| Case {
        kind,
        filter,
        cli,
        ip,
        implied_dev,
    };
    vec![
        case(
            ObjectKind::Link,
            Filter::new(),
            "link show",
            "-d link show",
            None,
        ),
        case(
            ObjectKind::Link,
            Filter::new().dev("veth3"),
            "link show dev veth3",
            "-d link show dev veth3",
            None,
        ),
        case(
            ObjectKind::Address,
            Filter::new(),
            "addr show",
            "addr show",
            None,
        ),
        case(
            ObjectKind::Address,
            Filter::new().dev("veth0"),
            "addr show dev veth0",
            "addr show dev veth0",
            None,
        ),
        case(
            ObjectKind::Address,
            Filter::new().family(AF_INET6),
            "-6 addr show",
            "-6 addr show",
            None,
        ),
        case(
            ObjectKind::Route,
            Filter::new(),
            "route show table all",
            "route show table all",
            None,
        ),
        case(
            ObjectKind::Route,
            Filter::new().family(AF_INET).table(254),
            "route show",
            "route show",
            None,
        ),
        case(
            ObjectKind::Route,
            Filter::new().family(AF_INET).table(100),
            "route show table 100",
            "route show table 100",
            None,
        ),
        case(
            ObjectKind::Route,
            Filter::new().family(AF_INET).table(100000),
            "route show table 100000",
            "route show table 100000",
            None,
        ),
        case(
            ObjectKind::Route,
            Filter::new().family(AF_INET6).table(254),
            "-6 route show",
            "-6 route show",
            None,
        ),
        case(
            ObjectKind::Route,
            Filter::new().family(AF_INET).table(254).dev("veth0"),
            "route show dev veth0",
            "route show dev veth0",
            Some("veth0"),
        ),
        case(
            ObjectKind::Route,
            Filter::new().table(100).family(AF_INET),
            "route show table 100 -4",
            "route show table 100",
            None,
        ),
        case(
            ObjectKind::Neighbour,
            Filter::new(),
            "neigh show",
            "neigh show",
            None,
        ),
        case(
            ObjectKind::Neighbour,
            Filter::new().dev("veth0"),
            "neigh show dev veth0",
            "neigh show dev veth0",
            Some("veth0"),
        ),
        case(
            ObjectKind::Rule,
            Filter::new().family(AF_INET),
            "rule show",
            "rule show",
            None,
        ),
        case(
            ObjectKind::Rule,
            Filter::new().family(AF_INET6),
            "-6 rule show",
            "-6 rule show",
            None,
        ),
    ]
}

/// `ip neigh show` hides NOARP and state-less entries; so does `rtsock neigh`.
fn shown_by_ip_neigh(m: &Json) -> bool {
    let state = m["state"].as_u64().unwrap();
    let flags = m["flags"].as_u64().unwrap();
    state & !0x40 & 0xff != 0 || flags & 0x18 != 0
}

fn records(case: &Case, msgs: &[Json], names: &HashMap<u64, String>) -> Vec<Record> {
    msgs.iter()
        .filter(|m| case.kind != ObjectKind::Neighbour || shown_by_ip_neigh(m))
        .map(|m| match case.kind {
            ObjectKind::Link => our_link(m, names),
            ObjectKind::Address => our_address(m),
            ObjectKind::Route => our_route(m, names),
            ObjectKind::Neighbour => our_neighbour(m, names),
            ObjectKind::Rule => our_rule(m),
            other => panic!("no ip comparison for {other:?}"),
        })
        .collect()
}

fn ip_records(case: &Case, ns: &Netns) -> Vec<Record> {
    let j = ns.ip_json(case.ip);
    let mut recs = match case.kind {
        ObjectKind::Address => ip_addresses(&j),
        kind => j
            .as_array()
            .unwrap()
            .iter()
            .map(|o| match kind {
                ObjectKind::Link => ip_link(o),
                ObjectKind::Route => ip_route(o),
                ObjectKind::Neighbour => ip_neighbour(o),
                _ => ip_rule(o),
            })
            .collect(),
    };
    for r in &mut recs {
        if let Some(dev) = case.implied_dev {
            r.entry("dev".into()).or_insert_with(|| dev.into());
        }
        // `ip route` leaves out the table it was asked for (main by default).
        if case.kind == ObjectKind::Route {
            let asked = case.filter.table.map_or("main".to_string(), |t| match t {
                254 => "main".to_string(),
                255 => "local".to_string(),
                t => t.to_string(),
            });
            r.entry("table".into()).or_insert(asked);
        }
    }
    recs
}

fn library_messages(ipr: &mut IpRoute, kind: ObjectKind, filter: &Filter) -> Vec<Json> {
    ipr.dump(kind, filter)
        .unwrap()
        .map(|m| serde_json::to_value(m.unwrap()).unwrap())
        .collect()
}

/// A message as two reads of the same object must agree on it: without the
/// header (sequence numbers and port ids differ between sockets) and without
/// timers (cache info, expiry countdowns), which move between reads.
fn without_header_and_timers(mut m: Json) -> Json {
    let o = m.as_object_mut().unwrap();
    o.remove("header");
    if let Some(Json::Array(attrs)) = o.get_mut("attrs") {
        attrs.retain(|a| {
            let name = a[0].as_str().unwrap();
            !name.ends_with("_CACHEINFO") && name != "RTA_EXPIRES"
        });
    }
    m
}

fn cli_messages(ns: &Netns, words: &str) -> Vec<Json> {
    let out = rtsock_in(ns, &format!("--json {words}"));
    match serde_json::from_str(&out).unwrap() {
        Json::Array(v) => v,
        other => panic!("rtsock {words}: not an array: {other}"),
    }
}

#[test]
fn library_reads_match_ip() {
    let ns = Netns::new("lib");
    build_topology(&ns);
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let names = names_of(&library_messages(
        &mut ipr,
        ObjectKind::Link,
        &Filter::new(),
    ));
    for case in cases() {
        let ours = records(
            &case,
            &library_messages(&mut ipr, case.kind, &case.filter),
            &names,
        );
        assert_same(
            &format!("library {}", case.cli),
            ours,
            ip_records(&case, &ns),
        );
    }
}

#[test]
fn cli_reads_match_ip_and_the_library() {
    let ns = Netns::new("cli");
    build_topology(&ns);
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let names = names_of(&cli_messages(&ns, "link show"));
    // iproute2 6.10 (filter_multipath) and rtsock's CLI list a multipath
    // route under each device its nexthops use; older ip and the library's
    // Filter::dev (like pyroute2's oif=) match RTA_OIF only.
    let old_ip = ip_version() < (6, 10);
    let multipath_by_dev = |m: &Json| {
        let has = |name: &str| m["attrs"].as_array().unwrap().iter().any(|a| a[0] == name);
        has("RTA_MULTIPATH") && !has("RTA_OIF")
    };
    for case in cases() {
        let mut cli = cli_messages(&ns, case.cli);
        let by_dev = case.kind == ObjectKind::Route && case.implied_dev.is_some();
        let mut for_ip = cli.clone();
        if by_dev && old_ip {
            for_ip.retain(|m| !multipath_by_dev(m));
        }
        assert_same(
            &format!("cli {}", case.cli),
            records(&case, &for_ip, &names),
            ip_records(&case, &ns),
        );
        if by_dev {
            cli.retain(|m| !multipath_by_dev(m));
        }
        // The CLI prints exactly what the library returns (headers and timers aside).
        let lib: Vec<Json> = library_messages(&mut ipr, case.kind, &case.filter)
            .into_iter()
            .filter(|m| case.kind != ObjectKind::Neighbour || shown_by_ip_neigh(m))
            .map(without_header_and_timers)
            .collect();
        let cli: Vec<Json> = cli.into_iter().map(without_header_and_timers).collect();
        if case.kind != ObjectKind::Link {
            // Link stats counters move between two reads; everything else must not.
            assert_eq!(
                lib.len(),
                cli.len(),
                "cli {}: count differs from the library",
                case.cli
            );
            for (l, c) in lib.iter().zip(&cli) {
                assert_eq!(l, c, "cli {} differs from the library", case.cli);
            }
        }
    }
}

#[test]
fn dump_prints_every_class_and_human_output_reads_like_ip() {
    let ns = Netns::new("dump");
    build_topology(&ns);
    let all = cli_messages(&ns, "dump");
    for event in [
        "RTM_NEWLINK",
        "RTM_NEWADDR",
        "RTM_NEWROUTE",
        "RTM_NEWNEIGH",
        "RTM_NEWRULE",
    ] {
        assert!(
            all.iter().any(|m| m["event"] == event),
            "dump has no {event}"
        );
    }
    let human = |words: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_rtsock"))
            .args(["-n", &ns.name])
            .args(words)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let routes = human(&["route"]);
    assert!(routes.contains("10.6.0.0/16\n\tnexthop via 10.0.0.254 dev veth0 weight 1\n\tnexthop via 10.1.0.254 dev br0 weight 3"), "{routes}");
    assert!(
        routes.contains("10.7.0.0/16 via 10.0.0.254 dev veth0 proto static mtu 1400 advmss 1300"),
        "{routes}"
    );
    assert!(
        routes.contains("unreachable 10.8.0.0/16 metric 7"),
        "{routes}"
    );
    let rules = human(&["rule"]);
    assert!(
        rules.contains("1001:\tfrom all fwmark 0x10/0xff lookup 200"),
        "{rules}"
    );
    assert!(
        rules.contains("1004:\tnot from 192.0.2.0/24 oif veth1 lookup main"),
        "{rules}"
    );
    let addrs = human(&["addr", "show", "dev", "veth1"]);
    assert!(
        addrs.contains("inet 10.9.0.1 peer 10.9.0.2/32 scope global"),
        "{addrs}"
    );
}

#[test]
fn lookups_route_get_and_errors_name_the_object() {
    let ns = Netns::new("get");
    build_topology(&ns);
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let ip_links = ns.ip_json("link show dev veth0");
    assert_eq!(
        ipr.link_lookup("veth0").unwrap(),
        ip_links[0]["ifindex"].as_u64().map(|i| i as u32)
    );
    assert_eq!(ipr.link_lookup("nothere0").unwrap(), None);
    // And back, through the trait as portable code calls it.
    let index = ip_links[0]["ifindex"].as_u64().unwrap() as u32;
    assert_eq!(
        RouteSocket::link_name(&mut ipr, index).unwrap().as_deref(),
        Some("veth0")
    );
    assert_eq!(RouteSocket::link_name(&mut ipr, 999_999).unwrap(), None);
    // A match key no route has is refused, not silently matched by nothing.
    let typo = Filter::new().matching("RTA_GATEWY", Value::U32(0));
    let e = ipr.routes(&typo).err().expect("unknown key").to_string();
    assert!(e.contains("RTA_GATEWY"), "{e}");
    let long = ipr.link_lookup("a-name-of-16-byt").unwrap_err();
    assert!(long.to_string().contains("a-name-of-16-byt"), "{long}");

    let got = ipr.route_get("10.6.1.1".parse().unwrap()).unwrap();
    let route = rtsock::views::Route::from_message(&got).unwrap();
    let ip_get = ns.ip_json("route get 10.3.1.1 from 10.0.0.1");
    let ip_get_main = ns.ip_json("route get 10.2.1.1");
    assert_eq!(route.dst, Some("10.6.1.1".parse().unwrap()));
    assert!(route.gateway.is_some());
    let via = ipr.route_get("10.2.1.1".parse().unwrap()).unwrap();
    let via = rtsock::views::Route::from_message(&via).unwrap();
    assert_eq!(
        via.gateway.map(|g| g.to_string()),
        ip_get_main[0]["gateway"].as_str().map(String::from)
    );
    assert_eq!(
        via.prefsrc.map(|g| g.to_string()),
        ip_get_main[0]["prefsrc"].as_str().map(String::from)
    );
    assert!(ip_get.as_array().is_some_and(|a| !a.is_empty()));

    // A kernel error names the request and carries the errno.
    let ns_empty = Netns::new("empty");
    let mut bare = IpRoute::in_netns(&ns_empty.name).unwrap();
    let err = bare.route_get("198.51.100.1".parse().unwrap()).unwrap_err();
    assert_eq!(err.errno(), Some(libc::ENETUNREACH), "{err}");
    assert!(
        err.to_string().starts_with("route get 198.51.100.1: "),
        "{err}"
    );

    let missing = ipr
        .addresses(&Filter::new().dev("nothere0"))
        .err()
        .expect("unknown device");
    assert!(missing.to_string().contains("nothere0"), "{missing}");

    let out = Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args(["-n", &ns.name, "addr", "show", "dev", "nothere0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    // As `ip addr show dev nothere0` says it.
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Device \"nothere0\" does not exist."),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn abandoned_dump_is_drained_so_the_socket_stays_usable() {
    let ns = Netns::new("drain");
    for i in 0..300 {
        if i == 0 {
            ns.ip("link add veth0 type veth peer name veth1");
            ns.ip("link set veth0 up");
        }
        ns.ip(&format!(
            "route add 10.{}.{}.0/24 dev veth0",
            100 + i / 250,
            i % 250
        ));
    }
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    {
        let mut dump = ipr.routes(&Filter::new()).unwrap();
        dump.next().unwrap().unwrap(); // read one, drop the rest
    }
    let n = ipr
        .routes(&Filter::new().family(AF_INET).table(254))
        .unwrap()
        .count();
    assert_eq!(n, 300);
    // Strict checking is on: the kernel itself filtered by table.
    assert!(ipr.socket().strict());
}

#[test]
fn dump_consistent_collects_a_whole_table() {
    let ns = Netns::new("consistent");
    ns.ip("link add veth0 type veth peer name veth1");
    ns.ip("link set veth0 up");
    ns.ip("route add 10.0.0.0/8 dev veth0 table 7");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let msgs = ipr
        .dump_consistent(ObjectKind::Route, &Filter::new().table(7))
        .unwrap();
    assert_eq!(msgs.len(), 1);
    // A table that does not exist has no routes (not an error).
    assert!(
        ipr.dump_consistent(
            ObjectKind::Route,
            &Filter::new().family(AF_INET).table(4242)
        )
        .unwrap()
        .is_empty()
    );
}

#[test]
fn kernel_side_and_user_space_filtering_give_the_same_results() {
    let ns = Netns::new("strict");
    build_topology(&ns);
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    assert!(
        ipr.socket().strict(),
        "this kernel supports NETLINK_GET_STRICT_CHK"
    );
    let filters = [
        (ObjectKind::Route, Filter::new().table(100)),
        (ObjectKind::Route, Filter::new().family(AF_INET6).table(100)),
        (ObjectKind::Route, Filter::new().dev("veth0")),
        (ObjectKind::Address, Filter::new().dev("br0")),
        (ObjectKind::Neighbour, Filter::new().dev("veth0")),
        (ObjectKind::Rule, Filter::new().family(AF_INET6)),
    ];
    let strip = |msgs: Vec<Json>| -> Vec<Json> {
        msgs.into_iter().map(without_header_and_timers).collect()
    };
    for (kind, filter) in &filters {
        ipr.socket_mut().set_strict_check(true).unwrap();
        let kernel = strip(library_messages(&mut ipr, *kind, filter));
        ipr.socket_mut().set_strict_check(false).unwrap();
        let user = strip(library_messages(&mut ipr, *kind, filter));
        assert!(!kernel.is_empty(), "{kind:?} {filter:?} found nothing");
        assert_eq!(kernel, user, "{kind:?} {filter:?}");
    }
}

#[test]
fn messages_from_other_processes_are_never_taken_as_answers() {
    use nix::sys::socket::{
        AddressFamily, MsgFlags, NetlinkAddr, SockFlag, SockProtocol, SockType, sendto, socket,
    };
    use std::os::fd::AsRawFd;

    require_root();
    let mut ipr = IpRoute::new().unwrap();
    let port = ipr.socket().port_id();
    // A second user-space socket forges what would end our next dump early:
    // one fake route and a DONE, with our port id and the sequence number
    // our next request will carry.
    let spoofer = socket(
        AddressFamily::Netlink,
        SockType::Raw,
        SockFlag::SOCK_CLOEXEC,
        SockProtocol::NetlinkRoute,
    )
    .unwrap();
    nix::sys::socket::bind(spoofer.as_raw_fd(), &NetlinkAddr::new(0, 0)).unwrap();
    let next_seq = 1u32;
    let mut fake = Vec::new();
    let route = rtsock::raw::netlink::Request::new(RTM_NEWROUTE, NLM_F_MULTI)
        .fixed(&[AF_INET, 8, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0])
        .attr(1, &[6, 6, 6, 0])
        .finish(next_seq, port);
    fake.extend(route);
    fake.extend(
        rtsock::raw::netlink::Request::new(NLMSG_DONE, NLM_F_MULTI)
            .fixed(&[0; 4])
            .finish(next_seq, port),
    );
    sendto(
        spoofer.as_raw_fd(),
        &fake,
        &NetlinkAddr::new(port, 0),
        MsgFlags::empty(),
    )
    .unwrap();

    let routes: Vec<_> = ipr
        .routes(&Filter::new())
        .unwrap()
        .map(|m| m.unwrap())
        .collect();
    assert!(
        !routes
            .iter()
            .any(|m| m.get_attr("RTA_DST").map(|v| v.to_text().into_owned())
                == Some("6.6.6.0".into())),
        "a forged route was accepted"
    );
    assert!(
        routes.iter().any(|m| m.header.pid == port),
        "the real dump was read"
    );
    assert_eq!(ipr.socket().foreign_dropped, 1);
}

#[test]
fn read_ahead_and_plain_reads_give_the_same_dump() {
    let ns = Netns::new("ahead");
    ns.ip("link add veth0 type veth peer name veth1");
    ns.ip("link set veth0 up");
    ns.ip("addr add 10.0.0.1/24 dev veth0");
    let batch: String = (0..5000)
        .map(|i| {
            format!(
                "route add 10.{}.{}.0/24 via 10.0.0.2\n",
                100 + i / 256,
                i % 256
            )
        })
        .collect();
    let path = std::env::temp_dir().join(format!("rtsock-ahead-{}", std::process::id()));
    std::fs::write(&path, batch).unwrap();
    run("ip", &["-n", &ns.name, "-batch", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let read = |ipr: &mut IpRoute| -> Vec<(rtsock::Body, Vec<rtsock::Attr>)> {
        ipr.routes(&Filter::new().family(AF_INET))
            .unwrap()
            .map(|m| m.unwrap())
            .map(|m| (m.body, m.attrs))
            .collect()
    };
    let ahead = read(&mut ipr);
    ipr.set_read_ahead(false);
    let plain = read(&mut ipr);
    assert!(ahead.len() > 5000);
    assert_eq!(ahead, plain);
    // An abandoned read-ahead dump leaves the socket clean for the next request.
    ipr.set_read_ahead(true);
    let mut d = ipr.routes(&Filter::new()).unwrap();
    d.next();
    drop(d);
    assert!(ipr.link_lookup("veth0").unwrap().is_some());
}

#[test]
fn dump_each_visits_exactly_what_dump_returns() {
    let ns = Netns::new("each");
    ns.ip("link add veth0 type veth peer name veth1");
    ns.ip("link add br0 type bridge");
    ns.ip("link set veth0 up");
    ns.ip("link set br0 up");
    ns.ip("addr add 10.0.0.1/24 dev veth0");
    ns.ip("addr add 2001:db8::1/64 dev veth0 nodad");
    ns.ip("route add 10.9.0.0/16 via 10.0.0.2 metric 7");
    ns.ip("route add 2001:db8:9::/48 via 2001:db8::2");
    ns.ip("neigh add 10.0.0.3 lladdr 02:00:00:00:00:03 dev veth0");
    ns.ip("rule add from 10.0.0.0/24 table 100");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let kinds = [
        ObjectKind::Link,
        ObjectKind::Address,
        ObjectKind::Route,
        ObjectKind::Neighbour,
        ObjectKind::Rule,
    ];
    // The namespace is live (IPv6 neighbour discovery and MLD add entries as
    // they please), so dump_each is taken between two iterator dumps and
    // compared only when those two agree.
    let comparable = |v: &[rtsock::Message], kind: ObjectKind| -> Vec<Json> {
        v.iter()
            .map(|m| {
                // Timers (CACHEINFO) tick between two dumps; so do a link's
                // counters, whose attributes are compared by name only.
                let attrs: Vec<Json> = m
                    .attrs
                    .iter()
                    .filter(|a| !a.name.ends_with("CACHEINFO"))
                    .map(|a| match kind {
                        ObjectKind::Link => serde_json::json!(a.name),
                        _ => serde_json::json!([a.name, a.value]),
                    })
                    .collect();
                serde_json::json!({"event": m.event, "body": format!("{:?}", m.body), "attrs": attrs})
            })
            .collect()
    };
    for kind in kinds {
        for filter in [Filter::new(), Filter::new().family(AF_INET6)] {
            let mut compared = false;
            for _ in 0..20 {
                let dump = |ipr: &mut IpRoute| -> Vec<rtsock::Message> {
                    ipr.dump(kind, &filter)
                        .unwrap()
                        .map(|m| m.unwrap())
                        .collect()
                };
                let before = dump(&mut ipr);
                let mut visited = Vec::new();
                let seen = ipr
                    .dump_each(kind, &filter, |m| visited.push(m.clone()))
                    .unwrap();
                let after = dump(&mut ipr);
                assert_eq!(seen, visited.len());
                assert!(
                    !before.is_empty(),
                    "{kind:?} {filter:?}: nothing to compare"
                );
                if comparable(&before, kind) != comparable(&after, kind) {
                    continue; // the kernel changed meanwhile: try again
                }
                assert_eq!(
                    comparable(&before, kind),
                    comparable(&visited, kind),
                    "{kind:?} {filter:?}"
                );
                compared = true;
                break;
            }
            assert!(compared, "{kind:?} {filter:?}: the table never held still");
        }
    }
    // A failing dump reports its error through dump_each too.
    let err = ipr
        .dump_each(ObjectKind::Link, &Filter::new().dev("nosuch0"), |_| {})
        .unwrap_err();
    assert!(err.to_string().contains("nosuch0"), "{err}");
}

/// `rtsock dump` prints every kind it lists in its own words: no message
/// falls back to the debug form (`RTM_NEWSTATS Stats(StatsHeader {...})`).
#[test]
fn a_whole_dump_prints_every_kind_as_text() {
    let ns = veth_pair("dumplines");
    let text = rtsock_in(&ns, "dump");
    assert!(text.contains("group link"), "{text}");
    assert!(text.contains("label"), "{text}");
    for line in text.lines() {
        assert!(
            !line.contains("Header {") && !line.starts_with("RTM_"),
            "debug form: {line}"
        );
    }
}
