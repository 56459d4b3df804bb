"""validate_request: routing of every operation, URL and query decoding, and request bodies."""

from __future__ import annotations

import json
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from _helpers import DEFAULTS, assert_error, request_raises, validate_request
from ua_validate import UAError, ValidationError
from ua_validate.routing import parse_query, split_url

SIMPLE_BODY = {"extension": "210", "phoneCallView": [{"source": "5354353", "destination": "5353535"}]}
FAX_BODY = {"recipients": ["7778888"], "files": [{"name": "fax.txt", "type": "txt", "size": 10}]}
EVENT_BODY = {"type": "0", "method": "0", "url": "http://myevent.com/x"}
PCV = {"phoneCallView": ({"source": "5354353", "destination": "5353535"},)}
SIMPLE_DEFAULTS = {"waitForPickup": 25, "allowPublicTransfer": False, "video": False}
QUEUE = "/extensions/@me/0003*212/queue/agents"
EVENTS = "/extensions/@me/0003*210/phoneCallEvents"
EXT = {"userId": "@me", "extension": "0003*210"}

# (method, path under the prefix, body, operation, cleaned parameters)
ROUTES: list[Any] = [
    pytest.param("GET", "/cdr/@me", None, "cdr.list", {"userId": "@me", **DEFAULTS}, id="cdr"),
    pytest.param("GET", "/cdr", None, "cdr.list", dict(DEFAULTS), id="cdr-no-user"),
    pytest.param("POST", "/phoneCalls/@me/simple", SIMPLE_BODY, "phone_calls.simple",
                 {"userId": "@me", "extension": "210", **PCV, **SIMPLE_DEFAULTS}, id="simple"),
    pytest.param("POST", "/phoneCalls/@me/callback", SIMPLE_BODY, "phone_calls.callback",
                 {"userId": "@me", "extension": "210", **PCV, "waitForPickup": 25}, id="callback"),
    pytest.param("POST", "/phoneCalls/@me/conferenceInvite", SIMPLE_BODY, "phone_calls.conference_invite",
                 {"userId": "@me", "extension": "210", **PCV, "waitForPickup": 25}, id="conference-invite"),
    pytest.param("GET", "/phoneCalls/@me/0003*210", None, "phone_calls.list", {**EXT, **DEFAULTS},
                 id="phone-calls-list"),
    pytest.param("GET", "/phoneCalls/@me/0003*210/b817d2618fe6f1804db1", None, "phone_calls.list",
                 {**EXT, "phoneCallId": "b817d2618fe6f1804db1", **DEFAULTS}, id="phone-calls-list-one"),
    pytest.param("PUT", "/phoneCalls/@me/0003*210/b817d2618fe6f1804db1", {"action": "OnHold"},
                 "phone_calls.update", {**EXT, "phoneCallId": "b817d2618fe6f1804db1", "action": "OnHold"},
                 id="phone-calls-update"),
    pytest.param("DELETE", "/phoneCalls/@me/0003*210", None, "phone_calls.delete", dict(EXT),
                 id="phone-calls-delete-all"),
    pytest.param("DELETE", "/phoneCalls/@me/0003*210/b817d2618fe6f1804db1", None, "phone_calls.delete",
                 {**EXT, "phoneCallId": "b817d2618fe6f1804db1"}, id="phone-calls-delete-one"),
    pytest.param("POST", "/faxes/@me/0003*210", FAX_BODY, "faxes.create",
                 {**EXT, "recipients": ("7778888",), "files": ({"name": "fax.txt", "type": "txt", "size": 10},)},
                 id="fax"),
    pytest.param("GET", QUEUE, None, "queue_agents.list",
                 {"userId": "@me", "extension": "0003*212", **DEFAULTS}, id="queue-agents-list"),
    pytest.param("GET", f"{QUEUE}/0003*210", None, "queue_agents.list",
                 {"userId": "@me", "extension": "0003*212", "agent": "0003*210", **DEFAULTS},
                 id="queue-agents-list-one"),
    pytest.param("PUT", f"{QUEUE}/0003*210", {"status": "1"}, "queue_agents.update",
                 {"userId": "@me", "extension": "0003*212", "agent": "0003*210", "status": 1},
                 id="queue-agents-update"),
    pytest.param("POST", EVENTS, EVENT_BODY, "phone_call_events.create",
                 {**EXT, "type": 0, "method": 0, "url": "http://myevent.com/x"}, id="events-create"),
    pytest.param("POST", f"{EVENTS}/0", EVENT_BODY, "phone_call_events.create",
                 {**EXT, "eventType": 0, "type": 0, "method": 0, "url": "http://myevent.com/x"},
                 id="events-create-typed"),
    pytest.param("GET", EVENTS, None, "phone_call_events.list", {**EXT, **DEFAULTS}, id="events-list"),
    pytest.param("GET", f"{EVENTS}/1", None, "phone_call_events.list", {**EXT, "eventType": 1, **DEFAULTS},
                 id="events-list-type"),
    pytest.param("GET", f"{EVENTS}/1/abc", None, "phone_call_events.list",
                 {**EXT, "eventType": 1, "eventId": "abc", **DEFAULTS}, id="events-list-one"),
    pytest.param("PUT", f"{EVENTS}/1/abc", {"status": 0}, "phone_call_events.update",
                 {**EXT, "eventType": 1, "eventId": "abc", "status": 0}, id="events-update"),
    pytest.param("DELETE", EVENTS, None, "phone_call_events.delete", dict(EXT), id="events-delete-all"),
    pytest.param("DELETE", f"{EVENTS}/1", None, "phone_call_events.delete", {**EXT, "eventType": 1},
                 id="events-delete-type"),
    pytest.param("GET", "/extensions/@me/@self/presence", None, "presence.list",
                 {"userId": "@me", "extension": "@self", **DEFAULTS}, id="presence-list"),
    pytest.param("DELETE", f"{EVENTS}/1/abc", None, "phone_call_events.delete",
                 {**EXT, "eventType": 1, "eventId": "abc"}, id="events-delete-one"),
]


