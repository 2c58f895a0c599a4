//! Routes as `ip route` prints them (iproute2 `print_route`).

use rtsock::attrs::*;
use rtsock::constants::*;
use rtsock::views::Route;
use rtsock::{Message, Value};

use super::{Names, Style, dev, name_or_number};

/// What a selector pinned, which `ip` then leaves out of each line
/// (`ip route show dev eth0` prints no `dev eth0`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Pinned {
    pub dev: bool,
    pub table: bool,
    pub protocol: bool,
    pub scope: bool,
    pub metric: bool,
    pub tos: bool,
    pub iif: bool,
    /// `via ADDR` with a host prefix.
    pub via: bool,
    /// `src ADDR` with a host prefix.
    pub prefsrc: bool,
    /// The route types a `type` selector named (bit per type): those are
    /// still printed.
    pub types: u32,
}

/// A label stack attribute (RTA_DST, RTA_NEWDST of AF_MPLS) as ip writes
/// it: `100/200`.
fn mpls_labels(m: &Message, key: &Key) -> Option<String> {
    let Some(Value::List(labels)) = m.get(key) else {
        return None;
    };
    let labels: Vec<u32> = labels.iter().filter_map(Value::as_u32).collect();
    Some(rtsock::change::mpls_labels_text(&labels))
}

fn prefix(addr: Option<std::net::IpAddr>, len: u8, family: u8, style: &Style) -> String {
    let host = if family == AF_INET6 { 128 } else { 32 };
    match addr {
        Some(a) if len == host => style.addr(a),
        Some(a) => format!("{}/{len}", style.addr(a)),
        None if len == 0 => "default".to_owned(),
        None => format!("0/{len}"),
    }
}

