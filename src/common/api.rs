//! The shared API: one trait that every backend implements, so that user code
//! is written once for Linux and the BSDs.

use crate::common::attrs::*;
use std::net::IpAddr;

use super::batch::{BatchSummary, Change, OnError};
use super::change::{
    AddressSpec, LinkSpec, NeighbourSpec, NexthopSpec, QdiscSpec, RouteSpec, RuleSpec, Verb,
};
use super::constants::*;
use super::error::{Error, Result};
use super::message::{Body, Message};
use super::value::Value;
use super::views::route_table;

pub use super::kinds::ObjectKind;

impl ObjectKind {
    /// The word `ip` uses for the class, used in error messages.
    pub fn noun(self) -> &'static str {
        super::kinds::info(self).noun
    }

    /// The class a message belongs to: by its type (every normalized
    /// message carries its kind's rtnetlink type), else by its fixed part.
    pub fn of(m: &Message) -> Option<ObjectKind> {
        super::kinds::of_message(m).map(|k| k.kind)
    }

    /// Everything the crate knows about the class (its registry entry).
    pub fn info(self) -> &'static super::kinds::KindInfo {
        super::kinds::info(self)
    }
}

/// An interface named by index or by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Interface {
    /// The interface with this index.
    Index(u32),
    /// The interface with this name.
    Name(String),
}

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
            Body::Address(h) | Body::Multicast(h) => Some(h.index) == index,
            Body::Neighbour(h) => Some(h.ifindex) == index,
            Body::Route(_) => m.get(&RTA_OIF).and_then(Value::as_u32) == index,
            Body::Nexthop(_) => m.get(&NHA_OIF).and_then(Value::as_u32) == index,
            Body::Tc(h) => Some(h.index) == index,
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

/// A routing socket: the calls user code writes once for every OS.
///
/// Dumps return streaming iterators: messages are decoded one at a time from
/// the receive buffer, so a full routing table never sits in memory.
///
/// ```no_run
/// use rtsock::{Filter, IpRoute, RouteSocket};
///
/// let mut ipr = IpRoute::new()?;
/// for msg in ipr.routes(&Filter::new().family(rtsock::constants::AF_INET))? {
///     let msg = msg?;
///     println!("{}", serde_json::to_string(&msg).unwrap());
/// }
/// # Ok::<(), rtsock::Error>(())
/// ```
pub trait RouteSocket {
    /// The streaming iterator a dump returns.
    type Messages<'a>: Iterator<Item = Result<Message>>
    where
        Self: 'a;

    /// The event monitor this socket's OS offers.
    type Monitor: super::events::EventSource;

    /// Subscribes to `groups` (every group when empty) in this socket's
    /// namespace; with `resync`, overruns are repaired from a dump.
    fn monitor(&mut self, groups: &[super::events::Group], resync: bool) -> Result<Self::Monitor> {
        let options = super::events::MonitorOptions::new()
            .groups(groups)
            .resync(resync);
        self.monitor_with(&options)
    }

    /// Opens a monitor with `options` (groups, resync, subscribe-then-dump,
    /// receive buffer), which every backend honours the same way.
    fn monitor_with(&mut self, options: &super::events::MonitorOptions) -> Result<Self::Monitor>;

    /// Dumps every object of one class that passes `filter`.
    fn dump(&mut self, kind: ObjectKind, filter: &Filter) -> Result<Self::Messages<'_>>;

    /// Calls `f` with every object of one class that passes `filter` and
    /// returns how many it saw. Backends decode each into one reused
    /// [`Message`], so a dump of numbers and addresses (routes, neighbours)
    /// allocates nothing per message; use [`RouteSocket::dump`] to keep them.
    /// Stops at the first error (the rest of the dump is drained).
    ///
    /// ```no_run
    /// use rtsock::attrs::RTA_GATEWAY;
    /// use rtsock::{Filter, IpRoute, ObjectKind, RouteSocket};
    ///
    /// let mut ipr = IpRoute::new()?;
    /// let mut via = 0;
    /// ipr.dump_each(ObjectKind::Route, &Filter::new(), |m| {
    ///     via += usize::from(m.get(&RTA_GATEWAY).is_some());
    /// })?;
    /// # Ok::<(), rtsock::Error>(())
    /// ```
    fn dump_each<F: FnMut(&Message)>(
        &mut self,
        kind: ObjectKind,
        filter: &Filter,
        mut f: F,
    ) -> Result<usize> {
        let mut seen = 0;
        for m in self.dump(kind, filter)? {
            f(&m?);
            seen += 1;
        }
        Ok(seen)
    }

