//! The actions a filter runs on what it matches (`tc ... action ...`):
//! gact verdicts, mirred, police, skbedit, vlan and pedit, as m_*.c in tc
//! reads them. Their requests are built in `action_netlink.rs`.

use std::net::Ipv4Addr;

use crate::common::api::Interface;
use crate::common::error::{Error, Result};
use crate::common::value::LinkAddr;

/// What a gact action does with a packet (TC_ACT_*, in tc's words).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// `continue`: on to the next filter (TC_ACT_UNSPEC).
    Continue,
    /// `pass` or `ok`: accept it (TC_ACT_OK).
    Pass,
    /// `reclassify`: classify it again (TC_ACT_RECLASSIFY).
    Reclassify,
    /// `drop` or `shot`: drop it (TC_ACT_SHOT).
    Drop,
    /// `pipe`: on to the next action (TC_ACT_PIPE).
    Pipe,
    /// `trap`: hand it to the CPU, out of hardware (TC_ACT_TRAP).
    Trap,
}

impl Verdict {
    /// The kernel's TC_ACT_* number.
    pub fn number(self) -> i32 {
        match self {
            Verdict::Continue => -1,
            Verdict::Pass => 0,
            Verdict::Reclassify => 1,
            Verdict::Drop => 2,
            Verdict::Pipe => 3,
            Verdict::Trap => 8,
        }
    }

    /// tc's word for it.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Continue => "continue",
            Verdict::Pass => "pass",
            Verdict::Reclassify => "reclassify",
            Verdict::Drop => "drop",
            Verdict::Pipe => "pipe",
            Verdict::Trap => "trap",
        }
    }

    /// The verdict `tc` means by a word (action_a2n).
    pub fn parse(word: &str) -> Option<Verdict> {
        Some(match word {
            "continue" => Verdict::Continue,
            "pass" | "ok" => Verdict::Pass,
            "reclassify" => Verdict::Reclassify,
            "drop" | "shot" => Verdict::Drop,
            "pipe" => Verdict::Pipe,
            "trap" => Verdict::Trap,
            _ => return None,
        })
    }
}

/// An action a filter runs on the packets it matches.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TcAction {
    /// A verdict (`action drop`, `action pass`; the gact action).
    Gact(Verdict),
    /// Mirror or redirect to a device (`action mirred egress redirect dev
    /// DEV`; `ingress` to its receive side, `mirror` for a copy).
    Mirred {
        /// To the device's receive side rather than its transmit side.
        ingress: bool,
        /// A copy (then on to the next action) rather than the packet.
        mirror: bool,
        /// The device.
        dev: Interface,
    },
    /// A policer (`action police rate R burst B ...`).
    Police(Police),
    /// Packet metadata set (`action skbedit priority C mark M ...`).
    Skbedit(Skbedit),
    /// A VLAN tag popped, pushed or changed (`action vlan push id N`).
    Vlan(VlanAction),
    /// Header bytes rewritten (`action pedit munge ip src set A`).
    Pedit(Pedit),
}

impl TcAction {
    /// The TCA_ACT_KIND word.
    pub fn name(&self) -> &'static str {
        match self {
            TcAction::Gact(_) => "gact",
            TcAction::Mirred { .. } => "mirred",
            TcAction::Police(_) => "police",
            TcAction::Skbedit(_) => "skbedit",
            TcAction::Vlan(_) => "vlan",
            TcAction::Pedit(_) => "pedit",
        }
    }
}

/// A policer: packets beyond `rate` (with `burst` of credit) get the
/// `exceed` verdict, the others `conform`'s (`action police rate R burst
/// B [mtu M] [peakrate P] [avrate A] [conform-exceed C/E | E]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Police {
    /// The rate in bytes per second (`rate`).
    pub rate: u64,
    /// The bucket in bytes (`burst`).
    pub burst: u64,
    /// The largest packet (`mtu`; needed with `peakrate`), 0 for none.
    pub mtu: u32,
    /// A second bucket's rate in bytes per second (`peakrate`).
    pub peakrate: Option<u64>,
    /// An average-rate limit in bytes per second instead (`avrate`).
    pub avrate: Option<u32>,
    /// The smallest size a packet is counted as (`mpu`).
    pub mpu: u16,
    /// Bytes added to every packet's size (`overhead`).
    pub overhead: u16,
    /// The verdict for packets over the rate (reclassify by default).
    pub exceed: Verdict,
    /// The verdict for the others (`conform-exceed C/E`), when given.
    pub conform: Option<Verdict>,
}

