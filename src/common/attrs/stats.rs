//! IFLA_STATS_*: link statistics (`ip stats`, RTM_GETSTATS).

use super::*;

family! {
    /// The attributes of an RTM_NEWSTATS message.
    pub IFLA_STATS_TABLE = "IFLA_STATS" {
        1 IFLA_STATS_LINK_64: Struct(LINK_STATS64),
        2 IFLA_STATS_LINK_XSTATS: Bytes,
        3 IFLA_STATS_LINK_XSTATS_SLAVE: Bytes,
        4 IFLA_STATS_LINK_OFFLOAD_XSTATS: Bytes,
        5 IFLA_STATS_AF_SPEC: Bytes,
    }
}
