//! Interface addresses: RTM_NEWADDR, `struct ifaddrmsg`, IFA_*.

pub mod netlink;
pub mod spec;
pub mod view;

use super::{DumpHeader, DumpScope, Fields, KindInfo, OnBsd, u32_at};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// The registry entry for addresses (RTM_NEWADDR/DELADDR/GETADDR, `struct ifaddrmsg`, IFA_*).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::Address,
    noun: "address",
    new_type: RTM_NEWADDR,
    del_type: RTM_DELADDR,
    get_type: RTM_GETADDR,
    last_type: RTM_GETADDR,
    header_len: AddressHeader::LEN,
    read_header: |b| Body::Address(AddressHeader::read(b)),
    attrs: &IFA,
    fields: &["family", "prefixlen", "flags", "scope", "index"],
    groups: &[
        Group::Ipv4Address,
        Group::Ipv6Address,
        Group::MctpAddress,
        Group::PhonetAddress,
    ],
    has_body: |b| matches!(b, Body::Address(_)),
    identity,
    dump_header: ifaddrmsg_dump_header,
    dump_each: super::DumpEach::All,
    bsd: OnBsd::Addresses,
};

/// The dump request of the kinds whose header is `struct ifaddrmsg`
/// (addresses, multicast and anycast addresses): the family, and the
/// interface, which strict checking narrows to.
pub(crate) fn ifaddrmsg_dump_header(s: &DumpScope) -> DumpHeader {
    DumpHeader::fixed(
        AddressHeader {
            family: s.family,
            index: s.ifindex.unwrap_or(0),
            ..AddressHeader::default()
        }
        .to_bytes()
        .to_vec(),
    )
}

/// `struct ifaddrmsg` fields (also a multicast membership's).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AddressHeader {
    /// `ifa_family`: AF_INET or AF_INET6.
    pub family: u8,
    /// `ifa_prefixlen`, the prefix length in bits.
    pub prefixlen: u8,
    /// `ifa_flags`, the low 8 bits of the IFA_F_* flags (IFA_FLAGS carries all 32).
    pub flags: u8,
    /// `ifa_scope`, the RT_SCOPE_* scope (`scope global`, `link`, `host`).
    pub scope: u8,
    /// `ifa_index`, the index of the interface the address is on.
    pub index: u32,
}

impl AddressHeader {
    /// `sizeof(struct ifaddrmsg)`.
    pub const LEN: usize = 8;

    /// Reads the header from at least [`AddressHeader::LEN`] bytes.
    pub fn read(b: &[u8]) -> AddressHeader {
        AddressHeader {
            family: b[0],
            prefixlen: b[1],
            flags: b[2],
            scope: b[3],
            index: u32_at(b, 4),
        }
    }

    /// The header's bytes, in host order as rtnetlink wants them.
    pub fn to_bytes(&self) -> [u8; AddressHeader::LEN] {
        let mut h = [0u8; AddressHeader::LEN];
        h[..4].copy_from_slice(&[self.family, self.prefixlen, self.flags, self.scope]);
        h[4..8].copy_from_slice(&self.index.to_ne_bytes());
        h
    }

    pub(crate) fn fields(&self) -> Fields {
        vec![
            ("family", Value::U8(self.family)),
            ("prefixlen", Value::U8(self.prefixlen)),
            ("flags", Value::U8(self.flags)),
            ("scope", Value::U8(self.scope)),
            ("index", Value::U32(self.index)),
        ]
    }
}

/// An address is its family, interface, prefix and both addresses
/// (`inet_addr_match` in the kernel: a peer address makes another one).
fn identity(m: &Message) -> String {
    let attr = |k: &Key| m.get(k).map(Value::to_string).unwrap_or_default();
    match &m.body {
        Body::Address(h) => format!(
            "{} {} {} {} {}",
            h.family,
            h.index,
            h.prefixlen,
            attr(&IFA_LOCAL),
            attr(&IFA_ADDRESS)
        ),
        _ => String::new(),
    }
}
