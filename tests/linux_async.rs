//! The async face (feature `tokio`): the same exact event sequence through
//! the AsyncFd monitor, and changes through the async request API.
#![cfg(all(target_os = "linux", feature = "tokio"))]

mod common;

use std::time::Duration;

use common::Netns;
use rtsock::change::{RouteSpec, Verb};
use rtsock::events::{Event, Group};
use rtsock::linux::{AsyncIpRoute, AsyncMonitor, Monitor};
use rtsock::{Filter, IpRoute, ObjectKind, Value};

#[tokio::test(flavor = "current_thread")]
async fn async_monitor_and_requests_see_the_exact_sequence() {
    let ns = Netns::new("async");
    ns.ip("link add v0 type veth peer name v1");
    ns.ip("link set v0 up");
    ns.ip("link set v1 up");
    ns.ip("addr add 10.0.0.1/24 dev v0");
    let mon = Monitor::builder()
        .groups(&[Group::Ipv4Route])
        .netns(&ns.name)
        .open()
        .unwrap();
    let mut mon = AsyncMonitor::new(mon).unwrap();
    let ipr = AsyncIpRoute::new(IpRoute::in_netns(&ns.name).unwrap());
    let spec = RouteSpec::to("10.5.0.0/16".parse().unwrap()).via("10.0.0.2".parse().unwrap());
    ipr.route(Verb::Add, spec.clone()).await.unwrap();
    ipr.route(Verb::Delete, spec).await.unwrap();
    let mut got = Vec::new();
    for _ in 0..2 {
        let e = tokio::time::timeout(Duration::from_secs(10), mon.next_event())
            .await
            .expect("event within 10 s")
            .unwrap();
        let Event::Change { message } = e else {
            panic!("{e:?}")
        };
        got.push(format!(
            "{} {}",
            message.event,
            message
                .get_attr("RTA_DST")
                .map(Value::to_string)
                .unwrap_or_default()
        ));
    }
    assert_eq!(got, ["RTM_NEWROUTE 10.5.0.0", "RTM_DELROUTE 10.5.0.0"]);
    // Nothing else is pending.
    let extra = tokio::time::timeout(Duration::from_millis(300), mon.next_event()).await;
    assert!(extra.is_err(), "unexpected event {extra:?}");
    let routes = ipr
        .dump(ObjectKind::Route, Filter::new().table(254))
        .await
        .unwrap();
    assert!(
        routes
            .iter()
            .all(|m| m.get_attr("RTA_DST").map(Value::to_string) != Some("10.5.0.0".into()))
    );
}
