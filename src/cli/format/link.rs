//! Links as `ip link` prints them (iproute2 `print_linkinfo`,
//! `print_linkinfo_brief`, `print_link_stats`).

use rtsock::attrs::*;
use rtsock::constants::*;
use rtsock::types::OperState;
use rtsock::views::Link;
use rtsock::{Message, Value};

use super::{Down, Names, Paint, Style, dev};

fn u32_attr(m: &Message, k: &Key) -> Option<u32> {
    m.get(k).and_then(Value::as_u32)
}

/// `NAME@LOWER` as `ip` writes it: `@NONE` for a link 0, `@ifN` for a
/// peer in another namespace.
fn name_and_lower(l: &Link, m: &Message, names: &Names) -> String {
    let mut s = l.name.clone();
    if let Some(lower) = l.link.filter(|&i| i != l.index) {
        if lower == 0 {
            s.push_str("@NONE");
        } else if m.get(&IFLA_LINK_NETNSID).is_some() {
            s.push_str(&format!("@if{lower}"));
        } else {
            s.push_str(&format!("@{}", dev(names, lower)));
        }
    }
    s
}

/// Whether `ip` adds M-DOWN: the link sits on another link of this
/// namespace (IFLA_LINK without IFLA_LINK_NETNSID) that is down, or that
/// it does not know (iplink.c's `m_flag`). Without the table of links
/// that are down (events, captures), never.
fn lower_down(l: &Link, m: &Message, names: &Names, down: Option<&Down>) -> bool {
    let Some(down) = down else { return false };
    l.link
        .filter(|&i| i != l.index && i != 0 && m.get(&IFLA_LINK_NETNSID).is_none())
        .is_some_and(|lower| !names.contains_key(&lower) || down.contains(&lower))
}

/// `<FLAGS>`: RUNNING left out, NO-CARRIER for an up link without it,
/// M-DOWN when the link it sits on is down.
fn flags(f: u32, mdown: bool) -> String {
    let mut words = Vec::new();
    if f & IFF_UP != 0 && f & IFF_RUNNING == 0 {
        words.push("NO-CARRIER".to_owned());
    }
    words.extend(flag_names(f & !IFF_RUNNING, IFF_NAMES));
    if mdown {
        words.push("M-DOWN".to_owned());
    }
    format!("<{}>", words.join(","))
}

/// The operational state, padded to `width` and followed by a space (both
/// inside the colour, as `ip -c` paints them): green when up, red when
/// down.
fn operstate(style: &Style, state: &str, width: usize) -> String {
    let text = format!("{state:<width$} ");
    match state {
        "UP" => style.paint(Paint::Up, &text),
        "DOWN" | "LOWERLAYERDOWN" => style.paint(Paint::Down, &text),
        _ => text,
    }
}

/// The lines of one link: the first, `link/TYPE ...`, then details and
/// statistics when asked. `mode` is shown by `ip link`, not `ip addr`; a
/// family filter (`ip -4 addr`) leaves out the `link/` line, as `ip` does.
#[allow(clippy::too_many_arguments)]
pub fn link_lines(
    l: &Link,
    m: &Message,
    names: &Names,
    down: Option<&Down>,
    style: &Style,
    mode: bool,
    family: Option<u8>,
) -> Vec<String> {
    // Each part ends in a space, as `ip` prints them (a coloured state
    // takes its space inside the colour); the last one is trimmed.
    let mut first = format!(
        "{}: {}{} ",
        l.index,
        style.paint(Paint::Ifname, &format!("{}: ", name_and_lower(l, m, names))),
        flags(l.flags.into(), lower_down(l, m, names, down))
    );
    let mut push = |s: String| {
        first.push_str(&s);
        // A coloured state ends in its colour's reset, after its space.
        if !s.ends_with(' ') && !s.ends_with(" \x1b[0m") {
            first.push(' ');
        }
    };
    if let Some(mtu) = l.mtu {
        push(format!("mtu {mtu}"));
    }
    if let Some(q) = &l.qdisc {
        push(format!("qdisc {q}"));
    }
    if let Some(master) = l.master {
        push(format!("master {}", dev(names, master)));
    }
    if let Some(st) = &l.operstate {
        push(format!("state {}", operstate(style, &st.to_string(), 0)));
    }
    if mode && let Some(lm) = u32_attr(m, &IFLA_LINKMODE) {
        push(format!(
            "mode {}",
            if lm == 1 { "DORMANT" } else { "DEFAULT" }
        ));
    }
    if let Some(g) = u32_attr(m, &IFLA_GROUP) {
        push(format!(
            "group {}",
            if g == 0 {
                "default".to_owned()
            } else {
                g.to_string()
            }
        ));
    }
    if let Some(q) = l.txqlen.filter(|&q| q != 0) {
        push(format!("qlen {q}"));
    }
    let mut out = vec![first.trim_end().to_owned()];

    let mut second = format!("    link/{}", link_type_name(l.ifi_type));
    if let Some(a) = l.address {
        second.push_str(&format!(" {}", style.paint(Paint::Mac, &a.to_string())));
    }
    if let Some(b) = l.broadcast {
        let word = if l.flags.contains(IFF_POINTOPOINT) {
            "peer"
        } else {
            "brd"
        };
        second.push_str(&format!(
            " {word} {}",
            style.paint(Paint::Mac, &b.to_string())
        ));
    }
    if let Some(id) = m.get(&IFLA_LINK_NETNSID).and_then(Value::as_u64) {
        second.push_str(&format!(" link-netnsid {id}"));
    }
    let link_layer = family.is_none_or(|f| f == AF_PACKET) || style.details > 0;
    if !link_layer {
        // Only the first line.
    } else if style.details > 0 {
        second.push_str(&promiscuity(m));
        match &l.kind {
            // The kind's settings and the queue limits on a line of their own.
            Some(kind) => {
                out.push(second);
                out.push(format!("    {kind}{}{}", info_data(m), queues(m)));
            }
            None => {
                second.push_str(&queues(m));
                out.push(second);
            }
        }
    } else {
        out.push(second);
    }
    if let Some(alias) = &l.alias {
        out.push(format!("    alias {alias}"));
    }
    for alt in altnames(m) {
        out.push(format!("    altname {alt}"));
    }
    if style.stats > 0 {
        out.extend(stats(m, style.stats));
    }
    out
}

