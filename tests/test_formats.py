"""Reading PDFs, saved web pages and Word files: our own small fixtures, written here."""

from __future__ import annotations

import io
import shutil

import docx
import pandas as pd
import pytest
from docx.enum.style import WD_STYLE_TYPE

from zonekit import SourceError, load_plan, read_source
from zonekit.export import write_folder
from zonekit.read import read_sources
from zonekit.read.html import declared_charset

from .conftest import run_cli
from .pdfgen import make_pdf

HEADER = "City of Riverton - Trade Plan 2024"
PDF_PAGES = [
    [HEADER,
     "1. Open markets",
     "The city will support small firms that export goods and",
     "services to new markets, and it will build a green chan-",
     "nel for customs approvals at the river port.",
     "2. Finance",
     "Banks in Hong Kong will be invited to open branches in the",
     "new district, and the city will offer them a simple path to",
     "Page 1 of 3"],
    [HEADER,
     "a licence within thirty days of a complete application.",
     "二、金融合作",
     "支持香港金融机构在本市设立分支机构，推动跨境人民币业务创新发",
     "展，探索开展绿色金融试点。",
     "Page 2 of 3"],
    [HEADER,
     "3. People",
     "The city must train two thousand customs officers by the end",
     "of the year.",
     "Page 3 of 3"],
]
PDF_TEXT = (
    "1. Open markets\n\n"
    "The city will support small firms that export goods and services to new markets, and it "
    "will build a green channel for customs approvals at the river port.\n\n"
    "2. Finance\n\n"
    "Banks in Hong Kong will be invited to open branches in the new district, and the city will "
    "offer them a simple path to a licence within thirty days of a complete application.\n\n"
    "二、金融合作\n\n"
    "支持香港金融机构在本市设立分支机构，推动跨境人民币业务创新发展，探索开展绿色金融试点。\n\n"
    "3. People\n\n"
    "The city must train two thousand customs officers by the end of the year."
)


@pytest.fixture
def plan_pdf(tmp_path):
    f = tmp_path / "riverton.pdf"
    f.write_bytes(make_pdf(PDF_PAGES))
    return f


# ---------------------------------------------------------------------------------------- PDF


def test_pdf_text_pages_and_furniture(plan_pdf):
    src = read_source(plan_pdf)
    assert src.format == "pdf" and src.pages == 3 and src.doc_id == "riverton"
    assert src.text == PDF_TEXT  # header and page numbers gone, lines joined, hyphen undone
    assert src.page_starts == (0, PDF_TEXT.index("a licence"), PDF_TEXT.index("3. People"))
    assert src.page_of([0, PDF_TEXT.index("二、"), len(PDF_TEXT) - 1]) == [1, 2, 3]


def test_pdf_tasks_and_mentions_carry_pages(plan_pdf):
    plan = load_plan(plan_pdf)
    tasks = plan.tasks.set_index("text")
    banks = next(t for t in tasks.index if t.startswith("Banks in Hong Kong"))
    assert tasks.loc[banks, "page"] == 1  # starts on page 1, runs on to page 2
    assert banks.endswith("complete application.")
    zh = next(t for t in tasks.index if t.startswith("支持香港"))
    assert tasks.loc[zh, "page"] == 2
    assert tasks.loc[zh, "partners"] == ["hong-kong"]
    must = next(t for t in tasks.index if "must train" in t)
    assert tasks.loc[must, ["page", "modality"]].tolist() == [3, "binding"]
    raw = plan.raw()
    for m in plan.mentions.itertuples():
        assert raw[m.start:m.end] == m.surface
        assert m.page == plan.source.page_of([m.start])[0]
    for t in plan.tasks.itertuples():
        assert raw[t.start:t.end] == t.text
        assert "Riverton" not in t.text and "Page " not in t.text
    doc = plan.documents.iloc[0]
    assert (doc["format"], doc["pages"], doc["path"]) == ("pdf", 3, str(plan_pdf))


