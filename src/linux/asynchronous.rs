//! The async face, for tokio users (feature `tokio`): the monitor's socket
//! registered with the reactor through `AsyncFd`, and requests run on the
//! blocking pool so a runtime thread never waits on the kernel.
//!
//! ```no_run
//! # async fn f() -> rtsock::Result<()> {
//! use rtsock::events::{Event, Group};
//! use rtsock::linux::{AsyncMonitor, Monitor};
//!
//! let mut mon = AsyncMonitor::new(Monitor::new(&[Group::Ipv4Route])?)?;
//! while let Ok(event) = mon.next_event().await {
//!     if let Event::Change { message } = event {
//!         println!("{}", message.event);
//!     }
//! }
//! # Ok(()) }
//! ```

use std::sync::{Arc, Mutex};

use tokio::io::unix::AsyncFd;

use super::backend::IpRoute;
use super::monitor::Monitor;
use crate::common::api::{Filter, ObjectKind, RouteSocket};
use crate::common::change::{AddressSpec, LinkSpec, NeighbourSpec, RouteSpec, RuleSpec, Verb};
use crate::common::error::{Error, Result};
use crate::common::events::Event;
use crate::common::message::Message;

/// A [`Monitor`] driven by the tokio reactor.
pub struct AsyncMonitor {
    fd: AsyncFd<Monitor>,
}

impl AsyncMonitor {
    /// Registers the monitor's socket (made non-blocking) with the reactor.
    /// Must be called inside a tokio runtime.
    pub fn new(mon: Monitor) -> Result<AsyncMonitor> {
        mon.set_nonblocking(true)?;
        // SAFETY: the Monitor owns its socket (an OwnedFd it never replaces
        // or closes early), so the fd stays open and the same for as long as
        // the AsyncFd holds the Monitor.
        let fd = unsafe { AsyncFd::register_with_interest(mon, tokio::io::Interest::READABLE) }
            .map_err(|e| Error::io("registering the monitor", e.into()))?;
        Ok(AsyncMonitor { fd })
    }

    /// The next event; waits without blocking the runtime.
    pub async fn next_event(&mut self) -> Result<Event> {
        loop {
            // Events already decoded (a datagram holds many) come first.
            if let Some(e) = self.fd.get_mut().try_next()? {
                return Ok(e);
            }
            let mut guard = self
                .fd
                .readable_mut()
                .await
                .map_err(|e| Error::io("monitor", e))?;
            match guard.get_inner_mut().try_next()? {
                Some(e) => return Ok(e),
                None => guard.clear_ready(),
            }
        }
    }

    /// The monitor inside (for its groups, view and overrun count).
    pub fn get_ref(&self) -> &Monitor {
        self.fd.get_ref()
    }
}

/// The request API for async code: each call runs on tokio's blocking pool
/// with the socket to itself, and the answers stay matched to their requests.
#[derive(Clone)]
pub struct AsyncIpRoute {
    inner: Arc<Mutex<IpRoute>>,
}

impl AsyncIpRoute {
    /// Wraps `ipr`; clones share it, one call at a time.
    pub fn new(ipr: IpRoute) -> AsyncIpRoute {
        AsyncIpRoute {
            inner: Arc::new(Mutex::new(ipr)),
        }
    }

    /// Runs `f` with the socket on the blocking pool.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut IpRoute) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let mut ipr = inner.lock().unwrap_or_else(|e| e.into_inner());
            f(&mut ipr)
        })
        .await
        .map_err(|e| Error::io("async request", std::io::Error::other(e)))?
    }

    /// A whole dump (collected on the blocking pool).
    pub async fn dump(&self, kind: ObjectKind, filter: Filter) -> Result<Vec<Message>> {
        self.run(move |ipr| ipr.dump(kind, &filter)?.collect())
            .await
    }

    /// [`RouteSocket::link`] on the blocking pool.
    pub async fn link(&self, verb: Verb, spec: LinkSpec) -> Result<()> {
        self.run(move |ipr| ipr.link(verb, &spec)).await
    }

    /// [`RouteSocket::address`] on the blocking pool.
    pub async fn address(&self, verb: Verb, spec: AddressSpec) -> Result<()> {
        self.run(move |ipr| ipr.address(verb, &spec)).await
    }

    /// [`RouteSocket::route`] on the blocking pool.
    pub async fn route(&self, verb: Verb, spec: RouteSpec) -> Result<()> {
        self.run(move |ipr| ipr.route(verb, &spec)).await
    }

    /// [`RouteSocket::neighbour`] on the blocking pool.
    pub async fn neighbour(&self, verb: Verb, spec: NeighbourSpec) -> Result<()> {
        self.run(move |ipr| ipr.neighbour(verb, &spec)).await
    }

    /// [`RouteSocket::rule`] on the blocking pool.
    pub async fn rule(&self, verb: Verb, spec: RuleSpec) -> Result<()> {
        self.run(move |ipr| ipr.rule(verb, &spec)).await
    }
}
