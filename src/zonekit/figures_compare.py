"""The figure of a comparison: the two plans' networks side by side, changes coloured.

Drawing only: the comparison is computed by :mod:`zonekit.compare` and the layout by
:func:`zonekit.graph.layout`. plotly is imported inside the function, so importing this module
is cheap. The function returns a figure; it never shows or saves it.
"""

from __future__ import annotations

import html

from .codebook import KINDS

__all__ = ["comparison_network", "STATUS_COLORS", "KIND_SYMBOLS"]

#: Colour of each status (Okabe-Ito bluish green and vermillion; grey for what stayed).
STATUS_COLORS = {"added": "#009E73", "removed": "#D55E00", "shared": "#8C8C8C"}
#: Marker symbol of each kind of entity.
KIND_SYMBOLS = {"sector": "circle", "partner": "square", "instrument": "diamond"}
_LEGEND = {"added": "added in {b}", "removed": "removed (only in {a})", "shared": "in both"}


def _esc(text) -> str:
    """Escape document or codebook text for plotly's HTML-like labels (and keep ``$`` inert)."""
    return html.escape(str(text), quote=False).replace("$", "&#36;")


def comparison_network(comparison, seed: int = 0):
    """Two networks side by side, plan ``a`` left and plan ``b`` right, changes coloured.

    Both panels use one layout of the union of the two networks, so a node sits at the same
    place in each. Nodes and links only in ``a`` are vermillion (removed), only in ``b`` green
    (added), in both grey (:data:`STATUS_COLORS`); the marker shows the kind (circle sector,
    square partner, diamond instrument) and its size the number of tasks in that plan.

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
    """
    import plotly.graph_objects as go
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
                text=[_esc(d["label"]) for d in attrs], textposition="top center",
                textfont={"size": 10}, hoverinfo="text",
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
    title = (f"From A to B: {n_added} entit{'y' if n_added == 1 else 'ies'} added, "
             f"{n_removed} removed; {int(summary.loc['link', 'added'])} links added, "
             f"{int(summary.loc['link', 'removed'])} removed")
    source = "; ".join(dict.fromkeys([comparison.a.citation(), comparison.b.citation()]))
    fig.add_annotation(text=_esc(f"Source: {source}"), showarrow=False, xref="paper",
                       yref="paper", x=0, y=-0.16, xanchor="left", yanchor="top",
                       font={"size": 11, "color": "#555555"})
    fig.update_layout(
        title={"text": _esc(title)}, template="plotly_white", hovermode="closest",
        legend={"orientation": "h", "y": -0.04, "x": 0},
        margin={"l": 20, "r": 20, "t": 80, "b": 90}, height=560,
    )
    fig.update_xaxes(visible=False, range=[-1.2, 1.2])
    fig.update_yaxes(visible=False, range=[-1.2, 1.2])
    return fig
