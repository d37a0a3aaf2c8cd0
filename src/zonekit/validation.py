"""Check the automatic coding against careful hand coding, before publishing from it.

The hand coding
---------------
A CSV file (UTF-8, as written by ``zonekit extract SOURCE --out DIR --template``), an Excel
``.xlsx`` file with the same columns, or a YAML file with a ``tasks:`` list of the same keys.
One row per sentence; every column but ``text`` (or ``start`` and ``end``) may be left blank:

- ``doc_id``: the document (as in ``plan.documents``); blank when the plan has one document or
  the text occurs in only one document;
- ``start``, ``end``: character offsets of the sentence in the document's raw text (the template
  fills them in); blank to place the sentence by its ``text``;
- ``section``: the heading above the sentence (for the coder's eyes only);
- ``text``: the sentence as written (case, white space and dashes need not match exactly);
- ``is_task``: ``yes`` or ``no`` (also ``y``, ``n``, ``1``, ``0``, ``true``, ``false``, ``x``,
  是, 否); blank: the row is a task if it codes any entity; a row marked ``no`` codes nothing;
- ``modality`` (optional): ``binding``, ``exploratory`` or ``supportive``;
- ``sectors``, ``partners``, ``instruments``: codebook entity ids joined by ``"; "`` (commas
  and 、 work too); an entity's label (English or Chinese) is accepted for its id; each column
  takes entities of its own kind only;
- ``notes``: free text, ignored (so is any other column).

YAML files list the tasks only (``is_task`` defaults to yes there), each a mapping with
``text`` and lists for ``sectors``, ``partners``, ``instruments``; a top-level ``doc_id`` applies
to all of them (see ``tests/data/seed_hand_coding.yaml``).

How rows are aligned with the plan
----------------------------------
Every row is placed on the document's raw text: by ``start``/``end`` when given (and, if
``text`` is given too, only when the two agree), else by finding ``text`` (normalised as the
matcher normalises: case, white space and dashes folded); the k-th row with the same text takes
its k-th occurrence. The row is then the plan sentence it overlaps most (``plan.segments``). A
row found in the text but outside every sentence (cleaning dropped it) stays a unit of its own,
which the automatic coding cannot have coded. A row found nowhere is listed in
``Validation.unaligned`` and left out. A document the hand coding never mentions is left out;
in a document it does mention, a sentence without a row is a non-task.

The metrics
-----------
For each kind (sector, partner, instrument) the universe is every unit that either side calls a
task, crossed with every codebook entity of that kind: a cell is 1 when the task is coded with
the entity. Over those cells: precision = TP / (TP + FP), recall = TP / (TP + FN),
F1 = 2 TP / (2 TP + FP + FN) and Cohen's kappa = (po - pe) / (1 - pe), with po the observed
agreement and pe the agreement expected by chance from each side's rate of 1s. Row ``all``
pools the three kinds; row ``task`` scores task detection over every sentence of the covered
documents. Undefined values (0 / 0) are NaN. When the hand coding gives modalities,
``Validation.modality`` cross-tabulates them with zonekit's on the units both call tasks, with
their agreement and kappa in ``modality_agreement`` and ``modality_kappa``.
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import ZonekitError
from .normalize import normalize
from .plan import Plan, load_plan
from .schema import KINDS, MODALITIES, unsafe_cell

#: The blank hand-coding sheet ``zonekit extract --template`` adds.
TEMPLATE_FILE = "hand_coding_template.csv"

__all__ = ["TEMPLATE_FILE", "validate", "Validation", "read_hand_coding", "hand_coding_template", "cohen_kappa",
           "HandCodingError", "TEMPLATE_COLUMNS", "METRIC_COLUMNS", "DISAGREEMENT_COLUMNS"]

#: Columns of the hand-coding template (and of the CSV format).
TEMPLATE_COLUMNS = ["doc_id", "start", "end", "section", "text", "is_task", "modality",
                    "sectors", "partners", "instruments", "notes"]
#: Columns of :attr:`Validation.metrics`.
METRIC_COLUMNS = ["kind", "n_units", "n_entities", "n_cells", "tp", "fp", "fn", "tn",
                  "precision", "recall", "f1", "kappa", "agreement"]
#: Columns of :attr:`Validation.disagreements`.
DISAGREEMENT_COLUMNS = ["doc_id", "task_id", "start", "end", "section", "text", "kind",
                        "entity_id", "label", "auto", "gold", "error", "via", "surface"]

_CODE_COLUMNS = tuple(f"{k}s" for k in KINDS)
_YES = {"yes", "y", "1", "true", "t", "x", "task", "是", "✓", "✔"}
_NO = {"no", "n", "0", "false", "f", "not", "否", "-"}
_SPLIT = re.compile(r"\s*[;,，；、\n]\s*")


class HandCodingError(ZonekitError):
    """The hand-coding file is malformed; the message names the file and row.

    Examples
    --------
    >>> read_hand_coding([{"text": "We will support banks.", "is_task": "maybe"}])
    Traceback (most recent call last):
    ...
    zonekit.validation.HandCodingError: <hand coding>: row 1: is_task 'maybe' is not yes or no
    """


# ----------------------------------------------------------------------------------------------
# Template


def hand_coding_template(plan: Plan) -> pd.DataFrame:
    """A blank hand-coding sheet: one row per sentence of the plan body, coding cells empty.

    Every sentence kept after cleaning is listed, not only the detected tasks, so the coder
    decides what is a task without seeing what zonekit decided (headings and dropped
    boilerplate are left out). Write it with ``zonekit extract SOURCE --out DIR --template``
    or :func:`zonekit.export.write_csv`.

    Parameters
    ----------
    plan : Plan
        The plan whose sentences are listed.

    Returns
    -------
    DataFrame
        Columns :data:`TEMPLATE_COLUMNS`.

    Examples
    --------
    >>> from zonekit import Source
    >>> plan = load_plan(Source.from_text("Finance\\n\\nWe will support banks. It rained."))
    >>> hand_coding_template(plan)[["start", "end", "section", "text", "sectors"]].values.tolist()
    [[9, 31, 'Finance', 'We will support banks.', ''], [32, 42, 'Finance', 'It rained.', '']]
    """
    segs = plan.segments[plan.segments["kind"] == "sentence"]
    out = pd.DataFrame({
        "doc_id": segs["doc_id"].astype(object).to_numpy(),
        "start": segs["start"].astype("int64").to_numpy(),
        "end": segs["end"].astype("int64").to_numpy(),
        "section": segs["section"].astype(object).to_numpy(),
        "text": segs["text"].astype(object).to_numpy(),
    })
    for col in TEMPLATE_COLUMNS[5:]:
        out[col] = ""
    return out[TEMPLATE_COLUMNS]


# ----------------------------------------------------------------------------------------------
# Reading


def read_hand_coding(source, codebook=None) -> pd.DataFrame:
    """Read and check a hand coding (CSV, XLSX, YAML, a DataFrame or a list of dicts).

    Parameters
    ----------
    source : path, DataFrame or list of dict
        The hand coding, in the format described in this module's documentation.
    codebook : Codebook, optional
        Entity ids are checked against it (default: the default codebook).

    Returns
    -------
    DataFrame
        ``row, doc_id, start, end, text, is_task, modality, sectors, partners, instruments``:
        ``row`` numbers rows as a spreadsheet does (the header is row 1) or YAML items from 1;
        ``start``/``end`` are nullable integers; ``is_task`` is True, False or None (blank);
        the code columns hold lists of entity ids.

    Raises
    ------
    HandCodingError
        Unknown entity ids, an entity in the wrong kind's column, an unreadable ``is_task`` or
        ``modality``, bad offsets or a row with neither text nor offsets; the message names
        the file and row.

    Examples
    --------
    >>> rows = [{"text": "We will support banks in HK.", "sectors": "finance",
    ...          "partners": "Hong Kong; 澳门"}]
    >>> read_hand_coding(rows)[["row", "is_task", "sectors", "partners"]].values.tolist()
    [[1, None, ['finance'], ['hong-kong', 'macao']]]
    >>> read_hand_coding([{"text": "x", "partners": "finance"}])
    Traceback (most recent call last):
    ...
    zonekit.validation.HandCodingError: <hand coding>: row 1: 'finance' is a sector, not one of the partners
    """
    from .codebook import load_codebook

    cb = codebook if codebook is not None else load_codebook()
    name, records, first_row, default_task = _records(source)
    rows = []
    for i, rec in enumerate(records):
        where = f"{name}: row {i + first_row}"
        rec = {str(k).strip().lower(): v for k, v in rec.items() if k is not None}
        for singular in KINDS:
            if singular in rec and f"{singular}s" not in rec:
                rec[f"{singular}s"] = rec.pop(singular)
        text = _cell(rec.get("text"))
        start, end = _offset(rec.get("start"), where), _offset(rec.get("end"), where)
        if (start is None) != (end is None):
            raise HandCodingError(f"{where}: give both start and end, or neither")
        if start is not None and not 0 <= start < end:
            raise HandCodingError(f"{where}: start {start} and end {end} are not a span")
        if not text and start is None:
            raise HandCodingError(f"{where}: no text and no start/end to place the row")
        codes = {col: _entities(rec.get(col), col, cb, where) for col in _CODE_COLUMNS}
        modality = _cell(rec.get("modality")).lower()
        if modality and modality not in MODALITIES:
            raise HandCodingError(f"{where}: modality {modality!r} is not one of "
                                  f"{', '.join(MODALITIES)}")
        is_task = _truth(rec.get("is_task"), where)
        if is_task is None and default_task:
            is_task = True
        rows.append((i + first_row, _cell(rec.get("doc_id")), start, end, text, is_task,
                     modality, *codes.values()))
    df = pd.DataFrame(rows, columns=["row", "doc_id", "start", "end", "text", "is_task",
                                     "modality", *_CODE_COLUMNS])
    df["is_task"] = df["is_task"].astype(object)
    return df.astype({"row": "int64", "start": "Int64", "end": "Int64"})


def _records(source):
    """(name for messages, list of dicts, number of the first row, rows are tasks by default)."""
    if isinstance(source, pd.DataFrame):
        return "<hand coding>", source.to_dict("records"), 2, False
    if isinstance(source, (list, tuple)):
        return "<hand coding>", [dict(r) for r in source], 1, False
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"hand coding must be a path, a DataFrame or a list of dicts, "
                        f"not {type(source).__name__}")
    path = Path(source)
    name = str(source)
    if not path.is_file():
        raise HandCodingError(f"{name}: no such file")
    suffix = path.suffix.lower()
    try:
        if suffix in (".yaml", ".yml"):
            import yaml

            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
            except yaml.YAMLError as e:
                raise HandCodingError(f"{name}: YAML error: {e}") from None
            if not isinstance(data, dict) or not isinstance(data.get("tasks"), list):
                raise HandCodingError(f"{name}: a YAML hand coding is a mapping with a "
                                      f"'tasks' list")
            items = data["tasks"]
            if not all(isinstance(t, dict) for t in items):
                raise HandCodingError(f"{name}: every item of 'tasks' must be a mapping")
            doc_id = data.get("doc_id")
            records = [{**({"doc_id": doc_id} if doc_id else {}), **t} for t in items]
            return name, records, 1, True
        if suffix == ".xlsx":
            df = pd.read_excel(path, dtype=str, keep_default_na=False)
        else:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise HandCodingError(f"{name}: not UTF-8 text (offset {e.start})") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as e:
        raise HandCodingError(f"{name}: cannot be read as a table ({e})") from None
    cols = {str(c).strip().lower() for c in df.columns}
    if "text" not in cols and not {"start", "end"} <= cols:
        raise HandCodingError(f"{name}: needs a 'text' column or 'start' and 'end' columns "
                              f"(found: {', '.join(map(str, df.columns)) or 'none'})")
    return name, df.to_dict("records"), 2, False


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    text = str(value).strip()
    return unsafe_cell(text)


def _offset(value, where: str):
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value)
    text = _cell(value)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise HandCodingError(f"{where}: offset {text!r} is not a whole number") from None
    if not number.is_integer():
        raise HandCodingError(f"{where}: offset {text!r} is not a whole number")
    return int(number)


def _truth(value, where: str):
    if isinstance(value, bool):
        return value
    text = _cell(value).lower()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise HandCodingError(f"{where}: is_task {text!r} is not yes or no")


def _entities(value, column: str, cb, where: str) -> list[str]:
    if isinstance(value, (list, tuple)):
        tokens = [_cell(v) for v in value]
    else:
        tokens = _SPLIT.split(_cell(value))
    out: list[str] = []
    kind = column[:-1]
    for token in tokens:
        token = token.strip()
        if not token:
            continue
        eid = cb.resolve(token)
        if eid is None:
            raise HandCodingError(f"{where}: {token!r} in {column} is not a codebook entity "
                                  f"id or label")
        if cb[eid].kind != kind:
            raise HandCodingError(f"{where}: {token!r} is a {cb[eid].kind}, not one of the "
                                  f"{column}")
        if eid not in out:
            out.append(eid)
    return out


# ----------------------------------------------------------------------------------------------
# Alignment


def _locate(gold: pd.DataFrame, plan: Plan):
    """Place every gold row on a document span. Returns (placed rows, unaligned rows)."""
    raws = {s.doc_id: s.text for s in plan.sources}
    norms: dict[str, tuple] = {}

    def norm(doc_id):
        if doc_id not in norms:
            norms[doc_id] = normalize(raws[doc_id])
        return norms[doc_id]

    def folded(text):
        return normalize(text)[0].strip()

    next_from: dict[tuple[str, str], int] = {}
    placed, unaligned = [], []
    for row in gold.itertuples(index=False):
        doc_id = row.doc_id
        if doc_id and doc_id not in raws:
            unaligned.append((row.row, doc_id, row.text, "doc_id is not a document of the plan"))
            continue
        span = None
        if row.start is not pd.NA and row.start is not None:
            s, e = int(row.start), int(row.end)
            docs = [doc_id] if doc_id else list(raws)
            fits = [d for d in docs if e <= len(raws[d]) and (
                not row.text or folded(raws[d][s:e]) == folded(row.text))]
            if len(fits) == 1 or (fits and doc_id):
                doc_id, span = fits[0], (s, e)
            elif len(fits) > 1 and not row.text:
                unaligned.append((row.row, row.doc_id, row.text,
                                  "start/end fit several documents; give doc_id"))
                continue
        if span is None and row.text:
            needle = folded(row.text)
            docs = [doc_id] if doc_id else list(raws)
            hits = []
            for d in docs:
                text, omap = norm(d)
                pos = text.find(needle, next_from.get((d, needle), 0))
                if pos >= 0:
                    hits.append((d, pos, omap))
            if len(hits) > 1:
                unaligned.append((row.row, row.doc_id, row.text,
                                  "text occurs in several documents; give doc_id"))
                continue
            if hits and needle:
                d, pos, omap = hits[0]
                next_from[d, needle] = pos + len(needle)
                doc_id, span = d, omap.span_to_raw(pos, pos + len(needle))
        if span is None:
            problem = ("start/end do not match the text" if row.text and row.start is not pd.NA
                       and row.start is not None else "not found in the text")
            unaligned.append((row.row, row.doc_id, row.text, problem))
            continue
        placed.append((row, doc_id, span))
    unaligned_df = pd.DataFrame(unaligned, columns=["row", "doc_id", "text", "problem"])
    return placed, unaligned_df


def _units(plan: Plan, gold: pd.DataFrame):
    placed, unaligned = _locate(gold, plan)
    covered = {doc_id for _, doc_id, _ in placed}
    segs = plan.segments[(plan.segments["kind"] == "sentence")
                         & plan.segments["doc_id"].isin(covered)]
    cols = ["doc_id", "start", "end", "task_id", "modality", *_CODE_COLUMNS]
    tasks = {}
    for t in plan.tasks[cols].itertuples(index=False):
        tasks.setdefault((t.doc_id, int(t.start), int(t.end)), t)
    units: dict[tuple, dict] = {}
    by_doc: dict[str, tuple[np.ndarray, np.ndarray, list]] = {}
    for doc_id, group in segs.groupby("doc_id", sort=False):
        by_doc[doc_id] = (group["start"].to_numpy(), group["end"].to_numpy(),
                          list(group.itertuples(index=False)))
        for seg in group.itertuples(index=False):
            units[doc_id, seg.start, seg.end] = _unit(doc_id, seg.start, seg.end, seg.section,
                                                      seg.text)
    for row, doc_id, (s, e) in placed:
        key = None
        if doc_id in by_doc:
            starts, ends, seg_rows = by_doc[doc_id]
            overlap = np.minimum(ends, e) - np.maximum(starts, s)
            if len(overlap) and overlap.max() > 0:
                seg = seg_rows[int(overlap.argmax())]
                key = (doc_id, seg.start, seg.end)
        if key is None:
            key = (doc_id, s, e)
            units.setdefault(key, _unit(doc_id, s, e, "", plan.raw(doc_id)[s:e]))
        u = units[key]
        u["gold_rows"].append(row.row)
        coded = any(getattr(row, c) for c in _CODE_COLUMNS)
        is_task = row.is_task if row.is_task is not None else coded
        u["gold_task"] = u["gold_task"] or bool(is_task)
        if row.modality and not u["gold_modality"]:
            u["gold_modality"] = row.modality
        for c in _CODE_COLUMNS:
            u[f"gold_{c}"] = list(dict.fromkeys([*u[f"gold_{c}"], *getattr(row, c)]))
    for u in units.values():
        if not u["gold_task"]:  # codes on a row marked "no" do not count
            for c in _CODE_COLUMNS:
                u[f"gold_{c}"] = []
    for key, u in units.items():
        t = tasks.get(key)
        if t is not None:
            u.update(task_id=t.task_id, auto_task=True, auto_modality=t.modality,
                     **{f"auto_{c}": list(getattr(t, c)) for c in _CODE_COLUMNS})
    order = {d: i for i, d in enumerate(s.doc_id for s in plan.sources)}
    rows = sorted(units.values(), key=lambda u: (order[u["doc_id"]], u["start"], u["end"]))
    df = pd.DataFrame(rows, columns=list(_unit("", 0, 0, "", "")))
    return df.astype({"start": "int64", "end": "int64"}), unaligned, covered


def _unit(doc_id, start, end, section, text) -> dict:
    return {"doc_id": doc_id, "start": int(start), "end": int(end), "section": section,
            "text": text, "task_id": "", "auto_task": False, "gold_task": False,
            "auto_modality": "", "gold_modality": "",
            **{f"{side}_{c}": [] for c in _CODE_COLUMNS for side in ("auto", "gold")},
            "gold_rows": []}


# ----------------------------------------------------------------------------------------------
# Metrics


def _scores(tp: int, fp: int, fn: int, tn: int) -> dict:
    n = tp + fp + fn + tn
    nan = float("nan")
    precision = tp / (tp + fp) if tp + fp else nan
    recall = tp / (tp + fn) if tp + fn else nan
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else nan
    if n == 0:
        return {"precision": precision, "recall": recall, "f1": f1, "kappa": nan,
                "agreement": nan}
    po = (tp + tn) / n
    pe = ((tp + fp) / n) * ((tp + fn) / n) + ((fn + tn) / n) * ((fp + tn) / n)
    kappa = (po - pe) / (1 - pe) if pe < 1 else nan
    return {"precision": precision, "recall": recall, "f1": f1, "kappa": kappa, "agreement": po}


def cohen_kappa(a, b) -> float:
    """Cohen's kappa of two raters' labels (any number of categories).

    Parameters
    ----------
    a, b : sequence
        The two raters' labels, one per unit, in the same order.

    Returns
    -------
    float
        NaN when the sequences are empty or of different lengths, or chance agreement is 1.

    Examples
    --------
    >>> cohen_kappa(["x", "x", "y", "y"], ["x", "y", "y", "y"])
    0.5
    """
    a, b = list(a), list(b)
    n = len(a)
    if n == 0 or n != len(b):
        return float("nan")
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    cats = set(a) | set(b)
    pe = sum((a.count(c) / n) * (b.count(c) / n) for c in cats)
    return (po - pe) / (1 - pe) if pe < 1 else float("nan")


class Validation:
    """Agreement between a plan's automatic coding and a hand coding. Made by :func:`validate`.

    Attributes
    ----------
    metrics : DataFrame
        One row per ``kind`` (sector, partner, instrument, all, task) with
        :data:`METRIC_COLUMNS`: the units and cells scored, the confusion counts, precision,
        recall, F1, Cohen's kappa and observed agreement.
    modality : DataFrame
        zonekit's modality (rows) against the hand coding's (columns), counting the units both
        call tasks where the hand coding gives a modality; ``modality_agreement`` and
        ``modality_kappa`` summarise it (NaN without modalities).
    disagreements : DataFrame
        One row per cell where the two differ (:data:`DISAGREEMENT_COLUMNS`), with the
        sentence: ``error`` is ``false positive`` (zonekit only), ``false negative`` (hand
        only), ``extra task`` or ``missed task`` (``kind == "task"``); ``via`` and ``surface``
        tell how zonekit found a false positive.
    units : DataFrame
        The aligned sentences: ``doc_id, start, end, section, text, task_id, auto_task,
        gold_task``, both modalities and both codings per kind (``auto_sectors``,
        ``gold_sectors``...), and ``gold_rows`` (the hand-coding rows placed there).
    unaligned : DataFrame
        Hand-coding rows that could not be placed (``row, doc_id, text, problem``); they are
        left out of the metrics.
    documents : list of str
        The documents scored (those the hand coding mentions).

    Examples
    --------
    >>> from zonekit import Source
    >>> plan = load_plan(Source.from_text("We will support banks in Hong Kong."))
    >>> v = validate(plan, [{"text": "We will support banks in Hong Kong.",
    ...                      "sectors": "finance", "partners": "macao"}])
    >>> v.metrics.set_index("kind").loc[["sector", "partner"], ["tp", "fp", "fn"]].values.tolist()
    [[1, 0, 0], [0, 1, 1]]
    >>> v.disagreements[["entity_id", "error"]].values.tolist()
    [['hong-kong', 'false positive'], ['macao', 'false negative']]
    """

    def __init__(self, plan: Plan, units: pd.DataFrame, unaligned: pd.DataFrame,
                 documents: list[str]):
        self.plan = plan
        self.units = units
        self.unaligned = unaligned
        self.documents = documents
        self.metrics = self._metrics()
        self.disagreements = self._disagreements()
        self._modality()

    def __repr__(self) -> str:
        m = self.metrics.set_index("kind")
        parts = ", ".join(f"{k} F1 {m.loc[k, 'f1']:.2f} kappa {m.loc[k, 'kappa']:.2f}"
                          for k in KINDS)
        n_gold = int(self.units["gold_task"].sum())
        n_auto = int(self.units["auto_task"].sum())
        return (f"<Validation: {n_gold} hand-coded tasks, {n_auto} detected; {parts}; "
                f"{len(self.disagreements)} disagreements>")

    def _metrics(self) -> pd.DataFrame:
        u = self.units
        scored = u[u["auto_task"] | u["gold_task"]]
        n_ent = {k: len(self.plan.codebook.by_kind(k)) for k in KINDS}
        rows = []
        pooled = np.zeros(4, dtype=np.int64)
        for kind in KINDS:
            col = f"{kind}s"
            tp = fp = fn = 0
            for auto, gold in zip(scored[f"auto_{col}"], scored[f"gold_{col}"], strict=True):
                a, g = set(auto), set(gold)
                tp += len(a & g)
                fp += len(a - g)
                fn += len(g - a)
            cells = len(scored) * n_ent[kind]
            counts = np.array([tp, fp, fn, cells - tp - fp - fn])
            pooled += counts
            rows.append({"kind": kind, "n_units": len(scored), "n_entities": n_ent[kind],
                         "n_cells": cells, **dict(zip(("tp", "fp", "fn", "tn"),
                                                      map(int, counts), strict=True)),
                         **_scores(*map(int, counts))})
        rows.append({"kind": "all", "n_units": len(scored), "n_entities": sum(n_ent.values()),
                     "n_cells": int(pooled.sum()),
                     **dict(zip(("tp", "fp", "fn", "tn"), map(int, pooled), strict=True)),
                     **_scores(*map(int, pooled))})
        a, g = u["auto_task"].to_numpy(bool), u["gold_task"].to_numpy(bool)
        tcounts = [int((a & g).sum()), int((a & ~g).sum()), int((~a & g).sum()),
                   int((~a & ~g).sum())]
        rows.append({"kind": "task", "n_units": len(u), "n_entities": 1, "n_cells": len(u),
                     **dict(zip(("tp", "fp", "fn", "tn"), tcounts, strict=True)),
                     **_scores(*tcounts)})
        df = pd.DataFrame(rows, columns=METRIC_COLUMNS)
        return df.astype({c: "int64" for c in ("n_units", "n_entities", "n_cells", "tp", "fp",
                                                "fn", "tn")} | {c: "float64" for c in
                         ("precision", "recall", "f1", "kappa", "agreement")})

    def _modality(self) -> None:
        u = self.units
        both = u[u["auto_task"] & u["gold_task"] & (u["gold_modality"] != "")]
        am, gm = both["auto_modality"].tolist(), both["gold_modality"].tolist()
        self.modality = pd.crosstab(
            pd.Categorical(am, categories=MODALITIES), pd.Categorical(gm, categories=MODALITIES),
            rownames=["zonekit"], colnames=["hand"], dropna=False)
        n = len(both)
        self.modality_agreement = (sum(a == g for a, g in zip(am, gm, strict=True)) / n
                                   if n else float("nan"))
        self.modality_kappa = cohen_kappa(am, gm)

    def _disagreements(self) -> pd.DataFrame:
        cb = self.plan.codebook
        m = self.plan.mentions
        how = {}
        for row in m.itertuples(index=False):
            how.setdefault((row.task_id, row.entity_id), (row.via, row.surface))
        rows = []
        for u in self.units.itertuples(index=False):
            base = (u.doc_id, u.task_id, u.start, u.end, u.section, u.text)
            if u.auto_task != u.gold_task:
                rows.append((*base, "task", "", "", bool(u.auto_task), bool(u.gold_task),
                             "extra task" if u.auto_task else "missed task", "", ""))
            for kind in KINDS:
                auto, gold = getattr(u, f"auto_{kind}s"), getattr(u, f"gold_{kind}s")
                for eid in [*auto, *(g for g in gold if g not in auto)]:
                    a, g = eid in auto, eid in gold
                    if a == g:
                        continue
                    via, surface = how.get((u.task_id, eid), ("", "")) if a else ("", "")
                    rows.append((*base, kind, eid, cb[eid].label if eid in cb else eid, a, g,
                                 "false positive" if a else "false negative", via, surface))
        return pd.DataFrame(rows, columns=DISAGREEMENT_COLUMNS).astype(
            {"start": "int64", "end": "int64", "auto": bool, "gold": bool})

    def files(self) -> dict:
        """What ``zonekit validate --out`` writes: file name -> table (nothing is written).

        Examples
        --------
        >>> from zonekit import Source, load_plan
        >>> v = validate(load_plan(Source.from_text("We will support Hong Kong.")),
        ...              [{"text": "We will support Hong Kong.", "partners": "hong-kong"}])
        >>> list(v.files())
        ['metrics.csv', 'disagreements.csv', 'units.csv', 'unaligned.csv']
        """
        return {"metrics.csv": self.metrics, "disagreements.csv": self.disagreements,
                "units.csv": self.units, "unaligned.csv": self.unaligned}

    def table(self, digits: int = 3) -> str:
        """The metrics as plain text, for a terminal.

        Parameters
        ----------
        digits : int
            Decimals of the rates.

        Returns
        -------
        str
            One line per kind, then the modality agreement when there is one.

        Examples
        --------
        >>> from zonekit import Source
        >>> plan = load_plan(Source.from_text("We will support banks in Hong Kong."))
        >>> print(validate(plan, [{"text": "We will support banks in Hong Kong.",
        ...                        "sectors": "finance", "partners": "hong-kong"}]).table())
        kind        units  cells  tp  fp  fn  precision  recall     f1  kappa
        sector          1    ...   1   0   0      1.000   1.000  1.000  1.000
        partner         1    ...   1   0   0      1.000   1.000  1.000  1.000
        instrument      1    ...   0   0   0        nan     nan    nan    nan
        all             1    ...   2   0   0      1.000   1.000  1.000  1.000
        task            1      1   1   0   0      1.000   1.000  1.000    nan
        """
        m = self.metrics
        n_mod = int(self.modality.to_numpy().sum())
        head = (f"{'kind':<10}{'units':>7}{'cells':>7}{'tp':>4}{'fp':>4}{'fn':>4}"
                f"{'precision':>11}{'recall':>8}{'f1':>7}{'kappa':>7}")
        lines = [head]
        for r in m.itertuples(index=False):
            def num(v, width):
                return f"{v:>{width}}"

            def flt(v, width):
                return f"{v:>{width}.{digits}f}" if not math.isnan(v) else f"{'nan':>{width}}"

            lines.append(f"{r.kind:<10}{num(r.n_units, 7)}{num(r.n_cells, 7)}{num(r.tp, 4)}"
                         f"{num(r.fp, 4)}{num(r.fn, 4)}{flt(r.precision, 11)}{flt(r.recall, 8)}"
                         f"{flt(r.f1, 7)}{flt(r.kappa, 7)}")
        if n_mod:
            lines.append(f"modality: agreement {self.modality_agreement:.{digits}f}, kappa "
                         f"{self.modality_kappa:.{digits}f} over {n_mod} tasks both call tasks")
        return "\n".join(lines)


def validate(plan, hand_coding, codebook=None) -> Validation:
    """Score a plan's automatic coding against a hand coding.

    Parameters
    ----------
    plan : Plan, or anything :func:`zonekit.load_plan` reads
        The automatically coded plan.
    hand_coding : path, DataFrame or list of dict
        The hand coding (CSV, XLSX or YAML; see this module's documentation for the format).
    codebook : path or Codebook, optional
        Used only when ``plan`` must be loaded.

    Returns
    -------
    Validation
        ``metrics`` (precision, recall, F1, Cohen's kappa per kind), ``disagreements`` (with
        the sentences), ``units`` and ``unaligned``.

    Examples
    --------
    >>> from zonekit import Source
    >>> plan = load_plan(Source.from_text("We will support banks in Hong Kong. It rained."))
    >>> gold = [{"text": "We will support banks in Hong Kong.", "sectors": "finance",
    ...          "partners": "hong-kong; macao"}]
    >>> v = validate(plan, gold)
    >>> m = v.metrics.set_index("kind")
    >>> int(m.loc["partner", "tp"]), int(m.loc["partner", "fn"]), m.loc["partner", "recall"]
    (1, 1, np.float64(0.5))
    >>> v.disagreements[["entity_id", "error", "text"]].values.tolist()
    [['macao', 'false negative', 'We will support banks in Hong Kong.']]
    """
    p = plan if isinstance(plan, Plan) else load_plan(plan, codebook=codebook)
    gold = read_hand_coding(hand_coding, p.codebook)
    units, unaligned, covered = _units(p, gold)
    docs = [s.doc_id for s in p.sources if s.doc_id in covered]
    return Validation(p, units, unaligned, docs)
