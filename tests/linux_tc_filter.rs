//! Traffic-control filters (issue 15): u32 filters made through rtsock are
//! the bytes `tc filter` sends (captured with strace), are what `tc` makes
//! in a twin namespace and lists, line for line, and come and go in the
//! monitor's tc group; a flush empties a parent.
#![cfg(target_os = "linux")]

mod common;

use common::*;
use rtsock::batch::Change;
use rtsock::change::{TcFilterSpec, U32, Verb};
use rtsock::events::{Event, Group};
use rtsock::views::TcFilter;
use rtsock::{Filter, IpRoute, ObjectKind, RouteSocket};

const INGRESS: u32 = 0xffff_fff2;

/// tc's words, and the spec a library user writes for them.
fn commands() -> Vec<(&'static str, Verb, TcFilterSpec)> {
    let root = 0x0001_0000;
    let ip = 0x0800;
    vec![
        (
            "filter add dev veth0 parent 1: protocol ip prio 1 u32 match ip dst 10.0.0.0/8 match ip dport 80 0xffff flowid 1:10",
            Verb::Add,
            TcFilterSpec::new("veth0", root).protocol(ip).prio(1).u32(
                U32::new()
                    .ip_dst("10.0.0.0/8".parse().unwrap())
                    .unwrap()
                    .ip_dport(80, 0xffff)
                    .unwrap()
                    .flowid(0x0001_0010),
            ),
        ),
        (
            "filter add dev veth0 parent 1: protocol ip prio 2 u32 match ip src 192.0.2.1/32 match ip protocol 6 0xff classid 1:20",
            Verb::Add,
            TcFilterSpec::new("veth0", root).protocol(ip).prio(2).u32(
                U32::new()
                    .ip_src("192.0.2.1/32".parse().unwrap())
                    .unwrap()
                    .ip_protocol(6, 0xff)
                    .unwrap()
                    .flowid(0x0001_0020),
            ),
        ),
        (
            "filter replace dev veth0 parent 1: protocol ip prio 1 handle 800::800 u32 match ip dst 10.1.0.0/16 flowid 1:10",
            Verb::Replace,
            TcFilterSpec::new("veth0", root)
                .protocol(ip)
                .prio(1)
                .handle(0x8000_0800)
                .u32(
                    U32::new()
                        .ip_dst("10.1.0.0/16".parse().unwrap())
                        .unwrap()
                        .flowid(0x0001_0010),
                ),
        ),
        (
            "filter add dev veth1 ingress protocol ip prio 5 u32 match u32 0x0a000001 0xffffffff at 16 match u8 0x11 0xff at 9 skip_hw",
            Verb::Add,
            TcFilterSpec::new("veth1", INGRESS)
                .protocol(ip)
                .prio(5)
                .u32(U32 {
                    skip_hw: true,
                    ..U32::new()
                        .match_word(0x0a00_0001, 0xffff_ffff, 16)
                        .unwrap()
                        .match_u8(0x11, 0xff, 9)
                        .unwrap()
                }),
        ),
        (
            "filter del dev veth0 parent 1: protocol ip prio 2 u32",
            Verb::Delete,
            TcFilterSpec::new("veth0", root)
                .protocol(ip)
                .prio(2)
                .u32(U32::new()),
        ),
    ]
}

fn qdiscs(ns: &Netns) {
    ns.exec(&[
        "tc", "qdisc", "add", "dev", "veth0", "root", "handle", "1:", "htb",
    ]);
    ns.exec(&["tc", "qdisc", "add", "dev", "veth1", "clsact"]);
}

#[test]
fn filter_requests_are_the_bytes_tc_sends() {
    let ns = veth_pair("fltbytes");
    qdiscs(&ns);
    let mut names = names_in(&ns);
    for (words, verb, spec) in commands() {
        let theirs = tc_sent(&ns, words, &[44, 45]);
        let change = Change::TcFilter(verb, spec);
        let (verb, spec) = change.parts();
        let ours = spec.netlink(verb, &mut names).unwrap().finish(0, 0);
        assert_eq!(ours, theirs, "tc {words}");
        // The CLI reads tc's words into the same request.
        let shown = dry_run_request(&ns, &format!("tc {words}"));
        assert_eq!(shown, theirs, "--dry-run tc {words}");
    }
}

