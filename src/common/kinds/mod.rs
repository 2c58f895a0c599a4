//! One module per object kind: what rtsock knows about links, addresses,
//! routes, neighbours, rules, nexthops and traffic control, each in one
//! place. `KIND/mod.rs` has the message types, the fixed header (its
//! fields, and its rtnetlink bytes), the attribute family, the key that
//! tells two objects apart, the event groups, its dump request's header
//! and filters, and where (or whether) the BSDs carry it, as a
//! [`KindInfo`]; `KIND/view.rs` the typed view (re-exported by `views`);
//! `KIND/spec.rs` the change spec (re-exported by `change`), which
//! implements [`ChangeSpec`]; `KIND/netlink.rs` the spec's rtnetlink request.
//!
//! Adding a kind is one directory here, its line in the `registry!` call
//! below (which declares its `ObjectKind` variant, its `Change` variant
//! for a kind that can be changed, and registers it in [`KINDS`]; a kind
//! that is only read, like nexthop buckets, needs no spec), and its words
//! in the CLI. A kind with a fixed header of its own also adds its `Body`
//! variant (and, when it names an interface, its arm in the selector);
//! kinds that share one (tcmsg, nhmsg) are told apart by message type. Decoding, dumps,
//! identity, events, resync, batches, the backends' change paths and the
//! BSD backend's refusals all go through the registry and the [`ChangeSpec`]
//! trait; the registry's tests check that types, nouns and groups do not
//! collide.

use std::fmt;

use super::attrs::{Key, Table};
use super::change::Verb;
use super::error::Result;
use super::events::Group;
use super::message::{Body, Message};
use super::value::Value;
use crate::linux::change::Resolver;
use crate::linux::request::Request;

/// What every kind's change spec can do, so that batches, the backends
/// and transactions handle a change without naming its kind.
///
/// The rtnetlink request is pure (names are resolved through the caller's
/// [`Resolver`]), so `--dry-run` and the byte tests build it on any OS.
pub trait ChangeSpec: fmt::Debug + Send + Sync {
    /// The kind of object the spec changes.
    fn kind(&self) -> ObjectKind;

    /// The change in `ip` (or `tc`) syntax, as errors name it.
    fn describe(&self, verb: Verb) -> String;

    /// Rejects, before anything is sent, what the kernel would reject
    /// with an unclear answer.
    fn validate(&self, verb: Verb) -> Result<()>;

    /// The rtnetlink request for `verb`, byte for byte as iproute2 builds it.
    fn netlink(&self, verb: Verb, res: &mut dyn Resolver) -> Result<Request>;

    /// The spec that deletes the object a dump returned (what a flush
    /// sends), or `None` when the message does not say enough.
    fn delete_of(m: &Message) -> Option<Self>
    where
        Self: Sized;
}

