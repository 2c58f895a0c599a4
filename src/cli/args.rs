//! The command line: options (global, and `ip`'s habits lifted from
//! anywhere), subcommands with their help, and the first word of each
//! object's command spelled out as `ip` reads abbreviations.

use std::io;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use super::{format, select};

#[derive(Parser, Debug)]
#[command(
    name = "rtsock",
    version,
    about = "Routing sockets on Linux and the BSDs, one API, one JSON schema"
)]
pub struct Cli {
    /// Print a JSON array of normalized messages (pyroute2's shape).
    #[arg(short = 'j', long, global = true)]
    pub(super) json: bool,
    /// IPv4 only.
    #[arg(short = '4', global = true, conflicts_with = "ipv6")]
    pub(super) ipv4: bool,
    /// IPv6 only.
    #[arg(short = '6', global = true)]
    pub(super) ipv6: bool,
    /// MPLS (`ip -M`, `ip -f mpls`): routes by label.
    #[arg(short = 'M', global = true, conflicts_with_all = ["ipv4", "ipv6"])]
    pub(super) mpls: bool,
    /// Work in this network namespace (a name under /run/netns, or a path).
    #[arg(short = 'n', long, global = true, value_name = "NETNS")]
    pub(super) netns: Option<String>,
    /// Print what would be sent (bytes, decoded) instead of sending it.
    #[arg(long, global = true)]
    pub(super) dry_run: bool,
    /// With --dry-run: the system to speak for (linux, freebsd, openbsd);
    /// with decode --protocol pfroute: the system that wrote the bytes.
    #[arg(long, global = true, value_name = "OS")]
    pub(super) os: Option<String>,
    /// With --os: its architecture (amd64, i386, aarch64, armv7, riscv64,
    /// powerpc64, powerpc64le, sparc64).
    #[arg(long, global = true, value_name = "ARCH")]
    pub(super) arch: Option<String>,
    /// With batch: apply every other line after one fails (exit 1 at the end).
    #[arg(long, global = true)]
    pub(super) force: bool,
    /// `-br`: one line per object, in columns (`ip -brief`).
    #[arg(long, global = true)]
    pub(super) brief: bool,
    /// `-s`: statistics; twice for more (`ip -stats`).
    #[arg(long, global = true, action = clap::ArgAction::Count)]
    pub(super) stats: u8,
    /// `-d`: details (`ip -details`).
    #[arg(long, global = true, action = clap::ArgAction::Count)]
    pub(super) details: u8,
    /// `-o`: each object on one line, `\` where `ip` breaks lines.
    #[arg(long, global = true)]
    pub(super) oneline: bool,
    /// `-c[=always|auto|never]`: colour as `ip -color` does (auto: only on
    /// a terminal).
    #[arg(long, global = true, value_name = "WHEN", num_args = 0..=1,
          default_missing_value = "always", require_equals = true)]
    pub(super) color: Option<String>,
    /// `-p`: indented JSON (with `-j`).
    #[arg(long, global = true)]
    pub(super) pretty: bool,
    #[command(subcommand)]
    pub(super) command: Command,
}

