//! Address changes (`ip addr add/replace/del`): [`AddressSpec`].

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use crate::common::api::Interface;
use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::{Error, Result};
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// The broadcast address of an IPv4 address (`brd`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Broadcast {
    /// `brd ADDR`: this address.
    Addr(Ipv4Addr),
    /// `brd +`: computed from the prefix.
    Auto,
}

/// An interface address (`ip addr add/replace/del`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddressSpec {
    /// The address and its prefix length.
    pub local: IpNet,
    /// The interface the address is on (`dev DEV`).
    pub dev: Interface,
    /// The other end of a point-to-point link (`peer`).
    pub peer: Option<IpNet>,
    /// The IPv4 broadcast address (`brd`, IFA_BROADCAST); None sends none.
    pub broadcast: Option<Broadcast>,
    /// The address label, 1 to 15 bytes (`label`, IFA_LABEL).
    pub label: Option<String>,
    /// The RT_SCOPE_* scope (`scope`); None lets `ip`'s default apply on add (host for loopback,
    /// link for IPv6 link-local, else global).
    pub scope: Option<u8>,
    /// Seconds; `None` is forever.
    pub valid_lft: Option<u32>,
    /// Seconds, at most `valid_lft`; `None` is forever.
    pub preferred_lft: Option<u32>,
    /// Skip duplicate address detection (`nodad`, IFA_F_NODAD; IPv6).
    pub nodad: bool,
    /// Do not add the prefix route for the address (`noprefixroute`, IFA_F_NOPREFIXROUTE).
    pub noprefixroute: bool,
    /// The metric of the prefix route the kernel adds for it (`metric N`,
    /// IFA_RT_PRIORITY).
    pub metric: Option<u32>,
    /// Who added it (`proto N`, IFA_PROTO; kernel 6.1 and later).
    pub protocol: Option<u8>,
}

/// Lifetime value meaning "forever".
pub const INFINITY_LIFE_TIME: u32 = u32::MAX;

impl AddressSpec {
    /// The address `local` (with its prefix length) on interface `dev`, with nothing else set.
    pub fn new(local: IpNet, dev: impl Into<Interface>) -> AddressSpec {
        AddressSpec {
            local,
            dev: dev.into(),
            peer: None,
            broadcast: None,
            label: None,
            scope: None,
            valid_lft: None,
            preferred_lft: None,
            nodad: false,
            noprefixroute: false,
            metric: None,
            protocol: None,
        }
    }

    /// Sets the other end of a point-to-point link (`peer`).
    pub fn peer(mut self, peer: IpNet) -> AddressSpec {
        self.peer = Some(peer);
        self
    }

    /// Sets the broadcast address (`brd`).
    pub fn broadcast(mut self, b: Broadcast) -> AddressSpec {
        self.broadcast = Some(b);
        self
    }

    /// Sets the address label (`label`).
    pub fn label(mut self, label: impl Into<String>) -> AddressSpec {
        self.label = Some(label.into());
        self
    }

    /// Sets the scope (`scope`): a [`Scope`](crate::types::Scope) or an
    /// RT_SCOPE_* number.
    pub fn scope(mut self, scope: impl Into<u8>) -> AddressSpec {
        self.scope = Some(scope.into());
        self
    }

    /// Sets the valid and preferred lifetimes in seconds (`valid_lft`, `preferred_lft`).
    pub fn lifetimes(mut self, valid: u32, preferred: u32) -> AddressSpec {
        self.valid_lft = Some(valid);
        self.preferred_lft = Some(preferred);
        self
    }

    /// Skips duplicate address detection (`nodad`).
    pub fn nodad(mut self) -> AddressSpec {
        self.nodad = true;
        self
    }

    /// Does not add the prefix route (`noprefixroute`).
    pub fn noprefixroute(mut self) -> AddressSpec {
        self.noprefixroute = true;
        self
    }

    /// The address family of `local`: AF_INET or AF_INET6.
    pub fn family(&self) -> u8 {
        self.local.family()
    }

    /// The prefix length sent: a peer's own length wins, as in `ip`.
    pub fn prefixlen(&self) -> u8 {
        match self.peer {
            Some(p) if p.len != max_prefix(p.addr) => p.len,
            _ => self.local.len,
        }
    }

