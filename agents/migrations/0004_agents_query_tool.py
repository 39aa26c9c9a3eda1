"""Both shipped agents get the data-question tool (query_table: read-only SQL).

Adds the tool after preview_table without touching anything an operator
edited (prompts, other tools); reversing it takes the tool away again.
"""

from django.db import migrations

TOOL = "query_table"
AFTER = "preview_table"
AGENTS = ("Production Agent", "ESG Agent")


def add_query_tool(apps, schema_editor):
    Agent = apps.get_model("agents", "Agent")
    for agent in Agent.objects.filter(label__in=AGENTS):
        tools = list(agent.tools or [])
        if TOOL in tools:
            continue
        at = tools.index(AFTER) + 1 if AFTER in tools else len(tools)
        tools.insert(at, TOOL)
        agent.tools = tools
        agent.save(update_fields=["tools"])


def remove_query_tool(apps, schema_editor):
    Agent = apps.get_model("agents", "Agent")
    for agent in Agent.objects.filter(label__in=AGENTS):
        if TOOL in (agent.tools or []):
            agent.tools = [name for name in agent.tools if name != TOOL]
            agent.save(update_fields=["tools"])


class Migration(migrations.Migration):
    dependencies = [("agents", "0003_esg_agent_report_tool")]

    operations = [migrations.RunPython(add_query_tool, remove_query_tool)]
