//! The words after `type gre|gretap|ip6gre|ip6gretap|ipip|sit|ip6tnl|
//! vti|vti6|macsec|team|netkit`, as iproute2's link_*.c parsers read them.

use super::*;
use rtsock::change::{IpTunnel, LinkKind, LinkSpec, MACSEC_CIPHERS, Macsec, Netkit, NetkitPolicy};

/// A GRE or VTI key: a number or a dotted quad (tnl_parse_key).
fn key(text: &str) -> Result<u32, Error> {
    if let Ok(a) = text.parse::<std::net::Ipv4Addr>() {
        return Ok(u32::from(a));
    }
    parse_number(text).ok_or_else(|| usage(format!("key {text:?}: a number or a dotted quad")))
}

/// The carried protocol of `mode` for ipip, sit and ip6tnl.
fn mode(kind: &str, word: &str) -> Result<u8, Error> {
    Ok(match (kind, word) {
        ("sit", "ipv6/ipv4" | "ip6ip") => 41,
        ("ip6tnl", "ipv6/ipv6" | "ip6ip6") => 41,
        ("ip6tnl", "ipv4/ipv6" | "ipip6") => 4,
        ("ipip" | "sit", "ipv4/ipv4" | "ipip" | "ip4ip4") => 4,
        ("ipip" | "sit", "mpls/ipv4" | "mplsip") => 137,
        ("ip6tnl", "mpls/ipv6" | "mplsip6") => 137,
        (_, "any" | "any/ipv4" | "any/ipv6") => 0,
        _ => return Err(usage(format!("{kind} mode {word:?}: unknown"))),
    })
}

/// The tunnel kinds' words, or None when `name` is not one of them.
pub(super) fn ip_tunnel<S: AsRef<str>>(
    name: &str,
    w: &mut Words<'_, S>,
    spec: &mut LinkSpec,
) -> Result<Option<LinkKind>, Error> {
    match name {
        "team" => return Ok(Some(LinkKind::Team)),
        "netkit" => return Ok(Some(LinkKind::Netkit(netkit(w)?))),
        "macsec" => return Ok(Some(LinkKind::Macsec(macsec(w)?))),
        "gre" | "gretap" | "ip6gre" | "ip6gretap" | "ipip" | "sit" | "ip6tnl" | "vti" | "vti6" => {}
        _ => return Ok(None),
    }
    let mut t = IpTunnel::default();
    while let Some(word) = w.next() {
        match word {
            "remote" => t.remote = Some(w.ip(word)?),
            "local" => t.local = Some(w.ip(word)?),
            "dev" => spec.link = Some(w.value(word, "an interface")?.into()),
            "ttl" | "hoplimit" | "hlim" => {
                t.ttl = Some(match w.value(word, "a number or inherit")? {
                    "inherit" => 0,
                    n => parse_number(n).ok_or_else(|| usage(format!("{word} {n:?}")))?,
                })
            }
            "tos" | "dsfield" | "tclass" if !name.starts_with("vti") => {
                t.tos = match w.value(word, "a number or inherit")? {
                    "inherit" => 1,
                    n => u8::from_str_radix(n.trim_start_matches("0x"), 16)
                        .map_err(|_| usage(format!("{word} {n:?}: hex")))?,
                }
            }
            "key" => {
                let k = key(w.value(word, "a key")?)?;
                (t.ikey, t.okey) = (Some(k), Some(k));
            }
            "ikey" => t.ikey = Some(key(w.value(word, "a key")?)?),
            "okey" => t.okey = Some(key(w.value(word, "a key")?)?),
            "csum" => t.csum = (true, true),
            "icsum" => t.csum.0 = true,
            "ocsum" => t.csum.1 = true,
            "seq" => t.seq = (true, true),
            "iseq" => t.seq.0 = true,
            "oseq" => t.seq.1 = true,
            "pmtudisc" => t.pmtudisc = true,
            "nopmtudisc" => t.pmtudisc = false,
            "mode" if matches!(name, "ipip" | "sit" | "ip6tnl") => {
                t.mode = mode(name, w.value(word, "a mode")?)?
            }
            "encaplimit" => t.encap_limit = Some(w.number(word)?),
            "fwmark" => t.fwmark = w.number(word)?,
            "external" => t.external = true,
            other => return Err(usage(format!("{name}: unknown argument {other:?}"))),
        }
    }
    t.check(name)?;
    Ok(Some(match name {
        "gre" => LinkKind::Gre(t),
        "gretap" => LinkKind::Gretap(t),
        "ip6gre" => LinkKind::Ip6gre(t),
        "ip6gretap" => LinkKind::Ip6gretap(t),
        "ipip" => LinkKind::Ipip(t),
        "sit" => LinkKind::Sit(t),
        "ip6tnl" => LinkKind::Ip6tnl(t),
        "vti" => LinkKind::Vti(t),
        _ => LinkKind::Vti6(t),
    }))
}

