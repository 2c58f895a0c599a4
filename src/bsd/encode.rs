//! Building routing-socket requests (RTM_ADD, RTM_DELETE, RTM_CHANGE,
//! RTM_GET) from the shared specs. Pure: bytes out, for any layout, so the
//! requests are checked on Linux by decoding them back and against what the
//! kernels' own code requires (`docs/bsd-audit.md` lists each rule and the
//! kernel function it comes from).

use std::net::{IpAddr, Ipv6Addr};

use super::layout::{
    BSD_AF_INET, BSD_AF_LINK, Layout, Os, RTM_VERSION, RTV_EXPIRE, RTV_MTU, ZoneStyle, field,
    freebsd, openbsd,
};
pub use super::layout::{
    RTA_DST, RTA_GATEWAY, RTA_IFP, RTA_NETMASK, RTF_BLACKHOLE, RTF_GATEWAY, RTF_HOST, RTF_LLINFO,
    RTF_LOCAL, RTF_REJECT, RTF_STATIC, RTF_UP, RTM_ADD, RTM_CHANGE, RTM_DELETE, RTM_GET,
};
use super::sockaddr::rounded;
use crate::common::change::{IpNet, NeighbourSpec, RouteSpec, Verb, family_of};
use crate::common::constants::*;
use crate::common::error::{Error, Result};

/// How long a neighbour that is not permanent lives, as arp(8)'s `temp`
/// does (`net.link.ether.inet.max_age`, 20 minutes).
pub const NEIGHBOUR_LIFETIME: i64 = 1200;

/// One routing-socket request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RtRequest {
    pub kind: u8,
    pub index: u16,
    pub flags: u32,
    /// Which flags an RTM_CHANGE sets (OpenBSD `rtm_fmask`).
    pub fmask: u32,
    /// FreeBSD: the FIB (SO_SETFIB on the socket); OpenBSD: `rtm_tableid`.
    pub table: u32,
    pub priority: u8,
    pub mtu: Option<u32>,
    /// `rmx_expire` (with RTV_EXPIRE in `rtm_inits`): 0 never, else the
    /// kernel clock second when the entry goes.
    pub expire: Option<i64>,
    /// (RTA bit, sockaddr bytes), in RTAX order.
    pub sockaddrs: Vec<(u32, Vec<u8>)>,
}

/// The clocks neighbour lifetimes are counted in: FreeBSD's `lla_rt_output`
/// compares `rmx_expire` with `time_uptime` (arp(8) adds to
/// CLOCK_MONOTONIC), OpenBSD's `rtm_setmetrics` converts it from wall time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clocks {
    pub monotonic: i64,
    pub wall: i64,
}

/// Whether an IPv6 address needs a zone (its interface) to mean anything:
/// link-local unicast, interface- and link-local multicast.
pub fn is_scoped(a: Ipv6Addr) -> bool {
    a.is_unicast_link_local() || matches!(a.segments()[0], 0xff01 | 0xff02)
}

/// A sockaddr for an IP address, as the layout's kernel wants it (no zone).
pub fn sockaddr_ip(layout: &Layout, a: IpAddr) -> Vec<u8> {
    match a {
        IpAddr::V4(v) => {
            let mut b = vec![16, BSD_AF_INET, 0, 0];
            b.extend_from_slice(&v.octets());
            b.resize(16, 0);
            b
        }
        IpAddr::V6(v) => {
            let mut b = vec![28, layout.af_inet6(), 0, 0, 0, 0, 0, 0];
            b.extend_from_slice(&v.octets());
            b.resize(28, 0);
            b
        }
    }
}

/// A sockaddr for an address on the routing socket, with the zone of a
/// scoped IPv6 address where each kernel looks for it: FreeBSD in
/// `sin6_scope_id` (`rt_xaddrs` calls `sa6_embedscope`), OpenBSD embedded
/// in address bytes 2-3 with `sin6_scope_id` 0 (KAME form, as its route(8)
/// and ndp(8) write it; `rtable_lookup` compares gateways byte for byte).
pub fn sockaddr_in_zone(layout: &Layout, a: IpAddr, zone: u32) -> Vec<u8> {
    let mut b = sockaddr_ip(layout, a);
    if let IpAddr::V6(v) = a
        && is_scoped(v)
    {
        let abi = layout.abi();
        match abi.zone {
            ZoneStyle::Embedded => b[10..12].copy_from_slice(&(zone as u16).to_be_bytes()),
            ZoneStyle::ScopeId => abi.put(field(24, 4), &mut b, zone.into()),
        }
    }
    b
}

