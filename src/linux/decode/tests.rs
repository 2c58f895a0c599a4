use super::super::wire::{Messages, put_attr};
use super::*;
use crate::common::types::RouteProtocol;

fn frame(kind: u16, flags: u16, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    NlHeader {
        len: (NLMSG_HDRLEN + body.len()) as u32,
        kind,
        flags,
        seq: 1,
        pid: 0,
    }
    .write(&mut out);
    out.extend_from_slice(body);
    out
}

fn decode_one(buf: &[u8]) -> Result<Message, DecodeError> {
    let raw = Messages::new(buf).next().unwrap()?;
    decode_message(&raw)
}

#[test]
fn decodes_a_route_with_multipath() {
    let mut body = vec![
        AF_INET,
        24,
        0,
        0,
        254,
        RTPROT_STATIC,
        0,
        RTN_UNICAST,
        0,
        0,
        0,
        0,
    ];
    put_attr(&mut body, 15, &254u32.to_ne_bytes());
    put_attr(&mut body, 1, &[10, 1, 0, 0]);
    let mut hops = Vec::new();
    for (oif, gw, weight) in [(3u32, [10, 0, 0, 2], 0u8), (4, [10, 0, 1, 2], 4)] {
        let mut gw_attr = Vec::new();
        put_attr(&mut gw_attr, 5, &gw);
        hops.extend_from_slice(&((8 + gw_attr.len()) as u16).to_ne_bytes());
        hops.extend_from_slice(&[0, weight]);
        hops.extend_from_slice(&oif.to_ne_bytes());
        hops.extend(gw_attr);
    }
    put_attr(&mut body, 9, &hops);
    let m = decode_one(&frame(RTM_NEWROUTE, 2, &body)).unwrap();
    let r = crate::common::views::Route::from_message(&m).unwrap();
    assert_eq!(r.dst, Some("10.1.0.0".parse().unwrap()));
    assert_eq!(
        (r.dst_len, r.table, r.proto),
        (24, 254, RouteProtocol::Static)
    );
    assert_eq!(r.nexthops.len(), 2);
    assert_eq!(r.nexthops[1].oif, 4);
    assert_eq!(r.nexthops[1].weight, 5);
    assert_eq!(r.nexthops[1].gateway, Some("10.0.1.2".parse().unwrap()));
}

#[test]
fn error_message_carries_errno_and_ext_ack() {
    let mut body = (-(libc::EEXIST)).to_ne_bytes().to_vec();
    let mut req = Vec::new();
    NlHeader {
        len: 16,
        kind: RTM_NEWADDR,
        flags: 5,
        seq: 9,
        pid: 0,
    }
    .write(&mut req);
    body.extend(req);
    put_attr(&mut body, 1, b"Address already assigned\0");
    let m = decode_one(&frame(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS, &body)).unwrap();
    let e = m.header.error.unwrap();
    assert_eq!(e.errno, libc::EEXIST);
    assert_eq!(e.message, "Address already assigned");
    assert_eq!(m.event, "NLMSG_ERROR");
}

#[test]
fn nested_attribute_overrunning_its_parent_is_an_error() {
    let mut body = vec![0u8; IFINFOMSG_LEN];
    // IFLA_LINKINFO claims 8 bytes but holds an attribute claiming 40.
    body.extend_from_slice(&[8, 0, 18, 0, 40, 0, 1, 0]);
    let e = decode_one(&frame(RTM_NEWLINK, 0, &body)).unwrap_err();
    assert!(e.reason.contains("overruns"), "{e}");
}

#[test]
fn wrong_sized_payload_is_kept_as_bytes_and_unknown_types_keep_a_name() {
    let mut body = vec![0u8; IFINFOMSG_LEN];
    put_attr(&mut body, 4, &[1, 2]); // IFLA_MTU must be 4 bytes
    put_attr(&mut body, 999, &[7]);
    let m = decode_one(&frame(RTM_NEWLINK, 0, &body)).unwrap();
    assert_eq!(m.get(&IFLA_MTU), Some(&Value::Bytes(vec![1, 2])));
    assert_eq!(m.get_attr("IFLA_UNKNOWN_999"), Some(&Value::Bytes(vec![7])));
}

