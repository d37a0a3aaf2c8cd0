"""Corpora at scale: code thousands of documents into a Parquet dataset, a batch at a time.

:func:`load_plan` holds a whole corpus in memory, which suits one plan or a few. For a corpus,
:func:`extract_corpus` reads and codes documents in batches (in ``jobs`` processes, or on a Dask
cluster with :func:`extract_dask`) and appends each batch's tables to a Parquet dataset, so
memory is bounded by the largest document and a batch, not by the corpus. :func:`load_corpus`
opens the result lazily (pyarrow datasets, DuckDB SQL).

The dataset is a folder holding one sub-folder per table (``documents``, ``tasks``,
``mentions``, ``segments``, ``boilerplate``, and any other table a :class:`~zonekit.plan.Plan`
has, such as ``measures``), each holding one ``part-NNNNNN.parquet`` file per batch (``NNNNNN``
is the position of the batch's first document), plus ``entities/part-000000.parquet``
(counted over the whole corpus at the end), ``skipped.csv`` (``path, reason``: files that could
not be read) and ``corpus.json`` (what was asked). The rows and columns are those of
``load_plan`` on the same files, ids included (``T001``... numbered across the corpus); list
columns (``sectors``...) are Parquet lists.

A batch is committed when its ``documents`` part is written (last, atomically): a run that is
killed keeps every batch committed, and ``resume=True`` drops the pieces of an unfinished batch
and codes only the documents not yet done.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("We will support banks in Hong Kong.", encoding="utf-8")
>>> _ = (folder / "b.txt").write_text("支持澳门开展合作。", encoding="utf-8")
>>> run = extract_corpus(folder, folder / "out")
>>> run
<CorpusRun: 2 documents coded, 0 skipped, 2 tasks, ... mentions>
>>> corpus = load_corpus(folder / "out")
>>> corpus.sql("SELECT doc_id, count(*) AS n FROM mentions GROUP BY doc_id ORDER BY doc_id").fetchall()
[('a', 2), ('b', 1)]
"""

from __future__ import annotations

import csv
import json
import os
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import __version__
from .codebook import Codebook, load_codebook
from .errors import OutputError, SourceError, ZonekitError
from .export import (
    arrow_table,
    check_output,
    remove_files,
    unfinished_writes,
    write_csv,
    write_parquet,
    write_text,
)
from .plan import Plan, batch_tables, load_plan, worker_context
from .read import (
    DEFAULT_MAX_BYTES,
    folder_doc_id,
    folder_files,
    read_source,
    sources_metadata,
    unique_doc_ids,
)
from .schema import (
    LIST_COLUMNS,
    document_columns,
)
from .tables import entities_table, sort_entities

__all__ = ["extract_corpus", "extract_dask", "load_corpus", "Corpus", "CorpusRun",
           "corpus_files", "code_batch", "TABLES", "SKIPPED_COLUMNS", "BATCH_CHARS",
           "BATCH_DOCS"]

#: Per-document tables written batch by batch, ``documents`` last (it commits the batch). Other
#: DataFrame tables a Plan has (e.g. ``measures``) are written too, before ``documents``.
TABLES = ("tasks", "mentions", "measures", "segments", "boilerplate", "documents")
#: Columns of ``skipped.csv`` (the same as the folder read's report of files left out).
SKIPPED_COLUMNS = ["path", "reason"]
#: A batch closes when its documents reach this many characters...
BATCH_CHARS = 1_000_000
#: ... or this many documents.
BATCH_DOCS = 256

_TEXT_SUFFIXES = (".txt", ".md", ".text")
_SOURCES_FILE = "sources.csv"
_MANIFEST = "corpus.json"
_FORMAT = 1
_ID_COLUMNS = {"task_id": "T", "mention_id": "M", "measure_id": "MS"}  # renumbered across the corpus
_ID_WIDTH = {"T": 3, "M": 4, "MS": 3}


