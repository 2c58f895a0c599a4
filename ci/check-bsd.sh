#!/usr/bin/env bash
# Builds the crate (library, CLI, examples, tests incl. tests/bsd_live.rs)
# for the BSDs with clippy:
# FreeBSD through its rustup target, OpenBSD through nightly's -Zbuild-std
# (it has no prebuilt std). On FreeBSD the const assertions in
# src/bsd/abi_check.rs compare our layouts with the libc crate's structs.
# Installs the targets and toolchain it needs (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."

# A pinned nightly: a newer one may bring lints that fail a clean tree.
NIGHTLY=${RTSOCK_NIGHTLY:-nightly-2026-05-19}
rustup target add x86_64-unknown-freebsd >/dev/null
rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src,clippy >/dev/null

echo "== FreeBSD (x86_64-unknown-freebsd)"
cargo clippy --target x86_64-unknown-freebsd --all-targets -- -D warnings
echo "== OpenBSD (x86_64-unknown-openbsd, nightly -Zbuild-std)"
cargo +"$NIGHTLY" clippy -Zbuild-std --target x86_64-unknown-openbsd --all-targets -- -D warnings
