//! Filter changes (`tc filter add/replace/change/del`): [`TcFilterSpec`],
//! with u32 selectors packed as f_u32.c packs them.

use std::fmt::Write as _;
use std::net::IpAddr;

use crate::common::api::{Interface, ObjectKind};
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::{Error, Result};
use crate::common::kinds::ChangeSpec;
use crate::common::kinds::qdisc::handle_text;
use crate::common::message::{Body, Message};
use crate::common::value::LinkAddr;

pub use super::action::*;

/// ETH_P_ALL: every protocol, what `tc filter add` asks for by default.
pub const ETH_P_ALL: u16 = 0x0003;

/// The protocols `tc` names (ll_proto), by EtherType.
const PROTOCOLS: [(&str, u16); 8] = [
    ("all", ETH_P_ALL),
    ("ip", 0x0800),
    ("arp", 0x0806),
    ("ipv6", 0x86dd),
    ("802.1Q", 0x8100),
    ("802.1ad", 0x88a8),
    ("mpls_uc", 0x8847),
    ("mpls_mc", 0x8848),
];

/// An EtherType from `tc`'s words: `ip`, `ipv6`, `all`, `802.1Q`, or a
/// number (`0x0800`).
pub fn parse_protocol(word: &str) -> Option<u16> {
    PROTOCOLS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|(_, id)| *id)
        .or_else(|| match word.strip_prefix("0x") {
            Some(hex) => u16::from_str_radix(hex, 16).ok(),
            None => word.parse().ok(),
        })
}

/// An EtherType as `tc` prints it (ll_proto_n2a): its name, or hex.
pub fn protocol_text(id: u16) -> String {
    PROTOCOLS
        .iter()
        .find(|(_, p)| *p == id)
        .map(|(name, _)| (*name).to_owned())
        .unwrap_or_else(|| format!("{id:04x}"))
}

/// A u32 handle from `tc`'s words: `800:`, `800:0:800`, `800::800`, or a
/// number in hex (get_u32_handle).
pub fn parse_u32_handle(text: &str) -> Option<u32> {
    let parts: Vec<&str> = text.split(':').collect();
    let hex = |s: &str, max: u32| -> Option<u32> {
        if s.is_empty() {
            return Some(0);
        }
        u32::from_str_radix(s.trim_start_matches("0x"), 16)
            .ok()
            .filter(|&v| v <= max)
    };
    match parts[..] {
        [whole] => u32::from_str_radix(whole.trim_start_matches("0x"), 16).ok(),
        [ht, hash] => Some(hex(ht, 0xfff)? << 20 | hex(hash, 0xff)? << 12),
        [ht, hash, node] => {
            Some(hex(ht, 0xfff)? << 20 | hex(hash, 0xff)? << 12 | hex(node, 0xfff)?)
        }
        _ => None,
    }
}

/// A u32 handle as `tc` prints it (sprint_u32_handle): `800:`, `800::800`.
pub fn u32_handle_text(handle: u32) -> String {
    let (ht, hash, node) = (handle >> 20, (handle >> 12) & 0xff, handle & 0xfff);
    let mut s = String::new();
    if ht != 0 {
        let _ = write!(s, "{ht:x}:");
    }
    if hash != 0 || node != 0 {
        if hash != 0 {
            let _ = write!(s, "{hash:x}");
        }
        if node != 0 {
            let _ = write!(s, ":{node:x}");
        }
    }
    if handle == 0 { "none".to_owned() } else { s }
}

/// One key of a u32 selector: `val` and `mask` are the 32 bits at `off`
/// bytes into the packet, read in network order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct U32Key {
    /// The bits wanted (within `mask`).
    pub val: u32,
    /// The bits compared.
    pub mask: u32,
    /// The offset of the 32-bit word, a multiple of 4.
    pub off: i32,
    /// For offsets relative to the next header (`nexthdr+`); 0 here.
    pub offmask: i32,
}

/// A u32 filter: keys that must all match, and where matching packets go.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct U32 {
    /// The keys, packed as tc packs them (one per 32-bit word).
    pub keys: Vec<U32Key>,
    /// The class matching packets go to (`flowid`/`classid`).
    pub classid: Option<u32>,
    /// Keep it out of hardware (`skip_hw`).
    pub skip_hw: bool,
    /// Only in hardware (`skip_sw`).
    pub skip_sw: bool,
    /// Actions run on matching packets, in order (`action ...`).
    pub actions: Vec<TcAction>,
}

