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

use crate::common::attrs::*;
use std::fmt::{self, Write as _};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use super::api::Interface;
use super::constants::*;
use super::error::{Error, Result};
use super::message::{Body, Message};
use super::value::{LinkAddr, Value};

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
    pub addr: IpAddr,
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

pub fn family_of(addr: IpAddr) -> u8 {
    match addr {
        IpAddr::V4(_) => AF_INET,
        IpAddr::V6(_) => AF_INET6,
    }
}

fn max_prefix(addr: IpAddr) -> u8 {
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

fn check_interface(i: &Interface) -> Result<()> {
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

/// A network namespace: a name under `/run/netns`, a path, or a process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Netns {
    /// `NAME` (as `ip netns add` makes) or a path such as `/proc/1/ns/net`.
    Named(String),
    /// The namespace of a process.
    Pid(u32),
}

impl fmt::Display for Netns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Netns::Named(n) => f.write_str(n),
            Netns::Pid(p) => write!(f, "pid {p}"),
        }
    }
}

/// The 802.1Q tag protocol of a vlan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VlanProtocol {
    Dot1Q,
    Dot1AD,
}

impl VlanProtocol {
    /// The EtherType on the wire.
    pub fn ethertype(self) -> u16 {
        match self {
            VlanProtocol::Dot1Q => 0x8100,
            VlanProtocol::Dot1AD => 0x88a8,
        }
    }
}

/// How macvlan/macvtap ports see each other (`IFLA_MACVLAN_MODE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MacvlanMode {
    Private = 1,
    Vepa = 2,
    Bridge = 4,
    Passthru = 8,
    Source = 16,
}

impl MacvlanMode {
    pub fn parse(word: &str) -> Option<MacvlanMode> {
        Some(match word {
            "private" => MacvlanMode::Private,
            "vepa" => MacvlanMode::Vepa,
            "bridge" => MacvlanMode::Bridge,
            "passthru" => MacvlanMode::Passthru,
            "source" => MacvlanMode::Source,
            _ => return None,
        })
    }

    pub fn word(self) -> &'static str {
        match self {
            MacvlanMode::Private => "private",
            MacvlanMode::Vepa => "vepa",
            MacvlanMode::Bridge => "bridge",
            MacvlanMode::Passthru => "passthru",
            MacvlanMode::Source => "source",
        }
    }
}

/// A VXLAN device's settings. Unset options are left to the kernel's defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vxlan {
    pub id: u32,
    /// Multicast group or unicast remote.
    pub group: Option<IpAddr>,
    pub local: Option<IpAddr>,
    pub ttl: Option<u8>,
    pub tos: Option<u8>,
    pub learning: Option<bool>,
    pub proxy: Option<bool>,
    pub rsc: Option<bool>,
    pub l2miss: Option<bool>,
    pub l3miss: Option<bool>,
    pub port_range: Option<(u16, u16)>,
    /// UDP destination port (`dstport`).
    pub port: Option<u16>,
}

/// The kind of link to create.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkKind {
    /// A veth pair; the peer may be created in another namespace.
    Veth {
        peer: String,
        peer_netns: Option<Netns>,
    },
    Bridge,
    /// Needs `LinkSpec::link` (the parent).
    Vlan {
        id: u16,
        protocol: VlanProtocol,
    },
    /// Needs `LinkSpec::link` (the parent).
    Macvlan {
        mode: MacvlanMode,
    },
    /// Needs `LinkSpec::link` (the parent).
    Macvtap {
        mode: MacvlanMode,
    },
    Vxlan(Vxlan),
    /// `mode` is the bonding mode number (0 balance-rr ... 6 balance-alb).
    Bond {
        mode: Option<u8>,
    },
    Dummy,
    Ifb,
    /// A persistent tun (layer 3) device, made through /dev/net/tun.
    Tun,
    /// A persistent tap (layer 2) device, made through /dev/net/tun.
    Tap,
}

impl LinkKind {
    /// The kernel's name for the kind (IFLA_INFO_KIND).
    pub fn name(&self) -> &'static str {
        match self {
            LinkKind::Veth { .. } => "veth",
            LinkKind::Bridge => "bridge",
            LinkKind::Vlan { .. } => "vlan",
            LinkKind::Macvlan { .. } => "macvlan",
            LinkKind::Macvtap { .. } => "macvtap",
            LinkKind::Vxlan(_) => "vxlan",
            LinkKind::Bond { .. } => "bond",
            LinkKind::Dummy => "dummy",
            LinkKind::Ifb => "ifb",
            LinkKind::Tun => "tun",
            LinkKind::Tap => "tap",
        }
    }

    fn needs_parent(&self) -> bool {
        matches!(
            self,
            LinkKind::Vlan { .. } | LinkKind::Macvlan { .. } | LinkKind::Macvtap { .. }
        )
    }
}

