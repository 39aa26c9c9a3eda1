"""GET /agents/: the active agents in the admin's order."""

from __future__ import annotations

import pytest
from django.test import Client

from agents.models import Agent
from tests.conftest import PASSWORD


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/agents/", "/agents"])
def test_it_lists_the_default_agents_in_the_contract_shape(alice_client, path):
    response = alice_client.get(path)
    assert response.status_code == 200
    body = response.json()
    production = Agent.objects.get(label="Production Agent")
    assert body[0] == {
        "id": production.pk,
        "label": "Production Agent",
        "desc": production.description,
        "selected": False,
    }
    assert [item["label"] for item in body] == ["Production Agent", "ESG Agent"]


@pytest.mark.django_db
def test_it_orders_by_position_and_hides_inactive_agents(alice_client):
    Agent.objects.filter(label="ESG Agent").update(position=0)
    Agent.objects.create(label="Retired Agent", system_prompt="x", is_active=False, position=1)
    Agent.objects.create(label="Late Agent", system_prompt="x", position=9)
    labels = [item["label"] for item in alice_client.get("/agents/").json()]
    assert labels == ["ESG Agent", "Production Agent", "Late Agent"]


@pytest.mark.django_db
def test_an_anonymous_request_is_refused(anon_client):
    response = anon_client.get("/agents/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.django_db
def test_a_tampered_token_is_refused(alice_client):
    alice_client.credentials(HTTP_AUTHORIZATION="Bearer not.a.token")
    assert alice_client.get("/agents").status_code == 401


@pytest.mark.django_db
def test_a_browser_session_is_accepted(alice):
    client = Client()
    assert client.login(username=alice.email, password=PASSWORD)
    response = client.get("/agents/")
    assert response.status_code == 200
    assert len(response.json()) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 100])
def test_the_list_costs_the_same_queries_whatever_its_length(
    alice_client, django_assert_num_queries, count
):
    Agent.objects.update(is_active=False)
    Agent.objects.bulk_create(
        Agent(label=f"Agent {n}", system_prompt="x", position=n) for n in range(count)
    )
    # One to authenticate the token's user, one for the list.
    with django_assert_num_queries(2):
        response = alice_client.get("/agents/")
    assert len(response.json()) == count
