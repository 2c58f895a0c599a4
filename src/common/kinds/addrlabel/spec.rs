//! Address label changes (`ip addrlabel add/del`): [`AddrLabelSpec`].

use std::net::IpAddr;

use crate::common::api::{Interface, ObjectKind};
use crate::common::change::*;
use crate::common::error::{Error, Result};
use crate::common::kinds::ChangeSpec;
use crate::common::message::{Body, Message};

/// An address label to add or delete: IPv6 addresses in `prefix` (and
/// on `dev`, when given) carry `label`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddrLabelSpec {
    /// The IPv6 prefix (`prefix`).
    pub prefix: IpNet,
    /// The interface it is limited to (`dev`).
    pub dev: Option<Interface>,
    /// The label (`label`).
    pub label: u32,
}

impl AddrLabelSpec {
    /// Addresses in `prefix` carry `label`.
    pub fn new(prefix: IpNet, label: u32) -> AddrLabelSpec {
        AddrLabelSpec {
            prefix,
            dev: None,
            label,
        }
    }

    /// Only on `dev`.
    pub fn dev(mut self, dev: impl Into<Interface>) -> AddrLabelSpec {
        self.dev = Some(dev.into());
        self
    }

    /// Rejects what the kernel would reject with an unclear answer.
    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        if !matches!(self.prefix.addr, IpAddr::V6(_)) {
            return Err(Error::invalid(what(), "address labels are for IPv6 prefixes"));
        }
        if let Some(d) = &self.dev {
            check_interface(d).map_err(|e| rename_error(e, what()))?;
        }
        add_or_delete(verb, "address labels", what)
    }

    /// The request in `ip addrlabel` syntax.
    pub fn describe(&self, verb: Verb) -> String {
        let mut s = format!("addrlabel {} prefix {}", verb.word(), self.prefix);
        if let Some(d) = &self.dev {
            s += &format!(" dev {d}");
        }
        s + &format!(" label {}", self.label)
    }
}

impl ChangeSpec for AddrLabelSpec {
    fn kind(&self) -> ObjectKind {
        ObjectKind::AddrLabel
    }

    fn describe(&self, verb: Verb) -> String {
        AddrLabelSpec::describe(self, verb)
    }

    fn validate(&self, verb: Verb) -> Result<()> {
        AddrLabelSpec::validate(self, verb)
    }

    fn netlink(
        &self,
        verb: Verb,
        res: &mut dyn crate::linux::change::Resolver,
    ) -> Result<crate::linux::request::Request> {
        super::netlink::addrlabel_request(verb, self, res)
    }

    /// The label by its prefix, interface and value.
    fn delete_of(m: &Message) -> Option<AddrLabelSpec> {
        let label = super::view::AddrLabel::from_message(m)?;
        let Body::AddrLabel(h) = &m.body else {
            return None;
        };
        let spec = AddrLabelSpec::new(IpNet::new(label.prefix, h.prefixlen).ok()?, label.label);
        Some(match label.index {
            0 => spec,
            i => spec.dev(i),
        })
    }
}
