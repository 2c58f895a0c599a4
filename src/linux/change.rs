//! Encoding change requests as rtnetlink messages. Pure code: interface
//! names and namespaces are resolved through a [`Resolver`] the caller
//! supplies, so the bytes can be checked against captures on any OS.
//!
//! Attribute order follows iproute2's where a capture shows it, so that a
//! request can be compared byte for byte with `ip`'s.

use std::net::IpAddr;

use super::request::Request;
use crate::common::api::Interface;
use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::common::message::{
    AddressHeader, LinkHeader, NeighbourHeader, NexthopHeader, RouteHeader, RuleHeader, TcHeader,
};

/// How the encoder turns names into what the kernel wants.
pub trait Resolver {
    /// The index of an interface; an error that names `what` when missing.
    fn ifindex(&mut self, dev: &Interface, what: &str) -> Result<u32>;
    /// A namespace as an open fd (kept open until the request is sent) or a pid.
    fn netns(&mut self, ns: &Netns, what: &str) -> Result<NetnsRef>;
}

/// A namespace as the kernel takes it in IFLA_NET_NS_FD.number / IFLA_NET_NS_PID.number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetnsRef {
    /// An open namespace file (IFLA_NET_NS_FD).
    Fd(i32),
    /// The namespace of a process (IFLA_NET_NS_PID).
    Pid(u32),
}

const FIB_RULE_INVERT: u32 = 2;

/// NLM_F_* for a verb (NLM_F_REQUEST | NLM_F_ACK always).
pub fn verb_flags(verb: Verb) -> u16 {
    NLM_F_REQUEST
        | NLM_F_ACK
        | match verb {
            Verb::Add => NLM_F_CREATE | NLM_F_EXCL,
            Verb::Replace => NLM_F_CREATE | NLM_F_REPLACE,
            Verb::Change => NLM_F_REPLACE,
            Verb::Append => NLM_F_CREATE | NLM_F_APPEND,
            Verb::Set | Verb::Delete => 0,
        }
}

fn ip_bytes(a: IpAddr) -> Vec<u8> {
    match a {
        IpAddr::V4(v) => v.octets().to_vec(),
        IpAddr::V6(v) => v.octets().to_vec(),
    }
}

fn ifinfomsg(index: u32, flags: u32, change: u32) -> [u8; LinkHeader::LEN] {
    LinkHeader {
        index,
        flags,
        change,
        ..LinkHeader::default()
    }
    .to_bytes()
}

fn netns_attr(r: Request, ns: NetnsRef) -> Request {
    match ns {
        NetnsRef::Fd(fd) => r.attr_u32(IFLA_NET_NS_FD.number, fd as u32),
        NetnsRef::Pid(pid) => r.attr_u32(IFLA_NET_NS_PID.number, pid),
    }
}

/// RTM_NEWLINK (add, set) or RTM_DELLINK. Tun and tap devices are made
/// through /dev/net/tun, not here.
pub fn link_request(verb: Verb, spec: &LinkSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let (flags, change) = spec.flag_change();
    // A new link is named; an existing one is found by index.
    let (index, name) = match (&spec.dev, verb) {
        (Some(Interface::Name(n)), Verb::Add) => (0, Some(n.as_str())),
        (Some(dev), _) => (res.ifindex(dev, &what)?, None),
        (None, _) => (0, None),
    };
    if verb == Verb::Delete {
        return Ok(Request::new(RTM_DELLINK, verb_flags(verb)).fixed(&ifinfomsg(index, 0, 0)));
    }
    let mut r = Request::new(RTM_NEWLINK, verb_flags(verb)).fixed(&ifinfomsg(index, flags, change));
    if let Some(parent) = &spec.link
        && !matches!(spec.kind, Some(LinkKind::Vxlan(_)))
    {
        r = r.attr_u32(IFLA_LINK.number, res.ifindex(parent, &what)?);
    }
    if let Some(n) = name.or(spec.rename.as_deref()) {
        r = r.attr_str(IFLA_IFNAME.number, n);
    }
    if let Some(a) = &spec.address {
        r = r.attr(IFLA_ADDRESS.number, a.as_bytes());
    }
    if let Some(m) = spec.mtu {
        r = r.attr_u32(IFLA_MTU.number, m);
    }
    if let Some(q) = spec.txqlen {
        r = r.attr_u32(IFLA_TXQLEN.number, q);
    }
    if let Some(m) = &spec.master {
        r = r.attr_u32(IFLA_MASTER.number, res.ifindex(m, &what)?);
    } else if spec.nomaster {
        r = r.attr_u32(IFLA_MASTER.number, 0);
    }
    if let Some(ns) = &spec.netns {
        r = netns_attr(r, res.netns(ns, &what)?);
    }
    if let Some(a) = &spec.alias {
        // Without a NUL, as iproute2 sends it.
        r = r.attr(IFLA_IFALIAS.number, a.as_bytes());
    }
    if let Some(g) = spec.group {
        r = r.attr_u32(IFLA_GROUP.number, g);
    }
    if let Some(n) = spec.gso_max_size {
        r = r.attr_u32(IFLA_GSO_MAX_SIZE.number, n);
    }
    if let Some(n) = spec.gro_max_size {
        r = r.attr_u32(IFLA_GRO_MAX_SIZE.number, n);
    }
    if let Some(mode) = spec.addrgenmode {
        // IFLA_AF_SPEC { AF_INET6 { IFLA_INET6_ADDR_GEN_MODE } }, as ip nests it.
        r = r.nested(IFLA_AF_SPEC.number, |r| {
            r.nested(u16::from(AF_INET6), |r| {
                r.attr(IFLA_INET6_ADDR_GEN_MODE.number, &[mode])
            })
        });
    }
    if let Some(kind) = &spec.kind {
        let data = link_info_data(kind, spec, res, &what)?;
        r = r.nested(IFLA_LINKINFO.number, |r| {
            // Without a NUL, as iproute2 sends it (NLA_STRING takes either).
            let r = r.attr(IFLA_INFO_KIND.number, kind.name().as_bytes());
            match data {
                Some(d) => r.nested(IFLA_INFO_DATA.number, |r| r.raw(&d)),
                None => r,
            }
        });
    }
    Ok(r)
}

