//! The typed view of a qdisc message.

use std::fmt;

use super::handle_text;
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::message::{Body, Message};
use crate::common::value::{Value, find_key};
use crate::common::views::*;

/// A queueing discipline (RTM_NEWQDISC), as `tc qdisc show` lists it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Qdisc {
    /// The interface (`tcm_ifindex`).
    pub index: u32,
    /// The handle (`1:`; `tcm_handle`).
    pub handle: u32,
    /// Where it hangs: TC_H_ROOT, TC_H_INGRESS, or a class (`tcm_parent`).
    pub parent: u32,
    /// The kind (TCA_KIND): `htb`, `pfifo`, `ingress`, ...
    pub kind: String,
    /// The reference count (`tcm_info`, `refcnt`).
    pub refcnt: u32,
    /// TCA_OPTIONS, decoded for the kinds rtsock knows (bytes otherwise).
    pub options: Option<Value>,
    /// Bytes sent (TCA_STATS2 basic, or TCA_STATS).
    pub bytes: Option<u64>,
    /// Packets sent.
    pub packets: Option<u64>,
    /// Packets dropped (TCA_STATS2 queue, or TCA_STATS).
    pub drops: Option<u64>,
}

impl Qdisc {
    /// The qdisc view of `m`, or None if `m` is not a qdisc message.
    pub fn from_message(m: &Message) -> Option<Qdisc> {
        let Body::Tc(h) = &m.body else { return None };
        if ObjectKind::of(m) != Some(ObjectKind::Qdisc) {
            return None;
        }
        let counters = Counters::of(m);
        Some(Qdisc {
            index: h.index,
            handle: h.handle,
            parent: h.parent,
            kind: attr_string(m, &TCA_KIND).unwrap_or_default(),
            refcnt: h.info,
            options: m.get(&TCA_OPTIONS).cloned(),
            bytes: counters.bytes,
            packets: counters.packets,
            drops: counters.drops,
        })
    }

    /// Whether it is an interface's root qdisc.
    pub fn is_root(&self) -> bool {
        self.parent == TC_H_ROOT
    }

    /// `tc qdisc show`'s line (print_qdisc): `qdisc KIND HANDLE [dev DEV]
    /// root|parent P [refcnt N] OPTIONS`, with the options of the kinds
    /// rtsock decodes as their q_*.c print them. The device is named when
    /// given (tc leaves it out of `show dev DEV`).
    pub fn line(&self, dev: Option<&str>) -> String {
        let mut s = format!("qdisc {} {} ", self.kind, handle_text(self.handle));
        if let Some(d) = dev {
            s += &format!("dev {d} ");
        }
        if self.is_root() {
            s += "root ";
        } else if self.parent != 0 {
            s += &format!("parent {} ", handle_text(self.parent));
        }
        if self.refcnt != 1 && self.refcnt != 0 {
            s += &format!("refcnt {} ", self.refcnt);
        }
        if let Some(o) = &self.options {
            s += &super::lines::options_text(&self.kind, o);
        }
        s.trim_end().to_owned()
    }
}

/// The counters of a traffic-control object: TCA_STATS2's basic and
/// queue statistics, or the old TCA_STATS.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counters {
    pub bytes: Option<u64>,
    pub packets: Option<u64>,
    pub drops: Option<u64>,
}

impl Counters {
    pub(crate) fn of(m: &Message) -> Counters {
        let stats2 = m.get(&TCA_STATS2).and_then(Value::as_nested);
        let stat = |key: &Key, field: &str| {
            stats2
                .and_then(|s| find_key(s, key))
                .and_then(|v| v.field(field))
                .and_then(Value::as_u64)
        };
        let old = |field: &str| {
            m.get(&TCA_STATS)
                .and_then(|v| v.field(field))
                .and_then(Value::as_u64)
        };
        Counters {
            bytes: stat(&TCA_STATS_BASIC, "bytes").or_else(|| old("bytes")),
            packets: stat(&TCA_STATS_BASIC, "packets").or_else(|| old("packets")),
            drops: stat(&TCA_STATS_QUEUE, "drops").or_else(|| old("drops")),
        }
    }
}

/// `tc qdisc`'s line without name resolution and options:
/// `qdisc htb 1: dev if2 root refcnt 2`.
impl fmt::Display for Qdisc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "qdisc {} {} dev if{}",
            self.kind,
            handle_text(self.handle),
            self.index
        )?;
        if self.is_root() {
            f.write_str(" root")?;
        } else if self.parent != 0 {
            write!(f, " parent {}", handle_text(self.parent))?;
        }
        if self.refcnt != 0 {
            write!(f, " refcnt {}", self.refcnt)?;
        }
        Ok(())
    }
}
