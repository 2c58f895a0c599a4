//! The routing-socket ABI of each BSD, as data: one file per OS
//! (`freebsd.rs`, `openbsd.rs`, `darwin.rs`) builds an [`Abi`] for each
//! architecture, naming every header field we read or write by offset and
//! size, with the byte order, the message-type table and the flag bits that
//! differ. One decoder and one encoder read these tables; per-OS code is
//! left only where the kernels behave differently.
//!
//! Offsets come from the headers: `sys/net/route.h` (`struct rt_msghdr`,
//! `struct rt_metrics`) and `sys/net/if.h` (`if_msghdr`, `if_data`,
//! `ifa_msghdr`, `ifma_msghdr`, `if_announcemsghdr`) of each system. Where
//! the `libc` crate has the struct, `abi_check` proves them equal when
//! built for FreeBSD, and `tests.rs` checks that every field lies inside
//! its struct on every architecture.

use std::fmt;

pub mod darwin;
pub mod freebsd;
pub mod openbsd;
#[cfg(test)]
mod tests;

/// The operating system that produced the bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Os {
    /// FreeBSD 13 and later.
    FreeBsd,
    /// OpenBSD 7 and later.
    OpenBsd,
    /// macOS: decoded (routes, addresses, links) but not driven: rtsock has
    /// no macOS backend.
    Darwin,
}

/// The CPU architecture: with the OS it fixes `sizeof(long)` (sockaddr
/// rounding, FreeBSD's `u_long` metrics), the alignment of 64-bit fields,
/// `time_t` and the byte order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Arch {
    /// x86-64.
    Amd64,
    /// 32-bit x86.
    I386,
    /// 64-bit Arm.
    Aarch64,
    /// 32-bit Arm.
    Armv7,
    /// 64-bit RISC-V.
    Riscv64,
    /// Big-endian.
    Powerpc64,
    /// Little-endian 64-bit POWER.
    Powerpc64le,
    /// Big-endian (OpenBSD).
    Sparc64,
}

/// Byte order of the integer fields of a message (sockaddr payloads such
/// as addresses and ports are in network order whatever this says).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endian {
    /// Least significant byte first.
    Little,
    /// Most significant byte first.
    Big,
}

impl Os {
    /// Parses `freebsd`, `openbsd`, `darwin` or `macos` (any case).
    pub fn parse(text: &str) -> Option<Os> {
        Some(match text.to_ascii_lowercase().as_str() {
            "freebsd" => Os::FreeBsd,
            "openbsd" => Os::OpenBsd,
            "darwin" | "macos" => Os::Darwin,
            _ => return None,
        })
    }

    /// The OS this crate was built for, when it is one of these.
    pub const fn host() -> Option<Os> {
        if cfg!(target_os = "freebsd") {
            Some(Os::FreeBsd)
        } else if cfg!(target_os = "openbsd") {
            Some(Os::OpenBsd)
        } else if cfg!(target_os = "macos") {
            Some(Os::Darwin)
        } else {
            None
        }
    }
}

impl fmt::Display for Os {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Os::FreeBsd => "freebsd",
            Os::OpenBsd => "openbsd",
            Os::Darwin => "darwin",
        })
    }
}

impl Arch {
    /// Every architecture, in declaration order (the index of the ABI tables).
    pub const ALL: [Arch; 8] = [
        Arch::Amd64,
        Arch::I386,
        Arch::Aarch64,
        Arch::Armv7,
        Arch::Riscv64,
        Arch::Powerpc64,
        Arch::Powerpc64le,
        Arch::Sparc64,
    ];

    /// The BSD names (`uname -p`) and Rust's.
    pub fn parse(text: &str) -> Option<Arch> {
        Some(match text {
            "amd64" | "x86_64" => Arch::Amd64,
            "i386" | "x86" => Arch::I386,
            "aarch64" | "arm64" => Arch::Aarch64,
            "armv7" | "arm" => Arch::Armv7,
            "riscv64" => Arch::Riscv64,
            "powerpc64" => Arch::Powerpc64,
            "powerpc64le" => Arch::Powerpc64le,
            "sparc64" => Arch::Sparc64,
            _ => return None,
        })
    }

