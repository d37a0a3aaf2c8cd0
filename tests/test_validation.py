"""Validation against hand coding: metrics checked by hand, alignment, the template round trip."""

import math
from pathlib import Path

import pandas as pd
import pytest
import yaml

import zonekit
from zonekit import Source, load_codebook, load_plan, validate
from zonekit.export import write_csv
from zonekit.validation import (
    DISAGREEMENT_COLUMNS,
    METRIC_COLUMNS,
    TEMPLATE_COLUMNS,
    TEMPLATE_FILE,
    HandCodingError,
    cohen_kappa,
    hand_coding_template,
    read_hand_coding,
)

DATA = Path(__file__).parent / "data"

# A small codebook, standing alone, so the universe is fixed: 3 sectors, 2 partners,
# 2 instruments.
SMALL_CODEBOOK = """
entities:
  - {id: finance, kind: sector, label: Finance, aliases: [banks]}
  - {id: health, kind: sector, label: Health, aliases: [hospitals]}
  - {id: trade, kind: sector, label: Trade}
  - {id: hong-kong, kind: partner, label: Hong Kong, label_zh: 香港}
  - {id: macao, kind: partner, label: Macao}
  - {id: pilot, kind: instrument, label: Pilot zone, tool_type: environment}
  - {id: platform, kind: instrument, label: Platform, tool_type: supply}
"""
TEXT = ("We will support banks in Hong Kong.\n"          # S1: auto finance, hong-kong
        "We will build a platform for hospitals.\n"      # S2: auto health, platform
        "The weather was fine.\n"                        # S3: not a task for zonekit
        "We must open a pilot zone for trade with Macao.\n")  # S4: auto trade, macao, pilot

# The hand coding: S1 adds Macao; S2 adds trade and drops the platform; S3 is a task (trade);
# S4 is not listed, so the coder says it is not a task.
GOLD = [
    {"text": "We will support banks in Hong Kong.", "sectors": "finance",
     "partners": "hong-kong; macao"},
    {"text": "We will build a platform for hospitals.", "sectors": "health; trade"},
    {"text": "The weather was fine.", "is_task": "yes", "sectors": "trade"},
]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("cb") / "small.yaml"
    path.write_text(SMALL_CODEBOOK, encoding="utf-8")
    cb = load_codebook(path, extend=False)
    return load_plan(Source.from_text(TEXT, doc_id="d"), codebook=cb)


def test_the_plan_is_coded_as_the_comments_say(small):
    assert small.tasks[["sectors", "partners", "instruments"]].values.tolist() == [
        [["finance"], ["hong-kong"], []],
        [["health"], [], ["platform"]],
        [["trade"], ["macao"], ["pilot"]],
    ]


