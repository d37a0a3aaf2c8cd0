"""The briefing template: palette, type scale, fonts, escaping and the helpers every chart shares."""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterable

import numpy as np
import plotly.graph_objects as go

from .. import measures as M
from ..findings import modality_name, resolve_lang
from ..markup import esc
from ..normalize import CJK, is_cjk
from ..schema import KINDS, list_column

__all__ = ['esc', 'wrap', 'short', 'text_px', 'fit_margins', 'article', 'plural', 'entity_labels', 'source_line', 'empty_figure', 'task_texts', 'sentences_hover', 'tick_angle', 'fit_ticks', 'colorbar', 'count_heatmap', 'dim_label', 'MARGIN', 'INSET', 'TEXT_COLOR', 'HALO', 'GRID_COLOR', 'PLURALS', 'OKABE_ITO', 'PALETTE', 'KIND_COLORS', 'KIND_SYMBOLS', 'SYMBOL_EXTENT', 'KIND_BACKGROUNDS', 'kind_color', 'kind_symbol', 'kind_column', 'MODALITY_COLORS', 'TOOL_COLORS', 'COUNT_SCALE', 'FONT_FAMILY', 'TYPE_SCALE', 'WEBGL_THRESHOLD', 'MIN_HEIGHT', 'NETWORK_HEIGHT', 'HOVER_SENTENCES', 'BRIEFING_TEMPLATE', 'apply_briefing_template']

#: The Okabe-Ito palette (Okabe & Ito 2008), safe for the common colour-vision deficiencies.
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
}
#: Order in which categorical colours are used (yellow last: weak on white).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000",
           "#F0E442"]
#: Colour of each entity kind (any kind not listed is drawn grey, see :func:`kind_color`).
KIND_COLORS = {"sector": "#0072B2", "partner": "#D55E00", "instrument": "#009E73",
               "agency": "#CC79A7"}
#: Marker symbol of each entity kind.
KIND_SYMBOLS = {"sector": "circle", "partner": "diamond", "instrument": "square",
                "agency": "triangle-up"}
#: Half the extent of a plotly marker symbol, as a multiple of half its ``size`` (plotly draws
#: a diamond 1.3 times as wide as a circle of the same size); label placement keeps clear of it.
SYMBOL_EXTENT = {"circle": 1.0, "square": 1.0, "diamond": 1.3, "triangle-up": 1.25,
                 "hexagon": 1.1}
#: Light background of each kind (highlighted mentions in the explorer's evidence).
KIND_BACKGROUNDS = {"sector": "#D6E6F2", "partner": "#F7DCCB", "instrument": "#CCEBE2",
                    "agency": "#F3DDEA"}
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
#: Top margin (px) a chart gives a one-line title and subtitle, and what each further line of
#: a subtitle it wrapped itself adds.
TOP_MARGIN, SUBTITLE_LINE_PX = 110, 22
#: From this many nodes on, the network draws with WebGL (``Scattergl``).
WEBGL_THRESHOLD = 1000
#: Smallest chart height in px (heights grow with the number of rows).
MIN_HEIGHT = 440
#: Height of network charts in px.
NETWORK_HEIGHT = 620
#: How many source sentences a hover label lists.
HOVER_SENTENCES = 5

MARGIN = {"l": 70, "r": 40, "t": 120, "b": 90}
INSET = 20   # px from the figure's left edge to the title and the source line
TEXT_COLOR = "#222222"
HALO = "1px 1px 2px white, -1px -1px 2px white, 1px -1px 2px white, -1px 1px 2px white"
GRID_COLOR = "#E5E5E5"

