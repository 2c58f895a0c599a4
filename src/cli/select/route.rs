//! `ip route` selectors (iproute2 `iproute_list_flush_or_save`, `filter_nlmsg`).

use rtsock::Error;
use rtsock::constants::*;

use super::super::format::{Names, Pinned};
use super::{Prefix, Words, abbrev, index_of, named_or_all, number, protocol, usage};
use super::{route_type, scope, table};
use rtsock::views::Route;
use std::net::IpAddr;

/// `ip route` selectors.
#[derive(Debug, Default)]
pub struct RouteSelection {
    pub(super) family: Option<u8>,
    /// `None`: every table (`table all`).
    pub(super) table: Option<u32>,
    pub(super) protocol: Option<u8>,
    pub(super) scope: Option<u8>,
    pub(super) kind: Option<u8>,
    pub(super) tos: Option<u8>,
    pub(super) oif: Option<u32>,
    pub(super) iif: Option<u32>,
    pub(super) mark: Option<u32>,
    pub(super) metric: Option<u32>,
    pub(super) dst_root: Option<Prefix>,
    pub(super) dst_match: Option<Prefix>,
    pub(super) src_root: Option<Prefix>,
    pub(super) src_match: Option<Prefix>,
    pub(super) via: Option<Prefix>,
    pub(super) prefsrc: Option<Prefix>,
    pub(super) flush: bool,
}

impl RouteSelection {
    pub fn parse(
        args: &[String],
        family: Option<u8>,
        flush: bool,
        names: &Names,
    ) -> Result<RouteSelection, Error> {
        let mut s = RouteSelection {
            family,
            table: Some(RT_TABLE_MAIN),
            flush,
            ..RouteSelection::default()
        };
        let mut w = Words::new(args);
        let mut dev = None;
        let mut iif = None;
        // The order of the tests follows iproute2's, so abbreviations
        // resolve as they do there ("t" is table, "p" protocol).
        while let Some(word) = w.word() {
            if abbrev(word, "table") {
                let t = w.value(word)?;
                match t {
                    "all" => s.table = None,
                    "cache" => {
                        return Err(Error::Unsupported("the routing cache (table cache)".into()));
                    }
                    _ => s.table = Some(table(t)?),
                }
            } else if abbrev(word, "vrf") {
                return Err(Error::Unsupported("vrf selectors".into()));
            } else if abbrev(word, "cached") || abbrev(word, "cloned") {
                return Err(Error::Unsupported("the routing cache (cloned)".into()));
            } else if word == "tos" || abbrev(word, "dsfield") {
                s.tos = Some(number(w.value(word)?, "tos")?);
            } else if abbrev(word, "protocol") {
                s.protocol = named_or_all(w.value(word)?, "protocol", protocol)?;
            } else if abbrev(word, "scope") {
                s.scope = named_or_all(w.value(word)?, "scope", scope)?;
            } else if abbrev(word, "type") {
                let t = w.value(word)?;
                s.kind = Some(
                    route_type(t)
                        .ok_or_else(|| usage(format!("node type value is invalid: {t:?}")))?,
                );
            } else if word == "dev" || word == "oif" {
                dev = Some(w.value(word)?);
            } else if word == "iif" {
                iif = Some(w.value(word)?);
            } else if word == "mark" {
                s.mark = Some(number(w.value(word)?, "mark")?);
            } else if abbrev(word, "metric") || abbrev(word, "priority") || word == "preference" {
                s.metric = Some(number(w.value(word)?, "metric")?);
            } else if word == "via" {
                let mut v = w.value(word)?;
                let mut fam = s.family;
                if let Some(f) = match v {
                    "inet" => Some(AF_INET),
                    "inet6" => Some(AF_INET6),
                    _ => None,
                } {
                    fam = Some(f);
                    v = w.value(word)?;
                }
                s.via = Some(Prefix::parse(v, fam)?);
            } else if word == "src" {
                s.prefsrc = Some(Prefix::parse(w.value(word)?, s.family)?);
            } else if abbrev(word, "realms") {
                return Err(Error::Unsupported("realms selectors".into()));
            } else if abbrev(word, "from") {
                let (root, matching) = root_or_match(&mut w, word, s.family)?;
                s.src_root = root;
                s.src_match = matching;
            } else {
                let mut word = word;
                if abbrev(word, "to") {
                    word = w.value(word)?;
                }
                let (root, matching) = prefix_words(word, &mut w, s.family)?;
                s.dst_root = root;
                s.dst_match = matching;
            }
        }
        // `ip route` lists IPv4 when it names a table and no family.
        if s.family.is_none() && s.table.is_some() {
            s.family = Some(AF_INET);
        }
        if let Some(d) = dev {
            s.oif = Some(index_of(names, d)?);
        }
        if let Some(d) = iif {
            s.iif = Some(index_of(names, d)?);
        }
        Ok(s)
    }

