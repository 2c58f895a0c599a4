//! Multicast routing cache reports (`linux/mroute.h`, `linux/mroute6.h`):
//! IPMRA_CREPORT_* and IP6MRA_CREPORT_* (the same numbers) after a
//! `struct rtgenmsg`.

use super::*;

family! {
    /// RTM_NEWCACHEREPORT's attributes, for IPv4 (RTNL_FAMILY_IPMR) and
    /// IPv6 (RTNL_FAMILY_IP6MR, where VIF_ID is the MIF).
    pub IPMRA_CREPORT = "IPMRA_CREPORT" {
        1 IPMRA_CREPORT_MSGTYPE: U8,
        2 IPMRA_CREPORT_VIF_ID: U32,
        3 IPMRA_CREPORT_SRC_ADDR: Ip,
        4 IPMRA_CREPORT_DST_ADDR: Ip,
        5 IPMRA_CREPORT_PKT: Bytes,
        6 IPMRA_CREPORT_TABLE: U32,
    }
}
