"""Do two versions of zonekit give the same tables? The check behind every speed change.

``python benchmarks/same_tables.py snap DIR`` codes every ``../shared`` corpus with the zonekit
on ``PYTHONPATH`` (``zonekit.corpus.extract_corpus``) and keeps the Parquet datasets in ``DIR``;
``python benchmarks/same_tables.py check DIR`` codes them again with the code as it is now and
compares every table, cell for cell, printing the first differing row of each column that
differs. ``--laws`` adds the 58 MB law corpus (about 25 s). Take the snapshot with the old code
(a git worktree of it, on ``PYTHONPATH``), then check with the new. The snapshot also depends on
the machine: a ``.doc`` file is read only where antiword is installed.

Exit status: 0 when every table is the same, 1 otherwise.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

from zonekit.corpus import extract_corpus

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = {"govcn": "corpus/govcn", "gwr": "corpus/gwr", "news_en": "corpus/news_en",
           "pkulaw": "corpus/pkulaw", "formats": "formats"}
LAWS = {"laws": "corpus/lawrefbook"}


def _read(folder: Path):
    return pq.ParquetDataset(folder).read() if folder.is_dir() and any(folder.iterdir()) else None


def compare(ref: Path, new: Path, name: str) -> int:
    """Print the differences of dataset ``new`` from ``ref``; return how many tables differ."""
    bad = 0
    tables = sorted({p.name for d in (ref, new) for p in d.iterdir() if p.is_dir()})
    for table in tables:
        a, b = _read(ref / table), _read(new / table)
        if a is None or b is None:
            if (a is None) != (b is None):
                print(f"DIFF {name} {table}: only in {'the snapshot' if b is None else 'the new run'}")
                bad += 1
            continue
        if a.equals(b):
            continue
        bad += 1
        print(f"DIFF {name} {table}: {a.num_rows} rows, now {b.num_rows}")
        old, now = a.to_pandas().map(repr), b.to_pandas().map(repr)  # NaN, lists: as text
        for c in old.columns:
            if c not in now.columns:
                print(f"  column {c} missing")
                continue
            n = min(len(old), len(now))
            rows = (old[c].values[:n] != now[c].values[:n]).nonzero()[0]
            if len(rows):
                i = rows[0]
                print(f"  {c}, row {i}: {old[c].iloc[i][:200]} != {now[c].iloc[i][:200]}")
    return bad


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=["snap", "check"])
    ap.add_argument("dir", type=Path, help="the snapshot folder")
    ap.add_argument("--laws", action="store_true", help="the law corpus too")
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} not found (the real corpora live beside the repository)")
        return 0
    corpora = {**CORPORA, **(LAWS if args.laws else {})}
    bad = 0
    for name, rel in corpora.items():
        t = time.perf_counter()
        if args.mode == "snap":
            out = args.dir / name
            if out.exists():
                shutil.rmtree(out)
            extract_corpus(SHARED / rel, out, progress=False)
            print(f"{name}: {time.perf_counter() - t:.1f} s")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            extract_corpus(SHARED / rel, Path(tmp) / name, progress=False)
            n = compare(args.dir / name, Path(tmp) / name, name)
        bad += n
        print(f"{name}: {'same' if not n else f'{n} tables differ'} ({time.perf_counter() - t:.1f} s)")
    if args.mode == "check":
        print("ALL SAME" if not bad else f"{bad} TABLES DIFFER")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
