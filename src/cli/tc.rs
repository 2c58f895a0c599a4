//! `rtsock tc qdisc|class [show] [dev DEV]`: queueing disciplines (here)
//! and classes (`tc/class.rs`) as `tc` prints them (the options of the
//! kinds rtsock decodes), or the normalized messages with `-j`.

use super::*;
use rtsock::common::kinds::class::rate::{parse_rate, parse_size, parse_time};

mod action;
mod actions;
mod chain;
mod class;
mod filter;

/// `qdisc KIND HANDLE dev DEV root|parent P [refcnt N] [OPTIONS]`, as
/// tc_qdisc.c's print_qdisc lays it out.
/// With `dev_pinned` (`show dev DEV`), the device is left out, as tc does.
pub(super) fn qdisc_line(
    q: &rtsock::views::Qdisc,
    names: &format::Names,
    dev_pinned: bool,
) -> String {
    let dev = (!dev_pinned).then(|| format::dev(names, q.index));
    q.line(dev.as_deref())
}

/// `dev DEV [root|ingress|clsact|parent H] [handle H] [KIND [limit N]
/// [default H] [r2q N]]`, as tc reads them (handles and htb's default in hex).
fn parse_qdisc(words: &[&str]) -> Result<rtsock::change::QdiscSpec, Error> {
    use rtsock::change::{FqCodel, Netem, PRIO_DEFAULT_MAP, QdiscKind, QdiscSpec, Tbf};
    let mut w = super::change::Words::new(words);
    let mut dev = None;
    let mut parent = rtsock::constants::TC_H_ROOT;
    let mut handle_given = None;
    let mut kind: Option<QdiscKind> = None;
    while let Some(word) = w.next() {
        match (word, &mut kind) {
            ("dev", _) => dev = Some(w.value(word, "a name")?),
            ("root", _) => parent = rtsock::constants::TC_H_ROOT,
            ("parent", _) => parent = QdiscSpec::parse_handle(w.value(word, "a handle")?)?,
            ("handle", _) => {
                handle_given = Some(QdiscSpec::parse_handle(w.value(word, "a handle")?)?)
            }
            ("ingress", None) => kind = Some(QdiscKind::Ingress),
            ("clsact", None) => kind = Some(QdiscKind::Clsact),
            ("pfifo", None) => kind = Some(QdiscKind::Pfifo { limit: None }),
            ("bfifo", None) => kind = Some(QdiscKind::Bfifo { limit: None }),
            ("pfifo_fast", None) => kind = Some(QdiscKind::PfifoFast),
            ("htb", None) => {
                kind = Some(QdiscKind::Htb {
                    default_class: 0,
                    r2q: 10,
                })
            }
            ("limit", Some(QdiscKind::Pfifo { limit } | QdiscKind::Bfifo { limit })) => {
                *limit = Some(w.number(word)?)
            }
            ("default", Some(QdiscKind::Htb { default_class, .. })) => {
                let text = w.value(word, "a class")?;
                *default_class = u32::from_str_radix(text, 16)
                    .map_err(|_| usage(format!("default {text:?}: a class number in hex")))?;
            }
            ("r2q", Some(QdiscKind::Htb { r2q, .. })) => *r2q = w.number(word)?,
            ("tbf", None) => kind = Some(QdiscKind::Tbf(Tbf::new(0, 0, 0))),
            ("tbf", Some(_)) | ("prio", Some(_)) | ("fq_codel", Some(_)) | ("netem", Some(_)) => {
                return Err(usage(format!("{word}: one qdisc kind at a time")));
            }
            ("prio", None) => {
                kind = Some(QdiscKind::Prio {
                    bands: 3,
                    priomap: PRIO_DEFAULT_MAP,
                })
            }
            ("fq_codel", None) => kind = Some(QdiscKind::FqCodel(FqCodel::default())),
            (_, Some(QdiscKind::Tbf(t))) => tbf_word(t, word, &mut w)?,
            ("bands", Some(QdiscKind::Prio { bands, .. })) => *bands = w.number(word)?,
            ("priomap", Some(QdiscKind::Prio { priomap, .. })) => {
                let mut given = 0;
                while let Some(band) = w.peek().and_then(|b| b.parse::<u8>().ok()) {
                    w.next();
                    *priomap
                        .get_mut(given)
                        .ok_or_else(|| usage("priomap: 16 bands at most"))? = band;
                    given += 1;
                }
            }
            (_, Some(QdiscKind::FqCodel(f))) => fq_codel_word(f, word, &mut w)?,
            ("netem", None) => kind = Some(QdiscKind::Netem(Netem::default())),
            (_, Some(QdiscKind::Netem(n))) => netem_word(n, word, &mut w)?,
            (other, None) => {
                return Err(Error::Unsupported(format!(
                    "qdisc kind {other:?} (pfifo, bfifo, pfifo_fast, htb, tbf, prio, fq_codel, netem, ingress, clsact)"
                )));
            }
            (other, Some(k)) => {
                return Err(usage(format!("{}: unknown option {other:?}", k.name())));
            }
        }
    }
    let dev = dev.ok_or_else(|| usage("tc qdisc needs dev DEV"))?;
    let mut spec = match kind {
        Some(QdiscKind::Ingress) => QdiscSpec::ingress(dev),
        Some(QdiscKind::Clsact) => QdiscSpec::clsact(dev),
        _ => QdiscSpec::under(dev, parent),
    };
    if let Some(k) = kind.filter(|k| !matches!(k, QdiscKind::Ingress | QdiscKind::Clsact)) {
        spec = spec.kind(k);
    }
    if let Some(h) = handle_given {
        spec = spec.handle(h);
    }
    Ok(spec)
}

