//! Netlink framing over a byte buffer: message headers and attribute TLVs.
//!
//! Pure code with no system calls, compiled on every OS (the `decode` command
//! and the tests use it anywhere). Every length is checked against what is
//! left of the buffer, so lying lengths yield an error, never a panic or a loop.

use crate::common::error::DecodeError;

/// Size of `struct nlmsghdr`.
pub const NLMSG_HDRLEN: usize = 16;
/// Size of `struct nlattr`.
pub const NLA_HDRLEN: usize = 4;
/// `nla_type` bit: the payload is itself a run of attributes.
pub const NLA_F_NESTED: u16 = 0x8000;
/// `nla_type` bit: the payload is in network byte order.
pub const NLA_F_NET_BYTEORDER: u16 = 0x4000;
/// The bits of `nla_type` that are the type itself.
pub const NLA_TYPE_MASK: u16 = !(NLA_F_NESTED | NLA_F_NET_BYTEORDER);

/// Rounds up to netlink's 4-byte alignment.
pub const fn align4(n: usize) -> usize {
    (n + 3) & !3
}

pub use crate::common::bytes::{u16_at, u32_at, u64_at};

/// `struct nlmsghdr`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NlHeader {
    /// `nlmsg_len`: the message's length, header included.
    pub len: u32,
    /// `nlmsg_type`.
    pub kind: u16,
    /// `nlmsg_flags` (NLM_F_*).
    pub flags: u16,
    /// `nlmsg_seq`: the sequence number a reply echoes.
    pub seq: u32,
    /// `nlmsg_pid`: the sending port (0 for the kernel).
    pub pid: u32,
}

impl NlHeader {
    /// Reads the header at the start of `b`.
    ///
    /// # Panics
    /// When `b` is shorter than [`NLMSG_HDRLEN`]; [`Messages`] checks that first.
    #[inline]
    pub fn parse(b: &[u8]) -> NlHeader {
        let b: &[u8; NLMSG_HDRLEN] = b.first_chunk().expect("NlHeader::parse: short buffer");
        NlHeader {
            len: u32_at(b, 0),
            kind: u16_at(b, 4),
            flags: u16_at(b, 6),
            seq: u32_at(b, 8),
            pid: u32_at(b, 12),
        }
    }

    /// Appends the header's 16 bytes, in host order.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.len.to_ne_bytes());
        out.extend_from_slice(&self.kind.to_ne_bytes());
        out.extend_from_slice(&self.flags.to_ne_bytes());
        out.extend_from_slice(&self.seq.to_ne_bytes());
        out.extend_from_slice(&self.pid.to_ne_bytes());
    }
}

/// One framed message: its header, its payload, and where it started.
#[derive(Clone, Copy, Debug)]
pub struct RawMessage<'a> {
    /// The header.
    pub header: NlHeader,
    /// The bytes after the header, up to `nlmsg_len`.
    pub payload: &'a [u8],
    /// Where the message starts in the buffer walked.
    pub offset: usize,
}

/// Iterates the messages of a datagram (or of a captured stream).
///
/// After a framing error (a length that is too small or runs past the end)
/// the rest of the buffer cannot be trusted: the error is yielded once and
/// iteration stops. Trailing zero padding, as some captures carry, ends
/// iteration quietly.
pub struct Messages<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Messages<'a> {
    /// Walks the messages of `buf` from its start.
    pub fn new(buf: &'a [u8]) -> Messages<'a> {
        Messages { buf, pos: 0 }
    }
}

impl<'a> Iterator for Messages<'a> {
    type Item = Result<RawMessage<'a>, FramingError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let rest = &self.buf[self.pos..];
        if rest.is_empty() || rest.iter().all(|&b| b == 0) {
            self.pos = self.buf.len();
            return None;
        }
        let offset = self.pos;
        self.pos = self.buf.len(); // stays at the end unless this message is sound
        let framing = |len| FramingError {
            attribute: None,
            len,
            offset,
            left: rest.len(),
        };
        if rest.len() < NLMSG_HDRLEN {
            return Some(Err(framing(0)));
        }
        let header = NlHeader::parse(rest);
        let len = header.len as usize;
        if len < NLMSG_HDRLEN || len > rest.len() {
            return Some(Err(framing(len)));
        }
        self.pos = offset + align4(len).min(rest.len());
        Some(Ok(RawMessage {
            header,
            payload: &rest[NLMSG_HDRLEN..len],
            offset,
        }))
    }
}

/// One attribute: its type (flag bits removed), whether it says it is nested,
/// its payload, and its offset in the buffer being walked.
#[derive(Clone, Copy, Debug)]
pub struct RawAttr<'a> {
    /// `nla_type` without NLA_F_NESTED and NLA_F_NET_BYTEORDER.
    pub kind: u16,
    /// Whether NLA_F_NESTED was set.
    pub nested: bool,
    /// The bytes after the attribute header, up to `nla_len`.
    pub payload: &'a [u8],
    /// Where the attribute starts in the buffer walked.
    pub offset: usize,
}

/// Iterates a run of attributes. A zero or too-short `nla_len`, or one that
/// overruns the enclosing buffer, yields an error and ends the walk. Fewer
/// than four bytes left at the end are padding and end it quietly.
pub struct Attrs<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> Attrs<'a> {
    /// `base` is the offset of `buf` in the message, for error reports.
    pub fn new(buf: &'a [u8], base: usize) -> Attrs<'a> {
        Attrs { buf, pos: 0, base }
    }
}

