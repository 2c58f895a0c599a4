//! Routing-socket messages (FreeBSD, OpenBSD, macOS) decoded and
//! normalized into the Linux-shaped messages every backend emits. Pure:
//! bytes in, messages out. One decoder for every system: the layout's ABI
//! tables (`layout/`) say where each field is and what each message type
//! carries.

use std::collections::HashMap;

use super::layout::{Class, Layout, RTM_VERSION, field};
use super::sockaddr::*;
use crate::common::constants::*;
use crate::common::error::DecodeError;
use crate::common::message::{Body, Header, HeaderError, Message};
use crate::common::value::{Attr, Value};

mod interface;
mod nexthop;
mod route;

pub(crate) use interface::linux_iff;

// Attribute numbers of BSD-only attributes (no rtnetlink counterpart).
const BSD_ATTR: u16 = 0xf000;

/// What the decoder remembers across messages of one stream: interface
/// names and flags from RTM_IFINFO (an IFLIST dump lists each interface
/// before its addresses), and the FIB a FreeBSD dump was read from.
#[derive(Clone, Debug, Default)]
pub struct Context {
    names: HashMap<u32, String>,
    flags: HashMap<u32, u32>,
    /// The FIB (FreeBSD) a dump came from; OpenBSD carries it per message.
    pub fib: Option<u32>,
    /// What the buffer being read holds.
    pub records: Records,
}

/// What a buffer of `rt_msghdr`-framed records holds: routing messages
/// (the default), or FreeBSD's nexthop or nexthop-group records, which
/// NET_RT_NHOP and NET_RT_NHGRP frame as RTM_GET messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Records {
    /// Routing messages, each decoded by its type.
    #[default]
    Messages,
    /// `rt_msghdr`, `struct nhop_external`, `struct nhop_addrs`, sockaddrs.
    Nexthops,
    /// `rt_msghdr`, `struct nhgrp_external`, two `nhgrp_container`s.
    NexthopGroups,
}

/// Decodes one OS's routing messages, remembering what later messages need.
#[derive(Clone, Debug)]
pub struct Decoder {
    /// The OS and architecture of the bytes.
    pub layout: Layout,
    /// What earlier messages taught (names, flags, the FIB).
    pub ctx: Context,
}

impl Decoder {
    /// A decoder that has seen nothing yet.
    pub fn new(layout: Layout) -> Decoder {
        Decoder {
            layout,
            ctx: Context::default(),
        }
    }

    /// Decodes one message: `b` is exactly `msglen` bytes.
    pub fn decode(&mut self, b: &[u8]) -> Result<Message, DecodeError> {
        if b.len() < 4 {
            return Err(DecodeError::truncated(
                "routing message header",
                0,
                4,
                b.len(),
            ));
        }
        let (version, t) = (b[2], b[3]);
        if version != RTM_VERSION {
            return Err(DecodeError::new(
                "routing message header",
                2,
                format!("version {version}, expected {RTM_VERSION}: skipped"),
            ));
        }
        match self.ctx.records {
            Records::Messages => {}
            Records::Nexthops => return self.nexthop(b),
            Records::NexthopGroups => return self.nexthop_group(b),
        }
        let abi = self.layout.abi();
        let declared = self.declared_hdrlen(b)?;
        let Some(class) = abi.class(t) else {
            return Ok(raw_message(BSD_RTM_UNKNOWN, b));
        };
        match class {
            Class::Route {
                kind,
                flags,
                resolves,
            } => {
                let h = self.rt_fields(&abi.rt, b, declared)?;
                self.route((kind, flags, resolves), h, b)
            }
            Class::Route2 { kind } => match &abi.rt2 {
                Some(rt2) => {
                    let h = self.rt_fields(rt2, b, declared)?;
                    self.route((kind, 0, false), h, b)
                }
                None => Ok(raw_message(BSD_RTM_UNKNOWN, b)),
            },
            Class::Address { new } => {
                let h = self.ifa_fields(b, declared)?;
                self.address(new, h, b)
            }
            Class::Link => {
                let h = self.if_fields(b, declared)?;
                self.link(h, b)
            }
            Class::Multicast { new } => match &abi.ifma {
                Some(ifma) => {
                    need(b, ifma.len, "ifma_msghdr")?;
                    let addrs = abi.get32(ifma.addrs, b);
                    let index = abi.get32(ifma.index, b);
                    self.multicast(new, addrs, index, ifma.len, b)
                }
                None => Ok(raw_message(BSD_RTM_UNKNOWN, b)),
            },
            Class::Announce => match &abi.announce {
                Some(an) => {
                    need(b, an.len, "if_announcemsghdr")?;
                    let index = abi.get32(an.index, b);
                    let what = abi.get(an.what, b) as u16;
                    Ok(self.announce(index, &b[an.name.at..an.name.end()], what, b))
                }
                None => Ok(raw_message(BSD_RTM_UNKNOWN, b)),
            },
            Class::Desync => Ok(Message::new(
                header(BSD_RTM_DESYNC, b, 0, 0, 0),
                Body::None,
                Vec::new(),
            )),
            Class::Ieee80211 => self.ieee80211(b),
            Class::Opaque(kind) => Ok(raw_message(kind, b)),
        }
    }

    /// The header length a message states (OpenBSD's `hdrlen`), checked
    /// against its length; `None` where the OS does not state one.
    fn declared_hdrlen(&self, b: &[u8]) -> Result<Option<usize>, DecodeError> {
        let abi = self.layout.abi();
        let Some(f) = abi.hdrlen else {
            return Ok(None);
        };
        let what = format!("{} message header", self.layout.os);
        need(b, f.end(), &what)?;
        let hdrlen = abi.get(f, b) as usize;
        if hdrlen > b.len() {
            return Err(DecodeError::new(
                what,
                f.at,
                format!("hdrlen {hdrlen} exceeds message length {}", b.len()),
            ));
        }
        Ok(Some(hdrlen))
    }

