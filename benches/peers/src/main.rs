//! The rtnetlink crate beside rtsock, for ci/bench.sh. A separate crate so
//! the main build and tests never compile it.
//! - `rtsock-bench-peers NETNS`: dumps every IPv4 route (each message
//!   parsed into its typed RouteMessage); prints COUNT SECONDS.
//! - `rtsock-bench-peers NETNS add|del N`: adds or deletes the benchmark's
//!   N routes (`20.a.b.c/25 via 10.0.0.2`), pipelined: 1000 requests in
//!   flight on one connection (`buffer_unordered`); prints COUNT SECONDS.

use std::net::Ipv4Addr;

use futures::{StreamExt, TryStreamExt};
use rtnetlink::RouteMessageBuilder;

fn dst(i: u32) -> Ipv4Addr {
    Ipv4Addr::new(
        (20 + i / 131072) as u8,
        (i / 512 % 256) as u8,
        (i / 2 % 256) as u8,
        (i % 2 * 128) as u8,
    )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(ns) = args.first() {
        let f = std::fs::File::open(format!("/run/netns/{ns}")).expect("netns");
        nix::sched::setns(&f, nix::sched::CloneFlags::CLONE_NEWNET).expect("setns");
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .unwrap();
    rt.block_on(async {
        let (conn, handle, _) = rtnetlink::new_connection().expect("netlink");
        tokio::spawn(conn);
        let start = std::time::Instant::now();
        let count = match args.get(1).map(String::as_str) {
            Some(op @ ("add" | "del")) => {
                let n: u32 = args[2].parse().expect("N");
                let add = op == "add";
                let results = futures::stream::iter(0..n)
                    .map(|i| {
                        let handle = handle.clone();
                        async move {
                            let b = RouteMessageBuilder::<Ipv4Addr>::new().destination_prefix(dst(i), 25);
                            if add {
                                let msg = b.gateway(Ipv4Addr::new(10, 0, 0, 2)).build();
                                handle.route().add(msg).execute().await
                            } else {
                                handle.route().del(b.build()).execute().await
                            }
                        }
                    })
                    .buffer_unordered(1000);
                futures::pin_mut!(results);
                let mut count = 0usize;
                while let Some(r) = results.next().await {
                    r.expect("route change");
                    count += 1;
                }
                count
            }
            _ => {
                let mut routes = handle
                    .route()
                    .get(RouteMessageBuilder::<Ipv4Addr>::new().build())
                    .execute();
                let mut count = 0usize;
                while let Some(_route) = routes.try_next().await.expect("route") {
                    count += 1;
                }
                count
            }
        };
        println!("{count} {:.6}", start.elapsed().as_secs_f64());
    });
}
