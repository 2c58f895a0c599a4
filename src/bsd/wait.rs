//! Waiting for the kernel's answer to one routing-socket request, with a
//! deadline: a routing socket also carries every other process's messages,
//! and the kernel drops ours when the buffer is full (FreeBSD silently,
//! OpenBSD with RTM_DESYNC), so a plain blocking read could wait for ever.
//!
//! The loop works on any datagram socket, so it is tested on Linux with a
//! socket pair; [`classify`] says what a message is, from its header alone
//! (a reply the decoder would refuse is still ours).

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::time::{Duration, Instant};

use super::layout::{Class, Layout};

/// What one message read from the socket is to the waiting request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Someone else's.
    Other,
    /// The answer.
    Ours,
    /// The kernel says it dropped messages (OpenBSD RTM_DESYNC): the
    /// answer may be among them.
    Lost,
}

/// Why no answer came.
#[derive(Debug)]
pub enum WaitError {
    TimedOut,
    /// The socket overflowed (ENOBUFS with FreeBSD's SO_RERROR, or an
    /// RTM_DESYNC): the answer may have been dropped.
    Lost,
    Io(io::Error),
}

/// Whether `msg` answers the request of type `kind` this process (`pid`)
/// sent with `seq`: route(8) matches type, pid and sequence number.
pub fn classify(layout: &Layout, msg: &[u8], pid: u32, seq: u32, kind: u8) -> Verdict {
    let abi = layout.abi();
    if msg.len() >= 4 && abi.class(msg[3]) == Some(Class::Desync) {
        return Verdict::Lost;
    }
    let rt = &abi.rt;
    let (Some(pid_at), Some(seq_at), Some(errno_at)) = (rt.pid, rt.seq, rt.errno) else {
        return Verdict::Other;
    };
    if msg.len() < errno_at.end() || msg[3] != kind {
        return Verdict::Other;
    }
    if abi.get32(pid_at, msg) == pid && abi.get32(seq_at, msg) == seq {
        Verdict::Ours
    } else {
        Verdict::Other
    }
}

/// The `rtm_errno` an answer carries (0: none).
pub fn answer_errno(layout: &Layout, msg: &[u8]) -> i32 {
    let abi = layout.abi();
    match abi.rt.errno {
        Some(f) if msg.len() >= f.end() => abi.get32(f, msg) as i32,
        _ => 0,
    }
}

