//! Routing-socket messages (FreeBSD, OpenBSD) decoded and normalized into
//! the Linux-shaped messages every backend emits. Pure: bytes in, messages
//! out; the layout says which OS and width produced the bytes.

use crate::common::attrs::*;
use std::collections::HashMap;
use std::net::IpAddr;

use super::layout::{Layout, Os, RTM_VERSION, freebsd as fb, openbsd as ob};
use super::sockaddr::*;
use crate::common::constants::*;
use crate::common::error::DecodeError;
use crate::common::message::{
    AddressHeader, Body, Header, HeaderError, LinkHeader, Message, NeighbourHeader, RouteHeader,
};
use crate::common::value::{Attr, Value};

// Route flags (RTF_*): the bits both kernels share, and each one's own.
pub const RTF_UP: u32 = 0x1;
pub const RTF_GATEWAY: u32 = 0x2;
pub const RTF_HOST: u32 = 0x4;
pub const RTF_REJECT: u32 = 0x8;
pub const RTF_DYNAMIC: u32 = 0x10;
pub const RTF_LLINFO: u32 = 0x400;
pub const RTF_STATIC: u32 = 0x800;
pub const RTF_BLACKHOLE: u32 = 0x1000;
pub const RTF_LOCAL: u32 = 0x200000;
pub const RTF_BROADCAST: u32 = 0x400000;
/// FreeBSD only (OpenBSD's 0x800000 is RTF_CONNECTED).
pub const FREEBSD_RTF_MULTICAST: u32 = 0x800000;
/// OpenBSD only.
pub const OPENBSD_RTF_MULTICAST: u32 = 0x200;
pub const OPENBSD_RTF_CLONED: u32 = 0x10000;

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

// Attribute numbers of BSD-only attributes (no rtnetlink counterpart).
const BSD_ATTR: u16 = 0xf000;

fn le16(b: &[u8], off: usize) -> u16 {
    u16::from_le_bytes([b[off], b[off + 1]])
}

fn le32(b: &[u8], off: usize) -> u32 {
    u32::from_le_bytes(b[off..off + 4].try_into().expect("4 bytes"))
}

fn le64(b: &[u8], off: usize) -> u64 {
    u64::from_le_bytes(b[off..off + 8].try_into().expect("8 bytes"))
}

/// A `u_long`: 8 or 4 bytes.
fn ulong(b: &[u8], off: usize, long: usize) -> u64 {
    if long == 8 {
        le64(b, off)
    } else {
        le32(b, off).into()
    }
}

/// What the decoder remembers across messages of one stream: interface
/// names and flags from RTM_IFINFO (an IFLIST dump lists each interface
/// before its addresses), and the FIB a FreeBSD dump was read from.
#[derive(Clone, Debug, Default)]
pub struct Context {
    names: HashMap<u32, String>,
    flags: HashMap<u32, u32>,
    /// The FIB (FreeBSD) a dump came from; OpenBSD carries it per message.
    pub fib: Option<u32>,
}

/// Decodes one OS's routing messages, remembering what later messages need.
#[derive(Clone, Debug)]
pub struct Decoder {
    pub layout: Layout,
    pub ctx: Context,
}

impl Decoder {
    pub fn new(layout: Layout) -> Decoder {
        Decoder {
            layout,
            ctx: Context::default(),
        }
    }

    /// Decodes one message: `b` is exactly `msglen` bytes.
    pub fn decode(&mut self, b: &[u8]) -> Result<Message, DecodeError> {
        if b.len() < 4 {
            return Err(DecodeError::truncated(
                "routing message header",
                0,
                4,
                b.len(),
            ));
        }
        let (version, t) = (b[2], b[3]);
        if version != RTM_VERSION {
            return Err(DecodeError::new(
                "routing message header",
                2,
                format!("version {version}, expected {RTM_VERSION}: skipped"),
            ));
        }
        match self.layout.os {
            Os::FreeBsd => self.freebsd(t, b),
            Os::OpenBsd => self.openbsd(t, b),
            Os::Darwin => Err(DecodeError::new(
                "routing message",
                0,
                "Darwin messages are not decoded (only their sockaddrs)",
            )),
        }
    }

