//! `rtsock --dry-run`: for Linux, the request it prints is the one the real
//! command sends (captured with strace, sequence number and port id
//! aside); for FreeBSD and OpenBSD, from this Linux host, the calls each
//! kernel would get, with the host's interface names resolved.
#![cfg(target_os = "linux")]

mod common;

use std::process::Command;

use common::{Netns, strace_writes, veth_pair};
use serde_json::Value as Json;

fn rtsock(ns: &Netns, args: &str) -> std::process::Output {
    let mut full = vec!["-n", ns.name.as_str()];
    full.extend(args.split_whitespace());
    Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args(&full)
        .output()
        .unwrap()
}

fn dry(ns: &Netns, args: &str) -> Json {
    let out = rtsock(ns, &format!("--dry-run -j {args}"));
    assert!(
        out.status.success(),
        "--dry-run {args}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// A netlink message with its sequence number and port id zeroed.
fn keyless(mut b: Vec<u8>) -> Vec<u8> {
    b[8..16].fill(0);
    b
}

fn prepared(tag: &str) -> Netns {
    veth_pair(tag)
}

#[test]
fn the_netlink_dry_run_is_what_the_real_command_sends() {
    if Command::new("strace").arg("-V").output().is_err() {
        panic!("strace is needed to capture what rtsock sends (.ci/run installs it)");
    }
    let ns = prepared("dryrun");
    for cmd in [
        "route add 10.1.0.0/16 via 10.0.0.2 dev veth0 table 100 metric 5 proto static",
        "addr add 10.9.0.1/24 brd + dev veth1 label veth1:x",
        "neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev veth0 nud permanent",
        "link set veth1 mtu 1400 address 02:00:00:00:00:11",
        "rule add from 10.0.0.0/8 table 100 pref 100",
        "link add br9 type bridge",
        "route del 10.1.0.0/16 table 100",
    ] {
        let planned = dry(&ns, cmd);
        let calls = planned.as_array().unwrap();
        assert_eq!(calls.len(), 1, "{cmd}: {planned}");
        let want = unhex(calls[0]["hex"].as_str().unwrap());
        let log = std::env::temp_dir().join(format!("rtsock-dry-{}.strace", std::process::id()));
        let status = Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=sendto", "-e", "write=all", "-o"])
            .arg(&log)
            .arg(env!("CARGO_BIN_EXE_rtsock"))
            .args(["-n", &ns.name])
            .args(cmd.split_whitespace())
            .status()
            .unwrap();
        assert!(status.success(), "{cmd} failed for real");
        let text = std::fs::read_to_string(&log).unwrap();
        let _ = std::fs::remove_file(&log);
        // The change is the request of its type; name look-ups go first.
        let kind = &want[4..6];
        let real: Vec<_> = strace_writes(&text, "sendto(")
            .into_iter()
            .filter(|b| b.len() >= 16 && &b[4..6] == kind)
            .collect();
        assert_eq!(real.len(), 1, "{cmd}: {} requests of that type", real.len());
        assert_eq!(
            keyless(real[0].clone()),
            keyless(want.clone()),
            "{cmd}: the dry run differs from what was sent"
        );
        assert_eq!(
            calls[0]["message"]["header"]["type"],
            u16::from_ne_bytes([kind[0], kind[1]])
        );
    }
    // Dumps: the request a show sends.
    let planned = dry(&ns, "route show table 100");
    let b = unhex(planned[0]["hex"].as_str().unwrap());
    assert_eq!(u16::from_ne_bytes([b[4], b[5]]), 26, "RTM_GETROUTE");
    assert_eq!(
        u16::from_ne_bytes([b[6], b[7]]) & 0x300,
        0x300,
        "NLM_F_DUMP"
    );
}

#[test]
fn the_bsd_dry_run_shows_each_kernels_calls_from_linux() {
    let ns = prepared("drybsd");
    let index = ns.ip_json("link show veth0")[0]["ifindex"]
        .as_u64()
        .unwrap();

    // OpenBSD: RTA_IFP for the device, a 32-byte sockaddr_dl, table 5.
    let plan = dry(
        &ns,
        "--os openbsd route add 10.1.0.0/16 via 192.0.2.1 dev veth0 table 5",
    );
    let b = unhex(plan[0]["hex"].as_str().unwrap());
    assert_eq!(b.len(), 176);
    assert_eq!(&b[8..10], &[5, 0]);
    assert_eq!(&b[144..148], &[32, 18, index as u8, 0]);
    assert_eq!(plan[0]["message"]["event"], "RTM_NEWROUTE");

    // FreeBSD: a neighbour delete names its interface in the gateway.
    let plan = dry(&ns, "--os freebsd neigh del 10.0.0.9 dev veth0");
    let b = unhex(plan[0]["hex"].as_str().unwrap());
    assert_eq!(b[3], 2, "RTM_DELETE");
    assert_eq!(&b[168..172], &[20, 18, index as u8, 0]);
    assert_eq!(plan[0]["socket_options"]["SO_SETFIB"], 0);

    // Dumps are sysctl MIBs; FreeBSD neighbours one per family.
    let plan = dry(&ns, "--os freebsd neigh show");
    let mibs: Vec<_> = plan
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["mib"].clone())
        .collect();
    assert_eq!(
        mibs,
        [
            serde_json::json!([4, 17, 0, 2, 2, 1024]),
            serde_json::json!([4, 17, 0, 28, 2, 1024])
        ]
    );
    let plan = dry(&ns, "--os openbsd --arch i386 route show table 7");
    assert_eq!(plan[0]["mib"], serde_json::json!([4, 17, 0, 2, 1, 0, 7]));

    // Interfaces: the ioctls ifconfig would use.
    let plan = dry(&ns, "--os freebsd link set veth0 mtu 1400 up");
    let names: Vec<_> = plan
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["request"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["SIOCSIFMTU", "SIOCGIFFLAGS", "SIOCSIFFLAGS"]);
    // promisc and arp go through the same flags: FreeBSD's IFF_PPROMISC in
    // ifr_flagshigh (ifhwioctl), OpenBSD's IFF_PROMISC; IFF_NOARP on both.
    for (os, flags) in [("freebsd", "80000200"), ("openbsd", "80010000")] {
        let plan = dry(&ns, &format!("--os {os} link set veth0 promisc on arp off"));
        assert_eq!(plan[1]["request"], "SIOCSIFFLAGS", "{plan}");
        assert_eq!(&plan[1]["arg"].as_str().unwrap()[32..40], flags, "{os}");
    }
    // A WireGuard interface is a wg(4) clone: created by its unit name.
    let plan = dry(&ns, "--os openbsd link add wg3 type wireguard");
    assert_eq!(plan[0]["request"], "SIOCIFCREATE", "{plan}");
    // struct ifreq: the name "wg3" and its NUL first.
    assert!(
        plan[0]["arg"].as_str().unwrap().starts_with("77673300"),
        "{plan}"
    );

    // What a kernel would refuse is refused before anything is shown.
    let out = rtsock(
        &ns,
        "--dry-run --os openbsd route add 10.1.0.0/16 via 192.0.2.1 metric 200",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 to 63"));
    let out = rtsock(
        &ns,
        "--dry-run --os freebsd route add 2001:db8::/64 via fe80::1",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("link-local"));
}

#[test]
fn kinds_the_bsds_lack_are_refused_with_the_reason() {
    let ns = veth_pair("dryabsent");
    for (os, words, why) in [
        ("openbsd", "rule show", "route by policy with pf"),
        ("openbsd", "nexthop show", "OpenBSD has no nexthop objects"),
        (
            "freebsd",
            "nexthop add id 1 dev lo0",
            "FreeBSD makes its own from routes",
        ),
    ] {
        let out = rtsock(&ns, &format!("--dry-run --os {os} {words}"));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && out.stdout.is_empty(),
            "{os} {words}"
        );
        assert!(
            err.contains(&format!("{words}: ")) && err.contains(why),
            "{err}"
        );
    }
}

/// FreeBSD's nexthops and groups are read per family and FIB with the
/// 7-level MIB sysctl_rtsock requires for NET_RT_NHOP (6) and
/// NET_RT_NHGRP (7): CTL_NET, PF_ROUTE, 0, family (AF_INET 2, AF_INET6
/// 28; 0 is EAFNOSUPPORT there), the op, 0 (ignored), the FIB.
#[test]
fn freebsd_nexthops_are_read_with_the_mibs_sysctl_rtsock_takes() {
    let ns = veth_pair("drynhop");
    let plan = dry(&ns, "--os freebsd nexthop show");
    let mibs: Vec<Vec<i64>> = plan
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            c["mib"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_i64().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(
        mibs,
        [
            [4, 17, 0, 2, 6, 0, 0],
            [4, 17, 0, 2, 7, 0, 0],
            [4, 17, 0, 28, 6, 0, 0],
            [4, 17, 0, 28, 7, 0, 0]
        ]
    );
    assert_eq!(plan[0]["names"][4], "NET_RT_NHOP");
    assert_eq!(plan[1]["names"][4], "NET_RT_NHGRP");
    // A family narrows it.
    let plan = dry(&ns, "--os freebsd -6 nexthop show");
    let mibs: Vec<&serde_json::Value> =
        plan.as_array().unwrap().iter().map(|c| &c["mib"]).collect();
    assert_eq!(
        mibs,
        [
            &serde_json::json!([4, 17, 0, 28, 6, 0, 0]),
            &serde_json::json!([4, 17, 0, 28, 7, 0, 0])
        ]
    );
}

/// Multicast memberships: Linux asks each family in turn (RTM_GETMULTICAST
/// has no AF_UNSPEC dump); FreeBSD reads NET_RT_IFMALIST, the interface
/// going to the kernel; OpenBSD has none. A whole-system dump plan leaves
/// out what a BSD lacks instead of failing.
#[test]
fn multicast_dumps_are_planned_per_system() {
    let ns = veth_pair("drymaddr");
    let families: Vec<u8> = dry(&ns, "maddr show")
        .as_array()
        .unwrap()
        .iter()
        .map(|c| unhex(c["hex"].as_str().unwrap())[16])
        .collect();
    assert_eq!(families, [2, 10]);
    let plan = dry(&ns, "--os freebsd maddr show dev veth0");
    let index = common::names_in(&ns).0["veth0"] as i64;
    assert_eq!(plan[0]["mib"], serde_json::json!([4, 17, 0, 0, 4, index]));
    let out = rtsock(&ns, "--dry-run --os openbsd maddr show");
    assert!(String::from_utf8_lossy(&out.stderr).contains("OpenBSD has no NET_RT_IFMALIST"));
    let plan = dry(&ns, "--os freebsd dump");
    let ops: Vec<String> = plan
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["names"][4].as_str().unwrap().to_owned())
        .collect();
    assert!(
        ops.contains(&"NET_RT_NHOP".to_owned()) && ops.contains(&"NET_RT_IFMALIST".to_owned()),
        "{ops:?}"
    );
}

/// IP tunnels on the BSDs: a gif(4) or gre(4) clone, then its endpoints as
/// `ifconfig NAME tunnel SRC DST` sets them. FreeBSD: SIOCSIFPHYADDR
/// (`_IOW('i', 70, struct ifaliasreq)`, 68 bytes on amd64) with the source
/// in ifra_addr and the destination in ifra_dstaddr, which in_gif_ioctl
/// and in_gre_ioctl read as two sockaddr_in of one family and length;
/// SIOCSIFPHYADDR_IN6 for IPv6 ends (in6_gif_ioctl, in6_gre_ioctl).
/// OpenBSD: SIOCSLIFPHYADDR (`_IOW('i', 74, struct if_laddrreq)`, 280
/// bytes), whose two sockaddr_storage gif_set_tunnel reads.
#[test]
fn bsd_tunnels_are_clones_with_their_endpoints() {
    let ns = veth_pair("drytunnel");
    let plan = dry(
        &ns,
        "--os freebsd link add gif0 type ipip local 192.0.2.1 remote 192.0.2.2",
    );
    assert_eq!(plan[0]["request"], "SIOCIFCREATE2");
    assert_eq!(plan[1]["request"], "SIOCSIFPHYADDR");
    assert_eq!(plan[1]["number"], "0x80446946");
    let arg = unhex(plan[1]["arg"].as_str().unwrap());
    assert_eq!(arg.len(), 68);
    assert_eq!(&arg[..5], b"gif0\0");
    assert_eq!(&arg[16..24], &[16, 2, 0, 0, 192, 0, 2, 1]);
    assert_eq!(&arg[32..40], &[16, 2, 0, 0, 192, 0, 2, 2]);
    assert!(arg[48..].iter().all(|&b| b == 0), "no mask, no vhid");
    let plan = dry(
        &ns,
        "--os freebsd link add gre1 type ip6gre local 2001:db8::1 remote 2001:db8::2",
    );
    assert_eq!(plan[1]["request"], "SIOCSIFPHYADDR_IN6");
    assert_eq!(plan[1]["socket"], "AF_INET6");
    let arg = unhex(plan[1]["arg"].as_str().unwrap());
    assert_eq!((arg[16], arg[17], arg[44], arg[45]), (28, 28, 28, 28));
    let plan = dry(
        &ns,
        "--os openbsd link add gif0 type sit local 192.0.2.1 remote 192.0.2.2",
    );
    assert_eq!(plan[1]["request"], "SIOCSLIFPHYADDR");
    assert_eq!(plan[1]["number"], "0x8118694a");
    let arg = unhex(plan[1]["arg"].as_str().unwrap());
    assert_eq!(arg.len(), 280);
    assert_eq!(&arg[24..32], &[16, 2, 0, 0, 192, 0, 2, 1]);
    assert_eq!(&arg[152..160], &[16, 2, 0, 0, 192, 0, 2, 2]);
    // What ifconfig sets with words of its own is refused by name.
    let out = rtsock(
        &ns,
        "--dry-run --os openbsd link add gre0 type gre remote 192.0.2.2 local 192.0.2.1 key 5",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("key on a BSD gre tunnel"),
        "{err}"
    );
}

/// Descriptions (`ip link set DEV alias TEXT`) are ifconfig's
/// `description`: SIOCSIFDESCR. FreeBSD (`_IOW('i', 41, struct ifreq)`,
/// ifhwioctl) reads `ifr_buffer`, a size_t length counting the NUL at 16
/// and the pointer after it, copying length - 1 bytes; a length of 0
/// clears. OpenBSD (`_IOW('i', 128, struct ifreq)`, ifioctl) copyinstr's
/// a NUL-ended string from `ifr_data` into 64 bytes.
#[test]
fn bsd_descriptions_are_siocsifdescr_as_each_kernel_reads_it() {
    let ns = veth_pair("drydescr");
    let plan = dry(&ns, "--os freebsd link set veth0 alias uplink");
    assert_eq!(plan[0]["request"], "SIOCSIFDESCR");
    assert_eq!(plan[0]["number"], "0x80206929");
    let arg = unhex(plan[0]["arg"].as_str().unwrap());
    assert_eq!(&arg[..6], b"veth0\0");
    assert_eq!(&arg[16..24], &7u64.to_le_bytes());
    assert_eq!(plan[0]["ifr_data"], "75706c696e6b00");
    assert_eq!(plan[0]["data_pointer_at"], 24);
    let plan = dry(&ns, "--os openbsd link set veth0 alias uplink");
    assert_eq!(plan[0]["number"], "0x80206980");
    assert_eq!(plan[0]["ifr_data"], "75706c696e6b00");
    assert!(plan[0].get("data_pointer_at").is_none());
    let long = "x".repeat(64);
    let out = rtsock(
        &ns,
        &format!("--dry-run --os openbsd link set veth0 alias {long}"),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("at most 63 bytes"),
        "{err}"
    );
}

/// Named interface groups (`ifconfig NAME group WORD`, `-group WORD`):
/// SIOCAIFGROUP `_IOW('i', 135, struct ifgroupreq)` and SIOCDIFGROUP
/// (137) on both systems, the group's name in the union after the
/// interface's name and `u_int ifgr_len` (at 24 of 40 bytes on LP64, as
/// FreeBSD's and OpenBSD's if_addgroup/if_delgroup read `ifgr_group`; 20
/// of 36 on i386). Linux's groups are numbers: a name is refused there.
#[test]
fn bsd_named_groups_are_ifgroupreq_ioctls() {
    let ns = veth_pair("drygroups");
    let plan = dry(&ns, "--os freebsd link set veth0 group egress");
    assert_eq!(plan[0]["request"], "SIOCAIFGROUP");
    assert_eq!(plan[0]["number"], "0x80286987");
    let arg = unhex(plan[0]["arg"].as_str().unwrap());
    assert_eq!(arg.len(), 40);
    assert_eq!(&arg[..6], b"veth0\0");
    assert_eq!(&arg[24..31], b"egress\0");
    let plan = dry(&ns, "--os openbsd link set veth0 -group egress");
    assert_eq!(plan[0]["request"], "SIOCDIFGROUP");
    assert_eq!(plan[0]["number"], "0x80286989");
    let plan = dry(&ns, "--os freebsd --arch i386 link set veth0 nogroup dmz");
    let arg = unhex(plan[0]["arg"].as_str().unwrap());
    assert_eq!((arg.len(), &arg[20..24]), (36, &b"dmz\0"[..]));
    for (words, why) in [
        (
            "--os freebsd link set veth0 group dmz0",
            "may not end in a digit",
        ),
        (
            "link set veth0 group egress",
            "named interface groups on Linux",
        ),
    ] {
        let out = rtsock(&ns, &format!("--dry-run {words}"));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(why), "{words}: {err}");
    }
}
