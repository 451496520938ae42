"""The library stays a plugin: it imports none of events, forums or insights, and cms, working_groups and
events import nothing of the library (they reach it through hooks only). Read from the source, including
imports inside functions."""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def imported_apps(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (REPO / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(REPO)))
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("library", {"events", "forums", "insights"}),
        ("cms", {"library"}),
        ("working_groups", {"library"}),
        ("events", {"library"}),
        ("forums", {"library"}),
    ],
)
def test_imports_point_one_way(package, forbidden):
    imports = imported_apps(package)
    wrong = {app: sorted(imports[app]) for app in forbidden if app in imports}
    assert not wrong, f"{package} imports {wrong}"
