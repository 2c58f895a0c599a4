//! Traffic-control filters (`tc filter`): RTM_NEWTFILTER, `struct tcmsg`
//! (`tcm_info` holds the priority and the protocol), TCA_*. Linux only;
//! the kernel lists one interface's filters under one parent (the root
//! qdisc unless the request names another).

pub mod action;
pub mod action_lines;
pub mod action_netlink;
mod lines;
pub mod netlink;
pub mod spec;
pub mod view;

use super::qdisc::tc_kind;
use super::KindInfo;
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::message::{Body, Message};

/// The registry entry for filters (RTM_NEWTFILTER/DELTFILTER/GETTFILTER,
/// `struct tcmsg`, TCA_*).
pub static INFO: KindInfo = tc_kind(
    ObjectKind::TcFilter,
    "filter",
    RTM_NEWTFILTER,
    identity,
    // tc_dump_tfilter reads the device (and the parent) in the header.
    true,
    "the BSDs classify traffic with pf or ipfw, not the routing socket",
);

/// A filter is told apart by its device, parent, chain, priority and
/// protocol (`tcm_info`), and handle.
fn identity(m: &Message) -> String {
    match &m.body {
        Body::Tc(h) => {
            let chain = m.get(&TCA_CHAIN).and_then(|v| v.as_u32()).unwrap_or(0);
            format!("{} {:x} {chain} {:x} {:x}", h.index, h.parent, h.info, h.handle)
        }
        _ => String::new(),
    }
}
