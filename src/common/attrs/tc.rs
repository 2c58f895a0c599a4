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

/// A struct of two `struct tc_ratespec`s (the second's fields named with
/// `second`'s prefix and rate name) followed by `tail`: `N` is 12 plus
/// the tail's length.
const fn two_rates<const T: usize, const N: usize>(
    second: [&'static str; 6],
    tail: [Field; T],
) -> [Field; N] {
    assert!(N == 12 + T);
    let first = [
        "cell_log",
        "linklayer",
        "overhead",
        "cell_align",
        "mpu",
        "rate",
    ];
    let widths = [
        Width::U8,
        Width::U8,
        Width::U16,
        Width::U16,
        Width::U16,
        Width::U32,
    ];
    let mut out = [f("", Width::U8); N];
    let mut i = 0;
    while i < 6 {
        out[i] = f(first[i], widths[i]);
        out[6 + i] = f(second[i], widths[i]);
        i += 1;
    }
    let mut t = 0;
    while t < T {
        out[12 + t] = tail[t];
        t += 1;
    }
    out
}

/// A struct of `head`, two `struct tc_ratespec`s (the second's fields
/// named from `second`), then `tail`: `N` is `H` + 12 + `T`.
const fn two_rates_between<const H: usize, const T: usize, const N: usize>(
    head: [Field; H],
    second: [&'static str; 6],
    tail: [Field; T],
) -> [Field; N] {
    assert!(N == H + 12 + T);
    let rates: [Field; 12] = two_rates::<0, 12>(second, []);
    let mut out = [f("", Width::U8); N];
    let mut i = 0;
    while i < H {
        out[i] = head[i];
        i += 1;
    }
    let mut r = 0;
    while r < 12 {
        out[H + r] = rates[r];
        r += 1;
    }
    let mut t = 0;
    while t < T {
        out[H + 12 + t] = tail[t];
        t += 1;
    }
    out
}

/// `struct tc_htb_glob`: an htb qdisc's settings.
const TC_HTB_GLOB: &[Field] = &[
    f("version", Width::U32),
    f("rate2quantum", Width::U32),
    f("defcls", Width::U32),
    f("debug", Width::U32),
    f("direct_pkts", Width::U32),
];

/// `struct tc_htb_opt`: an htb class's settings (rate, ceil, then its own).
const TC_HTB_OPT: &[Field] = &two_rates::<5, 17>(
    [
        "ceil_cell_log",
        "ceil_linklayer",
        "ceil_overhead",
        "ceil_cell_align",
        "ceil_mpu",
        "ceil",
    ],
    [
        f("buffer", Width::U32),
        f("cbuffer", Width::U32),
        f("quantum", Width::U32),
        f("level", Width::U32),
        f("prio", Width::U32),
    ],
);

/// The field names of a second `struct tc_ratespec` that is a peak rate.
const PEAK_RATE: [&str; 6] = [
    "peak_cell_log",
    "peak_linklayer",
    "peak_overhead",
    "peak_cell_align",
    "peak_mpu",
    "peakrate",
];

/// `struct tc_tbf_qopt` (rate, peak rate, then its own).
const TC_TBF_QOPT: &[Field] = &two_rates::<3, 15>(
    PEAK_RATE,
    [
        f("limit", Width::U32),
        f("buffer", Width::U32),
        f("mtu", Width::U32),
    ],
);

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

family! {
    /// An fq_codel qdisc's TCA_OPTIONS (times in microseconds).
    pub TCA_FQ_CODEL = "TCA_FQ_CODEL" {
        1 TCA_FQ_CODEL_TARGET: U32,
        2 TCA_FQ_CODEL_LIMIT: U32,
        3 TCA_FQ_CODEL_INTERVAL: U32,
        4 TCA_FQ_CODEL_ECN: U32,
        5 TCA_FQ_CODEL_FLOWS: U32,
        6 TCA_FQ_CODEL_QUANTUM: U32,
        7 TCA_FQ_CODEL_CE_THRESHOLD: U32,
        8 TCA_FQ_CODEL_DROP_BATCH_SIZE: U32,
        9 TCA_FQ_CODEL_MEMORY_LIMIT: U32,
        10 TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR: U8,
        11 TCA_FQ_CODEL_CE_THRESHOLD_MASK: U8,
    }
}

family! {
    /// A u32 filter's TCA_OPTIONS.
    pub TCA_U32 = "TCA_U32" {
        1 TCA_U32_CLASSID: U32,
        2 TCA_U32_HASH: U32,
        3 TCA_U32_LINK: U32,
        4 TCA_U32_DIVISOR: U32,
        5 TCA_U32_SEL: Special(Special::U32Sel),
        6 TCA_U32_POLICE: Bytes,
        7 TCA_U32_ACT: Special(Special::Actions),
        8 TCA_U32_INDEV: Str,
        9 TCA_U32_PCNT: Bytes,
        10 TCA_U32_MARK: Bytes,
        11 TCA_U32_FLAGS: U32,
        12 TCA_U32_PAD: Bytes,
    }
}

/// `struct tc_netem_qopt`: the head of netem's TCA_OPTIONS (times in
/// scheduler ticks, probabilities scaled to u32::MAX).
pub const TC_NETEM_QOPT: &[Field] = &[
    f("latency", Width::U32),
    f("limit", Width::U32),
    f("loss", Width::U32),
    f("gap", Width::U32),
    f("duplicate", Width::U32),
    f("jitter", Width::U32),
];

/// `struct tc_netem_corr`.
const TC_NETEM_CORR: &[Field] = &[
    f("delay_corr", Width::U32),
    f("loss_corr", Width::U32),
    f("dup_corr", Width::U32),
];

/// `struct tc_netem_reorder` and `struct tc_netem_corrupt`.
const TC_NETEM_PROBABILITY: &[Field] =
    &[f("probability", Width::U32), f("correlation", Width::U32)];

/// `struct tc_netem_rate`.
const TC_NETEM_RATE: &[Field] = &[
    f("rate", Width::U32),
    f("packet_overhead", Width::I32),
    f("cell_size", Width::U32),
    f("cell_overhead", Width::I32),
];

family! {
    /// The attributes after netem's `struct tc_netem_qopt`.
    pub TCA_NETEM = "TCA_NETEM" {
        1 TCA_NETEM_CORR: Struct(TC_NETEM_CORR),
        2 TCA_NETEM_DELAY_DIST: Bytes,
        3 TCA_NETEM_REORDER: Struct(TC_NETEM_PROBABILITY),
        4 TCA_NETEM_CORRUPT: Struct(TC_NETEM_PROBABILITY),
        5 TCA_NETEM_LOSS: Bytes,
        6 TCA_NETEM_RATE: Struct(TC_NETEM_RATE),
        7 TCA_NETEM_ECN: U32,
        8 TCA_NETEM_RATE64: U64,
        9 TCA_NETEM_PAD: Bytes,
        10 TCA_NETEM_LATENCY64: U64,
        11 TCA_NETEM_JITTER64: U64,
        12 TCA_NETEM_SLOT: Bytes,
        13 TCA_NETEM_SLOT_DIST: Bytes,
        14 TCA_NETEM_PRNG_SEED: U64,
    }
}

family! {
    /// A flower filter's TCA_OPTIONS (the keys rtsock sends, and more).
    pub TCA_FLOWER = "TCA_FLOWER" {
        1 TCA_FLOWER_CLASSID: U32,
        2 TCA_FLOWER_INDEV: Str,
        3 TCA_FLOWER_ACT: Special(Special::Actions),
        4 TCA_FLOWER_KEY_ETH_DST: LinkAddr,
        5 TCA_FLOWER_KEY_ETH_DST_MASK: LinkAddr,
        6 TCA_FLOWER_KEY_ETH_SRC: LinkAddr,
        7 TCA_FLOWER_KEY_ETH_SRC_MASK: LinkAddr,
        8 TCA_FLOWER_KEY_ETH_TYPE: Be16,
        9 TCA_FLOWER_KEY_IP_PROTO: U8,
        10 TCA_FLOWER_KEY_IPV4_SRC: Ip,
        11 TCA_FLOWER_KEY_IPV4_SRC_MASK: Ip,
        12 TCA_FLOWER_KEY_IPV4_DST: Ip,
        13 TCA_FLOWER_KEY_IPV4_DST_MASK: Ip,
        14 TCA_FLOWER_KEY_IPV6_SRC: Ip,
        15 TCA_FLOWER_KEY_IPV6_SRC_MASK: Ip,
        16 TCA_FLOWER_KEY_IPV6_DST: Ip,
        17 TCA_FLOWER_KEY_IPV6_DST_MASK: Ip,
        18 TCA_FLOWER_KEY_TCP_SRC: Be16,
        19 TCA_FLOWER_KEY_TCP_DST: Be16,
        20 TCA_FLOWER_KEY_UDP_SRC: Be16,
        21 TCA_FLOWER_KEY_UDP_DST: Be16,
        22 TCA_FLOWER_FLAGS: U32,
        23 TCA_FLOWER_KEY_VLAN_ID: U16,
        24 TCA_FLOWER_KEY_VLAN_PRIO: U8,
        25 TCA_FLOWER_KEY_VLAN_ETH_TYPE: Be16,
        35 TCA_FLOWER_KEY_TCP_SRC_MASK: Be16,
        36 TCA_FLOWER_KEY_TCP_DST_MASK: Be16,
        37 TCA_FLOWER_KEY_UDP_SRC_MASK: Be16,
        38 TCA_FLOWER_KEY_UDP_DST_MASK: Be16,
        39 TCA_FLOWER_KEY_SCTP_SRC_MASK: Be16,
        40 TCA_FLOWER_KEY_SCTP_DST_MASK: Be16,
        41 TCA_FLOWER_KEY_SCTP_SRC: Be16,
        42 TCA_FLOWER_KEY_SCTP_DST: Be16,
    }
}

family! {
    /// A matchall filter's TCA_OPTIONS.
    pub TCA_MATCHALL = "TCA_MATCHALL" {
        1 TCA_MATCHALL_CLASSID: U32,
        2 TCA_MATCHALL_ACT: Special(Special::Actions),
        3 TCA_MATCHALL_FLAGS: U32,
        4 TCA_MATCHALL_PCNT: Bytes,
        5 TCA_MATCHALL_PAD: Bytes,
    }
}

family! {
    /// A fw filter's TCA_OPTIONS (classify by firewall mark).
    pub TCA_FW = "TCA_FW" {
        1 TCA_FW_CLASSID: U32,
        2 TCA_FW_POLICE: Bytes,
        3 TCA_FW_INDEV: Str,
        4 TCA_FW_ACT: Special(Special::Actions),
        5 TCA_FW_MASK: U32,
    }
}

family! {
    /// A basic filter's TCA_OPTIONS (extended matches, a class, actions).
    pub TCA_BASIC = "TCA_BASIC" {
        1 TCA_BASIC_CLASSID: U32,
        2 TCA_BASIC_EMATCHES: Bytes,
        3 TCA_BASIC_ACT: Special(Special::Actions),
        4 TCA_BASIC_POLICE: Bytes,
        5 TCA_BASIC_PCNT: Bytes,
        6 TCA_BASIC_PAD: Bytes,
    }
}

family! {
    /// A bpf filter's TCA_OPTIONS: classic bytecode (`struct sock_filter`
    /// array) or an eBPF program's fd, name, tag and id.
    pub TCA_BPF = "TCA_BPF" {
        1 TCA_BPF_ACT: Special(Special::Actions),
        2 TCA_BPF_POLICE: Bytes,
        3 TCA_BPF_CLASSID: U32,
        4 TCA_BPF_OPS_LEN: U16,
        5 TCA_BPF_OPS: StructArray(SOCK_FILTER),
        6 TCA_BPF_FD: U32,
        7 TCA_BPF_NAME: Str,
        8 TCA_BPF_FLAGS: U32,
        9 TCA_BPF_FLAGS_GEN: U32,
        10 TCA_BPF_TAG: Bytes,
        11 TCA_BPF_ID: U32,
    }
}

/// `struct sock_filter`: one classic BPF instruction.
const SOCK_FILTER: &[Field] = &[
    f("code", Width::U16),
    f("jt", Width::U8),
    f("jf", Width::U8),
    f("k", Width::U32),
];

/// `struct tc_gact`: a generic action's parameters (`tc_gen`).
const TC_GEN: &[Field] = &[
    f("index", Width::U32),
    f("capab", Width::U32),
    f("action", Width::I32),
    f("refcnt", Width::I32),
    f("bindcnt", Width::I32),
];

/// `struct tc_mirred`: `tc_gen`, then the mirror or redirect and the device.
const TC_MIRRED: &[Field] = &[
    f("index", Width::U32),
    f("capab", Width::U32),
    f("action", Width::I32),
    f("refcnt", Width::I32),
    f("bindcnt", Width::I32),
    f("eaction", Width::I32),
    f("ifindex", Width::U32),
];

family! {
    /// One action of a list (TCA_U32_ACT and the like hold them by order).
    pub TCA_ACT = "TCA_ACT" {
        1 TCA_ACT_KIND: Str,
        2 TCA_ACT_OPTIONS: Bytes,
        3 TCA_ACT_INDEX: U32,
        4 TCA_ACT_STATS: Nested(&TCA_STATS_TABLE),
        5 TCA_ACT_PAD: Bytes,
        6 TCA_ACT_COOKIE: Bytes,
        7 TCA_ACT_FLAGS: Bytes,
        8 TCA_ACT_HW_STATS: Bytes,
        9 TCA_ACT_USED_HW_STATS: Bytes,
        10 TCA_ACT_IN_HW_COUNT: U32,
    }
}

/// `struct nla_bitfield32`: the bits, and which of them are meant.
const BITFIELD32: &[Field] = &[f("value", Width::U32), f("selector", Width::U32)];

family! {
    /// RTM_NEWACTION's attributes after `struct tcamsg`: shared actions.
    pub TCA_ROOT = "TCA_ROOT" {
        1 TCA_ROOT_TAB: Special(Special::Actions),
        2 TCA_ROOT_FLAGS: Struct(BITFIELD32),
        3 TCA_ROOT_COUNT: U32,
        4 TCA_ROOT_TIME_DELTA: U32,
        5 TCA_ROOT_EXT_WARN_MSG: Str,
    }
}

family! {
    /// A gact action's TCA_ACT_OPTIONS (pass, drop, ...).
    pub TCA_GACT = "TCA_GACT" {
        1 TCA_GACT_TM: Bytes,
        2 TCA_GACT_PARMS: Struct(TC_GEN),
        3 TCA_GACT_PROB: Bytes,
        4 TCA_GACT_PAD: Bytes,
    }
}

family! {
    /// A mirred action's TCA_ACT_OPTIONS (mirror or redirect to a device).
    pub TCA_MIRRED = "TCA_MIRRED" {
        1 TCA_MIRRED_TM: Bytes,
        2 TCA_MIRRED_PARMS: Struct(TC_MIRRED),
        3 TCA_MIRRED_PAD: Bytes,
        4 TCA_MIRRED_BLOCKID: U32,
    }
}

/// `struct tc_police`: a policer's parameters.
const TC_POLICE: &[Field] = &two_rates_between::<5, 3, 20>(
    [
        f("index", Width::U32),
        f("action", Width::I32),
        f("limit", Width::U32),
        f("burst", Width::U32),
        f("mtu", Width::U32),
    ],
    PEAK_RATE,
    [
        f("refcnt", Width::I32),
        f("bindcnt", Width::I32),
        f("capab", Width::U32),
    ],
);

family! {
    /// A police action's TCA_ACT_OPTIONS.
    pub TCA_POLICE = "TCA_POLICE" {
        1 TCA_POLICE_TBF: Struct(TC_POLICE),
        2 TCA_POLICE_RATE: Bytes,
        3 TCA_POLICE_PEAKRATE: Bytes,
        4 TCA_POLICE_AVRATE: U32,
        5 TCA_POLICE_RESULT: U32,
        6 TCA_POLICE_TM: Bytes,
        7 TCA_POLICE_PAD: Bytes,
        8 TCA_POLICE_RATE64: U64,
        9 TCA_POLICE_PEAKRATE64: U64,
        10 TCA_POLICE_PKTRATE64: U64,
        11 TCA_POLICE_PKTBURST64: U64,
    }
}

/// `struct tc_skbedit`: just `tc_gen`.
const TC_SKBEDIT: &[Field] = TC_GEN;

family! {
    /// A skbedit action's TCA_ACT_OPTIONS (priority, mark, queue, type).
    pub TCA_SKBEDIT = "TCA_SKBEDIT" {
        1 TCA_SKBEDIT_TM: Bytes,
        2 TCA_SKBEDIT_PARMS: Struct(TC_SKBEDIT),
        3 TCA_SKBEDIT_PRIORITY: U32,
        4 TCA_SKBEDIT_QUEUE_MAPPING: U16,
        5 TCA_SKBEDIT_MARK: U32,
        6 TCA_SKBEDIT_PAD: Bytes,
        7 TCA_SKBEDIT_PTYPE: U16,
        8 TCA_SKBEDIT_MASK: U32,
        9 TCA_SKBEDIT_FLAGS: U64,
        10 TCA_SKBEDIT_QUEUE_MAPPING_MAX: U16,
    }
}

/// `struct tc_vlan`: `tc_gen`, then what it does (TCA_VLAN_ACT_*).
const TC_VLAN: &[Field] = &[
    f("index", Width::U32),
    f("capab", Width::U32),
    f("action", Width::I32),
    f("refcnt", Width::I32),
    f("bindcnt", Width::I32),
    f("v_action", Width::I32),
];

family! {
    /// A vlan action's TCA_ACT_OPTIONS (pop, push, modify a tag).
    pub TCA_VLAN = "TCA_VLAN" {
        1 TCA_VLAN_TM: Bytes,
        2 TCA_VLAN_PARMS: Struct(TC_VLAN),
        3 TCA_VLAN_PUSH_VLAN_ID: U16,
        4 TCA_VLAN_PUSH_VLAN_PROTOCOL: Be16,
        5 TCA_VLAN_PAD: Bytes,
        6 TCA_VLAN_PUSH_VLAN_PRIORITY: U8,
        7 TCA_VLAN_PUSH_ETH_DST: LinkAddr,
        8 TCA_VLAN_PUSH_ETH_SRC: LinkAddr,
    }
}

family! {
    /// A pedit action's TCA_ACT_OPTIONS: `struct tc_pedit_sel` and its
    /// keys, and in the extended form each key's header type and command.
    pub TCA_PEDIT = "TCA_PEDIT" {
        1 TCA_PEDIT_TM: Bytes,
        2 TCA_PEDIT_PARMS: Special(Special::PeditSel),
        3 TCA_PEDIT_PAD: Bytes,
        4 TCA_PEDIT_PARMS_EX: Special(Special::PeditSel),
        // The keys' nest holds TCA_PEDIT_KEY_EX attributes of this family.
        5 TCA_PEDIT_KEYS_EX: Nested(&TCA_PEDIT),
        6 TCA_PEDIT_KEY_EX: Nested(&TCA_PEDIT_KEY_EX_TABLE),
    }
}

family! {
    /// One extended pedit key: the header it is relative to, and whether
    /// it sets or adds.
    pub TCA_PEDIT_KEY_EX_TABLE = "TCA_PEDIT_KEY_EX" {
        1 TCA_PEDIT_KEY_EX_HTYPE: U16,
        2 TCA_PEDIT_KEY_EX_CMD: U16,
    }
}

/// The family of an action kind's TCA_ACT_OPTIONS, when rtsock knows it.
pub fn action_options(kind: &str) -> Option<&'static Table> {
    Some(match kind {
        "gact" => &TCA_GACT,
        "mirred" => &TCA_MIRRED,
        "police" => &TCA_POLICE,
        "skbedit" => &TCA_SKBEDIT,
        "vlan" => &TCA_VLAN,
        "pedit" => &TCA_PEDIT,
        _ => return None,
    })
}

family! {
    /// An fq qdisc's TCA_OPTIONS (times in microseconds, rates in bytes
    /// per second).
    pub TCA_FQ = "TCA_FQ" {
        1 TCA_FQ_PLIMIT: U32,
        2 TCA_FQ_FLOW_PLIMIT: U32,
        3 TCA_FQ_QUANTUM: U32,
        4 TCA_FQ_INITIAL_QUANTUM: U32,
        5 TCA_FQ_RATE_ENABLE: U32,
        6 TCA_FQ_FLOW_DEFAULT_RATE: U32,
        7 TCA_FQ_FLOW_MAX_RATE: U32,
        8 TCA_FQ_BUCKETS_LOG: U32,
        9 TCA_FQ_FLOW_REFILL_DELAY: U32,
        10 TCA_FQ_ORPHAN_MASK: U32,
        11 TCA_FQ_LOW_RATE_THRESHOLD: U32,
        12 TCA_FQ_CE_THRESHOLD: U32,
        13 TCA_FQ_TIMER_SLACK: U32,
        14 TCA_FQ_HORIZON: U32,
        15 TCA_FQ_HORIZON_DROP: U8,
        16 TCA_FQ_PRIOMAP: Bytes,
        17 TCA_FQ_WEIGHTS: Bytes,
        18 TCA_FQ_OFFLOAD_HORIZON: U32,
    }
}

family! {
    /// A cake qdisc's TCA_OPTIONS.
    pub TCA_CAKE = "TCA_CAKE" {
        1 TCA_CAKE_PAD: Bytes,
        2 TCA_CAKE_BASE_RATE64: U64,
        3 TCA_CAKE_DIFFSERV_MODE: U32,
        4 TCA_CAKE_ATM: U32,
        5 TCA_CAKE_FLOW_MODE: U32,
        6 TCA_CAKE_OVERHEAD: I32,
        7 TCA_CAKE_RTT: U32,
        8 TCA_CAKE_TARGET: U32,
        9 TCA_CAKE_AUTORATE: U32,
        10 TCA_CAKE_MEMORY: U32,
        11 TCA_CAKE_NAT: U32,
        12 TCA_CAKE_RAW: U32,
        13 TCA_CAKE_WASH: U32,
        14 TCA_CAKE_MPU: U32,
        15 TCA_CAKE_INGRESS: U32,
        16 TCA_CAKE_ACK_FILTER: U32,
        17 TCA_CAKE_SPLIT_GSO: U32,
        18 TCA_CAKE_FWMARK: U32,
    }
}

/// `struct tc_sfq_qopt_v1`: sfq's whole TCA_OPTIONS (`struct
/// tc_sfq_qopt`, the per-flow depth and the SFQRED settings and counters).
pub const TC_SFQ_QOPT_V1: &[Field] = &[
    f("quantum", Width::U32),
    f("perturb_period", Width::I32),
    f("limit", Width::U32),
    f("divisor", Width::U32),
    f("flows", Width::U32),
    f("depth", Width::U32),
    f("headdrop", Width::U32),
    f("red_limit", Width::U32),
    f("qth_min", Width::U32),
    f("qth_max", Width::U32),
    f("Wlog", Width::U8),
    f("Plog", Width::U8),
    f("Scell_log", Width::U8),
    f("flags", Width::U8),
    f("max_P", Width::U32),
    f("prob_drop", Width::U32),
    f("forced_drop", Width::U32),
    f("prob_mark", Width::U32),
    f("forced_mark", Width::U32),
    f("prob_mark_head", Width::U32),
    f("forced_mark_head", Width::U32),
];

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
    /// A C struct, then attributes of a family (netem's layout), read as
    /// the struct's fields and an `attrs` field.
    StructThen(&'static [Field], &'static Table),
}

