//! Link changes (`ip link add/set/del`): [`LinkSpec`] and the kinds of link it creates.

use std::fmt::{self, Write as _};
use std::net::IpAddr;

use crate::common::api::Interface;
use crate::common::change::*;
use crate::common::constants::{IFF_ALLMULTI, IFF_NOARP, IFF_PROMISC, IFF_UP};
use crate::common::error::{Error, Result};
use crate::common::value::LinkAddr;

/// A network namespace: a name under `/run/netns`, a path, or a process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Netns {
    /// `NAME` (as `ip netns add` makes) or a path such as `/proc/1/ns/net`.
    Named(String),
    /// The namespace of a process.
    Pid(u32),
    /// A namespace file the caller holds open (IFLA_NET_NS_FD): it must
    /// stay open until the change is made.
    Fd(i32),
}

impl fmt::Display for Netns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Netns::Named(n) => f.write_str(n),
            Netns::Pid(p) => write!(f, "pid {p}"),
            Netns::Fd(fd) => write!(f, "fd {fd}"),
        }
    }
}

/// The 802.1Q tag protocol of a vlan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VlanProtocol {
    /// 802.1Q (EtherType 0x8100), `protocol 802.1Q`, `ip`'s default.
    Dot1Q,
    /// 802.1ad QinQ (EtherType 0x88a8), `protocol 802.1ad`.
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
    /// `mode private`: ports on the same parent cannot talk to each other.
    Private = 1,
    /// `mode vepa`: traffic between ports goes out through the external switch.
    Vepa = 2,
    /// `mode bridge`: ports on the same parent talk to each other directly.
    Bridge = 4,
    /// `mode passthru`: a single port that takes over the parent.
    Passthru = 8,
    /// `mode source`: traffic is accepted by source MAC address.
    Source = 16,
}

impl MacvlanMode {
    /// The mode named by `ip`'s word (`private`, `vepa`, `bridge`, `passthru`, `source`),
    /// or None if unknown.
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

    /// The word `ip` uses for the mode.
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
    /// The VXLAN network identifier (`id`, IFLA_VXLAN_ID).
    pub id: u32,
    /// Multicast group or unicast remote.
    pub group: Option<IpAddr>,
    /// The source address of the tunnel (`local`, IFLA_VXLAN_LOCAL/LOCAL6).
    pub local: Option<IpAddr>,
    /// The TTL of outer packets (`ttl`, IFLA_VXLAN_TTL).
    pub ttl: Option<u8>,
    /// The TOS of outer packets (`tos`, IFLA_VXLAN_TOS).
    pub tos: Option<u8>,
    /// Whether to learn remote MAC addresses into the FDB (`learning`/`nolearning`,
    /// IFLA_VXLAN_LEARNING).
    pub learning: Option<bool>,
    /// ARP/ND proxying (`proxy`, IFLA_VXLAN_PROXY).
    pub proxy: Option<bool>,
    /// Route short-circuiting (`rsc`, IFLA_VXLAN_RSC).
    pub rsc: Option<bool>,
    /// Netlink notifications on layer 2 FDB misses (`l2miss`, IFLA_VXLAN_L2MISS).
    pub l2miss: Option<bool>,
    /// Netlink notifications on layer 3 neighbour misses (`l3miss`, IFLA_VXLAN_L3MISS).
    pub l3miss: Option<bool>,
    /// The UDP source port range, low and high (`srcport LOW HIGH`, IFLA_VXLAN_PORT_RANGE).
    pub port_range: Option<(u16, u16)>,
    /// UDP destination port (`dstport`).
    pub port: Option<u16>,
    /// Flow-based tunnelling: the VNI and remote come with each packet's
    /// metadata, not from the device (`external`,
    /// IFLA_VXLAN_COLLECT_METADATA). Takes no `id`; learning defaults to
    /// off, as `ip` sends it.
    pub external: bool,
    /// With `external`: the device carries only the VNIs added to it
    /// (`vnifilter`, IFLA_VXLAN_VNIFILTER; `bridge vni`).
    pub vnifilter: bool,
}