def test_pdf_extracted_text_is_written_with_the_outputs(plan_pdf, tmp_path):
    plan = load_plan(plan_pdf)
    paths = write_folder(plan.files(), tmp_path / "out")
    text_file = tmp_path / "out" / "texts" / "riverton.txt"
    assert text_file in paths
    text = text_file.read_text(encoding="utf-8")
    assert text == PDF_TEXT
    mentions = pd.read_csv(tmp_path / "out" / "mentions.csv", keep_default_na=False)
    assert len(mentions) and all(text[s:e] == m for s, e, m in
                                 zip(mentions.start, mentions.end, mentions.surface, strict=True))
    tasks = pd.read_csv(tmp_path / "out" / "tasks.csv")
    assert tasks["page"].dropna().astype(int).tolist() == plan.tasks["page"].tolist()
    docs = pd.read_csv(tmp_path / "out" / "documents.csv")
    assert docs.loc[0, ["format", "pages"]].tolist() == ["pdf", 3]


def test_pdf_without_text_layer_or_encrypted(tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(make_pdf([[], []], text_layer=False))
    with pytest.raises(SourceError, match=r"scan.pdf: has no text layer: run OCR first"):
        read_source(scan)
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf(PDF_PAGES))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as fh:
        writer.write(fh)
    with pytest.raises(SourceError, match=r"locked.pdf: is an encrypted PDF \(it needs a password"):
        read_source(locked)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF")
    with pytest.raises(SourceError, match=r"broken.pdf: "):
        read_source(broken)
    for f, fragment in ((scan, "has no text layer: run OCR first"), (locked, "encrypted")):
        r = run_cli("extract", f, "--out", tmp_path / "o")
        assert r.returncode == 2, r.stderr
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"zonekit: error: {f}: ")
        assert fragment in lines[0]


def test_pdf_page_numbers_in_a_chinese_document(tmp_path):
    pages = [[f"- {i} -", "支持香港金融机构在本市设立分支机构，推动跨境人民币业务创新发",
              "展，探索开展绿色金融试点。"] for i in (1, 2)]
    f = tmp_path / "zh.pdf"
    f.write_bytes(make_pdf(pages))
    src = read_source(f)
    one = "支持香港金融机构在本市设立分支机构，推动跨境人民币业务创新发展，探索开展绿色金融试点。"
    assert src.text == one + "\n\n" + one  # no space between Chinese lines, page numbers gone
    assert src.page_starts == (0, len(one) + 2)


