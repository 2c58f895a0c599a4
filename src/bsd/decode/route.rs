//! `rt_msghdr` messages: routes, and the ARP/NDP entries the BSDs keep in
//! the routing table, which become neighbours.

use std::net::IpAddr;

use super::super::layout::{
    RTF_BLACKHOLE, RTF_BROADCAST, RTF_DYNAMIC, RTF_GATEWAY, RTF_HOST, RTF_LLINFO, RTF_LOCAL,
    RTF_REJECT, RTF_STATIC, RtMsghdr,
};
use super::super::sockaddr::*;
use super::{Decoder, bsd_attr, header, need};
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::error::DecodeError;
use crate::common::message::{Body, Message, NeighbourHeader, RouteHeader};
use crate::common::value::{Attr, Value};

/// The fields of `rt_msghdr` the normalization uses, from any OS.
pub(super) struct RtFields {
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
    nhidx: u32,
    hdrlen: usize,
}

impl Decoder {
    /// Reads `rt` (the ABI's `rt_msghdr` or Darwin's `rt_msghdr2`) from
    /// `b`; `declared` is the header length the message states, if its OS
    /// states one.
    pub(super) fn rt_fields(
        &self,
        rt: &RtMsghdr,
        b: &[u8],
        declared: Option<usize>,
    ) -> Result<RtFields, DecodeError> {
        let abi = self.layout.abi();
        need(b, rt.len, "rt_msghdr")?;
        let get = |f| abi.get32(f, b);
        let opt = |f: Option<_>| f.map_or(0, get);
        Ok(RtFields {
            index: get(rt.index),
            // FreeBSD says the FIB by the socket option a dump was read with.
            table: rt.table.map(get).or(self.ctx.fib),
            priority: rt.priority.map(|f| get(f) as u8),
            addrs: get(rt.addrs),
            flags: get(rt.flags),
            pid: opt(rt.pid),
            seq: opt(rt.seq),
            errno: opt(rt.errno) as i32,
            locks: get(rt.locks),
            mtu: get(rt.mtu),
            hopcount: get(rt.hopcount),
            expire: abi.get(rt.expire, b) as i64,
            ssthresh: get(rt.ssthresh),
            rtt: get(rt.rtt),
            rttvar: get(rt.rttvar),
            nhidx: opt(rt.nhidx),
            hdrlen: declared.map_or(rt.len, |d| d.max(rt.len)),
        })
    }

    /// RTM_ADD/DELETE/CHANGE/GET and friends: a route, or a neighbour when
    /// it is an ARP/NDP entry (RTF_LLINFO with a link-layer gateway).
    /// `kind` and `hflags` are the normalized type and netlink flags the
    /// ABI's type table gives; `resolves` marks OpenBSD's RTM_RESOLVE.
    pub(super) fn route(
        &mut self,
        (kind, hflags, resolves): (u16, u16, bool),
        h: RtFields,
        b: &[u8],
    ) -> Result<Message, DecodeError> {
        let abi = self.layout.abi();
        let slots = self.sockaddrs(b, h.hdrlen, h.addrs)?;
        let get = |rtax| slots.iter().find(|s| s.rtax == rtax).map(|s| &s.sa);
        let dst = get(RTAX_DST);
        let family = dst
            .and_then(|d| self.family(d))
            .or_else(|| get(RTAX_GATEWAY).and_then(|g| self.family(g)))
            .unwrap_or(AF_UNSPEC);
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
        let resolved = resolves;
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
        let multicast = abi.rtf.multicast;
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
        if abi.rtf.cloned.is_some_and(|c| h.flags & c != 0) {
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
        // FreeBSD: the nexthop a NET_RT_NHOP dump lists with this id.
        if h.nhidx != 0 {
            attrs.push(Attr::of(&RTA_NH_ID, Value::U32(h.nhidx)));
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
}
