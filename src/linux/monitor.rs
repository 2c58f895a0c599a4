//! Event monitoring on Linux: a NETLINK_ROUTE socket joined to RTNLGRP_*
//! groups, read as a blocking iterator or polled through its fd.
//!
//! ```no_run
//! use rtsock::events::{Event, Group};
//! use rtsock::linux::Monitor;
//!
//! let mut mon = Monitor::builder().groups(&[Group::Link, Group::Ipv4Route]).resync(true).open()?;
//! for event in &mut mon {
//!     match event? {
//!         Event::Change { message } => println!("{}", serde_json::to_string(&message).unwrap()),
//!         Event::Overrun => eprintln!("the kernel dropped events; resyncing"),
//!         other => eprintln!("{other:?}"),
//!     }
//! }
//! # Ok::<(), rtsock::Error>(())
//! ```

use std::collections::VecDeque;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};

use super::backend::IpRoute;
use super::decode::decode_message;
use super::socket::NetlinkSocket;
use super::wire::{Messages, align4};
use crate::common::api::{Filter, ObjectKind, RouteSocket};
use crate::common::constants::*;
use crate::common::error::{Error, Result};
use crate::common::events::{Event, FROM_DUMP, Group, View, kinds_of};
use crate::common::message::Message;

/// RTNLGRP_* numbers (linux/rtnetlink.h).
pub fn rtnl_group(g: Group) -> u32 {
    match g {
        Group::Link => 1,
        Group::Neighbour => 3,
        Group::Ipv4Address => 5,
        Group::Ipv4Route => 7,
        Group::Ipv4Rule => 8,
        Group::Ipv6Address => 9,
        Group::Ipv6Route => 11,
        Group::Ipv6Rule => 19,
        Group::Nexthop => 32,
        Group::Tc => 4,
        Group::Ipv4Netconf => 24,
        Group::Ipv6Netconf => 25,
        Group::Mdb => 26,
        Group::Nsid => 28,
        Group::Ipv4Mcaddr => 37,
        Group::Ipv6Mcaddr => 38,
        Group::BridgeVlan => 33,
        Group::Tunnel => 35,
        Group::NdUserOpt => 20,
        Group::Ipv4MrouteReport => 30,
        Group::Ipv6MrouteReport => 31,
        Group::PhonetAddress => 21,
        Group::PhonetRoute => 22,
        Group::Dcb => 23,
        Group::MctpAddress => 34,
        Group::Ipv6Ifinfo => 12,
        Group::Ipv4Mroute => 6,
        Group::Ipv6Mroute => 10,
        Group::MplsRoute => 27,
        Group::MplsNetconf => 29,
        Group::Stats => 36,
        Group::Ipv6Acaddr => 39,
        Group::Ipv6Prefix => 18,
    }
}

/// How to open a monitor.
#[derive(Clone, Debug, Default)]
pub struct MonitorBuilder {
    groups: Vec<Group>,
    netns: Option<String>,
    resync: bool,
    initial_dump: bool,
    synthesize_route_deletions: bool,
    rcvbuf: Option<usize>,
    all_nsid: bool,
}

impl MonitorBuilder {
    /// The groups to join (every group when none is given).
    pub fn groups(mut self, groups: &[Group]) -> MonitorBuilder {
        self.groups.extend_from_slice(groups);
        self
    }

    /// Open the socket in a network namespace (name or path).
    pub fn netns(mut self, netns: impl Into<String>) -> MonitorBuilder {
        self.netns = Some(netns.into());
        self
    }

    /// After an overrun, dump the subscribed classes and report what changed
    /// (as synthesized messages), then `Event::Resynced`.
    pub fn resync(mut self, on: bool) -> MonitorBuilder {
        self.resync = on;
        self
    }

    /// Subscribe first, then dump the subscribed classes and report every
    /// object (flagged [`FROM_DUMP`]) before any event: a complete picture
    /// and nothing missed in between.
    pub fn initial_dump(mut self, on: bool) -> MonitorBuilder {
        self.initial_dump = on;
        self
    }

    /// Report the route deletions the kernel does silently when a link is
    /// deleted or set down (IPv4 routes through it go without RTM_DELROUTE).
    pub fn synthesize_route_deletions(mut self, on: bool) -> MonitorBuilder {
        self.synthesize_route_deletions = on;
        self
    }

    /// Also report the events of every namespace that has an id in this
    /// one (`ip monitor all-nsid`, NETLINK_LISTEN_ALL_NSID): each such
    /// message carries that id in `header.nsid`. They are reported, not
    /// tracked: resync and synthesized deletions concern this namespace.
    pub fn all_nsid(mut self, on: bool) -> MonitorBuilder {
        self.all_nsid = on;
        self
    }

