//! The sockaddrs that trail every routing message, in RTAX order, each
//! padded as the kernel pads it. Pure: bytes in, typed addresses out.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::layout::{BSD_AF_INET, BSD_AF_LINK, Layout, field};
use crate::common::error::DecodeError;
use crate::common::value::LinkAddr;

/// RTAX_* slots (the bit number in `rtm_addrs`). 0..8 are common; OpenBSD
/// adds the rest.
/// Slot of the destination.
pub const RTAX_DST: usize = 0;
/// Slot of the gateway (an address, or a `sockaddr_dl` for an interface route).
pub const RTAX_GATEWAY: usize = 1;
/// Slot of the destination's netmask.
pub const RTAX_NETMASK: usize = 2;
/// Slot of the cloning mask.
pub const RTAX_GENMASK: usize = 3;
/// Slot of the interface, as a `sockaddr_dl`.
pub const RTAX_IFP: usize = 4;
/// Slot of the interface address.
pub const RTAX_IFA: usize = 5;
/// Slot of the author of a redirect.
pub const RTAX_AUTHOR: usize = 6;
/// Slot of the broadcast or point-to-point peer address.
pub const RTAX_BRD: usize = 7;
/// Slot of the source address (OpenBSD source routing).
pub const RTAX_SRC: usize = 8;
/// Slot of the source mask (OpenBSD).
pub const RTAX_SRCMASK: usize = 9;
/// Slot of the route label (OpenBSD `sockaddr_rtlabel`).
pub const RTAX_LABEL: usize = 10;
/// Slot of BFD state (OpenBSD).
pub const RTAX_BFD: usize = 11;
/// Slot of DNS servers of a route proposal (OpenBSD).
pub const RTAX_DNS: usize = 12;
/// Slot of static routes of a route proposal (OpenBSD).
pub const RTAX_STATIC: usize = 13;
/// Slot of the DNS search list of a route proposal (OpenBSD).
pub const RTAX_SEARCH: usize = 14;
/// Number of slots (OpenBSD's RTAX_MAX; FreeBSD uses the first 8).
pub const RTAX_MAX: usize = 15;

/// Each slot's name without the `RTAX_` prefix, indexed by slot.
pub const RTAX_NAMES: [&str; RTAX_MAX] = [
    "DST", "GATEWAY", "NETMASK", "GENMASK", "IFP", "IFA", "AUTHOR", "BRD", "SRC", "SRCMASK",
    "LABEL", "BFD", "DNS", "STATIC", "SEARCH",
];

/// One decoded sockaddr.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Sockaddr {
    /// `sockaddr_in`: an IPv4 address.
    Inet(Ipv4Addr),
    /// `scope` is `sin6_scope_id`, or the KAME scope embedded in bytes 2..4
    /// of a link-local address (then cleared from `addr`).
    Inet6 {
        /// The address, with any embedded scope cleared.
        addr: Ipv6Addr,
        /// The zone (interface index); 0 when there is none.
        scope: u32,
    },
    /// `sockaddr_dl`: interface index, IFT_* type, name, link-layer address.
    Link {
        /// `sdl_index`: the interface index (0 when the kernel left it out).
        index: u16,
        /// `sdl_type`: the IFT_* interface type.
        ift: u8,
        /// `sdl_data`'s name part (empty when `sdl_nlen` is 0).
        name: String,
        /// The link-layer address, when `sdl_alen` is not 0.
        lladdr: Option<LinkAddr>,
    },
    /// OpenBSD `sockaddr_rtlabel`.
    Label(String),
    /// A netmask or another sockaddr whose family the slot does not tell
    /// (short masks have family 0 or 255): its bytes after `sa_family`.
    Raw {
        /// `sa_family` as the bytes gave it.
        family: u8,
        /// The bytes after `sa_family`, up to `sa_len`.
        data: Vec<u8>,
    },
    /// `sa_len` 0: the kernel's "nothing here", which still takes one unit.
    Empty,
}

/// What one slot held, and where it was in the buffer (for errors).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    /// Which RTAX_* slot it filled.
    pub rtax: usize,
    /// The sockaddr.
    pub sa: Sockaddr,
}

