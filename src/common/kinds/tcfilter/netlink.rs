//! RTM_NEWTFILTER and RTM_DELTFILTER requests for a [`TcFilterSpec`], as
//! `tc filter` builds them (tc_filter_modify, and f_u32.c's u32_parse_opt
//! for u32's options). Pure: the interface is resolved through the
//! caller's `Resolver`; the [`ChangeSpec::netlink`] of the spec calls it.

use super::action_netlink::actions;
use super::spec::{Basic, Bpf, BpfProgram, Flower, Fw, Matchall, TcFilterKind, TcFilterSpec, U32};
use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::common::kinds::qdisc::TcHeader;
use crate::linux::change::Resolver;
use crate::linux::request::Request;

/// TC_U32_TERMINAL: a match ends the walk (set by `flowid`).
const TC_U32_TERMINAL: u8 = 1;
/// TCA_CLS_FLAGS_SKIP_HW and TCA_CLS_FLAGS_SKIP_SW.
const SKIP_HW: u32 = 1;
const SKIP_SW: u32 = 2;

/// The request for `verb`, with tc's flags: `replace` asks for CREATE
/// alone and `change` for neither (do_filter).
pub fn filter_request(verb: Verb, spec: &TcFilterSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let h = TcHeader {
        index: res.ifindex(&spec.dev, &what)?,
        handle: spec.handle,
        parent: spec.parent,
        info: spec.info(verb),
        ..TcHeader::default()
    };
    let base = NLM_F_REQUEST | NLM_F_ACK;
    let (kind, flags) = match verb {
        Verb::Add => (RTM_NEWTFILTER, base | NLM_F_CREATE | NLM_F_EXCL),
        Verb::Replace => (RTM_NEWTFILTER, base | NLM_F_CREATE),
        Verb::Delete => (RTM_DELTFILTER, base),
        _ => (RTM_NEWTFILTER, base),
    };
    let mut r = Request::new(kind, flags).fixed(&h.to_bytes());
    if let Some(c) = spec.chain {
        r = r.attr_u32(TCA_CHAIN.number, c);
    }
    let Some(k) = &spec.kind else {
        return Ok(r);
    };
    r = r.attr_str(TCA_KIND.number, k.name());
    match k {
        TcFilterKind::U32(u) => {
            if let Some(options) = u32_options(u, res, &what)? {
                r = r.attr(TCA_OPTIONS.number, &options);
            }
        }
        TcFilterKind::Flower(f) => {
            let protocol = spec.protocol.unwrap_or(super::spec::ETH_P_ALL);
            let options = flower_options(f, protocol, res, &what)?;
            r = r.attr(TCA_OPTIONS.number, &options);
        }
        TcFilterKind::Matchall(m) => {
            if let Some(options) = matchall_options(m, res, &what)? {
                r = r.attr(TCA_OPTIONS.number, &options);
            }
        }
        TcFilterKind::Fw(fw) => {
            if let Some(options) = fw_options(fw, res, &what)? {
                r = r.attr(TCA_OPTIONS.number, &options);
            }
        }
        TcFilterKind::Basic(b) => {
            if let Some(options) = basic_options(b, res, &what)? {
                r = r.attr(TCA_OPTIONS.number, &options);
            }
        }
        TcFilterKind::Bpf(b) => {
            r = r.attr(TCA_OPTIONS.number, &bpf_options(b, res, &what)?);
        }
    }
    Ok(r)
}

/// u32's TCA_OPTIONS: the class, the actions, then the selector (`struct
/// tc_u32_sel` and its keys in network order), then the flags; None for a
/// bare `u32` (tc sends no options when nothing follows the kind). The
/// class and actions go in the order tc reads them when `flowid` comes
/// first.
pub fn u32_options(u: &U32, res: &mut dyn Resolver, what: &str) -> Result<Option<Vec<u8>>> {
    if u.keys.is_empty()
        && u.classid.is_none()
        && u.actions.is_empty()
        && !u.skip_hw
        && !u.skip_sw
    {
        return Ok(None);
    }
    let mut a = Request::attrs();
    if let Some(c) = u.classid {
        a = a.attr_u32(TCA_U32_CLASSID.number, c);
    }
    if !u.actions.is_empty() {
        let list = actions(&u.actions, res, what)?;
        a = a.attr(TCA_U32_ACT.number, &list);
    }
    if !u.keys.is_empty() {
        // A class or an action ends the walk (TC_U32_TERMINAL, as
        // u32_parse_opt sets it for `flowid` and for `action`).
        let flags = if u.classid.is_some() || !u.actions.is_empty() {
            TC_U32_TERMINAL
        } else {
            0
        };
        let mut sel = vec![flags, 0, u.keys.len() as u8, 0];
        sel.extend_from_slice(&[0; 12]);
        for k in &u.keys {
            sel.extend_from_slice(&k.mask.to_be_bytes());
            sel.extend_from_slice(&k.val.to_be_bytes());
            sel.extend_from_slice(&k.off.to_ne_bytes());
            sel.extend_from_slice(&k.offmask.to_ne_bytes());
        }
        a = a.attr(TCA_U32_SEL.number, &sel);
    }
    let flags = if u.skip_hw { SKIP_HW } else { 0 } | if u.skip_sw { SKIP_SW } else { 0 };
    if flags != 0 {
        a = a.attr_u32(TCA_U32_FLAGS.number, flags);
    }
    Ok(Some(a.into_attr_bytes()))
}

