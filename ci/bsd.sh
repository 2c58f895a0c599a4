#!/usr/bin/env bash
# Runs the test suite on a real FreeBSD or OpenBSD machine, as root: the
# pure unit tests, then tests/bsd_live.rs against the kernel (dumps, routes
# in two tables, device routes and link-local gateways, neighbours added,
# changed and deleted, clones, addresses, a monitor overrun, requests under
# a flood of events). The ../shared fixtures are used when present, never
# required.
#   on the BSD machine:   ci/bsd.sh            (as root: doas or sudo)
#   from the host:        ci/bsd.sh --vagrant freebsd|openbsd
#                         (VAGRANT_DEFAULT_PROVIDER=libvirt or virtualbox)
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ${1:-} == --vagrant ]]; then
    box=${2:?freebsd or openbsd}
    cd vagrant
    vagrant up "$box"
    vagrant rsync "$box"
    # OpenBSD has doas, FreeBSD sudo (from the box's packages).
    exec vagrant ssh "$box" -c \
        'cd /rtsock && if command -v doas >/dev/null; then doas bash ci/bsd.sh; else sudo bash ci/bsd.sh; fi'
fi

case "$(uname -s)" in
    FreeBSD | OpenBSD) ;;
    *) echo "ci/bsd.sh: run this on FreeBSD or OpenBSD (or use --vagrant)" >&2; exit 1 ;;
esac
[[ $(id -u) -eq 0 ]] || { echo "ci/bsd.sh: the live tests change routes: run as root (doas/sudo)" >&2; exit 1; }
command -v cargo >/dev/null || { echo "ci/bsd.sh: install rust (pkg install rust / pkg_add rust)" >&2; exit 1; }

# One test thread: the live tests share the kernel's tables.
cargo test --lib
cargo test --test bsd_live -- --test-threads=1
if [[ -d ../shared/fixtures ]]; then
    cargo test --test fixtures_bsd --test fixtures_freebsd13 --test change_bytes
else
    echo "ci/bsd.sh: ../shared/fixtures absent: fixture tests skipped (they run on Linux CI)"
fi
cargo run --example portable_show