def test_metrics_computed_by_hand(small):
    v = validate(small, GOLD)
    m = v.metrics.set_index("kind")
    assert v.metrics.columns.tolist() == METRIC_COLUMNS
    assert m.index.tolist() == ["sector", "partner", "instrument", "all", "task"]
    # Units scored: S1, S2, S3, S4 (either side calls them a task) -> 4 units.
    #
    # sector, 4 units x 3 sectors = 12 cells:
    #   S1 auto {finance} gold {finance}        TP 1
    #   S2 auto {health}  gold {health, trade}  TP 1, FN 1
    #   S3 auto {}        gold {trade}          FN 1
    #   S4 auto {trade}   gold {}               FP 1
    #   TP 2, FP 1, FN 2, TN 12 - 5 = 7
    #   precision 2/3, recall 2/4 = 0.5, F1 = 2*2 / (2*2 + 1 + 2) = 4/7
    #   po = (2 + 7)/12 = 0.75; zonekit says 1 in 3/12 cells, the coder in 4/12
    #   pe = 3/12 * 4/12 + 9/12 * 8/12 = (12 + 72)/144 = 7/12
    #   kappa = (0.75 - 7/12) / (1 - 7/12) = (2/12) / (5/12) = 0.4
    s = m.loc["sector"]
    assert [int(s[c]) for c in ("n_units", "n_entities", "n_cells", "tp", "fp", "fn", "tn")] == [
        4, 3, 12, 2, 1, 2, 7]
    assert s["precision"] == pytest.approx(2 / 3)
    assert s["recall"] == pytest.approx(0.5)
    assert s["f1"] == pytest.approx(4 / 7)
    assert s["kappa"] == pytest.approx(0.4)
    assert s["agreement"] == pytest.approx(0.75)
    # partner, 4 x 2 = 8 cells:
    #   S1 auto {hong-kong} gold {hong-kong, macao}  TP 1, FN 1
    #   S4 auto {macao}     gold {}                  FP 1
    #   TP 1, FP 1, FN 1, TN 5: precision 0.5, recall 0.5, F1 2/(2+1+1) = 0.5
    #   po = 6/8 = 0.75; both say 1 in 2/8; pe = (2/8)^2 + (6/8)^2 = 0.625
    #   kappa = (0.75 - 0.625) / 0.375 = 1/3
    p = m.loc["partner"]
    assert [int(p[c]) for c in ("n_cells", "tp", "fp", "fn", "tn")] == [8, 1, 1, 1, 5]
    assert [p["precision"], p["recall"], p["f1"]] == pytest.approx([0.5, 0.5, 0.5])
    assert p["kappa"] == pytest.approx(1 / 3)
    # instrument, 8 cells: S2 platform and S4 pilot are zonekit's only -> TP 0, FP 2, FN 0, TN 6
    #   precision 0/2 = 0; recall 0/0 undefined (NaN); F1 = 0/(0+2+0) = 0
    #   po = 6/8; zonekit 2/8, coder 0/8: pe = 2/8*0 + 6/8*1 = 0.75; kappa = 0/0.25 = 0
    i = m.loc["instrument"]
    assert [int(i[c]) for c in ("tp", "fp", "fn", "tn")] == [0, 2, 0, 6]
    assert i["precision"] == 0 and math.isnan(i["recall"]) and i["f1"] == 0
    assert i["kappa"] == pytest.approx(0.0)
    # all kinds pooled, 28 cells: TP 3, FP 4, FN 3, TN 18
    #   precision 3/7, recall 3/6, F1 6/13; po = 21/28 = 0.75
    #   pe = 7/28 * 6/28 + 21/28 * 22/28 = (42 + 462)/784 = 504/784 = 9/14
    #   kappa = (0.75 - 9/14) / (1 - 9/14) = (3/28) / (10/28) = 0.3
    a = m.loc["all"]
    assert [int(a[c]) for c in ("n_cells", "tp", "fp", "fn", "tn")] == [28, 3, 4, 3, 18]
    assert [a["precision"], a["recall"], a["f1"]] == pytest.approx([3 / 7, 0.5, 6 / 13])
    assert a["kappa"] == pytest.approx(0.3)
    # task detection over the 4 sentences: zonekit {S1, S2, S4}, coder {S1, S2, S3}
    #   TP 2, FP 1, FN 1, TN 0: precision = recall = F1 = 2/3
    #   po = 2/4; both say task for 3/4: pe = (3/4)^2 + (1/4)^2 = 0.625
    #   kappa = (0.5 - 0.625) / 0.375 = -1/3
    t = m.loc["task"]
    assert [int(t[c]) for c in ("n_units", "tp", "fp", "fn", "tn")] == [4, 2, 1, 1, 0]
    assert [t["precision"], t["recall"], t["f1"]] == pytest.approx([2 / 3] * 3)
    assert t["kappa"] == pytest.approx(-1 / 3)


def test_disagreements_name_the_sentences(small):
    d = validate(small, GOLD).disagreements
    assert d.columns.tolist() == DISAGREEMENT_COLUMNS
    rows = d[["task_id", "kind", "entity_id", "error", "via", "surface"]].values.tolist()
    assert rows == [
        ["T001", "partner", "macao", "false negative", "", ""],
        ["T002", "sector", "trade", "false negative", "", ""],
        ["T002", "instrument", "platform", "false positive", "alias", "platform"],
        ["", "task", "", "missed task", "", ""],
        ["", "sector", "trade", "false negative", "", ""],
        ["T003", "task", "", "extra task", "", ""],
        ["T003", "sector", "trade", "false positive", "alias", "trade"],
        ["T003", "partner", "macao", "false positive", "alias", "Macao"],
        ["T003", "instrument", "pilot", "false positive", "alias", "pilot zone"],
    ]
    assert d.loc[3, "text"] == "The weather was fine."
    for row in d.itertuples():
        assert small.raw("d")[row.start:row.end] == row.text


