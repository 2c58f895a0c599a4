//! What the routing socket cannot do, done with interface ioctls as
//! `ifconfig` does: clone interfaces (SIOCIFCREATE2 / SIOCIFCREATE,
//! SIOCIFDESTROY), flags (up/down), MTU, renaming (FreeBSD), MAC, and
//! addresses (SIOCAIFADDR/SIOCDIFADDR, SIOCAIFADDR_IN6/SIOCDIFADDR_IN6).
//!
//! Pure: each function builds one [`Ioctl`] (request number, socket
//! family, argument bytes) for a layout; the backend only issues it. The
//! request numbers are `_IOW`/`_IOWR` of each kernel's `sys/sockio.h`
//! (the `libc` crate does not carry them), with `struct ifreq` 32 bytes.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::encode::sockaddr_ip;
use super::ifreq::{self, IFNAMSIZ, IFREQ_LEN, Inet6Alias, iow};
use super::layout::{BSD_AF_LINK, Layout, Os, field};
use super::sys::{IFR_DATA_AT, Ioctl, SockFamily};
use crate::common::error::{Error, Result};

/// `_IOWR(group, num, len)`.
const fn iowr(group: u8, num: u8, len: usize) -> u32 {
    iow(group, num, len) | 0x4000_0000
}

const SIOCSIFFLAGS: u32 = iow(b'i', 16, IFREQ_LEN);
const SIOCGIFFLAGS: u32 = iowr(b'i', 17, IFREQ_LEN);
const SIOCDIFADDR: u32 = iow(b'i', 25, IFREQ_LEN);
const SIOCIFDESTROY: u32 = iow(b'i', 121, IFREQ_LEN);
const OPENBSD_SIOCIFCREATE: u32 = iow(b'i', 122, IFREQ_LEN);
/// FreeBSD's SIOCIFCREATE2 copies the clone's name back (`_IOWR`) and
/// takes parameters through `ifr_data` (`if_clone_create`).
const FREEBSD_SIOCIFCREATE2: u32 = iowr(b'i', 124, IFREQ_LEN);
const FREEBSD_SIOCSIFMTU: u32 = iow(b'i', 52, IFREQ_LEN);
const OPENBSD_SIOCSIFMTU: u32 = iow(b'i', 127, IFREQ_LEN);
const FREEBSD_SIOCSIFNAME: u32 = iow(b'i', 40, IFREQ_LEN);
const FREEBSD_SIOCSIFLLADDR: u32 = iow(b'i', 60, IFREQ_LEN);
const OPENBSD_SIOCSIFLLADDR: u32 = iow(b'i', 31, IFREQ_LEN);
const FREEBSD_SIOCSIFDESCR: u32 = iow(b'i', 41, IFREQ_LEN);
const OPENBSD_SIOCSIFDESCR: u32 = iow(b'i', 128, IFREQ_LEN);
/// OpenBSD's IFDESCRSIZE: a description and its NUL.
const OPENBSD_IFDESCRSIZE: usize = 64;

fn on_ifreq(name: &'static str, request: u32, arg: [u8; IFREQ_LEN]) -> Ioctl {
    Ioctl {
        name,
        request,
        family: SockFamily::Inet,
        arg: arg.to_vec(),
        data: None,
        data_at: IFR_DATA_AT,
    }
}

/// Creates a clone interface (`ifconfig NAME create`), with FreeBSD
/// parameters (`struct vlanreq`, ...) when given. The kernel writes the
/// name it chose back into the argument ([`created_name`]).
pub fn create(layout: &Layout, name: &str, params: Option<Vec<u8>>, what: &str) -> Result<Ioctl> {
    let r = ifreq::ifreq_with(name, &[], what)?;
    Ok(match layout.os {
        Os::OpenBsd => {
            if params.is_some() {
                return Err(Error::invalid(
                    what.to_owned(),
                    "OpenBSD clones take no parameters",
                ));
            }
            on_ifreq("SIOCIFCREATE", OPENBSD_SIOCIFCREATE, r)
        }
        _ => Ioctl {
            data: params,
            ..on_ifreq("SIOCIFCREATE2", FREEBSD_SIOCIFCREATE2, r)
        },
    })
}

