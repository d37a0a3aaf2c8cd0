"""Streaming corpus extraction (zonekit.corpus): Parquet dataset, batches, processes, resume
after a kill, bad files skipped, Dask, and the same rows as the in-memory CSV path."""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

from zonekit import load_plan
from zonekit.corpus import SKIPPED_COLUMNS, corpus_files, extract_corpus, load_corpus
from zonekit.errors import OutputError, ZonekitError
from zonekit.export import file_table

from .conftest import ZONEKIT

EN = ("We will support banks in Hong Kong.", "The zone must build a green channel for approvals.",
      "Explore a pilot programme with Macao.", "The weather was fine.",
      "Enterprises shall promote clinical trials of medicine.")
ZH = ("支持香港金融机构开展合作。", "必须建立绿色通道。", "探索与澳门合作。", "天气很好。")
TABLES = ("tasks", "mentions", "entities", "documents", "segments", "boilerplate")


def _document(rng: random.Random, n: int) -> str:
    out = []
    for i in range(n):
        if i % 6 == 0:
            out.append(f"{i // 6 + 1}. Section {rng.choice(['Finance', 'Trade', 'Health'])}")
        pool = ZH if rng.random() < 0.4 else EN
        out.append(" ".join(rng.choice(pool) for _ in range(rng.randint(1, 4))))
    return "\n\n".join(out) + "\n"


def _corpus(folder: Path, n_docs: int, sentences: int = 12, seed: int = 0) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n_docs):
        (folder / f"doc{i:03d}.txt").write_text(_document(rng, sentences), encoding="utf-8")
    with open(folder / "sources.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "title", "date", "region"])
        w.writerow(["doc000.txt", "Plan zero", "2023-01-02", "Beijing"])
        w.writerow(["doc002.txt", "方案二", "2024-05-06", ""])
    return folder


@pytest.fixture
def plans(tmp_path):
    return _corpus(tmp_path / "plans", 7)


def _same(a: pd.DataFrame, b: pd.DataFrame, name: str) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True),
                                  check_dtype=False, obj=name)


def _tables(out) -> dict[str, pd.DataFrame]:
    c = load_corpus(out)
    return {name: c.table(name) for name in c.tables}


def test_dataset_equals_the_in_memory_plan(plans, tmp_path):
    plan = load_plan(plans)
    run = extract_corpus(plans, tmp_path / "out", batch_docs=2)  # 4 batches
    assert (run.n_documents, run.n_tasks, run.n_mentions) == (7, len(plan.tasks),
                                                              len(plan.mentions))
    got = _tables(run.out)
    for name in TABLES:
        if name in got:
            _same(got[name], getattr(plan, name), name)
        else:
            assert getattr(plan, name).empty, name
    # ids run on across batches; every mention is a real span of its file
    assert got["tasks"]["task_id"].tolist() == [f"T{i:03d}" for i in range(1, run.n_tasks + 1)]
    assert got["mentions"]["mention_id"].is_unique
    texts = {d.doc_id: Path(d.path).read_text(encoding="utf-8")
             for d in got["documents"].itertuples()}
    for m in got["mentions"].itertuples():
        assert texts[m.doc_id][m.start:m.end] == m.surface
    assert got["documents"][["doc_id", "title", "region"]].values.tolist()[:3] == [
        ["doc000", "Plan zero", "Beijing"], ["doc001", "", ""], ["doc002", "方案二", ""]]
    assert sorted(p.name for p in (run.out / "tasks").iterdir()) == [
        "part-000000.parquet", "part-000002.parquet", "part-000004.parquet",
        "part-000006.parquet"]


def test_two_processes_and_one_batch_give_the_same_tables(plans, tmp_path):
    one = _tables(extract_corpus(plans, tmp_path / "one").out)
    two = _tables(extract_corpus(plans, tmp_path / "two", jobs=2, batch_docs=1).out)
    assert one.keys() == two.keys()
    for name in one:
        _same(one[name], two[name], name)


def test_cli_parquet_and_csv_hold_the_same_rows(cli, plans, tmp_path):
    r = cli("extract", plans, "--out", tmp_path / "csv")
    assert r.returncode == 0, r.stderr
    r = cli("extract", plans, "--out", tmp_path / "pq", "--format", "parquet", "--jobs", "2",
            "--batch-size", "3")
    assert r.returncode == 0, r.stderr
    assert "7 documents" in r.stdout and "0 skipped" in r.stdout
    got = _tables(tmp_path / "pq")
    for name in ("tasks", "mentions", "entities", "documents"):
        from_csv = pd.read_csv(tmp_path / "csv" / f"{name}.csv", dtype=str,
                               keep_default_na=False)
        from_pq = file_table(got[name]).astype(object).fillna("").astype(str)
        assert len(from_csv) > 0, name
        _same(from_pq, from_csv, name)


