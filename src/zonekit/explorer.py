"""Explore a plan in JupyterLab or Voilà: linked filters, network, tasks table and evidence.

:func:`explore` returns one ipywidgets app (an :class:`Explorer`, itself a ``VBox``), made for
people who do not code:

- a header ``zonekit · <plan title>`` with an EN / 中文 switch that changes every label;
- filters: kinds to show (check boxes), entities (pick from a list; chosen ones are chips with
  a × to remove them), section, modality, tool type and a search that matches the task's text
  and the entities' English and Chinese names;
- the network of :func:`zonekit.figures.network` (module :mod:`zonekit.figures.networks`) as a ``go.FigureWidget``, updated in place and
  zoomed to what the filters leave; clicking a node (or its label) selects that entity and the
  title then speaks of it;
- a tasks table following the filters, in pages; clicking a row shows its evidence;
- an evidence panel with the chosen task's sentence, its mentions highlighted from their raw
  offsets;
- download buttons for the current tasks (CSV, XLSX), the current network (PNG, SVG) and the
  graph (GEXF), made by :mod:`zonekit.export` in memory and offered as a link.

Every callback is a plain method, so tests (and notebooks) can drive the app without a browser:
set a widget's ``value`` or call :meth:`Explorer.select_entity`, then read
:meth:`Explorer.filtered_tasks`, ``explorer.figure`` and ``explorer.evidence.value``.

This is the only module importing ipywidgets.
"""

from __future__ import annotations

import base64

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import traitlets

from . import figures as F
from .figures.networks import KIND_NAMES_ZH, fit_lines, network_canvas, set_title_block
from .figures.theme import (
    KIND_BACKGROUNDS,
    TYPE_SCALE,
    kind_color,
    kind_column,
    short,
    source_line,
)
from .findings import modality_name, tool_name
from .markup import esc
from .measures import entity_labels, plan_language
from .schema import KINDS, TOOL_TYPES

__all__ = ["explore", "Explorer", "highlight_task", "tasks_table_html", "plan_title",
           "page_title_js", "UI", "TABLE_ROWS", "ChoiceChips", "EntityPicker"]

ALL = "__all__"
#: Rows of the tasks table per page.
TABLE_ROWS = 50

_MARK = ("background:{bg};border-bottom:2px solid {fg};padding:0 2px;border-radius:2px")
# MathJax must not typeset document text: ignore classes for MathJax 2 and 3
_NO_TEX = "tex2jax_ignore mathjax_ignore"
# A row click puts the row's task id into the hidden text box ``.zk-rowpick`` (ipywidgets
# syncs a Text on its input event); the kernel then shows that task's evidence.
_ROW_CLICK = ("var r=this.closest('.zonekit-explorer'),i=r&&r.querySelector('.zk-rowpick input');"
              "if(i){i.value=this.dataset.task;i.dispatchEvent(new Event('input',{bubbles:true}))"
              ";}")
# Report the width the network is drawn at into the hidden text box ``.zk-width`` (on load and
# on every resize), so labels are placed for the real width; the plot itself stays responsive
# (a window resize event makes plotly redraw at its container's new width, also when only the
# container changed, as when JupyterLab's side bar opens or closes).
_WIDTH_JS = ("(function(img){function go(){var r=img.closest('.zonekit-explorer'),"
             "p=r&&r.querySelector('.js-plotly-plot'),i=r&&r.querySelector('.zk-width input');"
             "if(!p||!i){setTimeout(go,300);return;}function send(){var w=Math.round("
             "p.getBoundingClientRect().width);if(w>0&&String(w)!==i.value){i.value=String(w);"
             "i.dispatchEvent(new Event('input',{bubbles:true}));"
             "window.dispatchEvent(new Event('resize'));}}send();"
             "new ResizeObserver(send).observe(p);}go();})(this)")
_PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
_CSS = f'<img alt="" style="display:none" src="{_PIXEL}" onload="{_WIDTH_JS}">' + """
<style>
.zonekit-explorer {font-size:14px;color:#222;max-width:100%}
.zonekit-explorer .zk-head {display:flex;align-items:center;gap:12px;flex-wrap:wrap}
.zonekit-explorer .zk-head > .widget-html {flex:1 1 240px;min-width:0;margin-right:0}
.zonekit-explorer .zk-head > .widget-html > .widget-html-content {min-width:0;line-height:1.3}
.zonekit-explorer .zk-title {font-size:1.35em;font-weight:600;overflow-wrap:anywhere;
  white-space:normal;max-width:100%}
.zonekit-explorer table.zk-tasks tbody tr {cursor:pointer}
.zonekit-explorer table.zk-tasks tbody tr:hover {background:#EEF4FA}
.zonekit-explorer table.zk-tasks tbody tr.zk-current {background:#DCEBF6}
.zonekit-explorer table.zk-tasks td {padding:4px 6px;border-bottom:1px solid #E5E5E5;
  vertical-align:top}
.zonekit-explorer table.zk-tasks td:nth-child(-n+2) {white-space:nowrap}
.zonekit-explorer .zk-chip button {border-radius:14px}
.zonekit-explorer .widget-label {color:#222}
</style>"""

