"""Real-browser tests (Playwright + Debian's chromium): the Voilà dashboard and JupyterLab.

Both servers bind to 127.0.0.1 with a fresh token on a free port. The dashboard tests write
the README's screenshots to docs/img/ (dashboard.png, network.png, dashboard-zh.png,
dashboard-en-plan-in-zh.png; the JupyterLab test explorer-800.png) when they are missing, or when ZONEKIT_UPDATE_SCREENSHOTS=1
(otherwise to pytest's tmp dir, so a test run leaves the tree unchanged).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from ._servers import (
    BIN,
    RENDER_TIMEOUT_MS,
    ROOT,
    VOILA_ENV,
    free_port,
    open_explorer,
    screenshot,
    server,
    voila_command,
)

pytestmark = pytest.mark.timeout(900)


def _node_counts(page) -> dict[str, int]:
    """Nodes drawn per kind, read from plotly's graph div in the page."""
    return page.evaluate("""() => {
        const gd = document.querySelector('.zonekit-explorer .js-plotly-plot');
        if (!gd || !gd.data) return {};
        const out = {};
        for (const t of gd.data) {
            if (['sector', 'partner', 'instrument'].includes(t.legendgroup))
                out[t.legendgroup] = (t.customdata || []).length;
        }
        return out;
    }""")


# page coordinates of an entity's node, from plotly's axes
_NODE_XY = """eid => {
    const gd = document.querySelector('.zonekit-explorer .js-plotly-plot');
    const fl = gd._fullLayout, box = gd.getBoundingClientRect();
    for (const t of gd.data) {
        const i = (t.customdata || []).indexOf(eid);
        if (i >= 0 && ['sector', 'partner', 'instrument'].includes(t.legendgroup))
            return [box.left + fl._size.l + fl.xaxis.l2p(t.x[i]),
                    box.top + fl._size.t + fl.yaxis.l2p(t.y[i])];
    }
    return null;
}"""


def _table_tasks(page) -> list[str]:
    return page.eval_on_selector_all("table.zk-tasks tbody tr",
                                     "rows => rows.map(r => r.dataset.task)")


# ---- Voilà dashboard --------------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    """Decode a PNG far enough to be sure it is one: header, chunks, image data inflated."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        (n,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        assert zlib.crc32(kind + body) == struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    assert len(raw) == height * (1 + width * channels * depth // 8)
    return width, height


def _download(page, button: str, tmp_path: Path) -> Path:
    """Click a download button, then the link it offers; return the saved file."""
    page.locator(".zonekit-explorer button", has_text=button).click()
    link = page.locator(".zonekit-explorer a.zk-download")
    link.wait_for(timeout=120_000)
    with page.expect_download(timeout=60_000) as info:
        link.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def _wait_rows(page, ids) -> None:
    page.wait_for_function(
        "ids => JSON.stringify(Array.from(document.querySelectorAll("
        "'table.zk-tasks tbody tr')).map(r => r.dataset.task)) === JSON.stringify(ids)",
        arg=list(ids), timeout=60_000, polling=500)


def _plot_title(page) -> str:
    return page.locator(".zonekit-explorer .js-plotly-plot .gtitle").first.text_content()


