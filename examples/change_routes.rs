//! Adds or deletes N IPv4 routes (`20.a.b.c/25 via 10.0.0.2`) through the
//! public API, one call per route or as one batch, and prints `COUNT
//! SECONDS` for the changes alone. The benchmark harness (ci/bench.sh)
//! runs it beside the C floor (benches/c/nl_change.c).
//!
//! `cargo run --release --example change_routes NETNS add|del N single|batch`

fn main() {
    #[cfg(target_os = "linux")]
    {
        use rtsock::batch::{Change, OnError};
        use rtsock::change::{IpNet, RouteSpec, Verb};
        use rtsock::{IpRoute, RouteSocket};

        let args: Vec<String> = std::env::args().skip(1).collect();
        let [ns, op, n, mode] = &args[..] else {
            eprintln!("usage: change_routes NETNS add|del N single|batch");
            std::process::exit(2);
        };
        let n: u32 = n.parse().expect("N");
        let add = op == "add";
        let mut ipr = IpRoute::in_netns(ns).expect("open the routing socket");
        let spec = |i: u32| {
            let dst = IpNet {
                addr: std::net::Ipv4Addr::new(
                    (20 + i / 131072) as u8,
                    (i / 512 % 256) as u8,
                    (i / 2 % 256) as u8,
                    (i % 2 * 128) as u8,
                )
                .into(),
                len: 25,
            };
            let r = RouteSpec::to(dst);
            if add { r.via([10, 0, 0, 2].into()) } else { r }
        };
        let verb = if add { Verb::Add } else { Verb::Delete };
        let start = std::time::Instant::now();
        let mut failed = 0usize;
        if mode == "batch" {
            let changes = (0..n).map(|i| Change::Route(verb, spec(i)));
            let summary = ipr
                .apply(changes, OnError::Continue, |_, r| {
                    if let Err(e) = r {
                        eprintln!("{e}");
                    }
                })
                .expect("batch");
            failed = summary.failed;
        } else {
            for i in 0..n {
                if let Err(e) = ipr.route(verb, &spec(i)) {
                    eprintln!("{e}");
                    failed += 1;
                }
            }
        }
        let secs = start.elapsed().as_secs_f64();
        if failed > 0 {
            eprintln!("{failed} changes failed");
            std::process::exit(1);
        }
        println!("{n} {secs:.6}");
    }
}
