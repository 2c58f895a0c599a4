//! `rtsock vlan [show] [dev DEV]` and `vlan add|del dev DEV vid N[-M]
//! [pvid] [untagged] [self] [master]`, in `bridge vlan`'s words.

use super::*;
use rtsock::change::BridgeVlanSpec;

/// A change when the first word is a verb, else a listing.
pub(super) fn run(cli: &Cli, ipr: &mut rtsock::IpRoute, args: &[String]) -> Result<i32, Failure> {
    if let Some(verb) = args.first().and_then(|w| rtsock::change::Verb::parse(w)) {
        let change = rtsock::batch::Change::BridgeVlan(verb, parse(&args[1..])?);
        return apply_or_plan(cli, ipr, &change);
    }
    let filter = dev_listing(args, "vlan")?;
    let mut out = Output::new(cli.json);
    out.pretty = cli.pretty;
    out.names = format::link_names(ipr)?;
    print_each(
        ipr,
        ObjectKind::BridgeVlan,
        &filter,
        &mut out,
        |_| true,
        |m, names| {
            rtsock::views::BridgeVlan::all(m)
                .iter()
                .map(|v| v.line(&format::dev(names, v.index)))
                .collect()
        },
    )?;
    Ok(out.finish().map(|()| 0)?)
}

/// `dev DEV vid N[-M] [pvid] [untagged] [self] [master]`.
fn parse(args: &[String]) -> Result<BridgeVlanSpec, Error> {
    let mut spec = BridgeVlanSpec::new("", 0);
    let (mut dev, mut vid) = (None, None);
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        match word {
            "dev" => dev = Some(words.next().ok_or_else(|| usage("dev needs a name"))?),
            "vid" => {
                let text = words.next().ok_or_else(|| usage("vid needs N or N-M"))?;
                let number = |t: &str| {
                    t.parse::<u16>()
                        .map_err(|_| usage(format!("vid {text:?}: N or N-M")))
                };
                match text.split_once('-') {
                    Some((a, b)) => {
                        vid = Some(number(a)?);
                        spec.vid_end = Some(number(b)?);
                    }
                    None => vid = Some(number(text)?),
                }
            }
            "pvid" => spec.pvid = true,
            "untagged" => spec.untagged = true,
            "self" => spec.self_ = true,
            "master" => spec.master = true,
            other => return Err(usage(format!("vlan: unknown argument {other:?}"))),
        }
    }
    spec.dev = dev.ok_or_else(|| usage("vlan needs dev DEV"))?.into();
    spec.vid = vid.ok_or_else(|| usage("vlan needs vid N"))?;
    Ok(spec)
}
