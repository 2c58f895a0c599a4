//! RTM_NEWRULE and RTM_DELRULE requests for a [`RuleSpec`]. Pure: names are
//! resolved through the caller's `Resolver`, so the bytes are checked against
//! `ip`'s on any OS; the spec's [`ChangeSpec::netlink`] calls it.


use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::common::message::*;
use crate::linux::change::{ip_bytes, verb_flags};
use crate::linux::request::Request;

const FIB_RULE_INVERT: u32 = 2;

/// RTM_NEWRULE or RTM_DELRULE. A new rule looks up the main table unless
/// told otherwise, as with `ip rule add`.
pub fn rule_request(verb: Verb, spec: &RuleSpec) -> Result<Request> {
    spec.validate(verb)?;
    let add = verb == Verb::Add;
    let action = spec
        .action
        .unwrap_or(if add { FR_ACT_TO_TBL } else { FR_ACT_UNSPEC });
    // An l3mdev rule looks up the VRF's table: it takes none (the kernel
    // refuses both), so main is the default only for the others.
    let table = spec
        .table
        .or((add && action == FR_ACT_TO_TBL && !spec.l3mdev).then_some(RT_TABLE_MAIN));
    let h = RuleHeader {
        family: spec.resolved_family(),
        dst_len: spec.dst.map_or(0, |p| p.len),
        src_len: spec.src.map_or(0, |p| p.len),
        tos: spec.tos,
        table: match table {
            Some(t) if t < 256 => t as u8,
            _ => 0,
        },
        action,
        flags: if spec.invert { FIB_RULE_INVERT } else { 0 },
    }
    .to_bytes();
    let kind = if add { RTM_NEWRULE } else { RTM_DELRULE };
    let mut r = Request::new(kind, verb_flags(verb)).fixed(&h);
    if let Some(t) = table {
        r = r.attr_u32(FRA_TABLE.number, t);
    }
    if let Some(p) = spec.priority {
        r = r.attr_u32(FRA_PRIORITY.number, p);
    }
    if let Some(p) = spec.src {
        r = r.attr(FRA_SRC.number, &ip_bytes(p.addr));
    }
    if let Some(p) = spec.dst {
        r = r.attr(FRA_DST.number, &ip_bytes(p.addr));
    }
    if let Some(i) = &spec.iif {
        r = r.attr_str(FRA_IIFNAME.number, i);
    }
    if let Some(o) = &spec.oif {
        r = r.attr_str(FRA_OIFNAME.number, o);
    }
    if let Some(m) = spec.fwmark {
        r = r.attr_u32(FRA_FWMARK.number, m);
    }
    if let Some(m) = spec.fwmask {
        r = r.attr_u32(FRA_FWMASK.number, m);
    }
    if let Some(g) = spec.goto {
        r = r.attr_u32(FRA_GOTO.number, g);
    }
    if let Some(n) = spec.suppress_prefixlength {
        r = r.attr_u32(FRA_SUPPRESS_PREFIXLEN.number, n);
    }
    if let Some(n) = spec.suppress_ifgroup {
        r = r.attr_u32(FRA_SUPPRESS_IFGROUP.number, n);
    }
    if spec.l3mdev {
        r = r.attr(FRA_L3MDEV.number, &[1]);
    }
    if let Some((a, b)) = spec.uid_range {
        let mut range = a.to_ne_bytes().to_vec();
        range.extend_from_slice(&b.to_ne_bytes());
        r = r.attr(FRA_UID_RANGE.number, &range);
    }
    if let Some(p) = spec.protocol {
        r = r.attr(FRA_PROTOCOL.number, &[p]);
    }
    if let Some(p) = spec.ip_proto {
        r = r.attr(FRA_IP_PROTO.number, &[p]);
    }
    for (key, range) in [(FRA_SPORT_RANGE, spec.sport), (FRA_DPORT_RANGE, spec.dport)] {
        if let Some((a, b)) = range {
            let mut bytes = a.to_ne_bytes().to_vec();
            bytes.extend_from_slice(&b.to_ne_bytes());
            r = r.attr(key.number, &bytes);
        }
    }
    Ok(r)
}
