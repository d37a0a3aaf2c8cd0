import re

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from zonekit.clean import line_columns
from zonekit.segment import (
    _ABBREV,
    _ANNOUNCE,
    _ANNOUNCE_HINT,
    _BARE_NOTE,
    _HINT,
    _INDENT,
    _INITIALS,
    _MARKER,
    _NOTE,
    _NOTE_HINT,
    _NOTE_INNER,
    _NOTE_TAIL,
    _RUN_IN_ARTICLE,
    _SCOPE,
    _SENT_END,
    _is_short_unpunctuated,
    _marker,
    _n_units,
    _note_kind,
    _paragraphs,
    _path_element,
    _pushed,
    _sentence_spans,
    _sorted_out,
    _units_at_most,
    formal_columns,
    measure_columns,
    segment,
)


def rows(raw):
    return segment(raw)[["kind", "section", "text"]].values.tolist()


def test_headings_need_a_line_of_their_own_or_a_number():
    raw = ("Opening Up Finance\n\nThe plan will support banks. It will also help insurers.\n\n"
           "The city will support\ncooperation with Hong Kong.\n")
    assert rows(raw) == [
        ["heading", "", "Opening Up Finance"],
        ["sentence", "Opening Up Finance", "The plan will support banks."],
        ["sentence", "Opening Up Finance", "It will also help insurers."],
        ["sentence", "Opening Up Finance", "The city will support\ncooperation with Hong Kong."],
    ]


def test_chinese_numbered_headings_and_inline_heading():
    raw = "一、总体要求\n（一）推动医疗服务开放。支持医疗机构发展。探索试点！\n第二章 数字经济\n加强数据合作。"
    assert rows(raw) == [
        ["heading", "", "一、总体要求"],
        ["heading", "一、总体要求", "（一）推动医疗服务开放。"],
        ["sentence", "（一）推动医疗服务开放。", "支持医疗机构发展。"],
        ["sentence", "（一）推动医疗服务开放。", "探索试点！"],
        ["heading", "（一）推动医疗服务开放。", "第二章 数字经济"],
        ["sentence", "第二章 数字经济", "加强数据合作。"],
    ]


def test_abbreviations_and_lowercase_do_not_end_sentences():
    raw = "Firms from the U.S. and No. 1 ports, e.g. Tianjin, will join. Mr. Li agreed."
    assert [r[2] for r in rows(raw)] == [
        "Firms from the U.S. and No. 1 ports, e.g. Tianjin, will join.", "Mr. Li agreed."]


def test_spans_are_raw_offsets_and_skip_boilerplate():
    raw = "I agree\n\nTrade\n\n  The plan will support trade.  \nPhoto: a port /Xinhua\n"
    seg = segment(raw)
    for s, e, t in zip(seg["start"], seg["end"], seg["text"], strict=True):
        assert raw[s:e] == t
    assert seg["text"].tolist() == ["Trade", "The plan will support trade."]
    assert seg.loc[1, "start"] == raw.index("The plan")


def test_long_line_without_newline_is_segmented():
    raw = "The plan will support trade in services and e.g. finance. " * 20000
    seg = segment(raw)
    assert len(seg) == 20000
    assert seg["end"].iloc[-1] == len(raw.rstrip())


def _measures(raw):
    seg = segment(raw)
    heads = seg.loc[seg["kind"] == "heading", "text"].tolist()
    spans = {int(m): (int(g["start"].min()), int(g["end"].max()))
             for m, g in seg[seg["measure"] >= 0].groupby("measure")}
    return seg, heads, spans


def test_a_run_in_title_is_shorter_than_the_body_it_heads():
    raw = ("一、要求\n\n"
           "1.完善治理结构。公司董事会要依法行使职权，落实董事会对经理层成员的考核和薪酬管理。\n\n"
           "2.社团的法定代表人由会长或章程规定的人员担任。原则上一人只担任一个。\n\n"
           "3.关于新机场问题。（略）\n")
    seg, heads, _ = _measures(raw)
    assert heads == ["一、要求", "1.完善治理结构。", "3.关于新机场问题。"]
    rule = raw.index("2.社团")
    row = seg[seg["start"] == rule].iloc[0]
    assert (row["kind"], row["path"], row["number"]) == ("sentence", "一、要求", "2.")
    assert row["text"] == "2.社团的法定代表人由会长或章程规定的人员担任。"


