//! FreeBSD 13.0's own routing-socket code, run in user space (F-Stack) on a
//! known machine state and a known sequence of changes (see
//! `../shared/fixtures/freebsd13-stack/README.md`): every file decodes,
//! completely, back to that state and those changes.

#[macro_use]
#[path = "support/fixtures.rs"]
mod fixtures;

use std::collections::BTreeSet;

use rtsock::bsd::{Layout, decode_stream};
use rtsock::views::{Address, Link, Neighbour, Route};
use rtsock::{Body, Message};

const FREEBSD: Layout = Layout::FREEBSD_AMD64;

fn decode(name: &str) -> Vec<Message> {
    let p = fixtures::path(&format!("freebsd13-stack/{name}"));
    let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    decode_stream(FREEBSD, &bytes)
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("{name}: {e}")))
        .collect()
}

fn one(name: &str) -> Message {
    let mut all = decode(name);
    assert_eq!(all.len(), 1, "{name}: {all:?}");
    all.remove(0)
}

/// (index, name, mtu, up) of each link.
fn links(msgs: &[Message]) -> BTreeSet<(u32, String, u32, bool)> {
    msgs.iter()
        .filter_map(Link::from_message)
        .map(|l| (l.index, l.name.clone(), l.mtu.unwrap_or(0), l.is_up()))
        .collect()
}

