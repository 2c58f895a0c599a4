//! `IpRoute` for Linux: the shared trait over a netlink socket, with replies
//! matched by sequence number and port id, and dumps streamed message by message.

use crate::common::attrs::*;
use std::collections::VecDeque;
use std::net::IpAddr;

use super::change::{NetnsRef, Resolver};
use super::dump::Dump;
use super::readahead::ReadAhead;
use super::request::{self, Request};
use super::socket::NetlinkSocket;
use crate::common::api::{Filter, Interface, ObjectKind, RouteQuery, RouteSocket, Selector};
use crate::common::batch::Change;
use crate::common::change::ChangeSpec;
use crate::common::change::{
    AddressSpec, LinkKind, LinkSpec, NeighbourSpec, Netns, NexthopSpec, QdiscSpec, RouteSpec,
    RuleSpec, Verb, check_ifname,
};
use crate::common::constants::*;
use crate::common::error::{Error, Result};
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// The Linux routing socket (pyroute2's `IPRoute`).
pub struct IpRoute {
    sock: NetlinkSocket,
    /// The namespace the socket lives in, when not the caller's: work that
    /// needs a file or ioctl there (tun/tap) is done from a thread inside it.
    netns: Option<std::path::PathBuf>,
    /// A namespace given by fd: our duplicate, which `netns` points at.
    _netns_fd: Option<std::os::fd::OwnedFd>,
    /// Receive dumps ahead on a helper thread (on when there are 2+ cores).
    read_ahead: bool,
    /// Changes per datagram in a batch; `None`: as many as the receive
    /// buffer holds the ACKs of.
    pub(super) batch_window: Option<usize>,
}

impl IpRoute {
    /// Opens a NETLINK_ROUTE socket in the caller's network namespace.
    pub fn new() -> Result<IpRoute> {
        Ok(IpRoute {
            sock: NetlinkSocket::open(0)?,
            netns: None,
            _netns_fd: None,
            read_ahead: true,
            batch_window: None,
        })
    }

    /// Opens a socket inside another network namespace, given by name
    /// (`/run/netns/NAME`, as `ip netns` makes) or by path (`/proc/PID/ns/net`).
    ///
    /// The calling thread never changes namespace: a short-lived helper
    /// thread enters it, opens the socket, and exits. A socket stays in the
    /// namespace it was created in.
    pub fn in_netns(netns: &str) -> Result<IpRoute> {
        let path = netns_path(netns);
        let sock = in_namespace(Some(&path), || NetlinkSocket::open(0))?;
        Ok(IpRoute {
            sock,
            netns: Some(path),
            _netns_fd: None,
            read_ahead: true,
            batch_window: None,
        })
    }

    /// Gives the link `dev` the alternative name `altname` (`ip link
    /// property add dev DEV altname NAME`, RTM_NEWLINKPROP); `add` false
    /// takes it away (`property del`).
    pub fn link_altname(&mut self, dev: &Interface, altname: &str, add: bool) -> Result<()> {
        let verb = if add { "add" } else { "del" };
        let what = format!("link property {verb} dev {dev} altname {altname}");
        // ALTIFNAMSIZ is 128: longer than IFNAMSIZ, with the same characters.
        if altname.is_empty() || altname.len() >= 128 || altname.contains(['/', ':', ' ']) {
            return Err(Error::invalid(
                what,
                "an alternative name is 1 to 127 bytes, without '/', ':' or spaces",
            ));
        }
        let index = self.ifindex(dev, &what)?;
        let kind = if add {
            RTM_NEWLINKPROP
        } else {
            RTM_DELLINKPROP
        };
        let flags = NLM_F_REQUEST | NLM_F_ACK | if add { NLM_F_CREATE | NLM_F_EXCL } else { 0 };
        let header = crate::common::message::LinkHeader {
            index,
            ..Default::default()
        };
        let req = Request::new(kind, flags)
            .fixed(&header.to_bytes())
            // rtnl_linkprop needs NLA_F_NESTED on the list (strict validation).
            .nested(IFLA_PROP_LIST.number | super::wire::NLA_F_NESTED, |r| {
                r.attr_str(IFLA_ALT_IFNAME.number, altname)
            });
        self.call(req, what).map(drop)
    }

