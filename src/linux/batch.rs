//! Pipelined changes for Linux: many requests per datagram, every ACK
//! matched by sequence number.
//!
//! rtnetlink handles a datagram's requests one after the other inside the
//! sender's sendto(2) (`netlink_rcv_skb`), queueing an ACK for each; so
//! once sendto returns, every answer is in the socket or was dropped for
//! want of room. A chunk is therefore never larger than the receive
//! buffer holds of its ACKs, and it is read back before the next goes out:
//! each change gets its own result, in order, and none can be lost
//! unnoticed (an ACK dropped anyway is reported as such for its change).

use std::collections::HashMap;

use super::backend::IpRoute;
use super::change::{NetnsRef, Resolver};
use super::decode::decode_status;
use super::request::Request;
use super::socket::Datagrams;
use super::wire::{Messages, align4};
use crate::common::api::{Interface, RouteSocket};
use crate::common::batch::{BatchSummary, Change, OnError};
use crate::common::change::{LinkKind, Netns, Verb};
use crate::common::constants::*;
use crate::common::error::{Error, Result};

/// Requests per datagram stop here (the kernel takes up to its send
/// buffer, 208 KiB by default).
const CHUNK_BYTES: usize = 60 << 10;
/// What one queued ACK costs in the receive buffer (the truesize of a
/// small skb, rounded up), to size a chunk.
const ACK_COST: usize = 1024;
const MAX_CHUNK_ITEMS: usize = 4096;
/// Answers taken per recvmmsg(2), and the room for each: an ACK is 36
/// bytes, an error with its extended-ACK text a few hundred.
const ANSWERS_PER_READ: usize = 64;
const ANSWER_BYTES: usize = 4096;

/// A change on its way: its sequence number, index and the change itself
/// (kept to name it if it fails).
struct InFlight {
    seq: u32,
    index: usize,
    change: Change,
}

/// Names resolved once per batch; `None` caches "no such device" until a
/// link change makes it stale.
#[derive(Default)]
struct Names {
    known: HashMap<String, Option<u32>>,
    /// The name the encoder asked for and the cache did not have.
    missing: Option<String>,
    /// Namespace files a request refers to, open until it is sent.
    files: Vec<std::fs::File>,
}

impl Resolver for Names {
    fn ifindex(&mut self, dev: &Interface, what: &str) -> Result<u32> {
        match dev {
            Interface::Index(i) => Ok(*i),
            Interface::Name(name) => match self.known.get(name) {
                Some(Some(i)) => Ok(*i),
                Some(None) => Err(Error::Kernel {
                    request: what.to_owned(),
                    errno: libc::ENODEV,
                    ext_ack: Some(format!("cannot find device \"{name}\"")),
                }),
                None => {
                    self.missing = Some(name.clone());
                    Err(Error::NotFound(name.clone()))
                }
            },
        }
    }

    fn netns(&mut self, ns: &Netns, what: &str) -> Result<NetnsRef> {
        crate::linux::change::netns_ref(ns, what, &mut self.files)
    }
}

fn request_for(change: &Change, names: &mut Names) -> Result<Request> {
    let (verb, spec) = change.parts();
    spec.netlink(verb, names)
}

/// tun/tap devices are made through /dev/net/tun, not rtnetlink.
fn not_netlink(change: &Change) -> bool {
    matches!(change, Change::Link(Verb::Add, s) if matches!(s.kind, Some(LinkKind::Tun | LinkKind::Tap)))
}

/// The batch in progress: the datagram being filled and what is in it.
struct Pipeline<F> {
    report: F,
    summary: BatchSummary,
    on_error: OnError,
    buf: Vec<u8>,
    flight: Vec<InFlight>,
    /// Where answers are read into, many per system call.
    inbox: Datagrams,
    max_items: usize,
    stop: bool,
}

impl<F: FnMut(usize, Result<()>)> Pipeline<F> {
    fn done(&mut self, index: usize, result: Result<()>) {
        let ok = result.is_ok();
        self.summary.record(index, ok);
        (self.report)(index, result);
        if !ok && self.on_error == OnError::Stop {
            self.stop = true;
            self.summary.stopped = true;
        }
    }

