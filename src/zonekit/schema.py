"""The data contract in one place: entity kinds, modalities, tool types and every table's columns.

Every stage builds its tables with :func:`frame`, so text columns are pandas ``str``, offsets
``int64`` and list columns Python lists, whatever the stage.

>>> from zonekit import schema
>>> schema.KINDS
('sector', 'partner', 'instrument', 'agency')
>>> [list_column(k) for k in schema.KINDS]
['sectors', 'partners', 'instruments', 'agencies']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["KINDS", "KIND_COLUMNS", "list_column", "ROLES", "MEASURE_COLUMNS", "TOOL_TYPES",
           "MODALITIES", "TASK_COLUMNS", "MENTION_COLUMNS", "SEGMENT_COLUMNS", "ENTITY_COLUMNS", "SUB_TOOLS",
           "DOCUMENT_COLUMNS", "document_columns", "DOCUMENT_METADATA", "LIST_COLUMNS", "UNIQUE_COLUMNS", "NULLABLE_INTS", "frame", "arrow",
           "as_list",
           "empty_frame", "FORMULA_OPENERS", "safe_cell", "unsafe_cell", "SKIPPED_FILE",
           "TEXTS_FOLDER", "text_file"]

#: Entity kinds, in the order tables and charts list them.
KINDS = ("sector", "partner", "instrument", "agency")
#: The tasks column listing each kind's entity ids.
KIND_COLUMNS = {"sector": "sectors", "partner": "partners", "instrument": "instruments",
                "agency": "agencies"}
#: Roles of an agency named in a responsibility note ("" for every other mention).
ROLES = ("lead", "support")
#: Rothwell-Zegveld policy-tool types of instruments.
TOOL_TYPES = ("supply", "demand", "environment")
#: Rothwell-Zegveld sub-tools of each tool type, as published studies of Chinese policy code them.
SUB_TOOLS = {
    "supply": ("talent", "information", "infrastructure", "funds", "public services"),
    "environment": ("goal planning", "financial support", "tax incentives",
                    "regulation and control", "strategic measures"),
    "demand": ("government procurement", "service outsourcing", "trade control",
               "overseas institutions"),
}
#: Task modalities, strongest first.
MODALITIES = ("binding", "exploratory", "supportive")

#: Columns of the tasks table.
TASK_COLUMNS = ["task_id", "doc_id", "measure_id", "section", "path", "text", "start", "end",
                "page", "modality", "cue", "sectors", "partners", "instruments", "agencies"]
#: Columns of the mentions table (``role``: ``lead``/``support`` from a responsibility note).
MENTION_COLUMNS = ["mention_id", "task_id", "doc_id", "entity_id", "kind", "label", "surface",
                   "start", "end", "page", "via", "role"]
#: Columns of the measures table: one row per numbered measure (``lead``, ``support``: agency
#: entity ids; ``task_ids``: the measure's tasks).
MEASURE_COLUMNS = ["measure_id", "doc_id", "number", "title", "path", "start", "end", "lead",
                   "support", "scope", "task_ids"]
#: Columns of the segments table (before ``doc_id`` is added by the plan). ``kind`` is
#: ``heading`` (an outline heading or a measure's run-in title), ``sentence``, ``note`` (a
#: responsibility note), ``scope`` (a scope note) or ``announcement`` (现将有关事项通知如下);
#: ``level`` is a heading's depth in the outline (0 for other rows); ``measure`` numbers the
#: document's measures from 0 (-1 outside one) and ``number`` is the measure's or heading's
#: numbering ("（三）", "Article 3").
SEGMENT_COLUMNS = ["para_id", "kind", "section", "path", "level", "measure", "number", "start",
                   "end", "text"]
#: Columns of the entities table.
ENTITY_COLUMNS = ["entity_id", "kind", "label", "label_zh", "tool_type", "sub_tool", "n_tasks",
                  "n_mentions"]
#: Columns every ``Plan.documents`` table has (a ``sources.csv`` may add more after ``language``).
DOCUMENT_COLUMNS = ["doc_id", "title", "doc_number", "issuer", "date_issued", "date_published",
                    "topics", "publisher", "date", "url", "language", "path", "format", "pages",
                    "encoding", "n_chars", "n_tasks", "n_mentions"]
def document_columns(meta_keys=()) -> list[str]:
    """The documents table's columns: :data:`DOCUMENT_COLUMNS`, with the other metadata keys of
    a ``sources.csv`` (``meta_keys``) after ``language``, in order of first appearance.

    Examples
    --------
    >>> document_columns(["title", "region"])[:12]
    ['doc_id', 'title', 'doc_number', 'issuer', 'date_issued', 'date_published', 'topics', 'publisher', 'date', 'url', 'language', 'region']
    """
    last = DOCUMENT_COLUMNS.index("language") + 1
    extra = [k for k in dict.fromkeys(meta_keys) if k not in DOCUMENT_COLUMNS]
    return [*DOCUMENT_COLUMNS[:last], *extra, *DOCUMENT_COLUMNS[last:]]


#: Metadata a document's own text can state (its gov.cn metadata block, formal parts).
DOCUMENT_METADATA = ("title", "doc_number", "issuer", "date_issued", "date_published", "topics")
#: Columns holding lists (of entity ids, task ids...); joined by ``"; "`` in files.
LIST_COLUMNS = frozenset({"sectors", "partners", "instruments", "agencies", "lead", "support",
                          "task_ids"})
#: Columns whose values seldom repeat within a table (ids, offsets, sentences, task lists):
#: Parquet files store them plainly, every other column with a dictionary of its values.
UNIQUE_COLUMNS = frozenset({"task_id", "mention_id", "measure_id", "start", "end", "text",
                            "surface", "title", "scope", "task_ids", "n_chars"})


def list_column(kind: str) -> str:
    """The tasks column holding the entity ids of one kind.

    Examples
    --------
    >>> list_column("agency"), list_column("sector")
    ('agencies', 'sectors')
    """
    return KIND_COLUMNS.get(kind) or (kind[:-1] + "ies" if kind.endswith("y") else kind + "s")


#: What a spreadsheet takes for the start of a formula (OWASP CSV injection), full-width too.
FORMULA_OPENERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

_INTS = ("start", "end")
#: Whole-number columns that may be empty (pandas ``Int64``): the PDF page, empty for other formats.
NULLABLE_INTS = frozenset({"page", "pages"})


def as_list(column) -> list:
    """A column of a table or of a dict of columns (list, array or Series) as a list.

    The pipeline's stages take either form (:func:`zonekit.segment.segment_columns`).

    Examples
    --------
    >>> import numpy as np
    >>> as_list(np.array([1, 2])), as_list(["a"])
    ([1, 2], ['a'])
    """
    return column if isinstance(column, list) else column.tolist()


def frame(columns: dict, names: list[str], ints=_INTS) -> pd.DataFrame:
    """A table from columns, each converted once to its dtype and let go (peak memory).

    Columns in ``ints`` become int64, ``page`` nullable ``Int64`` (None for no page),
    :data:`LIST_COLUMNS` (``sectors``, ``agencies``, ``task_ids``...) stay objects (lists),
    every other column becomes text (pandas ``str``). ``columns`` is emptied.

    Examples
    --------
    >>> df = frame({"task_id": ["T001"], "start": [3], "sectors": [["finance"]]},
    ...            ["task_id", "start", "sectors"])
    >>> df.dtypes.astype(str).tolist(), df.loc[0, "sectors"]
    (['str', 'int64', 'object'], ['finance'])
    """
    data = {}
    for c in names:
        values = columns.pop(c)
        if c in ints:
            data[c] = np.asarray(values, dtype=np.int64)
        elif c in NULLABLE_INTS:
            data[c] = pd.array(values, dtype="Int64")
        elif c in LIST_COLUMNS:
            data[c] = np.fromiter(values, dtype=object, count=len(values))
        else:
            data[c] = pd.array(values, dtype="str")
        del values
    return pd.DataFrame(data, columns=names, copy=False)


def arrow(columns: dict, names: list[str], ints=_INTS):
    """:func:`frame` as an Arrow table, typed as :func:`zonekit.export.arrow_table` types the
    DataFrame :func:`frame` makes, without making it (the form a corpus batch is written in).

    Columns in ``ints`` become ``int64``, ``page`` ``int64`` with nulls (None for no page),
    :data:`LIST_COLUMNS` ``list<string>`` and every other column ``string`` (None is null).
    ``columns`` is emptied.

    Examples
    --------
    >>> t = arrow({"task_id": ["T001"], "page": [None], "sectors": [["finance"]]},
    ...           ["task_id", "page", "sectors"])
    >>> [str(f.type) for f in t.schema], t.to_pylist()
    (['string', 'int64', 'list<item: string>'], [{'task_id': 'T001', 'page': None, 'sectors': ['finance']}])
    """
    import pyarrow as pa

    arrays = []
    for c in names:
        values = columns.pop(c)
        if c in ints or c in NULLABLE_INTS:
            typ = pa.int64()
        elif c in LIST_COLUMNS:
            typ = pa.list_(pa.string())
        else:
            typ = pa.string()
        try:
            arrays.append(pa.array(values, type=typ, from_pandas=True))
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # cells of another type, made so
            arrays.append(pa.array(_typed(values, c, ints), type=typ, from_pandas=True))
        del values
    return pa.Table.from_arrays(arrays, schema=pa.schema([pa.field(c, a.type) for c, a in
                                                          zip(names, arrays, strict=True)]))


def _typed(values, c: str, ints):
    """``values`` of column ``c`` made the type :func:`arrow` gives it (cells that were not)."""
    if c in ints:
        return np.asarray(values, dtype=np.int64)
    if c in NULLABLE_INTS:
        return pd.array(values, dtype="Int64").to_numpy(dtype=object, na_value=None)
    if c in LIST_COLUMNS:
        return [None if v is None else [str(x) for x in v] for v in values]
    return pd.array(values, dtype="str").to_numpy(dtype=object, na_value=None)


def empty_frame(names: list[str], ints=_INTS) -> pd.DataFrame:
    """An empty table with the given columns and their dtypes (see :func:`frame`).

    Examples
    --------
    >>> empty_frame(["task_id", "start"]).dtypes.astype(str).tolist()
    ['str', 'int64']
    """
    return frame({c: [] for c in names}, names, ints)


def safe_cell(value):
    """Make a text cell inert in spreadsheets (OWASP CSV-injection rule).

    Parameters
    ----------
    value : object
        A cell value.

    Returns
    -------
    object
        ``value``, with ``'`` prepended when it is text starting like a formula.

    Examples
    --------
    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("-1"), safe_cell("Hong Kong"), safe_cell(3)
    ('\\'=HYPERLINK("http://x")', "'-1", 'Hong Kong', 3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_OPENERS):
        return "'" + value
    return value


def unsafe_cell(text: str) -> str:
    """Undo :func:`safe_cell` on a cell read back from a file zonekit wrote.

    Examples
    --------
    >>> unsafe_cell(safe_cell("=1+1")), unsafe_cell("'quoted")
    ('=1+1', "'quoted")
    """
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_OPENERS):
        return text[1:]
    return text


#: Written with the extract outputs when folders held files that were not read: ``path, reason``.
SKIPPED_FILE = "skipped.csv"
#: Folder of the texts extracted from PDFs, web pages and Word files (``texts/DOC_ID.txt``).
TEXTS_FOLDER = "texts"


def text_file(doc_id: str) -> str:
    """Where the text extracted from a PDF, page or Word file is written beside the outputs:
    ``texts/DOC_ID.txt`` (folders in the id kept, ``..`` and empty parts dropped).

    Examples
    --------
    >>> text_file("laws/trade"), text_file("../x")
    ('texts/laws/trade.txt', 'texts/x.txt')
    """
    parts = [p.replace("\\", "_").replace("\0", "_") for p in str(doc_id).split("/")
             if p not in ("", ".", "..")]
    return "/".join([TEXTS_FOLDER, *(parts or ["doc"])]) + ".txt"
