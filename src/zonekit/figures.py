"""Briefing-quality charts of a plan (plotly).

Every function takes a :class:`~zonekit.plan.Plan` and returns a ``plotly.graph_objects.Figure``;
nothing is shown or saved (save with :mod:`zonekit.export`). All charts share one briefing
template (:func:`apply_briefing_template`): a title stating a finding computed from the data, a
source line under the chart (document, publisher, date), the Okabe-Ito colour-blind-safe palette,
a type scale readable on a slide and a font stack with a CJK font so Chinese labels render.

Text from documents and codebooks is HTML-escaped before it reaches a chart, and ``$`` is written
as ``&#36;`` so MathJax (if a page loads it) cannot typeset document text.

Layout (the positions of the network's nodes) is computed in :func:`zonekit.graph.layout`; this
module only draws.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .codebook import KINDS, TOOL_TYPES
from .plan import policy_tool_matrix

__all__ = [
    "network", "ego_network", "heatmap", "tool_matrix", "sunburst", "instruments_per_sector",
    "modality_by_section", "all_figures", "apply_briefing_template", "NetworkModel",
    "OKABE_ITO", "PALETTE", "KIND_COLORS", "KIND_SYMBOLS", "MODALITY_COLORS", "TOOL_COLORS",
    "FONT_FAMILY", "TYPE_SCALE", "BRIEFING_TEMPLATE", "WEBGL_THRESHOLD", "comparison_network",
    "STATUS_COLORS",
]

#: The Okabe-Ito palette (Okabe & Ito 2008), safe for the common colour-vision deficiencies.
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
}
#: Order in which categorical colours are used (yellow last: weak on white).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000",
           "#F0E442"]
KIND_COLORS = {"sector": "#0072B2", "partner": "#D55E00", "instrument": "#009E73"}
KIND_SYMBOLS = {"sector": "circle", "partner": "diamond", "instrument": "square"}
MODALITY_COLORS = {"binding": "#D55E00", "supportive": "#0072B2", "exploratory": "#E69F00"}
TOOL_COLORS = {"supply": "#56B4E9", "demand": "#CC79A7", "environment": "#009E73",
               "unclassified": "#999999"}
#: Sequential scale for counts: white to Okabe-Ito blue.
COUNT_SCALE = [[0.0, "#FFFFFF"], [0.15, "#DCEBF6"], [1.0, "#0072B2"]]
#: Font stack: Latin first, then CJK fonts so Chinese labels render in browsers and kaleido.
FONT_FAMILY = ('"Noto Sans", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", '
               '"Microsoft YaHei", "Helvetica Neue", Arial, sans-serif')
#: Type scale in px, sized for a 16:9 slide.
TYPE_SCALE = {"title": 26, "subtitle": 17, "body": 16, "tick": 15, "label": 14, "hover": 14,
              "source": 13}
#: From this many nodes on, the network draws with WebGL (``Scattergl``).
WEBGL_THRESHOLD = 1000
#: Smallest chart height in px (heights grow with the number of rows).
MIN_HEIGHT = 440
#: Height of network charts in px.
NETWORK_HEIGHT = 620
#: How many source sentences a hover label lists.
HOVER_SENTENCES = 5

_MARGIN = {"l": 70, "r": 40, "t": 120, "b": 90}
_INSET = 20   # px from the figure's left edge to the title and the source line
_TEXT = "#222222"
_HALO = "1px 1px 2px white, -1px -1px 2px white, 1px -1px 2px white, -1px 1px 2px white"
_GRID = "#E5E5E5"

BRIEFING_TEMPLATE = go.layout.Template(layout={
    "font": {"family": FONT_FAMILY, "size": TYPE_SCALE["body"], "color": _TEXT},
    "colorway": PALETTE,
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "title": {"x": 0, "xanchor": "left", "xref": "container", "y": 1, "yanchor": "top",
              "yref": "container", "pad": {"l": _INSET, "t": 16},
              "font": {"size": TYPE_SCALE["title"], "family": FONT_FAMILY, "color": _TEXT},
              "subtitle": {"font": {"size": TYPE_SCALE["subtitle"], "color": "#555555"}}},
    "xaxis": {"gridcolor": _GRID, "zerolinecolor": _GRID, "linecolor": "#888888",
              "tickfont": {"size": TYPE_SCALE["tick"]}, "title": {"font": {"size": 17}},
              "automargin": True},
    "yaxis": {"gridcolor": _GRID, "zerolinecolor": _GRID, "linecolor": "#888888",
              "tickfont": {"size": TYPE_SCALE["tick"]}, "title": {"font": {"size": 17}},
              "automargin": True},
    "legend": {"font": {"size": TYPE_SCALE["tick"]}, "orientation": "h", "x": 0,
               "traceorder": "normal",
               "xanchor": "left", "y": 1.0, "yanchor": "bottom", "title": {"text": ""}},
    "hoverlabel": {"font": {"family": FONT_FAMILY, "size": TYPE_SCALE["hover"]},
                   "align": "left", "bgcolor": "white", "bordercolor": "#888888"},
    "margin": _MARGIN,
})


# --------------------------------------------------------------------------------------------
# text helpers


def _esc(value) -> str:
    """HTML-escape text for plotly and neutralise ``$`` (MathJax)."""
    return html.escape("" if value is None else str(value), quote=False).replace("$", "&#36;")


_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _is_cjk(text: str) -> bool:
    return bool(text) and len(_CJK.findall(text)) > 0.3 * len(text)


def _wrap(text: str, width: int = 70) -> str:
    """Escape and wrap text into ``<br>``-separated lines (CJK text wraps at half width)."""
    text = " ".join(str(text).split())
    w = width // 2 if _is_cjk(text) else width
    lines = textwrap.wrap(text, w, break_long_words=True, break_on_hyphens=False) or [""]
    return "<br>".join(_esc(line) for line in lines)


def _short(text: str, n: int = 40) -> str:
    text = " ".join(str(text).split())
    n = n // 2 if _is_cjk(text) else n
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


_PLURALS = {"entity": "entities", "sector": "sectors", "partner": "partners"}


def _text_px(text: str, size: float) -> float:
    """Rough rendered width of a label in px (CJK glyphs are square, Latin about half)."""
    text = html.unescape(re.sub(r"<[^>]+>", "", str(text)))
    return sum(size if _CJK.match(ch) else 0.56 * size for ch in text)


def _fit_margins(fig: go.Figure, *, left=(), bottom=(), angle: float = 0, xtitle: bool = False,
                 ytitle: bool = False, rows: int = 0, row_px: int = 44) -> go.Figure:
    """Fixed margins that fit the tick labels, so the source line sits below them.

    Axis ``automargin`` is turned off: the margins are computed here instead, which keeps the
    source line's position exact. With ``rows``, the height gives each row ``row_px``.
    """
    size = TYPE_SCALE["tick"]
    left_px = max((_text_px(t, size) for t in left), default=0)
    bottom_px = max((_text_px(t, size) for t in bottom), default=0)
    rad = np.deg2rad(abs(angle))
    tick_h = bottom_px * np.sin(rad) + size * np.cos(rad) if len(bottom) else size
    margin_l = int(left_px + 24 + (30 if ytitle else 0)) if len(left) else 40
    margin_b = int(tick_h + 20 + (34 if xtitle else 0) + 34)
    fig.update_layout(margin={"l": max(margin_l, 40), "b": margin_b})
    if rows:
        fig.update_layout(height=max(MIN_HEIGHT, _MARGIN["t"] + margin_b + rows * row_px))
    fig.update_xaxes(automargin=False)
    fig.update_yaxes(automargin=False)
    return fig


def _a(word: str) -> str:
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _plural(n: int, word: str) -> str:
    """``1 task``, ``2 tasks``, ``3 entities``."""
    if n == 1:
        return f"{n} {word}"
    return f"{n} {_PLURALS.get(word, word + 's')}"


def _language(plan) -> str:
    """'zh' when every document is Chinese (by metadata or by its text), else 'en'."""
    langs = []
    for s in plan.sources:
        lang = str(s.meta.get("language") or "").lower()
        langs.append("zh" if lang.startswith("zh") or (not lang and _is_cjk(s.text[:2000]))
                     else "en")
    return "zh" if langs and all(x == "zh" for x in langs) else "en"


def _labels(plan) -> dict[str, str]:
    """Display label per entity id (Chinese labels for Chinese plans)."""
    ents = plan.entities
    zh = _language(plan) == "zh"
    out = {}
    for eid, label, label_zh in ents[["entity_id", "label", "label_zh"]].itertuples(index=False):
        out[eid] = (label_zh or label) if zh else (label or eid)
    return out


def _source_line(plan) -> str:
    """Source line from the plan's citations (document, publisher, date)."""
    cites = [plan.citation(s.doc_id) for s in plan.sources] or ["(no document)"]
    if len(cites) > 3:
        cites = [*cites[:2], f"and {len(cites) - 2} more documents"]
    return "; ".join(cites)


