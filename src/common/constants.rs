//! Linux rtnetlink numbering: the one numbering every backend normalizes to.
//!
//! Values are the kernel's (`linux/rtnetlink.h`, `linux/netlink.h`, `linux/if.h`,
//! `linux/neighbour.h`, `linux/fib_rules.h`); they are spelled out here rather
//! than taken from `libc` so that the BSD backend, built without Linux headers,
//! normalizes to exactly the same numbers.

// Netlink control messages.
/// Netlink control message: nothing, to be ignored (`linux/netlink.h`).
pub const NLMSG_NOOP: u16 = 1;
/// Netlink control message: an error report, or an acknowledgement when its error is 0.
pub const NLMSG_ERROR: u16 = 2;
/// Netlink control message: the end of a multipart (dump) reply.
pub const NLMSG_DONE: u16 = 3;
/// Netlink control message: data was lost (overrun).
pub const NLMSG_OVERRUN: u16 = 4;

// Netlink header flags.
/// Netlink flag: the message is a request.
pub const NLM_F_REQUEST: u16 = 0x01;
/// Netlink flag: the message is part of a multipart reply, ended by NLMSG_DONE.
pub const NLM_F_MULTI: u16 = 0x02;
/// Netlink flag: ask the kernel for an acknowledgement (NLMSG_ERROR with error 0).
pub const NLM_F_ACK: u16 = 0x04;
/// Netlink flag: echo the request back to the sender.
pub const NLM_F_ECHO: u16 = 0x08;
/// Netlink flag: the dump was interrupted by a change, so it may be inconsistent.
pub const NLM_F_DUMP_INTR: u16 = 0x10;
/// Netlink flag: the dump was filtered as the request asked.
pub const NLM_F_DUMP_FILTERED: u16 = 0x20;
/// GET request flag: return the whole table rather than a single entry.
pub const NLM_F_ROOT: u16 = 0x100;
/// GET request flag: return every entry that matches.
pub const NLM_F_MATCH: u16 = 0x200;
/// GET request flags: dump every entry (`NLM_F_ROOT | NLM_F_MATCH`).
pub const NLM_F_DUMP: u16 = NLM_F_ROOT | NLM_F_MATCH;
/// NEW request flag: replace the object if it already exists.
pub const NLM_F_REPLACE: u16 = 0x100;
/// NEW request flag: fail if the object already exists.
pub const NLM_F_EXCL: u16 = 0x200;
/// NEW request flag: create the object if it does not exist.
pub const NLM_F_CREATE: u16 = 0x400;
/// NEW request flag: add to the end of the object's list.
pub const NLM_F_APPEND: u16 = 0x800;
/// Acknowledgement flag: the request echoed in the error message was capped (truncated).
pub const NLM_F_CAPPED: u16 = 0x100;
/// Acknowledgement flag: extended-ACK attributes follow the error.
pub const NLM_F_ACK_TLVS: u16 = 0x200;