/// `tc filter show ARGS` in `ns`, lines trimmed.
fn tc_lines(ns: &Netns, args: &[&str]) -> Vec<String> {
    let mut all = vec!["-n", ns.name.as_str(), "filter", "show"];
    all.extend(args);
    trimmed_lines(&run("tc", &all))
}

#[test]
fn filters_made_by_rtsock_are_what_tc_makes_and_lists() {
    let ours = veth_pair("fltA");
    let theirs = veth_pair("fltB");
    qdiscs(&ours);
    qdiscs(&theirs);
    let mut ipr = IpRoute::in_netns(&ours.name).unwrap();
    for (i, (words, verb, spec)) in commands().into_iter().enumerate() {
        if i % 2 == 1 {
            ipr.change(&Change::TcFilter(verb, spec)).unwrap();
        } else {
            rtsock_in(&ours, &format!("tc {words}"));
        }
        let mut args = vec!["-n", theirs.name.as_str()];
        args.extend(words.split_whitespace());
        run("tc", &args);
        for listing in [&["dev", "veth0"][..], &["dev", "veth1", "ingress"][..]] {
            assert_eq!(
                tc_lines(&ours, listing),
                tc_lines(&theirs, listing),
                "{listing:?} after {words}"
            );
            let ours_listed: Vec<String> =
                rtsock_in(&ours, &format!("tc filter show {}", listing.join(" ")))
                    .lines()
                    .map(str::to_owned)
                    .collect();
            assert_eq!(
                ours_listed,
                tc_lines(&ours, listing),
                "rtsock, {listing:?} after {words}"
            );
        }
    }
    // The view reads the selector back.
    let node = ipr
        .dump(
            ObjectKind::TcFilter,
            &Filter::new().dev("veth1").parent(INGRESS),
        )
        .unwrap()
        .filter_map(|m| TcFilter::from_message(&m.unwrap()))
        .find(|f| f.handle & 0xfff != 0)
        .unwrap();
    let u = node.u32.unwrap();
    let keys: Vec<(u32, u32, i32)> = u.keys.iter().map(|k| (k.val, k.mask, k.off)).collect();
    assert_eq!(
        keys,
        [
            (0x0a00_0001, 0xffff_ffff, 16),
            (0x0011_0000, 0x00ff_0000, 8)
        ]
    );
    assert_eq!((node.prio, node.protocol, u.flags & 1), (5, 0x0800, 1));
    // A flush of the root qdisc's filters leaves none.
    ipr.flush(ObjectKind::TcFilter, &Filter::new().dev("veth0"))
        .unwrap();
    assert_eq!(tc_lines(&ours, &["dev", "veth0"]), Vec::<String>::new());
    // A refusal names the filter in tc's words, with the kernel's text.
    let e = ipr
        .change(&Change::TcFilter(
            Verb::Add,
            TcFilterSpec::new("veth0", 0x0009_0000).u32(U32::new().flowid(0x0009_0001)),
        ))
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("filter add dev veth0 parent 9: u32 flowid 9:1")
            && e.errno().is_some(),
        "{e}"
    );
}

#[test]
fn the_monitor_sees_filters_in_the_tc_group() {
    let ns = veth_pair("fltmon");
    qdiscs(&ns);
    let mut mon = rtsock::linux::Monitor::builder()
        .groups(&[Group::Tc])
        .netns(&ns.name)
        .open()
        .unwrap();
    rtsock_in(
        &ns,
        "tc filter add dev veth0 parent 1: protocol ip prio 7 u32 match ip dst 10.9.0.0/16 flowid 1:9",
    );
    rtsock_in(
        &ns,
        "tc filter del dev veth0 parent 1: protocol ip prio 7 u32",
    );
    let mut seen = Vec::new();
    while !seen.contains(&"RTM_DELTFILTER") {
        if let Event::Change { message } = mon.next_event().unwrap()
            && let Some(f) = TcFilter::from_message(&message)
        {
            assert_eq!(f.prio, 7);
            seen.push(message.event);
        }
    }
    assert_eq!(seen.first(), Some(&"RTM_NEWTFILTER"), "{seen:?}");
}

