"""The project's promises about installation: the seed ships, pins agree, servers are local."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_non_editable_install_carries_the_seed_and_codebook(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("zonekit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "zonekit/data/codebook.yaml" in names
    assert "zonekit/data/raw/2023-11-23_cgtn_beijing-service-sector-plan.txt" in names
    assert "zonekit/data/raw/sources.csv" in names
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = "import zonekit; p = zonekit.load_plan(); print(zonekit.__file__, len(p.tasks) > 0)"
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", code], cwd="/", env=env, capture_output=True,
                         text=True, check=True)
    path, ok = out.stdout.split()
    assert path.startswith(str(target)) and ok == "True"
    seed = (target / "zonekit/data/raw/2023-11-23_cgtn_beijing-service-sector-plan.txt")
    assert seed.read_bytes() == (ROOT / "data/raw" / seed.name).read_bytes()


def _name(requirement: str) -> str:
    return re.split(r"[<>=\[ ]", requirement)[0].lower().replace("_", "-")


def test_environment_yml_pins_match_constraints():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(d) for d in project["dependencies"]} | {
        _name(d) for ds in project["optional-dependencies"].values() for d in ds} - {"zonekit"}
    pins = {_name(line): line.strip().split("==")[1]
            for line in (ROOT / "constraints.txt").read_text().splitlines() if "==" in line}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    env_pins = {_name(p): p.split("==")[1] for p in pip if "==" in p}
    assert set(env_pins) == wanted
    assert all(pins[n] == v for n, v in env_pins.items())
    # the core stays light: ranges, no pins, no plotting or Jupyter
    core = project["dependencies"]
    assert all("==" not in d for d in core)
    assert {_name(d) for d in core} == {"pandas", "numpy", "networkx", "pyahocorasick", "pyyaml",
                                        "tqdm"}


def test_servers_bind_to_localhost_with_token():
    make = (ROOT / "Makefile").read_text()
    lab = make.split("\nlab:")[1].split("\n\n")[0]
    assert "--ip=127.0.0.1" in lab
    assert "token=''" not in make and 'token=""' not in make
    assert "disable_check_xsrf" not in make


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_core_install_reads_and_codes_without_extras(tmp_path):
    """`pip install .` alone (no extras) gives a zonekit that imports and runs `zonekit extract`."""
    import venv

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    build = tmp_path / "src"
    skip = {".venv", ".git", "build", "dist", "notebooks", "docs", "benchmarks", "tests",
            ".pytest_cache", ".ruff_cache", ".hypothesis"}
    shutil.copytree(ROOT, build, ignore=lambda folder, names: [
        n for n in names if (Path(folder) == ROOT and n in skip) or n == "__pycache__"
        or n.endswith(".egg-info")])
    out = subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                          "-c", str(ROOT / "constraints.txt"), str(build)],
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-2000:]
    listed = subprocess.run([str(py), "-m", "pip", "list", "--format=freeze"], capture_output=True,
                            text=True, check=True).stdout.lower()
    for heavy in ("plotly", "jupyterlab", "voila", "ipywidgets", "kaleido", "openpyxl"):
        assert f"\n{heavy}==" not in "\n" + listed, f"{heavy} installed by the core"
    seed = ROOT / "data" / "raw" / "2023-11-23_cgtn_beijing-service-sector-plan.txt"
    run = subprocess.run([str(env_dir / "bin" / "zonekit"), "extract", str(seed), "--out",
                          str(tmp_path / "out")], capture_output=True, text=True, timeout=300,
                         cwd=tmp_path, env={k: v for k, v in os.environ.items()
                                            if k != "PYTHONPATH"})
    assert run.returncode == 0, run.stderr
    assert "14 tasks" in run.stdout
    assert (tmp_path / "out" / "tasks.csv").is_file()