// rtnetlink message types.
/// rtnetlink message type: create a link (network interface), or a link's
/// state as announced or dumped (`linux/rtnetlink.h`).
pub const RTM_NEWLINK: u16 = 16;
/// rtnetlink message type: delete a link, or the announcement that one was removed.
pub const RTM_DELLINK: u16 = 17;
/// rtnetlink message type: request one link, or all of them with NLM_F_DUMP.
pub const RTM_GETLINK: u16 = 18;
/// rtnetlink message type: change an existing link.
pub const RTM_SETLINK: u16 = 19;
/// rtnetlink message type: add an interface address, or an address as announced or dumped.
pub const RTM_NEWADDR: u16 = 20;
/// rtnetlink message type: delete an interface address, or the announcement that one was removed.
pub const RTM_DELADDR: u16 = 21;
/// rtnetlink message type: request interface addresses.
pub const RTM_GETADDR: u16 = 22;
/// rtnetlink message type: add a route, or a route as announced or dumped.
pub const RTM_NEWROUTE: u16 = 24;
/// rtnetlink message type: delete a route, or the announcement that one was removed.
pub const RTM_DELROUTE: u16 = 25;
/// rtnetlink message type: request routes, or look up the route to one destination.
pub const RTM_GETROUTE: u16 = 26;
/// rtnetlink message type: add a neighbour (ARP/NDP or bridge FDB) entry, or
/// an entry as announced or dumped.
pub const RTM_NEWNEIGH: u16 = 28;
/// rtnetlink message type: delete a neighbour entry, or the announcement that one was removed.
pub const RTM_DELNEIGH: u16 = 29;
/// rtnetlink message type: request neighbour entries.
pub const RTM_GETNEIGH: u16 = 30;
/// rtnetlink message type: add a routing policy rule, or a rule as announced or dumped.
pub const RTM_NEWRULE: u16 = 32;
/// rtnetlink message type: delete a routing policy rule, or the announcement that one was removed.
pub const RTM_DELRULE: u16 = 33;
/// rtnetlink message type: request routing policy rules.
pub const RTM_GETRULE: u16 = 34;
/// rtnetlink message type: add a nexthop object, or a nexthop as announced or dumped.
pub const RTM_NEWNEXTHOP: u16 = 104;
/// rtnetlink message type: delete a nexthop object, or the announcement that one was removed.
pub const RTM_DELNEXTHOP: u16 = 105;
/// rtnetlink message type: request nexthop objects.
pub const RTM_GETNEXTHOP: u16 = 106;
/// rtnetlink message type: a multicast group membership of an interface, as announced or dumped.
pub const RTM_NEWMULTICAST: u16 = 56;
/// rtnetlink message type: the announcement that a multicast group membership was removed.
pub const RTM_DELMULTICAST: u16 = 57;
/// rtnetlink message type: request the multicast group memberships of interfaces.
pub const RTM_GETMULTICAST: u16 = 58;
/// Message type: a queueing discipline was added or changed, or is reported (`tc qdisc`).
pub const RTM_NEWQDISC: u16 = 36;
/// Message type: a queueing discipline was deleted.
pub const RTM_DELQDISC: u16 = 37;
/// Message type: request queueing disciplines.
pub const RTM_GETQDISC: u16 = 38;
/// A tc handle: the root of an interface's egress.
pub const TC_H_ROOT: u32 = 0xffff_ffff;
/// A tc handle: the ingress hook (and clsact's parent).
pub const TC_H_INGRESS: u32 = 0xffff_fff1;
/// Message type: add link properties (`ip link property add`, alternative names).
pub const RTM_NEWLINKPROP: u16 = 108;
/// Message type: delete link properties (`ip link property del`).
pub const RTM_DELLINKPROP: u16 = 109;
/// Message type: a namespace id was assigned (`ip netns set`), or one is reported.
pub const RTM_NEWNSID: u16 = 88;
/// Message type: a namespace id was removed.
pub const RTM_DELNSID: u16 = 89;
/// Message type: request a namespace id, or dump them all (`ip netns list-id`).
pub const RTM_GETNSID: u16 = 90;