def test_cohen_kappa_by_hand():
    # 4 items: agree on 1 and 3, 4 -> po = 3/4; rater a says x twice, b once:
    # pe = (2/4)(1/4) + (2/4)(3/4) = 2/16 + 6/16 = 0.5; kappa = (0.75 - 0.5)/0.5 = 0.5
    assert cohen_kappa("xxyy", "xyyy") == 0.5
    assert cohen_kappa("aa", "aa") != cohen_kappa("aa", "aa")  # NaN: chance agreement is 1


def test_alignment_by_text_ignores_case_space_and_dashes(small):
    gold = [{"text": "  we WILL support\u00a0banks in   Hong Kong. ", "sectors": "finance",
             "partners": "hong-kong"}]
    v = validate(small, gold)
    assert v.unaligned.empty
    u = v.units.set_index("text")
    assert u.loc["We will support banks in Hong Kong.", "gold_rows"] == [1]


def test_alignment_by_offsets_and_repeated_sentences():
    raw = "We will support banks.\nWe will support banks.\nWe will support Macao.\n"
    plan = load_plan(Source.from_text(raw, doc_id="r"))
    gold = pd.DataFrame({"text": ["We will support banks.", "We will support banks."],
                         "sectors": ["finance", ""], "is_task": ["", "no"]})
    v = validate(plan, gold)
    u = v.units
    # the second row with the same text takes the second occurrence
    assert u["gold_task"].tolist() == [True, False, False]
    assert u["gold_rows"].tolist() == [[2], [3], []]  # spreadsheet rows (header is row 1)
    by_offsets = validate(plan, [{"start": 23, "end": 45, "sectors": "finance"}])
    assert by_offsets.units["gold_task"].tolist() == [False, True, False]
    # offsets that do not match the text fall back to the text
    moved = validate(plan, [{"start": 0, "end": 5, "text": "We will support Macao.",
                             "partners": "macao"}])
    assert moved.units["gold_task"].tolist() == [False, False, True]


def test_a_row_marked_no_codes_nothing():
    plan = load_plan(Source.from_text("We will support banks.", doc_id="n"))
    v = validate(plan, [{"text": "We will support banks.", "is_task": "no",
                         "sectors": "finance"}])
    assert v.units.loc[0, "gold_sectors"] == []
    assert v.disagreements[["kind", "entity_id", "error"]].values.tolist() == [
        ["task", "", "extra task"], ["sector", "finance", "false positive"]]


def test_offsets_without_text_in_a_corpus_need_a_doc_id():
    plan = load_plan([Source.from_text("We will support banks.", doc_id="a"),
                      Source.from_text("We will support trade.", doc_id="b")])
    v = validate(plan, [{"start": 0, "end": 22, "sectors": "finance"}])
    assert v.unaligned["problem"].tolist() == ["start/end fit several documents; give doc_id"]
    v = validate(plan, [{"doc_id": "b", "start": 0, "end": 22, "sectors": "trade"}])
    assert v.unaligned.empty and v.documents == ["b"]


def test_rows_that_cannot_be_placed_are_listed():
    plan = load_plan(Source.from_text("We will support banks.", doc_id="one"))
    v = validate(plan, [{"text": "We will support banks.", "sectors": "finance"},
                        {"text": "A sentence from another plan.", "sectors": "trade"},
                        {"doc_id": "nope", "text": "We will support banks."}])
    assert v.unaligned[["row", "problem"]].values.tolist() == [
        [2, "not found in the text"], [3, "doc_id is not a document of the plan"]]
    assert int(v.metrics.set_index("kind").loc["sector", "tp"]) == 1