    /// The receive buffer in bytes (default 4 MiB, forced when permitted).
    pub fn receive_buffer(mut self, bytes: usize) -> MonitorBuilder {
        self.rcvbuf = Some(bytes);
        self
    }

    /// Opens the socket and joins the groups; with `initial_dump`, the dump is taken here and queued.
    pub fn open(self) -> Result<Monitor> {
        let groups = if self.groups.is_empty() {
            Group::ALL.to_vec()
        } else {
            let mut g = self.groups.clone();
            g.sort();
            g.dedup();
            g
        };
        let ipr = match &self.netns {
            Some(ns) => IpRoute::in_netns(ns)?,
            None => IpRoute::new()?,
        };
        let mut sock = ipr.into_socket();
        if let Some(bytes) = self.rcvbuf {
            sock.set_receive_buffer(bytes)?;
        }
        for g in &groups {
            sock.add_membership(rtnl_group(*g))?;
        }
        if self.all_nsid {
            sock.listen_all_nsid()?;
        }
        let tracking = self.resync || self.initial_dump || self.synthesize_route_deletions;
        let mut mon = Monitor {
            sock,
            groups,
            netns: self.netns,
            resync: self.resync,
            synthesize: self.synthesize_route_deletions,
            view: tracking.then(View::new),
            queue: VecDeque::new(),
            pos: 0,
            len: 0,
            overruns: 0,
            all_nsid: self.all_nsid,
            nsid: None,
        };
        if self.initial_dump {
            // Subscribed already: whatever changes during the dump is queued
            // in the socket and applied after it.
            let dump = mon.dump_subscribed()?;
            let objects = dump.len();
            for mut m in dump {
                m.header.flags |= FROM_DUMP;
                mon.track(&m);
                mon.queue.push_back(Event::Change { message: m });
            }
            mon.queue.push_back(Event::DumpDone { objects });
        }
        Ok(mon)
    }
}

/// A subscription to routing events. Iterating blocks until the next event;
/// [`Monitor::set_nonblocking`] and the fd (`AsFd`) let an event loop poll it.
pub struct Monitor {
    sock: NetlinkSocket,
    groups: Vec<Group>,
    netns: Option<String>,
    resync: bool,
    synthesize: bool,
    view: Option<View>,
    queue: VecDeque<Event>,
    pos: usize,
    len: usize,
    overruns: u64,
    all_nsid: bool,
    /// The namespace id of the datagram being read, when it came from a peer.
    nsid: Option<i32>,
}

impl Monitor {
    /// Options for a monitor: every group, no resync, no initial dump until set.
    pub fn builder() -> MonitorBuilder {
        MonitorBuilder::default()
    }

    /// Every group, no resync: the plain `ip monitor`.
    pub fn new(groups: &[Group]) -> Result<Monitor> {
        Monitor::builder().groups(groups).open()
    }

    /// The groups joined, sorted and each once.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// Overruns seen so far.
    pub fn overruns(&self) -> u64 {
        self.overruns
    }

    /// The view kept for resync, initial dump or synthesized deletions.
    pub fn view(&self) -> Option<&View> {
        self.view.as_ref()
    }

    /// Makes [`Monitor::try_next`] return `Ok(None)` instead of blocking.
    pub fn set_nonblocking(&self, on: bool) -> Result<()> {
        let fd = self.sock.as_raw_fd();
        // SAFETY: fcntl on an fd this socket owns; no memory is passed.
        let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
        let flags = if on {
            flags | libc::O_NONBLOCK
        } else {
            flags & !libc::O_NONBLOCK
        };
        // SAFETY: as above.
        if flags < 0 || unsafe { libc::fcntl(fd, libc::F_SETFL, flags) } < 0 {
            return Err(Error::io(
                "monitor O_NONBLOCK",
                std::io::Error::last_os_error(),
            ));
        }
        Ok(())
    }

    /// Dumps what the subscription covers, through a second socket in the
    /// same namespace (this one keeps receiving events meanwhile).
    fn dump_subscribed(&self) -> Result<Vec<Message>> {
        let mut ipr = match &self.netns {
            Some(ns) => IpRoute::in_netns(ns)?,
            None => IpRoute::new()?,
        };
        let mut out = Vec::new();
        for g in &self.groups {
            let mut filter = Filter::new();
            filter.family = g.family();
            filter.include_cloned = false;
            for kind in g.kinds() {
                out.extend(ipr.dump_consistent(kind, &filter)?);
            }
        }
        Ok(out)
    }

    fn track(&mut self, m: &Message) {
        if let Some(v) = &mut self.view {
            v.apply(m);
        }
    }

