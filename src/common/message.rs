//! The normalized message: what every backend emits, shaped like pyroute2's
//! message dicts (`header`, `event`, fixed fields, `attrs`).

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::attrs::Key;
use super::constants::message_type_name;
use super::value::{Attr, Value, find_attr, find_key};

/// The error a message carries (NLMSG_ERROR, or a BSD message with `rtm_errno`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeaderError {
    /// Positive errno value.
    pub errno: i32,
    /// The kernel's extended-ACK text when it sent one, else the errno's description.
    pub message: String,
}

/// The message header, with pyroute2's field names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Header {
    /// The message's length in bytes, header included (`nlmsg_len`).
    pub length: u32,
    /// The message type (`nlmsg_type`), such as RTM_NEWLINK; serialized as `type`.
    #[serde(rename = "type")]
    pub kind: u16,
    /// The netlink flags (`nlmsg_flags`, `NLM_F_*`).
    pub flags: u16,
    /// The sequence number (`nlmsg_seq`) that pairs a reply with its request.
    pub sequence_number: u32,
    /// The sender's port id (`nlmsg_pid`; on BSD the sending process's
    /// `rtm_pid`), 0 for the kernel.
    pub pid: u32,
    /// The error the message carries, if any.
    pub error: Option<HeaderError>,
    /// The id, in the listener's namespace, of the namespace the event
    /// came from (Linux, a monitor listening to every namespace:
    /// NETLINK_LISTEN_ALL_NSID); absent for the listener's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nsid: Option<i32>,
}

pub use super::kinds::action::TcaHeader;
pub use super::kinds::address::AddressHeader;
pub use super::kinds::addrlabel::AddrLabelHeader;
pub use super::kinds::bridge_vlan::BridgeVlanHeader;
pub use super::kinds::cachereport::CacheReportHeader;
pub use super::kinds::dcb::DcbHeader;
pub use super::kinds::link::LinkHeader;
pub use super::kinds::mdb::MdbHeader;
pub use super::kinds::nduseropt::NdUserOptHeader;
pub use super::kinds::neighbour::NeighbourHeader;
pub use super::kinds::netconf::NetconfHeader;
pub use super::kinds::nexthop::NexthopHeader;
pub use super::kinds::nsid::NsidHeader;
pub use super::kinds::ntable::NeighTableHeader;
pub use super::kinds::prefix::PrefixHeader;
pub use super::kinds::qdisc::TcHeader;
pub use super::kinds::route::RouteHeader;
pub use super::kinds::rule::RuleHeader;
pub use super::kinds::stats::StatsHeader;
pub use super::kinds::vni::TunnelHeader;

