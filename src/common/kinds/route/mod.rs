//! Routes: RTM_NEWROUTE, `struct rtmsg`, RTA_*.

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
use crate::common::views::route_table;

/// The registry entry for routes (RTM_NEWROUTE/DELROUTE/GETROUTE, `struct rtmsg`, RTA_*).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::Route,
    noun: "route",
    new_type: RTM_NEWROUTE,
    del_type: RTM_DELROUTE,
    get_type: RTM_GETROUTE,
    last_type: RTM_GETROUTE,
    header_len: RouteHeader::LEN,
    read_header: |b| Body::Route(RouteHeader::read(b)),
    attrs: &RTA,
    fields: &[
        "family", "dst_len", "src_len", "tos", "table", "proto", "scope", "type", "flags",
    ],
    groups: &[
        Group::Ipv4Route,
        Group::Ipv6Route,
        Group::Ipv4Mroute,
        Group::Ipv6Mroute,
        Group::MplsRoute,
        Group::PhonetRoute,
    ],
    has_body: |b| matches!(b, Body::Route(_)),
    identity,
    dump_header: |s| {
        let h = RouteHeader {
            family: s.family,
            table: match s.table {
                Some(t) if t < 256 => t as u8,
                _ => 0,
            },
            ..RouteHeader::default()
        };
        DumpHeader::fixed(h.to_bytes().to_vec())
            .with(RTA_TABLE, s.table)
            .with(RTA_OIF, s.ifindex)
    },
    dump_each: super::DumpEach::All,
    bsd: OnBsd::Routes,
};

/// `struct rtmsg` fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RouteHeader {
    /// `rtm_family`: AF_INET, AF_INET6, ...
    pub family: u8,
    /// `rtm_dst_len`, the destination prefix length in bits (0 for a default route).
    pub dst_len: u8,
    /// `rtm_src_len`, the source prefix length in bits (`from`).
    pub src_len: u8,
    /// `rtm_tos`, the TOS the route matches (`tos`).
    pub tos: u8,
    /// `rtm_table`, the table id when it fits in 8 bits; RTA_TABLE carries the full id.
    pub table: u8,
    /// `rtm_protocol`, the RTPROT_* origin of the route (`proto kernel`, `boot`, `static`, ...).
    pub proto: u8,
    /// `rtm_scope`, the RT_SCOPE_* scope (`scope global`, `link`, `host`).
    pub scope: u8,
    /// `rtm_type`, the RTN_* route type (`unicast`, `local`, `blackhole`, ...).
    pub kind: u8,
    /// `rtm_flags`, the RTM_F_* and RTNH_F_* flags.
    pub flags: u32,
}

impl RouteHeader {
    /// `sizeof(struct rtmsg)`.
    pub const LEN: usize = 12;

    /// Reads the header from at least [`RouteHeader::LEN`] bytes.
    pub fn read(b: &[u8]) -> RouteHeader {
        RouteHeader {
            family: b[0],
            dst_len: b[1],
            src_len: b[2],
            tos: b[3],
            table: b[4],
            proto: b[5],
            scope: b[6],
            kind: b[7],
            flags: u32_at(b, 8),
        }
    }

    /// The header's bytes, in host order as rtnetlink wants them.
    pub fn to_bytes(&self) -> [u8; RouteHeader::LEN] {
        let mut h = [0u8; RouteHeader::LEN];
        h[..8].copy_from_slice(&[
            self.family,
            self.dst_len,
            self.src_len,
            self.tos,
            self.table,
            self.proto,
            self.scope,
            self.kind,
        ]);
        h[8..12].copy_from_slice(&self.flags.to_ne_bytes());
        h
    }

    pub(crate) fn fields(&self) -> Fields {
        vec![
            ("family", Value::U8(self.family)),
            ("dst_len", Value::U8(self.dst_len)),
            ("src_len", Value::U8(self.src_len)),
            ("tos", Value::U8(self.tos)),
            ("table", Value::U8(self.table)),
            ("proto", Value::U8(self.proto)),
            ("scope", Value::U8(self.scope)),
            ("type", Value::U8(self.kind)),
            ("flags", Value::U32(self.flags)),
        ]
    }
}

/// A route is its table, destination, TOS and metric (`fib_table_insert`);
/// IPv4 tells routes apart by gateway and device too, IPv6 keeps them as
/// paths of one route.
fn identity(m: &Message) -> String {
    let attr = |k: &Key| m.get(k).map(Value::to_string).unwrap_or_default();
    match &m.body {
        Body::Route(h) => format!(
            "{} {} {} {} {} {} {}",
            h.family,
            route_table(m).unwrap_or(h.table.into()),
            attr(&RTA_DST),
            h.dst_len,
            h.tos,
            attr(&RTA_PRIORITY),
            if h.family == AF_INET6 {
                String::new()
            } else {
                attr(&RTA_GATEWAY) + &attr(&RTA_OIF)
            },
        ),
        _ => String::new(),
    }
}
