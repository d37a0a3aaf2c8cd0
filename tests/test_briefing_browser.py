"""The briefing page in a real browser (Playwright, Debian's chromium): the English briefing of
the bundled plan and the Chinese briefing of tests/data/zh_plan.txt, made by the `zonekit brief`
command, are checked for layout facts and written as screenshots (docs/img/briefing.png,
docs/img/briefing-zh.png) when those are missing or ZONEKIT_UPDATE_SCREENSHOTS=1."""

from __future__ import annotations

import re

import pytest

from ._servers import screenshot
from .conftest import DATA, SEED, run_cli

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Both briefings, HTML charts only (no image export: the page is what is tested)."""
    out = {}
    for key, source, lang in (("en", SEED, "en"), ("zh", DATA / "zh_plan.txt", "zh")):
        folder = tmp_path_factory.mktemp("brief") / key
        done = run_cli("brief", source, "--out", folder, "--format", "html", "--lang", lang,
                       timeout=300)
        assert done.returncode == 0, done.stderr
        out[key] = folder / "index.html"
    return out


_FACTS = """async () => {
    const doc = document.documentElement, width = doc.clientWidth;
    const visible = e => { const b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0; };
    const wide = Array.from(document.body.querySelectorAll('*')).filter(e => visible(e) &&
        e.getBoundingClientRect().right > width + 1 && !e.closest('.hoverlayer'))
        .map(e => e.tagName + ' ' + (e.getAttribute('class') || '') + ' ' +
                  (e.textContent || '').slice(0, 40));
    const charts = Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => {
        const box = gd.getBoundingClientRect();
        const parts = Array.from(gd.querySelectorAll('.gtitle, .gtitle-subtitle, .annotation'))
            .filter(visible).filter(t => t.getBoundingClientRect().right > box.right + 1 ||
                                         t.getBoundingClientRect().left < box.left - 1)
            .map(t => t.textContent.slice(0, 60));
        const t = gd.querySelector('.gtitle'), s = gd.querySelector('.gtitle-subtitle');
        return {id: gd.id, svg: gd.querySelector('.main-svg').getBoundingClientRect().width,
                outside: parts, title: t ? t.textContent : '',
                stacked: !s || t.getBoundingClientRect().bottom <= s.getBoundingClientRect().top + 1};
    });
    // the heatmaps' bitmaps decode
    const images = [];
    for (const im of document.querySelectorAll('.js-plotly-plot image')) {
        const img = new Image();
        img.src = im.getAttribute('href') || im.getAttribute('xlink:href');
        try { await img.decode(); images.push(img.naturalWidth); } catch (e) { images.push(0); }
    }
    return {lang: doc.lang, scroll: doc.scrollWidth, width, wide, charts, images,
            cjk_font: document.fonts.check('16px "Noto Sans CJK SC"', '中文'),
            headings: Array.from(document.querySelectorAll('h1, h2')).map(h => h.textContent),
            captions: Array.from(document.querySelectorAll('figcaption')).map(c => c.textContent),
            text: document.body.innerText};
}"""


def _open(browser, path, width=1280):
    page = browser.new_page(viewport={"width": width, "height": 1800})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri(), timeout=120_000)
    page.wait_for_function(
        "() => { const c = document.querySelectorAll('.js-plotly-plot');"
        " return c.length > 0 && Array.from(c).every(p => p.querySelector('.main-svg')); }",
        timeout=120_000, polling=500)
    return page, errors


def _check_layout(facts) -> None:
    assert facts["scroll"] <= facts["width"], facts["wide"]          # no horizontal scroll
    assert facts["wide"] == []                                        # nothing past the edge
    assert facts["charts"] and all(c["svg"] > 0 for c in facts["charts"])
    for c in facts["charts"]:
        assert c["outside"] == [], c                                  # titles fit their chart
        assert c["stacked"], c                                        # title above subtitle
    assert facts["images"] and all(w > 0 for w in facts["images"])    # heatmaps decode


def test_english_briefing_in_chromium(browser, pages, tmp_path):
    """At a laptop's width (chart titles are laid out for 1080 px, the narrowest export)."""
    page, errors = _open(browser, pages["en"])
    facts = page.evaluate(_FACTS)
    assert facts["lang"] == "en"
    _check_layout(facts)
    assert facts["headings"][1:] == ["Key findings", "Charts", "Files"]
    assert all(re.match(r"Figure \d+ · files: HTML$", c) for c in facts["captions"])
    screenshot(page, "briefing.png", tmp_path)
    assert errors == []
    page.close()


def test_chinese_briefing_in_chromium(browser, pages, tmp_path):
    page, errors = _open(browser, pages["zh"])
    facts = page.evaluate(_FACTS)
    assert facts["lang"] == "zh-CN"
    _check_layout(facts)
    assert facts["cjk_font"]                                          # a CJK font renders it
    assert facts["headings"][0] == "简报：关于支持上海服务业扩大开放的工作方案"  # the title it states
    assert facts["headings"][1:] == ["主要发现", "图表", "文件"]
    assert all(re.match(r"图 \d+ · 下载：HTML$", c) for c in facts["captions"])
    # no English left: chart titles hold no Latin word, the page's words are Chinese apart from
    # file names, formats and the tool's name
    for c in facts["charts"]:
        assert not re.search(r"[A-Za-z]{2,}", c["title"]), c["title"]
    body = facts["text"].split("文件")[0]                               # before the file list
    words = set(re.findall(r"[A-Za-z]{2,}", body))
    assert words <= {"HTML"}, words
    screenshot(page, "briefing-zh.png", tmp_path)
    assert errors == []
    page.close()
