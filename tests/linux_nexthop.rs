//! Nexthop objects against the real kernel: made through the library and
//! through the CLI, read back as `ip -j nexthop show` and `ip nexthop show`
//! report them, used by routes (`nhid`), seen by the monitor, refused with
//! the object named.
#![cfg(target_os = "linux")]

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use common::*;
use rtsock::change::{NexthopSpec, RouteSpec, Verb};
use rtsock::events::{Event, Group};
use rtsock::views::Nexthop;
use rtsock::{Filter, IpRoute, ObjectKind, RouteSocket};
use serde_json::Value as Json;

/// A namespace with a veth pair up (nexthops need carrier) and lo up
/// (blackholes go through it).
fn prepared(tag: &str) -> Netns {
    let ns = veth_pair(tag);
    ns.ip("link set lo up");
    ns
}

/// One nexthop as `ip -j nexthop show` names its fields.
fn ip_records(ns: &Netns) -> BTreeMap<u64, Json> {
    let mut out = BTreeMap::new();
    for mut o in ns.ip_json("nexthop show").as_array().unwrap().clone() {
        let o = o.as_object_mut().unwrap();
        o.remove("flags");
        let id = o["id"].as_u64().unwrap();
        out.insert(id, Json::Object(o.clone()));
    }
    out
}

/// Ours, reduced to the same fields.
fn our_records(ipr: &mut IpRoute, names: &BTreeMap<u32, String>) -> BTreeMap<u64, Json> {
    let mut out = BTreeMap::new();
    for m in ipr.dump(ObjectKind::Nexthop, &Filter::new()).unwrap() {
        let n = Nexthop::from_message(&m.unwrap()).unwrap();
        let mut o = serde_json::Map::new();
        o.insert("id".into(), n.id.into());
        if n.is_group() {
            let members: Vec<Json> = n
                .group
                .iter()
                .map(|g| {
                    let mut m = serde_json::Map::new();
                    m.insert("id".into(), g.id.into());
                    if g.weight > 1 {
                        m.insert("weight".into(), g.weight.into());
                    }
                    Json::Object(m)
                })
                .collect();
            o.insert("group".into(), members.into());
        }
        if n.group_type == Some(1) {
            o.insert("type".into(), "resilient".into());
            o.insert("resilient_args".into(), Json::Null);
        }
        if let Some(g) = n.gateway {
            o.insert("gateway".into(), g.to_string().into());
        }
        if let Some(i) = n.oif {
            o.insert("dev".into(), names[&i].clone().into());
        }
        if n.scope != 0 {
            o.insert("scope".into(), "link".into());
        }
        if n.blackhole {
            o.insert("blackhole".into(), Json::Null);
        }
        out.insert(n.id.into(), Json::Object(o));
    }
    out
}

/// `ip -j` puts a resilient group's numbers under `resilient_args`: only
/// its presence is compared.
fn comparable(mut r: BTreeMap<u64, Json>) -> BTreeMap<u64, Json> {
    for o in r.values_mut() {
        if let Some(o) = o.as_object_mut()
            && o.contains_key("resilient_args")
        {
            o.insert("resilient_args".into(), Json::Null);
        }
    }
    r
}

fn names(ipr: &mut IpRoute) -> BTreeMap<u32, String> {
    ipr.links(&Filter::new())
        .unwrap()
        .map(|m| rtsock::views::Link::from_message(&m.unwrap()).unwrap())
        .map(|l| (l.index, l.name))
        .collect()
}

