"""The explorer app, driven without a browser: filters, clicks, table, evidence."""

from __future__ import annotations

import html
import re
import subprocess
import sys

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.callbacks import InputDeviceState, Points

import zonekit
from zonekit import Source
from zonekit.explorer import ALL, Explorer, explore, highlight_task

NODE_TRACES = ("sector", "partner", "instrument", "agency")


def tasks_mentioning(plan, entity_id):
    return sorted(plan.mentions.loc[plan.mentions.entity_id == entity_id, "task_id"].unique())


def coded_on(plan, task_ids):
    rows = plan.tasks[plan.tasks.task_id.isin(task_ids)]
    return {e for t in rows.itertuples() for e in (*t.sectors, *t.partners, *t.instruments)}


def network_entities(app):
    return {e for t in app.figure.data if t.name in NODE_TRACES for e in t.customdata}


def table_tasks(app):
    return re.findall(r"<tr data-task='([^']+)'", app.table.value)


def click(app, entity_id):
    """Click a node the way plotly does: every trace's callback, points only on one."""
    state = InputDeviceState(button=0, buttons=1)
    for k, trace in enumerate(app.figure.data):
        ids = list(trace.customdata) if trace.customdata is not None else []
        inds = [ids.index(entity_id)] if entity_id in ids else []
        points = Points(point_inds=inds, xs=[trace.x[i] for i in inds],
                        ys=[trace.y[i] for i in inds], trace_name=trace.name, trace_index=k)
        trace._dispatch_on_click(points, state)


@pytest.fixture
def app(seed_plan):
    return explore(seed_plan)


def test_explore_returns_one_widget_app(app, seed_plan):
    assert isinstance(app, Explorer) and isinstance(app, widgets.VBox)
    assert isinstance(app.figure, go.FigureWidget)
    assert app.figure in app.children
    assert [t.name for t in app.figure.data[-4:]] == list(NODE_TRACES)
    assert network_entities(app) == set(seed_plan.entities.entity_id)
    assert table_tasks(app) == seed_plan.tasks.task_id.tolist()
    assert f"<b>{len(seed_plan.tasks)}</b> of {len(seed_plan.tasks)} tasks" in app.status.value
    assert zonekit.explore is explore


def test_selecting_hong_kong_leaves_exactly_its_tasks(app, seed_plan):
    hk = tasks_mentioning(seed_plan, "hong-kong")
    assert hk
    xs_before = [tuple(t.x) for t in app.figure.data[-4:]]
    app.entity.value = ("hong-kong",)
    assert app.filtered_tasks().task_id.tolist() == hk
    assert table_tasks(app) == hk
    assert network_entities(app) == coded_on(seed_plan, hk)
    assert [tuple(t.x) for t in app.figure.data[-4:]] != xs_before          # updated in place
    partners = next(t for t in app.figure.data if t.name == "partner")
    i = list(partners.customdata).index("hong-kong")
    assert partners.marker.line.width[i] == max(partners.marker.line.width)   # outlined
    assert app.task.value == hk[0]
    assert 'data-entity="hong-kong"' in app.evidence.value
    assert "Hong Kong" in html.unescape(app.figure.layout.title.text)


def test_clicking_a_node_selects_its_entity(app, seed_plan):
    click(app, "macao")
    assert app.entity.value == ("macao",)
    assert app.filtered_tasks().task_id.tolist() == tasks_mentioning(seed_plan, "macao")
    # a click event with no points (another trace) changes nothing
    trace = app.figure.data[-1]
    app.on_node_click(trace, Points(point_inds=[], xs=[], ys=[], trace_name=trace.name))
    assert app.entity.value == ("macao",)


def test_click_reveals_a_hidden_kind(app):
    app.kind.value = ("sector",)
    assert {o[1] for o in app.entity.options} == set(
        app.plan.entities.query("kind == 'sector'").entity_id)
    app.select_entity("who")
    assert "partner" in app.kind.value and app.entity.value == ("who",)
    with pytest.raises(KeyError, match="atlantis"):
        app.select_entity("atlantis")


