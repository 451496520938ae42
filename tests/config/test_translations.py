"""The Dutch translation is complete, compiled, and served to visitors who ask for Dutch."""

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

import pytest

from tests.factories.cms import make_home_site

ROOT = Path(settings.LOCALE_PATHS[0]).parent
#: The project's catalogue (config and site/) and each app's own (<app>/locale, bin/messages).
CATALOGUES = sorted(
    path.parent for path in ROOT.glob("**/locale/nl/LC_MESSAGES/django.po") if ".venv" not in path.parts
)


def owner(catalogue: Path) -> str:
    """Whose catalogue: an app's name, or "site" for the project's own."""
    return catalogue.parents[2].name if catalogue.parents[2] != ROOT else "site"


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|</?[a-z][^>]*>")


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file, each a dict of its flags, msgctxt, msgid, msgid_plural and msgstr."""
    entries, entry, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry or {"flags": set()}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, value = line.split(" ", 1)
            entry[key] = ast.literal_eval(value)
    return entries


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


@pytest.fixture(scope="module", params=CATALOGUES, ids=owner)
def catalogue(request) -> Path:
    return request.param


@pytest.fixture(scope="module")
def entries(catalogue):
    header, *rest = read_po(catalogue / "django.po")
    assert header["msgid"] == ""
    assert "Language: nl\n" in header["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header["msgstr"]
    return rest


def test_every_app_and_the_site_have_a_catalogue():
    assert {owner(path) for path in CATALOGUES} >= {
        "site",
        "cms",
        "working_groups",
        "commitments",
        "events",
        "library",
        "forums",
        "insights",
        "api",
    }
    assert sum(len(read_po(path / "django.po")) for path in CATALOGUES) > 500


def test_po_file_is_fully_translated(entries):
    assert entries
    untranslated = [e["msgid"] for e in entries if not all(text.strip() for text in translations(e))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_plural_entries_have_both_forms(entries):
    plurals = [e for e in entries if "msgid_plural" in e]
    for entry in plurals:
        forms = {key for key in entry if key.startswith("msgstr")}
        assert forms == {"msgstr[0]", "msgstr[1]"}, entry["msgid"]


def test_translations_keep_placeholders_and_markup(entries):
    broken = []
    for entry in entries:
        if "msgid_plural" in entry:
            pairs = [(entry["msgid"], entry["msgstr[0]"]), (entry["msgid_plural"], entry["msgstr[1]"])]
        else:
            pairs = [(entry["msgid"], entry["msgstr"])]
        broken += [source for source, text in pairs if placeholders(source) != placeholders(text)]
    assert broken == []


def test_compiled_catalog_matches_the_po_file(catalogue, entries):
    """A .po edited without running compilemessages leaves django.mo stale, and the site serves old text."""
    with (catalogue / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)
    stale = []
    for entry in entries:
        msgid = entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{entry['msgid']}"
        if "msgid_plural" in entry:
            found = [catalog.ngettext(msgid, entry["msgid_plural"], n) for n in (1, 2)]
            expected = [entry["msgstr[0]"], entry["msgstr[1]"]]
        else:
            found, expected = [catalog.gettext(msgid)], [entry["msgstr"]]
        if found != expected:
            stale.append(entry["msgid"])
    assert stale == []


@pytest.fixture
def home(db):
    cache.clear()
    yield make_home_site()
    cache.clear()


def test_home_page_in_english_by_default(client, home):
    response = client.get("/", headers={"accept-language": "en"})
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "Skip to main content" in response.text
    assert "Direct naar de hoofdinhoud" not in response.text


def test_home_page_in_dutch_for_accept_language_nl(client, home):
    response = client.get("/", headers={"accept-language": "nl-NL,nl;q=0.9,en;q=0.5"})
    assert response.status_code == 200
    assert '<html lang="nl">' in response.text
    assert "Direct naar de hoofdinhoud" in response.text
    assert ">Inloggen</a>" in response.text
    assert ">Registreren</a>" in response.text
    assert "Skip to main content" not in response.text


def test_language_switcher_switches_to_dutch_and_back(client, home):
    response = client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/nl/"  # the Dutch home page: Django translates the address

    response = client.get("/", headers={"accept-language": "en"})
    assert '<html lang="nl">' in response.text
    assert "Direct naar de hoofdinhoud" in response.text
    assert '<option value="nl" lang="nl" selected>Nederlands</option>' in response.text

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/", headers={"accept-language": "nl"})
    assert "Skip to main content" in response.text
