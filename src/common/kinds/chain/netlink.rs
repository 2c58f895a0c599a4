//! RTM_NEWCHAIN and RTM_DELCHAIN requests for a [`TcChainSpec`], as `tc
//! chain` builds them (tc_filter_modify with a chain and no template:
//! `tcm_info` 0, TCA_CHAIN).

use super::spec::TcChainSpec;
use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::common::kinds::qdisc::TcHeader;
use crate::linux::change::Resolver;
use crate::linux::request::Request;

/// The request for `verb` (add: CREATE|EXCL, as tc's do_chain asks).
pub fn chain_request(verb: Verb, spec: &TcChainSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let h = TcHeader {
        index: res.ifindex(&spec.dev, &what)?,
        parent: spec.parent,
        ..TcHeader::default()
    };
    let base = NLM_F_REQUEST | NLM_F_ACK;
    let (kind, flags) = match verb {
        Verb::Delete => (RTM_DELCHAIN, base),
        _ => (RTM_NEWCHAIN, base | NLM_F_CREATE | NLM_F_EXCL),
    };
    Ok(Request::new(kind, flags)
        .fixed(&h.to_bytes())
        .attr_u32(TCA_CHAIN.number, spec.chain))
}
