//! Queueing disciplines (`tc qdisc`): RTM_NEWQDISC, `struct tcmsg`, TCA_*.
//! Linux only: the BSDs shape traffic with ALTQ or dummynet, not through
//! the routing socket.

pub mod lines;
pub mod netlink;
pub mod spec;
pub mod view;

use super::{DumpEach, DumpHeader, DumpScope, Fields, KindInfo, OnBsd, u32_at};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// The registry entry for qdiscs (RTM_NEWQDISC/DELQDISC/GETQDISC, `struct tcmsg`, TCA_*).
pub static INFO: KindInfo = tc_kind(
    ObjectKind::Qdisc,
    "qdisc",
    RTM_NEWQDISC,
    identity,
    false,
    "the BSDs shape traffic with ALTQ or dummynet, not the routing socket",
);

/// The registry entry of a traffic-control kind: `struct tcmsg`, TCA_*,
/// the tc group and dump request, and its types (NEW, then DEL and GET).
/// `per_interface` when the kernel lists it one device at a time; `bsd`
/// says why the BSDs have no such objects.
pub(crate) const fn tc_kind(
    kind: ObjectKind,
    noun: &'static str,
    new_type: u16,
    identity: fn(&Message) -> String,
    per_interface: bool,
    bsd: &'static str,
) -> KindInfo {
    KindInfo {
        kind,
        noun,
        new_type,
        del_type: new_type + 1,
        get_type: new_type + 2,
        last_type: new_type + 2,
        header_len: TcHeader::LEN,
        read_header: read_tc_header,
        attrs: &TCA,
        fields: TC_FIELDS,
        groups: &[Group::Tc],
        has_body: is_tc,
        identity,
        dump_header: tc_dump_header,
        dump_each: if per_interface {
            DumpEach::Interface
        } else {
            DumpEach::All
        },
        bsd: OnBsd::Absent(bsd),
    }
}

fn read_tc_header(b: &[u8]) -> Body {
    Body::Tc(TcHeader::read(b))
}

fn is_tc(b: &Body) -> bool {
    matches!(b, Body::Tc(_))
}

/// The fields of `struct tcmsg`, which qdiscs, classes and filters share.
const TC_FIELDS: &[&str] = &[
    "family", "pad1", "pad2", "index", "handle", "parent", "info",
];

/// A traffic-control dump request: the device (which classes and
/// filters need) and the parent (which filters are listed under).
fn tc_dump_header(s: &DumpScope) -> DumpHeader {
    DumpHeader::fixed(
        TcHeader {
            family: s.family,
            index: s.ifindex.unwrap_or(0),
            parent: s.parent.unwrap_or(0),
            ..TcHeader::default()
        }
        .to_bytes()
        .to_vec(),
    )
}

/// `struct tcmsg`, with pyroute2's field names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TcHeader {
    /// `tcm_family`, AF_UNSPEC.
    pub family: u8,
    /// `tcm__pad1`.
    pub pad1: u8,
    /// `tcm__pad2`.
    pub pad2: u16,
    /// `tcm_ifindex`: the interface.
    pub index: u32,
    /// `tcm_handle`: the object's handle (`1:`, major in the upper 16 bits).
    pub handle: u32,
    /// `tcm_parent`: where it hangs (TC_H_ROOT, TC_H_INGRESS, or a class).
    pub parent: u32,
    /// `tcm_info`: for a qdisc, its reference count (`refcnt`).
    pub info: u32,
}

impl TcHeader {
    /// `sizeof(struct tcmsg)`.
    pub const LEN: usize = 20;

    /// Reads the header from at least [`TcHeader::LEN`] bytes.
    pub fn read(b: &[u8]) -> TcHeader {
        TcHeader {
            family: b[0],
            pad1: b[1],
            pad2: u16::from_ne_bytes([b[2], b[3]]),
            index: u32_at(b, 4),
            handle: u32_at(b, 8),
            parent: u32_at(b, 12),
            info: u32_at(b, 16),
        }
    }

    /// The header's bytes, in host order as rtnetlink wants them.
    pub fn to_bytes(&self) -> [u8; TcHeader::LEN] {
        let mut h = [0u8; TcHeader::LEN];
        h[0] = self.family;
        h[1] = self.pad1;
        h[2..4].copy_from_slice(&self.pad2.to_ne_bytes());
        h[4..8].copy_from_slice(&self.index.to_ne_bytes());
        h[8..12].copy_from_slice(&self.handle.to_ne_bytes());
        h[12..16].copy_from_slice(&self.parent.to_ne_bytes());
        h[16..20].copy_from_slice(&self.info.to_ne_bytes());
        h
    }

    pub(crate) fn fields(&self) -> Fields {
        vec![
            ("family", Value::U8(self.family)),
            ("pad1", Value::U8(self.pad1)),
            ("pad2", Value::U16(self.pad2)),
            ("index", Value::U32(self.index)),
            ("handle", Value::U32(self.handle)),
            ("parent", Value::U32(self.parent)),
            ("info", Value::U32(self.info)),
        ]
    }
}

/// One qdisc per interface and parent (`qdisc_lookup` by parent).
fn identity(m: &Message) -> String {
    match &m.body {
        Body::Tc(h) => format!("{} {:x}", h.index, h.parent),
        _ => String::new(),
    }
}

/// A handle as `tc` writes it: `1:`, `ffff:fff1`, `root`.
pub fn handle_text(h: u32) -> String {
    match (h >> 16, h & 0xffff) {
        _ if h == TC_H_ROOT => "root".to_owned(),
        (major, 0) => format!("{major:x}:"),
        (major, minor) => format!("{major:x}:{minor:x}"),
    }
}

/// A handle from `tc`'s words: `1:`, `1:10`, `ffff:`, `root`, `none`.
pub fn parse_handle(text: &str) -> Option<u32> {
    match text {
        "root" => return Some(TC_H_ROOT),
        "none" => return Some(0),
        _ => {}
    }
    let (major, minor) = text.split_once(':')?;
    let major = if major.is_empty() {
        0
    } else {
        u32::from_str_radix(major, 16).ok()?
    };
    let minor = if minor.is_empty() {
        0
    } else {
        u32::from_str_radix(minor, 16).ok()?
    };
    (major <= 0xffff && minor <= 0xffff).then_some(major << 16 | minor)
}
