//! The text fallback: `ifconfig -a`, `netstat -rn` (`-W` on FreeBSD, and
//! OpenBSD's `route -n show`, which prints the same table), `arp -an` and
//! `ndp -an` as FreeBSD and OpenBSD print them, parsed into the same
//! normalized messages as the routing socket. Used when sysctl or ioctl is
//! refused (a jail, pledge) or on request. Pure: text in, messages out; a
//! line that does not parse is skipped and reported, never a panic.

use crate::common::attrs::*;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::decode::linux_iff;
use crate::common::constants::*;
use crate::common::message::{
    AddressHeader, Body, Header, LinkHeader, Message, NeighbourHeader, RouteHeader,
};
use crate::common::value::{Attr, LinkAddr, Value};

/// What a parse produced: messages, and the lines it skipped with why.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// The normalized messages, in the order of the text.
    pub messages: Vec<Message>,
    /// Lines not understood: (1-based line number, why).
    pub skipped: Vec<(usize, String)>,
}

impl Parsed {
    fn skip(&mut self, line: usize, why: impl Into<String>) {
        self.skipped.push((line + 1, why.into()));
    }
}

fn msg(kind: u16, body: Body, attrs: Vec<Attr>) -> Message {
    Message::new(
        Header {
            kind,
            ..Header::default()
        },
        body,
        attrs,
    )
}

/// An address with an optional `%zone` suffix.
fn parse_ip(text: &str) -> Option<IpAddr> {
    let text = text.split('%').next()?;
    text.parse().ok()
}

fn mask_len(hex: &str) -> Option<u8> {
    let v = u32::from_str_radix(hex.trim_start_matches("0x"), 16).ok()?;
    Some(v.leading_ones() as u8)
}

struct Iface {
    name: String,
    index: u32,
    flags: u32,
    mtu: Option<u32>,
    lladdr: Option<LinkAddr>,
    status: Option<bool>,
    addrs: Vec<(IpAddr, u8, Option<IpAddr>, Option<IpAddr>)>,
    scopeid: Option<u32>,
}

