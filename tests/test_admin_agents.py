"""The agents admin: operators order, switch and equip agents."""

from __future__ import annotations

import pytest
from django.test import Client

from agents.models import Agent
from agents.tools.registry import tool_choices
from tests.conftest import PASSWORD

CHANGELIST = "/admin/agents/agent/"


@pytest.fixture
def admin_browser(admin) -> Client:
    client = Client()
    client.force_login(admin)
    return client


def change_form_data(agent: Agent, **overrides) -> dict:
    data = {
        "label": agent.label,
        "description": agent.description,
        "system_prompt": agent.system_prompt,
        "model": agent.model,
        "temperature": agent.temperature,
        "tools": agent.tools,
        "position": agent.position,
    }
    if agent.is_active:
        data["is_active"] = "on"
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_changelist_shows_each_agent_with_its_tool_count(admin_browser):
    response = admin_browser.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Production Agent" in html and "ESG Agent" in html
    assert '<td class="field-tool_count">8</td>' in html  # Production, with query_table
    assert '<td class="field-tool_count">7</td>' in html  # ESG: with emissions_report too


@pytest.mark.django_db
def test_search_finds_agents_by_label(admin_browser):
    html = admin_browser.get(CHANGELIST, {"q": "esg"}).content.decode()
    assert "ESG Agent" in html
    assert "Production Agent" not in html


@pytest.mark.django_db
def test_position_and_active_are_editable_in_the_list(admin_browser):
    agents = list(Agent.objects.order_by("position"))
    data = {
        "form-TOTAL_FORMS": str(len(agents)),
        "form-INITIAL_FORMS": str(len(agents)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    new_positions = {"Production Agent": 5, "ESG Agent": 1}
    for index, agent in enumerate(agents):
        data[f"form-{index}-id"] = str(agent.pk)
        data[f"form-{index}-position"] = str(new_positions[agent.label])
        if agent.label == "Production Agent":
            data[f"form-{index}-is_active"] = "on"
    response = admin_browser.post(CHANGELIST, data)
    assert response.status_code == 302
    assert dict(Agent.objects.values_list("label", "position")) == new_positions
    assert not Agent.objects.get(label="ESG Agent").is_active


@pytest.mark.django_db
def test_the_change_page_offers_registered_tools_as_checkboxes(admin_browser):
    agent = Agent.objects.get(label="ESG Agent")
    response = admin_browser.get(f"/admin/agents/agent/{agent.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="system_prompt"' in html and 'rows="30"' in html
    assert tool_choices(), "no tools registered: nothing to offer"
    for name, _ in tool_choices():
        assert f'value="{name}"' in html
    for name in agent.tools:
        assert f'value="{name}"' in html  # registered or not, each stored name shows


@pytest.mark.django_db
def test_saving_the_change_page_stores_the_checked_tools_and_keeps_unknown_ones(admin_browser):
    agent = Agent.objects.get(label="Production Agent")
    Agent.objects.filter(pk=agent.pk).update(tools=["retired_tool", *agent.tools])
    agent.refresh_from_db()
    url = f"/admin/agents/agent/{agent.pk}/change/"
    assert "not registered: retired_tool" in admin_browser.get(url).content.decode()
    checked = ["retired_tool", "chart_row"]
    response = admin_browser.post(url, change_form_data(agent, tools=checked, position=4))
    assert response.status_code == 302, response.content.decode()[:2000]
    agent.refresh_from_db()
    assert agent.tools == checked
    assert agent.position == 4


@pytest.mark.django_db
def test_an_unoffered_tool_name_is_refused(admin_browser):
    agent = Agent.objects.get(label="ESG Agent")
    url = f"/admin/agents/agent/{agent.pk}/change/"
    response = admin_browser.post(url, change_form_data(agent, tools=["rm_rf"]))
    assert response.status_code == 200  # the form again, with its error
    assert "Select a valid choice" in response.content.decode()
    agent.refresh_from_db()
    assert "rm_rf" not in agent.tools


@pytest.mark.django_db
def test_an_agent_can_be_added(admin_browser):
    response = admin_browser.post(
        "/admin/agents/agent/add/",
        {
            "label": "Reservoir Agent",
            "description": "Material balance",
            "system_prompt": "You are a reservoir engineer.",
            "model": "",
            "temperature": "0.3",
            "position": "3",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    added = Agent.objects.get(label="Reservoir Agent")
    assert added.tools == []
    assert added.is_active


@pytest.mark.django_db
def test_a_non_superuser_is_refused(alice):
    client = Client()
    client.force_login(alice)
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    agent = Agent.objects.get(label="ESG Agent")
    response = client.post(
        CHANGELIST,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(agent.pk),
            "form-0-position": "99",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.position == 2


@pytest.mark.django_db
def test_a_superuser_logs_in_to_the_admin_with_email_and_password(admin):
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/agents/agent/",
        {"username": "admin@example.com", "password": PASSWORD, "next": CHANGELIST},
    )
    assert response.status_code == 302
    assert client.get(CHANGELIST).status_code == 200