/// Message type: a traffic-control class was added or changed, or is reported (`tc class`).
pub const RTM_NEWTCLASS: u16 = 40;
/// Message type: a traffic-control class was deleted.
pub const RTM_DELTCLASS: u16 = 41;
/// Message type: request an interface's traffic-control classes.
pub const RTM_GETTCLASS: u16 = 42;
/// Message type: a traffic-control filter was added or changed, or is reported (`tc filter`).
pub const RTM_NEWTFILTER: u16 = 44;
/// Message type: a traffic-control filter was deleted.
pub const RTM_DELTFILTER: u16 = 45;
/// Message type: request traffic-control filters.
pub const RTM_GETTFILTER: u16 = 46;
/// Message type: a traffic-control action was added or is reported (`tc actions`).
pub const RTM_NEWACTION: u16 = 48;
/// Message type: a traffic-control action was deleted.
pub const RTM_DELACTION: u16 = 49;
/// Message type: request traffic-control actions.
pub const RTM_GETACTION: u16 = 50;
/// Message type: an IPv6 prefix was learnt from a router advertisement.
pub const RTM_NEWPREFIX: u16 = 52;
/// Message type: an IPv6 anycast address was added or is reported.
pub const RTM_NEWANYCAST: u16 = 60;
/// Message type: an IPv6 anycast address was removed.
pub const RTM_DELANYCAST: u16 = 61;
/// Message type: request the anycast addresses of interfaces.
pub const RTM_GETANYCAST: u16 = 62;
/// Message type: a neighbour table is reported (`ip ntable`).
pub const RTM_NEWNEIGHTBL: u16 = 64;
/// Message type: request the neighbour tables.
pub const RTM_GETNEIGHTBL: u16 = 66;
/// Message type: change a neighbour table (`ip ntable change`).
pub const RTM_SETNEIGHTBL: u16 = 67;
/// Message type: a router advertisement option the kernel passes to user space.
pub const RTM_NEWNDUSEROPT: u16 = 68;
/// Message type: an address label was added, or is reported (`ip addrlabel`).
pub const RTM_NEWADDRLABEL: u16 = 72;
/// Message type: an address label was deleted.
pub const RTM_DELADDRLABEL: u16 = 73;
/// Message type: request address labels.
pub const RTM_GETADDRLABEL: u16 = 74;
/// Message type: request data-center bridging settings.
pub const RTM_GETDCB: u16 = 78;
/// Message type: change data-center bridging settings.
pub const RTM_SETDCB: u16 = 79;
/// Message type: per-interface IP settings changed, or are reported (`ip netconf`).
pub const RTM_NEWNETCONF: u16 = 80;
/// Message type: per-interface IP settings went away with their interface.
pub const RTM_DELNETCONF: u16 = 81;
/// Message type: request per-interface IP settings.
pub const RTM_GETNETCONF: u16 = 82;
/// Message type: a bridge multicast database entry was added, or is reported (`bridge mdb`).
pub const RTM_NEWMDB: u16 = 84;
/// Message type: a bridge multicast database entry was deleted.
pub const RTM_DELMDB: u16 = 85;
/// Message type: request bridge multicast database entries.
pub const RTM_GETMDB: u16 = 86;
/// Message type: interface statistics are reported (`ip stats`).
pub const RTM_NEWSTATS: u16 = 92;
/// Message type: request interface statistics.
pub const RTM_GETSTATS: u16 = 94;
/// Message type: change which interface statistics are kept.
pub const RTM_SETSTATS: u16 = 95;
/// Message type: a multicast routing cache report.
pub const RTM_NEWCACHEREPORT: u16 = 96;
/// Message type: a traffic-control filter chain was added, or is reported (`tc chain`).
pub const RTM_NEWCHAIN: u16 = 100;
/// Message type: a traffic-control filter chain was deleted.
pub const RTM_DELCHAIN: u16 = 101;
/// Message type: request traffic-control filter chains.
pub const RTM_GETCHAIN: u16 = 102;
/// Message type: request link properties.
pub const RTM_GETLINKPROP: u16 = 110;
/// Message type: bridge port VLANs were added, or are reported (`bridge vlan`).
pub const RTM_NEWVLAN: u16 = 112;
/// Message type: bridge port VLANs were deleted.
pub const RTM_DELVLAN: u16 = 113;
/// Message type: request bridge port VLANs.
pub const RTM_GETVLAN: u16 = 114;
/// Message type: a resilient nexthop group bucket is reported (`ip nexthop bucket`).
pub const RTM_NEWNEXTHOPBUCKET: u16 = 116;
/// Message type: a resilient nexthop group bucket was removed.
pub const RTM_DELNEXTHOPBUCKET: u16 = 117;
/// Message type: request resilient nexthop group buckets.
pub const RTM_GETNEXTHOPBUCKET: u16 = 118;
/// Message type: a tunnel (VXLAN VNI filter) entry was added, or is reported.
pub const RTM_NEWTUNNEL: u16 = 120;
/// Message type: a tunnel entry was deleted.
pub const RTM_DELTUNNEL: u16 = 121;
/// Message type: request tunnel entries.
pub const RTM_GETTUNNEL: u16 = 122;

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
        RTM_NEWQDISC => "RTM_NEWQDISC",
        RTM_DELQDISC => "RTM_DELQDISC",
        RTM_GETQDISC => "RTM_GETQDISC",
        RTM_NEWNSID => "RTM_NEWNSID",
        RTM_DELNSID => "RTM_DELNSID",
        RTM_GETNSID => "RTM_GETNSID",
        RTM_NEWTCLASS => "RTM_NEWTCLASS",
        RTM_DELTCLASS => "RTM_DELTCLASS",
        RTM_GETTCLASS => "RTM_GETTCLASS",
        RTM_NEWTFILTER => "RTM_NEWTFILTER",
        RTM_DELTFILTER => "RTM_DELTFILTER",
        RTM_GETTFILTER => "RTM_GETTFILTER",
        RTM_NEWACTION => "RTM_NEWACTION",
        RTM_DELACTION => "RTM_DELACTION",
        RTM_GETACTION => "RTM_GETACTION",
        RTM_NEWPREFIX => "RTM_NEWPREFIX",
        RTM_NEWANYCAST => "RTM_NEWANYCAST",
        RTM_DELANYCAST => "RTM_DELANYCAST",
        RTM_GETANYCAST => "RTM_GETANYCAST",
        RTM_NEWNEIGHTBL => "RTM_NEWNEIGHTBL",
        RTM_GETNEIGHTBL => "RTM_GETNEIGHTBL",
        RTM_SETNEIGHTBL => "RTM_SETNEIGHTBL",
        RTM_NEWNDUSEROPT => "RTM_NEWNDUSEROPT",
        RTM_NEWADDRLABEL => "RTM_NEWADDRLABEL",
        RTM_DELADDRLABEL => "RTM_DELADDRLABEL",
        RTM_GETADDRLABEL => "RTM_GETADDRLABEL",
        RTM_GETDCB => "RTM_GETDCB",
        RTM_SETDCB => "RTM_SETDCB",
        RTM_NEWNETCONF => "RTM_NEWNETCONF",
        RTM_DELNETCONF => "RTM_DELNETCONF",
        RTM_GETNETCONF => "RTM_GETNETCONF",
        RTM_NEWMDB => "RTM_NEWMDB",
        RTM_DELMDB => "RTM_DELMDB",
        RTM_GETMDB => "RTM_GETMDB",
        RTM_NEWSTATS => "RTM_NEWSTATS",
        RTM_GETSTATS => "RTM_GETSTATS",
        RTM_SETSTATS => "RTM_SETSTATS",
        RTM_NEWCACHEREPORT => "RTM_NEWCACHEREPORT",
        RTM_NEWCHAIN => "RTM_NEWCHAIN",
        RTM_DELCHAIN => "RTM_DELCHAIN",
        RTM_GETCHAIN => "RTM_GETCHAIN",
        RTM_GETLINKPROP => "RTM_GETLINKPROP",
        RTM_NEWVLAN => "RTM_NEWVLAN",
        RTM_DELVLAN => "RTM_DELVLAN",
        RTM_GETVLAN => "RTM_GETVLAN",
        RTM_NEWNEXTHOPBUCKET => "RTM_NEWNEXTHOPBUCKET",
        RTM_DELNEXTHOPBUCKET => "RTM_DELNEXTHOPBUCKET",
        RTM_GETNEXTHOPBUCKET => "RTM_GETNEXTHOPBUCKET",
        RTM_NEWTUNNEL => "RTM_NEWTUNNEL",
        RTM_DELTUNNEL => "RTM_DELTUNNEL",
        RTM_GETTUNNEL => "RTM_GETTUNNEL",
        RTM_NEWLINKPROP => "RTM_NEWLINKPROP",
        RTM_DELLINKPROP => "RTM_DELLINKPROP",
        other => bsd_type_name(other).unwrap_or("UNKNOWN"),
    }
}

