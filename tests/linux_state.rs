//! Transactions against the real kernel (issue 17): a target state in
//! nmstate's format applies and then equals the target (`ip -j` checked);
//! applying it again plans nothing; a document whose later step fails
//! leaves the namespace exactly as it was; a concurrent change is seen and
//! reported; unknown keys are refused by name; the live state follows a
//! burst of changes through overruns.
#![cfg(target_os = "linux")]

mod common;

use std::collections::BTreeSet;
use std::process::{Command, Output};
use std::sync::mpsc;
use std::time::Duration;

use common::*;
use rtsock::events::Event;
use rtsock::state::{self, CommitOptions, Document, Live, State};
use rtsock::{IpRoute, ObjectKind};
use serde_json::Value as Json;

const TOPOLOGY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/state/topology.yml");

fn rtsock(ns: &Netns, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args(["-n", &ns.name])
        .args(args)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// What `ip -j` says of every kind, reduced to what a transaction may
/// change and sorted: links (name, mtu, MAC, flags, master), addresses,
/// routes of every table, rules of both families.
fn ip_everything(ns: &Netns) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for l in ns.ip_json("link show").as_array().unwrap() {
        out.insert(format!(
            "link {} mtu {} {} {} master {}",
            l["ifname"], l["mtu"], l["address"], l["flags"], l["master"]
        ));
    }
    for l in ns.ip_json("addr show").as_array().unwrap() {
        for a in l["addr_info"].as_array().unwrap() {
            out.insert(format!(
                "addr {} {}/{}",
                l["ifname"], a["local"], a["prefixlen"]
            ));
        }
    }
    for family in ["-4", "-6"] {
        for r in ns
            .ip_json(&format!("{family} route show table all"))
            .as_array()
            .unwrap()
        {
            out.insert(format!(
                "route {} {} via {} dev {} table {} proto {} metric {} type {}",
                family,
                r["dst"],
                r["gateway"],
                r["dev"],
                r["table"],
                r["protocol"],
                r["metric"],
                r["type"]
            ));
        }
        for r in ns
            .ip_json(&format!("{family} rule show"))
            .as_array()
            .unwrap()
        {
            out.insert(format!("rule {family} {r}"));
        }
    }
    out
}

#[test]
fn a_target_state_applies_then_equals_it_and_again_plans_nothing() {
    let ns = Netns::new("state");
    let out = rtsock(&ns, &["state", "apply", TOPOLOGY]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("verified"),
        "{}",
        text(&out.stdout)
    );

    let links: Vec<Json> = ns.ip_json("link show").as_array().unwrap().clone();
    let link = |name: &str| links.iter().find(|l| l["ifname"] == name).unwrap().clone();
    for port in ["veth0", "veth1"] {
        assert_eq!(link(port)["master"], "br0");
        assert_eq!(link(port)["mtu"], 1450);
    }
    assert_eq!(link("br0")["mtu"], 1450);
    assert_eq!(link("veth1")["address"], "02:00:00:00:01:01");
    let details = ns.ip_json("-d link show mv0");
    assert_eq!(details[0]["link"], "veth0p");
    assert_eq!(details[0]["linkinfo"]["info_data"]["mode"], "bridge");
    let details = ns.ip_json("-d link show vx0");
    let vx = &details[0]["linkinfo"]["info_data"];
    assert_eq!(
        (vx["id"].as_u64(), vx["remote"].as_str()),
        (Some(42), Some("192.0.2.200"))
    );
    assert_eq!(
        (vx["link"].as_str(), vx["port"].as_u64()),
        (Some("br0"), Some(4789))
    );
    for name in ["br0", "veth0", "veth0p", "veth1", "veth1p", "mv0", "vx0"] {
        let flags = link(name)["flags"].to_string();
        assert!(flags.contains("\"UP\""), "{name}: {flags}");
    }
    let addrs = ns.ip_json("addr show dev br0");
    let locals: Vec<String> = addrs[0]["addr_info"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| format!("{}/{}", a["local"].as_str().unwrap(), a["prefixlen"]))
        .collect();
    assert!(locals.contains(&"192.0.2.1/24".to_owned()), "{locals:?}");
    assert!(
        locals.contains(&"2001:db8:1::1/64".to_owned()),
        "{locals:?}"
    );
    let main = ns.ip_json("route show 203.0.113.0/24");
    assert_eq!(main[0]["gateway"], "192.0.2.254");
    assert_eq!(main[0]["metric"], 100);
    let t100 = ns.ip_json("route show table 100");
    assert_eq!(t100[0]["dst"], "default");
    assert_eq!(t100[0]["gateway"], "198.51.100.254");
    let t100v6 = ns.ip_json("-6 route show table 100");
    assert_eq!(t100v6[0]["dst"], "2001:db8:2::/48");
    let rules = ns.ip_json("rule show");
    assert!(
        rules
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["priority"] == 1000 && r["src"] == "192.0.2.0" && r["table"] == "100"),
        "{rules}"
    );
    let rules6 = ns.ip_json("-6 rule show");
    assert!(
        rules6
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["priority"] == 1000)
    );

    // The same file again: nothing to do, nothing changed.
    let before = ip_everything(&ns);
    let again = rtsock(&ns, &["state", "apply", TOPOLOGY]);
    assert!(again.status.success());
    assert!(
        text(&again.stdout).starts_with("nothing to do"),
        "{}",
        text(&again.stdout)
    );
    assert_eq!(ip_everything(&ns), before);

    // What `state show` prints applies to the same state as nothing.
    let shown = rtsock(&ns, &["state", "show"]);
    let file = std::env::temp_dir().join(format!("rtsock-state-{}.yml", std::process::id()));
    std::fs::write(&file, &shown.stdout).unwrap();
    let same = rtsock(&ns, &["state", "apply", file.to_str().unwrap()]);
    std::fs::remove_file(&file).unwrap();
    assert!(
        text(&same.stdout).starts_with("nothing to do"),
        "{}\n{}",
        text(&same.stdout),
        text(&shown.stdout)
    );
}

