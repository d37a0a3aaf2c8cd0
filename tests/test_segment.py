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
