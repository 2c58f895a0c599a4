//! `ip address` selectors (iproute2 `ipaddr_list_flush_or_save`, `print_addrinfo`).

use rtsock::constants::*;
use rtsock::{Error, Message, Value};

use super::super::format::Names;
use super::scope;
use super::{Prefix, Words, index_of, named_or_all, number, usage};
use rtsock::attrs::*;
use rtsock::views::{Address, Link};

/// `ip address` selectors.
#[derive(Debug, Default)]
pub struct AddressSelection {
    pub(super) family: Option<u8>,
    pub(super) index: Option<u32>,
    pub(super) scope: Option<u8>,
    pub(super) flags: u32,
    pub(super) flags_mask: u32,
    pub(super) label: Option<String>,
    pub(super) to: Option<Prefix>,
    pub(super) protocol: Option<u8>,
    /// Interface names, for labels: an address without one is matched by
    /// its link's name (iproute2's `ifa_label_match_rta`).
    pub(super) names: Names,
    /// Which links to list (`show` only): `up`, `down`, `master`,
    /// `nomaster`, `type`, `group`.
    pub links: LinkSelection,
}

/// The link selectors of `ip link show` / `ip addr show` (iproute2
/// `print_linkinfo`, `group_filter`).
#[derive(Debug, Default)]
pub struct LinkSelection {
    pub up: bool,
    pub down: bool,
    /// `Some(None)`: `nomaster`.
    pub master: Option<Option<u32>>,
    pub kind: Option<String>,
    pub slave_kind: Option<String>,
    pub group: Option<u32>,
}

/// iproute2's address flag words (`ifa_flag_data`).
const ADDRESS_FLAGS: &[(&str, u32)] = &[
    ("secondary", IFA_F_SECONDARY),
    ("temporary", IFA_F_SECONDARY),
    ("nodad", IFA_F_NODAD),
    ("optimistic", IFA_F_OPTIMISTIC),
    ("dadfailed", IFA_F_DADFAILED),
    ("home", IFA_F_HOMEADDRESS),
    ("deprecated", IFA_F_DEPRECATED),
    ("tentative", IFA_F_TENTATIVE),
    ("permanent", IFA_F_PERMANENT),
    ("mngtmpaddr", IFA_F_MANAGETEMPADDR),
    ("noprefixroute", IFA_F_NOPREFIXROUTE),
    ("autojoin", 0x400),
    ("stable-privacy", 0x800),
];

impl AddressSelection {
    /// The words after `ip addr flush` (`flush`) or `ip addr|link show`.
    pub fn parse(
        args: &[String],
        family: Option<u8>,
        names: &Names,
        flush: bool,
    ) -> Result<AddressSelection, Error> {
        let mut s = AddressSelection {
            family,
            ..AddressSelection::default()
        };
        let mut dev = None;
        let mut w = Words::new(args);
        while let Some(word) = w.word() {
            let mut value = |_what: &str| w.value(word);
            if let Some((set, mask)) = address_flag(word) {
                s.flags = (s.flags & !mask) | set;
                s.flags_mask |= mask;
                continue;
            }
            match word {
                "to" => {
                    let p = Prefix::parse(value("a prefix")?, s.family)?;
                    if s.family.is_none() && p.family != AF_UNSPEC {
                        s.family = Some(p.family);
                    }
                    s.to = Some(p);
                }
                "scope" => s.scope = named_or_all(value("a scope")?, "scope", scope)?,
                // Link-state words select links to list; a flush never reads them.
                "up" => s.links.up = true,
                "down" => s.links.down = true,
                "label" => s.label = Some(value("a label")?.to_string()),
                "proto" => s.protocol = Some(number(value("a protocol")?, "proto")?),
                "group" | "master" | "vrf" | "nomaster" | "type" if flush => {
                    return Err(usage(format!(
                        "{word}: selects links to list, not addresses to flush"
                    )));
                }
                "master" => {
                    let m = value("a device")?;
                    let index = index_of(names, m)
                        .map_err(|_| usage(format!("Device does not exist: {m:?}")))?;
                    s.links.master = Some(Some(index));
                }
                "nomaster" => s.links.master = Some(None),
                "vrf" => return Err(Error::Unsupported("vrf selectors".into())),
                "type" => {
                    let t = value("a link type")?;
                    match t.strip_suffix("_slave") {
                        Some(k) => s.links.slave_kind = Some(k.to_owned()),
                        None => s.links.kind = Some(t.to_owned()),
                    }
                }
                "group" => {
                    let g = value("a group")?;
                    s.links.group = Some(if g == "default" {
                        0
                    } else {
                        number(g, "group")?
                    });
                }
                "dev" => dev = Some(value("an interface")?),
                name => {
                    if dev.is_some() {
                        return Err(usage(format!(
                            "either \"dev\" is duplicate, or \"{name}\" is garbage"
                        )));
                    }
                    dev = Some(name);
                }
            }
        }
        if let Some(d) = dev {
            s.index = Some(
                index_of(names, d).map_err(|_| usage(format!("Device \"{d}\" does not exist.")))?,
            );
        }
        if s.label.is_some() {
            s.names = names.clone();
        }
        Ok(s)
    }

