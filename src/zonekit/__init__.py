"""zonekit: turn a government policy plan into tables, a network graph and charts.

>>> import zonekit
>>> plan = zonekit.load_plan()          # the bundled 2023 Beijing service-sector plan
>>> plan.tasks.columns.tolist()[:6]
['task_id', 'doc_id', 'measure_id', 'section', 'path', 'text']

Importing zonekit loads pandas and networkx only; plotting, widgets and Jupyter are imported by
the functions that use them.
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import tutorial  # noqa: F401  (zonekit.tutorial.check; imports no plotting)
from .codebook import Codebook, Entity, load_codebook
from .comparison import Comparison, compare
from .errors import CodebookError, OutputError, SourceError, ZonekitError
from .match import Matcher
from .plan import Plan, load_plan
from .read import Source, read_source
from .validation import Validation, hand_coding_template, read_hand_coding, validate

__all__ = [
    "__version__", "load_plan", "Plan", "Source", "read_source", "load_codebook", "Codebook",
    "Entity", "Matcher", "ZonekitError", "SourceError", "CodebookError", "OutputError",
    "compare", "Comparison", "validate", "Validation", "hand_coding_template", "read_hand_coding",
]

# Lazy public names: they import plotly, which ``import zonekit`` must not.
_LAZY = {"brief": ("briefing", "brief"), "explore": ("explorer", "explore")}
__all__ += list(_LAZY)


def __getattr__(name):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

