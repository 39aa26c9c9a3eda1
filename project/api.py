"""Errors in FastAPI's shapes, for every REST view.

401 ``{"detail": "Unauthorized"}``, 403 ``{"detail": "Forbidden"}``,
404 ``{"detail": "Not Found"}``, 405 ``{"detail": "Method Not Allowed"}``,
and 422 with FastAPI's list of problems whose ``loc`` names the field.

Views raise ``ApiError`` for the other FastAPI-style answers
(``400 {"detail": "LOGIN_BAD_CREDENTIALS"}``, ``400 {"detail": {"code": ..., "reason": ...}}``)
and describe them in OpenAPI with the serializers below.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.views import csrf, defaults
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from project.middleware import RETRY_AFTER_SECONDS, is_api_path, is_outage, json_error

_MISSING = object()


class ApiError(exceptions.APIException):
    """An error answered as ``{"detail": <detail>}`` exactly, string or object."""

    def __init__(self, detail: str | dict[str, Any], *, status_code: int = 400) -> None:
        super().__init__()
        self.body = detail
        self.status_code = status_code


def validation_errors(
    detail: Any, loc: tuple[str, ...] = ("body",), data: Any = _MISSING
) -> list[dict[str, Any]]:
    """Flatten DRF's nested ``ValidationError.detail`` into FastAPI's list.

    ``data`` is what the client sent (``request.data``): each problem's
    ``input`` is the value found at its ``loc``, as pydantic reports it.
    """
    problems: list[dict[str, Any]] = []
    if isinstance(detail, dict):
        for field, sub in detail.items():
            if field == "non_field_errors":
                problems.extend(validation_errors(sub, loc, data))
            else:
                problems.extend(validation_errors(sub, (*loc, str(field)), _child(data, field)))
    elif isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            for item in detail:
                problems.append(_problem(item, loc, data))
        else:
            for index, sub in enumerate(detail):
                problems.extend(validation_errors(sub, (*loc, str(index)), _child(data, index)))
    else:
        problems.append(_problem(detail, loc, data))
    return problems


def _child(data: Any, key: str | int) -> Any:
    if data is _MISSING:
        return _MISSING
    try:
        if isinstance(key, int) and isinstance(data, (list, tuple)):
            return data[key]
        if hasattr(data, "getlist"):  # QueryDict: one value, like FastAPI's Form()
            return data[key] if key in data else _MISSING
        if isinstance(data, dict):
            return data.get(key, _MISSING)
    except (KeyError, IndexError, TypeError):
        return _MISSING
    return _MISSING


def _problem(item: Any, loc: tuple[str, ...], data: Any) -> dict[str, Any]:
    kind = _fastapi_type(getattr(item, "code", "invalid"))
    message = "Field required" if kind == "missing" else str(item)
    value = None if data is _MISSING or kind == "missing" else data
    if not isinstance(value, (str, int, float, bool, list, dict, type(None))):
        value = str(value)
    return {"type": kind, "loc": list(loc), "msg": message, "input": value}


def _fastapi_type(code: str) -> str:
    return {
        "required": "missing",
        "null": "missing",
        "blank": "missing",
        "invalid": "value_error",
    }.get(code, code)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if is_outage(exc):
        return Response(
            {"detail": "Service Unavailable"},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    if isinstance(exc, ApiError):
        return Response({"detail": exc.body}, status=exc.status_code)
    if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        response = Response({"detail": "Unauthorized"}, status=status.HTTP_401_UNAUTHORIZED)
        response["WWW-Authenticate"] = "Bearer"
        return response
    if isinstance(exc, exceptions.PermissionDenied):
        return Response({"detail": "Forbidden"}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, (Http404, exceptions.NotFound)):
        return Response({"detail": "Not Found"}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, exceptions.MethodNotAllowed):
        # DRF's view adds the Allow header, as Starlette does.
        return Response({"detail": "Method Not Allowed"}, status=status.HTTP_405_METHOD_NOT_ALLOWED)
    if isinstance(exc, exceptions.ValidationError):
        return Response(
            {"detail": validation_errors(exc.detail, data=_request_data(context))},
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    if isinstance(exc, exceptions.ParseError):
        return Response(
            {
                "detail": [
                    {"type": "json_invalid", "loc": ["body"], "msg": str(exc.detail), "input": None}
                ]
            },
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    return drf_exception_handler(exc, context)


def _request_data(context: dict[str, Any]) -> Any:
    request = context.get("request")
    if request is None:
        return _MISSING
    try:
        return request.data
    except exceptions.APIException:  # the body could not be parsed at all
        return _MISSING


# --- Django's error handlers: JSON on API paths, Django's pages elsewhere -------


def bad_request(request, exception=None) -> HttpResponse:
    """400 (a bad Host header, a malformed request line or body Django refused)."""
    if is_api_path(request.path):
        return json_error(400, "Bad Request")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None) -> HttpResponse:
    if is_api_path(request.path):
        return json_error(403, "Forbidden")
    return defaults.permission_denied(request, exception)


def not_found(request, exception=None) -> HttpResponse:
    if is_api_path(request.path):
        return json_error(404, "Not Found")
    return defaults.page_not_found(request, exception)


def server_error(request) -> HttpResponse:
    if is_api_path(request.path):
        return json_error(500, "Internal Server Error")
    return defaults.server_error(request)


def csrf_failure(request, reason: str = "") -> HttpResponse:
    """A failed CSRF check: FastAPI-style 403 on API paths, Django's page on the pages."""
    if is_api_path(request.path):
        return json_error(403, "Forbidden")
    return csrf.csrf_failure(request, reason)


# --- OpenAPI shapes of the errors above, for extend_schema(responses=...) -----


class ErrorSerializer(serializers.Serializer):
    """``{"detail": "<code or message>"}``."""

    detail = serializers.CharField()


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string"},
            {
                "type": "object",
                "properties": {"code": {"type": "string"}, "reason": {"type": "string"}},
                "required": ["code", "reason"],
            },
        ]
    }
)
class CodeOrReasonField(serializers.JSONField):
    """FastAPI Users' ``ErrorModel.detail``: a code, or ``{"code", "reason"}``."""


class ErrorCodeOrReasonSerializer(serializers.Serializer):
    """``{"detail": "CODE"}`` or ``{"detail": {"code": "CODE", "reason": "..."}}``."""

    detail = CodeOrReasonField()


class ValidationProblemSerializer(serializers.Serializer):
    type = serializers.CharField()
    loc = serializers.ListField(child=serializers.CharField())
    msg = serializers.CharField()
    input = serializers.JSONField(allow_null=True)


class ValidationErrorSerializer(serializers.Serializer):
    """FastAPI's 422: ``{"detail": [{"type", "loc", "msg", "input"}, ...]}``."""

    detail = ValidationProblemSerializer(many=True)
