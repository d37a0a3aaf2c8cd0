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
from .schema import SKIPPED_FILE, TEXTS_FOLDER, UNIQUE_COLUMNS, safe_cell, text_file

__all__ = ["safe_cell", "file_table", "check_output", "staged_output", "atomic_write", "write_csv",
           "write_graph", "write_folder", "write_text", "write_bytes", "write_xlsx",
           "write_images", "NO_CHROME", "arrow_table", "write_parquet", "remove_files",
           "unfinished_writes",
           "csv_bytes", "xlsx_bytes", "gexf_bytes", "image_bytes", "SKIPPED_FILE",
           "TEXTS_FOLDER", "text_file", "check_file"]
_STAGING_PREFIX = ".zonekit-tmp-"


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


def unfinished_writes(folder) -> list[Path]:
    """The temporary files :func:`atomic_write` leaves in ``folder`` when its process is killed
    mid-write (``.<name>.<random>.tmp``; a write that fails otherwise removes its own).

    Parameters
    ----------
    folder : path
        The folder to look in (not its subfolders); a missing folder has none.

    Returns
    -------
    list of Path
        Sorted.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / ".part-000003.parquet.7yq_gcyl.tmp").write_bytes(b"")
    >>> _ = (d / "part-000002.parquet").write_bytes(b"")
    >>> [p.name for p in unfinished_writes(d)]
    ['.part-000003.parquet.7yq_gcyl.tmp']
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(".*.tmp") if p.is_file())


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


def arrow_table(df: pd.DataFrame, list_columns=()):
    """A table as an Arrow table with fixed column types, the same whatever the rows.

    Integer columns become ``int64``, floats ``float64``, booleans ``bool``, list columns (those
    named in ``list_columns`` or holding lists) ``list<string>``, and every other column
    ``string``; missing values stay null. Text is written as it is (Parquet cells are data, not
    spreadsheet formulas), and lists stay lists.

    Parameters
    ----------
    df : DataFrame
    list_columns : iterable of str
        Columns to type as lists even when the first cell is missing.

    Returns
    -------
    pyarrow.Table

    Examples
    --------
    >>> t = arrow_table(pd.DataFrame({"id": ["T001"], "start": [3], "sectors": [["health"]]}))
    >>> [str(f.type) for f in t.schema]
    ['string', 'int64', 'list<item: string>']
    """
    import pyarrow as pa

    list_columns = set(list_columns)
    arrays, fields = [], []
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_bool_dtype(s):
            typ = pa.bool_()
        elif pd.api.types.is_integer_dtype(s):
            typ = pa.int64()
        elif pd.api.types.is_float_dtype(s):
            typ = pa.float64()
        elif c in list_columns or (len(s) and isinstance(s.iloc[0], (list, tuple))):
            typ = pa.list_(pa.string())
        else:
            typ = pa.string()
        if typ == pa.list_(pa.string()):
            values = s.tolist()
            try:
                arrays.append(pa.array(values, type=typ))
            except (pa.ArrowInvalid, pa.ArrowTypeError):  # items that are not text
                arrays.append(pa.array([None if v is None else [str(x) for x in v]
                                        for v in values], type=typ))
        elif typ == pa.string():
            if pd.api.types.is_string_dtype(s) and s.dtype != object:
                arr = pa.array(s.array)  # Arrow-backed already: no copy of the text
            else:
                arr = pa.array(s.astype(object).where(s.notna(), None).tolist(), from_pandas=True)
            arrays.append(arr if arr.type == typ else arr.cast(typ))
        elif isinstance(s.dtype, pd.api.extensions.ExtensionDtype):  # Int64 ``page``: NA kept
            arrays.append(pa.array(s.to_numpy(dtype=object, na_value=None), type=typ))
        else:
            arrays.append(pa.array(s.to_numpy(), type=typ))
        fields.append(pa.field(str(c), typ))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def write_parquet(df, path, list_columns=()) -> Path:
    """Write a table as one Parquet file (zstd), atomically; its folder is made if missing.

    Columns that repeat their values (``doc_id``, ``kind``, ``path``...) are dictionary
    encoded; those in :data:`~zonekit.schema.UNIQUE_COLUMNS` (ids, offsets, sentences) are not:
    a dictionary of values that never repeat costs time to build and is thrown away (about a
    fifth of the time of writing a corpus batch, and files a tenth larger).

    Parameters
    ----------
    df : DataFrame or pyarrow.Table
        A DataFrame is typed by :func:`arrow_table`.
    path : path
    list_columns : iterable of str
        See :func:`arrow_table`.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pyarrow.parquet as pq
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.parquet"
    >>> _ = write_parquet(pd.DataFrame({"a": [["x", "y"]], "b": ["=1+1"]}), p)
    >>> pq.read_table(p).to_pylist()
    [{'a': ['x', 'y'], 'b': '=1+1'}]
    >>> _ = write_parquet(pd.DataFrame({"doc_id": ["a", "a"], "text": ["x", "y"]}), p)
    >>> meta = pq.ParquetFile(p).metadata.row_group(0)
    >>> ["RLE_DICTIONARY" in meta.column(i).encodings for i in range(2)]
    [True, False]
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = df if not isinstance(df, pd.DataFrame) else arrow_table(df, list_columns)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    # a list column's values are its leaf column, "name.list.element"
    dictionary = [f"{f.name}.list.element" if pa.types.is_list(f.type) else f.name
                  for f in table.schema if f.name not in UNIQUE_COLUMNS]
    return atomic_write(path, lambda tmp: pq.write_table(table, tmp, compression="zstd",
                                                         use_dictionary=dictionary))