/// The netmask of a prefix, as a whole sockaddr of its family.
pub fn sockaddr_mask(layout: &Layout, net: &IpNet) -> Vec<u8> {
    let mask = match net.addr {
        IpAddr::V4(_) => IpAddr::V4(
            u32::MAX
                .checked_shl(32 - u32::from(net.len))
                .unwrap_or(0)
                .into(),
        ),
        IpAddr::V6(_) => IpAddr::V6(
            u128::MAX
                .checked_shl(128 - u32::from(net.len))
                .unwrap_or(0)
                .into(),
        ),
    };
    sockaddr_ip(layout, mask)
}

/// How long a `sockaddr_dl` we send is: OpenBSD's `rtm_xaddrs` refuses
/// less than `sizeof(struct sockaddr_dl)` (32: `sdl_data[24]`) with
/// EINVAL; FreeBSD's `cleanup_xaddrs_gateway` takes 20 (its own route(8)
/// sends that much).
pub fn sockaddr_dl_len(layout: &Layout) -> usize {
    layout.abi().sockaddr_dl_len
}

/// A `sockaddr_dl` naming an interface by index (a route through a device,
/// RTA_IFP).
pub fn sockaddr_link(layout: &Layout, index: u16) -> Vec<u8> {
    sockaddr_link_addr(layout, index, &[])
}

/// A `sockaddr_dl` carrying a link-layer address on an interface (the
/// gateway of an ARP/NDP entry): `sdl_type` IFT_ETHER, no name.
pub fn sockaddr_link_addr(layout: &Layout, index: u16, lladdr: &[u8]) -> Vec<u8> {
    let mut b = vec![0, BSD_AF_LINK];
    b.extend_from_slice(&layout.abi().int_bytes(index.into(), 2));
    let ift = if lladdr.is_empty() { 0 } else { 6 };
    b.extend_from_slice(&[ift, 0, lladdr.len() as u8, 0]); // type, nlen, alen, slen
    b.extend_from_slice(lladdr);
    b.resize(b.len().max(sockaddr_dl_len(layout)), 0);
    b[0] = b.len() as u8;
    b
}

fn host_len(family: u8) -> u8 {
    if family == AF_INET6 { 128 } else { 32 }
}

/// The kernel's table for a Linux table id: FreeBSD FIB / OpenBSD rtable,
/// main (254) being 0. OpenBSD has 0 to 255 (`rtable_add`: RT_TABLEID_MAX).
pub fn bsd_table(layout: &Layout, table: Option<u32>, what: &str) -> Result<u32> {
    let t = table.filter(|t| *t != RT_TABLE_MAIN).unwrap_or(0);
    if layout.os == Os::OpenBsd && t > 255 {
        return Err(Error::invalid(
            what.to_owned(),
            "OpenBSD routing tables are 0 to 255",
        ));
    }
    Ok(t)
}

/// The zone a scoped address in a request gets: the device's index. An
/// address that needs one and has no device is refused (the kernels would
/// answer ENETUNREACH or pick an interface).
fn zone_for(a: IpAddr, ifindex: Option<u16>, what: &dyn Fn() -> String) -> Result<u32> {
    match (a, ifindex) {
        (IpAddr::V6(v), None) if is_scoped(v) => Err(Error::invalid(
            what(),
            format!("{v} is link-local: name its interface (dev)"),
        )),
        (_, i) => Ok(i.unwrap_or(0).into()),
    }
}

