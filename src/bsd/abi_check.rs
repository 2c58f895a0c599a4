//! Built for a BSD only: the ABI tables of `layout/` for the host must equal
//! the `libc` crate's structs and constants, or the build fails. (libc has
//! no `rt_msghdr` for the BSDs; the per-OS files cite the headers for it,
//! and the real dumps in the tests check it.)

use std::mem::{offset_of, size_of};

use super::layout::{Abi, Field, Layout, RTF_BROADCAST, RTF_LLINFO, RTF_LOCAL, RTM_VERSION};

const HOST: Layout = match Layout::host() {
    Some(l) => l,
    None => panic!("rtsock has no ABI table for this BSD's architecture"),
};
const ABI: &Abi = HOST.abi();

/// `f` is `size` bytes at `at`.
const fn is(f: Field, at: usize, size: usize) -> bool {
    f.at == at && f.size == size
}

const fn is_some(f: Option<Field>, at: usize, size: usize) -> bool {
    match f {
        Some(f) => is(f, at, size),
        None => false,
    }
}

// What both systems' libc declares alike.
const _: () = {
    assert!(size_of::<libc::c_long>() == ABI.sockaddr_align);
    assert!(libc::AF_INET6 as u8 == ABI.af_inet6);
    assert!(libc::AF_LINK as u8 == super::layout::BSD_AF_LINK);
    assert!(libc::RTM_VERSION as u8 == RTM_VERSION);
    assert!(libc::RTF_LLINFO as u32 == RTF_LLINFO);
    assert!(libc::RTF_LOCAL as u32 == RTF_LOCAL);
    assert!(libc::RTF_BROADCAST as u32 == RTF_BROADCAST);
    assert!(libc::RTF_MULTICAST as u32 == ABI.rtf.multicast);
    assert!(size_of::<libc::time_t>() == ABI.time_t);
    assert!(size_of::<libc::sockaddr_in6>() == 28);

    let m = &ABI.ifm;
    let c = &m.counters;
    let d = offset_of!(libc::if_msghdr, ifm_data);
    assert!(size_of::<libc::if_msghdr>() == m.len);
    assert!(is(m.addrs, offset_of!(libc::if_msghdr, ifm_addrs), 4));
    assert!(is(m.flags, offset_of!(libc::if_msghdr, ifm_flags), 4));
    assert!(is(m.index, offset_of!(libc::if_msghdr, ifm_index), 2));
    assert!(is(m.ift, d + offset_of!(libc::if_data, ifi_type), 1));
    assert!(is_some(
        m.link_state,
        d + offset_of!(libc::if_data, ifi_link_state),
        1
    ));
    assert!(is(m.mtu, d + offset_of!(libc::if_data, ifi_mtu), 4));
    assert!(is(
        c.ipackets,
        d + offset_of!(libc::if_data, ifi_ipackets),
        8
    ));
    assert!(is(c.ierrors, d + offset_of!(libc::if_data, ifi_ierrors), 8));
    assert!(is(
        c.opackets,
        d + offset_of!(libc::if_data, ifi_opackets),
        8
    ));
    assert!(is(c.oerrors, d + offset_of!(libc::if_data, ifi_oerrors), 8));
    assert!(is(
        c.collisions,
        d + offset_of!(libc::if_data, ifi_collisions),
        8
    ));
    assert!(is(c.ibytes, d + offset_of!(libc::if_data, ifi_ibytes), 8));
    assert!(is(c.obytes, d + offset_of!(libc::if_data, ifi_obytes), 8));
    assert!(is(c.imcasts, d + offset_of!(libc::if_data, ifi_imcasts), 8));
    assert!(is(c.iqdrops, d + offset_of!(libc::if_data, ifi_iqdrops), 8));
    assert!(is_some(
        c.oqdrops,
        d + offset_of!(libc::if_data, ifi_oqdrops),
        8
    ));
    assert!(is(c.noproto, d + offset_of!(libc::if_data, ifi_noproto), 8));
};

