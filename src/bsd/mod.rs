//! BSD backend (PF_ROUTE), after golang.org/x/net/route: the parsing and
//! every decision about what to send are pure and compiled on every OS
//! (per-OS layouts as data, bytes in, normalized messages out; requests
//! planned over the [`sys::Sys`] trait), so they are tested on Linux and
//! shown by `rtsock --dry-run`; only the system calls are `cfg`-gated.

pub mod decode;
pub mod encode;
pub mod ifreq;
pub mod ioctl;
pub mod layout;
pub mod ops;
pub mod sockaddr;
pub mod subscribe;
pub mod sys;
pub mod text;
#[cfg(unix)]
pub mod wait;

#[cfg(bsd)]
mod abi_check;
#[cfg(bsd)]
mod backend;
#[cfg(bsd)]
mod dump;
#[cfg(bsd)]
mod monitor;

#[cfg(bsd)]
#[cfg_attr(docsrs, doc(cfg(any(target_os = "freebsd", target_os = "openbsd"))))]
pub use backend::{DEFAULT_TIMEOUT, RtSock};
#[cfg(bsd)]
#[cfg_attr(docsrs, doc(cfg(any(target_os = "freebsd", target_os = "openbsd"))))]
pub use dump::{SysctlDump, text_fallback};
#[cfg(bsd)]
#[cfg_attr(docsrs, doc(cfg(any(target_os = "freebsd", target_os = "openbsd"))))]
pub use monitor::BsdMonitor;

pub use decode::{BsdMessages, Decoder, decode_stream};
pub use layout::{Arch, Layout, Os};
