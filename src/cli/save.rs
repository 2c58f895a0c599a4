//! `route save`, `route restore` and `route showdump` in iproute2's
//! format: a 4-byte magic (0x45311224, host order) and then the route
//! messages as the kernel dumped them, so files pass between `ip` and
//! rtsock both ways.

use std::io::{IsTerminal, Read, Write};

use super::*;

/// The magic `ip route save` writes first (iproute.c's route_dump_magic).
pub(super) const ROUTE_DUMP_MAGIC: u32 = 0x4531_1224;

/// `route save [SELECTORS]`: what `route show` would list, as raw messages.
pub(super) fn route_save(
    ipr: &mut rtsock::IpRoute,
    args: &[String],
    family: Option<u8>,
    names: &format::Names,
) -> Result<i32, Failure> {
    use rtsock::RouteSocket;
    let mut out = io::stdout().lock();
    if out.is_terminal() {
        return Err(usage("Not sending a binary stream to stdout (as ip refuses)").into());
    }
    let sel = select::RouteSelection::parse(args, family, false, names)?;
    let sel = select::Selection::Route(sel);
    out.write_all(&ROUTE_DUMP_MAGIC.to_ne_bytes())?;
    let mut dump = ipr.dump(ObjectKind::Route, &sel.filter())?;
    let mut msg = Message::empty();
    let mut bytes = Vec::new();
    while let Some(r) = dump.next_with_bytes(&mut msg, &mut bytes) {
        r?;
        if sel.accepts(&msg) {
            out.write_all(&bytes)?;
        }
    }
    out.flush()?;
    Ok(0)
}

/// The messages of a saved dump, after its magic.
fn saved_messages(what: &str) -> Result<Vec<u8>, Failure> {
    let mut input = io::stdin().lock();
    if input.is_terminal() {
        return Err(usage(format!("{what}: can't read a route dump from a terminal")).into());
    }
    let mut all = Vec::new();
    input.read_to_end(&mut all)?;
    match all.get(..4) {
        Some(m) if m == ROUTE_DUMP_MAGIC.to_ne_bytes() => Ok(all.split_off(4)),
        _ => Err(Error::invalid(what, "not a route dump (magic mismatch)").into()),
    }
}

/// `route restore < FILE`: replays a saved dump as `ip route restore`
/// does, in three passes (routes to local addresses, then to local
/// networks, then through gateways), each message sent back with
/// NLM_F_CREATE; routes that exist already are skipped.
pub(super) fn route_restore(ipr: &mut rtsock::IpRoute) -> Result<i32, Failure> {
    use rtsock::raw::netlink::{Messages, Request};
    use rtsock::views::Route;
    let data = saved_messages("route restore")?;
    for pass in 0..3u8 {
        for raw in Messages::new(&data) {
            let raw = raw.map_err(|e| Error::decode("route restore", e.into()))?;
            let Ok(m) = rtsock::linux::decode_message(&raw) else {
                continue;
            };
            let Some(r) = Route::from_message(&m) else {
                continue;
            };
            // iproute.c's restore_handler: prefsrc == dst means a route to
            // a local address.
            let local_dst = r.prefsrc.is_none() || r.prefsrc == r.dst;
            let order = match (r.gateway.is_some(), local_dst) {
                (false, true) => 0,
                (false, false) => 1,
                (true, _) => 2,
            };
            if order != pass {
                continue;
            }
            let flags = raw.header.flags | NLM_F_REQUEST | NLM_F_CREATE | NLM_F_ACK;
            let req = Request::new(raw.header.kind, flags).fixed(raw.payload);
            match ipr.call(req, format!("route restore {r}")) {
                Ok(_) => {}
                Err(e) if e.errno() == Some(libc::EEXIST) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(0)
}

/// `route showdump < FILE`: the saved routes, printed as `route show`
/// prints them.
pub(super) fn route_showdump(names: &format::Names, style: &format::Style) -> Result<i32, Failure> {
    use rtsock::raw::netlink::Messages;
    let data = saved_messages("route showdump")?;
    let mut out = io::stdout().lock();
    for raw in Messages::new(&data) {
        let raw = raw.map_err(|e| Error::decode("route showdump", e.into()))?;
        let m =
            rtsock::linux::decode_message(&raw).map_err(|e| Error::decode("route showdump", e))?;
        if let Some(r) = rtsock::views::Route::from_message(&m) {
            let line = format::route_line(&r, &m, names, style, &format::Pinned::default());
            writeln!(out, "{line}")?;
        }
    }
    Ok(0)
}
