"""The secretariat's audit log, kept in Wagtail's own log (admin "Reports → Site history", filterable by
action, user and date): the generic part every host site has, and the interface the apps log through.

Permission changes are recorded here from signals, because they happen anywhere — the Wagtail admin's user and
group editors, management commands, migrations — and a signal is the one plugin interface that sees them all:
membership of permission groups (User.groups), is_staff / is_superuser, a group's model, page and collection
permissions. Inside the Wagtail admin the active LogContext supplies who did it. Apps log their own actions
with `wagtail.log_actions.log` (working_groups: membership changes, working_groups.audit; forums: moderation,
forums.audit), register them on `register_log_actions` with `DataFormatter` labels, and name their entries
about a person on ``AUDIT_ENTRIES_ABOUT_HOOK`` so an account's deletion relabels them (`forget_person`).

What a log entry may hold: the action, the person concerned (name and e-mail in the label and data, scrubbed
by `forget_person` when the account is deleted), a group's title, roles and permission codenames. Never a
post, a motivation, a note, an invitation message or anything from a member's profile (such as gender).

Who may read it: Site history shows an entry to a non-superuser who has some permission on the logged object's
model. Account and group entries are logged on auth.User and auth.Group, for which working_groups' migration
0006 gives the secretariat one permission each ("view_account_history", "view_group_history") that grants
nothing else.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.log_actions import LogFormatter, log
from wagtail.models import GroupCollectionPermission, GroupPagePermission, ModelLogEntry

from cms.hooks import AUDIT_ENTRIES_ABOUT_HOOK

User = get_user_model()

#: What a deleted person is called in the log entries about them (stored text, so not translated).
FORMER_MEMBER_LABEL = "Former member"

ACCOUNT_ACTIONS = {
    "roundtable.account.group_added": _("Added to a permission group"),
    "roundtable.account.group_removed": _("Removed from a permission group"),
    "roundtable.account.staff_granted": _("Made staff"),
    "roundtable.account.staff_revoked": _("No longer staff"),
    "roundtable.account.superuser_granted": _("Made superuser"),
    "roundtable.account.superuser_revoked": _("No longer superuser"),
    "roundtable.account.erased": _("Account deleted"),
}
GROUP_ACTIONS = {
    "roundtable.group.permissions_added": _("Permissions added to a group"),
    "roundtable.group.permissions_removed": _("Permissions removed from a group"),
    "roundtable.group.page_permission_added": _("Page permission added to a group"),
    "roundtable.group.page_permission_removed": _("Page permission removed from a group"),
    "roundtable.group.collection_permission_added": _("Collection permission added to a group"),
    "roundtable.group.collection_permission_removed": _("Collection permission removed from a group"),
}


class DataFormatter(LogFormatter):
    """A static label, with the entry's stored facts (group, roles, permissions) as its message."""

    def format_message(self, log_entry) -> str:
        data = log_entry.data or {}
        facts = []
        for key in ("group", "role", "previous_role", "page", "collection"):
            if data.get(key):
                facts.append(f"{key.replace('_', ' ')}: {data[key]}")
        if data.get("permissions"):
            facts.append(", ".join(data["permissions"]))
        return f"{self.label} ({'; '.join(facts)})" if facts else str(self.label)


def register_labelled_actions(actions, labels: dict) -> None:
    """Register each action of `labels` (action → label) with a DataFormatter, for an app's
    `register_log_actions` hook."""
    for action, label in labels.items():
        actions.register_action(action)(type("Formatter", (DataFormatter,), {"label": label}))


def register_log_actions(actions) -> None:
    """The `register_log_actions` hook: every action above, so Site history can filter by it."""
    register_labelled_actions(actions, {**ACCOUNT_ACTIONS, **GROUP_ACTIONS})


def person_label(user) -> str:
    return user.get_full_name() or user.email or user.get_username()


# --- Permission groups of a person ----------------------------------------------------------------------


def _log_user_groups(user, groups, added: bool) -> None:
    action = "roundtable.account.group_added" if added else "roundtable.account.group_removed"
    for group in groups:
        log(user, action, title=person_label(user), data={"group": group.name, "group_id": group.pk})


# --- Loading fixtures ------------------------------------------------------------------------------------
# Loading data (loaddata, a test's serialized rollback) saves rows "raw" and then sets their many-to-many
# fields: none of that is a change anybody made, and logging it would even create content types out of turn.
RAW = "_audit_raw"


def _loaded_raw(instance) -> bool:
    return bool(instance.__dict__.get(RAW))


@receiver(post_save, sender=Group, dispatch_uid="roundtable_audit_group_loaded")
def group_loaded(sender, instance, raw, **kwargs) -> None:
    if raw:
        setattr(instance, RAW, True)


def _changed_ids(instance, action: str, pk_set: set | None, related: str) -> set:
    """The primary keys a many-to-many change added or removed on the other side of the relation, or an
    empty set when there is nothing to log: rows loaded raw, the ``pre_*`` steps, a change of no rows.

    Shared by the receivers of both relations (a person's groups, a group's permissions), from either side;
    `related` names the instance's own manager of the relation. A clear sends no primary keys, so its
    ``pre_clear`` step reads them and its ``post_clear`` step returns them."""
    if _loaded_raw(instance):
        return set()
    if action == "pre_clear":
        instance._audit_cleared_ids = set(getattr(instance, related).values_list("pk", flat=True))
        return set()
    if action == "post_clear":
        return instance.__dict__.pop("_audit_cleared_ids", set())
    if action in ("post_add", "post_remove"):
        return pk_set or set()
    return set()


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="roundtable_audit_user_groups")
def user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    ids = _changed_ids(instance, action, pk_set, related="user_set" if reverse else "groups")
    if not ids:
        return
    added = action == "post_add"
    if reverse:
        for user in User.objects.filter(pk__in=ids):
            _log_user_groups(user, [instance], added)
    else:
        _log_user_groups(instance, Group.objects.filter(pk__in=ids).order_by("name"), added)


