//! The arguments of the address ioctls, as bytes for any layout: `struct
//! in_aliasreq` (FreeBSD) / `struct ifaliasreq` (OpenBSD) for SIOCAIFADDR,
//! `struct in6_aliasreq` for SIOCAIFADDR_IN6 and `struct in6_ifreq` for
//! SIOCDIFADDR_IN6, with their request numbers. Pure, like the decoder, so
//! offsets and numbers are checked on Linux; `ioctl.rs` only issues them.
//!
//! Sizes (netinet6/in6_var.h, netinet/in_var.h, net/if.h):
//! - `in6_aliasreq`: name 16, addr, dstaddr and prefixmask (sockaddr_in6,
//!   28 each), `int ifra_flags`, `struct in6_addrlifetime` (two `time_t`,
//!   two `u_int32_t`), and on FreeBSD `int ifra_vhid`. FreeBSD amd64 136,
//!   FreeBSD i386 124 (32-bit `time_t`), OpenBSD 128 (64-bit `time_t`
//!   everywhere).
//! - `in6_ifreq`: name 16 and a union whose largest member is `struct
//!   icmp6_ifstat` (34 `u_int64_t`): 288 on both.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::encode::{sockaddr_ip, sockaddr_mask};
use super::layout::{Layout, Os, field};
use crate::common::change::IpNet;
use crate::common::error::{Error, Result};

pub(crate) const IFNAMSIZ: usize = 16;
const SOCKADDR_IN6_LEN: usize = 28;
const SOCKADDR_IN_LEN: usize = 16;

/// `sizeof(struct in6_ifreq)`.
pub const IN6_IFREQ_LEN: usize = 288;

/// `ND6_INFINITE_LIFETIME`: a lifetime that never ends.
pub const INFINITE_LIFETIME: u32 = u32::MAX;

/// `IN6_IFF_NODAD` (FreeBSD only: OpenBSD has no such flag).
pub const IN6_IFF_NODAD: u32 = 0x20;

/// `_IOW(group, num, len)` of sys/ioccom.h (the same on both kernels).
pub const fn iow(group: u8, num: u8, len: usize) -> u32 {
    0x8000_0000 | (((len as u32) & 0x1fff) << 16) | ((group as u32) << 8) | num as u32
}

pub(crate) const fn time_t(layout: &Layout) -> usize {
    layout.abi().time_t
}

/// `sizeof(struct in6_aliasreq)` for a layout.
pub const fn in6_aliasreq_len(layout: &Layout) -> usize {
    let lifetime = 2 * time_t(layout) + 8;
    // name + 3 sockaddr_in6 + ifra_flags, then the lifetime (8-aligned
    // where time_t is 64-bit: 104 already is).
    let end = IFNAMSIZ + 3 * SOCKADDR_IN6_LEN + 4 + lifetime;
    match layout.os {
        // ifra_vhid, then padding to the struct's alignment.
        Os::FreeBsd => (end + 4).next_multiple_of(time_t(layout)),
        _ => end,
    }
}

/// `sizeof(struct in_aliasreq)` (FreeBSD, with `ifra_vhid`) or `struct
/// ifaliasreq` (OpenBSD).
pub const fn in_aliasreq_len(layout: &Layout) -> usize {
    match layout.os {
        Os::FreeBsd => IFNAMSIZ + 3 * SOCKADDR_IN_LEN + 4,
        _ => IFNAMSIZ + 3 * SOCKADDR_IN_LEN,
    }
}

/// SIOCAIFADDR: `_IOW('i', 43, in_aliasreq)` on FreeBSD, `_IOW('i', 26,
/// ifaliasreq)` on OpenBSD.
pub const fn siocaifaddr(layout: &Layout) -> u32 {
    match layout.os {
        Os::FreeBsd => iow(b'i', 43, in_aliasreq_len(layout)),
        _ => iow(b'i', 26, in_aliasreq_len(layout)),
    }
}

/// SIOCAIFADDR_IN6: `_IOW('i', 27, ...)` on FreeBSD (26 is the pre-10
/// `oin6_aliasreq`), `_IOW('i', 26, ...)` on OpenBSD.
pub const fn siocaifaddr_in6(layout: &Layout) -> u32 {
    match layout.os {
        Os::FreeBsd => iow(b'i', 27, in6_aliasreq_len(layout)),
        _ => iow(b'i', 26, in6_aliasreq_len(layout)),
    }
}

