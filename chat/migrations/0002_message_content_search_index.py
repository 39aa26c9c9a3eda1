"""A GIN index of the messages' English full-text vectors, for search on PostgreSQL.

Made from the same expression ``chat.search`` filters on, so the planner
uses it. SQLite (the embedded mode) has no full text search of that kind:
there the migration does nothing and search is a simple match.
"""

from django.db import migrations

INDEX_NAME = "chat_message_content_fts"


def _index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return GinIndex(SearchVector("content", config="english"), name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("chat", "Message"), _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("chat", "Message"), _index())


class Migration(migrations.Migration):
    dependencies = [("chat", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
