//! Traffic-control attributes (`linux/rtnetlink.h`, `linux/pkt_sched.h`,
//! `linux/gen_stats.h`): TCA_* after `struct tcmsg`, the statistics nest,
//! and the option families of the qdiscs whose TCA_OPTIONS are nested
//! (the decoder picks one by TCA_KIND; others stay bytes).

use super::*;

/// `struct tc_stats`: the old statistics block.
const TC_STATS: &[Field] = &[
    f("bytes", Width::U64),
    f("packets", Width::U32),
    f("drops", Width::U32),
    f("overlimits", Width::U32),
    f("bps", Width::U32),
    f("pps", Width::U32),
    f("qlen", Width::U32),
    f("backlog", Width::U32),
];

/// `struct gnet_stats_basic`: bytes and packets.
const GNET_BASIC: &[Field] = &[f("bytes", Width::U64), f("packets", Width::U32)];

/// `struct gnet_stats_queue`.
const GNET_QUEUE: &[Field] = &[
    f("qlen", Width::U32),
    f("backlog", Width::U32),
    f("drops", Width::U32),
    f("requeues", Width::U32),
    f("overlimits", Width::U32),
];

/// `struct gnet_stats_rate_est`.
const GNET_RATE_EST: &[Field] = &[f("bps", Width::U32), f("pps", Width::U32)];

/// `struct tc_ratespec`.
const fn ratespec(prefix_rate: &'static str) -> [Field; 6] {
    [
        f("cell_log", Width::U8),
        f("linklayer", Width::U8),
        f("overhead", Width::U16),
        f("cell_align", Width::U16),
        f("mpu", Width::U16),
        f(prefix_rate, Width::U32),
    ]
}

/// `struct tc_htb_glob`: an htb qdisc's settings.
const TC_HTB_GLOB: &[Field] = &[
    f("version", Width::U32),
    f("rate2quantum", Width::U32),
    f("defcls", Width::U32),
    f("debug", Width::U32),
    f("direct_pkts", Width::U32),
];

/// `struct tc_htb_opt`: an htb class's settings.
const TC_HTB_OPT: &[Field] = &{
    let rate = ratespec("rate");
    let ceil = ratespec("ceil");
    [
        rate[0],
        rate[1],
        rate[2],
        rate[3],
        rate[4],
        rate[5],
        f("ceil_cell_log", Width::U8),
        f("ceil_linklayer", Width::U8),
        f("ceil_overhead", Width::U16),
        f("ceil_cell_align", Width::U16),
        f("ceil_mpu", Width::U16),
        ceil[5],
        f("buffer", Width::U32),
        f("cbuffer", Width::U32),
        f("quantum", Width::U32),
        f("level", Width::U32),
        f("prio", Width::U32),
    ]
};

/// `struct tc_tbf_qopt`.
const TC_TBF_QOPT: &[Field] = &{
    let rate = ratespec("rate");
    [
        rate[0],
        rate[1],
        rate[2],
        rate[3],
        rate[4],
        rate[5],
        f("peak_cell_log", Width::U8),
        f("peak_linklayer", Width::U8),
        f("peak_overhead", Width::U16),
        f("peak_cell_align", Width::U16),
        f("peak_mpu", Width::U16),
        f("peakrate", Width::U32),
        f("limit", Width::U32),
        f("buffer", Width::U32),
        f("mtu", Width::U32),
    ]
};

family! {
    /// Traffic-control attributes after `struct tcmsg` (qdiscs, classes, filters).
    pub TCA = "TCA" {
        1 TCA_KIND: Str,
        2 TCA_OPTIONS: Bytes,
        3 TCA_STATS: Struct(TC_STATS),
        4 TCA_XSTATS: Bytes,
        5 TCA_RATE: Bytes,
        6 TCA_FCNT: U32,
        7 TCA_STATS2: Nested(&TCA_STATS_TABLE),
        8 TCA_STAB: Bytes,
        9 TCA_PAD: Bytes,
        10 TCA_DUMP_INVISIBLE: Flag,
        11 TCA_CHAIN: U32,
        12 TCA_HW_OFFLOAD: U8,
        13 TCA_INGRESS_BLOCK: U32,
        14 TCA_EGRESS_BLOCK: U32,
        15 TCA_DUMP_FLAGS: Bytes,
        16 TCA_EXT_WARN_MSG: Str,
    }
}

family! {
    /// The statistics nest, TCA_STATS2 (`linux/gen_stats.h`).
    pub TCA_STATS_TABLE = "TCA_STATS" {
        1 TCA_STATS_BASIC: Struct(GNET_BASIC),
        2 TCA_STATS_RATE_EST: Struct(GNET_RATE_EST),
        3 TCA_STATS_QUEUE: Struct(GNET_QUEUE),
        4 TCA_STATS_APP: Bytes,
        5 TCA_STATS_RATE_EST64: Bytes,
        6 TCA_STATS_PAD: Bytes,
        7 TCA_STATS_BASIC_HW: Struct(GNET_BASIC),
        8 TCA_STATS_PKT64: U64,
    }
}

family! {
    /// An htb qdisc's or class's TCA_OPTIONS.
    pub TCA_HTB = "TCA_HTB" {
        1 TCA_HTB_PARMS: Struct(TC_HTB_OPT),
        2 TCA_HTB_INIT: Struct(TC_HTB_GLOB),
        3 TCA_HTB_CTAB: Bytes,
        4 TCA_HTB_RTAB: Bytes,
        5 TCA_HTB_DIRECT_QLEN: U32,
        6 TCA_HTB_RATE64: U64,
        7 TCA_HTB_CEIL64: U64,
        8 TCA_HTB_PAD: Bytes,
        9 TCA_HTB_OFFLOAD: Flag,
    }
}

family! {
    /// A tbf qdisc's TCA_OPTIONS.
    pub TCA_TBF = "TCA_TBF" {
        1 TCA_TBF_PARMS: Struct(TC_TBF_QOPT),
        2 TCA_TBF_RTAB: Bytes,
        3 TCA_TBF_PTAB: Bytes,
        4 TCA_TBF_RATE64: U64,
        5 TCA_TBF_PRATE64: U64,
        6 TCA_TBF_BURST: U32,
        7 TCA_TBF_PBURST: U32,
        8 TCA_TBF_PAD: Bytes,
    }
}

/// `struct tc_fifo_qopt`: pfifo's and bfifo's whole TCA_OPTIONS.
pub const TC_FIFO_QOPT: &[Field] = &[f("limit", Width::U32)];

/// `struct tc_prio_qopt`: prio's and pfifo_fast's whole TCA_OPTIONS (the
/// priomap's 16 bytes follow `bands`).
pub const TC_PRIO_QOPT: &[Field] = &[f("bands", Width::I32)];

/// How a qdisc kind's TCA_OPTIONS read: a nested family, a bare struct, or
/// nothing rtsock knows (kept as bytes).
pub enum TcOptions {
    /// Attributes of this family.
    Nested(&'static Table),
    /// One C struct.
    Struct(&'static [Field]),
}

/// The shape of `kind`'s TCA_OPTIONS, when rtsock knows it.
pub fn tc_options(kind: &str) -> Option<TcOptions> {
    Some(match kind {
        "htb" => TcOptions::Nested(&TCA_HTB),
        "tbf" => TcOptions::Nested(&TCA_TBF),
        "pfifo" | "bfifo" | "pfifo_head_drop" => TcOptions::Struct(TC_FIFO_QOPT),
        "prio" | "pfifo_fast" => TcOptions::Struct(TC_PRIO_QOPT),
        _ => return None,
    })
}