pub use super::tunnel::{IpTunnel, MACSEC_CIPHERS, Macsec};

/// What a netkit device does with a packet no BPF program took
/// (IFLA_NETKIT_POLICY, NETKIT_PASS or NETKIT_DROP).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetkitPolicy {
    /// `forward` (NETKIT_PASS, 0).
    Forward,
    /// `blackhole` (NETKIT_DROP, 2).
    Blackhole,
}

impl NetkitPolicy {
    /// The kernel's number.
    pub fn number(self) -> u32 {
        match self {
            NetkitPolicy::Forward => 0,
            NetkitPolicy::Blackhole => 2,
        }
    }

    /// `ip`'s word.
    pub fn word(self) -> &'static str {
        match self {
            NetkitPolicy::Forward => "forward",
            NetkitPolicy::Blackhole => "blackhole",
        }
    }
}

/// A netkit pair's settings (`type netkit`, Linux 6.7 and later): the
/// primary device's, then its peer's. Unset ones are the kernel's (l3,
/// forward, scrub default).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Netkit {
    /// Layer 2 rather than layer 3 (`mode l2|l3`, IFLA_NETKIT_MODE 0 or 1).
    pub l2: Option<bool>,
    /// The primary's default policy.
    pub policy: Option<NetkitPolicy>,
    /// Whether the primary clears a packet's mark and priority (`scrub
    /// default|none`, IFLA_NETKIT_SCRUB 1 or 0).
    pub scrub: Option<bool>,
    /// The peer's default policy (`peer forward|blackhole`).
    pub peer_policy: Option<NetkitPolicy>,
    /// The peer's scrubbing (`peer scrub ...`).
    pub peer_scrub: Option<bool>,
    /// The peer's name (`peer name NAME`; the kernel's `nk%d` otherwise).
    pub peer: Option<String>,
}

