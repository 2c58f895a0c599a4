//! Bridge VLAN changes (`bridge vlan add|del`): [`BridgeVlanSpec`].

use std::fmt::Write as _;

use crate::common::api::{Interface, ObjectKind};
use crate::common::change::*;
use crate::common::error::{Error, Result};
use crate::common::kinds::ChangeSpec;
use crate::common::message::Message;

/// A VLAN (or range) to add to or remove from a bridge port (`bridge vlan
/// add dev DEV vid 10[-20] [pvid] [untagged] [self] [master]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BridgeVlanSpec {
    /// The port, or the bridge itself with `self_`.
    pub dev: Interface,
    /// The VLAN id (1 to 4094), the first of a range.
    pub vid: u16,
    /// The last VLAN id of a range (`vid 10-20`).
    pub vid_end: Option<u16>,
    /// Untagged frames coming in take this VLAN (`pvid`).
    pub pvid: bool,
    /// Frames of this VLAN leave untagged (`untagged`).
    pub untagged: bool,
    /// On the device itself (`self`, BRIDGE_FLAGS_SELF).
    pub self_: bool,
    /// On the port's bridge (`master`, BRIDGE_FLAGS_MASTER).
    pub master: bool,
}

impl BridgeVlanSpec {
    /// VLAN `vid` on `dev`.
    pub fn new(dev: impl Into<Interface>, vid: u16) -> BridgeVlanSpec {
        BridgeVlanSpec {
            dev: dev.into(),
            vid,
            vid_end: None,
            pvid: false,
            untagged: false,
            self_: false,
            master: false,
        }
    }

    /// Rejects what `bridge` refuses (vlan_modify).
    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        check_interface(&self.dev).map_err(|e| rename_error(e, what()))?;
        add_or_delete(verb, "bridge vlans", what)?;
        if self.vid >= 4096 {
            return Err(Error::invalid(what(), format!("VLAN id {} (0 to 4095)", self.vid)));
        }
        if let Some(e) = self.vid_end {
            if e >= 4096 || e <= self.vid {
                return Err(Error::invalid(what(), format!("VLAN range {}-{e}", self.vid)));
            }
            if self.pvid {
                return Err(Error::invalid(what(), "a range cannot be the pvid"));
            }
        }
        Ok(())
    }

    /// The request in `bridge vlan` syntax.
    pub fn describe(&self, verb: Verb) -> String {
        let mut s = format!("vlan {} dev {} vid {}", verb.word(), self.dev, self.vid);
        if let Some(e) = self.vid_end {
            let _ = write!(s, "-{e}");
        }
        for (on, word) in [
            (self.pvid, " pvid"),
            (self.untagged, " untagged"),
            (self.self_, " self"),
            (self.master, " master"),
        ] {
            if on {
                s.push_str(word);
            }
        }
        s
    }
}

impl ChangeSpec for BridgeVlanSpec {
    fn kind(&self) -> ObjectKind {
        ObjectKind::BridgeVlan
    }

    fn describe(&self, verb: Verb) -> String {
        BridgeVlanSpec::describe(self, verb)
    }

    fn validate(&self, verb: Verb) -> Result<()> {
        BridgeVlanSpec::validate(self, verb)
    }

    fn netlink(
        &self,
        verb: Verb,
        res: &mut dyn crate::linux::change::Resolver,
    ) -> Result<crate::linux::request::Request> {
        super::netlink::vlan_request(verb, self, res)
    }

    /// The message's first entry on its port.
    fn delete_of(m: &Message) -> Option<BridgeVlanSpec> {
        let v = super::view::BridgeVlan::all(m).into_iter().next()?;
        Some(BridgeVlanSpec {
            vid_end: v.range_end,
            ..BridgeVlanSpec::new(Interface::Index(v.index), v.vid)
        })
    }
}
