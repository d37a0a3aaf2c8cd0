"""Briefing export (`zonekit brief`): every file checked, hostile text inert, writes atomic.

Image tests start kaleido's headless Chrome, which costs seconds: they are few and each renders
its whole batch in one session (the seed briefing, a hostile briefing, one CJK/WebGL batch, one
killed export). Browser checks share one Playwright Chromium per module.
"""

from __future__ import annotations

import asyncio
import base64
import csv
import json
import math
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zlib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import zonekit
from zonekit import briefing, export
from zonekit.briefing import PNG_SCALE, SIZES, brief
from zonekit.errors import BrowserError, OutputError

ZONEKIT = Path(sys.executable).parent / "zonekit"
CHROMIUM = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROME = Path(CHROMIUM).is_file()
needs_chrome = pytest.mark.skipif(not HAVE_CHROME, reason="no Chromium: apt-get install chromium")
PW_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run"]
OPENERS = ("=", "+", "-", "@", "\t", "\r")

HOSTILE = "\n\n".join([
    # a <script> line is page furniture (cleaning drops it); markup in a heading is kept as text
    '<b onclick="window.__pwned=1;alert(1)">Opening</b> up',
    'We must support Hong Kong finance <img src=x onerror="window.__pwned=2;alert(2)"> '
    "through a pilot.",
    '=HYPERLINK("http://evil.example","click") We will explore Macao trade and a negative list.',
    "+cmd|' /C calc'!A0",
    r"We will support $\href{javascript:alert(3)}{x}$ health cooperation with the Belt and Road.",
    "-2+3 heading",
    "We must promote @SUM(1+1) digital trade with Hong Kong.",
    "@SUM(A1) section",
    "Hong Kong will support =1+1 data exchange.",
]) + "\n"


def hostile_plan():
    return zonekit.load_plan(zonekit.Source.from_text(
        HOSTILE, doc_id="hostile", title=r"<script>alert(4)</script> $\href{javascript:alert(5)}{t}$",
        publisher='=HYPERLINK("http://x","y")', date="@2024", url="javascript:alert(6)"))


def small_plan():
    return zonekit.load_plan(zonekit.Source.from_text(
        "Opening up\n\nWe must support Hong Kong and Macao finance through a pilot.\n\n"
        "We will explore Hong Kong trade.\n", doc_id="small", title="Small plan"))


# --------------------------------------------------------------------------------------------
# file readers


