import codecs

import pytest

from zonekit import SourceError, read_source
from zonekit.read import Source, bundled_source_paths, read_sources

TEXT = "支持香港特别行政区发展金融服务。The plan will support Macao."


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
    ],
)
def test_decodes_common_encodings(tmp_path, data, encoding):
    f = tmp_path / "plan.txt"
    f.write_bytes(data)
    src = read_source(f)
    assert src.text == TEXT
    assert src.encoding == encoding
    assert src.doc_id == "plan"


def test_explicit_encoding(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes("Coopération with Macau.".encode("latin-1"))
    with pytest.raises(SourceError, match=r"latin.txt: not valid UTF-8 .*--encoding"):
        read_source(f)
    assert read_source(f, encoding="latin-1").text == "Coopération with Macau."
    with pytest.raises(SourceError, match="unknown encoding 'nope'"):
        read_source(f, encoding="nope")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "the file is empty"),
        (b"  \n\t \r\n", "only whitespace"),
        (b"%PDF-1.7\n...", "a PDF file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "a PNG image"),
        (b"PK\x03\x04\x14\x00", "a zip archive"),
        (b"abc\x00def\x00", "NUL bytes"),
    ],
)
def test_refuses_bad_input(tmp_path, data, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    with pytest.raises(SourceError, match=rf"bad.txt: .*{message}"):
        read_source(f)


def test_refuses_missing_directory_and_oversized(tmp_path):
    with pytest.raises(SourceError, match="nope.txt: no such file"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(SourceError, match="is a directory"):
        read_source(tmp_path)
    big = tmp_path / "big.txt"
    big.write_text("a" * 2000)
    with pytest.raises(SourceError, match=r"2,000 bytes, over the limit of 1,000"):
        read_source(big, max_bytes=1000)


def test_sources_metadata_and_folder(tmp_path):
    (tmp_path / "a.txt").write_text("The plan will support trade.")
    (tmp_path / "b.md").write_text("支持贸易。")
    (tmp_path / "notes.csv").write_text("ignored")
    (tmp_path / "sources.csv").write_text("file,title,publisher,date\na.txt,Plan A,Gov,2024-01-02\n")
    docs = read_sources(tmp_path)
    assert [d.doc_id for d in docs] == ["a", "b"]
    assert docs[0].meta == {"title": "Plan A", "publisher": "Gov", "date": "2024-01-02"}
    assert docs[0].citation == "Plan A, Gov, 2024-01-02"
    assert docs[1].meta == {}


def test_bundled_seed_is_the_raw_file_unchanged(seed_raw):
    (path,) = bundled_source_paths()
    src = read_source(path)
    assert src.text == seed_raw
    assert src.meta["publisher"] == "CGTN"
    assert src.meta["date"] == "2023-11-23"
    assert src.meta["url"].startswith("https://news.cgtn.com/news/2023-11-23/")


def test_from_text_rejects_bytes():
    with pytest.raises(TypeError, match="text must be str"):
        Source.from_text(b"bytes")
