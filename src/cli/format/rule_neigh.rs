//! Neighbours as `ip neigh` prints them (iproute2 `print_neigh`), bridge
//! forwarding entries as `bridge fdb` does (`print_fdb`), and rules as
//! `ip rule` does (`print_rule`).

use rtsock::constants::*;
use rtsock::views::{Neighbour, Nexthop, Rule};

use super::{Names, dev, name_or_number};

/// `DST dev DEV lladdr MAC [router] [proxy] ... STATE`; `dev` left out
/// when a selector pinned it.
pub fn neighbour_line(n: &Neighbour, names: &Names, dev_pinned: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(d) = n.dst {
        parts.push(d.to_string());
    }
    if !dev_pinned && n.index != 0 {
        parts.push(format!("dev {}", dev(names, n.index)));
    }
    if let Some(ll) = n.lladdr {
        parts.push(format!("lladdr {ll}"));
    }
    for (bit, word) in [
        (NTF_ROUTER, "router"),
        (NTF_PROXY, "proxy"),
        (NTF_EXT_LEARNED, "extern_learn"),
        (NTF_OFFLOADED, "offload"),
    ] {
        if n.flags & bit != 0 {
            parts.push(word.to_owned());
        }
    }
    let states = flag_names(n.state, NUD_NAMES);
    if !states.is_empty() {
        parts.push(states.join(","));
    }
    parts.join(" ")
}

/// `bridge fdb`'s state word: `permanent`, `static`, `stale`, nothing for
/// reachable, else `state=0x..`.
fn fdb_state(state: u16) -> String {
    if state & NUD_PERMANENT != 0 {
        "permanent".to_owned()
    } else if state & NUD_NOARP != 0 {
        "static".to_owned()
    } else if state & NUD_STALE != 0 {
        "stale".to_owned()
    } else if state & NUD_REACHABLE != 0 {
        String::new()
    } else {
        format!("state={state:#x}")
    }
}

/// `MAC dev PORT [dst IP] [vlan N] [self] [master BR] STATE`, as `bridge
/// fdb show` prints an entry.
pub fn fdb_line(n: &Neighbour, names: &Names) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(ll) = n.lladdr {
        parts.push(ll.to_string());
    }
    parts.push(format!("dev {}", dev(names, n.index)));
    if let Some(d) = n.dst {
        parts.push(format!("dst {d}"));
    }
    if let Some(v) = n.vlan {
        parts.push(format!("vlan {v}"));
    }
    for (bit, word) in [
        (NTF_SELF, "self"),
        (NTF_ROUTER, "router"),
        (NTF_EXT_LEARNED, "extern_learn"),
        (NTF_OFFLOADED, "offload"),
        (NTF_MASTER, "master"),
        (NTF_STICKY, "sticky"),
    ] {
        if n.flags & bit != 0 {
            parts.push(word.to_owned());
        }
    }
    if let Some(m) = n.master {
        parts.push(format!("master {}", dev(names, m)));
    }
    let state = fdb_state(n.state);
    if !state.is_empty() {
        parts.push(state);
    }
    parts.join(" ")
}

fn rule_prefix(addr: Option<std::net::IpAddr>, len: u8) -> String {
    match addr {
        Some(a) if (a.is_ipv4() && len == 32) || (a.is_ipv6() && len == 128) => a.to_string(),
        Some(a) => format!("{a}/{len}"),
        None => "all".to_owned(),
    }
}

