#!/usr/bin/env bash
# Runs the test suite on a real FreeBSD or OpenBSD machine, as root:
# the pure tests (fixtures, parsing), and the BSD-only integration tests in
# tests/bsd_live.rs (dumps through sysctl, a route added, read back, looked
# up and deleted through the routing socket).
#   on the BSD machine:   ci/bsd.sh
#   from the host:        ci/bsd.sh --vagrant freebsd|openbsd
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ${1:-} == --vagrant ]]; then
    box=${2:?freebsd or openbsd}
    cd vagrant
    vagrant up "$box"
    vagrant rsync "$box"
    exec vagrant ssh "$box" -c 'cd /rtsock && rm -rf ../shared && ln -s /shared ../shared 2>/dev/null; sudo bash ci/bsd.sh'
fi

case "$(uname -s)" in
    FreeBSD | OpenBSD) ;;
    *) echo "ci/bsd.sh: run this on FreeBSD or OpenBSD (or use --vagrant)" >&2; exit 1 ;;
esac
[[ $(id -u) -eq 0 ]] || { echo "ci/bsd.sh: the live tests change routes: run as root" >&2; exit 1; }
command -v cargo >/dev/null || { echo "ci/bsd.sh: install rust (pkg install rust / pkg_add rust)" >&2; exit 1; }

cargo test --test fixtures_bsd --test bsd_live --test change_bytes --lib
cargo run --example portable_show