def test_every_operation_has_a_route_here() -> None:
    from ua_validate.validator import default_validator

    routed = {p.values[3] for p in ROUTES}
    assert routed == {op.id for op in default_validator().spec}
    assert len(routed) == 15


@pytest.mark.parametrize(("method", "path", "body", "op", "expected"), ROUTES)
@pytest.mark.parametrize("form", [
    pytest.param("/uapi{}", id="uapi"),
    pytest.param("/uapi{}/", id="trailing-slash"),
    pytest.param("/unifiedapi{}", id="legacy-prefix"),
    pytest.param("/unifiedapi{}/", id="legacy-prefix-trailing-slash"),
    pytest.param("https://voip.example.com/uapi{}", id="absolute-url"),
    pytest.param("http://10.0.0.1:8080/unifiedapi{}/?", id="absolute-url-empty-query"),
])
def test_route(method: str, path: str, body: Any, op: str, expected: dict[str, Any], form: str) -> None:
    assert validate_request(method, form.format(path), body) == (op, expected)


@pytest.mark.parametrize("method", ["get", "Get", "gEt"])
def test_method_in_any_letter_case(method: str) -> None:
    assert validate_request(method, "/uapi/cdr")[0] == "cdr.list"


def test_cdr_alias_is_reported_by_its_canonical_id() -> None:
    assert validate_request("GET", "/uapi/cdr/@me")[0] == "cdr.list"


def test_literal_segment_beats_a_variable() -> None:
    assert validate_request("POST", "/uapi/phoneCalls/@me/simple", SIMPLE_BODY)[0] == "phone_calls.simple"
    # GET has no literal there: it lists the calls of an "extension" named simple.
    request_raises("GET", "/uapi/phoneCalls/@me/simple", code="extension_invalid", param="extension")


# --- percent-decoded fragments ---------------------------------------------------------------

@pytest.mark.parametrize(("url", "key", "expected"), [
    pytest.param("/uapi/phoneCalls/@me/0003%2A210", "extension", "0003*210", id="star-upper-hex"),
    pytest.param("/uapi/phoneCalls/@me/0003%2a210", "extension", "0003*210", id="star-lower-hex"),
    pytest.param("/uapi/phoneCalls/%40me/210", "userId", "@me", id="at-sign"),
    pytest.param("/uapi/phoneCalls/%40me/%40self", "extension", "@self", id="self"),
    pytest.param("/uapi/cdr/%33%33", "userId", "33", id="encoded-digits"),
    pytest.param(f"/uapi{QUEUE}/%2B40721234567", "agent", "+40721234567", id="encoded-plus"),
    pytest.param(f"/uapi{QUEUE}/+14155552671", "agent", "+14155552671", id="plus-stays-plus-in-a-path"),
    pytest.param(f"/uapi{EVENTS}/0/My%50hone", "eventId", "MyPhone", id="encoded-letter"),
])
def test_fragments_are_percent_decoded(url: str, key: str, expected: str) -> None:
    assert validate_request("GET", url)[1][key] == expected


