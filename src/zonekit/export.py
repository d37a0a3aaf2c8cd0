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

from .errors import BrowserError, OutputError

__all__ = ["safe_cell", "file_table", "check_output", "staged_output", "atomic_write", "write_csv",
           "write_graph", "write_extract", "EXTRACT_FILES", "TEMPLATE_FILE", "COMPARE_FILES",
           "VALIDATE_FILES", "write_comparison", "write_validation", "write_text", "write_bytes",
           "write_xlsx", "write_images", "NO_CHROME", "check_file", "write_agreement",
           "AGREEMENT_FILES"]

#: Files ``zonekit extract`` writes.
EXTRACT_FILES = ("tasks.csv", "mentions.csv", "entities.csv", "documents.csv", "graph.graphml",
                 "graph.gexf", "graph.json")
#: The blank hand-coding sheet ``zonekit extract --template`` adds (see :mod:`zonekit.validation`).
TEMPLATE_FILE = "hand_coding_template.csv"
#: Files ``zonekit compare`` writes (see :func:`write_comparison`).
COMPARE_FILES = ("summary.csv", "entities.csv", "links.csv", "evidence.csv", "tool_matrix.csv")
#: Files ``zonekit validate --out`` writes (see :func:`write_validation`).
VALIDATE_FILES = ("metrics.csv", "disagreements.csv", "units.csv", "unaligned.csv")
_FORMULA_OPENERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_STAGING_PREFIX = ".zonekit-tmp-"


def safe_cell(value):
    """Make a text cell inert in spreadsheets (OWASP CSV-injection rule).

    Parameters
    ----------
    value : object
        A cell value.

    Returns
    -------
    object
        ``value``, with ``'`` prepended when it is text starting like a formula.

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

    Parameters
    ----------
    df : DataFrame

    Returns
    -------
    DataFrame
        A new table; ``df`` is unchanged.

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


def check_output(out, force: bool = False) -> Path:
    """Refuse an output folder :func:`staged_output` would refuse, before any slow work.

    Parameters
    ----------
    out : path
        The output folder.
    force : bool
        Accept a folder that already holds files.

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    OutputError
        ``out`` is a file, or a non-empty folder and ``force`` is False.

    Examples
    --------
    >>> import tempfile
    >>> check_output(tempfile.mkdtemp()).is_dir()
    True
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder")
    if out.is_dir() and _has_content(out) and not force:
        raise OutputError(f"{out}: folder is not empty; use --force to overwrite")
    return out


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
    out = check_output(out, force)
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


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path, write: Callable[[Path], None]) -> Path:
    """Write one file atomically: ``write(tmp_path)``, then rename over ``path``.

    Parameters
    ----------
    path : path
        The file to write; its folder must exist.
    write : callable
        ``write(tmp_path)`` writes the content to a temporary file beside ``path``.

    Returns
    -------
    Path
        ``path``.

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
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_csv(df: pd.DataFrame, path) -> Path:
    """Write a table as UTF-8 CSV (lists joined, formulas made inert), atomically.

    Parameters
    ----------
    df : DataFrame
    path : path

    Returns
    -------
    Path
        ``path``.

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

    Parameters
    ----------
    G : networkx.Graph
    folder : path
        An existing folder.
    stem : str
        File name without suffix.

    Returns
    -------
    list of Path
        The ``.graphml``, ``.gexf`` and ``.json`` files.

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


def write_extract(plan, out, force: bool = False, template: bool = False) -> list[Path]:
    """Write a plan's tables and graph (:data:`EXTRACT_FILES`) into the folder ``out``.

    With ``template``, also a blank hand-coding sheet, :data:`TEMPLATE_FILE` (one row per
    sentence, see :func:`zonekit.validation.hand_coding_template`). Returns the paths written,
    in ``out``.

    Parameters
    ----------
    plan : Plan
    out : path
        The folder to write (refused when it holds files, unless ``force``).
    force : bool
        Write into a folder that already holds files.
    template : bool
        Also write the hand-coding template.

    Returns
    -------
    list of Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from zonekit import load_plan
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "seed"
    >>> [p.name for p in write_extract(load_plan(), out)]
    ['tasks.csv', 'mentions.csv', 'entities.csv', 'documents.csv', 'graph.graphml', 'graph.gexf', 'graph.json']
    """
    with staged_output(out, force=force) as stage:
        write_csv(plan.tasks, stage / "tasks.csv")
        write_csv(plan.mentions, stage / "mentions.csv")
        write_csv(plan.entities, stage / "entities.csv")
        write_csv(plan.documents, stage / "documents.csv")
        write_graph(plan.graph(), stage)
        if template:
            from .validation import hand_coding_template

            write_csv(hand_coding_template(plan), stage / TEMPLATE_FILE)
    return [Path(out) / name for name in (*EXTRACT_FILES, *([TEMPLATE_FILE] if template else []))]


