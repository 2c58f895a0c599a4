//! The `rtsock` command: `ip`-style reads, and decoding of captured bytes.

mod args;
mod batch;
mod change;
mod decode;
mod dryrun;
mod format;
mod maddr;
mod mdb;
mod monitor;
mod ntable;
#[cfg(target_os = "linux")]
mod save;
mod select;
mod show;
mod state;
#[cfg(target_os = "linux")]
mod tc;
mod vlan;
mod vni;

use std::io::{self, BufWriter, Write};
use std::net::IpAddr;
use std::path::PathBuf;

pub use args::Cli;
use args::{Command, InputFormat, Protocol};
use rtsock::capture::{parse_hex, read_pcap};
use rtsock::constants::*;
use rtsock::{Error, Filter, Message, ObjectKind, Value};

/// What `ip`-style arguments asked for.
#[derive(Debug, Default)]
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
struct Query {
    filter: Filter,
    get: Option<IpAddr>,
    nud_all: bool,
}

/// `[show|list|ls] [dev DEV]`, the listing words of `mdb` and `vlan`.
fn dev_listing(args: &[String], what: &str) -> Result<Filter, Error> {
    let mut filter = Filter::new();
    let mut words = args.iter().map(String::as_str).peekable();
    if matches!(words.peek(), Some(&("show" | "list" | "ls"))) {
        words.next();
    }
    while let Some(word) = words.next() {
        match (word, words.next()) {
            ("dev", Some(dev)) => filter = filter.dev(dev),
            (other, _) => return Err(usage(format!("{what} show: unknown argument {other:?}"))),
        }
    }
    Ok(filter)
}

fn usage(msg: impl Into<String>) -> Error {
    Error::invalid("usage", msg)
}

#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn parse_query(kind: ObjectKind, args: &[String], family: Option<u8>) -> Result<Query, Error> {
    let mut q = Query::default();
    let mut table: Option<Option<u32>> = None; // Some(None) = all
    let mut it = args.iter().map(String::as_str).peekable();
    if let Some(&first) = it.peek() {
        if matches!(first, "show" | "list" | "ls" | "lst") {
            it.next();
        } else if first == "get" && kind == ObjectKind::Route {
            it.next();
            let addr = it
                .next()
                .ok_or_else(|| usage("route get needs an address"))?;
            let addr = addr
                .parse()
                .map_err(|_| usage(format!("{addr:?} is not an IP address")))?;
            q.get = Some(addr);
        }
    }
    while let Some(word) = it.next() {
        let mut value = |what: &str| {
            it.next()
                .ok_or_else(|| usage(format!("{word} needs {what}")))
        };
        match word {
            "dev" => q.filter = q.filter.clone().dev(value("an interface name")?),
            "table" | "lookup" if matches!(kind, ObjectKind::Route | ObjectKind::Rule) => {
                let t = value("a table")?;
                table = Some(if t == "all" {
                    None
                } else {
                    Some(parse_table(t).ok_or_else(|| usage(format!("{t:?} is not a table")))?)
                });
            }
            "nud" if kind == ObjectKind::Neighbour => {
                let state = value("a state")?;
                if state != "all" {
                    return Err(usage("only `nud all` is supported"));
                }
                q.nud_all = true;
            }
            "match" => {
                let kv = value("KEY=VALUE")?;
                let (k, v) = kv
                    .split_once('=')
                    .ok_or_else(|| usage("match takes KEY=VALUE"))?;
                let v = v
                    .parse::<u64>()
                    .map(Value::U64)
                    .unwrap_or_else(|_| Value::Str(v.to_string()));
                q.filter = q.filter.clone().matching(k, v);
            }
            name if kind == ObjectKind::Link && q.filter.interface.is_none() => {
                q.filter = q.filter.clone().dev(name);
            }
            other => return Err(usage(format!("unknown argument {other:?}"))),
        }
    }
    q.filter.family = family;
    if kind == ObjectKind::Route {
        // Like `ip route`: main table by default; a named table means IPv4
        // unless -6; `table all` lists every table of both families.
        match table {
            None => {
                q.filter.table = Some(RT_TABLE_MAIN);
                q.filter.family = q.filter.family.or(Some(AF_INET));
            }
            Some(Some(t)) => {
                q.filter.table = Some(t);
                q.filter.family = q.filter.family.or(Some(AF_INET));
            }
            Some(None) => q.filter.table = None,
        }
    } else if kind == ObjectKind::Rule {
        q.filter.table = table.flatten();
        q.filter.family = q.filter.family.or(Some(AF_INET)); // as `ip rule`
    }
    Ok(q)
}