BRIEFING_TEMPLATE = go.layout.Template(layout={
    "font": {"family": FONT_FAMILY, "size": TYPE_SCALE["body"], "color": TEXT_COLOR},
    "colorway": PALETTE,
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "title": {"x": 0, "xanchor": "left", "xref": "container", "y": 1, "yanchor": "top",
              "yref": "container", "pad": {"l": INSET, "t": 16},
              "font": {"size": TYPE_SCALE["title"], "family": FONT_FAMILY, "color": TEXT_COLOR},
              "subtitle": {"font": {"size": TYPE_SCALE["subtitle"], "color": "#555555"}}},
    "xaxis": {"gridcolor": GRID_COLOR, "zerolinecolor": GRID_COLOR, "linecolor": "#888888",
              "tickfont": {"size": TYPE_SCALE["tick"]}, "title": {"font": {"size": 17}},
              "automargin": True},
    "yaxis": {"gridcolor": GRID_COLOR, "zerolinecolor": GRID_COLOR, "linecolor": "#888888",
              "tickfont": {"size": TYPE_SCALE["tick"]}, "title": {"font": {"size": 17}},
              "automargin": True},
    "legend": {"font": {"size": TYPE_SCALE["tick"]}, "orientation": "h", "x": 0,
               "traceorder": "normal",
               "xanchor": "left", "y": 1.0, "yanchor": "bottom", "title": {"text": ""}},
    "hoverlabel": {"font": {"family": FONT_FAMILY, "size": TYPE_SCALE["hover"],
                            "color": TEXT_COLOR},
                   "align": "left", "bgcolor": "white", "bordercolor": "#888888"},
    "margin": MARGIN,
})


# --------------------------------------------------------------------------------------------
# text helpers


def wrap(text: str, width: int = 70) -> str:
    """Escape and wrap text into ``<br>``-separated lines (CJK text wraps at half width)."""
    text = " ".join(str(text).split())
    w = width // 2 if is_cjk(text) else width
    lines = textwrap.wrap(text, w, break_long_words=True, break_on_hyphens=False) or [""]
    return "<br>".join(esc(line) for line in lines)


def short(text: str, n: int = 40) -> str:
    text = " ".join(str(text).split())
    n = n // 2 if is_cjk(text) else n
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


PLURALS = {"entity": "entities", "sector": "sectors", "partner": "partners",
           "agency": "agencies"}


def text_px(text: str, size: float) -> float:
    """Rough rendered width of a label in px (CJK glyphs are square, Latin about half)."""
    text = html.unescape(re.sub(r"<[^>]+>", "", str(text)))
    return sum(size if CJK.match(ch) else 0.56 * size for ch in text)


def fit_margins(fig: go.Figure, *, left=(), bottom=(), angle: float = 0, xtitle: bool = False,
                 ytitle: bool = False, rows: int = 0, row_px: int = 44) -> go.Figure:
    """Fixed margins that fit the tick labels, so the source line sits below them.

    Axis ``automargin`` is turned off: the margins are computed here instead, which keeps the
    source line's position exact. With ``rows``, the height gives each row ``row_px``.
    """
    size = TYPE_SCALE["tick"]
    left_px = max((text_px(t, size) for t in left), default=0)
    bottom_px = max((text_px(t, size) for t in bottom), default=0)
    rad = np.deg2rad(abs(angle))
    tick_h = bottom_px * np.sin(rad) + size * np.cos(rad) if len(bottom) else size
    margin_l = int(left_px + 24 + (30 if ytitle else 0)) if len(left) else 40
    margin_b = int(tick_h + 20 + (34 if xtitle else 0) + 34)
    fig.update_layout(margin={"l": max(margin_l, 40), "b": margin_b})
    if rows:
        fig.update_layout(height=max(MIN_HEIGHT, MARGIN["t"] + margin_b + rows * row_px))
    fig.update_xaxes(automargin=False)
    fig.update_yaxes(automargin=False)
    return fig


def kind_color(kind: str) -> str:
    """Colour of an entity kind (grey for a kind without one).

    Examples
    --------
    >>> kind_color("agency"), kind_color("something-new")
    ('#CC79A7', '#777777')
    """
    return KIND_COLORS.get(kind, "#777777")


def kind_symbol(kind: str) -> str:
    """Marker symbol of an entity kind (a hexagon for a kind without one).

    Examples
    --------
    >>> kind_symbol("partner"), kind_symbol("something-new")
    ('diamond', 'hexagon')
    """
    return KIND_SYMBOLS.get(kind, "hexagon")


kind_column = list_column  # the one rule lives in zonekit.schema


