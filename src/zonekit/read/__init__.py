"""Read plan documents: plain text, saved web pages, PDFs and Word files, one file or whole folders.

The first stage of the pipeline. Everything downstream works on ``Source.text`` and every offset
in every table is an index into it: for a text file the decoded file, for any other format the
text zonekit extracted (written beside the outputs as ``texts/DOC_ID.txt``).

Formats (by content first, then by suffix): ``.txt``/``.md``/``.text`` plain text
(:mod:`zonekit.read.text`); ``.html``/``.htm`` saved pages (:mod:`zonekit.read.html`,
trafilatura); ``.pdf`` (:mod:`zonekit.read.pdf`, pypdf, with page numbers); ``.docx``
(:mod:`zonekit.read.word`, python-docx, heading styles as outline levels) and legacy ``.doc``
(antiword).

Folders are read recursively (or the files a ``glob`` pattern picks). A document's ``doc_id`` is
its path inside the folder given, without the suffix, with ``/`` between folders
(``经济法/海南自由贸易港法(2021-06-10)``); a file given by itself has its name without the suffix.
A ``doc_id`` column in a ``sources.csv`` overrides both. When two documents would share an id,
the later one takes its suffix (``plan.pdf``, when both are in the same folder) or its parent
folder's name in front (``2024/plan``, files from different folders), then a number (``plan-2``).
"""

from __future__ import annotations

import bisect
import csv
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ..errors import SourceError
from .text import Converted, decode_text, looks_binary

__all__ = ["Source", "SourceList", "read_source", "read_sources", "bundled_source_paths",
           "DEFAULT_MAX_BYTES", "FORMATS", "SKIPPED_COLUMNS", "OTHER_FORMAT", "sniff_format",
           "sources_metadata", "folder_files", "folder_doc_id", "unique_doc_ids"]

#: Default size limit for one document, in bytes (50 MB).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: File suffixes zonekit reads in a folder, and the format of each.
FORMATS = {".txt": "text", ".md": "text", ".text": "text", ".html": "html", ".htm": "html",
           ".xhtml": "html", ".pdf": "pdf", ".docx": "docx", ".doc": "doc"}
#: Columns of the table of files a folder held that were not read.
SKIPPED_COLUMNS = ["path", "reason"]
#: The start of the reason given for a file of a format zonekit does not read.
OTHER_FORMAT = "not a plan format"

SOURCES_FILE = "sources.csv"
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)


