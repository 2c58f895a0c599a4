//! The typed view of a prefix notification.

use std::net::IpAddr;

use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// IF_PREFIX_ONLINK: the prefix is on the link (older kernels' flag).
pub const IF_PREFIX_ONLINK: u8 = 0x01;
/// IF_PREFIX_AUTOCONF: addresses may be configured from it (older kernels).
pub const IF_PREFIX_AUTOCONF: u8 = 0x02;
/// The option's own L bit, which newer kernels (inet6_fill_prefix sends
/// `pinfo->flags` as it came; 6.18 here does) report instead.
pub const ND_PREFIX_L: u8 = 0x80;
/// The option's own A bit.
pub const ND_PREFIX_A: u8 = 0x40;

/// A prefix a router advertised (RTM_NEWPREFIX).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Prefix {
    /// The interface it came in on.
    pub index: u32,
    /// The prefix (PREFIX_ADDRESS).
    pub addr: IpAddr,
    /// Its length.
    pub len: u8,
    /// The flags as the kernel sent them: IF_PREFIX_* from older kernels,
    /// the option's L and A bits from newer ones ([`Prefix::onlink`] and
    /// [`Prefix::autoconf`] read either).
    pub flags: u8,
    /// Seconds it stays valid, and preferred (PREFIX_CACHEINFO).
    pub valid: Option<u32>,
    /// Seconds it stays preferred.
    pub preferred: Option<u32>,
}

impl Prefix {
    /// The prefix view of `m`, or None if `m` is not one.
    pub fn from_message(m: &Message) -> Option<Prefix> {
        let Body::Prefix(h) = &m.body else { return None };
        if ObjectKind::of(m) != Some(ObjectKind::Prefix) {
            return None;
        }
        let cache = m.get(&PREFIX_CACHEINFO);
        let time = |f: &str| cache.and_then(|c| c.field(f)).and_then(Value::as_u32);
        Some(Prefix {
            index: h.index,
            addr: m.get(&PREFIX_ADDRESS).and_then(Value::as_ip)?,
            len: h.len,
            flags: h.flags,
            valid: time("valid_time"),
            preferred: time("preferred_time"),
        })
    }

    /// Whether the prefix is on the link.
    pub fn onlink(&self) -> bool {
        self.flags & (IF_PREFIX_ONLINK | ND_PREFIX_L) != 0
    }

    /// Whether addresses may be configured from it.
    pub fn autoconf(&self) -> bool {
        self.flags & (IF_PREFIX_AUTOCONF | ND_PREFIX_A) != 0
    }

    /// `ip monitor prefix`'s line (print_prefix): `prefix A/L dev DEV
    /// [onlink] [autoconf] valid N preferred N` (the flags read as either
    /// kernel sends them).
    pub fn line(&self, dev: &str) -> String {
        let mut s = format!("prefix {}/{} dev {dev} ", self.addr, self.len);
        if self.onlink() {
            s += "onlink ";
        }
        if self.autoconf() {
            s += "autoconf ";
        }
        if let (Some(v), Some(p)) = (self.valid, self.preferred) {
            s += &format!("valid {v} preferred {p} ");
        }
        s.trim_end().to_owned()
    }
}