/// A link to create, change or delete (`ip link add/set/del`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkSpec {
    /// The link: by name or index. A new link needs a name, except vxlan
    /// where the kernel picks one.
    pub dev: Option<Interface>,
    pub kind: Option<LinkKind>,
    /// The lower device of a vlan, macvlan or macvtap (`link DEV`).
    pub link: Option<Interface>,
    pub rename: Option<String>,
    pub up: Option<bool>,
    pub mtu: Option<u32>,
    pub address: Option<LinkAddr>,
    pub txqlen: Option<u32>,
    pub master: Option<Interface>,
    pub nomaster: bool,
    /// Move the link (or create it) in this namespace.
    pub netns: Option<Netns>,
}

impl LinkSpec {
    pub fn named(name: impl Into<String>) -> LinkSpec {
        LinkSpec {
            dev: Some(Interface::Name(name.into())),
            ..LinkSpec::default()
        }
    }

    pub fn indexed(index: u32) -> LinkSpec {
        LinkSpec {
            dev: Some(Interface::Index(index)),
            ..LinkSpec::default()
        }
    }

    pub fn kind(mut self, kind: LinkKind) -> LinkSpec {
        self.kind = Some(kind);
        self
    }

    /// A veth pair with its peer in this namespace.
    pub fn veth(self, peer: impl Into<String>) -> LinkSpec {
        self.kind(LinkKind::Veth {
            peer: peer.into(),
            peer_netns: None,
        })
    }

    pub fn link(mut self, parent: impl Into<Interface>) -> LinkSpec {
        self.link = Some(parent.into());
        self
    }

    pub fn up(mut self) -> LinkSpec {
        self.up = Some(true);
        self
    }

    pub fn down(mut self) -> LinkSpec {
        self.up = Some(false);
        self
    }

    pub fn mtu(mut self, mtu: u32) -> LinkSpec {
        self.mtu = Some(mtu);
        self
    }

    pub fn address(mut self, address: LinkAddr) -> LinkSpec {
        self.address = Some(address);
        self
    }

    pub fn txqlen(mut self, txqlen: u32) -> LinkSpec {
        self.txqlen = Some(txqlen);
        self
    }

    pub fn master(mut self, master: impl Into<Interface>) -> LinkSpec {
        self.master = Some(master.into());
        self
    }

    pub fn nomaster(mut self) -> LinkSpec {
        self.nomaster = true;
        self
    }

    pub fn rename(mut self, name: impl Into<String>) -> LinkSpec {
        self.rename = Some(name.into());
        self
    }

    pub fn netns(mut self, netns: Netns) -> LinkSpec {
        self.netns = Some(netns);
        self
    }

