//! Address attributes (`linux/if_addr.h`).

use super::*;

const IFA_CACHEINFO_FIELDS: &[Field] = &[
    f("ifa_preferred", Width::U32),
    f("ifa_valid", Width::U32),
    f("cstamp", Width::U32),
    f("tstamp", Width::U32),
];

family! {
    /// Address attributes after `struct ifaddrmsg` (`linux/if_addr.h`).
    pub IFA = "IFA" {
        1 IFA_ADDRESS: Ip,
        2 IFA_LOCAL: Ip,
        3 IFA_LABEL: Str,
        4 IFA_BROADCAST: Ip,
        5 IFA_ANYCAST: Ip,
        6 IFA_CACHEINFO: Struct(IFA_CACHEINFO_FIELDS),
        7 IFA_MULTICAST: Ip,
        8 IFA_FLAGS: U32,
        9 IFA_RT_PRIORITY: U32,
        10 IFA_TARGET_NETNSID: I32,
        11 IFA_PROTO: U8,
    }
}