/// `-d`: promiscuity, allmulti and the MTU range.
fn promiscuity(m: &Message) -> String {
    let mut s = String::new();
    let num = |k: &Key| u32_attr(m, k);
    if let Some(p) = num(&IFLA_PROMISCUITY) {
        s.push_str(&format!(" promiscuity {p} "));
    }
    if let Some(a) = num(&IFLA_ALLMULTI) {
        s.push_str(&format!(" allmulti {a}"));
    }
    for (key, word) in [(&IFLA_MIN_MTU, "minmtu"), (&IFLA_MAX_MTU, "maxmtu")] {
        if let Some(v) = num(key) {
            s.push_str(&format!(" {word} {v}"));
        }
    }
    s
}

/// IPv6's address generation mode (IFLA_AF_SPEC / AF_INET6), as `-d`
/// prints it.
fn addrgenmode(m: &Message) -> Option<&'static str> {
    let inet6 = m
        .get(&IFLA_AF_SPEC)?
        .as_nested()?
        .iter()
        .find(|a| a.name == "AF_INET6")?
        .value
        .as_nested()?;
    let mode = inet6
        .iter()
        .find(|a| a.name == "IFLA_INET6_ADDR_GEN_MODE")?
        .value
        .as_u64()?;
    Some(match mode {
        0 => "eui64",
        1 => "none",
        2 => "stable_secret",
        3 => "random",
        _ => "unknown",
    })
}

/// `-d`: the address generation mode, the queue and segmentation limits.
fn queues(m: &Message) -> String {
    let mut s = String::new();
    if let Some(mode) = addrgenmode(m) {
        s.push_str(&format!(" addrgenmode {mode}"));
    }
    let num = |k: &Key| u32_attr(m, k);
    for (key, word) in [
        (&IFLA_NUM_TX_QUEUES, "numtxqueues"),
        (&IFLA_NUM_RX_QUEUES, "numrxqueues"),
        (&IFLA_GSO_MAX_SIZE, "gso_max_size"),
        (&IFLA_GSO_MAX_SEGS, "gso_max_segs"),
        (&IFLA_TSO_MAX_SIZE, "tso_max_size"),
        (&IFLA_TSO_MAX_SEGS, "tso_max_segs"),
        (&IFLA_GRO_MAX_SIZE, "gro_max_size"),
    ] {
        if let Some(v) = num(key) {
            s.push_str(&format!(" {word} {v}"));
        }
    }
    s
}

/// The kind's settings (IFLA_INFO_DATA), `name value` with the attribute
/// prefix dropped (`IFLA_BR_FORWARD_DELAY 1500` is `forward_delay 1500`).
fn info_data(m: &Message) -> String {
    let Some(data) = m
        .get(&IFLA_LINKINFO)
        .and_then(Value::as_nested)
        .and_then(|info| info.iter().find(|a| a.is(&IFLA_INFO_DATA)))
        .and_then(|a| a.value.as_nested())
    else {
        return String::new();
    };
    let mut s = String::new();
    for a in data {
        if matches!(
            a.value,
            Value::Nested(_) | Value::Bytes(_) | Value::Struct(_)
        ) {
            continue;
        }
        let word = a
            .name
            .splitn(3, '_')
            .nth(2)
            .unwrap_or(&a.name)
            .to_lowercase();
        s.push_str(&format!(" {word} {}", a.value));
    }
    s
}

