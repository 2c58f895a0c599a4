#!/usr/bin/env python3
"""The performance harness (run through ci/bench.sh, as root).

Two parts (BENCH_PARTS, default "dumps changes"):

Dumps. For each table size N it builds a private namespace holding N IPv4 routes,
then runs side by side, RUNS times each: the bare C header walk
(benches/c/nl_walk.c), rtsock's library (examples/dump_routes), the
rtnetlink crate (benches/peers), pyroute2 when it is installed, and the two
command lines `rtsock --json route show` and `ip -j route show`. It prints
medians, peak RSS and the ratios the targets are stated in, writes
target/bench/results.json and, when matplotlib can be had, a PNG plot.

Changes. For each size N (BENCH_CHANGE_SIZES) every tool adds N routes
`20.a.b.c/25 via 10.0.0.2` to an empty table and deletes them again: a C
floor that pipelines RTM_NEWROUTE/RTM_DELROUTE with ACKs
(benches/c/nl_change.c, 1000 per datagram) and the same C program one
request per datagram, rtsock's batch API and its one-call-per-route loop
(examples/change_routes), `rtsock -batch FILE`, `ip -batch FILE`, the
rtnetlink crate with 1000 requests in flight (benches/peers) and, when
installed, a pyroute2 loop (10k only).

Library runs are timed inside each program (request to last answer);
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
PARTS = os.environ.get("BENCH_PARTS", "dumps changes").split()
CHANGE_SIZES = [int(s) for s in os.environ.get("BENCH_CHANGE_SIZES", "10000 100000 1000000").split()]
CHANGE_PLOT = os.environ.get("BENCH_CHANGE_PLOT", os.path.join(ROOT, "docs", "bench-changes.png"))


def sh(*cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def build():
    os.makedirs(OUT, exist_ok=True)
    sh("cargo", "build", "-q", "--release", "--example", "dump_routes", "--example", "change_routes",
       "--bin", "rtsock", cwd=ROOT)
    sh("gcc", "-O2", "-o", os.path.join(OUT, "nl_walk"), os.path.join(ROOT, "benches/c/nl_walk.c"))
    sh("gcc", "-O2", "-o", os.path.join(OUT, "nl_change"), os.path.join(ROOT, "benches/c/nl_change.c"))
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


def bin_(*p):
    return os.path.join(ROOT, *p)


def main():
    build()
    results = {"runs": RUNS}
    if "dumps" in PARTS:
        dumps(results)
    if "changes" in PARTS:
        changes(results)
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    if "dumps" in PARTS:
        report(results)
        plot(results)
    if "changes" in PARTS:
        report_changes(results)
        plot_changes(results)


def dumps(results):
    results["sizes"] = {}
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


def route_dst(i):
    return f"{20 + i // 131072}.{(i // 512) % 256}.{(i // 2) % 256}.{(i % 2) * 128}/25"


PYROUTE2_CHANGES = """
import sys, time
from pyroute2 import NetNS
ns = NetNS(sys.argv[1])
op, n = sys.argv[2], int(sys.argv[3])
def dst(i):
    return f"{20 + i // 131072}.{(i // 512) % 256}.{(i // 2) % 256}.{(i % 2) * 128}/25"
t = time.monotonic()
for i in range(n):
    if op == "add":
        ns.route("add", dst=dst(i), gateway="10.0.0.2")
    else:
        ns.route("del", dst=dst(i))
