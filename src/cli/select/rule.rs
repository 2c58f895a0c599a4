//! `ip rule` selectors (iproute2 `iprule_list_flush_or_save`, `filter_nlmsg`).

use rtsock::constants::*;
use rtsock::{Error, Message, Value};

use super::table;
use super::{Prefix, Words, abbrev, named_or_all, number, protocol, usage};
use rtsock::views::Rule;

/// `ip rule` selectors.
#[derive(Debug, Default)]
pub struct RuleSelection {
    pub(super) family: u8,
    pub(super) priority: Option<u32>,
    pub(super) not: bool,
    pub(super) tos: Option<u8>,
    pub(super) fwmark: Option<u32>,
    pub(super) fwmask: Option<u32>,
    pub(super) iif: Option<String>,
    pub(super) oif: Option<String>,
    pub(super) l3mdev: bool,
    pub(super) uid_range: Option<(u32, u32)>,
    pub(super) table: Option<u32>,
    pub(super) src: Option<Prefix>,
    pub(super) dst: Option<Prefix>,
    pub(super) protocol: Option<u8>,
    pub(super) ipproto: Option<u8>,
    pub(super) flush: bool,
}

impl RuleSelection {
    pub fn parse(args: &[String], family: Option<u8>, flush: bool) -> Result<RuleSelection, Error> {
        // `ip rule` means IPv4 unless told otherwise.
        let family = family.unwrap_or(AF_INET);
        let mut s = RuleSelection {
            family,
            flush,
            ..RuleSelection::default()
        };
        let mut w = Words::new(args);
        while let Some(word) = w.word() {
            let mut value = |_what: &str| w.value(word);
            if abbrev(word, "preference") || abbrev(word, "order") || abbrev(word, "priority") {
                s.priority = Some(number(value("a preference")?, "preference")?);
            } else if word == "not" {
                s.not = true;
            } else if word == "tos" || word == "dsfield" {
                s.tos = Some(number(value("a tos")?, "tos")?);
            } else if word == "fwmark" {
                let text = value("a mark")?;
                let (mark, mask) = match text.split_once('/') {
                    Some((m, k)) => (m, Some(k)),
                    None => (text, None),
                };
                s.fwmark = Some(number(mark, "fwmark")?);
                s.fwmask = mask.map(|k| number(k, "fwmask")).transpose()?;
            } else if word == "dev" || word == "iif" {
                s.iif = Some(value("an interface")?.to_string());
            } else if word == "oif" {
                s.oif = Some(value("an interface")?.to_string());
            } else if word == "l3mdev" {
                s.l3mdev = true;
            } else if word == "uidrange" {
                let text = value("a range")?;
                let range = text
                    .split_once('-')
                    .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
                    .ok_or_else(|| usage(format!("invalid UID range {text:?}")))?;
                s.uid_range = Some(range);
            } else if abbrev(word, "lookup") || abbrev(word, "table") {
                s.table = Some(table(value("a table")?)?);
            } else if abbrev(word, "from") || abbrev(word, "src") {
                s.src = Some(Prefix::parse(value("a prefix")?, Some(family))?);
            } else if abbrev(word, "protocol") {
                s.protocol = named_or_all(value("a protocol")?, "protocol", protocol)?;
            } else if word == "ipproto" {
                let text = value("a protocol")?;
                s.ipproto = Some(match text {
                    "tcp" => 6,
                    "udp" => 17,
                    "icmp" => 1,
                    "ipv6-icmp" | "icmpv6" => 58,
                    _ => number(text, "ipproto")?,
                });
            } else if matches!(word, "sport" | "dport" | "dscp" | "flowlabel")
                || abbrev(word, "tun_id")
            {
                return Err(Error::Unsupported(format!("rule selector \"{word}\"")));
            } else {
                let text = if abbrev(word, "dst") || abbrev(word, "to") {
                    value("a prefix")?
                } else {
                    word
                };
                s.dst = Some(Prefix::parse(text, Some(family))?);
            }
        }
        Ok(s)
    }

    pub(super) fn accepts(&self, m: &Message, r: &Rule) -> bool {
        if r.family != self.family {
            return false;
        }
        // A flush leaves the rule with no priority attribute (pref 0, local).
        if self.flush && m.get_attr("FRA_PRIORITY").is_none() {
            return false;
        }
        if self.priority.is_some_and(|p| p != r.priority) || (self.not && r.flags & 2 == 0) {
            return false;
        }
        for (p, addr, len) in [(self.src, r.src, r.src_len), (self.dst, r.dst, r.dst_len)] {
            if let Some(p) = p.filter(|p| p.family != AF_UNSPEC)
                && (p.family != r.family || p.bits > len || !p.matches_attr(addr))
            {
                return false;
            }
        }
        if self.tos.is_some_and(|t| t != r.tos) {
            return false;
        }
        if self
            .fwmark
            .is_some_and(|f| f != 0 && Some(f) != r.fwmark.or(Some(0)))
        {
            return false;
        }
        if self
            .fwmask
            .is_some_and(|k| k != 0 && Some(k) != r.fwmask.or(Some(0)))
        {
            return false;
        }
        if self
            .iif
            .as_ref()
            .is_some_and(|i| r.iifname.as_ref() != Some(i))
            || self
                .oif
                .as_ref()
                .is_some_and(|o| r.oifname.as_ref() != Some(o))
        {
            return false;
        }
        let u8_attr = |name| m.get_attr(name).and_then(Value::as_u64).unwrap_or(0);
        if self.l3mdev && u8_attr("FRA_L3MDEV") == 0 {
            return false;
        }
        if let Some((start, end)) = self.uid_range {
            let range = m.get_attr("FRA_UID_RANGE");
            let field = |f| range.and_then(|v| v.field(f)).and_then(Value::as_u64);
            if field("start") != Some(start.into()) || field("end") != Some(end.into()) {
                return false;
            }
        }
        if self
            .ipproto
            .is_some_and(|p| u64::from(p) != u8_attr("FRA_IP_PROTO"))
        {
            return false;
        }
        if let Some(p) = self.protocol
            && m.get_attr("FRA_PROTOCOL").is_some()
            && u64::from(p) != u8_attr("FRA_PROTOCOL")
        {
            return false;
        }
        self.table.is_none_or(|t| t == 0 || t == r.table)
    }
}
