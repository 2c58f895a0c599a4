//! Attribute tables: for each rtnetlink attribute family, the kernel's name
//! and payload type of every attribute number (from the UAPI headers
//! `linux/if_link.h`, `if_addr.h`, `rtnetlink.h`, `neighbour.h`, `fib_rules.h`).
//!
//! Tables are data, indexed by attribute number; anything past the end of a
//! table, or typed `Bytes`, is kept as raw bytes.

/// How an attribute's payload is decoded.
#[derive(Clone, Copy)]
pub enum Kind {
    /// Raw bytes, kept as hex.
    Bytes,
    /// Zero-length presence flag.
    Flag,
    U8,
    U16,
    U32,
    U64,
    I32,
    /// Unsigned integer of whatever width (1, 2, 4 or 8 bytes) the kernel sent.
    UInt,
    /// 16-bit integer in network byte order (ports).
    Be16,
    /// 32-bit integer in network byte order.
    Be32,
    /// NUL-terminated text.
    Str,
    /// IPv4 or IPv6 address, by length.
    Ip,
    /// Link-layer address.
    LinkAddr,
    /// Attributes nested inside, from another table.
    Nested(&'static Table),
    /// A C struct of integers.
    Struct(&'static [Field]),
    /// An array of u32 (IPv4 devconf) or s32 (IPv6 devconf) named by index.
    U32Array(&'static [&'static str]),
    /// An array of u64 counters named by index.
    U64Array(&'static [&'static str]),
    /// Needs its own code (multipath, link info, ...).
    Special(Special),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Special {
    OperState,
    LinkInfo,
    AfSpec,
    ProtInfo,
    Multipath,
    Via,
    BridgeId,
    VethPeer,
    VlanFlags,
    VlanQos,
    MplsLabels,
}

#[derive(Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub width: Width,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Width {
    U8,
    U16,
    U32,
    I32,
    U64,
    /// Bytes to skip (padding) that are not shown.
    Pad(usize),
}

#[derive(Clone, Copy)]
pub struct Spec {
    pub name: &'static str,
    pub kind: Kind,
}

pub struct Table {
    /// The prefix of unknown attributes' names: `IFLA` gives `IFLA_UNKNOWN_70`.
    pub prefix: &'static str,
    pub specs: &'static [Spec],
}

impl Table {
    pub fn get(&self, kind: u16) -> Option<&'static Spec> {
        self.specs.get(kind as usize).filter(|s| !s.name.is_empty())
    }
}

const fn s(name: &'static str, kind: Kind) -> Spec {
    Spec { name, kind }
}

const fn f(name: &'static str, width: Width) -> Field {
    Field { name, width }
}

use Kind::*;

const UNSPEC: Spec = s("", Bytes);

// ---- links ---------------------------------------------------------------

/// `struct rtnl_link_stats` and `rtnl_link_stats64` share field names; the
/// 32-bit one simply stops earlier (decoding stops where the bytes do).
macro_rules! link_stats {
    ($width:expr) => {
        &[
            f("rx_packets", $width),
            f("tx_packets", $width),
            f("rx_bytes", $width),
            f("tx_bytes", $width),
            f("rx_errors", $width),
            f("tx_errors", $width),
            f("rx_dropped", $width),
            f("tx_dropped", $width),
            f("multicast", $width),
            f("collisions", $width),
            f("rx_length_errors", $width),
            f("rx_over_errors", $width),
            f("rx_crc_errors", $width),
            f("rx_frame_errors", $width),
            f("rx_fifo_errors", $width),
            f("rx_missed_errors", $width),
            f("tx_aborted_errors", $width),
            f("tx_carrier_errors", $width),
            f("tx_fifo_errors", $width),
            f("tx_heartbeat_errors", $width),
            f("tx_window_errors", $width),
            f("rx_compressed", $width),
            f("tx_compressed", $width),
            f("rx_nohandler", $width),
            f("rx_otherhost_dropped", $width),
        ]
    };
}

pub const LINK_STATS32: &[Field] = link_stats!(Width::U32);
pub const LINK_STATS64: &[Field] = link_stats!(Width::U64);

const LINK_MAP: &[Field] = &[
    f("mem_start", Width::U64),
    f("mem_end", Width::U64),
    f("base_addr", Width::U64),
    f("irq", Width::U16),
    f("dma", Width::U8),
    f("port", Width::U8),
];

