//! Batches of changes: many links, addresses, routes, neighbours and rules
//! applied in as few system calls as the kernel allows, each with its own
//! result (pyroute2's IPBatch, `ip -batch`).
//!
//! ```no_run
//! use rtsock::batch::{Change, OnError};
//! use rtsock::change::{RouteSpec, Verb};
//! use rtsock::{IpRoute, RouteSocket};
//!
//! let mut ipr = IpRoute::new()?;
//! let routes = (0..1000u32).map(|i| {
//!     let dst = format!("10.{}.{}.0/24", i / 256, i % 256).parse().unwrap();
//!     Change::Route(Verb::Add, RouteSpec::to(dst).via("192.0.2.1".parse().unwrap()))
//! });
//! let summary = ipr.apply(routes, OnError::Continue, |index, result| {
//!     if let Err(e) = result {
//!         eprintln!("change {index}: {e}"); // names the route, errno, ext-ack text
//!     }
//! })?;
//! println!("{} sent, {} failed", summary.sent, summary.failed);
//! # Ok::<(), rtsock::Error>(())
//! ```

use super::change::{
    AddressSpec, LinkSpec, NeighbourSpec, NexthopSpec, QdiscSpec, RouteSpec, RuleSpec, Verb,
};
use super::message::{Body, Message};

/// One change of a batch.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Change {
    /// A link change (`ip link`).
    Link(Verb, LinkSpec),
    /// An address change (`ip address`).
    Address(Verb, AddressSpec),
    /// A route change (`ip route`).
    Route(Verb, RouteSpec),
    /// A neighbour entry change (`ip neigh`).
    Neighbour(Verb, NeighbourSpec),
    /// A policy rule change (`ip rule`).
    Rule(Verb, RuleSpec),
    /// A Linux nexthop object change (`ip nexthop`).
    Nexthop(Verb, NexthopSpec),
    /// A Linux queueing discipline change (`tc qdisc`).
    Qdisc(Verb, QdiscSpec),
}

impl Change {
    /// The change in `ip` syntax, as errors name it.
    pub fn describe(&self) -> String {
        match self {
            Change::Link(v, s) => s.describe(*v),
            Change::Address(v, s) => s.describe(*v),
            Change::Route(v, s) => s.describe(*v),
            Change::Neighbour(v, s) => s.describe(*v),
            Change::Rule(v, s) => s.describe(*v),
            Change::Nexthop(v, s) => s.describe(*v),
            Change::Qdisc(v, s) => s.describe(*v),
        }
    }

    /// The delete of an object a dump returned (what a flush sends).
    pub fn delete_of(m: &Message) -> Option<Change> {
        Some(match &m.body {
            Body::Link(h) => Change::Link(Verb::Delete, LinkSpec::indexed(h.index)),
            Body::Address(_) => Change::Address(Verb::Delete, AddressSpec::from_message(m)?),
            Body::Route(_) => Change::Route(Verb::Delete, RouteSpec::from_message(m)?),
            Body::Neighbour(_) => Change::Neighbour(Verb::Delete, NeighbourSpec::from_message(m)?),
            Body::Rule(_) => Change::Rule(Verb::Delete, RuleSpec::from_message(m)?),
            Body::Nexthop(_) => Change::Nexthop(Verb::Delete, NexthopSpec::from_message(m)?),
            _ => return None,
        })
    }
}

/// What a batch does after a change fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnError {
    /// Sends nothing more. Changes already on their way in the same
    /// pipeline (one datagram on Linux) were applied and are reported.
    Stop,
    /// Applies every other change.
    Continue,
}

/// How a batch went; each change's own result went to the caller's report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchSummary {
    /// Changes sent to the kernel (and reported).
    pub sent: usize,
    /// Of those, how many failed.
    pub failed: usize,
    /// The index of the first change that failed.
    pub first_failure: Option<usize>,
    /// Whether it stopped early (`OnError::Stop` after a failure).
    pub stopped: bool,
}

impl BatchSummary {
    /// Counts one change's result.
    pub fn record(&mut self, index: usize, ok: bool) {
        self.sent += 1;
        if !ok {
            self.failed += 1;
            self.first_failure.get_or_insert(index);
        }
    }
}