#: Every string the explorer shows, in English and Chinese.
UI = {
    "en": {
        "show": "Show", "entities": "Entities", "add_entity": "Add an entity…",
        "section": "Section", "all_sections": "All sections", "modality": "Modality",
        "any_modality": "Any modality", "tool": "Tool type", "any_tool": "Any tool type",
        "search": "Search", "search_hint": "words or names (English / 中文), then Enter",
        "reset": "Reset filters", "no_heading": "(no heading)",
        "status": "Showing <b>{n}</b> of {total} tasks and <b>{e}</b> entities",
        "tasks": "{n} tasks", "one_task": "1 task", "page": "page {p} of {n}",
        "prev": "◀ Previous", "next": "Next ▶",
        "col_task": "Task", "col_modality": "Modality", "col_sentence": "Sentence",
        "col_entities": "Entities", "no_match": "No task matches these filters.",
        "click_hint": "Click a row or a node to read the evidence.",
        "no_task": "No task selected.", "evidence": "Evidence",
        "heading": "coded from the section heading", "cue": "cue",
        "offsets": "characters {a}–{b} of the document", "remove": "remove",
        "download": "Download", "csv": "Tasks · CSV", "xlsx": "Tasks · Excel",
        "png": "Network · PNG", "svg": "Network · SVG", "gexf": "Graph · GEXF",
        "preparing": "Preparing {name}…", "save": "Save {name}", "failed": "Could not make {name}: {err}",
        "kinds": {"sector": "sectors", "partner": "partners", "instrument": "instruments",
                  "agency": "agencies"},
        "modalities": {"binding": "binding", "supportive": "supportive",
                       "exploratory": "exploratory"},
        "tools": {t: tool_name(t, "en") for t in TOOL_TYPES},  # one vocabulary: findings
    },
    "zh": {
        "show": "显示", "entities": "实体", "add_entity": "添加实体…",
        "section": "章节", "all_sections": "全部章节", "modality": "语气",
        "any_modality": "全部语气", "tool": "工具类型", "any_tool": "全部工具类型",
        "search": "搜索", "search_hint": "词语或名称（中文 / English），按回车",
        "reset": "清除筛选", "no_heading": "（无标题）",
        "status": "显示<b>{n}</b>/{total}项任务，<b>{e}</b>个实体",
        "tasks": "{n}项任务", "one_task": "1项任务", "page": "第{p}/{n}页",
        "prev": "◀ 上一页", "next": "下一页 ▶",
        "col_task": "任务", "col_modality": "语气", "col_sentence": "句子",
        "col_entities": "实体", "no_match": "没有符合筛选条件的任务。",
        "click_hint": "点击表格中的一行或网络中的节点查看原文依据。",
        "no_task": "未选择任务。", "evidence": "原文依据",
        "heading": "由章节标题编码", "cue": "提示词",
        "offsets": "文档第{a}–{b}个字符", "remove": "移除",
        "download": "下载", "csv": "任务 · CSV", "xlsx": "任务 · Excel",
        "png": "网络图 · PNG", "svg": "网络图 · SVG", "gexf": "网络 · GEXF",
        "preparing": "正在生成 {name}…", "save": "保存 {name}", "failed": "无法生成 {name}：{err}",
        "kinds": KIND_NAMES_ZH,
        "modalities": {m: modality_name(m, "zh") for m in ("binding", "supportive", "exploratory")},
        "tools": {t: tool_name(t, "zh") for t in TOOL_TYPES},
    },
}


def _esc(value) -> str:
    return esc(value, quote=True)


def _lang(plan, lang) -> str:
    return lang if lang in UI else plan_language(plan)


def plan_title(plan) -> str:
    """The plan's title for headers: the first document's title (:meth:`Plan.title`), ``+ N``.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> plan_title(load_plan())
    'China approves plan to develop demonstration zone for service sector'
    """
    if not plan.sources:
        return "zonekit"
    title = plan.title()
    return title if len(plan.sources) == 1 else f"{title} + {len(plan.sources) - 1}"


def page_title_js(plan):
    """A display object setting the browser page's title to ``zonekit · <plan title>``.

    For the dashboard notebook (Voilà titles a page after its notebook otherwise).

    Examples
    --------
    >>> from zonekit import load_plan
    >>> page_title_js(load_plan()).data
    'document.title = "zonekit · China approves plan to develop demonstration zone for service sector";'
    """
    import json

    from IPython.display import Javascript

    return Javascript(f"document.title = {json.dumps('zonekit · ' + plan_title(plan), ensure_ascii=False)};")