    /// Sends the datagram and reads back an answer for each change in it.
    fn send(&mut self, ipr: &mut IpRoute, names: &mut Names) -> Result<()> {
        if self.flight.is_empty() {
            return Ok(());
        }
        let sock = ipr.socket_mut();
        sock.send(&self.buf).map_err(|e| {
            Error::io(
                format!("{} and what follows", self.flight[0].change.describe()),
                e,
            )
        })?;
        self.buf.clear();
        names.files.clear();
        let port = sock.port_id();
        // The sequence numbers of a datagram are consecutive.
        let first = self.flight[0].seq;
        let mut answers: Vec<Option<Result<()>>> = Vec::with_capacity(self.flight.len());
        answers.resize_with(self.flight.len(), || None);
        let mut answered = 0;
        let mut overflowed = false;
        while answered < self.flight.len() {
            match sock.recv_many_nowait(&mut self.inbox) {
                Ok(0) => break, // everything queued has been read
                Ok(_) => {}
                Err(e) if e.raw_os_error() == Some(libc::ENOBUFS) => {
                    overflowed = true;
                    continue;
                }
                Err(e) => return Err(Error::io("reading a batch's answers", e)),
            }
            for datagram in self.inbox.iter() {
                for raw in Messages::new(datagram) {
                    let Ok(raw) = raw else { break };
                    let h = raw.header;
                    let k = h.seq.wrapping_sub(first) as usize;
                    if h.pid != port
                        || h.kind != NLMSG_ERROR
                        || k >= answers.len()
                        || answers[k].is_some()
                    {
                        continue;
                    }
                    let describe = || self.flight[k].change.describe();
                    let result = match decode_status(&h, raw.payload, align4(16)) {
                        Ok(s) if s.errno == 0 => Ok(()),
                        Ok(s) => Err(Error::Kernel {
                            request: describe(),
                            errno: s.errno,
                            ext_ack: s.ext_ack,
                        }),
                        Err(e) => Err(Error::decode(describe(), e)),
                    };
                    answers[k] = Some(result);
                    answered += 1;
                }
            }
        }
        if overflowed || answered < self.flight.len() {
            // From here on, datagrams of no more changes than the buffer
            // took the answers of.
            self.max_items = answered.clamp(1, (self.flight.len() / 2).max(1));
        }
        for (f, answer) in std::mem::take(&mut self.flight).into_iter().zip(answers) {
            let result = answer.unwrap_or_else(|| {
                Err(Error::Kernel {
                    request: f.change.describe(),
                    errno: libc::ENOBUFS,
                    ext_ack: Some(
                        "the kernel's answer was lost (receive buffer full): the change may have been made"
                            .into(),
                    ),
                })
            });
            self.done(f.index, result);
        }
        Ok(())
    }
}

impl IpRoute {
    /// [`RouteSocket::apply`], pipelined.
    pub(super) fn apply_pipelined<I, F>(
        &mut self,
        changes: I,
        on_error: OnError,
        report: F,
    ) -> Result<BatchSummary>
    where
        I: IntoIterator<Item = Change>,
        F: FnMut(usize, Result<()>),
    {
        let max_items = self.batch_window.unwrap_or_else(|| {
            (self.socket().receive_buffer() / ACK_COST).clamp(1, MAX_CHUNK_ITEMS)
        });
        let mut p = Pipeline {
            report,
            summary: BatchSummary::default(),
            on_error,
            buf: Vec::with_capacity(CHUNK_BYTES + 4096),
            flight: Vec::new(),
            inbox: Datagrams::new(ANSWERS_PER_READ, ANSWER_BYTES),
            max_items,
            stop: false,
        };
        let mut names = Names::default();
        let mut changes = changes.into_iter().enumerate();
        while !p.stop {
            let Some((index, change)) = changes.next() else {
                break;
            };
            if not_netlink(&change) {
                p.send(self, &mut names)?;
                let result = self.change(&change);
                names.known.clear();
                p.done(index, result);
                continue;
            }
            let mut req = request_for(&change, &mut names);
            while let Some(name) = names.missing.take() {
                // Look the name up now: after what is queued has been
                // applied (it may create that link), on the same socket.
                p.send(self, &mut names)?;
                let found = self.link_lookup(&name)?;
                names.known.insert(name, found);
                req = request_for(&change, &mut names);
            }
            let req = match req {
                Ok(r) => r,
                Err(e) => {
                    // Refused before sending: nothing of it reached the kernel.
                    p.send(self, &mut names)?;
                    p.done(index, Err(e));
                    continue;
                }
            };
            let link = matches!(change, Change::Link(..));
            let seq = self.socket_mut().next_seq();
            let port = self.socket().port_id();
            p.buf.extend_from_slice(&req.finish(seq, port));
            p.flight.push(InFlight { seq, index, change });
            if link || p.flight.len() >= p.max_items || p.buf.len() >= CHUNK_BYTES {
                p.send(self, &mut names)?;
                if link {
                    // Names may now mean other links (created, renamed, gone).
                    names.known.clear();
                }
            }
        }
        p.send(self, &mut names)?;
        Ok(p.summary)
    }
}
