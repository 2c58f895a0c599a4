#!/usr/bin/env bash
# Builds the crate (library, CLI, examples, tests incl. tests/bsd_live.rs)
# for the BSDs with clippy:
# FreeBSD through its rustup target, OpenBSD through nightly's -Zbuild-std
# (it has no prebuilt std). On both the const assertions in
# src/bsd/abi_check.rs compare our ABI tables with the libc crate's structs;
# then the OpenBSD docs as docs.rs builds them.
# Installs the targets and toolchain it needs (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."

# A pinned nightly: a newer one may bring lints that fail a clean tree.
NIGHTLY=${RTSOCK_NIGHTLY:-nightly-2026-05-19}
rustup target add x86_64-unknown-freebsd >/dev/null
if ! rustup toolchain list | grep -q "^$NIGHTLY-"; then
    echo "ci/check-bsd.sh: downloading $NIGHTLY with rust-src (~700 MB) for the OpenBSD build" >&2
fi
rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src,clippy >/dev/null

echo "== FreeBSD (x86_64-unknown-freebsd)"
cargo clippy --target x86_64-unknown-freebsd --all-targets -- -D warnings
echo "== OpenBSD (x86_64-unknown-openbsd, nightly -Zbuild-std)"
cargo +"$NIGHTLY" clippy -Zbuild-std --target x86_64-unknown-openbsd --all-targets -- -D warnings
echo "== OpenBSD docs (doc(cfg) badges, as docs.rs builds them)"
RUSTDOCFLAGS="--cfg docsrs -D warnings" cargo +"$NIGHTLY" doc -Zbuild-std --no-deps --all-features \
    --target x86_64-unknown-openbsd --quiet
