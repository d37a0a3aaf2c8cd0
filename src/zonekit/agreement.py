"""Cross-language agreement: does the codebook code a text and its translation alike?

An aligned file holds one sentence (or paragraph) and its translation a row, in two columns
(``zh`` and ``en`` by default). :func:`agreement` codes each side of every pair as zonekit codes
a plan sentence (directive cue and modality from :func:`zonekit.tasks.directive_cue`, entities
from :class:`zonekit.match.Matcher`) and reports three figures:

- **task agreement**: of the pairs that are a task on at least one side, the share that are a
  task on both;
- **modality agreement**: of the pairs that are a task on both sides, the share whose two sides
  have the same modality;
- **entity agreement**: over the pairs that are a task on both sides, the entity codings made on
  both sides divided by those made on either (the sum over pairs of ``|both|`` over the sum of
  ``|either|``).

:attr:`Agreement.disagreements` lists every pair where one of the three differs, so a user can
read what the codebook misses on their own translations.

The rows of a file keep their order, so each row has its section as a sentence of a plan has:
each side's rows are read as one document, a row a paragraph, and outlined as
:func:`zonekit.segment.segment` outlines a plan; a row under a heading that announces a review
of work done (:func:`zonekit.tasks.review_section`) is coded as such (only a modal cue makes it a
task).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .codebook import Codebook, load_codebook
from .errors import SourceError
from .match import Matcher
from .segment import segment
from .tasks import directive_cue, review_section

__all__ = ["Agreement", "agreement", "read_pairs", "code_pairs", "row_paths", "PAIR_COLUMNS"]

#: Columns of :func:`code_pairs` (``a``/``b`` are the two languages' column names).
PAIR_COLUMNS = ["file", "row", "text_a", "text_b", "path_a", "path_b", "task_a", "task_b",
                "modality_a", "modality_b", "cue_a", "cue_b", "entities_a", "entities_b", "both",
                "either"]


def _unquote(cell: str) -> str:
    """A field quoted as a CSV writer quotes one, without its quotes; others as written."""
    if len(cell) >= 2 and cell[0] == cell[-1] == '"' and '"' not in cell[1:-1].replace('""', ""):
        return cell[1:-1].replace('""', '"')
    return cell


def read_pairs(path, columns=("zh", "en")) -> pd.DataFrame:
    """Read an aligned file: a tab-separated table with a header row naming its columns.

    Parameters
    ----------
    path : str or path-like
        The TSV file (UTF-8).
    columns : pair of str
        The two columns to compare (default ``zh`` and ``en``).

    Returns
    -------
    DataFrame
        Columns ``file, row`` (the line number in the file, header = 1) and the two columns,
        text as written (a field quoted as a CSV writer quotes one, ``"a ""b"" c"``, without its
        quotes: ``a "b" c``).

    Raises
    ------
    SourceError
        The file is missing, not UTF-8, or lacks one of the columns.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "pairs.tsv"
    >>> _ = f.write_text("zh\\ten\\n支持香港。\\tWe support Hong Kong.\\n", encoding="utf-8")
    >>> read_pairs(f)[["row", "zh", "en"]].values.tolist()
    [[2, '支持香港。', 'We support Hong Kong.']]
    >>> _ = f.write_text('zh\\ten\\n走出去。\\t"The ""go global"" strategy."\\n', encoding="utf-8")
    >>> read_pairs(f)["en"].tolist()
    ['The "go global" strategy.']
    >>> read_pairs(f, columns=("zh", "fr"))
    Traceback (most recent call last):
    ...
    zonekit.errors.SourceError: .../pairs.tsv: no column 'fr' (columns: zh, en)
    """
    path = Path(path)
    a, b = columns
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise SourceError(f"{path}: not UTF-8 text (offset {e.start})") from None
    rows = [[_unquote(c) for c in r] for r in
            csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)]
    if not rows:
        raise SourceError(f"{path}: the file is empty")
    header = [h.strip() for h in rows[0]]
    for col in (a, b):
        if col not in header:
            raise SourceError(f"{path}: no column {col!r} (columns: {', '.join(header)})")
    ia, ib = header.index(a), header.index(b)
    out = [(str(path), n, r[ia] if ia < len(r) else "", r[ib] if ib < len(r) else "")
           for n, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
    return pd.DataFrame(out, columns=["file", "row", a, b])


def _code(text: str, path: str, matcher: Matcher):
    cue = directive_cue(text, review=review_section(path)) if text.strip() else None
    ids = sorted({m[2] for m in matcher.find(text)})
    return cue, ids


_SENTENCE_END = tuple("。！？.!?…")
_QUOTES = "\"'”’」』)） \t"


def _carry(text: str, path: str, cue, left_open):
    """A row's cue, and the sentence it leaves open. A row that goes on with a sentence the row
    before left open (no 。.!? at its end: "... we will raise subsidies," / "and increase
    allowances.") is part of that sentence: with no cue of its own it takes the sentence's."""
    if cue is None and left_open is not None and left_open[0] == path:
        cue = left_open[1]
    ends = text.rstrip(_QUOTES).endswith(_SENTENCE_END)
    return cue, (None if ends or cue is None else (path, cue))


def row_paths(texts) -> list[str]:
    """The outline path of each row of one side of an aligned file, read in the file's order.

    The rows are joined into one text, a row a paragraph, and outlined by
    :func:`zonekit.segment.segment`; a row takes the path of its first segment.

    Parameters
    ----------
    texts : list of str
        One side's rows, in file order.

    Returns
    -------
    list of str
        A path per row (``""`` for a row outside any section).

    Examples
    --------
    >>> row_paths(["一、过去一年工作回顾", "加强宏观调控。", "二、今年主要任务", "加强农业。"])
    ['一、过去一年工作回顾', '一、过去一年工作回顾', '二、今年主要任务', '二、今年主要任务']
    """
    texts = [" ".join(t.split()) for t in texts]  # a row is one paragraph
    starts, at = [], 0
    for t in texts:
        starts.append(at)
        at += len(t) + 2
    segs = segment("\n\n".join(texts))
    seg_start, seg_path = segs["start"].tolist(), segs["path"].tolist()
    out, j = [], 0
    for n, t in enumerate(texts):
        end = starts[n] + len(t)
        while j < len(seg_start) and seg_start[j] < starts[n]:
            j += 1
        out.append(seg_path[j] if j < len(seg_start) and seg_start[j] < end
                   else (out[-1] if out else ""))
    return out


def code_pairs(pairs: pd.DataFrame, codebook: Codebook | None = None,
               columns=("zh", "en")) -> pd.DataFrame:
    """Code both sides of every pair: task, modality, cue and entity ids.

    Parameters
    ----------
    pairs : DataFrame
        With the two text columns (as :func:`read_pairs` gives), optionally ``file`` and ``row``.
    codebook : Codebook, optional
        Default: the bundled codebook.
    columns : pair of str
        The two text columns.

    Returns
    -------
    DataFrame
        :data:`PAIR_COLUMNS`, with ``a``/``b`` replaced by the column names (``task_zh``,
        ``entities_en``...); ``both``/``either`` are the entity ids coded on both sides or on
        either side (lists).

    Examples
    --------
    >>> pairs = pd.DataFrame({"zh": ["支持香港金融发展。"], "en": ["We will support Hong Kong."]})
    >>> row = code_pairs(pairs).iloc[0]
    >>> row["modality_zh"], row["modality_en"], row["both"], row["either"]
    ('supportive', 'supportive', ['hong-kong'], ['finance', 'hong-kong'])
    """
    a, b = columns
    matcher = Matcher(codebook if codebook is not None else load_codebook())
    rows = []
    files = pairs["file"].tolist() if "file" in pairs else [""] * len(pairs)
    nums = pairs["row"].tolist() if "row" in pairs else list(range(1, len(pairs) + 1))
    texts_a, texts_b = pairs[a].tolist(), pairs[b].tolist()
    path_a, path_b = [""] * len(texts_a), [""] * len(texts_b)
    of_file: dict = {}
    for i, f in enumerate(files):
        of_file.setdefault(f, []).append(i)
    for rows_of in of_file.values():  # each file's rows in order: each row has its section
        for paths, texts in ((path_a, texts_a), (path_b, texts_b)):
            for i, p in zip(rows_of, row_paths([texts[i] for i in rows_of]), strict=True):
                paths[i] = p
    open_a = open_b = None  # the cue of the sentence the previous row left open, per side
    last = None
    for f, n, ta, tb, pa, pb in zip(files, nums, texts_a, texts_b, path_a, path_b, strict=True):
        (ca, ea), (cb, eb) = _code(ta, pa, matcher), _code(tb, pb, matcher)
        if f != last:
            open_a = open_b = None
            last = f
        ca, open_a = _carry(ta, pa, ca, open_a)
        cb, open_b = _carry(tb, pb, cb, open_b)
        rows.append((f, n, ta, tb, pa, pb, ca is not None, cb is not None, ca[0] if ca else "",
                     cb[0] if cb else "", ca[1] if ca else "", cb[1] if cb else "", ea, eb,
                     sorted(set(ea) & set(eb)), sorted(set(ea) | set(eb))))
    names = [c.replace("_a", f"_{a}").replace("_b", f"_{b}") if c.endswith(("_a", "_b")) else c
             for c in PAIR_COLUMNS]
    return pd.DataFrame(rows, columns=names)


@dataclass(frozen=True)
class Agreement:
    """The result of :func:`agreement`.

    Attributes
    ----------
    summary : DataFrame
        One row per figure: ``measure`` (``task``, ``modality``, ``entities``), ``value``,
        ``numerator``, ``denominator`` and ``unit`` (what is counted).
    pairs : DataFrame
        Every pair coded (see :func:`code_pairs`).
    disagreements : DataFrame
        The pairs where task, modality or entity coding differ, with ``problem`` (``task``,
        ``modality``, ``entities``, joined by ``"; "``), ``only_<a>`` and ``only_<b>`` (entity
        ids coded on one side only).
    columns : tuple of str
        The two languages' column names.
    """

    summary: pd.DataFrame
    pairs: pd.DataFrame
    disagreements: pd.DataFrame
    columns: tuple

    def files(self) -> dict:
        """What ``zonekit agreement --out`` writes: file name -> table (nothing is written).

        Examples
        --------
        >>> a = agreement(pd.DataFrame({"zh": ["支持香港。"], "en": ["We support Hong Kong."]}))
        >>> list(a.files())
        ['agreement.csv', 'disagreements.csv', 'pairs.csv']
        """
        return {"agreement.csv": self.summary, "disagreements.csv": self.disagreements,
                "pairs.csv": self.pairs}

    def value(self, measure: str) -> float:
        """One figure (``task``, ``modality`` or ``entities``); NaN when nothing was counted.

        Examples
        --------
        >>> pairs = pd.DataFrame({"zh": ["支持香港。"], "en": ["We support Hong Kong."]})
        >>> agreement(pairs).value("task")
        1.0
        """
        return float(self.summary.set_index("measure").loc[measure, "value"])

    def table(self) -> str:
        """The figures as plain text, one a line.

        Examples
        --------
        >>> pairs = pd.DataFrame({"zh": ["支持香港。"], "en": ["We support Hong Kong."]})
        >>> print(agreement(pairs).table())
        task      1.000  (1 / 1 pairs that are a task on either side)
        modality  1.000  (1 / 1 pairs that are a task on both sides)
        entities  1.000  (1 / 1 entity codings on tasks (both / either))
        """
        lines = []
        for r in self.summary.itertuples(index=False):
            value = "  n/a" if pd.isna(r.value) else f"{r.value:.3f}"
            lines.append(f"{r.measure:<9} {value}  ({r.numerator} / {r.denominator} {r.unit})")
        return "\n".join(lines)


def _ratio(num: int, den: int) -> float:
    return num / den if den else float("nan")


def agreement(source, codebook: Codebook | None = None, columns=("zh", "en")) -> Agreement:
    """Task, modality and entity-coding agreement between the two sides of aligned pairs.

    Parameters
    ----------
    source : path, list of paths, or DataFrame
        Aligned TSV file(s) (see :func:`read_pairs`) or a table with the two columns.
    codebook : Codebook, str or path, optional
        Default: the bundled codebook; a path extends it.
    columns : pair of str
        The two text columns (default ``zh``, ``en``).

    Returns
    -------
    Agreement

    Examples
    --------
    >>> pairs = pd.DataFrame({
    ...     "zh": ["支持香港发展金融。", "必须扩大开放。", "去年经济增长。"],
    ...     "en": ["We will support Hong Kong.", "We will expand opening up.", "We must act."]})
    >>> a = agreement(pairs)
    >>> a.summary[["measure", "numerator", "denominator"]].values.tolist()
    [['task', 2, 3], ['modality', 1, 2], ['entities', 1, 2]]
    >>> a.disagreements["problem"].tolist()
    ['entities', 'modality', 'task']
    """
    a, b = columns
    if isinstance(source, pd.DataFrame):
        pairs = source
    else:
        paths = [source] if isinstance(source, (str, Path)) else list(source)
        pairs = pd.concat([read_pairs(p, columns) for p in paths], ignore_index=True)
    if not isinstance(codebook, Codebook):
        codebook = load_codebook(codebook)
    coded = code_pairs(pairs, codebook, columns)
    ta, tb = coded[f"task_{a}"], coded[f"task_{b}"]
    either_task, both_task = ta | tb, ta & tb
    same_mod = both_task & (coded[f"modality_{a}"] == coded[f"modality_{b}"])
    n_both = int(coded.loc[both_task, "both"].map(len).sum())
    n_either = int(coded.loc[both_task, "either"].map(len).sum())
    summary = pd.DataFrame([
        ("task", _ratio(int(both_task.sum()), int(either_task.sum())), int(both_task.sum()),
         int(either_task.sum()), "pairs that are a task on either side"),
        ("modality", _ratio(int(same_mod.sum()), int(both_task.sum())), int(same_mod.sum()),
         int(both_task.sum()), "pairs that are a task on both sides"),
        ("entities", _ratio(n_both, n_either), n_both, n_either,
         "entity codings on tasks (both / either)"),
    ], columns=["measure", "value", "numerator", "denominator", "unit"])
    problems = []
    for t, s, m, both, either in zip(either_task & ~both_task, both_task & ~same_mod, both_task,
                                     coded["both"], coded["either"], strict=True):
        p = [name for name, bad in (("task", t), ("modality", s),
                                    ("entities", m and len(both) != len(either))) if bad]
        problems.append("; ".join(p))
    bad = coded.assign(problem=problems)
    bad[f"only_{a}"] = [sorted(set(x) - set(y)) for x, y in
                        zip(coded[f"entities_{a}"], coded[f"entities_{b}"], strict=True)]
    bad[f"only_{b}"] = [sorted(set(y) - set(x)) for x, y in
                        zip(coded[f"entities_{a}"], coded[f"entities_{b}"], strict=True)]
    bad = bad[bad["problem"] != ""].reset_index(drop=True)
    return Agreement(summary, coded, bad, (a, b))
