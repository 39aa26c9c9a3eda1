"""The embedded mode's SQLite connection is kept between trips to the database thread.

Each ``database_sync_to_async`` call closes the connections that are too old
before and after it runs. With ``CONN_MAX_AGE = 0`` that was every trip: a new
connection each time, and closing the last one to a write-ahead database
checkpoints and syncs its log, tens of milliseconds per trip. The settings
are read in a process of their own with an SQLite ``DATABASE_URL`` (the suite
itself may run on PostgreSQL).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import json, django
django.setup()
from django.db import close_old_connections, connection
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async

def trip():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS probe (x integer)")
        cursor.execute("INSERT INTO probe VALUES (1)")
    return id(connection.connection)

# Three trips to the database thread, as the socket's answers make them.
seen = [async_to_sync(database_sync_to_async(trip))() for _ in range(3)]
print(json.dumps({"max_age": connection.settings_dict["CONN_MAX_AGE"], "connections": len(set(seen))}))
"""


def test_trips_to_the_database_thread_reuse_one_sqlite_connection(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'derrick.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "SECRET_KEY": "probe-secret-key-0123456789-abcdefghijklmnopqrstuv",
        "REDIS_URL": "",
    }
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout.strip().splitlines()[-1])
    assert found["max_age"] and found["max_age"] > 0
    assert found["connections"] == 1