# --------------------------------------------------------------------------------------------
# template


def apply_briefing_template(fig: go.Figure, title: str, source: str, *,
                            subtitle: str | None = None, escape: bool = True) -> go.Figure:
    """A copy of ``fig`` in the briefing style, with a finding as title and a source line.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        Any figure (not modified).
    title : str
        The finding the chart shows, in one sentence.
    source : str
        Where the data come from (for a plan: ``plan.citation()``); written under the chart as
        ``Source: ...``.
    subtitle : str, optional
        What the chart shows (encodings, units).
    escape : bool
        HTML-escape ``title``, ``subtitle`` and ``source`` (default True; pass False only for
        text you built from already-escaped parts).

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> fig = apply_briefing_template(go.Figure(go.Bar(x=[1], y=[2])), "One bar <wins>", "A, B")
    >>> fig.layout.title.text, fig.layout.annotations[0].text
    ('One bar &lt;wins&gt;', 'Source: A, B')
    >>> fig.layout.annotations[0].name, fig.layout.template.layout.colorway[0]
    ('source', '#0072B2')
    """
    e = _esc if escape else str
    out = type(fig)(fig)
    annotations = [a for a in out.layout.annotations if a.name != "source"]
    margin_l = out.layout.margin.l if out.layout.margin.l is not None else _MARGIN["l"]
    margin_b = out.layout.margin.b if out.layout.margin.b is not None else _MARGIN["b"]
    # anchored to the plot area, shifted by the (fixed) margins into the figure's bottom-left
    annotations.append(go.layout.Annotation(
        name="source", text=f"Source: {e(source)}", showarrow=False, xref="paper", yref="paper",
        x=0, y=0, xanchor="left", yanchor="bottom", xshift=-(margin_l - _INSET),
        yshift=-(margin_b - 8), align="left",
        font={"size": TYPE_SCALE["source"], "color": "#555555"}))
    out.update_layout(
        template=BRIEFING_TEMPLATE,
        title={"text": e(title), "subtitle": {"text": e(subtitle) if subtitle else None}},
        annotations=annotations,
        margin={"l": margin_l, "b": margin_b},
    )
    return out


