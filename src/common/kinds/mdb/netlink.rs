//! RTM_NEWMDB and RTM_DELMDB requests for an [`MdbSpec`], as `bridge mdb`
//! builds them (mdb_modify: MDBA_SET_ENTRY, a `struct br_mdb_entry`).
//! Pure: interfaces are resolved through the caller's `Resolver`; the
//! spec's [`ChangeSpec::netlink`] calls it.

use std::net::IpAddr;

use super::MdbHeader;
use super::spec::{MdbGroup, MdbSpec};
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::linux::change::{Resolver, verb_flags};
use crate::linux::request::Request;

/// MDBA_SET_ENTRY: the attribute a change carries its entry in.
const MDBA_SET_ENTRY: u16 = 1;

/// The request for `verb`: the bridge in the header, the port, state,
/// VLAN and group in the entry (the state only when adding, as bridge
/// sends it).
pub fn mdb_request(verb: Verb, spec: &MdbSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let h = MdbHeader {
        family: AF_BRIDGE,
        index: res.ifindex(&spec.bridge, &what)?,
    };
    let delete = verb == Verb::Delete;
    let mut entry = [0u8; 28];
    entry[..4].copy_from_slice(&res.ifindex(&spec.port, &what)?.to_ne_bytes());
    entry[4] = u8::from(spec.permanent && !delete);
    entry[6..8].copy_from_slice(&spec.vid.to_ne_bytes());
    let proto: u16 = match spec.group {
        MdbGroup::Ip(IpAddr::V4(a)) => {
            entry[8..12].copy_from_slice(&a.octets());
            0x0800
        }
        MdbGroup::Ip(IpAddr::V6(a)) => {
            entry[8..24].copy_from_slice(&a.octets());
            0x86dd
        }
        MdbGroup::Mac(m) => {
            entry[8..14].copy_from_slice(m.as_bytes());
            0
        }
    };
    entry[24..26].copy_from_slice(&proto.to_be_bytes());
    let kind = if delete { RTM_DELMDB } else { RTM_NEWMDB };
    Ok(Request::new(kind, verb_flags(verb))
        .fixed(&h.to_bytes())
        .attr(MDBA_SET_ENTRY, &entry))
}
