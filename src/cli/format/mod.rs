//! Human output as `ip` prints it (iproute2's `print_linkinfo`,
//! `print_addrinfo`, `print_route`, `print_neigh`, `print_rule`, and
//! `bridge fdb`): the default multi-line blocks, `-o` (one line, `\`
//! where `ip` breaks lines), `-br`, `-s`, `-d` and `-c`. Fields a selector
//! pinned are not repeated, as `ip` leaves them out.

use std::collections::HashMap;
use std::net::IpAddr;

use rtsock::constants::*;
use rtsock::views::{Address, Link, Neighbour, Nexthop, Route, Rule};
use rtsock::{Message, ObjectKind};

mod address;
mod link;
mod route;
mod rule_neigh;

pub use address::{address_lines, brief_addresses};
pub use link::{brief_columns, brief_link, link_lines};
pub use route::{Pinned, route_line};
pub use rule_neigh::{fdb_line, neighbour_line, nexthop_line, rule_line};

/// Interface index to name, for printing `dev NAME`.
pub type Names = HashMap<u32, String>;

/// The indices of the links that are down (for `ip`'s M-DOWN).
pub type Down = std::collections::HashSet<u32>;

/// How `ip` was asked to print: `-o`, `-br`, `-d` (repeatable), `-s`
/// (repeatable), `-c`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    pub oneline: bool,
    pub brief: bool,
    pub details: u8,
    pub stats: u8,
    pub color: bool,
}

/// iproute2's colours (`lib/color.c`, the default palette).
#[derive(Clone, Copy)]
pub enum Paint {
    Ifname,
    Mac,
    Inet,
    Inet6,
    Up,
    Down,
}

