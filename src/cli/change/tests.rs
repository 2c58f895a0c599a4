use super::*;

fn p(kind: ObjectKind, line: &str) -> Result<ChangeCommand, Error> {
    let args: Vec<String> = line.split_whitespace().map(String::from).collect();
    parse(kind, &args, None)
}

#[test]
fn link_commands_parse_like_ip() {
    let ChangeCommand::Link(Verb::Add, s) = p(
        ObjectKind::Link,
        "add veth0 type veth peer name veth1 netns blue",
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(s.dev, Some(Interface::Name("veth0".into())));
    assert_eq!(
        s.kind,
        Some(LinkKind::Veth {
            peer: "veth1".into(),
            peer_netns: Some(Netns::Named("blue".into()))
        })
    );
    let ChangeCommand::Link(Verb::Set, s) = p(
        ObjectKind::Link,
        "set dev veth0 up mtu 1400 name v0 address 02:00:00:00:00:01 master br0",
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(
        (s.up, s.mtu, s.rename.as_deref()),
        (Some(true), Some(1400), Some("v0"))
    );
    assert_eq!(s.master, Some(Interface::Name("br0".into())));
    let vlan = p(
        ObjectKind::Link,
        "add link eth0 name eth0.5 type vlan protocol 802.1ad id 5",
    );
    let ChangeCommand::Link(_, s) = vlan.unwrap() else {
        panic!()
    };
    assert_eq!(
        s.kind,
        Some(LinkKind::Vlan {
            id: 5,
            protocol: VlanProtocol::Dot1AD
        })
    );
    assert_eq!(s.link, Some(Interface::Name("eth0".into())));
    assert!(p(ObjectKind::Link, "add x type nosuch").is_err());
    assert!(p(ObjectKind::Link, "add x type veth").is_err());
}

#[test]
fn route_commands_parse_like_ip() {
    let cmd = p(
        ObjectKind::Route,
        "add 10.1.0.0/16 via 10.0.0.2 table 100 metric 7 proto static mtu 1400 lock advmss 1200",
    )
    .unwrap();
    let ChangeCommand::Route(Verb::Add, s) = cmd else {
        panic!()
    };
    assert_eq!(s.dst, Some("10.1.0.0/16".parse().unwrap()));
    assert_eq!(s.gateway, Some("10.0.0.2".parse().unwrap()));
    assert_eq!(
        (s.table, s.metric, s.protocol),
        (Some(100), Some(7), Some(RTPROT_STATIC))
    );
    assert_eq!(s.metrics, vec![(2, 1400), (8, 1200), (1, 1 << 8)]);
    let ChangeCommand::Route(_, m) = p(
        ObjectKind::Route,
        "append default nexthop via 10.0.0.2 dev veth0 weight 3 nexthop via 10.0.0.3",
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(m.dst, None);
    assert_eq!(m.nexthops.len(), 2);
    assert_eq!(m.nexthops[0].weight, 3);
    let ChangeCommand::Route(_, b) = p(ObjectKind::Route, "add blackhole 10.9.0.0/16").unwrap()
    else {
        panic!()
    };
    assert_eq!(b.kind, Some(RTN_BLACKHOLE));
    assert!(p(ObjectKind::Route, "add").is_err());
    assert!(p(ObjectKind::Route, "add 10.0.0.0/8 via nowhere").is_err());
}

#[test]
fn address_neighbour_and_rule_commands_parse() {
    let cmd = p(
        ObjectKind::Address,
        "add 10.0.0.1/24 brd + dev veth0 label veth0:a valid_lft 100 preferred_lft 50 nodad",
    )
    .unwrap();
    assert_eq!(dev_of(&cmd), Some(&Interface::Name("veth0".into())));
    let ChangeCommand::Address(_, a) = cmd else {
        panic!()
    };
    assert_eq!(a.broadcast, Some(Broadcast::Auto));
    assert_eq!(
        (a.valid_lft, a.preferred_lft, a.nodad),
        (Some(100), Some(50), true)
    );
    let ChangeCommand::Neighbour(_, n) = p(
        ObjectKind::Neighbour,
        "add 10.0.0.9 lladdr 02:00:00:00:00:09 dev veth0 nud reachable",
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(n.state, Some(NUD_REACHABLE));
    let ChangeCommand::Rule(_, r) = p(
        ObjectKind::Rule,
        "add not from 10.0.0.0/8 fwmark 0x10/0xff iif veth0 pref 100 lookup 200",
    )
    .unwrap() else {
        panic!()
    };
    assert!(r.invert);
    assert_eq!(
        (r.fwmark, r.fwmask, r.priority, r.table),
        (Some(16), Some(255), Some(100), Some(200))
    );
}
