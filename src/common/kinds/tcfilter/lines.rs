//! The options part of `tc filter show`'s lines for matchall, flower, fw,
//! basic and bpf filters, as their f_*.c print functions write it (u32's
//! is in `view.rs`).

use std::fmt::Write as _;

use super::action_lines::{IfName, actions_text};
use crate::common::attrs::*;
use crate::common::kinds::qdisc::handle_text;
use crate::common::value::{Attr, Value, find_key};

/// TCA_CLS_FLAGS_*: skip_hw 1, skip_sw 2, in_hw 4, not_in_hw 8.
const FLAG_WORDS: [(u64, &str); 2] = [(1, "skip_hw"), (2, "skip_sw")];

/// What `kind`'s print_fopt writes for options `o` and handle `handle`;
/// empty for kinds tc would not know either.
pub fn options_text(kind: &str, o: &[Attr], handle: u32, ifname: IfName<'_>) -> String {
    let u = |k: &Key| find_key(o, k).and_then(Value::as_u64);
    let mut s = String::new();
    let hw_flags = |s: &mut String, flags: u64, sep: &str, lead: &str| {
        for (bit, word) in FLAG_WORDS {
            if flags & bit != 0 {
                let _ = write!(s, "{lead}{word}{sep}");
            }
        }
        if flags & 4 != 0 {
            let _ = write!(s, "{lead}in_hw{sep}");
        } else if flags & 8 != 0 {
            let _ = write!(s, "{lead}not_in_hw{sep}");
        }
    };
    let actions = |key: &Key| find_key(o, key).map(|a| actions_text(a, ifname));
    match kind {
        "matchall" => {
            if handle != 0 {
                let _ = write!(s, "handle {handle:#x} ");
            }
            if let Some(c) = u(&TCA_MATCHALL_CLASSID) {
                let _ = write!(s, "flowid {} ", handle_text(c as u32));
            }
            hw_flags(&mut s, u(&TCA_MATCHALL_FLAGS).unwrap_or(0), "", "\n  ");
            s += &actions(&TCA_MATCHALL_ACT).unwrap_or_default();
        }
        "fw" => {
            let mask = u(&TCA_FW_MASK);
            if handle != 0 || mask.is_some() {
                match mask {
                    Some(m) if m != 0xffff_ffff => {
                        let _ = write!(s, "handle {handle:#x}/{m:#x} ");
                    }
                    _ => {
                        let _ = write!(s, "handle {handle:#x} ");
                    }
                }
            }
            if let Some(c) = u(&TCA_FW_CLASSID) {
                let _ = write!(s, "classid {} ", handle_text(c as u32));
            }
            if let Some(d) = find_key(o, &TCA_FW_INDEV).and_then(Value::as_str) {
                let _ = write!(s, "input dev {d} ");
            }
            if let Some(a) = actions(&TCA_FW_ACT) {
                s.push('\n');
                s += &a;
            }
        }
        "basic" => {
            if handle != 0 {
                let _ = write!(s, "handle {handle:#x} ");
            }
            if let Some(c) = u(&TCA_BASIC_CLASSID) {
                let _ = write!(s, "flowid {} ", handle_text(c as u32));
            }
            s += &actions(&TCA_BASIC_ACT).unwrap_or_default();
        }
        "bpf" => {
            if handle != 0 {
                let _ = write!(s, "handle {handle:#x} ");
            }
            if let Some(c) = u(&TCA_BPF_CLASSID) {
                let _ = write!(s, "flowid {} ", handle_text(c as u32));
            }
            if let Some(n) = find_key(o, &TCA_BPF_NAME).and_then(Value::as_str) {
                let _ = write!(s, "{n} ");
            }
            if u(&TCA_BPF_FLAGS).is_some_and(|f| f & 1 != 0) {
                s.push_str("direct-action ");
            }
            hw_flags(&mut s, u(&TCA_BPF_FLAGS_GEN).unwrap_or(0), " ", "");
            if let (Some(Value::List(ops)), Some(len)) =
                (find_key(o, &TCA_BPF_OPS), u(&TCA_BPF_OPS_LEN))
                && len > 0
            {
                let _ = write!(s, "bytecode '{len},");
                for (i, op) in ops.iter().enumerate() {
                    let f = |n: &str| op.field(n).and_then(Value::as_u64).unwrap_or(0);
                    let end = if i + 1 == ops.len() { "'" } else { "," };
                    let _ = write!(s, "{} {} {} {}{end}", f("code"), f("jt"), f("jf"), f("k"));
                }
            }
            if let Some(Value::Bytes(tag)) = find_key(o, &TCA_BPF_TAG) {
                let hex: String = tag.iter().map(|b| format!("{b:02x}")).collect();
                let _ = write!(s, "tag {hex} ");
            }
            s += &actions(&TCA_BPF_ACT).unwrap_or_default();
        }
        "flower" => s = flower_text(o, handle, ifname),
        _ => {}
    }
    s
}

