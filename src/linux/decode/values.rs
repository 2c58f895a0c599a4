//! Attribute payloads into values: each attribute family's table says how
//! a payload reads (integers, addresses, strings, structs, nested
//! families, and the few that need code of their own).

use super::*;

pub(super) fn text(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..end]).into_owned()
}

pub(super) fn ip(b: &[u8]) -> Option<IpAddr> {
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

pub(super) fn uint(b: &[u8]) -> Option<Value> {
    Some(match b.len() {
        1 => Value::U8(b[0]),
        2 => Value::U16(u16_at(b, 0)),
        4 => Value::U32(u32_at(b, 0)),
        8 => Value::U64(u64_at(b, 0)),
        _ => return None,
    })
}

pub(super) fn decode_value(
    kind: Kind,
    b: &[u8],
    off: usize,
    ctx: Ctx,
) -> Result<Value, DecodeError> {
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
        Kind::StructArray(fields) => match struct_len(fields) {
            n if n > 0 && b.len().is_multiple_of(n) => Value::List(
                b.chunks(n)
                    .map(|c| decode_struct(fields, c).unwrap_or_else(|| Value::Bytes(c.to_vec())))
                    .collect(),
            ),
            _ => raw(),
        },
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
    pub(super) fn deeper(self) -> Ctx {
        Ctx {
            depth: self.depth + 1,
            ..self
        }
    }
}

/// The size of a struct of `fields`.
fn struct_len(fields: &[Field]) -> usize {
    fields.iter().map(|f| f.width.size()).sum()
}

pub(super) fn decode_struct(fields: &'static [Field], b: &[u8]) -> Option<Value> {
    let mut out = Vec::with_capacity(fields.len());
    let mut pos = 0;
    for field in fields {
        let size = field.width.size();
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

pub(super) fn u32_array(names: &'static [&'static str], b: &[u8]) -> Value {
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

pub(super) fn mpls_labels(b: &[u8]) -> Option<Value> {
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

pub(super) fn decode_special(
    sp: Special,
    b: &[u8],
    off: usize,
    ctx: Ctx,
) -> Result<Value, DecodeError> {
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
        Special::U32Sel => u32_selector(b).unwrap_or_else(raw),
        Special::PeditSel => pedit_selector(b).unwrap_or_else(raw),
        Special::Actions => actions(b, off, inner)?,
        Special::MdbEntry => mdb_entry(b, off, inner).unwrap_or_else(raw),
        Special::Seg6Encap => seg6_encap(b).unwrap_or_else(raw),
    })
}

/// IFLA_LINKINFO: IFLA_INFO_DATA is read with the table of IFLA_INFO_KIND.
pub(super) fn decode_linkinfo(b: &[u8], off: usize, ctx: Ctx) -> Result<Value, DecodeError> {
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
pub(super) fn decode_af_spec(b: &[u8], off: usize, ctx: Ctx) -> Result<Value, DecodeError> {
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
pub(super) fn decode_multipath(b: &[u8], off: usize, ctx: Ctx) -> Result<Value, DecodeError> {
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
        pos += super::super::wire::align4(len);
        if pos > b.len() {
            break;
        }
    }
    Ok(Value::List(hops))
}

/// `struct tc_u32_sel` (16 bytes) and its `nkeys` keys (`struct
/// tc_u32_key`, 16 bytes each); None when the length does not say so.
fn u32_selector(b: &[u8]) -> Option<Value> {
    let nkeys = usize::from(*b.get(2)?);
    if b.len() != 16 + 16 * nkeys {
        return None;
    }
    let be32 = |at: usize| u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
    let ne32 = |at: usize| i32::from_ne_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
    let ne16 = |at: usize| i16::from_ne_bytes([b[at], b[at + 1]]);
    let keys = (0..nkeys)
        .map(|k| {
            let at = 16 + 16 * k;
            Value::Struct(vec![
                ("mask", Value::U32(be32(at))),
                ("val", Value::U32(be32(at + 4))),
                ("off", Value::I32(ne32(at + 8))),
                ("offmask", Value::I32(ne32(at + 12))),
            ])
        })
        .collect();
    Some(Value::Struct(vec![
        ("flags", Value::U8(b[0])),
        ("offshift", Value::U8(b[1])),
        ("nkeys", Value::U8(b[2])),
        ("offmask", Value::U16(u16::from_be_bytes([b[4], b[5]]))),
        ("off", Value::U16(u16::from_ne_bytes([b[6], b[7]]))),
        ("offoff", Value::I32(ne16(8).into())),
        ("hoff", Value::I32(ne16(10).into())),
        ("hmask", Value::U32(be32(12))),
        ("keys", Value::List(keys)),
    ]))
}

/// TCA_PEDIT_PARMS: `struct tc_pedit_sel` (`tc_gen`, nkeys, flags, two
/// bytes of padding) and its `struct tc_pedit_key`s, whose value and mask
/// m_pedit.c stores in network order.
fn pedit_selector(b: &[u8]) -> Option<Value> {
    let nkeys = usize::from(*b.get(20)?);
    if b.len() != 24 + 24 * nkeys {
        return None;
    }
    let be32 = |at: usize| u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
    let ne32 = |at: usize| u32::from_ne_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
    let keys = (0..nkeys)
        .map(|k| {
            let at = 24 + 24 * k;
            Value::Struct(vec![
                ("mask", Value::U32(be32(at))),
                ("val", Value::U32(be32(at + 4))),
                ("off", Value::U32(ne32(at + 8))),
                ("at", Value::U32(ne32(at + 12))),
                ("offmask", Value::U32(ne32(at + 16))),
                ("shift", Value::U32(ne32(at + 20))),
            ])
        })
        .collect();
    Some(Value::Struct(vec![
        ("index", Value::U32(ne32(0))),
        ("capab", Value::U32(ne32(4))),
        ("action", Value::I32(ne32(8) as i32)),
        ("refcnt", Value::I32(ne32(12) as i32)),
        ("bindcnt", Value::I32(ne32(16) as i32)),
        ("nkeys", Value::U8(b[20])),
        ("flags", Value::U8(b[21])),
        ("keys", Value::List(keys)),
    ]))
}

/// A list of actions: attributes numbered by order, each an action's
/// TCA_ACT attributes, its TCA_ACT_OPTIONS read with its kind's family
/// (bytes for kinds rtsock does not know, or options that fail to decode).
fn actions(b: &[u8], off: usize, ctx: Ctx) -> Result<Value, DecodeError> {
    let mut list = Vec::new();
    for raw in super::super::wire::Attrs::new(b, off) {
        let raw = raw.map_err(DecodeError::from)?;
        let mut attrs = decode_attrs(raw.payload, raw.offset + 4, &attrs::TCA_ACT, ctx)?;
        let kind = attrs
            .iter()
            .find(|a| a.is(&attrs::TCA_ACT_KIND))
            .and_then(|a| a.value.as_str())
            .and_then(attrs::action_options);
        if let (Some(table), Some(options)) = (
            kind,
            attrs.iter_mut().find(|a| a.is(&attrs::TCA_ACT_OPTIONS)),
        ) && let Value::Bytes(bytes) = &options.value
            && let Ok(decoded) = decode_attrs(bytes, 0, table, ctx.deeper())
        {
            options.value = Value::Nested(decoded);
        }
        list.push(Value::Nested(attrs));
    }
    Ok(Value::List(list))
}

/// `struct br_mdb_entry` (28 bytes: the port, its state and flags, the
/// VLAN, the group as an IPv4, IPv6 or MAC address by its protocol), then
/// MDBA_MDB_EATTR attributes; None when it is too short.
fn mdb_entry(b: &[u8], off: usize, ctx: Ctx) -> Option<Value> {
    const LEN: usize = 28;
    let e = b.get(..LEN)?;
    let proto = u16::from_be_bytes([e[24], e[25]]);
    let group = match proto {
        0x0800 => Value::Ip(IpAddr::V4(Ipv4Addr::new(e[8], e[9], e[10], e[11]))),
        0x86dd => {
            let a: [u8; 16] = e[8..24].try_into().ok()?;
            Value::Ip(IpAddr::V6(Ipv6Addr::from(a)))
        }
        _ => Value::LinkAddr(LinkAddr::new(&e[8..14])?),
    };
    let attrs = decode_attrs(&b[LEN..], off + LEN, &attrs::MDBA_MDB_EATTR, ctx).ok()?;
    Some(Value::Struct(vec![
        ("ifindex", Value::U32(u32_at(e, 0))),
        ("state", Value::U8(e[4])),
        ("flags", Value::U8(e[5])),
        ("vid", Value::U16(u16::from_ne_bytes([e[6], e[7]]))),
        ("addr", group),
        ("proto", Value::U16(proto)),
        ("attrs", Value::Nested(attrs)),
    ]))
}

/// `struct seg6_iptunnel_encap`: the mode (0 inline, 1 encap, 2 l2encap,
/// ...) and a segment routing header (8 bytes, then the segments, last
/// first); None when the header's length does not match.
fn seg6_encap(b: &[u8]) -> Option<Value> {
    let mode = i32::from_ne_bytes(b.get(..4)?.try_into().ok()?);
    let srh = b.get(4..)?;
    let hdrlen = usize::from(*srh.get(1)?);
    if srh.len() < 8 + hdrlen * 8 || hdrlen % 2 != 0 {
        return None;
    }
    let segments: Vec<Value> = srh[8..8 + hdrlen * 8]
        .chunks(16)
        .rev()
        .map(|s| {
            let a: [u8; 16] = s.try_into().expect("16-byte chunks");
            Value::Ip(IpAddr::V6(Ipv6Addr::from(a)))
        })
        .collect();
    Some(Value::Struct(vec![
        ("mode", Value::I32(mode)),
        ("segments_left", Value::U8(srh[3])),
        ("flags", Value::U8(srh[5])),
        ("tag", Value::U16(u16::from_be_bytes([srh[6], srh[7]]))),
        ("segments", Value::List(segments)),
    ]))
}
