//! RTM_NEWADDR and RTM_DELADDR requests for an [`AddressSpec`]. Pure: names are
//! resolved through the caller's `Resolver`, so the bytes are checked against
//! `ip`'s on any OS; the spec's [`ChangeSpec::netlink`] calls it.

use std::net::IpAddr;

use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::common::message::*;
use crate::linux::change::{Resolver, ip_bytes, verb_flags};
use crate::linux::request::Request;

/// The scope `ip` gives an address it is not told the scope of.
fn default_address_scope(a: IpAddr) -> u8 {
    match a {
        IpAddr::V4(v) if v.is_loopback() => RT_SCOPE_HOST,
        IpAddr::V6(v) if v.is_loopback() => RT_SCOPE_HOST,
        IpAddr::V6(v) if is_link_local(&v) => RT_SCOPE_LINK,
        _ => RT_SCOPE_UNIVERSE,
    }
}

/// RTM_NEWADDR (add, replace) or RTM_DELADDR.
pub fn address_request(verb: Verb, spec: &AddressSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let index = res.ifindex(&spec.dev, &what)?;
    let mut flags = 0u32;
    if spec.nodad {
        flags |= IFA_F_NODAD;
    }
    if spec.noprefixroute {
        flags |= IFA_F_NOPREFIXROUTE;
    }
    let scope = match (spec.scope, verb) {
        (Some(s), _) => s,
        (None, Verb::Delete) => 0,
        (None, _) => default_address_scope(spec.local.addr),
    };
    let h = AddressHeader {
        family: spec.family(),
        prefixlen: spec.prefixlen(),
        flags: (flags & 0xff) as u8,
        scope,
        index,
    }
    .to_bytes();
    let kind = if verb == Verb::Delete {
        RTM_DELADDR
    } else {
        RTM_NEWADDR
    };
    let local = ip_bytes(spec.local.addr);
    let mut r = Request::new(kind, verb_flags(verb))
        .fixed(&h)
        .attr(IFA_LOCAL.number, &local);
    r = match spec.peer {
        Some(p) => r.attr(IFA_ADDRESS.number, &ip_bytes(p.addr)),
        None => r.attr(IFA_ADDRESS.number, &local),
    };
    if verb == Verb::Delete {
        return Ok(r);
    }
    if let Some(b) = spec.broadcast_addr() {
        r = r.attr(IFA_BROADCAST.number, &b.octets());
    }
    if let Some(l) = &spec.label {
        r = r.attr_str(IFA_LABEL.number, l);
    }
    if spec.valid_lft.is_some() || spec.preferred_lft.is_some() {
        let valid = spec.valid_lft.unwrap_or(INFINITY_LIFE_TIME);
        let preferred = spec.preferred_lft.unwrap_or(INFINITY_LIFE_TIME);
        if preferred > valid {
            return Err(crate::Error::invalid(
                what,
                "preferred_lft is greater than valid_lft (an unset lifetime is forever)",
            ));
        }
        let mut ci = Vec::with_capacity(16);
        for v in [preferred, valid, 0, 0] {
            ci.extend_from_slice(&v.to_ne_bytes());
        }
        r = r.attr(IFA_CACHEINFO.number, &ci);
    }
    if flags != 0 {
        r = r.attr_u32(IFA_FLAGS.number, flags);
    }
    if let Some(m) = spec.metric {
        r = r.attr_u32(IFA_RT_PRIORITY.number, m);
    }
    if let Some(p) = spec.protocol {
        r = r.attr(IFA_PROTO.number, &[p]);
    }
    Ok(r)
}
