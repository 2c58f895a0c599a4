//! Extended-ACK attributes of NLMSG_ERROR (`linux/netlink.h`).

use super::*;

family! {
    /// Extended ACK attributes after an NLMSG_ERROR (`linux/netlink.h`).
    pub NLMSGERR = "NLMSGERR_ATTR" {
        1 NLMSGERR_ATTR_MSG: Str,
        2 NLMSGERR_ATTR_OFFS: U32,
        3 NLMSGERR_ATTR_COOKIE: Bytes,
        4 NLMSGERR_ATTR_POLICY: Bytes,
        5 NLMSGERR_ATTR_MISS_TYPE: U32,
        6 NLMSGERR_ATTR_MISS_NEST: U32,
    }
}
