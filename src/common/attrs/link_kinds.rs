//! The IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA families of each link kind
//! (`linux/if_link.h`, `if_bridge.h`): bridge, bridge port, vxlan, macvlan,
//! vlan, veth, bond, gre.

use super::*;

family! {
    /// Bridge options in IFLA_INFO_DATA of a `bridge` link (`linux/if_link.h`).
    pub IFLA_BR = "IFLA_BR" {
        1 IFLA_BR_FORWARD_DELAY: U32,
        2 IFLA_BR_HELLO_TIME: U32,
        3 IFLA_BR_MAX_AGE: U32,
        4 IFLA_BR_AGEING_TIME: U32,
        5 IFLA_BR_STP_STATE: U32,
        6 IFLA_BR_PRIORITY: U16,
        7 IFLA_BR_VLAN_FILTERING: U8,
        8 IFLA_BR_VLAN_PROTOCOL: Be16,
        9 IFLA_BR_GROUP_FWD_MASK: U16,
        10 IFLA_BR_ROOT_ID: Special(Special::BridgeId),
        11 IFLA_BR_BRIDGE_ID: Special(Special::BridgeId),
        12 IFLA_BR_ROOT_PORT: U16,
        13 IFLA_BR_ROOT_PATH_COST: U32,
        14 IFLA_BR_TOPOLOGY_CHANGE: U8,
        15 IFLA_BR_TOPOLOGY_CHANGE_DETECTED: U8,
        16 IFLA_BR_HELLO_TIMER: U64,
        17 IFLA_BR_TCN_TIMER: U64,
        18 IFLA_BR_TOPOLOGY_CHANGE_TIMER: U64,
        19 IFLA_BR_GC_TIMER: U64,
        20 IFLA_BR_GROUP_ADDR: LinkAddr,
        21 IFLA_BR_FDB_FLUSH: Flag,
        22 IFLA_BR_MCAST_ROUTER: U8,
        23 IFLA_BR_MCAST_SNOOPING: U8,
        24 IFLA_BR_MCAST_QUERY_USE_IFADDR: U8,
        25 IFLA_BR_MCAST_QUERIER: U8,
        26 IFLA_BR_MCAST_HASH_ELASTICITY: U32,
        27 IFLA_BR_MCAST_HASH_MAX: U32,
        28 IFLA_BR_MCAST_LAST_MEMBER_CNT: U32,
        29 IFLA_BR_MCAST_STARTUP_QUERY_CNT: U32,
        30 IFLA_BR_MCAST_LAST_MEMBER_INTVL: U64,
        31 IFLA_BR_MCAST_MEMBERSHIP_INTVL: U64,
        32 IFLA_BR_MCAST_QUERIER_INTVL: U64,
        33 IFLA_BR_MCAST_QUERY_INTVL: U64,
        34 IFLA_BR_MCAST_QUERY_RESPONSE_INTVL: U64,
        35 IFLA_BR_MCAST_STARTUP_QUERY_INTVL: U64,
        36 IFLA_BR_NF_CALL_IPTABLES: U8,
        37 IFLA_BR_NF_CALL_IP6TABLES: U8,
        38 IFLA_BR_NF_CALL_ARPTABLES: U8,
        39 IFLA_BR_VLAN_DEFAULT_PVID: U16,
        40 IFLA_BR_PAD: Bytes,
        41 IFLA_BR_VLAN_STATS_ENABLED: U8,
        42 IFLA_BR_MCAST_STATS_ENABLED: U8,
        43 IFLA_BR_MCAST_IGMP_VERSION: U8,
        44 IFLA_BR_MCAST_MLD_VERSION: U8,
        45 IFLA_BR_VLAN_STATS_PER_PORT: U8,
        46 IFLA_BR_MULTI_BOOLOPT: Struct(&[f("optval", Width::U32), f("optmask", Width::U32)]),
        47 IFLA_BR_MCAST_QUERIER_STATE: Bytes,
        48 IFLA_BR_FDB_N_LEARNED: U32,
        49 IFLA_BR_FDB_MAX_LEARNED: U32,
    }
}

