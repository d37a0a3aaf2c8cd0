"""The data contract in one place: entity kinds, modalities, tool types and every table's columns.

Every stage builds its tables with :func:`frame`, so text columns are pandas ``str``, offsets
``int64`` and list columns Python lists, whatever the stage.

>>> from zonekit import schema
>>> schema.KINDS
('sector', 'partner', 'instrument')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["KINDS", "TOOL_TYPES", "MODALITIES", "TASK_COLUMNS", "MENTION_COLUMNS",
           "SEGMENT_COLUMNS", "ENTITY_COLUMNS", "SUB_TOOLS", "DOCUMENT_COLUMNS", "LIST_COLUMNS", "frame",
           "empty_frame"]

#: Entity kinds, in the order tables and charts list them.
KINDS = ("sector", "partner", "instrument")
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
TASK_COLUMNS = ["task_id", "doc_id", "section", "text", "start", "end", "modality", "cue",
                "sectors", "partners", "instruments"]
#: Columns of the mentions table.
MENTION_COLUMNS = ["mention_id", "task_id", "doc_id", "entity_id", "kind", "label", "surface",
                   "start", "end", "via"]
#: Columns of the segments table (before ``doc_id`` is added by the plan).
SEGMENT_COLUMNS = ["para_id", "kind", "section", "start", "end", "text"]
#: Columns of the entities table.
ENTITY_COLUMNS = ["entity_id", "kind", "label", "label_zh", "tool_type", "sub_tool", "n_tasks",
                  "n_mentions"]
#: Columns every ``Plan.documents`` table has (a ``sources.csv`` may add more after ``language``).
DOCUMENT_COLUMNS = ["doc_id", "title", "publisher", "date", "url", "language", "path",
                    "encoding", "n_chars", "n_tasks", "n_mentions"]
#: Columns holding lists (of entity ids, task ids...); joined by ``"; "`` in files.
LIST_COLUMNS = frozenset({"sectors", "partners", "instruments"})

_INTS = ("start", "end")


def frame(columns: dict, names: list[str], ints=_INTS) -> pd.DataFrame:
    """A table from columns, each converted once to its dtype and let go (peak memory).

    Columns in ``ints`` become int64, ``sectors``, ``partners`` and ``instruments`` stay
    objects (lists), every other column becomes text (pandas ``str``). ``columns`` is emptied.

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
        elif c in LIST_COLUMNS:
            data[c] = np.fromiter(values, dtype=object, count=len(values))
        else:
            data[c] = pd.array(values, dtype="str")
        del values
    return pd.DataFrame(data, columns=names, copy=False)


def empty_frame(names: list[str], ints=_INTS) -> pd.DataFrame:
    """An empty table with the given columns and their dtypes (see :func:`frame`).

    Examples
    --------
    >>> empty_frame(["task_id", "start"]).dtypes.astype(str).tolist()
    ['str', 'int64']
    """
    return frame({c: [] for c in names}, names, ints)