def test_text_after_the_items_of_a_colon_list_belongs_to_the_list():
    raw = ("（二）下列社团予以保留\n\n"
           "10.法人社团还应具备：\n\n"
           "（1）有专职工作人员；（2）有独立、固定的办公住所；（3）全国性社团应有10万元以上资金，"
           "地方性社团应有5万元以上资金。\n\n"
           "非法人社团还应有固定的联络地点。\n\n"
           "（三）下列社团要进行整改\n\n"
           "1.对未依照章程开展业务活动的社团，登记管理机关要责令其在三个月内限期整改并报告结果。\n\n"
           "各地要按期上报整改情况。\n")
    seg, heads, spans = _measures(raw)
    item = raw.index("（1）")
    assert spans[0] == (item, raw.index("\n", item))  # the item, not the paragraph after it
    after = seg[seg["start"] == raw.index("非法人")].iloc[0]
    assert (after["measure"], after["path"]) == (-1, "（二）下列社团予以保留 > 10.法人社团还应具备")
    # without a colon lead-in, a measure runs on over the paragraph after it
    tail = seg[seg["start"] == raw.index("各地要")].iloc[0]
    assert tail["measure"] == 1 and spans[1] == (raw.index("1.对未依照"), len(raw) - 1)


def test_a_responsibility_note_closes_its_measure():
    raw = ("一、落实责任\n\n"
           "（一）明确部门责任。财政部要加大资金支持力度，保障促进就业政策落实。（财政部负责）\n\n"
           "各地要对现有补贴项目进行梳理，提高资金使用效益。\n")
    seg, _, spans = _measures(raw)
    assert spans == {0: (raw.index("（一）"), raw.index("负责）") + 3)}
    closing = seg[seg["start"] == raw.index("各地要")].iloc[0]
    assert (closing["measure"], closing["path"], closing["section"]) == (-1, "一、落实责任", "一、落实责任")


# --------------------------------------------------------------------------- fast paths
# Each cheap test before a costly rule must be a superset of it: these check that on fixtures
# written to sit at the edges of the rules.

SENTENCES = [
    "（商务部负责）", "（商务部、海关总署分别负责）。", "(Lead: MOFCOM; supporting: MOF)",
    "（负责部门：人民银行、外汇局）", "牵头单位：商务部；配合单位：海关总署", "负责部门：商务部",
    "Responsible agency:MOFCOM", "LEAD：MOFCOM", "适用范围：自贸试验区。", "（适用范围：全市）",
    "Scope: the free trade zones.", "现将有关事项通知如下：", "The measures are as follows.",
    "AS FOLLOWS", "印发给你们，请认真贯彻执行。", "来函收悉。", "（一）扩大开放。", "（略）",
    "支持外资银行（商务部负责）", "支持外资银行。", "Support banks (MOFCOM).", "牵头推进改革。",
    "负责同志要带头。", "范围：全市", "(a) ports;", "Lead: MOFCOM", "", "（", ":",
]


def _unfiltered_kind(s):
    """The rule of _note_kind without its cheap tests."""
    m = _NOTE.match(s)
    if m and _NOTE_INNER.search(m.group("inner")) or _BARE_NOTE.match(s):
        return "note"
    if _SCOPE.match(s):
        return "scope"
    return "announcement" if _ANNOUNCE.search(s) else "sentence"


def test_note_kind_skips_no_note_scope_or_announcement():
    assert [_note_kind(s) for s in SENTENCES] == [_unfiltered_kind(s) for s in SENTENCES]
    assert [_note_kind(s) for s in SENTENCES[:15]] == (
        ["note"] * 8 + ["scope"] * 3 + ["announcement"] * 4)
    assert [_note_kind(s) for s in SENTENCES[15:23]] == ["announcement"] + ["sentence"] * 7


