"""Let the "Secretariat" group (cms 0002) manage the library's resources in the admin."""

from django.db import migrations

GROUP_NAME = "Secretariat"
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    content_type, _ = ContentType.objects.get_or_create(app_label="library", model="resource")
    for action in ACTIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_resource",
            defaults={"name": f"Can {action} library resource"},
        )
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="library", content_type__model="resource")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_library_resources"),
        ("cms", "0002_secretariat_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
