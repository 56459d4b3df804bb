"""Hypothesis strategies for requests that validate, and for requests that fail with one documented error.

Everything here is derived from the loaded Spec and the Validator's settings: the strategies walk
each operation's checks in check order, and the engine's own checkers (``rules.checker_for``,
``rules.rule_holds``, ``rules.filter_value``) judge every generated value. Nothing restates a
rule: a generator proposes values shaped like the documented type, the engine decides.

    from hypothesis import given
    from ua_validate import ValidationError, validate
    from ua_validate.testing import invalid_requests

    @given(invalid_requests("cdr.list", "count_invalid"))
    def test_count(params):
        with pytest.raises(ValidationError) as info:
            validate("cdr.list", params)
        assert info.value.code == "count_invalid"

An *error case* is one way a request to one operation can fail: a parameter with a value its
type refuses, a required parameter left out, a rule across two parameters broken, a bad
filterValue for one filter field and operator... ``invalid_requests`` generates requests that
break exactly one of them, with every check before it (and after it) passing.

The package holds one module per concern: ``_records`` (ErrorCase, RawRequest), ``_values``
(value strategies per Validator, from the registry of value types), ``cases_of`` (error cases),
``_requests`` (request assembly), ``_raw`` (requests as they travel) and ``_responses``
(response assertions). Import the names from ``ua_validate.testing``.
"""


from __future__ import annotations

try:
    import hypothesis  # noqa: F401
except ImportError as exc:  # pragma: no cover - the [testing] extra is missing
    raise ImportError(
        "ua_validate.testing needs hypothesis: pip install 'ua-validate[testing]'"
    ) from exc

from ._cases import error_cases, error_codes
from ._raw import RequestStrategies, invalid_raw_requests, raw_request, valid_raw_requests
from ._records import ErrorCase, RawRequest
from ._requests import invalid_requests, requests_for, valid_requests
from ._responses import assert_ua_error

__all__ = [
    "ErrorCase",
    "RawRequest",
    "RequestStrategies",
    "assert_ua_error",
    "error_cases",
    "error_codes",
    "invalid_raw_requests",
    "invalid_requests",
    "raw_request",
    "requests_for",
    "valid_raw_requests",
    "valid_requests",
]
