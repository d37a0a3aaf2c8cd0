"""Count matrices: entity x entity heatmaps and the policy-tool matrix."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..measures import policy_tool_matrix
from .theme import (
    apply_briefing_template,
    article,
    codings,
    count_heatmap,
    dim_label,
    empty_figure,
    entity_labels,
    esc,
    fit_margins,
    plural,
    sentences_hover,
    short,
    source_line,
    task_texts,
    tick_angle,
    wrap,
)

__all__ = ['count_matrix', 'heatmap', 'tool_matrix']

def count_matrix(plan, rows: str, cols: str):
    """Task sets per (row value, column value) pair, ordered by totals."""
    r = codings(plan, rows)
    c = codings(plan, cols)
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
    cells, rows_v, cols_v = count_matrix(plan, rows, cols)
    what = f"{rows} × {cols}"
    if not rows_v or not cols_v:
        return empty_figure(plan, f"No task is coded with both {article(rows)} and {article(cols)}")
    labels = entity_labels(plan)
    texts = task_texts(plan)
    rl = [dim_label(plan, rows, v, labels) for v in rows_v]
    cl = [dim_label(plan, cols, v, labels) for v in cols_v]
    z = np.zeros((len(rows_v), len(cols_v)), dtype=int)
    hover = [["" for _ in cols_v] for _ in rows_v]
    for i, rv in enumerate(rows_v):
        for j, cv in enumerate(cols_v):
            ts = cells.get((rv, cv), [])
            z[i, j] = len(ts)
            head = f"<b>{esc(rl[i])} × {esc(cl[j])}</b>: {plural(len(ts), 'task')}"
            hover[i][j] = head + ("<br><br>" + sentences_hover(ts, texts, limit=4, width=60)
                                  if ts else "")
    xl, yl = [esc(short(v, 28)) for v in cl], [esc(short(v, 32)) for v in rl]
    fig = go.Figure(count_heatmap(z, xl, yl, hover, "tasks", what))
    angle = tick_angle(xl)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(side="bottom", showgrid=False, tickangle=-angle)
    fit_margins(fig, left=yl, bottom=xl, angle=angle, rows=len(yl))
    top = z.max()
    ii, jj = np.argwhere(z == top)[0]
    ties = int((z == top).sum()) - 1
    title = f"{rl[ii]} and {cl[jj]} are paired most often: {plural(int(top), 'task')}"
    if ties:
        title += f" (tied with {plural(ties, 'other pair')})"
    return apply_briefing_template(
        fig, title, source_line(plan),
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
    inst = codings(plan, "instrument")
    inst["tool"] = [(ents["tool_type"].get(v) or "unclassified") if v in ents.index
                    else "unclassified" for v in inst["value"]]
    sect = codings(plan, "sector")
    pairs = inst.merge(sect, on="task_id", suffixes=("_i", "_s"))
    if pairs.empty:
        return empty_figure(plan, "No task is coded with both an instrument and a sector",
                      subtitle="Rothwell-Zegveld policy tools × sector")
    labels = entity_labels(plan)
    texts = task_texts(plan)
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
            hover[i][j] = (f"<b>{esc(tool)} × {esc(labels.get(s, s))}</b>: "
                           f"{plural(len(cell), 'pairing')}"
                           + (f"<br>{wrap(inst_names, 60)}<br><br>"
                              + sentences_hover(cell["task_id"], texts, limit=3, width=60)
                              if len(cell) else ""))
    xl = [esc(short(labels.get(s, s), 28)) for s in sectors]
    fig = go.Figure(count_heatmap(z, xl, tools, hover, "pairings", "tool matrix"))
    angle = tick_angle(xl)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(showgrid=False, tickangle=-angle)
    fit_margins(fig, left=tools, bottom=xl, angle=angle, rows=len(tools), row_px=70)
    by_tool = z.sum(axis=1)
    total = int(by_tool.sum())
    k = int(by_tool.argmax())
    share = round(100 * by_tool[k] / total)
    title = (f"{tools[k].capitalize()}-side tools lead the tool × sector matrix: {share}% of "
             f"{plural(total, 'instrument-sector pairing')}")
    return apply_briefing_template(
        fig, title, source_line(plan),
        subtitle="Rothwell-Zegveld policy-tool type × sector (each instrument on a task, paired "
                 "with each sector of that task)")


# --------------------------------------------------------------------------------------------
# hierarchy and bars
