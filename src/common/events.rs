//! Event monitoring, shared by every backend: what a subscriber receives,
//! and the bookkeeping that lets a consumer's view be made right again after
//! the kernel dropped messages (resync) or after a link took its routes
//! with it (synthesized deletions). Pure code.

use crate::common::attrs::*;
use std::collections::BTreeMap;

use serde::Serialize;

use super::api::ObjectKind;
use super::constants::*;
use super::message::{Body, Header, Message};
use super::value::Value;

/// What to listen to. Each backend maps these to its groups (RTNLGRP_* on
/// Linux, the message types of a PF_ROUTE socket on the BSDs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Group {
    /// Links.
    Link,
    /// IPv4 addresses.
    Ipv4Address,
    /// IPv6 addresses.
    Ipv6Address,
    /// IPv4 routes.
    Ipv4Route,
    /// IPv6 routes.
    Ipv6Route,
    /// Neighbour (ARP/NDP) entries.
    Neighbour,
    /// IPv4 policy rules.
    Ipv4Rule,
    /// IPv6 policy rules.
    Ipv6Rule,
    /// Linux nexthop objects.
    Nexthop,
    /// Linux traffic control (qdiscs; RTNLGRP_TC, `tc monitor`). Not in
    /// [`Group::ALL`], as `ip monitor` does not listen to it either.
    Tc,
    /// Linux IPv4 per-interface settings (RTNLGRP_IPV4_NETCONF, `ip
    /// monitor netconf`). Not in [`Group::ALL`]: only when asked.
    Ipv4Netconf,
    /// Linux IPv6 per-interface settings (RTNLGRP_IPV6_NETCONF).
    Ipv6Netconf,
    /// Linux bridge multicast database entries (RTNLGRP_MDB, `bridge
    /// monitor mdb`). Not in [`Group::ALL`]: only when asked.
    Mdb,
    /// Linux namespace ids given and taken (RTNLGRP_NSID, `ip monitor
    /// nsid`). Not in [`Group::ALL`]: only when asked.
    Nsid,
    /// IPv4 multicast memberships joined and left (RTNLGRP_IPV4_MCADDR,
    /// Linux 6.13 and later). Not in [`Group::ALL`]: only when asked.
    Ipv4Mcaddr,
    /// IPv6 multicast memberships joined and left (RTNLGRP_IPV6_MCADDR).
    Ipv6Mcaddr,
    /// Linux bridge port VLANs (RTNLGRP_BRVLAN, `bridge monitor vlan`).
    /// Not in [`Group::ALL`]: only when asked.
    BridgeVlan,
    /// Linux IPv6 per-link settings (RTNLGRP_IPV6_IFINFO: RTM_NEWLINK of
    /// AF_INET6, on router advertisements and addrgenmode or token
    /// changes). Not in [`Group::ALL`].
    Ipv6Ifinfo,
    /// Linux IPv4 multicast routes (RTNLGRP_IPV4_MROUTE: RTM_NEWROUTE of
    /// RTNL_FAMILY_IPMR). Not in [`Group::ALL`].
    Ipv4Mroute,
    /// Linux IPv6 multicast routes (RTNLGRP_IPV6_MROUTE).
    Ipv6Mroute,
    /// Linux MPLS routes (RTNLGRP_MPLS_ROUTE: RTM_NEWROUTE of AF_MPLS).
    MplsRoute,
    /// Linux MPLS per-interface settings (RTNLGRP_MPLS_NETCONF).
    MplsNetconf,
    /// Linux link statistics notifications (RTNLGRP_STATS).
    Stats,
    /// Linux IPv6 anycast addresses (RTNLGRP_IPV6_ACADDR, kernels 6.13 and
    /// later).
    Ipv6Acaddr,
    /// Linux IPv6 prefixes from router advertisements
    /// (RTNLGRP_IPV6_PREFIX, `ip monitor prefix`).
    Ipv6Prefix,
    /// Linux VXLAN VNIs added and removed (RTNLGRP_TUNNEL, `bridge
    /// monitor vni`). Not in [`Group::ALL`].
    Tunnel,
    /// Linux neighbour discovery options for user space: a router's DNS
    /// servers and search domains (RTNLGRP_ND_USEROPT). Not in
    /// [`Group::ALL`].
    NdUserOpt,
    /// Linux IPv4 multicast routing cache reports (RTNLGRP_IPV4_MROUTE_R:
    /// RTM_NEWCACHEREPORT of RTNL_FAMILY_IPMR). Not in [`Group::ALL`].
    Ipv4MrouteReport,
    /// Linux IPv6 multicast routing cache reports (RTNLGRP_IPV6_MROUTE_R).
    Ipv6MrouteReport,
    /// Linux data centre bridging changes (RTNLGRP_DCB: RTM_SETDCB and
    /// RTM_GETDCB of DCB-capable drivers). Not in [`Group::ALL`].
    Dcb,
    /// Linux MCTP addresses (RTNLGRP_MCTP_IFADDR: RTM_NEWADDR of AF_MCTP).
    /// Not in [`Group::ALL`].
    MctpAddress,
    /// Linux Phonet addresses (RTNLGRP_PHONET_IFADDR). Not in
    /// [`Group::ALL`].
    PhonetAddress,
    /// Linux Phonet routes (RTNLGRP_PHONET_ROUTE). Not in [`Group::ALL`].
    PhonetRoute,
}