fn altnames(m: &Message) -> Vec<String> {
    Link::from_message(m)
        .map(|l| l.altnames)
        .unwrap_or_default()
}

/// `-s` (and `-s -s`) from IFLA_STATS64, laid out as iproute2's
/// `print_stats64` does: eight columns sized to the widest of their
/// headers and numbers, numbers right-aligned and followed by a space.
fn stats(m: &Message, level: u8) -> Vec<String> {
    let Some(s) = m.get(&IFLA_STATS64) else {
        return Vec::new();
    };
    let n = |name: &str| s.field(name).and_then(Value::as_u64).unwrap_or(0);
    let carrier_changes = u32_attr(m, &IFLA_CARRIER_CHANGES);
    let rx = [
        n("rx_bytes"),
        n("rx_packets"),
        n("rx_errors"),
        n("rx_dropped"),
        n("rx_missed_errors"),
        n("multicast"),
    ];
    let rx_err = [
        0,
        n("rx_length_errors"),
        n("rx_crc_errors"),
        n("rx_frame_errors"),
        n("rx_fifo_errors"),
        n("rx_over_errors"),
    ];
    let tx = [
        n("tx_bytes"),
        n("tx_packets"),
        n("tx_errors"),
        n("tx_dropped"),
        n("tx_carrier_errors"),
        n("collisions"),
    ];
    let tx_err = [
        0,
        0,
        n("tx_aborted_errors"),
        n("tx_fifo_errors"),
        n("tx_window_errors"),
        n("tx_heartbeat_errors"),
        u64::from(carrier_changes.unwrap_or(0)),
    ];
    let mut cols = [
        "*X errors:".len(),
        "packets".len(),
        "errors".len(),
        "dropped".len(),
        "heartbt".len(),
        "overrun".len(),
    ];
    let mut size = |values: &[u64]| {
        for (c, v) in cols.iter_mut().zip(values) {
            *c = (*c).max(v.to_string().len());
        }
    };
    size(&rx);
    if level > 1 {
        size(&rx_err);
    }
    size(&tx);
    if level > 1 {
        size(&tx_err[1..]);
    }
    let c = cols;
    let nums = |values: &[u64], from: usize| -> String {
        values
            .iter()
            .zip(&c[from..])
            .map(|(v, w)| format!("{v:>w$} "))
            .collect()
    };
    // A header: `lead`, the first column's word in its width, the others
    // right-aligned in theirs.
    let head = |lead: &str, first: &str, first_width: usize, words: &[&str]| -> String {
        let mut line = format!("{lead}{first:>first_width$}");
        for (word, w) in words.iter().zip(&c[1..]) {
            line.push_str(&format!(" {word:>w$}"));
        }
        line
    };
    let mut out = vec![
        head(
            "    RX: ",
            "bytes",
            c[0] - 4,
            &["packets", "errors", "dropped", "missed", "mcast"],
        ),
        format!("    {}", nums(&rx, 0)),
    ];
    if level > 1 {
        out.push(head(
            "    RX errors:",
            "",
            c[0] - 10,
            &["length", "crc", "frame", "fifo", "overrun"],
        ));
        out.push(format!("{:w$}{}", "", nums(&rx_err[1..], 1), w = c[0] + 5));
    }
    out.push(head(
        "    TX: ",
        "bytes",
        c[0] - 4,
        &["packets", "errors", "dropped", "carrier", "collsns"],
    ));
    out.push(format!("    {}", nums(&tx, 0)));
    if level > 1 {
        let transns = if carrier_changes.is_some() {
            "transns"
        } else {
            ""
        };
        out.push(head(
            "    TX errors:",
            "",
            c[0] - 10,
            &["aborted", "fifo", "window", "heartbt", transns],
        ));
        let last = if carrier_changes.is_some() { 7 } else { 6 };
        out.push(format!(
            "{:w$}{}",
            "",
            nums(&tx_err[2..last], 1),
            w = c[0] + 5
        ));
    }
    out
}

/// `ip -br link`: name, state, address, flags, in columns.
pub fn brief_link(
    l: &Link,
    m: &Message,
    names: &Names,
    down: Option<&Down>,
    style: &Style,
) -> String {
    let mut s = brief_columns(l, m, names, style);
    if let Some(a) = l.address {
        s.push_str(&style.paint(Paint::Mac, &format!("{a} ")));
    }
    s.push_str(&flags(l.flags.into(), lower_down(l, m, names, down)));
    s
}

/// The name and state columns of `ip -br addr`.
pub fn brief_columns(l: &Link, m: &Message, names: &Names, style: &Style) -> String {
    format!(
        "{}{}",
        style.paint(
            Paint::Ifname,
            &format!("{:<16} ", name_and_lower(l, m, names))
        ),
        operstate(
            style,
            &l.operstate.unwrap_or(OperState::Unknown).to_string(),
            14,
        )
    )
}