def png_info(path: Path) -> tuple[int, int]:
    """Width and height from IHDR, after checking the IDAT stream inflates to the right size."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, chunks = 8, []
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        assert zlib.crc32(kind + body) == struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0]
        chunks.append((kind, body))
        pos += 12 + n
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    w, h, depth, colour = struct.unpack(">IIBB", chunks[0][1][:10])
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(b"".join(b for k, b in chunks if k == b"IDAT"))
    assert len(raw) == h * (1 + w * channels * depth // 8)
    return w, h


PIXELS_JS = """async (src) => {
  const img = new Image(); img.src = src; await img.decode();
  const c = document.createElement('canvas'); c.width = img.naturalWidth;
  c.height = img.naturalHeight;
  const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  let diff = 0; const seen = new Set();
  for (let i = 0; i < d.length; i += 4) {
    if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) diff++;
    if (seen.size < 1000) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
  }
  return {w: c.width, h: c.height, share: diff / (c.width * c.height), colours: seen.size};
}"""


def pixels(page, path: Path) -> dict:
    """Decode a PNG in Chromium: size, share of non-background pixels, distinct colours."""
    src = "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()
    return page.evaluate(PIXELS_JS, src)


def svg_text(path: Path) -> tuple[ET.Element, str]:
    root = ET.parse(path).getroot()
    return root, " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))


def pdf_pages(path: Path) -> int:
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def csv_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return [c for row in csv.reader(f) for c in row]


def xlsx_cells(path: Path):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return wb, [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not p.relative_to(folder).parts[0].startswith(".zonekit-tmp-")}


class FindingsParser(HTMLParser):
    """Headline and table rows of each ``<li data-finding=...>`` of index.html."""

    def __init__(self):
        super().__init__()
        self.found: dict[str, dict] = {}
        self.key = None
        self.where = None
        self.row = None
        self.scripts = 0
        self.tags: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] += 1
        self.scripts += tag == "script"
        if tag == "li" and "data-finding" in a:
            self.key = a["data-finding"]
            self.found[self.key] = {"headline": "", "header": [], "rows": []}
        elif self.key and tag == "p" and a.get("class") == "headline":
            self.where = "headline"
        elif self.key and tag == "tr":
            self.row = []
        elif self.key and tag in ("td", "th"):
            self.row.append("")
            self.where = "cell"

    def handle_endtag(self, tag):
        if tag in ("p", "td", "th"):
            self.where = None
        elif tag == "tr" and self.key and self.row is not None:
            f = self.found[self.key]
            if f["header"]:
                f["rows"].append(self.row)
            else:
                f["header"] = self.row
            self.row = None
        elif tag == "li":
            self.key = None

    def handle_data(self, data):
        if self.where == "headline":
            self.found[self.key]["headline"] += data
        elif self.where == "cell":
            self.row[-1] += data


def parse_findings(page: str) -> dict[str, dict]:
    p = FindingsParser()
    p.feed(page)
    return p.found


def split(cell) -> list[str]:
    return [] if pd.isna(cell) or cell == "" else str(cell).split("; ")


# --------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="module")
def browser():
    pw = pytest.importorskip("playwright.sync_api")
    if not HAVE_CHROME:
        pytest.skip("no Chromium for browser tests")
    with pw.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=PW_ARGS)
        yield b
        b.close()


def open_page(browser, url: str):
    """Open a page; return (page, events) where events records dialogs and errors."""
    page = browser.new_page()
    events = {"dialogs": [], "errors": [], "console": [], "requests": []}
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.on("console", lambda m: events["console"].append(f"{m.type}: {m.text}"))
    page.on("request", lambda r: events["requests"].append(r.url))
    page.goto(url)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length > 0"
                           " || !document.querySelector('.plotly-graph-div')", timeout=60_000)
    return page, events


@pytest.fixture(scope="module")
def seed_brief(tmp_path_factory, seed_plan):
    """The seed plan's full briefing: every chart in every format (one kaleido session)."""
    if not HAVE_CHROME:
        pytest.skip("no Chromium for image export")
    out = tmp_path_factory.mktemp("brief") / "seed"
    result = brief(seed_plan, out=out, size="slide", progress=False)
    return result


# --------------------------------------------------------------------------------------------
# findings (no browser)


def test_findings_are_computed_from_the_tables(seed_plan):
    tasks = seed_plan.tasks
    found = {f.key: f for f in briefing.findings(seed_plan)}
    partners = Counter(p for ps in tasks["partners"] for p in ps)
    table = found["partners"].table
    assert dict(zip(table["entity_id"], table["n_tasks"], strict=True)) == dict(partners)
    assert table["n_tasks"].is_monotonic_decreasing
    top, n = partners.most_common(1)[0]
    label = seed_plan.entities.set_index("entity_id").loc[top, "label"]
    assert found["partners"].headline.startswith(label)
    assert f"({n} of {len(tasks)})" in found["partners"].headline
    reach = {}
    for secs, insts in zip(tasks["sectors"], tasks["instruments"], strict=True):
        for i in insts:
            reach.setdefault(i, set()).update(secs)
    table = found["instrument_reach"].table
    assert dict(zip(table["entity_id"], table["n_sectors"], strict=True)) == {
        i: len(s) for i, s in reach.items()}
    assert table["n_sectors"].iloc[0] == max(len(s) for s in reach.values())
    scope = found["scope"].table
    assert scope["n_tasks"].sum() == len(tasks)
    assert (scope[["binding", "supportive", "exploratory"]].sum(axis=1) == scope["n_tasks"]).all()
    assert found["scope"].headline.startswith(f"{len(tasks)} tasks")
    pairs = found["pairs"].table
    G = seed_plan.graph()
    assert pairs["n_tasks"].iloc[0] == max(d["weight"] for *_, d in G.edges(data=True))