/// The interface name an ioctl's `ifreq` holds (after SIOCIFCREATE2, the
/// one the kernel gave).
pub fn created_name(call: &Ioctl) -> String {
    let end = call.arg[..16].iter().position(|&c| c == 0).unwrap_or(16);
    String::from_utf8_lossy(&call.arg[..end]).into_owned()
}

pub fn destroy(name: &str, what: &str) -> Result<Ioctl> {
    Ok(on_ifreq(
        "SIOCIFDESTROY",
        SIOCIFDESTROY,
        ifreq::ifreq_with(name, &[], what)?,
    ))
}

/// SIOCGIFFLAGS: the kernel fills `ifr_flags` (and FreeBSD `ifr_flagshigh`).
pub fn get_flags(name: &str, what: &str) -> Result<Ioctl> {
    Ok(on_ifreq(
        "SIOCGIFFLAGS",
        SIOCGIFFLAGS,
        ifreq::ifreq_with(name, &[], what)?,
    ))
}

/// The flags `ip link set` changes that the BSDs keep in `if_flags`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FlagChange {
    /// IFF_UP.
    pub up: Option<bool>,
    /// ARP on (clears IFF_NOARP, 0x80 on both) or off (`ifconfig -arp`).
    pub arp: Option<bool>,
    /// Promiscuous mode: FreeBSD's user-requested IFF_PPROMISC (0x20000,
    /// bit 1 of `ifr_flagshigh`: ifhwioctl turns it into IFF_PROMISC);
    /// OpenBSD's IFF_PROMISC (0x100), which its IFF_CANTCHANGE leaves to
    /// the user.
    pub promisc: Option<bool>,
}

/// SIOCSIFFLAGS from what SIOCGIFFLAGS returned, with `change` applied;
/// the other flag bits go back as the kernel gave them.
pub fn set_flags(layout: &Layout, got: &Ioctl, change: FlagChange) -> Ioctl {
    let abi = layout.abi();
    let mut arg = got.arg.clone();
    // `ifr_flags`, a host-order short at 16; FreeBSD's `ifr_flagshigh` at 18.
    let (low, high) = (field(16, 2), field(18, 2));
    let mut flags = abi.get(low, &arg) as u32;
    if layout.os == Os::FreeBsd {
        flags |= (abi.get(high, &arg) as u32) << 16;
    }
    let mut apply = |bit: u32, on: Option<bool>| match on {
        Some(true) => flags |= bit,
        Some(false) => flags &= !bit,
        None => {}
    };
    apply(1, change.up);
    apply(0x80, change.arp.map(|on| !on));
    let promisc = if layout.os == Os::FreeBsd {
        0x2_0000
    } else {
        0x100
    };
    apply(promisc, change.promisc);
    abi.put(low, &mut arg, u64::from(flags & 0xffff));
    if layout.os == Os::FreeBsd {
        abi.put(high, &mut arg, u64::from(flags >> 16));
    }
    Ioctl {
        name: "SIOCSIFFLAGS",
        request: SIOCSIFFLAGS,
        arg,
        ..got.clone()
    }
}

pub fn set_mtu(layout: &Layout, name: &str, mtu: u32, what: &str) -> Result<Ioctl> {
    let mtu = i32::try_from(mtu).map_err(|_| Error::invalid(what.to_owned(), "MTU too large"))?;
    let request = match layout.os {
        Os::OpenBsd => OPENBSD_SIOCSIFMTU,
        _ => FREEBSD_SIOCSIFMTU,
    };
    Ok(on_ifreq(
        "SIOCSIFMTU",
        request,
        ifreq::ifreq_with(name, &layout.abi().int_bytes(mtu as u64, 4), what)?,
    ))
}

