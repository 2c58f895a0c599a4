//! Link kinds whose modules this kernel lacks (issue 16): geneve, ipvlan,
//! ipvtap, wireguard, vrf, xfrm and bareudp. What `rtsock link add` would
//! send (`--dry-run`) is byte for byte what `ip link add` sends (captured
//! with strace; the kernel refuses both), and the request decodes back
//! into the kind's data.
#![cfg(target_os = "linux")]

mod common;

use common::*;

const COMMANDS: [&str; 9] = [
    "link add g4 type geneve id 5 remote 192.0.2.1",
    "link add g6 type geneve id 6 remote 2001:db8::1 ttl 9 dstport 6082",
    "link add iv0 link veth0 type ipvlan mode l3",
    "link add ivt0 link veth0 type ipvtap mode l2 private",
    "link add wg0 type wireguard",
    "link add vrf10 type vrf table 10",
    "link add xf0 type xfrm dev veth0 if_id 5",
    "link add bu0 type bareudp dstport 6635 ethertype ipv4",
    "link add bu6 type bareudp dstport 6636 ethertype mpls_uc",
];

#[test]
fn tunnel_and_port_kinds_are_the_bytes_ip_sends() {
    let ns = veth_pair("lkinds");
    for words in COMMANDS {
        let theirs = sent_by(&ns, "ip", words, &[16]);
        assert_eq!(dry_run_request(&ns, words), theirs, "ip {words}");
    }
}

#[test]
fn the_requests_decode_into_each_kinds_data() {
    let ns = veth_pair("lkdecode");
    let data = |words: &str| -> Vec<(String, String)> {
        let request = dry_run_request(&ns, words);
        let (_, attrs) = rtsock::linux::decode_body(16, &request[16..], 16).unwrap();
        let info = rtsock::common::value::find_key(&attrs, &rtsock::attrs::IFLA_LINKINFO)
            .and_then(|v| v.as_nested())
            .unwrap();
        rtsock::common::value::find_key(info, &rtsock::attrs::IFLA_INFO_DATA)
            .and_then(|v| v.as_nested())
            .unwrap()
            .iter()
            .map(|a| (a.name.to_string(), a.value.to_string()))
            .collect()
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(
        data(COMMANDS[1])[..2],
        pairs(&[
            ("IFLA_GENEVE_ID", "6"),
            ("IFLA_GENEVE_REMOTE6", "2001:db8::1")
        ])[..]
    );
    assert_eq!(
        data(COMMANDS[3]),
        pairs(&[("IFLA_IPVLAN_MODE", "0"), ("IFLA_IPVLAN_FLAGS", "1")])
    );
    assert_eq!(data(COMMANDS[5]), pairs(&[("IFLA_VRF_TABLE", "10")]));
    assert_eq!(
        data(COMMANDS[7])[0],
        ("IFLA_BAREUDP_PORT".into(), "6635".into())
    );
}
