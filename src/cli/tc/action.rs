//! The actions of `tc filter ... action ...`, in tc's words: verdicts
//! (gact), mirred, police, skbedit, vlan and pedit.

use super::filter::{W, number};
use super::*;
use rtsock::change::{
    PACKET_TYPES, Pedit, Police, Skbedit, TcAction, Verdict, VlanAction, VlanOp, VlanTag,
};
use rtsock::common::kinds::qdisc::parse_handle;
use rtsock::common::kinds::tcfilter::spec::parse_protocol;

/// The action after `action`: a verdict (`drop`, `pass`, `gact drop`,
/// ...) or `mirred egress|ingress redirect|mirror dev DEV`.
pub(super) fn action(w: &mut W<'_, '_>) -> Result<TcAction, Error> {
    let mut word = w.value("action", "drop, pass, ... or mirred")?;
    if word == "gact" {
        word = w.value("gact", "drop, pass, continue, reclassify, pipe or trap")?;
    }
    if let Some(v) = Verdict::parse(word) {
        return Ok(TcAction::Gact(v));
    }
    match word {
        "police" => return police(w).map(TcAction::Police),
        "skbedit" => return skbedit(w).map(TcAction::Skbedit),
        "vlan" => return vlan(w).map(TcAction::Vlan),
        "pedit" => return pedit(w).map(TcAction::Pedit),
        _ => {}
    }
    if word != "mirred" {
        return Err(Error::Unsupported(format!(
            "action {word:?} (drop, pass, continue, reclassify, pipe, trap, mirred, police, skbedit, vlan, pedit)"
        )));
    }
    let ingress = match w.value("mirred", "egress or ingress")? {
        "egress" => false,
        "ingress" => true,
        other => return Err(usage(format!("mirred {other:?}: egress or ingress"))),
    };
    let mirror = match w.value("mirred", "redirect or mirror")? {
        "redirect" => false,
        "mirror" => true,
        other => return Err(usage(format!("mirred {other:?}: redirect or mirror"))),
    };
    if w.next() != Some("dev") {
        return Err(usage("mirred: dev DEV"));
    }
    let dev = w.value("dev", "a name")?.into();
    Ok(TcAction::Mirred {
        ingress,
        mirror,
        dev,
    })
}

/// The words after `police`, up to the next `action` or the end.
fn police(w: &mut W<'_, '_>) -> Result<Police, Error> {
    use rtsock::common::kinds::class::rate::{parse_rate, parse_size};
    let mut p = Police::drop_over(0, 0);
    p.exceed = Verdict::Reclassify;
    while let Some(word) = w.peek() {
        if word == "action" {
            break;
        }
        w.next();
        if let Some(v) = Verdict::parse(word) {
            p.exceed = v;
            continue;
        }
        let size32 =
            |bytes: u64| u32::try_from(bytes).map_err(|_| usage("a size of at most 4 GiB"));
        match word {
            "rate" => p.rate = parse_rate(w.value(word, "a rate")?)?,
            "burst" | "buffer" | "maxburst" => p.burst = parse_size(w.value(word, "a size")?)?,
            "mtu" | "minburst" => p.mtu = size32(parse_size(w.value(word, "a size")?)?)?,
            "peakrate" => p.peakrate = Some(parse_rate(w.value(word, "a rate")?)?),
            "avrate" => {
                p.avrate = Some(size32(parse_rate(w.value(word, "a rate")?)?)?);
            }
            "mpu" => p.mpu = w.number(word)?,
            "overhead" => p.overhead = w.number(word)?,
            // `conform-exceed EXCEED[/CONFORM]`: the verdict over the rate
            // first, as tc reads it.
            "conform-exceed" => {
                let text = w.value(word, "EXCEED[/CONFORM]")?;
                let verdict =
                    |t: &str| Verdict::parse(t).ok_or_else(|| usage(format!("verdict {t:?}")));
                match text.split_once('/') {
                    Some((exceed, conform)) => {
                        p.exceed = verdict(exceed)?;
                        p.conform = Some(verdict(conform)?);
                    }
                    None => p.exceed = verdict(text)?,
                }
            }
            other => return Err(usage(format!("police: unknown argument {other:?}"))),
        }
    }
    if p.rate == 0 && p.avrate.is_none() {
        return Err(usage("police needs a rate or an avrate"));
    }
    if p.rate > 0 && p.burst == 0 && p.avrate.is_none() {
        return Err(usage("police: a rate needs a burst"));
    }
    Ok(p)
}