def test_findings_of_a_plan_without_tasks():
    plan = zonekit.load_plan(zonekit.Source.from_text("Nothing to see here.\n", doc_id="none"))
    found = briefing.findings(plan)
    assert [len(f.table) for f in found] == [0, 0, 0, 0, 3, 0]  # tool types: three zeros
    assert found[4].table["n_codings"].tolist() == [0, 0, 0]
    assert found[0].headline.startswith("No tasks were found")
    assert found[2].headline == "No partner is named in any of the 0 tasks."


# --------------------------------------------------------------------------------------------
# the seed briefing: every file


def test_every_chart_in_every_format(seed_brief, seed_plan):
    out = seed_brief.out
    stems = list(seed_brief.charts)
    from zonekit.figures import all_figures

    assert len(stems) == len(all_figures(seed_plan)) >= 6
    names = {p.relative_to(out).as_posix() for p in seed_brief.files}
    for stem in stems:
        for fmt in ("png", "svg", "pdf", "html"):
            assert f"charts/{stem}.{fmt}" in names
            assert (out / "charts" / f"{stem}.{fmt}").stat().st_size > 0
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert on_disk == names  # nothing left over, nothing missing
    assert not list(out.glob(".zonekit-tmp-*"))
    summary = seed_brief.summary()
    assert str(out) in summary and "charts/png" in summary and "2560x1440" in summary


def test_png_size_and_pixels(seed_brief, browser):
    w, h = SIZES["slide"]
    page = browser.new_page()
    for stem in seed_brief.charts:
        path = seed_brief.out / "charts" / f"{stem}.png"
        assert png_info(path) == (w * PNG_SCALE, h * PNG_SCALE)
        px = pixels(page, path)
        assert (px["w"], px["h"]) == (w * PNG_SCALE, h * PNG_SCALE)
        assert px["share"] > 0.01 and px["colours"] > 20, (stem, px)
    page.close()


def test_svg_has_text_labels_and_source_line(seed_brief, seed_plan):
    from zonekit.figures import all_figures

    figs = all_figures(seed_plan)
    pub = seed_plan.sources[0].meta["publisher"]
    for stem in seed_brief.charts:
        root, text = svg_text(seed_brief.out / "charts" / f"{stem}.svg")
        assert root.get("width") == "1280" and root.get("height") == "720"
        assert "Source:" in text and pub in text, stem
        # a subtitle a chart wrapped itself is laid out again, never shown as markup
        assert "<br" not in text and "&lt;br" not in text, stem
        # vector only: the one bitmap plotly.js itself draws is a heatmap's cell grid
        n_heat = sum(t.type == "heatmap" for t in figs[stem].data)
        assert len(list(root.iter("{http://www.w3.org/2000/svg}image"))) <= n_heat, stem
    _, text = svg_text(seed_brief.out / "charts" / "heatmap_sector_partner.svg")
    partners = seed_plan.entities.query("kind == 'partner'")["label"]
    assert all(lab in text for lab in partners)
    _, text = svg_text(seed_brief.out / "charts" / "network.svg")
    top = seed_plan.entities.sort_values("n_tasks", ascending=False)["label"].iloc[0]
    assert top in text


def test_pdf_one_page_each(seed_brief):
    for stem in seed_brief.charts:
        path = seed_brief.out / "charts" / f"{stem}.pdf"
        assert pdf_pages(path) == 1, stem
        box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]", path.read_bytes())
        assert float(box[1]) / float(box[2]) == pytest.approx(1280 / 720, rel=0.01)


