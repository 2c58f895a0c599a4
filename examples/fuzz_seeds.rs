//! Writes the fuzzers' seed corpora from the shared fixtures: netlink
//! packets from the nlmon pcap, rust-netlink payloads (as bodies, the first
//! two bytes the message type), the scapy PF_ROUTE dumps (the first byte
//! the layout), golang's sockaddr blobs, and rtsock's own traffic-control
//! requests. Used by ci/fuzz.sh.
//!
//! `cargo run --example fuzz_seeds -- FIXTURES_DIR CORPUS_DIR`

use std::path::{Path, PathBuf};

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) {
    let d = dir.join(target);
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join(name), bytes).unwrap();
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap_or(0))
        .collect()
}

fn main() {
    let args: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let (fixtures, corpus) = (&args[0], &args[1]);
    let mut n = 0;

    let pcap = std::fs::read(fixtures.join("pyroute2/nl0.pcap")).unwrap();
    for p in rtsock::capture::read_pcap(&pcap).unwrap() {
        write(
            corpus,
            "netlink_stream",
            &format!("pcap-{}", p.index),
            &p.data,
        );
        n += 1;
    }
    let text =
        std::fs::read_to_string(fixtures.join("netlink-packet-route/extracted_raw_arrays.json"))
            .unwrap();
    let arrays: serde_json::Value = serde_json::from_str(&text).unwrap();
    for (i, e) in arrays.as_array().unwrap().iter().enumerate() {
        let file = e["file"].as_str().unwrap_or("");
        let kind: u16 = if file.contains("/link/") {
            16
        } else if file.contains("/route/") {
            24
        } else if file.contains("/address/") {
            20
        } else if file.contains("/neighbour") {
            28
        } else {
            32
        };
        let mut b = kind.to_le_bytes().to_vec();
        b.extend(hex(e["hex"].as_str().unwrap_or("")));
        write(corpus, "netlink_body", &format!("rust-netlink-{i}"), &b);
        n += 1;
    }
    for (file, pick) in [
        ("FreeBSD_14.1_amd64_read_routes.bin", 0u8),
        ("FreeBSD_14.1_amd64_read_routes6.bin", 0),
        ("OpenBSD_7.5_amd64_read_routes.bin", 1),
        ("OpenBSD_7.5_amd64_read_routes6.bin", 1),
        ("OpenBSD_7.6_GENERIC_531_i386_read_routes.bin", 3),
        ("OpenBSD_7.6_GENERIC_531_i386_read_routes6.bin", 3),
        // The same rt_msghdr framing read as FreeBSD nexthop (0x20) and
        // nexthop-group (0x30) records.
        ("FreeBSD_14.1_amd64_read_routes.bin", 0x20),
        ("FreeBSD_14.1_amd64_read_routes6.bin", 0x30),
    ] {
        let mut b = vec![pick];
        b.extend(std::fs::read(fixtures.join("scapy").join(file)).unwrap());
        write(corpus, "pfroute_stream", &format!("{pick:02x}-{file}"), &b);
        n += 1;
    }
    let text =
        std::fs::read_to_string(fixtures.join("golang-x-net-route/extracted_sockaddr_blobs.json"))
            .unwrap();
    let blobs: serde_json::Value = serde_json::from_str(&text).unwrap();
    for (i, b) in blobs.as_array().unwrap().iter().enumerate() {
        let darwin = b["file"].as_str().unwrap_or("").contains("darwin");
        let mut seed = vec![if darwin { 2 } else { 0 }, 0xff, 0x00, 0, 0];
        seed.extend(hex(b["hex"].as_str().unwrap_or("")));
        write(corpus, "sockaddr", &format!("golang-{i}"), &seed);
        n += 1;
    }
    write(corpus, "netlink_body", "rtsock-mdb", &mdb_body());
    write(corpus, "netlink_body", "rtsock-vni", &vni_body());
    write(
        corpus,
        "netlink_body",
        "rtsock-nduseropt",
        &nduseropt_body(),
    );
    n += 3;
    for (i, body) in tc_bodies().into_iter().enumerate() {
        write(corpus, "netlink_body", &format!("rtsock-tc-{i}"), &body);
        n += 1;
    }
    eprintln!("fuzz_seeds: {n} seeds in {}", corpus.display());
}

