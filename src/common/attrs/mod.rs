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
    /// Unsigned 8-bit integer.
    U8,
    /// Unsigned 16-bit integer, in host byte order.
    U16,
    /// Unsigned 32-bit integer, in host byte order.
    U32,
    /// Unsigned 64-bit integer, in host byte order.
    U64,
    /// Signed 32-bit integer, in host byte order.
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

/// Payloads that need decoding code of their own ([`Kind::Special`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Special {
    /// IFLA_OPERSTATE: an RFC 2863 operational state, shown by name.
    OperState,
    /// IFLA_LINKINFO: a link's kind and its kind-specific data, read with that kind's table.
    LinkInfo,
    /// IFLA_AF_SPEC: per-address-family link data (IPv4 and IPv6 settings, or bridge data).
    AfSpec,
    /// IFLA_PROTINFO: a link's protocol data (bridge port or IPv6), by the message's family.
    ProtInfo,
    /// RTA_MULTIPATH: the nexthops of a multipath route.
    Multipath,
    /// RTA_VIA: a gateway given with its own address family.
    Via,
    /// A bridge identifier: a priority and a MAC address.
    BridgeId,
    /// VETH_INFO_PEER: the other end of a veth pair, an `ifinfomsg` followed by link attributes.
    VethPeer,
    /// IFLA_VLAN_FLAGS: VLAN flags and the mask of the flags set.
    VlanFlags,
    /// IFLA_VLAN_EGRESS_QOS or IFLA_VLAN_INGRESS_QOS: VLAN priority mappings.
    VlanQos,
    /// A stack of MPLS labels (RTA_NEWDST).
    MplsLabels,
    /// A list of traffic-control actions (TCA_U32_ACT, ...), each
    /// TCA_ACT attributes whose options are read by the action's kind;
    /// a list of them in order.
    Actions,
    /// SEG6_IPTUNNEL_SRH: a seg6 encapsulation's mode and its segment
    /// routing header, segments read in path order.
    Seg6Encap,
    /// MDBA_MDB_ENTRY_INFO: a `struct br_mdb_entry` (port, state, group)
    /// followed by MDBA_MDB_EATTR attributes.
    MdbEntry,
    /// TCA_U32_SEL: a u32 filter's selector (`struct tc_u32_sel`) and its
    /// keys, values and masks read in network order as `tc` prints them.
    U32Sel,
    /// TCA_PEDIT_PARMS: a pedit action's `struct tc_pedit_sel` (`tc_gen`,
    /// the key count and flags) and its keys, values and masks read in
    /// network order.
    PeditSel,
}

/// One field of a C struct payload ([`Kind::Struct`]).
#[derive(Clone, Copy)]
pub struct Field {
    /// The kernel's name for the field, used as its key in output.
    pub name: &'static str,
    /// The field's width and type.
    pub width: Width,
}

/// The width and type of one struct field.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Unsigned 8-bit integer.
    U8,
    /// Unsigned 16-bit integer, in host byte order.
    U16,
    /// Unsigned 32-bit integer, in host byte order.
    U32,
    /// Signed 32-bit integer, in host byte order.
    I32,
    /// Unsigned 64-bit integer, in host byte order.
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

/// How one attribute is named and decoded.
#[derive(Clone, Copy)]
pub struct Spec {
    /// The kernel's name for the attribute (`IFLA_IFNAME`); empty for a number not in use.
    pub name: &'static str,
    /// How the attribute's payload is decoded.
    pub kind: Kind,
}

/// The attributes of one family, indexed by number.
pub struct Table {
    /// The prefix of unknown attributes' names: `IFLA` gives `IFLA_UNKNOWN_70`.
    pub prefix: &'static str,
    /// Each attribute's spec, at the index of its number; numbers not in use have an empty name.
    pub specs: &'static [Spec],
}

/// One attribute, named: its number in its family and its kernel name.
/// `msg.get(&RTA_GATEWAY)` finds it where a string lookup could be
/// misspelt and find nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    /// The attribute's number (its type) in its family.
    pub number: u16,
    /// The kernel's name for the attribute.
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
    /// The spec of attribute number `kind`, or `None` when this family has no such attribute.
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
mod addrlabel;
mod bridge_vlan;
mod cachereport;
mod dcb;
mod link;
mod link_kinds;
mod mdb;
mod nduseropt;
mod neighbour;
mod netconf;
mod netns;
mod nexthop;
mod ntable;
mod prefix;
mod route;
mod rule;
mod stats;
mod tc;
mod vni;

pub use ack::*;
pub use address::*;
pub use addrlabel::*;
pub use bridge_vlan::*;
pub use cachereport::*;
pub use dcb::*;
pub use link::*;
pub use link_kinds::*;
pub use mdb::*;
pub use nduseropt::*;
pub use neighbour::*;
pub use netconf::*;
pub use netns::*;
pub use nexthop::*;
pub use ntable::*;
pub use prefix::*;
pub use route::*;
pub use rule::*;
pub use stats::*;
pub use tc::*;
pub use vni::*;

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
    &IFLA_NETKIT,
    &IFLA_MACVLAN,
    &IFLA_VLAN,
    &IFLA_VLAN_QOS,
    &VETH_INFO,
    &IFLA_BOND,
    &IFLA_GRE,
    &IFLA_IPTUN,
    &IFLA_VTI,
    &IFLA_MACSEC,
    &IFLA_GENEVE,
    &IFLA_IPVLAN,
    &IFLA_VRF,
    &IFLA_XFRM,
    &IFLA_BAREUDP,
    &IFA,
    &RTA,
    &RTAX,
    &NDA,
    &FRA,
    &NLMSGERR,
    &NHA,
    &NHA_RES_GROUP_TABLE,
    &NHA_RES_BUCKET_TABLE,
    &TCA,
    &TCA_STATS_TABLE,
    &TCA_HTB,
    &TCA_TBF,
    &TCA_FQ_CODEL,
    &TCA_U32,
    &TCA_MATCHALL,
    &TCA_FLOWER,
    &TCA_NETEM,
    &TCA_ACT,
    &TCA_GACT,
    &TCA_MIRRED,
    &TCA_POLICE,
    &TCA_SKBEDIT,
    &TCA_VLAN,
    &TCA_PEDIT,
    &TCA_PEDIT_KEY_EX_TABLE,
    &TCA_FW,
    &TCA_BASIC,
    &TCA_BPF,
    &TCA_FQ,
    &TCA_CAKE,
    &NDTA,
    &PREFIX,
    &BRIDGE_VLANDB,
    &BRIDGE_VLANDB_ENTRY_TABLE,
    &NDUSEROPT,
    &IPMRA_CREPORT,
    &TCA_ROOT,
    &DCB_ATTR,
    &VXLAN_VNIFILTER,
    &VXLAN_VNIFILTER_ENTRY_TABLE,
    &VNIFILTER_ENTRY_STATS,
    &NDTPA,
    &NETCONFA,
    &IFAL,
    &IFLA_STATS_TABLE,
    &MDBA,
    &MDBA_MDB_TABLE,
    &MDBA_MDB_ENTRY_TABLE,
    &MDBA_MDB_EATTR,
    &NETNSA,
    &LWTUNNEL_IP,
    &SEG6_IPTUNNEL,
    &MPLS_IPTUNNEL,
    &LWTUNNEL_IP6,
    &SEG6_LOCAL,
    &LWT_BPF,
    &LWT_BPF_PROG,
];

#[cfg(test)]
mod tests;
