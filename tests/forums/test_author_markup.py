"""AuthorDisplay.html (built once per person on a thread page) is the same markup as
forums/includes/author.html, which every other list still includes."""

import dataclasses

from django.template.loader import render_to_string
from django.utils import translation

import pytest

from forums.presenters import AuthorDisplay


@pytest.mark.parametrize(
    "author",
    [
        AuthorDisplay("Ama Mensah", "Kivu Tin", "company", "Company"),
        AuthorDisplay("Ama <b>Mensah</b>", "", "", "No party listed", is_viewer=True),
        AuthorDisplay("", "", "trade_union", "Trade union", anonymised=True),
        AuthorDisplay("", "", "", "", anonymised=True),
        AuthorDisplay("", "", "", "", deleted=True),
        AuthorDisplay("Ama", "Org & Co", "ngo", "NGO", is_viewer=True),
    ],
)
@pytest.mark.parametrize("language", ["en", "nl"])
def test_author_markup_matches_the_template(author, language):
    author = dataclasses.replace(author)  # built afresh for each request, as on a page
    with translation.override(language):
        assert author.html == render_to_string("forums/includes/author.html", {"author": author}).strip()
