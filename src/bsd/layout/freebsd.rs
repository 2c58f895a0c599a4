//! FreeBSD's routing-socket ABI (`sys/net/route.h`, `sys/net/if.h` of
//! FreeBSD 13 and 14).

use super::*;
use crate::common::constants::*;

// The types every system numbers alike (layout/mod.rs), under this
// system's name too.
pub use super::{RTM_ADD, RTM_CHANGE, RTM_DELETE, RTM_GET, RTM_LOSING, RTM_MISS, RTM_REDIRECT};
pub const RTM_LOCK: u8 = 0x8;
pub const RTM_RESOLVE: u8 = 0xb;
pub const RTM_NEWADDR: u8 = 0xc;
pub const RTM_DELADDR: u8 = 0xd;
pub const RTM_IFINFO: u8 = 0xe;
pub const RTM_NEWMADDR: u8 = 0xf;
pub const RTM_DELMADDR: u8 = 0x10;
pub const RTM_IFANNOUNCE: u8 = 0x11;
pub const RTM_IEEE80211: u8 = 0x12;
/// `sizeof(struct ifma_msghdr)`.
pub const IFMA_MSGHDR_LEN: usize = 16;
/// `sizeof(struct if_announcemsghdr)`.
pub const IF_ANNOUNCEMSGHDR_LEN: usize = 24;

/// A delete may remove the kernel's pinned (interface) routes
/// (`rt_delete_conditional` compares priorities; route(8) always sets it).
pub const RTF_PINNED: u32 = 0x10_0000;
/// (OpenBSD's 0x800000 is RTF_CONNECTED.)
pub const RTF_MULTICAST: u32 = 0x80_0000;

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
    (RTM_LOCK, route(BSD_RTM_LOCK, 0)),
    (RTM_RESOLVE, route(BSD_RTM_RESOLVE, 0)),
    (RTM_NEWADDR, Class::Address { new: true }),
    (RTM_DELADDR, Class::Address { new: false }),
    (RTM_IFINFO, Class::Link),
    (RTM_NEWMADDR, Class::Multicast { new: true }),
    (RTM_DELMADDR, Class::Multicast { new: false }),
    (RTM_IFANNOUNCE, Class::Announce),
    (RTM_IEEE80211, Class::Opaque(BSD_RTM_IEEE80211)),
];

pub(super) const fn route(kind: u16, flags: u16) -> Class {
    Class::Route {
        kind,
        flags,
        resolves: false,
    }
}

/// LINK_STATE_UNKNOWN 0, DOWN 1, UP 2.
const LINK_STATES: LinkStates = LinkStates {
    values: &[(1, LinkState::Down), (2, LinkState::Up)],
    default: LinkState::Unknown,
};

/// `struct rt_msghdr`: `rtm_inits` is a `u_long`, then `rt_metrics` of 14
/// `u_long`s (locks, mtu, hopcount, expire, recvpipe, sendpipe, ssthresh,
/// rtt, rttvar, pksent, weight, nhidx, filler[2]): 152 bytes on LP64, 92 on
/// ILP32.
const fn rt_msghdr(long: usize) -> RtMsghdr {
    let rmx = 32 + long;
    RtMsghdr {
        len: rmx + 14 * long,
        index: field(4, 2),
        table: None,
        priority: None,
        flags: field(8, 4),
        addrs: field(12, 4),
        pid: Some(field(16, 4)),
        seq: Some(field(20, 4)),
        errno: Some(field(24, 4)),
        fmask: Some(field(28, 4)),
        inits: field(32, long),
        locks: field(rmx, long),
        mtu: field(rmx + long, long),
        hopcount: field(rmx + 2 * long, long),
        expire: field(rmx + 3 * long, long),
        ssthresh: field(rmx + 6 * long, long),
        rtt: field(rmx + 7 * long, long),
        rttvar: field(rmx + 8 * long, long),
        nhidx: Some(field(rmx + 11 * long, long)),
    }
}

/// `struct if_msghdr` (16 bytes) and `struct if_data` (152 bytes of fixed
/// width types on every architecture: its 64-bit counters sit at offsets
/// that are multiples of 8).
const fn if_msghdr() -> IfMsghdr {
    let d = 16;
    IfMsghdr {
        len: d + 152,
        read_len: d + 152,
        addrs: field(4, 4),
        flags: field(8, 4),
        index: field(12, 2),
        table: None,
        ift: field(d, 1),
        link_state: Some(field(d + 4, 1)),
        mtu: field(d + 8, 4),
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
    let long = arch.long();
    Abi {
        os: Os::FreeBsd,
        arch,
        endian: arch.endian(),
        // 64-bit everywhere but i386.
        time_t: if matches!(arch, Arch::I386) { 4 } else { 8 },
        sockaddr_align: long,
        af_inet6: 28,
        // `cleanup_xaddrs_gateway` takes 20 (route(8) sends that much).
        sockaddr_dl_len: 20,
        zone: ZoneStyle::ScopeId,
        labels: false,
        hdrlen: None,
        rt: rt_msghdr(long),
        rt2: None,
        ifm: if_msghdr(),
        ifa: IfaMsghdr {
            len: 20,
            addrs: field(4, 4),
            flags: field(8, 4),
            index: field(12, 2),
            metric: field(16, 4),
        },
        ifma: Some(IfmaMsghdr {
            len: IFMA_MSGHDR_LEN,
            addrs: field(4, 4),
            index: field(12, 2),
        }),
        announce: Some(AnnounceMsghdr {
            len: IF_ANNOUNCEMSGHDR_LEN,
            index: field(4, 2),
            name: field(6, 16),
            what: field(22, 2),
        }),
        types: TYPES,
        rtf: RouteFlags {
            multicast: RTF_MULTICAST,
            cloned: None,
        },
        link_states: LINK_STATES,
    }
}

pub static ABIS: [Abi; Arch::ALL.len()] = abis_for_every_arch!(abi);
