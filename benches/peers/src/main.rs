//! Dumps every IPv4 route with the rtnetlink crate (each message parsed
//! into its typed RouteMessage) and prints COUNT SECONDS for the dump alone.
//! Usage: rtnetlink-dump [NETNS]

use futures::TryStreamExt;

fn main() {
    if let Some(ns) = std::env::args().nth(1) {
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
        let mut routes = handle
            .route()
            .get(rtnetlink::RouteMessageBuilder::<std::net::Ipv4Addr>::new().build())
            .execute();
        let mut count = 0usize;
        while let Some(_route) = routes.try_next().await.expect("route") {
            count += 1;
        }
        println!("{count} {:.6}", start.elapsed().as_secs_f64());
    });
}
