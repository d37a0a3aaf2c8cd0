"""Reliability and security: bad input, hostile text, interrupted work, local-only servers."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zonekit import Source, SourceError, load_plan, read_source
from zonekit.schema import ENTITY_COLUMNS

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------------------- bad input


def test_oversized_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # a sparse 60 MB file
        fh.truncate(60 * 1024 * 1024)
    import zonekit.read as sources

    def no_open(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(sources, "open", no_open, raising=False)
    with pytest.raises(SourceError, match=r"big.txt: file is 62,914,560 bytes, over the limit"):
        read_source(big)


def test_invalid_utf8_names_the_byte(tmp_path):
    f = tmp_path / "x.txt"
    f.write_bytes(b"The plan \xff\xfe\xfa will support trade.")
    with pytest.raises(SourceError, match=r"x.txt: not valid UTF-8 \(byte 0xff at offset 9\)"):
        read_source(f)


def test_gbk_without_encoding_is_detected(tmp_path):
    f = tmp_path / "gbk.txt"
    f.write_bytes("一、金融开放\n支持香港金融机构在北京开展业务。".encode("gbk"))
    plan = load_plan(f)
    assert plan.source.encoding == "gb18030"
    assert plan.tasks.loc[0, "partners"] == ["hong-kong"]


@pytest.mark.timeout(120)
def test_ten_megabyte_line_without_newline(tmp_path):
    unit = "The plan will support cooperation with Hong Kong in finance, e.g. banks. "
    raw = unit * (10 * 1024 * 1024 // len(unit))
    f = tmp_path / "one-line.txt"
    f.write_text(raw)
    plan = load_plan(f)
    assert len(plan.tasks) == raw.count("banks.")
    last = plan.mentions.iloc[-1]
    assert raw[last.start:last.end] == last.surface


def test_headings_only_and_no_matches_give_empty_tables():
    for text in ["Finance\n\nTrade and investment\n\n一、总体要求\n", "Nothing here. Fine weather."]:
        plan = load_plan(Source.from_text(text))
        assert plan.tasks.empty and plan.mentions.empty
        assert plan.entities.columns.tolist() == ENTITY_COLUMNS
    headings = load_plan(Source.from_text("Finance\n\nTrade and investment\n\n一、总体要求\n"))
    assert headings.segments["kind"].tolist() == ["heading"] * 3


def test_mixed_english_and_chinese():
    raw = "一、Opening up\nThe plan will support 香港 and Macau. 支持与WHO合作。探索与Hong Kong开展试点。"
    plan = load_plan(Source.from_text(raw, doc_id="mixed"))
    assert plan.tasks["partners"].tolist() == [["hong-kong", "macao"], ["who"], ["hong-kong"]]
    assert plan.tasks["modality"].tolist() == ["supportive", "supportive", "exploratory"]
    assert plan.tasks["section"].unique().tolist() == ["一、Opening up"]


# ---------------------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200)
       | st.lists(st.sampled_from(["Hong Kong", "WHO", " will support ", "必须支持香港", "\r\n",
                                   "\u00a0", "e\u0301", "😀", "。", ". ", "\u3000", "Macau",
                                   "İ", "ß", "I agree\n", "一、", "ＷＨＯ"]),
                  max_size=30).map("".join))
def test_extraction_never_crashes_and_offsets_hold(raw):
    plan = load_plan(Source.from_text(raw))
    tasks = plan.tasks.set_index("task_id")
    for m in plan.mentions.itertuples():
        assert raw[m.start:m.end] == m.surface
        if m.via != "section":
            t = tasks.loc[m.task_id]
            assert t.start <= m.start and m.end <= t.end
    spans = sorted(zip(plan.tasks.start, plan.tasks.end, strict=True))
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False))
    for t in plan.tasks.itertuples():
        assert raw[t.start:t.end] == t.text


# ---------------------------------------------------------------------------- nothing lost

_KILLER = """
import os, signal, sys
import zonekit.export as export
from zonekit import load_plan

def killed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

export.write_graph = killed          # die after the CSVs are staged, before the graph
export.write_folder(load_plan().files(), sys.argv[1], force=True)
"""


def test_killed_extract_leaves_previous_outputs_intact(tmp_path, cli):
    from tests.conftest import SEED
    out = tmp_path / "out"
    assert cli("extract", SEED, "--out", out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (out / "tasks.csv").write_text("previous")  # mark the old output
    before["tasks.csv"] = b"previous"
    r = subprocess.run([sys.executable, "-c", _KILLER, str(out)], capture_output=True)
    assert r.returncode == -signal.SIGKILL
    after = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    assert after == before
    assert any(p.name.startswith(".zonekit-tmp-") for p in out.iterdir())  # the dead staging
    assert cli("extract", SEED, "--out", out, "--force").returncode == 0
    assert not any(p.name.startswith(".") for p in out.iterdir())  # cleaned up next time
    assert (out / "tasks.csv").read_bytes() != b"previous"


# ---------------------------------------------------------------------------- servers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening_addresses(port: int) -> set[str]:
    """Local addresses listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            addr, p = local.split(":")
            if state == "0A" and int(p, 16) == port:  # LISTEN
                found.add(addr)
    return found


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _status(url: str, method: str = "GET", location: bool = False):
    """HTTP status of a request that follows no redirect (and its Location header)."""
    opener = urllib.request.build_opener(_NoRedirect)
    req = urllib.request.Request(url, method=method, data=b"{}" if method == "POST" else None)
    try:
        with opener.open(req, timeout=20) as r:
            code, where = r.status, r.headers.get("Location", "")
    except urllib.error.HTTPError as e:
        code, where = e.code, e.headers.get("Location", "")
    return (code, where) if location else code


def _serve(target: str, port: int, timeout: float = 120):
    """Start `make TARGET` on a port; return (process, url with token)."""
    var = "LAB_PORT" if target == "lab" else "DASHBOARD_PORT"
    proc = subprocess.Popen(["make", "--no-print-directory", target, f"{var}={port}"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + timeout
    lines = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            if proc.poll() is not None:
                break
            continue
        lines.append(line)
        m = re.search(rf"(http://127\.0\.0\.1:{port}/\S*token=[\w-]+)", line)
        if m:
            while time.monotonic() < deadline:  # the URL may be printed before it listens
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        return proc, m.group(1)
                time.sleep(0.5)
    _stop(proc)
    raise AssertionError("server did not start:\n" + "".join(lines[-30:]))


def _stop(proc):
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


@pytest.mark.parametrize("target", ["lab", "dashboard"])
def test_servers_listen_on_loopback_with_token(target):
    port = _free_port()
    proc, url = _serve(target, port)
    try:
        base = f"http://127.0.0.1:{port}"
        assert _listening_addresses(port) <= {"0100007F", "00000000000000000000000001000000"}
        token = url.split("token=")[1]
        page = "/lab" if target == "lab" else "/"
        # no token: the API refuses, pages send you to the login form
        assert _status(f"{base}/api/kernels", method="POST") == 403
        code, location = _status(f"{base}{page}", location=True)
        assert code == 302 and "/login" in location
        assert _status(f"{base}{page}?token={token}") == 200
    finally:
        _stop(proc)
