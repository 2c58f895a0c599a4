//! IP tunnels (gre, gretap, ip6gre, ip6gretap, ipip, sit, ip6tnl, vti,
//! vti6) and MACsec links: their settings, and their IFLA_INFO_DATA as
//! iproute2's link_gre.c, link_gre6.c, link_iptnl.c, link_ip6tnl.c,
//! link_vti.c, link_vti6.c and ipmacsec.c build it for a new link (every
//! setting sent, at its default when not given, in their order).

use std::net::IpAddr;

use crate::common::attrs::*;
use crate::common::error::{Error, Result};
use crate::linux::change::ip_bytes;
use crate::linux::request::Request;

/// GRE_CSUM, GRE_KEY and GRE_SEQ (`linux/if_tunnel.h`), in network order.
const GRE_CSUM: u16 = 0x8000;
const GRE_KEY: u16 = 0x2000;
const GRE_SEQ: u16 = 0x1000;
/// TUNNEL_ENCAP_FLAG_CSUM6: the IPv6 kinds' default encapsulation flags.
const ENCAP_FLAG_CSUM6: u16 = 1 << 1;
/// DEFAULT_TNL_HOP_LIMIT and IPV6_DEFAULT_TNL_ENCAP_LIMIT.
const IPV6_HOP_LIMIT: u8 = 64;
const IPV6_ENCAP_LIMIT: u8 = 4;

/// The settings of an IP tunnel, in `ip link add ... type gre|ipip|...`
/// words. The device it rides on is `LinkSpec::link` (`dev`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IpTunnel {
    /// The local end (`local`), of the kind's family.
    pub local: Option<IpAddr>,
    /// The remote end (`remote`).
    pub remote: Option<IpAddr>,
    /// `ttl` (IPv4 kinds; 0 inherits, the default) or `hoplimit` (IPv6
    /// kinds; 64 when None).
    pub ttl: Option<u8>,
    /// `tos` of IPv4 kinds (1 is `inherit`).
    pub tos: u8,
    /// Path MTU discovery (`pmtudisc`, the default; `nopmtudisc`).
    pub pmtudisc: bool,
    /// The key of received packets (`ikey`, or `key` for both), gre and vti.
    pub ikey: Option<u32>,
    /// The key of sent packets (`okey`).
    pub okey: Option<u32>,
    /// gre: checksums on received and sent packets (`icsum`, `ocsum`, `csum`).
    pub csum: (bool, bool),
    /// gre: sequence numbers on received and sent packets (`iseq`,
    /// `oseq`, `seq`).
    pub seq: (bool, bool),
    /// The carried protocol (`mode`) of ipip, sit and ip6tnl: 4 ipip, 41
    /// ipv6, 137 mpls, 0 any (the default).
    pub mode: u8,
    /// IPv6 kinds: the encapsulation limit (`encaplimit`; 4 when None).
    pub encap_limit: Option<u8>,
    /// The firewall mark of outer packets (`fwmark`).
    pub fwmark: u32,
    /// Metadata-based (`external`): the endpoints come from routes.
    pub external: bool,
}

impl Default for IpTunnel {
    fn default() -> IpTunnel {
        IpTunnel {
            local: None,
            remote: None,
            ttl: None,
            tos: 0,
            pmtudisc: true,
            ikey: None,
            okey: None,
            csum: (false, false),
            seq: (false, false),
            mode: 0,
            encap_limit: None,
            fwmark: 0,
            external: false,
        }
    }
}

impl IpTunnel {
    /// A tunnel from `local` to `remote`.
    pub fn between(local: IpAddr, remote: IpAddr) -> IpTunnel {
        IpTunnel {
            local: Some(local),
            remote: Some(remote),
            ..IpTunnel::default()
        }
    }

    /// Refuses endpoints of the wrong family for `kind` (`gre` takes
    /// IPv4, `ip6gre` IPv6, ...).
    pub fn check(&self, kind: &str) -> Result<()> {
        let v6 = matches!(kind, "ip6gre" | "ip6gretap" | "ip6tnl" | "vti6");
        for (word, addr) in [("local", self.local), ("remote", self.remote)] {
            if let Some(a) = addr
                && a.is_ipv6() != v6
            {
                return Err(Error::invalid(
                    format!("type {kind} {word} {a}"),
                    format!("{kind} takes {} endpoints", if v6 { "IPv6" } else { "IPv4" }),
                ));
            }
        }
        Ok(())
    }

