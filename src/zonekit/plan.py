"""The Plan: one or more documents read, cleaned, segmented, matched and coded.

:func:`load_plan` runs the whole pipeline and returns a :class:`Plan`, whose tables follow the
data contract (see the README): ``tasks``, ``mentions`` and ``entities``, plus ``segments``
(every heading and sentence) and ``boilerplate`` (every line cleaning dropped, with the reason).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd

from .clean import line_columns
from .codebook import Codebook, load_codebook
from .errors import SourceError
from .match import Matcher
from .read import DEFAULT_MAX_BYTES, Source, SourceList, bundled_source_paths, read_sources
from .schema import (
    DOCUMENT_COLUMNS,
    DOCUMENT_METADATA,
    KINDS,
    MEASURE_COLUMNS,
    MENTION_COLUMNS,
    SKIPPED_FILE,
    TASK_COLUMNS,
    arrow,
    document_columns,
    empty_frame,
    list_column,
    text_file,
)
from .segment import SEGMENT_COLUMNS, SEGMENT_INTS, formal_columns, segment_columns
from .tables import build_tables, entities_table, table_columns
from .tasks import task_columns

__all__ = ["Plan", "load_plan", "batch_tables", "PARALLEL_MIN_CHARS", "worker_context",
           "gc_paused"]

#: With ``n_jobs=None``, :func:`load_plan` uses two processes when at least two documents are
#: this long (characters); below it, starting the workers costs more than it saves.
PARALLEL_MIN_CHARS = 1_000_000


class Plan:
    """A coded plan: its documents, tables and graph.

    Build one with :func:`load_plan`. The tables are pandas DataFrames:

    - ``tasks``: one row per task (``task_id, doc_id, measure_id, section, path, text, start,
      end, page, modality, cue, sectors, partners, instruments, agencies``; the last four are
      lists of entity ids; ``page`` is the PDF page the task starts on, empty for other
      formats);
    - ``measures``: one row per numbered measure (``measure_id, doc_id, number, title, path,
      start, end, lead, support, scope, task_ids``; ``lead``/``support`` are agency ids from
      its responsibility notes);
    - ``mentions``: one row per matched alias on a task (``mention_id, task_id, doc_id,
      entity_id, kind, label, surface, start, end, page, via, role``);
    - ``entities``: one row per entity found (``entity_id, kind, label, label_zh, tool_type,
      sub_tool, n_tasks, n_mentions``);
    - ``segments``: every heading and sentence kept after cleaning;
    - ``boilerplate``: every line cleaning dropped and every formal part (metadata block,
      title, document number, addressees, signature, date, page furniture), with its reason;
    - ``documents``: one row per document with its metadata (title, doc_number, issuer,
      date_issued, date_published, topics: from ``sources.csv`` when it says, else as the
      document states them), publisher, date, url, language, its ``path``, ``format`` and
      ``pages``, and counts; join it to any table on ``doc_id``;
    - ``skipped``: the files of the folders read that were not read, with the reason.

    Offsets index the document's raw text: ``plan.raw(doc_id)[start:end]``.

    Examples
    --------
    >>> plan = load_plan()
    >>> plan
    <Plan: 1 document, 14 tasks; ... sectors, ... partners, ... instruments, ... agencies>
    >>> m = plan.mentions.iloc[0]
    >>> plan.raw(m.doc_id)[m.start:m.end] == m.surface
    True
    """

    def __init__(self, sources: list[Source], codebook: Codebook, tasks, mentions, segments,
                 boilerplate, measures=None, metadata=None, skipped=None):
        self.sources = list(sources)
        self.measures = measures if measures is not None else empty_frame(MEASURE_COLUMNS)
        self.metadata = dict(metadata or {})
        #: Files of the folders read that were not read: ``path, reason`` (see
        #: :class:`zonekit.read.SourceList`).
        self.skipped = skipped if skipped is not None else SourceList().skipped
        self.codebook = codebook
        self.tasks = tasks
        self.mentions = mentions
        self.segments = segments
        self.boilerplate = boilerplate
        self.entities = entities_table(tasks, mentions, codebook)
        self._by_id = {s.doc_id: s for s in self.sources}

    def __repr__(self) -> str:
        n = len(self.sources)
        counts = self.entities["kind"].value_counts()
        parts = ", ".join(f"{int(counts.get(k, 0))} {list_column(k)}" for k in KINDS)
        return f"<Plan: {n} document{'s' if n != 1 else ''}, {len(self.tasks)} tasks; {parts}>"

    @property
    def documents(self) -> pd.DataFrame:
        """One row per document: its metadata and counts, to join on ``doc_id``.

        Columns are :data:`DOCUMENT_COLUMNS` (``doc_id, title, doc_number, issuer,
        date_issued, date_published, topics, publisher, date, url, language, path, format,
        pages, encoding, n_chars, n_tasks, n_mentions``); other columns of a ``sources.csv``
        come after ``language``. A ``sources.csv`` value wins over what the document states of
        itself (its gov.cn metadata block, title, number, signature and date: see
        :func:`zonekit.segment.formal_parts`); ``topics`` is a list. Metadata a document lacks
        is ``""``. ``path`` is the file read, ``format`` one of ``text, html, pdf, docx, doc``,
        ``pages`` the PDF's page count (empty for other formats). A new table is returned on
        each call.

        Examples
        --------
        >>> plan = load_plan()
        >>> plan.documents[["publisher", "date", "language", "n_tasks"]].values.tolist()
        [['CGTN', '2023-11-23', 'en', 14]]
        >>> plan.tasks.merge(plan.documents[["doc_id", "date"]], on="doc_id")["date"].unique().tolist()
        ['2023-11-23']
        """
        return _documents(self.sources, self.metadata, self.tasks.groupby("doc_id").size(),
                          self.mentions.groupby("doc_id").size())

    @property
    def source(self) -> Source:
        """The first (often the only) document.

        Returns
        -------
        Source
            ``plan.sources[0]``: its ``text``, ``doc_id``, ``meta`` and ``citation``.

        Examples
        --------
        >>> src = load_plan().source
        >>> src.doc_id, src.meta["publisher"], src.meta["date"]
        ('beijing-2023', 'CGTN', '2023-11-23')
        >>> two = load_plan([Source.from_text("We will support banks.", doc_id="a"),
        ...                  Source.from_text("We will support trade.", doc_id="b")])
        >>> two.source.doc_id, two.source.text
        ('a', 'We will support banks.')
        """
        return self.sources[0]

    def raw(self, doc_id: str | None = None) -> str:
        """The raw text of a document (default: the first).

        Parameters
        ----------
        doc_id : str, optional
            Which document (default: :attr:`source`).

        Returns
        -------
        str
            The text exactly as read; mention and task offsets index into it.

        Raises
        ------
        KeyError
            No document has that ``doc_id``.

        Examples
        --------
        >>> load_plan().raw()[:20]
        'Our Privacy Statemen'
        """
        return self._doc(doc_id).text

    def _doc(self, doc_id: str | None) -> Source:
        return self._by_id[doc_id] if doc_id is not None else self.source

    def _stated(self, source: Source, keys) -> dict:
        """A document's metadata: its ``sources.csv`` values, else what the document states."""
        return _stated(self.metadata, source, keys)

    def title(self, doc_id: str | None = None) -> str:
        """A document's title: from ``sources.csv``, else the title it states, else its file name.

        Parameters
        ----------
        doc_id : str, optional
            Which document (default: :attr:`source`).

        Returns
        -------
        str
            Never a bare doc id when a file name is known.

        Examples
        --------
        >>> load_plan().title()
        'China approves plan to develop demonstration zone for service sector'
        >>> load_plan(Source.from_text("关于支持服务业开放的工作方案\\n\\n一、总体要求\\n\\n支持香港。",
        ...                            doc_id="d")).title()
        '关于支持服务业开放的工作方案'
        """
        source = self._doc(doc_id)
        title = str(self._stated(source, ("title",))["title"]).strip()
        return title or (Path(source.path).name if source.path else source.doc_id)

    def citation(self, doc_id: str | None = None) -> str:
        """Title, publisher (or issuer), document number and date of a document, for source lines.

        What ``sources.csv`` gives wins; what the document states of itself (its title, 发文机关,
        发文字号, 成文日期) fills the rest; a document with nothing known is cited by file name.

        Parameters
        ----------
        doc_id : str, optional
            Which document (default: :attr:`source`).

        Returns
        -------
        str

        Examples
        --------
        >>> load_plan().citation()
        'China approves plan to develop demonstration zone for service sector, CGTN, 2023-11-23'
        >>> raw = "国务院关于促进就业的意见\\n\\n国发〔2018〕39号\\n\\n一、支持企业\\n\\n支持企业稳岗。\\n\\n国务院\\n\\n2018年11月16日"
        >>> load_plan(Source.from_text(raw, doc_id="d")).citation()
        '国务院关于促进就业的意见, 国务院, 国发〔2018〕39号, 2018-11-16'
        """
        source = self._doc(doc_id)
        row = self._stated(source, ("title", "publisher", "issuer", "doc_number", "date",
                                    "date_issued", "date_published"))
        parts = [row["title"], row["publisher"] or row["issuer"], row["doc_number"],
                 row["date"] or row["date_issued"] or row["date_published"]]
        parts = [str(p).strip() for p in parts if str(p).strip()]
        return ", ".join(parts) if parts else self.title(source.doc_id)

    def files(self) -> dict:
        """What ``zonekit extract`` writes: file name -> table or graph (nothing is written).

        Pass it to :func:`zonekit.export.write_folder`. The graph is written as
        ``graph.graphml``, ``graph.gexf`` and ``graph.json``.

        Returns
        -------
        dict
            ``tasks.csv``, ``measures.csv``, ``mentions.csv``, ``entities.csv``,
            ``documents.csv`` (DataFrames)
            and ``graph`` (the networkx graph); ``skipped.csv`` (``path, reason``) when
            folders held files that were not read; and for each document converted from a
            PDF, web page or Word file, its text (which the offsets index) as
            ``texts/DOC_ID.txt`` (see :func:`zonekit.schema.text_file`).

        Examples
        --------
        >>> list(load_plan().files())
        ['tasks.csv', 'measures.csv', 'mentions.csv', 'entities.csv', 'documents.csv', 'graph']
        """
        files = {"tasks.csv": self.tasks, "measures.csv": self.measures,
                 "mentions.csv": self.mentions,
                 "entities.csv": self.entities, "documents.csv": self.documents,
                 "graph": self.graph()}
        if self.skipped is not None and len(self.skipped):
            files[SKIPPED_FILE] = self.skipped
        for src in self.sources:
            if getattr(src, "format", "text") != "text":
                files[text_file(src.doc_id)] = src.text
        return files

    def graph(self):
        """The co-occurrence network of the plan's entities (see :func:`zonekit.graph.build_graph`).

        Examples
        --------
        >>> G = load_plan().graph()
        >>> G.nodes["hong-kong"]["kind"], G["hong-kong"]["macao"]["weight"]
        ('partner', 1)
        """
        from .graph import build_graph

        return build_graph(self.tasks, self.entities)

    def measures_of(self, doc_id: str | None = None) -> pd.DataFrame:
        """The measures of one document (default: the first), with their text.

        Examples
        --------
        >>> load_plan().measures_of().columns.tolist()[-1]
        'text'
        """
        doc_id = doc_id if doc_id is not None else self.source.doc_id
        raw = self.raw(doc_id)
        df = self.measures[self.measures["doc_id"] == doc_id].reset_index(drop=True)
        return df.assign(text=[raw[s:e] for s, e in zip(df["start"], df["end"], strict=True)])


