import re
from itertools import accumulate

import ahocorasick
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zonekit.match import Matcher, build_automaton
from zonekit.segment import segment
from zonekit.tables import find_tasks
from zonekit.tasks import (
    _CUE_FINDER,
    _EN_CUES,
    _ZH_CLAUSE_VERBS,
    _ZH_CUES,
    _ZH_RULES,
    directive_cue,
    review_section,
)


@pytest.fixture(scope="module")
def matcher():
    return Matcher()


def found(matcher, raw):
    return [(raw[s:e], eid, kind, via) for s, e, eid, kind, via in matcher.find(raw)]


def test_case_insensitive_on_word_boundaries(matcher):
    raw = "HONG KONG, hong kong and Hongkongers; macaoese; Macao."
    assert [(s, e) for s, e, *_ in found(matcher, raw)] == [
        ("HONG KONG", "hong-kong"), ("hong kong", "hong-kong"), ("Macao", "macao")]


def test_acronyms_are_case_sensitive(matcher):
    raw = "Who asked who? The WHO and the BRI, not the bri or Hk."
    assert [(s, e) for s, e, *_ in found(matcher, raw)] == [("WHO", "who"), ("BRI", "belt-and-road")]


def test_phrases_broken_by_odd_spaces_and_line_breaks(matcher):
    raw = "the World\nHealth  Organization and Hong\u00a0Kong\r\nSAR and the single-window system"
    hits = {e: s for s, e, kind, via in found(matcher, raw) if kind != "sector"}
    assert hits == {"who": "World\nHealth  Organization", "hong-kong": "Hong\u00a0Kong\r\nSAR",
                    "single-window": "single-window system"}


def test_longest_match_within_a_kind_and_overlap_across_kinds(matcher):
    raw = "an online trading platform for traditional Chinese medicine"
    assert found(matcher, raw) == [
        ("online trading platform", "trading-platform", "instrument", "alias"),
        ("traditional Chinese medicine", "tcm", "sector", "alias")]


def test_plurals_and_chinese(matcher):
    raw = "joint laboratories and WHO collaborating centres; 支持澳门特别行政区和一带一路倡议。"
    assert [(s, e) for s, e, *_ in found(matcher, raw) if _[0] != "sector"] == [
        ("joint laboratories", "joint-laboratory"), ("WHO", "who"),
        ("collaborating centres", "collaborating-centre"), ("澳门特别行政区", "macao"),
        ("一带一路倡议", "belt-and-road")]


def test_chinese_needs_no_boundaries_but_latin_beside_chinese_matches(matcher):
    raw = "与Hong Kong合作"
    assert found(matcher, raw) == [("Hong Kong", "hong-kong", "partner", "alias")]


def test_offsets_equal_surface(matcher):
    raw = "Ｔｈｅ ＷＨＯ and Hong \t Kong"
    for s, e, *_ in matcher.find(raw):
        assert raw[s:e] in ("ＷＨＯ", "Hong \t Kong")


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Efforts must be made to support clinical trials.", ("binding", "must")),
        ("It is imperative to establish a green channel.", ("binding", "imperative")),
        ("The plan urged efforts to explore cooperation.", ("exploratory", "explore")),
        ("Funds will be allowed to move freely.", ("supportive", "will")),
        ("The plan called for reform.", ("supportive", "called for")),
        ("Banks are encouraged to lend.", ("supportive", "are encouraged")),
        ("必须加强合作。", ("binding", "必须")),
        ("探索数据跨境流动试点。", ("exploratory", "探索")),
        ("支持香港发展。", ("supportive", "支持")),
        ("Here are some of the main tasks of the plan.", None),
        ("The zone developed rapidly last year.", None),
        ("Who will benefit?", None),
        ("China's State Council has approved a plan to support Beijing.", None),
        ("国务院批复同意《工作方案》，支持北京发展。", None),
        ("We extend our heartfelt thanks to the friends who support our reform.", None),
        ("On behalf of the council, I thank all partners that supported the zone.", None),
        ("向支持特区建设的各界人士致以崇高的敬意！", None),
        ("We will extend support to small firms.", ("supportive", "will")),
        ("要表示支持，推动合作。", ("supportive", "要")),  # 表示 before 支持 is no thanks
        # a Chinese clause headed by an action verb is a directive; after its subject, a change
        ("提高扶贫标准，减少贫困人口。", ("supportive", "提高")),
        ("一是稳定粮食生产，二是提高农民收入。", ("supportive", "提高")),
        ("劳动力素质提高。", None),
        ("同时，要从这次自然灾害中认真总结经验教训。", ("supportive", "要")),
        ("政府立法工作要广泛听取意见。", ("supportive", "要")),
        ("这很重要，主要是需要时间。", None),
        ("按照上级的要求和要点。", ("binding", "要求")),
        ("We will adopt effective measures to reduce debts.", ("supportive", "will")),
        ("The State Council adopted measures to support firms.", None),
        ("中央和地方将增加财政投入。", ("supportive", "将")),
        ("将近一半的企业参与。", None),
        ("中央财政拟安排补贴资金。", ("supportive", "拟")),
        ("建设虚拟现实平台。", ("supportive", "建设")),
        # goals and implementing verbs are not obligations
        ("We will ensure the supply of grain.", ("supportive", "will")),
        ("确保粮食供给。", ("supportive", "确保")),
    ],
)
def test_directive_cues_and_modality(sentence, expected):
    assert directive_cue(sentence) == expected


