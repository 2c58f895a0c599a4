//! Typed change requests: what to add, replace, change or delete, written
//! once for every OS. Each backend encodes them (rtnetlink on Linux, the
//! routing socket and ioctls on the BSDs).
//!
//! Every spec can describe itself in `ip` syntax; that text names the object
//! in errors ("route add 10.0.0.0/8 via 192.0.2.1 table 100: Network is
//! unreachable (errno 101)").
//!
//! ```no_run
//! use rtsock::change::{AddressSpec, RouteSpec, Verb};
//! use rtsock::{IpRoute, RouteSocket};
//!
//! let mut ipr = IpRoute::new()?;
//! ipr.address(Verb::Add, &AddressSpec::new("10.0.0.1/24".parse()?, "veth0"))?;
//! let route = RouteSpec::to("10.1.0.0/16".parse()?).via("10.0.0.2".parse().unwrap()).table(100);
//! ipr.route(Verb::Add, &route)?;
//! # Ok::<(), rtsock::Error>(())
//! ```

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use super::api::Interface;
use super::constants::*;
use super::error::{Error, Result};

pub use super::kinds::ChangeSpec;
pub use super::kinds::all_specs::*;

/// Longest interface name the kernels accept (IFNAMSIZ - 1).
pub const MAX_IFNAME_LEN: usize = 15;

/// What to do with an object, with pyroute2's and `ip`'s meanings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verb {
    /// Create; fail if it exists (NLM_F_CREATE | NLM_F_EXCL).
    Add,
    /// Create or overwrite (NLM_F_CREATE | NLM_F_REPLACE).
    Replace,
    /// Overwrite an existing object; fail if there is none (NLM_F_REPLACE).
    Change,
    /// Add another object with the same key, e.g. a second route to the
    /// same prefix with another gateway (NLM_F_CREATE | NLM_F_APPEND).
    Append,
    /// Change attributes of an existing link (`ip link set`).
    Set,
    /// Remove the object (`ip ... del`).
    Delete,
}

impl Verb {
    /// The word `ip` uses.
    pub fn word(self) -> &'static str {
        match self {
            Verb::Add => "add",
            Verb::Replace => "replace",
            Verb::Change => "change",
            Verb::Append => "append",
            Verb::Set => "set",
            Verb::Delete => "del",
        }
    }

    /// The verb for an `ip` word ("add", "del" or "delete", ...), or `None` for an unknown word.
    pub fn parse(word: &str) -> Option<Verb> {
        Some(match word {
            "add" => Verb::Add,
            "replace" => Verb::Replace,
            "change" => Verb::Change,
            "append" => Verb::Append,
            "set" => Verb::Set,
            "del" | "delete" => Verb::Delete,
            _ => return None,
        })
    }
}

/// An address with a prefix length: `10.0.0.0/8`, `2001:db8::1/64`.
/// Without `/len` the prefix is the whole address (/32 or /128).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct IpNet {
    /// The address.
    pub addr: IpAddr,
    /// The prefix length in bits.
    pub len: u8,
}

impl IpNet {
    /// Fails when `len` is longer than the address.
    pub fn new(addr: IpAddr, len: u8) -> Result<IpNet> {
        let max = max_prefix(addr);
        if len > max {
            return Err(Error::invalid(
                format!("prefix {addr}/{len}"),
                format!("prefix length must be 0 to {max}"),
            ));
        }
        Ok(IpNet { addr, len })
    }

    /// The whole address as a host prefix.
    pub fn host(addr: IpAddr) -> IpNet {
        IpNet {
            addr,
            len: max_prefix(addr),
        }
    }

    /// The address family in Linux numbering (`AF_INET` or `AF_INET6`).
    pub fn family(&self) -> u8 {
        family_of(self.addr)
    }

    /// The IPv4 broadcast address of this prefix (host bits all set).
    pub fn broadcast(&self) -> Option<Ipv4Addr> {
        match self.addr {
            IpAddr::V4(a) if self.len < 31 => {
                let host = u32::MAX.checked_shr(self.len.into()).unwrap_or(0);
                Some(Ipv4Addr::from(u32::from(a) | host))
            }
            _ => None,
        }
    }
}

impl FromStr for IpNet {
    type Err = Error;

    fn from_str(text: &str) -> Result<IpNet> {
        let bad = |reason: &str| Error::invalid(format!("prefix {text:?}"), reason.to_owned());
        let (addr, len) = match text.split_once('/') {
            Some((a, l)) => (a, Some(l)),
            None => (text, None),
        };
        let addr: IpAddr = addr
            .parse()
            .map_err(|_| bad("not an IPv4 or IPv6 address"))?;
        match len {
            None => Ok(IpNet::host(addr)),
            Some(l) => {
                let len = l
                    .parse::<u8>()
                    .map_err(|_| bad("prefix length is not a number"))?;
                IpNet::new(addr, len)
            }
        }
    }
}

impl fmt::Display for IpNet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.len)
    }
}

/// The address family of `addr` in Linux numbering (`AF_INET` or `AF_INET6`).
pub fn family_of(addr: IpAddr) -> u8 {
    match addr {
        IpAddr::V4(_) => AF_INET,
        IpAddr::V6(_) => AF_INET6,
    }
}