/// One of tbf's words: rate, burst, limit, latency, peakrate, mtu, mpu,
/// overhead.
fn tbf_word(
    t: &mut rtsock::change::Tbf,
    word: &str,
    w: &mut crate::cli::change::Words<'_, &str>,
) -> Result<(), Error> {
    match word {
        "rate" => t.rate = parse_rate(w.value(word, "a rate")?)?,
        "burst" | "buffer" | "maxburst" => t.burst = parse_size(w.value(word, "a size")?)?,
        "limit" => {
            let bytes = parse_size(w.value(word, "a size")?)?;
            t.limit = Some(u32::try_from(bytes).map_err(|_| usage("limit: at most 4 GiB"))?);
        }
        "latency" => t.latency = Some(parse_time(w.value(word, "a time")?)?),
        "peakrate" => t.peakrate = Some(parse_rate(w.value(word, "a rate")?)?),
        "mtu" | "minburst" => {
            let bytes = parse_size(w.value(word, "a size")?)?;
            t.mtu = u32::try_from(bytes).map_err(|_| usage("mtu: at most 4 GiB"))?;
        }
        "mpu" => t.mpu = w.number(word)?,
        "overhead" => t.overhead = w.number(word)?,
        other => return Err(usage(format!("tbf: unknown option {other:?}"))),
    }
    Ok(())
}

/// Whether the next word is a number (netem's optional arguments).
fn next_is_number(w: &mut crate::cli::change::Words<'_, &str>) -> bool {
    w.peek()
        .is_some_and(|x| x.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.'))
}

/// One of netem's words: limit, delay, loss, duplicate, corrupt,
/// reorder, gap, rate, ecn, seed (netem_parse_opt).
fn netem_word(
    n: &mut rtsock::change::Netem,
    word: &str,
    w: &mut crate::cli::change::Words<'_, &str>,
) -> Result<(), Error> {
    use rtsock::common::kinds::class::rate::{parse_percent, parse_time_ns};
    let percent = |w: &mut crate::cli::change::Words<'_, &str>| -> Result<u32, Error> {
        parse_percent(w.value(word, "a percentage")?)
    };
    let correlation = |w: &mut crate::cli::change::Words<'_, &str>| -> Result<Option<u32>, Error> {
        if next_is_number(w) {
            Ok(Some(parse_percent(w.next().unwrap_or_default())?))
        } else {
            Ok(None)
        }
    };
    match word {
        "limit" => n.limit = w.number(word)?,
        "delay" | "latency" => {
            n.delay = Some(parse_time_ns(w.value(word, "a time")?)?);
            if next_is_number(w) {
                n.jitter = Some(parse_time_ns(w.next().unwrap_or_default())?);
                n.delay_corr = correlation(w)?;
            }
        }
        "loss" | "drop" => {
            if w.peek() == Some("random") {
                w.next();
            }
            n.loss = percent(w)?;
            n.loss_corr = correlation(w)?;
        }
        "duplicate" => {
            n.duplicate = percent(w)?;
            n.duplicate_corr = correlation(w)?;
        }
        "corrupt" => {
            let p = percent(w)?;
            n.corrupt = Some((p, correlation(w)?.unwrap_or(0)));
        }
        "reorder" => {
            let p = percent(w)?;
            n.reorder = Some((p, correlation(w)?.unwrap_or(0)));
        }
        "gap" => n.gap = w.number(word)?,
        "rate" => {
            let rate = parse_rate(w.value(word, "a rate")?)?;
            let mut extra = [0i64; 3];
            for slot in &mut extra {
                if !next_is_number(w) {
                    break;
                }
                *slot = w.number("rate")?;
            }
            let small = |v: i64| i32::try_from(v).map_err(|_| usage("rate: overheads fit 32 bits"));
            let cell =
                u32::try_from(extra[1]).map_err(|_| usage("rate: a cell size fits 32 bits"))?;
            n.rate = Some((rate, small(extra[0])?, cell, small(extra[2])?));
        }
        "ecn" => n.ecn = true,
        "seed" => n.seed = Some(w.number(word)?),
        other => return Err(usage(format!("netem: unknown option {other:?}"))),
    }
    Ok(())
}

