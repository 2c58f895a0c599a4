//! VNI filter changes (`bridge vni add|del`): [`VniSpec`].

use std::fmt::Write as _;
use std::net::IpAddr;

use crate::common::api::{Interface, ObjectKind};
use crate::common::change::*;
use crate::common::error::{Error, Result};
use crate::common::kinds::ChangeSpec;
use crate::common::message::Message;

/// The largest VNI: they are 24 bits.
pub const VNI_MAX: u32 = (1 << 24) - 1;

/// One VNI, or the range `start-end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VniRange {
    /// The VNI, or the first of the range.
    pub start: u32,
    /// The last VNI of a range.
    pub end: Option<u32>,
}

impl std::fmt::Display for VniRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.end {
            Some(e) => write!(f, "{}-{e}", self.start),
            None => write!(f, "{}", self.start),
        }
    }
}

/// VNIs to add to or remove from a VXLAN device made with `external
/// vnifilter` (`bridge vni add dev DEV vni 100[-110][,200...] [remote IP |
/// group IP]`).
///
/// ```no_run
/// use rtsock::batch::Change;
/// use rtsock::change::{Verb, VniSpec};
/// use rtsock::{IpRoute, RouteSocket};
///
/// let mut ipr = IpRoute::new()?;
/// // bridge vni add dev vx0 vni 200-210 remote 192.0.2.9
/// let spec = VniSpec::range("vx0", 200, 210).remote("192.0.2.9".parse().unwrap());
/// ipr.change(&Change::Vni(Verb::Add, spec))?;
/// # Ok::<(), rtsock::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VniSpec {
    /// The VXLAN device.
    pub dev: Interface,
    /// The VNIs, each sent as one VXLAN_VNIFILTER_ENTRY.
    pub vnis: Vec<VniRange>,
    /// The unicast remote, or the multicast group, of every VNI listed
    /// (`remote`, `group`).
    pub remote: Option<IpAddr>,
}

impl VniSpec {
    /// VNI `vni` on `dev`.
    pub fn new(dev: impl Into<Interface>, vni: u32) -> VniSpec {
        VniSpec {
            dev: dev.into(),
            vnis: vec![VniRange {
                start: vni,
                end: None,
            }],
            remote: None,
        }
    }

    /// The VNIs `start` to `end` on `dev`.
    pub fn range(dev: impl Into<Interface>, start: u32, end: u32) -> VniSpec {
        VniSpec {
            vnis: vec![VniRange {
                start,
                end: Some(end),
            }],
            ..VniSpec::new(dev, start)
        }
    }

    /// With a unicast remote or a multicast group.
    pub fn remote(mut self, addr: IpAddr) -> VniSpec {
        self.remote = Some(addr);
        self
    }

    /// Rejects what `bridge` or the kernel refuses
    /// (vxlan_vnifilter_process_entry).
    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        check_interface(&self.dev).map_err(|e| rename_error(e, what()))?;
        add_or_delete(verb, "VNIs", what)?;
        if self.vnis.is_empty() {
            return Err(Error::invalid(what(), "no VNI given"));
        }
        for r in &self.vnis {
            // The kernel refuses a lone VNI 0 ("vni start nor end found"),
            // ignores a range that runs backwards and stores VNIs that do
            // not fit 24 bits: each is refused here by name.
            let last = r.end.unwrap_or(r.start);
            if last == 0 || last > VNI_MAX || last < r.start {
                return Err(Error::invalid(
                    what(),
                    format!("VNI {r} (0 to {VNI_MAX}, a lone VNI not 0, a range low to high)"),
                ));
            }
        }
        Ok(())
    }

    /// The request in `bridge vni` syntax.
    pub fn describe(&self, verb: Verb) -> String {
        let list: Vec<String> = self.vnis.iter().map(ToString::to_string).collect();
        let mut s = format!("vni {} dev {} vni {}", verb.word(), self.dev, list.join(","));
        if let Some(a) = self.remote {
            let word = if a.is_multicast() { "group" } else { "remote" };
            let _ = write!(s, " {word} {a}");
        }
        s
    }
}

impl ChangeSpec for VniSpec {
    fn kind(&self) -> ObjectKind {
        ObjectKind::Vni
    }

    fn describe(&self, verb: Verb) -> String {
        VniSpec::describe(self, verb)
    }

    fn validate(&self, verb: Verb) -> Result<()> {
        VniSpec::validate(self, verb)
    }

    fn netlink(
        &self,
        verb: Verb,
        res: &mut dyn crate::linux::change::Resolver,
    ) -> Result<crate::linux::request::Request> {
        super::netlink::vni_request(verb, self, res)
    }

    /// Every entry of the message, on its device.
    fn delete_of(m: &Message) -> Option<VniSpec> {
        let all = super::view::Vni::all(m);
        let first = all.first()?;
        Some(VniSpec {
            dev: Interface::Index(first.index),
            vnis: all
                .iter()
                .map(|v| VniRange {
                    start: v.start,
                    end: v.end,
                })
                .collect(),
            remote: None,
        })
    }
}
