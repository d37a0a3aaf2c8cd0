"""Count matrices: two-dimension heatmaps and the policy-tool matrix.

Counts come from :mod:`zonekit.measures` and titles from :mod:`zonekit.findings`; this module
only draws.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .. import measures as M
from ..findings import (
    TOOL_CAPTION,
    count,
    heatmap_title,
    resolve_lang,
    tool_matrix_title,
    tool_name,
)
from .theme import (
    SUBTITLE_LINE_PX,
    TOP_MARGIN,
    apply_briefing_template,
    count_heatmap,
    dim_label,
    empty_figure,
    entity_labels,
    esc,
    fit_margins,
    sentences_hover,
    short,
    source_line,
    task_texts,
    tick_angle,
    wrap,
)

__all__ = ["heatmap", "tool_matrix"]

_DIM_ZH = {"sector": "领域", "partner": "合作方", "instrument": "政策工具", "agency": "部门",
           "section": "部分", "modality": "性质"}


def heatmap(plan, rows: str = "sector", cols: str = "partner", *, lang: str = "auto") -> go.Figure:
    """Tasks per cell of two dimensions (sector x partner by default), sentences on hover.

    Parameters
    ----------
    plan : Plan
    rows, cols : str
        ``sector``, ``partner``, ``instrument``, ``section`` or ``modality``.
    lang : str
        ``auto`` (the plan's language), ``en`` or ``zh``.

    Returns
    -------
    plotly.graph_objects.Figure
        One ``go.Heatmap``: ``z`` counts tasks coded with both the row and the column value
        (:func:`zonekit.measures.co_coded`); the title is
        :func:`zonekit.findings.heatmap_title`.

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
    lang = resolve_lang(plan, lang)
    cells = M.co_coded(plan, rows, cols)
    found = heatmap_title(plan, rows, cols, lang)
    if cells.empty:
        return empty_figure(plan, found.headline, lang=lang)
    rows_v, cols_v = cells.attrs["rows_order"], cells.attrs["cols_order"]
    labels = entity_labels(plan, lang)
    texts = task_texts(plan)
    rl = [dim_label(rows, v, labels, lang) for v in rows_v]
    cl = [dim_label(cols, v, labels, lang) for v in cols_v]
    at = {(r, c): ts for r, c, ts in cells[["row", "col", "task_ids"]].itertuples(index=False)}
    z = np.zeros((len(rows_v), len(cols_v)), dtype=int)
    hover = [["" for _ in cols_v] for _ in rows_v]
    for i, rv in enumerate(rows_v):
        for j, cv in enumerate(cols_v):
            ts = at.get((rv, cv), [])
            z[i, j] = len(ts)
            head = f"<b>{esc(rl[i])} × {esc(cl[j])}</b>: {count(len(ts), 'task', lang)}"
            hover[i][j] = head + ("<br><br>" + sentences_hover(ts, texts, limit=4, width=60)
                                  if ts else "")
    xl, yl = [esc(short(v, 28)) for v in cl], [esc(short(v, 32)) for v in rl]
    unit = "任务" if lang == "zh" else "tasks"
    name = (f"{_DIM_ZH.get(rows, rows)} × {_DIM_ZH.get(cols, cols)}" if lang == "zh"
            else f"{rows} × {cols}")
    fig = go.Figure(count_heatmap(z, xl, yl, hover, unit, name))
    angle = tick_angle(xl)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(side="bottom", showgrid=False, tickangle=-angle)
    fit_margins(fig, left=yl, bottom=xl, angle=angle, rows=len(yl))
    subtitle = (f"同时编码{_DIM_ZH.get(rows, rows)}（行）与{_DIM_ZH.get(cols, cols)}（列）的任务数"
                if lang == "zh" else f"Tasks coded with both the {rows} (row) and the {cols} (column)")
    return apply_briefing_template(fig, found.headline, source_line(plan), subtitle=subtitle,
                                   lang=lang)


def tool_matrix(plan, *, lang: str = "auto") -> go.Figure:
    """The policy-tool matrix: Rothwell-Zegveld tool type x sector.

    Each cell counts instrument-sector pairings (:func:`zonekit.measures.tool_pairings`): an
    instrument of that tool type and a sector coded on the same task, so a task with two
    sectors counts its instruments twice. The briefing's tool-mix finding counts each
    instrument once per task instead (:func:`zonekit.measures.tool_mix`); the title names the
    busiest cell (:func:`zonekit.findings.tool_matrix_title`), the caption explains the types.

    Parameters
    ----------
    plan : Plan
    lang : str
        ``auto``, ``en`` or ``zh``.

    Returns
    -------
    plotly.graph_objects.Figure
        One ``go.Heatmap`` with a row per tool type (``supply``, ``demand``, ``framework``, i.e.
        R&Z's environmental tools; ``unclassified`` if an instrument has no tool type) and one
        column per sector.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> fig = tool_matrix(load_plan())
    >>> list(fig.data[0].y)
    ['supply', 'demand', 'framework']
    """
    lang = resolve_lang(plan, lang)
    pairings = M.tool_pairings(plan)
    pairings = pairings[pairings["sector"] != M.NO_SECTOR]
    found = tool_matrix_title(plan, lang)
    sub = "政策工具类型 × 领域" if lang == "zh" else "Policy-tool type × sector"
    if pairings.empty:
        return empty_figure(plan, found.headline, subtitle=sub, lang=lang)
    labels = entity_labels(plan, lang)
    texts = task_texts(plan)
    sectors = list(pairings.groupby("sector", sort=False)["task_id"].nunique()
                   .sort_values(ascending=False, kind="stable").index)
    matrix = M.policy_tool_matrix(plan, sectors=sectors)
    tools = list(matrix.index)
    names = [tool_name(t, lang) for t in tools]
    z = matrix.to_numpy()
    hover = [["" for _ in sectors] for _ in tools]
    for i, tool in enumerate(tools):
        for j, s in enumerate(sectors):
            cell = pairings[(pairings["tool_type"] == tool) & (pairings["sector"] == s)]
            inst_names = "、".join if lang == "zh" else ", ".join
            listed = inst_names(dict.fromkeys(labels.get(v, v) for v in cell["instrument"]))
            hover[i][j] = (f"<b>{esc(names[i])} × {esc(labels.get(s, s))}</b>: "
                           f"{count(len(cell), 'pairing', lang)}"
                           + (f"<br>{wrap(listed, 60)}<br><br>"
                              + sentences_hover(cell["task_id"], texts, limit=3, width=60)
                              if len(cell) else ""))
    xl = [esc(short(labels.get(s, s), 28)) for s in sectors]
    unit = "配对" if lang == "zh" else "pairings"
    fig = go.Figure(count_heatmap(z, xl, names, hover, unit,
                                  "政策工具矩阵" if lang == "zh" else "tool matrix"))
    angle = tick_angle(xl)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(showgrid=False, tickangle=-angle)
    fit_margins(fig, left=names, bottom=xl, angle=angle, rows=len(tools), row_px=70)
    subtitle = (f"{sub}（一项任务上的每个工具与该任务的每个领域配对）。{TOOL_CAPTION['zh']}"
                if lang == "zh" else
                f"{sub} (each instrument on a task, paired with each sector of that task). "
                f"{TOOL_CAPTION['en']}")
    lines = wrap(subtitle, 170)
    fig.update_layout(margin={"t": TOP_MARGIN + SUBTITLE_LINE_PX * lines.count("<br>")})
    return apply_briefing_template(fig, esc(found.headline), esc(source_line(plan)),
                                   subtitle=lines, escape=False, lang=lang)
