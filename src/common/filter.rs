//! What a dump should return ([`Filter`], resolved into a [`Selector`]
//! that every backend applies the same way), and what an `ip route get`
//! asks ([`RouteQuery`]).

use std::net::IpAddr;

use super::api::{Interface, ObjectKind};
use super::attrs::*;
use super::constants::*;
use super::error::{Error, Result};
use super::message::{Body, Message};
use super::value::Value;
use super::views::route_table;

/// What a dump should return. Every field narrows the result; the default
/// returns everything. Filters that the kernel can apply are sent to it
/// (NETLINK_GET_STRICT_CHK); all of them are applied again here, so the
/// result is the same whether the kernel filtered or not.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// Address family in Linux numbering (`AF_INET` 2, `AF_INET6` 10).
    pub family: Option<u8>,
    /// Links: the link itself; addresses: its interface; routes: RTA_OIF
    /// (as `ip route show dev` and pyroute2's `oif=`: multipath routes, whose
    /// devices are in their nexthops, do not match); neighbours: ndm_ifindex;
    /// rules: iif or oif name.
    pub interface: Option<Interface>,
    /// Routes and rules: the table (32-bit id). `None` means every table.
    pub table: Option<u32>,
    /// Exact matches on fixed fields or attributes, like pyroute2's `match=`.
    pub matches: Vec<(String, Value)>,
    /// Routes: include cached/cloned entries (RTM_F_CLONED), which `ip route` hides.
    pub include_cloned: bool,
    /// Neighbours: list the proxy entries (NTF_PROXY, `ip neigh show
    /// proxy`) instead of the neighbour cache.
    pub proxy: bool,
    /// Links and nexthops: only those on a port of this master (a bridge,
    /// a bond or a VRF; `ip link show master`, `ip nexthop show master`).
    pub master: Option<Interface>,
    /// Nexthops: only groups (`ip nexthop show groups`).
    pub groups: bool,
    /// Nexthops: only FDB nexthops (`ip nexthop show fdb`).
    pub fdb: bool,
    /// Traffic control: the qdisc or class whose objects are listed (`tc
    /// filter show parent 1:`, `ingress`); tc filters default to the
    /// root qdisc's, as `tc filter show` does.
    pub parent: Option<u32>,
    /// Links: what else the kernel puts in (or leaves out of) each link
    /// (IFLA_EXT_MASK, the RTEXT_FILTER_* bits: VF info, bridge VLANs, the
    /// bridge itself in AF_BRIDGE dumps, ...). Sent whether or not the
    /// kernel checks dump requests strictly; Linux only.
    pub ext_mask: Option<u32>,
    /// Shared actions: the kind to list (`tc actions ls action gact`);
    /// the kernel lists nothing without one.
    pub action_kind: Option<String>,
}

impl Filter {
    /// A filter that lets everything through.
    pub fn new() -> Filter {
        Filter::default()
    }

    /// Links and nexthops on ports of `master` (`show master DEV`).
    pub fn master(mut self, master: impl Into<Interface>) -> Filter {
        self.master = Some(master.into());
        self
    }

    /// Nexthops: groups only (`ip nexthop show groups`).
    pub fn groups(mut self) -> Filter {
        self.groups = true;
        self
    }

    /// Nexthops: FDB nexthops only (`ip nexthop show fdb`).
    pub fn fdb(mut self) -> Filter {
        self.fdb = true;
        self
    }

    /// Links: asks for what the RTEXT_FILTER_* bits of `mask` name
    /// (IFLA_EXT_MASK).
    pub fn ext_mask(mut self, mask: u32) -> Filter {
        self.ext_mask = Some(mask);
        self
    }

    /// Shared actions of `kind` (`tc actions ls action KIND`).
    pub fn action_kind(mut self, kind: &str) -> Filter {
        self.action_kind = Some(kind.to_owned());
        self
    }

    /// Traffic control: the objects under qdisc or class `parent`.
    pub fn parent(mut self, parent: u32) -> Filter {
        self.parent = Some(parent);
        self
    }

    /// Neighbours: the proxy entries instead of the cache (`ip neigh show proxy`).
    pub fn proxy(mut self) -> Filter {
        self.proxy = true;
        self
    }

    /// Restricts to one address family (Linux numbering, `AF_INET` or `AF_INET6`).
    pub fn family(mut self, family: u8) -> Filter {
        self.family = Some(family);
        self
    }