impl U32 {
    /// An empty selector (matches every packet once keys are added).
    pub fn new() -> U32 {
        U32::default()
    }

    /// Adds `val`/`mask` for the word at `off` (pack_key): keys on the same
    /// word merge; a contradiction or an unaligned offset is an error.
    pub fn match_word(mut self, val: u32, mask: u32, off: i32) -> Result<U32> {
        let bad = |why: &str| Error::invalid(format!("u32 match at {off}"), why.to_owned());
        let val = val & mask;
        if let Some(k) = self.keys.iter_mut().find(|k| k.off == off && k.offmask == 0) {
            if (val ^ k.val) & (mask & k.mask) != 0 {
                return Err(bad("contradicts an earlier match on the same word"));
            }
            k.val |= val;
            k.mask |= mask;
            return Ok(self);
        }
        if off % 4 != 0 {
            return Err(bad("the offset of a 32-bit match is a multiple of 4"));
        }
        if self.keys.len() >= 128 {
            return Err(bad("a selector holds 128 keys at most"));
        }
        self.keys.push(U32Key {
            val,
            mask,
            off,
            offmask: 0,
        });
        Ok(self)
    }

    /// A 16-bit match at `off` (pack_key16: the half of its word).
    pub fn match_u16(self, val: u16, mask: u16, off: i32) -> Result<U32> {
        let shift = if off & 3 == 0 { 16 } else { 0 };
        self.match_word(u32::from(val) << shift, u32::from(mask) << shift, off & !3)
    }

    /// An 8-bit match at `off` (pack_key8: the byte of its word).
    pub fn match_u8(self, val: u8, mask: u8, off: i32) -> Result<U32> {
        let shift = 24 - 8 * (off & 3);
        self.match_word(u32::from(val) << shift, u32::from(mask) << shift, off & !3)
    }

    fn ip_prefix(self, prefix: IpNet, off: i32) -> Result<U32> {
        let IpAddr::V4(addr) = prefix.addr else {
            return Err(Error::invalid(
                format!("match ip {prefix}"),
                "u32's ip matches take IPv4 prefixes",
            ));
        };
        let mask = u32::MAX.checked_shl(32 - u32::from(prefix.len)).unwrap_or(0);
        self.match_word(u32::from(addr), mask, off)
    }

    /// `match ip src PREFIX` (the IPv4 header's source, offset 12).
    pub fn ip_src(self, prefix: IpNet) -> Result<U32> {
        self.ip_prefix(prefix, 12)
    }

    /// `match ip dst PREFIX` (offset 16).
    pub fn ip_dst(self, prefix: IpNet) -> Result<U32> {
        self.ip_prefix(prefix, 16)
    }

    /// `match ip sport PORT MASK` (offset 20, with no IP options).
    pub fn ip_sport(self, port: u16, mask: u16) -> Result<U32> {
        self.match_u16(port, mask, 20)
    }

    /// `match ip dport PORT MASK` (offset 22).
    pub fn ip_dport(self, port: u16, mask: u16) -> Result<U32> {
        self.match_u16(port, mask, 22)
    }

    /// `match ip protocol N MASK` (offset 9).
    pub fn ip_protocol(self, protocol: u8, mask: u8) -> Result<U32> {
        self.match_u8(protocol, mask, 9)
    }

    /// `match ip tos N MASK` (offset 1).
    pub fn ip_tos(self, tos: u8, mask: u8) -> Result<U32> {
        self.match_u8(tos, mask, 1)
    }

    /// Sends matching packets to class `classid` (`flowid`).
    pub fn flowid(mut self, classid: u32) -> U32 {
        self.classid = Some(classid);
        self
    }

    /// Runs `action` on matching packets, after those already given.
    pub fn action(mut self, action: TcAction) -> U32 {
        self.actions.push(action);
        self
    }
}

