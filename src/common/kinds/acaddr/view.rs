//! The typed view of an anycast address message.

use std::net::IpAddr;

use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// An IPv6 anycast address of an interface (RTM_NEWANYCAST).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Anycast {
    /// The interface.
    pub index: u32,
    /// The address (IFA_ANYCAST).
    pub addr: IpAddr,
}

impl Anycast {
    /// The anycast view of `m`, or None if `m` is not one.
    pub fn from_message(m: &Message) -> Option<Anycast> {
        let Body::Anycast(h) = &m.body else { return None };
        if ObjectKind::of(m) != Some(ObjectKind::Anycast) {
            return None;
        }
        Some(Anycast {
            index: h.index,
            addr: m.get(&IFA_ANYCAST).and_then(Value::as_ip)?,
        })
    }
}
