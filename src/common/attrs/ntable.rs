//! Neighbour-table attributes (`linux/neighbour.h`): NDTA_* after `struct
//! ndtmsg`, and the per-table or per-device parameters NDTPA_*.

use super::*;

/// `struct ndt_config`: the table's hash and size (read only).
const NDT_CONFIG: &[Field] = &[
    f("key_len", Width::U16),
    f("entry_size", Width::U16),
    f("entries", Width::U32),
    f("last_flush", Width::U32),
    f("last_rand", Width::U32),
    f("hash_rnd", Width::U32),
    f("hash_mask", Width::U32),
    f("hash_chain_gc", Width::U32),
    f("proxy_qlen", Width::U32),
];

/// `struct ndt_stats`: the table's counters.
const NDT_STATS: &[Field] = &[
    f("allocs", Width::U64),
    f("destroys", Width::U64),
    f("hash_grows", Width::U64),
    f("res_failed", Width::U64),
    f("lookups", Width::U64),
    f("hits", Width::U64),
    f("rcv_probes_mcast", Width::U64),
    f("rcv_probes_ucast", Width::U64),
    f("periodic_gc_runs", Width::U64),
    f("forced_gc_runs", Width::U64),
    f("table_fulls", Width::U64),
];

family! {
    /// Neighbour-table attributes after `struct ndtmsg` (times in ms).
    pub NDTA = "NDTA" {
        1 NDTA_NAME: Str,
        2 NDTA_THRESH1: U32,
        3 NDTA_THRESH2: U32,
        4 NDTA_THRESH3: U32,
        5 NDTA_CONFIG: Struct(NDT_CONFIG),
        6 NDTA_PARMS: Nested(&NDTPA),
        7 NDTA_STATS: Struct(NDT_STATS),
        8 NDTA_GC_INTERVAL: U64,
        9 NDTA_PAD: Bytes,
    }
}

family! {
    /// A table's default parameters, or one device's (NDTPA_IFINDEX).
    pub NDTPA = "NDTPA" {
        1 NDTPA_IFINDEX: U32,
        2 NDTPA_REFCNT: U32,
        3 NDTPA_REACHABLE_TIME: U64,
        4 NDTPA_BASE_REACHABLE_TIME: U64,
        5 NDTPA_RETRANS_TIME: U64,
        6 NDTPA_GC_STALETIME: U64,
        7 NDTPA_DELAY_PROBE_TIME: U64,
        8 NDTPA_QUEUE_LEN: U32,
        9 NDTPA_APP_PROBES: U32,
        10 NDTPA_UCAST_PROBES: U32,
        11 NDTPA_MCAST_PROBES: U32,
        12 NDTPA_ANYCAST_DELAY: U64,
        13 NDTPA_PROXY_DELAY: U64,
        14 NDTPA_PROXY_QLEN: U32,
        15 NDTPA_LOCKTIME: U64,
        16 NDTPA_QUEUE_LENBYTES: U32,
        17 NDTPA_MCAST_REPROBES: U32,
        18 NDTPA_PAD: Bytes,
        19 NDTPA_INTERVAL_PROBE_TIME_MS: U64,
    }
}
