//! Read-ahead for large dumps: a helper thread receives the next datagrams
//! (the kernel builds them inside those recv calls) while the caller decodes
//! the previous ones, so kernel and decoder work overlap on two cores.
//! Buffers go back and forth, so a dump of any size reuses a few.

use std::io;
use std::os::fd::RawFd;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::thread::JoinHandle;

use super::socket::recv_kernel_datagram;
use super::wire::Messages;
use crate::common::constants::{NLMSG_DONE, NLMSG_ERROR, NLMSG_OVERRUN};

/// Datagrams in flight between the reader and the decoder.
const DEPTH: usize = 8;

pub struct ReadAhead {
    full: Receiver<io::Result<(Vec<u8>, usize)>>,
    empty: Sender<Vec<u8>>,
    reader: Option<JoinHandle<u64>>,
}

/// Whether a datagram ends the answer to (`seq`, `port`).
fn ends_dump(buf: &[u8], seq: u32, port: u32) -> bool {
    Messages::new(buf).any(|m| match m {
        Ok(m) => {
            m.header.seq == seq
                && m.header.pid == port
                && matches!(m.header.kind, NLMSG_DONE | NLMSG_ERROR | NLMSG_OVERRUN)
        }
        // The decoder reports framing errors; the reader stops on them too.
        Err(_) => true,
    })
}

impl ReadAhead {
    /// Starts reading the answer to (`seq`, `port`) from `fd`. The caller
    /// must keep the socket open and unused until [`ReadAhead::finish`].
    pub fn start(fd: RawFd, seq: u32, port: u32) -> io::Result<ReadAhead> {
        let (full_tx, full): (SyncSender<_>, _) = sync_channel(DEPTH);
        let (empty, empty_rx) = channel::<Vec<u8>>();
        let reader = std::thread::Builder::new()
            .name("rtsock-readahead".into())
            .spawn(move || {
                let mut foreign = 0;
                loop {
                    let mut buf = empty_rx.try_recv().unwrap_or_else(|_| vec![0; 32 * 1024]);
                    let r = recv_kernel_datagram(fd, &mut buf, &mut foreign);
                    let done = match &r {
                        Ok(n) => ends_dump(&buf[..*n], seq, port),
                        Err(_) => true,
                    };
                    // A decoder that stopped listening still needs the rest
                    // read off the socket: keep going until the end.
                    let _ = full_tx.send(r.map(|n| (buf, n)));
                    if done {
                        return foreign;
                    }
                }
            })?;
        Ok(ReadAhead {
            full,
            empty,
            reader: Some(reader),
        })
    }

    /// The next datagram; `None` once the reader has delivered the last.
    pub fn next(&mut self) -> Option<io::Result<(Vec<u8>, usize)>> {
        self.full.recv().ok()
    }

    /// Gives a buffer back for reuse.
    pub fn recycle(&self, buf: Vec<u8>) {
        let _ = self.empty.send(buf);
    }

    /// Waits for the reader to have read the whole answer; returns how many
    /// foreign datagrams it dropped.
    pub fn finish(&mut self) -> u64 {
        // Unblock a reader waiting on a full channel.
        while self.full.try_recv().is_ok() {}
        let Some(h) = self.reader.take() else {
            return 0;
        };
        loop {
            if h.is_finished() {
                return h.join().unwrap_or(0);
            }
            match self.full.recv_timeout(std::time::Duration::from_millis(50)) {
                Ok(_) | Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    return h.join().unwrap_or(0);
                }
            }
        }
    }
}

impl Drop for ReadAhead {
    fn drop(&mut self) {
        self.finish();
    }
}
