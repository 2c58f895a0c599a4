//! Attribute values: the typed payloads of normalized attributes.
//!
//! Common payloads (integers, IP addresses, link-layer addresses) are stored
//! inline so that decoding a route allocates nothing but its attribute list.

use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;

use serde::ser::{SerializeMap, SerializeSeq, SerializeTuple};
use serde::{Serialize, Serializer};

use super::attrs::Key;

/// Longest link-layer address the kernel carries (`MAX_ADDR_LEN`).
pub const MAX_LLADDR_LEN: usize = 32;

/// A link-layer (hardware) address, printed as lowercase `aa:bb:cc:dd:ee:ff`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct LinkAddr {
    len: u8,
    bytes: [u8; MAX_LLADDR_LEN],
}

impl LinkAddr {
    /// Returns `None` when `bytes` is longer than any link-layer address.
    pub fn new(bytes: &[u8]) -> Option<LinkAddr> {
        if bytes.len() > MAX_LLADDR_LEN {
            return None;
        }
        let mut out = [0u8; MAX_LLADDR_LEN];
        out[..bytes.len()].copy_from_slice(bytes);
        Some(LinkAddr {
            len: bytes.len() as u8,
            bytes: out,
        })
    }

    /// The address's bytes, as many as it has.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }

    /// Parses `aa:bb:cc:dd:ee:ff` (any number of octets, `:` or `-` separated).
    pub fn parse(text: &str) -> Option<LinkAddr> {
        let mut out = Vec::with_capacity(6);
        for part in text.split([':', '-']) {
            if part.is_empty() || part.len() > 2 {
                return None;
            }
            out.push(u8::from_str_radix(part, 16).ok()?);
        }
        LinkAddr::new(&out)
    }
}

impl fmt::Display for LinkAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.as_bytes().iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// `"02:00:00:00:00:09".parse::<LinkAddr>()`.
impl std::str::FromStr for LinkAddr {
    type Err = super::error::Error;

    fn from_str(text: &str) -> Result<LinkAddr, Self::Err> {
        LinkAddr::parse(text).ok_or_else(|| {
            super::error::Error::invalid(
                format!("link-layer address {text:?}"),
                "expected hex octets separated by ':' or '-', at most 32",
            )
        })
    }
}

/// As its text, `aa:bb:cc:dd:ee:ff` (the JSON form of every message).
impl Serialize for LinkAddr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Debug for LinkAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LinkAddr({self})")
    }
}

