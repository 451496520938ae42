"""Commitments come over from working_groups with their tables and rows: the models are created in this
app's state only (their db_table keeps the old table names), and the content types of the moved models are
relabelled from working_groups to commitments, so everything that points at them by content type keeps
pointing at them: Wagtail pages (the register page) and their revisions, auth permissions (and the groups
holding them), Wagtail's page and collection permissions, log entries and search index entries."""

import django.db.models.deletion
import modelcluster.fields
import modelsearch.index
import wagtail.contrib.routable_page.models
from django.conf import settings
from django.db import migrations, models


MOVED_MODELS = (
    "commitment",
    "commitmentregisterpage",
    "duediligencestep",
    "indicator",
    "indicatorvalue",
    "progressupdate",
    "sdgtarget",
)


def _relabel(apps, source: str, target: str) -> None:
    """Give the moved models' content type rows the other app label, keeping their ids.

    A row under the target label can only be one Django made afresh after this migration was rolled back
    with the app still installed (post_migrate creates the content types and permissions of installed apps).
    It is dropped, with its fresh permissions, for the row that everything on the site points at. That one
    deletion goes through the current models: a cascade over the historical ones stops at models of apps
    this migration does not depend on (Wagtail's permission tables); the whole site is migrated by then.
    """
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED_MODELS:
        moved = ContentType.objects.filter(app_label=source, model=model).first()
        if moved is None:
            continue
        fresh = ContentType.objects.filter(app_label=target, model=model).values_list("pk", flat=True)
        if fresh:
            CurrentContentType.objects.filter(pk__in=list(fresh)).delete()
        moved.app_label = target
        moved.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()
    CurrentContentType.objects.clear_cache()


def relabel_to_commitments(apps, schema_editor):
    _relabel(apps, "working_groups", "commitments")


