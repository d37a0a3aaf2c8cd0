"""Dashboard load: 10 concurrent sessions on 127.0.0.1, memory per session, then culling.

Starts Voilà on the dashboard notebook as ``make dashboard`` does (token, XSRF on, idle culling,
``zonekit.dashboard.LimitedKernelManager``) on a free port, opens ``--sessions`` page loads at
the same time (plain HTTP requests with the token: each starts a kernel and runs the notebook,
as a browser's page load does), one request per session and a timeout on each, so the run is
bounded and stops by itself. Reports the time to serve them, the resident memory of each kernel
(memory per session), of the server, and the time until culling brings the kernels back to
zero. A further request beyond ``max_kernels`` shows the limit page (HTTP 503).

Usage: ``python benchmarks/bench_dashboard.py [--sessions 10] [--cull-idle 20]``.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kernels(pid: int):
    import psutil

    out = []
    for c in psutil.Process(pid).children(recursive=True):
        try:
            if "ipykernel" in " ".join(c.cmdline()):
                out.append(c)
        except psutil.NoSuchProcess:
            continue
    return out


def _rss_mb(proc) -> float:
    try:
        return proc.memory_info().rss / 2**20
    except Exception:
        return 0.0


def _get(url: str, timeout: float) -> tuple[int, float]:
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            r.read()
            code = r.status
    except urllib.error.HTTPError as e:
        code = e.code
    except OSError:
        code = -1
    return code, time.perf_counter() - t


def main(argv=None) -> int:
    import psutil

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--cull-idle", type=int, default=20, help="seconds (make dashboard: 300)")
    ap.add_argument("--cull-interval", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=300, help="per request, seconds")
    args = ap.parse_args(argv)
    port, token = _free_port(), secrets.token_urlsafe(16)
    max_kernels = args.sessions
    cmd = [str(BIN / "voila"), str(ROOT / "notebooks" / "dashboard.ipynb"),
           "--Voila.ip=127.0.0.1", f"--port={port}", "--no-browser", f"--token={token}",
           "--VoilaConfiguration.multi_kernel_manager_class=zonekit.dashboard."
           "LimitedKernelManager", f"--LimitedKernelManager.max_kernels={max_kernels}",
           f"--MappingKernelManager.cull_idle_timeout={args.cull_idle}",
           f"--MappingKernelManager.cull_interval={args.cull_interval}",
           "--MappingKernelManager.cull_connected=False"]
    try:
        import jupytext  # noqa: F401

        cmd.append("--VoilaConfiguration.extension_denylist=jupyterlab-jupytext")
    except ImportError:
        pass
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH", "")) if p)}
    with tempfile.TemporaryDirectory() as tmp:
        log = open(Path(tmp) / "voila.log", "w")
        server = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.5)
            srv = psutil.Process(server.pid)
            idle_mb = _rss_mb(srv)
            url = f"http://127.0.0.1:{port}/?token={token}"
            print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; Voila on "
                  f"127.0.0.1:{port}, max_kernels={max_kernels}, cull_idle_timeout="
                  f"{args.cull_idle} s, cull_interval={args.cull_interval} s")
            t = time.perf_counter()
            with ThreadPoolExecutor(args.sessions) as pool:
                results = list(pool.map(lambda _: _get(url, args.timeout), range(args.sessions)))
            took = time.perf_counter() - t
            ks = _kernels(server.pid)
            per = sorted(_rss_mb(k) for k in ks)
            served = sum(1 for c, _ in results if c == 200)
            extra = _get(url, args.timeout)
            print(f"\n{args.sessions} concurrent sessions: {served} served (HTTP 200) in "
                  f"{took:.1f} s (slowest page {max(s for _, s in results):.1f} s); "
                  f"{len(ks)} kernels running")
            if per:
                print(f"  memory per session (kernel RSS): median {per[len(per) // 2]:.0f} MiB, "
                      f"min {per[0]:.0f}, max {per[-1]:.0f}; all kernels {sum(per):.0f} MiB")
            print(f"  server RSS {idle_mb:.0f} MiB before, {_rss_mb(srv):.0f} MiB with the "
                  f"sessions")
            print(f"  one more page beyond max_kernels: HTTP {extra[0]} (503 = the 'busy' page)")
            t = time.perf_counter()
            limit = args.cull_idle + 10 * args.cull_interval + 60
            while _kernels(server.pid) and time.perf_counter() - t < limit:
                time.sleep(1)
            left = len(_kernels(server.pid))
            print(f"  after the sessions: {left} kernels left {time.perf_counter() - t:.0f} s "
                  f"later (culling, idle timeout {args.cull_idle} s); server RSS "
                  f"{_rss_mb(srv):.0f} MiB")
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
