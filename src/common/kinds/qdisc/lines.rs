//! The options part of `tc qdisc show`'s line for the kinds rtsock
//! decodes, as each q_*.c print function writes it.

use crate::common::attrs::*;
use crate::common::kinds::class::rate::{
    TICKS_PER_USEC, rate_text, size_text, time64_text, time_text, xmit_size,
};
use crate::common::value::{Value, general};

/// The options part of a qdisc line, for the kinds rtsock decodes.
pub fn options_text(kind: &str, opts: &Value) -> String {
    let u = |key: &str| opts.field(key).and_then(Value::as_u64);
    let nested = |key: &Key, field: Option<&str>| {
        opts.as_nested()
            .and_then(|a| crate::common::value::find_key(a, key))
            .and_then(|v| match field {
                Some(f) => v.field(f).and_then(Value::as_u64),
                None => v.as_u64(),
            })
    };
    match kind {
        "pfifo" | "pfifo_head_drop" => {
            u("limit").map_or_else(String::new, |l| format!("limit {l}p"))
        }
        "bfifo" => u("limit").map_or_else(String::new, |l| format!("limit {}", size_text(l as f64))),
        "pfifo_fast" | "prio" => {
            let map = match opts.field("priomap") {
                Some(Value::List(v)) => v
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => String::new(),
            };
            format!("bands {} priomap {map}", u("bands").unwrap_or(0))
        }
        "htb" => {
            let mut s = String::new();
            if let Some(r2q) = nested(&TCA_HTB_INIT, Some("rate2quantum")) {
                s += &format!("r2q {r2q} ");
            }
            if let Some(d) = nested(&TCA_HTB_INIT, Some("defcls")) {
                s += &format!("default {d:#x} ");
            }
            if let Some(p) = nested(&TCA_HTB_INIT, Some("direct_pkts")) {
                s += &format!("direct_packets_stat {p} ");
            }
            if let Some(q) = nested(&TCA_HTB_DIRECT_QLEN, None) {
                s += &format!("direct_qlen {q}");
            }
            s.trim_end().to_owned()
        }
        "tbf" => tbf_options(opts),
        "fq_codel" => fq_codel_options(opts),
        "fq" => fq_options(opts),
        "sfq" => sfq_options(opts),
        "cake" => cake_options(opts),
        "netem" => netem_options(opts),
        "ingress" => "----------------".to_owned(),
        _ => String::new(),
    }
}

/// The attributes of a nested TCA_OPTIONS, as `key -> u64`.
fn nested_u64(opts: &Value) -> impl Fn(&Key) -> Option<u64> + '_ {
    move |key| {
        opts.as_nested()
            .and_then(|a| crate::common::value::find_key(a, key))
            .and_then(Value::as_u64)
    }
}

/// q_fq_codel.c's fq_codel_print_opt.
fn fq_codel_options(opts: &Value) -> String {
    let u = nested_u64(opts);
    let mut s = String::new();
    if let Some(v) = u(&TCA_FQ_CODEL_LIMIT) {
        s += &format!("limit {v}p ");
    }
    if let Some(v) = u(&TCA_FQ_CODEL_FLOWS) {
        s += &format!("flows {v} ");
    }
    if let Some(v) = u(&TCA_FQ_CODEL_QUANTUM) {
        s += &format!("quantum {v} ");
    }
    if let Some(v) = u(&TCA_FQ_CODEL_TARGET) {
        s += &format!("target {} ", time_text(v as u32));
    }
    if let Some(v) = u(&TCA_FQ_CODEL_CE_THRESHOLD) {
        s += &format!("ce_threshold {} ", time_text(v as u32));
    }
    let selector = u(&TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR).unwrap_or(0);
    let mask = u(&TCA_FQ_CODEL_CE_THRESHOLD_MASK).unwrap_or(0);
    if selector != 0 || mask != 0 {
        s += &format!("ce_threshold_selector {selector:#x}/{mask:#x} ");
    }
    if let Some(v) = u(&TCA_FQ_CODEL_INTERVAL) {
        s += &format!("interval {} ", time_text(v as u32));
    }
    if let Some(v) = u(&TCA_FQ_CODEL_MEMORY_LIMIT) {
        s += &format!("memory_limit {} ", size_text((v) as f64));
    }
    if u(&TCA_FQ_CODEL_ECN).is_some_and(|e| e != 0) {
        s += "ecn ";
    }
    if let Some(v) = u(&TCA_FQ_CODEL_DROP_BATCH_SIZE).filter(|&v| v != 0) {
        s += &format!("drop_batch {v} ");
    }
    s.trim_end().to_owned()
}

