"""Network charts: the co-occurrence network, ego networks and the comparison network.

Layout (node positions) is computed in :func:`zonekit.graph.layout`; this module only draws.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..schema import KINDS, list_column
from .theme import (
    HALO,
    HOVER_SENTENCES,
    KIND_COLORS,
    KIND_SYMBOLS,
    NETWORK_HEIGHT,
    TEXT_COLOR,
    TYPE_SCALE,
    WEBGL_THRESHOLD,
    apply_briefing_template,
    empty_figure,
    entity_labels,
    esc,
    plural,
    short,
    source_line,
    wrap,
)

__all__ = ['NetworkModel', 'network_layout', 'network', 'ego_network', 'comparison_network', 'STATUS_COLORS']

class NetworkModel:
    """Everything needed to draw a plan's network quickly for any filter.

    Built once per plan (layout, hover texts, edge and incidence arrays); :meth:`view` then
    returns the trace properties for a selection of tasks and entities with a few numpy
    operations, without recomputing the layout. The explorer keeps one to update its
    ``FigureWidget`` in place; :func:`network` uses it too.

    Parameters
    ----------
    plan : Plan
    seed : int
        Layout seed (see :func:`zonekit.graph.layout`).
    G : networkx.Graph, optional
        The graph to draw (default ``plan.graph()``); its nodes must be entity ids of the plan.
    pos : dict, optional
        Precomputed positions ``{node: (x, y)}`` (default: computed with ``seed``).

    Examples
    --------
    >>> from zonekit import load_plan
    >>> model = NetworkModel(load_plan())
    >>> [t["name"] for t in model.traces()][-4:]
    ['sector', 'partner', 'instrument', 'agency']
    >>> nodes, edges = model.select(task_ids=["T001"])
    >>> nodes["entity_id"].tolist(), nodes["n_tasks"].tolist()
    (['health'], [1])
    """

    #: Edge classes by number of shared tasks: (name, minimum weight, line width).
    EDGE_CLASSES = (("1 shared task", 1, 1.0), ("2 shared tasks", 2, 2.2),
                    ("3+ shared tasks", 3, 3.8))

    def __init__(self, plan, seed: int = 0, *, G=None, pos=None):
        from ..graph import layout

        self.plan = plan
        self.seed = seed
        self.G = plan.graph() if G is None else G
        self.pos = layout(self.G, seed=seed) if pos is None else pos
        self.webgl = self.G.number_of_nodes() >= WEBGL_THRESHOLD
        labels = entity_labels(plan)
        attrs = self.G.nodes
        nodes = list(self.G.nodes)
        self.node_ids = nodes
        self._index = {v: i for i, v in enumerate(nodes)}
        self.task_ids = plan.tasks["task_id"].tolist()
        self._task_index = {t: i for i, t in enumerate(self.task_ids)}
        # node-task incidence, from the task lists (so it matches the graph)
        inc_node, inc_task = [], []
        for kind in KINDS:
            for ti, ids in enumerate(plan.tasks[list_column(kind)]):
                for e in ids:
                    ni = self._index.get(e)
                    if ni is not None:
                        inc_node.append(ni)
                        inc_task.append(ti)
        pairs = sorted(set(zip(inc_node, inc_task, strict=True)))
        self._inc_node = np.array([p[0] for p in pairs], dtype=np.int64)
        self._inc_task = np.array([p[1] for p in pairs], dtype=np.int64)
        node_tasks: list[list[int]] = [[] for _ in nodes]
        for ni, ti in pairs:
            node_tasks[ni].append(ti)
        self.kinds = np.array([attrs[v].get("kind", "sector") for v in nodes], dtype=object)
        self.labels = [labels.get(v) or attrs[v].get("label") or str(v) for v in nodes]
        self.label_html = [esc(short(s, 26)) for s in self.labels]
        xy = np.array([self.pos[v] for v in nodes], dtype=float).reshape(-1, 2)
        if len(nodes):   # fill the canvas: each axis to [-1, 1] (the aspect is not meaningful)
            xy = xy - (xy.max(axis=0) + xy.min(axis=0)) / 2
            span = np.abs(xy).max(axis=0)
            xy = xy / np.where(span > 0, span, 1)
        self.x, self.y = xy[:, 0].copy(), xy[:, 1].copy()
        self.n_tasks_all = np.array([len(t) for t in node_tasks], dtype=np.int64)
        self.max_tasks = max(int(self.n_tasks_all.max(initial=0)), 1)
        # hover: each task's sentence wrapped once, then joined per node
        sentences = [f"<b>{esc(t)}</b> {wrap(s, 70)}"
                     for t, s in zip(self.task_ids, plan.tasks["text"], strict=True)]
        self.hover = [self._node_hover(v, attrs[v], node_tasks[i], sentences)
                      for i, v in enumerate(nodes)]
        # edges and the edge-task incidence
        ea, eb, e_inc_edge, e_inc_task, e_hover = [], [], [], [], []
        for k, (a, b, d) in enumerate(self.G.edges(data=True)):
            ia, ib = self._index[a], self._index[b]
            ea.append(ia)
            eb.append(ib)
            ts = [t for t in d.get("tasks", []) if t in self._task_index]
            e_inc_edge.extend([k] * len(ts))
            e_inc_task.extend(self._task_index[t] for t in ts)
            e_hover.append(f"{esc(self.labels[ia])} — {esc(self.labels[ib])}<br>"
                           f"{plural(len(ts), 'shared task')}: {esc(', '.join(ts[:12]))}"
                           f"{' …' if len(ts) > 12 else ''}")
        self._ea = np.array(ea, dtype=np.int64)
        self._eb = np.array(eb, dtype=np.int64)
        self._e_inc_edge = np.array(e_inc_edge, dtype=np.int64)
        self._e_inc_task = np.array(e_inc_task, dtype=np.int64)
        self._e_hover = np.array(e_hover, dtype=object)
        self._mx = (self.x[self._ea] + self.x[self._eb]) / 2 if len(ea) else np.zeros(0)
        self._my = (self.y[self._ea] + self.y[self._eb]) / 2 if len(ea) else np.zeros(0)
        self._node_ids = np.array(nodes, dtype=object)
        self._hover = np.array(self.hover, dtype=object)
        self._label_html = np.array(self.label_html, dtype=object)

    @staticmethod
    def _node_hover(v, attr: dict, tasks: list[int], sentences: list[str]) -> str:
        label = attr.get("label") or str(v)
        zh = attr.get("label_zh") or ""
        head = f"<b>{esc(label)}</b>" + (f" · {esc(zh)}" if zh and zh != label else "")
        kind = attr.get("kind", "")
        tool = attr.get("tool_type") or ""
        meta = (f"{esc(kind)}{' (' + esc(tool) + ' tool)' if tool else ''} · "
                f"{plural(len(tasks), 'task')}")
        lines = [sentences[t] for t in tasks[:HOVER_SENTENCES]]
        if len(tasks) > HOVER_SENTENCES:
            lines.append(f"<i>… and {len(tasks) - HOVER_SENTENCES} more</i>")
        return f"{head}<br>{meta}<br><br>" + "<br>".join(lines)

    # ---- selection ---------------------------------------------------------------------

    def _selection(self, task_ids=None, entities=None) -> dict:
        """Masks and counts for a selection (numpy)."""
        n_nodes, n_tasks = len(self.node_ids), len(self.task_ids)
        if task_ids is None:
            task_mask = np.ones(n_tasks, dtype=bool)
        else:
            task_mask = np.zeros(n_tasks, dtype=bool)
            idx = [self._task_index[t] for t in task_ids if t in self._task_index]
            task_mask[idx] = True
        on = task_mask[self._inc_task]
        count = np.bincount(self._inc_node[on], minlength=n_nodes)
        allowed = np.ones(n_nodes, dtype=bool)
        if entities is not None:
            ents = set(entities)
            allowed = np.fromiter((v in ents for v in self.node_ids), dtype=bool,
                                  count=n_nodes)
        node_mask = (count > 0) & allowed
        e_on = task_mask[self._e_inc_task]
        weight = np.bincount(self._e_inc_edge[e_on], minlength=len(self._ea))
        edge_mask = (weight > 0) & node_mask[self._ea] & node_mask[self._eb] \
            if len(self._ea) else np.zeros(0, dtype=bool)
        shown_tasks = np.zeros(n_tasks, dtype=bool)
        shown_tasks[self._inc_task[on & node_mask[self._inc_node]]] = True
        return {"task_mask": task_mask, "count": count, "node_mask": node_mask,
                "weight": weight, "edge_mask": edge_mask, "n_tasks": int(shown_tasks.sum()),
                "filtered": task_ids is not None or entities is not None}

    def select(self, task_ids=None, entities=None) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Nodes and edges shown for a selection, with their counts within it.

        A node is shown when one of the selected tasks codes it and it is among ``entities``;
        an edge when both ends are shown and a selected task codes both.

        Parameters
        ----------
        task_ids : iterable of str, optional
            Keep only these tasks (default: all).
        entities : iterable of str, optional
            Keep only these entity ids (default: all).

        Returns
        -------
        (nodes, edges) : DataFrames
            ``nodes`` has ``entity_id, kind, label, x, y, n_tasks``; ``edges`` has
            ``source, target, weight`` (weight counted within the selected tasks).

        Examples
        --------
        >>> from zonekit import Source, load_plan
        >>> model = NetworkModel(load_plan(Source.from_text(
        ...     "We must support Hong Kong finance through a pilot.\\n"
        ...     "We will explore Macao trade.", doc_id="demo")))
        >>> nodes, edges = model.select(task_ids=["T002"])
        >>> nodes[["entity_id", "kind", "n_tasks"]].values.tolist()
        [['trade', 'sector', 1], ['macao', 'partner', 1]]
        >>> edges.values.tolist()
        [['trade', 'macao', 1]]
        >>> model.select(entities=["hong-kong", "finance"])[1].values.tolist()
        [['finance', 'hong-kong', 1]]
        """
        sel = self._selection(task_ids, entities)
        m = sel["node_mask"]
        nodes = pd.DataFrame({"entity_id": self._node_ids[m], "kind": self.kinds[m],
                              "label": np.array(self.labels, dtype=object)[m],
                              "x": self.x[m], "y": self.y[m], "n_tasks": sel["count"][m]})
        em = sel["edge_mask"]
        edges = pd.DataFrame({"source": self._node_ids[self._ea[em]],
                              "target": self._node_ids[self._eb[em]],
                              "weight": sel["weight"][em]})
        return nodes, edges

    def traces(self, task_ids=None, entities=None, selected=(), label_limit: int | None = None,
               *, _sel=None) -> list[dict]:
        """Trace properties for a selection, always the same seven traces in the same order.

        Three edge traces (by number of shared tasks), one invisible trace of edge midpoints
        carrying edge hover, then one node trace per kind (``sector``, ``partner``,
        ``instrument``; ``customdata`` holds entity ids). Empty selections give empty traces.

        Parameters
        ----------
        task_ids, entities : iterable of str, optional
            See :meth:`select`.
        selected : iterable of str
            Entity ids to outline (the explorer's current selection).
        label_limit : int, optional
            Label at most this many nodes, those with the most tasks first (default: all up
            to 15 nodes shown, else 12; the rest have hover labels).

        Returns
        -------
        list of dict
            Keyword arguments for ``go.Scatter`` (or ``go.Scattergl`` when :attr:`webgl`);
            coordinates are numpy arrays, NaN separating edges.

        Examples
        --------
        >>> from zonekit import Source, load_plan
        >>> model = NetworkModel(load_plan(Source.from_text(
        ...     "We must support Hong Kong finance through a pilot.\\n"
        ...     "We will explore Macao trade.", doc_id="demo")))
        >>> traces = model.traces(selected=["macao"])
        >>> [(t["name"], len(t["x"])) for t in traces]  # doctest: +NORMALIZE_WHITESPACE
        [('1 shared task', 12), ('2 shared tasks', 0), ('3+ shared tasks', 0), ('edges', 4),
         ('sector', 2), ('partner', 2), ('instrument', 1), ('agency', 0)]
        >>> partners = traces[-3]
        >>> partners["customdata"].tolist(), partners["marker"]["line"]["width"].tolist()
        (['hong-kong', 'macao'], [0.8, 4.0])
        """
        sel = _sel if _sel is not None else self._selection(task_ids, entities)
        out = []
        em, weight = sel["edge_mask"], sel["weight"]
        for k, (name, lo, width) in enumerate(self.EDGE_CLASSES):
            hi = self.EDGE_CLASSES[k + 1][1] if k + 1 < len(self.EDGE_CLASSES) else np.inf
            pick = np.flatnonzero(em & (weight >= lo) & (weight < hi))
            xs = np.full(3 * len(pick), np.nan)
            ys = np.full(3 * len(pick), np.nan)
            a, b = self._ea[pick], self._eb[pick]
            xs[0::3], xs[1::3] = self.x[a], self.x[b]
            ys[0::3], ys[1::3] = self.y[a], self.y[b]
            out.append({"name": name, "x": xs, "y": ys, "mode": "lines", "hoverinfo": "skip",
                        "showlegend": False,
                        "line": {"width": width, "color": "rgba(90,90,90,0.45)"}})
        pick = np.flatnonzero(em)
        out.append({"name": "edges", "x": self._mx[pick], "y": self._my[pick],
                    "mode": "markers", "marker": {"size": 10, "opacity": 0, "color": "#555555"},
                    "hovertext": self._e_hover[pick].astype(str), "hoverinfo": "text",
                    "showlegend": False})
        nm, count = sel["node_mask"], sel["count"]
        shown = np.flatnonzero(nm)
        if label_limit is None:
            label_limit = len(shown) if len(shown) <= 15 else 12
        # most tasks first, ties by label (stable, deterministic)
        order = sorted(shown.tolist(), key=lambda i: (-count[i], self.labels[i]))
        labelled = np.zeros(len(self.node_ids), dtype=bool)
        labelled[order[:label_limit]] = True
        selected = set(selected)
        for kind in KINDS:
            idx = shown[self.kinds[shown] == kind]
            size = 12 + 30 * np.sqrt(count[idx] / self.max_tasks)
            is_sel = np.fromiter((self.node_ids[i] in selected for i in idx), dtype=bool,
                                 count=len(idx))
            text = np.where(labelled[idx], self._label_html[idx], "").astype(str)
            out.append({
                "name": kind, "x": self.x[idx], "y": self.y[idx], "mode": "markers+text",
                "text": text, "textposition": "top center",
                "textfont": {"size": TYPE_SCALE["label"], "color": TEXT_COLOR,
                             **({} if self.webgl else {"shadow": HALO})},
                "hovertext": self._hover[idx].astype(str),
                "hoverinfo": "text", "customdata": self._node_ids[idx].astype(str),
                "marker": {"size": size.round(2), "color": KIND_COLORS[kind],
                           "symbol": KIND_SYMBOLS[kind], "opacity": 0.95,
                           "line": {"width": np.where(is_sel, 4.0, 0.8), "color": TEXT_COLOR}},
                "legendgroup": kind, "showlegend": True,
                **({} if self.webgl else {"cliponaxis": False}),
            })
        return out

    def trace_type(self):
        """``go.Scattergl`` for large graphs, else ``go.Scatter``.

        Returns
        -------
        type
            ``go.Scattergl`` when :attr:`webgl` (at least :data:`WEBGL_THRESHOLD` nodes).

        Examples
        --------
        >>> from zonekit import Source, load_plan
        >>> model = NetworkModel(load_plan(Source.from_text(
        ...     "We must support Hong Kong finance through a pilot.\\n"
        ...     "We will explore Macao trade.", doc_id="demo")))
        >>> model.webgl, model.trace_type() is go.Scatter
        (False, True)
        """
        return go.Scattergl if self.webgl else go.Scatter

    def finding(self, task_ids=None, entities=None, *, _sel=None) -> tuple[str, str]:
        """The title (a finding) and subtitle for a selection (plain text, not escaped).

        Parameters
        ----------
        task_ids, entities : iterable of str, optional
            See :meth:`select`.

        Returns
        -------
        (title, subtitle) : tuple of str
            The title names the entity on most tasks (ties: most links, then label).

        Examples
        --------
        >>> from zonekit import Source, load_plan
        >>> model = NetworkModel(load_plan(Source.from_text(
        ...     "We must support Hong Kong finance through a pilot.\\n"
        ...     "We will explore Macao trade.", doc_id="demo")))
        >>> model.finding()[0]
        'Finance is the hub: coded on 1 of 2 tasks, linked to 2 entities'
        >>> model.finding(task_ids=["T002"])[1]
        '2 entities, 1 link; linked when coded on the same task · size = tasks'
        >>> model.finding(entities=[])[0]
        'No entities coded in this selection'
        """
        sel = _sel if _sel is not None else self._selection(task_ids, entities)
        nm, count, em = sel["node_mask"], sel["count"], sel["edge_mask"]
        shown = np.flatnonzero(nm)
        if len(shown) == 0:
            where = "this selection" if sel["filtered"] else "this plan"
            return (f"No entities coded in {where}",
                    "Sectors, partners and instruments coded on the same task are linked")
        degree = np.bincount(np.concatenate([self._ea[em], self._eb[em]]),
                             minlength=len(self.node_ids))
        top = min(shown.tolist(), key=lambda i: (-count[i], -degree[i], self.labels[i]))
        n_edges = int(em.sum())
        title = (f"{self.labels[top]} is the hub: coded on {count[top]} of "
                 f"{plural(sel['n_tasks'], 'task')}, linked to "
                 f"{plural(int(degree[top]), 'entity')}")
        subtitle = (f"{plural(len(shown), 'entity')}, {plural(n_edges, 'link')}; linked when "
                    "coded on the same task · size = tasks")
        return title, subtitle

    def view(self, task_ids=None, entities=None, selected=()) -> tuple[list[dict], str, str]:
        """:meth:`traces` and :meth:`finding` of one selection, computed once.

        Parameters
        ----------
        task_ids, entities : iterable of str, optional
            See :meth:`select`.
        selected : iterable of str
            See :meth:`traces`.

        Returns
        -------
        (traces, title, subtitle) : tuple
            ``traces(...)`` and ``finding(...)`` for the same selection.

        Examples
        --------
        >>> from zonekit import Source, load_plan
        >>> model = NetworkModel(load_plan(Source.from_text(
        ...     "We must support Hong Kong finance through a pilot.\\n"
        ...     "We will explore Macao trade.", doc_id="demo")))
        >>> traces, title, subtitle = model.view(task_ids=["T002"], selected=["macao"])
        >>> [len(t["x"]) for t in traces[-4:]], title
        ([1, 1, 0, 0], 'Macao is the hub: coded on 1 of 1 task, linked to 1 entity')
        """
        sel = self._selection(task_ids, entities)
        return (self.traces(selected=selected, _sel=sel), *self.finding(_sel=sel))


