//! `rtsock link|addr|route|neigh|rule [show] [SELECTORS]`: dumps selected
//! as `ip OBJECT show` selects them (the selectors of `select`, shared with
//! flush), printed as `ip` prints them, or as JSON.

use super::*;

/// `show`, `list`, `lst` and their abbreviations (`s`, `sh`, `l`, ...), as
/// `ip`'s `matches()` takes them.
#[cfg(rtsock_supported)]
fn is_show_word(w: &str) -> bool {
    ["show", "list", "lst"]
        .iter()
        .any(|full| select::abbrev(w, full))
}

#[cfg(rtsock_supported)]
pub(super) fn show(cli: &Cli) -> Result<i32, Failure> {
    use rtsock::RouteSocket;

    let family = cli.family();
    if let Command::Netns { args } = &cli.command {
        return netns_command(cli, args);
    }
    let mut ipr = open_socket(cli)?;
    if let Command::Batch { file } = &cli.command {
        return Ok(batch::run(&mut ipr, file, cli.force, family)?);
    }
    if let Command::Mdb { args } = &cli.command {
        return super::mdb::run(cli, &mut ipr, args);
    }
    if let Command::Ntable { args } = &cli.command
        && (!cli.dry_run || args.first().is_some_and(|w| w == "change"))
    {
        return super::ntable::run(cli, &mut ipr, args);
    }
    if let Command::Vlan { args } = &cli.command {
        return super::vlan::run(cli, &mut ipr, args);
    }
    if let Command::Vni { args } = &cli.command {
        return super::vni::run(cli, &mut ipr, args);
    }
    if let Command::Maddr { args } = &cli.command
        && !cli.dry_run
    {
        return super::maddr::run(cli, &mut ipr, args);
    }
    if let Command::Addrlabel { args } = &cli.command
        && let Some(verb) = args.first().and_then(|w| rtsock::change::Verb::parse(w))
    {
        return addrlabel_change(cli, &mut ipr, verb, &args[1..]);
    }
    if cli.dry_run {
        let names = format::link_names(&mut ipr)?;
        let calls = dryrun::run(cli, &names, family)?;
        let text = if cli.json && !cli.pretty {
            serde_json::to_string(&calls)
        } else {
            serde_json::to_string_pretty(&calls)
        };
        println!("{}", text.map_err(io::Error::from)?);
        return Ok(0);
    }
    if let Some(code) = change_or_namespace(cli, &mut ipr, family)? {
        return Ok(code);
    }
    let mut out = Output::new(cli.json);
    out.pretty = cli.pretty;
    (out.names, out.down) = format::link_table(&mut ipr)?;
    let style = cli.style();
    let (kind, args) = match &cli.command {
        Command::Link { args } => (ObjectKind::Link, args),
        Command::Addr { args } => (ObjectKind::Address, args),
        Command::Route { args } => (ObjectKind::Route, args),
        Command::Neigh { args } => (ObjectKind::Neighbour, args),
        Command::Rule { args } => (ObjectKind::Rule, args),
        Command::Nexthop { args } => (ObjectKind::Nexthop, args),
        Command::Netconf { args } => (ObjectKind::Netconf, args),
        Command::Addrlabel { args } => (ObjectKind::AddrLabel, args),
        Command::Stats { args } => (ObjectKind::Stats, args),
        Command::Dump => {
            let everything = Filter {
                family,
                ..Filter::default()
            };
            // What this kernel cannot list (bridge VLANs without VLAN
            // filtering, multicast dumps of an older kernel) is skipped,
            // with a note.
            let unsupported = |e: &Error| {
                matches!(
                    e.errno(),
                    Some(libc::EOPNOTSUPP | libc::EAFNOSUPPORT | libc::EINVAL)
                )
            };
            for kind in ObjectKind::ALL {
                let dump = match ipr.dump(kind, &everything) {
                    Ok(d) => d,
                    Err(e) if unsupported(&e) => {
                        eprintln!("rtsock: dump: {} skipped: {e}", kind.noun());
                        continue;
                    }
                    Err(e) => return Err(e.into()),
                };
                for m in dump {
                    match m {
                        Ok(m) => out.emit(&m)?,
                        Err(e) if unsupported(&e) => {
                            eprintln!("rtsock: dump: {} skipped: {e}", kind.noun());
                            break;
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
            }
            out.finish()?;
            return Ok(0);
        }
        Command::Fdb { args } => return fdb(&mut ipr, args, out),
        Command::Decode { .. }
        | Command::Mdb { .. }
        | Command::Ntable { .. }
        | Command::Maddr { .. }
        | Command::Vlan { .. }
        | Command::Vni { .. }
        | Command::Tc { .. }
        | Command::State { .. }
        | Command::Netns { .. }
        | Command::Monitor { .. }
        | Command::Batch { .. } => {
            unreachable!("handled before")
        }
    };
    let mut args: &[String] = args;
    if let Some(first) = args.first() {
        if is_show_word(first) {
            args = &args[1..];
        } else if kind == ObjectKind::Route && select::abbrev(first, "get") {
            return route_get(&mut ipr, &args[1..], out, &style);
        } else if kind == ObjectKind::Nexthop && first == "bucket" {
            return nexthop_buckets(&mut ipr, &args[1..], out);
        } else if kind == ObjectKind::Neighbour && first == "get" {
            return neighbour_get(&mut ipr, &args[1..], out);
        } else if kind == ObjectKind::Route
            && matches!(first.as_str(), "save" | "restore" | "showdump")
        {
            #[cfg(target_os = "linux")]
            return match first.as_str() {
                "save" => save::route_save(&mut ipr, &args[1..], family, &out.names),
                "restore" => save::route_restore(&mut ipr),
                _ => save::route_showdump(&out.names, &style),
            };
            #[cfg(not(target_os = "linux"))]
            return Err(
                Error::Unsupported(format!("route {first} (iproute2's netlink format)")).into(),
            );
        }
    }
    // `match KEY=VALUE` (rtsock's own): any field or attribute.
    let (matches, args) = match_words(args)?;
    match kind {
        ObjectKind::Link | ObjectKind::Address => {
            links_and_addresses(&mut ipr, kind, &args, family, &matches, out, &style)
        }
        ObjectKind::Route => {
            let sel = select::RouteSelection::parse(&args, family, false, &out.names)?;
            let pin = sel.pinned();
            let sel = select::Selection::Route(sel);
            each_selected(&mut ipr, &sel, &matches, &mut out, |m, names| {
                rtsock::views::Route::from_message(m)
                    .map(|r| format::route_line(&r, m, names, &style, &pin))
            })?;
            Ok(out.finish().map(|()| 0)?)
        }
        ObjectKind::Neighbour => {
            let sel = select::NeighbourSelection::parse(&args, family, false, &out.names)?;
            let dev_pinned = args.iter().any(|w| w == "dev");
            let sel = select::Selection::Neighbour(sel);
            each_selected(&mut ipr, &sel, &matches, &mut out, |m, names| {
                rtsock::views::Neighbour::from_message(m)
                    .map(|n| format::neighbour_line(&n, names, dev_pinned))
            })?;
            Ok(out.finish().map(|()| 0)?)
        }
        ObjectKind::Rule => {
            let sel = select::Selection::Rule(select::RuleSelection::parse(&args, family, false)?);
            each_selected(&mut ipr, &sel, &matches, &mut out, |m, _| {
                rtsock::views::Rule::from_message(m).map(|r| format::rule_line(&r))
            })?;
            Ok(out.finish().map(|()| 0)?)
        }
        ObjectKind::Nexthop => nexthops(&mut ipr, &args, &matches, out),
        ObjectKind::Netconf => netconf(&mut ipr, &args, family, out),
        ObjectKind::AddrLabel => addrlabels(&mut ipr, &args, out),
        ObjectKind::Stats => link_stats(&mut ipr, &args, out),
        other => Err(usage(format!("no show for {other:?}")).into()),
    }
}

/// `nexthop [show] [id ID] [dev DEV]`, printed as `ip nexthop show` does.
#[cfg(rtsock_supported)]
fn nexthops(
    ipr: &mut rtsock::IpRoute,
    args: &[String],
    matches: &[(String, Value)],
    mut out: Output,
) -> Result<i32, Failure> {
    let mut filter = Filter {
        matches: matches.to_vec(),
        ..Filter::default()
    };
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        let mut value = || {
            words
                .next()
                .ok_or_else(|| usage(format!("{word} needs a value")))
        };
        match word {
            "id" => {
                let id: u32 = value()?
                    .parse()
                    .map_err(|_| usage("nexthop id is a number"))?;
                filter = filter.matching("NHA_ID", Value::U32(id));
            }
            "dev" => filter = filter.dev(value()?),
            "master" => filter = filter.master(value()?),
            "groups" => filter = filter.groups(),
            "fdb" => filter = filter.fdb(),
            other => return Err(usage(format!("nexthop show: unknown argument {other:?}")).into()),
        }
    }
    print_each(
        ipr,
        ObjectKind::Nexthop,
        &filter,
        &mut out,
        |_| true,
        |m, names| {
            rtsock::views::Nexthop::from_message(m)
                .map(|n| format::nexthop_line(&n, names))
                .into_iter()
                .collect()
        },
    )?;
    Ok(out.finish().map(|()| 0)?)
}

/// `nexthop bucket [show] [id ID] [nhid ID] [dev DEV]`, printed as `ip
/// nexthop bucket show` does.
#[cfg(rtsock_supported)]
fn nexthop_buckets(
    ipr: &mut rtsock::IpRoute,
    args: &[String],
    mut out: Output,
) -> Result<i32, Failure> {
    let mut filter = Filter::new();
    let mut nhid = None;
    let mut words = args.iter().map(String::as_str).peekable();
    if words.peek().is_some_and(|w| is_show_word(w)) {
        words.next();
    }
    while let Some(word) = words.next() {
        let mut value = || {
            words
                .next()
                .ok_or_else(|| usage(format!("{word} needs a value")))
        };
        let mut id = || -> Result<u32, Error> {
            value()?
                .parse()
                .map_err(|_| usage(format!("{word}: a nexthop id is a number")))
        };
        match word {
            "id" => filter = filter.matching("NHA_ID", Value::U32(id()?)),
            "nhid" => nhid = Some(id()?),
            "dev" => filter = filter.dev(value()?),
            other => {
                return Err(
                    usage(format!("nexthop bucket show: unknown argument {other:?}")).into(),
                );
            }
        }
    }
    let bucket = rtsock::views::NexthopBucket::from_message;
    print_each(
        ipr,
        ObjectKind::NexthopBucket,
        &filter,
        &mut out,
        |m| bucket(m).is_some_and(|b| nhid.is_none_or(|n| n == b.nhid)),
        |m, _| bucket(m).map(|b| b.to_string()).into_iter().collect(),
    )?;
    Ok(out.finish().map(|()| 0)?)
}

/// `netconf [show] [dev DEV]`, printed as `ip netconf show` does.
#[cfg(rtsock_supported)]
fn netconf(
    ipr: &mut rtsock::IpRoute,
    args: &[String],
    family: Option<u8>,
    mut out: Output,
) -> Result<i32, Failure> {
    let mut filter = Filter {
        family,
        ..Filter::default()
    };
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        match word {
            "dev" => {
                let dev = words.next().ok_or_else(|| usage("dev needs a name"))?;
                filter = filter.dev(dev);
            }
            other => return Err(usage(format!("netconf show: unknown argument {other:?}")).into()),
        }
    }
    print_each(
        ipr,
        ObjectKind::Netconf,
        &filter,
        &mut out,
        |_| true,
        |m, names| {
            rtsock::views::Netconf::from_message(m)
                .map(|n| {
                    let dev = u32::try_from(n.ifindex)
                        .ok()
                        .and_then(|i| names.get(&i).cloned())
                        .unwrap_or_else(|| n.ifindex.to_string());
                    n.line(&dev)
                })
                .into_iter()
                .collect()
        },
    )?;
    Ok(out.finish().map(|()| 0)?)
}

/// `stats [show] [dev DEV] [group link]`, printed as `ip stats show
/// group link` does.
#[cfg(rtsock_supported)]
fn link_stats(ipr: &mut rtsock::IpRoute, args: &[String], mut out: Output) -> Result<i32, Failure> {
    let mut filter = Filter::new();
    let mut words = args.iter().map(String::as_str);
    if args.first().is_some_and(|w| is_show_word(w)) {
        words.next();
    }
    while let Some(word) = words.next() {
        match (word, words.next()) {
            ("dev", Some(dev)) => filter = filter.dev(dev),
            ("group", Some("link")) => {}
            ("group", Some(other)) => {
                return Err(
                    Error::Unsupported(format!("stats group {other} (link so far)")).into(),
                );
            }
            (other, _) => {
                return Err(usage(format!("stats show: unknown argument {other:?}")).into());
            }
        }
    }
    let one_link = filter.interface.is_some();
    print_each(
        ipr,
        ObjectKind::Stats,
        &filter,
        &mut out,
        |_| true,
        |m, names| {
            let Some(s) = rtsock::views::LinkStats::from_message(m) else {
                return Vec::new();
            };
            let name = names.get(&s.index).cloned().unwrap_or_default();
            let mut lines = vec![format!("{}: {name}: group link", s.index)];
            lines.extend(s.lines());
            // A listing of every link (a dump in ipstats.c) ends each
            // block with an empty line; one link's (a get) does not.
            if !one_link {
                lines.push(String::new());
            }
            lines
        },
    )?;
    Ok(out.finish().map(|()| 0)?)
}

/// `addrlabel [list]`, printed as `ip addrlabel list` does.
#[cfg(rtsock_supported)]
fn addrlabels(ipr: &mut rtsock::IpRoute, args: &[String], mut out: Output) -> Result<i32, Failure> {
    if let Some(other) = args.iter().find(|w| !is_show_word(w) && *w != "list") {
        return Err(usage(format!("addrlabel list: unknown argument {other:?}")).into());
    }
    print_each(
        ipr,
        ObjectKind::AddrLabel,
        &Filter::new(),
        &mut out,
        |_| true,
        |m, names| {
            rtsock::views::AddrLabel::from_message(m)
                .map(|l| l.line(names.get(&l.index).map(String::as_str)))
                .into_iter()
                .collect()
        },
    )?;
    Ok(out.finish().map(|()| 0)?)
}

/// `addrlabel add|del prefix PREFIX [dev NAME] label N`.
#[cfg(rtsock_supported)]
fn addrlabel_change(
    cli: &Cli,
    ipr: &mut rtsock::IpRoute,
    verb: rtsock::change::Verb,
    args: &[String],
) -> Result<i32, Failure> {
    let (mut prefix, mut dev, mut label) = (None, None, None);
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        let value = words
            .next()
            .ok_or_else(|| usage(format!("{word} needs a value")))?;
        match word {
            "prefix" => prefix = Some(value.parse::<rtsock::change::IpNet>()?),
            "dev" => dev = Some(value.to_owned()),
            "label" => {
                label = Some(value.parse().map_err(|_| usage("label is a number"))?);
            }
            other => return Err(usage(format!("addrlabel: unknown argument {other:?}")).into()),
        }
    }
    let (Some(prefix), Some(label)) = (prefix, label) else {
        return Err(usage("addrlabel add|del prefix PREFIX [dev NAME] label N").into());
    };
    let mut spec = rtsock::change::AddrLabelSpec::new(prefix, label);
    if let Some(d) = dev {
        spec = spec.dev(d);
    }
    let change = rtsock::batch::Change::AddrLabel(verb, spec);
    apply_or_plan(cli, ipr, &change)
}

