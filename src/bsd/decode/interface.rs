//! `if_msghdr`, `ifa_msghdr`, `ifma_msghdr`, `if_announcemsghdr` and
//! OpenBSD's `if_ieee80211msghdr`: links, addresses and multicast groups.

use std::net::IpAddr;

use super::super::layout::{Abi, IfMsghdr, LinkState, field, openbsd};
use super::super::sockaddr::*;
use super::{Decoder, bsd_attr, header};
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::error::DecodeError;
use crate::common::message::{AddressHeader, Body, LinkHeader, Message};
use crate::common::value::{Attr, Value};

use super::need;

/// BSD interface flags to Linux's: the shared low bits, MULTICAST moved,
/// LOWER_UP from the link state. BSD-only bits stay in IFLA_BSD_FLAGS.
pub(crate) fn linux_iff(bsd: u32, lower_up: bool) -> u32 {
    let mut f = bsd & SHARED_IFF;
    if bsd & BSD_IFF_MULTICAST != 0 {
        f |= IFF_MULTICAST;
    }
    if lower_up {
        f |= IFF_LOWER_UP;
    }
    f
}

// BSD interface flags that differ from Linux.
const BSD_IFF_MULTICAST: u32 = 0x8000;
/// Bits 0x1..=0x200 mean the same on Linux and the BSDs, except 0x20.
const SHARED_IFF: u32 = IFF_UP
    | IFF_BROADCAST
    | IFF_DEBUG
    | IFF_LOOPBACK
    | IFF_POINTOPOINT
    | IFF_RUNNING
    | IFF_NOARP
    | IFF_PROMISC
    | IFF_ALLMULTI;

/// The fields of `if_msghdr` the normalization uses.
pub(super) struct IfFields {
    addrs: u32,
    flags: u32,
    index: u32,
    ift: u8,
    link_state: LinkState,
    mtu: u32,
    stats: IfStats,
    hdrlen: usize,
    table: Option<u32>,
}

/// The fields of `ifa_msghdr` the normalization uses.
pub(super) struct IfaFields {
    addrs: u32,
    flags: u32,
    index: u32,
    metric: u32,
    hdrlen: usize,
}

/// The `if_data` counters.
struct IfStats {
    ipackets: u64,
    ierrors: u64,
    opackets: u64,
    oerrors: u64,
    collisions: u64,
    ibytes: u64,
    obytes: u64,
    imcasts: u64,
    iqdrops: u64,
    oqdrops: u64,
    noproto: u64,
}

impl IfStats {
    fn read(abi: &Abi, ifm: &IfMsghdr, b: &[u8]) -> IfStats {
        let c = &ifm.counters;
        let get = |f| abi.get(f, b);
        IfStats {
            ipackets: get(c.ipackets),
            ierrors: get(c.ierrors),
            opackets: get(c.opackets),
            oerrors: get(c.oerrors),
            collisions: get(c.collisions),
            ibytes: get(c.ibytes),
            obytes: get(c.obytes),
            imcasts: get(c.imcasts),
            iqdrops: get(c.iqdrops),
            oqdrops: c.oqdrops.map_or(0, get),
            noproto: get(c.noproto),
        }
    }
}

impl Decoder {
    /// Reads the ABI's `if_msghdr`; `declared` as for `rt_fields`.
    pub(super) fn if_fields(
        &self,
        b: &[u8],
        declared: Option<usize>,
    ) -> Result<IfFields, DecodeError> {
        let abi = self.layout.abi();
        let ifm = &abi.ifm;
        need(b, ifm.read_len, "if_msghdr")?;
        let get = |f| abi.get32(f, b);
        Ok(IfFields {
            addrs: get(ifm.addrs),
            flags: get(ifm.flags),
            index: get(ifm.index),
            ift: get(ifm.ift) as u8,
            link_state: abi.link_state(b),
            mtu: get(ifm.mtu),
            stats: IfStats::read(abi, ifm, b),
            hdrlen: declared.map_or(ifm.len, |d| d.max(ifm.read_len)),
            table: ifm.table.map(get),
        })
    }

