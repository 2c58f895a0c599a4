//! RTM_NEWTFILTER and RTM_DELTFILTER requests for a [`TcFilterSpec`], as
//! `tc filter` builds them (tc_filter_modify, and f_u32.c's u32_parse_opt
//! for u32's options). Pure: the interface is resolved through the
//! caller's `Resolver`; the [`ChangeSpec::netlink`] of the spec calls it.

use super::spec::{Flower, Matchall, Police, TcAction, TcFilterKind, TcFilterSpec, U32};
use crate::common::kinds::class::rate::{RateSpec, xmit_ticks};
use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::common::kinds::qdisc::TcHeader;
use crate::linux::change::Resolver;
use crate::linux::request::Request;

/// TC_U32_TERMINAL: a match ends the walk (set by `flowid`).
const TC_U32_TERMINAL: u8 = 1;
/// TCA_CLS_FLAGS_SKIP_HW and TCA_CLS_FLAGS_SKIP_SW.
const SKIP_HW: u32 = 1;
const SKIP_SW: u32 = 2;

/// The request for `verb`, with tc's flags: `replace` asks for CREATE
/// alone and `change` for neither (do_filter).
pub fn filter_request(verb: Verb, spec: &TcFilterSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let h = TcHeader {
        index: res.ifindex(&spec.dev, &what)?,
        handle: spec.handle,
        parent: spec.parent,
        info: spec.info(verb),
        ..TcHeader::default()
    };
    let base = NLM_F_REQUEST | NLM_F_ACK;
    let (kind, flags) = match verb {
        Verb::Add => (RTM_NEWTFILTER, base | NLM_F_CREATE | NLM_F_EXCL),
        Verb::Replace => (RTM_NEWTFILTER, base | NLM_F_CREATE),
        Verb::Delete => (RTM_DELTFILTER, base),
        _ => (RTM_NEWTFILTER, base),
    };
    let mut r = Request::new(kind, flags).fixed(&h.to_bytes());
    if let Some(c) = spec.chain {
        r = r.attr_u32(TCA_CHAIN.number, c);
    }
    let Some(k) = &spec.kind else {
        return Ok(r);
    };
    r = r.attr_str(TCA_KIND.number, k.name());
    match k {
        TcFilterKind::U32(u) => {
            if let Some(options) = u32_options(u, res, &what)? {
                r = r.attr(TCA_OPTIONS.number, &options);
            }
        }
        TcFilterKind::Flower(f) => {
            let protocol = spec.protocol.unwrap_or(super::spec::ETH_P_ALL);
            let options = flower_options(f, protocol, res, &what)?;
            r = r.attr(TCA_OPTIONS.number, &options);
        }
        TcFilterKind::Matchall(m) => {
            if let Some(options) = matchall_options(m, res, &what)? {
                r = r.attr(TCA_OPTIONS.number, &options);
            }
        }
    }
    Ok(r)
}

/// u32's TCA_OPTIONS: the class, the actions, then the selector (`struct
/// tc_u32_sel` and its keys in network order), then the flags; None for a
/// bare `u32` (tc sends no options when nothing follows the kind). The
/// class and actions go in the order tc reads them when `flowid` comes
/// first.
pub fn u32_options(u: &U32, res: &mut dyn Resolver, what: &str) -> Result<Option<Vec<u8>>> {
    if u.keys.is_empty()
        && u.classid.is_none()
        && u.actions.is_empty()
        && !u.skip_hw
        && !u.skip_sw
    {
        return Ok(None);
    }
    let mut a = Request::attrs();
    if let Some(c) = u.classid {
        a = a.attr_u32(TCA_U32_CLASSID.number, c);
    }
    if !u.actions.is_empty() {
        let list = actions(&u.actions, res, what)?;
        a = a.attr(TCA_U32_ACT.number, &list);
    }
    if !u.keys.is_empty() {
        // A class or an action ends the walk (TC_U32_TERMINAL, as
        // u32_parse_opt sets it for `flowid` and for `action`).
        let flags = if u.classid.is_some() || !u.actions.is_empty() {
            TC_U32_TERMINAL
        } else {
            0
        };
        let mut sel = vec![flags, 0, u.keys.len() as u8, 0];
        sel.extend_from_slice(&[0; 12]);
        for k in &u.keys {
            sel.extend_from_slice(&k.mask.to_be_bytes());
            sel.extend_from_slice(&k.val.to_be_bytes());
            sel.extend_from_slice(&k.off.to_ne_bytes());
            sel.extend_from_slice(&k.offmask.to_ne_bytes());
        }
        a = a.attr(TCA_U32_SEL.number, &sel);
    }
    let flags = if u.skip_hw { SKIP_HW } else { 0 } | if u.skip_sw { SKIP_SW } else { 0 };
    if flags != 0 {
        a = a.attr_u32(TCA_U32_FLAGS.number, flags);
    }
    Ok(Some(a.into_attr_bytes()))
}

