//! Shared helpers for the Linux integration tests: private network
//! namespaces, `ip` commands, and a comparison of our normalized messages
//! with `ip -j` output, reduced to the fields both show.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::Value as Json;

/// A named network namespace, deleted on drop (also when a test fails).
pub struct Netns {
    pub name: String,
}

impl Netns {
    pub fn new(tag: &str) -> Netns {
        require_root();
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "rtsock-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        run("ip", &["netns", "add", &name]);
        let ns = Netns { name };
        // No DAD: addresses do not flip from tentative while two readers look.
        for key in [
            "net.ipv6.conf.all.accept_dad=0",
            "net.ipv6.conf.default.accept_dad=0",
        ] {
            ns.exec(&["sysctl", "-qw", key]);
        }
        ns.ip("link set lo up");
        ns
    }

    /// Runs `ip -n NS ARGS`, panicking with its stderr when it fails.
    pub fn ip(&self, args: &str) {
        let mut full = vec!["-n", &self.name];
        full.extend(args.split_whitespace());
        run("ip", &full);
    }

    /// `ip -n NS -j ARGS`, parsed.
    pub fn ip_json(&self, args: &str) -> Json {
        self.ip_json_of("ip", args)
    }

    /// `PROGRAM -n NS -j ARGS` (ip, bridge, tc) as JSON.
    pub fn ip_json_of(&self, program: &str, args: &str) -> Json {
        let mut full = vec!["-n", &self.name, "-j"];
        full.extend(args.split_whitespace());
        let out = run(program, &full);
        if out.trim().is_empty() {
            return Json::Array(vec![]);
        }
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{program} -j {args}: {e}: {out}"))
    }

    pub fn exec(&self, cmd: &[&str]) -> String {
        let mut full = vec!["netns", "exec", &self.name];
        full.extend(cmd);
        run("ip", &full)
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .status();
    }
}

pub fn require_root() {
    if !nix::unistd::geteuid().is_root() {
        panic!("these tests build network namespaces and must run as root (see ci/test.sh)");
    }
}

pub fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The topology both read tests inspect: veth pairs with v4/v6 addresses, a
/// bridge with a port, a macvlan, a vxlan, routes in several tables
/// (multipath, IPv6, metrics, blackhole, 32-bit table id), permanent
/// neighbours and rules of both families.
pub fn build_topology(ns: &Netns) {
    for cmd in [
        "link add veth0 type veth peer name veth1",
        "link add br0 type bridge",
        "link add veth2 type veth peer name veth3",
        "link set veth2 master br0",
        "link set veth0 up",
        "link set veth1 up",
        "link set br0 up",
        "link set veth2 up",
        "link set veth3 up",
        "link add mv0 link veth1 type macvlan mode bridge",
        "link add vx0 type vxlan id 42 dstport 4789 local 10.0.0.1 dev veth0",
        "link set dev veth3 mtu 1400 txqueuelen 500",
        "addr add 10.0.0.1/24 dev veth0",
        "addr add 2001:db8::1/64 dev veth0 nodad",
        "addr add 10.9.0.1 peer 10.9.0.2/32 dev veth1",
        "addr add 10.1.0.1/24 broadcast + dev br0 label br0:one",
        "addr add 2001:db8:9::1/64 dev br0 valid_lft 3000 preferred_lft 2000",
        "route add 10.2.0.0/16 via 10.0.0.254",
        "route add 10.3.0.0/16 via 10.0.0.254 table 100",
        "route add 10.4.0.0/16 table 100000 dev veth0",
        "route add blackhole 10.5.0.0/16 table 200",
        "route add unreachable 10.8.0.0/16 metric 7",
        "route add 10.6.0.0/16 nexthop via 10.0.0.254 dev veth0 weight 1 nexthop via 10.1.0.254 dev br0 weight 3",
        "route add 2001:db8:1::/64 via 2001:db8::ff dev veth0",
        "-6 route add 2001:db8:2::/64 table 100 dev veth0 metric 10",
        "route add 10.7.0.0/16 via 10.0.0.254 mtu 1400 advmss 1300 proto static",
        "neigh add 10.0.0.254 lladdr 02:00:00:00:00:fe dev veth0 nud permanent",
        "neigh add 2001:db8::ff lladdr 02:00:00:00:00:ff dev veth0 nud permanent",
        "neigh add 10.1.0.254 lladdr 02:00:00:00:01:fe dev br0 nud reachable",
        "rule add from 10.0.0.0/8 table 100 priority 1000",
        "rule add fwmark 0x10/0xff table 200 priority 1001",
        "rule add to 10.5.0.0/16 iif veth0 table 100 priority 1002",
        "rule add not from 192.0.2.0/24 oif veth1 lookup main priority 1004",
        "-6 rule add from 2001:db8::/32 table 100 priority 1003",
    ] {
        ns.ip(cmd);
    }
}