/// `ifconfig -a` (FreeBSD, including the CIDR form of 14, and OpenBSD) into
/// RTM_NEWLINK and RTM_NEWADDR messages. Interface indexes come from
/// OpenBSD's `index N`, else from the scope id of the link-local address,
/// else they are numbered in order of appearance.
pub fn parse_ifconfig(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut ifaces: Vec<Iface> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            let Some((name, rest)) = line.split_once(": ") else {
                out.skip(n, "not an interface line");
                continue;
            };
            let mut it = rest.split_whitespace();
            let flags = it
                .next()
                .and_then(|f| f.strip_prefix("flags="))
                .and_then(|f| u32::from_str_radix(f.split('<').next()?, 16).ok());
            let Some(flags) = flags else {
                out.skip(n, "interface line without flags=");
                continue;
            };
            let words: Vec<&str> = it.collect();
            let mtu = words
                .iter()
                .position(|w| *w == "mtu")
                .and_then(|i| words.get(i + 1)?.parse().ok());
            ifaces.push(Iface {
                name: name.to_owned(),
                index: 0,
                flags,
                mtu,
                lladdr: None,
                status: None,
                addrs: Vec::new(),
                scopeid: None,
            });
            continue;
        }
        let Some(cur) = ifaces.last_mut() else {
            out.skip(n, "detail line before any interface");
            continue;
        };
        let w: Vec<&str> = line.split_whitespace().collect();
        match w.as_slice() {
            ["ether" | "lladdr" | "address:", mac, ..] => cur.lladdr = LinkAddr::parse(mac),
            ["index", i, ..] => cur.index = i.parse().unwrap_or(0),
            ["status:", s, ..] => cur.status = Some(*s == "active"),
            ["inet", rest @ ..] | ["inet6", rest @ ..] => match parse_inet(rest, w[0] == "inet6") {
                Some((a, scope)) => {
                    if scope.is_some() {
                        cur.scopeid = scope;
                    }
                    cur.addrs.push(a);
                }
                None => out.skip(n, format!("unreadable {} line", w[0])),
            },
            _ => {} // options, media, groups, nd6, tunnel ...: not modelled
        }
    }
    for i in &mut ifaces {
        if i.index == 0 {
            i.index = i.scopeid.unwrap_or(0);
        }
    }
    // The rest get the smallest numbers no interface claimed.
    let mut taken: std::collections::BTreeSet<u32> = ifaces.iter().map(|i| i.index).collect();
    let mut next = 1;
    for i in &mut ifaces {
        if i.index == 0 {
            while taken.contains(&next) {
                next += 1;
            }
            i.index = next;
            taken.insert(next);
        }
    }
    for i in &ifaces {
        let lower_up = i.status.unwrap_or(i.flags & 0x40 != 0);
        let mut attrs = vec![Attr::of(&IFLA_IFNAME, Value::Str(i.name.clone()))];
        if let Some(l) = i.lladdr {
            attrs.push(Attr::of(&IFLA_ADDRESS, Value::LinkAddr(l)));
        }
        if let Some(m) = i.mtu {
            attrs.push(Attr::of(&IFLA_MTU, Value::U32(m)));
        }
        let up = i.flags & 1 != 0;
        let oper = match (up, i.status) {
            (true, Some(true)) => "UP",
            (true, None) => "UNKNOWN",
            _ => "DOWN",
        };
        attrs.push(Attr::of(&IFLA_OPERSTATE, Value::Str(oper.into())));
        attrs.push(Attr::new("IFLA_BSD_FLAGS", 0xf001, Value::U32(i.flags)));
        let ifi_type = if i.flags & 0x8 != 0 {
            ARPHRD_LOOPBACK
        } else if i.lladdr.is_some() {
            ARPHRD_ETHER
        } else {
            ARPHRD_NONE
        };
        out.messages.push(msg(
            RTM_NEWLINK,
            Body::Link(LinkHeader {
                family: AF_UNSPEC,
                ifi_type,
                index: i.index,
                flags: linux_iff(i.flags, lower_up && up),
                change: 0,
            }),
            attrs,
        ));
        for (addr, len, peer, brd) in &i.addrs {
            let family = if addr.is_ipv4() { AF_INET } else { AF_INET6 };
            let scope = match addr {
                IpAddr::V6(a) if crate::change::is_link_local(a) => RT_SCOPE_LINK,
                a if a.is_loopback() => RT_SCOPE_HOST,
                _ => RT_SCOPE_UNIVERSE,
            };
            let mut attrs = vec![Attr::of(&IFA_ADDRESS, Value::Ip(peer.unwrap_or(*addr)))];
            if family == AF_INET || peer.is_some() {
                attrs.push(Attr::of(&IFA_LOCAL, Value::Ip(*addr)));
            }
            if let Some(b) = brd {
                attrs.push(Attr::of(&IFA_BROADCAST, Value::Ip(*b)));
            }
            attrs.push(Attr::of(&IFA_LABEL, Value::Str(i.name.clone())));
            out.messages.push(msg(
                RTM_NEWADDR,
                Body::Address(AddressHeader {
                    family,
                    prefixlen: *len,
                    flags: 0,
                    scope,
                    index: i.index,
                }),
                attrs,
            ));
        }
    }
    out
}

type InetLine = ((IpAddr, u8, Option<IpAddr>, Option<IpAddr>), Option<u32>);