impl Police {
    /// Police to `rate` bytes per second with a `burst`-byte bucket,
    /// dropping what exceeds it.
    pub fn drop_over(rate: u64, burst: u64) -> Police {
        Police {
            rate,
            burst,
            mtu: 0,
            peakrate: None,
            avrate: None,
            mpu: 0,
            overhead: 0,
            exceed: Verdict::Drop,
            conform: None,
        }
    }
}

/// `action skbedit ...`: sets a packet's queue, priority, mark or type,
/// then goes on as `control` says (pipe unless told).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skbedit {
    /// The transmit queue (`queue_mapping N`).
    pub queue_mapping: Option<u16>,
    /// The priority, a class handle (`priority 1:10`).
    pub priority: Option<u32>,
    /// The firewall mark (`mark M`).
    pub mark: Option<u32>,
    /// The bits of the mark set (`mark M/MASK`).
    pub mask: Option<u32>,
    /// The packet type (`ptype host|broadcast|multicast|otherhost`:
    /// PACKET_HOST 0, PACKET_BROADCAST 1, PACKET_MULTICAST 2,
    /// PACKET_OTHERHOST 3).
    pub ptype: Option<u16>,
    /// The priority taken from the DS field (`inheritdsfield`).
    pub inherit_dsfield: bool,
    /// What happens next (`pipe` by default).
    pub control: Verdict,
}

impl Default for Skbedit {
    fn default() -> Skbedit {
        Skbedit {
            queue_mapping: None,
            priority: None,
            mark: None,
            mask: None,
            ptype: None,
            inherit_dsfield: false,
            control: Verdict::Pipe,
        }
    }
}

/// The packet types skbedit's `ptype` names, by number.
pub const PACKET_TYPES: [(&str, u16); 4] = [
    ("host", 0),
    ("broadcast", 1),
    ("multicast", 2),
    ("otherhost", 3),
];

/// What a vlan action does to the tag (TCA_VLAN_ACT_*).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VlanOp {
    /// `pop`: removes the outer tag.
    Pop,
    /// `push id N [protocol 802.1Q|802.1ad] [priority P]`: adds a tag.
    Push(VlanTag),
    /// `modify id N ...`: rewrites the outer tag.
    Modify(VlanTag),
    /// `pop_eth`: removes the Ethernet header.
    PopEth,
    /// `push_eth dst_mac M src_mac M`: adds an Ethernet header.
    PushEth {
        /// The destination MAC.
        dst: LinkAddr,
        /// The source MAC.
        src: LinkAddr,
    },
}

impl VlanOp {
    /// TCA_VLAN_ACT_POP 1, PUSH 2, MODIFY 3, POP_ETH 4, PUSH_ETH 5.
    pub fn number(&self) -> i32 {
        match self {
            VlanOp::Pop => 1,
            VlanOp::Push(_) => 2,
            VlanOp::Modify(_) => 3,
            VlanOp::PopEth => 4,
            VlanOp::PushEth { .. } => 5,
        }
    }

    /// tc's word for it.
    pub fn word(&self) -> &'static str {
        match self {
            VlanOp::Pop => "pop",
            VlanOp::Push(_) => "push",
            VlanOp::Modify(_) => "modify",
            VlanOp::PopEth => "pop_eth",
            VlanOp::PushEth { .. } => "push_eth",
        }
    }
}

/// The tag a vlan action pushes or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VlanTag {
    /// The VLAN id (`id`, 0 to 4095).
    pub id: u16,
    /// The tag's EtherType (`protocol`: 0x8100 or 0x88a8); the kernel's
    /// default, 802.1Q, when None.
    pub protocol: Option<u16>,
    /// The priority bits (`priority`, 0 to 7).
    pub priority: Option<u8>,
}

/// `action vlan OP ...`, then `control` (pipe unless told).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VlanAction {
    /// What it does to the tag.
    pub op: VlanOp,
    /// What happens next.
    pub control: Verdict,
}

impl VlanAction {
    /// `op`, then on to the next action.
    pub fn new(op: VlanOp) -> VlanAction {
        VlanAction {
            op,
            control: Verdict::Pipe,
        }
    }
}

/// One rewrite of a pedit action (`struct tc_pedit_key`): the 32-bit word
/// at `off` becomes `(word & mask) ^ val`, both in network order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeditKey {
    /// The bits kept.
    pub mask: u32,
    /// The bits written.
    pub val: u32,
    /// The word's offset from the network header, a multiple of 4.
    pub off: u32,
    /// An offset read from the packet at `at` (with `offmask` and
    /// `shift`), for headers after options; 0 here.
    pub at: u32,
    /// See `at`.
    pub offmask: u32,
    /// See `at`.
    pub shift: u32,
}

