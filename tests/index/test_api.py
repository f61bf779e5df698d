"""The public API: what index/__init__.py declares is all the front ends and benchmarks use, and it resolves."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import index

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", index.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(index, name) is not None


def test_the_public_names_are_exactly_the_declared_ones() -> None:
    assert sorted(index._HOME_OF) == index.__all__
    with pytest.raises(AttributeError):
        index.Corpuz  # noqa: B018


@pytest.mark.parametrize("folder", ["bot", "bench"])
def test_front_ends_import_only_the_public_api(folder: str) -> None:
    private = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("index."):
                private.append(f"{path.relative_to(ROOT)}: from {node.module}")
            elif isinstance(node, ast.Import):
                private += [f"{path.relative_to(ROOT)}: import {a.name}" for a in node.names
                            if a.name.startswith("index.")]
    assert private == []


def test_importing_the_package_loads_nothing_heavy() -> None:
    code = "import sys, index; print(sorted(m for m in ('numpy', 'httpx', 'torch', 'chromadb') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
