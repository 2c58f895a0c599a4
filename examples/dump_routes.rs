//! Dumps every IPv4 route (or link, or address) of a namespace through the
//! public API, decoding each into a normalized message, and prints how many
//! it decoded and how long the dump took: `COUNT SECONDS` on stdout, details
//! on stderr. The benchmark harness (ci/bench.sh) runs it.
//!
//! `cargo run --release --example dump_routes [NETNS] [routes|links|addrs]`
//! (environment: RTSOCK_DUMP_API=iter, RTSOCK_READ_AHEAD=0)

fn main() {
    #[cfg(target_os = "linux")]
    {
        use rtsock::{Filter, IpRoute, ObjectKind, RouteSocket};
        let args: Vec<String> = std::env::args().skip(1).collect();
        let mut ipr = match args.first().filter(|a| *a != "-") {
            Some(ns) => IpRoute::in_netns(ns),
            None => IpRoute::new(),
        }
        .expect("open the routing socket");
        // RTSOCK_READ_AHEAD=0 reads on the calling thread only (for comparison).
        if std::env::var("RTSOCK_READ_AHEAD").is_ok_and(|v| v == "0") {
            ipr.set_read_ahead(false);
        }
        let (kind, filter) = match args.get(1).map(String::as_str) {
            Some("links") => (ObjectKind::Link, Filter::new()),
            Some("addrs") => (ObjectKind::Address, Filter::new()),
            _ => (
                ObjectKind::Route,
                Filter::new().family(rtsock::constants::AF_INET),
            ),
        };
        // RTSOCK_DUMP_API=iter takes the owning iterator (one `Message` per
        // route, as `collect` would keep them); the default is `dump_each`,
        // which decodes every route into one reused `Message`.
        let owning = std::env::var("RTSOCK_DUMP_API").is_ok_and(|v| v == "iter");
        let start = std::time::Instant::now();
        let mut count = 0usize;
        let mut attrs = 0usize;
        if owning {
            for msg in ipr.dump(kind, &filter).expect("dump") {
                let msg = msg.expect("message");
                attrs += msg.attrs.len();
                count += 1;
            }
        } else {
            count = ipr
                .dump_each(kind, &filter, |msg| attrs += msg.attrs.len())
                .expect("dump");
        }
        let secs = start.elapsed().as_secs_f64();
        eprintln!("{count} {} ({attrs} attributes) in {secs:.4}s", kind.noun());
        println!("{count} {secs:.6}");
    }
}
