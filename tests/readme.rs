//! Every `rtsock` command of the README runs, in order, as written: the
//! README cannot rot. The namespace it builds gets a name of its own (the
//! README's `blue`), so the test neither needs nor touches another; a line
//! followed by a `# rtsock: ...` comment must fail with that message, and a
//! `monitor` must subscribe (it runs until interrupted, so it is stopped).
#![cfg(target_os = "linux")]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// One README command: its words, and the error it must end with, if any.
struct Step {
    words: Vec<String>,
    fails_with: Option<String>,
    line: usize,
}

/// The commands of the README's `sh` blocks, in order.
fn steps(readme: &str, netns: &str) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::new();
    let mut in_sh = false;
    for (i, line) in readme.lines().enumerate() {
        let t = line.trim();
        if t.starts_with("```") {
            in_sh = !in_sh && t == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        if let Some(msg) = t.strip_prefix("# rtsock: ") {
            let last = out.last_mut().expect("an error line follows a command");
            last.fails_with = Some(msg.to_owned());
            continue;
        }
        // The command, without its comment.
        let command = t.split("  #").next().unwrap().trim();
        for part in command.split(';') {
            let words: Vec<String> = part
                .split_whitespace()
                .map(|w| {
                    if w == "blue" {
                        netns.to_owned()
                    } else {
                        w.to_owned()
                    }
                })
                .collect();
            if words.first().map(String::as_str) == Some("rtsock") {
                out.push(Step {
                    words: words[1..].to_vec(),
                    fails_with: None,
                    line: i + 1,
                });
            }
        }
    }
    out
}

/// Runs a monitor until it says it subscribed, then stops it.
fn subscribes(step: &Step) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args(&step.words)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let said = rx.recv_timeout(Duration::from_secs(10));
    let _ = child.kill();
    let _ = child.wait();
    let said = said.unwrap_or_else(|_| panic!("README:{}: no word from the monitor", step.line));
    assert!(
        said.contains("monitoring"),
        "README:{}: rtsock {}: {said}",
        step.line,
        step.words.join(" ")
    );
}

#[test]
fn every_readme_command_runs_in_order() {
    common::require_root();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let netns = format!("rtsock-readme-{}", std::process::id());
    let steps = steps(&readme, &netns);
    assert!(steps.len() > 40, "the README's commands were found");
    let needs_fixtures = |s: &Step| s.words.iter().any(|w| w.contains("../shared/fixtures"));
    let have_fixtures =
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures")).is_dir();
    for step in &steps {
        if needs_fixtures(step) && !have_fixtures {
            eprintln!("README:{}: skipped: no ../shared/fixtures", step.line);
            continue;
        }
        if step.words.contains(&"monitor".to_owned()) {
            subscribes(step);
            continue;
        }
        let out = Command::new(env!("CARGO_BIN_EXE_rtsock"))
            .args(&step.words)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let what = format!("README:{}: rtsock {}", step.line, step.words.join(" "));
        match &step.fails_with {
            None => assert!(out.status.success(), "{what}: {stderr}"),
            Some(msg) => {
                assert!(!out.status.success(), "{what}: should fail");
                assert!(
                    stderr.contains(msg.as_str()),
                    "{what}: says {stderr:?}, README says {msg:?}"
                );
            }
        }
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains("rtsock:"),
            "{what}: error text on stdout"
        );
    }
    // The README's last namespace command deletes it; leave nothing behind
    // if a step failed before.
    let _ = Command::new("ip").args(["netns", "del", &netns]).status();
}
