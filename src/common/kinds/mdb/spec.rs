//! Multicast database changes (`bridge mdb add/del`): [`MdbSpec`].

use std::net::IpAddr;

use crate::common::api::{Interface, ObjectKind};
use crate::common::change::*;
use crate::common::error::{Error, Result};
use crate::common::kinds::ChangeSpec;
use crate::common::message::Message;
use crate::common::value::LinkAddr;

/// A multicast group: an IP group, or a MAC address for layer 2 groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MdbGroup {
    /// An IPv4 or IPv6 group address.
    Ip(IpAddr),
    /// An Ethernet group address.
    Mac(LinkAddr),
}

impl std::fmt::Display for MdbGroup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MdbGroup::Ip(a) => write!(f, "{a}"),
            MdbGroup::Mac(m) => write!(f, "{m}"),
        }
    }
}

/// A port's membership of a group on a bridge (`bridge mdb add dev BR
/// port PORT grp GROUP [permanent] [vid N]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MdbSpec {
    /// The bridge (`dev`).
    pub bridge: Interface,
    /// The port (`port`).
    pub port: Interface,
    /// The group (`grp`).
    pub group: MdbGroup,
    /// Static, never aging (`permanent`), rather than `temp`.
    pub permanent: bool,
    /// The VLAN (`vid`), or 0.
    pub vid: u16,
}

impl MdbSpec {
    /// `port` joins `group` on `bridge`, as a temporary entry.
    pub fn new(bridge: impl Into<Interface>, port: impl Into<Interface>, group: MdbGroup) -> MdbSpec {
        MdbSpec {
            bridge: bridge.into(),
            port: port.into(),
            group,
            permanent: false,
            vid: 0,
        }
    }

    /// A static entry (`permanent`).
    pub fn permanent(mut self) -> MdbSpec {
        self.permanent = true;
        self
    }

    /// Rejects what the kernel would reject with an unclear answer.
    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        for i in [&self.bridge, &self.port] {
            check_interface(i).map_err(|e| rename_error(e, what()))?;
        }
        if self.vid >= 4095 {
            return Err(Error::invalid(what(), "vid must be 0 to 4094"));
        }
        match verb {
            Verb::Add | Verb::Replace | Verb::Delete => Ok(()),
            other => Err(Error::invalid(
                what(),
                format!("mdb entries take add, replace or del, not {}", other.word()),
            )),
        }
    }

    /// The request in `bridge mdb` syntax.
    pub fn describe(&self, verb: Verb) -> String {
        let mut s = format!(
            "mdb {} dev {} port {} grp {}",
            verb.word(),
            self.bridge,
            self.port,
            self.group
        );
        if self.permanent {
            s += " permanent";
        }
        if self.vid != 0 {
            s += &format!(" vid {}", self.vid);
        }
        s
    }
}

impl ChangeSpec for MdbSpec {
    fn kind(&self) -> ObjectKind {
        ObjectKind::Mdb
    }

    fn describe(&self, verb: Verb) -> String {
        MdbSpec::describe(self, verb)
    }

    fn validate(&self, verb: Verb) -> Result<()> {
        MdbSpec::validate(self, verb)
    }

    fn netlink(
        &self,
        verb: Verb,
        res: &mut dyn crate::linux::change::Resolver,
    ) -> Result<crate::linux::request::Request> {
        super::netlink::mdb_request(verb, self, res)
    }

    /// A message of one membership (an event) deletes it; a bridge's
    /// whole database is many.
    fn delete_of(m: &Message) -> Option<MdbSpec> {
        let [entry] = &super::view::MdbEntry::all(m)[..] else {
            return None;
        };
        let group = match &entry.group {
            crate::Value::Ip(a) => MdbGroup::Ip(*a),
            crate::Value::LinkAddr(mac) => MdbGroup::Mac(*mac),
            _ => return None,
        };
        Some(MdbSpec {
            bridge: Interface::Index(entry.bridge),
            port: Interface::Index(entry.port),
            group,
            permanent: false,
            vid: entry.vid,
        })
    }
}
