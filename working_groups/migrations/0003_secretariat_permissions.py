"""Let the "Secretariat" group (cms 0002) manage parties and themes and see memberships, requests,
invitations and the membership history in the admin. Changes to memberships go through the services
(front-end management pages and the admin's bulk actions), so they are never edited raw."""

from django.db import migrations

GROUP_NAME = "Secretariat"
MODEL_PERMISSIONS = {
    "organisation": ["add", "change", "delete", "view"],
    "theme": ["add", "change", "delete", "view"],
    "membership": ["view"],
    "joinrequest": ["view"],
    "invitation": ["view"],
    "membershipevent": ["view"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for model, actions in MODEL_PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="working_groups", model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("working_groups", "0002_groups_parties_membership"),
        ("cms", "0002_secretariat_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
