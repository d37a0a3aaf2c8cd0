"""Find what is not the plan: banners, buttons, bylines, captions, repeats and widgets.

Cleaning never edits the raw text. :func:`find_lines` splits it into lines with their offsets and
:func:`classify_lines` marks each one as plan text or as boilerplate with a reason: cookie and
privacy banners, buttons, bylines, datelines, photo captions, paragraphs repeated verbatim, and
page widgets such as "Related stories" with the link list under them. The rules are general
(word lists and shapes of lines), so they apply to any scraped page.

Scraped pages often come as one line, menu, article and footer run together. Inside the lines it
keeps, :func:`inline_spans` finds boilerplate that is only part of a line: script snippets
(``obj.call(...);``, ``var x = ...;``), site menus (a run of capitalised words most of which are
menu words: Home, News, Business, Sports, language names...), the page title repeated at the
start (``Title - Site``, when the title comes again later in the line), a dateline with its
credit (``( Xinhua ) 10:44, November 19, 2020``, ``Thursday, Nov 19, 2020``), editor lines
(``(Web editor: ...)``, ``（责任编辑：…）``), calls to act ("Please enable JavaScript ...", "Add
your comment", "follow us on Twitter"), pagers (``【1】 【2】``), and from a widget heading written
in a line ("Related reading", "Most Read", "We Recommend", "相关阅读"...) or an editor line, the
rest of the line, up to two full sentences in a row if the article resumes. :func:`classify_lines`
then splits such a line into pieces, each kept or dropped with its reason.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd

from .normalize import lower_text

__all__ = ["find_lines", "classify_lines", "line_columns", "inline_spans", "BOILERPLATE_REASONS"]

#: The reasons :func:`classify_lines` gives for dropping a line or a part of one.
BOILERPLATE_REASONS = ("banner", "button", "byline", "dateline", "caption", "repeated", "widget",
                       "script", "menu", "title", "editor")

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


_KEY_STRIP = " .:：!！?？>»›|·-–—"


def _key(line: str) -> str:
    """Lower-case a line and fold white space and trailing punctuation, for list look-ups."""
    # every white space character but the space is unprintable, so a printable line without
    # two spaces in a row keeps its white space as it is, but for a space at either end
    if not line.isprintable() or "  " in line:
        line = " ".join(line.split())
    return line.lower().strip(_KEY_STRIP)


_CRLF = re.compile("\r\n")


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
    starts, ends, bodies = _split(text)
    body = np.empty(len(bodies), dtype=object)
    body[:] = bodies
    return pd.DataFrame({"line_no": np.arange(len(bodies), dtype=np.int64), "start": starts,
                         "end": ends, "text": body}).astype({"text": "str"})


def _split(text: str):
    """``(starts, ends, bodies)`` of the lines: int64 arrays and a list of str."""
    bodies = text.splitlines()
    sizes = np.fromiter(map(len, bodies), dtype=np.int64, count=len(bodies))
    # a line ends in one character, or in "\r\n" (always one line break), or (the last) in none
    starts = np.cumsum(sizes + 1) - (sizes + 1)
    if "\r\n" in text:
        # the k-th "\r\n" (from 0) at i ends the line that would end at i - k, were each
        # of them one character
        crlf = np.array([m.start() for m in _CRLF.finditer(text)], dtype=np.int64)
        crlf_lines = np.searchsorted(starts + sizes, crlf - np.arange(len(crlf)))
        starts += np.cumsum(np.bincount(crlf_lines + 1, minlength=len(bodies) + 1))[:-1]
    return starts, starts + sizes, bodies


def _short(s: str, words: int) -> bool:
    cjk = sum(1 for c in s if "\u4e00" <= c <= "\u9fff")
    return len(_WORD.findall(s)) <= words and cjk <= words * 2


_LONE_CAPS = re.compile(r"[A-Z][A-Z&.\-]{1,9}")


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
    if _LONE_CAPS.fullmatch(stripped):
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
_FOLDS_ODDLY = "\u0130\u0131\u017f"
#: The words of both lists that have case, and their bytes.
_LATIN_WORDS = {w: w.encode() for w in (*_BANNER_WORDS, *_CAPTION_WORDS) if w != w.upper()}
#: The lines the word lists name, in lower case: buttons, widget headings and agencies.
_NAMES = _BUTTONS | _WIDGETS | _AGENCIES
# Of a key starting with a letter, one that _BYLINE, _DATELINE or a lone all-caps name may match
# starts so (in a text without ı, ſ or İ): a byline word (re.I matches no other character to
# their letters, and the key lower-cases them); a dateline's word or month name, the space and
# digit after the name (white space before it is [:：] and space, stripped; the space is one,
# kept by the folding); the all-caps name, lower-cased, its trailing dots and hyphens stripped.
_LETTER_KEY = re.compile(r"by|written by|report|source|editor|author|updated|published|posted"
                         r"|last updated|[a-z]{3,9}\.? \d|[a-z][a-z&.\-]{0,9}\Z")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
# Of a key starting with a Chinese character, one that they may match starts with a byline or
# dateline word (the line starts with it: no white space or case in it to fold).
_CHINESE_KEY = ("作者", "来源", "编辑", "责任编辑", "记者", "发布时间", "更新时间")
# What the key of a line starts with if _BYLINE, _DATELINE or a lone all-caps name matches the
# line: a letter [A-Za-z] matches under re.I (lower-cased an ASCII letter, the Kelvin sign too;
# a text with ı, ſ or İ looks at every line), a digit (\d, so str.isdecimal) or the first
# character of a Chinese byline or dateline word. Each of them starts the line with one, or a
# dateline with [:：] and white space before one, which the key strips.
_KEY_STARTS = _LETTERS | {w[0] for w in _CHINESE_KEY}  # (digits: \d in _LOOK_FIRST)


def _may_drop(key: str) -> bool:
    """Whether :func:`_line_reason` may drop a line with this key (not empty) but for its
    banner and caption patterns, in a text without ı, ſ or İ: it is a name of the word lists,
    or starts as a byline, a dateline or a lone all-caps name can."""
    first = key[0]
    if first in _LETTERS:
        return bool(_LETTER_KEY.match(key)) or key in _NAMES
    return first.isdecimal() or key.startswith(_CHINESE_KEY) or key in _NAMES


# the first character of such a key or of a name, searched in the first characters of all keys
_LOOK_FIRST = re.compile(
    rf"[{re.escape(''.join(sorted(_KEY_STARTS | {n[0] for n in _NAMES})))}\d]")


def _words_held(text: str, ascii_chars: bytes) -> tuple[str, ...]:
    """The words of the banner and caption lists the lower-cased text may hold: all of them,
    or none of the Latin ones if the text's ASCII characters alone lack each in lower case and
    it holds no Kelvin sign (but for ASCII letters only it and İ lower-case to ASCII letters).
    The other words are no lower case of another character, so the text holds them where its
    lower case does.
    """
    low = ascii_chars.lower()
    if "\u212a" in text or any(w in low for w in _LATIN_WORDS.values()):
        return (*_BANNER_WORDS, *_CAPTION_WORDS)
    return tuple(w for w in (*_BANNER_WORDS, *_CAPTION_WORDS) if w not in _LATIN_WORDS)


def _lines_holding(low: str, line_starts, words) -> set[int]:
    """Numbers of the lines (starting at ``line_starts``) in which ``low`` holds any of ``words``."""
    at = []
    for w in words:
        i = low.find(w)
        while i != -1:
            at.append(i)
            i = low.find(w, i + 1)
    return set((line_starts.searchsorted(at, side="right") - 1).tolist()) if at else set()


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
        dropped as ``widget`` too, up to the first line that reads as a full sentence. A kept
        line holding boilerplate spans (:func:`inline_spans`) comes as several rows with the
        same ``line_no``: its pieces, each kept or dropped with its reason.

    Examples
    --------
    >>> raw = "We use cookies. Click I agree to accept.\\nI agree\\nThe plan will support trade."
    >>> classify_lines(raw)[["text", "keep", "reason"]].values.tolist()
    [['We use cookies. Click I agree to accept.', False, 'banner'], ['I agree', False, 'button'], ['The plan will support trade.', True, '']]
    """
    cols = line_columns(text, min_repeat_chars)
    return pd.DataFrame({
        "line_no": cols["line_no"], "start": cols["start"], "end": cols["end"],
        "text": pd.array(cols["text"], dtype="str"), "blank": cols["blank"],
        "keep": cols["keep"], "reason": pd.array(cols["reason"], dtype="str")})


