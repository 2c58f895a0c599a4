//! The rest of `ip rule`'s selectors and actions (issue 16): uidrange,
//! ipproto, sport/dport ranges, suppress_prefixlength, suppress_ifgroup,
//! l3mdev, goto, nop and protocol. Each rule is added with rtsock in one
//! namespace and with `ip` in another; `ip -j rule` must list the same.
#![cfg(target_os = "linux")]

mod common;

use std::process::Command;

use common::*;

const RULES: [(&str, &str); 9] = [
    (
        "-4",
        "add from 10.0.0.0/8 uidrange 1000-2000 lookup 100 pref 100",
    ),
    (
        "-4",
        "add ipproto tcp dport 80-90 sport 1000 lookup 100 pref 110",
    ),
    ("-4", "add lookup main suppress_prefixlength 0 pref 120"),
    ("-4", "add lookup main suppress_ifgroup 5 pref 130"),
    ("-4", "add l3mdev pref 140"),
    ("-4", "add goto 150 pref 145"),
    ("-4", "add nop pref 150"),
    ("-4", "add from 10.0.0.0/8 protocol bgp lookup 100 pref 160"),
    (
        "-6",
        "add from 2001:db8::/32 ipproto udp sport 53 lookup 100 pref 170",
    ),
];

fn both(ours: &Netns, theirs: &Netns, family: &str, words: &str) {
    let rtsock = Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args(["-n", &ours.name, family, "rule"])
        .args(words.split_whitespace())
        .output()
        .unwrap();
    let ip = Command::new("ip")
        .args(["-n", &theirs.name, family, "rule"])
        .args(words.split_whitespace())
        .output()
        .unwrap();
    assert_eq!(
        rtsock.status.success(),
        ip.status.success(),
        "rule {words}: rtsock {} / ip {}",
        String::from_utf8_lossy(&rtsock.stderr),
        String::from_utf8_lossy(&ip.stderr)
    );
}

fn rules(ns: &Netns) -> (serde_json::Value, serde_json::Value) {
    (ns.ip_json("-4 rule show"), ns.ip_json("-6 rule show"))
}

#[test]
fn each_rule_is_what_ip_makes_of_the_same_words() {
    let ours = Netns::new("rulesA");
    let theirs = Netns::new("rulesB");
    for (family, words) in RULES {
        both(&ours, &theirs, family, words);
        assert_eq!(rules(&ours), rules(&theirs), "after rule {words}");
    }
    // And rtsock prints them as ip does, line for line.
    for family in ["-4", "-6"] {
        let ours_text = rtsock_in(&ours, &format!("{family} rule"));
        let theirs_text = run("ip", &["-n", &theirs.name, family, "rule"]);
        assert_eq!(ours_text, theirs_text);
    }
    // The library reads them back and can delete them by what it read.
    let mut ipr = rtsock::IpRoute::in_netns(&ours.name).unwrap();
    use rtsock::RouteSocket;
    let dumped: Vec<rtsock::Message> = ipr
        .rules(&rtsock::Filter::new())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let uid = dumped
        .iter()
        .filter_map(rtsock::change::RuleSpec::from_message)
        .find(|r| r.priority == Some(100))
        .unwrap();
    assert_eq!(uid.uid_range, Some((1000, 2000)));
    let ports = dumped
        .iter()
        .filter_map(rtsock::change::RuleSpec::from_message)
        .find(|r| r.priority == Some(110))
        .unwrap();
    assert_eq!(
        (ports.ip_proto, ports.sport, ports.dport),
        (Some(6), Some((1000, 1000)), Some((80, 90)))
    );
    ipr.rule(rtsock::change::Verb::Delete, &ports).unwrap();
    theirs.ip("-4 rule del ipproto tcp dport 80-90 sport 1000 lookup 100 pref 110");
    assert_eq!(rules(&ours), rules(&theirs));
}