/// One route (or the answer to `route get`): `[TYPE] DST [from SRC] [via
/// GW] [dev DEV] ...`, each part as `ip` orders it; the nexthops of a
/// multipath route on lines of their own.
pub fn route_line(r: &Route, m: &Message, names: &Names, style: &Style, pin: &Pinned) -> String {
    let mut parts: Vec<String> = Vec::new();
    if r.kind != RTN_UNICAST && (pin.types == 0 || pin.types & (1 << u8::from(r.kind)) != 0) {
        parts.push(route_type_name(r.kind.into()).to_owned());
    }
    match mpls_labels(m, &RTA_DST).filter(|_| r.family == AF_MPLS) {
        // An MPLS route: its label, then the labels it swaps in.
        Some(label) => {
            parts.push(label);
            if let Some(out) = mpls_labels(m, &RTA_NEWDST) {
                parts.push(format!("as to {out}"));
            }
        }
        None => parts.push(prefix(r.dst, r.dst_len, r.family, style)),
    }
    if r.src.is_some() || r.src_len > 0 {
        parts.push(format!(
            "from {}",
            prefix(r.src, r.src_len, r.family, style)
        ));
    }
    if let Some(id) = m.get(&RTA_NH_ID).and_then(Value::as_u32) {
        parts.push(format!("nhid {id}"));
    }
    if let Some(encap) = encap_words(m) {
        // lwt_print_encap starts with a space of its own: ip shows two.
        parts.push(format!(" {encap}"));
    }
    if r.tos != 0 && !pin.tos {
        parts.push(format!("tos {:#x}", r.tos));
    }
    if let Some(gw) = r.gateway.filter(|_| !pin.via) {
        // A next hop of another family (RTA_VIA: IPv6 for an IPv4 route,
        // any for an MPLS one): ip names its family.
        let family = match (r.family, gw.is_ipv6()) {
            (AF_INET, true) | (AF_MPLS, true) => "inet6 ",
            (AF_MPLS, false) => "inet ",
            _ => "",
        };
        parts.push(format!("via {family}{}", style.addr(gw)));
    }
    if let Some(oif) = r.oif.filter(|_| !pin.dev) {
        parts.push(format!("dev {}", dev(names, oif)));
    }
    if r.table != RT_TABLE_MAIN && !pin.table {
        parts.push(format!(
            "table {}",
            name_or_number(table_name(r.table), r.table)
        ));
    }
    // A cached (cloned) route has no protocol or scope of its own.
    if r.flags & RTM_F_CLONED == 0 {
        if r.proto != RTPROT_BOOT && !pin.protocol {
            parts.push(format!("proto {}", r.proto));
        }
        if r.scope != RT_SCOPE_UNIVERSE && !pin.scope {
            parts.push(format!("scope {}", r.scope));
        }
    }
    if let Some(src) = r.prefsrc.filter(|_| !pin.prefsrc) {
        parts.push(format!("src {}", style.addr(src)));
    }
    if let Some(metric) = r.priority.filter(|_| !pin.metric) {
        parts.push(format!("metric {metric}"));
    }
    parts.extend(flag_names(r.flags & 0xff, RTNH_FLAG_NAMES));
    if r.flags & RTM_F_NOTIFY != 0 {
        parts.push("notify".to_owned());
    }
    if let Some(mark) = m.get(&RTA_MARK).and_then(Value::as_u32).filter(|&v| v != 0) {
        parts.push(if mark >= 16 {
            format!("mark {mark:#x}")
        } else {
            format!("mark {mark}")
        });
    }
    if let Some(uid) = m.get(&RTA_UID).and_then(Value::as_u32) {
        parts.push(format!("uid {uid}"));
    }
    let mut s = parts.join(" ");
    let sep = if style.oneline { "\\" } else { "\n" };
    if r.family == AF_INET && r.flags & RTM_F_CLONED != 0 {
        s.push_str(sep);
        s.push_str("    cache");
    }
    // RTA_CACHEINFO's countdown is in USER_HZ (100 per second) ticks.
    if let Some(expires) = m
        .get(&RTA_CACHEINFO)
        .and_then(|c| c.field("rta_expires"))
        .and_then(Value::as_u64)
        .filter(|&e| e != 0)
    {
        s.push_str(&format!(" expires {}sec", expires / 100));
    }
    for (name, value) in &r.metrics {
        s.push_str(&format!(
            " {} {value}",
            name.trim_start_matches("RTAX_").to_lowercase()
        ));
    }
    if let Some(iif) = r.iif.filter(|_| !pin.iif) {
        s.push_str(&format!(" iif {}", dev(names, iif)));
    }
    if let Some(pref) = m.get(&RTA_PREF).and_then(Value::as_u64) {
        let word = match pref {
            0 => "medium".to_owned(),
            1 => "high".to_owned(),
            3 => "low".to_owned(),
            other => other.to_string(),
        };
        s.push_str(&format!(" pref {word}"));
    }
    for hop in &r.nexthops {
        s.push_str(sep);
        s.push_str("\tnexthop");
        if !hop.labels.is_empty() {
            s.push_str(&format!(
                " as to {}",
                rtsock::change::mpls_labels_text(&hop.labels)
            ));
        }
        if let Some(gw) = hop.gateway {
            // RTA_VIA of another family: ip names it (print_rta_via).
            let family = match (r.family, gw.is_ipv6()) {
                (AF_INET, true) | (AF_MPLS, true) => "inet6 ",
                (AF_MPLS, false) => "inet ",
                _ => "",
            };
            s.push_str(&format!(" via {family}{}", style.addr(gw)));
        }
        s.push_str(&format!(" dev {}", dev(names, hop.oif)));
        // ip prints no weight for an MPLS route's paths.
        if r.family != AF_MPLS {
            s.push_str(&format!(" weight {}", hop.weight));
        }
        for f in flag_names(u32::from(hop.flags), RTNH_FLAG_NAMES) {
            s.push_str(&format!(" {f}"));
        }
    }
    s
}