    /// The architecture this was built for, when the tables know it.
    pub const fn host() -> Option<Arch> {
        let big = cfg!(target_endian = "big");
        Some(if cfg!(target_arch = "x86_64") {
            Arch::Amd64
        } else if cfg!(target_arch = "x86") {
            Arch::I386
        } else if cfg!(target_arch = "aarch64") {
            Arch::Aarch64
        } else if cfg!(target_arch = "arm") {
            Arch::Armv7
        } else if cfg!(target_arch = "riscv64") {
            Arch::Riscv64
        } else if cfg!(target_arch = "powerpc64") {
            if big {
                Arch::Powerpc64
            } else {
                Arch::Powerpc64le
            }
        } else if cfg!(target_arch = "sparc64") {
            Arch::Sparc64
        } else {
            return None;
        })
    }

    /// `sizeof(long)`.
    pub const fn long(self) -> usize {
        match self {
            Arch::I386 | Arch::Armv7 => 4,
            _ => 8,
        }
    }

    /// Alignment of 64-bit integers inside structs (4 on i386 only).
    pub const fn align64(self) -> usize {
        match self {
            Arch::I386 => 4,
            _ => 8,
        }
    }

    /// The byte order of its integers.
    pub const fn endian(self) -> Endian {
        match self {
            Arch::Powerpc64 | Arch::Sparc64 => Endian::Big,
            _ => Endian::Little,
        }
    }

    /// Its name as the BSDs spell it (`amd64`, `i386`, `aarch64`...).
    pub const fn name(self) -> &'static str {
        match self {
            Arch::Amd64 => "amd64",
            Arch::I386 => "i386",
            Arch::Aarch64 => "aarch64",
            Arch::Armv7 => "armv7",
            Arch::Riscv64 => "riscv64",
            Arch::Powerpc64 => "powerpc64",
            Arch::Powerpc64le => "powerpc64le",
            Arch::Sparc64 => "sparc64",
        }
    }

    const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Arch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One integer field of a header: where it starts and how wide it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub at: usize,
    pub size: usize,
}

/// A field of `size` bytes at `at`.
pub const fn field(at: usize, size: usize) -> Field {
    Field { at, size }
}

impl Field {
    pub const fn end(self) -> usize {
        self.at + self.size
    }
}

/// `struct rt_msghdr` (with its `rt_metrics`).
#[derive(Clone, Copy, Debug)]
pub struct RtMsghdr {
    /// `sizeof`: where the sockaddrs start unless `hdrlen` says otherwise.
    pub len: usize,
    pub index: Field,
    /// OpenBSD `rtm_tableid`; FreeBSD's FIB is a socket option instead.
    pub table: Option<Field>,
    /// OpenBSD `rtm_priority`.
    pub priority: Option<Field>,
    pub flags: Field,
    pub addrs: Field,
    /// `rtm_pid`, `rtm_seq`, `rtm_errno`: absent from Darwin's `rt_msghdr2`.
    pub pid: Option<Field>,
    pub seq: Option<Field>,
    pub errno: Option<Field>,
    /// Which flags RTM_CHANGE sets (FreeBSD, OpenBSD).
    pub fmask: Option<Field>,
    pub inits: Field,
    pub locks: Field,
    pub mtu: Field,
    pub hopcount: Field,
    pub expire: Field,
    pub ssthresh: Field,
    pub rtt: Field,
    pub rttvar: Field,
    /// FreeBSD `rmx_nhidx`: the index of the route's nexthop (the
    /// NET_RT_NHOP dump lists it), filled by `rt_getmetrics`.
    pub nhidx: Option<Field>,
}

/// `struct if_msghdr` with the `if_data` it embeds.
#[derive(Clone, Copy, Debug)]
pub struct IfMsghdr {
    pub len: usize,
    /// What the decoder needs (OpenBSD: up to `ifi_capabilities`, the same
    /// on every width; the `struct timeval` after it is not read).
    pub read_len: usize,
    pub addrs: Field,
    pub flags: Field,
    pub index: Field,
    /// OpenBSD `ifm_tableid`.
    pub table: Option<Field>,
    pub ift: Field,
    pub link_state: Option<Field>,
    pub mtu: Field,
    pub counters: IfCounters,
}

