"""cms.widgets.LeanSelect writes exactly what Django's Select writes through its templates."""

from django import forms
from django.utils.translation import gettext_lazy as _

import pytest

from cms.widgets import LeanSelect

CHOICES = [
    ("", _("All themes")),
    ("tin", "Tin & <tungsten>"),
    (3, "Step 3"),
    ("Minerals", [("cobalt", "Cobalt"), ("gold", 'Gold "artisanal"')]),
]


@pytest.mark.parametrize("value", [None, "", "tin", 3, "3", "gold", ["tin"]])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_theme", "required": True, "disabled": False, "data-label": 'a "b" <c>', "aria-x": 4}],
)
def test_lean_select_writes_what_djangos_select_writes(value, attrs):
    django_select = forms.Select(choices=CHOICES).render("theme", value, attrs)
    lean = LeanSelect(choices=CHOICES).render("theme", value, attrs)
    assert lean == django_select