def article(word: str) -> str:
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def plural(n: int, word: str) -> str:
    """``1 task``, ``2 tasks``, ``3 entities``."""
    if n == 1:
        return f"{n} {word}"
    return f"{n} {PLURALS.get(word, word + 's')}"


def entity_labels(plan, lang: str = "auto") -> dict[str, str]:
    """Display label per entity id, in the chart's language (see :func:`zonekit.measures.entity_labels`)."""
    return M.entity_labels(plan, resolve_lang(plan, lang))


def source_line(plan) -> str:
    """Source line from the plan's citations (document, publisher, date)."""
    cites = [plan.citation(s.doc_id) for s in plan.sources] or ["(no document)"]
    if len(cites) > 3:
        cites = [*cites[:2], f"and {len(cites) - 2} more documents"]
    return "; ".join(cites)


# --------------------------------------------------------------------------------------------
# template


def apply_briefing_template(fig: go.Figure, title: str, source: str, *,
                            subtitle: str | None = None, escape: bool = True,
                            lang: str = "en") -> go.Figure:
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
    lang : str
        ``en`` ("Source: ...") or ``zh`` ("来源：...").

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
    e = esc if escape else str
    out = type(fig)(fig)
    annotations = [a for a in out.layout.annotations if a.name != "source"]
    margin_l = out.layout.margin.l if out.layout.margin.l is not None else MARGIN["l"]
    margin_b = out.layout.margin.b if out.layout.margin.b is not None else MARGIN["b"]
    # anchored to the plot area, shifted by the (fixed) margins into the figure's bottom-left
    annotations.append(go.layout.Annotation(
        name="source", text=("来源：" if lang == "zh" else "Source: ") + e(source), showarrow=False, xref="paper", yref="paper",
        x=0, y=0, xanchor="left", yanchor="bottom", xshift=-(margin_l - INSET),
        yshift=-(margin_b - 8), align="left",
        font={"size": TYPE_SCALE["source"], "color": "#555555"}))
    out.update_layout(
        template=BRIEFING_TEMPLATE,
        title={"text": e(title), "subtitle": {"text": e(subtitle) if subtitle else None}},
        annotations=annotations,
        margin={"l": margin_l, "b": margin_b},
    )
    return out


def empty_figure(plan, what: str, subtitle: str | None = None, lang: str = "en") -> go.Figure:
    """An empty chart saying what was not found (plans with zero matches)."""
    fig = go.Figure()
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.add_annotation(text=esc(what), showarrow=False, xref="paper", yref="paper", x=0.5,
                       y=0.5, font={"size": 18, "color": "#777777"}, name="empty")
    return apply_briefing_template(fig, what, source_line(plan), subtitle=subtitle, lang=lang)


# --------------------------------------------------------------------------------------------
# shared tables


def task_texts(plan) -> dict[str, str]:
    return dict(zip(plan.tasks["task_id"], plan.tasks["text"], strict=True))


def sentences_hover(task_ids: Iterable[str], texts: dict[str, str],
                     limit: int = HOVER_SENTENCES, width: int = 70) -> str:
    """Hover lines listing source sentences, escaped."""
    ids = list(dict.fromkeys(task_ids))
    lines = [f"<b>{esc(t)}</b> {wrap(texts.get(t, ''), width)}" for t in ids[:limit]]
    if len(ids) > limit:
        lines.append(f"<i>… and {len(ids) - limit} more</i>")
    return "<br>".join(lines)


def tick_angle(labels, column_px: float | None = None) -> int:
    """The slant (degrees) of category labels on an x axis.

    Without the width of a column (the chart's width is not known yet): 30 for labels longer
    than 90 px, else 0. With it: 0 when the longest label fits its column; 30 when slanted
    labels, ``column_px * sin 30°`` apart, keep a line (1.2 x the font) between them; else 90
    (upright: a line apart needs ``column_px`` of a line only).

    Examples
    --------
    >>> tick_angle(["Finance", "Trade"]), tick_angle(["Green channel for approvals"])
    (0, 30)
    >>> [tick_angle(["Green channel for approvals"], px) for px in (260, 60, 22)]
    [0, 30, 90]
    """
    size = TYPE_SCALE["tick"]
    longest = max((text_px(t, size) for t in labels), default=0)
    if column_px is None:
        return 30 if longest > 90 else 0
    if longest <= column_px - 8:
        return 0
    return 30 if column_px * np.sin(np.deg2rad(30)) >= 1.2 * size else 90