/// q_fq.c's fq_print_opt.
fn fq_options(opts: &Value) -> String {
    let u = nested_u64(opts);
    let mut s = String::new();
    if let Some(v) = u(&TCA_FQ_PLIMIT) {
        s += &format!("limit {v}p ");
    }
    if let Some(v) = u(&TCA_FQ_FLOW_PLIMIT) {
        s += &format!("flow_limit {v}p ");
    }
    if let Some(v) = u(&TCA_FQ_BUCKETS_LOG) {
        s += &format!("buckets {} ", 1u64 << v.min(31));
    }
    if let Some(v) = u(&TCA_FQ_ORPHAN_MASK) {
        s += &format!("orphan_mask {v} ");
    }
    if u(&TCA_FQ_RATE_ENABLE) == Some(0) {
        s += "nopacing ";
    }
    if let Some(v) = u(&TCA_FQ_QUANTUM) {
        s += &format!("quantum {} ", size_text((v) as f64));
    }
    if let Some(v) = u(&TCA_FQ_INITIAL_QUANTUM) {
        s += &format!("initial_quantum {} ", size_text((v) as f64));
    }
    if let Some(v) = u(&TCA_FQ_FLOW_MAX_RATE).filter(|&v| v != u64::from(u32::MAX)) {
        s += &format!("maxrate {} ", rate_text(v));
    }
    if let Some(v) = u(&TCA_FQ_FLOW_DEFAULT_RATE).filter(|&v| v != 0) {
        s += &format!("defrate {} ", rate_text(v));
    }
    if let Some(v) = u(&TCA_FQ_LOW_RATE_THRESHOLD).filter(|&v| v != 0) {
        s += &format!("low_rate_threshold {} ", rate_text(v));
    }
    if let Some(v) = u(&TCA_FQ_FLOW_REFILL_DELAY) {
        s += &format!("refill_delay {} ", time_text(v as u32));
    }
    if let Some(v) = u(&TCA_FQ_CE_THRESHOLD).filter(|&v| v != u64::from(u32::MAX)) {
        s += &format!("ce_threshold {} ", time_text(v as u32));
    }
    if let Some(v) = u(&TCA_FQ_TIMER_SLACK) {
        s += &format!("timer_slack {} ", time64_text(v));
    }
    if let Some(v) = u(&TCA_FQ_HORIZON) {
        s += &format!("horizon {} ", time_text(v as u32));
    }
    match u(&TCA_FQ_HORIZON_DROP) {
        Some(0) => s += "horizon_cap ",
        Some(_) => s += "horizon_drop ",
        None => {}
    }
    s.trim_end().to_owned()
}

