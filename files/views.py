"""REST views of the running table: upload, list, one row, signed downloads.

They parse the path and body, call ``files.services``/``files.selectors``
and serialise; errors take CONTRACT.md's shapes.
"""

from __future__ import annotations

import json
import mimetypes
import uuid
from typing import Any

from django.core.files.storage import default_storage
from django.core.handlers.asgi import ASGIRequest
from django.http import FileResponse, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, ErrorDetail, NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from files import selectors, services
from files.serializers import (
    UPLOAD_REQUEST_SCHEMA,
    RowDetailSerializer,
    RowListItemSerializer,
    UploadResponseSerializer,
)
from files.uploads import (
    MULTIPART_ALLOWANCE,
    SizeLimitUploadHandler,
    declared_length,
    declared_length_too_large,
    max_upload_size,
)
from project.api import ErrorSerializer, ValidationErrorSerializer

# Served as themselves (and shown inline: charts in an <img>, text in a
# tab); anything else downloads as opaque bytes, so an uploaded HTML or SVG
# file can never run script on this site.
_INLINE_TYPES = {
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "text/plain",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
    "application/pdf",
}
_ATTACHMENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel",
    "application/vnd.ms-excel.sheet.macroEnabled.12",
    "application/zip",
}


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self) -> None:
        limit = max_upload_size()
        megabytes = limit / (1024 * 1024)
        shown = f"{megabytes:g} MB" if megabytes >= 1 else f"{limit} bytes"
        super().__init__(f"File too large: uploads are limited to {shown}.")


def _path_problem(field: str, value: str, kind: str, msg: str) -> Response:
    """FastAPI's 422 for a malformed path parameter."""
    return Response(
        {"detail": [{"type": kind, "loc": ["path", field], "msg": msg, "input": value}]},
        status=status.HTTP_422_UNPROCESSABLE_ENTITY,
    )


def _parse_conversation_id(value: str) -> uuid.UUID | Response:
    try:
        return uuid.UUID(value)
    except ValueError:
        return _path_problem(
            "conversationID",
            value,
            "uuid_parsing",
            "Input should be a valid UUID, unable to parse string as an UUID",
        )


def _parse_rowid(value: str) -> int | Response:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0 or number > 2**31 - 1:
        return _path_problem(
            "rowid", value, "int_parsing", "Input should be a valid integer, unable to parse"
        )
    return number