def network_layout(fig: go.Figure) -> go.Figure:
    # Fixed ranges (positions are scaled to [-1, 1]) keep nodes in place when filters change;
    # no fixed aspect ratio, so the network fills a landscape slide.
    axis = {"visible": False, "showgrid": False, "zeroline": False}
    fig.update_layout(xaxis={**axis, "range": [-1.22, 1.22]},
                      yaxis={**axis, "range": [-1.14, 1.3]},
                      hovermode="closest", dragmode="pan", legend={"itemsizing": "constant"},
                      height=NETWORK_HEIGHT,
                      margin={"l": 20, "r": 20})
    return fig


def network(plan, *, seed: int = 0, entities=None, task_ids=None, model=None) -> go.Figure:
    """The network of sectors, partners and instruments coded on the same tasks.

    Colour and symbol by kind (Okabe-Ito), size by number of tasks, labels on the most
    connected nodes, hover listing each node's source sentences. Positions come from
    :func:`zonekit.graph.layout` with ``seed``, so the same plan always draws the same picture.
    Vector ``go.Scatter`` up to :data:`WEBGL_THRESHOLD` nodes, ``go.Scattergl`` above.

    Parameters
    ----------
    plan : Plan
    seed : int
        Layout seed.
    entities : iterable of str, optional
        Show only these entity ids.
    task_ids : iterable of str, optional
        Draw only these tasks (nodes and edge weights are counted within them).
    model : NetworkModel, optional
        A prebuilt model of the same plan (skips the layout).

    Returns
    -------
    plotly.graph_objects.Figure
        Eight traces: three edge classes, edge hover, then ``sector``, ``partner``,
        ``instrument`` and ``agency`` nodes (entity ids in ``customdata``).

    Examples
    --------
    >>> from zonekit import load_plan
    >>> plan = load_plan()
    >>> fig = network(plan)
    >>> [t.name for t in fig.data[-4:]], type(fig.data[-1]).__name__
    (['sector', 'partner', 'instrument', 'agency'], 'Scatter')
    >>> sum(len(t.x) for t in fig.data[-4:]) == len(plan.entities)
    True
    >>> bool((network(plan).data[-1].x == fig.data[-1].x).all())   # same plan, same picture
    True
    """
    model = model if model is not None else NetworkModel(plan, seed)
    T = model.trace_type()
    traces, title, subtitle = model.view(task_ids, entities)
    fig = network_layout(go.Figure([T(**tr) for tr in traces]))
    return apply_briefing_template(fig, title, source_line(plan), subtitle=subtitle)


