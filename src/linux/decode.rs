//! Decoding rtnetlink messages into normalized `Message`s.
//!
//! Pure code, compiled on every OS. Structural faults (lengths that lie,
//! nested attributes that overrun their parent) are errors for the message;
//! a payload whose size does not fit its attribute's type is kept as raw
//! bytes, so an attribute is never lost.

use crate::common::attrs::*;
use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::wire::{Attrs, NLMSG_HDRLEN, NlHeader, RawMessage, u16_at, u32_at, u64_at};
use crate::common::attrs::{self, Field, Kind, Special, Table, Width};
use crate::common::constants::*;
use crate::common::error::{DecodeError, errno_text};
use crate::common::kinds::{self, KindInfo};
use crate::common::message::*;
use crate::common::value::{Attr, LinkAddr, Value};

/// Nesting deeper than this is kept as raw bytes (tables refer to
/// themselves, e.g. IFLA_PROP_LIST, so hostile input could recurse forever).
const MAX_DEPTH: u8 = 8;

#[derive(Clone, Copy)]
struct Ctx {
    family: u8,
    depth: u8,
}

/// `sizeof(struct ifinfomsg)`, which also heads IFLA_VF_PORT-style nests.
const IFINFOMSG_LEN: usize = LinkHeader::LEN;

/// Decodes one framed message.
pub fn decode_message(raw: &RawMessage<'_>) -> Result<Message, DecodeError> {
    let mut msg = Message::empty();
    decode_message_into(raw, &mut msg)?;
    Ok(msg)
}

/// Decodes one framed message into `msg`, reusing its attribute vector: a
/// dump decoded this way allocates nothing per message whose attributes are
/// numbers and addresses. On error `msg` holds a partial decode.
pub fn decode_message_into(raw: &RawMessage<'_>, msg: &mut Message) -> Result<(), DecodeError> {
    let h = &raw.header;
    msg.header = Header {
        length: h.len,
        kind: h.kind,
        flags: h.flags,
        sequence_number: h.seq,
        pid: h.pid,
        error: None,
    };
    msg.event = message_type_name(h.kind);
    msg.attrs.clear();
    let base = raw.offset + NLMSG_HDRLEN;
    msg.body = match h.kind {
        NLMSG_ERROR | NLMSG_DONE => {
            let status = decode_status(h, raw.payload, base)?;
            if status.errno != 0 {
                msg.header.error = Some(HeaderError {
                    errno: status.errno,
                    message: status
                        .ext_ack
                        .clone()
                        .unwrap_or_else(|| errno_text(status.errno).to_string()),
                });
            }
            msg.attrs = status.attrs;
            Body::None
        }
        NLMSG_NOOP | NLMSG_OVERRUN => Body::None,
        kind => decode_body_into(kind, raw.payload, base, &mut msg.attrs)?,
    };
    Ok(())
}

/// Decodes the payload (fixed header and attributes) of an rtnetlink
/// message of type `kind`, for captures that carry no netlink header.
pub fn decode_body(
    kind: u16,
    payload: &[u8],
    base: usize,
) -> Result<(Body, Vec<Attr>), DecodeError> {
    let mut attrs = Vec::new();
    let body = decode_body_into(kind, payload, base, &mut attrs)?;
    Ok((body, attrs))
}

/// What a message type's fixed header is: one of the registered kinds
/// (`common::kinds`, which reads it), or a multicast membership
/// (RTM_NEWMULTICAST), an address header that is no kind of its own.
#[derive(Clone, Copy)]
enum Family {
    Kind(&'static KindInfo),
    Multicast,
}

impl Family {
    fn of(kind: u16) -> Option<Family> {
        if (RTM_NEWMULTICAST..=RTM_GETMULTICAST).contains(&kind) {
            return Some(Family::Multicast);
        }
        kinds::of_type(kind).map(Family::Kind)
    }

    /// The length of the fixed header (`struct ifinfomsg`, ...).
    fn header_len(self) -> usize {
        match self {
            Family::Kind(k) => k.header_len,
            Family::Multicast => AddressHeader::LEN,
        }
    }