def test_text_dropped_by_cleaning_is_a_missed_task():
    raw = "We will support banks.\n\nRelated stories\nHong Kong will support trade\n"
    plan = load_plan(Source.from_text(raw, doc_id="w"))
    assert len(plan.tasks) == 1  # the widget's link list is boilerplate
    v = validate(plan, [{"text": "We will support banks.", "sectors": "finance"},
                        {"text": "Hong Kong will support trade", "partners": "hong-kong"}])
    assert v.unaligned.empty
    missed = v.disagreements[v.disagreements.error == "missed task"]
    assert missed["text"].tolist() == ["Hong Kong will support trade"]


def test_corpus_documents_not_hand_coded_are_left_out():
    plan = load_plan([Source.from_text("We will support banks.", doc_id="a"),
                      Source.from_text("We will support Macao.", doc_id="b")])
    v = validate(plan, [{"doc_id": "a", "text": "We will support banks.", "sectors": "finance"}])
    assert v.documents == ["a"]
    assert v.units["doc_id"].tolist() == ["a"]
    amb = load_plan([Source.from_text("We will support banks.", doc_id="a"),
                     Source.from_text("We will support banks.", doc_id="b")])
    v = validate(amb, [{"text": "We will support banks.", "sectors": "finance"}])
    assert v.unaligned["problem"].tolist() == ["text occurs in several documents; give doc_id"]


@pytest.mark.parametrize("row, message", [
    ({"text": "x", "sectors": "nonsense"}, "row 2: 'nonsense' in sectors is not a codebook"),
    ({"text": "x", "partners": "finance"}, "row 2: 'finance' is a sector, not one of the partn"),
    ({"text": "x", "is_task": "maybe"}, "row 2: is_task 'maybe' is not yes or no"),
    ({"text": "x", "modality": "strong"}, "row 2: modality 'strong' is not one of binding"),
    ({"text": "x", "start": "3", "end": ""}, "row 2: give both start and end"),
    ({"text": "x", "start": "9", "end": "4"}, "row 2: start 9 and end 4 are not a span"),
    ({"text": "x", "start": "a", "end": "4"}, "row 2: offset 'a' is not a whole number"),
    ({"text": "", "sectors": "trade"}, "row 2: no text and no start/end"),
])
def test_bad_hand_coding_names_file_and_row(tmp_path, row, message):
    f = tmp_path / "gold.csv"
    pd.DataFrame([row]).to_csv(f, index=False)
    with pytest.raises(HandCodingError, match=f"^{f}: " + message.replace("(", r"\(")):
        read_hand_coding(f)


def test_labels_and_chinese_labels_are_accepted():
    gold = read_hand_coding([{"text": "x", "partners": "Hong Kong、澳门", "sectors": "金融, Trade "
                              "and investment", "instruments": "single-window", "is_task": "是"}])
    assert gold.loc[0, ["partners", "sectors", "instruments", "is_task"]].tolist() == [
        ["hong-kong", "macao"], ["finance", "trade"], ["single-window"], True]


def test_seed_hand_coding_yaml(seed_plan):
    tasks = yaml.safe_load((DATA / "seed_hand_coding.yaml").read_text(encoding="utf-8"))["tasks"]
    v = validate(seed_plan, DATA / "seed_hand_coding.yaml")
    assert v.unaligned.empty
    assert int(v.units["gold_task"].sum()) == len(tasks)
    m = v.metrics.set_index("kind")
    # the YAML gives modalities: a 3 x 3 table over the tasks both call tasks
    assert v.modality.shape == (3, 3)
    assert int(v.modality.to_numpy().sum()) <= len(tasks)
    assert 0 <= v.modality_agreement <= 1
    for kind in ("sector", "partner", "instrument", "all", "task"):
        r = m.loc[kind]
        assert int(r.tp + r.fp + r.fn + r.tn) == int(r.n_cells)
    # the disagreements are exactly the cells where the two codings differ
    n = 0
    for u in v.units.itertuples():
        for k in ("sectors", "partners", "instruments"):
            n += len(set(getattr(u, f"auto_{k}")) ^ set(getattr(u, f"gold_{k}")))
        n += u.auto_task != u.gold_task
    assert len(v.disagreements) == n
    assert f"<Validation: {len(tasks)} hand-coded tasks" in repr(v)


