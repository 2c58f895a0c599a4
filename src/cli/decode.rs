//! `rtsock decode`: captured bytes (netlink, pcap, hex, BSD routing
//! messages) into normalized JSON or `ip`-style lines.

use super::*;

pub(super) fn parse_message_type(text: &str) -> Result<u16, Error> {
    if let Ok(n) = text.parse() {
        return Ok(n);
    }
    (0..=u16::from(u8::MAX))
        .find(|&t| message_type_name(t) == text)
        .ok_or_else(|| usage(format!("{text:?} is not a message type")))
}

pub(super) fn decode(
    protocol: Protocol,
    format: Option<InputFormat>,
    payload_of: Option<&str>,
    file: &PathBuf,
    human: bool,
    netns: Option<&str>,
) -> Result<i32, Failure> {
    debug_assert_eq!(protocol, Protocol::Netlink);
    let bytes =
        std::fs::read(file).map_err(|e| Error::io(format!("reading {}", file.display()), e))?;
    let format = format.unwrap_or_else(|| guess_format(&bytes));
    let what = |e| Error::decode(format!("decoding {}", file.display()), e);
    let streams: Vec<(String, Vec<u8>)> = match format {
        InputFormat::Raw => vec![(String::from("input"), bytes)],
        InputFormat::Hex => {
            let text = String::from_utf8_lossy(&bytes);
            vec![(String::from("input"), parse_hex(&text).map_err(what)?)]
        }
        InputFormat::Pcap => {
            let mut streams = Vec::new();
            for p in read_pcap(&bytes).map_err(what)? {
                match p.protocol {
                    Some(0) | None => streams.push((format!("packet {}", p.index), p.data)),
                    Some(other) => {
                        eprintln!(
                            "rtsock: packet {}: netlink protocol {other} is not NETLINK_ROUTE, skipped",
                            p.index
                        )
                    }
                }
            }
            streams
        }
    };
    let body_type = payload_of.map(parse_message_type).transpose()?;
    // JSON unless asked for lines; lines name interfaces from the link
    // messages of the input itself, and from the namespace `-n` names
    // when given (as `ip -n NS monitor file` does).
    let mut out = Output::new(!human);
    if human && let Some(ns) = netns {
        out.names = live_names(ns)?;
    }
    let mut failures = 0;
    for (label, data) in &streams {
        let results = match body_type {
            Some(t) => vec![rtsock::linux::decode_body(t, data, 0).map(|(body, attrs)| {
                let header = rtsock::Header {
                    length: data.len() as u32,
                    kind: t,
                    ..Default::default()
                };
                Message::new(header, body, attrs)
            })],
            None => rtsock::linux::decode_stream(data),
        };
        for r in results {
            match r {
                Ok(m) => out.emit_learning(&m)?,
                Err(e) => {
                    failures += 1;
                    eprintln!("rtsock: {}: {label}: {e}", file.display());
                }
            }
        }
    }
    out.finish()?;
    Ok(if failures > 0 { 1 } else { 0 })
}

/// `decode --protocol pfroute`: BSD routing messages into normalized JSON.
pub(super) fn decode_pfroute(
    os: &str,
    arch: &str,
    fib: Option<u32>,
    format: Option<InputFormat>,
    file: &PathBuf,
    human: bool,
) -> Result<i32, Failure> {
    use rtsock::bsd::{Arch, Decoder, Layout, Os};
    let os =
        Os::parse(os).ok_or_else(|| usage(format!("--os {os:?}: freebsd, openbsd or darwin")))?;
    let arch =
        Arch::parse(arch).ok_or_else(|| usage(format!("--arch {arch:?}: {}", dryrun::ARCHES)))?;
    let bytes =
        std::fs::read(file).map_err(|e| Error::io(format!("reading {}", file.display()), e))?;
    let bytes = match format.unwrap_or_else(|| guess_format(&bytes)) {
        InputFormat::Raw => bytes,
        InputFormat::Hex => parse_hex(&String::from_utf8_lossy(&bytes))
            .map_err(|e| Error::decode(format!("decoding {}", file.display()), e))?,
        InputFormat::Pcap => {
            return Err(usage("pcap holds netlink, not routing-socket bytes").into());
        }
    };
    let mut decoder = Decoder::new(Layout::new(os, arch));
    decoder.ctx.fib = fib;
    let mut out = Output::new(!human);
    let mut failures = 0;
    for r in rtsock::bsd::BsdMessages::new(&bytes, &mut decoder) {
        match r {
            Ok(m) => out.emit_learning(&m)?,
            Err(e) => {
                failures += 1;
                eprintln!("rtsock: {}: {e}", file.display());
            }
        }
    }
    out.finish()?;
    Ok(if failures > 0 { 1 } else { 0 })
}

/// The interface names of namespace `ns`.
#[cfg(target_os = "linux")]
fn live_names(ns: &str) -> Result<format::Names, Failure> {
    let mut ipr = rtsock::IpRoute::in_netns(ns)?;
    Ok(format::link_names(&mut ipr)?)
}

#[cfg(not(target_os = "linux"))]
fn live_names(_ns: &str) -> Result<format::Names, Failure> {
    Err(Error::Unsupported("network namespaces (-n)".into()).into())
}

fn guess_format(bytes: &[u8]) -> InputFormat {
    match bytes.get(..4) {
        Some(
            [0xd4, 0xc3, 0xb2, 0xa1]
            | [0xa1, 0xb2, 0xc3, 0xd4]
            | [0x4d, 0x3c, 0xb2, 0xa1]
            | [0xa1, 0xb2, 0x3c, 0x4d],
        ) => InputFormat::Pcap,
        _ if bytes
            .iter()
            .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace()) =>
        {
            InputFormat::Hex
        }
        _ => InputFormat::Raw,
    }
}