/// A matchall filter: every packet, to a class and through actions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matchall {
    /// The class packets go to (`classid`/`flowid`).
    pub classid: Option<u32>,
    /// Actions run on every packet, in order (`action ...`).
    pub actions: Vec<TcAction>,
    /// Keep it out of hardware (`skip_hw`).
    pub skip_hw: bool,
    /// Only in hardware (`skip_sw`).
    pub skip_sw: bool,
}

/// A flower filter: packets whose headers match every key given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flower {
    /// The class matching packets go to (`classid`/`flowid`).
    pub classid: Option<u32>,
    /// Keep it out of hardware (`skip_hw`).
    pub skip_hw: bool,
    /// Only in hardware (`skip_sw`).
    pub skip_sw: bool,
    /// The destination MAC and its mask (`dst_mac MAC[/LEN]`).
    pub dst_mac: Option<(LinkAddr, LinkAddr)>,
    /// The source MAC and its mask (`src_mac MAC[/LEN]`).
    pub src_mac: Option<(LinkAddr, LinkAddr)>,
    /// The IP protocol (`ip_proto tcp|udp|sctp|icmp|icmpv6|N`); needs the
    /// filter's protocol to be ip or ipv6.
    pub ip_proto: Option<u8>,
    /// The destination prefix (`dst_ip`).
    pub dst_ip: Option<IpNet>,
    /// The source prefix (`src_ip`).
    pub src_ip: Option<IpNet>,
    /// The destination port (`dst_port`; needs ip_proto tcp, udp or sctp).
    pub dst_port: Option<u16>,
    /// The source port (`src_port`).
    pub src_port: Option<u16>,
    /// Actions run on matching packets, in order (`action ...`).
    pub actions: Vec<TcAction>,
}

/// A fw filter: packets by firewall mark. The mark is the filter's handle
/// (`handle MARK[/MASK] fw`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fw {
    /// The bits of the mark compared (`/MASK`); all when None.
    pub mask: Option<u32>,
    /// The class matching packets go to (`classid`/`flowid`).
    pub classid: Option<u32>,
    /// Only packets received on this device (`indev`).
    pub indev: Option<String>,
    /// Actions run on matching packets, in order (`action ...`).
    pub actions: Vec<TcAction>,
}

/// A basic filter: every packet (extended matches are not built here), to
/// a class and through actions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Basic {
    /// The class packets go to (`classid`/`flowid`).
    pub classid: Option<u32>,
    /// Actions run on them, in order (`action ...`).
    pub actions: Vec<TcAction>,
}

/// One classic BPF instruction (`struct sock_filter`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SockFilter {
    /// The opcode.
    pub code: u16,
    /// The jump on true.
    pub jt: u8,
    /// The jump on false.
    pub jf: u8,
    /// The operand.
    pub k: u32,
}

/// The program of a bpf filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BpfProgram {
    /// Classic BPF (`bytecode "N,c t f k,..."`, tcpdump -ddd's output).
    Classic(Vec<SockFilter>),
    /// An eBPF program the caller loaded (BPF_PROG_TYPE_SCHED_CLS), by its
    /// file descriptor, with the name the kernel shows for it.
    Fd {
        /// The program's descriptor, open in this process.
        fd: i32,
        /// Its name (tc sends `FILE:[SECTION]`).
        name: String,
    },
}

impl BpfProgram {
    /// A classic program from tc's `bytecode` text: the count, then one
    /// `code jt jf k` per instruction, comma-separated (bpf_ops_parse).
    pub fn parse_bytecode(text: &str) -> Result<BpfProgram> {
        let bad = |why: String| Error::invalid(format!("bpf bytecode {text:?}"), why);
        let mut parts = text.split(',').map(str::trim).filter(|p| !p.is_empty());
        let count: usize = parts
            .next()
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| bad("starts with the number of instructions".into()))?;
        if count == 0 || count > 4096 {
            return Err(bad(format!("{count} instructions (1 to 4096)")));
        }
        let mut ops = Vec::with_capacity(count);
        for (i, op) in parts.enumerate() {
            let f: Vec<&str> = op.split_whitespace().collect();
            let parsed = match f[..] {
                [code, jt, jf, k] => (|| {
                    Some(SockFilter {
                        code: code.parse().ok()?,
                        jt: jt.parse().ok()?,
                        jf: jf.parse().ok()?,
                        k: k.parse().ok()?,
                    })
                })(),
                _ => None,
            };
            ops.push(parsed.ok_or_else(|| bad(format!("instruction {i}: {op:?}")))?);
        }
        if ops.len() != count {
            return Err(bad(format!("{} instructions, not {count}", ops.len())));
        }
        Ok(BpfProgram::Classic(ops))
    }
}

