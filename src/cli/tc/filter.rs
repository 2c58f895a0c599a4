//! `rtsock tc filter [show] dev DEV [parent P|root|ingress|egress]` and
//! `tc filter add|replace|change|del dev DEV parent P [protocol PROTO]
//! [prio N] [handle H] [chain N] u32 match ... flowid C`, in tc's words.

use super::action::action;
use super::*;
use rtsock::LinkAddr;
use rtsock::change::{
    Basic, Bpf, BpfProgram, Flower, Fw, Matchall, TcFilterKind, TcFilterSpec, U32,
};
use rtsock::common::kinds::qdisc::parse_handle;
use rtsock::common::kinds::tcfilter::spec::{parse_protocol, parse_u32_handle};
use rtsock::common::kinds::tcfilter::view::{TC_H_CLSACT_EGRESS, TC_H_CLSACT_INGRESS};

pub(super) type W<'a, 'b> = crate::cli::change::Words<'a, &'b str>;

/// A number as tc's get_u32 reads it with base 0: `0x` hex, else decimal.
pub(super) fn number(text: &str) -> Result<u32, Error> {
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed.map_err(|_| usage(format!("{text:?}: a number (0x for hex)")))
}

/// A mask as tc reads it: hex, with or without `0x`.
pub(super) fn mask(text: &str) -> Result<u32, Error> {
    u32::from_str_radix(text.trim_start_matches("0x"), 16)
        .map_err(|_| usage(format!("{text:?}: a mask in hex")))
}

/// `VALUE MASK [at OFF]`, the raw matches' tail.
fn value_mask_at(w: &mut W<'_, '_>, after: &str) -> Result<(u32, u32, i32), Error> {
    let value = number(w.value(after, "a value")?)?;
    let m = mask(w.value(after, "a mask")?)?;
    let mut off = 0;
    if w.peek() == Some("at") {
        w.next();
        off = w.number("at")?;
    }
    Ok((value, m, off))
}

/// One `match ...` of u32 (the words after `match`).
fn u32_match(u: U32, w: &mut W<'_, '_>) -> Result<U32, Error> {
    let what = w.value("match", "ip, u32, u16 or u8")?;
    let narrow = |v: u32, limit: u32, name: &str| -> Result<u32, Error> {
        if v > limit {
            Err(usage(format!("match {name}: {v:#x} is too wide")))
        } else {
            Ok(v)
        }
    };
    Ok(match what {
        "ip" => {
            let field = w.value("ip", "src, dst, sport, dport, protocol or tos")?;
            match field {
                "src" | "dst" => {
                    let prefix: rtsock::change::IpNet = w.value(field, "a prefix")?.parse()?;
                    if field == "src" {
                        u.ip_src(prefix)?
                    } else {
                        u.ip_dst(prefix)?
                    }
                }
                "sport" | "dport" => {
                    let port = narrow(number(w.value(field, "a port")?)?, 0xffff, field)? as u16;
                    let m = narrow(mask(w.value(field, "a mask")?)?, 0xffff, field)? as u16;
                    if field == "sport" {
                        u.ip_sport(port, m)?
                    } else {
                        u.ip_dport(port, m)?
                    }
                }
                "protocol" | "tos" | "dsfield" => {
                    let v = narrow(number(w.value(field, "a value")?)?, 0xff, field)? as u8;
                    let m = narrow(mask(w.value(field, "a mask")?)?, 0xff, field)? as u8;
                    if field == "protocol" {
                        u.ip_protocol(v, m)?
                    } else {
                        u.ip_tos(v, m)?
                    }
                }
                other => return Err(usage(format!("match ip {other:?}: unknown field"))),
            }
        }
        "u32" => {
            let (v, m, off) = value_mask_at(w, what)?;
            u.match_word(v, m, off)?
        }
        "u16" => {
            let (v, m, off) = value_mask_at(w, what)?;
            u.match_u16(
                narrow(v, 0xffff, what)? as u16,
                narrow(m, 0xffff, what)? as u16,
                off,
            )?
        }
        "u8" => {
            let (v, m, off) = value_mask_at(w, what)?;
            u.match_u8(
                narrow(v, 0xff, what)? as u8,
                narrow(m, 0xff, what)? as u8,
                off,
            )?
        }
        other => return Err(usage(format!("match {other:?}: ip, u32, u16 or u8"))),
    })
}

