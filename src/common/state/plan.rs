//! From a current state and a document to the steps between them, each
//! with its undo, in dependency order (the other way, a state as a
//! document, is `describe.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::net::IpAddr;

use super::describe::{creation, interface_doc, type_of};
use super::document::*;
use super::{State, is_link_local, managed_families};
use crate::common::api::Interface;
use crate::common::attrs::*;
use crate::common::batch::Change;
use crate::common::change::{
    AddressSpec, Broadcast, IpNet, LinkKind, LinkSpec, RouteSpec, RuleSpec, Verb,
};
use crate::common::constants::*;
use crate::common::error::{Error, Result};
use crate::common::message::Message;
use crate::common::value::LinkAddr;
use crate::common::views::Link;

/// One step of a plan: a change, what it does to its object, and the
/// changes that undo it.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The object it changes (`interface br0`, `route 10.0.0.0/8 table 100`).
    pub object: String,
    /// Values the object gains (`mtu 9000`, `ipv4 192.0.2.1/24`).
    pub added: Vec<String>,
    /// Values the object loses.
    pub removed: Vec<String>,
    /// The change.
    pub change: Change,
    /// What undoes it, in order (empty when deleting what it made does).
    pub undo: Vec<Change>,
}

/// The steps from one state to a document's, in the order they run:
/// rule, route, address and link deletions, then link creations (masters
/// and parents first), link settings, addresses, routes and rules.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// The state it was computed from (to see concurrent changes).
    pub base: State,
}

/// What a plan does to one object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectDiff {
    /// The object.
    pub object: String,
    /// Values it gains.
    pub added: Vec<String>,
    /// Values it loses.
    pub removed: Vec<String>,
}

impl fmt::Display for ObjectDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words: Vec<String> = self
            .added
            .iter()
            .map(|v| format!("+ {v}"))
            .chain(self.removed.iter().map(|v| format!("- {v}")))
            .collect();
        write!(f, "{}: {}", self.object, words.join(", "))
    }
}

impl Plan {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Per object, in the order objects first appear: the values added and
    /// removed.
    pub fn diff(&self) -> Vec<ObjectDiff> {
        let mut out: Vec<ObjectDiff> = Vec::new();
        for s in &self.steps {
            match out.iter_mut().find(|d| d.object == s.object) {
                Some(d) => {
                    d.added.extend(s.added.iter().cloned());
                    d.removed.extend(s.removed.iter().cloned());
                }
                None => out.push(ObjectDiff {
                    object: s.object.clone(),
                    added: s.added.clone(),
                    removed: s.removed.clone(),
                }),
            }
        }
        out
    }
}

// The phases, in the order they run.
const RULE_DEL: usize = 0;
const ROUTE_DEL: usize = 1;
const ADDR_DEL: usize = 2;
const LINK_DEL: usize = 3;
const LINK_ADD: usize = 4;
const LINK_SET: usize = 5;
const ADDR_ADD: usize = 6;
const ROUTE_ADD: usize = 7;
const RULE_ADD: usize = 8;
const PHASES: usize = 9;

struct Planner<'a> {
    state: &'a State,
    phases: [Vec<(u8, Step)>; PHASES],
    /// Interfaces the plan creates (a veth's peer with it).
    created: BTreeSet<String>,
}

fn bad(key: String, why: impl fmt::Display) -> Error {
    Error::invalid("state document", format!("{key}: {why}"))
}

pub(super) fn plan(state: &State, doc: &Document) -> Result<Plan> {
    doc.check()?;
    let mut p = Planner {
        state,
        phases: Default::default(),
        created: BTreeSet::new(),
    };
    p.interfaces(doc)?;
    p.routes(doc)?;
    p.rules(doc)?;
    let mut steps = Vec::new();
    for mut phase in p.phases {
        // Within a phase, the rank orders dependencies (masters and
        // parents before the links on them; deletions the other way).
        phase.sort_by_key(|(rank, _)| *rank);
        steps.extend(phase.into_iter().map(|(_, s)| s));
    }
    Ok(Plan {
        steps,
        base: state.clone(),
    })
}

