//! `ip`-style change commands, parsed into the library's typed specs:
#![cfg_attr(not(target_os = "linux"), allow(dead_code))]
//! `link add veth0 type veth peer veth1`, `addr add 10.0.0.1/24 dev veth0`,
//! `route add 10.1.0.0/16 via 10.0.0.2 table 100`, `neigh`, `fdb`, `rule`.

use std::net::IpAddr;

#[cfg(test)]
use rtsock::Interface;
use rtsock::change::*;
use rtsock::constants::*;
use rtsock::{Error, LinkAddr, ObjectKind};

/// A parsed change command: the library's own change, so a line of
/// `-batch` and a command are one thing.
pub use rtsock::batch::Change as ChangeCommand;

fn usage(msg: impl Into<String>) -> Error {
    Error::invalid("usage", msg)
}

/// Words of a command line, with helpers that say what was expected.
pub(super) struct Words<'a, S> {
    it: std::iter::Peekable<std::slice::Iter<'a, S>>,
}

impl<'a, S: AsRef<str>> Words<'a, S> {
    pub(super) fn new(args: &'a [S]) -> Words<'a, S> {
        Words {
            it: args.iter().peekable(),
        }
    }

    pub(super) fn next(&mut self) -> Option<&'a str> {
        self.it.next().map(AsRef::as_ref)
    }

    pub(super) fn peek(&mut self) -> Option<&'a str> {
        self.it.peek().copied().map(AsRef::as_ref)
    }

    pub(super) fn value(&mut self, after: &str, what: &str) -> Result<&'a str, Error> {
        self.next()
            .ok_or_else(|| usage(format!("{after} needs {what}")))
    }

    pub(super) fn number<T: std::str::FromStr>(&mut self, after: &str) -> Result<T, Error> {
        let text = self.value(after, "a number")?;
        parse_number(text).ok_or_else(|| usage(format!("{after} {text:?}: not a number")))
    }

    pub(super) fn ip(&mut self, after: &str) -> Result<IpAddr, Error> {
        let text = self.value(after, "an address")?;
        text.parse()
            .map_err(|_| usage(format!("{after} {text:?}: not an IP address")))
    }

    pub(super) fn mac(&mut self, after: &str) -> Result<LinkAddr, Error> {
        let text = self.value(after, "a link-layer address")?;
        LinkAddr::parse(text).ok_or_else(|| usage(format!("{after} {text:?}: not a MAC address")))
    }
}

/// Decimal or 0x-prefixed hex.
fn parse_number<T: std::str::FromStr>(text: &str) -> Option<T> {
    if let Some(hex) = text.strip_prefix("0x") {
        let v = u64::from_str_radix(hex, 16).ok()?;
        return v.to_string().parse().ok();
    }
    text.parse().ok()
}

fn named_or_number(text: &str, name_of: impl Fn(u8) -> Option<&'static str>) -> Option<u8> {
    parse_number(text).or_else(|| (0..=u8::MAX).find(|&v| name_of(v) == Some(text)))
}

fn parse_scope(text: &str) -> Result<u8, Error> {
    match text {
        "global" | "universe" => Ok(RT_SCOPE_UNIVERSE),
        _ => named_or_number(text, scope_name)
            .ok_or_else(|| usage(format!("scope {text:?}: unknown"))),
    }
}

fn parse_protocol(text: &str) -> Result<u8, Error> {
    named_or_number(text, route_protocol_name)
        .ok_or_else(|| usage(format!("proto {text:?}: unknown")))
}

fn route_type(word: &str) -> Option<u8> {
    (1..=RTN_NAT).find(|&t| route_type_name(t) == word)
}

fn table_arg<S: AsRef<str>>(w: &mut Words<S>, after: &str) -> Result<u32, Error> {
    let t = w.value(after, "a table")?;
    parse_table(t).ok_or_else(|| usage(format!("{after} {t:?}: not a table")))
}

fn lifetime<S: AsRef<str>>(w: &mut Words<S>, after: &str) -> Result<u32, Error> {
    match w.peek() {
        Some("forever") => {
            w.next();
            Ok(INFINITY_LIFE_TIME)
        }
        _ => w.number(after),
    }
}

fn verb_of(word: Option<&str>, allowed: &[Verb]) -> Result<Verb, Error> {
    let word = word.ok_or_else(|| usage("missing verb"))?;
    Verb::parse(word)
        .filter(|v| allowed.contains(v))
        .ok_or_else(|| {
            let words: Vec<_> = allowed.iter().map(|v| v.word()).collect();
            usage(format!("{word:?}: expected {}", words.join(", ")))
        })
}

/// Whether `args` start with a change verb (rather than `show`).
pub fn is_change<S: AsRef<str>>(args: &[S]) -> bool {
    args.first().is_some_and(|w| {
        matches!(
            w.as_ref(),
            "add" | "del" | "delete" | "replace" | "change" | "append" | "set"
        )
    })
}