/// `action pedit munge ...`: header words rewritten in place, in the
/// legacy form (offsets from the network header, `set` only), then
/// `control` (pass unless told).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pedit {
    /// The rewrites, one per 32-bit word as m_pedit.c packs them.
    pub keys: Vec<PeditKey>,
    /// What happens next.
    pub control: Verdict,
}

impl Default for Pedit {
    fn default() -> Pedit {
        Pedit {
            keys: Vec::new(),
            control: Verdict::Pass,
        }
    }
}

impl Pedit {
    /// No rewrites yet.
    pub fn new() -> Pedit {
        Pedit::default()
    }

    /// `munge offset OFF u8|u16|u32 set VAL [retain R]`: writes the bits of
    /// `val` that `retain` selects into the `width`-byte field at `off`,
    /// keeping the rest (pack_key8/16/32 in m_pedit.c).
    pub fn set(mut self, off: u32, width: u8, val: u32, retain: u32) -> Result<Pedit> {
        let bad = |why: &str| Error::invalid(format!("pedit munge offset {off}"), why.to_owned());
        let ind = (off & 3) as usize;
        let (val, mask) = match width {
            4 if ind == 0 => (val & retain, !retain),
            4 => return Err(bad("a u32 starts on a 32-bit boundary")),
            2 if val > 0xffff => return Err(bad("a u16 value is at most 0xffff")),
            2 if ind == 3 => return Err(bad("a u16 cannot straddle two words")),
            2 => {
                let stride = 8 * (2 - ind as u32);
                let keep = [0x0000_ffff, 0xff00_00ff, 0xffff_0000][ind];
                ((val & retain) << stride, (!retain << stride) | keep)
            }
            1 if val > 0xff => return Err(bad("a u8 value is at most 0xff")),
            1 => {
                let stride = 8 * (3 - ind as u32);
                let keep = [0x00ff_ffff, 0xff00_ffff, 0xffff_00ff, 0xffff_ff00][ind];
                ((val & retain) << stride, (!retain << stride) | keep)
            }
            _ => return Err(bad("fields are u8, u16 or u32")),
        };
        if self.keys.len() >= 128 {
            return Err(bad("a pedit holds 128 keys at most"));
        }
        self.keys.push(PeditKey {
            mask,
            val,
            off: off & !3,
            at: 0,
            offmask: 0,
            shift: 0,
        });
        Ok(self)
    }

    /// `munge ip src set ADDR` (the IPv4 header's word at 12).
    pub fn ip_src(self, addr: Ipv4Addr) -> Result<Pedit> {
        self.set(12, 4, u32::from(addr), u32::MAX)
    }

    /// `munge ip dst set ADDR` (at 16).
    pub fn ip_dst(self, addr: Ipv4Addr) -> Result<Pedit> {
        self.set(16, 4, u32::from(addr), u32::MAX)
    }

    /// `munge ip tos set N` (byte 1; `dsfield` too).
    pub fn ip_tos(self, tos: u8) -> Result<Pedit> {
        self.set(1, 1, tos.into(), 0xff)
    }

    /// `munge ip ttl set N` (byte 8).
    pub fn ip_ttl(self, ttl: u8) -> Result<Pedit> {
        self.set(8, 1, ttl.into(), 0xff)
    }

    /// `munge ip protocol set N` (byte 9).
    pub fn ip_protocol(self, protocol: u8) -> Result<Pedit> {
        self.set(9, 1, protocol.into(), 0xff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pedit_keys_pack_as_m_pedit_packs_them() {
        let p = Pedit::new()
            .ip_src(Ipv4Addr::new(192, 0, 2, 1))
            .unwrap()
            .ip_ttl(64)
            .unwrap()
            .set(2, 2, 0x1234, 0xffff)
            .unwrap()
            .set(0, 1, 0x05, 0x0f)
            .unwrap();
        let words: Vec<(u32, u32, u32)> = p.keys.iter().map(|k| (k.val, k.mask, k.off)).collect();
        assert_eq!(
            words,
            [
                (0xc000_0201, 0, 12),
                // ttl is byte 0 of the word at 8: the other three kept.
                (0x4000_0000, 0x00ff_ffff, 8),
                // the low half of word 0.
                (0x0000_1234, 0xffff_0000, 0),
                // retain 0x0f: the byte's high nibble is kept too.
                (0x0500_0000, 0xf0ff_ffff, 0),
            ]
        );
        assert!(Pedit::new().set(3, 2, 1, 0xffff).is_err());
        assert!(Pedit::new().set(2, 4, 1, u32::MAX).is_err());
        assert!(Pedit::new().set(0, 1, 0x100, 0xff).is_err());
    }
}
