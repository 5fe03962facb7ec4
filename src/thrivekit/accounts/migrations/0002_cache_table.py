"""Create the database cache's table, where production now keeps its rate-limit counts.

Nothing changes in the models; this makes sure an upgraded installation gets the table the
first time it migrates. Later `migrate` runs create it too (see AccountsConfig.ready).
"""

from django.core.management import call_command
from django.db import migrations


def cache_table_create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(cache_table_create, migrations.RunPython.noop)]