pub fn parse<S: AsRef<str>>(
    kind: ObjectKind,
    args: &[S],
    family: Option<u8>,
) -> Result<ChangeCommand, Error> {
    match kind {
        ObjectKind::Link => parse_link(args),
        ObjectKind::Address => parse_address(args),
        ObjectKind::Route => parse_route(args, family),
        ObjectKind::Neighbour => parse_neighbour(args),
        ObjectKind::Rule => parse_rule(args, family),
        ObjectKind::Nexthop => parse_nexthop_object(args),
        other => Err(usage(format!("no change command for {other:?} objects"))),
    }
}

fn parse_link<S: AsRef<str>>(args: &[S]) -> Result<ChangeCommand, Error> {
    let mut w = Words::new(args);
    let verb = verb_of(w.next(), &[Verb::Add, Verb::Set, Verb::Delete])?;
    let mut spec = LinkSpec::default();
    let mut kind_name: Option<&str> = None;
    let mut vlan_id: Option<u16> = None;
    let mut vlan_proto = VlanProtocol::Dot1Q;
    let mut mode: Option<&str> = None;
    let mut vxlan = Vxlan::default();
    let mut peer: Option<(String, Option<Netns>)> = None;
    while let Some(word) = w.next() {
        match word {
            "dev" | "name" if spec.dev.is_none() => {
                spec.dev = Some(w.value(word, "a name")?.into())
            }
            // VXLAN's underlying device (IFLA_VXLAN_LINK), after `type vxlan`.
            "dev" if kind_name == Some("vxlan") => {
                spec.link = Some(w.value(word, "an interface")?.into())
            }
            "name" => spec.rename = Some(w.value(word, "a name")?.to_owned()),
            "type" => {
                let name = w.value(word, "a link type")?;
                if name == "bridge_slave" {
                    spec.bridge_port = Some(bridge_port(&mut w)?);
                    break;
                }
                // These kinds read the rest of the words themselves, as
                // `ip` hands them to the kind's parser.
                if let Some(kind) = tunnel_kind(name, &mut w, &mut spec)? {
                    spec.kind = Some(kind);
                    break;
                }
                kind_name = Some(name);
            }
            "link" => spec.link = Some(w.value(word, "an interface")?.into()),
            "up" => spec.up = Some(true),
            "down" => spec.up = Some(false),
            "mtu" => spec.mtu = Some(w.number(word)?),
            "address" | "lladdr" => spec.address = Some(w.mac(word)?),
            "txqueuelen" | "txqlen" | "qlen" => spec.txqlen = Some(w.number(word)?),
            "master" => spec.master = Some(w.value(word, "an interface")?.into()),
            "nomaster" => spec.nomaster = true,
            "netns" => spec.netns = Some(parse_netns(w.value(word, "a namespace")?)),
            "peer" => {
                if w.peek() == Some("name") {
                    w.next();
                }
                let name = w.value(word, "a name")?.to_owned();
                let mut ns = None;
                if w.peek() == Some("netns") {
                    w.next();
                    ns = Some(parse_netns(w.value("netns", "a namespace")?));
                }
                peer = Some((name, ns));
            }
            "id" | "vni" => {
                let id: u32 = w.number(word)?;
                vlan_id = u16::try_from(id).ok();
                vxlan.id = id;
            }
            "protocol" => {
                vlan_proto = match w.value(word, "802.1Q or 802.1ad")? {
                    "802.1Q" | "802.1q" => VlanProtocol::Dot1Q,
                    "802.1ad" | "802.1AD" => VlanProtocol::Dot1AD,
                    other => return Err(usage(format!("protocol {other:?}: unknown"))),
                }
            }
            "mode" => mode = Some(w.value(word, "a mode")?),
            // `ip` hands the words after `type KIND` to the kind: there
            // `group` is VXLAN's multicast group, before it the device group.
            // A number (Linux's IFLA_GROUP) or, for the BSDs, a name.
            "group" if kind_name != Some("vxlan") => match w.value(word, "a group")? {
                "default" => spec.group = Some(0),
                n => match n.parse() {
                    Ok(number) => spec.group = Some(number),
                    Err(_) => spec.groups.push(IfGroup::Join(n.to_owned())),
                },
            },
            "-group" | "nogroup" => spec
                .groups
                .push(IfGroup::Leave(w.value(word, "a group name")?.to_owned())),
            "group" | "remote" => vxlan.group = Some(w.ip(word)?),
            "alias" => spec.alias = Some(w.value(word, "a text")?.to_owned()),
            "promisc" => spec.promisc = Some(on_off(word, w.value(word, "on or off")?)?),
            "allmulticast" | "allmulti" => {
                spec.allmulticast = Some(on_off(word, w.value(word, "on or off")?)?)
            }
            "arp" => spec.arp = Some(on_off(word, w.value(word, "on or off")?)?),
            "addrgenmode" => {
                let mode = w.value(word, "eui64, none, stable_secret or random")?;
                spec.addrgenmode = Some(
                    ["eui64", "none", "stable_secret", "random"]
                        .iter()
                        .position(|m| *m == mode)
                        .ok_or_else(|| usage(format!("addrgenmode {mode:?}: unknown")))?
                        as u8,
                );
            }
            "gso_max_size" => spec.gso_max_size = Some(w.number(word)?),
            "gro_max_size" => spec.gro_max_size = Some(w.number(word)?),
            "local" => vxlan.local = Some(w.ip(word)?),
            "ttl" => vxlan.ttl = Some(w.number(word)?),
            "tos" => vxlan.tos = Some(w.number(word)?),
            "dstport" => vxlan.port = Some(w.number(word)?),
            "srcport" => vxlan.port_range = Some((w.number(word)?, w.number(word)?)),
            "learning" => vxlan.learning = Some(true),
            "nolearning" => vxlan.learning = Some(false),
            "proxy" => vxlan.proxy = Some(true),
            "rsc" => vxlan.rsc = Some(true),
            "l2miss" => vxlan.l2miss = Some(true),
            "l3miss" => vxlan.l3miss = Some(true),
            "external" => vxlan.external = true,
            "vnifilter" => vxlan.vnifilter = true,
            name if spec.dev.is_none() => spec.dev = Some(name.into()),
            other => return Err(usage(format!("link: unknown argument {other:?}"))),
        }
    }
    if let Some(k) = kind_name {
        spec.kind = Some(link_kind(k, vlan_id, vlan_proto, mode, vxlan, peer)?);
    }
    Ok(ChangeCommand::Link(verb, spec))
}

