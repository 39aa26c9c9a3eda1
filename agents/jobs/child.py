"""Where a pool process starts: Django first, then the job code.

Its own module, importing nothing of Django at the top: a new process loads
this before Django is set up, and the job code's modules (models, services)
can only be imported after ``django.setup()``.
"""

from __future__ import annotations

import importlib
from typing import Any


def start(events: Any, tool_modules: list[str]) -> None:
    """Each pool process: Django set up, the server's tools imported, the events queue kept."""
    import django

    django.setup()
    pool = importlib.import_module("agents.jobs.pool")
    pool.child_started(events)
    for module in tool_modules:
        importlib.import_module(module)
    importlib.import_module("agents.tools.registry").all_tools()
