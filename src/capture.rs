//! Reading captured bytes: hex dumps (strace `\x..`, pyroute2 `aa:bb:..`,
//! plain hex) and pcap files (nlmon, LINKTYPE_NETLINK). Pure code.

use crate::common::error::DecodeError;

/// Extracts the bytes of a hex dump. `#` starts a comment; a line starting
/// with `#:` (pyroute2's marker before the expected output) ends the dump.
/// Accepts `\x0a`, `0a:0b`, `0a 0b` and `0a0b` spellings.
pub fn parse_hex(text: &str) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    for (lineno, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("#:") {
            break;
        }
        let line = line.split('#').next().unwrap_or("");
        let cleaned = line.replace("\\x", " ").replace([':', ',', '-'], " ");
        for token in cleaned.split_whitespace() {
            let token = token.trim_start_matches("0x");
            if token.len() % 2 != 0 {
                return Err(DecodeError::new(
                    "hex dump",
                    lineno + 1,
                    format!("odd number of hex digits in {token:?} (offset is a line number)"),
                ));
            }
            for pair in token.as_bytes().chunks(2) {
                let s = std::str::from_utf8(pair).unwrap_or("");
                let b = u8::from_str_radix(s, 16).map_err(|_| {
                    DecodeError::new(
                        "hex dump",
                        lineno + 1,
                        format!("{token:?} is not hex (offset is a line number)"),
                    )
                })?;
                out.push(b);
            }
        }
    }
    Ok(out)
}

/// One packet of a pcap file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PcapPacket {
    /// Position of the packet in the file, counting from 0.
    pub index: usize,
    /// LINKTYPE_NETLINK's protocol field: the netlink family (0 = NETLINK_ROUTE).
    pub protocol: Option<u16>,
    /// The captured bytes (for LINKTYPE_NETLINK, without the cooked header).
    pub data: Vec<u8>,
}

/// The pcap link type of netlink captures (nlmon).
pub const LINKTYPE_NETLINK: u32 = 253;

/// The four magic numbers of classic pcap (either byte order, µs or ns stamps).
const PCAP_MAGICS: [[u8; 4]; 4] = [
    [0xd4, 0xc3, 0xb2, 0xa1],
    [0x4d, 0x3c, 0xb2, 0xa1],
    [0xa1, 0xb2, 0xc3, 0xd4],
    [0xa1, 0xb2, 0x3c, 0x4d],
];

/// Whether `bytes` starts like a classic pcap file.
pub fn is_pcap(bytes: &[u8]) -> bool {
    bytes
        .get(..4)
        .is_some_and(|m| PCAP_MAGICS.iter().any(|p| p == m))
}

/// Reads a classic pcap file. For LINKTYPE_NETLINK the 16-byte cooked
/// header is removed and its protocol kept; other link types are returned whole.
pub fn read_pcap(bytes: &[u8]) -> Result<Vec<PcapPacket>, DecodeError> {
    if bytes.len() < 24 {
        return Err(DecodeError::truncated(
            "pcap file header",
            0,
            24,
            bytes.len(),
        ));
    }
    let magic = [bytes[0], bytes[1], bytes[2], bytes[3]];
    let big_endian = match magic {
        [0xd4, 0xc3, 0xb2, 0xa1] | [0x4d, 0x3c, 0xb2, 0xa1] => false,
        [0xa1, 0xb2, 0xc3, 0xd4] | [0xa1, 0xb2, 0x3c, 0x4d] => true,
        _ => {
            return Err(DecodeError::new(
                "pcap file header",
                0,
                "not a pcap file (bad magic; pcapng is not supported)",
            ));
        }
    };
    let u32_at = |off: usize| {
        let a = [bytes[off], bytes[off + 1], bytes[off + 2], bytes[off + 3]];
        if big_endian {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        }
    };
    let linktype = u32_at(20) & 0x0fff_ffff;
    let mut pos = 24;
    let mut out = Vec::new();
    while pos < bytes.len() {
        if bytes.len() - pos < 16 {
            return Err(DecodeError::truncated(
                "pcap record header",
                pos,
                16,
                bytes.len() - pos,
            ));
        }
        let incl = u32_at(pos + 8) as usize;
        let start = pos + 16;
        if incl > bytes.len() - start {
            return Err(DecodeError::new(
                "pcap record",
                pos,
                format!(
                    "incl_len {incl} runs past the {} bytes left",
                    bytes.len() - start
                ),
            ));
        }
        let data = &bytes[start..start + incl];
        let packet = if linktype == LINKTYPE_NETLINK && data.len() >= 16 {
            PcapPacket {
                index: out.len(),
                protocol: Some(u16::from_be_bytes([data[14], data[15]])),
                data: data[16..].to_vec(),
            }
        } else {
            PcapPacket {
                index: out.len(),
                protocol: None,
                data: data.to_vec(),
            }
        };
        out.push(packet);
        pos = start + incl;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_dumps_in_every_spelling() {
        let text = "# comment\n\\x10\\x00  # len\n4c:00 0a0B\n#: application/json\n[1, 2]\n";
        assert_eq!(
            parse_hex(text).unwrap(),
            vec![0x10, 0x00, 0x4c, 0x00, 0x0a, 0x0b]
        );
        assert!(parse_hex("abc").is_err());
        assert!(parse_hex("zz").is_err());
    }

    #[test]
    fn pcap_rejects_bad_magic_and_lying_lengths() {
        assert!(read_pcap(&[0u8; 24]).is_err());
        let mut f = vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0];
        f.extend([0u8; 8]);
        f.extend(65535u32.to_le_bytes());
        f.extend(253u32.to_le_bytes());
        f.extend([0u8; 8]);
        f.extend(1000u32.to_le_bytes());
        f.extend(1000u32.to_le_bytes());
        f.extend([0u8; 20]);
        assert!(read_pcap(&f).unwrap_err().reason.contains("runs past"));
    }
}
