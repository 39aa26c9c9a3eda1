"""OpenAPI tweaks: document each route under the path old clients call.

Every route answers with and without its trailing slash (``re_path`` with
``/?$``); drf-spectacular would list all of them with a slash. The old
FastAPI app published ``/agents/`` and ``/history/`` with one and every
other path without, so the schema shows them that way.
"""

from __future__ import annotations

from typing import Any

SLASHED_PATHS = {"/agents/", "/history/"}


def canonical_paths(endpoints: list[tuple[Any, ...]], **kwargs: Any) -> list[tuple[Any, ...]]:
    """drf-spectacular preprocessing hook: strip the trailing slash where the old API had none."""
    result = []
    for path, path_regex, method, callback in endpoints:
        if path.endswith("/") and path != "/" and path not in SLASHED_PATHS:
            path = path.rstrip("/")
        result.append((path, path_regex, method, callback))
    return result


# --- postprocessing: every answer a route can give is described -------------

FORM_MEDIA_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
ERROR_REF = {"$ref": "#/components/schemas/Error"}
VALIDATION_ERROR_REF = {"$ref": "#/components/schemas/ValidationError"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def document_every_answer(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the answers no view lists itself.

    - 503 ``{"detail": "Service Unavailable"}`` on every route (the database or
      Redis cannot be reached; ``project.middleware``).
    - 401 ``{"detail": "Unauthorized"}`` on every route that needs a token.
    - A request body is ``required`` when its schema has required fields (an
      empty body is a 422 there, not an accepted request).
    - Form bodies (urlencoded, multipart) get a copy of their JSON schema without
      ``nullable``: a form has no null, a field is left out instead.
    """
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(
        "Error",
        {
            "type": "object",
            "properties": {"detail": {"type": "string"}},
            "required": ["detail"],
        },
    )
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if _needs_token(operation, result) and "401" not in responses:
                responses["401"] = {
                    "description": 'Missing, bad or revoked token: `{"detail": "Unauthorized"}`.',
                    "content": _json(ERROR_REF),
                }
            responses.setdefault(
                "503",
                {
                    "description": (
                        "The database or Redis cannot be reached: "
                        '`{"detail": "Service Unavailable"}` with `Retry-After`.'
                    ),
                    "content": _json(ERROR_REF),
                },
            )
            body = operation.get("requestBody")
            if body:
                _describe_body(body, schemas)
    return result


def _needs_token(operation: dict[str, Any], result: dict[str, Any]) -> bool:
    security = operation.get("security", result.get("security", []))
    return bool(security) and all(requirement for requirement in security)


def _resolve(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        return schemas.get(ref.rsplit("/", 1)[1], {})
    return schema


def _describe_body(body: dict[str, Any], schemas: dict[str, Any]) -> None:
    content = body.get("content", {})
    if any(
        _resolve(media.get("schema", {}), schemas).get("required") for media in content.values()
    ):
        body["required"] = True
    for media_type, media in content.items():
        if media_type in FORM_MEDIA_TYPES and "schema" in media:
            media["schema"] = _form_schema(media["schema"], schemas)


def _form_schema(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    resolved = _resolve(schema, schemas)
    properties = resolved.get("properties", {})
    if not any(prop.get("nullable") for prop in properties.values()):
        return schema
    form = dict(resolved)
    form["properties"] = {
        name: {key: value for key, value in prop.items() if key != "nullable"}
        for name, prop in properties.items()
    }
    if "$ref" not in schema:
        return form
    name = schema["$ref"].rsplit("/", 1)[1] + "Form"
    schemas[name] = form
    return {"$ref": f"#/components/schemas/{name}"}
