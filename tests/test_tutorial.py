"""zonekit.tutorial: every exercise accepts a right answer, rejects a wrong one with its hint,
and computes what it expects from the data it is given (never a stored answer)."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import zonekit
from zonekit import tutorial

# A plan of our own whose answers differ from the seed plan's: if an exercise stored its
# answer instead of computing it, one of the two plans would fail.
OTHER_TEXT = """Opening up the city
The city will explore cooperation with the WHO on public health and with Hong Kong on finance.
Hospitals must pilot clinical trials with Hong Kong and the WHO.
The city will explore offshore international trade with Hong Kong through a single window.
Banks from Macao are encouraged to explore venture capital with Hong Kong funds.
"""


@pytest.fixture(scope="module")
def seed():
    return zonekit.load_plan()


@pytest.fixture(scope="module")
def other():
    return zonekit.load_plan(zonekit.Source.from_text(OTHER_TEXT, doc_id="other",
                                                      publisher="Test press", date="2024-05-01"))


# -------------------------------------------------------------------- right answers, by hand
# Each is written here independently of zonekit.tutorial (plain pandas and networkx).

def _rows(plan, *columns):
    return zip(*(plan.tasks[c] for c in columns), strict=True)


def _top(series: pd.Series):
    return series[series == series.max()].index[0]


def _instruments_in(plan):
    return {e.id for e in plan.codebook.by_kind("instrument")}


def _with_offshore(plan):
    yaml = ("entities:\n  - id: offshore-trade\n    kind: instrument\n"
            "    label: Offshore international trade\n    tool_type: demand\n"
            "    aliases: [offshore international trade]\n")
    return zonekit.load_plan(plan.sources, codebook=plan.codebook.extend(
        zonekit.Codebook.from_yaml(yaml)))


def _briefing_figure(plan):
    from zonekit import figures

    partners = plan.entities[plan.entities["kind"] == "partner"]
    top = partners.sort_values("n_tasks", ascending=False).iloc[0]
    return figures.apply_briefing_template(
        figures.heatmap(plan), f"{top['label']} leads with {top['n_tasks']} tasks",
        plan.citation())


RIGHT = {
    "reading-n-tasks": lambda p: p.tasks.shape[0],
    "reading-top-modality": lambda p: _top(p.tasks["modality"].value_counts()),
    "reading-who-task": lambda p: [t for t, ps in _rows(p, "task_id", "partners")
                                   if "who" in ps],
    "reading-health-words": lambda p: sorted(set(
        p.raw(m.doc_id)[m.start:m.end] for m in p.mentions.itertuples()
        if m.task_id == "T002" and m.entity_id == "health")),
    "reading-top-partner": lambda p: _top(
        p.entities[p.entities["kind"] == "partner"].set_index("entity_id")["n_tasks"]),
    "codebook-n-instruments": lambda p: len(_instruments_in(p)),
    "codebook-alias": lambda p: next(e.id for e in p.codebook if "BRI" in e.aliases),
    "codebook-unused": lambda p: len(_instruments_in(p) - set(p.entities["entity_id"])),
    "codebook-new-instrument": _with_offshore,
    "codebook-new-edges": lambda p: (_with_offshore(p).graph().number_of_edges()
                                     - p.graph().number_of_edges()),
    "codebook-zh": lambda p: ["hong-kong", "macao"],  # read off tutorial.ZH_SENTENCE by eye
    "network-n-nodes": lambda p: len(p.entities),
    "network-top-degree": lambda p: _top(pd.Series(dict(p.graph().degree()))),
    "network-hk-neighbours": lambda p: sorted(p.graph().neighbors("hong-kong")),
    "network-strongest-link": lambda p: list(max(p.graph().edges(data="weight"),
                                                 key=lambda e: e[2])[:2]),
    "network-bridge-instrument": lambda p: _top(pd.Series({
        n: c for n, c in nx.betweenness_centrality(p.graph()).items()
        if p.graph().nodes[n]["kind"] == "instrument"})),
    "chart-health-bri": lambda p: sum(1 for s, ps in _rows(p, "sectors", "partners")
                                      if "health" in s and "belt-and-road" in ps),
    "chart-instrument-reach": lambda p: _top(pd.Series({
        i: len({s for ins, ss in _rows(p, "instruments", "sectors") if i in ins
                for s in ss})
        for i in p.entities.loc[p.entities["kind"] == "instrument", "entity_id"]})),
    "chart-tool-type": lambda p: _top(pd.Series([
        p.codebook[i].tool_type for ins, ss in _rows(p, "instruments", "sectors")
        for i in ins for _ in ss]).value_counts()),
    "chart-briefing": _briefing_figure,
}


def _wrong(name, plan):
    """A wrong answer of the right shape."""
    right = RIGHT[name](plan)
    if isinstance(right, int):
        return right + 1
    if name == "codebook-new-instrument":
        return plan  # the plan without the new instrument
    if name == "chart-briefing":
        import plotly.graph_objects as go

        return go.Figure(layout={"title": {"text": "A chart"}})
    if name == "network-strongest-link":
        weights = {frozenset(e[:2]): e[2] for e in plan.graph().edges(data="weight")}
        return sorted(min(weights, key=weights.get))
    if name == "reading-top-modality":
        return next(m for m in ("binding", "supportive", "exploratory") if m != right)
    if name == "chart-tool-type":
        return next(t for t in ("supply", "demand", "environment") if t != right)
    if isinstance(right, list):
        return right[:-1] + ["not-an-entity"]
    return "hong-kong" if right != "hong-kong" else "macao"


EXERCISES = tutorial.exercises()["name"].tolist()


def test_every_exercise_has_a_test():
    assert sorted(RIGHT) == sorted(EXERCISES)
    counts = tutorial.exercises().groupby("notebook").size()
    assert sorted(counts.index) == sorted(tutorial.TUTORIALS) and (counts >= 3).all()


@pytest.mark.parametrize("name", EXERCISES)
def test_right_answer_passes(name, seed):
    result = tutorial.check(name, RIGHT[name](seed), quiet=True)
    assert result and result.passed and result.hint == "", str(result)
    assert str(result).startswith(f"✓ {name}: ")


@pytest.mark.parametrize("name", EXERCISES)
def test_wrong_answer_fails_with_its_hint(name, seed):
    result = tutorial.check(name, _wrong(name, seed), quiet=True)
    assert not result and result.passed is False
    hint = tutorial._EXERCISES[name].hint
    assert hint and result.hint == hint
    assert f"Hint: {hint}" in str(result) and str(result).startswith(f"✗ {name}: ")


@pytest.mark.parametrize("name", EXERCISES)
def test_expected_answer_is_computed_from_the_plan_given(name, other):
    assert tutorial.check(name, RIGHT[name](other), plan=other, quiet=True), name
    assert not tutorial.check(name, _wrong(name, other), plan=other, quiet=True), name


def test_the_other_plan_changes_the_answers(seed, other):
    """Same question, different data, different answer: the seed plan's answer is wrong here."""
    changed = [n for n in EXERCISES if n != "codebook-new-instrument"
               and not tutorial.check(n, RIGHT[n](seed), plan=other, quiet=True)]
    assert {"reading-n-tasks", "reading-who-task", "reading-top-partner", "network-n-nodes",
            "network-hk-neighbours", "codebook-unused", "codebook-new-edges"} <= set(changed)