def test_template_round_trip(tmp_path, cli):
    raw = ("Finance\n\n- We will support banks in Hong Kong.\n=SUM(1) is not a formula here.\n"
           "We must build a platform with Macao.\n")
    src = tmp_path / "plan.txt"
    src.write_text(raw, encoding="utf-8")
    out = tmp_path / "out"
    r = cli("extract", src, "--out", out, "--template")
    assert r.returncode == 0, r.stderr
    path = out / TEMPLATE_FILE
    template = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert template.columns.tolist() == TEMPLATE_COLUMNS
    plan = load_plan(src)
    sentences = plan.segments[plan.segments.kind == "sentence"]
    assert len(template) == len(sentences) == 3  # every sentence, tasks or not
    assert template["text"].tolist()[0] == "'- We will support banks in Hong Kong."  # inert
    assert (template[["is_task", "sectors", "partners", "instruments"]] == "").all().all()
    # blank: read back as three non-tasks, placed where the template says
    blank = validate(plan, path)
    assert blank.unaligned.empty and not blank.units["gold_task"].any()
    # the coder fills in the sheet (here: zonekit's own coding, then one change)
    filled = template.copy()
    for i, seg in enumerate(sentences.itertuples()):
        task = plan.tasks[plan.tasks.start == seg.start]
        if len(task):
            t = task.iloc[0]
            filled.loc[i, "is_task"] = "yes"
            for col in ("sectors", "partners", "instruments"):
                filled.loc[i, col] = "; ".join(t[col])
        else:
            filled.loc[i, "is_task"] = "no"
    write_csv(filled, tmp_path / "filled.csv")
    perfect = validate(plan, tmp_path / "filled.csv").metrics.set_index("kind")
    assert (perfect.loc[["sector", "partner", "all", "task"], "f1"] == 1).all()
    assert (perfect.loc[["sector", "partner", "all", "task"], "kappa"] == 1).all()
    filled.loc[2, "partners"] = ""  # the coder drops Macao
    write_csv(filled, tmp_path / "filled.csv")
    v = validate(plan, tmp_path / "filled.csv")
    assert v.disagreements[["entity_id", "error"]].values.tolist() == [
        ["macao", "false positive"]]


def test_cli_validate_prints_and_writes(cli, tmp_path):
    from tests.conftest import SEED

    r = cli("validate", SEED, "--gold", DATA / "seed_hand_coding.yaml")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("zonekit: 1 document scored, 14 hand-coded tasks")
    assert lines[1].split() == ["kind", "units", "cells", "tp", "fp", "fn", "precision",
                                "recall", "f1", "kappa"]
    assert [ln.split()[0] for ln in lines[2:8]] == ["sector", "partner", "instrument", "all",
                                                    "task", "modality:"]
    out = tmp_path / "v"
    r = cli("validate", SEED, "--gold", DATA / "seed_hand_coding.yaml", "--out", out)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(['metrics.csv', 'disagreements.csv', 'units.csv', 'unaligned.csv'])
    metrics = pd.read_csv(out / "metrics.csv")
    assert metrics.columns.tolist() == METRIC_COLUMNS
    bad = tmp_path / "bad.csv"
    bad.write_text("text,partners\nWe will support banks.,finance\n", encoding="utf-8")
    r = cli("validate", SEED, "--gold", bad)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        f"zonekit: error: {bad}: row 2: 'finance' is a sector, not one of the partners"]


def test_template_function_lists_sentences_only():
    plan = load_plan(Source.from_text("Trade\n\nWe will open up. It rained.\n", doc_id="t"))
    t = hand_coding_template(plan)
    assert t[["doc_id", "section", "text"]].values.tolist() == [
        ["t", "Trade", "We will open up."], ["t", "Trade", "It rained."]]
    assert t["start"].dtype == "int64"
    assert zonekit.Validation is type(validate(plan, t))