/// The words after `type geneve|ipvlan|ipvtap|wireguard|vrf|xfrm|bareudp`,
/// or None for the other kinds (read by parse_link's shared words).
fn tunnel_kind<S: AsRef<str>>(
    name: &str,
    w: &mut Words<'_, S>,
    spec: &mut LinkSpec,
) -> Result<Option<LinkKind>, Error> {
    let kind = match name {
        "geneve" => {
            let mut g = rtsock::change::Geneve::default();
            while let Some(word) = w.next() {
                match word {
                    "id" | "vni" => g.id = w.number(word)?,
                    "remote" => g.remote = Some(w.ip(word)?),
                    "ttl" | "hoplimit" => g.ttl = w.number(word)?,
                    "tos" => g.tos = w.number(word)?,
                    "label" => g.label = w.number(word)?,
                    "dstport" => g.port = Some(w.number(word)?),
                    other => return Err(usage(format!("geneve: unknown argument {other:?}"))),
                }
            }
            LinkKind::Geneve(g)
        }
        "ipvlan" | "ipvtap" => {
            let (mut mode, mut flags) = (0, 0);
            while let Some(word) = w.next() {
                match word {
                    "mode" => {
                        let m = w.value(word, "l2, l3 or l3s")?;
                        mode = ["l2", "l3", "l3s"]
                            .iter()
                            .position(|x| *x == m)
                            .ok_or_else(|| usage(format!("mode {m:?}: l2, l3 or l3s")))?
                            as u16;
                    }
                    "bridge" => flags = 0,
                    "private" => flags = 1,
                    "vepa" => flags = 2,
                    other => return Err(usage(format!("{name}: unknown argument {other:?}"))),
                }
            }
            if name == "ipvlan" {
                LinkKind::Ipvlan { mode, flags }
            } else {
                LinkKind::Ipvtap { mode, flags }
            }
        }
        "wireguard" => LinkKind::Wireguard,
        "vrf" => {
            if w.next() != Some("table") {
                return Err(usage("type vrf table N"));
            }
            LinkKind::Vrf {
                table: w.number("table")?,
            }
        }
        "xfrm" => {
            let mut if_id = None;
            while let Some(word) = w.next() {
                match word {
                    "dev" => spec.link = Some(w.value(word, "an interface")?.into()),
                    "if_id" => if_id = Some(w.number(word)?),
                    other => return Err(usage(format!("xfrm: unknown argument {other:?}"))),
                }
            }
            LinkKind::Xfrm {
                if_id: if_id.ok_or_else(|| usage("type xfrm needs if_id N"))?,
            }
        }
        "bareudp" => {
            let (mut port, mut ethertype) = (None, None);
            while let Some(word) = w.next() {
                match word {
                    "dstport" => port = Some(w.number(word)?),
                    "ethertype" => {
                        let t = w.value(word, "ipv4, ipv6, mpls_uc, mpls_mc or a number")?;
                        ethertype = Some(match t {
                            "ipv4" | "ip" => 0x0800,
                            "ipv6" => 0x86dd,
                            "mpls_uc" => 0x8847,
                            "mpls_mc" => 0x8848,
                            n => parse_number::<u16>(n)
                                .ok_or_else(|| usage(format!("ethertype {n:?}")))?,
                        });
                    }
                    other => return Err(usage(format!("bareudp: unknown argument {other:?}"))),
                }
            }
            LinkKind::Bareudp {
                port: port.ok_or_else(|| usage("type bareudp needs dstport N"))?,
                ethertype: ethertype.ok_or_else(|| usage("type bareudp needs ethertype T"))?,
            }
        }
        other => return tunnel::ip_tunnel(other, w, spec),
    };
    Ok(Some(kind))
}