/// The kind of link to create.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkKind {
    /// A veth pair; the peer may be created in another namespace.
    Veth {
        /// The peer's name (`peer name NAME`).
        peer: String,
        /// The namespace to create the peer in, or None for this one.
        peer_netns: Option<Netns>,
    },
    /// An Ethernet bridge (`type bridge`).
    Bridge,
    /// Needs `LinkSpec::link` (the parent).
    Vlan {
        /// The VLAN id, 0 to 4094 (`id`).
        id: u16,
        /// The tag protocol (`protocol`).
        protocol: VlanProtocol,
    },
    /// Needs `LinkSpec::link` (the parent).
    Macvlan {
        /// How ports see each other (`mode`).
        mode: MacvlanMode,
    },
    /// Needs `LinkSpec::link` (the parent).
    Macvtap {
        /// How ports see each other (`mode`).
        mode: MacvlanMode,
    },
    /// A VXLAN tunnel; `LinkSpec::link` is its underlying device (`dev`), if any.
    Vxlan(Vxlan),
    /// A netkit pair, whose traffic BPF programs steer (`type netkit`).
    Netkit(Netkit),
    /// `mode` is the bonding mode number (0 balance-rr ... 6 balance-alb).
    Bond {
        /// The bonding mode (IFLA_BOND_MODE), or None for the kernel's default.
        mode: Option<u8>,
    },
    /// A dummy device (`type dummy`).
    Dummy,
    /// An intermediate functional block device (`type ifb`).
    Ifb,
    /// A persistent tun (layer 3) device, made through /dev/net/tun.
    Tun,
    /// A persistent tap (layer 2) device, made through /dev/net/tun.
    Tap,
    /// A Geneve tunnel (`type geneve id VNI [remote IP] [ttl N] [tos N]
    /// [dstport P]`).
    Geneve(Geneve),
    /// An IPVLAN port of `LinkSpec::link` (`type ipvlan mode l2|l3|l3s
    /// [bridge|private|vepa]`).
    Ipvlan {
        /// How packets are switched: 0 l2, 1 l3, 2 l3s (IFLA_IPVLAN_MODE).
        mode: u16,
        /// How ports reach each other: 0 bridge, 1 private, 2 vepa.
        flags: u16,
    },
    /// An IPVTAP port of `LinkSpec::link`, IPVLAN with a tap.
    Ipvtap {
        /// How packets are switched: 0 l2, 1 l3, 2 l3s.
        mode: u16,
        /// How ports reach each other: 0 bridge, 1 private, 2 vepa.
        flags: u16,
    },
    /// A WireGuard interface (`type wireguard`; keys and peers are set
    /// through its generic netlink family, not here).
    Wireguard,
    /// A VRF device bound to a routing table (`type vrf table N`).
    Vrf {
        /// The table its routes live in (IFLA_VRF_TABLE).
        table: u32,
    },
    /// An XFRM interface (`type xfrm [dev DEV] if_id N`); `LinkSpec::link`
    /// is its underlying device.
    Xfrm {
        /// The policy and state id it carries (IFLA_XFRM_IF_ID).
        if_id: u32,
    },
    /// An IPv4 GRE tunnel (`type gre remote A local A [key K] ...`).
    Gre(IpTunnel),
    /// An Ethernet-over-GRE tunnel (`type gretap ...`).
    Gretap(IpTunnel),
    /// A GRE tunnel over IPv6 (`type ip6gre ...`).
    Ip6gre(IpTunnel),
    /// Ethernet over GRE over IPv6 (`type ip6gretap ...`).
    Ip6gretap(IpTunnel),
    /// IP in IPv4 (`type ipip [mode ipip|mplsip|any] ...`).
    Ipip(IpTunnel),
    /// IPv6 (or IPv4) in IPv4 (`type sit ...`).
    Sit(IpTunnel),
    /// IP in IPv6 (`type ip6tnl [mode ip6ip6|ipip6|any] ...`).
    Ip6tnl(IpTunnel),
    /// An IPsec virtual tunnel over IPv4 (`type vti [key K] ...`).
    Vti(IpTunnel),
    /// An IPsec virtual tunnel over IPv6 (`type vti6 ...`).
    Vti6(IpTunnel),
    /// MACsec over `LinkSpec::link` (`type macsec [port N] [encrypt on]
    /// ...`).
    Macsec(Macsec),
    /// A team device (`type team`; its ports and runner are teamd's).
    Team,
    /// A bare UDP tunnel (`type bareudp dstport P ethertype T`).
    Bareudp {
        /// The UDP destination port (IFLA_BAREUDP_PORT).
        port: u16,
        /// The EtherType carried (IFLA_BAREUDP_ETHERTYPE): 0x0800 ipv4, ...
        ethertype: u16,
    },
}

/// A Geneve tunnel's settings, in the order `ip link add ... type geneve`
/// reads them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Geneve {
    /// The virtual network identifier (`id`).
    pub id: u32,
    /// The remote end (`remote`), IPv4 or IPv6.
    pub remote: Option<std::net::IpAddr>,
    /// The outer TTL (`ttl`; 0 lets the kernel choose).
    pub ttl: u8,
    /// The outer TOS (`tos`).
    pub tos: u8,
    /// The IPv6 flow label (`label`).
    pub label: u32,
    /// The UDP destination port (`dstport`; 6081 when unset).
    pub port: Option<u16>,
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
            LinkKind::Geneve(_) => "geneve",
            LinkKind::Ipvlan { .. } => "ipvlan",
            LinkKind::Ipvtap { .. } => "ipvtap",
            LinkKind::Wireguard => "wireguard",
            LinkKind::Vrf { .. } => "vrf",
            LinkKind::Xfrm { .. } => "xfrm",
            LinkKind::Bareudp { .. } => "bareudp",
            LinkKind::Gre(_) => "gre",
            LinkKind::Gretap(_) => "gretap",
            LinkKind::Ip6gre(_) => "ip6gre",
            LinkKind::Ip6gretap(_) => "ip6gretap",
            LinkKind::Ipip(_) => "ipip",
            LinkKind::Sit(_) => "sit",
            LinkKind::Ip6tnl(_) => "ip6tnl",
            LinkKind::Vti(_) => "vti",
            LinkKind::Vti6(_) => "vti6",
            LinkKind::Macsec(_) => "macsec",
            LinkKind::Team => "team",
            LinkKind::Netkit(_) => "netkit",
        }
    }

    /// The settings of an IP tunnel kind (gre ... vti6), or None.
    pub fn ip_tunnel(&self) -> Option<&IpTunnel> {
        match self {
            LinkKind::Gre(t)
            | LinkKind::Gretap(t)
            | LinkKind::Ip6gre(t)
            | LinkKind::Ip6gretap(t)
            | LinkKind::Ipip(t)
            | LinkKind::Sit(t)
            | LinkKind::Ip6tnl(t)
            | LinkKind::Vti(t)
            | LinkKind::Vti6(t) => Some(t),
            _ => None,
        }
    }

    fn needs_parent(&self) -> bool {
        matches!(
            self,
            LinkKind::Vlan { .. }
                | LinkKind::Macvlan { .. }
                | LinkKind::Macvtap { .. }
                | LinkKind::Ipvlan { .. }
                | LinkKind::Ipvtap { .. }
                | LinkKind::Macsec(_)
        )
    }
}