    /// As [`IpRoute::in_netns`], creating the named namespace first (as
    /// `ip netns add` does) when it does not exist.
    pub fn in_netns_or_create(name: &str) -> Result<IpRoute> {
        if !netns_path(name).exists() {
            super::netns::create(name)?;
        }
        IpRoute::in_netns(name)
    }

    /// Opens a socket inside the namespace an open fd refers to (from
    /// `/proc/PID/ns/net`, `/run/netns/NAME`, or a pidfd's namespace).
    pub fn in_netns_fd(fd: std::os::fd::BorrowedFd<'_>) -> Result<IpRoute> {
        let own = fd
            .try_clone_to_owned()
            .map_err(|e| Error::io("netns fd", e))?;
        use std::os::fd::AsRawFd;
        let path = std::path::PathBuf::from(format!("/proc/self/fd/{}", own.as_raw_fd()));
        let sock = in_namespace(Some(&path), || NetlinkSocket::open(0))?;
        Ok(IpRoute {
            sock,
            netns: Some(path),
            _netns_fd: Some(own),
            read_ahead: true,
            batch_window: None,
        })
    }

    /// Caps how many changes of a batch go in one datagram (default: as
    /// many as the receive buffer holds the answers of, up to 4096). A
    /// cap past what the buffer holds loses answers, and those changes are
    /// reported as such: for tuning and for tests.
    pub fn set_batch_window(&mut self, changes: usize) {
        self.batch_window = Some(changes.max(1));
    }

    /// Turns the dump read-ahead thread on or off (on by default when the
    /// machine has two or more cores; results are the same either way).
    pub fn set_read_ahead(&mut self, on: bool) {
        self.read_ahead = on;
    }

    /// Gives up the API for its socket (a monitor reuses it).
    pub fn into_socket(self) -> NetlinkSocket {
        self.sock
    }

    /// The underlying socket (its port id, fd, and counters).
    pub fn socket(&self) -> &NetlinkSocket {
        &self.sock
    }

    /// The underlying socket, mutably (to change its options or send on it).
    pub fn socket_mut(&mut self) -> &mut NetlinkSocket {
        &mut self.sock
    }

