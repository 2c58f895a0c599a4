//! What the routing socket cannot do, done with interface ioctls as
//! `ifconfig` does (FreeBSD, OpenBSD): clone interfaces (SIOCIFCREATE2 /
//! SIOCIFCREATE, SIOCIFDESTROY), flags (up/down), MTU, renaming (FreeBSD),
//! and addresses (SIOCAIFADDR/SIOCDIFADDR, SIOCAIFADDR_IN6/SIOCDIFADDR_IN6).
//!
//! The request numbers are `_IOW`/`_IOWR` of `sys/sockio.h`, computed here
//! (the `libc` crate does not carry them) with the size of `struct ifreq`
//! (32 bytes); the address requests and their arguments come from the pure
//! `ifreq` module, which is tested on every OS.

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use super::ifreq::{self, IFREQ_LEN, Inet6Alias, name_field};
use super::layout::Layout;
use crate::common::error::{Error, Result};

const IOC_IN: u64 = 0x8000_0000;
const IOC_OUT: u64 = 0x4000_0000;

const fn ioc(dir: u64, group: u8, num: u8, len: usize) -> libc::c_ulong {
    (dir | (((len as u64) & 0x1fff) << 16) | ((group as u64) << 8) | num as u64) as libc::c_ulong
}

const SIOCSIFFLAGS: libc::c_ulong = ioc(IOC_IN, b'i', 16, IFREQ_LEN);
const SIOCGIFFLAGS: libc::c_ulong = ioc(IOC_IN | IOC_OUT, b'i', 17, IFREQ_LEN);
const SIOCDIFADDR: libc::c_ulong = ioc(IOC_IN, b'i', 25, IFREQ_LEN);
const SIOCIFDESTROY: libc::c_ulong = ioc(IOC_IN, b'i', 121, IFREQ_LEN);

#[cfg(target_os = "freebsd")]
mod os {
    use super::*;
    pub const SIOCSIFMTU: libc::c_ulong = ioc(IOC_IN, b'i', 52, IFREQ_LEN);
    pub const SIOCIFCREATE: libc::c_ulong = ioc(IOC_IN | IOC_OUT, b'i', 124, IFREQ_LEN);
    pub const SIOCSIFNAME: Option<libc::c_ulong> = Some(ioc(IOC_IN, b'i', 40, IFREQ_LEN));
    pub const SIOCSIFLLADDR: libc::c_ulong = ioc(IOC_IN, b'i', 60, IFREQ_LEN);
}

#[cfg(target_os = "openbsd")]
mod os {
    use super::*;
    pub const SIOCSIFMTU: libc::c_ulong = ioc(IOC_IN, b'i', 127, IFREQ_LEN);
    pub const SIOCIFCREATE: libc::c_ulong = ioc(IOC_IN, b'i', 122, IFREQ_LEN);
    pub const SIOCSIFNAME: Option<libc::c_ulong> = None;
    pub const SIOCSIFLLADDR: libc::c_ulong = ioc(IOC_IN, b'i', 31, IFREQ_LEN);
}

/// A datagram socket, the handle these ioctls go through: AF_INET for the
/// interface and IPv4 requests, AF_INET6 for the `_IN6` ones (the kernel
/// hands an ioctl to the socket's protocol).
pub struct IfSock {
    fd: OwnedFd,
    layout: Layout,
}

fn host_layout() -> Layout {
    Layout::host().expect("the BSD backend is built for BSD hosts only")
}

impl IfSock {
    pub fn new() -> Result<IfSock> {
        Self::of_family(libc::AF_INET)
    }

    /// The AF_INET6 socket the `_IN6` requests need.
    pub fn inet6() -> Result<IfSock> {
        Self::of_family(libc::AF_INET6)
    }

