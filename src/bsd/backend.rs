//! The shared trait over PF_ROUTE (FreeBSD, OpenBSD): dumps through sysctl,
//! route changes and lookups through the routing socket, replies matched by
//! pid and sequence number. Built only on the BSDs.
//!
//! Interfaces and IPv4 addresses change through ioctls (`ioctl.rs`); ARP
//! and NDP entries through the routing socket, as `arp -s` does.
//! Not done yet, and answered with `Error::Unsupported`: IPv6 addresses
//! (SIOCAIFADDR_IN6), vlan and epair clones, bridge membership, and policy
//! rules (the BSDs have none; pf does that job).

use std::ffi::CString;
use std::io;
use std::net::IpAddr;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use super::decode::{Decoder, next_message};
use super::encode::{self, RtRequest};
use super::ifreq::{self, IN6_IFF_NODAD, INFINITE_LIFETIME, Inet6Alias, is_unit_name};
use super::ioctl::IfSock;
use super::layout::{Layout, Os};
use crate::common::api::{Filter, Interface, ObjectKind, RouteSocket, Selector};
use crate::common::change::{
    AddressSpec, LinkKind, LinkSpec, NeighbourSpec, RouteSpec, RuleSpec, Verb, VlanProtocol,
};
use crate::common::constants::*;
use crate::common::error::{Error, Result};
use crate::common::message::{Body, Message};

const CTL_NET: libc::c_int = 4;
const PF_ROUTE: libc::c_int = 17;
const NET_RT_DUMP: libc::c_int = 1;
const NET_RT_FLAGS: libc::c_int = 2;
const NET_RT_IFLIST: libc::c_int = 3;
/// FreeBSD only: the multicast groups joined on each interface.
#[cfg(target_os = "freebsd")]
const NET_RT_IFMALIST: libc::c_int = 4;
const RTF_LLINFO: libc::c_int = 0x400;

/// A routing socket (pyroute2's `IPRoute`, for the BSDs).
pub struct RtSock {
    fd: OwnedFd,
    layout: Layout,
    pid: u32,
    seq: u32,
    buf: Vec<u8>,
}

impl RtSock {
    pub fn new() -> Result<RtSock> {
        let layout = Layout::host().ok_or_else(|| Error::Unsupported("PF_ROUTE".into()))?;
        // SAFETY: plain socket(2); the result is checked before use.
        let fd = unsafe {
            libc::socket(
                libc::PF_ROUTE,
                libc::SOCK_RAW | libc::SOCK_CLOEXEC,
                libc::AF_UNSPEC,
            )
        };
        if fd < 0 {
            return Err(Error::io("routing socket", io::Error::last_os_error()));
        }
        Ok(RtSock {
            // SAFETY: `fd` was just returned by socket(2) and is owned by nobody else.
            fd: unsafe { OwnedFd::from_raw_fd(fd) },
            layout,
            pid: std::process::id(),
            seq: 0,
            buf: vec![0; 64 * 1024],
        })
    }

    /// Reads a sysctl(3) routing table, retrying when it grows between the
    /// size probe and the read (ENOMEM).
    fn sysctl(&self, mib: &[libc::c_int], what: &str) -> Result<Vec<u8>> {
        for _ in 0..10 {
            let mut len: libc::size_t = 0;
            // SAFETY: a size probe: no output buffer, `len` outlives the call.
            let rc = unsafe {
                libc::sysctl(
                    mib.as_ptr(),
                    mib.len() as libc::c_uint,
                    std::ptr::null_mut(),
                    &mut len,
                    std::ptr::null_mut(),
                    0,
                )
            };
            if rc < 0 {
                return Err(Error::io(what.to_owned(), io::Error::last_os_error()));
            }
            let mut buf = vec![0u8; len + len / 8 + 1024];
            let mut got = buf.len();
            // SAFETY: `buf` has `got` writable bytes; both outlive the call.
            let rc = unsafe {
                libc::sysctl(
                    mib.as_ptr(),
                    mib.len() as libc::c_uint,
                    buf.as_mut_ptr().cast(),
                    &mut got,
                    std::ptr::null_mut(),
                    0,
                )
            };
            if rc == 0 {
                buf.truncate(got);
                return Ok(buf);
            }
            let e = io::Error::last_os_error();
            if e.raw_os_error() != Some(libc::ENOMEM) {
                return Err(Error::io(what.to_owned(), e));
            }
        }
        Err(Error::io(
            what.to_owned(),
            io::Error::other("table kept growing during 10 reads"),
        ))
    }

