"""PDF: the text layer, page by page (pypdf), without page furniture, lines joined into paragraphs.

1. Each page's text comes from pypdf (BSD licence), in content-stream order.
2. **Page furniture** is removed: a bare page number (``12``, ``- 12 -``, ``Page 3 of 9``,
   ``第 3 页``) among the first or last two lines of a page, and a running header or footer, a line
   among the first or last two of a page that recurs there (digits aside) on at least 30% of the
   pages, and on three pages or more.
3. **Lines are joined** into paragraphs: a line ends its paragraph when it ends a sentence short
   of the full line width, when it is short (a heading, the last line of a paragraph), or when
   the next line starts a numbered item or a bullet, or when it ends a sentence and the next line
   is short and unpunctuated (a heading). Otherwise the next line continues it: with
   no space between Chinese characters, with the hyphen taken out when an English word was split
   at the line end (``eco-`` + ``nomic``), with one space otherwise. A paragraph may run on to
   the next page. Paragraphs are separated by a blank line.

``Converted.page_starts`` says where each page begins in the text, so every offset has a page.
A PDF without a text layer (scanned) is refused: it needs OCR first. Characters a PDF draws as
pictures (some old Chinese PDFs draw the characters their font lacks as inline images) have no
text and are missing from the text.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata

from ..errors import SourceError
from .text import Converted

__all__ = ["pdf_text", "paragraphs", "ends_paragraph", "continue_line", "FURNITURE_SHARE"]

#: A line at a page's edge recurring on this share of pages (and on 3 or more) is furniture.
FURNITURE_SHARE = 0.3
_EDGE = 2  # lines at the top and at the bottom of a page where furniture is looked for
_PAGE_NUMBER = re.compile(
    r"\s*(?:[-–—]\s*)?(?:(?:page|p\.)\s*)?\d{1,4}(?:\s*(?:/|of|／)\s*\d{1,4})?(?:\s*[-–—])?\s*"
    r"|\s*第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?\s*|\s*[-–—]?\s*[ivxlcIVXLC]{1,6}\s*[-–—]?\s*",
    re.I,
)
_DIGITS = re.compile(r"\d+")
_CN_NUM = "一二三四五六七八九十百零〇"
_ITEM = re.compile(
    rf"\s*(?:[{_CN_NUM}]+、|[（(][{_CN_NUM}\d]+[)）]|第[{_CN_NUM}\d]+[章节条部分篇]|"
    r"\d+(?:\.\d+)*[.、．)]\s|\d+(?:\.\d+)+\s|[•●○■□◆◇▪▫·‧\-–—*]\s?|[a-z][.)]\s|"
    r"[ivx]+\.\s|(?:chapter|article|section|part)\s+\d)",
    re.I,
)
_ENDS_SENTENCE = tuple("。！？；：.!?;:")
_CLOSERS = "\"'”’」』）)]"
_PUA_BULLET = re.compile("^[\uf000-\uf0ff]\\s*")  # Symbol/Wingdings bullets mapped to private use


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WF"


def _width(line: str) -> int:
    return sum(2 if _wide(c) else 1 for c in line)


def _is_cjk(c: str) -> bool:
    return _wide(c) and unicodedata.category(c)[0] in "LP"


def paragraphs(pages: list[list[str]], full: float) -> tuple[str, list[int]]:
    """The pages' lines joined into paragraphs, a blank line between them.

    Parameters
    ----------
    pages : list of list of str
        Each page's non-blank lines, furniture removed.
    full : float
        The width of a full line (wide characters count two).

    Returns
    -------
    (text, page_starts)
        ``page_starts[i]`` is the offset in ``text`` where page ``i`` begins (a page without
        text begins where the next text does).

    Examples
    --------
    >>> text, starts = paragraphs([["We will support eco-", "nomic growth in the"],
    ...                            ["region.", "Trade"]], 20)
    >>> text, starts
    ('We will support economic growth in the region.\\n\\nTrade', [0, 39])
    >>> paragraphs([["支持香港金融机构在", "北京开展业务。", "一、总体要求"]], 18)[0]
    '支持香港金融机构在北京开展业务。\\n\\n一、总体要求'
    """
    flat = [(p, line) for p, lines in enumerate(pages) for line in lines]
    parts: list[str] = []
    starts: list[int | None] = [None] * len(pages)
    pos, current = 0, ""
    for i, (p, line) in enumerate(flat):
        if current:
            current = continue_line(current, line)
        else:
            current = line
        if starts[p] is None:
            starts[p] = pos + len(current) - len(line)
        if i + 1 == len(flat) or ends_paragraph(line, flat[i + 1][1], full):
            parts.append(current)
            pos += len(current) + 2
            current = ""
    text = "\n\n".join(parts)
    after = len(text)
    for p in range(len(pages) - 1, -1, -1):
        if starts[p] is None:
            starts[p] = after
        after = starts[p]
    return text, starts


def ends_paragraph(line: str, nxt: str, full: float) -> bool:
    """Whether ``line`` ends its paragraph, ``nxt`` being the line after it.

    Examples
    --------
    >>> ends_paragraph("The plan will support trade and", "investment.", 30)
    False
    >>> ends_paragraph("Overview", "The plan will support trade.", 30)
    True
    """
    if _ITEM.match(nxt):
        return True
    w = _width(line)
    if w < 0.75 * full:
        return True
    body = line.rstrip(_CLOSERS)
    if not body.endswith(_ENDS_SENTENCE):
        return False
    # a sentence ends the line: a new paragraph when the line falls short of the full width or
    # the next line is a short one without closing punctuation (a heading)
    nxt_body = nxt.rstrip(_CLOSERS)
    return w < 0.92 * full or (_width(nxt) < 0.75 * full and not nxt_body.endswith(
        _ENDS_SENTENCE + tuple("，,、")))


def continue_line(text: str, line: str) -> str:
    """``text`` continued by the next line ``line`` (no space between Chinese characters,
    an English word split by a hyphen at the line end made whole, else one space).

    Examples
    --------
    >>> continue_line("sustain-", "able growth"), continue_line("支持", "香港"), continue_line("A", "B")
    ('sustainable growth', '支持香港', 'A B')
    """
    a, b = text[-1], line[0]
    if a == "-" and len(text) > 1 and text[-2].isalpha() and b.islower():
        return text[:-1] + line
    if _is_cjk(a) or _is_cjk(b):
        return text + line
    return text + " " + line


def _furniture(pages: list[list[str]]) -> set[str]:
    """Keys (digits folded) of the lines that recur at the pages' edges."""
    counts: dict[str, int] = {}
    for lines in pages:
        edge = {_key(s) for s in (*lines[:_EDGE], *lines[-_EDGE:])}
        for k in edge:
            counts[k] = counts.get(k, 0) + 1
    need = max(3, math.ceil(FURNITURE_SHARE * len(pages)))
    return {k for k, n in counts.items() if n >= need and k}


