//! A state as a document (what `rtsock state show` prints), and the spec
//! that creates an interface a document describes.

use super::document::*;
use super::{State, is_link_local};
use crate::common::api::Interface;
use crate::common::attrs::*;
use crate::common::change::{
    BOND_MODES, LinkKind, LinkSpec, MacvlanMode, VlanProtocol, Vxlan, bond_mode_number,
};
use crate::common::constants::*;
use crate::common::message::Message;
use crate::common::value::{Attr, Value, find_key};
use crate::common::views::Link;

/// The spec that creates the interface a document describes, and its rank
/// among creations (bridges and bonds, then stand-alone links, then links
/// on a parent).
pub(super) fn creation(iface: &InterfaceDoc) -> std::result::Result<(LinkSpec, u8), String> {
    let named = LinkSpec::named(&iface.name);
    let need = |what: &str| format!("{what} is needed to create {}", iface.name);
    Ok(match iface.kind {
        Some(InterfaceType::LinuxBridge) => (named.kind(LinkKind::Bridge), 0),
        Some(InterfaceType::Bond) => {
            let mode = iface.link_aggregation.as_ref().map(|b| b.mode.as_str());
            let mode = match mode {
                None => None,
                Some(m) => Some(bond_mode_number(m).ok_or_else(|| format!("bond mode {m:?}"))?),
            };
            (named.kind(LinkKind::Bond { mode }), 0)
        }
        Some(InterfaceType::Dummy) => (named.kind(LinkKind::Dummy), 1),
        Some(InterfaceType::Veth) => {
            let peer = iface.veth.as_ref().ok_or_else(|| need("veth.peer"))?;
            let kind = LinkKind::Veth {
                peer: peer.peer.clone(),
                peer_netns: None,
            };
            (named.kind(kind), 1)
        }
        Some(InterfaceType::Vlan) => {
            let v = iface.vlan.as_ref().ok_or_else(|| need("vlan"))?;
            let kind = LinkKind::Vlan {
                id: v.id,
                protocol: VlanProtocol::Dot1Q,
            };
            (
                named.kind(kind).link(Interface::Name(v.base_iface.clone())),
                2,
            )
        }
        Some(InterfaceType::MacVlan) => {
            let v = iface.mac_vlan.as_ref().ok_or_else(|| need("mac-vlan"))?;
            let mode = MacvlanMode::parse(&v.mode).ok_or_else(|| format!("mode {:?}", v.mode))?;
            (
                named
                    .kind(LinkKind::Macvlan { mode })
                    .link(Interface::Name(v.base_iface.clone())),
                2,
            )
        }
        Some(InterfaceType::Vxlan) => {
            let v = iface.vxlan.as_ref().ok_or_else(|| need("vxlan"))?;
            let kind = LinkKind::Vxlan(Vxlan {
                id: v.id,
                group: v.remote,
                local: v.local,
                port: v.destination_port,
                ..Vxlan::default()
            });
            let spec = named.kind(kind);
            match &v.base_iface {
                Some(b) => (spec.link(Interface::Name(b.clone())), 2),
                None => (spec, 1),
            }
        }
        Some(k @ (InterfaceType::Ethernet | InterfaceType::Loopback | InterfaceType::Unknown)) => {
            return Err(format!(
                "{} does not exist, and a {} interface cannot be created",
                iface.name,
                k.word()
            ));
        }
        None => {
            return Err(format!(
                "{} does not exist: give its type to create it",
                iface.name
            ));
        }
    })
}

/// The kind's data attributes of a link (IFLA_LINKINFO / IFLA_INFO_DATA).
fn info_data(m: &Message) -> &[Attr] {
    m.get(&IFLA_LINKINFO)
        .and_then(Value::as_nested)
        .and_then(|info| find_key(info, &IFLA_INFO_DATA))
        .and_then(Value::as_nested)
        .unwrap_or(&[])
}

pub(super) fn type_of(link: &Link) -> InterfaceType {
    match link.kind.as_deref() {
        Some("bridge") => InterfaceType::LinuxBridge,
        Some("veth") => InterfaceType::Veth,
        Some("vlan") => InterfaceType::Vlan,
        Some("vxlan") => InterfaceType::Vxlan,
        Some("macvlan") => InterfaceType::MacVlan,
        Some("dummy") => InterfaceType::Dummy,
        Some("bond") => InterfaceType::Bond,
        Some(_) => InterfaceType::Unknown,
        None if link.flags.contains(IFF_LOOPBACK) => InterfaceType::Loopback,
        None if link.ifi_type == ARPHRD_ETHER => InterfaceType::Ethernet,
        None => InterfaceType::Unknown,
    }
}

