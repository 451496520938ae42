"""The ONE access policy of Roundtable: may this user see / read / post in / moderate / manage this group?

Everything is decided by `decide()` from three facts: the group's visibility, the user's role in it (or none)
and whether the user is secretariat staff. Every other helper here, every queryset method
(`WorkingGroupPage.objects.visible_to(user)`) and every other app (events, forums) builds on it:

- open:    anyone sees and reads; chairs and members post; observers read only.
- closed:  anyone sees the public description; members (any role) read; chairs and members post.
- private: only members know the group exists; outsiders get 404, never 403.
- The secretariat (superusers and members of the "Secretariat" auth group) sees, moderates and manages all.

A user's roles are fetched once and cached on the user object, so a request costs one query however many
groups, threads or events it checks. Services that change memberships call `forget_roles(user)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import Http404

from working_groups.choices import Role, Visibility

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from working_groups.models import WorkingGroupPage

    AnyUser = AbstractBaseUser | AnonymousUser

SECRETARIAT_GROUP_NAME = "Secretariat"
PUBLIC_VISIBILITIES = (Visibility.OPEN, Visibility.CLOSED)
POSTING_ROLES = (Role.CHAIR, Role.MEMBER)

_ROLES_CACHE = "_working_group_roles"
_SECRETARIAT_CACHE = "_is_secretariat"


@dataclass(frozen=True)
class GroupAccess:
    """What one user may do in one group."""

    see: bool
    read: bool
    post: bool
    moderate: bool
    manage: bool
    role: str | None
    secretariat: bool

    @property
    def is_member(self) -> bool:
        return self.role is not None

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role else ""


def decide(visibility: str, role: str | None, secretariat: bool) -> GroupAccess:
    """The rule itself, a pure function of the group's visibility, the user's role and secretariat status."""
    if secretariat:
        return GroupAccess(True, True, True, True, True, role, True)
    member = role is not None
    chair = role == Role.CHAIR
    return GroupAccess(
        see=member or visibility in PUBLIC_VISIBILITIES,
        read=member or visibility == Visibility.OPEN,
        post=role in POSTING_ROLES,
        moderate=chair,
        manage=chair,
        role=role,
        secretariat=False,
    )


def is_secretariat(user: AnyUser | None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, _SECRETARIAT_CACHE, None)
    if cached is None:
        # Through the link table: the same question as user.groups, with less for the ORM to build.
        from django.contrib.auth import get_user_model

        links = get_user_model().groups.through.objects.filter(
            user_id=user.pk, group__name=SECRETARIAT_GROUP_NAME
        )
        cached = links.exists()
        setattr(user, _SECRETARIAT_CACHE, cached)
    return cached


def secretariat_q() -> Q:
    """The secretariat as a set of people, as a condition on users: superusers and the members of the
    Secretariat group. The one definition (superusers are in); is_secretariat() answers the same for one
    active person, and with_secretariat_flag() for many."""
    return Q(is_superuser=True) | Q(groups__name=SECRETARIAT_GROUP_NAME)


def secretariat_members():
    """The active people of the secretariat: whom "the secretariat" is e-mailed to."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(secretariat_q(), is_active=True).distinct()


def with_secretariat_flag(users):
    """A queryset of users that reads each one's secretariat status in the same query (as is_secretariat()
    caches it), for code that loads a user afresh and asks at once."""
    from django.contrib.auth.models import Group
    from django.db.models import Exists, OuterRef

    secretariat = Group.objects.filter(user=OuterRef("pk"), name=SECRETARIAT_GROUP_NAME)
    return users.annotate(**{_SECRETARIAT_CACHE: Exists(secretariat)})


