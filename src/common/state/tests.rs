//! The planner over fixed states (no kernel): documents parse or are
//! refused by key, plans come in dependency order with their undo, and a
//! state's own document plans nothing.

use super::*;
use crate::common::batch::Change;
use crate::common::change::Verb;

#[test]
fn unknown_keys_are_refused_by_name() {
    let e = Document::from_json(r#"{"interfaces": [{"name": "br0", "colour": "blue"}]}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown field `colour`"), "{e}");
    let e = Document::from_json(r#"{"interfaces": [], "dns-resolver": {}}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("`dns-resolver`"), "{e}");
    let e = Document::from_json(r#"{"interfaces": [{"name": "e0", "ipv4": {"dhcp": true}}]}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("interfaces[0] (e0).ipv4.dhcp"), "{e}");
    let e = Document::from_json(
        r#"{"interfaces": [{"name": "e0", "type": "dummy", "bridge": {"port": []}}]}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("interfaces[0] (e0).bridge"), "{e}");
}

#[test]
fn a_plan_from_nothing_creates_in_dependency_order() {
    let doc = Document::from_json(
        r#"{
        "interfaces": [
          {"name": "v0", "type": "veth", "veth": {"peer": "v0p"},
           "ipv4": {"address": [{"ip": "192.0.2.1", "prefix-length": 24}]}},
          {"name": "v0p", "type": "veth", "veth": {"peer": "v0"}},
          {"name": "br0", "type": "linux-bridge", "mtu": 1400,
           "bridge": {"port": [{"name": "v0p"}]}}
        ],
        "routes": {"config": [{"destination": "198.51.100.0/24",
                               "next-hop-address": "192.0.2.254", "table-id": 100}]},
        "route-rules": {"config": [{"ip-from": "192.0.2.0/24", "priority": 1000,
                                    "route-table": 100}]}
    }"#,
    )
    .unwrap();
    let plan = State::default().plan(&doc).unwrap();
    let words: Vec<String> = plan.steps.iter().map(|s| s.change.describe()).collect();
    // The bridge before the veth; one veth creation makes both ends;
    // settings, then the address, the route and the rule.
    assert!(words[0].starts_with("link add br0"), "{words:#?}");
    assert!(words[1].starts_with("link add v0 "), "{words:#?}");
    assert_eq!(
        words.iter().filter(|w| w.starts_with("link add")).count(),
        2,
        "{words:#?}"
    );
    let pos = |prefix: &str| words.iter().position(|w| w.starts_with(prefix)).unwrap();
    assert!(pos("link set v0p") > 1 && pos("address add 192.0.2.1/24") > pos("link set v0p"));
    assert!(pos("route add 198.51.100.0/24") > pos("address add"));
    assert!(pos("rule add") > pos("route add"));
    // Each creation is undone by a deletion; settings of new links need none.
    assert_eq!(
        plan.steps[0].undo,
        vec![Change::Link(
            Verb::Delete,
            crate::change::LinkSpec::named("br0")
        )]
    );
    let diff: Vec<String> = plan.diff().iter().map(ToString::to_string).collect();
    assert!(
        diff.contains(&"interface br0: + create linux-bridge, + mtu 1400, + state up".to_owned()),
        "{diff:#?}"
    );
}
