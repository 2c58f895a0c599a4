//! Route changes (`ip route add/replace/append/change/del`): [`RouteSpec`] and its paths.

use std::fmt::Write as _;
use std::net::IpAddr;

use crate::common::api::Interface;
use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::{Error, Result};
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// One path of a multipath route (`nexthop via GW dev DEV weight W`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextHopSpec {
    /// The path's gateway (`via`, RTA_GATEWAY), or None for a device-only path.
    pub gateway: Option<IpAddr>,
    /// The path's outgoing interface (`dev`), or None to send none (ifindex 0).
    pub dev: Option<Interface>,
    /// 1 to 256.
    pub weight: u16,
    /// Treat the gateway as on-link even if no prefix covers it (`onlink`, RTNH_F_ONLINK).
    pub onlink: bool,
    /// The labels an MPLS route's path sends out (`nexthop as 200/300`,
    /// RTA_NEWDST); MPLS routes only.
    pub labels: Vec<u32>,
}

impl NextHopSpec {
    /// A path via `gateway` (`nexthop via GW`), with weight 1 and no device.
    pub fn via(gateway: IpAddr) -> NextHopSpec {
        NextHopSpec {
            gateway: Some(gateway),
            dev: None,
            weight: 1,
            onlink: false,
            labels: Vec::new(),
        }
    }

    /// Sets the path's outgoing interface (`dev`).
    pub fn dev(mut self, dev: impl Into<Interface>) -> NextHopSpec {
        self.dev = Some(dev.into());
        self
    }

    /// Sets the path's weight, 1 to 256 (`weight`).
    pub fn weight(mut self, weight: u16) -> NextHopSpec {
        self.weight = weight;
        self
    }
}

/// A route (`ip route add/replace/append/change/del`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RouteSpec {
    /// The family; needed only for a default route without a gateway.
    pub family: Option<u8>,
    /// The destination; `None` is the default route.
    pub dst: Option<IpNet>,
    /// RTN_* type; unicast when unset (RTN_LOCAL for `local`).
    pub kind: Option<u8>,
    /// The TOS the route matches (`tos`, rtm_tos); 0 is any.
    pub tos: u8,
    /// The gateway (`via`, RTA_GATEWAY).
    pub gateway: Option<IpAddr>,
    /// The outgoing interface (`dev`, RTA_OIF).
    pub dev: Option<Interface>,
    /// Main when unset; any 32-bit id.
    pub table: Option<u32>,
    /// The route's priority, lower preferred (`metric`, RTA_PRIORITY).
    pub metric: Option<u32>,
    /// The RTPROT_* origin (`proto`); None is `boot` when adding and any when deleting.
    pub protocol: Option<u8>,
    /// The RT_SCOPE_* scope (`scope`); None is `ip`'s default when adding (host for local
    /// routes, link for a device route with no gateway, else global) and any when deleting.
    pub scope: Option<u8>,
    /// The preferred source address (`src`, RTA_PREFSRC).
    pub prefsrc: Option<IpAddr>,
    /// Treat the gateway as on-link even if no prefix covers it (`onlink`, RTNH_F_ONLINK).
    pub onlink: bool,
    /// RTAX_* metrics (mtu, advmss, ...) as (number, value).
    pub metrics: Vec<(u16, u32)>,
    /// The paths of a multipath route (`nexthop ...`, RTA_MULTIPATH); empty for a single path.
    pub nexthops: Vec<NextHopSpec>,
    /// `nhid ID`: forward through a nexthop object (Linux) instead of
    /// via/dev or nexthops.
    pub nhid: Option<u32>,
    /// The IPv6 router preference (`pref low|medium|high`, RTA_PREF: 3, 0, 1).
    pub pref: Option<u8>,
    /// Seconds until the route expires (`expires N`, RTA_EXPIRES).
    pub expires: Option<u32>,
    /// A lightweight tunnel the route's packets go into (`encap ...`,
    /// RTA_ENCAP and RTA_ENCAP_TYPE).
    pub encap: Option<RouteEncap>,
    /// An MPLS route's labels (`ip -f mpls route add LABEL [as LABELS]`):
    /// the route is then of AF_MPLS, and has no IP destination.
    pub mpls: Option<MplsRoute>,
}