    /// Sends `req` and streams the kernel's answer: a dump until NLMSG_DONE,
    /// or the replies to a single request until its ACK.
    pub fn request(
        &mut self,
        req: Request,
        what: impl Into<String>,
        selector: Selector,
    ) -> Result<Dump<'_>> {
        let read_ahead = self.read_ahead;
        self.send_request(req, what.into(), selector, read_ahead)
    }

    fn send_request(
        &mut self,
        req: Request,
        what: String,
        selector: Selector,
        read_ahead: bool,
    ) -> Result<Dump<'_>> {
        let seq = self.sock.next_seq();
        let is_dump = req.flags() & NLM_F_DUMP == NLM_F_DUMP;
        let bytes = req.finish(seq, self.sock.port_id());
        self.sock
            .send(&bytes)
            .map_err(|e| Error::io(what.clone(), e))?;
        // Dumps on a machine with a second core: receive ahead on a helper
        // thread while this one decodes.
        let ahead = if is_dump && read_ahead && two_cores() {
            ReadAhead::start(self.sock.raw_fd(), seq, self.sock.port_id()).ok()
        } else {
            None
        };
        Ok(Dump {
            sock: &mut self.sock,
            seq,
            what,
            selector,
            pos: 0,
            len: 0,
            finished: false,
            interrupted: false,
            empty_on_enoent: false,
            ahead,
            cur: Vec::new(),
            then: VecDeque::new(),
        })
    }

    /// Sends a request and waits for its ACK, returning any replies.
    pub fn call(&mut self, req: Request, what: impl Into<String>) -> Result<Vec<Message>> {
        self.request(req, what, Selector::everything())?.collect()
    }

    /// Resolves the interface filter. The name of an interface given by index
    /// is only fetched for rules, the one class matched by name.
    fn resolve(&mut self, kind: ObjectKind, filter: &Filter) -> Result<Selector> {
        let (ifindex, ifname) = match &filter.interface {
            None => (None, None),
            Some(Interface::Name(name)) => match self.link_lookup(name)? {
                Some(index) => (Some(index), Some(name.clone())),
                None => return Err(Error::NotFound(format!("link {name}"))),
            },
            Some(Interface::Index(index)) if kind == ObjectKind::Rule => {
                (Some(*index), self.link_name(*index)?)
            }
            Some(Interface::Index(index)) => (Some(*index), None),
        };
        let master_index = match &filter.master {
            None => None,
            Some(Interface::Index(i)) => Some(*i),
            Some(Interface::Name(name)) => Some(
                self.link_lookup(name)?
                    .ok_or_else(|| Error::NotFound(format!("link {name}")))?,
            ),
        };
        // Nexthops name their device, not its master: the ports are needed
        // to check the kernel's answer (or to filter where it did not).
        let master_ports = match (master_index, kind) {
            (Some(m), ObjectKind::Nexthop) => self
                .links(&Filter::new().master(Interface::Index(m)))?
                .filter_map(|l| match l {
                    Ok(Message {
                        body: Body::Link(h),
                        ..
                    }) => Some(Ok(h.index)),
                    Ok(_) => None,
                    Err(e) => Some(Err(e)),
                })
                .collect::<Result<Vec<u32>>>()?,
            _ => Vec::new(),
        };
        Ok(Selector {
            filter: filter.clone(),
            ifindex,
            ifname,
            master_index,
            master_ports,
        })
    }

    /// The name of the interface with `index`, or `None` when there is none.
    pub fn link_name(&mut self, index: u32) -> Result<Option<String>> {
        let reply = self.call(
            request::link_by_index(index),
            format!("link get index {index}"),
        );
        one_link(reply).map(|m| {
            m.and_then(|m| {
                m.get(&IFLA_IFNAME)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
        })
    }
}

impl IpRoute {
    /// Builds a change request with names resolved through this socket, sends
    /// it and waits for the ACK. Namespace files opened for the request stay
    /// open until the kernel has answered. The change is described (for the
    /// error) only when it fails: a change that succeeds allocates no text.
    fn send_change(
        &mut self,
        describe: impl Fn() -> String,
        build: impl FnOnce(&mut dyn Resolver) -> Result<Request>,
    ) -> Result<()> {
        let mut resolving = Resolving {
            ipr: self,
            files: Vec::new(),
        };
        let req = build(&mut resolving)?;
        let files = std::mem::take(&mut resolving.files);
        self.call(req, String::new())
            .map_err(|e| e.for_request(describe()))?;
        drop(files);
        Ok(())
    }
}

impl IpRoute {
    /// A dump of a kind the kernel lists one interface at a time, for
    /// every link: one request per link, sent as the previous one ends.
    fn dump_each_link(&mut self, kind: ObjectKind, sel: Selector) -> Result<Dump<'_>> {
        let mut indexes = Vec::new();
        for link in self.dump(ObjectKind::Link, &Filter::new())? {
            if let Body::Link(h) = link?.body {
                indexes.push(h.index);
            }
        }
        let selectors = indexes
            .into_iter()
            .map(|index| Selector {
                ifindex: Some(index),
                ..sel.clone()
            })
            .collect();
        self.dump_chained(kind, sel, selectors)
    }

    /// One dump request per selector, each sent when the previous one is
    /// done, on this socket and read on this thread (`Dump::then`); the
    /// whole selector's request when there are none.
    fn dump_chained(
        &mut self,
        kind: ObjectKind,
        sel: Selector,
        each: Vec<Selector>,
    ) -> Result<Dump<'_>> {
        let strict = self.sock.strict();
        let mut requests: VecDeque<Request> = each
            .iter()
            .map(|one| request::dump_request(kind, one, strict))
            .collect();
        let first = requests
            .pop_front()
            .unwrap_or_else(|| request::dump_request(kind, &sel, strict));
        let what = describe(kind, &sel);
        let mut dump = self.send_request(first, what, sel, false)?;
        dump.then = requests;
        Ok(dump)
    }

    /// A dump of a kind the kernel lists one family at a time: one request
    /// per family, read in turn on the same socket.
    fn dump_each_family(
        &mut self,
        kind: ObjectKind,
        sel: Selector,
        families: &[u8],
    ) -> Result<Dump<'_>> {
        let selectors = families
            .iter()
            .map(|&family| {
                let mut one = sel.clone();
                one.filter.family = Some(family);
                one
            })
            .collect();
        self.dump_chained(kind, sel, selectors)
    }

    /// Sends any kind's change: its spec encodes the request (validating
    /// it before anything is resolved or encoded).
    fn send_spec(&mut self, verb: Verb, spec: &dyn ChangeSpec) -> Result<()> {
        self.send_change(|| spec.describe(verb), |r| spec.netlink(verb, r))
    }
}

