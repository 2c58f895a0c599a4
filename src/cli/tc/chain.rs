//! `rtsock tc chain [show] dev DEV [ingress|egress|root|parent P]` and
//! `tc chain add|del dev DEV ingress|egress|parent P chain N`, in tc's
//! words.

use super::*;
use rtsock::change::TcChainSpec;
use rtsock::common::kinds::qdisc::parse_handle;
use rtsock::common::kinds::tcfilter::view::{TC_H_CLSACT_EGRESS, TC_H_CLSACT_INGRESS};

/// A parent word (`ingress`, `egress`, `root`) or `parent P`, if `word`
/// is one.
pub(super) fn parent_of(
    word: &str,
    w: &mut crate::cli::change::Words<'_, &str>,
) -> Result<Option<u32>, Error> {
    Ok(Some(match word {
        "ingress" => TC_H_CLSACT_INGRESS,
        "egress" => TC_H_CLSACT_EGRESS,
        "root" => TC_H_ROOT,
        "parent" => {
            let text = w.value(word, "a handle")?;
            parse_handle(text).ok_or_else(|| usage(format!("parent {text:?}: MAJ:MIN in hex")))?
        }
        _ => return Ok(None),
    }))
}

fn parse(words: &[&str]) -> Result<TcChainSpec, Error> {
    let mut w = crate::cli::change::Words::new(words);
    let mut spec = TcChainSpec::new("", 0, 0);
    let (mut dev, mut chain) = (None, None);
    while let Some(word) = w.next() {
        if let Some(p) = parent_of(word, &mut w)? {
            spec.parent = p;
            continue;
        }
        match word {
            "dev" => dev = Some(w.value(word, "a name")?),
            "chain" => chain = Some(w.number(word)?),
            other => {
                return Err(Error::Unsupported(format!(
                    "tc chain {other:?} (chain templates are not built here)"
                )));
            }
        }
    }
    spec.dev = dev.ok_or_else(|| usage("tc chain needs dev DEV"))?.into();
    spec.chain = chain.ok_or_else(|| usage("tc chain needs chain N"))?;
    Ok(spec)
}

/// `tc chain`: a change when the first word is a verb, else a listing.
pub(super) fn run(cli: &Cli, words: &[&str]) -> Result<i32, Failure> {
    if let Some(done) = super::change_first(cli, words, |verb, words| {
        Ok(rtsock::batch::Change::TcChain(verb, parse(words)?))
    }) {
        return done;
    }
    let words = words.iter().copied().peekable();
    let (filter, dev_pinned) = super::block_words(words, "chain")?;
    print_dump(
        cli,
        ObjectKind::TcChain,
        &filter,
        dev_pinned,
        |m, dev, _| rtsock::views::TcChain::from_message(m).map(|c| vec![c.line(dev)]),
    )
}
