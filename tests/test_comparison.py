"""Comparing plans: texts we wrote, including one plan in English and in Chinese."""

from pathlib import Path

import pandas as pd
import pytest

import zonekit
from zonekit import Source, compare, load_plan
from zonekit.codebook import KINDS, TOOL_TYPES
from zonekit.comparison import ENTITY_COLUMNS, EVIDENCE_COLUMNS, LINK_COLUMNS
from zonekit.measures import policy_tool_matrix

DATA = Path(__file__).parent / "data"

OLD = ("Finance\n\n"
       "We will support banks in Hong Kong.\n"
       "We will build a platform for data.\n")
NEW = ("Finance\n\n"
       "We will support banks in Macao.\n"
       "We will build a platform for data.\n"
       "We must set up a pilot zone for tourism with Macao.\n")


@pytest.fixture(scope="module")
def change():
    return compare(Source.from_text(OLD, doc_id="2023"), Source.from_text(NEW, doc_id="2024"))


@pytest.fixture(scope="module")
def en_zh():
    return compare(DATA / "compare_en.txt", DATA / "compare_zh.txt")


def test_english_and_chinese_texts_of_one_plan_compare_cleanly(en_zh):
    en, zh = en_zh.a, en_zh.b
    assert len(en.tasks) == len(zh.tasks) == 8
    # task by task, the same entity ids (and the same modality)
    for col in ("sectors", "partners", "instruments"):
        assert [set(x) for x in en.tasks[col]] == [set(x) for x in zh.tasks[col]], col
    assert en.tasks["modality"].tolist() == zh.tasks["modality"].tolist()
    assert set(en_zh.entities["status"]) == {"shared"}
    assert set(en_zh.links["status"]) == {"shared"}
    assert en_zh.summary[["added", "removed"]].to_numpy().sum() == 0
    assert en_zh.summary.loc["partner", "shared"] == 7
    assert (en_zh.tool_matrix.to_numpy() == 0).all()
    assert (en_zh.entities["n_tasks_a"] == en_zh.entities["n_tasks_b"]).all()
    hk = en_zh.sentences("hong-kong")
    assert hk["plan"].tolist() == ["a", "b"]
    assert "Hong Kong" in hk["text"][0] and "香港" in hk["text"][1]
    assert en_zh.names == ("compare_en", "compare_zh")


def test_added_removed_shared_with_sentences(change):
    e = change.entities.set_index("entity_id")
    assert change.entities.columns.tolist() == ENTITY_COLUMNS
    assert e.loc["macao", ["status", "n_tasks_a", "n_tasks_b", "change"]].tolist() == [
        "added", 0, 2, 2]
    assert e.loc["hong-kong", "status"] == "removed"
    assert e.loc["hong-kong", "sentences_a"] == ["We will support banks in Hong Kong."]
    assert e.loc["hong-kong", "sentences_b"] == []
    assert e.loc["finance", "status"] == "shared"
    assert e.loc["finance", ["tasks_a", "tasks_b"]].tolist() == [["T001"], ["T001"]]
    # "pilot zone" is the demonstration zone (the longest alias wins within a kind)
    assert e.loc["demonstration-zone", "sentences_b"] == [
        "We must set up a pilot zone for tourism with Macao."]
    assert "pilot" not in e.index
    assert change.partners["entity_id"].tolist() == ["macao", "hong-kong"]  # added first
    assert set(change.sectors["kind"]) == {"sector"}
    assert change.instruments["status"].tolist() == ["added", "shared"]
    assert change.summary.loc["partner"].tolist() == [1, 1, 0]
    # sorted by kind, then status (added, removed, shared)
    order = change.entities["kind"].map(KINDS.index).tolist()
    assert order == sorted(order)


def test_links_added_removed_shared(change):
    links = change.links.set_index("link_id")
    assert change.links.columns.tolist() == LINK_COLUMNS
    assert links.loc["finance -- hong-kong", ["status", "weight_a", "weight_b"]].tolist() == [
        "removed", 1, 0]
    assert links.loc["finance -- macao", "status"] == "added"
    assert links.loc["finance -- macao", "sentences_b"] == ["We will support banks in Macao."]
    assert links.loc["digital -- platform", "status"] == "shared"
    assert links.loc["digital -- platform", ["source", "target"]].tolist() == [
        "digital", "platform"]
    assert (change.links["source"] < change.links["target"]).all()
    s = change.sentences(("macao", "finance"))
    assert s[["plan", "task_id"]].values.tolist() == [["b", "T001"]]
    assert change.sentences("finance -- macao").equals(s)
    assert change.sentences("no-such-thing").empty


def test_policy_tool_matrix_counts_instrument_codings_by_sector():
    plan = load_plan(Source.from_text(
        "We will build a platform and a pilot zone for banks and hospitals.\n"
        "We will set up a trading platform.\n"))
    m = policy_tool_matrix(plan)
    # task 1: instruments platform (supply) and pilot zone (environment) x sectors finance and
    # health: 4 codings; task 2: trading-platform (demand), no sector -> its own column
    assert m.index.tolist() == list(TOOL_TYPES)
    assert m.columns.tolist() == ["health", "finance", "(no sector)"]
    assert m.to_numpy().tolist() == [[1, 1, 0], [0, 0, 1], [1, 1, 0]]


def test_tool_matrix_difference_is_b_minus_a(change):
    # a: platform (supply) on a digital task -> supply x digital = 1
    # b: the same, plus demonstration zone (environment) on a tourism task
    m = change.tool_matrix
    assert m.loc["supply", "digital"] == 0
    assert m.loc["environment", "culture-tourism"] == 1
    assert change.tool_matrix_a.loc["environment"].sum() == 0
    long = change.tool_matrix_long().set_index(["tool_type", "sector"])
    assert long.loc[("environment", "culture-tourism")].tolist() == [0, 1, 1]
    assert long.loc[("supply", "digital")].tolist() == [1, 1, 0]
    assert int(long["change"].sum()) == int(m.to_numpy().sum())


