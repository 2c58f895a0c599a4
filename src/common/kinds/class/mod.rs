//! Traffic-control classes (`tc class`): RTM_NEWTCLASS, `struct tcmsg`,
//! TCA_*. Linux only; the kernel lists them one interface at a time.

pub mod netlink;
pub mod rate;
pub mod spec;
pub mod view;

use super::qdisc::tc_kind;
use super::KindInfo;
use crate::common::api::ObjectKind;
use crate::common::constants::*;
use crate::common::message::{Body, Message};

/// The registry entry for classes (RTM_NEWTCLASS/DELTCLASS/GETTCLASS,
/// `struct tcmsg`, TCA_*).
pub static INFO: KindInfo = tc_kind(
    ObjectKind::Class,
    "class",
    RTM_NEWTCLASS,
    identity,
    // tc_dump_tclass lists the classes of the device in the header only.
    true,
    "the BSDs shape traffic with ALTQ or dummynet, not the routing socket",
);

/// One class per interface and class id (`qdisc_lookup` of the major,
/// then the class by its minor).
fn identity(m: &Message) -> String {
    match &m.body {
        Body::Tc(h) => format!("{} {:x}", h.index, h.handle),
        _ => String::new(),
    }
}
