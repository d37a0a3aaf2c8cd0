"""Split the kept text into formal parts, an outline of headings and measures, and sentences.

All as raw-offset spans:

- **Formal parts** (:func:`formal_parts`) are not the plan: gov.cn's metadata block (索引号,
  主题分类, 发文机关, 成文日期, 标题, 发文字号, 发布日期, 主题词), the title and document number
  above the text, the addressees ("各省、自治区、直辖市人民政府，国务院各部委、各直属机构："), the
  signature and its date, and page furniture ("（此件公开发布）", "扫一扫在手机打开当前页", a
  PKULaw citation code). They are dropped with a reason and read as the document's metadata.
- A **paragraph** is a run of consecutive kept lines (a blank or dropped line ends it, so a sentence
  broken across lines stays whole); a line that starts with a number or an indent starts a new one.
- The **outline** follows every numbering scheme of official documents: 第一编/第一章/第一节/第一条,
  一、, （一）, 1. and 1、, 1.1, （1）, ⑴, ①, and in English Part/Chapter, I./II., A./B., (a),
  "Article 3". A scheme met for the first time opens a level below the current one; a scheme met
  again closes the levels below it (so the levels are whatever the document uses, in its order).
  A paragraph of one short line without closing punctuation is a heading too (unnumbered headings
  start the outline afresh).
- A **measure** is a numbered paragraph holding sentences (a numbered item that is only a short
  title is a heading). Its first sentence is a **run-in title** when it is short, has no comma,
  and is shorter than the sentences that follow it ("（一）指导思想。以习近平……"; not
  "5.法定代表人由会长担任。原则上一人只能担任一个。", a rule and its gloss): the title is a heading of
  the outline and the rest the measure's body (an article, 第三条, has no run-in title). The
  measure runs on over unnumbered paragraphs up to the next numbered item or heading, except
  after its responsibility note, which closes it ("……。（财政部负责）" then the document's closing
  paragraph), and after the items of a list that a heading opens with a colon ("10.还应具备："
  then "（1）…；（2）…"): text after such items belongs to the list's heading, not to its last item. The numbered items of an article
  ("第十七条 …情形：（一）…；（二）…") are its clauses, part of it. A number alone (a measure without a title) is not part of the outline path.
- **Notes** are not tasks: a responsibility note ("（商务部、海关总署负责）", "（负责部门：…）",
  "牵头单位：…；配合单位：…", "(Lead: MOFCOM; supporting: …)") is a row of kind ``note``, a scope note
  (``适用范围：…``) of kind ``scope``, and a sentence that only announces what follows
  ("现将有关事项通知如下：", "as follows:") of kind ``announcement``.
- **Sentences** end at ``.!?`` followed by white space (not after common abbreviations) and at
  ``。！？``.

Every row has its ``path``: the outline headings above it (and itself, for a heading), without
their closing punctuation, joined by ``" > "``; ``section`` is the nearest heading before it as
written.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from .clean import classify_lines
from .schema import SEGMENT_COLUMNS, frame

__all__ = ["segment", "segment_columns", "formal_parts", "formal_columns", "measure_columns", "note_roles", "iso_date",
           "SEGMENT_COLUMNS", "SEGMENT_INTS", "FORMAL_REASONS", "PATH_SEP"]

#: Reasons :func:`formal_parts` gives for the lines it takes out of the plan's body.
FORMAL_REASONS = ("metadata", "title", "doc_number", "addressees", "signature", "date",
                  "furniture")
#: Joins the headings of an outline path.
PATH_SEP = " > "

_CLOSING = tuple("。！？!?.;；:：,，、…")
_CLOSING_CHARS = "".join(_CLOSING)  # none is white space
_CLOSING_QUOTES = "\"'”’」』)）"  # after closing punctuation: 'a "hard landing."' is punctuated
_CJK_RANGES = "\u3400-\u9fff\uf900-\ufaff"
_CJK = re.compile(rf"[{_CJK_RANGES}]")
_WORD = re.compile(r"[^\W_]+")
# one pass of _n_units: a Chinese character (the group), or a run of other letters and digits
_UNIT = re.compile(rf"([{_CJK_RANGES}])|[^\W_{_CJK_RANGES}]+")
_CN = "一二三四五六七八九十百千零〇两"
# numbering schemes, in the order they are tried; the name is the outline scheme
_SCHEMES = [
    ("zh-part", rf"第[{_CN}\d]+(?:编|篇|部分)"),
    ("zh-chapter", rf"第[{_CN}\d]+章"),
    ("zh-section", rf"第[{_CN}\d]+节"),
    ("zh-article", rf"第[{_CN}\d]+条"),
    ("zh-num", rf"[{_CN}]+[、，．]"),
    ("zh-paren", rf"[（(][{_CN}]+[)）]"),
    ("arabic-multi", r"\d{1,2}(?:[.．]\d{1,2})+(?!\d)[.．、]?"),
    ("arabic", r"\d{1,2}[.．、](?![\d.．])"),
    ("arabic-paren", r"[（(]\d{1,2}[)）]"),
    ("paren-digit", "[\u2474-\u2487]"),  # ⑴ ... ⒇
    ("circled", "[\u2460-\u2473]"),  # ① ... ⑳
    ("en-part", r"(?:part|chapter)\s+(?:\d+|[ivxlc]+|one|two|three|four|five|six|seven|eight|"
                r"nine|ten)\b[.:]?"),
    ("en-article", r"(?:article|section)\s+\d+\b[.:]?"),
    ("roman", r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})\.(?=\s)"),
    ("letter", r"[A-Z]\.(?=\s)"),
    ("lower-paren", r"\([a-z]\)"),
]
_MARKER = re.compile(r"[\s\u3000]*(?:" + "|".join(f"(?P<{n.replace('-', '_')}>{p})"
                                                   for n, p in _SCHEMES) + ")", re.I)
_SCHEME_OF = {n.replace("-", "_"): n for n, _ in _SCHEMES}  # a group of _MARKER: its scheme
# an article run in after a chapter heading on the same line: "第一章　总则　　第一条 …"
_RUN_IN_ARTICLE = re.compile(rf"[ \t\u3000]{{2,}}(?=第[{_CN}\d]+条)")
_INDENT = re.compile(r"\u3000|[ \t]{2,}")  # at the start of a line (matched there)
# "。！？" and their run then closing quotes; ".!?" and theirs, before white space or the end.
# It starts with its first character (a class: the regex engine skips to one of those at C
# speed, which it cannot past a lookahead), then reads the run of its kind (the first branch
# fails only after ".!?"): a match of (?=[。！？.!?])(?:[。！？]+[\"'”’」』）)]*|[.!?]+[\"'”’)\]]*
# (?=\s|$)), the same text.
_SENT_END = re.compile(
    r"[。！？.!?](?:(?<=[。！？])[。！？]*[\"'”’」』）)]*|[.!?]*[\"'”’)\]]*(?=\s|$))"
)
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")  # "u.s", "e.g", "j"
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "no", "nos", "vs", "etc", "e.g", "i.e", "eg", "ie", "st",
    "co", "ltd", "inc", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "art", "para", "fig", "approx", "u.s", "u.k", "p.r.c", "gov", "dept",
}
_TITLE_UNITS = 16  # a run-in title is at most this long (words; two Chinese characters a word)
_TITLE_CHARS = 32  # and at most this many characters
_ARTICLE = "zh-article"
_ABOVE_CLAUSES = ("zh-part", "zh-chapter", "zh-section", "zh-article")  # not an article's items
_NO_TITLES = ("zh-article",)  # an article (第三条) states its rule from its first word

# --------------------------------------------------------------------------- notes
_PAREN = r"[（(](?P<inner>(?:[^（()）]|[（(][^（()）]*[)）])+)[)）]"
_LEAD_LABELS = r"牵头单位|牵头部门|牵头|主责单位|lead(?:ing)?(?:\s+(?:agency|agencies|unit))?"
_SUPPORT_LABELS = (r"配合单位|配合部门|参与单位|协办单位|协同单位|"
                   r"support(?:ing)?(?:\s+(?:agency|agencies|units?))?|with")
_NEUTRAL_LABELS = (r"负责部门|负责单位|责任单位|责任部门|主要责任单位|实施单位|"
                   r"responsible(?:\s+(?:agency|agencies|units?))?")
_LABEL = re.compile(rf"(?P<label>{_LEAD_LABELS}|{_SUPPORT_LABELS}|{_NEUTRAL_LABELS})\s*[:：]",
                    re.I)
_NOTE_INNER = re.compile(
    rf"^\s*(?:{_LEAD_LABELS}|{_SUPPORT_LABELS}|{_NEUTRAL_LABELS})\s*[:：]"
    r"|(?:按职责分工|分别|共同|等)?(?:负责|牵头)(?:[，,；;。]\s*列第一位者为牵头单位[，,]?(?:下同)?)?\s*$",
    re.I,
)
_NOTE = re.compile(rf"^{_PAREN}[。.；;]?$")
_BARE_NOTE = re.compile(rf"^(?:{_LEAD_LABELS}|{_NEUTRAL_LABELS})\s*[:：]\S", re.I)
_NOTE_TAIL = re.compile(rf"{_PAREN}[。.；;]?$")
_SCOPE = re.compile(r"^[（(]?\s*(?:适用范围|实施范围|适用对象|适用区域|试点范围|scope)\s*[:：]", re.I)
_ANNOUNCE = re.compile(r"(?:如下|as follows)\s*[：:。.]?\s*$|印发给你们|印发你们|"
                       r"(?:收悉|已收悉)[。，,]?$", re.I)
# a character of every match of _NOTE, _NOTE_TAIL, _BARE_NOTE and _SCOPE (a bracket or a
# colon), and of _ANNOUNCE (the first of 如下, 印发, 收悉 or ollow; see _ANNOUNCE_HINT)
_NOTE_HINT = re.compile(r"[（(:：]")
_HINT = re.compile(r"[（(:：如印收oO]")
# what every match of _ANNOUNCE holds (re.I folds no other character to o, l or w): a cheap
# literal search first. It is 如下|印发|收悉|ollow (re.I) written to start with a class of the
# first characters, which the regex engine skips to at C speed (it tries each alternative at
# each character otherwise); each alternative then checks the character it starts with.
_ANNOUNCE_HINT = re.compile(r"[如印收oO](?:(?<=如)下|(?<=印)发|(?<=收)悉|(?<=[oO])(?i:llow))")

# --------------------------------------------------------------------------- formal parts
_META_LABELS = {"索引号": "index", "主题分类": "topics", "发文机关": "issuer",
                "成文日期": "date_issued", "标题": "title", "发文字号": "doc_number",
                "发布日期": "date_published", "主题词": "keywords"}
_SPACES = re.compile(r"[\s\u3000]+")
_DOC_NUMBER = re.compile(
    r"^[（(]?(?:[\u4e00-\u9fff]{1,12}[〔\[［【(（]\d{4}[〕\]］】)）]\d+号"
    rf"|[\u4e00-\u9fff]{{0,10}}令第[\d{_CN}]+号)[）)]?$")
_DATE_ZH = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_DATE_ZH_NUM = re.compile("^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月"
                          "([一二三四五六七八九十]{1,3})日$")
# the issuer and date of an attached document, in brackets: "（民政部　一九九七年一月二十八日）"
_BRACKET_DATE = re.compile(r"^[（(][^（()）]{0,30}?(?:\d{4}|[〇○零一二三四五六七八九]{4})年"
                           r"[^（()）]{1,8}日[)）]$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# page furniture: a line that starts so, or that holds one of _FURNITURE_ANYWHERE
_FURNITURE = re.compile(
    r"[（(](?:此件|本件|此文|本文)[^（()）]{0,8}(?:公开发布|不公开|有删减|删减|主动公开)[）)]$"
    r"|【法宝引证码】|原文链接[:：]|【字体[:：]|打印本页|关闭窗口|分享到[:：]|责任编辑[:：]")
_FURNITURE_ANYWHERE = ("扫一扫在手机打开当前页",)
_DOC_KINDS = ("通知", "意见", "方案", "办法", "规划", "决定", "复函", "批复", "函", "计划",
              "纲要", "规定", "条例", "细则", "公告", "通报", "报告", "指引", "措施", "令")
_ADDRESSEE_WORDS = re.compile(r"人民政府|各|部|委|局|厅|单位|机构|同志|政府|办公室")


def _n_units(s: str) -> int:
    """Length in 'words': Latin words plus Chinese characters / 2.

    >>> _n_units("支持 Hong Kong 发展"), _n_units("We will")
    (4, 2)
    """
    if s.isascii():
        return len(_WORD.findall(s))
    units = _UNIT.findall(s)  # "" for a word, the character for a Chinese character
    cjk = len(units) - units.count("")
    return len(units) - cjk + (cjk + 1) // 2


def _units_at_most(s: str, n: int) -> bool:
    """``_n_units(s) <= n``, without counting when ``s`` is that short, or holds 2n + 1
    Chinese characters (n + 1 units).

    >>> _units_at_most("支持香港发展", 3), _units_at_most("We will support trade " * 9, 16)
    (True, False)
    """
    return len(s) <= n or not _cjk_at_least(2 * n + 1).match(s) and _n_units(s) <= n


@functools.cache
def _cjk_at_least(k: int) -> re.Pattern:
    """A pattern matching the start of a text up to its ``k``-th Chinese character."""
    return re.compile(rf"(?:[^{_CJK_RANGES}]*+[{_CJK_RANGES}]){{{k}}}")


def _is_short_unpunctuated(s: str, max_units: int = 20) -> bool:
    s = s.strip()
    return (bool(s) and not s.endswith(_CLOSING) and not s.rstrip(_CLOSING_QUOTES).endswith(_CLOSING)
            and _units_at_most(s, max_units))


def _sentence_spans(text: str, start: int, end: int,
                    lead: int = -1) -> list[tuple[int, int, str]]:
    """``(start, end, sentence)`` of the sentences of ``text[start:end]``, trimmed (raw offsets).

    With ``lead`` (the start of a numbered paragraph's number, which ends at ``start``), the
    first sentence starts there instead, the number and the white space after it included
    (the number never ends a sentence, so the text is read from ``start`` all the same).

    >>> _sentence_spans("1. The U.S. will join. It grew.  ", 3, 33)
    [(3, 22, 'The U.S. will join.'), (23, 31, 'It grew.')]
    >>> _sentence_spans("1. The U.S. will join. It grew.  ", 2, 33, lead=0)
    [(0, 22, '1. The U.S. will join.'), (23, 31, 'It grew.')]
    """
    spans: list[tuple[int, int, str]] = []
    at = start  # where the sentence being read starts
    for m in _SENT_END.finditer(text, start, end):  # as if the text ended at ``end``
        stop = m.end()
        if text[m.start()] == "." and _runs_on(text, at, m.start(), stop, end):
            continue
        if lead >= 0:  # the first sentence of a numbered paragraph: from its number
            spans.append((lead, stop, text[lead:stop]))
            lead = -1
        else:
            # it ends with its full stop (not white space): only its start may be white space
            while text[at].isspace():
                at += 1
            spans.append((at, stop, text[at:stop]))
        at = stop
    if at < end:
        if lead >= 0:  # the number (without white space around it) and what follows it
            body = text[lead:end].rstrip()
            spans.append((lead, lead + len(body), body))
        elif text[at].isspace() or text[end - 1].isspace():
            _trimmed(spans, text, at, end)
        else:
            spans.append((at, end, text[at:end]))
    return spans


def _runs_on(text: str, start: int, dot: int, stop: int, end: int) -> bool:
    """Whether the sentence from ``start`` goes on after the full stop at ``dot`` (an
    abbreviation or initials before it, a lower-case word after it)."""
    before = text[max(start, dot - 24):dot].rsplit(None, 1)  # its last word is that of split()
    token = before[-1].lower().lstrip("(\"'“") if before else ""
    if token in _ABBREV or _INITIALS.fullmatch(token):
        return True
    nxt = text[stop:min(stop + 8, end)].lstrip()
    return bool(nxt) and nxt[0].islower()


def _trimmed(spans: list, text: str, start: int, end: int) -> None:
    """Append ``text[start:end]`` without its surrounding white space, if anything is left."""
    piece = text[start:end]
    stripped = piece.strip()
    if len(stripped) == len(piece):  # the usual case: nothing to take off
        if piece:
            spans.append((start, end, piece))
    elif stripped:
        lead = start + piece.index(stripped[0])  # every character before it is white space
        spans.append((lead, lead + len(stripped), stripped))


def _marker(text: str, start: int, end: int):
    """``(scheme, number, end of the marker)`` of a numbered line at ``start``, or None."""
    return _as_marker(_MARKER.match(text, start, end), end)


def _as_marker(m, end: int):
    """:func:`_marker` from the match of :data:`_MARKER` at its start."""
    if not m or (stop := m.end()) >= end:
        return None
    group = m.lastgroup
    number = m[group]
    scheme = _SCHEME_OF[group]
    if scheme == "arabic-multi":
        scheme = f"arabic-{number.rstrip('.．、').count('.') + number.count('．') + 1}"
    return scheme, number.strip(), stop


def _note_kind(sentence: str) -> str:
    """``note``, ``scope``, ``announcement`` or ``sentence``."""
    s = sentence.strip()
    # a match of _NOTE starts with a bracket; of _BARE_NOTE or _SCOPE holds a colon
    if s[:1] in "（(":
        m = _NOTE.match(s)
        if m and _NOTE_INNER.search(m.group("inner")):
            return "note"
    if ":" in s or "：" in s:
        if _BARE_NOTE.match(s):
            return "note"
        if _SCOPE.match(s):
            return "scope"
    if _ANNOUNCE_HINT.search(s) and _ANNOUNCE.search(s):
        return "announcement"
    return "sentence"


def _balanced(spans, text):
    """Sentences split inside brackets ("（商务部负责。列第一位者为牵头单位）") joined again."""
    out = []
    for s, e, t in spans:
        if out:
            ps, pe, pt = out[-1]
            if pt.count("（") + pt.count("(") > pt.count("）") + pt.count(")"):
                out[-1] = (ps, e, text[ps:e])
                continue
        out.append((s, e, t))
    return out


def _split_tail_note(spans):
    """A sentence ending with a responsibility note ("…。（商务部负责）" kept together by a
    closing "。") becomes the sentence and the note."""
    out = []
    for s, e, t in spans:
        # a match of _NOTE_TAIL ends with a closing bracket and at most two characters ("。",
        # and a line break before $): a cheap test first
        m = _NOTE_TAIL.search(t) if "）" in t[-3:] or ")" in t[-3:] else None
        if m and m.start() > 0 and _NOTE_INNER.search(m.group("inner")):
            head = t[:m.start()].rstrip()
            if head:
                out.append((s, s + len(head), head))
            out.append((s + m.start(), e, t[m.start():]))
        else:
            out.append((s, e, t))
    return out


def note_roles(note: str) -> list[tuple[str, int, int]]:
    """The parts of a responsibility note and the role of the agencies named in each.

    Parameters
    ----------
    note : str
        The note as written ("（人民银行、外汇局负责）", "牵头单位：…；配合单位：…").

    Returns
    -------
    list of (role, start, end)
        ``role`` is ``lead``, ``support`` or ``first`` (the first agency named leads and the
        others support, the usual reading; "列第一位者为牵头单位" says so) or ``each`` (each named
        body leads: "分别负责"); offsets into ``note``.

    Examples
    --------
    >>> note_roles("（负责部门：人民银行、外汇局）")
    [('first', 6, 14)]
    >>> note_roles("牵头单位：商务部；配合单位：海关总署")
    [('lead', 5, 9), ('support', 14, 18)]
    >>> note_roles("（商务部、海关总署分别负责）")
    [('each', 1, 13)]
    """
    labels = list(_LABEL.finditer(note))
    tail = len(note.rstrip().rstrip("。.；;").rstrip("）)"))
    if not labels:
        inner = note.strip()
        lo = note.index(inner[0]) + (1 if inner[0] in "（(" else 0) if inner else 0
        return [("each" if "分别负责" in note else "first", lo, max(lo, tail))]
    out = []
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else tail
        label = m.group("label").lower()
        if re.fullmatch(_LEAD_LABELS, label, re.I):
            role = "lead"
        elif re.fullmatch(_SUPPORT_LABELS, label, re.I):
            role = "support"
        else:
            role = "each" if "分别负责" in note else "first"
        out.append((role, m.end(), end))
    return out


def iso_date(value: str) -> str:
    """A date as written in a Chinese document ("2018年12月30日", "二〇〇四年四月二十七日",
    "2019-1-4"), in ISO form; ``""`` when it is not a date.

    Examples
    --------
    >>> iso_date("2018年12月30日"), iso_date("二〇〇四年四月二十七日"), iso_date("soon")
    ('2018-12-30', '2004-04-27', '')
    """
    s = _SPACES.sub("", value or "")
    m = _DATE_ZH.match(s) or _DATE_ISO.match(s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DATE_ZH_NUM.match(s)
        if not m:
            return ""
        digit = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
        y = int("".join(str(digit[c]) for c in m.group(1)))
        mo, d = (_cn_small(g) for g in m.groups()[1:])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _cn_small(s: str) -> int:
    digit = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    if "十" not in s:
        return digit.get(s, 0)
    tens, _, ones = s.partition("十")
    return (digit[tens] if tens else 1) * 10 + (digit[ones] if ones else 0)


def formal_parts(text: str, lines: pd.DataFrame | None = None):
    """The lines of a document that are its formal parts, not its body, and what they say.

    Parameters
    ----------
    text : str
        The raw text.
    lines : DataFrame, optional
        :func:`zonekit.clean.classify_lines` of the text (computed when not given).

    Returns
    -------
    (parts, metadata) : (DataFrame, dict)
        ``parts`` has one row per line (``line``, its number in ``lines``, ``start``, ``end``,
        without the white space around the line,
        ``reason``, one of :data:`FORMAL_REASONS`, and ``text``); ``metadata`` holds what the
        document states of itself: ``title``, ``doc_number``, ``issuer``, ``date_issued``,
        ``date_published`` (ISO dates) and ``topics`` (a list), each only when found.

    Examples
    --------
    >>> raw = ("国务院办公厅关于做好试点工作的通知\\n国办发〔2018〕1号\\n各省、自治区、直辖市人民政府：\\n"
    ...        "一、支持试点。\\n国务院办公厅\\n2018年1月2日\\n（此件公开发布）")
    >>> parts, meta = formal_parts(raw)
    >>> parts[["reason", "text"]].values.tolist()
    [['title', '国务院办公厅关于做好试点工作的通知'], ['doc_number', '国办发〔2018〕1号'], ['addressees', '各省、自治区、直辖市人民政府：'], ['signature', '国务院办公厅'], ['date', '2018年1月2日'], ['furniture', '（此件公开发布）']]
    >>> meta["doc_number"], meta["issuer"], meta["date_issued"]
    ('国办发〔2018〕1号', '国务院办公厅', '2018-01-02')
    """
    cols, meta = formal_columns(text, lines)
    return pd.DataFrame({
        "line": pd.array(cols["line"], dtype="int64"),
        "start": pd.array(cols["start"], dtype="int64"),
        "end": pd.array(cols["end"], dtype="int64"),
        "reason": pd.array(cols["reason"], dtype="str"),
        "text": pd.array(cols["text"], dtype="str"),
    }), meta


def formal_columns(text: str, lines=None) -> tuple[dict[str, np.ndarray], dict]:
    """:func:`formal_parts` as columns: a dict of numpy arrays, no DataFrame (the form the
    pipeline works on).

    Parameters
    ----------
    text : str
    lines : DataFrame or dict, optional
        :func:`zonekit.clean.classify_lines` or :func:`zonekit.clean.line_columns` of the text.

    Returns
    -------
    (columns, metadata) : (dict of ndarray, dict)
        ``line``, ``start``, ``end`` (int64), ``reason`` and ``text`` (object): the rows of
        :func:`formal_parts`; ``metadata`` as there.

    Examples
    --------
    >>> cols, meta = formal_columns("国办发〔2018〕1号\\n一、支持试点。\\n2018年1月2日")
    >>> cols["line"].tolist(), cols["reason"].tolist(), meta["date_issued"]
    ([0, 2], ['doc_number', 'date'], '2018-01-02')
    """
    if lines is None:
        lines = classify_lines(text)
    starts, ends = lines["start"].tolist(), lines["end"].tolist()
    line: dict[int, str] = {}  # the lines read, without their surrounding white space
    key = _Keys(line)
    reason: dict[int, str] = {}
    meta: dict = {}
    rest = []  # the lines read that are neither furniture nor a bracketed date
    # a line holds one of _FURNITURE_ANYWHERE only if the text does: those are looked for once
    anywhere = [w for w in _FURNITURE_ANYWHERE if w in text]
    # cleaning drops a line that is only a date as a dateline: here it may be a formal part
    for i, (k, r, a, b) in enumerate(zip(lines["keep"].tolist(), lines["reason"].tolist(),
                                         starts, ends, strict=True)):
        if (k or r == "dateline") and (s := text[a:b].strip()):
            line[i] = s
            if _FURNITURE.match(s) or anywhere and any(w in s for w in anywhere):
                reason[i] = "furniture"
            # a stripped line starts and ends as its key does (white space taken out)
            elif s[0] in "（(" and s[-1] in ")）" and _BRACKET_DATE.match(key[i]):
                reason[i] = "date"
            else:
                rest.append(i)

    # the gov.cn metadata block: label lines and the values after them
    pos = 0
    values: dict[str, list[str]] = {}
    label = None
    title_key = ""
    while pos < len(rest):
        i = rest[pos]
        k = key[i]
        if k.endswith(("：", ":")) and k[:-1] in _META_LABELS:
            label = _META_LABELS[k[:-1]]
            values.setdefault(label, [])
            reason[i] = "metadata"
        elif label is None:
            break
        elif label == "keywords" and title_key and k in title_key:
            break  # 主题词 is often empty: the title shown above the document follows
        elif label == "keywords" and values.get("keywords"):
            break
        else:
            values[label].append(line[i])
            reason[i] = "metadata"
            if label == "title":
                title_key = "".join(_SPACES.sub("", v) for v in values["title"])
        pos += 1
    for name in ("title", "doc_number", "issuer"):
        if values.get(name):
            meta[name] = "".join(values[name]) if name == "title" else " ".join(values[name])
    for name in ("date_issued", "date_published"):
        if values.get(name) and iso_date(values[name][0]):
            meta[name] = iso_date(values[name][0])
    if values.get("topics"):
        topics = [t for v in values["topics"] for t in re.split(r"[、，,；;]", v) if t.strip()]
        meta["topics"] = [t.strip() for t in topics]

    # the head: the title (in one or more lines) and the document number, then the addressees
    head_end = pos
    window = rest[pos:pos + 8]
    number_at = next((j for j, i in enumerate(window) if _DOC_NUMBER.match(key[i])), None)
    title_lines: list[int] = []
    if number_at is not None:
        for i in window[:number_at]:
            if "。" not in line[i] and len(key[i]) <= 90:
                title_lines.append(i)
        reason.update({i: "title" for i in title_lines})
        num = window[number_at]
        reason[num] = "doc_number"
        meta.setdefault("doc_number", key[num].strip("（()）"))
        head_end = pos + number_at + 1
    elif window and "。" not in line[window[0]] and key[window[0]].endswith(_DOC_KINDS) \
            and len(key[window[0]]) <= 90:
        title_lines = [window[0]]
        reason[window[0]] = "title"
        head_end = pos + 1
    if title_lines and "title" not in meta:
        # a PKULaw page repeats the title; the lines of one title are joined
        groups = [[title_lines[0]]]
        for i in title_lines[1:]:
            (groups[-1].append(i) if not key[groups[-1][-1]].endswith(_DOC_KINDS)
             else groups.append([i]))
        meta["title"] = "".join(key[i] for i in groups[-1])
    if title_key and not title_lines:
        j = head_end
        while j < len(rest) and j < head_end + 6:
            i = rest[j]
            if key[i] and key[i] in title_key:
                reason[i] = "title"
            elif _DOC_NUMBER.match(key[i]):
                reason[i] = "doc_number"
            else:
                break
            j += 1
        head_end = j
    for i in rest[head_end:head_end + 3]:
        s = line[i]
        if s.endswith(("：", ":")) and "。" not in s and len(s) <= 200 \
                and _ADDRESSEE_WORDS.search(s) and not _marker(s, 0, len(s)):
            reason[i] = "addressees"
            break
        if reason.get(i) is None:
            break

    # signatures and their dates, wherever they are (a 通知 printing a plan has one mid-text)
    for j, i in enumerate(rest):
        # both date patterns end in 日 (and a key has no white space): a cheap test first
        if i not in reason and line[i].endswith("日") and iso_date(key[i]) \
                and (_DATE_ZH.match(key[i]) or _DATE_ZH_NUM.match(key[i])):
            reason[i] = "date"
            meta.setdefault("date_issued", iso_date(key[i]))
            if j and rest[j - 1] not in reason:
                prev = rest[j - 1]
                s = key[prev]
                if len(s) <= 40 and not re.search(r"[。，；：！？,.;:!?]", s) \
                        and not _marker(line[prev], 0, len(line[prev])):
                    reason[prev] = "signature"
                    meta.setdefault("issuer", s)
    order = sorted(reason)
    # the span of a line without its surrounding white space
    p_start, p_end, p_text = [], [], []
    for i in order:
        s, e = starts[i], ends[i]
        piece = text[s:e]
        p_start.append(s + len(piece) - len(piece.lstrip()))
        p_end.append(s + len(piece.rstrip()))
        p_text.append(piece.strip())
    parts = {
        "line": np.array(order, dtype=np.int64),
        "start": np.array(p_start, dtype=np.int64),
        "end": np.array(p_end, dtype=np.int64),
        "reason": np.array([reason[i] for i in order], dtype=object),
        "text": np.array(p_text, dtype=object),
    }
    return parts, meta


class _Keys(dict):
    """The lines of :func:`formal_columns` without their white space, made when asked for
    (most lines are looked at only by cheap tests of their ends)."""

    def __init__(self, lines: dict[int, str]):
        super().__init__()
        self._lines = lines

    def __missing__(self, i: int) -> str:
        self[i] = value = _SPACES.sub("", self._lines[i])
        return value


def _paragraphs(text: str, lines: pd.DataFrame) -> tuple[list[tuple[int, int]], list]:
    """Raw spans of the paragraphs of the kept lines, and their markers (:func:`_marker`)."""
    paras: list[tuple[int, int]] = []
    marks: list = []
    stale = object()
    n_stale = 0
    open_ = False
    kept = np.flatnonzero(np.asarray(lines["keep"], dtype=bool))
    after = -1  # the line after the last kept one
    for i, s, e in zip(kept.tolist(), np.asarray(lines["start"])[kept].tolist(),
                       np.asarray(lines["end"])[kept].tolist(), strict=True):
        if i != after:
            open_ = False  # a dropped line ends a paragraph
        after = i + 1
        if s == e or text[s:e].isspace():  # nothing but white space: ``not text[s:e].strip()``
            open_ = False
            continue
        m = _MARKER.match(text, s, e)
        split = None
        if m is not None and m.lastgroup in ("zh_part", "zh_chapter", "zh_section"):
            split = _RUN_IN_ARTICLE.search(text, m.end(), e)
        if split is None:  # the usual line: the loop below with one piece
            mark = None if m is None else _as_marker(m, e)
            if mark is None and open_ and not _INDENT.match(text, s, e):  # (open_ stays)
                paras[-1] = (paras[-1][0], e)
                marks[-1] = stale  # the paragraph's marker: found once it is whole
                n_stale += 1
            else:
                paras.append((s, e))
                marks.append(mark)
                # a short numbered line without closing punctuation is a heading on its own
                # (one that ends with closing punctuation is not: a cheap test first)
                open_ = not (mark is not None and text[e - 1] not in _CLOSING_CHARS
                             and _is_short_unpunctuated(text[s:e], 25))
            continue
        pieces = [s, split.end()]  # a chapter, then an article run in after it
        for k, a in enumerate(pieces):
            b = pieces[k + 1] if k + 1 < len(pieces) else e
            mark = _marker(text, a, b)
            new = not open_ or k > 0 or mark is not None or _INDENT.match(text, a, b)
            if new:
                paras.append((a, b))
                marks.append(mark)
            else:
                paras[-1] = (paras[-1][0], b)
                marks[-1] = stale
                n_stale += 1
            open_ = not (new and mark is not None and text[b - 1] not in _CLOSING_CHARS
                         and _is_short_unpunctuated(text[a:b], 25))
    if n_stale:
        marks = [_marker(text, a, b) if mark is stale else mark
                 for (a, b), mark in zip(paras, marks, strict=True)]
    return paras, marks


def _path_element(heading: str) -> str:
    return " ".join(heading.split()).rstrip("。．.：:；;，, ")


def segment(text: str, lines: pd.DataFrame | None = None,
            formal: pd.DataFrame | None = None) -> pd.DataFrame:
    """Split a raw text into headings, measures and sentences with their outline.

    Parameters
    ----------
    text : str
        The raw text.
    lines : DataFrame, optional
        The output of :func:`zonekit.clean.classify_lines`; computed when not given.
    formal : DataFrame, optional
        The formal parts (:func:`formal_parts`) to leave out; found when not given.

    Returns
    -------
    DataFrame
        One row per heading, sentence or note, in text order, with :data:`SEGMENT_COLUMNS`:
        ``para_id`` (paragraph number), ``kind`` (``heading``, ``sentence``, ``note``, ``scope``
        or ``announcement``), ``section`` (text of the nearest heading before it, ``""`` before
        the first), ``path`` (the outline headings above it, and itself for a heading, joined by
        ``" > "``), ``level`` (a heading's depth, else 0), ``measure`` (the document's measures
        numbered from 0; -1 outside one), ``number`` (the numbering of a measure's rows or of a
        heading), ``start``, ``end`` (raw offsets) and ``text`` (``== raw[start:end]``).

    Examples
    --------
    >>> raw = "一、总体要求\\n支持香港\\n发展。探索试点。\\n\\nTrade\\n\\nWe will open up. More soon."
    >>> segment(raw)[["kind", "section", "text"]].values.tolist()
    [['heading', '', '一、总体要求'], ['sentence', '一、总体要求', '支持香港\\n发展。'], ['sentence', '一、总体要求', '探索试点。'], ['heading', '一、总体要求', 'Trade'], ['sentence', 'Trade', 'We will open up.'], ['sentence', 'Trade', 'More soon.']]
    >>> raw = "一、开放\\n（一）扩大开放。支持外资银行。（商务部负责）\\n（二）取消审批。"
    >>> segment(raw)[["kind", "path", "measure", "number", "text"]].values.tolist()
    [['heading', '一、开放', -1, '一、', '一、开放'], ['heading', '一、开放 > （一）扩大开放', 0, '（一）', '（一）扩大开放。'], ['sentence', '一、开放 > （一）扩大开放', 0, '（一）', '支持外资银行。'], ['note', '一、开放 > （一）扩大开放', 0, '（一）', '（商务部负责）'], ['sentence', '一、开放', 1, '（二）', '（二）取消审批。']]
    """
    return frame(segment_columns(text, lines, formal), SEGMENT_COLUMNS, ints=SEGMENT_INTS)


#: The whole-number columns of the segments table.
SEGMENT_INTS = ("para_id", "level", "measure", "start", "end")


def segment_columns(text: str, lines=None, formal=None) -> dict[str, list]:
    """:func:`segment` as columns: a dict of lists, no DataFrame (the form the pipeline works
    on; one table is built for a whole corpus).

    Parameters
    ----------
    text : str
    lines : DataFrame or dict, optional
        :func:`zonekit.clean.classify_lines` or :func:`zonekit.clean.line_columns` of the text.
    formal : DataFrame or dict, optional
        As for :func:`segment`, or :func:`formal_columns`.

    Returns
    -------
    dict of list
        :data:`SEGMENT_COLUMNS`, row for row those of :func:`segment`.

    Examples
    --------
    >>> cols = segment_columns("一、总体要求\\n支持香港发展。")
    >>> cols["kind"], cols["start"], cols["path"]
    (['heading', 'sentence'], [0, 7], ['一、总体要求', '一、总体要求'])
    """
    if lines is None:
        lines = classify_lines(text)
    if formal is None:
        formal = formal_columns(text, lines)[0]
    if len(formal["line"]):
        keep = np.array(lines["keep"], dtype=bool)
        keep[np.asarray(formal["line"], dtype=np.int64)] = False
        lines = {"start": lines["start"], "end": lines["end"], "keep": keep}
    paras, marks = _paragraphs(text, lines)
    return _walk(text, paras, marks)


def _walk(text: str, paras: list, marks: list) -> dict[str, list]:
    """The segment columns of the paragraphs, read in order with their outline."""
    rows: list[tuple] = []  # one per row: its values in the order of SEGMENT_COLUMNS
    lead_ins: set[tuple] = set()  # headings ending with a colon: their items are a list
    section, measure, number, path = "", -1, "", ""
    stack: list[tuple[str, str | None, str]] = []  # (scheme, path element or None, number)
    n_measures = 0

    for p, ((a, b), mark) in enumerate(zip(paras, marks, strict=True)):
        para_id = p + 1
        if mark is None:
            spans = _sentence_spans(text, a, b)
        else:  # the numbering ("1.", "I.") never ends a sentence, and starts the first one
            # (no marker has white space around its number)
            spans = _sentence_spans(text, mark[2], b, mark[2] - len(mark[1]))
        spans, kinds = _sorted_out(text, a, b, spans)
        # one sentence is the whole paragraph, without its surrounding white space
        first = spans[0][2]
        one = len(spans) == 1
        if mark is None:
            if one and first[-1] not in _CLOSING_CHARS and "\n" not in first \
                    and _is_short_unpunctuated(first):
                stack[:] = [("plain", _path_element(first), "")]
                path = _joined(stack)
                rows.append((para_id, "heading", section, path, 1, -1, "", *spans[0]))
                section, measure, number = " ".join(first.split()), -1, ""
                continue
            if measure >= 0 and stack and (
                    # a responsibility note closes its measure ("……。（财政部负责）")
                    rows[-1][1] == "note"
                    # text after the items of a list ("……应具备：" 1. 2. 3.) is the list's own
                    # (none without a heading ending with a colon: a cheap test first)
                    or lead_ins and len(stack) > 1 and stack[-1][1] is None
                    and _key(stack[:-1]) in lead_ins):
                stack.pop()
                path = _joined(stack)
                measure, number = -1, ""
                section = next((el for _, el, _ in reversed(stack) if el), "")
        elif mark[0] in _ABOVE_CLAUSES or measure < 0 or _ARTICLE not in [sc for sc, _, _ in stack]:
            # (else: the items of an article, "第十七条 …：（一）…；（二）…", are its clauses)
            scheme, num, _ = mark
            # "二、动员社会各界扩大贫困地区产品和服务消费", or "（一）指导思想。" with its text in
            # the next paragraph
            if one and (first[-1] not in _CLOSING_CHARS and "\n" not in first
                        and _is_short_unpunctuated(first, 25)
                        or _followed_by_body(text, paras, marks, p, stack)
                        and _units_at_most(first, _TITLE_UNITS)):
                path = _pushed(stack, (scheme, _path_element(first), num), path)
                if first.rstrip().endswith(("：", ":")):
                    lead_ins.add(_key(stack))
                rows.append((para_id, "heading", section, path, len(stack), -1, num, *spans[0]))
                section, measure, number = " ".join(first.split()), -1, ""
                continue
            # a measure: numbered, holding sentences
            measure, number = n_measures, num
            n_measures += 1
            if scheme not in _NO_TITLES and _titled(spans, kinds, num):
                path = _pushed(stack, (scheme, _path_element(first), num), path)
                rows.append((para_id, "heading", section, path, len(stack), measure, num,
                             *spans[0]))
                section = " ".join(first.split())
                spans, kinds = spans[1:], kinds[1:]
            else:
                path = _pushed(stack, (scheme, None, num), path)
        if len(spans) == 1:
            rows.append((para_id, kinds[0], section, path, 0, measure, number, *spans[0]))
        else:
            rows += [(para_id, k, section, path, 0, measure, number, s, e, t)
                     for (s, e, t), k in zip(spans, kinds, strict=True)]
    if not rows:
        return {c: [] for c in SEGMENT_COLUMNS}
    return dict(zip(SEGMENT_COLUMNS, map(list, zip(*rows, strict=True)), strict=True))


def _sorted_out(text: str, start: int, end: int, spans: list) -> tuple[list, list[str]]:
    """The sentences of the paragraph ``text[start:end]`` (joined where split inside
    brackets, a responsibility note at a sentence's end taken apart) and their kinds."""
    # without a character of _HINT the paragraph holds no note, scope note or announcement,
    # and no opening bracket, after which alone _balanced joins: the spans stay as they are
    # (a cheap search first; then the two it stands for)
    if not _HINT.search(text, start, end):
        return spans, ["sentence"] * len(spans)
    if _NOTE_HINT.search(text, start, end):
        if len(spans) > 1:
            spans = _balanced(spans, text)
        spans = _split_tail_note(spans)
    elif not _ANNOUNCE_HINT.search(text, start, end):
        return spans, ["sentence"] * len(spans)
    return spans, [_note_kind(t) for _, _, t in spans]


def _joined(stack) -> str:
    """The path of the outline ``stack``."""
    return PATH_SEP.join(el for _, el, _ in stack if el)


def _pushed(stack: list, item: tuple, path: str) -> str:
    """Put ``item`` (scheme, path element, number) on the outline ``stack``, closing the levels
    from the one of its scheme down; the new path (``path`` is the old one)."""
    if stack and stack[-1][0] == item[0] and stack[-1][1] is None and item[1] is None:
        stack[-1] = item  # the next article after an article: the path names neither
        return path
    schemes = [sc for sc, _, _ in stack]
    if item[0] in schemes:
        del stack[schemes.index(item[0]):]
    stack.append(item)
    return _joined(stack)


def _followed_by_body(text: str, paras: list, marks: list, p: int, stack: list) -> bool:
    """Whether the text of numbered paragraph ``p`` follows it: an unnumbered paragraph or
    items numbered in another scheme ("（一）清理整顿的重点。" then "1.", "2.")."""
    if p + 1 == len(paras):
        return False
    scheme, nxt = marks[p][0], marks[p + 1]
    if nxt is None:
        body = text[paras[p + 1][0]:paras[p + 1][1]]
        return not ("\n" not in body.strip() and _is_short_unpunctuated(body))
    return nxt[0] != scheme and nxt[0] not in _ancestors(stack, scheme)


def _titled(spans: list, kinds: list, number: str) -> bool:
    """Whether a measure's first sentence is its run-in title: short, without a comma,
    shorter than the sentences after it, and followed by at least one more sentence."""
    title = spans[0][2]
    return (kinds[0] == "sentence" and kinds.count("sentence") > 1
            and len(title) - len(number) <= _TITLE_CHARS
            and "，" not in title
            and title.endswith(("。", ".", "：", ":", "．"))
            and _units_at_most(title[len(number):], _TITLE_UNITS)
            and (len(title) - len(number) < sum(e - s for s, e, _ in spans[1:])
                 or len(spans) == 2 and _NOTE.match(spans[1][2]) is not None))


def _key(stack) -> tuple:
    """A place in the outline: the schemes and numbers of ``stack``."""
    return tuple((sc, number) for sc, _, number in stack)


def _ancestors(stack, scheme) -> list[str]:
    """The schemes above an item of ``scheme`` once it takes its place in the outline."""
    schemes = [sc for sc, _, _ in stack]
    return schemes[:schemes.index(scheme)] if scheme in schemes else schemes


def measure_columns(segments) -> dict[str, list]:
    """The measures of one document's segments, as columns (measures numbered from 0).

    Parameters
    ----------
    segments : DataFrame or dict
        :func:`segment` (or :func:`segment_columns`) of one document.

    Returns
    -------
    dict
        ``measure`` (its number in the document), ``number``, ``title`` (the run-in title
        without its closing punctuation, ``""`` when there is none), ``path``, ``start``,
        ``end`` (from its numbering to its last sentence or note) and ``scope`` (the text of its
        scope notes).

    Examples
    --------
    >>> seg = segment("（一）扩大开放。支持外资银行。适用范围：自贸试验区。\\n（二）取消审批。")
    >>> cols = measure_columns(seg)
    >>> cols["number"], cols["title"], cols["scope"]
    (['（一）', '（二）'], ['扩大开放', ''], ['自贸试验区', ''])
    """
    # whole columns at once (every article of a law is a measure: a Python pass over every row
    # cost more): each measure's first row, the extremes of its spans, and the few scope notes
    measure = np.asarray(segments["measure"], dtype=np.int64)
    rows = np.flatnonzero(measure >= 0)
    ids, first, inverse = np.unique(measure[rows], return_index=True, return_inverse=True)
    lo = np.full(len(ids), np.iinfo(np.int64).max)
    np.minimum.at(lo, inverse, np.asarray(segments["start"], dtype=np.int64)[rows])
    hi = np.full(len(ids), np.iinfo(np.int64).min)
    np.maximum.at(hi, inverse, np.asarray(segments["end"], dtype=np.int64)[rows])
    first = rows[first].tolist()
    kind = np.asarray(segments["kind"], dtype=object)
    number, path = _picked(segments["number"], first), _picked(segments["path"], first)
    heads = [i for i, k in zip(first, kind[first].tolist(), strict=True) if k == "heading"]
    titles = dict(zip(heads, _picked(segments["text"], heads), strict=True))
    scopes: dict[int, list[str]] = {}
    scope_rows = rows[kind[rows] == "scope"].tolist()
    for m, t in zip(measure[scope_rows].tolist(), _picked(segments["text"], scope_rows),
                    strict=True):
        if t := _SCOPE.sub("", t).strip().strip("（()）").rstrip("。.；;"):
            scopes.setdefault(m, []).append(t)
    return {"measure": ids.tolist(), "number": number,
            "title": [_path_element(titles[i])[len(n):].strip() if i in titles else ""
                      for i, n in zip(first, number, strict=True)],
            "path": path, "start": lo.tolist(), "end": hi.tolist(),
            "scope": ["; ".join(scopes.get(m, ())) for m in ids.tolist()]}


def _picked(column, rows: list[int]) -> list:
    """``column``'s values at ``rows`` (a list, an array or a Series) as a list."""
    if isinstance(column, list):
        return [column[i] for i in rows]
    return np.asarray(column, dtype=object)[rows].tolist()
