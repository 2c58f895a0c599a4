//! Golden outputs: what users see must not change by a byte when the code
//! is reshaped.
//!
//! - `tests/golden/linux-dumps.bin`: our own capture of a real kernel's
//!   dumps (links, addresses, routes of every table, neighbours, rules) of
//!   the test topology; its JSON (`rtsock decode`) and its human lines
//!   (`rtsock decode --human`) are kept beside it.
//! - Every decodable file of `../shared/fixtures` (netlink captures, BSD
//!   sysctl dumps, FreeBSD's own rtsock messages, `ifconfig`/`netstat`/
//!   `arp`/`ndp` texts): a hash of the JSON each decodes to (the fixtures
//!   stay outside the repository, and so does their decoded content).
//!
//! `RTSOCK_BLESS=1 cargo test --test golden` rewrites the golden outputs
//! from the committed capture; `RTSOCK_BLESS=capture` captures the kernel's
//! dumps anew first (root and iproute2). Do either only where a change of
//! output is meant, and say so in the commit.

#[macro_use]
#[path = "support/fixtures.rs"]
mod fixtures;

mod common;

use std::path::PathBuf;
use std::process::Command;

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

fn bless() -> bool {
    std::env::var_os("RTSOCK_BLESS").is_some()
}

fn rtsock(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "rtsock {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Compares `got` with the golden file `name` (or writes it when blessing).
fn check(name: &str, got: &str) {
    let path = golden(name);
    if bless() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (RTSOCK_BLESS=1 makes it)", path.display()));
    if got != want {
        let line = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(got.lines().count().min(want.lines().count()));
        panic!(
            "{name} changed, first at line {}:\n  now: {}\n  was: {}",
            line + 1,
            got.lines().nth(line).unwrap_or("<end>"),
            want.lines().nth(line).unwrap_or("<end>")
        );
    }
}

/// Captures the raw datagrams of every dump of the test topology.
#[cfg(target_os = "linux")]
fn capture(path: &std::path::Path) {
    use rtsock::raw::netlink::dump_request;
    use rtsock::{IpRoute, ObjectKind, Selector};

    let ns = common::Netns::new("golden");
    common::build_topology(&ns);
    // Fixed MACs, so a later capture of the same topology is comparable.
    for (i, dev) in ["veth0", "veth1", "veth2", "veth3", "br0"]
        .iter()
        .enumerate()
    {
        ns.ip(&format!("link set {dev} address 02:00:00:00:0a:{i:02x}"));
    }
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let sock = ipr.socket_mut();
    let mut bytes = Vec::new();
    for kind in ObjectKind::ALL {
        let seq = sock.next_seq();
        let req = dump_request(kind, &Selector::everything(), false).finish(seq, sock.port_id());
        sock.send(&req).unwrap();
        loop {
            let n = sock.recv_datagram().unwrap();
            let datagram = &sock.buffer()[..n];
            bytes.extend_from_slice(datagram);
            // NLMSG_DONE (3) ends the dump.
            let done = rtsock::raw::netlink::Messages::new(datagram)
                .filter_map(Result::ok)
                .any(|m| m.header.kind == 3);
            if done {
                break;
            }
        }
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn our_kernel_capture_decodes_as_it_always_has() {
    let bin = golden("linux-dumps.bin");
    #[cfg(target_os = "linux")]
    if std::env::var_os("RTSOCK_BLESS").is_some_and(|v| v == "capture") {
        capture(&bin);
    }
    let path = bin.to_str().unwrap();
    check(
        "linux-dumps.json",
        &rtsock(&["decode", "--protocol", "netlink", "--format", "raw", path]),
    );
    check(
        "linux-dumps.txt",
        &rtsock(&[
            "decode",
            "--human",
            "--protocol",
            "netlink",
            "--format",
            "raw",
            path,
        ]),
    );
}

/// FNV-1a, 64 bits: a short stable fingerprint of a decoded fixture.
fn fnv(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn fixture_root() -> PathBuf {
    fixtures::dir().expect("need_fixtures!() checked")
}

/// (fixture, how `rtsock decode` reads it).
fn decodable() -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    out.push(("pyroute2/nl0.pcap".into(), args(&["--format", "pcap"])));
    // (links.dump is pyroute2's JSON of a dump, not bytes.)
    for f in ["pyroute2/addrmsg_ipv4.dump", "pyroute2/gre_01.dump"] {
        out.push((f.into(), args(&["--format", "hex"])));
    }
    for f in ["gre_01", "macvlan_01", "macvtap_01", "vxlan_01"] {
        out.push((
            format!("pyroute2/scripts-2015/{f}.data"),
            args(&["--format", "hex"]),
        ));
    }
    for (file, os, arch) in [
        ("FreeBSD_14.1_amd64", "freebsd", "amd64"),
        ("OpenBSD_7.5_amd64", "openbsd", "amd64"),
        ("OpenBSD_7.6_GENERIC_531_i386", "openbsd", "i386"),
    ] {
        for v6 in ["", "6"] {
            out.push((
                format!("scapy/{file}_read_routes{v6}.bin"),
                args(&[
                    "--protocol",
                    "pfroute",
                    "--os",
                    os,
                    "--arch",
                    arch,
                    "--format",
                    "raw",
                ]),
            ));
        }
    }
    let stack = fixture_root().join("freebsd13-stack");
    let mut bins: Vec<_> = std::fs::read_dir(&stack)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().into_string().unwrap())
                .collect()
        })
        .unwrap_or_default();
    bins.retain(|n: &String| n.ends_with(".bin"));
    bins.sort();
    for b in bins {
        out.push((
            format!("freebsd13-stack/{b}"),
            args(&[
                "--protocol",
                "pfroute",
                "--os",
                "freebsd",
                "--format",
                "raw",
            ]),
        ));
    }
    out
}

/// The BSD text fallback's parse of every ifconfig/netstat/arp/ndp text.
fn texts() -> Vec<(String, String)> {
    use rtsock::raw::pfroute::{names_of, parse_arp, parse_ifconfig, parse_ndp, parse_netstat};
    let mut out = Vec::new();
    let mut walk = vec![fixture_root()];
    let mut files = Vec::new();
    while let Some(dir) = walk.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    for p in files {
        let rel = p
            .strip_prefix(fixture_root())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let name = rel.to_ascii_lowercase();
        if name.ends_with(".json") || name.contains("license") || name.ends_with(".md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        let parsed = if name.contains("ifconfig") {
            parse_ifconfig(&text)
        } else if name.contains("netstat") || name.ends_with(".ok") {
            parse_netstat(&text, &Default::default())
        } else if name.contains("arp") {
            parse_arp(&text, &Default::default())
        } else if name.contains("ndp") {
            parse_ndp(&text, &Default::default())
        } else {
            continue;
        };
        let _ = names_of(&parsed.messages);
        out.push((rel, serde_json::to_string(&parsed.messages).unwrap()));
    }
    out
}

#[test]
fn every_fixture_decodes_as_it_always_has() {
    need_fixtures!();
    let mut lines = Vec::new();
    for (file, how) in decodable() {
        let path = fixture_root().join(&file);
        let mut args: Vec<&str> = vec!["decode"];
        args.extend(how.iter().map(String::as_str));
        let path = path.to_str().unwrap().to_owned();
        args.push(&path);
        lines.push(format!("{} {file}", fnv(&rtsock(&args))));
    }
    for (file, json) in texts() {
        lines.push(format!("{} text:{file}", fnv(&json)));
    }
    assert!(lines.len() > 40, "{} fixtures fingerprinted", lines.len());
    check("fixtures.fnv", &(lines.join("\n") + "\n"));
}
