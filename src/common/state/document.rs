//! The declarative target state: the subset of nmstate's format rtsock
//! covers (interfaces of type ethernet, veth, linux-bridge, vlan, vxlan,
//! mac-vlan, dummy, bond and loopback, with `state`, `mtu`,
//! `mac-address`, `ipv4`/`ipv6` addresses and bridge or bond ports;
//! `routes.config`; `route-rules.config`), read from YAML or JSON through
//! serde. A key outside the subset is an error that names it (every
//! struct denies unknown fields), never silently ignored.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::common::change::IpNet;
use crate::common::error::{Error, Result};

/// A desired state: what `apply` makes true. Objects it does not name are
/// left alone; `state: absent` deletes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Document {
    /// Interfaces, each by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interfaces: Vec<InterfaceDoc>,
    /// Routes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routes: Option<RoutesDoc>,
    /// Policy routing rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_rules: Option<RulesDoc>,
}

/// One interface.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct InterfaceDoc {
    /// The interface name.
    pub name: String,
    /// Its type; needed to create it, checked against it when it exists.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<InterfaceType>,
    /// `up` (the default), `down` or `absent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<InterfaceState>,
    /// The MTU in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtu: Option<u32>,
    /// The link-layer address (`02:00:00:00:00:01`, any case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_address: Option<String>,
    /// The IPv4 addresses, exactly (others are removed) when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv4: Option<IpDoc>,
    /// The IPv6 addresses, exactly when given; link-local ones are the
    /// kernel's and never removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6: Option<IpDoc>,
    /// A bridge's ports, exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bridge: Option<BridgeDoc>,
    /// A veth's peer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub veth: Option<VethDoc>,
    /// A VLAN's parent and id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vlan: Option<VlanDoc>,
    /// A VXLAN's VNI and endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vxlan: Option<VxlanDoc>,
    /// A macvlan's parent and mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_vlan: Option<MacVlanDoc>,
    /// A bond's mode and ports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_aggregation: Option<BondDoc>,
}

/// The interface types of the subset, in nmstate's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InterfaceType {
    /// A device that exists by itself (never created or deleted here).
    Ethernet,
    /// The loopback device.
    Loopback,
    /// A veth pair's end.
    Veth,
    /// A Linux bridge.
    LinuxBridge,
    /// An 802.1Q VLAN.
    Vlan,
    /// A VXLAN tunnel.
    Vxlan,
    /// A macvlan.
    MacVlan,
    /// A dummy device.
    Dummy,
    /// A bond.
    Bond,
    /// Any other kind (shown, never created).
    Unknown,
}

impl InterfaceType {
    /// The nmstate word.
    pub fn word(self) -> &'static str {
        match self {
            InterfaceType::Ethernet => "ethernet",
            InterfaceType::Loopback => "loopback",
            InterfaceType::Veth => "veth",
            InterfaceType::LinuxBridge => "linux-bridge",
            InterfaceType::Vlan => "vlan",
            InterfaceType::Vxlan => "vxlan",
            InterfaceType::MacVlan => "mac-vlan",
            InterfaceType::Dummy => "dummy",
            InterfaceType::Bond => "bond",
            InterfaceType::Unknown => "unknown",
        }
    }
}

/// An interface's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InterfaceState {
    /// Present and administratively up.
    Up,
    /// Present and administratively down.
    Down,
    /// Deleted.
    Absent,
}

/// `ipv4` or `ipv6` (the default is enabled, addresses left alone).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct IpDoc {
    /// `false` removes every address of the family (but IPv6 link-local).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The addresses, exactly; when left out, the addresses are left alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Vec<AddressDoc>>,
    /// Only `false` is covered: rtsock runs no DHCP client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dhcp: Option<bool>,
    /// Only `false` is covered (IPv6 SLAAC is the kernel's business).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoconf: Option<bool>,
}

impl Default for IpDoc {
    fn default() -> IpDoc {
        IpDoc {
            enabled: true,
            address: None,
            dhcp: None,
            autoconf: None,
        }
    }
}

fn yes() -> bool {
    true
}

/// One address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct AddressDoc {
    /// The address.
    pub ip: IpAddr,
    /// Its prefix length.
    pub prefix_length: u8,
}

impl AddressDoc {
    /// As an address and prefix.
    pub fn net(&self) -> IpNet {
        IpNet {
            addr: self.ip,
            len: self.prefix_length,
        }
    }
}

/// A bridge's ports.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct BridgeDoc {
    /// The ports, exactly: others are released.
    #[serde(default)]
    pub port: Vec<PortDoc>,
}

/// A port by name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct PortDoc {
    /// The port's interface name.
    pub name: String,
}

/// A veth's peer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct VethDoc {
    /// The peer's name (created with it).
    pub peer: String,
}

/// A VLAN.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct VlanDoc {
    /// The parent interface.
    pub base_iface: String,
    /// The VLAN id.
    pub id: u16,
}

/// A VXLAN.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct VxlanDoc {
    /// The VNI.
    pub id: u32,
    /// The remote endpoint (unicast) or group (multicast).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote: Option<IpAddr>,
    /// The local endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Option<IpAddr>,
    /// The UDP destination port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_port: Option<u16>,
    /// The underlying interface.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_iface: Option<String>,
}

