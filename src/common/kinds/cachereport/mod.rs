//! Multicast routing cache reports (RTM_NEWCACHEREPORT): what the kernel
//! tells a multicast routing daemon on its socket (a packet with no cache
//! entry, one on the wrong interface, ...), copied to RTNLGRP_IPV4_MROUTE_R
//! and RTNLGRP_IPV6_MROUTE_R (igmpmsg_netlink_event,
//! mrt6msg_netlink_event). Announced, never dumped. Linux only.

pub mod view;

use super::{DumpEach, DumpHeader, KindInfo, OnBsd};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// The registry entry for cache reports (RTM_NEWCACHEREPORT; 97 to 99
/// are unused).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::CacheReport,
    noun: "cachereport",
    new_type: RTM_NEWCACHEREPORT,
    del_type: RTM_NEWCACHEREPORT + 1,
    get_type: RTM_NEWCACHEREPORT + 2,
    last_type: RTM_NEWCACHEREPORT + 3,
    header_len: CacheReportHeader::LEN,
    read_header: |b| Body::CacheReport(CacheReportHeader::read(b)),
    attrs: &IPMRA_CREPORT,
    fields: &["family"],
    groups: &[Group::Ipv4MrouteReport, Group::Ipv6MrouteReport],
    has_body: |b| matches!(b, Body::CacheReport(_)),
    identity,
    dump_header: |s| {
        DumpHeader::fixed(
            CacheReportHeader { family: s.family }
                .to_bytes()
                .to_vec(),
        )
    },
    dump_each: DumpEach::Never,
    bsd: OnBsd::Absent(
        "the BSDs report to the multicast routing daemon on its own socket (ip_mroute's upcalls), not on the routing socket",
    ),
};

/// `struct rtgenmsg` (the family: RTNL_FAMILY_IPMR or RTNL_FAMILY_IP6MR),
/// padded to the 4 bytes the attributes follow: the layout of `struct
/// netconfmsg`, so one type reads both.
pub type CacheReportHeader = super::netconf::NetconfHeader;

/// A report is its table, message type, interface and flow.
fn identity(m: &Message) -> String {
    let text = |k: &Key| m.get(k).map(Value::to_string).unwrap_or_default();
    format!(
        "{} {} {} {} {} {}",
        m.family().unwrap_or(0),
        text(&IPMRA_CREPORT_TABLE),
        text(&IPMRA_CREPORT_MSGTYPE),
        text(&IPMRA_CREPORT_VIF_ID),
        text(&IPMRA_CREPORT_SRC_ADDR),
        text(&IPMRA_CREPORT_DST_ADDR)
    )
}
