//! IPv6 address labels (`ip addrlabel`): RTM_NEWADDRLABEL, `struct
//! ifaddrlblmsg`, IFAL_*. They steer source and destination address
//! selection (RFC 6724). Linux only.

pub mod netlink;
pub mod spec;
pub mod view;

use super::{DumpHeader, Fields, KindInfo, OnBsd, u32_at};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// The registry entry for address labels (RTM_NEWADDRLABEL/DEL/GET,
/// `struct ifaddrlblmsg`, IFAL_*).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::AddrLabel,
    noun: "addrlabel",
    new_type: RTM_NEWADDRLABEL,
    del_type: RTM_DELADDRLABEL,
    get_type: RTM_GETADDRLABEL,
    last_type: RTM_GETADDRLABEL,
    header_len: AddrLabelHeader::LEN,
    read_header: |b| Body::AddrLabel(AddrLabelHeader::read(b)),
    attrs: &IFAL,
    fields: &["family", "reserved", "prefixlen", "flags", "index", "seq"],
    // The kernel announces no label changes.
    groups: &[],
    has_body: |b| matches!(b, Body::AddrLabel(_)),
    identity,
    dump_header: |s| {
        DumpHeader::fixed(
            // rtnetlink has the dump for AF_INET6 only (AF_UNSPEC is
            // refused with EOPNOTSUPP).
            AddrLabelHeader {
                family: if s.family == AF_UNSPEC { AF_INET6 } else { s.family },
                ..AddrLabelHeader::default()
            }
            .to_bytes()
            .to_vec(),
        )
    },
    dump_each: super::DumpEach::All,
    bsd: OnBsd::Absent("the BSDs keep the policy table in ip6addrctl, not the routing socket"),
};

/// `struct ifaddrlblmsg`, with the kernel's field names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AddrLabelHeader {
    /// `ifal_family`: AF_INET6.
    pub family: u8,
    /// `__ifal_reserved`.
    pub reserved: u8,
    /// `ifal_prefixlen`.
    pub prefixlen: u8,
    /// `ifal_flags`.
    pub flags: u8,
    /// `ifal_index`: the interface the label is limited to, or 0.
    pub index: u32,
    /// `ifal_seq`: the table's generation, which a delete may name.
    pub seq: u32,
}

impl AddrLabelHeader {
    /// `sizeof(struct ifaddrlblmsg)`.
    pub const LEN: usize = 12;

    /// Reads the header from at least [`AddrLabelHeader::LEN`] bytes.
    pub fn read(b: &[u8]) -> AddrLabelHeader {
        AddrLabelHeader {
            family: b[0],
            reserved: b[1],
            prefixlen: b[2],
            flags: b[3],
            index: u32_at(b, 4),
            seq: u32_at(b, 8),
        }
    }

    /// The header's bytes, in host order.
    pub fn to_bytes(&self) -> [u8; AddrLabelHeader::LEN] {
        let mut h = [0u8; AddrLabelHeader::LEN];
        h[..4].copy_from_slice(&[self.family, self.reserved, self.prefixlen, self.flags]);
        h[4..8].copy_from_slice(&self.index.to_ne_bytes());
        h[8..].copy_from_slice(&self.seq.to_ne_bytes());
        h
    }

    pub(crate) fn fields(&self) -> Fields {
        vec![
            ("family", Value::U8(self.family)),
            ("reserved", Value::U8(self.reserved)),
            ("prefixlen", Value::U8(self.prefixlen)),
            ("flags", Value::U8(self.flags)),
            ("index", Value::U32(self.index)),
            ("seq", Value::U32(self.seq)),
        ]
    }
}

/// A label is its prefix and its interface.
fn identity(m: &Message) -> String {
    match &m.body {
        Body::AddrLabel(h) => {
            let prefix = m.get(&IFAL_ADDRESS).map(|a| a.to_string()).unwrap_or_default();
            format!("{prefix}/{} {}", h.prefixlen, h.index)
        }
        _ => String::new(),
    }
}