/// A macvlan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct MacVlanDoc {
    /// The parent interface.
    pub base_iface: String,
    /// `vepa`, `bridge`, `private`, `passthru` or `source`.
    pub mode: String,
}

/// A bond.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct BondDoc {
    /// The mode (`balance-rr`, `active-backup`, `802.3ad`, ...).
    pub mode: String,
    /// The ports, exactly.
    #[serde(default)]
    pub port: Vec<String>,
}

/// `routes`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RoutesDoc {
    /// The routes to have (or, with `state: absent`, not to have).
    #[serde(default)]
    pub config: Vec<RouteDoc>,
}

/// One route. Fields left out match anything (for `state: absent`) or
/// take the kernel's default (main table, no gateway).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RouteDoc {
    /// The destination prefix (`0.0.0.0/0`, `::/0` for default).
    pub destination: String,
    /// The gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_hop_address: Option<IpAddr>,
    /// The outgoing interface.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_hop_interface: Option<String>,
    /// The table (254, main, when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table_id: Option<u32>,
    /// The metric (priority).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<u32>,
    /// `absent` to delete what matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<Absent>,
}

/// `route-rules`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RulesDoc {
    /// The rules to have (or not to have).
    #[serde(default)]
    pub config: Vec<RuleDoc>,
}

/// One policy rule.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RuleDoc {
    /// The source prefix (`from`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_from: Option<String>,
    /// The destination prefix (`to`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_to: Option<String>,
    /// The priority (`pref`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<u32>,
    /// The table to look up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_table: Option<u32>,
    /// The firewall mark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fwmark: Option<u32>,
    /// The firewall mark's mask.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fwmask: Option<u32>,
    /// The incoming interface.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iif: Option<String>,
    /// `ipv4` or `ipv6` (from the prefixes when left out, else ipv4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// `absent` to delete what matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<Absent>,
}

/// The one state a route or rule entry can ask for besides being present.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Absent {
    /// Delete what matches.
    Absent,
}

impl Document {
    /// Parses a document in JSON.
    pub fn from_json(text: &str) -> Result<Document> {
        let doc: Document = serde_json::from_str(text)
            .map_err(|e| Error::invalid("state document", e.to_string()))?;
        doc.check()?;
        Ok(doc)
    }

    /// Rejects what parses but the subset does not cover, naming the key.
    pub fn check(&self) -> Result<()> {
        let bad =
            |key: String, why: &str| Err(Error::invalid("state document", format!("{key}: {why}")));
        for (i, iface) in self.interfaces.iter().enumerate() {
            let at = |key: &str| format!("interfaces[{i}] ({}).{key}", iface.name);
            for (family, ip) in [("ipv4", &iface.ipv4), ("ipv6", &iface.ipv6)] {
                let Some(ip) = ip else { continue };
                if ip.dhcp == Some(true) {
                    return bad(
                        at(&format!("{family}.dhcp")),
                        "not covered: rtsock runs no DHCP client",
                    );
                }
                if ip.autoconf == Some(true) {
                    return bad(at(&format!("{family}.autoconf")), "not covered");
                }
                for (j, a) in ip.address.iter().flatten().enumerate() {
                    let v4 = a.ip.is_ipv4();
                    if v4 != (family == "ipv4") {
                        return bad(at(&format!("{family}.address[{j}].ip")), "wrong family");
                    }
                    if a.prefix_length > if v4 { 32 } else { 128 } {
                        return bad(
                            at(&format!("{family}.address[{j}].prefix-length")),
                            "too long",
                        );
                    }
                }
            }
            let sections = [
                ("bridge", iface.bridge.is_some(), InterfaceType::LinuxBridge),
                ("veth", iface.veth.is_some(), InterfaceType::Veth),
                ("vlan", iface.vlan.is_some(), InterfaceType::Vlan),
                ("vxlan", iface.vxlan.is_some(), InterfaceType::Vxlan),
                ("mac-vlan", iface.mac_vlan.is_some(), InterfaceType::MacVlan),
                (
                    "link-aggregation",
                    iface.link_aggregation.is_some(),
                    InterfaceType::Bond,
                ),
            ];
            for (key, present, kind) in sections {
                if present && iface.kind.is_some_and(|k| k != kind) {
                    return bad(at(key), "does not go with this type");
                }
            }
            if let Some(mac) = &iface.mac_address
                && mac.parse::<crate::LinkAddr>().is_err()
            {
                return bad(at("mac-address"), "not a link-layer address");
            }
        }
        for (i, r) in self.routes.iter().flat_map(|r| &r.config).enumerate() {
            if r.destination.parse::<IpNet>().is_err() {
                return bad(format!("routes.config[{i}].destination"), "not a prefix");
            }
        }
        for (i, r) in self.route_rules.iter().flat_map(|r| &r.config).enumerate() {
            for (key, v) in [("ip-from", &r.ip_from), ("ip-to", &r.ip_to)] {
                if v.as_ref().is_some_and(|v| v.parse::<IpNet>().is_err()) {
                    return bad(format!("route-rules.config[{i}].{key}"), "not a prefix");
                }
            }
            if let Some(f) = &r.family
                && f != "ipv4"
                && f != "ipv6"
            {
                return bad(format!("route-rules.config[{i}].family"), "ipv4 or ipv6");
            }
        }
        Ok(())
    }
}
