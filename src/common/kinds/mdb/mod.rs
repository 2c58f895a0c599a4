//! The bridge multicast database (`bridge mdb`): RTM_NEWMDB, `struct
//! br_port_msg`, MDBA_*. The kernel reports each bridge's groups in one
//! message; changes name one port's membership. Linux only.

pub mod netlink;
pub mod spec;
pub mod view;

use super::{DumpHeader, Fields, KindInfo, OnBsd, u32_at};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// The registry entry for the multicast database (RTM_NEWMDB/DELMDB/GETMDB,
/// `struct br_port_msg`, MDBA_*).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::Mdb,
    noun: "mdb",
    new_type: RTM_NEWMDB,
    del_type: RTM_DELMDB,
    get_type: RTM_GETMDB,
    last_type: RTM_GETMDB,
    header_len: MdbHeader::LEN,
    read_header: |b| Body::Mdb(MdbHeader::read(b)),
    attrs: &MDBA,
    fields: &["family", "index"],
    groups: &[Group::Mdb],
    has_body: |b| matches!(b, Body::Mdb(_)),
    identity,
    dump_header: |s| {
        DumpHeader::fixed(
            // rtnetlink has the dump for AF_BRIDGE only (AF_UNSPEC is
            // refused with EOPNOTSUPP).
            MdbHeader {
                family: if s.family == AF_UNSPEC { AF_BRIDGE } else { s.family },
                index: 0,
            }
            .to_bytes()
            .to_vec(),
        )
    },
    dump_each: super::DumpEach::All,
    bsd: OnBsd::Absent("the BSDs' bridges keep no multicast database a routing socket reads"),
};

/// `struct br_port_msg`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MdbHeader {
    /// `family`: AF_BRIDGE.
    pub family: u8,
    /// `ifindex`: the bridge.
    pub index: u32,
}

impl MdbHeader {
    /// `sizeof(struct br_port_msg)`.
    pub const LEN: usize = 8;

    /// Reads the header from at least [`MdbHeader::LEN`] bytes.
    pub fn read(b: &[u8]) -> MdbHeader {
        MdbHeader {
            family: b[0],
            index: u32_at(b, 4),
        }
    }

    /// The header's bytes, in host order.
    pub fn to_bytes(&self) -> [u8; MdbHeader::LEN] {
        let mut h = [0u8; MdbHeader::LEN];
        h[0] = self.family;
        h[4..].copy_from_slice(&self.index.to_ne_bytes());
        h
    }

    pub(crate) fn fields(&self) -> Fields {
        vec![
            ("family", Value::U8(self.family)),
            ("index", Value::U32(self.index)),
        ]
    }
}

/// A message is one bridge's database, or one membership change (the
/// bridge, the group and the port).
fn identity(m: &Message) -> String {
    match &m.body {
        Body::Mdb(h) => {
            let entries = view::MdbEntry::all(m);
            match &entries[..] {
                [one] => format!("{} {} {}", h.index, one.group, one.port),
                _ => h.index.to_string(),
            }
        }
        _ => String::new(),
    }
}
