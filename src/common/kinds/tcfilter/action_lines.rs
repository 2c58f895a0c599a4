//! Action lists as `tc filter show` prints them (m_action.c's
//! tc_dump_action and each m_*.c's print function): a text that ends each
//! line with a newline, for the filter's printer to append.

use std::fmt::Write as _;

use crate::common::attrs::*;
use crate::common::kinds::class::rate::{rate_text, size_text, xmit_size};
use crate::common::kinds::qdisc::handle_text;
use crate::common::kinds::tcfilter::spec::protocol_text;
use crate::common::value::{Attr, Value, find_key};

/// An interface's name by index, for mirred's target.
pub type IfName<'a> = &'a dyn Fn(u32) -> String;

/// tc's word for a TC_ACT_* verdict (action_n2a).
pub fn verdict_text(action: i64) -> String {
    match action {
        -1 => "continue".into(),
        0 => "pass".into(),
        1 => "reclassify".into(),
        2 => "drop".into(),
        3 => "pipe".into(),
        4 => "stolen".into(),
        8 => "trap".into(),
        // TC_ACT_GOTO_CHAIN and TC_ACT_JUMP carry their argument below.
        a if a & 0xf000_0000 == 0x2000_0000 => format!("goto chain {}", a & 0x0fff_ffff),
        a if a & 0xf000_0000 == 0x1000_0000 => format!("jump {}", a & 0x0fff_ffff),
        a => a.to_string(),
    }
}

/// The text of an action list (a TCA_*_ACT value): for each action,
/// "\n\taction order N: " and what its kind prints.
pub fn actions_text(list: &Value, ifname: IfName<'_>) -> String {
    actions_text_from(list, 1, ifname)
}

/// [`actions_text`] with the orders counted from `first` (a dump of
/// shared actions numbers them from 0).
pub fn actions_text_from(list: &Value, first: u32, ifname: IfName<'_>) -> String {
    let Value::List(actions) = list else {
        return String::new();
    };
    let mut s = String::new();
    for (i, a) in (first..).zip(actions) {
        let Some(attrs) = a.as_nested() else { continue };
        let _ = write!(s, "\n\taction order {i}: ");
        let kind = find_key(attrs, &TCA_ACT_KIND).and_then(Value::as_str);
        let options = find_key(attrs, &TCA_ACT_OPTIONS).and_then(Value::as_nested);
        match (kind, options) {
            (Some(kind), Some(o)) => s += &action_text(kind, o, ifname),
            // A kind tc does not know prints nothing; one without options
            // prints its name.
            (Some(kind), None) => {
                let _ = write!(s, "{kind} ");
            }
            _ => {}
        }
    }
    s
}

/// `index N ref N bind N` of a `tc_gen` struct, with tc's separator.
fn gen_tail(p: Option<&Value>, lead: &str) -> String {
    let n = |f: &str| p.and_then(|p| p.field(f)).and_then(Value::as_i64).unwrap_or(0);
    format!(
        "{lead}index {} ref {} bind {}",
        n("index"),
        n("refcnt"),
        n("bindcnt")
    )
}

fn action_text(kind: &str, o: &[Attr], ifname: IfName<'_>) -> String {
    let mut s = String::new();
    let int = |v: Option<&Value>, f: &str| v.and_then(|p| p.field(f)).and_then(Value::as_i64);
    match kind {
        "gact" => {
            let p = find_key(o, &TCA_GACT_PARMS);
            let _ = write!(s, "gact action {}", verdict_text(int(p, "action").unwrap_or(0)));
            // struct tc_gact_p: ptype, pval (u16 each), paction (i32).
            let prob = match find_key(o, &TCA_GACT_PROB) {
                Some(Value::Bytes(b)) => b.as_slice(),
                _ => &[],
            };
            let (ptype, pval, paction) = match prob {
                [a, b, c, d, e, f, g, h, ..] => (
                    u16::from_ne_bytes([*a, *b]),
                    u16::from_ne_bytes([*c, *d]),
                    i32::from_ne_bytes([*e, *f, *g, *h]),
                ),
                _ => (0, 0, 0),
            };
            let ptype = ["none", "netrand", "determ"]
                .get(usize::from(ptype))
                .copied()
                .unwrap_or("none");
            let _ = write!(
                s,
                "\n\t random type {ptype} {} val {pval}\n{}\n",
                verdict_text(paction.into()),
                gen_tail(p, "\t ")
            );
        }
        "mirred" => {
            let p = find_key(o, &TCA_MIRRED_PARMS);
            let how = match int(p, "eaction") {
                Some(1) => "Egress Redirect",
                Some(2) => "Egress Mirror",
                Some(3) => "Ingress Redirect",
                Some(4) => "Ingress Mirror",
                _ => "unknown",
            };
            let dev = ifname(int(p, "ifindex").unwrap_or(0) as u32);
            let control = verdict_text(int(p, "action").unwrap_or(0));
            let _ = write!(
                s,
                "mirred ({how} to device {dev}) {control}\n{}\n",
                gen_tail(p, "\t")
            );
        }
        "police" => s = police_text(o),
        "skbedit" => {
            let p = find_key(o, &TCA_SKBEDIT_PARMS);
            s.push_str("skbedit ");
            let u = |k: &Key| find_key(o, k).and_then(Value::as_u64);
            if let Some(q) = u(&TCA_SKBEDIT_QUEUE_MAPPING) {
                let _ = write!(s, "queue_mapping {q}");
            }
            if let Some(p) = u(&TCA_SKBEDIT_PRIORITY) {
                let _ = write!(s, " priority {}", handle_text(p as u32));
            }
            if let Some(m) = u(&TCA_SKBEDIT_MARK) {
                let _ = write!(s, " mark {m}");
            }
            if let Some(m) = u(&TCA_SKBEDIT_MASK) {
                let _ = write!(s, "/{m:#x}");
            }
            if let Some(t) = u(&TCA_SKBEDIT_PTYPE) {
                match ["host", "broadcast", "multicast", "otherhost"].get(t as usize) {
                    Some(name) => {
                        let _ = write!(s, " ptype {name}");
                    }
                    None => {
                        let _ = write!(s, " ptype {t}");
                    }
                }
            }
            if u(&TCA_SKBEDIT_FLAGS).is_some_and(|f| f & 0x20 != 0) {
                s.push_str(" inheritdsfield");
            }
            let _ = write!(
                s,
                " {}\n{}\n",
                verdict_text(int(p, "action").unwrap_or(0)),
                gen_tail(p, "\t ")
            );
        }
        "vlan" => {
            let p = find_key(o, &TCA_VLAN_PARMS);
            let op = int(p, "v_action").unwrap_or(0);
            let name = ["", "pop", "push", "modify", "pop_eth", "push_eth"]
                .get(op as usize)
                .copied()
                .unwrap_or("");
            let _ = write!(s, "vlan  {name}");
            let u = |k: &Key| find_key(o, k).and_then(Value::as_u64);
            match op {
                2 | 3 => {
                    if let Some(id) = u(&TCA_VLAN_PUSH_VLAN_ID) {
                        let _ = write!(s, " id {id}");
                    }
                    if let Some(p) = u(&TCA_VLAN_PUSH_VLAN_PROTOCOL) {
                        let _ = write!(s, " protocol {}", protocol_text(p as u16));
                    }
                    if let Some(p) = u(&TCA_VLAN_PUSH_VLAN_PRIORITY) {
                        let _ = write!(s, " priority {p}");
                    }
                }
                5 => {
                    for (word, key) in [
                        ("dst_mac", &TCA_VLAN_PUSH_ETH_DST),
                        ("src_mac", &TCA_VLAN_PUSH_ETH_SRC),
                    ] {
                        if let Some(Value::LinkAddr(m)) = find_key(o, key) {
                            let _ = write!(s, " {word} {m}");
                        }
                    }
                }
                _ => {}
            }
            let _ = write!(
                s,
                " {}\n{}\n",
                verdict_text(int(p, "action").unwrap_or(0)),
                gen_tail(p, "\t ")
            );
        }
        "pedit" => s = pedit_text(o),
        // Kinds tc prints that rtsock does not: their name.
        other => {
            let _ = write!(s, "{other} ");
        }
    }
    s
}