    /// What the selection pinned, which `ip` leaves out of each line.
    pub fn pinned(&self) -> Pinned {
        let host = |p: &Option<Prefix>| {
            p.is_some_and(|p| p.bits == if p.family == AF_INET6 { 128 } else { 32 })
        };
        Pinned {
            dev: self.oif.is_some(),
            table: self.table.is_some(),
            protocol: self.protocol.is_some(),
            scope: self.scope.is_some(),
            metric: self.metric.is_some(),
            tos: self.tos.is_some(),
            iif: self.iif.is_some(),
            via: host(&self.via),
            prefsrc: host(&self.prefsrc),
            types: self.kind.map_or(0, |k| 1 << k),
        }
    }

    pub(super) fn accepts(&self, r: &Route) -> bool {
        if self.family.is_some_and(|f| f != r.family) {
            return false;
        }
        if self.table.is_some_and(|t| t != r.table) || r.flags & RTM_F_CLONED != 0 {
            return false;
        }
        let same = |want: Option<u8>, got: u8| want.is_none_or(|w| w == got);
        if !same(self.protocol, r.proto.into())
            || !same(self.scope, r.scope.into())
            || !same(self.kind, r.kind.into())
            || !same(self.tos, r.tos)
        {
            return false;
        }
        if !prefix_len_ok(self.dst_root, self.dst_match, r.family, r.dst_len)
            || !prefix_len_ok(self.src_root, self.src_match, r.family, r.src_len)
        {
            return false;
        }
        // `via` and `src` compare the route's family and its RTA_GATEWAY /
        // RTA_PREFSRC (absent reads as zeros: a multipath route has none).
        for (p, addr) in [(self.via, r.gateway), (self.prefsrc, r.prefsrc)] {
            if let Some(p) = p.filter(|p| p.family != AF_UNSPEC)
                && (p.family != r.family || !p.covers(addr, p.bits))
            {
                return false;
            }
        }
        if !prefix_bits_ok(self.dst_root, self.dst_match, r.dst, r.dst_len)
            || !prefix_bits_ok(self.src_root, self.src_match, r.src, r.src_len)
        {
            return false;
        }
        if self.iif.is_some_and(|i| r.iif.unwrap_or(0) != i) {
            return false;
        }
        if let Some(oif) = self.oif {
            // As iproute2 since 6.10: a multipath route matches when one
            // of its nexthops leaves through the device.
            let via_dev = match r.oif {
                Some(o) => o == oif,
                None => r.nexthops.iter().any(|n| n.oif == oif),
            };
            if !via_dev {
                return false;
            }
        }
        if self.mark.is_some_and(|m| m != 0) {
            return false; // dumps carry no RTA_MARK: only `mark 0` matches
        }
        if self.metric.is_some_and(|m| r.priority.unwrap_or(0) != m) {
            return false;
        }
        // The IPv6 null route of old kernels is never flushed.
        !(self.flush
            && r.family == AF_INET6
            && r.dst_len == 0
            && r.kind == RTN_UNREACHABLE
            && r.priority == Some(u32::MAX))
    }
}