/// The bonding modes by number (IFLA_BOND_MODE), as `ip` and nmstate name them.
pub const BOND_MODES: [&str; 7] = [
    "balance-rr",
    "active-backup",
    "balance-xor",
    "broadcast",
    "802.3ad",
    "balance-tlb",
    "balance-alb",
];

/// The number of a bonding mode's name.
pub fn bond_mode_number(name: &str) -> Option<u8> {
    BOND_MODES.iter().position(|m| *m == name).map(|p| p as u8)
}

/// A link to create, change or delete (`ip link add/set/del`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkSpec {
    /// The link: by name or index. A new link needs a name, except vxlan
    /// where the kernel picks one.
    pub dev: Option<Interface>,
    /// The type of link to create (`type KIND`); only for `add`.
    pub kind: Option<LinkKind>,
    /// The lower device of a vlan, macvlan or macvtap (`link DEV`).
    pub link: Option<Interface>,
    /// A new name for the link (`name NAME`, IFLA_IFNAME).
    pub rename: Option<String>,
    /// Bring the link up (`up`, true) or down (`down`, false); None leaves it as is.
    pub up: Option<bool>,
    /// The MTU in bytes (`mtu`, IFLA_MTU).
    pub mtu: Option<u32>,
    /// The link-layer address (`address`, IFLA_ADDRESS).
    pub address: Option<LinkAddr>,
    /// The transmit queue length in packets (`txqueuelen`, IFLA_TXQLEN).
    pub txqlen: Option<u32>,
    /// Enslave the link to this bridge or bond (`master DEV`, IFLA_MASTER).
    pub master: Option<Interface>,
    /// Release the link from its master (`nomaster`).
    pub nomaster: bool,
    /// Move the link (or create it) in this namespace.
    pub netns: Option<Netns>,
    /// The interface alias (`alias TEXT`, IFLA_IFALIAS; empty clears it).
    pub alias: Option<String>,
    /// The device group (`group N`, IFLA_GROUP; 0 is `default`).
    pub group: Option<u32>,
    /// Named interface groups to join or leave: the BSDs' (`ifconfig NAME
    /// group WORD`, `-group WORD`; what pf rules name). Linux's groups are
    /// numbers ([`LinkSpec::group`]), so its backend refuses these.
    pub groups: Vec<IfGroup>,
    /// Promiscuous mode (`promisc on|off`, IFF_PROMISC).
    pub promisc: Option<bool>,
    /// Receive all multicast (`allmulticast on|off`, IFF_ALLMULTI).
    pub allmulticast: Option<bool>,
    /// ARP on the link (`arp on|off`; off sets IFF_NOARP).
    pub arp: Option<bool>,
    /// How IPv6 link-local addresses are made (`addrgenmode eui64|none|
    /// stable_secret|random`, IFLA_INET6_ADDR_GEN_MODE: 0, 1, 2, 3).
    pub addrgenmode: Option<u8>,
    /// The largest GSO packet the stack builds (`gso_max_size N`, IFLA_GSO_MAX_SIZE).
    pub gso_max_size: Option<u32>,
    /// The largest GRO packet the stack aggregates (`gro_max_size N`, IFLA_GRO_MAX_SIZE).
    pub gro_max_size: Option<u32>,
    /// Bridge port settings of a bridge's port (`link set DEV type
    /// bridge_slave ...`, IFLA_INFO_SLAVE_DATA).
    pub bridge_port: Option<BridgePort>,
}

