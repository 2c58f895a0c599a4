//! Neighbours (ARP/NDP entries, bridge fdb entries): RTM_NEWNEIGH,
//! `struct ndmsg`, NDA_*.

pub mod netlink;
pub mod spec;
pub mod view;

use super::{DumpHeader, Fields, KindInfo, OnBsd, u16_at, u32_at};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// The registry entry for neighbours (RTM_NEWNEIGH/DELNEIGH/GETNEIGH, `struct ndmsg`, NDA_*).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::Neighbour,
    noun: "neighbour",
    new_type: RTM_NEWNEIGH,
    del_type: RTM_DELNEIGH,
    get_type: RTM_GETNEIGH,
    last_type: RTM_GETNEIGH,
    header_len: NeighbourHeader::LEN,
    read_header: |b| Body::Neighbour(NeighbourHeader::read(b)),
    attrs: &NDA,
    fields: &["family", "ifindex", "state", "flags", "ndm_type"],
    groups: &[Group::Neighbour],
    has_body: |b| matches!(b, Body::Neighbour(_)),
    identity,
    dump_header: |s| {
        let h = NeighbourHeader {
            family: s.family,
            // neigh_dump_info reads NTF_PROXY as "dump pneigh_table".
            flags: if s.proxy { NTF_PROXY } else { 0 },
            ..NeighbourHeader::default()
        };
        DumpHeader::fixed(h.to_bytes().to_vec()).with(NDA_IFINDEX, s.ifindex)
    },
    dump_each: super::DumpEach::All,
    bsd: OnBsd::Neighbours,
};

/// `struct ndmsg` fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NeighbourHeader {
    /// `ndm_family`: AF_INET, AF_INET6, or AF_BRIDGE for a bridge FDB entry.
    pub family: u8,
    /// `ndm_ifindex`, the index of the interface the entry is on.
    pub ifindex: u32,
    /// `ndm_state`, the NUD_* state (`REACHABLE`, `STALE`, `PERMANENT`, ...).
    pub state: u16,
    /// `ndm_flags`, the NTF_* flags (`router`, `proxy`, `self`, `master`, ...).
    pub flags: u8,
    /// `ndm_type`, the RTN_* type of the entry's address.
    pub ndm_type: u8,
}

impl NeighbourHeader {
    /// `sizeof(struct ndmsg)`.
    pub const LEN: usize = 12;

    /// Reads the header from at least [`NeighbourHeader::LEN`] bytes.
    pub fn read(b: &[u8]) -> NeighbourHeader {
        NeighbourHeader {
            family: b[0],
            ifindex: u32_at(b, 4),
            state: u16_at(b, 8),
            flags: b[10],
            ndm_type: b[11],
        }
    }

    /// The header's bytes, in host order as rtnetlink wants them.
    pub fn to_bytes(&self) -> [u8; NeighbourHeader::LEN] {
        let mut h = [0u8; NeighbourHeader::LEN];
        h[0] = self.family;
        h[4..8].copy_from_slice(&self.ifindex.to_ne_bytes());
        h[8..10].copy_from_slice(&self.state.to_ne_bytes());
        h[10] = self.flags;
        h[11] = self.ndm_type;
        h
    }

    pub(crate) fn fields(&self) -> Fields {
        vec![
            ("family", Value::U8(self.family)),
            ("ifindex", Value::U32(self.ifindex)),
            ("state", Value::U16(self.state)),
            ("flags", Value::U8(self.flags)),
            ("ndm_type", Value::U8(self.ndm_type)),
        ]
    }
}

/// A neighbour is its family, interface and address; a bridge fdb entry
/// is its MAC (and VLAN) on a port.
fn identity(m: &Message) -> String {
    let attr = |k: &Key| m.get(k).map(Value::to_string).unwrap_or_default();
    match &m.body {
        Body::Neighbour(h) => format!(
            "{} {} {} {} {}",
            h.family,
            h.ifindex,
            attr(&NDA_DST),
            if h.family == AF_BRIDGE {
                attr(&NDA_LLADDR)
            } else {
                String::new()
            },
            attr(&NDA_VLAN),
        ),
        _ => String::new(),
    }
}
