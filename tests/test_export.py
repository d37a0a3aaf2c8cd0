import json

import networkx as nx
import pandas as pd
import pytest

from zonekit import OutputError
from zonekit.export import safe_cell, staged_output, write_folder

EXTRACT_FILES = ("tasks.csv", "mentions.csv", "entities.csv", "documents.csv", "graph.graphml",
                 "graph.gexf", "graph.json")


def write_extract(plan, out, force=False):
    return write_folder(plan.files(), out, force=force)


def test_write_extract_files(seed_plan, tmp_path):
    out = tmp_path / "seed"
    write_extract(seed_plan, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(EXTRACT_FILES)
    tasks = pd.read_csv(out / "tasks.csv")
    assert tasks.columns.tolist()[:11] == ["task_id", "doc_id", "section", "text", "start", "end",
                                           "page", "modality", "cue", "sectors", "partners"]
    assert tasks["page"].isna().all()  # not a PDF
    row = tasks.set_index("task_id").loc[seed_plan.tasks.loc[6, "task_id"]]
    assert row["partners"] == "hong-kong; macao"
    mentions = pd.read_csv(out / "mentions.csv")
    raw = seed_plan.raw()
    assert all(raw[s:e] == t for s, e, t in zip(mentions.start, mentions.end, mentions.surface,
                                                 strict=True))
    G = nx.read_graphml(out / "graph.graphml")
    assert G.nodes["hong-kong"]["kind"] == "partner"
    assert G.edges["hong-kong", "macao"]["tasks"] == row.name
    gexf = nx.read_gexf(out / "graph.gexf")
    assert gexf.number_of_edges() == seed_plan.graph().number_of_edges()
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == set(seed_plan.entities.entity_id)
    link = next(e for e in data["links"] if {e["source"], e["target"]} == {"hong-kong", "macao"})
    assert link["tasks"] == [row.name] and link["weight"] == 1


def test_refuses_non_empty_folder_without_force(seed_plan, tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(OutputError, match="o: folder is not empty; use --force"):
        write_extract(seed_plan, out)
    write_extract(seed_plan, out, force=True)
    assert (out / "keep.txt").read_text() == "mine"
    assert (out / "tasks.csv").exists()


def test_failure_half_way_keeps_previous_outputs(tmp_path):
    out = tmp_path / "o"
    with staged_output(out) as stage:
        (stage / "a.csv").write_text("old")
    with pytest.raises(RuntimeError), staged_output(out, force=True) as stage:
        (stage / "a.csv").write_text("new")
        raise RuntimeError("killed")
    assert (out / "a.csv").read_text() == "old"
    assert [p.name for p in out.iterdir()] == ["a.csv"]


def test_formula_cells_are_inert(tmp_path):
    from zonekit import Source, load_plan
    plan = load_plan(Source.from_text("=HYPERLINK(\"http://x\",\"y\") will support Hong Kong.\n\n"
                                      "@SUM(1) must help Macao.\n\n-2+3 will promote the WHO."))
    write_extract(plan, tmp_path / "o")
    texts = pd.read_csv(tmp_path / "o" / "tasks.csv")["text"].tolist()
    assert [t[:2] for t in texts] == ["'=", "'@", "'-"]
    assert safe_cell("+1") == "'+1" and safe_cell("plain") == "plain"