# --- Staff and superuser flags --------------------------------------------------------------------------

FLAGS = ("is_staff", "is_superuser")


@receiver(post_init, sender=User, dispatch_uid="roundtable_audit_user_flags_loaded")
def remember_user_flags(sender, instance, **kwargs) -> None:
    # Read from __dict__: a deferred field must not cost a query on every load.
    instance._audit_flags = {flag: instance.__dict__.get(flag) for flag in FLAGS}


@receiver(post_save, sender=User, dispatch_uid="roundtable_audit_user_flags_saved")
def user_flags_saved(sender, instance, created, update_fields, raw, **kwargs) -> None:
    if raw:
        setattr(instance, RAW, True)
        return
    before = getattr(instance, "_audit_flags", {})
    for flag in FLAGS:
        if update_fields is not None and flag not in update_fields:
            continue
        now, was = bool(instance.__dict__.get(flag)), before.get(flag)
        if (created and now) or (not created and was is not None and bool(was) != now):
            name = flag.removeprefix("is_")
            log(
                instance,
                f"roundtable.account.{name}_{'granted' if now else 'revoked'}",
                title=person_label(instance),
            )
    instance._audit_flags = {flag: instance.__dict__.get(flag) for flag in FLAGS}


# --- Permissions of a group -----------------------------------------------------------------------------


@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="roundtable_audit_group_permissions")
def group_permissions_changed(sender, instance, action, reverse, pk_set, model, **kwargs) -> None:
    ids = _changed_ids(instance, action, pk_set, related="group_set" if reverse else "permissions")
    if not ids:
        return
    verb = "added" if action == "post_add" else "removed"
    if reverse:
        groups, permissions = Group.objects.filter(pk__in=ids), [instance]
    else:
        groups, permissions = [instance], model.objects.filter(pk__in=ids).select_related("content_type")
    codenames = sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions)
    for group in groups:
        log(group, f"roundtable.group.permissions_{verb}", title=group.name, data={"permissions": codenames})


def _log_object_permission(row, kind: str, verb: str) -> None:
    try:
        group = row.group
        target = row.page.title if kind == "page" else row.collection.name
    except ObjectDoesNotExist:  # the group, page or collection itself is being deleted
        return
    log(
        group,
        f"roundtable.group.{kind}_permission_{verb}",
        title=group.name,
        data={kind: target, "permissions": [row.permission.codename]},
    )


@receiver(post_save, sender=GroupPagePermission, dispatch_uid="roundtable_audit_page_permission_added")
def page_permission_added(sender, instance, created, raw, **kwargs) -> None:
    if created and not raw:
        _log_object_permission(instance, "page", "added")


@receiver(post_delete, sender=GroupPagePermission, dispatch_uid="roundtable_audit_page_permission_removed")
def page_permission_removed(sender, instance, **kwargs) -> None:
    _log_object_permission(instance, "page", "removed")


@receiver(post_save, sender=GroupCollectionPermission, dispatch_uid="roundtable_audit_coll_permission_added")
def collection_permission_added(sender, instance, created, raw, **kwargs) -> None:
    if created and not raw:
        _log_object_permission(instance, "collection", "added")


@receiver(
    post_delete, sender=GroupCollectionPermission, dispatch_uid="roundtable_audit_coll_permission_removed"
)
def collection_permission_removed(sender, instance, **kwargs) -> None:
    _log_object_permission(instance, "collection", "removed")


# --- Erasure --------------------------------------------------------------------------------------------


def forget_person(user, emails: list[str]) -> None:
    """Before an account is deleted: the log entries about the person keep what happened, not who it was.

    The entries about the account itself, and those each app names on ``AUDIT_ENTRIES_ABOUT_HOOK`` (an app's
    entry that names a group keeps the group in its label)."""
    emails = [email.lower() for email in emails]
    about_account = Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    about_in_apps = Q(pk__in=[])
    for entries_about in hooks.get_hooks(AUDIT_ENTRIES_ABOUT_HOOK):
        about_in_apps |= entries_about(user, emails)
    in_apps = set(ModelLogEntry.objects.filter(about_in_apps).values_list("pk", flat=True))
    entries = list(ModelLogEntry.objects.filter(about_account | about_in_apps))
    for entry in entries:
        data = dict(entry.data or {})
        data.pop("subject_email", None)
        group = data.get("group")
        entry.data = data
        named = group and entry.pk in in_apps
        entry.label = f"{FORMER_MEMBER_LABEL} — {group}" if named else FORMER_MEMBER_LABEL
    ModelLogEntry.objects.bulk_update(entries, ["label", "data"])


def account_erased(user, actor) -> None:
    """Log the deletion itself (who asked for it, when), under the former member's label only. When the person
    deleted their own account the entry names no user (their id would point at nothing)."""
    by_self = actor is None or actor.pk == user.pk
    log(
        user,
        "roundtable.account.erased",
        user=None if by_self else actor,
        title=FORMER_MEMBER_LABEL,
        data={"requested_by": "the member" if by_self else "the secretariat"},
    )
