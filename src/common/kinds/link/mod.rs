//! Links (network interfaces): RTM_NEWLINK, `struct ifinfomsg`, IFLA_*.

pub mod netlink;
pub mod spec;
pub mod tunnel;
pub mod view;

use super::{DumpHeader, Fields, KindInfo, OnBsd, u16_at, u32_at};
use crate::common::api::ObjectKind;
use crate::common::attrs::{IFLA, IFLA_MASTER};
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// The registry entry for links (RTM_NEWLINK/DELLINK/GETLINK/SETLINK, `struct ifinfomsg`, IFLA_*).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::Link,
    noun: "link",
    new_type: RTM_NEWLINK,
    del_type: RTM_DELLINK,
    get_type: RTM_GETLINK,
    last_type: RTM_SETLINK,
    header_len: LinkHeader::LEN,
    read_header: |b| Body::Link(LinkHeader::read(b)),
    attrs: &IFLA,
    fields: &["family", "ifi_type", "index", "flags", "change"],
    groups: &[Group::Link, Group::Ipv6Ifinfo],
    has_body: |b| matches!(b, Body::Link(_)),
    identity,
    dump_header: |s| {
        // rtnl_valid_dump_ifinfo_req takes IFLA_MASTER (and IFLA_LINKINFO).
        DumpHeader::fixed(
            LinkHeader {
                family: s.family,
                ..LinkHeader::default()
            }
            .to_bytes()
            .to_vec(),
        )
        .with(IFLA_MASTER, s.master)
        .with(crate::common::attrs::IFLA_EXT_MASK, s.ext_mask)
    },
    dump_each: super::DumpEach::All,
    bsd: OnBsd::Links,
};

/// `struct ifinfomsg` fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LinkHeader {
    /// `ifi_family`, the address family (normally AF_UNSPEC).
    pub family: u8,
    /// `ifi_type`, the ARPHRD_* link-layer type (`link/ether`, `link/loopback`, ...).
    pub ifi_type: u16,
    /// `ifi_index`, the interface index (0 when unknown, e.g. on a create).
    pub index: u32,
    /// `ifi_flags`, the IFF_* device flags (`UP`, `BROADCAST`, `LOWER_UP`, ...).
    pub flags: u32,
    /// `ifi_change`, the mask of IFF_* flags that `flags` changes (in a request).
    pub change: u32,
}

impl LinkHeader {
    /// `sizeof(struct ifinfomsg)`.
    pub const LEN: usize = 16;

    /// Reads the header from at least [`LinkHeader::LEN`] bytes.
    pub fn read(b: &[u8]) -> LinkHeader {
        LinkHeader {
            family: b[0],
            ifi_type: u16_at(b, 2),
            index: u32_at(b, 4),
            flags: u32_at(b, 8),
            change: u32_at(b, 12),
        }
    }

    /// The header's bytes, in host order as rtnetlink wants them.
    pub fn to_bytes(&self) -> [u8; LinkHeader::LEN] {
        let mut h = [0u8; LinkHeader::LEN];
        h[0] = self.family;
        h[2..4].copy_from_slice(&self.ifi_type.to_ne_bytes());
        h[4..8].copy_from_slice(&self.index.to_ne_bytes());
        h[8..12].copy_from_slice(&self.flags.to_ne_bytes());
        h[12..16].copy_from_slice(&self.change.to_ne_bytes());
        h
    }

    pub(crate) fn fields(&self) -> Fields {
        vec![
            ("family", Value::U8(self.family)),
            ("ifi_type", Value::U16(self.ifi_type)),
            ("index", Value::U32(self.index)),
            ("flags", Value::U32(self.flags)),
            ("change", Value::U32(self.change)),
        ]
    }
}

/// A link is its index.
fn identity(m: &Message) -> String {
    match &m.body {
        Body::Link(h) => h.index.to_string(),
        _ => String::new(),
    }
}