# The document-wide cue finder must give directive_cue's answer for every sentence: words from
# every cue list, their passives and phrases, report frames, questions, the characters re.I folds
# differently from lower() (ı, ſ, K, İ), Traditional Chinese, and a word character just before
# a sentence.
_WORDS = sorted({w for k in _EN_CUES for w in _EN_CUES[k]} | {w for k in _ZH_CUES for w in _ZH_CUES[k]}
                | {"is supported", "are strongly encouraged", "This supported", "need\n to",
                   "the\u00a0need", "set  up", "carries out", "has approved a plan to", "印发方案",
                   "issued guidelines on", "express our thanks", "I thank", "表示感谢", "致以问候", "willing", "supportive", "developed", "ſupport", "ıs",
                   "İ", "K", "ΣΑΣ", "MUST", "Ensure", "Who", "banks", "the", "plan", "服务", "a_b"}
                | {w for k in _ZH_RULES for anchors, _ in _ZH_RULES[k] for w in anchors}
                | {"，", "一是", "将近", "模拟", "重要", "要求", "劳动力"}
                # Traditional (found as Simplified), and phrases OpenCC converts as a whole
                | {"推動", "試點", "應當", "與", "發佈方案", "批覆", "要緊", "將來", "擬"})


@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(
    [" ", " ", "", "\n", "\n\n", ". ", "。", "? ", "？", "!", " “x.” ", ".\u00a0", "  ", " fully ",
     " \n "])), max_size=40))
@settings(max_examples=300, deadline=None)
def test_document_cue_finder_agrees_with_directive_cue(parts):
    raw = "".join(w + sep for w, sep in parts)
    segs = segment(raw)
    sents = segs[segs["kind"] == "sentence"]
    texts = sents["text"].tolist()
    assert _CUE_FINDER.cues(texts) == [directive_cue(t) for t in texts]


def test_find_tasks_refuses_segments_out_of_order(matcher):
    raw = "We will support banks. We will support trade."
    segs = segment(raw).iloc[::-1]
    with pytest.raises(ValueError, match="text order"):
        find_tasks(segs, matcher.find(raw), "d", raw, matcher.codebook)


def test_a_country_describing_itself_names_no_partner():
    from zonekit import load_codebook
    from zonekit.match import Matcher
    m = Matcher(load_codebook())
    raw = ("China is still a developing country. We will deepen cooperation with other "
           "developing countries. 我国是最大的发展中国家。加强同发展中国家的团结合作。")
    found = [(raw[s:e], s) for s, e, eid, *_ in m.find(raw) if eid == "developing-countries"]
    assert found == [("developing countries", raw.index("developing countries")),
                     ("发展中国家", raw.index("同发展中国家") + 1)]


