//! One message body without its header, as `decode --payload-of` reads
//! captures: the first two bytes choose the message type.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let kind = u16::from_le_bytes([data[0], data[1]]) % 128;
    let _ = rtsock::linux::decode_body(kind, &data[2..], 0);
});