/// The words after `type bridge_slave`.
fn bridge_port<S: AsRef<str>>(w: &mut Words<'_, S>) -> Result<rtsock::change::BridgePort, Error> {
    let mut p = rtsock::change::BridgePort::default();
    while let Some(word) = w.next() {
        let mut flag = |slot: &mut Option<bool>| -> Result<(), Error> {
            *slot = Some(on_off(word, w.value(word, "on or off")?)?);
            Ok(())
        };
        match word {
            "state" => p.state = Some(w.number(word)?),
            "priority" => p.priority = Some(w.number(word)?),
            "cost" => p.cost = Some(w.number(word)?),
            "guard" => flag(&mut p.guard)?,
            "hairpin" => flag(&mut p.hairpin)?,
            "fastleave" => flag(&mut p.fastleave)?,
            "root_block" => flag(&mut p.root_block)?,
            "learning" => flag(&mut p.learning)?,
            "flood" => flag(&mut p.flood)?,
            "mcast_flood" => flag(&mut p.mcast_flood)?,
            "bcast_flood" => flag(&mut p.bcast_flood)?,
            "mcast_to_unicast" => flag(&mut p.mcast_to_unicast)?,
            "proxy_arp" => flag(&mut p.proxy_arp)?,
            "neigh_suppress" => flag(&mut p.neigh_suppress)?,
            "isolated" => flag(&mut p.isolated)?,
            other => return Err(usage(format!("bridge_slave: unknown argument {other:?}"))),
        }
    }
    Ok(p)
}

/// The words after `encap`: `ip id N dst A [src A] [tos N] [ttl N]` or
/// `seg6 mode inline|encap|l2encap segs A[,B...]` (up to the next word
/// that is not theirs).
fn route_encap<S: AsRef<str>>(w: &mut Words<'_, S>) -> Result<rtsock::change::RouteEncap, Error> {
    use rtsock::change::RouteEncap;
    match w.value("encap", "ip, ip6, seg6, seg6local or mpls")? {
        "ip" => {
            let (mut id, mut dst, mut src, mut tos, mut ttl) = (None, None, None, None, None);
            while let Some(word) = w.peek() {
                if !["id", "dst", "src", "tos", "ttl"].contains(&word) {
                    break;
                }
                w.next();
                match word {
                    "id" => id = Some(w.number::<u64>(word)?),
                    "dst" => dst = Some(w.ip(word)?),
                    "src" => src = Some(w.ip(word)?),
                    "tos" => tos = Some(w.number::<u8>(word)?),
                    _ => ttl = Some(w.number::<u8>(word)?),
                }
            }
            Ok(RouteEncap::Ip {
                id: id.ok_or_else(|| usage("encap ip needs id N"))?,
                dst: dst.ok_or_else(|| usage("encap ip needs dst ADDRESS"))?,
                src,
                tos,
                ttl,
            })
        }
        "seg6" => {
            let (mut mode, mut segments) = (1, Vec::new());
            while let Some(word) = w.peek() {
                match word {
                    "mode" => {
                        w.next();
                        let m = w.value("mode", "inline, encap or l2encap")?;
                        mode = ["inline", "encap", "l2encap"]
                            .iter()
                            .position(|x| *x == m)
                            .ok_or_else(|| usage(format!("seg6 mode {m:?}")))?
                            as i32;
                    }
                    "segs" => {
                        w.next();
                        for a in w
                            .value("segs", "IPv6 addresses, comma-separated")?
                            .split(',')
                        {
                            segments.push(
                                a.parse()
                                    .map_err(|_| usage(format!("segs: {a:?} is not IPv6")))?,
                            );
                        }
                    }
                    _ => break,
                }
            }
            if segments.is_empty() {
                return Err(usage("encap seg6 needs segs A[,B...]"));
            }
            Ok(RouteEncap::Seg6 { mode, segments })
        }
        "mpls" => {
            let labels = mpls_label_list(w.value("mpls", "labels (100/200)")?)?;
            let mut ttl = None;
            if w.peek() == Some("ttl") {
                w.next();
                ttl = Some(w.number::<u8>("ttl")?);
            }
            Ok(RouteEncap::Mpls { labels, ttl })
        }
        "ip6" => {
            let (mut id, mut dst, mut src, mut tc, mut hoplimit) = (None, None, None, None, None);
            let v6 = |a: IpAddr, word: &str| match a {
                IpAddr::V6(a) => Ok(a),
                IpAddr::V4(_) => Err(usage(format!("encap ip6 {word}: an IPv6 address"))),
            };
            while let Some(word) = w.peek() {
                if !["id", "dst", "src", "tc", "hoplimit"].contains(&word) {
                    break;
                }
                w.next();
                match word {
                    "id" => id = Some(w.number::<u64>(word)?),
                    "dst" => dst = Some(v6(w.ip(word)?, word)?),
                    "src" => src = Some(v6(w.ip(word)?, word)?),
                    "tc" => tc = Some(w.number::<u8>(word)?),
                    _ => hoplimit = Some(w.number::<u8>(word)?),
                }
            }
            Ok(RouteEncap::Ip6 {
                id: id.ok_or_else(|| usage("encap ip6 needs id N"))?,
                dst: dst.ok_or_else(|| usage("encap ip6 needs dst ADDRESS"))?,
                src,
                tc,
                hoplimit,
            })
        }
        "seg6local" => {
            let (mut action, mut table, mut vrftable, mut nh4, mut nh6) =
                (None, None, None, None, None);
            while let Some(word) = w.peek() {
                if !["action", "table", "vrftable", "nh4", "nh6"].contains(&word) {
                    break;
                }
                w.next();
                match word {
                    "action" => {
                        let a = w.value(word, "a behaviour (End, End.DT6, ...)")?;
                        action = Some(
                            rtsock::change::SEG6_LOCAL_ACTIONS
                                .iter()
                                .find(|(_, n)| *n == a)
                                .map(|(v, _)| *v)
                                .ok_or_else(|| usage(format!("seg6local action {a:?}")))?,
                        );
                    }
                    "table" => table = Some(table_arg(w, word)?),
                    "vrftable" => vrftable = Some(table_arg(w, word)?),
                    "nh4" => match w.ip(word)? {
                        IpAddr::V4(a) => nh4 = Some(a),
                        _ => return Err(usage("nh4: an IPv4 address")),
                    },
                    _ => match w.ip(word)? {
                        IpAddr::V6(a) => nh6 = Some(a),
                        _ => return Err(usage("nh6: an IPv6 address")),
                    },
                }
            }
            Ok(RouteEncap::Seg6Local {
                action: action.ok_or_else(|| usage("encap seg6local needs action A"))?,
                table,
                vrftable,
                nh4,
                nh6,
            })
        }
        other => Err(Error::Unsupported(format!(
            "encap {other:?} (ip, ip6, seg6, seg6local, mpls)"
        ))),
    }
}