/// SIOCDIFADDR_IN6: `_IOW('i', 25, struct in6_ifreq)` on both.
pub const fn siocdifaddr_in6() -> u32 {
    iow(b'i', 25, IN6_IFREQ_LEN)
}

/// The interface name field, checked.
pub fn name_field(name: &str, what: &str) -> Result<[u8; IFNAMSIZ]> {
    let mut b = [0u8; IFNAMSIZ];
    if name.is_empty() || name.len() >= IFNAMSIZ || name.contains('\0') {
        return Err(Error::invalid(
            what.to_owned(),
            "interface names are 1 to 15 bytes long",
        ));
    }
    b[..name.len()].copy_from_slice(name.as_bytes());
    Ok(b)
}

/// A `sockaddr_in6` as the address ioctls take it: a link-local address
/// carries its interface both KAME-embedded (bytes 2-3) and in
/// `sin6_scope_id`, which every variant of `in6_control` accepts (a zone
/// that contradicts the interface is EINVAL).
fn sockaddr_in6(layout: &Layout, addr: Ipv6Addr, ifindex: u32) -> Vec<u8> {
    let mut b = sockaddr_ip(layout, addr.into());
    if addr.is_unicast_link_local() {
        let zone = u16::try_from(ifindex).unwrap_or(0);
        b[10..12].copy_from_slice(&zone.to_be_bytes());
        layout.abi().put(field(24, 4), &mut b, ifindex.into());
    }
    b
}

/// What SIOCAIFADDR_IN6 adds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inet6Alias {
    pub name: String,
    pub ifindex: u32,
    pub addr: Ipv6Addr,
    pub prefixlen: u8,
    /// The other end of a point-to-point link.
    pub peer: Option<Ipv6Addr>,
    /// `IN6_IFF_*` bits.
    pub flags: u32,
    /// Seconds, [`INFINITE_LIFETIME`] for ever.
    pub valid: u32,
    pub preferred: u32,
}

impl Inet6Alias {
    /// `struct in6_aliasreq` for `layout`.
    pub fn encode(&self, layout: &Layout, what: &str) -> Result<Vec<u8>> {
        if self.prefixlen > 128 {
            return Err(Error::invalid(what.to_owned(), "prefix length over 128"));
        }
        if self.preferred > self.valid {
            return Err(Error::invalid(
                what.to_owned(),
                "preferred lifetime longer than the valid lifetime",
            ));
        }
        let mut r = vec![0u8; in6_aliasreq_len(layout)];
        r[..IFNAMSIZ].copy_from_slice(&name_field(&self.name, what)?);
        let addr_at = IFNAMSIZ;
        let dst_at = addr_at + SOCKADDR_IN6_LEN;
        let mask_at = dst_at + SOCKADDR_IN6_LEN;
        let flags_at = mask_at + SOCKADDR_IN6_LEN;
        r[addr_at..dst_at].copy_from_slice(&sockaddr_in6(layout, self.addr, self.ifindex));
        if let Some(peer) = self.peer {
            r[dst_at..mask_at].copy_from_slice(&sockaddr_in6(layout, peer, self.ifindex));
        }
        let net = IpNet {
            addr: self.addr.into(),
            len: self.prefixlen,
        };
        r[mask_at..flags_at].copy_from_slice(&sockaddr_mask(layout, &net));
        let abi = layout.abi();
        abi.put(field(flags_at, 4), &mut r, self.flags.into());
        // ia6t_expire and ia6t_preferred stay 0: the kernel computes them
        // from the two lifetimes that follow.
        let vltime_at = flags_at + 4 + 2 * time_t(layout);
        abi.put(field(vltime_at, 4), &mut r, self.valid.into());
        abi.put(field(vltime_at + 4, 4), &mut r, self.preferred.into());
        Ok(r)
    }
}

/// `struct in6_ifreq` naming one address of an interface (SIOCDIFADDR_IN6).
pub fn in6_ifreq(
    layout: &Layout,
    name: &str,
    addr: Ipv6Addr,
    ifindex: u32,
    what: &str,
) -> Result<Vec<u8>> {
    let mut r = vec![0u8; IN6_IFREQ_LEN];
    r[..IFNAMSIZ].copy_from_slice(&name_field(name, what)?);
    r[IFNAMSIZ..IFNAMSIZ + SOCKADDR_IN6_LEN].copy_from_slice(&sockaddr_in6(layout, addr, ifindex));
    Ok(r)
}