    fn gre_flags(&self) -> (u16, u16) {
        let side = |key: bool, csum: bool, seq: bool| {
            (if key { GRE_KEY } else { 0 })
                | (if csum { GRE_CSUM } else { 0 })
                | (if seq { GRE_SEQ } else { 0 })
        };
        (
            side(self.ikey.is_some(), self.csum.0, self.seq.0),
            side(self.okey.is_some(), self.csum.1, self.seq.1),
        )
    }

    /// The words of `ip link add ... type KIND` for it.
    pub fn words(&self) -> String {
        let mut s = String::new();
        if let Some(r) = self.remote {
            s += &format!(" remote {r}");
        }
        if let Some(l) = self.local {
            s += &format!(" local {l}");
        }
        if let Some(t) = self.ttl {
            s += &format!(" ttl {t}");
        }
        match (self.ikey, self.okey) {
            (Some(i), Some(o)) if i == o => s += &format!(" key {i}"),
            (i, o) => {
                if let Some(i) = i {
                    s += &format!(" ikey {i}");
                }
                if let Some(o) = o {
                    s += &format!(" okey {o}");
                }
            }
        }
        if self.external {
            s += " external";
        }
        s
    }
}

/// The four encapsulation attributes every tunnel parser ends with: type
/// none, the flags, ports 0 (network order).
fn encap(a: Request, first: u16, flags: u16) -> Request {
    a.attr(first, &0u16.to_ne_bytes())
        .attr(first + 1, &flags.to_ne_bytes())
        .attr(first + 2, &0u16.to_be_bytes())
        .attr(first + 3, &0u16.to_be_bytes())
}

/// The keys, key flags and ends both GRE parsers send first.
fn gre_keys_and_ends(a: Request, t: &IpTunnel) -> Request {
    let (iflags, oflags) = t.gre_flags();
    let mut a = a
        .attr(IFLA_GRE_IKEY.number, &t.ikey.unwrap_or(0).to_be_bytes())
        .attr(IFLA_GRE_OKEY.number, &t.okey.unwrap_or(0).to_be_bytes())
        .attr(IFLA_GRE_IFLAGS.number, &iflags.to_be_bytes())
        .attr(IFLA_GRE_OFLAGS.number, &oflags.to_be_bytes());
    if let Some(l) = t.local {
        a = a.attr(IFLA_GRE_LOCAL.number, &ip_bytes(l));
    }
    if let Some(r) = t.remote {
        a = a.attr(IFLA_GRE_REMOTE.number, &ip_bytes(r));
    }
    a
}

/// IFLA_GRE_* of gre and gretap (gre_parse_opt).
pub(super) fn gre_data(t: &IpTunnel, link: Option<u32>) -> Request {
    let a = Request::attrs();
    if t.external {
        return a.attr(IFLA_GRE_COLLECT_METADATA.number, &[]);
    }
    let mut a = gre_keys_and_ends(a, t);
    a = a
        .attr(IFLA_GRE_PMTUDISC.number, &[u8::from(t.pmtudisc)])
        .attr(IFLA_GRE_TOS.number, &[t.tos]);
    if let Some(l) = link {
        a = a.attr_u32(IFLA_GRE_LINK.number, l);
    }
    let a = a
        .attr(IFLA_GRE_TTL.number, &[t.ttl.unwrap_or(0)])
        .attr_u32(IFLA_GRE_FWMARK.number, t.fwmark);
    encap(a, IFLA_GRE_ENCAP_TYPE.number, 0)
}

