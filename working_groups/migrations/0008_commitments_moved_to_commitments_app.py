"""Commitments moved to an app of their own (commitments). Their tables stay where they are, under their
old names (commitments' models name them with db_table), so this removes them from working_groups' state
only; commitments.0001 adds them to its state. Apps that point at them alter their relations first (their
migrations run_before this one), so working_groups itself never names a later app.

A host site without the commitments app keeps the (empty, unused) tables."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('working_groups', '0007_commitment_source'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='commitment',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='commitment',
                    name='contact_person',
                ),
                migrations.RemoveField(
                    model_name='commitment',
                    name='due_diligence_steps',
                ),
                migrations.RemoveField(
                    model_name='commitment',
                    name='group',
                ),
                migrations.RemoveField(
                    model_name='commitment',
                    name='parties',
                ),
                migrations.RemoveField(
                    model_name='commitment',
                    name='plan_document',
                ),
                migrations.RemoveField(
                    model_name='commitment',
                    name='sdg_targets',
                ),
                migrations.RemoveField(
                    model_name='commitment',
                    name='source_group',
                ),
                migrations.RemoveField(
                    model_name='commitment',
                    name='themes',
                ),
                migrations.RemoveField(
                    model_name='progressupdate',
                    name='commitment',
                ),
                migrations.RemoveField(
                    model_name='indicator',
                    name='commitment',
                ),
                migrations.RemoveField(
                    model_name='commitmentregisterpage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='indicatorvalue',
                    name='indicator',
                ),
                migrations.RemoveField(
                    model_name='indicatorvalue',
                    name='update',
                ),
                migrations.RemoveField(
                    model_name='progressupdate',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='progressupdate',
                    name='evidence_document',
                ),
                migrations.DeleteModel(
                    name='DueDiligenceStep',
                ),
                migrations.DeleteModel(
                    name='SdgTarget',
                ),
                migrations.DeleteModel(
                    name='Commitment',
                ),
                migrations.DeleteModel(
                    name='CommitmentRegisterPage',
                ),
                migrations.DeleteModel(
                    name='Indicator',
                ),
                migrations.DeleteModel(
                    name='IndicatorValue',
                ),
                migrations.DeleteModel(
                    name='ProgressUpdate',
                ),
            ],
        ),
    ]
