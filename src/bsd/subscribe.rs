//! What an event monitor asks of a routing socket, as data (the monitor
//! itself is built on the BSDs only): its socket options and which
//! messages are events.

use super::layout::{Layout, Os, RTM_ADD, RTM_GET, openbsd as ob};
use crate::common::events::Group;
use crate::common::kinds::OnBsd;

/// One setsockopt(2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SockOpt {
    pub level: i32,
    pub name: i32,
    /// `SO_RERROR`, ... for errors and the dry run.
    pub label: &'static str,
    pub value: Vec<u8>,
    /// A kernel may lack it (FreeBSD before 13.0 has no SO_RERROR); the
    /// monitor then goes on without.
    pub required: bool,
}

const SOL_SOCKET: i32 = 0xffff;
const SO_RCVBUF: i32 = 0x1002;
/// FreeBSD sys/socket.h: without it a full socket drops silently and the
/// reader never learns (`soroverflow`).
const FREEBSD_SO_RERROR: i32 = 0x0002_0000;
const AF_ROUTE: i32 = 17;
const ROUTE_MSGFILTER: i32 = 1;
const ROUTE_TABLEFILTER: i32 = 2;
const RTABLE_ANY: u32 = 0xffff_ffff;
/// A receive buffer for bursts (the default is 8 KiB on both); the kernel
/// caps it at `kern.ipc.maxsockbuf`.
pub const MONITOR_RCVBUF: i32 = 1 << 20;

/// OpenBSD ROUTE_MSGFILTER: `1 << type` for each message type the groups
/// need (RTM_DESYNC is always delivered, and asked for too).
pub fn openbsd_msgfilter(groups: &[Group]) -> u32 {
    let mut mask: u32 = 1 << ob::RTM_DESYNC;
    for g in groups {
        let types: &[u8] = match g.kind().info().bsd {
            OnBsd::Links => &[ob::RTM_IFINFO, ob::RTM_IFANNOUNCE],
            OnBsd::Addresses => &[ob::RTM_NEWADDR, ob::RTM_DELADDR, ob::RTM_CHGADDRATTR],
            OnBsd::Routes | OnBsd::Neighbours => {
                &[ob::RTM_ADD, ob::RTM_DELETE, ob::RTM_CHANGE, ob::RTM_RESOLVE]
            }
            // OpenBSD has no multicast messages.
            OnBsd::Absent(_) | OnBsd::Nexthops(_) | OnBsd::Multicast => &[],
        };
        for t in types {
            mask |= 1 << t;
        }
    }
    mask
}

/// The options a monitor socket gets.
///
/// - FreeBSD: SO_RERROR, so an overflow is an ENOBUFS (an `Overrun`).
/// - OpenBSD: ROUTE_MSGFILTER, and ROUTE_TABLEFILTER set to RTABLE_ANY:
///   `route_input` otherwise drops every route message of another table.
pub fn monitor_options(layout: &Layout, groups: &[Group]) -> Vec<SockOpt> {
    // Option values are host-order ints.
    let int = |v: u32| layout.abi().int_bytes(v.into(), 4);
    let mut out = Vec::new();
    match layout.os {
        Os::FreeBsd => out.push(SockOpt {
            level: SOL_SOCKET,
            name: FREEBSD_SO_RERROR,
            label: "SO_RERROR",
            value: int(1),
            required: false,
        }),
        Os::OpenBsd => {
            out.push(SockOpt {
                level: AF_ROUTE,
                name: ROUTE_MSGFILTER,
                label: "ROUTE_MSGFILTER",
                value: int(openbsd_msgfilter(groups)),
                required: true,
            });
            out.push(SockOpt {
                level: AF_ROUTE,
                name: ROUTE_TABLEFILTER,
                label: "ROUTE_TABLEFILTER",
                value: int(RTABLE_ANY),
                required: true,
            });
        }
        Os::Darwin => {}
    }
    out.push(SockOpt {
        level: SOL_SOCKET,
        name: SO_RCVBUF,
        label: "SO_RCVBUF",
        value: int(MONITOR_RCVBUF as u32),
        required: false,
    });
    out
}

/// Whether a routing message is the echo of some process's request rather
/// than a change: an RTM_GET answer, or a request the kernel refused
/// (`rtm_errno` set). Both kernels broadcast those to every listener
/// (FreeBSD `send_rtm_reply`, OpenBSD `route_output`).
pub fn is_request_echo(layout: &Layout, msg: &[u8]) -> bool {
    if msg.len() < 4 || !(RTM_ADD..=RTM_GET).contains(&msg[3]) {
        return false;
    }
    if msg[3] == RTM_GET {
        return true;
    }
    let abi = layout.abi();
    match abi.rt.errno {
        Some(f) => msg.len() >= f.end() && abi.get32(f, msg) != 0,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bsd::layout::Arch;

    #[test]
    fn options_follow_each_kernel() {
        let fb = monitor_options(
            &Layout::new(Os::FreeBsd, crate::bsd::Arch::Amd64),
            &Group::ALL,
        );
        assert!(
            fb.iter()
                .any(|o| o.level == 0xffff && o.name == 0x20000 && o.value == [1, 0, 0, 0])
        );
        let ob = monitor_options(
            &Layout::new(Os::OpenBsd, crate::bsd::Arch::Amd64),
            &Group::ALL,
        );
        assert!(
            ob.iter()
                .any(|o| o.level == 17 && o.name == 2 && o.value == [0xff; 4] && o.required)
        );
        let filter = ob.iter().find(|o| o.name == 1 && o.level == 17).unwrap();
        let mask = u32::from_le_bytes(filter.value[..].try_into().unwrap());
        assert_eq!(mask, openbsd_msgfilter(&Group::ALL));
        for t in [1, 2, 3, 0xb, 0xc, 0xd, 0xe, 0xf, 0x10, 0x14] {
            assert_ne!(mask & (1 << t), 0, "type {t:#x}");
        }
        assert_eq!(mask & (1 << 4), 0, "no RTM_GET answers");
        assert!(ob.iter().chain(&fb).any(|o| o.label == "SO_RCVBUF"));
    }

    #[test]
    fn request_echoes_are_not_events() {
        let fb = Layout::new(Os::FreeBsd, Arch::Amd64);
        let ob = Layout::new(Os::OpenBsd, Arch::Amd64);
        let mut m = vec![0u8; 152];
        m[2] = 5;
        m[3] = 4;
        assert!(is_request_echo(&fb, &m), "RTM_GET answer");
        m[3] = 1;
        assert!(!is_request_echo(&fb, &m), "a route added");
        m[24..28].copy_from_slice(&17u32.to_le_bytes());
        assert!(is_request_echo(&fb, &m), "a refused add (EEXIST)");
        let mut o = vec![0u8; 96];
        o[3] = 2;
        assert!(!is_request_echo(&ob, &o));
        o[32] = 3;
        assert!(is_request_echo(&ob, &o));
        o[3] = 0xe; // RTM_IFINFO: no rtm_errno there
        assert!(!is_request_echo(&ob, &o));
    }
}
