//! What the namespace-based examples share: a fresh named namespace with a
//! veth pair up (v0, v1) and 10.0.0.1/24 on v0, so that routes via
//! 10.0.0.2 can be added.

use rtsock::change::{AddressSpec, LinkSpec, Verb};
use rtsock::linux::netns;
use rtsock::{IpRoute, RouteSocket};

/// Creates namespace `name` so prepared and returns a socket in it.
pub fn veth_namespace(name: &str) -> IpRoute {
    netns::create(name).expect("netns");
    let mut ipr = IpRoute::in_netns(name).expect("socket");
    ipr.link(Verb::Add, &LinkSpec::named("v0").veth("v1"))
        .unwrap();
    ipr.link(Verb::Set, &LinkSpec::named("v0").up()).unwrap();
    ipr.link(Verb::Set, &LinkSpec::named("v1").up()).unwrap();
    let addr = AddressSpec::new("10.0.0.1/24".parse().unwrap(), "v0");
    ipr.address(Verb::Add, &addr).unwrap();
    ipr
}