/// The fixed part of a message, by object class.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Body {
    /// A link (network interface), from RTM_NEWLINK and the other link messages.
    Link(LinkHeader),
    /// An interface address, from RTM_NEWADDR and the other address messages.
    Address(AddressHeader),
    /// A route, from RTM_NEWROUTE and the other route messages.
    Route(RouteHeader),
    /// A neighbour (ARP/NDP or bridge FDB) entry, from RTM_NEWNEIGH and the like.
    Neighbour(NeighbourHeader),
    /// A routing policy rule, from RTM_NEWRULE and the other rule messages.
    Rule(RuleHeader),
    /// A nexthop object, from RTM_NEWNEXTHOP and the other nexthop messages.
    Nexthop(NexthopHeader),
    /// Per-interface IP settings, from RTM_NEWNETCONF (`struct netconfmsg`).
    Netconf(NetconfHeader),
    /// An IPv6 address label, from RTM_NEWADDRLABEL (`struct ifaddrlblmsg`).
    AddrLabel(AddrLabelHeader),
    /// A link's statistics, from RTM_NEWSTATS (`struct if_stats_msg`).
    Stats(StatsHeader),
    /// A bridge's multicast database, from RTM_NEWMDB (`struct br_port_msg`).
    Mdb(MdbHeader),
    /// A namespace id, from RTM_NEWNSID (`struct rtgenmsg`).
    Nsid(NsidHeader),
    /// A neighbour table, from RTM_NEWNEIGHTBL (`struct ndtmsg`).
    NeighTable(NeighTableHeader),
    /// A bridge port's VLANs, from RTM_NEWVLAN (`struct br_vlan_msg`).
    BridgeVlan(BridgeVlanHeader),
    /// A VXLAN device's VNIs, from RTM_NEWTUNNEL (`struct tunnel_msg`).
    Tunnel(TunnelHeader),
    /// An IPv6 prefix from a router advertisement (RTM_NEWPREFIX).
    Prefix(PrefixHeader),
    /// A neighbour discovery option for user space, from RTM_NEWNDUSEROPT
    /// (`struct nduseroptmsg` and the option).
    NdUserOpt(NdUserOptHeader),
    /// A multicast routing cache report, from RTM_NEWCACHEREPORT (`struct
    /// rtgenmsg`).
    CacheReport(CacheReportHeader),
    /// Data centre bridging, from RTM_GETDCB and RTM_SETDCB (`struct dcbmsg`).
    Dcb(DcbHeader),
    /// Shared traffic-control actions, from RTM_NEWACTION (`struct tcamsg`).
    TcAction(TcaHeader),
    /// Traffic control (`struct tcmsg`): a queueing discipline (RTM_NEWQDISC
    /// and the other qdisc messages) or a class (RTM_NEWTCLASS, ...); the
    /// message type says which ([`crate::ObjectKind::of`]).
    Tc(TcHeader),
    /// Multicast group membership (RTM_NEWMULTICAST, FreeBSD
    /// RTM_NEWMADDR); same fields as an address.
    Multicast(AddressHeader),
    /// An IPv6 anycast address (RTM_NEWANYCAST); same fields as an address.
    Anycast(AddressHeader),
    /// A control message (NLMSG_DONE, NLMSG_ERROR, ...) with no fixed fields.
    None,
    /// A message type we do not decode: its payload, kept whole.
    Raw(Vec<u8>),
}

/// One normalized routing message.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// The message header.
    pub header: Header,
    /// The RTNL event name (`RTM_NEWLINK`, ...), derived from the header type.
    pub event: &'static str,
    /// The fixed part of the message, by object class.
    pub body: Body,
    /// The attributes, in the order they came.
    pub attrs: Vec<Attr>,
}

impl Message {
    /// A message from its parts; `event` is derived from the header's type.
    pub fn new(header: Header, body: Body, attrs: Vec<Attr>) -> Message {
        Message {
            event: message_type_name(header.kind),
            header,
            body,
            attrs,
        }
    }

    /// A message with no type, fields or attributes, to decode into.
    pub fn empty() -> Message {
        Message::new(Header::default(), Body::None, Vec::new())
    }

    /// The first attribute `key` names: `msg.get(&RTA_GATEWAY)` (keys in
    /// [`crate::common::attrs`]; a misspelt key does not compile).
    pub fn get(&self, key: &Key) -> Option<&Value> {
        find_key(&self.attrs, key)
    }

