//! The typed view of a link message.

use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::message::{Body, Message};
use crate::common::value::{LinkAddr, Value, find_key};
use crate::common::views::*;

/// A network interface (RTM_NEWLINK).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Link {
    pub index: u32,
    pub name: String,
    pub ifi_type: u16,
    pub flags: u32,
    pub mtu: Option<u32>,
    pub address: Option<LinkAddr>,
    pub broadcast: Option<LinkAddr>,
    /// IFLA_OPERSTATE as `ip` names it (`UP`, `DOWN`, `UNKNOWN`, ...).
    pub operstate: Option<String>,
    pub master: Option<u32>,
    /// The lower device (IFLA_LINK), e.g. a macvlan's parent or a veth's peer.
    pub link: Option<u32>,
    /// IFLA_INFO_KIND: `veth`, `bridge`, `vxlan`, ...
    pub kind: Option<String>,
    pub txqlen: Option<u32>,
    pub qdisc: Option<String>,
    pub alias: Option<String>,
}

impl Link {
    pub fn from_message(m: &Message) -> Option<Link> {
        let Body::Link(h) = &m.body else { return None };
        let linkinfo = m.get(&IFLA_LINKINFO).and_then(Value::as_nested);
        Some(Link {
            index: h.index,
            name: attr_string(m, &IFLA_IFNAME).unwrap_or_default(),
            ifi_type: h.ifi_type,
            flags: h.flags,
            mtu: attr_u32(m, &IFLA_MTU),
            address: m.get(&IFLA_ADDRESS).and_then(Value::as_link_addr),
            broadcast: m.get(&IFLA_BROADCAST).and_then(Value::as_link_addr),
            operstate: attr_string(m, &IFLA_OPERSTATE),
            master: attr_u32(m, &IFLA_MASTER),
            link: attr_u32(m, &IFLA_LINK),
            kind: linkinfo
                .and_then(|attrs| find_key(attrs, &IFLA_INFO_KIND))
                .and_then(Value::as_str)
                .map(str::to_owned),
            txqlen: attr_u32(m, &IFLA_TXQLEN),
            qdisc: attr_string(m, &IFLA_QDISC),
            alias: attr_string(m, &IFLA_IFALIAS),
        })
    }

    pub fn is_up(&self) -> bool {
        self.flags & IFF_UP != 0
    }
}
