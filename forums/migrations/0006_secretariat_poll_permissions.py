"""Let the "Secretariat" group prepare polls and manage action points in the admin (Snippets)."""

from django.db import migrations

GROUP_NAME = "Secretariat"
MODELS = {"poll": "poll", "pollchoice": "choice", "actionpoint": "action point"}
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for model, label in MODELS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="forums", model=model)
        for action in ACTIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {label}"},
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("forums", "0005_live_polls_and_action_points")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