    /// Rejects what the kernel would reject with an unclear answer.
    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        for i in [&self.dev, &self.link, &self.master].into_iter().flatten() {
            check_interface(i).map_err(|e| rename_error(e, what()))?;
        }
        for name in [&self.rename].into_iter().flatten() {
            check_ifname(name).map_err(|e| rename_error(e, what()))?;
        }
        if let Some(LinkKind::Veth { peer, .. }) = &self.kind {
            check_ifname(peer).map_err(|e| rename_error(e, what()))?;
        }
        match verb {
            Verb::Add => {
                let kind = self
                    .kind
                    .as_ref()
                    .ok_or_else(|| Error::invalid(what(), "a new link needs a type"))?;
                if kind.needs_parent() && self.link.is_none() {
                    return Err(Error::invalid(
                        what(),
                        format!("a {} link needs a parent (link DEV)", kind.name()),
                    ));
                }
                if self.dev.is_none() && !matches!(kind, LinkKind::Vxlan(_)) {
                    return Err(Error::invalid(what(), "a new link needs a name"));
                }
                if let LinkKind::Vlan { id, .. } = kind
                    && *id >= 4095
                {
                    return Err(Error::invalid(what(), "vlan id must be 0 to 4094"));
                }
            }
            Verb::Set | Verb::Delete => {
                if self.dev.is_none() {
                    return Err(Error::invalid(what(), "which link? (dev NAME)"));
                }
                if verb == Verb::Set && self.kind.is_some() {
                    return Err(Error::invalid(what(), "a link's type cannot be changed"));
                }
            }
            other => {
                return Err(Error::invalid(
                    what(),
                    format!("links take add, set or del, not {}", other.word()),
                ));
            }
        }
        if self.master.is_some() && self.nomaster {
            return Err(Error::invalid(what(), "master and nomaster together"));
        }
        Ok(())
    }

    /// The request in `ip link` syntax.
    pub fn describe(&self, verb: Verb) -> String {
        let mut s = format!("link {}", verb.word());
        if let Some(d) = &self.dev {
            let _ = write!(s, " {d}");
        }
        if let Some(l) = &self.link {
            let _ = write!(s, " link {l}");
        }
        if let Some(k) = &self.kind {
            let _ = write!(s, " type {}", k.name());
            match k {
                LinkKind::Veth { peer, peer_netns } => {
                    let _ = write!(s, " peer {peer}");
                    if let Some(ns) = peer_netns {
                        let _ = write!(s, " netns {ns}");
                    }
                }
                LinkKind::Vlan { id, protocol } => {
                    let p = match protocol {
                        VlanProtocol::Dot1Q => "802.1Q",
                        VlanProtocol::Dot1AD => "802.1ad",
                    };
                    let _ = write!(s, " protocol {p} id {id}");
                }
                LinkKind::Macvlan { mode } | LinkKind::Macvtap { mode } => {
                    let _ = write!(s, " mode {}", mode.word());
                }
                LinkKind::Vxlan(v) => {
                    let _ = write!(s, " id {}", v.id);
                }
                _ => {}
            }
        }
        if let Some(n) = &self.rename {
            let _ = write!(s, " name {n}");
        }
        match self.up {
            Some(true) => s.push_str(" up"),
            Some(false) => s.push_str(" down"),
            None => {}
        }
        if let Some(m) = self.mtu {
            let _ = write!(s, " mtu {m}");
        }
        if let Some(a) = &self.address {
            let _ = write!(s, " address {a}");
        }
        if let Some(q) = self.txqlen {
            let _ = write!(s, " txqueuelen {q}");
        }
        if let Some(m) = &self.master {
            let _ = write!(s, " master {m}");
        }
        if self.nomaster {
            s.push_str(" nomaster");
        }
        if let Some(ns) = &self.netns {
            let _ = write!(s, " netns {ns}");
        }
        s
    }
}

/// Replaces the subject of an `InvalidInput` with the whole request.
fn rename_error(e: Error, what: String) -> Error {
    match e {
        Error::InvalidInput { what: part, reason } => {
            Error::invalid(what, format!("{part}: {reason}"))
        }
        other => other,
    }
}

/// The broadcast address of an IPv4 address (`brd`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Broadcast {
    Addr(Ipv4Addr),
    /// `brd +`: computed from the prefix.
    Auto,
}

/// An interface address (`ip addr add/replace/del`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddressSpec {
    /// The address and its prefix length.
    pub local: IpNet,
    pub dev: Interface,
    /// The other end of a point-to-point link (`peer`).
    pub peer: Option<IpNet>,
    pub broadcast: Option<Broadcast>,
    pub label: Option<String>,
    pub scope: Option<u8>,
    /// Seconds; `None` is forever.
    pub valid_lft: Option<u32>,
    pub preferred_lft: Option<u32>,
    pub nodad: bool,
    pub noprefixroute: bool,
}

/// Lifetime value meaning "forever".
pub const INFINITY_LIFE_TIME: u32 = u32::MAX;

impl AddressSpec {
    pub fn new(local: IpNet, dev: impl Into<Interface>) -> AddressSpec {
        AddressSpec {
            local,
            dev: dev.into(),
            peer: None,
            broadcast: None,
            label: None,
            scope: None,
            valid_lft: None,
            preferred_lft: None,
            nodad: false,
            noprefixroute: false,
        }
    }

    pub fn peer(mut self, peer: IpNet) -> AddressSpec {
        self.peer = Some(peer);
        self
    }