def fit_ticks(fig: go.Figure, width: float) -> go.Figure:
    """Slant a heatmap's column labels for a chart ``width`` px wide, in place.

    The columns' width is the plot area's (``width`` less the margins and the colour bar)
    over their number; :func:`tick_angle` picks the slant from it and the bottom margin is
    fitted to the labels again (:func:`fit_margins`; the height is kept). Charts without a
    heatmap, or whose labels are not slanted by the chart (``tickangle`` unset), are left as
    they are. The chart grows by the margin added, so its rows keep their height. Call it
    before the source line is laid out (it moves the bottom margin).

    Examples
    --------
    >>> labels = [f"Instrument number {i}" for i in range(17)]
    >>> fig = go.Figure(go.Heatmap(z=[list(range(17))], x=labels, y=["Finance"]))
    >>> _ = fig.update_xaxes(tickangle=-30).update_layout(margin={"l": 150, "b": 100}, height=440)
    >>> fit_ticks(fig, 720).layout.xaxis.tickangle, fig.layout.margin.b, fig.layout.height
    (-90, 222, 562)
    >>> fit_ticks(fig, 1500).layout.xaxis.tickangle
    -30
    """
    heat = next((t for t in fig.data if isinstance(t, go.Heatmap)), None)
    if heat is None or heat.x is None or fig.layout.xaxis.tickangle is None:
        return fig
    columns, rows = [str(x) for x in heat.x], [str(y) for y in heat.y or ()]
    size = TYPE_SCALE["tick"]
    bar = heat.colorbar.title.text or "" if heat.showscale is not False else None
    # the colour bar and its labels sit right of the plot, in a margin plotly widens for them
    right = (MARGIN["r"] if fig.layout.margin.r is None else fig.layout.margin.r) + (
        0 if bar is None else max(text_px(bar, size), 3 * size) + 40)
    left = MARGIN["l"] if fig.layout.margin.l is None else fig.layout.margin.l
    column = max(1.0, (width - left - right) / max(len(columns), 1))
    angle = tick_angle(columns, column)
    if angle != abs(fig.layout.xaxis.tickangle or 0):
        bottom, height = fig.layout.margin.b, fig.layout.height
        fig.update_xaxes(tickangle=-angle)
        fit_margins(fig, left=rows, bottom=columns, angle=angle)
        if height is not None and bottom is not None:  # the rows keep their height
            fig.update_layout(height=height + fig.layout.margin.b - bottom)
    return fig


def colorbar(title: str, zmax: int) -> dict:
    return {"title": {"text": title}, "thickness": 14, "len": 0.8,
            **({"dtick": 1} if zmax <= 10 else {})}


def count_heatmap(z, x, y, hover, unit: str, name: str) -> go.Heatmap:
    """A heatmap of counts: numbers in the cells (blank for 0), white to blue, hover labels."""
    cells = np.asarray(z).tolist()
    return go.Heatmap(
        z=cells, x=x, y=y, text=[[str(v) if v else "" for v in row] for row in cells],
        texttemplate="%{text}", textfont={"size": TYPE_SCALE["label"]},
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        colorscale=COUNT_SCALE, zmin=0, xgap=2, ygap=2,
        colorbar=colorbar(unit, int(np.max(z))), name=name)


def dim_label(dim: str, value: str, labels: dict[str, str], lang: str = "en") -> str:
    """How a value of a dimension reads on an axis: an entity's label, a modality's word, a
    section's heading."""
    if dim in KINDS:
        return labels.get(value, value)
    if dim == "modality":
        return modality_name(value, lang)
    return value or ("（无标题）" if lang == "zh" else "(no heading)")


# --------------------------------------------------------------------------------------------
# network
