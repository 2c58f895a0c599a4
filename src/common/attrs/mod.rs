//! The attribute registry: for each rtnetlink attribute family, one
//! declaration gives every attribute its number, its kernel name and its
//! payload type (from the UAPI headers `linux/if_link.h`, `if_addr.h`,
//! `rtnetlink.h`, `neighbour.h`, `fib_rules.h`). From it come the decode
//! tables, the typed keys readers look attributes up with
//! (`msg.get(&RTA_GATEWAY)`), and the numbers the encoders write.
//!
//! A number given twice in one family fails the build (`dense`). Anything
//! past the end of a table, or typed `Bytes`, is kept as raw bytes.

/// How an attribute's payload is decoded.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum Kind {
    /// Raw bytes, kept as hex.
    Bytes,
    /// Zero-length presence flag.
    Flag,
    U8,
    U16,
    U32,
    U64,
    I32,
    /// Unsigned integer of whatever width (1, 2, 4 or 8 bytes) the kernel sent.
    UInt,
    /// 16-bit integer in network byte order (ports).
    Be16,
    /// 32-bit integer in network byte order.
    Be32,
    /// NUL-terminated text.
    Str,
    /// IPv4 or IPv6 address, by length.
    Ip,
    /// Link-layer address.
    LinkAddr,
    /// Attributes nested inside, from another table.
    Nested(&'static Table),
    /// A C struct of integers.
    Struct(&'static [Field]),
    /// An array of such structs (a nexthop group's members).
    StructArray(&'static [Field]),
    /// An array of u32 (IPv4 devconf) or s32 (IPv6 devconf) named by index.
    U32Array(&'static [&'static str]),
    /// An array of u64 counters named by index.
    U64Array(&'static [&'static str]),
    /// Needs its own code (multipath, link info, ...).
    Special(Special),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Special {
    OperState,
    LinkInfo,
    AfSpec,
    ProtInfo,
    Multipath,
    Via,
    BridgeId,
    VethPeer,
    VlanFlags,
    VlanQos,
    MplsLabels,
}

#[derive(Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub width: Width,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Width {
    U8,
    U16,
    U32,
    I32,
    U64,
    /// Bytes to skip (padding) that are not shown.
    Pad(usize),
}

impl Width {
    /// How many bytes the field takes in its struct.
    pub const fn size(self) -> usize {
        match self {
            Width::U8 => 1,
            Width::U16 => 2,
            Width::U32 | Width::I32 => 4,
            Width::U64 => 8,
            Width::Pad(n) => n,
        }
    }
}

#[derive(Clone, Copy)]
pub struct Spec {
    pub name: &'static str,
    pub kind: Kind,
}

pub struct Table {
    /// The prefix of unknown attributes' names: `IFLA` gives `IFLA_UNKNOWN_70`.
    pub prefix: &'static str,
    pub specs: &'static [Spec],
}

/// One attribute, named: its number in its family and its kernel name.
/// `msg.get(&RTA_GATEWAY)` finds it where a string lookup could be
/// misspelt and find nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub number: u16,
    pub name: &'static str,
}

/// The table of a family from its `(number, spec)` list, indexed by
/// number; a number used twice stops the build.
pub const fn dense<const N: usize>(entries: &[(u16, Spec)]) -> [Spec; N] {
    let mut out = [UNSPEC; N];
    let mut i = 0;
    while i < entries.len() {
        let (n, spec) = entries[i];
        assert!(
            out[n as usize].name.is_empty(),
            "two attributes of one family share a number"
        );
        out[n as usize] = spec;
        i += 1;
    }
    out
}

/// The length of a family's table: its highest number plus one (from
/// the numbers alone, so a family may nest itself).
pub const fn dense_len(numbers: &[u16]) -> usize {
    let mut max = 0;
    let mut i = 0;
    while i < numbers.len() {
        if numbers[i] as usize > max {
            max = numbers[i] as usize;
        }
        i += 1;
    }
    max + 1
}

/// Declares one attribute family: `number NAME: payload type` per line.
/// Defines the table (a `static`) and a typed [`Key`] per attribute.
macro_rules! family {
    ($(#[$doc:meta])* pub $table:ident = $prefix:literal {
        $($num:literal $name:ident : $kind:expr,)*
    }) => {
        $(#[$doc])*
        pub static $table: Table = Table {
            prefix: $prefix,
            specs: {
                // A static, not a const: a family may nest itself.
                static SPECS: [Spec; dense_len(&[$($num),*])] =
                    dense(&[$(($num, s(stringify!($name), $kind))),*]);
                &SPECS
            },
        };
        $(
            #[doc = concat!("`", stringify!($name), "` (", stringify!($num), ")")]
            pub const $name: Key = Key {
                number: $num,
                name: stringify!($name),
            };
        )*
    };
}

impl Table {
    pub fn get(&self, kind: u16) -> Option<&'static Spec> {
        self.specs.get(kind as usize).filter(|s| !s.name.is_empty())
    }
}

const fn s(name: &'static str, kind: Kind) -> Spec {
    Spec { name, kind }
}

const fn f(name: &'static str, width: Width) -> Field {
    Field { name, width }
}

use Kind::*;

const UNSPEC: Spec = s("", Bytes);

mod ack;
mod address;
mod link;
mod link_kinds;
mod neighbour;
mod nexthop;
mod route;
mod rule;

pub use ack::*;
pub use address::*;
pub use link::*;
pub use link_kinds::*;
pub use neighbour::*;
pub use nexthop::*;
pub use route::*;
pub use rule::*;

/// Every family, by name.
pub const FAMILIES: &[&Table] = &[
    &IFLA,
    &IFLA_XDP_TABLE,
    &IFLA_INFO,
    &IFLA_INET,
    &IFLA_INET6,
    &IFLA_BRIDGE,
    &IFLA_BR,
    &IFLA_BRPORT,
    &IFLA_VXLAN,
    &IFLA_MACVLAN,
    &IFLA_VLAN,
    &IFLA_VLAN_QOS,
    &VETH_INFO,
    &IFLA_BOND,
    &IFLA_GRE,
    &IFA,
    &RTA,
    &RTAX,
    &NDA,
    &FRA,
    &NLMSGERR,
    &NHA,
    &NHA_RES_GROUP_TABLE,
    &NHA_RES_BUCKET_TABLE,
];

#[cfg(test)]
mod tests;