    /// The fixed header, and the attribute family that follows it.
    fn header(self, head: &[u8]) -> (Body, &'static Table) {
        match self {
            Family::Kind(k) => ((k.read_header)(head), k.attrs),
            Family::Multicast => (Body::Multicast(AddressHeader::read(head)), &attrs::IFA),
        }
    }
}

/// [`decode_body`], appending the attributes to `out`.
fn decode_body_into(
    kind: u16,
    payload: &[u8],
    base: usize,
    out: &mut Vec<Attr>,
) -> Result<Body, DecodeError> {
    let Some(family) = Family::of(kind) else {
        return Ok(Body::Raw(payload.to_vec()));
    };
    let fixed = family.header_len();
    // Old-style GET requests carry only `struct rtgenmsg` (the family byte):
    // read them as a zero-filled header rather than failing.
    let is_get = matches!(
        kind,
        RTM_GETLINK | RTM_GETADDR | RTM_GETROUTE | RTM_GETNEIGH | RTM_GETRULE | RTM_GETMULTICAST
    );
    let mut padded = [0u8; IFINFOMSG_LEN];
    let head: &[u8] = if payload.len() >= fixed {
        &payload[..fixed]
    } else if is_get {
        padded[..payload.len()].copy_from_slice(payload);
        &padded[..fixed]
    } else {
        return Err(DecodeError::truncated(
            format!("{} fixed header", message_type_name(kind)),
            base,
            fixed,
            payload.len(),
        ));
    };
    let rest = payload.get(fixed..).unwrap_or(&[]);
    let ctx = Ctx {
        family: head[0],
        depth: 0,
    };
    let (body, table) = family.header(head);
    decode_attrs_into(rest, base + fixed, table, ctx, out)?;
    Ok(body)
}

/// What an NLMSG_ERROR or NLMSG_DONE carries.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Status {
    /// Positive errno; 0 for an ACK or a clean DONE.
    pub errno: i32,
    /// NLMSGERR_ATTR_MSG, the kernel's extended-ACK text.
    pub ext_ack: Option<String>,
    /// The header of the request this answers (NLMSG_ERROR only).
    pub request: Option<NlHeader>,
    /// Extended-ACK attributes, decoded.
    pub attrs: Vec<Attr>,
}

/// Decodes the status word and extended-ACK TLVs of NLMSG_ERROR / NLMSG_DONE.
pub fn decode_status(h: &NlHeader, payload: &[u8], base: usize) -> Result<Status, DecodeError> {
    if payload.is_empty() && h.kind == NLMSG_DONE {
        return Ok(Status::default()); // some old kernels send DONE with no payload
    }
    if payload.len() < 4 {
        return Err(DecodeError::truncated(
            "netlink status",
            base,
            4,
            payload.len(),
        ));
    }
    let code = u32_at(payload, 0) as i32;
    let mut status = Status {
        errno: code.checked_neg().unwrap_or(i32::MAX).max(0),
        ..Status::default()
    };
    let mut tlv_start = 4;
    if h.kind == NLMSG_ERROR {
        if payload.len() < 4 + NLMSG_HDRLEN {
            return Err(DecodeError::truncated(
                "NLMSG_ERROR request header",
                base + 4,
                NLMSG_HDRLEN,
                payload.len() - 4,
            ));
        }
        let orig = NlHeader::parse(&payload[4..]);
        status.request = Some(orig);
        tlv_start = if h.flags & NLM_F_CAPPED != 0 {
            4 + NLMSG_HDRLEN
        } else {
            4 + super::wire::align4(orig.len as usize)
        };
    }
    if h.flags & NLM_F_ACK_TLVS != 0 && tlv_start <= payload.len() {
        let ctx = Ctx {
            family: 0,
            depth: 0,
        };
        status.attrs = decode_attrs(
            &payload[tlv_start..],
            base + tlv_start,
            &attrs::NLMSGERR,
            ctx,
        )?;
        status.ext_ack = status
            .attrs
            .iter()
            .find(|a| a.name == "NLMSGERR_ATTR_MSG")
            .and_then(|a| a.value.as_str())
            .map(str::to_owned);
    }
    Ok(status)
}

fn decode_attrs(
    buf: &[u8],
    base: usize,
    table: &Table,
    ctx: Ctx,
) -> Result<Vec<Attr>, DecodeError> {
    let mut out = Vec::with_capacity((buf.len() / 8).min(64));
    decode_attrs_into(buf, base, table, ctx, &mut out)?;
    Ok(out)
}

