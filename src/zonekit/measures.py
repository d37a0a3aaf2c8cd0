"""Every count, share, ranking and leader, computed once from a plan's tables.

Charts, the briefing, the tutorials and the notebooks call these functions; none of them counts
on its own. DataFrames in, DataFrames out, no drawing and no sentences (the sentences that state
these numbers are written by :mod:`zonekit.findings`).

The base is :func:`codings`, one long table with a row per (task, entity) coding. The rules:

- an entity's **tasks** are the tasks it is coded on (:func:`entity_tasks`);
- the **tool mix** counts instrument codings, one per (task, instrument), by Rothwell-Zegveld
  tool type (:func:`tool_mix`);
- the **policy-tool matrix** counts (task, instrument, sector) pairings: an instrument on a task
  with two sectors counts once in each sector's column, and once under :data:`NO_SECTOR` on a
  task without one (:func:`tool_pairings`, :func:`policy_tool_matrix`);
- an instrument's **reach** is the number of distinct sectors of the tasks it is coded on
  (:func:`instrument_reach`);
- two entities are **co-coded** on the tasks coded with both (:func:`co_coded`, :func:`pairs`);
- a **leader** is every row at the top value: :func:`leaders` never breaks a tie.

Examples
--------
>>> from zonekit import Source, load_plan
>>> plan = load_plan(Source.from_text(
...     "We will support Hong Kong banks.\\nWe will support Macao trade in a pilot zone."))
>>> entity_tasks(plan, "partner")[["entity_id", "n_tasks"]].values.tolist()
[['hong-kong', 1], ['macao', 1]]
>>> leaders(entity_tasks(plan, "partner"), "n_tasks")["entity_id"].tolist()  # a tie: both
['hong-kong', 'macao']
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

import pandas as pd

from .schema import KINDS, MODALITIES, TOOL_TYPES, list_column

if TYPE_CHECKING:
    from .plan import Plan

__all__ = [
    "NO_SECTOR", "UNCLASSIFIED", "CODING_COLUMNS", "DIMENSIONS", "codings", "entity_labels",
    "plan_language", "dimension", "leaders", "entity_tasks", "tool_mix", "tool_pairings", "policy_tool_matrix",
    "instrument_reach", "co_coded", "pairs", "section_profile", "sector_instruments",
    "modality_counts", "tasks_with",
]

#: Column of :func:`policy_tool_matrix` for instruments on tasks that name no sector.
NO_SECTOR = "(no sector)"
#: Tool type of an instrument the codebook gives none.
UNCLASSIFIED = "unclassified"
#: Columns of :func:`codings`.
CODING_COLUMNS = ["task_id", "doc_id", "section", "modality", "entity_id", "kind", "label",
                  "label_zh", "tool_type"]
#: What :func:`co_coded` can cross: an entity kind, or a task's section or modality.
DIMENSIONS = (*KINDS, "section", "modality")


def _kinds(plan) -> list[str]:
    """The entity kinds whose list columns the plan's tasks table has."""
    return [k for k in KINDS if list_column(k) in plan.tasks.columns]


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def codings(plan: Plan) -> pd.DataFrame:
    """One row per (task, entity) coding: the long table every other measure counts.

    Parameters
    ----------
    plan : Plan

    Returns
    -------
    DataFrame
        :data:`CODING_COLUMNS`, tasks in table order, each task's entities in kind order and
        then in order of first mention. ``tool_type`` is empty for entities other than
        instruments and :data:`UNCLASSIFIED` for an instrument without one.

    Examples
    --------
    >>> from zonekit import Source, load_plan
    >>> plan = load_plan(Source.from_text("We will support Hong Kong banks."))
    >>> codings(plan)[["task_id", "entity_id", "kind"]].values.tolist()
    [['T001', 'finance', 'sector'], ['T001', 'hong-kong', 'partner']]
    """
    cached = _CACHE.get(plan)
    if cached is not None and cached[0] is plan.tasks:
        return cached[1].copy()
    df = _codings(plan)
    _CACHE[plan] = (plan.tasks, df)
    return df.copy()


