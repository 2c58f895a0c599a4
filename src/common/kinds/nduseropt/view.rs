//! The typed view of an ND user option message.

use std::fmt::Write as _;
use std::net::{IpAddr, Ipv6Addr};

use serde::Serialize;

use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// ND_OPT_PREFIX_INFO (RFC 4861): a prefix (handed on by newer kernels
/// too, for user-space SLAAC daemons).
pub const ND_OPT_PREFIX_INFO: u8 = 3;
/// ND_OPT_RDNSS (RFC 8106): recursive DNS servers.
pub const ND_OPT_RDNSS: u8 = 25;
/// ND_OPT_DNSSL (RFC 8106): the DNS search list.
pub const ND_OPT_DNSSL: u8 = 31;
/// ND_OPT_CAPTIVE_PORTAL (RFC 8910): the captive portal's URI.
pub const ND_OPT_CAPTIVE_PORTAL: u8 = 37;
/// ND_OPT_PREF64 (RFC 8781): the NAT64 prefix.
pub const ND_OPT_PREF64: u8 = 38;

/// What an ND option says, read from its bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NdOption {
    /// A prefix, its L and A flags and lifetimes.
    PrefixInfo {
        /// The prefix.
        prefix: Ipv6Addr,
        /// Its length.
        len: u8,
        /// The option's flags: 0x80 on-link (L), 0x40 autonomous (A).
        flags: u8,
        /// Seconds it stays valid.
        valid: u32,
        /// Seconds it stays preferred.
        preferred: u32,
    },
    /// Recursive DNS servers, valid for `lifetime` seconds.
    Rdnss {
        /// Seconds (0xffffffff: for ever; 0: withdrawn).
        lifetime: u32,
        /// The servers.
        servers: Vec<Ipv6Addr>,
    },
    /// Search domains, valid for `lifetime` seconds.
    Dnssl {
        /// Seconds.
        lifetime: u32,
        /// The domains, dotted.
        domains: Vec<String>,
    },
    /// The captive portal's URI.
    CaptivePortal(String),
    /// The NAT64 prefix and its lifetime in seconds.
    Pref64 {
        /// Seconds (the option's scaled lifetime times 8).
        lifetime: u16,
        /// The prefix's address part.
        prefix: Ipv6Addr,
        /// Its length (96, 64, 56, 48, 40 or 32).
        len: u8,
    },
    /// An option rtsock does not read (or one too short for its type):
    /// its type and the bytes after its two-byte head.
    Other {
        /// The ND option type.
        kind: u8,
        /// Its data.
        data: Vec<u8>,
    },
}

/// An ND option a router sent, as the kernel handed it on (RTM_NEWNDUSEROPT).
///
/// ```no_run
/// use rtsock::events::{Event, Group};
/// use rtsock::views::{NdOption, NdUserOpt};
///
/// // What rdnssd does: the DNS servers routers announce.
/// let mut mon = rtsock::linux::Monitor::builder()
///     .groups(&[Group::NdUserOpt])
///     .open()?;
/// while let Ok(Event::Change { message }) = mon.next_event() {
///     if let Some(NdUserOpt { option: NdOption::Rdnss { servers, lifetime }, .. }) =
///         NdUserOpt::from_message(&message)
///     {
///         println!("{servers:?} for {lifetime} s");
///     }
/// }
/// # Ok::<(), rtsock::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NdUserOpt {
    /// The interface it came in on.
    pub index: u32,
    /// The router's address (NDUSEROPT_SRCADDR).
    pub from: Option<IpAddr>,
    /// The ICMPv6 type of the message that carried it (134: a router
    /// advertisement).
    pub icmp_type: u8,
    /// The option.
    pub option: NdOption,
}

impl NdUserOpt {
    /// The view of `m`, or None if `m` is not an ND user option message
    /// (or carries no option).
    pub fn from_message(m: &Message) -> Option<NdUserOpt> {
        let Body::NdUserOpt(h) = &m.body else {
            return None;
        };
        if ObjectKind::of(m) != Some(ObjectKind::NdUserOpt) {
            return None;
        }
        Some(NdUserOpt {
            index: h.index,
            from: m.get(&NDUSEROPT_SRCADDR).and_then(Value::as_ip),
            icmp_type: h.icmp_type,
            option: NdOption::read(&h.options)?,
        })
    }

    /// One line: `nduseropt dev DEV from ADDR rdnss A B lifetime N` (or
    /// `dnssl`, `prefix`, `captive-portal`, `pref64`, `option N`).
    pub fn line(&self, dev: &str) -> String {
        let mut s = format!("nduseropt dev {dev}");
        if let Some(a) = self.from {
            let _ = write!(s, " from {a}");
        }
        match &self.option {
            NdOption::PrefixInfo {
                prefix,
                len,
                flags,
                valid,
                preferred,
            } => {
                let _ = write!(
                    s,
                    " prefix {prefix}/{len} flags {flags:#04x} valid {valid} preferred {preferred}"
                );
            }
            NdOption::Rdnss { lifetime, servers } => {
                s.push_str(" rdnss");
                for a in servers {
                    let _ = write!(s, " {a}");
                }
                let _ = write!(s, " lifetime {lifetime}");
            }
            NdOption::Dnssl { lifetime, domains } => {
                let _ = write!(s, " dnssl {} lifetime {lifetime}", domains.join(" "));
            }
            NdOption::CaptivePortal(uri) => {
                let _ = write!(s, " captive-portal {uri}");
            }
            NdOption::Pref64 {
                lifetime,
                prefix,
                len,
            } => {
                let _ = write!(s, " pref64 {prefix}/{len} lifetime {lifetime}");
            }
            NdOption::Other { kind, data } => {
                let _ = write!(s, " option {kind} len {}", data.len());
            }
        }
        s
    }
}

