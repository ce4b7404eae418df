"""A room on one machine: what N trainees cost a JupyterHub (issue 14).

    python benchmarks/bench_hub.py [--n 1 10 30] [--same-cell 14] [--keep-rfc3987-syntax] [--json OUT]

For each N, a fresh hub (deploy/jupyterhub_config.py with the local spawner, configurable-http-proxy,
the course from a local git repository through its nbgitpuller link: tests/hub_helpers.py) and N
trainees who all log in at the same moment, start a server, open the link, start a kernel and run
exercises/03_servqual.ipynb with right answers, save it and log out. Measured per trainee:

* login → ready kernel: from the first request to the login page until the kernel answers
  kernel_info (login, server start, git clone by nbgitpuller, session + kernel start);
* login → first check result: until the first ``check(...)`` cell's output arrives (the kernel
  has imported pandas and course_lib, loaded and cleaned the survey);
* memory: RSS of the trainee's server + kernel, sampled every second (peak), and USS/PSS at the end
  (RSS counts the shared libraries in every process; PSS shares them out fairly);
* CPU: seconds of CPU each kernel spends while the whole room runs the same cell at the same moment
  (``--same-cell``, default 14: the IPA chart), and that cell's wall time; and the CPU seconds of
  server + kernel for the whole exercise.

BLAS and OpenMP use one thread per kernel (the deploy config sets OMP_NUM_THREADS=1 etc.).
rfc3987-syntax is left out of the hub's environment as deploy/README.md advises (it costs every
server 3-7 s of CPU at start); ``--keep-rfc3987-syntax`` measures with it.
Prints Markdown tables; ``--json`` also writes the raw numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import hub_helpers as hh  # noqa: E402

MIB = 2**20


def pct(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank, as a p95 of a handful of trainees should be: one of them)."""
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(q * len(values) + 0.5)) - 1))]


def others_running() -> str:
    """What else used the CPU while measuring (processes not started by this benchmark)."""
    import psutil

    mine = {os.getpid(), *(c.pid for c in psutil.Process().children(recursive=True))}
    procs = []
    for p in psutil.process_iter(["pid", "name", "cmdline"]):
        try:
            p.cpu_percent(None)
            procs.append(p)
        except psutil.Error:
            pass
    time.sleep(1.0)
    busy = []
    for p in procs:
        try:
            use = p.cpu_percent(None)
            if use >= 10 and p.pid not in mine:
                busy.append((use, " ".join(p.info["cmdline"] or [p.info["name"]])[:60]))
        except psutil.Error:
            pass
    return "; ".join(f"{name} ({use:.0f} %)" for use, name in sorted(busy, reverse=True)[:4]) or "nothing else"


def measure(n: int, same_cell: int, keep_rfc: bool) -> dict:
    import psutil

    work = Path(tempfile.mkdtemp(prefix=f"bench-hub-{n}-"))
    room = hh.Room(work, without_rfc3987_syntax=not keep_rfc)
    load0 = os.getloadavg()
    t0 = time.perf_counter()
    room.start()
    hub_start = time.perf_counter() - t0
    peak_total = {"rss": 0}

    async def go():
        stop = asyncio.Event()

        async def room_memory():
            while not stop.is_set():
                def total():
                    # servers, kernels and the culler carry the hub's address in their environment
                    pids = {p.pid for p in room.room_processes()} | {room.hub.pid, room.proxy.pid}
                    s = 0
                    for pid in pids:
                        try:
                            s += psutil.Process(pid).memory_info().rss
                        except psutil.Error:
                            pass
                    return s
                peak_total["rss"] = max(peak_total["rss"], await hh.blocking(total))
                try:
                    await asyncio.wait_for(stop.wait(), 2.0)
                except asyncio.TimeoutError:
                    pass

        watcher = asyncio.create_task(room_memory())
        try:
            return await hh.run_room(room, hh.Scenario(n=n, mode="right", same_cell=same_cell, sample_memory=True))
        finally:
            stop.set()
            await watcher

    try:
        result = asyncio.run(go())
        hub_rss = psutil.Process(room.hub.pid).memory_info().rss
        proxy_rss = psutil.Process(room.proxy.pid).memory_info().rss
    finally:
        room.close()
        shutil.rmtree(work, ignore_errors=True)     # N clones of the course (about 35 MB each)
    load1 = os.getloadavg()
    tr = result.trainees
    wrong = [t.name for t in tr if {r["status"] for r in t.checks.values()} != {"pass"}]
    return {
        "n": n, "failures": result.failures, "not_all_right": wrong, "wall": result.wall, "hub_start": hub_start,
        "kernel_ready": [t.times["kernel_ready"] for t in tr],
        "server_ready": [t.times["server_ready"] for t in tr],
        "pulled": [t.times["pulled"] for t in tr],
        "first_check": [t.times["first_check"] for t in tr],
        "done": [t.times["done"] for t in tr],
        "import_cell": [t.cell_times.get(2, float("nan")) for t in tr],
        "rss_peak": [getattr(t, "rss_peak", 0) for t in tr],
        "rss_end": [t.usage.get("rss", 0) for t in tr],
        "uss_end": [t.usage.get("uss", 0) for t in tr],
        "pss_end": [t.usage.get("pss", 0) for t in tr],
        "server_rss": [t.usage.get("server_rss", 0) for t in tr],
        "kernel_rss": [t.usage.get("kernel_rss", 0) for t in tr],
        "cpu_exercise": [t.usage.get("server_cpu", 0) + t.usage.get("kernel_cpu", 0) for t in tr],
        "server_cpu": [t.usage.get("server_cpu", 0) for t in tr],
        "same_cpu": [t.same_cell["cpu"] for t in tr],
        "same_wall": [t.same_cell["wall"] for t in tr],
        "room_rss_peak": peak_total["rss"], "hub_rss": hub_rss, "proxy_rss": proxy_rss,
        "load_before": load0, "load_after": load1,
    }


