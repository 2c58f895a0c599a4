//! The typed view of a filter message.

use std::fmt;

use super::action_lines::{IfName, actions_text};
use super::spec::{U32Key, protocol_text, u32_handle_text};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::kinds::qdisc::handle_text;
use crate::common::message::{Body, Message};
use crate::common::value::{Value, find_key};
use crate::common::views::attr_string;

/// The parent of filters on clsact's ingress hook (`tc filter ... ingress`).
pub const TC_H_CLSACT_INGRESS: u32 = 0xffff_fff2;
/// The parent of filters on clsact's egress hook (`tc filter ... egress`).
pub const TC_H_CLSACT_EGRESS: u32 = 0xffff_fff3;

/// A traffic-control filter (RTM_NEWTFILTER), as `tc filter show` lists it.
/// The kernel reports a u32 filter as three objects: its priority's
/// template (no handle), its hash table (`fh 800:`), and its key node
/// (`fh 800::800`).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct TcFilter {
    /// The interface (`tcm_ifindex`).
    pub index: u32,
    /// The qdisc or class it is attached to (`tcm_parent`).
    pub parent: u32,
    /// Its priority (`pref`; upper half of `tcm_info`).
    pub prio: u16,
    /// The EtherType it applies to (lower half of `tcm_info`, in host order).
    pub protocol: u16,
    /// Its handle (`fh`).
    pub handle: u32,
    /// The classifier (TCA_KIND): `u32`, ...
    pub kind: String,
    /// Its chain (TCA_CHAIN).
    pub chain: Option<u32>,
    /// A u32 filter's options.
    pub u32: Option<U32View>,
    /// The options as decoded (TCA_OPTIONS), which the lines of the other
    /// classifiers are printed from.
    pub options: Option<Value>,
}

/// What the kernel reports of a u32 filter.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct U32View {
    /// The class matching packets go to (TCA_U32_CLASSID).
    pub classid: Option<u32>,
    /// A hash table's number of buckets (TCA_U32_DIVISOR).
    pub divisor: Option<u32>,
    /// The hash table and bucket a key node is in (TCA_U32_HASH).
    pub hash: Option<u32>,
    /// TCA_U32_FLAGS: skip_hw 1, skip_sw 2, in_hw 4, not_in_hw 8.
    pub flags: u32,
    /// Whether a match ends the walk (TC_U32_TERMINAL).
    pub terminal: bool,
    /// The selector's keys.
    pub keys: Vec<U32Key>,
    /// The actions (TCA_U32_ACT), as decoded.
    pub actions: Option<Value>,
}

impl U32View {
    fn of(options: &Value) -> U32View {
        let attrs = options.as_nested().unwrap_or(&[]);
        let u32_of = |key: &Key| find_key(attrs, key).and_then(Value::as_u32);
        let sel = find_key(attrs, &TCA_U32_SEL);
        let int = |v: &Value, name: &str| v.field(name).and_then(Value::as_i64);
        let keys = match sel.and_then(|s| s.field("keys")) {
            Some(Value::List(keys)) => keys
                .iter()
                .map(|k| U32Key {
                    val: int(k, "val").unwrap_or(0) as u32,
                    mask: int(k, "mask").unwrap_or(0) as u32,
                    off: int(k, "off").unwrap_or(0) as i32,
                    offmask: int(k, "offmask").unwrap_or(0) as i32,
                })
                .collect(),
            _ => Vec::new(),
        };
        U32View {
            classid: u32_of(&TCA_U32_CLASSID),
            divisor: u32_of(&TCA_U32_DIVISOR),
            hash: u32_of(&TCA_U32_HASH),
            flags: u32_of(&TCA_U32_FLAGS).unwrap_or(0),
            terminal: sel.and_then(|s| int(s, "flags")).is_some_and(|f| f & 1 != 0),
            keys,
            actions: find_key(attrs, &TCA_U32_ACT).cloned(),
        }
    }
}

