"""The commitment models moved to the commitments app with their tables: only the state of these
relations changes (no table or column is touched)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('commitments', '0001_commitments_from_working_groups'),
        ('library', '0002_secretariat_permissions'),
    ]

    run_before = [('working_groups', '0008_commitments_moved_to_commitments_app')]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='resource',
                    name='due_diligence_steps',
                    field=models.ManyToManyField(blank=True, related_name='library_resources', to='commitments.duediligencestep', verbose_name='OECD due-diligence steps'),
                ),
                migrations.AlterField(
                    model_name='resourcecitation',
                    name='commitment',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='library_citations', to='commitments.commitment', verbose_name='commitment'),
                ),
                migrations.AlterField(
                    model_name='resourcecitation',
                    name='progress_update',
                    field=models.ForeignKey(blank=True, help_text='Leave empty when the commitment as a whole cites the resource.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='library_citations', to='commitments.progressupdate', verbose_name='progress update'),
                ),
            ],
        ),
    ]
