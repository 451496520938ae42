"""Change tracking of posts for live resume: Post.updated_at, Post.change and Thread.last_change."""

import django.utils.timezone
from django.db import migrations, models


def updated_when_created(apps, schema_editor):
    Post = apps.get_model("forums", "Post")
    Post.objects.update(updated_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0002_live"),
    ]

    operations = [
        migrations.AddField(
            model_name="thread",
            name="last_change",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="post",
            name="change",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="post",
            name="updated_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="updated"
            ),
        ),
        migrations.RunPython(updated_when_created, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(fields=["thread", "change"], name="forums_post_thread_change"),
        ),
    ]
