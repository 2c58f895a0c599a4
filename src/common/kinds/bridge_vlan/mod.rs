//! Bridge port VLANs (`bridge vlan`): the VLAN database (RTM_NEWVLAN,
//! `struct br_vlan_msg`, BRIDGE_VLANDB_*), changed as `bridge vlan
//! add|del` changes it (RTM_SETLINK/RTM_DELLINK of AF_BRIDGE with
//! IFLA_BRIDGE_VLAN_INFO). Needs a kernel with VLAN filtering. Linux only.

pub mod netlink;
pub mod spec;
pub mod view;

use super::{DumpEach, DumpHeader, KindInfo, OnBsd};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{Body, Message};

/// The registry entry for bridge VLANs (RTM_NEWVLAN/DELVLAN/GETVLAN).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::BridgeVlan,
    noun: "vlan",
    new_type: RTM_NEWVLAN,
    del_type: RTM_DELVLAN,
    get_type: RTM_GETVLAN,
    last_type: RTM_GETVLAN,
    header_len: BridgeVlanHeader::LEN,
    read_header: |b| Body::BridgeVlan(BridgeVlanHeader::read(b)),
    attrs: &BRIDGE_VLANDB,
    fields: &["family", "index"],
    groups: &[Group::BridgeVlan],
    has_body: |b| matches!(b, Body::BridgeVlan(_)),
    identity,
    // br_vlan_rtm_dump takes the port in the header (0: every port), and
    // answers for PF_BRIDGE only.
    dump_header: |s| {
        DumpHeader::fixed(
            BridgeVlanHeader {
                family: AF_BRIDGE,
                index: s.ifindex.unwrap_or(0),
            }
            .to_bytes()
            .to_vec(),
        )
    },
    dump_each: DumpEach::All,
    bsd: OnBsd::Absent("the BSDs make VLANs as vlan(4) interfaces, which `link add type vlan` does"),
};

/// `struct br_vlan_msg`: the family and the port, laid out as `struct
/// br_port_msg` (the mdb's header), so one type reads both.
pub type BridgeVlanHeader = super::mdb::MdbHeader;

/// A port's VLANs are told apart by port and first VLAN id.
fn identity(m: &Message) -> String {
    let index = match &m.body {
        Body::BridgeVlan(h) => h.index,
        _ => 0,
    };
    let vid = view::BridgeVlan::all(m)
        .first()
        .map_or(0, |v| v.vid);
    format!("{index} {vid}")
}