/// The request for a route change, `route add/delete/change` style. The
/// interface index comes from the caller (`if_nametoindex`). Replace is
/// sent as RTM_CHANGE; what to do when the route is missing is the
/// caller's (`ops::route`).
pub fn route_request(
    layout: &Layout,
    verb: Verb,
    spec: &RouteSpec,
    ifindex: Option<u16>,
) -> Result<RtRequest> {
    spec.validate(verb)?;
    let what = || spec.describe(verb);
    let on_openbsd = layout.os == Os::OpenBsd;
    let kind = match verb {
        Verb::Add | Verb::Append => RTM_ADD,
        Verb::Delete => RTM_DELETE,
        Verb::Change | Verb::Replace => RTM_CHANGE,
        Verb::Set => return Err(Error::invalid(what(), "routes take add, change or del")),
    };
    if spec.nhid.is_some() {
        return Err(Error::Unsupported(format!(
            "{}: nexthop objects on the BSDs",
            what()
        )));
    }
    if spec.mpls.is_some() {
        // FreeBSD has no MPLS; OpenBSD's mpls(4) routes carry a
        // sockaddr_mpls rtsock does not build.
        return Err(Error::Unsupported(format!(
            "{}: MPLS routes on the BSDs",
            what()
        )));
    }
    if !spec.nexthops.is_empty() {
        return Err(Error::Unsupported(format!(
            "{}: multipath through the routing socket",
            what()
        )));
    }
    let family = spec.resolved_family().unwrap_or(AF_INET);
    let dst = spec.dst_or_default();
    let mut flags = RTF_UP | RTF_STATIC;
    let host = dst.len == host_len(family);
    if host {
        flags |= RTF_HOST;
    }
    match spec.kind {
        Some(RTN_BLACKHOLE) => flags |= RTF_BLACKHOLE,
        Some(RTN_UNREACHABLE | RTN_PROHIBIT) => flags |= RTF_REJECT,
        None | Some(RTN_UNICAST) => {}
        Some(other) => {
            return Err(Error::Unsupported(format!(
                "{}: route type {} on a BSD",
                what(),
                route_type_name(other)
            )));
        }
    }
    let mut sockaddrs = vec![(
        RTA_DST,
        sockaddr_in_zone(layout, dst.addr, zone_for(dst.addr, ifindex, &what)?),
    )];
    let reject = flags & (RTF_BLACKHOLE | RTF_REJECT) != 0;
    let mut pin_device = None;
    match (spec.gateway, ifindex) {
        (Some(g), _) => {
            if family_of(g) != family_of(dst.addr) {
                return Err(Error::invalid(
                    what(),
                    "gateway family differs from the route",
                ));
            }
            flags |= RTF_GATEWAY;
            let zone = zone_for(g, ifindex, &what)?;
            sockaddrs.push((RTA_GATEWAY, sockaddr_in_zone(layout, g, zone)));
            // The kernels take the interface from RTA_IFP, never from
            // rtm_index (FreeBSD `rt_getifa_fib`, OpenBSD `rtm_getifa`).
            if kind != RTM_DELETE {
                pin_device = ifindex;
            }
        }
        // A delete names the route by prefix; the device is checked by
        // the caller (the kernels compare gateways byte for byte).
        (None, Some(_)) if kind == RTM_DELETE => {}
        (None, Some(i)) => {
            sockaddrs.push((RTA_GATEWAY, sockaddr_link(layout, i)));
            if on_openbsd && !host {
                flags |= openbsd::RTF_CLONING;
            }
        }
        // route(8) sends blackhole and reject routes through the loopback.
        (None, None) if reject && kind != RTM_DELETE => {
            let lo: IpAddr = if family == AF_INET6 {
                IpAddr::V6(1.into())
            } else {
                IpAddr::V4([127, 0, 0, 1].into())
            };
            flags |= RTF_GATEWAY;
            sockaddrs.push((RTA_GATEWAY, sockaddr_ip(layout, lo)));
        }
        (None, None) if kind == RTM_DELETE => {}
        (None, None) => {
            return Err(Error::invalid(
                what(),
                "needs a gateway (via) or a device (dev)",
            ));
        }
    }
    if !host {
        sockaddrs.push((RTA_NETMASK, sockaddr_mask(layout, &dst)));
    }
    if let Some(i) = pin_device {
        sockaddrs.push((RTA_IFP, sockaddr_link(layout, i)));
    }
    match (layout.os, verb) {
        (Os::FreeBsd, Verb::Delete) => flags |= freebsd::RTF_PINNED,
        (Os::OpenBsd, Verb::Append) => flags |= openbsd::RTF_MPATH,
        _ => {}
    }
    // OpenBSD's RTM_CHANGE sets only the flags in rtm_fmask (`rtm_output`).
    let fmask = if on_openbsd && kind == RTM_CHANGE {
        RTF_BLACKHOLE | RTF_REJECT | RTF_STATIC
    } else {
        0
    };
    let table = bsd_table(layout, spec.table, &what())?;
    let priority = match (layout.os, spec.metric) {
        (_, None) => 0,
        // `route_output`: 0 is "the default", 1 RTP_LOCAL, above 63 RTP_MAX.
        (Os::OpenBsd, Some(m @ 2..=63)) => m as u8,
        (Os::OpenBsd, Some(_)) => {
            return Err(Error::invalid(
                what(),
                "OpenBSD route priorities (metric) are 2 to 63",
            ));
        }
        (_, Some(_)) => {
            return Err(Error::Unsupported(format!(
                "{}: a metric (FreeBSD routes have none)",
                what()
            )));
        }
    };
    let mtu = spec.metrics.iter().find(|(k, _)| *k == 2).map(|(_, v)| *v);
    Ok(RtRequest {
        kind,
        index: ifindex.unwrap_or(0),
        flags,
        fmask,
        table,
        priority,
        mtu,
        expire: None,
        sockaddrs,
    })
}