    /// Dumps every link that passes `filter` (`dump` of [`ObjectKind::Link`]).
    fn links(&mut self, filter: &Filter) -> Result<Self::Messages<'_>> {
        self.dump(ObjectKind::Link, filter)
    }

    /// Dumps every address that passes `filter` (`dump` of [`ObjectKind::Address`]).
    fn addresses(&mut self, filter: &Filter) -> Result<Self::Messages<'_>> {
        self.dump(ObjectKind::Address, filter)
    }

    /// Dumps every route that passes `filter` (`dump` of [`ObjectKind::Route`]).
    fn routes(&mut self, filter: &Filter) -> Result<Self::Messages<'_>> {
        self.dump(ObjectKind::Route, filter)
    }

    /// Dumps every neighbour entry that passes `filter` (`dump` of [`ObjectKind::Neighbour`]).
    fn neighbours(&mut self, filter: &Filter) -> Result<Self::Messages<'_>> {
        self.dump(ObjectKind::Neighbour, filter)
    }

    /// Dumps every rule that passes `filter` (`dump` of [`ObjectKind::Rule`]).
    fn rules(&mut self, filter: &Filter) -> Result<Self::Messages<'_>> {
        self.dump(ObjectKind::Rule, filter)
    }

    /// The index of the interface called `name`, or `None` when there is none.
    fn link_lookup(&mut self, name: &str) -> Result<Option<u32>>;

    /// The name of the interface with `index`, or `None` when there is
    /// none (backends answer it with one request where they can).
    fn link_name(&mut self, index: u32) -> Result<Option<String>> {
        for m in self.links(&Filter::new().index(index))? {
            let m = m?;
            if let Some(name) = m.get(&IFLA_IFNAME).and_then(Value::as_str) {
                return Ok(Some(name.to_owned()));
            }
        }
        Ok(None)
    }

    /// The route the kernel would use to reach `dst` (`ip route get`).
    fn route_get(&mut self, dst: IpAddr) -> Result<Message>;

    /// The neighbour entry for `dst` on `dev` (`ip neigh get`).
    fn neighbour_get(&mut self, dst: IpAddr, dev: &Interface) -> Result<Message> {
        Err(Error::Unsupported(format!(
            "neigh get {dst} dev {dev} on this system (dump and filter instead)"
        )))
    }

    /// `ip route get` with its selectors (`from`, `iif`, `oif`, `mark`,
    /// `uid`, `fibmatch`). Backends without them answer a plain query
    /// and refuse the rest by name.
    fn route_get_with(&mut self, query: &RouteQuery) -> Result<Message> {
        if query.is_plain() {
            self.route_get(query.dst)
        } else {
            Err(Error::Unsupported(format!(
                "{} on this system",
                query.describe()
            )))
        }
    }

    /// Creates (`Add`), changes (`Set`) or deletes (`Delete`) a link.
    fn link(&mut self, verb: Verb, spec: &LinkSpec) -> Result<()>;

    /// Adds, replaces or deletes an interface address.
    fn address(&mut self, verb: Verb, spec: &AddressSpec) -> Result<()>;

    /// Adds, replaces, appends, changes or deletes a route.
    fn route(&mut self, verb: Verb, spec: &RouteSpec) -> Result<()>;

    /// Adds, replaces, changes or deletes a neighbour or bridge FDB entry.
    fn neighbour(&mut self, verb: Verb, spec: &NeighbourSpec) -> Result<()>;

    /// Adds or deletes a policy-routing rule.
    fn rule(&mut self, verb: Verb, spec: &RuleSpec) -> Result<()>;

    /// Adds, replaces or deletes a nexthop object (Linux; elsewhere an
    /// `Error::Unsupported`).
    fn nexthop(&mut self, verb: Verb, spec: &NexthopSpec) -> Result<()> {
        Err(Error::Unsupported(format!(
            "{}: nexthop objects on this system",
            spec.describe(verb)
        )))
    }

    /// Adds, replaces, changes or deletes a queueing discipline (Linux;
    /// elsewhere an `Error::Unsupported`).
    fn qdisc(&mut self, verb: Verb, spec: &QdiscSpec) -> Result<()> {
        Err(Error::Unsupported(format!(
            "{}: traffic control on this system",
            spec.describe(verb)
        )))
    }

    /// Says, without changing anything, whether this backend can make a
    /// change at all: `Err(Error::Unsupported)` naming the feature when
    /// the OS has no way to (a BSD has no policy rules, no bridge ports
    /// through the routing socket, ...). Other problems (a missing
    /// interface, a refusal by the kernel) are left to the change itself.
    /// Transactions ask this of every step before applying the first.
    fn check(&mut self, change: &Change) -> Result<()> {
        let _ = change;
        Ok(())
    }

    /// Applies one change of any kind (the single-call path a batch item
    /// takes where nothing is pipelined). By default the five kinds every
    /// OS has go to their methods; a backend that carries other kinds
    /// overrides this, and the rest are refused by name.
    fn change(&mut self, change: &Change) -> Result<()> {
        match change {
            Change::Link(v, s) => self.link(*v, s),
            Change::Address(v, s) => self.address(*v, s),
            Change::Route(v, s) => self.route(*v, s),
            Change::Neighbour(v, s) => self.neighbour(*v, s),
            Change::Rule(v, s) => self.rule(*v, s),
            other => Err(unsupported(other)),
        }
    }

    /// Applies `changes` in order and calls `report` with each one's index
    /// and result (the same typed error a single call gives: errno,
    /// extended-ACK text, the change in `ip` syntax), in that order. A
    /// failed change never hides the others' results; `on_error` says
    /// whether to go on. The changes are pulled from the iterator as they
    /// are sent and results handed over as they come, so memory stays
    /// flat however many there are.
    ///
    /// Linux pipelines them: many netlink messages per datagram, within
    /// what the receive buffer holds of their ACKs. The BSDs write each
    /// message and take the kernel's verdict from each write.
    fn apply<I, F>(&mut self, changes: I, on_error: OnError, mut report: F) -> Result<BatchSummary>
    where
        I: IntoIterator<Item = Change>,
        F: FnMut(usize, Result<()>),
    {
        let mut summary = BatchSummary::default();
        for (index, change) in changes.into_iter().enumerate() {
            let result = self.change(&change);
            let ok = result.is_ok();
            summary.record(index, ok);
            report(index, result);
            if !ok && on_error == OnError::Stop {
                summary.stopped = true;
                break;
            }
        }
        Ok(summary)
    }

    /// Deletes the object a dump returned.
    fn delete(&mut self, m: &Message) -> Result<()> {
        let change = Change::delete_of(m)
            .ok_or_else(|| Error::Unsupported(format!("deleting a {}", m.event)))?;
        self.change(&change)
    }

    /// Deletes every object of a class that passes `filter` (`ip addr
    /// flush`, `ip route flush`) and returns how many were deleted: one
    /// dump, then one batch. Objects that vanish meanwhile (a secondary
    /// address goes with its primary) are not errors; another failure is
    /// returned once every other object has been tried.
    fn flush(&mut self, kind: ObjectKind, filter: &Filter) -> Result<usize> {
        self.flush_matching(kind, filter, |_| true)
    }

    /// Like [`RouteSocket::flush`], deleting only the objects for which
    /// `select` is true (selectors the kernel cannot apply, like `ip`'s
    /// `nud` or `root PREFIX`).
    fn flush_matching<P: FnMut(&Message) -> bool>(
        &mut self,
        kind: ObjectKind,
        filter: &Filter,
        mut select: P,
    ) -> Result<usize> {
        let deletes: Vec<Change> = self
            .dump_consistent(kind, filter)?
            .iter()
            .filter(|m| select(m))
            .map(|m| {
                Change::delete_of(m)
                    .ok_or_else(|| Error::Unsupported(format!("deleting a {}", m.event)))
            })
            .collect::<Result<_>>()?;
        let mut deleted = 0;
        let mut first_error = None;
        self.apply(deletes, OnError::Continue, |_, r| match r {
            Ok(()) => deleted += 1,
            Err(e) if e.errno().is_some_and(is_gone) => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
        })?;
        match first_error {
            Some(e) => Err(e),
            None => Ok(deleted),
        }
    }

    /// Collects a dump, retrying it when the kernel reports it was
    /// interrupted by concurrent changes (NLM_F_DUMP_INTR).
    fn dump_consistent(&mut self, kind: ObjectKind, filter: &Filter) -> Result<Vec<Message>> {
        const ATTEMPTS: u32 = 5;
        let mut last = None;
        for _ in 0..ATTEMPTS {
            match self.dump(kind, filter)?.collect::<Result<Vec<_>>>() {
                Err(e @ Error::DumpInterrupted { .. }) => last = Some(e),
                other => return other,
            }
        }
        Err(match last {
            Some(Error::DumpInterrupted { request, .. }) => Error::DumpInterrupted {
                request,
                attempts: ATTEMPTS,
            },
            Some(other) => other,
            None => unreachable!("ATTEMPTS is not zero"),
        })
    }
}

/// The refusal of a change the backend has no way to make: the change in
/// `ip` syntax, and why the BSDs lack the kind when the registry says.
pub(crate) fn unsupported(change: &Change) -> Error {
    let (verb, spec) = change.parts();
    let why = match spec.kind().info().bsd {
        super::kinds::OnBsd::Absent(why) => why,
        _ => "no such change here",
    };
    Error::Unsupported(format!("{}: {why}", spec.describe(verb)))
}

/// The errnos that mean "it is already gone" to a delete.
fn is_gone(errno: i32) -> bool {
    [libc::ENOENT, libc::ESRCH, libc::EADDRNOTAVAIL, libc::ENODEV].contains(&errno)
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