/// One of fq_codel's words.
fn fq_codel_word(
    f: &mut rtsock::change::FqCodel,
    word: &str,
    w: &mut crate::cli::change::Words<'_, &str>,
) -> Result<(), Error> {
    let time = |w: &mut crate::cli::change::Words<'_, &str>| -> Result<Option<u32>, Error> {
        Ok(Some(parse_time(w.value(word, "a time")?)?))
    };
    match word {
        "limit" => f.limit = Some(w.number(word)?),
        "flows" => f.flows = Some(w.number(word)?),
        "quantum" => f.quantum = Some(w.number(word)?),
        "drop_batch" => f.drop_batch = Some(w.number(word)?),
        "target" => f.target = time(w)?,
        "interval" => f.interval = time(w)?,
        "ce_threshold" => f.ce_threshold = time(w)?,
        "memory_limit" => {
            let bytes = parse_size(w.value(word, "a size")?)?;
            f.memory_limit =
                Some(u32::try_from(bytes).map_err(|_| usage("memory_limit: at most 4 GiB"))?);
        }
        "ecn" => f.ecn = Some(true),
        "noecn" => f.ecn = Some(false),
        other => return Err(usage(format!("fq_codel: unknown option {other:?}"))),
    }
    Ok(())
}

/// `tc -s`'s two statistics lines from TCA_STATS2 (basic and queue), as
/// tc_util.c's print_tcstats2_attr lays them out.
fn stats_lines(m: &Message) -> Vec<String> {
    use rtsock::attrs::*;
    use rtsock::common::value::find_key;
    let Some(stats) = m.get(&TCA_STATS2).and_then(Value::as_nested) else {
        return Vec::new();
    };
    let get = |key: &Key, field: &str| {
        find_key(stats, key)
            .and_then(|v| v.field(field))
            .and_then(Value::as_u64)
            .unwrap_or(0)
    };
    let q = |f: &str| get(&TCA_STATS_QUEUE, f);
    vec![
        format!(
            " Sent {} bytes {} pkt (dropped {}, overlimits {} requeues {})",
            get(&TCA_STATS_BASIC, "bytes"),
            get(&TCA_STATS_BASIC, "packets"),
            q("drops"),
            q("overlimits"),
            q("requeues")
        ),
        format!(
            " backlog {} {}p requeues {}",
            rtsock::common::kinds::class::rate::size_text(q("backlog") as f64),
            q("qlen"),
            q("requeues")
        ),
    ]
}

/// `[show|list|ls] [dev DEV]`, the listing words of qdiscs and classes:
/// the filter, and whether a device was named (tc then leaves it out).
fn show_words<'a>(
    words: &mut std::iter::Peekable<impl Iterator<Item = &'a str>>,
    what: &str,
) -> Result<(Filter, bool), Failure> {
    if matches!(words.peek(), Some(&("show" | "list" | "ls"))) {
        words.next();
    }
    let mut filter = Filter::new();
    let mut dev_pinned = false;
    while let Some(w) = words.next() {
        match w {
            "dev" => {
                let d = words.next().ok_or_else(|| usage("dev needs a name"))?;
                filter = filter.dev(d);
                dev_pinned = true;
            }
            other => {
                return Err(usage(format!("tc {what} show: unknown argument {other:?}")).into());
            }
        }
    }
    Ok((filter, dev_pinned))
}

