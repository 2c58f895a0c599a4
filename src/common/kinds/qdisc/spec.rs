//! Qdisc changes (`tc qdisc add/replace/change/del`): [`QdiscSpec`].

use std::fmt::Write as _;

use super::{handle_text, parse_handle};
use crate::common::kinds::class::rate::rate_text;
use crate::common::api::Interface;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::{Error, Result};

/// The queueing disciplines rtsock can create, with their options.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum QdiscKind {
    /// A packet FIFO (`pfifo [limit PACKETS]`).
    Pfifo {
        /// The queue length in packets (the device's txqueuelen when None).
        limit: Option<u32>,
    },
    /// A byte FIFO (`bfifo [limit BYTES]`).
    Bfifo {
        /// The queue length in bytes.
        limit: Option<u32>,
    },
    /// The classic three-band default (`pfifo_fast`).
    PfifoFast,
    /// Hierarchical token bucket (`htb [default CLASS] [r2q N]`).
    Htb {
        /// The class unclassified traffic goes to (`default`, hex as tc reads it).
        default_class: u32,
        /// Rate-to-quantum divisor (`r2q`, 10 when unset).
        r2q: u32,
    },
    /// A token bucket filter (`tbf rate R burst B latency T|limit L
    /// [peakrate P mtu M]`).
    Tbf(Tbf),
    /// A priority scheduler (`prio [bands N] [priomap P P ...]`).
    Prio {
        /// The number of bands (3 by default).
        bands: u32,
        /// The band of each of the 16 packet priorities.
        priomap: [u8; 16],
    },
    /// Fair queueing with controlled delay (`fq_codel [limit N] [flows N]
    /// [target T] [interval T] ...`).
    FqCodel(FqCodel),
    /// The network emulator (`netem delay T [J [C]] loss P duplicate P
    /// corrupt P reorder P rate R ...`).
    Netem(Netem),
    /// The ingress hook (`ingress`), for ingress filters.
    Ingress,
    /// The ingress and egress filter hooks (`clsact`).
    Clsact,
}

impl QdiscKind {
    /// The TCA_KIND word.
    pub fn name(&self) -> &'static str {
        match self {
            QdiscKind::Pfifo { .. } => "pfifo",
            QdiscKind::Bfifo { .. } => "bfifo",
            QdiscKind::PfifoFast => "pfifo_fast",
            QdiscKind::Htb { .. } => "htb",
            QdiscKind::Tbf(_) => "tbf",
            QdiscKind::Prio { .. } => "prio",
            QdiscKind::FqCodel(_) => "fq_codel",
            QdiscKind::Netem(_) => "netem",
            QdiscKind::Ingress => "ingress",
            QdiscKind::Clsact => "clsact",
        }
    }
}

/// prio's default priority map (as `tc qdisc add ... prio` sends it).
pub const PRIO_DEFAULT_MAP: [u8; 16] = [1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];

/// A token bucket filter's settings, as `tc qdisc ... tbf` takes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tbf {
    /// The rate in bytes per second (`rate`, required).
    pub rate: u64,
    /// The bucket's size in bytes (`burst`, required).
    pub burst: u64,
    /// The queue in bytes (`limit`); or ...
    pub limit: Option<u32>,
    /// ... the longest a packet may wait, in microseconds (`latency`),
    /// from which tc computes the limit.
    pub latency: Option<u32>,
    /// A second, faster bucket's rate in bytes per second (`peakrate`).
    pub peakrate: Option<u64>,
    /// That bucket's size in bytes (`mtu`; needed with `peakrate`).
    pub mtu: u32,
    /// The smallest size a packet is counted as (`mpu`).
    pub mpu: u16,
    /// Bytes added to every packet's size (`overhead`).
    pub overhead: u16,
}

impl Tbf {
    /// `rate` bytes per second with a bucket of `burst` bytes, holding
    /// packets for at most `latency_us` microseconds.
    pub fn new(rate: u64, burst: u64, latency_us: u32) -> Tbf {
        Tbf {
            rate,
            burst,
            limit: None,
            latency: Some(latency_us),
            peakrate: None,
            mtu: 0,
            mpu: 0,
            overhead: 0,
        }
    }
}

/// fq_codel's settings; None leaves the kernel's default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FqCodel {
    /// Packets queued in all (`limit`).
    pub limit: Option<u32>,
    /// Flow queues (`flows`; fixed once created).
    pub flows: Option<u32>,
    /// Bytes dequeued per round from a flow (`quantum`).
    pub quantum: Option<u32>,
    /// The window over which delay is measured, in microseconds (`interval`).
    pub interval: Option<u32>,
    /// The acceptable queueing delay, in microseconds (`target`).
    pub target: Option<u32>,
    /// Mark ECN-capable packets instead of dropping them (`ecn` / `noecn`).
    pub ecn: Option<bool>,
    /// Marks packets above this delay, in microseconds (`ce_threshold`).
    pub ce_threshold: Option<u32>,
    /// Bytes the queues may hold (`memory_limit`).
    pub memory_limit: Option<u32>,
    /// Packets dropped at once under memory pressure (`drop_batch`).
    pub drop_batch: Option<u32>,
}

