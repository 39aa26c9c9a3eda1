"""A Redis outage: 503 JSON, /healthz says so, and everything recovers by itself.

The test runs a Redis server of its own on a free port (``redis-server``),
points the cache and the channel layer at it, stops it mid-test and starts
it again on the same port. Skipped, with the reason, where ``redis-server``
is not installed.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

REDIS = shutil.which("redis-server")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                assert self.process.poll() is None, "redis-server exited"
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.02)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis(settings):
    if REDIS is None:
        pytest.skip("needs redis-server (apt-get install redis-server)")
    from channels.layers import channel_layers

    server = OwnRedis(_free_port())
    server.start()
    url = f"redis://127.0.0.1:{server.port}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "outage-test",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
        }
    }
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [url], "prefix": "outage-test"},
        }
    }
    channel_layers.backends.clear()
    yield server
    server.stop()
    channel_layers.backends.clear()


def _health() -> tuple[int, dict]:
    response = Client().get("/healthz")
    assert response["Content-Type"] == "application/json"
    return response.status_code, response.json()


def test_authenticated_calls_answer_503_while_redis_is_down_and_recover(own_redis, alice_client):
    assert alice_client.get("/users/me").status_code == 200
    assert _health() == (
        200,
        {"status": "ok", "checks": {"database": "ok", "channel_layer": "ok", "cache": "ok"}},
    )

    own_redis.stop()
    for path in ["/users/me", "/history/", f"/db/{uuid.uuid4()}", "/agents/"]:
        response = alice_client.get(path)
        assert response.status_code == 503, path
        assert response.json() == {"detail": "Service Unavailable"}
        assert response["Retry-After"] == "5"
    status, body = _health()
    assert status == 503 and body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] != "ok" and body["checks"]["channel_layer"] != "ok"

    own_redis.start()  # the same port: nothing restarted on our side
    assert alice_client.get("/users/me").status_code == 200
    assert alice_client.get("/history/").json() == []
    assert _health()[0] == 200


def test_the_login_page_answers_503_not_500_while_redis_is_down(own_redis, alice):
    own_redis.stop()
    response = Client().post("/login", {"username": alice.email, "password": "wrong"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    login = Client().post("/auth/jwt/login", {"username": alice.email, "password": "wrong"})
    assert login.status_code == 503 and login.json() == {"detail": "Service Unavailable"}


def test_healthz_is_200_on_the_embedded_defaults():
    assert _health() == (
        200,
        {"status": "ok", "checks": {"database": "ok", "channel_layer": "ok", "cache": "ok"}},
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("builtin_fast")
async def test_a_socket_gets_an_error_and_4503_while_redis_is_down_then_works(
    own_redis, alice, agent
):
    from accounts.tokens import mint_access_token
    from tests.fake_openai import events_until, next_output, open_socket, socket_path

    token = mint_access_token(alice)
    own_redis.stop()
    communicator = await open_socket(socket_path(token, conversationID=uuid.uuid4()))
    error = await next_output(communicator)
    assert error["event_type"] == "error" and "briefly unavailable" in error["content"]
    assert (await next_output(communicator))["close"] == 4503
    await communicator.disconnect()

    own_redis.start()
    communicator = await open_socket(socket_path(token, conversationID=uuid.uuid4()))
    await communicator.send_to(text_data="hello")
    assert (await events_until(communicator, "done"))[-1]["message_id"] is not None
    await communicator.disconnect()