/// A bpf filter: a BPF program classifies each packet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bpf {
    /// The program.
    pub program: BpfProgram,
    /// The class packets go to (`classid`/`flowid`).
    pub classid: Option<u32>,
    /// The program's return value is the verdict (`direct-action`/`da`).
    pub direct_action: bool,
    /// Keep it out of hardware (`skip_hw`).
    pub skip_hw: bool,
    /// Only in hardware (`skip_sw`).
    pub skip_sw: bool,
    /// Actions run on matching packets, in order (`action ...`).
    pub actions: Vec<TcAction>,
}

impl Bpf {
    /// A filter running `program`.
    pub fn new(program: BpfProgram) -> Bpf {
        Bpf {
            program,
            classid: None,
            direct_action: false,
            skip_hw: false,
            skip_sw: false,
            actions: Vec::new(),
        }
    }
}

/// The classifiers whose filters rtsock can create.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TcFilterKind {
    /// The universal 32-bit classifier (`u32 match ... flowid C`).
    U32(U32),
    /// Every packet (`matchall [classid C] action ...`).
    Matchall(Matchall),
    /// Header keys (`flower [dst_mac M] [ip_proto P] [dst_ip A] ...`).
    Flower(Flower),
    /// Firewall marks (`handle MARK[/MASK] fw [classid C] ...`).
    Fw(Fw),
    /// Every packet (`basic [classid C] [action ...]`).
    Basic(Basic),
    /// A BPF program (`bpf bytecode "..." [classid C] [da] ...`).
    Bpf(Bpf),
}

impl TcFilterKind {
    /// The TCA_KIND word.
    pub fn name(&self) -> &'static str {
        match self {
            TcFilterKind::U32(_) => "u32",
            TcFilterKind::Matchall(_) => "matchall",
            TcFilterKind::Flower(_) => "flower",
            TcFilterKind::Fw(_) => "fw",
            TcFilterKind::Basic(_) => "basic",
            TcFilterKind::Bpf(_) => "bpf",
        }
    }
}

/// A filter to create, change or delete (`tc filter`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TcFilterSpec {
    /// The interface (`dev`).
    pub dev: Interface,
    /// The qdisc or class it is attached to (`parent 1:`, `root`, or
    /// TC_H_INGRESS's minors for `ingress`/`egress` under clsact).
    pub parent: u32,
    /// The EtherType it applies to (`protocol ip`); None is `all` when
    /// creating and any when deleting, as with tc.
    pub protocol: Option<u16>,
    /// Its priority (`prio`/`pref`); 0 lets the kernel choose.
    pub prio: u16,
    /// Its handle (`handle 800::800` for u32); 0 lets the kernel choose.
    pub handle: u32,
    /// Its chain (`chain N`).
    pub chain: Option<u32>,
    /// What it is; None deletes every filter the rest names.
    pub kind: Option<TcFilterKind>,
}

impl TcFilterSpec {
    /// A filter of `dev` under `parent`.
    pub fn new(dev: impl Into<Interface>, parent: u32) -> TcFilterSpec {
        TcFilterSpec {
            dev: dev.into(),
            parent,
            protocol: None,
            prio: 0,
            handle: 0,
            chain: None,
            kind: None,
        }
    }

    /// Sets the protocol (an EtherType: 0x0800 for IPv4).
    pub fn protocol(mut self, protocol: u16) -> TcFilterSpec {
        self.protocol = Some(protocol);
        self
    }

    /// Sets the priority.
    pub fn prio(mut self, prio: u16) -> TcFilterSpec {
        self.prio = prio;
        self
    }

    /// Sets the handle.
    pub fn handle(mut self, handle: u32) -> TcFilterSpec {
        self.handle = handle;
        self
    }

    /// A filter of this classifier.
    pub fn with_kind(mut self, kind: TcFilterKind) -> TcFilterSpec {
        self.kind = Some(kind);
        self
    }