/// Where output goes: a streamed JSON array, or one line per object.
struct Output {
    w: BufWriter<io::StdoutLock<'static>>,
    json: bool,
    /// `-p`: indented JSON.
    pretty: bool,
    count: usize,
    names: format::Names,
    /// The links that are down (M-DOWN in link lines).
    down: format::Down,
}

impl Output {
    fn new(json: bool) -> Output {
        Output {
            w: BufWriter::with_capacity(1 << 16, io::stdout().lock()),
            json,
            pretty: false,
            count: 0,
            names: Default::default(),
            down: Default::default(),
        }
    }

    fn emit(&mut self, m: &Message) -> io::Result<()> {
        if self.json {
            self.w
                .write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
            if self.pretty {
                serde_json::to_writer_pretty(&mut self.w, m)?;
            } else {
                serde_json::to_writer(&mut self.w, m)?;
            }
        } else {
            writeln!(self.w, "{}", format::line(m, &self.names))?;
        }
        self.count += 1;
        Ok(())
    }

    /// Writes text made from a message (human output).
    fn text(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.w, "{text}")?;
        self.count += 1;
        Ok(())
    }

    /// Emits `m`, first learning the name of the link it describes.
    fn emit_learning(&mut self, m: &Message) -> io::Result<()> {
        if !self.json {
            format::remember_name(&mut self.names, m);
        }
        self.emit(m)
    }

    fn finish(mut self) -> io::Result<()> {
        if self.json {
            self.w
                .write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.w.flush()
    }
}

/// Runs the command; returns the process exit code.
pub fn run(mut cli: Cli) -> i32 {
    cli.lift_flags();
    cli.expand_verb();
    let result = match cli.command {
        Command::Decode {
            protocol: Protocol::Pfroute,
            format,
            fib,
            human,
            ref file,
            ..
        } => decode::decode_pfroute(
            cli.os.as_deref().unwrap_or("freebsd"),
            cli.arch.as_deref().unwrap_or("amd64"),
            fib,
            format,
            file,
            human,
        ),
        Command::Decode {
            protocol,
            format,
            ref payload_of,
            human,
            ref file,
            ..
        } => decode::decode(
            protocol,
            format,
            payload_of.as_deref(),
            file,
            human,
            cli.netns.as_deref(),
        ),
        Command::Monitor { .. } => monitor::monitor(&cli),
        Command::State { ref action } => state::run(&cli, action),
        #[cfg(target_os = "linux")]
        Command::Tc { ref args } => tc::run(&cli, args),
        #[cfg(not(target_os = "linux"))]
        Command::Tc { .. } => Err(Error::Unsupported("tc (Linux traffic control)".into()).into()),
        _ => show::show(&cli),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Pipe) => 0,
        Err(Failure::Error(e)) => {
            eprintln!("rtsock: {e}");
            1
        }
    }
}

enum Failure {
    Error(Error),
    /// stdout was closed (`rtsock ... | head`): stop quietly.
    Pipe,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Error(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Failure::Pipe
        } else {
            Failure::Error(Error::io("writing output", e))
        }
    }
}

/// Applies one change, or with `--dry-run` prints what it would send.
#[cfg(rtsock_supported)]
fn apply_or_plan(
    cli: &Cli,
    ipr: &mut rtsock::IpRoute,
    change: &rtsock::batch::Change,
) -> Result<i32, Failure> {
    use rtsock::RouteSocket;
    if cli.dry_run {
        #[cfg(target_os = "linux")]
        {
            let names = format::link_names(ipr)?;
            let calls = dryrun::change_call(cli, &names, change)?;
            println!(
                "{}",
                serde_json::to_string_pretty(&calls).map_err(io::Error::from)?
            );
            return Ok(0);
        }
        #[cfg(not(target_os = "linux"))]
        return Err(Error::Unsupported(format!("--dry-run of {}", change.describe())).into());
    }
    ipr.change(change)?;
    Ok(0)
}

