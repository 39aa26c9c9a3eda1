"""The ESG Agent gets the reporting export (emissions_report).

Adds the tool to the shipped ESG Agent without touching anything an operator
edited (its prompt, its other tools); reversing it takes the tool away again.
"""

from django.db import migrations

TOOL = "emissions_report"
AFTER = "emissions_inventory"


def add_report_tool(apps, schema_editor):
    Agent = apps.get_model("agents", "Agent")
    for agent in Agent.objects.filter(label="ESG Agent"):
        tools = list(agent.tools or [])
        if TOOL in tools:
            continue
        at = tools.index(AFTER) + 1 if AFTER in tools else len(tools)
        tools.insert(at, TOOL)
        agent.tools = tools
        agent.save(update_fields=["tools"])


def remove_report_tool(apps, schema_editor):
    Agent = apps.get_model("agents", "Agent")
    for agent in Agent.objects.filter(label="ESG Agent"):
        if TOOL in (agent.tools or []):
            agent.tools = [name for name in agent.tools if name != TOOL]
            agent.save(update_fields=["tools"])


class Migration(migrations.Migration):
    dependencies = [("agents", "0002_default_agents")]

    operations = [migrations.RunPython(add_report_tool, remove_report_tool)]