@dataclass(frozen=True)
class _Item:
    """One file to code: its position in the corpus, path, doc_id and metadata."""

    index: int
    path: str
    doc_id: str
    meta: dict
    size: int


@dataclass
class CorpusRun:
    """What :func:`extract_corpus` did.

    Attributes
    ----------
    out : Path
        The dataset folder (open it with :func:`load_corpus`).
    n_documents, n_tasks, n_mentions : int
        Totals in the dataset (including documents done by an earlier run when resuming).
    coded : int
        Documents coded by this run.
    skipped : list of (path, reason)
        Files that could not be read (all runs), also in ``skipped.csv``.
    seconds : float
        Time this run took.

    Examples
    --------
    >>> CorpusRun(Path("out"), 3, 10, 20, 3, [("x.txt", "the file is empty")], 1.0)
    <CorpusRun: 3 documents coded, 1 skipped, 10 tasks, 20 mentions>
    """

    out: Path
    n_documents: int
    n_tasks: int
    n_mentions: int
    coded: int
    skipped: list = field(default_factory=list)
    seconds: float = 0.0

    def __repr__(self) -> str:
        resumed = self.n_documents - self.coded
        extra = f" ({resumed} done before)" if resumed else ""
        return (f"<CorpusRun: {self.coded} documents coded{extra}, {len(self.skipped)} skipped, "
                f"{self.n_tasks} tasks, {self.n_mentions} mentions>")


# ------------------------------------------------------------------------------------------
# Which files, with which ids


def corpus_files(source) -> list[tuple[Path, str, dict]]:
    """The files of a corpus, in coding order, with their ``doc_id`` and metadata.

    Folders are read recursively, files and ids chosen as :func:`zonekit.read.read_sources`
    chooses them (:func:`zonekit.read.folder_files`, :func:`zonekit.read.folder_doc_id`,
    :func:`zonekit.read.unique_doc_ids`); a ``sources.csv`` gives a file's metadata and, in a
    ``doc_id`` column, its id (:func:`zonekit.read.sources_metadata`).

    Parameters
    ----------
    source : path or iterable of paths
        Files and folders.

    Returns
    -------
    list of (Path, str, dict)

    Raises
    ------
    SourceError
        A path does not exist, or a folder holds no text files.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> (d / "x").mkdir(); _ = (d / "x" / "a.txt").write_text("A"); _ = (d / "a.md").write_text("B")
    >>> [(p.relative_to(d).as_posix(), doc_id) for p, doc_id, _ in corpus_files(d)]
    [('a.md', 'a'), ('x/a.txt', 'x/a')]
    """
    if isinstance(source, (str, os.PathLike)):
        source = [source]
    found: list[tuple[Path, Path | None]] = []  # (file, the folder it was found in)
    for item in source:
        p = Path(item)
        if p.is_dir():
            files = folder_files(p)
            if not files:
                raise SourceError(f"{item}: folder holds no .txt, .md, .html, .pdf, .docx or "
                                  ".doc files")
            found.extend((f, p) for f in files)
        elif p.exists():
            found.append((p, None))
        else:
            raise SourceError(f"{item}: no such file")
    metas = [sources_metadata(f) for f, _ in found]
    ids = unique_doc_ids([(meta.pop("doc_id", None) or folder_doc_id(f, folder), f)
                          for (f, folder), meta in zip(found, metas, strict=True)])
    return [(f, doc_id, meta) for (f, _), doc_id, meta in zip(found, ids, metas, strict=True)]


def _document_columns(files) -> list[str]:
    """The documents table's columns for the whole corpus, as ``Plan.documents`` orders them."""
    return document_columns(k for _, _, meta in files for k in meta)


def _batches(items: list[_Item], batch_chars: int, batch_docs: int) -> list[list[_Item]]:
    out, cur, size = [], [], 0
    for it in items:
        if cur and (size + it.size > batch_chars or len(cur) >= batch_docs):
            out.append(cur)
            cur, size = [], 0
        cur.append(it)
        size += it.size
    if cur:
        out.append(cur)
    return out


