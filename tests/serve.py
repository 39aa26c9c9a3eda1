"""``python -m tests.serve daphne|celery ARGS``: a server or worker that knows the test tools.

The process tests start real Daphne servers and Celery workers with this, so
that ``tests/job_tools.py`` is registered in them (and in the local pool's
children, which import every tool module their server knows).
"""

from __future__ import annotations

import sys

import tests.job_tools  # noqa: F401  (registers count_squares)


def main() -> None:
    kind, args = sys.argv[1], sys.argv[2:]
    if kind == "daphne":
        from daphne.cli import CommandLineInterface

        CommandLineInterface().run(args)
    elif kind == "celery":
        from celery.bin.celery import main as celery_main

        sys.argv = ["celery", *args]
        celery_main()
    else:
        raise SystemExit(f"unknown kind {kind!r}: daphne or celery")


if __name__ == "__main__":
    main()
