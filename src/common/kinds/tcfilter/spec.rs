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

/// What a gact action does with a packet (TC_ACT_*, in tc's words).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// `continue`: on to the next filter (TC_ACT_UNSPEC).
    Continue,
    /// `pass` or `ok`: accept it (TC_ACT_OK).
    Pass,
    /// `reclassify`: classify it again (TC_ACT_RECLASSIFY).
    Reclassify,
    /// `drop` or `shot`: drop it (TC_ACT_SHOT).
    Drop,
    /// `pipe`: on to the next action (TC_ACT_PIPE).
    Pipe,
    /// `trap`: hand it to the CPU, out of hardware (TC_ACT_TRAP).
    Trap,
}

impl Verdict {
    /// The kernel's TC_ACT_* number.
    pub fn number(self) -> i32 {
        match self {
            Verdict::Continue => -1,
            Verdict::Pass => 0,
            Verdict::Reclassify => 1,
            Verdict::Drop => 2,
            Verdict::Pipe => 3,
            Verdict::Trap => 8,
        }
    }

    /// The verdict `tc` means by a word (action_a2n).
    pub fn parse(word: &str) -> Option<Verdict> {
        Some(match word {
            "continue" => Verdict::Continue,
            "pass" | "ok" => Verdict::Pass,
            "reclassify" => Verdict::Reclassify,
            "drop" | "shot" => Verdict::Drop,
            "pipe" => Verdict::Pipe,
            "trap" => Verdict::Trap,
            _ => return None,
        })
    }
}

/// An action a filter runs on the packets it matches.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TcAction {
    /// A verdict (`action drop`, `action pass`; the gact action).
    Gact(Verdict),
    /// Mirror or redirect to a device (`action mirred egress redirect dev
    /// DEV`; `ingress` to its receive side, `mirror` for a copy).
    Mirred {
        /// To the device's receive side rather than its transmit side.
        ingress: bool,
        /// A copy (then on to the next action) rather than the packet.
        mirror: bool,
        /// The device.
        dev: Interface,
    },
    /// A policer (`action police rate R burst B ...`).
    Police(Police),
}

impl TcAction {
    /// The TCA_ACT_KIND word.
    pub fn name(&self) -> &'static str {
        match self {
            TcAction::Gact(_) => "gact",
            TcAction::Mirred { .. } => "mirred",
            TcAction::Police(_) => "police",
        }
    }
}

/// A policer: packets beyond `rate` (with `burst` of credit) get the
/// `exceed` verdict, the others `conform`'s (`action police rate R burst
/// B [mtu M] [peakrate P] [avrate A] [conform-exceed C/E | E]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Police {
    /// The rate in bytes per second (`rate`).
    pub rate: u64,
    /// The bucket in bytes (`burst`).
    pub burst: u64,
    /// The largest packet (`mtu`; needed with `peakrate`), 0 for none.
    pub mtu: u32,
    /// A second bucket's rate in bytes per second (`peakrate`).
    pub peakrate: Option<u64>,
    /// An average-rate limit in bytes per second instead (`avrate`).
    pub avrate: Option<u32>,
    /// The smallest size a packet is counted as (`mpu`).
    pub mpu: u16,
    /// Bytes added to every packet's size (`overhead`).
    pub overhead: u16,
    /// The verdict for packets over the rate (reclassify by default).
    pub exceed: Verdict,
    /// The verdict for the others (`conform-exceed C/E`), when given.
    pub conform: Option<Verdict>,
}

impl Police {
    /// Police to `rate` bytes per second with a `burst`-byte bucket,
    /// dropping what exceeds it.
    pub fn drop_over(rate: u64, burst: u64) -> Police {
        Police {
            rate,
            burst,
            mtu: 0,
            peakrate: None,
            avrate: None,
            mpu: 0,
            overhead: 0,
            exceed: Verdict::Drop,
            conform: None,
        }
    }
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
}

impl TcFilterKind {
    /// The TCA_KIND word.
    pub fn name(&self) -> &'static str {
        match self {
            TcFilterKind::U32(_) => "u32",
            TcFilterKind::Matchall(_) => "matchall",
            TcFilterKind::Flower(_) => "flower",
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
                let _ = write!(s, " action {}", format!("{v:?}").to_lowercase());
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
                    format!("{:?}", p.exceed).to_lowercase()
                );
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
