"""Batch image export against exporting the same charts one by one (``make bench``).

The charts are every figure of :func:`zonekit.figures.all_figures` for the bundled seed plan,
in PNG (2x), SVG and PDF at the briefing's slide size: exactly what ``zonekit brief`` renders.

- **batch**: :func:`zonekit.export.write_images`, one headless Chrome (kaleido) for the whole
  batch, with 1 tab and with 2 tabs rendering in parallel (the default);
- **one by one**: ``kaleido.write_fig_sync`` per image, which starts a browser for each image
  (what ``fig.write_image(path)`` does), MathJax off in both so nothing waits on the network.

Both run side by side in this one process; the result is the ratio one-by-one / batch
(target: batch at least 3x faster). Usage:
``python benchmarks/bench_export.py [--formats png,svg,pdf] [--limit N] [--strict]``
(``--strict``: exit 1 when the target is missed).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import zonekit
from zonekit import export
from zonekit.briefing import image_jobs, prepare_figures
from zonekit.figures import all_figures

TARGET = 3.0


def _one_by_one(jobs) -> None:
    import kaleido

    for fig, path, opts in jobs:
        path.parent.mkdir(parents=True, exist_ok=True)
        kaleido.write_fig_sync(fig, path=str(path), opts=opts, kopts={"mathjax": False})


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--formats", default="png,svg,pdf", help="image formats (default all three)")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N charts")
    ap.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    args = ap.parse_args(argv)

    plan = zonekit.load_plan()
    figs = prepare_figures(plan, all_figures(plan))
    if args.limit:
        figs = dict(list(figs.items())[: args.limit])
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    tmp = Path(tempfile.mkdtemp(prefix="zonekit-bench-export-"))
    try:
        results = {}
        for name, run in [
            ("batch, 2 tabs", lambda d: export.write_images(image_jobs(figs, formats, "slide", d),
                                                            tabs=2)),
            ("batch, 1 tab", lambda d: export.write_images(image_jobs(figs, formats, "slide", d),
                                                           tabs=1)),
            ("one by one", lambda d: _one_by_one(image_jobs(figs, formats, "slide", d))),
        ]:
            folder = tmp / name.replace(" ", "_").replace(",", "")
            t = time.perf_counter()
            run(folder)
            results[name] = time.perf_counter() - t
            n = len(list(folder.rglob("*.*")))
            print(f"{name:<14} {n:3d} images  {results[name]:7.2f} s  "
                  f"({results[name] / max(n, 1):.2f} s per image)", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    base = results["one by one"]
    ok = True
    for name in ("batch, 2 tabs", "batch, 1 tab"):
        ratio = base / results[name]
        ok &= ratio >= TARGET if name == "batch, 2 tabs" else True
        print(f"ratio one-by-one / {name}: {ratio:.1f}x")
    status = "ok" if ok else "MISSED"
    print(f"{len(figs)} charts x {len(formats)} formats; target: batch (2 tabs) >= {TARGET:.0f}x "
          f"faster: {status}")
    return 1 if (not ok and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
