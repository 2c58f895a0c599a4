//! Per-OS, per-width facts about the routing-socket ABI, as data, so one
//! decoder reads FreeBSD and OpenBSD bytes on any host.
//!
//! Offsets come from the headers: FreeBSD `sys/net/route.h` (`struct
//! rt_msghdr`, `struct rt_metrics`), `sys/net/if.h` (`if_msghdr`, `if_data`,
//! `ifa_msghdr`, `ifma_msghdr`, `if_announcemsghdr`); OpenBSD the same files
//! (`rt_msghdr` with `rtm_hdrlen`, `rtm_tableid`, `rtm_priority`). Where the
//! `libc` crate has the struct, `abi_check` proves them equal on that target.

use std::fmt;

/// The operating system that produced the bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Os {
    FreeBsd,
    OpenBsd,
    /// Sockaddr trailers only (4-byte rounding, AF_INET6 30).
    Darwin,
}

/// Pointer width: decides `sizeof(long)`, hence the sockaddr rounding and,
/// on FreeBSD, the size of every `u_long` in `rt_metrics`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Arch {
    Amd64,
    I386,
}

impl Os {
    pub fn parse(text: &str) -> Option<Os> {
        Some(match text.to_ascii_lowercase().as_str() {
            "freebsd" => Os::FreeBsd,
            "openbsd" => Os::OpenBsd,
            "darwin" | "macos" => Os::Darwin,
            _ => return None,
        })
    }

    /// The OS this crate was built for, when it is a BSD.
    pub fn host() -> Option<Os> {
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
    pub fn parse(text: &str) -> Option<Arch> {
        Some(match text {
            "amd64" | "x86_64" => Arch::Amd64,
            "i386" | "x86" => Arch::I386,
            _ => return None,
        })
    }

    pub fn host() -> Arch {
        if cfg!(target_pointer_width = "32") {
            Arch::I386
        } else {
            Arch::Amd64
        }
    }

    /// `sizeof(long)`.
    pub const fn long(self) -> usize {
        match self {
            Arch::Amd64 => 8,
            Arch::I386 => 4,
        }
    }
}

/// The layout the decoder reads with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    pub os: Os,
    pub arch: Arch,
}

/// The routing-socket protocol version both kernels speak (RTM_VERSION).
pub const RTM_VERSION: u8 = 5;

// BSD address families that differ from Linux.
pub const BSD_AF_INET: u8 = 2;
pub const BSD_AF_LINK: u8 = 18;

impl Layout {
    pub fn new(os: Os, arch: Arch) -> Layout {
        Layout { os, arch }
    }

    /// The layout of the machine this runs on (BSD hosts only).
    pub fn host() -> Option<Layout> {
        Os::host().map(|os| Layout::new(os, Arch::host()))
    }

    /// Sockaddrs are padded to this (`SA_SIZE` / `ROUNDUP`: sizeof(long); Darwin 4).
    pub const fn sockaddr_align(&self) -> usize {
        match self.os {
            Os::Darwin => 4,
            _ => self.arch.long(),
        }
    }

    pub const fn af_inet6(&self) -> u8 {
        match self.os {
            Os::FreeBsd => 28,
            Os::OpenBsd => 24,
            Os::Darwin => 30,
        }
    }

    /// `sizeof(struct rt_msghdr)`: FreeBSD 152 / 92 (u_long metrics),
    /// OpenBSD 96 on both widths (u_int and u_int64_t metrics).
    pub const fn rt_msghdr_len(&self) -> usize {
        match (self.os, self.arch) {
            (Os::FreeBsd, Arch::Amd64) => 152,
            (Os::FreeBsd, Arch::I386) => 92,
            (Os::OpenBsd, _) => 96,
            (Os::Darwin, _) => 92,
        }
    }

    /// `sizeof(struct if_msghdr)`: FreeBSD 16 + if_data 152; OpenBSD 24 +
    /// if_data (144 amd64, 136 i386: `struct timeval` is 16 or 12 bytes).
    pub const fn if_msghdr_len(&self) -> usize {
        match (self.os, self.arch) {
            (Os::FreeBsd, _) => 168,
            (Os::OpenBsd, Arch::Amd64) => 168,
            (Os::OpenBsd, Arch::I386) => 160,
            (Os::Darwin, _) => 112,
        }
    }

    /// `sizeof(struct ifa_msghdr)`: FreeBSD 20, OpenBSD 24.
    pub const fn ifa_msghdr_len(&self) -> usize {
        match self.os {
            Os::OpenBsd => 24,
            _ => 20,
        }
    }
}

/// FreeBSD message types (`sys/net/route.h`).
pub mod freebsd {
    pub const RTM_ADD: u8 = 0x1;
    pub const RTM_DELETE: u8 = 0x2;
    pub const RTM_CHANGE: u8 = 0x3;
    pub const RTM_GET: u8 = 0x4;
    pub const RTM_LOSING: u8 = 0x5;
    pub const RTM_REDIRECT: u8 = 0x6;
    pub const RTM_MISS: u8 = 0x7;
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
}

/// OpenBSD message types (`sys/net/route.h`).
pub mod openbsd {
    pub const RTM_ADD: u8 = 0x1;
    pub const RTM_DELETE: u8 = 0x2;
    pub const RTM_CHANGE: u8 = 0x3;
    pub const RTM_GET: u8 = 0x4;
    pub const RTM_LOSING: u8 = 0x5;
    pub const RTM_REDIRECT: u8 = 0x6;
    pub const RTM_MISS: u8 = 0x7;
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
}
