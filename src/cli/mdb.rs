//! `rtsock mdb [show] [dev BRIDGE]` and `mdb add|del dev BRIDGE port PORT
//! grp GROUP [permanent|temp] [vid N]`, in `bridge mdb`'s words.

use super::*;
use rtsock::change::{MdbGroup, MdbSpec};

/// A change when the first word is a verb, else a listing.
pub(super) fn run(cli: &Cli, ipr: &mut rtsock::IpRoute, args: &[String]) -> Result<i32, Failure> {
    if let Some(verb) = args.first().and_then(|w| rtsock::change::Verb::parse(w)) {
        let change = rtsock::batch::Change::Mdb(verb, parse(&args[1..])?);
        return apply_or_plan(cli, ipr, &change);
    }
    let filter = dev_listing(args, "mdb")?;
    let mut out = Output::new(cli.json);
    out.pretty = cli.pretty;
    out.names = format::link_names(ipr)?;
    print_each(
        ipr,
        ObjectKind::Mdb,
        &filter,
        &mut out,
        |_| true,
        |m, names| {
            rtsock::views::MdbEntry::all(m)
                .iter()
                .map(|e| e.line(&format::dev(names, e.bridge), &format::dev(names, e.port)))
                .collect()
        },
    )?;
    Ok(out.finish().map(|()| 0)?)
}

/// `dev BRIDGE port PORT grp GROUP [permanent|temp] [vid N]`.
fn parse(args: &[String]) -> Result<MdbSpec, Error> {
    let (mut bridge, mut port, mut group) = (None, None, None);
    let (mut permanent, mut vid) = (false, 0);
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        let mut value = || {
            words
                .next()
                .ok_or_else(|| usage(format!("{word} needs a value")))
        };
        match word {
            "dev" => bridge = Some(value()?.to_owned()),
            "port" => port = Some(value()?.to_owned()),
            "grp" => {
                let text = value()?;
                group = Some(match text.parse() {
                    Ok(ip) => MdbGroup::Ip(ip),
                    Err(_) => MdbGroup::Mac(
                        text.parse()
                            .map_err(|_| usage(format!("grp {text:?}: an IP or MAC group")))?,
                    ),
                });
            }
            "permanent" => permanent = true,
            "temp" => permanent = false,
            "vid" => vid = value()?.parse().map_err(|_| usage("vid is a number"))?,
            other => return Err(usage(format!("mdb: unknown argument {other:?}"))),
        }
    }
    let (Some(bridge), Some(port), Some(group)) = (bridge, port, group) else {
        return Err(usage("mdb add|del dev BRIDGE port PORT grp GROUP"));
    };
    let mut spec = MdbSpec::new(bridge, port, group);
    spec.permanent = permanent;
    spec.vid = vid;
    Ok(spec)
}
