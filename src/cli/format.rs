//! Human output, one line per object, in the spirit of `ip -o`.

use std::collections::HashMap;
use std::fmt::Write;
use std::net::IpAddr;

use rtsock::constants::*;
use rtsock::views::{Address, Link, Neighbour, Route, Rule};
use rtsock::{Message, ObjectKind};

/// Interface index to name, for printing `dev NAME`.
pub type Names = HashMap<u32, String>;

/// Remembers the name of the link `m` describes, if it is a link message.
pub fn remember_name(names: &mut Names, m: &Message) {
    if let (rtsock::Body::Link(h), Some(name)) = (
        &m.body,
        m.get_attr("IFLA_IFNAME").and_then(rtsock::Value::as_str),
    ) {
        names.insert(h.index, name.to_string());
    }
}

/// The names of every link, for human output.
#[cfg(rtsock_supported)]
pub fn link_names(ipr: &mut rtsock::IpRoute) -> Result<Names, rtsock::Error> {
    use rtsock::RouteSocket;
    let mut names = Names::new();
    for m in ipr.links(&rtsock::Filter::new())? {
        remember_name(&mut names, &m?);
    }
    Ok(names)
}

fn dev(names: &Names, index: u32) -> String {
    names
        .get(&index)
        .cloned()
        .unwrap_or_else(|| format!("if{index}"))
}

/// The symbolic name when there is one, else the number (`main`, `100`).
fn name_or_number(name: Option<&str>, number: impl ToString) -> String {
    name.map_or_else(|| number.to_string(), str::to_owned)
}

fn prefix(addr: Option<IpAddr>, len: u8, family: u8) -> String {
    match addr {
        Some(a) if (a.is_ipv4() && len == 32) || (a.is_ipv6() && len == 128) => a.to_string(),
        Some(a) => format!("{a}/{len}"),
        None if len == 0 => "default".to_string(),
        None => format!(
            "{}/{len}",
            if family == AF_INET6 { "::" } else { "0.0.0.0" }
        ),
    }
}

pub fn line(m: &Message, names: &Names) -> String {
    match ObjectKind::of(m) {
        Some(ObjectKind::Link) => Link::from_message(m).map(|l| link(&l, names)),
        Some(ObjectKind::Address) => Address::from_message(m).map(|a| address(&a, names)),
        Some(ObjectKind::Route) => Route::from_message(m).map(|r| route(&r, names)),
        Some(ObjectKind::Neighbour) => Neighbour::from_message(m).map(|n| neighbour(&n, names)),
        Some(ObjectKind::Rule) => Rule::from_message(m).map(|r| rule(&r)),
        _ => None,
    }
    .unwrap_or_else(|| format!("{} {:?}", m.event, m.body))
}

fn link(l: &Link, names: &Names) -> String {
    let mut s = format!("{}: {}", l.index, l.name);
    if let Some(lower) = l.link.filter(|&i| i != l.index) {
        match names.get(&lower) {
            Some(n) => write!(s, "@{n}").unwrap(),
            None => write!(s, "@if{lower}").unwrap(),
        }
    }
    write!(
        s,
        ": <{}>",
        flag_names(l.flags & !IFF_RUNNING, IFF_NAMES).join(",")
    )
    .unwrap();
    if let Some(mtu) = l.mtu {
        write!(s, " mtu {mtu}").unwrap();
    }
    if let Some(q) = &l.qdisc {
        write!(s, " qdisc {q}").unwrap();
    }
    if let Some(m) = l.master {
        write!(s, " master {}", dev(names, m)).unwrap();
    }
    if let Some(st) = &l.operstate {
        write!(s, " state {st}").unwrap();
    }
    if let Some(k) = &l.kind {
        write!(s, " kind {k}").unwrap();
    }
    write!(s, " link/{}", link_type_name(l.ifi_type)).unwrap();
    if let Some(a) = l.address {
        write!(s, " {a}").unwrap();
    }
    if let Some(b) = l.broadcast {
        write!(s, " brd {b}").unwrap();
    }
    s
}

fn address(a: &Address, names: &Names) -> String {
    let fam = if a.family == AF_INET6 {
        "inet6"
    } else {
        "inet"
    };
    let mut s = format!("{}: {} {fam} ", a.index, dev(names, a.index));
    match (a.own_address(), a.peer()) {
        (Some(local), Some(peer)) => write!(s, "{local} peer {peer}/{}", a.prefixlen).unwrap(),
        (Some(local), None) => write!(s, "{local}/{}", a.prefixlen).unwrap(),
        _ => s.push('?'),
    }
    if let Some(b) = a.broadcast {
        write!(s, " brd {b}").unwrap();
    }
    write!(s, " scope {}", name_or_number(scope_name(a.scope), a.scope)).unwrap();
    for name in flag_names(a.flags & !IFA_F_PERMANENT, IFA_FLAG_NAMES) {
        write!(s, " {name}").unwrap();
    }
    if let Some(label) = a
        .label
        .as_ref()
        .filter(|l| a.family == AF_INET && Some(*l) != names.get(&a.index))
    {
        write!(s, " {label}").unwrap();
    }
    if let (Some(v), Some(p)) = (a.valid_lft, a.preferred_lft) {
        let lft = |x: u32| {
            if x == u32::MAX {
                "forever".to_string()
            } else {
                format!("{x}sec")
            }
        };
        write!(s, " valid_lft {} preferred_lft {}", lft(v), lft(p)).unwrap();
    }
    s
}

