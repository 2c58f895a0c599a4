//! The typed view of a neighbour message.

use std::net::IpAddr;

use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::message::{Body, Message};
use crate::common::value::{LinkAddr, Value};
use crate::common::views::*;
use std::fmt;

/// A neighbour entry: ARP, NDP or bridge FDB (RTM_NEWNEIGH).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Neighbour {
    /// The address family: AF_INET, AF_INET6, or AF_BRIDGE for a bridge FDB entry.
    pub family: u8,
    /// The index of the interface the entry is on (`dev`).
    pub index: u32,
    /// The NUD_* state (`REACHABLE`, `STALE`, `PERMANENT`, ...).
    pub state: u16,
    /// The NTF_* flags (`router`, `proxy`, `self`, `master`, ...).
    pub flags: u8,
    /// The RTN_* type of the entry's address (`ndm_type`).
    pub ndm_type: u8,
    /// The neighbour's IP address (NDA_DST), or for an FDB entry its remote (`dst`); None
    /// if absent.
    pub dst: Option<IpAddr>,
    /// The link-layer address (NDA_LLADDR, `lladdr`), or None if not yet resolved.
    pub lladdr: Option<LinkAddr>,
    /// The index of the bridge an FDB entry belongs to (NDA_MASTER, `master`), or None if
    /// not reported.
    pub master: Option<u32>,
    /// The VLAN of a bridge FDB entry (NDA_VLAN, `vlan`), or None if none.
    pub vlan: Option<u16>,
    /// The number of probes sent (NDA_PROBES, `probes`), or None if not reported.
    pub probes: Option<u32>,
}

impl Neighbour {
    /// The neighbour view of `m`, or None if `m` is not a neighbour message.
    pub fn from_message(m: &Message) -> Option<Neighbour> {
        let Body::Neighbour(h) = &m.body else {
            return None;
        };
        Some(Neighbour {
            family: h.family,
            index: h.ifindex,
            state: h.state,
            flags: h.flags,
            ndm_type: h.ndm_type,
            dst: attr_ip(m, &NDA_DST),
            lladdr: m.get(&NDA_LLADDR).and_then(Value::as_link_addr),
            master: attr_u32(m, &NDA_MASTER),
            vlan: attr_u32(m, &NDA_VLAN).map(|v| v as u16),
            probes: attr_u32(m, &NDA_PROBES),
        })
    }
}

/// `ip neigh`'s line without name resolution:
/// `192.0.2.1 dev if2 lladdr 02:00:00:00:00:01 REACHABLE`.
impl fmt::Display for Neighbour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.dst {
            Some(dst) => write!(f, "{dst} dev if{}", self.index)?,
            None => write!(f, "dev if{}", self.index)?,
        }
        if let Some(l) = self.lladdr {
            write!(f, " lladdr {l}")?;
        }
        if let Some(master) = self.master {
            write!(f, " master if{master}")?;
        }
        if let Some(vlan) = self.vlan {
            write!(f, " vlan {vlan}")?;
        }
        let states = flag_names(self.state, NUD_NAMES);
        if !states.is_empty() {
            write!(f, " {}", states.join(","))?;
        }
        Ok(())
    }
}
