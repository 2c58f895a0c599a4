//! `rtsock ntable [show] [dev DEV|none] [name NAME]` and `ntable change
//! name NAME [dev DEV] [thresh1 N] [gc_int MS] [queue N] ...`, in `ip
//! ntable`'s words.

use super::*;
use rtsock::change::{NeighParm, NeighTableSpec};

/// A change when the first word is `change`, else a listing.
pub(super) fn run(cli: &Cli, ipr: &mut rtsock::IpRoute, args: &[String]) -> Result<i32, Failure> {
    let family = match (cli.ipv4, cli.ipv6) {
        (true, _) => AF_INET,
        (_, true) => AF_INET6,
        _ => AF_UNSPEC,
    };
    if let Some(verb) = args.first().and_then(|w| rtsock::change::Verb::parse(w)) {
        let mut spec = parse(&args[1..])?;
        spec.family = family;
        let change = rtsock::batch::Change::NeighTable(verb, spec);
        return apply_or_plan(cli, ipr, &change);
    }
    let mut words = args.iter().map(String::as_str).peekable();
    if matches!(words.peek(), Some(&("show" | "list" | "ls"))) {
        words.next();
    }
    // `dev none`: the tables' own parameters only (ip's NONE_DEV).
    let (mut dev, mut name, mut none) = (None, None, false);
    while let Some(word) = words.next() {
        match (word, words.next()) {
            ("dev", Some("none")) => none = true,
            ("dev", Some(d)) => dev = Some(d.to_owned()),
            ("name", Some(n)) => name = Some(n.to_owned()),
            (other, _) => {
                return Err(usage(format!("ntable show: unknown argument {other:?}")).into());
            }
        }
    }
    let mut filter = Filter::new();
    if family != AF_UNSPEC {
        filter = filter.family(family);
    }
    if let Some(d) = &dev {
        filter = filter.dev(d.as_str());
    }
    let mut out = Output::new(cli.json);
    out.pretty = cli.pretty;
    out.names = format::link_names(ipr)?;
    print_each(
        ipr,
        ObjectKind::NeighTable,
        &filter,
        &mut out,
        |m| {
            let t = rtsock::views::NeighTable::from_message(m);
            t.is_some_and(|t| {
                name.as_deref().is_none_or(|n| n == t.name) && !(none && t.ifindex.is_some())
            })
        },
        |m, names| {
            let Some(t) = rtsock::views::NeighTable::from_message(m) else {
                return Vec::new();
            };
            let dev = t.ifindex.and_then(|i| names.get(&i).cloned());
            t.lines(format::family_name(t.family), dev.as_deref())
        },
    )?;
    Ok(out.finish().map(|()| 0)?)
}

/// `name NAME [dev DEV] [thresh1|thresh2|thresh3 N] [gc_int MS] [PARM N]...`.
fn parse(args: &[String]) -> Result<NeighTableSpec, Error> {
    let mut spec = NeighTableSpec::new("");
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        let value = words
            .next()
            .ok_or_else(|| usage(format!("{word} needs a value")))?;
        let number = || -> Result<u64, Error> {
            let parsed = match value.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => value.parse(),
            };
            parsed.map_err(|_| usage(format!("{word} {value:?}: not a number")))
        };
        let small = || -> Result<u32, Error> {
            u32::try_from(number()?).map_err(|_| usage(format!("{word} {value}: too large")))
        };
        match word {
            "name" => spec.name = value.to_owned(),
            "dev" => spec.dev = Some(value.into()),
            "thresh1" => spec.thresh[0] = Some(small()?),
            "thresh2" => spec.thresh[1] = Some(small()?),
            "thresh3" => spec.thresh[2] = Some(small()?),
            "gc_int" => spec.gc_interval = Some(number()?),
            other => {
                let p = NeighParm::parse(other, number()?)
                    .ok_or_else(|| usage(format!("ntable change: unknown argument {other:?}")))?;
                spec.parms.push(p);
            }
        }
    }
    Ok(spec)
}
