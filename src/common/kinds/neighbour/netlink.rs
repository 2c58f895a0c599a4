//! RTM_NEWNEIGH and RTM_DELNEIGH requests for a [`NeighbourSpec`]. Pure: names
//! are resolved through the caller's `Resolver`, so the bytes are checked
//! against `ip`'s on any OS; the spec's [`ChangeSpec::netlink`] calls it.


use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::common::message::*;
use crate::linux::change::{Resolver, ip_bytes, verb_flags};
use crate::linux::request::Request;

/// RTM_NEWNEIGH or RTM_DELNEIGH, for ARP/NDP entries and bridge FDB entries.
pub fn neighbour_request(
    verb: Verb,
    spec: &NeighbourSpec,
    res: &mut dyn Resolver,
) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let index = res.ifindex(&spec.dev, &what)?;
    let state = if verb == Verb::Delete && spec.family != AF_BRIDGE {
        0
    } else {
        spec.resolved_state()
    };
    let h = NeighbourHeader {
        family: spec.family,
        ifindex: index,
        state,
        flags: spec.flags,
        ndm_type: 0,
    }
    .to_bytes();
    let kind = if verb == Verb::Delete {
        RTM_DELNEIGH
    } else {
        RTM_NEWNEIGH
    };
    let mut r = Request::new(kind, verb_flags(verb)).fixed(&h);
    if let Some(d) = spec.dst {
        r = r.attr(NDA_DST.number, &ip_bytes(d));
    }
    if let Some(l) = &spec.lladdr {
        r = r.attr(NDA_LLADDR.number, l.as_bytes());
    }
    if let Some(v) = spec.vlan {
        r = r.attr(NDA_VLAN.number, &v.to_ne_bytes());
    }
    Ok(r)
}