/// An MPLS route: the label it takes in, and the labels it sends out
/// instead (`ip -f mpls route add 100 as 200/300 via inet 10.0.0.1 dev
/// eth0`; no `as` pops the label).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MplsRoute {
    /// The incoming label (RTA_DST), 16 to 1048575 for a route of one's
    /// own (0 to 15 are reserved; the kernel refuses most of them).
    pub label: u32,
    /// The outgoing label stack, outermost first (RTA_NEWDST, `as`).
    pub out: Vec<u32>,
}

/// The largest MPLS label: they are 20 bits.
pub const MPLS_LABEL_MAX: u32 = (1 << 20) - 1;

/// How a route encapsulates its packets (`ip route add ... encap ...`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RouteEncap {
    /// Into an IP tunnel of a metadata-collecting device (`encap ip id N
    /// dst A [src A] [tos N] [ttl N]`).
    Ip {
        /// The tunnel id (`id`, e.g. a VNI).
        id: u64,
        /// The remote end (`dst`).
        dst: IpAddr,
        /// The local end (`src`).
        src: Option<IpAddr>,
        /// The outer TOS (`tos`).
        tos: Option<u8>,
        /// The outer TTL (`ttl`).
        ttl: Option<u8>,
    },
    /// Through an IPv6 segment list (`encap seg6 mode inline|encap|l2encap
    /// segs A,B,...`).
    Seg6 {
        /// 0 inline, 1 encap, 2 l2encap (SEG6_IPTUN_MODE_*).
        mode: i32,
        /// The segments, in the order the packet visits them.
        segments: Vec<std::net::Ipv6Addr>,
    },
    /// Under an MPLS label stack (`encap mpls 100/200 [ttl N]`).
    Mpls {
        /// The labels, outermost first (20 bits each).
        labels: Vec<u32>,
        /// The TTL of the label stack (`ttl`).
        ttl: Option<u8>,
    },
    /// Into an IPv6 tunnel of a metadata-collecting device (`encap ip6 id
    /// N dst A [src A] [tc N] [hoplimit N]`).
    Ip6 {
        /// The tunnel id (`id`).
        id: u64,
        /// The remote end (`dst`).
        dst: std::net::Ipv6Addr,
        /// The local end (`src`).
        src: Option<std::net::Ipv6Addr>,
        /// The traffic class (`tc`).
        tc: Option<u8>,
        /// The hop limit (`hoplimit`).
        hoplimit: Option<u8>,
    },
    /// An SRv6 local behaviour (`encap seg6local action End.DT6 table
    /// 100 ...`).
    Seg6Local {
        /// The behaviour (SEG6_LOCAL_ACTION_*: 1 End, 2 End.X, 7 End.DT6, ...;
        /// [`SEG6_LOCAL_ACTIONS`] names them).
        action: u32,
        /// The table to look the inner packet up in (`table`).
        table: Option<u32>,
        /// The VRF's table (`vrftable`).
        vrftable: Option<u32>,
        /// The IPv4 next hop (`nh4`).
        nh4: Option<std::net::Ipv4Addr>,
        /// The IPv6 next hop (`nh6`).
        nh6: Option<std::net::Ipv6Addr>,
    },
}

/// The SRv6 local behaviours by number, with ip's names (read_action_type).
pub const SEG6_LOCAL_ACTIONS: [(u32, &str); 16] = [
    (1, "End"),
    (2, "End.X"),
    (3, "End.T"),
    (4, "End.DX2"),
    (5, "End.DX6"),
    (6, "End.DX4"),
    (7, "End.DT6"),
    (8, "End.DT4"),
    (9, "End.B6"),
    (10, "End.B6.Encaps"),
    (11, "End.BM"),
    (12, "End.S"),
    (13, "End.AS"),
    (14, "End.AM"),
    (15, "End.BPF"),
    (16, "End.DT46"),
];

/// MPLS labels as ip writes them: `100/200`.
pub fn mpls_labels_text(labels: &[u32]) -> String {
    labels
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join("/")
}