    /// Reads the ABI's `ifa_msghdr`; `declared` as for `rt_fields`.
    pub(super) fn ifa_fields(
        &self,
        b: &[u8],
        declared: Option<usize>,
    ) -> Result<IfaFields, DecodeError> {
        let abi = self.layout.abi();
        let ifa = &abi.ifa;
        need(b, ifa.len, "ifa_msghdr")?;
        let get = |f| abi.get32(f, b);
        Ok(IfaFields {
            addrs: get(ifa.addrs),
            flags: get(ifa.flags),
            index: get(ifa.index),
            metric: get(ifa.metric),
            hdrlen: declared.map_or(ifa.len, |d| d.max(ifa.len)),
        })
    }

    pub(super) fn link(&mut self, h: IfFields, b: &[u8]) -> Result<Message, DecodeError> {
        let slots = self.sockaddrs(b, h.hdrlen, h.addrs)?;
        let mut name = None;
        let mut lladdr = None;
        for s in &slots {
            if let Sockaddr::Link {
                name: n, lladdr: l, ..
            } = &s.sa
            {
                name = Some(n.clone()).filter(|n| !n.is_empty());
                lladdr = *l;
            }
        }
        if let Some(n) = &name {
            self.ctx.names.insert(h.index, n.clone());
        }
        self.ctx.flags.insert(h.index, h.flags);
        let up = h.flags & 0x1 != 0;
        let flags = linux_iff(h.flags, h.link_state == LinkState::Up);
        let operstate = match (up, h.link_state) {
            (true, LinkState::Up) => 6,
            (_, LinkState::Down) | (false, _) => 2,
            (true, LinkState::Unknown) => 0,
        };
        let mut attrs = Vec::new();
        if let Some(n) = name.or_else(|| self.ctx.names.get(&h.index).cloned()) {
            attrs.push(Attr::of(&IFLA_IFNAME, Value::Str(n)));
        }
        if let Some(l) = lladdr {
            attrs.push(Attr::of(&IFLA_ADDRESS, Value::LinkAddr(l)));
        }
        attrs.push(Attr::of(&IFLA_MTU, Value::U32(h.mtu)));
        attrs.push(Attr::of(
            &IFLA_OPERSTATE,
            Value::Str(operstate_name(operstate).to_owned()),
        ));
        let s = &h.stats;
        attrs.push(Attr::of(
            &IFLA_STATS64,
            Value::Struct(vec![
                ("rx_packets", Value::U64(s.ipackets)),
                ("tx_packets", Value::U64(s.opackets)),
                ("rx_bytes", Value::U64(s.ibytes)),
                ("tx_bytes", Value::U64(s.obytes)),
                ("rx_errors", Value::U64(s.ierrors)),
                ("tx_errors", Value::U64(s.oerrors)),
                ("rx_dropped", Value::U64(s.iqdrops)),
                ("tx_dropped", Value::U64(s.oqdrops)),
                ("multicast", Value::U64(s.imcasts)),
                ("collisions", Value::U64(s.collisions)),
                ("rx_nohandler", Value::U64(s.noproto)),
            ]),
        ));
        attrs.push(bsd_attr("IFLA_BSD_FLAGS", 1, Value::U32(h.flags)));
        attrs.push(bsd_attr("IFLA_BSD_IFT", 2, Value::U8(h.ift)));
        if let Some(t) = h.table {
            attrs.push(bsd_attr("IFLA_BSD_TABLE", 3, Value::U32(t)));
        }
        let body = Body::Link(LinkHeader {
            family: AF_UNSPEC,
            ifi_type: ift_to_arphrd(h.ift),
            index: h.index,
            flags,
            change: 0,
        });
        Ok(Message::new(header(RTM_NEWLINK, b, 0, 0, 0), body, attrs))
    }

