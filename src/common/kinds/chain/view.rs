//! The typed view of a chain message.

use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::kinds::qdisc::handle_text;
use crate::common::kinds::tcfilter::view::{TC_H_CLSACT_EGRESS, TC_H_CLSACT_INGRESS};
use crate::common::message::{Body, Message};
use crate::common::value::Value;
use crate::common::views::attr_string;

/// A chain of filters (RTM_NEWCHAIN), as `tc chain show` lists it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TcChain {
    /// The interface (`tcm_ifindex`).
    pub index: u32,
    /// The qdisc whose block holds it (`tcm_parent`: the kernel reports
    /// the qdisc's handle).
    pub parent: u32,
    /// Its number (TCA_CHAIN).
    pub chain: u32,
    /// A template's classifier (TCA_KIND), when it has one.
    pub template: Option<String>,
}

impl TcChain {
    /// The chain view of `m`, or None if `m` is not a chain message.
    pub fn from_message(m: &Message) -> Option<TcChain> {
        let Body::Tc(h) = &m.body else { return None };
        if ObjectKind::of(m) != Some(ObjectKind::TcChain) {
            return None;
        }
        Some(TcChain {
            index: h.index,
            parent: h.parent,
            chain: m.get(&TCA_CHAIN).and_then(Value::as_u32)?,
            template: attr_string(m, &TCA_KIND),
        })
    }

    /// `tc chain show`'s line (print_filter): the device when given, the
    /// parent, the template's kind, the number.
    pub fn line(&self, dev: Option<&str>) -> String {
        let mut s = "chain ".to_owned();
        if let Some(d) = dev {
            s += &format!("dev {d} ");
        }
        s += &match self.parent {
            TC_H_ROOT => "root ".to_owned(),
            TC_H_CLSACT_INGRESS => "ingress ".to_owned(),
            TC_H_CLSACT_EGRESS => "egress ".to_owned(),
            p => format!("parent {} ", handle_text(p)),
        };
        if let Some(k) = &self.template {
            s += &format!("{k} ");
        }
        s += &format!("chain {}", self.chain);
        s
    }
}
