"""The `zonekit` command, run as a user would."""

import codecs

import pytest


def one_error_line(result, *fragments):
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("zonekit: error: ")
    for f in fragments:
        assert f in lines[0]
    assert "Traceback" not in result.stderr


def test_extract_writes_files_and_counts(cli, tmp_path, seed_plan):
    from tests.conftest import SEED
    out = tmp_path / "out"
    r = cli("extract", SEED, "--out", out)
    assert r.returncode == 0, r.stderr
    assert f"{len(seed_plan.tasks)} tasks" in r.stdout
    assert f"{len(seed_plan.entities)} entities" in r.stdout
    assert (out / "tasks.csv").exists() and (out / "graph.gexf").exists()
    again = cli("extract", SEED, "--out", out)
    one_error_line(again, str(out), "not empty", "--force")
    assert cli("extract", SEED, "--out", out, "--force").returncode == 0


def _write(tmp_path, name, data):
    f = tmp_path / name
    f.write_bytes(data)
    return f


@pytest.mark.parametrize(
    "name, data, fragment",
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b" \n\n\t", "only whitespace"),
        ("doc.pdf", b"%PDF-1.4 binary", "a PDF file"),
        ("pic.png", b"\x89PNG\r\n\x1a\n\0\0", "a PNG image"),
        ("arch.zip", b"PK\x03\x04\0\0", "a zip archive"),
        ("bad.txt", "Coopération".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_input_one_line_exit_2(cli, tmp_path, name, data, fragment):
    f = _write(tmp_path, name, data)
    one_error_line(cli("extract", f, "--out", tmp_path / "o"), str(f), fragment)
    assert not (tmp_path / "o").exists()


def test_missing_directory_oversized_and_usage(cli, tmp_path):
    one_error_line(cli("extract", tmp_path / "nope.txt", "--out", tmp_path / "o"),
                   "nope.txt: no such file")
    empty_dir = tmp_path / "d"
    empty_dir.mkdir()
    one_error_line(cli("extract", empty_dir, "--out", tmp_path / "o"), "holds no .txt")
    big = _write(tmp_path, "big.txt", b"The plan will support trade. " * 50000)
    one_error_line(cli("extract", big, "--out", tmp_path / "o", "--max-size", "1"),
                   "big.txt", "over the limit")
    one_error_line(cli("extract", "--out", tmp_path / "o"), "required: SOURCE")
    one_error_line(cli("extract", big, "--out", tmp_path / "o", "--max-size", "x"),
                   "--max-size")
    one_error_line(cli("frobnicate"), "invalid choice")


def test_encodings_through_the_cli(cli, tmp_path):
    text = "一、合作\n支持香港特别行政区发展金融服务。"
    gbk = _write(tmp_path, "gbk.txt", text.encode("gbk"))
    u16 = _write(tmp_path, "u16.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    for f in (gbk, u16):
        r = cli("extract", f, "--out", tmp_path / f.stem)
        assert r.returncode == 0, r.stderr
        assert "1 tasks" in r.stdout
    latin = _write(tmp_path, "latin.txt", "The plan will support Macau coopération.".encode(
        "latin-1"))
    assert cli("extract", latin, "--out", tmp_path / "l", "--encoding", "latin-1").returncode == 0
    one_error_line(cli("extract", latin, "--out", tmp_path / "l2", "--encoding", "klingon"),
                   "unknown encoding")


def test_bad_codebook_through_the_cli(cli, tmp_path):
    from tests.conftest import SEED
    cb = _write(tmp_path, "cb.yaml", b"entities:\n  - id: x\n    kind: thing\n    label: X\n")
    one_error_line(cli("extract", SEED, "--out", tmp_path / "o", "--codebook", cb),
                   "cb.yaml:2", "unknown kind 'thing'")


def test_version_and_help(cli):
    assert cli("--version").stdout.startswith("zonekit ")
    assert "extract" in cli("--help").stdout