def _stated(metadata: dict, source: Source, keys) -> dict:
    """A document's metadata: its ``sources.csv`` values, else what the document states
    (``metadata``: doc_id -> what each document states)."""
    meta = {k: "" if v is None else str(v) for k, v in source.meta.items()}
    stated = metadata.get(source.doc_id, {})
    row = {k: meta.get(k, "") for k in keys}
    for k in DOCUMENT_METADATA:
        if not row.get(k) and stated.get(k):
            row[k] = stated[k]
    return row


def _documents(sources: list[Source], metadata: dict, n_tasks, n_mentions) -> pd.DataFrame:
    """:attr:`Plan.documents` of ``sources``: ``metadata`` as :func:`_stated` takes it,
    ``n_tasks`` and ``n_mentions`` (mappings with ``.get``) the counts by doc_id."""
    last = DOCUMENT_COLUMNS.index("language") + 1
    fixed = DOCUMENT_COLUMNS[1:last]
    extra = list(dict.fromkeys(k for s in sources for k in s.meta if k not in DOCUMENT_COLUMNS))
    rows = []
    for s in sources:
        row = {"doc_id": s.doc_id, **_stated(metadata, s, (*fixed, *extra))}
        topics = row.get("topics", "")
        row["topics"] = ([t.strip() for t in topics.split(";") if t.strip()]
                         if isinstance(topics, str) else list(topics))
        rows.append({**row, "path": s.path or "", "format": s.format, "pages": s.pages,
                     "encoding": s.encoding,
                     "n_chars": len(s.text), "n_tasks": int(n_tasks.get(s.doc_id, 0)),
                     "n_mentions": int(n_mentions.get(s.doc_id, 0))})
    columns = document_columns(extra)
    return pd.DataFrame(rows, columns=columns).astype(
        {"n_chars": "int64", "n_tasks": "int64", "n_mentions": "int64", "pages": "Int64"})


