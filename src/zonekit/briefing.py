"""Briefing export: one call from a plan to a folder of cited charts, tables and a summary page.

:func:`brief` writes, into one folder (atomically, see :func:`zonekit.export.staged_output`):

- ``index.html``: a one-page briefing: key findings computed from the tables, every chart
  (interactive, plotly.js inlined: the page works offline and fetches nothing) and the files;
- ``charts/<chart>.<format>``: every chart of :func:`zonekit.figures.all_figures` as PNG (2x
  scale), SVG and PDF (vector: no WebGL traces) and standalone HTML, sized for a slide, an A4
  page or a square;
- ``tasks.csv``, ``mentions.csv``, ``entities.csv`` and ``tables.xlsx`` (a sheet per table,
  the findings and a ``source`` sheet citing the documents);
- ``graph.graphml``, ``graph.gexf``, ``graph.json``.

This module computes (findings, workbook sheets, HTML); :mod:`zonekit.export` writes. Static
images are rendered by kaleido in a single headless-Chrome session for the whole batch.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from . import __version__, export
from .codebook import default_codebook_path
from .errors import BrowserError
from .findings import Finding, count, findings, resolve_lang
from .markup import esc
from .schema import KINDS

__all__ = ["brief", "Briefing", "Finding", "findings", "prepare_figures", "export_figures",
           "image_jobs", "workbook_sheets", "source_table",
           "briefing_html", "SIZES", "FORMATS", "PNG_SCALE", "TABLE_FILES", "GRAPH_FILES"]

#: Chart sizes in CSS pixels: a 16:9 slide, an A4 page (landscape, 96 dpi), a square.
SIZES = {"slide": (1280, 720), "a4": (1123, 794), "square": (1080, 1080)}
#: Chart formats :func:`brief` can write.
FORMATS = ("png", "svg", "pdf", "html")
#: PNG resolution: pixels per CSS pixel.
PNG_SCALE = 2
#: Table files of a briefing folder.
TABLE_FILES = ("tasks.csv", "mentions.csv", "entities.csv", "tables.xlsx")
#: Graph files of a briefing folder.
GRAPH_FILES = ("graph.graphml", "graph.gexf", "graph.json")
_CHARTS = "charts"
#: Width (px) chart titles are laid out for: the narrowest export (square) and the page.
TITLE_WIDTH = min(min(w for w, _ in SIZES.values()), 1080)
#: The narrowest width (px) the charts of the briefing page are laid out for (titles, network
#: labels): a tablet held upright or half a laptop screen; wider, they only gain room.
HTML_WIDTH = 720
_HTML_CHART_HEIGHT = 560


# --------------------------------------------------------------------------------------------
# workbook


def source_table(plan) -> pd.DataFrame:
    """One row per document: what a citation needs, plus a checksum of the text analysed.

    Parameters
    ----------
    plan : Plan

    Returns
    -------
    DataFrame
        ``doc_id, citation, title, publisher, date, url, language, file, encoding, n_chars,
        n_tasks, sha256, codebook, generated``.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> t = source_table(load_plan())
    >>> t.loc[0, ["publisher", "date", "n_tasks"]].astype(str).tolist()
    ['CGTN', '2023-11-23', '14']
    >>> t.columns.tolist()[-3:]
    ['sha256', 'codebook', 'generated']
    """
    n_tasks = plan.tasks.groupby("doc_id").size()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    bundled = default_codebook_path().parent
    paths = [Path(str(p)) for p in plan.codebook.paths]
    user = [p.name for p in paths if p.parent != bundled]
    base = "zonekit default codebook" if len(user) < len(paths) or not paths else ""
    codebook = (f"{base} extended by {', '.join(user)}" if base and user
                else ", ".join(user) or "zonekit default codebook")
    rows = []
    stated = plan.documents.set_index("doc_id")  # sources.csv, else what the document states
    for s in plan.sources:
        rows.append({
            "doc_id": s.doc_id, "citation": plan.citation(s.doc_id),
            **{k: str(stated.at[s.doc_id, k]) for k in ("title", "publisher", "date", "url",
                                                         "language")},
            "file": Path(s.path).name if s.path else "", "encoding": s.encoding,
            "n_chars": len(s.text), "n_tasks": int(n_tasks.get(s.doc_id, 0)),
            "sha256": hashlib.sha256(s.text.encode("utf-8")).hexdigest(),
            "codebook": codebook, "generated": f"zonekit {__version__}, {stamp}",
        })
    return pd.DataFrame(rows)


def workbook_sheets(plan, found: list[Finding] | None = None) -> dict[str, pd.DataFrame]:
    """The sheets of ``tables.xlsx``: ``tasks``, ``mentions``, ``entities``, ``findings`` and
    ``source`` (the documents cited).

    Parameters
    ----------
    plan : Plan
    found : list of Finding, optional
        :func:`findings` of ``plan``, if already computed.

    Returns
    -------
    dict of str to DataFrame
        Sheet name to table, in sheet order.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> list(workbook_sheets(load_plan()))
    ['tasks', 'mentions', 'entities', 'findings', 'source']
    """
    found = findings(plan) if found is None else found
    return {
        "tasks": plan.tasks, "mentions": plan.mentions, "entities": plan.entities,
        "findings": pd.DataFrame({"finding": [f.key for f in found],
                                  "headline": [f.headline for f in found]}),
        "source": source_table(plan),
    }


# --------------------------------------------------------------------------------------------
# figures


def _safe_stem(stem: str, taken: set[str]) -> str:
    s = re.sub(r"[^\w.-]+", "_", str(stem), flags=re.ASCII).strip("._") or "chart"
    base, i = s, 2
    while s in taken:
        s, i = f"{base}_{i}", i + 1
    taken.add(s)
    return s


def _inert_strings(obj, key: str = ""):
    """Every string of a figure dict with ``$`` written ``&#36;`` (formats left alone)."""
    if isinstance(obj, dict):
        return {k: (v if k == "template" or k.endswith("format") else _inert_strings(v, k))
                for k, v in obj.items()}
    if isinstance(obj, list):
        return [_inert_strings(v, key) for v in obj]
    if isinstance(obj, str) and "$" in obj:
        if key.endswith("template"):  # keep d3 formats inside %{...}
            return re.sub(r"(%\{[^}]*\})|\$", lambda m: m.group(1) or "&#36;", obj)
        return obj.replace("$", "&#36;")
    return obj


