//! What the BSD backend does for each call of the shared trait, as pure
//! code over [`Sys`]: which sysctl, which routing-socket messages in which
//! order, which ioctls. The live backend runs it against the kernel; the
//! dry run against a recorder, on any host. Each kernel rule it follows is
//! named where it is applied and listed in `docs/bsd-audit.md`.

mod address;
mod link;

use std::net::IpAddr;

pub use address::address;
pub use link::link;

use super::decode::Records;
use super::encode::{self, RTF_LLINFO, RTF_LOCAL, RtRequest};
use super::layout::{Layout, Os};
use super::sys::{Expect, Sys};
use crate::common::api::{Filter, Interface, ObjectKind};
use crate::common::change::{IpNet, NeighbourSpec, RouteSpec, Verb};
use crate::common::constants::*;
use crate::common::error::{Error, Result};
use crate::common::kinds::OnBsd;

pub(crate) const CTL_NET: i32 = 4;
pub(crate) const PF_ROUTE: i32 = 17;
const NET_RT_DUMP: i32 = 1;
const NET_RT_FLAGS: i32 = 2;
const NET_RT_IFLIST: i32 = 3;
/// FreeBSD only: the multicast groups joined on each interface.
const NET_RT_IFMALIST: i32 = 4;
/// FreeBSD only (`sys/sys/socket.h`; OpenBSD's 6 and 7 are other lists):
/// the nexthops and the nexthop groups of one family in one FIB.
pub(crate) const NET_RT_NHOP: i32 = 6;
pub(crate) const NET_RT_NHGRP: i32 = 7;

/// The index of an interface given by name or index, refused when the
/// kernel's 16-bit message fields cannot carry it.
pub fn ifindex<S: Sys>(s: &mut S, dev: &Interface, what: &str) -> Result<u16> {
    let index = match dev {
        Interface::Index(i) => *i,
        Interface::Name(n) => s.ifindex(n)?.ok_or_else(|| no_device(what, n))?,
    };
    u16::try_from(index).map_err(|_| Error::invalid(what.to_owned(), "interface index > 65535"))
}

/// The name of an interface given by name or index.
pub fn ifname<S: Sys>(s: &mut S, dev: &Interface, what: &str) -> Result<String> {
    match dev {
        Interface::Name(n) => Ok(n.clone()),
        Interface::Index(i) => s.ifname(*i)?.ok_or_else(|| Error::Kernel {
            request: what.to_owned(),
            errno: libc::ENXIO,
            ext_ack: Some(format!("no interface with index {i}")),
        }),
    }
}

fn no_device(what: &str, name: &str) -> Error {
    Error::Kernel {
        request: what.to_owned(),
        errno: libc::ENXIO,
        ext_ack: Some(format!("cannot find device \"{name}\"")),
    }
}

fn kernel(what: &str, errno: i32, text: impl Into<String>) -> Error {
    Error::Kernel {
        request: what.to_owned(),
        errno,
        ext_ack: Some(text.into()),
    }
}

/// A BSD address family for a Linux one (0: all).
pub fn bsd_family(layout: &Layout, family: Option<u8>) -> i32 {
    match family {
        Some(AF_INET) => 2,
        Some(AF_INET6) => layout.af_inet6().into(),
        _ => 0,
    }
}

/// One sysctl a dump reads, and the FIB its messages belong to (FreeBSD
/// route messages do not carry it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DumpMib {
    pub mib: Vec<i32>,
    pub fib: Option<u32>,
    /// What its buffer holds.
    pub records: Records,
}