_CONVERSATION_PARAMETER = OpenApiParameter(
    "conversation_id",
    OpenApiTypes.UUID,
    OpenApiParameter.PATH,
    description="The client's conversationID.",
)
_ROWID_PARAMETER = OpenApiParameter(
    "rowid",
    {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
    OpenApiParameter.PATH,
    description="The row's number in its conversation's running table.",
)
_NOT_FOUND = OpenApiResponse(ErrorSerializer, description='`{"detail": "Not Found"}`')
_MALFORMED_PATH = OpenApiResponse(
    ValidationErrorSerializer,
    description="A malformed conversationID or rowid: FastAPI's list of problems.",
)


class UploadView(APIView):
    """POST /upload/<conversationID>: a multipart file becomes a running-table row."""

    _size_guard: SizeLimitUploadHandler | None = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Before authentication: a session login's CSRF check may parse the
        # body, and every byte it parses must pass through the size guard.
        if declared_length_too_large(request.META):
            raise PayloadTooLarge()
        if declared_length(request.META) is None and isinstance(request._request, ASGIRequest):
            # A chunked body over ASGI: Django skips a body of undeclared
            # length, but the ASGI body is already on hand (spooled to
            # disk); let the parser read it and the guard count it.
            request._request.META["CONTENT_LENGTH"] = str(max_upload_size() + MULTIPART_ALLOWANCE)
        self._size_guard = SizeLimitUploadHandler(request._request)
        request.upload_handlers.insert(0, self._size_guard)
        super().initial(request, *args, **kwargs)

    def handle_exception(self, exc: Exception) -> Response:
        if self._size_guard is not None and self._size_guard.exceeded:
            exc = PayloadTooLarge()  # whatever tripped over the half-read body
        return super().handle_exception(exc)

    @extend_schema(
        operation_id="upload_file",
        summary="Upload a file to a conversation's running table",
        description=(
            "Multipart field `file`. Creates the conversation if this user has none with "
            "that id; adds a `userinput` row. Files over MAX_UPLOAD_SIZE get 413."
        ),
        parameters=[_CONVERSATION_PARAMETER],
        request=UPLOAD_REQUEST_SCHEMA,
        responses={
            200: UploadResponseSerializer,
            413: OpenApiResponse(ErrorSerializer, description="File too large"),
            422: OpenApiResponse(
                ValidationErrorSerializer, description="No file, or a malformed conversationID"
            ),
        },
        tags=["files"],
    )
    def post(self, request: Request, conversation_id: str) -> Response:
        key = _parse_conversation_id(conversation_id)
        if isinstance(key, Response):
            return key
        upload = None
        if request.content_type.startswith("multipart/form-data"):
            upload = request.FILES.get("file")
        if self._size_guard is not None and self._size_guard.exceeded:
            raise PayloadTooLarge()
        if upload is None:
            raise ValidationError({"file": [ErrorDetail("Field required", code="required")]})
        row = services.upload_store(user=request.user, conversation_id=key, upload=upload)
        return Response({"message": "File uploaded successfully!", "file_path_db_rowid": row.rowid})


class RunningTableView(APIView):
    """GET /db/<conversationID>: the running table."""

    @extend_schema(
        operation_id="running_table",
        summary="A conversation's running table",
        description="Ordered by rowid. An unknown conversation (or another user's) gives `[]`.",
        parameters=[_CONVERSATION_PARAMETER],
        responses={200: RowListItemSerializer(many=True), 422: _MALFORMED_PATH},
        tags=["files"],
    )
    def get(self, request: Request, conversation_id: str) -> Response:
        key = _parse_conversation_id(conversation_id)
        if isinstance(key, Response):
            return key
        rows = selectors.rows_for_user_conversation(user=request.user, conversation_id=key)
        return Response(
            RowListItemSerializer(rows.only("rowid", "type", "description"), many=True).data
        )


class RowDetailView(APIView):
    """GET /db/<conversationID>/<rowid>: one row, its download link and preview."""

    @extend_schema(
        operation_id="running_table_row",
        summary="One running-table row",
        description=(
            "`url` is a signed link (no headers needed) that expires after "
            "FILE_URL_MAX_AGE_SECONDS; `preview` holds the first 50 rows of a table."
        ),
        parameters=[_CONVERSATION_PARAMETER, _ROWID_PARAMETER],
        responses={200: RowDetailSerializer, 404: _NOT_FOUND, 422: _MALFORMED_PATH},
        tags=["files"],
    )
    def get(self, request: Request, conversation_id: str, rowid: str) -> Response:
        key = _parse_conversation_id(conversation_id)
        if isinstance(key, Response):
            return key
        number = _parse_rowid(rowid)
        if isinstance(number, Response):
            return number
        row = selectors.row_for_user(user=request.user, conversation_id=key, rowid=number)
        if row is None:
            raise NotFound()
        url = selectors.row_download_url(row)
        preview, preview_error = selectors.row_preview_or_error(row)
        payload = {
            "rowid": row.rowid,
            "type": row.type,
            "description": row.description,
            "created_at": row.created_at,
            "url": request.build_absolute_uri(url) if url else None,
            "preview": preview,
            "preview_error": preview_error,
        }
        return Response(RowDetailSerializer(payload).data)


def _download_headers(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser rendered it, the file could load nothing and run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


class FileDownloadView(APIView):
    """GET /files/<signed token>: the row's file, for whoever holds an unexpired link."""

    # The link is the credential (an <img> sends no Authorization header);
    # a stale header must not turn a good link into a 401.
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="file_download",
        summary="Download a row's file through a signed link",
        description=(
            "Links come from GET /db/<conversationID>/<rowid>; expired or altered ones give "
            "404. Images, text, CSV, JSON and PDF come as themselves, spreadsheets and zips "
            "as attachments of their type, anything else as `application/octet-stream`."
        ),
        responses={
            **{
                (200, media_type): OpenApiTypes.BINARY
                for media_type in sorted(_INLINE_TYPES | _ATTACHMENT_TYPES)
            },
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            404: _NOT_FOUND,
        },
        tags=["files"],
    )
    def get(self, request: Request, token: str) -> HttpResponse:
        row = selectors.row_for_download_token(token)
        if row is None:
            raise NotFound()
        name = selectors.row_display_name(row)
        if not row.file:
            if row.data in (None, {}, []):
                raise NotFound()
            response = HttpResponse(
                json.dumps(row.data, ensure_ascii=False), content_type="application/json"
            )
            response["Content-Disposition"] = f'attachment; filename="row-{row.rowid}.json"'
            return _download_headers(response)
        try:
            handle = default_storage.open(row.file.name, "rb")
        except (OSError, ValueError) as exc:
            raise NotFound() from exc
        guessed, _ = mimetypes.guess_type(name)
        inline = guessed in _INLINE_TYPES
        content_type = guessed if inline or guessed in _ATTACHMENT_TYPES else None
        response = FileResponse(
            handle,
            as_attachment=not inline,
            filename=name,
            content_type=content_type or "application/octet-stream",
        )
        return _download_headers(response)
