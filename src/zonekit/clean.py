"""Find what is not the plan, and normalise text for matching without moving offsets.

Cleaning never edits the raw text. :func:`find_lines` splits it into lines with their offsets and
:func:`classify_lines` marks each one as plan text or as boilerplate with a reason: cookie and
privacy banners, buttons, bylines, datelines, photo captions, paragraphs repeated verbatim, and
page widgets such as "Related stories" with the link list under them. The rules are general
(word lists and shapes of lines), so they apply to any scraped page.

:func:`normalize` gives the text the matcher scans: white space runs (non-breaking, ideographic,
line breaks, tabs) and dashes become one plain space, full-width Latin becomes ASCII, letters are
lower-cased; an :class:`OffsetMap` turns positions in it back into raw offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["find_lines", "classify_lines", "normalize", "OffsetMap", "BOILERPLATE_REASONS"]

#: The reasons :func:`classify_lines` gives for dropping a line.
BOILERPLATE_REASONS = ("banner", "button", "byline", "dateline", "caption", "repeated", "widget")

_BANNER = re.compile(
    r"\bcookies?\b|privacy (?:policy|statement|notice|settings)|terms (?:of|and conditions of) "
    r"(?:use|service)|隐私政策|隐私声明|使用条款|cookie",
    re.I,
)
_CONSENT = re.compile(
    r"\b(?:agree|accept|consent|continu\w* to (?:browse|use)|our use|settings|opt[ -]out)\b|"
    r"同意|继续浏览|接受",
    re.I,
)
_BUTTONS = {
    "i agree", "agree", "accept", "accept all", "accept cookies", "reject", "reject all",
    "decline", "ok", "got it", "close", "download", "download app", "share", "print", "email",
    "subscribe", "sign in", "log in", "login", "sign up", "register", "menu", "search",
    "read more", "more", "back to top", "next", "previous", "comments", "comment", "like",
    "follow us", "open app", "listen", "play", "copy link", "facebook", "twitter", "x", "weibo",
    "wechat", "linkedin", "whatsapp", "我同意", "同意", "接受", "关闭", "下载", "分享", "打印",
    "登录", "注册", "返回顶部", "更多", "阅读全文", "收藏", "评论", "点赞", "微信", "微博",
}
_WIDGETS = {
    "search trends", "related stories", "related articles", "related news", "related",
    "recommended", "recommended for you", "more from", "more stories", "most read",
    "most popular", "trending", "hot topics", "top stories", "latest news", "you may also like",
    "read next", "editor's picks", "相关新闻", "相关阅读", "相关报道", "推荐阅读", "热门推荐",
    "热门新闻", "热点", "猜你喜欢", "延伸阅读",
}
_AGENCIES = {
    "xinhua", "cgtn", "cctv", "china daily", "global times", "people's daily", "reuters", "ap",
    "afp", "bloomberg", "cfp", "vcg", "ic", "china news service", "chinanews", "the paper",
    "新华社", "新华网", "人民日报", "人民网", "央视新闻", "中国新闻网", "中新社", "光明日报", "经济日报",
}
_BYLINE = re.compile(
    r"^(?:by|written by|reported by|source|editor|reporter|author|作者|来源|编辑|责任编辑|记者)"
    r"\s*[:：]?\s*\S",
    re.I,
)
_DATELINE = re.compile(
    r"^(?:updated|published|posted|last updated|发布时间|更新时间)?\s*[:：]?\s*"
    r"(?:\d{1,2}:\d{2}(?::\d{2})?\s*,?\s*)?"
    r"(?:\d{1,4}[-/.年]\s*(?:\d{1,2}|[A-Za-z]{3,9})[-/.月]\s*\d{1,4}日?|"
    r"[A-Za-z]{3,9}\.? \d{1,2},? \d{4})"
    r"(?:\s*,?\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:\(?(?:GMT|UTC|BJT|CST)[+\d:]*\)?)?$",
    re.I,
)
_CAPTION = re.compile(
    r"(?:\s/\s?[A-Z][\w&.'’ -]{0,30}$)"  # trailing photo credit: " /Xinhua", " / CFP"
    r"|(?:^(?:photo|file photo|image|picture|图|图片|资料图)\s*[:：/])"
    r"|(?:[(（]\s*(?:photo|image|图|摄影)?[^()（）]{0,40}(?:摄|photo by|photo:)[^()（）]{0,40}[)）]\s*$)",
    re.I,
)
_CLOSING = "。！？!?.;；:：…\"”’)）」』"
_WORD = re.compile(r"\w+")


def _key(line: str) -> str:
    """Lower-case a line and fold white space and trailing punctuation, for list look-ups."""
    s = " ".join(line.replace("\u00a0", " ").replace("\u3000", " ").split()).lower()
    return s.strip(" .:：!！?？>»›|·-–—")


_LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines splits at


def find_lines(text: str) -> pd.DataFrame:
    """Split raw text into lines with their offsets.

    Parameters
    ----------
    text : str
        The raw text.

    Returns
    -------
    DataFrame
        ``line_no, start, end, text`` where ``text == raw[start:end]`` without the line break.

    Examples
    --------
    >>> find_lines("One.\\r\\nTwo.")[["start", "end", "text"]].values.tolist()
    [[0, 4, 'One.'], [6, 10, 'Two.']]
    """
    lines = text.splitlines(keepends=True)
    sizes = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
    bodies = [line.rstrip(_LINE_BREAKS) for line in lines]
    del lines
    starts = np.cumsum(sizes) - sizes
    ends = starts + np.fromiter(map(len, bodies), dtype=np.int64, count=len(bodies))
    body = np.empty(len(bodies), dtype=object)
    body[:] = bodies
    return pd.DataFrame({"line_no": np.arange(len(bodies), dtype=np.int64), "start": starts,
                         "end": ends, "text": body}).astype({"text": "str"})


def _is_blank(s: str) -> bool:
    return not s.strip()


def _short(s: str, words: int) -> bool:
    cjk = sum(1 for c in s if "\u4e00" <= c <= "\u9fff")
    return len(_WORD.findall(s)) <= words and cjk <= words * 2


def _line_reason(line: str, key: str, banner: bool = True, caption: bool = True) -> str | None:
    """Why a line is boilerplate, or None. ``key`` is ``_key(line)``; ``banner`` and ``caption``
    False skip patterns that cannot match (the line holds none of their words)."""
    if not key:
        return None
    stripped = line.strip()
    if banner and _BANNER.search(line) and (_CONSENT.search(line) or _short(line, 10)):
        return "banner"
    if key in _BUTTONS:
        return "button"
    if key in _WIDGETS:
        return "widget"
    if key in _AGENCIES or (_BYLINE.match(stripped) and _short(stripped, 8)):
        return "byline"
    if re.fullmatch(r"[A-Z][A-Z&.\-]{1,9}", stripped):
        return "byline"  # a lone all-caps name: an outlet or agency credit
    if _DATELINE.match(stripped):
        return "dateline"
    if caption and _CAPTION.search(stripped):
        return "caption"
    return None


# Every match of _BANNER / _CAPTION holds one of these words (in lower case), so a line without
# any of them skips the pattern; found for all lines at once with str.find on the lower-cased
# text. re.I also matches ı and ſ to i and s, and İ lower-cases to two characters: a text with
# any of them runs both patterns on every line.
_BANNER_WORDS = ("cookie", "privacy", "terms", "隐私政策", "隐私声明", "使用条款")
_CAPTION_WORDS = ("/", "photo", "image", "picture", "图", "摄")
_FOLDS_ODDLY = re.compile("[\u0130\u0131\u017f]")


def _lines_holding(low: str, line_starts, words) -> set[int]:
    """Numbers of the lines (starting at ``line_starts``) in which ``low`` holds any of ``words``."""
    at = []
    for w in words:
        i = low.find(w)
        while i != -1:
            at.append(i)
            i = low.find(w, i + 1)
    return set((np.searchsorted(line_starts, at, side="right") - 1).tolist())


def classify_lines(text: str, min_repeat_chars: int = 40) -> pd.DataFrame:
    """Mark each line of a raw text as plan text or boilerplate.

    Parameters
    ----------
    text : str
        The raw text.
    min_repeat_chars : int
        A line at least this long that occurs more than once, verbatim (white space folded), is
        a repeated caption or teaser and is dropped everywhere it occurs.

    Returns
    -------
    DataFrame
        The columns of :func:`find_lines` plus ``blank`` (bool), ``keep`` (bool) and ``reason``
        (one of :data:`BOILERPLATE_REASONS`, or ``""`` for kept and blank lines). After a widget
        heading such as "Related stories", the short lines that follow it (its link list) are
        dropped as ``widget`` too, up to the first line that reads as a full sentence.

    Examples
    --------
    >>> raw = "We use cookies. Click I agree to accept.\\nI agree\\nThe plan will support trade."
    >>> classify_lines(raw)[["text", "keep", "reason"]].values.tolist()
    [['We use cookies. Click I agree to accept.', False, 'banner'], ['I agree', False, 'button'], ['The plan will support trade.', True, '']]
    """
    lines = find_lines(text)
    texts = lines["text"].tolist()
    blank = [_is_blank(t) for t in texts]
    keys = ["" if b else _key(t) for t, b in zip(texts, blank, strict=True)]
    if _FOLDS_ODDLY.search(text):
        banner = caption = range(len(texts))
    else:
        low = _lower(text)
        starts = lines["start"].to_numpy()
        banner = _lines_holding(low, starts, _BANNER_WORDS)
        caption = _lines_holding(low, starts, _CAPTION_WORDS)
        del low
    reasons = [None if blank[i] else _line_reason(t, keys[i], i in banner, i in caption)
               for i, t in enumerate(texts)]

    counts: dict[str, int] = {}
    for k in keys:
        if len(k) >= min_repeat_chars:
            counts[k] = counts.get(k, 0) + 1
    in_widget = False
    for i, t in enumerate(texts):
        if blank[i]:
            continue
        if reasons[i] is None and counts.get(keys[i], 0) > 1:
            reasons[i] = "repeated"
        if reasons[i] == "widget":
            in_widget = True
        elif in_widget:
            sentence = t.rstrip().endswith(tuple(_CLOSING)) and not _short(t, 7)
            if sentence:
                in_widget = False
            elif reasons[i] is None:
                reasons[i] = "widget"
    lines["blank"] = blank
    lines["keep"] = [not b and r is None for b, r in zip(blank, reasons, strict=True)]
    lines["reason"] = [r or "" for r in reasons]
    return lines


# ----------------------------------------------------------------------------------------------
# Normalisation for matching


_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff-"
_TO_SPACE = {ord(c): " " for c in _SPACES}
_TO_SPACE.update({c: " " for c in range(0x2000, 0x200C)})  # en/em/thin/zero-width spaces
_TO_SPACE.update({c: " " for c in range(0x2010, 0x2016)})  # hyphens and dashes
_TO_SPACE.update({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})  # full-width ASCII
_SPACE_RUN = re.compile("  +")  # two or more spaces (a literal prefix: fast search)
# str.translate looks every character up in the table, which is slow on long texts; instead find
# which mapped characters occur (one regex scan) and str.replace each of them (same result).
_MAPPED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TO_SPACE)) + "]")
_MAP_TO = {chr(c): v if isinstance(v, str) else chr(v) for c, v in _TO_SPACE.items()}
# a character that another one becomes ("－" -> "-") is replaced first, so nothing maps twice
_FIRST = {v for v in _MAP_TO.values() if v in _MAP_TO}
assert not any(_MAP_TO[v] in _MAP_TO for v in _FIRST)  # chains are one step long


def _translate(text: str) -> str:
    for c in sorted(set(_MAPPED.findall(text)), key=lambda c: c not in _FIRST):
        text = text.replace(c, _MAP_TO[c])
    return text


@dataclass(frozen=True)
class OffsetMap:
    """Maps positions in a normalised string back to the raw string it was made from.

    Normalisation only shortens runs of white space, so the map is stored as the normalised
    positions where a shortened run ends, with the cumulative shift after each.

    Attributes
    ----------
    breaks : tuple of int
        Normalised positions just after each shortened run of white space.
    shifts : tuple of int
        Characters removed up to and including each run (cumulative).

    Examples
    --------
    >>> norm, omap = normalize("Hong \\n Kong  SAR")
    >>> norm, omap
    ('hong kong sar', OffsetMap(breaks=(5, 10), shifts=(2, 3)))
    >>> omap.to_raw(norm.index("sar"))
    13
    """

    breaks: tuple[int, ...]
    shifts: tuple[int, ...]

    def to_raw(self, pos: int) -> int:
        """Raw offset of normalised position ``pos``.

        Parameters
        ----------
        pos : int
            A position in the normalised string.

        Returns
        -------
        int
            The matching position in the raw string.

        Examples
        --------
        >>> norm, omap = normalize("Hong \\n Kong")
        >>> norm, omap.to_raw(5), omap.to_raw(9)
        ('hong kong', 7, 11)
        """
        i = bisect_right(self.breaks, pos)
        return pos + (self.shifts[i - 1] if i else 0)

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` of the normalised span ``[start, end)`` (``end > start``).

        Parameters
        ----------
        start, end : int
            The span in the normalised string, end exclusive.

        Returns
        -------
        tuple of int
            ``(start, end)`` in the raw string, so that ``raw[start:end]`` is the surface.

        Examples
        --------
        >>> raw = "the Hong\\u00a0\\u00a0Kong SAR"
        >>> norm, omap = normalize(raw)
        >>> s, e = omap.span_to_raw(norm.index("hong kong"), norm.index("hong kong") + 9)
        >>> raw[s:e]
        'Hong\\xa0\\xa0Kong'
        """
        return self.to_raw(start), self.to_raw(end - 1) + 1


