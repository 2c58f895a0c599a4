//! Neighbour attributes (`linux/neighbour.h`).

use super::*;

const NDA_CACHEINFO_FIELDS: &[Field] = &[
    f("ndm_confirmed", Width::U32),
    f("ndm_used", Width::U32),
    f("ndm_updated", Width::U32),
    f("ndm_refcnt", Width::U32),
];

family! {
    /// Neighbour attributes after `struct ndmsg` (`linux/neighbour.h`).
    pub NDA = "NDA" {
        1 NDA_DST: Ip,
        2 NDA_LLADDR: LinkAddr,
        3 NDA_CACHEINFO: Struct(NDA_CACHEINFO_FIELDS),
        4 NDA_PROBES: U32,
        5 NDA_VLAN: U16,
        6 NDA_PORT: Be16,
        7 NDA_VNI: U32,
        8 NDA_IFINDEX: U32,
        9 NDA_MASTER: U32,
        10 NDA_LINK_NETNSID: I32,
        11 NDA_SRC_VNI: U32,
        12 NDA_PROTOCOL: U8,
        13 NDA_NH_ID: U32,
        14 NDA_FDB_EXT_ATTRS: Bytes,
        15 NDA_FLAGS_EXT: U32,
        16 NDA_NDM_STATE_MASK: U16,
        17 NDA_NDM_FLAGS_MASK: U8,
    }
}