/// `SA_SIZE` (FreeBSD) / `ROUNDUP` (OpenBSD): a zero length takes one unit.
pub fn rounded(len: usize, align: usize) -> usize {
    if len == 0 {
        align
    } else {
        1 + ((len - 1) | (align - 1))
    }
}

/// Walks the sockaddrs announced by `addrs` in `buf` (which starts where the
/// header ends). `base` is `buf`'s offset in the message, for errors.
pub fn parse_sockaddrs(
    buf: &[u8],
    addrs: u32,
    layout: &Layout,
    base: usize,
) -> Result<Vec<Slot>, DecodeError> {
    let align = layout.sockaddr_align();
    let mut out = Vec::new();
    let mut pos = 0;
    for rtax in 0..32usize {
        if addrs & (1 << rtax) == 0 {
            continue;
        }
        let name = RTAX_NAMES.get(rtax).copied().unwrap_or("unknown RTAX");
        let what = format!("sockaddr {name}");
        if pos >= buf.len() {
            return Err(DecodeError::truncated(what, base + pos, 1, 0));
        }
        let len = buf[pos] as usize;
        let step = rounded(len, align);
        if len > buf.len() - pos {
            return Err(DecodeError::truncated(
                what,
                base + pos,
                len,
                buf.len() - pos,
            ));
        }
        let sa = decode_one(&buf[pos..pos + len], rtax, layout)
            .map_err(|reason| DecodeError::new(what, base + pos, reason))?;
        if rtax < RTAX_MAX {
            out.push(Slot { rtax, sa });
        }
        // The last sockaddr may end without its padding.
        pos = (pos + step).min(buf.len());
    }
    Ok(out)
}

/// One sockaddr (exactly its `sa_len` bytes) read as slot `rtax` would hold it.
pub(crate) fn decode_one(b: &[u8], rtax: usize, layout: &Layout) -> Result<Sockaddr, String> {
    if b.is_empty() {
        return Ok(Sockaddr::Empty);
    }
    if b.len() < 2 {
        // A one-byte sockaddr is a mask of nothing.
        return Ok(Sockaddr::Raw {
            family: 0,
            data: Vec::new(),
        });
    }
    let family = b[1];
    // Masks are read by the route's family whatever theirs says, unless
    // they are whole sockaddrs of a known family.
    let whole =
        (family == BSD_AF_INET && b.len() >= 8) || (family == layout.af_inet6() && b.len() >= 24);
    if matches!(rtax, RTAX_NETMASK | RTAX_GENMASK | RTAX_SRCMASK) && !whole {
        return Ok(Sockaddr::Raw {
            family,
            data: b[2..].to_vec(),
        });
    }
    let abi = layout.abi();
    if rtax == RTAX_LABEL && abi.labels {
        let text = &b[2..];
        let end = text.iter().position(|&c| c == 0).unwrap_or(text.len());
        return Ok(Sockaddr::Label(
            String::from_utf8_lossy(&text[..end]).into_owned(),
        ));
    }
    match family {
        BSD_AF_INET => {
            if b.len() < 8 {
                return Err(format!("sockaddr_in of {} bytes (needs 8)", b.len()));
            }
            Ok(Sockaddr::Inet(Ipv4Addr::new(b[4], b[5], b[6], b[7])))
        }
        f if f == layout.af_inet6() => {
            if b.len() < 24 {
                return Err(format!("sockaddr_in6 of {} bytes (needs 24)", b.len()));
            }
            let mut octets: [u8; 16] = b[8..24].try_into().expect("16 bytes");
            // sin6_scope_id, in host order (0 when the sockaddr is short).
            let mut scope = abi.get32(field(24, 4), b);
            let embedded = u16::from_be_bytes([octets[2], octets[3]]);
            let mask = matches!(rtax, RTAX_NETMASK | RTAX_GENMASK | RTAX_SRCMASK);
            let link_local = octets[0] == 0xfe && octets[1] & 0xc0 == 0x80;
            let local_multicast = octets[0] == 0xff && matches!(octets[1] & 0x0f, 1 | 2);
            let kame = !mask && (link_local || local_multicast);
            if kame && embedded != 0 {
                if scope == 0 {
                    scope = embedded.into();
                }
                octets[2] = 0;
                octets[3] = 0;
            }
            Ok(Sockaddr::Inet6 {
                addr: Ipv6Addr::from(octets),
                scope,
            })
        }
        BSD_AF_LINK => decode_link(b, layout),
        _ => Ok(Sockaddr::Raw {
            family,
            data: b[2..].to_vec(),
        }),
    }
}

