//! FreeBSD's nexthop and nexthop-group records (sysctl NET_RT_NHOP and
//! NET_RT_NHGRP), normalized to RTM_NEWNEXTHOP as Linux reports nexthop
//! objects. Layouts from `sys/net/route/nhop.h`; the records are written
//! by `dump_nhop_entry` (nhop_ctl.c) and `dump_nhgrp_entry` (nhgrp_ctl.c):
//!
//! - a nexthop: `rt_msghdr` (RTM_GET, `rtm_flags` the route's RTF_*),
//!   `struct nhop_external` (`nh_len` bytes), `struct nhop_addrs` (8
//!   bytes: `na_len`, then the gateway's and the source's offsets from
//!   itself), the two sockaddrs at their own lengths, unpadded;
//! - a group: `rt_msghdr`, `struct nhgrp_external` (index, refcount), then
//!   two `struct nhgrp_container`s (length, count, type, subtype), the
//!   members (NHG_C_TYPE_CNHOPS) and the dataplane slots
//!   (NHG_C_TYPE_DNHOPS), each entry a nexthop index and a weight.

use std::net::IpAddr;

use super::super::layout::field;
use super::super::sockaddr::{RTAX_GATEWAY, RTAX_IFA, Sockaddr, decode_one};
use super::{Decoder, bsd_attr, header, need};
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::error::DecodeError;
use crate::common::kinds::nexthop::NexthopHeader;
use crate::common::message::{Body, Message};
use crate::common::value::{Attr, Value};

/// `sizeof(struct nhop_external)` on LP64 (amd64, arm64): `nh_pksent` is
/// 8-aligned at 40, `nh_prepend[64]` at 48, `nh_refcount` at 112.
const NHOP_EXTERNAL_LP64: usize = 120;
/// `sizeof(struct nhop_addrs)`.
const NHOP_ADDRS: usize = 8;
/// NHF_* (`sys/net/route.h`).
const NHF_REJECT: u32 = 0x0010;
const NHF_BLACKHOLE: u32 = 0x0020;
const NHF_GATEWAY: u32 = 0x0200;
/// `nhgrp_container.nhgc_type`: the members, then the dataplane slots.
const NHG_C_TYPE_CNHOPS: u8 = 1;
const NHG_C_TYPE_DNHOPS: u8 = 2;

impl Decoder {
    fn linux_family(&self, bsd: u8) -> u8 {
        match bsd {
            2 => AF_INET,
            f if f == self.layout.af_inet6() => AF_INET6,
            _ => AF_UNSPEC,
        }
    }

    /// One NET_RT_NHOP record.
    pub(super) fn nexthop(&mut self, b: &[u8]) -> Result<Message, DecodeError> {
        let abi = self.layout.abi();
        let rt = abi.rt.len;
        need(b, rt + 4, "nhop_external")?;
        let nh_len = abi.get32(field(rt, 4), b) as usize;
        if nh_len != NHOP_EXTERNAL_LP64 {
            return Err(DecodeError::new(
                "nhop_external",
                rt,
                format!("nh_len {nh_len}: only the {NHOP_EXTERNAL_LP64}-byte LP64 layout is known"),
            ));
        }
        let na = rt + nh_len;
        need(b, na + NHOP_ADDRS, "nhop_addrs")?;
        let u32_at = |off: usize| abi.get32(field(rt + off, 4), b);
        let u16_at = |off: usize| abi.get(field(rt + off, 2), b) as u16;
        let (idx, fib, ifindex, aifindex) = (u32_at(4), u32_at(8), u32_at(12), u32_at(16));
        let family = b[rt + 21];
        let (nh_type, mtu, nh_flags) = (u16_at(22), u16_at(24), u32::from(u16_at(26)));
        let pksent = abi.get(field(rt + 40, 8), b);
        let refcount = abi.get(field(rt + 112, 8), b);
        let rt_flags = abi.get32(abi.rt.flags, b);

        // The offsets in nhop_addrs count from nhop_addrs itself.
        let sockaddr_at = |off: usize, rtax: usize, what: &str| -> Result<Sockaddr, DecodeError> {
            let at = na + off;
            let len = usize::from(*b.get(at).unwrap_or(&0));
            if at + len > b.len() || len == 0 {
                return Err(DecodeError::truncated(
                    what.to_owned(),
                    at,
                    len.max(1),
                    b.len().saturating_sub(at),
                ));
            }
            decode_one(&b[at..at + len], rtax, &self.layout)
                .map_err(|reason| DecodeError::new(what.to_owned(), at, reason))
        };
        let gw_off = usize::from(abi.get(field(na + 4, 2), b) as u16);
        let src_off = usize::from(abi.get(field(na + 6, 2), b) as u16);
        let gateway = sockaddr_at(gw_off, RTAX_GATEWAY, "nexthop gateway")?;
        let source = sockaddr_at(src_off, RTAX_IFA, "nexthop source")?;
        let ip = |sa: &Sockaddr| match sa {
            Sockaddr::Inet(a) => Some(IpAddr::V4(*a)),
            Sockaddr::Inet6 { addr, .. } => Some(IpAddr::V6(*addr)),
            _ => None,
        };

        let via = (nh_flags & NHF_GATEWAY != 0)
            .then(|| ip(&gateway))
            .flatten();
        let h = NexthopHeader {
            family: self.linux_family(family),
            scope: if via.is_some() {
                RT_SCOPE_UNIVERSE
            } else {
                RT_SCOPE_LINK
            },
            ..NexthopHeader::default()
        };
        let mut attrs = vec![Attr::of(&NHA_ID, Value::U32(idx))];
        if nh_flags & NHF_BLACKHOLE != 0 {
            // Linux's blackhole nexthops name no device (FreeBSD's use lo0).
            attrs.push(Attr::of(&NHA_BLACKHOLE, Value::Flag));
        } else {
            attrs.push(Attr::of(&NHA_OIF, Value::U32(ifindex)));
        }
        if let Some(gw) = via {
            attrs.push(Attr::of(&NHA_GATEWAY, Value::Ip(gw)));
        }
        attrs.push(bsd_attr("NHA_BSD_FIB", 20, Value::U32(fib)));
        attrs.push(bsd_attr("NHA_BSD_FLAGS", 21, Value::U32(nh_flags)));
        attrs.push(bsd_attr("NHA_BSD_RTFLAGS", 22, Value::U32(rt_flags)));
        attrs.push(bsd_attr("NHA_BSD_TYPE", 23, Value::U16(nh_type)));
        attrs.push(bsd_attr("NHA_BSD_MTU", 24, Value::U16(mtu)));
        if let Some(src) = ip(&source) {
            attrs.push(bsd_attr("NHA_BSD_SOURCE", 25, Value::Ip(src)));
        }
        attrs.push(bsd_attr("NHA_BSD_AIFINDEX", 26, Value::U32(aifindex)));
        attrs.push(bsd_attr("NHA_BSD_REFCOUNT", 27, Value::U64(refcount)));
        attrs.push(bsd_attr("NHA_BSD_PKSENT", 28, Value::U64(pksent)));
        if nh_flags & NHF_REJECT != 0 {
            attrs.push(bsd_attr("NHA_BSD_REJECT", 29, Value::Flag));
        }
        Ok(Message::new(
            header(RTM_NEWNEXTHOP, b, 0, 0, 0),
            Body::Nexthop(h),
            attrs,
        ))
    }

