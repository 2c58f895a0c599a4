//! What the routing socket cannot do, done with interface ioctls as
//! `ifconfig` does (FreeBSD, OpenBSD): clone interfaces (SIOCIFCREATE2 /
//! SIOCIFCREATE, SIOCIFDESTROY), flags (up/down), MTU, renaming (FreeBSD),
//! and IPv4 addresses (SIOCAIFADDR, SIOCDIFADDR).
//!
//! The request numbers are `_IOW`/`_IOWR` of `sys/sockio.h`, computed here
//! (the `libc` crate does not carry them), with the structure sizes of
//! `struct ifreq` (32 bytes) and `struct in_aliasreq` / `struct ifaliasreq`.

use std::io;
use std::net::Ipv4Addr;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use crate::common::error::{Error, Result};

const IOC_IN: u64 = 0x8000_0000;
const IOC_OUT: u64 = 0x4000_0000;

const fn ioc(dir: u64, group: u8, num: u8, len: usize) -> libc::c_ulong {
    (dir | (((len as u64) & 0x1fff) << 16) | ((group as u64) << 8) | num as u64) as libc::c_ulong
}

const IFREQ_LEN: usize = 32;
const SIOCSIFFLAGS: libc::c_ulong = ioc(IOC_IN, b'i', 16, IFREQ_LEN);
const SIOCGIFFLAGS: libc::c_ulong = ioc(IOC_IN | IOC_OUT, b'i', 17, IFREQ_LEN);
const SIOCDIFADDR: libc::c_ulong = ioc(IOC_IN, b'i', 25, IFREQ_LEN);
const SIOCIFDESTROY: libc::c_ulong = ioc(IOC_IN, b'i', 121, IFREQ_LEN);

#[cfg(target_os = "freebsd")]
mod os {
    use super::*;
    /// `struct in_aliasreq`: name, addr, broadaddr, mask, vhid.
    pub const ALIASREQ_LEN: usize = 68;
    pub const SIOCAIFADDR: libc::c_ulong = ioc(IOC_IN, b'i', 43, ALIASREQ_LEN);
    pub const SIOCSIFMTU: libc::c_ulong = ioc(IOC_IN, b'i', 52, IFREQ_LEN);
    pub const SIOCIFCREATE: libc::c_ulong = ioc(IOC_IN | IOC_OUT, b'i', 124, IFREQ_LEN);
    pub const SIOCSIFNAME: Option<libc::c_ulong> = Some(ioc(IOC_IN, b'i', 40, IFREQ_LEN));
    pub const SIOCSIFLLADDR: libc::c_ulong = ioc(IOC_IN, b'i', 60, IFREQ_LEN);
}

#[cfg(target_os = "openbsd")]
mod os {
    use super::*;
    /// `struct ifaliasreq`: name, addr, dstaddr/broadaddr, mask.
    pub const ALIASREQ_LEN: usize = 64;
    pub const SIOCAIFADDR: libc::c_ulong = ioc(IOC_IN, b'i', 26, ALIASREQ_LEN);
    pub const SIOCSIFMTU: libc::c_ulong = ioc(IOC_IN, b'i', 127, IFREQ_LEN);
    pub const SIOCIFCREATE: libc::c_ulong = ioc(IOC_IN, b'i', 122, IFREQ_LEN);
    pub const SIOCSIFNAME: Option<libc::c_ulong> = None;
    pub const SIOCSIFLLADDR: libc::c_ulong = ioc(IOC_IN, b'i', 31, IFREQ_LEN);
}

/// An AF_INET datagram socket, the handle these ioctls go through.
pub struct IfSock {
    fd: OwnedFd,
}

fn name_bytes(name: &str, what: &str) -> Result<[u8; 16]> {
    let mut b = [0u8; 16];
    if name.is_empty() || name.len() > 15 {
        return Err(Error::invalid(
            what.to_owned(),
            "interface names are 1 to 15 bytes long",
        ));
    }
    b[..name.len()].copy_from_slice(name.as_bytes());
    Ok(b)
}

fn sockaddr_in(a: Ipv4Addr) -> [u8; 16] {
    let mut b = [0u8; 16];
    b[0] = 16;
    b[1] = libc::AF_INET as u8;
    b[4..8].copy_from_slice(&a.octets());
    b
}

impl IfSock {
    pub fn new() -> Result<IfSock> {
        // SAFETY: plain socket(2); the result is checked before use.
        let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) };
        if fd < 0 {
            return Err(Error::io("ioctl socket", io::Error::last_os_error()));
        }
        // SAFETY: `fd` was just returned by socket(2) and is owned by nobody else.
        Ok(IfSock {
            fd: unsafe { OwnedFd::from_raw_fd(fd) },
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
        let mut r = [0u8; IFREQ_LEN];
        r[..16].copy_from_slice(&name_bytes(name, what)?);
        Ok(r)
    }

    /// Creates a clone interface (`ifconfig NAME create`); returns the name
    /// the kernel gave it (FreeBSD may pick the unit).
    pub fn create(&self, name: &str, what: &str) -> Result<String> {
        let mut r = Self::ifreq(name, what)?;
        self.ioctl(os::SIOCIFCREATE, &mut r, what)?;
        let end = r[..16].iter().position(|&c| c == 0).unwrap_or(16);
        Ok(String::from_utf8_lossy(&r[..end]).into_owned())
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
        let new_name = name_bytes(new, what)?;
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
        let mut r = vec![0u8; os::ALIASREQ_LEN];
        r[..16].copy_from_slice(&name_bytes(name, what)?);
        r[16..32].copy_from_slice(&sockaddr_in(addr));
        if let Some(o) = other {
            r[32..48].copy_from_slice(&sockaddr_in(o));
        }
        let mask = u32::MAX.checked_shl(32 - u32::from(prefixlen)).unwrap_or(0);
        r[48..64].copy_from_slice(&sockaddr_in(Ipv4Addr::from(mask)));
        self.ioctl(os::SIOCAIFADDR, &mut r, what)
    }

    pub fn delete_inet(&self, name: &str, addr: Ipv4Addr, what: &str) -> Result<()> {
        let mut r = Self::ifreq(name, what)?;
        r[16..32].copy_from_slice(&sockaddr_in(addr));
        self.ioctl(SIOCDIFADDR, &mut r, what)
    }
}