/// A MAC with an optional `/LEN` or `/MASK` (flower_parse_eth_addr).
pub(super) fn mac_and_mask(text: &str) -> Result<(LinkAddr, LinkAddr), Error> {
    let bad = || usage(format!("{text:?}: a MAC address, optionally /LEN or /MASK"));
    let (addr, mask) = match text.split_once('/') {
        Some((a, m)) => (a, Some(m)),
        None => (text, None),
    };
    let addr: LinkAddr = addr.parse().map_err(|_| bad())?;
    let mask = match mask {
        None => LinkAddr::new(&[0xff; 6]).ok_or_else(bad)?,
        Some(m) => match m.parse::<u32>() {
            Ok(bits) if bits <= 48 => {
                let v = (u64::MAX << (64 - bits)).to_be_bytes();
                let v = if bits == 0 { [0; 8] } else { v };
                LinkAddr::new(&v[..6]).ok_or_else(bad)?
            }
            Ok(_) => return Err(bad()),
            Err(_) => m.parse().map_err(|_| bad())?,
        },
    };
    Ok((addr, mask))
}

/// The words after `flower`.
fn flower(w: &mut W<'_, '_>) -> Result<Flower, Error> {
    let mut f = Flower::default();
    while let Some(word) = w.next() {
        match word {
            "classid" | "flowid" => {
                let text = w.value(word, "a class")?;
                f.classid = Some(
                    parse_handle(text).ok_or_else(|| usage(format!("{text:?}: MAJ:MIN in hex")))?,
                );
            }
            "skip_hw" => f.skip_hw = true,
            "skip_sw" => f.skip_sw = true,
            "dst_mac" => f.dst_mac = Some(mac_and_mask(w.value(word, "a MAC")?)?),
            "src_mac" => f.src_mac = Some(mac_and_mask(w.value(word, "a MAC")?)?),
            "ip_proto" => {
                let p = w.value(word, "tcp, udp, sctp, icmp, icmpv6 or a number")?;
                f.ip_proto = Some(match p {
                    "tcp" => 6,
                    "udp" => 17,
                    "sctp" => 132,
                    "icmp" => 1,
                    "icmpv6" => 58,
                    n => u8::from_str_radix(n.trim_start_matches("0x"), 16)
                        .map_err(|_| usage(format!("ip_proto {n:?}")))?,
                });
            }
            "dst_ip" => f.dst_ip = Some(w.value(word, "a prefix")?.parse()?),
            "src_ip" => f.src_ip = Some(w.value(word, "a prefix")?.parse()?),
            "dst_port" => f.dst_port = Some(w.number(word)?),
            "src_port" => f.src_port = Some(w.number(word)?),
            "action" => f.actions.push(action(w)?),
            other => return Err(usage(format!("flower: unknown option {other:?}"))),
        }
    }
    Ok(f)
}

/// A class after `classid` or `flowid`.
fn classid(w: &mut W<'_, '_>, after: &str) -> Result<u32, Error> {
    let text = w.value(after, "a class")?;
    parse_handle(text).ok_or_else(|| usage(format!("{text:?}: MAJ:MIN in hex")))
}

/// The words after `fw`: `classid C`, `indev DEV`, `action ...`.
fn fw(w: &mut W<'_, '_>) -> Result<Fw, Error> {
    let mut f = Fw::default();
    while let Some(word) = w.next() {
        match word {
            "classid" | "flowid" => f.classid = Some(classid(w, word)?),
            "indev" => f.indev = Some(w.value(word, "a device")?.to_owned()),
            "action" => f.actions.push(action(w)?),
            other => return Err(usage(format!("fw: unknown option {other:?}"))),
        }
    }
    Ok(f)
}

