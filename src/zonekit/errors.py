"""The errors zonekit raises for bad input. Each message starts with the file it is about."""

from __future__ import annotations

__all__ = ["ZonekitError", "SourceError", "CodebookError", "OutputError", "BrowserError"]


class ZonekitError(Exception):
    """Base class: a problem with the user's input or output location, not a bug.

    The CLI prints ``zonekit: error: <message>`` and exits with status 2.

    Examples
    --------
    >>> str(SourceError("plan.txt: the file is empty"))
    'plan.txt: the file is empty'
    """


class SourceError(ZonekitError):
    """A document cannot be read or decoded."""


class CodebookError(ZonekitError):
    """A codebook file is invalid; the message names the file and line."""


class OutputError(ZonekitError):
    """An output location cannot be written (exists, not empty, not writable)."""


class BrowserError(ZonekitError):
    """No Chrome/Chromium for image export (or it failed); the message says how to install one.

    ``written`` lists the files that were still written (tables, graph, HTML).
    """

    def __init__(self, message: str, written=()):
        super().__init__(message)
        self.written = list(written)
