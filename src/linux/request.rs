//! Building rtnetlink requests. Pure code: bytes out, no system calls.

use super::wire::{NLA_F_NESTED, NLA_HDRLEN, NLMSG_HDRLEN, NlHeader, align4, put_attr};
use crate::common::api::{ObjectKind, RouteQuery, Selector};
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::kinds::DumpScope;
use crate::common::message::{LinkHeader, RouteHeader};

/// A request under construction: header, fixed part, attributes.
#[derive(Clone, Debug)]
pub struct Request {
    buf: Vec<u8>,
}

impl Request {
    /// A request of message type `kind` with header flags `flags`; the
    /// length, sequence number and port are filled in when it is sent.
    pub fn new(kind: u16, flags: u16) -> Request {
        let mut buf = Vec::with_capacity(128);
        NlHeader {
            len: 0,
            kind,
            flags,
            seq: 0,
            pid: 0,
        }
        .write(&mut buf);
        Request { buf }
    }

    /// Appends the fixed header (ifinfomsg, rtmsg, ...), padded to 4 bytes.
    pub fn fixed(mut self, bytes: &[u8]) -> Request {
        self.buf.extend_from_slice(bytes);
        self.buf.resize(align4(self.buf.len()), 0);
        self
    }

    /// Appends an attribute of type `kind`, padded to 4 bytes.
    pub fn attr(mut self, kind: u16, payload: &[u8]) -> Request {
        put_attr(&mut self.buf, kind, payload);
        self
    }

    /// Appends a 32-bit attribute in host order.
    pub fn attr_u32(self, kind: u16, v: u32) -> Request {
        self.attr(kind, &v.to_ne_bytes())
    }

    /// A NUL-terminated string attribute.
    pub fn attr_str(self, kind: u16, v: &str) -> Request {
        let mut payload = Vec::with_capacity(v.len() + 1);
        payload.extend_from_slice(v.as_bytes());
        payload.push(0);
        self.attr(kind, &payload)
    }

    /// Attributes alone, with no message header: the content of a nested
    /// attribute built apart (see [`Request::into_attr_bytes`]).
    pub fn attrs() -> Request {
        Request { buf: Vec::new() }
    }

    /// The bytes of a request made with [`Request::attrs`].
    pub fn into_attr_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Appends bytes as they are, padded to 4 (a struct inside a nest).
    pub fn raw(mut self, bytes: &[u8]) -> Request {
        self.buf.extend_from_slice(bytes);
        self.buf.resize(align4(self.buf.len()), 0);
        self
    }

    /// A nested attribute whose content `build` appends. Like iproute2, it
    /// leaves NLA_F_NESTED clear (every rtnetlink policy accepts that), so
    /// requests equal `ip`'s byte for byte; [`Request::nested_flagged`] sets it.
    pub fn nested(self, kind: u16, build: impl FnOnce(Request) -> Request) -> Request {
        self.nest(kind, build)
    }

    /// A nested attribute with NLA_F_NESTED set.
    pub fn nested_flagged(self, kind: u16, build: impl FnOnce(Request) -> Request) -> Request {
        self.nest(kind | NLA_F_NESTED, build)
    }

    fn nest(mut self, kind: u16, build: impl FnOnce(Request) -> Request) -> Request {
        let start = self.buf.len();
        self.buf.extend_from_slice(&[0, 0]);
        self.buf.extend_from_slice(&kind.to_ne_bytes());
        let mut out = build(self);
        let len = (out.buf.len() - start) as u16;
        out.buf[start..start + 2].copy_from_slice(&len.to_ne_bytes());
        out
    }

    /// The message type.
    pub fn kind(&self) -> u16 {
        u16::from_ne_bytes([self.buf[4], self.buf[5]])
    }

    /// The header flags.
    pub fn flags(&self) -> u16 {
        u16::from_ne_bytes([self.buf[6], self.buf[7]])
    }

    /// Sets length, sequence number and port id; returns the bytes to send.
    pub fn finish(mut self, seq: u32, pid: u32) -> Vec<u8> {
        let len = self.buf.len() as u32;
        self.buf[0..4].copy_from_slice(&len.to_ne_bytes());
        self.buf[8..12].copy_from_slice(&seq.to_ne_bytes());
        self.buf[12..16].copy_from_slice(&pid.to_ne_bytes());
        self.buf
    }
}

const _: () = assert!(NLA_HDRLEN == 4 && NLMSG_HDRLEN == 16);

/// The dump request for one object class. With `strict` (the kernel checks
/// dump requests, NETLINK_GET_STRICT_CHK) the filters it supports are sent
/// along: the kernel then returns only what matches.
pub fn dump_request(kind: ObjectKind, sel: &Selector, strict: bool) -> Request {
    let info = kind.info();
    let scope = DumpScope {
        family: sel.filter.family.unwrap_or(AF_UNSPEC),
        ifindex: if strict || info.dump_each == crate::common::kinds::DumpEach::Interface {
            sel.ifindex
        } else {
            None
        },
        table: if strict { sel.filter.table } else { None },
        proxy: sel.filter.proxy,
        master: if strict { sel.master_index } else { None },
        groups: strict && sel.filter.groups,
        fdb: strict && sel.filter.fdb,
        parent: sel.filter.parent,
        // rtnl_dump_ifinfo reads IFLA_EXT_MASK, strict or not.
        ext_mask: sel.filter.ext_mask,
        action_kind: sel.filter.action_kind.clone(),
    };
    let header = (info.dump_header)(&scope);
    let mut r = Request::new(info.get_type, NLM_F_REQUEST | NLM_F_DUMP).fixed(&header.fixed);
    for (key, payload) in header.attrs {
        r = r.attr(key.number, &payload);
    }
    r
}

