//! Namespace ids (`ip netns list-id`, `ip monitor nsid`): RTM_NEWNSID,
//! `struct rtgenmsg`, NETNSA_*. Read here; ids are set through
//! `IpRoute::set_netns_id`, which names the namespace by an open file.
//! Linux only.

pub mod view;

use super::{DumpHeader, Fields, KindInfo, OnBsd};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// The registry entry for namespace ids (RTM_NEWNSID/DELNSID/GETNSID,
/// `struct rtgenmsg`, NETNSA_*).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::Nsid,
    noun: "nsid",
    new_type: RTM_NEWNSID,
    del_type: RTM_DELNSID,
    get_type: RTM_GETNSID,
    last_type: RTM_GETNSID,
    header_len: NsidHeader::LEN,
    read_header: |b| Body::Nsid(NsidHeader { family: b[0] }),
    attrs: &NETNSA,
    fields: &["family"],
    groups: &[Group::Nsid],
    has_body: |b| matches!(b, Body::Nsid(_)),
    identity: |m: &Message| {
        let id = m.get(&NETNSA_NSID).and_then(Value::as_i64).unwrap_or(-1);
        id.to_string()
    },
    dump_header: |s| DumpHeader::fixed(vec![s.family, 0, 0, 0]),
    dump_each: super::DumpEach::All,
    bsd: OnBsd::Absent("the BSDs have no network namespaces (jails with vnet are not ids)"),
};

/// `struct rtgenmsg`, padded to the 4 bytes the attributes follow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NsidHeader {
    /// `rtgen_family`, AF_UNSPEC.
    pub family: u8,
}

impl NsidHeader {
    /// NLMSG_ALIGN(sizeof(struct rtgenmsg)).
    pub const LEN: usize = 4;

    pub(crate) fn fields(&self) -> Fields {
        vec![("family", Value::U8(self.family))]
    }
}