@dataclass(frozen=True)
class Source:
    """One document, as text.

    Attributes
    ----------
    doc_id : str
        Short identifier (see the module docstring for the rule).
    text : str
        The decoded file, or the text extracted from a page, PDF or Word file. Never modified:
        offsets in every table index into it.
    path : str or None
        Where it was read from (None for text given directly).
    encoding : str
        The encoding used to decode it (``"pdf"``, ``"docx"``, ``"doc"`` for those formats).
    meta : dict
        Title, publisher, date, url and language: from a ``sources.csv`` beside the file or in
        a folder above it (columns ``file`` and ``doc_id``, then any of those), else what the
        file declares (a page's title and date, a PDF's or Word file's properties).
    format : str
        ``"text"``, ``"html"``, ``"pdf"``, ``"docx"`` or ``"doc"``.
    page_starts : tuple of int
        For a PDF, the offset in ``text`` where each page begins; empty otherwise.
    headings : tuple of (start, end, level)
        Headings the file marks as such (Word heading styles, HTML ``h1``-``h6``), with their
        outline level (1 = top); empty for plain text.

    Examples
    --------
    >>> src = Source.from_text("The plan will support Hong Kong.", doc_id="demo")
    >>> src.doc_id, len(src.text), src.format, src.pages
    ('demo', 32, 'text', None)
    """

    doc_id: str
    text: str
    path: str | None = None
    encoding: str = "utf-8"
    meta: dict = field(default_factory=dict)
    format: str = "text"
    page_starts: tuple = ()
    headings: tuple = ()

    @classmethod
    def from_text(cls, text: str, doc_id: str = "doc", **meta) -> Source:
        """Wrap a string as a Source (no file involved).

        Parameters
        ----------
        text : str
            The document text.
        doc_id : str
            Identifier.
        **meta
            Metadata such as ``title``, ``publisher``, ``date``, ``url``, ``language``.

        Returns
        -------
        Source

        Raises
        ------
        TypeError
            ``text`` is not a string.

        Examples
        --------
        >>> Source.from_text("支持香港。", doc_id="zh", language="zh").meta
        {'language': 'zh'}
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        return cls(doc_id=doc_id, text=text, path=None, encoding="utf-8", meta=dict(meta))

    @property
    def pages(self) -> int | None:
        """Number of pages (PDF), else None.

        Examples
        --------
        >>> Source("d", "one two", page_starts=(0, 4), format="pdf").pages
        2
        """
        return len(self.page_starts) or None

    def page_of(self, offsets) -> list:
        """The page (1-based) each offset falls on; None for every offset of an unpaged text.

        Parameters
        ----------
        offsets : iterable of int
            Offsets into :attr:`text`.

        Returns
        -------
        list of int or None

        Examples
        --------
        >>> src = Source("d", "page one\\n\\npage two", format="pdf", page_starts=(0, 10))
        >>> src.page_of([0, 9, 10, 17]), Source.from_text("x").page_of([0])
        ([1, 1, 2, 2], [None])
        """
        if not self.page_starts:
            return [None for _ in offsets]
        starts = self.page_starts
        return [max(1, bisect.bisect_right(starts, int(o))) for o in offsets]

    @property
    def citation(self) -> str:
        """A one-line citation: title, publisher, date (what the metadata gives).

        Examples
        --------
        >>> Source.from_text("x", doc_id="d", title="A plan", publisher="CGTN",
        ...                  date="2023-11-23").citation
        'A plan, CGTN, 2023-11-23'
        """
        parts = [self.meta.get(k) for k in ("title", "publisher", "date")]
        parts = [str(p) for p in parts if p]
        if parts:
            return ", ".join(parts)
        return Path(self.path).name if self.path else self.doc_id  # a file name says more


class SourceList(list):
    """A list of :class:`Source`, with the files of the folders read that were skipped.

    Attributes
    ----------
    skipped : DataFrame
        One row per file not read: ``path`` and ``reason`` (:data:`SKIPPED_COLUMNS`). Files of
        another format have a reason starting "not a plan format"; the others could not be read.

    Examples
    --------
    >>> SourceList([Source.from_text("x")]).skipped.columns.tolist()
    ['path', 'reason']
    """

    def __init__(self, items=(), skipped: pd.DataFrame | None = None):
        super().__init__(items)
        self.skipped = (skipped if skipped is not None
                        else pd.DataFrame({c: pd.Series([], dtype="str") for c in SKIPPED_COLUMNS}))

    @property
    def unreadable(self) -> pd.DataFrame:
        """The skipped files of a plan format that could not be read (bad files).

        Examples
        --------
        >>> SourceList().unreadable.empty
        True
        """
        return self.skipped[~self.skipped["reason"].str.startswith(OTHER_FORMAT)]


def sniff_format(head: bytes, suffix: str) -> str | None:
    """The format of a file from its first bytes and its suffix, or None for plain text.

    Content decides first (a PDF named ``.txt`` is read as a PDF), then the suffix.

    Parameters
    ----------
    head : bytes
        The file's first bytes (1 KB is enough).
    suffix : str
        The file's suffix, with the dot.

    Returns
    -------
    str or None
        ``"pdf"``, ``"docx"``, ``"doc"``, ``"html"``, or None (plain text, decoded and
        checked by :func:`read_source`).

    Examples
    --------
    >>> sniff_format(b"%PDF-1.7", ".txt"), sniff_format(b"<!DOCTYPE html>", ".dat")
    ('pdf', 'html')
    >>> sniff_format(b"PK\\x03\\x04", ".docx"), sniff_format(b"Plan", ".md") is None
    ('docx', True)
    """
    suffix = suffix.lower()
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") and suffix == ".docx":
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0") and suffix == ".doc":
        return "doc"
    if FORMATS.get(suffix) == "html" or (suffix not in FORMATS and _HTML_START.match(head)):
        return "html"
    return None


def read_source(
    path: str | os.PathLike,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    doc_id: str | None = None,
    meta: dict | None = None,
) -> Source:
    """Read one plan document: a text file, a saved web page, a PDF or a Word file.

    Parameters
    ----------
    path : str or path-like
        The file.
    encoding : str, optional
        Force an encoding for text and web pages. By default a byte-order mark decides
        (UTF-8, UTF-16, UTF-32), then UTF-8, then (web pages) the declared charset, then
        GB18030 (a superset of GBK) when the text decodes to Chinese.
    max_bytes : int
        Refuse larger files without reading them (default 50 MB).
    doc_id : str, optional
        Identifier; default the ``doc_id`` column of ``sources.csv``, else the file name
        without suffix.
    meta : dict, optional
        Metadata; default the file's row in a ``sources.csv`` beside it or in a folder above
        it (its ``file`` column holding the path from there), over what the file declares.

    Returns
    -------
    Source

    Raises
    ------
    SourceError
        Missing file, a directory, empty or whitespace-only text, binary data, a file over
        ``max_bytes``, bytes that cannot be decoded, a PDF without a text layer, a broken
        PDF or Word file. The message starts with the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "plan.txt"
    >>> _ = p.write_bytes("支持香港。".encode("gb18030"))
    >>> src = read_source(p)
    >>> src.text, src.encoding, src.doc_id
    ('支持香港。', 'gb18030', 'plan')
    >>> _ = p.write_text("   ")
    >>> read_source(p)
    Traceback (most recent call last):
    ...
    zonekit.errors.SourceError: .../plan.txt: the file holds only whitespace
    """
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise SourceError(f"{name}: no such file")
    if p.is_dir():
        raise SourceError(f"{name}: is a directory, not a text file")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise SourceError(
                f"{name}: file is {size:,} bytes, over the limit of {max_bytes:,} "
                f"(raise it with --max-size)"
            )
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except PermissionError:
        raise SourceError(f"{name}: permission denied") from None
    except OSError as e:
        raise SourceError(f"{name}: cannot be read ({e.strerror or e})") from None
    if len(data) > max_bytes:  # grew while we looked
        raise SourceError(f"{name}: file is over the limit of {max_bytes:,} bytes")
    if not data:
        raise SourceError(f"{name}: the file is empty")
    fmt = None if encoding and FORMATS.get(p.suffix.lower()) == "text" else \
        sniff_format(data[:1024], p.suffix)
    if fmt is None:
        converted = _plain_text(data, name, encoding)
        fmt = "text"
    else:
        converted = _convert(fmt, data, p, name, encoding)
    if meta is None:
        meta = sources_metadata(p)
    meta = {**converted.meta, **meta}
    doc_id = doc_id or meta.pop("doc_id", None) or p.stem
    meta.pop("doc_id", None)
    return Source(doc_id=doc_id, text=converted.text, path=name, encoding=converted.encoding,
                  meta=meta, format=fmt, page_starts=converted.page_starts,
                  headings=converted.headings)


def _plain_text(data: bytes, name: str, encoding: str | None) -> Converted:
    what = None if encoding else looks_binary(data[:4096])
    if what:
        raise SourceError(f"{name}: is {what}, not a plan zonekit reads (plain text, web page, "
                          f"PDF, Word)")
    text, enc = decode_text(data, name, encoding)
    if not text.strip():
        raise SourceError(f"{name}: the file holds only whitespace")
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(8, len(text[:65536]) // 100):
        raise SourceError(f"{name}: looks like binary data ({controls} control characters)")
    return Converted(text, enc)


def _convert(fmt: str, data: bytes, p: Path, name: str, encoding: str | None) -> Converted:
    if fmt == "html":
        from .html import html_text

        return html_text(data, name, encoding)
    if fmt == "pdf":
        from .pdf import pdf_text

        return pdf_text(data, name)
    if fmt == "docx":
        from .word import docx_text

        return docx_text(data, name)
    from .word import doc_text

    return doc_text(str(p), name)


_META_CACHE: dict[tuple[str, float], dict[str, dict]] = {}


def _metadata_file(folder: Path) -> dict[str, dict]:
    f = folder / SOURCES_FILE
    try:
        stamp = f.stat().st_mtime
    except OSError:
        return {}
    key = (str(f), stamp)
    if key not in _META_CACHE:
        try:
            with open(f, encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
        except (OSError, UnicodeDecodeError, csv.Error) as e:
            raise SourceError(f"{f}: cannot be read as a sources table ({e})") from None
        out = {}
        for row in rows:
            fname = (row.pop("file", "") or "").strip()
            if fname and not fname.endswith("/"):
                out[fname] = {k: v for k, v in row.items() if k and v}
        _META_CACHE[key] = out
    return _META_CACHE[key]


def sources_metadata(path: str | os.PathLike, levels: int = 3) -> dict:
    """The metadata a ``sources.csv`` gives for a file: beside it, or up to ``levels`` folders
    above it with the path from there in its ``file`` column.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp()); (root / "pdf").mkdir()
    >>> _ = (root / "sources.csv").write_text("file,title\\npdf/a.pdf,Plan A\\n")
    >>> sources_metadata(root / "pdf" / "a.pdf")
    {'title': 'Plan A'}
    """
    p = Path(path)
    parts = [p.name]
    folder = p.parent
    for _ in range(levels + 1):
        row = _metadata_file(folder).get("/".join(parts))
        if row is not None:
            return dict(row)
        if folder.parent == folder:
            break
        parts.insert(0, folder.name)
        folder = folder.parent
    return {}


def folder_files(folder: Path, glob: str | None = None, skipped: list | None = None) -> list[Path]:
    """A folder's files to read: those ``glob`` picks, else every file below it (recursively)
    of a plan format; files of other formats are listed in ``skipped``. Hidden files and
    folders and ``sources.csv`` are left out.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); (d / "x").mkdir()
    >>> _ = (d / "x" / "a.pdf").write_bytes(b"%PDF"); _ = (d / "b.png").write_bytes(b"")
    >>> other = []
    >>> [f.relative_to(d).as_posix() for f in folder_files(d, skipped=other)], len(other)
    (['x/a.pdf'], 1)
    """
    skipped = [] if skipped is None else skipped
    found = []
    for f in sorted(folder.glob(glob) if glob else folder.rglob("*")):
        rel = f.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not f.is_file():
            continue
        if glob is None and f.name == SOURCES_FILE:
            continue
        if glob is None and f.suffix.lower() not in FORMATS:
            skipped.append((str(f), f"{OTHER_FORMAT} ({f.suffix.lower() or 'no suffix'})"))
            continue
        found.append(f)
    return found


def read_sources(paths, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 glob: str | None = None) -> SourceList:
    """Read several documents: files, folders (recursively), or both.

    A file given by itself must be readable. In a folder, a file that cannot be read is
    skipped and listed, with the reason, in the result's ``skipped`` table, as are files of
    other formats; a folder with nothing readable is an error.

    Parameters
    ----------
    paths : path or iterable of paths
        Files and folders.
    encoding : str, optional
        Force an encoding (see :func:`read_source`).
    max_bytes : int
        Refuse larger files (see :func:`read_source`).
    glob : str, optional
        In folders, read only the files this pattern picks (``"*.pdf"``: that folder only;
        ``"**/*.md"``: every folder below). Default: every file of a plan format
        (:data:`FORMATS`), in every folder below.

    Returns
    -------
    SourceList
        The documents, in the order given, a folder's files sorted by path; ``.skipped``.

    Raises
    ------
    SourceError
        A file given by itself cannot be read, or a folder holds nothing readable.

    Examples
    --------
    >>> [s.doc_id for s in read_sources(bundled_source_paths())]
    ['beijing-2023']
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "laws").mkdir()
    >>> _ = (root / "laws" / "trade.md").write_text("We will support trade.")
    >>> _ = (root / "empty.txt").write_text("")
    >>> docs = read_sources(root)
    >>> [d.doc_id for d in docs], docs.skipped["reason"].tolist()
    (['laws/trade'], ['the file is empty'])
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    skipped: list[tuple[str, str]] = []
    out = SourceList()
    for item in paths:
        p = Path(item)
        if p.is_dir():
            files = folder_files(p, glob, skipped)
            docs = []
            for f in files:
                rel = folder_doc_id(f, p)
                try:
                    docs.append(_read_in_folder(f, rel, encoding, max_bytes))
                except SourceError as e:
                    skipped.append((str(f), _reason(e, f)))
            if not docs:
                what = f"the files {glob!r} picks" if glob else "plan files (" + ", ".join(
                    dict.fromkeys(FORMATS)) + ")"
                n = len(skipped)
                raise SourceError(f"{item}: folder holds no readable {what}" if files or glob
                                  else f"{item}: folder holds no .txt, .md, .html, .pdf, .docx "
                                  f"or .doc files" + (f" ({n} other files)" if n else ""))
            out.extend(docs)
        else:
            out.append(read_source(p, encoding=encoding, max_bytes=max_bytes))
    for i, doc_id in enumerate(unique_doc_ids([(x.doc_id, x.path) for x in out])):
        if doc_id != out[i].doc_id:
            out[i] = replace(out[i], doc_id=doc_id)
    out.skipped = pd.DataFrame(skipped, columns=SKIPPED_COLUMNS).astype("str")
    return out


