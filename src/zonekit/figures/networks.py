"""Network charts: the co-occurrence network, ego networks and the comparison network.

Layout (node positions) is computed in :func:`zonekit.graph.layout`; this module only draws.
"""

from __future__ import annotations

import base64
import html
import math
import re
from dataclasses import replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..findings import KIND_ZH
from ..findings import count as fcount
from ..labels import MIN_WIDTH, Canvas, label_size, place_labels, text_width
from ..measures import plan_language
from ..schema import KINDS
from .theme import (
    HALO,
    HOVER_SENTENCES,
    INSET,
    KIND_SYMBOLS,
    MARGIN,
    NETWORK_HEIGHT,
    SUBTITLE_LINE_PX,
    SYMBOL_EXTENT,
    TEXT_COLOR,
    TOP_MARGIN,
    TYPE_SCALE,
    WEBGL_THRESHOLD,
    apply_briefing_template,
    empty_figure,
    esc,
    kind_color,
    kind_column,
    kind_symbol,
    plural,
    short,
    source_line,
    wrap,
)

__all__ = ['NetworkModel', 'network_layout', 'network_canvas', 'label_boxes', 'figure_canvas',
           'trace_array', 'title_block', 'set_title_block', 'fit_lines', 'unwrap',
           'fit_titles', 'fit_source',
           'LABEL_SIZE', 'KIND_NAMES_ZH', 'network', 'ego_network', 'comparison_network', 'STATUS_COLORS']

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

    def __init__(self, plan, seed: int = 0, *, G=None, pos=None, canvas: Canvas | None = None,
                 lang: str | None = None):
        from ..graph import layout

        self.plan = plan
        self.seed = seed
        self.G = plan.graph() if G is None else G
        self.pos = layout(self.G, seed=seed) if pos is None else pos
        self.canvas = canvas if canvas is not None else network_canvas()
        self.webgl = self.G.number_of_nodes() >= WEBGL_THRESHOLD
        attrs = self.G.nodes
        nodes = list(self.G.nodes)
        self.node_ids = nodes
        self._index = {v: i for i, v in enumerate(nodes)}
        self.task_ids = plan.tasks["task_id"].tolist()
        self._task_index = {t: i for i, t in enumerate(self.task_ids)}
        # node-task incidence, from the task lists (so it matches the graph)
        inc_node, inc_task = [], []
        for kind in self.kind_order(plan, self.G):
            col = kind_column(kind)
            if col not in plan.tasks:
                continue
            for ti, ids in enumerate(plan.tasks[col]):
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
        self.kind_names = self.kind_order(plan, self.G)
        self.names = {"en": [attrs[v].get("label") or str(v) for v in nodes],
                      "zh": [attrs[v].get("label_zh") or attrs[v].get("label") or str(v)
                             for v in nodes]}
        self.lang = lang if lang in self.names else plan_language(plan)
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
            e_hover.append(f"{esc(self.names['en'][ia])} — {esc(self.names['en'][ib])}<br>"
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

    @staticmethod
    def kind_order(plan, G) -> list[str]:
        """The entity kinds drawn, one node trace each: :data:`zonekit.schema.KINDS`, then any
        other kind found in the graph (so a new kind such as ``agency`` is drawn too).

        Examples
        --------
        >>> import networkx as nx
        >>> G = nx.Graph()
        >>> G.add_node("mofcom", kind="agency")
        >>> NetworkModel.kind_order(None, G)[-1]
        'agency'
        """
        kinds = list(KINDS)
        for _, k in G.nodes(data="kind"):
            if k and k not in kinds:
                kinds.append(k)
        return kinds

    @property
    def labels(self) -> list[str]:
        """Node labels in the model's language (:attr:`lang`: ``"en"`` or ``"zh"``)."""
        return self.names[self.lang]

    def set_lang(self, lang: str) -> None:
        """Draw labels and titles in ``"en"`` or ``"zh"`` from now on.

        Examples
        --------
        >>> from zonekit import load_plan
        >>> model = NetworkModel(load_plan())
        >>> model.set_lang("zh")
        >>> model.labels[model.node_ids.index("hong-kong")]
        '香港'
        """
        if lang not in self.names:
            raise ValueError(f"unknown language {lang!r}; use 'en' or 'zh'")
        self.lang = lang

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
               *, canvas: Canvas | None = None, _sel=None) -> list[dict]:
        """Trace properties for a selection, always the same traces in the same order.

        Three edge traces (by number of shared tasks), one invisible trace of edge midpoints
        carrying edge hover, the ``leaders`` (lines from moved labels back to their nodes), the
        ``labels`` (text placed by :func:`zonekit.labels.place_labels`: no two overlap, none
        covers a marker; every partner, every node the title names and the selection are
        labelled, the rest by importance as space allows), then one node trace per kind
        (:meth:`kind_order`; ``customdata`` holds entity ids, ``legendgroup`` the kind).
        Empty selections give empty traces.

        Parameters
        ----------
        task_ids, entities : iterable of str, optional
            See :meth:`select`.
        selected : iterable of str
            Entity ids to outline and label (the explorer's current selection).
        label_limit : int, optional
            Label at most this many nodes beyond those that must be (default: as space allows).
        canvas : zonekit.labels.Canvas, optional
            Geometry the labels are placed in (default :attr:`canvas`).

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
         ('leaders', 0), ('labels', 5), ('sector', 2), ('partner', 2), ('instrument', 1), ('agency', 0)]
        >>> partners = traces[-3]
        >>> partners["customdata"].tolist(), partners["marker"]["line"]["width"].tolist()
        (['hong-kong', 'macao'], [0.8, 4.0])
        """
        sel = _sel if _sel is not None else self._selection(task_ids, entities)
        canvas = canvas if canvas is not None else self.canvas
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
        selected = set(selected)
        is_sel_all = np.zeros(len(self.node_ids), dtype=bool)
        is_sel_all[[i for i in (self._index.get(e) for e in selected) if i is not None]] = True
        base, span = marker_scale(len(shown))
        size = base + span * np.sqrt(count / self.max_tasks)
        line = np.where(is_sel_all, 4.0, 0.8)
        extent = np.array([SYMBOL_EXTENT.get(kind_symbol(k), 1.3) for k in self.kinds])
        marker_px = size * extent + line
        # label placement: partners, the nodes the title names and the selection must be shown
        degree = self._degree(sel)
        named = set(self._named(sel, selected, degree))
        must = ((self.kinds[shown] == "partner") | np.isin(shown, list(named))
                | is_sel_all[shown])
        priority = count[shown] * 1000.0 + degree[shown]
        texts = self._short_labels()[shown].tolist()
        placed = place_labels(self.x[shown], self.y[shown], texts, marker_px=marker_px[shown],
                              canvas=canvas, must=must, priority=priority,
                              font_size=LABEL_SIZE, limit=label_limit, seed=self.seed)
        ok = placed["placed"].to_numpy()
        lab = shown[ok]
        lx, ly = placed["lx"].to_numpy()[ok], placed["ly"].to_numpy()[ok]
        lead = placed["leader"].to_numpy()[ok]
        boxes = placed[["x0", "y0", "x1", "y1"]].to_numpy()[ok]
        lines_x, lines_y = [], []
        for j in np.flatnonzero(lead):
            i = lab[j]
            ex, ey = _box_edge(boxes[j], self.x[i], self.y[i], lx[j], ly[j])
            lines_x += [self.x[i], ex, np.nan]
            lines_y += [self.y[i], ey, np.nan]
        out.append({"name": "leaders", "x": np.array(lines_x, dtype=float),
                    "y": np.array(lines_y, dtype=float), "mode": "lines", "hoverinfo": "skip",
                    "showlegend": False, "line": {"width": 1, "color": "#555555"}})
        out.append({"name": "labels", "x": lx, "y": ly, "mode": "text",
                    "text": np.array([esc(t) for t in placed["text"][ok]], dtype=object
                                     ).astype(str),
                    "textposition": "middle center",
                    "textfont": {"size": LABEL_SIZE, "color": TEXT_COLOR,
                                 **({} if self.webgl else {"shadow": HALO})},
                    "hovertext": self._hover[lab].astype(str), "hoverinfo": "text",
                    "customdata": self._node_ids[lab].astype(str), "showlegend": False,
                    **({} if self.webgl else {"cliponaxis": False})})
        for kind in self.kind_names:
            idx = shown[self.kinds[shown] == kind]
            out.append({
                "name": self._kind_name(kind), "x": self.x[idx], "y": self.y[idx],
                "mode": "markers",
                "hovertext": self._hover[idx].astype(str),
                "hoverinfo": "text", "customdata": self._node_ids[idx].astype(str),
                "marker": {"size": size[idx].round(2), "color": kind_color(kind),
                           "symbol": kind_symbol(kind), "opacity": 0.95,
                           "line": {"width": line[idx], "color": TEXT_COLOR}},
                "legendgroup": kind, "showlegend": True,
                **({} if self.webgl else {"cliponaxis": False}),
            })
        return out

    def _short_labels(self) -> np.ndarray:
        """Labels as drawn (shortened to 26 characters), in :attr:`lang`, computed once."""
        cache = self.__dict__.setdefault("_shorts", {})
        if self.lang not in cache:
            cache[self.lang] = np.array([short(t, 26) for t in self.labels], dtype=object)
        return cache[self.lang]

    def _kind_name(self, kind: str) -> str:
        return KIND_NAMES_ZH.get(kind, kind) if self.lang == "zh" else kind

    def _degree(self, sel) -> np.ndarray:
        em = sel["edge_mask"]
        return np.bincount(np.concatenate([self._ea[em], self._eb[em]]),
                           minlength=len(self.node_ids))

    def _hubs(self, sel, degree) -> list[int]:
        """The hub: the shown node on most tasks, then most links; several when they tie."""
        count = sel["count"]
        shown = np.flatnonzero(sel["node_mask"])
        if len(shown) == 0:
            return []
        c, d = count[shown], degree[shown]
        top_c = c.max()
        top_d = d[c == top_c].max()
        tied = shown[(c == top_c) & (d == top_d)]
        return sorted((int(i) for i in tied), key=lambda i: self.labels[i])

    def _named(self, sel, selected, degree) -> list[int]:
        """Nodes the title names: the one selected entity, else the hub(s)."""
        one = [i for i in (self._index.get(e) for e in selected)
               if i is not None and sel["node_mask"][i]]
        if len(selected) == 1 and len(one) == 1:
            return [int(one[0])]
        return self._hubs(sel, degree)[:3]

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

    def finding(self, task_ids=None, entities=None, selected=(), *, _sel=None
                ) -> tuple[str, str]:
        """The title (a finding) and subtitle for a selection (plain text, not escaped).

        With one entity selected (a node click), the title is about that entity; otherwise it
        names the hub: the entity on most tasks, then with most links; entities tied on both
        are named together as a tie. In :attr:`lang` (``"en"`` or ``"zh"``).

        Parameters
        ----------
        task_ids, entities : iterable of str, optional
            See :meth:`select`.
        selected : iterable of str
            The explorer's selection.

        Returns
        -------
        (title, subtitle) : tuple of str

        Examples
        --------
        >>> from zonekit import Source, load_plan
        >>> model = NetworkModel(load_plan(Source.from_text(
        ...     "We must support Hong Kong finance through a pilot.\\n"
        ...     "We will explore Macao trade.", doc_id="demo")))
        >>> model.finding()[0]
        '3 entities tie as the hub (Finance; Hong Kong; Pilot programme): each coded on 1 of 2 tasks, linked to 2 entities'
        >>> model.finding(task_ids=["T002"])[0]
        '2 entities tie as the hub (Macao; Trade and investment): each coded on 1 of 1 task, linked to 1 entity'
        >>> model.finding(task_ids=["T002"], selected=["trade"])[0]
        'Trade and investment: coded on 1 of 1 task shown, linked to 1 entity'
        >>> model.finding(task_ids=["T002"])[1]
        '2 entities, 1 link; linked when coded on the same task · size = tasks'
        >>> model.finding(entities=[])[0]
        'No entities coded in this selection'
        >>> model.set_lang("zh")
        >>> model.finding(task_ids=["T002"], selected=["macao"])[0]
        '澳门：在所示1项任务中出现1项，关联1个实体'
        """
        sel = _sel if _sel is not None else self._selection(task_ids, entities)
        nm, em = sel["node_mask"], sel["edge_mask"]
        count = sel["count"]
        shown = np.flatnonzero(nm)
        zh = self.lang == "zh"
        if len(shown) == 0:
            if zh:
                return ("此筛选中没有编码的实体" if sel["filtered"] else "本规划中没有编码的实体",
                        "同一任务中编码的领域、合作方和政策工具相连")
            where = "this selection" if sel["filtered"] else "this plan"
            return (f"No entities coded in {where}",
                    "Sectors, partners and instruments coded on the same task are linked")
        degree = self._degree(sel)
        n_tasks, n_edges = sel["n_tasks"], int(em.sum())
        selected = set(selected)
        named = self._named(sel, selected, degree)
        one = len(selected) == 1 and len(named) == 1 and self.node_ids[named[0]] in selected
        i = named[0]
        c, d = int(count[i]), int(degree[i])
        if zh:
            names = "、".join(self.labels[j] for j in named)
            if one:
                title = f"{names}：在所示{n_tasks}项任务中出现{c}项，关联{d}个实体"
            elif len(named) == 1:
                title = f"{names}是枢纽：在{n_tasks}项任务中出现{c}项，关联{d}个实体"
            elif len(self._hubs(sel, degree)) > len(named):
                title = (f"没有单一枢纽：{len(self._hubs(sel, degree))}个实体并列，各在{n_tasks}"
                         f"项任务中出现{c}项，关联{d}个实体")
            else:
                title = (f"{names}并列为枢纽：各在{n_tasks}项任务中出现{c}项，"
                         f"关联{d}个实体")
            subtitle = (f"{len(shown)}个实体，{n_edges}条关联；同一任务中编码的实体相连 · "
                        "大小 = 任务数")
            return title, subtitle
        of = f"{c} of {plural(n_tasks, 'task')}"
        links = plural(d, "entity")
        if one:
            title = f"{self.labels[i]}: coded on {of} shown, linked to {links}"
        elif len(named) == 1:
            title = f"{self.labels[i]} is the hub: coded on {of}, linked to {links}"
        else:
            names = [self.labels[j] for j in named]
            n_tied = len(self._hubs(sel, degree))
            if n_tied > len(names):
                title = (f"No single hub: {n_tied} entities tie, each coded on {of} and "
                         f"linked to {links}")
            else:
                title = (f"{n_tied} entities tie as the hub ({'; '.join(names)}): each coded "
                         f"on {of}, linked to {links}")
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
        ([1, 1, 0, 0], 'Macao: coded on 1 of 1 task shown, linked to 1 entity')
        """
        v = self.render(task_ids, entities, selected)
        return v["traces"], v["title"], v["subtitle"]

    def render(self, task_ids=None, entities=None, selected=(), *, zoom: bool = False,
               canvas: Canvas | None = None, fit_titles: bool = False) -> dict:
        """Everything to draw one selection: traces, title, subtitle and axis ranges.

        Parameters
        ----------
        task_ids, entities, selected
            See :meth:`traces`.
        zoom : bool
            Fit the axis ranges to the nodes shown (when the selection is filtered), and place
            the labels for those ranges; otherwise the full ranges of :attr:`canvas`.
        canvas : zonekit.labels.Canvas, optional
            Draw for this geometry instead of :attr:`canvas`.
        fit_titles : bool
            Lay the title and subtitle out for the canvas width (:func:`title_block`, under
            ``"block"``) and place the labels below the top margin they need (``"top"``).

        Returns
        -------
        dict
            ``traces, title, subtitle, x_range, y_range`` (and ``block``, ``top``).

        Examples
        --------
        >>> from zonekit import load_plan
        >>> model = NetworkModel(load_plan())
        >>> full = model.render()
        >>> part = model.render(entities=["hong-kong", "macao"], zoom=True)
        >>> full["x_range"], bool(part["x_range"][1] - part["x_range"][0] < 2.44)
        ((-1.22, 1.22), True)
        """
        sel = self._selection(task_ids, entities)
        canvas = canvas if canvas is not None else self.canvas
        if zoom and sel["filtered"]:
            canvas = canvas.with_ranges(*self.zoom_ranges(sel))
        title, subtitle = self.finding(selected=selected, _sel=sel)
        extra = {}
        if fit_titles:
            block = title_block(title, subtitle, canvas.width)
            canvas = replace(canvas, margin={**canvas.margin, "t": block["top"]})
            extra = {"block": block, "top": block["top"]}
        return {"traces": self.traces(selected=selected, canvas=canvas, _sel=sel),
                "title": title, "subtitle": subtitle,
                "x_range": canvas.x_range, "y_range": canvas.y_range, **extra}

    def zoom_ranges(self, sel) -> tuple[tuple[float, float], tuple[float, float]]:
        """Axis ranges around the nodes of a selection, with room for labels.

        Never wider than the full ranges, never narrower than a third of them.
        """
        full_x, full_y = self.canvas.x_range, self.canvas.y_range
        idx = np.flatnonzero(sel["node_mask"])
        if len(idx) == 0:
            return full_x, full_y
        out = []
        for v, (lo, hi) in ((self.x[idx], full_x), (self.y[idx], full_y)):
            span = hi - lo
            a, b = float(v.min()), float(v.max())
            pad = max(0.18 * span, 0.25 * (b - a))
            a, b = a - pad, b + pad
            if b - a < span / 3:
                mid = (a + b) / 2
                a, b = mid - span / 6, mid + span / 6
            a, b = max(a, lo), min(b, hi)
            out.append((round(a, 4), round(b, 4)))
        return out[0], out[1]


def marker_scale(n_nodes: int) -> tuple[float, float]:
    """Smallest marker size and its growth (px) for a network of ``n_nodes`` drawn nodes.

    12 px plus up to 30 px by tasks up to 60 nodes; above, both shrink with the square root of
    the number of nodes (to 5 and 12 px at least), so markers leave room for labels.

    Examples
    --------
    >>> marker_scale(34), marker_scale(240)
    ((12.0, 30.0), (6.0, 15.0))
    """
    k = min(1.0, float(np.sqrt(60 / max(n_nodes, 1))))
    return max(5.0, 12.0 * k), max(12.0, 30.0 * k)


#: Font size (px) of node labels.
LABEL_SIZE = TYPE_SCALE["label"] - 1
#: Names of the kinds in Chinese (legend, titles).
KIND_NAMES_ZH = KIND_ZH  # one vocabulary: zonekit.findings


def _box_edge(box, nx_, ny_, cx, cy) -> tuple[float, float]:
    """Where the line from a node to its label's centre meets the label's box."""
    x0, y0, x1, y1 = box
    dx, dy = nx_ - cx, ny_ - cy
    hw, hh = (x1 - x0) / 2, (y1 - y0) / 2
    t = min(hw / abs(dx) if dx else np.inf, hh / abs(dy) if dy else np.inf)
    t = min(t, 1.0)
    return float(cx + t * dx), float(cy + t * dy)


def network_canvas(height: int = NETWORK_HEIGHT, *, width: int = MIN_WIDTH,
                   top: int = 120) -> Canvas:
    """The geometry network figures are drawn (and their labels placed) in.

    Parameters
    ----------
    height : int
        Figure height in px.
    width : int
        Narrowest width the figure is expected at (labels placed for it stay apart wider).
    top : int
        Top margin in px (title, subtitle and legend).

    Examples
    --------
    >>> network_canvas().plot_size
    (760.0, 410.0)
    """
    return Canvas(width=width, height=height, margin={"l": 20, "r": 20, "t": top, "b": 90})


def network_layout(fig: go.Figure, canvas: Canvas | None = None, *,
                   fixed_width: bool = False) -> go.Figure:
    """Axes, size and margins of a network figure from its canvas (in place; returns it).

    The axis ranges are fixed (positions are scaled to [-1, 1]), so nodes stay in place when
    filters change; no fixed aspect ratio, so the network fills a landscape slide. With
    ``fixed_width`` the figure is ``canvas.width`` wide. Titles are laid out by
    :func:`title_block`.
    """
    canvas = canvas if canvas is not None else network_canvas()
    if fixed_width:
        fig.update_layout(width=canvas.width)
    axis = {"visible": False, "showgrid": False, "zeroline": False}
    fig.update_layout(xaxis={**axis, "range": list(canvas.x_range)},
                      yaxis={**axis, "range": list(canvas.y_range)},
                      hovermode="closest", dragmode="pan", legend={"itemsizing": "constant"},
                      height=canvas.height, margin=dict(canvas.margin),
                      meta={"label_width": canvas.width})
    return fig


def trace_array(value) -> np.ndarray:
    """A trace property as a numpy array, also when plotly holds it as a typed array.

    Figures rebuilt from JSON (``go.Figure(fig.to_plotly_json())``, as the briefing does) keep
    numeric arrays as ``{"dtype": ..., "bdata": <base64>}``.

    Examples
    --------
    >>> import plotly.graph_objects as go
    >>> fig = go.Figure(go.Scatter(x=np.array([0.5, 1.5])))
    >>> trace_array(go.Figure(fig.to_plotly_json()).data[0].x).tolist()
    [0.5, 1.5]
    """
    if isinstance(value, dict) and "bdata" in value:
        out = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        return out.reshape(value["shape"]) if value.get("shape") else out
    return np.asarray(value if value is not None else [])


_WIDE_CHARS = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
# CJK punctuation that never starts a line (closing) or ends one (opening): kept with the
# character it follows or precedes
_CLOSING, _OPENING = "）」』》〉】〕、。，；：！？・…", "（「『《〈【〔"
_TOKEN = re.compile(f"[{_OPENING}]*[{_WIDE_CHARS}][{_CLOSING}]*"
                    f"|[^\\s{_WIDE_CHARS}]+[{_CLOSING}]*\\s*|\\s+")


def _tokens(text: str, room: float, size: float) -> list[str]:
    """Where a line may break: after a word and its spaces, or after any CJK character, but
    never before closing CJK punctuation or after opening (a word wider than the room is
    broken into characters).

    >>> _tokens("服务（人才）；需求 plan）。", 500, 13)
    ['服', '务', '（人', '才）；', '需', '求', ' ', 'plan）。']
    """
    out = []
    for tok in _TOKEN.findall(text):
        out.extend(tok if text_width(tok.strip(), size) > room else [tok])
    return out


def _lines(text: str, room: float, size: float, max_lines: int) -> list[str] | None:
    """``text`` broken into lines at most ``room`` px wide at ``size``; None when it needs
    more than ``max_lines``."""
    lines, cur = [], ""
    for tok in _tokens(text, room, size):
        if cur.strip() and text_width((cur + tok).rstrip(), size) > room:
            lines.append(cur.rstrip())
            cur = tok.lstrip()
            if len(lines) >= max_lines:
                return None
        else:
            cur += tok
    lines.append(cur.rstrip())
    return lines


def title_block(title: str, subtitle: str, width: float) -> dict:
    """Title and subtitle laid out for a figure ``width`` px wide, and the top margin they need.

    The title keeps one line, its font shrinking from the template's 26 px to 16 px; when it
    still does not fit it is broken into two lines at 16 px (a longer one is cut with ``…``).
    The subtitle likewise (17 px down to 13 px, then up to three lines). The top margin holds the
    lines, the legend under them and a gap, so the title never runs over the subtitle and
    the labels are placed for the plot area that is left.

    Returns
    -------
    dict
        ``title`` and ``subtitle`` (HTML-escaped, lines joined by ``<br>``), ``title_size``,
        ``subtitle_size`` (px) and ``top`` (px).

    Examples
    --------
    >>> b = title_block("Hong Kong is the hub", "5 entities", 800)
    >>> b["title"], b["title_size"], b["top"]
    ('Hong Kong is the hub', 26, 120)
    >>> b = title_block("Trade and investment is the hub: coded on 5 of 14 tasks, linked to "
    ...                 "20 entities", "34 entities, 90 links; linked when coded on the same "
    ...                 "task · size = tasks", 420)
    >>> b["title"].count("<br>"), b["title_size"], b["subtitle"].count("<br>"), b["top"] > 120
    (1, 16, 1, True)
    """
    out, height = {}, 16.0                      # the title's pad above
    for key, text, big, small, most in (("title", title, TYPE_SCALE["title"], 16, 2),
                                        ("subtitle", subtitle, TYPE_SCALE["subtitle"], 13, 3)):
        text = str(text or "")
        lines, size = _fit_text(text, width, big, small, most)
        out[key] = "<br>".join(esc(line) for line in lines)
        out[f"{key}_size"] = size
        height += len(lines) * size * 1.3 if text else 0
    out["top"] = int(max(120, math.ceil(height + 6 + 40)))   # + gap, legend
    out["height"] = height
    return out


#: Height (px) of the one-line title and subtitle the template's top margins are made for.
_ONE_LINE = 16.0 + (TYPE_SCALE["title"] + TYPE_SCALE["subtitle"]) * 1.3


def fit_titles(fig: go.Figure, width: float) -> go.Figure:
    """Lay a chart's title and subtitle out for ``width`` px (see :func:`title_block`), in
    place: smaller fonts or two lines, the top margin grown by the lines added.

    For charts other than networks (those lay their titles out when their labels are placed).

    Examples
    --------
    >>> fig = go.Figure(layout={"title": {"text": "A long finding " * 12, "subtitle": {
    ...     "text": "what it shows " * 12}}, "margin": {"t": 110}})
    >>> fig = fit_titles(fig, 800)
    >>> fig.layout.title.text.count("<br>"), fig.layout.title.font.size, fig.layout.margin.t
    (1, 16, 130)

    A subtitle the chart wrapped itself (``<br>``, with 22 px of margin a line) is laid out
    again, never shown with a literal ``<br>``:

    >>> fig = go.Figure(layout={"title": {"text": "Tools", "subtitle": {
    ...     "text": "supply tools push (talent,<br>funds)"}}, "margin": {"t": 132}})
    >>> fit_titles(fig, 800).layout.title.subtitle.text, fig.layout.margin.t
    ('supply tools push (talent, funds)', 110)
    """
    title = html.unescape(str(fig.layout.title.text or ""))
    wrapped = html.unescape(str(fig.layout.title.subtitle.text or ""))
    if "<br>" in title or not title:
        return fig
    block = title_block(title, unwrap(wrapped), width)
    extra = max(0.0, block["height"] - _ONE_LINE)
    top = fig.layout.margin.t if fig.layout.margin.t is not None else TOP_MARGIN
    # the lines of a subtitle the chart wrapped itself are laid out again: their room goes
    top -= SUBTITLE_LINE_PX * len(re.findall(r"<br\s*/?>", wrapped))
    return set_title_block(fig, block, top=int(math.ceil(top + extra)))


def fit_source(fig: go.Figure, width: float, grow: bool = True) -> go.Figure:
    """Lay out a figure's source line (:func:`apply_briefing_template`) for ``width`` px, in
    place: its font shrinks from 13 px to 10 px; when it still does not fit it is broken into
    two lines at 10 px (a longer one is cut with ``…``), and, with ``grow``, the bottom
    margin takes the second line so it never runs into the axis labels (a network, whose
    labels are placed for its plot area and which has room under it, passes ``grow=False``).
    Call it once on a figure (a copy for each width).

    Examples
    --------
    >>> from zonekit.figures.theme import apply_briefing_template
    >>> fig = apply_briefing_template(go.Figure(), "A", "Plan for the zone, State Council "
    ...                               "of the People's Republic of China, 2023-11-23")
    >>> src = fit_source(fig, 1280).layout.annotations[0]
    >>> src.font.size, src.text.count("<br>"), fig.layout.margin.b
    (13, 0, 90)
    >>> src = fit_source(fig, 360).layout.annotations[0]
    >>> src.font.size, src.text.count("<br>"), fig.layout.margin.b, src.yshift
    (10, 1, 103, -95)
    """
    at = next((i for i, a in enumerate(fig.layout.annotations) if a.name == "source"), None)
    if at is None:
        return fig
    ann = fig.layout.annotations[at]
    text = html.unescape(unwrap(str(ann.text or "")))
    lines, size = _fit_text(text, width, TYPE_SCALE["source"], 10, 2)
    extra = 0 if len(lines) == 1 or not grow else int(math.ceil(size * 1.3))
    bottom = (fig.layout.margin.b if fig.layout.margin.b is not None else MARGIN["b"])
    ann.update(text="<br>".join(esc(line) for line in lines), font={"size": size},
               yshift=-(bottom + extra - 8))
    fig.update_layout(margin={"b": bottom + extra})
    return fig


def unwrap(text: str) -> str:
    """Text wrapped with ``<br>`` as one line again: a space between words, nothing between
    CJK characters (so it can be laid out for another width).

    Examples
    --------
    >>> unwrap("supply tools push (talent,<br>funds)"), unwrap("供给型工具<br>直接推动")
    ('supply tools push (talent, funds)', '供给型工具直接推动')
    """
    parts = [p.strip() for p in re.split(r"<br\s*/?>", str(text))]
    out = parts[0]
    for part in parts[1:]:
        wide = re.match(f"[{_WIDE_CHARS}]", out[-1:]) and re.match(f"[{_WIDE_CHARS}]", part[:1])
        out += ("" if wide or not out or not part else " ") + part
    return out


def _fit_text(text: str, width: float, big: float, small: float,
              max_lines: int) -> tuple[list[str], int]:
    """``(lines, size)``: ``text`` on one line, its font shrunk from ``big`` to ``small`` px
    to fit a figure ``width`` px wide (20 px margins); else :func:`fit_lines` at ``small``.

    >>> _fit_text("Plan", 800, 26, 16, 2), _fit_text("Plan " * 40, 400, 26, 16, 2)[0][1][-1]
    ((['Plan'], 26), '…')
    """
    room = max(width - 2 * INSET, 100.0)
    size = int(max(small, min(big, room / max(_text_px(text), 1e-9))))
    if _text_px(text) * size <= room:
        return [text], size
    return fit_lines(text, width, small, max_lines), int(small)


def fit_lines(text: str, width: float, size: float, max_lines: int = 2) -> list[str]:
    """``text`` in at most ``max_lines`` lines that fit a figure ``width`` px wide (20 px
    margins) at font ``size``; the last line is cut with ``…`` when the text is longer.

    Examples
    --------
    >>> fit_lines("Source: China approves plan to develop demonstration zone for service "
    ...           "sector, CGTN, 2023-11-23", 360, 13)
    ['Source: China approves plan to develop', 'demonstration zone for service sector, CGTN,…']
    """
    room = max(width - 2 * 20, 100.0)
    lines = _lines(text, room, size, max_lines)
    if lines is not None:
        return lines
    out, cur = [], ""
    for tok in _tokens(text, room, size):
        last = len(out) == max_lines - 1
        limit = room - (text_width("…", size) if last else 0)
        if cur.strip() and text_width((cur + tok).rstrip(), size) > limit:
            if last:
                return [*out, cur.rstrip() + "…"]
            out.append(cur.rstrip())
            cur = tok.lstrip()
        else:
            cur += tok
    return [*out, cur.rstrip()]


def _text_px(text: str) -> float:
    return text_width(text, 1.0)


def label_boxes(fig: go.Figure) -> pd.DataFrame:
    """The label boxes of a network figure, measured in its own coordinates.

    Reads the ``labels`` trace (text, position, font size) and the layout (height, margins,
    axis ranges; the width labels were placed for, ``layout.meta["label_width"]``), and sizes
    each box with :func:`zonekit.labels.label_size`.

    Returns
    -------
    DataFrame
        ``entity_id, text, placed, x0, x1, y0, y1`` (data units), one row per label.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> boxes = label_boxes(network(load_plan()))
    >>> "hong-kong" in set(boxes["entity_id"]), bool((boxes["x1"] > boxes["x0"]).all())
    (True, True)
    """


    canvas = figure_canvas(fig)
    sx, sy = canvas.scale()
    rows = []
    for t in fig.data:
        if t.name != "labels" or t.x is None:
            continue
        size = t.textfont.size or LABEL_SIZE
        for eid, text, x, y in zip(t.customdata, t.text, trace_array(t.x), trace_array(t.y),
                                   strict=True):
            w, h = label_size(html.unescape(text), size)
            rows.append((eid, html.unescape(text), True, x - w / 2 / sx, x + w / 2 / sx,
                         y - h / 2 / sy, y + h / 2 / sy))
    return pd.DataFrame(rows, columns=["entity_id", "text", "placed", "x0", "x1", "y0", "y1"])


def figure_canvas(fig: go.Figure) -> Canvas:
    """The :class:`~zonekit.labels.Canvas` of a (one-panel) network figure, from its layout."""
    lay = fig.layout
    meta = lay.meta if isinstance(lay.meta, dict) else {}
    width = lay.width or meta.get("label_width") or MIN_WIDTH
    m = lay.margin
    return Canvas(width=width, height=lay.height or NETWORK_HEIGHT,
                  margin={"l": m.l or 0, "r": m.r or 0, "t": m.t or 0, "b": m.b or 0},
                  x_range=tuple(lay.xaxis.range), y_range=tuple(lay.yaxis.range))


def network(plan, *, seed: int = 0, entities=None, task_ids=None, model=None,
            lang: str = "auto", width: int | None = None, height: int | None = None
            ) -> go.Figure:
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
    lang : {"auto", "en", "zh"}
        Language of labels, title and legend (``auto``: the plan's language).
    width, height : int, optional
        Size in px the figure is drawn (and its labels placed) at. Without ``width`` the
        figure fills its container and labels are placed for :data:`zonekit.labels.MIN_WIDTH`
        (they stay apart at any wider drawing); give the size an image is exported at.

    Returns
    -------
    plotly.graph_objects.Figure
        Seven traces: three edge classes, edge hover, then ``sector``, ``partner`` and
        ``instrument`` nodes (entity ids in ``customdata``).

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
    model = model if model is not None else NetworkModel(
        plan, seed, lang=None if lang == "auto" else lang)
    canvas = model.canvas
    if width or height:
        canvas = replace(canvas, width=width or canvas.width, height=height or canvas.height)
    T = model.trace_type()
    view = model.render(task_ids, entities, canvas=canvas, fit_titles=True)
    canvas = replace(canvas, margin={**canvas.margin, "t": view["top"]})
    fig = network_layout(go.Figure([T(**tr) for tr in view["traces"]]), canvas,
                         fixed_width=bool(width))
    fig = apply_briefing_template(fig, view["title"], source_line(plan),
                                  subtitle=view["subtitle"], lang=model.lang)
    return set_title_block(fig, view["block"])


def set_title_block(fig: go.Figure, block: dict, top: int | None = None) -> go.Figure:
    """Put the title and subtitle of :func:`title_block` (already escaped) on a figure, in
    place, and the top margin ``top`` when given.

    Examples
    --------
    >>> fig = set_title_block(go.Figure(), title_block("A & B", "", 800), top=130)
    >>> fig.layout.title.text, fig.layout.title.subtitle.text, fig.layout.margin.t
    ('A &amp; B', None, 130)
    """
    fig.update_layout(title={"text": block["title"], "font": {"size": block["title_size"]},
                             "subtitle": {"text": block["subtitle"] or None,
                                          "font": {"size": block["subtitle_size"]}}})
    if top is not None:
        fig.update_layout(margin={"t": top})
    return fig


def ego_network(plan, entity_id: str, *, seed: int = 0, lang: str = "auto",
                width: int | None = None, height: int | None = None) -> go.Figure:
    """One entity (a partner such as Hong Kong, say) and the entities coded with it.

    Parameters
    ----------
    plan : Plan
    entity_id : str
        A codebook entity id (``plan.codebook``).
    seed : int
        Layout seed.
    lang : {"auto", "en", "zh"}
        Language of labels, title and legend (``auto``: the plan's language).
    width, height : int, optional
        Size in px the figure is drawn (and its labels placed) at, as in :func:`network`.

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
    model = NetworkModel(plan, seed, G=ego, pos=pos, lang=None if lang == "auto" else lang)
    canvas = model.canvas
    if width or height:
        canvas = replace(canvas, width=width or canvas.width, height=height or canvas.height)
    i = model.node_ids.index(entity_id)
    label = model.labels[i]
    n_tasks = int(model.n_tasks_all[i])
    others = pd.Series(np.delete(model.kinds, i))
    zh = model.lang == "zh"
    if others.empty:
        title = (f"{label}涉及{fcount(n_tasks, 'task', 'zh')}，没有其他实体" if zh else
                 f"{label} is coded on {plural(n_tasks, 'task')} with no other entity")
    else:
        by_kind = others.value_counts()
        parts = [fcount(int(by_kind[k]), k, "zh") if zh else plural(int(by_kind[k]), k)
                 for k in model.kind_names if k in by_kind]
        title = (f"{label}通过{fcount(n_tasks, 'task', 'zh')}关联{'、'.join(parts)}" if zh else
                 f"{label} is tied to {', '.join(parts)} through {plural(n_tasks, 'task')}")
    subtitle = (f"{label}的自我中心网络：编码在同一任务上的实体 · 大小 = 任务数" if zh else
                f"Ego network of {label}: the entities coded on the same tasks · size = tasks")
    block = title_block(title, subtitle, canvas.width)   # labels go below the title's lines
    canvas = replace(canvas, margin={**canvas.margin, "t": block["top"]})
    T = model.trace_type()
    fig = network_layout(go.Figure([T(**tr) for tr in model.traces(selected=[entity_id],
                                                                   canvas=canvas)]),
                         canvas, fixed_width=bool(width))
    fig = apply_briefing_template(fig, title, source_line(plan), subtitle=subtitle,
                                  lang=model.lang)
    return set_title_block(fig, block)


# --------------------------------------------------------------------------------------------
# matrices



#: Axis range of each comparison panel (positions are scaled to [-1, 1]).
COMPARISON_RANGE = (-1.15, 1.15)


def comparison_canvas(col: int) -> Canvas:
    """Pixel geometry of one panel of :func:`comparison_network` (at its narrowest width)."""
    plot_w = MIN_WIDTH - 60
    panel_w = plot_w * (1 - 0.03) / 2
    return Canvas(width=panel_w, height=NETWORK_HEIGHT,
                  margin={"l": 0, "r": 0, "t": 150, "b": 90},
                  x_range=COMPARISON_RANGE, y_range=COMPARISON_RANGE)


def _comparison_labels(fig, G, pos, panel, col, statuses) -> None:
    """Place one panel's labels: changed entities and partners first, then by tasks."""
    nodes = [n for n, d in G.nodes(data=True) if d["status"] in statuses]
    attrs = [G.nodes[n] for n in nodes]
    size = np.array([8 + 3 * min(d[f"n_tasks_{panel}"], 10) for d in attrs], dtype=float)
    extent = np.array([SYMBOL_EXTENT.get(KIND_SYMBOLS.get(d["kind"], "circle"), 1.3)
                       for d in attrs])
    x = np.array([pos[n][0] for n in nodes], dtype=float)
    y = np.array([pos[n][1] for n in nodes], dtype=float)
    placed = place_labels(
        x, y, [short(d["label"], 24) for d in attrs], marker_px=size * extent + 1,
        canvas=comparison_canvas(col), font_size=TYPE_SCALE["label"] - 2,
        must=[d["status"] != "shared" or d["kind"] == "partner" for d in attrs],
        priority=[d[f"n_tasks_{panel}"] for d in attrs])
    ok = placed["placed"].to_numpy()
    boxes = placed[["x0", "y0", "x1", "y1"]].to_numpy()[ok]
    lx, ly = placed["lx"].to_numpy()[ok], placed["ly"].to_numpy()[ok]
    idx = np.flatnonzero(ok)
    lines_x, lines_y = [], []
    for j in np.flatnonzero(placed["leader"].to_numpy()[ok]):
        ex, ey = _box_edge(boxes[j], x[idx[j]], y[idx[j]], lx[j], ly[j])
        lines_x += [x[idx[j]], ex, None]
        lines_y += [y[idx[j]], ey, None]
    fig.add_trace(go.Scatter(x=lines_x, y=lines_y, mode="lines", hoverinfo="skip",
                             showlegend=False, name="leaders",
                             meta={"panel": panel, "status": "", "layer": "leaders"},
                             line={"width": 1, "color": "#555555"}), row=1, col=col)
    fig.add_trace(go.Scatter(
        x=lx, y=ly, mode="text", text=[esc(t) for t in placed["text"][ok]],
        textposition="middle center", textfont={"size": TYPE_SCALE["label"] - 2,
                                                "color": TEXT_COLOR},
        customdata=[nodes[i] for i in idx], hoverinfo="skip", showlegend=False, name="labels",
        meta={"panel": panel, "status": "", "layer": "labels"}), row=1, col=col)


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
    >>> [(t.meta["panel"], t.meta["status"], t.meta["layer"]) for t in fig.data][:4]
    [('a', 'removed', 'links'), ('a', 'removed', 'entities'), ('a', 'shared', 'entities'), ('a', '', 'leaders')]
    >>> [t.meta["layer"] for t in fig.data if t.meta["panel"] == "b"]
    ['links', 'entities', 'entities', 'leaders', 'labels']
    >>> sorted(next(t for t in fig.data if t.name == "labels").customdata)  # every entity of A
    ['finance', 'hong-kong']
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
                mode="markers", name=legend[status], legendgroup=status,
                showlegend=status not in shown, customdata=nodes,
                meta={"panel": panel, "status": status, "layer": "entities"},
                hoverinfo="text",
                hovertext=[f"<b>{esc(d['label'])}</b> ({esc(d['kind'])})<br>{status}; "
                           f"tasks in A: {d['n_tasks_a']}, in B: {d['n_tasks_b']}"
                           for d in attrs],
                marker={"color": STATUS_COLORS[status],
                        "size": [8 + 3 * min(d[f"n_tasks_{panel}"], 10) for d in attrs],
                        "symbol": [KIND_SYMBOLS.get(d["kind"], "circle") for d in attrs],
                        "line": {"color": "white", "width": 1}},
            ), row=1, col=col)
            shown.add(status)
        _comparison_labels(fig, G, pos, panel, col, statuses)
    fig.update_xaxes(range=list(COMPARISON_RANGE))
    fig.update_yaxes(range=list(COMPARISON_RANGE))
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
