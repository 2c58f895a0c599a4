//! The typed view of shared action messages, and `tc actions`' lines.

use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::constants::*;
use crate::common::kinds::tcfilter::action_lines::{IfName, actions_text_from};
use crate::common::message::{Body, Message};
use crate::common::value::{Value, find_key};

/// One shared action (an entry of TCA_ROOT_TAB).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SharedAction {
    /// Its kind.
    pub kind: String,
    /// Its index (TCA_ACT_INDEX, else its options' `tc_gen`).
    pub index: u32,
}

impl SharedAction {
    /// Every action of `m`, or none if `m` is not a shared-action message.
    pub fn all(m: &Message) -> Vec<SharedAction> {
        if !matches!(m.body, Body::TcAction(_)) || ObjectKind::of(m) != Some(ObjectKind::TcAction)
        {
            return Vec::new();
        }
        let Some(Value::List(list)) = m.get(&TCA_ROOT_TAB) else {
            return Vec::new();
        };
        list.iter()
            .filter_map(Value::as_nested)
            .filter_map(|attrs| {
                let kind = find_key(attrs, &TCA_ACT_KIND)?.as_str()?.to_owned();
                let from_options = || {
                    let options = find_key(attrs, &TCA_ACT_OPTIONS)?.as_nested()?;
                    options.first()?.value.field("index")?.as_u32()
                };
                let index = find_key(attrs, &TCA_ACT_INDEX)
                    .and_then(Value::as_u32)
                    .or_else(from_options)?;
                Some(SharedAction { kind, index })
            })
            .collect()
    }

    /// The message as `tc actions ls` and `tc monitor` print it
    /// (print_action): `total acts N`, what the message type says was
    /// done, then the actions as a filter's are printed. A dump numbers
    /// them from 0 (tcf_dump_walker), a reply or an event from 1
    /// (tcf_action_dump).
    pub fn lines(m: &Message, ifname: IfName<'_>) -> Vec<String> {
        let total = m.get(&TCA_ROOT_COUNT).and_then(Value::as_u32).unwrap_or(0);
        let mut text = format!("total acts {total}\n");
        let flags = m.header.flags;
        match m.header.kind {
            RTM_DELACTION if flags & NLM_F_ROOT != 0 => text += "Flushed table ",
            RTM_DELACTION => text += "Deleted action ",
            RTM_NEWACTION if flags & NLM_F_CREATE != 0 && flags & NLM_F_REPLACE == 0 => {
                text += "Added action "
            }
            RTM_NEWACTION if flags & NLM_F_REPLACE != 0 => text += "Replaced action ",
            _ => {}
        }
        if let Some(tab) = m.get(&TCA_ROOT_TAB) {
            let first = if flags & NLM_F_MULTI != 0 { 0 } else { 1 };
            text += &actions_text_from(tab, first, ifname);
        }
        text.lines().map(str::to_owned).collect()
    }
}