family! {
    /// Bridge port options, in IFLA_INFO_SLAVE_DATA or IFLA_PROTINFO (`linux/if_link.h`).
    pub IFLA_BRPORT = "IFLA_BRPORT" {
        1 IFLA_BRPORT_STATE: U8,
        2 IFLA_BRPORT_PRIORITY: U16,
        3 IFLA_BRPORT_COST: U32,
        4 IFLA_BRPORT_MODE: U8,
        5 IFLA_BRPORT_GUARD: U8,
        6 IFLA_BRPORT_PROTECT: U8,
        7 IFLA_BRPORT_FAST_LEAVE: U8,
        8 IFLA_BRPORT_LEARNING: U8,
        9 IFLA_BRPORT_UNICAST_FLOOD: U8,
        10 IFLA_BRPORT_PROXYARP: U8,
        11 IFLA_BRPORT_LEARNING_SYNC: U8,
        12 IFLA_BRPORT_PROXYARP_WIFI: U8,
        13 IFLA_BRPORT_ROOT_ID: Special(Special::BridgeId),
        14 IFLA_BRPORT_BRIDGE_ID: Special(Special::BridgeId),
        15 IFLA_BRPORT_DESIGNATED_PORT: U16,
        16 IFLA_BRPORT_DESIGNATED_COST: U16,
        17 IFLA_BRPORT_ID: U16,
        18 IFLA_BRPORT_NO: U16,
        19 IFLA_BRPORT_TOPOLOGY_CHANGE_ACK: U8,
        20 IFLA_BRPORT_CONFIG_PENDING: U8,
        21 IFLA_BRPORT_MESSAGE_AGE_TIMER: U64,
        22 IFLA_BRPORT_FORWARD_DELAY_TIMER: U64,
        23 IFLA_BRPORT_HOLD_TIMER: U64,
        24 IFLA_BRPORT_FLUSH: Flag,
        25 IFLA_BRPORT_MULTICAST_ROUTER: U8,
        26 IFLA_BRPORT_PAD: Bytes,
        27 IFLA_BRPORT_MCAST_FLOOD: U8,
        28 IFLA_BRPORT_MCAST_TO_UCAST: U8,
        29 IFLA_BRPORT_VLAN_TUNNEL: U8,
        30 IFLA_BRPORT_BCAST_FLOOD: U8,
        31 IFLA_BRPORT_GROUP_FWD_MASK: U16,
        32 IFLA_BRPORT_NEIGH_SUPPRESS: U8,
        33 IFLA_BRPORT_ISOLATED: U8,
        34 IFLA_BRPORT_BACKUP_PORT: U32,
        35 IFLA_BRPORT_MRP_RING_OPEN: U8,
        36 IFLA_BRPORT_MRP_IN_OPEN: U8,
        37 IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT: U32,
        38 IFLA_BRPORT_MCAST_EHT_HOSTS_CNT: U32,
        39 IFLA_BRPORT_LOCKED: U8,
        40 IFLA_BRPORT_MAB: U8,
        41 IFLA_BRPORT_MCAST_N_GROUPS: U32,
        42 IFLA_BRPORT_MCAST_MAX_GROUPS: U32,
        43 IFLA_BRPORT_NEIGH_VLAN_SUPPRESS: U8,
        44 IFLA_BRPORT_BACKUP_NHID: U32,
    }
}

