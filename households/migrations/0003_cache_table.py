"""The database cache table (settings.CACHES: the per-address counters of dongtam.ratelimit,
shared by every app server) is created with the schema, so no start-up path, test database or
restored backup can lack it."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("households", "0002_city_role")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
