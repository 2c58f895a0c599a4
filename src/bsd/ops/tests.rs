//! The order of system calls each operation makes, through the recorder,
//! and what it does with the kernel's answers (a scripted kernel).

use std::collections::VecDeque;

use super::*;
use crate::LinkAddr;
use crate::bsd::encode::{RTM_ADD, RTM_CHANGE, RTM_DELETE};
use crate::bsd::sys::{Call, DryRun, Ioctl};
use crate::common::change::{LinkKind, LinkSpec, VlanProtocol};

fn vlan(name: &str, id: u16, protocol: VlanProtocol) -> LinkSpec {
    LinkSpec::named(name)
        .link(Interface::Name("em0".into()))
        .kind(LinkKind::Vlan { id, protocol })
}

const FREEBSD: Layout = Layout::FREEBSD_AMD64;
const OPENBSD: Layout = Layout::OPENBSD_AMD64;

fn host_links(name: &str) -> Result<Option<u32>> {
    Ok(match name {
        "em0" => Some(3),
        "em1" => Some(4),
        _ => None,
    })
}

/// The recorder, with errnos to give for the next writes and answers to
/// give for the next RTM_GETs (the request echoed, with these fields).
struct Scripted {
    dry: DryRun,
    write_errors: VecDeque<Option<i32>>,
    answers: VecDeque<std::result::Result<(u16, u32), i32>>,
}

impl Scripted {
    fn new(layout: Layout) -> Scripted {
        Scripted {
            dry: DryRun::new(layout, Box::new(host_links)),
            write_errors: VecDeque::new(),
            answers: VecDeque::new(),
        }
    }

    fn kinds(&self) -> Vec<(&'static str, u8)> {
        self.dry
            .calls
            .iter()
            .map(|c| match c {
                Call::RouteWrite { bytes, .. } => ("write", bytes[3]),
                Call::RouteGet { bytes, .. } => ("get", bytes[3]),
                Call::Sysctl { .. } => ("sysctl", 0),
                Call::Ioctl(_) => ("ioctl", 0),
            })
            .collect()
    }
}

impl Sys for Scripted {
    fn layout(&self) -> Layout {
        self.dry.layout()
    }
    fn sysctl(&mut self, mib: &[i32], what: &str) -> Result<Vec<u8>> {
        self.dry.sysctl(mib, what)
    }
    fn route_write(&mut self, req: &RtRequest, what: &str) -> Result<()> {
        self.dry.route_write(req, what)?;
        match self.write_errors.pop_front().flatten() {
            Some(errno) => Err(Error::Kernel {
                request: what.into(),
                errno,
                ext_ack: None,
            }),
            None => Ok(()),
        }
    }
    fn route_get(&mut self, req: &RtRequest, expect: Expect, what: &str) -> Result<Vec<u8>> {
        let echoed = self.dry.route_get(req, Expect::Found, what)?;
        let layout = self.layout();
        match self.answers.pop_front() {
            None => match expect {
                Expect::Found => Ok(echoed),
                Expect::Missing => Err(Error::Kernel {
                    request: what.into(),
                    errno: libc::ESRCH,
                    ext_ack: None,
                }),
            },
            Some(Err(errno)) => Err(Error::Kernel {
                request: what.into(),
                errno,
                ext_ack: None,
            }),
            Some(Ok((index, flags))) => {
                let mut b = echoed;
                let (i, f) = if layout.os == Os::OpenBsd {
                    (6, 16)
                } else {
                    (4, 8)
                };
                b[i..i + 2].copy_from_slice(&index.to_le_bytes());
                b[f..f + 4].copy_from_slice(&flags.to_le_bytes());
                Ok(b)
            }
        }
    }
    fn ioctl(&mut self, call: &mut Ioctl, what: &str) -> Result<()> {
        self.dry.ioctl(call, what)
    }
    fn ifindex(&mut self, name: &str) -> Result<Option<u32>> {
        self.dry.ifindex(name)
    }
    fn ifname(&mut self, index: u32) -> Result<Option<String>> {
        self.dry.ifname(index)
    }
    fn route_tables(&mut self) -> Result<Vec<u32>> {
        Ok(vec![0, 1, 2])
    }
    fn clocks(&self) -> encode::Clocks {
        self.dry.clocks()
    }
}

