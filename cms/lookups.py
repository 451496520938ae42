"""Out-of-range ids find nothing, through relations too.

Django (5.0 and later) answers an `exact` lookup on an integer field with a value beyond the column's range
with an empty result, but a lookup through a relation — a Wagtail page's own id (`pk` of a page type is its
`page_ptr` one-to-one link), a foreign key (`group=`, `event_id=`), and `in` lists of any of them — sends
the number to the database: SQLite raises OverflowError, PostgreSQL "out of range". Every id that comes from
a URL or a form (`/events/<30 digits>/attendees/`, a filter's `?working_group=`) then answered 500.

Registered once (cms.apps.CmsConfig.ready) on the relation lookups themselves, so every query of every app
finds nothing for such an id, exactly as Django already does for plain integer columns: views answer 404 and
forms say "Select a valid choice".
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In


def _column_range(lookup, connection) -> tuple[int | None, int | None]:
    field = lookup.lhs.output_field
    target = getattr(field, "target_field", None) or field
    try:
        return connection.ops.integer_field_range(target.get_internal_type())
    except KeyError:  # not an integer column
        return None, None


def _in_range(value, bounds: tuple[int | None, int | None]) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return True
    low, high = bounds
    return (low is None or value >= low) and (high is None or value <= high)


class RangeCheckedRelatedExact(RelatedExact):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value() and not _in_range(self.rhs, _column_range(self, connection)):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


class _RangeCheckedIn:
    """`in` drops the values no row can have; with none left, the lookup matches nothing."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            bounds = _column_range(self, connection)
            try:
                values = list(self.rhs)
            except TypeError:
                values = None
            if values is not None:
                kept = [value for value in values if _in_range(value, bounds)]
                if not kept:
                    raise EmptyResultSet
                self.rhs = kept
        return super().process_rhs(compiler, connection)


class RangeCheckedRelatedIn(_RangeCheckedIn, RelatedIn):
    pass


class RangeCheckedIntegerIn(_RangeCheckedIn, In):
    pass


def register() -> None:
    ForeignObject.register_lookup(RangeCheckedRelatedExact)
    ForeignObject.register_lookup(RangeCheckedRelatedIn)
    IntegerField.register_lookup(RangeCheckedIntegerIn)