#[test]
fn nexthops_and_groups_from_the_library_and_the_cli_read_back_as_ip_shows_them() {
    require_root();
    let gw = |s: &str| s.parse().unwrap();
    // The library.
    let lib = prepared("nhlib");
    let mut ipr = IpRoute::in_netns(&lib.name).unwrap();
    ipr.nexthop(
        Verb::Add,
        &NexthopSpec::via(gw("10.0.0.2")).dev("veth0").id(1),
    )
    .unwrap();
    ipr.nexthop(
        Verb::Add,
        &NexthopSpec::via(gw("10.0.0.3")).dev("veth0").id(2),
    )
    .unwrap();
    ipr.nexthop(Verb::Add, &NexthopSpec::blackhole().id(3))
        .unwrap();
    ipr.nexthop(Verb::Add, &NexthopSpec::group(&[(1, 1), (2, 3)]).id(10))
        .unwrap();
    ipr.nexthop(
        Verb::Add,
        &NexthopSpec::group(&[(1, 2), (2, 1)]).id(11).resilient(8),
    )
    .unwrap();
    ipr.nexthop(
        Verb::Replace,
        &NexthopSpec::via(gw("10.0.0.4")).dev("veth0").id(2),
    )
    .unwrap();
    let names_lib = names(&mut ipr);
    assert_eq!(
        comparable(our_records(&mut ipr, &names_lib)),
        comparable(ip_records(&lib)),
        "library nexthops differ from ip -j nexthop show"
    );

    // The CLI, with ip's words, and its output line for line.
    let cli = prepared("nhcli");
    for words in [
        "nexthop add id 1 via 10.0.0.2 dev veth0",
        "nexthop add id 2 via 10.0.0.3 dev veth0",
        "nh add id 3 blackhole",
        "nexthop add id 10 group 1/2,3",
        "nexthop add id 11 group 1,2/2 type resilient buckets 8",
        "nexthop replace id 2 via 10.0.0.4 dev veth0",
    ] {
        rtsock_in(&cli, words);
    }
    let mut ipc = IpRoute::in_netns(&cli.name).unwrap();
    let names_cli = names(&mut ipc);
    assert_eq!(
        comparable(our_records(&mut ipc, &names_cli)),
        comparable(ip_records(&cli)),
        "CLI nexthops differ from ip -j nexthop show"
    );
    for words in [
        "nexthop",
        "nexthop s",
        "nexthop show id 11",
        "nexthop show dev veth0",
    ] {
        let mut ip_words = vec!["-n", &cli.name];
        ip_words.extend(words.split(' '));
        assert_eq!(
            trimmed_lines(&rtsock_in(&cli, words)),
            trimmed_lines(&run("ip", &ip_words)),
            "rtsock {words} differs from ip {words}"
        );
    }

    // Routes through them, both ways, resolve through the group.
    ipr.route(
        Verb::Add,
        &RouteSpec {
            nhid: Some(10),
            ..RouteSpec::to("10.5.0.0/16".parse().unwrap())
        },
    )
    .unwrap();
    rtsock_in(&cli, "route add 10.5.0.0/16 nhid 10");
    for ns in [&lib, &cli] {
        let r = ns.ip_json("route show 10.5.0.0/16");
        assert_eq!(r[0]["nhid"], 10, "{r}");
        assert_eq!(r[0]["nexthops"].as_array().map(Vec::len), Some(2), "{r}");
    }
    let human = rtsock_in(&cli, "route show 10.5.0.0/16");
    assert!(human.starts_with("10.5.0.0/16 nhid 10"), "{human}");

    // A delete of a group the kernel does not have names it.
    let e = ipr
        .nexthop(Verb::Delete, &NexthopSpec::default().id(999))
        .unwrap_err();
    assert_eq!(e.errno(), Some(libc::ENOENT), "{e}");
    assert!(e.to_string().starts_with("nexthop del id 999: "), "{e}");
    // Refused before sending: a group with a weight out of range.
    let e = ipr
        .nexthop(Verb::Add, &NexthopSpec::group(&[(1, 300)]).id(12))
        .unwrap_err();
    assert!(e.to_string().contains("weights are 1 to 256"), "{e}");

    // A flush takes them all: deleting a member may take its group with it
    // (the kernel removes an emptied group), which is no error.
    let deleted = ipr.flush(ObjectKind::Nexthop, &Filter::new()).unwrap();
    assert!(deleted >= 3, "{deleted}");
    assert!(ip_records(&lib).is_empty());
    assert!(
        lib.ip_json("route show 10.5.0.0/16")
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_monitor_sees_nexthops_come_and_go_in_order() {
    require_root();
    let ns = prepared("nhmon");
    let mut mon = rtsock::linux::Monitor::builder()
        .netns(ns.name.clone())
        .groups(&[Group::Nexthop])
        .open()
        .unwrap();
    mon.set_nonblocking(true).unwrap();
    rtsock_in(&ns, "nexthop add id 7 via 10.0.0.2 dev veth0");
    rtsock_in(&ns, "nexthop del id 7");
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while seen.len() < 2 && Instant::now() < deadline {
        match mon.try_next().unwrap() {
            Some(Event::Change { message }) => {
                let id = Nexthop::from_message(&message).map(|n| n.id);
                seen.push((message.event, id));
            }
            Some(_) => {}
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    assert_eq!(
        seen,
        vec![("RTM_NEWNEXTHOP", Some(7)), ("RTM_DELNEXTHOP", Some(7))]
    );
}

#[test]
fn dump_filters_groups_fdb_master_and_dev_answer_as_ip_does() {
    let ns = prepared("nhfilter");
    ns.ip("link add br0 type bridge");
    ns.ip("link set br0 up");
    ns.ip("link set veth1 master br0");
    ns.ip("nexthop add id 1 via 10.0.0.2 dev veth0");
    ns.ip("nexthop add id 2 dev veth1");
    ns.ip("nexthop add id 5 via 10.0.0.9 fdb");
    ns.ip("nexthop add id 10 group 1/2");
    ns.ip("nexthop add id 11 group 5 fdb");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    // `fdb` is checked apart: iproute2 6.1 sends NHA_FDB but does not turn
    // on strict dump checking, so the kernel (rtm_dump_nexthop) ignores it
    // and ip lists every nexthop. rtsock checks strictly: only 5 and 11.
    let fdb: Vec<u32> = ipr
        .dump(ObjectKind::Nexthop, &Filter::new().fdb())
        .unwrap()
        .filter_map(|m| Nexthop::from_message(&m.unwrap()))
        .map(|n| n.id)
        .collect();
    assert_eq!(fdb, [5, 11]);
    for (words, filter) in [
        ("groups", Filter::new().groups()),
        ("master br0", Filter::new().master("br0")),
        ("dev veth0", Filter::new().dev("veth0")),
    ] {
        let mut theirs: Vec<u64> = ns
            .ip_json(&format!("nexthop show {words}"))
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_u64().unwrap())
            .collect();
        let mut ours: Vec<u64> = ipr
            .dump(ObjectKind::Nexthop, &filter)
            .unwrap()
            .filter_map(|m| Nexthop::from_message(&m.unwrap()))
            .map(|n| u64::from(n.id))
            .collect();
        theirs.sort_unstable();
        ours.sort_unstable();
        assert!(!theirs.is_empty(), "{words}: ip lists something");
        assert_eq!(ours, theirs, "nexthop show {words}");
        // The CLI takes ip's words and prints ip's lines.
        let mut ip_words = vec!["-n", ns.name.as_str(), "nexthop", "show"];
        ip_words.extend(words.split_whitespace());
        assert_eq!(
            trimmed_lines(&rtsock_in(&ns, &format!("nexthop show {words}"))),
            trimmed_lines(&run("ip", &ip_words)),
            "{words}"
        );
    }
    // The master filter serves links too (IFLA_MASTER in a strict dump).
    let ports: Vec<String> = ipr
        .links(&Filter::new().master("br0"))
        .unwrap()
        .filter_map(|m| rtsock::views::Link::from_message(&m.unwrap()))
        .map(|l| l.name)
        .collect();
    assert_eq!(ports, ["veth1"]);
    // Filters that do not apply to a kind are refused by name.
    let e = ipr
        .dump(ObjectKind::Route, &Filter::new().groups())
        .err()
        .unwrap();
    assert!(
        e.to_string()
            .contains("groups and fdb does not apply to a route"),
        "{e}"
    );
}

/// `id N index N nhid N` of each bucket line, idle times dropped (they
/// tick between two reads).
fn bucket_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            let at = |key: &str| w.iter().position(|x| *x == key).map(|i| w[i + 1]).unwrap();
            format!("id {} index {} nhid {}", at("id"), at("index"), at("nhid"))
        })
        .collect()
}