/// `inet A[/len] [--> P] [netmask 0x..] [broadcast B]`, `inet6 A[%z][/len]
/// [--> P] [prefixlen N] [scopeid 0xN]`.
fn parse_inet(w: &[&str], v6: bool) -> Option<InetLine> {
    let first = *w.first()?;
    let (addr_text, cidr) = match first.split_once('/') {
        Some((a, l)) => (a, l.parse::<u8>().ok()),
        None => (first, None),
    };
    let addr = parse_ip(addr_text)?;
    if addr.is_ipv6() != v6 {
        return None;
    }
    let mut len = cidr;
    let (mut peer, mut brd, mut scope) = (None, None, None);
    let mut i = 1;
    while i < w.len() {
        let next = w.get(i + 1).copied();
        match w[i] {
            "-->" => {
                let p = next?;
                let (pa, pl) = match p.split_once('/') {
                    Some((a, l)) => (a, l.parse().ok()),
                    None => (p, None),
                };
                peer = parse_ip(pa);
                len = len.or(pl);
                i += 1;
            }
            "netmask" => {
                len = mask_len(next?);
                i += 1;
            }
            "prefixlen" => {
                len = next?.parse().ok();
                i += 1;
            }
            "broadcast" => {
                brd = parse_ip(next?);
                i += 1;
            }
            "scopeid" => {
                scope = u32::from_str_radix(next?.trim_start_matches("0x"), 16).ok();
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    let max = if v6 { 128 } else { 32 };
    Some(((addr, len.unwrap_or(max), peer, brd), scope))
}

/// A destination as netstat prints it: `default`, `10.0.1/24` (OpenBSD
/// drops trailing zero octets), `224/4`, `10.0.1.1` (a host),
/// `fe80::%lo0/64`.
fn parse_destination(text: &str, v6: bool) -> Option<(IpAddr, u8)> {
    if text == "default" {
        return Some(if v6 {
            (IpAddr::V6(Ipv6Addr::UNSPECIFIED), 0)
        } else {
            (IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0)
        });
    }
    let (addr, len) = match text.split_once('/') {
        Some((a, l)) => (a, Some(l.parse::<u8>().ok()?)),
        None => (text, None),
    };
    let addr = addr.split('%').next()?;
    if v6 {
        let a: Ipv6Addr = addr.parse().ok()?;
        return Some((IpAddr::V6(a), len.unwrap_or(128)));
    }
    let parts: Vec<u8> = addr
        .split('.')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut o = [0u8; 4];
    o[..parts.len()].copy_from_slice(&parts);
    let implied = (parts.len() * 8) as u8;
    Some((
        IpAddr::V4(Ipv4Addr::from(o)),
        len.unwrap_or(if parts.len() == 4 { 32 } else { implied }),
    ))
}

/// `netstat -rn` (`-W`), or OpenBSD `route -n show`: routes, and the
/// ARP/NDP entries (flag L with a link-layer gateway) as neighbours.
/// `names` maps interface names to indexes (from `parse_ifconfig`), else 0.
pub fn parse_netstat(text: &str, names: &HashMap<String, u32>) -> Parsed {
    let mut out = Parsed::default();
    let mut v6 = false;
    let mut header: Vec<String> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t == "Routing tables" {
            continue;
        }
        if t == "Internet:" {
            v6 = false;
            header.clear();
            continue;
        }
        if t == "Internet6:" {
            v6 = true;
            header.clear();
            continue;
        }
        if t.starts_with("Destination") {
            header = t.split_whitespace().map(str::to_owned).collect();
            continue;
        }
        if header.is_empty() {
            out.skip(n, "no table header yet");
            continue;
        }
        let mut cols: Vec<&str> = t.split_whitespace().collect();
        // OpenBSD marks a locked MTU with a separate "L" after it.
        if let Some(m) = header.iter().position(|h| h == "Mtu")
            && cols.len() > header.len()
            && cols.get(m + 1) == Some(&"L")
        {
            cols.remove(m + 1);
        }
        let col = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .and_then(|i| cols.get(i).copied())
        };
        let (Some(dst), Some(gw), Some(flags)) = (col("Destination"), col("Gateway"), col("Flags"))
        else {
            out.skip(n, "too few columns");
            continue;
        };
        let Some((dst, dst_len)) = parse_destination(dst, v6) else {
            out.skip(n, format!("unreadable destination {dst:?}"));
            continue;
        };
        let ifname = col("Netif").or(col("Iface")).unwrap_or("");
        let index = names.get(ifname).copied().unwrap_or(0);
        let family = if v6 { AF_INET6 } else { AF_INET };
        let has = |c: char| flags.contains(c);
        // Link-layer gateways: an ARP/NDP entry (L), or a route through a link.
        let gw_mac = LinkAddr::parse(gw).filter(|m| m.as_bytes().len() == 6);
        if has('L') && (gw_mac.is_some() || gw.starts_with("link#")) {
            let mut attrs = vec![Attr::of(&NDA_DST, Value::Ip(dst))];
            if let Some(m) = gw_mac {
                attrs.push(Attr::of(&NDA_LLADDR, Value::LinkAddr(m)));
            }
            attrs.push(Attr::new(
                "NDA_BSD_IFNAME",
                0xf004,
                Value::Str(ifname.into()),
            ));
            let state = if gw_mac.is_none() {
                NUD_INCOMPLETE
            } else if has('S') || has('l') {
                NUD_PERMANENT
            } else {
                NUD_REACHABLE
            };
            out.messages.push(msg(
                RTM_NEWNEIGH,
                Body::Neighbour(NeighbourHeader {
                    family,
                    ifindex: index,
                    state,
                    flags: 0,
                    ndm_type: RTN_UNICAST,
                }),
                attrs,
            ));
            continue;
        }
        let kind = if has('B') {
            RTN_BLACKHOLE
        } else if has('R') {
            RTN_UNREACHABLE
        } else if has('l') {
            RTN_LOCAL
        } else if has('b') {
            RTN_BROADCAST
        } else {
            RTN_UNICAST
        };
        let mut attrs = vec![Attr::of(&RTA_TABLE, Value::U32(RT_TABLE_MAIN))];
        if dst_len > 0 {
            attrs.push(Attr::of(&RTA_DST, Value::Ip(dst)));
        }
        let mut oif = index;
        if let Some(link) = gw.strip_prefix("link#") {
            oif = link.parse().unwrap_or(oif);
        } else if let Some(g) = parse_ip(gw) {
            attrs.push(Attr::of(&RTA_GATEWAY, Value::Ip(g)));
        }
        if oif != 0 {
            attrs.push(Attr::of(&RTA_OIF, Value::U32(oif)));
        }
        if let Some(p) = col("Prio").and_then(|p| p.parse::<u32>().ok()) {
            attrs.push(Attr::of(&RTA_PRIORITY, Value::U32(p)));
        }
        if let Some(m) = col("Mtu").and_then(|m| m.parse::<u32>().ok()) {
            let metrics = vec![Attr::of(&RTAX_MTU, Value::U32(m))];
            attrs.push(Attr::of(&RTA_METRICS, Value::Nested(metrics)));
        }
        if !ifname.is_empty() {
            attrs.push(Attr::new(
                "RTA_BSD_IFNAME",
                0xf004,
                Value::Str(ifname.into()),
            ));
        }
        let proto = if has('S') {
            RTPROT_STATIC
        } else if has('D') {
            RTPROT_REDIRECT
        } else {
            RTPROT_KERNEL
        };
        let scope = if kind == RTN_LOCAL {
            RT_SCOPE_HOST
        } else if !has('G') && kind == RTN_UNICAST {
            RT_SCOPE_LINK
        } else {
            RT_SCOPE_UNIVERSE
        };
        out.messages.push(msg(
            RTM_NEWROUTE,
            Body::Route(RouteHeader {
                family,
                dst_len,
                src_len: 0,
                tos: 0,
                table: RT_TABLE_MAIN as u8,
                proto,
                scope,
                kind,
                flags: 0,
            }),
            attrs,
        ));
    }
    out
}

/// `arp -an`: `? (10.0.0.1) at aa:bb:.. on em0 [permanent|expires in N seconds] [ethernet]`,
/// or `(incomplete)`.
pub fn parse_arp(text: &str, names: &HashMap<String, u32>) -> Parsed {
    let mut out = Parsed::default();
    for (n, line) in text.lines().enumerate() {
        let w: Vec<&str> = line.split_whitespace().collect();
        if w.is_empty() {
            continue;
        }
        let ip = w
            .iter()
            .find(|x| x.starts_with('(') && x.ends_with(')'))
            .and_then(|x| parse_ip(&x[1..x.len() - 1]));
        let at = w.iter().position(|x| *x == "at");
        let on = w.iter().position(|x| *x == "on");
        let (Some(ip), Some(at), Some(on)) = (ip, at, on) else {
            out.skip(n, "not an arp -an line");
            continue;
        };
        let lladdr = w.get(at + 1).and_then(|m| LinkAddr::parse(m));
        let ifname = w.get(on + 1).copied().unwrap_or("");
        let state = if lladdr.is_none() {
            NUD_INCOMPLETE
        } else if w.contains(&"permanent") {
            NUD_PERMANENT
        } else {
            NUD_REACHABLE
        };
        out.messages
            .push(neighbour(ip, lladdr, ifname, names, state, 0));
    }
    out
}

fn neighbour(
    ip: IpAddr,
    lladdr: Option<LinkAddr>,
    ifname: &str,
    names: &HashMap<String, u32>,
    state: u16,
    flags: u8,
) -> Message {
    let mut attrs = vec![Attr::of(&NDA_DST, Value::Ip(ip))];
    if let Some(l) = lladdr {
        attrs.push(Attr::of(&NDA_LLADDR, Value::LinkAddr(l)));
    }
    attrs.push(Attr::new(
        "NDA_BSD_IFNAME",
        0xf004,
        Value::Str(ifname.into()),
    ));
    msg(
        RTM_NEWNEIGH,
        Body::Neighbour(NeighbourHeader {
            family: if ip.is_ipv4() { AF_INET } else { AF_INET6 },
            ifindex: names.get(ifname).copied().unwrap_or(0),
            state,
            flags,
            ndm_type: RTN_UNICAST,
        }),
        attrs,
    )
}

/// `ndp -an`: `Neighbor Linklayer-Address Netif Expire S Flags`, where S is
/// the state letter (R reachable, S stale, D delay, P probe, I incomplete,
/// N nostate) and Flags may hold R (router).
pub fn parse_ndp(text: &str, names: &HashMap<String, u32>) -> Parsed {
    let mut out = Parsed::default();
    for (n, line) in text.lines().enumerate() {
        let w: Vec<&str> = line.split_whitespace().collect();
        if w.is_empty() || w[0] == "Neighbor" {
            continue;
        }
        let (Some(ip), Some(ll), Some(ifname)) =
            (w.first().and_then(|a| parse_ip(a)), w.get(1), w.get(2))
        else {
            out.skip(n, "not an ndp -an line");
            continue;
        };
        let lladdr = LinkAddr::parse(ll);
        let expire = w.get(3).copied().unwrap_or("");
        let st = w.get(4).copied().unwrap_or("");
        let state = match (lladdr.is_some(), expire, st) {
            (false, _, _) | (_, _, "I") => NUD_INCOMPLETE,
            (_, "permanent", _) => NUD_PERMANENT,
            (_, _, "S") => NUD_STALE,
            (_, _, "D") => NUD_DELAY,
            (_, _, "P") => NUD_PROBE,
            _ => NUD_REACHABLE,
        };
        let router = w.get(5).is_some_and(|f| f.contains('R'));
        let flags = if router { NTF_ROUTER } else { 0 };
        out.messages
            .push(neighbour(ip, lladdr, ifname, names, state, flags));
    }
    out
}

/// Interface name → index, from parsed `ifconfig` messages.
pub fn names_of(links: &[Message]) -> HashMap<String, u32> {
    links
        .iter()
        .filter_map(|m| match (&m.body, m.get(&IFLA_IFNAME)) {
            (Body::Link(h), Some(Value::Str(n))) => Some((n.clone(), h.index)),
            _ => None,
        })
        .collect()
}
