//! Nexthop-object changes (`ip nexthop add/replace/del`): [`NexthopSpec`].

use std::fmt::Write as _;
use std::net::IpAddr;

use crate::common::api::Interface;
use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::{Error, Result};
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// A nexthop object: `via ADDR [dev DEV] [onlink]`, `dev DEV`, `blackhole`,
/// or `group ID[/WEIGHT],...` (optionally resilient), under an id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NexthopSpec {
    /// 0 or unset on add: the kernel picks one.
    pub id: Option<u32>,
    /// The gateway (`via`, NHA_GATEWAY); needs `dev` unless `fdb`.
    pub gateway: Option<IpAddr>,
    /// The outgoing interface (`dev`, NHA_OIF).
    pub dev: Option<Interface>,
    /// Treat the gateway as on-link even if no prefix covers it (`onlink`, RTNH_F_ONLINK).
    pub onlink: bool,
    /// Drop what is sent through it (`blackhole`, NHA_BLACKHOLE).
    pub blackhole: bool,
    /// A nexthop for VXLAN FDB entries.
    pub fdb: bool,
    /// Members and their weights as `ip` writes them (1 to 256).
    pub group: Vec<(u32, u16)>,
    /// `type resilient buckets N`: a resilient group with N buckets.
    pub resilient_buckets: Option<u16>,
    /// The routing protocol that owns it (`proto`).
    pub protocol: Option<u8>,
}

impl NexthopSpec {
    /// A nexthop through a gateway.
    pub fn via(gateway: IpAddr) -> NexthopSpec {
        NexthopSpec {
            gateway: Some(gateway),
            ..NexthopSpec::default()
        }
    }

    /// A nexthop that drops what is sent through it.
    pub fn blackhole() -> NexthopSpec {
        NexthopSpec {
            blackhole: true,
            ..NexthopSpec::default()
        }
    }

    /// A group of other nexthops: `(id, weight)` with weights from 1 to 256.
    pub fn group(members: &[(u32, u16)]) -> NexthopSpec {
        NexthopSpec {
            group: members.to_vec(),
            ..NexthopSpec::default()
        }
    }

    /// The object with this id (for `del`, or to name the one to add).
    pub fn id(mut self, id: u32) -> NexthopSpec {
        self.id = Some(id);
        self
    }

    /// Sets the outgoing interface (`dev`).
    pub fn dev(mut self, dev: impl Into<Interface>) -> NexthopSpec {
        self.dev = Some(dev.into());
        self
    }

    /// Treats the gateway as on-link (`onlink`).
    pub fn onlink(mut self) -> NexthopSpec {
        self.onlink = true;
        self
    }

    /// Makes the group resilient with `buckets` buckets (`type resilient buckets N`).
    pub fn resilient(mut self, buckets: u16) -> NexthopSpec {
        self.resilient_buckets = Some(buckets);
        self
    }

    /// The address family the kernel files it under (from the gateway;
    /// unspec for groups, blackholes take IPv4 as `ip` does).
    pub fn family(&self) -> u8 {
        match self.gateway {
            Some(g) => family_of(g),
            None if self.blackhole => AF_INET,
            None => AF_UNSPEC,
        }
    }

    /// The nexthop a dump reports, for deleting it (flush).
    pub fn from_message(m: &Message) -> Option<NexthopSpec> {
        let Body::Nexthop(_) = &m.body else {
            return None;
        };
        Some(NexthopSpec {
            id: m.get(&NHA_ID).and_then(Value::as_u32),
            ..NexthopSpec::default()
        })
    }

    /// Rejects what the kernel would reject with an unclear answer, or a verb nexthops do not take.
    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        if let Some(d) = &self.dev {
            check_interface(d).map_err(|e| rename_error(e, what()))?;
        }
        match verb {
            Verb::Delete => {
                return match self.id {
                    Some(id) if id > 0 => Ok(()),
                    _ => Err(Error::invalid(what(), "a delete names the nexthop by id")),
                };
            }
            Verb::Add | Verb::Replace => {}
            _ => return Err(Error::invalid(what(), "nexthops take add, replace or del")),
        }
        let kinds = [
            self.gateway.is_some() || self.dev.is_some(),
            self.blackhole,
            !self.group.is_empty(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            return Err(Error::invalid(
                what(),
                "one of via/dev, blackhole or group is needed, and only one",
            ));
        }
        if self.gateway.is_some() && self.dev.is_none() && !self.fdb {
            return Err(Error::invalid(what(), "a gateway needs dev"));
        }
        if self.group.iter().any(|&(_, w)| !(1..=256).contains(&w)) {
            return Err(Error::invalid(what(), "group weights are 1 to 256"));
        }
        if self.resilient_buckets.is_some() && self.group.is_empty() {
            return Err(Error::invalid(what(), "only a group is resilient"));
        }
        Ok(())
    }

    /// The change in `ip nexthop` syntax.
    pub fn describe(&self, verb: Verb) -> String {
        let mut s = format!("nexthop {}", verb.word());
        if let Some(id) = self.id {
            let _ = write!(s, " id {id}");
        }
        if !self.group.is_empty() {
            // `ID[,WEIGHT]` joined by `/`, as ip writes a group.
            let members: Vec<String> = self
                .group
                .iter()
                .map(|&(id, w)| {
                    if w > 1 {
                        format!("{id},{w}")
                    } else {
                        id.to_string()
                    }
                })
                .collect();
            let _ = write!(s, " group {}", members.join("/"));
            if let Some(b) = self.resilient_buckets {
                let _ = write!(s, " type resilient buckets {b}");
            }
        }
        if let Some(g) = self.gateway {
            let _ = write!(s, " via {g}");
        }
        if let Some(d) = &self.dev {
            let _ = write!(s, " dev {d}");
        }
        if self.onlink {
            s.push_str(" onlink");
        }
        if self.blackhole {
            s.push_str(" blackhole");
        }
        if self.fdb {
            s.push_str(" fdb");
        }
        s
    }
}

impl crate::common::kinds::ChangeSpec for NexthopSpec {
    fn kind(&self) -> crate::common::api::ObjectKind {
        crate::common::api::ObjectKind::Nexthop
    }

    fn describe(&self, verb: Verb) -> String {
        NexthopSpec::describe(self, verb)
    }

    fn validate(&self, verb: Verb) -> Result<()> {
        NexthopSpec::validate(self, verb)
    }

    fn netlink(
        &self,
        verb: Verb,
        res: &mut dyn crate::linux::change::Resolver,
    ) -> Result<crate::linux::request::Request> {
        super::netlink::nexthop_request(verb, self, res)
    }

    fn delete_of(m: &crate::common::message::Message) -> Option<NexthopSpec> {
        NexthopSpec::from_message(m)
    }
}
