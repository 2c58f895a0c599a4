use super::*;

fn every_abi() -> impl Iterator<Item = &'static Abi> {
    [Os::FreeBsd, Os::OpenBsd, Os::Darwin]
        .into_iter()
        .flat_map(|os| Arch::ALL.into_iter().map(move |a| Layout::new(os, a).abi()))
}

fn inside(what: &str, abi: &Abi, len: usize, fields: &[Option<Field>]) {
    for (i, f) in fields.iter().enumerate() {
        if let Some(f) = f {
            assert!(
                matches!(f.size, 1 | 2 | 4 | 8) && f.end() <= len,
                "{} {}: field #{i} {f:?} of {what} (length {len})",
                abi.os,
                abi.arch
            );
        }
    }
}

fn rt_fields(rt: &RtMsghdr) -> Vec<Option<Field>> {
    let mut v = vec![rt.table, rt.priority, rt.pid, rt.seq, rt.errno, rt.fmask];
    v.extend(
        [
            rt.index,
            rt.flags,
            rt.addrs,
            rt.inits,
            rt.locks,
            rt.mtu,
            rt.hopcount,
            rt.expire,
            rt.ssthresh,
            rt.rtt,
            rt.rttvar,
        ]
        .map(Some),
    );
    v
}

/// A field past its struct would read the sockaddrs (or beyond the bytes
/// the decoder checked it has): every table, every architecture.
#[test]
fn every_field_lies_inside_its_struct() {
    for abi in every_abi() {
        assert_eq!(Layout::new(abi.os, abi.arch).abi().arch, abi.arch);
        inside("rt_msghdr", abi, abi.rt.len, &rt_fields(&abi.rt));
        if let Some(rt2) = &abi.rt2 {
            inside("rt_msghdr2", abi, rt2.len, &rt_fields(rt2));
        }
        let m = &abi.ifm;
        let c = &m.counters;
        assert!(m.read_len <= m.len);
        let mut f = vec![m.table, m.link_state, c.oqdrops, abi.hdrlen];
        f.extend(
            [
                m.addrs,
                m.flags,
                m.index,
                m.ift,
                m.mtu,
                c.ipackets,
                c.ierrors,
                c.opackets,
                c.oerrors,
                c.collisions,
                c.ibytes,
                c.obytes,
                c.imcasts,
                c.iqdrops,
                c.noproto,
            ]
            .map(Some),
        );
        inside("if_msghdr (read)", abi, m.read_len, &f);
        let a = &abi.ifa;
        inside(
            "ifa_msghdr",
            abi,
            a.len,
            &[a.addrs, a.flags, a.index, a.metric].map(Some),
        );
        if let Some(ma) = &abi.ifma {
            inside("ifma_msghdr", abi, ma.len, &[ma.addrs, ma.index].map(Some));
        }
        if let Some(an) = &abi.announce {
            assert_eq!(an.name.size, 16, "IFNAMSIZ");
            assert!(an.name.end() <= an.len);
            inside(
                "if_announcemsghdr",
                abi,
                an.len,
                &[an.index, an.what].map(Some),
            );
        }
        // One meaning per type number.
        for (i, (n, _)) in abi.types.iter().enumerate() {
            assert!(
                abi.types[i + 1..].iter().all(|(m, _)| m != n),
                "{} type {n} listed twice",
                abi.os
            );
        }
        assert!(abi.sockaddr_align.is_power_of_two());
    }
}

/// The sizes the headers give (and `abi_check` proves against libc on
/// FreeBSD amd64), per architecture.
#[test]
fn struct_sizes_follow_each_architecture() {
    let size = |os, arch| {
        let a = Layout::new(os, arch).abi();
        (a.rt.len, a.ifm.len, a.ifa.len, a.sockaddr_align)
    };
    assert_eq!(size(Os::FreeBsd, Arch::Amd64), (152, 168, 20, 8));
    assert_eq!(size(Os::FreeBsd, Arch::Aarch64), (152, 168, 20, 8));
    assert_eq!(size(Os::FreeBsd, Arch::I386), (92, 168, 20, 4));
    assert_eq!(size(Os::FreeBsd, Arch::Armv7), (92, 168, 20, 4));
    assert_eq!(size(Os::OpenBsd, Arch::Amd64), (96, 168, 24, 8));
    assert_eq!(size(Os::OpenBsd, Arch::I386), (96, 160, 24, 4));
    // armv7: a 32-bit long, but the timeval is 8-aligned.
    assert_eq!(size(Os::OpenBsd, Arch::Armv7), (96, 168, 24, 4));
    assert_eq!(size(Os::Darwin, Arch::Amd64), (92, 112, 20, 4));
    // time_t: 32-bit only on FreeBSD i386.
    assert_eq!(Layout::new(Os::FreeBsd, Arch::I386).abi().time_t, 4);
    assert_eq!(Layout::new(Os::FreeBsd, Arch::Armv7).abi().time_t, 8);
    assert_eq!(Layout::new(Os::OpenBsd, Arch::I386).abi().time_t, 8);
}

#[test]
fn fields_read_and_write_in_the_abi_byte_order() {
    let le = Layout::new(Os::FreeBsd, Arch::Amd64).abi();
    let be = Layout::new(Os::FreeBsd, Arch::Powerpc64).abi();
    assert_eq!(be.endian, Endian::Big);
    let f = field(2, 4);
    let mut b = [0u8; 8];
    le.put(f, &mut b, 0x0102_0304);
    assert_eq!(b, [0, 0, 4, 3, 2, 1, 0, 0]);
    assert_eq!(le.get(f, &b), 0x0102_0304);
    be.put(f, &mut b, 0x0102_0304);
    assert_eq!(b, [0, 0, 1, 2, 3, 4, 0, 0]);
    assert_eq!(be.get(f, &b), 0x0102_0304);
    assert_eq!(be.int_bytes(0x0a0b, 2), [0x0a, 0x0b]);
    // Past the end: nothing read, nothing written, no panic.
    assert_eq!(le.get(field(6, 4), &b), 0);
    le.put(field(6, 4), &mut b, u64::MAX);
    assert_eq!(b, [0, 0, 1, 2, 3, 4, 0, 0]);
}

#[test]
fn type_tables_name_the_classes() {
    let fb = Layout::new(Os::FreeBsd, Arch::Amd64).abi();
    let ob = Layout::new(Os::OpenBsd, Arch::Amd64).abi();
    assert_eq!(fb.class(freebsd::RTM_IFANNOUNCE), Some(Class::Announce));
    assert_eq!(ob.class(openbsd::RTM_IFANNOUNCE), Some(Class::Announce));
    assert_eq!(fb.class(0x10), Some(Class::Multicast { new: false }));
    assert_eq!(ob.class(0x10), Some(Class::Desync));
    assert_eq!(ob.type_of(Class::Desync), Some(openbsd::RTM_DESYNC));
    assert_eq!(fb.class(0x9), None, "RTM_OLDADD is not decoded");
    assert!(matches!(
        ob.class(openbsd::RTM_RESOLVE),
        Some(Class::Route { resolves: true, .. })
    ));
    assert!(matches!(
        fb.class(freebsd::RTM_RESOLVE),
        Some(Class::Route {
            resolves: false,
            ..
        })
    ));
}