def _as_sources(source, encoding, max_bytes, glob=None) -> SourceList:
    if source is None:
        return read_sources(bundled_source_paths(), encoding=encoding, max_bytes=max_bytes)
    if isinstance(source, Source):
        return SourceList([source])
    if isinstance(source, (str, os.PathLike)):
        return read_sources([source], encoding=encoding, max_bytes=max_bytes, glob=glob)
    if isinstance(source, Iterable):
        items = list(source)
        if not items:
            raise SourceError("no documents given")
        if all(isinstance(s, Source) for s in items):
            ids = [s.doc_id for s in items]
            if len(set(ids)) != len(ids):
                raise SourceError(f"duplicate doc_id among sources: {ids}")
            return SourceList(items)
        return read_sources(items, encoding=encoding, max_bytes=max_bytes, glob=glob)
    raise TypeError(f"source must be a path, a Source or a list of them, not {type(source)}")


def load_plan(source=None, codebook=None, encoding: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES, progress: bool | None = None,
              n_jobs: int | None = None, glob: str | None = None) -> Plan:
    """Read, clean, segment and code a plan.

    Parameters
    ----------
    source : path, folder, Source, or a list of them, optional
        The document(s): text files, saved web pages, PDFs, Word files (see
        :mod:`zonekit.read`), folders of them (read recursively; a file there that cannot be
        read is skipped and listed in ``Plan.skipped``). None loads the bundled 2023 Beijing
        service-sector plan.
    codebook : path, Codebook or None
        A YAML codebook extending the default one, or a :class:`~zonekit.codebook.Codebook`
        used as it is. None uses the default codebook.
    encoding : str, optional
        Force an encoding for files (default: detected).
    max_bytes : int
        Refuse files larger than this (default 50 MB).
    progress : bool, optional
        Show a progress bar over documents (tqdm, on stderr or as a notebook widget). Default:
        only for several documents, and only on a terminal.
    n_jobs : int, optional
        Processes coding documents at the same time. Documents are independent, so a corpus
        can use several cores; the tables are the same, in the same order, whatever ``n_jobs``.
        Default: 2 when at least two documents have :data:`PARALLEL_MIN_CHARS` characters or
        more (and the machine has two cores), else 1 (starting worker processes costs about a
        second, more than small documents take). Workers are forked on Linux; where they are
        spawned instead (macOS, Windows, or a process running threads such as a Jupyter
        kernel), a script calling this needs the usual ``if __name__ == "__main__":`` guard.
    glob : str, optional
        In folders, read only the files this pattern picks (``"**/*.md"``, ``"*.pdf"``).

    Returns
    -------
    Plan

    Examples
    --------
    >>> plan = load_plan()
    >>> plan.tasks.loc[0, ["task_id", "modality", "sectors"]].tolist()
    ['T001', 'supportive', ['health']]
    >>> zh = load_plan(Source.from_text("一、开放\\n支持香港金融机构开展合作。", doc_id="zh"))
    >>> zh.tasks[["section", "sectors", "partners"]].values.tolist()
    [['一、开放', ['finance'], ['hong-kong']]]
    """
    with gc_paused():
        return _load(_as_sources(source, encoding, max_bytes, glob), codebook, progress, n_jobs)


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector: coding makes many small containers and no cycles,
    and the collector would walk the growing heap again and again (about a tenth of the time).

    Examples
    --------
    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(sources: SourceList, codebook, progress, n_jobs) -> Plan:
    cb = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    coded, segments, dropped, metadata = _gathered(_code_all(sources, cb, progress, n_jobs))
    tasks, mentions, measures = build_tables(coded)
    tables = [tasks, mentions, _concat(segments), _stack(dropped)]
    return Plan(sources, cb, *tables, measures=measures, metadata=metadata,
                skipped=getattr(sources, "skipped", None))