    fn bsd_family(&self, family: Option<u8>) -> libc::c_int {
        match family {
            Some(AF_INET) => libc::AF_INET,
            Some(AF_INET6) => libc::AF_INET6,
            _ => 0,
        }
    }

    /// Writes a request and reads until the kernel's answer to it (same pid
    /// and seq); every other message on the socket is someone else's event.
    fn exchange(&mut self, req: &RtRequest, what: String) -> Result<Message> {
        self.seq = self.seq.wrapping_add(1);
        let seq = self.seq;
        let bytes = req.encode(&self.layout, seq);
        // SAFETY: writes `bytes.len()` bytes from a live buffer.
        let n = unsafe { libc::write(self.fd.as_raw_fd(), bytes.as_ptr().cast(), bytes.len()) };
        if n < 0 {
            let e = io::Error::last_os_error();
            return Err(match e.raw_os_error() {
                Some(errno) => Error::Kernel {
                    request: what,
                    errno,
                    ext_ack: None,
                },
                None => Error::io(what, e),
            });
        }
        loop {
            let n = read_fd(&self.fd, &mut self.buf).map_err(|e| Error::io(what.clone(), e))?;
            let got = &self.buf[..n];
            let mut pos = 0;
            let mut decoder = Decoder::new(self.layout);
            while let Some(r) = next_message(got, &mut pos, &mut decoder) {
                let Ok(m) = r else { continue };
                if m.header.pid != self.pid || m.header.sequence_number != seq {
                    continue;
                }
                if let Some(err) = &m.header.error {
                    return Err(Error::Kernel {
                        request: what,
                        errno: err.errno,
                        ext_ack: None,
                    });
                }
                return Ok(m);
            }
        }
    }

    fn ifindex(&mut self, dev: &Interface, what: &str) -> Result<u16> {
        let index = match dev {
            Interface::Index(i) => *i,
            Interface::Name(n) => self.link_lookup(n)?.ok_or_else(|| Error::Kernel {
                request: what.to_owned(),
                errno: libc::ENXIO,
                ext_ack: Some(format!("cannot find device \"{n}\"")),
            })?,
        };
        u16::try_from(index).map_err(|_| Error::invalid(what.to_owned(), "interface index > 65535"))
    }

    /// The name of an interface given by name or index.
    fn ifname(&mut self, dev: &Interface, what: &str) -> Result<String> {
        match dev {
            Interface::Name(n) => Ok(n.clone()),
            Interface::Index(i) => {
                let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
                // SAFETY: `buf` has IF_NAMESIZE bytes, as if_indextoname requires.
                let p = unsafe { libc::if_indextoname(*i, buf.as_mut_ptr()) };
                if p.is_null() {
                    return Err(Error::Kernel {
                        request: what.to_owned(),
                        errno: libc::ENXIO,
                        ext_ack: Some(format!("no interface with index {i}")),
                    });
                }
                let bytes: Vec<u8> = buf
                    .iter()
                    .take_while(|&&c| c != 0)
                    .map(|&c| c as u8)
                    .collect();
                Ok(String::from_utf8_lossy(&bytes).into_owned())
            }
        }
    }

    /// A vlan clone: FreeBSD passes a `vlanreq` to SIOCIFCREATE2 and renames
    /// the result; OpenBSD creates `vlanN` (`svlanN` for 802.1ad), then sets
    /// the parent and the tag.
    fn add_vlan(
        &mut self,
        ifs: &IfSock,
        name: &str,
        parent: &str,
        id: u16,
        protocol: VlanProtocol,
        what: &str,
    ) -> Result<()> {
        let mut params = ifreq::vlanreq(parent, id, protocol.ethertype(), what)?;
        if self.layout.os == Os::FreeBsd {
            let made = ifs.create_with("vlan", &mut params, what)?;
            return rename_or_destroy(ifs, &made, name, what);
        }
        let prefix = match protocol {
            VlanProtocol::Dot1Q => "vlan",
            VlanProtocol::Dot1AD => "svlan",
        };
        if !is_unit_name(name, prefix) {
            return Err(Error::invalid(
                what.to_owned(),
                format!("OpenBSD cannot rename interfaces: name it {prefix}N"),
            ));
        }
        ifs.create(name, what)?;
        let configured = ifs
            .set_parent(name, parent, what)
            .and_then(|()| ifs.set_vnetid(name, id.into(), what));
        if configured.is_err() {
            let _ = ifs.destroy(name, what);
        }
        configured
    }

