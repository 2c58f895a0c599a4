//! The typed view of a rule message.

use std::net::IpAddr;

use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::message::{Body, Message};
use crate::common::views::*;
use std::fmt;

/// A policy routing rule (RTM_NEWRULE).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Rule {
    /// The address family: AF_INET or AF_INET6.
    pub family: u8,
    /// The rule's priority, lower first (`priority`, FRA_PRIORITY); 0 if not reported.
    pub priority: u32,
    /// The table to look up (`table`, FRA_TABLE or the header's), 0 if none.
    pub table: u32,
    /// The FR_ACT_* action (`lookup`, `goto`, `blackhole`, `unreachable`, `prohibit`, ...).
    pub action: u8,
    /// The source prefix matched (`from`, FRA_SRC), or None for any.
    pub src: Option<IpAddr>,
    /// The source prefix length in bits.
    pub src_len: u8,
    /// The destination prefix matched (`to`, FRA_DST), or None for any.
    pub dst: Option<IpAddr>,
    /// The destination prefix length in bits.
    pub dst_len: u8,
    /// The incoming interface matched (`iif`, FRA_IIFNAME), or None for any.
    pub iifname: Option<String>,
    /// The outgoing interface matched (`oif`, FRA_OIFNAME), or None for any.
    pub oifname: Option<String>,
    /// The firewall mark matched (`fwmark`, FRA_FWMARK), or None for any.
    pub fwmark: Option<u32>,
    /// The mask applied to the firewall mark (`fwmark MARK/MASK`, FRA_FWMASK), or None if
    /// not reported.
    pub fwmask: Option<u32>,
    /// The TOS matched (`tos`), 0 for any.
    pub tos: u8,
    /// The priority of the rule a `goto` rule jumps to (FRA_GOTO), or None.
    pub goto: Option<u32>,
    /// The FIB_RULE_* flags (FIB_RULE_INVERT for `not`, ...).
    pub flags: u32,
    /// The senders' user ids, first to last (FRA_UID_RANGE, `uidrange`).
    pub uid_range: Option<(u32, u32)>,
    /// The IP protocol (FRA_IP_PROTO, `ipproto`).
    pub ip_proto: Option<u8>,
    /// Source ports, first to last (FRA_SPORT_RANGE, `sport`).
    pub sport: Option<(u16, u16)>,
    /// Destination ports, first to last (FRA_DPORT_RANGE, `dport`).
    pub dport: Option<(u16, u16)>,
    /// FRA_SUPPRESS_PREFIXLEN (`suppress_prefixlength`), when set.
    pub suppress_prefixlength: Option<u32>,
    /// FRA_SUPPRESS_IFGROUP (`suppress_ifgroup`), when set.
    pub suppress_ifgroup: Option<u32>,
    /// Whether it looks up the L3 master device's table (FRA_L3MDEV, `l3mdev`).
    pub l3mdev: bool,
    /// Who added it (FRA_PROTOCOL, `proto`).
    pub protocol: Option<u8>,
}

impl Rule {
    /// The rule view of `m`, or None if `m` is not a rule message.
    pub fn from_message(m: &Message) -> Option<Rule> {
        let Body::Rule(h) = &m.body else { return None };
        let spec = super::spec::RuleSpec::from_message(m)?;
        Some(Rule {
            family: h.family,
            priority: attr_u32(m, &FRA_PRIORITY).unwrap_or(0),
            table: route_table(m).unwrap_or(0),
            action: h.action,
            src: attr_ip(m, &FRA_SRC),
            src_len: h.src_len,
            dst: attr_ip(m, &FRA_DST),
            dst_len: h.dst_len,
            iifname: attr_string(m, &FRA_IIFNAME),
            oifname: attr_string(m, &FRA_OIFNAME),
            fwmark: attr_u32(m, &FRA_FWMARK),
            fwmask: attr_u32(m, &FRA_FWMASK),
            tos: h.tos,
            goto: attr_u32(m, &FRA_GOTO),
            flags: h.flags,
            uid_range: spec.uid_range,
            ip_proto: spec.ip_proto,
            sport: spec.sport,
            dport: spec.dport,
            suppress_prefixlength: spec.suppress_prefixlength,
            suppress_ifgroup: spec.suppress_ifgroup,
            l3mdev: spec.l3mdev,
            protocol: spec.protocol,
        })
    }
}

/// `ip rule`'s line: `100: from 10.0.0.0/8 iif veth0 fwmark 0x1 lookup 100`.
impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.priority)?;
        if self.flags & FIB_RULE_INVERT != 0 {
            f.write_str(" not")?;
        }
        let from = match self.src {
            Some(src) => prefix_text(Some(src), self.src_len),
            None => "all".to_owned(),
        };
        write!(f, " from {from}")?;
        if let Some(dst) = self.dst {
            write!(f, " to {}", prefix_text(Some(dst), self.dst_len))?;
        }
        if self.tos != 0 {
            write!(f, " tos {:#x}", self.tos)?;
        }
        if let Some(mark) = self.fwmark {
            write!(f, " fwmark {mark:#x}")?;
            if let Some(mask) = self.fwmask.filter(|&m| m != u32::MAX) {
                write!(f, "/{mask:#x}")?;
            }
        }
        if let Some(dev) = &self.iifname {
            write!(f, " iif {dev}")?;
        }
        if let Some(dev) = &self.oifname {
            write!(f, " oif {dev}")?;
        }
        match (self.action, self.goto) {
            (FR_ACT_TO_TBL, _) => write!(f, " lookup {}", table_text(self.table)),
            (_, Some(target)) => write!(f, " goto {target}"),
            (action, None) => write!(f, " {}", rule_action_name(action)),
        }
    }
}