    pub fn broadcast(mut self, b: Broadcast) -> AddressSpec {
        self.broadcast = Some(b);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> AddressSpec {
        self.label = Some(label.into());
        self
    }

    pub fn scope(mut self, scope: u8) -> AddressSpec {
        self.scope = Some(scope);
        self
    }

    pub fn lifetimes(mut self, valid: u32, preferred: u32) -> AddressSpec {
        self.valid_lft = Some(valid);
        self.preferred_lft = Some(preferred);
        self
    }

    pub fn nodad(mut self) -> AddressSpec {
        self.nodad = true;
        self
    }

    pub fn noprefixroute(mut self) -> AddressSpec {
        self.noprefixroute = true;
        self
    }

    pub fn family(&self) -> u8 {
        self.local.family()
    }

    /// The prefix length sent: a peer's own length wins, as in `ip`.
    pub fn prefixlen(&self) -> u8 {
        match self.peer {
            Some(p) if p.len != max_prefix(p.addr) => p.len,
            _ => self.local.len,
        }
    }

    /// The broadcast address to send, if any.
    pub fn broadcast_addr(&self) -> Option<Ipv4Addr> {
        match self.broadcast? {
            Broadcast::Addr(a) => Some(a),
            Broadcast::Auto => self.local.broadcast(),
        }
    }

    /// The key of an address as a dump reports it, for deleting it (flush).
    pub fn from_message(m: &Message) -> Option<AddressSpec> {
        let Body::Address(h) = &m.body else {
            return None;
        };
        let ip = |k: &Key| m.get(k).and_then(Value::as_ip);
        let local = ip(&IFA_LOCAL).or_else(|| ip(&IFA_ADDRESS))?;
        let mut spec = AddressSpec::new(
            IpNet {
                addr: local,
                len: h.prefixlen,
            },
            Interface::Index(h.index),
        );
        if let Some(addr) = ip(&IFA_ADDRESS).filter(|a| *a != local) {
            spec.peer = Some(IpNet {
                addr,
                len: h.prefixlen,
            });
        }
        Some(spec)
    }

    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        check_interface(&self.dev).map_err(|e| rename_error(e, what()))?;
        if !matches!(verb, Verb::Add | Verb::Replace | Verb::Delete) {
            return Err(Error::invalid(
                what(),
                format!("addresses take add, replace or del, not {}", verb.word()),
            ));
        }
        if let Some(p) = self.peer
            && p.family() != self.family()
        {
            return Err(Error::invalid(
                what(),
                "peer and local address families differ",
            ));
        }
        if self.broadcast.is_some() && self.family() != AF_INET {
            return Err(Error::invalid(what(), "broadcast is IPv4 only"));
        }
        if let Some(l) = &self.label
            && (l.is_empty() || l.len() > MAX_IFNAME_LEN)
        {
            return Err(Error::invalid(what(), "labels are 1 to 15 bytes long"));
        }
        if let (Some(v), Some(p)) = (self.valid_lft, self.preferred_lft)
            && p > v
        {
            return Err(Error::invalid(
                what(),
                "preferred_lft is greater than valid_lft",
            ));
        }
        if self.valid_lft == Some(0) {
            return Err(Error::invalid(what(), "valid_lft of zero"));
        }
        Ok(())
    }

    /// The request in `ip address` syntax.
    pub fn describe(&self, verb: Verb) -> String {
        let mut s = format!("address {} {}", verb.word(), self.local);
        if let Some(p) = &self.peer {
            let _ = write!(s, " peer {p}");
        }
        if let Some(b) = self.broadcast_addr() {
            let _ = write!(s, " brd {b}");
        }
        let _ = write!(s, " dev {}", self.dev);
        if let Some(l) = &self.label {
            let _ = write!(s, " label {l}");
        }
        if let Some(sc) = self.scope {
            let _ = write!(s, " scope {}", scope_name(sc).unwrap_or("?"));
        }
        if let Some(v) = self.valid_lft {
            let _ = write!(s, " valid_lft {v}");
        }
        if let Some(p) = self.preferred_lft {
            let _ = write!(s, " preferred_lft {p}");
        }
        if self.nodad {
            s.push_str(" nodad");
        }
        if self.noprefixroute {
            s.push_str(" noprefixroute");
        }
        s
    }
}

/// One path of a multipath route (`nexthop via GW dev DEV weight W`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextHopSpec {
    pub gateway: Option<IpAddr>,
    pub dev: Option<Interface>,
    /// 1 to 256.
    pub weight: u16,
    pub onlink: bool,
}

impl NextHopSpec {
    pub fn via(gateway: IpAddr) -> NextHopSpec {
        NextHopSpec {
            gateway: Some(gateway),
            dev: None,
            weight: 1,
            onlink: false,
        }
    }

    pub fn dev(mut self, dev: impl Into<Interface>) -> NextHopSpec {
        self.dev = Some(dev.into());
        self
    }

    pub fn weight(mut self, weight: u16) -> NextHopSpec {
        self.weight = weight;
        self
    }
}

