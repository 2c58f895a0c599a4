//! IPv6 prefixes learnt from router advertisements (RTM_NEWPREFIX,
//! `struct prefixmsg`, PREFIX_*): announced on RTNLGRP_IPV6_PREFIX, never
//! dumped (the kernel has no RTM_GETPREFIX). Linux only.

pub mod view;

use super::{DumpEach, DumpHeader, Fields, KindInfo, OnBsd, u32_at};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// The registry entry for prefix notifications (RTM_NEWPREFIX; 53 and 54
/// are unused).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::Prefix,
    noun: "prefix",
    new_type: RTM_NEWPREFIX,
    del_type: RTM_NEWPREFIX + 1,
    get_type: RTM_NEWPREFIX + 2,
    last_type: RTM_NEWPREFIX + 2,
    header_len: PrefixHeader::LEN,
    read_header: |b| Body::Prefix(PrefixHeader::read(b)),
    attrs: &PREFIX,
    fields: &["family", "index", "type", "len", "flags"],
    groups: &[Group::Ipv6Prefix],
    has_body: |b| matches!(b, Body::Prefix(_)),
    identity,
    dump_header: |s| {
        DumpHeader::fixed(
            PrefixHeader {
                family: s.family,
                ..PrefixHeader::default()
            }
            .to_bytes()
            .to_vec(),
        )
    },
    dump_each: DumpEach::Never,
    bsd: OnBsd::Absent("the BSDs announce no prefixes on the routing socket (rtadvd and rtsold read ND themselves)"),
};

/// `struct prefixmsg`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PrefixHeader {
    /// `prefix_family`: AF_INET6.
    pub family: u8,
    /// `prefix_ifindex`: the interface the advertisement came in on.
    pub index: u32,
    /// `prefix_type`: the ND option type (3, prefix information).
    pub kind: u8,
    /// `prefix_len`: the prefix length.
    pub len: u8,
    /// `prefix_flags`: IF_PREFIX_ONLINK 1, IF_PREFIX_AUTOCONF 2.
    pub flags: u8,
}

impl PrefixHeader {
    /// `sizeof(struct prefixmsg)`.
    pub const LEN: usize = 12;

    /// Reads the header from at least [`PrefixHeader::LEN`] bytes.
    pub fn read(b: &[u8]) -> PrefixHeader {
        PrefixHeader {
            family: b[0],
            index: u32_at(b, 4),
            kind: b[8],
            len: b[9],
            flags: b[10],
        }
    }

    /// The header's bytes (padding zero).
    pub fn to_bytes(&self) -> [u8; PrefixHeader::LEN] {
        let mut h = [0u8; PrefixHeader::LEN];
        h[0] = self.family;
        h[4..8].copy_from_slice(&self.index.to_ne_bytes());
        h[8..11].copy_from_slice(&[self.kind, self.len, self.flags]);
        h
    }

    pub(crate) fn fields(&self) -> Fields {
        vec![
            ("family", Value::U8(self.family)),
            ("index", Value::U32(self.index)),
            ("type", Value::U8(self.kind)),
            ("len", Value::U8(self.len)),
            ("flags", Value::U8(self.flags)),
        ]
    }
}

/// A prefix is its interface, address and length.
fn identity(m: &Message) -> String {
    let (index, len) = match &m.body {
        Body::Prefix(h) => (h.index, h.len),
        _ => (0, 0),
    };
    let addr = m.get(&PREFIX_ADDRESS).map(Value::to_string).unwrap_or_default();
    format!("{index} {addr}/{len}")
}