# ------------------------------------------------------------------------------------------
# Coding a batch (in this process, a worker process or a Dask worker)


def code_batch(items, codebook: Codebook, encoding: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES, arrow: bool = False):
    """Read and code one batch of files; the unit of work of every engine.

    Parameters
    ----------
    items : list of (path, doc_id, meta)
        The files, as :func:`corpus_files` lists them.
    codebook : Codebook
    encoding, max_bytes
        As for :func:`zonekit.read.read_source`.
    arrow : bool
        Give the tables typed for Parquet instead: Arrow tables (as
        :func:`zonekit.export.arrow_table` types them; ``documents`` and ``entities`` stay
        DataFrames), built from the coded columns without making DataFrames first (the form
        the engines write).

    Returns
    -------
    (tables, skipped) : (dict of DataFrame, list of (path, reason))
        The batch's tables (those of :data:`TABLES` the Plan has, ids numbered from 1 within
        the batch, and ``entities``), and the files that could not be read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("We will support banks."); _ = (d / "b.txt").write_text("")
    >>> tables, skipped = code_batch(corpus_files(d), load_codebook())
    >>> tables["tasks"][["task_id", "doc_id"]].values.tolist(), [r for _, r in skipped]
    ([['T001', 'a']], ['the file is empty'])
    >>> tables, _ = code_batch(corpus_files(d), load_codebook(), arrow=True)
    >>> tables["mentions"].select(["mention_id", "surface"]).to_pylist()
    [{'mention_id': 'M0001', 'surface': 'banks'}]
    """
    sources, skipped = [], []
    for path, doc_id, meta in items:
        try:
            sources.append(read_source(path, encoding=encoding, max_bytes=max_bytes,
                                       doc_id=doc_id, meta=meta))
        except SourceError as e:
            skipped.append((str(path), _reason(e, path)))
    if not sources:
        return {}, skipped
    if arrow:
        return batch_tables(sources, codebook), skipped
    plan = load_plan(sources, codebook=codebook, n_jobs=1, progress=False)
    del sources
    return _plan_tables(plan), skipped


def _reason(error: Exception, path) -> str:
    msg = str(error)
    prefix = f"{path}: "
    return msg[len(prefix):] if msg.startswith(prefix) else msg


def _plan_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    """Every table of the plan: those named in TABLES first, then any other DataFrame it has."""
    out = {}
    names = [n for n in TABLES if n != "documents"]
    names += [n for n, v in vars(plan).items() if isinstance(v, pd.DataFrame)
              and n not in names and n != "entities" and not n.startswith("_")]
    for name in names:
        value = getattr(plan, name, None)
        if isinstance(value, pd.DataFrame):
            out[name] = value
    out["documents"] = plan.documents
    out["entities"] = plan.entities
    return out


_WORKER_CODEBOOK: Codebook | None = None  # a worker process's codebook, sent to it once


def _init_worker(codebook: Codebook) -> None:
    global _WORKER_CODEBOOK
    _WORKER_CODEBOOK = codebook


def _code_in_process(items, codebook, encoding, max_bytes):
    """:func:`code_batch` (``arrow=True``) with the collector paused; ``codebook`` None: the
    worker's own."""
    from .plan import gc_paused

    with gc_paused():
        return code_batch(items, codebook if codebook is not None else _WORKER_CODEBOOK,
                          encoding, max_bytes, arrow=True)


class _Inline:
    """A finished future: the batch coded in this process."""

    def __init__(self, fn, *args):
        self._value = fn(*args)

    def result(self):
        return self._value


# ------------------------------------------------------------------------------------------
# The dataset on disk


def _part(out: Path, table: str, index: int) -> Path:
    return out / table / f"part-{index:06d}.parquet"