family! {
    /// VXLAN options in IFLA_INFO_DATA of a `vxlan` link (`linux/if_link.h`).
    pub IFLA_VXLAN = "IFLA_VXLAN" {
        1 IFLA_VXLAN_ID: U32,
        2 IFLA_VXLAN_GROUP: Ip,
        3 IFLA_VXLAN_LINK: U32,
        4 IFLA_VXLAN_LOCAL: Ip,
        5 IFLA_VXLAN_TTL: U8,
        6 IFLA_VXLAN_TOS: U8,
        7 IFLA_VXLAN_LEARNING: U8,
        8 IFLA_VXLAN_AGEING: U32,
        9 IFLA_VXLAN_LIMIT: U32,
        10 IFLA_VXLAN_PORT_RANGE: Struct(&[f("low", Width::U16), f("high", Width::U16)]),
        11 IFLA_VXLAN_PROXY: U8,
        12 IFLA_VXLAN_RSC: U8,
        13 IFLA_VXLAN_L2MISS: U8,
        14 IFLA_VXLAN_L3MISS: U8,
        15 IFLA_VXLAN_PORT: Be16,
        16 IFLA_VXLAN_GROUP6: Ip,
        17 IFLA_VXLAN_LOCAL6: Ip,
        18 IFLA_VXLAN_UDP_CSUM: U8,
        19 IFLA_VXLAN_UDP_ZERO_CSUM6_TX: U8,
        20 IFLA_VXLAN_UDP_ZERO_CSUM6_RX: U8,
        21 IFLA_VXLAN_REMCSUM_TX: U8,
        22 IFLA_VXLAN_REMCSUM_RX: U8,
        23 IFLA_VXLAN_GBP: Flag,
        24 IFLA_VXLAN_REMCSUM_NOPARTIAL: Flag,
        25 IFLA_VXLAN_COLLECT_METADATA: U8,
        26 IFLA_VXLAN_LABEL: Be32,
        27 IFLA_VXLAN_GPE: Flag,
        28 IFLA_VXLAN_TTL_INHERIT: Flag,
        29 IFLA_VXLAN_DF: U8,
        30 IFLA_VXLAN_VNIFILTER: U8,
        31 IFLA_VXLAN_LOCALBYPASS: U8,
        32 IFLA_VXLAN_LABEL_POLICY: U32,
        33 IFLA_VXLAN_RESERVED_BITS: Bytes,
    }
}

family! {
    /// Macvlan options in IFLA_INFO_DATA of a `macvlan` link (`linux/if_link.h`).
    pub IFLA_MACVLAN = "IFLA_MACVLAN" {
        1 IFLA_MACVLAN_MODE: U32,
        2 IFLA_MACVLAN_FLAGS: U16,
        3 IFLA_MACVLAN_MACADDR_MODE: U32,
        4 IFLA_MACVLAN_MACADDR: LinkAddr,
        5 IFLA_MACVLAN_MACADDR_DATA: Nested(&IFLA_MACVLAN),
        6 IFLA_MACVLAN_MACADDR_COUNT: U32,
        7 IFLA_MACVLAN_BC_QUEUE_LEN: U32,
        8 IFLA_MACVLAN_BC_QUEUE_LEN_USED: U32,
        9 IFLA_MACVLAN_BC_CUTOFF: I32,
    }
}

family! {
    /// VLAN options in IFLA_INFO_DATA of a `vlan` link (`linux/if_link.h`).
    pub IFLA_VLAN = "IFLA_VLAN" {
        1 IFLA_VLAN_ID: U16,
        2 IFLA_VLAN_FLAGS: Special(Special::VlanFlags),
        3 IFLA_VLAN_EGRESS_QOS: Special(Special::VlanQos),
        4 IFLA_VLAN_INGRESS_QOS: Special(Special::VlanQos),
        5 IFLA_VLAN_PROTOCOL: Be16,
    }
}

family! {
    /// VLAN priority mappings, nested in IFLA_VLAN_INGRESS_QOS / EGRESS_QOS.
    pub IFLA_VLAN_QOS = "IFLA_VLAN_QOS" {
        1 IFLA_VLAN_QOS_MAPPING: Struct(&[f("from", Width::U32), f("to", Width::U32)]),
    }
}

family! {
    /// Veth options in IFLA_INFO_DATA: the peer (`linux/veth.h`).
    pub VETH_INFO = "VETH_INFO" {
        1 VETH_INFO_PEER: Special(Special::VethPeer),
    }
}