fn decode_attrs_into(
    buf: &[u8],
    base: usize,
    table: &Table,
    ctx: Ctx,
    out: &mut Vec<Attr>,
) -> Result<(), DecodeError> {
    for raw in Attrs::new(buf, base) {
        let raw = raw?;
        let (name, value) = match table.get(raw.kind) {
            Some(spec) => {
                // Numbers and addresses, most of any dump, decode inline;
                // everything else (and every size mismatch) goes the long way.
                let value = match (spec.kind, raw.payload.len()) {
                    (Kind::U32, 4) => Value::U32(u32_at(raw.payload, 0)),
                    (Kind::U8, 1) => Value::U8(raw.payload[0]),
                    (Kind::Ip, 4) if ctx.family != AF_MPLS => {
                        let a: [u8; 4] = *raw.payload.first_chunk().expect("length checked");
                        Value::Ip(IpAddr::V4(Ipv4Addr::from(a)))
                    }
                    _ => decode_value(spec.kind, raw.payload, raw.offset + 4, ctx)
                        .map_err(|e| attribute_error(spec.name, e))?,
                };
                (Cow::Borrowed(spec.name), value)
            }
            None => (
                Cow::Owned(format!("{}_UNKNOWN_{}", table.prefix, raw.kind)),
                Value::Bytes(raw.payload.to_vec()),
            ),
        };
        out.push(Attr {
            name,
            kind: raw.kind,
            value,
        });
    }
    Ok(())
}

#[cold]
fn attribute_error(name: &str, e: DecodeError) -> DecodeError {
    DecodeError::new(format!("attribute {name}"), e.offset, e.reason)
}

fn text(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..end]).into_owned()
}

fn ip(b: &[u8]) -> Option<IpAddr> {
    match b.len() {
        4 => Some(IpAddr::V4(Ipv4Addr::new(b[0], b[1], b[2], b[3]))),
        16 => {
            let mut a = [0u8; 16];
            a.copy_from_slice(b);
            Some(IpAddr::V6(Ipv6Addr::from(a)))
        }
        _ => None,
    }
}

fn uint(b: &[u8]) -> Option<Value> {
    Some(match b.len() {
        1 => Value::U8(b[0]),
        2 => Value::U16(u16_at(b, 0)),
        4 => Value::U32(u32_at(b, 0)),
        8 => Value::U64(u64_at(b, 0)),
        _ => return None,
    })
}

fn decode_value(kind: Kind, b: &[u8], off: usize, ctx: Ctx) -> Result<Value, DecodeError> {
    let raw = || Value::Bytes(b.to_vec());
    let v = match kind {
        Kind::Bytes => raw(),
        Kind::Flag => Value::Flag,
        Kind::U8 if b.len() == 1 => Value::U8(b[0]),
        Kind::U16 if b.len() == 2 => Value::U16(u16_at(b, 0)),
        Kind::U32 if b.len() == 4 => Value::U32(u32_at(b, 0)),
        Kind::U64 if b.len() == 8 => Value::U64(u64_at(b, 0)),
        Kind::I32 if b.len() == 4 => Value::I32(u32_at(b, 0) as i32),
        Kind::UInt => uint(b).unwrap_or_else(raw),
        Kind::Be16 if b.len() == 2 => Value::U16(u16::from_be_bytes([b[0], b[1]])),
        Kind::Be32 if b.len() == 4 => Value::U32(u32::from_be_bytes([b[0], b[1], b[2], b[3]])),
        Kind::Str => Value::Str(text(b)),
        Kind::Ip if ctx.family == AF_MPLS => mpls_labels(b).unwrap_or_else(raw),
        Kind::Ip => ip(b).map(Value::Ip).unwrap_or_else(raw),
        Kind::LinkAddr => LinkAddr::new(b).map(Value::LinkAddr).unwrap_or_else(raw),
        Kind::Struct(fields) => decode_struct(fields, b).unwrap_or_else(raw),
        Kind::U32Array(names) => u32_array(names, b),
        Kind::U64Array(_) => Value::List(
            b.as_chunks::<8>()
                .0
                .iter()
                .map(|c| Value::U64(u64::from_ne_bytes(*c)))
                .collect(),
        ),
        Kind::Nested(_) | Kind::Special(_) if ctx.depth >= MAX_DEPTH => raw(),
        Kind::Nested(table) => Value::Nested(decode_attrs(b, off, table, ctx.deeper())?),
        Kind::Special(sp) => decode_special(sp, b, off, ctx)?,
        // A fixed-width type whose payload has another size: keep the bytes.
        _ => raw(),
    };
    Ok(v)
}