    /// A u32 filter with this selector.
    pub fn u32(mut self, selector: U32) -> TcFilterSpec {
        self.kind = Some(TcFilterKind::U32(selector));
        self
    }

    /// `tcm_info`: the priority in the upper half, the protocol in network
    /// order in the lower (TC_H_MAKE(prio << 16, protocol)).
    pub fn info(&self, verb: Verb) -> u32 {
        let creating = matches!(verb, Verb::Add | Verb::Replace);
        let protocol = self
            .protocol
            .unwrap_or(if creating { ETH_P_ALL } else { 0 });
        u32::from(self.prio) << 16 | u32::from(protocol.to_be())
    }

    /// Rejects what the kernel would reject with an unclear answer.
    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        check_interface(&self.dev).map_err(|e| rename_error(e, what()))?;
        match (verb, &self.kind) {
            (Verb::Add | Verb::Replace | Verb::Change, None) => {
                Err(Error::invalid(what(), "which classifier? (u32 match ...)"))
            }
            (_, Some(TcFilterKind::U32(U32 { skip_hw: true, skip_sw: true, .. })))
            | (
                _,
                Some(TcFilterKind::Matchall(Matchall {
                    skip_hw: true,
                    skip_sw: true,
                    ..
                })),
            )
            | (
                _,
                Some(TcFilterKind::Flower(Flower {
                    skip_hw: true,
                    skip_sw: true,
                    ..
                })),
            )
            | (
                _,
                Some(TcFilterKind::Bpf(Bpf {
                    skip_hw: true,
                    skip_sw: true,
                    ..
                })),
            ) => Err(Error::invalid(
                what(),
                "skip_hw and skip_sw are mutually exclusive",
            )),
            (_, Some(TcFilterKind::Flower(f)))
                if f.ip_proto.is_some() && !matches!(self.protocol, Some(0x0800 | 0x86dd)) =>
            {
                Err(Error::invalid(what(), "ip_proto needs protocol ip or ipv6"))
            }
            (_, Some(TcFilterKind::Flower(f)))
                if (f.dst_port.is_some() || f.src_port.is_some())
                    && !matches!(f.ip_proto, Some(6 | 17 | 132)) =>
            {
                Err(Error::invalid(what(), "ports need ip_proto tcp, udp or sctp"))
            }
            (Verb::Add | Verb::Replace | Verb::Change | Verb::Delete, _) => Ok(()),
            (other, _) => Err(Error::invalid(
                what(),
                format!(
                    "filters take add, replace, change or del, not {}",
                    other.word()
                ),
            )),
        }
    }

    /// The request in `tc filter` syntax.
    pub fn describe(&self, verb: Verb) -> String {
        let mut s = format!("filter {} dev {}", verb.word(), self.dev);
        match self.parent {
            0 => {}
            TC_H_ROOT => s.push_str(" root"),
            p => {
                let _ = write!(s, " parent {}", handle_text(p));
            }
        }
        if let Some(p) = self.protocol {
            let _ = write!(s, " protocol {}", protocol_text(p));
        }
        if self.prio != 0 {
            let _ = write!(s, " prio {}", self.prio);
        }
        if self.handle != 0 {
            let _ = write!(s, " handle {}", u32_handle_text(self.handle));
        }
        if let Some(c) = self.chain {
            let _ = write!(s, " chain {c}");
        }
        if let Some(TcFilterKind::Matchall(m)) = &self.kind {
            s.push_str(" matchall");
            if let Some(c) = m.classid {
                let _ = write!(s, " classid {}", handle_text(c));
            }
            describe_actions(&mut s, &m.actions);
        }
        if let Some(TcFilterKind::Flower(f)) = &self.kind {
            s.push_str(" flower");
            if let Some(c) = f.classid {
                let _ = write!(s, " classid {}", handle_text(c));
            }
            if let Some(p) = f.ip_proto {
                let _ = write!(s, " ip_proto {p}");
            }
            for (word, prefix) in [("dst_ip", f.dst_ip), ("src_ip", f.src_ip)] {
                if let Some(p) = prefix {
                    let _ = write!(s, " {word} {p}");
                }
            }
            for (word, port) in [("dst_port", f.dst_port), ("src_port", f.src_port)] {
                if let Some(p) = port {
                    let _ = write!(s, " {word} {p}");
                }
            }
            describe_actions(&mut s, &f.actions);
        }
        match &self.kind {
            Some(TcFilterKind::Fw(fw)) => {
                s.push_str(" fw");
                if let Some(m) = fw.mask {
                    let _ = write!(s, " mask {m:#x}");
                }
                if let Some(c) = fw.classid {
                    let _ = write!(s, " classid {}", handle_text(c));
                }
                if let Some(d) = &fw.indev {
                    let _ = write!(s, " indev {d}");
                }
                describe_actions(&mut s, &fw.actions);
            }
            Some(TcFilterKind::Basic(b)) => {
                s.push_str(" basic");
                if let Some(c) = b.classid {
                    let _ = write!(s, " classid {}", handle_text(c));
                }
                describe_actions(&mut s, &b.actions);
            }
            Some(TcFilterKind::Bpf(b)) => {
                match &b.program {
                    BpfProgram::Classic(ops) => {
                        let _ = write!(s, " bpf bytecode ({} instructions)", ops.len());
                    }
                    BpfProgram::Fd { name, .. } => {
                        let _ = write!(s, " bpf {name}");
                    }
                }
                if let Some(c) = b.classid {
                    let _ = write!(s, " classid {}", handle_text(c));
                }
                if b.direct_action {
                    s.push_str(" direct-action");
                }
                describe_actions(&mut s, &b.actions);
            }
            _ => {}
        }
        if let Some(TcFilterKind::U32(u)) = &self.kind {
            s.push_str(" u32");
            for k in &u.keys {
                let _ = write!(s, " match u32 0x{:08x} 0x{:08x} at {}", k.val, k.mask, k.off);
            }
            if let Some(c) = u.classid {
                let _ = write!(s, " flowid {}", handle_text(c));
            }
            describe_actions(&mut s, &u.actions);
        }
        s
    }
}