/// The verdict that may end an action (parse_action_control_dflt), else
/// `default`.
fn control(w: &mut W<'_, '_>, default: Verdict) -> Verdict {
    match w.peek().and_then(Verdict::parse) {
        Some(v) => {
            w.next();
            v
        }
        None => default,
    }
}

/// The words after `skbedit` (parse_skbedit).
fn skbedit(w: &mut W<'_, '_>) -> Result<Skbedit, Error> {
    let mut e = Skbedit::default();
    let mut any = false;
    while let Some(word) = w.peek() {
        match word {
            "queue_mapping" => {
                w.next();
                e.queue_mapping = Some(w.number(word)?);
            }
            "priority" => {
                w.next();
                let text = w.value(word, "a class (MAJ:MIN)")?;
                e.priority =
                    Some(parse_handle(text).ok_or_else(|| usage(format!("priority {text:?}")))?);
            }
            "mark" => {
                w.next();
                let text = w.value(word, "MARK[/MASK]")?;
                let (m, k) = match text.split_once('/') {
                    Some((m, k)) => (m, Some(k)),
                    None => (text, None),
                };
                e.mark = Some(number(m)?);
                e.mask = k.map(number).transpose()?;
            }
            "ptype" => {
                w.next();
                let text = w.value(word, "host, broadcast, multicast or otherhost")?;
                let t = PACKET_TYPES
                    .iter()
                    .find(|(name, _)| *name == text)
                    .ok_or_else(|| usage(format!("ptype {text:?}")))?;
                e.ptype = Some(t.1);
            }
            "inheritdsfield" => {
                w.next();
                e.inherit_dsfield = true;
            }
            _ => break,
        }
        any = true;
    }
    if !any {
        return Err(usage(
            "skbedit needs queue_mapping, priority, mark, ptype or inheritdsfield",
        ));
    }
    e.control = control(w, Verdict::Pipe);
    Ok(e)
}

/// The words after `vlan` (parse_vlan).
fn vlan(w: &mut W<'_, '_>) -> Result<VlanAction, Error> {
    let op = w.value("vlan", "pop, push, modify, pop_eth or push_eth")?;
    let mut tag = VlanTag {
        id: u16::MAX,
        protocol: None,
        priority: None,
    };
    let (mut dst, mut src) = (None, None);
    while let Some(word) = w.peek() {
        match word {
            "id" | "protocol" | "priority" if !matches!(op, "push" | "modify") => {
                return Err(usage(format!("vlan {word}: only with push or modify")));
            }
            "id" => {
                w.next();
                tag.id = w.number(word)?;
            }
            "protocol" => {
                w.next();
                let p = w.value(word, "802.1Q or 802.1ad")?;
                match parse_protocol(p) {
                    Some(id @ (0x8100 | 0x88a8)) => tag.protocol = Some(id),
                    _ => return Err(usage(format!("vlan protocol {p:?}: 802.1Q or 802.1ad"))),
                }
            }
            "priority" => {
                w.next();
                let p: u8 = w.number(word)?;
                if p > 7 {
                    return Err(usage(format!("vlan priority {p}: 0 to 7")));
                }
                tag.priority = Some(p);
            }
            "dst_mac" | "src_mac" if op != "push_eth" => {
                return Err(usage(format!("vlan {word}: only with push_eth")));
            }
            "dst_mac" => {
                w.next();
                dst = Some(w.mac(word)?);
            }
            "src_mac" => {
                w.next();
                src = Some(w.mac(word)?);
            }
            _ => break,
        }
    }
    let needs_id = || {
        if tag.id == u16::MAX {
            Err(usage(format!("vlan {op} needs id N")))
        } else if tag.id > 4095 {
            Err(usage(format!("vlan id {}: 0 to 4095", tag.id)))
        } else {
            Ok(tag)
        }
    };
    let op = match op {
        "pop" => VlanOp::Pop,
        "pop_eth" => VlanOp::PopEth,
        "push" => VlanOp::Push(needs_id()?),
        "modify" => VlanOp::Modify(needs_id()?),
        "push_eth" => VlanOp::PushEth {
            dst: dst.ok_or_else(|| usage("vlan push_eth needs dst_mac"))?,
            src: src.ok_or_else(|| usage("vlan push_eth needs src_mac"))?,
        },
        other => {
            return Err(usage(format!(
                "vlan {other:?}: pop, push, modify, pop_eth or push_eth"
            )));
        }
    };
    let mut v = VlanAction::new(op);
    v.control = control(w, Verdict::Pipe);
    Ok(v)
}

