//! The network as a live state, and transactions against it: pyroute2's
//! NDB and nmstate's declarative apply, over the [`RouteSocket`] trait
//! (so the same code runs on every backend).
//!
//! - [`State`]: the links, addresses, routes and rules of one socket's
//!   namespace (or FIB), from one dump of each; [`Live`] keeps one true
//!   from the monitor (subscribe-then-dump, overruns resynced).
//! - [`Document`]: a desired state in nmstate's format (the subset rtsock
//!   covers), from YAML or JSON; unknown keys are errors that name them.
//! - [`Plan`]: what turns the current state into the desired one, step by
//!   step in dependency order, each with its undo; [`Plan::diff`] shows the
//!   added and removed values per object.
//! - [`commit`]: applies a plan, verifies that the kernel's state then
//!   equals the target, and rolls back the applied steps, in reverse,
//!   when a step or the verification fails.
//! - [`State::snapshot`] and [`restore`]: a state kept as a document, and
//!   the transaction that brings it back (interfaces, routes and rules
//!   made since are deleted).
//!
//! A [`Transaction`] ([`begin`]) builds the same document in code.
//!
//! ```no_run
//! use rtsock::state::{self, CommitOptions, Document, State};
//! use rtsock::IpRoute;
//!
//! let doc = Document::from_json(r#"{"interfaces": [
//!     {"name": "br0", "type": "linux-bridge", "mtu": 9000,
//!      "ipv4": {"address": [{"ip": "192.0.2.1", "prefix-length": 24}]}}]}"#)?;
//! let mut ipr = IpRoute::new()?;
//! let plan = State::load(&mut ipr)?.plan(&doc)?;
//! for object in plan.diff() {
//!     println!("{object}"); // interface br0: + create linux-bridge, + mtu 9000, ...
//! }
//! match state::commit(&mut ipr, &doc, &CommitOptions::default()) {
//!     Ok(report) => println!("{} steps applied", report.applied),
//!     Err(failure) => eprintln!("{failure}"), // the failed step, and what the rollback restored
//! }
//! # Ok::<(), rtsock::Error>(())
//! ```

mod commit;
mod describe;
mod document;
mod plan;
#[cfg(test)]
mod tests;

pub use commit::{CommitOptions, Failure, Report, commit, commit_plan};
pub use document::*;
pub use plan::{ObjectDiff, Plan, Step};

use std::collections::BTreeMap;

use crate::common::api::{Filter, ObjectKind, RouteSocket};
use crate::common::attrs::{
    IFLA_CARRIER, IFLA_LINKINFO, IFLA_OPERSTATE, IFLA_PERM_ADDRESS, IFLA_QDISC,
};
use crate::common::change::IpNet;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::common::events::{Event, EventSource, Group, MonitorOptions, View, fingerprint_without};
use crate::common::message::Message;
use crate::common::views::{Address, Link, Route, Rule};

/// The kinds a state holds.
pub const KINDS: [ObjectKind; 4] = [
    ObjectKind::Link,
    ObjectKind::Address,
    ObjectKind::Route,
    ObjectKind::Rule,
];

/// The links, addresses, routes and rules of one namespace, as normalized
/// messages keyed by what the kernel tells them apart by.
#[derive(Clone, Debug, Default)]
pub struct State {
    view: View,
}

impl State {
    /// Dumps every link, address, route (every table) and rule.
    pub fn load<R: RouteSocket>(sock: &mut R) -> Result<State> {
        let mut state = State::default();
        for kind in KINDS {
            let filter = Filter {
                table: None,
                ..Filter::new()
            };
            for m in sock.dump(kind, &filter)? {
                state.apply(&m?);
            }
        }
        Ok(state)
    }

