"""Documents uploaded while they lived under MEDIA_ROOT move to PRIVATE_MEDIA_ROOT (cms.storage), so the web
server's /media/ alias no longer serves them. Files only: the stored names stay the same."""

from django.db import migrations


def move_documents(apps, schema_editor):
    from cms.storage import move_private_files_out_of_media

    move_private_files_out_of_media()


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_secretariat_group")]

    operations = [migrations.RunPython(move_documents, migrations.RunPython.noop, elidable=True)]
