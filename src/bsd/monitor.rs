//! Event monitoring over a PF_ROUTE socket (FreeBSD, OpenBSD): every
//! message the kernel broadcasts, decoded into the same events as on Linux.
//! The socket's options come from the pure `subscribe` module: OpenBSD
//! filters in the kernel (ROUTE_MSGFILTER, every table); FreeBSD sends the
//! process FIB's messages, and reports overflows only with SO_RERROR.
//! An overflow (ENOBUFS) or OpenBSD's RTM_DESYNC is an `Event::Overrun`;
//! with resync, a sysctl dump then repairs the view. Answers to other
//! processes' requests (RTM_GET, refused changes) are not events.

use std::collections::VecDeque;
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};

use super::RtSock;
use super::backend::socket;
use super::decode::Decoder;
use super::layout::Layout;
use super::subscribe::{MONITOR_RCVBUF, is_request_echo, monitor_options};
use crate::common::api::{Filter, ObjectKind, RouteSocket};
use crate::common::constants::BSD_RTM_DESYNC;
use crate::common::error::{Error, Result};
use crate::common::events::{Event, FROM_DUMP, Group, MonitorOptions, View, kinds_of};
use crate::common::kinds::OnBsd;
use crate::common::message::Message;

/// A subscription to routing-socket events.
pub struct BsdMonitor {
    fd: OwnedFd,
    layout: Layout,
    groups: Vec<Group>,
    resync: bool,
    view: Option<View>,
    queue: VecDeque<Event>,
    buf: Vec<u8>,
}

impl BsdMonitor {
    /// Subscribes to `groups`; with `resync`, a lost message (ENOBUFS,
    /// RTM_DESYNC) triggers a fresh dump that is diffed against what was seen.
    pub fn new(groups: &[Group], resync: bool) -> Result<BsdMonitor> {
        Self::open(&MonitorOptions::new().groups(groups).resync(resync))
    }

    /// A monitor whose socket buffers `bytes` (the kernel caps it): a
    /// small one overflows sooner, which tests use.
    pub fn with_receive_buffer(groups: &[Group], resync: bool, bytes: usize) -> Result<BsdMonitor> {
        Self::open(
            &MonitorOptions::new()
                .groups(groups)
                .resync(resync)
                .receive_buffer(bytes),
        )
    }

    /// A monitor as `options` ask: the groups, resync, subscribe-then-dump
    /// (the dump is read after the socket is open, so nothing between them
    /// is lost) and the receive buffer.
    pub fn open(options: &MonitorOptions) -> Result<BsdMonitor> {
        let (groups, resync) = (&options.groups[..], options.resync);
        let bytes = options.receive_buffer.unwrap_or(MONITOR_RCVBUF as usize);
        let layout = Layout::host().ok_or_else(|| Error::Unsupported("PF_ROUTE".into()))?;
        let fd = socket(libc::PF_ROUTE, libc::SOCK_RAW, 0)
            .map_err(|e| Error::io("routing socket", e))?;
        let groups = if groups.is_empty() {
            Group::ALL.to_vec()
        } else {
            groups.to_vec()
        };
        for mut opt in monitor_options(&layout, &groups) {
            if opt.label == "SO_RCVBUF" {
                let bytes = i32::try_from(bytes).unwrap_or(i32::MAX);
                opt.value = bytes.to_ne_bytes().to_vec();
            }
            // SAFETY: a pointer to the option's bytes and their length.
            let rc = unsafe {
                libc::setsockopt(
                    fd.as_raw_fd(),
                    opt.level,
                    opt.name,
                    opt.value.as_ptr().cast(),
                    opt.value.len() as libc::socklen_t,
                )
            };
            if rc < 0 && opt.required {
                return Err(Error::io(opt.label, io::Error::last_os_error()));
            }
        }
        let mut mon = BsdMonitor {
            fd,
            layout,
            groups,
            resync,
            view: resync.then(View::new),
            queue: VecDeque::new(),
            buf: vec![0; 64 * 1024],
        };
        if resync || options.initial_dump {
            // Subscribed already: what changes during the dump waits in the
            // socket. The dump is the reference for later repairs, and with
            // `initial_dump` the first events.
            let dump = mon.dump()?;
            let objects = dump.len();
            for mut m in dump {
                if let Some(v) = &mut mon.view {
                    v.apply(&m);
                }
                if options.initial_dump {
                    m.header.flags |= FROM_DUMP;
                    mon.queue.push_back(Event::Change { message: m });
                }
            }
            if options.initial_dump {
                mon.queue.push_back(Event::DumpDone { objects });
            }
        }
        Ok(mon)
    }

    fn wanted(&self, m: &Message) -> bool {
        self.groups.iter().any(|g| {
            let kind = ObjectKind::of(m);
            g.kinds().any(|k| Some(k) == kind) && g.family().is_none_or(|f| Some(f) == m.family())
        })
    }

