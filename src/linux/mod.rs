//! Linux backend: rtnetlink over AF_NETLINK / NETLINK_ROUTE.
//!
//! `wire`, `attrs`, `decode` and `request` are pure and compiled everywhere
//! (captures decode on any OS); `socket` and `backend` make system calls.

pub(crate) mod change;
pub(crate) mod decode;
pub(crate) mod request;
pub(crate) mod wire;

#[cfg(all(target_os = "linux", feature = "tokio"))]
mod asynchronous;
#[cfg(target_os = "linux")]
mod backend;
#[cfg(target_os = "linux")]
mod batch;
#[cfg(target_os = "linux")]
mod dump;
#[cfg(target_os = "linux")]
pub(crate) mod monitor;
#[cfg(target_os = "linux")]
pub mod netns;
#[cfg(target_os = "linux")]
mod readahead;
#[cfg(target_os = "linux")]
pub(crate) mod socket;
#[cfg(target_os = "linux")]
mod tun;

#[cfg(all(target_os = "linux", feature = "tokio"))]
pub use asynchronous::{AsyncIpRoute, AsyncMonitor};
#[cfg(target_os = "linux")]
pub use backend::IpRoute;
#[cfg(target_os = "linux")]
pub use dump::Dump;
#[cfg(target_os = "linux")]
pub use monitor::{Monitor, MonitorBuilder, rtnl_group};

pub use decode::{decode_body, decode_message};

use crate::common::error::DecodeError;
use crate::common::message::Message;

/// Decodes every message of a netlink byte stream (a datagram, or several
/// concatenated). A message that fails to decode is reported and the walk
/// goes on; a framing error ends it.
pub fn decode_stream(buf: &[u8]) -> Vec<Result<Message, DecodeError>> {
    wire::Messages::new(buf)
        .map(|raw| {
            raw.map_err(DecodeError::from)
                .and_then(|raw| decode_message(&raw))
        })
        .collect()
}