/// q_cake.c's cake_print_opt: the attributes present, then the switches
/// tc always prints (nat or nonat, wash or nowash, the ACK filter, GSO
/// splitting, the ATM mode unless raw, the overhead).
fn cake_options(opts: &Value) -> String {
    let u = nested_u64(opts);
    let present = |key: &Key| {
        opts.as_nested()
            .and_then(|a| crate::common::value::find_key(a, key))
            .is_some()
    };
    let mode = |key: &Key, names: &[&str], what: &str| match u(key) {
        Some(v) => match names.get(v as usize) {
            Some(name) => format!("{name} "),
            None => format!("(?{what}?)"),
        },
        None => String::new(),
    };
    let mut s = String::new();
    match u(&TCA_CAKE_BASE_RATE64) {
        Some(0) => s += "bandwidth unlimited ",
        Some(r) => s += &format!("bandwidth {} ", rate_text(r)),
        None => {}
    }
    match u(&TCA_CAKE_AUTORATE) {
        Some(1) => s += "autorate-ingress ",
        Some(0) | None => {}
        Some(_) => s += "(?autorate?) ",
    }
    s += &mode(
        &TCA_CAKE_DIFFSERV_MODE,
        &["diffserv3", "diffserv4", "diffserv8", "besteffort", "precedence"],
        "diffserv",
    );
    s += &mode(
        &TCA_CAKE_FLOW_MODE,
        &[
            "flowblind",
            "srchost",
            "dsthost",
            "hosts",
            "flows",
            "dual-srchost",
            "dual-dsthost",
            "triple-isolate",
        ],
        "flowmode",
    );
    let on = |key: &Key| u(key).unwrap_or(0) != 0;
    s += if on(&TCA_CAKE_NAT) { "nat " } else { "nonat " };
    s += if on(&TCA_CAKE_WASH) { "wash " } else { "nowash " };
    if on(&TCA_CAKE_INGRESS) {
        s += "ingress ";
    }
    s += match u(&TCA_CAKE_ACK_FILTER).unwrap_or(0) {
        2 => "ack-filter-aggressive ",
        1 => "ack-filter ",
        _ => "no-ack-filter ",
    };
    s += if on(&TCA_CAKE_SPLIT_GSO) {
        "split-gso "
    } else {
        "no-split-gso "
    };
    if let Some(rtt) = u(&TCA_CAKE_RTT).filter(|&v| v != 0) {
        s += &format!("rtt {} ", time_text(rtt as u32));
    }
    let raw = present(&TCA_CAKE_RAW);
    if raw {
        s += "raw ";
    }
    match u(&TCA_CAKE_ATM).unwrap_or(0) {
        1 => s += "atm ",
        2 => s += "ptm ",
        _ if !raw => s += "noatm ",
        _ => {}
    }
    let overhead = opts
        .as_nested()
        .and_then(|a| crate::common::value::find_key(a, &TCA_CAKE_OVERHEAD))
        .and_then(Value::as_i64)
        .unwrap_or(0);
    s += &format!("overhead {overhead} ");
    if let Some(mpu) = u(&TCA_CAKE_MPU).filter(|&v| v != 0) {
        s += &format!("mpu {mpu} ");
    }
    if let Some(m) = u(&TCA_CAKE_MEMORY).filter(|&v| v != 0) {
        s += &format!("memlimit {} ", size_text(m as f64));
    }
    if let Some(mark) = u(&TCA_CAKE_FWMARK).filter(|&v| v != 0) {
        s += &format!("fwmark {mark:#x} ");
    }
    s.trim_end().to_owned()
}

/// q_sfq.c's sfq_print_opt (`struct tc_sfq_qopt_v1`).
fn sfq_options(opts: &Value) -> String {
    let f = |name: &str| opts.field(name).and_then(Value::as_i64).unwrap_or(0);
    let mut s = format!("limit {}p quantum {} ", f("limit"), size_text((f("quantum")) as f64));
    if f("depth") != 0 {
        s += &format!("depth {} ", f("depth"));
    }
    if f("headdrop") != 0 {
        s += "headdrop ";
    }
    s += &format!("divisor {} ", f("divisor"));
    if f("perturb_period") != 0 {
        s += &format!("perturb {}sec ", f("perturb_period"));
    }
    if f("qth_min") != 0 {
        s += &format!(
            "ewma {} min {} max {} probability {} ",
            f("Wlog"),
            size_text((f("qth_min")) as f64),
            size_text((f("qth_max")) as f64),
            crate::common::value::general(f("max_P") as f64 / 4_294_967_296.0)
        );
        // TC_RED_ECN, TC_RED_HARDDROP (tc_red_print_flags).
        if f("flags") & 1 != 0 {
            s += "ecn ";
        }
        if f("flags") & 2 != 0 {
            s += "harddrop ";
        }
    }
    s.trim_end().to_owned()
}