def test_dashboard_filters_network_and_table(browser, tmp_path, seed_plan):
    port, token = free_port(), secrets.token_urlsafe(16)
    with server(voila_command(port, token), port, tmp_path / "voila.log", ROOT, env=VOILA_ENV):
        # no token, no dashboard
        req = urllib.request.Request(f"http://127.0.0.1:{port}/")
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as err:
            opener.open(req, timeout=30)
        assert err.value.code in (302, 401, 403)

        page = browser.new_page(viewport={"width": 1400, "height": 1250}, accept_downloads=True)
        errors: list[str] = []
        outside: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(
            (f"http://127.0.0.1:{port}/", "data:", "blob:")) else None)
        # the network renders: plotly draws every node as an SVG path
        open_explorer(page, f"http://127.0.0.1:{port}/?token={token}", errors)
        page.wait_for_function(
            "n => document.querySelectorAll('table.zk-tasks tbody tr').length === n",
            arg=len(seed_plan.tasks), timeout=60_000)
        before = _node_counts(page)
        assert sum(before.values()) == len(seed_plan.entities)
        assert _table_tasks(page) == seed_plan.tasks.task_id.tolist()
        assert "Source:" in page.inner_text(".zonekit-explorer .js-plotly-plot")
        text = page.inner_text("body")
        assert "import zonekit" not in text and "make dashboard" not in text   # no dev text
        assert page.title() == f"zonekit · {seed_plan.documents.title.iloc[0]}"
        assert outside == []                                                 # nothing fetched
        # every partner has its label on the page
        labels = page.eval_on_selector_all(
            ".zonekit-explorer .js-plotly-plot .scatterlayer .textpoint text",
            "ts => ts.map(t => t.textContent)")
        partners = seed_plan.entities.query("kind == 'partner'").label.tolist()
        assert set(partners) <= set(labels), set(partners) - set(labels)

        page.mouse.move(0, 0)                                          # no hover label
        page.wait_for_timeout(1500)                                    # labels re-placed
        screenshot(page.locator(".zonekit-explorer"), "dashboard.png", tmp_path)
        screenshot(page.locator(".zonekit-explorer .js-plotly-plot"), "network.png", tmp_path)

        # click a row: its evidence
        last = seed_plan.tasks.task_id.iloc[-1]
        page.locator(f"table.zk-tasks tbody tr[data-task='{last}']").click()
        page.wait_for_function(
            "t => (document.querySelector('.zk-evidence') || {}).innerText.includes(t)",
            arg=last, timeout=60_000)

        # pick a partner from the entity list: a chip, and the table follows
        hk = sorted(seed_plan.mentions.loc[seed_plan.mentions.entity_id == "hong-kong",
                                           "task_id"].unique())
        rows = seed_plan.tasks[seed_plan.tasks.task_id.isin(hk)]
        coded = {e for t in rows.itertuples() for e in (*t.sectors, *t.partners,
                                                        *t.instruments)}
        select = page.locator(".zk-entities select")
        values = select.evaluate("s => Array.from(s.options).map(o => o.value)")
        select.select_option(value=next(v for v in values if v.startswith("Hong Kong")))
        _wait_rows(page, hk)
        page.wait_for_function(
            """n => { const gd = document.querySelector('.zonekit-explorer .js-plotly-plot');
                      return gd && gd.data && gd.data.slice(-4).reduce(
                          (s, t) => s + (t.customdata || []).length, 0) === n; }""",
            arg=len(coded), timeout=60_000, polling=500)
        after = _node_counts(page)
        assert after != before and sum(after.values()) == len(coded)
        assert page.locator(".zonekit-explorer .zk-chip").count() == 1
        assert "Hong Kong" in page.inner_text(".zk-evidence")
        assert page.locator(".zk-evidence mark[data-entity='hong-kong']").count() >= 1

        # click a node: its entity becomes the selection, the title speaks of it
        hub_title = _plot_title(page)
        other = next(e for e in sorted(coded) if e not in ("hong-kong", "health"))
        label = seed_plan.entities.set_index("entity_id").label[other]
        page.wait_for_timeout(1000)
        xy = page.evaluate(_NODE_XY, other)
        page.mouse.click(xy[0], xy[1])
        expected = sorted(seed_plan.mentions.loc[seed_plan.mentions.entity_id == other,
                                                 "task_id"].unique())
        _wait_rows(page, expected)
        page.wait_for_function("l => document.querySelector('.zonekit-explorer .gtitle')"
                               ".textContent.startsWith(l + ':')", arg=label, timeout=60_000,
                               polling=500)
        assert _plot_title(page) != hub_title
        assert label in page.inner_text(".zk-evidence")

        # downloads: the current table as CSV, the network as PNG
        import pandas as pd

        csv = _download(page, "Tasks · CSV", tmp_path)
        assert pd.read_csv(csv, encoding="utf-8-sig").task_id.tolist() == expected
        png = _download(page, "Network · PNG", tmp_path)
        assert _png_size(png.read_bytes()) == (2560, 1440)

        # the language switch changes every visible label
        ui_en = ["Show", "Entities", "Reset filters", "Section", "Modality", "Tool type",
                 "Search", "Download", "Evidence", "Sentence", "sectors", "partners",
                 "instruments", "binding", "Showing"]
        visible = page.inner_text(".zonekit-explorer")
        assert all(w in visible for w in ui_en)
        page.locator(".zonekit-explorer button", has_text="中文").click()
        page.wait_for_function("() => document.querySelector('.zonekit-explorer')"
                               ".innerText.includes('清除筛选')", timeout=60_000)
        page.wait_for_timeout(1000)
        visible = page.inner_text(".zonekit-explorer")
        left = [w for w in ui_en if re.search(rf"\b{w}\b", visible)]
        assert left == [], left
        legend = page.eval_on_selector_all(".zonekit-explorer .legendtext",
                                           "ts => ts.map(t => t.textContent)")
        assert legend == ["领域", "合作方", "政策工具"]  # the agency trace is empty: no legend entry
        zh_label = seed_plan.entities.set_index("entity_id").label_zh[other]
        assert _plot_title(page).startswith(zh_label)
        screenshot(page.locator(".zonekit-explorer"), "dashboard-en-plan-in-zh.png", tmp_path)
        assert errors == []
        page.close()