def prepare_figures(plan, figs, title_width: float = TITLE_WIDTH) -> dict:
    """Figures ready to export: safe file stems, a source line on each, no live ``$``, heatmap
    column labels slanted for the width (:func:`zonekit.figures.theme.fit_ticks`).

    Parameters
    ----------
    plan : Plan
    figs : dict of str to plotly Figure
    title_width : float
        Width (px) the titles of charts other than networks are laid out for
        (:func:`zonekit.figures.networks.fit_titles`; networks lay theirs out with their
        labels): :data:`TITLE_WIDTH` for images, :data:`HTML_WIDTH` for the page.

    Returns
    -------
    dict of str to plotly Figure

    Examples
    --------
    >>> import plotly.graph_objects as go
    >>> from zonekit import load_plan
    >>> list(prepare_figures(load_plan(), {"a/b": go.Figure()}))
    ['a_b']
    """
    import plotly.graph_objects as go

    from . import figures as zf
    from .figures.networks import fit_source, fit_titles
    from .figures.theme import fit_ticks

    source = "; ".join(plan.citation(s.doc_id) for s in plan.sources)
    out, taken = {}, set()
    for stem, fig in figs.items():
        if not any(a.name == "source" for a in fig.layout.annotations):
            title = fig.layout.title.text or str(stem)
            fig = zf.apply_briefing_template(fig, title, _text(source), escape=False)
        meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
        fig = go.Figure(fig)
        width = fig.layout.width or title_width
        if "label_width" not in meta:   # networks lay their titles out with their labels
            fit_titles(fig, title_width)
            fit_ticks(fig, width)  # before the source line: it moves the bottom margin
        fit_source(fig, width, grow="label_width" not in meta)
        out[_safe_stem(stem, taken)] = go.Figure(_inert_strings(fig.to_plotly_json()))
    return out


