//! OpenBSD's routing-socket ABI (`sys/net/route.h`, `sys/net/if.h` of
//! OpenBSD 7). Every header carries its own length (`hdrlen` at offset 4).

use super::freebsd::route;
use super::*;
use crate::common::constants::*;

// The types every system numbers alike (layout/mod.rs), under this
// system's name too.
pub use super::{RTM_ADD, RTM_CHANGE, RTM_DELETE, RTM_GET, RTM_LOSING, RTM_MISS, RTM_REDIRECT};
pub const RTM_RESOLVE: u8 = 0xb;
pub const RTM_NEWADDR: u8 = 0xc;
pub const RTM_DELADDR: u8 = 0xd;
pub const RTM_IFINFO: u8 = 0xe;
pub const RTM_IFANNOUNCE: u8 = 0xf;
pub const RTM_DESYNC: u8 = 0x10;
pub const RTM_INVALIDATE: u8 = 0x11;
pub const RTM_BFD: u8 = 0x12;
pub const RTM_PROPOSAL: u8 = 0x13;
pub const RTM_CHGADDRATTR: u8 = 0x14;
pub const RTM_80211INFO: u8 = 0x15;
pub const RTM_SOURCE: u8 = 0x16;
/// `sizeof(struct if_announcemsghdr)`: 10 bytes of header + IFNAMSIZ.
pub const IF_ANNOUNCEMSGHDR_LEN: usize = 26;
/// `sizeof(struct if_ieee80211msghdr)`: 12 + if_ieee80211_data (48).
pub const IF_IEEE80211MSGHDR_LEN: usize = 60;

/// A network route through a device clones one ARP/ND entry per neighbour
/// (without it the whole prefix is one entry: `route_output`).
pub const RTF_CLONING: u32 = 0x100;
pub const RTF_MULTICAST: u32 = 0x200;
/// `RTF_PERMANENT_ARP` (`RTF_PROTO3`): `arpcache` never overwrites it.
pub const RTF_PERMANENT_ARP: u32 = 0x2000;
pub const RTF_CLONED: u32 = 0x1_0000;
/// One more path to a prefix (`rtable_insert` refuses it without).
pub const RTF_MPATH: u32 = 0x4_0000;

pub const TYPES: &[(u8, Class)] = &[
    (RTM_ADD, route(RTM_NEWROUTE, NLM_F_CREATE)),
    (RTM_DELETE, route(RTM_DELROUTE, 0)),
    (
        RTM_CHANGE,
        route(RTM_NEWROUTE, NLM_F_REPLACE | NLM_F_CREATE),
    ),
    (RTM_GET, route(RTM_NEWROUTE, 0)),
    (RTM_LOSING, route(BSD_RTM_LOSING, 0)),
    (RTM_REDIRECT, route(BSD_RTM_REDIRECT, 0)),
    (RTM_MISS, route(BSD_RTM_MISS, 0)),
    // `arpcache` announces a resolved entry this way: a new neighbour.
    (
        RTM_RESOLVE,
        Class::Route {
            kind: BSD_RTM_RESOLVE,
            flags: 0,
            resolves: true,
        },
    ),
    (RTM_PROPOSAL, route(BSD_RTM_PROPOSAL, 0)),
    (RTM_INVALIDATE, route(BSD_RTM_INVALIDATE, 0)),
    (RTM_BFD, route(BSD_RTM_BFD, 0)),
    (RTM_SOURCE, route(BSD_RTM_SOURCE, 0)),
    (RTM_NEWADDR, Class::Address { new: true }),
    (RTM_DELADDR, Class::Address { new: false }),
    (RTM_CHGADDRATTR, Class::Address { new: true }),
    (RTM_IFINFO, Class::Link),
    (RTM_IFANNOUNCE, Class::Announce),
    (RTM_DESYNC, Class::Desync),
    (RTM_80211INFO, Class::Ieee80211),
];

