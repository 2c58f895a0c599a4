//! RTM_NEWACTION and RTM_DELACTION requests for a [`TcActionSpec`], as
//! `tc actions` builds them (m_action.c's tc_action_modify and
//! tc_action_gd): a `struct tcamsg`, then TCA_ACT_TAB holding one action
//! numbered 1 (its kind and options, its index in the options' `tc_gen`),
//! or for a delete its kind and TCA_ACT_INDEX; a flush is a delete of the
//! kind alone with NLM_F_ROOT and TCA_ROOT_FLAGS.

use super::TcaHeader;
use super::spec::TcActionSpec;
use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::common::kinds::tcfilter::action_netlink::indexed_actions;
use crate::linux::change::{Resolver, verb_flags};
use crate::linux::request::Request;

/// TCA_ROOT_FLAGS of a flush and a dump: `struct nla_bitfield32` with
/// TCA_ACT_FLAG_LARGE_DUMP_ON in both value and selector.
pub const LARGE_DUMP: [u8; 8] = [1, 0, 0, 0, 1, 0, 0, 0];

/// TCA_ACT_TAB's payload naming a kind alone: action 1, its TCA_ACT_KIND
/// (NUL-ended, as tc sends it).
pub fn kind_tab(kind: &str) -> Vec<u8> {
    Request::attrs()
        .nested(1, |r| r.attr_str(TCA_ACT_KIND.number, kind))
        .into_attr_bytes()
}

/// The request for `verb`.
pub fn action_request(verb: Verb, spec: &TcActionSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let h = TcaHeader { family: AF_UNSPEC }.to_bytes();
    Ok(match (verb, &spec.action, spec.index) {
        // NLM_F_ROOT: a delete of every action of the kind (tca_action_flush).
        (Verb::Delete, _, None) => {
            Request::new(RTM_DELACTION, NLM_F_REQUEST | NLM_F_ACK | NLM_F_ROOT)
                .fixed(&h)
                .attr(TCA_ROOT_TAB.number, &kind_tab(&spec.kind))
                .attr(TCA_ROOT_FLAGS.number, &LARGE_DUMP)
        }
        (Verb::Delete, _, Some(index)) => Request::new(RTM_DELACTION, verb_flags(verb))
            .fixed(&h)
            .nested(TCA_ROOT_TAB.number, |r| {
                r.nested(1, |r| {
                    r.attr_str(TCA_ACT_KIND.number, &spec.kind)
                        .attr_u32(TCA_ACT_INDEX.number, index)
                })
            }),
        (_, Some(action), index) => {
            let tab = indexed_actions(&[(action, index)], res, &what)?;
            Request::new(RTM_NEWACTION, verb_flags(verb))
                .fixed(&h)
                .attr(TCA_ROOT_TAB.number, &tab)
        }
        (_, None, _) => unreachable!("validate asks for the settings"),
    })
}

/// `tc actions get action KIND index N`: RTM_GETACTION naming one action
/// (answered with an RTM_NEWACTION holding it).
pub fn action_get(kind: &str, index: u32) -> Request {
    Request::new(RTM_GETACTION, NLM_F_REQUEST | NLM_F_ACK)
        .fixed(&TcaHeader { family: AF_UNSPEC }.to_bytes())
        .nested(TCA_ROOT_TAB.number, |r| {
            r.nested(1, |r| {
                r.attr_str(TCA_ACT_KIND.number, kind)
                    .attr_u32(TCA_ACT_INDEX.number, index)
            })
        })
}
