//! The typed view of a VNI filter message.

use std::fmt::Write as _;
use std::net::IpAddr;

use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::message::{Body, Message};
use crate::common::value::{Value, find_key};

/// A VNI (or a range of them) on a VXLAN device (one
/// VXLAN_VNIFILTER_ENTRY of RTM_NEWTUNNEL).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Vni {
    /// The VXLAN device.
    pub index: u32,
    /// The VNI, or the first of a range.
    pub start: u32,
    /// The last VNI of a range (VXLAN_VNIFILTER_ENTRY_END).
    pub end: Option<u32>,
    /// The remote or multicast group (GROUP or GROUP6), unless unset.
    pub remote: Option<IpAddr>,
    /// Counters (VXLAN_VNIFILTER_ENTRY_STATS), by name without the
    /// VNIFILTER_ENTRY_STATS_ prefix, lower case: `rx_bytes`, ...
    pub stats: Vec<(String, u64)>,
}

impl Vni {
    /// Every entry of `m`, or none if `m` is not a VNI message.
    pub fn all(m: &Message) -> Vec<Vni> {
        let Body::Tunnel(h) = &m.body else {
            return Vec::new();
        };
        if ObjectKind::of(m) != Some(ObjectKind::Vni) {
            return Vec::new();
        }
        m.attrs
            .iter()
            .filter(|a| a.is(&VXLAN_VNIFILTER_ENTRY))
            .filter_map(|a| a.value.as_nested())
            .filter_map(|e| {
                let u32_of = |k: &Key| find_key(e, k).and_then(Value::as_u32);
                let remote = find_key(e, &VXLAN_VNIFILTER_ENTRY_GROUP)
                    .or_else(|| find_key(e, &VXLAN_VNIFILTER_ENTRY_GROUP6))
                    .and_then(Value::as_ip)
                    .filter(|a| !a.is_unspecified());
                let stats = find_key(e, &VXLAN_VNIFILTER_ENTRY_STATS)
                    .and_then(Value::as_nested)
                    .map(|s| {
                        s.iter()
                            .filter_map(|a| {
                                let name = a.name.strip_prefix("VNIFILTER_ENTRY_STATS_")?;
                                Some((name.to_lowercase(), a.value.as_u64()?))
                            })
                            .filter(|(name, _)| name != "pad")
                            .collect()
                    })
                    .unwrap_or_default();
                Some(Vni {
                    index: h.index,
                    start: u32_of(&VXLAN_VNIFILTER_ENTRY_START)?,
                    end: u32_of(&VXLAN_VNIFILTER_ENTRY_END).filter(|&e| e != 0),
                    remote,
                    stats,
                })
            })
            .collect()
    }

    /// The entry as `bridge vni show` prints it after the device column
    /// (print_vni): ` VNI` padded to 14, or ` START-END` with END padded
    /// to 14 and a space (an END equal to START is not printed, nor
    /// padded), then ` ADDRESS`.
    pub fn line_part(&self) -> String {
        let mut s = match self.end {
            Some(e) if e != self.start => format!(" {}-{e:<14} ", self.start),
            Some(_) => format!(" {}", self.start),
            None => format!(" {:<14}", self.start),
        };
        if let Some(a) = self.remote {
            let _ = write!(s, " {a}");
        }
        s
    }

    /// The lines of one message as `bridge vni show` prints them
    /// (print_vnifilter_rtm): the device, padded to IFNAMSIZ, on the first
    /// entry's line, blanks on the others, and an empty line after them.
    pub fn lines(entries: &[Vni], dev: &str) -> Vec<String> {
        let mut out: Vec<String> = entries
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let head = if i == 0 { dev } else { "" };
                format!("{head:<16}  {}", v.line_part())
            })
            .collect();
        out.push(String::new());
        out
    }
}
