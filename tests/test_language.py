"""A Chinese plan gets Chinese output throughout: titles, subtitles, axes, legends, hover,
findings and page text; an English plan stays English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import zonekit
from zonekit import figures as F
from zonekit import findings

DATA = Path(__file__).parent / "data"
# Latin words a Chinese chart may keep: units and format names, and file names of the outputs.
ALLOWED = {"csv", "tasks", "mentions", "entities", "xlsx", "png", "svg", "pdf", "html",
           "zonekit", "graphml", "gexf", "json", "txt", "utc", "plotly", "min", "js", "zh",
           "plan", "tables", "graph", "charts",
           "rothwell", "zegveld"}  # proper names: the authors of the policy-tool frame


def english_words(text: str) -> set:
    text = re.sub(r"<[^>]+>", " ", text or "")
    text = re.sub(r"&[#\w]+;", " ", text)
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w.lower() not in ALLOWED}


@pytest.fixture(scope="module")
def zh_plan():
    return zonekit.load_plan(DATA / "zh_plan.txt")


def visible_texts(fig):
    lay = fig.layout
    yield lay.title.text
    yield lay.title.subtitle.text if lay.title.subtitle else ""
    for ax in (lay.xaxis, lay.yaxis):
        yield ax.title.text if ax.title else ""
    for a in lay.annotations:
        if a.name != "source":
            yield a.text
    for tr in fig.data:
        if getattr(tr, "showlegend", None) is not False:  # a legend entry is visible
            yield getattr(tr, "name", "") or ""
        for attr in ("x", "y", "labels"):
            vals = getattr(tr, attr, None)
            if vals is not None and tr.type in ("bar", "heatmap", "sunburst"):
                if tr.type == "bar" and attr == "x":
                    continue
                for v in vals:
                    yield str(v)
        ht = getattr(tr, "hovertext", None)
        if ht is not None and tr.type != "scatter":
            for row in ht:
                for cell in (row if isinstance(row, (list, tuple)) else [row]):
                    # hover holds the plan's own sentences: keep only what zonekit wrote
                    yield str(cell).split("<br><br>")[0]
        if tr.type == "heatmap" and tr.colorbar:
            yield tr.colorbar.title.text


def test_chinese_plan_charts_are_chinese(zh_plan):
    assert findings.resolve_lang(zh_plan) == "zh"
    for stem, fig in F.all_figures(zh_plan).items():
        left = set()
        for text in visible_texts(fig):
            left |= english_words(text)
        assert not left, (stem, left)
        source = next(a for a in fig.layout.annotations if a.name == "source").text
        assert source.startswith("来源：")


def test_chinese_plan_findings_are_chinese(zh_plan):
    for f in findings.findings(zh_plan):
        assert not english_words(f.headline), f.headline


def test_chinese_briefing_page_is_chinese(zh_plan):
    from zonekit.briefing import briefing_html

    page = briefing_html(zh_plan, {}, findings.findings(zh_plan), ["tasks.csv"])
    assert '<html lang="zh-CN">' in page
    body = page.split("<body>", 1)[1]
    body = re.sub(r'<div class="source">.*?</div>', "", body, flags=re.S)  # the citation
    body = re.sub(r"<details>.*?</details>", "", body, flags=re.S)  # data tables: ids
    assert not english_words(body), english_words(body)
    assert "主要发现" in page


def test_lang_forces_english_on_a_chinese_plan(zh_plan):
    fig = F.tool_matrix(zh_plan, lang="en")
    assert not re.search(r"[\u4e00-\u9fff]", fig.layout.title.text.split(":")[0])
    assert "pairings" in fig.layout.title.text
    assert list(fig.data[0].y)[:1] == ["supply"] if fig.data else True


def test_english_plan_stays_english(seed_plan):
    for stem, fig in F.all_figures(seed_plan).items():
        assert not re.search(r"[\u4e00-\u9fff]", fig.layout.title.text or ""), stem