def _empty(plan, what: str, subtitle: str | None = None) -> go.Figure:
    """An empty chart saying what was not found (plans with zero matches)."""
    fig = go.Figure()
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.add_annotation(text=_esc(what), showarrow=False, xref="paper", yref="paper", x=0.5,
                       y=0.5, font={"size": 18, "color": "#777777"}, name="empty")
    return apply_briefing_template(fig, what, _source_line(plan), subtitle=subtitle)


# --------------------------------------------------------------------------------------------
# shared tables


def _codings(plan, dim: str) -> pd.DataFrame:
    """Long table ``task_id, value`` for a dimension: a kind, ``section`` or ``modality``."""
    tasks = plan.tasks
    if dim in KINDS:
        col = f"{dim}s"
        df = tasks[["task_id", col]].explode(col).dropna(subset=[col])
        df = df.rename(columns={col: "value"})
    elif dim in ("section", "modality"):
        df = tasks[["task_id", dim]].rename(columns={dim: "value"})
        df["value"] = df["value"].fillna("").astype(str).replace("", "(no heading)")
    else:
        raise ValueError(f"unknown dimension {dim!r}; use one of "
                         f"{', '.join((*KINDS, 'section', 'modality'))}")
    return df.drop_duplicates().reset_index(drop=True)


def _task_text(plan) -> dict[str, str]:
    return dict(zip(plan.tasks["task_id"], plan.tasks["text"], strict=True))


def _sentences_hover(task_ids: Iterable[str], texts: dict[str, str],
                     limit: int = HOVER_SENTENCES, width: int = 70) -> str:
    """Hover lines listing source sentences, escaped."""
    ids = list(dict.fromkeys(task_ids))
    lines = [f"<b>{_esc(t)}</b> {_wrap(texts.get(t, ''), width)}" for t in ids[:limit]]
    if len(ids) > limit:
        lines.append(f"<i>… and {len(ids) - limit} more</i>")
    return "<br>".join(lines)


def _tick_angle(labels) -> int:
    """Slant long category labels on an x axis."""
    return 30 if max((_text_px(t, TYPE_SCALE["tick"]) for t in labels), default=0) > 90 else 0


def _colorbar(title: str, zmax: int) -> dict:
    return {"title": {"text": title}, "thickness": 14, "len": 0.8,
            **({"dtick": 1} if zmax <= 10 else {})}


def _count_heatmap(z, x, y, hover, unit: str, name: str) -> go.Heatmap:
    """A heatmap of counts: numbers in the cells (blank for 0), white to blue, hover labels."""
    cells = np.asarray(z).tolist()
    return go.Heatmap(
        z=cells, x=x, y=y, text=[[str(v) if v else "" for v in row] for row in cells],
        texttemplate="%{text}", textfont={"size": TYPE_SCALE["label"]},
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        colorscale=COUNT_SCALE, zmin=0, xgap=2, ygap=2,
        colorbar=_colorbar(unit, int(np.max(z))), name=name)


def _dim_label(plan, dim: str, value: str, labels: dict[str, str]) -> str:
    return labels.get(value, value) if dim in KINDS else value