    /// Whether `ip link|addr show` lists the link `m` (before its
    /// addresses are looked at).
    pub fn accepts_link(&self, m: &Message, l: &Link) -> bool {
        let s = &self.links;
        if self.index.is_some_and(|i| i != l.index) || (s.up && !l.is_up()) || (s.down && l.is_up())
        {
            return false;
        }
        match s.master {
            Some(Some(want)) if l.master != Some(want) => return false,
            Some(None) if l.master.is_some() => return false,
            _ => {}
        }
        let info = |key: &Key| {
            m.get(&IFLA_LINKINFO)
                .and_then(Value::as_nested)
                .and_then(|i| i.iter().find(|a| a.is(key)))
                .and_then(|a| a.value.as_str().map(str::to_owned))
        };
        if s.kind
            .as_ref()
            .is_some_and(|k| info(&IFLA_INFO_KIND).as_ref() != Some(k))
            || s.slave_kind
                .as_ref()
                .is_some_and(|k| info(&IFLA_INFO_SLAVE_KIND).as_ref() != Some(k))
        {
            return false;
        }
        if s.group
            .is_some_and(|g| m.get(&IFLA_GROUP).and_then(Value::as_u32).unwrap_or(0) != g)
        {
            return false;
        }
        // `ip link show label PATTERN` matches the interface name.
        if self.family.is_none_or(|f| f == AF_PACKET)
            && let Some(pattern) = &self.label
            && !glob(pattern, &l.name)
        {
            return false;
        }
        true
    }

    pub(super) fn accepts(&self, m: &Message, a: &Address) -> bool {
        if self.index.is_some_and(|i| i != a.index) || self.family.is_some_and(|f| f != a.family) {
            return false;
        }
        if self.scope.is_some_and(|s| a.scope != s) || (self.flags ^ a.flags) & self.flags_mask != 0
        {
            return false;
        }
        if self.protocol.is_some_and(|p| {
            m.get_attr("IFA_PROTO")
                .and_then(Value::as_u64)
                .is_some_and(|got| got != u64::from(p))
        }) {
            return false;
        }
        if let Some(pattern) = &self.label {
            let label = a.label.as_ref().or_else(|| self.names.get(&a.index));
            if !label.is_some_and(|l| glob(pattern, l)) {
                return false;
            }
        }
        self.to
            .is_none_or(|p| p.matches_attr(a.local.or(a.address)))
    }
}

/// `secondary`, `-secondary`, `primary`, `dynamic`, ...: (bits to set, mask).
fn address_flag(word: &str) -> Option<(u32, u32)> {
    let (mut inverted, mut name) = match word.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, word),
    };
    match name {
        "dynamic" => (inverted, name) = (!inverted, "permanent"),
        "primary" => (inverted, name) = (!inverted, "secondary"),
        _ => {}
    }
    let (_, mask) = ADDRESS_FLAGS.iter().find(|(n, _)| *n == name)?;
    Some((if inverted { 0 } else { *mask }, *mask))
}

/// fnmatch(3) without flags: `*`, `?` and `[...]` classes.
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    fn class(p: &[char], c: char) -> Option<(bool, usize)> {
        // Returns (matched, length of the class in `p`), or None if unterminated.
        let mut i = 1;
        let negate = matches!(p.get(i), Some('!') | Some('^'));
        if negate {
            i += 1;
        }
        let mut hit = false;
        let start = i;
        while i < p.len() && (p[i] != ']' || i == start) {
            if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
                hit |= p[i] <= c && c <= p[i + 2];
                i += 3;
            } else {
                hit |= p[i] == c;
                i += 1;
            }
        }
        (i < p.len()).then_some((hit != negate, i + 1))
    }
    fn go(p: &[char], t: &[char]) -> bool {
        match p.first() {
            None => t.is_empty(),
            Some('*') => (0..=t.len()).any(|k| go(&p[1..], &t[k..])),
            Some('?') => !t.is_empty() && go(&p[1..], &t[1..]),
            Some('[') if !t.is_empty() => match class(p, t[0]) {
                Some((true, len)) => go(&p[len..], &t[1..]),
                Some((false, _)) => false,
                None => t[0] == '[' && go(&p[1..], &t[1..]),
            },
            Some('\\') if p.len() > 1 => t.first() == Some(&p[1]) && go(&p[2..], &t[1..]),
            Some(c) => t.first() == Some(c) && go(&p[1..], &t[1..]),
        }
    }
    go(&p, &t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_flag_words_set_and_clear() {
        assert_eq!(
            address_flag("secondary"),
            Some((IFA_F_SECONDARY, IFA_F_SECONDARY))
        );
        assert_eq!(address_flag("primary"), Some((0, IFA_F_SECONDARY)));
        assert_eq!(address_flag("dynamic"), Some((0, IFA_F_PERMANENT)));
        assert_eq!(
            address_flag("-dynamic"),
            Some((IFA_F_PERMANENT, IFA_F_PERMANENT))
        );
        assert_eq!(address_flag("bogus"), None);
    }

    #[test]
    fn glob_matches_like_fnmatch() {
        assert!(glob("br0:*", "br0:one"));
        assert!(!glob("br0:*", "br1:one"));
        assert!(glob("eth?", "eth0"));
        assert!(glob("eth[0-3]", "eth2"));
        assert!(!glob("eth[!0-3]", "eth2"));
        assert!(glob("exact", "exact"));
        assert!(!glob("exact", "exactly"));
    }
}
