//! Linux rtnetlink numbering: the one numbering every backend normalizes to.
//!
//! Values are the kernel's (`linux/rtnetlink.h`, `linux/netlink.h`, `linux/if.h`,
//! `linux/neighbour.h`, `linux/fib_rules.h`); they are spelled out here rather
//! than taken from `libc` so that the BSD backend, built without Linux headers,
//! normalizes to exactly the same numbers.

// Netlink control messages.
pub const NLMSG_NOOP: u16 = 1;
pub const NLMSG_ERROR: u16 = 2;
pub const NLMSG_DONE: u16 = 3;
pub const NLMSG_OVERRUN: u16 = 4;

// Netlink header flags.
pub const NLM_F_REQUEST: u16 = 0x01;
pub const NLM_F_MULTI: u16 = 0x02;
pub const NLM_F_ACK: u16 = 0x04;
pub const NLM_F_ECHO: u16 = 0x08;
pub const NLM_F_DUMP_INTR: u16 = 0x10;
pub const NLM_F_DUMP_FILTERED: u16 = 0x20;
pub const NLM_F_ROOT: u16 = 0x100;
pub const NLM_F_MATCH: u16 = 0x200;
pub const NLM_F_DUMP: u16 = NLM_F_ROOT | NLM_F_MATCH;
pub const NLM_F_REPLACE: u16 = 0x100;
pub const NLM_F_EXCL: u16 = 0x200;
pub const NLM_F_CREATE: u16 = 0x400;
pub const NLM_F_APPEND: u16 = 0x800;
pub const NLM_F_CAPPED: u16 = 0x100;
pub const NLM_F_ACK_TLVS: u16 = 0x200;

// rtnetlink message types.
pub const RTM_NEWLINK: u16 = 16;
pub const RTM_DELLINK: u16 = 17;
pub const RTM_GETLINK: u16 = 18;
pub const RTM_SETLINK: u16 = 19;
pub const RTM_NEWADDR: u16 = 20;
pub const RTM_DELADDR: u16 = 21;
pub const RTM_GETADDR: u16 = 22;
pub const RTM_NEWROUTE: u16 = 24;
pub const RTM_DELROUTE: u16 = 25;
pub const RTM_GETROUTE: u16 = 26;
pub const RTM_NEWNEIGH: u16 = 28;
pub const RTM_DELNEIGH: u16 = 29;
pub const RTM_GETNEIGH: u16 = 30;
pub const RTM_NEWRULE: u16 = 32;
pub const RTM_DELRULE: u16 = 33;
pub const RTM_GETRULE: u16 = 34;
pub const RTM_NEWNEXTHOP: u16 = 104;
pub const RTM_DELNEXTHOP: u16 = 105;
pub const RTM_GETNEXTHOP: u16 = 106;
pub const RTM_NEWMULTICAST: u16 = 56;
pub const RTM_DELMULTICAST: u16 = 57;
pub const RTM_GETMULTICAST: u16 = 58;

