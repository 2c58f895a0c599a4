//! Class changes (`tc class add/replace/change/del`): [`ClassSpec`].

use std::fmt::Write as _;

use super::rate::{rate_text, size_text};
use crate::common::api::{Interface, ObjectKind};
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::{Error, Result};
use crate::common::kinds::ChangeSpec;
use crate::common::kinds::qdisc::handle_text;
use crate::common::message::{Body, Message};

/// An htb class's settings, as `tc class ... htb` takes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HtbClass {
    /// The guaranteed rate in bytes per second (`rate`, required).
    pub rate: u64,
    /// The most it may borrow up to, in bytes per second (`ceil`; the
    /// rate when unset).
    pub ceil: Option<u64>,
    /// Bytes it may send at once at `rate` (`burst`; by default what
    /// the clock lets through in one tick, plus the MTU).
    pub burst: Option<u64>,
    /// Bytes it may send at once at `ceil` (`cburst`).
    pub cburst: Option<u32>,
    /// Its priority for spare bandwidth, 0 first (`prio`).
    pub prio: u32,
    /// Bytes served per round (`quantum`; 0 lets the kernel derive it
    /// from the rate and the qdisc's r2q).
    pub quantum: u32,
    /// The largest packet the rate tables cover (`mtu`, 1600 by default).
    pub mtu: u32,
    /// The smallest size a packet is counted as (`mpu`).
    pub mpu: u16,
    /// Bytes added to every packet's size (`overhead`).
    pub overhead: u16,
}

impl HtbClass {
    /// A class guaranteed `rate` bytes per second, with tc's defaults for
    /// the rest.
    pub fn rate(rate: u64) -> HtbClass {
        HtbClass {
            rate,
            ceil: None,
            burst: None,
            cburst: None,
            prio: 0,
            quantum: 0,
            mtu: 1600,
            mpu: 0,
            overhead: 0,
        }
    }

    /// Sets the ceiling in bytes per second (`ceil`).
    pub fn ceil(mut self, ceil: u64) -> HtbClass {
        self.ceil = Some(ceil);
        self
    }

    /// Sets the burst in bytes (`burst`).
    pub fn burst(mut self, bytes: u64) -> HtbClass {
        self.burst = Some(bytes);
        self
    }

    /// Sets the ceiling's burst in bytes (`cburst`).
    pub fn cburst(mut self, bytes: u32) -> HtbClass {
        self.cburst = Some(bytes);
        self
    }

    /// Sets the priority (`prio`).
    pub fn prio(mut self, prio: u32) -> HtbClass {
        self.prio = prio;
        self
    }

    /// Sets the quantum in bytes (`quantum`).
    pub fn quantum(mut self, bytes: u32) -> HtbClass {
        self.quantum = bytes;
        self
    }
}

/// The classful qdiscs whose classes rtsock can create.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClassKind {
    /// A hierarchical token bucket class (`htb rate R [ceil C] ...`).
    Htb(HtbClass),
}

impl ClassKind {
    /// The TCA_KIND word (the qdisc the class belongs to).
    pub fn name(&self) -> &'static str {
        match self {
            ClassKind::Htb(_) => "htb",
        }
    }
}

/// A class to create, change or delete (`tc class`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassSpec {
    /// The interface (`dev`).
    pub dev: Interface,
    /// Its id (`classid MAJ:MIN`; the major is its qdisc's handle).
    pub classid: u32,
    /// Where it hangs: its qdisc (`parent 1:`), another class (`parent
    /// 1:1`), or TC_H_ROOT (`root`). Deletes need none.
    pub parent: u32,
    /// What it is, with its settings; None for a delete.
    pub kind: Option<ClassKind>,
}

impl ClassSpec {
    /// Class `classid` of `dev`, under `parent`.
    pub fn new(dev: impl Into<Interface>, parent: u32, classid: u32) -> ClassSpec {
        ClassSpec {
            dev: dev.into(),
            classid,
            parent,
            kind: None,
        }
    }

    /// An htb class with these settings.
    pub fn htb(mut self, settings: HtbClass) -> ClassSpec {
        self.kind = Some(ClassKind::Htb(settings));
        self
    }