/// Message types the Linux numbering has no word for: normalized messages
/// carry these (above any rtnetlink type) so nothing is dropped.
pub const BSD_RTM_LOSING: u16 = 0x401;
/// BSD `RTM_REDIRECT`: the kernel was told to use a different route.
pub const BSD_RTM_REDIRECT: u16 = 0x402;
/// BSD `RTM_MISS`: a route lookup for this address failed.
pub const BSD_RTM_MISS: u16 = 0x403;
/// BSD `RTM_LOCK`: lock the given route metrics.
pub const BSD_RTM_LOCK: u16 = 0x404;
/// BSD `RTM_RESOLVE`: a request to resolve a destination to a link-layer address.
pub const BSD_RTM_RESOLVE: u16 = 0x405;
/// OpenBSD: the kernel dropped messages for this socket (an overrun).
pub const BSD_RTM_DESYNC: u16 = 0x406;
/// OpenBSD `RTM_PROPOSAL`: a configuration proposal, such as name servers for resolvd(8).
pub const BSD_RTM_PROPOSAL: u16 = 0x407;
/// OpenBSD `RTM_80211INFO`: the 802.11 (Wi-Fi) state of an interface.
pub const BSD_RTM_80211INFO: u16 = 0x408;
/// FreeBSD and NetBSD `RTM_IEEE80211`: an IEEE 802.11 (Wi-Fi) event.
pub const BSD_RTM_IEEE80211: u16 = 0x409;
/// OpenBSD `RTM_INVALIDATE`: a cached link-layer route was invalidated.
pub const BSD_RTM_INVALIDATE: u16 = 0x40a;
/// OpenBSD `RTM_BFD`: a bidirectional forwarding detection (BFD) message.
pub const BSD_RTM_BFD: u16 = 0x40b;
/// OpenBSD `RTM_SOURCE`: set the preferred source address.
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
/// Address family: unspecified (any family).
pub const AF_UNSPEC: u8 = 0;
/// Address family: IPv4.
pub const AF_INET: u8 = 2;
/// Address family: Linux bridge (bridge ports, FDB entries, VLANs).
pub const AF_BRIDGE: u8 = 7;
/// Address family: IPv6.
pub const AF_INET6: u8 = 10;
/// Address family: low-level packet interface.
pub const AF_PACKET: u8 = 17;
/// Address family: MPLS.
pub const AF_MPLS: u8 = 28;
/// Address family: Phonet (cellular modems).
pub const AF_PHONET: u8 = 35;
/// Address family: MCTP (management component transport).
pub const AF_MCTP: u8 = 45;

