//! Typed forms of the small numbers the views carry: route type, scope and
//! protocol, a link's operational state and its flags. Each prints as `ip`
//! prints it, parses what `ip` accepts (names or numbers), serializes as
//! its name, and compares with the raw number, so `route.proto ==
//! RTPROT_KERNEL` and `route.proto == RouteProtocol::Kernel` both read.
//! A number without a name is kept, not lost (`Other`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::constants::{IFF_NAMES, IFF_RUNNING, flag_names};

/// Declares a `u8`-valued enum with `ip`'s names, an `Other` variant for
/// numbers without one, and the conversions every one of them has.
macro_rules! named_u8 {
    (
        $(#[$meta:meta])*
        $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $num:expr => $text:literal,)*
        }
        aliases { $($alias:literal => $avariant:ident,)* }
        case_insensitive: $ci:literal
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A number `ip` has no name for.
            Other(u8),
        }

        impl $name {
            /// The name `ip` prints, or `None` for [`Self::Other`].
            pub const fn name(self) -> Option<&'static str> {
                match self {
                    $($name::$variant => Some($text),)*
                    $name::Other(_) => None,
                }
            }

            /// The kernel's number.
            pub const fn number(self) -> u8 {
                match self {
                    $($name::$variant => $num,)*
                    $name::Other(n) => n,
                }
            }
        }

        impl From<u8> for $name {
            fn from(n: u8) -> $name {
                match n {
                    $(n if n == $num => $name::$variant,)*
                    n => $name::Other(n),
                }
            }
        }

        impl From<$name> for u8 {
            fn from(v: $name) -> u8 {
                v.number()
            }
        }

        impl PartialEq<u8> for $name {
            fn eq(&self, n: &u8) -> bool {
                self.number() == *n
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(text) => f.write_str(text),
                    None => write!(f, "{}", self.number()),
                }
            }
        }

        impl FromStr for $name {
            type Err = String;
            /// A name `ip` accepts, or a number.
            fn from_str(text: &str) -> Result<$name, String> {
                let matches = |name: &str| {
                    if $ci { name.eq_ignore_ascii_case(text) } else { name == text }
                };
                $(if matches($text) { return Ok($name::$variant); })*
                $(if matches($alias) { return Ok($name::$avariant); })*
                text.parse::<u8>().map($name::from).map_err(|_| {
                    format!(concat!("{:?} is not a ", stringify!($name), " name or number"), text)
                })
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self.name() {
                    Some(text) => s.serialize_str(text),
                    None => s.serialize_u8(self.number()),
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                match NameOrNumber::deserialize(d)? {
                    NameOrNumber::Number(n) => Ok($name::from(n)),
                    NameOrNumber::Name(text) => text.parse().map_err(serde::de::Error::custom),
                }
            }
        }
    };
}

/// What the typed numbers deserialize from: a name or a number.
#[derive(Deserialize)]
#[serde(untagged)]
enum NameOrNumber {
    Number(u8),
    Name(String),
}

named_u8! {
    /// A route's type (`rtm_type`, RTN_*), as `ip route` names it.
    RouteType {
        /// RTN_UNSPEC.
        Unspec = 0 => "none",
        /// A gateway or direct route.
        Unicast = 1 => "unicast",
        /// An address of this host.
        Local = 2 => "local",
        /// A broadcast address of a local network.
        Broadcast = 3 => "broadcast",
        /// A local address answered as anycast.
        Anycast = 4 => "anycast",
        /// A multicast route.
        Multicast = 5 => "multicast",
        /// Packets are dropped silently.
        Blackhole = 6 => "blackhole",
        /// Packets are dropped with "host unreachable".
        Unreachable = 7 => "unreachable",
        /// Packets are dropped with "administratively prohibited".
        Prohibit = 8 => "prohibit",
        /// Lookup goes on in the next table (policy routing).
        Throw = 9 => "throw",
        /// Network address translation (obsolete).
        Nat = 10 => "nat",
        /// An external resolver decides.
        Xresolve = 11 => "xresolve",
    }
    aliases {}
    case_insensitive: false
}

named_u8! {
    /// A route's or address's scope (`rtm_scope`, `ifa_scope`, RT_SCOPE_*).
    Scope {
        /// Valid everywhere (`global`; the kernel's RT_SCOPE_UNIVERSE).
        Universe = 0 => "global",
        /// Within the site (IPv6).
        Site = 200 => "site",
        /// On the attached link only.
        Link = 253 => "link",
        /// On this host only.
        Host = 254 => "host",
        /// The destination does not exist.
        Nowhere = 255 => "nowhere",
    }
    aliases { "universe" => Universe, }
    case_insensitive: false
}

named_u8! {
    /// Who installed a route (`rtm_protocol`, RTPROT_*), as `ip route` names it.
    RouteProtocol {
        /// Unknown.
        Unspec = 0 => "unspec",
        /// An ICMP redirect.
        Redirect = 1 => "redirect",
        /// The kernel (routes of its own addresses).
        Kernel = 2 => "kernel",
        /// A route added during boot, and `ip route add`'s default.
        Boot = 3 => "boot",
        /// The administrator, meant to stay.
        Static = 4 => "static",
        /// GateD.
        Gated = 8 => "gated",
        /// Router advertisements.
        Ra = 9 => "ra",
        /// Merit MRT.
        Mrt = 10 => "mrt",
        /// Zebra (Quagga, FRR).
        Zebra = 11 => "zebra",
        /// BIRD.
        Bird = 12 => "bird",
        /// DECnet routing.
        Dnrouted = 13 => "dnrouted",
        /// XORP.
        Xorp = 14 => "xorp",
        /// Netsukuku.
        Ntk = 15 => "ntk",
        /// A DHCP client.
        Dhcp = 16 => "dhcp",
        /// Multicast routing daemon.
        Mrouted = 17 => "mrouted",
        /// Keepalived.
        Keepalived = 18 => "keepalived",
        /// Babel.
        Babel = 42 => "babel",
        /// Open/R.
        Openr = 99 => "openr",
        /// BGP (FRR).
        Bgp = 186 => "bgp",
        /// IS-IS (FRR).
        Isis = 187 => "isis",
        /// OSPF (FRR).
        Ospf = 188 => "ospf",
        /// RIP (FRR).
        Rip = 189 => "rip",
        /// EIGRP (FRR).
        Eigrp = 192 => "eigrp",
    }
    aliases {}
    case_insensitive: false
}