    /// Rejects what the kernel would reject with an unclear answer.
    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        check_interface(&self.dev).map_err(|e| rename_error(e, what()))?;
        if self.classid == 0 || self.classid & 0xffff_0000 == 0 {
            return Err(Error::invalid(
                what(),
                "a class needs a classid MAJ:MIN with its qdisc's major",
            ));
        }
        match (verb, &self.kind) {
            (Verb::Add | Verb::Replace | Verb::Change, None) => {
                Err(Error::invalid(what(), "which class? (htb rate R ...)"))
            }
            (Verb::Add | Verb::Replace | Verb::Change, Some(ClassKind::Htb(h))) => {
                if h.rate == 0 {
                    return Err(Error::invalid(what(), "htb classes need a rate"));
                }
                if self.parent == 0 {
                    return Err(Error::invalid(what(), "a class needs a parent (or root)"));
                }
                Ok(())
            }
            (Verb::Delete, _) => Ok(()),
            (other, _) => Err(Error::invalid(
                what(),
                format!(
                    "classes take add, replace, change or del, not {}",
                    other.word()
                ),
            )),
        }
    }

    /// The request in `tc class` syntax.
    pub fn describe(&self, verb: Verb) -> String {
        let mut s = format!("class {} dev {}", verb.word(), self.dev);
        match self.parent {
            0 => {}
            TC_H_ROOT => s.push_str(" root"),
            p => {
                let _ = write!(s, " parent {}", handle_text(p));
            }
        }
        let _ = write!(s, " classid {}", handle_text(self.classid));
        if let Some(ClassKind::Htb(h)) = &self.kind {
            let _ = write!(s, " htb rate {}", rate_text(h.rate));
            if let Some(c) = h.ceil {
                let _ = write!(s, " ceil {}", rate_text(c));
            }
            if let Some(b) = h.burst {
                let _ = write!(s, " burst {}", size_text(b as f64));
            }
            if let Some(b) = h.cburst {
                let _ = write!(s, " cburst {}", size_text(f64::from(b)));
            }
            if h.prio != 0 {
                let _ = write!(s, " prio {}", h.prio);
            }
            if h.quantum != 0 {
                let _ = write!(s, " quantum {}", h.quantum);
            }
        }
        s
    }
}

impl ChangeSpec for ClassSpec {
    fn kind(&self) -> ObjectKind {
        ObjectKind::Class
    }

    fn describe(&self, verb: Verb) -> String {
        ClassSpec::describe(self, verb)
    }

    fn validate(&self, verb: Verb) -> Result<()> {
        ClassSpec::validate(self, verb)
    }

    fn netlink(
        &self,
        verb: Verb,
        res: &mut dyn crate::linux::change::Resolver,
    ) -> Result<crate::linux::request::Request> {
        super::netlink::class_request(verb, self, res)
    }

    /// The class by its id on its interface.
    fn delete_of(m: &Message) -> Option<ClassSpec> {
        match &m.body {
            Body::Tc(h) => Some(ClassSpec::new(Interface::Index(h.index), 0, h.handle)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_describe_themselves_in_tc_words_and_refuse_what_tc_refuses() {
        let c = ClassSpec::new("eth0", 0x1_0001, 0x1_0010)
            .htb(HtbClass::rate(187_500).ceil(625_000_000).prio(2));
        assert_eq!(
            c.describe(Verb::Add),
            "class add dev eth0 parent 1:1 classid 1:10 htb rate 1500Kbit ceil 5Gbit prio 2"
        );
        assert!(c.validate(Verb::Add).is_ok());
        let e = ClassSpec::new("eth0", 0x1_0000, 0x10)
            .htb(HtbClass::rate(1))
            .validate(Verb::Add)
            .unwrap_err()
            .to_string();
        assert!(e.contains("classid MAJ:MIN"), "{e}");
        let e = ClassSpec::new("eth0", 0x1_0000, 0x1_0010)
            .htb(HtbClass::rate(0))
            .validate(Verb::Add)
            .unwrap_err()
            .to_string();
        assert!(e.contains("need a rate"), "{e}");
        let e = ClassSpec::new("eth0", 0x1_0000, 0x1_0010)
            .validate(Verb::Set)
            .unwrap_err()
            .to_string();
        assert!(e.contains("not set"), "{e}");
        assert!(
            ClassSpec::new("eth0", 0, 0x1_0010)
                .validate(Verb::Delete)
                .is_ok()
        );
    }
}