def test_hints_are_in_every_note_scope_and_announcement():
    for s in SENTENCES:
        if _NOTE.match(s) or _NOTE_TAIL.search(s) or _BARE_NOTE.match(s) or _SCOPE.match(s):
            assert _NOTE_HINT.search(s) and _HINT.search(s), s
        if _ANNOUNCE.search(s):
            assert _ANNOUNCE_HINT.search(s) and _HINT.search(s), s
        if _NOTE_TAIL.search(s + "\n"):  # $ matches before a final line break
            assert "）" in (s + "\n")[-3:] or ")" in (s + "\n")[-3:], s


def test_a_paragraph_without_hints_keeps_its_sentences():
    raw = "支持外资银行。推动开放。现将有关事项通知如下：加强合作。（商务部负责）"
    plain = [(0, 7, "支持外资银行。"), (7, 12, "推动开放。")]
    spans, kinds = _sorted_out(raw, 0, 12, plain)
    assert spans is plain and kinds == ["sentence", "sentence"]
    english = "We open more ports. Two more soon."  # an o, no note and no announcement
    plain = _sentence_spans(english, 0, len(english))
    spans, kinds = _sorted_out(english, 0, len(english), plain)
    assert spans is plain and kinds == ["sentence", "sentence"]
    spans, kinds = _sorted_out(english + " As follows:", 0, len(english) + 12,
                               _sentence_spans(english + " As follows:", 0, len(english) + 12))
    assert kinds == ["sentence", "sentence", "announcement"]
    at = raw.index("现将")
    spans, kinds = _sorted_out(raw, at, len(raw), _sentence_spans(raw, at, len(raw)))
    assert [t for _, _, t in spans] == ["现将有关事项通知如下：加强合作。", "（商务部负责）"]
    assert kinds == ["sentence", "note"]
    spans, kinds = _sorted_out(raw, 0, at + 11, _sentence_spans(raw, 0, at + 11))
    assert kinds == ["sentence", "sentence", "announcement"]


def test_sentence_spans_read_only_their_part_of_the_text():
    raw = "1. He met Dr. Li in the U.S. today, e.g. at noon. Trade grew. it rose. We agree.and more"
    end = raw.index("and more")
    assert _sentence_spans(raw, 3, end) == [
        (3, 49, "He met Dr. Li in the U.S. today, e.g. at noon."),
        (50, 70, "Trade grew. it rose."),
        (71, 80, "We agree."),  # the part ends after the full stop: so does the sentence
    ]
    assert _sentence_spans(raw, 3, len(raw))[-1] == (71, 88, "We agree.and more")
    part = raw[3:end]
    assert _sentence_spans(raw, 3, end) == [(s + 3, e + 3, t)
                                            for s, e, t in _sentence_spans(part, 0, len(part))]
    assert _sentence_spans("  支持。 \n 探索！”  ", 0, 15) == [(2, 5, "支持。"), (8, 12, "探索！”")]


def test_units_at_most_is_the_count_of_units():
    texts = ["支持香港发展", "We will support trade " * 9, "，" * 70 + "支持", "、".join("支持" * 9),
             "Trade" + " " * 80 + "and ports", "支持" * 16, "支持" * 16 + "a", "支" * 33,
             "，".join("支" * 32) + "。"]
    for s in texts:
        for n in (3, 16, 20, 25):
            assert _units_at_most(s, n) == (_n_units(s) <= n), (s, n)
    assert [_units_at_most(s, 16) for s in texts] == [True, False, True, True, True, True, False,
                                                      False, True]


def test_paragraphs_end_at_dropped_lines():
    raw = "支持香港\n发展。\nI agree\n探索试点。"
    lines = {"start": np.array([0, 5, 9, 17]), "end": np.array([4, 8, 16, 22]),
             "keep": np.array([True, True, False, True])}
    assert _paragraphs(raw, lines) == ([(0, 8), (17, 22)], [None, None])
    lines["keep"] = np.array([True, False, True, True])
    assert _paragraphs(raw, lines) == ([(0, 4), (9, 22)], [None, None])