@pytest.mark.parametrize(("url", "code", "param"), [
    pytest.param("/uapi/phoneCalls/@me/0003%2F210", "extension_invalid", "extension", id="encoded-slash-stays"),
    pytest.param("/uapi/phoneCalls/@me/0003%20210", "extension_invalid", "extension", id="encoded-space"),
    pytest.param("/uapi/phoneCalls/@me/210%00", "extension_invalid", "extension", id="encoded-nul"),
    pytest.param("/uapi/cdr/%FF", "user_invalid", "userId", id="undecodable-byte"),
    pytest.param("/uapi/cdr/%25", "user_invalid", "userId", id="encoded-percent"),
    pytest.param("/uapi/cdr/%40ME", "user_invalid", "userId", id="keyword-case"),
    pytest.param("/uapi/phoneCalls/@me/%EF%BC%92%EF%BC%91%EF%BC%90", "extension_invalid", "extension",
                 id="fullwidth-digits"),
    pytest.param(f"/uapi{EVENTS}/0/abc%5Fdef", "pce_id_invalid", "eventId", id="encoded-underscore"),
    pytest.param("/uapi/faxes//0003*210", "user_invalid", "userId", id="empty-segment"),
    pytest.param("/uapi/cdr//", "user_invalid", "userId", id="two-trailing-slashes"),
])
def test_decoded_fragments_are_then_validated(url: str, code: str, param: str) -> None:
    method = "POST" if "/faxes/" in url else "GET"
    request_raises(method, url, FAX_BODY, code=code, param=param)


def test_query_string_is_not_part_of_a_fragment() -> None:
    assert validate_request("GET", "/uapi/cdr/33?userId=44")[1]["userId"] == "33"


def test_a_url_fragment_is_dropped() -> None:
    assert validate_request("GET", "/uapi/cdr/33?count=5#count=6")[1]["count"] == 5


# --- 501 for no route ----------------------------------------------------------------------------

@pytest.mark.parametrize(("method", "url"), [
    pytest.param("PATCH", "/uapi/cdr", id="patch"),
    pytest.param("HEAD", "/uapi/cdr", id="head"),
    pytest.param("OPTIONS", "/uapi/cdr", id="options"),
    pytest.param("", "/uapi/cdr", id="empty-method"),
    pytest.param("G ET", "/uapi/cdr", id="method-with-space"),
    pytest.param("POST", "/uapi/cdr", id="post-cdr"),
    pytest.param("DELETE", "/uapi/cdr/@me", id="delete-cdr"),
    pytest.param("GET", "/uapi/faxes/@me/210", id="get-faxes"),
    pytest.param("PUT", "/uapi/phoneCalls/@me/simple", id="put-simple"),
    pytest.param("POST", "/uapi/phoneCalls/@me/0003*210", id="post-to-an-extension"),
    pytest.param("POST", "/uapi/phoneCalls/@me/Simple", id="literal-case"),
    pytest.param("POST", "/uapi/phoneCalls/@me/simple/extra", id="extra-segment"),
    pytest.param("POST", "/uapi/phoneCalls/@me", id="creation-without-kind"),
    pytest.param("PUT", "/uapi/phoneCalls/@me/0003*210", id="update-without-call-id"),
    pytest.param("PUT", "/uapi/phoneCalls/@me/0003*210/abc/def", id="update-extra-segment"),
    pytest.param("POST", "/uapi/faxes/@me", id="fax-without-extension"),
    pytest.param("PUT", f"/uapi{QUEUE}", id="queue-update-without-agent"),
    pytest.param("GET", "/uapi/extensions/@me/0003*212/queue", id="queue-without-agents"),
    pytest.param("GET", "/uapi/extensions/@me/0003*212/queue/agent", id="queue-agent-singular"),
    pytest.param("GET", f"/uapi{EVENTS}/0/abc/extra", id="events-extra-segment"),
    pytest.param("POST", "/uapi/extensions/@me/0003*210/presence", id="presence-post"),
    pytest.param("GET", "/uapi/extensions/@me/0003*210/presence/0003*211", id="presence-extra-segment"),
    pytest.param("GET", "/uapi/extensions/@me/presence", id="presence-without-extension"),
    pytest.param("PUT", "/uapi/phoneCall/12/0003*210/444444", id="doc-12-singular-phoneCall"),
    pytest.param("GET", "/uapi/CDR", id="resource-case"),
    pytest.param("GET", "/UAPI/cdr", id="prefix-case"),
    pytest.param("GET", "/api/cdr", id="unknown-prefix"),
    pytest.param("GET", "/uapi/uapi/cdr", id="doubled-prefix"),
    pytest.param("GET", "/uapi//cdr", id="empty-segment-before-resource"),
    pytest.param("GET", "uapi/cdr", id="relative-path"),
    pytest.param("GET", "/uapi", id="prefix-only"),
    pytest.param("GET", "/uapi/", id="prefix-slash"),
    pytest.param("GET", "/", id="root"),
    pytest.param("GET", "", id="empty-url"),
    pytest.param("GET", "/uapi/unknown/@me", id="unknown-resource"),
    pytest.param("GET", "http://[::1/uapi/cdr", id="malformed-url"),
])
def test_no_route_is_not_implemented(method: str, url: str) -> None:
    err = request_raises(method, url, SIMPLE_BODY, code="not_implemented")
    assert err.status == 501