def test_dashboard_on_a_chinese_plan(browser, tmp_path):
    import zonekit

    plan_file = ROOT / "notebooks" / "data" / "tianjin-example-zh.txt"
    plan = zonekit.load_plan(plan_file)
    port, token = free_port(), secrets.token_urlsafe(16)
    with server(voila_command(port, token), port, tmp_path / "voila.log", ROOT,
                 env={**VOILA_ENV, "ZONEKIT_PLAN": str(plan_file)}):
        page = browser.new_page(viewport={"width": 820, "height": 1400}, accept_downloads=True)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        open_explorer(page, f"http://127.0.0.1:{port}/?token={token}", errors)
        _wait_rows(page, plan.tasks.task_id.tolist())
        assert page.title() == f"zonekit · {plan.documents.title.iloc[0]}"
        visible = page.inner_text(".zonekit-explorer")
        assert "清除筛选" in visible and "显示" in visible and "Reset filters" not in visible
        labels = page.eval_on_selector_all(
            ".zonekit-explorer .js-plotly-plot .scatterlayer .textpoint text",
            "ts => ts.map(t => t.textContent)")
        assert set(plan.entities.query("kind == 'partner'").label_zh) <= set(labels)
        # at 820 px the title stays on one line, above the subtitle
        box = page.evaluate("""() => {
            const gd = document.querySelector('.zonekit-explorer .js-plotly-plot');
            const t = gd.querySelector('.gtitle').getBoundingClientRect();
            const s = gd.querySelector('.gtitle-subtitle, .gtitle + text, .infolayer .subtitle')
            return {t: [t.top, t.bottom, t.right], w: gd.getBoundingClientRect().right,
                    s: s ? s.getBoundingClientRect().top : null}; }""")
        assert box["t"][2] <= box["w"] + 1
        if box["s"] is not None:
            assert box["t"][1] <= box["s"] + 1
        page.mouse.move(0, 0)
        page.wait_for_timeout(1500)
        screenshot(page.locator(".zonekit-explorer"), "dashboard-zh.png", tmp_path)
        first = plan.tasks.task_id.iloc[1]
        page.locator(f"table.zk-tasks tbody tr[data-task='{first}']").click()
        page.wait_for_function(
            "t => (document.querySelector('.zk-evidence') || {}).innerText.includes(t)",
            arg=first, timeout=60_000)
        csv = _download(page, "任务 · CSV", tmp_path)
        import pandas as pd

        table = pd.read_csv(csv, encoding="utf-8-sig")
        assert table.task_id.tolist() == plan.tasks.task_id.tolist()
        assert table.text.tolist() == plan.tasks.text.tolist()            # Chinese intact
        page.locator(".zonekit-explorer button", has_text="EN").click()
        page.wait_for_function("() => document.querySelector('.zonekit-explorer')"
                               ".innerText.includes('Reset filters')", timeout=60_000)
        assert "清除筛选" not in page.inner_text(".zonekit-explorer")
        assert errors == []
        page.close()


HOSTILE = (
    "Opening up <script>window.__xss = 1</script>\n\n"
    "The zone will support Hong Kong <img src=x onerror=\"window.__xss = 2\"> banks and "
    "$\\href{javascript:window.__xss=3}{click}$ finance.\n\n"
    "=HYPERLINK(\"javascript:window.__xss=4\",\"x\") must involve the WHO "
    "<a href=\"javascript:window.__xss=5\" onmouseover=\"window.__xss=6\">link</a>.\n"
)