/// RTM_GET of exactly one prefix (with its netmask, so neither kernel
/// falls back to the longest match): "is this route there, and where".
pub fn route_exact_get(layout: &Layout, dst: IpNet, table: u32, zone: u32) -> RtRequest {
    RtRequest {
        kind: RTM_GET,
        index: 0,
        flags: RTF_UP,
        fmask: 0,
        table,
        priority: 0,
        mtu: None,
        expire: None,
        sockaddrs: vec![
            (RTA_DST, sockaddr_in_zone(layout, dst.addr, zone)),
            (RTA_NETMASK, sockaddr_mask(layout, &dst)),
        ],
    }
}

/// An ARP/NDP entry as `arp -s` / `ndp -s` write it: RTM_ADD (or
/// RTM_CHANGE, RTM_DELETE) of a host route flagged RTF_LLINFO whose
/// gateway is the link-layer address. Bridge forwarding entries are not
/// routing-socket objects on the BSDs.
///
/// - FreeBSD's `lla_rt_output` takes RTM_ADD (which replaces) and
///   RTM_DELETE only, finds the interface through the gateway's
///   `sdl_index` alone (a delete without a gateway dereferences NULL), and
///   makes an entry static when `rmx_expire` is 0.
/// - OpenBSD stamps an entry added without RTV_EXPIRE as already expired
///   (`arp_rtrequest`); `arpcache` overwrites all but RTF_PERMANENT_ARP
///   entries; RTM_CHANGE changes flags only through `rtm_fmask`.
pub fn neighbour_request(
    layout: &Layout,
    verb: Verb,
    spec: &NeighbourSpec,
    ifindex: u16,
    now: Clocks,
) -> Result<RtRequest> {
    spec.validate(verb)?;
    let what = || spec.describe(verb);
    if spec.family == AF_BRIDGE {
        return Err(Error::Unsupported(format!(
            "{}: bridge FDB entries on a BSD",
            what()
        )));
    }
    if ifindex == 0 {
        return Err(Error::invalid(what(), "a neighbour needs its interface"));
    }
    let on_openbsd = layout.os == Os::OpenBsd;
    let dst = spec.dst.expect("validated");
    let kind = match verb {
        Verb::Add | Verb::Replace => RTM_ADD,
        Verb::Change if on_openbsd => RTM_CHANGE,
        Verb::Change => RTM_ADD,
        Verb::Delete => RTM_DELETE,
        _ => return Err(Error::invalid(what(), "neighbours take add, change or del")),
    };
    let mut flags = RTF_UP | RTF_HOST | RTF_LLINFO;
    let permanent = spec.resolved_state() & (NUD_PERMANENT | NUD_NOARP) != 0;
    if permanent && kind != RTM_DELETE {
        flags |= RTF_STATIC;
        if on_openbsd && family_of(dst) == AF_INET {
            flags |= openbsd::RTF_PERMANENT_ARP;
        }
    }
    let expire = match (kind, permanent, layout.os) {
        (RTM_DELETE, _, _) => None,
        (_, true, Os::OpenBsd) => Some(0),
        (_, true, _) => None,
        (_, false, Os::OpenBsd) => Some(now.wall + NEIGHBOUR_LIFETIME),
        (_, false, _) => Some(now.monotonic + NEIGHBOUR_LIFETIME),
    };
    let fmask = if kind == RTM_CHANGE {
        RTF_STATIC | openbsd::RTF_PERMANENT_ARP
    } else {
        0
    };
    let mut sockaddrs = vec![(RTA_DST, sockaddr_in_zone(layout, dst, ifindex.into()))];
    match (&spec.lladdr, kind) {
        (Some(l), RTM_ADD | RTM_CHANGE) => sockaddrs.push((
            RTA_GATEWAY,
            sockaddr_link_addr(layout, ifindex, l.as_bytes()),
        )),
        (None, RTM_ADD | RTM_CHANGE) => {
            return Err(Error::invalid(what(), "a neighbour entry needs lladdr"));
        }
        // FreeBSD needs the interface in a gateway even to delete.
        (_, _) if !on_openbsd => sockaddrs.push((RTA_GATEWAY, sockaddr_link(layout, ifindex))),
        // OpenBSD compares a delete's gateway with the stored one byte for
        // byte (the kernel rewrote its type): name the entry by address.
        _ => {}
    }
    Ok(RtRequest {
        kind,
        index: ifindex,
        flags,
        fmask,
        table: 0,
        priority: 0,
        mtu: None,
        expire,
        sockaddrs,
    })
}

