//! `ip`'s command shapes through the CLI, against `ip` itself in a private
//! namespace: the human output line by line (`-o`, `-br`, `-s`, `-d`,
//! `-c`, abbreviations, positional names, selectors), and with `-j` the
//! objects each selector picks, field by field.
#![cfg(target_os = "linux")]

mod common;

use std::collections::HashMap;

use common::*;
use serde_json::Value as Json;

fn rtsock(ns: &Netns, words: &str) -> String {
    rtsock_in(ns, words)
}

fn ip(ns: &Netns, words: &str) -> String {
    let mut full = vec!["-n", &ns.name];
    full.extend(words.split_whitespace());
    run("ip", &full)
}

/// Countdowns (`expires 2999sec`, `valid_lft 2999sec`) with their digits
/// hidden: they tick between two reads.
fn without_countdowns(line: &str) -> String {
    let mut out = Vec::new();
    let mut words = line.split(' ').peekable();
    while let Some(w) = words.next() {
        out.push(w.to_owned());
        if matches!(w, "expires" | "valid_lft" | "preferred_lft")
            && let Some(n) = words.next_if(|n| n.ends_with("sec"))
        {
            out.push(if n.trim_end_matches("sec").parse::<u64>().is_ok() {
                "#sec".to_owned()
            } else {
                n.to_owned()
            });
        }
    }
    out.join(" ")
}

/// The lines of an output, compared as `ip` versions agree on them: line
/// ends trimmed, countdowns hidden, IPv6 DAD's passing `tentative` left
/// out (it ends between two reads), and before iproute2 6.3 (which added
/// it) the `proto kernel_*` of an address.
fn lines(text: &str, old_ip: bool) -> Vec<String> {
    text.lines()
        .map(|l| {
            let mut l = without_countdowns(l.trim_end()).replace(" tentative", "");
            if old_ip {
                for p in ["kernel_lo", "kernel_ra", "kernel_ll"] {
                    l = l.replace(&format!(" proto {p}"), "");
                }
            }
            l
        })
        .collect()
}

#[test]
fn human_output_matches_ip_line_by_line() {
    let ns = Netns::new("shape");
    build_topology(&ns);
    let v = ip_version();
    let mut commands = vec![
        "link",
        "link show",
        "l show",
        "link show veth3",
        "link show up",
        "link show master br0",
        "link show type veth",
        "link show type bridge_slave",
        "-o link",
        "-br link",
        "-d link show lo",
        "-d link show veth0",
        "-s link show lo",
        "-s -s link show lo",
        "addr",
        "a s",
        "addr show veth1",
        "addr show dev br0",
        "-4 addr",
        "-6 a s",
        "-o addr",
        "-o -4 addr show veth0",
        "-br addr",
        "-br -4 a",
        "addr show scope link",
        "addr show up",
        "route",
        "r s",
        "route list",
        "-6 route",
        "route show table all",
        "route show table 100",
        "route show proto static",
        "route show scope link",
        "route show type unreachable",
        "route show default",
        "route show root 10.0.0.0/8",
        "route show match 10.6.1.1",
        "route show exact 10.7.0.0/16",
        "route show 10.2.0.0/16",
        "route get 10.2.1.1",
        "r g 10.6.1.1",
        "neigh show nud permanent",
        "n s dev veth0",
        "-6 neigh show dev veth0",
        "rule",
        "rule show",
        "-6 rule",
        "rule show table 100",
        "-c link show lo",
        "-color=always addr show veth0",
        "-c -br link",
    ];
    // iproute2 6.10 (filter_multipath) lists a multipath route under any
    // device one of its nexthops uses; rtsock follows it; older ip does not.
    if v >= (6, 10) {
        commands.push("route show dev veth0");
    } else {
        commands.push("route show dev veth1");
    }
    for words in commands {
        let old_ip = v < (6, 3);
        let ours = lines(&rtsock(&ns, words), old_ip);
        let theirs = lines(&ip(&ns, words), old_ip);
        assert_eq!(ours, theirs, "rtsock {words} differs from ip {words}");
    }
}

/// Fields `ip -j` leaves out because the selector pinned them.
fn with_implied(mut j: Json, implied: &[(&str, &str)]) -> Json {
    for o in j.as_array_mut().unwrap() {
        let o = o.as_object_mut().unwrap();
        for (k, v) in implied {
            o.entry(k.to_string())
                .or_insert(Json::String(v.to_string()));
        }
    }
    j
}

