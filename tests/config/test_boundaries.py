"""No module of one app reaches into another app for anything but its public interface (docs/architecture.md,
"Public interfaces").

Read with `ast` from every .py file of every app of the suite (migrations and tests aside), an import of
another of our apps — `import a.b`, `from a.b import c`, `from a import b`, `import_module("a.b")`, at module
level or inside a function — must

(a) go down: to an app this app stands on (STANDS_ON), never up or sideways;
(b) name a public module of that app (PUBLIC: the first part after the app's name; a package counts with its
    submodules), and no name or module that starts with ``_``;
(c) take a name from the module that defines it: a lower app's module that only re-imports it from a third app
    (cms.pagination's paginate through working_groups.selectors) is a way round that app's interface.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

import pytest

REPO = Path(__file__).resolve().parents[2]
ARCHITECTURE = REPO / "docs" / "architecture.md"

#: What each app may import: the apps it stands on. Every other app of the suite is above it or beside it.
STANDS_ON = {
    "cms": set(),
    "working_groups": {"cms"},
    "commitments": {"cms", "working_groups"},
    "events": {"cms", "working_groups"},
    "library": {"cms", "working_groups", "commitments"},
    "forums": {"cms", "working_groups", "commitments", "events"},
    "insights": {"cms", "working_groups", "commitments", "events", "forums"},
    "api": {"cms", "working_groups", "commitments", "events", "library", "forums"},
}

#: Each app's public interface: the modules (or packages) the apps above it may import.
PUBLIC = {
    "cms": {
        # pages and content
        "models",
        "blocks",
        "filters",
        "selectors",
        "visibility",
        "search",
        "destinations",
        "recordings",
        "i18n",
        "demo_pages",
        # the plumbing every plugin shares
        "hooks",
        "navigation",
        "pagination",
        "emails",
        "links",
        "conditional",
        "time_zones",
        "ratelimits",
        "uploads",
        "storage",
        "widgets",
        # the privacy and audit interfaces
        "privacy",
        "audit",
    },
    "working_groups": {
        "models",
        "choices",
        "access",
        "hooks",
        "selectors",
        "services",
        "emails",
        "desk",
        "filters",
        "themes",
        "demo",
    },
    "commitments": {
        "models",
        "hooks",
        "selectors",
        "services",
        "filters",
        "links",
        "charts",
        "vocabularies",
        "demo",
    },
    "events": {
        "models",
        "choices",
        "access",
        "hooks",
        "selectors",
        "registrations",
        "panel_balance",
        "filters",
    },
    "library": {"models", "choices", "selectors", "filters"},
    "forums": {"models", "hooks"},
    "insights": set(),
    "api": set(),
}


def imports_in(tree: ast.AST) -> Iterator[tuple[int, str, str | None]]:
    """(line, module, imported name or None) for every absolute import in the tree."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                yield node.lineno, node.module, alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, None
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value, None


def module_file(module: str, root: Path = REPO) -> Path | None:
    path = root.joinpath(*module.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def reimported_from(module: str, name: str, root: Path = REPO) -> str | None:
    """The app a module-level `from <app>... import name` of `module` takes `name` from, when that is another
    of our apps than the module's own (a re-export), else None."""
    path = module_file(module, root)
    if path is None:
        return None
    own = module.split(".")[0]
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            source = node.module.split(".")[0]
            if source in STANDS_ON and source != own and any(a.asname or a.name == name for a in node.names):
                return node.module
    return None


def violations_in(app: str, source: str, filename: str = "<source>", root: Path = REPO) -> list[str]:
    """What one module of `app` imports from other apps in breach of the rules above."""
    found = []
    for line, module, name in imports_in(ast.parse(source, filename)):
        parts = module.split(".")
        target = parts[0]
        if target not in STANDS_ON or target == app:
            continue
        where = f"{filename}:{line} imports {module}" + (f".{name}" if name else "")
        if target not in STANDS_ON[app]:
            found.append(f"{where}: {target} is not below {app}")
            continue
        element = parts[1] if len(parts) > 1 else name
        if element is None:
            found.append(f"{where}: import a public module of {target}, not the app")
        elif any(part.startswith("_") for part in [*parts[1:], name or ""]):
            found.append(f"{where}: private name")
        elif element not in PUBLIC[target]:
            found.append(f"{where}: {target}.{element} is not public")
        elif name and len(parts) > 1 and (origin := reimported_from(module, name, root)):
            found.append(f"{where}: a re-export; import it from {origin}")
    return found


def app_modules(app: str) -> Iterator[Path]:
    for path in sorted((REPO / app).rglob("*.py")):
        parts = path.relative_to(REPO).parts
        if "migrations" not in parts and "tests" not in parts:
            yield path


def test_the_layers_follow_the_suite_order():
    suite = settings.ROUNDTABLE_SUITE
    assert set(STANDS_ON) == set(suite) == set(PUBLIC)
    for app, below in STANDS_ON.items():
        assert all(suite.index(lower) < suite.index(app) for lower in below), app


def test_every_public_module_exists():
    for app, modules in PUBLIC.items():
        for module in modules:
            assert module_file(f"{app}.{module}"), f"{app}.{module}"


@pytest.mark.parametrize("app", list(STANDS_ON))
def test_no_app_reaches_past_the_public_interface_of_another(app):
    found = []
    for path in app_modules(app):
        found += violations_in(app, path.read_text(encoding="utf-8"), str(path.relative_to(REPO)))
    assert found == []


def test_the_architecture_document_lists_every_public_module():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("## Public interfaces", 1)[1].split("\n## ", 1)[0]
    for app, modules in PUBLIC.items():
        for module in modules:
            assert f"`{app}.{module}`" in section, f"{app}.{module}"


# --- The check itself can fail --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("app", "source", "complaint"),
    [
        ("working_groups", "from events.models import EventPage", "events is not below working_groups"),
        ("events", "from commitments import models", "commitments is not below events"),
        ("cms", "def f():\n    from working_groups import access", "working_groups is not below cms"),
        ("forums", "import_module('insights.views')", "insights is not below forums"),
        ("events", "from working_groups.app_settings import x", "working_groups.app_settings is not public"),
        ("events", "import working_groups.middleware", "working_groups.middleware is not public"),
        ("events", "from working_groups import signals", "working_groups.signals is not public"),
        ("events", "from working_groups.access import _cache", "private name"),
        ("events", "from working_groups.models._base import x", "private name"),
        ("events", "import working_groups", "not the app"),
        (
            "insights",
            "from commitments.selectors import paginate",
            "a re-export; import it from cms.pagination",
        ),
    ],
)
def test_a_planted_violation_is_found(app, source, complaint, tmp_path):
    (tmp_path / "commitments").mkdir()
    (tmp_path / "commitments" / "selectors.py").write_text("from cms.pagination import paginate\n")
    found = violations_in(app, source, root=tmp_path)
    assert len(found) == 1 and complaint in found[0], found


def test_public_imports_pass():
    source = (
        "from cms.pagination import paginate\n"
        "from working_groups import access\n"
        "from working_groups.models.profile import MemberProfile\n"
        "from working_groups.services.errors import NotAllowed\n"
        "from django.db import models\n"
        "from .local import thing\n"
    )
    assert violations_in("commitments", source) == []