/// The words after `basic`: `classid C`, `action ...` (no ematches).
fn basic(w: &mut W<'_, '_>) -> Result<Basic, Error> {
    let mut b = Basic::default();
    while let Some(word) = w.next() {
        match word {
            "classid" | "flowid" => b.classid = Some(classid(w, word)?),
            "action" => b.actions.push(action(w)?),
            "match" => {
                return Err(Error::Unsupported(
                    "basic match (extended matches); a basic filter matches every packet".into(),
                ));
            }
            other => return Err(usage(format!("basic: unknown option {other:?}"))),
        }
    }
    Ok(b)
}

/// The words after `bpf`: `bytecode "N,c t f k,..."` or `bytecode-file
/// FILE`, `classid C`, `direct-action`/`da`, `skip_hw`, `skip_sw`,
/// `action ...`.
fn bpf(w: &mut W<'_, '_>) -> Result<Bpf, Error> {
    let mut program = None;
    let mut b = Bpf::new(BpfProgram::Classic(Vec::new()));
    while let Some(word) = w.next() {
        match word {
            "run" => {}
            "bytecode" | "bc" => {
                program = Some(BpfProgram::parse_bytecode(w.value(word, "the bytecode")?)?);
            }
            "bytecode-file" | "bcf" => {
                let path = w.value(word, "a file")?;
                let text = std::fs::read_to_string(path)
                    .map_err(|e| usage(format!("bytecode-file {path:?}: {e}")))?;
                // bpf_parse_string: lines become comma-separated instructions.
                let joined = text.lines().map(str::trim).collect::<Vec<_>>().join(",");
                program = Some(BpfProgram::parse_bytecode(&joined)?);
            }
            "object-file" | "obj" | "object-pinned" | "pinned" | "fd" => {
                return Err(Error::Unsupported(format!(
                    "bpf {word}: load the eBPF program yourself and pass its fd through the library (BpfProgram::Fd)"
                )));
            }
            "classid" | "flowid" => b.classid = Some(classid(w, word)?),
            "direct-action" | "da" => b.direct_action = true,
            "skip_hw" => b.skip_hw = true,
            "skip_sw" => b.skip_sw = true,
            "action" => b.actions.push(action(w)?),
            other => return Err(usage(format!("bpf: unknown option {other:?}"))),
        }
    }
    b.program = program.ok_or_else(|| usage("bpf needs bytecode \"N,c t f k,...\""))?;
    Ok(b)
}

/// The words after `matchall`: `classid C`, `action ...`, `skip_hw`,
/// `skip_sw`.
fn matchall(w: &mut W<'_, '_>) -> Result<Matchall, Error> {
    let mut m = Matchall::default();
    while let Some(word) = w.next() {
        match word {
            "classid" | "flowid" => {
                let text = w.value(word, "a class")?;
                m.classid = Some(
                    parse_handle(text).ok_or_else(|| usage(format!("{text:?}: MAJ:MIN in hex")))?,
                );
            }
            "action" => m.actions.push(action(w)?),
            "skip_hw" => m.skip_hw = true,
            "skip_sw" => m.skip_sw = true,
            other => return Err(usage(format!("matchall: unknown option {other:?}"))),
        }
    }
    Ok(m)
}