/// A length field that lies, as the walkers find it. Small and `Copy` so the
/// iterators' items stay in registers on the hot path; it becomes a
/// [`DecodeError`] (with its text) only when reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FramingError {
    /// The TLV type, for attributes; `None` for message headers.
    pub attribute: Option<u16>,
    /// The length the header claims (0 for a header cut short).
    pub len: usize,
    /// Where the header starts.
    pub offset: usize,
    /// The bytes left from there.
    pub left: usize,
}

impl From<FramingError> for DecodeError {
    #[cold]
    fn from(e: FramingError) -> DecodeError {
        let (len, left) = (e.len, e.left);
        match e.attribute {
            None if left < NLMSG_HDRLEN => {
                DecodeError::truncated("netlink header", e.offset, NLMSG_HDRLEN, left)
            }
            None if len < NLMSG_HDRLEN => DecodeError::new(
                "netlink header",
                e.offset,
                format!("nlmsg_len {len} is shorter than the header"),
            ),
            None => DecodeError::new(
                "netlink header",
                e.offset,
                format!("nlmsg_len {len} runs past the {left} bytes left"),
            ),
            Some(kind) if len < NLA_HDRLEN => DecodeError::new(
                "attribute",
                e.offset,
                format!("nla_len {len} (type {kind}) is shorter than its header"),
            ),
            Some(kind) => DecodeError::new(
                "attribute",
                e.offset,
                format!(
                    "nla_len {len} (type {kind}) overruns its parent, which has {left} bytes left"
                ),
            ),
        }
    }
}

impl std::fmt::Display for FramingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        DecodeError::from(*self).fmt(f)
    }
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Result<RawAttr<'a>, FramingError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let rest = &self.buf[self.pos..];
        if rest.len() < NLA_HDRLEN {
            self.pos = self.buf.len();
            return None;
        }
        let start = self.pos;
        let offset = self.base + start;
        self.pos = self.buf.len(); // stays at the end unless this attribute is sound
        let len = u16_at(rest, 0) as usize;
        let raw_kind = u16_at(rest, 2);
        if len < NLA_HDRLEN || len > rest.len() {
            return Some(Err(FramingError {
                attribute: Some(raw_kind & NLA_TYPE_MASK),
                len,
                offset,
                left: rest.len(),
            }));
        }
        self.pos = (start + align4(len)).min(self.buf.len());
        Some(Ok(RawAttr {
            kind: raw_kind & NLA_TYPE_MASK,
            nested: raw_kind & NLA_F_NESTED != 0,
            payload: &rest[NLA_HDRLEN..len],
            offset,
        }))
    }
}

/// Appends attributes to a request being built.
pub fn put_attr(out: &mut Vec<u8>, kind: u16, payload: &[u8]) {
    let len = NLA_HDRLEN + payload.len();
    out.extend_from_slice(&(len as u16).to_ne_bytes());
    out.extend_from_slice(&kind.to_ne_bytes());
    out.extend_from_slice(payload);
    out.resize(align4(out.len()), 0);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(kind: u16, payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        NlHeader {
            len: (NLMSG_HDRLEN + payload.len()) as u32,
            kind,
            flags: 2,
            seq: 7,
            pid: 0,
        }
        .write(&mut out);
        out.extend_from_slice(payload);
        out.resize(align4(out.len()), 0);
        out
    }

    #[test]
    fn walks_messages_and_stops_at_zero_padding() {
        let mut buf = msg(16, &[1, 2, 3]);
        buf.extend(msg(3, &[0; 4]));
        buf.extend([0u8; 12]);
        let got: Vec<_> = Messages::new(&buf).map(|m| m.unwrap()).collect();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].payload, &[1, 2, 3]);
        assert_eq!(got[1].header.kind, 3);
        assert_eq!(got[1].offset, 20);
    }

    #[test]
    fn rejects_truncated_and_lying_headers_once() {
        let buf = msg(16, &[0; 8]);
        let mut it = Messages::new(&buf[..10]);
        assert!(
            DecodeError::from(it.next().unwrap().unwrap_err())
                .reason
                .contains("truncated")
        );
        assert!(it.next().is_none());

        let mut lying = buf.clone();
        lying[0] = 200;
        let mut it = Messages::new(&lying);
        assert!(
            DecodeError::from(it.next().unwrap().unwrap_err())
                .reason
                .contains("runs past")
        );
        assert!(it.next().is_none());

        let mut short = buf.clone();
        short[..4].copy_from_slice(&4u32.to_ne_bytes());
        assert!(Messages::new(&short).next().unwrap().is_err());
    }

    #[test]
    fn attributes_reject_zero_length_and_overrun() {
        let mut a = Vec::new();
        put_attr(&mut a, 3, b"lo\0");
        put_attr(&mut a, 4 | NLA_F_NESTED, &[]);
        let got: Vec<_> = Attrs::new(&a, 0).map(|r| r.unwrap()).collect();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].payload, b"lo\0");
        assert!(got[1].nested && got[1].payload.is_empty() && got[1].kind == 4);

        let zero = [0u8, 0, 3, 0, 9, 9, 9, 9];
        let mut it = Attrs::new(&zero, 100);
        let e = it.next().unwrap().unwrap_err();
        assert_eq!(e.offset, 100);
        assert!(it.next().is_none(), "a zero-length attribute must not loop");

        let over = [12u8, 0, 3, 0, 1, 2, 3, 4];
        let e = Attrs::new(&over, 0).next().unwrap().unwrap_err();
        assert!(DecodeError::from(e).reason.contains("overruns"));
    }
}
