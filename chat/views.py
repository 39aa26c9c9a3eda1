"""REST views of the history: list, read, rename, delete and export conversations.

Every view finds the conversation through ``conversation_for_user``, so a
request can only ever reach its own user's conversations.
"""

from __future__ import annotations

import tempfile
import uuid
from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from chat.exports import (
    EXPORT_FORMATS,
    conversation_export_read,
    export_filename,
    export_html,
    export_json,
    export_markdown,
    export_zip,
)
from chat.models import Conversation
from chat.selectors import (
    conversation_for_user,
    conversation_history_items,
    conversation_transcript,
)
from chat.serializers import (
    ConversationExportSerializer,
    ConversationRenameSerializer,
    HistoryItemSerializer,
    TranscriptMessageSerializer,
)
from chat.services import conversation_delete, conversation_rename
from project.api import ErrorSerializer, ValidationErrorSerializer

EXPORT_WRITERS = {"md": export_markdown, "json": export_json, "html": export_html}
ZIP_SPOOL_BYTES = 8 * 1024 * 1024
CONVERSATION_ID_PARAM = OpenApiParameter(
    "conversation_id",
    OpenApiTypes.UUID,
    OpenApiParameter.PATH,
    description="The conversation's id, a UUID chosen by the client.",
)
# PATCH bodies are documented whole: the title is required, not partial.
RENAME_BODY = {
    "type": "object",
    "required": ["title_summary"],
    "properties": {
        # Trimmed: a title of spaces only is refused.
        "title_summary": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"\S"}
    },
}
VALIDATION_ERROR = OpenApiResponse(
    ValidationErrorSerializer, description="FastAPI-shaped list of problems"
)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description='`{"detail": "Not Found"}`')


class InvalidConversationID(Exception):
    def __init__(self, raw: str) -> None:
        self.raw = raw


def parse_conversation_id(raw: str) -> uuid.UUID:
    """The path's conversationID as a UUID, or ``InvalidConversationID`` (422)."""
    try:
        return uuid.UUID(raw)
    except ValueError as exc:
        raise InvalidConversationID(raw) from exc


def invalid_conversation_id_response(raw: str) -> Response:
    # FastAPI's answer to a path parameter typed UUID that is not one.
    return Response(
        {
            "detail": [
                {
                    "type": "uuid_parsing",
                    "loc": ["path", "conversationID"],
                    "msg": "Input should be a valid UUID, unable to parse string as an UUID",
                    "input": raw,
                }
            ]
        },
        status=status.HTTP_422_UNPROCESSABLE_ENTITY,
    )


class ConversationView(APIView):
    """Base for views on one conversation: a malformed id is a 422, not a 404."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, InvalidConversationID):
            return invalid_conversation_id_response(exc.raw)
        return super().handle_exception(exc)

    def owned_conversation(self, raw_id: str) -> Conversation:
        conversation = conversation_for_user(
            user=self.request.user, conversation_id=parse_conversation_id(raw_id)
        )
        if conversation is None:
            raise Http404
        return conversation


class HistoryListView(APIView):
    @extend_schema(
        operation_id="history_list",
        summary="This user's conversations",
        description=(
            "Conversations with at least one message or running-table row, "
            "most recent activity first. `title_summary` is `New Chat` until a title is made."
        ),
        responses={200: HistoryItemSerializer(many=True)},
        tags=["history"],
    )
    def get(self, request: Request) -> Response:
        return Response(conversation_history_items(user=request.user))


class HistoryConversationMessagesView(ConversationView):
    @extend_schema(
        operation_id="history_conversation_messages",
        summary="A conversation's messages",
        description=(
            "Oldest first. An unknown conversation (or another user's) gives `[]`. "
            "Also served at the old backend's misspelt `/get_history_conversatino/<id>`."
        ),
        parameters=[CONVERSATION_ID_PARAM],
        responses={200: TranscriptMessageSerializer(many=True), 422: VALIDATION_ERROR},
        tags=["history"],
    )
    def get(self, request: Request, conversation_id: str) -> Response:
        try:
            conversation = self.owned_conversation(conversation_id)
        except Http404:
            return Response([])
        messages = conversation_transcript(conversation=conversation)
        return Response(TranscriptMessageSerializer(messages, many=True).data)


class HistoryConversationMessagesMisspeltView(HistoryConversationMessagesView):
    """The old backend's spelling, which its front end calls."""

    @extend_schema(
        operation_id="history_conversation_messages_misspelt",
        summary="A conversation's messages (the old backend's spelling)",
        description="Same as `/get_history_conversation/<id>`.",
        parameters=[CONVERSATION_ID_PARAM],
        responses={200: TranscriptMessageSerializer(many=True), 422: VALIDATION_ERROR},
        tags=["history"],
    )
    def get(self, request: Request, conversation_id: str) -> Response:
        return super().get(request, conversation_id)