/// `root P`, `match P`, `exact P` or a bare `P` after `to`/`from`.
fn prefix_words(
    word: &str,
    w: &mut Words,
    family: Option<u8>,
) -> Result<(Option<Prefix>, Option<Prefix>), Error> {
    if abbrev(word, "root") {
        Ok((Some(Prefix::parse(w.value(word)?, family)?), None))
    } else if abbrev(word, "match") {
        Ok((None, Some(Prefix::parse(w.value(word)?, family)?)))
    } else {
        let text = if abbrev(word, "exact") {
            w.value(word)?
        } else {
            word
        };
        let p = Prefix::parse(text, family)?;
        Ok((Some(p), Some(p)))
    }
}

fn root_or_match(
    w: &mut Words,
    after: &str,
    family: Option<u8>,
) -> Result<(Option<Prefix>, Option<Prefix>), Error> {
    let word = w.value(after)?;
    prefix_words(word, w, family)
}

/// The length checks of iproute2's `filter_nlmsg`: `root P` needs the
/// route at least as long as P, `match P` at most as long.
fn prefix_len_ok(root: Option<Prefix>, matching: Option<Prefix>, family: u8, len: u8) -> bool {
    if let Some(p) = root.filter(Prefix::active)
        && ((p.family != AF_UNSPEC && p.family != family) || p.bits > len)
    {
        return false;
    }
    if let Some(p) = matching.filter(Prefix::active)
        && ((p.family != AF_UNSPEC && p.family != family) || p.bits < len)
    {
        return false;
    }
    true
}

fn prefix_bits_ok(
    root: Option<Prefix>,
    matching: Option<Prefix>,
    addr: Option<IpAddr>,
    len: u8,
) -> bool {
    root.filter(Prefix::active)
        .is_none_or(|p| p.covers(addr, p.bits))
        && matching
            .filter(Prefix::active)
            .is_none_or(|p| p.covers(addr, len))
}

#[cfg(test)]
mod tests {
    use super::super::Selection;
    use super::super::test_support::{links, words};
    use super::*;
    use rtsock::ObjectKind;
    #[test]
    fn route_flush_defaults_like_ip() {
        let sel = |s: &str, fam| match Selection::flush(ObjectKind::Route, &words(s), fam, &links())
            .unwrap()
        {
            Selection::Route(r) => r,
            _ => panic!(),
        };
        let main = sel("table main", None);
        assert_eq!(
            (main.family, main.table),
            (Some(AF_INET), Some(RT_TABLE_MAIN))
        );
        let dev = sel("dev veth0", None);
        assert_eq!(
            (dev.family, dev.table, dev.oif),
            (Some(AF_INET), Some(RT_TABLE_MAIN), Some(7))
        );
        let all = sel("table all", None);
        assert_eq!((all.family, all.table), (None, None));
        let v6 = sel("t main", Some(AF_INET6));
        assert_eq!((v6.family, v6.table), (Some(AF_INET6), Some(RT_TABLE_MAIN)));
        assert_eq!(sel("p static", None).protocol, Some(RTPROT_STATIC));
        assert_eq!(sel("proto all", None).protocol, None);
        assert!(sel("10.0.0.0/8", None).dst_root.is_some());
    }

    #[test]
    fn prefixes_match_like_iproute2() {
        let p = Prefix::parse("10.1.0.0/16", None).unwrap();
        assert!(p.covers(Some("10.1.200.3".parse().unwrap()), 16));
        assert!(!p.covers(Some("10.2.0.0".parse().unwrap()), 16));
        assert!(p.covers(Some("10.0.0.0".parse().unwrap()), 8));
        assert!(Prefix::parse("10.0.0.0/33", None).is_err());
        assert!(Prefix::parse("2001:db8::/32", Some(AF_INET)).is_err());
        let any = Prefix::parse("all", None).unwrap();
        assert!(!any.active());
        assert!(Prefix::parse("default", None).unwrap().active());
        // exact: only the /16 itself
        assert!(prefix_len_ok(Some(p), Some(p), AF_INET, 16));
        assert!(!prefix_len_ok(Some(p), Some(p), AF_INET, 24));
        assert!(!prefix_len_ok(Some(p), Some(p), AF_INET, 8));
        // root: the /16 and everything inside it
        assert!(prefix_len_ok(Some(p), None, AF_INET, 24));
        assert!(!prefix_len_ok(Some(p), None, AF_INET, 8));
    }
}