/// `match KEY=VALUE` pairs, as a filter takes them.
#[cfg(rtsock_supported)]
type Matches = Vec<(String, Value)>;

/// Splits off `match KEY=VALUE` pairs (`ip route show match PREFIX`,
/// which has no `=`, stays a route selector).
#[cfg(rtsock_supported)]
fn match_words(args: &[String]) -> Result<(Matches, Vec<String>), Error> {
    let mut matches = Vec::new();
    let mut rest = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let w = &args[i];
        let kv = args.get(i + 1).and_then(|v| v.split_once('='));
        let (true, Some((k, v))) = (w == "match", kv) else {
            rest.push(w.clone());
            i += 1;
            continue;
        };
        i += 2;
        let v = v
            .parse::<u64>()
            .map(Value::U64)
            .unwrap_or_else(|_| Value::Str(v.to_string()));
        matches.push((k.to_owned(), v));
    }
    Ok((matches, rest))
}

/// Dumps what `sel` covers and emits each message it selects: JSON, or
/// the line `print` makes.
#[cfg(rtsock_supported)]
fn each_selected(
    ipr: &mut rtsock::IpRoute,
    sel: &select::Selection,
    matches: &[(String, Value)],
    out: &mut Output,
    print: impl Fn(&Message, &format::Names) -> Option<String>,
) -> Result<(), Failure> {
    use rtsock::RouteSocket;
    let mut filter = sel.filter();
    filter.matches = matches.to_vec();
    for m in ipr.dump(sel.kind(), &filter)? {
        let m = m?;
        if !sel.accepts(&m) {
            continue;
        }
        if out.json {
            out.emit(&m)?;
        } else if let Some(text) = print(&m, &out.names) {
            out.text(&text)?;
        }
    }
    Ok(())
}

