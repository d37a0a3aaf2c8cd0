"""Matching speed and memory on a generated corpus: ``make bench`` (or run this file).

The corpus is reproducible (seeded): documents of paragraphs whose sentences mix codebook
aliases and cues, directive verbs, English filler words and Chinese text, plus one 10 MB line
with no line break. Everything is run side by side in this one process and reported as ratios:

- zonekit's matching (``Matcher.find``: normalising, scanning, word boundaries, capitals,
  leftmost-longest, raw offsets) against a raw pyahocorasick scan of the same text with the
  same keys (target: at least one third of the raw scan's speed);
- the same matching against one regular expression alternating over the same aliases (target:
  at least 10x faster; the regex is timed on a slice and scaled up when it is slow, as reported);
- peak memory (tracemalloc) of the matching against the corpus size (target: under 3x).

The targets are the issue's, which sets them for matching ("matching must stay near the speed
of the raw multi-pattern scan"). The whole pipeline, ``load_plan`` (cleaning, segmentation,
directive cues, tables), is measured the same way and reported without a target, with the
share of its time each stage takes. Its memory is mostly the Plan it returns: text columns
(task sentences, surfaces, ids) and a list per task and kind, several times the corpus.

Usage: ``python benchmarks/bench_match.py [--mb 50] [--seed 0] [--quick]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import sys
import time
import tracemalloc

from zonekit import Matcher, Source, load_codebook, load_plan
from zonekit.plan import gc_paused

_FILLER = ("the of and to in for with on by from as that this its their new more all such "
           "efforts plan said level system model services institutions enterprises market "
           "projects quality development reform opening zone city region measures areas "
           "construction field rules management review methods mechanism various relevant "
           "related qualified high comprehensive key major further steadily").split()
_VERBS = ("will support", "must", "shall", "should promote", "will explore", "encourages",
          "aims to develop", "calls for efforts to strengthen", "will pilot", "supports")
_ZH = ("支持", "推动", "探索", "鼓励", "加强", "建设", "完善", "开展", "服务", "企业", "机构",
       "国际", "合作", "发展", "改革", "开放", "领域", "重点", "体系", "机制", "示范", "推进",
       "提升", "优化", "市场", "项目", "水平", "相关", "进一步", "全面")


def _names(codebook):
    en, zh = [], []
    for e in codebook:
        for name, _ in e.names():
            (zh if any("\u4e00" <= c <= "\u9fff" for c in name) else en).append(name)
    return en, zh


def make_document(rng: random.Random, n_chars: int, en, zh) -> str:
    """One generated plan of about ``n_chars`` characters (headings, paragraphs, sentences)."""
    out: list[str] = []
    size = 0
    while size < n_chars:
        if rng.random() < 0.08:
            head = " ".join(rng.choice(_FILLER).capitalize() if i == 0 else rng.choice(_FILLER)
                            for i in range(rng.randint(2, 6)))
            para = head
        else:
            sents = []
            for _ in range(rng.randint(1, 5)):
                if rng.random() < 0.3:  # a Chinese sentence
                    words = [rng.choice(_ZH) for _ in range(rng.randint(4, 12))]
                    for _ in range(rng.randint(0, 3)):
                        words.insert(rng.randrange(len(words) + 1), rng.choice(zh))
                    sents.append("".join(words) + "。")
                else:
                    words = [rng.choice(_FILLER) for _ in range(rng.randint(6, 24))]
                    for _ in range(rng.randint(0, 3)):
                        words.insert(rng.randrange(len(words) + 1), rng.choice(en))
                    if rng.random() < 0.7:
                        words.insert(rng.randrange(len(words) + 1), rng.choice(_VERBS))
                    s = " ".join(words)
                    sents.append(s[0].upper() + s[1:] + ".")
            para = " ".join(sents)
        out.append(para)
        size += len(para) + 2
    return "\n\n".join(out) + "\n"


def build_corpus(mib: float, seed: int, doc_mib: float = 5.0) -> list[Source]:
    """Documents of about ``doc_mib`` MiB (UTF-8) each, ``mib`` MiB in all, from one seed."""
    cb = load_codebook()
    en, zh = _names(cb)
    rng = random.Random(seed)
    docs, total, i = [], 0, 0
    while total < mib * 2**20:
        n_chars = int(min(doc_mib, mib - total / 2**20) * 2**20 / 1.15) + 1000
        text = make_document(rng, n_chars, en, zh)
        docs.append(Source.from_text(text, doc_id=f"doc{i:02d}", title=f"Generated plan {i}"))
        total += len(text.encode("utf-8"))
        i += 1
    return docs


def _utf8(docs) -> int:
    return sum(len(d.text.encode("utf-8")) for d in docs)


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def baseline_automaton(matcher: Matcher):
    """The baseline's automaton: a plain pyahocorasick automaton of the codebook's names (each
    normalised alias and cue, with plurals: ``Matcher.names``), as a researcher would build it.
    The Matcher's own automaton also holds context phrases and a filler key for its prepared
    texts (see ``zonekit.match.build_automaton``): the baseline keeps to the names."""
    import ahocorasick

    auto = ahocorasick.Automaton()
    for key in matcher.names:
        auto.add_word(key, key)
    auto.make_automaton()
    return auto


def raw_scan(automaton, docs) -> int:
    """The baseline: pyahocorasick over the lower-cased text, counting hits (no filtering)."""
    n = 0
    for d in docs:
        for _ in automaton.iter(d.text.lower()):
            n += 1
    return n


def regex_scan(pattern, docs) -> int:
    n = 0
    for d in docs:
        for _ in pattern.finditer(d.text.lower()):
            n += 1
    return n


def stages(docs, matcher) -> dict[str, float]:
    """Seconds each stage of ``load_plan`` takes over the corpus, run one after the other as
    ``load_plan`` runs them, to show where the time goes."""
    from zonekit.clean import classify_lines
    from zonekit.segment import segment
    from zonekit.tables import build_tables
    from zonekit.tasks import task_columns

    took = dict.fromkeys(("cleaning (classify_lines)", "segmentation (segment)",
                          "matching (Matcher)", "cues, tasks and mentions", "tables"), 0.0)
    names = list(took)
    parts = []
    for d in docs:
        t0 = time.perf_counter()
        lines = classify_lines(d.text)
        t1 = time.perf_counter()
        segs = segment(d.text, lines)
        t2 = time.perf_counter()
        hits = matcher.hits(d.text)
        t3 = time.perf_counter()
        parts.append((d.doc_id, *task_columns(segs, hits, d.text, matcher.codebook)))
        t4 = time.perf_counter()
        for name, dt in zip(names[:4], (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            took[name] += dt
        del lines, segs, hits
    t = time.perf_counter()
    build_tables(parts)
    took["tables"] = time.perf_counter() - t
    return took


def _peak(fn) -> tuple[int, int, object]:
    """(peak, still held at the end, result) of fn(), in bytes traced by tracemalloc."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, held, result