/// A route (`ip route add/replace/append/change/del`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RouteSpec {
    /// The family; needed only for a default route without a gateway.
    pub family: Option<u8>,
    /// The destination; `None` is the default route.
    pub dst: Option<IpNet>,
    /// RTN_* type; unicast when unset (RTN_LOCAL for `local`).
    pub kind: Option<u8>,
    pub tos: u8,
    pub gateway: Option<IpAddr>,
    pub dev: Option<Interface>,
    /// Main when unset; any 32-bit id.
    pub table: Option<u32>,
    pub metric: Option<u32>,
    pub protocol: Option<u8>,
    pub scope: Option<u8>,
    pub prefsrc: Option<IpAddr>,
    pub onlink: bool,
    /// RTAX_* metrics (mtu, advmss, ...) as (number, value).
    pub metrics: Vec<(u16, u32)>,
    pub nexthops: Vec<NextHopSpec>,
}

/// The names `ip route` gives the RTAX_* metrics.
pub const METRIC_NAMES: &[(u16, &str)] = &[
    (2, "mtu"),
    (3, "window"),
    (4, "rtt"),
    (5, "rttvar"),
    (6, "ssthresh"),
    (7, "cwnd"),
    (8, "advmss"),
    (9, "reordering"),
    (10, "hoplimit"),
    (11, "initcwnd"),
    (12, "features"),
    (13, "rto_min"),
    (14, "initrwnd"),
    (15, "quickack"),
    (17, "fastopen_no_cookie"),
];

impl RouteSpec {
    pub fn to(dst: IpNet) -> RouteSpec {
        RouteSpec {
            dst: Some(dst),
            ..RouteSpec::default()
        }
    }

    /// The default route of `family`.
    pub fn default_route(family: u8) -> RouteSpec {
        RouteSpec {
            family: Some(family),
            ..RouteSpec::default()
        }
    }

    pub fn via(mut self, gateway: IpAddr) -> RouteSpec {
        self.gateway = Some(gateway);
        self
    }

    pub fn dev(mut self, dev: impl Into<Interface>) -> RouteSpec {
        self.dev = Some(dev.into());
        self
    }

    pub fn table(mut self, table: u32) -> RouteSpec {
        self.table = Some(table);
        self
    }

    pub fn metric(mut self, metric: u32) -> RouteSpec {
        self.metric = Some(metric);
        self
    }

    pub fn kind(mut self, kind: u8) -> RouteSpec {
        self.kind = Some(kind);
        self
    }

    pub fn protocol(mut self, protocol: u8) -> RouteSpec {
        self.protocol = Some(protocol);
        self
    }

    pub fn scope(mut self, scope: u8) -> RouteSpec {
        self.scope = Some(scope);
        self
    }

    pub fn prefsrc(mut self, src: IpAddr) -> RouteSpec {
        self.prefsrc = Some(src);
        self
    }

    pub fn onlink(mut self) -> RouteSpec {
        self.onlink = true;
        self
    }

    pub fn route_metric(mut self, rtax: u16, value: u32) -> RouteSpec {
        self.metrics.push((rtax, value));
        self
    }

    pub fn nexthop(mut self, hop: NextHopSpec) -> RouteSpec {
        self.nexthops.push(hop);
        self
    }

    /// The family, from the destination, a gateway or the explicit field.
    pub fn resolved_family(&self) -> Option<u8> {
        self.dst
            .map(|d| d.family())
            .or(self.family)
            .or(self.gateway.map(family_of))
            .or(self.nexthops.iter().find_map(|h| h.gateway.map(family_of)))
            .or(self.prefsrc.map(family_of))
    }

    pub fn resolved_table(&self) -> u32 {
        self.table.unwrap_or(if self.kind == Some(RTN_LOCAL) {
            RT_TABLE_LOCAL
        } else {
            RT_TABLE_MAIN
        })
    }