/// matchall's TCA_OPTIONS (matchall_parse_opt): the class, the actions,
/// then the flags; None for a bare `matchall`.
pub fn matchall_options(
    m: &Matchall,
    res: &mut dyn Resolver,
    what: &str,
) -> Result<Option<Vec<u8>>> {
    if *m == Matchall::default() {
        return Ok(None);
    }
    let mut a = Request::attrs();
    if let Some(c) = m.classid {
        a = a.attr_u32(TCA_MATCHALL_CLASSID.number, c);
    }
    if !m.actions.is_empty() {
        a = a.attr(TCA_MATCHALL_ACT.number, &actions(&m.actions, res, what)?);
    }
    let flags = if m.skip_hw { SKIP_HW } else { 0 } | if m.skip_sw { SKIP_SW } else { 0 };
    if flags != 0 {
        a = a.attr_u32(TCA_MATCHALL_FLAGS.number, flags);
    }
    Ok(Some(a.into_attr_bytes()))
}

/// flower's TCA_OPTIONS as f_flower.c's flower_parse_opt builds them for
/// keys given in this order: the class, the MACs with their masks, the IP
/// protocol, the addresses with their masks, the ports (by protocol), the
/// actions; then the flags, always, and the filter's EtherType unless
/// it is `all`.
pub fn flower_options(
    f: &Flower,
    protocol: u16,
    res: &mut dyn Resolver,
    what: &str,
) -> Result<Vec<u8>> {
    let mut a = Request::attrs();
    if let Some(c) = f.classid {
        a = a.attr_u32(TCA_FLOWER_CLASSID.number, c);
    }
    for (keys, mac) in [
        ((TCA_FLOWER_KEY_ETH_DST, TCA_FLOWER_KEY_ETH_DST_MASK), f.dst_mac),
        ((TCA_FLOWER_KEY_ETH_SRC, TCA_FLOWER_KEY_ETH_SRC_MASK), f.src_mac),
    ] {
        if let Some((addr, mask)) = mac {
            a = a
                .attr(keys.0.number, addr.as_bytes())
                .attr(keys.1.number, mask.as_bytes());
        }
    }
    if let Some(p) = f.ip_proto {
        a = a.attr(TCA_FLOWER_KEY_IP_PROTO.number, &[p]);
    }
    for (v4, v6, prefix) in [
        (
            (TCA_FLOWER_KEY_IPV4_DST, TCA_FLOWER_KEY_IPV4_DST_MASK),
            (TCA_FLOWER_KEY_IPV6_DST, TCA_FLOWER_KEY_IPV6_DST_MASK),
            f.dst_ip,
        ),
        (
            (TCA_FLOWER_KEY_IPV4_SRC, TCA_FLOWER_KEY_IPV4_SRC_MASK),
            (TCA_FLOWER_KEY_IPV6_SRC, TCA_FLOWER_KEY_IPV6_SRC_MASK),
            f.src_ip,
        ),
    ] {
        let Some(p) = prefix else { continue };
        let (key, mask_key, width) = match p.addr {
            std::net::IpAddr::V4(_) => (v4.0, v4.1, 32u32),
            std::net::IpAddr::V6(_) => (v6.0, v6.1, 128),
        };
        let bits = u128::MAX
            .checked_shl(width - u32::from(p.len))
            .unwrap_or(0);
        let mask = bits.to_be_bytes();
        a = a
            .attr(key.number, &crate::linux::change::ip_bytes(p.addr))
            .attr(mask_key.number, &mask[16 - (width as usize / 8)..]);
    }
    for (port, is_dst) in [(f.dst_port, true), (f.src_port, false)] {
        let Some(port) = port else { continue };
        let key = match (f.ip_proto, is_dst) {
            (Some(6), true) => TCA_FLOWER_KEY_TCP_DST,
            (Some(6), false) => TCA_FLOWER_KEY_TCP_SRC,
            (Some(17), true) => TCA_FLOWER_KEY_UDP_DST,
            (Some(17), false) => TCA_FLOWER_KEY_UDP_SRC,
            (_, true) => TCA_FLOWER_KEY_SCTP_DST,
            (_, false) => TCA_FLOWER_KEY_SCTP_SRC,
        };
        a = a.attr(key.number, &port.to_be_bytes());
    }
    if !f.actions.is_empty() {
        a = a.attr(TCA_FLOWER_ACT.number, &actions(&f.actions, res, what)?);
    }
    let flags = if f.skip_hw { SKIP_HW } else { 0 } | if f.skip_sw { SKIP_SW } else { 0 };
    a = a.attr_u32(TCA_FLOWER_FLAGS.number, flags);
    if protocol != super::spec::ETH_P_ALL {
        a = a.attr(TCA_FLOWER_KEY_ETH_TYPE.number, &protocol.to_be_bytes());
    }
    Ok(a.into_attr_bytes())
}