/// The resolver the backend hands to the pure encoder.
struct Resolving<'a> {
    ipr: &'a mut IpRoute,
    files: Vec<std::fs::File>,
}

impl Resolver for Resolving<'_> {
    fn ifindex(&mut self, dev: &Interface, what: &str) -> Result<u32> {
        self.ipr.ifindex(dev, what)
    }

    fn netns(&mut self, ns: &Netns, what: &str) -> Result<NetnsRef> {
        crate::linux::change::netns_ref(ns, what, &mut self.files)
    }
}

/// The kernel's "no such device" for a name it did not find.
impl IpRoute {
    /// The index of `dev`, looked up when it is a name; ENODEV naming
    /// `what` when there is no such interface.
    fn ifindex(&mut self, dev: &Interface, what: &str) -> Result<u32> {
        match dev {
            Interface::Index(i) => Ok(*i),
            Interface::Name(name) => {
                check_ifname(name)?;
                self.link_lookup(name)?
                    .ok_or_else(|| no_such_device(what, name))
            }
        }
    }
}

fn no_such_device(what: &str, name: &str) -> Error {
    Error::Kernel {
        request: what.to_owned(),
        errno: libc::ENODEV,
        ext_ack: Some(format!("cannot find device \"{name}\"")),
    }
}

/// Runs `work` inside the namespace at `path` (from a short-lived thread,
/// so the caller's thread never moves), or right here when `path` is None.
pub(super) fn in_namespace<T: Send>(
    path: Option<&std::path::Path>,
    work: impl FnOnce() -> Result<T> + Send,
) -> Result<T> {
    let Some(path) = path else {
        return work();
    };
    let what = format!("netns {}", path.display());
    let file = std::fs::File::open(path).map_err(|e| Error::io(what.clone(), e))?;
    std::thread::scope(|s| {
        s.spawn(|| {
            nix::sched::setns(&file, nix::sched::CloneFlags::CLONE_NEWNET)
                .map_err(|e| Error::io(format!("entering {what}"), e.into()))?;
            work()
        })
        .join()
        .unwrap_or_else(|_| {
            Err(Error::io(
                what.clone(),
                std::io::Error::other("namespace helper thread panicked"),
            ))
        })
    })
}

/// Whether the machine has a second core, asked once per process
/// (`available_parallelism` reads cgroup files on every call).
fn two_cores() -> bool {
    static TWO: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TWO.get_or_init(|| std::thread::available_parallelism().is_ok_and(|n| n.get() > 1))
}

/// `NAME` means `/run/netns/NAME`; anything with a `/` is a path.
pub fn netns_path(netns: &str) -> std::path::PathBuf {
    if netns.contains('/') {
        netns.into()
    } else {
        std::path::Path::new("/run/netns").join(netns)
    }
}