/// print_police: the rate, the burst in bytes (from its ticks), the MTU,
/// the peak and average rates, the verdicts, the overhead.
fn police_text(o: &[Attr]) -> String {
    let p = find_key(o, &TCA_POLICE_TBF);
    let n = |f: &str| p.and_then(|p| p.field(f)).and_then(Value::as_i64).unwrap_or(0);
    let u64_of = |k: &Key| find_key(o, k).and_then(Value::as_u64);
    let rate = u64_of(&TCA_POLICE_RATE64).unwrap_or(n("rate") as u64);
    let burst = xmit_size(rate, n("burst") as u32) as u32;
    let mut s = format!(
        " police {:#x} rate {} burst {} mtu {} ",
        n("index"),
        rate_text(rate),
        size_text(burst.into()),
        size_text(n("mtu") as f64)
    );
    let peak = u64_of(&TCA_POLICE_PEAKRATE64).unwrap_or(n("peakrate") as u64);
    if peak != 0 {
        let _ = write!(s, "peakrate {} ", rate_text(peak));
    }
    if let Some(av) = u64_of(&TCA_POLICE_AVRATE) {
        let _ = write!(s, "avrate {} ", rate_text(av));
    }
    let _ = write!(s, "action {}", verdict_text(n("action")));
    match u64_of(&TCA_POLICE_RESULT) {
        Some(r) => {
            let _ = write!(s, "/{} ", verdict_text(i64::from(r as u32 as i32)));
        }
        None => s.push(' '),
    }
    let _ = write!(s, "overhead {} ", size_text(n("overhead") as f64));
    // TC_LINKLAYER_ATM (2) is named; ethernet is the default.
    if n("linklayer") & 0x0f == 2 {
        s.push_str("linklayer atm ");
    }
    let _ = write!(s, "\n\tref {} bind {} \n", n("refcnt"), n("bindcnt"));
    s
}

/// print_pedit: the verdict and the key count, then each key's word
/// offset, value and mask.
fn pedit_text(o: &[Attr]) -> String {
    let p = find_key(o, &TCA_PEDIT_PARMS).or_else(|| find_key(o, &TCA_PEDIT_PARMS_EX));
    let n = |f: &str| p.and_then(|p| p.field(f)).and_then(Value::as_i64).unwrap_or(0);
    let mut s = format!(
        " pedit action {} keys {}\n \t index {} ref {} bind {}",
        verdict_text(n("action")),
        n("nkeys"),
        n("index"),
        n("refcnt"),
        n("bindcnt")
    );
    let keys = match p.and_then(|p| p.field("keys")) {
        Some(Value::List(keys)) => keys.as_slice(),
        _ => &[],
    };
    for (i, k) in keys.iter().enumerate() {
        let f = |name: &str| k.field(name).and_then(Value::as_u64).unwrap_or(0);
        let _ = write!(
            s,
            "\n\t key #{i}  at {}: val {:08x} mask {:08x}",
            f("off") as u32 as i32,
            f("val"),
            f("mask")
        );
    }
    if keys.is_empty() {
        let _ = write!(s, "\npedit {:x} keys {} is not LEGIT", n("index"), n("nkeys"));
    }
    s.push('\n');
    s
}