def ego_network(plan, entity_id: str, *, seed: int = 0) -> go.Figure:
    """One entity (a partner such as Hong Kong, say) and the entities coded with it.

    Parameters
    ----------
    plan : Plan
    entity_id : str
        A codebook entity id (``plan.codebook``).
    seed : int
        Layout seed.

    Returns
    -------
    plotly.graph_objects.Figure
        Same traces as :func:`network`; an empty chart when the entity is not in the plan.

    Raises
    ------
    ValueError
        If ``entity_id`` is not in the plan's codebook.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> fig = ego_network(load_plan(), "hong-kong")
    >>> "hong-kong" in fig.data[-3].customdata
    True
    >>> ego_network(load_plan(), "atlantis")
    Traceback (most recent call last):
    ...
    ValueError: unknown entity 'atlantis'; entities in this plan: ...
    """
    import networkx as nx

    from ..graph import layout

    known = set(plan.entities["entity_id"])
    if entity_id not in known:
        try:
            plan.codebook[entity_id]
        except KeyError:
            ids = sorted(known)
            hint = f"; entities in this plan: {', '.join(ids[:12])}{' …' if len(ids) > 12 else ''}"
            raise ValueError(f"unknown entity {entity_id!r}{hint}") from None
        name = plan.codebook[entity_id].label
        return empty_figure(plan, f"{name} is not mentioned in this plan")
    G = plan.graph()
    # the ego graph in G's node order (nx.ego_graph's order follows the hash seed)
    keep = {entity_id, *G.adj[entity_id]}
    ego = nx.Graph()
    ego.add_nodes_from((v, G.nodes[v]) for v in G if v in keep)
    ego.add_edges_from((a, b, d) for a, b, d in G.edges(data=True) if a in keep and b in keep)
    pos = layout(ego, seed=seed)
    model = NetworkModel(plan, seed, G=ego, pos=pos)
    T = model.trace_type()
    fig = network_layout(go.Figure([T(**tr) for tr in model.traces(selected=[entity_id])]))
    i = model.node_ids.index(entity_id)
    label = model.labels[i]
    n_tasks = int(model.n_tasks_all[i])
    others = pd.Series(np.delete(model.kinds, i))
    if others.empty:
        title = f"{label} is coded on {plural(n_tasks, 'task')} with no other entity"
    else:
        by_kind = others.value_counts()
        parts = [f"{plural(int(by_kind[k]), k)}" for k in KINDS if k in by_kind]
        title = f"{label} is tied to {', '.join(parts)} through {plural(n_tasks, 'task')}"
    return apply_briefing_template(fig, title, source_line(plan),
                                   subtitle=f"Ego network of {label}: the entities coded on the "
                                            "same tasks · size = tasks")


