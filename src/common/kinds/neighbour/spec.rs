//! Neighbour changes (`ip neigh`, `bridge fdb`): [`NeighbourSpec`].

use std::fmt::Write as _;
use std::net::IpAddr;

use crate::common::api::Interface;
use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::{Error, Result};
use crate::common::message::{Body, Message};
use crate::common::value::{LinkAddr, Value};

/// A neighbour (ARP/NDP) entry, or a bridge forwarding entry when `family`
/// is `AF_BRIDGE` (`ip neigh`, `bridge fdb`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeighbourSpec {
    /// The family: from `dst`, or AF_BRIDGE for an FDB entry.
    pub family: u8,
    /// The IP address (ARP/NDP), or the remote of a vxlan FDB entry.
    pub dst: Option<IpAddr>,
    /// The link-layer address (`lladdr`, NDA_LLADDR); an FDB entry's MAC.
    pub lladdr: Option<LinkAddr>,
    /// The interface the entry is on (`dev DEV`).
    pub dev: Interface,
    /// NUD_* state; permanent when unset.
    pub state: Option<u16>,
    /// NTF_* flags (router, proxy, self, master).
    pub flags: u8,
    /// Bridge FDB: the VLAN.
    pub vlan: Option<u16>,
}

impl NeighbourSpec {
    /// An ARP or NDP entry.
    pub fn ip(dst: IpAddr, dev: impl Into<Interface>) -> NeighbourSpec {
        NeighbourSpec {
            family: family_of(dst),
            dst: Some(dst),
            lladdr: None,
            dev: dev.into(),
            state: None,
            flags: 0,
            vlan: None,
        }
    }

    /// A bridge forwarding entry on a bridge port (`bridge fdb ... master`).
    pub fn fdb(lladdr: LinkAddr, dev: impl Into<Interface>) -> NeighbourSpec {
        NeighbourSpec {
            family: AF_BRIDGE,
            dst: None,
            lladdr: Some(lladdr),
            dev: dev.into(),
            state: None,
            flags: NTF_MASTER,
            vlan: None,
        }
    }

    /// Sets the link-layer address (`lladdr`).
    pub fn lladdr(mut self, lladdr: LinkAddr) -> NeighbourSpec {
        self.lladdr = Some(lladdr);
        self
    }

    /// Sets the NUD_* state (`nud`), e.g. NUD_REACHABLE.
    pub fn state(mut self, state: u16) -> NeighbourSpec {
        self.state = Some(state);
        self
    }

    /// Replaces the NTF_* flags (`router`, `proxy`, `self`, `master`).
    pub fn flags(mut self, flags: u8) -> NeighbourSpec {
        self.flags = flags;
        self
    }

    /// The state sent: permanent unless asked otherwise (bridge FDB: static).
    pub fn resolved_state(&self) -> u16 {
        self.state.unwrap_or(if self.family == AF_BRIDGE {
            NUD_NOARP | NUD_REACHABLE
        } else {
            NUD_PERMANENT
        })
    }

    /// The key of an entry as a dump reports it, for deleting it (flush).
    pub fn from_message(m: &Message) -> Option<NeighbourSpec> {
        let Body::Neighbour(h) = &m.body else {
            return None;
        };
        Some(NeighbourSpec {
            family: h.family,
            dst: m.get(&NDA_DST).and_then(Value::as_ip),
            lladdr: m.get(&NDA_LLADDR).and_then(Value::as_link_addr),
            dev: Interface::Index(h.ifindex),
            state: Some(h.state),
            flags: h.flags,
            vlan: m.get(&NDA_VLAN).and_then(Value::as_u32).map(|v| v as u16),
        })
    }

    /// Rejects what the kernel would reject with an unclear answer, or a verb neighbours do
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
                "neighbours take add, replace, change or del",
            ));
        }
        if self.family == AF_BRIDGE {
            if self.lladdr.is_none() {
                return Err(Error::invalid(
                    what(),
                    "a forwarding entry needs a MAC address",
                ));
            }
        } else if self.dst.is_none_or(|d| family_of(d) != self.family) {
            return Err(Error::invalid(what(), "a neighbour needs an IP address"));
        }
        Ok(())
    }

    /// The request in `ip neigh` syntax, or `bridge fdb` syntax for a forwarding entry.
    pub fn describe(&self, verb: Verb) -> String {
        let mut s = if self.family == AF_BRIDGE {
            format!("fdb {}", verb.word())
        } else {
            format!("neighbour {}", verb.word())
        };
        if let Some(d) = self.dst.filter(|_| self.family != AF_BRIDGE) {
            let _ = write!(s, " {d}");
        }
        if let Some(l) = &self.lladdr {
            let sep = if self.family == AF_BRIDGE {
                " "
            } else {
                " lladdr "
            };
            let _ = write!(s, "{sep}{l}");
        }
        let _ = write!(s, " dev {}", self.dev);
        if let Some(d) = self.dst.filter(|_| self.family == AF_BRIDGE) {
            let _ = write!(s, " dst {d}");
        }
        if let Some(v) = self.vlan {
            let _ = write!(s, " vlan {v}");
        }
        if let Some(st) = self.state {
            let names = flag_names(st, NUD_NAMES);
            let _ = write!(s, " nud {}", names.join(",").to_lowercase());
        }
        s
    }
}

impl crate::common::kinds::ChangeSpec for NeighbourSpec {
    fn kind(&self) -> crate::common::api::ObjectKind {
        crate::common::api::ObjectKind::Neighbour
    }

    fn describe(&self, verb: Verb) -> String {
        NeighbourSpec::describe(self, verb)
    }

    fn validate(&self, verb: Verb) -> Result<()> {
        NeighbourSpec::validate(self, verb)
    }

    fn netlink(
        &self,
        verb: Verb,
        res: &mut dyn crate::linux::change::Resolver,
    ) -> Result<crate::linux::request::Request> {
        super::netlink::neighbour_request(verb, self, res)
    }

    fn delete_of(m: &crate::common::message::Message) -> Option<NeighbourSpec> {
        NeighbourSpec::from_message(m)
    }
}
