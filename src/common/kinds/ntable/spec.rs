//! Neighbour-table changes (`ip ntable change`): [`NeighTableSpec`].

use std::fmt::Write as _;

use crate::common::api::{Interface, ObjectKind};
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::{Error, Result};
use crate::common::kinds::ChangeSpec;
use crate::common::message::Message;

/// A changeable parameter of a table or of one device in it, in the
/// order `ip ntable change` reads them (times in milliseconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NeighParm {
    /// `base_reachable MS` (NDTPA_BASE_REACHABLE_TIME).
    BaseReachable(u64),
    /// `retrans MS` (NDTPA_RETRANS_TIME).
    Retrans(u64),
    /// `gc_stale MS` (NDTPA_GC_STALETIME).
    GcStale(u64),
    /// `delay_probe MS` (NDTPA_DELAY_PROBE_TIME).
    DelayProbe(u64),
    /// `queue N` packets held unresolved (NDTPA_QUEUE_LEN).
    Queue(u32),
    /// `app_probes N` (NDTPA_APP_PROBES).
    AppProbes(u32),
    /// `ucast_probes N` (NDTPA_UCAST_PROBES).
    UcastProbes(u32),
    /// `mcast_probes N` (NDTPA_MCAST_PROBES).
    McastProbes(u32),
    /// `anycast_delay MS` (NDTPA_ANYCAST_DELAY).
    AnycastDelay(u64),
    /// `proxy_delay MS` (NDTPA_PROXY_DELAY).
    ProxyDelay(u64),
    /// `proxy_queue N` (NDTPA_PROXY_QLEN).
    ProxyQueue(u32),
    /// `locktime MS` (NDTPA_LOCKTIME).
    Locktime(u64),
}

impl NeighParm {
    /// ip's word for it.
    pub fn word(self) -> &'static str {
        match self {
            NeighParm::BaseReachable(_) => "base_reachable",
            NeighParm::Retrans(_) => "retrans",
            NeighParm::GcStale(_) => "gc_stale",
            NeighParm::DelayProbe(_) => "delay_probe",
            NeighParm::Queue(_) => "queue",
            NeighParm::AppProbes(_) => "app_probes",
            NeighParm::UcastProbes(_) => "ucast_probes",
            NeighParm::McastProbes(_) => "mcast_probes",
            NeighParm::AnycastDelay(_) => "anycast_delay",
            NeighParm::ProxyDelay(_) => "proxy_delay",
            NeighParm::ProxyQueue(_) => "proxy_queue",
            NeighParm::Locktime(_) => "locktime",
        }
    }

    /// The parameter named by ip's `word`, with `value`.
    pub fn parse(word: &str, value: u64) -> Option<NeighParm> {
        let small = || u32::try_from(value).ok();
        Some(match word {
            "base_reachable" => NeighParm::BaseReachable(value),
            "retrans" => NeighParm::Retrans(value),
            "gc_stale" => NeighParm::GcStale(value),
            "delay_probe" => NeighParm::DelayProbe(value),
            "queue" => NeighParm::Queue(small()?),
            "app_probes" => NeighParm::AppProbes(small()?),
            "ucast_probes" => NeighParm::UcastProbes(small()?),
            "mcast_probes" => NeighParm::McastProbes(small()?),
            "anycast_delay" => NeighParm::AnycastDelay(value),
            "proxy_delay" => NeighParm::ProxyDelay(value),
            "proxy_queue" => NeighParm::ProxyQueue(small()?),
            "locktime" => NeighParm::Locktime(value),
            _ => return None,
        })
    }

    /// Its value.
    pub fn value(self) -> u64 {
        match self {
            NeighParm::BaseReachable(v)
            | NeighParm::Retrans(v)
            | NeighParm::GcStale(v)
            | NeighParm::DelayProbe(v)
            | NeighParm::AnycastDelay(v)
            | NeighParm::ProxyDelay(v)
            | NeighParm::Locktime(v) => v,
            NeighParm::Queue(v)
            | NeighParm::AppProbes(v)
            | NeighParm::UcastProbes(v)
            | NeighParm::McastProbes(v)
            | NeighParm::ProxyQueue(v) => v.into(),
        }
    }
}

