//! Neighbour discovery options handed to user space
//! (`linux/rtnetlink.h`): NDUSEROPT_* after `struct nduseroptmsg` and the
//! option itself.

use super::*;

family! {
    /// RTM_NEWNDUSEROPT's attributes.
    pub NDUSEROPT = "NDUSEROPT" {
        1 NDUSEROPT_SRCADDR: Ip,
    }
}
