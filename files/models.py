"""The running table: per-conversation rows of uploads and tool output."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Row(models.Model):
    class Type(models.TextChoices):
        USERINPUT = "userinput", "User upload"
        TABLE = "table", "Table"
        CHART = "chart", "Chart"
        RESULT = "result", "Result"

    conversation = models.ForeignKey(
        "chat.Conversation", on_delete=models.CASCADE, related_name="rows"
    )
    rowid = models.PositiveIntegerField(help_text="Counts from 1 within each conversation.")
    type = models.CharField(max_length=32, choices=Type.choices)
    description = models.TextField()
    file = models.FileField(max_length=500, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["conversation", "rowid"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "rowid"], name="files_row_unique_rowid")
        ]

    def __str__(self) -> str:
        return f"{self.rowid}: {self.description[:60]}"