/// The RTNL name of a message type, as pyroute2's `event` field shows it.
pub fn message_type_name(kind: u16) -> &'static str {
    match kind {
        NLMSG_NOOP => "NLMSG_NOOP",
        NLMSG_ERROR => "NLMSG_ERROR",
        NLMSG_DONE => "NLMSG_DONE",
        NLMSG_OVERRUN => "NLMSG_OVERRUN",
        RTM_NEWLINK => "RTM_NEWLINK",
        RTM_DELLINK => "RTM_DELLINK",
        RTM_GETLINK => "RTM_GETLINK",
        RTM_SETLINK => "RTM_SETLINK",
        RTM_NEWADDR => "RTM_NEWADDR",
        RTM_DELADDR => "RTM_DELADDR",
        RTM_GETADDR => "RTM_GETADDR",
        RTM_NEWROUTE => "RTM_NEWROUTE",
        RTM_DELROUTE => "RTM_DELROUTE",
        RTM_GETROUTE => "RTM_GETROUTE",
        RTM_NEWNEIGH => "RTM_NEWNEIGH",
        RTM_DELNEIGH => "RTM_DELNEIGH",
        RTM_GETNEIGH => "RTM_GETNEIGH",
        RTM_NEWRULE => "RTM_NEWRULE",
        RTM_DELRULE => "RTM_DELRULE",
        RTM_GETRULE => "RTM_GETRULE",
        RTM_NEWNEXTHOP => "RTM_NEWNEXTHOP",
        RTM_DELNEXTHOP => "RTM_DELNEXTHOP",
        RTM_GETNEXTHOP => "RTM_GETNEXTHOP",
        RTM_NEWMULTICAST => "RTM_NEWMULTICAST",
        RTM_DELMULTICAST => "RTM_DELMULTICAST",
        RTM_GETMULTICAST => "RTM_GETMULTICAST",
        other => bsd_type_name(other).unwrap_or("UNKNOWN"),
    }
}

/// Message types the Linux numbering has no word for: normalized messages
/// carry these (above any rtnetlink type) so nothing is dropped.
pub const BSD_RTM_LOSING: u16 = 0x401;
pub const BSD_RTM_REDIRECT: u16 = 0x402;
pub const BSD_RTM_MISS: u16 = 0x403;
pub const BSD_RTM_LOCK: u16 = 0x404;
pub const BSD_RTM_RESOLVE: u16 = 0x405;
/// OpenBSD: the kernel dropped messages for this socket (an overrun).
pub const BSD_RTM_DESYNC: u16 = 0x406;
pub const BSD_RTM_PROPOSAL: u16 = 0x407;
pub const BSD_RTM_80211INFO: u16 = 0x408;
pub const BSD_RTM_IEEE80211: u16 = 0x409;
pub const BSD_RTM_INVALIDATE: u16 = 0x40a;
pub const BSD_RTM_BFD: u16 = 0x40b;
pub const BSD_RTM_SOURCE: u16 = 0x40c;
/// A type this decoder does not know: the raw bytes are kept.
pub const BSD_RTM_UNKNOWN: u16 = 0x4ff;

/// The names of the pseudo-types above.
fn bsd_type_name(kind: u16) -> Option<&'static str> {
    Some(match kind {
        BSD_RTM_LOSING => "RTM_LOSING",
        BSD_RTM_REDIRECT => "RTM_REDIRECT",
        BSD_RTM_MISS => "RTM_MISS",
        BSD_RTM_LOCK => "RTM_LOCK",
        BSD_RTM_RESOLVE => "RTM_RESOLVE",
        BSD_RTM_DESYNC => "RTM_DESYNC",
        BSD_RTM_PROPOSAL => "RTM_PROPOSAL",
        BSD_RTM_80211INFO => "RTM_80211INFO",
        BSD_RTM_IEEE80211 => "RTM_IEEE80211",
        BSD_RTM_INVALIDATE => "RTM_INVALIDATE",
        BSD_RTM_BFD => "RTM_BFD",
        BSD_RTM_SOURCE => "RTM_SOURCE",
        BSD_RTM_UNKNOWN => "RTM_UNKNOWN",
        _ => return None,
    })
}

// Address families (Linux numbering).
pub const AF_UNSPEC: u8 = 0;
pub const AF_INET: u8 = 2;
pub const AF_BRIDGE: u8 = 7;
pub const AF_INET6: u8 = 10;
pub const AF_PACKET: u8 = 17;
pub const AF_MPLS: u8 = 28;

pub fn family_name(family: u8) -> &'static str {
    match family {
        AF_UNSPEC => "unspec",
        AF_INET => "inet",
        AF_BRIDGE => "bridge",
        AF_INET6 => "inet6",
        AF_PACKET => "packet",
        AF_MPLS => "mpls",
        128 => "ipmr",
        129 => "ip6mr",
        _ => "unknown",
    }
}

