//! Bridge VLAN database attributes (`linux/if_bridge.h`): BRIDGE_VLANDB_*
//! after `struct br_vlan_msg`, one entry (or range) per nest.

use super::*;

/// `struct bridge_vlan_info`: BRIDGE_VLAN_INFO_* flags, then the VLAN id.
const BRIDGE_VLAN_INFO: &[Field] = &[f("flags", Width::U16), f("vid", Width::U16)];

family! {
    /// RTM_NEWVLAN's attributes.
    pub BRIDGE_VLANDB = "BRIDGE_VLANDB" {
        1 BRIDGE_VLANDB_ENTRY: Nested(&BRIDGE_VLANDB_ENTRY_TABLE),
        2 BRIDGE_VLANDB_GLOBAL_OPTIONS: Bytes,
    }
}

family! {
    /// One VLAN of a port (or a range of them, BRIDGE_VLANDB_ENTRY_RANGE).
    pub BRIDGE_VLANDB_ENTRY_TABLE = "BRIDGE_VLANDB_ENTRY" {
        1 BRIDGE_VLANDB_ENTRY_INFO: Struct(BRIDGE_VLAN_INFO),
        2 BRIDGE_VLANDB_ENTRY_RANGE: U16,
        3 BRIDGE_VLANDB_ENTRY_STATE: U8,
        4 BRIDGE_VLANDB_ENTRY_TUNNEL_INFO: Bytes,
        5 BRIDGE_VLANDB_ENTRY_STATS: Bytes,
        6 BRIDGE_VLANDB_ENTRY_MCAST_ROUTER: U8,
        7 BRIDGE_VLANDB_ENTRY_MCAST_N_GROUPS: U32,
        8 BRIDGE_VLANDB_ENTRY_MCAST_MAX_GROUPS: U32,
        9 BRIDGE_VLANDB_ENTRY_NEIGH_SUPPRESS: U8,
        10 BRIDGE_VLANDB_ENTRY_NEIGH_FORWARD_GRAT: U8,
    }
}