/// `ip link show` and `ip addr show`: the links the selectors take, each
/// with its selected addresses (`addr`), in `ip`'s layout: blocks, `-o`
/// lines or `-br` columns. With `-j`, the link messages (`link`) or the
/// selected address messages (`addr`).
#[cfg(rtsock_supported)]
fn links_and_addresses(
    ipr: &mut rtsock::IpRoute,
    kind: ObjectKind,
    args: &[String],
    family: Option<u8>,
    matches: &[(String, Value)],
    mut out: Output,
    style: &format::Style,
) -> Result<i32, Failure> {
    use rtsock::RouteSocket;
    use rtsock::views::Link;

    let addr = kind == ObjectKind::Address;
    let sel = select::AddressSelection::parse(
        args,
        if addr { family } else { Some(AF_PACKET) },
        &out.names,
        false,
    )?;
    let link_matches = if addr { &[][..] } else { matches };
    // `ip -6 addr` asks for the links with the family too: the kernel then
    // answers with IPv6's view of each link (inet6_dump_ifinfo).
    let links: Vec<Message> = ipr
        .links(&Filter {
            family: if addr { family } else { None },
            matches: link_matches.to_vec(),
            ..Filter::default()
        })?
        .filter(|m| {
            m.as_ref().map_or(true, |m| {
                Link::from_message(m).is_some_and(|l| sel.accepts_link(m, &l))
            })
        })
        .collect::<Result<_, _>>()?;
    let mut links = links;
    if family == Some(AF_INET6) && addr {
        fill_queue_lengths(ipr, &mut links)?;
    }
    if addr {
        let filter = Filter {
            family,
            matches: matches.to_vec(),
            ..Filter::default()
        };
        let selection = select::Selection::Address(sel);
        let mut addresses = Addresses::default();
        for m in ipr.addresses(&filter)? {
            let m = m?;
            if let rtsock::Body::Address(h) = &m.body {
                addresses.linked.insert(h.index);
            }
            if selection.accepts(&m) {
                addresses.selected.push(m);
            }
        }
        return print_addresses(&links, &addresses, family, out, style);
    }
    for m in &links {
        if out.json {
            out.emit(m)?;
            continue;
        }
        let Some(l) = Link::from_message(m) else {
            continue;
        };
        let text = if style.brief {
            format::brief_link(&l, m, &out.names, Some(&out.down), style)
        } else {
            style.join(&format::link_lines(
                &l,
                m,
                &out.names,
                Some(&out.down),
                style,
                true,
                None,
            ))
        };
        out.text(&text)?;
    }
    Ok(out.finish().map(|()| 0)?)
}

