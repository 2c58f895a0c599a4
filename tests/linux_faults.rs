//! Faults and resources against the real kernel: dumps interrupted by
//! concurrent changes, missing privileges, file descriptors after
//! thousands of requests, and one socket shared between threads.
#![cfg(target_os = "linux")]

mod common;

use std::collections::BTreeSet;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use common::{Netns, run};
use rtsock::change::{AddressSpec, RouteSpec, Verb};
use rtsock::constants::*;
use rtsock::{Error, Filter, IpRoute, ObjectKind, RouteSocket, Value};

/// The fd count is per process: the tests of this file take turns.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

#[test]
fn interrupted_dumps_are_retried_or_reported() {
    let _turn = serial();
    let ns = Netns::new("intr");
    ns.ip("link add v0 type veth peer name v1");
    // 3000 addresses that stay, so a dump spans many datagrams.
    let batch: String = (0..3000)
        .map(|i| format!("addr add 10.{}.{}.1/32 dev v0\n", 100 + i / 256, i % 256))
        .collect();
    let path = std::env::temp_dir().join(format!("rtsock-intr-{}", std::process::id()));
    std::fs::write(&path, batch).unwrap();
    run("ip", &["-n", &ns.name, "-batch", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);

    // Meanwhile another socket keeps adding and removing one address,
    // which changes the kernel's address generation id.
    let stop = Arc::new(AtomicBool::new(false));
    let churn = {
        let (stop, name) = (stop.clone(), ns.name.clone());
        std::thread::spawn(move || {
            let mut ipr = IpRoute::in_netns(&name).unwrap();
            let spec = AddressSpec::new("192.0.2.9/32".parse().unwrap(), "v1");
            while !stop.load(Ordering::Relaxed) {
                ipr.address(Verb::Add, &spec).unwrap();
                ipr.address(Verb::Delete, &spec).unwrap();
            }
        })
    };
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    // All IPv4 addresses: on this kernel (6.18) a dump filtered to one
    // device by the kernel is never marked, a whole-family one is.
    let v4 = Filter::new().family(AF_INET);
    let v0 = ipr.link_lookup("v0").unwrap().unwrap();
    let mut interrupted = 0;
    for _ in 0..300 {
        match ipr
            .dump(ObjectKind::Address, &v4)
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
        {
            Err(Error::DumpInterrupted { attempts: 1, .. }) => interrupted += 1,
            Err(e) => panic!("{e}"),
            Ok(_) => {}
        }
        if interrupted >= 3 {
            break;
        }
    }
    assert!(
        interrupted > 0,
        "300 dumps under churn and NLM_F_DUMP_INTR never came"
    );
    // The retrying dump either gives a whole, duplicate-free table or says
    // plainly that it could not.
    let mut whole = 0;
    for _ in 0..20 {
        match ipr.dump_consistent(ObjectKind::Address, &v4) {
            Ok(msgs) => {
                let on_v0: Vec<_> = msgs
                    .iter()
                    .filter(|m| matches!(m.body, rtsock::Body::Address(h) if h.index == v0))
                    .collect();
                let set: BTreeSet<String> = on_v0
                    .iter()
                    .filter_map(|m| m.get_attr("IFA_LOCAL").map(Value::to_string))
                    .collect();
                assert_eq!(set.len(), on_v0.len(), "duplicates in a consistent dump");
                assert_eq!(set.len(), 3000, "a consistent dump lost addresses");
                whole += 1;
            }
            Err(Error::DumpInterrupted { attempts, request }) => {
                assert_eq!(attempts, 5);
                assert!(request.contains("address show"), "{request}");
            }
            Err(e) => panic!("{e}"),
        }
    }
    stop.store(true, Ordering::Relaxed);
    churn.join().unwrap();
    eprintln!("{interrupted} interrupted raw dump(s); {whole}/20 consistent dumps succeeded");
}

#[test]
fn without_privileges_reads_work_and_changes_fail_clearly() {
    let _turn = serial();
    let ns = Netns::new("priv");
    ns.ip("link add v0 type veth peer name v1");
    let bin = env!("CARGO_BIN_EXE_rtsock");
    let as_nobody = |args: &[&str]| {
        let mut cmd = Command::new("ip");
        cmd.args([
            "netns",
            "exec",
            &ns.name,
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
        ])
        .args([
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            bin,
        ]);
        cmd.args(args).output().unwrap()
    };
    let read = as_nobody(&["-j", "link", "show"]);
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    assert!(String::from_utf8_lossy(&read.stdout).contains("\"v0\""));
    let change = as_nobody(&["addr", "add", "10.0.0.1/24", "dev", "v0"]);
    let err = String::from_utf8_lossy(&change.stderr);
    assert!(!change.status.success());
    assert!(err.contains("address add 10.0.0.1/24 dev v0"), "{err}");
    assert!(err.contains("Operation not permitted"), "{err}");
    assert!(err.contains(&format!("errno {}", libc::EPERM)), "{err}");
    assert!(
        ns.ip_json("addr show dev v0")[0]["addr_info"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["local"] != "10.0.0.1")
    );
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

#[test]
fn thousands_of_requests_and_errors_leak_no_fds() {
    let _turn = serial();
    let ns = Netns::new("fds");
    ns.ip("link add v0 type veth peer name v1");
    ns.ip("link set v0 up");
    ns.ip("addr add 10.0.0.1/24 dev v0");
    let before = open_fds();
    for i in 0..200 {
        // A socket opened and dropped, in a namespace (helper thread, setns).
        let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
        assert!(ipr.link_lookup("v0").unwrap().is_some());
        let bad = RouteSpec::to("10.9.0.0/16".parse().unwrap()).via("192.0.2.1".parse().unwrap());
        assert!(ipr.route(Verb::Add, &bad).is_err());
        if i % 50 == 0 {
            // An abandoned dump is drained on drop.
            let mut d = ipr.links(&Filter::new()).unwrap();
            d.next();
        }
    }
    let mut ipr = IpRoute::in_netns(&ns.name).unwrap();
    for i in 0..3000u32 {
        let spec = RouteSpec::to(
            format!("10.{}.{}.0/24", 50 + i / 256, i % 256)
                .parse()
                .unwrap(),
        )
        .via("10.0.0.2".parse().unwrap());
        ipr.route(Verb::Add, &spec).unwrap();
        assert_eq!(
            ipr.route(Verb::Add, &spec).unwrap_err().errno(),
            Some(libc::EEXIST)
        );
        ipr.route(Verb::Delete, &spec).unwrap();
    }
    drop(ipr);
    assert_eq!(open_fds(), before, "file descriptors leaked");
    // And every socket is close-on-exec.
    let ipr = IpRoute::new().unwrap();
    use std::os::fd::AsRawFd;
    // SAFETY: F_GETFD on a live fd; no memory is passed.
    let flags = unsafe { libc::fcntl(ipr.socket().as_raw_fd(), libc::F_GETFD) };
    assert_ne!(flags & libc::FD_CLOEXEC, 0);
}

#[test]
fn a_socket_shared_by_threads_keeps_answers_straight() {
    let _turn = serial();
    fn assert_send<T: Send>() {}
    assert_send::<IpRoute>();
    let ns = Netns::new("threads");
    for i in 0..4 {
        ns.ip(&format!("link add a{i} type veth peer name b{i}"));
    }
    let shared = Arc::new(Mutex::new(IpRoute::in_netns(&ns.name).unwrap()));
    let expected: Vec<(String, u32)> = (0..4)
        .map(|i| {
            let name = format!("a{i}");
            let idx = shared.lock().unwrap().link_lookup(&name).unwrap().unwrap();
            (name, idx)
        })
        .collect();
    let threads: Vec<_> = expected
        .clone()
        .into_iter()
        .map(|(name, idx)| {
            let shared = shared.clone();
            std::thread::spawn(move || {
                for _ in 0..500 {
                    let mut ipr = shared.lock().unwrap();
                    assert_eq!(ipr.link_lookup(&name).unwrap(), Some(idx));
                    // A dump in between must not confuse the next answer.
                    let n = ipr
                        .links(&Filter::new().dev(name.as_str()))
                        .unwrap()
                        .count();
                    assert_eq!(n, 1);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    // Separate sockets on separate threads at the same time, too.
    let name = ns.name.clone();
    let threads: Vec<_> = expected
        .into_iter()
        .map(|(dev, idx)| {
            let name = name.clone();
            std::thread::spawn(move || {
                let mut ipr = IpRoute::in_netns(&name).unwrap();
                for _ in 0..500 {
                    assert_eq!(ipr.link_lookup(&dev).unwrap(), Some(idx));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn a_namespace_can_be_given_by_fd() {
    let _turn = serial();
    let ns = Netns::new("byfd");
    ns.ip("link add fdv0 type veth peer name fdv1");
    let file = std::fs::File::open(format!("/run/netns/{}", ns.name)).unwrap();
    use std::os::fd::AsFd;
    let mut ipr = IpRoute::in_netns_fd(file.as_fd()).unwrap();
    drop(file); // ours is a duplicate
    assert!(ipr.link_lookup("fdv0").unwrap().is_some());
    // tun/tap creation enters the same namespace through the kept fd.
    let tap = rtsock::change::LinkSpec::named("fdtap0").kind(rtsock::change::LinkKind::Tap);
    ipr.link(Verb::Add, &tap).unwrap();
    assert!(
        ns.ip_json("link show dev fdtap0")
            .as_array()
            .is_some_and(|a| a.len() == 1)
    );
}
