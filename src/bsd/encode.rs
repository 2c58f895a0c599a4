//! Building routing-socket requests (RTM_ADD, RTM_DELETE, RTM_CHANGE,
//! RTM_GET) from the shared specs. Pure: bytes out, for any layout, so the
//! requests are checked on Linux by decoding them back.

use std::net::IpAddr;

use super::layout::{BSD_AF_INET, BSD_AF_LINK, Layout, Os, RTM_VERSION};
use super::sockaddr::rounded;
use crate::common::api::Interface;
use crate::common::change::{IpNet, RouteSpec, Verb, family_of};
use crate::common::constants::*;
use crate::common::error::{Error, Result};

// RTM_* numbers the two kernels share.
pub const RTM_ADD: u8 = 1;
pub const RTM_DELETE: u8 = 2;
pub const RTM_CHANGE: u8 = 3;
pub const RTM_GET: u8 = 4;

// rtm_addrs bits.
const RTA_DST: u32 = 0x1;
const RTA_GATEWAY: u32 = 0x2;
const RTA_NETMASK: u32 = 0x4;

const RTF_UP: u32 = 0x1;
const RTF_GATEWAY: u32 = 0x2;
const RTF_HOST: u32 = 0x4;
const RTF_REJECT: u32 = 0x8;
const RTF_STATIC: u32 = 0x800;
const RTF_BLACKHOLE: u32 = 0x1000;
/// `rtm_inits` bit for rmx_mtu.
const RTV_MTU: u32 = 0x1;

/// One routing-socket request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RtRequest {
    pub kind: u8,
    pub index: u16,
    pub flags: u32,
    pub table: u32,
    pub priority: u8,
    pub mtu: Option<u32>,
    /// (RTA bit, sockaddr bytes), in RTAX order.
    pub sockaddrs: Vec<(u32, Vec<u8>)>,
}

/// A sockaddr for an IP address, as the layout's kernel wants it.
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

/// A `sockaddr_dl` naming an interface by index (a route through a device).
pub fn sockaddr_link(index: u16) -> Vec<u8> {
    let mut b = vec![20, BSD_AF_LINK];
    b.extend_from_slice(&index.to_le_bytes());
    b.resize(20, 0);
    b
}

