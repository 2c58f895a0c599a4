//! What every kind's request encoder shares: the [`Resolver`] that turns
//! names into indexes and namespaces, and the flags each verb asks for.
//! The encoders themselves live with their kinds
//! (`common/kinds/KIND/netlink.rs`), reached through
//! [`ChangeSpec::netlink`](crate::change::ChangeSpec::netlink); the functions are
//! re-exported here for `rtsock::raw::netlink`.
//!
//! Attribute order follows iproute2's where a capture shows it, so that a
//! request can be compared byte for byte with `ip`'s.

use std::net::IpAddr;

use crate::common::api::Interface;
use crate::common::change::{Netns, Verb};
use crate::common::constants::*;
use crate::common::error::Result;

pub use crate::common::kinds::address::netlink::address_request;
pub use crate::common::kinds::link::netlink::link_request;
pub use crate::common::kinds::neighbour::netlink::neighbour_request;
pub use crate::common::kinds::nexthop::netlink::nexthop_request;
pub use crate::common::kinds::qdisc::netlink::qdisc_request;
pub use crate::common::kinds::route::netlink::route_request;
pub use crate::common::kinds::rule::netlink::rule_request;

/// How the encoder turns names into what the kernel wants.
pub trait Resolver {
    /// The index of an interface; an error that names `what` when missing.
    fn ifindex(&mut self, dev: &Interface, what: &str) -> Result<u32>;
    /// A namespace as an open fd (kept open until the request is sent) or a pid.
    fn netns(&mut self, ns: &Netns, what: &str) -> Result<NetnsRef>;
}

/// A namespace as the kernel takes it in IFLA_NET_NS_FD.number / IFLA_NET_NS_PID.number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetnsRef {
    /// An open namespace file (IFLA_NET_NS_FD).
    Fd(i32),
    /// The namespace of a process (IFLA_NET_NS_PID).
    Pid(u32),
}

/// A namespace as a request carries it: a pid or a held fd as they are,
/// a name or path opened, the file kept in `open` so that its fd lives
/// until the request is sent. What every [`Resolver`] does with one.
pub fn netns_ref(ns: &Netns, what: &str, open: &mut Vec<std::fs::File>) -> Result<NetnsRef> {
    use std::os::fd::AsRawFd;
    match ns {
        Netns::Pid(p) => Ok(NetnsRef::Pid(*p)),
        Netns::Fd(fd) => Ok(NetnsRef::Fd(*fd)),
        Netns::Named(n) => {
            let path = if n.contains('/') {
                std::path::PathBuf::from(n)
            } else {
                std::path::Path::new("/run/netns").join(n)
            };
            let file = std::fs::File::open(path)
                .map_err(|e| crate::common::error::Error::io(format!("{what}: netns {n}"), e))?;
            let fd = file.as_raw_fd();
            open.push(file);
            Ok(NetnsRef::Fd(fd))
        }
    }
}

/// NLM_F_* for a verb (NLM_F_REQUEST | NLM_F_ACK always).
pub fn verb_flags(verb: Verb) -> u16 {
    NLM_F_REQUEST
        | NLM_F_ACK
        | match verb {
            Verb::Add => NLM_F_CREATE | NLM_F_EXCL,
            Verb::Replace => NLM_F_CREATE | NLM_F_REPLACE,
            Verb::Change => NLM_F_REPLACE,
            Verb::Append => NLM_F_CREATE | NLM_F_APPEND,
            Verb::Set | Verb::Delete => 0,
        }
}

/// An address's bytes in network order, as attributes carry it.
pub(crate) fn ip_bytes(a: IpAddr) -> Vec<u8> {
    match a {
        IpAddr::V4(v) => v.octets().to_vec(),
        IpAddr::V6(v) => v.octets().to_vec(),
    }
}
