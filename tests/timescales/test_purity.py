"""The timescales engine is pure standard-library Python: no Django, no clock, no network at import."""

from __future__ import annotations

import ast
from pathlib import Path

import omhub.timescales

PACKAGE = Path(omhub.timescales.__file__).parent
FORBIDDEN = {"django", "ninja", "requests", "socket", "http", "urllib"}


def top_level_imports(path: Path) -> set[str]:
    """Modules imported at module level (a function may import the network lazily)."""
    names = set()
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def all_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_imports_django_or_the_network_at_import_time():
    for path in PACKAGE.rglob("*.py"):
        assert not top_level_imports(path) & FORBIDDEN, path


def test_only_the_refresh_download_touches_the_network():
    users = {path.name for path in PACKAGE.rglob("*.py") if all_imports(path) & FORBIDDEN}
    assert users == {"refresh.py"}
    assert not all_imports(PACKAGE / "refresh.py") & {"django", "ninja"}


def test_no_module_reads_the_clock():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text("utf-8")
        for call in ("date.today(", "datetime.now(", "datetime.utcnow(", "time.time(", "time.localtime("):
            assert call not in text, (path, call)