/// The request for a route change, `route add/delete/change` style. The
/// interface index comes from the caller (`if_nametoindex`).
pub fn route_request(
    layout: &Layout,
    verb: Verb,
    spec: &RouteSpec,
    ifindex: Option<u16>,
) -> Result<RtRequest> {
    spec.validate(verb)?;
    let what = || spec.describe(verb);
    let kind = match verb {
        Verb::Add | Verb::Append => RTM_ADD,
        Verb::Delete => RTM_DELETE,
        Verb::Change | Verb::Replace => RTM_CHANGE,
        Verb::Set => return Err(Error::invalid(what(), "routes take add, change or del")),
    };
    if !spec.nexthops.is_empty() {
        return Err(Error::Unsupported(format!(
            "{}: multipath through the routing socket",
            what()
        )));
    }
    let family = spec.resolved_family().unwrap_or(AF_INET);
    let dst = spec.dst.unwrap_or(IpNet {
        addr: if family == AF_INET6 {
            IpAddr::V6(0.into())
        } else {
            IpAddr::V4(0.into())
        },
        len: 0,
    });
    let mut flags = RTF_UP | RTF_STATIC;
    let host = dst.len == if family == AF_INET6 { 128 } else { 32 };
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
    let mut sockaddrs = vec![(RTA_DST, sockaddr_ip(layout, dst.addr))];
    let reject = flags & (RTF_BLACKHOLE | RTF_REJECT) != 0;
    match (spec.gateway, ifindex) {
        (Some(g), _) => {
            if family_of(g) != family_of(dst.addr) {
                return Err(Error::invalid(
                    what(),
                    "gateway family differs from the route",
                ));
            }
            flags |= RTF_GATEWAY;
            sockaddrs.push((RTA_GATEWAY, sockaddr_ip(layout, g)));
        }
        (None, Some(i)) => sockaddrs.push((RTA_GATEWAY, sockaddr_link(i))),
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
    let table = spec.table.filter(|t| *t != RT_TABLE_MAIN).unwrap_or(0);
    let priority = match (layout.os, spec.metric) {
        (_, None) => 0,
        (Os::OpenBsd, Some(m)) if m < 256 => m as u8,
        (_, Some(_)) => {
            return Err(Error::Unsupported(format!(
                "{}: a metric (OpenBSD takes priorities 1 to 255; FreeBSD has none)",
                what()
            )));
        }
    };
    let mtu = spec.metrics.iter().find(|(k, _)| *k == 2).map(|(_, v)| *v);
    Ok(RtRequest {
        kind,
        index: ifindex.unwrap_or(0),
        flags,
        table,
        priority,
        mtu,
        sockaddrs,
    })
}

const RTF_LLINFO: u32 = 0x400;

/// A `sockaddr_dl` carrying a link-layer address on an interface (the
/// gateway of an ARP/NDP entry).
pub fn sockaddr_link_addr(index: u16, lladdr: &[u8]) -> Vec<u8> {
    let mut b = vec![0, BSD_AF_LINK];
    b.extend_from_slice(&index.to_le_bytes());
    b.extend_from_slice(&[6, 0, lladdr.len() as u8, 0]); // IFT_ETHER, nlen, alen, slen
    b.extend_from_slice(lladdr);
    b.resize(b.len().max(20), 0);
    b[0] = b.len() as u8;
    b
}

/// An ARP/NDP entry as `arp -s` / `ndp -s` write it: RTM_ADD (or
/// RTM_DELETE) of a host route flagged RTF_LLINFO whose gateway is the
/// link-layer address. Bridge forwarding entries are not routing-socket
/// objects on the BSDs.
pub fn neighbour_request(
    layout: &Layout,
    verb: Verb,
    spec: &crate::common::change::NeighbourSpec,
    ifindex: u16,
) -> Result<RtRequest> {
    spec.validate(verb)?;
    let what = || spec.describe(verb);
    if spec.family == AF_BRIDGE {
        return Err(Error::Unsupported(format!(
            "{}: bridge FDB entries on a BSD",
            what()
        )));
    }
    let dst = spec.dst.expect("validated");
    let kind = match verb {
        Verb::Add | Verb::Replace => RTM_ADD,
        Verb::Change => RTM_CHANGE,
        Verb::Delete => RTM_DELETE,
        _ => return Err(Error::invalid(what(), "neighbours take add, change or del")),
    };
    let mut flags = RTF_UP | RTF_HOST | RTF_LLINFO;
    if spec.resolved_state() & NUD_PERMANENT != 0 {
        flags |= RTF_STATIC;
    }
    let mut sockaddrs = vec![(RTA_DST, sockaddr_ip(layout, dst))];
    match (&spec.lladdr, kind) {
        (Some(l), _) => sockaddrs.push((RTA_GATEWAY, sockaddr_link_addr(ifindex, l.as_bytes()))),
        (None, RTM_DELETE) => {}
        (None, _) => return Err(Error::invalid(what(), "a neighbour entry needs lladdr")),
    }
    Ok(RtRequest {
        kind,
        index: ifindex,
        flags,
        table: 0,
        priority: 0,
        mtu: None,
        sockaddrs,
    })
}

/// RTM_GET for the route to one address (`route -n get`).
pub fn route_get_request(layout: &Layout, dst: IpAddr) -> RtRequest {
    RtRequest {
        kind: RTM_GET,
        index: 0,
        flags: RTF_UP | RTF_HOST,
        table: 0,
        priority: 0,
        mtu: None,
        sockaddrs: vec![(RTA_DST, sockaddr_ip(layout, dst))],
    }
}

impl RtRequest {
    /// The bytes to write to the routing socket.
    pub fn encode(&self, layout: &Layout, seq: u32) -> Vec<u8> {
        let hdr = layout.rt_msghdr_len();
        let mut b = vec![0u8; hdr];
        b[2] = RTM_VERSION;
        b[3] = self.kind;
        let addrs: u32 = self.sockaddrs.iter().map(|(bit, _)| bit).sum();
        let put32 = |b: &mut Vec<u8>, off: usize, v: u32| {
            b[off..off + 4].copy_from_slice(&v.to_le_bytes());
        };
        match layout.os {
            Os::OpenBsd => {
                b[4..6].copy_from_slice(&(hdr as u16).to_le_bytes());
                b[6..8].copy_from_slice(&self.index.to_le_bytes());
                b[8..10].copy_from_slice(&(self.table as u16).to_le_bytes());
                b[10] = self.priority;
                put32(&mut b, 12, addrs);
                put32(&mut b, 16, self.flags);
                put32(&mut b, 28, seq);
                if let Some(m) = self.mtu {
                    put32(&mut b, 36, RTV_MTU);
                    put32(&mut b, 60, m);
                }
            }
            _ => {
                let long = layout.arch.long();
                b[4..6].copy_from_slice(&self.index.to_le_bytes());
                put32(&mut b, 8, self.flags);
                put32(&mut b, 12, addrs);
                put32(&mut b, 20, seq);
                if let Some(m) = self.mtu {
                    put32(&mut b, 32, RTV_MTU);
                    put32(&mut b, 32 + 2 * long, m); // rmx_mtu, the second u_long
                }
            }
        }
        let align = layout.sockaddr_align();
        for (_, sa) in &self.sockaddrs {
            let start = b.len();
            b.extend_from_slice(sa);
            b.resize(start + rounded(sa.len(), align), 0);
        }
        let len = b.len() as u16;
        b[0..2].copy_from_slice(&len.to_le_bytes());
        b
    }
}

/// An interface given by index, as the 16-bit index a message carries.
pub fn index_of(i: &Interface) -> Option<u16> {
    match i {
        Interface::Index(n) => u16::try_from(*n).ok(),
        Interface::Name(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::decode::decode_stream;
    use super::super::layout::Arch;
    use super::*;
    use crate::common::value::Value;

    #[test]
    fn requests_decode_back_on_every_layout() {
        for (os, arch) in [
            (Os::FreeBsd, Arch::Amd64),
            (Os::FreeBsd, Arch::I386),
            (Os::OpenBsd, Arch::Amd64),
            (Os::OpenBsd, Arch::I386),
        ] {
            let l = Layout::new(os, arch);
            let spec = RouteSpec::to("10.1.0.0/16".parse().unwrap())
                .via("192.0.2.1".parse().unwrap())
                .route_metric(2, 1400);
            let req = route_request(&l, Verb::Add, &spec, None).unwrap();
            let bytes = req.encode(&l, 77);
            let m = decode_stream(l, &bytes).remove(0).unwrap();
            assert_eq!(m.event, "RTM_NEWROUTE", "{os:?} {arch:?}");
            assert_eq!(m.header.sequence_number, 77);
            assert_eq!(
                m.get_attr("RTA_DST"),
                Some(&Value::Ip("10.1.0.0".parse().unwrap()))
            );
            assert_eq!(
                m.get_attr("RTA_GATEWAY"),
                Some(&Value::Ip("192.0.2.1".parse().unwrap()))
            );
            let crate::Body::Route(h) = m.body else {
                panic!()
            };
            assert_eq!((h.dst_len, h.proto), (16, RTPROT_STATIC));
            let mtu = m
                .get_attr("RTA_METRICS")
                .and_then(Value::as_nested)
                .unwrap();
            assert!(
                mtu.iter()
                    .any(|a| a.name == "RTAX_MTU" && a.value == Value::U32(1400))
            );

            let v6 = RouteSpec::to("2001:db8::/64".parse().unwrap()).kind(RTN_BLACKHOLE);
            let bytes = route_request(&l, Verb::Delete, &v6, None)
                .unwrap()
                .encode(&l, 1);
            let m = decode_stream(l, &bytes).remove(0).unwrap();
            assert_eq!(m.event, "RTM_DELROUTE");
            let crate::Body::Route(h) = m.body else {
                panic!()
            };
            assert_eq!((h.family, h.dst_len, h.kind), (AF_INET6, 64, RTN_BLACKHOLE));
        }
        // ARP and NDP entries come back as neighbours, with their MAC.
        for (os, arch) in [(Os::FreeBsd, Arch::Amd64), (Os::OpenBsd, Arch::I386)] {
            let l = Layout::new(os, arch);
            for ip in ["192.0.2.9", "2001:db8::9"] {
                let n = crate::common::change::NeighbourSpec::ip(
                    ip.parse().unwrap(),
                    Interface::Index(4),
                )
                .lladdr(crate::LinkAddr::parse("02:00:00:00:00:09").unwrap());
                let bytes = neighbour_request(&l, Verb::Add, &n, 4)
                    .unwrap()
                    .encode(&l, 3);
                let m = decode_stream(l, &bytes).remove(0).unwrap();
                assert_eq!(m.event, "RTM_NEWNEIGH", "{os:?} {ip}");
                assert_eq!(m.get_attr("NDA_DST"), Some(&Value::Ip(ip.parse().unwrap())));
                assert_eq!(
                    m.get_attr("NDA_LLADDR").map(|v| v.to_string()),
                    Some("02:00:00:00:00:09".into())
                );
                let crate::Body::Neighbour(h) = m.body else {
                    panic!()
                };
                assert_eq!((h.ifindex, h.state), (4, NUD_PERMANENT));
            }
        }
        let l = Layout::new(Os::OpenBsd, Arch::Amd64);
        let spec = RouteSpec::to("10.9.0.0/16".parse().unwrap())
            .dev(Interface::Index(3))
            .table(5)
            .metric(12);
        let bytes = route_request(&l, Verb::Change, &spec, Some(3))
            .unwrap()
            .encode(&l, 2);
        let m = decode_stream(l, &bytes).remove(0).unwrap();
        assert_eq!(m.get_attr("RTA_TABLE"), Some(&Value::U32(5)));
        assert_eq!(m.get_attr("RTA_PRIORITY"), Some(&Value::U32(12)));
        assert_eq!(m.get_attr("RTA_OIF"), Some(&Value::U32(3)));
        assert_ne!(m.header.flags & NLM_F_REPLACE, 0);
    }
}
