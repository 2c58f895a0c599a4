//! Policy-routing rules: RTM_NEWRULE, `struct fib_rule_hdr`, FRA_*.

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

/// The registry entry for rules (RTM_NEWRULE/DELRULE/GETRULE, `struct fib_rule_hdr`, FRA_*).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::Rule,
    noun: "rule",
    new_type: RTM_NEWRULE,
    del_type: RTM_DELRULE,
    get_type: RTM_GETRULE,
    last_type: RTM_GETRULE,
    header_len: RuleHeader::LEN,
    read_header: |b| Body::Rule(RuleHeader::read(b)),
    attrs: &FRA,
    fields: &[
        "family", "dst_len", "src_len", "tos", "table", "action", "flags",
    ],
    groups: &[Group::Ipv4Rule, Group::Ipv6Rule],
    has_body: |b| matches!(b, Body::Rule(_)),
    identity,
    dump_header: |s| {
        DumpHeader::fixed(
            RuleHeader {
                family: s.family,
                ..RuleHeader::default()
            }
            .to_bytes()
            .to_vec(),
        )
    },
    dump_each: super::DumpEach::All,
    bsd: OnBsd::Absent(
        "the BSDs route by policy with pf (route-to, rtable), not through the routing socket",
    ),
};

/// `struct fib_rule_hdr` fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleHeader {
    /// The address family: AF_INET or AF_INET6.
    pub family: u8,
    /// The destination prefix length in bits (`to`).
    pub dst_len: u8,
    /// The source prefix length in bits (`from`).
    pub src_len: u8,
    /// The TOS the rule matches (`tos`), 0 for any.
    pub tos: u8,
    /// The table id when it fits in 8 bits; FRA_TABLE carries the full id.
    pub table: u8,
    /// The FR_ACT_* action (`lookup`, `goto`, `blackhole`, `unreachable`, `prohibit`, ...).
    pub action: u8,
    /// The FIB_RULE_* flags (FIB_RULE_INVERT for `not`, ...).
    pub flags: u32,
}

impl RuleHeader {
    /// `sizeof(struct fib_rule_hdr)`.
    pub const LEN: usize = 12;

    /// Reads the header from at least [`RuleHeader::LEN`] bytes.
    pub fn read(b: &[u8]) -> RuleHeader {
        RuleHeader {
            family: b[0],
            dst_len: b[1],
            src_len: b[2],
            tos: b[3],
            table: b[4],
            action: b[7],
            flags: u32_at(b, 8),
        }
    }

    /// The header's bytes, in host order as rtnetlink wants them.
    pub fn to_bytes(&self) -> [u8; RuleHeader::LEN] {
        let mut h = [0u8; RuleHeader::LEN];
        h[..5].copy_from_slice(&[
            self.family,
            self.dst_len,
            self.src_len,
            self.tos,
            self.table,
        ]);
        h[7] = self.action;
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
            ("action", Value::U8(self.action)),
            ("flags", Value::U32(self.flags)),
        ]
    }
}

/// A rule is its family, priority, table, selectors and action.
fn identity(m: &Message) -> String {
    let attr = |k: &Key| m.get(k).map(Value::to_string).unwrap_or_default();
    match &m.body {
        Body::Rule(h) => format!(
            "{} {} {} {} {} {}",
            h.family,
            attr(&FRA_PRIORITY),
            // FRA_TABLE, or the header's 8-bit table without it.
            route_table(m).unwrap_or(h.table.into()),
            attr(&FRA_SRC),
            attr(&FRA_DST),
            h.action
        ),
        _ => String::new(),
    }
}