impl Ctx {
    fn deeper(self) -> Ctx {
        Ctx {
            depth: self.depth + 1,
            ..self
        }
    }
}

fn decode_struct(fields: &'static [Field], b: &[u8]) -> Option<Value> {
    let mut out = Vec::with_capacity(fields.len());
    let mut pos = 0;
    for field in fields {
        let size = match field.width {
            Width::U8 => 1,
            Width::U16 => 2,
            Width::U32 | Width::I32 => 4,
            Width::U64 => 8,
            Width::Pad(n) => n,
        };
        if pos + size > b.len() {
            break; // older kernels send shorter structs
        }
        let v = match field.width {
            Width::U8 => Value::U8(b[pos]),
            Width::U16 => Value::U16(u16_at(b, pos)),
            Width::U32 => Value::U32(u32_at(b, pos)),
            Width::I32 => Value::I32(u32_at(b, pos) as i32),
            Width::U64 => Value::U64(u64_at(b, pos)),
            Width::Pad(_) => {
                pos += size;
                continue;
            }
        };
        out.push((field.name, v));
        pos += size;
    }
    if out.is_empty() && !b.is_empty() {
        return None;
    }
    Some(Value::Struct(out))
}

fn u32_array(names: &'static [&'static str], b: &[u8]) -> Value {
    let values: Vec<u32> = b
        .as_chunks::<4>()
        .0
        .iter()
        .map(|c| u32::from_ne_bytes(*c))
        .collect();
    let mut out: Vec<(&'static str, Value)> = names
        .iter()
        .zip(&values)
        .map(|(n, v)| (*n, Value::U32(*v)))
        .collect();
    if values.len() > names.len() {
        let extra = values[names.len()..]
            .iter()
            .map(|v| Value::U32(*v))
            .collect();
        out.push(("unnamed", Value::List(extra)));
    }
    Value::Struct(out)
}

fn mpls_labels(b: &[u8]) -> Option<Value> {
    if b.is_empty() || !b.len().is_multiple_of(4) {
        return None;
    }
    Some(Value::List(
        b.as_chunks::<4>()
            .0
            .iter()
            .map(|c| Value::U32(u32::from_be_bytes(*c) >> 12))
            .collect(),
    ))
}

fn decode_special(sp: Special, b: &[u8], off: usize, ctx: Ctx) -> Result<Value, DecodeError> {
    let raw = || Value::Bytes(b.to_vec());
    let inner = ctx.deeper();
    Ok(match sp {
        Special::OperState if b.len() == 1 => Value::Str(operstate_name(b[0]).to_string()),
        Special::OperState => raw(),
        Special::LinkInfo => decode_linkinfo(b, off, inner)?,
        Special::AfSpec => decode_af_spec(b, off, inner)?,
        Special::ProtInfo => match ctx.family {
            AF_BRIDGE => Value::Nested(decode_attrs(b, off, &attrs::IFLA_BRPORT, inner)?),
            AF_INET6 => Value::Nested(decode_attrs(b, off, &attrs::IFLA_INET6, inner)?),
            _ => raw(),
        },
        Special::Multipath => decode_multipath(b, off, inner)?,
        Special::Via => {
            if b.len() < 2 {
                return Ok(raw());
            }
            let addr = &b[2..];
            Value::Struct(vec![
                ("family", Value::U16(u16_at(b, 0))),
                (
                    "addr",
                    ip(addr)
                        .map(Value::Ip)
                        .unwrap_or_else(|| Value::Bytes(addr.to_vec())),
                ),
            ])
        }
        Special::BridgeId if b.len() == 8 => Value::Struct(vec![
            ("prio", Value::U16(u16::from_be_bytes([b[0], b[1]]))),
            (
                "addr",
                Value::LinkAddr(LinkAddr::new(&b[2..]).expect("6 bytes")),
            ),
        ]),
        Special::BridgeId => raw(),
        Special::VethPeer => {
            if b.len() < IFINFOMSG_LEN {
                return Ok(raw());
            }
            let peer_ctx = Ctx {
                family: b[0],
                ..inner
            };
            Value::Struct(vec![
                ("family", Value::U8(b[0])),
                ("ifi_type", Value::U16(u16_at(b, 2))),
                ("index", Value::U32(u32_at(b, 4))),
                ("flags", Value::U32(u32_at(b, 8))),
                ("change", Value::U32(u32_at(b, 12))),
                (
                    "attrs",
                    Value::Nested(decode_attrs(
                        &b[IFINFOMSG_LEN..],
                        off + IFINFOMSG_LEN,
                        &attrs::IFLA,
                        peer_ctx,
                    )?),
                ),
            ])
        }
        Special::VlanFlags if b.len() == 8 => Value::Struct(vec![
            ("flags", Value::U32(u32_at(b, 0))),
            ("mask", Value::U32(u32_at(b, 4))),
        ]),
        Special::VlanFlags => raw(),
        Special::VlanQos => Value::Nested(decode_attrs(b, off, &attrs::IFLA_VLAN_QOS, inner)?),
        Special::MplsLabels => mpls_labels(b).unwrap_or_else(raw),
    })
}

/// IFLA_LINKINFO: IFLA_INFO_DATA is read with the table of IFLA_INFO_KIND.
fn decode_linkinfo(b: &[u8], off: usize, ctx: Ctx) -> Result<Value, DecodeError> {
    let mut kind = None;
    let mut slave_kind = None;
    for raw in Attrs::new(b, off) {
        let raw = raw?;
        match raw.kind {
            k if k == IFLA_INFO_KIND.number => kind = Some(text(raw.payload)),
            k if k == IFLA_INFO_SLAVE_KIND.number => slave_kind = Some(text(raw.payload)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for raw in Attrs::new(b, off) {
        let raw = raw?; // already checked above, cannot fail now
        let data_table = match raw.kind {
            k if k == IFLA_INFO_DATA.number => kind.as_deref().and_then(attrs::info_data_table),
            k if k == IFLA_INFO_SLAVE_DATA.number => {
                slave_kind.as_deref().and_then(attrs::slave_data_table)
            }
            _ => None,
        };
        let (name, value) = match (attrs::IFLA_INFO.get(raw.kind), data_table) {
            (Some(spec), Some(table)) => (
                Cow::Borrowed(spec.name),
                Value::Nested(decode_attrs(
                    raw.payload,
                    raw.offset + 4,
                    table,
                    ctx.deeper(),
                )?),
            ),
            (Some(spec), None) => (
                Cow::Borrowed(spec.name),
                decode_value(spec.kind, raw.payload, raw.offset + 4, ctx)?,
            ),
            (None, _) => (
                Cow::Owned(format!("IFLA_INFO_UNKNOWN_{}", raw.kind)),
                Value::Bytes(raw.payload.to_vec()),
            ),
        };
        out.push(Attr {
            name,
            kind: raw.kind,
            value,
        });
    }
    Ok(Value::Nested(out))
}

/// IFLA_AF_SPEC: per-family nests keyed by family number; in AF_BRIDGE
/// messages it holds IFLA_BRIDGE_* attributes directly.
fn decode_af_spec(b: &[u8], off: usize, ctx: Ctx) -> Result<Value, DecodeError> {
    if ctx.family == AF_BRIDGE {
        return Ok(Value::Nested(decode_attrs(
            b,
            off,
            &attrs::IFLA_BRIDGE,
            ctx,
        )?));
    }
    let mut out = Vec::new();
    for raw in Attrs::new(b, off) {
        let raw = raw?;
        let (name, value): (Cow<'static, str>, Value) = match raw.kind {
            k if k == u16::from(AF_INET) => (
                "AF_INET".into(),
                Value::Nested(decode_attrs(
                    raw.payload,
                    raw.offset + 4,
                    &attrs::IFLA_INET,
                    ctx.deeper(),
                )?),
            ),
            k if k == u16::from(AF_INET6) => (
                "AF_INET6".into(),
                Value::Nested(decode_attrs(
                    raw.payload,
                    raw.offset + 4,
                    &attrs::IFLA_INET6,
                    ctx.deeper(),
                )?),
            ),
            _ => (
                format!("AF_{}", raw.kind).into(),
                Value::Bytes(raw.payload.to_vec()),
            ),
        };
        out.push(Attr {
            name,
            kind: raw.kind,
            value,
        });
    }
    Ok(Value::Nested(out))
}

/// RTA_MULTIPATH: a run of `struct rtnexthop`, each followed by its own RTA_* attributes.
fn decode_multipath(b: &[u8], off: usize, ctx: Ctx) -> Result<Value, DecodeError> {
    const RTNH_LEN: usize = 8;
    let mut hops = Vec::new();
    let mut pos = 0;
    while b.len() - pos >= RTNH_LEN {
        let len = u16_at(b, pos) as usize;
        if len < RTNH_LEN || len > b.len() - pos {
            return Err(DecodeError::new(
                "rtnexthop",
                off + pos,
                format!(
                    "rtnh_len {len} is invalid with {} bytes left",
                    b.len() - pos
                ),
            ));
        }
        let attrs = decode_attrs(
            &b[pos + RTNH_LEN..pos + len],
            off + pos + RTNH_LEN,
            &attrs::RTA,
            ctx,
        )?;
        hops.push(Value::Struct(vec![
            ("flags", Value::U8(b[pos + 2])),
            ("hops", Value::U8(b[pos + 3])),
            ("oif", Value::U32(u32_at(b, pos + 4))),
            ("attrs", Value::Nested(attrs)),
        ]));
        pos += super::wire::align4(len);
        if pos > b.len() {
            break;
        }
    }
    Ok(Value::List(hops))
}

#[cfg(test)]
mod tests {
    use super::super::wire::{Messages, put_attr};
    use super::*;

    fn frame(kind: u16, flags: u16, body: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        NlHeader {
            len: (NLMSG_HDRLEN + body.len()) as u32,
            kind,
            flags,
            seq: 1,
            pid: 0,
        }
        .write(&mut out);
        out.extend_from_slice(body);
        out
    }

    fn decode_one(buf: &[u8]) -> Result<Message, DecodeError> {
        let raw = Messages::new(buf).next().unwrap()?;
        decode_message(&raw)
    }

    #[test]
    fn decodes_a_route_with_multipath() {
        let mut body = vec![
            AF_INET,
            24,
            0,
            0,
            254,
            RTPROT_STATIC,
            0,
            RTN_UNICAST,
            0,
            0,
            0,
            0,
        ];
        put_attr(&mut body, 15, &254u32.to_ne_bytes());
        put_attr(&mut body, 1, &[10, 1, 0, 0]);
        let mut hops = Vec::new();
        for (oif, gw, weight) in [(3u32, [10, 0, 0, 2], 0u8), (4, [10, 0, 1, 2], 4)] {
            let mut gw_attr = Vec::new();
            put_attr(&mut gw_attr, 5, &gw);
            hops.extend_from_slice(&((8 + gw_attr.len()) as u16).to_ne_bytes());
            hops.extend_from_slice(&[0, weight]);
            hops.extend_from_slice(&oif.to_ne_bytes());
            hops.extend(gw_attr);
        }
        put_attr(&mut body, 9, &hops);
        let m = decode_one(&frame(RTM_NEWROUTE, 2, &body)).unwrap();
        let r = crate::common::views::Route::from_message(&m).unwrap();
        assert_eq!(r.dst, Some("10.1.0.0".parse().unwrap()));
        assert_eq!((r.dst_len, r.table, r.proto), (24, 254, RTPROT_STATIC));
        assert_eq!(r.nexthops.len(), 2);
        assert_eq!(r.nexthops[1].oif, 4);
        assert_eq!(r.nexthops[1].weight, 5);
        assert_eq!(r.nexthops[1].gateway, Some("10.0.1.2".parse().unwrap()));
    }

    #[test]
    fn error_message_carries_errno_and_ext_ack() {
        let mut body = (-(libc::EEXIST)).to_ne_bytes().to_vec();
        let mut req = Vec::new();
        NlHeader {
            len: 16,
            kind: RTM_NEWADDR,
            flags: 5,
            seq: 9,
            pid: 0,
        }
        .write(&mut req);
        body.extend(req);
        put_attr(&mut body, 1, b"Address already assigned\0");
        let m = decode_one(&frame(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS, &body)).unwrap();
        let e = m.header.error.unwrap();
        assert_eq!(e.errno, libc::EEXIST);
        assert_eq!(e.message, "Address already assigned");
        assert_eq!(m.event, "NLMSG_ERROR");
    }

    #[test]
    fn nested_attribute_overrunning_its_parent_is_an_error() {
        let mut body = vec![0u8; IFINFOMSG_LEN];
        // IFLA_LINKINFO claims 8 bytes but holds an attribute claiming 40.
        body.extend_from_slice(&[8, 0, 18, 0, 40, 0, 1, 0]);
        let e = decode_one(&frame(RTM_NEWLINK, 0, &body)).unwrap_err();
        assert!(e.reason.contains("overruns"), "{e}");
    }

    #[test]
    fn wrong_sized_payload_is_kept_as_bytes_and_unknown_types_keep_a_name() {
        let mut body = vec![0u8; IFINFOMSG_LEN];
        put_attr(&mut body, 4, &[1, 2]); // IFLA_MTU must be 4 bytes
        put_attr(&mut body, 999, &[7]);
        let m = decode_one(&frame(RTM_NEWLINK, 0, &body)).unwrap();
        assert_eq!(m.get(&IFLA_MTU), Some(&Value::Bytes(vec![1, 2])));
        assert_eq!(m.get_attr("IFLA_UNKNOWN_999"), Some(&Value::Bytes(vec![7])));
    }

    #[test]
    fn short_fixed_header_of_a_new_message_is_an_error_but_get_requests_pad() {
        assert!(decode_one(&frame(RTM_NEWROUTE, 0, &[2, 0, 0, 0])).is_err());
        let m = decode_one(&frame(RTM_GETLINK, 0x301, &[17, 0, 0, 0])).unwrap();
        assert_eq!(m.family(), Some(17));
    }

    #[test]
    fn self_nesting_stops_at_the_depth_limit() {
        // IFLA_PROP_LIST nests IFLA attributes, including IFLA_PROP_LIST itself.
        let mut inner = Vec::new();
        put_attr(&mut inner, 53, b"alt\0");
        for _ in 0..20 {
            let mut outer = Vec::new();
            put_attr(&mut outer, 52, &inner);
            inner = outer;
        }
        let mut body = vec![0u8; IFINFOMSG_LEN];
        body.extend(inner);
        let m = decode_one(&frame(RTM_NEWLINK, 0, &body)).unwrap();
        assert!(m.get(&IFLA_PROP_LIST).is_some());
    }

    /// Every attribute of every family whose payload is a plain value:
    /// encoded by the request builder under its registered number, it
    /// decodes back to its registered name and the same value.
    #[test]
    fn every_valued_attribute_round_trips_through_its_number() {
        use super::super::request::Request;
        use crate::common::attrs::FAMILIES;
        let mut checked = 0;
        for table in FAMILIES {
            for (number, spec) in table.specs.iter().enumerate() {
                let number = number as u16;
                let (payload, want): (Vec<u8>, Value) = match spec.kind {
                    Kind::U8 => (vec![7], Value::U8(7)),
                    Kind::U16 => (513u16.to_ne_bytes().to_vec(), Value::U16(513)),
                    Kind::U32 | Kind::UInt => {
                        (70_000u32.to_ne_bytes().to_vec(), Value::U32(70_000))
                    }
                    Kind::U64 => (5u64.to_ne_bytes().to_vec(), Value::U64(5)),
                    Kind::I32 => ((-3i32).to_ne_bytes().to_vec(), Value::I32(-3)),
                    Kind::Be16 => (vec![0x12, 0x34], Value::U16(0x1234)),
                    Kind::Be32 => (vec![0, 0, 0x12, 0x34], Value::U32(0x1234)),
                    Kind::Str => (b"ab\0".to_vec(), Value::Str("ab".into())),
                    Kind::Ip => (vec![192, 0, 2, 1], Value::Ip([192, 0, 2, 1].into())),
                    Kind::LinkAddr => (
                        vec![2, 0, 0, 0, 0, 9],
                        Value::LinkAddr(crate::LinkAddr::new(&[2, 0, 0, 0, 0, 9]).unwrap()),
                    ),
                    Kind::Flag => (Vec::new(), Value::Flag),
                    _ => continue,
                };
                if spec.name.is_empty() {
                    continue;
                }
                let bytes = Request::attrs().attr(number, &payload).into_attr_bytes();
                let got = decode_attrs(
                    &bytes,
                    0,
                    table,
                    Ctx {
                        family: 0,
                        depth: 0,
                    },
                )
                .unwrap_or_else(|e| panic!("{}: {e}", spec.name));
                assert_eq!(got.len(), 1, "{}", spec.name);
                assert_eq!((got[0].name.as_ref(), got[0].kind), (spec.name, number));
                assert_eq!(got[0].value, want, "{}", spec.name);
                checked += 1;
            }
        }
        assert!(checked > 300, "{checked} attributes checked");
    }
}