pub static IFLA: Table = Table {
    prefix: "IFLA",
    specs: &[
        UNSPEC,
        s("IFLA_ADDRESS", LinkAddr),
        s("IFLA_BROADCAST", LinkAddr),
        s("IFLA_IFNAME", Str),
        s("IFLA_MTU", U32),
        s("IFLA_LINK", U32),
        s("IFLA_QDISC", Str),
        s("IFLA_STATS", Struct(LINK_STATS32)),
        s("IFLA_COST", Bytes),
        s("IFLA_PRIORITY", Bytes),
        s("IFLA_MASTER", U32),
        s("IFLA_WIRELESS", Bytes),
        s("IFLA_PROTINFO", Special(Special::ProtInfo)),
        s("IFLA_TXQLEN", U32),
        s("IFLA_MAP", Struct(LINK_MAP)),
        s("IFLA_WEIGHT", U32),
        s("IFLA_OPERSTATE", Special(Special::OperState)),
        s("IFLA_LINKMODE", U8),
        s("IFLA_LINKINFO", Special(Special::LinkInfo)),
        s("IFLA_NET_NS_PID", U32),
        s("IFLA_IFALIAS", Str),
        s("IFLA_NUM_VF", U32),
        s("IFLA_VFINFO_LIST", Bytes),
        s("IFLA_STATS64", Struct(LINK_STATS64)),
        s("IFLA_VF_PORTS", Bytes),
        s("IFLA_PORT_SELF", Bytes),
        s("IFLA_AF_SPEC", Special(Special::AfSpec)),
        s("IFLA_GROUP", U32),
        s("IFLA_NET_NS_FD", U32),
        s("IFLA_EXT_MASK", U32),
        s("IFLA_PROMISCUITY", U32),
        s("IFLA_NUM_TX_QUEUES", U32),
        s("IFLA_NUM_RX_QUEUES", U32),
        s("IFLA_CARRIER", U8),
        s("IFLA_PHYS_PORT_ID", Bytes),
        s("IFLA_CARRIER_CHANGES", U32),
        s("IFLA_PHYS_SWITCH_ID", Bytes),
        s("IFLA_LINK_NETNSID", I32),
        s("IFLA_PHYS_PORT_NAME", Str),
        s("IFLA_PROTO_DOWN", U8),
        s("IFLA_GSO_MAX_SEGS", U32),
        s("IFLA_GSO_MAX_SIZE", U32),
        s("IFLA_PAD", Bytes),
        s("IFLA_XDP", Nested(&IFLA_XDP)),
        s("IFLA_EVENT", U32),
        s("IFLA_NEW_NETNSID", I32),
        s("IFLA_TARGET_NETNSID", I32),
        s("IFLA_CARRIER_UP_COUNT", U32),
        s("IFLA_CARRIER_DOWN_COUNT", U32),
        s("IFLA_NEW_IFINDEX", I32),
        s("IFLA_MIN_MTU", U32),
        s("IFLA_MAX_MTU", U32),
        s("IFLA_PROP_LIST", Nested(&IFLA)),
        s("IFLA_ALT_IFNAME", Str),
        s("IFLA_PERM_ADDRESS", LinkAddr),
        s("IFLA_PROTO_DOWN_REASON", Bytes),
        s("IFLA_PARENT_DEV_NAME", Str),
        s("IFLA_PARENT_DEV_BUS_NAME", Str),
        s("IFLA_GRO_MAX_SIZE", U32),
        s("IFLA_TSO_MAX_SIZE", U32),
        s("IFLA_TSO_MAX_SEGS", U32),
        s("IFLA_ALLMULTI", U32),
        s("IFLA_DEVLINK_PORT", Bytes),
        s("IFLA_GSO_IPV4_MAX_SIZE", U32),
        s("IFLA_GRO_IPV4_MAX_SIZE", U32),
        s("IFLA_DPLL_PIN", Bytes),
        s("IFLA_MAX_PACING_OFFLOAD_HORIZON", UInt),
        s("IFLA_NETNS_IMMUTABLE", U8),
        s("IFLA_HEADROOM", U16),
        s("IFLA_TAILROOM", U16),
    ],
};

pub static IFLA_XDP: Table = Table {
    prefix: "IFLA_XDP",
    specs: &[
        UNSPEC,
        s("IFLA_XDP_FD", I32),
        s("IFLA_XDP_ATTACHED", U8),
        s("IFLA_XDP_FLAGS", U32),
        s("IFLA_XDP_PROG_ID", U32),
        s("IFLA_XDP_DRV_PROG_ID", U32),
        s("IFLA_XDP_SKB_PROG_ID", U32),
        s("IFLA_XDP_HW_PROG_ID", U32),
        s("IFLA_XDP_EXPECTED_FD", I32),
    ],
};

