//! Data centre bridging (`linux/dcbnl.h`): DCB_ATTR_* after a `struct
//! dcbmsg`. The nested configurations (PFC, PG, IEEE 802.1Qaz, CEE, ...)
//! stay bytes.

use super::*;

family! {
    /// RTM_GETDCB's and RTM_SETDCB's attributes.
    pub DCB_ATTR = "DCB_ATTR" {
        1 DCB_ATTR_IFNAME: Str,
        2 DCB_ATTR_STATE: U8,
        3 DCB_ATTR_PFC_STATE: U8,
        4 DCB_ATTR_PFC_CFG: Bytes,
        5 DCB_ATTR_NUM_TC: U16,
        6 DCB_ATTR_PG_CFG: Bytes,
        7 DCB_ATTR_SET_ALL: U8,
        8 DCB_ATTR_PERM_HWADDR: Bytes,
        9 DCB_ATTR_CAP: Bytes,
        10 DCB_ATTR_NUMTCS: Bytes,
        11 DCB_ATTR_BCN: Bytes,
        12 DCB_ATTR_APP: Bytes,
        13 DCB_ATTR_IEEE: Bytes,
        14 DCB_ATTR_DCBX: U8,
        15 DCB_ATTR_FEATCFG: Bytes,
        16 DCB_ATTR_CEE: Bytes,
    }
}
