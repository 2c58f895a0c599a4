//! VXLAN VNI filtering (`bridge vni`): the VNIs a VXLAN device in
//! `external vnifilter` mode carries, each with its own remote or group.
//! RTM_NEWTUNNEL, `struct tunnel_msg`, VXLAN_VNIFILTER_* (Linux 5.18 and
//! later, drivers/net/vxlan/vxlan_vnifilter.c). Linux only.

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

/// The registry entry for VXLAN VNIs (RTM_NEWTUNNEL/DELTUNNEL/GETTUNNEL).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::Vni,
    noun: "vni",
    new_type: RTM_NEWTUNNEL,
    del_type: RTM_DELTUNNEL,
    get_type: RTM_GETTUNNEL,
    last_type: RTM_GETTUNNEL,
    header_len: TunnelHeader::LEN,
    read_header: |b| Body::Tunnel(TunnelHeader::read(b)),
    attrs: &VXLAN_VNIFILTER,
    fields: &["family", "flags", "index"],
    groups: &[Group::Tunnel],
    has_body: |b| matches!(b, Body::Tunnel(_)),
    identity,
    // vxlan_vnifilter_dump answers for PF_BRIDGE only; an ifindex asks for
    // that device alone (and is refused unless it filters VNIs).
    dump_header: |s| {
        DumpHeader::fixed(
            TunnelHeader {
                family: AF_BRIDGE,
                flags: 0,
                index: s.ifindex.unwrap_or(0),
            }
            .to_bytes()
            .to_vec(),
        )
    },
    dump_each: DumpEach::All,
    bsd: OnBsd::Absent(
        "a BSD vxlan(4) interface carries one VNI (ifconfig vxlanid); make one interface per VNI",
    ),
};

/// TUNNEL_MSG_FLAG_STATS: a dump with each VNI's counters.
pub const TUNNEL_MSG_FLAG_STATS: u8 = 0x01;

/// `struct tunnel_msg`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TunnelHeader {
    /// `family`: AF_BRIDGE.
    pub family: u8,
    /// `flags`: TUNNEL_MSG_FLAG_* (dump requests only).
    pub flags: u8,
    /// `ifindex`: the VXLAN device.
    pub index: u32,
}

impl TunnelHeader {
    /// `sizeof(struct tunnel_msg)`.
    pub const LEN: usize = 8;

    /// Reads the header from at least [`TunnelHeader::LEN`] bytes.
    pub fn read(b: &[u8]) -> TunnelHeader {
        TunnelHeader {
            family: b[0],
            flags: b[1],
            index: u32_at(b, 4),
        }
    }

    /// The header's bytes, in host order.
    pub fn to_bytes(&self) -> [u8; TunnelHeader::LEN] {
        let mut h = [0u8; TunnelHeader::LEN];
        h[0] = self.family;
        h[1] = self.flags;
        h[4..].copy_from_slice(&self.index.to_ne_bytes());
        h
    }

    pub(crate) fn fields(&self) -> Fields {
        vec![
            ("family", Value::U8(self.family)),
            ("flags", Value::U8(self.flags)),
            ("index", Value::U32(self.index)),
        ]
    }
}

/// A device's VNIs are told apart by device and first VNI.
fn identity(m: &Message) -> String {
    let index = match &m.body {
        Body::Tunnel(h) => h.index,
        _ => 0,
    };
    let start = view::Vni::all(m).first().map_or(0, |v| v.start);
    format!("{index} {start}")
}
