"""The notebook suite end to end: every notebook on a fresh kernel, as the tests run it.

Runs every research notebook, tutorial and worked solution in ``notebooks/`` (and
``notebooks/dashboard.ipynb`` when present) with nbclient, each from its own folder on a fresh
``python3`` kernel of this interpreter, with ``--workers`` notebooks at a time (default 2, the
two cores of the target machine). Reports each notebook's time, the wall time of the whole
suite (target: under two minutes on 2 cores) and, run side by side as a baseline, the cost of a
notebook that only imports zonekit (kernel start-up plus import), so the ratio shows how much of
the suite is the notebooks' own work. Wall time depends on what else the machine runs, so the
CPU time of kernels and clients is reported too: divided by two it is the wall time the suite
needs at the least on two idle cores.

Usage: ``python benchmarks/bench_notebooks.py [--workers 2] [--timeout 120] [--strict]``
(``--strict``: exit 1 when a notebook fails or the target is missed).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TARGET_SECONDS = 120.0


def suite() -> list[Path]:
    """Every notebook the tests execute, in order."""
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9].[0-9][0-9]-*.ipynb"))
    paths += sorted((NOTEBOOKS / "tutorials").glob("*.ipynb"))
    paths += sorted((NOTEBOOKS / "tutorials" / "solutions").glob("*.ipynb"))
    dashboard = NOTEBOOKS / "dashboard.ipynb"
    return paths + ([dashboard] if dashboard.exists() else [])


def _cpu() -> float:
    """CPU seconds of this process and its reaped children (the kernels it started)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_one(path: str, timeout: int) -> tuple[str, float, str, float]:
    """Execute one notebook from its folder; return (path, seconds, error or '', CPU seconds)."""
    p = Path(path)
    nb = nbformat.read(p, as_version=4)
    cpu = _cpu()
    start = time.perf_counter()
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(p.parent)}}).execute()
        error = ""
    except Exception as e:  # report and go on: the benchmark times the whole suite
        error = f"{type(e).__name__}: {str(e).strip().splitlines()[-1] if str(e) else ''}"
    return path, time.perf_counter() - start, error, _cpu() - cpu


def baseline(timeout: int, repeat: int = 3) -> float:
    """Median time of a one-cell notebook that imports zonekit (kernel start + import)."""
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "probe.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
            "import zonekit\nzonekit.__version__")]), str(probe))
        times = [run_one(str(probe), timeout)[1] for _ in range(repeat)]
    return statistics.median(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2, help="notebooks run at a time (2)")
    ap.add_argument("--timeout", type=int, default=120, help="per-cell time limit, s (120)")
    ap.add_argument("--strict", action="store_true", help="exit 1 on a failure or a miss")
    args = ap.parse_args(argv)

    paths = suite()
    print(f"zonekit notebook suite: {len(paths)} notebooks, {args.workers} at a time, "
          f"{os.cpu_count()} CPUs")
    base = baseline(args.timeout)
    print(f"baseline (fresh kernel + import zonekit, median of 3): {base:6.1f} s")

    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(run_one, map(str, paths), [args.timeout] * len(paths)))
    wall = time.perf_counter() - start

    width = max(len(Path(r[0]).relative_to(NOTEBOOKS).as_posix()) for r in results)
    for path, seconds, error, cpu in results:
        name = Path(path).relative_to(NOTEBOOKS).as_posix()
        status = "ok" if not error else f"FAILED {error}"
        print(f"  {name:<{width}}  {seconds:6.1f} s  {seconds / base:5.1f}x baseline  "
              f"cpu {cpu:5.1f} s  {status}")
    busy = sum(r[1] for r in results)
    cpu = sum(r[3] for r in results)
    failed = [r[0] for r in results if r[2]]
    print(f"notebook time, summed:            {busy:6.1f} s "
          f"({busy / (base * len(paths)):.1f}x the baseline for {len(paths)} notebooks)")
    print(f"suite wall time ({args.workers} at a time):     {wall:6.1f} s  "
          f"(target < {TARGET_SECONDS:.0f} s: {'met' if wall < TARGET_SECONDS else 'MISSED'})")
    print(f"CPU time, kernels and clients:    {cpu:6.1f} s  "
          f"(at least {cpu / 2:.1f} s of wall time on 2 idle cores)")
    if failed:
        print(f"{len(failed)} notebook(s) failed")
    return 1 if args.strict and (failed or wall >= TARGET_SECONDS) else 0


if __name__ == "__main__":
    sys.exit(main())
