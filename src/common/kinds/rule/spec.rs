//! Rule changes (`ip rule add/del`): [`RuleSpec`].

use std::fmt::Write as _;

use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::{Error, Result};
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// A policy-routing rule (`ip rule add/del`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleSpec {
    /// AF_INET when unset and no prefix says otherwise.
    pub family: Option<u8>,
    /// The rule's priority, lower first (`priority`, FRA_PRIORITY); None lets the kernel choose.
    pub priority: Option<u32>,
    /// The table to look up (`table`, FRA_TABLE); None is main for a `lookup` rule being added.
    pub table: Option<u32>,
    /// The source prefix to match (`from`, FRA_SRC); None is any.
    pub src: Option<IpNet>,
    /// The destination prefix to match (`to`, FRA_DST); None is any.
    pub dst: Option<IpNet>,
    /// The incoming interface name to match (`iif`, FRA_IIFNAME).
    pub iif: Option<String>,
    /// The outgoing interface name to match (`oif`, FRA_OIFNAME).
    pub oif: Option<String>,
    /// The firewall mark to match (`fwmark`, FRA_FWMARK).
    pub fwmark: Option<u32>,
    /// The mask for `fwmark` (`fwmark MARK/MASK`, FRA_FWMASK).
    pub fwmask: Option<u32>,
    /// The TOS to match (`tos`); 0 is any.
    pub tos: u8,
    /// FR_ACT_*; `lookup` (FR_ACT_TO_TBL) when unset on add.
    pub action: Option<u8>,
    /// `not`: the rule matches what the selectors do not.
    pub invert: bool,
    /// The senders' user ids, first to last (`uidrange A-B`, FRA_UID_RANGE).
    pub uid_range: Option<(u32, u32)>,
    /// The IP protocol (`ipproto tcp|udp|N`, FRA_IP_PROTO).
    pub ip_proto: Option<u8>,
    /// Source ports, first to last (`sport N|A-B`, FRA_SPORT_RANGE).
    pub sport: Option<(u16, u16)>,
    /// Destination ports, first to last (`dport N|A-B`, FRA_DPORT_RANGE).
    pub dport: Option<(u16, u16)>,
    /// Reject lookups whose answer has a prefix this long or shorter
    /// (`suppress_prefixlength N`, FRA_SUPPRESS_PREFIXLEN).
    pub suppress_prefixlength: Option<u32>,
    /// Reject lookups whose answer leaves by a device of this group
    /// (`suppress_ifgroup N`, FRA_SUPPRESS_IFGROUP).
    pub suppress_ifgroup: Option<u32>,
    /// Look up the table of the packet's L3 master device, a VRF (`l3mdev`, FRA_L3MDEV).
    pub l3mdev: bool,
    /// Jump to the rule with this priority (`goto N`: FR_ACT_GOTO and FRA_GOTO).
    pub goto: Option<u32>,
    /// Who added the rule (`protocol P`, FRA_PROTOCOL).
    pub protocol: Option<u8>,
}

impl RuleSpec {
    /// A rule with nothing set, which matches all packets (`from all`).
    pub fn new() -> RuleSpec {
        RuleSpec::default()
    }

    /// Sets the priority (`priority`).
    pub fn priority(mut self, p: u32) -> RuleSpec {
        self.priority = Some(p);
        self
    }

    /// Sets the table to look up (`table`).
    pub fn table(mut self, t: u32) -> RuleSpec {
        self.table = Some(t);
        self
    }

    /// Sets the source prefix to match (`from`).
    pub fn from(mut self, src: IpNet) -> RuleSpec {
        self.src = Some(src);
        self
    }

    /// Sets the destination prefix to match (`to`).
    pub fn to(mut self, dst: IpNet) -> RuleSpec {
        self.dst = Some(dst);
        self
    }

    /// Sets the incoming interface to match (`iif`).
    pub fn iif(mut self, dev: impl Into<String>) -> RuleSpec {
        self.iif = Some(dev.into());
        self
    }

