//! Data centre bridging (DCB, `dcbnl`): RTM_GETDCB and RTM_SETDCB, `struct
//! dcbmsg`, DCB_ATTR_*. Drivers with DCB (not veth, not this kernel's
//! virtual devices) answer requests and announce IEEE and CEE changes on
//! RTNLGRP_DCB (dcbnl_notify). Read only here; Linux only.

pub mod view;

use super::{DumpEach, DumpHeader, Fields, KindInfo, OnBsd};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// The registry entry for DCB messages. The block's first two numbers
/// (76, 77) are unused; the kernel answers and notifies with RTM_GETDCB
/// and RTM_SETDCB.
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::Dcb,
    noun: "dcb",
    new_type: RTM_GETDCB - 2,
    del_type: RTM_GETDCB - 1,
    get_type: RTM_GETDCB,
    last_type: RTM_SETDCB,
    header_len: DcbHeader::LEN,
    read_header: |b| Body::Dcb(DcbHeader::read(b)),
    attrs: &DCB_ATTR,
    fields: &["family", "cmd"],
    groups: &[Group::Dcb],
    has_body: |b| matches!(b, Body::Dcb(_)),
    identity,
    dump_header: |s| {
        DumpHeader::fixed(
            DcbHeader {
                family: s.family,
                cmd: 0,
            }
            .to_bytes()
            .to_vec(),
        )
    },
    dump_each: DumpEach::Never,
    bsd: OnBsd::Absent("the BSDs configure DCB in their drivers, not on the routing socket"),
};

/// `struct dcbmsg`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DcbHeader {
    /// `dcb_family`: AF_UNSPEC.
    pub family: u8,
    /// `cmd`: DCB_CMD_* (1 GSTATE, ..., 20 IEEE_SET, 21 IEEE_GET, ...).
    pub cmd: u8,
}

impl DcbHeader {
    /// `sizeof(struct dcbmsg)`.
    pub const LEN: usize = 4;

    /// Reads the header from at least [`DcbHeader::LEN`] bytes.
    pub fn read(b: &[u8]) -> DcbHeader {
        DcbHeader {
            family: b[0],
            cmd: b[1],
        }
    }

    /// The header's bytes (padding zero).
    pub fn to_bytes(&self) -> [u8; DcbHeader::LEN] {
        [self.family, self.cmd, 0, 0]
    }

    pub(crate) fn fields(&self) -> Fields {
        vec![
            ("family", Value::U8(self.family)),
            ("cmd", Value::U8(self.cmd)),
        ]
    }
}

/// A message is its device and command.
fn identity(m: &Message) -> String {
    let cmd = match &m.body {
        Body::Dcb(h) => h.cmd,
        _ => 0,
    };
    let dev = m
        .get(&DCB_ATTR_IFNAME)
        .and_then(Value::as_str)
        .unwrap_or_default();
    format!("{dev} {cmd}")
}