def test_feedback_is_printed_outside_jupyter(capsys, seed):
    r = tutorial.check("reading-n-tasks", len(seed.tasks) + 2)
    out = capsys.readouterr().out
    assert out.strip() == str(r)
    assert "too high" in out and "Hint: A task is one row of plan.tasks" in out
    tutorial.check("reading-n-tasks", len(seed.tasks), quiet=True)
    assert capsys.readouterr().out == ""


def test_answers_in_other_shapes(seed):
    assert tutorial.check("reading-n-tasks", str(len(seed.tasks)), quiet=True)
    assert tutorial.check("reading-n-tasks", float(len(seed.tasks)), quiet=True)
    assert tutorial.check("reading-top-partner", "Belt and Road", quiet=True)  # a label
    assert tutorial.check("reading-top-partner", "一带一路", quiet=True)  # a Chinese label
    assert tutorial.check("network-hk-neighbours",
                          pd.Series(sorted(seed.graph()["hong-kong"])), quiet=True)
    assert tutorial.check("reading-who-task", seed.tasks.query("task_id == 'T014'")["task_id"],
                          quiet=True)


@pytest.mark.parametrize("answer, message", [
    (True, "Give a whole number, not True or False."),
    (3.5, "Give a whole number, not 3.5."),
    ([1, 2], "Give one answer, not 2."),
    (pd.DataFrame({"a": [1]}), "Give a list of ids, not a whole table (pick one column)."),
])
def test_unreadable_answers_say_what_to_give(answer, message):
    r = tutorial.check("reading-n-tasks", answer, quiet=True)
    assert not r and r.message == message and r.hint


def test_codebook_exercise_explains_what_is_wrong(seed):
    alone = zonekit.Codebook.from_yaml(
        "entities:\n  - id: offshore-trade\n    kind: instrument\n    label: Offshore trade\n"
        "    tool_type: demand\n    aliases: [offshore international trade]\n")
    lost = tutorial.check("codebook-new-instrument", zonekit.load_plan(codebook=alone),
                          quiet=True)
    assert not lost and "lost" in lost.message
    supply = zonekit.Codebook.from_yaml(
        "entities:\n  - id: offshore-trade\n    kind: instrument\n    label: Offshore trade\n"
        "    tool_type: supply\n    aliases: [offshore international trade]\n")
    wrong_type = tutorial.check("codebook-new-instrument",
                                zonekit.load_plan(codebook=zonekit.load_codebook(supply)),
                                quiet=True)
    assert not wrong_type and wrong_type.message == "Your entity's tool_type is 'supply'."
    no_alias = zonekit.Codebook.from_yaml(
        "entities:\n  - id: offshore-trade\n    kind: instrument\n    label: Offshore trade\n"
        "    tool_type: demand\n")
    missed = tutorial.check("codebook-new-instrument",
                            zonekit.load_plan(codebook=zonekit.load_codebook(no_alias)),
                            quiet=True)
    assert not missed and "codes 0 task(s)" in missed.message
    assert not tutorial.check("codebook-new-instrument", 3, quiet=True)