impl Planner<'_> {
    fn push(&mut self, phase: usize, rank: u8, step: Step) {
        self.phases[phase].push((rank, step));
    }

    fn interfaces(&mut self, doc: &Document) -> Result<()> {
        let mut seen = BTreeSet::new();
        for (i, iface) in doc.interfaces.iter().enumerate() {
            if !seen.insert(&iface.name) {
                return Err(bad(
                    format!("interfaces[{i}].name"),
                    format!("{} twice", iface.name),
                ));
            }
        }
        // Which master each port should have, from the bridges' and
        // bonds' port lists.
        let mut masters: BTreeMap<&str, &str> = BTreeMap::new();
        let mut managed_masters = BTreeSet::new();
        for iface in &doc.interfaces {
            let ports: Vec<&str> = match (&iface.bridge, &iface.link_aggregation) {
                (Some(b), _) => b.port.iter().map(|p| p.name.as_str()).collect(),
                (_, Some(b)) => b.port.iter().map(String::as_str).collect(),
                _ => continue,
            };
            managed_masters.insert(iface.name.as_str());
            for port in ports {
                masters.insert(port, iface.name.as_str());
            }
        }
        for (i, iface) in doc.interfaces.iter().enumerate() {
            self.interface(i, iface)?;
        }
        // Ports: join the master the lists name; leave a managed master
        // whose list does not name them.
        for link in self.state.links() {
            let current = link.master.and_then(|m| self.state.link_name(m));
            let wanted = masters.get(link.name.as_str()).map(|m| m.to_string());
            let leaving = current
                .as_deref()
                .is_some_and(|m| managed_masters.contains(m) && wanted.is_none());
            if wanted.is_some() && wanted != current || leaving {
                self.set_master(&link.name, current, wanted);
            }
        }
        for (port, master) in &masters {
            if self.state.link(port).is_none() {
                if !self.created.contains(*port) {
                    return Err(bad(
                        format!("interfaces ({master}): port {port}"),
                        "no such interface, and the document does not create it",
                    ));
                }
                self.set_master(port, None, Some(master.to_string()));
            }
        }
        Ok(())
    }

    fn set_master(&mut self, port: &str, current: Option<String>, wanted: Option<String>) {
        let mut spec = LinkSpec::named(port);
        let mut undo = LinkSpec::named(port);
        match &wanted {
            Some(m) => spec = spec.master(Interface::Name(m.clone())),
            None => spec = spec.nomaster(),
        }
        match &current {
            Some(m) => undo = undo.master(Interface::Name(m.clone())),
            None => undo = undo.nomaster(),
        }
        let created = self.created.contains(port);
        self.push(
            LINK_SET,
            1,
            Step {
                object: format!("interface {port}"),
                added: wanted.iter().map(|m| format!("controller {m}")).collect(),
                removed: current.iter().map(|m| format!("controller {m}")).collect(),
                change: Change::Link(Verb::Set, spec),
                undo: if created {
                    Vec::new()
                } else {
                    vec![Change::Link(Verb::Set, undo)]
                },
            },
        );
    }

    fn interface(&mut self, i: usize, iface: &InterfaceDoc) -> Result<()> {
        let at = |key: &str| format!("interfaces[{i}] ({}).{key}", iface.name);
        let object = format!("interface {}", iface.name);
        let found = self.state.link_message(&iface.name);
        let current = found.as_ref().map(|(_, l)| l.clone());
        let state = iface.state.unwrap_or(InterfaceState::Up);
        if let (Some(kind), Some(cur)) = (iface.kind, &current) {
            let have = type_of(cur);
            if have != kind && kind != InterfaceType::Unknown {
                return Err(bad(
                    at("type"),
                    format!("{} is a {}", iface.name, have.word()),
                ));
            }
        }
        if state == InterfaceState::Absent {
            if let Some((m, cur)) = found {
                let step = self.deletion(&object, m, &cur).ok_or_else(|| {
                    bad(
                        at("state"),
                        "absent: only virtual interfaces can be deleted",
                    )
                })?;
                self.push(LINK_DEL, 0, step);
            }
            return Ok(());
        }
        let exists = current.is_some() || self.created.contains(&iface.name);
        if !exists {
            let (spec, rank) = creation(iface).map_err(|why| bad(at("type"), why))?;
            if let Some(LinkKind::Veth { peer, .. }) = &spec.kind {
                self.created.insert(peer.clone());
            }
            self.created.insert(iface.name.clone());
            self.push(
                LINK_ADD,
                rank,
                Step {
                    object: object.clone(),
                    added: vec![format!("create {}", iface.kind.map_or("", |k| k.word()))],
                    removed: Vec::new(),
                    change: Change::Link(Verb::Add, spec),
                    undo: vec![Change::Link(Verb::Delete, LinkSpec::named(&iface.name))],
                },
            );
        }
        self.settings(iface, current.as_ref(), state, &at)?;
        self.addresses(iface, current.as_ref());
        Ok(())
    }

    /// MTU, MAC and up/down, as one change.
    fn settings(
        &mut self,
        iface: &InterfaceDoc,
        current: Option<&Link>,
        state: InterfaceState,
        at: &dyn Fn(&str) -> String,
    ) -> Result<()> {
        let mut spec = LinkSpec::named(&iface.name);
        let mut undo = LinkSpec::named(&iface.name);
        let (mut added, mut removed) = (Vec::new(), Vec::new());
        if let Some(mtu) = iface.mtu {
            let have = current.and_then(|l| l.mtu);
            if have != Some(mtu) {
                spec = spec.mtu(mtu);
                added.push(format!("mtu {mtu}"));
                if let Some(h) = have {
                    undo = undo.mtu(h);
                    removed.push(format!("mtu {h}"));
                }
            }
        }
        if let Some(mac) = &iface.mac_address {
            let mac: LinkAddr = mac.parse().map_err(|e| bad(at("mac-address"), e))?;
            let have = current.and_then(|l| l.address);
            if have != Some(mac) {
                spec = spec.address(mac);
                added.push(format!("mac-address {mac}"));
                if let Some(h) = have {
                    undo = undo.address(h);
                    removed.push(format!("mac-address {h}"));
                }
            }
        }
        let up = state == InterfaceState::Up;
        let was_up = current.map(|l| l.is_up());
        if was_up != Some(up) {
            spec = if up { spec.up() } else { spec.down() };
            added.push(format!("state {}", if up { "up" } else { "down" }));
            if let Some(was) = was_up {
                undo = if was { undo.up() } else { undo.down() };
                removed.push(format!("state {}", if was { "up" } else { "down" }));
            }
        }
        if added.is_empty() {
            return Ok(());
        }
        let undo = if current.is_some() {
            vec![Change::Link(Verb::Set, undo)]
        } else {
            Vec::new()
        };
        self.push(
            LINK_SET,
            0,
            Step {
                object: format!("interface {}", iface.name),
                added,
                removed,
                change: Change::Link(Verb::Set, spec),
                undo,
            },
        );
        Ok(())
    }

    fn addresses(&mut self, iface: &InterfaceDoc, current: Option<&Link>) {
        let object = format!("interface {}", iface.name);
        for (family, ip) in managed_families(iface) {
            let word = if family == AF_INET { "ipv4" } else { "ipv6" };
            let wanted: Vec<IpNet> = if !ip.enabled {
                Vec::new()
            } else if let Some(list) = &ip.address {
                list.iter().map(AddressDoc::net).collect()
            } else {
                continue;
            };
            let have: Vec<(IpNet, &Message)> = match current {
                Some(l) => self
                    .state
                    .messages(crate::ObjectKind::Address)
                    .filter_map(|m| {
                        let a = crate::views::Address::from_message(m)?;
                        let net = IpNet {
                            addr: a.own_address()?,
                            len: a.prefixlen,
                        };
                        (a.index == l.index && a.family == family && !is_link_local(&net))
                            .then_some((net, m))
                    })
                    .collect(),
                None => Vec::new(),
            };
            for (net, m) in &have {
                if wanted.contains(net) {
                    continue;
                }
                let Some(spec) = AddressSpec::from_message(m) else {
                    continue;
                };
                let mut again = spec.clone();
                again.dev = Interface::Name(iface.name.clone());
                if m.get(&IFA_BROADCAST).is_some() {
                    again.broadcast = Some(Broadcast::Auto);
                }
                self.push(
                    ADDR_DEL,
                    0,
                    Step {
                        object: object.clone(),
                        added: Vec::new(),
                        removed: vec![format!("{word} {net}")],
                        change: Change::Address(Verb::Delete, spec),
                        undo: vec![Change::Address(Verb::Add, again)],
                    },
                );
            }
            for net in wanted {
                if have.iter().any(|(n, _)| *n == net) {
                    continue;
                }
                let spec = AddressSpec::new(net, iface.name.as_str());
                self.push(
                    ADDR_ADD,
                    0,
                    Step {
                        object: object.clone(),
                        added: vec![format!("{word} {net}")],
                        removed: Vec::new(),
                        change: Change::Address(Verb::Add, spec.clone()),
                        undo: vec![Change::Address(Verb::Delete, spec)],
                    },
                );
            }
        }
    }

    /// The deletion of a virtual interface, undone by creating it again
    /// with its settings and addresses (routes through it are the
    /// kernel's or the document's to restore).
    fn deletion(&self, object: &str, m: &Message, cur: &Link) -> Option<Step> {
        let doc = interface_doc(self.state, m, cur);
        let (create, _) = creation(&doc).ok()?;
        let mut undo = vec![Change::Link(Verb::Add, create)];
        let mut set = LinkSpec::named(&cur.name);
        if let Some(mtu) = cur.mtu {
            set = set.mtu(mtu);
        }
        if let Some(mac) = cur.address {
            set = set.address(mac);
        }
        if let Some(master) = cur.master.and_then(|m| self.state.link_name(m)) {
            set = set.master(Interface::Name(master));
        }
        set = if cur.is_up() { set.up() } else { set.down() };
        undo.push(Change::Link(Verb::Set, set));
        for (_, ip) in managed_families(&doc) {
            for a in ip.address.iter().flatten() {
                undo.push(Change::Address(
                    Verb::Add,
                    AddressSpec::new(a.net(), cur.name.as_str()),
                ));
            }
        }
        Some(Step {
            object: object.to_owned(),
            added: Vec::new(),
            removed: vec![format!("interface ({})", doc.kind.map_or("", |k| k.word()))],
            change: Change::Link(Verb::Delete, LinkSpec::named(&cur.name)),
            undo,
        })
    }

    fn routes(&mut self, doc: &Document) -> Result<()> {
        for (i, r) in doc.routes.iter().flat_map(|r| &r.config).enumerate() {
            let at = |key: &str| format!("routes.config[{i}].{key}");
            let dst: IpNet = r
                .destination
                .parse()
                .map_err(|e| bad(at("destination"), e))?;
            let table = r.table_id.unwrap_or(RT_TABLE_MAIN);
            let oif = match &r.next_hop_interface {
                Some(name) => match self.state.link(name) {
                    Some(l) => Some(Some(l.index)),
                    None if self.created.contains(name) => Some(None),
                    None if r.state.is_some() => Some(None),
                    None => {
                        return Err(bad(
                            at("next-hop-interface"),
                            format!("no interface {name}"),
                        ));
                    }
                },
                None => None,
            };
            let matching: Vec<&Message> = self
                .state
                .routes()
                .filter(|(_, have)| {
                    have.family == dst.family()
                        && have.table == table
                        && have.dst_len == dst.len
                        && have.dst.unwrap_or(zero(dst.addr)) == dst.addr
                        && r.next_hop_address.is_none_or(|g| have.gateway == Some(g))
                        && oif.is_none_or(|o| o.is_some() && have.oif == o)
                        && r.metric.is_none_or(|m| have.priority.unwrap_or(0) == m)
                        && have.kind == crate::types::RouteType::Unicast
                })
                .map(|(m, _)| m)
                .collect();
            let object = format!("route {dst} table {table}");
            if r.state.is_some() {
                for m in matching {
                    let Some(spec) = RouteSpec::from_message(m) else {
                        continue;
                    };
                    self.push(
                        ROUTE_DEL,
                        0,
                        Step {
                            object: object.clone(),
                            added: Vec::new(),
                            removed: vec![route_words(&spec, self.state)],
                            change: Change::Route(Verb::Delete, spec.clone()),
                            undo: vec![Change::Route(Verb::Add, spec)],
                        },
                    );
                }
                continue;
            }
            if !matching.is_empty() {
                continue;
            }
            let mut spec = RouteSpec::to(dst).table(table).protocol(RTPROT_STATIC);
            if let Some(g) = r.next_hop_address {
                spec = spec.via(g);
            }
            if let Some(dev) = &r.next_hop_interface {
                spec = spec.dev(Interface::Name(dev.clone()));
            }
            if let Some(m) = r.metric {
                spec = spec.metric(m);
            }
            self.push(
                ROUTE_ADD,
                0,
                Step {
                    object,
                    added: vec![route_words(&spec, self.state)],
                    removed: Vec::new(),
                    change: Change::Route(Verb::Add, spec.clone()),
                    undo: vec![Change::Route(Verb::Delete, spec)],
                },
            );
        }
        Ok(())
    }

    fn rules(&mut self, doc: &Document) -> Result<()> {
        for (i, r) in doc.route_rules.iter().flat_map(|r| &r.config).enumerate() {
            let at = |key: &str| format!("route-rules.config[{i}].{key}");
            let prefix = |v: &Option<String>, key: &str| -> Result<Option<IpNet>> {
                v.as_ref()
                    .map(|t| t.parse::<IpNet>().map_err(|e| bad(at(key), e)))
                    .transpose()
            };
            let src = prefix(&r.ip_from, "ip-from")?;
            let dst = prefix(&r.ip_to, "ip-to")?;
            let family = match r.family.as_deref() {
                Some("ipv6") => AF_INET6,
                Some(_) => AF_INET,
                None => src.or(dst).map_or(AF_INET, |n| n.family()),
            };
            let same = |want: Option<IpNet>, addr: Option<IpAddr>, len: u8| match want {
                None => true,
                Some(n) => addr == Some(n.addr) && len == n.len,
            };
            let matching: Vec<&Message> = self
                .state
                .rules()
                .filter(|(_, have)| {
                    have.family == family
                        && r.priority.is_none_or(|p| have.priority == p)
                        && r.route_table.is_none_or(|t| have.table == t)
                        && same(src, have.src, have.src_len)
                        && same(dst, have.dst, have.dst_len)
                        && r.fwmark.is_none_or(|m| have.fwmark == Some(m))
                        && r.fwmask.is_none_or(|m| have.fwmask == Some(m))
                        && r.iif
                            .as_ref()
                            .is_none_or(|d| have.iifname.as_ref() == Some(d))
                })
                .map(|(m, _)| m)
                .collect();
            if r.state.is_some() {
                for m in matching {
                    let Some(spec) = RuleSpec::from_message(m) else {
                        continue;
                    };
                    self.push(
                        RULE_DEL,
                        0,
                        Step {
                            object: rule_object(&spec),
                            added: Vec::new(),
                            removed: vec![rule_words(&spec)],
                            change: Change::Rule(Verb::Delete, spec.clone()),
                            undo: vec![Change::Rule(Verb::Add, spec)],
                        },
                    );
                }
                continue;
            }
            if !matching.is_empty() {
                continue;
            }
            let table = r
                .route_table
                .ok_or_else(|| bad(at("route-table"), "needed to add a rule"))?;
            let spec = RuleSpec {
                family: Some(family),
                priority: r.priority,
                table: Some(table),
                src,
                dst,
                iif: r.iif.clone(),
                fwmark: r.fwmark,
                fwmask: r.fwmask,
                action: Some(FR_ACT_TO_TBL),
                ..RuleSpec::default()
            };
            self.push(
                RULE_ADD,
                0,
                Step {
                    object: rule_object(&spec),
                    added: vec![rule_words(&spec)],
                    removed: Vec::new(),
                    change: Change::Rule(Verb::Add, spec.clone()),
                    undo: vec![Change::Rule(Verb::Delete, spec)],
                },
            );
        }
        Ok(())
    }
}