/// The IFLA_INFO_DATA.number attributes of a kind, as raw attribute bytes.
fn link_info_data(
    kind: &LinkKind,
    spec: &LinkSpec,
    res: &mut dyn Resolver,
    what: &str,
) -> Result<Option<Vec<u8>>> {
    let a = Request::attrs();
    let out = match kind {
        LinkKind::Veth { peer, peer_netns } => {
            let ns = match peer_netns {
                Some(ns) => Some(res.netns(ns, what)?),
                None => None,
            };
            a.nested(VETH_INFO_PEER.number, |r| {
                let r = r
                    .raw(&ifinfomsg(0, 0, 0))
                    .attr_str(IFLA_IFNAME.number, peer);
                match ns {
                    Some(ns) => netns_attr(r, ns),
                    None => r,
                }
            })
        }
        LinkKind::Vlan { id, protocol } => a
            .attr(
                IFLA_VLAN_PROTOCOL.number,
                &protocol.ethertype().to_be_bytes(),
            )
            .attr(IFLA_VLAN_ID.number, &id.to_ne_bytes()),
        LinkKind::Macvlan { mode } | LinkKind::Macvtap { mode } => {
            a.attr_u32(IFLA_MACVLAN_MODE.number, *mode as u32)
        }
        LinkKind::Vxlan(v) => vxlan_data(a, v, spec, res, what)?,
        LinkKind::Bond { mode: Some(m) } => a.attr(IFLA_BOND_MODE.number, &[*m]),
        _ => return Ok(None),
    };
    Ok(Some(out.into_attr_bytes()))
}

fn vxlan_data(
    mut a: Request,
    v: &Vxlan,
    spec: &LinkSpec,
    res: &mut dyn Resolver,
    what: &str,
) -> Result<Request> {
    // IFLA_VXLAN_*, in the order iproute2 sends them.
    a = a.attr_u32(IFLA_VXLAN_ID.number, v.id);
    if let Some(g) = v.group {
        let key = if g.is_ipv4() {
            IFLA_VXLAN_GROUP
        } else {
            IFLA_VXLAN_GROUP6
        };
        a = a.attr(key.number, &ip_bytes(g));
    }
    if let Some(l) = v.local {
        let key = if l.is_ipv4() {
            IFLA_VXLAN_LOCAL
        } else {
            IFLA_VXLAN_LOCAL6
        };
        a = a.attr(key.number, &ip_bytes(l));
    }
    if let Some(dev) = &spec.link {
        a = a.attr_u32(IFLA_VXLAN_LINK.number, res.ifindex(dev, what)?);
    }
    let opts = [
        (IFLA_VXLAN_TTL, v.ttl),
        (IFLA_VXLAN_TOS, v.tos),
        (IFLA_VXLAN_LEARNING, v.learning.map(u8::from)),
        (IFLA_VXLAN_PROXY, v.proxy.map(u8::from)),
        (IFLA_VXLAN_RSC, v.rsc.map(u8::from)),
        (IFLA_VXLAN_L2MISS, v.l2miss.map(u8::from)),
        (IFLA_VXLAN_L3MISS, v.l3miss.map(u8::from)),
    ];
    for (key, value) in opts {
        if let Some(x) = value {
            a = a.attr(key.number, &[x]);
        }
    }
    if let Some((lo, hi)) = v.port_range {
        let mut b = lo.to_be_bytes().to_vec();
        b.extend_from_slice(&hi.to_be_bytes());
        a = a.attr(IFLA_VXLAN_PORT_RANGE.number, &b);
    }
    if let Some(p) = v.port {
        a = a.attr(IFLA_VXLAN_PORT.number, &p.to_be_bytes());
    }
    Ok(a)
}