# Every Chinese clause-start verb has an example where it fires (at the head of a clause) and
# one where it does not (after its subject).
@pytest.mark.parametrize("verb", _ZH_CLAUSE_VERBS)
def test_every_clause_start_verb_fires_only_at_a_clause_start(verb):
    assert directive_cue(f"今年{verb}工作水平，{verb}相关能力。") == ("supportive", verb)
    assert directive_cue(f"一是{verb}工作水平。") == ("supportive", verb)
    assert directive_cue(f"这项工作{verb}了。") is None


def test_review_sections_make_tasks_only_with_a_modal_cue():
    assert review_section("一、过去五年工作回顾 > （二）大力推进改革开放")
    assert review_section("I. Review of the Work in 2008 > Education")
    assert not review_section("二、2008年主要任务") and not review_section("")
    assert not review_section("Reviewing the approval procedures")
    assert directive_cue("大力推进金融体制改革。") == ("supportive", "大力")
    assert directive_cue("大力推进金融体制改革。", review=True) is None
    assert directive_cue("We vigorously promoted reform.", review=True) is None
    assert directive_cue("第一，必须坚持解放思想。", review=True) == ("binding", "必须")
    assert directive_cue("同时，要加强和改善宏观调控。", review=True) == ("supportive", "要加强")
    assert directive_cue("We need to improve macro-control.", review=True) == ("supportive", "need to")


def test_a_plan_reviewing_work_done_has_tasks_only_in_its_plan_part(matcher):
    raw = ("一、2008年工作回顾\n\n我们大力推进改革开放。必须坚持改革开放。\n\n"
           "二、2009年主要任务\n\n大力推进改革开放。")
    tasks = find_tasks(segment(raw), matcher.find(raw), "d", raw, matcher.codebook)[0]
    assert tasks["text"].tolist() == ["必须坚持改革开放。", "大力推进改革开放。"]
    assert tasks["modality"].tolist() == ["binding", "supportive"]


def test_a_trade_in_is_no_trade_but_trade_in_a_place_is():
    from zonekit import load_codebook
    from zonekit.match import Matcher
    m = Matcher(load_codebook())
    raw = "We will support trade in Macao and get consumers to trade-in old cars."
    found = [(raw[s:e], s) for s, e, eid, *_ in m.find(raw) if eid == "trade"]
    assert found == [("trade", raw.index("trade in Macao"))]


@given(st.text(alphabet="abcd 香港澳xy\x00\x01\x02\ud800", max_size=30),
       st.sampled_from([[("ab", 1), ("b", 2), ("香港", 3), ("港", 4), ("a b", 5)],
                        [("\x00a", 1), ("a\x01", 2), ("港", 3)],
                        [("abcd", 1), ("bc", 2), ("cda", 3), ("港澳", 4), ("香港澳", 5)]]))
@settings(max_examples=300, deadline=None)
def test_prepared_text_has_the_matches_of_the_text(text, words):
    # build_automaton scans a text with a filler for each character in no match: the same
    # hits as an automaton of the same words on the text itself, even where the text holds the
    # filler (or the character of the key that makes it the root's first child), and where
    # characters of keys stand in other orders
    plain = ahocorasick.Automaton()
    for key, value in words:
        plain.add_word(key, value)
    plain.make_automaton()
    auto, prepare = build_automaton(words)
    prepared = prepare(text)
    assert len(prepared) == len(text)
    assert list(auto.iter(prepared)) == list(plain.iter(text))


def test_prepared_text_keeps_only_the_characters_that_may_match():
    auto, prepare = build_automaton([("香港", 1), ("ab", 2)])
    assert prepare("x香港\x00\x01\ud800ab") == "\x00香港\x00\x00\x00ab"
    # characters of keys, but in no pair that a key holds, and no key alone
    assert prepare("港香ba港a香") == "\x00" * 7
    auto, prepare = build_automaton([("香港", 1), ("港", 2), ("abc", 3)])
    assert prepare("港香bcab") == "港\x00bcab"
    auto, prepare = build_automaton([("\x00a", 1)])  # the filler is then \x01
    assert prepare("\x00a\x01\x02z") == "\x00a\x01\x01\x01"
    assert list(auto.iter(prepare("\x00a\x01\x02"))) == [(1, 1)]