/// Declares the kinds: their modules, [`ObjectKind`], [`KINDS`] and
/// [`Change`], from one list, so that no kind can be in one and not the
/// others.
macro_rules! registry {
    (
        changeable {$(
            $variant:ident($module:ident, $spec:ident):
            kind $kind_doc:literal, change $change_doc:literal;
        )*}
        read_only {$(
            $ro_variant:ident($ro_module:ident): kind $ro_doc:literal;
        )*}
    ) => {
        $(pub mod $module;)*
        $(pub mod $ro_module;)*

        const COUNT: usize = [$(stringify!($variant),)* $(stringify!($ro_variant)),*].len();

        /// The object classes of the routing socket.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ObjectKind {
            $(#[doc = $kind_doc] $variant,)*
            $(#[doc = $ro_doc] $ro_variant,)*
        }

        impl ObjectKind {
            /// Every class, in the order a full dump lists them.
            pub const ALL: [ObjectKind; COUNT] =
                [$(ObjectKind::$variant,)* $(ObjectKind::$ro_variant),*];
        }

        /// Every kind's registry entry, in `ObjectKind` order.
        pub static KINDS: [&KindInfo; COUNT] = [$(&$module::INFO,)* $(&$ro_module::INFO),*];

        /// One change: a verb and the spec of one object (of the kinds
        /// that can be changed; the others are only read).
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Change {
            $(#[doc = $change_doc] $variant(Verb, $module::spec::$spec),)*
        }

        impl Change {
            /// The verb and the spec, whatever the kind.
            pub fn parts(&self) -> (Verb, &dyn ChangeSpec) {
                match self {
                    $(Change::$variant(verb, spec) => (*verb, spec),)*
                }
            }

            /// The delete of an object a dump returned (what a flush
            /// sends); None for objects that are only read.
            pub fn delete_of(m: &Message) -> Option<Change> {
                match ObjectKind::of(m)? {
                    $(ObjectKind::$variant => <$module::spec::$spec as ChangeSpec>::delete_of(m)
                        .map(|s| Change::$variant(Verb::Delete, s)),)*
                    $(ObjectKind::$ro_variant => None,)*
                }
            }
        }

        /// Every kind's typed view (`rtsock::views` re-exports them).
        pub(crate) mod all_views {
            $(pub use super::$module::view::*;)*
            $(pub use super::$ro_module::view::*;)*
        }

        /// Every kind's change spec (`rtsock::change` re-exports them).
        pub(crate) mod all_specs {
            $(pub use super::$module::spec::*;)*
        }
    };
}

registry! {
    changeable {
        Link(link, LinkSpec):
            kind "Network interfaces (`ip link`).", change "A link change (`ip link`).";
        Address(address, AddressSpec):
            kind "Interface addresses (`ip address`).", change "An address change (`ip address`).";
        Route(route, RouteSpec):
            kind "Routes (`ip route`).", change "A route change (`ip route`).";
        Neighbour(neighbour, NeighbourSpec):
            kind "Neighbour (ARP/NDP) entries (`ip neigh`).",
            change "A neighbour entry change (`ip neigh`).";
        Rule(rule, RuleSpec):
            kind "Policy routing rules (`ip rule`).", change "A policy rule change (`ip rule`).";
        Nexthop(nexthop, NexthopSpec):
            kind "Linux nexthop objects (`ip nexthop`).",
            change "A Linux nexthop object change (`ip nexthop`).";
        Qdisc(qdisc, QdiscSpec):
            kind "Linux queueing disciplines (`tc qdisc`).",
            change "A Linux queueing discipline change (`tc qdisc`).";
        Class(class, ClassSpec):
            kind "Linux traffic-control classes (`tc class`).",
            change "A Linux traffic-control class change (`tc class`).";
        TcFilter(tcfilter, TcFilterSpec):
            kind "Linux traffic-control filters (`tc filter`).",
            change "A Linux traffic-control filter change (`tc filter`).";
        AddrLabel(addrlabel, AddrLabelSpec):
            kind "Linux IPv6 address labels (`ip addrlabel`).",
            change "A Linux IPv6 address label change (`ip addrlabel`).";
        TcChain(chain, TcChainSpec):
            kind "Linux traffic-control filter chains (`tc chain`).",
            change "A Linux traffic-control filter chain change (`tc chain`).";
        NeighTable(ntable, NeighTableSpec):
            kind "Linux neighbour tables: limits and per-device parameters (`ip ntable`).",
            change "A Linux neighbour table change (`ip ntable change`).";
        BridgeVlan(bridge_vlan, BridgeVlanSpec):
            kind "Linux bridge port VLANs (`bridge vlan`).",
            change "A Linux bridge VLAN change (`bridge vlan`).";
        Mdb(mdb, MdbSpec):
            kind "Linux bridge multicast database entries (`bridge mdb`).",
            change "A Linux bridge multicast database change (`bridge mdb`).";
        TcAction(action, TcActionSpec):
            kind "Linux shared traffic-control actions (`tc actions`).",
            change "A Linux shared traffic-control action change (`tc actions`).";
        Vni(vni, VniSpec):
            kind "The VNIs of Linux VXLAN devices that filter them (`bridge vni`).",
            change "A Linux VXLAN VNI filter change (`bridge vni`).";
    }
    read_only {
        NexthopBucket(nexthop_bucket):
            kind "The buckets of Linux resilient nexthop groups (`ip nexthop bucket`).";
        Netconf(netconf):
            kind "Linux per-interface IP settings: forwarding, rp_filter, ... (`ip netconf`).";
        Stats(stats):
            kind "Linux link statistics (`ip stats show group link`).";
        Nsid(nsid):
            kind "Linux network namespace ids (`ip netns list-id`).";
        Prefix(prefix):
            kind "Linux IPv6 prefixes learnt from router advertisements (`ip monitor prefix`).";
        CacheReport(cachereport):
            kind "Linux multicast routing cache reports: packets with no route yet, or on the wrong interface (RTNLGRP_IPV4_MROUTE_R).";
        Dcb(dcb):
            kind "Linux data centre bridging settings and their changes (dcbnl, RTNLGRP_DCB).";
        NdUserOpt(nduseropt):
            kind "Linux neighbour discovery options for user space: a router's DNS servers, search domains, ... (RTNLGRP_ND_USEROPT).";
        Anycast(acaddr):
            kind "Linux IPv6 anycast addresses (RTM_GETANYCAST; /proc/net/anycast6).";
        Multicast(maddr):
            kind "Multicast groups joined on each interface (`ip maddress`; FreeBSD `ifmcstat`).";
    }
}

impl Change {
    /// The change in `ip` syntax, as errors name it.
    pub fn describe(&self) -> String {
        let (verb, spec) = self.parts();
        spec.describe(verb)
    }

    /// The kind of object it changes.
    pub fn kind(&self) -> ObjectKind {
        self.parts().1.kind()
    }
}

/// Everything the crate knows about one object kind.
pub struct KindInfo {
    /// The kind this entry describes.
    pub kind: ObjectKind,
    /// The word `ip` uses for it, in messages.
    pub noun: &'static str,
    /// RTM_NEW*, RTM_DEL*, RTM_GET* (the kernel's numbers, which the BSD
    /// messages are normalized to).
    pub new_type: u16,
    /// The RTM_DEL* type (the kernel's number).
    pub del_type: u16,
    /// The RTM_GET* type (the kernel's number).
    pub get_type: u16,
    /// The last type that carries this kind's header (RTM_SETLINK for
    /// links; the GET type for the others).
    pub last_type: u16,
    /// The rtnetlink fixed header's length and reader.
    pub header_len: usize,
    /// Reads the rtnetlink fixed header (`header_len` bytes) into a [`Body`].
    pub read_header: fn(&[u8]) -> Body,
    /// The attribute family after the fixed header.
    pub attrs: &'static Table,
    /// The fixed fields' names, in pyroute2's order (filters match on them).
    pub fields: &'static [&'static str],
    /// The event groups that carry this kind.
    pub groups: &'static [Group],
    /// Whether a message's fixed part is of this kind.
    pub has_body: fn(&Body) -> bool,
    /// The key the kernel tells two objects of this kind apart by.
    pub identity: fn(&Message) -> String,
    /// The fixed header of this kind's rtnetlink dump request and the
    /// filter attributes the kernel's strict dump checking accepts for it.
    pub dump_header: fn(&DumpScope) -> DumpHeader,
    /// How the kernel lists this kind: all at once, or one interface or
    /// one family at a time (then a dump asks each in turn).
    pub dump_each: DumpEach,
    /// Where the BSDs' routing sockets carry objects of this kind, or why
    /// they do not; the BSD backend's dumps, monitors and text fallback
    /// read this rather than naming kinds.
    pub bsd: OnBsd,
}

/// Where a kind lives on the BSDs' routing sockets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnBsd {
    /// Interfaces: RTM_IFINFO and RTM_IFANNOUNCE, sysctl NET_RT_IFLIST.
    Links,
    /// Interface addresses: RTM_NEWADDR and RTM_DELADDR, NET_RT_IFLIST.
    Addresses,
    /// Routes: RTM_ADD, RTM_DELETE, RTM_CHANGE, sysctl NET_RT_DUMP.
    Routes,
    /// Link-layer entries (ARP, NDP): RTF_LLINFO routes, NET_RT_FLAGS.
    Neighbours,
    /// Nexthops and nexthop groups: read from sysctl NET_RT_NHOP and
    /// NET_RT_NHGRP on FreeBSD, which makes them from routes (no change
    /// requests, no events); OpenBSD has none. The text says so.
    Nexthops(&'static str),
    /// Multicast memberships: FreeBSD's sysctl NET_RT_IFMALIST and
    /// RTM_NEWMADDR/DELMADDR; OpenBSD has neither.
    Multicast,
    /// The BSDs' routing sockets have no such objects; the text says why.
    /// Dumps of the kind there are empty.
    Absent(&'static str),
}

/// How the kernel lists a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DumpEach {
    /// One request lists them all.
    All,
    /// One interface at a time: the kernel reads the index in the dump
    /// request's header, strict checking or not, and lists nothing
    /// without one (`tc_dump_tclass`).
    Interface,
    /// One address family at a time: the kernel has a dump for each of
    /// these families and none for AF_UNSPEC (RTM_GETMULTICAST).
    Family(&'static [u8]),
    /// Never: the kernel only announces them (RTM_NEWPREFIX); a dump is
    /// empty and sends nothing.
    Never,
}

/// What a dump request asks the kernel to narrow to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DumpScope {
    /// The address family (AF_UNSPEC for all).
    pub family: u8,
    /// Only objects on this interface (strict checking only).
    pub ifindex: Option<u32>,
    /// Only routes of this table (strict checking only).
    pub table: Option<u32>,
    /// Neighbours: the proxy table (NTF_PROXY in the request's header).
    pub proxy: bool,
    /// Links and nexthops: the master whose ports are wanted.
    pub master: Option<u32>,
    /// Nexthops: groups only.
    pub groups: bool,
    /// Nexthops: FDB nexthops only.
    pub fdb: bool,
    /// Traffic control: the qdisc or class the objects hang under.
    pub parent: Option<u32>,
    /// Links: IFLA_EXT_MASK, the RTEXT_FILTER_* bits.
    pub ext_mask: Option<u32>,
    /// Shared actions: the kind listed (`tc actions ls action KIND`).
    pub action_kind: Option<String>,
}

/// A dump request's fixed header and its 32-bit filter attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DumpHeader {
    /// The fixed header's bytes (`ifinfomsg`, `rtmsg`, ...).
    pub fixed: Vec<u8>,
    /// Filter attributes and their payloads (a 32-bit value, or nothing
    /// for a flag), in the order sent.
    pub attrs: Vec<(Key, Vec<u8>)>,
}

