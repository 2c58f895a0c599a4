//! Neighbour tables (`ip ntable`): RTM_NEWNEIGHTBL, `struct ndtmsg`,
//! NDTA_*. Each family's table (arp_cache, ndisc_cache) has its limits and
//! default parameters, and one set of parameters per device. They are
//! changed (RTM_SETNEIGHTBL), never made or deleted. Linux only.

pub mod netlink;
pub mod spec;
pub mod view;

use super::{DumpHeader, Fields, KindInfo, OnBsd};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// The registry entry for neighbour tables (RTM_NEWNEIGHTBL, GET, SET;
/// the kernel has no delete: 65 is unused).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::NeighTable,
    noun: "ntable",
    new_type: RTM_NEWNEIGHTBL,
    del_type: RTM_NEWNEIGHTBL + 1,
    get_type: RTM_GETNEIGHTBL,
    last_type: RTM_SETNEIGHTBL,
    header_len: NeighTableHeader::LEN,
    read_header: |b| Body::NeighTable(NeighTableHeader { family: b[0] }),
    attrs: &NDTA,
    fields: &["family"],
    // The kernel announces no table changes.
    groups: &[],
    has_body: |b| matches!(b, Body::NeighTable(_)),
    identity,
    dump_header: |s| DumpHeader::fixed(NeighTableHeader { family: s.family }.to_bytes().to_vec()),
    dump_each: super::DumpEach::All,
    bsd: OnBsd::Absent("the BSDs tune ARP and NDP with sysctls (net.link.ether.inet, net.inet6.ip6), not the routing socket"),
};

/// `struct ndtmsg`: the family, and padding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NeighTableHeader {
    /// `ndtm_family`: AF_INET (arp_cache), AF_INET6 (ndisc_cache), ...
    pub family: u8,
}

impl NeighTableHeader {
    /// `sizeof(struct ndtmsg)`.
    pub const LEN: usize = 4;

    /// The header's bytes.
    pub fn to_bytes(&self) -> [u8; NeighTableHeader::LEN] {
        [self.family, 0, 0, 0]
    }

    pub(crate) fn fields(&self) -> Fields {
        vec![("family", Value::U8(self.family))]
    }
}

/// The device a message's parameters belong to (NDTPA_IFINDEX), if any.
pub(crate) fn parms_ifindex(m: &Message) -> Option<u32> {
    m.get(&NDTA_PARMS)
        .and_then(Value::as_nested)
        .and_then(|p| crate::common::value::find_key(p, &NDTPA_IFINDEX))
        .and_then(Value::as_u32)
}

/// A table is its family and name, and the device its parameters are for.
fn identity(m: &Message) -> String {
    let name = m.get(&NDTA_NAME).and_then(Value::as_str).unwrap_or_default();
    format!("{name} {}", parms_ifindex(m).unwrap_or(0))
}
