//! The requests of `bridge vlan add|del` (vlan_modify): RTM_SETLINK or
//! RTM_DELLINK of AF_BRIDGE for the port, with IFLA_AF_SPEC holding the
//! flags (self, master) and one IFLA_BRIDGE_VLAN_INFO, or two for a range.

use super::spec::BridgeVlanSpec;
use super::view::{BRIDGE_VLAN_INFO_PVID, BRIDGE_VLAN_INFO_UNTAGGED};
use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::common::kinds::link::LinkHeader;
use crate::linux::change::Resolver;
use crate::linux::request::Request;

/// BRIDGE_VLAN_INFO_RANGE_BEGIN and _END.
const RANGE_BEGIN: u16 = 1 << 3;
const RANGE_END: u16 = 1 << 4;
/// BRIDGE_FLAGS_MASTER and BRIDGE_FLAGS_SELF.
const FLAGS_MASTER: u16 = 1;
const FLAGS_SELF: u16 = 2;

/// The request for `verb` (add: RTM_SETLINK; del: RTM_DELLINK).
pub fn vlan_request(verb: Verb, spec: &BridgeVlanSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let h = LinkHeader {
        family: AF_BRIDGE,
        index: res.ifindex(&spec.dev, &what)?,
        ..LinkHeader::default()
    };
    let kind = if verb == Verb::Delete {
        RTM_DELLINK
    } else {
        RTM_SETLINK
    };
    let mut flags = if spec.pvid { BRIDGE_VLAN_INFO_PVID } else { 0 }
        | if spec.untagged {
            BRIDGE_VLAN_INFO_UNTAGGED
        } else {
            0
        };
    let bridge_flags = if spec.self_ { FLAGS_SELF } else { 0 } | if spec.master { FLAGS_MASTER } else { 0 };
    let info = |flags: u16, vid: u16| {
        let mut b = flags.to_ne_bytes().to_vec();
        b.extend_from_slice(&vid.to_ne_bytes());
        b
    };
    Ok(Request::new(kind, NLM_F_REQUEST | NLM_F_ACK)
        .fixed(&h.to_bytes())
        .nested(IFLA_AF_SPEC.number, |mut a| {
            if bridge_flags != 0 {
                a = a.attr(IFLA_BRIDGE_FLAGS.number, &bridge_flags.to_ne_bytes());
            }
            match spec.vid_end {
                Some(end) => {
                    flags |= RANGE_BEGIN;
                    a = a.attr(IFLA_BRIDGE_VLAN_INFO.number, &info(flags, spec.vid));
                    let last = (flags & !RANGE_BEGIN) | RANGE_END;
                    a.attr(IFLA_BRIDGE_VLAN_INFO.number, &info(last, end))
                }
                None => a.attr(IFLA_BRIDGE_VLAN_INFO.number, &info(flags, spec.vid)),
            }
        }))
}