#[test]
fn short_fixed_header_of_a_new_message_is_an_error_but_get_requests_pad() {
    assert!(decode_one(&frame(RTM_NEWROUTE, 0, &[2, 0, 0, 0])).is_err());
    let m = decode_one(&frame(RTM_GETLINK, 0x301, &[17, 0, 0, 0])).unwrap();
    assert_eq!(m.family(), Some(17));
}

#[test]
fn self_nesting_stops_at_the_depth_limit() {
    // IFLA_PROP_LIST nests IFLA attributes, including IFLA_PROP_LIST itself.
    let mut inner = Vec::new();
    put_attr(&mut inner, 53, b"alt\0");
    for _ in 0..20 {
        let mut outer = Vec::new();
        put_attr(&mut outer, 52, &inner);
        inner = outer;
    }
    let mut body = vec![0u8; IFINFOMSG_LEN];
    body.extend(inner);
    let m = decode_one(&frame(RTM_NEWLINK, 0, &body)).unwrap();
    assert!(m.get(&IFLA_PROP_LIST).is_some());
}

/// Every attribute of every family whose payload is a plain value:
/// encoded by the request builder under its registered number, it
/// decodes back to its registered name and the same value.
#[test]
fn every_valued_attribute_round_trips_through_its_number() {
    use super::super::request::Request;
    use crate::common::attrs::FAMILIES;
    let mut checked = 0;
    for table in FAMILIES {
        for (number, spec) in table.specs.iter().enumerate() {
            let number = number as u16;
            let (payload, want): (Vec<u8>, Value) = match spec.kind {
                Kind::U8 => (vec![7], Value::U8(7)),
                Kind::U16 => (513u16.to_ne_bytes().to_vec(), Value::U16(513)),
                Kind::U32 | Kind::UInt => (70_000u32.to_ne_bytes().to_vec(), Value::U32(70_000)),
                Kind::U64 => (5u64.to_ne_bytes().to_vec(), Value::U64(5)),
                Kind::I32 => ((-3i32).to_ne_bytes().to_vec(), Value::I32(-3)),
                Kind::Be16 => (vec![0x12, 0x34], Value::U16(0x1234)),
                Kind::Be32 => (vec![0, 0, 0x12, 0x34], Value::U32(0x1234)),
                Kind::Str => (b"ab\0".to_vec(), Value::Str("ab".into())),
                Kind::Ip => (vec![192, 0, 2, 1], Value::Ip([192, 0, 2, 1].into())),
                Kind::LinkAddr => (
                    vec![2, 0, 0, 0, 0, 9],
                    Value::LinkAddr(crate::LinkAddr::new(&[2, 0, 0, 0, 0, 9]).unwrap()),
                ),
                Kind::Flag => (Vec::new(), Value::Flag),
                _ => continue,
            };
            if spec.name.is_empty() {
                continue;
            }
            let bytes = Request::attrs().attr(number, &payload).into_attr_bytes();
            let got = decode_attrs(
                &bytes,
                0,
                table,
                Ctx {
                    family: 0,
                    depth: 0,
                },
            )
            .unwrap_or_else(|e| panic!("{}: {e}", spec.name));
            assert_eq!(got.len(), 1, "{}", spec.name);
            assert_eq!((got[0].name.as_ref(), got[0].kind), (spec.name, number));
            assert_eq!(got[0].value, want, "{}", spec.name);
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked} attributes checked");
}

/// A nexthop group: NHA_GROUP is an array of `struct nexthop_grp`, each
/// with its weight minus one; the view gives ip's weights back.
#[test]
fn nexthop_groups_decode_member_by_member() {
    let mut body = vec![0u8; 8]; // struct nhmsg, AF_UNSPEC
    body.extend_from_slice(&put_attr_bytes(1, &10u32.to_ne_bytes())); // NHA_ID
    let mut members = Vec::new();
    for (id, weight_minus_one) in [(1u32, 0u8), (2, 2)] {
        members.extend_from_slice(&id.to_ne_bytes());
        members.extend_from_slice(&[weight_minus_one, 0, 0, 0]);
    }
    body.extend_from_slice(&put_attr_bytes(2, &members)); // NHA_GROUP
    let m = decode_one(&frame(RTM_NEWNEXTHOP, 0, &body)).unwrap();
    assert_eq!(m.event, "RTM_NEWNEXTHOP");
    let n = crate::views::Nexthop::from_message(&m).unwrap();
    assert_eq!(n.id, 10);
    let group: Vec<(u32, u16)> = n.group.iter().map(|g| (g.id, g.weight)).collect();
    assert_eq!(group, [(1, 1), (2, 3)]);
    // A member cut short is kept as bytes, not misread.
    let mut short = vec![0u8; 8];
    short.extend_from_slice(&put_attr_bytes(2, &members[..6]));
    let m = decode_one(&frame(RTM_NEWNEXTHOP, 0, &short)).unwrap();
    assert!(matches!(m.get(&NHA_GROUP), Some(Value::Bytes(_))));
}

fn put_attr_bytes(kind: u16, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    put_attr(&mut out, kind, payload);
    out
}

#[test]
fn an_nd_user_option_is_read_between_header_and_attributes_and_checked() {
    // struct nduseroptmsg: AF_INET6, opts_len 8, ifindex 3, RA (134).
    let mut body = vec![10, 0, 8, 0, 3, 0, 0, 0, 134, 0, 0, 0, 0, 0, 0, 0];
    body.extend_from_slice(&[24, 1, 0, 0, 0, 0, 0, 0]);
    body.extend(put_attr_bytes(
        1,
        &[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9],
    ));
    let m = decode_one(&frame(RTM_NEWNDUSEROPT, 0, &body)).unwrap();
    let Body::NdUserOpt(h) = &m.body else {
        panic!("{:?}", m.body)
    };
    assert_eq!(
        (h.index, h.options.as_slice()),
        (3, &[24, 1, 0, 0, 0, 0, 0, 0][..])
    );
    assert_eq!(
        m.get(&NDUSEROPT_SRCADDR)
            .map(ToString::to_string)
            .as_deref(),
        Some("fe80::9")
    );
    // An option length that runs past the message is an error, named.
    body[2] = 200;
    let e = decode_one(&frame(RTM_NEWNDUSEROPT, 0, &body)).unwrap_err();
    assert!(e.to_string().contains("RTM_NEWNDUSEROPT option"), "{e}");
}

#[test]
fn a_dcb_notification_reads_its_device_and_command() {
    // dcbnl_notify: RTM_SETDCB, struct dcbmsg { AF_UNSPEC, DCB_CMD_IEEE_SET },
    // DCB_ATTR_IFNAME, DCB_ATTR_IEEE (an empty nest), DCB_ATTR_DCBX.
    let mut body = vec![0, 20, 0, 0];
    body.extend(put_attr_bytes(1, b"eth0\0"));
    body.extend(put_attr_bytes(13, &[]));
    body.extend(put_attr_bytes(14, &[8]));
    let m = decode_one(&frame(RTM_SETDCB, 0, &body)).unwrap();
    assert_eq!(m.event, "RTM_SETDCB");
    let d = crate::views::Dcb::from_message(&m).unwrap();
    assert_eq!((d.dev.as_deref(), d.dcbx), (Some("eth0"), Some(8)));
    assert_eq!(d.line(), "dcb dev eth0 ieee_set");
    assert!(!crate::common::kinds::is_delete(RTM_SETDCB));
}
