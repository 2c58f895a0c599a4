//! The netlink stream decoder: framing, every message class, every attribute table.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for m in rtsock::linux::decode_stream(data).into_iter().flatten() {
        // Serializing walks every decoded value too.
        let _ = serde_json::to_vec(&m);
    }
});