/// The sysctls that dump one class (`tables`: the routing tables to read).
///
/// - NET_RT_IFLIST's last level is an interface index (0: all), so the
///   kernel does a device filter itself.
/// - NET_RT_DUMP takes a FIB (FreeBSD) or rtable (OpenBSD) as 7th level
///   (`sysctl_rtsock`, `sysctl_rtable`).
/// - FreeBSD: NET_RT_FLAGS/RTF_LLINFO takes exactly 6 levels (a 7th is
///   ENOTDIR in `sysctl_rtsock`) and a family (0 is EINVAL in
///   `lltable_sysctl_dumparp`): one sysctl per family, as arp(8) and
///   ndp(8) do. OpenBSD reads it from a table like NET_RT_DUMP.
/// - FreeBSD: NET_RT_NHOP and NET_RT_NHGRP take a family (0 is
///   EAFNOSUPPORT), an ignored 6th level and the FIB as 7th
///   (`sysctl_rtsock`; netstat's nhops.c builds the same MIB).
pub fn dump_mibs(
    layout: &Layout,
    kind: ObjectKind,
    family: Option<u8>,
    ifindex: Option<u32>,
    tables: &[u32],
) -> Vec<DumpMib> {
    let af = bsd_family(layout, family);
    let head = [CTL_NET, PF_ROUTE, 0];
    let mib = |rest: &[i32]| [&head[..], rest].concat();
    match kind.info().bsd {
        OnBsd::Links | OnBsd::Addresses => vec![DumpMib {
            mib: mib(&[af, NET_RT_IFLIST, ifindex.unwrap_or(0) as i32]),
            fib: None,
            records: Records::Messages,
        }],
        OnBsd::Routes => tables
            .iter()
            .map(|&t| DumpMib {
                mib: mib(&[af, NET_RT_DUMP, 0, t as i32]),
                fib: Some(t),
                records: Records::Messages,
            })
            .collect(),
        OnBsd::Neighbours if layout.os == Os::FreeBsd => {
            let families = match family {
                Some(_) => vec![af],
                None => vec![2, layout.af_inet6().into()],
            };
            families
                .into_iter()
                .map(|af| DumpMib {
                    mib: mib(&[af, NET_RT_FLAGS, RTF_LLINFO as i32]),
                    fib: None,
                    records: Records::Messages,
                })
                .collect()
        }
        OnBsd::Neighbours => vec![DumpMib {
            mib: mib(&[af, NET_RT_FLAGS, RTF_LLINFO as i32, 0]),
            fib: None,
            records: Records::Messages,
        }],
        OnBsd::Nexthops(_) if layout.os == Os::FreeBsd => {
            let families = match family {
                Some(_) => vec![af],
                None => vec![2, layout.af_inet6().into()],
            };
            let mut mibs = Vec::new();
            for &t in tables {
                for &af in &families {
                    for (op, records) in [
                        (NET_RT_NHOP, Records::Nexthops),
                        (NET_RT_NHGRP, Records::NexthopGroups),
                    ] {
                        mibs.push(DumpMib {
                            mib: mib(&[af, op, 0, t as i32]),
                            fib: Some(t),
                            records,
                        });
                    }
                }
            }
            mibs
        }
        OnBsd::Multicast if layout.os == Os::FreeBsd => vec![DumpMib {
            mib: multicast_mib(layout, family, ifindex),
            fib: None,
            records: Records::Messages,
        }],
        // Nothing a routing socket lists (see the kind's reason).
        OnBsd::Absent(_) | OnBsd::Nexthops(_) | OnBsd::Multicast => Vec::new(),
    }
}

/// The sysctls of a dump for `filter`: its interface resolved, its table
/// mapped (none: every table there is).
pub fn dump_plan<S: Sys>(
    s: &mut S,
    kind: ObjectKind,
    filter: &Filter,
    what: &str,
) -> Result<(Vec<DumpMib>, Option<u32>)> {
    let layout = s.layout();
    if filter.ext_mask.is_some() {
        return Err(Error::Unsupported(format!(
            "{what} ext_mask (IFLA_EXT_MASK is rtnetlink's; NET_RT_IFLIST has no such bits)"
        )));
    }
    if filter.master.is_some() {
        return Err(Error::Unsupported(format!(
            "{what} master (bridge members are ifconfig's to list on a BSD)"
        )));
    }
    if filter.proxy {
        return Err(Error::Unsupported(format!(
            "{what} proxy (the BSDs publish ARP entries instead; arp -an lists them)"
        )));
    }
    let ifindex = match &filter.interface {
        Some(i) => Some(u32::from(ifindex(s, i, what)?)),
        None => None,
    };
    let every_table = kind == ObjectKind::Route
        || (matches!(kind.info().bsd, OnBsd::Nexthops(_)) && layout.os == Os::FreeBsd);
    let tables = match (kind, filter.table) {
        (_, None) if every_table => s.route_tables()?,
        (_, table) => vec![encode::bsd_table(&layout, table, what)?],
    };
    Ok((
        dump_mibs(&layout, kind, filter.family, ifindex, &tables),
        ifindex,
    ))
}

