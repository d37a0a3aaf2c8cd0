"""Every count, share, ranking and finding, computed once from a plan's tables.

Charts, the briefing, the tutorials and the notebooks call these functions; none of them counts
on its own. DataFrames in, DataFrames out, no drawing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .schema import TOOL_TYPES

if TYPE_CHECKING:
    from .plan import Plan

__all__ = ["policy_tool_matrix", "NO_SECTOR"]


#: Column of :func:`policy_tool_matrix` for instruments on tasks that name no sector.
NO_SECTOR = "(no sector)"


def policy_tool_matrix(plan: Plan, sectors=None) -> pd.DataFrame:
    """The policy-tool matrix: instrument codings by tool type (rows) and sector (columns).

    A cell counts (task, instrument) pairs: each instrument coded on a task adds one to its
    Rothwell-Zegveld ``tool_type`` (supply, demand, environment) in the column of every sector
    coded on that task. Instruments on a task without a sector count under :data:`NO_SECTOR`.

    Parameters
    ----------
    plan : Plan
    sectors : list of str, optional
        Column order (sector ids); default the plan's sectors in codebook order.

    Returns
    -------
    DataFrame
        Integer counts; index ``tool_type`` (supply, demand, environment, and ``unclassified``
        when an instrument has no tool type), one column per sector.

    Examples
    --------
    >>> from zonekit import Source, load_plan
    >>> plan = load_plan(Source.from_text("We will build a platform for banks in a pilot zone."))
    >>> policy_tool_matrix(plan)
    sector       finance
    tool_type
    supply             1
    demand             0
    environment        1
    """
    cb = plan.codebook
    counts: dict[tuple[str, str], int] = {}
    for secs, insts in zip(plan.tasks["sectors"], plan.tasks["instruments"], strict=True):
        for inst in insts:
            tool = (cb[inst].tool_type if inst in cb else "") or "unclassified"
            for sec in secs or [NO_SECTOR]:
                counts[tool, sec] = counts.get((tool, sec), 0) + 1
    if sectors is None:
        found = {s for _, s in counts} | {s for secs in plan.tasks["sectors"] for s in secs}
        order = [e.id for e in cb.by_kind("sector")]
        sectors = [s for s in order if s in found] + sorted(found - set(order) - {NO_SECTOR})
        if NO_SECTOR in found:
            sectors.append(NO_SECTOR)
    tools = [*TOOL_TYPES, *(["unclassified"] if any(t == "unclassified" for t, _ in counts)
                            else [])]
    df = pd.DataFrame([[counts.get((t, s), 0) for s in sectors] for t in tools],
                      index=pd.Index(tools, name="tool_type"),
                      columns=pd.Index(list(sectors), name="sector"), dtype="int64")
    return df