# --------------------------------------------------------------------------------------------
# network


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
    >>> [t["name"] for t in model.traces()][-3:]
    ['sector', 'partner', 'instrument']
    >>> nodes, edges = model.select(task_ids=["T001"])
    >>> nodes["entity_id"].tolist(), nodes["n_tasks"].tolist()
    (['health'], [1])
    """

    #: Edge classes by number of shared tasks: (name, minimum weight, line width).
    EDGE_CLASSES = (("1 shared task", 1, 1.0), ("2 shared tasks", 2, 2.2),
                    ("3+ shared tasks", 3, 3.8))

    def __init__(self, plan, seed: int = 0, *, G=None, pos=None):
        from .graph import layout

        self.plan = plan
        self.seed = seed
        self.G = plan.graph() if G is None else G
        self.pos = layout(self.G, seed=seed) if pos is None else pos
        self.webgl = self.G.number_of_nodes() >= WEBGL_THRESHOLD
        labels = _labels(plan)
        attrs = self.G.nodes
        nodes = list(self.G.nodes)
        self.node_ids = nodes
        self._index = {v: i for i, v in enumerate(nodes)}
        self.task_ids = plan.tasks["task_id"].tolist()
        self._task_index = {t: i for i, t in enumerate(self.task_ids)}
        # node-task incidence, from the task lists (so it matches the graph)
        inc_node, inc_task = [], []
        for kind in KINDS:
            for ti, ids in enumerate(plan.tasks[f"{kind}s"]):
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
        self.label_html = [_esc(_short(s, 26)) for s in self.labels]
        xy = np.array([self.pos[v] for v in nodes], dtype=float).reshape(-1, 2)
        if len(nodes):   # fill the canvas: each axis to [-1, 1] (the aspect is not meaningful)
            xy = xy - (xy.max(axis=0) + xy.min(axis=0)) / 2
            span = np.abs(xy).max(axis=0)
            xy = xy / np.where(span > 0, span, 1)
        self.x, self.y = xy[:, 0].copy(), xy[:, 1].copy()
        self.n_tasks_all = np.array([len(t) for t in node_tasks], dtype=np.int64)
        self.max_tasks = max(int(self.n_tasks_all.max(initial=0)), 1)
        # hover: each task's sentence wrapped once, then joined per node
        sentences = [f"<b>{_esc(t)}</b> {_wrap(s, 70)}"
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
            e_hover.append(f"{_esc(self.labels[ia])} — {_esc(self.labels[ib])}<br>"
                           f"{_plural(len(ts), 'shared task')}: {_esc(', '.join(ts[:12]))}"
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
        head = f"<b>{_esc(label)}</b>" + (f" · {_esc(zh)}" if zh and zh != label else "")
        kind = attr.get("kind", "")
        tool = attr.get("tool_type") or ""
        meta = (f"{_esc(kind)}{' (' + _esc(tool) + ' tool)' if tool else ''} · "
                f"{_plural(len(tasks), 'task')}")
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
         ('sector', 2), ('partner', 2), ('instrument', 1)]
        >>> partners = traces[-2]
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
                "textfont": {"size": TYPE_SCALE["label"], "color": _TEXT,
                             **({} if self.webgl else {"shadow": _HALO})},
                "hovertext": self._hover[idx].astype(str),
                "hoverinfo": "text", "customdata": self._node_ids[idx].astype(str),
                "marker": {"size": size.round(2), "color": KIND_COLORS[kind],
                           "symbol": KIND_SYMBOLS[kind], "opacity": 0.95,
                           "line": {"width": np.where(is_sel, 4.0, 0.8), "color": _TEXT}},
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
                 f"{_plural(sel['n_tasks'], 'task')}, linked to "
                 f"{_plural(int(degree[top]), 'entity')}")
        subtitle = (f"{_plural(len(shown), 'entity')}, {_plural(n_edges, 'link')}; linked when "
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
        >>> [len(t["x"]) for t in traces[-3:]], title
        ([1, 1, 0], 'Macao is the hub: coded on 1 of 1 task, linked to 1 entity')
        """
        sel = self._selection(task_ids, entities)
        return (self.traces(selected=selected, _sel=sel), *self.finding(_sel=sel))


def _network_layout(fig: go.Figure) -> go.Figure:
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
        Seven traces: three edge classes, edge hover, then ``sector``, ``partner`` and
        ``instrument`` nodes (entity ids in ``customdata``).

    Examples
    --------
    >>> from zonekit import load_plan
    >>> plan = load_plan()
    >>> fig = network(plan)
    >>> [t.name for t in fig.data[-3:]], type(fig.data[-1]).__name__
    (['sector', 'partner', 'instrument'], 'Scatter')
    >>> sum(len(t.x) for t in fig.data[-3:]) == len(plan.entities)
    True
    >>> bool((network(plan).data[-1].x == fig.data[-1].x).all())   # same plan, same picture
    True
    """
    model = model if model is not None else NetworkModel(plan, seed)
    T = model.trace_type()
    traces, title, subtitle = model.view(task_ids, entities)
    fig = _network_layout(go.Figure([T(**tr) for tr in traces]))
    return apply_briefing_template(fig, title, _source_line(plan), subtitle=subtitle)


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
    >>> "hong-kong" in fig.data[-2].customdata
    True
    >>> ego_network(load_plan(), "atlantis")
    Traceback (most recent call last):
    ...
    ValueError: unknown entity 'atlantis'; entities in this plan: ...
    """
    import networkx as nx

    from .graph import layout

    known = set(plan.entities["entity_id"])
    if entity_id not in known:
        try:
            plan.codebook[entity_id]
        except KeyError:
            ids = sorted(known)
            hint = f"; entities in this plan: {', '.join(ids[:12])}{' …' if len(ids) > 12 else ''}"
            raise ValueError(f"unknown entity {entity_id!r}{hint}") from None
        name = plan.codebook[entity_id].label
        return _empty(plan, f"{name} is not mentioned in this plan")
    G = plan.graph()
    # the ego graph in G's node order (nx.ego_graph's order follows the hash seed)
    keep = {entity_id, *G.adj[entity_id]}
    ego = nx.Graph()
    ego.add_nodes_from((v, G.nodes[v]) for v in G if v in keep)
    ego.add_edges_from((a, b, d) for a, b, d in G.edges(data=True) if a in keep and b in keep)
    pos = layout(ego, seed=seed)
    model = NetworkModel(plan, seed, G=ego, pos=pos)
    T = model.trace_type()
    fig = _network_layout(go.Figure([T(**tr) for tr in model.traces(selected=[entity_id])]))
    i = model.node_ids.index(entity_id)
    label = model.labels[i]
    n_tasks = int(model.n_tasks_all[i])
    others = pd.Series(np.delete(model.kinds, i))
    if others.empty:
        title = f"{label} is coded on {_plural(n_tasks, 'task')} with no other entity"
    else:
        by_kind = others.value_counts()
        parts = [f"{_plural(int(by_kind[k]), k)}" for k in KINDS if k in by_kind]
        title = f"{label} is tied to {', '.join(parts)} through {_plural(n_tasks, 'task')}"
    return apply_briefing_template(fig, title, _source_line(plan),
                                   subtitle=f"Ego network of {label}: the entities coded on the "
                                            "same tasks · size = tasks")


