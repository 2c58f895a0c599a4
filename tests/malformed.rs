//! Hostile bytes: every malformed stream ends in errors or skipped messages
//! with a reason, never a panic and never an endless loop.

#[macro_use]
#[path = "support/fixtures.rs"]
mod fixtures;

use rtsock::capture::{parse_hex, read_pcap};
use rtsock::linux::{decode_body, decode_stream};

fn header(len: u32, kind: u16) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend(len.to_ne_bytes());
    b.extend(kind.to_ne_bytes());
    b.extend([0u8; 10]);
    b
}

#[test]
fn the_four_classic_faults_are_reported() {
    // Truncated header.
    let r = decode_stream(&header(20, 16)[..10]);
    assert_eq!(r.len(), 1);
    assert!(r[0].as_ref().unwrap_err().reason.contains("truncated"));

    // Length past the buffer.
    let r = decode_stream(&header(400, 16));
    assert!(r[0].as_ref().unwrap_err().reason.contains("runs past"));

    // Zero-length attribute inside a link message.
    let mut m = header(16 + 16 + 8, 16);
    m.extend([0u8; 16]);
    m.extend([0, 0, 3, 0, b'l', b'o', 0, 0]);
    let r = decode_stream(&m);
    assert!(
        r[0].as_ref()
            .unwrap_err()
            .reason
            .contains("shorter than its header")
    );

    // Nested attribute overrunning its parent (IFLA_LINKINFO of 12 bytes
    // holding an IFLA_INFO_KIND that claims 64).
    let mut m = header(16 + 16 + 12, 16);
    m.extend([0u8; 16]);
    m.extend([12, 0, 18, 0, 64, 0, 1, 0, b'v', b'e', b't', b'h']);
    let r = decode_stream(&m);
    let e = r[0].as_ref().unwrap_err();
    assert!(e.reason.contains("overruns its parent"), "{e}");
    assert_eq!(e.what, "attribute IFLA_LINKINFO");
}

#[test]
fn a_bad_message_is_skipped_and_the_next_one_still_decodes() {
    let mut stream = header(16 + 4, 24); // RTM_NEWROUTE with a 4-byte rtmsg: too short
    stream.extend([2, 0, 0, 0]);
    let mut done = header(20, 3);
    done.extend([0u8; 4]);
    stream.extend(done);
    let r = decode_stream(&stream);
    assert_eq!(r.len(), 2);
    assert!(
        r[0].as_ref()
            .unwrap_err()
            .to_string()
            .contains("RTM_NEWROUTE fixed header")
    );
    assert_eq!(r[1].as_ref().unwrap().event, "NLMSG_DONE");
}

/// A small deterministic generator, so failures reproduce.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn mutated_real_captures_never_panic() {
    need_fixtures!();
    let root = fixtures::path("pyroute2");
    let pcap = read_pcap(&std::fs::read(root.join("nl0.pcap")).unwrap()).unwrap();
    let text = std::fs::read_to_string(root.join("gre_01.dump")).unwrap();
    let mut seeds: Vec<Vec<u8>> = pcap
        .into_iter()
        .filter(|p| p.protocol == Some(0))
        .map(|p| p.data)
        .collect();
    seeds.push(parse_hex(&text).unwrap());
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut errors = 0usize;
    for round in 0..20_000 {
        let mut b = seeds[round % seeds.len()].clone();
        for _ in 0..1 + rng.next() % 8 {
            let i = (rng.next() as usize) % b.len();
            match rng.next() % 4 {
                0 => b[i] = rng.next() as u8,
                1 => b[i] = 0,
                2 => b[i] = 0xff,
                _ => b.truncate(i.max(1)),
            }
        }
        errors += decode_stream(&b).iter().filter(|r| r.is_err()).count();
        for kind in [16u16, 20, 24, 28, 32] {
            let _ = decode_body(kind, &b, 0);
        }
        let _ = read_pcap(&b);
    }
    assert!(errors > 0, "mutations should have produced some errors");
}