    fn freebsd(&mut self, t: u8, b: &[u8]) -> Result<Message, DecodeError> {
        match t {
            fb::RTM_ADD..=fb::RTM_LOCK | fb::RTM_RESOLVE => {
                let h = self.rt_header(b)?;
                self.route(t, h, b)
            }
            fb::RTM_NEWADDR | fb::RTM_DELADDR => {
                need(b, 20, "ifa_msghdr")?;
                let h = IfaFields {
                    addrs: le32(b, 4),
                    flags: le32(b, 8),
                    index: le16(b, 12).into(),
                    metric: le32(b, 16),
                    hdrlen: self.layout.ifa_msghdr_len(),
                };
                self.address(t == fb::RTM_NEWADDR, h, b)
            }
            fb::RTM_IFINFO => {
                need(b, self.layout.if_msghdr_len(), "if_msghdr")?;
                let d = 16;
                let h = IfFields {
                    addrs: le32(b, 4),
                    flags: le32(b, 8),
                    index: le16(b, 12).into(),
                    ift: b[d],
                    link_state: freebsd_link_state(b[d + 4]),
                    mtu: le32(b, d + 8),
                    stats: IfStats::read(b, d),
                    hdrlen: self.layout.if_msghdr_len(),
                    table: None,
                };
                self.link(h, b)
            }
            fb::RTM_NEWMADDR | fb::RTM_DELMADDR => {
                need(b, fb::IFMA_MSGHDR_LEN, "ifma_msghdr")?;
                let addrs = le32(b, 4);
                let index = le16(b, 12).into();
                self.multicast(t == fb::RTM_NEWMADDR, addrs, index, fb::IFMA_MSGHDR_LEN, b)
            }
            fb::RTM_IFANNOUNCE => {
                need(b, fb::IF_ANNOUNCEMSGHDR_LEN, "if_announcemsghdr")?;
                Ok(self.announce(le16(b, 4).into(), &b[6..22], le16(b, 22), b))
            }
            fb::RTM_IEEE80211 => Ok(raw_message(BSD_RTM_IEEE80211, b)),
            _ => Ok(raw_message(BSD_RTM_UNKNOWN, b)),
        }
    }

    fn openbsd(&mut self, t: u8, b: &[u8]) -> Result<Message, DecodeError> {
        // Every OpenBSD header says how long it is: honour it, so a grown
        // header still parses.
        need(b, 6, "OpenBSD message header")?;
        let hdrlen = le16(b, 4) as usize;
        if hdrlen > b.len() {
            return Err(DecodeError::new(
                "OpenBSD message header",
                4,
                format!("hdrlen {hdrlen} exceeds message length {}", b.len()),
            ));
        }
        match t {
            ob::RTM_ADD..=ob::RTM_MISS
            | ob::RTM_RESOLVE
            | ob::RTM_PROPOSAL
            | ob::RTM_INVALIDATE
            | ob::RTM_BFD
            | ob::RTM_SOURCE => {
                let h = self.rt_header(b)?;
                self.route(t, h, b)
            }
            ob::RTM_NEWADDR | ob::RTM_DELADDR | ob::RTM_CHGADDRATTR => {
                need(b, 24, "ifa_msghdr")?;
                need(b, hdrlen.max(24), "ifa_msghdr")?;
                let h = IfaFields {
                    addrs: le32(b, 12),
                    flags: le32(b, 16),
                    index: le16(b, 6).into(),
                    metric: le32(b, 20),
                    hdrlen,
                };
                self.address(t != ob::RTM_DELADDR, h, b)
            }
            ob::RTM_IFINFO => {
                // Statistics up to ifi_capabilities are the same on both widths.
                need(b, 24 + 124, "if_msghdr")?;
                let d = 24;
                let h = IfFields {
                    addrs: le32(b, 12),
                    flags: le32(b, 16),
                    index: le16(b, 6).into(),
                    ift: b[d],
                    link_state: openbsd_link_state(b[d + 3]),
                    mtu: le32(b, d + 4),
                    stats: IfStats::read(b, d),
                    hdrlen,
                    table: Some(le16(b, 8).into()),
                };
                self.link(h, b)
            }
            ob::RTM_IFANNOUNCE => {
                need(b, ob::IF_ANNOUNCEMSGHDR_LEN, "if_announcemsghdr")?;
                Ok(self.announce(le16(b, 6).into(), &b[10..26], le16(b, 8), b))
            }
            ob::RTM_DESYNC => Ok(Message::new(
                header(BSD_RTM_DESYNC, b, 0, 0, 0),
                Body::None,
                Vec::new(),
            )),
            ob::RTM_80211INFO => self.ieee80211(b),
            _ => Ok(raw_message(BSD_RTM_UNKNOWN, b)),
        }
    }