#[derive(Subcommand, Debug)]
pub(super) enum Command {
    /// Network interfaces: `link [show] [dev] [NAME]`.
    #[command(alias = "l", after_help = LINK_HELP)]
    Link {
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// Interface addresses: `addr [show] [dev NAME]`.
    #[command(alias = "a", alias = "address", after_help = ADDR_HELP)]
    Addr {
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// Routes: `route [show] [dev NAME] [table ID|all]`, `route get ADDRESS [from|iif|oif|mark|uid ...]`.
    #[command(alias = "r", after_help = ROUTE_HELP)]
    Route {
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// ARP/NDP entries: `neigh [show] [dev NAME] [nud all]`, `neigh get ADDRESS dev NAME`.
    #[command(alias = "n", alias = "neighbour", alias = "neighbor", after_help = NEIGH_HELP)]
    Neigh {
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// Policy routing rules: `rule [show] [table ID]`.
    #[command(after_help = RULE_HELP)]
    Rule {
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// Nexthop objects (Linux): `nexthop [show] [id ID] [dev NAME]`.
    #[command(alias = "nh", after_help = NEXTHOP_HELP)]
    Nexthop {
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// IPv6 address labels (Linux): `addrlabel [list]`, `addrlabel add|del
    /// prefix PREFIX [dev NAME] label N`.
    Addrlabel {
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// Bridge multicast database (Linux): `mdb [show] [dev BRIDGE]`, `mdb
    /// add|del dev BRIDGE port PORT grp GROUP [permanent|temp] [vid N]`.
    Mdb {
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// Bridge port VLANs (Linux): `vlan [show] [dev NAME]`, `vlan add|del
    /// dev NAME vid N[-M] [pvid] [untagged] [self] [master]`.
    Vlan {
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// VXLAN VNI filters (Linux): `vni [show] [dev NAME]`, `vni add|del
    /// dev NAME vni N[-M][,...] [remote IP|group IP]`.
    Vni {
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// Multicast groups joined (Linux; FreeBSD): `maddr [show] [dev NAME]`.
    #[command(alias = "maddress")]
    Maddr {
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// Neighbour tables (Linux): `ntable [show] [dev NAME|none] [name
    /// NAME]`, `ntable change name NAME [dev NAME] [queue N] ...`.
    Ntable {
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// Link statistics (Linux): `stats [show] [dev NAME] [group link]`.
    Stats {
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// Per-interface IP settings (Linux): `netconf [show] [dev NAME]`.
    Netconf {
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// Bridge forwarding entries: `fdb add|replace|del MAC dev PORT [master|self] [dst IP] [vlan N]`.
    #[command(after_help = FDB_HELP)]
    Fdb {
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// Named network namespaces: `netns add|del NAME`, `netns [list]`, `netns exec NAME COMMAND...`,
    /// `netns set NAME ID|auto`, `netns list-id`.
    Netns {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Watch changes like `ip monitor`: `monitor [all | link addr route neigh rule nexthop tc netconf mdb nsid maddr acaddr vlan vni nduseropt mroute-report dcb mctp phonet mroute mpls stats ifinfo prefix] [all-nsid]`.
    Monitor {
        /// Which classes (all when none is given); `all-nsid` also reports
        /// the events of every namespace with an id here, as `ip` does.
        #[arg(value_parser = ["link", "addr", "address", "route", "neigh", "rule", "nexthop", "tc", "netconf", "mdb", "nsid", "maddr", "acaddr", "vlan", "vni", "nduseropt", "mroute-report", "dcb", "mctp", "phonet", "mroute", "mpls", "stats", "ifinfo", "prefix", "all", "all-nsid"])]
        classes: Vec<String>,
        /// After an overrun, dump and report what was missed.
        #[arg(long)]
        resync: bool,
        /// Report the current objects first (subscribe, then dump).
        #[arg(long)]
        dump: bool,
        /// Report route deletions the kernel makes silently when a link goes.
        #[arg(long)]
        synthesize: bool,
        /// Stop after this many events.
        #[arg(long, value_name = "N")]
        count: Option<u64>,
        /// Receive buffer in bytes (default 4 MiB).
        #[arg(long, value_name = "BYTES")]
        rcvbuf: Option<usize>,
    },
    /// Every link, address, route (all tables), neighbour and rule.
    Dump,
    /// Changes from a file, one per line (`-batch FILE`, `-batch -` for
    /// stdin, as `ip -batch`): `route add ...`, `addr del ...`, sent pipelined.
    Batch {
        /// The file, or `-` for standard input.
        file: String,
    },
    /// Traffic control (Linux): `tc qdisc [show] [dev DEV]`, `tc qdisc add|replace|change|del dev
    /// DEV root|ingress|clsact|parent H [handle H] [pfifo|bfifo [limit N] | pfifo_fast | htb
    /// [default H] [r2q N]]`.
    Tc {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// The state as a document, and declarative changes to it (nmstate's
    /// format, YAML or JSON): `state show`, `state apply FILE`.
    State {
        #[command(subcommand)]
        action: StateAction,
    },
    /// Decode captured routing-socket bytes into normalized JSON.
    Decode {
        /// pfroute takes --os (freebsd, openbsd, darwin; default freebsd) and --arch.
        #[arg(long, value_enum, default_value_t = Protocol::Netlink)]
        protocol: Protocol,
        /// pfroute: the FIB a FreeBSD dump was read from.
        #[arg(long)]
        fib: Option<u32>,
        /// Input format; guessed from the content when omitted.
        #[arg(long, value_enum)]
        format: Option<InputFormat>,
        /// The input has no netlink header: decode it as the payload of this
        /// message type (e.g. RTM_NEWLINK or 16).
        #[arg(long, value_name = "TYPE")]
        payload_of: Option<String>,
        /// One line per message, as `rtsock link|addr|route ...` prints
        /// them (interfaces named from the link messages seen), not JSON.
        #[arg(long)]
        human: bool,
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub(super) enum StateAction {
    /// Every interface, address, route and rule, in nmstate's format
    /// (YAML; JSON with -j or --json).
    Show {
        /// YAML (the default).
        #[arg(long)]
        yaml: bool,
    },
    /// Plans the way from the current state to FILE's, prints it, applies
    /// it step by step, verifies, and rolls back on failure (exit code 1,
    /// the failed step named). With --dry-run, only the plan.
    Apply {
        /// The desired state: YAML or JSON (nmstate's format, the subset
        /// rtsock covers); `-` for standard input.
        file: String,
        /// Do not read the state back to check it equals the target.
        #[arg(long)]
        no_verify: bool,
        /// Seconds verification may take before the commit is rolled back.
        #[arg(long, default_value_t = 5.0, value_name = "S")]
        timeout: f64,
        /// Keep the previous state: unless `state commit` follows within S
        /// seconds, it comes back by itself (as `netplan try` does).
        #[arg(long, value_name = "S")]
        checkpoint: Option<f64>,
    },
    /// Keeps what `state apply --checkpoint` applied.
    Commit,
    /// Brings back the state a pending checkpoint saved, now.
    Rollback {
        /// Wait this long first, then roll back if no commit came (what
        /// `apply --checkpoint` starts in the background).
        #[arg(long, value_name = "S", hide = true)]
        after: Option<f64>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum Protocol {
    Netlink,
    /// BSD routing-socket messages (a sysctl dump or routing-socket reads).
    Pfroute,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum InputFormat {
    Hex,
    Raw,
    Pcap,
}

impl Cli {
    /// The family `-4`, `-6` or `-M` (`-f inet|inet6|mpls`) asked for.
    pub(super) fn family(&self) -> Option<u8> {
        use rtsock::constants::{AF_INET, AF_INET6, AF_MPLS};
        match (self.ipv4, self.ipv6, self.mpls) {
            (true, _, _) => Some(AF_INET),
            (_, true, _) => Some(AF_INET6),
            (_, _, true) => Some(AF_MPLS),
            _ => None,
        }
    }

    /// `ip` takes `-4`, `-6` and `-j` anywhere: lift them out of the
    /// free-form words that follow a subcommand.
    pub(super) fn lift_flags(&mut self) {
        let args = match &mut self.command {
            Command::Link { args }
            | Command::Addr { args }
            | Command::Route { args }
            | Command::Neigh { args }
            | Command::Rule { args }
            | Command::Nexthop { args }
            | Command::Netconf { args }
            | Command::Addrlabel { args }
            | Command::Stats { args }
            | Command::Mdb { args }
            | Command::Ntable { args }
            | Command::Maddr { args }
            | Command::Vlan { args }
            | Command::Vni { args }
            | Command::Fdb { args } => args,
            // `netns exec NAME COMMAND...`: the command's words are its own.
            Command::Netns { args } if args.first().is_some_and(|w| w == "exec") => return,
            Command::Netns { args } => args,
            Command::Dump
            | Command::Tc { .. }
            | Command::State { .. }
            | Command::Decode { .. }
            | Command::Monitor { .. }
            | Command::Batch { .. } => return,
        };
        args.retain(|word| match word.as_str() {
            "-4" => {
                self.ipv4 = true;
                false
            }
            "-6" => {
                self.ipv6 = true;
                false
            }
            "-M" => {
                self.mpls = true;
                false
            }
            "-j" | "--json" => {
                self.json = true;
                false
            }
            "--dry-run" => {
                self.dry_run = true;
                false
            }
            "--brief" => {
                self.brief = true;
                false
            }
            "--stats" => {
                self.stats += 1;
                false
            }
            "--details" => {
                self.details += 1;
                false
            }
            "--oneline" => {
                self.oneline = true;
                false
            }
            "--pretty" => {
                self.pretty = true;
                false
            }
            w if w == "--color" || w.starts_with("--color=") => {
                self.color = Some(w.strip_prefix("--color=").unwrap_or("always").to_owned());
                false
            }
            _ => true,
        });
    }

    /// Spells out an abbreviated first word as `ip` reads it: each object
    /// tries its commands in iproute2's order (`ip r a` adds a route, `ip a
    /// s` shows addresses, `ip l s` sets a link: "set" comes before "show"
    /// in `do_iplink`).
    pub(super) fn expand_verb(&mut self) {
        let (verbs, args): (&[&str], _) = match &mut self.command {
            Command::Link { args } => (
                &[
                    "add", "change", "chg", "replace", "delete", "set", "show", "lst", "list",
                ],
                args,
            ),
            Command::Addr { args } => (
                &[
                    "add", "change", "chg", "replace", "delete", "list", "show", "lst", "flush",
                ],
                args,
            ),
            Command::Route { args } => (
                &[
                    "add", "change", "chg", "replace", "prepend", "append", "test", "delete",
                    "list", "show", "lst", "get", "flush",
                ],
                args,
            ),
            Command::Neigh { args } => (
                &[
                    "add", "change", "chg", "replace", "delete", "get", "list", "show", "lst",
                    "flush",
                ],
                args,
            ),
            Command::Rule { args } => (
                &[
                    "list", "show", "lst", "save", "restore", "add", "delete", "flush",
                ],
                args,
            ),
            // iproute2 `do_ipnh`.
            Command::Nexthop { args } => (
                &[
                    "list", "show", "lst", "add", "replace", "delete", "get", "flush",
                ],
                args,
            ),
            _ => return,
        };
        let Some(first) = args.first_mut() else {
            return;
        };
        if let Some(full) = verbs.iter().find(|v| select::abbrev(first, v)) {
            *first = match *full {
                "chg" => "change",
                "list" | "lst" => "show",
                other => other,
            }
            .to_owned();
        }
    }

    /// How human output looks: `-o`, `-br`, `-d`, `-s`, `-c`.
    pub(super) fn style(&self) -> format::Style {
        use std::io::IsTerminal;
        let color = match self.color.as_deref() {
            Some("always") => true,
            Some("auto") => io::stdout().is_terminal(),
            _ => false,
        };
        format::Style {
            oneline: self.oneline,
            brief: self.brief,
            details: self.details,
            stats: self.stats,
            color,
        }
    }
}

// Each object's words, as `--help` shows them after its options.

const LINK_HELP: &str = "\
Show:
  link [show] [[dev] NAME] [up|down] [master DEV|nomaster] [type KIND[_slave]] [group N] [label GLOB]
Change:
  link add NAME type veth [peer NAME [netns NS]]
  link add NAME type bridge | dummy | ifb | tun | tap | bond [mode MODE]
  link add NAME link DEV type macvlan|macvtap [mode private|vepa|bridge|passthru|source]
  link add NAME link DEV type vlan id ID [protocol 802.1q|802.1ad]
  link add NAME type vxlan id VNI [dstport P] [srcport MIN MAX] [local A] [remote A|group A]
           [dev DEV] [ttl N] [tos N] [learning|nolearning] [proxy] [rsc] [l2miss] [l3miss]
           [external [vnifilter]]
  link add NAME type netkit [mode l2|l3] [forward|blackhole] [scrub none|default]
           [peer [forward|blackhole] [scrub none|default] [name NAME]]
  link add NAME type geneve|ipvlan|ipvtap|wireguard|vrf|xfrm|bareudp|gre|gretap|ip6gre|
           ip6gretap|ipip|sit|ip6tnl|vti|vti6|macsec|team ... (in ip's words for each)
  link set [dev] NAME [up|down] [mtu N] [address MAC] [txqueuelen N] [master DEV|nomaster]
           [name NEW] [netns NS] [alias TEXT] [group N|default|NAME] [-group NAME] [promisc on|off]
           [allmulticast on|off] [arp on|off] [addrgenmode eui64|none|stable_secret|random]
           [gso_max_size N] [gro_max_size N]
  link property add|del dev NAME altname ALTNAME
  link del [dev] NAME
First words may be abbreviated as ip reads them: `l s` is `link set`.";

const ADDR_HELP: &str = "\
Show:
  addr [show] [[dev] NAME] [to PREFIX] [scope S|all] [label GLOB] [FLAG...] [up]
       [master DEV|nomaster] [type KIND] [match KEY=VALUE]
  (-br: columns, -o: one line each, -4/-6: one family, -s: link statistics)
Change:
  addr add|change|replace|del ADDRESS/LEN [peer ADDRESS] [brd ADDRESS|+|-] dev NAME
       [label NAME] [scope S] [valid_lft SECS|forever] [preferred_lft SECS|forever] [nodad]
       [noprefixroute] [metric N] [proto N|kernel_lo|kernel_ra|kernel_ll]
  addr flush SELECTORS (dev, to, scope, label, primary|secondary, ...; a selector is required)";

const ROUTE_HELP: &str = "\
Show:
  route [show] [table ID|all] [root|match|exact PREFIX] [PREFIX] [proto P] [scope S]
        [type T] [dev DEV] [via ADDR] [src ADDR] [metric N] [tos N] [match KEY=VALUE]
  route get [to] ADDRESS [from ADDRESS] [iif DEV] [oif DEV] [mark N] [uid N] [fibmatch]
  route save [SELECTORS] > FILE      (iproute2's binary format; ip route restore reads it)
  route restore < FILE | route showdump < FILE
Change:
  route add|replace|append|change|del [TYPE] PREFIX|default [via ADDR] [dev DEV] [table ID]
        [metric N] [proto P] [scope S] [src ADDR] [tos N] [onlink] [pref low|medium|high]
        [expires SECS] (via inet6 ADDR: an IPv6 next hop for an IPv4 route)
        [mtu [lock] N] [advmss N] ... [nexthop via ADDR [dev DEV] [weight N] [onlink]]...
  -M route add|replace|del LABEL [as [to] LABEL/LABEL...] [via inet|inet6 ADDR] [dev DEV]
        [nexthop [as LABELS] via inet|inet6 ADDR dev DEV]...
        (MPLS, also -f mpls)
  route flush SELECTORS (as show; a selector is required, IPv4 main unless told)";

const NEIGH_HELP: &str = "\
Show:
  neigh [show] [dev DEV] [nud STATE|all] [proto P] [unused] [proxy] [[to] PREFIX]
  neigh get ADDRESS dev DEV
Change:
  neigh add|replace|change|del ADDRESS [lladdr MAC] dev DEV
        [nud permanent|noarp|reachable|stale|...] [router] [proxy]
  neigh flush SELECTORS (dev, nud, to; a selector is required)";

const RULE_HELP: &str = "\
Show:
  rule [show] [pref N] [not] [from PREFIX] [to PREFIX] [fwmark M[/MASK]] [iif DEV] [oif DEV]
       [table ID] [tos N] [proto P]
Change:
  rule add|del [not] [from PREFIX] [to PREFIX] [tos N] [fwmark M[/MASK]] [iif DEV] [oif DEV]
       [uidrange A-B] [ipproto P] [sport N|A-B] [dport N|A-B] [protocol P] [pref N]
       [lookup ID [suppress_prefixlength N] [suppress_ifgroup G] | l3mdev | goto N
        | blackhole | unreachable | prohibit | nop]
  rule flush (every rule but the local one at pref 0)";

const NEXTHOP_HELP: &str = "\\
Show:
  nexthop [show] [id ID] [dev DEV] [master DEV] [groups] [fdb]
Change:
  nexthop add|replace [id ID] via ADDR dev DEV [onlink] | dev DEV | blackhole
          | group ID[,WEIGHT]/... [type resilient [buckets N]]  [fdb] [proto P]
  nexthop del id ID
  nexthop flush
Routes use them with `route add PREFIX nhid ID`.";

const FDB_HELP: &str = "\
Show:
  fdb [show] [dev PORT]          (as bridge fdb show)
Change:
  fdb add|replace|del MAC dev PORT [master|self] [dst IP] [vlan N]
      [permanent|local|static|temp|dynamic]";

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// `rtsock OBJECT --help` shows how to change that object.
    #[test]
    fn each_object_help_shows_its_change_syntax() {
        let mut cli = Cli::command();
        for (object, words) in [
            ("link", "link add NAME type veth"),
            ("addr", "addr add|change|replace|del ADDRESS/LEN"),
            ("route", "route add|replace|append|change|del"),
            ("neigh", "neigh add|replace|change|del ADDRESS"),
            ("rule", "rule add|del"),
            ("fdb", "fdb add|replace|del MAC dev PORT"),
        ] {
            let help = cli
                .find_subcommand_mut(object)
                .unwrap_or_else(|| panic!("no {object} subcommand"))
                .render_long_help()
                .to_string();
            assert!(
                help.contains(words),
                "{object} --help lacks {words:?}:\n{help}"
            );
            assert!(
                help.contains("Show:"),
                "{object} --help lacks its selectors"
            );
        }
    }
}