/// Actions in tc's words, appended to `s`.
fn describe_actions(s: &mut String, actions: &[TcAction]) {
    for a in actions {
        match a {
            TcAction::Gact(v) => {
                let _ = write!(s, " action {}", v.word());
            }
            TcAction::Mirred {
                ingress,
                mirror,
                dev,
            } => {
                let side = if *ingress { "ingress" } else { "egress" };
                let how = if *mirror { "mirror" } else { "redirect" };
                let _ = write!(s, " action mirred {side} {how} dev {dev}");
            }
            TcAction::Police(p) => {
                let _ = write!(
                    s,
                    " action police rate {} burst {} {}",
                    crate::common::kinds::class::rate::rate_text(p.rate),
                    p.burst,
                    p.exceed.word()
                );
            }
            TcAction::Skbedit(e) => {
                s.push_str(" action skbedit");
                if let Some(q) = e.queue_mapping {
                    let _ = write!(s, " queue_mapping {q}");
                }
                if let Some(p) = e.priority {
                    let _ = write!(s, " priority {}", handle_text(p));
                }
                match (e.mark, e.mask) {
                    (Some(m), Some(k)) => {
                        let _ = write!(s, " mark {m}/{k:#x}");
                    }
                    (Some(m), None) => {
                        let _ = write!(s, " mark {m}");
                    }
                    _ => {}
                }
                if let Some((name, _)) = PACKET_TYPES.iter().find(|(_, n)| Some(*n) == e.ptype) {
                    let _ = write!(s, " ptype {name}");
                }
                if e.inherit_dsfield {
                    s.push_str(" inheritdsfield");
                }
                let _ = write!(s, " {}", e.control.word());
            }
            TcAction::Vlan(v) => {
                let _ = write!(s, " action vlan {}", v.op.word());
                match &v.op {
                    VlanOp::Push(t) | VlanOp::Modify(t) => {
                        let _ = write!(s, " id {}", t.id);
                        if let Some(p) = t.protocol {
                            let _ = write!(s, " protocol {}", protocol_text(p));
                        }
                        if let Some(p) = t.priority {
                            let _ = write!(s, " priority {p}");
                        }
                    }
                    VlanOp::PushEth { dst, src } => {
                        let _ = write!(s, " dst_mac {dst} src_mac {src}");
                    }
                    VlanOp::Pop | VlanOp::PopEth => {}
                }
                let _ = write!(s, " {}", v.control.word());
            }
            TcAction::Pedit(p) => {
                s.push_str(" action pedit");
                for k in &p.keys {
                    let _ = write!(
                        s,
                        " munge offset {} u32 set {:#010x} retain {:#010x}",
                        k.off, k.val, !k.mask
                    );
                }
                let _ = write!(s, " {}", p.control.word());
            }
        }
    }
}