# --------------------------------------------------------------------------------------------
# matrices


def _matrix(plan, rows: str, cols: str):
    """Task sets per (row value, column value) pair, ordered by totals."""
    r = _codings(plan, rows)
    c = _codings(plan, cols)
    pairs = r.merge(c, on="task_id", suffixes=("_r", "_c"))
    cells = pairs.groupby(["value_r", "value_c"])["task_id"].agg(lambda s: list(dict.fromkeys(s)))
    row_order = r.groupby("value")["task_id"].nunique().sort_values(ascending=False,
                                                                   kind="stable")
    col_order = c.groupby("value")["task_id"].nunique().sort_values(ascending=False,
                                                                   kind="stable")
    rows_v = [v for v in row_order.index if v in set(pairs["value_r"])]
    cols_v = [v for v in col_order.index if v in set(pairs["value_c"])]
    return cells, rows_v, cols_v


def heatmap(plan, rows: str = "sector", cols: str = "partner") -> go.Figure:
    """Tasks per cell of two dimensions (sector x partner by default), sentences on hover.

    Parameters
    ----------
    plan : Plan
    rows, cols : str
        ``sector``, ``partner``, ``instrument``, ``section`` or ``modality``.

    Returns
    -------
    plotly.graph_objects.Figure
        One ``go.Heatmap``: ``z`` counts tasks coded with both the row and the column value.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> fig = heatmap(load_plan())
    >>> fig.data[0].type, int(max(map(max, fig.data[0].z))) >= 1
    ('heatmap', True)
    >>> heatmap(load_plan(), rows="colour")
    Traceback (most recent call last):
    ...
    ValueError: unknown dimension 'colour'; use one of sector, partner, ...
    """
    cells, rows_v, cols_v = _matrix(plan, rows, cols)
    what = f"{rows} × {cols}"
    if not rows_v or not cols_v:
        return _empty(plan, f"No task is coded with both {_a(rows)} and {_a(cols)}")
    labels = _labels(plan)
    texts = _task_text(plan)
    rl = [_dim_label(plan, rows, v, labels) for v in rows_v]
    cl = [_dim_label(plan, cols, v, labels) for v in cols_v]
    z = np.zeros((len(rows_v), len(cols_v)), dtype=int)
    hover = [["" for _ in cols_v] for _ in rows_v]
    for i, rv in enumerate(rows_v):
        for j, cv in enumerate(cols_v):
            ts = cells.get((rv, cv), [])
            z[i, j] = len(ts)
            head = f"<b>{_esc(rl[i])} × {_esc(cl[j])}</b>: {_plural(len(ts), 'task')}"
            hover[i][j] = head + ("<br><br>" + _sentences_hover(ts, texts, limit=4, width=60)
                                  if ts else "")
    xl, yl = [_esc(_short(v, 28)) for v in cl], [_esc(_short(v, 32)) for v in rl]
    fig = go.Figure(_count_heatmap(z, xl, yl, hover, "tasks", what))
    angle = _tick_angle(xl)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(side="bottom", showgrid=False, tickangle=-angle)
    _fit_margins(fig, left=yl, bottom=xl, angle=angle, rows=len(yl))
    top = z.max()
    ii, jj = np.argwhere(z == top)[0]
    ties = int((z == top).sum()) - 1
    title = f"{rl[ii]} and {cl[jj]} are paired most often: {_plural(int(top), 'task')}"
    if ties:
        title += f" (tied with {_plural(ties, 'other pair')})"
    return apply_briefing_template(
        fig, title, _source_line(plan),
        subtitle=f"Tasks coded with both the {rows} (row) and the {cols} (column)")


