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

__all__ = ["segment", "SEGMENT_COLUMNS"]

#: Columns of the frame :func:`segment` returns.
SEGMENT_COLUMNS = ["para_id", "kind", "section", "start", "end", "text"]

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
_SENT_END = re.compile(
    r"[。！？]+[\"'”’」』）)]*|[.!?]+[\"'”’)\]]*(?=\s|$)"
)
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


def _sentence_spans(text: str, base: int):
    """Yield (start, end) of sentences in ``text`` (offsets shifted by ``base``), trimmed."""
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        if m.group()[0] == ".":
            before = text[max(start, m.start() - 24) : m.start()].split()
            token = before[-1].lower().lstrip("(\"'“") if before else ""
            if token in _ABBREV or re.fullmatch(r"(?:[a-z]\.)*[a-z]", token):
                continue
            nxt = text[end : end + 8].lstrip()
            if nxt and nxt[0].islower():
                continue
        yield from _trimmed(text, start, end, base)
        start = end
    yield from _trimmed(text, start, len(text), base)


def _trimmed(text: str, start: int, end: int, base: int):
    seg = text[start:end]
    stripped = seg.strip()
    if stripped:
        lead = len(seg) - len(seg.lstrip())
        yield base + start + lead, base + start + lead + len(stripped)


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
    rows: list[tuple] = []
    section = ""
    para_id = 0

    def add(kind, s, e):
        nonlocal section
        rows.append((para_id, kind, section, s, e, text[s:e]))
        if kind == "heading":
            section = " ".join(text[s:e].split())

    run: list[tuple[int, int]] = []

    def flush():
        nonlocal para_id
        if not run:
            return
        # numbered heading lines inside a run stand on their own
        block: list[tuple[int, int]] = []
        for s, e in run:
            line = text[s:e]
            if _NUMBERED.match(line) and _is_short_unpunctuated(line, 25):
                close_block(block)
                block = []
                para_id += 1
                ls = s + len(line) - len(line.lstrip())
                add("heading", ls, ls + len(line.strip()))
            else:
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
            ls = s + len(body) - len(body.lstrip())
            add("heading", ls, ls + len(body.strip()))
            return
        spans = list(_sentence_spans(body, s))
        if spans and _NUMBERED.match(body):
            fs, fe = spans[0]
            if len(spans) > 1 and _n_units(text[fs:fe]) <= 15:
                add("heading", fs, fe)
                spans = spans[1:]
        for ss, se in spans:
            add("sentence", ss, se)

    for s, e, keep in zip(lines["start"], lines["end"], lines["keep"], strict=True):
        if keep:
            run.append((int(s), int(e)))
        else:
            flush()
    flush()
    return pd.DataFrame(rows, columns=SEGMENT_COLUMNS).astype(
        {"para_id": "int64", "start": "int64", "end": "int64", "kind": object, "section": object,
         "text": object}
    )
