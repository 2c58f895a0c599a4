//! The capture readers: annotated hex text and pcap files.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = rtsock::capture::parse_hex(text);
    }
    if let Ok(packets) = rtsock::capture::read_pcap(data) {
        for p in packets {
            let _ = rtsock::linux::decode_stream(&p.data);
        }
    }
});
