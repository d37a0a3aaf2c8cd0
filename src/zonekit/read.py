"""Read plan documents: decode bytes to text, refuse what is not a plan text.

The first stage of the pipeline. Everything downstream works on ``Source.text``, the decoded raw
text, and every offset in every table is an index into it.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SourceError

__all__ = ["Source", "read_source", "read_sources", "bundled_source_paths", "DEFAULT_MAX_BYTES"]

#: Default size limit for one document, in bytes (50 MB).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

SOURCES_FILE = "sources.csv"
_TEXT_SUFFIXES = {".txt", ".md", ".text"}

# Magic numbers of common binary formats people hand us by mistake.
_MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a zip archive (docx, xlsx, zip...)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"\x7fELF": "an executable",
}
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Source:
    """One decoded document.

    Attributes
    ----------
    doc_id : str
        Short identifier, by default the file name without its suffix.
    text : str
        The decoded raw text. Never modified: offsets in every table index into it.
    path : str or None
        Where it was read from (None for text given directly).
    encoding : str
        The encoding used to decode it.
    meta : dict
        Title, publisher, date, url and language, where a ``sources.csv`` beside the file gives
        them (columns ``file`` and ``doc_id``, then any of those).

    Examples
    --------
    >>> src = Source.from_text("The plan will support Hong Kong.", doc_id="demo")
    >>> src.doc_id, len(src.text)
    ('demo', 32)
    """

    doc_id: str
    text: str
    path: str | None = None
    encoding: str = "utf-8"
    meta: dict = field(default_factory=dict)

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


def _decode(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise SourceError(f"{name}: unknown encoding {encoding!r}") from None
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as e:
            raise SourceError(
                f"{name}: cannot be decoded as {encoding} (byte {data[e.start]:#04x} at offset "
                f"{e.start})"
            ) from None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as e:
                raise SourceError(f"{name}: starts with a {enc} byte-order mark but is not valid "
                                  f"{enc} (offset {e.start})") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_chinese(text[:65536]):
        return text, "gb18030"
    raise SourceError(
        f"{name}: not valid UTF-8 (byte {data[utf8_error.start]:#04x} at offset "
        f"{utf8_error.start}); pass --encoding (for example gb18030 or latin-1)"
    )


def _looks_chinese(sample: str) -> bool:
    """Is a GB18030 decoding plausible? Chinese text is mostly CJK characters whose second byte
    is >= 0xA1 (GB2312); Latin-1 text misread as GBK pairs a letter like é with an ASCII byte."""
    non_ascii = [c for c in sample if ord(c) > 127]
    if not non_ascii:
        return False
    cjk = [c for c in non_ascii if _CJK.match(c)]
    if len(cjk) / len(non_ascii) < 0.9:
        return False
    gb2312 = sum(1 for c in cjk if len(b := c.encode("gb18030")) == 2 and b[1] >= 0xA1)
    return gb2312 / len(cjk) >= 0.8


def _looks_binary(head: bytes) -> str | None:
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return what
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    return None


def read_source(
    path: str | os.PathLike,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    doc_id: str | None = None,
    meta: dict | None = None,
) -> Source:
    """Read and decode one plan document.

    Parameters
    ----------
    path : str or path-like
        A text file.
    encoding : str, optional
        Force an encoding. By default a byte-order mark decides (UTF-8, UTF-16, UTF-32), then
        UTF-8, then GB18030 (a superset of GBK) when the text decodes to Chinese.
    max_bytes : int
        Refuse larger files without reading them (default 50 MB).
    doc_id : str, optional
        Identifier; default the ``doc_id`` column of ``sources.csv``, else the file name
        without suffix.
    meta : dict, optional
        Metadata; default the file's row in a ``sources.csv`` beside it, if any.

    Returns
    -------
    Source

    Raises
    ------
    SourceError
        Missing file, a directory, empty or whitespace-only text, binary data, a file over
        ``max_bytes``, or bytes that cannot be decoded. The message starts with the path.

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
    what = None if encoding else _looks_binary(data[:4096])
    if what:
        raise SourceError(f"{name}: is {what}, not a plain-text plan")
    text, enc = _decode(data, name, encoding)
    if not text.strip():
        raise SourceError(f"{name}: the file holds only whitespace")
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(8, len(text[:65536]) // 100):
        raise SourceError(f"{name}: looks like binary data ({controls} control characters)")
    if meta is None:
        meta = _sources_metadata(p.parent).get(p.name, {})
    meta = dict(meta)
    doc_id = doc_id or meta.pop("doc_id", None) or p.stem
    return Source(doc_id=doc_id, text=text, path=name, encoding=enc, meta=meta)


def _sources_metadata(folder: Path) -> dict[str, dict]:
    f = folder / SOURCES_FILE
    if not f.is_file():
        return {}
    with open(f, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = {}
    for row in rows:
        name = (row.pop("file", "") or "").strip()
        if name:
            out[name] = {k: v for k, v in row.items() if k and v}
    return out


def read_sources(
    paths, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[Source]:
    """Read several documents: files, folders (their ``*.txt`` and ``*.md`` files), or both.

    Document ids must be unique; a clash gets the parent folder's name as a prefix.

    Parameters
    ----------
    paths : path or iterable of paths
        Files and folders.
    encoding : str, optional
        Force an encoding (see :func:`read_source`).
    max_bytes : int
        Refuse larger files (see :func:`read_source`).

    Returns
    -------
    list of Source
        In the order given, a folder's files sorted by name.

    Raises
    ------
    SourceError
        A file cannot be read, or a folder holds no ``.txt`` or ``.md`` files.

    Examples
    --------
    >>> [s.doc_id for s in read_sources(bundled_source_paths())]
    ['beijing-2023']
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in
                           _TEXT_SUFFIXES)
            if not found:
                raise SourceError(f"{item}: folder holds no .txt or .md files")
            files.extend(found)
        else:
            files.append(p)
    sources = [read_source(f, encoding=encoding, max_bytes=max_bytes) for f in files]
    seen: dict[str, int] = {}
    out = []
    for s, f in zip(sources, files, strict=True):
        doc_id = s.doc_id
        if doc_id in seen:
            doc_id = f"{f.parent.name}/{doc_id}"
        while doc_id in seen:
            seen[s.doc_id] += 1
            doc_id = f"{s.doc_id}-{seen[s.doc_id]}"
        seen.setdefault(doc_id, 1)
        out.append(s if doc_id == s.doc_id else Source(doc_id, s.text, s.path, s.encoding, s.meta))
    return out


def bundled_source_paths() -> list[Path]:
    """Paths of the plan texts that ship with zonekit (the 2023 Beijing plan).

    Examples
    --------
    >>> [p.name for p in bundled_source_paths()]
    ['2023-11-23_cgtn_beijing-service-sector-plan.txt']
    """
    folder = Path(__file__).parent / "data" / "raw"
    return sorted(p for p in folder.iterdir() if p.suffix == ".txt")