def _codings(plan) -> pd.DataFrame:
    cb = plan.codebook
    rows = []
    tasks = plan.tasks
    kinds = _kinds(plan)
    cols = [tasks[list_column(k)].tolist() for k in kinds]
    for i, (tid, doc, sec, mod) in enumerate(zip(tasks["task_id"], tasks["doc_id"],
                                                  tasks["section"], tasks["modality"],
                                                  strict=True)):
        for k, col in zip(kinds, cols, strict=True):
            for eid in col[i]:
                e = cb[eid] if eid in cb else None
                tool = ((e.tool_type if e is not None else "") or UNCLASSIFIED
                        if k == "instrument" else "")
                rows.append((tid, doc, sec, mod, eid, k, (e.label if e is not None else "") or eid,
                             (e.label_zh if e is not None else "") or "", tool))
    return pd.DataFrame(rows, columns=CODING_COLUMNS, dtype="str")


def entity_labels(plan: Plan, lang: str = "en") -> dict[str, str]:
    """Entity id -> display label, in English or Chinese (``label_zh``, else ``label``).

    Examples
    --------
    >>> from zonekit import load_plan
    >>> labels = entity_labels(load_plan(), "zh")
    >>> labels["hong-kong"]
    '香港'
    """
    out = {}
    for e in plan.codebook:
        out[e.id] = (e.label_zh or e.label or e.id) if lang == "zh" else (e.label or e.id)
    return out


def plan_language(plan: Plan) -> str:
    """``"zh"`` when every document of the plan is Chinese, else ``"en"``.

    A document's ``language`` metadata decides when it is given (``zh``, ``zh-Hans``,
    ``zh-Hant``...); otherwise the share of Chinese characters in its first 2,000 does.

    Examples
    --------
    >>> from zonekit import Source, load_plan
    >>> plan_language(load_plan(Source.from_text("支持香港金融机构开展合作。")))
    'zh'
    >>> plan_language(load_plan())
    'en'
    """
    from .normalize import is_cjk

    langs = []
    for src in plan.sources:
        declared = str(src.meta.get("language") or "").lower()
        langs.append("zh" if declared.startswith("zh") or (not declared and is_cjk(src.text[:2000]))
                     else "en")
    return "zh" if langs and all(x == "zh" for x in langs) else "en"


def leaders(table: pd.DataFrame, col: str) -> pd.DataFrame:
    """The rows at the top value of ``col``: one row, or every row of a tie.

    Parameters
    ----------
    table : DataFrame
    col : str
        A numeric column.

    Returns
    -------
    DataFrame
        The rows whose ``col`` equals its maximum, in table order; empty when the table is
        empty or the maximum is 0 (nothing leads).

    Examples
    --------
    >>> t = pd.DataFrame({"name": ["a", "b", "c"], "n": [2, 3, 3]})
    >>> leaders(t, "n")["name"].tolist()
    ['b', 'c']
    >>> leaders(t.assign(n=0), "n").empty
    True
    """
    if table.empty:
        return table
    top = table[col].max()
    if not top or pd.isna(top):
        return table.iloc[0:0]
    return table[table[col] == top]


def tasks_with(plan: Plan, entity_id: str) -> list[str]:
    """The ids of the tasks an entity is coded on, in task order.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> tasks_with(load_plan(), "who")
    ['T014']
    """
    c = codings(plan)
    return list(dict.fromkeys(c.loc[c["entity_id"] == entity_id, "task_id"]))


