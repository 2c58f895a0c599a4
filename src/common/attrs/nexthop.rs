//! Nexthop-object attributes (`linux/nexthop.h`): NHA_*, and the nested
//! families of resilient groups and their buckets.

use super::*;

/// `struct nexthop_grp`: a member of a group and its weight minus one.
const NEXTHOP_GRP: &[Field] = &[
    f("id", Width::U32),
    f("weight", Width::U8),
    f("weight_high", Width::U8),
    f("resvd2", Width::Pad(2)),
];

family! {
    /// Nexthop object attributes after `struct nhmsg` (`linux/nexthop.h`).
    pub NHA = "NHA" {
        1 NHA_ID: U32,
        2 NHA_GROUP: StructArray(NEXTHOP_GRP),
        3 NHA_GROUP_TYPE: U16,
        4 NHA_BLACKHOLE: Flag,
        5 NHA_OIF: U32,
        6 NHA_GATEWAY: Ip,
        7 NHA_ENCAP_TYPE: U16,
        8 NHA_ENCAP: Bytes,
        9 NHA_GROUPS: Flag,
        10 NHA_MASTER: U32,
        11 NHA_FDB: Flag,
        12 NHA_RES_GROUP: Nested(&NHA_RES_GROUP_TABLE),
        13 NHA_RES_BUCKET: Nested(&NHA_RES_BUCKET_TABLE),
        14 NHA_OP_FLAGS: U32,
        15 NHA_GROUP_STATS: Bytes,
        16 NHA_HW_STATS_ENABLE: U32,
        17 NHA_HW_STATS_USED: U32,
    }
}

family! {
    /// NHA_RES_GROUP: a resilient group's buckets and timers.
    // (NHA_RES_GROUP_PAD is 0, the same number as UNSPEC.)
    pub NHA_RES_GROUP_TABLE = "NHA_RES_GROUP" {
        1 NHA_RES_GROUP_BUCKETS: U16,
        2 NHA_RES_GROUP_IDLE_TIMER: U32,
        3 NHA_RES_GROUP_UNBALANCED_TIMER: U32,
        4 NHA_RES_GROUP_UNBALANCED_TIME: U64,
    }
}

family! {
    /// NHA_RES_BUCKET: one bucket of a resilient group.
    // (NHA_RES_BUCKET_PAD is 0, the same number as UNSPEC.)
    pub NHA_RES_BUCKET_TABLE = "NHA_RES_BUCKET" {
        1 NHA_RES_BUCKET_INDEX: U16,
        2 NHA_RES_BUCKET_IDLE_TIME: U64,
        3 NHA_RES_BUCKET_NH_ID: U32,
    }
}