def test_pushed_keeps_the_path_when_an_article_follows_an_article():
    stack = [("zh-chapter", "第一章 总则", "第一章"), ("zh-article", None, "第一条")]
    assert _pushed(stack, ("zh-article", None, "第二条"), "第一章 总则") == "第一章 总则"
    assert stack == [("zh-chapter", "第一章 总则", "第一章"), ("zh-article", None, "第二条")]
    # a titled item of the same scheme, or a scheme above, makes the path again
    assert _pushed(stack, ("zh-article", "第三条 定义", "第三条"), "stale") == "第一章 总则 > 第三条 定义"
    assert _pushed(stack, ("zh-chapter", None, "第二章"), "stale") == ""
    assert stack == [("zh-chapter", None, "第二章")]


def _measure_columns_plainly(seg: dict) -> dict:
    """measure_columns as its docstring defines it, a measure at a time."""
    out = {c: [] for c in ("measure", "number", "title", "path", "start", "end", "scope")}
    for m in sorted({m for m in seg["measure"] if m >= 0}):
        mine = [i for i, x in enumerate(seg["measure"]) if x == m]
        first = mine[0]
        title = ""
        if seg["kind"][first] == "heading":
            title = _path_element(seg["text"][first])[len(seg["number"][first]):].strip()
        scopes = [_SCOPE.sub("", seg["text"][i]).strip().strip("（()）").rstrip("。.；;")
                  for i in mine if seg["kind"][i] == "scope"]
        out["measure"].append(m)
        out["number"].append(seg["number"][first])
        out["title"].append(title)
        out["path"].append(seg["path"][first])
        out["start"].append(min(seg["start"][i] for i in mine))
        out["end"].append(max(seg["end"][i] for i in mine))
        out["scope"].append("; ".join(s for s in scopes if s))
    return out


_ROW = st.tuples(st.integers(-1, 4), st.sampled_from(["heading", "sentence", "scope", "note"]),
                 st.sampled_from(["（一）扩大开放。", "Article 3 Scope", "适用范围：自贸区。",
                                  "（适用范围：全市）", "scope: the zone", "支持银行。", ""]),
                 st.sampled_from(["", "（一）", "Article 3"]), st.integers(0, 5), st.integers(0, 5))


@settings(max_examples=300, deadline=None)
@given(st.lists(_ROW, max_size=12), st.sampled_from([list, np.array, pd.Series]))
def test_measure_columns_equal_the_plain_definition(spec, form):
    """Measures in any order of rows (ids repeated, interleaved, -1 between), the columns given
    as lists, arrays or Series: the same columns as a measure-at-a-time reading."""
    seg = {c: [] for c in ("measure", "kind", "text", "number", "path", "start", "end")}
    at = 0
    for m, kind, text, number, gap, width in spec:
        for c, v in zip(seg, (m, kind, text, number, f"p{m}", at + gap, at + gap + width),
                        strict=True):
            seg[c].append(v)
        at += gap + width
    want = _measure_columns_plainly(seg)
    got = measure_columns({c: form(v) if form is not np.array or c in ("measure", "start", "end")
                           else np.array(v, dtype=object) for c, v in seg.items()})
    assert got == want


def _sentence_spans_plainly(text, start, end):
    """_sentence_spans as first written: each piece up to an end of a sentence, trimmed."""
    spans = []
    at = start
    for m in _SENT_END_PLAIN.finditer(text, start, end):
        stop = m.end()
        if text[m.start()] == "." and _runs_on_plainly(text, at, m.start(), stop, end):
            continue
        if stripped := text[at:stop].strip():
            lead = at + text[at:stop].index(stripped[0])
            spans.append((lead, lead + len(stripped), stripped))
        at = stop
    if at < end and (stripped := text[at:end].strip()):
        lead = at + text[at:end].index(stripped[0])
        spans.append((lead, lead + len(stripped), stripped))
    return spans


def _runs_on_plainly(text, start, dot, stop, end):
    before = text[max(start, dot - 24):dot].split()
    token = before[-1].lower().lstrip("(\"'“") if before else ""
    if token in _ABBREV or _INITIALS.fullmatch(token):
        return True
    nxt = text[stop:min(stop + 8, end)].lstrip()
    return bool(nxt) and nxt[0].islower()


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["We", " ", "  ", "\n", "\u3000", ".", "。", "!", "？", "”", ")",
                                 "Dr.", "U.S.", " e.g.", "no.", "(etc.", "a", "Li", "支持", "x.y"]),
                max_size=14), st.integers(0, 3), st.integers(0, 3))
