"""The /agents/ wire shape (CONTRACT.md)."""

from __future__ import annotations

from rest_framework import serializers

from agents.models import Agent


class AgentListItemSerializer(serializers.ModelSerializer):
    """``{"id", "label", "desc", "selected"}``: the old front end's agent picker item."""

    desc = serializers.CharField(source="description", read_only=True)
    # The old backend always sent false; the front end flips it locally.
    selected = serializers.SerializerMethodField()

    class Meta:
        model = Agent
        fields = ["id", "label", "desc", "selected"]
        read_only_fields = fields

    def get_selected(self, agent: Agent) -> bool:
        return False
