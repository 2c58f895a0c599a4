//! IPv6 address labels (issue 16, `ip addrlabel`): requests are the bytes
//! `ip addrlabel` sends; labels made through the library and the CLI are
//! what `ip` makes in a twin namespace, and read back as `ip -j` shows
//! them; a deleted dump entry goes.
#![cfg(target_os = "linux")]

mod common;

use common::*;
use rtsock::batch::Change;
use rtsock::change::{AddrLabelSpec, Verb};
use rtsock::views::AddrLabel;
use rtsock::{Filter, IpRoute, ObjectKind, RouteSocket};

fn commands() -> Vec<(&'static str, Verb, AddrLabelSpec)> {
    vec![
        (
            "addrlabel add prefix 2001:db8::/32 dev veth0 label 99",
            Verb::Add,
            AddrLabelSpec::new("2001:db8::/32".parse().unwrap(), 99).dev("veth0"),
        ),
        (
            "addrlabel add prefix fd00:1::/48 label 77",
            Verb::Add,
            AddrLabelSpec::new("fd00:1::/48".parse().unwrap(), 77),
        ),
        (
            "addrlabel del prefix 2001:db8::/32 dev veth0 label 99",
            Verb::Delete,
            AddrLabelSpec::new("2001:db8::/32".parse().unwrap(), 99).dev("veth0"),
        ),
    ]
}

#[test]
fn address_labels_are_what_ip_sends_makes_and_lists() {
    let ours = veth_pair("lblA");
    let theirs = veth_pair("lblB");
    let mut names = names_in(&ours);
    let mut ipr = IpRoute::in_netns(&ours.name).unwrap();
    for (i, (words, verb, spec)) in commands().into_iter().enumerate() {
        let change = Change::AddrLabel(verb, spec);
        let (v, s) = change.parts();
        let bytes = s.netlink(v, &mut names).unwrap().finish(0, 0);
        // ip's request, sent in the twin (where it also makes the label).
        assert_eq!(
            bytes,
            sent_by(&theirs, "ip", words, &[72, 73]),
            "ip {words}"
        );
        if i % 2 == 0 {
            ipr.change(&change).unwrap();
        } else {
            rtsock_in(&ours, words);
        }
        assert_eq!(
            trimmed_lines(&ours.exec(&["ip", "addrlabel", "list"])),
            trimmed_lines(&theirs.exec(&["ip", "addrlabel", "list"])),
            "after {words}"
        );
        assert_eq!(
            trimmed_lines(&rtsock_in(&ours, "addrlabel list")),
            trimmed_lines(&ours.exec(&["ip", "addrlabel", "list"])),
            "rtsock addrlabel list, after {words}"
        );
    }
    // The view against ip -j.
    let view: Vec<(String, u64, u64)> = ipr
        .dump(ObjectKind::AddrLabel, &Filter::new())
        .unwrap()
        .filter_map(|m| AddrLabel::from_message(&m.unwrap()))
        .map(|l| {
            (
                l.prefix.to_string(),
                u64::from(l.prefixlen),
                u64::from(l.label),
            )
        })
        .collect();
    let ip: Vec<(String, u64, u64)> = ours
        .ip_json("addrlabel list")
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            (
                j["address"].as_str().unwrap().to_owned(),
                j["prefixlen"].as_u64().unwrap(),
                j["label"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(view, ip);
    // A label from a dump deletes itself.
    let m = ipr
        .dump(ObjectKind::AddrLabel, &Filter::new())
        .unwrap()
        .map(Result::unwrap)
        .find(|m| AddrLabel::from_message(m).is_some_and(|l| l.label == 77))
        .unwrap();
    ipr.delete(&m).unwrap();
    assert!(!ours.exec(&["ip", "addrlabel", "list"]).contains("label 77"));
    // Not IPv6: refused before anything is sent, naming the request.
    let e = ipr
        .change(&Change::AddrLabel(
            Verb::Add,
            AddrLabelSpec::new("10.0.0.0/8".parse().unwrap(), 1),
        ))
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("addrlabel add prefix 10.0.0.0/8 label 1"),
        "{e}"
    );
}
