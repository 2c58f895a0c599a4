//! Traffic-control classes (`tc class`): RTM_NEWTCLASS, `struct tcmsg`,
//! TCA_*. Linux only; the kernel lists them one interface at a time.

pub mod netlink;
pub mod rate;
pub mod spec;
pub mod view;

use super::qdisc::{TC_FIELDS, TcHeader, tc_dump_header};
use super::{KindInfo, OnBsd};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{Body, Message};

/// The registry entry for classes (RTM_NEWTCLASS/DELTCLASS/GETTCLASS,
/// `struct tcmsg`, TCA_*).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::Class,
    noun: "class",
    new_type: RTM_NEWTCLASS,
    del_type: RTM_DELTCLASS,
    get_type: RTM_GETTCLASS,
    last_type: RTM_GETTCLASS,
    header_len: TcHeader::LEN,
    read_header: |b| Body::Tc(TcHeader::read(b)),
    attrs: &TCA,
    fields: TC_FIELDS,
    groups: &[Group::Tc],
    has_body: |b| matches!(b, Body::Tc(_)),
    identity,
    dump_header: tc_dump_header,
    // tc_dump_tclass lists the classes of the device in the header only.
    per_interface: true,
    bsd: OnBsd::Absent("the BSDs shape traffic with ALTQ or dummynet, not the routing socket"),
};

/// One class per interface and class id (`qdisc_lookup` of the major,
/// then the class by its minor).
fn identity(m: &Message) -> String {
    match &m.body {
        Body::Tc(h) => format!("{} {:x}", h.index, h.handle),
        _ => String::new(),
    }
}