def export_figures(plan, size: str = "slide", lang: str = "auto", seed: int = 0) -> dict:
    """The charts as the static images of a briefing draw them: at the export size.

    :func:`zonekit.figures.all_figures` with ``width`` and ``height`` of ``SIZES[size]``, so
    the network charts place their labels for the size the PNG, SVG and PDF are written at
    (no two label boxes overlap there), then :func:`prepare_figures`.

    Parameters
    ----------
    plan : Plan
    size : {"slide", "a4", "square"}
    lang : str
        ``auto``, ``en`` or ``zh``.
    seed : int
        Layout seed of the network charts.

    Returns
    -------
    dict of str to plotly Figure

    Examples
    --------
    >>> from zonekit import load_plan
    >>> fig = export_figures(load_plan(), "a4")["network"]
    >>> fig.layout.width, fig.layout.height
    (1123, 794)
    """
    from . import figures as zf

    width, height = SIZES[size]
    return prepare_figures(plan, zf.all_figures(plan, seed=seed, lang=lang, width=width,
                                                height=height))


def _vector_safe(fig):
    """A copy without WebGL traces (``Scattergl`` becomes ``Scatter``) for SVG and PDF."""
    import plotly.graph_objects as go

    if not any(t.type == "scattergl" for t in fig.data):
        return fig
    data = []
    for t in fig.data:
        if t.type == "scattergl":
            spec = t.to_plotly_json()
            spec.pop("type", None)
            data.append(go.Scatter(spec))
        else:
            data.append(t)
    return go.Figure(data=data, layout=fig.layout)


def image_jobs(figs: dict, formats, size: str, folder: Path) -> list:
    """``(figure, path, options)`` for :func:`zonekit.export.write_images`, one per image file.

    Examples
    --------
    >>> import plotly.graph_objects as go
    >>> [(p.name, o["width"]) for _, p, o in image_jobs({"a": go.Figure()}, ("png",), "slide", Path("out"))]
    [('a.png', 1280)]
    """
    width, height = SIZES[size]
    jobs = []
    for stem, fig in figs.items():
        for fmt in formats:
            if fmt == "html":
                continue
            f = fig if fmt == "png" else _vector_safe(fig)
            opts = {"format": fmt, "width": width, "height": height,
                    "scale": PNG_SCALE if fmt == "png" else 1}
            jobs.append((f, folder / _CHARTS / f"{stem}.{fmt}", opts))
    return jobs


# --------------------------------------------------------------------------------------------
# HTML


_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)

_CSS = """
body{font-family:"Noto Sans","Noto Sans CJK SC","Helvetica Neue",Arial,sans-serif;color:#222;
margin:0 auto;max-width:1180px;padding:24px 32px;line-height:1.45}
h1{font-size:28px;margin:0 0 4px}h2{font-size:21px;margin:28px 0 8px;border-bottom:1px solid #ddd}
.source,.meta,footer{color:#555;font-size:14px}
ol.findings>li{margin:0 0 10px}ol.findings p{margin:0 0 4px;font-size:17px}
details summary{cursor:pointer;color:#0072B2;font-size:14px}
table{border-collapse:collapse;font-size:13px;margin:6px 0 4px}
th,td{border-bottom:1px solid #e5e5e5;padding:3px 8px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:18px 0 26px;break-inside:avoid}figcaption{font-size:13px;color:#555}
a{color:#0072B2}ul.files{columns:2;font-size:14px}
@media print{details{display:block}summary{display:none}.chart{height:auto}}
"""


def _csp(scripts: list[str]) -> str:
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest())
                      .decode("ascii") + "'" for s in dict.fromkeys(scripts))
    return ("default-src 'none'; script-src " + (hashes or "'none'") + "; style-src "
            "'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'; "
            "base-uri 'none'; form-action 'none'")


def _text(value) -> str:
    """Escape document text for HTML; ``$`` as an entity too (MathJax never sees a pair)."""
    return esc(value, quote=True)


def _cell(value) -> str:
    if isinstance(value, (list, tuple)):
        value = "; ".join(map(str, value))
    if isinstance(value, float):
        return f"{value:g}"
    return _text(value)


