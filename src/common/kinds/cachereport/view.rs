//! The typed view of a multicast routing cache report.

use std::net::IpAddr;

use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::RTNL_FAMILY_IP6MR;
use crate::common::message::Message;
use crate::common::value::Value;

/// What a cache report says (IGMPMSG_* for IPv4, MRT6MSG_* for IPv6: the
/// same numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// A packet with no cache entry for its flow (IGMPMSG_NOCACHE).
    NoCache,
    /// A packet on an interface its entry does not expect (IGMPMSG_WRONGVIF).
    WrongVif,
    /// A whole packet, for PIM register (IGMPMSG_WHOLEPKT).
    WholePacket,
    /// A whole packet on the wrong interface (IGMPMSG_WRVIFWHOLE).
    WrongVifWhole,
    /// A type rtsock does not name.
    Other(u8),
}

impl ReportKind {
    /// The kind numbered `n`.
    pub fn from_number(n: u8) -> ReportKind {
        match n {
            1 => ReportKind::NoCache,
            2 => ReportKind::WrongVif,
            3 => ReportKind::WholePacket,
            4 => ReportKind::WrongVifWhole,
            other => ReportKind::Other(other),
        }
    }

    /// The name `ip mroute`'s headers use: `nocache`, `wrongvif`, ...
    pub fn word(self) -> String {
        match self {
            ReportKind::NoCache => "nocache".into(),
            ReportKind::WrongVif => "wrongvif".into(),
            ReportKind::WholePacket => "wholepkt".into(),
            ReportKind::WrongVifWhole => "wrvifwhole".into(),
            ReportKind::Other(n) => format!("type {n}"),
        }
    }
}

/// A multicast routing cache report (RTM_NEWCACHEREPORT).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CacheReport {
    /// Whether it is about IPv6 (RTNL_FAMILY_IP6MR) rather than IPv4.
    pub ipv6: bool,
    /// What happened.
    pub kind: ReportKind,
    /// The virtual interface (VIF, or MIF for IPv6) the packet came in on.
    pub vif: u32,
    /// The packet's source.
    pub source: Option<IpAddr>,
    /// The packet's group.
    pub group: Option<IpAddr>,
    /// The multicast routing table (IPv4 only; RT_TABLE_DEFAULT, 253,
    /// unless the daemon chose one).
    pub table: Option<u32>,
    /// The packet's bytes (its IP header, or all of it for whole-packet
    /// reports).
    pub packet_len: usize,
}

impl CacheReport {
    /// The view of `m`, or None if `m` is not a cache report.
    pub fn from_message(m: &Message) -> Option<CacheReport> {
        if ObjectKind::of(m) != Some(ObjectKind::CacheReport) {
            return None;
        }
        let u32_of = |k: &Key| m.get(k).and_then(Value::as_u32);
        Some(CacheReport {
            ipv6: m.family() == Some(RTNL_FAMILY_IP6MR),
            kind: ReportKind::from_number(u32_of(&IPMRA_CREPORT_MSGTYPE)? as u8),
            vif: u32_of(&IPMRA_CREPORT_VIF_ID).unwrap_or(0),
            source: m.get(&IPMRA_CREPORT_SRC_ADDR).and_then(Value::as_ip),
            group: m.get(&IPMRA_CREPORT_DST_ADDR).and_then(Value::as_ip),
            table: u32_of(&IPMRA_CREPORT_TABLE),
            packet_len: match m.get(&IPMRA_CREPORT_PKT) {
                Some(Value::Bytes(b)) => b.len(),
                _ => 0,
            },
        })
    }

    /// One line: `cachereport nocache vif 0 (192.0.2.1, 239.1.1.1) table
    /// default`.
    pub fn line(&self) -> String {
        let addr = |a: Option<IpAddr>| a.map_or_else(|| "?".to_owned(), |a| a.to_string());
        let mut s = format!(
            "cachereport {} {} {} ({}, {})",
            self.kind.word(),
            if self.ipv6 { "mif" } else { "vif" },
            self.vif,
            addr(self.source),
            addr(self.group)
        );
        if let Some(t) = self.table {
            s += &format!(" table {}", crate::common::views::table_text(t));
        }
        s
    }
}