fn em(i: u32) -> Interface {
    Interface::Index(i)
}

#[test]
fn freebsd_neighbour_dumps_take_six_levels_one_family_each() {
    let mibs = |family| {
        dump_mibs(&FREEBSD, ObjectKind::Neighbour, family, None, &[0])
            .into_iter()
            .map(|m| m.mib)
            .collect::<Vec<_>>()
    };
    // sysctl_rtsock: a 7th level is ENOTDIR, family 0 EINVAL.
    assert_eq!(
        mibs(None),
        [[4, 17, 0, 2, 2, 0x400], [4, 17, 0, 28, 2, 0x400]]
    );
    assert_eq!(mibs(Some(AF_INET6)), [[4, 17, 0, 28, 2, 0x400]]);
    // Routes keep their FIB level; OpenBSD neighbours their rtable.
    let routes = dump_mibs(&FREEBSD, ObjectKind::Route, None, None, &[0, 3]);
    assert_eq!(routes[1].mib, [4, 17, 0, 0, 1, 0, 3]);
    assert_eq!(routes[1].fib, Some(3));
    let ob = dump_mibs(&OPENBSD, ObjectKind::Neighbour, Some(AF_INET6), None, &[0]);
    assert_eq!(ob[0].mib, [4, 17, 0, 24, 2, 0x400, 0]);
    let links = dump_mibs(&OPENBSD, ObjectKind::Link, None, Some(3), &[0]);
    assert_eq!(links[0].mib, [4, 17, 0, 0, 3, 3]);
}

#[test]
fn a_dump_of_every_table_reads_each_table_the_kernel_has() {
    let mut s = Scripted::new(OPENBSD);
    let (mibs, _) = dump_plan(&mut s, ObjectKind::Route, &Filter::new(), "t").unwrap();
    assert_eq!(mibs.iter().map(|m| m.mib[6]).collect::<Vec<_>>(), [0, 1, 2]);
    let (one, _) = dump_plan(&mut s, ObjectKind::Route, &Filter::new().table(5), "t").unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].mib[6], 5);
    let (main, _) = dump_plan(&mut s, ObjectKind::Route, &Filter::new().table(254), "t").unwrap();
    assert_eq!(main[0].mib[6], 0);
    assert!(dump_plan(&mut s, ObjectKind::Route, &Filter::new().table(300), "t").is_err());
}

#[test]
fn replace_adds_what_is_missing() {
    for layout in [FREEBSD, OPENBSD] {
        let spec = RouteSpec::to("10.1.0.0/16".parse().unwrap()).via("192.0.2.1".parse().unwrap());
        let mut s = Scripted::new(layout);
        s.write_errors.push_back(Some(libc::ESRCH));
        route(&mut s, Verb::Replace, &spec).unwrap();
        assert_eq!(
            s.kinds(),
            [("write", RTM_CHANGE), ("write", RTM_ADD)],
            "{layout:?}"
        );
        // Any other refusal is the answer.
        let mut s = Scripted::new(layout);
        s.write_errors.push_back(Some(libc::EINVAL));
        assert_eq!(
            route(&mut s, Verb::Replace, &spec).unwrap_err().errno(),
            Some(libc::EINVAL)
        );
        assert_eq!(s.kinds().len(), 1);
    }
}