def _key(line: str) -> str:
    return " ".join(_DIGITS.sub("#", line).split()).lower()


def _strip_furniture(lines: list[str], running: set[str]) -> list[str]:
    n = len(lines)
    edge = set(range(min(_EDGE, n))) | set(range(max(0, n - _EDGE), n))
    return [s for i, s in enumerate(lines)
            if i not in edge or not (_PAGE_NUMBER.fullmatch(s) or _key(s) in running)]


def pdf_text(data: bytes, name: str) -> Converted:
    """The text of a PDF, its page starts and its metadata.

    Parameters
    ----------
    data : bytes
        The PDF file.
    name : str
        The file name, for error messages.

    Returns
    -------
    Converted
        ``page_starts[i]`` is where page ``i + 1`` begins in ``text``; ``meta`` holds the title
        and date the PDF's information dictionary gives.

    Raises
    ------
    SourceError
        Not a readable PDF, encrypted with a password, or without a text layer.

    Examples
    --------
    >>> pdf_text(b"%PDF-1.4 broken", "x.pdf")
    Traceback (most recent call last):
    ...
    zonekit.errors.SourceError: x.pdf: is a PDF file that cannot be read (...)
    """
    import logging
    import warnings

    from pypdf.errors import PyPdfError

    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)  # pypdf logs what it repairs; the error says what matters
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _pdf_text(data, name, PyPdfError)
    finally:
        log.setLevel(level)


def _pdf_text(data: bytes, name: str, PyPdfError) -> Converted:  # noqa: N803
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # pypdf needs the cryptography package for AES
                opened = 0
            if not opened:
                raise SourceError(f"{name}: is an encrypted PDF (it needs a password): save an "
                                  f"unencrypted copy, or run OCR on a printout") from None
        raw_pages = reader.pages
        n_pages = len(raw_pages)
    except SourceError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError) as e:
        reason = str(e).splitlines()[0][:80] if str(e) else type(e).__name__
        raise SourceError(f"{name}: is a PDF file that cannot be read ({reason})") from None
    pages: list[list[str]] = []
    for page in raw_pages:
        try:
            text = page.extract_text() or ""
        except Exception:  # one broken page does not lose the others
            text = ""
        lines = [_PUA_BULLET.sub("• ", s.strip()) for s in text.splitlines()]
        pages.append([s for s in lines if s])
    n_chars = sum(len(s) for lines in pages for s in lines)
    if n_chars < 20 * max(1, min(n_pages, 3)):
        raise SourceError(f"{name}: has no text layer: run OCR first ({n_pages} page"
                          f"{'s' if n_pages != 1 else ''}, {n_chars} characters of text)")
    running = _furniture(pages) if n_pages >= 3 else set()
    pages = [_strip_furniture(lines, running) for lines in pages]
    widths = sorted(_width(s) for lines in pages for s in lines)
    full = widths[int(0.75 * (len(widths) - 1))] if widths else 1
    text, starts = paragraphs(pages, full)
    meta = {}
    try:
        info = reader.metadata
        if info and info.title and str(info.title).strip():
            meta["title"] = str(info.title).strip()
        if info and info.creation_date:
            meta["date"] = info.creation_date.date().isoformat()
    except Exception:  # a broken information dictionary is no reason to refuse the text
        pass
    return Converted(text, "pdf", page_starts=tuple(starts), meta=meta)
