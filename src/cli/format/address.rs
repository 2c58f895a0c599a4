//! Addresses as `ip addr` prints them (iproute2 `print_addrinfo`).

use rtsock::attrs::*;
use rtsock::constants::*;
use rtsock::views::Address;
use rtsock::{Message, Value};

use super::{Names, Style, dev};

/// iproute2's flag words in its order; `dynamic` stands for a missing
/// IFA_F_PERMANENT, `temporary` for an IPv6 secondary.
fn flag_words(a: &Address) -> Vec<String> {
    let mut words = Vec::new();
    let order = [
        IFA_F_SECONDARY,
        IFA_F_NODAD,
        IFA_F_OPTIMISTIC,
        IFA_F_DADFAILED,
        IFA_F_HOMEADDRESS,
        IFA_F_DEPRECATED,
        IFA_F_TENTATIVE,
        IFA_F_PERMANENT,
        IFA_F_MANAGETEMPADDR,
        IFA_F_NOPREFIXROUTE,
        IFA_F_MCAUTOJOIN,
        IFA_F_STABLE_PRIVACY,
    ];
    let mut rest = a.flags;
    for bit in order {
        if bit == IFA_F_PERMANENT {
            if a.flags & bit == 0 {
                words.push("dynamic".to_owned());
            }
        } else if a.flags & bit != 0 {
            let word = if bit == IFA_F_SECONDARY && a.family == AF_INET6 {
                "temporary"
            } else {
                IFA_FLAG_NAMES
                    .iter()
                    .find(|(b, _)| *b == bit)
                    .map_or("?", |(_, n)| n)
            };
            words.push(word.to_owned());
        }
        rest &= !bit;
    }
    if rest != 0 {
        words.push(format!("flags {rest:02x}"));
    }
    words
}

/// `LOCAL[ peer ADDRESS]/LEN`, coloured by family.
fn local_and_peer(a: &Address, style: &Style) -> String {
    match (a.own_address(), a.peer()) {
        (Some(local), Some(peer)) => format!(
            "{} peer {}/{}",
            style.addr(local),
            style.addr(peer),
            a.prefixlen
        ),
        (Some(local), None) => format!("{}/{}", style.addr(local), a.prefixlen),
        _ => format!("?/{}", a.prefixlen),
    }
}

fn lifetime(v: u32) -> String {
    if v == u32::MAX {
        "forever".to_owned()
    } else {
        format!("{v}sec")
    }
}

/// The lines of one address: `inet ...` and its lifetimes. `numbered`
/// starts the first with `INDEX: NAME` (`-o`, and `monitor`).
pub fn address_lines(
    a: &Address,
    m: &Message,
    names: &Names,
    style: &Style,
    numbered: bool,
) -> Vec<String> {
    let mut first = String::new();
    if numbered {
        first.push_str(&format!("{}: {}", a.index, dev(names, a.index)));
    }
    let family = if a.family == AF_INET6 {
        "inet6"
    } else {
        "inet"
    };
    first.push_str(&format!("    {family} {} ", local_and_peer(a, style)));
    if let Some(metric) = m.get(&IFA_RT_PRIORITY).and_then(Value::as_u32) {
        first.push_str(&format!("metric {metric} "));
    }
    if let Some(b) = a.broadcast {
        first.push_str(&format!("brd {} ", style.addr(b)));
    }
    first.push_str(&format!("scope {} ", a.scope));
    for w in flag_words(a) {
        first.push_str(&w);
        first.push(' ');
    }
    // Printed by iproute2 since 6.3 (rtnl_addrprot_n2a).
    if let Some(p) = m
        .get(&IFA_PROTO)
        .and_then(Value::as_u64)
        .filter(|&p| p != 0)
    {
        let name = match p {
            1 => "kernel_lo".to_owned(),
            2 => "kernel_ra".to_owned(),
            3 => "kernel_ll".to_owned(),
            other => format!("{other:#x}"),
        };
        first.push_str(&format!("proto {name} "));
    }
    if let Some(label) = &a.label {
        first.push_str(label);
    }
    let mut out = vec![first];
    if let (Some(v), Some(p)) = (a.valid_lft, a.preferred_lft) {
        out.push(format!(
            "       valid_lft {} preferred_lft {}",
            lifetime(v),
            lifetime(p)
        ));
    }
    out
}

/// The address column of `ip -br addr`: every address, space-separated.
pub fn brief_addresses(addrs: &[Address], style: &Style) -> String {
    let mut s = String::new();
    for a in addrs {
        s.push_str(&local_and_peer(a, style));
        s.push(' ');
    }
    s
}