def table(results: list[dict]) -> str:
    def mp(values, f=1.0, digits=1):
        return f"{statistics.median(values) / f:.{digits}f} / {pct(values, 0.95) / f:.{digits}f}"

    lines = ["| N | login → ready kernel, s (median / p95) | login → first check, s | exercise done, s "
             "| server + kernel RSS peak, MiB (median / max) | PSS at end, MiB | CPU s per trainee, whole exercise "
             "| same cell: CPU s per kernel (median) | same cell: wall s (median / max) | room RSS peak, GiB |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(
            f"| {r['n']} | {mp(r['kernel_ready'])} | {mp(r['first_check'])} | {mp(r['done'])} "
            f"| {statistics.median(r['rss_peak']) / MIB:.0f} / {max(r['rss_peak']) / MIB:.0f} "
            f"| {statistics.median(r['pss_end']) / MIB:.0f} "
            f"| {statistics.median(r['cpu_exercise']):.1f} | {statistics.median(r['same_cpu']):.2f} "
            f"| {statistics.median(r['same_wall']):.1f} / {max(r['same_wall']):.1f} "
            f"| {r['room_rss_peak'] / 2**30:.2f} |")
    return "\n".join(lines)


def detail(results: list[dict]) -> str:
    lines = ["| N | server ready, s (median) | course pulled, s | import cell, s (median) | server RSS, MiB "
             "| kernel RSS, MiB | server CPU s at end | hub RSS, MiB | hub start, s | load avg before → after | failures |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(
            f"| {r['n']} | {statistics.median(r['server_ready']):.1f} | {statistics.median(r['pulled']):.1f} "
            f"| {statistics.median(r['import_cell']):.1f} | {statistics.median(r['server_rss']) / MIB:.0f} "
            f"| {statistics.median(r['kernel_rss']) / MIB:.0f} | {statistics.median(r['server_cpu']):.1f} "
            f"| {r['hub_rss'] / MIB:.0f} | {r['hub_start']:.1f} "
            f"| {r['load_before'][0]:.1f} → {r['load_after'][0]:.1f} | {len(r['failures'])} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="+", default=[1, 10, 30])
    parser.add_argument("--same-cell", type=int, default=14)
    parser.add_argument("--keep-rfc3987-syntax", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    reason = hh.missing()
    if reason:
        print(f"bench_hub: skipped: {reason}")
        return 0
    import psutil

    print(f"Machine: {platform.machine()}, {psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
          f"Python {platform.python_version()}; {time.strftime('%Y-%m-%d %H:%M')}; "
          f"rfc3987-syntax {'kept' if args.keep_rfc3987_syntax else 'left out'}")
    print(f"Also running before the first room: {others_running()}\n", flush=True)
    results = []
    for n in args.n:
        try:
            r = measure(n, args.same_cell, args.keep_rfc3987_syntax)
        except BaseException as exc:     # one room failing still reports the others
            import traceback

            print(f"N={n}: the room failed: {type(exc).__name__}: {exc}")
            traceback.print_exc(limit=3)
            continue
        results.append(r)
        print(table([r]).splitlines()[-1], flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1, default=float), encoding="utf-8")
        print(f"N={n}: {r['wall']:.0f} s, failures {len(r['failures'])}, not all right: {r['not_all_right']}; "
              f"also running after: {others_running()}", flush=True)
        if r["failures"]:
            print("  " + "\n  ".join(r["failures"][:10]))
    print()
    print(table(results))
    print()
    print(detail(results))
    return 0 if len(results) == len(args.n) and all(not r["failures"] and not r["not_all_right"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
