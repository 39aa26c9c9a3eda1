from __future__ import annotations

from django.contrib import admin

from agents.forms import AgentAdminForm
from agents.models import Agent


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):
    form = AgentAdminForm
    list_display = ["label", "is_active", "position", "model_shown", "tool_count"]
    list_display_links = ["label"]
    list_editable = ["is_active", "position"]
    list_filter = ["is_active"]
    search_fields = ["label"]
    ordering = ["position", "id"]
    fieldsets = [
        (None, {"fields": ["label", "description", "is_active", "position"]}),
        ("Model", {"fields": ["system_prompt", "model", "temperature"]}),
        ("Tools", {"fields": ["tools"]}),
    ]

    @admin.display(description="model")
    def model_shown(self, agent: Agent) -> str:
        return agent.model or f"{agent.model_name} (default)"

    @admin.display(description="tools")
    def tool_count(self, agent: Agent) -> int:
        return len(agent.tools) if isinstance(agent.tools, list) else 0
