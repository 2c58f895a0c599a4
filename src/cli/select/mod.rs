//! `ip`'s selectors (`ip route flush proto static`, `ip neigh flush dev
//! eth0 nud stale`, ...), parsed per object class with iproute2's defaults
//! and matched as iproute2 matches them: what the kernel can narrow goes
//! into the library's [`Filter`], the rest is checked on each message.
//!
//! Followed from iproute2's `iproute_list_flush_or_save`/`filter_nlmsg`
//! (routes), `ipaddr_list_flush_or_save`/`print_addrinfo` (addresses),
//! `do_show_or_flush`/`print_neigh` (neighbours) and
//! `iprule_list_flush_or_save`/`filter_nlmsg` (rules).
#![cfg_attr(not(target_os = "linux"), allow(dead_code))]

mod address;
mod neighbour;
mod route;
mod rule;

use std::net::IpAddr;

use rtsock::constants::*;
use rtsock::views::{Address, Neighbour, Route, Rule};

pub use address::AddressSelection;
pub use neighbour::NeighbourSelection;
pub use route::RouteSelection;
use rtsock::{Error, Filter, Message, ObjectKind};
pub use rule::RuleSelection;

use super::format::Names;

fn usage(msg: impl Into<String>) -> Error {
    Error::invalid("usage", msg)
}

/// `ip`'s `matches()`: `word` is a non-empty abbreviation of `full`.
pub fn abbrev(word: &str, full: &str) -> bool {
    !word.is_empty() && full.starts_with(word)
}

/// A prefix as iproute2's `get_prefix` reads it: `default` is a specified
/// zero-length prefix, `all`/`any` match everything, an address without a
/// length is a host prefix. `family` 0 means "any family".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prefix {
    family: u8,
    bytes: [u8; 16],
    bits: u8,
    /// The text gave a length (`/N`, or `default`).
    specified: bool,
}

impl Prefix {
    pub fn parse(text: &str, family: Option<u8>) -> Result<Prefix, Error> {
        let bad = || usage(format!("{text:?}: not a prefix"));
        let family = family.unwrap_or(AF_UNSPEC);
        if matches!(text, "default" | "all" | "any") {
            return Ok(Prefix {
                family,
                bytes: [0; 16],
                bits: 0,
                specified: text == "default",
            });
        }
        let (addr, len) = match text.split_once('/') {
            Some((a, l)) => (a, Some(l.parse::<u8>().map_err(|_| bad())?)),
            None => (text, None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| bad())?;
        let (own, bytes, max) = match addr {
            IpAddr::V4(a) => {
                let mut b = [0; 16];
                b[..4].copy_from_slice(&a.octets());
                (AF_INET, b, 32)
            }
            IpAddr::V6(a) => (AF_INET6, a.octets(), 128),
        };
        if family != AF_UNSPEC && family != own {
            return Err(usage(format!(
                "{text:?}: not an {} prefix",
                family_name(family)
            )));
        }
        if len.is_some_and(|l| l > max) {
            return Err(bad());
        }
        Ok(Prefix {
            family: own,
            bytes,
            bits: len.unwrap_or(max),
            specified: len.is_some(),
        })
    }

    /// Whether it narrows anything (`all` and `any` do not).
    fn active(&self) -> bool {
        self.family != AF_UNSPEC || self.specified
    }

    /// The first `bits` bits of `addr` equal this prefix's (iproute2's
    /// `inet_addr_match`); a missing address reads as all zeros.
    fn covers(&self, addr: Option<IpAddr>, bits: u8) -> bool {
        let other = match addr {
            Some(IpAddr::V4(a)) => {
                let mut b = [0; 16];
                b[..4].copy_from_slice(&a.octets());
                b
            }
            Some(IpAddr::V6(a)) => a.octets(),
            None => [0; 16],
        };
        let bits = usize::from(bits.min(128));
        let (whole, rest) = (bits / 8, bits % 8);
        if self.bytes[..whole] != other[..whole] {
            return false;
        }
        rest == 0 || (self.bytes[whole] ^ other[whole]) & (0xff << (8 - rest)) == 0
    }

    /// iproute2's `inet_addr_match_rta`: no address, no family or a zero
    /// length all match.
    fn matches_attr(&self, addr: Option<IpAddr>) -> bool {
        match addr {
            None => true,
            Some(_) if self.family == AF_UNSPEC || self.bits == 0 => true,
            Some(a) => {
                let own = if a.is_ipv4() { AF_INET } else { AF_INET6 };
                own == self.family && self.covers(Some(a), self.bits)
            }
        }
    }
}

/// A value with iproute2's `all` (mask 0) beside it.
fn named_or_all(
    text: &str,
    what: &str,
    parse: impl Fn(&str) -> Option<u8>,
) -> Result<Option<u8>, Error> {
    if text == "all" {
        return Ok(None);
    }
    parse(text)
        .map(Some)
        .ok_or_else(|| usage(format!("invalid \"{what}\" {text:?}")))
}

fn number<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, Error> {
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16)
            .ok()
            .and_then(|v| v.to_string().parse().ok()),
        None => text.parse().ok(),
    };
    parsed.ok_or_else(|| usage(format!("invalid \"{what}\" value {text:?}")))
}

pub fn protocol(text: &str) -> Option<u8> {
    text.parse()
        .ok()
        .or_else(|| (0..=u8::MAX).find(|&p| route_protocol_name(p) == Some(text)))
}

pub fn scope(text: &str) -> Option<u8> {
    match text {
        "global" | "universe" => Some(RT_SCOPE_UNIVERSE),
        _ => text
            .parse()
            .ok()
            .or_else(|| (0..=u8::MAX).find(|&s| scope_name(s) == Some(text))),
    }
}