    /// A state from messages (a dump, a capture).
    pub fn from_messages<'a>(messages: impl IntoIterator<Item = &'a Message>) -> State {
        let mut state = State::default();
        for m in messages {
            state.apply(m);
        }
        state
    }

    /// Applies one change message (RTM_NEW* adds or replaces, RTM_DEL*
    /// removes). Routes and rules of other families than IPv4 and IPv6
    /// (multicast routing's RTNL_FAMILY_IPMR, MPLS) are not held.
    pub fn apply(&mut self, m: &Message) {
        let Some(kind) = ObjectKind::of(m) else {
            return;
        };
        let ip = matches!(m.family(), Some(AF_INET | AF_INET6));
        if KINDS.contains(&kind) && (kind == ObjectKind::Link || ip) {
            self.view.apply(m);
        }
    }

    /// How many objects it holds.
    pub fn len(&self) -> usize {
        self.view.len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.view.is_empty()
    }

    /// The messages of one kind.
    pub fn messages(&self, kind: ObjectKind) -> impl Iterator<Item = &Message> {
        self.view.of(kind)
    }

    /// Every link.
    pub fn links(&self) -> impl Iterator<Item = Link> + '_ {
        self.messages(ObjectKind::Link)
            .filter_map(Link::from_message)
    }

    /// The link called `name`.
    pub fn link(&self, name: &str) -> Option<Link> {
        self.link_message(name).map(|(_, l)| l)
    }

    /// The link called `name`, with its message.
    pub fn link_message(&self, name: &str) -> Option<(&Message, Link)> {
        self.messages(ObjectKind::Link)
            .filter_map(|m| Link::from_message(m).map(|l| (m, l)))
            .find(|(_, l)| l.name == name)
    }

    /// The name of the link with `index`.
    pub fn link_name(&self, index: u32) -> Option<String> {
        self.links().find(|l| l.index == index).map(|l| l.name)
    }

    /// Every address.
    pub fn addresses(&self) -> impl Iterator<Item = Address> + '_ {
        self.messages(ObjectKind::Address)
            .filter_map(Address::from_message)
    }

    /// The addresses of interface `index` in `family`, as prefixes.
    pub fn addresses_of(&self, index: u32, family: u8) -> Vec<IpNet> {
        self.addresses()
            .filter(|a| a.index == index && a.family == family)
            .filter_map(|a| {
                a.own_address().map(|addr| IpNet {
                    addr,
                    len: a.prefixlen,
                })
            })
            .collect()
    }

    /// Every route of every table.
    pub fn routes(&self) -> impl Iterator<Item = (&Message, Route)> + '_ {
        self.messages(ObjectKind::Route)
            .filter_map(|m| Route::from_message(m).map(|r| (m, r)))
    }

    /// Every rule.
    pub fn rules(&self) -> impl Iterator<Item = (&Message, Rule)> + '_ {
        self.messages(ObjectKind::Rule)
            .filter_map(|m| Rule::from_message(m).map(|r| (m, r)))
    }

    /// The state as a document to restore later ([`restore`]); the same as
    /// [`State::to_document`].
    pub fn snapshot(&self) -> Document {
        self.to_document()
    }

    /// What `apply` would do to reach `doc` from here.
    pub fn plan(&self, doc: &Document) -> Result<Plan> {
        plan::plan(self, doc)
    }

    /// The objects that differ between two states, by key (`link 3`,
    /// `route 2 254 10.0.0.0 ...`): what a concurrent writer changed.
    pub fn differences(&self, other: &State) -> Vec<String> {
        let key_of = |m: &Message| {
            crate::common::events::identity(m).map(|(k, id)| format!("{} {id}", k.noun()))
        };
        let mine: BTreeMap<String, &Message> = KINDS
            .iter()
            .flat_map(|k| self.messages(*k))
            .filter_map(|m| key_of(m).map(|k| (k, m)))
            .collect();
        let theirs: BTreeMap<String, &Message> = KINDS
            .iter()
            .flat_map(|k| other.messages(*k))
            .filter_map(|m| key_of(m).map(|k| (k, m)))
            .collect();
        let mut out: Vec<String> = mine
            .iter()
            .filter(|(k, m)| theirs.get(*k).is_none_or(|o| !same_object(m, o)))
            .map(|(k, _)| k.clone())
            .collect();
        out.extend(theirs.keys().filter(|k| !mine.contains_key(*k)).cloned());
        out.sort();
        out.dedup();
        out
    }

    /// The state in nmstate's format: every interface (type, state, MTU,
    /// MAC, addresses but IPv6 link-local, bridge and bond ports, veth
    /// peers), the routes rtsock would manage (not the kernel's own, not
    /// the local table) and the rules but the three defaults. Applying it
    /// to the same state plans nothing.
    pub fn to_document(&self) -> Document {
        describe::document_of(self)
    }
}

/// A transaction built in code: the objects to change, by name, in the
/// document's typed form; then [`Transaction::diff`] against the kernel
/// and [`Transaction::commit`].
///
/// ```no_run
/// use rtsock::state::{self, AddressDoc, CommitOptions, InterfaceType, IpDoc};
/// use rtsock::IpRoute;
///
/// let mut ipr = IpRoute::new()?;
/// let mut tx = state::begin();
/// let br0 = tx.interface("br0");
/// br0.kind = Some(InterfaceType::LinuxBridge);
/// br0.mtu = Some(9000);
/// br0.ipv4 = Some(IpDoc {
///     address: Some(vec![AddressDoc { ip: "192.0.2.1".parse().unwrap(), prefix_length: 24 }]),
///     ..IpDoc::default()
/// });
/// tx.port("br0", "veth0");
/// for object in tx.diff(&mut ipr)? {
///     println!("{object}");
/// }
/// tx.commit(&mut ipr, &CommitOptions::default()).map_err(|f| f.error)?;
/// # Ok::<(), rtsock::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Transaction {
    doc: Document,
}

