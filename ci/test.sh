#!/usr/bin/env bash
# The project's test command: formatting, lints, docs, every test, the
# MSRV, then the FreeBSD and OpenBSD builds.
#
# - As root (with iproute2), the Linux tests build private network
#   namespaces and run against the real kernel; as another user they are
#   skipped and named, and the rest (unit, fixture, golden, malformed-input
#   and request-byte tests) still runs.
# - The fixtures are ../shared/fixtures beside the repository, or
#   $RTSOCK_FIXTURES; without them the tests that need them say so and pass,
#   except under CI=true.
# - Toolchains it lacks are downloaded, and it says so first: Rust $MSRV
#   (~150 MB) here, a pinned nightly with rust-src (~700 MB) in
#   ci/check-bsd.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

MSRV=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)

cargo fmt --check
cargo clippy --all-targets --all-features -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --all-features --quiet

if [[ $(id -u) -eq 0 ]] && command -v ip >/dev/null; then
    cargo test --all-features
else
    why="not root"
    [[ $(id -u) -eq 0 ]] && why="no iproute2 (ip)"
    echo "ci/test.sh: $why: skipping the real-kernel tests (tests/linux_*.rs, tests/dry_run.rs, tests/bsd_live.rs)" >&2
    cargo test --all-features --lib --bins --examples \
        --test bsd_text --test change_bytes --test fixtures_bsd --test fixtures_freebsd13 \
        --test fixtures_netlink --test golden --test malformed
fi

# The oldest Rust the crate builds with (Cargo.toml's rust-version).
if ! rustup toolchain list | grep -q "^$MSRV-"; then
    echo "ci/test.sh: downloading Rust $MSRV (the MSRV, ~150 MB)" >&2
    rustup toolchain install "$MSRV" --profile minimal >/dev/null
fi
CARGO_TARGET_DIR=target/msrv cargo +"$MSRV" check --all-features --lib --bins --examples --quiet

# The same crate, checked for FreeBSD and OpenBSD (the shared example included).
ci/check-bsd.sh