named_u8! {
    /// A link's RFC 2863 operational state (IFLA_OPERSTATE), as `ip link`
    /// prints it; names parse in any case.
    OperState {
        /// The driver does not say.
        Unknown = 0 => "UNKNOWN",
        /// A component is missing (such as a removed device).
        NotPresent = 1 => "NOTPRESENT",
        /// Down.
        Down = 2 => "DOWN",
        /// Down because the link it stacks on is down.
        LowerLayerDown = 3 => "LOWERLAYERDOWN",
        /// In a test mode.
        Testing = 4 => "TESTING",
        /// Up but waiting for an event (such as 802.1X).
        Dormant = 5 => "DORMANT",
        /// Up: it can pass packets.
        Up = 6 => "UP",
    }
    aliases {}
    case_insensitive: true
}

/// A link's IFF_* flags (`ifi_flags`; the BSDs' are normalized to these).
///
/// Prints as `ip link` prints them between `<` and `>`
/// (`BROADCAST,MULTICAST,UP,LOWER_UP`), serializes as the list of names,
/// and compares with the raw bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LinkFlags(pub u32);

impl LinkFlags {
    /// Whether every bit of `bits` (IFF_* constants) is set.
    pub const fn contains(self, bits: u32) -> bool {
        self.0 & bits == bits
    }

    /// The names of the set bits in `ip`'s order; bits without a name come
    /// last, in hex. IFF_RUNNING is left out, as `ip` leaves it out
    /// (`print_link_flags`): LOWER_UP says the same.
    pub fn names(self) -> Vec<String> {
        flag_names(self.0 & !IFF_RUNNING, IFF_NAMES)
    }
}

impl From<u32> for LinkFlags {
    fn from(bits: u32) -> LinkFlags {
        LinkFlags(bits)
    }
}

impl From<LinkFlags> for u32 {
    fn from(f: LinkFlags) -> u32 {
        f.0
    }
}

impl PartialEq<u32> for LinkFlags {
    fn eq(&self, bits: &u32) -> bool {
        self.0 == *bits
    }
}

impl fmt::Display for LinkFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.names().join(","))
    }
}

impl Serialize for LinkFlags {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.names().serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::constants::*;

    #[test]
    fn numbers_names_and_text_agree_with_the_constants() {
        for n in 0..=u8::MAX {
            let t = RouteType::from(n);
            assert_eq!(u8::from(t), n);
            assert_eq!(t.to_string().parse::<RouteType>(), Ok(t), "{n}");
            if n <= 11 {
                assert_eq!(t.to_string(), route_type_name(n));
            }
            let p = RouteProtocol::from(n);
            assert_eq!(p.name(), route_protocol_name(n), "{n}");
            assert_eq!(p.to_string().parse::<RouteProtocol>(), Ok(p));
            let s = Scope::from(n);
            assert_eq!(s.name(), scope_name(n), "{n}");
            assert_eq!(s.to_string().parse::<Scope>(), Ok(s));
            let o = OperState::from(n);
            if n <= 6 {
                assert_eq!(o.to_string(), operstate_name(n));
            }
            assert_eq!(o.to_string().parse::<OperState>(), Ok(o));
        }
        assert_eq!("universe".parse(), Ok(Scope::Universe));
        assert_eq!("up".parse(), Ok(OperState::Up));
        assert_eq!(RouteProtocol::from(RTPROT_KERNEL), RTPROT_KERNEL);
        assert!("kernal".parse::<RouteProtocol>().is_err());
    }

    #[test]
    fn serde_uses_names_and_keeps_unnamed_numbers() {
        let json =
            serde_json::to_string(&(RouteType::Blackhole, Scope::Other(7), OperState::Up)).unwrap();
        assert_eq!(json, r#"["blackhole",7,"UP"]"#);
        let back: (RouteType, Scope, OperState) = serde_json::from_str(&json).unwrap();
        assert_eq!(back, (RouteType::Blackhole, Scope::Other(7), OperState::Up));
        let p: RouteProtocol = serde_json::from_str("186").unwrap();
        assert_eq!(p, RouteProtocol::Bgp);
        assert!(serde_json::from_str::<RouteProtocol>(r#""bogus""#).is_err());
        let flags = LinkFlags(IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_LOWER_UP | 0x8000_0000);
        assert_eq!(flags.to_string(), "BROADCAST,UP,LOWER_UP,0x80000000");
        assert_eq!(
            serde_json::to_string(&flags).unwrap(),
            r#"["BROADCAST","UP","LOWER_UP","0x80000000"]"#
        );
        assert!(flags.contains(IFF_UP | IFF_LOWER_UP) && !flags.contains(IFF_LOOPBACK));
    }
}