/// Names resolve to index 1: the seeds need bytes, not a machine.
struct AnyIndex;

impl rtsock::raw::netlink::Resolver for AnyIndex {
    fn ifindex(&mut self, _: &rtsock::Interface, _: &str) -> rtsock::Result<u32> {
        Ok(1)
    }

    fn netns(
        &mut self,
        _: &rtsock::change::Netns,
        what: &str,
    ) -> rtsock::Result<rtsock::raw::netlink::NetnsRef> {
        Err(rtsock::Error::Unsupported(what.to_owned()))
    }
}

/// rtsock's own traffic-control requests (no fixture has them), as
/// bodies: the type in two bytes, then the payload after the netlink
/// header. They reach the TCA_OPTIONS decoders of each kind: htb's
/// parameters and tables, tbf's, fq_codel's attributes, u32's selector,
/// fw's, basic's and bpf's options, and the actions' options.
fn tc_bodies() -> Vec<Vec<u8>> {
    use rtsock::batch::Change;
    use rtsock::change::*;
    let changes = [
        Change::Class(
            Verb::Add,
            ClassSpec::new("eth0", 0x1_0000, 0x1_0010)
                .htb(HtbClass::rate(5_000_000_000).ceil(6_000_000_000)),
        ),
        Change::Qdisc(
            Verb::Add,
            QdiscSpec::root("eth0").kind(QdiscKind::Tbf(Tbf {
                peakrate: Some(2_000_000),
                mtu: 1600,
                ..Tbf::new(1_000_000, 32_000, 50_000)
            })),
        ),
        Change::Qdisc(
            Verb::Add,
            QdiscSpec::root("eth0").kind(QdiscKind::FqCodel(FqCodel {
                limit: Some(1000),
                ecn: Some(true),
                ..FqCodel::default()
            })),
        ),
        Change::Qdisc(
            Verb::Add,
            QdiscSpec::root("eth0").kind(QdiscKind::Netem(Netem {
                jitter: Some(1_000_000),
                loss: Netem::percent(1.0),
                loss_corr: Some(Netem::percent(25.0)),
                rate: Some((5_000_000_000, 14, 0, 0)),
                ..Netem::delay(10_000_000)
            })),
        ),
        Change::TcFilter(
            Verb::Add,
            TcFilterSpec::new("eth0", 0x1_0000)
                .protocol(0x0800)
                .prio(1)
                .u32(
                    U32::new()
                        .ip_dst("10.0.0.0/8".parse().unwrap())
                        .unwrap()
                        .ip_dport(80, 0xffff)
                        .unwrap()
                        .flowid(0x1_0010)
                        .action(TcAction::Mirred {
                            ingress: false,
                            mirror: true,
                            dev: "eth0".into(),
                        })
                        .action(TcAction::Gact(Verdict::Drop)),
                ),
        ),
        Change::TcFilter(
            Verb::Add,
            TcFilterSpec::new("eth0", 0xffff_fff2)
                .protocol(0x0800)
                .prio(2)
                .with_kind(TcFilterKind::Flower(Flower {
                    ip_proto: Some(6),
                    dst_ip: Some("10.0.0.0/8".parse().unwrap()),
                    dst_port: Some(80),
                    actions: vec![TcAction::Police(Police::drop_over(125_000, 10_000))],
                    ..Flower::default()
                })),
        ),
        // fw, basic and bpf, with skbedit, vlan and pedit actions.
        Change::TcFilter(
            Verb::Add,
            TcFilterSpec::new("eth0", 0x1_0000)
                .handle(7)
                .with_kind(TcFilterKind::Fw(Fw {
                    mask: Some(0xff),
                    classid: Some(0x1_0010),
                    indev: Some("eth1".into()),
                    actions: vec![
                        TcAction::Skbedit(Skbedit {
                            mark: Some(9),
                            mask: Some(0xff),
                            ptype: Some(0),
                            ..Skbedit::default()
                        }),
                        TcAction::Vlan(VlanAction::new(VlanOp::Push(VlanTag {
                            id: 100,
                            protocol: Some(0x88a8),
                            priority: Some(3),
                        }))),
                    ],
                })),
        ),
        Change::TcFilter(
            Verb::Add,
            TcFilterSpec::new("eth0", 0xffff_fff2).with_kind(TcFilterKind::Basic(Basic {
                classid: Some(0x1_0001),
                actions: vec![TcAction::Pedit(
                    Pedit::new()
                        .ip_src("192.0.2.1".parse().unwrap())
                        .unwrap()
                        .ip_ttl(64)
                        .unwrap(),
                )],
            })),
        ),
        Change::TcFilter(
            Verb::Add,
            TcFilterSpec::new("eth0", 0xffff_fff2).with_kind(TcFilterKind::Bpf(Bpf {
                classid: Some(0x1_0001),
                direct_action: true,
                ..Bpf::new(BpfProgram::parse_bytecode("2,40 0 0 12,6 0 0 0").unwrap())
            })),
        ),
        Change::TcAction(
            Verb::Add,
            TcActionSpec::new(
                TcAction::Police(Police::drop_over(1_000_000, 10_000)),
                Some(8),
            ),
        ),
        Change::TcAction(Verb::Delete, TcActionSpec::at("gact", 5)),
    ];
    changes
        .iter()
        .map(|change| {
            let (verb, spec) = change.parts();
            let request = spec.netlink(verb, &mut AnyIndex).unwrap().finish(0, 0);
            let mut body = request[4..6].to_vec();
            body.extend_from_slice(&request[16..]);
            body
        })
        .collect()
}