/// `PREF:<tab>[not] from SRC [to DST] ... lookup TABLE`.
pub fn rule_line(r: &Rule) -> String {
    let mut parts: Vec<String> = Vec::new();
    if r.flags & FIB_RULE_INVERT != 0 {
        parts.push("not".to_owned());
    }
    parts.push(format!("from {}", rule_prefix(r.src, r.src_len)));
    if r.dst.is_some() {
        parts.push(format!("to {}", rule_prefix(r.dst, r.dst_len)));
    }
    if r.tos != 0 {
        parts.push(format!("tos {:#x}", r.tos));
    }
    if let Some(m) = r.fwmark {
        let mut s = format!("fwmark {m:#x}");
        if let Some(mask) = r.fwmask.filter(|&m| m != u32::MAX) {
            s.push_str(&format!("/{mask:#x}"));
        }
        parts.push(s);
    }
    if let Some(i) = &r.iifname {
        parts.push(format!("iif {i}"));
    }
    if let Some(o) = &r.oifname {
        parts.push(format!("oif {o}"));
    }
    // The rest in iproute2's print_rule order.
    if r.l3mdev {
        parts.push("lookup [l3mdev-table]".to_owned());
    }
    if let Some((a, b)) = r.uid_range {
        parts.push(format!("uidrange {a}-{b}"));
    }
    if let Some(p) = r.ip_proto {
        parts.push(format!("ipproto {}", ip_proto_name(p)));
    }
    for (word, range) in [("sport", r.sport), ("dport", r.dport)] {
        match range {
            Some((a, b)) if a == b => parts.push(format!("{word} {a}")),
            Some((a, b)) => parts.push(format!("{word} {a}-{b}")),
            None => {}
        }
    }
    if r.table != 0 {
        parts.push(format!(
            "lookup {}",
            name_or_number(table_name(r.table), r.table)
        ));
        if let Some(n) = r.suppress_prefixlength {
            parts.push(format!("suppress_prefixlength {n}"));
        }
        if let Some(g) = r.suppress_ifgroup {
            parts.push(match g {
                0 => "suppress_ifgroup default".to_owned(),
                g => format!("suppress_ifgroup {g}"),
            });
        }
    }
    match r.action {
        FR_ACT_TO_TBL => {}
        FR_ACT_GOTO => parts.push(match r.goto {
            Some(g) => format!("goto {g}"),
            None => "goto none".to_owned(),
        }),
        FR_ACT_NOP => parts.push("nop".to_owned()),
        other => parts.push(rule_action_name(other).to_owned()),
    }
    if let Some(p) = r.protocol.filter(|p| *p != 0 && *p != RTPROT_KERNEL) {
        parts.push(format!("proto {}", rtsock::types::RouteProtocol::from(p)));
    }
    format!("{}:\t{}", r.priority, parts.join(" "))
}

/// An IP protocol's name as /etc/protocols spells the common ones.
fn ip_proto_name(p: u8) -> String {
    match p {
        1 => "icmp".into(),
        6 => "tcp".into(),
        17 => "udp".into(),
        58 => "ipv6-icmp".into(),
        132 => "sctp".into(),
        other => other.to_string(),
    }
}

/// `id ID [group ID[,WEIGHT]/...] [via ADDR] [dev DEV] [scope S] [blackhole]
/// [proto P] [FLAGS] [fdb]`, in iproute2's `__print_nexthop_entry` order.
pub fn nexthop_line(n: &Nexthop, names: &Names) -> String {
    let mut parts = vec![format!("id {}", n.id)];
    if n.is_group() {
        let members: Vec<String> = n
            .group
            .iter()
            .map(|g| {
                if g.weight > 1 {
                    format!("{},{}", g.id, g.weight)
                } else {
                    g.id.to_string()
                }
            })
            .collect();
        parts.push(format!("group {}", members.join("/")));
    }
    if n.group_type == Some(1) {
        parts.push("type resilient".to_owned());
        if let Some(b) = n.buckets {
            parts.push(format!("buckets {b}"));
        }
        for (word, value) in [
            ("idle_timer", n.idle_timer),
            ("unbalanced_timer", n.unbalanced_timer),
            ("unbalanced_time", n.unbalanced_time),
        ] {
            if let Some(v) = value {
                parts.push(format!("{word} {v}"));
            }
        }
    }
    if let Some(g) = n.gateway {
        parts.push(format!("via {g}"));
    }
    if let Some(oif) = n.oif {
        parts.push(format!("dev {}", dev(names, oif)));
    }
    if n.scope != RT_SCOPE_UNIVERSE {
        parts.push(format!("scope {}", n.scope));
    }
    if n.blackhole {
        parts.push("blackhole".to_owned());
    }
    if n.protocol != 0 {
        parts.push(format!("proto {}", n.protocol));
    }
    parts.extend(flag_names(n.flags & 0xff, RTNH_FLAG_NAMES));
    if n.fdb {
        parts.push("fdb".to_owned());
    }
    parts.join(" ")
}