/// IFLA_GRE_* of ip6gre and ip6gretap (gre_parse_opt in link_gre6.c).
pub(super) fn gre6_data(t: &IpTunnel, link: Option<u32>) -> Request {
    let a = Request::attrs();
    if t.external {
        return a.attr(IFLA_GRE_COLLECT_METADATA.number, &[]);
    }
    let mut a = gre_keys_and_ends(a, t);
    if let Some(l) = link {
        a = a.attr_u32(IFLA_GRE_LINK.number, l);
    }
    let a = a
        .attr(IFLA_GRE_TTL.number, &[t.ttl.unwrap_or(IPV6_HOP_LIMIT)])
        .attr(
            IFLA_GRE_ENCAP_LIMIT.number,
            &[t.encap_limit.unwrap_or(IPV6_ENCAP_LIMIT)],
        )
        .attr(IFLA_GRE_FLOWINFO.number, &0u32.to_be_bytes())
        .attr_u32(IFLA_GRE_FLAGS.number, 0)
        .attr_u32(IFLA_GRE_FWMARK.number, t.fwmark)
        // link_gre6.c sends the ERSPAN version (1) for every kind; the
        // kernel reads it for ip6erspan only.
        .attr(IFLA_GRE_ERSPAN_VER.number, &[1]);
    encap(a, IFLA_GRE_ENCAP_TYPE.number, ENCAP_FLAG_CSUM6)
}

/// IFLA_IPTUN_LOCAL and _REMOTE, when given.
fn iptun_ends(mut a: Request, t: &IpTunnel) -> Request {
    if let Some(l) = t.local {
        a = a.attr(IFLA_IPTUN_LOCAL.number, &ip_bytes(l));
    }
    if let Some(r) = t.remote {
        a = a.attr(IFLA_IPTUN_REMOTE.number, &ip_bytes(r));
    }
    a
}

/// IFLA_IPTUN_* of ipip and sit (iptunnel_parse_opt); sit adds its flags.
pub(super) fn iptun_data(t: &IpTunnel, link: Option<u32>, sit: bool) -> Request {
    let mut a = Request::attrs().attr(IFLA_IPTUN_PROTO.number, &[t.mode]);
    if t.external {
        return a.attr(IFLA_IPTUN_COLLECT_METADATA.number, &[]);
    }
    a = iptun_ends(a, t);
    let a = a
        .attr(IFLA_IPTUN_PMTUDISC.number, &[u8::from(t.pmtudisc)])
        .attr(IFLA_IPTUN_TOS.number, &[t.tos])
        .attr(IFLA_IPTUN_TTL.number, &[t.ttl.unwrap_or(0)])
        .attr_u32(IFLA_IPTUN_LINK.number, link.unwrap_or(0))
        .attr_u32(IFLA_IPTUN_FWMARK.number, t.fwmark);
    let a = encap(a, IFLA_IPTUN_ENCAP_TYPE.number, 0);
    if sit {
        a.attr(IFLA_IPTUN_FLAGS.number, &0u16.to_ne_bytes())
    } else {
        a
    }
}

/// IFLA_IPTUN_* of ip6tnl (ip6tunnel_parse_opt).
pub(super) fn ip6tnl_data(t: &IpTunnel, link: Option<u32>) -> Request {
    let mut a = Request::attrs().attr(IFLA_IPTUN_PROTO.number, &[t.mode]);
    if t.external {
        return a.attr(IFLA_IPTUN_COLLECT_METADATA.number, &[]);
    }
    a = iptun_ends(a, t);
    let a = a
        .attr(IFLA_IPTUN_TTL.number, &[t.ttl.unwrap_or(IPV6_HOP_LIMIT)])
        .attr(
            IFLA_IPTUN_ENCAP_LIMIT.number,
            &[t.encap_limit.unwrap_or(IPV6_ENCAP_LIMIT)],
        )
        .attr_u32(IFLA_IPTUN_FLOWINFO.number, 0)
        .attr_u32(IFLA_IPTUN_FLAGS.number, 0)
        .attr_u32(IFLA_IPTUN_LINK.number, link.unwrap_or(0))
        .attr_u32(IFLA_IPTUN_FWMARK.number, t.fwmark);
    encap(a, IFLA_IPTUN_ENCAP_TYPE.number, ENCAP_FLAG_CSUM6)
}