def entity_tasks(plan: Plan, kind: str | None = None) -> pd.DataFrame:
    """Tasks per entity (of one kind, or all), most first.

    Parameters
    ----------
    plan : Plan
    kind : str, optional
        ``sector``, ``partner``, ``instrument``...; all kinds when None.

    Returns
    -------
    DataFrame
        ``entity_id, kind, label, label_zh, tool_type, n_tasks, share, task_ids``: ``share`` is
        the percentage of the plan's tasks (one decimal); sorted by ``n_tasks`` (most first),
        then kind order and label.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> top = entity_tasks(load_plan(), "partner").iloc[0]
    >>> top["entity_id"], int(top["n_tasks"]), top["task_ids"]
    ('belt-and-road', 3, ['T005', 'T013', 'T014'])
    """
    c = codings(plan)
    if kind is not None:
        c = c[c["kind"] == kind]
    cols = ["entity_id", "kind", "label", "label_zh", "tool_type", "n_tasks", "share", "task_ids"]
    if c.empty:
        return pd.DataFrame({k: pd.Series(dtype="int64" if k == "n_tasks" else
                                          "float64" if k == "share" else
                                          "object" if k == "task_ids" else "str")
                             for k in cols})
    g = c.groupby("entity_id", sort=False)
    df = g[["kind", "label", "label_zh", "tool_type"]].first()
    df["task_ids"] = g["task_id"].agg(lambda s: list(dict.fromkeys(s)))
    df["n_tasks"] = df["task_ids"].map(len).astype("int64")
    n = len(plan.tasks)
    df["share"] = (100 * df["n_tasks"] / n).round(1) if n else 0.0
    df = df.reset_index()
    df["_k"] = df["kind"].map({k: i for i, k in enumerate(KINDS)})
    df = df.sort_values(["n_tasks", "_k", "label"], ascending=[False, True, True], kind="stable")
    return df[cols].reset_index(drop=True)


def tool_mix(plan: Plan) -> pd.DataFrame:
    """The policy-tool mix: instrument codings (one per task and instrument) by tool type.

    Returns
    -------
    DataFrame
        ``tool_type, n_instruments, n_tasks, n_codings, share``, one row per tool type in
        :data:`~zonekit.schema.TOOL_TYPES` order (plus ``unclassified`` when an instrument has no
        tool type); ``share`` is the percentage of all instrument codings (one decimal).

    Examples
    --------
    >>> from zonekit import Source, load_plan
    >>> plan = load_plan(Source.from_text("We will build a platform for banks in a pilot zone."))
    >>> tool_mix(plan)[["tool_type", "n_codings"]].values.tolist()
    [['supply', 1], ['demand', 0], ['environment', 1]]
    """
    c = codings(plan)
    c = c[c["kind"] == "instrument"]
    order = [*TOOL_TYPES, *([UNCLASSIFIED] if (c["tool_type"] == UNCLASSIFIED).any() else [])]
    rows = []
    for t in order:
        sub = c[c["tool_type"] == t]
        rows.append((t, sub["entity_id"].nunique(), sub["task_id"].nunique(), len(sub)))
    df = pd.DataFrame(rows, columns=["tool_type", "n_instruments", "n_tasks", "n_codings"]
                      ).astype({"n_instruments": "int64", "n_tasks": "int64",
                                "n_codings": "int64"})
    total = int(df["n_codings"].sum())
    df["share"] = (100 * df["n_codings"] / total).round(1) if total else 0.0
    return df


def tool_pairings(plan: Plan) -> pd.DataFrame:
    """One row per (task, instrument, sector) pairing: the cells of the policy-tool matrix.

    Returns
    -------
    DataFrame
        ``task_id, instrument, tool_type, sector``; ``sector`` is :data:`NO_SECTOR` for an
        instrument on a task without a sector.

    Examples
    --------
    >>> from zonekit import Source, load_plan
    >>> plan = load_plan(Source.from_text("We will build a platform for banks."))
    >>> tool_pairings(plan).values.tolist()
    [['T001', 'platform', 'supply', 'finance']]
    """
    c = codings(plan)
    inst = c[c["kind"] == "instrument"][["task_id", "entity_id", "tool_type"]]
    sec = c[c["kind"] == "sector"].groupby("task_id", sort=False)["entity_id"].agg(list)
    rows = [(t, i, tool, s) for t, i, tool in inst.itertuples(index=False)
            for s in sec.get(t, [NO_SECTOR])]
    return pd.DataFrame(rows, columns=["task_id", "instrument", "tool_type", "sector"]).astype(
        "str")