/// The name of an address family (`inet`, `inet6`, `bridge`, ...), or `unknown`.
pub fn family_name(family: u8) -> &'static str {
    match family {
        AF_UNSPEC => "unspec",
        AF_INET => "inet",
        AF_BRIDGE => "bridge",
        AF_INET6 => "inet6",
        AF_PACKET => "packet",
        AF_MPLS => "mpls",
        AF_PHONET => "phonet",
        AF_MCTP => "mctp",
        128 => "ipmr",
        129 => "ip6mr",
        _ => "unknown",
    }
}

// Interface flags (linux/if.h IFF_*).
/// Interface flag: administratively up (`linux/if.h`).
pub const IFF_UP: u32 = 0x1;
/// Interface flag: the broadcast address is valid.
pub const IFF_BROADCAST: u32 = 0x2;
/// Interface flag: driver debugging is turned on.
pub const IFF_DEBUG: u32 = 0x4;
/// Interface flag: a loopback interface.
pub const IFF_LOOPBACK: u32 = 0x8;
/// Interface flag: a point-to-point link.
pub const IFF_POINTOPOINT: u32 = 0x10;
/// Interface flag: avoid trailers (obsolete, unused by Linux).
pub const IFF_NOTRAILERS: u32 = 0x20;
/// Interface flag: operationally up (RFC 2863 `up`).
pub const IFF_RUNNING: u32 = 0x40;
/// Interface flag: no ARP (no link-layer address resolution).
pub const IFF_NOARP: u32 = 0x80;
/// Interface flag: promiscuous mode, receiving all packets.
pub const IFF_PROMISC: u32 = 0x100;
/// Interface flag: receiving all multicast packets.
pub const IFF_ALLMULTI: u32 = 0x200;
/// Interface flag: the master of a load balancer (bonding).
pub const IFF_MASTER: u32 = 0x400;
/// Interface flag: a slave of a load balancer (bonding).
pub const IFF_SLAVE: u32 = 0x800;
/// Interface flag: supports multicast.
pub const IFF_MULTICAST: u32 = 0x1000;
/// Interface flag: the media type can be set.
pub const IFF_PORTSEL: u32 = 0x2000;
/// Interface flag: automatic media selection is active.
pub const IFF_AUTOMEDIA: u32 = 0x4000;
/// Interface flag: a dial-up device whose addresses change.
pub const IFF_DYNAMIC: u32 = 0x8000;
/// Interface flag: the driver signals the lower layer up (carrier).
pub const IFF_LOWER_UP: u32 = 0x10000;
/// Interface flag: the driver signals the interface dormant.
pub const IFF_DORMANT: u32 = 0x20000;
/// Interface flag: sent packets are echoed back.
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
/// Link type: Ethernet (`linux/if_arp.h`).
pub const ARPHRD_ETHER: u16 = 1;
/// Link type: IEEE 1394 (FireWire).
pub const ARPHRD_IEEE1394: u16 = 24;
/// Link type: InfiniBand.
pub const ARPHRD_INFINIBAND: u16 = 32;
/// Link type: no link-layer header (such as tun devices).
pub const ARPHRD_NONE: u16 = 0xfffe;
/// Link type: void, nothing is known about the device.
pub const ARPHRD_VOID: u16 = 0xffff;
/// Link type: PPP.
pub const ARPHRD_PPP: u16 = 512;
/// Link type: IP-in-IP (ipip) tunnel.
pub const ARPHRD_TUNNEL: u16 = 768;
/// Link type: IP-in-IPv6 tunnel.
pub const ARPHRD_TUNNEL6: u16 = 769;
/// Link type: SIT (IPv6-in-IPv4) tunnel.
pub const ARPHRD_SIT: u16 = 776;
/// Link type: GRE over IP tunnel.
pub const ARPHRD_IPGRE: u16 = 778;
/// Link type: loopback device.
pub const ARPHRD_LOOPBACK: u16 = 772;
/// Link type: IEEE 802.11 (Wi-Fi).
pub const ARPHRD_IEEE80211: u16 = 801;

