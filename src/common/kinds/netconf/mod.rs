//! Per-interface IP settings (`ip netconf`): RTM_NEWNETCONF, `struct
//! netconfmsg`, NETCONFA_*. Read only here (the settings are sysctls);
//! Linux only.

pub mod view;

use super::{DumpHeader, Fields, KindInfo, OnBsd};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// The registry entry for netconf (RTM_NEWNETCONF/DELNETCONF/GETNETCONF,
/// `struct netconfmsg`, NETCONFA_*).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::Netconf,
    noun: "netconf",
    new_type: RTM_NEWNETCONF,
    del_type: RTM_DELNETCONF,
    get_type: RTM_GETNETCONF,
    last_type: RTM_GETNETCONF,
    header_len: NetconfHeader::LEN,
    read_header: |b| Body::Netconf(NetconfHeader::read(b)),
    attrs: &NETCONFA,
    fields: &["family"],
    groups: &[Group::Ipv4Netconf, Group::Ipv6Netconf, Group::MplsNetconf],
    has_body: |b| matches!(b, Body::Netconf(_)),
    identity,
    dump_header: |s| {
        DumpHeader::fixed(
            NetconfHeader { family: s.family }
                .to_bytes()
                .to_vec(),
        )
    },
    dump_each: super::DumpEach::All,
    bsd: OnBsd::Absent("the BSDs keep these settings in sysctls, not the routing socket"),
};

/// `struct netconfmsg`, padded to the 4 bytes the attributes follow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NetconfHeader {
    /// `ncm_family`: AF_INET, AF_INET6 or AF_MPLS.
    pub family: u8,
}

impl NetconfHeader {
    /// NLMSG_ALIGN(sizeof(struct netconfmsg)).
    pub const LEN: usize = 4;

    /// Reads the header from at least [`NetconfHeader::LEN`] bytes.
    pub fn read(b: &[u8]) -> NetconfHeader {
        NetconfHeader { family: b[0] }
    }

    /// The header's bytes (the family and its padding).
    pub fn to_bytes(&self) -> [u8; NetconfHeader::LEN] {
        [self.family, 0, 0, 0]
    }

    pub(crate) fn fields(&self) -> Fields {
        vec![("family", Value::U8(self.family))]
    }
}

/// One set of settings per family and interface (or all, or default).
fn identity(m: &Message) -> String {
    let index = m.get(&NETCONFA_IFINDEX).and_then(Value::as_i64).unwrap_or(0);
    format!("{} {index}", m.family().unwrap_or(0))
}