def policy_tool_matrix(plan: Plan, sectors=None) -> pd.DataFrame:
    """The policy-tool matrix: instrument-sector pairings by tool type (rows) and sector (columns).

    A cell counts the rows of :func:`tool_pairings`: each instrument coded on a task adds one
    to its Rothwell-Zegveld ``tool_type`` in the column of every sector coded on that task;
    instruments on a task without a sector count under :data:`NO_SECTOR`.

    Parameters
    ----------
    plan : Plan
    sectors : list of str, optional
        Column order (sector ids); default the plan's sectors in codebook order.

    Returns
    -------
    DataFrame
        Integer counts; index ``tool_type`` (supply, demand, environment, and ``unclassified``
        when an instrument has no tool type), one column per sector.

    Examples
    --------
    >>> from zonekit import Source, load_plan
    >>> plan = load_plan(Source.from_text("We will build a platform for banks in a pilot zone."))
    >>> policy_tool_matrix(plan)
    sector       finance
    tool_type
    supply             1
    demand             0
    environment        1
    """
    p = tool_pairings(plan)
    counts = p.groupby(["tool_type", "sector"]).size().to_dict()
    if sectors is None:
        found = set(p["sector"]) | {s for secs in plan.tasks["sectors"] for s in secs}
        order = [e.id for e in plan.codebook.by_kind("sector")]
        sectors = [s for s in order if s in found] + sorted(found - set(order) - {NO_SECTOR})
        if NO_SECTOR in found:
            sectors.append(NO_SECTOR)
    tools = [*TOOL_TYPES, *([UNCLASSIFIED] if (p["tool_type"] == UNCLASSIFIED).any() else [])]
    return pd.DataFrame([[int(counts.get((t, s), 0)) for s in sectors] for t in tools],
                        index=pd.Index(tools, name="tool_type"),
                        columns=pd.Index(list(sectors), name="sector"), dtype="int64")


def instrument_reach(plan: Plan) -> pd.DataFrame:
    """How many distinct sectors each instrument reaches (through the tasks it is coded on).

    Returns
    -------
    DataFrame
        ``entity_id, label, label_zh, tool_type, n_sectors, sectors, n_tasks`` (``sectors`` a
        list of sector ids), most sectors first, then most tasks, then label.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> reach = instrument_reach(load_plan())
    >>> int(reach["n_sectors"].iloc[0]) >= int(reach["n_sectors"].iloc[-1])
    True
    """
    c = codings(plan)
    inst = c[c["kind"] == "instrument"]
    sec = c[c["kind"] == "sector"].groupby("task_id", sort=False)["entity_id"].agg(list)
    order = {e.id: i for i, e in enumerate(plan.codebook)}
    rows = []
    for eid, grp in inst.groupby("entity_id", sort=False):
        tids = list(dict.fromkeys(grp["task_id"]))
        secs = sorted({s for t in tids for s in sec.get(t, [])}, key=lambda s: order.get(s, 1e9))
        first = grp.iloc[0]
        rows.append((eid, first["label"], first["label_zh"], first["tool_type"], len(secs), secs,
                     len(tids)))
    df = pd.DataFrame(rows, columns=["entity_id", "label", "label_zh", "tool_type", "n_sectors",
                                     "sectors", "n_tasks"])
    df = df.astype({"n_sectors": "int64", "n_tasks": "int64"})
    return df.sort_values(["n_sectors", "n_tasks", "label"], ascending=[False, False, True],
                          kind="stable").reset_index(drop=True)


