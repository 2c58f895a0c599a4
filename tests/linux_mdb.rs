//! The bridge multicast database (issue 16, `bridge mdb`): changes are the
//! bytes `bridge mdb` sends; entries made through the library and the CLI
//! are what `bridge` makes in a twin namespace, listed line for line and
//! read back as `bridge -j mdb show` reports them.
#![cfg(target_os = "linux")]

mod common;

use common::*;
use rtsock::batch::Change;
use rtsock::change::{MdbGroup, MdbSpec, Verb};
use rtsock::views::MdbEntry;
use rtsock::{Filter, IpRoute, ObjectKind, RouteSocket};

/// A bridge br0 with port veth0. IPv6 is off, so that no MLD report of
/// the links' own addresses adds entries that differ between twins.
fn bridged(tag: &str) -> Netns {
    let ns = Netns::new(tag);
    for key in ["all", "default"] {
        ns.exec(&[
            "sysctl",
            "-q",
            "-w",
            &format!("net.ipv6.conf.{key}.disable_ipv6=1"),
        ]);
    }
    ns.ip("link add br0 type bridge");
    ns.ip("link add veth0 type veth peer name veth1");
    ns.ip("link set veth0 master br0");
    for dev in ["br0", "veth0", "veth1"] {
        ns.ip(&format!("link set {dev} up"));
    }
    ns
}

fn commands() -> Vec<(&'static str, Verb, MdbSpec)> {
    let ip = |a: &str| MdbGroup::Ip(a.parse().unwrap());
    vec![
        (
            "mdb add dev br0 port veth0 grp 239.1.1.1 permanent",
            Verb::Add,
            MdbSpec::new("br0", "veth0", ip("239.1.1.1")).permanent(),
        ),
        (
            "mdb add dev br0 port veth0 grp ff0e::5 temp",
            Verb::Add,
            MdbSpec::new("br0", "veth0", ip("ff0e::5")),
        ),
        (
            "mdb add dev br0 port veth0 grp 01:00:5e:00:00:05 permanent",
            Verb::Add,
            MdbSpec::new(
                "br0",
                "veth0",
                MdbGroup::Mac("01:00:5e:00:00:05".parse().unwrap()),
            )
            .permanent(),
        ),
        (
            "mdb del dev br0 port veth0 grp 239.1.1.1 permanent",
            Verb::Delete,
            MdbSpec::new("br0", "veth0", ip("239.1.1.1")).permanent(),
        ),
    ]
}

fn lines(text: &str) -> Vec<String> {
    let mut l = trimmed_lines(text);
    l.sort();
    l
}

#[test]
fn mdb_entries_are_what_bridge_sends_makes_and_lists() {
    let ours = bridged("mdbA");
    let theirs = bridged("mdbB");
    let mut ipr = IpRoute::in_netns(&ours.name).unwrap();
    let mut names = rtsock_names(&mut ipr);
    for (i, (words, verb, spec)) in commands().into_iter().enumerate() {
        let change = Change::Mdb(verb, spec);
        let (v, s) = change.parts();
        let bytes = s.netlink(v, &mut names).unwrap().finish(0, 0);
        // bridge's request, sent in the twin (where it makes the entry).
        assert_eq!(
            bytes,
            sent_by(&theirs, "bridge", words, &[84, 85]),
            "bridge {words}"
        );
        if i % 2 == 0 {
            ipr.change(&change).unwrap();
        } else {
            rtsock_in(&ours, words);
        }
        let shown = |ns: &Netns| lines(&ns.exec(&["bridge", "mdb", "show"]));
        assert_eq!(shown(&ours), shown(&theirs), "after {words}");
        assert_eq!(
            lines(&rtsock_in(&ours, "mdb show")),
            shown(&ours),
            "rtsock, after {words}"
        );
    }
    // The view against bridge -j.
    let mut ours_j: Vec<(String, String, String)> = ipr
        .dump(ObjectKind::Mdb, &Filter::new())
        .unwrap()
        .flat_map(|m| MdbEntry::all(&m.unwrap()))
        .map(|e| {
            let state = if e.state == 1 { "permanent" } else { "temp" };
            (e.port.to_string(), e.group.to_string(), state.to_owned())
        })
        .collect();
    let port = ipr.link_lookup("veth0").unwrap().unwrap().to_string();
    let mut theirs_j: Vec<(String, String, String)> =
        ours.ip_json_of("bridge", "mdb show")[0]["mdb"]
            .as_array()
            .unwrap()
            .iter()
            .map(|j| {
                assert_eq!(j["port"], "veth0");
                (
                    port.clone(),
                    j["grp"].as_str().unwrap().to_owned(),
                    j["state"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
    ours_j.sort();
    theirs_j.sort();
    assert_eq!(ours_j, theirs_j);
    assert_eq!(ours_j.len(), 2);
}

/// The namespace's interfaces by name, for the encoder.
fn rtsock_names(ipr: &mut IpRoute) -> Names {
    Names(
        ["br0", "veth0"]
            .iter()
            .map(|n| (n.to_string(), ipr.link_lookup(n).unwrap().unwrap()))
            .collect(),
    )
}

#[test]
fn the_monitor_sees_mdb_entries_come_and_go_when_asked() {
    use rtsock::events::{Event, Group};
    let ns = bridged("mdbmon");
    let mut mon = rtsock::linux::Monitor::builder()
        .groups(&[Group::Mdb])
        .netns(&ns.name)
        .open()
        .unwrap();
    rtsock_in(&ns, "mdb add dev br0 port veth0 grp 239.9.9.9 permanent");
    rtsock_in(&ns, "mdb del dev br0 port veth0 grp 239.9.9.9");
    let mut seen = Vec::new();
    while seen.len() < 2 {
        if let Event::Change { message } = mon.next_event().unwrap() {
            for e in MdbEntry::all(&message) {
                seen.push((message.event, e.group.to_string()));
            }
        }
    }
    assert_eq!(
        seen,
        [
            ("RTM_NEWMDB", "239.9.9.9".to_owned()),
            ("RTM_DELMDB", "239.9.9.9".to_owned())
        ]
    );
}