impl DumpHeader {
    /// A header with no filter attributes.
    pub fn fixed(bytes: Vec<u8>) -> DumpHeader {
        DumpHeader {
            fixed: bytes,
            attrs: Vec::new(),
        }
    }

    /// Adds a 32-bit filter attribute when `value` is set.
    pub fn with(mut self, key: Key, value: Option<u32>) -> DumpHeader {
        if let Some(v) = value {
            self.attrs.push((key, v.to_ne_bytes().to_vec()));
        }
        self
    }

    /// Adds a flag attribute (no payload) when `on`.
    pub fn flag(mut self, key: Key, on: bool) -> DumpHeader {
        if on {
            self.attrs.push((key, Vec::new()));
        }
        self
    }
}

/// The registry entry of `kind`.
pub fn info(kind: ObjectKind) -> &'static KindInfo {
    KINDS
        .iter()
        .find(|k| k.kind == kind)
        .expect("every ObjectKind is registered (tested)")
}

/// The kind whose range of message types holds `t`.
pub fn of_type(t: u16) -> Option<&'static KindInfo> {
    KINDS
        .iter()
        .copied()
        .find(|k| (k.new_type..=k.last_type).contains(&t))
}

/// The kind of a message's fixed part. Kinds that share a fixed header
/// (qdiscs and classes share `struct tcmsg`) are told apart only by the
/// message type: use [`of_message`] for messages.
pub fn of_body(body: &Body) -> Option<&'static KindInfo> {
    KINDS.iter().copied().find(|k| (k.has_body)(body))
}