/// The value after `set` (the only pedit command rtsock builds).
fn set_value<'a>(w: &mut W<'a, '_>, after: &str) -> Result<&'a str, Error> {
    match w.next() {
        Some("set") => w.value("set", "a value"),
        Some(other) => Err(Error::Unsupported(format!(
            "pedit {after} {other:?} (set is supported)"
        ))),
        None => Err(usage(format!("pedit {after} needs set VALUE"))),
    }
}

/// The words after `pedit` (parse_pedit, the legacy form): `munge ip
/// src|dst set ADDR`, `munge ip tos|dsfield|ttl|protocol set N`, `munge
/// offset OFF u8|u16|u32 set VAL [retain R]`, repeated.
fn pedit(w: &mut W<'_, '_>) -> Result<Pedit, Error> {
    let mut p = Pedit::new();
    if w.peek() == Some("ex") {
        return Err(Error::Unsupported(
            "pedit ex (header-relative keys); the legacy munge form is supported".into(),
        ));
    }
    while w.peek() == Some("munge") {
        w.next();
        let place = w.value("munge", "ip or offset")?;
        p = match place {
            "ip" => {
                let field = w.value("ip", "src, dst, tos, dsfield, ttl or protocol")?;
                let text = set_value(w, field)?;
                match field {
                    "src" | "dst" => {
                        let a: std::net::Ipv4Addr = text
                            .parse()
                            .map_err(|_| usage(format!("{text:?}: an IPv4 address")))?;
                        if field == "src" {
                            p.ip_src(a)?
                        } else {
                            p.ip_dst(a)?
                        }
                    }
                    "tos" | "dsfield" | "ttl" | "protocol" => {
                        let v = number(text)?;
                        let v =
                            u8::try_from(v).map_err(|_| usage(format!("{field} {v}: a byte")))?;
                        match field {
                            "ttl" => p.ip_ttl(v)?,
                            "protocol" => p.ip_protocol(v)?,
                            _ => p.ip_tos(v)?,
                        }
                    }
                    other => {
                        return Err(Error::Unsupported(format!(
                            "pedit munge ip {other:?} (src, dst, tos, dsfield, ttl, protocol)"
                        )));
                    }
                }
            }
            "offset" => {
                let off: u32 = w.number("offset")?;
                let (width, full) = match w.value("offset", "u8, u16 or u32")? {
                    "u8" => (1, 0xff),
                    "u16" => (2, 0xffff),
                    "u32" => (4, u32::MAX),
                    other => return Err(usage(format!("offset {off} {other:?}: u8, u16 or u32"))),
                };
                let val = number(set_value(w, "offset")?)?;
                let mut retain = full;
                if w.peek() == Some("retain") {
                    w.next();
                    retain = number(w.value("retain", "a mask")?)?;
                }
                p.set(off, width, val, retain)?
            }
            other => {
                return Err(Error::Unsupported(format!(
                    "pedit munge {other:?} (ip, offset)"
                )));
            }
        };
    }
    if p.keys.is_empty() {
        return Err(usage("pedit needs munge ..."));
    }
    p.control = control(w, Verdict::Pass);
    Ok(p)
}
