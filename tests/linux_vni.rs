//! VXLAN VNI filtering (issue 16: RTNLGRP_TUNNEL and its objects, `bridge
//! vni`): the VXLAN device in `external vnifilter` mode is the one `ip`
//! makes, VNI changes are the bytes `bridge vni` sends, entries made
//! through the library and the CLI are what `bridge` makes in a twin,
//! listed line for line and read back as `bridge -j vni show` reports
//! them, and the monitor hears them come and go.
#![cfg(target_os = "linux")]

mod common;

use common::*;
use rtsock::batch::Change;
use rtsock::change::{LinkKind, LinkSpec, Verb, VniSpec, Vxlan};
use rtsock::views::Vni;
use rtsock::{Filter, IpRoute, ObjectKind, RouteSocket};

const RTM_NEWLINK: u16 = 16;
const RTM_NEWTUNNEL: u16 = 120;
const RTM_DELTUNNEL: u16 = 121;

fn vxlan_external() -> LinkSpec {
    LinkSpec::named("vx0").kind(LinkKind::Vxlan(Vxlan {
        port: Some(4789),
        external: true,
        vnifilter: true,
        ..Vxlan::default()
    }))
}

/// A namespace with vx0 made by `ip` (`theirs`) or by rtsock (`ours`).
fn with_vxlan(tag: &str, by_rtsock: bool) -> Netns {
    let ns = Netns::new(tag);
    if by_rtsock {
        let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
        ipr.change(&Change::Link(Verb::Add, vxlan_external()))
            .unwrap();
    } else {
        ns.ip("link add vx0 type vxlan dstport 4789 external vnifilter");
    }
    ns
}

#[test]
fn an_external_vnifilter_vxlan_is_what_ip_sends_and_makes() {
    let ns = with_vxlan("vniL", true);
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let (v, s) = (Verb::Add, vxlan_external());
    let ours = rtsock::batch::Change::Link(v, s.clone());
    let (v, s) = ours.parts();
    let bytes = s
        .netlink(v, &mut Names(Default::default()))
        .unwrap()
        .finish(0, 0);
    let twin = Netns::new("vniL2");
    let theirs = sent_by(
        &twin,
        "ip",
        "link add vx0 type vxlan dstport 4789 external vnifilter",
        &[RTM_NEWLINK],
    );
    assert_eq!(bytes, theirs);
    let data = &ns.ip_json_of("ip", "-d link show vx0")[0]["linkinfo"]["info_data"];
    assert_eq!(data["external"], true);
    assert_eq!(data["vnifilter"], true);
    assert_eq!(data["learning"], false);
    // A VNI is refused with external, and vnifilter without it, by name.
    let mut bad = vxlan_external();
    if let Some(LinkKind::Vxlan(v)) = &mut bad.kind {
        v.id = 5;
    }
    let e = ipr.change(&Change::Link(Verb::Add, bad)).unwrap_err();
    assert!(e.to_string().contains("external takes no vni"), "{e}");
}

fn commands() -> Vec<(&'static str, Verb, VniSpec)> {
    let ip = |a: &str| a.parse().unwrap();
    vec![
        (
            "vni add dev vx0 vni 100",
            Verb::Add,
            VniSpec::new("vx0", 100),
        ),
        (
            "vni add dev vx0 vni 200-210 remote 10.0.0.9",
            Verb::Add,
            VniSpec::range("vx0", 200, 210).remote(ip("10.0.0.9")),
        ),
        (
            "vni add dev vx0 vni 300 remote 2001:db8::9",
            Verb::Add,
            VniSpec::new("vx0", 300).remote(ip("2001:db8::9")),
        ),
        (
            "vni delete dev vx0 vni 205",
            Verb::Delete,
            VniSpec::new("vx0", 205),
        ),
        (
            "vni delete dev vx0 vni 100",
            Verb::Delete,
            VniSpec::new("vx0", 100),
        ),
    ]
}