/// `struct sockaddr_dl`: len, family, index (u16), type, nlen, alen, slen, data.
fn decode_link(b: &[u8], layout: &Layout) -> Result<Sockaddr, String> {
    if b.len() < 8 {
        return Err(format!("sockaddr_dl of {} bytes (needs 8)", b.len()));
    }
    let index = layout.abi().get(field(2, 2), b) as u16;
    // 0xff is "none" in the lengths of a kernel-made sockaddr_dl.
    let len_of = |v: u8| if v == 0xff { 0 } else { v as usize };
    let (nlen, alen) = (len_of(b[5]), len_of(b[6]));
    let data = &b[8..];
    if nlen + alen > data.len() {
        return Err(format!(
            "sockaddr_dl name ({nlen}) and address ({alen}) overrun its {} data bytes",
            data.len()
        ));
    }
    let name = String::from_utf8_lossy(&data[..nlen]).into_owned();
    let lladdr = if alen > 0 {
        LinkAddr::new(&data[nlen..nlen + alen])
    } else {
        None
    };
    Ok(Sockaddr::Link {
        index,
        ift: b[4],
        name,
        lladdr,
    })
}

/// The prefix length a netmask sockaddr encodes for `family` (Linux
/// numbering). Short masks end early: the missing bytes are zero. A mask
/// with holes counts its leading ones, as `route` prints them.
pub fn mask_prefix(mask: &Sockaddr, family: u8) -> Option<u8> {
    let data = match mask {
        Sockaddr::Raw { data, .. } => data.as_slice(),
        Sockaddr::Empty => &[],
        Sockaddr::Inet(a) => return Some(leading_ones(&a.octets())),
        Sockaddr::Inet6 { addr, .. } => return Some(leading_ones(&addr.octets())),
        _ => return None,
    };
    // `data` starts after sa_len/sa_family: sin_addr at +2, sin6_addr at +6.
    let (skip, len) = match family {
        crate::constants::AF_INET => (2, 4),
        crate::constants::AF_INET6 => (6, 16),
        _ => return None,
    };
    let mut bytes = [0u8; 16];
    for (i, slot) in bytes.iter_mut().take(len).enumerate() {
        *slot = data.get(skip + i).copied().unwrap_or(0);
    }
    Some(leading_ones(&bytes[..len]))
}

fn leading_ones(bytes: &[u8]) -> u8 {
    let mut n = 0u8;
    for &b in bytes {
        if b == 0xff {
            n += 8;
        } else {
            n += b.leading_ones() as u8;
            break;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::super::layout::{Arch, Os};
    use super::*;

    #[test]
    fn rounding_follows_sa_size() {
        assert_eq!(rounded(0, 8), 8);
        assert_eq!(rounded(16, 8), 16);
        assert_eq!(rounded(28, 8), 32);
        assert_eq!(rounded(28, 4), 28);
        assert_eq!(rounded(5, 4), 8);
        assert_eq!(rounded(54, 8), 56);
    }

    #[test]
    fn kame_scope_is_recovered_and_cleared() {
        let l = Layout::new(Os::FreeBsd, Arch::Amd64);
        let mut b = vec![28u8, 28, 0, 0, 0, 0, 0, 0];
        b.extend_from_slice(&[0xfe, 0x80, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        b.extend_from_slice(&[0, 0, 0, 0]);
        let slots = parse_sockaddrs(&b, 1 << RTAX_GATEWAY, &l, 0).unwrap();
        assert_eq!(
            slots[0].sa,
            Sockaddr::Inet6 {
                addr: "fe80::1".parse().unwrap(),
                scope: 5
            }
        );
    }

    #[test]
    fn short_masks_count_their_ones() {
        let m = Sockaddr::Raw {
            family: 0,
            data: vec![0, 0, 255, 255, 240],
        };
        assert_eq!(mask_prefix(&m, crate::constants::AF_INET), Some(20));
        assert_eq!(
            mask_prefix(&Sockaddr::Empty, crate::constants::AF_INET),
            Some(0)
        );
    }
}
