"""Every chart title and briefing finding that names a leader agrees with a count made here,
independently of zonekit.measures, on the seed, the test plans and plans where counts tie."""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import zonekit
from zonekit import Source, findings, measures
from zonekit import figures as F

DATA = Path(__file__).parent / "data"

TIE_EN = ("Opening up\nWe will support Hong Kong banks.\nWe will support Macao trade.\n"
          "We will explore a pilot zone for health in Hong Kong and Macao.")
TIE_ZH = "一、开放合作\n支持香港金融机构发展。\n支持澳门贸易发展。"


def plans():
    yield "seed", zonekit.load_plan()
    yield "en_plan", zonekit.load_plan(DATA / "en_plan.txt")
    yield "zh_plan", zonekit.load_plan(DATA / "zh_plan.txt")
    yield "tie_en", zonekit.load_plan(Source.from_text(TIE_EN, doc_id="tie-en"))
    yield "tie_zh", zonekit.load_plan(Source.from_text(TIE_ZH, doc_id="tie-zh"))


PLANS = dict(plans())


def top(counter: Counter) -> set:
    if not counter:
        return set()
    k = max(counter.values())
    return {x for x, v in counter.items() if v == k} if k else set()


@pytest.mark.parametrize("name", list(PLANS))
@pytest.mark.parametrize("kind", ["sector", "partner"])
def test_ranked_names_every_leader_and_only_them(name, kind):
    plan = PLANS[name]
    counts = Counter(e for ids in plan.tasks[f"{kind}s"] for e in set(ids))
    found = findings.ranked(plan, kind)
    assert set(found.leaders) == top(counts)
    lang = findings.resolve_lang(plan)
    labels = measures.entity_labels(plan, lang)
    for eid in top(counts):
        assert labels[eid] in found.headline
    tied = len(top(counts)) > 1
    assert (("tie" in found.headline or "并列" in found.headline) == tied)


@pytest.mark.parametrize("name", list(PLANS))
def test_tool_mix_and_tool_matrix_each_name_their_own_leader(name):
    plan = PLANS[name]
    tool = {e.id: e.tool_type or "unclassified" for e in plan.codebook}
    codings = Counter(tool[i] for ids in plan.tasks["instruments"] for i in set(ids))
    assert set(findings.tool_types(plan).leaders) == top(codings)
    cells = Counter((tool[i], s) for secs, ids in zip(plan.tasks["sectors"],
                                                      plan.tasks["instruments"], strict=True)
                    for i in set(ids) for s in (secs or [measures.NO_SECTOR]))
    found = findings.tool_matrix_title(plan)
    assert set(found.leaders) == top(cells)
    fig = F.tool_matrix(plan)
    if len(plan.tasks):
        assert found.headline in html.unescape(fig.layout.title.text)


@pytest.mark.parametrize("name", list(PLANS))
def test_chart_titles_are_the_findings(name):
    plan = PLANS[name]
    lang = findings.resolve_lang(plan)
    pairs = [(F.heatmap(plan, "sector", "partner"), findings.heatmap_title(plan)),
             (F.sunburst(plan), findings.sunburst_title(plan)),
             (F.instruments_per_sector(plan), findings.sector_instruments_title(plan)),
             (F.modality_by_section(plan), findings.modality_title(plan))]
    for fig, found in pairs:
        assert found.headline in html.unescape(fig.layout.title.text), found.key
        source = next(a for a in fig.layout.annotations if a.name == "source").text
        assert source.startswith("来源：" if lang == "zh" else "Source: ")


@pytest.mark.parametrize("name", list(PLANS))
def test_heatmap_leader_is_the_largest_cell(name):
    plan = PLANS[name]
    cells = Counter((s, p) for secs, parts in zip(plan.tasks["sectors"], plan.tasks["partners"],
                                                  strict=True)
                    for s in set(secs) for p in set(parts))
    assert set(findings.heatmap_title(plan).leaders) == top(cells)
    fig = F.heatmap(plan)
    if cells:
        z = np.asarray(fig.data[0].z)
        assert int(z.max()) == max(cells.values())


@pytest.mark.parametrize("name", list(PLANS))
def test_network_hub_is_the_entity_on_most_tasks_then_links(name):
    plan = PLANS[name]
    G = plan.graph()
    if not G.number_of_nodes():
        return
    best = max((G.nodes[v]["n_tasks"], G.degree(v)) for v in G)
    hubs = {v for v in G if (G.nodes[v]["n_tasks"], G.degree(v)) == best}
    title = html.unescape(F.network(plan).layout.title.text)
    labels = measures.entity_labels(plan, findings.resolve_lang(plan))
    assert len(hubs) > 3 or all(labels[v] in title for v in hubs)  # past 3, the rest are counted
    import re

    assert (bool(re.search(r"\btie\b", title)) or "并列" in title) == (len(hubs) > 1)


def test_a_tie_is_said_as_a_tie_in_both_languages():
    en = findings.ranked(PLANS["tie_en"], "partner").headline
    assert en.startswith("Hong Kong and Macao tie as the partners named in the most tasks")
    zh = findings.ranked(PLANS["tie_zh"], "partner").headline
    assert zh.startswith("香港和澳门并列为涉及任务最多的合作方")


def test_chinese_findings_have_no_english_words():
    import re

    for f in findings.findings(PLANS["tie_zh"]):
        assert not re.search(r"[A-Za-z]{2,}", f.headline), f.headline


def test_briefing_findings_are_the_findings_module():
    from zonekit import briefing

    plan = PLANS["seed"]
    assert [f.headline for f in briefing.findings(plan)] == [
        f.headline for f in findings.findings(plan)]
