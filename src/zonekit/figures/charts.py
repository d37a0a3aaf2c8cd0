"""The other briefing charts: the sunburst, instruments per sector, modality by section, and
:func:`all_figures`."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..schema import TOOL_TYPES
from .matrices import heatmap, tool_matrix
from .network import ego_network, network
from .theme import (
    MODALITY_COLORS,
    NETWORK_HEIGHT,
    PALETTE,
    TOOL_COLORS,
    TYPE_SCALE,
    apply_briefing_template,
    codings,
    empty_figure,
    entity_labels,
    esc,
    fit_margins,
    plural,
    sentences_hover,
    short,
    source_line,
    task_texts,
    wrap,
)

__all__ = ['sunburst', 'instruments_per_sector', 'modality_by_section', 'all_figures']

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
        return empty_figure(plan, "No tasks found", subtitle="Section > sector > instrument")
    labels = entity_labels(plan)
    texts = task_texts(plan)
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
        names.append(esc(short(name, 30)))
        parents.append(parent)
        values.append(len(sub))
        ts = list(dict.fromkeys(sub["task_id"]))
        hovers.append(f"<b>{esc(name)}</b><br>{plural(len(ts), 'task')}<br><br>"
                      + sentences_hover(ts, texts, limit=3, width=60))
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
        title = f"No instrument is named in {plural(len(sec_order), 'section')}"
    else:
        top = by_sec.sort_values(ascending=False, kind="stable")
        title = (f"Section “{short(top.index[0], 34)}” names the most instruments: "
                 f"{int(top.iloc[0])}")
    return apply_briefing_template(fig, title, source_line(plan),
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
    pairs = codings(plan, "instrument").merge(codings(plan, "sector"), on="task_id",
                                               suffixes=("_i", "_s"))
    if pairs.empty:
        return empty_figure(plan, "No task is coded with both an instrument and a sector",
                      subtitle="Distinct instruments per sector")
    labels = entity_labels(plan)
    pairs["tool"] = [(ents["tool_type"].get(v) or "unclassified") if v in ents.index
                     else "unclassified" for v in pairs["value_i"]]
    distinct = pairs.drop_duplicates(["value_s", "value_i"])
    totals = distinct.groupby("value_s").size().sort_values(ascending=True, kind="stable")
    sectors = list(totals.index)
    fig = go.Figure()
    yl = [esc(short(labels.get(s, s), 32)) for s in sectors]
    for tool in (*TOOL_TYPES, "unclassified"):
        d = distinct[distinct["tool"] == tool]
        if tool == "unclassified" and d.empty:
            continue
        counts = [int((d["value_s"] == s).sum()) for s in sectors]
        hover = [f"<b>{esc(labels.get(s, s))}</b> · {tool}: {plural(c, 'instrument')}<br>"
                 + wrap(", ".join(labels.get(i, i) for i in d[d["value_s"] == s]["value_i"]),
                         60)
                 for s, c in zip(sectors, counts, strict=True)]
        fig.add_trace(go.Bar(
            y=yl, x=counts, name=tool,
            orientation="h", marker={"color": TOOL_COLORS[tool]}, hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_layout(barmode="stack", bargap=0.25)
    fig.update_xaxes(title={"text": "distinct instruments"}, dtick=1 if totals.max() <= 12
                     else None)
    fit_margins(fig, left=yl, xtitle=True, rows=len(yl))
    top = totals.sort_values(ascending=False, kind="stable")
    leaders = top[top == top.iloc[0]].index.tolist()
    names = " and ".join(labels.get(s, s) for s in leaders[:2])
    extra = f" (and {len(leaders) - 2} more)" if len(leaders) > 2 else ""
    verb = "draw" if len(leaders) > 1 else "draws"
    title = f"{names}{extra} {verb} on the most instruments: {int(top.iloc[0])} distinct"
    return apply_briefing_template(
        fig, title, source_line(plan),
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
    from ..schema import MODALITIES

    tasks = plan.tasks
    if tasks.empty:
        return empty_figure(plan, "No tasks found", subtitle="Tasks per section by modality")
    sec = tasks["section"].fillna("").astype(str).replace("", "(no heading)")
    order = list(dict.fromkeys(sec))[::-1]   # first section on top
    texts = task_texts(plan)
    fig = go.Figure()
    yl = [esc(short(s, 40)) for s in order]
    mods = [m for m in MODALITY_COLORS if m in MODALITIES] + [
        m for m in dict.fromkeys(tasks["modality"]) if m not in MODALITY_COLORS]
    for k, m in enumerate(mods):
        counts, hover = [], []
        for s in order:
            ids = tasks.loc[(sec == s) & (tasks["modality"] == m), "task_id"].tolist()
            counts.append(len(ids))
            hover.append(f"<b>{wrap(s, 60)}</b><br>{esc(m)}: {plural(len(ids), 'task')}"
                         + ("<br><br>" + sentences_hover(ids, texts, limit=3, width=60)
                            if ids else ""))
        fig.add_trace(go.Bar(
            y=yl, x=counts, name=esc(m), orientation="h",
            marker={"color": MODALITY_COLORS.get(m, PALETTE[(k + 4) % len(PALETTE)])},
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_layout(barmode="stack", bargap=0.3)
    fig.update_xaxes(title={"text": "tasks"})
    fit_margins(fig, left=yl, xtitle=True, rows=len(yl))
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
        fig, title, source_line(plan),
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
