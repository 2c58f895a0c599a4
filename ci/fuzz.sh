#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 30), seeded from
# ../shared/fixtures (copied into target/fuzz-corpus, never into the repo).
# Needs cargo-fuzz and a nightly toolchain (installed here if missing).
# A crash stops the script; its input is in fuzz/artifacts/TARGET/ — turn it
# into a regression test (tests/malformed.rs, tests/fixtures_bsd.rs).
#   ci/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-30}
shift || true
NIGHTLY=${RTSOCK_NIGHTLY:-nightly-2026-05-19}
rustup toolchain install "$NIGHTLY" --profile minimal >/dev/null
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
F=../shared/fixtures
CORPUS=target/fuzz-corpus
mkdir -p "$CORPUS"/{netlink_stream,netlink_body,pfroute_stream,sockaddr,capture,text}
# Every fixture, cut into one seed file per message/dump (examples/fuzz_seeds.rs).
cargo run -q --example fuzz_seeds -- "$F" "$CORPUS"
cp "$F"/pyroute2/nl0.pcap "$F"/pyroute2/*.dump "$F"/pyroute2/scripts-2015/*.data "$CORPUS/capture/"
cp "$F"/salt/*ifconfig*.txt "$F"/cloud-init/*ifconfig* "$F"/scapy/netstat-legacy/*.txt \
    "$F"/openbsd-regress-sbin-route/*.ok "$F"/ohai/freebsd_network_spec_extracted/*.txt \
    "$F"/jackpal-gateway/*.txt "$CORPUS/text/"
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(netlink_stream netlink_body pfroute_stream sockaddr capture text)
for t in "${targets[@]}"; do
    echo "== fuzz $t for ${SECONDS_EACH}s"
    cargo +"$NIGHTLY" fuzz run --fuzz-dir fuzz "$t" "$CORPUS/$t" -- \
        -max_total_time="$SECONDS_EACH" -print_final_stats=1 2>&1 | grep -E "stat::number_of_executed_units|Done|ERROR|SUMMARY" || true
    if ls fuzz/artifacts/"$t"/crash-* >/dev/null 2>&1; then
        echo "ci/fuzz.sh: $t crashed: see fuzz/artifacts/$t" >&2
        exit 1
    fi
done
