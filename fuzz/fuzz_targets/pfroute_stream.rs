//! The PF_ROUTE stream decoder for each OS and width: the first byte
//! chooses the layout, the rest is a sysctl dump or routing-socket reads.
#![no_main]
use libfuzzer_sys::fuzz_target;
use rtsock::bsd::{Arch, Layout, Os, decode_stream};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let os = if pick & 1 == 0 { Os::FreeBsd } else { Os::OpenBsd };
    let arch = if pick & 2 == 0 { Arch::Amd64 } else { Arch::I386 };
    for m in decode_stream(Layout::new(os, arch), bytes).into_iter().flatten() {
        let _ = serde_json::to_vec(&m);
    }
});