def dimension(plan: Plan, dim: str) -> pd.DataFrame:
    """``task_id, value`` pairs of one dimension: an entity kind, ``section`` or ``modality``.

    Raises
    ------
    ValueError
        A dimension not in :data:`DIMENSIONS`.

    Examples
    --------
    >>> from zonekit import Source, load_plan
    >>> plan = load_plan(Source.from_text("We will support Hong Kong banks."))
    >>> dimension(plan, "partner").values.tolist(), dimension(plan, "section").values.tolist()
    ([['T001', 'hong-kong']], [['T001', '']])
    """
    if dim in ("section", "modality"):
        return pd.DataFrame({"task_id": plan.tasks["task_id"], "value": plan.tasks[dim]},
                            dtype="str")
    if dim not in KINDS:
        raise ValueError(f"unknown dimension {dim!r}; use one of {', '.join(DIMENSIONS)}")
    c = codings(plan)
    return c.loc[c["kind"] == dim, ["task_id", "entity_id"]].rename(
        columns={"entity_id": "value"}).drop_duplicates().reset_index(drop=True)


def co_coded(plan: Plan, rows: str = "sector", cols: str = "partner") -> pd.DataFrame:
    """Tasks per cell of two dimensions (the heatmap's cells).

    Parameters
    ----------
    plan : Plan
    rows, cols : str
        One of :data:`DIMENSIONS`: an entity kind, ``section`` or ``modality``.

    Returns
    -------
    DataFrame
        ``row, col, n_tasks, task_ids``, one row per non-empty cell; rows and columns are
        ordered by their own number of tasks (most first, stable), so the first row is the
        busiest row value. ``rows_order`` and ``cols_order`` in ``.attrs`` give the orders.

    Raises
    ------
    ValueError
        An unknown dimension.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> cells = co_coded(load_plan(), "sector", "partner")
    >>> cells.columns.tolist()
    ['row', 'col', 'n_tasks', 'task_ids']
    >>> co_coded(load_plan(), "colour")
    Traceback (most recent call last):
    ...
    ValueError: unknown dimension 'colour'; use one of sector, partner, ...
    """
    r, c = dimension(plan, rows), dimension(plan, cols)
    both = r.merge(c, on="task_id", suffixes=("_r", "_c"))
    if rows == cols:
        both = both[both["value_r"] != both["value_c"]]
    cells = (both.groupby(["value_r", "value_c"], sort=False)["task_id"]
             .agg(lambda s: list(dict.fromkeys(s))).reset_index())
    cells.columns = ["row", "col", "task_ids"]
    cells["n_tasks"] = cells["task_ids"].map(len).astype("int64")
    r_order = [v for v in r.groupby("value", sort=False)["task_id"].nunique()
               .sort_values(ascending=False, kind="stable").index if v in set(cells["row"])]
    c_order = [v for v in c.groupby("value", sort=False)["task_id"].nunique()
               .sort_values(ascending=False, kind="stable").index if v in set(cells["col"])]
    rank_r = {v: i for i, v in enumerate(r_order)}
    rank_c = {v: i for i, v in enumerate(c_order)}
    cells = cells.assign(_r=cells["row"].map(rank_r), _c=cells["col"].map(rank_c)).sort_values(
        ["_r", "_c"]).drop(columns=["_r", "_c"])
    cells = cells[["row", "col", "n_tasks", "task_ids"]].reset_index(drop=True)
    cells.attrs.update(rows_order=r_order, cols_order=c_order)
    return cells


def pairs(plan: Plan) -> pd.DataFrame:
    """Every pair of entities coded on the same tasks (the network's edges), most tasks first.

    Returns
    -------
    DataFrame
        ``entity_a, kind_a, entity_b, kind_b, n_tasks, task_ids`` (entity ids; in each pair
        the entity of the earlier kind, then the smaller id, comes first); sorted by
        ``n_tasks`` (most first), then ids.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> p = pairs(load_plan())
    >>> G = load_plan().graph()
    >>> len(p) == G.number_of_edges()
    True
    """
    c = codings(plan)
    rank = {k: i for i, k in enumerate(KINDS)}
    found: dict[tuple, list] = {}
    kinds: dict[str, str] = {}
    for tid, grp in c.groupby("task_id", sort=False):
        ents = list(dict.fromkeys(zip(grp["entity_id"], grp["kind"], strict=True)))
        for eid, k in ents:
            kinds[eid] = k
        ids = sorted({e for e, _ in ents}, key=lambda e: (rank.get(kinds[e], 9), e))
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                found.setdefault((a, b), []).append(tid)
    rows = [(a, kinds[a], b, kinds[b], len(t), t) for (a, b), t in found.items()]
    df = pd.DataFrame(rows, columns=["entity_a", "kind_a", "entity_b", "kind_b", "n_tasks",
                                     "task_ids"]).astype({"n_tasks": "int64"})
    return df.sort_values(["n_tasks", "entity_a", "entity_b"], ascending=[False, True, True],
                          kind="stable").reset_index(drop=True)


