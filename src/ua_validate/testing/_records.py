"""The harness's records: an ErrorCase (one way a request fails) and a RawRequest."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from .. import catalog
from ..spec import Param, Rule


@dataclass(frozen=True, slots=True)
class ErrorCase:
    """One way a request to ``operation`` fails with catalog entry (``code``, ``variant``).

    ``kind`` says how: ``invalid`` (a value the type refuses), ``missing`` (a required
    parameter left out), ``required_unless`` (it and the parameter that would excuse it left
    out), ``alias_conflict`` (given under its name and an alias), ``too_many`` (more items than
    the Validator's setting allows), ``rule`` (a rule across two parameters broken), and for
    filterValue ``filter_empty``, ``filter_list`` (a malformed inArray list), ``filter_item``
    (an inArray item of the wrong type), ``filter_part`` (not a part of a number) and
    ``filter_value`` (a value of the wrong type). ``param`` labels the parameter the error
    names, ``files[].name`` for a field of each object of a list. ``action`` is the
    phone-call action the case belongs to; ``filter_by``/``filter_op`` the filter field and
    operator of a filterValue case.
    """

    operation: str
    code: str
    variant: str | None
    param: str
    kind: str
    action: str | None = None
    filter_by: str | None = None
    filter_op: str | None = None
    # The check broken, and the list of objects it belongs to (None at the top level).
    check: Param | Rule = field(repr=False, compare=False, default=None)  # type: ignore[assignment]
    within: Param | None = field(repr=False, compare=False, default=None)

    @property
    def entry(self) -> catalog.Entry:
        """The catalog entry the case produces."""
        return catalog.entry(self.code, self.variant)

    @property
    def params(self) -> tuple[str, ...]:
        """Every parameter the case involves: both parameters of a rule, else ``param``."""
        if isinstance(self.check, Rule):
            prefix = f"{self.within.name}[]." if self.within is not None else ""
            return tuple(prefix + name for name in self.check.params)
        return (self.param,)


@dataclass(frozen=True, slots=True)
class RawRequest:
    """A request as it travels: method, percent-encoded path, query pairs and JSON body.

    ``url`` is the path with its query string; ``body`` is the JSON body as a Python object
    (None when the operation takes none) and ``content`` the same as UTF-8 JSON bytes. Use
    them with ``validate_request(raw.method, raw.url, raw.body)``, or with an HTTP client:
    ``client.open(raw.url, method=raw.method, json=raw.body)``.
    """

    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    body: Any = None

    @property
    def query_string(self) -> str:
        # RFC 3986 lets a query hold these as they are: URLs stay readable.
        return urlencode(self.query, safe=":@*,/", quote_via=quote)

    @property
    def url(self) -> str:
        query = self.query_string
        return f"{self.path}?{query}" if query else self.path

    @property
    def content(self) -> bytes | None:
        if self.body is None:
            return None
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")

    def __str__(self) -> str:
        content = self.content
        return f"{self.method} {self.url}" + (f" {content.decode('utf-8')}" if content else "")