impl RouteEncap {
    /// The words `ip route` uses for it.
    pub fn words(&self) -> String {
        match self {
            RouteEncap::Ip {
                id,
                dst,
                src,
                tos,
                ttl,
            } => {
                let mut s = format!("encap ip id {id} dst {dst}");
                if let Some(a) = src {
                    s += &format!(" src {a}");
                }
                if let Some(t) = tos {
                    s += &format!(" tos {t}");
                }
                if let Some(t) = ttl {
                    s += &format!(" ttl {t}");
                }
                s
            }
            RouteEncap::Seg6 { mode, segments } => {
                let mode = ["inline", "encap", "l2encap"]
                    .get(*mode as usize)
                    .copied()
                    .unwrap_or("?");
                let segs: Vec<String> = segments.iter().map(|a| a.to_string()).collect();
                format!("encap seg6 mode {mode} segs {}", segs.join(","))
            }
            RouteEncap::Mpls { labels, ttl } => {
                let mut s = format!("encap mpls {}", mpls_labels_text(labels));
                if let Some(t) = ttl {
                    s += &format!(" ttl {t}");
                }
                s
            }
            RouteEncap::Ip6 {
                id,
                dst,
                src,
                tc,
                hoplimit,
            } => {
                let mut s = format!("encap ip6 id {id} dst {dst}");
                if let Some(a) = src {
                    s += &format!(" src {a}");
                }
                if let Some(t) = tc {
                    s += &format!(" tc {t}");
                }
                if let Some(h) = hoplimit {
                    s += &format!(" hoplimit {h}");
                }
                s
            }
            RouteEncap::Seg6Local {
                action,
                table,
                vrftable,
                nh4,
                nh6,
            } => {
                let name = SEG6_LOCAL_ACTIONS
                    .iter()
                    .find(|(n, _)| n == action)
                    .map_or_else(|| action.to_string(), |(_, w)| (*w).to_owned());
                let mut s = format!("encap seg6local action {name}");
                if let Some(t) = table {
                    s += &format!(" table {t}");
                }
                if let Some(t) = vrftable {
                    s += &format!(" vrftable {t}");
                }
                if let Some(a) = nh4 {
                    s += &format!(" nh4 {a}");
                }
                if let Some(a) = nh6 {
                    s += &format!(" nh6 {a}");
                }
                s
            }
        }
    }
}

/// The names `ip route` gives the RTAX_* metrics.
pub const METRIC_NAMES: &[(u16, &str)] = &[
    (2, "mtu"),
    (3, "window"),
    (4, "rtt"),
    (5, "rttvar"),
    (6, "ssthresh"),
    (7, "cwnd"),
    (8, "advmss"),
    (9, "reordering"),
    (10, "hoplimit"),
    (11, "initcwnd"),
    (12, "features"),
    (13, "rto_min"),
    (14, "initrwnd"),
    (15, "quickack"),
    (17, "fastopen_no_cookie"),
];

impl RouteSpec {
    /// The destination, or the default route (`0.0.0.0/0`, `::/0`) of the
    /// spec's family when it names none.
    pub fn dst_or_default(&self) -> IpNet {
        let family = self.resolved_family().unwrap_or(AF_INET);
        self.dst.unwrap_or(IpNet {
            addr: if family == AF_INET6 {
                IpAddr::V6(0.into())
            } else {
                IpAddr::V4(0.into())
            },
            len: 0,
        })
    }

    /// A route to `dst` (`ip route add DST`), with nothing else set.
    pub fn to(dst: IpNet) -> RouteSpec {
        RouteSpec {
            dst: Some(dst),
            ..RouteSpec::default()
        }
    }

    /// The default route of `family`.
    pub fn default_route(family: u8) -> RouteSpec {
        RouteSpec {
            family: Some(family),
            ..RouteSpec::default()
        }
    }

    /// Sets the gateway (`via`).
    pub fn via(mut self, gateway: IpAddr) -> RouteSpec {
        self.gateway = Some(gateway);
        self
    }

    /// Sets the outgoing interface (`dev`).
    pub fn dev(mut self, dev: impl Into<Interface>) -> RouteSpec {
        self.dev = Some(dev.into());
        self
    }

    /// Sets the table id (`table`).
    pub fn table(mut self, table: u32) -> RouteSpec {
        self.table = Some(table);
        self
    }

    /// Sets the priority (`metric`).
    pub fn metric(mut self, metric: u32) -> RouteSpec {
        self.metric = Some(metric);
        self
    }

    /// Sets the route type (`unicast`, `local`, `blackhole`, `unreachable`, ...):
    /// a [`RouteType`](crate::types::RouteType) or an RTN_* number.
    pub fn kind(mut self, kind: impl Into<u8>) -> RouteSpec {
        self.kind = Some(kind.into());
        self
    }

    /// Sets the origin (`proto`): a [`RouteProtocol`](crate::types::RouteProtocol)
    /// or an RTPROT_* number.
    pub fn protocol(mut self, protocol: impl Into<u8>) -> RouteSpec {
        self.protocol = Some(protocol.into());
        self
    }