    /// Sets the outgoing interface to match (`oif`).
    pub fn oif(mut self, dev: impl Into<String>) -> RuleSpec {
        self.oif = Some(dev.into());
        self
    }

    /// Sets the firewall mark and its optional mask (`fwmark MARK[/MASK]`).
    pub fn fwmark(mut self, mark: u32, mask: Option<u32>) -> RuleSpec {
        self.fwmark = Some(mark);
        self.fwmask = mask;
        self
    }

    /// Sets the FR_ACT_* action (`lookup`, `blackhole`, `unreachable`, `prohibit`, ...).
    pub fn action(mut self, action: u8) -> RuleSpec {
        self.action = Some(action);
        self
    }

    /// A rule as a dump reports it, for deleting it (flush).
    pub fn from_message(m: &Message) -> Option<RuleSpec> {
        let Body::Rule(h) = &m.body else {
            return None;
        };
        let u32_attr = |k: &Key| m.get(k).and_then(Value::as_u32);
        let str_attr = |k: &Key| m.get(k).and_then(Value::as_str).map(str::to_owned);
        let net = |k: &Key, len| {
            m.get(k)
                .and_then(Value::as_ip)
                .map(|addr| IpNet { addr, len })
        };
        Some(RuleSpec {
            family: Some(h.family),
            priority: u32_attr(&FRA_PRIORITY),
            table: crate::common::views::route_table(m).filter(|t| *t != 0),
            src: net(&FRA_SRC, h.src_len),
            dst: net(&FRA_DST, h.dst_len),
            iif: str_attr(&FRA_IIFNAME),
            oif: str_attr(&FRA_OIFNAME),
            fwmark: u32_attr(&FRA_FWMARK),
            fwmask: u32_attr(&FRA_FWMASK),
            tos: h.tos,
            action: Some(h.action),
            invert: h.flags & 2 != 0,
            uid_range: range_of(m.get(&FRA_UID_RANGE)),
            ip_proto: u32_attr(&FRA_IP_PROTO).map(|p| p as u8),
            sport: range_of(m.get(&FRA_SPORT_RANGE)).map(|(a, b)| (a as u16, b as u16)),
            dport: range_of(m.get(&FRA_DPORT_RANGE)).map(|(a, b)| (a as u16, b as u16)),
            suppress_prefixlength: u32_attr(&FRA_SUPPRESS_PREFIXLEN).filter(|v| *v != u32::MAX),
            suppress_ifgroup: u32_attr(&FRA_SUPPRESS_IFGROUP).filter(|v| *v != u32::MAX),
            l3mdev: u32_attr(&FRA_L3MDEV).is_some_and(|v| v != 0),
            goto: u32_attr(&FRA_GOTO),
            protocol: u32_attr(&FRA_PROTOCOL).map(|p| p as u8),
        })
    }

    /// Sets the senders' user id range (`uidrange A-B`).
    pub fn uid_range(mut self, first: u32, last: u32) -> RuleSpec {
        self.uid_range = Some((first, last));
        self
    }

    /// Sets the IP protocol (`ipproto`).
    pub fn ip_proto(mut self, proto: u8) -> RuleSpec {
        self.ip_proto = Some(proto);
        self
    }

    /// Sets the source port range (`sport`).
    pub fn sport(mut self, first: u16, last: u16) -> RuleSpec {
        self.sport = Some((first, last));
        self
    }

    /// Sets the destination port range (`dport`).
    pub fn dport(mut self, first: u16, last: u16) -> RuleSpec {
        self.dport = Some((first, last));
        self
    }

    /// Jumps to the rule with priority `target` (`goto`).
    pub fn goto(mut self, target: u32) -> RuleSpec {
        self.goto = Some(target);
        self.action = Some(FR_ACT_GOTO);
        self
    }

    /// The family: from `from` or `to`, else `family`, else AF_INET.
    pub fn resolved_family(&self) -> u8 {
        self.src
            .or(self.dst)
            .map(|p| p.family())
            .or(self.family)
            .unwrap_or(AF_INET)
    }

