import re

from hypothesis import given, settings
from hypothesis import strategies as st

from zonekit.clean import classify_lines, find_lines
from zonekit.normalize import normalize

PAGE = """\
Our Privacy Notice and Cookies
By continuing to use this site you accept our use of cookies.
Accept
Print

A Plan for Open Services
XINHUA
By Zhang Wei
23-Nov-2023 10:00

The plan will support trade in services.
Workers at a port in Tianjin, China, June 3, 2023. / CFP
A market stall in the old town during the festival on a sunny day in spring
The city will promote pilots.
A market stall in the old town during the festival on a sunny day in spring
支持香港发展。（新华社记者 李明 摄）
图/新华社

Related articles
New rules for banks
Ports grow fast
"""


def reasons(text):
    lines = classify_lines(text)
    return {t: r for t, r, k in zip(lines["text"], lines["reason"], lines["keep"], strict=True)
            if not k and t.strip()}


def test_each_kind_of_boilerplate_is_dropped():
    r = reasons(PAGE)
    assert r["Our Privacy Notice and Cookies"] == "banner"
    assert r["By continuing to use this site you accept our use of cookies."] == "banner"
    assert r["Accept"] == "button" and r["Print"] == "button"
    assert r["XINHUA"] == "byline" and r["By Zhang Wei"] == "byline"
    assert r["23-Nov-2023 10:00"] == "dateline"
    assert r["Workers at a port in Tianjin, China, June 3, 2023. / CFP"] == "caption"
    assert r["A market stall in the old town during the festival on a sunny day in spring"] == (
        "repeated")
    assert r["支持香港发展。（新华社记者 李明 摄）"] == "caption"
    assert r["图/新华社"] == "caption"
    assert r["Related articles"] == "widget"
    assert r["New rules for banks"] == "widget" and r["Ports grow fast"] == "widget"


def test_plan_text_is_kept():
    lines = classify_lines(PAGE)
    kept = lines.loc[lines["keep"], "text"].tolist()
    assert kept == ["A Plan for Open Services", "The plan will support trade in services.",
                    "The city will promote pilots."]


def test_privacy_in_a_plan_sentence_is_not_a_banner():
    text = "The plan will improve data protection rules and personal privacy policy enforcement " \
           "across all cross-border data transfers in the zone."
    assert classify_lines(text)["keep"].tolist() == [True]


def test_line_offsets_are_raw():
    raw = "a\r\nbb\n\nccc\u2028d"
    lines = find_lines(raw)
    for s, e, t in zip(lines["start"], lines["end"], lines["text"], strict=True):
        assert raw[s:e] == t
    assert lines["text"].tolist() == ["a", "bb", "", "ccc", "d"]


def test_normalize_folds_spaces_dashes_and_width():
    norm, omap = normalize("Hong\u00a0\u00a0Kong\r\n—ＳＡＲ")
    assert norm == "hong kong sar"
    assert omap.to_raw(norm.index("sar")) == len("Hong\u00a0\u00a0Kong\r\n—")


@given(st.text(alphabet=st.sampled_from(list("ab Z\u00a0\n\r\t-—\u3000香İ")), max_size=60))
def test_normalize_maps_back_to_raw(raw):
    norm, omap = normalize(raw, lower=False)
    # every non-space character maps back to the same character (modulo width/dash folding)
    for i, c in enumerate(norm):
        if c != " ":
            assert raw[omap.to_raw(i)] == c


def test_banner_and_caption_lines_found_with_or_without_the_word_prefilter():
    # ı, ſ and İ fold differently under re.I, so a text holding one runs every pattern on every
    # line; both paths must drop the same lines for the same reasons
    plain = classify_lines(PAGE)[["start", "end", "keep", "reason"]]
    assert plain["reason"].tolist().count("banner") == 2
    assert plain["reason"].tolist().count("caption") == 3
    for odd in ("\u0131", "\u017f", "\u0130"):
        lines = classify_lines(PAGE + odd)[["start", "end", "keep", "reason"]]
        assert lines.iloc[: len(plain)].equals(plain), odd  # the odd letter is a line of its own