def test_kind_filter_restricts_nodes_and_tasks(app, seed_plan):
    app.kind.value = ("partner",)
    kinds = {t.name for t in app.figure.data if t.name in NODE_TRACES and len(t.x)}
    assert kinds == {"partner"}
    with_partner = [t.task_id for t in seed_plan.tasks.itertuples() if t.partners]
    assert app.filtered_tasks().task_id.tolist() == with_partner


def test_section_modality_and_tool_type_filters(app, seed_plan):
    section = seed_plan.tasks.section.iloc[-1]
    app.section.value = section
    assert set(app.filtered_tasks().section) == {section}
    app.section.value = ALL
    app.modality.value = "binding"
    assert app.filtered_tasks().task_id.tolist() == seed_plan.tasks.query(
        "modality == 'binding'").task_id.tolist()
    app.modality.value = ALL
    app.tool_type.value = "demand"
    tools = seed_plan.entities.set_index("entity_id").tool_type
    expected = [t.task_id for t in seed_plan.tasks.itertuples()
                if any(tools[i] == "demand" for i in t.instruments)]
    assert app.filtered_tasks().task_id.tolist() == expected
    shown_instruments = set(next(t for t in app.figure.data if t.name == "instrument").customdata)
    assert shown_instruments and {tools[i] for i in shown_instruments} == {"demand"}
    app.reset()
    assert len(app.filtered_tasks()) == len(seed_plan.tasks)
    assert app.entity.value == () and app.tool_type.value == ALL


@pytest.mark.parametrize("query", ["hong kong", "香港", "HK"])
def test_search_in_english_or_chinese(app, seed_plan, query):
    app.search.value = query
    assert app.filtered_tasks().task_id.tolist() == tasks_mentioning(seed_plan, "hong-kong")


def test_search_matches_sentence_text_and_entity_names(app, seed_plan):
    word = seed_plan.tasks.text.iloc[0].split()[-1].strip(".").upper()
    app.search.value = word
    q = word.casefold()
    named = {e.id for e in seed_plan.codebook if any(q in n.casefold() for n, _ in e.names())}
    expected = [t.task_id for t in seed_plan.tasks.itertuples()
                if q in t.text.casefold() or named & {*t.sectors, *t.partners, *t.instruments}]
    assert seed_plan.tasks.task_id.iloc[0] in expected
    assert app.filtered_tasks().task_id.tolist() == expected
    app.search.value = "no such words anywhere"
    assert app.filtered_tasks().empty and table_tasks(app) == []
    assert network_entities(app) == set()
    assert app.task.value == "" and "No task selected" in app.evidence.value
    assert "No entities coded" in app.figure.layout.title.text


def test_evidence_highlights_mentions_from_raw_offsets(seed_plan):
    raw = seed_plan.raw()
    for task in seed_plan.tasks.itertuples():
        out = highlight_task(seed_plan, task.task_id)
        marks = re.findall(r'<mark data-entity="([^"]+)" data-start="(\d+)" data-end="(\d+)"'
                           r'[^>]*>(.*?)</mark>', out)
        ms = seed_plan.mentions[(seed_plan.mentions.task_id == task.task_id)
                                & (seed_plan.mentions.start >= task.start)
                                & (seed_plan.mentions.end <= task.end)]
        assert {m[0] for m in marks} <= set(ms.entity_id)
        spans = set(zip(ms.entity_id, ms.start, ms.end, strict=True))
        for eid, start, end, surface in marks:
            assert (eid, int(start), int(end)) in spans
            assert html.unescape(surface) == raw[int(start):int(end)]
        # the sentence reads as written once the marks are removed
        body = re.search(r"<blockquote[^>]*>(.*?)</blockquote>", out).group(1)
        assert html.unescape(re.sub(r"<[^>]+>", "", body)) == raw[task.start:task.end]
    with pytest.raises(KeyError, match="T999"):
        highlight_task(seed_plan, "T999")