/// netem's settings. Probabilities and correlations are fractions of
/// `u32::MAX`, as the kernel takes them ([`Netem::percent`] converts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Netem {
    /// Packets it holds (`limit`, 1000 by default).
    pub limit: u32,
    /// Added delay in nanoseconds (`delay`).
    pub delay: Option<u64>,
    /// Random variation of the delay in nanoseconds (`delay T JITTER`).
    pub jitter: Option<u64>,
    /// Correlation of successive delays (`delay T J CORR`).
    pub delay_corr: Option<u32>,
    /// Random loss (`loss P`) and its correlation.
    pub loss: u32,
    /// Correlation of successive losses.
    pub loss_corr: Option<u32>,
    /// Duplication (`duplicate P`) and its correlation.
    pub duplicate: u32,
    /// Correlation of successive duplications.
    pub duplicate_corr: Option<u32>,
    /// Corruption (`corrupt P [CORR]`).
    pub corrupt: Option<(u32, u32)>,
    /// Reordering (`reorder P [CORR]`; needs a delay).
    pub reorder: Option<(u32, u32)>,
    /// Packets between reorderings (`gap N`).
    pub gap: u32,
    /// A rate in bytes per second (`rate R`), with packet overhead, cell
    /// size and cell overhead.
    pub rate: Option<(u64, i32, u32, i32)>,
    /// Mark ECN-capable packets instead of dropping them (`ecn`).
    pub ecn: bool,
    /// The random generator's seed (`seed N`).
    pub seed: Option<u64>,
}

impl Default for Netem {
    fn default() -> Netem {
        Netem {
            limit: 1000,
            delay: None,
            jitter: None,
            delay_corr: None,
            loss: 0,
            loss_corr: None,
            duplicate: 0,
            duplicate_corr: None,
            corrupt: None,
            reorder: None,
            gap: 0,
            rate: None,
            ecn: false,
            seed: None,
        }
    }
}

impl Netem {
    /// `percent` (0 to 100) as the kernel's fraction of `u32::MAX`.
    pub fn percent(percent: f64) -> u32 {
        crate::common::kinds::class::rate::percent_scaled(percent)
    }

    /// A netem that delays every packet by `ns` nanoseconds.
    pub fn delay(ns: u64) -> Netem {
        Netem {
            delay: Some(ns),
            ..Netem::default()
        }
    }
}

/// A qdisc to create, change or delete (`tc qdisc`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QdiscSpec {
    /// The interface (`dev`).
    pub dev: Interface,
    /// Where it hangs (`root`: TC_H_ROOT; `ingress`/`clsact`: TC_H_INGRESS;
    /// `parent MAJ:MIN`).
    pub parent: u32,
    /// Its handle (`handle MAJ:`); 0 lets the kernel choose.
    pub handle: u32,
    /// What it is; None deletes whatever hangs at `parent`.
    pub kind: Option<QdiscKind>,
}

impl QdiscSpec {
    /// The root qdisc of `dev` (`tc qdisc ... dev DEV root`).
    pub fn root(dev: impl Into<Interface>) -> QdiscSpec {
        QdiscSpec {
            dev: dev.into(),
            parent: TC_H_ROOT,
            handle: 0,
            kind: None,
        }
    }

    /// The qdisc under class `parent` of `dev` (`parent MAJ:MIN`).
    pub fn under(dev: impl Into<Interface>, parent: u32) -> QdiscSpec {
        QdiscSpec {
            parent,
            ..QdiscSpec::root(dev)
        }
    }

    /// `dev`'s ingress qdisc (`tc qdisc add dev DEV ingress`).
    pub fn ingress(dev: impl Into<Interface>) -> QdiscSpec {
        QdiscSpec {
            parent: TC_H_INGRESS,
            handle: 0xffff_0000,
            kind: Some(QdiscKind::Ingress),
            ..QdiscSpec::root(dev)
        }
    }

    /// `dev`'s clsact qdisc (`tc qdisc add dev DEV clsact`).
    pub fn clsact(dev: impl Into<Interface>) -> QdiscSpec {
        QdiscSpec {
            kind: Some(QdiscKind::Clsact),
            ..QdiscSpec::ingress(dev)
        }
    }

    /// Sets the handle (`handle MAJ:`).
    pub fn handle(mut self, handle: u32) -> QdiscSpec {
        self.handle = handle;
        self
    }

    /// Sets what it is.
    pub fn kind(mut self, kind: QdiscKind) -> QdiscSpec {
        self.kind = Some(kind);
        self
    }