    /// `rt_msghdr` of either OS.
    fn rt_header(&self, b: &[u8]) -> Result<RtFields, DecodeError> {
        let l = &self.layout;
        match l.os {
            Os::OpenBsd => {
                need(b, 96, "rt_msghdr")?;
                Ok(RtFields {
                    index: le16(b, 6).into(),
                    table: Some(le16(b, 8).into()),
                    priority: Some(b[10]),
                    addrs: le32(b, 12),
                    flags: le32(b, 16),
                    pid: le32(b, 24),
                    seq: le32(b, 28),
                    errno: le32(b, 32) as i32,
                    locks: le32(b, 56),
                    mtu: le32(b, 60),
                    expire: le64(b, 48) as i64,
                    hopcount: le32(b, 68),
                    ssthresh: le32(b, 80),
                    rtt: le32(b, 84),
                    rttvar: le32(b, 88),
                    hdrlen: (le16(b, 4) as usize).max(96),
                })
            }
            _ => {
                let long = l.arch.long();
                need(b, l.rt_msghdr_len(), "rt_msghdr")?;
                let rmx = 32 + long;
                let m = |i: usize| ulong(b, rmx + i * long, long);
                Ok(RtFields {
                    index: le16(b, 4).into(),
                    table: self.ctx.fib,
                    priority: None,
                    flags: le32(b, 8),
                    addrs: le32(b, 12),
                    pid: le32(b, 16),
                    seq: le32(b, 20),
                    errno: le32(b, 24) as i32,
                    locks: m(0) as u32,
                    mtu: m(1) as u32,
                    hopcount: m(2) as u32,
                    expire: m(3) as i64,
                    ssthresh: m(6) as u32,
                    rtt: m(7) as u32,
                    rttvar: m(8) as u32,
                    hdrlen: l.rt_msghdr_len(),
                })
            }
        }
    }

    fn sockaddrs(&self, b: &[u8], hdrlen: usize, addrs: u32) -> Result<Vec<Slot>, DecodeError> {
        let start = hdrlen.min(b.len());
        parse_sockaddrs(&b[start..], addrs, &self.layout, start)
    }

    fn family(&self, sa: &Sockaddr) -> Option<u8> {
        match sa {
            Sockaddr::Inet(_) => Some(AF_INET),
            Sockaddr::Inet6 { .. } => Some(AF_INET6),
            Sockaddr::Link { .. } => Some(AF_PACKET),
            _ => None,
        }
    }