def user_group_roles(user: AnyUser | None) -> dict[int, str]:
    """{group id: role} for every group the user belongs to; one query per user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, _ROLES_CACHE, None)
    if cached is None:
        from working_groups.models import Membership

        cached = _roles_with_translations(Membership.objects.filter(user_id=user.pk))
        setattr(user, _ROLES_CACHE, cached)
    return cached


def chaired_group_ids(user: AnyUser | None) -> list[int]:
    """The groups this person chairs (the chair rule, once: every app asks here); from the cached roles."""
    return [group_id for group_id, role in user_group_roles(user).items() if role == Role.CHAIR]


def _roles_with_translations(memberships) -> dict[int, str]:
    """{group id: role} for the groups of these memberships and every translation of them, in one query: a
    member of a group is a member of its Dutch translation too (a translation never changes who may see a
    page)."""
    from django.db.models import OuterRef, Subquery

    from working_groups.models import WorkingGroupPage

    # By group, not by the default ordering (which joins the people to sort by their names).
    memberships = memberships.order_by("group_id")
    role = memberships.filter(group__translation_key=OuterRef("translation_key")).values("role")[:1]
    groups = WorkingGroupPage.objects.filter(translation_key__in=memberships.values("group__translation_key"))
    return dict(groups.order_by().annotate(member_role=Subquery(role)).values_list("pk", "member_role"))


def prime_people(users) -> None:
    """Read the roles and secretariat status of many people at once (three queries, whatever their number) and
    cache them on each user object as `user_group_roles()` and `is_secretariat()` would: for a read that
    decides many people together (a crowd joining a live room). People whose facts are cached already are
    left as they are."""
    from django.contrib.auth import get_user_model

    from working_groups.models import Membership, WorkingGroupPage

    people = [
        user
        for user in users
        if user is not None and user.is_authenticated and user.is_active and not hasattr(user, _ROLES_CACHE)
    ]
    if not people:
        return
    ids = {user.pk for user in people}
    # As _roles_with_translations: each membership counts for its group's translations too, the first by
    # group id where a person belongs to an original and its translation alike.
    memberships = list(
        Membership.objects.filter(user_id__in=ids)
        .order_by("group_id")
        .values_list("user_id", "group__translation_key", "role")
    )
    keys = {key for _user_id, key, _role in memberships}
    groups_by_key: dict = {}
    for group_id, key in WorkingGroupPage.objects.filter(translation_key__in=keys).values_list(
        "pk", "translation_key"
    ):
        groups_by_key.setdefault(key, []).append(group_id)
    roles: dict[int, dict[int, str]] = {user_id: {} for user_id in ids}
    for user_id, key, role in memberships:
        for group_id in groups_by_key.get(key, ()):
            roles[user_id].setdefault(group_id, role)
    links = get_user_model().groups.through.objects.filter(
        user_id__in=ids, group__name=SECRETARIAT_GROUP_NAME
    )
    secretariat = set(links.values_list("user_id", flat=True))
    for user in people:
        setattr(user, _ROLES_CACHE, roles[user.pk])
        if not user.is_superuser:
            setattr(user, _SECRETARIAT_CACHE, user.pk in secretariat)


def forget_roles(user: AnyUser | None) -> None:
    """Drop the cached roles (after a membership of this user changed)."""
    if user is not None and hasattr(user, _ROLES_CACHE):
        delattr(user, _ROLES_CACHE)


def group_access(user: AnyUser | None, group: WorkingGroupPage) -> GroupAccess:
    return decide(group.visibility, user_group_roles(user).get(group.pk), is_secretariat(user))


def can_see_group(user: AnyUser | None, group: WorkingGroupPage) -> bool:
    return group_access(user, group).see


def can_read_group_content(user: AnyUser | None, group: WorkingGroupPage) -> bool:
    return group_access(user, group).read


def can_post_in_group(user: AnyUser | None, group: WorkingGroupPage) -> bool:
    return group_access(user, group).post


def can_moderate_group(user: AnyUser | None, group: WorkingGroupPage) -> bool:
    return group_access(user, group).moderate


def can_manage_group(user: AnyUser | None, group: WorkingGroupPage) -> bool:
    return group_access(user, group).manage


def require_visible_group(user: AnyUser | None, group: WorkingGroupPage) -> GroupAccess:
    """The access of a user who may see the group; 404 for anyone who may not know it exists."""
    group_access_ = group_access(user, group)
    if not group_access_.see:
        raise Http404
    return group_access_


def _everything() -> Q:
    """A Q that matches every row and, unlike an empty Q(), still means "everything" inside exclude()."""
    return Q(pk__isnull=False)


def _prefixed(field: str, lookup: str) -> str:
    return f"{field}__{lookup}" if field else lookup


def group_visible_q(user: AnyUser | None, field: str = "") -> Q:
    """A Q over groups (or over any model through its group relation `field`) that the user may see.

    `Thread.objects.filter(group_visible_q(user, "group"))` keeps threads of visible groups only; a model
    whose group is optional adds `| Q(group__isnull=True)` itself.
    """
    if is_secretariat(user):
        return _everything()
    q = Q(**{_prefixed(field, "visibility__in"): PUBLIC_VISIBILITIES})
    member_of = list(user_group_roles(user))
    if member_of:
        q |= Q(**{_prefixed(field, "pk__in"): member_of})
    return q


def group_readable_q(user: AnyUser | None, field: str = "") -> Q:
    """A Q over groups whose content (threads, sessions, documents, members) the user may read."""
    if is_secretariat(user):
        return _everything()
    q = Q(**{_prefixed(field, "visibility"): Visibility.OPEN})
    member_of = list(user_group_roles(user))
    if member_of:
        q |= Q(**{_prefixed(field, "pk__in"): member_of})
    return q


def group_member_q(user: AnyUser | None, field: str = "") -> Q:
    """A Q over groups the user belongs to in any role (the secretariat: every group). For what is meant for
    members only whatever the group's visibility, such as a members-only meeting of an open group."""
    if is_secretariat(user):
        return _everything()
    return Q(**{_prefixed(field, "pk__in"): list(user_group_roles(user))})


def group_postable_q(user: AnyUser | None, field: str = "") -> Q:
    """A Q over groups the user may post in (chairs and members; the secretariat everywhere)."""
    if is_secretariat(user):
        return _everything()
    ids = [group_id for group_id, role in user_group_roles(user).items() if role in POSTING_ROLES]
    return Q(**{_prefixed(field, "pk__in"): ids})


def groups_readable_by(user: AnyUser | None):
    from working_groups.models import WorkingGroupPage

    return WorkingGroupPage.objects.readable_by(user)


def hidden_pages_q(user: AnyUser | None) -> Q:
    """A Q over Wagtail pages a user must not find: groups they may not see and every page below them.

    Site search, listings and feeds of other apps exclude it: `Page.objects.exclude(hidden_pages_q(user))`.
    Costs one query (the paths of the hidden groups).
    """
    from working_groups.models import WorkingGroupPage

    paths = list(WorkingGroupPage.objects.not_visible_to(user).values_list("path", flat=True))
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return q
