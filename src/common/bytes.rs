//! Host-order integers read from a byte buffer at an offset: the rtnetlink
//! headers (`common::kinds`) and attributes (`linux::wire`) are read with
//! these.

// The readers index once (one bounds check) and are inlined into the
// decoders' loops, which run for every attribute of every message.
#[inline]
pub fn u16_at(b: &[u8], off: usize) -> u16 {
    u16::from_ne_bytes(*b[off..].first_chunk().expect("u16_at: past the end"))
}

#[inline]
pub fn u32_at(b: &[u8], off: usize) -> u32 {
    u32::from_ne_bytes(*b[off..].first_chunk().expect("u32_at: past the end"))
}

#[inline]
pub fn u64_at(b: &[u8], off: usize) -> u64 {
    u64::from_ne_bytes(*b[off..].first_chunk().expect("u64_at: past the end"))
}
