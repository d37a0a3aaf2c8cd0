"""The tasks, mentions and entities tables, built from the coded documents.

:func:`build_tables` numbers a corpus's tasks and mentions once and builds each table once;
:func:`entities_table` counts the entities coded.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain

import numpy as np
import pandas as pd

from .codebook import Codebook
from .match import Hits
from .schema import (
    ENTITY_COLUMNS,
    KINDS,
    MEASURE_COLUMNS,
    MENTION_COLUMNS,
    TASK_COLUMNS,
    empty_frame,
    frame,
    list_column,
)
from .tasks import task_columns

__all__ = ["find_tasks", "build_tables", "table_columns", "entities_table", "sort_entities"]


def find_tasks(segments: pd.DataFrame, matches, doc_id: str, text: str, codebook: Codebook,
               first_task: int = 1, first_mention: int = 1):
    """Turn segmented sentences and matches into the tasks and mentions tables.

    Parameters
    ----------
    segments : DataFrame
        Output of :func:`zonekit.segment.segment` (spans in text order, not overlapping).
    matches : list
        Output of :meth:`Matcher.find` on the same text.
    doc_id : str
        Document id written to every row.
    text : str
        The raw text (for surfaces).
    codebook : Codebook
        For labels.
    first_task, first_mention : int
        Numbering starts here (so ids stay unique across a corpus).

    Returns
    -------
    (tasks, mentions) : tuple of DataFrame
        With :data:`TASK_COLUMNS` and :data:`MENTION_COLUMNS`. A task's sectors are those its
        sentence names; a task whose sentence names none takes its section heading's sectors
        (those mentions have ``via == "section"`` and point into the heading).

    Examples
    --------
    >>> from zonekit.codebook import load_codebook
    >>> from zonekit.match import Matcher
    >>> from zonekit.segment import segment
    >>> raw = "Finance\\n\\nWe will support banks in Hong Kong."
    >>> tasks, mentions = find_tasks(segment(raw), Matcher().find(raw), "d", raw, load_codebook())
    >>> tasks[["task_id", "section", "modality", "sectors", "partners"]].values.tolist()
    [['T001', 'Finance', 'supportive', ['finance'], ['hong-kong']]]
    >>> mentions[["surface", "via"]].values.tolist()
    [['banks', 'cue'], ['Hong Kong', 'alias']]
    """
    hits = matches if isinstance(matches, Hits) else Hits.from_list(matches)
    part = task_columns(segments, hits, text, codebook)
    return build_tables([(doc_id, *part)], first_task, first_mention)[:2]


def build_tables(parts, first_task: int = 1, first_mention: int = 1, first_measure: int = 1):
    """The tasks, mentions and measures tables of documents coded by :func:`task_columns`.

    Parameters
    ----------
    parts : list of (doc_id, tasks, mentions, measures)
        One item per document, in order; emptied as it is read, to keep memory low.
    first_task, first_mention, first_measure : int
        Ids are numbered from these across all documents (``T001``, ``M0001``, ``MS001``...).

    Returns
    -------
    (tasks, mentions, measures) : tuple of DataFrame
        With :data:`TASK_COLUMNS`, :data:`MENTION_COLUMNS` and :data:`MEASURE_COLUMNS`; a task
        outside any measure has ``measure_id == ""``.

    Examples
    --------
    >>> from zonekit.codebook import load_codebook
    >>> from zonekit.match import Matcher
    >>> from zonekit.segment import segment
    >>> from zonekit.tasks import task_columns
    >>> raw = "（一）开放。We will support banks."
    >>> part = task_columns(segment(raw), Matcher().hits(raw), raw, load_codebook())
    >>> tasks, mentions, measures = build_tables([("a", *part), ("b", *part)])
    >>> tasks[["task_id", "doc_id", "measure_id"]].values.tolist()
    [['T001', 'a', 'MS001'], ['T002', 'b', 'MS002']]
    >>> mentions[["mention_id", "task_id", "doc_id", "surface"]].values.tolist()
    [['M0001', 'T001', 'a', 'banks'], ['M0002', 'T002', 'b', 'banks']]
    >>> measures[["measure_id", "doc_id", "number", "title", "task_ids"]].values.tolist()
    [['MS001', 'a', '（一）', '开放', ['T001']], ['MS002', 'b', '（一）', '开放', ['T002']]]
    """
    tasks, mentions, measures = table_columns(parts, first_task, first_mention, first_measure)
    return (frame(tasks, TASK_COLUMNS), frame(mentions, MENTION_COLUMNS),
            frame(measures, MEASURE_COLUMNS))


def table_columns(parts, first_task: int = 1, first_mention: int = 1, first_measure: int = 1):
    """:func:`build_tables` as columns: the tables' dicts of columns, not yet typed.

    :func:`build_tables` makes DataFrames of them (:func:`zonekit.schema.frame`), a corpus
    batch Arrow tables (:func:`zonekit.schema.arrow`).

    Parameters
    ----------
    parts : list of (doc_id, tasks, mentions, measures)
    first_task, first_mention, first_measure : int
        As for :func:`build_tables`.

    Returns
    -------
    (tasks, mentions, measures) : tuple of dict
        Keyed by :data:`TASK_COLUMNS`, :data:`MENTION_COLUMNS` and :data:`MEASURE_COLUMNS`.

    Examples
    --------
    >>> from zonekit import Matcher, load_codebook
    >>> from zonekit.segment import segment
    >>> raw = "We will support banks."
    >>> coded = task_columns(segment(raw), Matcher().hits(raw), raw, load_codebook())
    >>> tasks, mentions, measures = table_columns([("a", *coded)], first_task=7)
    >>> list(tasks["task_id"]), list(mentions["task_id"]), mentions["surface"], measures["doc_id"]
    (['T007'], ['T007'], ['banks'], [])
    """
    t_cols: dict[str, list] = {c: [] for c in TASK_COLUMNS if c not in ("task_id", "doc_id",
                                                                        "measure_id")}
    t_cols["measure"] = []
    m_cols: dict[str, list] = {c: [] for c in MENTION_COLUMNS if c not in ("mention_id", "doc_id")}
    s_cols: dict[str, list] = {c: [] for c in MEASURE_COLUMNS}
    t_docs, m_docs, n_tasks, n_measures = [], [], 0, 0
    while parts:
        doc_id, tasks, mentions, measures = parts.pop(0)
        n = len(tasks["start"])
        tasks = {"page": [None] * n, **tasks}  # no page: not a PDF
        mentions = {"page": [None] * len(mentions["start"]), **mentions}
        t_docs.append((doc_id, n))
        m_docs.append((doc_id, len(mentions["start"])))
        mentions = dict(mentions)
        mentions["task_id"] = mentions.pop("task") + n_tasks
        tasks = dict(tasks)
        local = np.asarray(tasks.pop("measure"), dtype=np.int64)
        tasks["measure"] = np.where(local >= 0, local + n_measures, -1)
        if len(measures["measure"]):  # a column at a time (a law's every article is a measure)
            first = first_measure + n_measures
            s_cols["measure_id"].extend([f"MS{first + m:03d}" for m in measures["measure"]])
            s_cols["doc_id"].extend([doc_id] * len(measures["measure"]))
            for c in ("number", "title", "path", "start", "end", "lead", "support", "scope"):
                s_cols[c].extend(measures[c])
            first = first_task + n_tasks
            s_cols["task_ids"].extend([[f"T{first + t:03d}" for t in ts]
                                       for ts in measures["tasks"]])
        n_tasks += n
        n_measures += len(measures["measure"])
        for cols, new in ((t_cols, tasks), (m_cols, mentions)):
            for c, values in new.items():
                cols[c].append(values)
    task_ids = np.array([f"T{i:03d}" for i in range(first_task, first_task + n_tasks)],
                        dtype=object)
    n_mentions = sum(n for _, n in m_docs)
    joined = _joined(t_cols)
    measure = np.asarray(joined.pop("measure", []), dtype=np.int64)
    measure_ids = [f"MS{first_measure + m:03d}" if m >= 0 else "" for m in measure.tolist()]
    columns = {"task_id": task_ids, "doc_id": _repeat(t_docs), "measure_id": measure_ids,
               **joined}
    del t_cols
    tasks = columns
    mention_task = np.concatenate(m_cols.pop("task_id") or [np.zeros(0, np.int64)])
    columns = {
        "mention_id": [f"M{i:04d}" for i in range(first_mention, first_mention + n_mentions)],
        "task_id": task_ids[mention_task], "doc_id": _repeat(m_docs), **_joined(m_cols),
    }
    del mention_task, task_ids, m_cols
    return tasks, columns, s_cols


def _repeat(counts: list[tuple[str, int]]) -> list[str]:
    return list(chain.from_iterable([doc_id] * n for doc_id, n in counts))


def _joined(columns: dict[str, list]) -> dict:
    """Each column's per-document pieces as one array or list (the pieces are let go)."""
    out = {}
    for c, pieces in columns.items():
        if pieces and isinstance(pieces[0], np.ndarray):
            out[c] = np.concatenate(pieces)
        else:
            out[c] = list(chain.from_iterable(pieces))
        pieces.clear()
    return out