fn parse(words: &[&str]) -> Result<TcFilterSpec, Error> {
    let mut w = crate::cli::change::Words::new(words);
    let mut spec = TcFilterSpec::new("", 0);
    let mut dev = None;
    let mut handle_text = None;
    let mut selector: Option<U32> = None;
    let handle =
        |text: &str| parse_handle(text).ok_or_else(|| usage(format!("{text:?}: MAJ:MIN in hex")));
    while let Some(word) = w.next() {
        match (word, selector.take()) {
            ("dev", s) => {
                dev = Some(w.value(word, "a name")?);
                selector = s;
            }
            ("root", s) => (spec.parent, selector) = (TC_H_ROOT, s),
            ("ingress", s) => (spec.parent, selector) = (TC_H_CLSACT_INGRESS, s),
            ("egress", s) => (spec.parent, selector) = (TC_H_CLSACT_EGRESS, s),
            ("parent", s) => (spec.parent, selector) = (handle(w.value(word, "a handle")?)?, s),
            ("protocol", s) => {
                let p = w.value(word, "a protocol")?;
                spec.protocol =
                    Some(parse_protocol(p).ok_or_else(|| usage(format!("protocol {p:?}")))?);
                selector = s;
            }
            ("prio" | "pref" | "priority", s) => (spec.prio, selector) = (w.number(word)?, s),
            ("chain", s) => (spec.chain, selector) = (Some(w.number(word)?), s),
            ("handle", s) => (handle_text, selector) = (Some(w.value(word, "a handle")?), s),
            ("u32", None) if spec.kind.is_none() => selector = Some(U32::new()),
            ("flower", None) if spec.kind.is_none() => {
                spec.kind = Some(TcFilterKind::Flower(flower(&mut w)?));
            }
            ("matchall", None) if spec.kind.is_none() => {
                spec.kind = Some(TcFilterKind::Matchall(matchall(&mut w)?));
            }
            ("fw", None) if spec.kind.is_none() => {
                spec.kind = Some(TcFilterKind::Fw(fw(&mut w)?));
            }
            ("basic", None) if spec.kind.is_none() => {
                spec.kind = Some(TcFilterKind::Basic(basic(&mut w)?));
            }
            ("bpf", None) if spec.kind.is_none() => {
                spec.kind = Some(TcFilterKind::Bpf(bpf(&mut w)?));
            }
            ("match", Some(u)) => selector = Some(u32_match(u, &mut w)?),
            ("flowid" | "classid", Some(u)) => {
                selector = Some(u.flowid(handle(w.value(word, "a class")?)?))
            }
            ("action", Some(u)) => selector = Some(u.action(action(&mut w)?)),
            ("skip_hw", Some(mut u)) => {
                u.skip_hw = true;
                selector = Some(u);
            }
            ("skip_sw", Some(mut u)) => {
                u.skip_sw = true;
                selector = Some(u);
            }
            (other, None) => {
                return Err(Error::Unsupported(format!(
                    "filter kind {other:?} (u32, matchall, flower, fw, basic, bpf)"
                )));
            }
            (other, Some(_)) => return Err(usage(format!("u32: unknown option {other:?}"))),
        }
    }
    spec.dev = dev.ok_or_else(|| usage("tc filter needs dev DEV"))?.into();
    if let Some(u) = selector {
        spec = spec.u32(u);
    }
    if let Some(text) = handle_text {
        match &mut spec.kind {
            // fw's handle is the mark, with its mask after a slash
            // (fw_parse_opt); basic's and bpf's are plain numbers.
            Some(TcFilterKind::Fw(fw)) => {
                let (mark, m) = match text.split_once('/') {
                    Some((mark, m)) => (mark, Some(m)),
                    None => (text, None),
                };
                spec.handle = number(mark)?;
                fw.mask = m.map(number).transpose()?;
            }
            Some(TcFilterKind::Basic(_) | TcFilterKind::Bpf(_)) => spec.handle = number(text)?,
            _ => {
                spec.handle = parse_u32_handle(text)
                    .ok_or_else(|| usage(format!("handle {text:?}: 800::800")))?;
            }
        }
    }
    Ok(spec)
}

/// `tc filter`: a change when the first word is a verb, else a listing.
pub(super) fn run(cli: &Cli, words: &[&str]) -> Result<i32, Failure> {
    if let Some(done) = super::change_first(cli, words, |verb, words| {
        Ok(rtsock::batch::Change::TcFilter(verb, parse(words)?))
    }) {
        return done;
    }
    let words = words.iter().copied().peekable();
    let (filter, dev_pinned) = super::block_words(words, "filter")?;
    let parent_pinned = filter.parent.is_some();
    print_dump(
        cli,
        ObjectKind::TcFilter,
        &filter,
        dev_pinned,
        |m, dev, names| {
            let name = |i: u32| format::dev(names, i);
            rtsock::views::TcFilter::from_message(m)
                .map(|f| f.lines_naming(dev, parent_pinned, &name))
        },
    )
}
