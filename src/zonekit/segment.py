"""Split the kept text into headings, paragraphs and sentences, all as raw-offset spans.

A **paragraph** is a run of consecutive kept lines (a blank or dropped line ends it), so a
sentence or a phrase broken across lines stays whole. A **heading** is a paragraph of one short
line without closing punctuation, or a numbered heading line (``一、``, ``（一）``, ``第三章``,
``Chapter 2``, ``1.``, ``(1)``); a numbered paragraph whose first sentence is short (Chinese plans'
``（一）推进健康医疗服务改革开放。支持……``) has that sentence as its heading. **Sentences** end at
``.!?`` followed by white space (not after common abbreviations) and at ``。！？``.
"""

from __future__ import annotations

import re

import pandas as pd

from .clean import classify_lines
from .schema import SEGMENT_COLUMNS, frame

__all__ = ["segment", "SEGMENT_COLUMNS"]

_CLOSING = tuple("。！？!?.;；:：,，…")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[^\W_]+")
_CN_NUM = "一二三四五六七八九十百零〇"
_NUMBERED = re.compile(
    rf"^\s*(?:[{_CN_NUM}]+、|[（(][{_CN_NUM}]+[)）]|第[{_CN_NUM}\d]+[章节部分篇条]|"
    r"(?:chapter|part|section|article)\s+(?:\d+|[ivxlc]+)\b|\d+(?:\.\d+)*[.、．]\s*(?=\S)|"
    r"[（(]\d+[)）]|[ivx]+\.\s)",
    re.I,
)
_NUMBERED_AT = re.compile(_NUMBERED.pattern.removeprefix("^"), re.I)  # match(text, pos, end)
# The look-ahead adds no condition: it lets re jump, in C, to the next stop character.
_SENT_END = re.compile(
    r"(?=[。！？.!?])(?:[。！？]+[\"'”’」』）)]*|[.!?]+[\"'”’)\]]*(?=\s|$))"
)
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")  # "u.s", "e.g", "j"
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "no", "nos", "vs", "etc", "e.g", "i.e", "eg", "ie", "st",
    "co", "ltd", "inc", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "art", "para", "fig", "approx", "u.s", "u.k", "p.r.c", "gov", "dept",
}


def _n_units(s: str) -> int:
    """Length in 'words': Latin words plus Chinese characters / 2."""
    cjk = len(_CJK.findall(s))
    return len(_WORD.findall(_CJK.sub(" ", s))) + (cjk + 1) // 2


def _is_short_unpunctuated(s: str, max_units: int = 20) -> bool:
    s = s.strip()
    return bool(s) and not s.endswith(_CLOSING) and _n_units(s) <= max_units


def _sentence_spans(text: str, base: int) -> list[tuple[int, int, str]]:
    """``(start, end, sentence)`` of the sentences in ``text``, trimmed, offsets plus ``base``."""
    spans: list[tuple[int, int, str]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        at = m.start()
        if text[at] == ".":
            before = text[max(start, at - 24) : at].split()
            token = before[-1].lower().lstrip("(\"'“") if before else ""
            if token in _ABBREV or _INITIALS.fullmatch(token):
                continue
            nxt = text[end : end + 8].lstrip()
            if nxt and nxt[0].islower():
                continue
        _trimmed(spans, text[start:end], base + start)
        start = end
    _trimmed(spans, text[start:], base + start)
    return spans


def _trimmed(spans: list, piece: str, offset: int) -> None:
    """Append ``piece`` without its surrounding white space, if anything is left."""
    stripped = piece.strip()
    if stripped:
        lead = piece.index(stripped[0])  # every character before it is white space
        spans.append((offset + lead, offset + lead + len(stripped), stripped))


def segment(text: str, lines: pd.DataFrame | None = None) -> pd.DataFrame:
    """Split a raw text into headings and sentences with their sections.

    Parameters
    ----------
    text : str
        The raw text.
    lines : DataFrame, optional
        The output of :func:`zonekit.clean.classify_lines`; computed when not given.

    Returns
    -------
    DataFrame
        One row per heading or sentence, in text order, with :data:`SEGMENT_COLUMNS`:
        ``para_id`` (paragraph number), ``kind`` (``"heading"`` or ``"sentence"``), ``section``
        (text of the nearest heading before it, ``""`` before the first), ``start``, ``end``
        (raw offsets) and ``text`` (``== raw[start:end]``).

    Examples
    --------
    >>> raw = "一、总体要求\\n支持香港\\n发展。探索试点。\\n\\nTrade\\n\\nWe will open up. More soon."
    >>> segment(raw)[["kind", "section", "text"]].values.tolist()
    [['heading', '', '一、总体要求'], ['sentence', '一、总体要求', '支持香港\\n发展。'], ['sentence', '一、总体要求', '探索试点。'], ['heading', '一、总体要求', 'Trade'], ['sentence', 'Trade', 'We will open up.'], ['sentence', 'Trade', 'More soon.']]
    """
    if lines is None:
        lines = classify_lines(text)
    cols: dict[str, list] = {c: [] for c in SEGMENT_COLUMNS}
    para_ids, kinds, sections, starts, ends, texts = cols.values()
    section = ""
    para_id = 0

    def add(kind, s, e, body):
        nonlocal section
        para_ids.append(para_id)
        kinds.append(kind)
        sections.append(section)
        starts.append(s)
        ends.append(e)
        texts.append(body)
        if kind == "heading":
            section = " ".join(body.split())

    def add_heading(s, piece):
        """A heading: ``piece`` (at ``s``) without its surrounding white space."""
        spans: list = []
        _trimmed(spans, piece, s)
        add("heading", *spans[0])

    run: list[tuple[int, int]] = []

    def flush():
        nonlocal para_id
        if not run:
            return
        # numbered heading lines inside a run stand on their own
        block: list[tuple[int, int]] = []
        for s, e in run:
            if _NUMBERED_AT.match(text, s, e):
                line = text[s:e]
                if _is_short_unpunctuated(line, 25):
                    close_block(block)
                    block = []
                    para_id += 1
                    add_heading(s, line)
                    continue
            block.append((s, e))
        close_block(block)
        run.clear()

    def close_block(block):
        nonlocal para_id
        if not block:
            return
        para_id += 1
        s, e = block[0][0], block[-1][1]
        body = text[s:e]
        if len(block) == 1 and _is_short_unpunctuated(body):
            add_heading(s, body)
            return
        spans = _sentence_spans(body, s)
        if len(spans) > 1 and _NUMBERED.match(body) and _n_units(spans[0][2]) <= 15:
            add("heading", *spans[0])
            spans = spans[1:]
        for span in spans:
            add("sentence", *span)

    for s, e, keep in zip(lines["start"].tolist(), lines["end"].tolist(), lines["keep"].tolist(),
                          strict=True):
        if keep:
            run.append((s, e))
        else:
            flush()
    flush()
    return frame(cols, SEGMENT_COLUMNS, ints=("para_id", "start", "end"))
