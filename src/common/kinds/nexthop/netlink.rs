//! RTM_NEWNEXTHOP and RTM_DELNEXTHOP requests for a [`NexthopSpec`]. Pure:
//! names are resolved through the caller's `Resolver`, so the bytes are checked
//! against `ip`'s on any OS; the spec's [`ChangeSpec::netlink`] calls it.


use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::common::message::*;
use crate::linux::change::{Resolver, ip_bytes, verb_flags};
use crate::linux::request::Request;

/// RTM_NEWNEXTHOP or RTM_DELNEXTHOP, as `ip nexthop` builds them
/// (iproute2 `ipnh_modify`): a group's weights go as weight minus one.
pub fn nexthop_request(verb: Verb, spec: &NexthopSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let delete = verb == Verb::Delete;
    let h = NexthopHeader {
        family: if delete { AF_UNSPEC } else { spec.family() },
        protocol: spec.protocol.unwrap_or(0),
        flags: if spec.onlink { RTNH_F_ONLINK } else { 0 },
        ..NexthopHeader::default()
    };
    let kind = if delete {
        RTM_DELNEXTHOP
    } else {
        RTM_NEWNEXTHOP
    };
    let mut r = Request::new(kind, verb_flags(verb)).fixed(&h.to_bytes());
    if let Some(id) = spec.id.filter(|&id| id > 0) {
        r = r.attr_u32(NHA_ID.number, id);
    }
    if delete {
        return Ok(r);
    }
    if !spec.group.is_empty() {
        let mut members = Vec::with_capacity(spec.group.len() * 8);
        for &(id, weight) in &spec.group {
            members.extend_from_slice(&id.to_ne_bytes());
            let w = weight - 1;
            members.extend_from_slice(&[(w & 0xff) as u8, (w >> 8) as u8, 0, 0]);
        }
        r = r.attr(NHA_GROUP.number, &members);
        if let Some(buckets) = spec.resilient_buckets {
            r = r
                .attr(NHA_GROUP_TYPE.number, &1u16.to_ne_bytes())
                .nested_flagged(NHA_RES_GROUP.number, |n| {
                    n.attr(NHA_RES_GROUP_BUCKETS.number, &buckets.to_ne_bytes())
                });
        }
    }
    if spec.blackhole {
        r = r.attr(NHA_BLACKHOLE.number, &[]);
    }
    if let Some(dev) = &spec.dev {
        r = r.attr_u32(NHA_OIF.number, res.ifindex(dev, &what)?);
    }
    if let Some(g) = spec.gateway {
        r = r.attr(NHA_GATEWAY.number, &ip_bytes(g));
    }
    if spec.fdb {
        r = r.attr(NHA_FDB.number, &[]);
    }
    Ok(r)
}