def test_sentence_spans_equal_the_plain_rule(parts, lo, cut):
    raw = "".join(parts)
    end = max(lo, len(raw) - cut)
    assert _sentence_spans(raw, lo, end) == _sentence_spans_plainly(raw, lo, end), (raw, lo, end)


def _numbered_spans_plainly(text, lead, start, end):
    """The sentences of a numbered paragraph as first read: from after its number, the first
    one then made to start at the number (the number alone when nothing follows it)."""
    spans = _sentence_spans_plainly(text, start, end)
    if spans:
        spans[0] = (lead, spans[0][1], text[lead:spans[0][1]])
    else:
        body = text[lead:end].rstrip()
        spans = [(lead, lead + len(body), body)]
    return spans


def test_sentence_spans_from_a_number():
    raw = "（一）  扩大开放。支持银行。  \n"
    assert _sentence_spans(raw, 3, len(raw), 0) == [(0, 10, "（一）  扩大开放。"),
                                                    (10, 15, "支持银行。")]
    assert _sentence_spans("1.   \n", 2, 6, 0) == [(0, 2, "1.")]  # the number alone
    raw = "1. e.g. a Dr. Li. Then"  # the abbreviation is read after the number
    assert _sentence_spans(raw, 2, len(raw), 0) == [(0, 17, "1. e.g. a Dr. Li."),
                                                    (18, 22, "Then")]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["第三条", "1.", "（一）", "A.", " ", "\u3000", "\n", "。", "！”",
                                 ".", "Dr.", " e.g.", "a", "U.S.", "We", "支持", "？", "（"]),
                max_size=12),
       st.sampled_from(["第一条", "1.", "（二）", "II."]), st.integers(0, 3))
def test_sentence_spans_from_a_number_equal_the_plain_rule(parts, number, tail):
    raw = "x" * tail + number + "".join(parts)
    lead, start = tail, tail + len(number)
    for end in range(start + 1, len(raw) + 1):
        assert _sentence_spans(raw, start, end, lead) == _numbered_spans_plainly(
            raw, lead, start, end), (raw, end)


_SENT_END_PLAIN = re.compile(r"(?=[。！？.!?])(?:[。！？]+[\"'”’」』）)]*|[.!?]+[\"'”’)\]]*(?=\s|$))")


def test_sentence_ends_start_with_their_first_character():
    raw = "支持。”探索！！ It grew?! “No.” A.B. x!y"
    assert [m.group() for m in _SENT_END.finditer(raw)] == ["。”", "！！", "?!", ".”", "."]
    assert [m.span() for m in _SENT_END.finditer(raw, 0, len(raw) - 2)] == [
        m.span() for m in _SENT_END_PLAIN.finditer(raw, 0, len(raw) - 2)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("。！？.!?\"'”’」』）)] \n\u3000a支")), max_size=14),
       st.integers(0, 3), st.integers(0, 3))
def test_sentence_ends_equal_the_plain_pattern(chars, lo, cut):
    raw = "".join(chars)
    end = max(lo, len(raw) - cut)
    assert [m.span() for m in _SENT_END.finditer(raw, lo, end)] == [
        m.span() for m in _SENT_END_PLAIN.finditer(raw, lo, end)], (raw, lo, end)


