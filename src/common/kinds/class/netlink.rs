//! RTM_NEWTCLASS and RTM_DELTCLASS requests for a [`ClassSpec`], as
//! `tc class` builds them (tc_class_modify, and q_htb.c's
//! htb_parse_class_opt for htb's options). Pure: the interface is resolved
//! through the caller's `Resolver`; the [`ChangeSpec::netlink`] of the spec
//! calls it.

use super::rate::{RateSpec, psched_hz, xmit_ticks};
use super::spec::{ClassKind, ClassSpec, HtbClass};
use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::{Error, Result};
use crate::common::kinds::qdisc::TcHeader;
use crate::linux::change::Resolver;
use crate::linux::request::Request;

/// The request for `verb`. tc's verbs set their own flags: `replace`
/// asks for CREATE alone and `change` for neither (do_class).
pub fn class_request(verb: Verb, spec: &ClassSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let h = TcHeader {
        index: res.ifindex(&spec.dev, &what)?,
        handle: spec.classid,
        parent: spec.parent,
        ..TcHeader::default()
    };
    let base = NLM_F_REQUEST | NLM_F_ACK;
    let (kind, flags) = match verb {
        Verb::Add => (RTM_NEWTCLASS, base | NLM_F_CREATE | NLM_F_EXCL),
        Verb::Replace => (RTM_NEWTCLASS, base | NLM_F_CREATE),
        Verb::Delete => (RTM_DELTCLASS, base),
        _ => (RTM_NEWTCLASS, base),
    };
    let mut r = Request::new(kind, flags).fixed(&h.to_bytes());
    let Some(k) = &spec.kind else {
        return Ok(r);
    };
    r = r.attr_str(TCA_KIND.number, k.name());
    match k {
        ClassKind::Htb(htb) => {
            let options = htb_options(htb, psched_hz()).map_err(|e| rename(e, &what))?;
            r = r.attr(TCA_OPTIONS.number, &options);
        }
    }
    Ok(r)
}

/// The errors of the options name the whole request.
fn rename(e: Error, what: &str) -> Error {
    match e {
        Error::InvalidInput { reason, .. } => Error::invalid(what.to_owned(), reason),
        other => other,
    }
}

/// TCA_OPTIONS of an htb class: TCA_HTB_RATE64 and TCA_HTB_CEIL64 when
/// the rates exceed 32 bits, TCA_HTB_PARMS (`struct tc_htb_opt`), then
/// the rate and ceil tables (the kernel reads only their link layer,
/// htb_change_class, but tc sends them and so do we). `hz` is the
/// scheduler clock, which sizes the default bursts.
pub fn htb_options(c: &HtbClass, hz: u32) -> Result<Vec<u8>> {
    let rate64 = c.rate;
    let ceil64 = c.ceil.unwrap_or(rate64);
    let saturate = |r: u64| u32::try_from(r).unwrap_or(u32::MAX);
    // The smallest burst that covers one tick of the clock and a packet.
    let buffer = c.burst.unwrap_or(rate64 / u64::from(hz) + u64::from(c.mtu));
    let cbuffer = c
        .cburst
        .unwrap_or((ceil64 / u64::from(hz)) as u32 + c.mtu);
    let mut rate = RateSpec {
        rate: saturate(rate64),
        overhead: c.overhead,
        mpu: c.mpu,
        ..RateSpec::default()
    };
    let mut ceil = RateSpec {
        rate: saturate(ceil64),
        ..rate
    };
    let rtab = rate.table(c.mtu);
    let ctab = ceil.table(c.mtu);
    let buffer_ticks = xmit_ticks(rate64, buffer);
    if buffer_ticks == u32::MAX {
        return Err(Error::invalid("htb burst", "burst out of range"));
    }
    let cbuffer_ticks = xmit_ticks(ceil64, u64::from(cbuffer));
    let mut parms = Vec::with_capacity(44);
    parms.extend_from_slice(&rate.to_bytes());
    parms.extend_from_slice(&ceil.to_bytes());
    // buffer, cbuffer, quantum, level (the kernel's to set), prio.
    for v in [buffer_ticks, cbuffer_ticks, c.quantum, 0, c.prio] {
        parms.extend_from_slice(&v.to_ne_bytes());
    }
    let table_bytes = |t: [u32; 256]| t.iter().flat_map(|v| v.to_ne_bytes()).collect::<Vec<_>>();
    let mut a = Request::attrs();
    if rate64 > u64::from(u32::MAX) {
        a = a.attr(TCA_HTB_RATE64.number, &rate64.to_ne_bytes());
    }
    if ceil64 > u64::from(u32::MAX) {
        a = a.attr(TCA_HTB_CEIL64.number, &ceil64.to_ne_bytes());
    }
    Ok(a.attr(TCA_HTB_PARMS.number, &parms)
        .attr(TCA_HTB_RTAB.number, &table_bytes(rtab))
        .attr(TCA_HTB_CTAB.number, &table_bytes(ctab))
        .into_attr_bytes())
}

#[cfg(test)]
mod tests {
    use super::super::rate::HIGH_RES_HZ;
    use super::*;

    /// (type, payload) of each attribute in `bytes`.
    fn attrs(bytes: &[u8]) -> Vec<(u16, &[u8])> {
        let mut out = Vec::new();
        let mut at = 0;
        while at + 4 <= bytes.len() {
            let len = usize::from(u16::from_ne_bytes([bytes[at], bytes[at + 1]]));
            let kind = u16::from_ne_bytes([bytes[at + 2], bytes[at + 3]]);
            out.push((kind, &bytes[at + 4..at + len]));
            at += (len + 3) & !3;
        }
        out
    }

    #[test]
    fn rates_beyond_32_bits_go_first_as_64_bit_attributes() {
        // 40 Gbit/s is 5e9 bytes a second; the ceil stays below 2^32.
        let c = HtbClass::rate(5_000_000_000).ceil(4_000_000_000).burst(100_000);
        let options = htb_options(&c, HIGH_RES_HZ).unwrap();
        let a = attrs(&options);
        let kinds: Vec<u16> = a.iter().map(|(k, _)| *k).collect();
        let (rate64, parms) = (TCA_HTB_RATE64.number, TCA_HTB_PARMS.number);
        let (rtab, ctab) = (TCA_HTB_RTAB.number, TCA_HTB_CTAB.number);
        assert_eq!(kinds, [rate64, parms, rtab, ctab]);
        assert_eq!(a[0].1, 5_000_000_000u64.to_ne_bytes());
        let p = a[1].1;
        assert_eq!(p.len(), 44);
        let u32_at = |o: usize| u32::from_ne_bytes(p[o..o + 4].try_into().unwrap());
        // The specs' 32-bit rates: saturated, and the ceil as it is.
        assert_eq!((u32_at(8), u32_at(20)), (u32::MAX, 4_000_000_000));
        // 100,000 bytes at 5e9 bytes/s: 20 us, 312.5 ticks, rounded up.
        assert_eq!(u32_at(24), 313);
        // The default cburst: one tick of a 1 GHz clock (4 bytes) plus the MTU.
        assert_eq!(u32_at(28), xmit_ticks(4_000_000_000, 1604));
        assert_eq!((a[2].1.len(), a[3].1.len()), (1024, 1024));
    }

    #[test]
    fn a_burst_too_long_for_the_clock_is_refused() {
        let c = HtbClass::rate(1).burst(u64::MAX / 2);
        let e = htb_options(&c, HIGH_RES_HZ).unwrap_err().to_string();
        assert!(e.contains("burst out of range"), "{e}");
    }

}
