//! Errors: every one names the object that was asked for and, where the
//! kernel answered, its errno and extended-ACK text.

use std::fmt;

/// Why bytes could not be decoded, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// What was being read ("netlink header", "rtmsg", "attribute RTA_GATEWAY", ...).
    pub what: String,
    /// Byte offset in the buffer being decoded.
    pub offset: usize,
    /// What was wrong with the bytes there.
    pub reason: String,
}

impl DecodeError {
    /// An error reading `what` at `offset`, for `reason`.
    pub fn new(what: impl Into<String>, offset: usize, reason: impl Into<String>) -> DecodeError {
        DecodeError {
            what: what.into(),
            offset,
            reason: reason.into(),
        }
    }

    /// `what` needed `need` bytes at `offset` but only `have` remain.
    pub fn truncated(
        what: impl Into<String>,
        offset: usize,
        need: usize,
        have: usize,
    ) -> DecodeError {
        DecodeError::new(
            what,
            offset,
            format!("truncated: needs {need} bytes, {have} left"),
        )
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at offset {}: {}",
            self.what, self.offset, self.reason
        )
    }
}

impl std::error::Error for DecodeError {}

/// The text the C library gives for an errno.
pub fn errno_text(errno: i32) -> &'static str {
    nix::errno::Errno::from_raw(errno).desc()
}

fn ext_ack_suffix(ext_ack: &Option<String>) -> String {
    match ext_ack {
        Some(text) if !text.is_empty() => format!(" ({text})"),
        _ => String::new(),
    }
}

/// Everything an rtsock call can fail with; each error names what was asked for.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The kernel refused a request.
    #[error("{request}: {} (errno {errno}){}", errno_text(*.errno), ext_ack_suffix(.ext_ack))]
    Kernel {
        /// The request that failed, as text ("route add 10.0.0.0/8 via 192.0.2.1 table 100").
        request: String,
        /// The errno the kernel answered with.
        errno: i32,
        /// The kernel's extended-ACK message, when it gave one.
        ext_ack: Option<String>,
    },
    /// A system call failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done (usually the request).
        context: String,
        /// The error the system call returned.
        #[source]
        source: std::io::Error,
    },
    /// The kernel (or a capture) sent bytes we could not decode.
    #[error("{context}: {source}")]
    Decode {
        /// What was being done (usually the request).
        context: String,
        /// What could not be decoded, and where.
        #[source]
        source: DecodeError,
    },
    /// A dump stayed inconsistent (NLM_F_DUMP_INTR) through every retry.
    #[error(
        "{request}: dump interrupted by concurrent changes {attempts} time(s); results may be inconsistent"
    )]
    DumpInterrupted {
        /// The dump that was interrupted, as text.
        request: String,
        /// How many times the dump was tried.
        attempts: u32,
    },
    /// The named object does not exist.
    #[error("{0}: not found")]
    NotFound(String),
    /// The request was rejected before it reached the kernel.
    #[error("{what}: {reason}")]
    InvalidInput {
        /// The request or argument that was rejected.
        what: String,
        /// Why it was rejected.
        reason: String,
    },
    /// This backend or OS cannot do what was asked.
    #[error("{0}: not supported on this system")]
    Unsupported(String),
    /// The kernel did not answer a request in time (BSD routing sockets,
    /// whose answers an overflowing socket can lose).
    #[error("{request}: no answer from the kernel within {after:?}")]
    Timeout {
        /// The request that went unanswered.
        request: String,
        /// How long rtsock waited.
        after: std::time::Duration,
    },
}

impl Error {
    /// The errno behind this error, when there is one. Input rejected
    /// before it was sent reports EINVAL, as the kernel would.
    pub fn errno(&self) -> Option<i32> {
        match self {
            Error::Kernel { errno, .. } => Some(*errno),
            Error::InvalidInput { .. } => Some(libc::EINVAL),
            Error::Io { source, .. } => source.raw_os_error(),
            Error::Timeout { .. } => Some(libc::ETIMEDOUT),
            _ => None,
        }
    }

    /// The same error, naming `request` as what failed.
    pub fn for_request(self, request: String) -> Error {
        match self {
            Error::Kernel { errno, ext_ack, .. } => Error::Kernel {
                request,
                errno,
                ext_ack,
            },
            Error::Io { source, .. } => Error::Io {
                context: request,
                source,
            },
            Error::Decode { source, .. } => Error::Decode {
                context: request,
                source,
            },
            Error::DumpInterrupted { attempts, .. } => Error::DumpInterrupted { request, attempts },
            Error::Timeout { after, .. } => Error::Timeout { request, after },
            other => other,
        }
    }

    /// An [`Error::Io`] for a system call that failed while doing `context`.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// An [`Error::Decode`] for bytes that failed to decode while doing `context`.
    pub fn decode(context: impl Into<String>, source: DecodeError) -> Error {
        Error::Decode {
            context: context.into(),
            source,
        }
    }

    /// An [`Error::InvalidInput`]: `what` was rejected for `reason`.
    pub fn invalid(what: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::InvalidInput {
            what: what.into(),
            reason: reason.into(),
        }
    }
}

/// `std::result::Result` with rtsock's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernel_error_names_request_errno_and_ext_ack() {
        let e = Error::Kernel {
            request: "route add 10.0.0.0/8 via 192.0.2.1 table 100".into(),
            errno: libc::ENETUNREACH,
            ext_ack: Some("Nexthop has invalid gateway".into()),
        };
        let text = e.to_string();
        assert!(text.starts_with("route add 10.0.0.0/8 via 192.0.2.1 table 100: "));
        assert!(text.contains("Network is unreachable"), "{text}");
        assert!(
            text.contains(&format!("errno {}", libc::ENETUNREACH)),
            "{text}"
        );
        assert!(text.ends_with("(Nexthop has invalid gateway)"), "{text}");
        assert_eq!(e.errno(), Some(libc::ENETUNREACH));
    }
}