    pub(super) fn address(
        &mut self,
        new: bool,
        h: IfaFields,
        b: &[u8],
    ) -> Result<Message, DecodeError> {
        let slots = self.sockaddrs(b, h.hdrlen, h.addrs)?;
        let get = |rtax| slots.iter().find(|s| s.rtax == rtax).map(|s| &s.sa);
        let ip = |sa: Option<&Sockaddr>| match sa {
            Some(Sockaddr::Inet(a)) => Some(IpAddr::V4(*a)),
            Some(Sockaddr::Inet6 { addr, .. }) => Some(IpAddr::V6(*addr)),
            _ => None,
        };
        let local = ip(get(RTAX_IFA));
        let family = match local {
            Some(IpAddr::V4(_)) => AF_INET,
            Some(IpAddr::V6(_)) => AF_INET6,
            None => AF_UNSPEC,
        };
        let max = if family == AF_INET6 { 128 } else { 32 };
        let prefixlen = get(RTAX_NETMASK)
            .and_then(|m| mask_prefix(m, family))
            .unwrap_or(max);
        let scope = match local {
            Some(IpAddr::V6(a)) if crate::change::is_link_local(&a) => RT_SCOPE_LINK,
            Some(a) if a.is_loopback() => RT_SCOPE_HOST,
            _ => RT_SCOPE_UNIVERSE,
        };
        let mut name = None;
        for s in &slots {
            if let Sockaddr::Link { name: n, .. } = &s.sa
                && !n.is_empty()
            {
                name = Some(n.clone());
            }
        }
        let name = name.or_else(|| self.ctx.names.get(&h.index).cloned());
        // The BRD slot is the peer on a point-to-point interface (known from
        // its RTM_IFINFO), and for IPv6, which has no broadcast.
        let p2p = self
            .ctx
            .flags
            .get(&h.index)
            .map_or(family == AF_INET6, |f| f & 0x10 != 0);
        let brd = ip(get(RTAX_BRD));
        let mut attrs = Vec::new();
        match (local, brd) {
            (Some(l), Some(peer)) if p2p => {
                attrs.push(Attr::of(&IFA_ADDRESS, Value::Ip(peer)));
                attrs.push(Attr::of(&IFA_LOCAL, Value::Ip(l)));
            }
            (Some(l), _) => {
                attrs.push(Attr::of(&IFA_ADDRESS, Value::Ip(l)));
                if family == AF_INET {
                    attrs.push(Attr::of(&IFA_LOCAL, Value::Ip(l)));
                }
            }
            _ => {}
        }
        if let (Some(b), false) = (brd, p2p) {
            attrs.push(Attr::of(&IFA_BROADCAST, Value::Ip(b)));
        }
        if let Some(n) = name {
            attrs.push(Attr::of(&IFA_LABEL, Value::Str(n)));
        }
        attrs.push(bsd_attr("IFA_BSD_FLAGS", 1, Value::U32(h.flags)));
        attrs.push(bsd_attr("IFA_BSD_METRIC", 2, Value::U32(h.metric)));
        let body = Body::Address(AddressHeader {
            family,
            prefixlen,
            flags: 0,
            scope,
            index: h.index,
        });
        let kind = if new { RTM_NEWADDR } else { RTM_DELADDR };
        Ok(Message::new(header(kind, b, 0, 0, 0), body, attrs))
    }

    pub(super) fn multicast(
        &mut self,
        new: bool,
        addrs: u32,
        index: u32,
        hdrlen: usize,
        b: &[u8],
    ) -> Result<Message, DecodeError> {
        let slots = self.sockaddrs(b, hdrlen, addrs)?;
        let mut attrs = Vec::new();
        let mut family = AF_UNSPEC;
        for s in &slots {
            match (&s.sa, s.rtax) {
                (Sockaddr::Inet(a), RTAX_IFA) => {
                    family = AF_INET;
                    attrs.push(Attr::of(&IFA_MULTICAST, Value::Ip(IpAddr::V4(*a))));
                }
                (Sockaddr::Inet6 { addr, .. }, RTAX_IFA) => {
                    family = AF_INET6;
                    attrs.push(Attr::of(&IFA_MULTICAST, Value::Ip(IpAddr::V6(*addr))));
                }
                (
                    Sockaddr::Link {
                        lladdr: Some(l), ..
                    },
                    RTAX_GATEWAY,
                ) => {
                    attrs.push(bsd_attr("IFA_BSD_LLADDR", 3, Value::LinkAddr(*l)));
                }
                (Sockaddr::Link { name, .. }, RTAX_IFP) if !name.is_empty() => {
                    attrs.push(Attr::of(&IFA_LABEL, Value::Str(name.clone())));
                }
                _ => {}
            }
        }
        let body = Body::Multicast(AddressHeader {
            family,
            prefixlen: if family == AF_INET6 { 128 } else { 32 },
            flags: 0,
            scope: RT_SCOPE_UNIVERSE,
            index,
        });
        let kind = if new {
            RTM_NEWMULTICAST
        } else {
            RTM_DELMULTICAST
        };
        Ok(Message::new(header(kind, b, 0, 0, 0), body, attrs))
    }

