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

#[test]
fn every_covered_interface_type_plans_its_creation() {
    // vlan, dummy and bond have no module on the test kernel: their
    // requests' bytes are pinned in tests/change_bytes.rs; here, that the
    // document maps to those specs.
    let doc = Document::from_json(
        r#"{"interfaces": [
          {"name": "e0", "type": "ethernet"},
          {"name": "vl10", "type": "vlan", "vlan": {"base-iface": "e0", "id": 10}},
          {"name": "d0", "type": "dummy"},
          {"name": "bond0", "type": "bond",
           "link-aggregation": {"mode": "active-backup", "port": []}},
          {"name": "mv0", "type": "mac-vlan", "mac-vlan": {"base-iface": "e0", "mode": "vepa"}},
          {"name": "vx0", "type": "vxlan", "vxlan": {"id": 7, "remote": "192.0.2.9",
           "destination-port": 4789}}
        ]}"#,
    )
    .unwrap();
    // e0 exists (an ethernet device cannot be created).
    let e0 = crate::common::message::Message::new(
        Default::default(),
        crate::common::message::Body::Link(crate::common::message::LinkHeader {
            index: 2,
            ifi_type: ARPHRD_ETHER,
            ..Default::default()
        }),
        vec![crate::common::value::Attr::of(
            &crate::attrs::IFLA_IFNAME,
            crate::Value::Str("e0".into()),
        )],
    );
    let state = State::from_messages([&e0]);
    let plan = state.plan(&doc).unwrap();
    let adds: Vec<String> = plan
        .steps
        .iter()
        .filter(|s| matches!(s.change, Change::Link(Verb::Add, _)))
        .map(|s| s.change.describe())
        .collect();
    // Bonds first (masters), then stand-alone links, then links on a parent.
    assert_eq!(
        adds,
        [
            "link add bond0 type bond",
            "link add d0 type dummy",
            "link add vx0 type vxlan id 7",
            "link add vl10 link e0 type vlan protocol 802.1Q id 10",
            "link add mv0 link e0 type macvlan mode vepa",
        ],
        "{adds:#?}"
    );
    let Change::Link(_, bond) = &plan.steps[0].change else {
        unreachable!()
    };
    assert_eq!(
        bond.kind,
        Some(crate::change::LinkKind::Bond { mode: Some(1) })
    );
    // An ethernet device that does not exist cannot be made.
    let missing =
        Document::from_json(r#"{"interfaces": [{"name": "e9", "type": "ethernet"}]}"#).unwrap();
    let e = State::default().plan(&missing).unwrap_err().to_string();
    assert!(
        e.contains("interfaces[0] (e9).type") && e.contains("cannot be created"),
        "{e}"
    );
}