/// The installed iproute2's (major, minor).
pub fn ip_version() -> (u32, u32) {
    let v = run("ip", &["-V"]);
    let ver = v
        .split("iproute2-")
        .nth(1)
        .and_then(|r| r.split([',', ' ', '\n']).next())
        .unwrap_or("0.0");
    let mut parts = ver.trim_start_matches('v').split('.');
    let mut num = || parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    (num(), num())
}

/// A namespace with one veth pair, both ends up, and 10.0.0.1/24 on veth0.
pub fn veth_pair(tag: &str) -> Netns {
    let ns = Netns::new(tag);
    ns.ip("link add veth0 type veth peer name veth1");
    ns.ip("link set veth0 up");
    ns.ip("link set veth1 up");
    ns.ip("addr add 10.0.0.1/24 dev veth0");
    ns
}

/// What `rtsock -n NS WORDS` prints (it must succeed).
/// A command's output as lines, each without its trailing blanks (`ip`
/// and `tc` end many lines with a space; rtsock does not).
pub fn trimmed_lines(text: &str) -> Vec<String> {
    text.lines().map(|l| l.trim_end().to_owned()).collect()
}

/// The first request `rtsock -n NS --dry-run WORDS` would send, as bytes
/// with its sequence number and port id zeroed.
pub fn dry_run_request(ns: &Netns, words: &str) -> Vec<u8> {
    dry_run_request_of(ns, &words.split_whitespace().collect::<Vec<_>>())
}

/// [`dry_run_request`] of arguments that may hold spaces.
pub fn dry_run_request_of(ns: &Netns, args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args(["-n", &ns.name, "--dry-run"])
        .args(args)
        .output()
        .unwrap();
    let calls: Json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let hex = calls[0]["hex"].as_str().unwrap();
    let mut bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    bytes[8..16].fill(0);
    bytes
}

