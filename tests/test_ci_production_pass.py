"""``.ci/run`` runs every test that needs the production processes.

A test that needs both PostgreSQL and Redis (marked ``postgres`` and ``redis``:
Daphne with Celery workers) is skipped in the PostgreSQL pass (no Redis) and in
the Redis pass (SQLite): only the production pass, which has both, runs it. A
module holding such a test must be named there, or CI never runs it.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_pass_modules(script: str) -> set[str]:
    """The test modules the production pass of ``script`` (a ``.ci/run``) hands pytest."""
    section = script.split('step "production processes', 1)[1].split("\nelse", 1)[0]
    return set(re.findall(r"tests/test_\w+\.py", section))


def modules_needing_both() -> set[str]:
    found = set()
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        if path.name == Path(__file__).name:
            continue  # this module names the markers without using them
        source = path.read_text()
        if "mark.postgres" in source and "mark.redis" in source:
            found.add(f"tests/{path.name}")
    return found


def test_every_module_needing_postgres_and_redis_runs_in_the_production_pass():
    needing = modules_needing_both()
    # The fault, job and data-question tests are among them: the scan sees the markers.
    assert {
        "tests/test_jobs_production.py",
        "tests/test_answer_faults.py",
        "tests/test_query_jobs.py",
    } <= needing
    assert needing - production_pass_modules((ROOT / ".ci" / "run").read_text()) == set()


def test_a_module_left_out_of_the_production_pass_is_noticed():
    script = """
step "again on PostgreSQL"
  .venv/bin/python -m pytest --create-db -q
if true; then
  step "production processes: Daphne and Celery workers"
    .venv/bin/python -m pytest -q tests/test_jobs_production.py \\
      tests/test_query_jobs.py
else
  step "skipped tests/test_answer_faults.py"
fi
"""
    assert production_pass_modules(script) == {
        "tests/test_jobs_production.py",
        "tests/test_query_jobs.py",
    }