/// Turns the reply to a single-link GET into the link, or `None` for ENODEV.
fn one_link(reply: Result<Vec<Message>>) -> Result<Option<Message>> {
    match reply {
        Ok(msgs) => Ok(msgs.into_iter().find(|m| matches!(m.body, Body::Link(_)))),
        Err(Error::Kernel { errno, .. }) if errno == libc::ENODEV => Ok(None),
        Err(e) => Err(e),
    }
}

fn describe(kind: ObjectKind, sel: &Selector) -> String {
    let mut s = format!("{} show", kind.noun());
    if let Some(f) = sel.filter.family {
        s.push_str(&format!(" family {}", family_name(f)));
    }
    match (&sel.ifname, sel.ifindex) {
        (Some(name), _) => s.push_str(&format!(" dev {name}")),
        (None, Some(i)) => s.push_str(&format!(" index {i}")),
        _ => {}
    }
    if let Some(t) = sel.filter.table {
        s.push_str(&format!(" table {t}"));
    }
    s
}

impl RouteSocket for IpRoute {
    type Messages<'a> = Dump<'a>;
    type Monitor = super::monitor::Monitor;

    fn monitor_with(
        &mut self,
        options: &crate::common::events::MonitorOptions,
    ) -> Result<super::monitor::Monitor> {
        let mut b = super::monitor::Monitor::builder()
            .groups(&options.groups)
            .resync(options.resync)
            .initial_dump(options.initial_dump);
        if let Some(bytes) = options.receive_buffer {
            b = b.receive_buffer(bytes);
        }
        if let Some(p) = &self.netns {
            b = b.netns(p.to_string_lossy());
        }
        b.open()
    }

