"""Figures: contents (fig.data, fig.layout), the briefing template, escaping, determinism."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from itertools import product

import networkx as nx
import numpy as np
import plotly.graph_objects as go
import pytest

import zonekit
from zonekit import Source
from zonekit import figures as F
from zonekit.codebook import Codebook
from zonekit.graph import LARGE_GRAPH, layout
from zonekit.labels import MAX_LARGE_LABELS

NODE_TRACES = ("sector", "partner", "instrument", "agency")


def node_traces(fig):
    """Node traces by kind (``legendgroup``: the trace name is the kind in the plan's language)."""
    return {t.legendgroup: t for t in fig.data if t.legendgroup in NODE_TRACES}


def label_texts(fig):
    return [x for t in fig.data if t.name == "labels" for x in t.text]


def shown_entities(fig):
    return [e for t in node_traces(fig).values() for e in t.customdata]


def source_annotation(fig):
    (src,) = [a for a in fig.layout.annotations if a.name == "source"]
    return src


def plain(hover: str) -> str:
    """Hover text as a reader sees it: line breaks as spaces, entities decoded."""
    return html.unescape(hover.replace("<br>", " "))


def synthetic_plan(n_entities: int, seed: int = 0):
    """A generated plan naming ``n_entities`` entities (each at least once)."""
    syl = ["ba", "ko", "mi", "ru", "te", "la", "no", "si", "du", "fe", "ga", "hi", "jo", "ke",
           "lu", "ma", "ne", "po", "qui", "ra"]

    def word(i):
        out = []
        for _ in range(3):
            out.append(syl[i % 20])
            i //= 20
        return "".join(out).capitalize()

    rng = np.random.default_rng(seed)
    kinds = ["sector"] * (n_entities // 10) + ["partner"] * (3 * n_entities // 10)
    kinds += ["instrument"] * (n_entities - len(kinds))
    lines, names = ["name: synthetic", "entities:"], []
    for i, kind in enumerate(kinds):
        names.append(f"{kind.capitalize()} {word(i)}")
        lines += [f"  - id: e{i}", f"    kind: {kind}", f"    label: {names[-1]}"]
        if kind == "instrument":
            lines.append(f"    tool_type: {('supply', 'demand', 'environment')[i % 3]}")
    order = rng.permutation(n_entities)
    text = ["Synthetic plan", ""]
    for t in range(0, n_entities, 4):
        picks = [order[(t + j) % n_entities] for j in range(4)]
        text.append(f"The zone will support {names[picks[0]]} with {names[picks[1]]}, "
                    f"{names[picks[2]]} and {names[picks[3]]}.")
    src = Source.from_text("\n".join(text), doc_id="synthetic", title="Synthetic plan",
                           publisher="zonekit tests", date="2024-01-01")
    return zonekit.load_plan(src, codebook=Codebook.from_yaml("\n".join(lines)))


@pytest.fixture(scope="module")
def plan(seed_plan):
    return seed_plan


@pytest.fixture(scope="module")
def zh_plan():
    text = ("一、开放合作\n支持香港金融机构开展合作。探索与澳门共建联合实验室。\n"
            "二、数字贸易\n必须推动数据交易所建设。")
    return zonekit.load_plan(Source.from_text(text, doc_id="zh", title="测试计划",
                                              publisher="某机构", date="2024-01-01",
                                              language="zh"))


@pytest.fixture(scope="module")
def empty_plan():
    return zonekit.load_plan(Source.from_text("Nothing to code here.", doc_id="empty",
                                              title="Empty", publisher="Nobody", date="2024"))


@pytest.fixture(scope="module")
def hostile_plan():
    text = ("Opening up\n"
            "The zone will support Hong Kong <script>alert(1)</script> banks and "
            "$\\href{javascript:alert(2)}{click}$ finance.\n")
    return zonekit.load_plan(Source.from_text(text, doc_id="evil", title="<b>Evil</b> & co",
                                              publisher="$x$", date="2024"))


# ---- layout -----------------------------------------------------------------------------


def test_layout_is_seeded_and_scaled(plan):
    G = plan.graph()
    pos = layout(G, seed=0)
    assert list(pos) == list(G.nodes)
    assert pos == layout(G, seed=0)
    assert pos != layout(G, seed=1)
    xy = np.array(list(pos.values()))
    assert np.abs(xy).max() == pytest.approx(1.0)
    assert len({tuple(p) for p in xy.round(6)}) == len(xy)      # no two nodes on one spot


def test_layout_does_not_depend_on_hash_seed(plan):
    """Sets iterate in hash order; the same plan must draw the same picture in any process."""
    code = ("import json, zonekit; from zonekit.graph import layout; "
            "print(json.dumps(layout(zonekit.load_plan().graph(), seed=0)))")
    runs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True, timeout=300).stdout
        runs.append(json.loads(out))
    assert runs[0] == runs[1]
    here = layout(plan.graph(), seed=0)
    assert {k: list(v) for k, v in here.items()} == runs[0]


def test_layout_small_and_large_graphs():
    assert layout(nx.Graph()) == {}
    assert layout(nx.empty_graph(["only"])) == {"only": (0.0, 0.0)}
    big = nx.barabasi_albert_graph(LARGE_GRAPH + 100, 2, seed=3)   # igraph branch
    a, b = layout(big, seed=4), layout(big, seed=4)
    assert a == b and len(a) == big.number_of_nodes()
    assert all(-1 <= c <= 1 for xy in a.values() for c in xy)


# ---- network ------------------------------------------------------------------------------


def test_network_nodes_kinds_and_sizes(plan):
    fig = F.network(plan)
    traces = node_traces(fig)
    assert list(traces) == list(NODE_TRACES)
    ents = plan.entities.set_index("entity_id")
    assert sorted(shown_entities(fig)) == sorted(ents.index)
    for kind, trace in traces.items():
        assert type(trace) is go.Scatter
        assert trace.marker.color == F.KIND_COLORS[kind]
        assert trace.marker.symbol == F.KIND_SYMBOLS[kind]
        if not len(trace.customdata):  # the seed names no agency
            continue
        assert set(ents.loc[list(trace.customdata), "kind"]) == {kind}
        # size grows with the number of tasks
        n = ents.loc[list(trace.customdata), "n_tasks"].to_numpy()
        size = np.asarray(trace.marker.size)
        assert (np.diff(size[np.argsort(n, kind="stable")]) >= 0).all()
    # edges: one segment per graph edge
    G = plan.graph()
    n_segments = sum(int(np.isnan(np.asarray(t.x, dtype=float)).sum())
                     for t in fig.data if t.mode == "lines" and t.name != "leaders")
    assert n_segments == G.number_of_edges()
    assert len(fig.data[3].x) == G.number_of_edges()         # edge hover points


def test_network_hover_lists_source_sentences(plan):
    fig = F.network(plan)
    partners = node_traces(fig)["partner"]
    i = list(partners.customdata).index("hong-kong")
    hover = plain(partners.hovertext[i])
    hk_tasks = plan.mentions.loc[plan.mentions.entity_id == "hong-kong", "task_id"].unique()
    assert len(hk_tasks) >= 1
    for tid in hk_tasks:
        sentence = plan.tasks.set_index("task_id").loc[tid, "text"]
        assert tid in hover
        assert " ".join(sentence.split()) in hover
    assert "Hong Kong" in hover and "香港" in hover


def test_network_same_plan_same_coordinates(plan):
    a, b = F.network(plan, seed=0), F.network(plan, seed=0)
    for ta, tb in zip(a.data, b.data, strict=True):
        np.testing.assert_array_equal(np.asarray(ta.x, dtype=float),
                                      np.asarray(tb.x, dtype=float))
        np.testing.assert_array_equal(np.asarray(ta.y, dtype=float),
                                      np.asarray(tb.y, dtype=float))
    c = F.network(plan, seed=7)
    assert not np.array_equal(np.asarray(a.data[-4].x), np.asarray(c.data[-4].x))  # sectors


def test_network_filters_by_tasks_and_entities(plan):
    hk = plan.mentions.loc[plan.mentions.entity_id == "hong-kong", "task_id"].unique().tolist()
    fig = F.network(plan, task_ids=hk)
    expected = {e for t in plan.tasks[plan.tasks.task_id.isin(hk)].itertuples()
                for e in (*t.sectors, *t.partners, *t.instruments)}
    assert set(shown_entities(fig)) == expected
    # positions are those of the full network (nodes do not jump when filtering)
    full = F.network(plan)
    pos_full = {e: (x, y) for t in node_traces(full).values()
                for e, x, y in zip(t.customdata, t.x, t.y, strict=True)}
    for t in node_traces(fig).values():
        for e, x, y in zip(t.customdata, t.x, t.y, strict=True):
            assert pos_full[e] == (x, y)
    sectors = F.network(plan, entities=plan.entities.query("kind == 'sector'").entity_id)
    assert len(node_traces(sectors)["partner"].x) == 0
    assert len(node_traces(sectors)["sector"].x) == (plan.entities.kind == "sector").sum()


def test_network_title_states_a_computed_finding(plan):
    fig = F.network(plan)
    top = plan.entities.sort_values(["n_tasks"], ascending=False, kind="stable")
    best = top[top.n_tasks == top.n_tasks.max()].label.tolist()
    title = html.unescape(fig.layout.title.text)
    assert any(title.startswith(label) for label in best)
    assert f"of {len(plan.tasks)} tasks" in title


def test_large_network_uses_webgl():
    plan = synthetic_plan(F.WEBGL_THRESHOLD + 40)
    assert len(plan.entities) >= F.WEBGL_THRESHOLD
    fig = F.network(plan)
    assert all(type(t) is go.Scattergl for t in fig.data)
    assert len(shown_entities(fig)) == len(plan.entities)
    assert 0 < len(label_texts(fig)) <= MAX_LARGE_LABELS


def test_ego_network(plan):
    fig = F.ego_network(plan, "hong-kong")
    G = plan.graph()
    assert set(shown_entities(fig)) == {"hong-kong", *G.adj["hong-kong"]}
    partners = node_traces(fig)["partner"]
    i = list(partners.customdata).index("hong-kong")
    assert partners.marker.line.width[i] > max(np.delete(
        np.asarray(partners.marker.line.width), i), default=0)       # the ego is outlined
    assert html.unescape(fig.layout.title.text).startswith("Hong Kong is tied to")
    with pytest.raises(ValueError, match="unknown entity 'atlantis'"):
        F.ego_network(plan, "atlantis")
    absent = next(e.id for e in plan.codebook if e.id not in set(plan.entities.entity_id))
    empty = F.ego_network(plan, absent)
    assert "is not mentioned" in empty.layout.title.text
    assert [a.name for a in empty.layout.annotations] == ["empty", "source"]


# ---- matrices and bars -------------------------------------------------------------------


def test_heatmap_counts_tasks_per_pair(plan):
    fig = F.heatmap(plan, rows="sector", cols="partner")
    (hm,) = fig.data
    labels = plan.entities.set_index("entity_id")["label"]
    by_label = {html.unescape(lab): eid for eid, lab in labels.items()}
    z = np.asarray(hm.z)
    assert z.shape == (len(hm.y), len(hm.x))
    for (i, r), (j, c) in product(enumerate(hm.y), enumerate(hm.x)):
        s, p = by_label[html.unescape(r)], by_label[html.unescape(c)]
        expected = [t.task_id for t in plan.tasks.itertuples()
                    if s in t.sectors and p in t.partners]
        assert z[i, j] == len(expected)
        for tid in expected:
            assert tid in hm.hovertext[i][j]
    assert z.sum() > 0
    # the title names the busiest cell(s), as zonekit.findings states them
    from zonekit.findings import heatmap_title

    found = heatmap_title(plan, "sector", "partner")
    assert fig.layout.title.text == html.escape(found.headline, quote=False)
    top = np.argwhere(z == z.max())
    assert len(found.leaders) == len(top)
    with pytest.raises(ValueError, match="unknown dimension 'colour'"):
        F.heatmap(plan, rows="colour")


def test_heatmap_hover_holds_the_sentence(plan):
    fig = F.heatmap(plan, rows="sector", cols="partner")
    hm = fig.data[0]
    z = np.asarray(hm.z)
    i, j = np.argwhere(z > 0)[0]
    hover = plain(hm.hovertext[i][j])
    tid = next(t for t in plan.tasks.task_id if t in hover)
    sentence = plan.tasks.set_index("task_id").loc[tid, "text"]
    assert " ".join(sentence.split()) in hover


def test_heatmap_other_dimensions(plan):
    fig = F.heatmap(plan, rows="modality", cols="section")
    assert np.asarray(fig.data[0].z).sum() == len(plan.tasks)


def test_tool_matrix_counts_instrument_codings(plan):
    fig = F.tool_matrix(plan)
    (hm,) = fig.data
    assert list(hm.y) == ["supply", "demand", "framework"]
    tools = plan.entities.set_index("entity_id")["tool_type"]
    expected = sum(1 for t in plan.tasks.itertuples() for _ in t.sectors for _ in t.instruments)
    assert np.asarray(hm.z).sum() == expected
    from zonekit.findings import tool_matrix_title, tool_name

    by_tool = {tool_name(tt): sum(1 for t in plan.tasks.itertuples() for _ in t.sectors
                                  for i in t.instruments if tools[i] == tt)
               for tt in ("supply", "demand", "environment")}
    assert dict(zip(hm.y, np.asarray(hm.z).sum(axis=1).tolist(), strict=True)) == by_tool
    # the title names the busiest cell, as the findings module states it
    z = np.asarray(hm.z)
    found = tool_matrix_title(plan)
    assert found.headline in html.unescape(fig.layout.title.text)
    assert len(found.leaders) == int((z == z.max()).sum())


def test_sunburst_hierarchy(plan):
    fig = F.sunburst(plan)
    (sb,) = fig.data
    ids, parents, values = list(sb.ids), list(sb.parents), list(sb.values)
    assert len(set(ids)) == len(ids)
    assert all(p == "" or p in ids for p in parents)
    roots = [i for i, p in zip(ids, parents, strict=True) if p == ""]
    assert len(roots) == plan.tasks.section.nunique()
    for node, value in zip(ids, values, strict=True):   # branchvalues="total" holds
        kids = [v for p, v in zip(parents, values, strict=True) if p == node]
        assert not kids or sum(kids) == value


def test_instruments_per_sector(plan):
    fig = F.instruments_per_sector(plan)
    labels = plan.entities.set_index("entity_id")["label"]
    totals = {}
    for trace in fig.data:
        for y, x in zip(trace.y, trace.x, strict=True):
            totals[html.unescape(y)] = totals.get(html.unescape(y), 0) + x
    for sector in plan.entities.query("kind == 'sector'").entity_id:
        expected = {i for t in plan.tasks.itertuples() if sector in t.sectors
                    for i in t.instruments}
        assert totals.get(labels[sector], 0) == len(expected)


def test_modality_by_section(plan):
    fig = F.modality_by_section(plan)
    counts = {t.name: sum(t.x) for t in fig.data}
    assert counts == {m: int(n) for m, n in plan.tasks.modality.value_counts().items()}
    assert [t.marker.color for t in fig.data] == [F.MODALITY_COLORS[t.name] for t in fig.data]


# ---- template, all figures, escaping, edge cases ---------------------------------------


def test_every_figure_uses_the_briefing_template(plan):
    figs = F.all_figures(plan)
    assert list(figs)[0] == "network"
    assert {"heatmap_sector_partner", "tool_matrix", "sunburst", "instruments_per_sector",
            "modality_by_section", "ego_hong-kong"} <= set(figs)
    assert list(figs) == list(F.all_figures(plan))                   # stable order
    for name, fig in figs.items():
        assert isinstance(fig, go.Figure), name
        layout = fig.layout
        assert layout.template.layout.colorway == tuple(F.PALETTE)
        assert set(F.PALETTE) <= set(F.OKABE_ITO.values())
        assert "Noto Sans CJK SC" in layout.template.layout.font.family
        assert layout.template.layout.title.font.size >= 24
        assert layout.template.layout.font.size >= 16
        assert layout.title.text and layout.title.text != name
        assert source_annotation(fig).text == f"Source: {html.escape(plan.citation())}"


def test_template_does_not_mutate_its_input():
    fig = go.Figure(go.Bar(x=[1], y=[2]))
    out = F.apply_briefing_template(fig, "Title", "Doc, Pub, 2024", subtitle="what")
    assert fig.layout.title.text is None and not fig.layout.annotations
    assert out.layout.title.text == "Title" and out.layout.title.subtitle.text == "what"
    again = F.apply_briefing_template(out, "New", "Other")
    assert [a.text for a in again.layout.annotations] == ["Source: Other"]


def test_document_text_is_escaped_and_dollar_neutralised(hostile_plan):
    assert len(hostile_plan.tasks) == 1
    figs = F.all_figures(hostile_plan)
    for name, fig in figs.items():
        blob = fig.to_json()
        assert "<script>" not in blob, name
        assert "$" not in blob, name                     # no MathJax delimiters survive
        assert "<b>Evil</b>" not in blob
    hover = node_traces(figs["network"])["partner"].hovertext[0]
    assert "&lt;script&gt;" in hover and "&#36;\\href" in hover


def test_chinese_plan_uses_chinese_labels(zh_plan):
    fig = F.network(zh_plan)
    texts = label_texts(fig)
    assert "香港" in texts and "金融" in texts
    assert [t.name for t in node_traces(fig).values()] == ["领域", "合作方", "政策工具", "部门"]
    assert source_annotation(fig).text == "来源：测试计划, 某机构, 2024-01-01"
    assert all(isinstance(f, go.Figure) for f in F.all_figures(zh_plan).values())


def test_plan_with_no_matches_gives_empty_figures(empty_plan):
    figs = F.all_figures(empty_plan)
    assert list(figs) == ["network", "heatmap_sector_partner", "heatmap_sector_instrument",
                          "tool_matrix", "sunburst", "instruments_per_sector",
                          "modality_by_section"]
    assert len(node_traces(figs["network"])) == len(NODE_TRACES) and not shown_entities(figs["network"])
    assert figs["network"].layout.title.text == "No entities coded in this plan"
    for name, fig in list(figs.items())[1:]:
        assert len(fig.data) == 0, name
        assert [a.name for a in fig.layout.annotations] == ["empty", "source"]
        assert fig.layout.title.text.startswith("No ")


def test_source_line_fits_the_page_width():
    """A long source line (two documents) is shrunk, then broken in two, to fit a 720 px
    page chart; the bottom margin takes the second line, a network keeps its margin."""
    from zonekit.briefing import HTML_WIDTH, prepare_figures
    from zonekit.labels import text_width

    data = os.path.join(os.path.dirname(__file__), "..", "notebooks", "data")
    plan = zonekit.load_plan([os.path.join(data, "tianjin-example-en.txt"),
                              os.path.join(data, "tianjin-example-zh.txt")], progress=False)
    figs = F.all_figures(plan, width=HTML_WIDTH)
    ready = prepare_figures(plan, figs, title_width=HTML_WIDTH)
    wrapped = 0
    for stem, fig in ready.items():
        src = next(a for a in fig.layout.annotations if a.name == "source")
        lines = html.unescape(src.text).split("<br>")
        assert all(text_width(line, src.font.size) <= HTML_WIDTH - 40 for line in lines), stem
        assert src.yshift == -(fig.layout.margin.b - 8), stem
        was = figs[stem].layout.margin.b
        network = "label_width" in (fig.layout.meta or {})
        grown = 0 if len(lines) == 1 or network else int(np.ceil(src.font.size * 1.3))
        assert fig.layout.margin.b == was + grown, stem
        wrapped += len(lines) == 2
    assert wrapped == len(ready)  # two citations never fit on one line of 680 px