    fn sockaddrs(&self, b: &[u8], hdrlen: usize, addrs: u32) -> Result<Vec<Slot>, DecodeError> {
        let start = hdrlen.min(b.len());
        parse_sockaddrs(&b[start..], addrs, &self.layout, start)
    }

    fn family(&self, sa: &Sockaddr) -> Option<u8> {
        match sa {
            Sockaddr::Inet(_) => Some(AF_INET),
            Sockaddr::Inet6 { .. } => Some(AF_INET6),
            Sockaddr::Link { .. } => Some(AF_PACKET),
            _ => None,
        }
    }
}

fn need(b: &[u8], len: usize, what: &str) -> Result<(), DecodeError> {
    if b.len() < len {
        return Err(DecodeError::truncated(what, 0, len, b.len()));
    }
    Ok(())
}

fn bsd_attr(name: &'static str, n: u16, value: Value) -> Attr {
    Attr::new(name, BSD_ATTR + n, value)
}

/// The normalized header: the message's own seq, pid and errno.
fn header(kind: u16, b: &[u8], seq: u32, pid: u32, errno: i32) -> Header {
    Header {
        length: b.len() as u32,
        kind,
        flags: 0,
        sequence_number: seq,
        pid,
        error: (errno != 0).then(|| HeaderError {
            errno,
            message: bsd_errno_text(errno).to_owned(),
        }),
        nsid: None,
    }
}

/// A message type we do not decode, kept whole.
fn raw_message(kind: u16, b: &[u8]) -> Message {
    let mut h = header(kind, b, 0, 0, 0);
    h.flags = b[3].into(); // the BSD type number, so it can be reported
    Message::new(h, Body::Raw(b.to_vec()), Vec::new())
}

/// errno text as the BSDs number them (1..=34 match Linux; the rest do not).
pub fn bsd_errno_text(errno: i32) -> &'static str {
    match errno {
        1 => "Operation not permitted",
        2 => "No such file or directory",
        3 => "No such process",
        12 => "Cannot allocate memory",
        13 => "Permission denied",
        16 => "Device busy",
        17 => "File exists",
        19 => "Operation not supported by device",
        22 => "Invalid argument",
        35 => "Resource temporarily unavailable",
        43 => "Protocol not supported",
        45 => "Operation not supported",
        47 => "Address family not supported by protocol family",
        48 => "Address already in use",
        49 => "Can't assign requested address",
        50 => "Network is down",
        51 => "Network is unreachable",
        55 => "No buffer space available",
        65 => "No route to host",
        e if (1..=34).contains(&e) => crate::common::error::errno_text(e),
        _ => "Unknown error",
    }
}

/// Walks a buffer of routing messages (a sysctl dump, or reads from a
/// routing socket). A message that fails to decode is reported and the walk
/// goes on; a framing error (zero or overlong `msglen`) ends it. Zero
/// padding at the end (sysctl buffers have it) ends the walk quietly.
pub struct BsdMessages<'a, 'd> {
    buf: &'a [u8],
    pos: usize,
    decoder: &'d mut Decoder,
    done: bool,
}

impl<'a, 'd> BsdMessages<'a, 'd> {
    /// Walks the messages of `buf` (a sysctl dump, or one read of a routing
    /// socket) with `decoder`.
    pub fn new(buf: &'a [u8], decoder: &'d mut Decoder) -> BsdMessages<'a, 'd> {
        BsdMessages {
            buf,
            pos: 0,
            decoder,
            done: false,
        }
    }
}

impl Iterator for BsdMessages<'_, '_> {
    type Item = Result<Message, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let r = next_message(self.buf, &mut self.pos, self.decoder);
        if matches!(r, None | Some(Err(_))) && self.pos >= self.buf.len() {
            self.done = true;
        }
        r
    }
}

/// Decodes the message at `*pos` and moves past it. `None` at the end (or
/// at zero padding); a framing error moves `*pos` to the end, so the walk
/// stops there.
pub fn next_message(
    buf: &[u8],
    pos: &mut usize,
    decoder: &mut Decoder,
) -> Option<Result<Message, DecodeError>> {
    let rest = buf.get(*pos..).unwrap_or_default();
    if rest.iter().all(|&b| b == 0) {
        *pos = buf.len();
        return None;
    }
    let base = *pos;
    let framing = |e: DecodeError, pos: &mut usize| {
        *pos = buf.len();
        Some(Err(e))
    };
    if rest.len() < 4 {
        return framing(
            DecodeError::truncated("routing message header", base, 4, rest.len()),
            pos,
        );
    }
    let len = decoder.layout.abi().get(field(0, 2), rest) as usize;
    if len < 4 {
        let reason = format!("msglen {len} is shorter than a header");
        return framing(
            DecodeError::new("routing message header", base, reason),
            pos,
        );
    }
    if len > rest.len() {
        let reason = format!("msglen {len} overruns the {} bytes left", rest.len());
        return framing(DecodeError::new("routing message", base, reason), pos);
    }
    *pos += len;
    Some(decoder.decode(&rest[..len]).map_err(|mut e| {
        e.offset += base;
        e
    }))
}

/// Decodes every message of a buffer with a fresh decoder.
pub fn decode_stream(layout: Layout, buf: &[u8]) -> Vec<Result<Message, DecodeError>> {
    let mut d = Decoder::new(layout);
    BsdMessages::new(buf, &mut d).collect()
}
