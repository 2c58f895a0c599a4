//! RTM_NEWTUNNEL and RTM_DELTUNNEL requests for a [`VniSpec`], as `bridge
//! vni add|del` builds them (vni_modify): the device in a `struct
//! tunnel_msg`, then one VXLAN_VNIFILTER_ENTRY (with NLA_F_NESTED, which
//! vxlan_vnifilter_process checks) per VNI or range.

use std::net::IpAddr;

use super::TunnelHeader;
use super::spec::VniSpec;
use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::linux::change::Resolver;
use crate::linux::request::Request;

/// The request for `verb` (add: RTM_NEWTUNNEL; del: RTM_DELTUNNEL).
pub fn vni_request(verb: Verb, spec: &VniSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let h = TunnelHeader {
        family: AF_BRIDGE,
        flags: 0,
        index: res.ifindex(&spec.dev, &what)?,
    };
    let kind = if verb == Verb::Delete {
        RTM_DELTUNNEL
    } else {
        RTM_NEWTUNNEL
    };
    let mut r = Request::new(kind, NLM_F_REQUEST | NLM_F_ACK).fixed(&h.to_bytes());
    for v in &spec.vnis {
        r = r.nested_flagged(VXLAN_VNIFILTER_ENTRY.number, |mut e| {
            e = e.attr_u32(VXLAN_VNIFILTER_ENTRY_START.number, v.start);
            if let Some(end) = v.end {
                e = e.attr_u32(VXLAN_VNIFILTER_ENTRY_END.number, end);
            }
            match spec.remote {
                Some(IpAddr::V4(a)) => e.attr(VXLAN_VNIFILTER_ENTRY_GROUP.number, &a.octets()),
                Some(IpAddr::V6(a)) => e.attr(VXLAN_VNIFILTER_ENTRY_GROUP6.number, &a.octets()),
                None => e,
            }
        });
    }
    Ok(r)
}