/// Filters with actions, and matchall and flower filters. This kernel has
/// neither action modules nor cls_matchall nor cls_flower and refuses
/// them; the requests are captured from tc all the same.
const WITH_ACTIONS: [&str; 10] = [
    "filter add dev veth1 ingress protocol ip prio 1 u32 match ip src 192.0.2.0/24 action drop",
    "filter add dev veth0 parent 1: protocol ip prio 2 u32 match ip dst 10.0.0.1/32 flowid 1:10 action mirred egress redirect dev veth1",
    "filter add dev veth1 ingress protocol all prio 3 u32 match u32 0 0 action mirred ingress mirror dev veth0 action pass",
    "filter add dev veth1 ingress protocol all prio 4 matchall action mirred egress redirect dev veth0",
    "filter add dev veth0 parent 1: protocol ip prio 9 matchall classid 1:10 action drop action pass",
    "filter add dev veth1 ingress protocol ip prio 6 u32 match ip src 10.0.0.0/8 action police rate 1mbit burst 10k drop",
    "filter add dev veth1 ingress protocol all prio 7 matchall action police rate 8mbit burst 32000 mtu 1600 peakrate 16mbit conform-exceed drop/pipe action pass",
    "filter add dev veth1 ingress protocol ip prio 8 flower dst_mac 02:00:00:00:00:01 ip_proto tcp dst_ip 10.0.0.0/8 src_ip 192.0.2.1 dst_port 80 action drop",
    "filter add dev veth1 ingress protocol ipv6 prio 9 flower classid 1:10 skip_hw src_mac 02:00:00:00:00:00/40 ip_proto udp src_ip 2001:db8::/32 src_port 53",
    "filter add dev veth1 ingress protocol all prio 10 flower",
];

#[test]
fn action_requests_are_the_bytes_tc_sends_and_decode() {
    let ns = veth_pair("fltact");
    qdiscs(&ns);
    for words in WITH_ACTIONS {
        let theirs = tc_sent(&ns, words, &[44]);
        let ours = dry_run_request(&ns, &format!("tc {words}"));
        // TCA_POLICE_RATE and _PEAKRATE: rounded as iproute2 6.15 does.
        assert_same_request(&ours, &theirs, words, &[2, 3]);
    }
    // The last one decodes into its two actions, options read by kind.
    let ours = {
        let mut names = names_in(&ns);
        let spec = TcFilterSpec::new("veth1", INGRESS).protocol(3).prio(3).u32(
            U32::new()
                .match_word(0, 0, 0)
                .unwrap()
                .action(rtsock::change::TcAction::Mirred {
                    ingress: true,
                    mirror: true,
                    dev: "veth0".into(),
                })
                .action(rtsock::change::TcAction::Gact(
                    rtsock::change::Verdict::Pass,
                )),
        );
        let change = Change::TcFilter(Verb::Add, spec);
        let (verb, spec) = change.parts();
        spec.netlink(verb, &mut names).unwrap().finish(0, 0)
    };
    let (_, attrs) = rtsock::linux::decode_body(44, &ours[16..], 16).unwrap();
    let options = rtsock::common::value::find_key(&attrs, &rtsock::attrs::TCA_OPTIONS).unwrap();
    let list =
        rtsock::common::value::find_key(options.as_nested().unwrap(), &rtsock::attrs::TCA_U32_ACT)
            .unwrap();
    let rtsock::Value::List(actions) = list else {
        panic!("{list:?}")
    };
    let summary: Vec<(String, Option<u64>)> = actions
        .iter()
        .map(|a| {
            let a = a.as_nested().unwrap();
            let kind = rtsock::common::value::find_key(a, &rtsock::attrs::TCA_ACT_KIND)
                .and_then(|v| v.as_str())
                .unwrap()
                .to_owned();
            let opts = rtsock::common::value::find_key(a, &rtsock::attrs::TCA_ACT_OPTIONS)
                .and_then(|v| v.as_nested())
                .unwrap();
            // TCA_GACT_PARMS and TCA_MIRRED_PARMS are both number 2.
            let action = opts[0]
                .value
                .field("action")
                .and_then(rtsock::Value::as_u64);
            (kind, action)
        })
        .collect();
    // mirror: TC_ACT_PIPE (3); pass: TC_ACT_OK (0).
    assert_eq!(
        summary,
        [("mirred".to_owned(), Some(3)), ("gact".to_owned(), Some(0))]
    );
}

