"""Shapes of the running table on the wire (CONTRACT.md "Agents, files, history")."""

from __future__ import annotations

from rest_framework import serializers


class RowListItemSerializer(serializers.Serializer):
    rowid = serializers.IntegerField()
    type = serializers.CharField()
    description = serializers.CharField()


class PreviewSerializer(serializers.Serializer):
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.JSONField()))


class RowDetailSerializer(serializers.Serializer):
    rowid = serializers.IntegerField()
    type = serializers.CharField()
    description = serializers.CharField()
    created_at = serializers.DateTimeField()
    url = serializers.CharField(
        allow_null=True,
        help_text="Signed link that downloads the row's file (or its data as JSON); "
        "works without headers and expires after FILE_URL_MAX_AGE_SECONDS.",
    )
    preview = PreviewSerializer(
        allow_null=True, help_text="The first 50 rows when the row holds a table, else null."
    )
    preview_error = serializers.CharField(
        allow_null=True,
        help_text="Why a table file has no preview (broken, larger than MAX_TABLE_BYTES once "
        "decompressed, or slower to read than TABLE_READ_TIMEOUT_SECONDS), else null.",
    )


class UploadResponseSerializer(serializers.Serializer):
    message = serializers.CharField(default="File uploaded successfully!")
    file_path_db_rowid = serializers.IntegerField()


UPLOAD_REQUEST_SCHEMA = {
    "multipart/form-data": {
        "type": "object",
        "properties": {"file": {"type": "string", "format": "binary"}},
        "required": ["file"],
    }
}