@pytest.mark.parametrize(("method", "url"), [
    (None, "/uapi/cdr"), ("GET", None), (b"GET", "/uapi/cdr"), ("GET", b"/uapi/cdr"), (1, 2),
])
def test_non_text_method_or_url_is_not_implemented(method: Any, url: Any) -> None:
    with pytest.raises(UAError) as info:
        validate_request(method, url)
    assert_error(info.value, "not_implemented")


# --- query strings: form decoding and repeated keys -------------------------------------------

@pytest.mark.parametrize(("query", "expected"), [
    pytest.param("filterValue=John+Doe", "John Doe", id="plus-is-a-space"),
    pytest.param("filterValue=John%20Doe", "John Doe", id="percent-20"),
    pytest.param("filterValue=a%2Bb", "a+b", id="percent-2B-is-plus"),
    pytest.param("filterValue=%2B%2B", "++", id="two-pluses"),
    pytest.param("filterValue=caf%C3%A9", "café", id="utf-8"),
    pytest.param("filter%56alue=x", "x", id="encoded-key"),
])
def test_query_values_are_form_decoded(query: str, expected: str) -> None:
    url = f"/uapi{EVENTS}?filterBy=note&filterOp=contains&{query}"
    assert validate_request("GET", url)[1]["filterValue"] == expected


def test_semicolon_is_not_a_query_separator() -> None:
    request_raises("GET", "/uapi/cdr?count=5;startIndex=2", code="count_invalid", param="count")


# parse_query is written out for speed; parse_qsl as routing called it before is the reference.


def reference_query(query: str) -> dict[str, str | list[str]]:
    params: dict[str, Any] = {}
    for key, value in parse_qsl(query, keep_blank_values=True, errors="replace"):
        if key not in params:
            params[key] = value
        elif isinstance(params[key], list):
            params[key].append(value)
        else:
            params[key] = [params[key], value]
    return params


# Characters that steer the parser, characters past ASCII (a lone surrogate too), and escapes
# whole, cut short, malformed, of multi-byte characters and of bytes that are no UTF-8.
_STEERING = st.sampled_from([*"%+&=;#?aF09gG ~/", "é", "€", "\x00", "\x7f", "\x80", "\ud800", "😀"])
_ESCAPES = st.builds("%{}".format, st.text("0123456789abcdefABCDEFgG+%", max_size=2)) | st.sampled_from(
    ["%C3%A9", "%E2%82%AC", "%E2%82", "%F0%9F%98%80", "%FF", "%2B", "%2b", "%26", "%3D", "%ED%A0%80", "%C3é%A9"])
query_strings = st.one_of(
    st.lists(_STEERING | _ESCAPES | st.characters(exclude_categories=()), max_size=40).map("".join),
    st.text(),
    st.binary().map(lambda raw: raw.decode("latin-1")),
    st.binary().map(lambda raw: raw.decode("utf-8", "surrogateescape")),
)


# A floor, so that the comparison always explores widely; a heavier profile raises it.
EXAMPLES = max(300, settings().max_examples)


@settings(max_examples=EXAMPLES)
@given(query_strings)
@example("a=1&&b=&c&=d&a=2&a=3;x=y")
@example("k%C3=%C3%A9%E2%82é%A9+%2B%zz%2")
def test_parse_query_gives_exactly_what_parse_qsl_gives(query: str) -> None:
    got = parse_query(query)
    expected = reference_query(query)
    assert got == expected
    assert list(got) == list(expected)  # the same keys, in the same order
    assert all(type(key) is str for key in got)


# split_url keeps every character (urlsplit drops TAB, CR, LF, and controls or spaces in front);
# for any other URL it splits exactly as urlsplit.
url_texts = st.one_of(
    st.tuples(st.sampled_from(["/", "//", "http://", "HTTPS://h:1", "x:", "", "uapi/", "http://[::1", "/uapi/cdr/"]),
              st.lists(_STEERING | _ESCAPES | st.sampled_from([":", "@", "[", "]"]), max_size=20).map("".join)
              ).map("".join),
    st.text(),
)


@settings(max_examples=EXAMPLES)
@given(url_texts)
def test_split_url_splits_as_urlsplit(url: str) -> None:
    if url[:1] <= " " or any(c in url for c in "\t\r\n"):
        url = "/" + url.lstrip("".join(map(chr, range(33)))).translate({9: None, 10: None, 13: None})
    try:
        parts = urlsplit(url)
    except ValueError:
        assert split_url(url) is None
    else:
        assert split_url(url) == (parts.path, parts.query)


@given(st.text(), st.text())
def test_split_url_drops_no_character_of_a_path(path: str, query: str) -> None:
    path, query = "/" + path.replace("#", "").replace("?", "").lstrip("/"), query.replace("#", "")
    assert split_url(f"{path}?{query}#fragment") == (path, query)


