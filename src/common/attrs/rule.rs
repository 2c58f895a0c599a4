//! Policy-rule attributes (`linux/fib_rules.h`).

use super::*;

const PORT_RANGE: &[Field] = &[f("start", Width::U16), f("end", Width::U16)];

family! {
    /// Rule attributes after `struct fib_rule_hdr` (`linux/fib_rules.h`).
    pub FRA = "FRA" {
        1 FRA_DST: Ip,
        2 FRA_SRC: Ip,
        3 FRA_IIFNAME: Str,
        4 FRA_GOTO: U32,
        5 FRA_UNUSED2: Bytes,
        6 FRA_PRIORITY: U32,
        7 FRA_UNUSED3: Bytes,
        8 FRA_UNUSED4: Bytes,
        9 FRA_UNUSED5: Bytes,
        10 FRA_FWMARK: U32,
        11 FRA_FLOW: U32,
        12 FRA_TUN_ID: U64,
        13 FRA_SUPPRESS_IFGROUP: U32,
        14 FRA_SUPPRESS_PREFIXLEN: U32,
        15 FRA_TABLE: U32,
        16 FRA_FWMASK: U32,
        17 FRA_OIFNAME: Str,
        18 FRA_PAD: Bytes,
        19 FRA_L3MDEV: U8,
        20 FRA_UID_RANGE: Struct(&[f("start", Width::U32), f("end", Width::U32)]),
        21 FRA_PROTOCOL: U8,
        22 FRA_IP_PROTO: U8,
        23 FRA_SPORT_RANGE: Struct(PORT_RANGE),
        24 FRA_DPORT_RANGE: Struct(PORT_RANGE),
        25 FRA_DSCP: U8,
        26 FRA_FLOWLABEL: Be32,
        27 FRA_FLOWLABEL_MASK: Be32,
        28 FRA_SPORT_MASK: U16,
        29 FRA_DPORT_MASK: U16,
        30 FRA_DSCP_MASK: U8,
    }
}
