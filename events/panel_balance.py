"""The balance of an event's panel (its speakers and moderators) by gender and by stakeholder type.

Where a speaker's gender comes from: a speaker with a site account counts with the answer in their own member
profile, and only while they consent to it being counted; a speaker without an account counts with the
`Speaker.gender` the secretariat recorded with their agreement. Anyone else counts as "not known". The
stakeholder type is that of the speaker's covenant party, else that of the party in their member profile.

The balance is shown to the secretariat as counts only, never next to a name. Small-number protection does not
apply here: the secretariat sees the panel anyway, and a panel is small by nature.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, CharField, F, Q, Value, When
from django.utils.translation import gettext as _

from events.models.speakers import SPEAKER_GENDER_CHOICES, Speaker
from working_groups.choices import Gender
from working_groups.models import StakeholderType

NOT_KNOWN = ""

#: At least this many people with a known value before "all of one kind" is worth a warning.
MIN_PEOPLE_FOR_WARNING = 2

# "Prefers not to say" is an answer, but not a gender; people who describe themselves another way need not
# share one gender with each other. Neither can make a panel "all of one gender".
_GENDERS_FOR_WARNING = {Gender.WOMAN, Gender.MAN, Gender.NON_BINARY}


@dataclass(frozen=True)
class PanelMember:
    """What the balance knows of one person on the panel: no name, no identity."""

    gender: str = NOT_KNOWN
    stakeholder_type: str = NOT_KNOWN


@dataclass(frozen=True)
class BalanceRow:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class PanelBalance:
    size: int
    by_gender: tuple[BalanceRow, ...]
    by_stakeholder_type: tuple[BalanceRow, ...]
    warnings: tuple[str, ...]


def _rows(counts: Counter, choices: list[tuple[str, str]]) -> tuple[BalanceRow, ...]:
    rows = [BalanceRow(value, str(label), counts[value]) for value, label in choices if counts[value]]
    if counts[NOT_KNOWN]:
        rows.append(BalanceRow(NOT_KNOWN, _("Not known"), counts[NOT_KNOWN]))
    return tuple(rows)


def _only_value(values: list[str]) -> str | None:
    """The one value every entry has, if there are enough entries to call it a pattern."""
    distinct = set(values)
    return distinct.pop() if len(values) >= MIN_PEOPLE_FOR_WARNING and len(distinct) == 1 else None


def panel_balance(members: Iterable[PanelMember]) -> PanelBalance:
    """Count the panel by gender and stakeholder type, and warn when everyone with a known value is alike.

    A pure function: the same members give the same balance, whatever their order.
    """
    members = list(members)
    genders = Counter(member.gender for member in members)
    types = Counter(member.stakeholder_type for member in members)
    gender_labels = dict(SPEAKER_GENDER_CHOICES)
    type_labels = dict(StakeholderType.choices)
    warnings = []
    only_gender = _only_value(
        [m.gender for m in members if m.gender not in (NOT_KNOWN, Gender.PREFER_NOT_TO_SAY)]
    )
    if only_gender in _GENDERS_FOR_WARNING:
        warnings.append(
            _("Every speaker and moderator whose gender is known is of one gender (%(gender)s).")
            % {"gender": str(gender_labels[only_gender]).lower()}
        )
    only_type = _only_value([m.stakeholder_type for m in members if m.stakeholder_type != NOT_KNOWN])
    if only_type is not None:
        warnings.append(
            _("Every speaker and moderator whose party is known is of one stakeholder type (%(type)s).")
            % {"type": type_labels.get(only_type, only_type)}
        )
    return PanelBalance(
        size=len(members),
        by_gender=_rows(genders, SPEAKER_GENDER_CHOICES),
        by_stakeholder_type=_rows(types, list(StakeholderType.choices)),
        warnings=tuple(warnings),
    )


def speaker_gender(speaker: Speaker) -> str:
    """The gender a speaker counts with (see the module docstring); needs `user__profile` selected."""
    if speaker.user_id is None:
        return speaker.gender
    profile = getattr(speaker.user, "profile", None)
    if profile is None or profile.gender_consent_at is None:
        return NOT_KNOWN
    return profile.gender


def speaker_stakeholder_type(speaker: Speaker) -> str:
    if speaker.organisation_id is not None:
        return speaker.organisation.stakeholder_type
    profile = getattr(speaker.user, "profile", None) if speaker.user_id else None
    if profile is not None and profile.organisation_id is not None:
        return profile.organisation.stakeholder_type
    return NOT_KNOWN


def speaker_gender_expression(prefix: str = "", not_known: str = NOT_KNOWN) -> Case:
    """`speaker_gender` as a database expression, for aggregates over speakers (e.g. the insights).

    `prefix` is the path to the Speaker from the queried model, with its trailing "__" (e.g. "speaker__");
    `not_known` is the value of everyone whose gender does not count.
    """
    has_account = Q(**{f"{prefix}user__isnull": False})
    return Case(
        When(
            has_account
            & Q(**{f"{prefix}user__profile__gender_consent_at__isnull": False})
            & Q(**{f"{prefix}user__profile__gender__in": Gender.values}),
            then=F(f"{prefix}user__profile__gender"),
        ),
        When(~has_account & Q(**{f"{prefix}gender__in": Gender.values}), then=F(f"{prefix}gender")),
        default=Value(not_known),
        output_field=CharField(),
    )


def panel_members_for(event) -> list[PanelMember]:
    """The distinct people on the event's panel, as the balance sees them, in one query.

    Reads `event.speakers` as the page holds them, so an unsaved or draft panel counts as the editor sees it.
    """
    speaker_ids = {item.speaker_id for item in event.speakers.all() if item.speaker_id}
    if not speaker_ids:
        return []
    speakers = Speaker.objects.filter(pk__in=speaker_ids).select_related(
        "organisation", "user__profile__organisation"
    )
    return [
        PanelMember(gender=speaker_gender(speaker), stakeholder_type=speaker_stakeholder_type(speaker))
        for speaker in speakers
    ]