/// The name of a link type (`ether`, `loopback`, ...), or `unknown`.
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
/// Route type: unspecified.
pub const RTN_UNSPEC: u8 = 0;
/// Route type: an ordinary route, via a gateway or direct.
pub const RTN_UNICAST: u8 = 1;
/// Route type: a local address, accepted locally.
pub const RTN_LOCAL: u8 = 2;
/// Route type: accepted locally as broadcast, and sent as broadcast.
pub const RTN_BROADCAST: u8 = 3;
/// Route type: accepted locally as broadcast, but sent as unicast.
pub const RTN_ANYCAST: u8 = 4;
/// Route type: a multicast route.
pub const RTN_MULTICAST: u8 = 5;
/// Route type: packets are dropped silently.
pub const RTN_BLACKHOLE: u8 = 6;
/// Route type: the destination is unreachable.
pub const RTN_UNREACHABLE: u8 = 7;
/// Route type: the destination is administratively prohibited.
pub const RTN_PROHIBIT: u8 = 8;
/// Route type: not in this table; the lookup continues with the next rule.
pub const RTN_THROW: u8 = 9;
/// Route type: network address translation (obsolete).
pub const RTN_NAT: u8 = 10;

/// The name of a route type (`unicast`, `local`, `blackhole`, ...), as `ip route` prints it.
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
/// Route protocol: unknown.
pub const RTPROT_UNSPEC: u8 = 0;
/// Route protocol: installed by an ICMP redirect.
pub const RTPROT_REDIRECT: u8 = 1;
/// Route protocol: installed by the kernel.
pub const RTPROT_KERNEL: u8 = 2;
/// Route protocol: installed during boot.
pub const RTPROT_BOOT: u8 = 3;
/// Route protocol: installed by the administrator.
pub const RTPROT_STATIC: u8 = 4;
/// Route protocol: installed from router advertisements (RDISC/ND).
pub const RTPROT_RA: u8 = 9;
/// Route protocol: installed by a DHCP client.
pub const RTPROT_DHCP: u8 = 16;

/// The name of a route protocol (`kernel`, `static`, `bgp`, ...), or `None`
/// for a number without one.
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
/// Scope: global, valid everywhere.
pub const RT_SCOPE_UNIVERSE: u8 = 0;
/// Scope: within the site.
pub const RT_SCOPE_SITE: u8 = 200;
/// Scope: on the attached link only.
pub const RT_SCOPE_LINK: u8 = 253;
/// Scope: on this host only.
pub const RT_SCOPE_HOST: u8 = 254;
/// Scope: the destination does not exist.
pub const RT_SCOPE_NOWHERE: u8 = 255;