#[test]
fn a_failing_later_step_leaves_the_namespace_exactly_as_it_was() {
    let ns = veth_pair("staterb");
    ns.ip("addr add 2001:db8:9::1/64 dev veth0 nodad");
    ns.ip("route add 10.20.0.0/16 via 10.0.0.2 table 200");
    ns.ip("rule add from 10.0.0.0/24 lookup 200 pref 500");
    let before = ip_everything(&ns);
    // A bridge to create, settings and addresses to change, a route and a
    // rule to delete, then a route whose gateway no network reaches.
    let doc = r#"
interfaces:
- name: br9
  type: linux-bridge
  ipv4:
    address:
    - ip: 192.0.2.9
      prefix-length: 24
  bridge:
    port:
    - name: veth1
- name: veth0
  mtu: 1400
  mac-address: 02:00:00:00:09:09
  ipv4:
    address:
    - ip: 10.0.0.9
      prefix-length: 24
  ipv6:
    enabled: false
routes:
  config:
  - destination: 10.20.0.0/16
    table-id: 200
    state: absent
  - destination: 203.0.113.0/24
    next-hop-address: 198.18.0.1
route-rules:
  config:
  - priority: 500
    state: absent
"#;
    let file = std::env::temp_dir().join(format!("rtsock-rollback-{}.yml", std::process::id()));
    std::fs::write(&file, doc).unwrap();
    let out = rtsock(&ns, &["state", "apply", file.to_str().unwrap()]);
    std::fs::remove_file(&file).unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("route add 203.0.113.0/24 via 198.18.0.1") && err.contains("errno"),
        "{err}"
    );
    assert!(err.contains("the state is as it was"), "{err}");
    assert_eq!(ip_everything(&ns), before, "{err}");
}

#[test]
fn a_concurrent_change_is_seen_and_reported_not_overwritten_silently() {
    let ns = veth_pair("stateconc");
    let doc = Document::from_json(
        r#"{"interfaces": [{"name": "veth0", "mtu": 1400,
            "ipv4": {"address": [{"ip": "10.0.0.1", "prefix-length": 24},
                                 {"ip": "10.0.0.7", "prefix-length": 24}]}}]}"#,
    )
    .unwrap();
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let plan = State::load(&mut ipr).unwrap().plan(&doc).unwrap();
    assert_eq!(plan.steps.len(), 2, "{:#?}", plan.diff());
    // Meanwhile another writer adds the address the plan would add (an
    // add would now fail with EEXIST) and changes the MTU it would set.
    ns.ip("addr add 10.0.0.7/24 dev veth0");
    ns.ip("link set veth0 mtu 1300");
    let report = state::commit_plan(&mut ipr, &doc, plan, &CommitOptions::default()).unwrap();
    assert!(
        report.concurrent.iter().any(|o| o.starts_with("link"))
            && report.concurrent.iter().any(|o| o.starts_with("address")),
        "{:?}",
        report.concurrent
    );
    // Merged: the address was not added twice; the MTU is the target's.
    assert_eq!(report.applied, 1, "{:#?}", report.plan.diff());
    assert_eq!(ns.ip_json("link show veth0")[0]["mtu"], 1400);
}

