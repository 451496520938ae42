"""Who an author may mention in a thread, and turning `@[Name]` into those people.

Only people who may read the thread can be mentioned, and never in a way that reveals who spoke in a
Chatham House thread: in a group's forum the group's members and the secretariat; in a public forum the
secretariat and the people who wrote in the forum's other (not Chatham House) threads.
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from forums import app_settings
from forums.rendering import mention_names
from working_groups.access import secretariat_q

User = get_user_model()


def mentionable_users(thread, author) -> QuerySet:
    """The people `author` may mention in `thread` (the author themselves excepted)."""
    from forums.models import Post

    forum = thread.forum
    if forum.group_id is not None:
        people = Q(working_group_memberships__group_id=forum.group_id) | secretariat_q()
    else:
        wrote_here = Post.objects.filter(
            author=OuterRef("pk"),
            thread__forum_id=forum.pk,
            thread__chatham_house=False,
            deleted_at__isnull=True,
            hidden=False,
        )
        people = Q(Exists(wrote_here)) | secretariat_q()
    users = User.objects.filter(people, is_active=True)
    if author is not None and author.is_authenticated:
        users = users.exclude(pk=author.pk)
    return users.distinct()


def resolve_mentions(markdown: str, thread, author) -> dict[str, int]:
    """{casefolded display name: user id} for the `@[Name]`s in the text that name mentionable people.

    A name shared by several mentionable people stays unresolved (shown as written), as does any name
    beyond the per-post limit.
    """
    names = mention_names(markdown)[: app_settings.max_mentions_per_post()]
    if not names:
        return {}
    name_q = Q()
    for name in names:
        name_q |= Q(profile__display_name__iexact=name)
    found: dict[str, list[int]] = {}
    for user_id, display_name in (
        mentionable_users(thread, author).filter(name_q).values_list("pk", "profile__display_name")
    ):
        found.setdefault(" ".join(display_name.split()).casefold(), []).append(user_id)
    return {name: ids[0] for name, ids in found.items() if len(set(ids)) == 1}


def mention_suggestions(thread, author, query: str, limit: int = 8) -> list[dict]:
    """Names starting with (or containing a word starting with) `query`, for the autocomplete."""
    from forums.presenters import stakeholder_label

    query = " ".join(query.split())
    if len(query) < 2:
        return []
    users = (
        mentionable_users(thread, author)
        .filter(Q(profile__display_name__istartswith=query) | Q(profile__display_name__icontains=f" {query}"))
        .select_related("profile__organisation")
        .order_by("profile__display_name", "pk")[:limit]
    )
    suggestions = []
    for user in users:
        organisation = user.profile.organisation
        name = user.profile.display_name
        suggestions.append(
            {
                "name": name,
                "stakeholder_type": stakeholder_label(organisation.stakeholder_type if organisation else ""),
                "insert": f"@[{name}]",
            }
        )
    return suggestions