/// The `if_data` counters the normalized IFLA_STATS64 carries.
#[derive(Clone, Copy, Debug)]
pub struct IfCounters {
    pub ipackets: Field,
    pub ierrors: Field,
    pub opackets: Field,
    pub oerrors: Field,
    pub collisions: Field,
    pub ibytes: Field,
    pub obytes: Field,
    pub imcasts: Field,
    pub iqdrops: Field,
    /// Darwin has none.
    pub oqdrops: Option<Field>,
    pub noproto: Field,
}

/// `struct ifa_msghdr`.
#[derive(Clone, Copy, Debug)]
pub struct IfaMsghdr {
    pub len: usize,
    pub addrs: Field,
    pub flags: Field,
    pub index: Field,
    pub metric: Field,
}

/// `struct ifma_msghdr` (FreeBSD, Darwin).
#[derive(Clone, Copy, Debug)]
pub struct IfmaMsghdr {
    pub len: usize,
    pub addrs: Field,
    pub index: Field,
}

/// `struct if_announcemsghdr` (FreeBSD, OpenBSD).
#[derive(Clone, Copy, Debug)]
pub struct AnnounceMsghdr {
    pub len: usize,
    pub index: Field,
    /// `ifan_name[IFNAMSIZ]`.
    pub name: Field,
    pub what: Field,
}

/// What a message type carries, and what it normalizes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// An `rt_msghdr`: the normalized type and netlink flags, and whether
    /// it announces a resolved ARP/NDP entry (OpenBSD's RTM_RESOLVE).
    Route {
        kind: u16,
        flags: u16,
        resolves: bool,
    },
    /// Darwin's `rt_msghdr2` (RTM_GET2, the NET_RT_DUMP2 sysctl).
    Route2 { kind: u16 },
    /// An `ifa_msghdr`: RTM_NEWADDR (`new`) or RTM_DELADDR.
    Address { new: bool },
    /// An `if_msghdr`: RTM_NEWLINK.
    Link,
    /// An `ifma_msghdr`.
    Multicast { new: bool },
    /// An `if_announcemsghdr`.
    Announce,
    /// OpenBSD: the socket lost messages.
    Desync,
    /// OpenBSD `if_ieee80211msghdr`.
    Ieee80211,
    /// Kept whole, under this normalized type.
    Opaque(u16),
}

/// How a kernel wants the zone of a scoped IPv6 address in a sockaddr.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZoneStyle {
    /// In `sin6_scope_id` (FreeBSD's `sa6_embedscope` moves it inside).
    ScopeId,
    /// KAME: embedded in address bytes 2-3, `sin6_scope_id` 0 (OpenBSD).
    Embedded,
}

/// What a link-state byte means: listed values, the rest `default`.
#[derive(Clone, Copy, Debug)]
pub struct LinkStates {
    pub values: &'static [(u8, LinkState)],
    pub default: LinkState,
}

/// The link state, as both kernels' values reduce to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    Unknown,
    Down,
    Up,
}

/// The route flags whose bits differ between the systems.
#[derive(Clone, Copy, Debug)]
pub struct RouteFlags {
    pub multicast: u32,
    /// A clone of a cloning route (RTM_F_CLONED), where the kernel says so.
    pub cloned: Option<u32>,
}