def unique_doc_ids(items) -> list[str]:
    """Document ids made unique, in order: the one rule for a corpus's ids.

    A clash is settled by the file's folder name in front (``laws/trade``), or its suffix
    (``trade.pdf``) when both files sit in one folder, then by a number (``trade-2``).

    Parameters
    ----------
    items : iterable of (doc_id, path or None)

    Returns
    -------
    list of str

    Examples
    --------
    >>> unique_doc_ids([("a", "x/a.txt"), ("a", "y/a.txt"), ("a", "x/a.md"), ("b", None)])
    ['a', 'y/a', 'a.md', 'b']
    """
    seen: dict[str, str | None] = {}  # doc_id -> path
    out = []
    for doc_id, path in items:
        if doc_id in seen and path:
            f = Path(path)
            other = seen[doc_id]
            same_folder = other is not None and Path(other).parent == f.parent
            by_folder, by_suffix = f"{f.parent.name}/{doc_id}", f"{doc_id}{f.suffix.lower()}"
            for candidate in ((by_suffix, by_folder) if same_folder else (by_folder, by_suffix)):
                if candidate not in seen:
                    doc_id = candidate
                    break
        n = 1
        base = doc_id
        while doc_id in seen:
            n += 1
            doc_id = f"{base}-{n}"
        seen[doc_id] = str(path) if path else None
        out.append(doc_id)
    return out


