//! The shared API: one trait that every backend implements, so that user code
//! is written once for Linux and the BSDs.

use crate::common::attrs::*;
use std::net::IpAddr;

use super::batch::{BatchSummary, Change, OnError};
use super::change::{
    AddressSpec, LinkSpec, NeighbourSpec, NexthopSpec, QdiscSpec, RouteSpec, RuleSpec, Verb,
};
use super::error::{Error, Result};
use super::message::Message;
use super::value::Value;

pub use super::filter::{Filter, RouteQuery, Selector};
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
        super::kinds::OnBsd::Absent(why) | super::kinds::OnBsd::Nexthops(why) => why,
        _ => "no such change here",
    };
    Error::Unsupported(format!("{}: {why}", spec.describe(verb)))
}

/// The errnos that mean "it is already gone" to a delete.
fn is_gone(errno: i32) -> bool {
    [libc::ENOENT, libc::ESRCH, libc::EADDRNOTAVAIL, libc::ENODEV].contains(&errno)
}
