"""Reads of agents shared by the REST views, the consumer and the pages."""

from __future__ import annotations

from django.db.models import QuerySet

from agents.models import Agent


def agent_list_active() -> QuerySet[Agent]:
    """The active agents in the order the operators set in the admin (one query)."""
    return Agent.objects.filter(is_active=True).order_by("position", "id")