def highlight_task(plan, task_id: str, lang: str | None = None) -> str:
    """HTML of a task's sentence with its mentions highlighted, built from raw offsets.

    Every piece of document text is HTML-escaped; mentions coded from the section heading
    (outside the sentence) are listed under it.

    Parameters
    ----------
    plan : Plan
    task_id : str
    lang : {"en", "zh"}, optional
        Language of the labels around the sentence (default: the plan's).

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
    >>> "领域" in highlight_task(plan, "T001", lang="zh")
    True
    """
    lang = _lang(plan, lang)
    ui = UI[lang]
    rows = plan.tasks[plan.tasks["task_id"] == task_id]
    if rows.empty:
        raise KeyError(f"no task {task_id!r} in this plan")
    t = rows.iloc[0]
    raw = plan.raw(t.doc_id)
    names_of = entity_labels(plan, lang)

    def _label(entity_id: str) -> str:
        return names_of.get(entity_id, entity_id)

    ms = plan.mentions[plan.mentions["task_id"] == task_id].sort_values(["start", "end"])
    inside = ms[(ms["start"] >= t.start) & (ms["end"] <= t.end)]
    outside = ms[~ms.index.isin(inside.index)]
    parts, pos = [], int(t.start)
    for m in inside.itertuples(index=False):
        if m.start < pos:   # overlapping mention: the earlier one is already highlighted
            continue
        parts.append(_esc(raw[pos:m.start]))
        style = _MARK.format(bg=KIND_BACKGROUNDS.get(m.kind, "#EEEEEE"), fg=kind_color(m.kind))
        name = _label(m.entity_id)
        kind = ui["kinds"].get(m.kind, m.kind)
        parts.append(f'<mark data-entity="{_esc(m.entity_id)}" data-start="{int(m.start)}" '
                     f'data-end="{int(m.end)}" title="{_esc(name)} ({_esc(kind)})" '
                     f'style="{style}">{_esc(raw[m.start:m.end])}</mark>')
        pos = int(m.end)
    parts.append(_esc(raw[pos:t.end]))
    coded = []
    kinds = list(KINDS) + [k for k in dict.fromkeys(plan.entities["kind"]) if k not in KINDS]
    for kind in kinds:
        col = kind_column(kind)
        ids = list(t[col]) if col in t.index else []
        if ids:
            names = ", ".join(_esc(_label(e)) for e in ids)
            coded.append(f"<b style='color:{kind_color(kind)}'>"
                         f"{_esc(ui['kinds'].get(kind, kind))}</b>: {names}")
    heading = ""
    if len(outside):
        heading = (f"<div style='color:#444'>{ui['heading']}: "
                   + ", ".join(f"{_esc(_label(m.entity_id))} (“{_esc(m.surface)}”)"
                               for m in outside.itertuples(index=False)) + "</div>")
    modality = ui["modalities"].get(t.modality, t.modality)
    meta = (f"<b>{_esc(t.task_id)}</b> · {_esc(modality)}"
            + (f" ({ui['cue']} “{_esc(t.cue)}”)" if t.cue else "")
            + f" · {_esc(t.section or ui['no_heading'])}")
    return (f"<div class='zk-evidence {_NO_TEX}' style='line-height:1.5'>"
            f"<div style='color:#222'>{meta}</div>"
            f"<blockquote style='font-size:1.1em;margin:8px 0;padding-left:10px;"
            f"border-left:3px solid #999'>{''.join(parts)}</blockquote>"
            f"<div>{'<br>'.join(coded)}</div>{heading}"
            f"<div style='color:#444;font-size:0.85em'>"
            f"{ui['offsets'].format(a=int(t.start), b=int(t.end))}"
            f" · {_esc(plan.citation(t.doc_id))}</div></div>")