    /// Rejects what the kernel would reject with an unclear answer.
    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        check_interface(&self.dev).map_err(|e| rename_error(e, what()))?;
        match verb {
            Verb::Add | Verb::Replace | Verb::Change if self.kind.is_none() => Err(Error::invalid(
                what(),
                "which qdisc? (a kind such as pfifo or htb)",
            )),
            Verb::Add | Verb::Replace | Verb::Change => match &self.kind {
                Some(QdiscKind::Tbf(t)) if t.rate == 0 || t.burst == 0 => Err(Error::invalid(
                    what(),
                    "tbf needs a rate and a burst",
                )),
                Some(QdiscKind::Tbf(t)) if t.limit.is_none() && t.latency.is_none() => Err(
                    Error::invalid(what(), "tbf needs a limit or a latency"),
                ),
                Some(QdiscKind::Tbf(t)) if t.peakrate.is_some() && t.mtu == 0 => Err(
                    Error::invalid(what(), "tbf with a peakrate needs an mtu"),
                ),
                Some(QdiscKind::Netem(n)) if n.reorder.is_some() && n.delay.unwrap_or(0) == 0 => {
                    Err(Error::invalid(
                        what(),
                        "reordering is not possible without a delay",
                    ))
                }
                Some(QdiscKind::Netem(n)) if n.reorder.is_none() && n.gap > 0 => Err(
                    Error::invalid(what(), "gap given without a reorder probability"),
                ),
                Some(QdiscKind::Netem(n)) if n.ecn && n.loss == 0 => Err(Error::invalid(
                    what(),
                    "ecn needs a loss probability",
                )),
                Some(QdiscKind::Prio { bands, priomap })
                    if priomap.iter().any(|&b| u32::from(b) >= *bands) =>
                {
                    Err(Error::invalid(what(), "a priomap band is out of bands"))
                }
                _ => Ok(()),
            },
            Verb::Delete => Ok(()),
            other => Err(Error::invalid(
                what(),
                format!(
                    "qdiscs take add, replace, change or del, not {}",
                    other.word()
                ),
            )),
        }
    }

    /// The request in `tc qdisc` syntax.
    pub fn describe(&self, verb: Verb) -> String {
        let mut s = format!("qdisc {} dev {}", verb.word(), self.dev);
        match (self.parent, &self.kind) {
            (TC_H_INGRESS, Some(k @ (QdiscKind::Ingress | QdiscKind::Clsact))) => {
                let _ = write!(s, " {}", k.name());
                return s;
            }
            (TC_H_ROOT, _) => s.push_str(" root"),
            (p, _) => {
                let _ = write!(s, " parent {}", handle_text(p));
            }
        }
        if self.handle != 0 {
            let _ = write!(s, " handle {}", handle_text(self.handle));
        }
        if let Some(k) = &self.kind {
            let _ = write!(s, " {}", k.name());
            match k {
                QdiscKind::Pfifo { limit: Some(l) } | QdiscKind::Bfifo { limit: Some(l) } => {
                    let _ = write!(s, " limit {l}");
                }
                QdiscKind::Htb { default_class, r2q } => {
                    let _ = write!(s, " default {default_class:x} r2q {r2q}");
                }
                QdiscKind::Tbf(t) => {
                    let _ = write!(s, " rate {} burst {}", rate_text(t.rate), t.burst);
                    if let Some(p) = t.peakrate {
                        let _ = write!(s, " peakrate {} mtu {}", rate_text(p), t.mtu);
                    }
                    match (t.limit, t.latency) {
                        (Some(l), _) => {
                            let _ = write!(s, " limit {l}");
                        }
                        (None, Some(us)) => {
                            let _ = write!(s, " latency {us}us");
                        }
                        (None, None) => {}
                    }
                }
                QdiscKind::Prio { bands, priomap } => {
                    let _ = write!(s, " bands {bands} priomap");
                    for band in priomap {
                        let _ = write!(s, " {band}");
                    }
                }
                _ => {}
            }
        }
        s
    }

    /// Reads a handle as `tc` writes it (`1:`, `1:10`, `root`), or errors.
    pub fn parse_handle(text: &str) -> Result<u32> {
        parse_handle(text)
            .ok_or_else(|| Error::invalid(format!("handle {text:?}"), "MAJ:[MIN] in hex"))
    }
}

impl crate::common::kinds::ChangeSpec for QdiscSpec {
    fn kind(&self) -> crate::common::api::ObjectKind {
        crate::common::api::ObjectKind::Qdisc
    }

    fn describe(&self, verb: Verb) -> String {
        QdiscSpec::describe(self, verb)
    }

    fn validate(&self, verb: Verb) -> Result<()> {
        QdiscSpec::validate(self, verb)
    }

    fn netlink(
        &self,
        verb: Verb,
        res: &mut dyn crate::linux::change::Resolver,
    ) -> Result<crate::linux::request::Request> {
        super::netlink::qdisc_request(verb, self, res)
    }

    /// The qdisc at the message's parent on its interface, by handle.
    fn delete_of(m: &crate::common::message::Message) -> Option<QdiscSpec> {
        match &m.body {
            crate::common::message::Body::Tc(h) => Some(QdiscSpec {
                dev: Interface::Index(h.index),
                parent: h.parent,
                handle: h.handle,
                kind: None,
            }),
            _ => None,
        }
    }
}