/// The scope `ip` gives an address it is not told the scope of.
fn default_address_scope(a: IpAddr) -> u8 {
    match a {
        IpAddr::V4(v) if v.is_loopback() => RT_SCOPE_HOST,
        IpAddr::V6(v) if v.is_loopback() => RT_SCOPE_HOST,
        IpAddr::V6(v) if is_link_local(&v) => RT_SCOPE_LINK,
        _ => RT_SCOPE_UNIVERSE,
    }
}

/// RTM_NEWADDR (add, replace) or RTM_DELADDR.
pub fn address_request(verb: Verb, spec: &AddressSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let index = res.ifindex(&spec.dev, &what)?;
    let mut flags = 0u32;
    if spec.nodad {
        flags |= IFA_F_NODAD;
    }
    if spec.noprefixroute {
        flags |= IFA_F_NOPREFIXROUTE;
    }
    let scope = match (spec.scope, verb) {
        (Some(s), _) => s,
        (None, Verb::Delete) => 0,
        (None, _) => default_address_scope(spec.local.addr),
    };
    let h = AddressHeader {
        family: spec.family(),
        prefixlen: spec.prefixlen(),
        flags: (flags & 0xff) as u8,
        scope,
        index,
    }
    .to_bytes();
    let kind = if verb == Verb::Delete {
        RTM_DELADDR
    } else {
        RTM_NEWADDR
    };
    let local = ip_bytes(spec.local.addr);
    let mut r = Request::new(kind, verb_flags(verb))
        .fixed(&h)
        .attr(IFA_LOCAL.number, &local);
    r = match spec.peer {
        Some(p) => r.attr(IFA_ADDRESS.number, &ip_bytes(p.addr)),
        None => r.attr(IFA_ADDRESS.number, &local),
    };
    if verb == Verb::Delete {
        return Ok(r);
    }
    if let Some(b) = spec.broadcast_addr() {
        r = r.attr(IFA_BROADCAST.number, &b.octets());
    }
    if let Some(l) = &spec.label {
        r = r.attr_str(IFA_LABEL.number, l);
    }
    if spec.valid_lft.is_some() || spec.preferred_lft.is_some() {
        let valid = spec.valid_lft.unwrap_or(INFINITY_LIFE_TIME);
        let preferred = spec.preferred_lft.unwrap_or(INFINITY_LIFE_TIME);
        if preferred > valid {
            return Err(crate::Error::invalid(
                what,
                "preferred_lft is greater than valid_lft (an unset lifetime is forever)",
            ));
        }
        let mut ci = Vec::with_capacity(16);
        for v in [preferred, valid, 0, 0] {
            ci.extend_from_slice(&v.to_ne_bytes());
        }
        r = r.attr(IFA_CACHEINFO.number, &ci);
    }
    if flags != 0 {
        r = r.attr_u32(IFA_FLAGS.number, flags);
    }
    if let Some(m) = spec.metric {
        r = r.attr_u32(IFA_RT_PRIORITY.number, m);
    }
    if let Some(p) = spec.protocol {
        r = r.attr(IFA_PROTO.number, &[p]);
    }
    Ok(r)
}

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
    let family = spec.resolved_family().unwrap_or(AF_UNSPEC);
    let table = spec.resolved_table();
    let delete = verb == Verb::Delete;
    let kind = spec
        .kind
        .unwrap_or(if delete { RTN_UNSPEC } else { RTN_UNICAST });
    let scope = spec.scope.unwrap_or(if delete {
        RT_SCOPE_NOWHERE
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
    if let Some(dev) = &spec.dev {
        r = r.attr_u32(RTA_OIF.number, res.ifindex(dev, &what)?);
    }
    if !spec.nexthops.is_empty() {
        let mut hops = Vec::new();
        for hop in &spec.nexthops {
            let ifindex = match &hop.dev {
                Some(d) => res.ifindex(d, &what)?,
                None => 0,
            };
            let mut attrs = Request::attrs();
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
        r = r.attr(RTA_MULTIPATH.number, &hops);
    }
    Ok(r)
}

/// RTM_NEWNEIGH or RTM_DELNEIGH, for ARP/NDP entries and bridge FDB entries.
pub fn neighbour_request(
    verb: Verb,
    spec: &NeighbourSpec,
    res: &mut dyn Resolver,
) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let index = res.ifindex(&spec.dev, &what)?;
    let state = if verb == Verb::Delete && spec.family != AF_BRIDGE {
        0
    } else {
        spec.resolved_state()
    };
    let h = NeighbourHeader {
        family: spec.family,
        ifindex: index,
        state,
        flags: spec.flags,
        ndm_type: 0,
    }
    .to_bytes();
    let kind = if verb == Verb::Delete {
        RTM_DELNEIGH
    } else {
        RTM_NEWNEIGH
    };
    let mut r = Request::new(kind, verb_flags(verb)).fixed(&h);
    if let Some(d) = spec.dst {
        r = r.attr(NDA_DST.number, &ip_bytes(d));
    }
    if let Some(l) = &spec.lladdr {
        r = r.attr(NDA_LLADDR.number, l.as_bytes());
    }
    if let Some(v) = spec.vlan {
        r = r.attr(NDA_VLAN.number, &v.to_ne_bytes());
    }
    Ok(r)
}

/// RTM_NEWQDISC (add, replace, change) or RTM_DELQDISC, byte for byte as
/// `tc qdisc` sends them: TCA_KIND with its NUL, then TCA_OPTIONS as each
/// kind's parser writes it (a bare `tc_fifo_qopt` for the FIFOs, a nest
/// holding TCA_HTB_INIT for htb, nothing for ingress and clsact).
pub fn qdisc_request(verb: Verb, spec: &QdiscSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let h = TcHeader {
        index: res.ifindex(&spec.dev, &what)?,
        handle: spec.handle,
        parent: spec.parent,
        ..TcHeader::default()
    };
    let (kind, flags) = match verb {
        Verb::Delete => (RTM_DELQDISC, NLM_F_REQUEST | NLM_F_ACK),
        // tc_qdisc_modify's `change` asks for neither CREATE nor REPLACE.
        Verb::Change => (RTM_NEWQDISC, NLM_F_REQUEST | NLM_F_ACK),
        v => (RTM_NEWQDISC, verb_flags(v)),
    };
    let mut r = Request::new(kind, flags).fixed(&h.to_bytes());
    let Some(k) = &spec.kind else {
        return Ok(r);
    };
    r = r.attr_str(TCA_KIND.number, k.name());
    match k {
        QdiscKind::Pfifo { limit: Some(l) } | QdiscKind::Bfifo { limit: Some(l) } => {
            r = r.attr_u32(TCA_OPTIONS.number, *l);
        }
        QdiscKind::Htb { default_class, r2q } => {
            let mut glob = Vec::with_capacity(20);
            // struct tc_htb_glob: version 3 (TC_HTB_PROTOVER), r2q, defcls,
            // debug, direct_pkts.
            for v in [3, *r2q, *default_class, 0, 0] {
                glob.extend_from_slice(&v.to_ne_bytes());
            }
            r = r.nested(TCA_OPTIONS.number, |r| r.attr(TCA_HTB_INIT.number, &glob));
        }
        _ => {}
    }
    Ok(r)
}

/// RTM_NEWNEXTHOP or RTM_DELNEXTHOP, as `ip nexthop` builds them
/// (iproute2 `ipnh_modify`): a group's weights go as weight minus one.
pub fn nexthop_request(verb: Verb, spec: &NexthopSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let delete = verb == Verb::Delete;
    let h = NexthopHeader {
        family: if delete { AF_UNSPEC } else { spec.family() },
        protocol: spec.protocol.unwrap_or(0),
        flags: if spec.onlink { RTNH_F_ONLINK } else { 0 },
        ..NexthopHeader::default()
    };
    let kind = if delete {
        RTM_DELNEXTHOP
    } else {
        RTM_NEWNEXTHOP
    };
    let mut r = Request::new(kind, verb_flags(verb)).fixed(&h.to_bytes());
    if let Some(id) = spec.id.filter(|&id| id > 0) {
        r = r.attr_u32(NHA_ID.number, id);
    }
    if delete {
        return Ok(r);
    }
    if !spec.group.is_empty() {
        let mut members = Vec::with_capacity(spec.group.len() * 8);
        for &(id, weight) in &spec.group {
            members.extend_from_slice(&id.to_ne_bytes());
            let w = weight - 1;
            members.extend_from_slice(&[(w & 0xff) as u8, (w >> 8) as u8, 0, 0]);
        }
        r = r.attr(NHA_GROUP.number, &members);
        if let Some(buckets) = spec.resilient_buckets {
            r = r
                .attr(NHA_GROUP_TYPE.number, &1u16.to_ne_bytes())
                .nested_flagged(NHA_RES_GROUP.number, |n| {
                    n.attr(NHA_RES_GROUP_BUCKETS.number, &buckets.to_ne_bytes())
                });
        }
    }
    if spec.blackhole {
        r = r.attr(NHA_BLACKHOLE.number, &[]);
    }
    if let Some(dev) = &spec.dev {
        r = r.attr_u32(NHA_OIF.number, res.ifindex(dev, &what)?);
    }
    if let Some(g) = spec.gateway {
        r = r.attr(NHA_GATEWAY.number, &ip_bytes(g));
    }
    if spec.fdb {
        r = r.attr(NHA_FDB.number, &[]);
    }
    Ok(r)
}

/// RTM_NEWRULE or RTM_DELRULE. A new rule looks up the main table unless
/// told otherwise, as with `ip rule add`.
pub fn rule_request(verb: Verb, spec: &RuleSpec) -> Result<Request> {
    spec.validate(verb)?;
    let add = verb == Verb::Add;
    let action = spec
        .action
        .unwrap_or(if add { FR_ACT_TO_TBL } else { FR_ACT_UNSPEC });
    // An l3mdev rule looks up the VRF's table: it takes none (the kernel
    // refuses both), so main is the default only for the others.
    let table = spec
        .table
        .or((add && action == FR_ACT_TO_TBL && !spec.l3mdev).then_some(RT_TABLE_MAIN));
    let h = RuleHeader {
        family: spec.resolved_family(),
        dst_len: spec.dst.map_or(0, |p| p.len),
        src_len: spec.src.map_or(0, |p| p.len),
        tos: spec.tos,
        table: match table {
            Some(t) if t < 256 => t as u8,
            _ => 0,
        },
        action,
        flags: if spec.invert { FIB_RULE_INVERT } else { 0 },
    }
    .to_bytes();
    let kind = if add { RTM_NEWRULE } else { RTM_DELRULE };
    let mut r = Request::new(kind, verb_flags(verb)).fixed(&h);
    if let Some(t) = table {
        r = r.attr_u32(FRA_TABLE.number, t);
    }
    if let Some(p) = spec.priority {
        r = r.attr_u32(FRA_PRIORITY.number, p);
    }
    if let Some(p) = spec.src {
        r = r.attr(FRA_SRC.number, &ip_bytes(p.addr));
    }
    if let Some(p) = spec.dst {
        r = r.attr(FRA_DST.number, &ip_bytes(p.addr));
    }
    if let Some(i) = &spec.iif {
        r = r.attr_str(FRA_IIFNAME.number, i);
    }
    if let Some(o) = &spec.oif {
        r = r.attr_str(FRA_OIFNAME.number, o);
    }
    if let Some(m) = spec.fwmark {
        r = r.attr_u32(FRA_FWMARK.number, m);
    }
    if let Some(m) = spec.fwmask {
        r = r.attr_u32(FRA_FWMASK.number, m);
    }
    if let Some(g) = spec.goto {
        r = r.attr_u32(FRA_GOTO.number, g);
    }
    if let Some(n) = spec.suppress_prefixlength {
        r = r.attr_u32(FRA_SUPPRESS_PREFIXLEN.number, n);
    }
    if let Some(n) = spec.suppress_ifgroup {
        r = r.attr_u32(FRA_SUPPRESS_IFGROUP.number, n);
    }
    if spec.l3mdev {
        r = r.attr(FRA_L3MDEV.number, &[1]);
    }
    if let Some((a, b)) = spec.uid_range {
        let mut range = a.to_ne_bytes().to_vec();
        range.extend_from_slice(&b.to_ne_bytes());
        r = r.attr(FRA_UID_RANGE.number, &range);
    }
    if let Some(p) = spec.protocol {
        r = r.attr(FRA_PROTOCOL.number, &[p]);
    }
    if let Some(p) = spec.ip_proto {
        r = r.attr(FRA_IP_PROTO.number, &[p]);
    }
    for (key, range) in [(FRA_SPORT_RANGE, spec.sport), (FRA_DPORT_RANGE, spec.dport)] {
        if let Some((a, b)) = range {
            let mut bytes = a.to_ne_bytes().to_vec();
            bytes.extend_from_slice(&b.to_ne_bytes());
            r = r.attr(key.number, &bytes);
        }
    }
    Ok(r)
}
