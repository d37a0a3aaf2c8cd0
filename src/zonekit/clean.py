"""Find what is not the plan: banners, buttons, bylines, captions, repeats and widgets.

Cleaning never edits the raw text. :func:`find_lines` splits it into lines with their offsets and
:func:`classify_lines` marks each one as plan text or as boilerplate with a reason: cookie and
privacy banners, buttons, bylines, datelines, photo captions, paragraphs repeated verbatim, and
page widgets such as "Related stories" with the link list under them. The rules are general
(word lists and shapes of lines), so they apply to any scraped page.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .normalize import lower_text

__all__ = ["find_lines", "classify_lines", "BOILERPLATE_REASONS"]

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
        low = lower_text(text)
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
