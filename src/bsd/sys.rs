//! The system calls of the BSD backend, as one trait. The live kernel
//! (`backend.rs`, built on the BSDs only) and the dry run ([`DryRun`],
//! built everywhere) implement it; everything that decides what to send
//! (`ops`) is written against it, so it runs and is tested on any host, and
//! `rtsock --dry-run` shows exactly what a FreeBSD or OpenBSD machine would
//! be sent.

use std::collections::HashMap;

use serde_json::{Value as Json, json};

use super::decode::decode_stream;
use super::encode::{Clocks, RTM_GET, RtRequest};
use super::layout::{Layout, Os};
use crate::common::error::{Error, Result};

/// The socket family an ioctl goes through: the kernel hands it to that
/// family's `pru_control` (`in_control`, `in6_control`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SockFamily {
    /// An AF_INET socket.
    Inet,
    /// An AF_INET6 socket.
    Inet6,
}

/// One interface ioctl, as data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ioctl {
    /// The request's name in `sys/sockio.h` (`SIOCAIFADDR`, ...).
    pub name: &'static str,
    /// The request number, as this OS and architecture encode it (`_IOW`...).
    pub request: u32,
    /// The family of the socket it goes through.
    pub family: SockFamily,
    /// The argument (`struct ifreq`, `in_aliasreq`, ...); the kernel may
    /// write into it (SIOCGIFFLAGS, SIOCIFCREATE2).
    pub arg: Vec<u8>,
    /// Bytes that `ifr_data` (offset 16 of `arg`) points at during the
    /// call: SIOCIFCREATE2's parameters, SIOCSIFNAME's new name.
    pub data: Option<Vec<u8>>,
    /// Where in `arg` the pointer to `data` goes: 16
    /// (`ifr_data`), or after a length (FreeBSD's `ifr_buffer`).
    pub data_at: usize,
}

/// The offset of `ifr_data` (and `ifr_buffer.length`) in `struct ifreq`.
pub const IFR_DATA_AT: usize = 16;

/// What a caller expects an RTM_GET to find; the dry run answers as
/// expected, so it shows the path a real kernel would take when it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// The route or entry is there (the answer is the request echoed).
    Found,
    /// It is not (the answer is ESRCH).
    Missing,
}

/// The calls a BSD backend makes.
pub trait Sys {
    /// The OS and architecture whose ABI the calls use.
    fn layout(&self) -> Layout;
    /// sysctl(3) of a routing table (CTL_NET, PF_ROUTE, ...).
    fn sysctl(&mut self, mib: &[i32], what: &str) -> Result<Vec<u8>>;
    /// Writes one routing message. The kernel's verdict is write(2)'s
    /// errno (both `route_output`s return it), so nothing is read.
    fn route_write(&mut self, req: &RtRequest, what: &str) -> Result<()>;
    /// Writes an RTM_GET and waits, bounded, for the kernel's answer to
    /// it; returns the answer's bytes (an error when it carries rtm_errno).
    fn route_get(&mut self, req: &RtRequest, expect: Expect, what: &str) -> Result<Vec<u8>>;
    /// One interface ioctl; `call.arg` holds what the kernel wrote back.
    fn ioctl(&mut self, call: &mut Ioctl, what: &str) -> Result<()>;
    /// if_nametoindex(3): `None` when there is no such interface.
    fn ifindex(&mut self, name: &str) -> Result<Option<u32>>;
    /// if_indextoname(3): `None` when there is no such interface.
    fn ifname(&mut self, index: u32) -> Result<Option<String>>;
    /// The routing tables a dump of "every table" reads: FreeBSD FIBs
    /// (`net.fibs`), OpenBSD rtables that may exist (0 to 255).
    fn route_tables(&mut self) -> Result<Vec<u32>>;
    /// The kernel's clocks now, which RTV_EXPIRE times are relative to.
    fn clocks(&self) -> Clocks;
}

/// Resolves an interface name to its index (`None`: there is none).
pub type Resolve = Box<dyn FnMut(&str) -> Result<Option<u32>>>;