pub static IFLA_INFO: Table = Table {
    prefix: "IFLA_INFO",
    specs: &[
        UNSPEC,
        s("IFLA_INFO_KIND", Str),
        s("IFLA_INFO_DATA", Bytes), // decoded by kind, see decode.rs
        s("IFLA_INFO_XSTATS", Bytes),
        s("IFLA_INFO_SLAVE_KIND", Str),
        s("IFLA_INFO_SLAVE_DATA", Bytes), // decoded by slave kind
    ],
};

pub static IFLA_INET: Table = Table {
    prefix: "IFLA_INET",
    specs: &[UNSPEC, s("IFLA_INET_CONF", U32Array(IPV4_DEVCONF))],
};

const IPV4_DEVCONF: &[&str] = &[
    "forwarding",
    "mc_forwarding",
    "proxy_arp",
    "accept_redirects",
    "secure_redirects",
    "send_redirects",
    "shared_media",
    "rp_filter",
    "accept_source_route",
    "bootp_relay",
    "log_martians",
    "tag",
    "arpfilter",
    "medium_id",
    "noxfrm",
    "nopolicy",
    "force_igmp_version",
    "arp_announce",
    "arp_ignore",
    "promote_secondaries",
    "arp_accept",
    "arp_notify",
    "accept_local",
    "src_vmark",
    "proxy_arp_pvlan",
    "route_localnet",
    "igmpv2_unsolicited_report_interval",
    "igmpv3_unsolicited_report_interval",
    "ignore_routes_with_linkdown",
    "drop_unicast_in_l2_multicast",
    "drop_gratuitous_arp",
    "bc_forwarding",
    "arp_evict_nocarrier",
];

const IPV6_DEVCONF: &[&str] = &[
    "forwarding",
    "hop_limit",
    "mtu",
    "accept_ra",
    "accept_redirects",
    "autoconf",
    "dad_transmits",
    "router_solicitations",
    "router_solicitation_interval",
    "router_solicitation_delay",
    "use_tempaddr",
    "temp_valid_lft",
    "temp_preferred_lft",
    "regen_max_retry",
    "max_desync_factor",
    "max_addresses",
    "force_mld_version",
    "accept_ra_defrtr",
    "accept_ra_pinfo",
    "accept_ra_rtr_pref",
    "router_probe_interval",
    "accept_ra_rt_info_max_plen",
    "proxy_ndp",
    "optimistic_dad",
    "accept_source_route",
    "mc_forwarding",
    "disable_ipv6",
    "accept_dad",
    "force_tllao",
    "ndisc_notify",
    "mldv1_unsolicited_report_interval",
    "mldv2_unsolicited_report_interval",
    "suppress_frag_ndisc",
    "accept_ra_from_local",
    "use_optimistic",
    "accept_ra_mtu",
    "stable_secret",
    "use_oif_addrs_only",
    "accept_ra_min_hop_limit",
    "ignore_routes_with_linkdown",
    "drop_unicast_in_l2_multicast",
    "drop_unsolicited_na",
    "keep_addr_on_down",
    "rtr_solicit_max_interval",
    "seg6_enabled",
    "seg6_require_hmac",
    "enhanced_dad",
    "addr_gen_mode",
    "disable_policy",
    "accept_ra_rt_info_min_plen",
    "ndisc_tclass",
    "rpl_seg_enabled",
    "ra_defrtr_metric",
    "ioam6_enabled",
    "ioam6_id",
    "ioam6_id_wide",
    "ndisc_evict_nocarrier",
    "accept_untracked_na",
    "accept_ra_min_lft",
];

const IFLA_INET6_CACHEINFO: &[Field] = &[
    f("max_reasm_len", Width::U32),
    f("tstamp", Width::U32),
    f("reachable_time", Width::U32),
    f("retrans_time", Width::U32),
];

pub static IFLA_INET6: Table = Table {
    prefix: "IFLA_INET6",
    specs: &[
        UNSPEC,
        s("IFLA_INET6_FLAGS", U32),
        s("IFLA_INET6_CONF", U32Array(IPV6_DEVCONF)),
        s("IFLA_INET6_STATS", U64Array(&[])),
        s("IFLA_INET6_MCAST", Bytes),
        s("IFLA_INET6_CACHEINFO", Struct(IFLA_INET6_CACHEINFO)),
        s("IFLA_INET6_ICMP6STATS", U64Array(&[])),
        s("IFLA_INET6_TOKEN", Ip),
        s("IFLA_INET6_ADDR_GEN_MODE", U8),
        s("IFLA_INET6_RA_MTU", U32),
    ],
};

