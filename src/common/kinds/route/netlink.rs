//! RTM_NEWROUTE and RTM_DELROUTE requests for a [`RouteSpec`]. Pure: names are
//! resolved through the caller's `Resolver`, so the bytes are checked against
//! `ip`'s on any OS; the spec's [`ChangeSpec::netlink`] calls it.

use std::net::IpAddr;

use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::common::message::*;
use crate::linux::change::{Resolver, ip_bytes, verb_flags};
use crate::linux::request::Request;

/// A gateway of the route's own family is RTA_GATEWAY; one of the other
/// family (an IPv6 next hop for an IPv4 route, `via inet6 ADDR`) is RTA_VIA,
/// `struct rtvia`: the family, then the address (as iproute2 sends it).
fn gateway_attr(r: Request, route_family: u8, g: IpAddr) -> Request {
    let family = family_of(g);
    if family == route_family || route_family == AF_UNSPEC {
        return r.attr(RTA_GATEWAY.number, &ip_bytes(g));
    }
    let mut via = u16::from(family).to_ne_bytes().to_vec();
    via.extend_from_slice(&ip_bytes(g));
    r.attr(RTA_VIA.number, &via)
}

/// RTM_NEWROUTE (add, replace, append, change) or RTM_DELROUTE, with
/// iproute2's defaults: protocol boot, main table, link scope for a route
/// through a device with no gateway; a delete matches any scope.
pub fn route_request(verb: Verb, spec: &RouteSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    if let Some(m) = &spec.mpls {
        return mpls_request(verb, spec, m, res, &what);
    }
    let family = spec.resolved_family().unwrap_or(AF_UNSPEC);
    let table = spec.resolved_table();
    let delete = verb == Verb::Delete;
    let kind = spec
        .kind
        .unwrap_or(if delete { RTN_UNSPEC } else { RTN_UNICAST });
    let scope = spec.scope.unwrap_or(if delete {
        RT_SCOPE_NOWHERE
    } else if family == AF_INET6 {
        // iproute_modify: IPv6 routes are always universe (the kernel
        // keeps no scope for them).
        RT_SCOPE_UNIVERSE
    } else if kind == RTN_LOCAL {
        RT_SCOPE_HOST
    } else if kind == RTN_UNICAST && spec.gateway.is_none() && spec.nexthops.is_empty() {
        RT_SCOPE_LINK
    } else {
        RT_SCOPE_UNIVERSE
    });
    let protocol = spec
        .protocol
        .unwrap_or(if delete { RTPROT_UNSPEC } else { RTPROT_BOOT });
    let h = RouteHeader {
        family,
        dst_len: spec.dst.map_or(0, |d| d.len),
        src_len: 0,
        tos: spec.tos,
        table: if table < 256 { table as u8 } else { 0 },
        proto: protocol,
        scope,
        kind,
        flags: if spec.onlink { RTNH_F_ONLINK } else { 0 },
    }
    .to_bytes();
    let msg = if delete { RTM_DELROUTE } else { RTM_NEWROUTE };
    let mut r = Request::new(msg, verb_flags(verb))
        .fixed(&h)
        .attr_u32(RTA_TABLE.number, table);
    if let Some(id) = spec.nhid {
        r = r.attr_u32(RTA_NH_ID.number, id);
    }
    if let Some(d) = spec.dst.filter(|d| d.len > 0) {
        r = r.attr(RTA_DST.number, &ip_bytes(d.addr));
    }
    if let Some(s) = spec.prefsrc {
        r = r.attr(RTA_PREFSRC.number, &ip_bytes(s));
    }
    if let Some(m) = spec.metric {
        r = r.attr_u32(RTA_PRIORITY.number, m);
    }
    if !spec.metrics.is_empty() {
        let mut metrics = spec.metrics.clone();
        metrics.sort_by_key(|(k, _)| *k);
        r = r.nested(RTA_METRICS.number, |mut r| {
            for (k, v) in metrics {
                r = r.attr_u32(k, v);
            }
            r
        });
    }
    if let Some(g) = spec.gateway {
        r = gateway_attr(r, family, g);
    }
    if let Some(p) = spec.pref {
        r = r.attr(RTA_PREF.number, &[p]);
    }
    if let Some(e) = spec.expires {
        r = r.attr_u32(RTA_EXPIRES.number, e);
    }
    if let Some(encap) = &spec.encap {
        r = encap_attrs(r, encap);
    }
    if let Some(dev) = &spec.dev {
        r = r.attr_u32(RTA_OIF.number, res.ifindex(dev, &what)?);
    }
    if !spec.nexthops.is_empty() {
        r = r.attr(RTA_MULTIPATH.number, &multipath(spec, family, res, &what)?);
    }
    Ok(r)
}

