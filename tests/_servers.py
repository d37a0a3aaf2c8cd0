"""Servers and a browser for the real-browser tests: Voilà and JupyterLab on 127.0.0.1 with a
fresh token on a free port, stopped by their own pid; Playwright on Debian's chromium.

One helper for tests/test_browser.py, tests/test_dashboard_kernels.py and
tests/test_briefing_browser.py (the ``browser`` fixture lives in conftest.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
BIN = Path(sys.executable).parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
#: Voilà finds zonekit's template (no CDN icon font) here, as `make dashboard` does.
VOILA_ENV = {"JUPYTER_PATH": str(ROOT / "share" / "jupyter")}
#: Generous: two cores shared with other jobs; a first kernel start can take a minute.
RENDER_TIMEOUT_MS = 240_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    """Return once ``port`` accepts connections; raise with the server's log if it exits or
    never listens."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise RuntimeError(f"server did not listen on {port} in {timeout} s:\n{log.read_text()}")


@contextmanager
def server(cmd: list[str], port: int, log: Path, cwd: Path, env: dict | None = None):
    """A server process running until the block ends (terminated by its pid, killed if it
    hangs)."""
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
    try:
        wait_for_port(port, proc, log)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


def jupytext_denied() -> list[str]:
    """The jupytext lab extension errors inside Voilà: deny it when it is installed."""
    try:
        import jupytext  # noqa: F401
    except ImportError:
        return []
    return ["--VoilaConfiguration.extension_denylist=jupyterlab-jupytext"]


def voila_command(port: int, token: str, notebook: Path | None = None, *extra: str,
                  template: str | None = "zonekit") -> list[str]:
    """Voilà on a notebook (default: the dashboard), 127.0.0.1, token on."""
    notebook = notebook or ROOT / "notebooks" / "dashboard.ipynb"
    return [str(BIN / "voila"), str(notebook),
            *([f"--template={template}"] if template else []),
            "--Voila.ip=127.0.0.1", f"--port={port}", "--no-browser", f"--token={token}",
            *jupytext_denied(), *extra]


@contextmanager
def chromium():
    """A headless chromium (Playwright), or skip when there is none."""
    if not CHROMIUM.exists():
        pytest.skip("chromium not installed (make system-deps)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def screenshot(target, name: str, tmp_path: Path) -> Path:
    """Write a screenshot of a locator (or a page's viewport) to docs/img/``name`` when it is
    missing or ZONEKIT_UPDATE_SCREENSHOTS=1, else to ``tmp_path`` (a test run leaves the tree
    unchanged)."""
    from zonekit.export import atomic_write

    path = ROOT / "docs" / "img" / name
    if path.exists() and os.environ.get("ZONEKIT_UPDATE_SCREENSHOTS") != "1":
        path = tmp_path / name
    shot = target.screenshot()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda p: p.write_bytes(shot))
    assert path.stat().st_size > 10_000
    return path


def wait_for_explorer(page, timeout: int = RENDER_TIMEOUT_MS) -> None:
    """Wait until the explorer widget has rendered its network (nodes drawn as SVG paths).

    A page under load can take long to start its kernel and initialise the widgets: wait on
    what the page shows, with a generous timeout, never on a fixed sleep.
    """
    page.wait_for_selector(".zonekit-explorer .js-plotly-plot .scatterlayer path.point",
                           state="attached", timeout=timeout)


#: What anywidget says in the page when a widget model could not be set up (seen under load,
#: when the kernel answers late): the page is loaded again, once.
INIT_FAILED = "Failed to initialize model"


def open_explorer(page, url: str, errors: list[str], timeout: float = RENDER_TIMEOUT_MS / 1000,
                  tries: int = 2) -> None:
    """Load a page with the explorer and wait until it has rendered (see
    :func:`wait_for_explorer`); when a widget fails to initialise first, load it again.

    ``errors`` is the list the page's ``pageerror`` handler appends to: the initialisation
    failure of a retried load is taken out of it, every other error stays.
    """
    selector = ".zonekit-explorer .js-plotly-plot .scatterlayer path.point"
    for attempt in range(tries):
        page.goto(url, timeout=120_000)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if page.locator(selector).count():
                return
            if any(INIT_FAILED in e for e in errors) and attempt + 1 < tries:
                break
            page.wait_for_timeout(500)          # polling what the page shows
        else:
            raise TimeoutError(f"the explorer did not render in {timeout:.0f} s: {errors}")
        errors[:] = [e for e in errors if INIT_FAILED not in e]
    wait_for_explorer(page)