def tool_matrix(plan) -> go.Figure:
    """The policy-tool matrix: Rothwell-Zegveld tool type x sector.

    Each cell counts instrument-sector pairings (an instrument of that tool type and the sector
    coded on the same task), so a task with two sectors counts its instruments twice; the
    briefing's tool-mix finding counts each instrument once per task instead: supply-side tools push (platforms, talent, funding of
    research), demand-side tools pull (procurement, trade, cooperation), environment-side tools
    shape the rules (finance, regulation, standards).

    Parameters
    ----------
    plan : Plan

    Returns
    -------
    plotly.graph_objects.Figure
        One ``go.Heatmap`` with rows ``supply, demand, environment`` (and ``unclassified`` if an
        instrument has no tool type) and one column per sector.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> fig = tool_matrix(load_plan())
    >>> list(fig.data[0].y)
    ['supply', 'demand', 'environment']
    """
    ents = plan.entities.set_index("entity_id")
    inst = _codings(plan, "instrument")
    inst["tool"] = [(ents["tool_type"].get(v) or "unclassified") if v in ents.index
                    else "unclassified" for v in inst["value"]]
    sect = _codings(plan, "sector")
    pairs = inst.merge(sect, on="task_id", suffixes=("_i", "_s"))
    if pairs.empty:
        return _empty(plan, "No task is coded with both an instrument and a sector",
                      subtitle="Rothwell-Zegveld policy tools × sector")
    labels = _labels(plan)
    texts = _task_text(plan)
    sectors = list(pairs.groupby("value_s")["task_id"].nunique()
                   .sort_values(ascending=False, kind="stable").index)
    matrix = policy_tool_matrix(plan, sectors=sectors)  # the counting rule lives in plan.py
    tools = list(matrix.index)
    z = matrix.to_numpy()
    hover = [["" for _ in sectors] for _ in tools]
    for i, tool in enumerate(tools):
        for j, s in enumerate(sectors):
            cell = pairs[(pairs["tool"] == tool) & (pairs["value_s"] == s)]
            inst_names = ", ".join(dict.fromkeys(labels.get(v, v) for v in cell["value_i"]))
            hover[i][j] = (f"<b>{_esc(tool)} × {_esc(labels.get(s, s))}</b>: "
                           f"{_plural(len(cell), 'pairing')}"
                           + (f"<br>{_wrap(inst_names, 60)}<br><br>"
                              + _sentences_hover(cell["task_id"], texts, limit=3, width=60)
                              if len(cell) else ""))
    xl = [_esc(_short(labels.get(s, s), 28)) for s in sectors]
    fig = go.Figure(_count_heatmap(z, xl, tools, hover, "pairings", "tool matrix"))
    angle = _tick_angle(xl)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(showgrid=False, tickangle=-angle)
    _fit_margins(fig, left=tools, bottom=xl, angle=angle, rows=len(tools), row_px=70)
    by_tool = z.sum(axis=1)
    total = int(by_tool.sum())
    k = int(by_tool.argmax())
    share = round(100 * by_tool[k] / total)
    title = (f"{tools[k].capitalize()}-side tools lead the tool × sector matrix: {share}% of "
             f"{_plural(total, 'instrument-sector pairing')}")
    return apply_briefing_template(
        fig, title, _source_line(plan),
        subtitle="Rothwell-Zegveld policy-tool type × sector (each instrument on a task, paired "
                 "with each sector of that task)")


# --------------------------------------------------------------------------------------------
# hierarchy and bars


def sunburst(plan) -> go.Figure:
    """Section > sector > instrument: where the plan puts which tools.

    Leaves count tasks with that (section, sector, instrument) combination; a sector's tasks
    naming no instrument form a ``no instrument`` leaf. Colours follow the sections.

    Parameters
    ----------
    plan : Plan

    Returns
    -------
    plotly.graph_objects.Figure
        One ``go.Sunburst`` (``ids`` are ``section/sector/instrument`` paths).

    Examples
    --------
    >>> from zonekit import load_plan
    >>> fig = sunburst(load_plan())
    >>> fig.data[0].type, fig.data[0].branchvalues
    ('sunburst', 'total')
    """
    tasks = plan.tasks
    if tasks.empty:
        return _empty(plan, "No tasks found", subtitle="Section > sector > instrument")
    labels = _labels(plan)
    texts = _task_text(plan)
    rows = []
    for t in tasks.itertuples(index=False):
        sec = str(t.section or "") or "(no heading)"
        for s in (t.sectors or ["(no sector)"]):
            for i in (t.instruments or ["(no instrument)"]):
                rows.append((sec, s, i, t.task_id))
    df = pd.DataFrame(rows, columns=["section", "sector", "instrument", "task_id"])
    ids, names, parents, values, hovers, colors = [], [], [], [], [], []
    sec_order = list(dict.fromkeys(df["section"]))

    def add(node_id, name, parent, sub, color):
        ids.append(node_id)
        names.append(_esc(_short(name, 30)))
        parents.append(parent)
        values.append(len(sub))
        ts = list(dict.fromkeys(sub["task_id"]))
        hovers.append(f"<b>{_esc(name)}</b><br>{_plural(len(ts), 'task')}<br><br>"
                      + _sentences_hover(ts, texts, limit=3, width=60))
        colors.append(color)

    for k, sec in enumerate(sec_order):
        color = PALETTE[k % len(PALETTE)]
        ds = df[df["section"] == sec]
        add(f"s{k}", sec, "", ds, color)
        for s in dict.fromkeys(ds["sector"]):
            dss = ds[ds["sector"] == s]
            add(f"s{k}/{s}", labels.get(s, s), f"s{k}", dss, color)
            for i in dict.fromkeys(dss["instrument"]):
                add(f"s{k}/{s}/{i}", labels.get(i, i), f"s{k}/{s}", dss[dss["instrument"] == i],
                    color)
    fig = go.Figure(go.Sunburst(
        ids=ids, labels=names, parents=parents, values=values, branchvalues="total",
        hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>",
        marker={"colors": colors, "line": {"color": "white", "width": 1.5}},
        insidetextorientation="radial", textfont={"size": TYPE_SCALE["label"]}, name="sunburst"))
    fig.update_layout(margin={"l": 20, "r": 20}, height=NETWORK_HEIGHT)
    named = df[df["instrument"] != "(no instrument)"]
    by_sec = named.groupby("section")["instrument"].nunique()
    if by_sec.empty:
        title = f"No instrument is named in {_plural(len(sec_order), 'section')}"
    else:
        top = by_sec.sort_values(ascending=False, kind="stable")
        title = (f"Section “{_short(top.index[0], 34)}” names the most instruments: "
                 f"{int(top.iloc[0])}")
    return apply_briefing_template(fig, title, _source_line(plan),
                                   subtitle="Section > sector > instrument; area = codings")