pub fn route_type(text: &str) -> Option<u8> {
    (1..=RTN_NAT).find(|&t| route_type_name(t) == text)
}

fn table(text: &str) -> Result<u32, Error> {
    parse_table(text).ok_or_else(|| usage(format!("table id value is invalid: {text:?}")))
}

/// What `ip OBJECT show|flush SELECTORS` selects.
#[derive(Debug)]
pub enum Selection {
    Route(RouteSelection),
    Address(AddressSelection),
    Neighbour(NeighbourSelection),
    Rule(RuleSelection),
}

/// The words of a command line, each value named after the word it follows.
struct Words<'a> {
    it: std::slice::Iter<'a, String>,
}

impl<'a> Words<'a> {
    fn new(args: &'a [String]) -> Words<'a> {
        Words { it: args.iter() }
    }

    fn word(&mut self) -> Option<&'a str> {
        self.it.next().map(String::as_str)
    }

    fn value(&mut self, after: &str) -> Result<&'a str, Error> {
        self.word()
            .ok_or_else(|| usage(format!("\"{after}\" needs a value")))
    }
}

/// The index of the interface called `name`, as `ip` reports a missing one.
fn index_of(names: &Names, name: &str) -> Result<u32, Error> {
    names
        .iter()
        .find(|(_, n)| n.as_str() == name)
        .map(|(i, _)| *i)
        .ok_or_else(|| usage(format!("Cannot find device \"{name}\"")))
}

impl Selection {
    /// Parses the words after `flush` the way `ip OBJECT flush` does, with
    /// its refusals: route, address and neighbour flushes need a selector.
    pub fn flush(
        kind: ObjectKind,
        args: &[String],
        family: Option<u8>,
        names: &Names,
    ) -> Result<Selection, Error> {
        let needs_words = |what: &str| -> Result<(), Error> {
            if args.is_empty() {
                Err(usage(format!(
                    "\"{what} flush\" requires arguments (a selector such as dev, table or proto), as ip's does"
                )))
            } else {
                Ok(())
            }
        };
        Ok(match kind {
            ObjectKind::Route => {
                needs_words("route")?;
                Selection::Route(RouteSelection::parse(args, family, true, names)?)
            }
            ObjectKind::Address => {
                needs_words("addr")?;
                Selection::Address(AddressSelection::parse(args, family, names, true)?)
            }
            ObjectKind::Neighbour => {
                needs_words("neigh")?;
                Selection::Neighbour(NeighbourSelection::parse(args, family, true, names)?)
            }
            ObjectKind::Rule => Selection::Rule(RuleSelection::parse(args, family, true)?),
            ObjectKind::Link => return Err(usage("links are deleted one by one: link del NAME")),
            other => return Err(usage(format!("{other:?} objects have no flush"))),
        })
    }

    pub fn kind(&self) -> ObjectKind {
        match self {
            Selection::Route(_) => ObjectKind::Route,
            Selection::Address(_) => ObjectKind::Address,
            Selection::Neighbour(_) => ObjectKind::Neighbour,
            Selection::Rule(_) => ObjectKind::Rule,
        }
    }

    /// What the library (and through it the kernel) can narrow.
    pub fn filter(&self) -> Filter {
        match self {
            Selection::Route(s) => Filter {
                family: s.family,
                table: s.table,
                include_cloned: false,
                ..Filter::default()
            },
            Selection::Address(s) => Filter {
                family: s.family,
                interface: s.index.map(rtsock::Interface::Index),
                ..Filter::default()
            },
            Selection::Neighbour(s) => Filter {
                family: s.family,
                interface: s.index.map(rtsock::Interface::Index),
                proxy: s.proxy,
                ..Filter::default()
            },
            Selection::Rule(s) => Filter {
                family: Some(s.family),
                ..Filter::default()
            },
        }
    }

    /// Whether `ip` would select `m`.
    pub fn accepts(&self, m: &Message) -> bool {
        match self {
            Selection::Route(s) => Route::from_message(m).is_some_and(|r| s.accepts(&r)),
            Selection::Address(s) => Address::from_message(m).is_some_and(|a| s.accepts(m, &a)),
            Selection::Neighbour(s) => Neighbour::from_message(m).is_some_and(|n| s.accepts(m, &n)),
            Selection::Rule(s) => Rule::from_message(m).is_some_and(|r| s.accepts(m, &r)),
        }
    }

    /// How many dump-and-delete rounds `ip` runs before it gives up: rules
    /// are one pass; an address flush of primaries only is one round (more
    /// would take the secondaries the kernel promotes).
    pub fn flush_rounds(&self) -> u32 {
        match self {
            Selection::Rule(_) => 1,
            Selection::Address(s)
                if s.flags_mask & IFA_F_SECONDARY != 0 && s.flags & IFA_F_SECONDARY == 0 =>
            {
                1
            }
            _ => 10,
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::Names;

    pub fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    pub fn links() -> Names {
        Names::from([(7, "veth0".to_string()), (8, "x".to_string())])
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{links, words};
    use super::*;
    #[test]
    fn flushes_that_ip_refuses_are_refused() {
        for kind in [
            ObjectKind::Route,
            ObjectKind::Address,
            ObjectKind::Neighbour,
        ] {
            let err = Selection::flush(kind, &[], None, &links()).unwrap_err();
            assert!(err.to_string().contains("requires arguments"), "{err}");
        }
        assert!(Selection::flush(ObjectKind::Link, &words("dev x"), None, &links()).is_err());
        // `ip rule flush` takes no selector and means IPv4.
        let Selection::Rule(r) = Selection::flush(ObjectKind::Rule, &[], None, &links()).unwrap()
        else {
            panic!()
        };
        assert_eq!(r.family, AF_INET);
    }
}