/// IFLA_VTI_* of vti and vti6 (vti_parse_opt, vti6_parse_opt).
pub(super) fn vti_data(t: &IpTunnel, link: Option<u32>) -> Request {
    let mut a = Request::attrs()
        .attr(IFLA_VTI_IKEY.number, &t.ikey.unwrap_or(0).to_be_bytes())
        .attr(IFLA_VTI_OKEY.number, &t.okey.unwrap_or(0).to_be_bytes());
    if let Some(l) = t.local {
        a = a.attr(IFLA_VTI_LOCAL.number, &ip_bytes(l));
    }
    if let Some(r) = t.remote {
        a = a.attr(IFLA_VTI_REMOTE.number, &ip_bytes(r));
    }
    a = a.attr_u32(IFLA_VTI_FWMARK.number, t.fwmark);
    match link {
        Some(l) => a.attr_u32(IFLA_VTI_LINK.number, l),
        None => a,
    }
}

/// The MACsec cipher suites (MACSEC_CIPHER_ID_*, `cipher`).
pub const MACSEC_CIPHERS: [(&str, u64); 4] = [
    ("gcm-aes-128", 0x0080_C200_0100_0001),
    ("gcm-aes-256", 0x0080_C200_0100_0002),
    ("gcm-aes-xpn-128", 0x0080_C200_0100_0003),
    ("gcm-aes-xpn-256", 0x0080_C200_0100_0004),
];

/// A MACsec link's settings (`ip link add link DEV NAME type macsec
/// ...`); `LinkSpec::link` is the device it secures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Macsec {
    /// The port of its secure channel identifier (`port N`).
    pub port: Option<u16>,
    /// The whole secure channel identifier (`sci N`).
    pub sci: Option<u64>,
    /// Encrypt, rather than only authenticate (`encrypt on|off`).
    pub encrypt: Option<bool>,
    /// Include the SCI in every frame (`send_sci on|off`).
    pub send_sci: Option<bool>,
    /// End station (`end_station on|off`).
    pub end_station: Option<bool>,
    /// Single copy broadcast (`scb on|off`).
    pub scb: Option<bool>,
    /// Protect frames (`protect on|off`).
    pub protect: Option<bool>,
    /// Validation of received frames (`validate strict|check|disabled`:
    /// 2, 1, 0).
    pub validate: Option<u8>,
    /// The cipher suite (`cipher`, [`MACSEC_CIPHERS`]).
    pub cipher: Option<u64>,
    /// The integrity check value's length (`icvlen`).
    pub icv_len: Option<u8>,
    /// Replay protection with its window (`replay on|off window N`).
    pub replay: Option<(bool, u32)>,
    /// The association number used to send (`encodingsa`).
    pub encoding_sa: Option<u8>,
}

/// IFLA_MACSEC_* (macsec_parse_opt): the SCI or port, the switches in the
/// order rtsock documents them, then the cipher, the ICV length, the
/// replay window and the encoding SA.
pub(super) fn macsec_data(m: &Macsec) -> Request {
    let mut a = Request::attrs();
    if let Some(sci) = m.sci {
        a = a.attr(IFLA_MACSEC_SCI.number, &sci.to_be_bytes());
    } else if let Some(p) = m.port {
        a = a.attr(IFLA_MACSEC_PORT.number, &p.to_be_bytes());
    }
    for (key, on) in [
        (&IFLA_MACSEC_ENCRYPT, m.encrypt),
        (&IFLA_MACSEC_INC_SCI, m.send_sci),
        (&IFLA_MACSEC_ES, m.end_station),
        (&IFLA_MACSEC_SCB, m.scb),
        (&IFLA_MACSEC_PROTECT, m.protect),
    ] {
        if let Some(on) = on {
            a = a.attr(key.number, &[u8::from(on)]);
        }
    }
    if let Some(v) = m.validate {
        a = a.attr(IFLA_MACSEC_VALIDATION.number, &[v]);
    }
    if let Some(c) = m.cipher {
        a = a.attr(IFLA_MACSEC_CIPHER_SUITE.number, &c.to_ne_bytes());
    }
    if let Some(l) = m.icv_len {
        a = a.attr(IFLA_MACSEC_ICV_LEN.number, &[l]);
    }
    if let Some((on, window)) = m.replay {
        a = a
            .attr_u32(IFLA_MACSEC_WINDOW.number, window)
            .attr(IFLA_MACSEC_REPLAY_PROTECT.number, &[u8::from(on)]);
    }
    if let Some(sa) = m.encoding_sa {
        a = a.attr(IFLA_MACSEC_ENCODING_SA.number, &[sa]);
    }
    a
}
