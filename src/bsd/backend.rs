//! The shared trait over PF_ROUTE (FreeBSD, OpenBSD). Built only on the
//! BSDs: what to send is decided by the pure `ops` module; this file makes
//! the system calls ([`Kernel`] implements `Sys`) and streams dumps.
//!
//! - Changes are written on a socket that never reads: the kernel's verdict
//!   is write(2)'s errno (both `route_output`s return it), so nothing can
//!   wait for an answer the kernel dropped.
//! - RTM_GET goes through a fresh socket per request, filtered to what can
//!   answer it, with a deadline ([`super::wait`]); an answer lost to an
//!   overflow is asked for once more; no answer is [`Error::Timeout`].
//! - Sequence numbers are unique in the process (several sockets in one
//!   process see each other's answers: the pid is the same).
//! - Policy rules do not exist on the BSDs (pf does that job).

use std::ffi::CString;
use std::io;
use std::net::IpAddr;
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use super::decode::{Decoder, Records};
use super::dump::{DumpBuffer, SysctlDump, text_fallback};
use super::encode::{Clocks, RTM_GET, RtRequest};
use super::layout::{Layout, Os};
use super::ops::{self, DumpMib};
use super::sys::{DryRun, Expect, Ioctl, SockFamily, Sys};
use super::wait::{self, WaitError};
use crate::common::api::{Filter, Interface, ObjectKind, RouteSocket};
use crate::common::batch::Change;
use crate::common::change::{AddressSpec, LinkSpec, NeighbourSpec, RouteSpec, RuleSpec, Verb};
use crate::common::error::{Error, Result};
use crate::common::message::Message;

/// Sequence numbers, one counter for every socket of the process.
static SEQ: AtomicU32 = AtomicU32::new(1);

fn next_seq() -> u32 {
    SEQ.fetch_add(1, Ordering::Relaxed)
}

/// How long a request waits for the kernel's answer by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// FreeBSD `SO_RERROR` (sys/socket.h; not in the `libc` crate): report a
/// receive-buffer overflow as ENOBUFS instead of dropping silently.
#[cfg(target_os = "freebsd")]
pub(super) const SO_RERROR: libc::c_int = 0x0002_0000;
/// OpenBSD routing-socket options (net/route.h), at level AF_ROUTE.
#[cfg(target_os = "openbsd")]
pub(super) const ROUTE_MSGFILTER: libc::c_int = 1;
#[cfg(target_os = "openbsd")]
pub(super) const ROUTE_TABLEFILTER: libc::c_int = 2;
#[cfg(target_os = "openbsd")]
pub(super) const RTABLE_ANY: u32 = 0xffff_ffff;

fn kernel_error(what: &str, e: io::Error) -> Error {
    match e.raw_os_error() {
        Some(errno) => Error::Kernel {
            request: what.to_owned(),
            errno,
            ext_ack: None,
        },
        None => Error::io(what.to_owned(), e),
    }
}