    /// Sets the scope (`scope`): a [`Scope`](crate::types::Scope) or an
    /// RT_SCOPE_* number.
    pub fn scope(mut self, scope: impl Into<u8>) -> RouteSpec {
        self.scope = Some(scope.into());
        self
    }

    /// Sets the preferred source address (`src`).
    pub fn prefsrc(mut self, src: IpAddr) -> RouteSpec {
        self.prefsrc = Some(src);
        self
    }

    /// Treats the gateway as on-link (`onlink`).
    pub fn onlink(mut self) -> RouteSpec {
        self.onlink = true;
        self
    }

    /// Adds an RTAX_* metric by number, e.g. 2 for `mtu` (see [`METRIC_NAMES`]).
    pub fn route_metric(mut self, rtax: u16, value: u32) -> RouteSpec {
        self.metrics.push((rtax, value));
        self
    }

    /// Adds a path of a multipath route (`nexthop ...`).
    pub fn nexthop(mut self, hop: NextHopSpec) -> RouteSpec {
        self.nexthops.push(hop);
        self
    }

    /// An MPLS route for `label` (`ip -f mpls route add LABEL`), popping it.
    ///
    /// ```no_run
    /// use rtsock::change::{RouteSpec, Verb};
    /// use rtsock::{IpRoute, RouteSocket};
    ///
    /// let mut ipr = IpRoute::new()?;
    /// // ip -f mpls route add 100 as 200/300 via inet 10.0.0.1 dev eth0
    /// let swap = RouteSpec::mpls(100)
    ///     .mpls_out(&[200, 300])
    ///     .via("10.0.0.1".parse().unwrap())
    ///     .dev("eth0");
    /// ipr.route(Verb::Add, &swap)?;
    /// # Ok::<(), rtsock::Error>(())
    /// ```
    pub fn mpls(label: u32) -> RouteSpec {
        RouteSpec {
            family: Some(AF_MPLS),
            mpls: Some(MplsRoute {
                label,
                out: Vec::new(),
            }),
            ..RouteSpec::default()
        }
    }

    /// The labels an MPLS route sends out instead (`as 200/300`).
    pub fn mpls_out(mut self, labels: &[u32]) -> RouteSpec {
        if let Some(m) = self.mpls.as_mut() {
            m.out = labels.to_vec();
        }
        self
    }

    /// The family, from the destination, a gateway or the explicit field.
    pub fn resolved_family(&self) -> Option<u8> {
        if self.mpls.is_some() {
            return Some(AF_MPLS);
        }
        self.dst
            .map(|d| d.family())
            .or(self.family)
            .or(self.gateway.map(family_of))
            .or(self.nexthops.iter().find_map(|h| h.gateway.map(family_of)))
            .or(self.prefsrc.map(family_of))
    }

    /// The table the route goes in: `table` if set, else local for RTN_LOCAL routes, else main.
    pub fn resolved_table(&self) -> u32 {
        self.table.unwrap_or(if self.kind == Some(RTN_LOCAL) {
            RT_TABLE_LOCAL
        } else {
            RT_TABLE_MAIN
        })
    }

    /// The key of a route as a dump reports it, for deleting it (flush).
    pub fn from_message(m: &Message) -> Option<RouteSpec> {
        let Body::Route(h) = &m.body else {
            return None;
        };
        if h.family == AF_MPLS {
            // RTA_DST is the incoming label (the decoder reads it as a
            // label stack for AF_MPLS); that is all a delete names.
            let label = match m.get(&RTA_DST)? {
                Value::List(l) => l.first().and_then(Value::as_u32)?,
                _ => return None,
            };
            return Some(RouteSpec::mpls(label));
        }
        let ip = |k: &Key| m.get(k).and_then(Value::as_ip);
        let dst = ip(&RTA_DST).map(|addr| IpNet {
            addr,
            len: h.dst_len,
        });
        Some(RouteSpec {
            family: Some(h.family),
            dst,
            kind: Some(h.kind),
            tos: h.tos,
            gateway: ip(&RTA_GATEWAY),
            dev: m
                .get(&RTA_OIF)
                .and_then(Value::as_u32)
                .map(Interface::Index),
            table: Some(crate::common::views::route_table(m).unwrap_or(h.table.into())),
            metric: m.get(&RTA_PRIORITY).and_then(Value::as_u32),
            protocol: Some(h.proto),
            scope: Some(h.scope),
            ..RouteSpec::default()
        })
    }