/// RTA_MULTIPATH's payload: one `struct rtnexthop` per path (length,
/// flags, weight - 1, device) and its attributes: an MPLS path's labels
/// (RTA_NEWDST) first, then its gateway (RTA_GATEWAY, or RTA_VIA of
/// another family), as iproute2's parse_one_nh adds them.
fn multipath(spec: &RouteSpec, family: u8, res: &mut dyn Resolver, what: &str) -> Result<Vec<u8>> {
    let mut hops = Vec::new();
    for hop in &spec.nexthops {
        let ifindex = match &hop.dev {
            Some(d) => res.ifindex(d, what)?,
            None => 0,
        };
        let mut attrs = Request::attrs();
        if !hop.labels.is_empty() {
            attrs = attrs.attr(RTA_NEWDST.number, &mpls_stack(&hop.labels));
        }
        if let Some(g) = hop.gateway {
            attrs = gateway_attr(attrs, family, g);
        }
        let attrs = attrs.into_attr_bytes();
        let len = (8 + attrs.len()) as u16;
        hops.extend_from_slice(&len.to_ne_bytes());
        hops.push(if hop.onlink { RTNH_F_ONLINK as u8 } else { 0 });
        hops.push((hop.weight - 1) as u8);
        hops.extend_from_slice(&ifindex.to_ne_bytes());
        hops.extend_from_slice(&attrs);
    }
    Ok(hops)
}

/// A label stack in network order, the last entry marked bottom of stack
/// (struct mpls_label: label << 12, S bit 0x100).
fn mpls_stack(labels: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(labels.len() * 4);
    for (i, l) in labels.iter().enumerate() {
        let bos = if i + 1 == labels.len() { 0x100 } else { 0 };
        out.extend_from_slice(&((l & 0xf_ffff) << 12 | bos).to_be_bytes());
    }
    out
}

