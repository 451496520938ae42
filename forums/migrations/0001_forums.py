"""Forums, threads and posts with their reactions, mentions, attachments and edit history; flags and the
moderation log; subscriptions, notifications and read markers. The "Secretariat" group (cms 0002) may manage
forums and threads and moderate posts in the admin."""

import django.db.models.deletion
import django.utils.timezone
import forums.models.posts
import taggit.managers
from django.conf import settings
from django.db import migrations, models

GROUP_NAME = "Secretariat"
MODEL_PERMISSIONS = {
    "forum": ["add", "change", "delete", "view"],
    "thread": ["change", "view"],
    "post": ["change", "view"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for model, actions in MODEL_PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="forums", model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('events', '0001_event_pages'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('working_groups', '0003_secretariat_permissions'),
        ('cms', '0002_secretariat_group'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Forum',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('slug', models.SlugField(max_length=200, unique=True, verbose_name='slug')),
                ('description', models.TextField(blank=True, max_length=1000, verbose_name='description')),
                ('sort_order', models.IntegerField(default=0, verbose_name='order')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('group', models.ForeignKey(blank=True, help_text='Leave empty for a public forum that anyone can read and anyone signed in can join.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='forums', to='working_groups.workinggrouppage', verbose_name='working group')),
            ],
            options={
                'verbose_name': 'forum',
                'verbose_name_plural': 'forums',
                'ordering': ['sort_order', 'title'],
            },
        ),
        migrations.CreateModel(
            name='NotificationSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email_enabled', models.BooleanField(default=True, verbose_name='e-mail me about notifications')),
                ('daily_digest', models.BooleanField(default=False, verbose_name='one daily digest instead of an e-mail each time')),
                ('last_digest_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='forum_notification_settings', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'notification settings',
                'verbose_name_plural': 'notification settings',
            },
        ),
        migrations.CreateModel(
            name='Post',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sequence', models.PositiveIntegerField(editable=False, verbose_name='number')),
                ('client_id', models.CharField(blank=True, editable=False, max_length=64, null=True)),
                ('body_markdown', models.TextField(verbose_name='text')),
                ('body_html', models.TextField(editable=False)),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='posted')),
                ('edited_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='edited')),
                ('hidden', models.BooleanField(default=False, verbose_name='hidden by a moderator')),
                ('hidden_reason', models.CharField(blank=True, max_length=300, verbose_name='reason for hiding')),
                ('deleted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='deleted')),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='forum_posts', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                ('reply_to', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='replies', to='forums.post', verbose_name='in reply to')),
            ],
            options={
                'verbose_name': 'post',
                'verbose_name_plural': 'posts',
                'ordering': ['thread', 'sequence'],
            },
        ),
        migrations.CreateModel(
            name='Attachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(max_length=255, storage=forums.models.posts.attachment_storage, upload_to=forums.models.posts.attachment_path, verbose_name='file')),
                ('filename', models.CharField(max_length=200, verbose_name='file name')),
                ('size', models.PositiveBigIntegerField(default=0, verbose_name='size in bytes')),
                ('content_type', models.CharField(blank=True, max_length=100)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('post', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='forums.post')),
            ],
            options={
                'verbose_name': 'attachment',
                'verbose_name_plural': 'attachments',
                'ordering': ['post', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='PostRevision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body_markdown', models.TextField(verbose_name='previous text')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='edited')),
                ('editor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='edited by')),
                ('post', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='forums.post')),
            ],
            options={
                'verbose_name': 'post revision',
                'verbose_name_plural': 'post revisions',
                'ordering': ['post', '-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Thread',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('slug', models.SlugField(max_length=200, verbose_name='slug')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='started')),
                ('last_post_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='last post')),
                ('post_count', models.PositiveIntegerField(default=0, editable=False, verbose_name='posts')),
                ('last_sequence', models.PositiveIntegerField(default=0, editable=False)),
                ('pinned', models.BooleanField(default=False, help_text='Shown above the other threads.', verbose_name='pinned')),
                ('locked', models.BooleanField(default=False, help_text='Only moderators can post, edit or react.', verbose_name='locked')),
                ('closed', models.BooleanField(default=False, help_text='The discussion is over: nobody can post any more.', verbose_name='closed')),
                ('chatham_house', models.BooleanField(default=False, help_text="Readers see each speaker's stakeholder type, never their name or organisation.", verbose_name='Chatham House Rule')),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='forum_threads', to=settings.AUTH_USER_MODEL, verbose_name='started by')),
                ('event', models.ForeignKey(blank=True, help_text='When this thread is the discussion of an event session.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='discussion_threads', to='events.eventpage', verbose_name='event session')),
                ('forum', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='threads', to='forums.forum', verbose_name='forum')),
                ('last_post', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='forums.post')),
            ],
            options={
                'verbose_name': 'thread',
                'verbose_name_plural': 'threads',
                'ordering': ['-pinned', '-last_post_at', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='post',
            name='thread',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='posts', to='forums.thread', verbose_name='thread'),
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('mention', 'mentioned you'), ('reply', 'replied to your post'), ('quote', 'quoted your post'), ('new_thread', 'started a thread'), ('new_post', 'posted in a thread you watch'), ('reaction', 'reacted to your post'), ('moderation', 'moderated your post')], max_length=16, verbose_name='kind')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('read_at', models.DateTimeField(blank=True, null=True)),
                ('emailed_at', models.DateTimeField(blank=True, null=True)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='forum_notifications', to=settings.AUTH_USER_MODEL)),
                ('post', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='forums.post')),
                ('thread', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='forums.thread')),
            ],
            options={
                'verbose_name': 'notification',
                'verbose_name_plural': 'notifications',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ModerationLogEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('pin', 'pinned a thread'), ('unpin', 'unpinned a thread'), ('lock', 'locked a thread'), ('unlock', 'unlocked a thread'), ('close', 'closed a thread'), ('reopen', 'reopened a thread'), ('move', 'moved a thread'), ('hide_post', 'hid a post'), ('unhide_post', 'showed a hidden post again'), ('edit_post', "edited someone else's post"), ('delete_post', "deleted someone else's post"), ('resolve_flag', 'resolved a flag')], max_length=16, verbose_name='action')),
                ('detail', models.TextField(blank=True, verbose_name='detail')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='when')),
                ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('forum', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='forums.forum')),
                ('post', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='moderation_log', to='forums.post')),
                ('thread', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='moderation_log', to='forums.thread')),
            ],
            options={
                'verbose_name': 'moderation log entry',
                'verbose_name_plural': 'moderation log',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ThreadReadState',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('last_read_sequence', models.PositiveIntegerField(default=0)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('thread', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='read_states', to='forums.thread')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'read marker',
                'verbose_name_plural': 'read markers',
            },
        ),
        migrations.CreateModel(
            name='ThreadTag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content_object', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tagged_items', to='forums.thread')),
                ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='taggit.tag')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='thread',
            name='tags',
            field=taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='forums.ThreadTag', to='taggit.Tag', verbose_name='tags'),
        ),
        migrations.CreateModel(
            name='Mention',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='forum_mentions', to=settings.AUTH_USER_MODEL)),
                ('post', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='mentions', to='forums.post')),
            ],
            options={
                'verbose_name': 'mention',
                'verbose_name_plural': 'mentions',
                'constraints': [models.UniqueConstraint(fields=('post', 'user'), name='forums_mention_unique')],
            },
        ),
        migrations.CreateModel(
            name='Flag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(choices=[('abusive', 'Abusive or disrespectful'), ('off_topic', 'Off topic'), ('spam', 'Spam or advertising'), ('confidential', 'Breaks confidentiality or the Chatham House Rule'), ('other', 'Something else')], max_length=16, verbose_name='reason')),
                ('details', models.TextField(blank=True, max_length=1000, verbose_name='details')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='reported')),
                ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='resolved')),
                ('outcome', models.CharField(blank=True, choices=[('hidden', 'Post hidden'), ('dismissed', 'Flag dismissed')], max_length=16, verbose_name='outcome')),
                ('reporter', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reported by')),
                ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='resolved by')),
                ('post', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='flags', to='forums.post')),
            ],
            options={
                'verbose_name': 'flag',
                'verbose_name_plural': 'flags',
                'ordering': ['-created_at', '-pk'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('resolved_at__isnull', True)), fields=('post', 'reporter'), name='forums_flag_one_open_per_reporter')],
            },
        ),
        migrations.CreateModel(
            name='Reaction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('thumbs_up', 'Thumbs up'), ('heart', 'Heart'), ('insightful', 'Insightful'), ('agree', 'Agree')], max_length=16, verbose_name='reaction')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('post', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reactions', to='forums.post')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'reaction',
                'verbose_name_plural': 'reactions',
                'constraints': [models.UniqueConstraint(fields=('post', 'user', 'kind'), name='forums_reaction_unique')],
            },
        ),
        migrations.CreateModel(
            name='Subscription',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.CharField(choices=[('watching', 'Watching: every new post'), ('tracking', 'Tracking: mentions, replies and unread counts'), ('muted', 'Muted: nothing')], default='watching', max_length=16, verbose_name='level')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('forum', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='subscriptions', to='forums.forum')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='forum_subscriptions', to=settings.AUTH_USER_MODEL)),
                ('thread', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='subscriptions', to='forums.thread')),
            ],
            options={
                'verbose_name': 'subscription',
                'verbose_name_plural': 'subscriptions',
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('forum__isnull', False), ('thread__isnull', True)), models.Q(('forum__isnull', True), ('thread__isnull', False)), _connector='OR'), name='forums_subscription_thread_xor_forum'), models.UniqueConstraint(condition=models.Q(('thread__isnull', False)), fields=('user', 'thread'), name='forums_subscription_unique_thread'), models.UniqueConstraint(condition=models.Q(('forum__isnull', False)), fields=('user', 'forum'), name='forums_subscription_unique_forum')],
            },
        ),
        migrations.AddConstraint(
            model_name='post',
            constraint=models.UniqueConstraint(fields=('thread', 'sequence'), name='forums_post_unique_sequence'),
        ),
        migrations.AddConstraint(
            model_name='post',
            constraint=models.UniqueConstraint(condition=models.Q(('client_id__isnull', False)), fields=('thread', 'author', 'client_id'), name='forums_post_unique_client_id'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['user', 'read_at'], name='forums_noti_user_id_2f2ce0_idx'),
        ),
        migrations.AddConstraint(
            model_name='threadreadstate',
            constraint=models.UniqueConstraint(fields=('user', 'thread'), name='forums_read_state_unique'),
        ),
        migrations.AddIndex(
            model_name='thread',
            index=models.Index(fields=['forum', 'pinned', 'last_post_at'], name='forums_thre_forum_i_c8b919_idx'),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