/// `on` or `off`.
fn switch(word: &str, w: &mut Words<'_, impl AsRef<str>>) -> Result<bool, Error> {
    on_off(word, w.value(word, "on or off")?)
}

/// The words after `type macsec` (macsec_parse_opt).
fn macsec<S: AsRef<str>>(w: &mut Words<'_, S>) -> Result<Macsec, Error> {
    let mut m = Macsec::default();
    while let Some(word) = w.next() {
        match word {
            "port" => m.port = Some(w.number(word)?),
            "sci" => {
                let text = w.value(word, "64 bits in hex")?;
                m.sci = Some(
                    u64::from_str_radix(text.trim_start_matches("0x"), 16)
                        .map_err(|_| usage(format!("sci {text:?}: hex")))?,
                );
            }
            "encrypt" => m.encrypt = Some(switch(word, w)?),
            "send_sci" => m.send_sci = Some(switch(word, w)?),
            "end_station" => m.end_station = Some(switch(word, w)?),
            "scb" => m.scb = Some(switch(word, w)?),
            "protect" => m.protect = Some(switch(word, w)?),
            "validate" => {
                let v = w.value(word, "strict, check or disabled")?;
                m.validate = Some(match v {
                    "disabled" => 0,
                    "check" => 1,
                    "strict" => 2,
                    _ => return Err(usage(format!("validate {v:?}"))),
                });
            }
            "cipher" => {
                let c = w.value(word, "a cipher suite")?.to_ascii_lowercase();
                let id = if c == "default" {
                    "gcm-aes-128"
                } else {
                    c.as_str()
                };
                m.cipher = Some(
                    MACSEC_CIPHERS
                        .iter()
                        .find(|(n, _)| *n == id)
                        .map(|(_, v)| *v)
                        .ok_or_else(|| usage(format!("cipher {c:?}")))?,
                );
            }
            "icvlen" => m.icv_len = Some(w.number(word)?),
            "replay" => {
                let on = switch(word, w)?;
                let window = m.replay.map_or(0, |r| r.1);
                m.replay = Some((on, window));
            }
            "window" => {
                let on = m.replay.is_some_and(|r| r.0);
                m.replay = Some((on, w.number(word)?));
            }
            "encodingsa" => m.encoding_sa = Some(w.number(word)?),
            other => return Err(usage(format!("macsec: unknown argument {other:?}"))),
        }
    }
    Ok(m)
}

/// `[mode l2|l3] [forward|blackhole] [scrub none|default] [peer
/// [forward|blackhole] [scrub ...] [name NAME]]` (netkit_parse_opt): after
/// `peer`, the policy and scrub words are the peer's.
fn netkit<S: AsRef<str>>(w: &mut Words<'_, S>) -> Result<Netkit, Error> {
    let mut n = Netkit::default();
    let mut peer = false;
    while let Some(word) = w.next() {
        match word {
            "mode" if !peer => {
                n.l2 = Some(match w.value(word, "l2 or l3")? {
                    "l2" => true,
                    "l3" => false,
                    other => return Err(usage(format!("netkit mode {other:?}: l2 or l3"))),
                })
            }
            "forward" | "blackhole" => {
                let p = if word == "forward" {
                    NetkitPolicy::Forward
                } else {
                    NetkitPolicy::Blackhole
                };
                *(if peer {
                    &mut n.peer_policy
                } else {
                    &mut n.policy
                }) = Some(p);
            }
            "scrub" => {
                let on = match w.value(word, "none or default")? {
                    "default" => true,
                    "none" => false,
                    other => return Err(usage(format!("scrub {other:?}: none or default"))),
                };
                *(if peer {
                    &mut n.peer_scrub
                } else {
                    &mut n.scrub
                }) = Some(on);
            }
            "peer" if !peer => peer = true,
            "name" if peer => n.peer = Some(w.value(word, "a name")?.to_owned()),
            other => return Err(usage(format!("netkit: unknown argument {other:?}"))),
        }
    }
    Ok(n)
}