/// RTA_ENCAP (flagged nested, as ip sends it) and RTA_ENCAP_TYPE, as
/// iproute2's lwt_parse_encap builds them.
fn encap_attrs(r: Request, encap: &RouteEncap) -> Request {
    match encap {
        RouteEncap::Ip {
            id,
            dst,
            src,
            tos,
            ttl,
        } => r
            .nested_flagged(RTA_ENCAP.number, |mut a| {
                a = a
                    .attr(LWTUNNEL_IP_ID.number, &id.to_be_bytes())
                    .attr(LWTUNNEL_IP_DST.number, &ip_bytes(*dst));
                if let Some(s) = src {
                    a = a.attr(LWTUNNEL_IP_SRC.number, &ip_bytes(*s));
                }
                if let Some(t) = tos {
                    a = a.attr(LWTUNNEL_IP_TOS.number, &[*t]);
                }
                if let Some(t) = ttl {
                    a = a.attr(LWTUNNEL_IP_TTL.number, &[*t]);
                }
                a
            })
            .attr(RTA_ENCAP_TYPE.number, &LWTUNNEL_ENCAP_IP.to_ne_bytes()),
        RouteEncap::Seg6 { mode, segments } => {
            // struct seg6_iptunnel_encap: the mode, then struct
            // ipv6_sr_hdr (type 4, routing) and the segments, last first.
            let n = segments.len();
            let last = n.saturating_sub(1) as u8;
            let mut srh = mode.to_ne_bytes().to_vec();
            srh.extend_from_slice(&[0, (n * 2) as u8, 4, last, last, 0, 0, 0]);
            for s in segments.iter().rev() {
                srh.extend_from_slice(&s.octets());
            }
            r.nested_flagged(RTA_ENCAP.number, |a| {
                a.attr(SEG6_IPTUNNEL_SRH.number, &srh)
            })
            .attr(RTA_ENCAP_TYPE.number, &LWTUNNEL_ENCAP_SEG6.to_ne_bytes())
        }
        // parse_encap_mpls: the label stack (bottom of stack marked), the TTL.
        RouteEncap::Mpls { labels, ttl } => r
            .nested_flagged(RTA_ENCAP.number, |a| {
                let a = a.attr(MPLS_IPTUNNEL_DST.number, &mpls_stack(labels));
                match ttl {
                    Some(t) => a.attr(MPLS_IPTUNNEL_TTL.number, &[*t]),
                    None => a,
                }
            })
            .attr(RTA_ENCAP_TYPE.number, &LWTUNNEL_ENCAP_MPLS.to_ne_bytes()),
        // parse_encap_ip6, words in this order.
        RouteEncap::Ip6 {
            id,
            dst,
            src,
            tc,
            hoplimit,
        } => r
            .nested_flagged(RTA_ENCAP.number, |mut a| {
                a = a
                    .attr(LWTUNNEL_IP6_ID.number, &id.to_be_bytes())
                    .attr(LWTUNNEL_IP6_DST.number, &dst.octets());
                if let Some(s) = src {
                    a = a.attr(LWTUNNEL_IP6_SRC.number, &s.octets());
                }
                if let Some(t) = tc {
                    a = a.attr(LWTUNNEL_IP6_TC.number, &[*t]);
                }
                if let Some(h) = hoplimit {
                    a = a.attr(LWTUNNEL_IP6_HOPLIMIT.number, &[*h]);
                }
                a
            })
            .attr(RTA_ENCAP_TYPE.number, &LWTUNNEL_ENCAP_IP6.to_ne_bytes()),
        // parse_encap_seg6local, words in this order.
        RouteEncap::Seg6Local {
            action,
            table,
            vrftable,
            nh4,
            nh6,
        } => r
            .nested_flagged(RTA_ENCAP.number, |mut a| {
                a = a.attr_u32(SEG6_LOCAL_ACTION.number, *action);
                if let Some(t) = table {
                    a = a.attr_u32(SEG6_LOCAL_TABLE.number, *t);
                }
                if let Some(t) = vrftable {
                    a = a.attr_u32(SEG6_LOCAL_VRFTABLE.number, *t);
                }
                if let Some(n) = nh4 {
                    a = a.attr(SEG6_LOCAL_NH4.number, &n.octets());
                }
                if let Some(n) = nh6 {
                    a = a.attr(SEG6_LOCAL_NH6.number, &n.octets());
                }
                a
            })
            .attr(RTA_ENCAP_TYPE.number, &LWTUNNEL_ENCAP_SEG6_LOCAL.to_ne_bytes()),
    }
}

/// An AF_MPLS route as `ip -f mpls route add|del` sends it
/// (iproute_modify): rtm_dst_len 20, the main table in the header and no
/// RTA_TABLE (rtm_to_route_config refuses attributes it does not know),
/// scope universe and type unicast even for a delete; then RTA_DST, the
/// outgoing labels (RTA_NEWDST), the next hop (RTA_VIA, any family) and
/// the device.
fn mpls_request(
    verb: Verb,
    spec: &RouteSpec,
    m: &super::spec::MplsRoute,
    res: &mut dyn Resolver,
    what: &str,
) -> Result<Request> {
    let delete = verb == Verb::Delete;
    let h = RouteHeader {
        family: AF_MPLS,
        dst_len: 20,
        src_len: 0,
        tos: 0,
        table: RT_TABLE_MAIN as u8,
        proto: spec
            .protocol
            .unwrap_or(if delete { RTPROT_UNSPEC } else { RTPROT_BOOT }),
        scope: RT_SCOPE_UNIVERSE,
        kind: RTN_UNICAST,
        flags: 0,
    }
    .to_bytes();
    let msg = if delete { RTM_DELROUTE } else { RTM_NEWROUTE };
    let mut r = Request::new(msg, verb_flags(verb))
        .fixed(&h)
        .attr(RTA_DST.number, &mpls_stack(&[m.label]));
    if !m.out.is_empty() {
        r = r.attr(RTA_NEWDST.number, &mpls_stack(&m.out));
    }
    if let Some(g) = spec.gateway {
        r = gateway_attr(r, AF_MPLS, g);
    }
    if let Some(dev) = &spec.dev {
        r = r.attr_u32(RTA_OIF.number, res.ifindex(dev, what)?);
    }
    if !spec.nexthops.is_empty() {
        r = r.attr(RTA_MULTIPATH.number, &multipath(spec, AF_MPLS, res, what)?);
    }
    Ok(r)
}
