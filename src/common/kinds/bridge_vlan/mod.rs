//! Bridge port VLANs (`bridge vlan`): the VLAN database (RTM_NEWVLAN,
//! `struct br_vlan_msg`, BRIDGE_VLANDB_*), changed as `bridge vlan
//! add|del` changes it (RTM_SETLINK/RTM_DELLINK of AF_BRIDGE with
//! IFLA_BRIDGE_VLAN_INFO). Needs a kernel with VLAN filtering. Linux only.

pub mod netlink;
pub mod spec;
pub mod view;

use super::{DumpEach, DumpHeader, Fields, KindInfo, OnBsd, u32_at};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

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

/// `struct br_vlan_msg`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BridgeVlanHeader {
    /// `family`: AF_BRIDGE.
    pub family: u8,
    /// `ifindex`: the port (or the bridge itself).
    pub index: u32,
}

impl BridgeVlanHeader {
    /// `sizeof(struct br_vlan_msg)`.
    pub const LEN: usize = 8;

    /// Reads the header from at least [`BridgeVlanHeader::LEN`] bytes.
    pub fn read(b: &[u8]) -> BridgeVlanHeader {
        BridgeVlanHeader {
            family: b[0],
            index: u32_at(b, 4),
        }
    }

    /// The header's bytes (reserved fields zero).
    pub fn to_bytes(&self) -> [u8; BridgeVlanHeader::LEN] {
        let mut h = [0u8; BridgeVlanHeader::LEN];
        h[0] = self.family;
        h[4..].copy_from_slice(&self.index.to_ne_bytes());
        h
    }

    pub(crate) fn fields(&self) -> Fields {
        vec![
            ("family", Value::U8(self.family)),
            ("index", Value::U32(self.index)),
        ]
    }
}

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
