//! The typed view of a route message.

use std::net::IpAddr;

use crate::common::attrs::*;
use crate::common::message::{Body, Message};
use crate::common::types::*;
use crate::common::value::{Attr, Value, find_key};
use crate::common::views::*;
use std::fmt;

/// One hop of a multipath route.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct NextHop {
    /// The hop's outgoing interface index (`dev`), 0 if none.
    pub oif: u32,
    /// The hop's gateway (`via`, RTA_GATEWAY or RTA_VIA), or None for a
    /// device-only hop.
    pub gateway: Option<IpAddr>,
    /// `ip`'s weight: rtnh_hops + 1.
    pub weight: u16,
    /// The hop's RTNH_F_* flags (`onlink`, `dead`, ...).
    pub flags: u8,
    /// The labels an MPLS route's path sends out (RTA_NEWDST, `as to`).
    pub labels: Vec<u32>,
}

/// A route (RTM_NEWROUTE).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Route {
    /// The address family: AF_INET, AF_INET6, ...
    pub family: u8,
    /// The destination (RTA_DST), or None for a default route.
    pub dst: Option<IpAddr>,
    /// The destination prefix length in bits (0 for a default route).
    pub dst_len: u8,
    /// The source prefix the route matches (RTA_SRC, `from`), or None if any.
    pub src: Option<IpAddr>,
    /// The source prefix length in bits.
    pub src_len: u8,
    /// The gateway (`via`, RTA_GATEWAY or RTA_VIA), or None for a direct or multipath route.
    pub gateway: Option<IpAddr>,
    /// The outgoing interface index (`dev`, RTA_OIF), or None if not reported.
    pub oif: Option<u32>,
    /// The incoming interface index (`iif`, RTA_IIF), or None if not reported.
    pub iif: Option<u32>,
    /// RTA_TABLE when present (32 bits), else the header's table.
    pub table: u32,
    /// The route's priority, lower preferred (`metric`, RTA_PRIORITY), or None if not reported.
    pub priority: Option<u32>,
    /// The RTPROT_* origin of the route (`proto kernel`, `boot`, `static`, ...).
    pub proto: RouteProtocol,
    /// The RT_SCOPE_* scope (`scope global`, `link`, `host`).
    pub scope: Scope,
    /// rtm_type: unicast, local, blackhole, ...
    pub kind: RouteType,
    /// The preferred source address (`src`, RTA_PREFSRC), or None if not reported.
    pub prefsrc: Option<IpAddr>,
    /// The RTM_F_* and RTNH_F_* flags (`rtm_flags`).
    pub flags: u32,
    /// The TOS the route matches (`tos`), 0 for any.
    pub tos: u8,
    /// The paths of a multipath route (RTA_MULTIPATH, `nexthop`), empty for a single-path route.
    pub nexthops: Vec<NextHop>,
    /// RTA_METRICS as `(RTAX name, value)` pairs.
    pub metrics: Vec<(String, u32)>,
    /// The IPv6 router preference (RTA_PREF: 3 low, 0 medium, 1 high), when reported.
    pub pref: Option<u8>,
    /// Seconds until the route expires (RTA_CACHEINFO's `rta_expires`, or
    /// RTA_EXPIRES), when it does.
    pub expires: Option<u32>,
    /// The nexthop object it goes through (RTA_NH_ID, `nhid`; on FreeBSD
    /// the kernel's nexthop index).
    pub nhid: Option<u32>,
}

impl Route {
    /// Whether this is a default route (`0.0.0.0/0`, `::/0`).
    pub fn is_default(&self) -> bool {
        self.dst_len == 0
    }