impl Group {
    /// Every group `ip monitor` listens to (traffic control is `tc
    /// monitor`'s: [`Group::Tc`], only when asked).
    pub const ALL: [Group; 9] = [
        Group::Link,
        Group::Ipv4Address,
        Group::Ipv6Address,
        Group::Ipv4Route,
        Group::Ipv6Route,
        Group::Neighbour,
        Group::Ipv4Rule,
        Group::Ipv6Rule,
        Group::Nexthop,
    ];

    /// Every group rtsock knows: each RTNL multicast group the kernel still
    /// has (all but RTNLGRP_NOTIFY and the removed DECnet ones).
    pub const EVERY: [Group; 33] = [
        Group::Link,
        Group::Ipv4Address,
        Group::Ipv6Address,
        Group::Ipv4Route,
        Group::Ipv6Route,
        Group::Neighbour,
        Group::Ipv4Rule,
        Group::Ipv6Rule,
        Group::Nexthop,
        Group::Tc,
        Group::Ipv4Netconf,
        Group::Ipv6Netconf,
        Group::Mdb,
        Group::Nsid,
        Group::Ipv4Mcaddr,
        Group::Ipv6Mcaddr,
        Group::BridgeVlan,
        Group::Ipv6Ifinfo,
        Group::Ipv4Mroute,
        Group::Ipv6Mroute,
        Group::MplsRoute,
        Group::MplsNetconf,
        Group::Stats,
        Group::Ipv6Acaddr,
        Group::Ipv6Prefix,
        Group::Tunnel,
        Group::NdUserOpt,
        Group::Ipv4MrouteReport,
        Group::Ipv6MrouteReport,
        Group::Dcb,
        Group::MctpAddress,
        Group::PhonetAddress,
        Group::PhonetRoute,
    ];

