"""Briefing-quality charts of a plan (plotly).

Every function takes a :class:`~zonekit.plan.Plan` and returns a ``plotly.graph_objects.Figure``;
nothing is shown or saved (save with :mod:`zonekit.export`). All charts share one briefing
template (:func:`apply_briefing_template`): a title stating a finding computed from the data, a
source line under the chart (document, publisher, date), the Okabe-Ito colour-blind-safe palette,
a type scale readable on a slide and a font stack with a CJK font so Chinese labels render.

Text from documents and codebooks is HTML-escaped before it reaches a chart, and ``$`` is written
as ``&#36;`` so MathJax (if a page loads it) cannot typeset document text.

The package has four modules: :mod:`~zonekit.figures.theme` (the template and shared helpers),
:mod:`~zonekit.figures.networks`, :mod:`~zonekit.figures.matrices` and :mod:`~zonekit.figures.charts`;
the public names of all four are importable from ``zonekit.figures``. Layout (the positions of the
network's nodes) is computed in :func:`zonekit.graph.layout`; this package only draws.
"""

from .charts import all_figures, instruments_per_sector, modality_by_section, sunburst
from .matrices import heatmap, tool_matrix
from .networks import STATUS_COLORS, NetworkModel, comparison_network, ego_network, network
from .theme import (
    BRIEFING_TEMPLATE,
    FONT_FAMILY,
    KIND_COLORS,
    KIND_SYMBOLS,
    MODALITY_COLORS,
    OKABE_ITO,
    PALETTE,
    TOOL_COLORS,
    TYPE_SCALE,
    WEBGL_THRESHOLD,
    apply_briefing_template,
)

__all__ = [
    "network", "ego_network", "heatmap", "tool_matrix", "sunburst", "instruments_per_sector",
    "modality_by_section", "all_figures", "apply_briefing_template", "NetworkModel",
    "OKABE_ITO", "PALETTE", "KIND_COLORS", "KIND_SYMBOLS", "MODALITY_COLORS", "TOOL_COLORS",
    "FONT_FAMILY", "TYPE_SCALE", "BRIEFING_TEMPLATE", "WEBGL_THRESHOLD", "comparison_network",
    "STATUS_COLORS",
]