/// `encap ip id N src A dst A ttl N tos N` or `encap seg6 mode M segs N [
/// A B ]`, as iproute_lwtunnel.c prints them.
fn encap_words(m: &Message) -> Option<String> {
    use rtsock::common::value::find_key;
    let kind = m.get(&RTA_ENCAP_TYPE).and_then(Value::as_u64)?;
    let attrs = m.get(&RTA_ENCAP).and_then(Value::as_nested)?;
    let get = |key: &rtsock::attrs::Key| find_key(attrs, key);
    match u16::try_from(kind).ok()? {
        LWTUNNEL_ENCAP_IP => {
            let mut s = "encap ip".to_owned();
            if let Some(Value::Bytes(b)) = get(&LWTUNNEL_IP_ID) {
                let id: [u8; 8] = b.as_slice().try_into().ok()?;
                s += &format!(" id {}", u64::from_be_bytes(id));
            }
            for (word, key) in [("src", LWTUNNEL_IP_SRC), ("dst", LWTUNNEL_IP_DST)] {
                if let Some(a) = get(&key) {
                    s += &format!(" {word} {a}");
                }
            }
            for (word, key) in [("ttl", LWTUNNEL_IP_TTL), ("tos", LWTUNNEL_IP_TOS)] {
                if let Some(v) = get(&key) {
                    s += &format!(" {word} {v}");
                }
            }
            Some(s)
        }
        LWTUNNEL_ENCAP_SEG6 => {
            let srh = get(&SEG6_IPTUNNEL_SRH)?;
            let mode = match srh.field("mode").and_then(Value::as_u64)? {
                0 => "inline",
                1 => "encap",
                2 => "l2encap",
                3 => "encap.red",
                4 => "l2encap.red",
                _ => "<unknown>",
            };
            let Some(Value::List(segs)) = srh.field("segments") else {
                return None;
            };
            let list: Vec<String> = segs.iter().map(|a| a.to_string()).collect();
            Some(format!(
                "encap seg6 mode {mode} segs {} [ {} ]",
                list.len(),
                list.join(" ")
            ))
        }
        // print_encap_bpf: each program's hook and name, then the headroom.
        LWTUNNEL_ENCAP_BPF => {
            let mut s = "encap bpf".to_owned();
            for (word, key) in [
                ("in", LWT_BPF_IN),
                ("out", LWT_BPF_OUT),
                ("xmit", LWT_BPF_XMIT),
            ] {
                if let Some(prog) = get(&key).and_then(Value::as_nested) {
                    s += &format!(" {word}");
                    if let Some(name) = find_key(prog, &LWT_BPF_PROG_NAME).and_then(Value::as_str) {
                        s += &format!(" {name}");
                    }
                }
            }
            if let Some(h) = get(&LWT_BPF_XMIT_HEADROOM) {
                s += &format!("  {h}");
            }
            Some(s)
        }
        // print_encap_mpls writes " %s " after "encap mpls ": two spaces.
        LWTUNNEL_ENCAP_MPLS => {
            let labels = get(&MPLS_IPTUNNEL_DST)?;
            let mut s = format!("encap mpls  {}", mpls_text(labels));
            if let Some(t) = get(&MPLS_IPTUNNEL_TTL) {
                s += &format!(" ttl {t}");
            }
            Some(s)
        }
        LWTUNNEL_ENCAP_IP6 => {
            let mut s = "encap ip6".to_owned();
            if let Some(Value::Bytes(b)) = get(&LWTUNNEL_IP6_ID) {
                let id: [u8; 8] = b.as_slice().try_into().ok()?;
                s += &format!(" id {}", u64::from_be_bytes(id));
            }
            for (word, key) in [
                ("src", LWTUNNEL_IP6_SRC),
                ("dst", LWTUNNEL_IP6_DST),
                ("hoplimit", LWTUNNEL_IP6_HOPLIMIT),
                ("tc", LWTUNNEL_IP6_TC),
            ] {
                if let Some(v) = get(&key) {
                    s += &format!(" {word} {v}");
                }
            }
            Some(s)
        }
        LWTUNNEL_ENCAP_SEG6_LOCAL => {
            let action = get(&SEG6_LOCAL_ACTION).and_then(Value::as_u32)?;
            let name = rtsock::change::SEG6_LOCAL_ACTIONS
                .iter()
                .find(|(n, _)| *n == action)
                .map_or_else(|| action.to_string(), |(_, w)| (*w).to_owned());
            let mut s = format!("encap seg6local action {name}");
            for (word, key) in [
                ("table", SEG6_LOCAL_TABLE),
                ("vrftable", SEG6_LOCAL_VRFTABLE),
            ] {
                if let Some(t) = get(&key).and_then(Value::as_u32) {
                    let name = rtsock::constants::table_name(t)
                        .map_or_else(|| t.to_string(), str::to_owned);
                    s += &format!(" {word} {name}");
                }
            }
            for (word, key) in [("nh4", SEG6_LOCAL_NH4), ("nh6", SEG6_LOCAL_NH6)] {
                if let Some(a) = get(&key) {
                    s += &format!(" {word} {a}");
                }
            }
            Some(s)
        }
        _ => None,
    }
}

/// A label stack value (RTA_NEWDST's shape) as ip prints it: `100/200`.
fn mpls_text(v: &Value) -> String {
    match v {
        Value::List(labels) => labels
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join("/"),
        other => other.to_string(),
    }
}