    /// The groups `ip monitor` means by a word: link, addr, route, neigh, rule.
    pub fn by_word(word: &str) -> Option<&'static [Group]> {
        Some(match word {
            "link" => &[Group::Link],
            "addr" | "address" => &[Group::Ipv4Address, Group::Ipv6Address],
            "route" => &[Group::Ipv4Route, Group::Ipv6Route],
            "neigh" | "neighbour" | "neighbor" => &[Group::Neighbour],
            "rule" => &[Group::Ipv4Rule, Group::Ipv6Rule],
            "nexthop" => &[Group::Nexthop],
            "tc" | "qdisc" => &[Group::Tc],
            "netconf" => &[Group::Ipv4Netconf, Group::Ipv6Netconf],
            "mdb" => &[Group::Mdb],
            "nsid" => &[Group::Nsid],
            "maddr" | "maddress" | "mcaddr" => &[Group::Ipv4Mcaddr, Group::Ipv6Mcaddr],
            "vlan" => &[Group::BridgeVlan],
            "mroute" => &[Group::Ipv4Mroute, Group::Ipv6Mroute],
            "mpls" => &[Group::MplsRoute, Group::MplsNetconf],
            "acaddr" | "acaddress" => &[Group::Ipv6Acaddr],
            "stats" => &[Group::Stats],
            "ifinfo" => &[Group::Ipv6Ifinfo],
            "prefix" => &[Group::Ipv6Prefix],
            "vni" | "tunnel" => &[Group::Tunnel],
            "nduseropt" => &[Group::NdUserOpt],
            "mroute-report" | "cachereport" => &[Group::Ipv4MrouteReport, Group::Ipv6MrouteReport],
            "dcb" => &[Group::Dcb],
            "mctp" => &[Group::MctpAddress],
            "phonet" => &[Group::PhonetAddress, Group::PhonetRoute],
            "all" => &Group::ALL,
            _ => return None,
        })
    }

    /// The object class the group's messages describe; for a group that
    /// carries several ([`Group::Tc`]: qdiscs and classes), the first.
    pub fn kind(self) -> ObjectKind {
        self.kinds()
            .next()
            .expect("every group belongs to a kind (tested)")
    }

    /// Every object class the group's messages describe, in `ObjectKind` order.
    pub fn kinds(self) -> impl Iterator<Item = ObjectKind> {
        super::kinds::KINDS
            .iter()
            .filter(move |k| k.groups.contains(&self))
            .map(|k| k.kind)
    }

    /// The family the group is limited to, if any.
    pub fn family(self) -> Option<u8> {
        match self {
            Group::Ipv4Address
            | Group::Ipv4Route
            | Group::Ipv4Rule
            | Group::Ipv4Netconf
            | Group::Ipv4Mcaddr => Some(AF_INET),
            Group::Ipv6Address
            | Group::Ipv6Route
            | Group::Ipv6Rule
            | Group::Ipv6Netconf
            | Group::Ipv6Mcaddr
            | Group::Ipv6Ifinfo
            | Group::Ipv6Acaddr
            | Group::Ipv6Prefix
            | Group::NdUserOpt => Some(AF_INET6),
            Group::Ipv4Mroute | Group::Ipv4MrouteReport => Some(RTNL_FAMILY_IPMR),
            Group::Ipv6Mroute | Group::Ipv6MrouteReport => Some(RTNL_FAMILY_IP6MR),
            Group::MplsRoute | Group::MplsNetconf => Some(AF_MPLS),
            Group::MctpAddress => Some(AF_MCTP),
            Group::PhonetAddress | Group::PhonetRoute => Some(AF_PHONET),
            _ => None,
        }
    }
}

/// What a monitor is asked for, the same on every OS
/// ([`RouteSocket::monitor_with`](crate::RouteSocket::monitor_with)).
///
/// ```no_run
/// use rtsock::events::{Event, EventSource, Group, MonitorOptions};
/// use rtsock::{IpRoute, RouteSocket};
///
/// let mut ipr = IpRoute::new()?;
/// let options = MonitorOptions::new()
///     .groups(&[Group::Ipv4Route, Group::Link])
///     .initial_dump(true) // every current object first, then DumpDone
///     .resync(true); // overruns repaired from a dump
/// let mut monitor = ipr.monitor_with(&options)?;
/// while let Ok(event) = monitor.next_event() {
///     if let Event::DumpDone { objects } = event {
///         println!("{objects} objects now; events follow");
///     }
/// }
/// # Ok::<(), rtsock::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MonitorOptions {
    /// The groups to join; every group when empty.
    pub groups: Vec<Group>,
    /// After an overrun, dump the subscribed classes and report what
    /// changed (messages flagged [`SYNTHESIZED`]), then [`Event::Resynced`].
    pub resync: bool,
    /// Subscribe first, then dump the subscribed classes: every object is
    /// reported (flagged [`FROM_DUMP`]) before any event, then
    /// [`Event::DumpDone`]; nothing that changes in between is missed.
    pub initial_dump: bool,
    /// The socket's receive buffer in bytes (the OS default otherwise; the
    /// kernel may cap it).
    pub receive_buffer: Option<usize>,
}