    /// Restricts to one interface by name (`dev NAME`).
    pub fn dev(mut self, name: impl Into<String>) -> Filter {
        self.interface = Some(Interface::Name(name.into()));
        self
    }

    /// Restricts to one interface by index.
    pub fn index(mut self, index: u32) -> Filter {
        self.interface = Some(Interface::Index(index));
        self
    }

    /// Restricts routes and rules to one table (`table ID`).
    pub fn table(mut self, table: u32) -> Filter {
        self.table = Some(table);
        self
    }

    /// Keeps only messages whose field or attribute `key` equals `value`
    /// (`"proto"`, `"RTA_GATEWAY"`, ...). A key that no message of the
    /// dumped kind can have makes the dump fail ([`Filter::check`]) rather
    /// than return nothing.
    pub fn matching(mut self, key: impl Into<String>, value: Value) -> Filter {
        self.matches.push((key.into(), value));
        self
    }

    /// Refuses match keys that are neither a fixed field nor an attribute
    /// of `kind` (a misspelt key would otherwise match nothing, silently).
    /// Backends call it before dumping.
    pub fn check(&self, kind: ObjectKind) -> Result<()> {
        let info = kind.info();
        let only = |field: &str, kinds: &[ObjectKind]| -> Result<()> {
            if kinds.contains(&kind) {
                Ok(())
            } else {
                Err(Error::invalid(
                    format!("{} filter", info.noun),
                    format!("{field} does not apply to a {}", info.noun),
                ))
            }
        };
        if self.master.is_some() {
            only("master", &[ObjectKind::Link, ObjectKind::Nexthop])?;
        }
        if self.groups || self.fdb {
            only("groups and fdb", &[ObjectKind::Nexthop])?;
        }
        if self.ext_mask.is_some() {
            only("ext_mask (IFLA_EXT_MASK)", &[ObjectKind::Link])?;
        }
        if self.action_kind.is_some() {
            only("action_kind", &[ObjectKind::TcAction])?;
        }
        if self.parent.is_some() && !info.groups.contains(&crate::events::Group::Tc) {
            return Err(Error::invalid(
                format!("{} filter", info.noun),
                format!("parent applies to traffic control, not to a {}", info.noun),
            ));
        }
        let prefix = info.attrs.prefix;
        for (key, _) in &self.matches {
            let key = key.as_str();
            let known = info.fields.contains(&key)
                || info.attrs.specs.iter().any(|s| s.name == key)
                // The BSDs' own attributes (IFLA_BSD_FLAGS, RTA_BSD_EXPIRE, ...).
                || key
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with("_BSD_"));
            if !known {
                return Err(Error::invalid(
                    format!("{} filter", info.noun),
                    format!(
                        "{key:?} is neither a field nor an attribute of a {} (fields: {})",
                        info.noun,
                        info.fields.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// A filter whose interface has been resolved to both index and name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selector {
    /// The filter as given.
    pub filter: Filter,
    /// The index of the filter's interface, if it names one.
    pub ifindex: Option<u32>,
    /// The name of the filter's interface, when known (needed to match rules).
    pub ifname: Option<String>,
    /// The index of the filter's master, if it names one.
    pub master_index: Option<u32>,
    /// The ports of that master (nexthops name their device, not its master).
    pub master_ports: Vec<u32>,
}

impl Selector {
    /// Accepts every message, cloned routes included (for replies to single requests).
    pub fn everything() -> Selector {
        Selector {
            filter: Filter {
                include_cloned: true,
                ..Filter::default()
            },
            ..Selector::default()
        }
    }

    /// Whether `m` passes every part of the filter.
    pub fn accepts(&self, m: &Message) -> bool {
        let f = &self.filter;
        // A link dump asked with a family the kernel has no view for (AF_INET)
        // answers with family 0: every link, as `ip -4 addr` lists them.
        let unspec_link = matches!(&m.body, Body::Link(h) if h.family == AF_UNSPEC);
        if f.family.is_some() && !unspec_link && m.family().is_some_and(|fam| Some(fam) != f.family)
        {
            return false;
        }
        if f.interface.is_some() && !self.interface_matches(m) {
            return false;
        }
        if f.table.is_some() && route_table(m).is_some_and(|t| Some(t) != f.table) {
            return false;
        }
        if let Some(master) = self.master_index {
            let on_master = match &m.body {
                Body::Link(_) => m.get(&IFLA_MASTER).and_then(Value::as_u32) == Some(master),
                Body::Nexthop(_) => m
                    .get(&NHA_OIF)
                    .and_then(Value::as_u32)
                    .is_some_and(|oif| self.master_ports.contains(&oif)),
                _ => true,
            };
            if !on_master {
                return false;
            }
        }
        if matches!(m.body, Body::Nexthop(_))
            && ((f.groups && m.get(&NHA_GROUP).is_none()) || (f.fdb && m.get(&NHA_FDB).is_none()))
        {
            return false;
        }
        // A chain reports its block's qdisc, not the hook asked for: the
        // kernel has already picked the block by parent (tc_dump_chain).
        if let (Some(parent), Body::Tc(h)) = (f.parent, &m.body)
            && h.parent != parent
            && m.header.kind != crate::common::constants::RTM_NEWCHAIN
        {
            return false;
        }
        if matches!(&m.body, Body::Route(h) if !f.include_cloned && h.flags & RTM_F_CLONED != 0) {
            return false;
        }
        f.matches
            .iter()
            .all(|(key, want)| m.lookup(key).is_some_and(|got| got.loosely_equals(want)))
    }

    fn interface_matches(&self, m: &Message) -> bool {
        let index = self.ifindex;
        match &m.body {
            Body::Link(h) => Some(h.index) == index,
            Body::Address(h) | Body::Multicast(h) | Body::Anycast(h) => Some(h.index) == index,
            Body::Neighbour(h) => Some(h.ifindex) == index,
            Body::Route(_) => m.get(&RTA_OIF).and_then(Value::as_u32) == index,
            // A bucket names its nexthop, not the device: the kernel's
            // strict dump checking narrowed bucket dumps by device.
            Body::Nexthop(_) if ObjectKind::of(m) == Some(ObjectKind::NexthopBucket) => true,
            Body::Nexthop(_) => m.get(&NHA_OIF).and_then(Value::as_u32) == index,
            Body::Tc(h) => Some(h.index) == index,
            Body::AddrLabel(h) => Some(h.index) == index,
            Body::Stats(h) => Some(h.index) == index,
            Body::Mdb(h) => Some(h.index) == index,
            Body::BridgeVlan(h) => Some(h.index) == index,
            Body::Tunnel(h) => Some(h.index) == index,
            Body::Prefix(h) => Some(h.index) == index,
            Body::NdUserOpt(h) => Some(h.index) == index,
            Body::NeighTable(_) => crate::common::kinds::ntable::parms_ifindex(m) == index,
            Body::Netconf(_) => {
                m.get(&NETCONFA_IFINDEX)
                    .and_then(Value::as_i64)
                    .and_then(|i| u32::try_from(i).ok())
                    == index
            }
            Body::Rule(_) => {
                let name = self.ifname.as_deref();
                let attr = |k: &Key| m.get(k).and_then(Value::as_str);
                name.is_some() && (attr(&FRA_IIFNAME) == name || attr(&FRA_OIFNAME) == name)
            }
            _ => false,
        }
    }
}

/// An `ip route get` question: where would a packet to `dst` go, given
/// where it comes from and how it is marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteQuery {
    /// The destination (`ip route get DST`).
    pub dst: IpAddr,
    /// The source address (`from`, RTA_SRC).
    pub from: Option<IpAddr>,
    /// The interface it arrives on (`iif`, RTA_IIF): a forwarding lookup.
    pub iif: Option<Interface>,
    /// The interface it must leave by (`oif`, RTA_OIF).
    pub oif: Option<Interface>,
    /// The firewall mark (`mark`, RTA_MARK).
    pub mark: Option<u32>,
    /// The user id of the sender (`uid`, RTA_UID).
    pub uid: Option<u32>,
    /// Answer with the FIB entry that matched (`fibmatch`, RTM_F_FIB_MATCH).
    pub fibmatch: bool,
}

impl RouteQuery {
    /// Where would a packet to `dst` go.
    pub fn to(dst: IpAddr) -> RouteQuery {
        RouteQuery {
            dst,
            from: None,
            iif: None,
            oif: None,
            mark: None,
            uid: None,
            fibmatch: false,
        }
    }

    /// Sets the source address (`from`).
    pub fn from(mut self, src: IpAddr) -> RouteQuery {
        self.from = Some(src);
        self
    }

    /// Sets the incoming interface (`iif`).
    pub fn iif(mut self, dev: impl Into<Interface>) -> RouteQuery {
        self.iif = Some(dev.into());
        self
    }

    /// Sets the outgoing interface (`oif`).
    pub fn oif(mut self, dev: impl Into<Interface>) -> RouteQuery {
        self.oif = Some(dev.into());
        self
    }

    /// Sets the firewall mark (`mark`).
    pub fn mark(mut self, mark: u32) -> RouteQuery {
        self.mark = Some(mark);
        self
    }

    /// Sets the sender's user id (`uid`).
    pub fn uid(mut self, uid: u32) -> RouteQuery {
        self.uid = Some(uid);
        self
    }

    /// Asks for the FIB entry that matched (`fibmatch`).
    pub fn fibmatch(mut self) -> RouteQuery {
        self.fibmatch = true;
        self
    }

    /// Whether only the destination is asked about.
    pub fn is_plain(&self) -> bool {
        *self == RouteQuery::to(self.dst)
    }

    /// The question in `ip route get` syntax.
    pub fn describe(&self) -> String {
        let mut s = format!("route get {}", self.dst);
        if let Some(a) = self.from {
            s += &format!(" from {a}");
        }
        if let Some(d) = &self.iif {
            s += &format!(" iif {d}");
        }
        if let Some(d) = &self.oif {
            s += &format!(" oif {d}");
        }
        if let Some(m) = self.mark {
            s += &format!(" mark {m:#x}");
        }
        if let Some(u) = self.uid {
            s += &format!(" uid {u}");
        }
        if self.fibmatch {
            s += " fibmatch";
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::message::{Header, RouteHeader};
    use crate::common::value::Attr;

    fn route(table: u8, oif: u32, flags: u32) -> Message {
        Message::new(
            Header {
                kind: RTM_NEWROUTE,
                ..Header::default()
            },
            Body::Route(RouteHeader {
                family: AF_INET,
                table,
                flags,
                ..RouteHeader::default()
            }),
            vec![
                Attr::of(&RTA_TABLE, Value::U32(table.into())),
                Attr::of(&RTA_OIF, Value::U32(oif)),
            ],
        )
    }

    #[test]
    fn selector_filters_routes_by_table_interface_family_and_match() {
        let sel = |filter: Filter, ifindex| Selector {
            filter,
            ifindex,
            ..Selector::default()
        };
        let r = route(254, 3, 0);
        assert!(sel(Filter::new(), None).accepts(&r));
        assert!(sel(Filter::new().table(254), None).accepts(&r));
        assert!(!sel(Filter::new().table(100), None).accepts(&r));
        assert!(sel(Filter::new().index(3), Some(3)).accepts(&r));
        assert!(!sel(Filter::new().index(4), Some(4)).accepts(&r));
        assert!(!sel(Filter::new().family(AF_INET6), None).accepts(&r));
        assert!(sel(Filter::new().matching("RTA_OIF", Value::U8(3)), None).accepts(&r));
        assert!(!sel(Filter::new().matching("proto", Value::U8(9)), None).accepts(&r));
        assert!(!sel(Filter::new(), None).accepts(&route(254, 3, RTM_F_CLONED)));
    }

    #[test]
    fn match_keys_are_checked_against_the_kind() {
        let f = Filter::new()
            .matching("proto", Value::U8(4))
            .matching("RTA_GATEWAY", Value::Str("10.0.0.1".into()))
            .matching("RTA_BSD_FLAGS", Value::U32(1));
        assert!(f.check(ObjectKind::Route).is_ok());
        let e = f.check(ObjectKind::Link).unwrap_err().to_string();
        assert!(e.contains("\"proto\"") && e.contains("link"), "{e}");
        let typo = Filter::new().matching("RTA_GATEWY", Value::U32(0));
        let e = typo.check(ObjectKind::Route).unwrap_err().to_string();
        assert!(e.contains("RTA_GATEWY") && e.contains("dst_len"), "{e}");
        assert!(
            Filter::new()
                .matching("IFLA_IFNAME", Value::Str("lo".into()))
                .check(ObjectKind::Link)
                .is_ok()
        );
    }
}