# --------------------------------------------------------------------------------------------
# matrices



STATUS_COLORS = {"added": "#009E73", "removed": "#D55E00", "shared": "#8C8C8C"}
_LEGEND = {"added": "added in {b}", "removed": "removed (only in {a})", "shared": "in both"}


def comparison_network(comparison, seed: int = 0):
    """Two networks side by side, plan ``a`` left and plan ``b`` right, changes coloured.

    Both panels use one layout of the union of the two networks, so a node sits at the same
    place in each. Nodes and links only in ``a`` are vermillion (removed), only in ``b`` green
    (added), in both grey (:data:`STATUS_COLORS`); the marker shows the kind (as in
    :func:`network`) and its size the number of tasks in that plan. Changed entities and those on
    two or more tasks are labelled; every node has its label on hover.

    Parameters
    ----------
    comparison : zonekit.comparison.Comparison
    seed : int
        Seed of the layout (same seed, same picture).

    Returns
    -------
    plotly.graph_objects.Figure
        One trace per panel, status and layer; ``trace.meta`` is ``{"panel": "a" or "b",
        "status": ..., "layer": "links" or "entities"}``, ``legendgroup`` the status, and
        ``customdata`` of entity traces the entity ids. Text is HTML-escaped.

    Examples
    --------
    >>> from zonekit import Source, compare
    >>> cmp = compare(Source.from_text("We will support banks in Hong Kong.", doc_id="old"),
    ...               Source.from_text("We will support banks in Macao.", doc_id="new"))
    >>> fig = comparison_network(cmp)
    >>> [(t.meta["panel"], t.meta["status"], t.meta["layer"]) for t in fig.data]
    [('a', 'removed', 'links'), ('a', 'removed', 'entities'), ('a', 'shared', 'entities'), ('b', 'added', 'links'), ('b', 'added', 'entities'), ('b', 'shared', 'entities')]
    >>> list(fig.data[1].customdata), fig.data[1].marker.color, fig.data[1].name
    (['hong-kong'], '#D55E00', 'removed (only in old)')
    >>> fig.layout.title.text
    "new keeps 1 of old's 2 entities, drops 1 and adds 1"
    """
    from plotly.subplots import make_subplots

    from ..graph import layout

    G = comparison.graph()
    pos = layout(G, seed=seed, weight=None)
    name_a, name_b = comparison.names
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.03,
                        subplot_titles=(esc(f"A: {name_a}"), esc(f"B: {name_b}")))
    shown: set[str] = set()
    for panel, col, statuses in (("a", 1, ("removed", "shared")), ("b", 2, ("added", "shared"))):
        legend = {s: esc(_LEGEND[s].format(a=name_a, b=name_b)) for s in statuses}
        for status in statuses:  # links under the nodes
            xs, ys = [], []
            for u, v, d in G.edges(data=True):
                if d["status"] == status:
                    xs += [pos[u][0], pos[v][0], None]
                    ys += [pos[u][1], pos[v][1], None]
            if xs:
                fig.add_trace(go.Scatter(
                    x=xs, y=ys, mode="lines", hoverinfo="skip", name=legend[status],
                    legendgroup=status, showlegend=False,
                    meta={"panel": panel, "status": status, "layer": "links"},
                    line={"color": STATUS_COLORS[status],
                          "width": 1 if status == "shared" else 2.5},
                ), row=1, col=col)
            nodes = [n for n, d in G.nodes(data=True) if d["status"] == status]
            if not nodes:
                continue
            attrs = [G.nodes[n] for n in nodes]
            fig.add_trace(go.Scatter(
                x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes],
                mode="markers+text", name=legend[status], legendgroup=status,
                showlegend=status not in shown, customdata=nodes,
                meta={"panel": panel, "status": status, "layer": "entities"},
                text=[esc(d["label"]) if status != "shared" or d[f"n_tasks_{panel}"] >= 2
                      else "" for d in attrs], textposition="top center",
                textfont={"size": TYPE_SCALE["label"] - 2}, hoverinfo="text",
                hovertext=[f"<b>{esc(d['label'])}</b> ({esc(d['kind'])})<br>{status}; "
                           f"tasks in A: {d['n_tasks_a']}, in B: {d['n_tasks_b']}"
                           for d in attrs],
                marker={"color": STATUS_COLORS[status],
                        "size": [8 + 3 * min(d[f"n_tasks_{panel}"], 10) for d in attrs],
                        "symbol": [KIND_SYMBOLS.get(d["kind"], "circle") for d in attrs],
                        "line": {"color": "white", "width": 1}},
            ), row=1, col=col)
            shown.add(status)
    summary = comparison.summary
    n_added = int(summary.loc[list(KINDS), "added"].sum())
    n_removed = int(summary.loc[list(KINDS), "removed"].sum())
    n_shared = int(summary.loc[list(KINDS), "shared"].sum())
    title = (f"{name_b} keeps {n_shared} of {name_a}'s {n_shared + n_removed} entities, drops "
             f"{n_removed} and adds {n_added}")
    subtitle = (f"Links: {int(summary.loc['link', 'added'])} added, "
                f"{int(summary.loc['link', 'removed'])} removed; marker size = tasks in that "
                f"plan")
    source = "; ".join(dict.fromkeys([comparison.a.citation(), comparison.b.citation()]))
    fig.update_layout(hovermode="closest", height=NETWORK_HEIGHT,
                      margin={"l": 30, "r": 30, "t": 150, "b": 90})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply_briefing_template(fig, title, source, subtitle=subtitle)