# ----------------------------------------------------------------------------------- web pages

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>Riverton trade plan</title>
<meta property="article:published_time" content="2024-03-01">
<meta property="og:site_name" content="Riverton Government">
<script>var tracker = {id: 42}; window.dataLayer.push(tracker);</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/business">Business</a></li></ul></nav>
<div class="cookie">We use cookies. <button>I agree</button></div>
<article><h1>Riverton trade plan</h1>
<p>The city will support small firms that export goods and services to new markets across
the whole region in the next three years.</p>
<h2>二、金融合作</h2>
<p>支持香港金融机构在本市设立分支机构，推动跨境人民币业务创新发展，探索开展绿色金融试点，
提升金融服务实体经济的能力和水平。</p>
<h3>Ports</h3>
<p>The port authority must open a green channel for customs approvals before the end of the
year, and it will report on progress every quarter.</p></article>
<aside><h4>Related stories</h4><ul><li><a href="/a">Mayor visits port</a></li>
<li><a href="/b">New bridge opens</a></li></ul></aside>
<footer>Copyright 2024 Riverton Government | Contact us | Sitemap</footer>
<script>document.write("<p>ad</p>");</script></body></html>"""


def test_html_main_text_headings_metadata_gb2312(tmp_path):
    f = tmp_path / "riverton.html"
    f.write_bytes(PAGE.encode("gb2312"))
    src = read_source(f)
    assert src.format == "html" and src.encoding == "gb18030"
    assert [(src.text[s:e], lv) for s, e, lv in src.headings] == [
        ("Riverton trade plan", 1), ("二、金融合作", 2), ("Ports", 3)]
    assert src.text.startswith("Riverton trade plan\n\nThe city will support small firms")
    assert "支持香港金融机构在本市设立分支机构" in src.text
    for furniture in ("Home", "cookies", "I agree", "tracker", "document.write", "Related",
                      "Mayor visits", "Copyright", "Sitemap"):
        assert furniture not in src.text
    assert src.meta["title"] == "Riverton trade plan"
    assert src.meta["date"] == "2024-03-01"
    assert src.meta["publisher"] == "Riverton Government"
    plan = load_plan(f)
    assert len(plan.tasks) == 3
    assert plan.tasks["page"].isna().all()
    zh = plan.tasks[plan.tasks["text"].str.startswith("支持")].iloc[0]
    assert zh["section"] == "二、金融合作" and zh["partners"] == ["hong-kong"]
    for t in plan.tasks.itertuples():
        assert plan.raw()[t.start:t.end] == t.text


def test_html_declared_charset_and_utf8_resaved_pages(tmp_path):
    assert declared_charset(b'<meta charset="GBK">') == "gb18030"
    # a page re-encoded as UTF-8 that still declares GB2312 (as crawlers save them): UTF-8 wins
    f = tmp_path / "resaved.htm"
    f.write_bytes(PAGE.encode("utf-8"))
    src = read_source(f)
    assert src.encoding == "utf-8" and "支持香港金融机构" in src.text
    # bytes that are neither UTF-8 nor the declared charset: one clear error
    bad = tmp_path / "bad.html"
    bad.write_bytes(b'<html><head><meta charset="shift_jis"></head><body><p>\x82\xa0\xff\xff'
                    b'</p></body></html>')
    with pytest.raises(SourceError, match=r"bad.html: declares charset shift_jis"):
        read_source(bad)
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    with pytest.raises(SourceError, match=r"empty.html: the page holds no main text"):
        read_source(empty)


# ----------------------------------------------------------------------------------------- Word


def _docx(path):
    d = docx.Document()
    d.core_properties.title = "Riverton trade plan"
    d.add_heading("Riverton trade plan", level=0)  # the Title style
    d.add_heading("1. Open markets", level=1)
    d.add_paragraph("The city will support small firms that export goods and services.")
    d.add_heading("1.1 Ports", level=2)
    d.add_paragraph("The port authority must open a green channel for customs approvals.")
    zh = d.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)  # a heading style by its name
    d.add_paragraph("二、金融合作", style=zh)
    d.add_paragraph("支持香港金融机构在本市设立分支机构。")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Measure", "Lead"
    table.cell(1, 0).text, table.cell(1, 1).text = "Green channel", "Customs"
    d.save(path)


def test_docx_paragraphs_headings_and_levels(tmp_path):
    f = tmp_path / "riverton.docx"
    _docx(f)
    src = read_source(f)
    assert src.format == "docx" and src.meta["title"] == "Riverton trade plan"
    assert src.text == (
        "Riverton trade plan\n\n1. Open markets\n\n"
        "The city will support small firms that export goods and services.\n\n1.1 Ports\n\n"
        "The port authority must open a green channel for customs approvals.\n\n二、金融合作\n\n"
        "支持香港金融机构在本市设立分支机构。\n\nMeasure | Lead\n\nGreen channel | Customs")
    assert [(src.text[s:e], lv) for s, e, lv in src.headings] == [
        ("Riverton trade plan", 1), ("1. Open markets", 1), ("1.1 Ports", 2), ("二、金融合作", 2)]
    plan = load_plan(f)
    assert plan.tasks["modality"].tolist() == ["supportive", "binding", "supportive"]
    assert plan.tasks["section"].tolist() == ["1. Open markets", "1.1 Ports", "二、金融合作"]


def test_word_errors(tmp_path, monkeypatch):
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(SourceError, match=r"fake.docx: is not a readable Word .docx file"):
        read_source(fake)
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    if shutil.which("antiword"):
        with pytest.raises(SourceError, match=r"old.doc: antiword cannot read it .*save it as "
                                              r"\.docx"):
            read_source(old)
    import zonekit.read.word as word

    monkeypatch.setattr(word.shutil, "which", lambda name: None)
    with pytest.raises(SourceError, match=r"old.doc: is a legacy Word .doc file: install "
                                          r"antiword .* or save it as .docx"):
        read_source(old)


def test_legacy_doc_through_antiword(shared_dir):
    if not shutil.which("antiword"):
        pytest.skip("antiword not installed (make test installs it: scripts/system-deps.sh)")
    (f,) = (shared_dir / "formats" / "doc").glob("*.doc")
    src = read_source(f)
    assert src.format == "doc" and src.encoding == "doc"
    assert "一、总体要求" in src.text.split("\n\n")  # a heading is a paragraph of its own
    plan = load_plan(f)
    assert len(plan.tasks) > 20


# -------------------------------------------------------------------------------------- folders


def test_folders_recursive_doc_ids_glob_and_skipped(tmp_path, plan_pdf):
    root = tmp_path / "plans"
    (root / "zh" / "2024").mkdir(parents=True)
    (root / "top.txt").write_text("We will support trade.", encoding="utf-8")
    (root / "zh" / "2024" / "notice.md").write_text("支持香港金融机构开展业务。", encoding="utf-8")
    (root / "zh" / "2024" / "riverton.pdf").write_bytes(plan_pdf.read_bytes())
    (root / "zh" / "empty.txt").write_text("", encoding="utf-8")
    (root / "zh" / "scan.pdf").write_bytes(make_pdf([[]], text_layer=False))
    (root / "zh" / "data.tsv").write_text("a\tb\n", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD.txt").write_text("ref", encoding="utf-8")
    docs = read_sources(root)
    assert [d.doc_id for d in docs] == ["top", "zh/2024/notice", "zh/2024/riverton"]
    skipped = dict(zip(docs.skipped["path"], docs.skipped["reason"], strict=True))
    assert skipped == {str(root / "zh" / "data.tsv"): "not a plan format (.tsv)",
                       str(root / "zh" / "empty.txt"): "the file is empty",
                       str(root / "zh" / "scan.pdf"):
                           "has no text layer: run OCR first (1 page, 0 characters of text)"}
    assert len(docs.unreadable) == 2
    assert [d.doc_id for d in read_sources(root, glob="*.txt")] == ["top"]
    assert [d.doc_id for d in read_sources(root, glob="**/*.md")] == ["zh/2024/notice"]
    plan = load_plan(root, glob="**/*.pdf")
    assert plan.documents["doc_id"].tolist() == ["zh/2024/riverton"]
    assert plan.skipped["path"].tolist() == [str(root / "zh" / "scan.pdf")]
    with pytest.raises(SourceError, match=r"folder holds no readable"):
        read_sources(root / "zh", glob="*.pdf")


def test_same_name_in_two_formats_gets_distinct_ids(tmp_path, plan_pdf):
    (tmp_path / "riverton.txt").write_text("We will support trade.", encoding="utf-8")
    docs = read_sources([tmp_path / "riverton.txt", plan_pdf])
    assert [d.doc_id for d in docs] == ["riverton", "riverton.pdf"]


def test_cli_folder_with_bad_files_exit_3_and_skipped_csv(tmp_path, plan_pdf):
    root = tmp_path / "plans"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text("We will support trade with Hong Kong.", encoding="utf-8")
    (root / "sub" / "riverton.pdf").write_bytes(plan_pdf.read_bytes())
    (root / "sub" / "bad.pdf").write_bytes(b"%PDF-1.4 not a pdf")
    (root / "notes.csv").write_text("x,y\n", encoding="utf-8")
    r = run_cli("extract", root, "--out", tmp_path / "out")
    assert r.returncode == 3, r.stderr
    assert f"zonekit: skipped {root / 'sub' / 'bad.pdf'}: is a PDF file that cannot be read" \
        in r.stderr
    assert "2 files not read: 1 could not be read, 1 not a plan format (.csv)" in r.stderr
    assert "Traceback" not in r.stderr
    skipped = pd.read_csv(tmp_path / "out" / "skipped.csv")
    assert skipped["path"].tolist() == [str(root / "notes.csv"), str(root / "sub" / "bad.pdf")]
    assert (tmp_path / "out" / "texts" / "sub" / "riverton.txt").read_text(
        encoding="utf-8") == PDF_TEXT
    docs = pd.read_csv(tmp_path / "out" / "documents.csv")
    assert docs["doc_id"].tolist() == ["good", "sub/riverton"]
    # only files of other formats skipped: status 0; nothing readable: status 2
    (root / "sub" / "bad.pdf").unlink()
    assert run_cli("extract", root, "--out", tmp_path / "out2").returncode == 0
    r = run_cli("extract", root, "--glob", "*.pdf", "--out", tmp_path / "out3")
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    assert "folder holds no readable" in r.stderr
