"""The generic part of the audit log (cms.audit): permission changes made anywhere are logged, loading data
logs nothing. Membership, moderation and live-room entries: tests/working_groups/test_audit_log.py."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers

from wagtail.log_actions import LogContext
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, ModelLogEntry, Page

import pytest

from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def entries(action_prefix: str):
    return list(ModelLogEntry.objects.filter(action__startswith=action_prefix).order_by("pk"))


def test_permission_changes_write_one_entry_each():
    person = UserFactory()
    reviewers = Group.objects.create(name="Audit test reviewers")
    editors = Group.objects.create(name="Audit test editors")

    person.groups.add(reviewers)
    reviewers.user_set.remove(person)
    person.is_staff = True
    person.save()
    person.is_superuser = True
    person.save(update_fields=["is_superuser"])
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    page_permission = GroupPagePermission.objects.create(
        group=editors,
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(codename="publish_page"),
    )
    page_permission.delete()
    GroupCollectionPermission.objects.create(
        group=editors,
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="add_image"),
    )

    assert [entry.action for entry in entries("roundtable.account.")] == [
        "roundtable.account.group_added",
        "roundtable.account.group_removed",
        "roundtable.account.staff_granted",
        "roundtable.account.superuser_granted",
    ]
    assert entries("roundtable.account.group_added")[0].data["group"] == "Audit test reviewers"
    group_entries = entries("roundtable.group.")
    assert [entry.action for entry in group_entries] == [
        "roundtable.group.permissions_added",
        "roundtable.group.page_permission_added",
        "roundtable.group.page_permission_removed",
        "roundtable.group.collection_permission_added",
    ]
    assert group_entries[0].data["permissions"] == ["wagtailadmin.access_admin"]
    assert all(entry.label == "Audit test editors" for entry in group_entries)


def test_saving_a_user_without_changing_flags_logs_nothing():
    person = UserFactory()
    person.first_name = "Changed"
    person.save()
    person.last_login = person.date_joined
    person.save(update_fields=["last_login"])
    assert entries("roundtable.account.") == []


def test_the_actor_comes_from_the_log_context_of_admin_views():
    """Every Wagtail admin view runs inside a LogContext naming the signed-in user: changes made there are
    recorded with who made them."""
    root = UserFactory(is_superuser=True, is_staff=True)
    person = UserFactory()

    with LogContext(user=root):
        person.groups.add(Group.objects.create(name="Audit test reviewers"))

    assert entries("roundtable.account.group_added")[-1].user_id == root.pk


def test_loading_data_logs_nothing():
    """loaddata and a serialized rollback save rows raw and set their groups: nobody changed anything."""
    person = UserFactory()
    person.groups.add(Group.objects.create(name="Loaded reviewers"))
    editors = Group.objects.create(name="Loaded editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    dumped, person_pk = serializers.serialize("json", [person, editors]), person.pk
    person.delete()
    editors.delete()
    ModelLogEntry.objects.all().delete()

    for loaded in serializers.deserialize("json", dumped):
        loaded.save()

    assert Group.objects.get(name="Loaded reviewers").user_set.filter(pk=person_pk).exists()
    assert Group.objects.get(name="Loaded editors").permissions.filter(codename="access_admin").exists()
    assert not ModelLogEntry.objects.exists()


def test_clearing_and_changing_from_the_other_side_log_what_was_there():
    """A clear logs the rows it removed (read before the clear), from either side of both relations; a change
    made from the permission's or the group's side names the same things; an empty change logs nothing."""
    person, other = UserFactory(), UserFactory()
    reviewers = Group.objects.create(name="Audit test reviewers")
    editors = Group.objects.create(name="Audit test editors")
    access_admin = Permission.objects.get(codename="access_admin")
    minutes = Permission.objects.create(
        codename="audit_test_minutes",
        name="Audit test minutes",
        content_type=ContentType.objects.get_for_model(Group),
    )
    person.groups.add(reviewers, editors)
    reviewers.user_set.add(other)
    access_admin.group_set.add(editors)
    editors.permissions.add(Permission.objects.get(codename="add_page"))
    ModelLogEntry.objects.all().delete()

    person.groups.clear()
    reviewers.user_set.clear()
    editors.permissions.clear()
    minutes.group_set.add(reviewers, editors)
    minutes.group_set.clear()
    person.groups.clear()

    removed = entries("roundtable.account.group_removed")
    assert [(entry.object_id, entry.data["group"]) for entry in removed] == [
        (str(person.pk), "Audit test editors"),
        (str(person.pk), "Audit test reviewers"),
        (str(other.pk), "Audit test reviewers"),
    ]
    group_entries = [
        (entry.action.removeprefix("roundtable.group."), entry.label, entry.data["permissions"])
        for entry in entries("roundtable.group.")
    ]
    assert group_entries[0] == (
        "permissions_removed",
        "Audit test editors",
        ["wagtailadmin.access_admin", "wagtailcore.add_page"],
    )
    assert sorted(group_entries[1:]) == [
        ("permissions_added", "Audit test editors", ["auth.audit_test_minutes"]),
        ("permissions_added", "Audit test reviewers", ["auth.audit_test_minutes"]),
        ("permissions_removed", "Audit test editors", ["auth.audit_test_minutes"]),
        ("permissions_removed", "Audit test reviewers", ["auth.audit_test_minutes"]),
    ]
