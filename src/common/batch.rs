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

pub use super::kinds::Change;

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
