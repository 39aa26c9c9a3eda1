"""Request body parsers that turn every malformed body into a 422, never a 500.

DRF's JSON parser catches ``ValueError`` only: a body nested 100,000 levels
deep raises ``RecursionError`` out of ``json`` and became a 500.
"""

from __future__ import annotations

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context=None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body nests too deeply") from None
