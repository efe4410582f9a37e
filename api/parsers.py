"""Request parsers of the API: DRF's, with the failures DRF lets through turned into 400 ``parse_error``."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; a body nested deeper than Python's recursion limit (``[[[[…]]]]``, a few
    kilobytes suffice) raises ``RecursionError``, which DRF does not catch (a 500): here it is a
    ``ParseError`` (400 ``parse_error``) like any other unreadable body."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON nested too deeply.") from error