/// NET_RT_IFMALIST (FreeBSD only): family and interface go to the kernel.
pub fn multicast_mib(layout: &Layout, family: Option<u8>, ifindex: Option<u32>) -> Vec<i32> {
    let af = bsd_family(layout, family);
    vec![
        CTL_NET,
        PF_ROUTE,
        0,
        af,
        NET_RT_IFMALIST,
        ifindex.unwrap_or(0) as i32,
    ]
}

/// The fields of a routing-socket answer the checks below need.
struct Answer {
    index: u16,
    flags: u32,
}

fn answer(layout: &Layout, b: &[u8]) -> Option<Answer> {
    let abi = layout.abi();
    (b.len() >= abi.rt.len).then(|| Answer {
        index: abi.get(abi.rt.index, b) as u16,
        flags: abi.get32(abi.rt.flags, b),
    })
}

fn host(addr: IpAddr) -> IpNet {
    IpNet {
        addr,
        len: if addr.is_ipv4() { 32 } else { 128 },
    }
}

/// Adds, changes, replaces or deletes a route.
///
/// - Replace is RTM_CHANGE, then RTM_ADD when the kernel says the route is
///   not there (ESRCH from FreeBSD `rib_change_route`, OpenBSD
///   `rtm_output`): Linux's create-or-replace.
/// - FreeBSD: RTM_ADD of a prefix that has a route via another gateway
///   silently makes it multipath (`add_route_flags`), so an Add of a
///   gateway route asks first and answers EEXIST as Linux does; Append is
///   the way to a second path.
/// - A delete by device (no gateway) finds the route at the prefix first
///   and deletes it only when it leaves through that device, as Linux
///   does: neither kernel filters a delete by interface.
pub fn route<S: Sys>(s: &mut S, verb: Verb, spec: &RouteSpec) -> Result<()> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let layout = s.layout();
    let family = spec.resolved_family();
    let mixed = spec
        .gateway
        .is_some_and(|g| Some(crate::common::change::family_of(g)) != family);
    if spec.pref.is_some() || spec.expires.is_some() || mixed {
        return Err(Error::Unsupported(format!(
            "{what}: pref, expires and a next hop of the other family through rtsock on a BSD"
        )));
    }
    if spec.encap.is_some() {
        return Err(Error::Unsupported(format!(
            "{what}: lightweight tunnels (encap) on a BSD"
        )));
    }
    let index = match &spec.dev {
        Some(d) => Some(ifindex(s, d, &what)?),
        None => None,
    };
    let req = encode::route_request(&layout, verb, spec, index)?;
    match verb {
        Verb::Replace => match s.route_write(&req, &what) {
            Err(e) if e.errno() == Some(libc::ESRCH) => {
                let add = encode::route_request(&layout, Verb::Add, spec, index)?;
                s.route_write(&add, &what)
            }
            other => other,
        },
        Verb::Add if layout.os == Os::FreeBsd && spec.gateway.is_some() => {
            let probe = exact_get(&layout, &req, spec, index);
            match s.route_get(&probe, Expect::Missing, &what) {
                Ok(_) => Err(kernel(
                    &what,
                    libc::EEXIST,
                    "a route to this prefix exists (append adds a path)",
                )),
                Err(e) if e.errno() == Some(libc::ESRCH) => s.route_write(&req, &what),
                Err(e) => Err(e),
            }
        }
        Verb::Delete if spec.gateway.is_none() && index.is_some() => {
            let mut probe = exact_get(&layout, &req, spec, index);
            probe.index = index.unwrap_or(0);
            let found = s.route_get(&probe, Expect::Found, &what)?;
            match answer(&layout, &found) {
                Some(a) if Some(a.index) == index => s.route_write(&req, &what),
                _ => Err(kernel(
                    &what,
                    libc::ESRCH,
                    "the route at this prefix uses another device",
                )),
            }
        }
        _ => s.route_write(&req, &what),
    }
}