    /// Rejects what the kernel would reject with an unclear answer, or a verb routes do not take.
    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        for i in self
            .dev
            .iter()
            .chain(self.nexthops.iter().filter_map(|h| h.dev.as_ref()))
        {
            check_interface(i).map_err(|e| rename_error(e, what()))?;
        }
        if verb == Verb::Set {
            return Err(Error::invalid(
                what(),
                "routes take add, replace, append, change or del",
            ));
        }
        if let Some(h) = self
            .nexthops
            .iter()
            .find(|h| !(1..=256).contains(&h.weight))
        {
            return Err(Error::invalid(
                what(),
                format!("nexthop weight {} is not 1 to 256", h.weight),
            ));
        }
        if let Some(m) = &self.mpls {
            return self.validate_mpls(m, what);
        }
        let family = self
            .resolved_family()
            .ok_or_else(|| Error::invalid(what(), "which family? (-4 or -6)"))?;
        let mismatch = |a: IpAddr| family_of(a) != family;
        // An IPv4 route may go through an IPv6 next hop (RFC 5549, RTA_VIA).
        let gateway_mismatch = |a: IpAddr| mismatch(a) && !(family == AF_INET && a.is_ipv6());
        if self.gateway.is_some_and(gateway_mismatch)
            || self
                .nexthops
                .iter()
                .any(|h| h.gateway.is_some_and(gateway_mismatch))
        {
            return Err(Error::invalid(
                what(),
                format!(
                    "gateway family differs from the {} route",
                    family_name(family)
                ),
            ));
        }
        if self.prefsrc.is_some_and(mismatch) {
            return Err(Error::invalid(
                what(),
                "preferred source family differs from the route",
            ));
        }
        if self.nhid.is_some()
            && (self.gateway.is_some() || self.dev.is_some() || !self.nexthops.is_empty())
        {
            return Err(Error::invalid(
                what(),
                "a route through a nexthop object (nhid) takes no via, dev or nexthop",
            ));
        }
        if !self.nexthops.is_empty() && (self.gateway.is_some() || self.dev.is_some()) {
            return Err(Error::invalid(
                what(),
                "give either via/dev or nexthops, not both",
            ));
        }
        if self.nexthops.iter().any(|h| !h.labels.is_empty()) {
            return Err(Error::invalid(
                what(),
                "labels on a path (nexthop as) are for MPLS routes; IP routes push them with encap mpls",
            ));
        }
        if self.table == Some(0) {
            return Err(Error::invalid(what(), "table 0 is not a table"));
        }
        Ok(())
    }

    /// What an MPLS route may carry (rtm_to_route_config takes RTA_DST,
    /// RTA_NEWDST, RTA_VIA, RTA_OIF and multipath, in the main table).
    fn validate_mpls(&self, m: &MplsRoute, what: impl Fn() -> String) -> Result<()> {
        if self.family.is_some_and(|f| f != AF_MPLS) || self.dst.is_some() {
            return Err(Error::invalid(
                what(),
                "an MPLS route has a label, not an IP destination",
            ));
        }
        if let Some(l) = std::iter::once(&m.label)
            .chain(&m.out)
            .chain(self.nexthops.iter().flat_map(|h| &h.labels))
            .find(|&&l| l > MPLS_LABEL_MAX)
        {
            return Err(Error::invalid(
                what(),
                format!("MPLS label {l} (0 to {MPLS_LABEL_MAX})"),
            ));
        }
        let refused = [
            (self.table.is_some_and(|t| t != RT_TABLE_MAIN), "table"),
            (self.metric.is_some(), "metric"),
            (self.prefsrc.is_some(), "src"),
            (!self.metrics.is_empty(), "metrics"),
            (
                !self.nexthops.is_empty() && (self.gateway.is_some() || self.dev.is_some()),
                "via or dev with nexthops",
            ),
            (self.nhid.is_some(), "nhid"),
            (self.encap.is_some(), "encap"),
            (self.pref.is_some() || self.expires.is_some(), "pref and expires"),
            (self.tos != 0 || self.onlink, "tos and onlink"),
            (self.kind.is_some_and(|k| k != RTN_UNICAST), "a route type"),
        ];
        match refused.iter().find(|(on, _)| *on) {
            Some((_, word)) => Err(Error::invalid(
                what(),
                format!("an MPLS route takes no {word} (label, as, via, dev)"),
            )),
            None => Ok(()),
        }
    }

    /// An MPLS route in `ip -f mpls route` syntax.
    fn describe_mpls(&self, verb: Verb, m: &MplsRoute) -> String {
        let mut s = format!("-f mpls route {} {}", verb.word(), m.label);
        if !m.out.is_empty() {
            let _ = write!(s, " as {}", mpls_labels_text(&m.out));
        }
        if let Some(g) = self.gateway {
            let family = if g.is_ipv4() { "inet" } else { "inet6" };
            let _ = write!(s, " via {family} {g}");
        }
        if let Some(d) = &self.dev {
            let _ = write!(s, " dev {d}");
        }
        for h in &self.nexthops {
            s.push_str(" nexthop");
            if !h.labels.is_empty() {
                let _ = write!(s, " as {}", mpls_labels_text(&h.labels));
            }
            if let Some(g) = h.gateway {
                let family = if g.is_ipv4() { "inet" } else { "inet6" };
                let _ = write!(s, " via {family} {g}");
            }
            if let Some(d) = &h.dev {
                let _ = write!(s, " dev {d}");
            }
        }
        s
    }

    /// The request in `ip route` syntax.
    pub fn describe(&self, verb: Verb) -> String {
        if let Some(m) = &self.mpls {
            return self.describe_mpls(verb, m);
        }
        let mut s = format!("route {}", verb.word());
        if let Some(k) = self.kind.filter(|k| *k != RTN_UNICAST && *k != RTN_UNSPEC) {
            let _ = write!(s, " {}", route_type_name(k));
        }
        match self.dst {
            Some(d) => {
                let _ = write!(s, " {d}");
            }
            None => s.push_str(" default"),
        }
        if self.tos != 0 {
            let _ = write!(s, " tos 0x{:x}", self.tos);
        }
        if let Some(id) = self.nhid {
            let _ = write!(s, " nhid {id}");
        }
        if let Some(g) = self.gateway {
            let _ = write!(s, " via {g}");
        }
        if let Some(e) = &self.encap {
            let _ = write!(s, " {}", e.words());
        }
        if let Some(d) = &self.dev {
            let _ = write!(s, " dev {d}");
        }
        if let Some(t) = self.table {
            let _ = write!(
                s,
                " table {}",
                table_name(t).map_or(t.to_string(), str::to_owned)
            );
        }
        if let Some(p) = self.protocol {
            let _ = write!(s, " proto {p}");
        }
        if let Some(sc) = self.scope {
            let _ = write!(s, " scope {sc}");
        }
        if let Some(m) = self.metric {
            let _ = write!(s, " metric {m}");
        }
        if let Some(p) = self.pref {
            let word = match p {
                3 => "low",
                0 => "medium",
                1 => "high",
                _ => "?",
            };
            let _ = write!(s, " pref {word}");
        }
        if let Some(e) = self.expires {
            let _ = write!(s, " expires {e}");
        }
        if let Some(a) = self.prefsrc {
            let _ = write!(s, " src {a}");
        }
        if self.onlink {
            s.push_str(" onlink");
        }
        for (n, v) in &self.metrics {
            let name = METRIC_NAMES
                .iter()
                .find(|(k, _)| k == n)
                .map_or("metric", |m| m.1);
            let _ = write!(s, " {name} {v}");
        }
        for h in &self.nexthops {
            s.push_str(" nexthop");
            if let Some(g) = h.gateway {
                let _ = write!(s, " via {g}");
            }
            if let Some(d) = &h.dev {
                let _ = write!(s, " dev {d}");
            }
            let _ = write!(s, " weight {}", h.weight);
        }
        s
    }
}

impl crate::common::kinds::ChangeSpec for RouteSpec {
    fn kind(&self) -> crate::common::api::ObjectKind {
        crate::common::api::ObjectKind::Route
    }

    fn describe(&self, verb: Verb) -> String {
        RouteSpec::describe(self, verb)
    }

    fn validate(&self, verb: Verb) -> Result<()> {
        RouteSpec::validate(self, verb)
    }

    fn netlink(
        &self,
        verb: Verb,
        res: &mut dyn crate::linux::change::Resolver,
    ) -> Result<crate::linux::request::Request> {
        super::netlink::route_request(verb, self, res)
    }

    fn delete_of(m: &crate::common::message::Message) -> Option<RouteSpec> {
        RouteSpec::from_message(m)
    }
}