def instruments_per_sector(plan) -> go.Figure:
    """Distinct instruments coded on each sector's tasks, stacked by tool type.

    Parameters
    ----------
    plan : Plan

    Returns
    -------
    plotly.graph_objects.Figure
        Horizontal stacked ``go.Bar`` traces, one per tool type (``supply``, ``demand``,
        ``environment``, and ``unclassified`` if needed).

    Examples
    --------
    >>> from zonekit import load_plan
    >>> fig = instruments_per_sector(load_plan())
    >>> [t.name for t in fig.data]
    ['supply', 'demand', 'environment']
    """
    ents = plan.entities.set_index("entity_id")
    pairs = _codings(plan, "instrument").merge(_codings(plan, "sector"), on="task_id",
                                               suffixes=("_i", "_s"))
    if pairs.empty:
        return _empty(plan, "No task is coded with both an instrument and a sector",
                      subtitle="Distinct instruments per sector")
    labels = _labels(plan)
    pairs["tool"] = [(ents["tool_type"].get(v) or "unclassified") if v in ents.index
                     else "unclassified" for v in pairs["value_i"]]
    distinct = pairs.drop_duplicates(["value_s", "value_i"])
    totals = distinct.groupby("value_s").size().sort_values(ascending=True, kind="stable")
    sectors = list(totals.index)
    fig = go.Figure()
    yl = [_esc(_short(labels.get(s, s), 32)) for s in sectors]
    for tool in (*TOOL_TYPES, "unclassified"):
        d = distinct[distinct["tool"] == tool]
        if tool == "unclassified" and d.empty:
            continue
        counts = [int((d["value_s"] == s).sum()) for s in sectors]
        hover = [f"<b>{_esc(labels.get(s, s))}</b> · {tool}: {_plural(c, 'instrument')}<br>"
                 + _wrap(", ".join(labels.get(i, i) for i in d[d["value_s"] == s]["value_i"]),
                         60)
                 for s, c in zip(sectors, counts, strict=True)]
        fig.add_trace(go.Bar(
            y=yl, x=counts, name=tool,
            orientation="h", marker={"color": TOOL_COLORS[tool]}, hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_layout(barmode="stack", bargap=0.25)
    fig.update_xaxes(title={"text": "distinct instruments"}, dtick=1 if totals.max() <= 12
                     else None)
    _fit_margins(fig, left=yl, xtitle=True, rows=len(yl))
    top = totals.sort_values(ascending=False, kind="stable")
    leaders = top[top == top.iloc[0]].index.tolist()
    names = " and ".join(labels.get(s, s) for s in leaders[:2])
    extra = f" (and {len(leaders) - 2} more)" if len(leaders) > 2 else ""
    verb = "draw" if len(leaders) > 1 else "draws"
    title = f"{names}{extra} {verb} on the most instruments: {int(top.iloc[0])} distinct"
    return apply_briefing_template(
        fig, title, _source_line(plan),
        subtitle="Distinct instruments coded on each sector's tasks, by Rothwell-Zegveld "
                 "tool type")


def modality_by_section(plan) -> go.Figure:
    """Tasks per section, stacked by modality (binding, supportive, exploratory).

    Parameters
    ----------
    plan : Plan

    Returns
    -------
    plotly.graph_objects.Figure
        Horizontal stacked ``go.Bar`` traces, one per modality.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> fig = modality_by_section(load_plan())
    >>> [t.name for t in fig.data], sum(sum(t.x) for t in fig.data) == len(load_plan().tasks)
    (['binding', 'supportive', 'exploratory'], True)
    """
    from .extract import MODALITIES

    tasks = plan.tasks
    if tasks.empty:
        return _empty(plan, "No tasks found", subtitle="Tasks per section by modality")
    sec = tasks["section"].fillna("").astype(str).replace("", "(no heading)")
    order = list(dict.fromkeys(sec))[::-1]   # first section on top
    texts = _task_text(plan)
    fig = go.Figure()
    yl = [_esc(_short(s, 40)) for s in order]
    mods = [m for m in MODALITY_COLORS if m in MODALITIES] + [
        m for m in dict.fromkeys(tasks["modality"]) if m not in MODALITY_COLORS]
    for k, m in enumerate(mods):
        counts, hover = [], []
        for s in order:
            ids = tasks.loc[(sec == s) & (tasks["modality"] == m), "task_id"].tolist()
            counts.append(len(ids))
            hover.append(f"<b>{_wrap(s, 60)}</b><br>{_esc(m)}: {_plural(len(ids), 'task')}"
                         + ("<br><br>" + _sentences_hover(ids, texts, limit=3, width=60)
                            if ids else ""))
        fig.add_trace(go.Bar(
            y=yl, x=counts, name=_esc(m), orientation="h",
            marker={"color": MODALITY_COLORS.get(m, PALETTE[(k + 4) % len(PALETTE)])},
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_layout(barmode="stack", bargap=0.3)
    fig.update_xaxes(title={"text": "tasks"})
    _fit_margins(fig, left=yl, xtitle=True, rows=len(yl))
    vc = tasks["modality"].value_counts()
    top, n = vc.index[0], int(vc.iloc[0])
    if (vc == n).sum() > 1:
        title = ("No modality dominates: "
                 + ", ".join(f"{int(c)} {m}" for m, c in vc.items()) + f" of {len(tasks)} tasks")
    else:
        lead = "Most tasks are" if n * 2 > len(tasks) else "The largest group of tasks is"
        title = f"{lead} {top}: {n} of {len(tasks)}"
        if "binding" in vc.index and top != "binding":
            title += f"; {int(vc['binding'])} binding"
    return apply_briefing_template(
        fig, title, _source_line(plan),
        subtitle="Tasks per section, by the modality of their directive verb")


# --------------------------------------------------------------------------------------------


def all_figures(plan, *, seed: int = 0, max_ego: int = 6) -> dict[str, go.Figure]:
    """Every briefing chart of a plan, keyed by file stem, in a stable order.

    Keys: ``network``, ``ego_<partner id>`` for the partners with the most tasks (at most
    ``max_ego``), ``heatmap_sector_partner``, ``heatmap_sector_instrument``, ``tool_matrix``,
    ``sunburst``, ``instruments_per_sector``, ``modality_by_section``.

    Parameters
    ----------
    plan : Plan
    seed : int
        Layout seed of the network charts.
    max_ego : int
        At most this many ego networks.

    Returns
    -------
    dict of str to plotly.graph_objects.Figure

    Examples
    --------
    >>> from zonekit import load_plan
    >>> figs = all_figures(load_plan())
    >>> list(figs)[:2], list(figs)[-2:]
    (['network', 'ego_belt-and-road'], ['instruments_per_sector', 'modality_by_section'])
    """
    figs: dict[str, go.Figure] = {"network": network(plan, seed=seed)}
    partners = plan.entities[plan.entities["kind"] == "partner"]
    for eid in partners["entity_id"].head(max_ego):
        figs[f"ego_{eid}"] = ego_network(plan, eid, seed=seed)
    figs["heatmap_sector_partner"] = heatmap(plan, "sector", "partner")
    figs["heatmap_sector_instrument"] = heatmap(plan, "sector", "instrument")
    figs["tool_matrix"] = tool_matrix(plan)
    figs["sunburst"] = sunburst(plan)
    figs["instruments_per_sector"] = instruments_per_sector(plan)
    figs["modality_by_section"] = modality_by_section(plan)
    return figs


# --------------------------------------------------------------------------------------------
# comparison of two plans


#: Colour of each status (Okabe-Ito bluish green and vermillion; grey for what stayed).
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
    comparison : zonekit.compare.Comparison
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

    from .graph import layout

    G = comparison.graph()
    pos = layout(G, seed=seed, weight=None)
    name_a, name_b = comparison.names
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.03,
                        subplot_titles=(_esc(f"A: {name_a}"), _esc(f"B: {name_b}")))
    shown: set[str] = set()
    for panel, col, statuses in (("a", 1, ("removed", "shared")), ("b", 2, ("added", "shared"))):
        legend = {s: _esc(_LEGEND[s].format(a=name_a, b=name_b)) for s in statuses}
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
                text=[_esc(d["label"]) if status != "shared" or d[f"n_tasks_{panel}"] >= 2
                      else "" for d in attrs], textposition="top center",
                textfont={"size": TYPE_SCALE["label"] - 2}, hoverinfo="text",
                hovertext=[f"<b>{_esc(d['label'])}</b> ({_esc(d['kind'])})<br>{status}; "
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