def tasks_table_html(plan, tasks: pd.DataFrame, limit: int = TABLE_ROWS,
                     lang: str | None = None) -> str:
    """An escaped HTML table of tasks (id, modality, sentence, entities); rows are clickable.

    Parameters
    ----------
    plan : Plan
        The plan the tasks come from (for entity labels).
    tasks : DataFrame
        Rows of ``plan.tasks``.
    limit : int
        Show at most this many rows (the caption gives the full count).
    lang : {"en", "zh"}, optional
        Language of headers and labels (default: the plan's).

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
    lang = _lang(plan, lang)
    return _table(_table_rows(plan, tasks.head(limit), lang), len(tasks), lang)


def _table_rows(plan, tasks: pd.DataFrame, lang: str) -> list[str]:
    """One escaped ``<tr>`` per task."""
    ui = UI[lang]
    ents = plan.entities
    labels = entity_labels(plan, lang)
    cols = [kind_column(k) for k in dict.fromkeys([*KINDS, *ents["kind"]])
            if kind_column(k) in tasks.columns]
    rows = []
    for t in tasks.itertuples(index=False):
        d = t._asdict()
        names = [labels.get(e, e) for c in cols for e in d[c]]
        color = F.MODALITY_COLORS.get(t.modality, "#444")
        rows.append(
            f"<tr data-task='{_esc(t.task_id)}' onclick=\"{_ROW_CLICK}\">"
            f"<td><b>{_esc(t.task_id)}</b></td>"
            f"<td style='color:{color}'>{_esc(ui['modalities'].get(t.modality, t.modality))}"
            f"</td><td>{_esc(t.text)}</td><td style='color:#444'>{_esc('; '.join(names))}"
            "</td></tr>")
    return rows


def _table(rows: list[str], n: int, lang: str, page: int = 0, pages: int = 1) -> str:
    ui = UI[lang]
    count = ui["one_task"] if n == 1 else ui["tasks"].format(n=n)
    where = f" · {ui['page'].format(p=page + 1, n=pages)}" if pages > 1 else ""
    head = (f"<div style='color:#222;margin-bottom:4px'><b>{count}</b>{where} · "
            f"<span style='color:#444'>{ui['click_hint']}</span></div>")
    if n == 0:
        return (f"<div style='color:#222;margin-bottom:4px'><b>{count}</b></div>"
                f"<div style='color:#444'>{ui['no_match']}</div>")
    th = "".join(f"<th style='text-align:left;position:sticky;top:0;background:#fff;"
                 f"padding:4px 6px;border-bottom:2px solid #999'>{ui[c]}</th>"
                 for c in ("col_task", "col_modality", "col_sentence", "col_entities"))
    return (head + f"<table class='zk-tasks {_NO_TEX}' style='border-collapse:collapse;"
            f"font-size:0.95em;width:100%'><thead><tr>{th}</tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


class ChoiceChips(widgets.HBox):
    """Check boxes for several choices at once (no Ctrl-click): ``value`` is a tuple.

    Parameters
    ----------
    options : list of (label, value)
    value : tuple

    Examples
    --------
    >>> c = ChoiceChips([("sectors", "sector"), ("partners", "partner")], ("sector",))
    >>> c.value
    ('sector',)
    >>> c.children[1].value = True
    >>> c.value
    ('sector', 'partner')
    """

    value = traitlets.Tuple()

    def __init__(self, options, value=(), **kwargs):
        super().__init__(layout={"flex_flow": "row wrap", "width": "auto"}, **kwargs)
        self._busy = False
        self.set_options(options, value)
        self.observe(self._to_boxes, names="value")

    @property
    def options(self) -> list:
        return list(self._options)

    def set_options(self, options, value=None) -> None:
        """Relabel or replace the options (keeping the value unless given)."""
        self._options = list(options)
        value = tuple(self.value if value is None else value)
        boxes = []
        for label, v in self._options:
            box = widgets.Checkbox(value=v in value, description=str(label), indent=False,
                                   layout={"width": "auto", "margin": "0 12px 0 0"})
            box.observe(self._from_boxes, names="value")
            boxes.append(box)
        self._busy = True
        try:
            self.children = boxes
            self.value = tuple(v for _, v in self._options if v in value)
        finally:
            self._busy = False

    def _from_boxes(self, change) -> None:
        if not self._busy:
            self.value = tuple(v for (_, v), b in zip(self._options, self.children, strict=True)
                               if b.value)

    def _to_boxes(self, change) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            for (_, v), b in zip(self._options, self.children, strict=True):
                b.value = v in change["new"]
        finally:
            self._busy = False


class EntityPicker(widgets.VBox):
    """Pick entities from a drop-down list; the chosen ones show as chips with a ×.

    ``value`` is a tuple of entity ids; ``options`` the ``(label, id)`` pairs offered.

    Examples
    --------
    >>> p = EntityPicker([("Hong Kong · partner", "hong-kong"), ("Macao · partner", "macao")])
    >>> p.add.value = "macao"           # choosing in the list adds a chip
    >>> p.value, p.add.value
    (('macao',), '')
    >>> p.chips.children[0].click()     # its × removes it
    >>> p.value
    ()
    """

    value = traitlets.Tuple()

    def __init__(self, options, placeholder: str = "Add an entity…", remove: str = "remove"):
        self._placeholder = placeholder
        self._remove = remove
        self._options: list = []
        self.add = widgets.Dropdown(options=[(placeholder, "")], value="",
                                    layout={"width": "300px"})
        self.chips = widgets.HBox(layout={"flex_flow": "row wrap"})
        super().__init__([self.add, self.chips])
        self.add_class("zk-entities")
        self.set_options(options)
        self.add.observe(self._on_add, names="value")
        self.observe(self._draw, names="value")

    @property
    def options(self) -> list:
        return list(self._options)

    @options.setter
    def options(self, options) -> None:
        self.set_options(options)

    def set_options(self, options, placeholder: str | None = None,
                    remove: str | None = None) -> None:
        options = list(options)
        placeholder = placeholder or self._placeholder
        remove = remove or self._remove
        if (options, placeholder, remove) == (self._options, self._placeholder, self._remove):
            return   # same list: nothing is resent to the page (5,000 options are slow)
        self._options, self._placeholder, self._remove = options, placeholder, remove
        self.add.options = [(self._placeholder, ""), *self._options]
        self.add.value = ""
        self._draw()

    def _on_add(self, change) -> None:
        v = change["new"]
        if v:
            if v not in self.value:
                self.value = (*self.value, v)
            self.add.value = ""

    def _draw(self, change=None) -> None:
        names = {v: label for label, v in self._options}
        chips = []
        for v in self.value:
            b = widgets.Button(description=f"{names.get(v, v).split(' · ')[0]}  ×",
                               tooltip=f"{self._remove}", layout={"width": "auto"})
            b.add_class("zk-chip")
            b.on_click(lambda _, v=v: self._drop(v))
            chips.append(b)
        self.chips.children = chips

    def _drop(self, v) -> None:
        self.value = tuple(x for x in self.value if x != v)


class Explorer(widgets.VBox):
    """The explorer app (build it with :func:`explore`).

    Parameters
    ----------
    plan : Plan
    seed : int
        Layout seed of the network.
    height : int
        Height of the network in px.
    lang : {"auto", "en", "zh"}
        Language of every label (``auto``: the plan's); the EN / 中文 switch changes it.

    Attributes
    ----------
    plan : Plan
    model : zonekit.figures.NetworkModel
        Layout and hover texts, computed once.
    figure : plotly.graph_objects.FigureWidget
        The network, updated in place by the filters.
    kind : ChoiceChips
        Kinds shown (check boxes).
    entity : EntityPicker
        Chosen entity ids (chips).
    section, modality, tool_type : ipywidgets.Dropdown
    search : ipywidgets.Text
    language : ipywidgets.ToggleButtons
        ``"en"`` or ``"zh"``.
    task : ipywidgets.Text
        The task shown in the evidence panel (a row click sets it; hidden).
    table, evidence, status : ipywidgets.HTML
    downloads : dict of ipywidgets.Button
        ``csv, xlsx, png, svg, gexf``; each click puts a link in :attr:`download_link`.

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

    def __init__(self, plan, *, seed: int = 0, height: int = 600, lang: str = "auto"):
        self.plan = plan
        self.lang = _lang(plan, lang)
        self.model = F.NetworkModel(plan, seed, canvas=network_canvas(height), lang=self.lang)
        self._updating = False
        self._page = 0
        ents = plan.entities
        self._tool = dict(zip(ents["entity_id"], ents["tool_type"].fillna(""), strict=True))
        self._kind = dict(zip(ents["entity_id"], ents["kind"], strict=True))
        self._kinds = list(KINDS) + [k for k in dict.fromkeys(ents["kind"]) if k not in KINDS]
        self._names = self._entity_names()
        self._label_cache: dict[str, dict[str, str]] = {}
        self._options_cache: dict[tuple, list[tuple[str, str]]] = {}
        tasks = plan.tasks
        cols = [kind_column(k) for k in self._kinds if kind_column(k) in tasks.columns]
        self._task_entities = [[e for ids in row for e in ids]
                               for row in zip(*(tasks[c] for c in cols), strict=True)] \
            if cols else [[] for _ in range(len(tasks))]
        self._text_cf = [str(s).casefold() for s in tasks["text"]]
        # task-entity incidence as arrays: the filters are a few numpy operations
        self._ent_ids = list(ents["entity_id"])
        index = {e: i for i, e in enumerate(self._ent_ids)}
        pairs = [(t, index[e]) for t, es in enumerate(self._task_entities) for e in es
                 if e in index]
        self._inc_task = np.array([p[0] for p in pairs], dtype=np.int64)
        self._inc_ent = np.array([p[1] for p in pairs], dtype=np.int64)
        self._ent_kinds = np.array([self._kind[e] for e in self._ent_ids], dtype=object)
        self._ent_tools = np.array([self._tool[e] for e in self._ent_ids], dtype=object)
        self._section_values = tasks["section"].fillna("").astype(str).to_numpy(dtype=object)
        self._modality_values = tasks["modality"].astype(str).to_numpy(dtype=object)
        self._task_ids = tasks["task_id"].to_numpy(dtype=object)
        self._rows: dict[str, list[str]] = {}
        self._evidence: dict[tuple, str] = {}
        self._pos = np.zeros(0, dtype=np.int64)

        ui = UI[self.lang]
        style = {"description_width": "initial"}
        self.header = widgets.HTML()
        self.language = widgets.ToggleButtons(options=[("EN", "en"), ("中文", "zh")],
                                              value=self.lang, style={"button_width": "56px"},
                                              layout={"width": "auto"})
        self.kind_label = widgets.HTML()
        self.kind = ChoiceChips(self._kind_options(), tuple(self._kinds))
        self.entity_label = widgets.HTML()
        self.entity = EntityPicker(self._entity_options(self._kinds), ui["add_entity"],
                                   ui["remove"])
        self._sections = list(dict.fromkeys(str(s or "") for s in tasks["section"]))
        self.section = widgets.Dropdown(style=style, layout={"width": "320px"})
        mods = [m for m in F.MODALITY_COLORS if m in set(tasks["modality"])]
        self._modalities = mods + [m for m in dict.fromkeys(tasks["modality"]) if m not in mods]
        self.modality = widgets.Dropdown(style=style, layout={"width": "320px"})
        self.tool_type = widgets.Dropdown(style=style, layout={"width": "320px"})
        self.search = widgets.Text(value="", continuous_update=False, style=style,
                                   layout={"width": "320px"})
        self.reset_button = widgets.Button(layout={"width": "auto"})
        self.status = widgets.HTML()
        self.task = widgets.Text(value="", layout={"display": "none"})
        self.task.add_class("zk-rowpick")
        self.table = widgets.HTML()
        self.prev_button = widgets.Button(layout={"width": "auto"})
        self.next_button = widgets.Button(layout={"width": "auto"})
        self.evidence_title = widgets.HTML()
        self.evidence = widgets.HTML()
        self.download_label = widgets.HTML()
        self.downloads = {k: widgets.Button(layout={"width": "auto"})
                          for k in ("csv", "xlsx", "png", "svg", "gexf")}
        self.download_link = widgets.HTML()
        self._relabel_filters()

        base = F.network(plan, model=self.model)
        self.figure = go.FigureWidget(base)
        self.figure.update_layout(autosize=True)
        # the page reports the width the network is drawn at; labels are placed for it
        self.width_box = widgets.Text(value="", layout={"display": "none"})
        self.width_box.add_class("zk-width")
        self.width_box.observe(lambda change: self.set_width(change["new"]), names="value")
        for trace in self.figure.data:
            if trace.name == "labels" or trace.legendgroup in self._kinds:
                trace.on_click(self.on_node_click)

        self.kind.observe(self._on_kind, names="value")   # before _on_filter: options first
        for w in (self.kind, self.entity, self.section, self.modality, self.tool_type,
                  self.search):
            w.observe(self._on_filter, names="value")
        self.task.observe(self._on_task, names="value")
        self.language.observe(self._on_language, names="value")
        self.reset_button.on_click(lambda _: self.reset())
        self.prev_button.on_click(lambda _: self.turn_page(-1))
        self.next_button.on_click(lambda _: self.turn_page(1))
        for key, button in self.downloads.items():
            button.on_click(lambda _, key=key: self.prepare_download(key))

        head = widgets.HBox([self.header, self.language],
                            layout={"justify_content": "space-between", "align_items": "center",
                                    "width": "100%", "flex_flow": "row wrap"})
        head.add_class("zk-head")
        filters = widgets.HBox([
            widgets.VBox([self.kind_label, self.kind, self.entity_label, self.entity],
                         layout={"flex": "1 1 340px", "min_width": "300px"}),
            widgets.VBox([self.section, self.modality, self.tool_type],
                         layout={"flex": "0 1 330px"}),
            widgets.VBox([self.search, self.reset_button], layout={"flex": "0 1 330px"}),
        ], layout={"flex_flow": "row wrap", "grid_gap": "8px", "width": "100%"})
        pager = widgets.HBox([self.prev_button, self.next_button])
        table_box = widgets.VBox([self.table, pager],
                                 layout={"flex": "3 1 460px", "max_height": "75vh",
                                         "overflow": "auto", "padding": "0 8px 0 0"})
        evidence_box = widgets.VBox([self.evidence_title, self.evidence, self.task,
                                     self.width_box],
                                    layout={"flex": "2 1 320px"})
        downloads = widgets.HBox([self.download_label, *self.downloads.values(),
                                  self.download_link],
                                 layout={"flex_flow": "row wrap", "align_items": "center",
                                         "grid_gap": "4px"})
        super().__init__([widgets.HTML(_CSS), head, filters, self.status, self.figure,
                          widgets.HBox([table_box, evidence_box],
                                       layout={"flex_flow": "row wrap", "width": "100%"}),
                          downloads], layout={"width": "100%"})
        self.add_class("zonekit-explorer")
        self.update()

    def set_width(self, width) -> None:
        """Place the labels for the width (px) the network is drawn at (the page reports it).

        Examples
        --------
        >>> from zonekit import load_plan
        >>> app = explore(load_plan())
        >>> app.set_width("1380")
        >>> app.model.canvas.width
        1380
        """
        from dataclasses import replace

        try:
            width = max(int(float(width)), 300)
        except (TypeError, ValueError):
            return
        if abs(width - self.model.canvas.width) >= 8:
            self.model.canvas = replace(self.model.canvas, width=width)
            self.update()

    # ---- language -----------------------------------------------------------------------

    def _kind_options(self) -> list[tuple[str, str]]:
        names = UI[self.lang]["kinds"]
        return [(names.get(k, k), k) for k in self._kinds]

    def _relabel_filters(self) -> None:
        ui = UI[self.lang]
        title = plan_title(self.plan)
        self.header.value = (f"<div class='zk-title {_NO_TEX}' title='{_esc(title)}'>"
                             f"zonekit · {_esc(title)}</div>")
        self.kind_label.value = f"<b>{ui['show']}</b>"
        self.entity_label.value = f"<b>{ui['entities']}</b>"
        self._updating = True
        try:
            self.kind.set_options(self._kind_options())
            self.entity.set_options(self._entity_options(self.kind.value or self._kinds),
                                    ui["add_entity"], ui["remove"])
            self.entity._draw()
            for w, key, options in (
                    (self.section, "section",
                     [(ui["all_sections"], ALL)] + [(short(s or ui["no_heading"], 60), s)
                                                    for s in self._sections]),
                    (self.modality, "modality",
                     [(ui["any_modality"], ALL)] + [(ui["modalities"].get(m, m), m)
                                                    for m in self._modalities]),
                    (self.tool_type, "tool",
                     [(ui["any_tool"], ALL)] + [(ui["tools"].get(t, t), t)
                                                for t in TOOL_TYPES])):
                value = w.value if w.value is not None else ALL
                w.options = options
                w.value = value
                w.description = ui[key]
            self.search.description = ui["search"]
            self.search.placeholder = ui["search_hint"]
        finally:
            self._updating = False
        self.reset_button.description = ui["reset"]
        self.prev_button.description = ui["prev"]
        self.next_button.description = ui["next"]
        self.evidence_title.value = f"<b>{ui['evidence']}</b>"
        self.download_label.value = f"<b>{ui['download']}</b>"
        for key, button in self.downloads.items():
            button.description = ui[key]

    def set_language(self, lang: str) -> None:
        """Show every label in ``"en"`` or ``"zh"`` (as the EN / 中文 switch does).

        Examples
        --------
        >>> from zonekit import load_plan
        >>> app = explore(load_plan())
        >>> app.set_language("zh")
        >>> labels = next(t for t in app.figure.data if t.name == "labels")
        >>> app.kind.children[1].description, "香港" in labels.text
        ('合作方', True)
        """
        if lang not in UI:
            raise ValueError(f"unknown language {lang!r}; use 'en' or 'zh'")
        self.language.value = lang      # calls _on_language

    def _on_language(self, change) -> None:
        self.lang = change["new"]
        self.model.set_lang(self.lang)
        self._relabel_filters()
        self.download_link.value = ""
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
        """``(label, id)`` of the entities of ``kinds``, most tasks first (built once per
        kinds and language: a 5,000-entity list is not rebuilt on every filter change)."""
        key = (tuple(sorted(kinds)), self.lang)
        if key not in self._options_cache:
            ents = self.plan.entities
            ents = ents[ents["kind"].isin(kinds)].sort_values(["n_tasks", "entity_id"],
                                                              ascending=[False, True])
            names = UI[self.lang]["kinds"]
            labels = self._labels(self.lang)
            self._options_cache[key] = [
                (f"{labels.get(e, e)} · {names.get(k, k)} · {n}", e)
                for e, k, n in ents[["entity_id", "kind", "n_tasks"]].itertuples(index=False)]
        return self._options_cache[key]

    def _labels(self, lang: str) -> dict[str, str]:
        if lang not in self._label_cache:
            self._label_cache[lang] = entity_labels(self.plan, lang)
        return self._label_cache[lang]

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
        kinds = set(self.kind.value) or set(self._kinds)
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
            keep &= self._section_values == self.section.value
        if self.modality.value != ALL:
            keep &= self._modality_values == self.modality.value
        ent, task = self._inc_ent, self._inc_task
        ids = self._ent_ids

        def coding(wanted: np.ndarray) -> np.ndarray:
            """Tasks coding at least one entity among ``wanted`` (a mask over entities)."""
            return np.bincount(task[wanted[ent]], minlength=len(keep)) > 0

        def mask(entity_ids) -> np.ndarray:
            return np.fromiter((e in entity_ids for e in ids), dtype=bool, count=len(ids))

        chosen = set(self.entity.value)
        if chosen:
            keep &= coding(mask(chosen))
        keep &= coding(mask(self.entities_shown()))
        tool = self.tool_type.value
        if tool != ALL:
            keep &= coding((self._ent_kinds == "instrument") & (self._ent_tools == tool))
        query = self.search.value.strip().casefold()
        if query:
            named = {e for e, names in self._names.items() if any(query in n for n in names)}
            text = np.fromiter((query in t for t in self._text_cf), dtype=bool,
                               count=len(keep))
            keep &= text | coding(mask(named))
        return keep

    def _on_kind(self, change) -> None:
        """Restrict the entity list to the chosen kinds (keeping chosen entities of them)."""
        kinds = change["new"] or self._kinds
        options = self._entity_options(kinds)
        ids = {v for _, v in options}
        self._updating = True
        try:
            value = tuple(e for e in self.entity.value if e in ids)
            self.entity.set_options(options)
            if value != self.entity.value:
                self.entity.value = value
        finally:
            self._updating = False

    def _on_filter(self, change=None) -> None:
        if not self._updating:
            self._page = 0
            self.update()

    def _table_rows(self) -> list[str]:
        if self.lang not in self._rows:
            self._rows[self.lang] = _table_rows(self.plan, self.plan.tasks, self.lang)
        return self._rows[self.lang]

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
        self._pos = pos
        ids = self._task_ids[pos].tolist()
        shown = self.entities_shown()
        view = self.model.render(ids, shown, tuple(self.entity.value), zoom=True,
                                 fit_titles=True)
        traces = view["traces"]
        fig = self.figure
        every = list(range(len(traces)))
        hover = [i for i, t in enumerate(traces) if "hovertext" in t]
        nodes = [i for i, t in enumerate(traces) if t.get("legendgroup") in self._kinds]
        labels = [i for i, t in enumerate(traces) if t["name"] == "labels"]
        # a few restyles in one batch: much faster than setting trace properties one by one
        with fig.batch_update():
            fig.plotly_restyle({"x": [t["x"] for t in traces], "y": [t["y"] for t in traces]},
                               every)
            fig.plotly_restyle({"hovertext": [traces[i]["hovertext"] for i in hover]}, hover)
            fig.plotly_restyle({"text": [traces[i]["text"] for i in labels],
                                "customdata": [traces[i]["customdata"] for i in labels]},
                               labels)
            fig.plotly_restyle({
                "name": [traces[i]["name"] for i in nodes],
                "customdata": [traces[i]["customdata"] for i in nodes],
                "marker.size": [traces[i]["marker"]["size"] for i in nodes],
                "marker.line.width": [traces[i]["marker"]["line"]["width"] for i in nodes],
            }, nodes)
            fig.layout.xaxis.range = list(view["x_range"])
            fig.layout.yaxis.range = list(view["y_range"])
            # laid out for the width the page reported
            set_title_block(fig, view["block"], top=view["top"])
            source = self._source_text()
            for a in fig.layout.annotations:
                if a.name == "source" and a.text != source:
                    a.text = source
        n_nodes = sum(len(traces[i]["x"]) for i in nodes)
        ui = UI[self.lang]
        self.status.value = (f"<span class='{_NO_TEX}'>"
                             + ui["status"].format(n=len(ids), total=len(self.plan.tasks),
                                                   e=n_nodes) + "</span>")
        current = self.task.value
        if current not in set(ids):
            current = ids[0] if ids else ""
        self._updating = True
        try:
            self.task.value = current
        finally:
            self._updating = False
        self._draw_table()
        self._show_evidence(self.task.value or None)

    def _source_text(self) -> str:
        """The source line under the network, in the app's language, in lines that fit."""
        words = ("来源：" if self.lang == "zh" else "Source: ") + source_line(self.plan)
        lines = fit_lines(words, self.model.canvas.width, TYPE_SCALE["source"], 3)
        return "<br>".join(esc(line) for line in lines)

    def _draw_table(self) -> None:
        pos = self._pos
        pages = max(1, -(-len(pos) // TABLE_ROWS))
        self._page = min(max(self._page, 0), pages - 1)
        page = pos[self._page * TABLE_ROWS:(self._page + 1) * TABLE_ROWS]
        rows = self._table_rows()
        current = self.task.value
        picked = [rows[i].replace(" onclick=", " class='zk-current' onclick=", 1)
                  if self._task_ids[i] == current else rows[i] for i in page]
        self.table.value = _table(picked, len(pos), self.lang, self._page, pages)
        self.prev_button.disabled = self._page == 0
        self.next_button.disabled = self._page >= pages - 1
        visible = pages > 1
        self.prev_button.layout.display = None if visible else "none"
        self.next_button.layout.display = None if visible else "none"

    def turn_page(self, step: int) -> None:
        """Show the next (``step=1``) or previous (``-1``) page of the tasks table.

        Examples
        --------
        >>> from zonekit import load_plan
        >>> app = explore(load_plan())
        >>> app.turn_page(1)   # one page only: stays on it
        >>> "page" in app.table.value
        False
        """
        self._page += step
        self._draw_table()

    def _on_task(self, change) -> None:
        if not self._updating:
            self._draw_table()
            self._show_evidence(change["new"] or None)

    def _show_evidence(self, task_id) -> None:
        if task_id is None or task_id not in set(self._task_ids):
            self.evidence.value = f"<div style='color:#444'>{UI[self.lang]['no_task']}</div>"
        else:
            key = (task_id, self.lang)
            if key not in self._evidence:
                self._evidence[key] = highlight_task(self.plan, task_id, self.lang)
            self.evidence.value = self._evidence[key]

    # ---- downloads ----------------------------------------------------------------------

    def download_bytes(self, key: str) -> tuple[str, str, bytes]:
        """File name, MIME type and bytes of a download: the tasks shown (``csv``, ``xlsx``),
        the network as shown (``png``, ``svg``) or the whole graph (``gexf``).

        The bytes are made by :mod:`zonekit.export` (formulas made inert in tables).

        Examples
        --------
        >>> from zonekit import load_plan
        >>> app = explore(load_plan())
        >>> app.select_entity("macao")
        >>> name, mime, data = app.download_bytes("csv")
        >>> name, mime, data.decode("utf-8-sig").splitlines()[0].split(",")[:2]
        ('tasks.csv', 'text/csv', ['task_id', 'doc_id'])
        """
        from . import export

        stem = _file_stem(plan_title(self.plan))
        if key == "csv":
            return "tasks.csv", "text/csv", export.csv_bytes(self.filtered_tasks())
        if key == "xlsx":
            return ("tasks.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    export.xlsx_bytes({"tasks": self.filtered_tasks()}))
        if key == "gexf":
            return f"{stem}.gexf", "application/xml", export.gexf_bytes(self.model.G)
        if key in ("png", "svg"):
            ids = self._task_ids[self._pos].tolist()
            fig = F.network(self.plan, model=self.model, task_ids=ids,
                            entities=self.entities_shown(), width=1280, height=720)
            data = export.image_bytes(fig, key, width=1280, height=720,
                                      scale=2 if key == "png" else 1)
            return f"{stem}-network.{key}", "image/png" if key == "png" else "image/svg+xml", data
        raise ValueError(f"unknown download {key!r}; use csv, xlsx, png, svg or gexf")

    def prepare_download(self, key: str) -> None:
        """Make a download (see :meth:`download_bytes`) and show a link that saves it.

        Examples
        --------
        >>> from zonekit import load_plan
        >>> app = explore(load_plan())
        >>> app.prepare_download("csv")
        >>> 'download="tasks.csv"' in app.download_link.value
        True
        """
        ui = UI[self.lang]
        label = ui[key]
        self.download_link.value = f"<span style='color:#444'>{ui['preparing'].format(name=label)}</span>"
        try:
            name, mime, data = self.download_bytes(key)
        except Exception as e:   # a missing browser for images: say so on the page
            self.download_link.value = (f"<span style='color:#D55E00'>"
                                        f"{_esc(ui['failed'].format(name=label, err=e))}</span>")
            return
        href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        self.download_link.value = (
            f"<a class='zk-download' download=\"{_esc(name)}\" href=\"{href}\" "
            f"style='font-weight:600;color:#0072B2'>⬇ {_esc(ui['save'].format(name=name))}"
            f"</a> <span style='color:#444'>({max(1, len(data) // 1024)} KB)</span>")

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
            self.kind.value = tuple(k for k in self._kinds if k in (*self.kind.value, kind))
        self.entity.value = (entity_id,)

    def show_task(self, task_id: str) -> None:
        """Show a task in the evidence panel (as a click on its row does).

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
        """plotly click callback: select the clicked node's (or label's) entity.

        plotly calls every trace's callback on a click, with empty ``point_inds`` for the
        traces not clicked.

        Parameters
        ----------
        trace : plotly trace
            A node or label trace of :attr:`figure` (its ``customdata`` are entity ids).
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
            self.kind.value = tuple(self._kinds)
            self.entity.value = ()
            self.section.value = ALL
            self.modality.value = ALL
            self.tool_type.value = ALL
            self.search.value = ""
        finally:
            self._updating = False
        self._page = 0
        self.update()


def _file_stem(title: str) -> str:
    import re

    stem = re.sub(r"[^\w\u4e00-\u9fff-]+", "-", title).strip("-").lower()
    return (stem[:60] or "plan").rstrip("-")


def explore(plan, *, seed: int = 0, height: int = 600, lang: str = "auto") -> Explorer:
    """The plan as one interactive app: filters, network, tasks table, evidence, downloads.

    Parameters
    ----------
    plan : Plan
    seed : int
        Layout seed of the network.
    height : int
        Height of the network in px.
    lang : {"auto", "en", "zh"}
        Language of the labels (``auto``: the plan's); the app has an EN / 中文 switch.

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
    return Explorer(plan, seed=seed, height=height, lang=lang)