def test_bad_files_are_skipped_and_reported(plans, tmp_path, cli):
    (plans / "empty.txt").write_bytes(b"")
    (plans / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    r = cli("extract", plans, "--out", tmp_path / "out", "--format", "parquet")
    assert r.returncode == 0, r.stderr
    assert "2 skipped" in r.stdout
    skipped = pd.read_csv(tmp_path / "out" / "skipped.csv")
    assert skipped.columns.tolist() == SKIPPED_COLUMNS
    assert [Path(p).name for p in skipped["path"]] == ["empty.txt", "image.md"]
    assert skipped["reason"].tolist() == ["the file is empty", "is a PNG image, not a plan "
                                          "zonekit reads (plain text, web page, PDF, Word)"]
    docs = load_corpus(tmp_path / "out").table("documents")
    assert len(docs) == 7 and "empty" not in docs["doc_id"].tolist()


def test_output_folder_rules(plans, tmp_path):
    out = tmp_path / "out"
    extract_corpus(plans, out)
    with pytest.raises(OutputError, match="folder is not empty; use --force"):
        extract_corpus(plans, out)
    fewer = tmp_path / "fewer"
    fewer.mkdir()
    (fewer / "x.txt").write_text(EN[0], encoding="utf-8")
    run = extract_corpus(fewer, out, force=True)  # the old dataset is replaced, not mixed in
    assert run.n_documents == 1
    assert load_corpus(out).table("documents")["doc_id"].tolist() == ["x"]
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="not a zonekit corpus folder"):
        extract_corpus(plans, other, resume=True)
    with pytest.raises(ZonekitError, match="not a zonekit corpus"):
        load_corpus(other)
    assert (other / "notes.txt").read_text() == "mine"