pub(crate) fn max_prefix(addr: IpAddr) -> u8 {
    match addr {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    }
}

/// Checks an interface name the way the kernel will, before sending it.
pub fn check_ifname(name: &str) -> Result<()> {
    let reason = if name.is_empty() {
        "interface names cannot be empty"
    } else if name.len() > MAX_IFNAME_LEN {
        "interface names are at most 15 bytes long"
    } else if name.contains(['/', ':']) || name.chars().any(char::is_whitespace) {
        "interface names cannot contain '/', ':' or whitespace"
    } else if name == "." || name == ".." {
        "'.' and '..' are not interface names"
    } else {
        return Ok(());
    };
    Err(Error::invalid(format!("interface {name:?}"), reason))
}

pub(crate) fn check_interface(i: &Interface) -> Result<()> {
    match i {
        Interface::Name(n) => check_ifname(n),
        Interface::Index(_) => Ok(()),
    }
}

impl fmt::Display for Interface {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Interface::Name(n) => f.write_str(n),
            Interface::Index(i) => write!(f, "if{i}"),
        }
    }
}

impl From<&str> for Interface {
    fn from(name: &str) -> Interface {
        Interface::Name(name.to_owned())
    }
}

impl From<String> for Interface {
    fn from(name: String) -> Interface {
        Interface::Name(name)
    }
}

impl From<u32> for Interface {
    fn from(index: u32) -> Interface {
        Interface::Index(index)
    }
}

/// Refuses verbs other than add and del for objects that have only those
/// (`nouns`: "chains", "VNIs", ...), naming the request `what`.
pub(crate) fn add_or_delete(verb: Verb, nouns: &str, what: impl FnOnce() -> String) -> Result<()> {
    match verb {
        Verb::Add | Verb::Delete => Ok(()),
        other => Err(Error::invalid(
            what(),
            format!("{nouns} take add or del, not {}", other.word()),
        )),
    }
}

/// Replaces the subject of an `InvalidInput` with the whole request.
pub(crate) fn rename_error(e: Error, what: String) -> Error {
    match e {
        Error::InvalidInput { what: part, reason } => {
            Error::invalid(what, format!("{part}: {reason}"))
        }
        other => other,
    }
}

/// Whether `a` is an IPv6 link-local address (fe80::/10).
pub fn is_link_local(a: &Ipv6Addr) -> bool {
    a.segments()[0] & 0xffc0 == 0xfe80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_parse_and_reject_bad_lengths() {
        let p: IpNet = "10.1.0.0/16".parse().unwrap();
        assert_eq!((p.addr.to_string(), p.len), ("10.1.0.0".into(), 16));
        assert_eq!("2001:db8::1".parse::<IpNet>().unwrap().len, 128);
        let e = "10.0.0.0/33".parse::<IpNet>().unwrap_err().to_string();
        assert!(e.contains("10.0.0.0/33") && e.contains("0 to 32"), "{e}");
        assert!("10.0.0/8".parse::<IpNet>().is_err());
        assert!("10.0.0.0/x".parse::<IpNet>().is_err());
        let b: IpNet = "192.0.2.5/24".parse().unwrap();
        assert_eq!(b.broadcast(), Some(Ipv4Addr::new(192, 0, 2, 255)));
        let z: IpNet = "10.0.0.1/0".parse().unwrap();
        assert_eq!(z.broadcast(), Some(Ipv4Addr::BROADCAST));
    }

    #[test]
    fn validation_catches_what_the_kernel_answers_unclearly() {
        let long = LinkSpec::named("a-very-long-name0").veth("p");
        let e = long.validate(Verb::Add).unwrap_err().to_string();
        assert!(e.starts_with("link add a-very-long-name0"), "{e}");
        assert!(e.contains("15 bytes"), "{e}");

        let r = RouteSpec::to("2001:db8::/64".parse().unwrap()).via("10.0.0.1".parse().unwrap());
        let e = r.validate(Verb::Add).unwrap_err().to_string();
        assert!(e.contains("route add 2001:db8::/64 via 10.0.0.1"), "{e}");
        assert!(e.contains("gateway family"), "{e}");

        let mv = LinkSpec::named("mv0").kind(LinkKind::Macvlan {
            mode: MacvlanMode::Bridge,
        });
        assert!(mv.validate(Verb::Add).is_err());
        assert!(mv.link("eth0").validate(Verb::Add).is_ok());
        assert!(
            RouteSpec::default()
                .dev("eth0")
                .validate(Verb::Add)
                .is_err()
        );
        assert!(
            RouteSpec::default_route(AF_INET)
                .dev("eth0")
                .validate(Verb::Add)
                .is_ok()
        );
    }

    #[test]
    fn descriptions_read_like_ip_commands() {
        let r = RouteSpec::to("10.0.0.0/8".parse().unwrap())
            .via("192.0.2.1".parse().unwrap())
            .table(100);
        assert_eq!(
            r.describe(Verb::Add),
            "route add 10.0.0.0/8 via 192.0.2.1 table 100"
        );
        let a =
            AddressSpec::new("10.0.0.1/24".parse().unwrap(), "veth0").broadcast(Broadcast::Auto);
        assert_eq!(
            a.describe(Verb::Add),
            "address add 10.0.0.1/24 brd 10.0.0.255 dev veth0"
        );
    }
}
