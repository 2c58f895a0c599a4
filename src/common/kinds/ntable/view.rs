//! The typed view of a neighbour-table message.

use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::message::{Body, Message};
use crate::common::value::{Attr, Value, find_key};

/// A neighbour table's limits, or one device's parameters in it
/// (RTM_NEWNEIGHTBL), as `ip ntable show` lists them. Times are in
/// milliseconds.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct NeighTable {
    /// The family (AF_INET for arp_cache, AF_INET6 for ndisc_cache).
    pub family: u8,
    /// The table (NDTA_NAME).
    pub name: String,
    /// Below this many entries the collector leaves the table alone (NDTA_THRESH1).
    pub thresh1: Option<u32>,
    /// The soft limit (NDTA_THRESH2).
    pub thresh2: Option<u32>,
    /// The hard limit (NDTA_THRESH3).
    pub thresh3: Option<u32>,
    /// How often the collector runs (NDTA_GC_INTERVAL).
    pub gc_interval: Option<u64>,
    /// The device these parameters are for (NDTPA_IFINDEX); None for the
    /// table's defaults.
    pub ifindex: Option<u32>,
    /// The parameters (NDTA_PARMS) as `(ip's word, value)`, in ip's order.
    pub parms: Vec<(&'static str, u64)>,
}

/// The parameters ip prints, in its order, with its words, and where it
/// breaks the line (print_ndtparams).
const PARMS: [(&Key, &str, bool); 14] = [
    (&NDTPA_REFCNT, "refcnt", false),
    (&NDTPA_REACHABLE_TIME, "reachable", false),
    (&NDTPA_BASE_REACHABLE_TIME, "base_reachable", false),
    (&NDTPA_RETRANS_TIME, "retrans", true),
    (&NDTPA_GC_STALETIME, "gc_stale", false),
    (&NDTPA_DELAY_PROBE_TIME, "delay_probe", false),
    (&NDTPA_QUEUE_LEN, "queue", true),
    (&NDTPA_APP_PROBES, "app_probes", false),
    (&NDTPA_UCAST_PROBES, "ucast_probes", false),
    (&NDTPA_MCAST_PROBES, "mcast_probes", true),
    (&NDTPA_ANYCAST_DELAY, "anycast_delay", false),
    (&NDTPA_PROXY_DELAY, "proxy_delay", false),
    (&NDTPA_PROXY_QLEN, "proxy_queue", false),
    (&NDTPA_LOCKTIME, "locktime", false),
];

impl NeighTable {
    /// The table view of `m`, or None if `m` is not a neighbour-table message.
    pub fn from_message(m: &Message) -> Option<NeighTable> {
        let Body::NeighTable(h) = &m.body else { return None };
        if ObjectKind::of(m) != Some(ObjectKind::NeighTable) {
            return None;
        }
        let parms: &[Attr] = m.get(&NDTA_PARMS).and_then(Value::as_nested).unwrap_or(&[]);
        let u = |k: &Key| m.get(k).and_then(Value::as_u64);
        Some(NeighTable {
            family: h.family,
            name: m.get(&NDTA_NAME).and_then(Value::as_str).unwrap_or_default().to_owned(),
            thresh1: u(&NDTA_THRESH1).map(|v| v as u32),
            thresh2: u(&NDTA_THRESH2).map(|v| v as u32),
            thresh3: u(&NDTA_THRESH3).map(|v| v as u32),
            gc_interval: u(&NDTA_GC_INTERVAL),
            ifindex: find_key(parms, &NDTPA_IFINDEX).and_then(Value::as_u32),
            parms: PARMS
                .iter()
                .filter_map(|(k, word, _)| find_key(parms, k).and_then(Value::as_u64).map(|v| (*word, v)))
                .collect(),
        })
    }

    /// A parameter by ip's word (`queue`, `base_reachable`, ...).
    pub fn parm(&self, word: &str) -> Option<u64> {
        self.parms.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
    }

    /// `ip ntable show`'s lines (print_ntable): the family and name, the
    /// limits (tables only), the device, the parameters in four rows, and
    /// a blank line. `dev` names the device; `family` names the family.
    pub fn lines(&self, family: &str, dev: Option<&str>) -> Vec<String> {
        let mut s = format!("{family} {} \n", self.name);
        let limits = [
            ("thresh1", self.thresh1.map(u64::from)),
            ("thresh2", self.thresh2.map(u64::from)),
            ("thresh3", self.thresh3.map(u64::from)),
            ("gc_int", self.gc_interval),
        ];
        if limits.iter().any(|(_, v)| v.is_some()) {
            s += "    ";
            for (word, v) in limits {
                if let Some(v) = v {
                    s += &format!("{word} {v} ");
                }
            }
            s += "\n";
        }
        if let Some(i) = self.ifindex {
            s += &format!("    dev {} \n", dev.map_or_else(|| format!("if{i}"), str::to_owned));
        }
        if !self.parms.is_empty() || self.ifindex.is_some() {
            s += "    ";
            for (_, word, breaks) in PARMS {
                if let Some(v) = self.parm(word) {
                    s += &format!("{word} {v} ");
                }
                if breaks {
                    s += "\n    ";
                }
            }
            s += "\n";
        }
        s += "\n";
        s.split_terminator('\n').map(|l| l.trim_end().to_owned()).collect()
    }
}