// Interface flags (linux/if.h IFF_*).
pub const IFF_UP: u32 = 0x1;
pub const IFF_BROADCAST: u32 = 0x2;
pub const IFF_DEBUG: u32 = 0x4;
pub const IFF_LOOPBACK: u32 = 0x8;
pub const IFF_POINTOPOINT: u32 = 0x10;
pub const IFF_NOTRAILERS: u32 = 0x20;
pub const IFF_RUNNING: u32 = 0x40;
pub const IFF_NOARP: u32 = 0x80;
pub const IFF_PROMISC: u32 = 0x100;
pub const IFF_ALLMULTI: u32 = 0x200;
pub const IFF_MASTER: u32 = 0x400;
pub const IFF_SLAVE: u32 = 0x800;
pub const IFF_MULTICAST: u32 = 0x1000;
pub const IFF_PORTSEL: u32 = 0x2000;
pub const IFF_AUTOMEDIA: u32 = 0x4000;
pub const IFF_DYNAMIC: u32 = 0x8000;
pub const IFF_LOWER_UP: u32 = 0x10000;
pub const IFF_DORMANT: u32 = 0x20000;
pub const IFF_ECHO: u32 = 0x40000;

/// Flag names in the order `ip link` prints them.
pub const IFF_NAMES: &[(u32, &str)] = &[
    (IFF_LOOPBACK, "LOOPBACK"),
    (IFF_BROADCAST, "BROADCAST"),
    (IFF_POINTOPOINT, "POINTOPOINT"),
    (IFF_MULTICAST, "MULTICAST"),
    (IFF_NOARP, "NOARP"),
    (IFF_ALLMULTI, "ALLMULTI"),
    (IFF_PROMISC, "PROMISC"),
    (IFF_MASTER, "MASTER"),
    (IFF_SLAVE, "SLAVE"),
    (IFF_DEBUG, "DEBUG"),
    (IFF_DYNAMIC, "DYNAMIC"),
    (IFF_AUTOMEDIA, "AUTOMEDIA"),
    (IFF_PORTSEL, "PORTSEL"),
    (IFF_NOTRAILERS, "NOTRAILERS"),
    (IFF_UP, "UP"),
    (IFF_LOWER_UP, "LOWER_UP"),
    (IFF_DORMANT, "DORMANT"),
    (IFF_ECHO, "ECHO"),
];

/// RFC 2863 operational states (IFLA_OPERSTATE), named as `ip` names them.
pub fn operstate_name(state: u8) -> &'static str {
    match state {
        0 => "UNKNOWN",
        1 => "NOTPRESENT",
        2 => "DOWN",
        3 => "LOWERLAYERDOWN",
        4 => "TESTING",
        5 => "DORMANT",
        6 => "UP",
        _ => "UNKNOWN",
    }
}

// ARPHRD_* link types (linux/if_arp.h) that both backends use.
pub const ARPHRD_ETHER: u16 = 1;
pub const ARPHRD_IEEE1394: u16 = 24;
pub const ARPHRD_INFINIBAND: u16 = 32;
pub const ARPHRD_NONE: u16 = 0xfffe;
pub const ARPHRD_VOID: u16 = 0xffff;
pub const ARPHRD_PPP: u16 = 512;
pub const ARPHRD_TUNNEL: u16 = 768;
pub const ARPHRD_TUNNEL6: u16 = 769;
pub const ARPHRD_SIT: u16 = 776;
pub const ARPHRD_IPGRE: u16 = 778;
pub const ARPHRD_LOOPBACK: u16 = 772;
pub const ARPHRD_IEEE80211: u16 = 801;

