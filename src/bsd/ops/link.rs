//! Links on the BSDs: clones created and destroyed, then MAC, name, MTU
//! and up/down, each through its ioctl (`ifconfig`'s way).

use super::super::ifreq::{self, epair_peer, is_unit_name};
use super::super::ioctl;
use super::super::layout::Os;
use super::super::sys::{Ioctl, Sys};
use super::ifname;
use crate::common::change::{IfGroup, LinkKind, LinkSpec, Verb, VlanProtocol};
use crate::common::error::{Error, Result};

/// Creates, changes or destroys a link.
pub fn link<S: Sys>(s: &mut S, verb: Verb, spec: &LinkSpec) -> Result<()> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let layout = s.layout();
    let dev = spec.dev.as_ref().expect("validated");
    let mut name = ifname(s, dev, &what)?;
    if spec.txqlen.is_some() || spec.master.is_some() || spec.nomaster || spec.netns.is_some() {
        return Err(Error::Unsupported(format!(
            "{what}: txqueuelen, master and netns on a BSD"
        )));
    }
    if spec.group.is_some()
        || spec.allmulticast.is_some()
        || spec.addrgenmode.is_some()
        || spec.gso_max_size.is_some()
        || spec.gro_max_size.is_some()
        || spec.bridge_port.is_some()
    {
        return Err(Error::Unsupported(format!(
            "{what}: numeric groups, allmulticast, addrgenmode, gso/gro sizes and bridge port settings through rtsock on a BSD (BSD groups are names, ifconfig's group; the bridge's ifconfig words; the kernel alone sets allmulti)"
        )));
    }
    match verb {
        Verb::Add => match &spec.kind {
            Some(LinkKind::Vlan { id, protocol }) => {
                let parent = match &spec.link {
                    Some(p) => ifname(s, p, &what)?,
                    None => return Err(Error::invalid(what, "a vlan needs its parent (link)")),
                };
                add_vlan(s, &name, &parent, *id, *protocol, &what)?;
            }
            Some(LinkKind::Veth { peer, peer_netns }) => {
                if peer_netns.is_some() {
                    return Err(Error::Unsupported(format!(
                        "{what}: a peer in another namespace on a BSD"
                    )));
                }
                add_pair(s, &name, peer, &what)?;
            }
            Some(
                kind @ (LinkKind::Gre(t)
                | LinkKind::Ip6gre(t)
                | LinkKind::Ipip(t)
                | LinkKind::Sit(t)
                | LinkKind::Ip6tnl(t)),
            ) => {
                // gre(4) carries GRE, gif(4) IPv4 or IPv6 in IPv4 or IPv6,
                // on both systems; ifconfig's `tunnel SRC DST` is all they
                // take from rtsock.
                let refused = [
                    (t.ttl.is_some(), "ttl"),
                    (t.tos != 0, "tos"),
                    (!t.pmtudisc, "nopmtudisc"),
                    (t.ikey.is_some() || t.okey.is_some(), "key"),
                    (
                        t.csum != (false, false) || t.seq != (false, false),
                        "csum and seq",
                    ),
                    (t.mode != 0, "mode"),
                    (t.encap_limit.is_some(), "encaplimit"),
                    (t.fwmark != 0, "fwmark"),
                    (t.external, "external"),
                    (spec.link.is_some(), "dev"),
                ];
                if let Some((_, word)) = refused.iter().find(|(on, _)| *on) {
                    return Err(Error::Unsupported(format!(
                        "{what}: {word} on a BSD {} tunnel (ifconfig's own words set what the kernel has of it)",
                        kind.name()
                    )));
                }
                let prefix = if matches!(kind, LinkKind::Gre(_) | LinkKind::Ip6gre(_)) {
                    "gre"
                } else {
                    "gif"
                };
                create_clone(s, &name, prefix, &what)?;
                match (t.local, t.remote) {
                    (Some(src), Some(dst)) => s.ioctl(
                        &mut ioctl::set_tunnel(&layout, &name, src, dst, &what)?,
                        &what,
                    )?,
                    (None, None) => {}
                    _ => {
                        return Err(Error::invalid(
                            what,
                            "a BSD tunnel takes both ends (local and remote) or neither",
                        ));
                    }
                }
            }
            _ => {
                let prefix = match (&spec.kind, layout.os) {
                    (Some(LinkKind::Bridge), _) => "bridge",
                    (Some(LinkKind::Tap), _) => "tap",
                    (Some(LinkKind::Tun), _) => "tun",
                    (Some(LinkKind::Dummy), Os::FreeBsd) => "lo",
                    (Some(LinkKind::Dummy), _) => "vether",
                    // wg(4) on both: keys and peers go through ifconfig's
                    // wg ioctls, not here.
                    (Some(LinkKind::Wireguard), _) => "wg",
                    _ => {
                        return Err(Error::Unsupported(format!(
                            "{what}: this kind of interface on a BSD"
                        )));
                    }
                };
                create_clone(s, &name, prefix, &what)?;
            }
        },
        Verb::Delete => return s.ioctl(&mut ioctl::destroy(&name, &what)?, &what),
        _ => {}
    }
    if let Some(mac) = &spec.address {
        s.ioctl(
            &mut ioctl::set_lladdr(&layout, &name, mac.as_bytes(), &what)?,
            &what,
        )?;
    }
    if let Some(new) = &spec.rename {
        s.ioctl(&mut ioctl::rename(&layout, &name, new, &what)?, &what)?;
        name = new.clone();
    }
    for g in &spec.groups {
        let join = matches!(g, IfGroup::Join(_));
        let mut call = ioctl::set_group(&layout, &name, g.name(), join, &what)?;
        // ifconfig ignores EEXIST on a join and ENOENT on a leave: the
        // interface is where it was asked to be.
        match s.ioctl(&mut call, &what) {
            Err(e) if e.errno() == Some(if join { libc::EEXIST } else { libc::ENOENT }) => {}
            other => other?,
        }
    }
    if let Some(text) = &spec.alias {
        s.ioctl(
            &mut ioctl::set_description(&layout, &name, text, &what)?,
            &what,
        )?;
    }
    if let Some(mtu) = spec.mtu {
        s.ioctl(&mut ioctl::set_mtu(&layout, &name, mtu, &what)?, &what)?;
    }
    let change = ioctl::FlagChange {
        up: spec.up,
        arp: spec.arp,
        promisc: spec.promisc,
    };
    if change != ioctl::FlagChange::default() {
        let mut flags = ioctl::get_flags(&name, &what)?;
        s.ioctl(&mut flags, &what)?;
        s.ioctl(&mut ioctl::set_flags(&s.layout(), &flags, change), &what)?;
    }
    Ok(())
}