def _table_html(df: pd.DataFrame, key: str) -> str:
    head = "".join(f"<th>{_text(c)}</th>" for c in df.columns)
    body = []
    for row in df.itertuples(index=False, name=None):
        tds = "".join(
            f'<td class="n">{_cell(v)}</td>' if isinstance(v, (int, float)) and not isinstance(
                v, bool) else f"<td>{_cell(v)}</td>" for v in row)
        body.append(f"<tr>{tds}</tr>")
    return (f'<table data-finding="{_text(key)}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def _link(url: str, label: str) -> str:
    if re.match(r"https?://", url or "", re.I):
        return f'<a href="{_text(url)}" rel="noopener noreferrer">{_text(label)}</a>'
    return _text(label)


def _chart_div(fig, stem: str) -> str:
    import plotly.graph_objects as go

    f = go.Figure(fig)
    f.layout.width = None
    # a chart keeps the height it was made for when taller (a network's labels were placed for
    # it, a heatmap's rows and slanted labels need it), never shorter than the page's charts
    height = max(_HTML_CHART_HEIGHT, f.layout.height or 0)
    f.layout.height = height
    return f.to_html(full_html=False, include_plotlyjs=False, include_mathjax=False,
                     div_id=f"chart-{stem}", default_width="100%",
                     default_height=f"{height}px",
                     config={"displaylogo": False, "responsive": True})


def _plotlyjs() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _page(title: str, body: str, scripts: list[str], lang: str = "en") -> str:
    """A full page whose only scripts are ``scripts`` (inline, allowed by hash in the CSP)."""
    return (
        f"<!DOCTYPE html>\n<html lang=\"{'zh-CN' if lang == 'zh' else 'en'}\">\n<head>\n"
        "<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_csp(scripts)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="zonekit {_text(__version__)}">\n'
        f"<title>{title}</title>\n<style>{_CSS}</style>\n"
        + "".join(f"<script>{s}</script>\n" for s in scripts[:1])
        + f"</head>\n<body>\n{body}\n</body>\n</html>\n")


def _with_scripts(fragment: str, scripts: list[str]) -> str:
    """Collect the inline scripts of a plotly fragment (so the CSP can allow them by hash)."""
    scripts.extend(m.group(1) for m in _SCRIPT.finditer(fragment))
    return fragment


def briefing_html(plan, figs: dict, found: list[Finding], files: list[str],
                  formats=FORMATS, lang: str = "auto") -> str:
    """The one-page briefing: findings, charts and files, as one self-contained HTML page.

    Text from documents is HTML-escaped (and ``$`` written ``&#36;``); charts are plotly divs
    with plotly.js inlined once and MathJax left out, so the page fetches nothing. A Content
    Security Policy allows only the page's own scripts (by hash) and no network access.

    Parameters
    ----------
    plan : Plan
    figs : dict of str to Figure
        Charts by file stem (as prepared by :func:`brief`).
    found : list of Finding
    files : list of str
        Paths of the other outputs, relative to the page, to list and link.
    formats : tuple of str
        Chart formats written (linked under each chart).
    lang : str
        ``auto`` (the documents' language), ``en`` or ``zh``: the page's own words.

    Examples
    --------
    >>> from zonekit import Source, load_plan
    >>> plan = load_plan(Source.from_text("We will support <b>Hong Kong</b> finance.",
    ...                                   doc_id="d", title="A <plan>"))
    >>> page = briefing_html(plan, {}, findings(plan), ["tasks.csv"])
    >>> "<title>Briefing: A &lt;plan&gt;</title>" in page, "<b>" in page
    (True, False)
    """
    lang = resolve_lang(plan, lang)
    zh = lang == "zh"
    titles = [plan.title(s.doc_id) for s in plan.sources]
    listed = "；".join(titles[:2]) if zh else "; ".join(titles[:2])
    more = ("等" if zh else " and others") if len(titles) > 2 else ""
    title = _text(("简报：" if zh else "Briefing: ") + listed + more)
    cites = []
    for s in plan.sources:
        cites.append(f"<li>{_link(str(s.meta.get('url') or ''), plan.citation(s.doc_id))}</li>")
    kinds = plan.entities["kind"].value_counts()
    kinds_found = [k for k in KINDS if kinds.get(k, 0) or k != "agency"]
    if zh:
        counts = "，".join(count(int(kinds.get(k, 0)), k, lang) for k in kinds_found)
        meta = (f"{count(len(plan.sources), 'document', lang)}，{count(len(plan.tasks), 'task', lang)}，"
                f"{count(len(plan.mentions), 'mention', lang)}；识别的实体：{counts}。")
        source_word, findings_word = "来源：", "主要发现"
    else:
        counts = ", ".join(count(int(kinds.get(k, 0)), k) for k in kinds_found)
        meta = (f"{count(len(plan.sources), 'document')}, {count(len(plan.tasks), 'task')}, "
                f"{count(len(plan.mentions), 'mention')}; entities found: {counts}.")
        source_word = f"Source{'s' if len(cites) > 1 else ''}:"
        findings_word = "Key findings"
    parts = [
        f"<header><h1>{title}</h1>",
        f'<p class="meta">{meta}</p>',
        f'<div class="source">{source_word}<ul>{"".join(cites)}</ul></div></header>',
        f'<section id="findings"><h2>{findings_word}</h2><ol class="findings">',
    ]
    for f in found:
        table_word = (f"表格（{count(len(f.table), 'row', lang)}）" if zh else
                      f"table ({count(len(f.table), 'row')})")
        detail = (f"<details><summary>{table_word}</summary>"
                  f"{_table_html(f.table, f.key)}</details>" if len(f.table) else "")
        parts.append(f'<li data-finding="{_text(f.key)}"><p class="headline">'
                     f"{_text(f.headline)}</p>{detail}</li>")
    parts.append("</ol></section>")
    scripts: list[str] = []
    if figs:
        scripts.append(_plotlyjs())
        parts.append(f'<section id="charts"><h2>{"图表" if zh else "Charts"}</h2>')
        static = [fmt for fmt in formats if fmt in FORMATS]
        for n, (stem, fig) in enumerate(figs.items(), 1):
            links = " · ".join(f'<a href="{_CHARTS}/{_text(stem)}.{fmt}">{fmt.upper()}</a>'
                               for fmt in static)
            name = f"图 {n}" if zh else f"Figure {n}"   # the file names are in the links
            parts.append(f'<figure id="fig-{_text(stem)}"><div class="chart">'
                         f"{_with_scripts(_chart_div(fig, stem), scripts)}</div>"
                         f"<figcaption>{name}{(' · 下载：' if zh else ' · files: ') + links if links else ''}"
                         "</figcaption></figure>")
        parts.append("</section>")
    parts.append(f'<section id="files"><h2>{"文件" if zh else "Files"}</h2><ul class="files">'
                 + "".join(f'<li><a href="{_text(p)}">{_text(p)}</a></li>' for p in files)
                 + "</ul></section>")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if zh:
        parts.append(f"<footer><p>本页所有数字均由本文件夹中的 tasks.csv、mentions.csv 和 "
                     f"entities.csv 计算得出。由 zonekit {_text(__version__)} 于 {stamp} 生成。"
                     "</p></footer>")
    else:
        parts.append(f"<footer><p>Every number on this page is computed from tasks.csv, "
                     f"mentions.csv and entities.csv in this folder. Made with zonekit "
                     f"{_text(__version__)} on {stamp}.</p></footer>")
    body = "\n".join(parts)
    # the chart scripts run where they stand in the body; plotly.js goes in the head
    body_scripts = scripts[1:]
    return _page(title, body, scripts[:1] + body_scripts, lang)


def _chart_page(fig, stem: str) -> str:
    """One chart as a standalone page, using ``plotly.min.js`` from its folder."""
    import plotly.graph_objects as go

    f = go.Figure(fig)
    f.layout.width = None
    f.layout.height = None
    frag = f.to_html(full_html=False, include_plotlyjs=False, include_mathjax=False,
                     div_id=f"chart-{stem}", default_width="100%", default_height="94vh",
                     config={"displaylogo": False, "responsive": True})
    scripts: list[str] = []
    _with_scripts(frag, scripts)
    title = _text(stem)
    csp = _csp(scripts).replace("script-src ", "script-src 'self' ", 1)  # + plotly.min.js
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        f"<title>{title}</title>\n"
        '<script src="plotly.min.js" charset="utf-8"></script>\n'
        f"</head>\n<body style=\"margin:0\">\n{frag}\n</body>\n</html>\n")


