//! The buckets of resilient nexthop groups (`ip nexthop bucket`):
//! RTM_NEWNEXTHOPBUCKET, `struct nhmsg`, NHA_ID and NHA_RES_BUCKET. Read
//! only: the kernel fills and migrates them; a group's `buckets` sets how
//! many. Linux only.

pub mod view;

use super::nexthop::NexthopHeader;
use super::{DumpHeader, KindInfo, OnBsd};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::message::{Body, Message};
use crate::common::value::{Value, find_key};

/// The registry entry for nexthop buckets (RTM_NEWNEXTHOPBUCKET,
/// `struct nhmsg`, NHA_*).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::NexthopBucket,
    noun: "nexthop bucket",
    new_type: RTM_NEWNEXTHOPBUCKET,
    del_type: RTM_DELNEXTHOPBUCKET,
    get_type: RTM_GETNEXTHOPBUCKET,
    last_type: RTM_GETNEXTHOPBUCKET,
    header_len: NexthopHeader::LEN,
    read_header: |b| Body::Nexthop(NexthopHeader::read(b)),
    attrs: &NHA,
    fields: &["family", "scope", "protocol", "resvd", "flags"],
    // The kernel announces bucket migrations to no group (only dumps).
    groups: &[],
    has_body: |b| matches!(b, Body::Nexthop(_)),
    identity,
    dump_header: |s| {
        let h = NexthopHeader {
            family: s.family,
            ..NexthopHeader::default()
        };
        // nh_valid_dump_bucket_req takes NHA_OIF, NHA_MASTER, NHA_ID and
        // NHA_RES_BUCKET.
        DumpHeader::fixed(h.to_bytes().to_vec())
            .with(NHA_OIF, s.ifindex)
            .with(NHA_MASTER, s.master)
    },
    dump_each: super::DumpEach::All,
    bsd: OnBsd::Absent("the BSDs have no resilient nexthop groups"),
};

/// A bucket is its group's id and its index in the group.
fn identity(m: &Message) -> String {
    let group = m.get(&NHA_ID).and_then(Value::as_u32).unwrap_or(0);
    let index = m
        .get(&NHA_RES_BUCKET)
        .and_then(Value::as_nested)
        .and_then(|b| find_key(b, &NHA_RES_BUCKET_INDEX))
        .and_then(Value::as_u64)
        .unwrap_or(0);
    format!("{group} {index}")
}
