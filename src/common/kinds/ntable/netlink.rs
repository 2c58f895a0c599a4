//! RTM_SETNEIGHTBL for a [`NeighTableSpec`], as `ip ntable change` builds
//! it (ipntable_modify): the name, the limits, then NDTA_PARMS with the
//! device first and the parameters in the order given.

use super::NeighTableHeader;
use super::spec::{NeighParm, NeighTableSpec};
use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::linux::change::Resolver;
use crate::linux::request::Request;

/// The request (REPLACE, as ip asks).
pub fn ntable_request(verb: Verb, spec: &NeighTableSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let h = NeighTableHeader {
        family: spec.family,
    };
    let mut r = Request::new(RTM_SETNEIGHTBL, NLM_F_REQUEST | NLM_F_ACK | NLM_F_REPLACE)
        .fixed(&h.to_bytes())
        .attr_str(NDTA_NAME.number, &spec.name);
    for (key, t) in [&NDTA_THRESH1, &NDTA_THRESH2, &NDTA_THRESH3]
        .into_iter()
        .zip(spec.thresh)
    {
        if let Some(t) = t {
            r = r.attr_u32(key.number, t);
        }
    }
    if let Some(g) = spec.gc_interval {
        r = r.attr(NDTA_GC_INTERVAL.number, &g.to_ne_bytes());
    }
    let ifindex = spec
        .dev
        .as_ref()
        .map(|d| res.ifindex(d, &what))
        .transpose()?;
    if ifindex.is_some() || !spec.parms.is_empty() {
        let mut p = Request::attrs();
        if let Some(i) = ifindex {
            p = p.attr_u32(NDTPA_IFINDEX.number, i);
        }
        for parm in &spec.parms {
            let (key, wide) = match parm {
                NeighParm::BaseReachable(_) => (&NDTPA_BASE_REACHABLE_TIME, true),
                NeighParm::Retrans(_) => (&NDTPA_RETRANS_TIME, true),
                NeighParm::GcStale(_) => (&NDTPA_GC_STALETIME, true),
                NeighParm::DelayProbe(_) => (&NDTPA_DELAY_PROBE_TIME, true),
                NeighParm::Queue(_) => (&NDTPA_QUEUE_LEN, false),
                NeighParm::AppProbes(_) => (&NDTPA_APP_PROBES, false),
                NeighParm::UcastProbes(_) => (&NDTPA_UCAST_PROBES, false),
                NeighParm::McastProbes(_) => (&NDTPA_MCAST_PROBES, false),
                NeighParm::AnycastDelay(_) => (&NDTPA_ANYCAST_DELAY, true),
                NeighParm::ProxyDelay(_) => (&NDTPA_PROXY_DELAY, true),
                NeighParm::ProxyQueue(_) => (&NDTPA_PROXY_QLEN, false),
                NeighParm::Locktime(_) => (&NDTPA_LOCKTIME, true),
            };
            p = if wide {
                p.attr(key.number, &parm.value().to_ne_bytes())
            } else {
                p.attr_u32(key.number, parm.value() as u32)
            };
        }
        r = r.attr(NDTA_PARMS.number, &p.into_attr_bytes());
    }
    Ok(r)
}