/// matchall's TCA_OPTIONS (matchall_parse_opt): the class, the actions,
/// then the flags; None for a bare `matchall`.
pub fn matchall_options(
    m: &Matchall,
    res: &mut dyn Resolver,
    what: &str,
) -> Result<Option<Vec<u8>>> {
    if *m == Matchall::default() {
        return Ok(None);
    }
    let mut a = Request::attrs();
    if let Some(c) = m.classid {
        a = a.attr_u32(TCA_MATCHALL_CLASSID.number, c);
    }
    if !m.actions.is_empty() {
        a = a.attr(TCA_MATCHALL_ACT.number, &actions(&m.actions, res, what)?);
    }
    let flags = if m.skip_hw { SKIP_HW } else { 0 } | if m.skip_sw { SKIP_SW } else { 0 };
    if flags != 0 {
        a = a.attr_u32(TCA_MATCHALL_FLAGS.number, flags);
    }
    Ok(Some(a.into_attr_bytes()))
}

/// flower's TCA_OPTIONS as f_flower.c's flower_parse_opt builds them for
/// keys given in this order: the class, the MACs with their masks, the IP
/// protocol, the addresses with their masks, the ports (by protocol), the
/// actions; then the flags, always, and the filter's EtherType unless
/// it is `all`.
pub fn flower_options(
    f: &Flower,
    protocol: u16,
    res: &mut dyn Resolver,
    what: &str,
) -> Result<Vec<u8>> {
    let mut a = Request::attrs();
    if let Some(c) = f.classid {
        a = a.attr_u32(TCA_FLOWER_CLASSID.number, c);
    }
    for (keys, mac) in [
        ((TCA_FLOWER_KEY_ETH_DST, TCA_FLOWER_KEY_ETH_DST_MASK), f.dst_mac),
        ((TCA_FLOWER_KEY_ETH_SRC, TCA_FLOWER_KEY_ETH_SRC_MASK), f.src_mac),
    ] {
        if let Some((addr, mask)) = mac {
            a = a
                .attr(keys.0.number, addr.as_bytes())
                .attr(keys.1.number, mask.as_bytes());
        }
    }
    if let Some(p) = f.ip_proto {
        a = a.attr(TCA_FLOWER_KEY_IP_PROTO.number, &[p]);
    }
    for (v4, v6, prefix) in [
        (
            (TCA_FLOWER_KEY_IPV4_DST, TCA_FLOWER_KEY_IPV4_DST_MASK),
            (TCA_FLOWER_KEY_IPV6_DST, TCA_FLOWER_KEY_IPV6_DST_MASK),
            f.dst_ip,
        ),
        (
            (TCA_FLOWER_KEY_IPV4_SRC, TCA_FLOWER_KEY_IPV4_SRC_MASK),
            (TCA_FLOWER_KEY_IPV6_SRC, TCA_FLOWER_KEY_IPV6_SRC_MASK),
            f.src_ip,
        ),
    ] {
        let Some(p) = prefix else { continue };
        let (key, mask_key, width) = match p.addr {
            std::net::IpAddr::V4(_) => (v4.0, v4.1, 32u32),
            std::net::IpAddr::V6(_) => (v6.0, v6.1, 128),
        };
        let bits = u128::MAX
            .checked_shl(width - u32::from(p.len))
            .unwrap_or(0);
        let mask = bits.to_be_bytes();
        a = a
            .attr(key.number, &crate::linux::change::ip_bytes(p.addr))
            .attr(mask_key.number, &mask[16 - (width as usize / 8)..]);
    }
    for (port, is_dst) in [(f.dst_port, true), (f.src_port, false)] {
        let Some(port) = port else { continue };
        let key = match (f.ip_proto, is_dst) {
            (Some(6), true) => TCA_FLOWER_KEY_TCP_DST,
            (Some(6), false) => TCA_FLOWER_KEY_TCP_SRC,
            (Some(17), true) => TCA_FLOWER_KEY_UDP_DST,
            (Some(17), false) => TCA_FLOWER_KEY_UDP_SRC,
            (_, true) => TCA_FLOWER_KEY_SCTP_DST,
            (_, false) => TCA_FLOWER_KEY_SCTP_SRC,
        };
        a = a.attr(key.number, &port.to_be_bytes());
    }
    if !f.actions.is_empty() {
        a = a.attr(TCA_FLOWER_ACT.number, &actions(&f.actions, res, what)?);
    }
    let flags = if f.skip_hw { SKIP_HW } else { 0 } | if f.skip_sw { SKIP_SW } else { 0 };
    a = a.attr_u32(TCA_FLOWER_FLAGS.number, flags);
    if protocol != super::spec::ETH_P_ALL {
        a = a.attr(TCA_FLOWER_KEY_ETH_TYPE.number, &protocol.to_be_bytes());
    }
    Ok(a.into_attr_bytes())
}

