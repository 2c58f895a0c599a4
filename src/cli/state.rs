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
        StateAction::Show { yaml } => {
            let doc = State::load(&mut ipr)?.to_document();
            let text = if cli.json && !yaml {
                serde_json::to_string_pretty(&doc).map_err(io::Error::from)? + "\n"
            } else {
                serde_saphyr::to_string(&doc)
                    .map_err(|e| Error::invalid("state show", e.to_string()))?
            };
            print!("{text}");
            Ok(0)
        }
        StateAction::Commit => {
            let claimed = checkpoint::claim(cli)?;
            std::fs::remove_file(&claimed)
                .map_err(|e| Error::io(format!("removing {}", claimed.display()), e))?;
            println!("committed: the checkpoint is gone");
            Ok(0)
        }
        StateAction::Rollback { after } => {
            if let Some(s) = after {
                std::thread::sleep(std::time::Duration::from_secs_f64(s.max(0.0)));
                if !checkpoint::path(cli).exists() {
                    return Ok(0); // committed, or rolled back by hand
                }
            }
            let claimed = checkpoint::claim(cli)?;
            let text = std::fs::read_to_string(&claimed)
                .map_err(|e| Error::io(format!("reading {}", claimed.display()), e))?;
            let _ = std::fs::remove_file(&claimed);
            let snapshot: Document = serde_json::from_str(&text)
                .map_err(|e| Error::invalid("checkpoint", e.to_string()))?;
            match state::restore(&mut ipr, &snapshot, &CommitOptions::default()) {
                Ok(report) => {
                    println!("rolled back to the checkpoint: {} step(s)", report.applied);
                    Ok(0)
                }
                Err(failure) => {
                    eprintln!("rtsock: state rollback: {failure}");
                    Ok(1)
                }
            }
        }
        StateAction::Apply {
            file,
            no_verify,
            timeout,
            checkpoint,
        } => {
            let text = if file == "-" {
                io::read_to_string(io::stdin())
            } else {
                std::fs::read_to_string(file)
            }
            .map_err(|e| Error::io(format!("reading {file}"), e))?;
            let doc = parse_document(&text, file)?;
            if checkpoint.is_some() {
                checkpoint::none_pending(cli)?;
            }
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
            if checkpoint.is_some() {
                let snapshot = plan.base.snapshot();
                checkpoint::save(cli, &snapshot)?;
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
                    if let Some(seconds) = checkpoint {
                        checkpoint::arm(cli, *seconds)?;
                        println!(
                            "checkpoint: the previous state comes back in {seconds} s unless `rtsock state commit` runs first"
                        );
                    }
                    Ok(0)
                }
                Err(failure) => {
                    if checkpoint.is_some() {
                        let _ = std::fs::remove_file(checkpoint::path(cli));
                    }
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

/// Checkpoints: the state before an `apply --checkpoint`, saved as a
/// document in a file per namespace; whoever renames the file first (the
/// background timer, `state commit` or `state rollback`) owns it.
#[cfg(rtsock_supported)]
mod checkpoint {
    use std::path::PathBuf;

    use super::*;

    /// Where checkpoints live (`$RTSOCK_RUN_DIR`, else `/run/rtsock`).
    fn dir() -> PathBuf {
        std::env::var_os("RTSOCK_RUN_DIR")
            .map_or_else(|| PathBuf::from("/run/rtsock"), PathBuf::from)
    }

    /// The checkpoint file of the namespace the command works on.
    pub(super) fn path(cli: &Cli) -> PathBuf {
        let ns = cli.netns.as_deref().unwrap_or("default").replace('/', "_");
        dir().join(format!("checkpoint-{ns}.json"))
    }

    /// Refuses while a checkpoint is pending.
    pub(super) fn none_pending(cli: &Cli) -> Result<(), Error> {
        let path = path(cli);
        if path.exists() {
            return Err(Error::invalid(
                "state apply --checkpoint",
                format!(
                    "a checkpoint is pending ({}): state commit or state rollback first",
                    path.display()
                ),
            ));
        }
        Ok(())
    }

    /// Saves the state to come back to; refuses while one is pending.
    pub(super) fn save(cli: &Cli, snapshot: &Document) -> Result<(), Error> {
        none_pending(cli)?;
        let path = path(cli);
        std::fs::create_dir_all(dir())
            .map_err(|e| Error::io("creating the checkpoint directory", e))?;
        let text = serde_json::to_string(snapshot)
            .map_err(|e| Error::invalid("checkpoint", e.to_string()))?;
        std::fs::write(&path, text).map_err(|e| Error::io(format!("writing {}", path.display()), e))
    }

    /// Takes the pending checkpoint (an atomic rename), or says there is none.
    pub(super) fn claim(cli: &Cli) -> Result<PathBuf, Error> {
        let path = path(cli);
        let claimed = path.with_extension(format!("claimed-{}", std::process::id()));
        std::fs::rename(&path, &claimed)
            .map_err(|e| Error::io(format!("no pending checkpoint ({})", path.display()), e))?;
        Ok(claimed)
    }

    /// Starts the background rollback: this program again, detached, as
    /// `state rollback --after S` in the same namespace.
    pub(super) fn arm(cli: &Cli, seconds: f64) -> Result<(), Error> {
        let exe = std::env::current_exe().map_err(|e| Error::io("finding rtsock itself", e))?;
        let mut cmd = std::process::Command::new(exe);
        if let Some(ns) = &cli.netns {
            cmd.args(["-n", ns]);
        }
        cmd.args(["state", "rollback", "--after", &seconds.to_string()])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        cmd.spawn()
            .map(drop)
            .map_err(|e| Error::io("starting the checkpoint timer", e))
    }
}