/// A change of a neighbour table (`ip ntable change name arp_cache [dev
/// DEV] queue 10 ...`): its limits, or the parameters of the table or of
/// one device. The kernel (neightbl_set) takes the limits and the table's
/// own parameters in the first network namespace only, and answers ENOENT
/// in others, where only devices' parameters change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeighTableSpec {
    /// The family (`-4`, `-6`; AF_UNSPEC lets the name choose).
    pub family: u8,
    /// The table (`name arp_cache`).
    pub name: String,
    /// The device whose parameters change (`dev`); the table's own when None.
    pub dev: Option<Interface>,
    /// `thresh1 N`, `thresh2 N`, `thresh3 N`: the collector's limits.
    pub thresh: [Option<u32>; 3],
    /// `gc_int MS`: how often the collector runs.
    pub gc_interval: Option<u64>,
    /// The parameters, in the order given.
    pub parms: Vec<NeighParm>,
}

impl NeighTableSpec {
    /// A change of table `name`.
    pub fn new(name: impl Into<String>) -> NeighTableSpec {
        NeighTableSpec {
            family: AF_UNSPEC,
            name: name.into(),
            dev: None,
            thresh: [None; 3],
            gc_interval: None,
            parms: Vec::new(),
        }
    }

    /// The parameters of `dev` rather than the table's.
    pub fn dev(mut self, dev: impl Into<Interface>) -> NeighTableSpec {
        self.dev = Some(dev.into());
        self
    }

    /// Sets a parameter.
    pub fn parm(mut self, p: NeighParm) -> NeighTableSpec {
        self.parms.push(p);
        self
    }

    /// Rejects what ip refuses: no name, or nothing to change.
    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        if !matches!(verb, Verb::Change | Verb::Set) {
            return Err(Error::invalid(
                what(),
                format!("neighbour tables take change, not {}", verb.word()),
            ));
        }
        if self.name.is_empty() {
            return Err(Error::invalid(what(), "which table? (name arp_cache)"));
        }
        if let Some(d) = &self.dev {
            check_interface(d).map_err(|e| rename_error(e, what()))?;
        }
        if self.thresh.iter().all(Option::is_none)
            && self.gc_interval.is_none()
            && self.parms.is_empty()
        {
            return Err(Error::invalid(
                what(),
                "nothing to change (thresh1, gc_int, queue, ...)",
            ));
        }
        Ok(())
    }

    /// The request in `ip ntable` syntax.
    pub fn describe(&self, _verb: Verb) -> String {
        let mut s = format!("ntable change name {}", self.name);
        if let Some(d) = &self.dev {
            let _ = write!(s, " dev {d}");
        }
        for (i, t) in self.thresh.iter().enumerate() {
            if let Some(t) = t {
                let _ = write!(s, " thresh{} {t}", i + 1);
            }
        }
        if let Some(g) = self.gc_interval {
            let _ = write!(s, " gc_int {g}");
        }
        for p in &self.parms {
            let _ = write!(s, " {} {}", p.word(), p.value());
        }
        s
    }
}

impl ChangeSpec for NeighTableSpec {
    fn kind(&self) -> ObjectKind {
        ObjectKind::NeighTable
    }

    fn describe(&self, verb: Verb) -> String {
        NeighTableSpec::describe(self, verb)
    }

    fn validate(&self, verb: Verb) -> Result<()> {
        NeighTableSpec::validate(self, verb)
    }

    fn netlink(
        &self,
        verb: Verb,
        res: &mut dyn crate::linux::change::Resolver,
    ) -> Result<crate::linux::request::Request> {
        super::netlink::ntable_request(verb, self, res)
    }

    /// Tables are not deleted.
    fn delete_of(_: &Message) -> Option<NeighTableSpec> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_describe_themselves_and_need_a_name_and_a_value() {
        let s = NeighTableSpec::new("arp_cache")
            .dev("eth0")
            .parm(NeighParm::Queue(10));
        assert_eq!(
            s.describe(Verb::Change),
            "ntable change name arp_cache dev eth0 queue 10"
        );
        assert!(s.validate(Verb::Change).is_ok());
        assert!(s.validate(Verb::Add).is_err());
        let e = NeighTableSpec::new("arp_cache")
            .validate(Verb::Change)
            .unwrap_err()
            .to_string();
        assert!(e.contains("nothing to change"), "{e}");
        assert_eq!(NeighParm::parse("queue", 1 << 40), None);
    }
}
