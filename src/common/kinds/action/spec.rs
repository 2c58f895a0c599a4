//! Shared action changes (`tc actions add|replace|change|del`):
//! [`TcActionSpec`].

use std::fmt::Write as _;

use crate::common::api::ObjectKind;
use crate::common::change::*;
use crate::common::error::{Error, Result};
use crate::common::kinds::ChangeSpec;
use crate::common::kinds::tcfilter::action::TcAction;
use crate::common::message::Message;

/// A shared action: made or replaced from its settings (`tc actions add
/// action gact drop index 5`), or named by kind and index for a delete
/// (`tc actions del action gact index 5`); a delete with no index flushes
/// every action of the kind (`tc actions flush action gact`).
///
/// ```no_run
/// use rtsock::batch::Change;
/// use rtsock::change::{TcAction, TcActionSpec, Verb, Verdict};
/// use rtsock::{Filter, IpRoute, ObjectKind, RouteSocket};
///
/// let mut ipr = IpRoute::new()?;
/// let drop5 = TcActionSpec::new(TcAction::Gact(Verdict::Drop), Some(5));
/// ipr.change(&Change::TcAction(Verb::Add, drop5))?;
/// // tc actions ls action gact
/// for m in ipr.dump(ObjectKind::TcAction, &Filter::new().action_kind("gact"))? {
///     for a in rtsock::views::SharedAction::all(&m?) {
///         println!("{} {}", a.kind, a.index);
///     }
/// }
/// # Ok::<(), rtsock::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TcActionSpec {
    /// The action's kind (`gact`, `mirred`, `police`, ...).
    pub kind: String,
    /// Its index; None lets the kernel choose one (add) or means every
    /// action of the kind (delete).
    pub index: Option<u32>,
    /// Its settings, for add, replace and change.
    pub action: Option<TcAction>,
}

impl TcActionSpec {
    /// The action `action`, at `index` when given.
    pub fn new(action: TcAction, index: Option<u32>) -> TcActionSpec {
        TcActionSpec {
            kind: action.name().to_owned(),
            index,
            action: Some(action),
        }
    }

    /// The action of `kind` at `index`, for a delete.
    pub fn at(kind: &str, index: u32) -> TcActionSpec {
        TcActionSpec {
            kind: kind.to_owned(),
            index: Some(index),
            action: None,
        }
    }

    /// Every action of `kind`, for a flush.
    pub fn every(kind: &str) -> TcActionSpec {
        TcActionSpec {
            kind: kind.to_owned(),
            index: None,
            action: None,
        }
    }

    /// Rejects what tc refuses before sending.
    pub fn validate(&self, verb: Verb) -> Result<()> {
        let what = || self.describe(verb);
        if self.kind.is_empty() || self.kind.len() >= 16 || self.kind.contains('\0') {
            return Err(Error::invalid(what(), "an action kind is 1 to 15 bytes"));
        }
        match (verb, &self.action) {
            (Verb::Add | Verb::Replace | Verb::Change, None) => Err(Error::invalid(
                what(),
                "which action? (its settings: action gact drop, ...)",
            )),
            (Verb::Add | Verb::Replace | Verb::Change, Some(a)) if a.name() != self.kind => {
                Err(Error::invalid(
                    what(),
                    format!("kind {} and settings of {} differ", self.kind, a.name()),
                ))
            }
            (Verb::Add | Verb::Replace | Verb::Change | Verb::Delete, _) => Ok(()),
            (other, _) => Err(Error::invalid(
                what(),
                format!(
                    "actions take add, replace, change or del, not {}",
                    other.word()
                ),
            )),
        }
    }

    /// The request in `tc actions` syntax.
    pub fn describe(&self, verb: Verb) -> String {
        if verb == Verb::Delete && self.index.is_none() {
            return format!("actions flush action {}", self.kind);
        }
        let mut s = format!("actions {} action {}", verb.word(), self.kind);
        if let Some(i) = self.index {
            let _ = write!(s, " index {i}");
        }
        s
    }
}

impl ChangeSpec for TcActionSpec {
    fn kind(&self) -> ObjectKind {
        ObjectKind::TcAction
    }

    fn describe(&self, verb: Verb) -> String {
        TcActionSpec::describe(self, verb)
    }

    fn validate(&self, verb: Verb) -> Result<()> {
        TcActionSpec::validate(self, verb)
    }

    fn netlink(
        &self,
        verb: Verb,
        res: &mut dyn crate::linux::change::Resolver,
    ) -> Result<crate::linux::request::Request> {
        super::netlink::action_request(verb, self, res)
    }

    /// The message's first action, by kind and index.
    fn delete_of(m: &Message) -> Option<TcActionSpec> {
        let a = super::view::SharedAction::all(m).into_iter().next()?;
        Some(TcActionSpec::at(&a.kind, a.index))
    }
}
