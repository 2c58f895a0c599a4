//! Link statistics (`ip stats show group link`): RTM_NEWSTATS, `struct
//! if_stats_msg`, IFLA_STATS_*. Read only; Linux only (the BSDs count in
//! `if_data`, which links carry).

pub mod view;

use super::{DumpHeader, Fields, KindInfo, OnBsd, u32_at};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::Body;
use crate::common::value::Value;

/// IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64): the 64-bit link counters,
/// what a dump asks for (the kernel refuses a dump with no filter).
pub const FILTER_LINK_64: u32 = 1 << (IFLA_STATS_LINK_64.number - 1);

/// The registry entry for link statistics (RTM_NEWSTATS/GETSTATS,
/// `struct if_stats_msg`, IFLA_STATS_*).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::Stats,
    noun: "stats",
    new_type: RTM_NEWSTATS,
    // There is no RTM_DELSTATS; 93, between NEW and GET, is unused.
    del_type: RTM_NEWSTATS + 1,
    get_type: RTM_GETSTATS,
    last_type: RTM_SETSTATS,
    header_len: StatsHeader::LEN,
    read_header: |b| Body::Stats(StatsHeader::read(b)),
    attrs: &IFLA_STATS_TABLE,
    fields: &["family", "pad1", "pad2", "index", "filter_mask"],
    groups: &[Group::Stats],
    has_body: |b| matches!(b, Body::Stats(_)),
    identity: |m| match &m.body {
        Body::Stats(h) => h.index.to_string(),
        _ => String::new(),
    },
    // rtnl_stats_dump wants a filter and a zero index (devices are
    // selected afterwards).
    dump_header: |s| {
        DumpHeader::fixed(
            StatsHeader {
                family: s.family,
                filter_mask: FILTER_LINK_64,
                ..StatsHeader::default()
            }
            .to_bytes()
            .to_vec(),
        )
    },
    dump_each: super::DumpEach::All,
    bsd: OnBsd::Absent("the BSDs count in if_data, which their link messages carry"),
};

/// `struct if_stats_msg`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatsHeader {
    /// `family`, AF_UNSPEC.
    pub family: u8,
    /// `pad1`.
    pub pad1: u8,
    /// `pad2`.
    pub pad2: u16,
    /// `ifindex`: the link.
    pub index: u32,
    /// `filter_mask`: which IFLA_STATS_* groups the message carries.
    pub filter_mask: u32,
}

impl StatsHeader {
    /// `sizeof(struct if_stats_msg)`.
    pub const LEN: usize = 12;

    /// Reads the header from at least [`StatsHeader::LEN`] bytes.
    pub fn read(b: &[u8]) -> StatsHeader {
        StatsHeader {
            family: b[0],
            pad1: b[1],
            pad2: u16::from_ne_bytes([b[2], b[3]]),
            index: u32_at(b, 4),
            filter_mask: u32_at(b, 8),
        }
    }

    /// The header's bytes, in host order.
    pub fn to_bytes(&self) -> [u8; StatsHeader::LEN] {
        let mut h = [0u8; StatsHeader::LEN];
        h[0] = self.family;
        h[1] = self.pad1;
        h[2..4].copy_from_slice(&self.pad2.to_ne_bytes());
        h[4..8].copy_from_slice(&self.index.to_ne_bytes());
        h[8..].copy_from_slice(&self.filter_mask.to_ne_bytes());
        h
    }

    pub(crate) fn fields(&self) -> Fields {
        vec![
            ("family", Value::U8(self.family)),
            ("pad1", Value::U8(self.pad1)),
            ("pad2", Value::U16(self.pad2)),
            ("index", Value::U32(self.index)),
            ("filter_mask", Value::U32(self.filter_mask)),
        ]
    }
}
