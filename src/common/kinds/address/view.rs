//! The typed view of an address message.

use std::net::IpAddr;

use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::message::{Body, Message};
use crate::common::types::*;
use crate::common::value::Value;
use crate::common::views::*;
use std::fmt;

/// An interface address (RTM_NEWADDR).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Address {
    /// The address family: AF_INET or AF_INET6.
    pub family: u8,
    /// The index of the interface the address is on.
    pub index: u32,
    /// The prefix length in bits.
    pub prefixlen: u8,
    /// The RT_SCOPE_* scope (`scope global`, `link`, `host`).
    pub scope: Scope,
    /// IFA_FLAGS when present (it holds all 32 bits), else the header's 8.
    pub flags: u32,
    /// IFA_ADDRESS: the peer on point-to-point links, else the same as `local`.
    pub address: Option<IpAddr>,
    /// IFA_LOCAL, the interface's own address (IPv4; IPv6 messages usually carry only IFA_ADDRESS).
    pub local: Option<IpAddr>,
    /// The broadcast address (IFA_BROADCAST, `brd`), or None if there is none.
    pub broadcast: Option<IpAddr>,
    /// The address label (IFA_LABEL, `label`, e.g. `eth0:1`), or None if not reported.
    pub label: Option<String>,
    /// The valid lifetime in seconds (IFA_CACHEINFO, `valid_lft`); `u32::MAX` is forever,
    /// None if not reported.
    pub valid_lft: Option<u32>,
    /// The preferred lifetime in seconds (IFA_CACHEINFO, `preferred_lft`); `u32::MAX` is
    /// forever, None if not reported.
    pub preferred_lft: Option<u32>,
    /// The metric of the address's prefix route (IFA_RT_PRIORITY, `metric`), or None if unset.
    pub metric: Option<u32>,
    /// Who added the address (IFA_PROTO, `proto`), or None if not reported.
    pub protocol: Option<u8>,
}

impl Address {
    /// The address view of `m` (an address or multicast membership message), or None if `m`
    /// is neither.
    pub fn from_message(m: &Message) -> Option<Address> {
        let (Body::Address(h) | Body::Multicast(h)) = &m.body else {
            return None;
        };
        let cache = m.get(&IFA_CACHEINFO);
        Some(Address {
            family: h.family,
            index: h.index,
            prefixlen: h.prefixlen,
            scope: h.scope.into(),
            flags: attr_u32(m, &IFA_FLAGS).unwrap_or(h.flags.into()),
            address: attr_ip(m, &IFA_ADDRESS),
            local: attr_ip(m, &IFA_LOCAL),
            broadcast: attr_ip(m, &IFA_BROADCAST),
            label: attr_string(m, &IFA_LABEL),
            valid_lft: cache
                .and_then(|c| c.field("ifa_valid"))
                .and_then(Value::as_u32),
            preferred_lft: cache
                .and_then(|c| c.field("ifa_preferred"))
                .and_then(Value::as_u32),
            metric: attr_u32(m, &IFA_RT_PRIORITY),
            protocol: m.get(&IFA_PROTO).and_then(Value::as_u32).map(|p| p as u8),
        })
    }

    /// The interface's own address: IFA_LOCAL where present (IPv4), else IFA_ADDRESS.
    pub fn own_address(&self) -> Option<IpAddr> {
        self.local.or(self.address)
    }

    /// The peer address of a point-to-point address, when it differs from the local one.
    pub fn peer(&self) -> Option<IpAddr> {
        match (self.local, self.address) {
            (Some(l), Some(a)) if l != a => Some(a),
            _ => None,
        }
    }
}

/// `ip addr`'s address line without name resolution:
/// `inet 10.0.0.1/24 brd 10.0.0.255 scope global dev if2`.
impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = if self.family == AF_INET6 {
            "inet6"
        } else {
            "inet"
        };
        match (self.own_address(), self.peer()) {
            (Some(local), Some(peer)) => write!(
                f,
                "{word} {local} peer {}",
                prefix_text(Some(peer), self.prefixlen)
            )?,
            (local, _) => write!(f, "{word} {}", prefix_text(local, self.prefixlen))?,
        }
        if let Some(b) = self.broadcast {
            write!(f, " brd {b}")?;
        }
        write!(f, " scope {} dev if{}", self.scope, self.index)?;
        if let Some(label) = &self.label {
            write!(f, " label {label}")?;
        }
        Ok(())
    }
}
