//! RTM_NEWQDISC and RTM_DELQDISC requests for a [`QdiscSpec`]. Pure: names are
//! resolved through the caller's `Resolver`, so the bytes are checked against
//! `ip`'s on any OS; the spec's [`ChangeSpec::netlink`] calls it.


use crate::common::attrs::*;
use crate::common::change::*;
use crate::common::constants::*;
use crate::common::error::Result;
use crate::common::message::*;
use crate::linux::change::{Resolver, verb_flags};
use crate::linux::request::Request;

/// RTM_NEWQDISC (add, replace, change) or RTM_DELQDISC, byte for byte as
/// `tc qdisc` sends them: TCA_KIND with its NUL, then TCA_OPTIONS as each
/// kind's parser writes it (a bare `tc_fifo_qopt` for the FIFOs, a nest
/// holding TCA_HTB_INIT for htb, nothing for ingress and clsact).
pub fn qdisc_request(verb: Verb, spec: &QdiscSpec, res: &mut dyn Resolver) -> Result<Request> {
    spec.validate(verb)?;
    let what = spec.describe(verb);
    let h = TcHeader {
        index: res.ifindex(&spec.dev, &what)?,
        handle: spec.handle,
        parent: spec.parent,
        ..TcHeader::default()
    };
    let (kind, flags) = match verb {
        Verb::Delete => (RTM_DELQDISC, NLM_F_REQUEST | NLM_F_ACK),
        // tc_qdisc_modify's `change` asks for neither CREATE nor REPLACE.
        Verb::Change => (RTM_NEWQDISC, NLM_F_REQUEST | NLM_F_ACK),
        v => (RTM_NEWQDISC, verb_flags(v)),
    };
    let mut r = Request::new(kind, flags).fixed(&h.to_bytes());
    let Some(k) = &spec.kind else {
        return Ok(r);
    };
    r = r.attr_str(TCA_KIND.number, k.name());
    match k {
        QdiscKind::Pfifo { limit: Some(l) } | QdiscKind::Bfifo { limit: Some(l) } => {
            r = r.attr_u32(TCA_OPTIONS.number, *l);
        }
        QdiscKind::Htb { default_class, r2q } => {
            let mut glob = Vec::with_capacity(20);
            // struct tc_htb_glob: version 3 (TC_HTB_PROTOVER), r2q, defcls,
            // debug, direct_pkts.
            for v in [3, *r2q, *default_class, 0, 0] {
                glob.extend_from_slice(&v.to_ne_bytes());
            }
            r = r.nested(TCA_OPTIONS.number, |r| r.attr(TCA_HTB_INIT.number, &glob));
        }
        _ => {}
    }
    Ok(r)
}
