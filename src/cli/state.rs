//! `rtsock state show` and `rtsock state apply FILE`: the state as an
//! nmstate-style document, and transactions to a desired one (the
//! library's `state` module).

use super::args::StateAction;
use super::*;
use rtsock::state::{self, CommitOptions, Document, State};

/// A document from YAML or JSON text (JSON when it starts with `{`).
pub(super) fn parse_document(text: &str, origin: &str) -> Result<Document, Error> {
    let doc: Document = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| Error::invalid(origin, e.to_string()))?
    } else {
        serde_saphyr::from_str(text).map_err(|e| Error::invalid(origin, e.to_string()))?
    };
    doc.check()?;
    Ok(doc)
}

#[cfg(rtsock_supported)]
pub(super) fn run(cli: &Cli, action: &StateAction) -> Result<i32, Failure> {
    let mut ipr = open_socket(cli)?;
    match action {
        StateAction::Show => {
            let doc = State::load(&mut ipr)?.to_document();
            let text = if cli.json {
                serde_json::to_string_pretty(&doc).map_err(io::Error::from)? + "\n"
            } else {
                serde_saphyr::to_string(&doc)
                    .map_err(|e| Error::invalid("state show", e.to_string()))?
            };
            print!("{text}");
            Ok(0)
        }
        StateAction::Apply {
            file,
            no_verify,
            timeout,
        } => {
            let text = if file == "-" {
                io::read_to_string(io::stdin())
            } else {
                std::fs::read_to_string(file)
            }
            .map_err(|e| Error::io(format!("reading {file}"), e))?;
            let doc = parse_document(&text, file)?;
            let plan = State::load(&mut ipr)?.plan(&doc)?;
            if plan.is_empty() {
                println!("nothing to do: the state is already {file}'s");
                return Ok(0);
            }
            for object in plan.diff() {
                println!("{object}");
            }
            if cli.dry_run {
                return Ok(0);
            }
            let options = CommitOptions {
                verify: !no_verify,
                timeout: std::time::Duration::from_secs_f64(timeout.max(0.0)),
            };
            match state::commit_plan(&mut ipr, &doc, plan, &options) {
                Ok(report) => {
                    for object in &report.concurrent {
                        println!("changed by another writer meanwhile (plan recomputed): {object}");
                    }
                    println!(
                        "applied {} step(s){}",
                        report.applied,
                        if options.verify { ", verified" } else { "" }
                    );
                    Ok(0)
                }
                Err(failure) => {
                    eprintln!("rtsock: state apply: {failure}");
                    Ok(1)
                }
            }
        }
    }
}

#[cfg(not(rtsock_supported))]
pub(super) fn run(_cli: &Cli, _action: &StateAction) -> Result<i32, Failure> {
    Err(Error::Unsupported("state (no routing socket on this OS)".into()).into())
}
