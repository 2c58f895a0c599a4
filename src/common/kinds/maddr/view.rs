//! The typed view of a multicast membership.

use std::net::IpAddr;

use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// A multicast group an interface has joined (RTM_NEWMULTICAST; FreeBSD
/// RTM_NEWMADDR).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Membership {
    /// The interface.
    pub index: u32,
    /// The group (IFA_MULTICAST).
    pub group: IpAddr,
}

impl Membership {
    /// The membership view of `m`, or None if `m` is not one.
    pub fn from_message(m: &Message) -> Option<Membership> {
        let Body::Multicast(h) = &m.body else { return None };
        if ObjectKind::of(m) != Some(ObjectKind::Multicast) {
            return None;
        }
        Some(Membership {
            index: h.index,
            group: m.get(&IFA_MULTICAST).and_then(Value::as_ip)?,
        })
    }
}