    /// A veth-like pair: FreeBSD's epair (`epairNa`/`epairNb`, renamed to
    /// the two names asked for), OpenBSD's pair(4) (two `pairN` patched
    /// together).
    fn add_pair(&mut self, ifs: &IfSock, name: &str, peer: &str, what: &str) -> Result<()> {
        if self.layout.os == Os::FreeBsd {
            let a = ifs.create("epair", what)?;
            let b = ifreq::epair_peer(&a).ok_or_else(|| {
                Error::invalid(what.to_owned(), format!("unexpected epair name {a:?}"))
            })?;
            // Destroying one end destroys both.
            rename_or_destroy(ifs, &b, peer, what)?;
            return rename_or_destroy(ifs, &a, name, what);
        }
        if !is_unit_name(name, "pair") || !is_unit_name(peer, "pair") {
            return Err(Error::invalid(
                what.to_owned(),
                "OpenBSD cannot rename interfaces: name both ends pairN",
            ));
        }
        ifs.create(name, what)?;
        if let Err(e) = ifs.create(peer, what) {
            let _ = ifs.destroy(name, what);
            return Err(e);
        }
        let patched = match self.link_lookup(peer)? {
            Some(index) => ifs.set_pair(name, index, what),
            None => Err(Error::invalid(what.to_owned(), format!("{peer} vanished"))),
        };
        if patched.is_err() {
            let _ = ifs.destroy(name, what);
            let _ = ifs.destroy(peer, what);
        }
        patched
    }

    fn sysctl_dump(
        &self,
        buf: Vec<u8>,
        decoder: Decoder,
        kind: Option<ObjectKind>,
        filter: &Filter,
        ifindex: Option<u32>,
        what: String,
    ) -> SysctlDump {
        SysctlDump {
            parsed: Vec::new().into_iter(),
            buf,
            pos: 0,
            decoder,
            kind,
            selector: Selector {
                filter: filter.clone(),
                ifindex,
                ifname: None,
            },
            what,
        }
    }

    /// The multicast groups the interfaces have joined (`ifmcstat`), from
    /// sysctl NET_RT_IFMALIST: one RTM_NEWMULTICAST per membership, with
    /// IFA_MULTICAST (the group), IFA_LABEL and, where the kernel gives it,
    /// the link-layer group address (IFA_BSD_LLADDR). The filter's family
    /// and interface go to the kernel. FreeBSD only: OpenBSD has no such
    /// sysctl.
    pub fn multicast_groups(&mut self, filter: &Filter) -> Result<SysctlDump> {
        let what = "maddr show".to_owned();
        if self.layout.os != Os::FreeBsd {
            return Err(Error::Unsupported(format!(
                "{what}: OpenBSD has no NET_RT_IFMALIST"
            )));
        }
        let ifindex = match &filter.interface {
            Some(i) => Some(u32::from(self.ifindex(i, &what)?)),
            None => None,
        };
        #[cfg(target_os = "freebsd")]
        let buf = {
            let af = self.bsd_family(filter.family);
            let only = ifindex.unwrap_or(0) as libc::c_int;
            self.sysctl(&[CTL_NET, PF_ROUTE, 0, af, NET_RT_IFMALIST, only], &what)?
        };
        #[cfg(not(target_os = "freebsd"))]
        let buf = Vec::new();
        let decoder = Decoder::new(self.layout);
        Ok(self.sysctl_dump(buf, decoder, None, filter, ifindex, what))
    }

