//! The typed view of a DCB message.

use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// DCB_CMD_* by number, with dcbnl.h's names (lower case, without the
/// prefix).
pub const DCB_COMMANDS: [(u8, &str); 27] = [
    (1, "gstate"),
    (2, "sstate"),
    (3, "pgtx_gcfg"),
    (4, "pgtx_scfg"),
    (5, "pgrx_gcfg"),
    (6, "pgrx_scfg"),
    (7, "pfc_gcfg"),
    (8, "pfc_scfg"),
    (9, "set_all"),
    (10, "gperm_hwaddr"),
    (11, "gcap"),
    (12, "gnumtcs"),
    (13, "snumtcs"),
    (14, "pfc_gstate"),
    (15, "pfc_sstate"),
    (16, "bcn_gcfg"),
    (17, "bcn_scfg"),
    (18, "gapp"),
    (19, "sapp"),
    (20, "ieee_set"),
    (21, "ieee_get"),
    (22, "gdcbx"),
    (23, "sdcbx"),
    (24, "gfeatcfg"),
    (25, "sfeatcfg"),
    (26, "cee_get"),
    (27, "ieee_del"),
];

/// A DCB message: which command, for which device.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Dcb {
    /// DCB_CMD_*.
    pub cmd: u8,
    /// The device (DCB_ATTR_IFNAME).
    pub dev: Option<String>,
    /// The DCBX mode bits (DCB_ATTR_DCBX), when sent.
    pub dcbx: Option<u8>,
}

impl Dcb {
    /// The view of `m`, or None if `m` is not a DCB message.
    pub fn from_message(m: &Message) -> Option<Dcb> {
        let Body::Dcb(h) = &m.body else { return None };
        if ObjectKind::of(m) != Some(ObjectKind::Dcb) {
            return None;
        }
        Some(Dcb {
            cmd: h.cmd,
            dev: m.get(&DCB_ATTR_IFNAME).and_then(Value::as_str).map(str::to_owned),
            dcbx: m.get(&DCB_ATTR_DCBX).and_then(Value::as_u32).map(|v| v as u8),
        })
    }

    /// The command's name (`ieee_set`, ...), or its number.
    pub fn command(&self) -> String {
        DCB_COMMANDS
            .iter()
            .find(|(n, _)| *n == self.cmd)
            .map_or_else(|| self.cmd.to_string(), |(_, w)| (*w).to_owned())
    }

    /// One line: `dcb dev eth0 ieee_set`.
    pub fn line(&self) -> String {
        format!(
            "dcb dev {} {}",
            self.dev.as_deref().unwrap_or("?"),
            self.command()
        )
    }
}
