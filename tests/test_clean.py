from hypothesis import given
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
