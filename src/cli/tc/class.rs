//! `rtsock tc class [show] [dev DEV]` and `tc class add|replace|change|del
//! dev DEV parent P classid C htb rate R ...`, in tc's words.

use super::*;
use rtsock::change::{ClassSpec, HtbClass};
use rtsock::common::kinds::class::rate::{parse_rate, parse_size};
use rtsock::common::kinds::qdisc::parse_handle;

/// `dev DEV [root|parent P] classid C [htb rate R [ceil C] [burst B]
/// [cburst B] [prio N] [quantum N] [mtu N] [mpu N] [overhead N]]`.
fn parse(words: &[&str]) -> Result<ClassSpec, Error> {
    let mut w = crate::cli::change::Words::new(words);
    let mut dev = None;
    let mut parent = 0;
    let mut classid = None;
    let mut htb: Option<HtbClass> = None;
    let handle = |text: &str| {
        parse_handle(text).ok_or_else(|| usage(format!("{text:?}: a class id MAJ:MIN in hex")))
    };
    while let Some(word) = w.next() {
        match (word, &mut htb) {
            ("dev", _) => dev = Some(w.value(word, "a name")?),
            ("root", _) => parent = rtsock::constants::TC_H_ROOT,
            ("parent", _) => parent = handle(w.value(word, "a class id")?)?,
            ("classid", _) => classid = Some(handle(w.value(word, "a class id")?)?),
            ("handle", _) => return Err(usage("try \"classid\" instead of \"handle\"")),
            ("htb", None) => htb = Some(HtbClass::rate(0)),
            ("rate", Some(h)) => h.rate = parse_rate(w.value(word, "a rate")?)?,
            ("ceil", Some(h)) => h.ceil = Some(parse_rate(w.value(word, "a rate")?)?),
            ("burst" | "buffer" | "maxburst", Some(h)) => {
                h.burst = Some(parse_size(w.value(word, "a size")?)?)
            }
            ("cburst" | "cbuffer" | "cmaxburst", Some(h)) => {
                let bytes = parse_size(w.value(word, "a size")?)?;
                h.cburst = Some(u32::try_from(bytes).map_err(|_| usage("cburst: at most 4 GiB"))?);
            }
            ("prio", Some(h)) => h.prio = w.number(word)?,
            ("quantum", Some(h)) => h.quantum = w.number(word)?,
            ("mtu", Some(h)) => h.mtu = w.number(word)?,
            ("mpu", Some(h)) => h.mpu = w.number(word)?,
            ("overhead", Some(h)) => h.overhead = w.number(word)?,
            (other, None) => {
                return Err(Error::Unsupported(format!("class kind {other:?} (htb)")));
            }
            (other, Some(_)) => return Err(usage(format!("htb: unknown option {other:?}"))),
        }
    }
    let dev = dev.ok_or_else(|| usage("tc class needs dev DEV"))?;
    let classid = classid.ok_or_else(|| usage("tc class needs classid MAJ:MIN"))?;
    let spec = ClassSpec::new(dev, parent, classid);
    Ok(match htb {
        Some(h) => spec.htb(h),
        None => spec,
    })
}

/// `tc class`: a change when the first word is a verb, else a listing.
pub(super) fn run(cli: &Cli, words: &[&str]) -> Result<i32, Failure> {
    if let Some(done) = super::change_first(cli, words, |verb, words| {
        Ok(rtsock::batch::Change::Class(verb, parse(words)?))
    }) {
        return done;
    }
    let mut words = words.iter().copied().peekable();
    let (filter, dev_pinned) = show_words(&mut words, "class")?;
    print_dump(cli, ObjectKind::Class, &filter, dev_pinned, |m, dev, _| {
        rtsock::views::Class::from_message(m).map(|c| vec![c.line(dev)])
    })
}
