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
    """A document cannot be read or decoded.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from zonekit import read_source
    >>> read_source(pathlib.Path(tempfile.mkdtemp()) / "plan.txt")
    Traceback (most recent call last):
    ...
    zonekit.errors.SourceError: .../plan.txt: no such file
    """


class CodebookError(ZonekitError):
    """A codebook file is invalid; the message names the file and line.

    Examples
    --------
    >>> from zonekit import Codebook
    >>> Codebook.from_yaml("entities:\\n  - id: x\\n    kind: sector\\n", name="mine.yaml")
    Traceback (most recent call last):
    ...
    zonekit.errors.CodebookError: mine.yaml:2: entity 'x': missing 'label'
    """


class OutputError(ZonekitError):
    """An output location cannot be written (exists, not empty, not writable).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from zonekit.export import check_output
    >>> taken = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> _ = taken.write_text("not a folder")
    >>> check_output(taken)
    Traceback (most recent call last):
    ...
    zonekit.errors.OutputError: .../out: exists and is not a folder
    """


class BrowserError(ZonekitError):
    """No Chrome/Chromium for image export (or it failed); the message says how to install one.

    ``written`` lists the files that were still written (tables, graph, HTML).

    Parameters
    ----------
    message : str
        What went wrong and how to install a browser.
    written : iterable of path
        Files written despite the failure.

    Examples
    --------
    >>> err = BrowserError("no Chrome found; install chromium", written=["tasks.csv"])
    >>> str(err), err.written, isinstance(err, ZonekitError)
    ('no Chrome found; install chromium', ['tasks.csv'], True)
    """

    def __init__(self, message: str, written=()):
        super().__init__(message)
        self.written = list(written)
