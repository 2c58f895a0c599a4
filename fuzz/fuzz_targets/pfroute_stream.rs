//! The PF_ROUTE stream decoder for each OS and architecture: the first
//! byte chooses the layout (bit 0 FreeBSD/OpenBSD, bit 1 amd64/i386, as
//! the seeds are written; bit 7 Darwin; bit 6 takes the architecture from
//! bits 2-4; bit 5 reads FreeBSD's nexthop records, bit 4 with it its
//! group records), the rest is a sysctl dump or routing-socket reads.
#![no_main]
use libfuzzer_sys::fuzz_target;
use rtsock::bsd::{Arch, BsdMessages, Decoder, Layout, Os, Records};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let os = match (pick & 0x80, pick & 1) {
        (0x80, _) => Os::Darwin,
        (_, 0) => Os::FreeBsd,
        _ => Os::OpenBsd,
    };
    let arch = match (pick & 0x40, pick & 2) {
        (0x40, _) => Arch::ALL[usize::from(pick >> 2 & 7) % Arch::ALL.len()],
        (_, 0) => Arch::Amd64,
        _ => Arch::I386,
    };
    let mut decoder = Decoder::new(Layout::new(os, arch));
    decoder.ctx.records = match (pick & 0x20, pick & 0x10) {
        (0, _) => Records::Messages,
        (_, 0) => Records::Nexthops,
        _ => Records::NexthopGroups,
    };
    for m in BsdMessages::new(bytes, &mut decoder).flatten() {
        let _ = serde_json::to_vec(&m);
    }
});
