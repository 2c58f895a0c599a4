//! Applying a plan as a transaction: each step in order; on a failure the
//! steps already applied are undone in reverse; then the kernel's state is
//! read back until it equals the target (or the timeout rolls everything
//! back).

use std::fmt;
use std::time::{Duration, Instant};

use super::{Document, Plan, State};
use crate::common::api::RouteSocket;
use crate::common::batch::Change;
use crate::common::error::Error;

/// How a commit goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitOptions {
    /// Read the state back after applying until it equals the target.
    pub verify: bool,
    /// How long verification may take before the commit is rolled back.
    pub timeout: Duration,
}

impl Default for CommitOptions {
    fn default() -> CommitOptions {
        CommitOptions {
            verify: true,
            timeout: Duration::from_secs(5),
        }
    }
}

/// What a successful commit did.
#[derive(Clone, Debug)]
pub struct Report {
    /// How many steps were applied.
    pub applied: usize,
    /// The plan that was applied (recomputed when the state had changed).
    pub plan: Plan,
    /// Objects another writer changed between the plan and the commit:
    /// the plan was recomputed against them, and this names them.
    pub concurrent: Vec<String>,
}

/// Why a commit failed, and what the rollback did.
#[derive(Debug)]
pub struct Failure {
    /// `plan`, `apply` or `verify`: where it failed.
    pub stage: &'static str,
    /// The step that failed (`apply`), by index and in `ip` syntax.
    pub step: Option<(usize, String)>,
    /// The error.
    pub error: Error,
    /// The undo changes the rollback applied, in order.
    pub restored: Vec<String>,
    /// The undo changes that failed, with their errors (empty when the
    /// state is back where it was).
    pub rollback_errors: Vec<String>,
    /// What verification still found different (`verify`).
    pub remaining: Vec<String>,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.step {
            Some((i, what)) => write!(f, "step {} ({what}) failed: {}", i + 1, self.error)?,
            None => write!(f, "{} failed: {}", self.stage, self.error)?,
        }
        for r in &self.remaining {
            write!(f, "\n  still different: {r}")?;
        }
        if !self.restored.is_empty() || !self.rollback_errors.is_empty() {
            write!(
                f,
                "\nrolled back {} change(s){}",
                self.restored.len(),
                if self.rollback_errors.is_empty() {
                    ": the state is as it was"
                } else {
                    ", some failed:"
                }
            )?;
            for e in &self.rollback_errors {
                write!(f, "\n  {e}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}

pub(super) fn failed(stage: &'static str, error: Error) -> Box<Failure> {
    Box::new(Failure {
        stage,
        step: None,
        error,
        restored: Vec::new(),
        rollback_errors: Vec::new(),
        remaining: Vec::new(),
    })
}

/// Reads the state, plans the way to `doc` and commits it (see
/// [`commit_plan`]).
pub fn commit<R: RouteSocket>(
    sock: &mut R,
    doc: &Document,
    options: &CommitOptions,
) -> Result<Report, Box<Failure>> {
    let state = State::load(sock).map_err(|e| failed("plan", e))?;
    let plan = state.plan(doc).map_err(|e| failed("plan", e))?;
    // Planned from a state read just now: no second read for writers.
    apply(sock, doc, plan, Vec::new(), options)
}

/// Applies `plan` (computed earlier for `doc`). The state is read again
/// first: objects another writer changed since the plan are named in the
/// report and the plan is recomputed against them, never overwritten
/// blindly. A failed step rolls back the applied ones in reverse; with
/// `verify`, the state is then read back until it equals `doc`, and a
/// timeout rolls back everything.
pub fn commit_plan<R: RouteSocket>(
    sock: &mut R,
    doc: &Document,
    plan: Plan,
    options: &CommitOptions,
) -> Result<Report, Box<Failure>> {
    let now = State::load(sock).map_err(|e| failed("plan", e))?;
    let concurrent = plan.base.differences(&now);
    let plan = if concurrent.is_empty() {
        plan
    } else {
        now.plan(doc).map_err(|e| failed("plan", e))?
    };
    apply(sock, doc, plan, concurrent, options)
}

/// Checks, applies and verifies `plan`, rolling back on failure.
pub(super) fn apply<R: RouteSocket>(
    sock: &mut R,
    doc: &Document,
    plan: Plan,
    concurrent: Vec<String>,
    options: &CommitOptions,
) -> Result<Report, Box<Failure>> {
    // What the backend cannot do at all is said before anything changes.
    for (i, step) in plan.steps.iter().enumerate() {
        if let Err(error) = sock.check(&step.change) {
            let mut f = failed("plan", error);
            f.step = Some((i, step.change.describe()));
            return Err(f);
        }
    }
    let mut applied = 0;
    for (i, step) in plan.steps.iter().enumerate() {
        if let Err(error) = sock.change(&step.change) {
            let mut f = failed("apply", error);
            f.step = Some((i, step.change.describe()));
            rollback(sock, &plan, i, &mut f);
            return Err(f);
        }
        applied += 1;
    }
    if options.verify {
        let deadline = Instant::now() + options.timeout;
        loop {
            let left = State::load(sock)
                .and_then(|s| s.plan(doc))
                .map_err(|e| failed("verify", e));
            let left = match left {
                Ok(p) => p,
                Err(mut f) => {
                    rollback(sock, &plan, applied, &mut f);
                    return Err(f);
                }
            };
            if left.is_empty() {
                break;
            }
            if Instant::now() >= deadline {
                let mut f = failed(
                    "verify",
                    Error::Timeout {
                        request: "state apply: verification".into(),
                        after: options.timeout,
                    },
                );
                f.remaining = left.diff().iter().map(ToString::to_string).collect();
                rollback(sock, &plan, applied, &mut f);
                return Err(f);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    Ok(Report {
        applied,
        plan,
        concurrent,
    })
}

/// Undoes the first `count` steps of `plan`, last first.
fn rollback<R: RouteSocket>(sock: &mut R, plan: &Plan, count: usize, f: &mut Failure) {
    for step in plan.steps[..count].iter().rev() {
        for undo in &step.undo {
            apply_undo(sock, undo, f);
        }
    }
}

fn apply_undo<R: RouteSocket>(sock: &mut R, undo: &Change, f: &mut Failure) {
    match sock.change(undo) {
        Ok(()) => f.restored.push(undo.describe()),
        Err(e) => f.rollback_errors.push(format!("{}: {e}", undo.describe())),
    }
}