/// Dumps `kind` and prints each message `keep` takes: as JSON with `-j`,
/// else as the lines `lines` gives it (none for a message it cannot read).
#[cfg(rtsock_supported)]
fn print_each(
    ipr: &mut rtsock::IpRoute,
    kind: ObjectKind,
    filter: &Filter,
    out: &mut Output,
    keep: impl Fn(&Message) -> bool,
    mut lines: impl FnMut(&Message, &format::Names) -> Vec<String>,
) -> Result<(), Failure> {
    use rtsock::RouteSocket;
    for m in ipr.dump(kind, filter)? {
        let m = m?;
        if !keep(&m) {
            continue;
        }
        if out.json {
            out.emit(&m)?;
            continue;
        }
        for line in lines(&m, &out.names) {
            out.text(&line)?;
        }
    }
    Ok(())
}

#[cfg(rtsock_supported)]
fn open_socket(cli: &Cli) -> Result<rtsock::IpRoute, Error> {
    match &cli.netns {
        #[cfg(target_os = "linux")]
        Some(ns) => rtsock::IpRoute::in_netns(ns),
        #[cfg(not(target_os = "linux"))]
        Some(_) => Err(Error::Unsupported("network namespaces (-n)".into())),
        None => rtsock::IpRoute::new(),
    }
}

/// Runs a change command (`add`, `del`, `flush`, ...); `None` when the
/// command is a read.
#[cfg(rtsock_supported)]
fn change_or_namespace(
    cli: &Cli,
    ipr: &mut rtsock::IpRoute,
    family: Option<u8>,
) -> Result<Option<i32>, Failure> {
    use rtsock::RouteSocket;

    #[cfg(target_os = "linux")]
    if let Command::Link { args } = &cli.command
        && args.first().is_some_and(|w| w == "property")
    {
        let words: Vec<&str> = args[1..].iter().map(String::as_str).collect();
        let (add, dev, name) = match words[..] {
            ["add", "dev", dev, "altname", name] => (true, dev, name),
            ["del" | "delete", "dev", dev, "altname", name] => (false, dev, name),
            _ => return Err(usage("link property add|del dev DEV altname NAME").into()),
        };
        ipr.link_altname(&dev.into(), name, add)?;
        return Ok(Some(0));
    }
    let (kind, args) = match &cli.command {
        Command::Fdb { args } if change::is_change(args) => (None, args),
        Command::Link { args } => (Some(ObjectKind::Link), args),
        Command::Addr { args } => (Some(ObjectKind::Address), args),
        Command::Route { args } => (Some(ObjectKind::Route), args),
        Command::Neigh { args } => (Some(ObjectKind::Neighbour), args),
        Command::Rule { args } => (Some(ObjectKind::Rule), args),
        Command::Nexthop { args } => (Some(ObjectKind::Nexthop), args),
        _ => return Ok(None),
    };
    let cmd = match kind {
        None => change::parse_fdb(args)?,
        // `ip` takes abbreviated verbs; a link name is no verb.
        Some(kind)
            if args.first().is_some_and(|w| {
                w == "flush" || (kind != ObjectKind::Link && select::abbrev(w, "flush"))
            }) =>
        {
            let names = format::link_names(ipr)?;
            let sel = select::Selection::flush(kind, &args[1..], family, &names)?;
            let n = flush(ipr, &sel)?;
            if cli.json {
                println!("{{\"deleted\": {n}}}");
            }
            return Ok(Some(0));
        }
        Some(kind) if change::is_change(args) => change::parse(kind, args, family)?,
        Some(_) => return Ok(None),
    };
    ipr.change(&cmd)?;
    Ok(Some(0))
}