@given(st.text(alphabet="abcd 香港澳xyzw\x00\x01\ud800", max_size=60),
       st.sampled_from([[("ab", 1), ("b", 2), ("香港", 3), ("港", 4), ("a b", 5)],
                        [("\x00a", 1), ("a\x01", 2), ("港", 3)],
                        [("abcd", 1), ("bc", 2), ("cda", 3), ("港澳", 4), ("香港澳", 5)]]),
       st.integers(1, 8))
@settings(max_examples=300, deadline=None)
def test_squeezed_scan_has_the_hits_of_the_plain_scan(text, words, chunk):
    # scan_ints scans each slice with its runs of fillers cut to one (when that cuts a
    # quarter) and moves the hits back: the hits of a plain automaton on the text, in order,
    # slices of a few characters too
    from unittest import mock

    from zonekit import match

    plain = ahocorasick.Automaton()
    for key, value in words:
        plain.add_word(key, value)
    plain.make_automaton()
    auto, prepare = build_automaton(words)
    max_len = max(len(k) for k, _ in words) + 1
    with mock.patch.object(match, "_SCAN_CHUNK", chunk):
        found = match.scan_ints(auto, text, max_len, prepare)
    assert found.tolist() == [[last, value] for last, value in plain.iter(text)]
    squeezed, where = prepare.squeezed(text)
    if where is not None:
        assert len(where) < len(text) and squeezed == "".join(prepare(text)[i] for i in where)


def test_squeezed_text_cuts_runs_of_fillers_to_one():
    auto, prepare = build_automaton([("香港", 1), ("ab", 2)])
    squeezed, where = prepare.squeezed("xyz香港,,,,ab.")
    assert squeezed == "\x00香港\x00ab\x00" and where.tolist() == [0, 3, 4, 5, 9, 10, 11]
    assert list(auto.iter(squeezed)) == [(2, 1), (5, 2)]
    assert prepare.squeezed("香港,ab") == ("香港\x00ab", None)  # not worth cutting


def _normalize_by_the_rule(text, lower=True):
    """normalize as its rule says: str.translate, str.lower (each character alone when the text
    holds İ), each run of spaces its first one; (text, breaks, shifts)."""
    from zonekit.normalize import _TO_SPACE

    text = text.translate(_TO_SPACE)
    if lower:
        text = "".join(c.lower() if len(c.lower()) == 1 else c for c in text) \
            if "\u0130" in text else text.lower()
    spans = [m.span() for m in re.finditer("  +", text)]
    shifts = tuple(accumulate(e - s - 1 for s, e in spans))
    breaks = tuple(e - shift for (_, e), shift in zip(spans, shifts, strict=True))
    return re.sub("  +", " ", text), breaks, shifts


@given(st.text(alphabet="aAzΣσΑΒİıſﬃÉ 香港澳門\n\t\u3000\u00a0\u200b\ufeff-－—Ａｚ⼈\uf900.'\ud800",
               max_size=40), st.booleans(), st.sampled_from([1 << 20, 3, 7]))
@settings(max_examples=500, deadline=None)
def test_normalize_maps_by_table_as_the_rule_says(text, lower, slice_size):
    # the table maps (and lower-cases) each character alone; final sigma (ΟΔΟΣ -> οδος) and
    # İ texts (each character alone) as str.lower does; runs of spaces across slice boundaries
    from zonekit import normalize as module

    old = module._SLICE
    module._SLICE = slice_size
    try:
        norm, omap = module.normalize(text, lower)
    finally:
        module._SLICE = old
    assert (norm, omap.breaks, omap.shifts) == _normalize_by_the_rule(text, lower)


def test_normalize_lowers_sigma_by_its_context_and_keeps_dotted_i():
    from zonekit.normalize import normalize

    assert normalize("ΟΔΟΣ  ΟΔΟΣΑ")[0] == "οδος οδοσα"
    assert normalize("İΣ ΟΔΟΣ")[0] == "İσ οδοσ"  # with İ each character alone
    norm, omap = normalize("ＷＨＯ\u3000\u3000⼈ſı", lower=False)
    assert (norm, omap.breaks, omap.shifts) == ("WHO 人ſı", (4,), (1,))


