//! Memory and time of a live state at N routes: in a fresh namespace, N
//! routes are added (`ip -batch`), then a `State` is loaded and a `Live`
//! opened (subscribe-then-dump). Prints the resident-set growth of each
//! (VmRSS from /proc/self/status, so allocator slack is counted) and the
//! load time. Needs root and iproute2; the README's figure comes from it.
//!
//! `cargo run --release --example state_memory [N]`

#[cfg(target_os = "linux")]
#[path = "support/mod.rs"]
mod support;

#[cfg(target_os = "linux")]
fn main() {
    use std::time::Instant;

    use rtsock::ObjectKind;
    use rtsock::linux::netns;
    use rtsock::state::{Live, State};

    fn rss_kib() -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    let n: usize = std::env::args()
        .nth(1)
        .map_or(100_000, |a| a.parse().expect("N"));
    let name = format!("rtsock-state-mem-{}", std::process::id());
    let mut ipr = support::veth_namespace(&name);
    let batch: String = (0..n)
        .map(|i| {
            format!(
                "route add 10.{}.{}.{}/32 via 10.0.0.2\n",
                100 + i / 65536,
                (i / 256) % 256,
                i % 256
            )
        })
        .collect();
    let file = std::env::temp_dir().join(format!("{name}.batch"));
    std::fs::write(&file, batch).unwrap();
    let ok = std::process::Command::new("ip")
        .args(["-n", &name, "-batch"])
        .arg(&file)
        .status()
        .unwrap()
        .success();
    std::fs::remove_file(&file).unwrap();
    assert!(ok, "ip -batch");

    let base = rss_kib();
    let t = Instant::now();
    let state = State::load(&mut ipr).unwrap();
    let load = t.elapsed();
    let grown = rss_kib() - base;
    let routes = state.messages(ObjectKind::Route).count();
    println!(
        "State::load: {} objects ({routes} routes) in {:.0} ms, RSS +{:.1} MiB ({:.0} bytes per object)",
        state.len(),
        load.as_secs_f64() * 1e3,
        grown as f64 / 1024.0,
        grown as f64 * 1024.0 / state.len() as f64
    );
    drop(state);

    let base = rss_kib();
    let t = Instant::now();
    let live = Live::open(&mut ipr).unwrap();
    let open = t.elapsed();
    let grown = rss_kib().saturating_sub(base);
    println!(
        "Live::open:  {} objects in {:.0} ms, RSS +{:.1} MiB",
        live.state().len(),
        open.as_secs_f64() * 1e3,
        grown as f64 / 1024.0
    );
    drop(live);
    netns::delete(&name).unwrap();
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("state_memory: Linux only (namespaces)");
}