@pytest.mark.parametrize(("url", "code", "param"), [
    pytest.param("/uapi/cdr/@m\ne", "user_invalid", "userId", id="lf-in-a-path-value"),
    pytest.param("/uapi/cdr/@me\t", "user_invalid", "userId", id="tab-after-a-path-value"),
    pytest.param("/uapi/cdr/\r@me", "user_invalid", "userId", id="cr-before-a-path-value"),
    pytest.param("http://host/uapi/cdr/@m\ne", "user_invalid", "userId", id="lf-in-an-absolute-url"),
    pytest.param("http://ho\tst/uapi/cdr/@m\te?count=1", "user_invalid", "userId", id="tab-in-host-and-path"),
    pytest.param("/uapi/cdr/@me?count=1\n0", "count_invalid", "count", id="lf-in-a-query-value"),
    pytest.param("/uapi/cdr/@me?count=10\r", "count_invalid", "count", id="cr-after-a-query-value"),
    pytest.param("http://host/uapi/cdr/@me?count=1\n0", "count_invalid", "count", id="lf-in-an-absolute-query"),
])
def test_tab_cr_lf_stay_in_the_value_they_are_in(url: str, code: str, param: str) -> None:
    request_raises("GET", url, code=code, param=param)


def test_tab_cr_lf_in_a_key_make_it_another_key() -> None:
    assert validate_request("GET", "/uapi/cdr/@me?cou\tnt=x")[1]["count"] == DEFAULTS["count"]


@pytest.mark.parametrize("url", [
    "/uapi/cd\nr/@me", "/ua\tpi/cdr/@me", " /uapi/cdr/@me", "\x00/uapi/cdr/@me", "\t/uapi/cdr/@me",
    "\n/uapi/cdr", "ht\ttp://host/uapi/cdr/@me", " http://host/uapi/cdr/@me",
])
def test_tab_cr_lf_or_leading_controls_in_the_route_make_no_route(url: str) -> None:
    request_raises("GET", url, code="not_implemented")


@pytest.mark.parametrize(("method", "url", "body", "code", "variant", "param"), [
    pytest.param("GET", "/uapi/cdr?count=1&count=2", None, "count_invalid", None, "count", id="cdr-count"),
    pytest.param("GET", "/uapi/cdr?flow=2&flow=2", None, "cdr_flow_invalid", None, "flow", id="cdr-flow-same-twice"),
    pytest.param("GET", "/uapi/cdr?source=210&source=211", None, "cdr_source_invalid", None, "source",
                 id="cdr-source"),
    pytest.param("GET", "/uapi/cdr?filterBy=answered&filterValue=2024-01-01T00:00:00&filterValue=x", None,
                 "cdr_invalid_filter_by_answered", None, "filterValue", id="cdr-filter-value"),
    pytest.param("POST", "/uapi/phoneCalls/@me/simple?video=1&video=0", SIMPLE_BODY, "pc_video_invalid", None,
                 "video", id="simple-video"),
    pytest.param("POST", "/uapi/phoneCalls/@me/conferenceInvite?number=1&number=2", SIMPLE_BODY,
                 "pc_number_invalid", None, "number", id="conference-number"),
    pytest.param("DELETE", "/uapi/phoneCalls/@me/210?phoneNumber=8887777&phoneNumber=8887777", None,
                 "pc_private_invalid", "phone_number", "phoneNumber", id="delete-phone-number"),
    pytest.param("GET", f"/uapi{QUEUE}?fields=status&fields=queue", None, "fields_invalid", None, "fields",
                 id="queue-fields"),
    # a repeated key is not a number: on a numeric filter field, the numbers variant (issue 8)
    pytest.param("GET", f"/uapi{EVENTS}?filterBy=type&filterValue=1&filterValue=2", None, "filtervalue_invalid",
                 "numbers", "filterValue", id="events-filter-value"),
    pytest.param("GET", f"/uapi{EVENTS}?filterBy=id&filterValue=a&filterValue=b", None, "filtervalue_invalid",
                 "generic", "filterValue", id="events-text-filter-value"),
])
def test_repeated_key_is_invalid_with_that_parameters_code(method: str, url: str, body: Any, code: str,
                                                           variant: str | None, param: str) -> None:
    request_raises(method, url, body, code=code, variant=variant, param=param)


def test_repeated_unknown_key_is_ignored() -> None:
    assert validate_request("GET", "/uapi/cdr?sortBy=a&sortBy=b") == ("cdr.list", dict(DEFAULTS))


# --- request bodies -------------------------------------------------------------------------------

SIMPLE_URL = "/uapi/phoneCalls/@me/simple"
SIMPLE_CLEANED = ("phone_calls.simple", {"userId": "@me", "extension": "210", **PCV, **SIMPLE_DEFAULTS})


