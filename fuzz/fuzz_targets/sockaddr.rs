//! The sockaddr walker alone: the first byte chooses the layout, the next
//! four are `rtm_addrs`, the rest the sockaddrs.
#![no_main]
use libfuzzer_sys::fuzz_target;
use rtsock::raw::pfroute::{mask_prefix, parse_sockaddrs};
use rtsock::bsd::{Arch, Layout, Os};

fuzz_target!(|data: &[u8]| {
    if data.len() < 5 {
        return;
    }
    let os = match data[0] % 3 {
        0 => Os::FreeBsd,
        1 => Os::OpenBsd,
        _ => Os::Darwin,
    };
    let arch = Arch::ALL[usize::from(data[0] >> 2) % Arch::ALL.len()];
    let addrs = u32::from_le_bytes([data[1], data[2], data[3], data[4]]);
    if let Ok(slots) = parse_sockaddrs(&data[5..], addrs, &Layout::new(os, arch), 5) {
        for s in slots {
            let _ = mask_prefix(&s.sa, 2);
            let _ = mask_prefix(&s.sa, 10);
        }
    }
});
