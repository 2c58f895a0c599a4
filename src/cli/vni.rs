//! `rtsock vni [show] [dev DEV]` and `vni add|del dev DEV vni
//! N[-M][,...] [remote IP | group IP]`, in `bridge vni`'s words.

use super::*;
use rtsock::change::{VniRange, VniSpec};

/// A change when the first word is a verb, else a listing.
pub(super) fn run(cli: &Cli, ipr: &mut rtsock::IpRoute, args: &[String]) -> Result<i32, Failure> {
    if let Some(verb) = args.first().and_then(|w| rtsock::change::Verb::parse(w)) {
        let change = rtsock::batch::Change::Vni(verb, parse(&args[1..])?);
        return apply_or_plan(cli, ipr, &change);
    }
    let filter = dev_listing(args, "vni")?;
    let mut out = Output::new(cli.json);
    out.pretty = cli.pretty;
    out.names = format::link_names(ipr)?;
    if !cli.json {
        // vni_show's column heads.
        out.text(&format!(
            "{:<16}  {:<15}  {:<15}",
            "dev", "vni", "group/remote"
        ))?;
    }
    print_each(
        ipr,
        ObjectKind::Vni,
        &filter,
        &mut out,
        |_| true,
        |m, names| {
            let entries = rtsock::views::Vni::all(m);
            let Some(first) = entries.first() else {
                return Vec::new();
            };
            rtsock::views::Vni::lines(&entries, &format::dev(names, first.index))
        },
    )?;
    Ok(out.finish().map(|()| 0)?)
}

/// `dev DEV vni N[-M][,...] [remote IP | group IP]`.
fn parse(args: &[String]) -> Result<VniSpec, Error> {
    let (mut dev, mut list, mut remote) = (None, None, None);
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        let mut value = |what: &str| {
            words
                .next()
                .ok_or_else(|| usage(format!("{word} needs {what}")))
        };
        match word {
            "dev" => dev = Some(value("a name")?),
            "vni" => list = Some(value("N, N-M or a list of them")?),
            "remote" | "group" => {
                let text = value("an address")?;
                let ip: std::net::IpAddr = text
                    .parse()
                    .map_err(|_| usage(format!("{word} {text:?}: an IP address")))?;
                if word == "group" && !ip.is_multicast() {
                    return Err(usage(format!("group {ip}: not a multicast address")));
                }
                remote = Some(ip);
            }
            other => return Err(usage(format!("vni: unknown argument {other:?}"))),
        }
    }
    let list = list.ok_or_else(|| usage("vni needs vni N"))?;
    let number = |t: &str| {
        t.parse::<u32>()
            .map_err(|_| usage(format!("vni {list:?}: N, N-M or a list of them")))
    };
    let vnis = list
        .split(',')
        .map(|item| {
            Ok(match item.split_once('-') {
                Some((a, b)) => VniRange {
                    start: number(a)?,
                    end: Some(number(b)?),
                },
                None => VniRange {
                    start: number(item)?,
                    end: None,
                },
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(VniSpec {
        dev: dev.ok_or_else(|| usage("vni needs dev DEV"))?.into(),
        vnis,
        remote,
    })
}
