//! Running code and commands inside a namespace (issue 16, `ip netns
//! exec`): a closure through `netns::run_in`, a process through
//! `netns::command_in` and `rtsock netns exec`, whose command keeps its own
//! words (flags included) and exit code.
#![cfg(target_os = "linux")]

mod common;

use std::process::Command;

use common::*;
use rtsock::linux::netns;
use rtsock::views::Link;
use rtsock::{Filter, IpRoute, RouteSocket};

#[test]
fn a_closure_runs_inside_and_its_sockets_see_that_namespace() {
    let ns = veth_pair("exclosure");
    let names = netns::run_in(&ns.name, || -> rtsock::Result<Vec<String>> {
        let mut ipr = IpRoute::new()?;
        let mut names: Vec<String> = ipr
            .links(&Filter::new())?
            .filter_map(|m| m.ok().and_then(|m| Link::from_message(&m)))
            .map(|l| l.name)
            .collect();
        names.sort();
        Ok(names)
    })
    .unwrap()
    .unwrap();
    assert_eq!(names, ["lo", "veth0", "veth1"]);
    let e = netns::run_in("rtsock-no-such-namespace", || ()).unwrap_err();
    assert!(e.to_string().contains("rtsock-no-such-namespace"), "{e}");
}

#[test]
fn a_process_starts_inside_with_its_own_words_and_exit_code() {
    let ns = veth_pair("exproc");
    let mut cmd = Command::new("ip");
    cmd.args(["-j", "link", "show", "veth0"]);
    netns::command_in(&ns.name, &mut cmd).unwrap();
    let out = cmd.output().unwrap();
    let links: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(links[0]["ifname"], "veth0");

    // The CLI passes -j, -4 and -c to the command, not to itself.
    let out = Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args([
            "netns", "exec", &ns.name, "ip", "-4", "-j", "addr", "show", "veth0",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let addrs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(addrs[0]["addr_info"][0]["local"], "10.0.0.1");
    let out = Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args(["netns", "exec", &ns.name, "sh", "-c", "exit 3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn a_socket_can_create_its_namespace_on_open() {
    let name = format!("rtsock-create-{}", std::process::id());
    let mut ipr = IpRoute::in_netns_or_create(&name).unwrap();
    assert!(netns::list().unwrap().contains(&name));
    let links = ipr.links(&Filter::new()).unwrap().count();
    assert_eq!(links, 1, "a new namespace has lo only");
    // Opening again finds it rather than failing.
    IpRoute::in_netns_or_create(&name).unwrap();
    netns::delete(&name).unwrap();
}

#[test]
fn namespace_ids_are_set_and_listed_as_ip_does() {
    let home = Netns::new("nsidhome");
    let b = Netns::new("nsidb");
    let c = Netns::new("nsidc");
    let mut ipr = IpRoute::in_netns(&home.name).unwrap();
    assert_eq!(ipr.netns_id(&b.name).unwrap(), None);
    ipr.set_netns_id(&b.name, 9).unwrap();
    home.ip(&format!("netns set {} 4", c.name));
    assert_eq!(ipr.netns_id(&b.name).unwrap(), Some(9));
    assert_eq!(ipr.netns_id(&c.name).unwrap(), Some(4));
    let ids = ipr.netns_ids().unwrap();
    assert_eq!(ids, [(4, Some(c.name.clone())), (9, Some(b.name.clone()))]);
    // The CLI prints ip's lines.
    let ours = rtsock_in(&home, "netns list-id");
    let theirs = run("ip", &["-n", &home.name, "netns", "list-id"]);
    assert_eq!(ours, theirs);
    // An id taken already is refused with the kernel's word.
    let e = ipr.set_netns_id(&c.name, 9).unwrap_err();
    assert!(
        e.errno().is_some() && e.to_string().contains("netns set"),
        "{e}"
    );
}

#[test]
fn the_monitor_hears_namespace_ids_given_when_asked() {
    use rtsock::events::{Event, Group};
    let here = Netns::new("nsidmon");
    let there = Netns::new("nsidpeer");
    let mut mon = rtsock::linux::Monitor::builder()
        .groups(&[Group::Nsid])
        .netns(&here.name)
        .open()
        .unwrap();
    let mut ipr = IpRoute::in_netns(&here.name).unwrap();
    ipr.set_netns_id(&there.name, 7).unwrap();
    loop {
        if let Event::Change { message } = mon.next_event().unwrap() {
            let id = rtsock::views::NetnsId::from_message(&message).unwrap();
            assert_eq!((message.event, id.nsid), ("RTM_NEWNSID", 7));
            break;
        }
    }
    // The dump reads the same id through the registered kind.
    let ids: Vec<i32> = ipr
        .dump(rtsock::ObjectKind::Nsid, &rtsock::Filter::new())
        .unwrap()
        .filter_map(|m| rtsock::views::NetnsId::from_message(&m.unwrap()))
        .map(|n| n.nsid)
        .collect();
    assert_eq!(ids, [7]);
    assert_eq!(ipr.netns_ids().unwrap(), [(7, Some(there.name.clone()))]);
}
