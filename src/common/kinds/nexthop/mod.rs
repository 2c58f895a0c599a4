//! Nexthop objects (`ip nexthop`): RTM_NEWNEXTHOP, `struct nhmsg`, NHA_*.
//! Linux only: the BSDs keep no such objects a routing socket can change.

pub mod netlink;
pub mod spec;
pub mod view;

use super::{DumpHeader, Fields, KindInfo, OnBsd, u32_at};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// The registry entry for nexthop objects (RTM_NEWNEXTHOP/DELNEXTHOP/GETNEXTHOP,
/// `struct nhmsg`, NHA_*).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::Nexthop,
    noun: "nexthop",
    new_type: RTM_NEWNEXTHOP,
    del_type: RTM_DELNEXTHOP,
    get_type: RTM_GETNEXTHOP,
    last_type: RTM_GETNEXTHOP,
    header_len: NexthopHeader::LEN,
    read_header: |b| Body::Nexthop(NexthopHeader::read(b)),
    attrs: &NHA,
    fields: &["family", "scope", "protocol", "resvd", "flags"],
    groups: &[Group::Nexthop],
    has_body: |b| matches!(b, Body::Nexthop(_)),
    identity,
    dump_header: |s| {
        let h = NexthopHeader {
            family: s.family,
            ..NexthopHeader::default()
        };
        // nh_valid_dump_req takes NHA_OIF, NHA_MASTER, NHA_GROUPS and NHA_FDB.
        DumpHeader::fixed(h.to_bytes().to_vec())
            .with(NHA_OIF, s.ifindex)
            .with(NHA_MASTER, s.master)
            .flag(NHA_GROUPS, s.groups)
            .flag(NHA_FDB, s.fdb)
    },
    dump_each: super::DumpEach::All,
    bsd: OnBsd::Nexthops(
        "OpenBSD has no nexthop objects, and FreeBSD makes its own from routes (read them with sysctl NET_RT_NHOP and NET_RT_NHGRP: nexthop show)",
    ),
};

/// `struct nhmsg` fields, with pyroute2's names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NexthopHeader {
    /// `nh_family`: AF_INET, AF_INET6, or AF_UNSPEC for groups.
    pub family: u8,
    /// `nh_scope`, the RT_SCOPE_* scope.
    pub scope: u8,
    /// `nh_protocol`, the RTPROT_* owner of the nexthop (`proto`).
    pub protocol: u8,
    /// The reserved byte, 0.
    pub resvd: u8,
    /// RTNH_F_* (`dead`, `onlink`, ...).
    pub flags: u32,
}

impl NexthopHeader {
    /// `sizeof(struct nhmsg)`.
    pub const LEN: usize = 8;

    /// Reads the header from at least [`NexthopHeader::LEN`] bytes.
    pub fn read(b: &[u8]) -> NexthopHeader {
        NexthopHeader {
            family: b[0],
            scope: b[1],
            protocol: b[2],
            resvd: b[3],
            flags: u32_at(b, 4),
        }
    }

    /// The header's bytes, in host order as rtnetlink wants them.
    pub fn to_bytes(&self) -> [u8; NexthopHeader::LEN] {
        let mut h = [0u8; NexthopHeader::LEN];
        h[..4].copy_from_slice(&[self.family, self.scope, self.protocol, self.resvd]);
        h[4..8].copy_from_slice(&self.flags.to_ne_bytes());
        h
    }

    pub(crate) fn fields(&self) -> Fields {
        vec![
            ("family", Value::U8(self.family)),
            ("scope", Value::U8(self.scope)),
            ("protocol", Value::U8(self.protocol)),
            ("resvd", Value::U8(self.resvd)),
            ("flags", Value::U32(self.flags)),
        ]
    }
}

/// A nexthop object is its id (`nexthop_find_by_id`).
fn identity(m: &Message) -> String {
    m.get(&NHA_ID).map(Value::to_string).unwrap_or_default()
}