/// `[show|list|ls] [dev DEV] [root|ingress|egress|parent P]`, the listing
/// words of filters and chains (which the kernel lists per block): the
/// filter, and whether a device was named.
fn block_words<'a>(
    mut words: std::iter::Peekable<impl Iterator<Item = &'a str>>,
    what: &str,
) -> Result<(Filter, bool), Failure> {
    if matches!(words.peek(), Some(&("show" | "list" | "ls"))) {
        words.next();
    }
    let rest: Vec<&str> = words.collect();
    let mut w = crate::cli::change::Words::new(&rest);
    let mut filter = Filter::new();
    let mut dev_pinned = false;
    while let Some(word) = w.next() {
        if let Some(p) = chain::parent_of(word, &mut w)? {
            filter = filter.parent(p);
            continue;
        }
        match word {
            "dev" => {
                filter = filter.dev(w.value(word, "a name")?);
                dev_pinned = true;
            }
            other => {
                return Err(usage(format!("tc {what} show: unknown argument {other:?}")).into());
            }
        }
    }
    Ok((filter, dev_pinned))
}

/// Dumps `kind` and prints each object as `lines` gives it (with the
/// device's name when `dev_pinned` is false), then -s's statistics; the
/// normalized messages with -j.
fn print_dump(
    cli: &Cli,
    kind: ObjectKind,
    filter: &Filter,
    dev_pinned: bool,
    mut lines: impl FnMut(&Message, Option<&str>, &format::Names) -> Option<Vec<String>>,
) -> Result<i32, Failure> {
    let mut ipr = open_socket(cli)?;
    let mut out = Output::new(cli.json);
    out.pretty = cli.pretty;
    out.names = format::link_names(&mut ipr)?;
    print_each(
        &mut ipr,
        kind,
        filter,
        &mut out,
        |_| true,
        |m, names| {
            let rtsock::Body::Tc(h) = &m.body else {
                return Vec::new();
            };
            let dev = (!dev_pinned).then(|| format::dev(names, h.index));
            let mut text = lines(m, dev.as_deref(), names).unwrap_or_default();
            if cli.stats > 0 {
                text.extend(stats_lines(m));
            }
            text
        },
    )?;
    Ok(out.finish().map(|()| 0)?)
}

/// A change when the first word is a verb (`add`, `del`, ...): the other
/// words read by `make`, then applied, or planned under --dry-run. None
/// when the words ask for a listing.
fn change_first(
    cli: &Cli,
    words: &[&str],
    make: impl FnOnce(rtsock::change::Verb, &[&str]) -> Result<rtsock::batch::Change, Error>,
) -> Option<Result<i32, Failure>> {
    let verb = rtsock::change::Verb::parse(words.first()?)?;
    Some(
        make(verb, &words[1..])
            .map_err(Failure::from)
            .and_then(|change| apply_or_plan(cli, &mut open_socket(cli)?, &change)),
    )
}

/// `tc qdisc [show] [dev DEV]`, and the changes.
pub(super) fn run(cli: &Cli, args: &[String]) -> Result<i32, Failure> {
    let mut words = args.iter().map(String::as_str).peekable();
    match words.next() {
        Some("qdisc") => {}
        Some("class") => return class::run(cli, &words.collect::<Vec<_>>()),
        Some("filter") => return filter::run(cli, &words.collect::<Vec<_>>()),
        Some("chain") => return chain::run(cli, &words.collect::<Vec<_>>()),
        Some("actions" | "action") => return actions::run(cli, &words.collect::<Vec<_>>()),
        Some(other) => {
            return Err(Error::Unsupported(format!(
                "tc {other} (qdisc, class, filter, chain, actions)"
            ))
            .into());
        }
        None => return Err(usage("tc qdisc|class|filter [show] [dev DEV]").into()),
    }
    let rest: Vec<&str> = words.collect();
    if let Some(done) = change_first(cli, &rest, |verb, words| {
        Ok(rtsock::batch::Change::Qdisc(verb, parse_qdisc(words)?))
    }) {
        return done;
    }
    let mut words = rest.into_iter().peekable();
    let (filter, dev_pinned) = show_words(&mut words, "qdisc")?;
    print_dump(
        cli,
        ObjectKind::Qdisc,
        &filter,
        dev_pinned,
        |m, _, names| {
            rtsock::views::Qdisc::from_message(m).map(|q| vec![qdisc_line(&q, names, dev_pinned)])
        },
    )
}
