//! Built for FreeBSD only: our offsets and sizes must equal the `libc`
//! crate's structs, or the build fails. (libc has no `rt_msghdr` for
//! FreeBSD; `layout.rs` cites the header for it, and the real dumps in the
//! tests check it.)

use std::mem::{offset_of, size_of};

use super::layout::{Arch, Layout, Os, freebsd};

const HOST: Layout = Layout {
    os: Os::FreeBsd,
    arch: if size_of::<usize>() == 8 {
        Arch::Amd64
    } else {
        Arch::I386
    },
};

// The ioctl arguments of `ifreq.rs`: libc has FreeBSD's `ifaliasreq` (the
// same layout as `in_aliasreq`) and `time_t`, which sizes `in6_aliasreq`.
const _: () = {
    assert!(size_of::<libc::ifaliasreq>() == super::ifreq::in_aliasreq_len(&HOST));
    assert!(offset_of!(libc::ifaliasreq, ifra_addr) == 16);
    assert!(offset_of!(libc::ifaliasreq, ifra_broadaddr) == 32);
    assert!(offset_of!(libc::ifaliasreq, ifra_mask) == 48);
    assert!(offset_of!(libc::ifaliasreq, ifra_vhid) == 64);
    assert!(size_of::<libc::time_t>() == super::ifreq::time_t(&HOST));
    assert!(size_of::<libc::sockaddr_in6>() == 28);
};

const _: () = {
    assert!(size_of::<libc::if_msghdr>() == 168);
    assert!(offset_of!(libc::if_msghdr, ifm_addrs) == 4);
    assert!(offset_of!(libc::if_msghdr, ifm_flags) == 8);
    assert!(offset_of!(libc::if_msghdr, ifm_index) == 12);
    assert!(offset_of!(libc::if_msghdr, ifm_data) == 16);
    assert!(size_of::<libc::if_data>() == 152);
    assert!(offset_of!(libc::if_data, ifi_link_state) == 4);
    assert!(offset_of!(libc::if_data, ifi_mtu) == 8);
    assert!(offset_of!(libc::if_data, ifi_ipackets) == 24);
    assert!(offset_of!(libc::if_data, ifi_ierrors) == 32);
    assert!(offset_of!(libc::if_data, ifi_opackets) == 40);
    assert!(offset_of!(libc::if_data, ifi_oerrors) == 48);
    assert!(offset_of!(libc::if_data, ifi_collisions) == 56);
    assert!(offset_of!(libc::if_data, ifi_ibytes) == 64);
    assert!(offset_of!(libc::if_data, ifi_obytes) == 72);
    assert!(offset_of!(libc::if_data, ifi_imcasts) == 80);
    assert!(offset_of!(libc::if_data, ifi_iqdrops) == 96);
    assert!(offset_of!(libc::if_data, ifi_oqdrops) == 104);
    assert!(offset_of!(libc::if_data, ifi_noproto) == 112);
    assert!(size_of::<libc::if_msghdr>() == HOST.if_msghdr_len());
    assert!(size_of::<libc::ifa_msghdr>() == HOST.ifa_msghdr_len());
    assert!(offset_of!(libc::ifa_msghdr, ifam_addrs) == 4);
    assert!(offset_of!(libc::ifa_msghdr, ifam_flags) == 8);
    assert!(offset_of!(libc::ifa_msghdr, ifam_index) == 12);
    assert!(offset_of!(libc::ifa_msghdr, ifam_metric) == 16);
    assert!(size_of::<libc::ifma_msghdr>() == freebsd::IFMA_MSGHDR_LEN);
    assert!(offset_of!(libc::ifma_msghdr, ifmam_addrs) == 4);
    assert!(offset_of!(libc::ifma_msghdr, ifmam_index) == 12);
    assert!(size_of::<libc::if_announcemsghdr>() == freebsd::IF_ANNOUNCEMSGHDR_LEN);
    assert!(offset_of!(libc::if_announcemsghdr, ifan_index) == 4);
    assert!(offset_of!(libc::if_announcemsghdr, ifan_name) == 6);
    assert!(offset_of!(libc::if_announcemsghdr, ifan_what) == 22);
    assert!(size_of::<libc::c_long>() == HOST.sockaddr_align());
    assert!(libc::AF_INET6 as u8 == HOST.af_inet6());
    assert!(libc::AF_LINK as u8 == super::layout::BSD_AF_LINK);
    assert!(libc::RTM_VERSION as u8 == super::layout::RTM_VERSION);
    assert!(libc::RTM_IFANNOUNCE as u8 == freebsd::RTM_IFANNOUNCE);
    assert!(libc::RTM_NEWMADDR as u8 == freebsd::RTM_NEWMADDR);
};
