"""Filter fields shared by the FilterSets of every app (pages, admin listings, the public API).

`ModelChoiceFilter` looks a choice up in the database as given: `?group=99999999999999999999` reaches the
database, which refuses an integer no column can hold with an overflow error — a 500 for a typo or a probe.
`KeyChoiceFilter` refuses such a value as an invalid choice (the form says so, the list stays as it was).
"""

from django.core.exceptions import ValidationError
from django.db import models

import django_filters
from django_filters.fields import ModelChoiceField

#: The largest key any database integer column holds (a signed 64-bit integer).
MAX_INTEGER_KEY = 2**63 - 1


def integer_key_out_of_range(model: type[models.Model], to_field_name: str | None, value) -> bool:
    """Whether `value` names a row of `model` by an integer key that no database integer can hold."""
    key_field = model._meta.get_field(to_field_name or model._meta.pk.name)
    while key_field.is_relation:  # a page's key is its link to wagtailcore.Page
        key_field = key_field.target_field
    if not isinstance(key_field, models.IntegerField):
        return False
    text = str(value or "").strip()
    return text.lstrip("-").isdigit() and abs(int(text)) > MAX_INTEGER_KEY


class KeyChoiceField(ModelChoiceField):
    def to_python(self, value):
        if integer_key_out_of_range(self.queryset.model, self.to_field_name, value):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return super().to_python(value)


class KeyChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = KeyChoiceField