/// The name of a scope (`global`, `link`, `host`, ...), or `None` for a number without one.
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
/// Routing table: unspecified.
pub const RT_TABLE_UNSPEC: u32 = 0;
/// Routing table: the placeholder in the 8-bit `rtm_table` when the real id
/// (in RTA_TABLE) is larger.
pub const RT_TABLE_COMPAT: u32 = 252;
/// Routing table: the `default` table.
pub const RT_TABLE_DEFAULT: u32 = 253;
/// Routing table: the `main` table, where routes go unless told otherwise.
pub const RT_TABLE_MAIN: u32 = 254;
/// Routing table: the `local` table of local and broadcast routes, kept by the kernel.
pub const RT_TABLE_LOCAL: u32 = 255;

/// The name of a reserved table (`main`, `local`, `default`), or `None`.
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
/// Nexthop flag: the nexthop is dead.
pub const RTNH_F_DEAD: u32 = 1;
/// Nexthop flag: look the gateway up recursively.
pub const RTNH_F_PERVASIVE: u32 = 2;
/// Nexthop flag: the gateway is on the link, even if no prefix says so.
pub const RTNH_F_ONLINK: u32 = 4;
/// Nexthop flag: the route is offloaded to hardware.
pub const RTNH_F_OFFLOAD: u32 = 8;
/// Nexthop flag: the nexthop's device has no carrier.
pub const RTNH_F_LINKDOWN: u32 = 16;
/// Nexthop flag: the entry is unresolved (multicast routing).
pub const RTNH_F_UNRESOLVED: u32 = 32;
/// Route flag: notify the user of changes to the route.
pub const RTM_F_NOTIFY: u32 = 0x100;
/// Route flag: the route is cloned (a cache entry).
pub const RTM_F_CLONED: u32 = 0x200;
/// Route flag: answer `route get` with the FIB entry that matched, not the resulting route (`fibmatch`).
pub const RTM_F_FIB_MATCH: u32 = 0x2000;

/// Nexthop flag names, in the order `ip route` prints them.
pub const RTNH_FLAG_NAMES: &[(u32, &str)] = &[
    (RTNH_F_DEAD, "dead"),
    (RTNH_F_ONLINK, "onlink"),
    (RTNH_F_PERVASIVE, "pervasive"),
    (RTNH_F_OFFLOAD, "offload"),
    (RTNH_F_LINKDOWN, "linkdown"),
    (RTNH_F_UNRESOLVED, "unresolved"),
];

// Neighbour states (ndm_state) and flags (ndm_flags).
/// Neighbour state: address resolution is in progress (`linux/neighbour.h`).
pub const NUD_INCOMPLETE: u16 = 0x01;
/// Neighbour state: confirmed reachable recently.
pub const NUD_REACHABLE: u16 = 0x02;
/// Neighbour state: valid, but not confirmed recently.
pub const NUD_STALE: u16 = 0x04;
/// Neighbour state: a stale entry was used; waiting before probing.
pub const NUD_DELAY: u16 = 0x08;
/// Neighbour state: being probed.
pub const NUD_PROBE: u16 = 0x10;
/// Neighbour state: address resolution failed.
pub const NUD_FAILED: u16 = 0x20;
/// Neighbour state: valid, and needs no address resolution.
pub const NUD_NOARP: u16 = 0x40;
/// Neighbour state: a static entry, set by the administrator.
pub const NUD_PERMANENT: u16 = 0x80;

/// Neighbour state names, as `ip neigh` prints them.
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

/// Neighbour flag: mark the entry as in use (in requests).
pub const NTF_USE: u8 = 0x01;
/// Neighbour flag: the entry is in the device's own table (bridge FDB).
pub const NTF_SELF: u8 = 0x02;
/// Neighbour flag: the entry is in the master (bridge) device's table.
pub const NTF_MASTER: u8 = 0x04;
/// Neighbour flag: a proxy entry (proxy ARP or NDP).
pub const NTF_PROXY: u8 = 0x08;
/// Neighbour flag: learned by something outside the kernel, such as a switch driver.
pub const NTF_EXT_LEARNED: u8 = 0x10;
/// Neighbour flag: offloaded to hardware.
pub const NTF_OFFLOADED: u8 = 0x20;
/// Neighbour flag: a bridge FDB entry that may not move to another port.
pub const NTF_STICKY: u8 = 0x40;
/// Neighbour flag: the neighbour is an IPv6 router.
pub const NTF_ROUTER: u8 = 0x80;