/// fw, basic and bpf filters, and the skbedit, vlan and pedit actions:
/// tc's words, as arguments (the bytecode holds spaces).
const MORE_KINDS: &[&[&str]] = &[
    &[
        "filter", "add", "dev", "veth0", "parent", "1:", "protocol", "ip", "prio", "11", "handle",
        "5", "fw", "classid", "1:10",
    ],
    &[
        "filter", "add", "dev", "veth0", "parent", "1:", "protocol", "ip", "prio", "12", "handle",
        "0x7/0xff", "fw", "classid", "1:20", "indev", "veth1", "action", "drop",
    ],
    &[
        "filter",
        "add",
        "dev",
        "veth1",
        "ingress",
        "protocol",
        "all",
        "prio",
        "13",
        "basic",
        "classid",
        "1:1",
        "action",
        "skbedit",
        "queue_mapping",
        "3",
        "priority",
        "1:5",
        "mark",
        "7/0xff",
        "ptype",
        "host",
    ],
    &[
        "filter",
        "add",
        "dev",
        "veth1",
        "ingress",
        "protocol",
        "all",
        "prio",
        "14",
        "handle",
        "3",
        "basic",
        "action",
        "vlan",
        "push",
        "id",
        "100",
        "protocol",
        "802.1ad",
        "priority",
        "3",
        "action",
        "vlan",
        "pop",
        "pass",
        "action",
        "skbedit",
        "mark",
        "9",
        "inheritdsfield",
        "drop",
    ],
    &[
        "filter",
        "add",
        "dev",
        "veth1",
        "ingress",
        "protocol",
        "all",
        "prio",
        "15",
        "basic",
        "action",
        "vlan",
        "modify",
        "id",
        "7",
        "action",
        "vlan",
        "push_eth",
        "dst_mac",
        "02:00:00:00:00:01",
        "src_mac",
        "02:00:00:00:00:02",
    ],
    &[
        "filter",
        "add",
        "dev",
        "veth1",
        "ingress",
        "protocol",
        "ip",
        "prio",
        "16",
        "u32",
        "match",
        "ip",
        "dst",
        "10.0.0.0/8",
        "action",
        "pedit",
        "munge",
        "ip",
        "src",
        "set",
        "192.0.2.1",
        "munge",
        "ip",
        "ttl",
        "set",
        "64",
        "munge",
        "offset",
        "22",
        "u16",
        "set",
        "8080",
        "munge",
        "offset",
        "1",
        "u8",
        "set",
        "0x10",
        "retain",
        "0xf0",
        "pipe",
    ],
    &[
        "filter",
        "add",
        "dev",
        "veth1",
        "ingress",
        "protocol",
        "all",
        "prio",
        "17",
        "bpf",
        "bytecode",
        "4,40 0 0 12,21 0 1 2048,6 0 0 262144,6 0 0 0",
        "classid",
        "1:1",
        "da",
    ],
    &[
        "filter",
        "add",
        "dev",
        "veth1",
        "ingress",
        "protocol",
        "all",
        "prio",
        "18",
        "handle",
        "9",
        "bpf",
        "bytecode",
        "1,6 0 0 4294967295",
        "classid",
        "1:2",
        "skip_hw",
        "action",
        "mirred",
        "egress",
        "mirror",
        "dev",
        "veth0",
    ],
];

