//! Persistent tun/tap devices through /dev/net/tun, as `ip tuntap` and
//! pyroute2 make them: rtnetlink cannot create these.

use std::os::fd::AsRawFd;

use crate::common::error::{Error, Result};

/// Creates a persistent tun (layer 3) or tap (layer 2) device without
/// packet information headers.
pub fn create(name: &str, tap: bool, what: &str) -> Result<()> {
    let io = |e: std::io::Error| Error::io(what.to_owned(), e);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/net/tun")
        .map_err(io)?;
    // SAFETY: ifreq is plain old data; all zeroes is a valid value.
    let mut ifr: libc::ifreq = unsafe { std::mem::zeroed() };
    for (dst, src) in ifr.ifr_name.iter_mut().zip(name.bytes()) {
        *dst = src as libc::c_char;
    }
    let mode = if tap { libc::IFF_TAP } else { libc::IFF_TUN };
    ifr.ifr_ifru.ifru_flags = (mode | libc::IFF_NO_PI) as libc::c_short;
    // SAFETY: TUNSETIFF reads and writes one ifreq, which outlives the call;
    // the fd is open for the whole call.
    if unsafe { libc::ioctl(file.as_raw_fd(), libc::TUNSETIFF, &mut ifr) } < 0 {
        let e = std::io::Error::last_os_error();
        return Err(kernel_or_io(what, e));
    }
    // SAFETY: TUNSETPERSIST takes an integer argument, no memory.
    if unsafe { libc::ioctl(file.as_raw_fd(), libc::TUNSETPERSIST, 1 as libc::c_ulong) } < 0 {
        return Err(kernel_or_io(what, std::io::Error::last_os_error()));
    }
    Ok(())
}

/// An errno from the tun driver is the kernel's answer to the request.
fn kernel_or_io(what: &str, e: std::io::Error) -> Error {
    match e.raw_os_error() {
        Some(errno) => Error::Kernel {
            request: what.to_owned(),
            errno,
            ext_ack: None,
        },
        None => Error::io(what.to_owned(), e),
    }
}