# --------------------------------------------------------------------------------------------
# the export


@dataclass
class Briefing:
    """What :func:`brief` wrote.

    Attributes
    ----------
    out : Path
        The folder.
    files : list of Path
        Every file written, in ``out``.
    findings : list of Finding
    charts : list of str
        Chart file stems.
    formats : tuple of str
    size : str
    error : str or None
        Why some outputs are missing (for example no Chrome for images).

    Examples
    --------
    :func:`brief` returns one; built by hand here so nothing is written:

    >>> from pathlib import Path
    >>> out = Path("brief")
    >>> b = Briefing(out=out, files=[out / "tasks.csv", out / "charts" / "network.png"],
    ...              findings=[], charts=["network"], formats=("png",), size="slide")
    >>> [p.name for p in b.files], b.error
    (['tasks.csv', 'network.png'], None)
    """

    out: Path
    files: list[Path]
    findings: list[Finding]
    charts: list[str]
    formats: tuple
    size: str
    error: str | None = None

    def summary(self) -> str:
        """What was written where, one group per line.

        Returns
        -------
        str
            A header line, then one line per group (page, tables, graph, charts per format)
            and why anything is missing; ``str(briefing)`` is the same text.

        Examples
        --------
        >>> from pathlib import Path
        >>> out = Path("brief")
        >>> b = Briefing(out=out, files=[out / "index.html", out / "tasks.csv",
        ...                              out / "charts" / "network.png"],
        ...              findings=[], charts=["network"], formats=("png",), size="slide",
        ...              error="no Chrome")
        >>> print(b.summary())
        zonekit brief: wrote 3 files to brief
          index.html   one-page briefing: 0 findings, 1 chart
          tables       tasks.csv
          charts/png    1 chart (slide, 2560x1440 px)
          not written: no Chrome
        """
        names = {p.relative_to(self.out).as_posix() for p in self.files}
        lines = [f"zonekit brief: wrote {len(self.files)} files to {self.out}"]
        if "index.html" in names:
            lines.append(f"  index.html   one-page briefing: {count(len(self.findings), 'finding')},"
                         f" {count(len(self.charts), 'chart')}")
        tables = [n for n in TABLE_FILES if n in names]
        if tables:
            lines.append(f"  tables       {', '.join(tables)}")
        graph = [n for n in GRAPH_FILES if n in names]
        if graph:
            lines.append(f"  graph        {', '.join(graph)}")
        for fmt in self.formats:
            n = sum(1 for x in names if x.startswith(_CHARTS + "/") and x.endswith("." + fmt))
            if n:
                w, h = SIZES[self.size]
                px = (f"{w * PNG_SCALE}x{h * PNG_SCALE} px" if fmt == "png"
                      else f"{w}x{h}" if fmt in ("svg", "pdf") else "interactive")
                lines.append(f"  {_CHARTS}/{fmt:<6} {count(n, 'chart')} ({self.size}, {px})")
        if self.error:
            lines.append(f"  not written: {self.error}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def _check(formats, size) -> tuple:
    if isinstance(formats, str):
        formats = tuple(f.strip() for f in formats.split(","))
    formats = tuple(dict.fromkeys(f.lower() for f in formats if f))
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ValueError(f"unknown format {bad[0]!r}; choose from {', '.join(FORMATS)}")
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; choose from {', '.join(SIZES)}")
    return formats


def brief(plan, out, formats=FORMATS, size: str = "slide", force: bool = False,
          progress: bool | None = True, *, figures: dict | None = None,
          lang: str = "auto") -> Briefing:
    """Export a plan as a briefing folder: charts, tables, graph and a one-page summary.

    Writes into ``out`` (see the module docstring for the files). Everything goes into a
    staging folder first and is moved into place at the end, so an export that fails or is
    killed half-way leaves ``out`` as it was. Static images are rendered in one headless
    Chrome session (kaleido, MathJax off); with no Chrome, the tables, workbook, graph and HTML
    are still written and :class:`~zonekit.errors.BrowserError` says how to install one.

    Parameters
    ----------
    plan : Plan, path, Source or list of them
        A plan, or what :func:`zonekit.load_plan` accepts.
    out : path
        The folder to write (created; refused when it holds files, unless ``force``).
    formats : iterable of str or str
        Chart formats among ``png``, ``svg``, ``pdf``, ``html`` (or ``"png,svg"``).
    size : {"slide", "a4", "square"}
        Chart size: 1280x720, 1123x794 (A4 landscape) or 1080x1080 CSS pixels (PNG at 2x).
    force : bool
        Write into a folder that already holds files (same names are replaced).
    progress : bool or None
        Progress bar on stderr (None: only on a terminal).
    figures : dict of str to Figure, optional
        Charts to export instead of :func:`zonekit.figures.all_figures` (keys are file stems).
    lang : str
        ``auto`` (the documents' language), ``en`` or ``zh``: findings, charts and page.

    Returns
    -------
    Briefing
        The files written; ``print()`` it for a summary.

    Raises
    ------
    OutputError
        ``out`` is not empty and ``force`` is False, or cannot be written.
    BrowserError
        No Chrome/Chromium for PNG/SVG/PDF (everything else was written; ``error.written``).
    ValueError
        Unknown format or size.

    Examples
    --------
    >>> import tempfile, pathlib, zonekit
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "brief"
    >>> b = zonekit.brief(zonekit.load_plan(), out=out, formats=["html"], progress=False)
    >>> sorted(p.name for p in out.iterdir())[:5]
    ['charts', 'entities.csv', 'graph.gexf', 'graph.graphml', 'graph.json']
    >>> print(b.summary())  # doctest: +ELLIPSIS
    zonekit brief: wrote ... files to .../brief
      index.html   one-page briefing: 6 findings, ... charts
      tables       tasks.csv, mentions.csv, entities.csv, tables.xlsx
      graph        graph.graphml, graph.gexf, graph.json
      charts/html  ... charts (slide, interactive)
    """
    from tqdm.auto import tqdm

    from .plan import Plan, load_plan

    formats = _check(formats, size)
    if not isinstance(plan, Plan):
        plan = load_plan(plan)
    out = Path(out)
    export.check_output(out, force=force)  # fail before the slow part
    statics = [f for f in formats if f != "html"]
    if figures is None:
        from . import figures as zf

        # the page: laid out for its narrowest width, then drawn to fill the page's width
        figs = prepare_figures(plan, zf.all_figures(plan, lang=lang, width=HTML_WIDTH),
                               HTML_WIDTH)
        # images: the networks' labels placed for the size they are written at
        exports = export_figures(plan, size, lang) if statics else {}
    else:
        figs = prepare_figures(plan, figures, HTML_WIDTH)
        exports = prepare_figures(plan, figures)
    G = plan.graph()
    lang = resolve_lang(plan, lang)
    found = findings(plan, lang)
    chart_files = [f"{_CHARTS}/{stem}.{fmt}" for stem in figs for fmt in formats]
    if "html" in formats and figs:
        chart_files.append(f"{_CHARTS}/plotly.min.js")
    listed = [*TABLE_FILES, *GRAPH_FILES]
    page = briefing_html(plan, figs, found, listed, formats, lang)
    n_html = len(figs) if "html" in formats else 0
    steps = 6 + n_html + len(figs) * len(statics)  # 3 CSV, XLSX, graph, index.html
    written: list[Path] = []
    error = None
    bar = tqdm(total=steps, desc="zonekit brief", unit="file", disable=(
        None if progress is None else not progress), file=sys.stderr, leave=False)

    def done(path: Path) -> None:
        written.append(out / Path(path).relative_to(stage))
        bar.update(1)

    with bar, export.staged_output(out, force=force) as stage:
        for name, table in (("tasks.csv", plan.tasks), ("mentions.csv", plan.mentions),
                            ("entities.csv", plan.entities)):
            done(export.write_csv(table, stage / name))
        done(export.write_xlsx(workbook_sheets(plan, found), stage / "tables.xlsx"))
        for p in export.write_graph(G, stage):
            written.append(out / p.relative_to(stage))
        bar.update(1)
        (stage / _CHARTS).mkdir()
        if n_html:
            written.append(out / export.write_text(
                _plotlyjs(), stage / _CHARTS / "plotly.min.js").relative_to(stage))
            for stem, fig in figs.items():
                done(export.write_text(_chart_page(fig, stem), stage / _CHARTS / f"{stem}.html"))
        done(export.write_text(page, stage / "index.html"))
        try:
            export.write_images(image_jobs(exports, statics, size, stage), on_done=done)
        except BrowserError as e:
            error = str(e)
            if statics:  # no image was written: link only what exists
                kept = tuple(f for f in formats if f == "html")
                export.write_text(briefing_html(plan, figs, found, listed, kept, lang),
                                  stage / "index.html")
    result = Briefing(out, written, found, list(figs), formats, size, error)
    if error:
        raise BrowserError(f"{error}; the tables, graph and HTML were written to {out}",
                           written=written) from None
    return result
