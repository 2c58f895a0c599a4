//! Shared traffic-control actions (`tc actions`): actions that live on
//! their own, by kind and index, for filters to share. RTM_NEWACTION,
//! `struct tcamsg`, TCA_ROOT_* (the actions in TCA_ROOT_TAB, as a filter
//! carries its own). Announced on RTNLGRP_TC; a dump names one kind.
//! Linux only.

pub mod netlink;
pub mod spec;
pub mod view;

use super::{DumpEach, DumpHeader, KindInfo, OnBsd};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{Body, Message};

/// The registry entry for shared actions (RTM_NEWACTION/DELACTION/
/// GETACTION; 51 is unused).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::TcAction,
    noun: "action",
    new_type: RTM_NEWACTION,
    del_type: RTM_NEWACTION + 1,
    get_type: RTM_NEWACTION + 2,
    last_type: RTM_NEWACTION + 3,
    header_len: TcaHeader::LEN,
    read_header: |b| Body::TcAction(TcaHeader::read(b)),
    attrs: &TCA_ROOT,
    fields: &["family"],
    groups: &[Group::Tc],
    has_body: |b| matches!(b, Body::TcAction(_)),
    identity,
    // tc_dump_action lists one kind, named in TCA_ROOT_TAB (with none it
    // answers nothing); TCA_ACT_FLAG_LARGE_DUMP_ON as tc asks it.
    dump_header: |s| {
        let fixed = TcaHeader { family: AF_UNSPEC }.to_bytes().to_vec();
        match &s.action_kind {
            Some(kind) => DumpHeader {
                fixed,
                attrs: vec![
                    (TCA_ROOT_TAB, netlink::kind_tab(kind)),
                    (TCA_ROOT_FLAGS, netlink::LARGE_DUMP.to_vec()),
                ],
            },
            None => DumpHeader::fixed(fixed),
        }
    },
    dump_each: DumpEach::All,
    bsd: OnBsd::Absent("the BSDs have no traffic-control actions (pf and dummynet are configured elsewhere)"),
};

/// `struct tcamsg` (the family and padding): the layout of `struct
/// netconfmsg`, so one type reads both.
pub type TcaHeader = super::netconf::NetconfHeader;

/// An action is its kind and index.
fn identity(m: &Message) -> String {
    view::SharedAction::all(m)
        .first()
        .map(|a| format!("{} {}", a.kind, a.index))
        .unwrap_or_default()
}