/// "index address/len" of each address.
fn addresses(msgs: &[Message]) -> BTreeSet<String> {
    msgs.iter()
        .filter_map(Address::from_message)
        .map(|a| format!("{} {}/{}", a.index, a.own_address().unwrap(), a.prefixlen))
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

const START: &[&str] = &[
    "1 127.0.0.1/8",
    "1 ::1/128",
    "1 fe80::1/64",
    "2 192.0.2.2/24",
    "2 2001:db8::2/64",
    "2 fe80::ff:fe00:1/64",
];

#[test]
fn interface_dumps_give_back_each_state() {
    need_fixtures!();
    let before = decode("iflist0.bin");
    assert_eq!(before.len(), 8, "2 links, 6 addresses, nothing dropped");
    assert_eq!(
        links(&before),
        BTreeSet::from([
            (1, "lo0".into(), 16384, true),
            (2, "f-stack-0".into(), 1500, true)
        ])
    );
    let mac = before
        .iter()
        .filter_map(Link::from_message)
        .find(|l| l.index == 2)
        .and_then(|l| l.address)
        .unwrap();
    assert_eq!(mac.to_string(), "02:00:00:00:00:01");
    assert_eq!(addresses(&before), set(START));

    // After two address adds (v4, v6), a link-local, MTU 1400, down/up and
    // a clone (lo1, index 3).
    let middle = decode("iflist1.bin");
    assert_eq!(middle.len(), 12);
    assert_eq!(
        links(&middle),
        BTreeSet::from([
            (1, "lo0".into(), 16384, true),
            (2, "f-stack-0".into(), 1400, true),
            (3, "lo1".into(), 16384, false)
        ])
    );
    let mut want = set(START);
    want.extend(set(&[
        "2 192.0.2.77/24",
        "2 2001:db8:1::5/64",
        "2 fe80::99/64",
    ]));
    assert_eq!(addresses(&middle), want);

    // After deleting the two added addresses again.
    let end = decode("iflist2.bin");
    let mut want = set(START);
    want.insert("2 fe80::99/64".into());
    assert_eq!(addresses(&end), want);
    assert_eq!(end.len(), 10);
}

/// "dst/len via gw dev type" of each route.
fn routes(msgs: &[Message]) -> BTreeSet<String> {
    msgs.iter()
        .map(|m| {
            let r = Route::from_message(m).unwrap_or_else(|| panic!("not a route: {m:?}"));
            let dst = r
                .dst
                .map_or("default".into(), |d| format!("{d}/{}", r.dst_len));
            let via = r.gateway.map_or(String::new(), |g| format!(" via {g}"));
            format!(
                "{dst}{via} dev {} type {}",
                r.oif.unwrap_or(0),
                u8::from(r.kind)
            )
        })
        .collect()
}

#[test]
fn route_dumps_give_back_every_route() {
    need_fixtures!();
    assert_eq!(
        routes(&decode("dump4.bin")),
        set(&[
            "100.64.0.0/10 via 127.0.0.1 dev 1 type 6",
            "127.0.0.1/32 dev 1 type 1",
            "192.0.2.0/24 dev 2 type 1",
            "192.0.2.2/32 dev 1 type 1",
            "192.0.2.77/32 dev 1 type 1",
            "203.0.113.5/32 via 192.0.2.1 dev 2 type 1",
        ])
    );
    assert_eq!(
        routes(&decode("dump6.bin")),
        set(&[
            "default via 2001:db8::1 dev 2 type 1",
            "::1/128 dev 1 type 1",
            "2001:db8::/64 dev 2 type 1",
            "2001:db8::2/128 dev 1 type 1",
            "2001:db8:1::/64 dev 2 type 1",
            "2001:db8:1::5/128 dev 1 type 1",
            "2001:db8:77::/48 via 2001:db8::1 dev 2 type 1",
            "fe80::/64 dev 1 type 1",
            "fe80::1/128 dev 1 type 1",
            "fe80::/64 dev 2 type 1",
            "fe80::99/128 dev 1 type 1",
            "fe80::ff:fe00:1/128 dev 1 type 1",
        ])
    );
}

/// "ip lladdr dev" of each neighbour (all permanent here).
fn neighbours(msgs: &[Message]) -> BTreeSet<String> {
    msgs.iter()
        .map(|m| {
            let n = Neighbour::from_message(m).unwrap_or_else(|| panic!("not a neighbour: {m:?}"));
            assert_eq!(n.state, rtsock::constants::NUD_PERMANENT);
            format!("{} {} {}", n.dst.unwrap(), n.lladdr.unwrap(), n.index)
        })
        .collect()
}

#[test]
fn neighbour_dumps_read_with_six_levels_give_back_every_entry() {
    need_fixtures!();
    assert_eq!(
        neighbours(&decode("arp.bin")),
        set(&[
            "192.0.2.2 02:00:00:00:00:01 2",
            "192.0.2.9 02:00:00:00:00:09 2",
            "192.0.2.77 02:00:00:00:00:01 2",
        ])
    );
    assert_eq!(
        neighbours(&decode("ndp.bin")),
        set(&[
            "2001:db8::2 02:00:00:00:00:01 2",
            "2001:db8:1::5 02:00:00:00:00:01 2",
            "2001:db8::9 02:00:00:00:00:19 2",
            "fe80::99 02:00:00:00:00:01 2",
            "fe80::ff:fe00:1 02:00:00:00:00:01 2",
        ])
    );
}

#[test]
fn each_change_is_the_message_the_kernel_sent_for_it() {
    need_fixtures!();
    let summary = |m: &Message| -> String {
        let key = match &m.body {
            Body::Address(_) => Address::from_message(m)
                .map(|a| format!("{}/{}", a.own_address().unwrap(), a.prefixlen))
                .unwrap(),
            Body::Multicast(_) => m.get_attr("IFA_MULTICAST").unwrap().to_string(),
            Body::Route(_) => routes(std::slice::from_ref(m)).pop_first().unwrap(),
            Body::Neighbour(_) => neighbours(std::slice::from_ref(m)).pop_first().unwrap(),
            Body::Link(h) => format!(
                "{} mtu {} up {}",
                h.index,
                m.get_attr("IFLA_MTU")
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
                h.flags & 1
            ),
            other => format!("{other:?}"),
        };
        format!("{} {key}", m.event)
    };
    for (file, want) in [
        ("m_aif4.0.bin", "RTM_NEWADDR 192.0.2.77/24"),
        (
            "m_aif6.1.bin",
            "RTM_NEWNEIGH 2001:db8:1::5 02:00:00:00:00:01 2",
        ),
        ("m_aif6.2.bin", "RTM_NEWMULTICAST ff02::1:ff00:5"),
        ("m_aif6.3.bin", "RTM_NEWADDR 2001:db8:1::5/64"),
        (
            "m_aif6.4.bin",
            "RTM_NEWROUTE 2001:db8:1::5/128 dev 1 type 1",
        ),
        ("m_aif6.5.bin", "RTM_NEWROUTE 2001:db8:1::/64 dev 2 type 1"),
        ("m_aif6ll.8.bin", "RTM_NEWADDR fe80::99/64"),
        ("m_mtu.10.bin", "RTM_NEWLINK 2 mtu 1400 up 1"),
        ("m_down.11.bin", "RTM_DELADDR 192.0.2.2/24"),
        ("m_down.12.bin", "RTM_DELROUTE 192.0.2.0/24 dev 2 type 1"),
        ("m_down.13.bin", "RTM_NEWLINK 2 mtu 1400 up 0"),
        ("m_up.17.bin", "RTM_NEWLINK 2 mtu 1400 up 1"),
        (
            "w_host.19.bin",
            "RTM_NEWROUTE 203.0.113.5/32 via 192.0.2.1 dev 2 type 1",
        ),
        (
            "w_bh.20.bin",
            "RTM_NEWROUTE 100.64.0.0/10 via 127.0.0.1 dev 1 type 6",
        ),
        (
            "w_v6.21.bin",
            "RTM_NEWROUTE 2001:db8:77::/48 via 2001:db8::1 dev 2 type 1",
        ),
        ("w_arp.22.bin", "RTM_NEWNEIGH 192.0.2.9 02:00:00:00:00:09 2"),
        (
            "w_ndp.23.bin",
            "RTM_NEWNEIGH 2001:db8::9 02:00:00:00:00:19 2",
        ),
        (
            "w_hostdel.25.bin",
            "RTM_DELROUTE 203.0.113.5/32 via 192.0.2.1 dev 2 type 1",
        ),
        ("m_dif4.26.bin", "RTM_DELADDR 192.0.2.77/24"),
        ("m_dif6.28.bin", "RTM_DELADDR 2001:db8:1::5/64"),
        (
            "w_get.bin",
            "RTM_NEWROUTE 198.51.100.0/24 via 192.0.2.1 dev 2 type 1",
        ),
    ] {
        assert_eq!(summary(&one(file)), want, "{file}");
    }
    let announce = one("m_lo.18.bin");
    assert_eq!(announce.event, "RTM_NEWLINK");
    assert_eq!(announce.get_attr("IFLA_IFNAME").unwrap().to_string(), "lo1");
    // Answers to rtsock's own requests carry its sequence numbers and no
    // error; the kernel's own messages carry neither.
    assert_eq!(one("w_host.19.bin").header.sequence_number, 500);
    assert!(one("w_host.19.bin").header.error.is_none());
    assert_eq!(one("m_aif4.0.bin").header.sequence_number, 0);
}
