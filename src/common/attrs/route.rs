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

family! {
    /// RTA_ENCAP of an `encap ip` route (LWTUNNEL_ENCAP_IP).
    pub LWTUNNEL_IP = "LWTUNNEL_IP" {
        1 LWTUNNEL_IP_ID: Bytes,
        2 LWTUNNEL_IP_DST: Ip,
        3 LWTUNNEL_IP_SRC: Ip,
        4 LWTUNNEL_IP_TTL: U8,
        5 LWTUNNEL_IP_TOS: U8,
        6 LWTUNNEL_IP_FLAGS: U16,
        7 LWTUNNEL_IP_PAD: Bytes,
        8 LWTUNNEL_IP_OPTS: Bytes,
    }
}

family! {
    /// RTA_ENCAP of an `encap seg6` route (LWTUNNEL_ENCAP_SEG6).
    pub SEG6_IPTUNNEL = "SEG6_IPTUNNEL" {
        1 SEG6_IPTUNNEL_SRH: Special(Special::Seg6Encap),
    }
}

family! {
    /// RTA_ENCAP of an `encap mpls` route (LWTUNNEL_ENCAP_MPLS).
    pub MPLS_IPTUNNEL = "MPLS_IPTUNNEL" {
        1 MPLS_IPTUNNEL_DST: Special(Special::MplsLabels),
        2 MPLS_IPTUNNEL_TTL: U8,
    }
}

family! {
    /// RTA_ENCAP of an `encap ip6` route (LWTUNNEL_ENCAP_IP6).
    pub LWTUNNEL_IP6 = "LWTUNNEL_IP6" {
        1 LWTUNNEL_IP6_ID: Bytes,
        2 LWTUNNEL_IP6_DST: Ip,
        3 LWTUNNEL_IP6_SRC: Ip,
        4 LWTUNNEL_IP6_HOPLIMIT: U8,
        5 LWTUNNEL_IP6_TC: U8,
        6 LWTUNNEL_IP6_FLAGS: U16,
        7 LWTUNNEL_IP6_PAD: Bytes,
        8 LWTUNNEL_IP6_OPTS: Bytes,
    }
}

family! {
    /// RTA_ENCAP of an `encap seg6local` route (LWTUNNEL_ENCAP_SEG6_LOCAL).
    pub SEG6_LOCAL = "SEG6_LOCAL" {
        1 SEG6_LOCAL_ACTION: U32,
        2 SEG6_LOCAL_SRH: Bytes,
        3 SEG6_LOCAL_TABLE: U32,
        4 SEG6_LOCAL_NH4: Ip,
        5 SEG6_LOCAL_NH6: Ip,
        6 SEG6_LOCAL_IIF: U32,
        7 SEG6_LOCAL_OIF: U32,
        8 SEG6_LOCAL_BPF: Bytes,
        9 SEG6_LOCAL_VRFTABLE: U32,
        10 SEG6_LOCAL_COUNTERS: Bytes,
        11 SEG6_LOCAL_FLAVORS: Bytes,
    }
}

family! {
    /// RTA_ENCAP of an `encap bpf` route (LWTUNNEL_ENCAP_BPF): the
    /// programs run on input, output and transmit.
    pub LWT_BPF = "LWT_BPF" {
        1 LWT_BPF_IN: Nested(&LWT_BPF_PROG),
        2 LWT_BPF_OUT: Nested(&LWT_BPF_PROG),
        3 LWT_BPF_XMIT: Nested(&LWT_BPF_PROG),
        4 LWT_BPF_XMIT_HEADROOM: U32,
    }
}

family! {
    /// One program of an `encap bpf` route.
    pub LWT_BPF_PROG = "LWT_BPF_PROG" {
        1 LWT_BPF_PROG_FD: U32,
        2 LWT_BPF_PROG_NAME: Str,
    }
}

/// LWTUNNEL_ENCAP_BPF: RTA_ENCAP_TYPE of an `encap bpf` route (read only:
/// loading its programs is the caller's business).
pub const LWTUNNEL_ENCAP_BPF: u16 = 6;
/// LWTUNNEL_ENCAP_MPLS: RTA_ENCAP_TYPE of an `encap mpls` route.
pub const LWTUNNEL_ENCAP_MPLS: u16 = 1;
/// LWTUNNEL_ENCAP_IP6: RTA_ENCAP_TYPE of an `encap ip6` route.
pub const LWTUNNEL_ENCAP_IP6: u16 = 4;
/// LWTUNNEL_ENCAP_SEG6_LOCAL: RTA_ENCAP_TYPE of an `encap seg6local` route.
pub const LWTUNNEL_ENCAP_SEG6_LOCAL: u16 = 7;
/// LWTUNNEL_ENCAP_IP: RTA_ENCAP_TYPE of an `encap ip` route.
pub const LWTUNNEL_ENCAP_IP: u16 = 2;
/// LWTUNNEL_ENCAP_SEG6: RTA_ENCAP_TYPE of an `encap seg6` route.
pub const LWTUNNEL_ENCAP_SEG6: u16 = 5;

/// The family of RTA_ENCAP for an RTA_ENCAP_TYPE, when rtsock knows it.
pub fn encap_table(kind: u16) -> Option<&'static Table> {
    match kind {
        LWTUNNEL_ENCAP_IP => Some(&LWTUNNEL_IP),
        LWTUNNEL_ENCAP_SEG6 => Some(&SEG6_IPTUNNEL),
        LWTUNNEL_ENCAP_MPLS => Some(&MPLS_IPTUNNEL),
        LWTUNNEL_ENCAP_IP6 => Some(&LWTUNNEL_IP6),
        LWTUNNEL_ENCAP_SEG6_LOCAL => Some(&SEG6_LOCAL),
        LWTUNNEL_ENCAP_BPF => Some(&LWT_BPF),
        _ => None,
    }
}