def batch_tables(sources: list[Source], codebook: Codebook) -> dict:
    """Code documents in this process and give their tables typed for Parquet: the form a
    corpus batch is written in (see :mod:`zonekit.corpus`).

    Each table is built once, as an Arrow table, from the coded columns (a batch's DataFrames
    cost more to build than to write): the rows and columns of :func:`load_plan`'s tables, ids
    numbered from 1.

    Parameters
    ----------
    sources : list of Source
    codebook : Codebook

    Returns
    -------
    dict
        ``tasks``, ``mentions``, ``measures``, ``segments`` and ``boilerplate`` as
        :class:`pyarrow.Table` (typed as :func:`zonekit.schema.arrow` types them), ``documents``
        and ``entities`` as DataFrames.

    Examples
    --------
    >>> from zonekit.read import Source
    >>> t = batch_tables([Source("a", "We will support banks.")], load_codebook())
    >>> t["tasks"].select(["task_id", "doc_id", "modality"]).to_pylist()
    [{'task_id': 'T001', 'doc_id': 'a', 'modality': 'supportive'}]
    >>> t["documents"][["doc_id", "n_tasks", "n_mentions"]].values.tolist()
    [['a', 1, 1]]
    """
    coded, segments, dropped, metadata = _gathered(_code_all(sources, codebook))
    n_tasks = {doc_id: len(t["start"]) for doc_id, t, _, _ in coded}
    n_mentions = {doc_id: len(m["start"]) for doc_id, _, m, _ in coded}
    tasks, mentions, measures = table_columns(coded)
    entities = entities_table(tasks, mentions, codebook)
    return {
        "tasks": arrow(tasks, TASK_COLUMNS), "mentions": arrow(mentions, MENTION_COLUMNS),
        "measures": arrow(measures, MEASURE_COLUMNS),
        "segments": arrow(_joined_segments(segments), ["doc_id", *SEGMENT_COLUMNS],
                          ints=SEGMENT_INTS),
        "boilerplate": arrow(*_stacked(dropped)),
        "documents": _documents(sources, metadata, n_tasks, n_mentions),
        "entities": entities,
    }