/// UNKNOWN 0, INVALID 1, DOWN 2, KALIVE_DOWN 3, UP 4, HALF_DUPLEX 5,
/// FULL_DUPLEX 6.
const LINK_STATES: LinkStates = LinkStates {
    values: &[
        (0, LinkState::Unknown),
        (4, LinkState::Up),
        (5, LinkState::Up),
        (6, LinkState::Up),
    ],
    default: LinkState::Down,
};

/// `struct rt_msghdr`: 40 bytes of header, then `rt_metrics` (pksent and
/// expire 64-bit, then `u_int`s): 96 bytes on every architecture.
const RT_MSGHDR: RtMsghdr = RtMsghdr {
    len: 96,
    index: field(6, 2),
    table: Some(field(8, 2)),
    priority: Some(field(10, 1)),
    addrs: field(12, 4),
    flags: field(16, 4),
    fmask: Some(field(20, 4)),
    pid: Some(field(24, 4)),
    seq: Some(field(28, 4)),
    errno: Some(field(32, 4)),
    inits: field(36, 4),
    expire: field(48, 8),
    locks: field(56, 4),
    mtu: field(60, 4),
    hopcount: field(68, 4),
    ssthresh: field(80, 4),
    rtt: field(84, 4),
    rttvar: field(88, 4),
    nhidx: None,
};

/// `struct if_msghdr` (24 bytes) and `struct if_data`: its counters up to
/// `ifi_capabilities` (124 bytes) are the same everywhere; the `struct
/// timeval ifi_lastchange` after them is 8-aligned except on i386 (and 12
/// bytes there), so `if_data` is 144 or 136 bytes.
const fn if_msghdr(arch: Arch) -> IfMsghdr {
    let d = 24;
    // `struct timeval`: a 64-bit time_t and a long, aligned as a 64-bit int.
    let lastchange = align_up(124, arch.align64());
    let timeval = align_up(8 + arch.long(), arch.align64());
    IfMsghdr {
        len: d + lastchange + timeval,
        read_len: d + 124,
        addrs: field(12, 4),
        flags: field(16, 4),
        index: field(6, 2),
        table: Some(field(8, 2)),
        ift: field(d, 1),
        link_state: Some(field(d + 3, 1)),
        mtu: field(d + 4, 4),
        counters: IfCounters {
            ipackets: field(d + 24, 8),
            ierrors: field(d + 32, 8),
            opackets: field(d + 40, 8),
            oerrors: field(d + 48, 8),
            collisions: field(d + 56, 8),
            ibytes: field(d + 64, 8),
            obytes: field(d + 72, 8),
            imcasts: field(d + 80, 8),
            iqdrops: field(d + 96, 8),
            oqdrops: Some(field(d + 104, 8)),
            noproto: field(d + 112, 8),
        },
    }
}

pub const fn abi(arch: Arch) -> Abi {
    Abi {
        os: Os::OpenBsd,
        arch,
        endian: arch.endian(),
        time_t: 8,
        sockaddr_align: arch.long(),
        af_inet6: 24,
        // `rtm_xaddrs` refuses less than `sizeof(struct sockaddr_dl)`
        // (`sdl_data[24]`) with EINVAL.
        sockaddr_dl_len: 32,
        zone: ZoneStyle::Embedded,
        labels: true,
        hdrlen: Some(field(4, 2)),
        rt: RT_MSGHDR,
        rt2: None,
        ifm: if_msghdr(arch),
        ifa: IfaMsghdr {
            len: 24,
            addrs: field(12, 4),
            flags: field(16, 4),
            index: field(6, 2),
            metric: field(20, 4),
        },
        ifma: None,
        announce: Some(AnnounceMsghdr {
            len: IF_ANNOUNCEMSGHDR_LEN,
            index: field(6, 2),
            name: field(10, 16),
            what: field(8, 2),
        }),
        types: TYPES,
        rtf: RouteFlags {
            multicast: RTF_MULTICAST,
            cloned: Some(RTF_CLONED),
        },
        link_states: LINK_STATES,
    }
}

pub static ABIS: [Abi; Arch::ALL.len()] = abis_for_every_arch!(abi);
