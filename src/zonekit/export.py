"""Writing files: the only module that does. Every write is atomic and nothing is overwritten
silently.

Outputs are first written into a hidden staging folder inside the target folder and moved into
place with :func:`os.replace` only when everything is written, so an export that is killed
half-way leaves the previous outputs as they were. A non-empty target folder is refused unless
``force=True``. Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) are written with a leading ``'``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import networkx as nx
import pandas as pd

from .errors import OutputError

__all__ = ["safe_cell", "file_table", "staged_output", "atomic_write", "write_csv",
           "write_graph", "write_extract", "EXTRACT_FILES"]

#: Files ``zonekit extract`` writes.
EXTRACT_FILES = ("tasks.csv", "mentions.csv", "entities.csv", "graph.graphml", "graph.gexf",
                 "graph.json")
_FORMULA_OPENERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_STAGING_PREFIX = ".zonekit-tmp-"


def safe_cell(value):
    """Make a text cell inert in spreadsheets (OWASP CSV-injection rule).

    Examples
    --------
    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("-1"), safe_cell("Hong Kong"), safe_cell(3)
    ('\\'=HYPERLINK("http://x")', "'-1", 'Hong Kong', 3)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_OPENERS):
        return "'" + value
    return value


def file_table(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table ready for a file: list cells joined by ``"; "``, text cells made inert.

    Examples
    --------
    >>> file_table(pd.DataFrame({"sectors": [["health", "finance"]], "text": ["@x"]})).iloc[0].tolist()
    ['health; finance', "'@x"]
    """
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(
                lambda v: safe_cell("; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v))
    return out


def _has_content(folder: Path) -> bool:
    return any(not p.name.startswith(_STAGING_PREFIX) for p in folder.iterdir())


@contextmanager
def staged_output(out, force: bool = False) -> Iterator[Path]:
    """Stage a folder of outputs, then move them into ``out`` in one go.

    Parameters
    ----------
    out : path
        The target folder; created if missing.
    force : bool
        Allow writing into a folder that already holds files (same names are replaced, other
        files are left alone).

    Yields
    ------
    Path
        A staging folder to write into. When the block ends without an error, its files replace
        those in ``out``; on an error (or a kill) ``out`` keeps what it had.

    Raises
    ------
    OutputError
        ``out`` is a file, is not empty and ``force`` is False, or cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "result"
    >>> with staged_output(out) as stage:
    ...     _ = (stage / "a.txt").write_text("new")
    >>> sorted(p.name for p in out.iterdir())
    ['a.txt']
    >>> with staged_output(out) as stage:
    ...     pass
    Traceback (most recent call last):
    ...
    zonekit.errors.OutputError: .../result: folder is not empty; use --force to overwrite
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder")
    if out.is_dir() and _has_content(out) and not force:
        raise OutputError(f"{out}: folder is not empty; use --force to overwrite")
    try:
        out.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=out))
    except OSError as e:
        raise OutputError(f"{out}: cannot create the folder ({e.strerror or e})") from None
    try:
        yield stage
        for f in sorted(p for p in stage.rglob("*") if p.is_file()):
            dest = out / f.relative_to(stage)
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(f, dest)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    for stale in out.glob(_STAGING_PREFIX + "*"):  # left by an earlier killed run
        shutil.rmtree(stale, ignore_errors=True)


def atomic_write(path, write: Callable[[Path], None]) -> Path:
    """Write one file atomically: ``write(tmp_path)``, then rename over ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = atomic_write(p, lambda tmp: tmp.write_text("hello"))
    >>> p.read_text()
    'hello'
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_csv(df: pd.DataFrame, path) -> Path:
    """Write a table as UTF-8 CSV (lists joined, formulas made inert), atomically.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = write_csv(pd.DataFrame({"a": [["x", "y"]], "b": ["=1+1"]}), p)
    >>> p.read_text().splitlines()
    ['a,b', "x; y,'=1+1"]
    """
    return atomic_write(path, lambda tmp: file_table(df).to_csv(tmp, index=False,
                                                                encoding="utf-8"))


def _flat_graph(G: nx.Graph) -> nx.Graph:
    H = G.copy()
    for _, _, data in H.edges(data=True):
        if isinstance(data.get("tasks"), list):
            data["tasks"] = "; ".join(data["tasks"])
    return H


def write_graph(G: nx.Graph, folder, stem: str = "graph") -> list[Path]:
    """Write a graph as GraphML, GEXF (Gephi) and node-link JSON into ``folder``.

    In GraphML and GEXF the edge attribute ``tasks`` is joined by ``"; "``; JSON keeps lists.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> G = nx.Graph(); G.add_edge("a", "b", weight=1, tasks=["T001"])
    >>> [p.name for p in write_graph(G, tempfile.mkdtemp())]
    ['graph.graphml', 'graph.gexf', 'graph.json']
    """
    folder = Path(folder)
    flat = _flat_graph(G)
    paths = [
        atomic_write(folder / f"{stem}.graphml", lambda t: nx.write_graphml(flat, t)),
        atomic_write(folder / f"{stem}.gexf", lambda t: nx.write_gexf(flat, t)),
        atomic_write(folder / f"{stem}.json", lambda t: t.write_text(
            json.dumps(nx.node_link_data(G, edges="links"), ensure_ascii=False, indent=1),
            encoding="utf-8")),
    ]
    return paths


def write_extract(plan, out, force: bool = False) -> list[Path]:
    """Write a plan's tables and graph (:data:`EXTRACT_FILES`) into the folder ``out``.

    Returns the paths written, in ``out``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from zonekit import load_plan
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "seed"
    >>> [p.name for p in write_extract(load_plan(), out)]
    ['tasks.csv', 'mentions.csv', 'entities.csv', 'graph.graphml', 'graph.gexf', 'graph.json']
    """
    with staged_output(out, force=force) as stage:
        write_csv(plan.tasks, stage / "tasks.csv")
        write_csv(plan.mentions, stage / "mentions.csv")
        write_csv(plan.entities, stage / "entities.csv")
        write_graph(plan.graph(), stage)
    return [Path(out) / name for name in EXTRACT_FILES]