def test_dashboard_keeps_hostile_text_inert(browser, tmp_path):
    """A plan full of markup: shown as text in the table, evidence and hover, nothing runs."""
    plan_file = tmp_path / "hostile.txt"
    plan_file.write_text(HOSTILE, encoding="utf-8")
    port, token = free_port(), secrets.token_urlsafe(16)
    with server(voila_command(port, token), port, tmp_path / "voila.log", ROOT,
                 env={**VOILA_ENV, "ZONEKIT_PLAN": str(plan_file)}):
        page = browser.new_page(viewport={"width": 1400, "height": 1250})
        errors, dialogs = [], []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        open_explorer(page, f"http://127.0.0.1:{port}/?token={token}", errors)
        page.wait_for_function("() => document.querySelectorAll('table.zk-tasks tbody tr')"
                               ".length === 2", timeout=RENDER_TIMEOUT_MS, polling=500)
        table = page.inner_text("table.zk-tasks")
        assert "<img src=x onerror=" in table and "=HYPERLINK(" in table  # shown as text
        evidence = page.inner_text(".zk-evidence")
        assert "<img src=x onerror=" in evidence
        # hover every node so the hover labels (with the sentences) are drawn
        for eid in ("hong-kong", "finance", "who"):
            xy = page.evaluate(_NODE_XY, eid)
            if xy:
                page.mouse.move(xy[0], xy[1])
                page.locator(".zonekit-explorer .hoverlayer .hovertext").first.wait_for(
                    state="attached", timeout=30_000)        # its hover label is drawn
        page.locator("table.zk-tasks").hover()
        assert page.locator(".zonekit-explorer img[src='x']").count() == 0
        assert page.locator(".zonekit-explorer a[href^='javascript']").count() == 0
        assert page.evaluate("() => window.__xss") is None
        assert dialogs == [] and errors == []
        page.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# ---- JupyterLab -------------------------------------------------------------------------


def _chart_notebook(path: Path) -> Path:
    cells = [
        "import zonekit\nfrom zonekit import figures\nplan = zonekit.load_plan()",
        "figures.network(plan)",
        "figures.heatmap(plan, rows='sector', cols='partner')",
        "figures.tool_matrix(plan)",
        "figures.modality_by_section(plan)",
        "zonekit.explore(plan)",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def _lab_settings(settings: Path) -> Path:
    """Isolated JupyterLab settings: every cell in the DOM, no news or update checks."""
    for name, value in {
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                        "checkForUpdates": False},
    }.items():
        pkg, plugin = name.rsplit("/", 1)
        path = settings / pkg / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")
    return settings