def _parts(out: Path) -> dict[str, list[Path]]:
    return {d.name: sorted(d.glob("part-*.parquet")) for d in sorted(out.iterdir())
            if d.is_dir() and not d.name.startswith(".")}


def _unfinished(out: Path) -> list[Path]:
    """Files a killed run was writing, in ``out`` and its tables' folders."""
    return [p for d in (out, *(d for d in out.iterdir() if d.is_dir()))
            for p in unfinished_writes(d)]


def _read_skipped(out: Path) -> list[tuple[str, str]]:
    f = out / "skipped.csv"
    if not f.is_file():
        return []
    with open(f, encoding="utf-8", newline="") as fh:
        return [(r["path"], r["reason"]) for r in csv.DictReader(fh)]


def _write_skipped(out: Path, skipped) -> None:
    write_csv(pd.DataFrame(skipped, columns=SKIPPED_COLUMNS), out / "skipped.csv")


def _count_rows(files: list[Path]) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(f).metadata.num_rows for f in files)


def _prepare(out: Path, force: bool, resume: bool, manifest: dict):
    """Check or clear ``out``; return (done paths, skipped, tasks done, mentions done, names of
    the committed parts)."""
    if resume and (out / _MANIFEST).is_file():
        old = json.loads((out / _MANIFEST).read_text(encoding="utf-8"))
        if old.get("format") != _FORMAT:
            raise OutputError(f"{out}: written by another version of zonekit; cannot resume")
        if old.get("documents_columns") != manifest["documents_columns"]:
            raise OutputError(f"{out}: the sources' metadata columns changed; cannot resume")
        parts = _parts(out)
        committed = {p.name for p in parts.get("documents", [])}
        orphans = [p for table, files in parts.items() if table != "documents"
                   for p in files if p.name not in committed]
        orphans += parts.get("entities", [])  # counted again at the end
        orphans += _unfinished(out)
        remove_files(orphans)
        done: set[str] = set()
        if committed:
            import pyarrow.parquet as pq

            for f in parts["documents"]:
                done.update(pq.read_table(f, columns=["path"]).column("path").to_pylist())
        skipped = _read_skipped(out)
        done.update(p for p, _ in skipped)
        parts = _parts(out)
        return (done, skipped, _count_rows(parts.get("tasks", [])),
                _count_rows(parts.get("mentions", [])), committed)
    if resume and out.is_dir() and any(out.iterdir()):
        raise OutputError(f"{out}: not a zonekit corpus folder (no {_MANIFEST}); nothing to resume")
    check_output(out, force=force)
    out.mkdir(parents=True, exist_ok=True)
    if force:  # a dataset replaced on request: its old parts would mix with the new ones
        old = [p for files in _parts(out).values() for p in files] + _unfinished(out)
        remove_files([*old, out / "skipped.csv", out / _MANIFEST])
    write_text(json.dumps(manifest, ensure_ascii=False, indent=1), out / _MANIFEST)
    return set(), [], 0, 0, set()


def _n_rows(out: Path, table: str, names: set[str]) -> int:
    """Rows of ``table`` in the batches committed by an earlier run (for resumed numbering)."""
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(out / table / n).metadata.num_rows for n in names
               if (out / table / n).is_file())


def _renumber(table, offsets: dict[str, int]):
    """Ids numbered from 1 within a batch, moved on by the rows of earlier batches (an Arrow
    table in, one out: whole columns at once, in Arrow's compute kernels)."""
    import pyarrow as pa

    for col, letter in _ID_COLUMNS.items():
        if col in table.column_names and offsets[letter]:
            i = table.column_names.index(col)
            table = table.set_column(i, table.schema.field(i),
                                     _shift_ids(table.column(col), letter, offsets[letter]))
    if "task_ids" in table.column_names and offsets["T"]:
        i = table.column_names.index("task_ids")
        lists = table.column("task_ids").combine_chunks()
        values = _shift_ids(lists.flatten(), "T", offsets["T"])
        table = table.set_column(i, table.schema.field(i), pa.ListArray.from_arrays(
            lists.offsets, values, mask=lists.is_null()))
    return table


