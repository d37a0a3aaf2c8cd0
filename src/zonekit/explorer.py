"""Explore a plan in JupyterLab or Voilà: linked filters, network, tasks table and evidence.

:func:`explore` returns one ipywidgets app (an :class:`Explorer`, itself a ``VBox``):

- filters: kind, entities (multi-select), section, modality, tool type and a free-text search
  that matches the task's text and the entities' English and Chinese names;
- the network of :func:`zonekit.figures.network` as a ``go.FigureWidget``, updated in place;
  clicking a node selects that entity;
- a tasks table following the filters;
- an evidence panel with the chosen task's sentence, its mentions highlighted from their raw
  offsets.

Every callback is a plain method, so tests (and notebooks) can drive the app without a browser:
set a widget's ``value`` or call :meth:`Explorer.select_entity`, then read
:meth:`Explorer.filtered_tasks`, ``explorer.figure`` and ``explorer.evidence.value``.

This is the only module importing ipywidgets.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import figures as F
from .figures.theme import entity_labels, esc, source_line
from .schema import KINDS, TOOL_TYPES, list_column

__all__ = ["explore", "Explorer", "highlight_task", "tasks_table_html"]

ALL = "__all__"
#: Rows of the tasks table rendered at most (the count above it is always exact).
TABLE_ROWS = 200
#: Tasks offered in the evidence picker at most.
PICKER_ROWS = 500

_MARK = ("background:{bg};border-bottom:2px solid {fg};padding:0 2px;border-radius:2px")
_BG = {"sector": "#D6E6F2", "partner": "#F7DCCB", "instrument": "#CCEBE2"}
# MathJax must not typeset document text: ignore classes for MathJax 2 and 3
_NO_TEX = "tex2jax_ignore mathjax_ignore"


def _esc(value) -> str:
    return html.escape("" if value is None else str(value))


def highlight_task(plan, task_id: str) -> str:
    """HTML of a task's sentence with its mentions highlighted, built from raw offsets.

    Every piece of document text is HTML-escaped; mentions coded from the section heading
    (outside the sentence) are listed under it.

    Parameters
    ----------
    plan : Plan
    task_id : str

    Returns
    -------
    str
        An HTML fragment (``<div class="zk-evidence">``); each mention is a ``<mark>`` with
        ``data-entity`` and ``data-start``/``data-end`` raw offsets.

    Raises
    ------
    KeyError
        If ``task_id`` is not a task of the plan.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> plan = load_plan()
    >>> out = highlight_task(plan, "T001")
    >>> '<mark data-entity="health"' in out, "T001" in out
    (True, True)
    """
    rows = plan.tasks[plan.tasks["task_id"] == task_id]
    if rows.empty:
        raise KeyError(f"no task {task_id!r} in this plan")
    t = rows.iloc[0]
    raw = plan.raw(t.doc_id)
    ms = plan.mentions[plan.mentions["task_id"] == task_id].sort_values(["start", "end"])
    inside = ms[(ms["start"] >= t.start) & (ms["end"] <= t.end)]
    outside = ms[~ms.index.isin(inside.index)]
    parts, pos = [], int(t.start)
    for m in inside.itertuples(index=False):
        if m.start < pos:   # overlapping mention: the earlier one is already highlighted
            continue
        parts.append(_esc(raw[pos:m.start]))
        style = _MARK.format(bg=_BG.get(m.kind, "#EEEEEE"), fg=F.KIND_COLORS.get(m.kind, "#555"))
        parts.append(f'<mark data-entity="{_esc(m.entity_id)}" data-start="{int(m.start)}" '
                     f'data-end="{int(m.end)}" title="{_esc(m.label)} ({_esc(m.kind)})" '
                     f'style="{style}">{_esc(raw[m.start:m.end])}</mark>')
        pos = int(m.end)
    parts.append(_esc(raw[pos:t.end]))
    coded = []
    for kind in KINDS:
        ids = list(t[list_column(kind)])
        if ids:
            labels = plan.entities.set_index("entity_id")["label"]
            names = ", ".join(_esc(labels.get(e, e)) for e in ids)
            coded.append(f"<b>{list_column(kind)}</b>: {names}")
    heading = ""
    if len(outside):
        heading = ("<div style='color:#555'>coded from the section heading: "
                   + ", ".join(f"{_esc(m.label)} (“{_esc(m.surface)}”)"
                               for m in outside.itertuples(index=False)) + "</div>")
    meta = (f"<b>{_esc(t.task_id)}</b> · {_esc(t.modality)}"
            + (f" (cue “{_esc(t.cue)}”)" if t.cue else "")
            + f" · {_esc(t.section or '(no heading)')}")
    return (f"<div class='zk-evidence {_NO_TEX}' style='line-height:1.5'>"
            f"<div style='color:#333'>{meta}</div>"
            f"<blockquote style='font-size:1.1em;margin:8px 0;padding-left:10px;"
            f"border-left:3px solid #999'>{''.join(parts)}</blockquote>"
            f"<div>{'<br>'.join(coded)}</div>{heading}"
            f"<div style='color:#777;font-size:0.85em'>raw offsets {int(t.start)}–{int(t.end)}"
            f" · {_esc(plan.citation(t.doc_id))}</div></div>")


def tasks_table_html(plan, tasks: pd.DataFrame, limit: int = TABLE_ROWS) -> str:
    """An escaped HTML table of tasks (id, section, modality, entities, sentence).

    Parameters
    ----------
    plan : Plan
        The plan the tasks come from (for entity labels).
    tasks : DataFrame
        Rows of ``plan.tasks``.
    limit : int
        Show at most this many rows (the caption gives the full count).

    Returns
    -------
    str
        HTML; document text is escaped.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> plan = load_plan()
    >>> out = tasks_table_html(plan, plan.tasks.head(2))
    >>> out.count('<tr data-task='), "2 tasks" in out
    (2, True)
    """
    return _table(_table_rows(plan, tasks.head(limit)), len(tasks), limit)


def _table_rows(plan, tasks: pd.DataFrame) -> list[str]:
    """One escaped ``<tr>`` per task."""
    labels = plan.entities.set_index("entity_id")["label"].to_dict()
    rows = []
    for t in tasks.itertuples(index=False):
        ents = "; ".join(labels.get(e, e) for k in KINDS for e in getattr(t, list_column(k)))
        color = F.MODALITY_COLORS.get(t.modality, "#555")
        rows.append(
            f"<tr data-task='{_esc(t.task_id)}'><td><b>{_esc(t.task_id)}</b></td>"
            f"<td style='color:{color}'>{_esc(t.modality)}</td>"
            f"<td>{_esc(t.text)}</td><td style='color:#555'>{_esc(ents)}</td></tr>")
    return rows


def _table(rows: list[str], n: int, limit: int) -> str:
    head = (f"<div style='color:#333;margin-bottom:4px'><b>{n} task{'s' if n != 1 else ''}"
            f"</b>{f' (first {limit} shown)' if n > limit else ''}</div>")
    if n == 0:
        return head + "<div style='color:#777'>No task matches these filters.</div>"
    th = "".join(f"<th style='text-align:left;position:sticky;top:0;background:#fff'>{c}</th>"
                 for c in ("task", "modality", "sentence", "entities"))
    return (head + f"<table class='zk-tasks {_NO_TEX}' style='border-collapse:collapse;"
            f"font-size:0.9em;width:100%'><thead><tr>{th}</tr></thead><tbody>"
            + "".join(rows[:limit]) + "</tbody></table>")


class Explorer(widgets.VBox):
    """The explorer app (build it with :func:`explore`).

    Parameters
    ----------
    plan : Plan
    seed : int
        Layout seed of the network.
    height : int
        Height of the network in px.

    Attributes
    ----------
    plan : Plan
    model : zonekit.figures.NetworkModel
        Layout and hover texts, computed once.
    figure : plotly.graph_objects.FigureWidget
        The network, updated in place by the filters.
    kind, entity, section, modality, tool_type, search : ipywidgets
        The filters (``entity`` is a ``SelectMultiple`` of entity ids).
    task : ipywidgets.Dropdown
        The task shown in the evidence panel.
    table, evidence, status : ipywidgets.HTML

    Examples
    --------
    >>> from zonekit import Source, load_plan
    >>> app = explore(load_plan(Source.from_text(
    ...     "We must support Hong Kong finance through a pilot.\\n"
    ...     "We will explore Macao trade.", doc_id="demo")))
    >>> app.status.value
    "<span class='tex2jax_ignore mathjax_ignore'>Showing <b>2</b> of 2 tasks and <b>5</b> entities</span>"
    >>> app.modality.value = "exploratory"  # a filter change redraws everything
    >>> app.filtered_tasks()["task_id"].tolist(), app.task.value
    (['T002'], 'T002')
    """

    def __init__(self, plan, *, seed: int = 0, height: int = 560):
        self.plan = plan
        self.model = F.NetworkModel(plan, seed)
        self._updating = False
        ents = plan.entities
        self._labels = entity_labels(plan)
        self._tool = dict(zip(ents["entity_id"], ents["tool_type"].fillna(""), strict=True))
        self._kind = dict(zip(ents["entity_id"], ents["kind"], strict=True))
        self._names = self._entity_names()
        tasks = plan.tasks
        self._task_entities = [
            [e for ids in row for e in ids]
            for row in zip(*(tasks[list_column(k)] for k in KINDS), strict=True)]
        self._text_cf = [str(s).casefold() for s in tasks["text"]]
        self._task_ids = tasks["task_id"].to_numpy(dtype=object)
        self._rows = _table_rows(plan, tasks)
        self._picks = [f"{t} · {_short(x, 90)}" for t, x in zip(tasks["task_id"], tasks["text"],
                                                                 strict=True)]
        self._evidence: dict[str, str] = {}

        style = {"description_width": "initial"}
        self.kind = widgets.SelectMultiple(
            options=[(list_column(k), k) for k in KINDS], value=tuple(KINDS), rows=3,
            description="Kinds", style=style, layout={"width": "170px"})
        self.entity = widgets.SelectMultiple(
            options=self._entity_options(KINDS), value=(), rows=7, description="Entities",
            style=style, layout={"width": "360px"})
        sections = list(dict.fromkeys(str(s or "") for s in tasks["section"]))
        self.section = widgets.Dropdown(
            options=[("All sections", ALL)] + [(_short(s or "(no heading)", 60), s)
                                               for s in sections],
            value=ALL, description="Section", style=style, layout={"width": "340px"})
        mods = [m for m in F.MODALITY_COLORS if m in set(tasks["modality"])]
        mods += [m for m in dict.fromkeys(tasks["modality"]) if m not in mods]
        self.modality = widgets.Dropdown(
            options=[("Any modality", ALL)] + [(m, m) for m in mods], value=ALL,
            description="Modality", style=style, layout={"width": "340px"})
        self.tool_type = widgets.Dropdown(
            options=[("Any tool type", ALL)] + [(t, t) for t in TOOL_TYPES], value=ALL,
            description="Tool type", style=style, layout={"width": "340px"})
        self.search = widgets.Text(
            value="", placeholder="search text or names (English / 中文)",
            description="Search", continuous_update=False, style=style,
            layout={"width": "340px"})
        self.reset_button = widgets.Button(description="Reset filters", icon="undo",
                                           layout={"width": "140px"})
        self.status = widgets.HTML()
        self.task = widgets.Dropdown(options=[], description="Evidence for", style=style,
                                     layout={"width": "100%"})
        self.table = widgets.HTML(layout={"max_height": "340px", "overflow": "auto",
                                          "width": "58%", "padding": "0 8px 0 0"})
        self.evidence = widgets.HTML()

        base = F.network(plan, model=self.model)
        base.update_layout(height=height, margin={"t": 110})
        self.figure = go.FigureWidget(base)
        for trace in self.figure.data[-len(KINDS):]:
            trace.on_click(self.on_node_click)

        self.kind.observe(self._on_kind, names="value")   # before _on_filter: options first
        for w in (self.kind, self.entity, self.section, self.modality, self.tool_type,
                  self.search):
            w.observe(self._on_filter, names="value")
        self.task.observe(self._on_task, names="value")
        self.reset_button.on_click(lambda _: self.reset())

        title = widgets.HTML(
            f"<div class='{_NO_TEX}'><b style='font-size:1.3em'>zonekit explorer</b> · "
            f"{_esc(source_line(plan))}</div>")
        filters = widgets.HBox([
            self.kind, self.entity,
            widgets.VBox([self.section, self.modality, self.tool_type]),
            widgets.VBox([self.search, self.reset_button]),
        ], layout={"flex_flow": "row wrap", "grid_gap": "8px"})
        evidence_box = widgets.VBox([self.task, self.evidence], layout={"width": "42%"})
        super().__init__([title, filters, self.status, self.figure,
                          widgets.HBox([self.table, evidence_box])])
        self.add_class("zonekit-explorer")
        self.update()

    # ---- filtering ----------------------------------------------------------------------

    def _entity_names(self) -> dict[str, list[str]]:
        """Casefolded names (label, label_zh, aliases) per entity, for the search box."""
        out = {}
        for eid in self.plan.entities["entity_id"]:
            try:
                e = self.plan.codebook[eid]
                names = [n for n, _ in e.names()]
            except KeyError:
                names = [eid]
            out[eid] = [n.casefold() for n in names if n]
        return out

    def _entity_options(self, kinds) -> list[tuple[str, str]]:
        ents = self.plan.entities
        ents = ents[ents["kind"].isin(kinds)]
        return [(f"{self._labels.get(e, e)} · {k} · {n}", e) for e, k, n in
                ents[["entity_id", "kind", "n_tasks"]].itertuples(index=False)]

    def entities_shown(self) -> set[str]:
        """Entity ids the kind and tool-type filters let through.

        Returns
        -------
        set of str

        Examples
        --------
        >>> from zonekit import Source, load_plan
        >>> app = explore(load_plan(Source.from_text(
        ...     "We must support Hong Kong finance through a pilot.\\n"
        ...     "We will explore Macao trade.", doc_id="demo")))
        >>> sorted(app.entities_shown())
        ['finance', 'hong-kong', 'macao', 'pilot', 'trade']
        >>> app.tool_type.value = "supply"  # the pilot is an environment tool
        >>> sorted(app.entities_shown())
        ['finance', 'hong-kong', 'macao', 'trade']
        >>> app.kind.value = ("partner",)
        >>> sorted(app.entities_shown())
        ['hong-kong', 'macao']
        """
        kinds = set(self.kind.value) or set(KINDS)
        tool = self.tool_type.value
        return {e for e, k in self._kind.items() if k in kinds
                and (tool == ALL or k != "instrument" or self._tool.get(e) == tool)}

    def filtered_tasks(self) -> pd.DataFrame:
        """The tasks that pass every filter, in plan order (see :meth:`task_mask`).

        Returns
        -------
        DataFrame
            Rows of ``plan.tasks``.

        Examples
        --------
        >>> from zonekit import Source, load_plan
        >>> app = explore(load_plan(Source.from_text(
        ...     "We must support Hong Kong finance through a pilot.\\n"
        ...     "We will explore Macao trade.", doc_id="demo")))
        >>> app.modality.value = "exploratory"
        >>> app.filtered_tasks()[["task_id", "text"]].values.tolist()
        [['T002', 'We will explore Macao trade.']]
        """
        return self.plan.tasks[self.task_mask()]

    def task_mask(self) -> np.ndarray:
        """Boolean mask over ``plan.tasks``: the tasks that pass every filter.

        A task passes when it is in the chosen section and modality, codes one of the chosen
        entities (any of them; all tasks when none is chosen), codes an entity of a chosen
        kind, codes an instrument of the chosen tool type, and contains the search text or
        codes an entity whose name contains it (case-insensitive, English or Chinese).

        Returns
        -------
        numpy.ndarray of bool
            One value per row of ``plan.tasks``.

        Examples
        --------
        >>> from zonekit import Source, load_plan
        >>> app = explore(load_plan(Source.from_text(
        ...     "We must support Hong Kong finance through a pilot.\\n"
        ...     "We will explore Macao trade.", doc_id="demo")))
        >>> app.task_mask().tolist()
        [True, True]
        >>> app.search.value = "香港"  # a Chinese name of Hong Kong
        >>> app.task_mask().tolist()
        [True, False]
        """
        tasks = self.plan.tasks
        keep = np.ones(len(tasks), dtype=bool)
        if tasks.empty:
            return keep
        if self.section.value != ALL:
            keep &= (tasks["section"].fillna("").astype(str) == self.section.value).to_numpy()
        if self.modality.value != ALL:
            keep &= (tasks["modality"] == self.modality.value).to_numpy()
        chosen = set(self.entity.value)
        shown = self.entities_shown()
        tool = self.tool_type.value
        query = self.search.value.strip().casefold()
        named = {e for e, names in self._names.items() if any(query in n for n in names)} \
            if query else set()
        for i, ents in enumerate(self._task_entities):
            if not keep[i]:
                continue
            ok = (not chosen or any(e in chosen for e in ents)) and any(e in shown for e in ents)
            if ok and tool != ALL:
                ok = any(self._kind.get(e) == "instrument" and self._tool.get(e) == tool
                         for e in ents)
            if ok and query:
                ok = query in self._text_cf[i] or any(e in named for e in ents)
            keep[i] = ok
        return keep

    def _on_kind(self, change) -> None:
        """Restrict the entity list to the chosen kinds (keeping chosen entities of them)."""
        kinds = change["new"] or KINDS
        options = self._entity_options(kinds)
        ids = {v for _, v in options}
        self._updating = True
        try:
            value = tuple(e for e in self.entity.value if e in ids)
            self.entity.options = options
            self.entity.value = value
        finally:
            self._updating = False

    def _on_filter(self, change=None) -> None:
        if not self._updating:
            self.update()

    def update(self) -> None:
        """Redraw the network, the table, the status line and the evidence from the filters.

        The filter widgets call it on every change; call it after changing the plan's tables
        in place.

        Examples
        --------
        >>> from zonekit import Source, load_plan
        >>> app = explore(load_plan(Source.from_text(
        ...     "We must support Hong Kong finance through a pilot.\\n"
        ...     "We will explore Macao trade.", doc_id="demo")))
        >>> app.modality.value = "binding"  # calls update()
        >>> "Showing <b>1</b> of 2 tasks" in app.status.value, app.task.value
        (True, 'T001')
        >>> app.update()
        >>> app.table.value.count("<tr data-task=")
        1
        """
        mask = self.task_mask()
        pos = np.flatnonzero(mask)
        ids = self._task_ids[pos].tolist()
        shown = self.entities_shown()
        traces, title, subtitle = self.model.view(ids, shown, tuple(self.entity.value))
        fig = self.figure
        every = list(range(len(traces)))
        hover = [i for i, t in enumerate(traces) if "hovertext" in t]
        nodes = every[-len(KINDS):]
        # three restyles in one batch: much faster than setting trace properties one by one
        with fig.batch_update():
            fig.plotly_restyle({"x": [t["x"] for t in traces], "y": [t["y"] for t in traces]},
                               every)
            fig.plotly_restyle({"hovertext": [traces[i]["hovertext"] for i in hover]}, hover)
            fig.plotly_restyle({
                "text": [traces[i]["text"] for i in nodes],
                "customdata": [traces[i]["customdata"] for i in nodes],
                "marker.size": [traces[i]["marker"]["size"] for i in nodes],
                "marker.line.width": [traces[i]["marker"]["line"]["width"] for i in nodes],
            }, nodes)
            fig.layout.title.text = esc(title)
            fig.layout.title.subtitle.text = esc(subtitle)
        n_nodes = sum(len(t["x"]) for t in traces[-len(KINDS):])
        self.status.value = (f"<span class='{_NO_TEX}'>Showing <b>{len(ids)}</b> of "
                             f"{len(self.plan.tasks)} tasks and <b>{n_nodes}</b> entities"
                             "</span>")
        self.table.value = _table([self._rows[i] for i in pos[:TABLE_ROWS]], len(pos),
                                  TABLE_ROWS)
        picker = pos[:PICKER_ROWS]
        options = [(self._picks[i], self._task_ids[i]) for i in picker]
        current = self.task.value
        self._updating = True
        try:
            if options != list(self.task.options):
                self.task.options = options
            keep = current if current in set(self._task_ids[picker]) else (
                ids[0] if ids else None)
            self.task.value = keep
        finally:
            self._updating = False
        self._show_evidence(self.task.value)

    def _on_task(self, change) -> None:
        if not self._updating:
            self._show_evidence(change["new"])

    def _show_evidence(self, task_id) -> None:
        if task_id is None:
            self.evidence.value = "<div style='color:#777'>No task selected.</div>"
        else:
            if task_id not in self._evidence:
                self._evidence[task_id] = highlight_task(self.plan, task_id)
            self.evidence.value = self._evidence[task_id]

    # ---- actions ----------------------------------------------------------------------

    def select_entity(self, entity_id: str) -> None:
        """Choose one entity (as a click on its node does); its kind is shown if hidden.

        Parameters
        ----------
        entity_id : str
            An entity coded in the plan.

        Raises
        ------
        KeyError
            The plan codes no such entity.

        Examples
        --------
        >>> from zonekit import Source, load_plan
        >>> app = explore(load_plan(Source.from_text(
        ...     "We must support Hong Kong finance through a pilot.\\n"
        ...     "We will explore Macao trade.", doc_id="demo")))
        >>> app.kind.value = ("sector",)
        >>> app.select_entity("macao")
        >>> app.kind.value, app.entity.value, app.filtered_tasks()["task_id"].tolist()
        (('sector', 'partner'), ('macao',), ['T002'])
        >>> app.select_entity("nowhere")
        Traceback (most recent call last):
        ...
        KeyError: "no entity 'nowhere' in this plan"
        """
        if entity_id not in self._kind:
            raise KeyError(f"no entity {entity_id!r} in this plan")
        kind = self._kind[entity_id]
        if kind not in self.kind.value:
            self.kind.value = (*self.kind.value, kind)
        self.entity.value = (entity_id,)

    def show_task(self, task_id: str) -> None:
        """Show a task in the evidence panel (it must pass the filters).

        Parameters
        ----------
        task_id : str
            A task id among :meth:`filtered_tasks`.

        Examples
        --------
        >>> from zonekit import Source, load_plan
        >>> app = explore(load_plan(Source.from_text(
        ...     "We must support Hong Kong finance through a pilot.\\n"
        ...     "We will explore Macao trade.", doc_id="demo")))
        >>> app.show_task("T002")
        >>> app.task.value, '<mark data-entity="macao"' in app.evidence.value
        ('T002', True)
        """
        self.task.value = task_id

    def on_node_click(self, trace, points, selector=None) -> None:
        """plotly click callback: select the clicked node's entity.

        plotly calls every trace's callback on a click, with empty ``point_inds`` for the
        traces not clicked.

        Parameters
        ----------
        trace : plotly trace
            A node trace of :attr:`figure` (its ``customdata`` are entity ids).
        points : plotly.callbacks.Points
            The clicked points of that trace.
        selector : plotly.callbacks.InputDeviceState, optional
            Unused.

        Examples
        --------
        >>> from plotly.callbacks import Points
        >>> from zonekit import Source, load_plan
        >>> app = explore(load_plan(Source.from_text(
        ...     "We must support Hong Kong finance through a pilot.\\n"
        ...     "We will explore Macao trade.", doc_id="demo")))
        >>> partners = app.figure.data[-3]
        >>> partners.name, list(partners.customdata)
        ('partner', ['hong-kong', 'macao'])
        >>> app.on_node_click(partners, Points(point_inds=[1], xs=[], ys=[],
        ...                                    trace_name="partner", trace_index=0))
        >>> app.entity.value
        ('macao',)
        """
        if points.point_inds:
            self.select_entity(trace.customdata[points.point_inds[0]])

    def reset(self) -> None:
        """Clear every filter.

        Examples
        --------
        >>> from zonekit import Source, load_plan
        >>> app = explore(load_plan(Source.from_text(
        ...     "We must support Hong Kong finance through a pilot.\\n"
        ...     "We will explore Macao trade.", doc_id="demo")))
        >>> app.select_entity("macao")
        >>> app.search.value = "trade"
        >>> len(app.filtered_tasks())
        1
        >>> app.reset()
        >>> app.entity.value, app.search.value, len(app.filtered_tasks())
        ((), '', 2)
        """
        self._updating = True
        try:
            self.kind.value = tuple(KINDS)
            self.entity.value = ()
            self.section.value = ALL
            self.modality.value = ALL
            self.tool_type.value = ALL
            self.search.value = ""
        finally:
            self._updating = False
        self.update()



def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def explore(plan, *, seed: int = 0, height: int = 560) -> Explorer:
    """The plan as one interactive app: filters, network, tasks table and evidence.

    Parameters
    ----------
    plan : Plan
    seed : int
        Layout seed of the network.
    height : int
        Height of the network in px.

    Returns
    -------
    Explorer
        An ``ipywidgets.VBox``; display it (last line of a cell, or in Voilà).

    Examples
    --------
    >>> from zonekit import load_plan
    >>> plan = load_plan()
    >>> app = explore(plan)
    >>> app.select_entity("hong-kong")
    >>> app.filtered_tasks()["task_id"].tolist() == sorted(
    ...     plan.mentions.loc[plan.mentions.entity_id == "hong-kong", "task_id"].unique())
    True
    """
    return Explorer(plan, seed=seed, height=height)