/// `ip OBJECT flush`: dump and delete what the selection takes, again
/// until nothing is left (deleting a primary address can promote a
/// secondary), giving up after as many rounds as `ip` does.
#[cfg(rtsock_supported)]
fn flush(ipr: &mut rtsock::IpRoute, sel: &select::Selection) -> Result<usize, Error> {
    use rtsock::RouteSocket;

    let (kind, filter) = (sel.kind(), sel.filter());
    let rounds = sel.flush_rounds();
    let mut deleted = 0;
    for _ in 0..rounds {
        let n = ipr.flush_matching(kind, &filter, |m| sel.accepts(m))?;
        deleted += n;
        if n == 0 {
            return Ok(deleted);
        }
    }
    if rounds > 1 {
        let left = ipr
            .dump_consistent(kind, &filter)?
            .iter()
            .filter(|m| sel.accepts(m))
            .count();
        if left > 0 {
            return Err(Error::invalid(
                format!("{} flush", kind.noun()),
                format!("not complete after {rounds} rounds, {left} entries remain"),
            ));
        }
    }
    Ok(deleted)
}

#[cfg(not(target_os = "linux"))]
fn netns_command(_cli: &Cli, _args: &[String]) -> Result<i32, Failure> {
    Err(Error::Unsupported("named network namespaces".into()).into())
}

#[cfg(target_os = "linux")]
fn netns_command(cli: &Cli, args: &[String]) -> Result<i32, Failure> {
    use rtsock::linux::netns;
    let json = cli.json;
    let reads = matches!(
        args.first().map(String::as_str),
        None | Some("list" | "show" | "list-id")
    );
    if cli.dry_run && !reads {
        return Err(Error::Unsupported(format!(
            "--dry-run of netns {} (nothing was done)",
            args.join(" ")
        ))
        .into());
    }
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] | ["list" | "show"] => {
            let names = netns::list()?;
            if json {
                let list: Vec<_> = names
                    .iter()
                    .map(|n| serde_json::json!({"name": n}))
                    .collect();
                println!("{}", serde_json::Value::Array(list));
            } else {
                for n in names {
                    println!("{n}");
                }
            }
        }
        ["add", name] => {
            netns::create(name)?;
        }
        ["del" | "delete", name] => netns::delete(name)?,
        // The ids are the ones the namespace of -n (or this one) gives.
        ["set", name, id] => {
            let id: i32 = match id {
                "auto" => -1,
                n => n
                    .parse()
                    .map_err(|_| usage(format!("netns set {name} {n:?}: a number or auto")))?,
            };
            open_socket(cli)?.set_netns_id(name, id)?;
        }
        ["list-id"] => {
            for (id, name) in open_socket(cli)?.netns_ids()? {
                if json {
                    println!("{}", serde_json::json!({"nsid": id, "name": name}));
                } else {
                    match name {
                        Some(n) => println!("nsid {id} (iproute2 netns name: {n})"),
                        None => println!("nsid {id}"),
                    }
                }
            }
        }
        ["exec", name, ref command @ ..] if !command.is_empty() => {
            let mut cmd = std::process::Command::new(command[0]);
            cmd.args(&command[1..]);
            netns::command_in(name, &mut cmd)?;
            let status = cmd
                .status()
                .map_err(|e| Error::io(format!("netns exec {name} {}", command[0]), e))?;
            return Ok(status.code().unwrap_or(1));
        }
        _ => {
            return Err(usage(
                "netns add NAME | netns del NAME | netns list | netns exec NAME COMMAND...",
            )
            .into());
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(kind: ObjectKind, args: &str, family: Option<u8>) -> Result<Query, Error> {
        let args: Vec<String> = args.split_whitespace().map(String::from).collect();
        parse_query(kind, &args, family)
    }

    #[test]
    fn route_defaults_follow_ip() {
        let main = q(ObjectKind::Route, "show", None).unwrap().filter;
        assert_eq!((main.table, main.family), (Some(254), Some(AF_INET)));
        let all = q(ObjectKind::Route, "show table all", None).unwrap().filter;
        assert_eq!((all.table, all.family), (None, None));
        let v6 = q(ObjectKind::Route, "table 100", Some(AF_INET6))
            .unwrap()
            .filter;
        assert_eq!((v6.table, v6.family), (Some(100), Some(AF_INET6)));
        let get = q(ObjectKind::Route, "get 10.0.0.1", None).unwrap();
        assert_eq!(get.get, Some("10.0.0.1".parse().unwrap()));
    }

    #[test]
    fn bad_arguments_are_errors() {
        assert!(q(ObjectKind::Route, "table nope", None).is_err());
        assert!(q(ObjectKind::Address, "bogus", None).is_err());
        assert!(q(ObjectKind::Route, "dev", None).is_err());
    }
}