    /// RTM_ADD/DELETE/CHANGE/GET and friends: a route, or a neighbour when
    /// it is an ARP/NDP entry (RTF_LLINFO with a link-layer gateway).
    fn route(&mut self, t: u8, h: RtFields, b: &[u8]) -> Result<Message, DecodeError> {
        let slots = self.sockaddrs(b, h.hdrlen, h.addrs)?;
        let get = |rtax| slots.iter().find(|s| s.rtax == rtax).map(|s| &s.sa);
        let dst = get(RTAX_DST);
        let family = dst
            .and_then(|d| self.family(d))
            .or_else(|| get(RTAX_GATEWAY).and_then(|g| self.family(g)))
            .unwrap_or(AF_UNSPEC);
        let (os, openbsd) = (self.layout.os, self.layout.os == Os::OpenBsd);
        let (kind, mut hflags) = match (os, t) {
            (_, fb::RTM_ADD | fb::RTM_GET) => (RTM_NEWROUTE, 0),
            (_, fb::RTM_DELETE) => (RTM_DELROUTE, 0),
            (_, fb::RTM_CHANGE) => (RTM_NEWROUTE, NLM_F_REPLACE),
            (_, fb::RTM_LOSING) => (BSD_RTM_LOSING, 0),
            (_, fb::RTM_REDIRECT) => (BSD_RTM_REDIRECT, 0),
            (_, fb::RTM_MISS) => (BSD_RTM_MISS, 0),
            (Os::FreeBsd, fb::RTM_LOCK) => (BSD_RTM_LOCK, 0),
            (_, fb::RTM_RESOLVE) => (BSD_RTM_RESOLVE, 0),
            (Os::OpenBsd, ob::RTM_PROPOSAL) => (BSD_RTM_PROPOSAL, 0),
            (Os::OpenBsd, ob::RTM_INVALIDATE) => (BSD_RTM_INVALIDATE, 0),
            (Os::OpenBsd, ob::RTM_BFD) => (BSD_RTM_BFD, 0),
            (Os::OpenBsd, ob::RTM_SOURCE) => (BSD_RTM_SOURCE, 0),
            _ => (BSD_RTM_UNKNOWN, 0),
        };
        if t == fb::RTM_ADD || t == fb::RTM_CHANGE {
            hflags |= NLM_F_CREATE;
        }
        let ip_of = |sa: Option<&Sockaddr>| match sa {
            Some(Sockaddr::Inet(a)) => Some((IpAddr::V4(*a), 0)),
            Some(Sockaddr::Inet6 { addr, scope }) => Some((IpAddr::V6(*addr), *scope)),
            _ => None,
        };
        let gateway = get(RTAX_GATEWAY);
        let link_gw = match gateway {
            Some(Sockaddr::Link { index, lladdr, .. }) => Some((*index, *lladdr)),
            _ => None,
        };
        let dst_ip = ip_of(dst);
        let index = if h.index != 0 {
            h.index
        } else {
            link_gw.map_or(0, |(i, _)| i.into())
        };

        // ARP/NDP entries become neighbours; OpenBSD announces a
        // resolution as RTM_RESOLVE (`arpcache`), a new entry.
        let resolved = openbsd && t == ob::RTM_RESOLVE;
        if h.flags & RTF_LLINFO != 0
            && let (Some((ip, _)), Some((_, lladdr))) = (dst_ip, link_gw)
            && (resolved || matches!(kind, RTM_NEWROUTE | RTM_DELROUTE))
        {
            let state = if lladdr.is_none() {
                NUD_INCOMPLETE
            } else if h.flags & RTF_STATIC != 0 || h.expire == 0 {
                NUD_PERMANENT
            } else {
                NUD_REACHABLE
            };
            let mut attrs = vec![Attr::of(&NDA_DST, Value::Ip(ip))];
            if let Some(l) = lladdr {
                attrs.push(Attr::of(&NDA_LLADDR, Value::LinkAddr(l)));
            }
            attrs.push(bsd_attr("NDA_BSD_FLAGS", 1, Value::U32(h.flags)));
            let nkind = if resolved || kind == RTM_NEWROUTE {
                RTM_NEWNEIGH
            } else {
                RTM_DELNEIGH
            };
            let body = Body::Neighbour(NeighbourHeader {
                family,
                ifindex: index,
                state,
                flags: 0,
                ndm_type: RTN_UNICAST,
            });
            return Ok(Message::new(
                header(nkind, b, h.seq, h.pid, h.errno),
                body,
                attrs,
            ));
        }

        let max = if family == AF_INET6 { 128 } else { 32 };
        let dst_len = if h.flags & RTF_HOST != 0 {
            max
        } else {
            get(RTAX_NETMASK)
                .and_then(|m| mask_prefix(m, family))
                .unwrap_or(if get(RTAX_NETMASK).is_some() { 0 } else { max })
        };
        let multicast = if openbsd {
            OPENBSD_RTF_MULTICAST
        } else {
            FREEBSD_RTF_MULTICAST
        };
        let rtype = if h.flags & RTF_BLACKHOLE != 0 {
            RTN_BLACKHOLE
        } else if h.flags & RTF_REJECT != 0 {
            RTN_UNREACHABLE
        } else if h.flags & RTF_LOCAL != 0 {
            RTN_LOCAL
        } else if h.flags & RTF_BROADCAST != 0 {
            RTN_BROADCAST
        } else if h.flags & multicast != 0 {
            RTN_MULTICAST
        } else {
            RTN_UNICAST
        };
        let proto = if h.flags & RTF_STATIC != 0 {
            RTPROT_STATIC
        } else if h.flags & RTF_DYNAMIC != 0 {
            RTPROT_REDIRECT
        } else {
            RTPROT_KERNEL
        };
        let scope = if rtype == RTN_LOCAL {
            RT_SCOPE_HOST
        } else if h.flags & RTF_GATEWAY == 0 && rtype == RTN_UNICAST {
            RT_SCOPE_LINK
        } else {
            RT_SCOPE_UNIVERSE
        };
        // FIB / rtable 0 is the main table.
        let table = match h.table.unwrap_or(0) {
            0 => RT_TABLE_MAIN,
            t => t,
        };
        let mut rflags = 0;
        if openbsd && h.flags & OPENBSD_RTF_CLONED != 0 {
            rflags |= RTM_F_CLONED;
        }
        let mut attrs = vec![Attr::of(&RTA_TABLE, Value::U32(table))];
        if let Some((ip, scope_id)) = dst_ip
            && dst_len > 0
        {
            attrs.push(Attr::of(&RTA_DST, Value::Ip(ip)));
            if scope_id != 0 && index == 0 {
                attrs.push(Attr::of(&RTA_OIF, Value::U32(scope_id)));
            }
        }
        if let Some((ip, scope_id)) = ip_of(gateway) {
            attrs.push(Attr::of(&RTA_GATEWAY, Value::Ip(ip)));
            if scope_id != 0 && index == 0 {
                attrs.push(Attr::of(&RTA_OIF, Value::U32(scope_id)));
            }
        }
        if index != 0 {
            attrs.push(Attr::of(&RTA_OIF, Value::U32(index)));
        }
        if let Some((ip, _)) = ip_of(get(RTAX_IFA)) {
            attrs.push(Attr::of(&RTA_PREFSRC, Value::Ip(ip)));
        }
        if let Some(p) = h.priority {
            attrs.push(Attr::of(&RTA_PRIORITY, Value::U32(p.into())));
        }
        let metrics: Vec<Attr> = [
            ("RTAX_LOCK", 1, h.locks),
            ("RTAX_MTU", 2, h.mtu),
            ("RTAX_RTT", 4, h.rtt),
            ("RTAX_RTTVAR", 5, h.rttvar),
            ("RTAX_SSTHRESH", 6, h.ssthresh),
            ("RTAX_HOPLIMIT", 10, h.hopcount),
        ]
        .into_iter()
        .filter(|(_, _, v)| *v != 0)
        .map(|(n, k, v)| Attr::new(n, k, Value::U32(v)))
        .collect();
        if !metrics.is_empty() {
            attrs.push(Attr::of(&RTA_METRICS, Value::Nested(metrics)));
        }
        if h.expire != 0 {
            attrs.push(bsd_attr("RTA_BSD_EXPIRE", 2, Value::U64(h.expire as u64)));
        }
        attrs.push(bsd_attr("RTA_BSD_FLAGS", 1, Value::U32(h.flags)));
        for slot in &slots {
            match (&slot.sa, slot.rtax) {
                (Sockaddr::Label(l), _) => {
                    attrs.push(bsd_attr("RTA_BSD_LABEL", 3, Value::Str(l.clone())))
                }
                (Sockaddr::Link { name, .. }, RTAX_IFP) if !name.is_empty() => {
                    attrs.push(bsd_attr("RTA_BSD_IFNAME", 4, Value::Str(name.clone())))
                }
                (Sockaddr::Raw { data, .. }, RTAX_DNS | RTAX_STATIC | RTAX_SEARCH) => {
                    let name = RTAX_NAMES[slot.rtax];
                    let n = match name {
                        "DNS" => "RTA_BSD_DNS",
                        "STATIC" => "RTA_BSD_STATIC",
                        _ => "RTA_BSD_SEARCH",
                    };
                    attrs.push(bsd_attr(n, 5, Value::Bytes(data.clone())));
                }
                _ => {}
            }
        }
        let body = Body::Route(RouteHeader {
            family,
            dst_len,
            src_len: 0,
            tos: 0,
            table: if table < 256 {
                table as u8
            } else {
                RT_TABLE_COMPAT as u8
            },
            proto,
            scope,
            kind: rtype,
            flags: rflags,
        });
        let mut hdr = header(kind, b, h.seq, h.pid, h.errno);
        hdr.flags = hflags;
        Ok(Message::new(hdr, body, attrs))
    }