/// The value of one normalized attribute (or of one field of a decoded struct).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// A zero-length attribute whose presence is the information.
    Flag,
    /// An unsigned 8-bit integer.
    U8(u8),
    /// An unsigned 16-bit integer.
    U16(u16),
    /// An unsigned 32-bit integer.
    U32(u32),
    /// An unsigned 64-bit integer.
    U64(u64),
    /// A signed 32-bit integer.
    I32(i32),
    /// Text.
    Str(String),
    /// An IPv4 or IPv6 address.
    Ip(IpAddr),
    /// A link-layer (hardware) address.
    LinkAddr(LinkAddr),
    /// Bytes not decoded (yet): kept, never dropped; printed as lowercase hex.
    Bytes(Vec<u8>),
    /// A nested attribute list, printed as `[["NAME", value], ...]`.
    Nested(Vec<Attr>),
    /// A fixed C struct, printed as a JSON object with the kernel's field names.
    Struct(Vec<(&'static str, Value)>),
    /// A sequence of values (multipath nexthops, address lists, ...).
    List(Vec<Value>),
}

impl Value {
    /// The value as an unsigned integer, when it is one.
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Value::U8(v) => Some(v.into()),
            Value::U16(v) => Some(v.into()),
            Value::U32(v) => Some(v.into()),
            Value::U64(v) => Some(v),
            Value::I32(v) => u64::try_from(v).ok(),
            _ => None,
        }
    }

    /// The value as a signed integer, when it is an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Value::I32(v) => Some(v.into()),
            _ => self.as_u64().and_then(|v| i64::try_from(v).ok()),
        }
    }

    /// The value as a `u32`, when it is an integer that fits.
    pub fn as_u32(&self) -> Option<u32> {
        self.as_u64().and_then(|v| u32::try_from(v).ok())
    }

    /// The text, when the value is a `Str`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The address, when the value is an `Ip`.
    pub fn as_ip(&self) -> Option<IpAddr> {
        match self {
            Value::Ip(ip) => Some(*ip),
            _ => None,
        }
    }

    /// The address, when the value is a `LinkAddr`.
    pub fn as_link_addr(&self) -> Option<LinkAddr> {
        match self {
            Value::LinkAddr(a) => Some(*a),
            _ => None,
        }
    }

    /// The attributes, when the value is `Nested`.
    pub fn as_nested(&self) -> Option<&[Attr]> {
        match self {
            Value::Nested(a) => Some(a),
            _ => None,
        }
    }

    /// A field of a `Struct` value by name.
    pub fn field(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Struct(fields) => fields.iter().find(|(n, _)| *n == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Loose equality used by `match=` style filters: integers compare by
    /// value whatever their width, everything else by its text form.
    pub fn loosely_equals(&self, other: &Value) -> bool {
        match (self.as_u64(), other.as_u64()) {
            (Some(a), Some(b)) => a == b,
            _ => self == other || self.to_text() == other.to_text(),
        }
    }

    /// The text form used by human output and by filters.
    pub fn to_text(&self) -> Cow<'_, str> {
        match self {
            Value::Str(s) => Cow::Borrowed(s),
            other => Cow::Owned(other.to_string()),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Flag => f.write_str("true"),
            Value::U8(v) => write!(f, "{v}"),
            Value::U16(v) => write!(f, "{v}"),
            Value::U32(v) => write!(f, "{v}"),
            Value::U64(v) => write!(f, "{v}"),
            Value::I32(v) => write!(f, "{v}"),
            Value::Str(s) => f.write_str(s),
            Value::Ip(ip) => write!(f, "{ip}"),
            Value::LinkAddr(a) => write!(f, "{a}"),
            Value::Bytes(b) => write_hex(f, b),
            other => f.write_str(&serde_json::to_string(other).map_err(|_| fmt::Error)?),
        }
    }
}

pub(crate) fn write_hex(out: &mut impl fmt::Write, bytes: &[u8]) -> fmt::Result {
    for b in bytes {
        write!(out, "{b:02x}")?;
    }
    Ok(())
}

/// Lowercase hex of `bytes`, no separators.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    let _ = write_hex(&mut s, bytes);
    s
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Flag => s.serialize_bool(true),
            Value::U8(v) => s.serialize_u8(*v),
            Value::U16(v) => s.serialize_u16(*v),
            Value::U32(v) => s.serialize_u32(*v),
            Value::U64(v) => s.serialize_u64(*v),
            Value::I32(v) => s.serialize_i32(*v),
            Value::Str(v) => s.serialize_str(v),
            Value::Ip(_) | Value::LinkAddr(_) | Value::Bytes(_) => s.collect_str(self),
            Value::Nested(attrs) => attrs.serialize(s),
            Value::Struct(fields) => {
                let mut map = s.serialize_map(Some(fields.len()))?;
                for (name, value) in fields {
                    map.serialize_entry(name, value)?;
                }
                map.end()
            }
            Value::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
        }
    }
}

/// One normalized attribute: the kernel's name, its numeric type, its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Attr {
    /// `IFLA_IFNAME`, `RTA_GATEWAY`, ... or `<PREFIX>_UNKNOWN_<n>` for types we have no name for.
    pub name: Cow<'static, str>,
    /// The numeric attribute type (flag bits such as NLA_F_NESTED removed).
    pub kind: u16,
    /// The attribute's decoded payload.
    pub value: Value,
}

