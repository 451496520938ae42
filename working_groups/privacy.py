"""The working groups' part of a person's data: profile, consent records, memberships, requests,
invitations and the membership history about them, and how the admin's account search finds and names people
(the profile's display name and party).

Registered on cms's privacy hooks (cms.privacy) in working_groups/wagtail_hooks.py; each function runs a fixed
number of queries whatever the amount of data.
"""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allauth.account.models import EmailAddress

from cms.privacy import AccountDirectory, PersonalData
from working_groups.choices import Role
from working_groups.models import (
    GenderConsentRecord,
    Invitation,
    JoinRequest,
    MemberProfile,
    Membership,
    MembershipEvent,
)


def _addresses(user) -> list[str]:
    emails = {
        address.lower() for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    if user.email:
        emails.add(user.email.lower())
    return sorted(emails)


def _address_q(field: str, emails: list[str]) -> Q:
    condition = Q(pk__in=[])
    for email in emails:
        condition |= Q(**{f"{field}__iexact": email})
    return condition


def _profile(user) -> dict[str, Any] | None:
    profile = MemberProfile.objects.filter(user=user).select_related("organisation").first()
    if profile is None:
        return None
    return {
        "display_name": profile.display_name,
        "job_title": profile.job_title,
        "organisation_name": profile.organisation_name,
        "covenant_party": profile.organisation.name if profile.organisation else None,
        "preferred_language": profile.preferred_language,
        "time_zone": profile.time_zone,
        "gender": profile.gender,
        "gender_self_description": profile.gender_self_description,
        "gender_consent_at": profile.gender_consent_at,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
    }


def working_groups_personal_data(user) -> dict[str, Any]:
    emails = _addresses(user)
    memberships = Membership.objects.filter(user=user).select_related("group").order_by("joined_at", "pk")
    requests = JoinRequest.objects.filter(user=user).select_related("group").order_by("created_at", "pk")
    invitations = (
        Invitation.objects.filter(Q(accepted_by=user) | _address_q("email", emails))
        .select_related("group")
        .order_by("created_at", "pk")
    )
    history = (
        MembershipEvent.objects.filter(Q(subject=user) | Q(actor=user))
        .select_related("group")
        .order_by("created_at", "pk")
    )
    return {
        "profile": _profile(user),
        "gender_consent_records": [
            {"action": record.action, "notice_version": record.notice_version, "at": record.at}
            for record in GenderConsentRecord.objects.filter(user=user).order_by("at", "pk")
        ],
        "memberships": [
            {"group": item.group.title, "role": item.role, "joined_at": item.joined_at}
            for item in memberships
        ],
        "join_requests": [
            {
                "group": item.group.title,
                "motivation": item.motivation,
                "status": item.status,
                "created_at": item.created_at,
                "decided_at": item.decided_at,
                "decision_note": item.decision_note,
            }
            for item in requests
        ],
        "invitations": [
            {
                "group": item.group.title,
                "email": item.email,
                "role": item.role,
                "message": item.message,
                "created_at": item.created_at,
                "expires_at": item.expires_at,
                "accepted_at": item.accepted_at,
                "revoked_at": item.revoked_at,
            }
            for item in invitations
        ],
        "membership_history": [
            {
                "group": item.group.title,
                "action": item.action,
                "your_part": "subject" if item.subject_id == user.pk else "actor",
                "role": item.role,
                "previous_role": item.previous_role,
                "at": item.created_at,
            }
            for item in history
        ],
    }


class WorkingGroupsPersonalData(PersonalData):
    title = gettext_lazy("Your profile and groups")
    sections = {
        "profile": gettext_lazy("Your profile, including the optional gender answer"),
        "gender_consent_records": gettext_lazy("When you gave or withdrew consent to record your gender"),
        "memberships": gettext_lazy("The groups you are a member of, with your role"),
        "join_requests": gettext_lazy("Your requests to join groups, with your motivation and the decision"),
        "invitations": gettext_lazy("The invitations to groups sent to you"),
        "membership_history": gettext_lazy(
            "The history of memberships you took part in, as the member or as the one who made the change"
        ),
    }
    erased = (
        gettext_lazy("Your profile, including the optional gender answer and your consent records."),
        gettext_lazy(
            "Your memberships of working groups, your join requests and the invitations sent to you."
        ),
    )
    kept = (
        gettext_lazy("The secretariat's record of membership changes keeps what happened, not who you were."),
    )

    def export(self, user) -> dict[str, Any]:
        return working_groups_personal_data(user)


def working_groups_erasure_blockers(user) -> list[str]:
    """The groups this person is the only chair of: they hand the chair over before leaving for good."""
    sole_chair_of = (
        Membership.objects.filter(user=user, role=Role.CHAIR)
        .annotate(
            chairs=Count("group__memberships", filter=Q(group__memberships__role=Role.CHAIR), distinct=True)
        )
        .filter(chairs=1)
        .select_related("group")
    )
    return [
        _("You are the only chair of “%(group)s”. Make another member chair before you delete your account.")
        % {"group": membership.group.title}
        for membership in sole_chair_of
    ]


def working_groups_erase(user) -> None:
    """Invitations sent to the person's addresses go, and the membership history forgets their address.

    The profile, gender consent records, memberships and join requests hang on the user row and go with it.
    """
    emails = _addresses(user)
    Invitation.objects.filter(Q(accepted_by=user) | _address_q("email", emails)).delete()
    MembershipEvent.objects.filter(Q(subject=user) | _address_q("subject_email", emails)).update(
        subject_email=""
    )
    MemberProfile.objects.filter(user=user).delete()
    GenderConsentRecord.objects.filter(user=user).delete()


class ProfileAccountDirectory(AccountDirectory):
    """The admin's account search also finds a person by their profile's display name, and lists their party.
    Only what a list of people shows is loaded: never the profile's gender answers."""

    organisation_heading = gettext_lazy("Party")

    def word_q(self, word: str) -> Q:
        return super().word_q(word) | Q(profile__display_name__icontains=word)

    def prepare(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("profile__organisation").only(
            "email",
            "first_name",
            "last_name",
            "date_joined",
            "is_superuser",
            "profile__display_name",
            "profile__organisation_name",
            "profile__organisation__name",
        )

    def name(self, person) -> str:
        profile = getattr(person, "profile", None)
        return (profile.display_name if profile else "") or person.get_full_name()

    def organisation(self, person) -> str:
        profile = getattr(person, "profile", None)
        if profile is None:
            return ""
        return profile.organisation.name if profile.organisation else profile.organisation_name