@pytest.mark.parametrize("body", [
    pytest.param(SIMPLE_BODY, id="dict"),
    pytest.param(MappingProxyType(SIMPLE_BODY), id="read-only-mapping"),
    pytest.param(json.dumps(SIMPLE_BODY), id="str"),
    pytest.param(json.dumps(SIMPLE_BODY).encode(), id="bytes"),
    pytest.param(bytearray(json.dumps(SIMPLE_BODY).encode()), id="bytearray"),
    pytest.param(memoryview(json.dumps(SIMPLE_BODY).encode()), id="memoryview"),
    pytest.param(json.dumps(SIMPLE_BODY, indent=2).encode(), id="pretty-printed"),
    pytest.param(json.dumps(SIMPLE_BODY, ensure_ascii=True).replace('"210"', '"\\u0032\\u0031\\u0030"'),
                 id="unicode-escapes"),
])
def test_body_forms(body: Any) -> None:
    assert validate_request("POST", SIMPLE_URL, body) == SIMPLE_CLEANED


@pytest.mark.parametrize("body", [
    pytest.param(None, id="none"),
    pytest.param(b"", id="empty-bytes"),
    pytest.param("", id="empty-str"),
    pytest.param(b"null", id="json-null"),
    pytest.param(b"true", id="json-true"),
    pytest.param(b"42", id="json-number"),
    pytest.param(b'"210"', id="json-string"),
    pytest.param(json.dumps([SIMPLE_BODY]), id="json-array-of-the-object"),
    pytest.param(b"{", id="truncated"),
    pytest.param(b"{'extension': '210'}", id="single-quotes"),
    pytest.param(b"extension=210", id="form-encoded"),
    pytest.param(b"\xff\xfe{}", id="not-utf-8"),
    pytest.param(b"[" * 100_000 + b"]" * 100_000, id="nested-too-deep"),
    pytest.param(42, id="python-int"),
    pytest.param([SIMPLE_BODY], id="python-list"),
    pytest.param(object(), id="python-object"),
])
def test_a_body_that_is_not_a_json_object_counts_as_empty(body: Any) -> None:
    request_raises("POST", SIMPLE_URL, body, code="extension_invalid", param="extension")


def test_empty_body_reports_the_first_required_body_field_of_each_operation() -> None:
    request_raises("POST", "/uapi/faxes/@me/210", b"[]", code="fx_recipients_invalid", param="recipients")
    request_raises("PUT", f"/uapi{QUEUE}/210", b"[]", code="status_invalid", param="status")
    request_raises("POST", f"/uapi{EVENTS}", b"[]", code="pce_type_invalid", param="type")
    request_raises("PUT", "/uapi/phoneCalls/@me/210/abc", b"[]", code="not_implemented", param="action")


def test_huge_json_integer_fails_with_its_parameters_code() -> None:
    body = b'{"status": ' + b"1" * 5000 + b"}"
    request_raises("PUT", f"/uapi{QUEUE}/210", body, code="status_invalid", param="status")


def test_path_parameters_are_not_read_from_the_body() -> None:
    body = {**SIMPLE_BODY, "userId": "@self"}
    assert validate_request("POST", SIMPLE_URL, body) == SIMPLE_CLEANED


def test_body_fields_are_not_read_from_the_query() -> None:
    body = {"phoneCallView": SIMPLE_BODY["phoneCallView"]}
    request_raises("POST", f"{SIMPLE_URL}?extension=210", body, code="extension_invalid", param="extension")


def test_query_parameters_are_not_read_from_the_body() -> None:
    assert validate_request("GET", "/uapi/cdr", {"count": "0", "userId": "x"}) == ("cdr.list", dict(DEFAULTS))
    _, params = validate_request("POST", SIMPLE_URL, {**SIMPLE_BODY, "video": "x", "callDuration": 5})
    assert "callDuration" not in params and params["video"] is False


def test_all_errors_through_validate_request() -> None:
    with pytest.raises(ValidationError) as info:
        validate_request("GET", "/uapi/cdr/0?count=0&sortOrder=x", all_errors=True)
    assert [(f.code, f.param, f.location) for f in info.value.errors] == [
        ("user_invalid", "userId", "path"),
        ("count_invalid", "count", "query"),
        ("sortorder_invalid", "sortOrder", "query"),
    ]
    assert_error(info.value, "user_invalid", param="userId")


def test_failure_location_names_where_the_value_travelled() -> None:
    with pytest.raises(ValidationError) as info:
        validate_request("POST", f"{SIMPLE_URL}?video=x", {"extension": "@self", "phoneCallView": [{}]},
                         all_errors=True)
    assert [(f.code, f.param, f.location) for f in info.value.errors] == [
        ("extension_invalid", "extension", "body"),
        ("pc_source_invalid", "phoneCallView[0].source", "body"),
        ("pc_destination_invalid", "phoneCallView[0].destination", "body"),
        ("pc_video_invalid", "video", "query"),
    ]