def test_tables_csv_xlsx_and_graph(seed_brief, seed_plan):
    out = seed_brief.out
    for name, table in (("tasks", seed_plan.tasks), ("mentions", seed_plan.mentions),
                        ("entities", seed_plan.entities)):
        back = pd.read_csv(out / f"{name}.csv", keep_default_na=False)
        assert back.columns.tolist() == table.columns.tolist()
        assert len(back) == len(table)
    tasks = pd.read_csv(out / "tasks.csv", keep_default_na=False)
    assert tasks["start"].tolist() == seed_plan.tasks["start"].tolist()
    assert tasks["partners"].map(split).tolist() == seed_plan.tasks["partners"].tolist()
    wb, cells = xlsx_cells(out / "tables.xlsx")
    assert wb.sheetnames == ["tasks", "mentions", "entities", "findings", "source"]
    assert all(c.data_type != "f" for c in cells)
    ws = wb["tasks"]
    header = [c.value for c in ws[1]]
    assert header == seed_plan.tasks.columns.tolist()
    col = {h: i for i, h in enumerate(header)}
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[col["task_id"]] for r in rows] == seed_plan.tasks["task_id"].tolist()
    assert [r[col["end"]] for r in rows] == seed_plan.tasks["end"].tolist()  # numbers, not text
    src = {c.value: wb["source"].cell(2, i + 1).value for i, c in enumerate(wb["source"][1])}
    assert src["citation"] == seed_plan.citation()
    assert src["url"] == seed_plan.sources[0].meta["url"]
    assert len(src["sha256"]) == 64
    G = nx.read_graphml(out / "graph.graphml")
    assert set(G.nodes) == set(seed_plan.graph().nodes)
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == G.number_of_nodes()
    assert nx.read_gexf(out / "graph.gexf").number_of_edges() == G.number_of_edges()


def test_index_findings_match_the_written_tables(seed_brief):
    out = seed_brief.out
    page = (out / "index.html").read_text(encoding="utf-8")
    found = parse_findings(page)
    assert list(found) == ["scope", "sectors", "partners", "instrument_reach", "tool_types",
                           "pairs"]
    tasks = pd.read_csv(out / "tasks.csv", keep_default_na=False)
    ents = pd.read_csv(out / "entities.csv", keep_default_na=False).set_index("entity_id")
    n = len(tasks)
    # partners: tasks per partner, from tasks.csv
    counts = Counter(p for cell in tasks["partners"] for p in split(cell))
    part = found["partners"]
    i_id, i_n = part["header"].index("entity_id"), part["header"].index("n_tasks")
    assert {r[i_id]: int(r[i_n]) for r in part["rows"]} == dict(counts)
    top, k = counts.most_common(1)[0]
    assert part["headline"].startswith(ents.loc[top, "label"])
    assert f"({k} of {n})" in part["headline"]
    # sectors
    sec = found["sectors"]
    counts = Counter(s for cell in tasks["sectors"] for s in split(cell))
    i_id, i_n = sec["header"].index("entity_id"), sec["header"].index("n_tasks")
    assert {r[i_id]: int(r[i_n]) for r in sec["rows"]} == dict(counts)
    k = max(counts.values())
    lead = sorted(ents.loc[s, "label"] for s, c in counts.items() if c == k)
    if len(lead) == 1:
        assert sec["headline"].startswith(f"{lead[0]} is the sector named in the most tasks "
                                          f"({k} of {n})")
    else:  # the seed plan has a tie
        from zonekit.findings import join_names

        assert sec["headline"].startswith(f"{join_names(lead)} tie as the sectors named in "
                                          f"the most tasks: {k} of {n} each")
    # instruments reaching the most sectors
    reach = {}
    for secs, insts in zip(tasks["sectors"], tasks["instruments"], strict=True):
        for i in split(insts):
            reach.setdefault(i, set()).update(split(secs))
    ir = found["instrument_reach"]
    i_id, i_n = ir["header"].index("entity_id"), ir["header"].index("n_sectors")
    assert {r[i_id]: int(r[i_n]) for r in ir["rows"]} == {i: len(s) for i, s in reach.items()}
    best_n = max(len(s) for s in reach.values())
    leaders = [i for i in reach if len(reach[i]) == best_n]
    assert all(ents.loc[i, "label"] in ir["headline"] for i in leaders[:3])
    assert f"sectors: {best_n} (" in ir["headline"] or f", {best_n} each" in ir["headline"]
    # scope: tasks and modalities
    scope = found["scope"]
    mod = Counter(tasks["modality"])
    assert scope["headline"].startswith(f"{n} tasks in {tasks['section'].nunique()} sections")
    for m, c in mod.items():
        assert f"{c} {m}" in scope["headline"]
    # tool types, from entities.csv
    tool = found["tool_types"]
    codings = Counter(ents.loc[i, "tool_type"] for cell in tasks["instruments"]
                      for i in split(cell))
    i_t, i_c = tool["header"].index("tool_type"), tool["header"].index("n_codings")
    assert {r[i_t]: int(r[i_c]) for r in tool["rows"]} == dict(codings)
    # one chart div per chart, no MathJax, no external script
    assert page.count('class="plotly-graph-div"') == len(seed_brief.charts)
    from plotly.offline import get_plotlyjs

    assert page.count(get_plotlyjs()) == 1  # plotly.js inlined once; the rest of the page:
    rest = page.replace(get_plotlyjs(), "")
    assert "MathJax" not in rest and "cdn." not in rest and 'src="http' not in rest
    tags = re.findall(r"<script[^>]*>", rest)
    assert len(tags) == 1 + len(seed_brief.charts) and not [t for t in tags if "src" in t]


