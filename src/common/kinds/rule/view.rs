//! The typed view of a rule message.

use std::net::IpAddr;

use crate::common::attrs::*;
use crate::common::message::{Body, Message};
use crate::common::views::*;

/// A policy routing rule (RTM_NEWRULE).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Rule {
    pub family: u8,
    pub priority: u32,
    pub table: u32,
    pub action: u8,
    pub src: Option<IpAddr>,
    pub src_len: u8,
    pub dst: Option<IpAddr>,
    pub dst_len: u8,
    pub iifname: Option<String>,
    pub oifname: Option<String>,
    pub fwmark: Option<u32>,
    pub fwmask: Option<u32>,
    pub tos: u8,
    pub goto: Option<u32>,
    pub flags: u32,
}

impl Rule {
    pub fn from_message(m: &Message) -> Option<Rule> {
        let Body::Rule(h) = &m.body else { return None };
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
        })
    }
}
