//! RTM_NEWQDISC and RTM_DELQDISC requests for a [`QdiscSpec`]. Pure: names are
//! resolved through the caller's `Resolver`, so the bytes are checked against
//! `ip`'s on any OS; the spec's [`ChangeSpec::netlink`] calls it.


use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::{Error, Result};
use crate::common::kinds::class::rate::{RateSpec, xmit_ticks};
use crate::common::message::*;
use crate::linux::change::{Resolver, verb_flags};
use crate::linux::request::Request;

/// RTM_NEWQDISC (add, replace, change) or RTM_DELQDISC, byte for byte as
/// `tc qdisc` sends them: TCA_KIND with its NUL, then TCA_OPTIONS as each
/// kind's parser writes it (a bare `tc_fifo_qopt` for the FIFOs, a nest
/// holding TCA_HTB_INIT for htb, nothing for ingress and clsact).
pub fn qdisc_request(verb: Verb, spec: &QdiscSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let h = TcHeader {
        index: res.ifindex(&spec.dev, &what)?,
        handle: spec.handle,
        parent: spec.parent,
        ..TcHeader::default()
    };
    let (kind, flags) = match verb {
        Verb::Delete => (RTM_DELQDISC, NLM_F_REQUEST | NLM_F_ACK),
        // tc_qdisc_modify's `change` asks for neither CREATE nor REPLACE.
        Verb::Change => (RTM_NEWQDISC, NLM_F_REQUEST | NLM_F_ACK),
        v => (RTM_NEWQDISC, verb_flags(v)),
    };
    let mut r = Request::new(kind, flags).fixed(&h.to_bytes());
    let Some(k) = &spec.kind else {
        return Ok(r);
    };
    r = r.attr_str(TCA_KIND.number, k.name());
    match k {
        QdiscKind::Pfifo { limit: Some(l) } | QdiscKind::Bfifo { limit: Some(l) } => {
            r = r.attr_u32(TCA_OPTIONS.number, *l);
        }
        QdiscKind::Htb { default_class, r2q } => {
            let mut glob = Vec::with_capacity(20);
            // struct tc_htb_glob: version 3 (TC_HTB_PROTOVER), r2q, defcls,
            // debug, direct_pkts.
            for v in [3, *r2q, *default_class, 0, 0] {
                glob.extend_from_slice(&v.to_ne_bytes());
            }
            r = r.nested(TCA_OPTIONS.number, |r| r.attr(TCA_HTB_INIT.number, &glob));
        }
        QdiscKind::Tbf(t) => {
            let options = tbf_options(t).map_err(|e| rename_error(e, what.clone()))?;
            r = r.attr(TCA_OPTIONS.number, &options);
        }
        QdiscKind::Prio { bands, priomap } => {
            // struct tc_prio_qopt, then an empty nest of the same type
            // (addattr_nest_compat: where TCA_PRIO_MQ would go).
            let mut compat = Vec::with_capacity(24);
            compat.extend_from_slice(&bands.to_ne_bytes());
            compat.extend_from_slice(priomap);
            r = r.nested(TCA_OPTIONS.number, |r| {
                r.raw(&compat).nested(TCA_OPTIONS.number, |r| r)
            });
        }
        QdiscKind::Netem(n) => {
            let options = netem_options(n);
            r = r.attr(TCA_OPTIONS.number, &options);
        }
        QdiscKind::FqCodel(f) => {
            // fq_codel_parse_opt's order.
            let ecn = f.ecn.map(u32::from);
            let words = [
                (TCA_FQ_CODEL_LIMIT, f.limit),
                (TCA_FQ_CODEL_FLOWS, f.flows),
                (TCA_FQ_CODEL_QUANTUM, f.quantum),
                (TCA_FQ_CODEL_INTERVAL, f.interval),
                (TCA_FQ_CODEL_TARGET, f.target),
                (TCA_FQ_CODEL_ECN, ecn),
                (TCA_FQ_CODEL_CE_THRESHOLD, f.ce_threshold),
                (TCA_FQ_CODEL_MEMORY_LIMIT, f.memory_limit),
                (TCA_FQ_CODEL_DROP_BATCH_SIZE, f.drop_batch),
            ];
            r = r.nested(TCA_OPTIONS.number, |mut r| {
                for (key, value) in words {
                    if let Some(v) = value {
                        r = r.attr_u32(key.number, v);
                    }
                }
                r
            });
        }
        _ => {}
    }
    Ok(r)
}