/// socket(2) of `domain`/`kind`, owned.
pub(super) fn socket(
    domain: libc::c_int,
    kind: libc::c_int,
    proto: libc::c_int,
) -> io::Result<OwnedFd> {
    // SAFETY: plain socket(2); the result is checked before use.
    let fd = unsafe { libc::socket(domain, kind | libc::SOCK_CLOEXEC, proto) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just returned by socket(2) and is owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// setsockopt(2) with a plain value.
pub(super) fn set_option<T: Copy>(
    fd: &OwnedFd,
    level: libc::c_int,
    name: libc::c_int,
    value: T,
) -> io::Result<()> {
    // SAFETY: a pointer to a live `T` and its size, read by the kernel only.
    let rc = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            level,
            name,
            (&value as *const T).cast(),
            std::mem::size_of::<T>() as libc::socklen_t,
        )
    };
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

/// The system calls themselves.
pub struct Kernel {
    layout: Layout,
    /// Writes changes; never read (shut for reading where the kernel allows).
    writer: OwnedFd,
    /// FreeBSD: the FIB the writer is set to.
    #[cfg(target_os = "freebsd")]
    fib: u32,
    inet: Option<OwnedFd>,
    inet6: Option<OwnedFd>,
    pid: u32,
    timeout: Duration,
}

impl Kernel {
    fn new() -> Result<Kernel> {
        let layout = Layout::host().ok_or_else(|| Error::Unsupported("PF_ROUTE".into()))?;
        let writer = socket(libc::PF_ROUTE, libc::SOCK_RAW, libc::AF_UNSPEC)
            .map_err(|e| Error::io("routing socket", e))?;
        // Nothing is read from it: let the kernel stop queueing to it
        // (OpenBSD `route_input` skips sockets that cannot receive).
        // SAFETY: shutdown(2) of an fd we own.
        unsafe { libc::shutdown(writer.as_raw_fd(), libc::SHUT_RD) };
        Ok(Kernel {
            layout,
            writer,
            #[cfg(target_os = "freebsd")]
            fib: 0,
            inet: None,
            inet6: None,
            pid: std::process::id(),
            timeout: DEFAULT_TIMEOUT,
        })
    }

    /// FreeBSD selects the table of a routing-socket request by the
    /// socket's FIB (`route_output` reads `so_fibnum`).
    #[cfg(target_os = "freebsd")]
    fn set_fib(fd: &OwnedFd, fib: u32, what: &str) -> Result<()> {
        set_option(fd, libc::SOL_SOCKET, libc::SO_SETFIB, fib as libc::c_int)
            .map_err(|e| kernel_error(&format!("{what}: FIB {fib}"), e))
    }

    /// A socket for one RTM_GET: only what can answer it reaches it.
    fn get_socket(&self, req: &RtRequest, what: &str) -> Result<OwnedFd> {
        #[cfg(target_os = "freebsd")]
        {
            // `rt_dispatch` tags the answer with the destination's family.
            let family = match req.sockaddrs.first().map(|(_, sa)| sa.get(1).copied()) {
                Some(Some(2)) => libc::AF_INET,
                Some(Some(28)) => libc::AF_INET6,
                _ => libc::AF_UNSPEC,
            };
            let fd = socket(libc::PF_ROUTE, libc::SOCK_RAW, family)
                .map_err(|e| Error::io(what.to_owned(), e))?;
            Self::set_fib(&fd, req.table, what)?;
            // Before 13.0 there is no SO_RERROR: the deadline still holds.
            let _ = set_option(&fd, libc::SOL_SOCKET, SO_RERROR, 1 as libc::c_int);
            Ok(fd)
        }
        #[cfg(target_os = "openbsd")]
        {
            let _ = req;
            let fd = socket(libc::PF_ROUTE, libc::SOCK_RAW, libc::AF_UNSPEC)
                .map_err(|e| Error::io(what.to_owned(), e))?;
            // Answers only (RTM_DESYNC always passes), from every table:
            // `route_input` drops replies of other tables otherwise.
            let only_get: u32 = 1 << RTM_GET;
            set_option(&fd, libc::AF_ROUTE, ROUTE_MSGFILTER, only_get)
                .map_err(|e| Error::io(format!("{what}: ROUTE_MSGFILTER"), e))?;
            set_option(&fd, libc::AF_ROUTE, ROUTE_TABLEFILTER, RTABLE_ANY)
                .map_err(|e| Error::io(format!("{what}: ROUTE_TABLEFILTER"), e))?;
            Ok(fd)
        }
    }

    fn write(fd: &OwnedFd, bytes: &[u8], what: &str) -> Result<()> {
        loop {
            // SAFETY: writes `bytes.len()` bytes from a live buffer.
            let n = unsafe { libc::write(fd.as_raw_fd(), bytes.as_ptr().cast(), bytes.len()) };
            if n >= 0 {
                return Ok(());
            }
            let e = io::Error::last_os_error();
            if e.kind() != io::ErrorKind::Interrupted {
                return Err(kernel_error(what, e));
            }
        }
    }

    fn ioctl_socket(&mut self, family: SockFamily) -> Result<&OwnedFd> {
        let (slot, domain) = match family {
            SockFamily::Inet => (&mut self.inet, libc::AF_INET),
            SockFamily::Inet6 => (&mut self.inet6, libc::AF_INET6),
        };
        if slot.is_none() {
            *slot = Some(
                socket(domain, libc::SOCK_DGRAM, 0).map_err(|e| Error::io("ioctl socket", e))?,
            );
        }
        Ok(slot.as_ref().expect("just set"))
    }
}

impl Sys for Kernel {
    fn layout(&self) -> Layout {
        self.layout
    }

    /// Reads a sysctl(3) routing table, retrying when it grows between the
    /// size probe and the read (ENOMEM).
    fn sysctl(&mut self, mib: &[i32], what: &str) -> Result<Vec<u8>> {
        for _ in 0..10 {
            let mut len: libc::size_t = 0;
            // SAFETY: a size probe: no output buffer, `len` outlives the call.
            let rc = unsafe {
                libc::sysctl(
                    mib.as_ptr(),
                    mib.len() as libc::c_uint,
                    std::ptr::null_mut(),
                    &mut len,
                    std::ptr::null_mut(),
                    0,
                )
            };
            if rc < 0 {
                return Err(kernel_error(what, io::Error::last_os_error()));
            }
            let mut buf = vec![0u8; len + len / 8 + 1024];
            let mut got = buf.len();
            // SAFETY: `buf` has `got` writable bytes; both outlive the call.
            let rc = unsafe {
                libc::sysctl(
                    mib.as_ptr(),
                    mib.len() as libc::c_uint,
                    buf.as_mut_ptr().cast(),
                    &mut got,
                    std::ptr::null_mut(),
                    0,
                )
            };
            if rc == 0 {
                buf.truncate(got);
                return Ok(buf);
            }
            let e = io::Error::last_os_error();
            if e.raw_os_error() != Some(libc::ENOMEM) {
                return Err(kernel_error(what, e));
            }
        }
        Err(Error::io(
            what.to_owned(),
            io::Error::other("table kept growing during 10 reads"),
        ))
    }

    fn route_write(&mut self, req: &RtRequest, what: &str) -> Result<()> {
        #[cfg(target_os = "freebsd")]
        if req.table != self.fib {
            Self::set_fib(&self.writer, req.table, what)?;
            self.fib = req.table;
        }
        Self::write(&self.writer, &req.encode(&self.layout, next_seq()), what)
    }

    fn route_get(&mut self, req: &RtRequest, _expect: Expect, what: &str) -> Result<Vec<u8>> {
        // An answer lost to an overflow is asked for once more (RTM_GET
        // changes nothing).
        for _ in 0..2 {
            let fd = self.get_socket(req, what)?;
            let seq = next_seq();
            Self::write(&fd, &req.encode(&self.layout, seq), what)?;
            let (layout, pid) = (self.layout, self.pid);
            match wait::wait_for_answer(fd.as_fd(), self.timeout, |m| {
                wait::classify(&layout, m, pid, seq, RTM_GET)
            }) {
                Ok(answer) => {
                    return match wait::answer_errno(&layout, &answer) {
                        0 => Ok(answer),
                        errno => Err(Error::Kernel {
                            request: what.to_owned(),
                            errno,
                            ext_ack: None,
                        }),
                    };
                }
                Err(WaitError::Lost) => continue,
                Err(WaitError::TimedOut) => {
                    return Err(Error::Timeout {
                        request: what.to_owned(),
                        after: self.timeout,
                    });
                }
                Err(WaitError::Io(e)) => return Err(Error::io(what.to_owned(), e)),
            }
        }
        Err(Error::io(
            what.to_owned(),
            io::Error::other("the kernel's answer was dropped twice (socket overflow)"),
        ))
    }

    fn ioctl(&mut self, call: &mut Ioctl, what: &str) -> Result<()> {
        let fd = self.ioctl_socket(call.family)?.as_raw_fd();
        // `ifr_data` points at the parameters while the call runs.
        let mut data = call.data.clone();
        if let Some(d) = data.as_mut() {
            let ptr = (d.as_mut_ptr() as usize).to_ne_bytes();
            call.arg[call.data_at..call.data_at + ptr.len()].copy_from_slice(&ptr);
        }
        // SAFETY: `call.arg` is as long as the structure the request names
        // (its size is encoded in the request from the same builder, which
        // leaves room for the pointer at `data_at`), and `data`, which the
        // pointer may reach, outlives the call.
        let rc = unsafe { libc::ioctl(fd, call.request as libc::c_ulong, call.arg.as_mut_ptr()) };
        drop(data);
        if rc < 0 {
            return Err(kernel_error(what, io::Error::last_os_error()));
        }
        Ok(())
    }

    fn ifindex(&mut self, name: &str) -> Result<Option<u32>> {
        crate::change::check_ifname(name)?;
        let c = CString::new(name).map_err(|_| Error::invalid(name, "contains a NUL"))?;
        // SAFETY: `c` is a valid NUL-terminated string for the whole call.
        let index = unsafe { libc::if_nametoindex(c.as_ptr()) };
        Ok((index != 0).then_some(index))
    }

    fn ifname(&mut self, index: u32) -> Result<Option<String>> {
        let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
        // SAFETY: `buf` has IF_NAMESIZE bytes, as if_indextoname requires.
        let p = unsafe { libc::if_indextoname(index, buf.as_mut_ptr()) };
        if p.is_null() {
            return Ok(None);
        }
        let bytes: Vec<u8> = buf
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
    }

    fn route_tables(&mut self) -> Result<Vec<u32>> {
        #[cfg(target_os = "freebsd")]
        {
            let mut fibs: libc::c_int = 1;
            let mut len = std::mem::size_of::<libc::c_int>();
            let name = c"net.fibs";
            // SAFETY: reads one int into `fibs`; `len` says how long it is.
            let rc = unsafe {
                libc::sysctlbyname(
                    name.as_ptr(),
                    (&mut fibs as *mut libc::c_int).cast(),
                    &mut len,
                    std::ptr::null(),
                    0,
                )
            };
            if rc < 0 {
                return Err(kernel_error("net.fibs", io::Error::last_os_error()));
            }
            Ok((0..fibs.max(1) as u32).collect())
        }
        #[cfg(target_os = "openbsd")]
        {
            // RT_TABLEID_MAX; a table that does not exist answers ENOENT.
            Ok((0..=255).collect())
        }
    }

    fn clocks(&self) -> Clocks {
        let now = |clock| {
            let mut ts = libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            // SAFETY: fills a live timespec.
            unsafe { libc::clock_gettime(clock, &mut ts) };
            // time_t is 32 bits on i386.
            #[allow(clippy::useless_conversion)]
            i64::from(ts.tv_sec)
        };
        Clocks {
            monotonic: now(libc::CLOCK_MONOTONIC),
            wall: now(libc::CLOCK_REALTIME),
        }
    }
}

/// A routing socket (pyroute2's `IPRoute`, for the BSDs).
pub struct RtSock {
    sys: Kernel,
}

impl RtSock {
    /// Opens the routing socket of this system (the FIB or rtable of the
    /// process), for dumps, changes and route lookups.
    pub fn new() -> Result<RtSock> {
        Ok(RtSock {
            sys: Kernel::new()?,
        })
    }

    /// How long a request waits for the kernel's answer (default 5 s).
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.sys.timeout = timeout;
    }

    fn read_dump(&mut self, mibs: Vec<DumpMib>, what: &str) -> Result<Vec<DumpBuffer>> {
        let mut out = Vec::with_capacity(mibs.len());
        let several = mibs.len() > 1;
        for m in mibs {
            match self.sys.sysctl(&m.mib, what) {
                Ok(bytes) => out.push(DumpBuffer {
                    bytes,
                    fib: m.fib,
                    records: m.records,
                }),
                // OpenBSD: that rtable does not exist.
                Err(e) if several && e.errno() == Some(libc::ENOENT) => {}
                // FreeBSD without `options ROUTE_MPATH` has no groups.
                Err(e)
                    if m.records == Records::NexthopGroups
                        && e.errno() == Some(libc::EOPNOTSUPP) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// The multicast groups the interfaces have joined (`ifmcstat`), from
    /// sysctl NET_RT_IFMALIST: one RTM_NEWMULTICAST per membership, with
    /// IFA_MULTICAST (the group), IFA_LABEL and, where the kernel gives it,
    /// the link-layer group address (IFA_BSD_LLADDR). The filter's family
    /// and interface go to the kernel. FreeBSD only: OpenBSD has no such
    /// sysctl.
    pub fn multicast_groups(&mut self, filter: &Filter) -> Result<SysctlDump> {
        if self.sys.layout.os != Os::FreeBsd {
            return Err(Error::Unsupported(
                "maddr show: OpenBSD has no NET_RT_IFMALIST".to_owned(),
            ));
        }
        self.dump(ObjectKind::Multicast, filter)
    }

    /// The route to `dst` in a table, a link-local destination in the zone
    /// of `dev` (the trait's `route_get` takes the main table, no zone).
    pub fn route_get_in(
        &mut self,
        dst: IpAddr,
        dev: Option<&Interface>,
        table: Option<u32>,
    ) -> Result<Message> {
        let answer = ops::route_get(&mut self.sys, dst, dev, table)?;
        let mut decoder = Decoder::new(self.sys.layout);
        decoder.ctx.fib = table;
        decoder
            .decode(&answer)
            .map_err(|e| Error::decode(format!("route get {dst}"), e))
    }
}

impl RouteSocket for RtSock {
    type Messages<'a> = SysctlDump;
    type Monitor = super::monitor::BsdMonitor;

    fn monitor_with(
        &mut self,
        options: &crate::common::events::MonitorOptions,
    ) -> Result<super::monitor::BsdMonitor> {
        super::monitor::BsdMonitor::open(options)
    }

    fn dump(&mut self, kind: ObjectKind, filter: &Filter) -> Result<SysctlDump> {
        filter.check(kind)?;
        let what = format!("{} show", kind.noun());
        let (mibs, ifindex) = ops::dump_plan(&mut self.sys, kind, filter, &what)?;
        let buffers = match self.read_dump(mibs, &what) {
            Ok(b) => b,
            // A jail or pledge refused sysctl: read what the tools print.
            Err(e)
                if e.errno()
                    .is_some_and(|n| n == libc::EPERM || n == libc::EACCES) =>
            {
                return text_fallback(kind, filter, &what);
            }
            Err(e) => return Err(e),
        };
        Ok(SysctlDump::new(
            self.sys.layout,
            buffers,
            Some(kind),
            filter,
            ifindex,
            what,
        ))
    }

    fn link_lookup(&mut self, name: &str) -> Result<Option<u32>> {
        self.sys.ifindex(name)
    }

    fn route_get(&mut self, dst: IpAddr) -> Result<Message> {
        self.route_get_in(dst, None, None)
    }

    fn link(&mut self, verb: Verb, spec: &LinkSpec) -> Result<()> {
        ops::link(&mut self.sys, verb, spec)
    }

    fn address(&mut self, verb: Verb, spec: &AddressSpec) -> Result<()> {
        ops::address(&mut self.sys, verb, spec)
    }

    fn route(&mut self, verb: Verb, spec: &RouteSpec) -> Result<()> {
        ops::route(&mut self.sys, verb, spec)
    }

    fn neighbour(&mut self, verb: Verb, spec: &NeighbourSpec) -> Result<()> {
        ops::neighbour(&mut self.sys, verb, spec)
    }

    /// Plans the change over a dry run (interfaces resolve to index 1):
    /// only what this OS cannot do at all is an error here.
    fn check(&mut self, change: &Change) -> Result<()> {
        let mut dry = DryRun::new(self.sys.layout, Box::new(|_: &str| Ok(Some(1))));
        let result = match change {
            Change::Link(v, s) => ops::link(&mut dry, *v, s),
            Change::Address(v, s) => ops::address(&mut dry, *v, s),
            Change::Route(v, s) => ops::route(&mut dry, *v, s),
            Change::Neighbour(v, s) => ops::neighbour(&mut dry, *v, s),
            // Policy rules, nexthops, traffic control: refused by name.
            other => Err(crate::common::api::unsupported(other)),
        };
        match result {
            Err(e @ Error::Unsupported(_)) => Err(e),
            _ => Ok(()),
        }
    }

    fn rule(&mut self, verb: Verb, spec: &RuleSpec) -> Result<()> {
        Err(Error::Unsupported(format!(
            "{}: the BSDs have no policy-routing rules",
            spec.describe(verb)
        )))
    }
}
