//! iproute2's route dump format both ways (issue 16): what `rtsock route
//! save` writes, `ip route restore` reads, and what `ip route save` writes,
//! `rtsock route restore` and `route showdump` read; the restored tables
//! equal the saved one by `ip -j`.
#![cfg(target_os = "linux")]

mod common;

use std::process::Command;

use common::*;

/// A namespace with the links and address every copy needs, and, in the
/// source, routes of every restore pass (local, link, gateway).
fn prepared(tag: &str, with_routes: bool) -> Netns {
    let ns = veth_pair(tag);
    if with_routes {
        ns.ip("route add 10.8.0.0/16 via 10.0.0.2 metric 5");
        ns.ip("route add 10.9.0.0/16 via 10.0.0.3 proto static");
        ns.ip("route add 10.10.0.0/16 dev veth0");
        ns.ip("route add blackhole 10.11.0.0/16");
    }
    ns
}

fn sh(script: &str) -> std::process::Output {
    Command::new("sh").args(["-c", script]).output().unwrap()
}

#[test]
fn saved_routes_restore_both_ways() {
    let rtsock = env!("CARGO_BIN_EXE_rtsock");
    let file = std::env::temp_dir().join(format!("rtsock-save-{}.bin", std::process::id()));
    let file = file.display();
    let source = prepared("saveA", true);

    // rtsock saves, ip restores.
    let ip_copy = prepared("saveB", false);
    let out = sh(&format!("{rtsock} -n {} route save > {file}", source.name));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = sh(&format!("ip -n {} route restore < {file}", ip_copy.name));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ip_copy.ip_json("route show"), source.ip_json("route show"));

    // ip saves, rtsock restores and shows the dump as ip does.
    let our_copy = prepared("saveC", false);
    sh(&format!("ip -n {} route save > {file}", source.name));
    let out = sh(&format!(
        "{rtsock} -n {} route restore < {file}",
        our_copy.name
    ));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(our_copy.ip_json("route show"), source.ip_json("route show"));
    let ours = sh(&format!(
        "{rtsock} -n {} route showdump < {file}",
        source.name
    ));
    let theirs = sh(&format!("ip -n {} route showdump < {file}", source.name));
    let lines = |o: &std::process::Output| -> Vec<String> {
        trimmed_lines(&String::from_utf8_lossy(&o.stdout))
    };
    assert_eq!(lines(&ours), lines(&theirs));

    // Not a dump: refused by name, as ip refuses it.
    let out = sh(&format!(
        "echo nonsense | {rtsock} -n {} route restore",
        our_copy.name
    ));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("magic mismatch"));
    let _ = std::fs::remove_file(file.to_string());
}