/// Joins (SIOCAIFGROUP, `_IOW('i', 135, struct ifgroupreq)`) or leaves
/// (SIOCDIFGROUP, 137) a named interface group, as ifconfig's setifgroup
/// and unsetifgroup do; the same numbers and layout on both systems.
/// `struct ifgroupreq`: the interface name, `u_int ifgr_len`, then a union
/// of the group's name and a pointer (so 8-aligned on LP64: the name at
/// 24 of 40 bytes; at 20 of 36 on ILP32). FreeBSD `if_addgroup` /
/// `if_delgroup` and OpenBSD's of the same names read `ifgr_group`.
pub fn set_group(
    layout: &Layout,
    name: &str,
    group: &str,
    join: bool,
    what: &str,
) -> Result<Ioctl> {
    let long = layout.arch.long();
    let union_at = (IFNAMSIZ + 4).next_multiple_of(long);
    let mut arg = vec![0u8; union_at + IFNAMSIZ.max(long)];
    arg[..IFNAMSIZ].copy_from_slice(&ifreq::name_field(name, what)?);
    if group.is_empty() || group.len() >= IFNAMSIZ {
        return Err(Error::invalid(
            what.to_owned(),
            "group names are 1 to 15 bytes",
        ));
    }
    arg[union_at..union_at + group.len()].copy_from_slice(group.as_bytes());
    let (call, number) = if join {
        ("SIOCAIFGROUP", 135)
    } else {
        ("SIOCDIFGROUP", 137)
    };
    Ok(Ioctl {
        name: call,
        request: iow(b'i', number, arg.len()),
        family: SockFamily::Inet,
        arg,
        data: None,
        data_at: IFR_DATA_AT,
    })
}

/// Sets an interface's description (`ifconfig NAME description TEXT`;
/// `ip link set alias`), an empty text clearing it.
///
/// - FreeBSD (ifhwioctl, SIOCSIFDESCR): `ifr_buffer`, a `size_t` length
///   that counts the NUL, then the pointer; the kernel copies length - 1
///   bytes, refuses more than `net.ifdescr_maxlen` (ENAMETOOLONG) and
///   takes a length of 0 as "no description".
/// - OpenBSD (ifioctl, SIOCSIFDESCR): `ifr_data` points at a NUL-ended
///   string, copyinstr'd into IFDESCRSIZE (64) bytes.
pub fn set_description(layout: &Layout, name: &str, text: &str, what: &str) -> Result<Ioctl> {
    if text.contains('\0') {
        return Err(Error::invalid(
            what.to_owned(),
            "a description holds no NUL",
        ));
    }
    let mut string = text.as_bytes().to_vec();
    string.push(0);
    match layout.os {
        Os::OpenBsd => {
            if string.len() > OPENBSD_IFDESCRSIZE {
                return Err(Error::invalid(
                    what.to_owned(),
                    format!(
                        "OpenBSD descriptions are at most {} bytes",
                        OPENBSD_IFDESCRSIZE - 1
                    ),
                ));
            }
            Ok(Ioctl {
                data: Some(string),
                ..on_ifreq(
                    "SIOCSIFDESCR",
                    OPENBSD_SIOCSIFDESCR,
                    ifreq::ifreq_with(name, &[], what)?,
                )
            })
        }
        _ => {
            let long = layout.arch.long();
            let length = if text.is_empty() { 0 } else { string.len() };
            let arg = ifreq::ifreq_with(name, &layout.abi().int_bytes(length as u64, long), what)?;
            Ok(Ioctl {
                data: (length > 0).then_some(string),
                data_at: IFR_DATA_AT + long,
                ..on_ifreq("SIOCSIFDESCR", FREEBSD_SIOCSIFDESCR, arg)
            })
        }
    }
}