/// A named interface group to join or leave (a BSD's `ifconfig group`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IfGroup {
    /// `group NAME`: SIOCAIFGROUP.
    Join(String),
    /// `-group NAME`: SIOCDIFGROUP.
    Leave(String),
}

impl IfGroup {
    /// The group's name.
    pub fn name(&self) -> &str {
        match self {
            IfGroup::Join(n) | IfGroup::Leave(n) => n,
        }
    }

    /// Rejects what ifconfig's setifgroup refuses: an empty name, one of
    /// IFNAMSIZ (16) bytes or more, or one ending in a digit (which would
    /// read as an interface's name).
    pub fn check(&self) -> std::result::Result<(), String> {
        let n = self.name();
        if n.is_empty() || n.len() >= 16 || n.contains('\0') {
            return Err(format!("group {n:?}: 1 to 15 bytes"));
        }
        if n.ends_with(|c: char| c.is_ascii_digit()) {
            return Err(format!("group {n:?}: group names may not end in a digit"));
        }
        Ok(())
    }
}

/// A bridge port's settings (IFLA_BRPORT_*); None leaves one as it is.
/// They are sent in the order of the fields, as `ip link set DEV type
/// bridge_slave` sends the words in the order given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BridgePort {
    /// The STP state (`state`): 0 disabled ... 4 blocking.
    pub state: Option<u8>,
    /// The STP port priority (`priority`).
    pub priority: Option<u16>,
    /// The STP path cost (`cost`).
    pub cost: Option<u32>,
    /// Drop BPDUs received on the port (`guard`).
    pub guard: Option<bool>,
    /// Send frames back out of the port they came in by (`hairpin`).
    pub hairpin: Option<bool>,
    /// Leave multicast groups at once on a leave (`fastleave`).
    pub fastleave: Option<bool>,
    /// Never become the root port (`root_block`).
    pub root_block: Option<bool>,
    /// Learn source addresses (`learning`).
    pub learning: Option<bool>,
    /// Flood unknown unicast (`flood`).
    pub flood: Option<bool>,
    /// Flood unknown multicast (`mcast_flood`).
    pub mcast_flood: Option<bool>,
    /// Flood broadcast (`bcast_flood`).
    pub bcast_flood: Option<bool>,
    /// Send multicast as unicast (`mcast_to_unicast`).
    pub mcast_to_unicast: Option<bool>,
    /// Answer ARP for hosts behind the port (`proxy_arp`).
    pub proxy_arp: Option<bool>,
    /// Suppress ARP and ND flooding (`neigh_suppress`).
    pub neigh_suppress: Option<bool>,
    /// Talk only to non-isolated ports (`isolated`).
    pub isolated: Option<bool>,
}

impl BridgePort {
    /// The settings as (IFLA_BRPORT_* key, value bytes), in field order.
    pub fn attributes(&self) -> Vec<(crate::common::attrs::Key, Vec<u8>)> {
        use crate::common::attrs::*;
        let flags = [
            (IFLA_BRPORT_GUARD, self.guard),
            (IFLA_BRPORT_MODE, self.hairpin),
            (IFLA_BRPORT_FAST_LEAVE, self.fastleave),
            (IFLA_BRPORT_PROTECT, self.root_block),
            (IFLA_BRPORT_LEARNING, self.learning),
            (IFLA_BRPORT_UNICAST_FLOOD, self.flood),
            (IFLA_BRPORT_MCAST_FLOOD, self.mcast_flood),
            (IFLA_BRPORT_BCAST_FLOOD, self.bcast_flood),
            (IFLA_BRPORT_MCAST_TO_UCAST, self.mcast_to_unicast),
            (IFLA_BRPORT_PROXYARP, self.proxy_arp),
            (IFLA_BRPORT_NEIGH_SUPPRESS, self.neigh_suppress),
            (IFLA_BRPORT_ISOLATED, self.isolated),
        ];
        let mut out = Vec::new();
        if let Some(v) = self.state {
            out.push((IFLA_BRPORT_STATE, vec![v]));
        }
        if let Some(v) = self.priority {
            out.push((IFLA_BRPORT_PRIORITY, v.to_ne_bytes().to_vec()));
        }
        if let Some(v) = self.cost {
            out.push((IFLA_BRPORT_COST, v.to_ne_bytes().to_vec()));
        }
        for (key, on) in flags {
            if let Some(on) = on {
                out.push((key, vec![u8::from(on)]));
            }
        }
        out
    }