pub static IFLA_BR: Table = Table {
    prefix: "IFLA_BR",
    specs: &[
        UNSPEC,
        s("IFLA_BR_FORWARD_DELAY", U32),
        s("IFLA_BR_HELLO_TIME", U32),
        s("IFLA_BR_MAX_AGE", U32),
        s("IFLA_BR_AGEING_TIME", U32),
        s("IFLA_BR_STP_STATE", U32),
        s("IFLA_BR_PRIORITY", U16),
        s("IFLA_BR_VLAN_FILTERING", U8),
        s("IFLA_BR_VLAN_PROTOCOL", Be16),
        s("IFLA_BR_GROUP_FWD_MASK", U16),
        s("IFLA_BR_ROOT_ID", Special(Special::BridgeId)),
        s("IFLA_BR_BRIDGE_ID", Special(Special::BridgeId)),
        s("IFLA_BR_ROOT_PORT", U16),
        s("IFLA_BR_ROOT_PATH_COST", U32),
        s("IFLA_BR_TOPOLOGY_CHANGE", U8),
        s("IFLA_BR_TOPOLOGY_CHANGE_DETECTED", U8),
        s("IFLA_BR_HELLO_TIMER", U64),
        s("IFLA_BR_TCN_TIMER", U64),
        s("IFLA_BR_TOPOLOGY_CHANGE_TIMER", U64),
        s("IFLA_BR_GC_TIMER", U64),
        s("IFLA_BR_GROUP_ADDR", LinkAddr),
        s("IFLA_BR_FDB_FLUSH", Flag),
        s("IFLA_BR_MCAST_ROUTER", U8),
        s("IFLA_BR_MCAST_SNOOPING", U8),
        s("IFLA_BR_MCAST_QUERY_USE_IFADDR", U8),
        s("IFLA_BR_MCAST_QUERIER", U8),
        s("IFLA_BR_MCAST_HASH_ELASTICITY", U32),
        s("IFLA_BR_MCAST_HASH_MAX", U32),
        s("IFLA_BR_MCAST_LAST_MEMBER_CNT", U32),
        s("IFLA_BR_MCAST_STARTUP_QUERY_CNT", U32),
        s("IFLA_BR_MCAST_LAST_MEMBER_INTVL", U64),
        s("IFLA_BR_MCAST_MEMBERSHIP_INTVL", U64),
        s("IFLA_BR_MCAST_QUERIER_INTVL", U64),
        s("IFLA_BR_MCAST_QUERY_INTVL", U64),
        s("IFLA_BR_MCAST_QUERY_RESPONSE_INTVL", U64),
        s("IFLA_BR_MCAST_STARTUP_QUERY_INTVL", U64),
        s("IFLA_BR_NF_CALL_IPTABLES", U8),
        s("IFLA_BR_NF_CALL_IP6TABLES", U8),
        s("IFLA_BR_NF_CALL_ARPTABLES", U8),
        s("IFLA_BR_VLAN_DEFAULT_PVID", U16),
        s("IFLA_BR_PAD", Bytes),
        s("IFLA_BR_VLAN_STATS_ENABLED", U8),
        s("IFLA_BR_MCAST_STATS_ENABLED", U8),
        s("IFLA_BR_MCAST_IGMP_VERSION", U8),
        s("IFLA_BR_MCAST_MLD_VERSION", U8),
        s("IFLA_BR_VLAN_STATS_PER_PORT", U8),
        s(
            "IFLA_BR_MULTI_BOOLOPT",
            Struct(&[f("optval", Width::U32), f("optmask", Width::U32)]),
        ),
        s("IFLA_BR_MCAST_QUERIER_STATE", Bytes),
        s("IFLA_BR_FDB_N_LEARNED", U32),
        s("IFLA_BR_FDB_MAX_LEARNED", U32),
    ],
};