/// RTM_GET for the route to one address (`route -n get`). FreeBSD answers
/// with the interface (RTA_IFP) and source address (RTA_IFA) only when the
/// request carries RTA_IFP (`update_rtm_from_rc`), so it does.
pub fn route_get_request(layout: &Layout, dst: IpAddr, zone: u32, table: u32) -> RtRequest {
    let mut sockaddrs = vec![(RTA_DST, sockaddr_in_zone(layout, dst, zone))];
    if layout.os == Os::FreeBsd {
        sockaddrs.push((RTA_IFP, sockaddr_link(layout, 0)));
    }
    RtRequest {
        kind: RTM_GET,
        index: 0,
        flags: RTF_UP | RTF_HOST,
        fmask: 0,
        table,
        priority: 0,
        mtu: None,
        expire: None,
        sockaddrs,
    }
}

impl RtRequest {
    /// The bytes to write to the routing socket.
    pub fn encode(&self, layout: &Layout, seq: u32) -> Vec<u8> {
        let abi = layout.abi();
        let rt = &abi.rt;
        let mut b = vec![0u8; rt.len];
        b[2] = RTM_VERSION;
        b[3] = self.kind;
        let addrs: u32 = self.sockaddrs.iter().map(|(bit, _)| bit).sum();
        let mut inits = 0;
        if self.mtu.is_some() {
            inits |= RTV_MTU;
        }
        if self.expire.is_some() {
            inits |= RTV_EXPIRE;
        }
        let mut put = |f, v: u64| abi.put(f, &mut b, v);
        if let Some(f) = abi.hdrlen {
            put(f, rt.len as u64);
        }
        put(rt.index, self.index.into());
        if let Some(f) = rt.table {
            put(f, self.table.into());
        }
        if let Some(f) = rt.priority {
            put(f, self.priority.into());
        }
        put(rt.flags, self.flags.into());
        if let Some(f) = rt.fmask {
            put(f, self.fmask.into());
        }
        put(rt.addrs, addrs.into());
        if let Some(f) = rt.seq {
            put(f, seq.into());
        }
        put(rt.inits, inits.into());
        if let Some(m) = self.mtu {
            put(rt.mtu, m.into());
        }
        if let Some(e) = self.expire {
            put(rt.expire, e as u64);
        }
        let align = layout.sockaddr_align();
        for (_, sa) in &self.sockaddrs {
            let start = b.len();
            b.extend_from_slice(sa);
            b.resize(start + rounded(sa.len(), align), 0);
        }
        let len = b.len() as u64;
        abi.put(field(0, 2), &mut b, len);
        b
    }
}

#[cfg(test)]
mod tests;