/// The addresses `ip addr show` read: which links have any, and which the
/// selectors took.
#[cfg(rtsock_supported)]
#[derive(Default)]
struct Addresses {
    linked: std::collections::HashSet<u32>,
    selected: Vec<Message>,
}

/// `ip addr show`'s output once links and addresses are selected: a link
/// is listed when one of its addresses is selected, or when it has none
/// at all and no family was asked for (iproute2 `ipaddr_filter`).
#[cfg(rtsock_supported)]
fn print_addresses(
    links: &[Message],
    addresses: &Addresses,
    family: Option<u8>,
    mut out: Output,
    style: &format::Style,
) -> Result<i32, Failure> {
    use rtsock::views::{Address, Link};
    if out.json {
        for m in &addresses.selected {
            if links.iter().any(|l| same_link(l, m)) {
                out.emit(m)?;
            }
        }
        return Ok(out.finish().map(|()| 0)?);
    }
    for lm in links {
        let Some(l) = Link::from_message(lm) else {
            continue;
        };
        let own: Vec<(&Message, Address)> = addresses
            .selected
            .iter()
            .filter_map(|m| Address::from_message(m).map(|a| (m, a)))
            .filter(|(_, a)| a.index == l.index)
            .collect();
        let bare = !addresses.linked.contains(&l.index);
        if own.is_empty() && !(bare && family.is_none()) {
            continue;
        }
        if style.brief {
            let addrs: Vec<Address> = own.iter().map(|(_, a)| a.clone()).collect();
            let text = format!(
                "{}{}",
                format::brief_columns(&l, lm, &out.names, style),
                format::brief_addresses(&addrs, style)
            );
            out.text(&text)?;
            continue;
        }
        if !style.oneline {
            let lines =
                format::link_lines(&l, lm, &out.names, Some(&out.down), style, false, family);
            out.text(&style.join(&lines))?;
        }
        for (m, a) in &own {
            let lines = format::address_lines(a, m, &out.names, style, style.oneline);
            out.text(&style.join(&lines))?;
        }
    }
    Ok(out.finish().map(|()| 0)?)
}