def test_recursive_folders_get_unique_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "plan.txt").write_text(EN[0], encoding="utf-8")
    (tmp_path / "b" / "plan.md").write_text(ZH[0], encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text(EN[1], encoding="utf-8")
    ids = [d for _, d, _ in corpus_files(tmp_path)]
    assert ids == ["a/plan", "b/plan"]
    assert ids == load_plan(tmp_path).tasks["doc_id"].drop_duplicates().tolist()  # one rule


def test_sql_across_documents(plans, tmp_path):
    c = load_corpus(extract_corpus(plans, tmp_path / "out").out)
    plan = load_plan(plans)
    rows = c.sql("SELECT p AS entity, count(*) AS n FROM tasks, unnest(partners) AS t(p) "
                 "GROUP BY p ORDER BY p").fetchall()
    expect = plan.tasks.explode("partners")["partners"].dropna().value_counts().sort_index()
    assert rows == list(expect.items())
    joined = c.sql("SELECT d.title, count(*) FROM mentions m JOIN documents d USING (doc_id) "
                   "WHERE d.title <> '' GROUP BY d.title ORDER BY d.title").fetchall()
    n = plan.mentions.merge(plan.documents, on="doc_id").query("title != ''")
    assert joined == sorted(n.groupby("title").size().items())


def test_killed_run_resumes_where_it_stopped(tmp_path):
    plans = _corpus(tmp_path / "plans", 40, sentences=400)
    out = tmp_path / "out"
    cmd = [str(ZONEKIT), "extract", str(plans), "--out", str(out), "--format", "parquet",
           "--batch-size", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = list((out / "documents").glob("part-*.parquet")) if out.exists() else []
        if len(done) >= 3 or proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    kept = len(list((out / "documents").glob("part-*.parquet")))
    assert 3 <= kept < 40
    r = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert f"40 documents ({kept} from the earlier run)" in r.stdout
    assert json.loads((out / "corpus.json").read_text())["format"] == 1
    assert not list(out.rglob(".*.tmp"))  # no half-written file left
    fresh = _tables(extract_corpus(plans, tmp_path / "fresh").out)
    resumed = _tables(out)
    assert fresh.keys() == resumed.keys()
    for name in fresh:
        _same(resumed[name], fresh[name], name)


def test_dask_cluster_gives_the_local_tables(plans, tmp_path, cli):
    distributed = pytest.importorskip("distributed")
    from zonekit.corpus import extract_dask

    local = _tables(extract_corpus(plans, tmp_path / "local").out)
    # two workers (threads of this process) behind a scheduler on 127.0.0.1, over TCP
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  protocol="tcp", host="127.0.0.1", scheduler_port=0,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        run = extract_dask(plans, tmp_path / "dask", client, batch_docs=2)
        assert len(client.scheduler_info()["workers"]) == 2
        r = cli("extract", plans, "--out", tmp_path / "cli", "--format", "parquet", "--dask",
                cluster.scheduler_address, "--batch-size", "3")
        assert r.returncode == 0, r.stderr
    assert run.n_documents == 7
    for out in (run.out, tmp_path / "cli"):
        remote = _tables(out)
        assert local.keys() == remote.keys()
        for name in local:
            _same(remote[name], local[name], name)


def test_cli_parquet_options_need_parquet(cli, plans, tmp_path):
    r = cli("extract", plans, "--out", tmp_path / "o", "--resume")
    assert r.returncode == 2
    assert r.stderr.strip() == ("zonekit: error: --resume needs --format parquet (see "
                                "'zonekit extract --help')")
    r = cli("extract", plans, "--out", tmp_path / "o", "--format", "parquet", "--jobs", "0")
    assert r.returncode == 2 and "must be at least 1" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_measures_are_numbered_across_batches(tmp_path):
    """A corpus of notices with numbered measures: measure ids run on across batches and equal
    the in-memory Plan's, in the measures table and in the tasks that point to them."""
    notice = (Path(__file__).resolve().parents[1] / "notebooks" / "data"
              / "haikou-notice-example-zh.txt").read_text(encoding="utf-8")
    folder = tmp_path / "notices"
    folder.mkdir()
    for i in range(3):
        (folder / f"n{i}.txt").write_text(notice, encoding="utf-8")
    plan = load_plan(folder)
    assert len(plan.measures) >= 3
    run = extract_corpus(folder, tmp_path / "out", batch_docs=1)
    got = _tables(run.out)
    _same(got["measures"], plan.measures, "measures")
    assert got["measures"]["measure_id"].is_unique
    assert got["tasks"]["measure_id"].tolist() == plan.tasks["measure_id"].tolist()


def test_batch_arrow_tables_are_the_plan_tables_typed_for_parquet(plans, tmp_path):
    """The engines' Arrow tables (built from the coded columns) equal the batch's DataFrames
    typed by arrow_table, schema and cells, with PDF pages and text files mixed."""
    from zonekit import load_codebook
    from zonekit.corpus import _LIST_COLUMNS, code_batch
    from zonekit.export import arrow_table

    from .pdfgen import make_pdf

    (plans / "paged.pdf").write_bytes(make_pdf([["1. Finance"], ["We will support banks.",
                                                                 "Explore a pilot with Macao."]]))
    items = corpus_files(plans)
    assert any(p.suffix == ".pdf" for p, _, _ in items)
    cb = load_codebook()
    frames, _ = code_batch(items, cb)
    tables, _ = code_batch(items, cb, arrow=True)
    assert set(tables) == {"tasks", "mentions", "measures", "segments", "boilerplate",
                           "documents", "entities"}
    for name in ("tasks", "mentions", "measures", "segments", "boilerplate"):
        want = arrow_table(frames[name], _LIST_COLUMNS)
        assert tables[name].schema == want.schema, name
        assert tables[name].to_pylist() == want.to_pylist(), name
    pages = tables["tasks"].column("page").to_pylist()
    assert 2 in pages and None in pages  # the PDF's tasks have their page, the others none
    for name in ("documents", "entities"):
        pd.testing.assert_frame_equal(tables[name], frames[name], obj=name)


def test_resume_removes_the_file_a_killed_write_left(plans, tmp_path):
    """A kill inside a Parquet write leaves atomic_write's temporary file (the rename never
    ran); resuming (or forcing) removes it, and only it."""
    run = extract_corpus(plans, tmp_path / "out", batch_docs=3)
    half = [run.out / "documents" / ".part-000009.parquet.ab12cd.tmp",
            run.out / "tasks" / ".part-000009.parquet.x_y.tmp", run.out / ".skipped.csv.q.tmp"]
    for f in half:
        f.write_bytes(b"PAR1")
    kept = sorted(p.name for p in (run.out / "documents").iterdir())
    again = extract_corpus(plans, run.out, batch_docs=3, resume=True)
    assert again.coded == 0 and again.n_documents == 7
    assert [f.exists() for f in half] == [False, False, False]
    assert sorted(p.name for p in (run.out / "documents").iterdir()) == [
        n for n in kept if not n.endswith(".tmp")]
    half[0].write_bytes(b"PAR1")
    extract_corpus(plans, run.out, batch_docs=3, force=True)
    assert not half[0].exists()