#[test]
fn freebsd_add_does_not_turn_a_route_into_multipath() {
    let spec = RouteSpec::to("10.1.0.0/16".parse().unwrap()).via("192.0.2.1".parse().unwrap());
    let mut s = Scripted::new(FREEBSD);
    route(&mut s, Verb::Add, &spec).unwrap();
    assert_eq!(s.kinds(), [("get", 4), ("write", RTM_ADD)]);
    let mut s = Scripted::new(FREEBSD);
    s.answers.push_back(Ok((3, 0x803)));
    let e = route(&mut s, Verb::Add, &spec).unwrap_err();
    assert_eq!(e.errno(), Some(libc::EEXIST));
    assert_eq!(s.kinds(), [("get", 4)], "nothing written");
    // Append is the way to a second path; OpenBSD refuses on its own.
    let mut s = Scripted::new(FREEBSD);
    route(&mut s, Verb::Append, &spec).unwrap();
    assert_eq!(s.kinds(), [("write", RTM_ADD)]);
    let mut s = Scripted::new(OPENBSD);
    route(&mut s, Verb::Add, &spec).unwrap();
    assert_eq!(s.kinds(), [("write", RTM_ADD)]);
}

#[test]
fn a_delete_by_device_removes_only_a_route_through_that_device() {
    let spec = RouteSpec::to("10.9.0.0/16".parse().unwrap()).dev(Interface::Name("em0".into()));
    for layout in [FREEBSD, OPENBSD] {
        let mut s = Scripted::new(layout);
        route(&mut s, Verb::Delete, &spec).unwrap();
        assert_eq!(s.kinds(), [("get", 4), ("write", RTM_DELETE)]);
        let mut s = Scripted::new(layout);
        s.answers.push_back(Ok((4, 0x801)));
        let e = route(&mut s, Verb::Delete, &spec).unwrap_err();
        assert_eq!(e.errno(), Some(libc::ESRCH), "{layout:?}");
        assert_eq!(s.kinds(), [("get", 4)]);
    }
}

#[test]
fn openbsd_deletes_only_arp_entries_of_that_interface() {
    let n = NeighbourSpec::ip("192.0.2.9".parse().unwrap(), em(3));
    let mut s = Scripted::new(OPENBSD);
    neighbour(&mut s, Verb::Delete, &n).unwrap();
    assert_eq!(s.kinds(), [("get", 4), ("write", RTM_DELETE)]);
    // A static host route sits there: not a neighbour.
    let mut s = Scripted::new(OPENBSD);
    s.answers.push_back(Ok((3, 0x805)));
    assert_eq!(
        neighbour(&mut s, Verb::Delete, &n).unwrap_err().errno(),
        Some(libc::ESRCH)
    );
    // A local address's own entry.
    let mut s = Scripted::new(OPENBSD);
    s.answers.push_back(Ok((3, 0x20_0405)));
    assert_eq!(
        neighbour(&mut s, Verb::Delete, &n).unwrap_err().errno(),
        Some(libc::EPERM)
    );
    assert_eq!(s.kinds().len(), 1, "nothing deleted");
    // FreeBSD deletes by interface in the gateway, in one write.
    let mut s = Scripted::new(FREEBSD);
    neighbour(&mut s, Verb::Delete, &n).unwrap();
    assert_eq!(s.kinds(), [("write", RTM_DELETE)]);
}

#[test]
fn neighbour_replace_and_change_per_kernel() {
    let n = NeighbourSpec::ip("192.0.2.9".parse().unwrap(), em(3))
        .lladdr(LinkAddr::parse("02:00:00:00:00:09").unwrap());
    // OpenBSD route_arp_conflict: EEXIST, then a change.
    let mut s = Scripted::new(OPENBSD);
    s.write_errors.push_back(Some(libc::EEXIST));
    neighbour(&mut s, Verb::Replace, &n).unwrap();
    assert_eq!(s.kinds(), [("write", RTM_ADD), ("write", RTM_CHANGE)]);
    // FreeBSD lla_rt_output: RTM_ADD replaces; RTM_CHANGE is EINVAL.
    let mut s = Scripted::new(FREEBSD);
    neighbour(&mut s, Verb::Change, &n).unwrap();
    assert_eq!(s.kinds(), [("write", RTM_ADD)]);
}