    /// The key of a route as a dump reports it, for deleting it (flush).
    pub fn from_message(m: &Message) -> Option<RouteSpec> {
        let Body::Route(h) = &m.body else {
            return None;
        };
        let ip = |k: &Key| m.get(k).and_then(Value::as_ip);
        let dst = ip(&RTA_DST).map(|addr| IpNet {
            addr,
            len: h.dst_len,
        });
        Some(RouteSpec {
            family: Some(h.family),
            dst,
            kind: Some(h.kind),
            tos: h.tos,
            gateway: ip(&RTA_GATEWAY),
            dev: m
                .get(&RTA_OIF)
                .and_then(Value::as_u32)
                .map(Interface::Index),
            table: Some(super::views::route_table(m).unwrap_or(h.table.into())),
            metric: m.get(&RTA_PRIORITY).and_then(Value::as_u32),
            protocol: Some(h.proto),
            scope: Some(h.scope),
            ..RouteSpec::default()
        })
    }

    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        for i in self
            .dev
            .iter()
            .chain(self.nexthops.iter().filter_map(|h| h.dev.as_ref()))
        {
            check_interface(i).map_err(|e| rename_error(e, what()))?;
        }
        if verb == Verb::Set {
            return Err(Error::invalid(
                what(),
                "routes take add, replace, append, change or del",
            ));
        }
        let family = self
            .resolved_family()
            .ok_or_else(|| Error::invalid(what(), "which family? (-4 or -6)"))?;
        let mismatch = |a: IpAddr| family_of(a) != family;
        if self.gateway.is_some_and(mismatch)
            || self
                .nexthops
                .iter()
                .any(|h| h.gateway.is_some_and(mismatch))
        {
            return Err(Error::invalid(
                what(),
                format!(
                    "gateway family differs from the {} route",
                    family_name(family)
                ),
            ));
        }
        if self.prefsrc.is_some_and(mismatch) {
            return Err(Error::invalid(
                what(),
                "preferred source family differs from the route",
            ));
        }
        if !self.nexthops.is_empty() && (self.gateway.is_some() || self.dev.is_some()) {
            return Err(Error::invalid(
                what(),
                "give either via/dev or nexthops, not both",
            ));
        }
        if let Some(h) = self
            .nexthops
            .iter()
            .find(|h| !(1..=256).contains(&h.weight))
        {
            return Err(Error::invalid(
                what(),
                format!("nexthop weight {} is not 1 to 256", h.weight),
            ));
        }
        if self.table == Some(0) {
            return Err(Error::invalid(what(), "table 0 is not a table"));
        }
        Ok(())
    }

    /// The request in `ip route` syntax.
    pub fn describe(&self, verb: Verb) -> String {
        let mut s = format!("route {}", verb.word());
        if let Some(k) = self.kind.filter(|k| *k != RTN_UNICAST && *k != RTN_UNSPEC) {
            let _ = write!(s, " {}", route_type_name(k));
        }
        match self.dst {
            Some(d) => {
                let _ = write!(s, " {d}");
            }
            None => s.push_str(" default"),
        }
        if self.tos != 0 {
            let _ = write!(s, " tos 0x{:x}", self.tos);
        }
        if let Some(g) = self.gateway {
            let _ = write!(s, " via {g}");
        }
        if let Some(d) = &self.dev {
            let _ = write!(s, " dev {d}");
        }
        if let Some(t) = self.table {
            let _ = write!(
                s,
                " table {}",
                table_name(t).map_or(t.to_string(), str::to_owned)
            );
        }
        if let Some(p) = self.protocol {
            let _ = write!(s, " proto {p}");
        }
        if let Some(sc) = self.scope {
            let _ = write!(s, " scope {sc}");
        }
        if let Some(m) = self.metric {
            let _ = write!(s, " metric {m}");
        }
        if let Some(a) = self.prefsrc {
            let _ = write!(s, " src {a}");
        }
        if self.onlink {
            s.push_str(" onlink");
        }
        for (n, v) in &self.metrics {
            let name = METRIC_NAMES
                .iter()
                .find(|(k, _)| k == n)
                .map_or("metric", |m| m.1);
            let _ = write!(s, " {name} {v}");
        }
        for h in &self.nexthops {
            s.push_str(" nexthop");
            if let Some(g) = h.gateway {
                let _ = write!(s, " via {g}");
            }
            if let Some(d) = &h.dev {
                let _ = write!(s, " dev {d}");
            }
            let _ = write!(s, " weight {}", h.weight);
        }
        s
    }
}

/// A neighbour (ARP/NDP) entry, or a bridge forwarding entry when `family`
/// is `AF_BRIDGE` (`ip neigh`, `bridge fdb`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeighbourSpec {
    /// The family: from `dst`, or AF_BRIDGE for an FDB entry.
    pub family: u8,
    /// The IP address (ARP/NDP), or the remote of a vxlan FDB entry.
    pub dst: Option<IpAddr>,
    pub lladdr: Option<LinkAddr>,
    pub dev: Interface,
    /// NUD_* state; permanent when unset.
    pub state: Option<u16>,
    /// NTF_* flags (router, proxy, self, master).
    pub flags: u8,
    /// Bridge FDB: the VLAN.
    pub vlan: Option<u16>,
}