    /// The route view of `m`, or None if `m` is not a route message.
    pub fn from_message(m: &Message) -> Option<Route> {
        let Body::Route(h) = &m.body else { return None };
        Some(Route {
            family: h.family,
            dst: attr_ip(m, &RTA_DST),
            dst_len: h.dst_len,
            src: attr_ip(m, &RTA_SRC),
            src_len: h.src_len,
            gateway: attr_ip(m, &RTA_GATEWAY).or_else(|| {
                m.get(&RTA_VIA)
                    .and_then(|v| v.field("addr"))
                    .and_then(Value::as_ip)
            }),
            oif: attr_u32(m, &RTA_OIF),
            iif: attr_u32(m, &RTA_IIF),
            table: route_table(m).unwrap_or(0),
            priority: attr_u32(m, &RTA_PRIORITY),
            proto: h.proto.into(),
            scope: h.scope.into(),
            kind: h.kind.into(),
            prefsrc: attr_ip(m, &RTA_PREFSRC),
            flags: h.flags,
            tos: h.tos,
            nexthops: m.get(&RTA_MULTIPATH).map(nexthops).unwrap_or_default(),
            metrics: m
                .get(&RTA_METRICS)
                .and_then(Value::as_nested)
                .map(|attrs| {
                    attrs
                        .iter()
                        .filter_map(|a| a.value.as_u32().map(|v| (a.name.to_string(), v)))
                        .collect()
                })
                .unwrap_or_default(),
            pref: attr_u32(m, &RTA_PREF).map(|p| p as u8),
            nhid: attr_u32(m, &RTA_NH_ID),
            // A dump says it in RTA_CACHEINFO, in USER_HZ (100) ticks, as
            // `ip route` reads it; a request's RTA_EXPIRES is in seconds.
            expires: attr_u32(m, &RTA_EXPIRES).or_else(|| {
                m.get(&RTA_CACHEINFO)
                    .and_then(|c| c.field("rta_expires"))
                    .and_then(Value::as_u32)
                    .filter(|t| *t > 0)
                    .map(|t| t / 100)
            }),
        })
    }
}

fn nexthops(v: &Value) -> Vec<NextHop> {
    let Value::List(hops) = v else {
        return Vec::new();
    };
    hops.iter()
        .map(|hop| {
            let attrs: &[Attr] = hop.field("attrs").and_then(Value::as_nested).unwrap_or(&[]);
            NextHop {
                oif: hop.field("oif").and_then(Value::as_u32).unwrap_or(0),
                gateway: find_key(attrs, &RTA_GATEWAY)
                    .and_then(Value::as_ip)
                    .or_else(|| {
                        find_key(attrs, &RTA_VIA)
                            .and_then(|v| v.field("addr"))
                            .and_then(Value::as_ip)
                    }),
                labels: match find_key(attrs, &RTA_NEWDST) {
                    Some(Value::List(l)) => l.iter().filter_map(Value::as_u32).collect(),
                    _ => Vec::new(),
                },
                weight: hop
                    .field("hops")
                    .and_then(Value::as_u64)
                    .map_or(1, |h| h as u16 + 1),
                flags: hop.field("flags").and_then(Value::as_u64).unwrap_or(0) as u8,
            }
        })
        .collect()
}

/// `ip route`'s line without name resolution:
/// `10.0.0.0/24 via 192.0.2.1 dev if2 table main proto static scope global metric 100`.
impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind != RouteType::Unicast {
            write!(f, "{} ", self.kind)?;
        }
        f.write_str(&prefix_text(self.dst, self.dst_len))?;
        if let Some(src) = self.src {
            write!(f, " from {}", prefix_text(Some(src), self.src_len))?;
        }
        if let Some(gw) = self.gateway {
            write!(f, " via {gw}")?;
        }
        if let Some(oif) = self.oif {
            write!(f, " dev if{oif}")?;
        }
        write!(
            f,
            " table {} proto {} scope {}",
            table_text(self.table),
            self.proto,
            self.scope
        )?;
        if let Some(src) = self.prefsrc {
            write!(f, " src {src}")?;
        }
        if let Some(metric) = self.priority {
            write!(f, " metric {metric}")?;
        }
        for hop in &self.nexthops {
            f.write_str(" nexthop")?;
            if let Some(gw) = hop.gateway {
                write!(f, " via {gw}")?;
            }
            write!(f, " dev if{} weight {}", hop.oif, hop.weight)?;
        }
        Ok(())
    }
}
