//! The typed view of a neighbour message.

use std::net::IpAddr;

use crate::common::attrs::*;
use crate::common::message::{Body, Message};
use crate::common::value::{LinkAddr, Value};
use crate::common::views::*;

/// A neighbour entry: ARP, NDP or bridge FDB (RTM_NEWNEIGH).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Neighbour {
    pub family: u8,
    pub ifindex: u32,
    pub state: u16,
    pub flags: u8,
    pub ndm_type: u8,
    pub dst: Option<IpAddr>,
    pub lladdr: Option<LinkAddr>,
    pub master: Option<u32>,
    pub vlan: Option<u16>,
    pub probes: Option<u32>,
}

impl Neighbour {
    pub fn from_message(m: &Message) -> Option<Neighbour> {
        let Body::Neighbour(h) = &m.body else {
            return None;
        };
        Some(Neighbour {
            family: h.family,
            ifindex: h.ifindex,
            state: h.state,
            flags: h.flags,
            ndm_type: h.ndm_type,
            dst: attr_ip(m, &NDA_DST),
            lladdr: m.get(&NDA_LLADDR).and_then(Value::as_link_addr),
            master: attr_u32(m, &NDA_MASTER),
            vlan: attr_u32(m, &NDA_VLAN).map(|v| v as u16),
            probes: attr_u32(m, &NDA_PROBES),
        })
    }
}