    fn link(&mut self, h: IfFields, b: &[u8]) -> Result<Message, DecodeError> {
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

    fn address(&mut self, new: bool, h: IfaFields, b: &[u8]) -> Result<Message, DecodeError> {
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

    fn multicast(
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
    fn announce(&mut self, index: u32, name: &[u8], what: u16, b: &[u8]) -> Message {
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
    fn ieee80211(&mut self, b: &[u8]) -> Result<Message, DecodeError> {
        need(b, ob::IF_IEEE80211MSGHDR_LEN, "if_ieee80211msghdr")?;
        let index: u32 = le16(b, 6).into();
        let d = 12;
        let nwid_len = (b[d + 1] as usize).min(32);
        let nwid = String::from_utf8_lossy(&b[d + 8..d + 8 + nwid_len]).into_owned();
        let mut attrs = vec![
            bsd_attr("IEEE80211_CHANNEL", 6, Value::U8(b[d])),
            bsd_attr("IEEE80211_FLAGS", 7, Value::U32(le32(b, d + 4))),
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

/// The fields of `rt_msghdr` the normalization uses, from either OS.
struct RtFields {
    index: u32,
    table: Option<u32>,
    priority: Option<u8>,
    addrs: u32,
    flags: u32,
    pid: u32,
    seq: u32,
    errno: i32,
    locks: u32,
    mtu: u32,
    expire: i64,
    hopcount: u32,
    ssthresh: u32,
    rtt: u32,
    rttvar: u32,
    hdrlen: usize,
}

struct IfaFields {
    addrs: u32,
    flags: u32,
    index: u32,
    metric: u32,
    hdrlen: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LinkState {
    Unknown,
    Down,
    Up,
}

/// FreeBSD: LINK_STATE_UNKNOWN 0, DOWN 1, UP 2.
fn freebsd_link_state(s: u8) -> LinkState {
    match s {
        1 => LinkState::Down,
        2 => LinkState::Up,
        _ => LinkState::Unknown,
    }
}

/// OpenBSD: UNKNOWN 0, INVALID 1, DOWN 2, KALIVE_DOWN 3, UP 4, HALF_DUPLEX 5, FULL_DUPLEX 6.
fn openbsd_link_state(s: u8) -> LinkState {
    match s {
        0 => LinkState::Unknown,
        4..=6 => LinkState::Up,
        _ => LinkState::Down,
    }
}

/// The counters of `if_data`, which sit at the same offsets from
/// `ifi_ipackets` (24 bytes into `if_data`) on FreeBSD and OpenBSD.
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
    /// Reads the counters of the `if_data` that starts at `d`.
    fn read(b: &[u8], d: usize) -> IfStats {
        IfStats {
            ipackets: le64(b, d + 24),
            ierrors: le64(b, d + 32),
            opackets: le64(b, d + 40),
            oerrors: le64(b, d + 48),
            collisions: le64(b, d + 56),
            ibytes: le64(b, d + 64),
            obytes: le64(b, d + 72),
            imcasts: le64(b, d + 80),
            iqdrops: le64(b, d + 96),
            oqdrops: le64(b, d + 104),
            noproto: le64(b, d + 112),
        }
    }
}

struct IfFields {
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

fn need(b: &[u8], len: usize, what: &str) -> Result<(), DecodeError> {
    if b.len() < len {
        return Err(DecodeError::truncated(what, 0, len, b.len()));
    }
    Ok(())
}

fn bsd_attr(name: &'static str, n: u16, value: Value) -> Attr {
    Attr::new(name, BSD_ATTR + n, value)
}

/// The normalized header: the message's own seq, pid and errno.
fn header(kind: u16, b: &[u8], seq: u32, pid: u32, errno: i32) -> Header {
    Header {
        length: b.len() as u32,
        kind,
        flags: 0,
        sequence_number: seq,
        pid,
        error: (errno != 0).then(|| HeaderError {
            errno,
            message: bsd_errno_text(errno).to_owned(),
        }),
    }
}

/// A message type we do not decode, kept whole.
fn raw_message(kind: u16, b: &[u8]) -> Message {
    let mut h = header(kind, b, 0, 0, 0);
    h.flags = b[3].into(); // the BSD type number, so it can be reported
    Message::new(h, Body::Raw(b.to_vec()), Vec::new())
}

/// errno text as the BSDs number them (1..=34 match Linux; the rest do not).
pub fn bsd_errno_text(errno: i32) -> &'static str {
    match errno {
        1 => "Operation not permitted",
        2 => "No such file or directory",
        3 => "No such process",
        12 => "Cannot allocate memory",
        13 => "Permission denied",
        16 => "Device busy",
        17 => "File exists",
        19 => "Operation not supported by device",
        22 => "Invalid argument",
        35 => "Resource temporarily unavailable",
        43 => "Protocol not supported",
        45 => "Operation not supported",
        47 => "Address family not supported by protocol family",
        48 => "Address already in use",
        49 => "Can't assign requested address",
        50 => "Network is down",
        51 => "Network is unreachable",
        55 => "No buffer space available",
        65 => "No route to host",
        e if (1..=34).contains(&e) => crate::common::error::errno_text(e),
        _ => "Unknown error",
    }
}

/// Walks a buffer of routing messages (a sysctl dump, or reads from a
/// routing socket). A message that fails to decode is reported and the walk
/// goes on; a framing error (zero or overlong `msglen`) ends it. Zero
/// padding at the end (sysctl buffers have it) ends the walk quietly.
pub struct BsdMessages<'a, 'd> {
    buf: &'a [u8],
    pos: usize,
    decoder: &'d mut Decoder,
    done: bool,
}

impl<'a, 'd> BsdMessages<'a, 'd> {
    pub fn new(buf: &'a [u8], decoder: &'d mut Decoder) -> BsdMessages<'a, 'd> {
        BsdMessages {
            buf,
            pos: 0,
            decoder,
            done: false,
        }
    }
}

impl Iterator for BsdMessages<'_, '_> {
    type Item = Result<Message, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let r = next_message(self.buf, &mut self.pos, self.decoder);
        if matches!(r, None | Some(Err(_))) && self.pos >= self.buf.len() {
            self.done = true;
        }
        r
    }
}

/// Decodes the message at `*pos` and moves past it. `None` at the end (or
/// at zero padding); a framing error moves `*pos` to the end, so the walk
/// stops there.
pub fn next_message(
    buf: &[u8],
    pos: &mut usize,
    decoder: &mut Decoder,
) -> Option<Result<Message, DecodeError>> {
    let rest = buf.get(*pos..).unwrap_or_default();
    if rest.iter().all(|&b| b == 0) {
        *pos = buf.len();
        return None;
    }
    let base = *pos;
    let framing = |e: DecodeError, pos: &mut usize| {
        *pos = buf.len();
        Some(Err(e))
    };
    if rest.len() < 4 {
        return framing(
            DecodeError::truncated("routing message header", base, 4, rest.len()),
            pos,
        );
    }
    let len = le16(rest, 0) as usize;
    if len < 4 {
        let reason = format!("msglen {len} is shorter than a header");
        return framing(
            DecodeError::new("routing message header", base, reason),
            pos,
        );
    }
    if len > rest.len() {
        let reason = format!("msglen {len} overruns the {} bytes left", rest.len());
        return framing(DecodeError::new("routing message", base, reason), pos);
    }
    *pos += len;
    Some(decoder.decode(&rest[..len]).map_err(|mut e| {
        e.offset += base;
        e
    }))
}

/// Decodes every message of a buffer with a fresh decoder.
pub fn decode_stream(layout: Layout, buf: &[u8]) -> Vec<Result<Message, DecodeError>> {
    let mut d = Decoder::new(layout);
    BsdMessages::new(buf, &mut d).collect()
}