def _shift_ids(ids, letter: str, n: int):
    """Ids such as ``T001`` moved on by ``n`` (``T001`` + 5 is ``T006``), ``""`` kept, as an
    Arrow string array.

    >>> import pyarrow as pa
    >>> _shift_ids(pa.array(["T001", "", "T999"]), "T", 5).to_pylist()
    ['T006', '', 'T1004']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    ids = pc.cast(ids, pa.string())
    empty = pc.equal(ids, "")
    numbers = pc.add(pc.cast(pc.if_else(empty, "0", pc.utf8_slice_codeunits(ids, len(letter))),
                             pa.int64()), n)
    padded = pc.utf8_lpad(pc.cast(numbers, pa.string()), _ID_WIDTH[letter], "0")
    return pc.if_else(empty, "", pc.binary_join_element_wise(letter, padded, ""))


_LIST_COLUMNS = set(LIST_COLUMNS) | {"task_ids", "lead", "support"}


def _commit(out: Path, index: int, tables: dict, offsets: dict, doc_columns: list[str]):
    """Write one batch's tables, ``documents`` last; return its counts."""
    counts = {"T": 0, "M": 0, "MS": 0}
    for name, df in tables.items():
        if name in ("documents", "entities") or not len(df):
            continue
        table = arrow_table(df, _LIST_COLUMNS) if isinstance(df, pd.DataFrame) else df
        write_parquet(_renumber(table, offsets), _part(out, name, index))
    counts["T"] = len(tables.get("tasks", ()))
    counts["M"] = len(tables.get("mentions", ()))
    counts["MS"] = len(tables.get("measures", ()))
    docs = tables["documents"].reindex(columns=doc_columns, fill_value="")
    write_parquet(docs, _part(out, "documents", index), _LIST_COLUMNS)
    return counts


def _entity_pieces(out: Path, codebook: Codebook, names: set[str]) -> list[pd.DataFrame]:
    """Entity counts of the batches committed by an earlier run (parts named in ``names``),
    from their tasks and mentions (only the columns needed are read)."""
    import pyarrow.parquet as pq

    from .schema import KINDS, list_column

    cols = [list_column(k) for k in KINDS]
    pieces = []
    for name in sorted(names):
        m, t = out / "mentions" / name, out / "tasks" / name
        if not m.is_file():
            continue
        ment = pq.read_table(m, columns=["entity_id"]).to_pandas()
        tasks = pq.read_table(t, columns=cols).to_pandas() if t.is_file() else \
            pd.DataFrame({c: [] for c in cols})
        for c in cols:
            tasks[c] = [list(v) for v in tasks[c]]
        pieces.append(entities_table(tasks, ment, codebook))
    return pieces


def _entities(pieces: list[pd.DataFrame], codebook: Codebook) -> pd.DataFrame:
    """The corpus's entities table from the batches' (their counts add up: batches share no
    task)."""
    pieces = [p for p in pieces if len(p)]
    if not pieces:
        return entities_table(pd.DataFrame(), pd.DataFrame(), codebook)
    every = pd.concat(pieces, ignore_index=True)
    first = every.drop_duplicates("entity_id").set_index("entity_id")
    sums = every.groupby("entity_id")[["n_tasks", "n_mentions"]].sum()
    first[["n_tasks", "n_mentions"]] = sums.loc[first.index]
    return sort_entities(first.reset_index()[every.columns])


# ------------------------------------------------------------------------------------------
# The driver


