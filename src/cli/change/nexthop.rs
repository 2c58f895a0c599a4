//! `nexthop` change commands, as `ip nexthop` reads them.

use super::*;

/// `nexthop add|replace|del [id ID] [via ADDR] [dev DEV] [onlink] |
/// [blackhole] | [group ID[,WEIGHT]/... [type resilient [buckets N]]] [fdb]
/// [proto P]`, as `ip nexthop` reads it.
pub(super) fn parse_nexthop_object<S: AsRef<str>>(args: &[S]) -> Result<ChangeCommand, Error> {
    let mut w = Words::new(args);
    let verb = verb_of(w.next(), &[Verb::Add, Verb::Replace, Verb::Delete])?;
    let mut spec = NexthopSpec::default();
    let mut resilient = false;
    while let Some(word) = w.next() {
        match word {
            "id" => spec.id = Some(w.number(word)?),
            "via" => {
                let v = w.value(word, "an address")?;
                let v = match v {
                    "inet" | "inet6" => w.value(word, "an address")?,
                    _ => v,
                };
                spec.gateway = Some(
                    v.parse()
                        .map_err(|_| usage(format!("{v:?} is not an address")))?,
                );
            }
            "dev" => spec.dev = Some(w.value(word, "an interface")?.into()),
            "onlink" => spec.onlink = true,
            "blackhole" => spec.blackhole = true,
            "fdb" => spec.fdb = true,
            "proto" | "protocol" => {
                spec.protocol = Some(parse_protocol(w.value(word, "a protocol")?)?)
            }
            "group" => {
                let text = w.value(word, "members")?;
                for member in text.split('/') {
                    let (id, weight) = match member.split_once(',') {
                        Some((id, weight)) => (id, weight),
                        None => (member, "1"),
                    };
                    let bad = || usage(format!("group member {member:?}: ID[,WEIGHT]"));
                    spec.group.push((
                        id.parse().map_err(|_| bad())?,
                        weight.parse().map_err(|_| bad())?,
                    ));
                }
            }
            "type" => match w.value(word, "a group type")? {
                "resilient" => resilient = true,
                "mpath" => {}
                other => return Err(usage(format!("nexthop group type {other:?}"))),
            },
            "buckets" => spec.resilient_buckets = Some(w.number(word)?),
            other => return Err(usage(format!("nexthop: unknown argument {other:?}"))),
        }
    }
    if resilient && spec.resilient_buckets.is_none() {
        // iproute2's default for `type resilient`.
        spec.resilient_buckets = Some(128);
    }
    Ok(ChangeCommand::Nexthop(verb, spec))
}