#[cfg(target_os = "freebsd")]
const _: () = {
    use super::layout::freebsd;
    // The ioctl arguments of `ifreq.rs`: libc has FreeBSD's `ifaliasreq`
    // (the same layout as `in_aliasreq`).
    assert!(size_of::<libc::ifaliasreq>() == super::ifreq::in_aliasreq_len(&HOST));
    assert!(offset_of!(libc::ifaliasreq, ifra_addr) == 16);
    assert!(offset_of!(libc::ifaliasreq, ifra_broadaddr) == 32);
    assert!(offset_of!(libc::ifaliasreq, ifra_mask) == 48);
    assert!(offset_of!(libc::ifaliasreq, ifra_vhid) == 64);

    let a = &ABI.ifa;
    assert!(size_of::<libc::ifa_msghdr>() == a.len);
    assert!(is(a.addrs, offset_of!(libc::ifa_msghdr, ifam_addrs), 4));
    assert!(is(a.flags, offset_of!(libc::ifa_msghdr, ifam_flags), 4));
    assert!(is(a.index, offset_of!(libc::ifa_msghdr, ifam_index), 2));
    assert!(is(a.metric, offset_of!(libc::ifa_msghdr, ifam_metric), 4));
    let Some(ma) = ABI.ifma else {
        panic!("FreeBSD has ifma_msghdr")
    };
    assert!(size_of::<libc::ifma_msghdr>() == ma.len);
    assert!(is(ma.addrs, offset_of!(libc::ifma_msghdr, ifmam_addrs), 4));
    assert!(is(ma.index, offset_of!(libc::ifma_msghdr, ifmam_index), 2));
    let Some(an) = ABI.announce else {
        panic!("FreeBSD has if_announcemsghdr")
    };
    assert!(size_of::<libc::if_announcemsghdr>() == an.len);
    assert!(is(
        an.index,
        offset_of!(libc::if_announcemsghdr, ifan_index),
        2
    ));
    assert!(is(
        an.name,
        offset_of!(libc::if_announcemsghdr, ifan_name),
        16
    ));
    assert!(is(
        an.what,
        offset_of!(libc::if_announcemsghdr, ifan_what),
        2
    ));

    assert!(libc::RTM_IFINFO as u8 == freebsd::RTM_IFINFO);
    assert!(libc::RTM_IFANNOUNCE as u8 == freebsd::RTM_IFANNOUNCE);
    assert!(libc::RTM_NEWMADDR as u8 == freebsd::RTM_NEWMADDR);
    assert!(libc::RTM_IEEE80211 as u8 == freebsd::RTM_IEEE80211);
    assert!(libc::RTF_PINNED as u32 == freebsd::RTF_PINNED);
};

#[cfg(target_os = "openbsd")]
const _: () = {
    use super::layout::openbsd;
    assert!(is_some(
        ABI.hdrlen,
        offset_of!(libc::if_msghdr, ifm_hdrlen),
        2
    ));
    assert!(is_some(
        ABI.ifm.table,
        offset_of!(libc::if_msghdr, ifm_tableid),
        2
    ));
    assert!(libc::RTM_IFINFO as u8 == openbsd::RTM_IFINFO);
    assert!(libc::RTM_IFANNOUNCE as u8 == openbsd::RTM_IFANNOUNCE);
    assert!(libc::RTM_DESYNC as u8 == openbsd::RTM_DESYNC);
    assert!(libc::RTM_RESOLVE as u8 == openbsd::RTM_RESOLVE);
    assert!(libc::RTM_CHGADDRATTR as u8 == openbsd::RTM_CHGADDRATTR);
    assert!(libc::RTM_80211INFO as u8 == openbsd::RTM_80211INFO);
    assert!(libc::RTM_SOURCE as u8 == openbsd::RTM_SOURCE);
    assert!(libc::RTF_CLONING as u32 == openbsd::RTF_CLONING);
    assert!(libc::RTF_PROTO3 as u32 == openbsd::RTF_PERMANENT_ARP);
    assert!(libc::RTF_MPATH as u32 == openbsd::RTF_MPATH);
    assert!(matches!(ABI.rtf.cloned, Some(c) if c == libc::RTF_CLONED as u32));
};
