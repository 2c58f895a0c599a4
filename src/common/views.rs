//! Typed views over normalized messages: plain Rust types for the fields
//! people use most, read from the same `Message` every backend emits.

use std::net::IpAddr;

use super::attrs::*;
use super::constants::*;
use super::message::{Body, Message};
use super::value::{Attr, LinkAddr, Value, find_key};

fn attr_u32(m: &Message, key: &Key) -> Option<u32> {
    m.get(key).and_then(Value::as_u32)
}

fn attr_ip(m: &Message, key: &Key) -> Option<IpAddr> {
    m.get(key).and_then(Value::as_ip)
}

fn attr_string(m: &Message, key: &Key) -> Option<String> {
    m.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// A network interface (RTM_NEWLINK).
#[derive(Clone, Debug, PartialEq)]
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

/// An interface address (RTM_NEWADDR).
#[derive(Clone, Debug, PartialEq)]
pub struct Address {
    pub family: u8,
    pub index: u32,
    pub prefixlen: u8,
    pub scope: u8,
    /// IFA_FLAGS when present (it holds all 32 bits), else the header's 8.
    pub flags: u32,
    /// IFA_ADDRESS: the peer on point-to-point links, else the same as `local`.
    pub address: Option<IpAddr>,
    pub local: Option<IpAddr>,
    pub broadcast: Option<IpAddr>,
    pub label: Option<String>,
    pub valid_lft: Option<u32>,
    pub preferred_lft: Option<u32>,
}

impl Address {
    pub fn from_message(m: &Message) -> Option<Address> {
        let (Body::Address(h) | Body::Multicast(h)) = &m.body else {
            return None;
        };
        let cache = m.get(&IFA_CACHEINFO);
        Some(Address {
            family: h.family,
            index: h.index,
            prefixlen: h.prefixlen,
            scope: h.scope,
            flags: attr_u32(m, &IFA_FLAGS).unwrap_or(h.flags.into()),
            address: attr_ip(m, &IFA_ADDRESS),
            local: attr_ip(m, &IFA_LOCAL),
            broadcast: attr_ip(m, &IFA_BROADCAST),
            label: attr_string(m, &IFA_LABEL),
            valid_lft: cache
                .and_then(|c| c.field("ifa_valid"))
                .and_then(Value::as_u32),
            preferred_lft: cache
                .and_then(|c| c.field("ifa_preferred"))
                .and_then(Value::as_u32),
        })
    }

    /// The interface's own address: IFA_LOCAL where present (IPv4), else IFA_ADDRESS.
    pub fn own_address(&self) -> Option<IpAddr> {
        self.local.or(self.address)
    }

    /// The peer address of a point-to-point address, when it differs from the local one.
    pub fn peer(&self) -> Option<IpAddr> {
        match (self.local, self.address) {
            (Some(l), Some(a)) if l != a => Some(a),
            _ => None,
        }
    }
}

/// One hop of a multipath route.
#[derive(Clone, Debug, PartialEq)]
pub struct NextHop {
    pub oif: u32,
    pub gateway: Option<IpAddr>,
    /// `ip`'s weight: rtnh_hops + 1.
    pub weight: u16,
    pub flags: u8,
}

/// A route (RTM_NEWROUTE).
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    pub family: u8,
    pub dst: Option<IpAddr>,
    pub dst_len: u8,
    pub src: Option<IpAddr>,
    pub src_len: u8,
    pub gateway: Option<IpAddr>,
    pub oif: Option<u32>,
    pub iif: Option<u32>,
    /// RTA_TABLE when present (32 bits), else the header's table.
    pub table: u32,
    pub priority: Option<u32>,
    pub proto: u8,
    pub scope: u8,
    /// rtm_type: unicast, local, blackhole, ...
    pub kind: u8,
    pub prefsrc: Option<IpAddr>,
    pub flags: u32,
    pub tos: u8,
    pub nexthops: Vec<NextHop>,
    /// RTA_METRICS as `(RTAX name, value)` pairs.
    pub metrics: Vec<(String, u32)>,
}

impl Route {
    pub fn from_message(m: &Message) -> Option<Route> {
        let Body::Route(h) = &m.body else { return None };
        Some(Route {
            family: h.family,
            dst: attr_ip(m, &RTA_DST),
            dst_len: h.dst_len,
            src: attr_ip(m, &RTA_SRC),
            src_len: h.src_len,
            gateway: attr_ip(m, &RTA_GATEWAY).or_else(|| {
                m.get(&RTA_VIA)
                    .and_then(|v| v.field("addr"))
                    .and_then(Value::as_ip)
            }),
            oif: attr_u32(m, &RTA_OIF),
            iif: attr_u32(m, &RTA_IIF),
            table: route_table(m).unwrap_or(0),
            priority: attr_u32(m, &RTA_PRIORITY),
            proto: h.proto,
            scope: h.scope,
            kind: h.kind,
            prefsrc: attr_ip(m, &RTA_PREFSRC),
            flags: h.flags,
            tos: h.tos,
            nexthops: m.get(&RTA_MULTIPATH).map(nexthops).unwrap_or_default(),
            metrics: m
                .get(&RTA_METRICS)
                .and_then(Value::as_nested)
                .map(|attrs| {
                    attrs
                        .iter()
                        .filter_map(|a| a.value.as_u32().map(|v| (a.name.to_string(), v)))
                        .collect()
                })
                .unwrap_or_default(),
        })
    }
}

fn nexthops(v: &Value) -> Vec<NextHop> {
    let Value::List(hops) = v else {
        return Vec::new();
    };
    hops.iter()
        .map(|hop| {
            let attrs: &[Attr] = hop.field("attrs").and_then(Value::as_nested).unwrap_or(&[]);
            NextHop {
                oif: hop.field("oif").and_then(Value::as_u32).unwrap_or(0),
                gateway: find_key(attrs, &RTA_GATEWAY).and_then(Value::as_ip),
                weight: hop
                    .field("hops")
                    .and_then(Value::as_u64)
                    .map_or(1, |h| h as u16 + 1),
                flags: hop.field("flags").and_then(Value::as_u64).unwrap_or(0) as u8,
            }
        })
        .collect()
}

/// The table of a route or rule message: the 32-bit attribute when present,
/// else the 8-bit header field.
pub fn route_table(m: &Message) -> Option<u32> {
    match &m.body {
        Body::Route(h) => Some(attr_u32(m, &RTA_TABLE).unwrap_or(h.table.into())),
        Body::Rule(h) => Some(attr_u32(m, &FRA_TABLE).unwrap_or(h.table.into())),
        _ => None,
    }
}

/// A neighbour entry: ARP, NDP or bridge FDB (RTM_NEWNEIGH).
#[derive(Clone, Debug, PartialEq)]
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

/// A policy routing rule (RTM_NEWRULE).
#[derive(Clone, Debug, PartialEq)]
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