def test_the_public_functions_answer_as_the_validator_under_test() -> None:
    import ua_validate

    url = "/uapi/phoneCalls/@me/simple?video=1"
    assert ua_validate.validate_request("POST", url, SIMPLE_BODY) == validate_request("POST", url, SIMPLE_BODY)
    with pytest.raises(ValidationError) as info:
        ua_validate.validate_request("GET", "/uapi/cdr/0")
    assert_error(info.value, "user_invalid", param="userId")


# Router tries only the operations whose resource segment the path names: the same answers as
# trying every operation of the method in order.

_ROUTER_SEGMENTS = st.sampled_from(["uapi", "unifiedapi", "cdr", "phoneCalls", "extensions", "faxes", "queue",
                                    "agents", "phoneCallEvents", "simple", "callback", "conferenceInvite",
                                    "presence", "@me", "210", "0003*210", "%40me", "", "x"])


@settings(max_examples=EXAMPLES)
@given(st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]), st.lists(_ROUTER_SEGMENTS, max_size=8),
       st.booleans())
def test_router_answers_as_trying_every_operation_in_order(method: str, segments: list[str], slash: bool) -> None:
    from ua_validate.routing import _match
    from ua_validate.validator import default_validator

    router = default_validator().router
    path = "/" + "/".join(segments) + ("/" if slash else "")
    expected = None
    parts = path.split("/")[1:]
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if parts[0] in ("uapi", "unifiedapi"):
        for op in router._routes.get(method, ()):
            found = _match(op, parts)
            if found is not None:
                expected = (op, found)
                break
    assert router.match(method, path) == expected


# validate_request reads the path's and the query's keys by the operation's names (no gather
# over every name): the same answer as routing, parse_query, gather and validate one by one.

_QUERY_KEYS = st.sampled_from(["count", "startIndex", "sortOrder", "userId", "extension", "fields", "filterBy",
                               "filterValue", "note", "x", "count%20", "sort+Order", "%63ount"])
_QUERY_VALUES = st.sampled_from(["", "1", "100", "asc", "@me", "210", "a+b", "%41", "%zz", "descending"])


def _answer(call: Any) -> Any:
    try:
        return ("ok", call())
    except ValidationError as err:
        return ("invalid", err.errors)
    except UAError as err:
        return ("error", err.code)


@settings(max_examples=EXAMPLES)
@given(st.sampled_from(["GET", "POST", "PUT", "DELETE"]),
       st.sampled_from(["/uapi/cdr", "/uapi/cdr/@me", "/uapi/phoneCalls/@me/210", "/uapi/phoneCalls/@me/simple",
                        "/uapi/extensions/@me/0003*210/presence", "/uapi/extensions/@me/210/queue/agents/+40",
                        "/uapi/extensions/@me/210/phoneCallEvents/1/x", "/unifiedapi/cdr/12%33"]),
       st.lists(st.tuples(_QUERY_KEYS, _QUERY_VALUES), max_size=6),
       st.sampled_from([None, b'{"userId": "@me", "extension": "210", "action": "Hangup", "count": "5"}',
                        {"note": "n", "nonce": "ab", "phoneCallView": []}, "[]"]))
def test_validate_request_answers_as_its_steps_one_by_one(method: str, path: str, pairs: list[tuple[str, str]],
                                                          body: Any) -> None:
    from ua_validate.routing import decode_body
    from ua_validate.validator import default_validator

    validator = default_validator()
    query = "&".join(f"{key}={value}" for key, value in pairs)
    url = f"{path}?{query}" if query else path

    def by_steps() -> Any:
        found = validator.router.match(method, path)
        if found is None:
            raise UAError("not_implemented")
        op, variables = found
        params = validator.gather(op, variables, parse_query(query), decode_body(body))
        return op.id, validator.validate(op.id, params)

    assert _answer(lambda: validator.validate_request(method, url, body)) == _answer(by_steps)


# The router remembers the paths it matched: the same answers, each a dict of the caller's own,
# and a memory that never grows past its bound.


def test_a_remembered_path_gives_a_new_dict_each_time() -> None:
    from ua_validate.validator import Validator

    router = Validator().router
    first = router.match("GET", "/uapi/phoneCalls/@me/0003*210")
    assert first is not None
    first[1]["phoneCallId"] = "changed by the caller"
    first[1]["userId"] = "changed by the caller"
    second = router.match("GET", "/uapi/phoneCalls/@me/0003*210")
    assert second is not None
    assert second[0].id == "phone_calls.list"
    assert second[1] == {"userId": "@me", "extension": "0003*210"}
    assert second[1] is not first[1]


