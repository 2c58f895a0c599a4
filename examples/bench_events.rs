//! Event burst benchmark: in a fresh namespace, `ip -batch` adds N routes
//! while a monitor reads them. Prints events per second and losses for each
//! receive buffer size, so the README's figures come from a program, not a
//! timed test. Needs root and iproute2.
//!
//! `cargo run --release --example bench_events [N] [BUFFER_BYTES...]`

#[cfg(target_os = "linux")]
#[path = "support/mod.rs"]
mod support;

#[cfg(target_os = "linux")]
fn main() {
    use std::time::{Duration, Instant};

    use rtsock::events::{Event, Group};
    use rtsock::linux::{Monitor, netns};

    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().map_or(100_000, |a| a.parse().expect("N"));
    let buffers: Vec<usize> = if args.len() > 1 {
        args[1..]
            .iter()
            .map(|a| a.parse().expect("bytes"))
            .collect()
    } else {
        vec![4 << 20, 212_992]
    };
    println!("| receive buffer | routes added | events received | overruns | events/s | resync |");
    println!("|---|---|---|---|---|---|");
    for (round, &bytes) in buffers.iter().enumerate() {
        let name = format!("rtsock-bench-ev-{}-{round}", std::process::id());
        let ipr = support::veth_namespace(&name);
        let batch: String = (0..n)
            .map(|i| {
                format!(
                    "route add {}.{}.{}.0/24 via 10.0.0.2\n",
                    11 + i / 65536,
                    (i / 256) % 256,
                    i % 256
                )
            })
            .collect();
        let path = std::env::temp_dir().join(format!("{name}.batch"));
        std::fs::write(&path, batch).unwrap();

        let mut mon = Monitor::builder()
            .groups(&[Group::Ipv4Route])
            .netns(&name)
            .receive_buffer(bytes)
            .resync(true)
            .open()
            .expect("monitor");
        mon.set_nonblocking(true).unwrap();
        let mut adder = std::process::Command::new("ip")
            .args(["-n", &name, "-batch", path.to_str().unwrap()])
            .spawn()
            .expect("ip");
        let (mut events, mut overruns, mut resynced) = (0usize, 0usize, false);
        let mut first: Option<Instant> = None;
        let mut last = Instant::now();
        let mut done = false;
        loop {
            match mon.try_next().expect("event") {
                Some(Event::Change { message }) if message.event == "RTM_NEWROUTE" => {
                    first.get_or_insert_with(Instant::now);
                    last = Instant::now();
                    if message.header.flags & rtsock::events::SYNTHESIZED == 0 {
                        events += 1;
                    }
                }
                Some(Event::Overrun) => overruns += 1,
                Some(Event::Resynced { .. }) => resynced = true,
                Some(_) => {}
                None => {
                    if !done {
                        done = adder.try_wait().unwrap().is_some();
                    }
                    if done && last.elapsed() > Duration::from_millis(300) {
                        break;
                    }
                    std::thread::sleep(Duration::from_micros(200));
                }
            }
        }
        adder.wait().expect("ip -batch");
        let secs = first.map_or(0.0, |f| (last - f).as_secs_f64()).max(1e-9);
        println!(
            "| {} KiB | {n} | {events} | {overruns} | {:.0} | {} |",
            bytes / 1024,
            events as f64 / secs,
            if resynced {
                "view repaired"
            } else {
                "not needed"
            }
        );
        let _ = std::fs::remove_file(path);
        drop(mon);
        drop(ipr);
        netns::delete(&name).expect("netns del");
    }
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("bench_events: Linux only (it builds network namespaces)");
}
