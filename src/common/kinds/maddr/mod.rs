//! Multicast group memberships (`ip maddress`): RTM_NEWMULTICAST, `struct
//! ifaddrmsg`, IFA_MULTICAST. Read only: groups are joined by sockets and
//! the kernel itself. Linux lists them one family at a time; FreeBSD in
//! sysctl NET_RT_IFMALIST; OpenBSD not at all.

pub mod view;

use super::{DumpEach, KindInfo, OnBsd};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{AddressHeader, Body, Message};
use crate::common::value::Value;

/// The registry entry for multicast memberships (RTM_NEWMULTICAST/DEL/GET).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::Multicast,
    noun: "maddr",
    new_type: RTM_NEWMULTICAST,
    del_type: RTM_NEWMULTICAST + 1,
    get_type: RTM_GETMULTICAST,
    last_type: RTM_GETMULTICAST,
    header_len: AddressHeader::LEN,
    read_header: |b| Body::Multicast(AddressHeader::read(b)),
    attrs: &IFA,
    fields: &["family", "prefixlen", "flags", "scope", "index"],
    groups: &[Group::Ipv4Mcaddr, Group::Ipv6Mcaddr],
    has_body: |b| matches!(b, Body::Multicast(_)),
    identity,
    // inet*_dump_ifmcaddr and inet6_dump_ifacaddr take the interface in
    // the header under strict checking, as address dumps do.
    dump_header: super::address::ifaddrmsg_dump_header,
    // RTM_GETMULTICAST has a dump for AF_INET and AF_INET6, none for
    // AF_UNSPEC.
    dump_each: DumpEach::Family(&[AF_INET, AF_INET6]),
    bsd: OnBsd::Multicast,
};

/// A membership is its interface and group.
fn identity(m: &Message) -> String {
    let index = match &m.body {
        Body::Multicast(h) => h.index,
        _ => 0,
    };
    let group = m.get(&IFA_MULTICAST).map(Value::to_string).unwrap_or_default();
    format!("{index} {group}")
}
