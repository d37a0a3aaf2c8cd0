"""Word files: ``.docx`` through python-docx, legacy ``.doc`` through the Debian tool antiword.

A ``.docx`` gives one paragraph per line block (a blank line between paragraphs), tables row by
row (cells joined by ``" | "``), in document order; a paragraph styled as a heading (``Heading 1``
... ``Heading 9``, ``Title``, or a style whose outline level is set, in any language: ``标题 1``)
is a heading with that level. A ``.doc`` is converted by ``antiword`` (``-w 0``: one line per
paragraph, UTF-8); without antiword the error says to install it or save the file as ``.docx``.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

from ..errors import SourceError
from .text import Converted, join_blocks

__all__ = ["docx_text", "doc_text", "heading_level"]

_LEVEL = re.compile(r"(?:heading|标题|標題|titre|überschrift|título)\s*(\d)", re.I)
_SPACE = re.compile(r"[ \t\u00a0\u3000]+")


def heading_level(paragraph) -> int:
    """The outline level of a python-docx paragraph (1 = top), or 0 for body text.

    The style's name (``Heading 2``, ``标题 2``, ``Title``) or the outline level set on the
    paragraph or its style decides.

    Examples
    --------
    >>> import docx
    >>> d = docx.Document()
    >>> heading_level(d.add_heading("Measures", level=2)), heading_level(d.add_paragraph("x"))
    (2, 0)
    """
    style = paragraph.style
    names = []
    while style is not None:
        names.append(style.name or "")
        level = _outline_level(style.element)
        if level:
            return level
        style = style.base_style
    level = _outline_level(paragraph._p)
    if level:
        return level
    for n in names:
        if n.lower() == "title":
            return 1
        m = _LEVEL.search(n)
        if m:
            return int(m.group(1))
    return 0


def _outline_level(element) -> int:
    from docx.oxml.ns import qn

    ppr = element.find(qn("w:pPr"))
    lvl = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if lvl is None:
        return 0
    try:
        value = int(lvl.get(qn("w:val")))
    except (TypeError, ValueError):
        return 0
    return value + 1 if value < 9 else 0  # 9 means body text


def docx_text(data: bytes, name: str) -> Converted:
    """The text of a ``.docx`` file with its headings' outline levels.

    Parameters
    ----------
    data : bytes
    name : str
        The file name, for error messages.

    Returns
    -------
    Converted
        ``headings`` are ``(start, end, level)``; ``meta`` the title and dates of the file's
        core properties.

    Raises
    ------
    SourceError
        Not a Word file, or one without text.

    Examples
    --------
    >>> import docx, io
    >>> d = docx.Document()
    >>> _ = d.add_heading("一、总体要求", level=1)
    >>> _ = d.add_paragraph("支持香港金融机构开展业务。")
    >>> buf = io.BytesIO(); d.save(buf)
    >>> c = docx_text(buf.getvalue(), "plan.docx")
    >>> c.text, c.headings
    ('一、总体要求\\n\\n支持香港金融机构开展业务。', ((0, 6, 1),))
    """
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises several kinds on a broken package
        raise SourceError(f"{name}: is not a readable Word .docx file ({type(e).__name__})") \
            from None
    blocks: list[tuple[str, int]] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = _SPACE.sub(" ", item.text).strip()
            if text:
                blocks.append((text, heading_level(item)))
        elif isinstance(item, Table):
            for row in item.rows:
                cells = list(dict.fromkeys(_SPACE.sub(" ", c.text).strip() for c in row.cells))
                line = " | ".join(c.replace("\n", " ") for c in cells if c)
                if line:
                    blocks.append((line, 0))
    if not blocks:
        raise SourceError(f"{name}: the Word file holds no text")
    text, headings = join_blocks(blocks)
    meta = {}
    props = document.core_properties
    if props.title and props.title.strip():
        meta["title"] = props.title.strip()
    if props.created:
        meta["date"] = props.created.date().isoformat()
    return Converted(text, "docx", headings=headings, meta=meta)


def doc_text(path: str, name: str) -> Converted:
    """The text of a legacy Word ``.doc`` file, converted by ``antiword``.

    Parameters
    ----------
    path : str
        The file.
    name : str
        The file name, for error messages.

    Returns
    -------
    Converted

    Raises
    ------
    SourceError
        antiword is not installed, or cannot convert the file.

    Examples
    --------
    >>> doc_text("/nonexistent.doc", "x.doc")
    Traceback (most recent call last):
    ...
    zonekit.errors.SourceError: x.doc: ...
    """
    tool = shutil.which("antiword")
    if tool is None:
        raise SourceError(f"{name}: is a legacy Word .doc file: install antiword (Debian: "
                          f"apt-get install antiword) or save it as .docx")
    try:
        run = subprocess.run([tool, "-w", "0", "-m", "UTF-8.txt", path], capture_output=True,
                             timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise SourceError(f"{name}: antiword failed ({type(e).__name__}); save it as .docx") \
            from None
    if run.returncode != 0:
        why = run.stderr.decode("utf-8", "replace").strip().splitlines()
        why = why[-1][:100] if why else f"exit status {run.returncode}"
        raise SourceError(f"{name}: antiword cannot read it ({why}); save it as .docx")
    out = run.stdout.decode("utf-8", "replace")
    paras = [_SPACE.sub(" ", line).strip() for line in out.splitlines()]
    paras = [p for p in paras if p]
    if not paras:
        raise SourceError(f"{name}: the Word file holds no text")
    return Converted("\n\n".join(paras), "doc")
