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
    # The answer whose tools wrote the row (uploads have none): the pages show
    # an answer's charts and tables inside it.
    message = models.ForeignKey(
        "chat.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="rows"
    )
    # A short line for people ("production_monthly.csv · 4 wells · 2020-01 to
    # 2024-12"); the contract's ``description`` stays as it is.
    summary = models.CharField(max_length=300, blank=True)
    # For a stored file: whether the tools can read it as a table (None: not known or no file).
    readable = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["conversation", "rowid"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "rowid"], name="files_row_unique_rowid")
        ]

    def __str__(self) -> str:
        return f"{self.rowid}: {self.description[:60]}"