/// fw's TCA_OPTIONS (fw_parse_opt): the mark's mask, the class, the
/// input device, the actions; None when nothing follows the kind. (tc
/// also drops a `/MASK` then; rtsock sends it.)
pub fn fw_options(fw: &Fw, res: &mut dyn Resolver, what: &str) -> Result<Option<Vec<u8>>> {
    if *fw == Fw::default() {
        return Ok(None);
    }
    let mut a = Request::attrs();
    if let Some(m) = fw.mask {
        a = a.attr_u32(TCA_FW_MASK.number, m);
    }
    if let Some(c) = fw.classid {
        a = a.attr_u32(TCA_FW_CLASSID.number, c);
    }
    if let Some(d) = &fw.indev {
        a = a.attr_str(TCA_FW_INDEV.number, d);
    }
    if !fw.actions.is_empty() {
        a = a.attr(TCA_FW_ACT.number, &actions(&fw.actions, res, what)?);
    }
    Ok(Some(a.into_attr_bytes()))
}

/// basic's TCA_OPTIONS (basic_parse_opt): the class, then the actions;
/// None for a bare `basic`.
pub fn basic_options(b: &Basic, res: &mut dyn Resolver, what: &str) -> Result<Option<Vec<u8>>> {
    if *b == Basic::default() {
        return Ok(None);
    }
    let mut a = Request::attrs();
    if let Some(c) = b.classid {
        a = a.attr_u32(TCA_BASIC_CLASSID.number, c);
    }
    if !b.actions.is_empty() {
        a = a.attr(TCA_BASIC_ACT.number, &actions(&b.actions, res, what)?);
    }
    Ok(Some(a.into_attr_bytes()))
}

/// bpf's TCA_OPTIONS (bpf_parse_opt): the class and the actions as they
/// are read, then the program once loaded (bpf_cbpf_cb: the count and the
/// instructions; bpf_ebpf_cb: the fd and the name), then the flags.
pub fn bpf_options(b: &Bpf, res: &mut dyn Resolver, what: &str) -> Result<Vec<u8>> {
    let mut a = Request::attrs();
    if let Some(c) = b.classid {
        a = a.attr_u32(TCA_BPF_CLASSID.number, c);
    }
    if !b.actions.is_empty() {
        a = a.attr(TCA_BPF_ACT.number, &actions(&b.actions, res, what)?);
    }
    match &b.program {
        BpfProgram::Classic(ops) => {
            let mut code = Vec::with_capacity(ops.len() * 8);
            for op in ops {
                code.extend_from_slice(&op.code.to_ne_bytes());
                code.extend_from_slice(&[op.jt, op.jf]);
                code.extend_from_slice(&op.k.to_ne_bytes());
            }
            a = a
                .attr(TCA_BPF_OPS_LEN.number, &(ops.len() as u16).to_ne_bytes())
                .attr(TCA_BPF_OPS.number, &code);
        }
        BpfProgram::Fd { fd, name } => {
            a = a
                .attr_u32(TCA_BPF_FD.number, *fd as u32)
                .attr_str(TCA_BPF_NAME.number, name);
        }
    }
    let flags = if b.skip_hw { SKIP_HW } else { 0 } | if b.skip_sw { SKIP_SW } else { 0 };
    if flags != 0 {
        a = a.attr_u32(TCA_BPF_FLAGS_GEN.number, flags);
    }
    if b.direct_action {
        // TCA_BPF_FLAG_ACT_DIRECT.
        a = a.attr_u32(TCA_BPF_FLAGS.number, 1);
    }
    Ok(a.into_attr_bytes())
}