def test_briefing_exercise_explains_what_is_wrong(seed):
    figures = pytest.importorskip("zonekit.figures")
    heat = figures.heatmap(seed)
    no_source = figures.apply_briefing_template(heat, "Belt and Road leads: 3 tasks", "me")
    assert tutorial.check("chart-briefing", no_source, quiet=True).message == (
        "Your chart has no source line naming the publisher and date.")
    no_count = figures.apply_briefing_template(heat, "Belt and Road leads", seed.citation())
    assert "not its number of tasks" in tutorial.check("chart-briefing", no_count,
                                                       quiet=True).message
    assert not tutorial.check("chart-briefing", "a title", quiet=True)


def test_unknown_exercise_gives_one_line_with_the_closest(capsys):
    r = tutorial.check("reading-n-task", 1)
    out = capsys.readouterr().out
    assert not r and out.count("\n") == 1 and "Traceback" not in out
    assert "did you mean reading-n-tasks?" in out and r.hint == ""
    assert "did you mean" not in tutorial.check("zzzz", 1, quiet=True).message


def test_no_hint_before_the_student_tries(capsys):
    """Run All with every answer still None: no hint shown, nothing counted as tried."""
    for name in tutorial.exercises()["name"]:
        tutorial._LOG.pop(name, None)
        r = tutorial.check(name, None)
        assert not r and r.hint == "" and "Hint" not in str(r)
        assert r.message == "No answer yet: put your answer in place of None."
    assert "Hint" not in capsys.readouterr().out
    assert set(tutorial.progress()["status"]) == {"not tried"}
    # a wrong answer does get its hint
    assert tutorial.check("reading-n-tasks", 0, quiet=True).hint


def test_tutorial_notebooks_start_unanswered():
    import json
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "notebooks" / "tutorials"
    for path in folder.glob("*.ipynb"):
        cells = ["".join(c["source"]) for c in json.loads(path.read_text())["cells"]
                 if c["cell_type"] == "code"]
        for src in cells:
            if "tutorial.check(" in src and "answer" in src:
                assert "answer = None" in src, (path.name, src)


@pytest.mark.parametrize("name, answer, why", [
    ("reading-who-task", "T14", "'T14' looks like 'T014': ids are written with three digits"),
    ("reading-who-task", "t014", "'t014' looks like 'T014'"),
    ("reading-health-words", ["Medical", "stem cell", "clinical", "gene"], "only in upper and lower case"),
    ("reading-health-words", ["medical", "stem cells", "clinical", "gene"], "is the plural of 'stem cell'"),
])
def test_near_misses_are_explained(seed, name, answer, why):
    r = tutorial.check(name, answer, quiet=True)
    assert not r and why in r.message, r.message


def test_near_miss_rules():
    assert tutorial.near_miss("T14", {"T014"}).startswith("'T14' looks like 'T014'")
    assert "case" in tutorial.near_miss("MACAO", {"Macao"})
    assert "plural" in tutorial.near_miss("partners", {"partner"})
    assert "singular" in tutorial.near_miss("policy", {"policies"})
    assert tutorial.near_miss("T15", {"T014"}) == tutorial.near_miss("Hong", {"Macao"}) == ""


def test_result_html_is_escaped():
    r = tutorial.check("reading-top-partner", "<script>alert(1)</script>", quiet=True)
    assert not r
    html = r._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "✗ Not yet" in html and "Hint:" in html


def test_progress_follows_the_checks(seed):
    tutorial._LOG.pop("network-n-nodes", None)
    status = tutorial.progress("03").set_index("name")["status"]
    assert status["network-n-nodes"] == "not tried"
    tutorial.check("network-n-nodes", 0, quiet=True)
    assert tutorial.progress("03").set_index("name").loc["network-n-nodes", "status"] == "not yet"
    tutorial.check("network-n-nodes", seed.graph().number_of_nodes(), quiet=True)
    tutorial.check("network-n-nodes", 0, quiet=True)  # a later slip keeps the pass
    assert tutorial.progress("03").set_index("name").loc["network-n-nodes", "status"] == "passed"


def test_exercises_table():
    ex = tutorial.exercises()
    assert ex.columns.tolist() == ["name", "notebook", "prompt"]
    assert ex["name"].is_unique and ex["prompt"].str.len().min() > 20
    assert set(ex["notebook"]) == set(tutorial.TUTORIALS)
    assert tutorial.exercises("02")["name"].str.startswith("codebook-").all()