/// Renames an interface (FreeBSD: `ifr_data` points at the new name;
/// OpenBSD cannot rename).
pub fn rename(layout: &Layout, name: &str, new: &str, what: &str) -> Result<Ioctl> {
    if layout.os != Os::FreeBsd {
        return Err(Error::Unsupported(format!(
            "{what}: renaming interfaces on OpenBSD"
        )));
    }
    Ok(Ioctl {
        data: Some(ifreq::name_field(new, what)?.to_vec()),
        ..on_ifreq(
            "SIOCSIFNAME",
            FREEBSD_SIOCSIFNAME,
            ifreq::ifreq_with(name, &[], what)?,
        )
    })
}

/// Sets the link-layer (MAC) address (`ifconfig NAME lladdr MAC`):
/// `ifr_addr` with `sa_len` the address length. OpenBSD's `ifioctl` takes
/// exactly ETHER_ADDR_LEN (6).
pub fn set_lladdr(layout: &Layout, name: &str, mac: &[u8], what: &str) -> Result<Ioctl> {
    let too_long = mac.len() > 14;
    if too_long || (layout.os == Os::OpenBsd && mac.len() != 6) {
        return Err(Error::invalid(
            what.to_owned(),
            "link-layer addresses here are 6 bytes (OpenBSD) or at most 14",
        ));
    }
    let mut value = vec![mac.len() as u8, BSD_AF_LINK];
    value.extend_from_slice(mac);
    let request = match layout.os {
        Os::OpenBsd => OPENBSD_SIOCSIFLLADDR,
        _ => FREEBSD_SIOCSIFLLADDR,
    };
    Ok(on_ifreq(
        "SIOCSIFLLADDR",
        request,
        ifreq::ifreq_with(name, &value, what)?,
    ))
}

/// Adds an IPv4 address (`ifconfig NAME inet A/len [broadcast B | P]`).
/// OpenBSD's `in_ifinit` turns a zero netmask into the classful one, so a
/// /0 is refused there.
pub fn add_inet(
    layout: &Layout,
    name: &str,
    addr: Ipv4Addr,
    prefixlen: u8,
    other: Option<Ipv4Addr>,
    what: &str,
) -> Result<Ioctl> {
    if layout.os == Os::OpenBsd && prefixlen == 0 {
        return Err(Error::invalid(
            what.to_owned(),
            "OpenBSD gives a /0 address its classful netmask",
        ));
    }
    Ok(Ioctl {
        name: "SIOCAIFADDR",
        request: ifreq::siocaifaddr(layout),
        family: SockFamily::Inet,
        arg: ifreq::in_aliasreq(layout, name, addr, prefixlen, other, what)?,
        data: None,
        data_at: IFR_DATA_AT,
    })
}

pub fn delete_inet(layout: &Layout, name: &str, addr: Ipv4Addr, what: &str) -> Result<Ioctl> {
    let sa = sockaddr_ip(layout, addr.into());
    Ok(on_ifreq(
        "SIOCDIFADDR",
        SIOCDIFADDR,
        ifreq::ifreq_with(name, &sa, what)?,
    ))
}

/// Adds an IPv6 address (`ifconfig NAME inet6 A prefixlen L`): on an
/// AF_INET6 socket, the only one whose `in6_control` takes `_IN6` requests.
pub fn add_inet6(layout: &Layout, alias: &Inet6Alias, what: &str) -> Result<Ioctl> {
    if alias.prefixlen == 0 {
        return Err(Error::invalid(
            what.to_owned(),
            "an IPv6 address needs a prefix length (in6_update_ifa: EINVAL)",
        ));
    }
    Ok(Ioctl {
        name: "SIOCAIFADDR_IN6",
        request: ifreq::siocaifaddr_in6(layout),
        family: SockFamily::Inet6,
        arg: alias.encode(layout, what)?,
        data: None,
        data_at: IFR_DATA_AT,
    })
}