pub static IFLA_BRPORT: Table = Table {
    prefix: "IFLA_BRPORT",
    specs: &[
        UNSPEC,
        s("IFLA_BRPORT_STATE", U8),
        s("IFLA_BRPORT_PRIORITY", U16),
        s("IFLA_BRPORT_COST", U32),
        s("IFLA_BRPORT_MODE", U8),
        s("IFLA_BRPORT_GUARD", U8),
        s("IFLA_BRPORT_PROTECT", U8),
        s("IFLA_BRPORT_FAST_LEAVE", U8),
        s("IFLA_BRPORT_LEARNING", U8),
        s("IFLA_BRPORT_UNICAST_FLOOD", U8),
        s("IFLA_BRPORT_PROXYARP", U8),
        s("IFLA_BRPORT_LEARNING_SYNC", U8),
        s("IFLA_BRPORT_PROXYARP_WIFI", U8),
        s("IFLA_BRPORT_ROOT_ID", Special(Special::BridgeId)),
        s("IFLA_BRPORT_BRIDGE_ID", Special(Special::BridgeId)),
        s("IFLA_BRPORT_DESIGNATED_PORT", U16),
        s("IFLA_BRPORT_DESIGNATED_COST", U16),
        s("IFLA_BRPORT_ID", U16),
        s("IFLA_BRPORT_NO", U16),
        s("IFLA_BRPORT_TOPOLOGY_CHANGE_ACK", U8),
        s("IFLA_BRPORT_CONFIG_PENDING", U8),
        s("IFLA_BRPORT_MESSAGE_AGE_TIMER", U64),
        s("IFLA_BRPORT_FORWARD_DELAY_TIMER", U64),
        s("IFLA_BRPORT_HOLD_TIMER", U64),
        s("IFLA_BRPORT_FLUSH", Flag),
        s("IFLA_BRPORT_MULTICAST_ROUTER", U8),
        s("IFLA_BRPORT_PAD", Bytes),
        s("IFLA_BRPORT_MCAST_FLOOD", U8),
        s("IFLA_BRPORT_MCAST_TO_UCAST", U8),
        s("IFLA_BRPORT_VLAN_TUNNEL", U8),
        s("IFLA_BRPORT_BCAST_FLOOD", U8),
        s("IFLA_BRPORT_GROUP_FWD_MASK", U16),
        s("IFLA_BRPORT_NEIGH_SUPPRESS", U8),
        s("IFLA_BRPORT_ISOLATED", U8),
        s("IFLA_BRPORT_BACKUP_PORT", U32),
        s("IFLA_BRPORT_MRP_RING_OPEN", U8),
        s("IFLA_BRPORT_MRP_IN_OPEN", U8),
        s("IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT", U32),
        s("IFLA_BRPORT_MCAST_EHT_HOSTS_CNT", U32),
        s("IFLA_BRPORT_LOCKED", U8),
        s("IFLA_BRPORT_MAB", U8),
        s("IFLA_BRPORT_MCAST_N_GROUPS", U32),
        s("IFLA_BRPORT_MCAST_MAX_GROUPS", U32),
        s("IFLA_BRPORT_NEIGH_VLAN_SUPPRESS", U8),
        s("IFLA_BRPORT_BACKUP_NHID", U32),
    ],
};

pub static IFLA_VXLAN: Table = Table {
    prefix: "IFLA_VXLAN",
    specs: &[
        UNSPEC,
        s("IFLA_VXLAN_ID", U32),
        s("IFLA_VXLAN_GROUP", Ip),
        s("IFLA_VXLAN_LINK", U32),
        s("IFLA_VXLAN_LOCAL", Ip),
        s("IFLA_VXLAN_TTL", U8),
        s("IFLA_VXLAN_TOS", U8),
        s("IFLA_VXLAN_LEARNING", U8),
        s("IFLA_VXLAN_AGEING", U32),
        s("IFLA_VXLAN_LIMIT", U32),
        s(
            "IFLA_VXLAN_PORT_RANGE",
            Struct(&[f("low", Width::U16), f("high", Width::U16)]),
        ),
        s("IFLA_VXLAN_PROXY", U8),
        s("IFLA_VXLAN_RSC", U8),
        s("IFLA_VXLAN_L2MISS", U8),
        s("IFLA_VXLAN_L3MISS", U8),
        s("IFLA_VXLAN_PORT", Be16),
        s("IFLA_VXLAN_GROUP6", Ip),
        s("IFLA_VXLAN_LOCAL6", Ip),
        s("IFLA_VXLAN_UDP_CSUM", U8),
        s("IFLA_VXLAN_UDP_ZERO_CSUM6_TX", U8),
        s("IFLA_VXLAN_UDP_ZERO_CSUM6_RX", U8),
        s("IFLA_VXLAN_REMCSUM_TX", U8),
        s("IFLA_VXLAN_REMCSUM_RX", U8),
        s("IFLA_VXLAN_GBP", Flag),
        s("IFLA_VXLAN_REMCSUM_NOPARTIAL", Flag),
        s("IFLA_VXLAN_COLLECT_METADATA", U8),
        s("IFLA_VXLAN_LABEL", Be32),
        s("IFLA_VXLAN_GPE", Flag),
        s("IFLA_VXLAN_TTL_INHERIT", Flag),
        s("IFLA_VXLAN_DF", U8),
        s("IFLA_VXLAN_VNIFILTER", U8),
        s("IFLA_VXLAN_LOCALBYPASS", U8),
        s("IFLA_VXLAN_LABEL_POLICY", U32),
        s("IFLA_VXLAN_RESERVED_BITS", Bytes),
    ],
};