impl Attr {
    /// An attribute from its name, numeric type and value.
    pub fn new(name: &'static str, kind: u16, value: Value) -> Attr {
        Attr {
            name: Cow::Borrowed(name),
            kind,
            value,
        }
    }

    /// The attribute `key` names, with its registered number and name.
    pub fn of(key: &Key, value: Value) -> Attr {
        Attr::new(key.name, key.number, value)
    }

    /// Whether this is the attribute `key` names (number and name).
    pub fn is(&self, key: &Key) -> bool {
        self.kind == key.number && self.name == key.name
    }
}

/// Serialized as the pair `["NAME", value]`, as pyroute2 prints it.
impl Serialize for Attr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut t = s.serialize_tuple(2)?;
        t.serialize_element(&*self.name)?;
        t.serialize_element(&self.value)?;
        t.end()
    }
}

/// Finds the first attribute called `name` in an attribute list.
pub fn find_attr<'a>(attrs: &'a [Attr], name: &str) -> Option<&'a Value> {
    attrs.iter().find(|a| a.name == name).map(|a| &a.value)
}

/// Finds the first attribute `key` names in an attribute list.
pub fn find_key<'a>(attrs: &'a [Attr], key: &Key) -> Option<&'a Value> {
    attrs.iter().find(|a| a.is(key)).map(|a| &a.value)
}

/// A number as C's `%g` prints it: six significant digits, trailing zeros
/// dropped, an exponent from 1e6 up (and below 1e-4).
pub fn general(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let exponent = v.abs().log10().floor() as i32;
    let trim = |s: String| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s
        }
    };
    if !(-4..6).contains(&exponent) {
        let mantissa = v / 10f64.powi(exponent);
        let sign = if exponent < 0 { '-' } else { '+' };
        return format!(
            "{}e{sign}{:02}",
            trim(format!("{mantissa:.5}")),
            exponent.abs()
        );
    }
    let decimals = (5 - exponent).max(0) as usize;
    trim(format!("{v:.decimals$}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::attrs::*;

    #[test]
    fn link_addr_round_trips_through_text() {
        let a = LinkAddr::parse("AA:bb:0c:dd:ee:0f").unwrap();
        assert_eq!(a.to_string(), "aa:bb:0c:dd:ee:0f");
        assert_eq!(a.as_bytes(), &[0xaa, 0xbb, 0x0c, 0xdd, 0xee, 0x0f]);
        assert!(LinkAddr::parse("aa::bb").is_none());
        assert!(LinkAddr::new(&[0; 33]).is_none());
        let parsed: LinkAddr = "02-00-00-00-00-09".parse().unwrap();
        assert_eq!(parsed.to_string(), "02:00:00:00:00:09");
        let e = "02:zz".parse::<LinkAddr>().unwrap_err().to_string();
        assert!(e.contains("02:zz"), "{e}");
        assert_eq!(
            serde_json::to_string(&parsed).unwrap(),
            "\"02:00:00:00:00:09\""
        );
    }

    #[test]
    fn values_serialize_in_pyroute2_shape() {
        let v = Value::Nested(vec![
            Attr::of(&IFLA_INFO_KIND, Value::Str("veth".into())),
            Attr::new("X", 2, Value::Bytes(vec![0xde, 0xad])),
            Attr::new("Y", 3, Value::Struct(vec![("a", Value::U32(1))])),
        ]);
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"[["IFLA_INFO_KIND","veth"],["X","dead"],["Y",{"a":1}]]"#
        );
    }

    #[test]
    fn loose_equality_ignores_integer_width() {
        assert!(Value::U8(4).loosely_equals(&Value::U32(4)));
        assert!(!Value::U8(4).loosely_equals(&Value::U32(5)));
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        assert!(Value::Ip(ip).loosely_equals(&Value::Str("10.0.0.1".into())));
    }
}