    /// The settings in `ip link set ... type bridge_slave`'s words, in
    /// field order.
    pub fn words(&self) -> String {
        let on = |b: bool| if b { "on" } else { "off" };
        let mut s = String::new();
        if let Some(v) = self.state {
            s += &format!(" state {v}");
        }
        if let Some(v) = self.priority {
            s += &format!(" priority {v}");
        }
        if let Some(v) = self.cost {
            s += &format!(" cost {v}");
        }
        for (word, value) in [
            ("guard", self.guard),
            ("hairpin", self.hairpin),
            ("fastleave", self.fastleave),
            ("root_block", self.root_block),
            ("learning", self.learning),
            ("flood", self.flood),
            ("mcast_flood", self.mcast_flood),
            ("bcast_flood", self.bcast_flood),
            ("mcast_to_unicast", self.mcast_to_unicast),
            ("proxy_arp", self.proxy_arp),
            ("neigh_suppress", self.neigh_suppress),
            ("isolated", self.isolated),
        ] {
            if let Some(v) = value {
                s += &format!(" {word} {}", on(v));
            }
        }
        s
    }
}

impl LinkSpec {
    /// A spec for the link named `name` (`dev NAME`).
    pub fn named(name: impl Into<String>) -> LinkSpec {
        LinkSpec {
            dev: Some(Interface::Name(name.into())),
            ..LinkSpec::default()
        }
    }

    /// A spec for the link with interface index `index`.
    pub fn indexed(index: u32) -> LinkSpec {
        LinkSpec {
            dev: Some(Interface::Index(index)),
            ..LinkSpec::default()
        }
    }

    /// Sets the type of link to create (`type KIND`).
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

    /// Sets the lower device (`link DEV`).
    pub fn link(mut self, parent: impl Into<Interface>) -> LinkSpec {
        self.link = Some(parent.into());
        self
    }

    /// Brings the link up (`up`).
    pub fn up(mut self) -> LinkSpec {
        self.up = Some(true);
        self
    }

    /// Brings the link down (`down`).
    pub fn down(mut self) -> LinkSpec {
        self.up = Some(false);
        self
    }

    /// Sets the MTU in bytes (`mtu`).
    pub fn mtu(mut self, mtu: u32) -> LinkSpec {
        self.mtu = Some(mtu);
        self
    }

    /// Sets the link-layer address (`address`).
    pub fn address(mut self, address: LinkAddr) -> LinkSpec {
        self.address = Some(address);
        self
    }

    /// Sets the transmit queue length in packets (`txqueuelen`).
    pub fn txqlen(mut self, txqlen: u32) -> LinkSpec {
        self.txqlen = Some(txqlen);
        self
    }

    /// Sets the master bridge or bond (`master DEV`).
    pub fn master(mut self, master: impl Into<Interface>) -> LinkSpec {
        self.master = Some(master.into());
        self
    }

    /// Releases the link from its master (`nomaster`).
    pub fn nomaster(mut self) -> LinkSpec {
        self.nomaster = true;
        self
    }

    /// Renames the link (`name NAME`).
    pub fn rename(mut self, name: impl Into<String>) -> LinkSpec {
        self.rename = Some(name.into());
        self
    }

    /// Moves the link to (or creates it in) a namespace (`netns`).
    pub fn netns(mut self, netns: Netns) -> LinkSpec {
        self.netns = Some(netns);
        self
    }