    /// One NET_RT_NHGRP record: the group's members become NHA_GROUP (its
    /// weights as Linux stores them, less one, up to 65535) and, exactly,
    /// NHA_BSD_WEIGHTS; the dataplane's slots NHA_BSD_DATAPLANE.
    pub(super) fn nexthop_group(&mut self, b: &[u8]) -> Result<Message, DecodeError> {
        let abi = self.layout.abi();
        let rt = abi.rt.len;
        need(b, rt + 8, "nhgrp_external")?;
        let idx = abi.get32(field(rt, 4), b);
        let refcount = abi.get32(field(rt + 4, 4), b);
        let mut members = None;
        let mut slots = None;
        let mut at = rt + 8;
        while at < b.len() {
            need(&b[at..], 8, "nhgrp_container")?;
            let len = abi.get32(field(at, 4), b) as usize;
            let count = abi.get(field(at + 4, 2), b) as usize;
            let kind = b[at + 6];
            if len != 8 + 8 * count || at + len > b.len() {
                return Err(DecodeError::new(
                    "nhgrp_container",
                    at,
                    format!(
                        "length {len} for {count} entries ({} bytes left)",
                        b.len() - at
                    ),
                ));
            }
            let entries: Vec<(u32, u32)> = (0..count)
                .map(|i| {
                    let e = at + 8 + 8 * i;
                    (abi.get32(field(e, 4), b), abi.get32(field(e + 4, 4), b))
                })
                .collect();
            match kind {
                NHG_C_TYPE_CNHOPS => members = Some(entries),
                NHG_C_TYPE_DNHOPS => slots = Some(entries),
                // A container this decoder does not know: skipped.
                _ => {}
            }
            at += len;
        }
        let members = members.ok_or_else(|| {
            DecodeError::new(
                "nhgrp_external",
                rt,
                "no member container (NHG_C_TYPE_CNHOPS)",
            )
        })?;
        let group = members
            .iter()
            .map(|&(id, weight)| {
                // Saturated at 65535, the most `views::GroupMember` holds.
                let stored = weight.clamp(1, 0xffff) - 1;
                Value::Struct(vec![
                    ("id", Value::U32(id)),
                    ("weight", Value::U8(stored as u8)),
                    ("weight_high", Value::U8((stored >> 8) as u8)),
                ])
            })
            .collect();
        let mut attrs = vec![
            Attr::of(&NHA_ID, Value::U32(idx)),
            Attr::of(&NHA_GROUP, Value::List(group)),
            // NEXTHOP_GRP_TYPE_MPATH: hash-based multipath.
            Attr::of(&NHA_GROUP_TYPE, Value::U16(0)),
        ];
        if let Some(fib) = self.ctx.fib {
            attrs.push(bsd_attr("NHA_BSD_FIB", 20, Value::U32(fib)));
        }
        attrs.push(bsd_attr(
            "NHA_BSD_WEIGHTS",
            30,
            Value::List(members.iter().map(|&(_, w)| Value::U32(w)).collect()),
        ));
        if let Some(slots) = slots {
            attrs.push(bsd_attr(
                "NHA_BSD_DATAPLANE",
                31,
                Value::List(slots.iter().map(|&(id, _)| Value::U32(id)).collect()),
            ));
        }
        attrs.push(bsd_attr(
            "NHA_BSD_REFCOUNT",
            27,
            Value::U64(refcount.into()),
        ));
        Ok(Message::new(
            header(RTM_NEWNEXTHOP, b, 0, 0, 0),
            Body::Nexthop(NexthopHeader::default()),
            attrs,
        ))
    }
}
