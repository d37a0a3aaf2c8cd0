"""The package's shape: layers, no shadowing, no private names across modules, a light import."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import zonekit

SRC = Path(zonekit.__file__).parent

#: Each module's layer; a module may import only from its own layer or those before it.
#: ``corpus`` streams documents through the pipeline into files, so it sits with the outputs
#: (it writes through ``export``), not with the DataFrame-only analysis.
LAYERS = {
    "pipeline": ["errors", "schema", "read", "normalize", "clean", "segment", "codebook", "match",
                 "tasks", "tables", "graph", "plan"],
    "analysis": ["measures", "findings", "labels", "comparison", "validation", "suggest",
                 "agreement"],
    "outputs": ["markup", "figures", "explorer", "export", "briefing", "tutorial", "dashboard",
                "corpus", "cli"],
}
ORDER = {m: i for i, m in enumerate(m for layer in LAYERS.values() for m in layer)}


def modules():
    return sorted(m.name for m in pkgutil.walk_packages(zonekit.__path__, "zonekit."))


def top(name: str) -> str:
    return name.split(".")[1] if name.startswith("zonekit.") else name


def imports(path: Path, package: str):
    """(module imported, line) for every zonekit import in a file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.startswith("zonekit"):
                for alias in node.names:
                    sub = f"{mod}.{alias.name}" if mod.count(".") < 1 else mod
                    yield sub, alias.name, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("zonekit"):
                    yield alias.name, "", node.lineno


def files():
    """(path, module name, package holding the file) for every source file."""
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        yield path, name, package


@pytest.mark.parametrize("name", modules())
def test_every_module_imports_under_its_own_name(name):
    module = importlib.import_module(name)
    assert module.__name__ == name


def test_no_public_name_is_also_a_module():
    subs = {m.split(".")[1] for m in modules()}
    for name in zonekit.__all__:
        value = getattr(zonekit, name)
        assert name not in subs or isinstance(value, type(zonekit)), name
    for name in subs:
        assert isinstance(getattr(zonekit, name, zonekit), type(zonekit)), name
    assert callable(zonekit.compare) and zonekit.comparison.compare is zonekit.compare
    assert callable(zonekit.validate) and zonekit.validation.validate is zonekit.validate


def test_layers_import_only_downwards():
    for path, name, package in files():
        here = top(name) if name != "zonekit" else None
        if here not in ORDER:
            continue
        for mod, _, line in imports(path, package):
            there = top(mod)
            if there in ORDER and there != here:
                layers = list(LAYERS)
                # never from a later layer; inside the pipeline, never from a later stage
                assert layers.index(_layer(there)) <= layers.index(_layer(here)), \
                    f"{path.name}:{line} imports {mod} (a later layer)"
                if _layer(here) == "pipeline":
                    assert ORDER[there] < ORDER[here], f"{path.name}:{line} imports {mod} (later stage)"


def _layer(module: str) -> str:
    return next(k for k, v in LAYERS.items() if module in v)


def test_no_private_name_is_imported_across_modules():
    for path, _name, package in files():
        for mod, imported, line in imports(path, package):
            assert not (imported.startswith("_") and imported not in ("__version__",)), \
                f"{path.name}:{line} imports {imported} from {mod}"


def test_every_module_is_in_a_layer():
    for name in modules():
        assert top(name) in ORDER, f"{name} belongs to no layer of DESIGN.md"


def test_import_zonekit_loads_no_plotting_or_jupyter():
    code = ("import sys, zonekit; zonekit.load_plan(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'plotly', 'ipywidgets', 'jupyterlab', 'voila', 'kaleido', 'openpyxl', 'IPython'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_readme_module_table_is_the_layout():
    """Every module (and subpackage) has a row in the README's module table, and no row names
    a module that does not exist."""
    import re

    readme = (SRC.parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("## What is inside", 1)[1].split("\n## ", 1)[0]
    listed = set()
    for row in re.findall(r"^\| (.+?) \|", table, re.M):
        listed |= set(re.findall(r"`([\w/]+?)(?:\.py|/)`", row))
    actual = {m.split(".")[1] for m in modules()}
    assert listed == actual