def remove_files(paths) -> list[Path]:
    """Delete files (those missing are ignored); the only deletion outside staging.

    Used to drop the pieces of an interrupted batch, or a dataset replaced with ``force``.

    Parameters
    ----------
    paths : iterable of path

    Returns
    -------
    list of Path
        The files removed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.parquet"
    >>> _ = p.write_bytes(b"")
    >>> [q.name for q in remove_files([p, p.with_name("missing")])]
    ['x.parquet']
    """
    gone = []
    for p in map(Path, paths):
        try:
            p.unlink()
        except FileNotFoundError:
            continue
        gone.append(p)
    return gone


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


def write_folder(files: dict, out, force: bool = False) -> list[Path]:
    """Write named objects into the folder ``out``, all or nothing.

    Every object is written by its kind: a DataFrame as CSV (lists joined by ``"; "``,
    formula-safe cells), a ``networkx`` graph as GraphML, GEXF and node-link JSON (the name is
    the stem), a ``str`` as UTF-8 text, ``bytes`` as they are, a dict of DataFrames as an XLSX
    workbook. Names may hold sub-folders (``texts/doc.txt``). The files are written into a
    staging folder and moved into place only when all are written, so an interrupted run leaves
    what was there before (see :func:`staged_output`).

    Parameters
    ----------
    files : dict of str to object
        File name (relative, ``/``-separated) to what goes in it.
    out : path
        The folder to write (refused when it holds files, unless ``force``).
    force : bool
        Write into a folder that already holds files.

    Returns
    -------
    list of Path
        Every file written, in ``out``, in the order given.

    Raises
    ------
    OutputError
        ``out`` holds files and ``force`` is False, or a name leaves ``out``.
    TypeError
        An object of a kind this function does not write.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from zonekit import load_plan
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "seed"
    >>> [p.name for p in write_folder(load_plan().files(), out)]
    ['tasks.csv', 'measures.csv', 'mentions.csv', 'entities.csv', 'documents.csv', 'graph.graphml', 'graph.gexf', 'graph.json']
    """
    written: list[str] = []
    with staged_output(out, force=force) as stage:
        for name, obj in files.items():
            rel = Path(name)
            if rel.is_absolute() or ".." in rel.parts:
                raise OutputError(f"{name}: a file name must stay inside the output folder")
            path = stage / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(obj, pd.DataFrame):
                write_csv(obj, path)
            elif isinstance(obj, nx.Graph):
                written += [str(rel.parent / p.name) for p in write_graph(obj, path.parent,
                                                                          rel.name)]
                continue
            elif isinstance(obj, str):
                write_text(obj, path)
            elif isinstance(obj, bytes):
                write_bytes(obj, path)
            elif isinstance(obj, dict):
                write_xlsx(obj, path)
            else:
                raise TypeError(f"{name}: cannot write a {type(obj).__name__}")
            written.append(str(rel))
    return [Path(out) / name for name in written]




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
    # newlines as they are: extracted texts must keep the offsets their tables point into
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline=""))


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


# --------------------------------------------------------------------------------------------
# bytes in memory (the explorer's download buttons): same rules as the files above


def csv_bytes(df: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV bytes (with a BOM, so spreadsheets read Chinese), as :func:`write_csv`
    writes it: lists joined, formulas made inert.

    Examples
    --------
    >>> csv_bytes(pd.DataFrame({"a": [["x", "y"]], "b": ["=1+1"]})).decode("utf-8-sig")
    "a,b\\nx; y,'=1+1\\n"
    """
    return file_table(df).to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def xlsx_bytes(sheets) -> bytes:
    """Tables as the bytes of one Excel workbook, as :func:`write_xlsx` writes it.

    Examples
    --------
    >>> import io, openpyxl
    >>> data = xlsx_bytes({"tasks": pd.DataFrame({"b": ["=1+1"], "n": [3]})})
    >>> [c.value for c in openpyxl.load_workbook(io.BytesIO(data))["tasks"][2]]
    ["'=1+1", 3]
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.xlsx"
        write_xlsx(sheets, path)
        return path.read_bytes()


def gexf_bytes(G: nx.Graph) -> bytes:
    """A graph as GEXF (Gephi) bytes, as :func:`write_graph` writes it (``tasks`` joined).

    Examples
    --------
    >>> G = nx.Graph(); G.add_edge("a", "b", weight=1, tasks=["T001", "T002"])
    >>> b"T001; T002" in gexf_bytes(G)
    True
    """
    import io

    buf = io.BytesIO()
    nx.write_gexf(_flat_graph(G), buf)
    return buf.getvalue()


def image_bytes(fig, fmt: str = "png", *, width: int | None = None, height: int | None = None,
                scale: float = 1, timeout: float = 120) -> bytes:
    """A plotly figure rendered to PNG, SVG or PDF bytes by kaleido, MathJax off.

    Raises
    ------
    BrowserError
        No Chrome or Chromium (see :func:`write_images`).

    Examples
    --------
    >>> import plotly.graph_objects as go
    >>> image_bytes(go.Figure(), "svg")[:4] in (b"<svg", b"<?xm")  # doctest: +SKIP
    True
    """
    opts = {"format": fmt, "scale": scale}
    if width:
        opts["width"] = width
    if height:
        opts["height"] = height
    with tempfile.TemporaryDirectory() as tmp:
        (path,) = write_images([(fig, Path(tmp) / f"figure.{fmt}", opts)], tabs=1,
                               timeout=timeout)
        return path.read_bytes()
