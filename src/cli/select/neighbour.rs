//! `ip neigh` selectors (iproute2 `do_show_or_flush`, `print_neigh`).

use rtsock::constants::*;
use rtsock::{Error, Message, Value};

use super::super::format::Names;
use super::{Prefix, Words, abbrev, index_of, named_or_all, protocol, usage};
use rtsock::views::Neighbour;

/// `ip neigh` selectors.
#[derive(Debug, Default)]
pub struct NeighbourSelection {
    pub(super) family: Option<u8>,
    pub(super) index: Option<u32>,
    /// NUD_* bits that select; 0x100 stands for NUD_NONE (state 0).
    pub(super) states: u32,
    pub(super) to: Option<Prefix>,
    pub(super) protocol: Option<u8>,
    pub(super) unused: bool,
    /// `proxy`: the proxy entries instead of the cache.
    pub(super) proxy: bool,
}

/// Stands for NUD_NONE in a state mask, as in iproute2.
const NUD_NONE_BIT: u32 = 0x100;

fn nud_state(text: &str) -> Option<u32> {
    let state = match text {
        "permanent" => NUD_PERMANENT,
        "reachable" => NUD_REACHABLE,
        "noarp" => NUD_NOARP,
        "none" => return Some(NUD_NONE_BIT),
        "stale" => NUD_STALE,
        "incomplete" => NUD_INCOMPLETE,
        "delay" => NUD_DELAY,
        "probe" => NUD_PROBE,
        "failed" => NUD_FAILED,
        _ => {
            return text
                .parse::<u32>()
                .ok()
                .map(|v| if v == 0 { NUD_NONE_BIT } else { v });
        }
    };
    Some(u32::from(state))
}

impl NeighbourSelection {
    pub fn parse(
        args: &[String],
        family: Option<u8>,
        flush: bool,
        names: &Names,
    ) -> Result<NeighbourSelection, Error> {
        let mut s = NeighbourSelection {
            family,
            // A flush leaves permanent and NOARP entries unless asked.
            states: if flush {
                !u32::from(NUD_PERMANENT | NUD_NOARP)
            } else {
                0xff & !u32::from(NUD_NOARP)
            },
            ..NeighbourSelection::default()
        };
        let mut state_given = false;
        let mut dev = None;
        let mut w = Words::new(args);
        while let Some(word) = w.word() {
            let mut value = |_what: &str| w.value(word);
            match word {
                "dev" => {
                    if dev.is_some() {
                        return Err(usage("duplicate \"dev\""));
                    }
                    dev = Some(value("an interface")?);
                }
                "nud" => {
                    let text = value("a state")?;
                    if !state_given {
                        state_given = true;
                        s.states = 0;
                    }
                    let state = match text {
                        "all" if flush => !u32::from(NUD_NOARP),
                        "all" => !0,
                        _ => nud_state(text)
                            .ok_or_else(|| usage(format!("nud state is bad: {text:?}")))?,
                    };
                    s.states |= state;
                }
                "unused" => s.unused = true,
                "proxy" => s.proxy = true,
                "master" | "vrf" | "nomaster" => {
                    return Err(Error::Unsupported(format!("neighbour selector \"{word}\"")));
                }
                w if abbrev(w, "protocol") => {
                    s.protocol =
                        named_or_all(value("a protocol")?, "protocol", protocol)?.or(Some(0));
                    if s.protocol == Some(0) {
                        s.protocol = None;
                    }
                }
                mut w => {
                    if w == "to" {
                        w = value("a prefix")?;
                    }
                    let p = Prefix::parse(w, s.family)?;
                    if s.family.is_none() && p.family != AF_UNSPEC {
                        s.family = Some(p.family);
                    }
                    s.to = Some(p);
                }
            }
        }
        if let Some(d) = dev {
            s.index = Some(index_of(names, d)?);
        }
        Ok(s)
    }

    pub(super) fn accepts(&self, m: &Message, n: &Neighbour) -> bool {
        if self.family.is_some_and(|f| f != n.family) || self.index.is_some_and(|i| i != n.index) {
            return false;
        }
        let state = u32::from(n.state);
        let passes_state = self.states & state != 0
            || n.flags & (NTF_PROXY | NTF_EXT_LEARNED) != 0
            || (state == 0 && self.states & NUD_NONE_BIT != 0);
        if !passes_state {
            return false;
        }
        if self.to.is_some_and(|p| !p.matches_attr(n.dst)) {
            return false;
        }
        if let Some(p) = self.protocol {
            let got = m
                .get_attr("NDA_PROTOCOL")
                .and_then(Value::as_u64)
                .unwrap_or(0);
            if got != u64::from(p) {
                return false;
            }
        }
        if self.unused {
            let refs = m
                .get_attr("NDA_CACHEINFO")
                .and_then(|c| c.field("ndm_refcnt"))
                .and_then(Value::as_u64);
            if refs.is_some_and(|r| r != 0) {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::super::Selection;
    use super::super::test_support::{links, words};
    use super::*;
    use rtsock::ObjectKind;
    #[test]
    fn neighbour_flush_spares_permanent_and_noarp_unless_asked() {
        let sel = |s: &str| match Selection::flush(ObjectKind::Neighbour, &words(s), None, &links())
            .unwrap()
        {
            Selection::Neighbour(n) => n,
            _ => panic!(),
        };
        let plain = sel("dev x");
        assert_eq!(plain.states & u32::from(NUD_PERMANENT | NUD_NOARP), 0);
        assert_ne!(plain.states & u32::from(NUD_STALE), 0);
        let perm = sel("dev x nud permanent");
        assert_eq!(perm.states, u32::from(NUD_PERMANENT));
        assert_eq!(sel("nud all").states & u32::from(NUD_NOARP), 0);
        assert_eq!(sel("all").family, None);
    }
}