def _code_all(sources: list[Source], cb: Codebook, progress=False, n_jobs=1) -> list:
    """Each source coded by :func:`_code_source`, in order (in worker processes when
    ``n_jobs`` says so), with a progress bar over documents."""
    from tqdm.auto import tqdm

    disable = (not progress) if progress is not None else (None if len(sources) > 1 else True)
    jobs = _n_jobs(n_jobs, sources)
    bar = tqdm(total=len(sources), desc="zonekit", unit="doc", disable=disable, leave=False)
    try:
        if jobs == 1:
            matcher = _matcher(cb)
            return [_tick(bar, _code_source(src, matcher)) for src in sources]
        with ProcessPoolExecutor(jobs, mp_context=worker_context(),
                                 initializer=_init_worker, initargs=(cb,)) as pool:
            return [_tick(bar, part) for part in pool.map(_code_in_worker, sources)]
    finally:
        bar.close()


def _gathered(parts: list):
    """``(coded, segments, dropped, metadata)`` from :func:`_code_all`'s parts: the inputs of
    :func:`~zonekit.tables.build_tables`, :func:`_concat` and :func:`_stack`, and each
    document's stated metadata (``parts`` is emptied as it is read)."""
    coded, segments, dropped, metadata = [], [], [], {}
    for i, (doc_id, t, m, ms, segs, gone, meta) in enumerate(parts):
        parts[i] = None  # let each document's pieces go once they are taken (peak memory)
        coded.append((doc_id, t, m, ms))
        segments.append((doc_id, segs))
        dropped.append((doc_id, gone))
        metadata[doc_id] = meta
    parts.clear()
    return coded, segments, dropped, metadata


_LAST_MATCHER: list = []  # [(codebook, its Matcher)]: the last codebook coded with


def _matcher(cb: Codebook) -> Matcher:
    """The Matcher of a codebook, built once for the codebook last used (a corpus coded a
    batch at a time calls :func:`load_plan` again and again with one codebook; a codebook is
    not changed once made)."""
    if _LAST_MATCHER and _LAST_MATCHER[0][0] is cb:
        return _LAST_MATCHER[0][1]
    matcher = Matcher(cb)
    _LAST_MATCHER[:] = [(cb, matcher)]
    return matcher


def _tick(bar, part):
    bar.update(1)
    return part