def test_index_renders_offline_in_chromium(seed_brief, browser):
    page, ev = open_page(browser, (seed_brief.out / "index.html").as_uri())
    assert page.locator(".js-plotly-plot").count() == len(seed_brief.charts)
    assert not ev["errors"] and not ev["dialogs"]
    assert not [c for c in ev["console"] if "Content Security Policy" in c], ev["console"]
    assert all(u.startswith(("file:", "data:", "blob:")) for u in ev["requests"]), ev["requests"]
    # on a narrow window (800 px) every chart's title, subtitle and source line stays inside
    # its chart
    page.set_viewport_size({"width": 800, "height": 900})
    page.wait_for_timeout(500)
    spill = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(
        plot => [...plot.querySelectorAll('.gtitle, .gtitle-subtitle, .annotation-text')].filter(t => {
            const p = plot.getBoundingClientRect(), b = t.getBoundingClientRect();
            return b.width > 0 && (b.left < p.left - 1 || b.right > p.right + 1);
        }).map(t => t.textContent))""")
    assert page.locator(".gtitle").count() >= len(seed_brief.charts) and spill == []
    page.close()
    page, ev = open_page(browser, (seed_brief.out / "charts" / "network.html").as_uri())
    assert page.locator(".js-plotly-plot .main-svg").count() >= 1
    assert not ev["errors"] and not ev["dialogs"]
    page.close()


def test_page_heatmap_labels_do_not_meet_on_a_narrow_window(tmp_path, browser):
    """Many heatmap columns on the 720 px page (17 instruments): slanted column labels keep a
    line apart, level ones do not touch, and every row keeps its label (measured in Chromium
    at 800 px: tick positions, the rendered rotation and font size)."""
    data = Path(__file__).resolve().parent.parent / "notebooks" / "data"
    plan = zonekit.load_plan([data / "tianjin-example-en.txt",
                              data / "beijing-revised-example.txt"], progress=False)
    out = brief(plan, out=tmp_path / "b", formats=["html"], progress=False).out
    page, _ = open_page(browser, (out / "index.html").as_uri())
    page.set_viewport_size({"width": 800, "height": 900})
    page.wait_for_timeout(500)
    charts = page.evaluate(r"""() => [...document.querySelectorAll('.js-plotly-plot')]
        .filter(p => p.data && p.data[0] && p.data[0].type === 'heatmap').map(p => ({
            rows: p.data[0].y.length, columns: p.data[0].x.length,
            yticks: p.querySelectorAll('.ytick text').length,
            xticks: [...p.querySelectorAll('.xtick text')].map(t => {
                const b = t.getBoundingClientRect(), m = /rotate\((-?[\d.]+)/.exec(
                    t.getAttribute('transform') || '');
                return {left: b.left, right: b.right,
                        angle: m ? Math.abs(Number(m[1])) : 0,
                        size: parseFloat(getComputedStyle(t).fontSize)};
            })}))""")
    page.close()
    assert len(charts) >= 2 and max(c["columns"] for c in charts) >= 15
    for c in charts:
        ticks = c["xticks"]
        assert len(ticks) == c["columns"] and c["yticks"] == c["rows"]
        for a, b in zip(ticks, ticks[1:], strict=False):
            if a["angle"]:  # parallel slanted lines, a column apart (each ends at its tick)
                gap = abs(b["right"] - a["right"]) * math.sin(math.radians(a["angle"]))
                assert gap >= 1.2 * a["size"], (c["columns"], a, b)
            else:
                assert a["right"] <= b["left"], (a, b)


# --------------------------------------------------------------------------------------------
# hostile text


@pytest.fixture(scope="module")
def hostile_brief(tmp_path_factory):
    if not HAVE_CHROME:
        pytest.skip("no Chromium for image export")
    out = tmp_path_factory.mktemp("hostile") / "out"
    return brief(hostile_plan(), out=out, formats=("png", "svg", "html"), size="square",
                 progress=False)


def test_hostile_text_is_escaped_in_html(hostile_brief, browser):
    out = hostile_brief.out
    page_html = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in page_html and "<script>alert" not in page_html
    assert "<img src=x" not in page_html and 'href="javascript' not in page_html
    assert "&lt;b onclick=&quot;window.__pwned=1" in page_html  # shown, as text
    assert r"$\href" not in page_html  # no MathJax pair anywhere
    for url in [(out / "index.html").as_uri(), (out / "charts" / "network.html").as_uri()]:
        page, ev = open_page(browser, url)
        page.hover(".js-plotly-plot .main-svg")  # hover labels hold document text too
        assert page.evaluate("window.__pwned") is None, url
        assert not ev["dialogs"] and not ev["errors"], (url, ev)
        assert page.locator("img[src=x], a[href^='javascript']").count() == 0
        assert page.evaluate("typeof window.MathJax") == "undefined"
        if url.endswith("index.html"):
            shown = page.locator("#findings").text_content()
            assert '<b onclick="window.__pwned=1;alert(1)">Opening</b> up' in shown
            assert "Source:" in page.inner_text("header")
            assert "alert(4)" in page.inner_text("header")
        page.close()


def test_csp_blocks_a_script_that_got_in(hostile_brief, browser, tmp_path):
    """Defence in depth: were escaping to fail, the page's CSP still refuses the script."""
    page_html = (hostile_brief.out / "index.html").read_text(encoding="utf-8")
    bad = tmp_path / "index.html"
    bad.write_text(page_html.replace("<footer>", '<script>window.__pwned="csp"</script>'
                                     '<img src=x onerror="window.__pwned=9"><footer>'),
                   encoding="utf-8")
    page, ev = open_page(browser, bad.as_uri())
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".js-plotly-plot").count() == len(hostile_brief.charts)  # ours still run
    assert any("Content Security Policy" in c for c in ev["console"])
    page.close()