/// tbf's TCA_OPTIONS as q_tbf.c's tbf_parse_opt builds them: the limit
/// from the latency when none is given, `struct tc_tbf_qopt`, the burst,
/// 64-bit rates beyond 32 bits, and the rate tables (which the kernel
/// reads only for their link layer).
pub fn tbf_options(t: &Tbf) -> Result<Vec<u8>> {
    let saturate = |r: u64| u32::try_from(r).unwrap_or(u32::MAX);
    let limit = match (t.limit, t.latency) {
        (Some(l), _) => l,
        (None, latency) => {
            let us = f64::from(latency.unwrap_or(0));
            let mut lim = t.rate as f64 * us / 1e6 + t.burst as f64;
            if let Some(p) = t.peakrate {
                lim = lim.min(p as f64 * us / 1e6 + f64::from(t.mtu));
            }
            lim as u32
        }
    };
    let mut rate = RateSpec {
        rate: saturate(t.rate),
        mpu: t.mpu,
        overhead: t.overhead,
        ..RateSpec::default()
    };
    let rtab = rate.table(t.mtu);
    // tc times the burst at the 32-bit rate of the spec.
    let buffer = xmit_ticks(u64::from(rate.rate), t.burst);
    if buffer == u32::MAX {
        return Err(Error::invalid("tbf burst", "burst out of range"));
    }
    let mut peak = RateSpec::default();
    let mut ptab = None;
    let mut mtu_ticks = 0;
    if let Some(p) = t.peakrate {
        peak = RateSpec {
            rate: saturate(p),
            mpu: t.mpu,
            overhead: t.overhead,
            ..RateSpec::default()
        };
        ptab = Some(peak.table(t.mtu));
        mtu_ticks = xmit_ticks(u64::from(peak.rate), u64::from(t.mtu));
    }
    let mut parms = Vec::with_capacity(36);
    parms.extend_from_slice(&rate.to_bytes());
    parms.extend_from_slice(&peak.to_bytes());
    for v in [limit, buffer, mtu_ticks] {
        parms.extend_from_slice(&v.to_ne_bytes());
    }
    let table = |t: [u32; 256]| t.iter().flat_map(|v| v.to_ne_bytes()).collect::<Vec<_>>();
    let mut a = Request::attrs().attr(TCA_TBF_PARMS.number, &parms);
    if let Ok(burst) = u32::try_from(t.burst) {
        a = a.attr_u32(TCA_TBF_BURST.number, burst);
    }
    if t.rate > u64::from(u32::MAX) {
        a = a.attr(TCA_TBF_RATE64.number, &t.rate.to_ne_bytes());
    }
    a = a.attr(TCA_TBF_RTAB.number, &table(rtab));
    if let (Some(p), Some(ptab)) = (t.peakrate, ptab) {
        if p > u64::from(u32::MAX) {
            a = a.attr(TCA_TBF_PRATE64.number, &p.to_ne_bytes());
        }
        a = a
            .attr_u32(TCA_TBF_PBURST.number, t.mtu)
            .attr(TCA_TBF_PTAB.number, &table(ptab));
    }
    Ok(a.into_attr_bytes())
}

