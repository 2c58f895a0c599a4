//! The typed view of a link message.

use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::message::{Body, Message};
use crate::common::types::*;
use crate::common::value::{LinkAddr, Value, find_key};
use crate::common::views::*;
use std::fmt;

/// A network interface (RTM_NEWLINK).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Link {
    /// The interface index (`ifi_index`).
    pub index: u32,
    /// The interface name (IFLA_IFNAME), empty if the message has none.
    pub name: String,
    /// The ARPHRD_* link-layer type (`ifi_type`).
    pub ifi_type: u16,
    /// The IFF_* device flags (`ifi_flags`), e.g. `UP`, `LOWER_UP`.
    pub flags: LinkFlags,
    /// The MTU in bytes (IFLA_MTU), or None if not reported.
    pub mtu: Option<u32>,
    /// The link-layer address (IFLA_ADDRESS, `ip link`'s `link/ether`), or None if not reported.
    pub address: Option<LinkAddr>,
    /// The link-layer broadcast address (IFLA_BROADCAST, `brd`), or None if not reported.
    pub broadcast: Option<LinkAddr>,
    /// IFLA_OPERSTATE as `ip` names it (`UP`, `DOWN`, `UNKNOWN`, ...).
    pub operstate: Option<OperState>,
    /// The index of the master device, e.g. a bridge or bond (IFLA_MASTER, `master`), or
    /// None if enslaved to none.
    pub master: Option<u32>,
    /// The lower device (IFLA_LINK), e.g. a macvlan's parent or a veth's peer.
    pub link: Option<u32>,
    /// IFLA_INFO_KIND: `veth`, `bridge`, `vxlan`, ...
    pub kind: Option<String>,
    /// The transmit queue length in packets (IFLA_TXQLEN, `qlen`), or None if not reported.
    pub txqlen: Option<u32>,
    /// The root queueing discipline's name (IFLA_QDISC, `qdisc`), or None if not reported.
    pub qdisc: Option<String>,
    /// The interface alias (IFLA_IFALIAS, `alias`), or None if unset.
    pub alias: Option<String>,
    /// The device group (IFLA_GROUP, `group`; 0 is `default`), or None if not reported.
    pub group: Option<u32>,
    /// Alternative names (IFLA_PROP_LIST / IFLA_ALT_IFNAME, `altname`).
    pub altnames: Vec<String>,
}

impl Link {
    /// The link view of `m`, or None if `m` is not a link message.
    pub fn from_message(m: &Message) -> Option<Link> {
        let Body::Link(h) = &m.body else { return None };
        let linkinfo = m.get(&IFLA_LINKINFO).and_then(Value::as_nested);
        Some(Link {
            index: h.index,
            name: attr_string(m, &IFLA_IFNAME).unwrap_or_default(),
            ifi_type: h.ifi_type,
            flags: h.flags.into(),
            mtu: attr_u32(m, &IFLA_MTU),
            address: m.get(&IFLA_ADDRESS).and_then(Value::as_link_addr),
            broadcast: m.get(&IFLA_BROADCAST).and_then(Value::as_link_addr),
            operstate: attr_string(m, &IFLA_OPERSTATE).and_then(|s| s.parse().ok()),
            master: attr_u32(m, &IFLA_MASTER),
            link: attr_u32(m, &IFLA_LINK),
            kind: linkinfo
                .and_then(|attrs| find_key(attrs, &IFLA_INFO_KIND))
                .and_then(Value::as_str)
                .map(str::to_owned),
            txqlen: attr_u32(m, &IFLA_TXQLEN),
            qdisc: attr_string(m, &IFLA_QDISC),
            alias: attr_string(m, &IFLA_IFALIAS),
            group: attr_u32(m, &IFLA_GROUP),
            altnames: m
                .get(&IFLA_PROP_LIST)
                .and_then(Value::as_nested)
                .map(|props| {
                    props
                        .iter()
                        .filter(|a| a.is(&IFLA_ALT_IFNAME))
                        .filter_map(|a| a.value.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
        })
    }

    /// Whether the link is administratively up (IFF_UP in `flags`).
    pub fn is_up(&self) -> bool {
        self.flags.contains(IFF_UP)
    }
}

/// `ip link`'s first line without name resolution:
/// `2: veth0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master if4 state UP link/ether 02:00:00:00:00:01`.
impl fmt::Display for Link {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} <{}>", self.index, self.name, self.flags)?;
        if let Some(mtu) = self.mtu {
            write!(f, " mtu {mtu}")?;
        }
        if let Some(master) = self.master {
            write!(f, " master if{master}")?;
        }
        if let Some(state) = self.operstate {
            write!(f, " state {state}")?;
        }
        if let Some(kind) = &self.kind {
            write!(f, " type {kind}")?;
        }
        if let Some(a) = self.address {
            write!(f, " link/{} {a}", link_type_name(self.ifi_type))?;
        }
        Ok(())
    }
}
