"""Let the "Secretariat" group (cms 0002) see the published figures in the admin and withdraw a snapshot."""

from django.db import migrations

GROUP_NAME = "Secretariat"


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    content_type, _ = ContentType.objects.get_or_create(app_label="insights", model="figuressnapshot")
    for action in ("view", "delete"):
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_figuressnapshot",
            defaults={"name": f"Can {action} published figures"},
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("insights", "0002_figures_snapshots"), ("cms", "0002_secretariat_group")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