/// One call the dry run recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Call {
    /// A sysctl(3) read.
    Sysctl {
        /// The MIB it read.
        mib: Vec<i32>,
    },
    /// A routing message written on a write-only socket.
    RouteWrite {
        /// The message.
        bytes: Vec<u8>,
        /// The FIB or rtable of the socket it went through.
        table: u32,
    },
    /// An RTM_GET written, and its answer awaited.
    RouteGet {
        /// The message.
        bytes: Vec<u8>,
        /// The FIB or rtable of the socket it went through.
        table: u32,
        /// What the caller expected it to find.
        expect: Expect,
    },
    /// An interface ioctl.
    Ioctl(Ioctl),
}

/// A [`Sys`] that sends nothing: it records each call and answers as a
/// kernel would when everything goes as expected. Names resolve through
/// the function it is given (the host's interfaces); a clone it "creates"
/// gets the next free index.
pub struct DryRun {
    layout: Layout,
    /// The calls made so far, in order.
    pub calls: Vec<Call>,
    resolve: Resolve,
    created: HashMap<String, u32>,
    names: HashMap<u32, String>,
    seq: u32,
}

impl DryRun {
    /// A dry run for this layout, resolving interface names with `resolve`.
    pub fn new(layout: Layout, resolve: Resolve) -> DryRun {
        DryRun {
            layout,
            calls: Vec::new(),
            resolve,
            created: HashMap::new(),
            names: HashMap::new(),
            seq: 0,
        }
    }

    /// Names the host's interfaces by index too (for specs given by index).
    pub fn with_names(mut self, names: HashMap<u32, String>) -> DryRun {
        self.names = names;
        self
    }

    /// The sequence numbers a fresh process would use, from 1.
    fn next_seq(&mut self) -> u32 {
        self.seq += 1;
        self.seq
    }

    /// What SIOCIFCREATE(2) writes back: the name asked for, or with a
    /// unit the kernel picks (`epair` gives `epair0a`).
    fn created_name(&self, asked: &str) -> String {
        if asked.ends_with(|c: char| c.is_ascii_digit()) {
            return asked.to_owned();
        }
        let unit = (0..)
            .find(|u| {
                !self.created.contains_key(&format!("{asked}{u}"))
                    && !self.created.contains_key(&format!("{asked}{u}a"))
            })
            .unwrap_or(0);
        if asked == "epair" {
            format!("epair{unit}a")
        } else {
            format!("{asked}{unit}")
        }
    }

    /// The calls as JSON: routing messages as hex and decoded, sysctl MIBs
    /// with their names, ioctls with their argument bytes.
    pub fn to_json(&self) -> Json {
        Json::Array(
            self.calls
                .iter()
                .map(|c| call_json(&self.layout, c))
                .collect(),
        )
    }
}

fn hex(b: &[u8]) -> String {
    crate::common::value::hex(b)
}

fn decoded(layout: &Layout, bytes: &[u8]) -> Json {
    match decode_stream(*layout, bytes).into_iter().next() {
        Some(Ok(m)) => serde_json::to_value(&m).unwrap_or(Json::Null),
        Some(Err(e)) => json!({"error": e.to_string()}),
        None => Json::Null,
    }
}

/// The names of a routing-table sysctl's levels.
pub fn mib_names(os: Os, mib: &[i32]) -> Vec<String> {
    let op = |n: i32| match (n, os) {
        (1, _) => "NET_RT_DUMP".to_owned(),
        (2, _) => "NET_RT_FLAGS".to_owned(),
        (3, _) => "NET_RT_IFLIST".to_owned(),
        (4, Os::FreeBsd) => "NET_RT_IFMALIST".to_owned(),
        (6, Os::FreeBsd) => "NET_RT_NHOP".to_owned(),
        (7, Os::FreeBsd) => "NET_RT_NHGRP".to_owned(),
        (other, _) => other.to_string(),
    };
    mib.iter()
        .enumerate()
        .map(|(i, &n)| match (i, n) {
            (0, 4) => "CTL_NET".to_owned(),
            (1, 17) => "PF_ROUTE".to_owned(),
            (4, n) => op(n),
            (5, 0x400) if mib.get(4) == Some(&2) => "RTF_LLINFO".to_owned(),
            (_, n) => n.to_string(),
        })
        .collect()
}