    /// Rejects what the kernel would reject with an unclear answer, or a verb rules do not take.
    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        for name in self.iif.iter().chain(self.oif.iter()) {
            check_ifname(name).map_err(|e| rename_error(e, what()))?;
        }
        if !matches!(verb, Verb::Add | Verb::Delete) {
            return Err(Error::invalid(what(), "rules take add or del"));
        }
        if let (Some(s), Some(d)) = (self.src, self.dst)
            && s.family() != d.family()
        {
            return Err(Error::invalid(what(), "from and to families differ"));
        }
        if self.fwmask.is_some() && self.fwmark.is_none() {
            return Err(Error::invalid(what(), "a mask needs a fwmark"));
        }
        Ok(())
    }

    /// The request in `ip rule` syntax.
    pub fn describe(&self, verb: Verb) -> String {
        let mut s = format!("rule {}", verb.word());
        if self.invert {
            s.push_str(" not");
        }
        if let Some(p) = self.src {
            let _ = write!(s, " from {p}");
        }
        if let Some(p) = self.dst {
            let _ = write!(s, " to {p}");
        }
        if self.tos != 0 {
            let _ = write!(s, " tos 0x{:x}", self.tos);
        }
        if let Some(m) = self.fwmark {
            let _ = write!(s, " fwmark 0x{m:x}");
            if let Some(k) = self.fwmask {
                let _ = write!(s, "/0x{k:x}");
            }
        }
        if let Some(i) = &self.iif {
            let _ = write!(s, " iif {i}");
        }
        if let Some(o) = &self.oif {
            let _ = write!(s, " oif {o}");
        }
        if let Some(p) = self.priority {
            let _ = write!(s, " priority {p}");
        }
        if let Some(t) = self.table {
            let _ = write!(s, " table {t}");
        }
        if let Some((a, b)) = self.uid_range {
            let _ = write!(s, " uidrange {a}-{b}");
        }
        if let Some(p) = self.ip_proto {
            let _ = write!(s, " ipproto {p}");
        }
        for (word, range) in [("sport", self.sport), ("dport", self.dport)] {
            match range {
                Some((a, b)) if a == b => {
                    let _ = write!(s, " {word} {a}");
                }
                Some((a, b)) => {
                    let _ = write!(s, " {word} {a}-{b}");
                }
                None => {}
            }
        }
        if let Some(n) = self.suppress_prefixlength {
            let _ = write!(s, " suppress_prefixlength {n}");
        }
        if let Some(n) = self.suppress_ifgroup {
            let _ = write!(s, " suppress_ifgroup {n}");
        }
        if self.l3mdev {
            s.push_str(" l3mdev");
        }
        if let Some(p) = self.protocol {
            let _ = write!(s, " protocol {p}");
        }
        match (self.goto, self.action) {
            (Some(g), _) => {
                let _ = write!(s, " goto {g}");
            }
            (None, Some(a)) if a != FR_ACT_TO_TBL => {
                let _ = write!(s, " {}", rule_action_name(a));
            }
            _ => {}
        }
        s
    }
}

/// A `{start, end}` struct attribute (FRA_UID_RANGE, FRA_*PORT_RANGE).
fn range_of(v: Option<&Value>) -> Option<(u32, u32)> {
    let v = v?;
    Some((v.field("start")?.as_u32()?, v.field("end")?.as_u32()?))
}

impl crate::common::kinds::ChangeSpec for RuleSpec {
    fn kind(&self) -> crate::common::api::ObjectKind {
        crate::common::api::ObjectKind::Rule
    }

    fn describe(&self, verb: Verb) -> String {
        RuleSpec::describe(self, verb)
    }

    fn validate(&self, verb: Verb) -> Result<()> {
        RuleSpec::validate(self, verb)
    }

    fn netlink(
        &self,
        verb: Verb,
        _res: &mut dyn crate::linux::change::Resolver,
    ) -> Result<crate::linux::request::Request> {
        super::netlink::rule_request(verb, self)
    }

    fn delete_of(m: &crate::common::message::Message) -> Option<RuleSpec> {
        RuleSpec::from_message(m)
    }
}