/// The kind of a message: the one whose types hold its type and whose
/// fixed part it has; for a message without a kind's type (built by
/// hand), the first kind with its fixed part.
pub fn of_message(m: &Message) -> Option<&'static KindInfo> {
    of_type(m.header.kind)
        .filter(|k| (k.has_body)(&m.body))
        .or_else(|| of_body(&m.body))
}

/// Whether `t` is the delete type of some kind.
pub fn is_delete(t: u16) -> bool {
    KINDS.iter().any(|k| k.del_type == t)
}

/// Whether `name` is a fixed field of some kind (for filters).
pub fn is_field(name: &str) -> bool {
    KINDS.iter().any(|k| k.fields.contains(&name))
}

/// `(name, value)` pairs of fixed fields, as [`Message::fields`] gives them.
pub(crate) type Fields = Vec<(&'static str, Value)>;

pub(crate) use super::bytes::{u16_at, u32_at};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_registered_once_with_its_own_types_and_groups() {
        for (i, k) in KINDS.iter().enumerate() {
            assert_eq!(info(k.kind).noun, k.noun);
            assert!(k.new_type < k.del_type && k.del_type < k.get_type);
            assert_eq!(k.get_type - k.new_type, 2, "{}: NEW, DEL, GET", k.noun);
            assert!(k.last_type >= k.get_type);
            for other in &KINDS[i + 1..] {
                assert_ne!(k.kind, other.kind);
                assert_ne!(k.noun, other.noun);
                assert!(other.new_type > k.last_type || other.last_type < k.new_type);
            }
            for t in [k.new_type, k.del_type, k.get_type] {
                assert_eq!(of_type(t).map(|o| o.kind), Some(k.kind));
            }
            // The header reader gives a body of this kind, whose fields are
            // the ones declared.
            let body = (k.read_header)(&vec![0; k.header_len]);
            assert!((k.has_body)(&body), "{}", k.noun);
            for t in [k.new_type, k.del_type, k.get_type] {
                let header = super::super::message::Header {
                    kind: t,
                    ..Default::default()
                };
                let typed = Message::new(header, body.clone(), Vec::new());
                assert_eq!(of_message(&typed).map(|o| o.kind), Some(k.kind));
            }
            let m = Message::new(Default::default(), body, Vec::new());
            let names: Vec<_> = m.fields().into_iter().map(|(n, _)| n).collect();
            assert_eq!(names, k.fields, "{}", k.noun);
            // The dump request's header is this kind's, reads back as one,
            // and its filters are attributes of this kind's family.
            let scope = DumpScope {
                family: 10,
                ifindex: Some(7),
                table: Some(1000),
                proxy: false,
                master: Some(3),
                groups: true,
                fdb: true,
                parent: Some(0x1_0000),
                ext_mask: Some(8),
                action_kind: Some("gact".into()),
            };
            assert!(
                k.header_len <= 32,
                "{}: the decoder pads short GET headers into 32 bytes",
                k.noun
            );
            let dump = (k.dump_header)(&scope);
            assert_eq!(dump.fixed.len(), k.header_len, "{}", k.noun);
            let back = (k.read_header)(&dump.fixed);
            assert!((k.has_body)(&back), "{}", k.noun);
            let back = Message::new(Default::default(), back, Vec::new());
            // The VLAN database answers for AF_BRIDGE only, whatever the
            // filter's family.
            // (Shared actions are of no family: tcamsg's is AF_UNSPEC.)
            let family = if k.kind == ObjectKind::TcAction {
                0
            } else if matches!(k.kind, ObjectKind::BridgeVlan | ObjectKind::Vni) {
                7
            } else {
                10
            };
            assert_eq!(back.family(), Some(family), "{}", k.noun);
            for (key, _) in &dump.attrs {
                assert_eq!(k.attrs.get(key.number).map(|s| s.name), Some(key.name));
            }
        }
        // Every group carries some kind; one that carries several (traffic
        // control: qdiscs, classes, filters, chains and shared actions)
        // carries kinds told apart by message type.
        for g in Group::ALL.into_iter().chain([
            Group::Tc,
            Group::Ipv4Netconf,
            Group::Ipv6Netconf,
            Group::Mdb,
        ]) {
            let carriers: Vec<_> = KINDS.iter().filter(|k| k.groups.contains(&g)).collect();
            assert!(!carriers.is_empty(), "{g:?}");
            for k in &carriers[1..] {
                assert!(k.new_type != carriers[0].new_type, "{g:?}");
            }
        }
    }
}
