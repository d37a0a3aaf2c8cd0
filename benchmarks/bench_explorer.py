"""Explorer responsiveness: from a filter change to the updated network figure (``make bench``).

Two plans: the bundled seed plan and a generated plan whose network has 5,000 nodes (seeded,
reproducible). For each, the explorer app is built once (layout included, reported but not the
point), then filters are changed the way a user does (pick an entity, a section, a modality, a
search, reset) and each change is timed until its observer returns, by which time the
``FigureWidget`` holds the new traces and title (plus the tasks table and evidence panel) and
every widget message has been serialised as a kernel would (JSON plus binary buffers; the
widgets' comm is replaced by one that serialises and counts bytes instead of sending).

Everything runs side by side in this one process and is reported as ratios against a
baseline: building a plain ``go.Figure`` from the same trace data
(``zonekit.figures.network(plan, model=..., task_ids=...)``), which is what redrawing from
scratch on every change would cost at the least. Targets: median filter change under 50 ms
for the seed plan and under 300 ms for the 5,000-node graph, for every kind of filter (the
median of the slowest kind, so one slow filter cannot hide behind fast ones); each row says
OK or MISSED against it.

Usage: ``python benchmarks/bench_explorer.py [--nodes 5000] [--repeat 3] [--strict]``
(``--strict``: exit 1 when a target is missed).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

import comm
import numpy as np
import pandas as pd
from comm.base_comm import BaseComm

import zonekit
from zonekit import Source
from zonekit import figures as F
from zonekit.codebook import Codebook
from zonekit.explorer import ALL, explore


class SerializingComm(BaseComm):
    """A widget comm that serialises every message like a kernel would, then drops it."""

    sent_bytes = 0
    messages = 0

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        payload = json.dumps({"data": data, "metadata": metadata or {}}, default=str)
        size = sum(memoryview(b).nbytes for b in buffers or ())
        SerializingComm.sent_bytes += len(payload) + size
        SerializingComm.messages += 1


_SYL = ["ba", "ko", "mi", "ru", "te", "la", "no", "si", "du", "fe", "ga", "hi", "jo", "ke",
        "lu", "ma", "ne", "po", "qui", "ra"]


def _word(i: int) -> str:
    out = []
    for _ in range(3):
        out.append(_SYL[i % 20])
        i //= 20
    return "".join(out).capitalize()


def generated_plan(n_entities: int = 5000, tasks_per_entity: float = 1.2, seed: int = 0):
    """A plan whose network has ``n_entities`` nodes: every entity is named at least once.

    The tables are built directly (with exact raw offsets) rather than by matching: the
    benchmark is about the explorer, and a 5,000-entity codebook is beyond what one
    ``Matcher`` is meant to hold.
    """
    from zonekit.plan import Plan
    from zonekit.schema import MENTION_COLUMNS, TASK_COLUMNS, frame

    rng = np.random.default_rng(seed)
    kinds = ["sector"] * (n_entities // 10) + ["partner"] * (3 * n_entities // 10)
    kinds += ["instrument"] * (n_entities - len(kinds))
    lines, names = ["name: generated", "entities:"], []
    for i, kind in enumerate(kinds):
        names.append(f"{kind.capitalize()} {_word(i)}")
        lines += [f"  - id: e{i}", f"    kind: {kind}", f"    label: {names[-1]}",
                  f"    label_zh: 实体{i}"]
        if kind == "instrument":
            lines.append(f"    tool_type: {('supply', 'demand', 'environment')[i % 3]}")
    codebook = Codebook.from_yaml("\n".join(lines))
    order = rng.permutation(n_entities)
    verbs = (("will support", "supportive"), ("must promote", "binding"),
             ("will explore", "exploratory"), ("shall strengthen", "binding"))
    raw, tasks, mentions = ["Generated plan\n"], [], []
    pos, section = len(raw[0]), ""
    for t in range(int(n_entities * tasks_per_entity)):
        if t % 250 == 0:
            section = f"Chapter {_word(t // 250 + 7)} of the plan"
            raw.append(f"\n{section}\n")
            pos += len(raw[-1])
        k = 4 * t
        picks = order[k:k + 4] if k + 4 <= n_entities else rng.choice(n_entities, 4,
                                                                      replace=False)
        verb, modality = verbs[t % 4]
        parts = [f"The zone {verb} ", names[picks[0]], " with ", names[picks[1]], ", ",
                 names[picks[2]], " and ", names[picks[3]], "."]
        start, offset, coded = pos, pos, {kind: [] for kind in ("sector", "partner",
                                                                 "instrument")}
        task_id = f"T{t + 1:05d}"
        for j, part in enumerate(parts):
            if j % 2 == 1:
                e = int(picks[j // 2])
                mentions.append({"mention_id": f"M{len(mentions) + 1:06d}",
                                 "task_id": task_id, "doc_id": "generated",
                                 "entity_id": f"e{e}", "kind": kinds[e], "label": names[e],
                                 "surface": part, "start": offset, "end": offset + len(part),
                                 "page": None, "via": "alias", "role": ""})
                coded[kinds[e]].append(f"e{e}")
            offset += len(part)
        sentence = "".join(parts)
        tasks.append({"task_id": task_id, "doc_id": "generated", "measure_id": "",
                      "section": section, "path": section, "text": sentence, "start": start,
                      "end": offset, "page": None, "modality": modality,
                      "cue": verb.split()[-1], "sectors": coded["sector"],
                      "partners": coded["partner"], "instruments": coded["instrument"],
                      "agencies": []})
        raw.append(sentence + "\n")
        pos += len(raw[-1])
    src = Source.from_text("".join(raw), doc_id="generated", title="Generated plan",
                           publisher="zonekit bench", date="2024-01-01")
    empty = pd.DataFrame()

    def table(rows, names):   # one dtype rule: zonekit.schema.frame
        return frame({c: [r[c] for r in rows] for c in names}, names)

    return Plan([src], codebook, table(tasks, TASK_COLUMNS), table(mentions, MENTION_COLUMNS),
                empty, empty)


def filter_changes(plan, n_entities: int = 12):
    """A user's session: (description, widget attribute, value) in order."""
    ents = plan.entities.sort_values("n_tasks", ascending=False, kind="stable")
    picks = ents.groupby("kind", sort=False).head(max(1, n_entities // 3))["entity_id"]
    steps = [("entity", "entity", (e,)) for e in picks]
    steps.append(("entity", "entity", ()))
    for s in list(dict.fromkeys(plan.tasks["section"]))[:3]:
        steps.append(("section", "section", s))
    steps.append(("section", "section", ALL))
    for m in dict.fromkeys(plan.tasks["modality"]):
        steps.append(("modality", "modality", m))
    steps.append(("modality", "modality", ALL))
    steps.append(("tool type", "tool_type", "supply"))
    steps.append(("tool type", "tool_type", ALL))
    steps.append(("kind", "kind", ("sector", "partner")))
    steps.append(("kind", "kind", ("sector", "partner", "instrument")))
    word = plan.tasks["text"].iloc[0].split()[1]
    steps.append(("search", "search", word))
    steps.append(("search", "search", ""))
    return steps


def bench(name: str, plan, repeat: int, target_ms: float) -> dict:
    comm.create_comm = SerializingComm
    t0 = time.perf_counter()
    app = explore(plan)
    build = time.perf_counter() - t0
    steps = filter_changes(plan)
    change, rebuild = [], []
    sent0 = SerializingComm.sent_bytes
    by_kind: dict[str, list[float]] = {}
    for _ in range(repeat):
        for what, attr, value in steps:
            t = time.perf_counter()
            getattr(app, attr).value = value       # the observers update the widget
            dt = time.perf_counter() - t
            change.append(dt)
            by_kind.setdefault(what, []).append(dt)
            # baseline: a plain figure rebuilt from the same selection
            ids = app.filtered_tasks()["task_id"].tolist()
            shown = app.entities_shown()
            t = time.perf_counter()
            F.network(plan, model=app.model, task_ids=ids, entities=shown)
            rebuild.append(time.perf_counter() - t)
    sent = (SerializingComm.sent_bytes - sent0) / max(1, len(change))
    med, base = statistics.median(change), statistics.median(rebuild)
    p90 = float(np.percentile(change, 90))
    kinds = {k: 1000 * statistics.median(v) for k, v in by_kind.items()}
    worst = max(kinds, key=kinds.get)
    row = {"plan": name, "nodes": app.model.G.number_of_nodes(),
           "edges": app.model.G.number_of_edges(), "tasks": len(plan.tasks),
           "build_s": build, "median_ms": 1000 * med, "p90_ms": 1000 * p90,
           "baseline_ms": 1000 * base, "ratio": med / base if base else float("nan"),
           "target_ms": target_ms,
           "ok": 1000 * med < target_ms and kinds[worst] < target_ms,
           "by_kind": kinds, "worst": worst,
           "webgl": app.model.webgl, "kb_per_change": sent / 1024}
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)

    rows = [bench("seed plan", zonekit.load_plan(), args.repeat, 50.0)]
    t = time.perf_counter()
    big = generated_plan(args.nodes, seed=args.seed)
    gen = time.perf_counter() - t
    rows.append(bench(f"generated ({args.nodes:,} entities)", big, args.repeat, 300.0))

    print("bench_explorer: filter change -> updated network FigureWidget "
          "(baseline: plain go.Figure rebuilt from the same selection, same process)")
    print(f"  generated plan built in {gen:.1f} s")
    for r in rows:
        status = "OK" if r["ok"] else "MISSED"
        print(f"  {r['plan']}: {r['nodes']:,} nodes, {r['edges']:,} edges, {r['tasks']:,} tasks"
              f"{' (Scattergl)' if r['webgl'] else ''}; app built in {r['build_s']:.1f} s")
        print(f"    filter change: median {r['median_ms']:.1f} ms, p90 {r['p90_ms']:.1f} ms; "
              f"baseline {r['baseline_ms']:.1f} ms; ratio {r['ratio']:.2f}x; "
              f"{r['kb_per_change']:.0f} kB sent per change")
        print(f"    target: median and every filter's median < {r['target_ms']:.0f} ms "
              f"(slowest: {r['worst']} {r['by_kind'][r['worst']]:.1f} ms): {status}")
        print("    by filter: " + ", ".join(f"{k} {v:.1f} ms" for k, v in r["by_kind"].items()))
    missed = [r for r in rows if not r["ok"]]
    return 1 if (missed and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
