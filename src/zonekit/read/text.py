"""Plain text: decode bytes (byte-order marks, UTF-8, GB18030) and refuse what is not text.

Also :class:`Converted`, what every format's reader returns: the text zonekit extracted, with its
page starts, headings and metadata.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from ..errors import SourceError

__all__ = ["Converted", "decode_text", "looks_binary", "join_blocks", "BOMS", "MAGIC"]

#: Magic numbers of common binary formats people hand us.
MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a zip archive (docx, xlsx, zip...)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"\x7fELF": "an executable",
}
#: Byte-order marks and the codec each one selects.
BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class Converted:
    """The text a reader extracted from a file, and what it learned on the way.

    Attributes
    ----------
    text : str
        The text; offsets in every table index into it.
    encoding : str
        How the bytes were decoded (``"pdf"``/``"docx"`` for formats that carry their own).
    page_starts : tuple of int
        For paged formats (PDF), the offset in ``text`` where each page begins.
    headings : tuple of (start, end, level)
        Headings the format marks as such (Word heading styles, HTML ``h1``-``h6``), with
        their outline level (1 = top).
    meta : dict
        Title, date, publisher, url the file itself declares.

    Examples
    --------
    >>> Converted("Plan", "utf-8").page_starts
    ()
    """

    text: str
    encoding: str
    page_starts: tuple = ()
    headings: tuple = ()
    meta: dict = field(default_factory=dict)


def looks_binary(head: bytes) -> str | None:
    """What binary format ``head`` (the first bytes of a file) starts like, or None.

    Examples
    --------
    >>> looks_binary(b"%PDF-1.7"), looks_binary("支持".encode())
    ('a PDF file', None)
    """
    for magic, what in MAGIC.items():
        if head.startswith(magic):
            return what
    if any(head.startswith(bom) for bom, _ in BOMS):
        return None
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    return None


def decode_text(data: bytes, name: str, encoding: str | None = None,
                fallbacks: tuple = ()) -> tuple[str, str]:
    """Decode bytes: an explicit encoding, else a byte-order mark, UTF-8, then GB18030.

    Parameters
    ----------
    data : bytes
    name : str
        The file name, for error messages.
    encoding : str, optional
        Use this codec and nothing else.
    fallbacks : tuple of str
        Codecs to try after UTF-8 and before the GB18030 guess (for example the charset an HTML
        page declares is passed as ``encoding`` instead; this is for hints).

    Returns
    -------
    (text, encoding)

    Raises
    ------
    SourceError
        Unknown codec, or bytes that do not decode.

    Examples
    --------
    >>> decode_text("支持香港。".encode("gbk"), "x.txt")
    ('支持香港。', 'gb18030')
    """
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
    for bom, enc in BOMS:
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
    for enc in fallbacks:
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            pass
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


def join_blocks(blocks) -> tuple[str, tuple]:
    """A converted document's text from its blocks, and the spans of its headings.

    Parameters
    ----------
    blocks : iterable of (text, level)
        Paragraphs in order; ``level`` is a heading's outline level, 0 for body text.

    Returns
    -------
    (text, headings)
        The blocks joined by blank lines, and ``(start, end, level)`` of each heading in it.

    Examples
    --------
    >>> join_blocks([("Plan", 1), ("We will act.", 0)])
    ('Plan\\n\\nWe will act.', ((0, 4, 1),))
    """
    parts, headings, at = [], [], 0
    for text, level in blocks:
        if level:
            headings.append((at, at + len(text), level))
        parts.append(text)
        at += len(text) + 2
    return "\n\n".join(parts), tuple(headings)
