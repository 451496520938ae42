"""A working group's themes link to the English themes only: the admin's edit form offers each theme once, as
its default-language row, and refuses the Dutch translation of a theme (issue 20)."""

import re

from django.core.exceptions import ValidationError

from wagtail.models import Locale

import pytest

from tests.factories.working_groups import ThemeFactory, make_group, make_group_index
from working_groups.models import Theme, WorkingGroupPage


@pytest.fixture
def themes(db):
    recycling = ThemeFactory(name="Recycling", slug="recycling")
    hergebruik = recycling.copy_for_translation(Locale.objects.get(language_code="nl"))
    hergebruik.name = "Hergebruik"
    hergebruik.save()
    return recycling, hergebruik


def offered(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'name="themes" value="(\d+)"', html)}


def test_the_group_edit_form_offers_the_english_theme_only(client, admin_user, themes):
    recycling, hergebruik = themes
    group = make_group(make_group_index())
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/{group.pk}/edit/")
    assert response.status_code == 200
    assert offered(response.text) == set(Theme.objects.originals().values_list("pk", flat=True))
    assert recycling.pk in offered(response.text) and hergebruik.pk not in offered(response.text)


def test_the_group_form_refuses_a_dutch_theme(admin_user, themes):
    recycling, hergebruik = themes
    group = make_group(make_group_index())
    form_class = WorkingGroupPage.get_edit_handler().get_form_class()
    field = form_class(instance=group, parent_page=group.get_parent(), for_user=admin_user).fields["themes"]
    assert list(field.clean([recycling.pk])) == [recycling]
    with pytest.raises(ValidationError) as refused:
        field.clean([hergebruik.pk])
    assert refused.value.code == "invalid_choice"