def folder_doc_id(f: Path, folder: Path | None) -> str:
    """A file's id before clashes are settled: its path below the folder read, without suffix.

    Examples
    --------
    >>> folder_doc_id(Path("laws/econ/trade.md"), Path("laws")), folder_doc_id(Path("a.txt"), None)
    ('econ/trade', 'a')
    """
    return f.relative_to(folder).with_suffix("").as_posix() if folder is not None else f.stem


def _read_in_folder(f: Path, rel: str, encoding, max_bytes) -> Source:
    src = read_source(f, encoding=encoding, max_bytes=max_bytes)
    if src.doc_id == f.stem and rel != f.stem:  # no doc_id from a sources.csv
        src = replace(src, doc_id=rel)
    return src


def _reason(error: SourceError, f: Path) -> str:
    """The problem, without the path the message starts with."""
    msg = str(error)
    prefix = f"{f}: "
    return msg[len(prefix):] if msg.startswith(prefix) else msg


def bundled_source_paths() -> list[Path]:
    """Paths of the plan texts that ship with zonekit (the 2023 Beijing plan).

    Examples
    --------
    >>> [p.name for p in bundled_source_paths()]
    ['2023-11-23_cgtn_beijing-service-sector-plan.txt']
    """
    folder = Path(__file__).parent.parent / "data" / "raw"
    return sorted(p for p in folder.iterdir() if p.suffix == ".txt")