/// `struct in_aliasreq` / `struct ifaliasreq` for SIOCAIFADDR: the address,
/// the broadcast or peer address, the netmask.
pub fn in_aliasreq(
    layout: &Layout,
    name: &str,
    addr: Ipv4Addr,
    prefixlen: u8,
    other: Option<Ipv4Addr>,
    what: &str,
) -> Result<Vec<u8>> {
    if prefixlen > 32 {
        return Err(Error::invalid(what.to_owned(), "prefix length over 32"));
    }
    let mut r = vec![0u8; in_aliasreq_len(layout)];
    r[..IFNAMSIZ].copy_from_slice(&name_field(name, what)?);
    let at = |i: usize| IFNAMSIZ + i * SOCKADDR_IN_LEN;
    r[at(0)..at(1)].copy_from_slice(&sockaddr_ip(layout, addr.into()));
    if let Some(o) = other {
        r[at(1)..at(2)].copy_from_slice(&sockaddr_ip(layout, o.into()));
    }
    let net = IpNet {
        addr: addr.into(),
        len: prefixlen,
    };
    r[at(2)..at(3)].copy_from_slice(&sockaddr_mask(layout, &net));
    Ok(r)
}

// ---- clone parameters ------------------------------------------------------

/// `sizeof(struct ifreq)` on both kernels.
pub const IFREQ_LEN: usize = 32;

/// OpenBSD `SIOCSVNETID`: `_IOW('i', 166, struct ifreq)` (vlan tag, vxlan VNI).
pub const OPENBSD_SIOCSVNETID: u32 = iow(b'i', 166, IFREQ_LEN);
/// OpenBSD `SIOCSIFPAIR`: `_IOW('i', 176, struct ifreq)` (patch two pair(4)s).
pub const OPENBSD_SIOCSIFPAIR: u32 = iow(b'i', 176, IFREQ_LEN);
/// OpenBSD `SIOCSIFPARENT`: `_IOW('i', 178, struct if_parent)`.
pub const OPENBSD_SIOCSIFPARENT: u32 = iow(b'i', 178, 2 * IFNAMSIZ);

/// FreeBSD `struct vlanreq` (net/if_vlan_var.h), passed through `ifr_data`
/// to SIOCIFCREATE2: the parent's name, the tag, the EtherType (0x8100
/// 802.1Q, 0x88a8 802.1ad).
pub fn vlanreq(
    layout: &Layout,
    parent: &str,
    tag: u16,
    ethertype: u16,
    what: &str,
) -> Result<[u8; 20]> {
    if tag == 0 || tag > 4094 {
        return Err(Error::invalid(what.to_owned(), "VLAN ids are 1 to 4094"));
    }
    let mut r = [0u8; 20];
    r[..IFNAMSIZ].copy_from_slice(&name_field(parent, what)?);
    let abi = layout.abi();
    abi.put(field(16, 2), &mut r, tag.into());
    abi.put(field(18, 2), &mut r, ethertype.into());
    Ok(r)
}

/// OpenBSD `struct if_parent`: the interface, then its parent.
pub fn if_parent(name: &str, parent: &str, what: &str) -> Result<[u8; 2 * IFNAMSIZ]> {
    let mut r = [0u8; 2 * IFNAMSIZ];
    r[..IFNAMSIZ].copy_from_slice(&name_field(name, what)?);
    r[IFNAMSIZ..].copy_from_slice(&name_field(parent, what)?);
    Ok(r)
}

/// A `struct ifreq` whose union starts with `value` (ifr_vnetid is an
/// `int64_t`, ifr_index a `u_int`: both at offset 16).
pub fn ifreq_with(name: &str, value: &[u8], what: &str) -> Result<[u8; IFREQ_LEN]> {
    let mut r = [0u8; IFREQ_LEN];
    r[..IFNAMSIZ].copy_from_slice(&name_field(name, what)?);
    let n = value.len().min(IFREQ_LEN - IFNAMSIZ);
    r[IFNAMSIZ..IFNAMSIZ + n].copy_from_slice(&value[..n]);
    Ok(r)
}