    fn dump(&mut self, kind: ObjectKind, filter: &Filter) -> Result<Dump<'_>> {
        filter.check(kind)?;
        let sel = self.resolve(kind, filter)?;
        match kind.info().dump_each {
            crate::common::kinds::DumpEach::Interface if sel.ifindex.is_none() => {
                return self.dump_each_link(kind, sel);
            }
            crate::common::kinds::DumpEach::Family(families) if sel.filter.family.is_none() => {
                return self.dump_each_family(kind, sel, families);
            }
            crate::common::kinds::DumpEach::Never => {
                return Ok(Dump {
                    sock: &mut self.sock,
                    seq: 0,
                    what: describe(kind, &sel),
                    selector: sel,
                    pos: 0,
                    len: 0,
                    finished: true,
                    interrupted: false,
                    empty_on_enoent: false,
                    ahead: None,
                    cur: Vec::new(),
                    then: VecDeque::new(),
                });
            }
            _ => {}
        }
        let req = request::dump_request(kind, &sel, self.sock.strict());
        let what = describe(kind, &sel);
        let filtered_table = kind == ObjectKind::Route && sel.filter.table.is_some();
        let mut dump = self.request(req, what, sel)?;
        // A table filter on a table that does not exist: the kernel answers
        // ENOENT ("FIB table does not exist"); that table has no routes.
        dump.empty_on_enoent = filtered_table;
        Ok(dump)
    }

    fn dump_each<F: FnMut(&Message)>(
        &mut self,
        kind: ObjectKind,
        filter: &Filter,
        mut f: F,
    ) -> Result<usize> {
        let mut dump = self.dump(kind, filter)?;
        let mut msg = Message::empty();
        let mut seen = 0;
        while let Some(r) = dump.next_into(&mut msg) {
            r?;
            f(&msg);
            seen += 1;
        }
        Ok(seen)
    }

    fn apply<I, F>(
        &mut self,
        changes: I,
        on_error: crate::common::batch::OnError,
        report: F,
    ) -> Result<crate::common::batch::BatchSummary>
    where
        I: IntoIterator<Item = crate::common::batch::Change>,
        F: FnMut(usize, Result<()>),
    {
        self.apply_pipelined(changes, on_error, report)
    }

    fn link_name(&mut self, index: u32) -> Result<Option<String>> {
        // One RTM_GETLINK by index, not a dump.
        IpRoute::link_name(self, index)
    }

    fn link_lookup(&mut self, name: &str) -> Result<Option<u32>> {
        if name.is_empty() || name.len() >= 16 {
            return Err(Error::invalid(
                format!("link {name:?}"),
                "interface names are 1 to 15 bytes long",
            ));
        }
        let reply = self.call(request::link_by_name(name), format!("link get dev {name}"));
        Ok(one_link(reply)?.and_then(|m| match m.body {
            Body::Link(h) => Some(h.index),
            _ => None,
        }))
    }

    fn change(&mut self, change: &Change) -> Result<()> {
        match change {
            // tun and tap links are made through /dev/net/tun.
            Change::Link(verb, spec) => self.link(*verb, spec),
            other => {
                let (verb, spec) = other.parts();
                self.send_spec(verb, spec)
            }
        }
    }

    fn link(&mut self, verb: Verb, spec: &LinkSpec) -> Result<()> {
        spec.validate(verb)?;
        if let (Verb::Add, Some(kind @ (LinkKind::Tun | LinkKind::Tap))) = (verb, &spec.kind) {
            let what = spec.describe(verb);
            let Some(Interface::Name(name)) = &spec.dev else {
                return Err(Error::invalid(what, "a tun/tap device needs a name"));
            };
            let tap = *kind == LinkKind::Tap;
            in_namespace(self.netns.as_deref(), || {
                super::tun::create(name, tap, &what)
            })?;
            // What rtnetlink sets (up, mtu, master, netns ...) follows.
            let rest = LinkSpec {
                kind: None,
                ..spec.clone()
            };
            if rest != LinkSpec::named(name.clone()) {
                return self.link(Verb::Set, &rest).map_err(|e| match e {
                    Error::Kernel { errno, ext_ack, .. } => Error::Kernel {
                        request: what,
                        errno,
                        ext_ack,
                    },
                    other => other,
                });
            }
            return Ok(());
        }
        self.send_spec(verb, spec)
    }

    fn address(&mut self, verb: Verb, spec: &AddressSpec) -> Result<()> {
        self.send_spec(verb, spec)
    }

    fn route(&mut self, verb: Verb, spec: &RouteSpec) -> Result<()> {
        self.send_spec(verb, spec)
    }

    fn neighbour(&mut self, verb: Verb, spec: &NeighbourSpec) -> Result<()> {
        self.send_spec(verb, spec)
    }

    fn rule(&mut self, verb: Verb, spec: &RuleSpec) -> Result<()> {
        self.send_spec(verb, spec)
    }

    fn qdisc(&mut self, verb: Verb, spec: &QdiscSpec) -> Result<()> {
        self.send_spec(verb, spec)
    }

    fn nexthop(&mut self, verb: Verb, spec: &NexthopSpec) -> Result<()> {
        self.send_spec(verb, spec)
    }

    fn route_get(&mut self, dst: IpAddr) -> Result<Message> {
        self.route_get_with(&RouteQuery::to(dst))
    }

    fn neighbour_get(&mut self, dst: IpAddr, dev: &Interface) -> Result<Message> {
        let what = format!("neigh get {dst} dev {dev}");
        let index = self.ifindex(dev, &what)?;
        let msgs = self.call(request::neighbour_get(dst, index), what.clone())?;
        msgs.into_iter()
            .find(|m| matches!(m.body, Body::Neighbour(_)))
            .ok_or(Error::NotFound(what))
    }

    fn route_get_with(&mut self, query: &RouteQuery) -> Result<Message> {
        let what = query.describe();
        let iif = query
            .iif
            .as_ref()
            .map(|d| self.ifindex(d, &what))
            .transpose()?;
        let oif = query
            .oif
            .as_ref()
            .map(|d| self.ifindex(d, &what))
            .transpose()?;
        let msgs = self.call(request::route_query(query, iif, oif), what.clone())?;
        msgs.into_iter()
            .find(|m| matches!(m.body, Body::Route(_)))
            .ok_or(Error::NotFound(what))
    }
}