    /// RTM_IFANNOUNCE: arrival is a new link, departure a deleted one.
    pub(super) fn announce(&mut self, index: u32, name: &[u8], what: u16, b: &[u8]) -> Message {
        let end = name.iter().position(|&c| c == 0).unwrap_or(name.len());
        let name = String::from_utf8_lossy(&name[..end]).into_owned();
        let kind = if what == 0 {
            self.ctx.names.insert(index, name.clone());
            RTM_NEWLINK
        } else {
            self.ctx.names.remove(&index);
            self.ctx.flags.remove(&index);
            RTM_DELLINK
        };
        let body = Body::Link(LinkHeader {
            index,
            ..LinkHeader::default()
        });
        let attrs = vec![
            Attr::of(&IFLA_IFNAME, Value::Str(name)),
            bsd_attr("IFLA_BSD_ANNOUNCE", 4, Value::U16(what)),
        ];
        Message::new(header(kind, b, 0, 0, 0), body, attrs)
    }

    /// OpenBSD RTM_80211INFO (`if_ieee80211msghdr`): channel, network id, BSSID.
    pub(super) fn ieee80211(&mut self, b: &[u8]) -> Result<Message, DecodeError> {
        need(b, openbsd::IF_IEEE80211MSGHDR_LEN, "if_ieee80211msghdr")?;
        let abi = self.layout.abi();
        let index = abi.get32(field(6, 2), b);
        let d = 12;
        let nwid_len = (b[d + 1] as usize).min(32);
        let nwid = String::from_utf8_lossy(&b[d + 8..d + 8 + nwid_len]).into_owned();
        let mut attrs = vec![
            bsd_attr("IEEE80211_CHANNEL", 6, Value::U8(b[d])),
            bsd_attr(
                "IEEE80211_FLAGS",
                7,
                Value::U32(abi.get32(field(d + 4, 4), b)),
            ),
            bsd_attr("IEEE80211_NWID", 8, Value::Str(nwid)),
        ];
        if let Some(bssid) = crate::LinkAddr::new(&b[d + 40..d + 46]) {
            attrs.push(bsd_attr("IEEE80211_BSSID", 9, Value::LinkAddr(bssid)));
        }
        if let Some(n) = self.ctx.names.get(&index) {
            attrs.insert(0, Attr::of(&IFLA_IFNAME, Value::Str(n.clone())));
        }
        let body = Body::Link(LinkHeader {
            index,
            ..LinkHeader::default()
        });
        Ok(Message::new(
            header(BSD_RTM_80211INFO, b, 0, 0, 0),
            body,
            attrs,
        ))
    }
}

/// IFT_* (`net/if_types.h`) to the ARPHRD_* Linux reports for the same kind
/// of interface; unknown types become ARPHRD_VOID (the raw one stays in IFLA_BSD_IFT).
pub fn ift_to_arphrd(ift: u8) -> u16 {
    match ift {
        0x06 | 0x35 | 0x87 | 0xd1 | 0x47 | 0xf8 => ARPHRD_ETHER, // ether, propvirtual, l2vlan, bridge, 802.11, carp
        0x18 => ARPHRD_LOOPBACK,
        0x17 => ARPHRD_PPP,
        0x83 | 0xf0 => ARPHRD_TUNNEL, // tunnel, gif
        0xf4..=0xf6 => ARPHRD_NONE,   // enc, pflog, pfsync
        _ => ARPHRD_VOID,
    }
}
