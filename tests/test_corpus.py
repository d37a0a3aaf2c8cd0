"""Corpora: several documents, their metadata, ids, the progress bar and two processes."""

import csv

import pandas as pd
import pytest

from zonekit import Source, load_plan
from zonekit.plan import PARALLEL_MIN_CHARS, _n_jobs
from zonekit.schema import DOCUMENT_COLUMNS

A = "Finance\n\nWe will support banks in Hong Kong.\nThe weather was fine.\n"
B = "一、开放\n支持香港金融机构开展合作。必须建立绿色通道。\n"
C = "Trade\n\nWe must build a platform with Macao. Explore a pilot zone.\n"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.txt").write_text(A, encoding="utf-8")
    (folder / "b.txt").write_text(B, encoding="utf-8")
    (folder / "c.md").write_text(C, encoding="utf-8")
    (folder / "notes.csv").write_text("not a plan", encoding="utf-8")
    with open(folder / "sources.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "title", "publisher", "date", "url", "language", "region"])
        w.writerow(["a.txt", "Plan A", "State Council", "2023-01-02", "https://a.example", "en",
                    "Beijing"])
        w.writerow(["b.txt", "方案 B", "国务院", "2024-05-06", "", "zh", "上海"])
    return folder


def test_folder_is_a_corpus_with_unique_ids(corpus):
    plan = load_plan(corpus)
    assert [s.doc_id for s in plan.sources] == ["a", "b", "c"]  # .txt and .md, sorted
    t = plan.tasks
    assert t["task_id"].tolist() == ["T001", "T002", "T003", "T004", "T005"]
    assert t["doc_id"].tolist() == ["a", "b", "b", "c", "c"]
    assert plan.mentions["mention_id"].is_unique
    # numbering runs on across documents, and every mention points at a task of its document
    by_task = dict(zip(t["task_id"], t["doc_id"], strict=True))
    assert all(by_task[m.task_id] == m.doc_id for m in plan.mentions.itertuples())
    assert plan.mentions["mention_id"].tolist() == [f"M{i:04d}" for i in
                                                    range(1, len(plan.mentions) + 1)]
    for name in ("tasks", "mentions", "segments", "boilerplate"):
        assert "doc_id" in getattr(plan, name).columns, name
    for m in plan.mentions.itertuples():
        assert plan.raw(m.doc_id)[m.start:m.end] == m.surface
    assert t.loc[t.doc_id == "b", "partners"].tolist()[0] == ["hong-kong"]


def test_documents_table_carries_the_sources_metadata(corpus):
    plan = load_plan(corpus)
    docs = plan.documents
    last = DOCUMENT_COLUMNS.index("language") + 1
    assert docs.columns.tolist() == [*DOCUMENT_COLUMNS[:last], "region", *DOCUMENT_COLUMNS[last:]]
    assert docs[["doc_id", "title", "publisher", "date", "language", "region"]].values.tolist() == [
        ["a", "Plan A", "State Council", "2023-01-02", "en", "Beijing"],
        ["b", "方案 B", "国务院", "2024-05-06", "zh", "上海"],
        ["c", "", "", "", "", ""],  # no row in sources.csv
    ]
    assert docs["url"].tolist() == ["https://a.example", "", ""]
    assert docs["n_tasks"].tolist() == [1, 2, 2]
    assert docs["n_chars"].tolist() == [len(A), len(B), len(C)]
    assert docs["n_mentions"].tolist() == plan.mentions.groupby("doc_id").size().tolist()
    assert docs["path"].str.endswith(("a.txt", "b.txt", "c.md")).all()
    joined = plan.tasks.merge(docs[["doc_id", "date", "region"]], on="doc_id", how="left")
    assert joined["date"].tolist() == ["2023-01-02", "2024-05-06", "2024-05-06", "", ""]
    assert len(joined) == len(plan.tasks)


def test_documents_of_sources_given_as_text():
    plan = load_plan([Source.from_text(A, doc_id="x", title="T", date="2020"),
                      Source.from_text(C, doc_id="y")])
    d = plan.documents
    assert d[["doc_id", "title", "date", "path", "encoding"]].values.tolist() == [
        ["x", "T", "2020", "", "utf-8"], ["y", "", "", "", "utf-8"]]
    assert d.dtypes["n_tasks"] == "int64"


def test_files_and_folders_mixed_and_same_names(tmp_path, corpus):
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text(C, encoding="utf-8")
    plan = load_plan([corpus / "a.txt", other])
    assert [s.doc_id for s in plan.sources] == ["a", "other/a"]
    assert plan.tasks["doc_id"].tolist() == ["a", "other/a", "other/a"]
    assert plan.documents["title"].tolist() == ["Plan A", ""]


def test_two_processes_give_the_same_tables_in_order(corpus):
    one = load_plan(corpus, n_jobs=1)
    two = load_plan(corpus, n_jobs=2)
    for name in ("tasks", "mentions", "segments", "boilerplate", "entities"):
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name), obj=name)
    pd.testing.assert_frame_equal(one.documents, two.documents)


def test_default_processes_only_for_several_large_documents():
    small = [Source.from_text("x", doc_id=str(i)) for i in range(5)]
    assert _n_jobs(None, small) == 1
    big = "We will support banks. " * (PARALLEL_MIN_CHARS // 20)
    one_big = [Source.from_text(big, doc_id="a"), *small]
    assert _n_jobs(None, one_big) == 1
    two_big = [Source.from_text(big, doc_id="a"), Source.from_text(big, doc_id="b")]
    assert _n_jobs(None, two_big) in (1, 2)  # 2 unless the machine has one core
    assert _n_jobs(8, small[:3]) == 3
    with pytest.raises(ValueError, match="n_jobs must be a positive whole number"):
        load_plan(small, n_jobs=0)


def test_progress_bar_on_request_only(corpus, capsys):
    load_plan(corpus, progress=True)
    err = capsys.readouterr().err
    assert "zonekit:" in err and "/3 [" in err  # a bar over the 3 documents, on stderr
    load_plan(corpus, progress=False)
    load_plan(corpus / "a.txt")  # one document: never
    assert capsys.readouterr().err == ""


def test_cli_extract_several_files_and_a_folder(cli, tmp_path, corpus):
    out = tmp_path / "out"
    r = cli("extract", corpus / "a.txt", corpus / "c.md", "--out", out)
    assert r.returncode == 0, r.stderr
    assert "2 documents, 3 tasks" in r.stdout
    tasks = pd.read_csv(out / "tasks.csv")
    assert tasks["doc_id"].tolist() == ["a", "c", "c"]
    assert tasks["task_id"].tolist() == ["T001", "T002", "T003"]
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False)
    assert docs[["doc_id", "title", "n_tasks"]].values.tolist() == [["a", "Plan A", 1],
                                                                    ["c", "", 2]]
    out2 = tmp_path / "out2"
    r = cli("extract", corpus, "--out", out2)
    assert r.returncode == 0, r.stderr
    assert "3 documents, 5 tasks" in r.stdout
    assert pd.read_csv(out2 / "documents.csv")["region"].tolist()[:2] == ["Beijing", "上海"]
