"""The migration that ships "Production Agent" and "ESG Agent"."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from agents.models import Agent
from agents.selectors import agent_list_active
from agents.tools.registry import all_tools

default_agents = importlib.import_module("agents.migrations.0002_default_agents")

PRODUCTION_TOOLS = [
    "describe_table",
    "preview_table",
    "query_table",
    "fit_decline",
    "forecast_decline",
    "cash_flow_economics",
    "npv_irr",
    "chart_row",
]
ESG_TOOLS = [
    "describe_table",
    "preview_table",
    "query_table",
    "emissions_inventory",
    "emissions_report",
    "carbon_price_impact",
    "chart_row",
]


@pytest.mark.django_db
def test_migrate_creates_the_two_default_agents_in_order():
    labels = [agent.label for agent in agent_list_active()]
    assert labels == ["Production Agent", "ESG Agent"]
    production = Agent.objects.get(label="Production Agent")
    esg = Agent.objects.get(label="ESG Agent")
    assert (production.position, esg.position) == (1, 2)
    assert production.tools == PRODUCTION_TOOLS
    assert esg.tools == ESG_TOOLS
    assert production.description and esg.description


@pytest.mark.django_db
def test_the_production_prompt_covers_decline_curves_and_economics():
    prompt = Agent.objects.get(label="Production Agent").system_prompt
    for term in [
        "Arps",
        "hyperbolic",
        "secant-effective",
        "EUR",
        "NRI",
        "PV10",
        "IRR",
        "payback",
        "break-even",
        "units",
        "fit_decline",
        "rowid",
    ]:
        assert term in prompt, term


@pytest.mark.django_db
def test_the_esg_prompt_covers_scopes_factors_and_carbon_price():
    prompt = Agent.objects.get(label="ESG Agent").system_prompt
    for term in [
        "Scope 1",
        "Scope 2",
        "40 CFR Part 98",
        "Subpart C",
        "Subpart W",
        "flaring",
        "venting",
        "AR5",
        "AR6",
        "per BOE",
        "carbon price",
        "emissions_inventory",
    ]:
        assert term in prompt, term


@pytest.mark.django_db
def test_running_the_migration_again_restores_the_shipped_agents_without_duplicates():
    Agent.objects.filter(label="ESG Agent").update(system_prompt="edited", is_active=False)
    default_agents.create_default_agents(apps, None)
    assert Agent.objects.filter(label="ESG Agent").count() == 1
    esg = Agent.objects.get(label="ESG Agent")
    assert esg.system_prompt == default_agents.ESG_PROMPT
    assert esg.is_active
    assert Agent.objects.count() == 2


@pytest.mark.django_db
def test_reversing_the_migration_removes_only_the_default_agents():
    Agent.objects.create(label="House Agent", system_prompt="mine", position=3)
    default_agents.remove_default_agents(apps, None)
    assert list(Agent.objects.values_list("label", flat=True)) == ["House Agent"]
    operation = default_agents.Migration.operations[0]
    assert operation.reversible


@pytest.mark.django_db
def test_every_tool_a_default_agent_names_is_registered():
    registered = set(all_tools())
    for agent in Agent.objects.all():
        missing = [name for name in agent.tools if name not in registered]
        assert not missing, f"{agent.label}: {missing}"


@pytest.mark.django_db
def test_the_esg_agent_gets_the_report_tool_and_keeps_an_operators_choices():
    report = importlib.import_module("agents.migrations.0003_esg_agent_report_tool")
    Agent.objects.filter(label="ESG Agent").update(tools=["chart_row", "emissions_inventory"])
    report.add_report_tool(apps, None)
    report.add_report_tool(apps, None)
    assert Agent.objects.get(label="ESG Agent").tools == [
        "chart_row",
        "emissions_inventory",
        "emissions_report",
    ]
    report.remove_report_tool(apps, None)
    assert Agent.objects.get(label="ESG Agent").tools == ["chart_row", "emissions_inventory"]