    /// What one kernel message becomes: itself, then any route deletions it implies.
    fn accept(&mut self, m: Message) {
        self.track(&m);
        let extra = match (&mut self.view, self.synthesize) {
            (Some(v), true) if ObjectKind::of(&m) == Some(ObjectKind::Link) => {
                v.routes_gone_with_link(&m)
            }
            _ => Vec::new(),
        };
        self.queue.push_back(Event::Change { message: m });
        for d in extra {
            self.queue.push_back(Event::Change { message: d });
        }
    }

    /// Throws away what the socket holds: after an overrun these messages
    /// are older than the dump that follows, and applied after it they
    /// would bring back objects whose deletion was lost.
    fn discard_pending(&mut self) -> Result<()> {
        self.pos = self.len;
        let fd = self.sock.as_raw_fd();
        // SAFETY: fcntl on an fd this socket owns; no memory is passed.
        let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
        self.set_nonblocking(true)?;
        loop {
            match self.sock.recv_datagram() {
                Ok(_) => continue,
                Err(e) if e.raw_os_error() == Some(libc::ENOBUFS) => continue,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(e) => return Err(Error::io("monitor", e)),
            }
        }
        self.set_nonblocking(flags & libc::O_NONBLOCK != 0)
    }

    fn overrun(&mut self) -> Result<()> {
        self.overruns += 1;
        self.queue.push_back(Event::Overrun);
        if self.resync {
            self.discard_pending()?;
            let fresh = self.dump_subscribed()?;
            let kinds = kinds_of(&self.groups);
            let view = self.view.get_or_insert_with(View::new);
            self.queue.extend(view.resync_events(&kinds, fresh));
        }
        Ok(())
    }

    /// Reads from the socket until at least one event is queued. With
    /// `block` false, returns when the socket has nothing (EAGAIN).
    fn fill(&mut self, block: bool) -> Result<bool> {
        while self.queue.is_empty() {
            if self.pos >= self.len {
                let received = if self.all_nsid {
                    self.sock.recv_datagram_nsid()
                } else {
                    self.sock.recv_datagram().map(|n| (n, None))
                };
                match received {
                    Ok((n, nsid)) => {
                        self.pos = 0;
                        self.len = n;
                        self.nsid = nsid;
                    }
                    Err(e) if e.raw_os_error() == Some(libc::ENOBUFS) => {
                        self.overrun()?;
                        continue;
                    }
                    Err(e) if !block && e.kind() == std::io::ErrorKind::WouldBlock => {
                        return Ok(false);
                    }
                    Err(e) => return Err(Error::io("monitor", e)),
                }
            }
            let buf = &self.sock.buffer()[self.pos..self.len];
            let raw = match Messages::new(buf).next() {
                None => {
                    self.pos = self.len;
                    continue;
                }
                Some(Err(e)) => {
                    self.pos = self.len;
                    return Err(Error::decode("monitor", e.into()));
                }
                Some(Ok(raw)) => raw,
            };
            self.pos += align4(raw.header.len as usize).max(16);
            // Events are broadcasts: sequence number 0 or a change request's.
            match raw.header.kind {
                NLMSG_DONE | NLMSG_ERROR | NLMSG_NOOP => continue,
                NLMSG_OVERRUN => {
                    self.overrun()?;
                    continue;
                }
                _ => {}
            }
            match decode_message(&raw) {
                Ok(mut m) if self.nsid.is_some() => {
                    // Another namespace's: reported, never tracked.
                    m.header.nsid = self.nsid;
                    self.queue.push_back(Event::Change { message: m });
                }
                Ok(m) => self.accept(m),
                Err(e) => return Err(Error::decode("monitor", e)),
            }
        }
        Ok(true)
    }

    /// The next event, waiting for it.
    pub fn next_event(&mut self) -> Result<Event> {
        self.fill(true)?;
        Ok(self.queue.pop_front().expect("fill queued an event"))
    }

    /// The next event if one is ready (after `set_nonblocking(true)`).
    pub fn try_next(&mut self) -> Result<Option<Event>> {
        if self.fill(false)? {
            Ok(self.queue.pop_front())
        } else {
            Ok(None)
        }
    }
}

impl crate::common::events::EventSource for Monitor {
    fn next_event(&mut self) -> Result<Event> {
        Monitor::next_event(self)
    }

    fn set_nonblocking(&mut self, on: bool) -> Result<()> {
        Monitor::set_nonblocking(self, on)
    }

    fn try_next_event(&mut self) -> Result<Option<Event>> {
        self.try_next()
    }
}

impl Iterator for &mut Monitor {
    type Item = Result<Event>;

    fn next(&mut self) -> Option<Result<Event>> {
        Some(self.next_event())
    }
}

impl AsFd for Monitor {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.sock.as_fd()
    }
}

impl AsRawFd for Monitor {
    fn as_raw_fd(&self) -> RawFd {
        self.sock.as_raw_fd()
    }
}
