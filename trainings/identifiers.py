"""The URLs' <int:...> identifiers: only those a table's INTEGER key can hold, so that an
address with a huge number is a 404 rather than a database overflow (a 500)."""
from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

# Every primary key is an INTEGER: 32 bits signed on PostgreSQL (SQLite's go to 2^63 - 1).
LARGEST_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """Werkzeug's `int`, from 0 to LARGEST_ID unless a rule says otherwise: a number beyond
    matches no rule (404), and the OpenAPI document gives the bound as the maximum."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = LARGEST_ID, signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app: Flask) -> None:
    """Before the blueprints: a rule takes its converter when it is added."""
    app.url_map.converters["int"] = IdConverter