def line_columns(text: str, min_repeat_chars: int = 40) -> dict[str, np.ndarray]:
    """:func:`classify_lines` as columns: a dict of numpy arrays, no DataFrame.

    The form the pipeline works on (building a table per document cost more than classifying
    its lines); :func:`zonekit.segment.formal_parts` and :func:`zonekit.segment.segment` take
    it as they take the table.

    Parameters
    ----------
    text : str
        The raw text.
    min_repeat_chars : int
        As for :func:`classify_lines`.

    Returns
    -------
    dict of ndarray
        ``line_no, start, end`` (int64), ``text`` (object), ``blank``, ``keep`` (bool) and
        ``reason`` (object): the columns of :func:`classify_lines`, row for row.

    Examples
    --------
    >>> cols = line_columns("I agree\\nThe plan will support trade.")
    >>> cols["start"].tolist(), cols["keep"].tolist(), cols["reason"].tolist()
    ([0, 8], [False, True], ['button', ''])
    """
    starts, ends, texts = _split(text)
    lines = {"line_no": np.arange(len(texts), dtype=np.int64), "start": starts, "end": ends}
    blank = [not t or t.isspace() for t in texts]
    keys = ["" if b else _key(t) for t, b in zip(texts, blank, strict=True)]
    ascii_chars = text.encode("ascii", "ignore")  # the text's ASCII characters alone
    reasons = _line_reasons(text, ascii_chars, starts, texts, keys)
    long = [k for k in keys if len(k) >= min_repeat_chars]
    if len(set(long)) < len(long):
        counts = Counter(long)
        for i, k in enumerate(keys):
            if not blank[i] and i not in reasons and counts.get(k, 0) > 1:
                reasons[i] = "repeated"
    widgets = [i for i, r in reasons.items() if r == "widget"]
    in_widget = False
    for i in range(min(widgets, default=len(texts)), len(texts)):
        if blank[i]:
            continue
        if reasons.get(i) == "widget":
            in_widget = True
        elif in_widget:
            t = texts[i]
            if t.rstrip().endswith(tuple(_CLOSING)) and not _short(t, 7):
                in_widget = False
            elif i not in reasons:
                reasons[i] = "widget"
    lines["text"] = _objects(texts)
    lines["blank"] = np.array(blank, dtype=bool)
    lines["keep"] = ~lines["blank"]
    lines["reason"] = np.full(len(texts), "", dtype=object)
    dropped = np.fromiter(reasons, dtype=np.int64, count=len(reasons))
    lines["keep"][dropped] = False
    lines["reason"][dropped] = list(reasons.values())
    return _split_lines(lines, text, texts, ascii_chars)


