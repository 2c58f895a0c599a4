//! Routes with an IPv6 next hop for an IPv4 destination (RTA_VIA), a
//! router preference (RTA_PREF) and an expiry (RTA_EXPIRES) (issue 16):
//! added with rtsock in one namespace and with `ip` in its twin, `ip -j`
//! lists the same; the view reads them back.
#![cfg(target_os = "linux")]

mod common;

use std::process::Command;

use common::*;
use rtsock::views::Route;
use rtsock::{Filter, IpRoute, RouteSocket};
use serde_json::Value as Json;

const ROUTES: [&str; 3] = [
    "-4 route add 10.20.0.0/24 via inet6 fe80::2 dev veth0",
    "-6 route add 2001:db8:5::/48 via fe80::2 dev veth0 pref high",
    "-6 route add 2001:db8:6::/48 dev veth0 expires 300",
];

/// `ip -j` of both families' main tables, with the seconds left before
/// expiry rounded to the minute (they tick while the test runs).
fn routes(ns: &Netns) -> Json {
    let mut all = Vec::new();
    for family in ["-4", "-6"] {
        for mut r in ns
            .ip_json(&format!("{family} route show"))
            .as_array()
            .unwrap()
            .clone()
        {
            if let Some(e) = r.get("expires").and_then(Json::as_u64) {
                r["expires"] = ((e + 30) / 60).into();
            }
            all.push(r);
        }
    }
    Json::Array(all)
}

