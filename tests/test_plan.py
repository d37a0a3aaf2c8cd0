"""The whole pipeline: the seed against the hand coding, texts we wrote, and offset properties."""

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zonekit
from zonekit import Source, load_plan
from zonekit.codebook import KINDS
from zonekit.schema import ENTITY_COLUMNS, MENTION_COLUMNS, TASK_COLUMNS, list_column

DATA = Path(__file__).parent / "data"


def test_tables_follow_the_data_contract(seed_plan):
    assert seed_plan.tasks.columns.tolist() == TASK_COLUMNS
    assert seed_plan.mentions.columns.tolist() == MENTION_COLUMNS
    assert seed_plan.entities.columns.tolist() == ENTITY_COLUMNS
    assert {"task_id", "doc_id", "section", "text", "start", "end", "modality", "sectors",
            "partners", "instruments"} <= set(seed_plan.tasks.columns)
    assert seed_plan.tasks["task_id"].is_unique and seed_plan.mentions["mention_id"].is_unique


def test_provenance_of_every_row(seed_plan, seed_raw):
    for row in seed_plan.mentions.itertuples():
        assert seed_raw[row.start:row.end] == row.surface
    for row in seed_plan.tasks.itertuples():
        assert seed_raw[row.start:row.end] == row.text
    for row in seed_plan.boilerplate.itertuples():
        assert seed_raw[row.start:row.end] == row.text


def test_mentions_agree_with_task_lists(seed_plan):
    by_task = seed_plan.mentions.groupby(["task_id", "kind"])["entity_id"].apply(set)
    for row in seed_plan.tasks.itertuples():
        for kind in KINDS:
            coded = set(getattr(row, list_column(kind)))
            assert coded == by_task.get((row.task_id, kind), set())


def _prf(pairs_auto, pairs_gold):
    tp = len(pairs_auto & pairs_gold)
    p = tp / len(pairs_auto) if pairs_auto else 1.0
    r = tp / len(pairs_gold) if pairs_gold else 1.0
    return p, r


def test_seed_against_hand_coding(seed_plan, seed_raw, hand_coding):
    tasks = seed_plan.tasks
    auto_by_text = {t.text: t for t in tasks.itertuples()}
    gold_texts = [g["text"] for g in hand_coding]
    for text in gold_texts:
        assert seed_raw.count(text) == 1, f"hand coding sentence not in the raw text: {text}"
    # every task sentence found, with its section
    missing = [t for t in gold_texts if t not in auto_by_text]
    assert not missing
    for g in hand_coding:
        assert auto_by_text[g["text"]].section == g["section"]
    # partners exact
    for g in hand_coding:
        assert sorted(auto_by_text[g["text"]].partners) == sorted(g["partners"]), g["text"][:60]
    # precision and recall per kind at the task x entity level
    lines = [f"tasks: precision {len(gold_texts) / len(tasks):.2f}, recall "
             f"{len(set(gold_texts) & set(auto_by_text)) / len(gold_texts):.2f}"]
    scores = {}
    for kind in (*(k for k in KINDS if k != "agency"), "modality"):  # the sheet codes no agencies
        col = list_column(kind) if kind != "modality" else kind
        gold = {(g["text"], e) for g in hand_coding for e in
                (g[col] if kind != "modality" else [g[col]])}
        auto = {(t.text, e) for t in tasks.itertuples() for e in
                (getattr(t, col) if kind != "modality" else [t.modality])}
        scores[kind] = _prf(auto, gold)
        lines.append(f"{kind}: precision {scores[kind][0]:.2f}, recall {scores[kind][1]:.2f}")
    print("\nseed vs hand coding\n  " + "\n  ".join(lines))
    assert scores["partner"] == (1.0, 1.0)
    assert min(scores["sector"] + scores["instrument"]) >= 0.8


def test_no_boilerplate_inside_tasks(seed_plan):
    for row in seed_plan.boilerplate.itertuples():
        inside = seed_plan.tasks[(seed_plan.tasks.start < row.end) &
                                 (seed_plan.tasks.end > row.start)]
        assert inside.empty, row.text
    reasons = set(seed_plan.boilerplate["reason"])
    assert {"banner", "button", "byline", "caption", "widget"} <= reasons


