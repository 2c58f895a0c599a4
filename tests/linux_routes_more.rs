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