/// Starts a transaction.
pub fn begin() -> Transaction {
    Transaction::default()
}

impl Transaction {
    /// The interface called `name` in this transaction (added, with no
    /// change yet, the first time).
    pub fn interface(&mut self, name: &str) -> &mut InterfaceDoc {
        let i = match self.doc.interfaces.iter().position(|i| i.name == name) {
            Some(i) => i,
            None => {
                self.doc.interfaces.push(InterfaceDoc {
                    name: name.to_owned(),
                    ..InterfaceDoc::default()
                });
                self.doc.interfaces.len() - 1
            }
        };
        &mut self.doc.interfaces[i]
    }

    /// Makes `port` a port of the bridge `bridge` (its port list, given
    /// here, becomes exact).
    pub fn port(&mut self, bridge: &str, port: &str) -> &mut Transaction {
        let b = self
            .interface(bridge)
            .bridge
            .get_or_insert_with(BridgeDoc::default);
        if !b.port.iter().any(|p| p.name == port) {
            b.port.push(PortDoc {
                name: port.to_owned(),
            });
        }
        self
    }

    /// Deletes the interface `name`.
    pub fn remove_interface(&mut self, name: &str) -> &mut Transaction {
        self.interface(name).state = Some(InterfaceState::Absent);
        self
    }

    /// A route to have (or, with `state: absent`, not to have).
    pub fn route(&mut self, route: RouteDoc) -> &mut Transaction {
        self.doc
            .routes
            .get_or_insert_with(RoutesDoc::default)
            .config
            .push(route);
        self
    }

    /// A rule to have (or not to have).
    pub fn rule(&mut self, rule: RuleDoc) -> &mut Transaction {
        self.doc
            .route_rules
            .get_or_insert_with(RulesDoc::default)
            .config
            .push(rule);
        self
    }

    /// The transaction as a document.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// What committing would add and remove, per object, now.
    pub fn diff<R: RouteSocket>(&self, sock: &mut R) -> Result<Vec<ObjectDiff>> {
        Ok(State::load(sock)?.plan(&self.doc)?.diff())
    }

    /// Applies it, verifies it and rolls it back on failure ([`commit`]).
    pub fn commit<R: RouteSocket>(
        self,
        sock: &mut R,
        options: &CommitOptions,
    ) -> std::result::Result<Report, Box<Failure>> {
        commit(sock, &self.doc, options)
    }
}

/// The document that brings `current` back to `snapshot` (a state's
/// [`State::to_document`] taken earlier): the snapshot, plus `absent` for
/// the virtual interfaces, routes and rules made since. Objects that
/// already existed get the snapshot's settings, addresses and ports back.
pub fn restore_document(snapshot: &Document, current: &State) -> Document {
    let mut doc = snapshot.clone();
    let known: std::collections::BTreeSet<&str> = snapshot
        .interfaces
        .iter()
        .map(|i| i.name.as_str())
        .collect();
    let now = current.to_document();
    for iface in &now.interfaces {
        let virtual_kind = iface.kind.is_some_and(|k| {
            !matches!(
                k,
                InterfaceType::Ethernet | InterfaceType::Loopback | InterfaceType::Unknown
            )
        });
        if !known.contains(iface.name.as_str()) && virtual_kind {
            doc.interfaces.push(InterfaceDoc {
                name: iface.name.clone(),
                state: Some(InterfaceState::Absent),
                ..InterfaceDoc::default()
            });
        }
    }
    let before_routes = snapshot.routes.clone().unwrap_or_default().config;
    for r in now.routes.iter().flat_map(|r| &r.config) {
        if !before_routes.contains(r) {
            let mut gone = r.clone();
            gone.state = Some(Absent::Absent);
            doc.routes
                .get_or_insert_with(Default::default)
                .config
                .push(gone);
        }
    }
    let before_rules = snapshot.route_rules.clone().unwrap_or_default().config;
    for r in now.route_rules.iter().flat_map(|r| &r.config) {
        if !before_rules.contains(r) {
            let mut gone = r.clone();
            gone.state = Some(Absent::Absent);
            doc.route_rules
                .get_or_insert_with(Default::default)
                .config
                .push(gone);
        }
    }
    doc
}