def test_hostile_text_is_inert_in_csv_and_xlsx(hostile_brief):
    out = hostile_brief.out
    tasks = pd.read_csv(out / "tasks.csv", keep_default_na=False, dtype=str)
    assert tasks["text"].str.contains("HYPERLINK").any()  # the hostile text is there...
    assert set(tasks["section"]) >= {"'+cmd|' /C calc'!A0", "'-2+3 heading", "'@SUM(A1) section"}
    for name in ("tasks.csv", "mentions.csv", "entities.csv"):
        cells = csv_cells(out / name)
        assert not [c for c in cells if c.startswith(OPENERS)], name  # ...but inert
    wb, cells = xlsx_cells(out / "tables.xlsx")
    assert all(c.data_type != "f" for c in cells)
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(OPENERS)]
    values = [c.value for c in cells]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in values  # publisher, on the source sheet
    assert any(isinstance(v, str) and v.startswith("'=HYPERLINK(\"http://evil") for v in values)


def test_hostile_text_is_inert_in_svg_and_png(hostile_brief, browser):
    out = hostile_brief.out
    side = SIZES["square"][0]
    page = browser.new_page()
    for stem in hostile_brief.charts:
        root, text = svg_text(out / "charts" / f"{stem}.svg")
        tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
        assert not tags & {"script", "foreignObject", "iframe"}, stem
        attrs = [a for el in root.iter() for a in el.attrib if a.lower().startswith("on")]
        assert not attrs, stem
        assert "<script>alert(4)</script>" in text  # the title, shown as text
        assert "javascript:" not in " ".join(
            v for el in root.iter() for k, v in el.attrib.items() if k.endswith("href"))
        assert png_info(out / "charts" / f"{stem}.png") == (side * 2, side * 2)
    px = pixels(page, out / "charts" / f"{hostile_brief.charts[0]}.png")
    assert px["share"] > 0.01
    page.close()


# --------------------------------------------------------------------------------------------
# images: CJK glyphs, WebGL to vector, one browser session