/// Creates clone `name` of cloner `prefix`: by its own name when it is
/// `<prefix><unit>`; else (FreeBSD) the kernel names the clone, then it
/// is renamed.
fn create_clone<S: Sys>(s: &mut S, name: &str, prefix: &str, what: &str) -> Result<()> {
    if is_unit_name(name, prefix) {
        create(s, name, None, what)?;
    } else {
        unit_name_required(&s.layout().os, what, prefix)?;
        let made = create(s, prefix, None, what)?;
        rename_or_destroy(s, &made, name, what)?;
    }
    Ok(())
}

/// OpenBSD cannot rename, and `if_clone_lookup` takes only
/// `<cloner><unit>` names (no zero-padded unit): others are refused before
/// anything is created.
fn unit_name_required(os: &Os, what: &str, prefix: &str) -> Result<()> {
    if *os == Os::OpenBsd {
        return Err(Error::invalid(
            what.to_owned(),
            format!("OpenBSD cannot rename interfaces: name it {prefix}N"),
        ));
    }
    Ok(())
}

/// SIOCIFCREATE(2); the name the kernel gave.
fn create<S: Sys>(s: &mut S, name: &str, params: Option<Vec<u8>>, what: &str) -> Result<String> {
    let mut call = ioctl::create(&s.layout(), name, params, what)?;
    s.ioctl(&mut call, what)?;
    Ok(ioctl::created_name(&call))
}