def entities_table(tasks: pd.DataFrame, mentions: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """One row per codebook entity coded on at least one task.

    Sorted by kind (sector, partner, instrument, agency), then by number of tasks, most first.

    Parameters
    ----------
    tasks, mentions : DataFrame or dict of columns
        The plan's task and mention tables (``mentions["entity_id"]`` and the tasks' list
        columns are read).
    codebook : Codebook
        The codebook the mentions were coded with (for labels and tool types).

    Returns
    -------
    DataFrame
        Columns ``entity_id, kind, label, label_zh, tool_type, sub_tool, n_tasks, n_mentions``.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> plan = load_plan()
    >>> entities_table(plan.tasks, plan.mentions, plan.codebook).columns.tolist()
    ['entity_id', 'kind', 'label', 'label_zh', 'tool_type', 'sub_tool', 'n_tasks', 'n_mentions']
    """
    if not (len(mentions) if isinstance(mentions, pd.DataFrame) else len(mentions["entity_id"])):
        return empty_frame(ENTITY_COLUMNS, ints=("n_tasks", "n_mentions"))
    # counted over the cells (hashing whole text columns would cost the size of the table)
    n_mentions = Counter(mentions["entity_id"])
    n_tasks = Counter(eid for kind in KINDS for ids in tasks[list_column(kind)] for eid in ids)
    rows = []
    for eid in sorted(n_mentions):
        e = codebook[eid]
        rows.append((eid, e.kind, e.label, e.label_zh, e.tool_type, e.sub_tool, n_tasks[eid],
                     n_mentions[eid]))
    return sort_entities(pd.DataFrame(rows, columns=ENTITY_COLUMNS))


def sort_entities(entities: pd.DataFrame) -> pd.DataFrame:
    """Entities in their table order: by kind (as in ``KINDS``), then most tasks first, then label.

    Parameters
    ----------
    entities : DataFrame
        With ``kind``, ``n_tasks`` and ``label`` columns (e.g. counts summed over the batches
        of a corpus).

    Returns
    -------
    DataFrame
        A new table, index reset.

    Examples
    --------
    >>> df = pd.DataFrame({"entity_id": ["a", "b", "c"], "kind": ["partner", "sector", "sector"],
    ...                    "label": ["A", "B", "C"], "n_tasks": [9, 1, 2]})
    >>> sort_entities(df)["entity_id"].tolist()
    ['c', 'b', 'a']
    """
    df = entities.assign(_k=entities["kind"].map(KINDS.index))
    df = df.sort_values(["_k", "n_tasks", "label"], ascending=[True, False, True], kind="stable")
    return df.drop(columns="_k").reset_index(drop=True)
