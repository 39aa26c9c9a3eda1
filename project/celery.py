"""The Celery app for tool jobs: ``python -m celery -A project worker``.

Configured from Django's settings (the ``CELERY_`` ones, in
``project/settings.py``); its tasks are in ``agents/jobs/tasks.py``.
Workers need the same environment as the web processes: the database,
``REDIS_URL`` (the channel layer their events travel on, and the cache for
heartbeats and stops) and the file storage.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

app = Celery("derrick")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["agents.jobs"])