    /// The broadcast address to send, if any.
    pub fn broadcast_addr(&self) -> Option<Ipv4Addr> {
        match self.broadcast? {
            Broadcast::Addr(a) => Some(a),
            Broadcast::Auto => self.local.broadcast(),
        }
    }

    /// The key of an address as a dump reports it, for deleting it (flush).
    pub fn from_message(m: &Message) -> Option<AddressSpec> {
        let Body::Address(h) = &m.body else {
            return None;
        };
        let ip = |k: &Key| m.get(k).and_then(Value::as_ip);
        let local = ip(&IFA_LOCAL).or_else(|| ip(&IFA_ADDRESS))?;
        let mut spec = AddressSpec::new(
            IpNet {
                addr: local,
                len: h.prefixlen,
            },
            Interface::Index(h.index),
        );
        if let Some(addr) = ip(&IFA_ADDRESS).filter(|a| *a != local) {
            spec.peer = Some(IpNet {
                addr,
                len: h.prefixlen,
            });
        }
        Some(spec)
    }

    /// Rejects what the kernel would reject with an unclear answer, or a verb addresses do
    /// not take.
    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        check_interface(&self.dev).map_err(|e| rename_error(e, what()))?;
        if !matches!(
            verb,
            Verb::Add | Verb::Replace | Verb::Change | Verb::Delete
        ) {
            return Err(Error::invalid(
                what(),
                format!(
                    "addresses take add, change, replace or del, not {}",
                    verb.word()
                ),
            ));
        }
        if let Some(p) = self.peer
            && p.family() != self.family()
        {
            return Err(Error::invalid(
                what(),
                "peer and local address families differ",
            ));
        }
        if self.broadcast.is_some() && self.family() != AF_INET {
            return Err(Error::invalid(what(), "broadcast is IPv4 only"));
        }
        if let Some(l) = &self.label
            && (l.is_empty() || l.len() > MAX_IFNAME_LEN)
        {
            return Err(Error::invalid(what(), "labels are 1 to 15 bytes long"));
        }
        if let (Some(v), Some(p)) = (self.valid_lft, self.preferred_lft)
            && p > v
        {
            return Err(Error::invalid(
                what(),
                "preferred_lft is greater than valid_lft",
            ));
        }
        if self.valid_lft == Some(0) {
            return Err(Error::invalid(what(), "valid_lft of zero"));
        }
        Ok(())
    }

    /// The request in `ip address` syntax.
    pub fn describe(&self, verb: Verb) -> String {
        let mut s = format!("address {} {}", verb.word(), self.local);
        if let Some(p) = &self.peer {
            let _ = write!(s, " peer {p}");
        }
        if let Some(b) = self.broadcast_addr() {
            let _ = write!(s, " brd {b}");
        }
        let _ = write!(s, " dev {}", self.dev);
        if let Some(l) = &self.label {
            let _ = write!(s, " label {l}");
        }
        if let Some(sc) = self.scope {
            let _ = write!(s, " scope {}", scope_name(sc).unwrap_or("?"));
        }
        if let Some(v) = self.valid_lft {
            let _ = write!(s, " valid_lft {v}");
        }
        if let Some(p) = self.preferred_lft {
            let _ = write!(s, " preferred_lft {p}");
        }
        if self.nodad {
            s.push_str(" nodad");
        }
        if self.noprefixroute {
            s.push_str(" noprefixroute");
        }
        if let Some(m) = self.metric {
            let _ = write!(s, " metric {m}");
        }
        if let Some(p) = self.protocol {
            let _ = write!(s, " proto {p}");
        }
        s
    }
}

impl crate::common::kinds::ChangeSpec for AddressSpec {
    fn kind(&self) -> crate::common::api::ObjectKind {
        crate::common::api::ObjectKind::Address
    }

    fn describe(&self, verb: Verb) -> String {
        AddressSpec::describe(self, verb)
    }

    fn validate(&self, verb: Verb) -> Result<()> {
        AddressSpec::validate(self, verb)
    }

    fn netlink(
        &self,
        verb: Verb,
        res: &mut dyn crate::linux::change::Resolver,
    ) -> Result<crate::linux::request::Request> {
        super::netlink::address_request(verb, self, res)
    }

    fn delete_of(m: &crate::common::message::Message) -> Option<AddressSpec> {
        AddressSpec::from_message(m)
    }
}