def _n_jobs(n_jobs: int | None, sources: list[Source]) -> int:
    if n_jobs is not None:
        if not isinstance(n_jobs, int) or isinstance(n_jobs, bool) or n_jobs < 1:
            raise ValueError(f"n_jobs must be a positive whole number, not {n_jobs!r}")
        return min(n_jobs, len(sources))
    large = sum(1 for s in sources if len(s.text) >= PARALLEL_MIN_CHARS)
    return min(2, os.cpu_count() or 1) if large >= 2 else 1


def worker_context():
    """The multiprocessing context for worker processes coding documents.

    ``fork`` where it is safe (Linux, no other threads but tqdm's idle monitor: fast, and no
    ``__main__`` guard needed); otherwise ``forkserver`` or ``spawn`` (Jupyter kernels run
    threads; macOS and Windows).

    Examples
    --------
    >>> worker_context().get_start_method() in ("fork", "forkserver", "spawn")
    True
    """
    import multiprocessing as mp
    import sys
    import threading

    methods = mp.get_all_start_methods()
    others = [t for t in threading.enumerate()
              if t is not threading.main_thread() and t.name != "tqdm_monitor"]
    if "fork" in methods and sys.platform.startswith("linux") and not others:
        return mp.get_context("fork")
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn")


def _code_source(src: Source, matcher: Matcher):
    """Code one document: its tasks and mentions as columns (see
    :func:`~zonekit.tasks.task_columns`), its segments and its dropped lines."""
    # columns, not tables: one table for the corpus later (a DataFrame per document and stage
    # cost more than the work itself)
    lines = line_columns(src.text)
    formal, meta = formal_columns(src.text, lines)
    drop = ~(lines["keep"] | lines["blank"])
    drop[formal["line"]] = False
    # the formal parts join the lines cleaning dropped, in text order
    cols = ("start", "end", "reason", "text")
    starts = np.concatenate([lines["start"][drop], formal["start"]])
    order = np.argsort(starts, kind="stable")
    gone = {c: np.concatenate([lines[c][drop], formal[c]])[order] for c in cols}
    segs = segment_columns(src.text, lines, formal)
    del lines  # each stage's tables go as soon as the next has what it needs (peak memory)
    t, m, ms = task_columns(segs, matcher.hits(src.text), src.text, matcher.codebook)
    if src.page_starts:
        t["page"] = src.page_of(t["start"])
        m["page"] = src.page_of(m["start"])
    return src.doc_id, t, m, ms, segs, gone, meta  # doc_id columns are added once, for the corpus


_WORKER_MATCHER: Matcher | None = None


def _init_worker(codebook: Codebook) -> None:
    global _WORKER_MATCHER
    _WORKER_MATCHER = Matcher(codebook)


def _code_in_worker(src: Source):
    with gc_paused():
        return _code_source(src, _WORKER_MATCHER)


def _stack(pieces: list[tuple[str, dict]]) -> pd.DataFrame:
    """One table from the documents' ``(doc_id, columns)`` pairs, ``doc_id`` first (the list is
    emptied)."""
    from .schema import frame

    return frame(*_stacked(pieces))


def _stacked(pieces: list[tuple[str, dict]]) -> tuple[dict, list[str]]:
    """:func:`_stack`'s columns and their names."""
    names = list(pieces[0][1]) if pieces else ["start", "end", "reason", "text"]
    ids = np.repeat(np.array([d for d, _ in pieces], dtype=object),
                    [len(c[names[0]]) for _, c in pieces])
    columns = {"doc_id": ids}
    for c in names:
        columns[c] = np.concatenate([cols[c] for _, cols in pieces]) if pieces else []
    pieces.clear()
    return columns, ["doc_id", *names]


def _concat(pieces: list[tuple[str, dict]]) -> pd.DataFrame:
    """The segments table from the documents' ``(doc_id, columns)`` pairs (see
    :func:`~zonekit.segment.segment_columns`), ``doc_id`` first (the list is emptied). Each
    column is joined once and the table built once, for the whole corpus."""
    from .schema import frame

    return frame(_joined_segments(pieces), ["doc_id", *SEGMENT_COLUMNS], ints=SEGMENT_INTS)


def _joined_segments(pieces: list[tuple[str, dict]]) -> dict[str, list]:
    """:func:`_concat`'s columns."""
    columns = {"doc_id": list(chain.from_iterable([d] * len(cols["start"]) for d, cols in pieces))}
    for c in SEGMENT_COLUMNS:
        columns[c] = list(chain.from_iterable(cols.pop(c) for _, cols in pieces))
    pieces.clear()
    return columns