#[test]
fn unknown_keys_and_uncovered_features_are_refused_by_name() {
    let ns = Netns::new("statekeys");
    let before = ip_everything(&ns);
    for (doc, key) in [
        (
            "interfaces:\n- name: x0\n  type: dummy\n  bogus: 1\n",
            "bogus",
        ),
        (
            "interfaces:\n- name: x0\n  ipv4:\n    dhcp: true\n",
            "ipv4.dhcp",
        ),
        ("dns-resolver:\n  config: {}\n", "dns-resolver"),
        (
            "routes:\n  config:\n  - destination: 10.0.0.0/8\n    next-hop-mtu: 9\n",
            "next-hop-mtu",
        ),
    ] {
        let file = std::env::temp_dir().join(format!("rtsock-keys-{}.yml", std::process::id()));
        std::fs::write(&file, doc).unwrap();
        let out = rtsock(&ns, &["state", "apply", file.to_str().unwrap()]);
        std::fs::remove_file(&file).unwrap();
        let err = text(&out.stderr);
        assert!(!out.status.success() && err.contains(key), "{doc}: {err}");
    }
    assert_eq!(ip_everything(&ns), before);
}

#[test]
fn the_live_state_follows_a_burst_of_100_000_routes_through_overruns() {
    let ns = veth_pair("statelive");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    // A receive buffer this small overruns during the burst: the monitor
    // resyncs from a dump, and the state must still come out right.
    let mut live = Live::open_with(&mut ipr, Some(16 * 1024)).unwrap();
    let routes = 100_000;
    let dst = |i: usize| format!("10.{}.{}.{}", 100 + i / 65536, (i / 256) % 256, i % 256);
    let batch: String = (0..routes)
        .map(|i| format!("route add {}/32 via 10.0.0.2\n", dst(i)))
        .collect();
    // The whole burst lands before anything is read: the socket's
    // buffer cannot hold it, so the kernel drops events (an overrun).
    let file = std::env::temp_dir().join(format!("rtsock-burst-{}.batch", std::process::id()));
    std::fs::write(&file, batch).unwrap();
    ns.ip(&format!("-batch {}", file.display()));
    std::fs::remove_file(&file).unwrap();
    let (tx, rx) = mpsc::channel();
    let watcher = std::thread::spawn(move || {
        let want = |s: &State| s.routes().filter(|(_, r)| r.gateway.is_some()).count() >= routes;
        // Checked when the last route's add or a resync arrives (counting
        // after every event would make this quadratic).
        let last: std::net::IpAddr = dst(routes - 1).parse().unwrap();
        let mut overruns = 0;
        loop {
            let event = live.next_event().unwrap();
            let check = match &event {
                Event::Overrun => {
                    overruns += 1;
                    false
                }
                Event::Resynced { .. } => true,
                Event::Change { message } => {
                    message
                        .get(&rtsock::attrs::RTA_DST)
                        .and_then(rtsock::Value::as_ip)
                        == Some(last)
                }
                _ => false,
            };
            if check && want(live.state()) {
                break;
            }
        }
        tx.send(()).unwrap();
        (live, overruns)
    });
    rx.recv_timeout(Duration::from_secs(120))
        .expect("the live state caught up with the burst");
    let (live, overruns) = watcher.join().unwrap();
    assert!(
        overruns > 0,
        "the burst was meant to overrun a 16 KiB buffer"
    );
    let fresh = State::load(&mut ipr).unwrap();
    assert_eq!(live.state().differences(&fresh), Vec::<String>::new());
    assert_eq!(
        live.state().messages(ObjectKind::Route).count(),
        fresh.messages(ObjectKind::Route).count()
    );
    // And what ip -j lists, route for route.
    let ours: BTreeSet<String> = live
        .state()
        .routes()
        .filter(|(_, r)| r.table == 254 && r.family == rtsock::constants::AF_INET)
        .map(|(_, r)| r.dst.map_or("default".to_owned(), |d| d.to_string()))
        .collect();
    let theirs: BTreeSet<String> = ns
        .ip_json("route show")
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["dst"]
                .as_str()
                .unwrap()
                .trim_end_matches("/24")
                .to_owned()
        })
        .collect();
    assert_eq!(ours.len(), routes + 1);
    assert_eq!(ours, theirs);
}

fn rtsock_env(ns: &Netns, run_dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .env("RTSOCK_RUN_DIR", run_dir)
        .args(["-n", &ns.name])
        .args(args)
        .output()
        .unwrap()
}