def _line_reasons(text: str, ascii_chars: bytes, starts: np.ndarray, texts: list[str],
                  keys: list[str]) -> dict:
    """``{line number: reason}`` of the lines :func:`_line_reason` drops. Only a line it can
    drop is looked at: one holding a word of the banner or caption patterns, or whose key
    :func:`_may_drop` lets through (its first character found for all keys at once)."""
    if any(c in text for c in _FOLDS_ODDLY):  # re.I folds them oddly: every line is looked at
        banner = caption = look = range(len(texts))
    else:
        words = _words_held(text, ascii_chars)
        low = lower_text(text) if any(w in _LATIN_WORDS for w in words) else text
        banner = _lines_holding(low, starts, [w for w in _BANNER_WORDS if w in words])
        caption = _lines_holding(low, starts, [w for w in _CAPTION_WORDS if w in words])
        del low
        firsts = "".join([k[:1] or " " for k in keys])  # a key never starts with a space
        found = (m.start() for m in _LOOK_FIRST.finditer(firsts))
        look = banner | caption | {i for i in found if _may_drop(keys[i])}
    reasons = {}
    for i in look:
        if reason := _line_reason(texts[i], keys[i], i in banner, i in caption):
            reasons[i] = reason
    return reasons


def _objects(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


# ----------------------------------------------------------------------------------------------
# Boilerplate inside a line (scraped pages saved as one line)

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_NAME = r"[A-Z][\w'’.-]*"
_INLINE = re.compile(
    "|".join([
        # script snippets: a dotted call ending in ";", a declaration, a function body
        r"(?P<script>\b[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+\s*\((?:[^()\n]|\([^()\n]*\))*\)"
        r"\s*;|\b(?:var|let|const)\s+[A-Za-z_$][\w$]*\s*=[^;\n]{0,300};"
        r"|\bfunction\s*[\w$]*\s*\([^)\n]*\)\s*\{[^}\n]{0,1000}\})",
        # a dateline with its byline and credit: "By Zhang He ( People's Daily ) 09:06, Nov..."
        rf"(?P<dateline>(?:\bBy {_NAME}(?: {_NAME}){{0,3}}\s*)?(?:\(\s*[A-Z][^()\n]{{0,40}}\)\s*)?"
        rf"\b\d{{1,2}}:\d{{2}}(?::\d{{2}})?,?\s+{_MONTH}\s+\d{{1,2}},\s+\d{{4}}"
        rf"|\b{_DAY},\s+{_MONTH}\s+\d{{1,2}},\s+\d{{4}})",
        # editor lines
        r"(?P<editor>[(（]\s*(?i:web\s+)?(?i:editors?)\s*[:：][^()（）\n]{0,100}[)）]"
        r"|[(（]\s*(?:责任编辑|编辑|责编)\s*[:：][^()（）\n]{0,40}[)）])",
        # calls to act, share and comment widgets, pagers
        r"(?P<widget>Please enable JavaScript[^.\n]{0,120}\.?|\bAdd your comment\b"
        r"|[(（]\s*For the latest[^()\n]{0,80}\bfollow\b[^()\n]{0,80}[)）]"
        r"|\b(?:Share|Follow us) on (?:Facebook|Twitter|WeChat|Weibo|LinkedIn|WhatsApp)\b"
        r"|(?:【\d{1,3}】\s*){2,}|(?:\[\d{1,3}\]\s*){3,})",
    ]),
)
# every match of _INLINE holds one of these (";" ends a script statement, ":" a time, "："
# or ":" an editor line, "function" starts a script, "day," a dated day...): a line holding
# none of them skips the pattern, slow to scan
_INLINE_NEEDS = (";", "function", ":", "：", "day,", "JavaScript", "Add your comment",
                 "For the latest", "Share on", "Follow us on", "【", "[")
_MENU_RUN = re.compile(r"(?:(?:[A-Z][A-Za-z'’&.-]*|&gt;(?:&gt;)?|&amp;|>>|»|\|)[ \t]+){5,}"
                       r"(?:[A-Z][A-Za-z'’&.-]*|&gt;(?:&gt;)?|>>|»|\|)")
# where a run can start: six tokens in a row, each starting as a token does and holding no space
# or tab (a pattern that starts with a character class, faster to scan)
_MENU_HINT = re.compile(r"[A-Z&>»|][^ \t]*[ \t]+(?:[A-Z&>»|][^ \t]*[ \t]+){4}[A-Z&>»|]")
_MENU_WORDS = frozenset("""
home news opinion opinions business military world society culture travel science sports sport
special coverage photo photos video videos tech technology life lifestyle entertainment health
education politics economy finance markets china asia africa europe americas search archive
about contact join us english chinese japanese french spanish russian arabic korean german
portuguese italian app apps subscribe login register newsletter weather more menu region
regions local national international columnists columns features blogs podcasts live
""".split())
_MENU_SEPARATORS = frozenset({"&gt;", "&gt;&gt;", "&amp;", ">>", "»", "|"})
#: Widget headings that, written inside a line, start the page's tail (case as written).
_TAIL_EN = (r"(?:Related (?:[Rr]eading|[Ss]tories|[Aa]rticles|[Nn]ews|[Ll]inks|[Cc]overage)"
            r"|Most (?:Read|Popular|Viewed|Shared|Commented)|We Recommend|Recommended for you"
            r"|Hot News|Key Words|Top Stories|You may also like|Editor'?s Picks|Latest News"
            r"|Popular on\b)")
_TAIL_ZH = r"相关新闻|相关阅读|相关报道|延伸阅读|推荐阅读|热点推荐|热门推荐"
_TAIL = re.compile(rf"(?<![\w-]){_TAIL_EN}(?![\w-])|{_TAIL_ZH}")
#: What a widget heading of _TAIL starts with.
_TAIL_STARTS = ("Related ", "Most ", "We Recommend", "Recommended for you", "Hot News",
                "Key Words", "Top Stories", "You may also like", "Editor", "Latest News",
                "Popular on", *_TAIL_ZH.split("|"))
_TAIL_START = re.compile("|".join(map(re.escape, _TAIL_STARTS)))
_SENTENCE_BREAK = re.compile(r"(?<=[.!?。！？])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|(?<=[。！？])")
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\b(?:vs|etc|approx|no|e\.g|i\.e)|\b(?:[A-Z]\.)+|"
                           r"\d)[.]$")