    /// Sets the alias (`alias TEXT`; an empty text clears it).
    pub fn alias(mut self, alias: impl Into<String>) -> LinkSpec {
        self.alias = Some(alias.into());
        self
    }

    /// Sets the device group (`group N`).
    pub fn group(mut self, group: u32) -> LinkSpec {
        self.group = Some(group);
        self
    }

    /// Turns promiscuous mode on or off (`promisc on|off`).
    pub fn promisc(mut self, on: bool) -> LinkSpec {
        self.promisc = Some(on);
        self
    }

    /// Turns all-multicast reception on or off (`allmulticast on|off`).
    pub fn allmulticast(mut self, on: bool) -> LinkSpec {
        self.allmulticast = Some(on);
        self
    }

    /// Turns ARP on or off (`arp on|off`).
    pub fn arp(mut self, on: bool) -> LinkSpec {
        self.arp = Some(on);
        self
    }

    /// The `ifi_flags` and `ifi_change` bits of up, promisc, allmulticast
    /// and arp: the bits to set, and the bits the kernel should look at.
    pub fn flag_change(&self) -> (u32, u32) {
        let mut flags = 0;
        let mut change = 0;
        for (want, bit, set_when) in [
            (self.up, IFF_UP, true),
            (self.promisc, IFF_PROMISC, true),
            (self.allmulticast, IFF_ALLMULTI, true),
            (self.arp, IFF_NOARP, false),
        ] {
            if let Some(on) = want {
                change |= bit;
                if on == set_when {
                    flags |= bit;
                }
            }
        }
        (flags, change)
    }

    /// Rejects what the kernel would reject with an unclear answer.
    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        if self.alias.as_ref().is_some_and(|a| a.len() >= 256) {
            return Err(Error::invalid(what(), "an alias is at most 255 bytes"));
        }
        for g in &self.groups {
            g.check().map_err(|why| Error::invalid(what(), why))?;
        }
        for i in [&self.dev, &self.link, &self.master].into_iter().flatten() {
            check_interface(i).map_err(|e| rename_error(e, what()))?;
        }
        for name in [&self.rename].into_iter().flatten() {
            check_ifname(name).map_err(|e| rename_error(e, what()))?;
        }
        if let Some(LinkKind::Veth { peer, .. }) = &self.kind {
            check_ifname(peer).map_err(|e| rename_error(e, what()))?;
        }
        if let Some(LinkKind::Netkit(Netkit {
            peer: Some(peer), ..
        })) = &self.kind
        {
            check_ifname(peer).map_err(|e| rename_error(e, what()))?;
        }
        if self.bridge_port.is_some() && (verb != Verb::Set || self.kind.is_some()) {
            return Err(Error::invalid(
                what(),
                "bridge port settings go with link set, on a bridge's port",
            ));
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
                if let LinkKind::Vxlan(v) = kind {
                    // vxlan_parse_opt's checks.
                    if v.external && v.id != 0 {
                        return Err(Error::invalid(what(), "external takes no vni (id)"));
                    }
                    if v.vnifilter && !v.external {
                        return Err(Error::invalid(what(), "vnifilter needs external"));
                    }
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
                LinkKind::Vxlan(v) if v.external => {
                    s.push_str(" external");
                    if v.vnifilter {
                        s.push_str(" vnifilter");
                    }
                }
                LinkKind::Vxlan(v) => {
                    let _ = write!(s, " id {}", v.id);
                }
                LinkKind::Geneve(g) => {
                    let _ = write!(s, " id {}", g.id);
                    if let Some(r) = g.remote {
                        let _ = write!(s, " remote {r}");
                    }
                }
                LinkKind::Ipvlan { mode, flags } | LinkKind::Ipvtap { mode, flags } => {
                    let mode = ["l2", "l3", "l3s"].get(usize::from(*mode)).unwrap_or(&"?");
                    let flags = ["bridge", "private", "vepa"]
                        .get(usize::from(*flags))
                        .unwrap_or(&"?");
                    let _ = write!(s, " mode {mode} {flags}");
                }
                LinkKind::Vrf { table } => {
                    let _ = write!(s, " table {table}");
                }
                LinkKind::Xfrm { if_id } => {
                    let _ = write!(s, " if_id {if_id}");
                }
                LinkKind::Netkit(n) => s.push_str(&n.words()),
                LinkKind::Bareudp { port, ethertype } => {
                    let _ = write!(s, " dstport {port} ethertype {ethertype:#06x}");
                }
                k if k.ip_tunnel().is_some() => {
                    s.push_str(&k.ip_tunnel().map(IpTunnel::words).unwrap_or_default())
                }
                LinkKind::Macsec(m) => {
                    if let Some(p) = m.port {
                        let _ = write!(s, " port {p}");
                    }
                    if let Some(e) = m.encrypt {
                        let _ = write!(s, " encrypt {}", if e { "on" } else { "off" });
                    }
                }
                _ => {}
            }
        }
        if let Some(p) = &self.bridge_port {
            let _ = write!(s, " type bridge_slave{}", p.words());
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
        if let Some(a) = &self.alias {
            let _ = write!(s, " alias {a:?}");
        }
        if let Some(g) = self.group {
            let _ = write!(s, " group {g}");
        }
        for g in &self.groups {
            let _ = match g {
                IfGroup::Join(n) => write!(s, " group {n}"),
                IfGroup::Leave(n) => write!(s, " -group {n}"),
            };
        }
        if let Some(m) = self.addrgenmode {
            let word = ["eui64", "none", "stable_secret", "random"]
                .get(usize::from(m))
                .copied()
                .unwrap_or("?");
            let _ = write!(s, " addrgenmode {word}");
        }
        if let Some(n) = self.gso_max_size {
            let _ = write!(s, " gso_max_size {n}");
        }
        if let Some(n) = self.gro_max_size {
            let _ = write!(s, " gro_max_size {n}");
        }
        let on = |b: bool| if b { "on" } else { "off" };
        for (word, v) in [
            ("promisc", self.promisc),
            ("allmulticast", self.allmulticast),
            ("arp", self.arp),
        ] {
            if let Some(b) = v {
                let _ = write!(s, " {word} {}", on(b));
            }
        }
        s
    }
}

