//! Where the test fixtures are: `$RTSOCK_FIXTURES`, else `../shared/fixtures`
//! beside the repository (real captures and dumps from other projects,
//! kept out of this repository; see the README). Without them a test says
//! so and passes, except under `CI=true`, where their absence fails it.

#![allow(dead_code, unused_macros)]

use std::path::PathBuf;

/// The fixture directory, or `None` (noted on stderr) when it is absent.
pub fn dir() -> Option<PathBuf> {
    let d = std::env::var_os("RTSOCK_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"));
    if d.is_dir() {
        return Some(d);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "the fixtures are missing at {} on CI (put ../shared beside the repository or set RTSOCK_FIXTURES)",
        d.display()
    );
    eprintln!(
        "skipped: no fixtures at {} (set RTSOCK_FIXTURES)",
        d.display()
    );
    None
}

/// A fixture file: it must exist when the directory does.
pub fn path(rel: &str) -> PathBuf {
    let p = dir()
        .expect("need_fixtures!() first: the fixture directory is absent")
        .join(rel);
    assert!(p.exists(), "missing fixture {}", p.display());
    p
}

/// Returns from the calling test when the fixtures are absent.
macro_rules! need_fixtures {
    () => {
        if fixtures::dir().is_none() {
            return;
        }
    };
}