/// Brings the kernel's state back to `snapshot` (see [`restore_document`]),
/// as a transaction.
pub fn restore<R: RouteSocket>(
    sock: &mut R,
    snapshot: &Document,
    options: &CommitOptions,
) -> std::result::Result<Report, Box<Failure>> {
    let current = State::load(sock).map_err(|e| commit::failed("plan", e))?;
    let doc = restore_document(snapshot, &current);
    let plan = current.plan(&doc).map_err(|e| commit::failed("plan", e))?;
    commit::apply(sock, &doc, plan, Vec::new(), options)
}

/// Two messages describe the same object with the same values: counters
/// and timers aside (what a resync ignores), and the link state a
/// document does not manage (carrier, operstate, qdisc, kind data).
fn same_object(a: &Message, b: &Message) -> bool {
    let unmanaged = |attr: &crate::common::value::Attr| {
        [
            IFLA_LINKINFO,
            IFLA_OPERSTATE,
            IFLA_CARRIER,
            IFLA_QDISC,
            IFLA_PERM_ADDRESS,
        ]
        .iter()
        .any(|k| attr.is(k))
            || attr.name.starts_with("IFLA_BSD")
    };
    fingerprint_without(a, unmanaged) == fingerprint_without(b, unmanaged)
}

/// A state kept true by the monitor: opened with subscribe-then-dump (the
/// dump fills it, nothing between is missed) and resync (an overrun is
/// repaired from a fresh dump), then every event applied as it is read.
pub struct Live<M: EventSource> {
    state: State,
    monitor: M,
}

impl<M: EventSource> Live<M> {
    /// Subscribes to the groups of links, addresses, routes and rules on
    /// `sock`'s OS and reads the initial dump into the state.
    pub fn open<R: RouteSocket<Monitor = M>>(sock: &mut R) -> Result<Live<M>> {
        Live::open_with(sock, None)
    }

    /// As [`Live::open`], with the monitor socket's receive buffer in bytes
    /// (a small one overruns sooner, and is resynced).
    pub fn open_with<R: RouteSocket<Monitor = M>>(
        sock: &mut R,
        receive_buffer: Option<usize>,
    ) -> Result<Live<M>> {
        let groups: Vec<Group> = Group::ALL
            .iter()
            .copied()
            .filter(|g| KINDS.contains(&g.kind()))
            .collect();
        let mut options = MonitorOptions::new()
            .groups(&groups)
            .initial_dump(true)
            .resync(true);
        options.receive_buffer = receive_buffer;
        let mut monitor = sock.monitor_with(&options)?;
        let mut state = State::default();
        loop {
            match monitor.next_event()? {
                Event::Change { message } => state.apply(&message),
                Event::DumpDone { .. } => break,
                _ => {}
            }
        }
        Ok(Live { state, monitor })
    }

    /// The state as of the last event read.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Waits for the next event, applies it to the state and returns it
    /// (subscribers see each change after the state has it).
    pub fn next_event(&mut self) -> Result<Event> {
        let event = self.monitor.next_event()?;
        if let Event::Change { message } = &event {
            self.state.apply(message);
        }
        Ok(event)
    }

    /// Applies every event that is ready, without waiting, and returns how
    /// many there were: the state is then as fresh as the socket allows.
    pub fn sync(&mut self) -> Result<usize> {
        self.monitor.set_nonblocking(true)?;
        let mut applied = 0;
        let result = loop {
            match self.monitor.try_next_event() {
                Ok(Some(event)) => {
                    if let Event::Change { message } = &event {
                        self.state.apply(message);
                    }
                    applied += 1;
                }
                Ok(None) => break Ok(applied),
                Err(e) => break Err(e),
            }
        };
        self.monitor.set_nonblocking(false)?;
        result
    }

    /// The monitor underneath (its fd, for a poll loop).
    pub fn monitor_mut(&mut self) -> &mut M {
        &mut self.monitor
    }
}

/// Whether an IPv6 address is the kernel's link-local one (never managed).
fn is_link_local(net: &IpNet) -> bool {
    matches!(net.addr, std::net::IpAddr::V6(a) if crate::common::change::is_link_local(&a))
}

/// The families an interface document manages, with their addresses.
fn managed_families(doc: &InterfaceDoc) -> Vec<(u8, &IpDoc)> {
    let mut out = Vec::new();
    if let Some(ip) = &doc.ipv4 {
        out.push((AF_INET, ip));
    }
    if let Some(ip) = &doc.ipv6 {
        out.push((AF_INET6, ip));
    }
    out
}
