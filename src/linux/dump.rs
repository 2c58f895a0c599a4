//! Streaming dumps: the answer to one request, decoded message by message
//! from the receive buffer (or from the read-ahead thread's datagrams).

use super::decode::{decode_message_into, decode_status};
use std::collections::VecDeque;

use super::readahead::ReadAhead;
use super::request::Request;
use super::socket::NetlinkSocket;
use super::wire::{Messages, align4};
use crate::common::api::Selector;
use crate::common::constants::*;
use crate::common::error::{Error, Result};
use crate::common::message::Message;

/// The streaming answer to one request: yields each matching message as it
/// is decoded from the receive buffer.
///
/// Dropping a dump before its end drains the rest from the socket, so the
/// next request starts clean. A dump the kernel marks as interrupted
/// (NLM_F_DUMP_INTR) ends with `Error::DumpInterrupted`; use
/// [`crate::RouteSocket::dump_consistent`] to retry automatically.
pub struct Dump<'a> {
    pub(super) sock: &'a mut NetlinkSocket,
    pub(super) seq: u32,
    pub(super) what: String,
    pub(super) selector: Selector,
    pub(super) pos: usize,
    pub(super) len: usize,
    pub(super) finished: bool,
    pub(super) interrupted: bool,
    pub(super) empty_on_enoent: bool,
    /// The read-ahead thread of a large dump, and the datagram in hand.
    pub(super) ahead: Option<ReadAhead>,
    pub(super) cur: Vec<u8>,
    /// Requests to send, one after another, when this one is done: the
    /// per-interface dumps of a kind the kernel lists one interface at a
    /// time. Never used with a read-ahead thread.
    pub(super) then: VecDeque<Request>,
}

impl Dump<'_> {
    /// Messages from other senders dropped so far on this socket.
    pub fn foreign_dropped(&self) -> u64 {
        self.sock.foreign_dropped
    }

    fn finish(&mut self, result: Option<Result<()>>) -> Option<Result<()>> {
        self.finished = true;
        if result.is_none() && self.interrupted {
            return Some(Err(Error::DumpInterrupted {
                request: self.what.clone(),
                attempts: 1,
            }));
        }
        result
    }
}

impl Iterator for Dump<'_> {
    type Item = Result<Message>;

    fn next(&mut self) -> Option<Result<Message>> {
        let mut msg = Message::empty();
        self.next_into(&mut msg).map(|r| r.map(|()| msg))
    }
}

impl Dump<'_> {
    /// Decodes the next message into `msg`, reusing its attribute vector
    /// (the allocation-free form of `next`, which
    /// [`crate::RouteSocket::dump_each`] uses). `None` at the end of the dump.
    pub fn next_into(&mut self, msg: &mut Message) -> Option<Result<()>> {
        self.next_inner(msg, None)
    }

    /// As [`Dump::next_into`], and the message's bytes as the kernel sent
    /// them (header included) in `bytes`: what `ip route save` writes.
    pub fn next_with_bytes(
        &mut self,
        msg: &mut Message,
        bytes: &mut Vec<u8>,
    ) -> Option<Result<()>> {
        self.next_inner(msg, Some(bytes))
    }

    fn next_inner(
        &mut self,
        msg: &mut Message,
        mut bytes: Option<&mut Vec<u8>>,
    ) -> Option<Result<()>> {
        loop {
            if self.finished {
                return None;
            }
            if self.pos >= self.len {
                let got = match &mut self.ahead {
                    Some(ra) => {
                        if !self.cur.is_empty() {
                            ra.recycle(std::mem::take(&mut self.cur));
                        }
                        match ra.next() {
                            Some(Ok((buf, n))) => {
                                self.cur = buf;
                                Ok(n)
                            }
                            Some(Err(e)) => Err(e),
                            None => Err(std::io::Error::other("the dump ended without NLMSG_DONE")),
                        }
                    }
                    None => self.sock.recv_datagram(),
                };
                match got {
                    Ok(n) => {
                        self.pos = 0;
                        self.len = n;
                    }
                    Err(e) => return self.finish(Some(Err(Error::io(self.what.clone(), e)))),
                }
                continue;
            }
            let buf = if self.ahead.is_some() {
                &self.cur[self.pos..self.len]
            } else {
                &self.sock.buffer()[self.pos..self.len]
            };
            let raw = match Messages::new(buf).next() {
                None => {
                    self.pos = self.len;
                    continue;
                }
                Some(Err(mut e)) => {
                    e.offset += self.pos;
                    return self.finish(Some(Err(Error::decode(self.what.clone(), e.into()))));
                }
                Some(Ok(raw)) => raw,
            };
            let h = raw.header;
            let base = self.pos;
            self.pos += align4(h.len as usize);
            if h.seq != self.seq || h.pid != self.sock.port_id() {
                continue; // a broadcast, or the tail of an abandoned request
            }
            if h.flags & NLM_F_DUMP_INTR != 0 {
                self.interrupted = true;
            }
            match h.kind {
                NLMSG_DONE | NLMSG_ERROR => {
                    let status = match decode_status(&h, raw.payload, base + 16) {
                        Ok(s) => s,
                        Err(e) => {
                            return self.finish(Some(Err(Error::decode(self.what.clone(), e))));
                        }
                    };
                    if status.errno == 0 || (status.errno == libc::ENOENT && self.empty_on_enoent) {
                        match self.send_next() {
                            Ok(true) => continue,
                            Ok(false) => return self.finish(None),
                            Err(e) => return self.finish(Some(Err(e))),
                        }
                    }
                    let err = Error::Kernel {
                        request: self.what.clone(),
                        errno: status.errno,
                        ext_ack: status.ext_ack,
                    };
                    return self.finish(Some(Err(err)));
                }
                NLMSG_NOOP => continue,
                NLMSG_OVERRUN => {
                    let err = Error::io(
                        self.what.clone(),
                        std::io::Error::from_raw_os_error(libc::ENOBUFS),
                    );
                    return self.finish(Some(Err(err)));
                }
                _ => {}
            }
            match decode_message_into(&raw, msg) {
                Ok(()) if self.selector.accepts(msg) => {
                    if let Some(out) = bytes.as_deref_mut() {
                        out.clear();
                        out.extend_from_slice(&buf[..h.len as usize]);
                    }
                    return Some(Ok(()));
                }
                Ok(()) => continue,
                // The framing is intact: report this message and go on.
                Err(mut e) => {
                    e.offset += base;
                    return Some(Err(Error::decode(self.what.clone(), e)));
                }
            }
        }
    }
}

impl Dump<'_> {
    /// Sends the next chained request, if any; what is left of the
    /// datagram in hand belongs to no request of ours.
    fn send_next(&mut self) -> Result<bool> {
        let Some(req) = self.then.pop_front() else {
            return Ok(false);
        };
        debug_assert!(self.ahead.is_none());
        self.seq = self.sock.next_seq();
        let bytes = req.finish(self.seq, self.sock.port_id());
        self.sock
            .send(&bytes)
            .map_err(|e| Error::io(self.what.clone(), e))?;
        self.pos = self.len;
        Ok(true)
    }
}

impl Drop for Dump<'_> {
    fn drop(&mut self) {
        // The kernel keeps a dump running until it is read to the end and
        // refuses a new one meanwhile (EBUSY): read what is left.
        // `next` marks the dump finished on DONE, ACK, error or a failed recv.
        while !self.finished && self.next().is_some() {}
        // The reader thread has read to the end before the socket is reused.
        if let Some(mut ra) = self.ahead.take() {
            self.sock.foreign_dropped += ra.finish();
        }
    }
}