/// Waits until `ip -j` of every kind equals `want`, for up to `secs`.
fn settles_to(ns: &Netns, want: &BTreeSet<String>, secs: u64) -> bool {
    let deadline = std::time::Instant::now() + Duration::from_secs(secs);
    while std::time::Instant::now() < deadline {
        if ip_everything(ns) == *want {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn a_checkpoint_without_commit_rolls_back_by_itself_and_a_commit_keeps_it() {
    let run_dir = std::env::temp_dir().join(format!("rtsock-run-{}", std::process::id()));
    let lab = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/state/lab.yml");

    // No commit: the state before comes back.
    let ns = veth_pair("statecp");
    ns.ip("rule add from 10.0.0.0/8 lookup 100 pref 100");
    let before = ip_everything(&ns);
    let out = rtsock_env(&ns, &run_dir, &["state", "apply", "--checkpoint", "1", lab]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("checkpoint"),
        "{}",
        text(&out.stdout)
    );
    let applied = ip_everything(&ns);
    assert_ne!(applied, before);
    // A second checkpoint while one is pending is refused.
    let again = rtsock_env(&ns, &run_dir, &["state", "apply", "--checkpoint", "1", lab]);
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("pending"),
        "{}",
        text(&again.stderr)
    );
    assert!(settles_to(&ns, &before, 10), "not rolled back by itself");

    // Committed: it stays.
    let ns = veth_pair("statecp2");
    let out = rtsock_env(&ns, &run_dir, &["state", "apply", "--checkpoint", "1", lab]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let applied = ip_everything(&ns);
    let commit = rtsock_env(&ns, &run_dir, &["state", "commit"]);
    assert!(commit.status.success(), "{}", text(&commit.stderr));
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(ip_everything(&ns), applied);
    let none = rtsock_env(&ns, &run_dir, &["state", "rollback"]);
    assert!(!none.status.success() && text(&none.stderr).contains("no pending checkpoint"));
    let _ = std::fs::remove_dir_all(&run_dir);
}

#[test]
fn a_transaction_built_in_code_diffs_commits_and_deletes() {
    use rtsock::state::{AddressDoc, InterfaceType, IpDoc, RouteDoc};
    let ns = veth_pair("statetx");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let mut tx = state::begin();
    let br = tx.interface("br7");
    br.kind = Some(InterfaceType::LinuxBridge);
    br.ipv4 = Some(IpDoc {
        address: Some(vec![AddressDoc {
            ip: "192.0.2.7".parse().unwrap(),
            prefix_length: 24,
        }]),
        ..IpDoc::default()
    });
    tx.port("br7", "veth1").route(RouteDoc {
        destination: "198.51.100.0/24".into(),
        next_hop_address: Some("192.0.2.254".parse().unwrap()),
        table_id: Some(7),
        ..RouteDoc::default()
    });
    let diff: Vec<String> = tx
        .diff(&mut ipr)
        .unwrap()
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        diff,
        [
            "interface br7: + create linux-bridge, + state up, + ipv4 192.0.2.7/24",
            "interface veth1: + controller br7",
            "route 198.51.100.0/24 table 7: + route 198.51.100.0/24 via 192.0.2.254",
        ]
    );
    let report = tx.commit(&mut ipr, &CommitOptions::default()).unwrap();
    assert_eq!(report.applied, 5);
    assert_eq!(ns.ip_json("link show veth1")[0]["master"], "br7");
    assert_eq!(
        ns.ip_json("route show table 7")[0]["gateway"],
        "192.0.2.254"
    );

    let mut tx = state::begin();
    tx.remove_interface("br7");
    tx.commit(&mut ipr, &CommitOptions::default()).unwrap();
    assert!(
        ns.ip_json("link show")
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["ifname"] != "br7")
    );
}

#[test]
fn a_live_state_syncs_without_waiting() {
    let ns = veth_pair("statesync");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let mut live = Live::open(&mut ipr).unwrap();
    // Nothing has happened: nothing to apply, and no wait.
    assert_eq!(live.sync().unwrap(), 0);
    // The kernel queues the event before it acknowledges the change, so
    // it is there as soon as ip returns.
    ns.ip("route add 10.77.0.0/16 via 10.0.0.2");
    assert!(live.sync().unwrap() >= 1);
    let has = |s: &State| {
        s.routes()
            .any(|(_, r)| r.dst == Some("10.77.0.0".parse().unwrap()))
    };
    assert!(has(live.state()));
    ns.ip("route del 10.77.0.0/16");
    live.sync().unwrap();
    assert!(!has(live.state()));
    // Blocking reads still work afterwards.
    ns.ip("route add 10.78.0.0/16 via 10.0.0.2");
    assert!(matches!(live.next_event().unwrap(), Event::Change { .. }));
}
