//! The typed view of a namespace id message.

use std::fmt;

use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// A namespace id this namespace gives another (`ip netns list-id`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct NetnsId {
    /// The id (NETNSA_NSID).
    pub nsid: i32,
}

impl NetnsId {
    /// The id view of `m`, or None if `m` is not a namespace id message
    /// with an id.
    pub fn from_message(m: &Message) -> Option<NetnsId> {
        let Body::Nsid(_) = &m.body else {
            return None;
        };
        if ObjectKind::of(m) != Some(ObjectKind::Nsid) {
            return None;
        }
        let nsid = m.get(&NETNSA_NSID).and_then(Value::as_i64)?;
        Some(NetnsId {
            nsid: i32::try_from(nsid).ok()?,
        })
    }
}

/// `ip monitor nsid`'s words without the name: `nsid 5`.
impl fmt::Display for NetnsId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "nsid {}", self.nsid)
    }
}
