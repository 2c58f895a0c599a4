//! Bridge port VLANs (issue 16, `bridge vlan`). This kernel has no VLAN
//! filtering: the changes are checked byte for byte against `bridge`'s own
//! requests (strace), the RTM_NEWVLAN decoder against messages built from
//! `linux/if_bridge.h`, and the kernel's refusal is reported by name.
#![cfg(target_os = "linux")]

mod common;

use common::*;
use rtsock::batch::Change;
use rtsock::change::{BridgeVlanSpec, Verb};
use rtsock::views::BridgeVlan;
use rtsock::{Filter, IpRoute, ObjectKind, RouteSocket};

const CHANGES: [&str; 5] = [
    "vlan add dev veth1 vid 10 pvid untagged",
    "vlan add dev veth1 vid 20-30",
    "vlan del dev veth1 vid 10",
    "vlan add dev br0 vid 40 self",
    "vlan add dev veth1 vid 50 untagged master",
];

fn bridged(tag: &str) -> Netns {
    let ns = veth_pair(tag);
    ns.ip("link add br0 type bridge");
    ns.ip("link set veth1 master br0");
    ns
}

#[test]
fn vlan_changes_are_the_bytes_bridge_sends() {
    let ns = bridged("brvlan");
    for words in CHANGES {
        let theirs = sent_by(&ns, "bridge", words, &[17, 19]);
        let ours = dry_run_request(&ns, words);
        // bridge asks for no ACK (rtnl_talk's answer is the error, if
        // any); rtsock asks for one.
        let flags = |m: &[u8]| u16::from_ne_bytes([m[6], m[7]]);
        assert_eq!(
            flags(&ours),
            flags(&theirs) | rtsock::constants::NLM_F_ACK,
            "{words}"
        );
        assert_eq!(ours[..6], theirs[..6], "bridge {words}");
        assert_eq!(ours[8..], theirs[8..], "bridge {words}");
    }
    // The library's spec for the first is the same request.
    let mut names = names_in(&ns);
    let spec = BridgeVlanSpec {
        pvid: true,
        untagged: true,
        ..BridgeVlanSpec::new("veth1", 10)
    };
    let change = Change::BridgeVlan(Verb::Add, spec);
    let (verb, s) = change.parts();
    assert_eq!(
        s.netlink(verb, &mut names).unwrap().finish(0, 0),
        dry_run_request(&ns, CHANGES[0])
    );
    // A range cannot be the pvid; ids stop at 4095.
    let bad = BridgeVlanSpec {
        vid_end: Some(20),
        pvid: true,
        ..BridgeVlanSpec::new("veth1", 10)
    };
    assert!(
        bad.validate(Verb::Add)
            .unwrap_err()
            .to_string()
            .contains("pvid")
    );
    assert!(
        BridgeVlanSpec::new("veth1", 4096)
            .validate(Verb::Add)
            .is_err()
    );
    // Without VLAN filtering the kernel refuses, named in bridge's words.
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let e = ipr.change(&change).unwrap_err();
    assert_eq!(e.errno(), Some(libc::EOPNOTSUPP), "{e}");
    assert!(
        e.to_string()
            .contains("vlan add dev veth1 vid 10 pvid untagged"),
        "{e}"
    );
    let e = match ipr.dump(ObjectKind::BridgeVlan, &Filter::new()) {
        Err(e) => e,
        Ok(mut dump) => dump.find_map(Result::err).expect("an error"),
    };
    assert_eq!(e.errno(), Some(libc::EOPNOTSUPP), "{e}");
    assert!(e.to_string().contains("vlan show"), "{e}");
}

/// An RTM_NEWVLAN as br_vlan_dump_dev writes it: `struct br_vlan_msg`,
/// then one BRIDGE_VLANDB_ENTRY per VLAN or range.
#[test]
fn vlan_database_messages_decode_into_entries() {
    let attr = |kind: u16, payload: &[u8]| -> Vec<u8> {
        let mut a = ((4 + payload.len()) as u16).to_ne_bytes().to_vec();
        a.extend_from_slice(&kind.to_ne_bytes());
        a.extend_from_slice(payload);
        a.resize((a.len() + 3) & !3, 0);
        a
    };
    let info = |flags: u16, vid: u16| {
        let mut b = flags.to_ne_bytes().to_vec();
        b.extend_from_slice(&vid.to_ne_bytes());
        b
    };
    let mut body = vec![7, 0, 0, 0];
    body.extend_from_slice(&5u32.to_ne_bytes());
    // vid 1: pvid and untagged; vids 10-20; vid 30 with STP state 3.
    body.extend(attr(1, &attr(1, &info(0b110, 1))));
    let mut range = attr(1, &info(0, 10));
    range.extend(attr(2, &20u16.to_ne_bytes()));
    body.extend(attr(1, &range));
    let mut state = attr(1, &info(0, 30));
    state.extend(attr(3, &[3]));
    body.extend(attr(1, &state));
    let mut message = ((16 + body.len()) as u32).to_ne_bytes().to_vec();
    message.extend_from_slice(&112u16.to_ne_bytes());
    message.extend_from_slice(&[0; 10]);
    message.extend(body);
    let m = rtsock::linux::decode_stream(&message).remove(0).unwrap();
    assert_eq!(m.event, "RTM_NEWVLAN");
    assert_eq!(ObjectKind::of(&m), Some(ObjectKind::BridgeVlan));
    let entries = BridgeVlan::all(&m);
    type Entry = (u32, u16, Option<u16>, u16, Option<u8>);
    let summary: Vec<Entry> = entries
        .iter()
        .map(|v| (v.index, v.vid, v.range_end, v.flags, v.state))
        .collect();
    assert_eq!(
        summary,
        [
            (5, 1, None, 6, None),
            (5, 10, Some(20), 0, None),
            (5, 30, None, 0, Some(3))
        ]
    );
    assert_eq!(entries[0].line("veth1"), "dev veth1 vid 1 pvid untagged");
    assert_eq!(entries[1].line("veth1"), "dev veth1 vid 10-20");
}