/// The name of the other end of a FreeBSD epair: `epair3a` pairs with `epair3b`.
pub fn epair_peer(a_side: &str) -> Option<String> {
    a_side.strip_suffix('a').map(|stem| format!("{stem}b"))
}

/// Whether `name` is `prefix` followed by a unit number (`vlan10`, `pair0`):
/// the only names OpenBSD clones take, since it cannot rename. A
/// zero-padded unit (`vlan01`) is not one (`if_clone_lookup` refuses it).
pub fn is_unit_name(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix).is_some_and(|u| {
        !u.is_empty() && u.bytes().all(|b| b.is_ascii_digit()) && (u == "0" || !u.starts_with('0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FREEBSD64: Layout = Layout::FREEBSD_AMD64;
    const FREEBSD32: Layout = Layout::FREEBSD_I386;
    const OPENBSD64: Layout = Layout::OPENBSD_AMD64;
    const OPENBSD32: Layout = Layout::OPENBSD_I386;

    #[test]
    fn sizes_and_request_numbers_match_the_headers() {
        assert_eq!(in6_aliasreq_len(&FREEBSD64), 136);
        assert_eq!(in6_aliasreq_len(&FREEBSD32), 124);
        assert_eq!(in6_aliasreq_len(&OPENBSD64), 128);
        assert_eq!(in6_aliasreq_len(&OPENBSD32), 128);
        assert_eq!(in_aliasreq_len(&FREEBSD64), 68);
        assert_eq!(in_aliasreq_len(&OPENBSD64), 64);
        // The values the BSDs' own tools and wireguard-go use.
        assert_eq!(siocaifaddr_in6(&FREEBSD64), 0x8088_691b);
        assert_eq!(siocaifaddr_in6(&OPENBSD64), 0x8080_691a);
        assert_eq!(siocdifaddr_in6(), 0x8120_6919);
        assert_eq!(siocaifaddr(&FREEBSD64), 0x8044_692b);
        assert_eq!(siocaifaddr(&OPENBSD64), 0x8040_691a);
    }

    fn alias(addr: &str, prefixlen: u8) -> Inet6Alias {
        Inet6Alias {
            name: "em0".into(),
            ifindex: 3,
            addr: addr.parse().unwrap(),
            prefixlen,
            peer: None,
            flags: IN6_IFF_NODAD,
            valid: 3600,
            preferred: 1800,
        }
    }

    #[test]
    fn in6_aliasreq_fields_sit_where_the_kernel_reads_them() {
        for (layout, af, vltime_at) in [
            (FREEBSD64, 28u8, 120usize),
            (FREEBSD32, 28, 112),
            (OPENBSD64, 24, 120),
            (OPENBSD32, 24, 120),
        ] {
            let mut a = alias("2001:db8::1", 64);
            a.peer = Some("2001:db8::2".parse().unwrap());
            let r = a.encode(&layout, "t").unwrap();
            assert_eq!(r.len(), in6_aliasreq_len(&layout));
            assert_eq!(&r[..4], b"em0\0");
            // ifra_addr
            assert_eq!((r[16], r[17]), (28, af), "{layout:?}");
            assert_eq!(
                r[24..40],
                "2001:db8::1".parse::<Ipv6Addr>().unwrap().octets()
            );
            // ifra_dstaddr
            assert_eq!((r[44], r[45]), (28, af));
            assert_eq!(
                r[52..68],
                "2001:db8::2".parse::<Ipv6Addr>().unwrap().octets()
            );
            // ifra_prefixmask: 64 one bits
            assert_eq!((r[72], r[73]), (28, af));
            assert_eq!(r[80..88], [0xff; 8]);
            assert_eq!(r[88..96], [0; 8]);
            // ifra_flags, then the lifetimes after two zero time_t
            assert_eq!(
                u32::from_ne_bytes(r[100..104].try_into().unwrap()),
                IN6_IFF_NODAD
            );
            assert!(r[104..vltime_at].iter().all(|&b| b == 0));
            let word = |at: usize| u32::from_ne_bytes(r[at..at + 4].try_into().unwrap());
            assert_eq!((word(vltime_at), word(vltime_at + 4)), (3600, 1800));
        }
    }

    #[test]
    fn link_local_addresses_carry_their_zone_both_ways() {
        let r = alias("fe80::1", 64).encode(&OPENBSD64, "t").unwrap();
        let addr: [u8; 16] = r[24..40].try_into().unwrap();
        assert_eq!(&addr[..4], &[0xfe, 0x80, 0, 3], "KAME-embedded index");
        assert_eq!(
            u32::from_ne_bytes(r[40..44].try_into().unwrap()),
            3,
            "sin6_scope_id"
        );
        let global = alias("2001:db8::1", 64).encode(&OPENBSD64, "t").unwrap();
        assert_eq!(&global[40..44], &[0; 4]);
        let del = in6_ifreq(&FREEBSD64, "em0", "fe80::1".parse().unwrap(), 3, "t").unwrap();
        assert_eq!(del.len(), IN6_IFREQ_LEN);
        assert_eq!((del[16], del[17]), (28, 28));
        assert_eq!(&del[24..28], &[0xfe, 0x80, 0, 3]);
    }

    #[test]
    fn bad_requests_are_refused_before_any_ioctl() {
        let mut a = alias("2001:db8::1", 129);
        assert!(a.encode(&FREEBSD64, "t").is_err());
        a.prefixlen = 64;
        a.preferred = a.valid + 1;
        assert!(a.encode(&FREEBSD64, "t").is_err());
        a.preferred = 0;
        a.name = "a-name-far-too-long".into();
        assert!(a.encode(&FREEBSD64, "t").is_err());
        assert!(in_aliasreq(&OPENBSD64, "em0", Ipv4Addr::LOCALHOST, 33, None, "t").is_err());
    }

    #[test]
    fn clone_parameters_are_laid_out_as_the_headers_say() {
        // OpenBSD's own tables (golang.org/x/sys zerrors_openbsd_amd64).
        assert_eq!(OPENBSD_SIOCSIFPARENT, 0x8020_69b2);
        assert_eq!(OPENBSD_SIOCSIFPAIR, 0x8020_69b0);
        assert_eq!(OPENBSD_SIOCSVNETID, 0x8020_69a6);
        let v = vlanreq(&FREEBSD64, "em0", 10, 0x88a8, "t").unwrap();
        assert_eq!(&v[..4], b"em0\0");
        assert_eq!(u16::from_ne_bytes([v[16], v[17]]), 10);
        assert_eq!(u16::from_ne_bytes([v[18], v[19]]), 0x88a8);
        assert!(vlanreq(&FREEBSD64, "em0", 0, 0x8100, "t").is_err());
        assert!(vlanreq(&FREEBSD64, "em0", 4095, 0x8100, "t").is_err());
        let p = if_parent("vlan10", "em0", "t").unwrap();
        assert_eq!(&p[..7], b"vlan10\0");
        assert_eq!(&p[16..20], b"em0\0");
        let r = ifreq_with("vlan10", &10i64.to_ne_bytes(), "t").unwrap();
        assert_eq!(i64::from_ne_bytes(r[16..24].try_into().unwrap()), 10);
        assert_eq!(epair_peer("epair3a").as_deref(), Some("epair3b"));
        assert_eq!(epair_peer("em0"), None);
        assert!(is_unit_name("vlan10", "vlan"));
        assert!(!is_unit_name("vlan", "vlan"));
        assert!(!is_unit_name("em0.10", "vlan"));
        assert!(is_unit_name("vlan0", "vlan"));
        assert!(
            !is_unit_name("vlan01", "vlan"),
            "if_clone_lookup: zero-padded unit"
        );
    }

    #[test]
    fn in_aliasreq_holds_address_broadcast_and_mask() {
        let r = in_aliasreq(
            &FREEBSD64,
            "em0",
            "192.0.2.1".parse().unwrap(),
            24,
            Some("192.0.2.255".parse().unwrap()),
            "t",
        )
        .unwrap();
        assert_eq!(r.len(), 68);
        assert_eq!(&r[16..24], &[16, 2, 0, 0, 192, 0, 2, 1]);
        assert_eq!(&r[32..40], &[16, 2, 0, 0, 192, 0, 2, 255]);
        assert_eq!(&r[48..56], &[16, 2, 0, 0, 255, 255, 255, 0]);
        assert_eq!(&r[64..68], &[0; 4], "ifra_vhid");
    }
}