#: Full sentences in a row after a tail heading that show the article going on.
RESUME_SENTENCES = 3


def _matches(pattern: re.Pattern, line: str, starts: re.Pattern):
    """``pattern.finditer(line)``, for a pattern that matches no empty string and each match of
    which begins with a match of ``starts``: tried only where ``starts`` matches (searched from
    each match's start on, so none is hidden in another), a faster scan."""
    end = 0
    m = starts.search(line)
    while m:
        if m.start() >= end and (found := pattern.match(line, m.start())):
            yield found
            end = found.end()
        m = starts.search(line, max(m.start() + 1, end))


def _menu_spans(line: str, base: int):
    for m in _matches(_MENU_RUN, line, _MENU_HINT):
        tokens = m.group().split()
        words = [t.strip(".'’").lower() for t in tokens]
        menu = [w in _MENU_WORDS or t in _MENU_SEPARATORS for w, t in zip(words, tokens,
                                                                          strict=True)]
        if sum(menu) < 4 or sum(menu) < 0.6 * len(tokens):
            continue
        # trim to the first and last menu word: the run may take in a capitalised neighbour
        first = menu.index(True)
        last = len(menu) - 1 - menu[::-1].index(True)
        pos = [m.start()]
        for t in tokens[1:]:
            pos.append(line.index(t, pos[-1] + len(tokens[len(pos) - 1])))
        yield base + pos[first], base + pos[last] + len(tokens[last]), "menu"


