"""The engine is pure standard-library Python: no Django, no clock, no network."""

from __future__ import annotations

import ast
from pathlib import Path

import omhub.sentencing

PACKAGE = Path(omhub.sentencing.__file__).parent
FORBIDDEN_MODULES = {"django", "ninja", "requests", "urllib", "socket", "http"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_imports_django_or_the_network():
    for path in PACKAGE.rglob("*.py"):
        assert not imported_modules(path) & FORBIDDEN_MODULES, path


def test_no_module_reads_the_clock():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text("utf-8")
        assert "date.today(" not in text and "datetime.now(" not in text, path
