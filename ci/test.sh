#!/usr/bin/env bash
# The project's test command: formatting, lints, then every test.
# The Linux integration tests build private network namespaces: run as root,
# with iproute2 installed, and with ../shared (the fixtures) beside the repo.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $(id -u) -ne 0 ]]; then
    echo "ci/test.sh: the integration tests need root (network namespaces)" >&2
    exit 1
fi
command -v ip >/dev/null || { echo "ci/test.sh: iproute2 (ip) is required" >&2; exit 1; }
[[ -d ../shared/fixtures ]] || { echo "ci/test.sh: ../shared/fixtures is missing" >&2; exit 1; }

cargo fmt --check
cargo clippy --all-targets --all-features -- -D warnings
cargo test --all-features
# The same crate, checked for FreeBSD and OpenBSD (the shared example included).
ci/check-bsd.sh
