//! The typed view of an address label message.

use std::fmt;
use std::net::IpAddr;

use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// An IPv6 address label, as `ip addrlabel list` shows it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AddrLabel {
    /// The prefix's address (IFAL_ADDRESS).
    pub prefix: IpAddr,
    /// The prefix's length.
    pub prefixlen: u8,
    /// The interface it is limited to, or 0.
    pub index: u32,
    /// The label (IFAL_LABEL).
    pub label: u32,
}

impl AddrLabel {
    /// The label view of `m`, or None if `m` is not an address label.
    pub fn from_message(m: &Message) -> Option<AddrLabel> {
        let Body::AddrLabel(h) = &m.body else {
            return None;
        };
        if ObjectKind::of(m) != Some(ObjectKind::AddrLabel) {
            return None;
        }
        Some(AddrLabel {
            prefix: m.get(&IFAL_ADDRESS).and_then(Value::as_ip)?,
            prefixlen: h.prefixlen,
            index: h.index,
            label: m.get(&IFAL_LABEL).and_then(Value::as_u32)?,
        })
    }

    /// `ip addrlabel list`'s line, the interface called `dev`:
    /// `prefix 2001:db8::/32 dev eth0 label 99`.
    pub fn line(&self, dev: Option<&str>) -> String {
        let mut s = format!("prefix {}/{} ", self.prefix, self.prefixlen);
        if self.index != 0 {
            s += &format!("dev {} ", dev.map_or_else(|| format!("if{}", self.index), str::to_owned));
        }
        s + &format!("label {}", self.label)
    }
}

impl fmt::Display for AddrLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line(None))
    }
}
