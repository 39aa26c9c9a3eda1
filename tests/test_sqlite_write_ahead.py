"""The embedded mode's SQLite file writes ahead: commits append to a log, no fsync each,
and connections are kept between database calls.

Every answer commits several times (its question, checkpoints, the answer,
its title, usage), one after another through the database thread; with
SQLite's default journal each commit waits for the disk's fsyncs, and a
thousand chats queued behind each other for minutes. The settings are read
in a process of their own with an SQLite ``DATABASE_URL`` (the suite itself
may run on PostgreSQL), and a connection made from them is asked its modes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import json, os, django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
    cursor.execute("PRAGMA synchronous")
    synchronous = cursor.fetchone()[0]
    cursor.execute("CREATE TABLE probe (x integer)")
    cursor.execute("INSERT INTO probe VALUES (1)")
    logged = os.path.exists(str(connection.settings_dict["NAME"]) + "-wal")
kept = connection.settings_dict["CONN_MAX_AGE"]
print(json.dumps({"journal": journal, "synchronous": synchronous, "logged": logged, "kept": kept}))
"""


def test_an_sqlite_database_writes_ahead_and_syncs_at_checkpoints(tmp_path):
    database = tmp_path / "derrick.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "SECRET_KEY": "probe-secret-key-0123456789-abcdefghijklmnopqrstuv",
        "REDIS_URL": "",
    }
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert probe.returncode == 0, probe.stderr
    modes = json.loads(probe.stdout.strip().splitlines()[-1])
    # synchronous 1 is NORMAL; the write went to the log beside the database file
    # (merged back into it, with an fsync, when the last connection closes: so
    # connections are kept between calls, not closed after each).
    assert modes == {"journal": "wal", "synchronous": 1, "logged": True, "kept": 60}
