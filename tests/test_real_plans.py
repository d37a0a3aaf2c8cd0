"""The extractor against hand coding of five real documents (tests/data/real_plans_hand_coding.yaml,
offsets into ../shared/corpus), and on every gov.cn document of the corpus.

Prints precision and recall per item and document; targets: >= 0.95 for measures and outline
paths, >= 0.9 for lead agencies, partners exact.
"""

from __future__ import annotations

import re

import pytest
import yaml

from zonekit import load_plan
from zonekit.segment import PATH_SEP

from .conftest import DATA

HAND = yaml.safe_load((DATA / "real_plans_hand_coding.yaml").read_text(encoding="utf-8"))
DOCS = HAND["documents"]


def _prf(auto: set, gold: set) -> tuple[float, float]:
    tp = len(auto & gold)
    return (tp / len(auto) if auto else 1.0), (tp / len(gold) if gold else 1.0)


@pytest.fixture(scope="module")
def plans(shared_dir):
    return {d["file"]: load_plan(shared_dir / "corpus" / d["file"]) for d in DOCS}


@pytest.mark.parametrize("doc", DOCS, ids=[d["file"].split("/")[-1][:24] for d in DOCS])
def test_against_hand_coding(doc, plans, shared_dir):
    plan = plans[doc["file"]]
    raw = plan.raw()
    for h in doc["headings"]:  # the hand coding itself still fits the file
        assert raw[h["start"]:h["end"]] == h["text"]
    seg = plan.segments[plan.segments["kind"] == "heading"]
    auto_heads = {(int(s), int(e)) for s, e in zip(seg["start"], seg["end"], strict=True)}
    gold_heads = {(h["start"], h["end"]) for h in doc["headings"]}
    auto_paths = set(zip(seg["start"].astype(int), seg["path"], strict=True))
    gold_paths = {(h["start"], h["path"]) for h in doc["headings"]}
    ms = plan.measures
    auto_meas = set(zip(ms["number"], ms["start"].astype(int), ms["end"].astype(int), strict=True))
    gold_meas = {(m["number"], m["start"], m["end"]) for m in doc["measures"]}
    auto_lead = {(int(s), e) for s, lead in zip(ms["start"], ms["lead"], strict=True)
                 for e in lead}
    gold_lead = {(m["start"], e) for m in doc["measures"] for e in m["lead"]}
    scores = {"headings": _prf(auto_heads, gold_heads), "paths": _prf(auto_paths, gold_paths),
              "measures": _prf(auto_meas, gold_meas), "lead": _prf(auto_lead, gold_lead)}
    partners = set(plan.mentions.loc[plan.mentions["kind"] == "partner", "entity_id"])
    print(f"\n{doc['file']} ({doc['shape']})")
    for item, (p, r) in scores.items():
        print(f"  {item:9s} precision {p:.2f} recall {r:.2f}")
    print(f"  partners  coded {sorted(partners)} hand {sorted(doc['partners'])}")
    assert min(scores["measures"]) >= 0.95 and min(scores["paths"]) >= 0.95
    assert min(scores["lead"]) >= 0.9
    assert partners == set(doc["partners"])


def test_tasks_know_their_measure_and_path(plans):
    plan = plans["govcn/09_国办发[2018]129号.txt"]
    t = plan.tasks
    inside = t[t["path"].str.contains("（五）拓展销售途径", regex=False)]
    assert len(inside) and set(inside["path"]) == {
        "三、大力拓宽贫困地区农产品流通和销售渠道 > （五）拓展销售途径"}
    assert set(inside["section"]) == {"（五）拓展销售途径。"}
    m = plan.measures.set_index("measure_id").loc[inside["measure_id"].iloc[0]]
    assert m["number"] == "（五）" and m["title"] == "拓展销售途径"
    assert m["lead"] == ["mofcom"] and "ndrc" in m["support"]
    assert set(inside["task_id"]) == set(m["task_ids"])
    # the note's agencies are the tasks' too, with their roles, and point into the note
    notes = plan.mentions[(plan.mentions["via"] == "note")
                          & plan.mentions["task_id"].isin(m["task_ids"])]
    assert set(notes["role"]) == {"lead", "support"}
    raw = plan.raw()
    assert all(raw[s:e] == x for s, e, x in zip(notes["start"], notes["end"], notes["surface"],
                                                strict=True))
    assert all(raw[s:e].startswith("（") for s, e in zip(
        plan.segments.loc[plan.segments["kind"] == "note", "start"],
        plan.segments.loc[plan.segments["kind"] == "note", "end"], strict=True))


def test_document_metadata_from_the_page(plans):
    doc = plans["govcn/09_国办发[2018]129号.txt"].documents.iloc[0]
    assert doc["title"] == "国务院办公厅关于深入开展消费扶贫助力打赢脱贫攻坚战的指导意见"
    assert (doc["doc_number"], doc["issuer"]) == ("国办发〔2018〕129号", "国务院办公厅")
    assert (doc["date_issued"], doc["date_published"]) == ("2018-12-30", "2019-01-14")
    assert doc["topics"] == ["民政", "扶贫", "救灾\\扶贫"]
    pku = plans[DOCS[3]["file"]].documents.iloc[0]
    assert pku["doc_number"] == "阿府办发〔2021〕21号" and pku["date_issued"] == "2021-10-11"
    assert pku["title"] == "阿坝州人民政府办公室关于印发《阿坝州政务数据资源管理暂行办法》的通知"


FURNITURE = re.compile(r"扫一扫|此件公开发布|本文有删减|索\s*引\s*号|发文字号|成文日期|主\s*题\s*词"
                       r"|^\d{9}/\d{4}-\d{5}$|^[（(]?[\u4e00-\u9fff]{1,12}〔\d{4}〕\d+号[）)]?$")
BARE_NOTE = re.compile(r"^[（(][^（()）]*(?:负责|牵头单位|责任单位|负责部门)[^（()）]*[)）][。；]?$")


def test_every_govcn_document(shared_dir):
    folder = shared_dir / "corpus" / "govcn"
    files = sorted(folder.glob("*.txt"))
    assert len(files) == 56
    plan = load_plan(files)
    assert len(plan.documents) == 56
    bad = [t for t in plan.tasks["text"] if FURNITURE.search(t.strip()) or BARE_NOTE.match(t)]
    assert not bad, bad[:5]
    # no metadata value, title line or addressee became a heading either
    heads = plan.segments.loc[plan.segments["kind"] == "heading", "text"]
    assert not [h for h in heads if FURNITURE.search(h.strip())]
    docs = plan.documents
    assert (docs["title"] != "").all() and (docs["doc_number"] != "").all()
    assert docs["date_issued"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    for row in plan.tasks.itertuples():
        assert plan.raw(row.doc_id)[row.start:row.end] == row.text
    for row in plan.boilerplate.itertuples():
        assert plan.raw(row.doc_id)[row.start:row.end] == row.text
    assert all(PATH_SEP.join(p.split(PATH_SEP)) == p for p in plan.tasks["path"])