@given(st.lists(st.tuples(st.integers(0, 12), st.integers(1, 5)), max_size=30))
@settings(max_examples=500, deadline=None)
def test_leftmost_longest_keeps_what_the_rule_keeps(spans):
    # the rule, one hit at a time: keep a hit that starts at or after the end of the last kept
    # one, or has its span (hits sorted by start, longest first)
    import numpy as np

    from zonekit.match import _leftmost_longest

    spans = sorted(((s, s + n) for s, n in spans), key=lambda h: (h[0], h[0] - h[1]))
    want, reach, last = [], -1, None
    for s, e in spans:
        want.append(s >= reach or (s, e) == last)
        if want[-1]:
            reach, last = e, (s, e)
    starts = np.array([s for s, _ in spans], dtype=np.int64)
    ends = np.array([e for _, e in spans], dtype=np.int64)
    assert _leftmost_longest(starts, ends).tolist() == want


_KEPT_MATCHER: list = []


@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 11)), max_size=40),
       st.lists(st.tuples(st.integers(0, 3), st.integers(0, 30), st.integers(1, 12)),
                max_size=4))
@settings(max_examples=300, deadline=None)
def test_hits_kept_by_kind_at_once_are_those_the_rule_keeps_kind_by_kind(hits, phrases):
    # Matcher._kept takes all kinds at once; the rule, kind by kind: drop a hit inside a
    # context phrase of its entity, keep leftmost-longest (sorted by start, longest first,
    # then pattern number), then all kept sorted by start, kind, pattern number
    import numpy as np

    if not _KEPT_MATCHER:
        _KEPT_MATCHER.append(Matcher())
    m = _KEPT_MATCHER[0]
    # twelve patterns of several kinds and lengths, some of one entity
    by_kind: dict = {}
    for i, p in enumerate(m._patterns):
        by_kind.setdefault(p.kind, []).append(i)
    pool = [n for numbers in by_kind.values() for n in (numbers[:2] + numbers[-1:])][:12]
    length = m._length_array
    hits = [(s, pool[k % len(pool)]) for s, k in hits]
    entities = sorted({m._patterns[n].entity_id for _, n in hits}) or [m._patterns[0].entity_id]
    blocked: dict = {}
    for e, a, n in phrases:
        blocked.setdefault(entities[e % len(entities)], []).append((a, a + n))
    span = max([s + length[n] for s, n in hits], default=0) + 1
    start = np.array([s for s, _ in hits], dtype=np.int64)
    number = np.array([n for _, n in hits], dtype=np.int64)
    got = m._kept(start, number, span, blocked)
    want = []
    for r in range(len(m._rank)):
        mine = sorted(((s, n) for s, n in hits if m._pattern_rank[n] == r),
                      key=lambda h: (h[0], -length[h[1]], h[1]))
        mine = [(s, n) for s, n in mine if not any(
            a <= s and s + length[n] <= b for a, b in blocked.get(m._patterns[n].entity_id, ()))]
        reach, last = -1, None
        for s, n in mine:
            if s >= reach or (s, s + length[n]) == last:
                reach, last = s + length[n], (s, s + length[n])
                want.append((s, r, n))
    want.sort()
    assert list(zip(got[0].tolist(), got[1].tolist(), strict=True)) == [(s, n) for s, _, n in want]


def test_a_hit_inside_a_longer_hit_of_another_entity_is_dropped_unless_that_one_is(matcher):
    # y inside x is dropped; x inside that y is kept (the y is dropped, the outer x is its own
    # entity); y inside a longer y is kept; hits too far apart are not nested
    import numpy as np

    plain = [i for i, p in enumerate(matcher._patterns)
             if p.entity_id not in matcher._keep_nested
             and not any(p.entity_id in k for k in matcher._keep_nested.values())]
    x = plain[0]
    y = next(i for i in plain if matcher._patterns[i].entity_id != matcher._patterns[x].entity_id)
    starts = np.array([0, 2, 3, 20, 21, 22, 40], dtype=np.int64)
    ends = np.array([10, 8, 5, 30, 25, 24, 41], dtype=np.int64)
    numbers = np.array([x, y, x, y, y, x, y], dtype=np.int64)
    assert matcher._not_nested(starts, ends, numbers).tolist() == [
        True, False, True, True, True, False, True]
    assert matcher._not_nested(starts[3:5], ends[3:5], numbers[3:5]) is None