/// IPv6's view of a link has no IFLA_TXQLEN; `ip` then asks the device
/// (SIOCGIFTXQLEN) and prints its `qlen`: take it from the full link dump.
#[cfg(rtsock_supported)]
fn fill_queue_lengths(ipr: &mut rtsock::IpRoute, links: &mut [Message]) -> Result<(), Failure> {
    use rtsock::RouteSocket;
    use rtsock::attrs::IFLA_TXQLEN;
    let mut qlen = std::collections::HashMap::new();
    for m in ipr.links(&Filter::default())? {
        let m = m?;
        if let (rtsock::Body::Link(h), Some(q)) = (&m.body, m.get(&IFLA_TXQLEN)) {
            qlen.insert(h.index, q.clone());
        }
    }
    for m in links {
        if let rtsock::Body::Link(h) = &m.body
            && m.get(&IFLA_TXQLEN).is_none()
            && let Some(q) = qlen.get(&h.index)
        {
            m.attrs.push(rtsock::Attr::of(&IFLA_TXQLEN, q.clone()));
        }
    }
    Ok(())
}

#[cfg(rtsock_supported)]
fn same_link(link: &Message, address: &Message) -> bool {
    match (&link.body, &address.body) {
        (rtsock::Body::Link(l), rtsock::Body::Address(a)) => l.index == a.index,
        _ => false,
    }
}