pub fn link_type_name(kind: u16) -> &'static str {
    match kind {
        ARPHRD_ETHER => "ether",
        ARPHRD_LOOPBACK => "loopback",
        ARPHRD_NONE => "none",
        ARPHRD_VOID => "void",
        ARPHRD_PPP => "ppp",
        ARPHRD_TUNNEL => "ipip",
        ARPHRD_TUNNEL6 => "tunnel6",
        ARPHRD_SIT => "sit",
        ARPHRD_IPGRE => "gre",
        ARPHRD_INFINIBAND => "infiniband",
        ARPHRD_IEEE1394 => "ieee1394",
        ARPHRD_IEEE80211 => "ieee802.11",
        _ => "unknown",
    }
}

// Route types (rtm_type).
pub const RTN_UNSPEC: u8 = 0;
pub const RTN_UNICAST: u8 = 1;
pub const RTN_LOCAL: u8 = 2;
pub const RTN_BROADCAST: u8 = 3;
pub const RTN_ANYCAST: u8 = 4;
pub const RTN_MULTICAST: u8 = 5;
pub const RTN_BLACKHOLE: u8 = 6;
pub const RTN_UNREACHABLE: u8 = 7;
pub const RTN_PROHIBIT: u8 = 8;
pub const RTN_THROW: u8 = 9;
pub const RTN_NAT: u8 = 10;

pub fn route_type_name(kind: u8) -> &'static str {
    match kind {
        RTN_UNSPEC => "none",
        RTN_UNICAST => "unicast",
        RTN_LOCAL => "local",
        RTN_BROADCAST => "broadcast",
        RTN_ANYCAST => "anycast",
        RTN_MULTICAST => "multicast",
        RTN_BLACKHOLE => "blackhole",
        RTN_UNREACHABLE => "unreachable",
        RTN_PROHIBIT => "prohibit",
        RTN_THROW => "throw",
        RTN_NAT => "nat",
        11 => "xresolve",
        _ => "unknown",
    }
}

// Route protocols (rtm_protocol).
pub const RTPROT_UNSPEC: u8 = 0;
pub const RTPROT_REDIRECT: u8 = 1;
pub const RTPROT_KERNEL: u8 = 2;
pub const RTPROT_BOOT: u8 = 3;
pub const RTPROT_STATIC: u8 = 4;
pub const RTPROT_RA: u8 = 9;
pub const RTPROT_DHCP: u8 = 16;

pub fn route_protocol_name(proto: u8) -> Option<&'static str> {
    Some(match proto {
        RTPROT_UNSPEC => "unspec",
        RTPROT_REDIRECT => "redirect",
        RTPROT_KERNEL => "kernel",
        RTPROT_BOOT => "boot",
        RTPROT_STATIC => "static",
        8 => "gated",
        RTPROT_RA => "ra",
        10 => "mrt",
        11 => "zebra",
        12 => "bird",
        13 => "dnrouted",
        14 => "xorp",
        15 => "ntk",
        RTPROT_DHCP => "dhcp",
        17 => "mrouted",
        18 => "keepalived",
        42 => "babel",
        99 => "openr",
        186 => "bgp",
        187 => "isis",
        188 => "ospf",
        189 => "rip",
        192 => "eigrp",
        _ => return None,
    })
}

// Scopes (rtm_scope, ifa_scope).
pub const RT_SCOPE_UNIVERSE: u8 = 0;
pub const RT_SCOPE_SITE: u8 = 200;
pub const RT_SCOPE_LINK: u8 = 253;
pub const RT_SCOPE_HOST: u8 = 254;
pub const RT_SCOPE_NOWHERE: u8 = 255;

pub fn scope_name(scope: u8) -> Option<&'static str> {
    Some(match scope {
        RT_SCOPE_UNIVERSE => "global",
        RT_SCOPE_SITE => "site",
        RT_SCOPE_LINK => "link",
        RT_SCOPE_HOST => "host",
        RT_SCOPE_NOWHERE => "nowhere",
        _ => return None,
    })
}