def _title_span(line: str, base: int):
    """``Title - Site`` at the start of a line whose title comes again later in it (the site
    name: up to three capitalised words, ending before a menu word)."""
    m = re.match(r"\s*(.{10,200}?)\s[-|–—]\s(?=[A-Z])", line)
    if not m or line.find(m.group(1), m.end()) == -1:
        return
    end = m.end()
    for i, w in enumerate(re.finditer(r"[A-Z][\w'’.]*", line[m.end():m.end() + 80])):
        if w.start() > end - m.end() + 1 or i >= 3 or (i and w.group().lower() in _MENU_WORDS):
            break
        end = m.end() + w.end()
    yield base + m.start(1), base + end, "title"


def _tail_end(line: str, at: int) -> int:
    """Where the tail that starts at ``at`` ends: the line's end, or where
    :data:`RESUME_SENTENCES` full sentences in a row show the article going on."""
    run: list[int] = []  # starts of the full sentences in a row
    start = at
    for m in [*_SENTENCE_BREAK.finditer(line, at), None]:
        end = m.start() if m else len(line)
        piece = line[start:end].strip()
        if m and _ABBREVIATION.search(piece):
            continue  # "Nov.", "vs.", "U.S.", "31.": not the end of a sentence
        words = piece.split()
        lower = sum(1 for w in words if w[:1].islower())
        cjk = sum(1 for c in piece if "\u4e00" <= c <= "\u9fff")
        if cjk > len(piece) / 2:  # Chinese: two characters a word, no case
            words, lower = range(cjk // 2), cjk // 2
        full = (8 <= len(words) <= 70 and lower >= 0.4 * len(words)
                and piece.endswith(tuple(".!?。！？\"”’)")) and not _INLINE.search(piece)
                and not _TAIL.search(piece))
        run = [*run, start] if full else []
        if len(run) >= RESUME_SENTENCES:
            return run[0] + (len(line[run[0]:]) - len(line[run[0]:].lstrip()))
        start = m.end() if m else len(line)
    return len(line)


def inline_spans(line: str, base: int = 0) -> list[tuple[int, int, str]]:
    """Boilerplate spans inside one line (see the module docstring).

    Parameters
    ----------
    line : str
        One line of raw text.
    base : int
        Added to every offset (the line's start in the raw text).

    Returns
    -------
    list of (start, end, reason)
        In text order, not overlapping; ``reason`` is one of :data:`BOILERPLATE_REASONS`.

    Examples
    --------
    >>> line = ("Trade plan out - Daily News Home News Business World Sports Video &gt;&gt; "
    ...         "Trade plan out The city will support trade with Hong Kong. (Web editor: Li) "
    ...         "Related reading City opens port Trade fair kicks off")
    >>> [(line[s:e], r) for s, e, r in inline_spans(line)]
    [('Trade plan out - Daily', 'title'), ('News Home News Business World Sports Video &gt;&gt;', 'menu'), ('(Web editor: Li) Related reading City opens port Trade fair kicks off', 'editor')]
    """
    spans = [(base + m.start(), base + m.end(), m.lastgroup) for m in _INLINE.finditer(line)] \
        if any(w in line for w in _INLINE_NEEDS) else []
    spans.extend(_menu_spans(line, base))
    spans.extend(_title_span(line, base))
    tail = next(_matches(_TAIL, line, _TAIL_START), None)  # the first widget heading
    tails = [] if tail is None else [base + tail.start()]
    tails += [s for s, _, r in spans if r == "editor"]
    if tails:
        at = min(tails) - base
        end = _tail_end(line, at)
        reason = "editor" if any(s == base + at and r == "editor" for s, _, r in spans) \
            else "widget"
        spans.append((base + at, base + end, reason))
    spans.sort(key=lambda x: (x[0], -x[1]))
    out: list[tuple[int, int, str]] = []
    for s, e, r in spans:  # the first span wins where spans overlap; a later one goes on
        if out and s < out[-1][1]:
            if e <= out[-1][1]:
                continue
            s = out[-1][1]
        out.append((s, e, r))
    return out


def _split_lines(lines: dict, text: str, texts: list[str], ascii_chars: bytes) -> dict:
    """``lines`` (columns) with each kept line that holds boilerplate spans split into its
    pieces (``texts`` is the ``text`` column as a list, ``ascii_chars`` the text's ASCII
    characters alone). Lines do not overlap and a line's pieces lie inside it, so each line's
    pieces take its place: the rows stay in text order."""
    keep = lines["keep"]
    starts = lines["start"]
    found = {}
    # A hint found in a line alone is found at the same place in the whole text (the
    # characters around a line are line breaks, as neither word characters nor hyphens as
    # the ends of the line): only a line in which a hint may start in the whole text (found
    # for the whole text at once) needs a search of its own.
    hint_at, hint_of = _hint_starts(text, ascii_chars)
    if not len(hint_at):
        return lines
    kept = np.flatnonzero(keep)
    lo = hint_at.searchsorted(starts[kept])
    hi = hint_at.searchsorted(lines["end"][kept])
    hinted = hi > lo
    hint_at, hint_of = hint_at.tolist(), hint_of.tolist()
    for i, a, b in zip(kept[hinted].tolist(), lo[hinted].tolist(), hi[hinted].tolist(),
                       strict=True):
        at = int(starts[i])
        line = texts[i]
        # the line holds a hint (_SPAN_HINTS.search(line)) if and only if one starts where
        # the fast form of its pattern was found in the line
        if any(_HINT_PARTS[k].match(line, p - at)
               for p, k in zip(hint_at[a:b], hint_of[a:b], strict=True)) \
                and (spans := inline_spans(line, at)):
            found[i] = spans
    if not found:
        return lines
    ends = lines["end"]
    line_no = lines["line_no"]
    names = ("line_no", "start", "end", "text", "blank", "keep", "reason")
    old = {c: lines[c].tolist() for c in names}
    rows: list[tuple] = []
    done = 0
    for i, spans in found.items():
        rows.extend(zip(*(old[c][done:i] for c in names), strict=True))
        done = i + 1
        at = int(starts[i])
        for s, e, r in [*spans, (int(ends[i]), int(ends[i]), None)]:
            if s > at:
                piece = text[at:s]
                blank = not piece.strip()
                rows.append((int(line_no[i]), at, s, piece, blank, not blank, ""))
            if e > s:
                rows.append((int(line_no[i]), s, e, text[s:e], False, False, r))
            at = max(at, e)
    rows.extend(zip(*(old[c][done:] for c in names), strict=True))
    columns = list(zip(*rows, strict=True))
    out = {c: np.array(v, dtype=np.int64) for c, v in zip(names[:3], columns[:3], strict=True)}
    out["text"] = _objects(list(columns[3]))
    out["blank"] = np.array(columns[4], dtype=bool)
    out["keep"] = np.array(columns[5], dtype=bool)
    out["reason"] = _objects(list(columns[6]))
    return out


# What a line must hold for any rule of inline_spans to match (one cheap search per kept line).
# (hint, scans that find every place where it starts in the whole text, and maybe more) A scan
# (pattern, shift, needs) finds a place i - shift where the pattern matches at i. A pattern
# begins with a literal and has no assertion before it, so the regex engine skips ahead to where
# a match can start (a character class or an alternation is slow to scan, a literal fast).
# ``needs``, if given, is what each match of the pattern leaves in the text's ASCII characters
# taken alone (dropping the other characters keeps ASCII neighbours together; of \s the ASCII
# ones are \t\n\x0b\x0c\r\x1c-\x1f and space, of \w [A-Za-z0-9_]): a text whose ASCII
# characters lack it, searched in far fewer characters, skips the scan.
_WS = r"[\s\x1c-\x1f]"
_EDITOR = r"\s*(?:(?i:web\s+)?(?i:editor)|责任编辑|编辑|责编|For the latest)"
_CAPS = r"[A-Z][\w'’&.-]*[ \t]+"
# _CAPS without backtracking: a token character is no space or tab, and neither is a capital,
# so giving back a token character or a space can only leave the wrong one next: the pattern
# and its possessive form, written out four times, match at the same places (faster found)
_CAPS_SCAN = re.compile(r"[A-Z][\w'’&.-]*+[ \t]++" * 4)
_HINTS = [
    (r"\)\s*;", [(r"\)\s*;", 0, r"\)" + _WS + "*;")]),
    # (each word with the white space after it: "various" and "construction" are no hint)
    (r"\b(?:var|let|const|function)\s", [(w + r"\s", 0, w)
                                         for w in ("var", "let", "const", "function")]),
    (r"\d:\d\d", [(r":\d\d", 1, ":")]),
    (r"day,", [("day,", 0, "day,")]),
    ("[(（]" + _EDITOR, [(r"\(" + _EDITOR, 0, r"\("), ("（" + _EDITOR, 0, None)]),
    (r"JavaScript|Add your comment|(?:Share|Follow us) on",
     [(w, 0, w) for w in ("JavaScript", "Add your comment", "Share on", "Follow us on")]),
    (r"【\d|\[\d", [("【", 0, None), (r"\[\d", 0, r"\[")]),
    (rf"(?:\b{_CAPS}){{4}}", [(_CAPS_SCAN.pattern, 0,
                               r"[A-Z][\w'&.-]*[ \t]+(?:[A-Z][\w'&.-]*[ \t]+){3}")]),
    (r"\s[-|–—]\s[A-Z]", [(r"-\s[A-Z]", 1, "-" + _WS + "?[A-Z]"),
                          (r"\|\s[A-Z]", 1, r"\|" + _WS + "?[A-Z]"),
                          (r"–\s[A-Z]", 1, "[A-Z]"), (r"—\s[A-Z]", 1, "[A-Z]")]),
    (_TAIL.pattern, [
        *((re.escape(w), 0, re.escape(w)) for w in _TAIL_STARTS if w.isascii()),
        # a Chinese heading by its last two characters: seven headings, four scans
        *dict.fromkeys((w[-2:], len(w) - 2, None) for w in _TAIL_STARTS if not w.isascii())]),
]
_SPAN_HINTS = re.compile("|".join(hint for hint, _ in _HINTS))
_HINT_PARTS = [re.compile(hint) for hint, _ in _HINTS]
# (the number of its hint, pattern, shift, needs compiled for bytes, and the first character
# of the pattern if not ASCII: str.find finds one far faster, and a text without it skips the scan)
_HINT_SCANS = [(k, re.compile(p), shift, needs and re.compile(needs.encode("ascii")),
                None if p[0].isascii() else p[0])
               for k, (_, scans) in enumerate(_HINTS) for p, shift, needs in scans]


def _hint_starts(text: str, ascii_chars: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Places where a hint of :data:`_SPAN_HINTS` may start, sorted, and the number of the
    hint in :data:`_HINTS`: every place one does, and maybe more (each scan searched on its
    own, from each match's start on, so no start is hidden inside an earlier match).
    ``ascii_chars`` are the text's ASCII characters alone.

    >>> text = "支持。Related stories\\n发展。Most Read"
    >>> at, hint = _hint_starts(text, text.encode("ascii", "ignore"))
    >>> at.tolist(), hint.tolist()
    ([3, 22], [9, 9])
    """
    at, of = [], []
    for k, p, shift, needs, first in _HINT_SCANS:
        if needs is not None and not needs.search(ascii_chars) or first and first not in text:
            continue
        m = p.search(text)
        while m:
            at.append(m.start() - shift)
            of.append(k)
            m = p.search(text, m.start() + 1)
    at_, of_ = np.array(at, dtype=np.int64), np.array(of, dtype=np.int64)
    order = np.lexsort((of_, at_))
    return at_[order], of_[order]


def _could_hold_spans(line: str) -> bool:
    return _SPAN_HINTS.search(line) is not None


# ----------------------------------------------------------------------------------------------
# Normalisation for matching
