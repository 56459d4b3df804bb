"""Multi-valued mappings (SPEC §8): ``validate(op, request.GET)`` reads them as a query string is read.

Django's ``QueryDict``, Werkzeug's ``MultiDict`` and ``multidict.MultiDict``, the real classes:
a key with one value reads as that value, a key with several as a repeated (invalid) parameter,
never silently the first or the last one. Every test runs on both backends.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import multidict
import pytest
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.datastructures import MultiDict as WerkzeugMultiDict

from _helpers import DEFAULTS, raises
from ua_validate import UAError, Validator
from ua_validate.routing import parse_query

BACKENDS = {name: Validator(backend=name) for name in ("compiled", "marshmallow")}
Pairs = list[tuple[str, Any]]


@pytest.fixture(scope="module", autouse=True)
def _django_settings() -> None:
    # Settings are process-wide: the Django adapter tests configure them when they are collected;
    # run alone, this module needs some (a QueryDict reads DATA_UPLOAD_MAX_NUMBER_FIELDS).
    from django.conf import settings

    if not settings.configured:
        settings.configure(DEFAULT_CHARSET="utf-8")


def _query_dict(pairs: Pairs) -> Mapping[str, Any]:
    from django.http import QueryDict

    built = QueryDict(mutable=True)
    for key, value in pairs:
        built.appendlist(key, value)
    return built


def _django_from_query(pairs: Pairs) -> Mapping[str, Any]:
    from urllib.parse import urlencode

    from django.http import QueryDict

    return QueryDict(urlencode(pairs))  # immutable, as request.GET is


MAKERS: dict[str, Callable[[Pairs], Mapping[str, Any]]] = {
    "django-querydict": _query_dict,
    "django-request-get": _django_from_query,
    "werkzeug-multidict": WerkzeugMultiDict,
    "werkzeug-immutable": ImmutableMultiDict,  # request.args
    "multidict": multidict.MultiDict,
    "multidict-proxy": lambda pairs: multidict.MultiDictProxy(multidict.MultiDict(pairs)),
    "multidict-ci": multidict.CIMultiDict,
}

each = pytest.mark.parametrize("backend", list(BACKENDS))
kinds = pytest.mark.parametrize("kind", list(MAKERS))


@each
@kinds
def test_one_value_per_key_reads_as_that_value(backend: str, kind: str) -> None:
    # Issue 8: a QueryDict was refused (count_invalid for count=5).
    params = MAKERS[kind]([("count", "5"), ("sortOrder", "desc"), ("startDate", "2024-01-01T00:00:00")])
    cleaned = BACKENDS[backend].validate("cdr", params)
    assert cleaned["count"] == 5 and cleaned["sortOrder"] == "desc"
    assert cleaned == BACKENDS[backend].validate("cdr", {"count": "5", "sortOrder": "desc",
                                                          "startDate": "2024-01-01T00:00:00"})


@each
@kinds
@pytest.mark.parametrize(("pairs", "code", "param"), [
    pytest.param([("count", "5"), ("count", "6")], "count_invalid", "count", id="two-valid-counts"),
    pytest.param([("count", "5"), ("count", "5")], "count_invalid", "count", id="the-same-count-twice"),
    pytest.param([("count", "x"), ("count", "5")], "count_invalid", "count", id="bad-then-good"),
    pytest.param([("count", "5"), ("count", "x")], "count_invalid", "count", id="good-then-bad"),
    pytest.param([("sortOrder", "asc"), ("startIndex", "1"), ("sortOrder", "desc")], "sortorder_invalid",
                 "sortOrder", id="apart"),
    pytest.param([("userId", "@me"), ("userId", "@me")], "user_invalid", "userId", id="path-fragment"),
])
def test_several_values_are_a_repeated_parameter(backend: str, kind: str, pairs: Pairs, code: str,
                                                 param: str) -> None:
    # Never silently the first or the last value: what HTTP gives for count=5&count=6.
    raises("cdr", MAKERS[kind](pairs), code, param=param, validator=BACKENDS[backend])


@each
@kinds
def test_the_same_answer_as_the_same_query_over_http(backend: str, kind: str) -> None:
    query = "filterBy=status&filterValue=1&filterValue=2&count=7&fields=agentNumber,status"
    pairs = [tuple(pair.split("=")) for pair in query.split("&")]
    path = {"userId": "@me", "extension": "0003*212"}
    validator = BACKENDS[backend]
    with pytest.raises(UAError) as over_http:
        validator.validate_request("GET", f"/uapi/extensions/@me/0003*212/queue/agents?{query}")
    with pytest.raises(UAError) as from_mapping:
        validator.validate("queue_agents.list", MAKERS[kind]([*path.items(), *pairs]))
    assert (from_mapping.value.code, from_mapping.value.variant) == ("filtervalue_invalid", "numbers")
    assert from_mapping.value.body == over_http.value.body
    with pytest.raises(UAError) as from_parsed:
        validator.validate("queue_agents.list", {**path, **parse_query(query)})
    assert from_parsed.value.body == over_http.value.body


@each
def test_presence_from_request_get(backend: str) -> None:
    from django.http import QueryDict

    # A view's route variables and its request.GET, gathered in one QueryDict.
    params = QueryDict("filterBy=extension&filterOp=startsWith&filterValue=0003*&count=100", mutable=True)
    params.update({"userId": "@me", "extension": "@self"})
    assert BACKENDS[backend].validate("presence.list", params) == {
        "userId": "@me", "extension": "@self", "count": 100, "filterBy": "extension", "filterOp": "startsWith",
        "filterValue": "0003*", "startIndex": 0}


@each
def test_a_key_without_values_is_absent(backend: str) -> None:
    from django.http import QueryDict

    params = QueryDict(mutable=True)
    params.setlist("count", [])
    params["sortOrder"] = "asc"
    assert BACKENDS[backend].validate("cdr", params) == {**DEFAULTS, "sortOrder": "asc"}


@each
def test_a_body_mapping_with_getlist(backend: str) -> None:
    # validate_request takes a decoded body as a mapping; a multi-valued one is read the same way.
    validator = BACKENDS[backend]
    body = WerkzeugMultiDict([("status", "1")])
    url = "/uapi/extensions/@me/0003*212/queue/agents/0003*210"
    assert validator.validate_request("PUT", url, body) == (
        "queue_agents.update", {"userId": "@me", "extension": "0003*212", "agent": "0003*210", "status": 1})
    with pytest.raises(UAError) as info:
        validator.validate_request("PUT", url, WerkzeugMultiDict([("status", "1"), ("status", "2")]))
    assert info.value.code == "status_invalid"
    assert validator.validate("queue_agents.update", multidict.MultiDict(
        [("userId", "@me"), ("extension", "0003*212"), ("agent", "+40721234567"), ("number", "+40721234568")]
    ))["number"] == "+40721234568"


@each
def test_a_mapping_without_getlist_is_read_as_it_is(backend: str) -> None:
    from types import MappingProxyType

    assert BACKENDS[backend].validate("cdr", MappingProxyType({"count": "5"}))["count"] == 5
    raises("cdr", MappingProxyType({"count": ["5", "6"]}), "count_invalid", param="count",
           validator=BACKENDS[backend])


@each
def test_a_plain_dict_is_not_copied_or_changed(backend: str) -> None:
    params = {"count": ["5", "6"], "sortOrder": "asc"}
    raises("cdr", params, "count_invalid", param="count", validator=BACKENDS[backend])
    assert params == {"count": ["5", "6"], "sortOrder": "asc"}