def test_lowering_a_long_text_a_slice_at_a_time_is_str_lower():
    from zonekit.normalize import _LOWER_CHUNK, lower_text

    # Chinese without spaces (slices must end at a Chinese character), final and inner sigma
    # on both sides of a slice boundary, İ (two characters in lower case), line breaks
    body = "支持香港发展" * (_LOWER_CHUNK // 6) + "ΟΔΟΣ ΟΔΟΣΑ\nİSTANBUL ÉTÉ" * 5000
    text = "Ä" + body + "ΑΣ" + body
    assert len(text) > 3 * _LOWER_CHUNK
    assert lower_text(text) == text.lower()


# ----------------------------------------------------------------------------------------------
# The whole-text passes of line_columns drop exactly what the rules say, line by line

ODD_LINES = [
    "I\u00a0agree", "  Accept\u3000All  ", "- Share -", "»\tRelated  stories", "ACCEPT COOKIES",
    "X", "XINHUA", "  CGTN  ", "\u212aXINHUA", "By Zhang\u00a0Wei", "ZDF", ": 2020-01-01", "：2020年1月1日", "  发布时间：2020年1月1日 10:00",
    "Nov 19, 2020", "１２-3-2020", "作者：李明", "记者 王强", "中国新闻网", "新华社", "Photo: Xinhua",
    "We use cookies. Click I agree to accept.", "Workers at a port. / CFP", "支持发展。（李明 摄）",
    "The plan will support trade with Hong Kong and Macao in every way we can think of now.",
    "the plan will support trade with hong kong and macao in every way we can think of now.",
    "The plan  will support trade with Hong Kong and Macao in every way we can think of now. ",
    "第一条 为了规范管理，制定本办法。", "1. Support the port.", "...", "", "   ", "\u3000",
    "Trade plan out - Daily News Home News Business World Sports Video &gt;&gt; Trade plan out",
    "var x = 1; obj.call(a); Related reading City opens port", "Title\u3000-\u3000Site News",
    "(Web editor: Li) The city opens.", "Search Trends", "New rules for banks", "Ports grow fast.",
]
# ı, ſ and İ fold oddly under re.I: a text holding one looks at every line
FOLD_LINES = ["\u017fource: Xinhua", "Edıtor: Li", "\u0130ZMIR NEWS", "Our prıvacy notice",
              "A ſhip. / CFP"]
BREAKS = ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


def _plain_key(line):
    s = " ".join(line.replace("\u00a0", " ").replace("\u3000", " ").split()).lower()
    return s.strip(" .:：!！?？>»›|·-–—")


def plain_classify(text, min_repeat_chars=40):
    """classify_lines as its rules read: each rule tried on each line."""
    from zonekit.clean import _CLOSING, _could_hold_spans, _line_reason, _short, inline_spans

    lines = find_lines(text)
    texts = lines["text"].tolist()
    blank = [not t.strip() for t in texts]
    keys = ["" if b else _plain_key(t) for t, b in zip(texts, blank, strict=True)]
    reasons = [None if b else _line_reason(t, k) for t, b, k in zip(texts, blank, keys, strict=True)]
    counts: dict = {}
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
            if t.rstrip().endswith(tuple(_CLOSING)) and not _short(t, 7):
                in_widget = False
            elif reasons[i] is None:
                reasons[i] = "widget"
    rows = []
    for no, start, end, t, b, r in zip(range(len(texts)), lines["start"], lines["end"], texts,
                                      blank, reasons, strict=True):
        spans = inline_spans(t, start) if not b and r is None and _could_hold_spans(t) else []
        if not spans:
            rows.append((no, start, end, t, b, not b and r is None, r or ""))
            continue
        at = start
        for s, e, why in [*spans, (end, end, None)]:
            if s > at:
                piece = text[at:s]
                rows.append((no, at, s, piece, not piece.strip(), bool(piece.strip()), ""))
            if e > s:
                rows.append((no, s, e, text[s:e], False, False, why))
            at = max(at, e)
    return rows


def rows_of(text, **kw):
    lines = classify_lines(text, **kw)
    return list(zip(*(lines[c].tolist() for c in ("line_no", "start", "end", "text", "blank",
                                                   "keep", "reason")), strict=True))


def test_lines_are_dropped_as_the_rules_say_line_by_line():
    text = "\n".join(ODD_LINES + [PAGE] + ODD_LINES[::-1])
    rows = rows_of(text)
    assert rows == plain_classify(text)
    reasons: dict = {}
    for r in rows:
        reasons.setdefault(r[3], r[6])
    # what the key of a dropped line starts with: a dateline after a colon, a digit, a name
    assert reasons[": 2020-01-01"] == reasons["：2020年1月1日"] == "dateline"
    assert reasons["１２-3-2020"] == reasons["  发布时间：2020年1月1日 10:00"] == "dateline"
    assert reasons["- Share -"] == reasons["I\u00a0agree"] == "button"
    assert reasons["中国新闻网"] == reasons["  CGTN  "] == reasons["ZDF"] == "byline"
    assert reasons["The plan  will support trade with Hong Kong and Macao in every way we can "
                   "think of now. "] == "repeated"
    assert reasons["第一条 为了规范管理，制定本办法。"] == reasons["1. Support the port."] == ""
    for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        assert rows_of(f"{c}XZ")[0][6] == "byline"


def test_odd_line_breaks_and_case_folds_keep_the_rules():
    for brk in BREAKS:
        for odd in ("", "\u212a", *FOLD_LINES):
            text = brk.join([*ODD_LINES, odd])
            assert rows_of(text) == plain_classify(text), (brk, odd)
    reasons = {r[3]: r[6] for r in rows_of("\n".join(FOLD_LINES))}
    assert reasons["\u017fource: Xinhua"] == reasons["Edıtor: Li"] == "byline"
    assert reasons["Our prıvacy notice"] == "banner" and reasons["A ſhip. / CFP"] == "caption"


@given(st.lists(st.sampled_from(ODD_LINES + FOLD_LINES), max_size=12),
       st.lists(st.sampled_from(BREAKS), min_size=12, max_size=12), st.integers(0, 60))
def test_any_mix_of_lines_is_dropped_as_the_rules_say(lines, breaks, min_repeat):
    text = "".join(line + brk for line, brk in zip(lines, breaks, strict=False))
    assert rows_of(text, min_repeat_chars=min_repeat) == plain_classify(text, min_repeat)


def test_a_printable_line_has_no_white_space_but_the_space():
    # the premise of the quick path of _key
    import sys

    assert not any(chr(c).isspace() and chr(c).isprintable() and chr(c) != " "
                   for c in range(sys.maxunicode + 1))


def test_key_folds_white_space_case_and_end_punctuation():
    from zonekit.clean import _key

    for line in ODD_LINES + ["a\x1fb", " a  b ", "\u200ba b", "ΟΔΟΣ ΟΔΟΣ", "x\u00a0 \u3000y."]:
        assert _key(line) == _plain_key(line), repr(line)
    assert _key("  Accept\u3000All  ") == "accept all"
    assert _key("»\tRelated  stories") == "related stories"


HINTED = {  # a line holding one hint of inline_spans alone, and what it then drops
    "obj.f(a) ;": "script", "obj.f(a)\u3000;": "script", "var x = 1\t;": "script",
    "City news 10:44, November 19, 2020 The city opens.": "dateline",
    "City news １０:４４, November 19, 2020 The city opens.": "dateline",
    "（ 编辑：李） 城市开放。": "editor", "(\u3000Web editor: Li)": "editor",
    "Please enable JavaScript now.": "widget", "城市开放。【1】 【2】": "widget",
    "The city opens. Related reading: a port": "widget", "城市开放。推荐阅读 港口": "widget",
    "城市开放。相关报道 港口": "widget", "城市开放。相关新闻 港口": "widget", "城市开放。热门推荐 港口": "widget",
    **{f"Trade plan out{a}{d}{b}Daily Home Trade plan out": "title"
       for d in "-|\u2013\u2014" for a, b in ((" ", " "), ("\u3000", "\t"), ("\t", "\u2003"))},
}


def test_a_line_holding_a_hint_is_searched_for_spans():
    for line, reason in HINTED.items():
        for text in (line, f"支持。\n{line}\r\n发展。", f"{line}\x85:12 ab"):
            rows = rows_of(text)
            assert rows == plain_classify(text), repr(text)
            assert reason in {r[6] for r in rows} <= {"", reason}, repr(text)


HINT_TOKENS = ["var", "various", "let", "letter", "const", "construction", "function", "Home",
               "News", "World", "aBc", "McDonald’s", "U.S.", "&", "x", "1", "10:44", "day,",
               "(", "（", "editor", "Web", ")", ";", "Related", "Most", "Read", "相关阅读", "推荐",
               "新闻", "-", "|", "—", "–", "【1", "[2", "JavaScript", "Share on", "_x", "é", "É"]


@given(st.lists(st.tuples(st.sampled_from(HINT_TOKENS), st.sampled_from(
    [" ", "\t", "\u3000", "\n", "", "  ", "\u00a0", "\x85", "\r\n", "\x1f", " \t"])), max_size=40))
def test_hint_scans_find_every_place_a_hint_starts(tokens):
    # _hint_starts gives every place where a hint of _SPAN_HINTS starts, with its number
    from zonekit.clean import _HINT_PARTS, _hint_starts

    text = "".join(t + sep for t, sep in tokens)
    at, of = _hint_starts(text, text.encode("ascii", "ignore"))
    found = set(zip(at.tolist(), of.tolist(), strict=True))
    assert {(i, k) for i in range(len(text)) for k, p in enumerate(_HINT_PARTS)
            if p.match(text, i)} <= found
    assert at.tolist() == sorted(at.tolist())


CAPS_TOKENS = ["Home", "A", "McDonald’s", "U.S.", "Xé", "X\u0301", "X٣", "X-", "X香", "X_"]
OTHER_TOKENS = ["aB", "&", "x", "1", "_X", "Éx", "É", "-X", ".", "(X", "X)", "香港", "\ud800", "Σ"]


@given(st.lists(st.tuples(
    st.one_of(st.sampled_from(CAPS_TOKENS), st.sampled_from(CAPS_TOKENS),
              st.sampled_from(OTHER_TOKENS)),
    st.one_of(st.just(" "), st.sampled_from(
        ["\t", "\u3000", "\n", "", "  ", "\u00a0", " \t", "\t ", ","]))), max_size=40))
@settings(max_examples=300, deadline=None)
def test_caps_scan_without_backtracking_matches_where_its_pattern_does(tokens):
    from zonekit.clean import _CAPS, _CAPS_SCAN

    plain = re.compile(rf"{_CAPS}(?:{_CAPS}){{3}}")
    text = "".join(t + sep for t, sep in tokens)
    assert [i for i in range(len(text)) if _CAPS_SCAN.match(text, i)] == [
        i for i in range(len(text)) if plain.match(text, i)]


@given(st.one_of(st.just(""), st.sampled_from([
           "By", "Written by", "Reported by", "Source", "Reporter", "EDITOR", "Author", "Updated",
           "Posted", "published", "Last updated", ":", "-", "»", "发布时间", "更新时间", "作者", "来源",
           "责任编辑", "记者", "发展", "The", "AB", "10:44", "2020-01-01"])),
       st.one_of(st.just(""), st.sampled_from([" ", ": ", "：", "\t", "  ", "\u3000", " - "])),
       st.sampled_from(["Nov", "Nov.", "November", "\u212aov", "Septembers", "AB", "A-B", "A&B.",
                        "ZDF-", "Xinhua", "Reuters", "新华社", "10:44", "19", "2020-01-01", "plan",
                        "X", "2020年1月1日", "李明", "编辑", "More", "Related stories"]),
       st.one_of(st.just(""), st.sampled_from([" 19, 2020", " 19 2020", " １９, 2020", ", 10:44",
                                               " GMT+8", "-", "."])))
@settings(max_examples=500, deadline=None)
def test_a_line_the_rules_drop_is_looked_at(a, sep, b, c):
    # _line_reasons looks at a line (but for the banner and caption words) only if _may_drop
    # says so of its key: every line that the name, byline, dateline and all-caps rules drop
    from zonekit.clean import _key, _line_reason, _may_drop

    line = f" {a}{sep}{b}{c} "
    key = _key(line)
    if key and _line_reason(line, key, False, False):
        assert _may_drop(key), (line, key)


def test_a_hint_across_a_line_break_is_no_hint():
    for text in ("obj.f(a)\n;", "City news 10\r:44, November 19, 2020", "Trade plan out\u2028- Daily",
                 "城市开放。推荐\n阅读 港口"):
        assert set(rows_of(text)) == {r for r in rows_of(text) if r[6] == ""}
        assert rows_of(text) == plain_classify(text)


def test_banner_and_caption_words_found_without_lower_casing_a_text_that_lacks_them():
    import sys

    from zonekit.clean import _BANNER_WORDS, _CAPTION_WORDS

    # the premises: only İ and the Kelvin sign lower-case to an ASCII letter, and no other
    # character lower-cases to a character of a word without case
    chars = map(chr, range(sys.maxunicode + 1))
    assert {c for c in chars if not c.isascii() and any(x.isascii() for x in c.lower())} == {
        "\u0130", "\u212a"}
    caseless = {c for w in (*_BANNER_WORDS, *_CAPTION_WORDS) if w == w.upper() for c in w}
    assert not any(c not in caseless and set(c.lower()) & caseless
                   for c in map(chr, range(sys.maxunicode + 1)))
    text = "支持。\nWe use coo\u212aies here.\n隐私政策\n发展。\n图/新华社\n图"
    assert [r[6] for r in rows_of(text)] == ["", "banner", "banner", "", "caption", ""]
    assert rows_of(text) == plain_classify(text)
    assert [r[6] for r in rows_of(text.replace("\u212a", "K"))][:3] == ["", "banner", "banner"]


MENU_TOKENS = ["Home", "News", "World", "Sports", "&gt;", "&gt;&gt;", "&amp;", ">>", "»", "|",
               "McDonald's", "U.S.", "the", "x", "Related", "stories", "We", "Recommended", "for",
               "you", "Recommend", "Most", "Read", "相关阅读", "推荐阅读", "相关新闻", "热点推荐", "Editor's", "Picks",
               "-Most", "Popular", "on", "1"]


@given(st.lists(st.tuples(st.sampled_from(MENU_TOKENS), st.sampled_from([" ", "\t", "  ", "\u00a0",
                                                                          "", " \t"])),
                max_size=30))
def test_menus_and_tail_headings_are_found_as_their_patterns_find_them(tokens):
    from zonekit.clean import _MENU_HINT, _MENU_RUN, _TAIL, _TAIL_START, _matches

    line = "".join(t + sep for t, sep in tokens)
    for pattern, starts in ((_MENU_RUN, _MENU_HINT), (_TAIL, _TAIL_START)):
        assert [m.span() for m in _matches(pattern, line, starts)] == [
            m.span() for m in pattern.finditer(line)]


def test_menus_and_tail_headings_overlapping_their_starts():
    from zonekit.clean import _MENU_HINT, _MENU_RUN, _TAIL, _TAIL_START, _matches

    line = ("We Recommended for you Home News World Sports Video Home News | » x-Most Read "
            "Most Read Related Related stories Editors Picks Editor's Picks 推荐阅读 相关新闻 "
            "x Home News World Sports Video &gt; x")
    assert [m.group() for m in _matches(_TAIL, line, _TAIL_START)] == [
        "Recommended for you", "Most Read", "Related stories", "Editors Picks", "Editor's Picks",
        "推荐阅读", "相关新闻"]
    assert [m.span() for m in _matches(_TAIL, line, _TAIL_START)] == [
        m.span() for m in _TAIL.finditer(line)]
    assert [m.group() for m in _matches(_MENU_RUN, line, _MENU_HINT)] == [
        "Home News World Sports Video Home News | »", "Most Read Most Read Related Related",
        "Home News World Sports Video &gt;"]
    assert [m.span() for m in _matches(_MENU_RUN, line, _MENU_HINT)] == [
        m.span() for m in _MENU_RUN.finditer(line)]