// Routing tables.
pub const RT_TABLE_UNSPEC: u32 = 0;
pub const RT_TABLE_COMPAT: u32 = 252;
pub const RT_TABLE_DEFAULT: u32 = 253;
pub const RT_TABLE_MAIN: u32 = 254;
pub const RT_TABLE_LOCAL: u32 = 255;

pub fn table_name(table: u32) -> Option<&'static str> {
    Some(match table {
        RT_TABLE_DEFAULT => "default",
        RT_TABLE_MAIN => "main",
        RT_TABLE_LOCAL => "local",
        _ => return None,
    })
}

/// Parses a table given as a number or as `main`, `local`, `default`.
pub fn parse_table(text: &str) -> Option<u32> {
    match text {
        "main" => Some(RT_TABLE_MAIN),
        "local" => Some(RT_TABLE_LOCAL),
        "default" => Some(RT_TABLE_DEFAULT),
        other => other.parse().ok(),
    }
}

// Route flags (rtm_flags) and nexthop flags.
pub const RTNH_F_DEAD: u32 = 1;
pub const RTNH_F_PERVASIVE: u32 = 2;
pub const RTNH_F_ONLINK: u32 = 4;
pub const RTNH_F_OFFLOAD: u32 = 8;
pub const RTNH_F_LINKDOWN: u32 = 16;
pub const RTNH_F_UNRESOLVED: u32 = 32;
pub const RTM_F_NOTIFY: u32 = 0x100;
pub const RTM_F_CLONED: u32 = 0x200;

pub const RTNH_FLAG_NAMES: &[(u32, &str)] = &[
    (RTNH_F_DEAD, "dead"),
    (RTNH_F_ONLINK, "onlink"),
    (RTNH_F_PERVASIVE, "pervasive"),
    (RTNH_F_OFFLOAD, "offload"),
    (RTNH_F_LINKDOWN, "linkdown"),
    (RTNH_F_UNRESOLVED, "unresolved"),
];

// Neighbour states (ndm_state) and flags (ndm_flags).
pub const NUD_INCOMPLETE: u16 = 0x01;
pub const NUD_REACHABLE: u16 = 0x02;
pub const NUD_STALE: u16 = 0x04;
pub const NUD_DELAY: u16 = 0x08;
pub const NUD_PROBE: u16 = 0x10;
pub const NUD_FAILED: u16 = 0x20;
pub const NUD_NOARP: u16 = 0x40;
pub const NUD_PERMANENT: u16 = 0x80;

pub const NUD_NAMES: &[(u16, &str)] = &[
    (NUD_INCOMPLETE, "INCOMPLETE"),
    (NUD_REACHABLE, "REACHABLE"),
    (NUD_STALE, "STALE"),
    (NUD_DELAY, "DELAY"),
    (NUD_PROBE, "PROBE"),
    (NUD_FAILED, "FAILED"),
    (NUD_NOARP, "NOARP"),
    (NUD_PERMANENT, "PERMANENT"),
];

pub const NTF_USE: u8 = 0x01;
pub const NTF_SELF: u8 = 0x02;
pub const NTF_MASTER: u8 = 0x04;
pub const NTF_PROXY: u8 = 0x08;
pub const NTF_EXT_LEARNED: u8 = 0x10;
pub const NTF_OFFLOADED: u8 = 0x20;
pub const NTF_STICKY: u8 = 0x40;
pub const NTF_ROUTER: u8 = 0x80;

pub const NTF_NAMES: &[(u8, &str)] = &[
    (NTF_USE, "use"),
    (NTF_SELF, "self"),
    (NTF_MASTER, "master"),
    (NTF_PROXY, "proxy"),
    (NTF_EXT_LEARNED, "extern_learn"),
    (NTF_OFFLOADED, "offload"),
    (NTF_STICKY, "sticky"),
    (NTF_ROUTER, "router"),
];