#[test]
fn via_pref_and_expires_are_what_ip_makes_of_the_same_words() {
    let ours = veth_pair("rmoreA");
    let theirs = veth_pair("rmoreB");
    for words in ROUTES {
        let out = Command::new(env!("CARGO_BIN_EXE_rtsock"))
            .args(["-n", &ours.name])
            .args(words.split_whitespace())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{words}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        theirs.ip(words);
        assert_eq!(routes(&ours), routes(&theirs), "after {words}");
    }
    // And the lines rtsock prints are ip's (seconds left aside).
    for family in ["-4", "-6"] {
        let strip = |text: String| -> Vec<String> {
            text.lines()
                .map(|l| {
                    l.split_whitespace()
                        .filter(|w| !w.ends_with("sec"))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect()
        };
        let ours_text = strip(rtsock_in(&ours, &format!("{family} route")));
        let theirs_text = strip(run("ip", &["-n", &ours.name, family, "route"]));
        assert_eq!(ours_text, theirs_text);
    }
    let mut ipr = IpRoute::in_netns(&ours.name).unwrap();
    let all: Vec<Route> = ipr
        .routes(&Filter::new())
        .unwrap()
        .chain(ipr_v6(&mut IpRoute::in_netns(&ours.name).unwrap()))
        .filter_map(|m| Route::from_message(&m.unwrap()))
        .collect();
    let find = |dst: &str| {
        all.iter()
            .find(|r| r.dst == Some(dst.parse().unwrap()))
            .unwrap_or_else(|| panic!("{dst} in {all:#?}"))
    };
    assert_eq!(find("10.20.0.0").gateway, Some("fe80::2".parse().unwrap()));
    assert_eq!(find("2001:db8:5::").pref, Some(1));
    assert!(
        find("2001:db8:6::")
            .expires
            .is_some_and(|e| e > 200 && e <= 300)
    );
}

fn ipr_v6(ipr: &mut IpRoute) -> Vec<rtsock::Result<rtsock::Message>> {
    ipr.routes(&Filter::new().family(rtsock::constants::AF_INET6))
        .unwrap()
        .collect()
}

const ENCAP_ROUTES: [&str; 7] = [
    "route add 10.9.0.0/16 encap ip id 5 dst 192.0.2.1 ttl 3 dev veth0",
    "route add 10.8.0.0/16 encap ip id 7 dst 192.0.2.2 src 192.0.2.9 tos 4 dev veth0",
    "-6 route add 2001:db8::/64 encap seg6 mode encap segs fc00::1,fc00::2 dev veth0",
    "-6 route add 2001:db8:3::/64 encap ip6 id 5 dst 2001:db8::9 src 2001:db8::8 tc 2 hoplimit 7 dev veth0",
    "-6 route add 2001:db8:1::/64 encap seg6local action End dev veth0",
    "-6 route add 2001:db8:2::/64 encap seg6local action End.DT6 table 100 dev veth0",
    "-6 route add 2001:db8:4::/64 encap seg6local action End.X nh6 fe80::1 dev veth0",
];

/// MPLS label stacks: this kernel has no MPLS module, so only the request
/// is compared (ip's is captured all the same).
const MPLS_ROUTES: [&str; 2] = [
    "route add 10.7.0.0/16 encap mpls 100/200 dev veth0",
    "route add 10.6.0.0/16 encap mpls 16 ttl 9 via 10.0.0.2",
];

#[test]
fn encapsulating_routes_are_ips_bytes_and_read_back_as_ip_shows_them() {
    let ours = veth_pair("encapA");
    let theirs = veth_pair("encapB");
    for (words, live) in ENCAP_ROUTES
        .iter()
        .map(|w| (*w, true))
        .chain(MPLS_ROUTES.iter().map(|w| (*w, false)))
    {
        // RTA_ENCAP (every nested attribute, flag and value) and
        // RTA_ENCAP_TYPE as ip sends them. (ip leaves RTA_TABLE out for
        // tables under 256, and its padding bytes are not zeroed.)
        let encap = |request: &[u8]| -> Vec<(u16, Vec<u8>)> {
            let top = tlvs(&request[16 + 12..]);
            let mut out: Vec<(u16, Vec<u8>)> = top
                .iter()
                .filter(|(t, _)| matches!(t & 0x3fff, 21 | 22))
                .cloned()
                .collect();
            for (t, payload) in &mut out {
                if *t & 0x3fff == 22 {
                    *payload = tlvs(payload)
                        .into_iter()
                        .flat_map(|(k, v)| {
                            let mut b = k.to_ne_bytes().to_vec();
                            b.extend(v);
                            b
                        })
                        .collect();
                }
            }
            out
        };
        let planned = dry_run_request(&ours, words);
        let sent = sent_by(&theirs, "ip", words, &[24]);
        assert_eq!(encap(&planned), encap(&sent), "ip {words}");
        assert_eq!(planned[16..28], sent[16..28], "rtmsg of ip {words}");
        if live {
            rtsock_in(&ours, words);
        }
    }
    for family in ["-4", "-6"] {
        let shown = |ns: &Netns| ns.ip_json(&format!("{family} route show"));
        assert_eq!(shown(&ours), shown(&theirs), "{family}");
        let ip_lines = trimmed_lines(&ours.exec(&["ip", family, "route", "show"]));
        let our_lines: Vec<String> = rtsock_in(&ours, &format!("{family} route show"))
            .lines()
            .map(str::to_owned)
            .collect();
        assert_eq!(our_lines, ip_lines, "{family}");
    }
    // A route from a dump deletes itself, encapsulation and all.
    rtsock_in(&ours, "route del 10.9.0.0/16 dev veth0");
    assert!(!ours.exec(&["ip", "route", "show"]).contains("10.9.0.0"));
}

/// (type with its flags, payload without padding) of each attribute.
fn tlvs(b: &[u8]) -> Vec<(u16, Vec<u8>)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at + 4 <= b.len() {
        let len = usize::from(u16::from_ne_bytes([b[at], b[at + 1]]));
        let kind = u16::from_ne_bytes([b[at + 2], b[at + 3]]);
        if len < 4 || at + len > b.len() {
            break;
        }
        out.push((kind, b[at + 4..at + len].to_vec()));
        at += (len + 3) & !3;
    }
    out
}

/// An MPLS-encapsulated route's line is what ip's own printer writes for
/// the same message (`ip monitor file`; this kernel has no MPLS to dump
/// one). Dumps carry RTA_ENCAP without NLA_F_NESTED, as saved here.
#[test]
fn mpls_encap_lines_are_what_ips_printer_writes() {
    let ns = veth_pair("mplsline");
    let mut message = dry_run_request(
        &ns,
        "route add 10.6.0.0/16 encap mpls 16/17 ttl 9 via 10.0.0.2",
    );
    message[6..8].fill(0);
    let mut at = 16 + 12;
    while at + 4 <= message.len() {
        let len = usize::from(u16::from_ne_bytes([message[at], message[at + 1]]));
        let kind = u16::from_ne_bytes([message[at + 2], message[at + 3]]);
        if kind == 0x8000 | 22 {
            message[at + 2..at + 4].copy_from_slice(&22u16.to_ne_bytes());
        }
        at += (len + 3) & !3;
    }
    let file = std::env::temp_dir().join(format!("rtsock-mpls-{}", std::process::id()));
    std::fs::write(&file, &message).unwrap();
    let theirs = ns.exec(&["ip", "monitor", "file", file.to_str().unwrap()]);
    let ours = std::process::Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args(["decode", "--human", file.to_str().unwrap()])
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    assert_eq!(
        trimmed_lines(&String::from_utf8_lossy(&ours.stdout)),
        trimmed_lines(&theirs)
    );
    assert!(theirs.contains("encap mpls  16/17 ttl 9"), "{theirs}");
}

/// `encap bpf` is read only (its programs are loaded elsewhere): a route
/// carrying one prints as ip's own printer prints it.
#[test]
fn bpf_encap_lines_are_what_ips_printer_writes() {
    let ns = veth_pair("bpfline");
    let mut message = dry_run_request(&ns, "route add 10.5.0.0/16 via 10.0.0.2");
    message[6..8].fill(0);
    let attr = |kind: u16, payload: &[u8]| -> Vec<u8> {
        let mut a = ((4 + payload.len()) as u16).to_ne_bytes().to_vec();
        a.extend_from_slice(&kind.to_ne_bytes());
        a.extend_from_slice(payload);
        a.resize((a.len() + 3) & !3, 0);
        a
    };
    // LWT_BPF_XMIT { FD 5, NAME "prog:[sec]" }, LWT_BPF_XMIT_HEADROOM 14.
    let mut prog = attr(1, &5u32.to_ne_bytes());
    prog.extend(attr(2, b"prog:[sec]\0"));
    let mut encap = attr(3, &prog);
    encap.extend(attr(4, &14u32.to_ne_bytes()));
    message.extend(attr(22, &encap));
    message.extend(attr(21, &6u16.to_ne_bytes()));
    let len = message.len() as u32;
    message[..4].copy_from_slice(&len.to_ne_bytes());
    let file = std::env::temp_dir().join(format!("rtsock-bpf-{}", std::process::id()));
    std::fs::write(&file, &message).unwrap();
    let theirs = ns.exec(&["ip", "monitor", "file", file.to_str().unwrap()]);
    let ours = std::process::Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args(["decode", "--human", file.to_str().unwrap()])
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    assert!(theirs.contains("encap bpf xmit prog:[sec]"), "{theirs}");
    assert_eq!(
        trimmed_lines(&String::from_utf8_lossy(&ours.stdout)),
        trimmed_lines(&theirs)
    );
}

/// AF_MPLS routes (`ip -f mpls route`; this kernel has no MPLS module, so
/// it refuses them, as it refuses ip): each request is the bytes ip sends
/// (rtm_dst_len 20, no RTA_TABLE, the label stack entries with the
/// bottom-of-stack bit, RTA_VIA of either family), and each line is what
/// ip's printer writes for the same message (`ip monitor file`).
#[test]
fn mpls_routes_are_ips_bytes_and_lines() {
    let ns = veth_pair("mplsroute");
    let commands = [
        "-f mpls route add 100 as 200/300 via inet 10.0.0.1 dev veth0",
        "-f mpls route add 101 dev veth0",
        "-f mpls route add 102 via inet6 fe80::1 dev veth0",
        "-f mpls route replace 103 as to 16 via inet 10.0.0.9 dev veth0",
        "-f mpls route add 104 nexthop as 200 via inet 10.0.0.1 dev veth0 nexthop via inet6 fe80::2 dev veth0 weight 2",
        "-f mpls route del 100",
    ];
    for words in commands {
        let ours = dry_run_request(&ns, words);
        assert_eq!(ours, sent_by(&ns, "ip", words, &[24, 25]), "ip {words}");
        if words.contains(" del ") {
            continue;
        }
        let mut message = ours.clone();
        message[6..8].fill(0);
        let file = std::env::temp_dir().join(format!("rtsock-mplsr-{}", std::process::id()));
        std::fs::write(&file, &message).unwrap();
        // One line per route, `\` where ip breaks lines (decode's style).
        let theirs = ns.exec(&["ip", "-o", "monitor", "file", file.to_str().unwrap()]);
        let lines = Command::new(env!("CARGO_BIN_EXE_rtsock"))
            .args(["-n", &ns.name, "decode", "--human", file.to_str().unwrap()])
            .output()
            .unwrap();
        let _ = std::fs::remove_file(&file);
        // (ip leaves a space before each `\`; rtsock does not.)
        let theirs = theirs.replace(" \\", "\\");
        assert_eq!(
            trimmed_lines(&String::from_utf8_lossy(&lines.stdout)),
            trimmed_lines(&theirs),
            "{words}"
        );
    }
    // The kernel's refusal and rtsock's own name the route in ip's words.
    let out = Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args([
            "-n", &ns.name, "-M", "route", "add", "101", "dev", "veth0", "table", "5",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("-f mpls route add 101 dev veth0: an MPLS route takes no table"),
        "{err}"
    );
    let err = rtsock_err(&ns, "-M route add 101 dev veth0");
    assert!(err.contains("-f mpls route add 101 dev veth0: "), "{err}");
}

fn rtsock_err(ns: &Netns, words: &str) -> String {
    let mut args = vec!["-n", ns.name.as_str()];
    args.extend(words.split_whitespace());
    let out = Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args(&args)
        .output()
        .unwrap();
    assert!(!out.status.success(), "{words}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}