/// `on` or `off`, as `ip link set` takes them.
fn on_off(word: &str, value: &str) -> Result<bool, Error> {
    match value {
        "on" => Ok(true),
        "off" => Ok(false),
        other => Err(usage(format!("{word} {other:?}: on or off"))),
    }
}

fn link_kind(
    name: &str,
    vlan_id: Option<u16>,
    protocol: VlanProtocol,
    mode: Option<&str>,
    vxlan: Vxlan,
    peer: Option<(String, Option<Netns>)>,
) -> Result<LinkKind, Error> {
    let macvlan_mode = || -> Result<MacvlanMode, Error> {
        match mode {
            None => Ok(MacvlanMode::Vepa),
            Some(m) => MacvlanMode::parse(m).ok_or_else(|| usage(format!("mode {m:?}: unknown"))),
        }
    };
    Ok(match name {
        "veth" => {
            let (peer, peer_netns) = peer.ok_or_else(|| usage("type veth needs peer NAME"))?;
            LinkKind::Veth { peer, peer_netns }
        }
        "bridge" => LinkKind::Bridge,
        "vlan" => LinkKind::Vlan {
            id: vlan_id.ok_or_else(|| usage("type vlan needs id N"))?,
            protocol,
        },
        "macvlan" => LinkKind::Macvlan {
            mode: macvlan_mode()?,
        },
        "macvtap" => LinkKind::Macvtap {
            mode: macvlan_mode()?,
        },
        "vxlan" => LinkKind::Vxlan(vxlan),
        "bond" => LinkKind::Bond {
            mode: mode.map(bond_mode).transpose()?,
        },
        "dummy" => LinkKind::Dummy,
        "ifb" => LinkKind::Ifb,
        "tun" => LinkKind::Tun,
        "tap" => LinkKind::Tap,
        other => return Err(usage(format!("type {other:?}: not supported"))),
    })
}

fn bond_mode(text: &str) -> Result<u8, Error> {
    parse_number(text)
        .or_else(|| rtsock::change::bond_mode_number(text))
        .ok_or_else(|| usage(format!("bond mode {text:?}: unknown")))
}

fn parse_netns(text: &str) -> Netns {
    match text.parse() {
        Ok(pid) => Netns::Pid(pid),
        Err(_) => Netns::Named(text.to_owned()),
    }
}

fn parse_address<S: AsRef<str>>(args: &[S]) -> Result<ChangeCommand, Error> {
    let mut w = Words::new(args);
    let verb = verb_of(
        w.next(),
        &[Verb::Add, Verb::Replace, Verb::Change, Verb::Delete],
    )?;
    let mut local: Option<IpNet> = None;
    let mut dev: Option<&str> = None;
    let mut spec_opts = AddressSpec::new(IpNet::host(IpAddr::from([0, 0, 0, 0])), "");
    while let Some(word) = w.next() {
        match word {
            "dev" => dev = Some(w.value(word, "an interface")?),
            "local" => local = Some(w.value(word, "an address")?.parse()?),
            "peer" | "remote" => spec_opts.peer = Some(w.value(word, "an address")?.parse()?),
            "broadcast" | "brd" => {
                let b = w.value(word, "an address or +")?;
                spec_opts.broadcast = Some(match b {
                    "+" => Broadcast::Auto,
                    a => Broadcast::Addr(
                        a.parse()
                            .map_err(|_| usage(format!("brd {a:?}: not an IPv4 address")))?,
                    ),
                });
            }
            "label" => spec_opts.label = Some(w.value(word, "a label")?.to_owned()),
            "scope" => spec_opts.scope = Some(parse_scope(w.value(word, "a scope")?)?),
            "valid_lft" => spec_opts.valid_lft = Some(lifetime(&mut w, word)?),
            "preferred_lft" => spec_opts.preferred_lft = Some(lifetime(&mut w, word)?),
            "nodad" => spec_opts.nodad = true,
            "noprefixroute" => spec_opts.noprefixroute = true,
            "metric" | "priority" => spec_opts.metric = Some(w.number(word)?),
            // iproute2's rt_addrprotos names, or a number.
            "proto" | "protocol" => {
                spec_opts.protocol = Some(match w.value(word, "a protocol")? {
                    "unspec" => 0,
                    "kernel_lo" => 1,
                    "kernel_ra" => 2,
                    "kernel_ll" => 3,
                    n => n
                        .parse()
                        .map_err(|_| usage(format!("proto {n:?}: a number or kernel_lo|ra|ll")))?,
                })
            }
            addr if local.is_none() => local = Some(addr.parse()?),
            other => return Err(usage(format!("address: unknown argument {other:?}"))),
        }
    }
    let local = local.ok_or_else(|| usage("which address?"))?;
    let dev = dev.ok_or_else(|| usage("address needs dev NAME"))?;
    Ok(ChangeCommand::Address(
        verb,
        AddressSpec {
            local,
            dev: dev.into(),
            ..spec_opts
        },
    ))
}

