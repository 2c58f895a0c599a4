//! Event monitoring over a PF_ROUTE socket (FreeBSD, OpenBSD): every
//! message the kernel broadcasts, decoded into the same events as on Linux.
//! OpenBSD filters in the kernel (ROUTE_MSGFILTER); FreeBSD sends
//! everything and the monitor keeps what the groups ask for. An overflowed
//! socket (ENOBUFS) or OpenBSD's RTM_DESYNC is an `Event::Overrun`; with
//! resync, a sysctl dump then repairs the view.

use std::collections::VecDeque;
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};

use super::RtSock;
use super::decode::{BSD_RTM_DESYNC, Decoder, next_message};
use super::layout::Layout;
use crate::common::api::{Filter, ObjectKind, RouteSocket};
use crate::common::error::{Error, Result};
use crate::common::events::{Event, Group, View, kinds_of};
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
    pub fn new(groups: &[Group], resync: bool) -> Result<BsdMonitor> {
        let layout = Layout::host().ok_or_else(|| Error::Unsupported("PF_ROUTE".into()))?;
        // SAFETY: plain socket(2); the result is checked before use.
        let raw = unsafe { libc::socket(libc::PF_ROUTE, libc::SOCK_RAW | libc::SOCK_CLOEXEC, 0) };
        if raw < 0 {
            return Err(Error::io("routing socket", io::Error::last_os_error()));
        }
        // SAFETY: `raw` was just returned by socket(2) and is owned by nobody else.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        let groups = if groups.is_empty() {
            Group::ALL.to_vec()
        } else {
            groups.to_vec()
        };
        #[cfg(target_os = "openbsd")]
        set_msgfilter(&fd, &groups)?;
        let mut mon = BsdMonitor {
            fd,
            layout,
            groups,
            resync,
            view: resync.then(View::new),
            queue: VecDeque::new(),
            buf: vec![0; 64 * 1024],
        };
        if resync {
            // The reference for later repairs.
            for m in mon.dump()? {
                if let Some(v) = &mut mon.view {
                    v.apply(&m);
                }
            }
        }
        Ok(mon)
    }

    fn wanted(&self, m: &Message) -> bool {
        self.groups.iter().any(|g| {
            Some(g.kind()) == ObjectKind::of(m) && g.family().is_none_or(|f| Some(f) == m.family())
        })
    }

    fn dump(&self) -> Result<Vec<Message>> {
        let mut sock = RtSock::new()?;
        let mut out = Vec::new();
        for g in &self.groups {
            if g.kind() == ObjectKind::Rule {
                continue;
            }
            let mut filter = Filter::new();
            filter.family = g.family();
            out.extend(sock.dump(g.kind(), &filter)?.collect::<Result<Vec<_>>>()?);
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

    /// The next event, waiting for it.
    pub fn next_event(&mut self) -> Result<Event> {
        while self.queue.is_empty() {
            let n = match super::backend::read_fd(&self.fd, &mut self.buf) {
                Ok(n) => n,
                Err(e) => {
                    match e.raw_os_error() {
                        Some(libc::ENOBUFS) => self.overrun()?,
                        Some(libc::EINTR) => {}
                        _ => return Err(Error::io("routing socket monitor", e)),
                    }
                    continue;
                }
            };
            let mut decoder = Decoder::new(self.layout);
            let mut pos = 0;
            let bytes = self.buf[..n].to_vec();
            while let Some(r) = next_message(&bytes, &mut pos, &mut decoder) {
                let m = r.map_err(|e| Error::decode("routing socket monitor", e))?;
                if m.header.kind == BSD_RTM_DESYNC {
                    self.overrun()?;
                } else if self.wanted(&m) {
                    if let Some(v) = &mut self.view {
                        v.apply(&m);
                    }
                    self.queue.push_back(Event::Change { message: m });
                }
            }
        }
        Ok(self.queue.pop_front().expect("queued"))
    }
}

impl crate::common::events::EventSource for BsdMonitor {
    fn next_event(&mut self) -> Result<Event> {
        BsdMonitor::next_event(self)
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

/// OpenBSD: ask the kernel for the message types the groups need only.
#[cfg(target_os = "openbsd")]
fn set_msgfilter(fd: &OwnedFd, groups: &[Group]) -> Result<()> {
    use super::layout::openbsd as ob;
    const ROUTE_MSGFILTER: libc::c_int = 1;
    let mut mask: u32 = 1 << ob::RTM_DESYNC;
    for g in groups {
        let types: &[u8] = match g.kind() {
            ObjectKind::Link => &[ob::RTM_IFINFO, ob::RTM_IFANNOUNCE],
            ObjectKind::Address => &[ob::RTM_NEWADDR, ob::RTM_DELADDR, ob::RTM_CHGADDRATTR],
            ObjectKind::Route | ObjectKind::Neighbour => {
                &[ob::RTM_ADD, ob::RTM_DELETE, ob::RTM_CHANGE, ob::RTM_RESOLVE]
            }
            ObjectKind::Rule => &[],
        };
        for t in types {
            mask |= 1 << t;
        }
    }
    // SAFETY: setsockopt with a pointer to a live u32 and its size.
    let rc = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::PF_ROUTE,
            ROUTE_MSGFILTER,
            (&mask as *const u32).cast(),
            std::mem::size_of::<u32>() as libc::socklen_t,
        )
    };
    if rc < 0 {
        return Err(Error::io("ROUTE_MSGFILTER", io::Error::last_os_error()));
    }
    Ok(())
}