pub fn rtsock_in(ns: &Netns, words: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_rtsock"))
        .args(["-n", &ns.name])
        .args(words.split_whitespace())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "rtsock {words}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// One object reduced to `ip -j`'s field names and text forms.
pub type Record = BTreeMap<String, String>;

fn s(v: impl ToString) -> String {
    v.to_string()
}

/// The attributes of one of our JSON messages, first occurrence of each name.
fn attrs(m: &Json) -> HashMap<String, Json> {
    let mut out = HashMap::new();
    for pair in m["attrs"].as_array().expect("attrs is an array") {
        let name = pair[0].as_str().unwrap().to_string();
        out.entry(name).or_insert_with(|| pair[1].clone());
    }
    out
}

fn text(v: &Json) -> String {
    match v {
        Json::String(t) => t.clone(),
        other => other.to_string(),
    }
}

pub fn names_of(links: &[Json]) -> HashMap<u64, String> {
    links
        .iter()
        .map(|m| (m["index"].as_u64().unwrap(), text(&attrs(m)["IFLA_IFNAME"])))
        .collect()
}

fn dev(names: &HashMap<u64, String>, index: &Json) -> String {
    let i = index.as_u64().unwrap();
    names.get(&i).cloned().unwrap_or_else(|| format!("if{i}"))
}

const IFF: &[(u64, &str)] = &[
    (0x1, "UP"),
    (0x2, "BROADCAST"),
    (0x4, "DEBUG"),
    (0x8, "LOOPBACK"),
    (0x10, "POINTOPOINT"),
    (0x20, "NOTRAILERS"),
    (0x80, "NOARP"),
    (0x100, "PROMISC"),
    (0x200, "ALLMULTI"),
    (0x400, "MASTER"),
    (0x800, "SLAVE"),
    (0x1000, "MULTICAST"),
    (0x10000, "LOWER_UP"),
    (0x20000, "DORMANT"),
    (0x40000, "ECHO"),
];

fn sorted_join(mut v: Vec<String>) -> String {
    v.sort();
    v.join(",")
}

pub fn our_link(m: &Json, names: &HashMap<u64, String>) -> Record {
    let a = attrs(m);
    let mut r = Record::new();
    let index = m["index"].as_u64().unwrap();
    r.insert(s("ifindex"), s(index));
    r.insert(s("ifname"), text(&a["IFLA_IFNAME"]));
    let flags = m["flags"].as_u64().unwrap();
    r.insert(
        s("flags"),
        sorted_join(
            IFF.iter()
                .filter(|(b, _)| flags & b != 0)
                .map(|(_, n)| n.to_string())
                .collect(),
        ),
    );
    for (attr, key) in [
        ("IFLA_MTU", "mtu"),
        ("IFLA_QDISC", "qdisc"),
        ("IFLA_OPERSTATE", "operstate"),
        ("IFLA_TXQLEN", "txqlen"),
        ("IFLA_ADDRESS", "address"),
        ("IFLA_BROADCAST", "broadcast"),
    ] {
        if let Some(v) = a.get(attr) {
            r.insert(s(key), text(v));
        }
    }
    if let Some(m) = a.get("IFLA_MASTER") {
        r.insert(s("master"), dev(names, m));
    }
    if let Some(l) = a.get("IFLA_LINK").filter(|l| l.as_u64() != Some(index)) {
        r.insert(s("link"), dev(names, l));
    }
    if let Some(info) = a.get("IFLA_LINKINFO") {
        for pair in info.as_array().unwrap() {
            if pair[0] == "IFLA_INFO_KIND" {
                r.insert(s("kind"), text(&pair[1]));
            }
        }
    }
    r
}

pub fn ip_link(j: &Json) -> Record {
    let mut r = Record::new();
    for key in [
        "ifindex",
        "ifname",
        "mtu",
        "qdisc",
        "operstate",
        "txqlen",
        "address",
        "broadcast",
        "master",
        "link",
    ] {
        if let Some(v) = j.get(key).filter(|v| !v.is_null()) {
            r.insert(s(key), text(v));
        }
    }
    let flags = j["flags"].as_array().unwrap();
    r.insert(
        s("flags"),
        sorted_join(
            flags
                .iter()
                .map(text)
                .filter(|f| f != "NO-CARRIER" && f != "M-DOWN")
                .collect(),
        ),
    );
    if let Some(kind) = j.get("linkinfo").and_then(|l| l.get("info_kind")) {
        r.insert(s("kind"), text(kind));
    }
    r
}

fn scope(n: u64) -> String {
    match n {
        0 => s("global"),
        200 => s("site"),
        253 => s("link"),
        254 => s("host"),
        255 => s("nowhere"),
        other => s(other),
    }
}

const IFA_FLAGS: &[(u64, &str)] = &[
    (0x1, "secondary"),
    (0x2, "nodad"),
    (0x4, "optimistic"),
    (0x8, "dadfailed"),
    (0x10, "home"),
    (0x20, "deprecated"),
    (0x40, "tentative"),
    (0x100, "mngtmpaddr"),
    (0x200, "noprefixroute"),
    (0x400, "autojoin"),
    (0x800, "stable-privacy"),
];

pub fn our_address(m: &Json) -> Record {
    let a = attrs(m);
    let mut r = Record::new();
    let family = m["family"].as_u64().unwrap();
    r.insert(s("ifindex"), text(&m["index"]));
    r.insert(s("family"), s(if family == 10 { "inet6" } else { "inet" }));
    r.insert(s("prefixlen"), text(&m["prefixlen"]));
    r.insert(s("scope"), scope(m["scope"].as_u64().unwrap()));
    let local = a
        .get("IFA_LOCAL")
        .or(a.get("IFA_ADDRESS"))
        .map(text)
        .unwrap();
    r.insert(s("local"), local.clone());
    if let Some(peer) = a.get("IFA_ADDRESS").map(text).filter(|p| *p != local) {
        r.insert(s("address"), peer);
    }
    if let Some(b) = a.get("IFA_BROADCAST") {
        r.insert(s("broadcast"), text(b));
    }
    if let Some(l) = a.get("IFA_LABEL") {
        r.insert(s("label"), text(l));
    }
    let flags = a
        .get("IFA_FLAGS")
        .and_then(Json::as_u64)
        .unwrap_or(m["flags"].as_u64().unwrap());
    let mut names: Vec<String> = IFA_FLAGS
        .iter()
        .filter(|(b, _)| flags & b != 0)
        .map(|(_, n)| s(n))
        .collect();
    if flags & 0x80 == 0 {
        names.push(s("dynamic"));
    }
    r.insert(s("flags"), sorted_join(names));
    let cache = &a["IFA_CACHEINFO"];
    r.insert(s("valid_life_time"), text(&cache["ifa_valid"]));
    r.insert(s("preferred_life_time"), text(&cache["ifa_preferred"]));
    r
}

/// `ip -j addr show` nests addresses under links: flatten them.
pub fn ip_addresses(j: &Json) -> Vec<Record> {
    let mut out = Vec::new();
    for link in j.as_array().unwrap() {
        // iproute2 6.1 prints `{}` for a link its filter skips.
        let Some(infos) = link["addr_info"].as_array() else {
            continue;
        };
        for ai in infos {
            // iproute2 6.1 prints `{}` for an address its filter skips.
            if ai.as_object().is_some_and(|o| o.is_empty()) {
                continue;
            }
            let mut r = Record::new();
            r.insert(s("ifindex"), text(&link["ifindex"]));
            let mut flags = Vec::new();
            for (k, v) in ai.as_object().unwrap() {
                if v == &Json::Bool(true) {
                    flags.push(k.clone());
                } else if matches!(
                    k.as_str(),
                    "family"
                        | "local"
                        | "address"
                        | "prefixlen"
                        | "broadcast"
                        | "scope"
                        | "label"
                        | "valid_life_time"
                        | "preferred_life_time"
                ) {
                    r.insert(k.clone(), text(v));
                }
            }
            r.insert(s("flags"), sorted_join(flags));
            out.push(r);
        }
    }
    out
}

fn route_dst(family: u64, dst: Option<&Json>, len: u64) -> String {
    let full = if family == 10 { 128 } else { 32 };
    match dst {
        None if len == 0 => s("default"),
        None => format!("{}/{len}", if family == 10 { "::" } else { "0.0.0.0" }),
        Some(d) if len == full => text(d),
        Some(d) => format!("{}/{len}", text(d)),
    }
}

fn table(n: u64) -> String {
    match n {
        253 => s("default"),
        254 => s("main"),
        255 => s("local"),
        other => s(other),
    }
}

const RTN: &[&str] = &[
    "none",
    "unicast",
    "local",
    "broadcast",
    "anycast",
    "multicast",
    "blackhole",
    "unreachable",
    "prohibit",
    "throw",
    "nat",
];

const PROTO: &[(u64, &str)] = &[
    (0, "unspec"),
    (1, "redirect"),
    (2, "kernel"),
    (3, "boot"),
    (4, "static"),
    (9, "ra"),
];

pub fn our_route(m: &Json, names: &HashMap<u64, String>) -> Record {
    let a = attrs(m);
    let mut r = Record::new();
    let family = m["family"].as_u64().unwrap();
    r.insert(s("type"), s(RTN[m["type"].as_u64().unwrap() as usize]));
    r.insert(
        s("dst"),
        route_dst(family, a.get("RTA_DST"), m["dst_len"].as_u64().unwrap()),
    );
    let t = a
        .get("RTA_TABLE")
        .and_then(Json::as_u64)
        .unwrap_or(m["table"].as_u64().unwrap());
    r.insert(s("table"), table(t));
    let p = m["proto"].as_u64().unwrap();
    r.insert(
        s("protocol"),
        PROTO
            .iter()
            .find(|(n, _)| *n == p)
            .map_or(s(p), |(_, name)| s(name)),
    );
    r.insert(s("scope"), scope(m["scope"].as_u64().unwrap()));
    if let Some(g) = a.get("RTA_GATEWAY") {
        r.insert(s("gateway"), text(g));
    }
    if let Some(o) = a.get("RTA_OIF") {
        r.insert(s("dev"), dev(names, o));
    }
    if let Some(p) = a.get("RTA_PREFSRC") {
        r.insert(s("prefsrc"), text(p));
    }
    if let Some(p) = a.get("RTA_PRIORITY") {
        r.insert(s("metric"), text(p));
    }
    if let Some(Json::Array(metrics)) = a.get("RTA_METRICS") {
        let parts: Vec<String> = metrics
            .iter()
            .map(|p| {
                format!(
                    "{}={}",
                    text(&p[0]).trim_start_matches("RTAX_").to_lowercase(),
                    text(&p[1])
                )
            })
            .collect();
        r.insert(s("metrics"), sorted_join(parts));
    }
    if let Some(Json::Array(hops)) = a.get("RTA_MULTIPATH") {
        let parts: Vec<String> = hops
            .iter()
            .map(|h| {
                let ha: HashMap<String, Json> = h["attrs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| (text(&p[0]), p[1].clone()))
                    .collect();
                format!(
                    "{}@{}*{}",
                    ha.get("RTA_GATEWAY").map(text).unwrap_or_default(),
                    dev(names, &h["oif"]),
                    h["hops"].as_u64().unwrap() + 1
                )
            })
            .collect();
        r.insert(s("nexthops"), parts.join(" "));
    }
    r
}

pub fn ip_route(j: &Json) -> Record {
    let mut r = Record::new();
    r.insert(s("type"), j.get("type").map_or(s("unicast"), text));
    if let Some(t) = j.get("table") {
        r.insert(s("table"), text(t));
    }
    r.insert(s("protocol"), j.get("protocol").map_or(s("boot"), text));
    r.insert(s("scope"), j.get("scope").map_or(s("global"), text));
    for key in ["dst", "gateway", "dev", "prefsrc", "metric"] {
        if let Some(v) = j.get(key) {
            r.insert(s(key), text(v));
        }
    }
    if let Some(Json::Array(metrics)) = j.get("metrics") {
        let mut parts = Vec::new();
        for m in metrics {
            for (k, v) in m.as_object().unwrap() {
                parts.push(format!("{k}={}", text(v)));
            }
        }
        r.insert(s("metrics"), sorted_join(parts));
    }
    if let Some(Json::Array(hops)) = j.get("nexthops") {
        let parts: Vec<String> = hops
            .iter()
            .map(|h| {
                format!(
                    "{}@{}*{}",
                    h.get("gateway").map(text).unwrap_or_default(),
                    text(&h["dev"]),
                    h.get("weight").map_or(s(1), text)
                )
            })
            .collect();
        r.insert(s("nexthops"), parts.join(" "));
    }
    r
}

const NUD: &[(u64, &str)] = &[
    (0x01, "INCOMPLETE"),
    (0x02, "REACHABLE"),
    (0x04, "STALE"),
    (0x08, "DELAY"),
    (0x10, "PROBE"),
    (0x20, "FAILED"),
    (0x40, "NOARP"),
    (0x80, "PERMANENT"),
];

pub fn our_neighbour(m: &Json, names: &HashMap<u64, String>) -> Record {
    let a = attrs(m);
    let mut r = Record::new();
    r.insert(s("dst"), a.get("NDA_DST").map(text).unwrap_or_default());
    r.insert(s("dev"), dev(names, &m["ifindex"]));
    if let Some(l) = a.get("NDA_LLADDR") {
        r.insert(s("lladdr"), text(l));
    }
    let state = m["state"].as_u64().unwrap();
    r.insert(
        s("state"),
        sorted_join(
            NUD.iter()
                .filter(|(b, _)| state & b != 0)
                .map(|(_, n)| s(n))
                .collect(),
        ),
    );
    r
}

pub fn ip_neighbour(j: &Json) -> Record {
    let mut r = Record::new();
    for key in ["dst", "dev", "lladdr"] {
        if let Some(v) = j.get(key) {
            r.insert(s(key), text(v));
        }
    }
    r.insert(
        s("state"),
        sorted_join(j["state"].as_array().unwrap().iter().map(text).collect()),
    );
    r
}

pub fn our_rule(m: &Json) -> Record {
    let a = attrs(m);
    let mut r = Record::new();
    r.insert(s("priority"), a.get("FRA_PRIORITY").map_or(s(0), text));
    match a.get("FRA_SRC") {
        Some(src) => {
            r.insert(s("src"), text(src));
            r.insert(s("srclen"), text(&m["src_len"]));
        }
        None => {
            r.insert(s("src"), s("all"));
        }
    }
    if let Some(d) = a.get("FRA_DST") {
        r.insert(s("dst"), text(d));
        r.insert(s("dstlen"), text(&m["dst_len"]));
    }
    let t = a
        .get("FRA_TABLE")
        .and_then(Json::as_u64)
        .unwrap_or(m["table"].as_u64().unwrap());
    r.insert(s("table"), table(t));
    if let Some(v) = a.get("FRA_FWMARK") {
        r.insert(s("fwmark"), format!("{:#x}", v.as_u64().unwrap()));
    }
    if let Some(v) = a.get("FRA_FWMASK") {
        r.insert(s("fwmask"), format!("{:#x}", v.as_u64().unwrap()));
    }
    if let Some(v) = a.get("FRA_IIFNAME") {
        r.insert(s("iif"), text(v));
    }
    if let Some(v) = a.get("FRA_OIFNAME") {
        r.insert(s("oif"), text(v));
    }
    if m["flags"].as_u64().unwrap() & 2 != 0 {
        r.insert(s("not"), s("true"));
    }
    r
}

pub fn ip_rule(j: &Json) -> Record {
    let mut r = Record::new();
    for key in [
        "priority", "src", "srclen", "dst", "dstlen", "table", "fwmark", "fwmask", "iif", "oif",
    ] {
        if let Some(v) = j.get(key).filter(|v| !v.is_null()) {
            r.insert(s(key), text(v));
        }
    }
    // `ip -j` prints an inverted rule as `"not": null`.
    if j.get("not").is_some() {
        r.insert(s("not"), s("true"));
    }
    r
}

/// Asserts two record lists hold the same records, whatever their order.
pub fn assert_same(what: &str, mut ours: Vec<Record>, mut theirs: Vec<Record>) {
    ours.sort();
    theirs.sort();
    if ours != theirs {
        let only_ours: Vec<_> = ours.iter().filter(|r| !theirs.contains(r)).collect();
        let only_theirs: Vec<_> = theirs.iter().filter(|r| !ours.contains(r)).collect();
        panic!(
            "{what}: rtsock and ip -j differ\n only rtsock: {only_ours:#?}\n only ip: {only_theirs:#?}"
        );
    }
    assert!(!ours.is_empty(), "{what}: nothing to compare");
}

// --- traffic control: what `tc` sends, and names for the pure encoders ---

use rtsock::Interface;
use rtsock::raw::netlink::{NetnsRef, Resolver};

/// A namespace's interfaces by name, for the encoder.
pub struct Names(pub HashMap<String, u32>);

impl Resolver for Names {
    fn ifindex(&mut self, dev: &Interface, what: &str) -> rtsock::Result<u32> {
        match dev {
            Interface::Index(i) => Ok(*i),
            Interface::Name(n) => self
                .0
                .get(n)
                .copied()
                .ok_or_else(|| rtsock::Error::NotFound(format!("{what}: {n}"))),
        }
    }

    fn netns(&mut self, _: &rtsock::change::Netns, what: &str) -> rtsock::Result<NetnsRef> {
        Err(rtsock::Error::Unsupported(what.to_owned()))
    }
}

/// The tc request of one of `types` (RTM_NEWQDISC, ...) that strace saw
/// `tc WORDS` send, with its sequence number and port id zeroed.
pub fn tc_sent(ns: &Netns, words: &str, types: &[u16]) -> Vec<u8> {
    sent_by(ns, "tc", words, types)
}

/// The request of one of `types` that strace saw `PROGRAM WORDS` (tc or
/// ip) send on its first netlink socket, sequence number and port zeroed.
pub fn sent_by(ns: &Netns, program: &str, words: &str, types: &[u16]) -> Vec<u8> {
    sent_by_args(
        ns,
        program,
        &words.split_whitespace().collect::<Vec<_>>(),
        types,
    )
}

/// [`sent_by`] with arguments that may hold spaces.
pub fn sent_by_args(ns: &Netns, program: &str, args: &[&str], types: &[u16]) -> Vec<u8> {
    let words = args.join(" ");
    let mut cmd = vec![
        "netns",
        "exec",
        &ns.name,
        "strace",
        "-f",
        "-x",
        "-e",
        "trace=sendmsg,sendto",
    ];
    cmd.extend(["-e", "write=3", program]);
    cmd.extend(args);
    let out = Command::new("ip").args(&cmd).output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    let mut sent = strace_writes(&log, "sendmsg(");
    sent.extend(strace_writes(&log, "sendto("));
    let mut m = sent
        .into_iter()
        .find(|m| m.len() >= 16 && types.contains(&u16::from_ne_bytes([m[4], m[5]])))
        .unwrap_or_else(|| panic!("no request of types {types:?} from {program} {words}: {log}"));
    m[8..16].fill(0);
    m
}

/// The bytes of each `call` (`sendmsg(`, `sendto(`) in an strace log
/// written with `-e write=...`, from its hex dump lines.
pub fn strace_writes(log: &str, call: &str) -> Vec<Vec<u8>> {
    let mut messages: Vec<Vec<u8>> = Vec::new();
    for line in log.lines() {
        if line.contains(call) {
            messages.push(Vec::new());
        } else if let (Some(last), Some(hex)) = (messages.last_mut(), line.strip_prefix(" | ")) {
            let columns = &hex[7..hex.len().min(55)];
            last.extend(
                columns
                    .split_whitespace()
                    .map(|h| u8::from_str_radix(h, 16).unwrap()),
            );
        }
    }
    messages
}

/// veth0 and veth1 of `ns` by name.
#[cfg(target_os = "linux")]
pub fn names_in(ns: &Netns) -> Names {
    let mut ipr = rtsock::IpRoute::in_netns(&ns.name).unwrap();
    Names(
        ["veth0", "veth1"]
            .iter()
            .map(|n| {
                (
                    n.to_string(),
                    rtsock::RouteSocket::link_lookup(&mut ipr, n)
                        .unwrap()
                        .unwrap(),
                )
            })
            .collect(),
    )
}

/// The byte ranges of the rate tables' payloads (1024 bytes each, of
/// attribute types `types`: TCA_HTB_RTAB and CTAB, TCA_TBF_RTAB and
/// PTAB), found by their attribute headers.
pub fn rate_tables(request: &[u8], types: &[u16]) -> Vec<std::ops::Range<usize>> {
    (0..request.len().saturating_sub(4))
        .filter(|&i| {
            request[i..i + 2] == 1028u16.to_ne_bytes()
                && types.contains(&u16::from_ne_bytes([request[i + 2], request[i + 3]]))
        })
        .map(|i| i + 4..i + 1028)
        .collect()
}

/// Equal bytes but for the rate tables, whose entries iproute2 6.1 truncated
/// (to whole microseconds, after a division in floating point, then to
/// whole ticks) where current tc rounds up: each of ours is at most one
/// microsecond and one tick (17 ticks) above tc's. The
/// kernel reads neither table (htb_change_class takes the link layer from
/// the rate specs), so only the rounding differs.
pub fn assert_same_request(ours: &[u8], theirs: &[u8], words: &str, tables: &[u16]) {
    assert_eq!(ours.len(), theirs.len(), "tc {words}");
    let ranges = rate_tables(theirs, tables);
    assert_eq!(ranges, rate_tables(ours, tables), "tc {words}");
    let mut masked = (ours.to_vec(), theirs.to_vec());
    for r in &ranges {
        masked.0[r.clone()].fill(0);
        masked.1[r.clone()].fill(0);
        let entries = |b: &[u8]| -> Vec<u32> {
            b[r.clone()]
                .chunks(4)
                .map(|c| u32::from_ne_bytes(c.try_into().unwrap()))
                .collect()
        };
        for (o, t) in entries(ours).into_iter().zip(entries(theirs)) {
            assert!(o >= t && o - t <= 17, "tc {words}: table entry {o} vs {t}");
        }
    }
    assert_eq!(masked.0, masked.1, "tc {words}");
}