#[test]
fn resilient_group_buckets_read_back_as_ip_shows_them() {
    let ns = prepared("nhbkt");
    ns.ip("nexthop add id 1 via 10.0.0.2 dev veth0");
    ns.ip("nexthop add id 2 via 10.0.0.3 dev veth0");
    ns.ip("nexthop add id 10 group 1/2,3 type resilient buckets 16 idle_timer 60");
    let theirs = ns.exec(&["ip", "nexthop", "bucket", "show"]);
    assert_eq!(
        bucket_lines(&rtsock_in(&ns, "nexthop bucket show")),
        bucket_lines(&theirs)
    );
    assert_eq!(
        bucket_lines(&rtsock_in(&ns, "nexthop bucket show nhid 2")),
        bucket_lines(&ns.exec(&["ip", "nexthop", "bucket", "show", "nhid", "2"]))
    );
    // The view, against ip -j: 16 buckets, weights 1:3 of them.
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let ours: Vec<(u64, u64, u64)> = ipr
        .dump(ObjectKind::NexthopBucket, &Filter::new())
        .unwrap()
        .filter_map(|m| rtsock::views::NexthopBucket::from_message(&m.unwrap()))
        .map(|b| (u64::from(b.group), u64::from(b.index), u64::from(b.nhid)))
        .collect();
    let ip: Vec<(u64, u64, u64)> = ns
        .ip_json("nexthop bucket show")
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let n = |v: &Json| v.as_u64().unwrap();
            (
                n(&b["id"]),
                n(&b["bucket"]["index"]),
                n(&b["bucket"]["nhid"]),
            )
        })
        .collect();
    assert_eq!(ours, ip);
    assert_eq!(ours.iter().filter(|b| b.2 == 2).count(), 12);
    // Buckets are read, not changed: a flush refuses by name.
    let e = ipr
        .flush(ObjectKind::NexthopBucket, &Filter::new())
        .unwrap_err();
    assert!(e.to_string().contains("RTM_NEWNEXTHOPBUCKET"), "{e}");
}