/// One interface as a document describes it.
pub(super) fn interface_doc(state: &State, message: &Message, link: &Link) -> InterfaceDoc {
    let kind = type_of(link);
    let data = info_data(message);
    let u32_of = |k: &Key| find_key(data, k).and_then(Value::as_u32);
    let parent = link
        .link
        .filter(|_| message.get(&IFLA_LINK_NETNSID).is_none())
        .and_then(|i| state.link_name(i));
    let addresses = |family: u8| {
        let list: Vec<AddressDoc> = state
            .addresses_of(link.index, family)
            .into_iter()
            .filter(|n| !is_link_local(n))
            .map(|n| AddressDoc {
                ip: n.addr,
                prefix_length: n.len,
            })
            .collect();
        IpDoc {
            enabled: !list.is_empty(),
            address: (!list.is_empty()).then_some(list),
            dhcp: None,
            autoconf: None,
        }
    };
    let ports: Vec<String> = state
        .links()
        .filter(|l| l.master == Some(link.index))
        .map(|l| l.name)
        .collect();
    let mut doc = InterfaceDoc {
        name: link.name.clone(),
        kind: Some(kind),
        state: Some(if link.is_up() {
            InterfaceState::Up
        } else {
            InterfaceState::Down
        }),
        mtu: link.mtu,
        mac_address: link
            .address
            .filter(|_| kind != InterfaceType::Loopback)
            .map(|a| a.to_string()),
        ipv4: Some(addresses(AF_INET)),
        ipv6: Some(addresses(AF_INET6)),
        ..InterfaceDoc::default()
    };
    match kind {
        InterfaceType::LinuxBridge => {
            doc.bridge = Some(BridgeDoc {
                port: ports.into_iter().map(|name| PortDoc { name }).collect(),
            })
        }
        InterfaceType::Bond => {
            let mode = find_key(data, &IFLA_BOND_MODE).and_then(Value::as_u32);
            if let Some(mode) = mode.and_then(|m| BOND_MODES.get(m as usize)) {
                doc.link_aggregation = Some(BondDoc {
                    mode: mode.to_string(),
                    port: ports,
                });
            }
        }
        InterfaceType::Veth => {
            if let Some(peer) = parent {
                doc.veth = Some(VethDoc { peer });
            }
        }
        InterfaceType::Vlan => {
            if let (Some(base), Some(id)) = (parent, u32_of(&IFLA_VLAN_ID)) {
                doc.vlan = Some(VlanDoc {
                    base_iface: base,
                    id: id as u16,
                });
            }
        }
        InterfaceType::MacVlan => {
            let mode = u32_of(&IFLA_MACVLAN_MODE).and_then(|m| {
                [
                    MacvlanMode::Private,
                    MacvlanMode::Vepa,
                    MacvlanMode::Bridge,
                    MacvlanMode::Passthru,
                    MacvlanMode::Source,
                ]
                .into_iter()
                .find(|mode| *mode as u32 == m)
            });
            if let (Some(base), Some(mode)) = (parent, mode) {
                doc.mac_vlan = Some(MacVlanDoc {
                    base_iface: base,
                    mode: mode.word().to_owned(),
                });
            }
        }
        InterfaceType::Vxlan => {
            if let Some(id) = u32_of(&IFLA_VXLAN_ID) {
                doc.vxlan = Some(VxlanDoc {
                    id,
                    remote: find_key(data, &IFLA_VXLAN_GROUP).and_then(Value::as_ip),
                    local: find_key(data, &IFLA_VXLAN_LOCAL).and_then(Value::as_ip),
                    destination_port: u32_of(&IFLA_VXLAN_PORT).map(|p| p as u16),
                    base_iface: u32_of(&IFLA_VXLAN_LINK).and_then(|i| state.link_name(i)),
                });
            }
        }
        _ => {}
    }
    doc
}

pub(super) fn document_of(state: &State) -> Document {
    let mut links: Vec<(&Message, Link)> = state
        .messages(crate::ObjectKind::Link)
        .filter_map(|m| Link::from_message(m).map(|l| (m, l)))
        .collect();
    links.sort_by_key(|(_, l)| l.index);
    let interfaces = links
        .iter()
        .map(|(m, l)| interface_doc(state, m, l))
        .collect();
    let mut routes: Vec<RouteDoc> = state
        .routes()
        .filter(|(_, r)| {
            r.table != RT_TABLE_LOCAL
                && r.proto != RTPROT_KERNEL
                && r.kind == crate::types::RouteType::Unicast
                && r.flags & RTM_F_CLONED == 0
                && r.nexthops.is_empty()
        })
        .map(|(_, r)| RouteDoc {
            destination: match r.dst {
                Some(d) => format!("{d}/{}", r.dst_len),
                None if r.family == AF_INET6 => "::/0".to_owned(),
                None => "0.0.0.0/0".to_owned(),
            },
            next_hop_address: r.gateway,
            next_hop_interface: r.oif.and_then(|i| state.link_name(i)),
            table_id: Some(r.table),
            metric: r.priority,
            state: None,
        })
        .collect();
    routes.sort_by(|a, b| (a.table_id, &a.destination).cmp(&(b.table_id, &b.destination)));
    let defaults = [
        (0, RT_TABLE_LOCAL),
        (32766, RT_TABLE_MAIN),
        (32767, RT_TABLE_DEFAULT),
    ];
    let rules: Vec<RuleDoc> = state
        .rules()
        .filter(|(_, r)| {
            r.action == FR_ACT_TO_TBL
                && !defaults.contains(&(r.priority, r.table))
                && r.goto.is_none()
        })
        .map(|(_, r)| RuleDoc {
            ip_from: r.src.map(|a| format!("{a}/{}", r.src_len)),
            ip_to: r.dst.map(|a| format!("{a}/{}", r.dst_len)),
            priority: Some(r.priority),
            route_table: Some(r.table),
            fwmark: r.fwmark,
            fwmask: r.fwmask,
            iif: r.iifname.clone(),
            family: Some(if r.family == AF_INET6 { "ipv6" } else { "ipv4" }.to_owned()),
            state: None,
        })
        .collect();
    Document {
        interfaces,
        routes: (!routes.is_empty()).then_some(RoutesDoc { config: routes }),
        route_rules: (!rules.is_empty()).then_some(RulesDoc { config: rules }),
    }
}