fn parse_route<S: AsRef<str>>(args: &[S], family: Option<u8>) -> Result<ChangeCommand, Error> {
    let mut w = Words::new(args);
    let verb = verb_of(
        w.next(),
        &[
            Verb::Add,
            Verb::Replace,
            Verb::Append,
            Verb::Change,
            Verb::Delete,
        ],
    )?;
    let mut spec = RouteSpec {
        family,
        ..RouteSpec::default()
    };
    let mut dst_given = false;
    while let Some(word) = w.next() {
        match word {
            "via" => {
                if matches!(w.peek(), Some("inet" | "inet6")) {
                    w.next();
                }
                spec.gateway = Some(w.ip(word)?);
            }
            "dev" | "oif" => spec.dev = Some(w.value(word, "an interface")?.into()),
            "table" => spec.table = Some(table_arg(&mut w, word)?),
            "metric" | "priority" | "preference" => spec.metric = Some(w.number(word)?),
            "pref" => {
                spec.pref = Some(match w.value(word, "low, medium or high")? {
                    "low" => 3,
                    "medium" => 0,
                    "high" => 1,
                    other => return Err(usage(format!("pref {other:?}: low, medium or high"))),
                })
            }
            "expires" => spec.expires = Some(w.number(word)?),
            "encap" => spec.encap = Some(route_encap(&mut w)?),
            "proto" | "protocol" => {
                spec.protocol = Some(parse_protocol(w.value(word, "a protocol")?)?)
            }
            "scope" => spec.scope = Some(parse_scope(w.value(word, "a scope")?)?),
            "src" => spec.prefsrc = Some(w.ip(word)?),
            "tos" | "dsfield" => spec.tos = w.number(word)?,
            "nhid" => spec.nhid = Some(w.number(word)?),
            "onlink" => spec.onlink = true,
            "nexthop" => spec.nexthops.push(parse_nexthop(&mut w)?),
            "lock" => {
                let name = w.value(word, "a metric")?;
                let n =
                    metric_number(name).ok_or_else(|| usage(format!("{name:?}: not a metric")))?;
                let value: u32 = w.number(name)?;
                spec.metrics.push((n, value));
                lock_metric(&mut spec, n);
            }
            "default" if !dst_given => dst_given = true,
            t if !dst_given && route_type(t).is_some() => spec.kind = route_type(t),
            m if metric_number(m).is_some() => {
                let value: u32 = w.number(m)?;
                spec.metrics.push((metric_number(m).unwrap_or(0), value));
            }
            // `ip -f mpls route add LABEL [as [to] LABELS]`.
            label if !dst_given && family == Some(AF_MPLS) => {
                let label = mpls_label_list(label)?;
                let [label] = label[..] else {
                    return Err(usage(format!("{label:?}: one incoming label")));
                };
                spec.mpls = Some(MplsRoute {
                    label,
                    out: Vec::new(),
                });
                dst_given = true;
            }
            "as" if family == Some(AF_MPLS) => {
                if w.peek() == Some("to") {
                    w.next();
                }
                let labels = mpls_label_list(w.value(word, "labels (100/200)")?)?;
                if let Some(m) = spec.mpls.as_mut() {
                    m.out = labels;
                }
            }
            prefix if !dst_given => {
                spec.dst = Some(prefix.parse()?);
                dst_given = true;
            }
            other => return Err(usage(format!("route: unknown argument {other:?}"))),
        }
    }
    if !dst_given {
        return Err(usage("which destination? (PREFIX or default)"));
    }
    Ok(ChangeCommand::Route(verb, spec))
}

/// MPLS labels as ip writes them, `100/200`, each 0 to 1048575.
fn mpls_label_list(text: &str) -> Result<Vec<u32>, Error> {
    text.split('/')
        .map(|l| {
            l.parse::<u32>()
                .ok()
                .filter(|&v| v <= rtsock::change::MPLS_LABEL_MAX)
                .ok_or_else(|| usage(format!("mpls label {l:?}: 0 to 1048575")))
        })
        .collect()
}

fn metric_number(name: &str) -> Option<u16> {
    METRIC_NAMES
        .iter()
        .find(|(_, n)| *n == name)
        .map(|(k, _)| *k)
}