/// The exact RTM_GET for the prefix a route request names.
fn exact_get(layout: &Layout, req: &RtRequest, spec: &RouteSpec, index: Option<u16>) -> RtRequest {
    let dst = spec.dst_or_default();
    encode::route_exact_get(layout, dst, req.table, index.unwrap_or(0).into())
}

/// Adds, changes, replaces or deletes an ARP/NDP entry.
///
/// - OpenBSD: RTM_ADD of an IPv4 entry that exists is EEXIST
///   (`route_arp_conflict`), so Replace then changes it.
/// - OpenBSD: a delete removes whatever host route sits at the address
///   (`rtm_output` checks no RTF_LLINFO), so it asks first, as arp(8)
///   does, and deletes only an ARP/NDP entry on that interface that is
///   not a local address's own.
pub fn neighbour<S: Sys>(s: &mut S, verb: Verb, spec: &NeighbourSpec) -> Result<()> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let layout = s.layout();
    let index = ifindex(s, &spec.dev, &what)?;
    let req = encode::neighbour_request(&layout, verb, spec, index, s.clocks())?;
    match (layout.os, verb) {
        (Os::OpenBsd, Verb::Replace) => match s.route_write(&req, &what) {
            Err(e) if e.errno() == Some(libc::EEXIST) => {
                let change =
                    encode::neighbour_request(&layout, Verb::Change, spec, index, s.clocks())?;
                s.route_write(&change, &what)
            }
            other => other,
        },
        (Os::OpenBsd, Verb::Delete) => {
            let dst = spec.dst.expect("validated");
            let mut probe = encode::route_exact_get(&layout, host(dst), 0, index.into());
            // What the entry must look like (the dry run answers with it).
            probe.flags |= RTF_LLINFO | encode::RTF_HOST;
            probe.index = index;
            let found = s.route_get(&probe, Expect::Found, &what)?;
            match answer(&layout, &found) {
                Some(a) if a.flags & RTF_LOCAL != 0 => Err(kernel(
                    &what,
                    libc::EPERM,
                    "the entry of a local address goes with the address",
                )),
                Some(a) if a.flags & RTF_LLINFO != 0 && a.index == index => {
                    s.route_write(&req, &what)
                }
                _ => Err(kernel(
                    &what,
                    libc::ESRCH,
                    "no ARP/NDP entry at this address on this device",
                )),
            }
        }
        _ => s.route_write(&req, &what),
    }
}

/// RTM_GET of the route to `dst` in `table` (`route -n get`): the answer's
/// bytes. A link-local address is looked up in the zone of `dev`.
pub fn route_get<S: Sys>(
    s: &mut S,
    dst: IpAddr,
    dev: Option<&Interface>,
    table: Option<u32>,
) -> Result<Vec<u8>> {
    let what = format!("route get {dst}");
    let layout = s.layout();
    let zone = match dev {
        Some(d) => ifindex(s, d, &what)?.into(),
        None => match dst {
            IpAddr::V6(v) if encode::is_scoped(v) => {
                return Err(Error::invalid(
                    what,
                    "a link-local address needs its interface (dev)",
                ));
            }
            _ => 0,
        },
    };
    let table = encode::bsd_table(&layout, table, &what)?;
    let req = encode::route_get_request(&layout, dst, zone, table);
    s.route_get(&req, Expect::Found, &what)
}

#[cfg(test)]
mod tests;