pub static IFLA_MACVLAN: Table = Table {
    prefix: "IFLA_MACVLAN",
    specs: &[
        UNSPEC,
        s("IFLA_MACVLAN_MODE", U32),
        s("IFLA_MACVLAN_FLAGS", U16),
        s("IFLA_MACVLAN_MACADDR_MODE", U32),
        s("IFLA_MACVLAN_MACADDR", LinkAddr),
        s("IFLA_MACVLAN_MACADDR_DATA", Nested(&IFLA_MACVLAN)),
        s("IFLA_MACVLAN_MACADDR_COUNT", U32),
        s("IFLA_MACVLAN_BC_QUEUE_LEN", U32),
        s("IFLA_MACVLAN_BC_QUEUE_LEN_USED", U32),
        s("IFLA_MACVLAN_BC_CUTOFF", I32),
    ],
};

pub static IFLA_VLAN: Table = Table {
    prefix: "IFLA_VLAN",
    specs: &[
        UNSPEC,
        s("IFLA_VLAN_ID", U16),
        s("IFLA_VLAN_FLAGS", Special(Special::VlanFlags)),
        s("IFLA_VLAN_EGRESS_QOS", Special(Special::VlanQos)),
        s("IFLA_VLAN_INGRESS_QOS", Special(Special::VlanQos)),
        s("IFLA_VLAN_PROTOCOL", Be16),
    ],
};

pub static IFLA_VLAN_QOS: Table = Table {
    prefix: "IFLA_VLAN_QOS",
    specs: &[
        UNSPEC,
        s(
            "IFLA_VLAN_QOS_MAPPING",
            Struct(&[f("from", Width::U32), f("to", Width::U32)]),
        ),
    ],
};

pub static VETH_INFO: Table = Table {
    prefix: "VETH_INFO",
    specs: &[UNSPEC, s("VETH_INFO_PEER", Special(Special::VethPeer))],
};

pub static IFLA_BOND: Table = Table {
    prefix: "IFLA_BOND",
    specs: &[
        UNSPEC,
        s("IFLA_BOND_MODE", U8),
        s("IFLA_BOND_ACTIVE_SLAVE", U32),
        s("IFLA_BOND_MIIMON", U32),
        s("IFLA_BOND_UPDELAY", U32),
        s("IFLA_BOND_DOWNDELAY", U32),
        s("IFLA_BOND_USE_CARRIER", U8),
        s("IFLA_BOND_ARP_INTERVAL", U32),
        s("IFLA_BOND_ARP_IP_TARGET", Bytes),
        s("IFLA_BOND_ARP_VALIDATE", U32),
        s("IFLA_BOND_ARP_ALL_TARGETS", U32),
        s("IFLA_BOND_PRIMARY", U32),
        s("IFLA_BOND_PRIMARY_RESELECT", U8),
        s("IFLA_BOND_FAIL_OVER_MAC", U8),
        s("IFLA_BOND_XMIT_HASH_POLICY", U8),
        s("IFLA_BOND_RESEND_IGMP", U32),
        s("IFLA_BOND_NUM_PEER_NOTIF", U8),
        s("IFLA_BOND_ALL_SLAVES_ACTIVE", U8),
        s("IFLA_BOND_MIN_LINKS", U32),
        s("IFLA_BOND_LP_INTERVAL", U32),
        s("IFLA_BOND_PACKETS_PER_SLAVE", U32),
        s("IFLA_BOND_AD_LACP_RATE", U8),
        s("IFLA_BOND_AD_SELECT", U8),
        s("IFLA_BOND_AD_INFO", Bytes),
        s("IFLA_BOND_AD_ACTOR_SYS_PRIO", U16),
        s("IFLA_BOND_AD_USER_PORT_KEY", U16),
        s("IFLA_BOND_AD_ACTOR_SYSTEM", LinkAddr),
        s("IFLA_BOND_TLB_DYNAMIC_LB", U8),
        s("IFLA_BOND_PEER_NOTIF_DELAY", U32),
        s("IFLA_BOND_AD_LACP_ACTIVE", U8),
        s("IFLA_BOND_MISSED_MAX", U8),
        s("IFLA_BOND_NS_IP6_TARGET", Bytes),
        s("IFLA_BOND_COUPLED_CONTROL", U8),
    ],
};