/// `route get ADDRESS`.
#[cfg(rtsock_supported)]
fn route_get(
    ipr: &mut rtsock::IpRoute,
    args: &[String],
    mut out: Output,
    style: &format::Style,
) -> Result<i32, Failure> {
    use rtsock::RouteSocket;
    let q = parse_route_get(args)?;
    let m = ipr.route_get_with(&q)?;
    if out.json {
        out.emit(&m)?;
    } else if let Some(r) = rtsock::views::Route::from_message(&m) {
        let text = format::route_line(&r, &m, &out.names, style, &format::Pinned::default());
        out.text(&text)?;
    }
    Ok(out.finish().map(|()| 0)?)
}

/// `neigh get ADDRESS dev DEV`, printed as `ip neigh get` prints it.
#[cfg(rtsock_supported)]
fn neighbour_get(
    ipr: &mut rtsock::IpRoute,
    args: &[String],
    mut out: Output,
) -> Result<i32, Failure> {
    use rtsock::RouteSocket;
    let (addr, dev) = match args {
        [a, d, dev] | [d, dev, a] if d == "dev" => (a, dev),
        _ => return Err(usage("neigh get ADDRESS dev DEV").into()),
    };
    let dst: IpAddr = addr
        .parse()
        .map_err(|_| usage(format!("{addr:?} is not an IP address")))?;
    let m = ipr.neighbour_get(dst, &dev.as_str().into())?;
    if out.json {
        out.emit(&m)?;
    } else if let Some(n) = rtsock::views::Neighbour::from_message(&m) {
        out.text(&format::neighbour_line(&n, &out.names, false))?;
    }
    Ok(out.finish().map(|()| 0)?)
}

