//! What every backend shares: the normalized message model, the trait user
//! code is written against, errors and the Linux numbering everything maps to.

pub mod api;
pub mod attrs;
pub mod batch;
pub(crate) mod bytes;
pub mod change;
pub mod constants;
pub mod error;
pub mod events;
pub mod filter;
pub mod kinds;
pub mod message;
pub mod state;
pub mod types;
pub mod value;
pub mod views;

pub use error::{Error, Result};
