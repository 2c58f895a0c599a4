//! The BSD text fallback parsers: ifconfig, netstat/route show, arp, ndp.
#![no_main]
use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use rtsock::raw::pfroute::{names_of, parse_arp, parse_ifconfig, parse_ndp, parse_netstat};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let links = parse_ifconfig(text);
    let names: HashMap<String, u32> = names_of(&links.messages);
    let _ = parse_netstat(text, &names);
    let _ = parse_arp(text, &names);
    let _ = parse_ndp(text, &names);
});
