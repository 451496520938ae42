"""Membership changes in the secretariat's audit log (Wagtail's Site history; its interface: cms.audit).

Every MembershipEvent is mirrored by the membership services (`membership_event_logged`) and logged on
MembershipEvent, which the secretariat may view. The entries name the person concerned (`subject_id`,
`subject_email`), so `membership_entries_about` hands them to cms.audit.forget_person on the erasure.
"""

from django.db.models import Q

from wagtail.log_actions import log

from cms.audit import person_label, register_labelled_actions
from working_groups.choices import MembershipAction

MEMBERSHIP_PREFIX = "roundtable.membership."


def register_log_actions(actions) -> None:
    """The `register_log_actions` hook: one action per kind of membership change."""
    register_labelled_actions(
        actions, {MEMBERSHIP_PREFIX + value: label for value, label in MembershipAction.choices}
    )


def membership_event_logged(event) -> None:
    """Mirror one MembershipEvent into Site history (called by working_groups.services.membership)."""
    subject = event.subject
    who = person_label(subject) if subject is not None else event.subject_email
    log(
        event,
        MEMBERSHIP_PREFIX + event.action,
        user=event.actor,
        title=f"{who} — {event.group.title}",
        data={
            "group_id": event.group_id,
            "group": event.group.title,
            "subject_id": event.subject_id,
            "subject_email": (event.subject_email or "").lower(),
            "role": event.role,
            "previous_role": event.previous_role,
        },
    )


def membership_entries_about(user, emails: list[str]) -> Q:
    """The ``AUDIT_ENTRIES_ABOUT_HOOK``: membership entries about the person, by account or by address."""
    return Q(action__startswith=MEMBERSHIP_PREFIX) & (
        Q(data__subject_id=user.pk) | Q(data__subject_email__in=emails)
    )
