//! NETNSA_*: namespace ids (`ip netns set`, `list-id`, RTM_NEWNSID).

use super::*;

family! {
    /// The attributes of an RTM_NEWNSID message.
    pub NETNSA = "NETNSA" {
        1 NETNSA_NSID: I32,
        2 NETNSA_PID: U32,
        3 NETNSA_FD: U32,
        4 NETNSA_TARGET_NSID: I32,
        5 NETNSA_CURRENT_NSID: I32,
    }
}
