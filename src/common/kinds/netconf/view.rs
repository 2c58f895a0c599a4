//! The typed view of a netconf message.

use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// NETCONFA_IFINDEX of the settings every interface starts from (`all`).
pub const NETCONFA_IFINDEX_ALL: i32 = -1;
/// NETCONFA_IFINDEX of the defaults new interfaces get (`default`).
pub const NETCONFA_IFINDEX_DEFAULT: i32 = -2;

/// One family's IP settings of one interface, as `ip netconf show` lists
/// them; a setting the kernel does not report for the family is None.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Netconf {
    /// AF_INET, AF_INET6 or AF_MPLS.
    pub family: u8,
    /// The interface, or [`NETCONFA_IFINDEX_ALL`], [`NETCONFA_IFINDEX_DEFAULT`].
    pub ifindex: i32,
    /// `forwarding`.
    pub forwarding: Option<i32>,
    /// `rp_filter`: 0 off, 1 strict, 2 loose (IPv4).
    pub rp_filter: Option<i32>,
    /// `mc_forwarding`.
    pub mc_forwarding: Option<i32>,
    /// `proxy_neigh` (proxy ARP or NDP).
    pub proxy_neigh: Option<i32>,
    /// `ignore_routes_with_linkdown`.
    pub ignore_routes_with_linkdown: Option<i32>,
    /// `input` (MPLS).
    pub input: Option<i32>,
    /// `bc_forwarding` (IPv4 directed broadcasts).
    pub bc_forwarding: Option<i32>,
}

impl Netconf {
    /// The netconf view of `m`, or None if `m` is not a netconf message.
    pub fn from_message(m: &Message) -> Option<Netconf> {
        let Body::Netconf(h) = &m.body else {
            return None;
        };
        if ObjectKind::of(m) != Some(ObjectKind::Netconf) {
            return None;
        }
        let int = |key: &Key| {
            m.get(key)
                .and_then(Value::as_i64)
                .and_then(|v| i32::try_from(v).ok())
        };
        Some(Netconf {
            family: h.family,
            ifindex: int(&NETCONFA_IFINDEX)?,
            forwarding: int(&NETCONFA_FORWARDING),
            rp_filter: int(&NETCONFA_RP_FILTER),
            mc_forwarding: int(&NETCONFA_MC_FORWARDING),
            proxy_neigh: int(&NETCONFA_PROXY_NEIGH),
            ignore_routes_with_linkdown: int(&NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN),
            input: int(&NETCONFA_INPUT),
            bc_forwarding: int(&NETCONFA_BC_FORWARDING),
        })
    }

    /// `ip netconf show`'s line, with the interface called `dev`:
    /// `inet veth0 forwarding off rp_filter off mc_forwarding off ...`.
    pub fn line(&self, dev: &str) -> String {
        let family = match self.family {
            AF_INET => "inet",
            AF_INET6 => "inet6",
            AF_MPLS => "mpls",
            _ => "unknown",
        };
        let interface = match self.ifindex {
            NETCONFA_IFINDEX_ALL => "all",
            NETCONFA_IFINDEX_DEFAULT => "default",
            _ => dev,
        };
        let on = |v: i32| if v != 0 { "on" } else { "off" };
        let mut s = format!("{family} {interface} ");
        // ipnetconf.c's print_netconf, in its order (it leaves out
        // bc_forwarding).
        if let Some(v) = self.forwarding {
            s += &format!("forwarding {} ", on(v));
        }
        if let Some(v) = self.rp_filter {
            let mode = match v {
                0 => "off",
                1 => "strict",
                2 => "loose",
                _ => "unknown mode",
            };
            s += &format!("rp_filter {mode} ");
        }
        if let Some(v) = self.mc_forwarding {
            s += &format!("mc_forwarding {} ", on(v));
        }
        if let Some(v) = self.proxy_neigh {
            s += &format!("proxy_neigh {} ", on(v));
        }
        if let Some(v) = self.ignore_routes_with_linkdown {
            s += &format!("ignore_routes_with_linkdown {} ", on(v));
        }
        if let Some(v) = self.input {
            s += &format!("input {} ", on(v));
        }
        s.trim_end().to_owned()
    }
}
