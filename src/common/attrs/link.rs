//! Link attributes (`linux/if_link.h`): IFLA_*, and the nested families
//! of XDP, link info, and the per-family (AF_SPEC) data.

use super::*;

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

/// The fields of `struct rtnl_link_stats` (IFLA_STATS), as 32-bit counters.
pub const LINK_STATS32: &[Field] = link_stats!(Width::U32);
/// The fields of `struct rtnl_link_stats64` (IFLA_STATS64), as 64-bit counters.
pub const LINK_STATS64: &[Field] = link_stats!(Width::U64);

const LINK_MAP: &[Field] = &[
    f("mem_start", Width::U64),
    f("mem_end", Width::U64),
    f("base_addr", Width::U64),
    f("irq", Width::U16),
    f("dma", Width::U8),
    f("port", Width::U8),
];

family! {
    /// Link attributes (IFLA_*), carried by RTM_NEWLINK and the other link messages.
    pub IFLA = "IFLA" {
        1 IFLA_ADDRESS: LinkAddr,
        2 IFLA_BROADCAST: LinkAddr,
        3 IFLA_IFNAME: Str,
        4 IFLA_MTU: U32,
        5 IFLA_LINK: U32,
        6 IFLA_QDISC: Str,
        7 IFLA_STATS: Struct(LINK_STATS32),
        8 IFLA_COST: Bytes,
        9 IFLA_PRIORITY: Bytes,
        10 IFLA_MASTER: U32,
        11 IFLA_WIRELESS: Bytes,
        12 IFLA_PROTINFO: Special(Special::ProtInfo),
        13 IFLA_TXQLEN: U32,
        14 IFLA_MAP: Struct(LINK_MAP),
        15 IFLA_WEIGHT: U32,
        16 IFLA_OPERSTATE: Special(Special::OperState),
        17 IFLA_LINKMODE: U8,
        18 IFLA_LINKINFO: Special(Special::LinkInfo),
        19 IFLA_NET_NS_PID: U32,
        20 IFLA_IFALIAS: Str,
        21 IFLA_NUM_VF: U32,
        22 IFLA_VFINFO_LIST: Bytes,
        23 IFLA_STATS64: Struct(LINK_STATS64),
        24 IFLA_VF_PORTS: Bytes,
        25 IFLA_PORT_SELF: Bytes,
        26 IFLA_AF_SPEC: Special(Special::AfSpec),
        27 IFLA_GROUP: U32,
        28 IFLA_NET_NS_FD: U32,
        29 IFLA_EXT_MASK: U32,
        30 IFLA_PROMISCUITY: U32,
        31 IFLA_NUM_TX_QUEUES: U32,
        32 IFLA_NUM_RX_QUEUES: U32,
        33 IFLA_CARRIER: U8,
        34 IFLA_PHYS_PORT_ID: Bytes,
        35 IFLA_CARRIER_CHANGES: U32,
        36 IFLA_PHYS_SWITCH_ID: Bytes,
        37 IFLA_LINK_NETNSID: I32,
        38 IFLA_PHYS_PORT_NAME: Str,
        39 IFLA_PROTO_DOWN: U8,
        40 IFLA_GSO_MAX_SEGS: U32,
        41 IFLA_GSO_MAX_SIZE: U32,
        42 IFLA_PAD: Bytes,
        43 IFLA_XDP: Nested(&IFLA_XDP_TABLE),
        44 IFLA_EVENT: U32,
        45 IFLA_NEW_NETNSID: I32,
        46 IFLA_TARGET_NETNSID: I32,
        47 IFLA_CARRIER_UP_COUNT: U32,
        48 IFLA_CARRIER_DOWN_COUNT: U32,
        49 IFLA_NEW_IFINDEX: I32,
        50 IFLA_MIN_MTU: U32,
        51 IFLA_MAX_MTU: U32,
        52 IFLA_PROP_LIST: Nested(&IFLA),
        53 IFLA_ALT_IFNAME: Str,
        54 IFLA_PERM_ADDRESS: LinkAddr,
        55 IFLA_PROTO_DOWN_REASON: Bytes,
        56 IFLA_PARENT_DEV_NAME: Str,
        57 IFLA_PARENT_DEV_BUS_NAME: Str,
        58 IFLA_GRO_MAX_SIZE: U32,
        59 IFLA_TSO_MAX_SIZE: U32,
        60 IFLA_TSO_MAX_SEGS: U32,
        61 IFLA_ALLMULTI: U32,
        62 IFLA_DEVLINK_PORT: Bytes,
        63 IFLA_GSO_IPV4_MAX_SIZE: U32,
        64 IFLA_GRO_IPV4_MAX_SIZE: U32,
        65 IFLA_DPLL_PIN: Bytes,
        66 IFLA_MAX_PACING_OFFLOAD_HORIZON: UInt,
        67 IFLA_NETNS_IMMUTABLE: U8,
        68 IFLA_HEADROOM: U16,
        69 IFLA_TAILROOM: U16,
    }
}