impl MonitorOptions {
    /// Every group, no resync, no initial dump, the default buffer.
    pub fn new() -> MonitorOptions {
        MonitorOptions::default()
    }

    /// Adds groups to join.
    pub fn groups(mut self, groups: &[Group]) -> MonitorOptions {
        self.groups.extend_from_slice(groups);
        self
    }

    /// Sets [`MonitorOptions::resync`].
    pub fn resync(mut self, on: bool) -> MonitorOptions {
        self.resync = on;
        self
    }

    /// Sets [`MonitorOptions::initial_dump`].
    pub fn initial_dump(mut self, on: bool) -> MonitorOptions {
        self.initial_dump = on;
        self
    }

    /// Sets [`MonitorOptions::receive_buffer`].
    pub fn receive_buffer(mut self, bytes: usize) -> MonitorOptions {
        self.receive_buffer = Some(bytes);
        self
    }
}

/// One thing a monitor reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Event {
    /// A change the kernel announced (or, with resync or synthesized
    /// deletions, one rtsock derived: see `Message::header.flags`
    /// [`SYNTHESIZED`]).
    Change {
        /// The message describing the change.
        message: Message,
    },
    /// The kernel dropped messages for this subscriber (ENOBUFS on Linux,
    /// RTM_DESYNC or an overflow on the BSDs). Without resync, the
    /// consumer's view may now be wrong.
    Overrun,
    /// A resync after an overrun finished: the changes before it brought
    /// the view back to the kernel's.
    Resynced {
        /// Objects the dump had that the view lacked.
        added: usize,
        /// Objects that differed between the view and the dump.
        changed: usize,
        /// Objects in the view that the dump no longer had.
        removed: usize,
    },
    /// The initial dump (subscribe-then-dump) is complete.
    DumpDone {
        /// How many objects the dump reported.
        objects: usize,
    },
}

impl Event {
    /// The message of a [`Event::Change`], `None` for other events.
    pub fn message(&self) -> Option<&Message> {
        match self {
            Event::Change { message } => Some(message),
            _ => None,
        }
    }
}

/// A source of events: the Linux and BSD monitors alike. Its fd can be
/// polled; `next_event` blocks until something happens.
pub trait EventSource: std::os::fd::AsRawFd {
    /// The next event, waiting for it (unless non-blocking).
    fn next_event(&mut self) -> super::error::Result<Event>;

    /// Makes reads return at once when nothing is ready, for a caller
    /// that polls the fd.
    fn set_nonblocking(&mut self, on: bool) -> super::error::Result<()>;

    /// The next event if one is ready, `None` when the socket has nothing
    /// (after `set_nonblocking(true)`; otherwise it waits).
    fn try_next_event(&mut self) -> super::error::Result<Option<Event>>;
}

/// Header flag set on messages rtsock made up (resync differences,
/// synthesized route deletions): no kernel sent them.
pub const SYNTHESIZED: u16 = 0x8000;

/// Header flag set on messages that come from the initial dump.
pub const FROM_DUMP: u16 = NLM_F_MULTI;

/// The key that names one object across messages: what the kernel uses to
/// tell two objects of a class apart (each kind's module says).
pub fn identity(m: &Message) -> Option<(ObjectKind, String)> {
    let k = super::kinds::of_message(m)?;
    Some((k.kind, (k.identity)(m)))
}

/// Attributes that change by themselves (counters, timers): not changes.
const VOLATILE: &[Key] = &[
    IFLA_STATS,
    IFLA_STATS64,
    IFLA_AF_SPEC,
    IFLA_XDP,
    IFLA_CARRIER_CHANGES,
    IFLA_CARRIER_UP_COUNT,
    IFLA_CARRIER_DOWN_COUNT,
    IFLA_PROTINFO,
    IFA_CACHEINFO,
    RTA_CACHEINFO,
    RTA_EXPIRES,
    NDA_CACHEINFO,
    NDA_PROBES,
];

