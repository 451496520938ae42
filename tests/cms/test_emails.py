"""cms.emails.render_mail: the one way every app renders a message (subject, text, optional HTML)."""

import pytest

from cms.emails import recipient_language, render_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_templates(settings, tmp_path):
    folder = tmp_path / "mailtest"
    folder.mkdir()
    (folder / "hello_subject.txt").write_text('{% load i18n %}\n  {% translate "Search" %}\n {{ name }}\n')
    (folder / "hello_body.txt").write_text("Text for {{ name }}")
    (folder / "plain_subject.txt").write_text("Plain")
    (folder / "plain_body.txt").write_text("Only text")
    (folder / "hello_body.html").write_text("<p>HTML for {{ name }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]


def test_render_mail_writes_one_subject_line_in_the_language_with_the_prefix(settings, mail_templates):
    settings.ROUNDTABLE_EMAIL_SUBJECT_PREFIX = "[Covenant] "
    message = render_mail("mailtest/hello", {"name": "Ann"}, to=["ann@example.org"], language="nl")
    assert message.subject == "[Covenant] Zoeken Ann"
    assert message.to == ["ann@example.org"]


def test_render_mail_adds_the_html_part_only_when_the_app_has_one(mail_templates):
    message = render_mail("mailtest/hello", {"name": "<Bo>"}, to=["bo@example.org"], language="en")
    assert message.body == "Text for &lt;Bo&gt;"
    assert message.alternatives[0][1] == "text/html"
    assert "<p>HTML for &lt;Bo&gt;</p>" in message.alternatives[0][0]
    assert render_mail("mailtest/plain", {}, to=["bo@example.org"]).alternatives == []


def test_recipient_language_falls_back_to_the_site_language(settings):
    settings.LANGUAGE_CODE = "en"
    assert recipient_language(None) == "en"
