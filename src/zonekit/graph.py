"""The plan as a network: entities joined when they are coded on the same task.

Computing only; drawing is in :mod:`zonekit.figures`.
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import pandas as pd

from .codebook import KINDS

__all__ = ["build_graph", "NODE_ATTRIBUTES", "EDGE_ATTRIBUTES"]

#: Attributes every node carries.
NODE_ATTRIBUTES = ("kind", "label", "label_zh", "tool_type", "n_tasks")
#: Attributes every edge carries.
EDGE_ATTRIBUTES = ("weight", "tasks")


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
        tool_type, n_tasks``; an edge joins two entities coded on the same task, with ``weight``
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
                   tool_type=row.tool_type or "", n_tasks=int(row.n_tasks))
    for task_id, *lists in tasks[["task_id", *(f"{k}s" for k in KINDS)]].itertuples(
            index=False):
        ids = sorted({e for ids in lists for e in ids if e in G})
        for a, b in combinations(ids, 2):
            if G.has_edge(a, b):
                G[a][b]["weight"] += 1
                G[a][b]["tasks"].append(task_id)
            else:
                G.add_edge(a, b, weight=1, tasks=[task_id])
    return G