pub fn delete_inet6(
    layout: &Layout,
    name: &str,
    addr: Ipv6Addr,
    ifindex: u32,
    what: &str,
) -> Result<Ioctl> {
    Ok(Ioctl {
        name: "SIOCDIFADDR_IN6",
        request: ifreq::siocdifaddr_in6(),
        family: SockFamily::Inet6,
        arg: ifreq::in6_ifreq(layout, name, addr, ifindex, what)?,
        data: None,
        data_at: IFR_DATA_AT,
    })
}

/// A gif(4) or gre(4) tunnel's endpoints, as `ifconfig NAME tunnel SRC
/// DST` sets them:
/// - FreeBSD: SIOCSIFPHYADDR (`_IOW('i', 70, struct ifaliasreq)`) with the
///   source in `ifra_addr` and the destination in `ifra_dstaddr`, on an
///   AF_INET socket; SIOCSIFPHYADDR_IN6 (`_IOW('i', 70, struct
///   in6_aliasreq)`) on an AF_INET6 one. in_gif_ioctl/in_gre_ioctl and
///   their in6_ twins want both of one family, `sin_len` the struct's.
/// - OpenBSD: SIOCSLIFPHYADDR (`_IOW('i', 74, struct if_laddrreq)`: name,
///   flags, prefixlen, then two `sockaddr_storage`); gif_set_tunnel wants
///   one family and its own `sa_len`.
pub fn set_tunnel(
    layout: &Layout,
    name: &str,
    src: IpAddr,
    dst: IpAddr,
    what: &str,
) -> Result<Ioctl> {
    if src.is_ipv4() != dst.is_ipv4() {
        return Err(Error::invalid(
            what.to_owned(),
            "a tunnel's local and remote ends are of one family",
        ));
    }
    let name_bytes = ifreq::name_field(name, what)?;
    let (src_sa, dst_sa) = (sockaddr_ip(layout, src), sockaddr_ip(layout, dst));
    let (call, request, family, arg) = match (layout.os, src.is_ipv4()) {
        (Os::OpenBsd, _) => {
            // if_laddrreq: 16 + 4 + 4 + 2 * 128 bytes.
            let mut r = vec![0u8; IFNAMSIZ + 8 + 2 * SOCKADDR_STORAGE_LEN];
            r[..IFNAMSIZ].copy_from_slice(&name_bytes);
            let at = IFNAMSIZ + 8;
            r[at..at + src_sa.len()].copy_from_slice(&src_sa);
            let at = at + SOCKADDR_STORAGE_LEN;
            r[at..at + dst_sa.len()].copy_from_slice(&dst_sa);
            let request = iow(b'i', 74, r.len());
            ("SIOCSLIFPHYADDR", request, SockFamily::Inet, r)
        }
        (_, true) => {
            // ifaliasreq: name, addr, dstaddr, mask (zero), vhid (zero).
            let mut r = vec![0u8; ifreq::in_aliasreq_len(layout)];
            r[..IFNAMSIZ].copy_from_slice(&name_bytes);
            r[IFNAMSIZ..IFNAMSIZ + 16].copy_from_slice(&src_sa);
            r[IFNAMSIZ + 16..IFNAMSIZ + 32].copy_from_slice(&dst_sa);
            let request = iow(b'i', 70, r.len());
            ("SIOCSIFPHYADDR", request, SockFamily::Inet, r)
        }
        (_, false) => {
            // in6_aliasreq: name, addr, dstaddr, then zeros.
            let mut r = vec![0u8; ifreq::in6_aliasreq_len(layout)];
            r[..IFNAMSIZ].copy_from_slice(&name_bytes);
            r[IFNAMSIZ..IFNAMSIZ + 28].copy_from_slice(&src_sa);
            r[IFNAMSIZ + 28..IFNAMSIZ + 56].copy_from_slice(&dst_sa);
            let request = iow(b'i', 70, r.len());
            ("SIOCSIFPHYADDR_IN6", request, SockFamily::Inet6, r)
        }
    };
    Ok(Ioctl {
        name: call,
        request,
        family,
        arg,
        data: None,
        data_at: IFR_DATA_AT,
    })
}