fn route(r: &Route, names: &Names) -> String {
    let mut s = String::new();
    if r.kind != RTN_UNICAST {
        write!(s, "{} ", route_type_name(r.kind)).unwrap();
    }
    s.push_str(&prefix(r.dst, r.dst_len, r.family));
    if r.src_len > 0 {
        write!(s, " from {}", prefix(r.src, r.src_len, r.family)).unwrap();
    }
    if let Some(gw) = r.gateway {
        write!(s, " via {gw}").unwrap();
    }
    if let Some(oif) = r.oif {
        write!(s, " dev {}", dev(names, oif)).unwrap();
    }
    if r.table != RT_TABLE_MAIN {
        let t = name_or_number(table_name(r.table), r.table);
        write!(s, " table {t}").unwrap();
    }
    if r.proto != RTPROT_BOOT {
        let p = name_or_number(route_protocol_name(r.proto), r.proto);
        write!(s, " proto {p}").unwrap();
    }
    if r.scope != RT_SCOPE_UNIVERSE {
        let sc = name_or_number(scope_name(r.scope), r.scope);
        write!(s, " scope {sc}").unwrap();
    }
    if let Some(src) = r.prefsrc {
        write!(s, " src {src}").unwrap();
    }
    if let Some(m) = r.priority {
        write!(s, " metric {m}").unwrap();
    }
    for f in flag_names(r.flags & 0xff, RTNH_FLAG_NAMES) {
        write!(s, " {f}").unwrap();
    }
    for (name, value) in &r.metrics {
        write!(
            s,
            " {} {value}",
            name.trim_start_matches("RTAX_").to_lowercase()
        )
        .unwrap();
    }
    for hop in &r.nexthops {
        s.push_str(" nexthop");
        if let Some(gw) = hop.gateway {
            write!(s, " via {gw}").unwrap();
        }
        write!(s, " dev {} weight {}", dev(names, hop.oif), hop.weight).unwrap();
        for f in flag_names(u32::from(hop.flags), RTNH_FLAG_NAMES) {
            write!(s, " {f}").unwrap();
        }
    }
    s
}

fn neighbour(n: &Neighbour, names: &Names) -> String {
    let mut s = match n.dst {
        Some(d) => d.to_string(),
        None => n.lladdr.map(|a| a.to_string()).unwrap_or_default(),
    };
    write!(s, " dev {}", dev(names, n.ifindex)).unwrap();
    if let (Some(_), Some(ll)) = (n.dst, n.lladdr) {
        write!(s, " lladdr {ll}").unwrap();
    }
    if let Some(m) = n.master {
        write!(s, " master {}", dev(names, m)).unwrap();
    }
    if let Some(v) = n.vlan {
        write!(s, " vlan {v}").unwrap();
    }
    for f in flag_names(n.flags, NTF_NAMES) {
        write!(s, " {f}").unwrap();
    }
    let states = flag_names(n.state, NUD_NAMES);
    if !states.is_empty() {
        write!(s, " {}", states.join(",")).unwrap();
    }
    s
}

fn rule(r: &Rule) -> String {
    let mut s = format!("{}:", r.priority);
    if r.flags & FIB_RULE_INVERT != 0 {
        s.push_str(" not");
    }
    match r.src {
        Some(a) => write!(s, " from {}", prefix(Some(a), r.src_len, r.family)).unwrap(),
        None => s.push_str(" from all"),
    }
    if let Some(d) = r.dst {
        write!(s, " to {}", prefix(Some(d), r.dst_len, r.family)).unwrap();
    }
    if r.tos != 0 {
        write!(s, " tos {:#x}", r.tos).unwrap();
    }
    if let Some(m) = r.fwmark {
        write!(s, " fwmark {m:#x}").unwrap();
        if let Some(mask) = r.fwmask.filter(|&m| m != u32::MAX) {
            write!(s, "/{mask:#x}").unwrap();
        }
    }
    if let Some(i) = &r.iifname {
        write!(s, " iif {i}").unwrap();
    }
    if let Some(o) = &r.oifname {
        write!(s, " oif {o}").unwrap();
    }
    match r.action {
        FR_ACT_TO_TBL => {
            let t = name_or_number(table_name(r.table), r.table);
            write!(s, " lookup {t}").unwrap();
        }
        FR_ACT_GOTO => write!(s, " goto {}", r.goto.unwrap_or(0)).unwrap(),
        other => write!(s, " {}", rule_action_name(other)).unwrap(),
    }
    s
}