/// A bridge's multicast database as the kernel dumps it (RTM_NEWMDB): one
/// group entry, a `struct br_mdb_entry` followed by its timer attribute.
fn mdb_body() -> Vec<u8> {
    use rtsock::raw::netlink::Request;
    let mut entry = vec![2, 0, 0, 0, 1, 0, 0, 0, 239, 1, 1, 1];
    entry.resize(24, 0);
    entry.extend_from_slice(&[0x08, 0x00, 0, 0]);
    let info = Request::attrs().raw(&entry).attr(1, &0u32.to_ne_bytes());
    let attrs = Request::attrs()
        .nested(1, |r| r.nested(1, |r| r.attr(1, &info.into_attr_bytes())))
        .into_attr_bytes();
    let mut body = 84u16.to_le_bytes().to_vec();
    body.extend_from_slice(&[7, 0, 0, 0, 1, 0, 0, 0]);
    body.extend_from_slice(&attrs);
    body
}

/// A VXLAN device's VNIs as a dump with counters gives them
/// (RTM_NEWTUNNEL): a range with an IPv6 remote, and a VNI with its stats.
fn vni_body() -> Vec<u8> {
    use rtsock::raw::netlink::Request;
    let remote: std::net::Ipv6Addr = "2001:db8::9".parse().unwrap();
    let attrs = Request::attrs()
        .nested_flagged(1, |r| {
            r.attr_u32(1, 200)
                .attr_u32(2, 210)
                .attr(4, &remote.octets())
        })
        .nested_flagged(1, |r| {
            r.attr_u32(1, 300).nested_flagged(5, |mut s| {
                for counter in 1..=8u16 {
                    s = s.attr(counter, &u64::from(counter).to_ne_bytes());
                }
                s
            })
        })
        .into_attr_bytes();
    let mut body = 120u16.to_le_bytes().to_vec();
    body.extend_from_slice(&[7, 0, 0, 0, 2, 0, 0, 0]);
    body.extend_from_slice(&attrs);
    body
}

/// A router's RDNSS option handed to user space (RTM_NEWNDUSEROPT): the
/// header, the option (one server, 300 s), the router's address.
fn nduseropt_body() -> Vec<u8> {
    use rtsock::raw::netlink::Request;
    let mut body = 68u16.to_le_bytes().to_vec();
    body.extend_from_slice(&[10, 0, 24, 0, 3, 0, 0, 0, 134, 0, 0, 0, 0, 0, 0, 0]);
    body.extend_from_slice(&[25, 3, 0, 0, 0, 0, 1, 44]);
    let server: std::net::Ipv6Addr = "2001:db8::53".parse().unwrap();
    body.extend_from_slice(&server.octets());
    let from: std::net::Ipv6Addr = "fe80::99".parse().unwrap();
    body.extend(Request::attrs().attr(1, &from.octets()).into_attr_bytes());
    body
}