def test_choosing_a_task_shows_its_evidence(app, seed_plan):
    last = seed_plan.tasks.task_id.iloc[-1]
    app.show_task(last)
    assert f"<b>{last}</b>" in app.evidence.value
    app.modality.value = seed_plan.tasks.modality.iloc[-1]
    assert app.task.value == last           # still passes the filters: kept


def test_document_text_is_escaped_in_table_and_evidence():
    text = ("Opening up\nThe zone will support Hong Kong <img src=x onerror=alert(1)> banks "
            "and $\\href{javascript:alert(2)}{x}$ finance.\n")
    plan = zonekit.load_plan(Source.from_text(text, doc_id="evil", title="<i>t</i>"))
    app = explore(plan)
    for value in (app.table.value, app.evidence.value, app.status.value):
        assert "<img" not in value and "<i>t</i>" not in value
    assert "&lt;img src=x onerror=alert(1)&gt;" in app.evidence.value
    assert "mathjax_ignore" in app.evidence.value and "tex2jax_ignore" in app.table.value
    assert "$" not in app.figure.to_json()


def test_chinese_plan(seed_plan):
    text = "一、开放合作\n支持香港金融机构开展合作。探索与澳门共建联合实验室。\n"
    plan = zonekit.load_plan(Source.from_text(text, doc_id="zh", language="zh"))
    app = explore(plan)
    app.search.value = "澳门"
    assert app.filtered_tasks().task_id.tolist() == tasks_mentioning(plan, "macao")
    assert '<mark data-entity="macao"' in app.evidence.value


def test_plan_with_no_tasks():
    plan = zonekit.load_plan(Source.from_text("Nothing to code here.", doc_id="empty"))
    app = explore(plan)
    assert app.filtered_tasks().empty and network_entities(app) == set()
    assert "No task matches" in app.table.value
    app.search.value = "anything"
    app.reset()