impl NeighbourSpec {
    /// An ARP or NDP entry.
    pub fn ip(dst: IpAddr, dev: impl Into<Interface>) -> NeighbourSpec {
        NeighbourSpec {
            family: family_of(dst),
            dst: Some(dst),
            lladdr: None,
            dev: dev.into(),
            state: None,
            flags: 0,
            vlan: None,
        }
    }

    /// A bridge forwarding entry on a bridge port (`bridge fdb ... master`).
    pub fn fdb(lladdr: LinkAddr, dev: impl Into<Interface>) -> NeighbourSpec {
        NeighbourSpec {
            family: AF_BRIDGE,
            dst: None,
            lladdr: Some(lladdr),
            dev: dev.into(),
            state: None,
            flags: NTF_MASTER,
            vlan: None,
        }
    }

    pub fn lladdr(mut self, lladdr: LinkAddr) -> NeighbourSpec {
        self.lladdr = Some(lladdr);
        self
    }

    pub fn state(mut self, state: u16) -> NeighbourSpec {
        self.state = Some(state);
        self
    }

    pub fn flags(mut self, flags: u8) -> NeighbourSpec {
        self.flags = flags;
        self
    }

    /// The state sent: permanent unless asked otherwise (bridge FDB: static).
    pub fn resolved_state(&self) -> u16 {
        self.state.unwrap_or(if self.family == AF_BRIDGE {
            NUD_NOARP | NUD_REACHABLE
        } else {
            NUD_PERMANENT
        })
    }

    /// The key of an entry as a dump reports it, for deleting it (flush).
    pub fn from_message(m: &Message) -> Option<NeighbourSpec> {
        let Body::Neighbour(h) = &m.body else {
            return None;
        };
        Some(NeighbourSpec {
            family: h.family,
            dst: m.get(&NDA_DST).and_then(Value::as_ip),
            lladdr: m.get(&NDA_LLADDR).and_then(Value::as_link_addr),
            dev: Interface::Index(h.ifindex),
            state: Some(h.state),
            flags: h.flags,
            vlan: m.get(&NDA_VLAN).and_then(Value::as_u32).map(|v| v as u16),
        })
    }

    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        check_interface(&self.dev).map_err(|e| rename_error(e, what()))?;
        if !matches!(
            verb,
            Verb::Add | Verb::Replace | Verb::Change | Verb::Delete
        ) {
            return Err(Error::invalid(
                what(),
                "neighbours take add, replace, change or del",
            ));
        }
        if self.family == AF_BRIDGE {
            if self.lladdr.is_none() {
                return Err(Error::invalid(
                    what(),
                    "a forwarding entry needs a MAC address",
                ));
            }
        } else if self.dst.is_none_or(|d| family_of(d) != self.family) {
            return Err(Error::invalid(what(), "a neighbour needs an IP address"));
        }
        Ok(())
    }

    pub fn describe(&self, verb: Verb) -> String {
        let mut s = if self.family == AF_BRIDGE {
            format!("fdb {}", verb.word())
        } else {
            format!("neighbour {}", verb.word())
        };
        if let Some(d) = self.dst.filter(|_| self.family != AF_BRIDGE) {
            let _ = write!(s, " {d}");
        }
        if let Some(l) = &self.lladdr {
            let sep = if self.family == AF_BRIDGE {
                " "
            } else {
                " lladdr "
            };
            let _ = write!(s, "{sep}{l}");
        }
        let _ = write!(s, " dev {}", self.dev);
        if let Some(d) = self.dst.filter(|_| self.family == AF_BRIDGE) {
            let _ = write!(s, " dst {d}");
        }
        if let Some(v) = self.vlan {
            let _ = write!(s, " vlan {v}");
        }
        if let Some(st) = self.state {
            let names = flag_names(st, NUD_NAMES);
            let _ = write!(s, " nud {}", names.join(",").to_lowercase());
        }
        s
    }
}

/// A policy-routing rule (`ip rule add/del`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleSpec {
    /// AF_INET when unset and no prefix says otherwise.
    pub family: Option<u8>,
    pub priority: Option<u32>,
    pub table: Option<u32>,
    pub src: Option<IpNet>,
    pub dst: Option<IpNet>,
    pub iif: Option<String>,
    pub oif: Option<String>,
    pub fwmark: Option<u32>,
    pub fwmask: Option<u32>,
    pub tos: u8,
    /// FR_ACT_*; `lookup` (FR_ACT_TO_TBL) when unset on add.
    pub action: Option<u8>,
    /// `not`: the rule matches what the selectors do not.
    pub invert: bool,
}