/// Everything the codecs need to know about one OS on one architecture.
#[derive(Clone, Copy, Debug)]
pub struct Abi {
    pub os: Os,
    pub arch: Arch,
    pub endian: Endian,
    /// `sizeof(time_t)` (the ioctl lifetimes).
    pub time_t: usize,
    /// Sockaddrs are padded to this (`SA_SIZE` / `ROUNDUP`).
    pub sockaddr_align: usize,
    pub af_inet6: u8,
    /// How long a `sockaddr_dl` we send is.
    pub sockaddr_dl_len: usize,
    pub zone: ZoneStyle,
    /// RTAX_LABEL holds a `sockaddr_rtlabel` (OpenBSD).
    pub labels: bool,
    /// OpenBSD: every header starts with `u_short hdrlen` at offset 4,
    /// honoured so that a grown header still parses.
    pub hdrlen: Option<Field>,
    pub rt: RtMsghdr,
    /// Darwin `rt_msghdr2`.
    pub rt2: Option<RtMsghdr>,
    pub ifm: IfMsghdr,
    pub ifa: IfaMsghdr,
    pub ifma: Option<IfmaMsghdr>,
    pub announce: Option<AnnounceMsghdr>,
    /// Message types by number; a type not listed is kept whole.
    pub types: &'static [(u8, Class)],
    pub rtf: RouteFlags,
    pub link_states: LinkStates,
}

impl Abi {
    /// The class of message type `t`, if listed.
    pub fn class(&self, t: u8) -> Option<Class> {
        self.types.iter().find(|(n, _)| *n == t).map(|&(_, c)| c)
    }

    /// The number of the first type of class `c`, if any.
    pub fn type_of(&self, c: Class) -> Option<u8> {
        self.types.iter().find(|(_, k)| *k == c).map(|&(n, _)| n)
    }

    /// Reads `f` from `b` as an unsigned integer of its width; a field past
    /// the end of `b` reads as 0 (callers check the header's length first).
    pub fn get(&self, f: Field, b: &[u8]) -> u64 {
        let Some(bytes) = b.get(f.at..f.end()) else {
            return 0;
        };
        let mut v = 0u64;
        match self.endian {
            Endian::Big => bytes.iter().for_each(|&x| v = v << 8 | u64::from(x)),
            Endian::Little => bytes.iter().rev().for_each(|&x| v = v << 8 | u64::from(x)),
        }
        v
    }

    /// `get` for fields of at most 32 bits.
    pub fn get32(&self, f: Field, b: &[u8]) -> u32 {
        self.get(f, b) as u32
    }

    /// Writes the low `f.size` bytes of `v` at `f` (no-op past the end).
    pub fn put(&self, f: Field, b: &mut [u8], v: u64) {
        if let Some(bytes) = b.get_mut(f.at..f.end()) {
            self.write_int(bytes, v);
        }
    }

    /// `v` as `len` bytes in this ABI's order (host-order ints in ioctl
    /// arguments, socket options, `sockaddr_dl` indexes).
    pub fn int_bytes(&self, v: u64, len: usize) -> Vec<u8> {
        let mut out = vec![0; len];
        self.write_int(&mut out, v);
        out
    }

    fn write_int(&self, bytes: &mut [u8], v: u64) {
        let n = bytes.len();
        for (i, slot) in bytes.iter_mut().enumerate() {
            let shift = match self.endian {
                Endian::Little => i,
                Endian::Big => n - 1 - i,
            };
            *slot = (v >> (8 * shift)) as u8;
        }
    }

    pub fn link_state(&self, b: &[u8]) -> LinkState {
        let Some(f) = self.ifm.link_state else {
            return LinkState::Unknown;
        };
        let v = self.get(f, b) as u8;
        let states = &self.link_states;
        states
            .values
            .iter()
            .find(|(n, _)| *n == v)
            .map_or(states.default, |&(_, s)| s)
    }
}

/// The layout the codecs read and write with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The operating system.
    pub os: Os,
    /// The CPU architecture.
    pub arch: Arch,
}

/// The routing-socket protocol version all three kernels speak (RTM_VERSION).
pub const RTM_VERSION: u8 = 5;

// BSD address families that differ from Linux.
pub const BSD_AF_INET: u8 = 2;
pub const BSD_AF_LINK: u8 = 18;

// RTM_* numbers every one of them shares.
pub const RTM_ADD: u8 = 1;
pub const RTM_DELETE: u8 = 2;
pub const RTM_CHANGE: u8 = 3;
pub const RTM_GET: u8 = 4;
pub const RTM_LOSING: u8 = 5;
pub const RTM_REDIRECT: u8 = 6;
pub const RTM_MISS: u8 = 7;

