//! The codecs underneath the [`RouteSocket`](crate::RouteSocket) API, for
//! tools that want the bytes themselves: building a request to send by
//! other means, showing what a call would send (`rtsock --dry-run`), or
//! walking a capture frame by frame. Everyday code needs none of this; the
//! trait, the typed specs and views, and [`Message`](crate::Message) are the
//! stable surface. Everything here is pure and compiled on every OS.

/// Netlink framing and the rtnetlink request encoders (Linux).
pub mod netlink {
    pub use crate::linux::change::{
        NetnsRef, Resolver, address_request, link_request, neighbour_request, netns_ref,
        nexthop_request, qdisc_request, route_request, rule_request, verb_flags,
    };
    pub use crate::linux::request::{
        Request, dump_request, link_by_index, link_by_name, neighbour_get, route_get, route_query,
    };
    pub use crate::linux::wire::{
        Attrs, FramingError, Messages, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN,
        NLA_TYPE_MASK, NLMSG_HDRLEN, NlHeader, RawAttr, RawMessage, align4, put_attr,
    };
}

/// PF_ROUTE: trailing sockaddrs, the text fallback's parsers, and the plan
/// of every system call a BSD change or dump makes, over the [`pfroute::Sys`]
/// trait ([`pfroute::DryRun`] records the calls instead of making them).
pub mod pfroute {
    pub use crate::bsd::ops::{
        address, dump_plan, link, multicast_mib, neighbour, route, route_get,
    };
    pub use crate::bsd::sockaddr::{
        RTAX_AUTHOR, RTAX_BFD, RTAX_BRD, RTAX_DNS, RTAX_DST, RTAX_GATEWAY, RTAX_GENMASK, RTAX_IFA,
        RTAX_IFP, RTAX_LABEL, RTAX_MAX, RTAX_NAMES, RTAX_NETMASK, RTAX_SEARCH, RTAX_SRC,
        RTAX_SRCMASK, RTAX_STATIC, Slot, Sockaddr, mask_prefix, parse_sockaddrs, rounded,
    };
    pub use crate::bsd::sys::{Call, DryRun, Expect, Ioctl, Resolve, SockFamily, Sys, mib_names};
    pub use crate::bsd::text::{
        Parsed, names_of, parse_arp, parse_ifconfig, parse_ndp, parse_netstat,
    };
}