def section_profile(plan: Plan) -> pd.DataFrame:
    """Per section (in text order): tasks by modality and the instruments named.

    Returns
    -------
    DataFrame
        ``section, n_tasks, binding, exploratory, supportive, n_instruments, n_codings``:
        ``n_instruments`` distinct instruments coded on the section's tasks, ``n_codings`` their
        (task, instrument) codings.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> prof = section_profile(load_plan())
    >>> int(prof["n_tasks"].sum()) == len(load_plan().tasks)
    True
    """
    tasks = plan.tasks
    sections = list(dict.fromkeys(tasks["section"]))
    c = codings(plan)
    inst = c[c["kind"] == "instrument"]
    rows = []
    for s in sections:
        t = tasks[tasks["section"] == s]
        i = inst[inst["section"] == s]
        rows.append((s, len(t), *(int((t["modality"] == m).sum()) for m in MODALITIES),
                     i["entity_id"].nunique(), len(i)))
    return pd.DataFrame(rows, columns=["section", "n_tasks", *MODALITIES, "n_instruments",
                                       "n_codings"]).astype(
        {c: "int64" for c in ["n_tasks", *MODALITIES, "n_instruments", "n_codings"]})


def sector_instruments(plan: Plan) -> pd.DataFrame:
    """Distinct instruments coded on each sector's tasks, by tool type.

    Returns
    -------
    DataFrame
        ``sector, tool_type, n_instruments, instruments`` (instrument ids); sectors ordered by
        their total of distinct instruments (most first).

    Examples
    --------
    >>> from zonekit import load_plan
    >>> si = sector_instruments(load_plan())
    >>> si.columns.tolist()
    ['sector', 'tool_type', 'n_instruments', 'instruments']
    """
    p = tool_pairings(plan)
    p = p[p["sector"] != NO_SECTOR]
    rows = []
    totals = p.groupby("sector", sort=False)["instrument"].nunique().sort_values(
        ascending=False, kind="stable")
    for s in totals.index:
        sub = p[p["sector"] == s]
        for t in [*TOOL_TYPES, UNCLASSIFIED]:
            ids = list(dict.fromkeys(sub.loc[sub["tool_type"] == t, "instrument"]))
            if ids:
                rows.append((s, t, len(ids), ids))
    df = pd.DataFrame(rows, columns=["sector", "tool_type", "n_instruments", "instruments"])
    df.attrs["totals"] = totals.astype("int64").to_dict()
    return df.astype({"n_instruments": "int64"})


def modality_counts(plan: Plan) -> pd.DataFrame:
    """Tasks per modality, strongest first.

    Returns
    -------
    DataFrame
        ``modality, n_tasks, share`` (share: percentage of tasks, one decimal).

    Examples
    --------
    >>> from zonekit import load_plan
    >>> modality_counts(load_plan())["modality"].tolist()
    ['binding', 'exploratory', 'supportive']
    """
    n = len(plan.tasks)
    counts = plan.tasks["modality"].value_counts()
    rows = [(m, int(counts.get(m, 0))) for m in MODALITIES]
    df = pd.DataFrame(rows, columns=["modality", "n_tasks"]).astype({"n_tasks": "int64"})
    df["share"] = (100 * df["n_tasks"] / n).round(1) if n else 0.0
    return df