def extract_corpus(source, out, codebook=None, *, jobs: int = 1, resume: bool = False,
                   force: bool = False, encoding: str | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES, batch_chars: int = BATCH_CHARS,
                   batch_docs: int = BATCH_DOCS, progress: bool | None = None,
                   client=None) -> CorpusRun:
    """Code a corpus into a Parquet dataset, batch by batch, with bounded memory.

    Parameters
    ----------
    source : path or iterable of paths
        Files and folders (read recursively; see :func:`corpus_files`).
    out : path
        The dataset folder; refused when it holds files, unless ``force`` (which replaces the
        dataset) or ``resume``.
    codebook : path, Codebook or None
        As for :func:`~zonekit.plan.load_plan`.
    jobs : int
        Processes coding batches at the same time (1: in this process).
    resume : bool
        Continue a run into ``out`` that was interrupted: committed batches are kept, the
        pieces of an unfinished one are dropped, and only documents not yet done are coded.
        Give the same sources and codebook as the first run.
    force : bool
        Replace the dataset in a folder that already holds one.
    encoding, max_bytes
        As for :func:`~zonekit.read.read_source`.
    batch_chars, batch_docs
        A batch closes at this many characters (file sizes, in bytes) or documents. Peak
        memory is about the batch's tables times the batches in flight (``2 * jobs``).
    progress : bool, optional
        A progress bar over documents (default: on a terminal only).
    client : distributed.Client, optional
        Code the batches on this Dask cluster instead (see :func:`extract_dask`).

    Returns
    -------
    CorpusRun

    Raises
    ------
    SourceError
        No files found.
    OutputError
        ``out`` cannot be used.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("We will support banks.", encoding="utf-8")
    >>> _ = (folder / "bad.txt").write_bytes(b"")
    >>> run = extract_corpus(folder, folder / "out")
    >>> run.n_documents, run.n_tasks, run.skipped[0][1]
    (1, 1, 'the file is empty')
    >>> extract_corpus(folder, folder / "out", resume=True).coded  # nothing left to do
    0
    """
    t0 = time.perf_counter()
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ValueError(f"jobs must be a positive whole number, not {jobs!r}")
    cb = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    out = Path(out)
    files = corpus_files(source)
    doc_columns = _document_columns(files)
    manifest = {"format": _FORMAT, "zonekit": __version__, "documents_columns": doc_columns,
                "sources": [str(s) for s in ([source] if isinstance(source, (str, os.PathLike))
                                             else source)]}
    done, skipped, n_tasks, n_mentions, committed = _prepare(out, force, resume, manifest)
    entity_pieces = _entity_pieces(out, cb, committed)
    items = []
    for i, (f, doc_id, meta) in enumerate(files):
        if str(f) in done:
            continue
        try:
            size = f.stat().st_size
        except OSError:
            size = 0
        items.append(_Item(i, str(f), doc_id, meta, size))
    batches = _batches(items, batch_chars, batch_docs)
    offsets = {"T": n_tasks, "M": n_mentions, "MS": _n_rows(out, "measures", committed)}
    known_skips = {p for p, _ in skipped}

    from tqdm.auto import tqdm

    disable = (not progress) if progress is not None else None
    bar = tqdm(total=len(items), desc="zonekit", unit="doc", disable=disable, leave=False)
    pool = None
    if client is not None:
        cb_future = client.scatter(cb, broadcast=True)

        def submit(batch):
            return client.submit(code_batch, [(b.path, b.doc_id, b.meta) for b in batch],
                                 cb_future, encoding, max_bytes, True, pure=False)
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    elif jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(jobs, mp_context=worker_context(), initializer=_init_worker,
                                   initargs=(cb,))

        def submit(batch):
            return pool.submit(_code_in_process, [(b.path, b.doc_id, b.meta) for b in batch],
                               None, encoding, max_bytes)
        window = 2 * jobs
    else:
        def submit(batch):
            return _Inline(_code_in_process, [(b.path, b.doc_id, b.meta) for b in batch],
                           cb, encoding, max_bytes)
        window = 1
    coded = 0
    try:
        pending: deque = deque()
        todo = iter(batches)
        for batch in todo:
            pending.append((batch, submit(batch)))
            if len(pending) >= window:
                break
        while pending:
            batch, fut = pending.popleft()
            tables, bad = fut.result()
            del fut
            new_skips = [(p, r) for p, r in bad if p not in known_skips]
            if new_skips:
                skipped.extend(new_skips)
                known_skips.update(p for p, _ in new_skips)
                _write_skipped(out, skipped)
            if tables:
                counts = _commit(out, batch[0].index, tables, offsets, doc_columns)
                offsets["T"] += counts["T"]
                offsets["M"] += counts["M"]
                offsets["MS"] += counts["MS"]
                coded += len(tables["documents"])
                entity_pieces.append(tables["entities"])
            del tables
            bar.update(len(batch))
            nxt = next(todo, None)
            if nxt is not None:
                pending.append((nxt, submit(nxt)))
    finally:
        bar.close()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    write_parquet(_entities(entity_pieces, cb), _part(out, "entities", 0), _LIST_COLUMNS)
    if not (out / "skipped.csv").exists():
        _write_skipped(out, skipped)
    n_docs = _count_rows(_parts(out).get("documents", []))
    return CorpusRun(out, n_docs, offsets["T"], offsets["M"], coded, skipped,
                     time.perf_counter() - t0)


