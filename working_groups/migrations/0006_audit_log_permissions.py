"""Let the "Secretariat" group see, in Wagtail's Site history, the log entries about accounts and permission
groups (working_groups.audit). Site history shows a non-superuser the entries on models they hold some
permission for; these two permissions exist only for that and grant nothing else."""

from django.db import migrations

GROUP_NAME = "Secretariat"
PERMISSIONS = [
    ("user", "view_account_history", "Can see account and permission changes in the site history"),
    ("group", "view_group_history", "Can see permission group changes in the site history"),
]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label="auth", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="auth", codename__in=[codename for _model, codename, _name in PERMISSIONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("working_groups", "0005_member_gender_consent"),
        ("cms", "0002_secretariat_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
