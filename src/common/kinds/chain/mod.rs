//! Traffic-control filter chains (`tc chain`): RTM_NEWCHAIN, `struct
//! tcmsg`, TCA_CHAIN (and a template's TCA_KIND and TCA_OPTIONS). Linux
//! only; the kernel lists the chains of one block, found by device and
//! parent, like filters.

pub mod netlink;
pub mod spec;
pub mod view;

use super::KindInfo;
use super::qdisc::tc_kind;
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::message::{Body, Message};

/// The registry entry for chains (RTM_NEWCHAIN/DELCHAIN/GETCHAIN).
pub static INFO: KindInfo = tc_kind(
    ObjectKind::TcChain,
    "chain",
    RTM_NEWCHAIN,
    identity,
    // tc_dump_chain finds the block by the device (and parent) in the header.
    true,
    "the BSDs classify traffic with pf or ipfw, not the routing socket",
);

/// A chain is its block's (device and parent) number.
fn identity(m: &Message) -> String {
    match &m.body {
        Body::Tc(h) => {
            let chain = m.get(&TCA_CHAIN).and_then(|v| v.as_u32()).unwrap_or(0);
            format!("{} {:x} {chain}", h.index, h.parent)
        }
        _ => String::new(),
    }
}
