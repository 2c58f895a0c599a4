//! Neighbour discovery options the kernel does not act on itself, handed
//! to user space (RTM_NEWNDUSEROPT, `struct nduseroptmsg`, NDUSEROPT_*;
//! ndisc_ra_useropt): a router advertisement's recursive DNS servers,
//! search domains, captive portal and NAT64 prefix, one option per
//! message, on RTNLGRP_ND_USEROPT. What rdnssd and NetworkManager read.
//! Announced, never dumped. Linux only.

pub mod view;

use super::{DumpEach, DumpHeader, Fields, KindInfo, OnBsd, u32_at};
use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::events::Group;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// The registry entry for ND user options (RTM_NEWNDUSEROPT; 69 to 71
/// are unused).
pub static INFO: KindInfo = KindInfo {
    kind: ObjectKind::NdUserOpt,
    noun: "nduseropt",
    new_type: RTM_NEWNDUSEROPT,
    del_type: RTM_NEWNDUSEROPT + 1,
    get_type: RTM_NEWNDUSEROPT + 2,
    last_type: RTM_NEWNDUSEROPT + 3,
    header_len: NdUserOptHeader::LEN,
    read_header: |b| Body::NdUserOpt(NdUserOptHeader::read(b)),
    attrs: &NDUSEROPT,
    fields: &[
        "family",
        "opts_len",
        "index",
        "icmp_type",
        "icmp_code",
        "options",
    ],
    groups: &[Group::NdUserOpt],
    has_body: |b| matches!(b, Body::NdUserOpt(_)),
    identity,
    dump_header: |s| {
        DumpHeader::fixed(
            NdUserOptHeader {
                family: s.family,
                ..NdUserOptHeader::default()
            }
            .to_bytes()
            .to_vec(),
        )
    },
    dump_each: DumpEach::Never,
    bsd: OnBsd::Absent(
        "the BSDs leave router advertisement options to rtsold and slaacd (OpenBSD's RTM_PROPOSAL carries what slaacd concludes, not the options)",
    ),
};

/// `struct nduseroptmsg`, and the option that follows it (`opts_len`
/// bytes, before the attributes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NdUserOptHeader {
    /// `nduseropt_family`: AF_INET6.
    pub family: u8,
    /// `nduseropt_opts_len`: the option's length in bytes.
    pub opts_len: u16,
    /// `nduseropt_ifindex`: the interface the message came in on.
    pub index: u32,
    /// `nduseropt_icmp_type`: the ICMPv6 message that carried it (134, a
    /// router advertisement).
    pub icmp_type: u8,
    /// `nduseropt_icmp_code`.
    pub icmp_code: u8,
    /// The ND option as it came (type, length in units of 8 bytes, data);
    /// [`view::NdUserOpt`] reads it.
    pub options: Vec<u8>,
}

impl NdUserOptHeader {
    /// `sizeof(struct nduseroptmsg)`.
    pub const LEN: usize = 16;

    /// Reads the fixed part from at least [`NdUserOptHeader::LEN`] bytes
    /// (the decoder then takes the option that follows).
    pub fn read(b: &[u8]) -> NdUserOptHeader {
        NdUserOptHeader {
            family: b[0],
            opts_len: u16::from_ne_bytes([b[2], b[3]]),
            index: u32_at(b, 4),
            icmp_type: b[8],
            icmp_code: b[9],
            options: Vec::new(),
        }
    }

    /// The fixed part's bytes (padding zero), without the option.
    pub fn to_bytes(&self) -> [u8; NdUserOptHeader::LEN] {
        let mut h = [0u8; NdUserOptHeader::LEN];
        h[0] = self.family;
        h[2..4].copy_from_slice(&self.opts_len.to_ne_bytes());
        h[4..8].copy_from_slice(&self.index.to_ne_bytes());
        h[8] = self.icmp_type;
        h[9] = self.icmp_code;
        h
    }

    pub(crate) fn fields(&self) -> Fields {
        vec![
            ("family", Value::U8(self.family)),
            ("opts_len", Value::U16(self.opts_len)),
            ("index", Value::U32(self.index)),
            ("icmp_type", Value::U8(self.icmp_type)),
            ("icmp_code", Value::U8(self.icmp_code)),
            ("options", Value::Bytes(self.options.clone())),
        ]
    }
}

/// An option is its interface, sender and type: a router's next
/// advertisement replaces it.
fn identity(m: &Message) -> String {
    let (index, kind) = match &m.body {
        Body::NdUserOpt(h) => (h.index, h.options.first().copied().unwrap_or(0)),
        _ => (0, 0),
    };
    let from = m
        .get(&NDUSEROPT_SRCADDR)
        .map(Value::to_string)
        .unwrap_or_default();
    format!("{index} {from} {kind}")
}