def extract_dask(source, out, client, codebook=None, **kwargs) -> CorpusRun:
    """Code a corpus on a Dask cluster into the same Parquet dataset as :func:`extract_corpus`.

    Documents are independent, so batches are mapped over the cluster's workers
    (``client.submit``, at most two batches per worker in flight); the driver (this process)
    holds only the batches it is writing, numbers ids in corpus order and writes the dataset,
    so the tables are the same as a local run's. Workers read the files themselves: they need
    zonekit installed and the same paths (a shared file system); the dataset is written where
    the driver runs.

    Parameters
    ----------
    source : path or iterable of paths
    out : path
    client : distributed.Client
        A client connected to the cluster (``Client("tcp://scheduler:8786")``).
    codebook : path, Codebook or None
    **kwargs
        Passed on to :func:`extract_corpus` (``resume``, ``force``, ``batch_chars``...).

    Returns
    -------
    CorpusRun

    Examples
    --------
    >>> from distributed import Client, LocalCluster  # doctest: +SKIP
    >>> with LocalCluster(n_workers=2, processes=False) as cluster, Client(cluster) as client:
    ...     extract_dask("plans/", "out/", client)  # doctest: +SKIP
    <CorpusRun: ...>
    """
    return extract_corpus(source, out, codebook, client=client, **kwargs)


# ------------------------------------------------------------------------------------------
# Reading the dataset back


