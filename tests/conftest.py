"""The named cast (alice, bob, admin) and clients that act as them."""

from __future__ import annotations

import contextlib

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from accounts.tokens import mint_access_token

# The fake OpenAI-compatible server and WebSocket helpers of the chat tests;
# the browser tests' server, Chromium and pages.
pytest_plugins = ["tests.fake_openai", "tests.browser"]

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # A fast hasher keeps the suite quick; the Argon2 path has its own tests.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": settings.STORAGES["default"]["BACKEND"],
            "OPTIONS": (
                {"location": str(tmp_path / "media")}
                if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
                else settings.STORAGES["default"].get("OPTIONS", {})
            ),
        },
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LLM_BACKEND = "builtin"
    # Tool jobs in this process's threads: pytest-django's database is in
    # memory (SQLite) or inside a test's transaction, which a pool or Celery
    # worker process cannot see. The real executors are tested through real
    # processes (tests/test_jobs_pool.py, tests/test_jobs_production.py).
    settings.TOOL_JOBS = "inline"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def make_user(email: str, *, password: str = PASSWORD, **flags):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(email=email, password=password, **flags)


@pytest.fixture
def alice(db):
    return make_user("alice@example.com")


@pytest.fixture
def bob(db):
    return make_user("bob@example.com")


@pytest.fixture
def admin(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(email="admin@example.com", password=PASSWORD)


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {mint_access_token(user)}")
    return client


@pytest.fixture
def anon_client() -> APIClient:
    return APIClient()


@pytest.fixture
def alice_client(alice) -> APIClient:
    return client_for(alice)


@pytest.fixture
def bob_client(bob) -> APIClient:
    return client_for(bob)


@pytest.fixture
def admin_client_api(admin) -> APIClient:
    return client_for(admin)


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    layer = settings.CHANNEL_LAYERS["default"]["BACKEND"].rsplit(".", 1)[-1]
    return f"derrick: database={engine} channel_layer={layer} llm={settings.LLM_BACKEND}"


@pytest.fixture(scope="session", autouse=True)
def _release_worker_connections(django_db_setup, django_db_blocker):
    """Let pytest-django drop the PostgreSQL test database at the end.

    Answers and tools run in worker threads that keep their own database
    connections (CONN_MAX_AGE); PostgreSQL refuses to drop a database that
    still has sessions, so end them first.
    """
    yield
    from django.db import OperationalError, connections

    with django_db_blocker.unblock(), contextlib.suppress(OperationalError):
        # (A session whose tests never touched the test database may find no
        # database to connect to here: then there is nothing to release.)
        connection = connections["default"]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture
def default_agents(db):
    """The shipped agents, also in transactional tests (their flush removes migration data)."""
    import importlib

    from django.apps import apps

    from agents.models import Agent

    migration = importlib.import_module("agents.migrations.0002_default_agents")
    migration.create_default_agents(apps, None)
    # And the later migrations that give the shipped agents more tools.
    importlib.import_module("agents.migrations.0003_esg_agent_report_tool").add_report_tool(
        apps, None
    )
    importlib.import_module("agents.migrations.0004_agents_query_tool").add_query_tool(apps, None)
    return list(Agent.objects.filter(is_active=True).order_by("position", "id"))
