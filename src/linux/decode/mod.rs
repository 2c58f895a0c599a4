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
use crate::common::kinds;
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

/// The longest fixed header of any kind (`struct tcmsg`, 20 bytes, so far).
pub(crate) const MAX_HEADER_LEN: usize = 32;

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
        nsid: None,
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

/// [`decode_body`], appending the attributes to `out`.
fn decode_body_into(
    kind: u16,
    payload: &[u8],
    base: usize,
    out: &mut Vec<Attr>,
) -> Result<Body, DecodeError> {
    let Some(info) = kinds::of_type(kind) else {
        return Ok(Body::Raw(payload.to_vec()));
    };
    let fixed = info.header_len;
    // Old-style GET requests carry only `struct rtgenmsg` (the family byte):
    // read them as a zero-filled header rather than failing.
    let is_get = kinds::KINDS.iter().any(|k| k.get_type == kind);
    // Room for the longest fixed header of any kind (the registry test
    // checks that every kind's fits).
    let mut padded = [0u8; MAX_HEADER_LEN];
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
    let mut rest = payload.get(fixed..).unwrap_or(&[]);
    let ctx = Ctx {
        family: head[0],
        depth: 0,
    };
    let (mut body, table) = ((info.read_header)(head), info.attrs);
    let mut at = base + fixed;
    // RTM_NEWNDUSEROPT: the ND option sits between the header and the
    // attributes (ndisc_ra_useropt).
    if let Body::NdUserOpt(h) = &mut body {
        let len = usize::from(h.opts_len);
        let Some(option) = rest.get(..len) else {
            return Err(DecodeError::truncated(
                "RTM_NEWNDUSEROPT option",
                at,
                len,
                rest.len(),
            ));
        };
        h.options = option.to_vec();
        let skip = (len + 3) & !3;
        rest = rest.get(skip..).unwrap_or(&[]);
        at += skip;
    }
    decode_attrs_into(rest, at, table, ctx, out)?;
    if matches!(body, Body::Tc(_)) {
        tc_options(out, ctx);
    }
    if matches!(body, Body::Route(_)) {
        route_encap(out, ctx);
    }
    Ok(body)
}

/// RTA_ENCAP read by the sibling RTA_ENCAP_TYPE (bytes for the types
/// rtsock does not know, or when they fail to decode).
fn route_encap(attrs: &mut [Attr], ctx: Ctx) {
    let Some(table) = attrs
        .iter()
        .find(|a| a.is(&RTA_ENCAP_TYPE))
        .and_then(|a| a.value.as_u64())
        .and_then(|t| u16::try_from(t).ok())
        .and_then(attrs::encap_table)
    else {
        return;
    };
    if let Some(encap) = attrs.iter_mut().find(|a| a.is(&RTA_ENCAP))
        && let Value::Bytes(b) = &encap.value
        && let Ok(decoded) = decode_attrs(b, 0, table, ctx.deeper())
    {
        encap.value = Value::Nested(decoded);
    }
}

/// TCA_OPTIONS read by the sibling TCA_KIND (a nested family, a bare
/// struct, or bytes for kinds rtsock does not know); options that fail to
/// decode stay bytes.
fn tc_options(attrs: &mut [Attr], ctx: Ctx) {
    let Some(kind) = attrs
        .iter()
        .find(|a| a.is(&TCA_KIND))
        .and_then(|a| a.value.as_str())
        .map(str::to_owned)
    else {
        return;
    };
    let Some(options) = attrs.iter_mut().find(|a| a.is(&TCA_OPTIONS)) else {
        return;
    };
    let Value::Bytes(b) = &options.value else {
        return;
    };
    if b.is_empty() {
        options.value = Value::Nested(Vec::new());
        return;
    }
    let decoded = match attrs::tc_options(&kind) {
        Some(attrs::TcOptions::Nested(table)) => decode_attrs(b, 0, table, ctx.deeper())
            .ok()
            .map(Value::Nested),
        Some(attrs::TcOptions::Struct(fields)) => {
            values::decode_struct(fields, b).map(|v| match (v, b.get(4..20)) {
                // prio and pfifo_fast: the 16-byte priomap after `bands`.
                (Value::Struct(mut f), Some(map)) if kind == "prio" || kind == "pfifo_fast" => {
                    f.push((
                        "priomap",
                        Value::List(map.iter().map(|&p| Value::U8(p)).collect()),
                    ));
                    Value::Struct(f)
                }
                (v, _) => v,
            })
        }
        Some(attrs::TcOptions::StructThen(fields, table)) => {
            let size: usize = fields.iter().map(|f| f.width.size()).sum();
            match (values::decode_struct(fields, b), b.get(size..)) {
                (Some(Value::Struct(mut f)), Some(rest)) => {
                    match decode_attrs(rest, size, table, ctx.deeper()) {
                        Ok(attrs) => {
                            f.push(("attrs", Value::Nested(attrs)));
                            Some(Value::Struct(f))
                        }
                        Err(_) => None,
                    }
                }
                _ => None,
            }
        }
        None => None,
    };
    if let Some(v) = decoded {
        options.value = v;
    }
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

mod values;
use values::*;

#[cfg(test)]
mod tests;
