"""The Commitment model moved to the commitments app with its table: only the state of this relation
changes (no table or column is touched)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('commitments', '0001_commitments_from_working_groups'),
        ('forums', '0006_secretariat_poll_permissions'),
    ]

    run_before = [('working_groups', '0008_commitments_moved_to_commitments_app')]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='actionpoint',
                    name='commitment',
                    field=models.ForeignKey(blank=True, help_text='The commitment draft a person of the owning party made of it.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='commitments.commitment', verbose_name='commitment'),
                ),
            ],
        ),
    ]