/// q_netem.c's netem_print_opt (the delay from the 64-bit attributes, as
/// iproute2 6.9 and later print it, else from the struct's ticks).
fn netem_options(opts: &Value) -> String {
    let f = |name: &str| opts.field(name).and_then(Value::as_u64).unwrap_or(0);
    let attrs = opts.field("attrs").and_then(Value::as_nested).unwrap_or(&[]);
    let find = |key: &Key| crate::common::value::find_key(attrs, key);
    let sub = |key: &Key, name: &str| {
        find(key)
            .and_then(|v| v.field(name))
            .and_then(Value::as_u64)
            .unwrap_or(0)
    };
    let percent = |v: u64| format!("{}%", general(100.0 * v as f64 / f64::from(u32::MAX)));
    let ticks_ns = |t: u64| (t as f64 / TICKS_PER_USEC * 1000.0) as u64;
    let mut s = format!("limit {}", f("limit"));
    let latency = find(&TCA_NETEM_LATENCY64)
        .and_then(Value::as_u64)
        .unwrap_or_else(|| ticks_ns(f("latency")));
    let jitter = find(&TCA_NETEM_JITTER64)
        .and_then(Value::as_u64)
        .unwrap_or_else(|| ticks_ns(f("jitter")));
    if latency != 0 {
        s += &format!(" delay {}", time64_text(latency));
        if jitter != 0 {
            s += &format!("  {}", time64_text(jitter));
            let corr = sub(&TCA_NETEM_CORR, "delay_corr");
            if corr != 0 {
                s += &format!(" {}", percent(corr));
            }
        }
    }
    if f("loss") != 0 {
        s += &format!(" loss {}", percent(f("loss")));
        if sub(&TCA_NETEM_CORR, "loss_corr") != 0 {
            s += &format!(" {}", percent(sub(&TCA_NETEM_CORR, "loss_corr")));
        }
    }
    if f("duplicate") != 0 {
        s += &format!(" duplicate {}", percent(f("duplicate")));
        if sub(&TCA_NETEM_CORR, "dup_corr") != 0 {
            s += &format!(" {}", percent(sub(&TCA_NETEM_CORR, "dup_corr")));
        }
    }
    for (word, key) in [("reorder", &TCA_NETEM_REORDER), ("corrupt", &TCA_NETEM_CORRUPT)] {
        let p = sub(key, "probability");
        if p != 0 {
            s += &format!(" {word} {}", percent(p));
            let c = sub(key, "correlation");
            if c != 0 {
                s += &format!(" {}", percent(c));
            }
        }
    }
    let rate = sub(&TCA_NETEM_RATE, "rate");
    if rate != 0 {
        let rate = find(&TCA_NETEM_RATE64).and_then(Value::as_u64).unwrap_or(rate);
        s += &format!(" rate {}", rate_text(rate));
        let signed = |name: &str| {
            find(&TCA_NETEM_RATE)
                .and_then(|v| v.field(name))
                .and_then(Value::as_i64)
                .unwrap_or(0)
        };
        if signed("packet_overhead") != 0 {
            s += &format!(" packetoverhead {}", signed("packet_overhead"));
        }
        if signed("cell_size") != 0 {
            s += &format!(" cellsize {}", signed("cell_size"));
        }
        if signed("cell_overhead") != 0 {
            s += &format!(" celloverhead {}", signed("cell_overhead"));
        }
    }
    if find(&TCA_NETEM_ECN).is_some() {
        s += " ecn ";
    }
    if f("gap") != 0 {
        s += &format!(" gap {}", f("gap"));
    }
    s.trim_end().to_owned()
}

/// tbf's part of a qdisc line, as q_tbf.c's tbf_print_opt writes it:
/// `rate 8Mbit burst 32000b lat 50.0ms`.
fn tbf_options(opts: &Value) -> String {
    let Some(attrs) = opts.as_nested() else {
        return String::new();
    };
    let find = |key: &Key| crate::common::value::find_key(attrs, key);
    let Some(parms) = find(&TCA_TBF_PARMS) else {
        return String::new();
    };
    let field = |name: &str| parms.field(name).and_then(Value::as_u64).unwrap_or(0);
    let rate = find(&TCA_TBF_RATE64)
        .and_then(Value::as_u64)
        .unwrap_or(field("rate"));
    let peak = find(&TCA_TBF_PRATE64)
        .and_then(Value::as_u64)
        .unwrap_or(field("peakrate"));
    let (buffer, mtu, limit) = (field("buffer") as u32, field("mtu") as u32, field("limit"));
    let mut s = format!(
        "rate {} burst {} ",
        rate_text(rate),
        size_text(xmit_size(rate, buffer))
    );
    if peak != 0 {
        s += &format!("peakrate {} ", rate_text(peak));
        if mtu != 0 {
            s += &format!("minburst {} ", size_text(xmit_size(peak, mtu)));
        }
    }
    let wait =
        |r: u64, ticks: u32| 1e6 * (limit as f64 / r as f64) - f64::from(ticks) / TICKS_PER_USEC;
    let mut latency = wait(rate, buffer);
    if peak != 0 {
        latency = latency.max(wait(peak, mtu));
    }
    if latency >= 0.0 {
        s += &format!("lat {} ", time_text(latency as u32));
    } else {
        s += &format!("limit {} ", size_text(limit as f64));
    }
    if field("overhead") != 0 {
        s += &format!("overhead {} ", field("overhead"));
    }
    s.trim_end().to_owned()
}

