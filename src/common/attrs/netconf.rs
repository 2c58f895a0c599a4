//! NETCONFA_*: per-interface IP settings (`ip netconf`).

use super::*;

family! {
    /// The attributes of an RTM_NEWNETCONF message.
    pub NETCONFA = "NETCONFA" {
        1 NETCONFA_IFINDEX: I32,
        2 NETCONFA_FORWARDING: I32,
        3 NETCONFA_RP_FILTER: I32,
        4 NETCONFA_MC_FORWARDING: I32,
        5 NETCONFA_PROXY_NEIGH: I32,
        6 NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN: I32,
        7 NETCONFA_INPUT: I32,
        8 NETCONFA_BC_FORWARDING: I32,
    }
}