@needs_chrome
def test_cjk_renders_and_webgl_becomes_vector(tmp_path):
    import plotly.graph_objects as go

    def label(text):
        fig = go.Figure()
        fig.add_annotation(text=text, x=0.5, y=0.5, showarrow=False, font={"size": 60})
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        return fig

    gl = go.Figure(go.Scattergl(x=list(range(40)), y=[i % 7 for i in range(40)],
                                mode="markers"))
    jobs = [(label("香港澳门"), tmp_path / "a.png", {"format": "png", "width": 300,
                                                      "height": 150}),
            (label("北京上海"), tmp_path / "b.png", {"format": "png", "width": 300,
                                                      "height": 150}),
            (label(""), tmp_path / "blank.png", {"format": "png", "width": 300, "height": 150})]
    jobs += briefing.image_jobs({"gl": gl}, ("svg", "pdf"), "square", tmp_path)
    done = []

    async def in_a_running_loop():  # as in Jupyter: kaleido runs in a thread of its own
        return export.write_images(jobs, on_done=done.append)

    with ThreadPoolExecutor(1) as pool:  # a thread of our own: Playwright may hold this one's loop
        paths = pool.submit(asyncio.run, in_a_running_loop()).result()
    assert paths == [j[1] for j in jobs] and sorted(done) == sorted(paths)

    def inflated(p):
        data = p.read_bytes()
        return zlib.decompress(b"".join(
            data[m.end():m.end() + struct.unpack(">I", data[m.start() - 4:m.start()])[0]]
            for m in re.finditer(rb"IDAT", data)))

    a, b, blank = (inflated(tmp_path / n) for n in ("a.png", "b.png", "blank.png"))
    assert a != blank and b != blank
    assert a != b  # different glyphs, not the same "tofu" boxes
    root, _ = svg_text(tmp_path / "charts" / "gl.svg")
    assert not list(root.iter("{http://www.w3.org/2000/svg}image"))  # no raster inside
    points = [el for el in root.iter("{http://www.w3.org/2000/svg}path")
              if "point" in el.get("class", "")]
    assert len(points) == 40
    assert pdf_pages(tmp_path / "charts" / "gl.pdf") == 1
    assert gl.data[0].type == "scattergl"  # the caller's figure is not changed


# --------------------------------------------------------------------------------------------
# no Chrome, atomic writes, the CLI


class _NoChrome:
    def __init__(self, *a, **k):
        from kaleido.errors import ChromeNotFoundError

        raise ChromeNotFoundError("not here")


def test_without_chrome_tables_graph_html_are_written(tmp_path, monkeypatch, capsys):
    import kaleido

    monkeypatch.setattr(kaleido, "Kaleido", _NoChrome)
    out = tmp_path / "b"
    with pytest.raises(BrowserError, match="apt-get install -y chromium") as err:
        brief(small_plan(), out=out, formats=("png", "html"), progress=False)
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"tasks.csv", "mentions.csv", "entities.csv", "tables.xlsx", "graph.graphml",
            "graph.gexf", "graph.json", "index.html", "charts/network.html"} <= names
    assert not [n for n in names if n.endswith(".png")]
    assert {out / n for n in names} == set(err.value.written)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert not re.search(r'href="charts/[^"]*\.png"', page)  # no link to a missing image
    assert re.search(r'href="charts/network\.html"', page)
    # the command: what was written, then one error line, exit 2
    out2 = tmp_path / "c"
    from zonekit.cli import main

    assert main(["brief", "--out", str(out2), "--format", "png"]) == 2
    cap = capsys.readouterr()
    lines = cap.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("zonekit: error: no Chrome or Chromium")
    assert "apt-get install -y chromium" in lines[0]
    assert str(out2 / "tasks.csv") in cap.out
    assert (out2 / "index.html").exists()


def test_cli_refuses_bad_input(tmp_path, capsys):
    from zonekit.cli import main

    out = tmp_path / "full"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    for argv, fragment in [
        (["brief", "--out", str(out)], "not empty"),
        (["brief", "--out", str(tmp_path / "x"), "--format", "png,gif"], "unknown format 'gif'"),
        (["brief", "--out", str(tmp_path / "x"), "--size", "poster"], "invalid choice"),
        (["brief", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "y")], "missing.txt"),
    ]:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("zonekit: error: ") and fragment in err[0]
    assert (out / "keep.txt").read_text() == "mine"
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()
    with pytest.raises(ValueError, match="unknown format 'gif'"):
        brief(small_plan(), out=tmp_path / "z", formats=["gif"])
    with pytest.raises(OutputError, match="not empty"):
        brief(small_plan(), out=out, formats=["html"])