family! {
    /// Bond options in IFLA_INFO_DATA of a `bond` link (`linux/if_link.h`).
    pub IFLA_BOND = "IFLA_BOND" {
        1 IFLA_BOND_MODE: U8,
        2 IFLA_BOND_ACTIVE_SLAVE: U32,
        3 IFLA_BOND_MIIMON: U32,
        4 IFLA_BOND_UPDELAY: U32,
        5 IFLA_BOND_DOWNDELAY: U32,
        6 IFLA_BOND_USE_CARRIER: U8,
        7 IFLA_BOND_ARP_INTERVAL: U32,
        8 IFLA_BOND_ARP_IP_TARGET: Bytes,
        9 IFLA_BOND_ARP_VALIDATE: U32,
        10 IFLA_BOND_ARP_ALL_TARGETS: U32,
        11 IFLA_BOND_PRIMARY: U32,
        12 IFLA_BOND_PRIMARY_RESELECT: U8,
        13 IFLA_BOND_FAIL_OVER_MAC: U8,
        14 IFLA_BOND_XMIT_HASH_POLICY: U8,
        15 IFLA_BOND_RESEND_IGMP: U32,
        16 IFLA_BOND_NUM_PEER_NOTIF: U8,
        17 IFLA_BOND_ALL_SLAVES_ACTIVE: U8,
        18 IFLA_BOND_MIN_LINKS: U32,
        19 IFLA_BOND_LP_INTERVAL: U32,
        20 IFLA_BOND_PACKETS_PER_SLAVE: U32,
        21 IFLA_BOND_AD_LACP_RATE: U8,
        22 IFLA_BOND_AD_SELECT: U8,
        23 IFLA_BOND_AD_INFO: Bytes,
        24 IFLA_BOND_AD_ACTOR_SYS_PRIO: U16,
        25 IFLA_BOND_AD_USER_PORT_KEY: U16,
        26 IFLA_BOND_AD_ACTOR_SYSTEM: LinkAddr,
        27 IFLA_BOND_TLB_DYNAMIC_LB: U8,
        28 IFLA_BOND_PEER_NOTIF_DELAY: U32,
        29 IFLA_BOND_AD_LACP_ACTIVE: U8,
        30 IFLA_BOND_MISSED_MAX: U8,
        31 IFLA_BOND_NS_IP6_TARGET: Bytes,
        32 IFLA_BOND_COUPLED_CONTROL: U8,
    }
}

family! {
    /// GRE tunnel options in IFLA_INFO_DATA (`linux/if_tunnel.h`).
    pub IFLA_GRE = "IFLA_GRE" {
        1 IFLA_GRE_LINK: U32,
        2 IFLA_GRE_IFLAGS: Be16,
        3 IFLA_GRE_OFLAGS: Be16,
        4 IFLA_GRE_IKEY: Be32,
        5 IFLA_GRE_OKEY: Be32,
        6 IFLA_GRE_LOCAL: Ip,
        7 IFLA_GRE_REMOTE: Ip,
        8 IFLA_GRE_TTL: U8,
        9 IFLA_GRE_TOS: U8,
        10 IFLA_GRE_PMTUDISC: U8,
        11 IFLA_GRE_ENCAP_LIMIT: U8,
        12 IFLA_GRE_FLOWINFO: Be32,
        13 IFLA_GRE_FLAGS: U32,
        14 IFLA_GRE_ENCAP_TYPE: U16,
        15 IFLA_GRE_ENCAP_FLAGS: U16,
        16 IFLA_GRE_ENCAP_SPORT: Be16,
        17 IFLA_GRE_ENCAP_DPORT: Be16,
        18 IFLA_GRE_COLLECT_METADATA: Flag,
        19 IFLA_GRE_IGNORE_DF: U8,
        20 IFLA_GRE_FWMARK: U32,
        21 IFLA_GRE_ERSPAN_INDEX: U32,
        22 IFLA_GRE_ERSPAN_VER: U8,
        23 IFLA_GRE_ERSPAN_DIR: U8,
        24 IFLA_GRE_ERSPAN_HWID: U16,
    }
}

