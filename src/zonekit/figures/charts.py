"""The other briefing charts: the sunburst, instruments per sector, modality by section, and
:func:`all_figures`.

Counts come from :mod:`zonekit.measures` and titles from :mod:`zonekit.findings`; this module
only draws.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import measures as M
from ..findings import (
    TOOL_CAPTION,
    count,
    modality_name,
    modality_title,
    resolve_lang,
    sector_instruments_title,
    sunburst_title,
    tool_name,
)
from ..schema import MODALITIES, TOOL_TYPES
from .matrices import heatmap, tool_matrix
from .networks import ego_network, network
from .theme import (
    MODALITY_COLORS,
    NETWORK_HEIGHT,
    PALETTE,
    SUBTITLE_LINE_PX,
    TOOL_COLORS,
    TOP_MARGIN,
    TYPE_SCALE,
    apply_briefing_template,
    dim_label,
    empty_figure,
    entity_labels,
    esc,
    fit_margins,
    sentences_hover,
    short,
    source_line,
    task_texts,
    wrap,
)

__all__ = ["sunburst", "instruments_per_sector", "modality_by_section", "all_figures"]


def sunburst(plan, *, lang: str = "auto") -> go.Figure:
    """Section > sector > instrument: where the plan puts which tools.

    Leaves count tasks with that (section, sector, instrument) combination; a sector's tasks
    naming no instrument form a ``no instrument`` leaf. Colours follow the sections.

    Parameters
    ----------
    plan : Plan
    lang : str
        ``auto``, ``en`` or ``zh``.

    Returns
    -------
    plotly.graph_objects.Figure
        One ``go.Sunburst`` (``ids`` are ``section/sector/instrument`` paths); the title is
        :func:`zonekit.findings.sunburst_title`.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> fig = sunburst(load_plan())
    >>> fig.data[0].type, fig.data[0].branchvalues
    ('sunburst', 'total')
    """
    lang = resolve_lang(plan, lang)
    zh = lang == "zh"
    sub = "部分 > 领域 > 政策工具；面积 = 编码数" if zh else "Section > sector > instrument; area = codings"
    tasks = plan.tasks
    found = sunburst_title(plan, lang)
    if tasks.empty:
        return empty_figure(plan, found.headline, subtitle=sub, lang=lang)
    labels = entity_labels(plan, lang)
    texts = task_texts(plan)
    none_s, none_i = ("（无领域）", "（无政策工具）") if zh else ("(no sector)", "(no instrument)")
    rows = []
    for t in tasks.itertuples(index=False):
        sec = dim_label("section", str(t.section or ""), labels, lang)
        for s in (t.sectors or [none_s]):
            for i in (t.instruments or [none_i]):
                rows.append((sec, s, i, t.task_id))
    df = pd.DataFrame(rows, columns=["section", "sector", "instrument", "task_id"])
    ids, names, parents, values, hovers, colors = [], [], [], [], [], []
    sec_order = list(dict.fromkeys(df["section"]))

    def add(node_id, name, parent, sub_df, color):
        ids.append(node_id)
        names.append(esc(short(name, 30)))
        parents.append(parent)
        values.append(len(sub_df))
        ts = list(dict.fromkeys(sub_df["task_id"]))
        hovers.append(f"<b>{esc(name)}</b><br>{count(len(ts), 'task', lang)}<br><br>"
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
        insidetextorientation="radial", textfont={"size": TYPE_SCALE["label"]},
        name="旭日图" if zh else "sunburst"))
    fig.update_layout(margin={"l": 20, "r": 20}, height=NETWORK_HEIGHT)
    return apply_briefing_template(fig, found.headline, source_line(plan), subtitle=sub,
                                   lang=lang)


def instruments_per_sector(plan, *, lang: str = "auto") -> go.Figure:
    """Distinct instruments coded on each sector's tasks, stacked by tool type.

    Parameters
    ----------
    plan : Plan
    lang : str
        ``auto``, ``en`` or ``zh``.

    Returns
    -------
    plotly.graph_objects.Figure
        Horizontal stacked ``go.Bar`` traces, one per tool type (``supply``, ``demand``,
        ``framework``, and ``unclassified`` if needed), counted by
        :func:`zonekit.measures.sector_instruments`.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> fig = instruments_per_sector(load_plan())
    >>> [t.name for t in fig.data]
    ['supply', 'demand', 'framework']
    """
    lang = resolve_lang(plan, lang)
    zh = lang == "zh"
    si = M.sector_instruments(plan)
    found = sector_instruments_title(plan, lang)
    sub = ("各领域任务所用的不同政策工具数，按工具类型" if zh else
           "Distinct instruments coded on each sector's tasks, by tool type")
    if si.empty:
        return empty_figure(plan, found.headline, subtitle=sub, lang=lang)
    labels = entity_labels(plan, lang)
    totals = si.attrs["totals"]
    sectors = list(totals)[::-1]  # most on top
    fig = go.Figure()
    yl = [esc(short(labels.get(s, s), 32)) for s in sectors]
    tools = [*TOOL_TYPES, *([M.UNCLASSIFIED] if (si["tool_type"] == M.UNCLASSIFIED).any() else [])]
    for tool in tools:
        d = si[si["tool_type"] == tool].set_index("sector")
        counts = [int(d["n_instruments"].get(s, 0)) for s in sectors]
        sep = "、" if zh else ", "
        hover = [f"<b>{esc(labels.get(s, s))}</b> · {esc(tool_name(tool, lang))}: "
                 f"{count(c, 'instrument', lang)}<br>"
                 + wrap(sep.join(labels.get(i, i) for i in (d["instruments"].get(s) or [])), 60)
                 for s, c in zip(sectors, counts, strict=True)]
        fig.add_trace(go.Bar(
            y=yl, x=counts, name=tool_name(tool, lang),
            orientation="h", marker={"color": TOOL_COLORS[tool]}, hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_layout(barmode="stack", bargap=0.25)
    fig.update_xaxes(title={"text": "不同政策工具数" if zh else "distinct instruments"},
                     dtick=1 if max(totals.values()) <= 12 else None)
    fit_margins(fig, left=yl, xtitle=True, rows=len(yl))
    lines = wrap(f"{sub}. {TOOL_CAPTION[lang]}" if not zh else f"{sub}。{TOOL_CAPTION[lang]}", 170)
    fig.update_layout(margin={"t": TOP_MARGIN + SUBTITLE_LINE_PX * lines.count("<br>")})
    return apply_briefing_template(fig, esc(found.headline), esc(source_line(plan)),
                                   subtitle=lines, escape=False, lang=lang)


def modality_by_section(plan, *, lang: str = "auto") -> go.Figure:
    """Tasks per section, stacked by modality (binding, supportive, exploratory).

    Parameters
    ----------
    plan : Plan
    lang : str
        ``auto``, ``en`` or ``zh``.

    Returns
    -------
    plotly.graph_objects.Figure
        Horizontal stacked ``go.Bar`` traces, one per modality, counted by
        :func:`zonekit.measures.section_profile`.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> fig = modality_by_section(load_plan())
    >>> [t.name for t in fig.data], sum(sum(t.x) for t in fig.data) == len(load_plan().tasks)
    (['binding', 'supportive', 'exploratory'], True)
    """
    lang = resolve_lang(plan, lang)
    zh = lang == "zh"
    tasks = plan.tasks
    found = modality_title(plan, lang)
    sub = "各部分任务数，按指令用语的性质" if zh else "Tasks per section, by the modality of their directive verb"
    if tasks.empty:
        return empty_figure(plan, found.headline, subtitle=sub, lang=lang)
    prof = M.section_profile(plan).iloc[::-1]   # first section on top
    labels = entity_labels(plan, lang)
    texts = task_texts(plan)
    fig = go.Figure()
    names = [dim_label("section", s, labels, lang) for s in prof["section"]]
    yl = [esc(short(s, 40)) for s in names]
    mods = [m for m in MODALITY_COLORS if m in MODALITIES]
    for k, m in enumerate(mods):
        hover = []
        for s, name in zip(prof["section"], names, strict=True):
            ids = tasks.loc[(tasks["section"] == s) & (tasks["modality"] == m), "task_id"].tolist()
            hover.append(f"<b>{wrap(name, 60)}</b><br>{esc(modality_name(m, lang))}: "
                         f"{count(len(ids), 'task', lang)}"
                         + ("<br><br>" + sentences_hover(ids, texts, limit=3, width=60)
                            if ids else ""))
        fig.add_trace(go.Bar(
            y=yl, x=prof[m].tolist(), name=esc(modality_name(m, lang)), orientation="h",
            marker={"color": MODALITY_COLORS.get(m, PALETTE[(k + 4) % len(PALETTE)])},
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_layout(barmode="stack", bargap=0.3)
    fig.update_xaxes(title={"text": "任务数" if zh else "tasks"})
    fit_margins(fig, left=yl, xtitle=True, rows=len(yl))
    return apply_briefing_template(fig, found.headline, source_line(plan), subtitle=sub,
                                   lang=lang)


def all_figures(plan, *, seed: int = 0, max_ego: int = 6, lang: str = "auto",
                width: int | None = None, height: int | None = None) -> dict[str, go.Figure]:
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
    lang : str
        ``auto`` (the plan's language), ``en`` or ``zh``, for every chart.
    width, height : int, optional
        The size in px the charts are exported at: the network charts place their labels for
        it (see :func:`zonekit.figures.network`). Default: drawn to fill their container.

    Returns
    -------
    dict of str to plotly.graph_objects.Figure

    Examples
    --------
    >>> from zonekit import load_plan
    >>> figs = all_figures(load_plan())
    >>> list(figs)[:2], list(figs)[-2:]
    (['network', 'ego_belt-and-road'], ['instruments_per_sector', 'modality_by_section'])
    >>> all_figures(load_plan(), width=1280, height=720)["network"].layout.width
    1280
    """
    lang = resolve_lang(plan, lang)
    size = {"width": width, "height": height}
    figs: dict[str, go.Figure] = {"network": network(plan, seed=seed, lang=lang, **size)}
    partners = M.entity_tasks(plan, "partner")
    for eid in partners["entity_id"].head(max_ego):
        figs[f"ego_{eid}"] = ego_network(plan, eid, seed=seed, lang=lang, **size)
    figs["heatmap_sector_partner"] = heatmap(plan, "sector", "partner", lang=lang)
    figs["heatmap_sector_instrument"] = heatmap(plan, "sector", "instrument", lang=lang)
    figs["tool_matrix"] = tool_matrix(plan, lang=lang)
    figs["sunburst"] = sunburst(plan, lang=lang)
    figs["instruments_per_sector"] = instruments_per_sector(plan, lang=lang)
    figs["modality_by_section"] = modality_by_section(plan, lang=lang)
    return figs


# --------------------------------------------------------------------------------------------
# comparison of two plans


#: Colour of each status (Okabe-Ito bluish green and vermillion; grey for what stayed).
