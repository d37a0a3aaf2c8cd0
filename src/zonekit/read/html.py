"""Saved web pages: the main text and its metadata, taken out of the page by trafilatura.

The page's bytes are decoded here, not by the extractor: a byte-order mark first, then UTF-8
when the bytes are valid UTF-8 (pages saved by a crawler or a browser are often re-encoded while
their ``<meta charset>`` still names the original), then the charset the page declares (GB2312 and
GBK are read as GB18030, their superset), then the GB18030 guess of plain text.

The text is one block per line: headings (``h1``-``h6``, with their level), paragraphs, list items
and table rows (cells joined by ``" | "``), blocks separated by a blank line. Menus, footers,
scripts and comments stay behind in the page.
"""

from __future__ import annotations

import re

from ..errors import SourceError
from .text import BOMS, Converted, decode_text, join_blocks

__all__ = ["html_text", "declared_charset"]

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SPACE = re.compile(r"\s+")
#: What a declared charset is read as (supersets, as browsers do).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
              "big5": "big5hkscs", "iso-8859-1": "cp1252", "latin-1": "cp1252",
              "us-ascii": "cp1252", "ascii": "cp1252"}


def declared_charset(data: bytes) -> str | None:
    """The charset a page's ``<meta>`` declares in its first 4 KB, as the codec to use.

    Examples
    --------
    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=GB2312">')
    'gb18030'
    >>> declared_charset(b"<p>none</p>") is None
    True
    """
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    return _SUPERSETS.get(name, name)


def _decode_page(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    if encoding or any(data.startswith(bom) for bom, _ in BOMS):
        return decode_text(data, name, encoding)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared:
        try:
            return data.decode(declared), declared
        except LookupError:
            pass  # an unknown name: fall back to the guess
        except UnicodeDecodeError as e:
            raise SourceError(f"{name}: declares charset {declared} but byte {data[e.start]:#04x} "
                              f"at offset {e.start} is not {declared}; pass --encoding") from None
    return decode_text(data, name)


def _block(el) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()


def html_text(data: bytes, name: str, encoding: str | None = None) -> Converted:
    """The main text of a saved web page, its headings and metadata.

    Parameters
    ----------
    data : bytes
        The page as saved.
    name : str
        The file name, for error messages.
    encoding : str, optional
        Force an encoding instead of the rules in the module docstring.

    Returns
    -------
    Converted
        ``meta`` holds ``title``, ``date`` (ISO), ``publisher`` (the site name), ``url`` and
        ``author`` where the page gives them.

    Raises
    ------
    SourceError
        The page cannot be decoded, or holds no main text.

    Examples
    --------
    >>> page = ('<html><head><title>Trade plan</title><meta charset="gb2312"></head><body>'
    ...         '<nav><a href="/">Home</a> <a href="/news">News</a></nav><article>'
    ...         '<h2>Measures</h2><p>The city will support trade with Hong Kong and open new '
    ...         'routes for goods and services across the whole region.</p></article>'
    ...         '<script>var x = 1;</script></body></html>').encode("gb2312")
    >>> c = html_text(page, "p.html")
    >>> print(c.text)
    Trade plan
    <BLANKLINE>
    Measures
    <BLANKLINE>
    The city will support trade with Hong Kong and open new routes for goods and services across the whole region.
    >>> c.headings, c.meta["title"], c.encoding
    (((0, 10, 1), (12, 20, 2)), 'Trade plan', 'utf-8')
    """
    import trafilatura
    from lxml import etree

    page, enc = _decode_page(data, name, encoding)
    try:
        xml = trafilatura.extract(page, output_format="xml", with_metadata=True,
                                  include_tables=True, include_comments=False,
                                  favor_recall=True, deduplicate=False)
    except Exception as e:  # the extractor's own errors on broken markup
        raise SourceError(f"{name}: not a readable web page ({type(e).__name__})") from None
    if not xml:
        raise SourceError(f"{name}: the page holds no main text the extractor could find")
    root = etree.fromstring(xml.encode("utf-8"))
    meta = {k: v for k in ("title", "date", "url", "author") if (v := (root.get(k) or "").strip())}
    if root.get("sitename"):
        meta["publisher"] = root.get("sitename").strip()
    blocks: list[tuple[str, int]] = []  # (text, heading level or 0)
    main = root.find("main")
    for el in (main if main is not None else []):
        if el.tag == "head":
            level = int(rend[1]) if (rend := el.get("rend") or "").startswith("h") and \
                rend[1:].isdigit() else 2
            blocks.append((_block(el), level))
        elif el.tag == "list":
            blocks.extend((_block(item), 0) for item in el.iter("item"))
        elif el.tag == "table":
            for row in el.iter("row"):
                cells = [_block(c) for c in row.iter("cell")]
                blocks.append((" | ".join(c for c in cells if c), 0))
        else:
            blocks.append((_block(el), 0))
    blocks = [(t, lv) for t, lv in blocks if t]
    title = meta.get("title", "")
    if title and not any(lv == 1 for _, lv in blocks) and not (blocks and blocks[0][0] == title):
        blocks.insert(0, (title, 1))
    if not blocks:
        raise SourceError(f"{name}: the page holds no main text the extractor could find")
    text, headings = join_blocks(blocks)
    return Converted(text, enc, headings=headings, meta=meta)