family! {
    /// IFLA_XDP: the XDP programs attached to a link.
    pub IFLA_XDP_TABLE = "IFLA_XDP" {
        1 IFLA_XDP_FD: I32,
        2 IFLA_XDP_ATTACHED: U8,
        3 IFLA_XDP_FLAGS: U32,
        4 IFLA_XDP_PROG_ID: U32,
        5 IFLA_XDP_DRV_PROG_ID: U32,
        6 IFLA_XDP_SKB_PROG_ID: U32,
        7 IFLA_XDP_HW_PROG_ID: U32,
        8 IFLA_XDP_EXPECTED_FD: I32,
    }
}

family! {
    /// IFLA_LINKINFO: a link's kind and its kind-specific data.
    pub IFLA_INFO = "IFLA_INFO" {
        1 IFLA_INFO_KIND: Str,
        2 IFLA_INFO_DATA: Bytes, // decoded by kind, see decode.rs
        3 IFLA_INFO_XSTATS: Bytes,
        4 IFLA_INFO_SLAVE_KIND: Str,
        5 IFLA_INFO_SLAVE_DATA: Bytes, // decoded by slave kind
    }
}

family! {
    /// The AF_INET part of IFLA_AF_SPEC: a link's IPv4 settings.
    pub IFLA_INET = "IFLA_INET" {
        1 IFLA_INET_CONF: U32Array(IPV4_DEVCONF),
    }
}

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

const IFLA_INET6_CACHEINFO_FIELDS: &[Field] = &[
    f("max_reasm_len", Width::U32),
    f("tstamp", Width::U32),
    f("reachable_time", Width::U32),
    f("retrans_time", Width::U32),
];

family! {
    /// The AF_INET6 part of IFLA_AF_SPEC (and IFLA_PROTINFO of AF_INET6
    /// messages): a link's IPv6 settings and state.
    pub IFLA_INET6 = "IFLA_INET6" {
        1 IFLA_INET6_FLAGS: U32,
        2 IFLA_INET6_CONF: U32Array(IPV6_DEVCONF),
        3 IFLA_INET6_STATS: U64Array(&[]),
        4 IFLA_INET6_MCAST: Bytes,
        5 IFLA_INET6_CACHEINFO: Struct(IFLA_INET6_CACHEINFO_FIELDS),
        6 IFLA_INET6_ICMP6STATS: U64Array(&[]),
        7 IFLA_INET6_TOKEN: Ip,
        8 IFLA_INET6_ADDR_GEN_MODE: U8,
        9 IFLA_INET6_RA_MTU: U32,
    }
}

const BRIDGE_VLAN_INFO_FIELDS: &[Field] = &[f("flags", Width::U16), f("vid", Width::U16)];

family! {
    /// IFLA_AF_SPEC of AF_BRIDGE messages (`linux/if_bridge.h`), numbered from 0.
    pub IFLA_BRIDGE = "IFLA_BRIDGE" {
        0 IFLA_BRIDGE_FLAGS: U16,
        1 IFLA_BRIDGE_MODE: U16,
        2 IFLA_BRIDGE_VLAN_INFO: Struct(BRIDGE_VLAN_INFO_FIELDS),
        3 IFLA_BRIDGE_VLAN_TUNNEL_INFO: Bytes,
        4 IFLA_BRIDGE_MRP: Bytes,
        5 IFLA_BRIDGE_CFM: Bytes,
        6 IFLA_BRIDGE_MST: Bytes,
    }
}
