//! BSD backend (PF_ROUTE), after golang.org/x/net/route: the parsing and
//! every decision about what to send are pure and compiled on every OS
//! (per-OS layouts as data, bytes in, normalized messages out; requests
//! planned over the `Sys` trait (see [`crate::raw::pfroute`])), so they are tested on Linux and
//! shown by `rtsock --dry-run`; only the system calls are `cfg`-gated.

pub(crate) mod decode;
pub(crate) mod encode;
pub(crate) mod ifreq;
pub(crate) mod ioctl;
pub(crate) mod layout;
pub(crate) mod ops;
pub(crate) mod sockaddr;
// Pure, and tested everywhere, but only the BSD backend calls it.
#[cfg_attr(not(bsd), allow(dead_code))]
pub(crate) mod subscribe;
pub(crate) mod sys;
pub(crate) mod text;
#[cfg(unix)]
#[cfg_attr(not(bsd), allow(dead_code))]
pub(crate) mod wait;

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

pub use decode::{BsdMessages, Decoder, Records, decode_stream};
pub use layout::{Arch, Endian, Layout, Os};