pub static IFLA_GRE: Table = Table {
    prefix: "IFLA_GRE",
    specs: &[
        UNSPEC,
        s("IFLA_GRE_LINK", U32),
        s("IFLA_GRE_IFLAGS", Be16),
        s("IFLA_GRE_OFLAGS", Be16),
        s("IFLA_GRE_IKEY", Be32),
        s("IFLA_GRE_OKEY", Be32),
        s("IFLA_GRE_LOCAL", Ip),
        s("IFLA_GRE_REMOTE", Ip),
        s("IFLA_GRE_TTL", U8),
        s("IFLA_GRE_TOS", U8),
        s("IFLA_GRE_PMTUDISC", U8),
        s("IFLA_GRE_ENCAP_LIMIT", U8),
        s("IFLA_GRE_FLOWINFO", Be32),
        s("IFLA_GRE_FLAGS", U32),
        s("IFLA_GRE_ENCAP_TYPE", U16),
        s("IFLA_GRE_ENCAP_FLAGS", U16),
        s("IFLA_GRE_ENCAP_SPORT", Be16),
        s("IFLA_GRE_ENCAP_DPORT", Be16),
        s("IFLA_GRE_COLLECT_METADATA", Flag),
        s("IFLA_GRE_IGNORE_DF", U8),
        s("IFLA_GRE_FWMARK", U32),
        s("IFLA_GRE_ERSPAN_INDEX", U32),
        s("IFLA_GRE_ERSPAN_VER", U8),
        s("IFLA_GRE_ERSPAN_DIR", U8),
        s("IFLA_GRE_ERSPAN_HWID", U16),
    ],
};

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

// ---- addresses -----------------------------------------------------------

pub static IFA: Table = Table {
    prefix: "IFA",
    specs: &[
        UNSPEC,
        s("IFA_ADDRESS", Ip),
        s("IFA_LOCAL", Ip),
        s("IFA_LABEL", Str),
        s("IFA_BROADCAST", Ip),
        s("IFA_ANYCAST", Ip),
        s(
            "IFA_CACHEINFO",
            Struct(&[
                f("ifa_preferred", Width::U32),
                f("ifa_valid", Width::U32),
                f("cstamp", Width::U32),
                f("tstamp", Width::U32),
            ]),
        ),
        s("IFA_MULTICAST", Ip),
        s("IFA_FLAGS", U32),
        s("IFA_RT_PRIORITY", U32),
        s("IFA_TARGET_NETNSID", I32),
        s("IFA_PROTO", U8),
    ],
};

// ---- routes --------------------------------------------------------------

pub static RTA: Table = Table {
    prefix: "RTA",
    specs: &[
        UNSPEC,
        s("RTA_DST", Ip),
        s("RTA_SRC", Ip),
        s("RTA_IIF", U32),
        s("RTA_OIF", U32),
        s("RTA_GATEWAY", Ip),
        s("RTA_PRIORITY", U32),
        s("RTA_PREFSRC", Ip),
        s("RTA_METRICS", Nested(&RTAX)),
        s("RTA_MULTIPATH", Special(Special::Multipath)),
        s("RTA_PROTOINFO", Bytes),
        s("RTA_FLOW", U32),
        s(
            "RTA_CACHEINFO",
            Struct(&[
                f("rta_clntref", Width::U32),
                f("rta_lastuse", Width::U32),
                f("rta_expires", Width::I32),
                f("rta_error", Width::U32),
                f("rta_used", Width::U32),
                f("rta_id", Width::U32),
                f("rta_ts", Width::U32),
                f("rta_tsage", Width::U32),
            ]),
        ),
        s("RTA_SESSION", Bytes),
        s("RTA_MP_ALGO", U32),
        s("RTA_TABLE", U32),
        s("RTA_MARK", U32),
        s(
            "RTA_MFC_STATS",
            Struct(&[
                f("mfcs_packets", Width::U64),
                f("mfcs_bytes", Width::U64),
                f("mfcs_wrong_if", Width::U64),
            ]),
        ),
        s("RTA_VIA", Special(Special::Via)),
        s("RTA_NEWDST", Special(Special::MplsLabels)),
        s("RTA_PREF", U8),
        s("RTA_ENCAP_TYPE", U16),
        s("RTA_ENCAP", Bytes),
        s("RTA_EXPIRES", UInt),
        s("RTA_PAD", Bytes),
        s("RTA_UID", U32),
        s("RTA_TTL_PROPAGATE", U8),
        s("RTA_IP_PROTO", U8),
        s("RTA_SPORT", Be16),
        s("RTA_DPORT", Be16),
        s("RTA_NH_ID", U32),
        s("RTA_FLOWLABEL", Be32),
    ],
};

