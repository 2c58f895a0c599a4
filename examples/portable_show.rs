//! Written once against the shared trait: lists links, addresses and the
//! main routing table the same way on every OS rtsock supports.
//!
//! `cargo run --example portable_show`; `.ci/run` builds it for Linux,
//! FreeBSD and OpenBSD with no `cfg` in sight.

use rtsock::views::{Address, Link, Route};
use rtsock::{Filter, RouteSocket};

/// Prints a summary using nothing but the `RouteSocket` trait.
fn summarize<S: RouteSocket>(sock: &mut S) -> rtsock::Result<()> {
    for msg in sock.links(&Filter::new())? {
        if let Some(link) = Link::from_message(&msg?) {
            println!(
                "link {} {} up={} mtu={:?}",
                link.index,
                link.name,
                link.is_up(),
                link.mtu
            );
        }
    }
    for msg in sock.addresses(&Filter::new())? {
        let msg = msg?;
        let addr = Address::from_message(&msg);
        if let Some((addr, ip)) = addr.as_ref().and_then(|a| Some((a, a.own_address()?))) {
            println!("addr {ip}/{} on {}", addr.prefixlen, addr.index);
        }
    }
    let main = Filter::new().table(rtsock::constants::RT_TABLE_MAIN);
    for msg in sock.routes(&main)? {
        if let Some(r) = Route::from_message(&msg?) {
            let dst = r
                .dst
                .map_or("default".to_string(), |d| format!("{d}/{}", r.dst_len));
            println!("route {dst} via {:?} oif {:?}", r.gateway, r.oif);
        }
    }
    Ok(())
}

fn main() {
    // `IpRoute` is rtnetlink on Linux and PF_ROUTE on FreeBSD and OpenBSD.
    let mut sock = rtsock::IpRoute::new().expect("open the routing socket");
    if let Err(e) = summarize(&mut sock) {
        eprintln!("portable_show: {e}");
        std::process::exit(1);
    }
}