    /// Every attribute `key` names, in order.
    pub fn get_all<'a>(&'a self, key: &'a Key) -> impl Iterator<Item = &'a Value> + 'a {
        self.attrs
            .iter()
            .filter(move |a| a.is(key))
            .map(|a| &a.value)
    }

    /// The first attribute called `name` (`IFLA_IFNAME`, `RTA_GATEWAY`,
    /// ...), by its text: for names read at run time (filters, JSON).
    pub fn get_attr(&self, name: &str) -> Option<&Value> {
        find_attr(&self.attrs, name)
    }

    /// Every attribute called `name`, in order (IFA_ADDRESS may repeat on BSD, ...).
    pub fn get_attrs<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.attrs
            .iter()
            .filter(move |a| a.name == name)
            .map(|a| &a.value)
    }

    /// The fixed fields as `(name, value)` pairs, in pyroute2's order.
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        match &self.body {
            Body::Link(h) => h.fields(),
            Body::Address(h) | Body::Multicast(h) | Body::Anycast(h) => h.fields(),
            Body::Route(h) => h.fields(),
            Body::Neighbour(h) => h.fields(),
            Body::Rule(h) => h.fields(),
            Body::Nexthop(h) => h.fields(),
            Body::Netconf(h) => h.fields(),
            Body::AddrLabel(h) => h.fields(),
            Body::Stats(h) => h.fields(),
            Body::Mdb(h) => h.fields(),
            Body::Nsid(h) => h.fields(),
            Body::NeighTable(h) => h.fields(),
            Body::BridgeVlan(h) => h.fields(),
            Body::Tunnel(h) => h.fields(),
            Body::Prefix(h) => h.fields(),
            Body::NdUserOpt(h) => h.fields(),
            Body::CacheReport(h) => h.fields(),
            Body::Dcb(h) => h.fields(),
            Body::TcAction(h) => h.fields(),
            Body::Tc(h) => h.fields(),
            Body::None => Vec::new(),
            Body::Raw(bytes) => vec![("payload", Value::Bytes(bytes.clone()))],
        }
    }

    /// A fixed field or an attribute by name, for `match=`-style filters.
    pub fn lookup(&self, key: &str) -> Option<Value> {
        if let Some(v) = self.get_attr(key) {
            return Some(v.clone());
        }
        self.fields()
            .into_iter()
            .find(|(n, _)| *n == key)
            .map(|(_, v)| v)
    }

    /// The address family of the fixed header, when the message has one.
    pub fn family(&self) -> Option<u8> {
        match &self.body {
            Body::Link(h) => Some(h.family),
            Body::Address(h) | Body::Multicast(h) | Body::Anycast(h) => Some(h.family),
            Body::Route(h) => Some(h.family),
            Body::Neighbour(h) => Some(h.family),
            Body::Rule(h) => Some(h.family),
            Body::Nexthop(h) => Some(h.family),
            Body::Netconf(h) => Some(h.family),
            Body::AddrLabel(h) => Some(h.family),
            Body::Stats(h) => Some(h.family),
            Body::Mdb(h) => Some(h.family),
            Body::Nsid(h) => Some(h.family),
            Body::NeighTable(h) => Some(h.family),
            Body::BridgeVlan(h) => Some(h.family),
            Body::Tunnel(h) => Some(h.family),
            Body::Prefix(h) => Some(h.family),
            Body::NdUserOpt(h) => Some(h.family),
            Body::CacheReport(h) => Some(h.family),
            Body::Dcb(h) => Some(h.family),
            Body::TcAction(h) => Some(h.family),
            Body::Tc(h) => Some(h.family),
            Body::None | Body::Raw(_) => None,
        }
    }
}

impl Serialize for Message {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fields = self.fields();
        let mut map = s.serialize_map(Some(3 + fields.len()))?;
        map.serialize_entry("header", &self.header)?;
        map.serialize_entry("event", self.event)?;
        for (name, value) in &fields {
            map.serialize_entry(name, value)?;
        }
        map.serialize_entry("attrs", &self.attrs)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::attrs::*;
    use crate::common::constants::RTM_NEWADDR;

    #[test]
    fn serializes_with_pyroute2_keys() {
        let m = Message::new(
            Header {
                length: 76,
                kind: RTM_NEWADDR,
                flags: 2,
                sequence_number: 258,
                pid: 20165,
                error: None,
                nsid: None,
            },
            Body::Address(AddressHeader {
                family: 2,
                prefixlen: 8,
                flags: 128,
                scope: 254,
                index: 1,
            }),
            vec![Attr::of(&IFA_LABEL, Value::Str("lo".into()))],
        );
        let json: serde_json::Value = serde_json::to_value(&m).unwrap();
        assert_eq!(json["event"], "RTM_NEWADDR");
        assert_eq!(json["header"]["sequence_number"], 258);
        assert_eq!(json["header"]["type"], 20);
        assert!(json["header"]["error"].is_null());
        assert_eq!(json["prefixlen"], 8);
        assert_eq!(json["attrs"][0][0], "IFA_LABEL");
        assert_eq!(json["attrs"][0][1], "lo");
        assert_eq!(m.lookup("scope"), Some(Value::U8(254)));
        assert_eq!(m.lookup("IFA_LABEL"), Some(Value::Str("lo".into())));
    }
}