/// `rule from 10.0.0.0/8 lookup 100` of a rule spec.
fn rule_words(spec: &RuleSpec) -> String {
    let text = spec.describe(Verb::Add);
    format!("rule{}", text.strip_prefix("rule add").unwrap_or(&text))
}

fn rule_object(spec: &RuleSpec) -> String {
    let family = if spec.family == Some(AF_INET6) {
        "ipv6"
    } else {
        "ipv4"
    };
    match spec.priority {
        Some(p) => format!("rule {p} ({family})"),
        None => format!("rule ({family})"),
    }
}

fn zero(like: IpAddr) -> IpAddr {
    match like {
        IpAddr::V4(_) => IpAddr::V4(0.into()),
        IpAddr::V6(_) => IpAddr::V6(0.into()),
    }
}

/// `via 192.0.2.1 dev veth0 metric 7` of a route spec, names resolved.
fn route_words(spec: &RouteSpec, state: &State) -> String {
    let mut out = format!("route {}", spec.dst_or_default());
    if let Some(g) = spec.gateway {
        out += &format!(" via {g}");
    }
    match &spec.dev {
        Some(Interface::Name(n)) => out += &format!(" dev {n}"),
        Some(Interface::Index(i)) => {
            out += &format!(
                " dev {}",
                state.link_name(*i).unwrap_or_else(|| format!("if{i}"))
            )
        }
        None => {}
    }
    if let Some(m) = spec.metric {
        out += &format!(" metric {m}");
    }
    out
}