def normalize(text: str, lower: bool = True) -> tuple[str, OffsetMap]:
    """Normalise text for matching; return it with the map back to raw offsets.

    White space of any kind (including non-breaking and ideographic spaces and line breaks),
    zero-width spaces and dashes between words become one plain space; full-width Latin letters
    and digits become ASCII; with ``lower`` letters are lower-cased (a character whose lower case
    is longer, such as "İ", is kept as it is so that positions stay one to one).

    Parameters
    ----------
    text : str
        The raw text.
    lower : bool
        Lower-case letters too.

    Returns
    -------
    str
        The normalised text.
    OffsetMap
        Maps its positions back to ``text``.

    Examples
    --------
    >>> normalize("Single-window\\u00a0System，ＷＨＯ")[0]
    'single window system,who'
    """
    text = _translate(text)
    parts = []
    breaks: list[int] = []
    shifts: list[int] = []
    shift = 0
    last = 0
    out_len = 0
    for m in _SPACE_RUN.finditer(text):
        s, e = m.span()
        parts.append(text[last : s + 1])
        out_len += s + 1 - last
        shift += e - s - 1
        breaks.append(out_len)
        shifts.append(shift)
        last = e
    parts.append(text[last:])
    if lower and "\u0130" in text:  # the one character whose lower case is longer: İ -> i̇
        norm = "".join(c.lower() if len(c.lower()) == 1 else c for c in "".join(parts))
    else:
        text = m = None  # the parts hold it now; lower-case them one by one, in place
        if lower:
            for i, part in enumerate(parts):  # each part ends after a space (see _lower)
                parts[i] = _lower(part)
        norm = "".join(parts)
    return norm, OffsetMap(tuple(breaks), tuple(shifts))


_LOWER_CHUNK = 1 << 16
_LOWER_CUT = re.compile(r"[\s\u3400-\u9fff]")  # neither cased nor case-ignorable


def _lower(text: str) -> str:
    """``text.lower()`` without its peak memory on long texts.

    CPython lower-cases a non-ASCII string through a buffer of 12 bytes per character; on a
    long text that is several times the text itself. Lower-casing slices that end just after a
    space, a line break or a Chinese character gives the same string (the only context rule,
    the final sigma, looks past case-ignorable characters only, and those are none of them),
    with a buffer the size of one slice.
    """
    if len(text) <= _LOWER_CHUNK or text.isascii():
        return text.lower()
    out = []
    start = 0
    while start < len(text):
        stop = _LOWER_CUT.search(text, start + _LOWER_CHUNK)
        cut = stop.end() if stop else len(text)
        out.append(text[start:cut].lower())
        start = cut
    return "".join(out)
