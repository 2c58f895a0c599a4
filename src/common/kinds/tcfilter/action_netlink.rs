//! Action lists as m_action.c's parse_action builds them, each action's
//! options as its m_*.c builds them. Pure: a mirred device is resolved
//! through the caller's `Resolver`.

use super::action::{Pedit, Police, Skbedit, TcAction, VlanAction, VlanOp};
use crate::common::attrs::*;
use crate::common::error::Result;
use crate::common::kinds::class::rate::{RateSpec, xmit_ticks};
use crate::linux::change::Resolver;
use crate::linux::request::Request;

/// TC_ACT_STOLEN and TC_ACT_PIPE: what mirred does after a redirect and
/// after a mirror.
const TC_ACT_STOLEN: i32 = 4;
const TC_ACT_PIPE: i32 = 3;

/// An action list as m_action.c's parse_action builds it: one nest per
/// action, numbered from 1 by order, holding TCA_ACT_KIND and the kind's
/// options in a nest flagged NLA_F_NESTED.
pub fn actions(list: &[TcAction], res: &mut dyn Resolver, what: &str) -> Result<Vec<u8>> {
    let indexed: Vec<(&TcAction, Option<u32>)> = list.iter().map(|a| (a, None)).collect();
    indexed_actions(&indexed, res, what)
}

/// [`actions`], each action with the index it is to have (a shared action,
/// `tc actions add ... index N`): every kind's first option (PARMS;
/// police's TBF) starts with `struct tc_gen`'s index, where tc puts it.
pub fn indexed_actions(
    list: &[(&TcAction, Option<u32>)],
    res: &mut dyn Resolver,
    what: &str,
) -> Result<Vec<u8>> {
    let mut out = Request::attrs();
    for (i, &(action, index)) in list.iter().enumerate() {
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
            TcAction::Skbedit(e) => skbedit_options(e),
            TcAction::Vlan(v) => vlan_options(v),
            TcAction::Pedit(p) => pedit_options(p),
        }
        .into_attr_bytes();
        let mut options = options;
        if let (Some(index), Some(slot)) = (index, options.get_mut(4..8)) {
            slot.copy_from_slice(&index.to_ne_bytes());
        }
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

/// skbedit's options (parse_skbedit): the parameters, then each setting
/// given, in this order.
fn skbedit_options(e: &Skbedit) -> Request {
    let mut a = Request::attrs().attr(TCA_SKBEDIT_PARMS.number, &gen_parms(e.control.number()));
    if let Some(q) = e.queue_mapping {
        a = a.attr(TCA_SKBEDIT_QUEUE_MAPPING.number, &q.to_ne_bytes());
    }
    if let Some(p) = e.priority {
        a = a.attr_u32(TCA_SKBEDIT_PRIORITY.number, p);
    }
    if let Some(m) = e.mark {
        a = a.attr_u32(TCA_SKBEDIT_MARK.number, m);
    }
    if let Some(m) = e.mask {
        a = a.attr_u32(TCA_SKBEDIT_MASK.number, m);
    }
    if let Some(t) = e.ptype {
        a = a.attr(TCA_SKBEDIT_PTYPE.number, &t.to_ne_bytes());
    }
    if e.inherit_dsfield {
        // SKBEDIT_F_INHERITDSFIELD (tc_skbedit.h).
        a = a.attr(TCA_SKBEDIT_FLAGS.number, &0x20u64.to_ne_bytes());
    }
    a
}

/// vlan's options (parse_vlan): `struct tc_vlan`, then the tag's id,
/// protocol and priority, or the MACs of `push_eth`.
fn vlan_options(v: &VlanAction) -> Request {
    let mut parms = gen_parms(v.control.number());
    parms.extend_from_slice(&v.op.number().to_ne_bytes());
    let mut a = Request::attrs().attr(TCA_VLAN_PARMS.number, &parms);
    match &v.op {
        VlanOp::Push(tag) | VlanOp::Modify(tag) => {
            a = a.attr(TCA_VLAN_PUSH_VLAN_ID.number, &tag.id.to_ne_bytes());
            if let Some(p) = tag.protocol {
                a = a.attr(TCA_VLAN_PUSH_VLAN_PROTOCOL.number, &p.to_be_bytes());
            }
            if let Some(p) = tag.priority {
                a = a.attr(TCA_VLAN_PUSH_VLAN_PRIORITY.number, &[p]);
            }
        }
        VlanOp::PushEth { dst, src } => {
            a = a
                .attr(TCA_VLAN_PUSH_ETH_DST.number, dst.as_bytes())
                .attr(TCA_VLAN_PUSH_ETH_SRC.number, src.as_bytes());
        }
        VlanOp::Pop | VlanOp::PopEth => {}
    }
    a
}

/// pedit's options in the legacy form (parse_pedit): `struct
/// tc_pedit_sel` with its keys, values and masks in network order.
fn pedit_options(p: &Pedit) -> Request {
    let mut sel = gen_parms(p.control.number());
    sel.extend_from_slice(&[p.keys.len() as u8, 0, 0, 0]);
    for k in &p.keys {
        sel.extend_from_slice(&k.mask.to_be_bytes());
        sel.extend_from_slice(&k.val.to_be_bytes());
        for v in [k.off, k.at, k.offmask, k.shift] {
            sel.extend_from_slice(&v.to_ne_bytes());
        }
    }
    Request::attrs().attr(TCA_PEDIT_PARMS.number, &sel)
}