    fn of_family(family: libc::c_int) -> Result<IfSock> {
        // SAFETY: plain socket(2); the result is checked before use.
        let fd = unsafe { libc::socket(family, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) };
        if fd < 0 {
            return Err(Error::io("ioctl socket", io::Error::last_os_error()));
        }
        // SAFETY: `fd` was just returned by socket(2) and is owned by nobody else.
        Ok(IfSock {
            fd: unsafe { OwnedFd::from_raw_fd(fd) },
            layout: host_layout(),
        })
    }

    /// One ioctl on a buffer the request reads (and may write back).
    fn ioctl(&self, req: libc::c_ulong, buf: &mut [u8], what: &str) -> Result<()> {
        // SAFETY: `buf` is as long as the structure `req` names (its size is
        // encoded in `req` from the same constant) and outlives the call.
        let rc = unsafe { libc::ioctl(self.fd.as_raw_fd(), req, buf.as_mut_ptr()) };
        if rc < 0 {
            let e = io::Error::last_os_error();
            return Err(match e.raw_os_error() {
                Some(errno) => Error::Kernel {
                    request: what.to_owned(),
                    errno,
                    ext_ack: None,
                },
                None => Error::io(what.to_owned(), e),
            });
        }
        Ok(())
    }

    fn ifreq(name: &str, what: &str) -> Result<[u8; IFREQ_LEN]> {
        ifreq::ifreq_with(name, &[], what)
    }

    /// Creates a clone interface (`ifconfig NAME create`); returns the name
    /// the kernel gave it (FreeBSD may pick the unit).
    pub fn create(&self, name: &str, what: &str) -> Result<String> {
        self.create_from(Self::ifreq(name, what)?, what)
    }

    /// Creates a clone with parameters (FreeBSD SIOCIFCREATE2: `ifr_data`
    /// points at them, e.g. a `struct vlanreq`); returns the kernel's name.
    pub fn create_with(&self, name: &str, params: &mut [u8], what: &str) -> Result<String> {
        let ptr = params.as_mut_ptr() as usize;
        // `params` outlives the call; the kernel copies it in.
        self.create_from(ifreq::ifreq_with(name, &ptr.to_ne_bytes(), what)?, what)
    }

    /// SIOCIFCREATE(2) with a prepared `ifreq`; the kernel writes the
    /// clone's name back into it.
    fn create_from(&self, mut r: [u8; IFREQ_LEN], what: &str) -> Result<String> {
        self.ioctl(os::SIOCIFCREATE, &mut r, what)?;
        let end = r[..16].iter().position(|&c| c == 0).unwrap_or(16);
        Ok(String::from_utf8_lossy(&r[..end]).into_owned())
    }

    /// OpenBSD: a vlan's tag (SIOCSVNETID).
    pub fn set_vnetid(&self, name: &str, id: i64, what: &str) -> Result<()> {
        let mut r = ifreq::ifreq_with(name, &id.to_ne_bytes(), what)?;
        self.ioctl(ifreq::OPENBSD_SIOCSVNETID.into(), &mut r, what)
    }

    /// OpenBSD: a vlan's parent (SIOCSIFPARENT).
    pub fn set_parent(&self, name: &str, parent: &str, what: &str) -> Result<()> {
        let mut r = ifreq::if_parent(name, parent, what)?;
        self.ioctl(ifreq::OPENBSD_SIOCSIFPARENT.into(), &mut r, what)
    }

    /// OpenBSD: patches two pair(4) interfaces together (SIOCSIFPAIR).
    pub fn set_pair(&self, name: &str, peer_index: u32, what: &str) -> Result<()> {
        let mut r = ifreq::ifreq_with(name, &peer_index.to_ne_bytes(), what)?;
        self.ioctl(ifreq::OPENBSD_SIOCSIFPAIR.into(), &mut r, what)
    }

    pub fn destroy(&self, name: &str, what: &str) -> Result<()> {
        let mut r = Self::ifreq(name, what)?;
        self.ioctl(SIOCIFDESTROY, &mut r, what)
    }