#[test]
fn fw_basic_bpf_skbedit_vlan_and_pedit_are_the_bytes_tc_sends_and_decode() {
    let ns = veth_pair("fltmore");
    qdiscs(&ns);
    let mut decoded = Vec::new();
    for args in MORE_KINDS {
        let words = args.join(" ");
        let theirs = sent_by_args(&ns, "tc", args, &[44]);
        let mut cli = vec!["tc"];
        cli.extend(args.iter());
        let ours = dry_run_request_of(&ns, &cli);
        assert_eq!(ours, theirs, "tc {words}");
        // tc's own request decodes, its options read by kind.
        let (_, attrs) = rtsock::linux::decode_body(44, &theirs[16..], 16).unwrap();
        decoded.push(serde_json::to_value(&attrs).unwrap());
    }
    let text = |v: &serde_json::Value| v.to_string();
    // fw's mask and device; skbedit's settings; the vlan tag; the pedit
    // keys (value and mask in network order); the classic BPF program.
    assert!(
        text(&decoded[1]).contains(r#"["TCA_FW_MASK",255]"#),
        "{}",
        decoded[1]
    );
    assert!(text(&decoded[1]).contains(r#"["TCA_FW_INDEV","veth1"]"#));
    for needle in [
        r#"["TCA_SKBEDIT_QUEUE_MAPPING",3]"#,
        r#"["TCA_SKBEDIT_PRIORITY",65541]"#,
        r#"["TCA_SKBEDIT_MARK",7]"#,
        r#"["TCA_SKBEDIT_MASK",255]"#,
        r#"["TCA_SKBEDIT_PTYPE",0]"#,
    ] {
        assert!(
            text(&decoded[2]).contains(needle),
            "{needle}: {}",
            decoded[2]
        );
    }
    assert!(
        text(&decoded[3]).contains(r#"["TCA_VLAN_PUSH_VLAN_ID",100]"#),
        "{}",
        decoded[3]
    );
    assert!(text(&decoded[3]).contains(r#"["TCA_VLAN_PUSH_VLAN_PROTOCOL",34984]"#));
    assert!(text(&decoded[3]).contains(r#""v_action":2"#));
    assert!(text(&decoded[3]).contains(r#"["TCA_SKBEDIT_FLAGS",32]"#));
    let pedit = text(&decoded[5]);
    assert!(pedit.contains(r#""nkeys":4"#), "{pedit}");
    assert!(
        pedit.contains(r#"{"mask":0,"val":3221225985,"off":12,"at":0,"offmask":0,"shift":0}"#),
        "{pedit}"
    );
    assert!(
        pedit.contains(r#"{"mask":4294901760,"val":8080,"off":20"#),
        "{pedit}"
    );
    let bpf = text(&decoded[6]);
    assert!(bpf.contains(r#"["TCA_BPF_OPS_LEN",4]"#), "{bpf}");
    assert!(
        bpf.contains(r#"{"code":21,"jt":0,"jf":1,"k":2048}"#),
        "{bpf}"
    );
    assert!(bpf.contains(r#"["TCA_BPF_FLAGS",1]"#), "{bpf}");
}

/// Chains: the requests are tc's bytes; chains made through the library
/// are what `tc chain show` lists, line for line (JSON too), the monitor
/// hears them come and go in the tc group, and a flush of a block's
/// chains leaves it empty.
#[test]
fn chains_are_tcs_bytes_and_listings_and_come_and_go_in_the_monitor() {
    use rtsock::change::TcChainSpec;
    use rtsock::views::TcChain;
    let ns = veth_pair("chains");
    qdiscs(&ns);
    let mut names = names_in(&ns);
    for (words, verb, spec) in [
        (
            "chain add dev veth1 ingress chain 5",
            Verb::Add,
            TcChainSpec::new("veth1", INGRESS, 5),
        ),
        (
            "chain del dev veth1 egress chain 7",
            Verb::Delete,
            TcChainSpec::new("veth1", 0xffff_fff3, 7),
        ),
    ] {
        let theirs = tc_sent(&ns, words, &[100, 101]);
        let change = Change::TcChain(verb, spec);
        let (verb, spec) = change.parts();
        assert_eq!(
            spec.netlink(verb, &mut names).unwrap().finish(0, 0),
            theirs,
            "tc {words}"
        );
        assert_eq!(
            dry_run_request(&ns, &format!("tc {words}")),
            theirs,
            "--dry-run tc {words}"
        );
    }

    let mut mon = rtsock::linux::Monitor::builder()
        .groups(&[Group::Tc])
        .netns(&ns.name)
        .open()
        .unwrap();
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    for chain in [3, 9] {
        ipr.change(&Change::TcChain(
            Verb::Add,
            TcChainSpec::new("veth1", INGRESS, chain),
        ))
        .unwrap();
    }
    ns.exec(&["tc", "chain", "add", "dev", "veth1", "egress", "chain", "4"]);
    for hook in ["ingress", "egress"] {
        let theirs = ns.exec(&["tc", "chain", "show", "dev", "veth1", hook]);
        let ours = rtsock_in(&ns, &format!("tc chain show dev veth1 {hook}"));
        assert_eq!(trimmed_lines(&ours), trimmed_lines(&theirs), "{hook}");
        let ours_json = rtsock_in(&ns, &format!("-j tc chain show dev veth1 {hook}"));
        let chains: Vec<u64> = serde_json::from_str::<serde_json::Value>(&ours_json)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["attrs"][0][1].as_u64().unwrap())
            .collect();
        let tc_json: serde_json::Value =
            serde_json::from_str(&ns.exec(&["tc", "-j", "chain", "show", "dev", "veth1", hook]))
                .unwrap();
        let tcs: Vec<u64> = tc_json
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["chain"].as_u64().unwrap())
            .collect();
        assert_eq!(chains, tcs, "{hook}");
    }
    assert_eq!(
        trimmed_lines(&ns.exec(&["tc", "chain", "show", "dev", "veth1", "ingress"])),
        // Chain 5 is tc's own, from the byte comparison: the block lists
        // chains in the order they were made.
        [
            "chain parent ffff: chain 5",
            "chain parent ffff: chain 3",
            "chain parent ffff: chain 9"
        ]
    );

    // Every chain of the ingress block, deleted from its dump.
    let filter = Filter::new().dev("veth1").parent(INGRESS);
    let dumped: Vec<_> = ipr
        .dump(ObjectKind::TcChain, &filter)
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert_eq!(dumped.len(), 3);
    for m in &dumped {
        let spec = TcChainSpec::new("veth1", INGRESS, TcChain::from_message(m).unwrap().chain);
        ipr.change(&Change::TcChain(Verb::Delete, spec)).unwrap();
    }
    assert_eq!(
        ns.exec(&["tc", "chain", "show", "dev", "veth1", "ingress"])
            .trim(),
        ""
    );

    let mut seen = Vec::new();
    while seen.len() < 6 {
        if let Event::Change { message } = mon.next_event().unwrap()
            && let Some(c) = TcChain::from_message(&message)
        {
            seen.push((message.event, c.chain));
        }
    }
    assert_eq!(
        seen,
        [
            ("RTM_NEWCHAIN", 3),
            ("RTM_NEWCHAIN", 9),
            ("RTM_NEWCHAIN", 4),
            ("RTM_DELCHAIN", 5),
            ("RTM_DELCHAIN", 3),
            ("RTM_DELCHAIN", 9)
        ]
    );
}

/// The request of `tc ARGS` as a dump would hold the filter: flags 0, a
/// handle (1 unless the request names one), TCA_CHAIN 0 appended.
fn as_dumped(request: &[u8]) -> Vec<u8> {
    let mut m = request.to_vec();
    m[6..8].fill(0);
    if m[24..28] == [0; 4] {
        m[24..28].copy_from_slice(&1u32.to_ne_bytes());
    }
    m.extend_from_slice(&8u16.to_ne_bytes());
    m.extend_from_slice(&11u16.to_ne_bytes());
    m.extend_from_slice(&0u32.to_ne_bytes());
    let len = m.len() as u32;
    m[..4].copy_from_slice(&len.to_ne_bytes());
    m
}

/// Lines for the classifiers and actions this kernel lacks are checked
/// against tc's own printer: `tc monitor file` prints a saved message
/// with print_filter, as `tc filter show` would print it from a dump.
#[test]
fn lines_of_filters_with_actions_are_what_tcs_printer_writes() {
    let ns = veth_pair("fltlines");
    qdiscs(&ns);
    let mut all: Vec<Vec<String>> = WITH_ACTIONS
        .iter()
        .map(|w| w.split_whitespace().map(str::to_owned).collect())
        .collect();
    all.extend(
        MORE_KINDS
            .iter()
            .map(|a| a.iter().map(|w| (*w).to_owned()).collect()),
    );
    let names = names_in(&ns);
    let file = std::env::temp_dir().join(format!("rtsock-tcmon-{}", std::process::id()));
    for args in all {
        let mut cli = vec!["tc"];
        cli.extend(args.iter().map(String::as_str));
        let message = as_dumped(&dry_run_request_of(&ns, &cli));
        std::fs::write(&file, &message).unwrap();
        let theirs = ns.exec(&["tc", "monitor", "file", file.to_str().unwrap()]);
        let decoded = rtsock::linux::decode_stream(&message).remove(0).unwrap();
        let name_of = |i: u32| {
            names
                .0
                .iter()
                .find(|(_, v)| **v == i)
                .map(|(n, _)| n.clone())
        };
        let name = |i: u32| name_of(i).unwrap_or_else(|| format!("if{i}"));
        let dev = name_of(match decoded.body {
            rtsock::Body::Tc(h) => h.index,
            _ => 0,
        });
        let ours =
            TcFilter::from_message(&decoded)
                .unwrap()
                .lines_naming(dev.as_deref(), false, &name);
        assert_eq!(ours, trimmed_lines(&theirs), "tc {}", args.join(" "));
    }
    let _ = std::fs::remove_file(file);
}