impl crate::common::kinds::ChangeSpec for LinkSpec {
    fn kind(&self) -> crate::common::api::ObjectKind {
        crate::common::api::ObjectKind::Link
    }

    fn describe(&self, verb: Verb) -> String {
        LinkSpec::describe(self, verb)
    }

    fn validate(&self, verb: Verb) -> Result<()> {
        LinkSpec::validate(self, verb)
    }

    fn netlink(
        &self,
        verb: Verb,
        res: &mut dyn crate::linux::change::Resolver,
    ) -> Result<crate::linux::request::Request> {
        super::netlink::link_request(verb, self, res)
    }

    fn delete_of(m: &crate::common::message::Message) -> Option<LinkSpec> {
        match &m.body {
            crate::common::message::Body::Link(h) => Some(LinkSpec::indexed(h.index)),
            _ => None,
        }
    }
}

impl Netkit {
    /// The settings in `ip`'s words, as ` mode l2 blackhole ... peer ...`.
    pub fn words(&self) -> String {
        let scrub = |on: bool| if on { " scrub default" } else { " scrub none" };
        let mut s = String::new();
        if let Some(l2) = self.l2 {
            s.push_str(if l2 { " mode l2" } else { " mode l3" });
        }
        if let Some(p) = self.policy {
            let _ = write!(s, " {}", p.word());
        }
        if let Some(on) = self.scrub {
            s.push_str(scrub(on));
        }
        if self.peer_policy.is_some() || self.peer_scrub.is_some() || self.peer.is_some() {
            s.push_str(" peer");
        }
        if let Some(p) = self.peer_policy {
            let _ = write!(s, " {}", p.word());
        }
        if let Some(on) = self.peer_scrub {
            s.push_str(scrub(on));
        }
        if let Some(name) = &self.peer {
            let _ = write!(s, " name {name}");
        }
        s
    }
}
