//! Interface addresses on the BSDs, through SIOCAIFADDR / SIOCDIFADDR and
//! their `_IN6` twins, as `ifconfig` sets them.

use std::net::IpAddr;

use super::super::ifreq::{IN6_IFF_NODAD, INFINITE_LIFETIME, Inet6Alias};
use super::super::ioctl;
use super::super::layout::Os;
use super::super::sys::Sys;
use super::{ifindex, ifname};
use crate::common::change::{AddressSpec, Verb};
use crate::common::error::{Error, Result};

/// Adds, replaces or deletes an interface address.
pub fn address<S: Sys>(s: &mut S, verb: Verb, spec: &AddressSpec) -> Result<()> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let layout = s.layout();
    // A delete names the address only (a dumped message may carry more).
    if verb != Verb::Delete
        && (spec.noprefixroute
            || spec.label.is_some()
            || spec.scope.is_some()
            || spec.metric.is_some()
            || spec.protocol.is_some())
    {
        return Err(Error::Unsupported(format!(
            "{what}: noprefixroute, label, scope, metric and proto on a BSD"
        )));
    }
    if verb == Verb::Change {
        return Err(Error::Unsupported(format!(
            "{what}: address change on a BSD (SIOCAIFADDR replaces; use replace)"
        )));
    }
    let name = ifname(s, &spec.dev, &what)?;
    let mut call = match spec.local.addr {
        IpAddr::V4(addr) if verb == Verb::Delete => {
            ioctl::delete_inet(&layout, &name, addr, &what)?
        }
        IpAddr::V4(addr) => {
            let other = match (spec.peer, spec.broadcast_addr()) {
                (Some(p), _) => match p.addr {
                    IpAddr::V4(p) => Some(p),
                    IpAddr::V6(_) => None,
                },
                (None, b) => b,
            };
            ioctl::add_inet(&layout, &name, addr, spec.prefixlen(), other, &what)?
        }
        IpAddr::V6(addr) => {
            let index = ifindex(s, &spec.dev, &what)?.into();
            if verb == Verb::Delete {
                ioctl::delete_inet6(&layout, &name, addr, index, &what)?
            } else {
                if spec.nodad && layout.os == Os::OpenBsd {
                    return Err(Error::Unsupported(format!(
                        "{what}: OpenBSD has no per-address nodad"
                    )));
                }
                let alias = Inet6Alias {
                    name,
                    ifindex: index,
                    addr,
                    prefixlen: spec.prefixlen(),
                    peer: spec.peer.and_then(|p| match p.addr {
                        IpAddr::V6(p) => Some(p),
                        IpAddr::V4(_) => None,
                    }),
                    flags: if spec.nodad { IN6_IFF_NODAD } else { 0 },
                    valid: spec.valid_lft.unwrap_or(INFINITE_LIFETIME),
                    preferred: spec.preferred_lft.unwrap_or(INFINITE_LIFETIME),
                };
                ioctl::add_inet6(&layout, &alias, &what)?
            }
        }
    };
    s.ioctl(&mut call, &what)
}
