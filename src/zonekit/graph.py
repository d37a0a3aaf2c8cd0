"""The plan as a network: entities joined when they are coded on the same task.

Computing only; drawing is in :mod:`zonekit.figures`.
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import pandas as pd

from .schema import KINDS, list_column

__all__ = ["build_graph", "layout", "NODE_ATTRIBUTES", "EDGE_ATTRIBUTES", "LARGE_GRAPH"]

#: Attributes every node carries.
NODE_ATTRIBUTES = ("kind", "label", "label_zh", "tool_type", "sub_tool", "n_tasks")
#: Attributes every edge carries.
EDGE_ATTRIBUTES = ("weight", "tasks")
#: From this many nodes on, :func:`layout` uses igraph's Fruchterman-Reingold instead of
#: networkx (whose ``spring_layout`` needs scipy there, and takes ~7 s at 2,000 nodes).
LARGE_GRAPH = 500


def build_graph(tasks: pd.DataFrame, entities: pd.DataFrame) -> nx.Graph:
    """Co-occurrence graph of the entities coded on the tasks.

    Parameters
    ----------
    tasks : DataFrame
        A plan's tasks table (list columns ``sectors``, ``partners``, ``instruments``).
    entities : DataFrame
        A plan's entities table.

    Returns
    -------
    networkx.Graph
        One node per entity (id = ``entity_id``) with the attributes ``kind, label, label_zh,
        tool_type, sub_tool, n_tasks``; an edge joins two entities coded on the same task, with ``weight``
        (number of such tasks) and ``tasks`` (their ids, in order).

    Examples
    --------
    >>> tasks = pd.DataFrame({"task_id": ["T1", "T2"], "sectors": [["finance"], ["finance"]],
    ...                       "partners": [["hong-kong"], ["hong-kong"]], "instruments": [[], []]})
    >>> entities = pd.DataFrame({"entity_id": ["finance", "hong-kong"],
    ...     "kind": ["sector", "partner"], "label": ["Finance", "Hong Kong"],
    ...     "label_zh": ["金融", "香港"], "tool_type": ["", ""], "n_tasks": [2, 2]})
    >>> G = build_graph(tasks, entities)
    >>> G.edges["finance", "hong-kong"]
    {'weight': 2, 'tasks': ['T1', 'T2']}
    """
    G = nx.Graph()
    for row in entities.itertuples(index=False):
        G.add_node(row.entity_id, kind=row.kind, label=row.label, label_zh=row.label_zh or "",
                   tool_type=row.tool_type or "", sub_tool=getattr(row, "sub_tool", "") or "",
                   n_tasks=int(row.n_tasks))
    for task_id, *lists in tasks[["task_id", *(list_column(k) for k in KINDS if list_column(k) in tasks)]].itertuples(
            index=False):
        ids = sorted({e for ids in lists for e in ids if e in G})
        for a, b in combinations(ids, 2):
            if G.has_edge(a, b):
                G[a][b]["weight"] += 1
                G[a][b]["tasks"].append(task_id)
            else:
                G.add_edge(a, b, weight=1, tasks=[task_id])
    return G


def layout(G: nx.Graph, seed: int = 0, *, weight: str | None = "weight") -> dict:
    """Seeded 2-D positions for the nodes of a graph, scaled to [-1, 1].

    The same graph and seed always give the same positions. Each connected component is laid
    out on its own (so a small separate cluster does not squeeze the rest into a corner), with
    an area proportional to its number of nodes, and the components are packed in rows, largest
    first. Graphs below :data:`LARGE_GRAPH` nodes use networkx's ``spring_layout``
    (Fruchterman-Reingold); larger ones igraph's Fruchterman-Reingold (grid variant), which lays
    out 5,000 nodes in about two seconds where networkx takes minutes.

    Parameters
    ----------
    G : networkx.Graph
        Any graph (for example :meth:`zonekit.plan.Plan.graph`).
    seed : int
        Seed of the random starting positions.
    weight : str or None
        Edge attribute pulling nodes together (default ``"weight"``; None for unweighted).

    Returns
    -------
    dict
        ``{node: (x, y)}`` with float coordinates, in the graph's node order. The result
        depends on that order (not on Python's hash seed): build graphs in a fixed order.

    Examples
    --------
    >>> G = nx.path_graph(["a", "b", "c"])
    >>> pos = layout(G, seed=1)
    >>> sorted(pos), pos == layout(G, seed=1)
    (['a', 'b', 'c'], True)
    >>> all(-1 <= v <= 1 for xy in pos.values() for v in xy)
    True
    >>> layout(nx.Graph())
    {}
    """
    import numpy as np

    nodes = list(G.nodes)
    if not nodes:
        return {}
    large = len(nodes) >= LARGE_GRAPH
    comps = sorted((list(c) for c in nx.connected_components(G)),
                   key=lambda c: (-len(c), min(map(str, c))))
    order = {v: i for i, v in enumerate(nodes)}
    placed: dict = {}
    boxes = []
    for comp in comps:
        comp.sort(key=order.__getitem__)
        xy = _component_layout(_ordered_subgraph(G, comp, order), comp, seed, weight, large)
        radius = 0.5 * np.sqrt(len(comp))
        xy = xy - (xy.max(axis=0) + xy.min(axis=0)) / 2
        span = np.abs(xy).max()
        xy = xy * (radius / span) if span > 0 else xy
        boxes.append((comp, xy, 2 * radius + 0.6))
    # shelf packing: rows of components, largest first
    width = max(boxes[0][2], np.sqrt(sum(b * b for _, _, b in boxes)) * 1.7)
    x = y = row_h = 0.0
    for comp, xy, box in boxes:
        if x > 0 and x + box > width:
            x, y, row_h = 0.0, y - row_h, 0.0
        centre = np.array([x + box / 2, y - box / 2])
        for v, p in zip(comp, xy + centre, strict=True):
            placed[v] = p
        x += box
        row_h = max(row_h, box)
    xy = np.array([placed[v] for v in nodes], dtype=float)
    xy = xy - (xy.max(axis=0) + xy.min(axis=0)) / 2
    scale = np.abs(xy).max()
    if scale > 0:
        xy = xy / scale
    return {v: (float(a), float(b)) for v, (a, b) in zip(nodes, xy, strict=True)}


def _ordered_subgraph(G: nx.Graph, nodes: list, order: dict) -> nx.Graph:
    """Induced subgraph with nodes and edges in a fixed order.

    ``G.subgraph`` of a small node set iterates over a Python set, whose order changes with
    the hash seed; layouts depend on node order, so we rebuild the subgraph in ``order``.
    """
    H = nx.Graph()
    H.add_nodes_from(nodes)
    keep = set(nodes)
    edges = [(a, b, d) if order[a] <= order[b] else (b, a, d)
             for a in nodes for b, d in G.adj[a].items() if b in keep and order[a] <= order[b]]
    edges.sort(key=lambda e: (order[e[0]], order[e[1]]))
    H.add_edges_from(edges)
    return H


def _component_layout(H: nx.Graph, nodes: list, seed: int, weight: str | None, large: bool):
    """Positions of one connected component, in ``nodes`` order (unscaled)."""
    import numpy as np

    n = len(nodes)
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-1.0, 0.0], [1.0, 0.0]])
    if not large:
        raw = nx.spring_layout(H, seed=seed, weight=weight, k=2.0 / np.sqrt(n), iterations=100)
        return np.array([raw[v] for v in nodes], dtype=float)
    return _igraph_fr(H, nodes, seed, weight)


def _igraph_fr(G: nx.Graph, nodes: list, seed: int, weight: str | None):
    """igraph Fruchterman-Reingold with seeded start positions and a seeded igraph RNG."""
    import random

    import igraph as ig
    import numpy as np

    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[a], index[b]) for a, b in G.edges]
    g = ig.Graph(n=len(nodes), edges=edges)
    weights = None
    if weight is not None and edges:
        weights = [float(d.get(weight, 1)) for _, _, d in G.edges(data=True)]
    start = np.random.default_rng(seed).uniform(-1, 1, size=(len(nodes), 2))
    start *= np.sqrt(len(nodes))
    ig.set_random_number_generator(random.Random(seed))
    try:
        lay = g.layout_fruchterman_reingold(weights=weights, seed=start.tolist(),
                                            grid="grid" if len(nodes) >= LARGE_GRAPH else "nogrid")
    finally:
        ig.set_random_number_generator(random)
    return np.asarray(lay.coords, dtype=float)