print(n, time.monotonic() - t)
"""


def changes(results):
    """Each tool adds N routes to an empty table, then deletes them."""
    results["changes"] = {}
    nl = os.path.join(OUT, "nl_change")
    ex = bin_("target/release/examples/change_routes")
    cli = bin_("target/release/rtsock")
    peers = bin_("benches/peers/target/release/rtsock-bench-peers")
    for n in CHANGE_SIZES:
        ns = f"rtsock-bench-changes-{n}"
        print(f"== adding and deleting {n} routes", flush=True)
        namespace(ns)
        files = {}
        for op in ("add", "del"):
            path = os.path.join(OUT, f"routes-{op}-{n}.batch")
            with open(path, "w") as f:
                for i in range(n):
                    f.write(f"route add {route_dst(i)} via 10.0.0.2\n" if op == "add"
                            else f"route del {route_dst(i)}\n")
            files[op] = path
        tools = {
            "C floor (pipelined)": lambda op: ([nl, ns, op, str(n), "1000"], True),
            "C floor (one per datagram)": lambda op: ([nl, ns, op, str(n), "1"], True),
            "rtsock batch API": lambda op: ([ex, ns, op, str(n), "batch"], True),
            "rtsock one call per route": lambda op: ([ex, ns, op, str(n), "single"], True),
            "rtsock -batch": lambda op: ([cli, "-n", ns, "-batch", files[op]], False),
            "ip -batch": lambda op: (["ip", "-n", ns, "-batch", files[op]], False),
            "rtnetlink crate (1000 in flight)": lambda op: ([peers, ns, op, str(n)], True),
        }
        if have_pyroute2() and n <= 10000:
            tools["pyroute2 (a call per route)"] = lambda op: (
                [sys.executable, "-c", PYROUTE2_CHANGES, ns, op, str(n)], True)
        runs = {f"{name} {op}": [] for name in tools for op in ("add", "del")}
        for _ in range(RUNS):
            for name, tool in tools.items():
                for op in ("add", "del"):
                    cmd, internal = tool(op)
                    runs[f"{name} {op}"].append(run(cmd, internal))
        row = {name: summary(r) for name, r in runs.items()}
        for name, r in row.items():
            print(f"   {name:40} {r['median_s']*1000:9.1f} ms  {r['peak_rss_kib']/1024:7.1f} MiB", flush=True)
        results["changes"][str(n)] = row
        for f in files.values():
            os.unlink(f)
        subprocess.run(["ip", "netns", "del", ns])


def report_changes(results):
    print("\n== changes: ratios (median over %d interleaved rounds of the per-round ratio)" % results["runs"])
    sizes = results["changes"]
    for n, row in sizes.items():
        for op in ("add", "del"):
            r = lambda a, b: paired_ratio(row, f"{a} {op}", f"{b} {op}")
            print(f"{n:>8} {op}: batch API/C pipelined = {r('rtsock batch API', 'C floor (pipelined)'):.2f} (target <= 1.2)"
                  f"   one call per route/C one per datagram = {r('rtsock one call per route', 'C floor (one per datagram)'):.2f} (target <= 1.5)"
                  f"   rtsock -batch/ip -batch = {r('rtsock -batch', 'ip -batch'):.2f} (target <= 0.5)"
                  f"   rtnetlink/batch API = {r('rtnetlink crate (1000 in flight)', 'rtsock batch API'):.2f}"
                  f"   peak RSS batch API {row['rtsock batch API ' + op]['peak_rss_kib']/1024:.1f} MiB,"
                  f" -batch {row['rtsock -batch ' + op]['peak_rss_kib']/1024:.1f} MiB (target < 8)")
    if "100000" in sizes and "1000000" in sizes:
        for op in ("add", "del"):
            a = sizes["100000"][f"rtsock batch API {op}"]["median_s"]
            b = sizes["1000000"][f"rtsock batch API {op}"]["median_s"]
            print(f"1M / 100k routes, batch API {op}: {b/a:.1f}x (target <= 11)")


def plot_changes(results):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench: no matplotlib, no plot of the changes")
        return
    sizes = sorted(int(n) for n in results["changes"])
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.5), sharey=True)
    for ax, op in zip(axes, ("add", "del")):
        names = [k[: -len(op) - 1] for k in results["changes"][str(sizes[0])] if k.endswith(" " + op)]
        for name in names:
            xs = [n for n in sizes if f"{name} {op}" in results["changes"][str(n)]]
            ys = [results["changes"][str(n)][f"{name} {op}"]["median_s"] * 1000 for n in xs]
            ax.plot(xs, ys, marker="o", label=name)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("IPv4 routes")
        ax.set_title(f"{'adding' if op == 'add' else 'deleting'} routes")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("median time (ms)")
    axes[1].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(CHANGE_PLOT, dpi=110)
    print(f"plot: {CHANGE_PLOT}")


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
