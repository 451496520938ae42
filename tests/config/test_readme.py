"""The README stays what a newcomer needs first, and says only what is true: the two commands are the
Makefile's, the demo accounts are the ones seed_demo makes, and every link of the README and docs/ leads
somewhere."""

import re
from pathlib import Path

from cms.management.commands.seed_demo import Command as SeedDemo
from working_groups.demo.accounts import DEMO_PEOPLE

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"


def _section(text: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"the README has no section {title!r}"
    return match.group(1)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_the_readme_is_short():
    assert 5_000 <= len(README.read_bytes()) <= 10_000


def test_the_first_section_gives_exactly_the_two_commands_and_the_makefile_has_them():
    text = README.read_text()
    first = re.search(r"^## (.*)$", text, re.MULTILINE)
    assert first.group(1) == "Two commands"
    block = re.search(r"```sh\n(.*?)```", _section(text, "Two commands"), re.DOTALL).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    # What the README says each is made of.
    assert re.search(r"^demo: migrate seed serve$", makefile, re.MULTILINE)
    assert re.search(r"^test: lint unit cuts browser$", makefile, re.MULTILINE)
    assert "`make demo` is `make migrate seed serve`" in text
    assert "`make test` is `make lint unit cuts browser`" in text


def test_the_demo_accounts_are_the_ones_seed_demo_makes():
    section = _section(README.read_text(), "Demo accounts")
    rows = re.findall(r"^\| ([^|]+?) \| `([^`]+@example\.org)` \|", section, re.MULTILINE)
    assert rows == [(person.role, person.email) for person in DEMO_PEOPLE]
    parser = SeedDemo().create_parser("manage.py", "seed_demo")
    assert f"`{parser.get_default('password')}`" in section


def test_every_link_of_the_readme_and_docs_leads_somewhere():
    pages = [README, *sorted(DOCS.rglob("*.md"))]
    anchors = {
        page.resolve(): {_slug(title) for title in re.findall(r"^#+ (.*)$", page.read_text(), re.MULTILINE)}
        for page in pages
    }
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text()):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            destination = (page.parent / path).resolve() if path else page.resolve()
            known = anchors.get(destination, ())
            missing_anchor = anchor and destination.suffix == ".md" and anchor not in known
            if not destination.exists() or missing_anchor:
                broken.append(f"{page.relative_to(ROOT)}: {target}")
    assert not broken


def test_the_readme_points_at_every_page_of_docs():
    text = README.read_text() + (DOCS / "README.md").read_text()
    for page in DOCS.rglob("*.md"):
        if page.name != "README.md" or page.parent != DOCS:
            assert page.name in text, f"{page.relative_to(ROOT)} is not in the README nor in docs/README.md"