/// Neighbour flag names, as iproute2 prints them.
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
/// Address flag: a secondary address; for IPv6, a temporary address (`linux/if_addr.h`).
pub const IFA_F_SECONDARY: u32 = 0x01;
/// Address flag: no duplicate address detection (DAD).
pub const IFA_F_NODAD: u32 = 0x02;
/// Address flag: optimistic DAD, usable while DAD runs.
pub const IFA_F_OPTIMISTIC: u32 = 0x04;
/// Address flag: duplicate address detection failed.
pub const IFA_F_DADFAILED: u32 = 0x08;
/// Address flag: a Mobile IPv6 home address.
pub const IFA_F_HOMEADDRESS: u32 = 0x10;
/// Address flag: deprecated (preferred lifetime over), not used for new connections.
pub const IFA_F_DEPRECATED: u32 = 0x20;
/// Address flag: tentative, duplicate address detection not yet done.
pub const IFA_F_TENTATIVE: u32 = 0x40;
/// Address flag: permanent, not a dynamic address with a lifetime.
pub const IFA_F_PERMANENT: u32 = 0x80;
/// Address flag: manage temporary (privacy) addresses from this address's prefix.
pub const IFA_F_MANAGETEMPADDR: u32 = 0x100;
/// Address flag: do not add a prefix route for this address.
pub const IFA_F_NOPREFIXROUTE: u32 = 0x200;
/// Address flag: join the multicast group automatically.
pub const IFA_F_MCAUTOJOIN: u32 = 0x400;
/// Address flag: made by stable privacy addressing (RFC 7217).
pub const IFA_F_STABLE_PRIVACY: u32 = 0x800;

/// Address flag names, as `ip address` prints them.
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
/// Rule action: unspecified (`linux/fib_rules.h`).
pub const FR_ACT_UNSPEC: u8 = 0;
/// Rule action: look the destination up in the rule's table.
pub const FR_ACT_TO_TBL: u8 = 1;
/// Rule action: jump to another rule.
pub const FR_ACT_GOTO: u8 = 2;
/// Rule action: do nothing.
pub const FR_ACT_NOP: u8 = 3;
/// Rule action: drop the packet silently.
pub const FR_ACT_BLACKHOLE: u8 = 6;
/// Rule action: drop the packet as unreachable.
pub const FR_ACT_UNREACHABLE: u8 = 7;
/// Rule action: drop the packet as administratively prohibited.
pub const FR_ACT_PROHIBIT: u8 = 8;

/// The name of a rule action (`to_tbl`, `goto`, `blackhole`, ...); unknown actions are `unspec`.
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

/// Rule flag: invert the rule's match (`ip rule not ...`).
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

/// IFLA_EXT_MASK bits (linux/rtnetlink.h): what a link dump adds.
/// VF information (IFLA_VFINFO_LIST; `ip link show` always asks).
pub const RTEXT_FILTER_VF: u32 = 1 << 0;
/// Bridge VLANs, one entry per VLAN (IFLA_AF_SPEC of AF_BRIDGE dumps).
pub const RTEXT_FILTER_BRVLAN: u32 = 1 << 1;
/// Bridge VLANs as ranges (`bridge vlan show`).
pub const RTEXT_FILTER_BRVLAN_COMPRESSED: u32 = 1 << 2;
/// Leave out the VFs' statistics (IFLA_VF_STATS).
pub const RTEXT_FILTER_SKIP_STATS: u32 = 1 << 3;
/// Bridge MRP information.
pub const RTEXT_FILTER_MRP: u32 = 1 << 4;
/// Bridge CFM configuration.
pub const RTEXT_FILTER_CFM_CONFIG: u32 = 1 << 5;
/// Bridge CFM status.
pub const RTEXT_FILTER_CFM_STATUS: u32 = 1 << 6;
/// Bridge multiple spanning tree states.
pub const RTEXT_FILTER_MST: u32 = 1 << 7;

/// RTNL_FAMILY_IPMR: the family of IPv4 multicast route messages.
pub const RTNL_FAMILY_IPMR: u8 = 128;
/// RTNL_FAMILY_IP6MR: the family of IPv6 multicast route messages.
pub const RTNL_FAMILY_IP6MR: u8 = 129;

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