def write_comparison(comparison, out, force: bool = False) -> list[Path]:
    """Write a :class:`zonekit.comparison.Comparison` as tables (:data:`COMPARE_FILES`) into ``out``.

    ``summary.csv`` counts added, removed and shared items by kind; ``entities.csv`` and
    ``links.csv`` list them with the task ids behind them in each plan (``"; "``-joined);
    ``evidence.csv`` has one row per item and sentence; ``tool_matrix.csv`` is the policy-tool
    matrix in long form (``tool_type, sector, a, b, change``).

    Parameters
    ----------
    comparison : Comparison
    out : path
        The folder to write (refused when it holds files, unless ``force``).
    force : bool
        Write into a folder that already holds files.

    Returns
    -------
    list of Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from zonekit import Source, compare
    >>> cmp = compare(Source.from_text("We will support Hong Kong."),
    ...               Source.from_text("We will support Macao."))
    >>> [p.name for p in write_comparison(cmp, pathlib.Path(tempfile.mkdtemp()) / "cmp")]
    ['summary.csv', 'entities.csv', 'links.csv', 'evidence.csv', 'tool_matrix.csv']
    """
    drop = ["sentences_a", "sentences_b"]
    with staged_output(out, force=force) as stage:
        write_csv(comparison.summary.reset_index(), stage / "summary.csv")
        write_csv(comparison.entities.drop(columns=drop), stage / "entities.csv")
        write_csv(comparison.links.drop(columns=drop), stage / "links.csv")
        write_csv(comparison.evidence(), stage / "evidence.csv")
        write_csv(comparison.tool_matrix_long(), stage / "tool_matrix.csv")
    return [Path(out) / name for name in COMPARE_FILES]


def write_validation(validation, out, force: bool = False) -> list[Path]:
    """Write a :class:`zonekit.validation.Validation` as tables (:data:`VALIDATE_FILES`).

    Parameters
    ----------
    validation : Validation
    out : path
        The folder to write (refused when it holds files, unless ``force``).
    force : bool
        Write into a folder that already holds files.

    Returns
    -------
    list of Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from zonekit import Source, load_plan, validate
    >>> v = validate(load_plan(Source.from_text("We will support Hong Kong.")),
    ...              [{"text": "We will support Hong Kong.", "partners": "hong-kong"}])
    >>> [p.name for p in write_validation(v, pathlib.Path(tempfile.mkdtemp()) / "v")]
    ['metrics.csv', 'disagreements.csv', 'units.csv', 'unaligned.csv']
    """
    with staged_output(out, force=force) as stage:
        write_csv(validation.metrics, stage / "metrics.csv")
        write_csv(validation.disagreements, stage / "disagreements.csv")
        write_csv(validation.units, stage / "units.csv")
        write_csv(validation.unaligned, stage / "unaligned.csv")
    return [Path(out) / name for name in VALIDATE_FILES]


#: The files :func:`write_agreement` writes.
AGREEMENT_FILES = ("agreement.csv", "disagreements.csv", "pairs.csv")


def write_agreement(result, out, force: bool = False) -> list[Path]:
    """Write a :class:`zonekit.agreement.Agreement` as tables (:data:`AGREEMENT_FILES`).

    Parameters
    ----------
    result : Agreement
    out : path
        The folder to write (refused when it holds files, unless ``force``).
    force : bool
        Write into a folder that already holds files.

    Returns
    -------
    list of Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from zonekit.agreement import agreement
    >>> a = agreement(pd.DataFrame({"zh": ["支持香港。"], "en": ["We support Hong Kong."]}))
    >>> [p.name for p in write_agreement(a, pathlib.Path(tempfile.mkdtemp()) / "a")]
    ['agreement.csv', 'disagreements.csv', 'pairs.csv']
    """
    with staged_output(out, force=force) as stage:
        write_csv(result.summary, stage / "agreement.csv")
        write_csv(result.disagreements, stage / "disagreements.csv")
        write_csv(result.pairs, stage / "pairs.csv")
    return [Path(out) / name for name in AGREEMENT_FILES]