/// The part of a message that says what the object is, not when.
fn fingerprint(m: &Message) -> (Body, Vec<String>) {
    fingerprint_without(m, |_| false)
}

/// [`fingerprint`], leaving out too the attributes `also_volatile` names
/// (a caller that cares about less of the object than a resync does).
pub(crate) fn fingerprint_without(
    m: &Message,
    also_volatile: impl Fn(&super::value::Attr) -> bool,
) -> (Body, Vec<String>) {
    let attrs = m
        .attrs
        .iter()
        .filter(|a| !VOLATILE.iter().any(|k| a.is(k)) && !also_volatile(a))
        .map(|a| format!("{}={}", a.name, a.value))
        .collect();
    (m.body.clone(), attrs)
}

fn is_delete(kind: u16) -> bool {
    super::kinds::is_delete(kind)
}

fn delete_type(kind: ObjectKind) -> u16 {
    kind.info().del_type
}

/// The current objects as a consumer sees them, kept up to date from
/// events; the reference a resync compares the kernel's dump with.
#[derive(Clone, Debug, Default)]
pub struct View {
    objects: BTreeMap<(ObjectKind, String), Message>,
}

impl View {
    /// An empty view.
    pub fn new() -> View {
        View::default()
    }

    /// How many objects the view holds.
    pub fn len(&self) -> usize {
        self.objects.len()
    }

    /// Whether the view holds no objects.
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// The objects of one class.
    pub fn of(&self, kind: ObjectKind) -> impl Iterator<Item = &Message> {
        self.objects
            .iter()
            .filter(move |((k, _), _)| *k == kind)
            .map(|(_, m)| m)
    }

    /// Applies one change to the view.
    pub fn apply(&mut self, m: &Message) {
        let Some(id) = identity(m) else { return };
        if is_delete(m.header.kind) {
            self.objects.remove(&id);
        } else {
            self.objects.insert(id, m.clone());
        }
    }

    /// The routes that go with a link that went away or down: the Linux
    /// kernel removes them without an RTM_DELROUTE. Returns the deletions
    /// to report (flagged [`SYNTHESIZED`]) and applies them.
    pub fn routes_gone_with_link(&mut self, link: &Message) -> Vec<Message> {
        let Body::Link(h) = &link.body else {
            return Vec::new();
        };
        let gone = link.header.kind == RTM_DELLINK || h.flags & IFF_UP == 0;
        if !gone {
            return Vec::new();
        }
        let index = h.index;
        let doomed: Vec<_> = self
            .objects
            .iter()
            .filter(|((k, _), m)| {
                *k == ObjectKind::Route
                    && m.get(&RTA_OIF).and_then(Value::as_u32) == Some(index)
                    // A link set down keeps its local-table routes; a deleted one does not.
                    && (link.header.kind == RTM_DELLINK
                        || super::views::route_table(m) != Some(RT_TABLE_LOCAL))
            })
            .map(|(id, _)| id.clone())
            .collect();
        doomed
            .into_iter()
            .filter_map(|id| self.objects.remove(&id))
            .map(|m| synthesized(m, RTM_DELROUTE))
            .collect()
    }

    /// Replaces the view of `kinds` with `fresh` (a dump) and returns the
    /// changes that lead from the old view to it: deletions for what is
    /// gone, new messages for what appeared or changed.
    pub fn resync(
        &mut self,
        kinds: &[ObjectKind],
        fresh: Vec<Message>,
    ) -> (Vec<Message>, [usize; 3]) {
        let mut next: BTreeMap<(ObjectKind, String), Message> = BTreeMap::new();
        for m in fresh {
            if let Some(id) = identity(&m) {
                next.insert(id, m);
            }
        }
        let mut out = Vec::new();
        let (mut added, mut changed, mut removed) = (0, 0, 0);
        let old: Vec<_> = self
            .objects
            .keys()
            .filter(|(k, _)| kinds.contains(k))
            .cloned()
            .collect();
        for id in old {
            if !next.contains_key(&id)
                && let Some(m) = self.objects.remove(&id)
            {
                removed += 1;
                let kind = delete_type(id.0);
                out.push(synthesized(m, kind));
            }
        }
        for (id, m) in next {
            match self.objects.get(&id) {
                Some(old) if fingerprint(old) == fingerprint(&m) => {}
                Some(_) => {
                    changed += 1;
                    out.push(synthesized(m.clone(), m.header.kind));
                    self.objects.insert(id, m);
                }
                None => {
                    added += 1;
                    out.push(synthesized(m.clone(), m.header.kind));
                    self.objects.insert(id, m);
                }
            }
        }
        (out, [added, changed, removed])
    }
}

