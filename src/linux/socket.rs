//! The AF_NETLINK / NETLINK_ROUTE socket: open, send, receive datagrams.

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};

use nix::sys::socket::{
    AddressFamily, MsgFlags, NetlinkAddr, SockFlag, SockProtocol, SockType, bind, getsockname,
    recv, recvfrom, sendto, setsockopt, socket, sockopt,
};

use crate::common::error::{Error, Result};

/// Receive buffer asked of the kernel: large, so bursts of events and
/// concurrent broadcasts do not overflow it during a long dump.
const RCVBUF_BYTES: usize = 4 << 20;

/// Initial user-space buffer. Dump datagrams are at most 32 KiB
/// (the kernel caps them there); larger unicast replies grow it.
const INITIAL_BUF: usize = 64 << 10;

/// A bound NETLINK_ROUTE socket with its receive buffer.
pub struct NetlinkSocket {
    fd: OwnedFd,
    port: u32,
    seq: u32,
    buf: Vec<u8>,
    strict: bool,
    /// Datagrams dropped because their sender was not the kernel.
    pub foreign_dropped: u64,
    /// Requests sent so far (a rejected input must not add to it).
    pub sent: u64,
}

fn set_int_option(
    fd: RawFd,
    level: libc::c_int,
    name: libc::c_int,
    value: libc::c_int,
) -> io::Result<()> {
    // SAFETY: `fd` is an open socket owned by the caller; the option value is a
    // live c_int on this stack frame and its exact size is passed.
    let rc = unsafe {
        libc::setsockopt(
            fd,
            level,
            name,
            (&value as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

impl NetlinkSocket {
    /// Opens and binds a socket (CLOEXEC), subscribed to the multicast `groups` bitmask.
    pub fn open(groups: u32) -> Result<NetlinkSocket> {
        let fd = socket(
            AddressFamily::Netlink,
            SockType::Raw,
            SockFlag::SOCK_CLOEXEC,
            SockProtocol::NetlinkRoute,
        )
        .map_err(|e| Error::io("netlink socket", e.into()))?;
        // Forcing the size needs CAP_NET_ADMIN; without it the kernel caps
        // SO_RCVBUF at rmem_max, which is still the best we can get.
        if setsockopt(&fd, sockopt::RcvBufForce, &RCVBUF_BYTES).is_err() {
            let _ = setsockopt(&fd, sockopt::RcvBuf, &RCVBUF_BYTES);
        }
        let raw = fd.as_raw_fd();
        // Extended ACK text, and ACKs that do not echo our whole request.
        let _ = set_int_option(raw, libc::SOL_NETLINK, libc::NETLINK_EXT_ACK, 1);
        let _ = set_int_option(raw, libc::SOL_NETLINK, libc::NETLINK_CAP_ACK, 1);
        // Strict checking lets the kernel filter dumps; older kernels lack it.
        let strict =
            set_int_option(raw, libc::SOL_NETLINK, libc::NETLINK_GET_STRICT_CHK, 1).is_ok();
        bind(raw, &NetlinkAddr::new(0, groups)).map_err(|e| Error::io("netlink bind", e.into()))?;
        let addr: NetlinkAddr =
            getsockname(raw).map_err(|e| Error::io("netlink getsockname", e.into()))?;
        Ok(NetlinkSocket {
            fd,
            port: addr.pid(),
            seq: 0,
            buf: vec![0; INITIAL_BUF],
            strict,
            foreign_dropped: 0,
            sent: 0,
        })
    }

    /// The port id the kernel assigned to this socket.
    pub fn port_id(&self) -> u32 {
        self.port
    }

    /// Whether the kernel accepted NETLINK_GET_STRICT_CHK.
    pub fn strict(&self) -> bool {
        self.strict
    }

    /// Turns kernel-side dump filtering on or off. Results do not change:
    /// rtsock applies every filter in user space as well.
    pub fn set_strict_check(&mut self, on: bool) -> Result<()> {
        set_int_option(
            self.fd.as_raw_fd(),
            libc::SOL_NETLINK,
            libc::NETLINK_GET_STRICT_CHK,
            on.into(),
        )
        .map_err(|e| Error::io("setting NETLINK_GET_STRICT_CHK", e))?;
        self.strict = on;
        Ok(())
    }

    /// Sets the receive buffer: forced past rmem_max when permitted
    /// (CAP_NET_ADMIN), else as large as the system allows.
    pub fn set_receive_buffer(&mut self, bytes: usize) -> Result<()> {
        if setsockopt(&self.fd, sockopt::RcvBufForce, &bytes).is_ok() {
            return Ok(());
        }
        setsockopt(&self.fd, sockopt::RcvBuf, &bytes)
            .map_err(|e| Error::io("setting SO_RCVBUF", e.into()))
    }

    /// The receive buffer the kernel granted (twice what was asked, as
    /// Linux reports it).
    pub fn receive_buffer(&self) -> usize {
        nix::sys::socket::getsockopt(&self.fd, sockopt::RcvBuf).unwrap_or(0)
    }

    /// Allocates the next sequence number (never 0, which broadcasts use).
    pub fn next_seq(&mut self) -> u32 {
        self.seq = self.seq.wrapping_add(1).max(1);
        self.seq
    }

    /// Joins a multicast group (RTNLGRP_*).
    pub fn add_membership(&self, group: u32) -> Result<()> {
        let group = libc::c_int::try_from(group)
            .map_err(|_| Error::invalid("netlink group", "out of range"))?;
        set_int_option(
            self.fd.as_raw_fd(),
            libc::SOL_NETLINK,
            libc::NETLINK_ADD_MEMBERSHIP,
            group,
        )
        .map_err(|e| Error::io(format!("join netlink group {group}"), e))
    }

    /// Receives events of every namespace that has an id in this socket's
    /// (NETLINK_LISTEN_ALL_NSID); [`NetlinkSocket::recv_datagram_nsid`]
    /// says which each came from.
    pub fn listen_all_nsid(&self) -> Result<()> {
        set_int_option(
            self.fd.as_raw_fd(),
            libc::SOL_NETLINK,
            NETLINK_LISTEN_ALL_NSID,
            1,
        )
        .map_err(|e| Error::io("NETLINK_LISTEN_ALL_NSID", e))
    }

    /// As [`NetlinkSocket::recv_datagram`], with the id of the namespace
    /// the datagram came from when the kernel tagged it (a peer namespace,
    /// after [`NetlinkSocket::listen_all_nsid`]).
    pub fn recv_datagram_nsid(&mut self) -> io::Result<(usize, Option<i32>)> {
        let fd = self.fd.as_raw_fd();
        loop {
            fit_next_datagram(fd, &mut self.buf)?;
            let mut iov = libc::iovec {
                iov_base: self.buf.as_mut_ptr().cast(),
                iov_len: self.buf.len(),
            };
            // SAFETY: plain C structs; all-zero is a valid value of each.
            let mut from: libc::sockaddr_nl = unsafe { std::mem::zeroed() };
            let mut control = [0u64; 8];
            // SAFETY: as above.
            let mut hdr: libc::msghdr = unsafe { std::mem::zeroed() };
            hdr.msg_name = (&raw mut from).cast();
            hdr.msg_namelen = std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
            hdr.msg_iov = &raw mut iov;
            hdr.msg_iovlen = 1;
            hdr.msg_control = control.as_mut_ptr().cast();
            hdr.msg_controllen = std::mem::size_of_val(&control) as _;
            // SAFETY: every pointer in `hdr` points at a live buffer of the
            // length given next to it.
            let n = unsafe { libc::recvmsg(fd, &mut hdr, 0) };
            if n < 0 {
                let e = io::Error::last_os_error();
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(e);
            }
            if from.nl_pid != 0 {
                self.foreign_dropped += 1;
                continue;
            }
            let mut nsid = None;
            // SAFETY: the CMSG_* walk stays inside the control buffer the
            // kernel filled (msg_controllen says how much of it).
            unsafe {
                let mut c = libc::CMSG_FIRSTHDR(&hdr);
                while !c.is_null() {
                    if (*c).cmsg_level == libc::SOL_NETLINK
                        && (*c).cmsg_type == NETLINK_LISTEN_ALL_NSID
                    {
                        nsid = Some(libc::CMSG_DATA(c).cast::<i32>().read_unaligned());
                    }
                    c = libc::CMSG_NXTHDR(&hdr, c);
                }
            }
            return Ok((n as usize, nsid));
        }
    }

    /// Sends one datagram to the kernel, retrying on EINTR, and counts it in `sent`.
    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.sent += 1;
        loop {
            match sendto(
                self.fd.as_raw_fd(),
                bytes,
                &NetlinkAddr::new(0, 0),
                MsgFlags::empty(),
            ) {
                Ok(_) => return Ok(()),
                Err(nix::errno::Errno::EINTR) => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Receives the next datagram sent by the kernel into the internal buffer
    /// and returns its length. Datagrams from other senders (spoofing
    /// processes) are dropped and counted.
    pub fn recv_datagram(&mut self) -> io::Result<usize> {
        recv_kernel_datagram(
            self.fd.as_raw_fd(),
            &mut self.buf,
            &mut self.foreign_dropped,
        )
    }

    /// Receives as many queued datagrams as `into` has room for, with one
    /// recvmmsg(2) and without waiting; returns how many (0: none queued).
    /// Datagrams from other senders are dropped and counted.
    pub fn recv_many_nowait(&mut self, into: &mut Datagrams) -> io::Result<usize> {
        let slots = into.lens.len();
        let slot = into.slot;
        let base = into.buf.as_mut_ptr();
        let mut iovs: Vec<libc::iovec> = (0..slots)
            .map(|i| libc::iovec {
                // SAFETY: slot `i` lies inside `into.buf` (slots * slot bytes).
                iov_base: unsafe { base.add(i * slot) }.cast(),
                iov_len: slot,
            })
            .collect();
        // SAFETY: sockaddr_nl is plain data; all-zero is a valid value.
        let mut from: Vec<libc::sockaddr_nl> = vec![unsafe { std::mem::zeroed() }; slots];
        let mut hdrs: Vec<libc::mmsghdr> = iovs
            .iter_mut()
            .zip(from.iter_mut())
            .map(|(iov, addr)| {
                // SAFETY: msghdr is plain data; all-zero is a valid value.
                let mut h: libc::mmsghdr = unsafe { std::mem::zeroed() };
                h.msg_hdr.msg_name = (addr as *mut libc::sockaddr_nl).cast();
                h.msg_hdr.msg_namelen = std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
                h.msg_hdr.msg_iov = iov;
                h.msg_hdr.msg_iovlen = 1;
                h
            })
            .collect();
        let got = loop {
            // SAFETY: every header points at a live iovec, buffer slot and
            // address of this frame, for the lengths given.
            let n = unsafe {
                libc::recvmmsg(
                    self.fd.as_raw_fd(),
                    hdrs.as_mut_ptr(),
                    slots as libc::c_uint,
                    libc::MSG_DONTWAIT,
                    std::ptr::null_mut(),
                )
            };
            if n >= 0 {
                break n as usize;
            }
            let e = io::Error::last_os_error();
            match e.raw_os_error() {
                Some(libc::EAGAIN) => return Ok(0),
                Some(libc::EINTR) => continue,
                _ => return Err(e),
            }
        };
        for i in 0..got {
            if hdrs[i].msg_hdr.msg_flags & libc::MSG_TRUNC != 0 {
                return Err(io::Error::other("a netlink answer larger than its buffer"));
            }
            into.lens[i] = if from[i].nl_pid != 0 {
                self.foreign_dropped += 1;
                0
            } else {
                hdrs[i].msg_len as usize
            };
        }
        into.count = got;
        Ok(got)
    }

    /// The raw fd, for a dump's read-ahead thread (which the dump joins
    /// before the socket can be used again).
    pub(crate) fn raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    /// The bytes of the last datagram received.
    pub fn buffer(&self) -> &[u8] {
        &self.buf
    }
}

/// Room for several datagrams received at once ([`NetlinkSocket::recv_many_nowait`]).
pub struct Datagrams {
    buf: Vec<u8>,
    slot: usize,
    lens: Vec<usize>,
    count: usize,
}

impl Datagrams {
    /// `slots` datagrams of at most `slot` bytes each.
    pub fn new(slots: usize, slot: usize) -> Datagrams {
        Datagrams {
            buf: vec![0; slots * slot],
            slot,
            lens: vec![0; slots],
            count: 0,
        }
    }

    /// The datagrams of the last receive (one from another sender is empty).
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.count).map(|i| &self.buf[i * self.slot..i * self.slot + self.lens[i]])
    }
}

/// NETLINK_LISTEN_ALL_NSID (linux/netlink.h): the socket option, and the
/// type of the control message that carries a datagram's nsid.
const NETLINK_LISTEN_ALL_NSID: libc::c_int = 8;

/// Grows `buf` to hold the next datagram queued on `fd` (its size peeked
/// with MSG_TRUNC), so that nothing is truncated.
fn fit_next_datagram(fd: RawFd, buf: &mut Vec<u8>) -> io::Result<()> {
    loop {
        match recv(fd, &mut [], MsgFlags::MSG_PEEK | MsgFlags::MSG_TRUNC) {
            Ok(size) => {
                if size > buf.len() {
                    buf.resize(size.next_power_of_two(), 0);
                }
                return Ok(());
            }
            Err(nix::errno::Errno::EINTR) => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

/// Receives the next datagram the kernel sent on `fd` into `buf` (grown to
/// fit: the size is peeked first so nothing is truncated) and returns its
/// length. Datagrams from other senders are dropped and counted.
pub(crate) fn recv_kernel_datagram(
    fd: RawFd,
    buf: &mut Vec<u8>,
    foreign: &mut u64,
) -> io::Result<usize> {
    loop {
        fit_next_datagram(fd, buf)?;
        let (n, from) = match recvfrom::<NetlinkAddr>(fd, buf) {
            Ok(r) => r,
            Err(nix::errno::Errno::EINTR) => continue,
            Err(e) => return Err(e.into()),
        };
        if from.is_some_and(|a| a.pid() != 0) {
            *foreign += 1;
            continue;
        }
        return Ok(n);
    }
}

impl AsFd for NetlinkSocket {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

impl AsRawFd for NetlinkSocket {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}