/// Reads messages from `fd` until `classify` finds the answer, the socket
/// reports a loss, or `timeout` passes. Each read takes one datagram (a
/// routing socket never splits or joins messages).
pub fn wait_for_answer(
    fd: BorrowedFd<'_>,
    timeout: Duration,
    mut classify: impl FnMut(&[u8]) -> Verdict,
) -> Result<Vec<u8>, WaitError> {
    let deadline = Instant::now() + timeout;
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(WaitError::TimedOut);
        }
        let mut pfd = libc::pollfd {
            fd: fd.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = left.as_millis().clamp(1, i32::MAX as u128) as libc::c_int;
        // SAFETY: one pollfd, valid for the call.
        let ready = unsafe { libc::poll(&mut pfd, 1, ms) };
        if ready < 0 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(WaitError::Io(e));
        }
        if ready == 0 {
            continue; // the deadline check above ends it
        }
        // SAFETY: reads at most `buf.len()` bytes into a live buffer.
        let n = unsafe {
            libc::recv(
                fd.as_raw_fd(),
                buf.as_mut_ptr().cast(),
                buf.len(),
                libc::MSG_DONTWAIT,
            )
        };
        if n < 0 {
            let e = io::Error::last_os_error();
            match e.raw_os_error() {
                Some(libc::EINTR | libc::EAGAIN) => continue,
                Some(libc::ENOBUFS) => return Err(WaitError::Lost),
                _ => return Err(WaitError::Io(e)),
            }
        }
        let msg = &buf[..n as usize];
        match classify(msg) {
            Verdict::Ours => return Ok(msg.to_vec()),
            Verdict::Lost => return Err(WaitError::Lost),
            Verdict::Other => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bsd::layout::openbsd;
    use std::os::fd::{AsFd, OwnedFd};
    use std::os::unix::net::UnixDatagram;

    const FREEBSD: Layout = Layout::FREEBSD_AMD64;
    const OPENBSD: Layout = Layout::OPENBSD_AMD64;

    /// A FreeBSD rt_msghdr of `kind` from `pid` with `seq`.
    fn msg(kind: u8, pid: u32, seq: u32) -> Vec<u8> {
        let mut b = vec![0u8; 152];
        b[0..2].copy_from_slice(&152u16.to_le_bytes());
        b[2] = 5;
        b[3] = kind;
        b[16..20].copy_from_slice(&pid.to_le_bytes());
        b[20..24].copy_from_slice(&seq.to_le_bytes());
        b
    }

    #[test]
    fn replies_are_matched_on_type_pid_and_seq_before_decoding() {
        let ours = msg(4, 77, 9);
        assert_eq!(classify(&FREEBSD, &ours, 77, 9, 4), Verdict::Ours);
        assert_eq!(
            classify(&FREEBSD, &msg(1, 77, 9), 77, 9, 4),
            Verdict::Other,
            "type"
        );
        assert_eq!(
            classify(&FREEBSD, &msg(4, 78, 9), 77, 9, 4),
            Verdict::Other,
            "pid"
        );
        assert_eq!(
            classify(&FREEBSD, &msg(4, 77, 8), 77, 9, 4),
            Verdict::Other,
            "seq"
        );
        assert_eq!(
            classify(&FREEBSD, &ours[..20], 77, 9, 4),
            Verdict::Other,
            "short"
        );
        // A reply the decoder would refuse (rtm_addrs promising a sockaddr
        // that is not there) is still the answer.
        let mut broken = ours.clone();
        broken[12] = 1;
        assert_eq!(classify(&FREEBSD, &broken, 77, 9, 4), Verdict::Ours);
        let mut err = ours;
        err[24..28].copy_from_slice(&3i32.to_le_bytes());
        assert_eq!(answer_errno(&FREEBSD, &err), 3);
        let mut desync = vec![0u8; 96];
        desync[2] = 5;
        desync[3] = openbsd::RTM_DESYNC;
        assert_eq!(classify(&OPENBSD, &desync, 77, 9, 4), Verdict::Lost);
        let mut ob = vec![0u8; 96];
        ob[3] = 4;
        ob[24..28].copy_from_slice(&77u32.to_le_bytes());
        ob[28..32].copy_from_slice(&9u32.to_le_bytes());
        assert_eq!(classify(&OPENBSD, &ob, 77, 9, 4), Verdict::Ours);
    }

    fn pair() -> (UnixDatagram, OwnedFd) {
        let (a, b) = UnixDatagram::pair().unwrap();
        (a, OwnedFd::from(b))
    }

    #[test]
    fn a_socket_that_never_answers_times_out() {
        let (peer, fd) = pair();
        // Others' messages keep coming; ours never does.
        for seq in 0..50 {
            peer.send(&msg(1, 5, seq)).unwrap();
        }
        let started = Instant::now();
        let got = wait_for_answer(fd.as_fd(), Duration::from_millis(300), |m| {
            classify(&FREEBSD, m, 77, 9, 4)
        });
        assert!(matches!(got, Err(WaitError::TimedOut)), "{got:?}");
        let took = started.elapsed();
        assert!(
            took >= Duration::from_millis(300) && took < Duration::from_secs(5),
            "{took:?}"
        );
    }

    #[test]
    fn the_answer_is_found_among_others_and_a_loss_is_reported() {
        let (peer, fd) = pair();
        peer.send(&msg(1, 5, 1)).unwrap();
        peer.send(&msg(4, 77, 8)).unwrap();
        peer.send(&msg(4, 77, 9)).unwrap();
        let got = wait_for_answer(fd.as_fd(), Duration::from_secs(5), |m| {
            classify(&FREEBSD, m, 77, 9, 4)
        })
        .unwrap();
        assert_eq!(&got[16..24], &msg(4, 77, 9)[16..24]);

        let mut desync = vec![0u8; 96];
        desync[3] = openbsd::RTM_DESYNC;
        peer.send(&desync).unwrap();
        let got = wait_for_answer(fd.as_fd(), Duration::from_secs(5), |m| {
            classify(&OPENBSD, m, 77, 9, 4)
        });
        assert!(matches!(got, Err(WaitError::Lost)), "{got:?}");
    }
}
