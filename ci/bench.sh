#!/usr/bin/env bash
# The performance harness: one command from a fresh clone (root, iproute2,
# gcc; the rtnetlink crate is fetched by cargo; pyroute2 is used when
# installed). Sizes, runs and the link count come from BENCH_SIZES,
# BENCH_RUNS, BENCH_LINKS (defaults: "10000 100000 1000000", 5, 10000).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) -eq 0 ]] || { echo "ci/bench.sh: needs root (network namespaces)" >&2; exit 1; }
command -v gcc >/dev/null || { echo "ci/bench.sh: needs gcc for the C baseline" >&2; exit 1; }
exec python3 ci/bench.py
