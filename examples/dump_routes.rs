//! Dumps every IPv4 route of the current namespace through the public API,
//! decoding each into a normalized message, and prints how many it decoded.
//!
//! `cargo run --release --example dump_routes [NETNS]`

fn main() {
    #[cfg(target_os = "linux")]
    {
        use rtsock::{Filter, IpRoute, RouteSocket};
        let mut ipr = match std::env::args().nth(1) {
            Some(ns) => IpRoute::in_netns(&ns),
            None => IpRoute::new(),
        }
        .expect("open the routing socket");
        let start = std::time::Instant::now();
        let mut count = 0usize;
        let mut attrs = 0usize;
        for msg in ipr
            .routes(&Filter::new().family(rtsock::constants::AF_INET))
            .expect("dump")
        {
            let msg = msg.expect("route");
            attrs += msg.attrs.len();
            count += 1;
        }
        eprintln!(
            "{count} routes ({attrs} attributes) in {:?}",
            start.elapsed()
        );
        println!("{count}");
    }
}
