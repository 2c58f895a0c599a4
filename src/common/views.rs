//! Typed views over normalized messages: plain Rust types for the fields
//! people use most, read from the same `Message` every backend emits.

use std::net::IpAddr;

use super::attrs::*;
use super::message::{Body, Message};
use super::value::Value;

pub use super::kinds::all_views::*;

pub(crate) fn attr_u32(m: &Message, key: &Key) -> Option<u32> {
    m.get(key).and_then(Value::as_u32)
}

pub(crate) fn attr_ip(m: &Message, key: &Key) -> Option<IpAddr> {
    m.get(key).and_then(Value::as_ip)
}

pub(crate) fn attr_string(m: &Message, key: &Key) -> Option<String> {
    m.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// `ADDR/LEN`, the bare address for a host-length prefix, or `default`, as
/// `ip` prints a destination or selector.
pub(crate) fn prefix_text(addr: Option<IpAddr>, len: u8) -> String {
    match addr {
        None if len == 0 => "default".to_owned(),
        None => format!("0/{len}"),
        Some(a) if u32::from(len) == if a.is_ipv4() { 32 } else { 128 } => a.to_string(),
        Some(a) => format!("{a}/{len}"),
    }
}

/// A table as `ip` names it (`main`, `local`, `default`, or its number).
pub(crate) fn table_text(table: u32) -> String {
    crate::common::constants::table_name(table).map_or_else(|| table.to_string(), str::to_owned)
}

/// The table of a route or rule message: the 32-bit attribute when present,
/// else the 8-bit header field.
pub fn route_table(m: &Message) -> Option<u32> {
    match &m.body {
        Body::Route(h) => Some(attr_u32(m, &RTA_TABLE).unwrap_or(h.table.into())),
        Body::Rule(h) => Some(attr_u32(m, &FRA_TABLE).unwrap_or(h.table.into())),
        _ => None,
    }
}
