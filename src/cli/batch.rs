//! `rtsock -batch FILE [-force]` (or `-batch -` for stdin), like `ip
//! -batch`: one change per line in rtsock's own words (`route add ...`,
//! `addr add ...`, `link set ...`, `neigh ...`, `rule ...`, `fdb ...`),
//! read as it goes and sent pipelined through the library's batch API.
//! A failure names the file and line; without `-force` nothing more is
//! sent after it (lines already in the same datagram were applied and are
//! reported), with it every other line is applied and the exit code says
//! something failed.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, BufRead};

use rtsock::batch::{Change, OnError};
use rtsock::{Error, ObjectKind};

use super::change;
use super::select::abbrev;

/// Splits a line into words as iproute2's `makeargs` does: blanks
/// separate, single or double quotes group, a backslash escapes the next
/// character, `#` starts a comment. A line with none of those is split in
/// place (no word is copied).
pub fn words(line: &str) -> Result<Vec<std::borrow::Cow<'_, str>>, String> {
    use std::borrow::Cow;
    if !line.contains(['"', '\'', '\\', '#']) {
        return Ok(line.split_whitespace().map(Cow::Borrowed).collect());
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (_, '\\') => {
                cur.extend(chars.next());
                in_word = true;
            }
            (None, '#') => break,
            (None, c) if c.is_whitespace() => {
                if in_word {
                    out.push(Cow::Owned(std::mem::take(&mut cur)));
                    in_word = false;
                }
            }
            (_, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return Err("unterminated quote".into());
    }
    if in_word {
        out.push(Cow::Owned(cur));
    }
    Ok(out)
}

/// One line as a change of the batch.
fn parse_line<S: AsRef<str>>(words: &[S], family: Option<u8>) -> Result<Change, Error> {
    let (object, args) = words
        .split_first()
        .ok_or_else(|| Error::invalid("usage", "an empty command"))?;
    let object = object.as_ref();
    let kind = if object == "fdb" {
        None
    } else if abbrev(object, "link") {
        Some(ObjectKind::Link)
    } else if abbrev(object, "address") {
        Some(ObjectKind::Address)
    } else if abbrev(object, "route") {
        Some(ObjectKind::Route)
    } else if abbrev(object, "neighbour") || abbrev(object, "neighbor") {
        Some(ObjectKind::Neighbour)
    } else if abbrev(object, "rule") {
        Some(ObjectKind::Rule)
    } else {
        return Err(Error::invalid(
            "usage",
            format!("{object:?}: batch lines are link, addr, route, neigh, rule or fdb changes"),
        ));
    };
    let cmd = match kind {
        None => change::parse_fdb(args)?,
        Some(_) if !change::is_change(args) => {
            return Err(Error::invalid(
                "usage",
                "batch lines are changes (add, del, replace, change, append, set)",
            ));
        }
        Some(kind) => change::parse(kind, args, family)?,
    };
    Ok(cmd)
}

/// What the reading side and the reporting side share: the line of each
/// change sent and not yet answered (answers come in order), and the
/// failures.
#[derive(Default)]
struct Progress {
    lines: VecDeque<usize>,
    failures: usize,
    /// Lines applied after the first failure (they were in its datagram).
    applied_after: Option<(usize, usize)>,
    /// A line that could not be parsed, when it ended the batch.
    stopped_at: Option<(usize, Error)>,
}

/// Runs a batch file against `ipr`; returns the exit code.
pub fn run<S: rtsock::RouteSocket>(
    ipr: &mut S,
    file: &str,
    force: bool,
    family: Option<u8>,
) -> Result<i32, Error> {
    let mut reader: Box<dyn BufRead> = if file == "-" {
        Box::new(io::BufReader::new(io::stdin()))
    } else {
        let f =
            std::fs::File::open(file).map_err(|e| Error::io(format!("batch file {file}"), e))?;
        Box::new(io::BufReader::with_capacity(1 << 16, f))
    };
    let name = if file == "-" { "stdin" } else { file };
    let progress = RefCell::new(Progress::default());
    let mut line = String::new();
    let mut number = 0;
    let changes = std::iter::from_fn(|| {
        loop {
            line.clear();
            number += 1;
            let parsed = match reader.read_line(&mut line) {
                Ok(0) => return None,
                Err(e) => Err(Error::io(format!("reading {name}"), e)),
                Ok(_) => match words(&line) {
                    Err(e) => Err(Error::invalid("usage", e)),
                    Ok(w) if w.is_empty() => Ok(None),
                    Ok(w) => parse_line(&w, family).map(Some),
                },
            };
            match parsed {
                Ok(None) => continue, // blank or comment
                Ok(Some(change)) => {
                    progress.borrow_mut().lines.push_back(number);
                    return Some(change);
                }
                Err(e) if force => {
                    eprintln!("rtsock: {name}:{number}: {e}");
                    progress.borrow_mut().failures += 1;
                }
                Err(e) => {
                    progress.borrow_mut().stopped_at = Some((number, e));
                    return None;
                }
            }
        }
    });
    let on_error = if force {
        OnError::Continue
    } else {
        OnError::Stop
    };
    let summary = ipr.apply(changes, on_error, |_, result| {
        let mut p = progress.borrow_mut();
        let line = p.lines.pop_front().unwrap_or(0);
        match result {
            Err(e) => {
                p.failures += 1;
                eprintln!("rtsock: {name}:{line}: {e}");
            }
            Ok(()) if p.failures > 0 => {
                let first = p.applied_after.map_or(line, |(f, _)| f);
                p.applied_after = Some((first, line));
            }
            Ok(()) => {}
        }
    })?;
    let mut p = progress.into_inner();
    if let Some((line, e)) = p.stopped_at.take() {
        eprintln!("rtsock: {name}:{line}: {e}");
        p.failures += 1;
    }
    if summary.stopped {
        eprintln!("rtsock: {name}: stopped at the first failure (-force applies every other line)");
        if let Some((first, last)) = p.applied_after {
            eprintln!(
                "rtsock: {name}: lines {first} to {last} were sent with it (pipelined) and applied"
            );
        }
    }
    Ok(if p.failures > 0 { 1 } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_like_makeargs() {
        assert_eq!(words("route add 10.0.0.0/8 via 1.2.3.4").unwrap().len(), 5);
        assert_eq!(
            words("addr add 1.2.3.4/24 dev e0 label 'a b' # note").unwrap()[6],
            "a b"
        );
        assert_eq!(words(r#"link set "x y" up"#).unwrap()[2], "x y");
        assert_eq!(words(r"a\ b c").unwrap(), ["a b", "c"]);
        assert!(words("# only a comment").unwrap().is_empty());
        assert!(words("link set 'x up").is_err());
    }

    #[test]
    fn lines_become_changes() {
        fn w(s: &str) -> Vec<std::borrow::Cow<'_, str>> {
            words(s).unwrap()
        }
        assert!(matches!(
            parse_line(&w("route add 10.0.0.0/8 via 192.0.2.1"), None).unwrap(),
            Change::Route(rtsock::change::Verb::Add, _)
        ));
        assert!(matches!(
            parse_line(&w("a add 10.0.0.1/24 dev x"), None).unwrap(),
            Change::Address(..)
        ));
        assert!(parse_line(&w("route show"), None).is_err());
        assert!(parse_line(&w("bogus add"), None).is_err());
    }
}