    /// Sets or clears IFF_UP (SIOCGIFFLAGS, then SIOCSIFFLAGS).
    pub fn set_up(&self, name: &str, up: bool, what: &str) -> Result<()> {
        let mut r = Self::ifreq(name, what)?;
        self.ioctl(SIOCGIFFLAGS, &mut r, what)?;
        let mut flags = i16::from_ne_bytes([r[16], r[17]]);
        if up {
            flags |= libc::IFF_UP as i16;
        } else {
            flags &= !(libc::IFF_UP as i16);
        }
        r[16..18].copy_from_slice(&flags.to_ne_bytes());
        self.ioctl(SIOCSIFFLAGS, &mut r, what)
    }

    pub fn set_mtu(&self, name: &str, mtu: u32, what: &str) -> Result<()> {
        let mut r = Self::ifreq(name, what)?;
        r[16..20].copy_from_slice(&(mtu as i32).to_ne_bytes());
        self.ioctl(os::SIOCSIFMTU, &mut r, what)
    }

    /// Renames an interface (FreeBSD; OpenBSD cannot).
    pub fn rename(&self, name: &str, new: &str, what: &str) -> Result<()> {
        let Some(req) = os::SIOCSIFNAME else {
            return Err(Error::Unsupported(format!("{what}: renaming interfaces")));
        };
        let mut r = Self::ifreq(name, what)?;
        // ifr_data points at the new name.
        let new_name = name_field(new, what)?;
        let ptr = new_name.as_ptr() as usize;
        r[16..16 + std::mem::size_of::<usize>()].copy_from_slice(&ptr.to_ne_bytes());
        self.ioctl(req, &mut r, what)
    }

    /// Sets the link-layer (MAC) address (`ifconfig NAME lladdr MAC`).
    pub fn set_lladdr(&self, name: &str, mac: &[u8], what: &str) -> Result<()> {
        if mac.len() > 14 {
            return Err(Error::invalid(
                what.to_owned(),
                "link-layer address too long",
            ));
        }
        let mut r = Self::ifreq(name, what)?;
        r[16] = mac.len() as u8; // sa_len
        r[17] = super::layout::BSD_AF_LINK; // sa_family
        r[18..18 + mac.len()].copy_from_slice(mac);
        self.ioctl(os::SIOCSIFLLADDR, &mut r, what)
    }

    /// Adds an IPv4 address (`ifconfig NAME inet A/len [broadcast B | P]`).
    pub fn add_inet(
        &self,
        name: &str,
        addr: Ipv4Addr,
        prefixlen: u8,
        other: Option<Ipv4Addr>,
        what: &str,
    ) -> Result<()> {
        let mut r = ifreq::in_aliasreq(&self.layout, name, addr, prefixlen, other, what)?;
        self.ioctl(ifreq::siocaifaddr(&self.layout).into(), &mut r, what)
    }

    pub fn delete_inet(&self, name: &str, addr: Ipv4Addr, what: &str) -> Result<()> {
        let mut r = Self::ifreq(name, what)?;
        r[16..32].copy_from_slice(&super::encode::sockaddr_ip(&self.layout, addr.into()));
        self.ioctl(SIOCDIFADDR, &mut r, what)
    }

    /// Adds an IPv6 address (`ifconfig NAME inet6 A prefixlen L`); needs
    /// an [`IfSock::inet6`] socket.
    pub fn add_inet6(&self, alias: &Inet6Alias, what: &str) -> Result<()> {
        let mut r = alias.encode(&self.layout, what)?;
        self.ioctl(ifreq::siocaifaddr_in6(&self.layout).into(), &mut r, what)
    }

    /// Deletes an IPv6 address (`ifconfig NAME inet6 A delete`); needs an
    /// [`IfSock::inet6`] socket.
    pub fn delete_inet6(&self, name: &str, addr: Ipv6Addr, ifindex: u32, what: &str) -> Result<()> {
        let mut r = ifreq::in6_ifreq(&self.layout, name, addr, ifindex, what)?;
        self.ioctl(ifreq::siocdifaddr_in6().into(), &mut r, what)
    }
}
