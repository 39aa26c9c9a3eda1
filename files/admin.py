"""Operators see every running-table row; files are read through signed links only."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html

from files import selectors
from files.models import Row


@admin.register(Row)
class RowAdmin(admin.ModelAdmin):
    list_display = ("rowid", "type", "short_description", "conversation", "created_at")
    list_filter = ("type",)
    search_fields = ("description", "original_name", "conversation__conversation_id")
    list_select_related = ("conversation",)
    raw_id_fields = ("conversation",)
    readonly_fields = ("download", "created_at")
    exclude = ("file",)  # a stored name is ours to make, not an operator's to type

    @admin.display(description="description")
    def short_description(self, row: Row) -> str:
        return row.description[:80]

    @admin.display(description="download")
    def download(self, row: Row) -> str:
        url = selectors.row_download_url(row) if row.pk else None
        return (
            format_html('<a href="{}">{}</a>', url, selectors.row_display_name(row)) if url else "-"
        )
