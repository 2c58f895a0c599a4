//! Chain changes (`tc chain add/del`): [`TcChainSpec`].

use std::fmt::Write as _;

use crate::common::api::{Interface, ObjectKind};
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::common::kinds::ChangeSpec;
use crate::common::kinds::qdisc::handle_text;
use crate::common::kinds::tcfilter::view::{TC_H_CLSACT_EGRESS, TC_H_CLSACT_INGRESS};
use crate::common::message::{Body, Message};

/// A chain of filters to create or delete (`tc chain add dev DEV ingress
/// chain N`). Deleting a chain deletes its filters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TcChainSpec {
    /// The interface (`dev`).
    pub dev: Interface,
    /// The qdisc or hook whose block holds it (`ingress`, `egress`,
    /// `parent P`, `root`).
    pub parent: u32,
    /// Its number (`chain N`).
    pub chain: u32,
}

impl TcChainSpec {
    /// Chain `chain` of the block of `dev` under `parent`.
    pub fn new(dev: impl Into<Interface>, parent: u32, chain: u32) -> TcChainSpec {
        TcChainSpec {
            dev: dev.into(),
            parent,
            chain,
        }
    }

    /// Rejects what the kernel would reject with an unclear answer.
    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        check_interface(&self.dev).map_err(|e| rename_error(e, what()))?;
        add_or_delete(verb, "chains", what)
    }

    /// The request in `tc chain` syntax.
    pub fn describe(&self, verb: Verb) -> String {
        let mut s = format!("chain {} dev {}", verb.word(), self.dev);
        match self.parent {
            0 => {}
            TC_H_ROOT => s.push_str(" root"),
            TC_H_CLSACT_INGRESS => s.push_str(" ingress"),
            TC_H_CLSACT_EGRESS => s.push_str(" egress"),
            p => {
                let _ = write!(s, " parent {}", handle_text(p));
            }
        }
        let _ = write!(s, " chain {}", self.chain);
        s
    }
}

impl ChangeSpec for TcChainSpec {
    fn kind(&self) -> ObjectKind {
        ObjectKind::TcChain
    }

    fn describe(&self, verb: Verb) -> String {
        TcChainSpec::describe(self, verb)
    }

    fn validate(&self, verb: Verb) -> Result<()> {
        TcChainSpec::validate(self, verb)
    }

    fn netlink(
        &self,
        verb: Verb,
        res: &mut dyn crate::linux::change::Resolver,
    ) -> Result<crate::linux::request::Request> {
        super::netlink::chain_request(verb, self, res)
    }

    /// The chain by its block (device and parent) and number.
    fn delete_of(m: &Message) -> Option<TcChainSpec> {
        let Body::Tc(h) = &m.body else { return None };
        let chain = m.get(&crate::common::attrs::TCA_CHAIN)?.as_u32()?;
        Some(TcChainSpec::new(Interface::Index(h.index), h.parent, chain))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_describe_themselves_in_tc_words() {
        let c = TcChainSpec::new("eth0", TC_H_CLSACT_INGRESS, 5);
        assert_eq!(c.describe(Verb::Add), "chain add dev eth0 ingress chain 5");
        assert!(c.validate(Verb::Add).is_ok());
        let e = c.validate(Verb::Replace).unwrap_err().to_string();
        assert!(e.contains("add or del, not replace"), "{e}");
    }
}
