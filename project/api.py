"""Errors in FastAPI's shapes, for every REST view.

401 ``{"detail": "Unauthorized"}``, 403 ``{"detail": "Forbidden"}``,
404 ``{"detail": "Not Found"}``, and 422 with FastAPI's list of problems
whose ``loc`` names the field.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def validation_errors(detail: Any, loc: tuple[str, ...] = ("body",)) -> list[dict[str, Any]]:
    """Flatten DRF's nested ``ValidationError.detail`` into FastAPI's list."""
    problems: list[dict[str, Any]] = []
    if isinstance(detail, dict):
        for field, sub in detail.items():
            where = loc if field == "non_field_errors" else (*loc, str(field))
            problems.extend(validation_errors(sub, where))
    elif isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            for item in detail:
                code = getattr(item, "code", "invalid")
                problems.append(
                    {"type": _fastapi_type(code), "loc": list(loc), "msg": str(item), "input": None}
                )
        else:
            for index, sub in enumerate(detail):
                problems.extend(validation_errors(sub, (*loc, str(index))))
    else:
        code = getattr(detail, "code", "invalid")
        problems.append(
            {"type": _fastapi_type(code), "loc": list(loc), "msg": str(detail), "input": None}
        )
    return problems


def _fastapi_type(code: str) -> str:
    return {
        "required": "missing",
        "null": "missing",
        "blank": "missing",
        "invalid": "value_error",
    }.get(code, code)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        response = Response({"detail": "Unauthorized"}, status=status.HTTP_401_UNAUTHORIZED)
        response["WWW-Authenticate"] = "Bearer"
        return response
    if isinstance(exc, exceptions.PermissionDenied):
        return Response({"detail": "Forbidden"}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, (Http404, exceptions.NotFound)):
        return Response({"detail": "Not Found"}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, exceptions.ValidationError):
        return Response(
            {"detail": validation_errors(exc.detail)},
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


def not_found(request, exception=None) -> JsonResponse:
    return JsonResponse({"detail": "Not Found"}, status=404)


def server_error(request) -> JsonResponse:
    return JsonResponse({"detail": "Internal Server Error"}, status=500)