family! {
    /// ipip, sit and ip6tnl tunnel options in IFLA_INFO_DATA.
    pub IFLA_IPTUN = "IFLA_IPTUN" {
        1 IFLA_IPTUN_LINK: U32,
        2 IFLA_IPTUN_LOCAL: Ip,
        3 IFLA_IPTUN_REMOTE: Ip,
        4 IFLA_IPTUN_TTL: U8,
        5 IFLA_IPTUN_TOS: U8,
        6 IFLA_IPTUN_ENCAP_LIMIT: U8,
        7 IFLA_IPTUN_FLOWINFO: Be32,
        8 IFLA_IPTUN_FLAGS: UInt,
        9 IFLA_IPTUN_PROTO: U8,
        10 IFLA_IPTUN_PMTUDISC: U8,
        11 IFLA_IPTUN_6RD_PREFIX: Ip,
        12 IFLA_IPTUN_6RD_RELAY_PREFIX: Ip,
        13 IFLA_IPTUN_6RD_PREFIXLEN: U16,
        14 IFLA_IPTUN_6RD_RELAY_PREFIXLEN: U16,
        15 IFLA_IPTUN_ENCAP_TYPE: U16,
        16 IFLA_IPTUN_ENCAP_FLAGS: U16,
        17 IFLA_IPTUN_ENCAP_SPORT: Be16,
        18 IFLA_IPTUN_ENCAP_DPORT: Be16,
        19 IFLA_IPTUN_COLLECT_METADATA: Flag,
        20 IFLA_IPTUN_FWMARK: U32,
    }
}

family! {
    /// vti and vti6 options in IFLA_INFO_DATA.
    pub IFLA_VTI = "IFLA_VTI" {
        1 IFLA_VTI_LINK: U32,
        2 IFLA_VTI_IKEY: Be32,
        3 IFLA_VTI_OKEY: Be32,
        4 IFLA_VTI_LOCAL: Ip,
        5 IFLA_VTI_REMOTE: Ip,
        6 IFLA_VTI_FWMARK: U32,
    }
}

family! {
    /// MACsec options in IFLA_INFO_DATA (`linux/if_link.h`).
    pub IFLA_MACSEC = "IFLA_MACSEC" {
        1 IFLA_MACSEC_SCI: Bytes,
        2 IFLA_MACSEC_PORT: Be16,
        3 IFLA_MACSEC_ICV_LEN: U8,
        4 IFLA_MACSEC_CIPHER_SUITE: U64,
        5 IFLA_MACSEC_WINDOW: U32,
        6 IFLA_MACSEC_ENCODING_SA: U8,
        7 IFLA_MACSEC_ENCRYPT: U8,
        8 IFLA_MACSEC_PROTECT: U8,
        9 IFLA_MACSEC_INC_SCI: U8,
        10 IFLA_MACSEC_ES: U8,
        11 IFLA_MACSEC_SCB: U8,
        12 IFLA_MACSEC_REPLAY_PROTECT: U8,
        13 IFLA_MACSEC_VALIDATION: U8,
        14 IFLA_MACSEC_PAD: Bytes,
        15 IFLA_MACSEC_OFFLOAD: U8,
    }
}

family! {
    /// IFLA_INFO_DATA of a geneve link.
    pub IFLA_GENEVE = "IFLA_GENEVE" {
        1 IFLA_GENEVE_ID: U32,
        2 IFLA_GENEVE_REMOTE: Ip,
        3 IFLA_GENEVE_TTL: U8,
        4 IFLA_GENEVE_TOS: U8,
        5 IFLA_GENEVE_PORT: Be16,
        6 IFLA_GENEVE_COLLECT_METADATA: Flag,
        7 IFLA_GENEVE_REMOTE6: Ip,
        8 IFLA_GENEVE_UDP_CSUM: U8,
        9 IFLA_GENEVE_UDP_ZERO_CSUM6_TX: U8,
        10 IFLA_GENEVE_UDP_ZERO_CSUM6_RX: U8,
        11 IFLA_GENEVE_LABEL: Bytes,
        12 IFLA_GENEVE_TTL_INHERIT: U8,
        13 IFLA_GENEVE_DF: U8,
        14 IFLA_GENEVE_INNER_PROTO_INHERIT: Flag,
    }
}

