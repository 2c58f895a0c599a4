//! The typed view of multicast database messages.

use std::fmt;

use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::message::{Body, Message};
use crate::common::value::{Value, find_key};

/// MDB_PERMANENT: a static entry (`permanent`), which never ages.
pub const MDB_PERMANENT: u8 = 1;

/// One port's membership of one group on a bridge, as `bridge mdb show`
/// lists it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct MdbEntry {
    /// The bridge.
    pub bridge: u32,
    /// The port (the bridge itself for its own membership).
    pub port: u32,
    /// The group: an IPv4 or IPv6 address, or a MAC address.
    pub group: Value,
    /// MDB_TEMPORARY (0) or MDB_PERMANENT (1).
    pub state: u8,
    /// MDB_FLAGS_* (offload, fast leave, ...).
    pub flags: u8,
    /// The VLAN, or 0.
    pub vid: u16,
    /// Who made it (MDBA_MDB_EATTR_RTPROT: RTPROT_KERNEL, RTPROT_STATIC).
    pub protocol: Option<u8>,
}

impl MdbEntry {
    /// Every membership `m` carries (a dump's message holds a whole
    /// bridge's; an event, one).
    pub fn all(m: &Message) -> Vec<MdbEntry> {
        let Body::Mdb(h) = &m.body else {
            return Vec::new();
        };
        if ObjectKind::of(m) != Some(ObjectKind::Mdb) {
            return Vec::new();
        }
        let Some(groups) = m.get(&MDBA_MDB).and_then(Value::as_nested) else {
            return Vec::new();
        };
        groups
            .iter()
            .filter(|a| a.is(&MDBA_MDB_ENTRY))
            .filter_map(|a| a.value.as_nested())
            .flatten()
            .filter(|a| a.is(&MDBA_MDB_ENTRY_INFO))
            .filter_map(|info| {
                let v = &info.value;
                let n = |f: &str| v.field(f).and_then(Value::as_u64);
                let attrs = v.field("attrs").and_then(Value::as_nested).unwrap_or(&[]);
                Some(MdbEntry {
                    bridge: h.index,
                    port: u32::try_from(n("ifindex")?).ok()?,
                    group: v.field("addr")?.clone(),
                    state: u8::try_from(n("state")?).ok()?,
                    flags: u8::try_from(n("flags")?).ok()?,
                    vid: u16::try_from(n("vid")?).ok()?,
                    protocol: find_key(attrs, &MDBA_MDB_EATTR_RTPROT)
                        .and_then(Value::as_u64)
                        .and_then(|p| u8::try_from(p).ok()),
                })
            })
            .collect()
    }

    /// `bridge mdb show`'s line, with the bridge and port named:
    /// `dev br0 port veth0 grp 239.1.1.1 permanent`.
    pub fn line(&self, bridge: &str, port: &str) -> String {
        let state = if self.state & MDB_PERMANENT != 0 {
            "permanent"
        } else {
            "temp"
        };
        let mut s = format!("dev {bridge} port {port} grp {} {state}", self.group);
        if self.vid != 0 {
            s += &format!(" vid {}", self.vid);
        }
        s
    }
}

impl fmt::Display for MdbEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line(&format!("if{}", self.bridge), &format!("if{}", self.port)))
    }
}