def test_jupyterlab_runs_a_notebook_and_renders_charts(browser, tmp_path):
    work = tmp_path / "lab"
    work.mkdir()
    _chart_notebook(work / "charts.ipynb")
    settings = _lab_settings(tmp_path / "settings")
    port, token = free_port(), secrets.token_urlsafe(16)
    cmd = [str(BIN / "jupyter"), "lab", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           "--no-browser", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
           f"--LabApp.user_settings_dir={settings}",
           f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    with server(cmd, port, tmp_path / "lab.log", work):
        status = f"http://127.0.0.1:{port}/api/status?token={token}"
        for _ in range(120):
            try:
                with urllib.request.urlopen(status, timeout=10) as r:
                    json.load(r)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(1)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"http://127.0.0.1:{port}/lab/tree/charts.ipynb?token={token}",
                  timeout=120_000)
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=180_000)
        # wait for the kernel, then Run > Run All Cells
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               timeout=180_000)
        page.get_by_text(re.compile(r"\| Idle$")).wait_for(
            timeout=180_000)
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
        n_cells = 6
        page.wait_for_function(
            r"""n => Array.from(document.querySelectorAll('.jp-InputPrompt'))
                     .filter(p => /\[\d+\]/.test(p.textContent)).length === n""",
            arg=n_cells, timeout=300_000)
        page.wait_for_function(
            "() => document.querySelectorAll('.jp-OutputArea .js-plotly-plot').length === 5"
            " && Array.from(document.querySelectorAll('.jp-OutputArea .js-plotly-plot'))"
            ".every(p => p.querySelector('.main-svg'))", timeout=300_000)
        plots = page.locator(".jp-OutputArea .js-plotly-plot")
        assert plots.count() == 5        # four charts and the explorer's FigureWidget
        texts = [plots.nth(i).inner_text() for i in range(5)]
        assert all("Source:" in t for t in texts)
        assert page.locator(".jp-OutputArea .zonekit-explorer .js-plotly-plot").count() == 1
        assert page.locator(".jp-OutputArea table.zk-tasks tbody tr").count() > 0
        assert page.locator(".jp-OutputArea .js-plotly-plot .scatterlayer path.point"
                            ).count() >= 1
        assert page.locator(".jp-OutputArea .js-plotly-plot .heatmaplayer image, "
                            ".jp-OutputArea .js-plotly-plot .heatmaplayer .hm"
                            ).count() >= 2
        assert page.locator(".jp-OutputArea-output[data-mime-type*='error']").count() == 0
        # the explorer lays out cleanly from 800 px wide: with the file browser open (the
        # notebook then gets about 470 px), and closed; then at 1440 px
        for width, sidebar in ((800, True), (800, False), (1440, False)):
            if not sidebar and page.locator("#jp-left-stack").is_visible():
                page.keyboard.press("Control+b")          # View > Show Left Sidebar
                page.locator("#jp-left-stack").wait_for(state="hidden", timeout=30_000)
            page.set_viewport_size({"width": width, "height": 2400})
            facts = _explorer_layout(page)
            assert facts["scroll"] <= facts["client"], facts          # no horizontal scroll
            assert facts["overflow"] == [], facts                      # nothing cut off
            assert facts["title"][1] <= facts["subtitle"][0], facts    # title above subtitle
            assert facts["title"][2] <= facts["plot"] + 1, facts      # title inside the plot
            assert facts["head"][1] <= facts["filters"] + 1, facts    # header above filters
            if width == 800 and not sidebar:   # JupyterLab as it looks: the page at 800 px
                page.set_viewport_size({"width": 800, "height": 1500})
                page.locator(".zonekit-explorer").evaluate(
                    "e => e.scrollIntoView({block: 'start'})")
                page.mouse.move(0, 0)
                page.wait_for_timeout(1000)
                screenshot(page, "explorer-800.png", tmp_path)
        assert errors == []
        page.close()


def _explorer_layout(page) -> dict:
    """Layout facts of the explorer once it has been redrawn for its width (bounding boxes)."""
    page.wait_for_function("""() => {
        const r = document.querySelector('.zonekit-explorer');
        const gd = r && r.querySelector('.js-plotly-plot');
        const box = gd && gd.querySelector('.main-svg');
        const input = r && r.querySelector('.zk-width input');
        if (!box || !input) return false;
        const w = Math.round(gd.getBoundingClientRect().width);
        return input.value === String(w) &&
               Math.abs(box.getBoundingClientRect().width - w) <= 2; }""",
        timeout=120_000, polling=500)
    page.wait_for_timeout(1500)     # the kernel's redraw for that width
    return page.evaluate("""() => {
        const r = document.querySelector('.zonekit-explorer');
        const right = r.getBoundingClientRect().right;
        const gd = r.querySelector('.js-plotly-plot');
        const rect = e => { const b = e.getBoundingClientRect();
                            return [b.top, b.bottom, b.right, b.left]; };
        const overflow = Array.from(r.querySelectorAll('*')).filter(e => {
            const b = e.getBoundingClientRect();
            return b.width > 0 && b.height > 0 && b.right > right + 1 &&
                   getComputedStyle(e).visibility !== 'hidden' &&
                   !e.closest('.hoverlayer, .modebar-container'); })
            .map(e => e.tagName + ' ' + (e.getAttribute('class') || '')).slice(0, 10);
        return {scroll: r.scrollWidth, client: r.clientWidth, overflow,
                title: rect(gd.querySelector('.gtitle')),
                subtitle: rect(gd.querySelector('.gtitle-subtitle')),
                plot: gd.getBoundingClientRect().right,
                head: rect(r.querySelector('.zk-head')),
                filters: r.querySelector('.zk-head').nextElementSibling
                          .getBoundingClientRect().top}; }""")
