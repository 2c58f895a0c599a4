//! The typed view of a nexthop message.

use std::net::IpAddr;

use crate::common::attrs::*;
use crate::common::message::{Body, Message};
use crate::common::types::*;
use crate::common::value::Value;
use crate::common::views::*;
use std::fmt;

/// One member of a nexthop group, with its weight as `ip` counts it (1 to
/// 256; the kernel stores it minus one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GroupMember {
    /// The member nexthop's id.
    pub id: u32,
    /// The member's weight, 1 to 256.
    pub weight: u16,
}

/// A nexthop object (RTM_NEWNEXTHOP): a gateway and/or device, a
/// blackhole, or a group of other nexthops.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Nexthop {
    /// The nexthop's id (`id`, NHA_ID), 0 if not reported.
    pub id: u32,
    /// The address family: AF_INET, AF_INET6, or AF_UNSPEC for groups.
    pub family: u8,
    /// The RT_SCOPE_* scope.
    pub scope: Scope,
    /// The RTPROT_* owner of the nexthop (`proto`).
    pub protocol: RouteProtocol,
    /// RTNH_F_* (`onlink`, `dead`, ...).
    pub flags: u32,
    /// The gateway (`via`, NHA_GATEWAY), or None if there is none.
    pub gateway: Option<IpAddr>,
    /// The outgoing interface index (`dev`, NHA_OIF), or None if there is none.
    pub oif: Option<u32>,
    /// Whether it drops what is sent through it (`blackhole`, NHA_BLACKHOLE).
    pub blackhole: bool,
    /// Whether it is for VXLAN FDB entries (`fdb`, NHA_FDB).
    pub fdb: bool,
    /// The members of a group (`group`, NHA_GROUP), empty if not a group.
    pub group: Vec<GroupMember>,
    /// NEXTHOP_GRP_TYPE_MPATH (0) or _RES (1, resilient).
    pub group_type: Option<u16>,
    /// A resilient group's bucket count and timers, in seconds (the
    /// kernel counts them in USER_HZ ticks).
    pub buckets: Option<u16>,
    /// A resilient group's idle timer in seconds: how long a bucket must be idle before it
    /// may move (`idle_timer`).
    pub idle_timer: Option<f64>,
    /// A resilient group's unbalanced timer in seconds: how long it may stay unbalanced
    /// before buckets move anyway (`unbalanced_timer`).
    pub unbalanced_timer: Option<f64>,
    /// How long a resilient group has been unbalanced, in seconds (`unbalanced_time`).
    pub unbalanced_time: Option<f64>,
}

impl Nexthop {
    /// The nexthop view of `m`, or None if `m` is not a nexthop message.
    pub fn from_message(m: &Message) -> Option<Nexthop> {
        let Body::Nexthop(h) = &m.body else {
            return None;
        };
        let group = m
            .get(&NHA_GROUP)
            .and_then(|v| match v {
                Value::List(members) => Some(members),
                _ => None,
            })
            .map(|members| {
                members
                    .iter()
                    .filter_map(|g| {
                        let n = |name| g.field(name).and_then(Value::as_u64);
                        let weight = n("weight")? + (n("weight_high").unwrap_or(0) << 8) + 1;
                        Some(GroupMember {
                            id: n("id")? as u32,
                            weight: weight as u16,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let res = m.get(&NHA_RES_GROUP).and_then(Value::as_nested);
        let res_value = |key: &Key| {
            res.and_then(|a| a.iter().find(|a| a.is(key)))
                .and_then(|a| a.value.as_u64())
        };
        let seconds = |key: &Key| res_value(key).map(|ticks| ticks as f64 / 100.0);
        Some(Nexthop {
            id: attr_u32(m, &NHA_ID).unwrap_or(0),
            family: h.family,
            scope: h.scope.into(),
            protocol: h.protocol.into(),
            flags: h.flags,
            gateway: attr_ip(m, &NHA_GATEWAY),
            oif: attr_u32(m, &NHA_OIF),
            blackhole: m.get(&NHA_BLACKHOLE).is_some(),
            fdb: m.get(&NHA_FDB).is_some(),
            group,
            group_type: m
                .get(&NHA_GROUP_TYPE)
                .and_then(Value::as_u64)
                .map(|t| t as u16),
            buckets: res_value(&NHA_RES_GROUP_BUCKETS).map(|b| b as u16),
            idle_timer: seconds(&NHA_RES_GROUP_IDLE_TIMER),
            unbalanced_timer: seconds(&NHA_RES_GROUP_UNBALANCED_TIMER),
            unbalanced_time: seconds(&NHA_RES_GROUP_UNBALANCED_TIME),
        })
    }

    /// Whether this is a group of other nexthops.
    pub fn is_group(&self) -> bool {
        !self.group.is_empty()
    }
}

/// `ip nexthop`'s line without name resolution:
/// `id 1 via 192.0.2.1 dev if2 scope link` or `id 3 group 1,2/2` (`proto`
/// when it is not `unspec`, as `ip` does).
impl fmt::Display for Nexthop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "id {}", self.id)?;
        if self.is_group() {
            let members: Vec<String> = self
                .group
                .iter()
                .map(|m| match m.weight {
                    1 => m.id.to_string(),
                    w => format!("{},{w}", m.id),
                })
                .collect();
            write!(f, " group {}", members.join("/"))?;
        }
        if let Some(gw) = self.gateway {
            write!(f, " via {gw}")?;
        }
        if let Some(oif) = self.oif {
            write!(f, " dev if{oif}")?;
        }
        if self.blackhole {
            f.write_str(" blackhole")?;
        }
        if !self.is_group() {
            write!(f, " scope {}", self.scope)?;
        }
        if self.protocol != RouteProtocol::Unspec {
            write!(f, " proto {}", self.protocol)?;
        }
        if self.fdb {
            f.write_str(" fdb")?;
        }
        Ok(())
    }
}