class Corpus:
    """A coded corpus on disk, opened lazily (see :func:`load_corpus`).

    Attributes
    ----------
    path : Path
    tables : list of str
        The tables in the dataset (a table with no rows in any batch, e.g. ``boilerplate`` of
        a corpus with no boilerplate, has no files and is not listed).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("We will support banks in Hong Kong.")
    >>> c = load_corpus(extract_corpus(folder, folder / "out").out)
    >>> c.tables
    ['documents', 'entities', 'mentions', 'segments', 'tasks']
    >>> c.dataset("mentions").count_rows()
    2
    >>> c.table("tasks", columns=["task_id", "partners"]).values.tolist()
    [['T001', ['hong-kong']]]
    """

    def __init__(self, path):
        self.path = Path(path)
        if not (self.path / _MANIFEST).is_file():
            raise ZonekitError(f"{self.path}: not a zonekit corpus (no {_MANIFEST})")
        self.tables = sorted(name for name, files in _parts(self.path).items() if files)

    def __repr__(self) -> str:
        return f"<Corpus {self.path}: {', '.join(self.tables)}>"

    def files(self, name: str) -> list[Path]:
        """The Parquet files of one table, in corpus order.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "a.txt").write_text("We will support banks.")
        >>> [p.name for p in load_corpus(extract_corpus(folder, folder / "o").out).files("tasks")]
        ['part-000000.parquet']
        """
        if name not in self.tables:
            raise KeyError(f"no table {name!r} in {self.path} (it has {', '.join(self.tables)})")
        return sorted((self.path / name).glob("part-*.parquet"))

    def dataset(self, name: str):
        """One table as a :class:`pyarrow.dataset.Dataset` (nothing is read until asked).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "a.txt").write_text("We will support banks.")
        >>> load_corpus(extract_corpus(folder, folder / "o").out).dataset("tasks").count_rows()
        1
        """
        import pyarrow.dataset as ds

        return ds.dataset([str(p) for p in self.files(name)], format="parquet")

    def table(self, name: str, columns=None, filter=None) -> pd.DataFrame:
        """One table (or some of its columns and rows) read into a DataFrame, in corpus order.

        Parameters
        ----------
        name : str
        columns : list of str, optional
        filter : pyarrow.compute.Expression, optional
            e.g. ``pyarrow.dataset.field("doc_id") == "a"``.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "a.txt").write_text("We will support banks.")
        >>> c = load_corpus(extract_corpus(folder, folder / "o").out)
        >>> c.table("mentions", columns=["surface", "start", "end"]).values.tolist()
        [['banks', 16, 21]]
        """
        import pyarrow as pa

        t = self.dataset(name).to_table(columns=columns, filter=filter)
        lists = [f.name for f in t.schema if pa.types.is_list(f.type)]
        df = t.drop_columns(lists).to_pandas()
        for c in lists:  # Python lists, as in a Plan's tables
            values = t.column(c).to_pylist()
            df[c] = pd.Series([[] if v is None else v for v in values], dtype=object)
        return df[t.column_names]

    def sql(self, query: str, connection=None):
        """Run SQL over the tables with DuckDB (each table a view of its Parquet files).

        Parameters
        ----------
        query : str
        connection : duckdb.DuckDBPyConnection, optional
            Default: a new in-memory connection.

        Returns
        -------
        duckdb.DuckDBPyRelation
            ``.df()`` for a DataFrame, ``.fetchall()`` for tuples.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "a.txt").write_text("We will support banks in Hong Kong.")
        >>> c = load_corpus(extract_corpus(folder, folder / "o").out)
        >>> c.sql("SELECT entity_id FROM tasks, unnest(partners) AS p(entity_id)").fetchall()
        [('hong-kong',)]
        """
        con = connection if connection is not None else self.connect()
        if connection is not None:
            self._views(con)
        return con.sql(query)

    def connect(self):
        """A DuckDB connection with one view per table (``tasks``, ``mentions``...).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "a.txt").write_text("We will support banks.")
        >>> con = load_corpus(extract_corpus(folder, folder / "o").out).connect()
        >>> con.sql("SELECT count(*) FROM documents").fetchall()
        [(1,)]
        """
        import duckdb

        con = duckdb.connect()
        self._views(con)
        return con

    def _views(self, con) -> None:
        for name in self.tables:
            glob = (self.path / name / "part-*.parquet").as_posix().replace("'", "''")
            con.execute(f"CREATE OR REPLACE VIEW \"{name}\" AS SELECT * FROM "
                        f"read_parquet('{glob}', union_by_name = true)")


def load_corpus(out) -> Corpus:
    """Open a dataset written by :func:`extract_corpus` (or ``zonekit extract --format parquet``).

    Parameters
    ----------
    out : path

    Returns
    -------
    Corpus

    Raises
    ------
    ZonekitError
        ``out`` is not a corpus folder.

    Examples
    --------
    >>> load_corpus("no-such-folder")
    Traceback (most recent call last):
    ...
    zonekit.errors.ZonekitError: no-such-folder: not a zonekit corpus (no corpus.json)
    """
    return Corpus(out)