/// The shape of `kind`'s TCA_OPTIONS, when rtsock knows it.
pub fn tc_options(kind: &str) -> Option<TcOptions> {
    Some(match kind {
        "htb" => TcOptions::Nested(&TCA_HTB),
        "tbf" => TcOptions::Nested(&TCA_TBF),
        "fq_codel" => TcOptions::Nested(&TCA_FQ_CODEL),
        "fq" => TcOptions::Nested(&TCA_FQ),
        "cake" => TcOptions::Nested(&TCA_CAKE),
        "sfq" => TcOptions::Struct(TC_SFQ_QOPT_V1),
        "fw" => TcOptions::Nested(&TCA_FW),
        "basic" => TcOptions::Nested(&TCA_BASIC),
        "bpf" => TcOptions::Nested(&TCA_BPF),
        "u32" => TcOptions::Nested(&TCA_U32),
        "matchall" => TcOptions::Nested(&TCA_MATCHALL),
        "flower" => TcOptions::Nested(&TCA_FLOWER),
        "netem" => TcOptions::StructThen(TC_NETEM_QOPT, &TCA_NETEM),
        "pfifo" | "bfifo" | "pfifo_head_drop" => TcOptions::Struct(TC_FIFO_QOPT),
        "prio" | "pfifo_fast" => TcOptions::Struct(TC_PRIO_QOPT),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_structs_have_the_kernels_sizes_and_order() {
        let size = |fields: &[Field]| fields.iter().map(|f| f.width.size()).sum::<usize>();
        // sizeof(struct tc_htb_opt) = 2 * 12 + 5 * 4; tc_tbf_qopt = 2 * 12 + 3 * 4.
        assert_eq!(size(TC_HTB_OPT), 44);
        assert_eq!(size(TC_TBF_QOPT), 36);
        let names = |fields: &[Field]| fields.iter().map(|f| f.name).collect::<Vec<_>>();
        assert_eq!(names(TC_HTB_OPT)[5], "rate");
        assert_eq!(names(TC_HTB_OPT)[11], "ceil");
        assert_eq!(&names(TC_TBF_QOPT)[12..], ["limit", "buffer", "mtu"]);
        // sizeof(struct tc_police) = 5 * 4 + 2 * 12 + 3 * 4.
        assert_eq!(size(TC_POLICE), 56);
        assert_eq!(names(TC_POLICE)[10], "rate");
        assert_eq!(names(TC_POLICE)[16], "peakrate");
        assert_eq!(&names(TC_POLICE)[17..], ["refcnt", "bindcnt", "capab"]);
    }
}
