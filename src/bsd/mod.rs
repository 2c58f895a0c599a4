//! BSD backend (PF_ROUTE), after golang.org/x/net/route: the parsing is
//! pure and compiled on every OS (per-OS layouts as data, bytes in,
//! normalized messages out), so it is tested on Linux; only the system
//! calls are `cfg`-gated.

pub mod decode;
pub mod encode;
pub mod ifreq;
pub mod layout;
pub mod sockaddr;
pub mod text;

#[cfg(target_os = "freebsd")]
mod abi_check;
#[cfg(any(target_os = "freebsd", target_os = "openbsd"))]
mod backend;
#[cfg(any(target_os = "freebsd", target_os = "openbsd"))]
mod ioctl;
#[cfg(any(target_os = "freebsd", target_os = "openbsd"))]
mod monitor;

#[cfg(any(target_os = "freebsd", target_os = "openbsd"))]
pub use backend::{RtSock, SysctlDump, text_fallback};
#[cfg(any(target_os = "freebsd", target_os = "openbsd"))]
pub use monitor::BsdMonitor;

pub use decode::{BsdMessages, Decoder, decode_stream};
pub use layout::{Arch, Layout, Os};
