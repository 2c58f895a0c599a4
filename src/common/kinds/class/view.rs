//! The typed view of a class message.

use std::fmt;

use super::rate::{rate_text, size_text, xmit_size};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::kinds::qdisc::handle_text;
use crate::common::kinds::qdisc::view::Counters;
use crate::common::message::{Body, Message};
use crate::common::value::{Value, find_key};
use crate::common::views::attr_string;

/// A traffic-control class (RTM_NEWTCLASS), as `tc class show` lists it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Class {
    /// The interface (`tcm_ifindex`).
    pub index: u32,
    /// The class id (`1:10`; `tcm_handle`).
    pub handle: u32,
    /// Its parent: TC_H_ROOT, or the class above it (`tcm_parent`).
    pub parent: u32,
    /// The qdisc kind it belongs to (TCA_KIND): `htb`, ...
    pub kind: String,
    /// The handle of the qdisc attached under it (`leaf`; from `tcm_info`).
    pub leaf: Option<u32>,
    /// An htb class's settings, read from TCA_OPTIONS.
    pub htb: Option<HtbParams>,
    /// TCA_OPTIONS, decoded for the kinds rtsock knows (bytes otherwise).
    pub options: Option<Value>,
    /// Bytes sent (TCA_STATS2 basic, or TCA_STATS).
    pub bytes: Option<u64>,
    /// Packets sent.
    pub packets: Option<u64>,
    /// Packets dropped.
    pub drops: Option<u64>,
}

/// An htb class's settings as the kernel reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct HtbParams {
    /// Guaranteed rate, bytes per second (TCA_HTB_RATE64 when present).
    pub rate: u64,
    /// Ceiling, bytes per second.
    pub ceil: u64,
    /// The burst at `rate`, in scheduler ticks.
    pub buffer: u32,
    /// The burst at `ceil`, in scheduler ticks.
    pub cbuffer: u32,
    /// Bytes served per round.
    pub quantum: u32,
    /// Its depth from the leaves (0 for a leaf class).
    pub level: u32,
    /// Its priority.
    pub prio: u32,
    /// Bytes added to every packet's size at `rate`.
    pub overhead: u32,
}

impl HtbParams {
    /// The burst in bytes, as tc shows it.
    pub fn burst(&self) -> f64 {
        xmit_size(self.rate, self.buffer)
    }

    /// The ceiling's burst in bytes.
    pub fn cburst(&self) -> f64 {
        xmit_size(self.ceil, self.cbuffer)
    }

    fn of(options: &Value) -> Option<HtbParams> {
        let attrs = options.as_nested()?;
        let parms = find_key(attrs, &TCA_HTB_PARMS)?;
        let field = |name: &str| parms.field(name).and_then(Value::as_u64);
        let wide = |key: &Key| find_key(attrs, key).and_then(Value::as_u64);
        let narrow = |name: &str| field(name).and_then(|v| u32::try_from(v).ok());
        Some(HtbParams {
            rate: wide(&TCA_HTB_RATE64).or_else(|| field("rate"))?,
            ceil: wide(&TCA_HTB_CEIL64).or_else(|| field("ceil"))?,
            buffer: narrow("buffer")?,
            cbuffer: narrow("cbuffer")?,
            quantum: narrow("quantum")?,
            level: narrow("level")?,
            prio: narrow("prio")?,
            overhead: narrow("overhead")?,
        })
    }
}

impl Class {
    /// The class view of `m`, or None if `m` is not a class message.
    pub fn from_message(m: &Message) -> Option<Class> {
        let Body::Tc(h) = &m.body else { return None };
        if ObjectKind::of(m) != Some(ObjectKind::Class) {
            return None;
        }
        let counters = Counters::of(m);
        let options = m.get(&TCA_OPTIONS).cloned();
        let kind = attr_string(m, &TCA_KIND).unwrap_or_default();
        Some(Class {
            index: h.index,
            handle: h.handle,
            parent: h.parent,
            leaf: (h.info != 0).then_some(h.info & 0xffff_0000),
            htb: options
                .as_ref()
                .filter(|_| kind == "htb")
                .and_then(HtbParams::of),
            kind,
            options,
            bytes: counters.bytes,
            packets: counters.packets,
            drops: counters.drops,
        })
    }

    /// `tc class show`'s line, with the device named after the class id
    /// when given (tc names it only when listing every device).
    pub fn line(&self, dev: Option<&str>) -> String {
        let mut s = format!("class {} {}", self.kind, handle_text(self.handle));
        if let Some(d) = dev {
            s += &format!(" dev {d}");
        }
        if self.parent == TC_H_ROOT {
            s += " root";
        } else {
            s += &format!(" parent {}", handle_text(self.parent));
        }
        if let Some(leaf) = self.leaf {
            s += &format!(" leaf {:x}:", leaf >> 16);
        }
        if let Some(h) = &self.htb {
            // htb_print_opt: a leaf's prio, then the rates and bursts.
            if h.level == 0 {
                s += &format!(" prio {}", h.prio);
            }
            s += &format!(" rate {}", rate_text(h.rate));
            if h.overhead != 0 {
                s += &format!(" overhead {}", h.overhead);
            }
            s += &format!(
                " ceil {} burst {} cburst {}",
                rate_text(h.ceil),
                size_text(h.burst()),
                size_text(h.cburst())
            );
        }
        s
    }
}

/// `tc class show dev DEV`'s line: `class htb 1:10 parent 1:1 prio 0 rate
/// 1Mbit ceil 1Mbit burst 1600b cburst 1600b`.
impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line(None))
    }
}
