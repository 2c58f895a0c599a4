//! More of RTNL as `ip` users reach for it (issue 16): `route get` with
//! its selectors, `neigh get`, and addresses with a metric, a protocol and
//! `change`; each checked against `ip`.
#![cfg(target_os = "linux")]

mod common;

use std::process::Command;

use common::*;
use rtsock::change::{AddressSpec, Verb};
use rtsock::views::{Address, Route};
use rtsock::{Filter, IpRoute, RouteQuery, RouteSocket};

fn ip_text(ns: &Netns, args: &str) -> String {
    let mut full = vec!["-n", ns.name.as_str()];
    full.extend(args.split_whitespace());
    run("ip", &full)
}

#[test]
fn route_get_with_selectors_answers_as_ip_does() {
    let ns = veth_pair("rget");
    ns.ip("route add 10.1.0.0/16 via 10.0.0.2");
    ns.ip("route add 10.1.0.0/16 via 10.0.0.3 table 100");
    ns.ip("route add 10.1.0.0/16 via 10.0.0.4 table 200");
    ns.ip("rule add fwmark 5 lookup 100 pref 100");
    ns.ip("rule add uidrange 1000-1000 lookup 200 pref 200");
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let dst = "10.1.2.3".parse().unwrap();
    for (query, words) in [
        (RouteQuery::to(dst), "10.1.2.3"),
        (RouteQuery::to(dst).mark(5), "10.1.2.3 mark 5"),
        (RouteQuery::to(dst).uid(1000), "10.1.2.3 uid 1000"),
        (
            RouteQuery::to(dst)
                .from("10.0.0.1".parse().unwrap())
                .oif("veth0"),
            "10.1.2.3 from 10.0.0.1 oif veth0",
        ),
        (RouteQuery::to(dst).fibmatch(), "10.1.2.3 fibmatch"),
    ] {
        let theirs = &ns.ip_json(&format!("route get {words}"))[0];
        let ours = Route::from_message(&ipr.route_get_with(&query).unwrap()).unwrap();
        assert_eq!(
            ours.gateway.map(|g| g.to_string()).as_deref(),
            theirs["gateway"].as_str(),
            "{words}"
        );
        let dst_text = match ours.dst {
            Some(d) if ours.dst_len < 32 => format!("{d}/{}", ours.dst_len),
            Some(d) => d.to_string(),
            None => "default".into(),
        };
        assert_eq!(theirs["dst"].as_str(), Some(dst_text.as_str()), "{words}");
        // The CLI takes the same words and prints ip's line.
        let cli = rtsock_in(&ns, &format!("route get {words}"));
        let ip_line = ip_text(&ns, &format!("route get {words}"));
        assert_eq!(
            cli.lines()
                .next()
                .unwrap()
                .split_whitespace()
                .take(5)
                .collect::<Vec<_>>(),
            ip_line
                .lines()
                .next()
                .unwrap()
                .split_whitespace()
                .take(5)
                .collect::<Vec<_>>(),
            "{words}"
        );
    }
}

#[test]
fn neigh_get_prints_ips_line_and_names_what_is_missing() {
    let ns = veth_pair("nget");
    ns.ip("neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev veth0 nud permanent");
    let ours = rtsock_in(&ns, "neigh get 10.0.0.9 dev veth0");
    let theirs = ip_text(&ns, "neigh get 10.0.0.9 dev veth0");
    assert_eq!(ours.trim(), theirs.trim());
    let out = Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args(["-n", &ns.name, "neigh", "get", "10.0.0.77", "dev", "veth0"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("neigh get 10.0.0.77 dev veth0") && err.contains("errno"),
        "{err}"
    );
}

#[test]
fn addresses_take_a_metric_a_protocol_and_change() {
    let ns = veth_pair("addrmetric");
    rtsock_in(
        &ns,
        "addr add 10.5.0.1/24 dev veth0 metric 50 proto kernel_ll",
    );
    let addr = |ns: &Netns| {
        ns.ip_json("addr show dev veth0")[0]["addr_info"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["local"] == "10.5.0.1")
            .cloned()
            .unwrap()
    };
    assert_eq!(addr(&ns)["metric"], 50);
    assert_eq!(ns.ip_json("route show 10.5.0.0/24")[0]["metric"], 50);
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let read = |ipr: &mut IpRoute| {
        ipr.addresses(&Filter::new().dev("veth0"))
            .unwrap()
            .filter_map(|m| Address::from_message(&m.unwrap()))
            .find(|a| a.own_address() == Some("10.5.0.1".parse().unwrap()))
            .unwrap()
    };
    let a = read(&mut ipr);
    assert_eq!((a.metric, a.protocol), (Some(50), Some(3)));

    // `change` changes what exists; on one that does not, the kernel adds
    // it (inet_rtm_newaddr and inet6_rtm_newaddr do not ask for
    // NLM_F_CREATE), as it does for `ip addr change`.
    rtsock_in(&ns, "addr change 10.5.0.1/24 dev veth0 metric 60");
    assert_eq!(addr(&ns)["metric"], 60);
    assert_eq!(ns.ip_json("route show 10.5.0.0/24")[0]["metric"], 60);
    let missing = AddressSpec::new("10.6.0.1/24".parse().unwrap(), "veth0");
    ipr.address(Verb::Change, &missing).unwrap();
    ns.ip("addr change 10.7.0.1/24 dev veth0");
    let locals: Vec<String> = ns.ip_json("addr show dev veth0")[0]["addr_info"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["local"].as_str().unwrap().to_owned())
        .collect();
    assert!(locals.contains(&"10.6.0.1".to_owned()) && locals.contains(&"10.7.0.1".to_owned()));
}

#[test]
fn proxy_entries_are_listed_as_ip_lists_them() {
    use rtsock::constants::NTF_PROXY;
    use rtsock::views::Neighbour;
    let ns = veth_pair("nproxy");
    rtsock_in(&ns, "neigh add proxy 10.0.0.5 dev veth0");
    ns.ip("-6 neigh add proxy 2001:db8::5 dev veth0");
    assert_eq!(
        trimmed_lines(&rtsock_in(&ns, "neigh show proxy")),
        trimmed_lines(&ip_text(&ns, "neigh show proxy"))
    );
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    let proxies: Vec<Neighbour> = ipr
        .neighbours(&Filter::new().proxy())
        .unwrap()
        .filter_map(|m| Neighbour::from_message(&m.unwrap()))
        .collect();
    assert_eq!(proxies.len(), 2);
    assert!(proxies.iter().all(|n| n.flags & NTF_PROXY != 0));
    // The cache itself holds no proxies.
    let cache: Vec<Neighbour> = ipr
        .neighbours(&Filter::new())
        .unwrap()
        .filter_map(|m| Neighbour::from_message(&m.unwrap()))
        .collect();
    assert!(cache.iter().all(|n| n.flags & NTF_PROXY == 0), "{cache:#?}");
    rtsock_in(&ns, "neigh del proxy 10.0.0.5 dev veth0");
    assert_eq!(
        trimmed_lines(&ip_text(&ns, "neigh show proxy")),
        ["2001:db8::5 dev veth0 proxy"]
    );
}
