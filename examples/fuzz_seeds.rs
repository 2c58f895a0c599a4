//! Writes the fuzzers' seed corpora from the shared fixtures: netlink
//! packets from the nlmon pcap, rust-netlink payloads (as bodies, the first
//! two bytes the message type), the scapy PF_ROUTE dumps (the first byte
//! the layout), golang's sockaddr blobs. Used by ci/fuzz.sh.
//!
//! `cargo run --example fuzz_seeds -- FIXTURES_DIR CORPUS_DIR`

use std::path::{Path, PathBuf};

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) {
    let d = dir.join(target);
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join(name), bytes).unwrap();
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap_or(0))
        .collect()
}

fn main() {
    let args: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let (fixtures, corpus) = (&args[0], &args[1]);
    let mut n = 0;

    let pcap = std::fs::read(fixtures.join("pyroute2/nl0.pcap")).unwrap();
    for p in rtsock::capture::read_pcap(&pcap).unwrap() {
        write(
            corpus,
            "netlink_stream",
            &format!("pcap-{}", p.index),
            &p.data,
        );
        n += 1;
    }
    let text =
        std::fs::read_to_string(fixtures.join("netlink-packet-route/extracted_raw_arrays.json"))
            .unwrap();
    let arrays: serde_json::Value = serde_json::from_str(&text).unwrap();
    for (i, e) in arrays.as_array().unwrap().iter().enumerate() {
        let file = e["file"].as_str().unwrap_or("");
        let kind: u16 = if file.contains("/link/") {
            16
        } else if file.contains("/route/") {
            24
        } else if file.contains("/address/") {
            20
        } else if file.contains("/neighbour") {
            28
        } else {
            32
        };
        let mut b = kind.to_le_bytes().to_vec();
        b.extend(hex(e["hex"].as_str().unwrap_or("")));
        write(corpus, "netlink_body", &format!("rust-netlink-{i}"), &b);
        n += 1;
    }
    for (file, pick) in [
        ("FreeBSD_14.1_amd64_read_routes.bin", 0u8),
        ("FreeBSD_14.1_amd64_read_routes6.bin", 0),
        ("OpenBSD_7.5_amd64_read_routes.bin", 1),
        ("OpenBSD_7.5_amd64_read_routes6.bin", 1),
        ("OpenBSD_7.6_GENERIC_531_i386_read_routes.bin", 3),
        ("OpenBSD_7.6_GENERIC_531_i386_read_routes6.bin", 3),
    ] {
        let mut b = vec![pick];
        b.extend(std::fs::read(fixtures.join("scapy").join(file)).unwrap());
        write(corpus, "pfroute_stream", file, &b);
        n += 1;
    }
    let text =
        std::fs::read_to_string(fixtures.join("golang-x-net-route/extracted_sockaddr_blobs.json"))
            .unwrap();
    let blobs: serde_json::Value = serde_json::from_str(&text).unwrap();
    for (i, b) in blobs.as_array().unwrap().iter().enumerate() {
        let darwin = b["file"].as_str().unwrap_or("").contains("darwin");
        let mut seed = vec![if darwin { 2 } else { 0 }, 0xff, 0x00, 0, 0];
        seed.extend(hex(b["hex"].as_str().unwrap_or("")));
        write(corpus, "sockaddr", &format!("golang-{i}"), &seed);
        n += 1;
    }
    eprintln!("fuzz_seeds: {n} seeds in {}", corpus.display());
}