def _line(name, value, target, ok):
    """One ratio; rows whose target is "(report)" have no target and say so."""
    if target == "(report)":
        print(f"  {name:<52} {value:>10}   no target (reported)")
        return
    mark = "PASS" if ok else "MISS"
    print(f"  {name:<52} {value:>10}   target {target:<10} {mark}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=50, help="corpus size in MiB (default 50)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3, help="timing repeats (best is kept)")
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    docs = build_corpus(args.mb, args.seed)
    size = _utf8(docs)
    in_memory = sum(sys.getsizeof(d.text) for d in docs)
    n_chars = sum(len(d.text) for d in docs)
    print(f"corpus: {len(docs)} documents, {size / 2**20:.1f} MiB UTF-8 ({n_chars:,} characters, "
          f"{in_memory / 2**20:.1f} MiB as Python str), seed {args.seed}, made in "
          f"{time.perf_counter() - t0:.1f} s; {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f}")

    matcher = Matcher()
    auto = baseline_automaton(matcher)
    keys = list(auto.keys())
    print(f"keys: {len(keys)} normalised aliases and cues (with plurals), the same for all three")

    # 1. matching: raw scan vs Matcher.find, interleaved, best of --repeat
    t_raw = _best(lambda: raw_scan(auto, docs), args.repeat)
    counts = {}

    def run_find():
        counts["kept"] = sum(len(matcher.find(d.text)) for d in docs)

    t_find = _best(run_find, args.repeat)
    hits, kept = raw_scan(auto, docs), counts["kept"]

    # 2. regex alternation over the same keys (longest first), on a slice if slow
    pattern = re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))
    probe = [Source.from_text(docs[0].text[:200_000], doc_id="probe")]
    t_probe = _best(lambda: regex_scan(pattern, probe), 1)
    estimate = t_probe * n_chars / len(probe[0].text)
    if estimate <= 60:
        t_regex = _best(lambda: regex_scan(pattern, docs), 1)
        regex_note = "whole corpus"
    else:
        sl = [Source.from_text(docs[0].text[:2_000_000], doc_id="slice")]
        t_regex = _best(lambda: regex_scan(pattern, sl), 1) * n_chars / len(sl[0].text)
        regex_note = (f"timed on a {len(sl[0].text):,}-character slice and scaled to the corpus "
                      f"(the whole would take ~{t_regex:.0f} s)")

    # 3. the whole pipeline, one process and two
    t = time.perf_counter()
    plan1 = load_plan(docs, n_jobs=1)
    t_plan1 = time.perf_counter() - t
    t = time.perf_counter()
    plan2 = load_plan(docs, n_jobs=2)
    t_plan2 = time.perf_counter() - t
    same = all(getattr(plan1, a).equals(getattr(plan2, a))
               for a in ("tasks", "mentions", "segments", "boilerplate", "entities"))
    n_tasks, n_mentions = len(plan1.tasks), len(plan1.mentions)
    del plan1, plan2
    gc.collect()

    # 4. a 10 MB line with no line break, and one with no sentence punctuation either
    line = docs[0].text.replace("\n", " ")
    while len(line.encode("utf-8")) < 10 * 2**20:
        line += " " + docs[1 % len(docs)].text.replace("\n", " ")
    line = line[: 10 * 2**20]
    t = time.perf_counter()
    load_plan(Source.from_text(line, doc_id="one-line"))
    t_line = time.perf_counter() - t
    bare = re.sub(r"[.!?。！？]", " ", line)
    t = time.perf_counter()
    load_plan(Source.from_text(bare, doc_id="no-punctuation"))
    t_bare = time.perf_counter() - t

    mb = size / 2**20
    print(f"\nmatching ({hits:,} raw hits; Matcher.find keeps {kept:,} after word boundaries and "
          f"leftmost-longest)")
    print(f"  raw pyahocorasick scan      {t_raw:7.2f} s  {mb / t_raw:7.1f} MiB/s")
    print(f"  zonekit Matcher.find        {t_find:7.2f} s  {mb / t_find:7.1f} MiB/s")
    print(f"  regex alternation           {t_regex:7.2f} s  {mb / t_regex:7.1f} MiB/s  "
          f"({regex_note})")
    print(f"  zonekit load_plan, 1 process {t_plan1:6.2f} s  {mb / t_plan1:7.1f} MiB/s  "
          f"({n_tasks:,} tasks, {n_mentions:,} mentions)")
    print(f"  zonekit load_plan, 2 processes {t_plan2:4.2f} s  {mb / t_plan2:7.1f} MiB/s  "
          f"(tables identical: {same})")
    print(f"  one 10 MiB line, no newline {t_line:7.2f} s  {10 / t_line:7.1f} MiB/s")
    print(f"  ... and no sentence ends    {t_bare:7.2f} s  {10 / t_bare:7.1f} MiB/s")

    gc.collect()
    with gc_paused():  # as load_plan runs
        took = stages(docs, matcher)
    print("\nwhere load_plan's time goes (each stage over the corpus, 1 process)")
    for name, dt in took.items():
        print(f"  {name:<27} {dt:7.2f} s  {dt / sum(took.values()):6.1%}   "
              f"{t_raw / dt:5.2f}x the raw scan's speed")

    print("\nratios")
    _line("Matcher.find speed / raw scan speed", f"{t_raw / t_find:.2f}", ">= 0.33",
          t_raw / t_find >= 1 / 3)
    _line("load_plan speed / raw scan speed (whole pipeline)", f"{t_raw / t_plan1:.3f}",
          "(report)", True)
    _line("Matcher.find speed / regex speed", f"{t_regex / t_find:.1f}x", ">= 10x",
          t_regex / t_find >= 10)
    _line("load_plan speed / regex speed", f"{t_regex / t_plan1:.1f}x", "(report)", True)
    _line("load_plan 1 process / 2 processes (time)", f"{t_plan1 / t_plan2:.2f}x", "> 1",
          t_plan1 / t_plan2 > 1 and same)
    _line("10 MiB line: time per MiB / corpus time per MiB", f"{(t_line / 10) / (t_plan1 / mb):.2f}",
          "<= 2", (t_line / 10) / (t_plan1 / mb) <= 2)

    if not args.no_memory:
        peak_find, _, _ = _peak(lambda: [matcher.find(d.text) for d in docs])
        peak_plan, held_plan, plan = _peak(lambda: load_plan(docs, n_jobs=1))
        del plan
        print(f"\npeak memory (tracemalloc, beyond the corpus already in memory; corpus "
              f"{mb:.1f} MiB UTF-8, {in_memory / 2**20:.1f} MiB as str)")
        _line("Matcher.find over the corpus (matches kept) / size", f"{peak_find / size:.2f}x",
              "< 3x", peak_find / size < 3)
        _line("load_plan (Plan kept) / corpus size", f"{peak_plan / size:.2f}x", "(report)",
              True)
        _line("load_plan (Plan kept) / corpus as Python str", f"{peak_plan / in_memory:.2f}x",
              "(report)", True)
        _line("the Plan it returns (held at the end) / corpus size", f"{held_plan / size:.2f}x",
              "(report)", True)
    print(f"\ntotal {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
