"""Shared fixtures: the seed plan, the hand coding, the real documents beside the repo, and a way
to run the real `zonekit` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import zonekit

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SEED = ROOT / "data" / "raw" / "2023-11-23_cgtn_beijing-service-sector-plan.txt"
ZONEKIT = Path(sys.executable).parent / "zonekit"
#: The real documents (corpus/, formats/) live beside the repository, never inside it.
SHARED = ROOT.parent / "shared"

# The `zonekit` command run by the CLI tests imports this tree's source, wherever it is checked out.
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH", "")) if p)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository, or skip: real-document tests need it."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"{SHARED} not found: real-document tests need the shared corpus beside the repo")
    return SHARED


@pytest.fixture(scope="session")
def seed_plan():
    return zonekit.load_plan()


@pytest.fixture(scope="session")
def seed_raw():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def hand_coding():
    return yaml.safe_load((DATA / "seed_hand_coding.yaml").read_text(encoding="utf-8"))["tasks"]


def run_cli(*args, cwd=None, timeout=120):
    """Run the installed `zonekit` console script; return the CompletedProcess."""
    return subprocess.run([str(ZONEKIT), *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="module")
def browser():
    """One headless chromium per test module (Playwright), or skip without one."""
    from ._servers import chromium

    with chromium() as b:
        yield b