@given(st.text(alphabet="ab \n\t\u3000\u00a0-", max_size=30), st.lists(st.integers(0, 40)))
def test_positions_go_back_to_raw_offsets_as_the_offset_map_says(text, positions):
    import numpy as np

    from zonekit.match import _to_raw
    from zonekit.normalize import normalize

    norm, omap = normalize(text)
    at = np.array(positions, dtype=np.int64)
    assert _to_raw(omap, at).tolist() == [omap.to_raw(p) for p in positions]


def test_acronyms_after_shortened_white_space_are_checked_as_written(matcher):
    raw = "the \u3000 WHO,\n\n\nWho  who   ＷＨＯ\t\tWHOs  WHO"
    assert [(raw[s:e], eid) for s, e, eid, *_ in matcher.find(raw) if eid == "who"] == [
        ("WHO", "who"), ("ＷＨＯ", "who"), ("WHO", "who")]


def test_a_hit_inside_a_context_phrase_of_its_entity_is_not_coded(matcher):
    # context phrases by the entity they stop: only a phrase of the hit's own entity that holds
    # all of it stops it
    import numpy as np

    starts, ends = np.array([0, 5, 9, 20, 30]), np.array([5, 9, 12, 25, 31])
    mine = matcher._patterns[0].entity_id
    number = next(i for i, p in enumerate(matcher._patterns) if p.entity_id != mine)
    numbers = np.array([0, 0, 0, 0, number])
    other = matcher._patterns[number].entity_id
    free = matcher._not_blocked(starts, ends, numbers, {mine: [(8, 10), (0, 3), (2, 12), (19, 30)],
                                                        other: [(0, 29)]})
    assert free.tolist() == [True, False, False, False, True]


def test_word_boundaries_and_capitals_are_checked_on_the_hits_that_need_them(matcher):
    # full-width capitals are the acronym; "who", "Who" and "xWHO" are not; a word character
    # just before or after (ı, a digit) is no boundary; Chinese names need none
    raw = ("ＷＨＯ and the WHO\nwho Who; xWHO, WHOs; Hong\u3000Kong-based HK; Macaoı; 1Macao; "
           "港澳與世界衛生組織")
    assert [(raw[s:e], eid) for s, e, eid, *_ in matcher.find(raw)] == [
        ("ＷＨＯ", "who"), ("WHO", "who"), ("Hong\u3000Kong", "hong-kong"), ("HK", "hong-kong"),
        ("港澳", "hong-kong"), ("港澳", "macao"), ("世界衛生組織", "who")]


def test_tasks_take_sectors_of_the_headings_before_them_and_agencies_of_their_notes(matcher):
    # a task naming no sector takes its heading's, as the headings before it stand (a heading
    # written again later is the one its later tasks take), then its measure's agencies
    from zonekit.tasks import task_columns

    raw = ("一、金融开放\n\n（一）支持外资银行。推动海关监管改革。（商务部、海关总署负责）\n\n"
           "二、医疗卫生\n\n支持港澳医疗机构发展。加强合作。\n\n一、金融开放\n\n推进改革。")
    tasks, mentions, _ = task_columns(segment(raw), matcher.hits(raw), raw, matcher.codebook)
    assert tasks["sectors"] == [["trade"], ["health"], ["health"], ["finance"]]
    assert tasks["agencies"] == [["mofcom", "gac"], [], [], []]
    assert list(zip(mentions["task"].tolist(), mentions["entity_id"].tolist(),
                    mentions["via"].tolist(), mentions["role"], strict=True)) == [
        (0, "trade", "cue", ""), (0, "mofcom", "note", "lead"), (0, "gac", "note", "support"),
        (1, "hong-kong", "alias", ""), (1, "macao", "alias", ""), (1, "health", "alias", ""),
        (2, "health", "section", ""), (3, "finance", "section", "")]
    assert mentions["start"].tolist()[-1] == raw.rindex("金融")
