"""The dashboard holds up: closed pages' kernels are culled, concurrent kernels are limited,
token and XSRF stay on (Voilà, Playwright on Debian's chromium, 127.0.0.1)."""

from __future__ import annotations

import re
import secrets
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from ._servers import ROOT, free_port, server
from ._servers import voila_command as _voila

pytestmark = pytest.mark.timeout(900)

CULL_IDLE, CULL_INTERVAL = 20, 2  # idle time must exceed a page load (render to connect)
#: The dashboard's options, as the Makefile passes them (values changed for a short test).
FLAGS = ("--VoilaConfiguration.multi_kernel_manager_class=zonekit.dashboard.LimitedKernelManager",
         "--LimitedKernelManager.max_kernels=", "--MappingKernelManager.cull_idle_timeout=",
         "--MappingKernelManager.cull_interval=", "--MappingKernelManager.cull_connected=False")


def kernels(server_pid: int) -> list[int]:
    """Pids of the kernels a Voilà server runs (its ipykernel child processes)."""
    import psutil

    try:
        children = psutil.Process(server_pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    out = []
    for c in children:
        try:
            if "ipykernel" in " ".join(c.cmdline()):
                out.append(c.pid)
        except psutil.NoSuchProcess:
            continue
    return out


def voila_command(port: int, token: str, max_kernels: int, cull_idle: int = CULL_IDLE,
                  cull_interval: int = CULL_INTERVAL) -> list[str]:
    return _voila(port, token, None, FLAGS[0], f"{FLAGS[1]}{max_kernels}",
                  f"{FLAGS[2]}{cull_idle}", f"{FLAGS[3]}{cull_interval}", FLAGS[4],
                  template=None)


def _wait_for(predicate, timeout: float, step: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def test_makefile_dashboard_culls_and_limits_kernels_with_token():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = make.split("\ndashboard: setup\n", 1)[1].split("\n\n", 1)[0]
    for flag in FLAGS:
        assert flag in recipe, flag
    assert '--token="$$token"' in recipe and "--Voila.ip=127.0.0.1" in recipe
    assert "xsrf" not in recipe.lower() and "disable_check_xsrf" not in make
    idle = int(re.search(r"^CULL_IDLE \?= (\d+)$", make, re.M).group(1))
    interval = int(re.search(r"^CULL_INTERVAL \?= (\d+)$", make, re.M).group(1))
    assert 0 < interval < idle <= 3600


def test_ten_page_loads_leave_no_kernels(browser, tmp_path):
    port, token = free_port(), secrets.token_urlsafe(16)
    log = tmp_path / "voila.log"
    with server(voila_command(port, token, max_kernels=10), port, log, ROOT) as proc:
        floor = len(kernels(proc.pid))
        assert floor == 0  # no kernel before the first page
        peak = 0
        for _ in range(10):
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{port}/?token={token}", timeout=120_000)
            page.wait_for_selector(".zonekit-explorer .js-plotly-plot", timeout=240_000)
            peak = max(peak, len(kernels(proc.pid)))
            context.close()  # the page goes; Voilà's shutdown request fails the XSRF check
        assert peak >= 1
        # every kernel is idle and unconnected now: culled within the idle time and a few checks
        back = _wait_for(lambda: len(kernels(proc.pid)) == floor,
                         timeout=CULL_IDLE + 10 * CULL_INTERVAL + 20)
        assert back, f"{len(kernels(proc.pid))} kernels left:\n{log.read_text()[-3000:]}"
    text = Path(log).read_text()
    assert "Culling kernel" in text or "culling" in text.lower()


def test_a_full_dashboard_says_so_and_an_open_page_keeps_its_kernel(browser, tmp_path):
    port, token = free_port(), secrets.token_urlsafe(16)
    log = tmp_path / "voila.log"
    url = f"http://127.0.0.1:{port}/?token={token}"
    with server(voila_command(port, token, max_kernels=1), port, log, ROOT) as proc:
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as err:  # the token is still needed
            opener.open(f"http://127.0.0.1:{port}/", timeout=60)
        assert err.value.code in (302, 401, 403)
        assert not kernels(proc.pid)  # and no kernel was started for it
        context = browser.new_context()
        page = context.new_page()
        page.goto(url, timeout=120_000)
        page.wait_for_selector(".zonekit-explorer .js-plotly-plot", timeout=240_000)
        assert len(kernels(proc.pid)) == 1
        other = browser.new_context()
        second = other.new_page()
        response = second.goto(url, timeout=120_000)
        assert response.status == 503
        assert "The dashboard is busy: 1 sessions are open" in second.inner_text("body")
        assert second.locator(".zonekit-explorer").count() == 0
        other.close()
        # the open page is connected: idle but not culled
        time.sleep(CULL_IDLE + 3 * CULL_INTERVAL)
        assert len(kernels(proc.pid)) == 1
        context.close()
        assert _wait_for(lambda: not kernels(proc.pid), timeout=CULL_IDLE + 30)
        third = browser.new_context()
        page = third.new_page()
        assert page.goto(url, timeout=120_000).status == 200  # room again
        page.wait_for_selector(".zonekit-explorer .js-plotly-plot", timeout=240_000)
        third.close()
