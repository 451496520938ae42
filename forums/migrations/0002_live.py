"""Live rooms of session threads, their removals, questions with votes, and presence. The "Secretariat" group
may open and manage live rooms in the admin."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

GROUP_NAME = "Secretariat"
ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    content_type, _ = ContentType.objects.get_or_create(app_label="forums", model="liveroom")
    for action in ACTIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_liveroom",
            defaults={"name": f"Can {action} live room"},
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):

    dependencies = [
        ('forums', '0001_forums'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LiveRoom',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('opens_minutes_before', models.PositiveSmallIntegerField(blank=True, help_text="Leave empty for the site's default.", null=True, verbose_name='opens (minutes before the start)')),
                ('closes_minutes_after', models.PositiveSmallIntegerField(blank=True, help_text="Leave empty for the site's default.", null=True, verbose_name='closes (minutes after the end)')),
                ('slow_mode_seconds', models.PositiveSmallIntegerField(default=0, help_text='0 turns slow mode off.', verbose_name='slow mode (seconds between messages)')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                ('thread', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='live_room', to='forums.thread', verbose_name='thread')),
            ],
            options={
                'verbose_name': 'live room',
                'verbose_name_plural': 'live rooms',
            },
        ),
        migrations.CreateModel(
            name='Question',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('vote_count', models.PositiveIntegerField(default=0, verbose_name='votes')),
                ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered')),
                ('highlighted', models.BooleanField(default=False, verbose_name='highlighted')),
                ('hidden', models.BooleanField(default=False, verbose_name='hidden')),
                ('post', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='question', to='forums.post', verbose_name='post')),
                ('room', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='forums.liveroom')),
            ],
            options={
                'verbose_name': 'question',
                'verbose_name_plural': 'questions',
            },
        ),
        migrations.CreateModel(
            name='QuestionVote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='forums.question')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'vote on a question',
                'verbose_name_plural': 'votes on questions',
            },
        ),
        migrations.CreateModel(
            name='RoomPresence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel_name', models.CharField(max_length=200, unique=True)),
                ('seen_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('room', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='presences', to='forums.liveroom')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'presence in a live room',
                'verbose_name_plural': 'presences in live rooms',
            },
        ),
        migrations.CreateModel(
            name='RoomRemoval',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='removed')),
                ('removed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('room', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='removals', to='forums.liveroom')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'removal from a live room',
                'verbose_name_plural': 'removals from live rooms',
            },
        ),
        migrations.AddIndex(
            model_name='question',
            index=models.Index(fields=['room', 'hidden', 'vote_count'], name='forums_ques_room_id_41bced_idx'),
        ),
        migrations.AddConstraint(
            model_name='questionvote',
            constraint=models.UniqueConstraint(fields=('question', 'user'), name='forums_question_vote_unique'),
        ),
        migrations.AddConstraint(
            model_name='roomremoval',
            constraint=models.UniqueConstraint(fields=('room', 'user'), name='forums_room_removal_unique'),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