def test_failure_half_way_keeps_previous_outputs(tmp_path, monkeypatch, capsys):
    out = tmp_path / "b"
    first = brief(small_plan(), out=out, formats=("html",), progress=True)
    assert "zonekit brief" in capsys.readouterr().err  # the progress bar
    assert "index.html" in first.summary()
    before = snapshot(out)
    calls = []

    def broken_xlsx(sheets, path):
        calls.append(path)
        raise RuntimeError("disk full")

    monkeypatch.setattr(export, "write_xlsx", broken_xlsx)
    with pytest.raises(RuntimeError, match="disk full"):
        brief(hostile_plan(), out=out, formats=("html",), force=True, progress=False)
    assert calls and snapshot(out) == before
    monkeypatch.undo()

    def interrupted(jobs, **kw):
        jobs = list(jobs)
        export.write_bytes(b"half", jobs[0][1])
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "write_images", interrupted)
    with pytest.raises(KeyboardInterrupt):
        brief(hostile_plan(), out=out, formats=("png", "html"), force=True, progress=False)
    assert snapshot(out) == before
    assert not list(out.glob(".zonekit-tmp-*"))


@needs_chrome
def test_killed_export_leaves_previous_outputs(tmp_path):
    out = tmp_path / "b"
    brief(small_plan(), out=out, formats=("html",), progress=False)
    before = snapshot(out)
    proc = subprocess.Popen([str(ZONEKIT), "brief", "--out", str(out), "--force", "--format",
                             "png,svg,pdf"], start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 180
        while not list(out.glob(".zonekit-tmp-*/charts/*.png")):  # images are being written
            assert proc.poll() is None, "finished before it could be killed: " + str(
                proc.stderr.read())
            assert time.monotonic() < deadline, "no image after 180 s"
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(out) == before  # the previous briefing, byte for byte
    assert list(out.glob(".zonekit-tmp-*"))  # the killed run's staging folder...
    brief(small_plan(), out=out, formats=("html",), force=True, progress=False)
    assert not list(out.glob(".zonekit-tmp-*"))  # ...is cleared by the next run


def test_import_zonekit_stays_light():
    code = ("import sys, zonekit; assert 'plotly' not in sys.modules; "
            "assert callable(zonekit.brief); assert 'plotly' not in sys.modules; "
            "import zonekit.briefing; assert callable(zonekit.brief); print('ok')")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "ok", r.stderr


def test_xlsx_writer_keeps_values(tmp_path):
    import openpyxl

    df = pd.DataFrame({"text": ["=1+1", "+A1", "-x", "@y", "plain", "bad\x01char"],
                       "n": [1, 2, 3, 4, 5, 6], "lst": [["a", "b"], [], ["=c"], ["d"], [], []]})
    p = export.write_xlsx({"t": df}, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(p)["t"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["'=1+1", "'+A1", "'-x", "'@y", "plain", "bad\ufffdchar"]
    assert [r[1] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0][2] == "a; b" and rows[2][2] == "'=c" and rows[1][2] is None
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_source_sheet_names_the_codebook_used(tmp_path):
    """The workbook's source sheet cites the user's codebook when one extends the default."""
    from zonekit.briefing import source_table

    mine = tmp_path / "my-codebook.yaml"
    mine.write_text("entities:\n  - id: offshore-trade\n    kind: instrument\n"
                    "    label: Offshore trade\n    tool_type: demand\n"
                    "    aliases: [offshore trade]\n", encoding="utf-8")
    plan = zonekit.load_plan(zonekit.Source.from_text("We will support offshore trade.", doc_id="d"),
                             codebook=mine)
    assert source_table(plan)["codebook"].tolist() == [
        "zonekit default codebook extended by my-codebook.yaml"]
    assert source_table(zonekit.load_plan())["codebook"].tolist() == ["zonekit default codebook"]