/// RTM_GETLINK for one interface by name (answered with one RTM_NEWLINK).
pub fn link_by_name(name: &str) -> Request {
    Request::new(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK)
        .fixed(&LinkHeader::default().to_bytes())
        .attr_str(IFLA_IFNAME.number, name)
}

/// RTM_GETLINK for one interface by index.
pub fn link_by_index(index: u32) -> Request {
    let h = LinkHeader {
        index,
        ..LinkHeader::default()
    };
    Request::new(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK).fixed(&h.to_bytes())
}

/// RTM_GETROUTE for one destination, as `ip route get` sends it.
pub fn route_get(dst: std::net::IpAddr) -> Request {
    route_query(&RouteQuery::to(dst), None, None)
}

/// RTM_GETNEIGH for one entry (`ip neigh get`), answered with one
/// RTM_NEWNEIGH (`neigh_get` in the kernel).
pub fn neighbour_get(dst: std::net::IpAddr, ifindex: u32) -> Request {
    let (family, addr) = match dst {
        std::net::IpAddr::V4(a) => (AF_INET, a.octets().to_vec()),
        std::net::IpAddr::V6(a) => (AF_INET6, a.octets().to_vec()),
    };
    let h = crate::common::message::NeighbourHeader {
        family,
        ifindex,
        ..Default::default()
    };
    Request::new(RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_ACK)
        .fixed(&h.to_bytes())
        .attr(NDA_DST.number, &addr)
}

/// RTM_GETROUTE for `ip route get` with selectors, the interfaces already
/// resolved to indices; attributes in iproute2's order (RTA_DST, RTA_SRC,
/// RTA_IIF, RTA_OIF, RTA_MARK, RTA_UID).
pub fn route_query(q: &RouteQuery, iif: Option<u32>, oif: Option<u32>) -> Request {
    let bytes = |a: std::net::IpAddr| match a {
        std::net::IpAddr::V4(a) => a.octets().to_vec(),
        std::net::IpAddr::V6(a) => a.octets().to_vec(),
    };
    let full = |a: std::net::IpAddr| if a.is_ipv4() { 32 } else { 128 };
    let h = RouteHeader {
        family: if q.dst.is_ipv4() { AF_INET } else { AF_INET6 },
        dst_len: full(q.dst),
        src_len: q.from.map_or(0, full),
        flags: if q.fibmatch { RTM_F_FIB_MATCH } else { 0 },
        ..RouteHeader::default()
    };
    let mut r = Request::new(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_ACK)
        .fixed(&h.to_bytes())
        .attr(RTA_DST.number, &bytes(q.dst));
    if let Some(a) = q.from {
        r = r.attr(RTA_SRC.number, &bytes(a));
    }
    for (key, value) in [
        (RTA_IIF, iif),
        (RTA_OIF, oif),
        (RTA_MARK, q.mark),
        (RTA_UID, q.uid),
    ] {
        if let Some(v) = value {
            r = r.attr_u32(key.number, v);
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::super::{decode_stream, wire::Messages};
    use super::*;
    use crate::common::api::Filter;

    #[test]
    fn strict_route_dump_carries_table_and_oif() {
        let sel = Selector {
            filter: Filter::new().family(AF_INET).table(1000),
            ifindex: Some(7),
            ..Selector::default()
        };
        let bytes = dump_request(ObjectKind::Route, &sel, true).finish(42, 0);
        let msgs = decode_stream(&bytes);
        let m = msgs[0].as_ref().unwrap();
        assert_eq!(m.header.kind, RTM_GETROUTE);
        assert_eq!(m.header.flags, NLM_F_REQUEST | NLM_F_DUMP);
        assert_eq!(m.header.sequence_number, 42);
        assert_eq!(m.header.length as usize, bytes.len());
        assert_eq!(m.get(&RTA_TABLE).and_then(|v| v.as_u32()), Some(1000));
        assert_eq!(m.get(&RTA_OIF).and_then(|v| v.as_u32()), Some(7));
        // Without strict checking the kernel would reject nothing but filter
        // nothing either: the request stays bare.
        let loose = dump_request(ObjectKind::Route, &sel, false).finish(1, 0);
        assert!(decode_stream(&loose)[0].as_ref().unwrap().attrs.is_empty());
    }

    #[test]
    fn nested_attributes_get_their_length_and_flag() {
        let bytes = Request::new(RTM_NEWLINK, NLM_F_REQUEST)
            .fixed(&LinkHeader::default().to_bytes())
            .nested_flagged(IFLA_LINKINFO.number, |r| {
                r.attr_str(IFLA_INFO_KIND.number, "veth")
            })
            .finish(1, 0);
        let raw = Messages::new(&bytes).next().unwrap().unwrap();
        let m = super::super::decode_message(&raw).unwrap();
        let info = m.get(&IFLA_LINKINFO).unwrap().as_nested().unwrap();
        assert_eq!(info[0].value.as_str(), Some("veth"));
    }
}
