//! rtsock: one routing-socket API for Linux (rtnetlink) and the BSDs (PF_ROUTE).
//!
//! Every backend emits the same normalized messages, shaped like pyroute2's
//! (`header`, `event`, fixed fields, `attrs` as ordered `(NAME, value)` pairs),
//! and implements the same [`RouteSocket`] trait.
//!
//! ```no_run
//! use rtsock::{Filter, IpRoute, RouteSocket};
//! use rtsock::views::Link;
//!
//! let mut ipr = IpRoute::new()?;
//! for msg in ipr.links(&Filter::new())? {
//!     let link = Link::from_message(&msg?).expect("a link dump yields links");
//!     println!("{} {} up={}", link.index, link.name, link.is_up());
//! }
//! # Ok::<(), rtsock::Error>(())
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

pub mod bsd;
pub mod capture;
pub mod common;
pub mod linux;
pub mod raw;

pub use common::api::{Filter, Interface, ObjectKind, RouteQuery, RouteSocket, Selector};
pub use common::error::{DecodeError, Error, Result};
pub use common::message::{Body, Header, HeaderError, Message};
pub use common::value::{Attr, LinkAddr, Value};
pub use common::{attrs, batch, change, constants, events, state, types, views};

cfg_if::cfg_if! {
    if #[cfg(target_os = "linux")] {
        /// The routing socket of the OS this was built for.
        pub type IpRoute = linux::IpRoute;
    } else if #[cfg(bsd)] {
        /// The routing socket of the OS this was built for.
        #[cfg_attr(docsrs, doc(cfg(any(target_os = "freebsd", target_os = "openbsd"))))]
        pub type IpRoute = bsd::RtSock;
    }
}

// The README's Rust examples compile (and its `no_run` ones type-check) as
// doctests, so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