#[test]
fn vnis_are_what_bridge_sends_makes_and_lists() {
    let ours = with_vxlan("vniA", true);
    let theirs = with_vxlan("vniB", false);
    let mut ipr = IpRoute::in_netns(&ours.name).unwrap();
    let mut names = Names(
        [("vx0".to_owned(), ipr.link_lookup("vx0").unwrap().unwrap())]
            .into_iter()
            .collect(),
    );
    for (i, (words, verb, spec)) in commands().into_iter().enumerate() {
        let change = Change::Vni(verb, spec);
        let (v, s) = change.parts();
        let bytes = s.netlink(v, &mut names).unwrap().finish(0, 0);
        // bridge's request, sent in the twin (where it makes the change).
        assert_eq!(
            bytes,
            sent_by(&theirs, "bridge", words, &[RTM_NEWTUNNEL, RTM_DELTUNNEL]),
            "bridge {words}"
        );
        if i % 2 == 0 {
            ipr.change(&change).unwrap();
        } else {
            rtsock_in(&ours, words);
        }
        let shown = |ns: &Netns| trimmed_lines(&ns.exec(&["bridge", "vni", "show"]));
        assert_eq!(shown(&ours), shown(&theirs), "after {words}");
        assert_eq!(
            trimmed_lines(&rtsock_in(&ours, "vni show")),
            shown(&ours),
            "rtsock, after {words}"
        );
    }
    // The view against bridge -j.
    let ours_j: Vec<(u32, Option<u32>, Option<String>)> = ipr
        .dump(ObjectKind::Vni, &Filter::new().dev("vx0"))
        .unwrap()
        .flat_map(|m| Vni::all(&m.unwrap()))
        .map(|v| (v.start, v.end, v.remote.map(|a| a.to_string())))
        .collect();
    let theirs_j: Vec<(u32, Option<u32>, Option<String>)> = ours.ip_json_of("bridge", "vni show")
        [0]["vnis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            (
                j["vni"].as_u64().unwrap() as u32,
                j["vniEnd"].as_u64().map(|e| e as u32),
                j["remote"].as_str().map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(ours_j, theirs_j);
    assert_eq!(
        ours_j,
        [
            (200, Some(204), Some("10.0.0.9".to_owned())),
            (206, Some(210), Some("10.0.0.9".to_owned())),
            (300, None, Some("2001:db8::9".to_owned())),
        ]
    );
}

#[test]
fn a_flush_removes_every_vni_and_errors_name_the_change() {
    let ns = with_vxlan("vniF", true);
    rtsock_in(&ns, "vni add dev vx0 vni 7,9-12 remote 10.1.1.1");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let doomed: Vec<Change> = ipr
        .dump(ObjectKind::Vni, &Filter::new())
        .unwrap()
        .filter_map(|m| Change::delete_of(&m.unwrap()))
        .collect();
    assert_eq!(doomed.len(), 1, "one message carries the device's VNIs");
    assert_eq!(doomed[0].describe(), "vni del dev if2 vni 7,9-12");
    for c in &doomed {
        ipr.change(c).unwrap();
    }
    assert_eq!(trimmed_lines(&ns.exec(&["bridge", "vni", "show"])).len(), 1);
    // The kernel's refusals, named: a device that does not filter VNIs.
    ns.ip("link add vx1 type vxlan id 5 dstport 4790");
    let e = ipr
        .change(&Change::Vni(Verb::Add, VniSpec::new("vx1", 5)))
        .unwrap_err();
    assert!(e.to_string().starts_with("vni add dev vx1 vni 5: "), "{e}");
    let e = ipr
        .change(&Change::Vni(Verb::Add, VniSpec::range("vx0", 9, 3)))
        .unwrap_err();
    assert!(e.to_string().contains("a range low to high"), "{e}");
}

#[test]
fn the_monitor_hears_vnis_come_and_go_in_order() {
    use rtsock::events::{Event, Group};
    let ns = with_vxlan("vniM", true);
    let mut mon = rtsock::linux::Monitor::builder()
        .groups(&[Group::Tunnel])
        .netns(&ns.name)
        .open()
        .unwrap();
    rtsock_in(&ns, "vni add dev vx0 vni 40-41 remote 10.2.2.2");
    rtsock_in(&ns, "vni del dev vx0 vni 41");
    let mut seen = Vec::new();
    while seen.len() < 3 {
        if let Event::Change { message } = mon.next_event().unwrap() {
            for v in Vni::all(&message) {
                seen.push((message.event, v.start, v.remote.map(|a| a.to_string())));
            }
        }
    }
    let remote = Some("10.2.2.2".to_owned());
    assert_eq!(
        seen,
        [
            ("RTM_NEWTUNNEL", 40, remote.clone()),
            ("RTM_NEWTUNNEL", 41, remote.clone()),
            ("RTM_DELTUNNEL", 41, remote),
        ]
    );
}

/// A dump with TUNNEL_MSG_FLAG_STATS (`bridge -s vni show`) lists each VNI
/// with its counters; the view reads them as `bridge -j -s` names them.
#[test]
fn counters_of_a_stats_dump_are_bridges() {
    use rtsock::raw::netlink::Request;
    let ns = with_vxlan("vniS", true);
    rtsock_in(&ns, "vni add dev vx0 vni 70-71");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let index = ipr.link_lookup("vx0").unwrap().unwrap();
    let mut header = vec![7, rtsock::common::kinds::vni::TUNNEL_MSG_FLAG_STATS, 0, 0];
    header.extend_from_slice(&index.to_ne_bytes());
    let req = Request::new(122, 0x301).fixed(&header);
    let ours: Vec<(u32, Vec<(String, u64)>)> = ipr
        .request(req, "vni show -s", rtsock::Selector::default())
        .unwrap()
        .flat_map(|m| Vni::all(&m.unwrap()))
        .map(|v| (v.start, sorted(v.stats)))
        .collect();
    let theirs: Vec<(u32, Vec<(String, u64)>)> = ns.ip_json_of("bridge", "-s vni show")[0]["vnis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            let stats = j["stats"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
                .collect();
            let stats = sorted(stats);
            (j["vni"].as_u64().unwrap() as u32, stats)
        })
        .collect();
    assert_eq!(ours, theirs);
    assert_eq!(ours.len(), 2, "one entry per VNI when counted");
    assert_eq!(ours[0].1.len(), 8);
}

fn sorted(mut v: Vec<(String, u64)>) -> Vec<(String, u64)> {
    v.sort();
    v
}
