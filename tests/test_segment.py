from zonekit.segment import segment


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