fn ioctl_names(s: &Scripted) -> Vec<String> {
    s.dry
        .calls
        .iter()
        .filter_map(|c| match c {
            Call::Ioctl(i) => Some(format!("{} {}", i.name, crate::bsd::ioctl::created_name(i))),
            _ => None,
        })
        .collect()
}

#[test]
fn links_are_made_with_the_ioctls_ifconfig_uses() {
    let mut s = Scripted::new(FREEBSD);
    link(&mut s, Verb::Add, &LinkSpec::named("veth0").veth("veth1")).unwrap();
    assert_eq!(
        ioctl_names(&s),
        [
            "SIOCIFCREATE2 epair",
            "SIOCSIFNAME epair0b",
            "SIOCSIFNAME epair0a"
        ]
    );
    let mut s = Scripted::new(FREEBSD);
    let v10 = vlan("v10", 10, VlanProtocol::Dot1Q);
    link(&mut s, Verb::Add, &v10).unwrap();
    let Call::Ioctl(create) = &s.dry.calls[0] else {
        panic!()
    };
    assert_eq!(&create.data.as_ref().unwrap()[..4], b"em0\0", "the vlanreq");
    // OpenBSD: names it cannot give are refused before anything exists.
    for spec in [
        vlan("v10", 10, VlanProtocol::Dot1Q),
        vlan("vlan010", 10, VlanProtocol::Dot1Q),
        LinkSpec::named("br0").kind(LinkKind::Bridge),
    ] {
        let mut s = Scripted::new(OPENBSD);
        assert!(link(&mut s, Verb::Add, &spec).is_err());
        assert!(s.dry.calls.is_empty(), "{spec:?}");
    }
    let mut s = Scripted::new(OPENBSD);
    let qinq = vlan("svlan5", 5, VlanProtocol::Dot1AD);
    link(&mut s, Verb::Add, &qinq).unwrap();
    assert_eq!(
        ioctl_names(&s),
        [
            "SIOCIFCREATE svlan5",
            "SIOCSIFPARENT svlan5",
            "SIOCSVNETID svlan5"
        ]
    );
    // Up: read the flags, write them back with IFF_UP.
    let mut s = Scripted::new(OPENBSD);
    link(&mut s, Verb::Set, &LinkSpec::named("em0").up().mtu(1400)).unwrap();
    assert_eq!(
        ioctl_names(&s),
        ["SIOCSIFMTU em0", "SIOCGIFFLAGS em0", "SIOCSIFFLAGS em0"]
    );
}

#[test]
fn a_link_local_lookup_needs_its_interface() {
    let mut s = Scripted::new(FREEBSD);
    assert!(route_get(&mut s, "fe80::1".parse().unwrap(), None, None).is_err());
    assert!(s.dry.calls.is_empty());
    route_get(
        &mut s,
        "fe80::1".parse().unwrap(),
        Some(&Interface::Name("em0".into())),
        None,
    )
    .unwrap();
    let Call::RouteGet { bytes, .. } = &s.dry.calls[0] else {
        panic!()
    };
    assert_eq!(&bytes[152 + 24..152 + 28], &[3, 0, 0, 0]);
}

#[test]
fn the_dry_run_shows_bytes_and_their_meaning() {
    let mut s = DryRun::new(OPENBSD, Box::new(host_links));
    let spec = RouteSpec::to("10.1.0.0/16".parse().unwrap())
        .via("192.0.2.1".parse().unwrap())
        .table(5);
    route(&mut s, Verb::Add, &spec).unwrap();
    let json = s.to_json();
    let call = &json[0];
    assert_eq!(call["call"], "write");
    assert_eq!(call["message"]["event"], "RTM_NEWROUTE");
    let attrs = call["message"]["attrs"].as_array().unwrap();
    assert!(attrs.iter().any(|a| a[0] == "RTA_TABLE" && a[1] == 5));
    assert!(
        call["hex"]
            .as_str()
            .unwrap()
            .starts_with("90000501600000000500")
    );
}
