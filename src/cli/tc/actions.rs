//! `rtsock tc actions add|replace|change action KIND ... [index N]`,
//! `del action KIND index N`, `flush action KIND`, `get action KIND index
//! N` and `[ls|list] action KIND`: shared actions, in tc's words.

use super::*;
use rtsock::change::{TcActionSpec, Verb};

/// `index N` taken out of the words, wherever it is.
fn take_index(words: &mut Vec<&str>) -> Result<Option<u32>, Error> {
    let Some(at) = words.iter().position(|w| *w == "index") else {
        return Ok(None);
    };
    let text = words
        .get(at + 1)
        .copied()
        .ok_or_else(|| usage("index needs a number"))?;
    let n = super::filter::number(text)?;
    words.drain(at..at + 2);
    Ok(Some(n))
}

/// The kind after `action` (`action gact`), the words left for its settings.
fn kind_of<'a>(words: &[&'a str]) -> Result<(&'a str, Vec<&'a str>), Error> {
    match words {
        ["action", kind, rest @ ..] => Ok((kind, rest.to_vec())),
        _ => Err(usage("tc actions ... action KIND ...")),
    }
}

pub(super) fn run(cli: &Cli, words: &[&str]) -> Result<i32, Failure> {
    let (verb_word, rest) = match words.split_first() {
        Some((v, rest)) => (*v, rest.to_vec()),
        None => ("ls", Vec::new()),
    };
    let mut rest = rest;
    let index = take_index(&mut rest)?;
    if verb_word == "flush" {
        let (kind, _) = kind_of(&rest)?;
        let change = rtsock::batch::Change::TcAction(Verb::Delete, TcActionSpec::every(kind));
        return apply_or_plan(cli, &mut open_socket(cli)?, &change);
    }
    if let Some(verb) = Verb::parse(verb_word) {
        let spec = match verb {
            Verb::Delete => {
                let (kind, _) = kind_of(&rest)?;
                let index = index.ok_or_else(|| usage("tc actions del needs index N"))?;
                TcActionSpec::at(kind, index)
            }
            _ => {
                let mut w = crate::cli::change::Words::new(&rest);
                if w.next() != Some("action") {
                    return Err(usage("tc actions add action KIND ...").into());
                }
                let action = super::action::action(&mut w)?;
                if let Some(extra) = w.next() {
                    return Err(usage(format!("tc actions: unknown argument {extra:?}")).into());
                }
                TcActionSpec::new(action, index)
            }
        };
        let change = rtsock::batch::Change::TcAction(verb, spec);
        return apply_or_plan(cli, &mut open_socket(cli)?, &change);
    }
    let (kind, _) = kind_of(&rest)?;
    let mut ipr = open_socket(cli)?;
    let mut out = Output::new(cli.json);
    out.pretty = cli.pretty;
    out.names = format::link_names(&mut ipr)?;
    let names = out.names.clone();
    let ifname = move |i: u32| format::dev(&names, i);
    let text = |m: &Message, out: &mut Output| -> Result<(), Failure> {
        if out.json {
            out.emit(m)?;
        } else {
            for line in rtsock::views::SharedAction::lines(m, &ifname) {
                out.text(&line)?;
            }
        }
        Ok(())
    };
    match verb_word {
        "get" => {
            let index = index.ok_or_else(|| usage("tc actions get needs index N"))?;
            let req = rtsock::common::kinds::action::netlink::action_get(kind, index);
            let what = format!("actions get action {kind} index {index}");
            for m in ipr.request(req, what, rtsock::Selector::default())? {
                text(&m?, &mut out)?;
            }
        }
        "ls" | "list" | "show" => {
            use rtsock::RouteSocket;
            let filter = Filter::new().action_kind(kind);
            for m in ipr.dump(ObjectKind::TcAction, &filter)? {
                text(&m?, &mut out)?;
            }
        }
        other => {
            return Err(usage(format!(
                "tc actions {other:?}: add, replace, change, del, flush, get or ls"
            ))
            .into());
        }
    }
    Ok(out.finish().map(|()| 0)?)
}
