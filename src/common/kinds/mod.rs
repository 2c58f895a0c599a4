//! One module per object kind: what rtsock knows about links, addresses,
//! routes, neighbours, rules and nexthops, each in one place. `KIND/mod.rs` has the
//! message types, the fixed header (its fields, and its rtnetlink bytes),
//! the attribute family, the key that tells two objects apart, the event
//! groups, its dump request's header and filters, and where (or whether)
//! the BSDs carry it, as a [`KindInfo`] registered in [`KINDS`], which
//! decoding, dumps, identity, events, resync and the BSD backend consult;
//! `KIND/view.rs` the typed view (re-exported by `views`), `KIND/spec.rs`
//! the change spec (re-exported by `change`).
//!
//! Adding a kind is one directory here, its line in [`KINDS`], its
//! `ObjectKind` and `Body` variants, and its words in the CLI; the
//! registry's tests check that types, nouns and groups do not collide.

use super::api::ObjectKind;
use super::attrs::{Key, Table};
use super::events::Group;
use super::message::{Body, Message};
use super::value::Value;

pub mod address;
pub mod link;
pub mod neighbour;
pub mod nexthop;
pub mod qdisc;
pub mod route;
pub mod rule;

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
    /// The BSDs' routing sockets have no such objects; the text says why.
    /// Dumps of the kind there are empty.
    Absent(&'static str),
}

/// What a dump request asks the kernel to narrow to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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

/// Every kind, in `ObjectKind` order.
pub static KINDS: [&KindInfo; 7] = [
    &link::INFO,
    &address::INFO,
    &route::INFO,
    &neighbour::INFO,
    &rule::INFO,
    &nexthop::INFO,
    &qdisc::INFO,
];

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

/// The kind of a message's fixed part.
pub fn of_body(body: &Body) -> Option<&'static KindInfo> {
    KINDS.iter().copied().find(|k| (k.has_body)(body))
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
                assert!(k.groups.iter().all(|g| !other.groups.contains(g)));
            }
            for t in [k.new_type, k.del_type, k.get_type] {
                assert_eq!(of_type(t).map(|o| o.kind), Some(k.kind));
            }
            // The header reader gives a body of this kind, whose fields are
            // the ones declared.
            let body = (k.read_header)(&vec![0; k.header_len]);
            assert_eq!(of_body(&body).map(|o| o.kind), Some(k.kind));
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
            };
            assert!(
                k.header_len <= 32,
                "{}: the decoder pads short GET headers into 32 bytes",
                k.noun
            );
            let dump = (k.dump_header)(&scope);
            assert_eq!(dump.fixed.len(), k.header_len, "{}", k.noun);
            let back = (k.read_header)(&dump.fixed);
            assert_eq!(of_body(&back).map(|o| o.kind), Some(k.kind));
            let back = Message::new(Default::default(), back, Vec::new());
            assert_eq!(back.family(), Some(10), "{}", k.noun);
            for (key, _) in &dump.attrs {
                assert_eq!(k.attrs.get(key.number).map(|s| s.name), Some(key.name));
            }
        }
        for g in Group::ALL {
            assert_eq!(
                KINDS.iter().filter(|k| k.groups.contains(&g)).count(),
                1,
                "{g:?}"
            );
        }
    }
}