    #[cfg(target_os = "freebsd")]
    fn set_fib(&self, fib: u32, what: &str) -> Result<()> {
        let v = fib as libc::c_int;
        // SAFETY: setsockopt with a pointer to a live int and its size.
        let rc = unsafe {
            libc::setsockopt(
                self.fd.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_SETFIB,
                (&v as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        };
        if rc < 0 {
            return Err(Error::io(what.to_owned(), io::Error::last_os_error()));
        }
        Ok(())
    }
}

/// Renames a clone the kernel named (`made`) to `name`, destroying it when
/// the rename fails so no stray interface is left.
fn rename_or_destroy(ifs: &IfSock, made: &str, name: &str, what: &str) -> Result<()> {
    if made == name {
        return Ok(());
    }
    ifs.rename(made, name, what).inspect_err(|_| {
        let _ = ifs.destroy(made, what);
    })
}

/// One read(2) from a routing socket into `buf`.
pub(super) fn read_fd(fd: &OwnedFd, buf: &mut [u8]) -> io::Result<usize> {
    // SAFETY: reads at most `buf.len()` bytes into a live, writable buffer.
    let n = unsafe { libc::read(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
    if n < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(n as usize)
    }
}

/// Runs a tool and returns what it printed.
fn tool_output(cmd: &str, args: &[&str], what: &str) -> Result<String> {
    let out = std::process::Command::new(cmd)
        .args(args)
        .output()
        .map_err(|e| Error::io(format!("{what}: running {cmd}"), e))?;
    if !out.status.success() {
        return Err(Error::io(
            format!("{what}: {cmd} {}", args.join(" ")),
            io::Error::other(String::from_utf8_lossy(&out.stderr).trim().to_owned()),
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The text fallback (`ifconfig -a`, `netstat -rn`, `arp -an`, `ndp -an`),
/// for when sysctl is refused; the same messages, through the same filter.
pub fn text_fallback(kind: ObjectKind, filter: &Filter, what: &str) -> Result<SysctlDump> {
    use super::text;
    let ifconfig = text::parse_ifconfig(&tool_output("ifconfig", &["-a"], what)?);
    let names = text::names_of(&ifconfig.messages);
    let messages = match kind {
        ObjectKind::Link | ObjectKind::Address => ifconfig.messages,
        ObjectKind::Route => {
            let args: &[&str] = if cfg!(target_os = "freebsd") {
                &["-rnW"]
            } else {
                &["-rn"]
            };
            text::parse_netstat(&tool_output("netstat", args, what)?, &names).messages
        }
        ObjectKind::Neighbour => {
            let mut m = text::parse_arp(&tool_output("arp", &["-an"], what)?, &names).messages;
            if let Ok(ndp) = tool_output("ndp", &["-an"], what) {
                m.extend(text::parse_ndp(&ndp, &names).messages);
            }
            m
        }
        ObjectKind::Rule => Vec::new(),
    };
    let ifindex = match &filter.interface {
        Some(Interface::Index(i)) => Some(*i),
        Some(Interface::Name(n)) => names.get(n).copied(),
        None => None,
    };
    Ok(SysctlDump {
        buf: Vec::new(),
        pos: 0,
        decoder: Decoder::new(Layout::host().expect("a BSD")),
        kind: Some(kind),
        selector: Selector {
            filter: filter.clone(),
            ifindex,
            ifname: None,
        },
        what: what.to_owned(),
        parsed: messages.into_iter(),
    })
}

/// A dump read whole by sysctl, decoded one message at a time (or the
/// messages the text fallback parsed).
pub struct SysctlDump {
    parsed: std::vec::IntoIter<Message>,
    buf: Vec<u8>,
    pos: usize,
    decoder: Decoder,
    /// The class asked for; `None` for multicast group memberships.
    kind: Option<ObjectKind>,
    selector: Selector,
    what: String,
}

impl SysctlDump {
    fn wanted(&self, m: &Message) -> bool {
        let class = match self.kind {
            Some(kind) => ObjectKind::of(m) == Some(kind),
            None => matches!(m.body, Body::Multicast(_)),
        };
        class && self.selector.accepts(m)
    }
}

impl Iterator for SysctlDump {
    type Item = Result<Message>;

    fn next(&mut self) -> Option<Result<Message>> {
        while let Some(m) = self.parsed.next() {
            if self.wanted(&m) {
                return Some(Ok(m));
            }
        }
        loop {
            match next_message(&self.buf, &mut self.pos, &mut self.decoder)? {
                Err(e) => return Some(Err(Error::decode(self.what.clone(), e))),
                Ok(m) if self.wanted(&m) => return Some(Ok(m)),
                Ok(_) => {}
            }
        }
    }
}

impl RouteSocket for RtSock {
    type Messages<'a> = SysctlDump;
    type Monitor = super::monitor::BsdMonitor;

    fn monitor(
        &mut self,
        groups: &[crate::common::events::Group],
        resync: bool,
    ) -> Result<super::monitor::BsdMonitor> {
        super::monitor::BsdMonitor::new(groups, resync)
    }

    fn dump(&mut self, kind: ObjectKind, filter: &Filter) -> Result<SysctlDump> {
        let af = self.bsd_family(filter.family);
        let ifindex = match &filter.interface {
            Some(i) => Some(u32::from(self.ifindex(i, "dump")?)),
            None => None,
        };
        let table = filter.table.filter(|t| *t != RT_TABLE_MAIN).unwrap_or(0) as libc::c_int;
        // NET_RT_IFLIST's last level is an interface index (0: all), so the
        // kernel does a device filter itself.
        let only = ifindex.unwrap_or(0) as libc::c_int;
        let mib: Vec<libc::c_int> = match kind {
            ObjectKind::Link | ObjectKind::Address => {
                vec![CTL_NET, PF_ROUTE, 0, af, NET_RT_IFLIST, only]
            }
            ObjectKind::Route => vec![CTL_NET, PF_ROUTE, 0, af, NET_RT_DUMP, 0, table],
            ObjectKind::Neighbour => {
                vec![CTL_NET, PF_ROUTE, 0, af, NET_RT_FLAGS, RTF_LLINFO, table]
            }
            ObjectKind::Rule => Vec::new(),
        };
        let what = format!("{} show", kind.noun());
        let buf = if mib.is_empty() {
            Vec::new() // no policy rules on the BSDs
        } else {
            match self.sysctl(&mib, &what) {
                Ok(buf) => buf,
                // A jail or pledge refused sysctl: read what the tools print.
                Err(e)
                    if e.errno()
                        .is_some_and(|n| n == libc::EPERM || n == libc::EACCES) =>
                {
                    return text_fallback(kind, filter, &what);
                }
                Err(e) => return Err(e),
            }
        };
        let mut decoder = Decoder::new(self.layout);
        if self.layout.os == Os::FreeBsd {
            decoder.ctx.fib = Some(table as u32);
        }
        Ok(self.sysctl_dump(buf, decoder, Some(kind), filter, ifindex, what))
    }

    fn link_lookup(&mut self, name: &str) -> Result<Option<u32>> {
        crate::change::check_ifname(name)?;
        let c = CString::new(name).map_err(|_| Error::invalid(name, "contains a NUL"))?;
        // SAFETY: `c` is a valid NUL-terminated string for the whole call.
        let index = unsafe { libc::if_nametoindex(c.as_ptr()) };
        Ok((index != 0).then_some(index))
    }

    fn route_get(&mut self, dst: IpAddr) -> Result<Message> {
        let req = encode::route_get_request(&self.layout, dst);
        self.exchange(&req, format!("route get {dst}"))
    }

    fn link(&mut self, verb: Verb, spec: &LinkSpec) -> Result<()> {
        spec.validate(verb)?;
        let what = spec.describe(verb);
        let ifs = IfSock::new()?;
        let dev = spec.dev.as_ref().expect("validated");
        let mut name = self.ifname(dev, &what)?;
        match verb {
            Verb::Add => match &spec.kind {
                Some(LinkKind::Vlan { id, protocol }) => {
                    let parent = match &spec.link {
                        Some(p) => self.ifname(p, &what)?,
                        None => return Err(Error::invalid(what, "a vlan needs its parent (link)")),
                    };
                    self.add_vlan(&ifs, &name, &parent, *id, *protocol, &what)?;
                }
                Some(LinkKind::Veth { peer, peer_netns }) => {
                    if peer_netns.is_some() {
                        return Err(Error::Unsupported(format!(
                            "{what}: a peer in another namespace on a BSD"
                        )));
                    }
                    self.add_pair(&ifs, &name, peer, &what)?;
                }
                _ => {
                    let prefix = match (&spec.kind, self.layout.os) {
                        (Some(LinkKind::Bridge), _) => "bridge",
                        (Some(LinkKind::Tap), _) => "tap",
                        (Some(LinkKind::Tun), _) => "tun",
                        (Some(LinkKind::Dummy), Os::FreeBsd) => "lo",
                        (Some(LinkKind::Dummy), _) => "vether",
                        _ => {
                            return Err(Error::Unsupported(format!(
                                "{what}: this kind of interface on a BSD"
                            )));
                        }
                    };
                    if is_unit_name(&name, prefix) {
                        ifs.create(&name, &what)?;
                    } else {
                        // FreeBSD names the clone, then it is renamed; OpenBSD cannot rename.
                        let made = ifs.create(prefix, &what)?;
                        rename_or_destroy(&ifs, &made, &name, &what)?;
                    }
                }
            },
            Verb::Delete => return ifs.destroy(&name, &what),
            _ => {}
        }
        if spec.txqlen.is_some() || spec.master.is_some() || spec.nomaster || spec.netns.is_some() {
            return Err(Error::Unsupported(format!(
                "{what}: txqueuelen, master and netns on a BSD"
            )));
        }
        if let Some(mac) = &spec.address {
            ifs.set_lladdr(&name, mac.as_bytes(), &what)?;
        }
        if let Some(new) = &spec.rename {
            ifs.rename(&name, new, &what)?;
            name = new.clone();
        }
        if let Some(mtu) = spec.mtu {
            ifs.set_mtu(&name, mtu, &what)?;
        }
        if let Some(up) = spec.up {
            ifs.set_up(&name, up, &what)?;
        }
        Ok(())
    }

    fn address(&mut self, verb: Verb, spec: &AddressSpec) -> Result<()> {
        spec.validate(verb)?;
        let what = spec.describe(verb);
        // A delete names the address only (a dumped message may carry more).
        if verb != Verb::Delete
            && (spec.noprefixroute || spec.label.is_some() || spec.scope.is_some())
        {
            return Err(Error::Unsupported(format!(
                "{what}: noprefixroute, label and scope on a BSD"
            )));
        }
        let name = self.ifname(&spec.dev, &what)?;
        match spec.local.addr {
            IpAddr::V4(addr) => {
                let ifs = IfSock::new()?;
                if verb == Verb::Delete {
                    return ifs.delete_inet(&name, addr, &what);
                }
                let other = match (spec.peer, spec.broadcast_addr()) {
                    (Some(p), _) => match p.addr {
                        IpAddr::V4(p) => Some(p),
                        IpAddr::V6(_) => None,
                    },
                    (None, b) => b,
                };
                ifs.add_inet(&name, addr, spec.prefixlen(), other, &what)
            }
            IpAddr::V6(addr) => {
                let ifindex = self.ifindex(&spec.dev, &what)?;
                let ifs = IfSock::inet6()?;
                if verb == Verb::Delete {
                    return ifs.delete_inet6(&name, addr, ifindex.into(), &what);
                }
                if spec.nodad && self.layout.os == Os::OpenBsd {
                    return Err(Error::Unsupported(format!(
                        "{what}: OpenBSD has no per-address nodad"
                    )));
                }
                let alias = Inet6Alias {
                    name,
                    ifindex: ifindex.into(),
                    addr,
                    prefixlen: spec.prefixlen(),
                    peer: spec.peer.and_then(|p| match p.addr {
                        IpAddr::V6(p) => Some(p),
                        IpAddr::V4(_) => None,
                    }),
                    flags: if spec.nodad { IN6_IFF_NODAD } else { 0 },
                    valid: spec.valid_lft.unwrap_or(INFINITE_LIFETIME),
                    preferred: spec.preferred_lft.unwrap_or(INFINITE_LIFETIME),
                };
                ifs.add_inet6(&alias, &what)
            }
        }
    }

    fn route(&mut self, verb: Verb, spec: &RouteSpec) -> Result<()> {
        let what = spec.describe(verb);
        let ifindex = match &spec.dev {
            Some(d) => Some(self.ifindex(d, &what)?),
            None => None,
        };
        let req = encode::route_request(&self.layout, verb, spec, ifindex)?;
        #[cfg(target_os = "freebsd")]
        self.set_fib(req.table, &what)?;
        self.exchange(&req, what).map(drop)
    }

    fn neighbour(&mut self, verb: Verb, spec: &NeighbourSpec) -> Result<()> {
        let what = spec.describe(verb);
        let index = self.ifindex(&spec.dev, &what)?;
        let req = encode::neighbour_request(&self.layout, verb, spec, index)?;
        self.exchange(&req, what).map(drop)
    }

    fn rule(&mut self, verb: Verb, spec: &RuleSpec) -> Result<()> {
        Err(Error::Unsupported(format!(
            "{}: the BSDs have no policy-routing rules",
            spec.describe(verb)
        )))
    }
}