fn destroy_quietly<S: Sys>(s: &mut S, name: &str, what: &str) {
    if let Ok(mut call) = ioctl::destroy(name, what) {
        let _ = s.ioctl(&mut call, what);
    }
}

/// Renames a clone the kernel named (`made`) to `name`, destroying it when
/// the rename fails so no stray interface is left.
fn rename_or_destroy<S: Sys>(s: &mut S, made: &str, name: &str, what: &str) -> Result<()> {
    if made == name {
        return Ok(());
    }
    let renamed = ioctl::rename(&s.layout(), made, name, what)
        .and_then(|mut call: Ioctl| s.ioctl(&mut call, what));
    if renamed.is_err() {
        destroy_quietly(s, made, what);
    }
    renamed
}

/// A vlan clone: FreeBSD passes a `vlanreq` to SIOCIFCREATE2 and renames
/// the result; OpenBSD creates `vlanN` (`svlanN` for 802.1ad), then sets
/// the parent and the tag.
fn add_vlan<S: Sys>(
    s: &mut S,
    name: &str,
    parent: &str,
    id: u16,
    protocol: VlanProtocol,
    what: &str,
) -> Result<()> {
    let params = ifreq::vlanreq(&s.layout(), parent, id, protocol.ethertype(), what)?;
    if s.layout().os == Os::FreeBsd {
        let made = create(s, "vlan", Some(params.to_vec()), what)?;
        return rename_or_destroy(s, &made, name, what);
    }
    let prefix = match protocol {
        VlanProtocol::Dot1Q => "vlan",
        VlanProtocol::Dot1AD => "svlan",
    };
    if !is_unit_name(name, prefix) {
        return unit_name_required(&Os::OpenBsd, what, prefix);
    }
    create(s, name, None, what)?;
    let configured = ioctl::set_parent(name, parent, what)
        .and_then(|mut c| s.ioctl(&mut c, what))
        .and_then(|()| ioctl::set_vnetid(&s.layout(), name, id.into(), what))
        .and_then(|mut c| s.ioctl(&mut c, what));
    if configured.is_err() {
        destroy_quietly(s, name, what);
    }
    configured
}

/// A veth-like pair: FreeBSD's epair (`epairNa`/`epairNb`, renamed to the
/// two names asked for), OpenBSD's pair(4) (two `pairN` patched together).
fn add_pair<S: Sys>(s: &mut S, name: &str, peer: &str, what: &str) -> Result<()> {
    if s.layout().os == Os::FreeBsd {
        let a = create(s, "epair", None, what)?;
        let b = epair_peer(&a).ok_or_else(|| {
            Error::invalid(what.to_owned(), format!("unexpected epair name {a:?}"))
        })?;
        // Destroying one end destroys both.
        rename_or_destroy(s, &b, peer, what)?;
        return rename_or_destroy(s, &a, name, what);
    }
    if !is_unit_name(name, "pair") || !is_unit_name(peer, "pair") {
        return Err(Error::invalid(
            what.to_owned(),
            "OpenBSD cannot rename interfaces: name both ends pairN",
        ));
    }
    create(s, name, None, what)?;
    if let Err(e) = create(s, peer, None, what) {
        destroy_quietly(s, name, what);
        return Err(e);
    }
    let patched = match s.ifindex(peer)? {
        Some(index) => {
            ioctl::set_pair(&s.layout(), name, index, what).and_then(|mut c| s.ioctl(&mut c, what))
        }
        None => Err(Error::invalid(what.to_owned(), format!("{peer} vanished"))),
    };
    if patched.is_err() {
        destroy_quietly(s, name, what);
        destroy_quietly(s, peer, what);
    }
    patched
}
