#!/usr/bin/env bash
# Cross-builds rtsock with `cross` (needs Docker or Podman and
# `cargo install cross`). Usage: ci/cross.sh [TARGET...]
# Default targets: x86_64 and i686 FreeBSD. OpenBSD has no cross image:
# use ci/check-bsd.sh (nightly -Zbuild-std) or the Vagrant VM (ci/bsd.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cross >/dev/null || { echo "ci/cross.sh: install cross first: cargo install cross" >&2; exit 1; }
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(x86_64-unknown-freebsd i686-unknown-freebsd)
for t in "${targets[@]}"; do
    echo "== $t"
    cross build --release --target "$t" --bins --examples
done
