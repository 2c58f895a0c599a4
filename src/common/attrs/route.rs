//! Route attributes and metrics (`linux/rtnetlink.h`).

use super::*;

const RTA_CACHEINFO_FIELDS: &[Field] = &[
    f("rta_clntref", Width::U32),
    f("rta_lastuse", Width::U32),
    f("rta_expires", Width::I32),
    f("rta_error", Width::U32),
    f("rta_used", Width::U32),
    f("rta_id", Width::U32),
    f("rta_ts", Width::U32),
    f("rta_tsage", Width::U32),
];

const RTA_MFC_STATS_FIELDS: &[Field] = &[
    f("mfcs_packets", Width::U64),
    f("mfcs_bytes", Width::U64),
    f("mfcs_wrong_if", Width::U64),
];

family! {
    /// Route attributes after `struct rtmsg` (`linux/rtnetlink.h`).
    pub RTA = "RTA" {
        1 RTA_DST: Ip,
        2 RTA_SRC: Ip,
        3 RTA_IIF: U32,
        4 RTA_OIF: U32,
        5 RTA_GATEWAY: Ip,
        6 RTA_PRIORITY: U32,
        7 RTA_PREFSRC: Ip,
        8 RTA_METRICS: Nested(&RTAX),
        9 RTA_MULTIPATH: Special(Special::Multipath),
        10 RTA_PROTOINFO: Bytes,
        11 RTA_FLOW: U32,
        12 RTA_CACHEINFO: Struct(RTA_CACHEINFO_FIELDS),
        13 RTA_SESSION: Bytes,
        14 RTA_MP_ALGO: U32,
        15 RTA_TABLE: U32,
        16 RTA_MARK: U32,
        17 RTA_MFC_STATS: Struct(RTA_MFC_STATS_FIELDS),
        18 RTA_VIA: Special(Special::Via),
        19 RTA_NEWDST: Special(Special::MplsLabels),
        20 RTA_PREF: U8,
        21 RTA_ENCAP_TYPE: U16,
        22 RTA_ENCAP: Bytes,
        23 RTA_EXPIRES: UInt,
        24 RTA_PAD: Bytes,
        25 RTA_UID: U32,
        26 RTA_TTL_PROPAGATE: U8,
        27 RTA_IP_PROTO: U8,
        28 RTA_SPORT: Be16,
        29 RTA_DPORT: Be16,
        30 RTA_NH_ID: U32,
        31 RTA_FLOWLABEL: Be32,
    }
}

family! {
    /// Route metrics, nested in RTA_METRICS (`linux/rtnetlink.h`).
    pub RTAX = "RTAX" {
        1 RTAX_LOCK: U32,
        2 RTAX_MTU: U32,
        3 RTAX_WINDOW: U32,
        4 RTAX_RTT: U32,
        5 RTAX_RTTVAR: U32,
        6 RTAX_SSTHRESH: U32,
        7 RTAX_CWND: U32,
        8 RTAX_ADVMSS: U32,
        9 RTAX_REORDERING: U32,
        10 RTAX_HOPLIMIT: U32,
        11 RTAX_INITCWND: U32,
        12 RTAX_FEATURES: U32,
        13 RTAX_RTO_MIN: U32,
        14 RTAX_INITRWND: U32,
        15 RTAX_QUICKACK: U32,
        16 RTAX_CC_ALGO: Str,
        17 RTAX_FASTOPEN_NO_COOKIE: U32,
    }
}