/// `lock NAME`: sets the metric's bit in RTAX_LOCK.
fn lock_metric(spec: &mut RouteSpec, metric: u16) {
    const RTAX_LOCK: u16 = 1;
    let bit = 1u32 << metric;
    match spec.metrics.iter_mut().find(|(k, _)| *k == RTAX_LOCK) {
        Some((_, v)) => *v |= bit,
        None => spec.metrics.push((RTAX_LOCK, bit)),
    }
}

fn parse_nexthop<S: AsRef<str>>(w: &mut Words<S>) -> Result<NextHopSpec, Error> {
    let mut hop = NextHopSpec {
        gateway: None,
        dev: None,
        weight: 1,
        onlink: false,
        labels: Vec::new(),
    };
    while let Some(word) = w.peek() {
        match word {
            "via" => {
                w.next();
                if matches!(w.peek(), Some("inet" | "inet6")) {
                    w.next();
                }
                hop.gateway = Some(w.ip("via")?);
            }
            "dev" => {
                w.next();
                hop.dev = Some(w.value("dev", "an interface")?.into());
            }
            "weight" => {
                w.next();
                hop.weight = w.number("weight")?;
            }
            // An MPLS path's outgoing labels (`nexthop as [to] 200/300`).
            "as" => {
                w.next();
                if w.peek() == Some("to") {
                    w.next();
                }
                hop.labels = mpls_label_list(w.value("as", "labels (100/200)")?)?;
            }
            "onlink" => {
                w.next();
                hop.onlink = true;
            }
            _ => break,
        }
    }
    Ok(hop)
}

fn parse_state(text: &str) -> Result<u16, Error> {
    let mut state = 0;
    for part in text.split(',') {
        let upper = part.to_ascii_uppercase();
        let bit = NUD_NAMES
            .iter()
            .find(|(_, n)| *n == upper)
            .map(|(b, _)| *b)
            .ok_or_else(|| usage(format!("nud {part:?}: unknown state")))?;
        state |= bit;
    }
    Ok(state)
}

fn parse_neighbour<S: AsRef<str>>(args: &[S]) -> Result<ChangeCommand, Error> {
    let mut w = Words::new(args);
    let verb = verb_of(
        w.next(),
        &[Verb::Add, Verb::Replace, Verb::Change, Verb::Delete],
    )?;
    let mut dst: Option<IpAddr> = None;
    let mut dev: Option<&str> = None;
    let mut lladdr = None;
    let mut state = None;
    let mut flags = 0;
    while let Some(word) = w.next() {
        match word {
            "dev" => dev = Some(w.value(word, "an interface")?),
            "lladdr" => lladdr = Some(w.mac(word)?),
            "nud" => state = Some(parse_state(w.value(word, "a state")?)?),
            "router" => flags |= NTF_ROUTER,
            "proxy" => flags |= NTF_PROXY,
            "to" => dst = Some(w.ip(word)?),
            addr if dst.is_none() => {
                dst = Some(
                    addr.parse()
                        .map_err(|_| usage(format!("{addr:?}: not an IP address")))?,
                )
            }
            other => return Err(usage(format!("neigh: unknown argument {other:?}"))),
        }
    }
    let dst = dst.ok_or_else(|| usage("which address?"))?;
    let dev = dev.ok_or_else(|| usage("neigh needs dev NAME"))?;
    let mut spec = NeighbourSpec::ip(dst, dev).flags(flags);
    spec.lladdr = lladdr;
    spec.state = state;
    Ok(ChangeCommand::Neighbour(verb, spec))
}

/// `bridge fdb add|replace|del MAC dev PORT [master|self] [dst IP] [vlan N] [static|permanent|dynamic]`.
pub fn parse_fdb<S: AsRef<str>>(args: &[S]) -> Result<ChangeCommand, Error> {
    let mut w = Words::new(args);
    let verb = verb_of(w.next(), &[Verb::Add, Verb::Replace, Verb::Delete])?;
    let mac = w.mac("fdb")?;
    let mut dev = None;
    let mut flags = 0;
    let mut state = NUD_NOARP;
    let mut dst = None;
    let mut vlan = None;
    while let Some(word) = w.next() {
        match word {
            "dev" => dev = Some(w.value(word, "an interface")?),
            "master" => flags |= NTF_MASTER,
            "self" => flags |= NTF_SELF,
            "dst" => dst = Some(w.ip(word)?),
            "vlan" => vlan = Some(w.number(word)?),
            "permanent" | "local" => state |= NUD_PERMANENT,
            "static" | "temp" => state |= NUD_REACHABLE,
            "dynamic" => state = (state | NUD_REACHABLE) & !NUD_NOARP,
            other => return Err(usage(format!("fdb: unknown argument {other:?}"))),
        }
    }
    let dev = dev.ok_or_else(|| usage("fdb needs dev NAME"))?;
    if flags == 0 {
        flags = NTF_SELF; // as `bridge fdb`
    }
    let mut spec = NeighbourSpec::fdb(mac, dev).flags(flags).state(state);
    spec.dst = dst;
    spec.vlan = vlan;
    Ok(ChangeCommand::Neighbour(verb, spec))
}

