//! macOS's routing-socket ABI (xnu `bsd/net/route.h`, `bsd/net/if.h`):
//! decoded only (rtsock has no macOS backend). Its `rt_metrics` are 32-bit
//! on every architecture, sockaddrs are rounded to 4 bytes, and the dump
//! sysctl (NET_RT_DUMP2) answers with `rt_msghdr2`, which trades pid, seq
//! and errno for reference counts.

use super::freebsd::route;
use super::*;
use crate::common::constants::*;

pub const RTM_LOCK: u8 = 0x8;
pub const RTM_RESOLVE: u8 = 0xb;
pub const RTM_NEWADDR: u8 = 0xc;
pub const RTM_DELADDR: u8 = 0xd;
pub const RTM_IFINFO: u8 = 0xe;
pub const RTM_NEWMADDR: u8 = 0xf;
pub const RTM_DELMADDR: u8 = 0x10;
pub const RTM_GET2: u8 = 0x14;

pub const RTF_MULTICAST: u32 = 0x80_0000;
/// RTF_WASCLONED: made by a cloning route.
pub const RTF_WASCLONED: u32 = 0x2_0000;

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
    (RTM_GET2, Class::Route2 { kind: RTM_NEWROUTE }),
];

/// `struct rt_msghdr` (`rt_msghdr2` differs only where it says): 36 bytes
/// of header, then `rt_metrics` of 32-bit fields (locks, mtu, hopcount,
/// expire, recvpipe, sendpipe, ssthresh, rtt, rttvar, pksent, state,
/// filler[3]).
const fn rt_msghdr(v2: bool) -> RtMsghdr {
    let rmx = 36;
    RtMsghdr {
        len: rmx + 14 * 4,
        index: field(4, 2),
        table: None,
        priority: None,
        flags: field(8, 4),
        addrs: field(12, 4),
        // rt_msghdr2: rtm_refcnt, rtm_parentflags, rtm_reserved.
        pid: if v2 { None } else { Some(field(16, 4)) },
        seq: if v2 { None } else { Some(field(20, 4)) },
        errno: if v2 { None } else { Some(field(24, 4)) },
        fmask: None,
        inits: field(32, 4),
        locks: field(rmx, 4),
        mtu: field(rmx + 4, 4),
        hopcount: field(rmx + 8, 4),
        expire: field(rmx + 12, 4),
        ssthresh: field(rmx + 24, 4),
        rtt: field(rmx + 28, 4),
        rttvar: field(rmx + 32, 4),
        nhidx: None,
    }
}

/// `struct if_msghdr` (16 bytes) and xnu's 96-byte `struct if_data` of
/// 32-bit counters (no link state: macOS reports it by ioctl).
const fn if_msghdr() -> IfMsghdr {
    let d = 16;
    IfMsghdr {
        len: d + 96,
        read_len: d + 96,
        addrs: field(4, 4),
        flags: field(8, 4),
        index: field(12, 2),
        table: None,
        ift: field(d, 1),
        link_state: None,
        mtu: field(d + 8, 4),
        counters: IfCounters {
            ipackets: field(d + 20, 4),
            ierrors: field(d + 24, 4),
            opackets: field(d + 28, 4),
            oerrors: field(d + 32, 4),
            collisions: field(d + 36, 4),
            ibytes: field(d + 40, 4),
            obytes: field(d + 44, 4),
            imcasts: field(d + 48, 4),
            iqdrops: field(d + 56, 4),
            oqdrops: None,
            noproto: field(d + 60, 4),
        },
    }
}

pub const fn abi(arch: Arch) -> Abi {
    Abi {
        os: Os::Darwin,
        arch,
        endian: arch.endian(),
        time_t: arch.long(),
        // ROUNDUP32.
        sockaddr_align: 4,
        af_inet6: 30,
        sockaddr_dl_len: 20,
        zone: ZoneStyle::Embedded,
        labels: false,
        hdrlen: None,
        rt: rt_msghdr(false),
        rt2: Some(rt_msghdr(true)),
        ifm: if_msghdr(),
        ifa: IfaMsghdr {
            len: 20,
            addrs: field(4, 4),
            flags: field(8, 4),
            index: field(12, 2),
            metric: field(16, 4),
        },
        ifma: Some(IfmaMsghdr {
            len: 16,
            addrs: field(4, 4),
            index: field(12, 2),
        }),
        announce: None,
        types: TYPES,
        rtf: RouteFlags {
            multicast: RTF_MULTICAST,
            cloned: Some(RTF_WASCLONED),
        },
        link_states: LinkStates {
            values: &[],
            default: LinkState::Unknown,
        },
    }
}

pub static ABIS: [Abi; Arch::ALL.len()] = abis_for_every_arch!(abi);