def test_validate_request_on_one_path_keeps_each_query_its_own() -> None:
    from ua_validate.validator import Validator

    validator = Validator()
    _, first = validator.validate_request("GET", "/uapi/cdr/@me?count=7&sortOrder=desc")
    _, second = validator.validate_request("GET", "/uapi/cdr/@me")
    assert first == {"userId": "@me", **DEFAULTS, "count": 7, "sortOrder": "desc"}
    assert second == {"userId": "@me", **DEFAULTS}
    with pytest.raises(ValidationError) as info:
        validator.validate_request("GET", "/uapi/cdr/@me?count=8&count=9")
    assert_error(info.value, "count_invalid", param="count")
    assert validator.validate_request("GET", "/uapi/cdr/@me")[1] == second


def test_the_router_memory_is_bounded() -> None:
    from ua_validate.routing import _SEEN_LONGEST, _SEEN_MAX
    from ua_validate.validator import Validator

    router = Validator().router
    assert _SEEN_MAX == 1024 and _SEEN_LONGEST == 256
    for number in range(3 * _SEEN_MAX + 5):  # distinct paths, matched or not
        path = f"/uapi/cdr/{number}" if number % 2 else f"/uapi/nothing/{number}"
        expected = ({"userId": str(number)} if number % 2 else None)
        found = router.match("GET", path)
        assert (found[1] if found is not None else None) == expected
        assert 1 <= len(router._seen["GET"]) <= _SEEN_MAX
    long_path = "/uapi/cdr/" + "9" * (_SEEN_LONGEST - len("/uapi/cdr/") + 1)
    found = router.match("GET", long_path)
    assert found is not None and found[1] == {"userId": long_path[len("/uapi/cdr/"):]}
    assert long_path not in router._seen["GET"]
    kept = "/uapi/cdr/" + "9" * (_SEEN_LONGEST - len("/uapi/cdr/"))
    router.match("GET", kept)
    assert kept in router._seen["GET"]
    assert router.match("BREW", "/uapi/cdr") is None and "BREW" not in router._seen


@settings(max_examples=EXAMPLES)
@given(query_strings | st.lists(st.sampled_from(["count", "sortOrder", "x", "", "=", "&", "1", "%41", "+"]),
                                max_size=12).map("".join),
       st.frozensets(st.sampled_from(["count", "sortOrder", "x", "A", " ", "count "])))
@example("count=1&&count=2&x&=3", frozenset({"count", "x"}))
def test_query_into_keeps_exactly_the_named_keys_of_parse_query(query: str, keep: frozenset[str]) -> None:
    from ua_validate.routing import query_into

    expected = {key: value for key, value in reference_query(query).items() if key in keep}
    got = query_into(query, {}, keep)
    assert got == expected
    assert list(got) == list(expected)
    before = {"userId": "@me"}
    assert query_into(query, dict(before), keep) == {**before, **expected}


@settings(max_examples=EXAMPLES)
@given(st.one_of(st.sampled_from(["get", "Get", "gEt", "GET", "ǧet", "GE\u017fT", "get\u0345", "DELETE", "deleTe",
                                  "post", "PUT", "put", "pUt"]),
                 st.text(max_size=8)))
def test_validate_request_reads_the_method_in_any_case(method: str) -> None:
    from ua_validate.validator import Validator

    validator = Validator()
    # SPEC §2: PUT takes a phone call's id; GET and DELETE may leave it out
    call, one_call = "/uapi/phoneCalls/@me/0003*210", "/uapi/phoneCalls/@me/0003*210/5"
    routes = {("GET", "/uapi/cdr/@me"): "cdr.list", ("GET", call): "phone_calls.list",
              ("GET", one_call): "phone_calls.list", ("PUT", one_call): "phone_calls.update",
              ("DELETE", call): "phone_calls.delete", ("DELETE", one_call): "phone_calls.delete"}
    for path in ("/uapi/cdr/@me", call, one_call):
        expected = routes.get((method.upper(), path))
        try:
            operation, _ = validator.validate_request(method, path)
        except ValidationError:  # the one operation here that no request without a body passes
            operation = "phone_calls.update"
        except UAError as err:
            assert err.code == "not_implemented"
            operation = None
        assert operation == expected


def test_validate_request_remembers_only_under_the_methods_of_the_spec() -> None:
    from ua_validate.routing import _SEEN_MAX
    from ua_validate.validator import Validator

    validator = Validator()
    for method in ("get", "Get", "gEt", "GET", "GE\u017fT", "BREW"):
        try:
            validator.validate_request(method, "/uapi/cdr/@me?count=5")
        except UAError:
            pass
    assert set(validator._requests) == {"GET"}
    for number in range(1, 2 * _SEEN_MAX + 3):
        assert validator.validate_request("GET", f"/uapi/cdr/{number}")[1]["userId"] == str(number)
    assert 1 <= len(validator._requests["GET"]) <= _SEEN_MAX
    # a path seen before answers with its own parameters, and each query its own
    assert validator.validate_request("GET", "/uapi/cdr/7?count=9")[1]["count"] == 9
    assert validator.validate_request("GET", "/uapi/cdr/7")[1] == {"userId": "7", **DEFAULTS}
