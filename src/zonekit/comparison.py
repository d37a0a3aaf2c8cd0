"""Compare two plans: which sectors, partners, instruments and links were added, removed or kept,
with the sentences behind each, and how the policy-tool matrix moved.

A plan is compared with its predecessor or a sibling by the codebook's entity ids, so two texts
of the same plan in different languages (an English and a Chinese version) compare cleanly: the
codebook gives every entity its English and Chinese names.

``compare(a, b)`` reads "from ``a`` to ``b``": an entity or link is ``added`` when only ``b``
codes it, ``removed`` when only ``a`` does, ``shared`` when both do. Changes in the policy-tool
matrix are ``b`` minus ``a``. Drawing is in :func:`zonekit.figures.comparison_network`; writing the tables
is :meth:`Comparison.files` with :func:`zonekit.export.write_folder` (``zonekit compare A B --out DIR``).
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from .measures import NO_SECTOR, entity_tasks, policy_tool_matrix
from .plan import Plan, load_plan
from .schema import KINDS

__all__ = ["compare", "Comparison", "policy_tool_matrix", "STATUSES", "ENTITY_COLUMNS",
           "LINK_COLUMNS", "EVIDENCE_COLUMNS", "NO_SECTOR"]

#: The status of an entity or link, from ``a`` to ``b``.
STATUSES = ("added", "removed", "shared")
#: Columns of :attr:`Comparison.entities` (and of ``sectors``, ``partners``, ``instruments``).
ENTITY_COLUMNS = ["entity_id", "kind", "label", "label_zh", "tool_type", "status", "n_tasks_a",
                  "n_tasks_b", "change", "tasks_a", "tasks_b", "sentences_a", "sentences_b"]
#: Columns of :attr:`Comparison.links`.
LINK_COLUMNS = ["link_id", "source", "target", "source_label", "target_label", "status",
                "weight_a", "weight_b", "change", "tasks_a", "tasks_b", "sentences_a",
                "sentences_b"]
#: Columns of :meth:`Comparison.evidence`: one row per item and sentence behind it.
EVIDENCE_COLUMNS = ["item", "item_id", "kind", "status", "plan", "doc_id", "task_id", "text"]
class Comparison:
    """What changed from plan ``a`` to plan ``b``. Made by :func:`compare`.

    Attributes
    ----------
    a, b : Plan
        The plans compared.
    names : tuple of str
        Short names of ``a`` and ``b`` for titles and tables.
    entities : DataFrame
        One row per entity coded in either plan (:data:`ENTITY_COLUMNS`): ``status``
        (added, removed, shared), ``n_tasks_a``, ``n_tasks_b``, ``change`` (b minus a), the task
        ids behind it in each plan (``tasks_a``, ``tasks_b``) and their sentences
        (``sentences_a``, ``sentences_b``), all lists. Sorted by kind, status, then label.
    links : DataFrame
        One row per link (two entities coded on the same task) in either plan
        (:data:`LINK_COLUMNS`); ``link_id`` is ``"source -- target"`` (ids in sorted order),
        ``weight_a``/``weight_b`` count the tasks behind it.
    tool_matrix : DataFrame
        The policy-tool matrix of ``b`` minus that of ``a`` (tool type by sector, over the
        sectors of both); ``tool_matrix_a`` and ``tool_matrix_b`` are the two matrices.

    Examples
    --------
    >>> from zonekit import Source
    >>> old = load_plan(Source.from_text("We will support banks in Hong Kong.", doc_id="old"))
    >>> new = load_plan(Source.from_text("We will support banks in Macao.", doc_id="new"))
    >>> cmp = compare(old, new)
    >>> cmp
    <Comparison old -> new: sectors +0 -0 =1, partners +1 -1 =0, instruments +0 -0 =0, links +1 -1 =0>
    >>> cmp.partners[["entity_id", "status", "sentences_b"]].values.tolist()
    [['macao', 'added', ['We will support banks in Macao.']], ['hong-kong', 'removed', []]]
    """

    def __init__(self, a: Plan, b: Plan, names: tuple[str, str]):
        self.a, self.b = a, b
        self.names = (str(names[0]), str(names[1]))
        self.entities = _entity_changes(a, b)
        self.links = _link_changes(a, b)
        sectors = _union_in_order(
            policy_tool_matrix(a).columns, policy_tool_matrix(b).columns)
        self.tool_matrix_a = policy_tool_matrix(a, sectors)
        self.tool_matrix_b = policy_tool_matrix(b, sectors)
        self.tool_matrix = self.tool_matrix_b - self.tool_matrix_a

    def __repr__(self) -> str:
        s = self.summary
        parts = ", ".join(f"{k}s +{s.loc[k, 'added']} -{s.loc[k, 'removed']} ="
                          f"{s.loc[k, 'shared']}" for k in s.index)
        return f"<Comparison {self.names[0]} -> {self.names[1]}: {parts}>"

    @property
    def sectors(self) -> pd.DataFrame:
        """Rows of :attr:`entities` for sectors.

        Examples
        --------
        >>> from zonekit import Source
        >>> cmp = compare(
        ...     load_plan(Source.from_text("We will support banks in Hong Kong through a pilot.")),
        ...     load_plan(Source.from_text("We will support banks and trade in Macao through a pilot.")))
        >>> cmp.sectors[["entity_id", "status", "n_tasks_a", "n_tasks_b"]].values.tolist()
        [['trade', 'added', 0, 1], ['finance', 'shared', 1, 1]]
        """
        return self._kind("sector")

    @property
    def partners(self) -> pd.DataFrame:
        """Rows of :attr:`entities` for partners.

        Examples
        --------
        >>> from zonekit import Source
        >>> cmp = compare(
        ...     load_plan(Source.from_text("We will support banks in Hong Kong through a pilot.")),
        ...     load_plan(Source.from_text("We will support banks and trade in Macao through a pilot.")))
        >>> cmp.partners[["entity_id", "status", "change"]].values.tolist()
        [['macao', 'added', 1], ['hong-kong', 'removed', -1]]
        """
        return self._kind("partner")

    @property
    def instruments(self) -> pd.DataFrame:
        """Rows of :attr:`entities` for instruments.

        Examples
        --------
        >>> from zonekit import Source
        >>> cmp = compare(
        ...     load_plan(Source.from_text("We will support banks in Hong Kong through a pilot.")),
        ...     load_plan(Source.from_text("We will support banks and trade in Macao through a pilot.")))
        >>> cmp.instruments[["entity_id", "status", "change"]].values.tolist()
        [['pilot', 'shared', 0]]
        """
        return self._kind("instrument")

    def _kind(self, kind: str) -> pd.DataFrame:
        return self.entities[self.entities["kind"] == kind].reset_index(drop=True)

    @property
    def summary(self) -> pd.DataFrame:
        """Counts of added, removed and shared items by kind (sector, partner, instrument, link).

        Examples
        --------
        >>> from zonekit import Source
        >>> cmp = compare(load_plan(Source.from_text("We will support Hong Kong banks.")),
        ...               load_plan(Source.from_text("We will support Hong Kong.")))
        >>> cmp.summary.loc[["sector", "link"]]
                added  removed  shared
        kind
        sector      0        1       0
        link        0        1       0
        """
        rows = []
        for kind in (*KINDS, "link"):
            table = self.links if kind == "link" else self._kind(kind)
            counts = table["status"].value_counts()
            rows.append([kind, *(int(counts.get(s, 0)) for s in STATUSES)])
        return pd.DataFrame(rows, columns=["kind", *STATUSES]).set_index("kind")

    def files(self) -> dict:
        """What ``zonekit compare --out`` writes: file name -> table (nothing is written).

        ``summary.csv`` counts added, removed and shared items by kind; ``entities.csv`` and
        ``links.csv`` list them with the task ids behind them in each plan; ``evidence.csv``
        has one row per item and sentence; ``tool_matrix.csv`` is the policy-tool matrix in
        long form (``tool_type, sector, a, b, change``). Write with
        :func:`zonekit.export.write_folder`.

        Examples
        --------
        >>> from zonekit import Source
        >>> cmp = compare(Source.from_text("We will support Hong Kong."),
        ...               Source.from_text("We will support Macao."))
        >>> list(cmp.files())
        ['summary.csv', 'entities.csv', 'links.csv', 'evidence.csv', 'tool_matrix.csv']
        """
        drop = ["sentences_a", "sentences_b"]
        return {"summary.csv": self.summary.reset_index(),
                "entities.csv": self.entities.drop(columns=drop),
                "links.csv": self.links.drop(columns=drop), "evidence.csv": self.evidence(),
                "tool_matrix.csv": self.tool_matrix_long()}

    def tool_matrix_long(self) -> pd.DataFrame:
        """The policy-tool matrices as one tidy table: ``tool_type, sector, a, b, change``.

        Examples
        --------
        >>> from zonekit import Source
        >>> cmp = compare(load_plan(Source.from_text("We will open a pilot zone for banks.")),
        ...               load_plan(Source.from_text("We will build a platform for banks.")))
        >>> cmp.tool_matrix_long().values.tolist()
        [['supply', 'finance', 0, 1, 1], ['demand', 'finance', 0, 0, 0], ['environment', 'finance', 1, 0, -1]]
        """
        a = self.tool_matrix_a.stack().rename("a")
        b = self.tool_matrix_b.stack().rename("b")
        out = pd.concat([a, b], axis=1).reset_index()
        out["change"] = out["b"] - out["a"]
        return out.astype({"a": "int64", "b": "int64", "change": "int64"})

    def evidence(self) -> pd.DataFrame:
        """Every sentence behind every entity and link, one row each (:data:`EVIDENCE_COLUMNS`).

        ``item`` is ``"entity"`` or ``"link"``; ``item_id`` the entity id or link id; ``plan``
        is ``"a"`` or ``"b"``.

        Examples
        --------
        >>> from zonekit import Source
        >>> cmp = compare(load_plan(Source.from_text("We will support Hong Kong.")),
        ...               load_plan(Source.from_text("We must support Hong Kong.")))
        >>> cmp.evidence()[["item_id", "status", "plan", "text"]].values.tolist()
        [['hong-kong', 'shared', 'a', 'We will support Hong Kong.'], ['hong-kong', 'shared', 'b', 'We must support Hong Kong.']]
        """
        rows = []
        sides = [("a", _task_docs(self.a)), ("b", _task_docs(self.b))]  # task id -> doc id
        for item, table, key, kind in (("entity", self.entities, "entity_id", None),
                                       ("link", self.links, "link_id", "link")):
            for row in table.itertuples(index=False):
                for side, docs in sides:
                    for task_id, text in zip(getattr(row, f"tasks_{side}"),
                                             getattr(row, f"sentences_{side}"), strict=True):
                        rows.append((item, getattr(row, key), kind or row.kind, row.status, side,
                                     docs.get(task_id, ""), task_id, text))
        return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)

    def sentences(self, item) -> pd.DataFrame:
        """The sentences behind one entity or link, in both plans.

        Parameters
        ----------
        item : str or tuple
            An entity id (``"hong-kong"``), a link id (``"finance -- hong-kong"``) or a pair of
            entity ids (either order).

        Returns
        -------
        DataFrame
            ``plan, doc_id, task_id, text`` (``plan`` is ``"a"`` or ``"b"``); empty if neither
            plan codes the item.

        Examples
        --------
        >>> from zonekit import Source
        >>> cmp = compare(load_plan(Source.from_text("We will support banks in Hong Kong.")),
        ...               load_plan(Source.from_text("Hong Kong banks must be supported.")))
        >>> cmp.sentences(("hong-kong", "finance"))[["plan", "text"]].values.tolist()
        [['a', 'We will support banks in Hong Kong.'], ['b', 'Hong Kong banks must be supported.']]
        """
        if isinstance(item, (tuple, list)):
            item = _link_id(*item)
        ev = self.evidence()
        ev = ev[ev["item_id"] == item]
        return ev[["plan", "doc_id", "task_id", "text"]].reset_index(drop=True)

    def graph(self) -> nx.Graph:
        """The union of the two plans' networks, with what changed.

        Nodes carry ``kind, label, label_zh, tool_type, status, n_tasks_a, n_tasks_b``; edges
        ``status, weight_a, weight_b``.

        Examples
        --------
        >>> from zonekit import Source
        >>> cmp = compare(load_plan(Source.from_text("We will support banks in Hong Kong.")),
        ...               load_plan(Source.from_text("We will support banks in Macao.")))
        >>> G = cmp.graph()
        >>> G.nodes["macao"]["status"], G.edges["finance", "hong-kong"]["status"]
        ('added', 'removed')
        """
        G = nx.Graph()
        for row in self.entities.itertuples(index=False):
            G.add_node(row.entity_id, kind=row.kind, label=row.label, label_zh=row.label_zh,
                       tool_type=row.tool_type, status=row.status, n_tasks_a=row.n_tasks_a,
                       n_tasks_b=row.n_tasks_b)
        for row in self.links.itertuples(index=False):
            G.add_edge(row.source, row.target, status=row.status, weight_a=row.weight_a,
                       weight_b=row.weight_b)
        return G


def compare(a, b, names: tuple[str, str] | None = None, codebook=None) -> Comparison:
    """Compare two plans by the codebook's entity ids.

    Parameters
    ----------
    a, b : Plan, or anything :func:`zonekit.load_plan` reads (path, folder, Source, list)
        The earlier (or reference) plan and the later (or other) one.
    names : (str, str), optional
        Short names for titles and tables. Default: each plan's doc_id when it has one
        document, else ``"A"`` and ``"B"``.
    codebook : path or Codebook, optional
        Used when ``a`` or ``b`` must be loaded; plans already loaded keep their own. Compare
        plans coded with the same codebook, or ids may differ for reasons other than the plans.

    Returns
    -------
    Comparison

    Examples
    --------
    >>> from zonekit import Source
    >>> en = Source.from_text("We will support banks in Hong Kong.", doc_id="en")
    >>> zh = Source.from_text("支持香港银行。", doc_id="zh")
    >>> compare(en, zh).summary["shared"].tolist()
    [1, 1, 0, 1]
    """
    pa = a if isinstance(a, Plan) else load_plan(a, codebook=codebook)
    pb = b if isinstance(b, Plan) else load_plan(b, codebook=codebook)
    if names is None:
        names = (_default_name(pa, "A"), _default_name(pb, "B"))
        if names[0] == names[1]:
            names = (f"A: {names[0]}", f"B: {names[1]}")
    if len(names) != 2:
        raise ValueError(f"names must be two strings, not {names!r}")
    return Comparison(pa, pb, tuple(names))


# ----------------------------------------------------------------------------------------------


def _default_name(plan: Plan, fallback: str) -> str:
    return plan.sources[0].doc_id if len(plan.sources) == 1 else fallback


def _union_in_order(*lists) -> list:
    return list(dict.fromkeys(x for xs in lists for x in xs))


def _link_id(u: str, v: str) -> str:
    a, b = sorted((u, v))
    return f"{a} -- {b}"


def _task_docs(plan: Plan) -> dict[str, str]:
    return dict(zip(plan.tasks["task_id"], plan.tasks["doc_id"], strict=True))


def _entity_tasks(plan: Plan) -> dict[str, list[str]]:
    """Entity id -> ids of the tasks coding it, in order of first coding."""
    et = entity_tasks(plan)
    return dict(zip(et["entity_id"], et["task_ids"], strict=True))


def _entity_info(eid: str, a: Plan, b: Plan):
    cb = b.codebook if eid in b.codebook else a.codebook
    e = cb[eid]
    return e.kind, e.label, e.label_zh, e.tool_type


def _entity_changes(a: Plan, b: Plan) -> pd.DataFrame:
    ta, tb = _entity_tasks(a), _entity_tasks(b)
    texts_a = dict(zip(a.tasks["task_id"], a.tasks["text"], strict=True))
    texts_b = dict(zip(b.tasks["task_id"], b.tasks["text"], strict=True))
    rows = []
    for eid in _union_in_order(ta, tb):
        kind, label, label_zh, tool = _entity_info(eid, a, b)
        tasks_a, tasks_b = ta.get(eid, []), tb.get(eid, [])
        rows.append((eid, kind, label, label_zh, tool, _status(tasks_a, tasks_b), len(tasks_a),
                     len(tasks_b), len(tasks_b) - len(tasks_a), tasks_a, tasks_b,
                     [texts_a[t] for t in tasks_a], [texts_b[t] for t in tasks_b]))
    df = pd.DataFrame(rows, columns=ENTITY_COLUMNS)
    return _sorted(df, ["_k", "_s", "label"], kind_col="kind")


def _link_changes(a: Plan, b: Plan) -> pd.DataFrame:
    ga, gb = a.graph(), b.graph()
    texts_a = dict(zip(a.tasks["task_id"], a.tasks["text"], strict=True))
    texts_b = dict(zip(b.tasks["task_id"], b.tasks["text"], strict=True))
    edges: dict[str, tuple[str, str]] = {}
    for G in (ga, gb):
        for u, v in G.edges:
            s, t = sorted((u, v))
            edges.setdefault(_link_id(s, t), (s, t))
    rows = []
    for link_id, (s, t) in edges.items():
        tasks_a = list(ga.edges[s, t]["tasks"]) if ga.has_edge(s, t) else []
        tasks_b = list(gb.edges[s, t]["tasks"]) if gb.has_edge(s, t) else []
        rows.append((link_id, s, t, _entity_info(s, a, b)[1], _entity_info(t, a, b)[1],
                     _status(tasks_a, tasks_b), len(tasks_a), len(tasks_b),
                     len(tasks_b) - len(tasks_a), tasks_a, tasks_b,
                     [texts_a[x] for x in tasks_a], [texts_b[x] for x in tasks_b]))
    df = pd.DataFrame(rows, columns=LINK_COLUMNS)
    df["_w"] = -df[["weight_a", "weight_b"]].max(axis=1)
    return _sorted(df, ["_s", "_w", "link_id"])


def _status(tasks_a: list, tasks_b: list) -> str:
    if tasks_a and tasks_b:
        return "shared"
    return "added" if tasks_b else "removed"


def _sorted(df: pd.DataFrame, by: list[str], kind_col: str | None = None) -> pd.DataFrame:
    df = df.copy()
    if kind_col:
        df["_k"] = df[kind_col].map(KINDS.index)
    df["_s"] = df["status"].map(STATUSES.index)
    df = df.sort_values(by, kind="stable") if len(df) else df
    df = df.drop(columns=[c for c in df.columns if c.startswith("_")]).reset_index(drop=True)
    for col in ("n_tasks_a", "n_tasks_b", "weight_a", "weight_b", "change"):
        if col in df.columns:
            df[col] = df[col].astype("int64")
    return df