/// The number of leading one bits of a contiguous mask, or None (tc's
/// __mask_bits returns -1) when it has holes.
fn mask_bits(mask: &[u8]) -> Option<u32> {
    let ones: u32 = mask.iter().map(|b| b.count_ones()).sum();
    let contiguous = mask
        .iter()
        .flat_map(|b| (0..8).rev().map(move |i| b >> i & 1))
        .skip(ones as usize)
        .all(|bit| bit == 0);
    contiguous.then_some(ones)
}

/// f_flower.c's flower_print_opt, for the keys rtsock decodes.
fn flower_text(o: &[Attr], handle: u32, ifname: IfName<'_>) -> String {
    let mut s = String::new();
    let u = |k: &Key| find_key(o, k).and_then(Value::as_u64);
    if handle != 0 {
        let _ = write!(s, "handle {handle:#x} ");
    }
    if let Some(c) = u(&TCA_FLOWER_CLASSID) {
        let c = c as u32;
        // TC_H_MIN_PRIORITY (0xffe0) up to 16 queues: a hardware class.
        match c & 0xffff {
            m @ 0xffe0..=0xffef => {
                let _ = write!(s, "hw_tc {} ", m - 0xffe0);
            }
            _ => {
                let _ = write!(s, "classid {} ", handle_text(c));
            }
        }
    }
    if let Some(d) = find_key(o, &TCA_FLOWER_INDEV).and_then(Value::as_str) {
        let _ = write!(s, "\n  indev {d}");
    }
    if let Some(v) = u(&TCA_FLOWER_KEY_VLAN_ID) {
        let _ = write!(s, "\n  vlan_id {v}");
    }
    if let Some(v) = u(&TCA_FLOWER_KEY_VLAN_PRIO) {
        let _ = write!(s, "\n  vlan_prio {v}");
    }
    if let Some(v) = u(&TCA_FLOWER_KEY_VLAN_ETH_TYPE) {
        let _ = write!(
            s,
            "\n  vlan_ethtype {}",
            super::spec::protocol_text(v as u16)
        );
    }
    for (name, key, mask) in [
        ("dst_mac", &TCA_FLOWER_KEY_ETH_DST, &TCA_FLOWER_KEY_ETH_DST_MASK),
        ("src_mac", &TCA_FLOWER_KEY_ETH_SRC, &TCA_FLOWER_KEY_ETH_SRC_MASK),
    ] {
        let Some(Value::LinkAddr(addr)) = find_key(o, key) else {
            continue;
        };
        let _ = write!(s, "\n  {name} {addr}");
        if let Some(Value::LinkAddr(m)) = find_key(o, mask) {
            match mask_bits(m.as_bytes()) {
                None => {
                    let _ = write!(s, "/{m}");
                }
                Some(bits) if bits < 48 => {
                    let _ = write!(s, "/{bits}");
                }
                Some(_) => {}
            }
        }
    }
    let eth_type = u(&TCA_FLOWER_KEY_ETH_TYPE).map(|t| t as u16);
    if let Some(t) = eth_type {
        let word = match t {
            0x0800 => "ipv4".to_owned(),
            0x86dd => "ipv6".to_owned(),
            0x0806 => "arp".to_owned(),
            0x8035 => "rarp".to_owned(),
            other => format!("{other:04x}"),
        };
        let _ = write!(s, "\n  eth_type {word}");
    }
    let ip_proto = u(&TCA_FLOWER_KEY_IP_PROTO).map(|p| p as u8);
    if let Some(p) = ip_proto {
        let word = match p {
            6 => "tcp".to_owned(),
            17 => "udp".to_owned(),
            132 => "sctp".to_owned(),
            1 => "icmp".to_owned(),
            58 => "icmpv6".to_owned(),
            other => format!("{other:02x}"),
        };
        let _ = write!(s, "\n  ip_proto {word}");
    }
    for (name, v4, v6) in [
        (
            "dst_ip",
            (&TCA_FLOWER_KEY_IPV4_DST, &TCA_FLOWER_KEY_IPV4_DST_MASK),
            (&TCA_FLOWER_KEY_IPV6_DST, &TCA_FLOWER_KEY_IPV6_DST_MASK),
        ),
        (
            "src_ip",
            (&TCA_FLOWER_KEY_IPV4_SRC, &TCA_FLOWER_KEY_IPV4_SRC_MASK),
            (&TCA_FLOWER_KEY_IPV6_SRC, &TCA_FLOWER_KEY_IPV6_SRC_MASK),
        ),
    ] {
        // The addresses print by the filter's EtherType, with a mask.
        let (key, mask_key, width) = match eth_type {
            Some(0x0800) => (v4.0, v4.1, 32),
            Some(0x86dd) => (v6.0, v6.1, 128),
            _ => continue,
        };
        let (Some(addr), Some(mask)) = (
            find_key(o, key).and_then(Value::as_ip),
            find_key(o, mask_key).and_then(Value::as_ip),
        ) else {
            continue;
        };
        let bytes = match mask {
            std::net::IpAddr::V4(m) => m.octets().to_vec(),
            std::net::IpAddr::V6(m) => m.octets().to_vec(),
        };
        let _ = write!(s, "\n  {name} {addr}");
        match mask_bits(&bytes) {
            None => {
                let _ = write!(s, "/{mask}");
            }
            Some(bits) if bits < width => {
                let _ = write!(s, "/{bits}");
            }
            Some(_) => {}
        }
    }
    let ports = match ip_proto {
        Some(6) => Some([
            ("dst_port", &TCA_FLOWER_KEY_TCP_DST, &TCA_FLOWER_KEY_TCP_DST_MASK),
            ("src_port", &TCA_FLOWER_KEY_TCP_SRC, &TCA_FLOWER_KEY_TCP_SRC_MASK),
        ]),
        Some(17) => Some([
            ("dst_port", &TCA_FLOWER_KEY_UDP_DST, &TCA_FLOWER_KEY_UDP_DST_MASK),
            ("src_port", &TCA_FLOWER_KEY_UDP_SRC, &TCA_FLOWER_KEY_UDP_SRC_MASK),
        ]),
        Some(132) => Some([
            ("dst_port", &TCA_FLOWER_KEY_SCTP_DST, &TCA_FLOWER_KEY_SCTP_DST_MASK),
            ("src_port", &TCA_FLOWER_KEY_SCTP_SRC, &TCA_FLOWER_KEY_SCTP_SRC_MASK),
        ]),
        _ => None,
    };
    for (name, key, mask) in ports.into_iter().flatten() {
        if let Some(port) = u(key) {
            let _ = write!(s, "\n  {name} {port}");
            if let Some(m) = u(mask).filter(|&m| m != 0xffff) {
                let _ = write!(s, "/{m:#x}");
            }
        }
    }
    if let Some(flags) = u(&TCA_FLOWER_FLAGS) {
        for (bit, word) in FLAG_WORDS {
            if flags & bit != 0 {
                let _ = write!(s, "\n  {word}");
            }
        }
        if flags & 4 != 0 {
            s.push_str("\n  in_hw");
        } else if flags & 8 != 0 {
            s.push_str("\n  not_in_hw");
        }
    }
    if let Some(a) = find_key(o, &TCA_FLOWER_ACT) {
        s += &actions_text(a, ifname);
    }
    s
}