fn rule_prefix<S: AsRef<str>>(w: &mut Words<S>, after: &str) -> Result<Option<IpNet>, Error> {
    match w.value(after, "a prefix")? {
        "all" => Ok(None),
        p => Ok(Some(p.parse()?)),
    }
}

fn parse_rule<S: AsRef<str>>(args: &[S], family: Option<u8>) -> Result<ChangeCommand, Error> {
    let mut w = Words::new(args);
    let verb = verb_of(w.next(), &[Verb::Add, Verb::Delete])?;
    let mut spec = RuleSpec {
        family,
        ..RuleSpec::default()
    };
    while let Some(word) = w.next() {
        match word {
            "not" => spec.invert = true,
            "from" => spec.src = rule_prefix(&mut w, word)?,
            "to" => spec.dst = rule_prefix(&mut w, word)?,
            "tos" | "dsfield" => spec.tos = w.number(word)?,
            "fwmark" => {
                let text = w.value(word, "a mark")?;
                let (mark, mask) = match text.split_once('/') {
                    Some((m, k)) => (m, Some(k)),
                    None => (text, None),
                };
                let num = |t: &str| {
                    parse_number::<u32>(t).ok_or_else(|| usage(format!("fwmark {text:?}: bad")))
                };
                spec.fwmark = Some(num(mark)?);
                spec.fwmask = mask.map(num).transpose()?;
            }
            "iif" | "dev" => spec.iif = Some(w.value(word, "an interface")?.to_owned()),
            "oif" => spec.oif = Some(w.value(word, "an interface")?.to_owned()),
            "priority" | "pref" | "preference" | "order" => spec.priority = Some(w.number(word)?),
            "table" | "lookup" => spec.table = Some(table_arg(&mut w, word)?),
            "blackhole" => spec.action = Some(FR_ACT_BLACKHOLE),
            "unreachable" => spec.action = Some(FR_ACT_UNREACHABLE),
            "prohibit" => spec.action = Some(FR_ACT_PROHIBIT),
            "nop" => spec.action = Some(FR_ACT_NOP),
            "goto" => {
                spec.goto = Some(w.number(word)?);
                spec.action = Some(FR_ACT_GOTO);
            }
            "uidrange" => {
                let (a, b) = range(word, w.value(word, "A-B")?)?;
                spec.uid_range = Some((a, b));
            }
            "ipproto" => {
                spec.ip_proto = Some(match w.value(word, "a protocol")? {
                    "icmp" => 1,
                    "tcp" => 6,
                    "udp" => 17,
                    "ipv6-icmp" | "icmpv6" => 58,
                    "sctp" => 132,
                    n => n
                        .parse()
                        .map_err(|_| usage(format!("ipproto {n:?}: a name or number")))?,
                })
            }
            "sport" | "dport" => {
                let text = w.value(word, "a port or A-B")?;
                let (a, b) = if text.contains('-') {
                    range(word, text)?
                } else {
                    let p = text
                        .parse()
                        .map_err(|_| usage(format!("{word} {text:?}: a port")))?;
                    (p, p)
                };
                let port = |v: u32| {
                    u16::try_from(v).map_err(|_| usage(format!("{word} {text:?}: a port")))
                };
                let pair = (port(a)?, port(b)?);
                if word == "sport" {
                    spec.sport = Some(pair);
                } else {
                    spec.dport = Some(pair);
                }
            }
            "suppress_prefixlength" | "sup_pl" => {
                spec.suppress_prefixlength = Some(w.number(word)?)
            }
            "suppress_ifgroup" | "sup_group" => {
                spec.suppress_ifgroup = Some(match w.value(word, "a group")? {
                    "default" => 0,
                    n => n
                        .parse()
                        .map_err(|_| usage(format!("{word} {n:?}: a group")))?,
                })
            }
            "l3mdev" => spec.l3mdev = true,
            "protocol" | "proto" => {
                let p = w.value(word, "a protocol")?;
                let p: rtsock::types::RouteProtocol =
                    p.parse().map_err(|e| usage(format!("protocol: {e}")))?;
                spec.protocol = Some(p.into());
            }
            other => return Err(usage(format!("rule: unknown argument {other:?}"))),
        }
    }
    Ok(ChangeCommand::Rule(verb, spec))
}

/// `A-B` (both inclusive), as `uidrange`, `sport` and `dport` take it.
fn range(word: &str, text: &str) -> Result<(u32, u32), Error> {
    let bad = || usage(format!("{word} {text:?}: A-B"));
    let (a, b) = text.split_once('-').ok_or_else(bad)?;
    let (a, b): (u32, u32) = (a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?);
    if a > b {
        return Err(bad());
    }
    Ok((a, b))
}

/// The interface a command is about, for tests.
#[cfg(test)]
fn dev_of(cmd: &ChangeCommand) -> Option<&Interface> {
    match cmd {
        ChangeCommand::Link(_, s) => s.dev.as_ref(),
        ChangeCommand::Address(_, s) => Some(&s.dev),
        ChangeCommand::Route(_, s) => s.dev.as_ref(),
        ChangeCommand::Neighbour(_, s) => Some(&s.dev),
        _ => None,
    }
}

mod nexthop;
mod tunnel;
use nexthop::parse_nexthop_object;

#[cfg(test)]
mod tests;
