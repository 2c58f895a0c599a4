#!/usr/bin/env python3
"""The performance harness (run through ci/bench.sh, as root).

For each table size N it builds a private namespace holding N IPv4 routes,
then runs side by side, RUNS times each: the bare C header walk
(benches/c/nl_walk.c), rtsock's library (examples/dump_routes), the
rtnetlink crate (benches/peers), pyroute2 when it is installed, and the two
command lines `rtsock --json route show` and `ip -j route show`. It prints
medians, peak RSS and the ratios the targets are stated in, writes
target/bench/results.json and, when matplotlib can be had, a PNG plot.

Library dumps are timed inside each program (request to last message);
command lines are timed from outside (what a user waits for). Tools run
interleaved, one run of each per round, and ratios are the median of the
per-round ratios: this machine's neighbours slow whole rounds, not tools.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "bench")
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "10000 100000 1000000").split()]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
LINKS = int(os.environ.get("BENCH_LINKS", "10000"))
PLOT = os.environ.get("BENCH_PLOT", os.path.join(ROOT, "docs", "bench.png"))


def sh(*cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def build():
    os.makedirs(OUT, exist_ok=True)
    sh("cargo", "build", "-q", "--release", "--example", "dump_routes", "--bin", "rtsock", cwd=ROOT)
    sh("gcc", "-O2", "-o", os.path.join(OUT, "nl_walk"), os.path.join(ROOT, "benches/c/nl_walk.c"))
    sh("cargo", "build", "-q", "--release", "--manifest-path",
       os.path.join(ROOT, "benches/peers/Cargo.toml"), cwd=ROOT)


def run(cmd, internal):
    """One run: (seconds, count or None, peak RSS in KiB)."""
    # GNU time measures the peak RSS of the program itself (a child forked
    # from Python would count Python's pages too).
    start = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-f", "RSS %M", *cmd],
                       stdout=subprocess.PIPE if internal else subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    wall = time.monotonic() - start
    if p.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed: {p.stderr.decode()[-500:]}")
    rss = int(p.stderr.decode().strip().splitlines()[-1].split()[1])
    if internal:
        count, secs = p.stdout.decode().split()[:2]
        return float(secs), int(count), rss
    return wall, None, rss


def summary(runs):
    return {
        "median_s": statistics.median(r[0] for r in runs),
        "min_s": min(r[0] for r in runs),
        "count": runs[0][1],
        "peak_rss_kib": max(r[2] for r in runs),
        "runs_s": [r[0] for r in runs],
    }


def measure_interleaved(cmds):
    """Runs every command once per round, RUNS rounds, so that a noisy
    neighbour slows every tool of a round alike; {name: summary}."""
    runs = {name: [] for name in cmds}
    for _ in range(RUNS):
        for name, (cmd, internal) in cmds.items():
            runs[name].append(run(cmd, internal))
    return {name: summary(r) for name, r in runs.items()}


def paired_ratio(row, a, b):
    """Median over rounds of a's time / b's time (same round, same noise)."""
    return statistics.median(x / y for x, y in zip(row[a]["runs_s"], row[b]["runs_s"]))


def namespace(name, routes=0, links=0):
    subprocess.run(["ip", "netns", "del", name], stderr=subprocess.DEVNULL)
    sh("ip", "netns", "add", name)
    sh("ip", "-n", name, "link", "add", "v0", "type", "veth", "peer", "name", "v1")
    sh("ip", "-n", name, "link", "set", "v0", "up")
    sh("ip", "-n", name, "link", "set", "v1", "up")
    sh("ip", "-n", name, "addr", "add", "10.0.0.1/24", "dev", "v0")
    lines = []
    for i in range(routes):
        lines.append(f"route add {11 + i // 65536}.{(i // 256) % 256}.{i % 256}.0/24 via 10.0.0.2\n")
    for i in range(links // 2):
        lines.append(f"link add a{i} type veth peer name b{i}\n")
        lines.append(f"addr add 172.{16 + i // 65536}.{(i // 256) % 256}.{i % 256}/32 dev a{i}\n")
    if lines:
        with tempfile.NamedTemporaryFile("w", delete=False) as f:
            f.writelines(lines)
        sh("ip", "-n", name, "-batch", f.name)
        os.unlink(f.name)


def have_pyroute2():
    return subprocess.run([sys.executable, "-c", "import pyroute2"],
                          stderr=subprocess.DEVNULL).returncode == 0


PYROUTE2 = """
import sys, time
from pyroute2 import NetNS
ns = NetNS(sys.argv[1])
t = time.monotonic()
n = sum(1 for _ in ns.get_routes(family=2))
print(n, time.monotonic() - t)
"""


def main():
    build()
    bin_ = lambda *p: os.path.join(ROOT, *p)
    results = {"sizes": {}, "runs": RUNS}
    walk = os.path.join(OUT, "nl_walk")
    lib = bin_("target/release/examples/dump_routes")
    # The library runs twice: `dump_each` (one reused Message) and the
    # owning iterator (a Message per route, what `collect` keeps).
    tools = {
        "C header walk": lambda ns: ["env", walk, ns],
        "rtsock library": lambda ns: ["env", lib, ns],
        "rtsock iterator": lambda ns: ["env", "RTSOCK_DUMP_API=iter", lib, ns],
        "rtnetlink crate": lambda ns: ["env", bin_("benches/peers/target/release/rtsock-bench-peers"), ns],
    }
    if have_pyroute2():
        tools["pyroute2"] = lambda ns: [sys.executable, "-c", PYROUTE2, ns]
    clis = {
        "rtsock --json route show": lambda ns: [bin_("target/release/rtsock"), "-n", ns, "--json", "route", "show"],
        "ip -j route show": lambda ns: ["ip", "-n", ns, "-j", "route", "show"],
    }
    for n in SIZES:
        ns = f"rtsock-bench-{n}"
        print(f"== {n} routes: building the namespace", flush=True)
        namespace(ns, routes=n)
        cmds = {name: (cmd(ns), True) for name, cmd in tools.items()
                # pyroute2 takes minutes and gigabytes past 100k: measured there only
                if not (name == "pyroute2" and n > 100000)}
        cmds.update({name: (cmd(ns), False) for name, cmd in clis.items()})
        row = measure_interleaved(cmds)
        for name, r in row.items():
            count = f"({r['count']} routes)" if r["count"] is not None else ""
            print(f"   {name:26} {r['median_s']*1000:9.1f} ms  {r['peak_rss_kib']/1024:7.1f} MiB  {count}", flush=True)
        results["sizes"][str(n)] = row
        subprocess.run(["ip", "netns", "del", ns])

    if LINKS:
        ns = "rtsock-bench-links"
        print(f"== {LINKS} veth interfaces with addresses", flush=True)
        namespace(ns, links=LINKS)
        results["links"] = {}
        for what in ("links", "addrs"):
            row = measure_interleaved({
                "C header walk": (["env", walk, ns, what], True),
                "rtsock library": (["env", lib, ns, what], True),
            })
            results["links"][what] = row
            for name, r in row.items():
                print(f"   {what:5} {name:20} {r['median_s']*1000:9.1f} ms  {r['count']} messages  "
                      f"{r['median_s']/r['count']*1e6:.2f} us/message", flush=True)
        subprocess.run(["ip", "netns", "del", ns])

    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    report(results)
    plot(results)


def report(results):
    print("\n== ratios (median over %d interleaved rounds of the per-round ratio)" % results["runs"])
    sizes = results["sizes"]
    for n, row in sizes.items():
        lib = "rtsock library"
        print(f"{n:>8} routes: rtsock/C = {paired_ratio(row, lib, 'C header walk'):.2f} (target <= 1.3; "
              f"iterator {paired_ratio(row, 'rtsock iterator', 'C header walk'):.2f})"
              f"   rtnetlink/rtsock = {paired_ratio(row, 'rtnetlink crate', lib):.2f} (target >= 2; "
              f"iterator {paired_ratio(row, 'rtnetlink crate', 'rtsock iterator'):.2f})"
              f"   rtsock CLI/ip -j = {paired_ratio(row, 'rtsock --json route show', 'ip -j route show'):.2f} (target < 1)"
              f"   peak RSS {row[lib]['peak_rss_kib']/1024:.1f} MiB (target < 8)")
    if "100000" in sizes and "1000000" in sizes:
        a = sizes["100000"]["rtsock library"]["median_s"]
        b = sizes["1000000"]["rtsock library"]["median_s"]
        print(f"1M / 100k routes: {b/a:.1f}x (target <= 11)")
    if "links" in results and "100000" in sizes:
        routes = sizes["100000"]
        per_route = routes["rtsock library"]["median_s"] / routes["rtsock library"]["count"]
        print(f"routes: {per_route*1e6:.2f} us/message, rtsock/C {paired_ratio(routes, 'rtsock library', 'C header walk'):.2f}")
        for what, row in results["links"].items():
            r = row["rtsock library"]
            print(f"{what}: {r['median_s']/r['count']*1e6:.2f} us/message, "
                  f"rtsock/C {paired_ratio(row, 'rtsock library', 'C header walk'):.2f}")


def plot(results):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        if subprocess.run([sys.executable, "-m", "pip", "install", "-q", "matplotlib"]).returncode != 0:
            print("bench: no matplotlib, no plot")
            return
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    sizes = sorted(int(n) for n in results["sizes"])
    fig, ax = plt.subplots(figsize=(7, 4.5))
    names = list(results["sizes"][str(sizes[0])].keys())
    for name in names:
        xs = [n for n in sizes if name in results["sizes"][str(n)]]
        ys = [results["sizes"][str(n)][name]["median_s"] * 1000 for n in xs]
        ax.plot(xs, ys, marker="o", label=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("IPv4 routes in the table")
    ax.set_ylabel("median time (ms)")
    ax.set_title("Dumping a routing table (library: dump alone; CLIs: whole command)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    os.makedirs(os.path.dirname(PLOT), exist_ok=True)
    fig.tight_layout()
    fig.savefig(PLOT, dpi=110)
    print(f"plot: {PLOT}")


if __name__ == "__main__":
    main()