fn call_json(layout: &Layout, c: &Call) -> Json {
    let fib = |t: &u32| match layout.os {
        Os::FreeBsd => json!({"SO_SETFIB": t}),
        _ => Json::Null,
    };
    match c {
        Call::Sysctl { mib } => json!({
            "call": "sysctl",
            "mib": mib,
            "names": mib_names(layout.os, mib),
        }),
        Call::RouteWrite { bytes, table } => json!({
            "call": "write",
            "socket": "PF_ROUTE",
            "socket_options": fib(table),
            "hex": hex(bytes),
            "message": decoded(layout, bytes),
        }),
        Call::RouteGet {
            bytes,
            table,
            expect,
        } => json!({
            "call": "write, then read the answer",
            "socket": "PF_ROUTE",
            "socket_options": fib(table),
            "hex": hex(bytes),
            "message": decoded(layout, bytes),
            "assumed_answer": match expect {
                Expect::Found => "found",
                Expect::Missing => "ESRCH",
            },
        }),
        Call::Ioctl(i) => {
            let mut j = json!({
                "call": "ioctl",
                "socket": match i.family {
                    SockFamily::Inet => "AF_INET",
                    SockFamily::Inet6 => "AF_INET6",
                },
                "request": i.name,
                "number": format!("{:#010x}", i.request),
                "arg": hex(&i.arg),
                "ifr_data": i.data.as_deref().map(hex),
            });
            // FreeBSD's ifr_buffer: the pointer follows the length.
            if i.data_at != IFR_DATA_AT {
                j["data_pointer_at"] = json!(i.data_at);
            }
            j
        }
    }
}

impl Sys for DryRun {
    fn layout(&self) -> Layout {
        self.layout
    }

    fn sysctl(&mut self, mib: &[i32], _what: &str) -> Result<Vec<u8>> {
        self.calls.push(Call::Sysctl { mib: mib.to_vec() });
        Ok(Vec::new())
    }

    fn route_write(&mut self, req: &RtRequest, _what: &str) -> Result<()> {
        let seq = self.next_seq();
        self.calls.push(Call::RouteWrite {
            bytes: req.encode(&self.layout, seq),
            table: req.table,
        });
        Ok(())
    }

    fn route_get(&mut self, req: &RtRequest, expect: Expect, what: &str) -> Result<Vec<u8>> {
        debug_assert_eq!(req.kind, RTM_GET);
        let seq = self.next_seq();
        let bytes = req.encode(&self.layout, seq);
        self.calls.push(Call::RouteGet {
            bytes: bytes.clone(),
            table: req.table,
            expect,
        });
        match expect {
            Expect::Found => Ok(bytes),
            Expect::Missing => Err(Error::Kernel {
                request: what.to_owned(),
                errno: libc::ESRCH,
                ext_ack: None,
            }),
        }
    }

    fn ioctl(&mut self, call: &mut Ioctl, _what: &str) -> Result<()> {
        self.calls.push(Call::Ioctl(call.clone()));
        if call.name == "SIOCIFCREATE" || call.name == "SIOCIFCREATE2" {
            let end = call.arg[..16].iter().position(|&c| c == 0).unwrap_or(16);
            let asked = String::from_utf8_lossy(&call.arg[..end]).into_owned();
            let made = self.created_name(&asked);
            let index = 1000 + self.created.len() as u32;
            self.created.insert(made.clone(), index);
            if made.starts_with("epair") {
                self.created.insert(made.replace('a', "b"), index + 1);
            }
            call.arg[..16].fill(0);
            call.arg[..made.len().min(15)].copy_from_slice(&made.as_bytes()[..made.len().min(15)]);
        }
        Ok(())
    }

    fn ifindex(&mut self, name: &str) -> Result<Option<u32>> {
        if let Some(i) = self.created.get(name) {
            return Ok(Some(*i));
        }
        (self.resolve)(name)
    }

    fn ifname(&mut self, index: u32) -> Result<Option<String>> {
        if let Some((n, _)) = self.created.iter().find(|(_, i)| **i == index) {
            return Ok(Some(n.clone()));
        }
        Ok(self.names.get(&index).cloned())
    }

    fn route_tables(&mut self) -> Result<Vec<u32>> {
        // A stock kernel: one FIB; OpenBSD's rtable 0.
        Ok(vec![0])
    }

    fn clocks(&self) -> Clocks {
        // Fixed, so a dry run prints the same bytes every time.
        Clocks {
            monotonic: 1000,
            wall: 1_700_000_000,
        }
    }
}
