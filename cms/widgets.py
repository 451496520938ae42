"""Form widgets that write their markup in Python.

`LeanSelect` writes exactly what Django's `django/forms/widgets/select.html` and `select_option.html` write
(whitespace included), without a template include per option: a filter form beside a list has selects of
dozens or hundreds of options (parties, SDG targets), which through the templates cost more than the list
itself. tests/cms/test_widgets.py holds the two identical.
"""

from django import forms
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _string(value) -> str:
    """`value|stringformat:'s'`."""
    return str(value)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(_string(value))}"')
    return "".join(parts)


class LeanSelect(forms.Select):
    """A Select rendered without templates, to the same characters as Django's templates."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in group_choices:
                out.append(
                    f'\n  <option value="{conditional_escape(_string(option["value"]))}"'
                    f"{_attrs(option['attrs'])}>{conditional_escape(formats.localize(option['label']))}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")  # the form renderer strips the template's last newline
        return mark_safe("".join(out))  # noqa: S308 (every value escaped above, as the templates do)