impl View {
    /// What a monitor reports after an overrun: the changes `fresh` (a dump
    /// of `kinds`) implies, then `Event::Resynced` with their counts.
    pub fn resync_events(&mut self, kinds: &[ObjectKind], fresh: Vec<Message>) -> Vec<Event> {
        let (changes, [added, changed, removed]) = self.resync(kinds, fresh);
        let mut out: Vec<Event> = changes
            .into_iter()
            .map(|message| Event::Change { message })
            .collect();
        out.push(Event::Resynced {
            added,
            changed,
            removed,
        });
        out
    }
}

/// The object classes a set of groups covers, each once.
pub fn kinds_of(groups: &[Group]) -> Vec<ObjectKind> {
    let mut k: Vec<_> = groups.iter().flat_map(|g| g.kinds()).collect();
    k.sort();
    k.dedup();
    k
}

/// A copy of `m` as a message of type `kind`, flagged as rtsock's own.
fn synthesized(m: Message, kind: u16) -> Message {
    Message::new(
        Header {
            kind,
            flags: m.header.flags | SYNTHESIZED,
            sequence_number: 0,
            pid: 0,
            ..m.header
        },
        m.body,
        m.attrs,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::message::{LinkHeader, RouteHeader};
    use crate::common::value::Attr;

    fn route(kind: u16, dst: &str, oif: u32) -> Message {
        Message::new(
            Header {
                kind,
                ..Header::default()
            },
            Body::Route(RouteHeader {
                family: AF_INET,
                dst_len: 24,
                table: 254,
                ..RouteHeader::default()
            }),
            vec![
                Attr::of(&RTA_TABLE, Value::U32(254)),
                Attr::of(&RTA_DST, Value::Ip(dst.parse().unwrap())),
                Attr::of(&RTA_OIF, Value::U32(oif)),
            ],
        )
    }

    #[test]
    fn resync_reports_what_was_missed() {
        let mut v = View::new();
        v.apply(&route(RTM_NEWROUTE, "10.0.1.0", 2));
        v.apply(&route(RTM_NEWROUTE, "10.0.2.0", 2));
        // Missed: 10.0.1.0 deleted, 10.0.3.0 added.
        let fresh = vec![
            route(RTM_NEWROUTE, "10.0.2.0", 2),
            route(RTM_NEWROUTE, "10.0.3.0", 2),
        ];
        let (changes, counts) = v.resync(&[ObjectKind::Route], fresh);
        assert_eq!(counts, [1, 0, 1]);
        let kinds: Vec<_> = changes
            .iter()
            .map(|m| (m.header.kind, m.header.flags & SYNTHESIZED != 0))
            .collect();
        assert_eq!(kinds, [(RTM_DELROUTE, true), (RTM_NEWROUTE, true)]);
        assert_eq!(v.len(), 2);
    }

    #[test]
    fn a_deleted_link_takes_its_routes() {
        let mut v = View::new();
        v.apply(&route(RTM_NEWROUTE, "10.0.1.0", 2));
        v.apply(&route(RTM_NEWROUTE, "10.0.2.0", 3));
        let link = Message::new(
            Header {
                kind: RTM_DELLINK,
                ..Header::default()
            },
            Body::Link(LinkHeader {
                index: 2,
                ..LinkHeader::default()
            }),
            vec![],
        );
        let gone = v.routes_gone_with_link(&link);
        assert_eq!(gone.len(), 1);
        assert_eq!(gone[0].event, "RTM_DELROUTE");
        assert_eq!(v.len(), 1);
    }
}