impl RuleSpec {
    pub fn new() -> RuleSpec {
        RuleSpec::default()
    }

    pub fn priority(mut self, p: u32) -> RuleSpec {
        self.priority = Some(p);
        self
    }

    pub fn table(mut self, t: u32) -> RuleSpec {
        self.table = Some(t);
        self
    }

    pub fn from(mut self, src: IpNet) -> RuleSpec {
        self.src = Some(src);
        self
    }

    pub fn to(mut self, dst: IpNet) -> RuleSpec {
        self.dst = Some(dst);
        self
    }

    pub fn iif(mut self, dev: impl Into<String>) -> RuleSpec {
        self.iif = Some(dev.into());
        self
    }

    pub fn oif(mut self, dev: impl Into<String>) -> RuleSpec {
        self.oif = Some(dev.into());
        self
    }

    pub fn fwmark(mut self, mark: u32, mask: Option<u32>) -> RuleSpec {
        self.fwmark = Some(mark);
        self.fwmask = mask;
        self
    }

    pub fn action(mut self, action: u8) -> RuleSpec {
        self.action = Some(action);
        self
    }

    /// A rule as a dump reports it, for deleting it (flush).
    pub fn from_message(m: &Message) -> Option<RuleSpec> {
        let Body::Rule(h) = &m.body else {
            return None;
        };
        let u32_attr = |k: &Key| m.get(k).and_then(Value::as_u32);
        let str_attr = |k: &Key| m.get(k).and_then(Value::as_str).map(str::to_owned);
        let net = |k: &Key, len| {
            m.get(k)
                .and_then(Value::as_ip)
                .map(|addr| IpNet { addr, len })
        };
        Some(RuleSpec {
            family: Some(h.family),
            priority: u32_attr(&FRA_PRIORITY),
            table: Some(u32_attr(&FRA_TABLE).unwrap_or(h.table.into())).filter(|t| *t != 0),
            src: net(&FRA_SRC, h.src_len),
            dst: net(&FRA_DST, h.dst_len),
            iif: str_attr(&FRA_IIFNAME),
            oif: str_attr(&FRA_OIFNAME),
            fwmark: u32_attr(&FRA_FWMARK),
            fwmask: u32_attr(&FRA_FWMASK),
            tos: h.tos,
            action: Some(h.action),
            invert: h.flags & 2 != 0,
        })
    }

    pub fn resolved_family(&self) -> u8 {
        self.src
            .or(self.dst)
            .map(|p| p.family())
            .or(self.family)
            .unwrap_or(AF_INET)
    }

    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        for name in self.iif.iter().chain(self.oif.iter()) {
            check_ifname(name).map_err(|e| rename_error(e, what()))?;
        }
        if !matches!(verb, Verb::Add | Verb::Delete) {
            return Err(Error::invalid(what(), "rules take add or del"));
        }
        if let (Some(s), Some(d)) = (self.src, self.dst)
            && s.family() != d.family()
        {
            return Err(Error::invalid(what(), "from and to families differ"));
        }
        if self.fwmask.is_some() && self.fwmark.is_none() {
            return Err(Error::invalid(what(), "a mask needs a fwmark"));
        }
        Ok(())
    }

    pub fn describe(&self, verb: Verb) -> String {
        let mut s = format!("rule {}", verb.word());
        if self.invert {
            s.push_str(" not");
        }
        if let Some(p) = self.src {
            let _ = write!(s, " from {p}");
        }
        if let Some(p) = self.dst {
            let _ = write!(s, " to {p}");
        }
        if self.tos != 0 {
            let _ = write!(s, " tos 0x{:x}", self.tos);
        }
        if let Some(m) = self.fwmark {
            let _ = write!(s, " fwmark 0x{m:x}");
            if let Some(k) = self.fwmask {
                let _ = write!(s, "/0x{k:x}");
            }
        }
        if let Some(i) = &self.iif {
            let _ = write!(s, " iif {i}");
        }
        if let Some(o) = &self.oif {
            let _ = write!(s, " oif {o}");
        }
        if let Some(p) = self.priority {
            let _ = write!(s, " priority {p}");
        }
        if let Some(t) = self.table {
            let _ = write!(s, " table {t}");
        }
        if let Some(a) = self.action.filter(|a| *a != FR_ACT_TO_TBL) {
            let _ = write!(s, " {}", rule_action_name(a));
        }
        s
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