family! {
    /// IFLA_INFO_DATA of an ipvlan or ipvtap link.
    pub IFLA_IPVLAN = "IFLA_IPVLAN" {
        1 IFLA_IPVLAN_MODE: U16,
        2 IFLA_IPVLAN_FLAGS: U16,
    }
}

family! {
    /// IFLA_INFO_DATA of a VRF.
    pub IFLA_VRF = "IFLA_VRF" {
        1 IFLA_VRF_TABLE: U32,
    }
}

family! {
    /// IFLA_INFO_DATA of an XFRM interface.
    pub IFLA_XFRM = "IFLA_XFRM" {
        1 IFLA_XFRM_LINK: U32,
        2 IFLA_XFRM_IF_ID: U32,
        3 IFLA_XFRM_COLLECT_METADATA: Flag,
    }
}

family! {
    /// IFLA_INFO_DATA of a bare UDP tunnel.
    pub IFLA_BAREUDP = "IFLA_BAREUDP" {
        1 IFLA_BAREUDP_PORT: Be16,
        2 IFLA_BAREUDP_ETHERTYPE: Be16,
        3 IFLA_BAREUDP_SRCPORT_MIN: U16,
        4 IFLA_BAREUDP_MULTIPROTO_MODE: Flag,
    }
}

family! {
    /// IFLA_INFO_DATA of a netkit device (Linux 6.7 and later).
    pub IFLA_NETKIT = "IFLA_NETKIT" {
        1 IFLA_NETKIT_PEER_INFO: Special(Special::VethPeer),
        2 IFLA_NETKIT_PRIMARY: U8,
        3 IFLA_NETKIT_POLICY: U32,
        4 IFLA_NETKIT_PEER_POLICY: U32,
        5 IFLA_NETKIT_MODE: U32,
        6 IFLA_NETKIT_SCRUB: U32,
        7 IFLA_NETKIT_PEER_SCRUB: U32,
        8 IFLA_NETKIT_HEADROOM: U16,
        9 IFLA_NETKIT_TAILROOM: U16,
        10 IFLA_NETKIT_PAIRING: U32,
    }
}

/// The table for IFLA_INFO_DATA of a link kind, when we know it.
pub fn info_data_table(kind: &str) -> Option<&'static Table> {
    Some(match kind {
        "bridge" => &IFLA_BR,
        "vxlan" => &IFLA_VXLAN,
        "macvlan" | "macvtap" => &IFLA_MACVLAN,
        "vlan" => &IFLA_VLAN,
        "veth" => &VETH_INFO,
        "bond" => &IFLA_BOND,
        "gre" | "gretap" | "ip6gre" | "ip6gretap" | "erspan" | "ip6erspan" => &IFLA_GRE,
        "geneve" => &IFLA_GENEVE,
        "ipip" | "sit" | "ip6tnl" => &IFLA_IPTUN,
        "vti" | "vti6" => &IFLA_VTI,
        "macsec" => &IFLA_MACSEC,
        "ipvlan" | "ipvtap" => &IFLA_IPVLAN,
        "vrf" => &IFLA_VRF,
        "xfrm" => &IFLA_XFRM,
        "bareudp" => &IFLA_BAREUDP,
        "netkit" => &IFLA_NETKIT,
        _ => return None,
    })
}

/// The table for IFLA_INFO_SLAVE_DATA of a port kind, when we know it.
pub fn slave_data_table(kind: &str) -> Option<&'static Table> {
    match kind {
        "bridge" => Some(&IFLA_BRPORT),
        _ => None,
    }
}
