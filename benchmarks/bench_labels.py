"""Label placement on large networks (``make bench``).

The rule for large graphs (:mod:`zonekit.labels`): above ``LARGE_LABELS`` nodes drawn, at most
``MAX_LARGE_LABELS`` labels are tried (partners and the nodes the title names first), every
node still being an obstacle; the rest are on hover. This bench draws the network of generated
plans (300, 1,000 and 5,000 nodes, seeded) from a prebuilt model, with label placement and,
side by side as the baseline, with placement switched off (no label placed), and reports the
ratio. Target: at 5,000 nodes, placement costs at most as much again as drawing without it
(ratio <= 2.0), and the labels it shows overlap nothing.

Usage: ``python benchmarks/bench_labels.py [--nodes 300 1000 5000] [--repeat 3] [--strict]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import importlib  # noqa: E402

import pandas as pd  # noqa: E402

from zonekit import figures as F  # noqa: E402
from zonekit.labels import overlaps  # noqa: E402

TARGET_RATIO = 2.0


def _no_labels(x, y, texts, **kwargs):
    n = len(texts)
    nan = [float("nan")] * n
    return pd.DataFrame({"placed": [False] * n, "text": list(texts), "lx": nan, "ly": nan,
                         "x0": nan, "x1": nan, "y0": nan, "y1": nan, "leader": [False] * n,
                         "must": [False] * n})


def _time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv=None) -> int:
    from test_labels import generated_plan, label_boxes

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, nargs="+", default=[300, 1000, 5000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args(argv)
    missed = False
    print(f"{'nodes':>6} {'labels':>6} {'with (s)':>9} {'without (s)':>11} {'ratio':>6}")
    for n in args.nodes:
        plan = generated_plan(n)
        model = F.NetworkModel(plan)
        def draw(plan=plan, model=model):
            return F.network(plan, model=model)

        with_labels = _time(draw, args.repeat)
        with mock.patch.object(importlib.import_module("zonekit.figures.networks"),
                               "place_labels", _no_labels):
            without = _time(draw, args.repeat)
        fig = F.network(plan, model=model)
        boxes = label_boxes(fig)
        ratio = with_labels / without
        ok = not overlaps(boxes)
        print(f"{n:>6} {len(boxes):>6} {with_labels:>9.3f} {without:>11.3f} {ratio:>6.2f}"
              f"{'' if ok else '  OVERLAP'}")
        if n >= 5000 and (ratio > TARGET_RATIO or not ok):
            missed = True
    print(f"target at 5,000 nodes: ratio <= {TARGET_RATIO}, no overlap: "
          f"{'missed' if missed else 'met'}")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