def relabel_to_working_groups(apps, schema_editor):
    _relabel(apps, "commitments", "working_groups")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('wagtailcore', '0098_apitoken'),
        ('wagtaildocs', '0014_alter_document_file_size'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('working_groups', '0007_commitment_source'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CommitmentRegisterPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('introduction', models.TextField(blank=True, verbose_name='introduction')),
                    ],
                    options={
                        'verbose_name': 'commitment register',
                        'db_table': 'working_groups_commitmentregisterpage',
                    },
                    bases=(wagtail.contrib.routable_page.models.RoutablePageMixin, 'wagtailcore.page'),
                ),
                migrations.CreateModel(
                    name='DueDiligenceStep',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(unique=True, verbose_name='number')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                    ],
                    options={
                        'verbose_name': 'OECD due-diligence step',
                        'verbose_name_plural': 'OECD due-diligence steps',
                        'db_table': 'working_groups_duediligencestep',
                        'ordering': ['number'],
                    },
                ),
                migrations.CreateModel(
                    name='SdgTarget',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(help_text='For example 8.7', max_length=8, unique=True, verbose_name='code')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                    ],
                    options={
                        'verbose_name': 'SDG target',
                        'verbose_name_plural': 'SDG targets',
                        'db_table': 'working_groups_sdgtarget',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='Commitment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('description', models.TextField(max_length=5000, verbose_name='description')),
                        ('kind', models.CharField(choices=[('ordinary', 'Commitment'), ('gender_action_plan', 'Gender action plan')], default='ordinary', max_length=24, verbose_name='kind')),
                        ('start_date', models.DateField(verbose_name='start date')),
                        ('target_date', models.DateField(verbose_name='target date')),
                        ('status', models.CharField(choices=[('planned', 'Planned'), ('in_progress', 'In progress'), ('achieved', 'Achieved'), ('delayed', 'Delayed'), ('withdrawn', 'Withdrawn')], db_index=True, default='planned', max_length=16, verbose_name='status')),
                        ('visibility', models.CharField(choices=[('public', 'Public: in the register for everyone'), ('group', "Working group only: for those who may read the group's content")], db_index=True, default='public', max_length=8, verbose_name='visibility')),
                        ('workflow_state', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted for review'), ('returned', 'Returned with comments'), ('published', 'Published')], db_index=True, default='draft', max_length=16, verbose_name='workflow state')),
                        ('review_comment', models.TextField(blank=True, max_length=2000, verbose_name='comment of the secretariat')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='updated')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published')),
                        ('progress', models.DecimalField(blank=True, decimal_places=1, editable=False, max_digits=4, null=True, verbose_name='progress (%)')),
                        ('last_reported_on', models.DateField(blank=True, editable=False, null=True, verbose_name='last reported on')),
                        ('reminder_sent_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='reminder sent')),
                        ('source_title', models.CharField(blank=True, editable=False, max_length=300, verbose_name='comes from')),
                        ('source_url', models.CharField(blank=True, editable=False, max_length=500, verbose_name='address of the source')),
                        ('source_members_only', models.BooleanField(default=False, editable=False, verbose_name="source for the group's members only")),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='commitments_authored', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                        ('contact_person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='commitments_as_contact', to=settings.AUTH_USER_MODEL, verbose_name='contact person')),
                        ('group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='commitments', to='working_groups.workinggrouppage', verbose_name='working group')),
                        ('parties', models.ManyToManyField(db_table='working_groups_commitment_parties', related_name='commitments', to='working_groups.organisation', verbose_name='parties')),
                        ('plan_document', models.ForeignKey(blank=True, help_text='Gender action plans only: the plan itself, published with the commitment.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtaildocs.document', verbose_name='plan document')),
                        ('source_group', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='working_groups.workinggrouppage', verbose_name='working group of the source')),
                        ('themes', models.ManyToManyField(blank=True, db_table='working_groups_commitment_themes', related_name='commitments', to='working_groups.theme', verbose_name='themes')),
                        ('due_diligence_steps', models.ManyToManyField(blank=True, db_table='working_groups_commitment_due_diligence_steps', related_name='commitments', to='commitments.duediligencestep', verbose_name='OECD due-diligence steps')),
                        ('sdg_targets', models.ManyToManyField(blank=True, db_table='working_groups_commitment_sdg_targets', related_name='commitments', to='commitments.sdgtarget', verbose_name='SDG targets')),
                    ],
                    options={
                        'verbose_name': 'commitment',
                        'verbose_name_plural': 'commitments',
                        'db_table': 'working_groups_commitment',
                        'ordering': ['-updated_at', '-pk'],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='Indicator',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('unit', models.CharField(help_text='For example %, tonnes CO2, smelters', max_length=40, verbose_name='unit')),
                        ('baseline', models.DecimalField(decimal_places=4, max_digits=16, verbose_name='baseline')),
                        ('target', models.DecimalField(decimal_places=4, max_digits=16, verbose_name='target')),
                        ('direction', models.CharField(choices=[('increase', 'Increase (higher is better)'), ('decrease', 'Decrease (lower is better)')], default='increase', max_length=8, verbose_name='direction')),
                        ('commitment', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='commitments.commitment')),
                    ],
                    options={
                        'verbose_name': 'indicator',
                        'verbose_name_plural': 'indicators',
                        'db_table': 'working_groups_indicator',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='ProgressUpdate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reported_on', models.DateField(verbose_name='date')),
                        ('narrative', models.TextField(max_length=5000, verbose_name='what happened')),
                        ('evidence_url', models.URLField(blank=True, verbose_name='evidence link')),
                        ('new_status', models.CharField(blank=True, choices=[('planned', 'Planned'), ('in_progress', 'In progress'), ('achieved', 'Achieved'), ('delayed', 'Delayed'), ('withdrawn', 'Withdrawn')], help_text='Leave empty to keep the current status. It changes when the update is published.', max_length=16, verbose_name='new status of the commitment')),
                        ('workflow_state', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted for review'), ('returned', 'Returned with comments'), ('published', 'Published')], db_index=True, default='draft', max_length=16, verbose_name='workflow state')),
                        ('review_comment', models.TextField(blank=True, max_length=2000, verbose_name='comment of the secretariat')),
                        ('progress', models.DecimalField(blank=True, decimal_places=1, editable=False, max_digits=4, null=True, verbose_name='progress (%)')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published')),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='progress_updates_authored', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                        ('commitment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='updates', to='commitments.commitment', verbose_name='commitment')),
                        ('evidence_document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtaildocs.document', verbose_name='evidence document')),
                    ],
                    options={
                        'verbose_name': 'progress update',
                        'verbose_name_plural': 'progress updates',
                        'db_table': 'working_groups_progressupdate',
                        'ordering': ['-reported_on', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='IndicatorValue',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('value', models.DecimalField(decimal_places=4, max_digits=16, verbose_name='value')),
                        ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='values', to='commitments.indicator', verbose_name='indicator')),
                        ('update', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='values', to='commitments.progressupdate')),
                    ],
                    options={
                        'verbose_name': 'indicator value',
                        'verbose_name_plural': 'indicator values',
                        'db_table': 'working_groups_indicatorvalue',
                        'ordering': ['indicator__sort_order', 'indicator_id'],
                        'constraints': [models.UniqueConstraint(fields=('update', 'indicator'), name='indicator_value_once_per_update')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='commitment',
                    constraint=models.CheckConstraint(condition=models.Q(('target_date__gt', models.F('start_date'))), name='commitment_target_after_start', violation_error_message='The target date must be after the start date.'),
                ),
                migrations.AddConstraint(
                    model_name='commitment',
                    constraint=models.CheckConstraint(condition=models.Q(('group__isnull', True), ('visibility', 'group'), _negated=True), name='commitment_group_only_has_group', violation_error_message='A commitment for the working group only needs a working group.'),
                ),
            ],
        ),
        migrations.RunPython(relabel_to_commitments, relabel_to_working_groups),
    ]