pub static RTAX: Table = Table {
    prefix: "RTAX",
    specs: &[
        UNSPEC,
        s("RTAX_LOCK", U32),
        s("RTAX_MTU", U32),
        s("RTAX_WINDOW", U32),
        s("RTAX_RTT", U32),
        s("RTAX_RTTVAR", U32),
        s("RTAX_SSTHRESH", U32),
        s("RTAX_CWND", U32),
        s("RTAX_ADVMSS", U32),
        s("RTAX_REORDERING", U32),
        s("RTAX_HOPLIMIT", U32),
        s("RTAX_INITCWND", U32),
        s("RTAX_FEATURES", U32),
        s("RTAX_RTO_MIN", U32),
        s("RTAX_INITRWND", U32),
        s("RTAX_QUICKACK", U32),
        s("RTAX_CC_ALGO", Str),
        s("RTAX_FASTOPEN_NO_COOKIE", U32),
    ],
};

// ---- neighbours ----------------------------------------------------------

pub static NDA: Table = Table {
    prefix: "NDA",
    specs: &[
        UNSPEC,
        s("NDA_DST", Ip),
        s("NDA_LLADDR", LinkAddr),
        s(
            "NDA_CACHEINFO",
            Struct(&[
                f("ndm_confirmed", Width::U32),
                f("ndm_used", Width::U32),
                f("ndm_updated", Width::U32),
                f("ndm_refcnt", Width::U32),
            ]),
        ),
        s("NDA_PROBES", U32),
        s("NDA_VLAN", U16),
        s("NDA_PORT", Be16),
        s("NDA_VNI", U32),
        s("NDA_IFINDEX", U32),
        s("NDA_MASTER", U32),
        s("NDA_LINK_NETNSID", I32),
        s("NDA_SRC_VNI", U32),
        s("NDA_PROTOCOL", U8),
        s("NDA_NH_ID", U32),
        s("NDA_FDB_EXT_ATTRS", Bytes),
        s("NDA_FLAGS_EXT", U32),
        s("NDA_NDM_STATE_MASK", U16),
        s("NDA_NDM_FLAGS_MASK", U8),
    ],
};

// ---- rules ---------------------------------------------------------------

const PORT_RANGE: &[Field] = &[f("start", Width::U16), f("end", Width::U16)];

pub static FRA: Table = Table {
    prefix: "FRA",
    specs: &[
        UNSPEC,
        s("FRA_DST", Ip),
        s("FRA_SRC", Ip),
        s("FRA_IIFNAME", Str),
        s("FRA_GOTO", U32),
        s("FRA_UNUSED2", Bytes),
        s("FRA_PRIORITY", U32),
        s("FRA_UNUSED3", Bytes),
        s("FRA_UNUSED4", Bytes),
        s("FRA_UNUSED5", Bytes),
        s("FRA_FWMARK", U32),
        s("FRA_FLOW", U32),
        s("FRA_TUN_ID", U64),
        s("FRA_SUPPRESS_IFGROUP", U32),
        s("FRA_SUPPRESS_PREFIXLEN", U32),
        s("FRA_TABLE", U32),
        s("FRA_FWMASK", U32),
        s("FRA_OIFNAME", Str),
        s("FRA_PAD", Bytes),
        s("FRA_L3MDEV", U8),
        s(
            "FRA_UID_RANGE",
            Struct(&[f("start", Width::U32), f("end", Width::U32)]),
        ),
        s("FRA_PROTOCOL", U8),
        s("FRA_IP_PROTO", U8),
        s("FRA_SPORT_RANGE", Struct(PORT_RANGE)),
        s("FRA_DPORT_RANGE", Struct(PORT_RANGE)),
        s("FRA_DSCP", U8),
        s("FRA_FLOWLABEL", Be32),
        s("FRA_FLOWLABEL_MASK", Be32),
        s("FRA_SPORT_MASK", U16),
        s("FRA_DPORT_MASK", U16),
        s("FRA_DSCP_MASK", U8),
    ],
};

// ---- extended ACK --------------------------------------------------------

pub static NLMSGERR: Table = Table {
    prefix: "NLMSGERR_ATTR",
    specs: &[
        UNSPEC,
        s("NLMSGERR_ATTR_MSG", Str),
        s("NLMSGERR_ATTR_OFFS", U32),
        s("NLMSGERR_ATTR_COOKIE", Bytes),
        s("NLMSGERR_ATTR_POLICY", Bytes),
        s("NLMSGERR_ATTR_MISS_TYPE", U32),
        s("NLMSGERR_ATTR_MISS_NEST", U32),
    ],
};
