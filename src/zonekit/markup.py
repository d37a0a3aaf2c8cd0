"""Escaping document text for HTML: the one escaper of every page, chart and widget.

Plain standard library, so the tutorial checks and the briefing page can use it without
importing plotly.
"""

from __future__ import annotations

import html

__all__ = ["esc"]


def esc(value, quote: bool = False) -> str:
    """HTML-escape document text and neutralise ``$`` (so MathJax cannot typeset it).

    Parameters
    ----------
    value : object
        Any value; None becomes ``""``.
    quote : bool
        Escape quotes too, for attribute values.

    Returns
    -------
    str

    Examples
    --------
    >>> esc('<b>"$5"</b>'), esc('"a"', quote=True)
    ('&lt;b&gt;"&#36;5"&lt;/b&gt;', '&quot;a&quot;')
    """
    return html.escape("" if value is None else str(value), quote=quote).replace("$", "&#36;")
