"""The notebook suite: every notebook runs top to bottom on a fresh kernel (from its own folder,
and some from the repository root), every check in the worked solutions passes, and notebooks are
committed without outputs or widget state and define no library logic."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from zonekit import tutorial

nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
INDEX = NOTEBOOKS / "00.00-Index.ipynb"
RESEARCH = sorted(NOTEBOOKS.glob("[0-9][0-9].[0-9][0-9]-*.ipynb"))
TUTORIALS = sorted((NOTEBOOKS / "tutorials").glob("*.ipynb"))
SOLUTIONS = sorted((NOTEBOOKS / "tutorials" / "solutions").glob("*.ipynb"))
DASHBOARD = NOTEBOOKS / "dashboard.ipynb"
OURS = RESEARCH + TUTORIALS + SOLUTIONS
ALL = OURS + ([DASHBOARD] if DASHBOARD.exists() else [])
#: Notebooks also run with the repository root as working directory.
FROM_ROOT = [p for p in OURS if p.name.startswith(("01.00-", "06.00-", "08.00-"))
             and p.parent == NOTEBOOKS] + SOLUTIONS[:1]
CELL_TIMEOUT = 120  # seconds, per cell
NAME = re.compile(r"^\d\d\.\d\d-[A-Z0-9][A-Za-z0-9]*(-[A-Za-z0-9]+)*\.ipynb$")
LINK = re.compile(r"\]\(([^)\s]+\.ipynb)\)")
LIBRARY_LOGIC = re.compile(r"^\s*(async\s+def|def|class)\s", re.MULTILINE)


def _id(path: Path) -> str:
    return path.relative_to(NOTEBOOKS).as_posix()


def execute(path: Path, cwd: Path) -> nbformat.NotebookNode:
    """Run a notebook on a fresh python3 kernel (this interpreter's) with ``cwd`` as folder."""
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


def checks(nb) -> list[list[dict]]:
    """The tutorial.check feedback shown by each code cell (metadata set by CheckResult)."""
    return [[o["metadata"]["zonekit"] for o in cell.get("outputs", [])
             if o.get("output_type") == "display_data" and "zonekit" in o.get("metadata", {})]
            for cell in nb.cells if cell.cell_type == "code"]


def first_markdown(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return next(c.source for c in nb.cells if c.cell_type == "markdown")


# ----------------------------------------------------------------------------- static checks

def test_the_suite_is_there():
    assert INDEX in RESEARCH and len(RESEARCH) >= 8
    assert len(TUTORIALS) >= 4
    assert [p.name for p in SOLUTIONS] == [p.name for p in TUTORIALS]
    assert [p.stem for p in TUTORIALS] == list(tutorial.TUTORIALS)


@pytest.mark.parametrize("path", ALL, ids=_id)
def test_committed_without_outputs_or_widget_state(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert "widgets" not in nb.metadata
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
        assert not {"execution", "ExecuteTime", "collapsed", "scrolled"} & set(cell.metadata)


def test_nbstripout_verify():
    # --keep-id: cell ids are neither outputs nor state (nbstripout would renumber them)
    result = subprocess.run([str(Path(sys.executable).parent / "nbstripout"), "--verify",
                             "--keep-id", *map(str, ALL)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", ALL, ids=_id)
def test_no_library_logic(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not LIBRARY_LOGIC.search(cell.source), (
                f"{path.name} defines a function or class; it belongs in src/zonekit:\n"
                f"{cell.source}")


@pytest.mark.parametrize("path", OURS, ids=_id)
def test_names_data_and_navigation(path):
    assert NAME.match(path.name), path.name
    head = first_markdown(path)
    assert head.startswith("# "), "the first cell is the title"
    links = LINK.findall(head)
    depth = len(path.relative_to(NOTEBOOKS).parts) - 1
    index = "/".join([".."] * depth + [INDEX.name])
    if path != INDEX:
        assert index in links, f"{path.name} does not link back to the index"
        assert "**Data.**" in head, f"{path.name} does not say where its data come from"
    series = sorted(path.parent.glob("[0-9][0-9].[0-9][0-9]-*.ipynb"))
    series = [p for p in series if p != INDEX]
    if path in series:
        i = series.index(path)
        neighbours = series[max(i - 1, 0):i] + series[i + 1:i + 2]
        for other in neighbours:
            assert other.name in links, f"{path.name} does not link to {other.name}"


@pytest.mark.parametrize("path", OURS, ids=_id)
def test_links_resolve(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for link in LINK.findall(cell.source):
                if "://" not in link:
                    assert (path.parent / link).resolve().exists(), f"{path.name}: {link}"


def test_index_lists_every_notebook():
    links = set(LINK.findall("\n".join(c.source for c in nbformat.read(INDEX, 4).cells
                                      if c.cell_type == "markdown")))
    for path in OURS:
        if path != INDEX:
            assert path.relative_to(NOTEBOOKS).as_posix() in links, path.name
    assert "08.00" in first_markdown(INDEX)  # the slot for comparing plans and validation


@pytest.mark.parametrize("path", TUTORIALS + SOLUTIONS, ids=_id)
def test_tutorials_state_goals_and_check_every_exercise(path):
    nb = nbformat.read(path, as_version=4)
    assert "**Learning goals.**" in first_markdown(path)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    names = re.findall(r'tutorial\.check\("([a-z0-9-]+)"', code)
    assert names == tutorial.exercises(path.stem)["name"].tolist()
    assert len(names) >= 3


# ----------------------------------------------------------------------------- execution

def test_kernel_is_this_environment(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import sys, zonekit\nprint(sys.prefix)")])
    nbformat.write(nb, str(tmp_path / "probe.ipynb"))
    ran = execute(tmp_path / "probe.ipynb", tmp_path)
    assert ran.cells[0].outputs[0]["text"].strip() == sys.prefix


@pytest.mark.parametrize("path", ALL, ids=_id)
def test_runs_from_its_own_folder(path):
    nb = execute(path, path.parent)
    shown = checks(nb)
    assert all(len(c) <= 1 for c in shown), "a check's feedback was shown twice"
    found = [c for cell in shown for c in cell]
    if path in SOLUTIONS:
        expected = tutorial.exercises(path.stem)["name"].tolist()
        assert [c["check"] for c in found] == expected
        failed = [c["check"] for c in found if not c["passed"]]
        assert not failed, f"checks that did not pass in {path.name}: {failed}"
    elif path in TUTORIALS:  # blank answers: every check runs and says "not yet"
        assert [c["check"] for c in found] == tutorial.exercises(path.stem)["name"].tolist()
        assert not any(c["passed"] for c in found)
    else:
        assert not found


@pytest.mark.parametrize("path", FROM_ROOT, ids=_id)
def test_runs_from_the_repository_root(path):
    nb = execute(path, ROOT)
    assert all(c["passed"] for cell in checks(nb) for c in cell)


def test_notebook_example_data_matches_the_test_copies():
    """notebooks/data holds copies of test data (notebooks must not read tests/): keep them equal."""
    root = Path(__file__).resolve().parents[1]
    pairs = {"beijing-2023-hand-coding.yaml": "seed_hand_coding.yaml",
             "tianjin-example-en.txt": "compare_en.txt", "tianjin-example-zh.txt": "compare_zh.txt"}
    for nb_name, test_name in pairs.items():
        assert (root / "notebooks/data" / nb_name).read_bytes() == (
            root / "tests/data" / test_name).read_bytes(), nb_name