/// TC_ACT_STOLEN and TC_ACT_PIPE: what mirred does after a redirect and
/// after a mirror.
const TC_ACT_STOLEN: i32 = 4;
const TC_ACT_PIPE: i32 = 3;

/// An action list as m_action.c's parse_action builds it: one nest per
/// action, numbered from 1 by order, holding TCA_ACT_KIND and the kind's
/// options in a nest flagged NLA_F_NESTED.
pub fn actions(list: &[TcAction], res: &mut dyn Resolver, what: &str) -> Result<Vec<u8>> {
    let mut out = Request::attrs();
    for (i, action) in list.iter().enumerate() {
        let options = match action {
            // struct tc_gact: index, capab, action, refcnt, bindcnt.
            TcAction::Gact(v) => {
                Request::attrs().attr(TCA_GACT_PARMS.number, &gen_parms(v.number()))
            }
            TcAction::Mirred {
                ingress,
                mirror,
                dev,
            } => {
                // struct tc_mirred: tc_gen, eaction, ifindex.
                let (eaction, control): (i32, i32) = match (ingress, mirror) {
                    (false, false) => (1, TC_ACT_STOLEN),
                    (false, true) => (2, TC_ACT_PIPE),
                    (true, false) => (3, TC_ACT_STOLEN),
                    (true, true) => (4, TC_ACT_PIPE),
                };
                let mut p = gen_parms(control);
                p.extend_from_slice(&eaction.to_ne_bytes());
                p.extend_from_slice(&res.ifindex(dev, what)?.to_ne_bytes());
                Request::attrs().attr(TCA_MIRRED_PARMS.number, &p)
            }
            TcAction::Police(p) => police_options(p),
        }
        .into_attr_bytes();
        out = out.nested((i + 1) as u16, |r| {
            r.attr_str(TCA_ACT_KIND.number, action.name())
                .nested_flagged(TCA_ACT_OPTIONS.number, |r| r.raw(&options))
        });
    }
    Ok(out.into_attr_bytes())
}

/// A policer's options as m_police.c's act_parse_police builds them:
/// `struct tc_police`, the rate table (and the 64-bit rate beyond 32
/// bits), the peak rate's, the average rate, the conform verdict.
fn police_options(p: &Police) -> Request {
    let saturate = |r: u64| u32::try_from(r).unwrap_or(u32::MAX);
    let mut rate = RateSpec {
        rate: saturate(p.rate),
        mpu: p.mpu,
        overhead: p.overhead,
        ..RateSpec::default()
    };
    let rtab = (p.rate > 0).then(|| rate.table_at(p.mtu, p.rate));
    let burst = if p.rate > 0 {
        xmit_ticks(p.rate, p.burst)
    } else {
        0
    };
    let mut peak = RateSpec::default();
    let ptab = p.peakrate.map(|pr| {
        peak = RateSpec {
            rate: saturate(pr),
            mpu: p.mpu,
            overhead: p.overhead,
            ..RateSpec::default()
        };
        peak.table_at(p.mtu, pr)
    });
    // struct tc_police: index, action, limit, burst, mtu, rate,
    // peakrate, refcnt, bindcnt, capab.
    let mut tbf = Vec::with_capacity(56);
    for v in [0u32, p.exceed.number() as u32, 0, burst, p.mtu] {
        tbf.extend_from_slice(&v.to_ne_bytes());
    }
    tbf.extend_from_slice(&rate.to_bytes());
    tbf.extend_from_slice(&peak.to_bytes());
    tbf.extend_from_slice(&[0; 12]);
    let table = |t: [u32; 256]| t.iter().flat_map(|v| v.to_ne_bytes()).collect::<Vec<_>>();
    let mut a = Request::attrs().attr(TCA_POLICE_TBF.number, &tbf);
    if let Some(t) = rtab {
        a = a.attr(TCA_POLICE_RATE.number, &table(t));
        if p.rate > u64::from(u32::MAX) {
            a = a.attr(TCA_POLICE_RATE64.number, &p.rate.to_ne_bytes());
        }
    }
    if let (Some(t), Some(pr)) = (ptab, p.peakrate) {
        a = a.attr(TCA_POLICE_PEAKRATE.number, &table(t));
        if pr > u64::from(u32::MAX) {
            a = a.attr(TCA_POLICE_PEAKRATE64.number, &pr.to_ne_bytes());
        }
    }
    if let Some(av) = p.avrate {
        a = a.attr_u32(TCA_POLICE_AVRATE.number, av);
    }
    if let Some(c) = p.conform {
        a = a.attr_u32(TCA_POLICE_RESULT.number, c.number() as u32);
    }
    a
}

/// `struct tc_gen` with `action` and the rest 0.
fn gen_parms(action: i32) -> Vec<u8> {
    let mut p = Vec::with_capacity(28);
    for v in [0, 0, action, 0, 0] {
        p.extend_from_slice(&v.to_ne_bytes());
    }
    p
}