impl Style {
    /// `text` in the colour `ip -c` gives it (unchanged without `-c`).
    pub fn paint(&self, p: Paint, text: &str) -> String {
        if !self.color {
            return text.to_owned();
        }
        let code = match p {
            Paint::Ifname => 36,
            Paint::Mac => 33,
            Paint::Inet => 35,
            Paint::Inet6 => 34,
            Paint::Up => 32,
            Paint::Down => 31,
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }

    /// An address in its family's colour.
    pub fn addr(&self, a: IpAddr) -> String {
        let p = if a.is_ipv4() {
            Paint::Inet
        } else {
            Paint::Inet6
        };
        self.paint(p, &a.to_string())
    }

    /// The lines of one object joined as `ip` joins them: newlines, or
    /// `\` with `-o`.
    pub fn join(&self, lines: &[String]) -> String {
        lines.join(if self.oneline { "\\" } else { "\n" })
    }
}

/// Remembers the name of the link `m` describes, if it is a link message.
pub fn remember_name(names: &mut Names, m: &Message) {
    if let (rtsock::Body::Link(h), Some(name)) = (
        &m.body,
        m.get_attr("IFLA_IFNAME").and_then(rtsock::Value::as_str),
    ) {
        names.insert(h.index, name.to_string());
    }
}

/// The names of every link and the indices of those that are down, from
/// one dump.
#[cfg(rtsock_supported)]
pub fn link_table(ipr: &mut rtsock::IpRoute) -> Result<(Names, Down), rtsock::Error> {
    use rtsock::RouteSocket;
    let mut names = Names::new();
    let mut down = Down::new();
    for m in ipr.links(&rtsock::Filter::new())? {
        let m = m?;
        remember_name(&mut names, &m);
        if let rtsock::Body::Link(h) = &m.body
            && h.flags & IFF_UP == 0
        {
            down.insert(h.index);
        }
    }
    Ok((names, down))
}

/// The names of every link, for human output.
#[cfg(rtsock_supported)]
pub fn link_names(ipr: &mut rtsock::IpRoute) -> Result<Names, rtsock::Error> {
    link_table(ipr).map(|(names, _)| names)
}

/// An interface's name, or `ifN` when it is not known.
pub(crate) fn dev(names: &Names, index: u32) -> String {
    names
        .get(&index)
        .cloned()
        .unwrap_or_else(|| format!("if{index}"))
}

/// The symbolic name when there is one, else the number (`main`, `100`).
fn name_or_number(name: Option<&str>, number: impl ToString) -> String {
    name.map_or_else(|| number.to_string(), str::to_owned)
}

/// One message as one line (`ip -o`; what `monitor` and `decode --human`
/// print): links with their `link/` part, addresses with their lifetimes.
pub fn line(m: &Message, names: &Names) -> String {
    let style = Style {
        oneline: true,
        ..Style::default()
    };
    match ObjectKind::of(m) {
        Some(ObjectKind::Link) => Link::from_message(m)
            .map(|l| style.join(&link_lines(&l, m, names, None, &style, true, None))),
        Some(ObjectKind::Address) => {
            Address::from_message(m).map(|a| style.join(&address_lines(&a, m, names, &style, true)))
        }
        Some(ObjectKind::Route) => {
            Route::from_message(m).map(|r| route_line(&r, m, names, &style, &Pinned::default()))
        }
        Some(ObjectKind::Neighbour) => Neighbour::from_message(m).map(|n| {
            if n.family == AF_BRIDGE {
                fdb_line(&n, names)
            } else {
                neighbour_line(&n, names, false)
            }
        }),
        Some(ObjectKind::Rule) => Rule::from_message(m).map(|r| rule_line(&r)),
        Some(ObjectKind::Nexthop) => Nexthop::from_message(m).map(|n| nexthop_line(&n, names)),
        Some(ObjectKind::Nsid) => rtsock::views::NetnsId::from_message(m).map(|n| n.to_string()),
        Some(ObjectKind::Mdb) => {
            let lines: Vec<String> = rtsock::views::MdbEntry::all(m)
                .iter()
                .map(|e| e.line(&dev(names, e.bridge), &dev(names, e.port)))
                .collect();
            (!lines.is_empty()).then(|| lines.join("\n"))
        }
        // bridge monitor vni's lines, without the empty line a dump puts
        // after each device (`Deleted ` is the monitor's, for every kind).
        Some(ObjectKind::Vni) => {
            let entries = rtsock::views::Vni::all(m);
            entries.first().map(|first| {
                let mut lines = rtsock::views::Vni::lines(&entries, &dev(names, first.index));
                lines.pop();
                lines.join("\n")
            })
        }
        // Traffic control as `tc monitor` prints it (print_qdisc,
        // print_class, print_filter).
        Some(ObjectKind::Qdisc) => {
            rtsock::views::Qdisc::from_message(m).map(|q| q.line(Some(&dev(names, q.index))))
        }
        Some(ObjectKind::Class) => {
            rtsock::views::Class::from_message(m).map(|c| c.line(Some(&dev(names, c.index))))
        }
        Some(ObjectKind::TcFilter) => rtsock::views::TcFilter::from_message(m).map(|f| {
            let name = dev(names, f.index);
            f.lines_naming(Some(&name), false, &|i| dev(names, i))
                .join("\n")
        }),
        Some(ObjectKind::TcChain) => {
            rtsock::views::TcChain::from_message(m).map(|c| c.line(Some(&dev(names, c.index))))
        }
        // ip monitor prints memberships with print_addrinfo's head.
        Some(ObjectKind::Multicast) => rtsock::views::Membership::from_message(m).map(|g| {
            let family = if g.group.is_ipv4() { "inet" } else { "inet6" };
            format!(
                "{}: {}    {family} {}",
                g.index,
                dev(names, g.index),
                g.group
            )
        }),
        Some(ObjectKind::Prefix) => {
            rtsock::views::Prefix::from_message(m).map(|p| p.line(&dev(names, p.index)))
        }
        Some(ObjectKind::NexthopBucket) => {
            rtsock::views::NexthopBucket::from_message(m).map(|b| b.to_string())
        }
        Some(ObjectKind::AddrLabel) => rtsock::views::AddrLabel::from_message(m)
            .map(|l| l.line(names.get(&l.index).map(String::as_str))),
        Some(ObjectKind::NeighTable) => rtsock::views::NeighTable::from_message(m).map(|t| {
            let dev = t.ifindex.and_then(|i| names.get(&i).cloned());
            t.lines(family_name(t.family), dev.as_deref()).join("\n")
        }),
        Some(ObjectKind::BridgeVlan) => {
            let lines: Vec<String> = rtsock::views::BridgeVlan::all(m)
                .iter()
                .map(|v| v.line(&dev(names, v.index)))
                .collect();
            (!lines.is_empty()).then(|| lines.join("\n"))
        }
        // ip stats' block for one link (ipstats.c), on lines of its own.
        Some(ObjectKind::Stats) => rtsock::views::LinkStats::from_message(m).map(|st| {
            let mut lines = vec![format!(
                "{}: {}: group link",
                st.index,
                dev(names, st.index)
            )];
            lines.extend(st.lines());
            lines.join("\n")
        }),
        Some(ObjectKind::TcAction) => {
            let ifname = |i: u32| dev(names, i);
            Some(rtsock::views::SharedAction::lines(m, &ifname).join("\n"))
        }
        Some(ObjectKind::Dcb) => rtsock::views::Dcb::from_message(m).map(|d| d.line()),
        Some(ObjectKind::CacheReport) => {
            rtsock::views::CacheReport::from_message(m).map(|r| r.line())
        }
        Some(ObjectKind::NdUserOpt) => {
            rtsock::views::NdUserOpt::from_message(m).map(|o| o.line(&dev(names, o.index)))
        }
        Some(ObjectKind::Anycast) => rtsock::views::Anycast::from_message(m).map(|a| {
            format!(
                "{}: {}    inet6 anycast {}",
                a.index,
                dev(names, a.index),
                a.addr
            )
        }),
        Some(ObjectKind::Netconf) => rtsock::views::Netconf::from_message(m).map(|n| {
            let dev = u32::try_from(n.ifindex)
                .ok()
                .and_then(|i| names.get(&i).cloned())
                .unwrap_or_else(|| n.ifindex.to_string());
            n.line(&dev)
        }),
        _ => None,
    }
    .unwrap_or_else(|| format!("{} {:?}", m.event, m.body))
}

/// A family as ip's family_name() names it.
pub(crate) fn family_name(family: u8) -> &'static str {
    match family {
        AF_INET => "inet",
        AF_INET6 => "inet6",
        AF_PACKET => "link",
        AF_BRIDGE => "bridge",
        AF_MPLS => "mpls",
        _ => "???",
    }
}