def test_evidence_graph_and_repr(change):
    ev = change.evidence()
    assert ev.columns.tolist() == EVIDENCE_COLUMNS
    macao = ev[ev.item_id == "macao"]
    assert macao[["item", "kind", "status", "plan", "doc_id"]].drop_duplicates().values.tolist() \
        == [["entity", "partner", "added", "b", "2024"]]
    assert len(ev[(ev.item == "link") & (ev.item_id == "finance -- hong-kong")]) == 1
    G = change.graph()
    assert G.nodes["hong-kong"]["status"] == "removed"
    assert G.nodes["macao"]["n_tasks_b"] == 2
    assert G.edges["finance", "macao"]["status"] == "added"
    assert repr(change).startswith("<Comparison 2023 -> 2024: sectors +1 -0 =")


def test_compare_takes_plans_or_paths_and_names():
    plan = load_plan(DATA / "compare_en.txt")
    cmp = compare(plan, DATA / "compare_en.txt", names=("before", "after"))
    assert cmp.a is plan and cmp.names == ("before", "after")
    same = compare(plan, plan)
    assert same.names == ("A: compare_en", "B: compare_en")
    assert zonekit.Comparison is type(same)


def test_comparison_network_figure(change):
    pytest.importorskip("plotly")
    from zonekit.figures import STATUS_COLORS, comparison_network

    fig = comparison_network(change, seed=1)
    meta = [(t.meta["panel"], t.meta["status"], t.meta["layer"]) for t in fig.data]
    assert ("a", "removed", "entities") in meta and ("b", "added", "links") in meta
    assert not any(p == "a" and s == "added" for p, s, _ in meta)
    assert not any(p == "b" and s == "removed" for p, s, _ in meta)
    nodes = {(t.meta["panel"], t.meta["status"]): t for t in fig.data
             if t.meta["layer"] == "entities"}
    assert set(nodes["b", "added"].customdata) == {"macao", "demonstration-zone",
                                                   "culture-tourism"}
    assert list(nodes["a", "removed"].customdata) == ["hong-kong"]
    assert nodes["a", "removed"].marker.color == STATUS_COLORS["removed"]
    assert nodes["a", "removed"].xaxis == "x" and nodes["b", "added"].xaxis == "x2"
    # a shared node sits at the same place in both panels
    a, b = nodes["a", "shared"], nodes["b", "shared"]
    assert list(a.customdata) == list(b.customdata)
    assert list(a.x) == list(b.x) and list(a.y) == list(b.y)
    assert fig.layout.title.text == "2024 keeps 3 of 2023's 4 entities, drops 1 and adds 3"
    assert [a.text for a in fig.layout.annotations if a.name == "source"] == [
        f"Source: {change.a.citation()}; {change.b.citation()}"]
    assert comparison_network(change, seed=1).to_dict() == fig.to_dict()  # seeded


def test_figure_escapes_names():
    pytest.importorskip("plotly")
    from zonekit.figures import comparison_network

    cmp = compare(Source.from_text(OLD, doc_id="<b>old</b>"),
                  Source.from_text(NEW, doc_id="new $x$"))
    fig = comparison_network(cmp)
    texts = [a.text for a in fig.layout.annotations]
    assert "A: &lt;b&gt;old&lt;/b&gt;" in texts
    assert "B: new &#36;x&#36;" in texts
    assert not any("<b>old" in t for t in texts)


def test_cli_compare_writes_tables(cli, tmp_path):
    out = tmp_path / "cmp"
    r = cli("compare", DATA / "compare_en.txt", DATA / "compare_zh.txt", "--out", out)
    assert r.returncode == 0, r.stderr
    assert "from A (compare_en, 8 tasks) to B (compare_zh, 8 tasks)" in r.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(['summary.csv', 'entities.csv', 'links.csv', 'evidence.csv', 'tool_matrix.csv'])
    summary = pd.read_csv(out / "summary.csv")
    assert summary["kind"].tolist() == ["sector", "partner", "instrument", "link"]
    assert summary["added"].sum() == summary["removed"].sum() == 0
    ev = pd.read_csv(out / "evidence.csv")
    assert ev.columns.tolist() == EVIDENCE_COLUMNS
    assert any("香港" in t for t in ev["text"])
    ent = pd.read_csv(out / "entities.csv")
    assert "sentences_a" not in ent.columns and ent["tasks_a"].str.match(r"T\d{3}").all()
    again = cli("compare", DATA / "compare_en.txt", DATA / "compare_zh.txt", "--out", out)
    assert again.returncode == 2
    assert again.stderr.strip().splitlines() == [
        f"zonekit: error: {out}: folder is not empty; use --force to overwrite"]
    forced = cli("compare", DATA / "compare_en.txt", DATA / "compare_zh.txt", "--out", out,
                 "--force")
    assert forced.returncode == 0, forced.stderr


def test_cli_compare_bad_input_is_one_line(cli, tmp_path):
    r = cli("compare", DATA / "compare_en.txt", tmp_path / "missing.txt", "--out", tmp_path / "o")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("zonekit: error: ")
    assert "missing.txt: no such file" in lines[0]
    assert not (tmp_path / "o").exists()
    r = cli("compare", DATA / "compare_en.txt", "--out", tmp_path / "o")
    assert r.returncode == 2 and "the following arguments are required: B" in r.stderr