    /// What the groups cover now, from the tables the events come from:
    /// FreeBSD the process FIB (`rts_input` filters events by FIB),
    /// OpenBSD every table (the socket listens to RTABLE_ANY).
    fn dump(&self) -> Result<Vec<Message>> {
        let mut sock = RtSock::new()?;
        let table = process_table();
        let mut out = Vec::new();
        for (g, kind) in self
            .groups
            .iter()
            .flat_map(|g| g.kinds().map(move |k| (g, k)))
        {
            // Nothing announces nexthops on a routing socket: nothing to resync.
            if matches!(kind.info().bsd, OnBsd::Absent(_) | OnBsd::Nexthops(_)) {
                continue;
            }
            let mut filter = Filter::new();
            filter.family = g.family();
            if kind == ObjectKind::Route {
                filter.table = table;
            }
            out.extend(sock.dump(kind, &filter)?.collect::<Result<Vec<_>>>()?);
        }
        Ok(out)
    }

    fn overrun(&mut self) -> Result<()> {
        self.queue.push_back(Event::Overrun);
        if self.resync {
            let fresh = self.dump()?;
            let kinds = kinds_of(&self.groups);
            let view = self.view.get_or_insert_with(View::new);
            self.queue.extend(view.resync_events(&kinds, fresh));
        }
        Ok(())
    }

    /// Makes [`BsdMonitor::try_next`] (and reads) return at once when no
    /// event is queued, for a caller that polls the fd.
    pub fn set_nonblocking(&mut self, on: bool) -> Result<()> {
        let fd = self.fd.as_raw_fd();
        // SAFETY: F_GETFL/F_SETFL on an fd we own.
        let rc = unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            let flags = if on {
                flags | libc::O_NONBLOCK
            } else {
                flags & !libc::O_NONBLOCK
            };
            libc::fcntl(fd, libc::F_SETFL, flags)
        };
        if rc < 0 {
            return Err(Error::io(
                "routing socket monitor",
                io::Error::last_os_error(),
            ));
        }
        Ok(())
    }

    /// The next event if one is queued (after `set_nonblocking(true)`).
    pub fn try_next(&mut self) -> Result<Option<Event>> {
        match self.next_event() {
            Ok(e) => Ok(Some(e)),
            Err(Error::Io { source, .. }) if source.kind() == io::ErrorKind::WouldBlock => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The next event, waiting for it (unless non-blocking).
    pub fn next_event(&mut self) -> Result<Event> {
        while self.queue.is_empty() {
            // SAFETY: reads at most `buf.len()` bytes into a live buffer.
            let n = unsafe {
                libc::read(
                    self.fd.as_raw_fd(),
                    self.buf.as_mut_ptr().cast(),
                    self.buf.len(),
                )
            };
            if n < 0 {
                let e = io::Error::last_os_error();
                match e.raw_os_error() {
                    Some(libc::ENOBUFS) => self.overrun()?,
                    Some(libc::EINTR) => {}
                    _ => return Err(Error::io("routing socket monitor", e)),
                }
                continue;
            }
            // One read, one message.
            let msg = self.buf[..n as usize].to_vec();
            if is_request_echo(&self.layout, &msg) {
                continue;
            }
            let m = Decoder::new(self.layout)
                .decode(&msg)
                .map_err(|e| Error::decode("routing socket monitor", e))?;
            if m.header.kind == BSD_RTM_DESYNC {
                self.overrun()?;
            } else if self.wanted(&m) {
                if let Some(v) = &mut self.view {
                    v.apply(&m);
                }
                self.queue.push_back(Event::Change { message: m });
            }
        }
        Ok(self.queue.pop_front().expect("queued"))
    }
}

/// The Linux table of the routes this process's monitor hears: FreeBSD
/// its FIB (`net.my_fibnum`, 0 being main); OpenBSD all (`None`).
fn process_table() -> Option<u32> {
    #[cfg(target_os = "freebsd")]
    {
        let mut fib: libc::c_int = 0;
        let mut len = std::mem::size_of::<libc::c_int>();
        // SAFETY: reads one int into `fib`; `len` says how long it is.
        let rc = unsafe {
            libc::sysctlbyname(
                c"net.my_fibnum".as_ptr(),
                (&mut fib as *mut libc::c_int).cast(),
                &mut len,
                std::ptr::null(),
                0,
            )
        };
        let fib = if rc == 0 { fib as u32 } else { 0 };
        Some(if fib == 0 {
            crate::common::constants::RT_TABLE_MAIN
        } else {
            fib
        })
    }
    #[cfg(not(target_os = "freebsd"))]
    None
}

impl crate::common::events::EventSource for BsdMonitor {
    fn next_event(&mut self) -> Result<Event> {
        BsdMonitor::next_event(self)
    }

    fn set_nonblocking(&mut self, on: bool) -> Result<()> {
        BsdMonitor::set_nonblocking(self, on)
    }

    fn try_next_event(&mut self) -> Result<Option<Event>> {
        self.try_next()
    }
}

impl Iterator for &mut BsdMonitor {
    type Item = Result<Event>;

    fn next(&mut self) -> Option<Result<Event>> {
        Some(self.next_event())
    }
}

impl AsFd for BsdMonitor {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

impl AsRawFd for BsdMonitor {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}