class HistoryConversationView(ConversationView):
    @extend_schema(
        operation_id="history_rename",
        summary="Rename a conversation",
        description=(
            "Sets the title a person chose (1 to 200 characters, trimmed); the conversation "
            "is then never titled automatically. Answers the history item."
        ),
        parameters=[CONVERSATION_ID_PARAM],
        request={"application/json": RENAME_BODY},
        responses={200: HistoryItemSerializer, 404: NOT_FOUND, 422: VALIDATION_ERROR},
        tags=["history"],
    )
    def patch(self, request: Request, conversation_id: str) -> Response:
        conversation = self.owned_conversation(conversation_id)
        body = ConversationRenameSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        conversation = conversation_rename(
            conversation=conversation, title_summary=body.validated_data["title_summary"]
        )
        return Response(HistoryItemSerializer(conversation).data)

    @extend_schema(
        operation_id="history_delete",
        summary="Delete a conversation",
        description="Removes its messages, its running-table rows and their stored files.",
        parameters=[CONVERSATION_ID_PARAM],
        responses={204: None, 404: NOT_FOUND, 422: VALIDATION_ERROR},
        tags=["history"],
    )
    def delete(self, request: Request, conversation_id: str) -> Response:
        conversation_delete(conversation=self.owned_conversation(conversation_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class _IgnoreFormatQuery(DefaultContentNegotiation):
    """``?format=`` names the export's format here, not DRF's renderer."""

    def select_renderer(self, request: Request, renderers: list[Any], format_suffix=None):
        return renderers[0], renderers[0].media_type


class HistoryConversationExportView(ConversationView):
    content_negotiation_class = _IgnoreFormatQuery

    @extend_schema(
        operation_id="history_export",
        summary="Download a conversation",
        description=(
            "An attachment named after the title: `md` (Markdown: title, agent, dates, "
            "each message with its sender and time and the tables its answer made, the "
            "running table), `html` (one self-contained page with the charts inside), "
            "`zip` (the Markdown and HTML with every chart, table and upload as files) or "
            "`json` (metadata, messages with role, status and tokens, running-table rows)."
        ),
        parameters=[
            CONVERSATION_ID_PARAM,
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=["md", "json", "html", "zip"],
                default="md",
            ),
        ],
        responses={
            (200, "application/json"): ConversationExportSerializer,
            (200, "text/markdown"): OpenApiTypes.STR,
            (200, "text/html"): OpenApiTypes.STR,
            (200, "application/zip"): OpenApiTypes.BINARY,
            404: NOT_FOUND,
            422: VALIDATION_ERROR,
        },
        tags=["history"],
    )
    def get(self, request: Request, conversation_id: str) -> HttpResponse | Response:
        key = parse_conversation_id(conversation_id)
        export_format = request.query_params.get("format", "md")
        if export_format not in EXPORT_FORMATS:
            # FastAPI's answer for a query parameter typed Literal["md", "json"].
            problem = {
                "type": "literal_error",
                "loc": ["query", "format"],
                "msg": "Input should be 'md', 'json', 'html' or 'zip'",
                "input": export_format,
                "ctx": {"expected": "'md', 'json', 'html' or 'zip'"},
            }
            return Response({"detail": [problem]}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        conversation = self.owned_conversation(str(key))
        export = conversation_export_read(conversation=conversation)
        name = export_filename(conversation=conversation, format=export_format)
        if export_format == "zip":
            # Uploads can be large: the archive goes to disk past a few megabytes.
            spool = tempfile.SpooledTemporaryFile(max_size=ZIP_SPOOL_BYTES)
            export_zip(export, out=spool)
            spool.seek(0)
            return FileResponse(
                spool, as_attachment=True, filename=name, content_type=EXPORT_FORMATS["zip"]
            )
        body = EXPORT_WRITERS[export_format](export)
        response = HttpResponse(body, content_type=EXPORT_FORMATS[export_format])
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