impl NdOption {
    /// Reads one option: its type, its length in units of 8 bytes (which
    /// must fit `b`), then its data. None when `b` holds no option.
    pub fn read(b: &[u8]) -> Option<NdOption> {
        let (&kind, &units) = (b.first()?, b.get(1)?);
        let len = usize::from(units) * 8;
        let data = b.get(2..len.max(2).min(b.len()))?;
        let other = || NdOption::Other {
            kind,
            data: data.to_vec(),
        };
        let u32_at = |i: usize| data.get(i..i + 4).map(|l| u32::from_be_bytes([l[0], l[1], l[2], l[3]]));
        Some(match kind {
            ND_OPT_PREFIX_INFO if data.len() >= 30 => NdOption::PrefixInfo {
                len: data[0],
                flags: data[1],
                valid: u32_at(2).expect("30 bytes"),
                preferred: u32_at(6).expect("30 bytes"),
                prefix: Ipv6Addr::from(<[u8; 16]>::try_from(&data[14..30]).expect("16 bytes")),
            },
            ND_OPT_RDNSS => match u32_at(2) {
                Some(lifetime) => NdOption::Rdnss {
                    lifetime,
                    servers: data[6..]
                        .chunks_exact(16)
                        .map(|c| Ipv6Addr::from(<[u8; 16]>::try_from(c).expect("16 bytes")))
                        .collect(),
                },
                None => other(),
            },
            ND_OPT_DNSSL => match (u32_at(2), domain_names(&data[6.min(data.len())..])) {
                (Some(lifetime), Some(domains)) => NdOption::Dnssl { lifetime, domains },
                _ => other(),
            },
            ND_OPT_CAPTIVE_PORTAL => {
                let uri = data.split(|&c| c == 0).next().unwrap_or(&[]);
                match std::str::from_utf8(uri) {
                    Ok(u) => NdOption::CaptivePortal(u.to_owned()),
                    Err(_) => other(),
                }
            }
            ND_OPT_PREF64 if data.len() >= 14 => {
                let scaled = u16::from_be_bytes([data[0], data[1]]);
                let len = [96, 64, 56, 48, 40, 32].get(usize::from(scaled & 7));
                let mut prefix = [0u8; 16];
                prefix[..12].copy_from_slice(&data[2..14]);
                match len {
                    Some(&len) => NdOption::Pref64 {
                        lifetime: scaled & !7,
                        prefix: Ipv6Addr::from(prefix),
                        len,
                    },
                    None => other(),
                }
            }
            _ => other(),
        })
    }
}

/// DNS names in wire form (length-prefixed labels, each name ended by a
/// zero length), up to the zero padding; None when a label runs past the
/// end or is not UTF-8.
fn domain_names(mut b: &[u8]) -> Option<Vec<String>> {
    let mut names = Vec::new();
    let mut labels: Vec<&str> = Vec::new();
    while let Some((&n, rest)) = b.split_first() {
        if n == 0 {
            if labels.is_empty() {
                break; // padding
            }
            names.push(labels.join("."));
            labels.clear();
            b = rest;
            continue;
        }
        let label = rest.get(..usize::from(n))?;
        labels.push(std::str::from_utf8(label).ok()?);
        b = &rest[usize::from(n)..];
    }
    if !labels.is_empty() {
        names.push(labels.join("."));
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_read_as_their_rfcs_lay_them_out() {
        // DNSSL: lifetime 600, example.com and lab.example, zero padded.
        let mut dnssl = vec![31, 5, 0, 0, 0, 0, 2, 88];
        dnssl.extend_from_slice(b"\x07example\x03com\x00\x03lab\x07example\x00");
        dnssl.resize(40, 0);
        assert_eq!(
            NdOption::read(&dnssl),
            Some(NdOption::Dnssl {
                lifetime: 600,
                domains: vec!["example.com".into(), "lab.example".into()],
            })
        );
        // PREF64: 64:ff9b::/96 for 1800 s (scaled 225 * 8, PLC 0).
        let mut pref64 = vec![38, 2];
        pref64.extend_from_slice(&1800u16.to_be_bytes());
        pref64.extend_from_slice(&[0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            NdOption::read(&pref64),
            Some(NdOption::Pref64 {
                lifetime: 1800,
                prefix: "64:ff9b::".parse().unwrap(),
                len: 96,
            })
        );
        let mut portal = vec![37, 3];
        portal.extend_from_slice(b"https://p.example/\0\0\0\0");
        assert_eq!(
            NdOption::read(&portal),
            Some(NdOption::CaptivePortal("https://p.example/".into()))
        );
    }

    #[test]
    fn short_or_lying_options_are_kept_as_bytes_not_trusted() {
        // RDNSS that claims 3 units but has 4 bytes; a label past the end.
        assert_eq!(
            NdOption::read(&[25, 3, 0, 0]),
            Some(NdOption::Other {
                kind: 25,
                data: vec![0, 0]
            })
        );
        let lying = [31, 2, 0, 0, 0, 0, 0, 9, 60, b'a', 0, 0, 0, 0, 0, 0];
        assert!(matches!(
            NdOption::read(&lying),
            Some(NdOption::Other { kind: 31, .. })
        ));
        assert_eq!(NdOption::read(&[25]), None);
        // A zero length gives no data, not a panic.
        assert_eq!(
            NdOption::read(&[24, 0, 1, 2]),
            Some(NdOption::Other {
                kind: 24,
                data: vec![]
            })
        );
    }
}
