//! RTM_NEWLINK and RTM_DELLINK requests for a [`LinkSpec`], with each link
//! kind's IFLA_INFO_DATA. Pure: names are resolved through the caller's
//! `Resolver`, so the bytes are checked against `ip`'s on any OS; the spec's
//! [`ChangeSpec::netlink`] calls it.


use crate::common::api::Interface;
use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::{Error, Result};
use crate::common::message::*;
use crate::linux::change::{NetnsRef, Resolver, ip_bytes, verb_flags};
use crate::linux::request::Request;

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
    if !spec.groups.is_empty() {
        return Err(Error::Unsupported(format!(
            "{what}: named interface groups on Linux (its groups are numbers: group N)"
        )));
    }
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
    // VXLAN, XFRM and the IP tunnels take their underlying device in
    // their own data.
    if let Some(parent) = &spec.link
        && !matches!(spec.kind, Some(LinkKind::Vxlan(_) | LinkKind::Xfrm { .. }))
        && spec.kind.as_ref().and_then(LinkKind::ip_tunnel).is_none()
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
    if let Some(port) = &spec.bridge_port {
        // ip's `type bridge_slave`: the kind without a NUL, the port's
        // attributes as slave data.
        r = r.nested(IFLA_LINKINFO.number, |r| {
            r.attr(IFLA_INFO_KIND.number, b"bridge_slave")
                .nested(IFLA_INFO_SLAVE_DATA.number, |mut r| {
                    for (key, value) in port.attributes() {
                        r = r.attr(key.number, &value);
                    }
                    r
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
    // ip adds IFLA_INFO_DATA only when words follow the kind.
    let bare = |t: &super::tunnel::IpTunnel| {
        *t == super::tunnel::IpTunnel::default() && spec.link.is_none()
    };
    if kind.ip_tunnel().is_some_and(bare) {
        return Ok(None);
    }
    let out = match kind {
        LinkKind::Macsec(m) if *m == super::tunnel::Macsec::default() => return Ok(None),
        LinkKind::Netkit(n) if *n == super::spec::Netkit::default() => return Ok(None),
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
        LinkKind::Netkit(n) => netkit_data(a, n),
        LinkKind::Bond { mode: Some(m) } => a.attr(IFLA_BOND_MODE.number, &[*m]),
        LinkKind::Geneve(g) => geneve_data(a, g),
        // ipvlan_parse_opt sends the mode and the flags, always.
        LinkKind::Ipvlan { mode, flags } | LinkKind::Ipvtap { mode, flags } => a
            .attr(IFLA_IPVLAN_MODE.number, &mode.to_ne_bytes())
            .attr(IFLA_IPVLAN_FLAGS.number, &flags.to_ne_bytes()),
        LinkKind::Vrf { table } => a.attr_u32(IFLA_VRF_TABLE.number, *table),
        // xfrm_parse_opt: the id, then the device.
        LinkKind::Xfrm { if_id } => {
            let a = a.attr_u32(IFLA_XFRM_IF_ID.number, *if_id);
            match &spec.link {
                Some(dev) => a.attr_u32(IFLA_XFRM_LINK.number, res.ifindex(dev, what)?),
                None => a,
            }
        }
        LinkKind::Gre(t) | LinkKind::Gretap(t) => super::tunnel::gre_data(t, parent(spec, res, what)?),
        LinkKind::Ip6gre(t) | LinkKind::Ip6gretap(t) => {
            super::tunnel::gre6_data(t, parent(spec, res, what)?)
        }
        LinkKind::Ipip(t) => super::tunnel::iptun_data(t, parent(spec, res, what)?, false),
        LinkKind::Sit(t) => super::tunnel::iptun_data(t, parent(spec, res, what)?, true),
        LinkKind::Ip6tnl(t) => super::tunnel::ip6tnl_data(t, parent(spec, res, what)?),
        LinkKind::Vti(t) | LinkKind::Vti6(t) => super::tunnel::vti_data(t, parent(spec, res, what)?),
        LinkKind::Macsec(m) => super::tunnel::macsec_data(m),
        LinkKind::Bareudp { port, ethertype } => a
            .attr(IFLA_BAREUDP_PORT.number, &port.to_be_bytes())
            .attr(IFLA_BAREUDP_ETHERTYPE.number, &ethertype.to_be_bytes()),
        _ => return Ok(None),
    };
    Ok(Some(out.into_attr_bytes()))
}

/// The index of the device a tunnel rides on (`dev`), if given.
fn parent(spec: &LinkSpec, res: &mut dyn Resolver, what: &str) -> Result<Option<u32>> {
    spec.link.as_ref().map(|d| res.ifindex(d, what)).transpose()
}

fn vxlan_data(
    mut a: Request,
    v: &Vxlan,
    spec: &LinkSpec,
    res: &mut dyn Resolver,
    what: &str,
) -> Result<Request> {
    // IFLA_VXLAN_*, in the order iproute2 sends them. In external mode
    // there is no id; the mode's flags come first, as ip 6.x sends them
    // when they are the first words after `type vxlan`.
    if v.external {
        a = a.attr(IFLA_VXLAN_COLLECT_METADATA.number, &[1]);
        if v.vnifilter {
            a = a.attr(IFLA_VXLAN_VNIFILTER.number, &[1]);
        }
    } else {
        a = a.attr_u32(IFLA_VXLAN_ID.number, v.id);
    }
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
        // ip turns learning off in external mode unless told otherwise.
        (
            IFLA_VXLAN_LEARNING,
            v.learning.or((v.external).then_some(false)).map(u8::from),
        ),
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

/// IFLA_GENEVE_*, as geneve_parse_opt sends them: the id, the remote, the
/// label, TTL and TOS (always, on a new link), then the port when given.
fn geneve_data(a: Request, g: &Geneve) -> Request {
    let mut a = a.attr_u32(IFLA_GENEVE_ID.number, g.id);
    if let Some(r) = g.remote {
        let key = if r.is_ipv4() {
            IFLA_GENEVE_REMOTE
        } else {
            IFLA_GENEVE_REMOTE6
        };
        a = a.attr(key.number, &ip_bytes(r));
    }
    a = a
        .attr(IFLA_GENEVE_LABEL.number, &g.label.to_be_bytes())
        .attr(IFLA_GENEVE_TTL.number, &[g.ttl])
        .attr(IFLA_GENEVE_TOS.number, &[g.tos]);
    if let Some(p) = g.port {
        a = a.attr(IFLA_GENEVE_PORT.number, &p.to_be_bytes());
    }
    a
}

/// IFLA_NETKIT_*, as netkit_parse_opt sends them for words in ip's usage
/// order (mode, policy, scrub, then the peer's policy and scrub), the
/// peer's name last in IFLA_NETKIT_PEER_INFO (an ifinfomsg and
/// IFLA_IFNAME, what netkit_new_link reads with rtnl_create_link).
fn netkit_data(mut a: Request, n: &super::spec::Netkit) -> Request {
    let scrub = |on: bool| u32::from(on);
    let values = [
        (IFLA_NETKIT_MODE, n.l2.map(|l2| u32::from(!l2))),
        (IFLA_NETKIT_POLICY, n.policy.map(|p| p.number())),
        (IFLA_NETKIT_SCRUB, n.scrub.map(scrub)),
        (IFLA_NETKIT_PEER_POLICY, n.peer_policy.map(|p| p.number())),
        (IFLA_NETKIT_PEER_SCRUB, n.peer_scrub.map(scrub)),
    ];
    for (key, value) in values {
        if let Some(v) = value {
            a = a.attr_u32(key.number, v);
        }
    }
    if let Some(name) = &n.peer {
        a = a.nested(IFLA_NETKIT_PEER_INFO.number, |r| {
            r.raw(&ifinfomsg(0, 0, 0)).attr_str(IFLA_IFNAME.number, name)
        });
    }
    a
}
