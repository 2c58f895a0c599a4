//! The typed view of a bridge VLAN message.

use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::message::{Body, Message};
use crate::common::value::{Value, find_key};

/// BRIDGE_VLAN_INFO_PVID: untagged frames in take this VLAN.
pub const BRIDGE_VLAN_INFO_PVID: u16 = 1 << 1;
/// BRIDGE_VLAN_INFO_UNTAGGED: frames of this VLAN leave untagged.
pub const BRIDGE_VLAN_INFO_UNTAGGED: u16 = 1 << 2;
/// BRIDGE_VLAN_INFO_BRENTRY: the bridge's own entry for the VLAN.
pub const BRIDGE_VLAN_INFO_BRENTRY: u16 = 1 << 5;

/// A VLAN (or a range of them) on a bridge port (one BRIDGE_VLANDB_ENTRY
/// of RTM_NEWVLAN).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct BridgeVlan {
    /// The port.
    pub index: u32,
    /// The VLAN id (the first of a range).
    pub vid: u16,
    /// The last VLAN id of a range (BRIDGE_VLANDB_ENTRY_RANGE).
    pub range_end: Option<u16>,
    /// BRIDGE_VLAN_INFO_* flags.
    pub flags: u16,
    /// The per-VLAN STP state (BRIDGE_VLANDB_ENTRY_STATE).
    pub state: Option<u8>,
}

impl BridgeVlan {
    /// Every entry of `m`, or none if `m` is not a bridge VLAN message.
    pub fn all(m: &Message) -> Vec<BridgeVlan> {
        let Body::BridgeVlan(h) = &m.body else {
            return Vec::new();
        };
        if ObjectKind::of(m) != Some(ObjectKind::BridgeVlan) {
            return Vec::new();
        }
        m.attrs
            .iter()
            .filter(|a| a.is(&BRIDGE_VLANDB_ENTRY))
            .filter_map(|a| a.value.as_nested())
            .filter_map(|e| {
                let info = find_key(e, &BRIDGE_VLANDB_ENTRY_INFO)?;
                let field = |n: &str| info.field(n).and_then(Value::as_u64);
                Some(BridgeVlan {
                    index: h.index,
                    vid: field("vid")? as u16,
                    flags: field("flags").unwrap_or(0) as u16,
                    range_end: find_key(e, &BRIDGE_VLANDB_ENTRY_RANGE)
                        .and_then(Value::as_u64)
                        .map(|v| v as u16),
                    state: find_key(e, &BRIDGE_VLANDB_ENTRY_STATE)
                        .and_then(Value::as_u64)
                        .map(|v| v as u8),
                })
            })
            .collect()
    }

    /// `dev DEV vid N[-M] [pvid] [untagged]`, in `bridge vlan`'s words.
    pub fn line(&self, dev: &str) -> String {
        let mut s = format!("dev {dev} vid {}", self.vid);
        if let Some(e) = self.range_end {
            s += &format!("-{e}");
        }
        if self.flags & BRIDGE_VLAN_INFO_PVID != 0 {
            s += " pvid";
        }
        if self.flags & BRIDGE_VLAN_INFO_UNTAGGED != 0 {
            s += " untagged";
        }
        s
    }
}
