//! RTM_NEWADDRLABEL and RTM_DELADDRLABEL requests for an
//! [`AddrLabelSpec`], as `ip addrlabel` builds them (ipaddrlabel_modify:
//! the label, then the address). Pure: the interface is resolved through
//! the caller's `Resolver`; the spec's [`ChangeSpec::netlink`] calls it.

use super::AddrLabelHeader;
use super::spec::AddrLabelSpec;
use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::linux::change::{Resolver, ip_bytes, verb_flags};
use crate::linux::request::Request;

/// The request for `verb` (add or del).
pub fn addrlabel_request(
    verb: Verb,
    spec: &AddrLabelSpec,
    res: &mut dyn Resolver,
) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let index = match &spec.dev {
        Some(d) => res.ifindex(d, &what)?,
        None => 0,
    };
    let h = AddrLabelHeader {
        family: AF_INET6,
        prefixlen: spec.prefix.len,
        index,
        ..AddrLabelHeader::default()
    };
    let kind = if verb == Verb::Delete {
        RTM_DELADDRLABEL
    } else {
        RTM_NEWADDRLABEL
    };
    Ok(Request::new(kind, verb_flags(verb))
        .fixed(&h.to_bytes())
        .attr_u32(IFAL_LABEL.number, spec.label)
        .attr(IFAL_ADDRESS.number, &ip_bytes(spec.prefix.addr)))
}