impl TcFilter {
    /// The filter view of `m`, or None if `m` is not a filter message.
    pub fn from_message(m: &Message) -> Option<TcFilter> {
        let Body::Tc(h) = &m.body else { return None };
        if ObjectKind::of(m) != Some(ObjectKind::TcFilter) {
            return None;
        }
        let kind = attr_string(m, &TCA_KIND).unwrap_or_default();
        let options = m.get(&TCA_OPTIONS);
        Some(TcFilter {
            index: h.index,
            parent: h.parent,
            prio: (h.info >> 16) as u16,
            protocol: u16::from_be(h.info as u16),
            handle: h.handle,
            chain: m.get(&TCA_CHAIN).and_then(Value::as_u32),
            u32: options.filter(|_| kind == "u32").map(U32View::of),
            options: options.cloned(),
            kind,
        })
    }

    /// `tc filter show`'s lines for it (print_filter): the filter, then
    /// its classifier's keys and its actions as tc prints them (a blank
    /// line ends a filter with actions). The device is named when given
    /// and the parent unless `parent_pinned` (tc leaves out what the
    /// listing asked for); a mirred target is named `ifN`.
    pub fn lines(&self, dev: Option<&str>, parent_pinned: bool) -> Vec<String> {
        self.lines_naming(dev, parent_pinned, &|i| format!("if{i}"))
    }

    /// [`TcFilter::lines`], with interfaces (mirred's targets) named by
    /// `ifname`.
    pub fn lines_naming(
        &self,
        dev: Option<&str>,
        parent_pinned: bool,
        ifname: IfName<'_>,
    ) -> Vec<String> {
        let mut s = "filter ".to_owned();
        if let Some(d) = dev {
            s += &format!("dev {d} ");
        }
        if !parent_pinned {
            s += &match self.parent {
                TC_H_ROOT => "root ".to_owned(),
                TC_H_CLSACT_INGRESS => "ingress ".to_owned(),
                TC_H_CLSACT_EGRESS => "egress ".to_owned(),
                p => format!("parent {} ", handle_text(p)),
            };
        }
        if self.protocol != 0 {
            s += &format!("protocol {} ", protocol_text(self.protocol));
        }
        if self.prio != 0 {
            s += &format!("pref {} ", self.prio);
        }
        s += &format!("{} ", self.kind);
        if let Some(c) = self.chain {
            s += &format!("chain {c} ");
        }
        if let Some(u) = &self.u32 {
            s += &u.text(self.handle, ifname);
        } else if let Some(Value::Nested(o)) = &self.options {
            s += &super::lines::options_text(&self.kind, o, self.handle, ifname);
        }
        s.push('\n');
        s.split_terminator('\n').map(|l| l.trim_end().to_owned()).collect()
    }
}

impl U32View {
    /// f_u32.c's u32_print_opt: the handle, the hash table or bucket, the
    /// class, the flags, one line per key, the actions.
    fn text(&self, handle: u32, ifname: IfName<'_>) -> String {
        let mut s = String::new();
        if handle != 0 {
            s += &format!("fh {} ", u32_handle_text(handle));
        }
        if handle & 0xfff != 0 {
            s += &format!("order {} ", handle & 0xfff);
        }
        if let Some(d) = self.divisor {
            s += &format!("ht divisor {d} ");
        } else if let Some(h) = self.hash {
            s += &format!("key ht {:x} bkt {:x} ", (h >> 20) & 0xfff, (h >> 12) & 0xff);
        }
        match self.classid {
            Some(c) => {
                let star = if self.terminal { "*" } else { "" };
                s += &format!("{star}flowid {} ", handle_text(c));
            }
            None if self.terminal => s += "terminal flowid ",
            None => {}
        }
        for (bit, word) in [(1, "skip_hw "), (2, "skip_sw ")] {
            if self.flags & bit != 0 {
                s += word;
            }
        }
        if self.flags & 4 != 0 {
            s += "in_hw ";
        } else if self.flags & 8 != 0 {
            s += "not_in_hw ";
        }
        for k in &self.keys {
            let next = if k.offmask != 0 { "nexthdr+" } else { "" };
            s += &format!("\n  match {:08x}/{:08x} at {next}{}", k.val, k.mask, k.off);
        }
        if let Some(a) = &self.actions {
            s += &actions_text(a, ifname);
        }
        s
    }
}

/// `tc filter show dev DEV`'s lines, joined.
impl fmt::Display for TcFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines(None, false).join("\n"))
    }
}
