"""Agents: the personas an analyst chats with, and the tools each may use."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Agent(models.Model):
    label = models.CharField(
        max_length=100, unique=True, help_text="What clients pass as agentName."
    )
    description = models.TextField(blank=True)
    system_prompt = models.TextField()
    model = models.CharField(
        max_length=100, blank=True, help_text="Blank: the LLM_MODEL setting's default."
    )
    temperature = models.FloatField(default=0.2)
    tools = models.JSONField(default=list, blank=True, help_text="Names of the tools it may call.")
    is_active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0, help_text="Order in /agents/.")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def model_name(self) -> str:
        return self.model or settings.LLM_MODEL
