//! Shared traffic-control actions (`tc actions`, RTM_*ACTION): requests
//! are the bytes tc sends (strace; this kernel has no action modules, so
//! it refuses both), dumps ask what tc asks, the replies and events print
//! as tc's own printer prints them (`tc monitor file`), and the kernel's
//! refusals name the action.
#![cfg(target_os = "linux")]

mod common;

use std::process::Command;

use common::*;

const RTM_NEWACTION: u16 = 48;
const RTM_DELACTION: u16 = 49;
const RTM_GETACTION: u16 = 50;

const CHANGES: [&str; 10] = [
    "actions add action gact drop index 5",
    "actions add action gact pass",
    "actions replace action gact pass index 5",
    "actions add action mirred egress redirect dev veth0 index 7",
    "actions add action police rate 1mbit burst 10k index 8",
    "actions add action skbedit mark 5 index 9",
    "actions add action vlan pop index 10",
    "actions add action pedit munge ip ttl set 9 index 11",
    "actions del action gact index 5",
    "actions flush action gact",
];

#[test]
fn shared_action_requests_are_the_bytes_tc_sends() {
    let ns = veth_pair("tcacts");
    for words in CHANGES {
        let theirs = tc_sent(&ns, words, &[RTM_NEWACTION, RTM_DELACTION]);
        let ours = dry_run_request(&ns, &format!("tc {words}"));
        // TCA_POLICE_RATE's table: rounded as iproute2 6.15 does.
        assert_same_request(&ours, &theirs, words, &[2, 3]);
    }
    // A listing asks for one kind, with TCA_ACT_FLAG_LARGE_DUMP_ON.
    let rtsock = env!("CARGO_BIN_EXE_rtsock");
    let words = "actions ls action gact";
    assert_eq!(
        sent_by(&ns, rtsock, &format!("tc {words}"), &[RTM_GETACTION]),
        tc_sent(&ns, words, &[RTM_GETACTION]),
        "tc {words}"
    );
}

/// A request re-read as the kernel's message: as sent (an event: "Added
/// action", orders from 1), or as a dump part (NLM_F_MULTI, the nest
/// numbered from 0 as tcf_dump_walker numbers it).
fn as_kernel_message(mut message: Vec<u8>, dumped: bool) -> Vec<u8> {
    message[8..16].fill(0);
    if dumped {
        message[6..8].copy_from_slice(&2u16.to_ne_bytes());
        // tcamsg (4), TCA_ROOT_TAB's head (4), then action 1's head.
        message[16 + 4 + 4 + 2..16 + 4 + 4 + 4].copy_from_slice(&0u16.to_ne_bytes());
    }
    message
}

#[test]
fn shared_actions_print_as_tcs_printer_prints_them() {
    let ns = veth_pair("tcactlines");
    for (words, dumped) in CHANGES[..8].iter().flat_map(|w| [(*w, false), (*w, true)]) {
        let message = as_kernel_message(dry_run_request(&ns, &format!("tc {words}")), dumped);
        let file = std::env::temp_dir().join(format!("rtsock-act-{}", std::process::id()));
        std::fs::write(&file, &message).unwrap();
        let theirs = ns.exec(&["tc", "monitor", "file", file.to_str().unwrap()]);
        let ours = Command::new(env!("CARGO_BIN_EXE_rtsock"))
            .args(["-n", &ns.name, "decode", "--human", file.to_str().unwrap()])
            .output()
            .unwrap();
        let _ = std::fs::remove_file(&file);
        assert_eq!(
            trimmed_lines(&String::from_utf8_lossy(&ours.stdout)),
            trimmed_lines(&theirs),
            "{words} (dumped: {dumped})"
        );
        let order = if dumped { "order 0:" } else { "order 1:" };
        assert!(theirs.contains(order), "{theirs}");
    }
}

#[test]
fn the_kernel_lists_none_here_and_its_refusals_name_the_action() {
    use rtsock::{Filter, IpRoute, ObjectKind, RouteSocket};
    let ns = veth_pair("tcactlive");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let listed = ipr
        .dump(ObjectKind::TcAction, &Filter::new().action_kind("gact"))
        .unwrap()
        .count();
    assert_eq!(listed, 0);
    assert!(
        ns.exec(&["tc", "actions", "ls", "action", "gact"])
            .trim()
            .is_empty()
    );
    let spec = rtsock::change::TcActionSpec::new(
        rtsock::change::TcAction::Gact(rtsock::change::Verdict::Drop),
        Some(5),
    );
    let e = ipr
        .change(&rtsock::batch::Change::TcAction(
            rtsock::change::Verb::Add,
            spec,
        ))
        .unwrap_err();
    let text = e.to_string();
    assert!(
        text.starts_with("actions add action gact index 5: ") && text.contains("TC action"),
        "{text}"
    );
    // A kind is what the kernel lists by: a filter without one is refused
    // for other kinds' dumps, and names the field.
    let e = ipr
        .dump(ObjectKind::Link, &Filter::new().action_kind("gact"))
        .err()
        .unwrap();
    assert!(e.to_string().contains("action_kind"), "{e}");
}