/// `sizeof(struct sockaddr_storage)`.
const SOCKADDR_STORAGE_LEN: usize = 128;

/// OpenBSD: a vlan's tag (SIOCSVNETID, an `int64_t` at 16).
pub fn set_vnetid(layout: &Layout, name: &str, id: i64, what: &str) -> Result<Ioctl> {
    Ok(on_ifreq(
        "SIOCSVNETID",
        ifreq::OPENBSD_SIOCSVNETID,
        ifreq::ifreq_with(name, &layout.abi().int_bytes(id as u64, 8), what)?,
    ))
}

/// OpenBSD: a vlan's parent (SIOCSIFPARENT, `struct if_parent`).
pub fn set_parent(name: &str, parent: &str, what: &str) -> Result<Ioctl> {
    Ok(Ioctl {
        name: "SIOCSIFPARENT",
        request: ifreq::OPENBSD_SIOCSIFPARENT,
        family: SockFamily::Inet,
        arg: ifreq::if_parent(name, parent, what)?.to_vec(),
        data: None,
        data_at: IFR_DATA_AT,
    })
}

/// OpenBSD: patches two pair(4) interfaces together (SIOCSIFPAIR,
/// `ifr_index`).
pub fn set_pair(layout: &Layout, name: &str, peer_index: u32, what: &str) -> Result<Ioctl> {
    Ok(on_ifreq(
        "SIOCSIFPAIR",
        ifreq::OPENBSD_SIOCSIFPAIR,
        ifreq::ifreq_with(name, &layout.abi().int_bytes(peer_index.into(), 4), what)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bsd::layout::Arch;

    const FREEBSD: Layout = Layout::FREEBSD_AMD64;
    const OPENBSD: Layout = Layout::OPENBSD_AMD64;

    #[test]
    fn an_empty_description_clears_and_32_bit_buffers_are_narrower() {
        // FreeBSD: length 0 and no buffer (ifhwioctl sets no description).
        let c = set_description(&FREEBSD, "em0", "", "t").unwrap();
        assert!(c.arg[16..].iter().all(|&b| b == 0));
        assert_eq!(c.data, None);
        // OpenBSD: an empty string (copyinstr of the NUL alone).
        let c = set_description(&OPENBSD, "em0", "", "t").unwrap();
        assert_eq!(c.data.as_deref(), Some(&[0u8][..]));
        // On i386 the size_t length is 4 bytes and the pointer follows it.
        let c = set_description(&Layout::new(Os::FreeBsd, Arch::I386), "em0", "up", "t").unwrap();
        assert_eq!((&c.arg[16..20], c.data_at), (&3u32.to_le_bytes()[..], 20));
        assert!(set_description(&FREEBSD, "em0", "a\0b", "t").is_err());
    }

    #[test]
    fn request_numbers_are_each_kernels() {
        // sys/sockio.h of each kernel (and golang.org/x/sys's tables).
        assert_eq!(SIOCSIFFLAGS, 0x8020_6910);
        assert_eq!(SIOCGIFFLAGS, 0xc020_6911);
        assert_eq!(SIOCIFDESTROY, 0x8020_6979);
        assert_eq!(
            create(&FREEBSD, "tap", None, "t").unwrap().request,
            0xc020_697c
        );
        assert_eq!(
            create(&OPENBSD, "tap0", None, "t").unwrap().request,
            0x8020_697a
        );
        assert_eq!(
            set_mtu(&FREEBSD, "em0", 1400, "t").unwrap().request,
            0x8020_6934
        );
        assert_eq!(
            set_mtu(&OPENBSD, "em0", 1400, "t").unwrap().request,
            0x8020_697f
        );
        assert_eq!(
            rename(&FREEBSD, "a", "b", "t").unwrap().request,
            0x8020_6928
        );
        assert!(rename(&OPENBSD, "a", "b", "t").is_err());
        assert_eq!(
            set_lladdr(&FREEBSD, "em0", &[2, 0, 0, 0, 0, 1], "t")
                .unwrap()
                .request,
            0x8020_693c
        );
        assert_eq!(
            set_lladdr(&OPENBSD, "em0", &[2, 0, 0, 0, 0, 1], "t")
                .unwrap()
                .request,
            0x8020_691f
        );
    }

    #[test]
    fn arguments_sit_where_ifioctl_reads_them() {
        let mtu = set_mtu(&OPENBSD, "em0", 1400, "t").unwrap();
        assert_eq!(
            i32::from_le_bytes(mtu.arg[16..20].try_into().unwrap()),
            1400
        );
        let mac = set_lladdr(&OPENBSD, "em0", &[2, 0, 0, 0, 0, 1], "t").unwrap();
        assert_eq!(&mac.arg[16..24], &[6, 18, 2, 0, 0, 0, 0, 1]);
        // OpenBSD's ifioctl: sa_len must be ETHER_ADDR_LEN.
        assert!(set_lladdr(&OPENBSD, "em0", &[1; 8], "t").is_err());
        assert!(set_lladdr(&FREEBSD, "em0", &[1; 8], "t").is_ok());
        let mut got = get_flags("em0", "t").unwrap();
        got.arg[16..20].copy_from_slice(&[0x42, 0x88, 0x01, 0x00]);
        let set_up = |layout: &Layout, got: &Ioctl, up: bool| {
            set_flags(
                layout,
                got,
                FlagChange {
                    up: Some(up),
                    ..FlagChange::default()
                },
            )
        };
        let up = set_up(&FREEBSD, &got, true);
        assert_eq!(
            &up.arg[16..20],
            &[0x43, 0x88, 0x01, 0x00],
            "only IFF_UP changes"
        );
        assert_eq!(set_up(&FREEBSD, &up, false).arg[16], 0x42);
        // Big-endian: IFF_UP is in the short's second byte.
        let be = Layout::new(Os::FreeBsd, Arch::Powerpc64);
        assert_eq!(&set_up(&be, &got, true).arg[16..18], &[0x42, 0x89]);
        // `-arp` and promisc: IFF_NOARP on both; FreeBSD's IFF_PPROMISC is
        // bit 1 of ifr_flagshigh, OpenBSD's IFF_PROMISC 0x100.
        let change = FlagChange {
            arp: Some(false),
            promisc: Some(true),
            ..FlagChange::default()
        };
        assert_eq!(
            &set_flags(&FREEBSD, &got, change).arg[16..20],
            &[0xc2, 0x88, 0x03, 0x00]
        );
        assert_eq!(
            &set_flags(&OPENBSD, &got, change).arg[16..18],
            &[0xc2, 0x89]
        );
        let undo = FlagChange {
            arp: Some(true),
            promisc: Some(false),
            ..FlagChange::default()
        };
        let on = set_flags(&FREEBSD, &got, change);
        assert_eq!(
            &set_flags(&FREEBSD, &on, undo).arg[16..20],
            &[0x42, 0x88, 0x01, 0x00]
        );
        let v6 = delete_inet6(&FREEBSD, "em0", "2001:db8::1".parse().unwrap(), 3, "t").unwrap();
        assert_eq!(v6.family, SockFamily::Inet6);
        assert_eq!(
            delete_inet(&FREEBSD, "em0", [192, 0, 2, 1].into(), "t")
                .unwrap()
                .family,
            SockFamily::Inet
        );
        // in_ifinit makes a /0 classful on OpenBSD; in6_update_ifa: plen 0 is EINVAL.
        assert!(add_inet(&OPENBSD, "em0", [10, 0, 0, 1].into(), 0, None, "t").is_err());
        let renamed = rename(&FREEBSD, "epair0a", "veth0", "t").unwrap();
        assert_eq!(&renamed.data.unwrap()[..6], b"veth0\0");
    }
}