impl ChangeSpec for TcFilterSpec {
    fn kind(&self) -> ObjectKind {
        ObjectKind::TcFilter
    }

    fn describe(&self, verb: Verb) -> String {
        TcFilterSpec::describe(self, verb)
    }

    fn validate(&self, verb: Verb) -> Result<()> {
        TcFilterSpec::validate(self, verb)
    }

    fn netlink(
        &self,
        verb: Verb,
        res: &mut dyn crate::linux::change::Resolver,
    ) -> Result<crate::linux::request::Request> {
        super::netlink::filter_request(verb, self, res)
    }

    /// The filter by device, parent, priority, protocol and handle.
    fn delete_of(m: &Message) -> Option<TcFilterSpec> {
        let Body::Tc(h) = &m.body else { return None };
        Some(TcFilterSpec {
            dev: Interface::Index(h.index),
            parent: h.parent,
            protocol: Some(u16::from_be(h.info as u16)),
            prio: (h.info >> 16) as u16,
            handle: h.handle,
            chain: m
                .get(&crate::common::attrs::TCA_CHAIN)
                .and_then(|v| v.as_u32()),
            kind: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_pack_as_f_u32_packs_them() {
        let u = U32::new()
            .ip_dst("10.0.0.0/8".parse().unwrap())
            .unwrap()
            .ip_dport(80, 0xffff)
            .unwrap()
            .ip_sport(53, 0xffff)
            .unwrap()
            .ip_protocol(17, 0xff)
            .unwrap();
        let words: Vec<(u32, u32, i32)> = u.keys.iter().map(|k| (k.val, k.mask, k.off)).collect();
        // sport and dport share the word at 20; the protocol is byte 9.
        assert_eq!(
            words,
            [
                (0x0a00_0000, 0xff00_0000, 16),
                (0x0035_0050, 0xffff_ffff, 20),
                (0x0011_0000, 0x00ff_0000, 8)
            ]
        );
        let e = U32::new()
            .ip_dport(80, 0xffff)
            .unwrap()
            .ip_dport(81, 0xffff)
            .unwrap_err()
            .to_string();
        assert!(e.contains("contradicts"), "{e}");
        assert!(U32::new().match_word(1, 1, 2).is_err());
        assert!(U32::new().ip_src("2001:db8::/32".parse().unwrap()).is_err());
    }

    #[test]
    fn handles_and_protocols_read_and_print_as_tc_does() {
        assert_eq!(parse_u32_handle("800::800"), Some(0x8000_0800));
        assert_eq!(parse_u32_handle("800:"), Some(0x8000_0000));
        assert_eq!(parse_u32_handle("1:2:3"), Some(0x0010_2003));
        assert_eq!(u32_handle_text(0x8000_0800), "800::800");
        assert_eq!(u32_handle_text(0x8000_0000), "800:");
        assert_eq!(u32_handle_text(0x0010_2003), "1:2:3");
        assert_eq!(parse_protocol("ip"), Some(0x0800));
        assert_eq!(parse_protocol("0x86dd"), Some(0x86dd));
        assert_eq!(protocol_text(0x86dd), "ipv6");
        let f = TcFilterSpec::new("eth0", 0x1_0000).protocol(0x0800).prio(3);
        assert_eq!(f.info(Verb::Add).to_ne_bytes()[..2], 0x0800u16.to_be_bytes());
        assert_eq!(f.info(Verb::Add) >> 16, 3);
        assert_eq!(
            TcFilterSpec::new("eth0", 1).info(Verb::Add) & 0xffff,
            u32::from(ETH_P_ALL.to_be())
        );
    }
}
