//! IPv6 anycast addresses (RTM_NEWANYCAST, `struct ifaddrmsg`,
//! IFA_ANYCAST): the subnet-router anycast addresses a forwarding
//! interface answers for, and those sockets joined. Read only; Linux only,
//! IPv6 only (/proc/net/anycast6 lists the same).

pub mod view;

use super::{DumpEach, KindInfo, OnBsd};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{AddressHeader, Body, Message};
use crate::common::value::Value;

/// The registry entry for anycast addresses (RTM_NEWANYCAST/DEL/GET).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::Anycast,
    noun: "acaddr",
    new_type: RTM_NEWANYCAST,
    del_type: RTM_NEWANYCAST + 1,
    get_type: RTM_GETANYCAST,
    last_type: RTM_GETANYCAST,
    header_len: AddressHeader::LEN,
    read_header: |b| Body::Anycast(AddressHeader::read(b)),
    attrs: &IFA,
    fields: &["family", "prefixlen", "flags", "scope", "index"],
    groups: &[Group::Ipv6Acaddr],
    has_body: |b| matches!(b, Body::Anycast(_)),
    identity,
    // inet*_dump_ifmcaddr and inet6_dump_ifacaddr take the interface in
    // the header under strict checking, as address dumps do.
    dump_header: super::address::ifaddrmsg_dump_header,
    // inet6_dump_ifacaddr: IPv6 only, none for AF_UNSPEC.
    dump_each: DumpEach::Family(&[AF_INET6]),
    bsd: OnBsd::Absent("the BSDs keep IPv6 anycast addresses as addresses flagged anycast (ifconfig's anycast)"),
};

/// An anycast address is its interface and address.
fn identity(m: &Message) -> String {
    let index = match &m.body {
        Body::Anycast(h) => h.index,
        _ => 0,
    };
    let addr = m.get(&IFA_ANYCAST).map(Value::to_string).unwrap_or_default();
    format!("{index} {addr}")
}