/// netem's TCA_OPTIONS as iproute2 6.9 and later build them
/// (netem_parse_opt): `struct tc_netem_qopt` with the delay and jitter
/// left 0, then the 64-bit delay and jitter in nanoseconds, the seed, the
/// correlations, reordering, ECN, corruption and the rate, each when given.
pub fn netem_options(n: &Netem) -> Vec<u8> {
    // A reordering without a gap reorders every other packet.
    let gap = if n.reorder.is_some() && n.gap == 0 {
        1
    } else {
        n.gap
    };
    let mut qopt = Vec::with_capacity(24);
    for v in [0, n.limit, n.loss, gap, n.duplicate, 0] {
        qopt.extend_from_slice(&v.to_ne_bytes());
    }
    let words = |values: &[u32]| values.iter().flat_map(|v| v.to_ne_bytes()).collect::<Vec<u8>>();
    let mut a = Request::attrs().raw(&qopt);
    if let Some(d) = n.delay {
        a = a.attr(TCA_NETEM_LATENCY64.number, &d.to_ne_bytes());
    }
    if let Some(j) = n.jitter {
        a = a.attr(TCA_NETEM_JITTER64.number, &j.to_ne_bytes());
    }
    if let Some(seed) = n.seed {
        a = a.attr(TCA_NETEM_PRNG_SEED.number, &seed.to_ne_bytes());
    }
    if n.delay_corr.is_some() || n.loss_corr.is_some() || n.duplicate_corr.is_some() {
        let corr = [n.delay_corr, n.loss_corr, n.duplicate_corr].map(|c| c.unwrap_or(0));
        a = a.attr(TCA_NETEM_CORR.number, &words(&corr));
    }
    if let Some((p, c)) = n.reorder {
        a = a.attr(TCA_NETEM_REORDER.number, &words(&[p, c]));
    }
    if n.ecn {
        a = a.attr_u32(TCA_NETEM_ECN.number, 1);
    }
    if let Some((p, c)) = n.corrupt {
        a = a.attr(TCA_NETEM_CORRUPT.number, &words(&[p, c]));
    }
    if let Some((rate, packet_overhead, cell_size, cell_overhead)) = n.rate {
        let narrow = match u32::try_from(rate) {
            Ok(r) => r,
            Err(_) => {
                a = a.attr(TCA_NETEM_RATE64.number, &rate.to_ne_bytes());
                u32::MAX
            }
        };
        let mut r = narrow.to_ne_bytes().to_vec();
        r.extend_from_slice(&packet_overhead.to_ne_bytes());
        r.extend_from_slice(&cell_size.to_ne_bytes());
        r.extend_from_slice(&cell_overhead.to_ne_bytes());
        a = a.attr(TCA_NETEM_RATE.number, &r);
    }
    a.into_attr_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The u32s of `b` in host order.
    fn words(b: &[u8]) -> Vec<u32> {
        b.chunks(4)
            .map(|c| u32::from_ne_bytes(c.try_into().unwrap()))
            .collect()
    }

    #[test]
    fn netem_delays_go_as_64_bit_nanoseconds_as_iproute2_6_9_sends_them() {
        // tc qdisc add ... netem delay 100ms 10ms 25% reorder 10%
        let n = Netem {
            jitter: Some(10_000_000),
            delay_corr: Some(Netem::percent(25.0)),
            reorder: Some((Netem::percent(10.0), 0)),
            ..Netem::delay(100_000_000)
        };
        let b = netem_options(&n);
        // struct tc_netem_qopt: latency and jitter 0, limit 1000, gap 1
        // (reordering every other packet), no loss or duplication.
        assert_eq!(words(&b[..24]), [0, 1000, 0, 1, 0, 0]);
        // TCA_NETEM_LATENCY64 (10) and TCA_NETEM_JITTER64 (11): 12 bytes each.
        assert_eq!(words(&b[24..28]), [12 | 10 << 16]);
        assert_eq!(b[28..36], 100_000_000u64.to_ne_bytes());
        assert_eq!(words(&b[36..40]), [12 | 11 << 16]);
        assert_eq!(b[40..48], 10_000_000u64.to_ne_bytes());
        // TCA_NETEM_CORR (1): delay, loss, duplicate correlations.
        assert_eq!(words(&b[48..64]), [16 | 1 << 16, 1_073_741_824, 0, 0]);
        // TCA_NETEM_REORDER (3): probability, correlation.
        assert_eq!(words(&b[64..76]), [12 | 3 << 16, 429_496_730, 0]);
        assert_eq!(b.len(), 76);
    }

    #[test]
    fn netem_options_decode_as_a_struct_then_attributes() {
        let n = Netem {
            loss: Netem::percent(1.0),
            ..Netem::delay(5_000_000)
        };
        let spec = QdiscSpec::root(crate::Interface::Index(3)).kind(QdiscKind::Netem(n));
        struct Indexes;
        impl Resolver for Indexes {
            fn ifindex(&mut self, dev: &crate::Interface, _: &str) -> Result<u32> {
                Ok(match dev {
                    crate::Interface::Index(i) => *i,
                    crate::Interface::Name(_) => 0,
                })
            }
            fn netns(
                &mut self,
                _: &Netns,
                what: &str,
            ) -> Result<crate::linux::change::NetnsRef> {
                Err(Error::Unsupported(what.to_owned()))
            }
        }
        let request = qdisc_request(Verb::Add, &spec, &mut Indexes)
            .unwrap()
            .finish(0, 0);
        let (_, attrs) = crate::linux::decode_body(RTM_NEWQDISC, &request[16..], 16).unwrap();
        let options = crate::common::value::find_key(&attrs, &TCA_OPTIONS).unwrap();
        let field = |name: &str| options.field(name).and_then(crate::Value::as_u64);
        assert_eq!((field("limit"), field("loss")), (Some(1000), Some(42_949_673)));
        let nested = options.field("attrs").and_then(crate::Value::as_nested).unwrap();
        assert_eq!(
            crate::common::value::find_key(nested, &TCA_NETEM_LATENCY64)
                .and_then(crate::Value::as_u64),
            Some(5_000_000)
        );
    }
}