// rtm_addrs bits.
pub const RTA_DST: u32 = 0x1;
pub const RTA_GATEWAY: u32 = 0x2;
pub const RTA_NETMASK: u32 = 0x4;
pub const RTA_IFP: u32 = 0x10;

// Route flags (RTF_*) with the same bit on every system.
pub const RTF_UP: u32 = 0x1;
pub const RTF_GATEWAY: u32 = 0x2;
pub const RTF_HOST: u32 = 0x4;
pub const RTF_REJECT: u32 = 0x8;
pub const RTF_DYNAMIC: u32 = 0x10;
pub const RTF_LLINFO: u32 = 0x400;
pub const RTF_STATIC: u32 = 0x800;
pub const RTF_BLACKHOLE: u32 = 0x1000;
/// A local address's own entry.
pub const RTF_LOCAL: u32 = 0x20_0000;
pub const RTF_BROADCAST: u32 = 0x40_0000;

// `rtm_inits` bits.
pub const RTV_MTU: u32 = 0x1;
pub const RTV_EXPIRE: u32 = 0x4;

impl Layout {
    /// FreeBSD on amd64.
    pub const FREEBSD_AMD64: Layout = Layout::new(Os::FreeBsd, Arch::Amd64);
    /// FreeBSD on i386.
    pub const FREEBSD_I386: Layout = Layout::new(Os::FreeBsd, Arch::I386);
    /// OpenBSD on amd64.
    pub const OPENBSD_AMD64: Layout = Layout::new(Os::OpenBsd, Arch::Amd64);
    /// OpenBSD on i386.
    pub const OPENBSD_I386: Layout = Layout::new(Os::OpenBsd, Arch::I386);

    /// The layout of `os` on `arch`.
    pub const fn new(os: Os, arch: Arch) -> Layout {
        Layout { os, arch }
    }

    /// The layout of the machine this runs on (the BSDs and macOS only).
    pub const fn host() -> Option<Layout> {
        match (Os::host(), Arch::host()) {
            (Some(os), Some(arch)) => Some(Layout { os, arch }),
            _ => None,
        }
    }

    /// The ABI tables of this OS and architecture.
    pub const fn abi(&self) -> &'static Abi {
        let i = self.arch.index();
        match self.os {
            Os::FreeBsd => &freebsd::ABIS[i],
            Os::OpenBsd => &openbsd::ABIS[i],
            Os::Darwin => &darwin::ABIS[i],
        }
    }

    /// Sockaddrs are padded to this (`SA_SIZE` / `ROUNDUP`: sizeof(long)).
    pub fn sockaddr_align(&self) -> usize {
        self.abi().sockaddr_align
    }

    /// This OS's AF_INET6 number (24 on OpenBSD, 28 on FreeBSD, 30 on macOS).
    pub fn af_inet6(&self) -> u8 {
        self.abi().af_inet6
    }

    /// `sizeof(struct rt_msghdr)`.
    pub fn rt_msghdr_len(&self) -> usize {
        self.abi().rt.len
    }

    /// `sizeof(struct if_msghdr)`.
    pub fn if_msghdr_len(&self) -> usize {
        self.abi().ifm.len
    }

    /// `sizeof(struct ifa_msghdr)`.
    pub fn ifa_msghdr_len(&self) -> usize {
        self.abi().ifa.len
    }
}

/// Rounds `n` up to a multiple of `align`.
pub(crate) const fn align_up(n: usize, align: usize) -> usize {
    n.div_ceil(align) * align
}

/// Builds the table of one OS for every architecture, from its `abi`
/// function.
macro_rules! abis_for_every_arch {
    ($abi:path) => {{
        let mut out = [$abi(Arch::Amd64); Arch::ALL.len()];
        let mut i = 0;
        while i < Arch::ALL.len() {
            assert!(
                Arch::ALL[i] as usize == i,
                "Arch::ALL is in declaration order"
            );
            out[i] = $abi(Arch::ALL[i]);
            i += 1;
        }
        out
    }};
}
pub(crate) use abis_for_every_arch;
