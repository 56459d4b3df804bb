"""Cleaned parameters as JSON text: the echo of the reference server and the command line."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

__all__ = ["to_json"]


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def to_json(value: Any, indent: int | None = None) -> str:
    """Cleaned parameters as JSON: dates in ISO 8601, tuples as arrays."""
    return json.dumps(value, default=_json_default, indent=indent, ensure_ascii=False)