def test_import_zonekit_stays_light():
    code = ("import sys, zonekit; heavy = [m for m in ('plotly', 'ipywidgets', 'anywidget', "
            "'jupyterlab', 'zonekit.explorer', 'zonekit.figures') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout.strip()
    assert out == "[]"


# ---- for people who do not code -------------------------------------------------------------


def test_row_click_shows_that_tasks_evidence(app, seed_plan):
    last = seed_plan.tasks.task_id.iloc[-1]
    # a row click writes the row's task id into the hidden text box, as the browser does
    assert "zk-rowpick" in app.task._dom_classes and app.task.layout.display == "none"
    assert f"<tr data-task='{last}' onclick=" in app.table.value
    app.task.value = last
    assert f"<b>{last}</b>" in app.evidence.value
    assert f"<tr data-task='{last}' class='zk-current'" in app.table.value


def test_node_click_titles_follow_the_selection(app, seed_plan):
    hub_title = html.unescape(app.figure.layout.title.text)
    click(app, "macao")
    title = html.unescape(app.figure.layout.title.text)
    assert title.startswith("Macao:") and title != hub_title
    n = len(tasks_mentioning(seed_plan, "macao"))
    assert f"coded on {n} of" in title
    labels = next(t for t in app.figure.data if t.name == "labels")
    assert "macao" in labels.customdata          # the named node is labelled


def test_network_zooms_to_the_selection(app):
    full = (tuple(app.figure.layout.xaxis.range), tuple(app.figure.layout.yaxis.range))
    app.select_entity("who")
    x0, x1 = app.figure.layout.xaxis.range
    y0, y1 = app.figure.layout.yaxis.range
    assert (x1 - x0) < full[0][1] - full[0][0] or (y1 - y0) < full[1][1] - full[1][0]
    xs = [x for t in app.figure.data if t.legendgroup in NODE_TRACES for x in t.x]
    ys = [y for t in app.figure.data if t.legendgroup in NODE_TRACES for y in t.y]
    assert x0 <= min(xs) and max(xs) <= x1 and y0 <= min(ys) and max(ys) <= y1
    app.reset()
    assert (tuple(app.figure.layout.xaxis.range), tuple(app.figure.layout.yaxis.range)) == full


def test_checkboxes_and_chips_instead_of_ctrl_click(app):
    assert all(isinstance(b, widgets.Checkbox) for b in app.kind.children)
    app.kind.children[0].value = False                      # untick sectors
    assert "sector" not in app.kind.value
    app.entity.add.value = "hong-kong"                       # pick from the list: a chip
    assert app.entity.value == ("hong-kong",)
    (chip,) = app.entity.chips.children
    assert chip.description.startswith("Hong Kong")
    chip.click()
    assert app.entity.value == ()


def test_language_switch_changes_every_label(app, seed_plan):
    app.select_entity("hong-kong")
    app.set_language("zh")
    assert [b.description for b in app.kind.children] == ["领域", "合作方", "政策工具", "部门"]
    assert app.section.options[0][0] == "全部章节" and app.modality.description == "语气"
    assert app.reset_button.description == "清除筛选"
    assert "任务" in app.table.value and "句子" in app.table.value
    assert "显示" in app.status.value and "原文依据" in app.evidence_title.value
    assert app.entity.chips.children[0].description.startswith("香港")
    title = html.unescape(app.figure.layout.title.text)
    assert title.startswith("香港") and re.search("[A-Za-z]", title) is None
    assert [t.name for t in app.figure.data if t.legendgroup in NODE_TRACES] == \
        ["领域", "合作方", "政策工具", "部门"]
    labels = next(t for t in app.figure.data if t.name == "labels")
    assert "香港" in labels.text
    assert all(b.description.startswith(("任务", "网络")) for b in app.downloads.values())
    app.set_language("en")
    assert app.kind.children[1].description == "partners"
    assert "Hong Kong" in next(t for t in app.figure.data if t.name == "labels").text
    with pytest.raises(ValueError, match="fr"):
        app.set_language("fr")


def test_header_names_the_plan_without_developer_text(app, seed_plan):
    assert "zonekit · " + seed_plan.documents.title.iloc[0] in html.unescape(app.header.value)
    text = " ".join(getattr(w, "value", "") for w in app.children if isinstance(w, widgets.HTML))
    assert "import" not in text and "make dashboard" not in text


def test_downloads_of_the_current_table_and_graph(app, seed_plan):
    import base64
    import io

    import networkx as nx
    import openpyxl

    app.select_entity("macao")
    want = tasks_mentioning(seed_plan, "macao")
    name, mime, data = app.download_bytes("csv")
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert name == "tasks.csv" and table.task_id.tolist() == want
    _, _, data = app.download_bytes("xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(data))["tasks"]
    assert [r[0].value for r in ws.iter_rows(min_row=2)] == want
    name, _, data = app.download_bytes("gexf")
    G = nx.read_gexf(io.BytesIO(data))
    assert name.endswith(".gexf") and set(G.nodes) == set(seed_plan.entities.entity_id)
    app.prepare_download("csv")
    href = re.search(r'href="data:text/csv;base64,([^"]+)"', app.download_link.value).group(1)
    assert pd.read_csv(io.BytesIO(base64.b64decode(href)), encoding="utf-8-sig").task_id.tolist() \
        == want


def test_filters_resend_the_entity_list_only_when_it_changes(seed_plan):
    """A 5,000-entity list must not be rebuilt and resent on every filter change."""
    from zonekit.explorer import ALL, explore

    app = explore(seed_plan)
    sent = []
    app.entity.add.observe(lambda change: sent.append(len(change["new"])), names="options")
    app.modality.value = "binding"
    app.section.value = seed_plan.tasks.section.iloc[0]
    app.search.value = "trade"
    app.kind.value = ("sector", "partner", "instrument", "agency")   # the same kinds
    assert sent == []
    app.kind.value = ("partner",)                                     # fewer kinds: a new list
    n_partners = int((seed_plan.entities.kind == "partner").sum())
    assert sent == [1 + n_partners]
    app.modality.value = ALL
    assert sent == [1 + n_partners]
    app.set_language("zh")                                            # relabelled: resent
    assert len(sent) == 2 and sent[-1] == 1 + n_partners
    assert app.entity.add.options[1][0].startswith(
        seed_plan.entities.set_index("entity_id").label_zh[app.entity.add.options[1][1]])