def test_english_plan_we_wrote():
    plan = load_plan(DATA / "en_plan.txt")
    t = plan.tasks
    assert "Who will benefit?" not in t["text"].tolist()  # the pronoun and a question
    assert not any("cookies" in x or "Related" in x or "/VCG" in x for x in t["text"])
    assert t["modality"].tolist() == ["binding", "supportive", "supportive", "exploratory",
                                      "binding"]
    assert t["partners"].tolist() == [["who"], ["hong-kong", "macao"], ["hong-kong", "macao"],
                                      ["belt-and-road"], ["who"]]
    broken = t[t.text.str.contains("Hong\nKong")].iloc[0]
    m = plan.mentions[(plan.mentions.task_id == broken.task_id) &
                      (plan.mentions.entity_id == "hong-kong")].iloc[0]
    assert (m.surface, plan.raw()[m.start:m.end]) == ("Hong\nKong", "Hong\nKong")
    assert t.loc[0, "section"] == "1. Health and finance"
    assert "green-channel" in t.loc[0, "instruments"]


def test_chinese_plan_we_wrote():
    plan = load_plan(DATA / "zh_plan.txt")
    t = plan.tasks
    assert len(t) == 5
    assert t["section"].tolist()[:3] == ["（一）推动医疗服务开放。"] * 3
    assert t.loc[2, "modality"] == "binding"
    assert t.loc[2, "partners"] == ["hong-kong", "macao"]
    assert t.loc[3, "partners"] == ["belt-and-road", "who"]
    assert t.loc[3, "modality"] == "exploratory"
    assert "single-window" in t.loc[4, "instruments"]
    assert not any("Cookie" in x or "摄" in x or "相关新闻" in x for x in t["text"])


def test_section_sectors_when_a_sentence_names_none():
    plan = load_plan(Source.from_text("Finance\n\nThe zone will support Hong Kong firms.\n"))
    m = plan.mentions
    sec = m[m.via == "section"].iloc[0]
    assert (sec.entity_id, sec.surface, sec.start) == ("finance", "Finance", 0)
    assert plan.tasks.loc[0, "sectors"] == ["finance"]


def test_no_matches_gives_empty_tables_with_columns():
    plan = load_plan(Source.from_text("Nothing to see here. The weather is fine."))
    assert plan.tasks.empty and plan.mentions.empty and plan.entities.empty
    assert plan.entities.columns.tolist() == ENTITY_COLUMNS
    assert plan.graph().number_of_nodes() == 0


def test_corpus_ids_are_unique_and_carry_doc_id():
    a = Source.from_text("The plan will support Hong Kong.", doc_id="a")
    b = Source.from_text("We must open finance to Macao.", doc_id="b")
    plan = load_plan([a, b])
    assert plan.tasks[["task_id", "doc_id"]].values.tolist() == [["T001", "a"], ["T002", "b"]]
    assert plan.raw("b").startswith("We must")
    with pytest.raises(zonekit.SourceError, match="duplicate doc_id"):
        load_plan([a, a])


def test_user_codebook_changes_the_coding(tmp_path):
    cb = tmp_path / "cb.yaml"
    cb.write_text("entities:\n  - id: sandbox\n    kind: instrument\n    label: Sandbox\n"
                  "    tool_type: environment\n    aliases: [regulatory test bed]\n")
    raw = Source.from_text("The city will open a regulatory test bed for fintech.")
    assert load_plan(raw).tasks.loc[0, "instruments"] == []
    assert load_plan(raw, codebook=cb).tasks.loc[0, "instruments"] == ["sandbox"]


_ALPHABET = st.sampled_from(list("Hong Kong Macao WHO who will support must 香港支持探索。.?!\n"
                                 "\r\u00a0\u3000-—ＷＨＯ\u0301😀İ ") + [
    "Hong Kong", "World Health Organization", "Belt and Road", "\r\n", "will support ",
    "香港特别行政区", "Related stories\n", "I agree\n", " /Xinhua\n", "一、"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_offsets_hold_for_arbitrary_text(raw):
    plan = load_plan(Source.from_text(raw))
    for row in plan.mentions.itertuples():
        assert raw[row.start:row.end] == row.surface
        task = plan.tasks.set_index("task_id").loc[row.task_id]
        if row.via != "section":
            assert task.start <= row.start < row.end <= task.end
    spans = sorted(zip(plan.tasks.start, plan.tasks.end, strict=True))
    for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False):
        assert e1 <= s2  # tasks do not overlap
    for row in plan.tasks.itertuples():
        assert raw[row.start:row.end] == row.text


def test_import_is_light():
    import subprocess
    import sys
    code = ("import sys, zonekit; zonekit.load_plan(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'plotly', 'ipywidgets', 'jupyter_core', 'IPython', 'kaleido', 'openpyxl'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_inputs_are_not_mutated(seed_plan):
    before = seed_plan.tasks.copy()
    seed_plan.graph()
    pd.testing.assert_frame_equal(before, seed_plan.tasks)