/// `ip route get`'s words: `[to] ADDRESS [from ADDRESS] [iif DEV] [oif DEV]
/// [mark N] [uid N] [fibmatch]`.
fn parse_route_get(args: &[String]) -> Result<rtsock::RouteQuery, Error> {
    let mut dst = None;
    let mut q = rtsock::RouteQuery::to(IpAddr::from([0, 0, 0, 0]));
    let mut w = change::Words::new(args);
    while let Some(word) = w.next() {
        match word {
            "to" => dst = Some(w.ip(word)?),
            "from" => q.from = Some(w.ip(word)?),
            "iif" => q.iif = Some(w.value(word, "an interface")?.into()),
            "oif" => q.oif = Some(w.value(word, "an interface")?.into()),
            "mark" => q.mark = Some(w.number(word)?),
            "uid" => q.uid = Some(w.number(word)?),
            "fibmatch" => q.fibmatch = true,
            addr if dst.is_none() => {
                dst = Some(
                    addr.parse()
                        .map_err(|_| usage(format!("{addr:?} is not an IP address")))?,
                )
            }
            other => {
                return Err(Error::Unsupported(format!("route get selector {other:?}")));
            }
        }
    }
    q.dst = dst.ok_or_else(|| usage("route get needs an address"))?;
    Ok(q)
}

/// `fdb [show] [dev PORT]`: bridge forwarding entries as `bridge fdb` lists them.
#[cfg(rtsock_supported)]
fn fdb(ipr: &mut rtsock::IpRoute, args: &[String], mut out: Output) -> Result<i32, Failure> {
    use rtsock::RouteSocket;
    let mut q = parse_query(ObjectKind::Neighbour, args, Some(AF_BRIDGE))?;
    q.nud_all = true;
    for m in ipr.dump(ObjectKind::Neighbour, &q.filter)? {
        let m = m?;
        if out.json {
            out.emit(&m)?;
        } else if let Some(n) = rtsock::views::Neighbour::from_message(&m) {
            out.text(&format::fdb_line(&n, &out.names))?;
        }
    }
    Ok(out.finish().map(|()| 0)?)
}

#[cfg(not(rtsock_supported))]
pub(super) fn show(_cli: &Cli) -> Result<i32, Failure> {
    Err(Error::Unsupported("reading the routing socket".into()).into())
}
