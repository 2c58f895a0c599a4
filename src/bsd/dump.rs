//! Dumps: sysctl buffers (one per FIB or rtable) decoded one message at a
//! time, or what the text fallback parsed from ifconfig(8), netstat(1),
//! arp(8) and ndp(8) when sysctl is refused; both through the same filter.

use std::io;

use super::decode::{Decoder, Records, next_message};
use super::layout::{Layout, Os};
use crate::common::api::{Filter, Interface, ObjectKind, Selector};
use crate::common::error::{Error, Result};
use crate::common::kinds::OnBsd;
use crate::common::message::{Body, Message};

/// Runs a tool and returns what it printed.
fn tool_output(cmd: &str, args: &[&str], what: &str) -> Result<String> {
    let out = std::process::Command::new(cmd)
        .args(args)
        .output()
        .map_err(|e| Error::io(format!("{what}: running {cmd}"), e))?;
    if !out.status.success() {
        return Err(Error::io(
            format!("{what}: {cmd} {}", args.join(" ")),
            io::Error::other(String::from_utf8_lossy(&out.stderr).trim().to_owned()),
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The text fallback (`ifconfig -a`, `netstat -rn`, `arp -an`, `ndp -an`),
/// for when sysctl is refused; the same messages, through the same filter.
pub fn text_fallback(kind: ObjectKind, filter: &Filter, what: &str) -> Result<SysctlDump> {
    use super::text;
    let ifconfig = text::parse_ifconfig(&tool_output("ifconfig", &["-a"], what)?);
    let names = text::names_of(&ifconfig.messages);
    let messages = match kind.info().bsd {
        OnBsd::Links | OnBsd::Addresses => ifconfig.messages,
        OnBsd::Routes => {
            let args: &[&str] = if cfg!(target_os = "freebsd") {
                &["-rnW"]
            } else {
                &["-rn"]
            };
            text::parse_netstat(&tool_output("netstat", args, what)?, &names).messages
        }
        OnBsd::Neighbours => {
            let mut m = text::parse_arp(&tool_output("arp", &["-an"], what)?, &names).messages;
            if let Ok(ndp) = tool_output("ndp", &["-an"], what) {
                m.extend(text::parse_ndp(&ndp, &names).messages);
            }
            m
        }
        // netstat has no stable listing of nexthops; ifmcstat's text is
        // not read.
        OnBsd::Absent(_) | OnBsd::Nexthops(_) | OnBsd::Multicast => Vec::new(),
    };
    let ifindex = match &filter.interface {
        Some(Interface::Index(i)) => Some(*i),
        Some(Interface::Name(n)) => names.get(n).copied(),
        None => None,
    };
    let layout = Layout::host().expect("a BSD");
    let mut dump = SysctlDump::new(
        layout,
        Vec::new(),
        Some(kind),
        filter,
        ifindex,
        what.to_owned(),
    );
    dump.parsed = messages.into_iter();
    Ok(dump)
}

/// One sysctl's answer: its bytes, the FIB they belong to (FreeBSD
/// messages do not say) and what they hold.
pub struct DumpBuffer {
    /// What sysctl returned.
    pub bytes: Vec<u8>,
    /// The FIB it was read from.
    pub fib: Option<u32>,
    /// Routing messages, or nexthop records.
    pub records: Records,
}

/// A dump read whole by sysctl (one buffer per table), decoded one message
/// at a time (or the messages the text fallback parsed).
pub struct SysctlDump {
    parsed: std::vec::IntoIter<Message>,
    buffers: std::vec::IntoIter<DumpBuffer>,
    buf: Vec<u8>,
    pos: usize,
    decoder: Decoder,
    /// The class asked for; `None` for multicast group memberships.
    kind: Option<ObjectKind>,
    selector: Selector,
    what: String,
}

impl SysctlDump {
    pub(super) fn new(
        layout: Layout,
        buffers: Vec<DumpBuffer>,
        kind: Option<ObjectKind>,
        filter: &Filter,
        ifindex: Option<u32>,
        what: String,
    ) -> SysctlDump {
        SysctlDump {
            parsed: Vec::new().into_iter(),
            buffers: buffers.into_iter(),
            buf: Vec::new(),
            pos: 0,
            decoder: Decoder::new(layout),
            kind,
            selector: Selector {
                filter: filter.clone(),
                ifindex,
                ..Selector::default()
            },
            what,
        }
    }

    fn wanted(&self, m: &Message) -> bool {
        let class = match self.kind {
            Some(kind) => ObjectKind::of(m) == Some(kind),
            None => matches!(m.body, Body::Multicast(_)),
        };
        class && self.selector.accepts(m)
    }
}

impl Iterator for SysctlDump {
    type Item = Result<Message>;

    fn next(&mut self) -> Option<Result<Message>> {
        while let Some(m) = self.parsed.next() {
            if self.wanted(&m) {
                return Some(Ok(m));
            }
        }
        loop {
            match next_message(&self.buf, &mut self.pos, &mut self.decoder) {
                Some(Err(e)) => return Some(Err(Error::decode(self.what.clone(), e))),
                Some(Ok(m)) if self.wanted(&m) => return Some(Ok(m)),
                Some(Ok(_)) => {}
                None => {
                    let next = self.buffers.next()?;
                    (self.buf, self.pos) = (next.bytes, 0);
                    if self.decoder.layout.os == Os::FreeBsd {
                        self.decoder.ctx.fib = next.fib;
                    }
                    self.decoder.ctx.records = next.records;
                }
            }
        }
    }
}