def check_file(path, force: bool = False) -> Path:
    """Refuse an output file that exists (unless ``force``) or whose folder does not.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> check_file(f) == f
    True
    >>> _ = f.write_text("x")
    >>> check_file(f)
    Traceback (most recent call last):
    ...
    zonekit.errors.OutputError: .../s.csv: exists; use --force to overwrite
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: is a folder, not a file")
    if path.exists() and not force:
        raise OutputError(f"{path}: exists; use --force to overwrite")
    if not path.parent.is_dir():
        raise OutputError(f"{path}: no such folder {path.parent}")
    return path


def write_text(text: str, path) -> Path:
    """Write UTF-8 text atomically.

    Parameters
    ----------
    text : str
    path : path

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = write_text("<p>héllo</p>", pathlib.Path(tempfile.mkdtemp()) / "a.html")
    >>> p.read_text(encoding="utf-8")
    '<p>héllo</p>'
    """
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_bytes(data: bytes, path) -> Path:
    """Write bytes atomically.

    Parameters
    ----------
    data : bytes
    path : path

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> write_bytes(b"\\x89PNG", pathlib.Path(tempfile.mkdtemp()) / "a.png").read_bytes()
    b'\\x89PNG'
    """
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))


def _xlsx_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, str):
        return safe_cell(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
    return value


def write_xlsx(sheets, path) -> Path:
    """Write tables as one Excel workbook, a sheet per table, atomically.

    Cells hold values, never formulas: list cells are joined by ``"; "`` and text that a
    spreadsheet would run (``=``, ``+``, ``-``, ``@``...) gets a leading ``'``
    (see :func:`safe_cell`); characters XLSX cannot hold become U+FFFD.

    Parameters
    ----------
    sheets : mapping of str to DataFrame
        Sheet name (at most 31 characters) to table, in order.
    path : path
        The ``.xlsx`` file to write.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.xlsx"
    >>> _ = write_xlsx({"t": pd.DataFrame({"a": [["x", "y"]], "b": ["=1+1"], "n": [3]})}, p)
    >>> ws = openpyxl.load_workbook(p)["t"]
    >>> [(c.value, c.data_type) for c in ws[2]]
    [('x; y', 's'), ("'=1+1", 's'), (3, 'n')]
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    def write(tmp: Path) -> None:
        wb = Workbook()
        wb.remove(wb.active)
        for name, df in sheets.items():
            ws = wb.create_sheet(str(name)[:31])
            table = file_table(df)
            ws.append([_xlsx_value(str(c)) for c in table.columns])
            for row in table.itertuples(index=False, name=None):
                ws.append([_xlsx_value(v) for v in row])
            for cell in ws[1]:
                cell.font = Font(bold=True)
            ws.freeze_panes = "A2"
            for i, col in enumerate(table.columns, start=1):
                width = max([len(str(col))] + [len(str(v)) for v in table[col].head(200)])
                ws.column_dimensions[ws.cell(1, i).column_letter].width = min(max(width, 6), 60) + 2
        wb.save(tmp)

    return atomic_write(path, write)


#: How to get a browser for image export; part of the error when none is found.
NO_CHROME = ("no Chrome or Chromium found for PNG/SVG/PDF export; install one (Debian/Ubuntu: "
             "sudo apt-get install -y chromium; elsewhere: plotly_get_chrome) or set "
             "BROWSER_PATH to its executable")


def _run_async(coro):
    """Run a coroutine to completion, also from inside a running event loop (Jupyter)."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def write_images(jobs, *, tabs: int | None = None, timeout: float = 120,
                 on_done=None) -> list[Path]:
    """Render plotly figures to image files in ONE headless-browser session (kaleido).

    Starting Chrome costs seconds, so every image of a batch goes through one
    :class:`kaleido.Kaleido` with ``tabs`` tabs working in parallel. MathJax is off (nothing is
    fetched from the network); plotly.js comes from the installed plotly package. Each file is
    written atomically as soon as it is rendered.

    Parameters
    ----------
    jobs : iterable of (figure, path, opts)
        ``opts`` is kaleido's: ``format`` (png, svg, pdf, jpg, webp), ``width``, ``height``,
        ``scale``.
    tabs : int, optional
        Browser tabs rendering at the same time (default: 2, or 1 on a single core; more
        tabs than cores is slower).
    timeout : float
        Seconds allowed for one image.
    on_done : callable, optional
        Called with each path once it is written (a progress bar).

    Returns
    -------
    list of Path
        The paths written, in the order of ``jobs``.

    Raises
    ------
    BrowserError
        No Chrome or Chromium can be found (the message says how to install one), or it failed.

    Examples
    --------
    >>> write_images([])
    []
    """
    jobs = [(fig, Path(path), dict(opts)) for fig, path, opts in jobs]
    if not jobs:
        return []
    for folder in {path.parent for _, path, _ in jobs}:
        folder.mkdir(parents=True, exist_ok=True)
    try:
        import kaleido
        from kaleido.errors import BrowserFailedError, ChromeNotFoundError
    except ImportError as e:  # pragma: no cover - kaleido is a dependency
        raise BrowserError(f"image export needs kaleido ({e})") from None

    async def render() -> list[Path]:
        import asyncio

        try:
            n = tabs if tabs is not None else min(2, os.cpu_count() or 1)
            k = kaleido.Kaleido(n=max(1, min(n, len(jobs))), timeout=timeout, mathjax=False)
        except ChromeNotFoundError:
            raise BrowserError(NO_CHROME) from None
        try:
            async with k:
                async def one(fig, path, opts):
                    data = await k.calc_fig(fig, opts=opts)
                    write_bytes(data, path)
                    if on_done is not None:
                        on_done(path)
                    return path

                return list(await asyncio.gather(*(one(*job) for job in jobs)))
        except (ChromeNotFoundError, BrowserFailedError) as e:
            raise BrowserError(f"{NO_CHROME} ({type(e).__name__}: {e})") from None

    return _run_async(render())