// Address flags (ifa_flags, IFA_FLAGS).
pub const IFA_F_SECONDARY: u32 = 0x01;
pub const IFA_F_NODAD: u32 = 0x02;
pub const IFA_F_OPTIMISTIC: u32 = 0x04;
pub const IFA_F_DADFAILED: u32 = 0x08;
pub const IFA_F_HOMEADDRESS: u32 = 0x10;
pub const IFA_F_DEPRECATED: u32 = 0x20;
pub const IFA_F_TENTATIVE: u32 = 0x40;
pub const IFA_F_PERMANENT: u32 = 0x80;
pub const IFA_F_MANAGETEMPADDR: u32 = 0x100;
pub const IFA_F_NOPREFIXROUTE: u32 = 0x200;
pub const IFA_F_MCAUTOJOIN: u32 = 0x400;
pub const IFA_F_STABLE_PRIVACY: u32 = 0x800;

pub const IFA_FLAG_NAMES: &[(u32, &str)] = &[
    (IFA_F_SECONDARY, "secondary"),
    (IFA_F_NODAD, "nodad"),
    (IFA_F_OPTIMISTIC, "optimistic"),
    (IFA_F_DADFAILED, "dadfailed"),
    (IFA_F_HOMEADDRESS, "home"),
    (IFA_F_DEPRECATED, "deprecated"),
    (IFA_F_TENTATIVE, "tentative"),
    (IFA_F_PERMANENT, "permanent"),
    (IFA_F_MANAGETEMPADDR, "mngtmpaddr"),
    (IFA_F_NOPREFIXROUTE, "noprefixroute"),
    (IFA_F_MCAUTOJOIN, "autojoin"),
    (IFA_F_STABLE_PRIVACY, "stable-privacy"),
];

// Rule actions (fib_rule_hdr.action).
pub const FR_ACT_UNSPEC: u8 = 0;
pub const FR_ACT_TO_TBL: u8 = 1;
pub const FR_ACT_GOTO: u8 = 2;
pub const FR_ACT_NOP: u8 = 3;
pub const FR_ACT_BLACKHOLE: u8 = 6;
pub const FR_ACT_UNREACHABLE: u8 = 7;
pub const FR_ACT_PROHIBIT: u8 = 8;

pub fn rule_action_name(action: u8) -> &'static str {
    match action {
        FR_ACT_TO_TBL => "to_tbl",
        FR_ACT_GOTO => "goto",
        FR_ACT_NOP => "nop",
        FR_ACT_BLACKHOLE => "blackhole",
        FR_ACT_UNREACHABLE => "unreachable",
        FR_ACT_PROHIBIT => "prohibit",
        _ => "unspec",
    }
}

pub const FIB_RULE_INVERT: u32 = 0x2;

/// Names the bits set in `value`, in table order; unnamed bits come last as hex.
pub fn flag_names<T>(value: T, names: &[(T, &'static str)]) -> Vec<String>
where
    T: Copy
        + PartialEq
        + Default
        + std::ops::BitAnd<Output = T>
        + std::ops::Not<Output = T>
        + std::fmt::LowerHex,
    T: std::ops::BitAndAssign,
{
    let mut rest = value;
    let mut out = Vec::new();
    for &(bit, name) in names {
        if value & bit != T::default() {
            out.push(name.to_string());
            rest &= !bit;
        }
    }
    if rest != T::default() {
        out.push(format!("{rest:#x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_names_lists_known_bits_then_the_rest() {
        let names = flag_names(IFF_UP | IFF_LOOPBACK | 0x8000_0000, IFF_NAMES);
        assert_eq!(names, ["LOOPBACK", "UP", "0x80000000"]);
        assert!(flag_names(0u32, IFF_NAMES).is_empty());
    }

    #[test]
    fn tables_parse_by_name_or_number() {
        assert_eq!(parse_table("main"), Some(254));
        assert_eq!(parse_table("100000"), Some(100_000));
        assert_eq!(parse_table("nope"), None);
    }
}