#[test]
fn selectors_pick_what_ip_picks_field_by_field() {
    let ns = Netns::new("pick");
    build_topology(&ns);
    let links: Json = serde_json::from_str(&rtsock(&ns, "-j link show")).unwrap();
    let names: HashMap<u64, String> = names_of(links.as_array().unwrap());
    let ours = |words: &str| -> Vec<Json> {
        match serde_json::from_str(&rtsock(&ns, &format!("-j {words}"))).unwrap() {
            Json::Array(v) => v,
            other => panic!("{words}: {other}"),
        }
    };
    let main: &[(&str, &str)] = &[("table", "main")];
    let routes: &[(&str, &[(&str, &str)])] = &[
        (
            "route show proto static",
            &[("table", "main"), ("protocol", "static")],
        ),
        (
            "route show scope link",
            &[("table", "main"), ("scope", "link")],
        ),
        ("route show type unreachable", main),
        ("route show root 10.0.0.0/8", main),
        ("route show match 10.6.1.1", main),
        ("route show exact 10.7.0.0/16", main),
        ("route show 10.2.0.0/16", main),
        ("route show table 100", &[("table", "100")]),
        (
            "r s via 10.0.0.254",
            &[("table", "main"), ("gateway", "10.0.0.254")],
        ),
        ("-6 route show", main),
    ];
    for (words, implied) in routes {
        let theirs = with_implied(ns.ip_json(words), implied);
        let theirs: Vec<Record> = theirs.as_array().unwrap().iter().map(ip_route).collect();
        let mine: Vec<Record> = ours(words).iter().map(|m| our_route(m, &names)).collect();
        assert!(
            !theirs.is_empty() || words.contains("default"),
            "{words} picks nothing"
        );
        assert_same(&format!("rtsock {words}"), mine, theirs);
    }
    for words in [
        "link show up",
        "link show master br0",
        "link show type veth",
        "link show type bridge_slave",
        "l show veth3",
    ] {
        let theirs: Vec<Record> = ns
            .ip_json(&format!("-d {words}"))
            .as_array()
            .unwrap()
            .iter()
            // iproute2 6.1 prints `{}` for each link `type X_slave` skips.
            .filter(|o| o.as_object().is_some_and(|o| !o.is_empty()))
            .map(ip_link)
            .collect();
        let mine: Vec<Record> = ours(words).iter().map(|m| our_link(m, &names)).collect();
        assert!(!theirs.is_empty(), "{words} picks nothing");
        assert_same(&format!("rtsock {words}"), mine, theirs);
    }
    for words in [
        "addr show veth0",
        "a s br0",
        "-6 addr show scope link",
        "addr show up",
    ] {
        let theirs = ip_addresses(&ns.ip_json(words));
        let mine: Vec<Record> = ours(words).iter().map(our_address).collect();
        assert!(!theirs.is_empty(), "{words} picks nothing");
        assert_same(&format!("rtsock {words}"), mine, theirs);
    }
    for (words, implied) in [
        ("neigh show nud permanent", &[][..]),
        ("n s dev veth0", &[("dev", "veth0")][..]),
    ] {
        let theirs = with_implied(ns.ip_json(words), implied);
        let theirs: Vec<Record> = theirs
            .as_array()
            .unwrap()
            .iter()
            .map(ip_neighbour)
            .collect();
        let mine: Vec<Record> = ours(words)
            .iter()
            .map(|m| our_neighbour(m, &names))
            .collect();
        assert!(!theirs.is_empty(), "{words} picks nothing");
        assert_same(&format!("rtsock {words}"), mine, theirs);
    }
    for words in ["rule show table 100", "-6 rule show"] {
        let theirs: Vec<Record> = ns
            .ip_json(words)
            .as_array()
            .unwrap()
            .iter()
            .map(ip_rule)
            .collect();
        let mine: Vec<Record> = ours(words).iter().map(our_rule).collect();
        assert!(!theirs.is_empty(), "{words} picks nothing");
        assert_same(&format!("rtsock {words}"), mine, theirs);
    }
}

#[test]
fn pretty_json_and_verbs_abbreviated_as_ip_reads_them() {
    let ns = Netns::new("abbrev");
    build_topology(&ns);
    // Two reads differ only in their headers (sequence numbers, ports).
    let headless = |text: &str| -> Json {
        let mut j: Json = serde_json::from_str(text).unwrap();
        for m in j.as_array_mut().unwrap() {
            m.as_object_mut().unwrap().remove("header");
        }
        j
    };
    let pretty_text = rtsock(&ns, "-j -p rule");
    assert!(pretty_text.contains("\n  "), "indented: {pretty_text}");
    assert_eq!(headless(&rtsock(&ns, "-j rule")), headless(&pretty_text));
    // `ip r a` adds; `ip l s` is `link set` (set comes before show there).
    rtsock(&ns, "r a 10.44.0.0/16 via 10.0.0.254");
    assert!(ip(&ns, "route show 10.44.0.0/16").contains("via 10.0.0.254"));
    rtsock(&ns, "l s veth3 mtu 1300");
    assert!(ip(&ns, "link show veth3").contains("mtu 1300"));
    rtsock(&ns, "r d 10.44.0.0/16");
    assert!(ip(&ns, "route show 10.44.0.0/16").is_empty());
}