def _paragraphs_plainly(text, lines):
    """_paragraphs as first written: every line read as pieces (two for an article run in
    after a chapter), a paragraph's marker found again once it is whole."""
    paras, marks, stale, open_ = [], [], object(), False
    kept = np.flatnonzero(np.asarray(lines["keep"], dtype=bool))
    after = -1
    for i, s, e in zip(kept.tolist(), np.asarray(lines["start"])[kept].tolist(),
                       np.asarray(lines["end"])[kept].tolist(), strict=True):
        if i != after:
            open_ = False
        after = i + 1
        if not text[s:e].strip():
            open_ = False
            continue
        pieces = [s]
        m = _MARKER.match(text, s, e)
        if m and m.lastgroup in ("zh_part", "zh_chapter", "zh_section"):
            split = _RUN_IN_ARTICLE.search(text, m.end(), e)
            if split:
                pieces.append(split.end())
        for k, a in enumerate(pieces):
            b = pieces[k + 1] if k + 1 < len(pieces) else e
            mark = _marker(text, a, b)
            new = not open_ or k > 0 or mark is not None or _INDENT.match(text, a, b)
            if new:
                paras.append([a, b])
                marks.append(mark)
            else:
                paras[-1][1] = b
                marks[-1] = stale
            open_ = not (new and mark is not None and _is_short_unpunctuated(text[a:b], 25))
    return [(a, b) for a, b in paras], [_marker(text, a, b) if mark is stale else mark
                                        for (a, b), mark in zip(paras, marks, strict=True)]


_LINES = ["第一章　总则　　第一条　为了保护。", "第二条 本法适用于", "全市。", "（一）支持", "  续写。",
          "", "   ", "\u3000缩进的段落。", "1. We open up.", "Part 2", "trade grows", "一、总体要求",
          "第三节 机构", "① 试点", "II. Scope", "(a) ports and", "more ports.", "1.2 标准"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_LINES), st.booleans()), max_size=10))
def test_paragraphs_equal_the_plain_reading(spec):
    raw = "\n".join(line for line, _ in spec)
    starts, at = [], 0
    for line, _ in spec:
        starts.append(at)
        at += len(line) + 1
    lines = {"start": np.array(starts, dtype=np.int64),
             "end": np.array([s + len(line) for s, (line, _) in zip(starts, spec, strict=True)],
                             dtype=np.int64),
             "keep": np.array([k for _, k in spec], dtype=bool)}
    assert _paragraphs(raw, lines) == _paragraphs_plainly(raw, lines)


_ANNOUNCE_HINT_PLAIN = re.compile(r"如下|印发|收悉|ollow", re.I)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["如", "下", "印", "发", "收", "悉", "o", "O", "llow", "LlOw", "l",
                                 "w", "K", "\u0130", "\u017f", " ", "\n"]), max_size=10))
def test_announce_hint_equals_the_plain_pattern(parts):
    raw = "".join(parts)
    got, want = _ANNOUNCE_HINT.search(raw), _ANNOUNCE_HINT_PLAIN.search(raw)
    assert (got and got.span()) == (want and want.span()), raw
    assert [m.span() for m in _ANNOUNCE_HINT.finditer(raw)] == [
        m.span() for m in _ANNOUNCE_HINT_PLAIN.finditer(raw)]


def test_announce_hint_finds_each_word():
    raw = "如 下如下印 发印发收悉 Follow FOLLOWS oLLoW"
    assert [m.group() for m in _ANNOUNCE_HINT.finditer(raw)] == [
        "如下", "印发", "收悉", "ollow", "OLLOW", "oLLoW"]
    assert not _ANNOUNCE_HINT.search("如llow 印下 收发 Allow")


def test_formal_columns_find_furniture_anywhere_in_a_line():
    raw = "国务院关于试点的通知\n一、支持试点。\n  分享 扫一扫在手机打开当前页 \n（此件公开发布）\n二、扩大开放。"
    cols, _ = formal_columns(raw, line_columns(raw))
    assert list(zip(cols["line"].tolist(), cols["reason"].tolist(), cols["text"].tolist(),
                    strict=True)) == [(0, "title", "国务院关于试点的通知"),
                                      (2, "furniture", "分享 扫一扫在手机打开当前页"),
                                      (3, "furniture", "（此件公开发布）")]
    cols, _ = formal_columns(raw.replace("扫一扫", "扫"), line_columns(raw.replace("扫一扫", "扫")))
    assert cols["line"].tolist() == [0, 3]
    raw = "扫一扫在手机打开当前页\n国务院关于试点的通知\n一、支持试点。"  # the title after it is the head's
    cols, meta = formal_columns(raw, line_columns(raw))
    assert cols["reason"].tolist() == ["furniture", "title"]
