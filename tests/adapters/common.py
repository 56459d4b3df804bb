"""The adapter contract, written once and run against Flask and Django (webargs' CommonTestCase).

A framework's test module builds the same application in each view style (function,
class-based, async function, async class-based) from ROUTES and VIEW, and hands the tests a
``call`` that sends one request through the framework's own test client. Every assertion
here is on what a client receives: status, Content-Type, the exact bytes of the body.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, NamedTuple

import pytest

from ua_validate import UAError, catalog, validate, validate_request
from ua_validate._web import Verdict
from ua_validate.cli import to_json

STYLES = ("function", "class", "async", "async_class")

# (URI template with SPEC's variable names, {method: operation id}); each framework module
# turns the templates into its own route syntax.
ROUTES: tuple[tuple[str, Mapping[str, str]], ...] = (
    ("/uapi/cdr", {"GET": "cdr.list"}),
    ("/uapi/cdr/{userId}", {"GET": "cdr.list"}),
    ("/uapi/phoneCalls/{userId}/simple", {"POST": "phone_calls.simple"}),
    ("/uapi/phoneCalls/{userId}/{extension}", {"DELETE": "phone_calls.delete"}),
    ("/uapi/phoneCalls/{userId}/{extension}/{phoneCallId}",
     {"PUT": "phone_calls.update", "DELETE": "phone_calls.delete"}),
    ("/uapi/faxes/{userId}/{extension}", {"POST": "faxes.create"}),
    ("/uapi/extensions/{userId}/{extension}/queue/agents/{agent}", {"PUT": "queue_agents.update"}),
    ("/uapi/extensions/{userId}/{extension}/phoneCallEvents", {"POST": "phone_call_events.create"}),
    ("/uapi/extensions/{userId}/{extension}/presence", {"GET": "presence.list"}),
    ("/unifiedapi/cdr/{userId}", {"GET": "cdr.list"}),
)

SECRET = "kaboom-0040721000111"  # an exception text that must never reach the client


def view_result(op_id: str, style: str, params: dict[str, Any]) -> tuple[int, bytes]:
    """What every test view does with the cleaned parameters: (status, JSON body).

    The ``note`` of a phone-call event steers it: ``fail`` raises a documented error the
    way handlers do, ``crash`` raises an unexpected exception.
    """
    if params.get("note") == "fail":
        raise UAError("pce_fail_add")
    if params.get("note") == "crash":
        raise RuntimeError(SECRET)
    if op_id.endswith(".delete"):
        return 204, b""
    types = {name: type(value).__name__ for name, value in params.items()}
    echo = {"operation": op_id, "style": style, "params": params, "types": types}
    return 200, to_json(echo).encode()


def verify_token(token: str) -> bool | Verdict:
    """The test verifier: ``good`` and ``fine`` pass, ``old`` has expired, anything else is denied."""
    if token == "fine":
        return Verdict.VALID
    if token == "old":
        return Verdict.EXPIRED
    return token == "good"


class Answer(NamedTuple):
    status: int
    content_type: str | None
    body: bytes
    headers: Mapping[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


# call(method, path_and_query, body=b"", content_type=..., headers={}) -> Answer; content_type
# None sends no Content-Type header.
Call = Callable[..., Answer]
JSON = "application/json"


def body(value: Any) -> bytes:
    return json.dumps(value).encode()


SIMPLE = {"extension": "210", "phoneCallView": [
    {"source": ["5354353", "5302040"], "destination": ["5353535"], "callerId": "John Doe <4242425>"}]}
UPDATE = {"action": "StartRecording", "format": "wav", "phoneCallViewId": "01"}
EVENT = {"method": 1, "url": "https://example.com/hook", "type": 2}


def expected_params(method: str, path: str, payload: Any = None) -> Any:
    """The cleaned parameters the core gives for the same request, as JSON values."""
    return json.loads(to_json(validate_request(method, path, payload)[1]))


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """The result of ``work``, which must finish within a generous bound (no timing asserted)."""
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"no answer within {seconds} s"
    return result[0]


# Hostile multipart bodies (issue 10 finding 2), as (body, content type): each is answered
# quickly by the framework's own parser; benchmarks/attacks.py times them.
def hostile_bodies() -> dict[str, tuple[bytes, str]]:
    head = b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"; x=\""
    return {
        "semicolons": (head + b";" * 40_000 + b"\"\r\n\r\nx\r\n--b--\r\n", "multipart/form-data; boundary=b"),
        "huge-header": (head + b";" * (1 << 20) + b"\"\r\n\r\nx\r\n--b--\r\n", "multipart/form-data; boundary=b"),
        "empty-parts": (b"--b\r\n\r\n\r\n" * 100_000 + b"--b--\r\n", "multipart/form-data; boundary=b"),
    }


def assert_error(answer: Answer, code: str, variant: str | None = None) -> None:
    entry = catalog.entry(code, variant)
    assert (answer.status, answer.content_type, answer.body) == (entry.status, JSON, entry.body_bytes)


def multipart(parts: list[tuple[str, str | None, str | None, bytes]], boundary: str = "XyZ-b0undary"
              ) -> tuple[bytes, str]:
    """(body, content type) of a multipart/form-data upload of (name, filename, type, content)."""
    chunks = []
    for name, filename, media_type, content in parts:
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        head = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
        if media_type is not None:
            head += f"Content-Type: {media_type}\r\n"
        chunks.append(head.encode() + b"\r\n" + content + b"\r\n")
    return b"".join(chunks) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


FAX_REQUEST = ("request", None, JSON, body({"recipients": ["0040213001000", "210"], "approved": True}))
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 4  # binary content, CR and LF bytes included
FAX = "/uapi/faxes/@me/0003*210"
SMALL_LIMIT = 4096  # the max_multipart_body of the ``call_small`` application


def contract_fixtures(build: Callable[..., Any], caller: Callable[[Any], Call], debug: Callable[[Any], None],
                      styles: tuple[str, ...] = STYLES) -> tuple[Any, ...]:
    """The fixtures AdapterContract needs, for a framework whose app is made by ``build(style,
    **settings)`` and called through ``caller(app)``; ``debug(app)`` puts an app in its debug
    mode. Each (style, token) app is built once; ``app(style, auth)`` returns it, first:
    ``_app, style, call, call_auth, call_small, call_debug = contract_fixtures(...)``."""
    apps: dict[tuple[str, bool], Any] = {}

    def app(style: str, auth: bool) -> Any:
        if (style, auth) not in apps:
            apps[style, auth] = build(style, **({"verify_token": verify_token} if auth else {}))
        return apps[style, auth]

    @pytest.fixture(params=styles, name="style")
    def style_fixture(request: pytest.FixtureRequest) -> str:
        return str(request.param)

    @pytest.fixture(name="call")
    def call_fixture(style: str) -> Call:
        return caller(app(style, auth=False))

    @pytest.fixture(name="call_auth")
    def call_auth_fixture(style: str) -> Call:
        return caller(app(style, auth=True))

    @pytest.fixture(name="call_small")
    def call_small_fixture() -> Call:
        return caller(build("function", max_multipart_body=SMALL_LIMIT))

    @pytest.fixture(name="call_debug")
    def call_debug_fixture(style: str) -> Call:
        debugged = build(style)
        debug(debugged)
        return caller(debugged)

    return app, style_fixture, call_fixture, call_auth_fixture, call_small_fixture, call_debug_fixture

# (method, path, JSON body or None, code, variant): one of each kind of fault.
INVALID: tuple[tuple[str, str, Any, str, str | None], ...] = (
    ("GET", "/uapi/cdr/0", None, "user_invalid", None),
    ("GET", "/uapi/cdr/@me?count=abc", None, "count_invalid", None),
    ("GET", "/uapi/cdr/@me?count=1&count=2", None, "count_invalid", None),
    ("GET", "/uapi/cdr?startDate=2024-13-01T00:00:00", None, "cdr_start_date_invalid", None),
    ("GET", "/uapi/cdr?startDate=2024-02-01T00:00:00&endDate=2024-01-01T00:00:00", None,
     "cdr_invalid_date_parameters", None),
    ("GET", "/uapi/cdr?filterBy=source&filterValue=a%2Bb", None, "cdr_invalid_filter_by_source", None),
    ("GET", "/uapi/cdr?sortOrder=up", None, "sortorder_invalid", None),
    ("POST", "/uapi/phoneCalls/@me/simple", {**SIMPLE, "extension": "@self"}, "extension_invalid", None),
    ("POST", "/uapi/phoneCalls/@me/simple",
     {**SIMPLE, "phoneCallView": [{"source": ["x"], "destination": ["1"]}]}, "pc_source_invalid", None),
    ("POST", "/uapi/phoneCalls/@me/simple?waitForPickup=0", SIMPLE, "pc_timeout_invalid", None),
    ("PUT", "/uapi/phoneCalls/@me/210/abc-1", UPDATE, "pc_phonecall_invalid", None),
    ("PUT", "/uapi/phoneCalls/@me/210/abc", {**UPDATE, "format": "mp3"}, "pc_recformat_invalid", None),
    ("PUT", "/uapi/phoneCalls/@me/210/abc", {"action": "Dance"}, "not_implemented", None),
    ("PUT", "/uapi/phoneCalls/@me/210/abc", {"action": "Whisper", "phoneCallViewId": "1",
                                             "sendCallTo": "211", "private": 2},
     "pc_private_invalid", "private"),
    ("DELETE", "/uapi/phoneCalls/@me/210?phoneNumber=12a", None, "pc_private_invalid", "phone_number"),
    ("PUT", "/uapi/extensions/@me/0003*212/queue/agents/0003*210", {"number": "0040213001000"},
     "qag_cannot_update_number", None),
    ("PUT", "/uapi/extensions/@me/0003*212/queue/agents/0003*210", {}, "status_invalid", None),
    ("POST", "/uapi/extensions/@me/210/phoneCallEvents", {**EVENT, "url": "ftp://x"},
     "pce_url_invalid", None),
    ("POST", FAX, {"recipients": [], "files": []}, "fx_recipients_invalid", None),
    ("GET", "/unifiedapi/cdr/@owner?count=0", None, "count_invalid", None),
)


class AdapterContract:
    """The behaviours every adapter shares. Subclasses provide the fixtures:

    ``call`` (parametrized over STYLES, no verifier), ``call_auth`` (the same app with
    ``verify_token`` configured), ``call_debug`` (the app in the framework's debug mode), and
    ``PARSER_ANSWERS``: the code each framework's own
    multipart parser leads to where the two parsers read a body differently.
    """

    PARSER_ANSWERS: ClassVar[Mapping[str, str | None]]  # None: the upload is valid (200)

    # --- valid requests reach the view with cleaned values --------------------------------

    def test_query_parameters_reach_the_view_cleaned(self, call: Call, style: str) -> None:
        path = "/uapi/cdr/@me?count=100&startDate=2024-01-01T00:00:00Z&sortOrder=descending&x=1"
        answer = call("GET", path)
        assert (answer.status, answer.content_type) == (200, JSON)
        echo = answer.json()
        assert echo["style"] == style and echo["operation"] == "cdr.list"
        assert echo["params"] == expected_params("GET", path)
        assert echo["params"]["sortOrder"] == "desc" and "x" not in echo["params"]
        assert echo["types"]["count"] == "int" and echo["types"]["startDate"] == "datetime"

    def test_an_optional_route_variable_may_be_absent(self, call: Call) -> None:
        answer = call("GET", "/uapi/cdr")
        assert answer.status == 200
        assert answer.json()["params"] == {"count": 20, "startIndex": 0}

    def test_json_body_reaches_the_view_cleaned(self, call: Call) -> None:
        path = "/uapi/phoneCalls/@viewer/simple?video=TRUE"
        answer = call("POST", path, body(SIMPLE), JSON)
        assert answer.status == 200
        echo = answer.json()
        assert echo["params"] == expected_params("POST", path, SIMPLE)
        assert echo["types"]["video"] == "bool" and echo["types"]["phoneCallView"] == "tuple"

    def test_percent_encoded_route_variables_are_decoded(self, call: Call) -> None:
        answer = call("PUT", "/uapi/phoneCalls/12/0003%2A210/b817d2618fe6f1804333", body(UPDATE), JSON)
        assert answer.status == 200
        assert answer.json()["params"]["extension"] == "0003*210"
        assert answer.json()["params"] == expected_params(
            "PUT", "/uapi/phoneCalls/12/0003*210/b817d2618fe6f1804333", UPDATE)

    def test_legacy_prefix(self, call: Call) -> None:
        assert call("GET", "/unifiedapi/cdr/@owner").status == 200

    def test_delete_answers_without_content(self, call: Call) -> None:
        answer = call("DELETE", "/uapi/phoneCalls/@me/0003*210/abc?phoneNumber=%2B40213001000")
        assert (answer.status, answer.body) == (204, b"")
        assert call("DELETE", "/uapi/phoneCalls/@me/0003*210").status == 204

    # --- each kind of invalid input gets its documented answer -----------------------------

    @pytest.mark.parametrize(("method", "path", "payload", "code", "variant"), INVALID,
                             ids=[f"{case[3]}-{index}" for index, case in enumerate(INVALID)])
    def test_invalid_requests_get_the_documented_answer(
        self, call: Call, method: str, path: str, payload: Any, code: str, variant: str | None
    ) -> None:
        answer = call(method, path, b"" if payload is None else body(payload), JSON)
        assert_error(answer, code, variant)
        with pytest.raises(UAError) as core:  # the core agrees
            validate_request(method, path, payload)
        assert (core.value.code, core.value.variant) == (code, catalog.entry(code, variant).variant)

    def test_parameters_are_read_from_their_documented_location_only(self, call: Call) -> None:
        # extension belongs in the body of a simple call, status in the body of an agent update
        no_extension = {key: value for key, value in SIMPLE.items() if key != "extension"}
        assert_error(call("POST", "/uapi/phoneCalls/@me/simple?extension=210", body(no_extension), JSON),
                     "extension_invalid")
        assert_error(call("PUT", "/uapi/extensions/@me/0003*212/queue/agents/210?status=1", b"{}", JSON),
                     "status_invalid")
        # and a body field never stands for a query parameter
        answer = call("POST", "/uapi/phoneCalls/@me/simple", body({**SIMPLE, "waitForPickup": 0}), JSON)
        assert answer.status == 200 and answer.json()["params"]["waitForPickup"] == 25

    # --- bad bodies -------------------------------------------------------------------------

    @pytest.mark.parametrize("raw", [b"{", b'{"extension": "210",}', b"[1, 2]", b'"text"', b"12",
                                     b"null", b"", b"\xff\xfe{}", b'{"extension": "\xe9"}'])
    def test_a_body_that_is_not_a_json_object_counts_as_empty(self, call: Call, raw: bytes) -> None:
        assert_error(call("POST", "/uapi/phoneCalls/@me/simple", raw, JSON), "extension_invalid")
        assert_error(call("POST", FAX, raw, JSON), "fx_recipients_invalid")
        assert_error(call("PUT", "/uapi/phoneCalls/@me/210/abc", raw, JSON), "not_implemented")

    @pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                              "application/xml", "multipart/form-data; boundary=x"])
    def test_a_wrong_content_type_counts_as_an_empty_body(self, call: Call, content_type: str) -> None:
        assert_error(call("POST", "/uapi/phoneCalls/@me/simple", body(SIMPLE), content_type),
                     "extension_invalid")

    @pytest.mark.parametrize("content_type", [JSON, "application/json; charset=utf-8",
                                              "Application/JSON", "application/vnd.api+json", None])
    def test_json_content_types(self, call: Call, content_type: str | None) -> None:
        assert call("POST", "/uapi/phoneCalls/@me/simple", body(SIMPLE), content_type).status == 200

    def test_a_json_body_up_to_the_limit_is_read(self, call: Call) -> None:
        raw = body(SIMPLE)
        padded = raw + b" " * ((1 << 20) - len(raw))  # JSON allows trailing white space
        assert call("POST", "/uapi/phoneCalls/@me/simple", padded, JSON).status == 200

    def test_an_oversize_json_body_answers_400_with_the_first_body_parameter(self, call: Call) -> None:
        raw = body(SIMPLE)
        over = raw + b" " * ((1 << 20) + 1 - len(raw))
        assert_error(call("POST", "/uapi/phoneCalls/@me/simple", over, JSON), "extension_invalid")
        # phone_calls.update's first body parameter, action, is a 501: the first 400 one answers
        update = body(UPDATE)
        assert_error(call("PUT", "/uapi/phoneCalls/@me/210/abc", update + b" " * (1 << 20), JSON),
                     "pc_phonecallview_invalid")
        # an all-optional body does not make an oversize request valid
        assert_error(call("PUT", "/uapi/extensions/@me/210/queue/agents/211",
                          body({"status": 1}) + b" " * (1 << 20), JSON), "status_invalid")
        # URI fragments are checked before the body
        assert_error(call("POST", "/uapi/phoneCalls/0/simple", over, JSON), "user_invalid")

    def test_an_operation_without_body_parameters_ignores_the_body(self, call: Call) -> None:
        assert call("DELETE", "/uapi/phoneCalls/@me/210", b"{" * 100, "text/plain").status == 204

    # --- authentication (SPEC §6) ---------------------------------------------------------------

    @pytest.mark.parametrize(("authorization", "code"), [
        (None, "unauthorized"),
        ("", "access_denied"),
        ("Basic Z29vZDo=", "access_denied"),
        ("Bearer", "access_denied"),
        ("Bearer ", "access_denied"),
        ("Bearer good extra", "access_denied"),
        ("Token good", "access_denied"),
        ("Bearer old", "expired_token"),
        ("Bearer wrong", "access_denied"),
        ("Bearer " + "a" * 9000, "access_denied"),
    ])
    def test_authorization_failures(self, call_auth: Call, authorization: str | None, code: str) -> None:
        headers = {} if authorization is None else {"Authorization": authorization}
        answer = call_auth("GET", "/uapi/cdr/@me", headers=headers)
        assert_error(answer, code)
        assert answer.headers.get("WWW-Authenticate") == "Bearer"

    @pytest.mark.parametrize("authorization", ["Bearer good", "bearer good", "Bearer  good", "Bearer fine"])
    def test_a_valid_token_passes(self, call_auth: Call, authorization: str) -> None:
        assert call_auth("GET", "/uapi/cdr/@me", headers={"Authorization": authorization}).status == 200

    def test_authorization_comes_before_validation(self, call_auth: Call) -> None:
        assert_error(call_auth("GET", "/uapi/cdr/0?count=abc"), "unauthorized")
        assert_error(call_auth("GET", "/uapi/cdr/0", headers={"Authorization": "Bearer good"}),
                     "user_invalid")

    def test_without_a_verifier_no_header_is_asked_for(self, call: Call) -> None:
        assert call("GET", "/uapi/cdr/@me", headers={"Authorization": "Basic x"}).status == 200

    # --- reasons: in debug mode beside the documented body, never in it ----------------------------

    # (method, path, JSON body or None, code, variant, the X-UA-Reason header or None)
    DEBUG_CASES: ClassVar = (
        ("GET", "/uapi/cdr/@me?count=abc", None, "count_invalid", None,
         "count must be an integer from 1 to 5000"),
        ("DELETE", "/uapi/phoneCalls/@me/210?phoneNumber=%2B99912345678", None, "pc_private_invalid",
         "phone_number", "phoneNumber must be a phone number (2 to 20 digits, optionally after +; with +, a "
         "possible number for its country code)"),
        ("POST", FAX, {"recipients": ["210"], "files": [{"name": "a.pdf", "type": "pdf", "size": 1}] * 11},
         "fx_max_files_reached", None, "files must hold at most 10 items (the max_fax_files setting)"),
        ("PUT", "/uapi/phoneCalls/@me/210/a1", {"action": "Dance"}, "not_implemented", None,
         "action is required in the body and must be one of OnHold, OffHold, StartRecording, StopRecording, "
         "PickUp, BargeIn, Park, UnPark, Whisper, Transfer, TransferToVoicemail or Monitor"),
        ("GET", "/uapi/nothing/40721234567", None, "not_implemented", None,
         "no route of the application answers this method and path"),
        ("POST", "/uapi/extensions/@me/210/phoneCallEvents", {**EVENT, "note": "fail"}, "pce_fail_add", None,
         None),  # a handler's own error without a reason: no header
    )

    def test_debug_mode_shows_the_reason_beside_the_documented_body(
        self, call_debug: Call, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.WARNING, logger="ua_validate.reasons")
        for method, path, payload, code, variant, reason in self.DEBUG_CASES:
            caplog.clear()
            answer = call_debug(method, path, b"" if payload is None else body(payload),
                                None if payload is None else JSON)
            assert_error(answer, code, variant)  # the body is the catalog's, byte for byte
            assert answer.headers.get("X-UA-Reason") == reason
            logged = [r.getMessage() for r in caplog.records if r.name == "ua_validate.reasons"]
            status = catalog.entry(code, variant).status
            shown = f" ({variant})" if variant else ""
            assert logged == [f"{status} {code}{shown}: {reason or '(no reason given)'}"]
            assert "12345678" not in caplog.text and "40721234567" not in caplog.text

    def test_outside_debug_mode_no_reason_is_shown(self, call: Call, caplog: pytest.LogCaptureFixture) -> None:
        caplog.set_level(logging.DEBUG)
        for method, path, payload, code, variant, _ in self.DEBUG_CASES:
            answer = call(method, path, b"" if payload is None else body(payload), None if payload is None else JSON)
            assert_error(answer, code, variant)
            assert "X-UA-Reason" not in answer.headers
        assert not [r for r in caplog.records if r.name == "ua_validate.reasons"]

    # --- errors raised in views, 500, 501 ---------------------------------------------------------

    def test_a_uaerror_raised_in_a_view_gets_its_documented_answer(self, call: Call) -> None:
        answer = call("POST", "/uapi/extensions/@me/210/phoneCallEvents", body({**EVENT, "note": "fail"}), JSON)
        assert_error(answer, "pce_fail_add")

    def test_in_debug_mode_an_unexpected_exception_reaches_the_framework(self, call_debug: Call) -> None:
        # The framework's own handling (its debug page); the test client raises the exception.
        path = "/uapi/extensions/987654/0003*210/phoneCallEvents"
        with pytest.raises(RuntimeError, match=SECRET):
            call_debug("POST", path, body({**EVENT, "note": "crash"}), JSON)
        answer = call_debug("POST", path, body({**EVENT, "note": "fail"}), JSON)
        assert_error(answer, "pce_fail_add")  # documented answers are unchanged

    def test_an_unexpected_exception_is_a_documented_500_without_details(
        self, call: Call, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.ERROR, logger="ua_validate.web")
        path = "/uapi/extensions/987654/0003*210/phoneCallEvents"
        answer = call("POST", path, body({**EVENT, "note": "crash"}), JSON)
        assert_error(answer, "internal_server_error")
        assert SECRET.encode() not in answer.body and b"Traceback" not in answer.body
        records = [r for r in caplog.records if r.name == "ua_validate.web"]
        assert len(records) == 1
        logged = records[0].getMessage()
        assert logged.startswith("unexpected RuntimeError in operation phone_call_events.create\n")
        assert "in view_result" in logged and "builtins.RuntimeError (message withheld)" in logged
        for value in ("987654", "0003*210", SECRET):  # no request value, no exception message
            assert value not in caplog.text

    @pytest.mark.parametrize(("method", "path"), [
        ("GET", "/uapi/nothing"),
        ("GET", "/uapi"),
        ("POST", "/uapi/cdr/@me"),
        ("PATCH", "/uapi/cdr/@me"),
        ("GET", "/uapi/phoneCalls/@me/210/abc"),
        ("GET", "/unifiedapi/queue"),
    ])
    def test_unknown_routes_and_methods_under_the_api_are_501(self, call: Call, method: str, path: str
                                                             ) -> None:
        assert_error(call(method, path), "not_implemented")

    def test_other_paths_keep_the_frameworks_own_404(self, call: Call) -> None:
        answer = call("GET", "/elsewhere")
        assert answer.status == 404 and answer.content_type != JSON

    # --- multipart fax uploads ---------------------------------------------------------------

    def test_a_multipart_fax_is_validated_like_its_json_form(self, call: Call) -> None:
        raw, content_type = multipart([
            FAX_REQUEST,
            ("files", "report.pdf", "application/pdf", PDF),
            ("files", "notes.TXT", "application/octet-stream", b"hello\r\n--not-a-boundary\r\n"),
            ("files", "scan.tiff", None, b"II*\x00"),
        ])
        answer = call("POST", FAX, raw, content_type)
        assert answer.status == 200, answer.body
        files = [{"name": "report.pdf", "type": "pdf", "size": len(PDF)},
                 {"name": "notes.TXT", "type": "txt", "size": 25},
                 {"name": "scan.tiff", "type": "tif", "size": 4}]
        cleaned = validate("faxes.create", {"userId": "@me", "extension": "0003*210",
                                            "recipients": ["0040213001000", "210"], "approved": True,
                                            "files": files})
        assert answer.json()["params"] == json.loads(to_json(cleaned))

    def test_multipart_file_names_may_be_encoded(self, call: Call) -> None:
        raw, content_type = multipart([FAX_REQUEST, ("files", "x.pdf", "application/pdf", b"1")])
        raw = raw.replace(b'filename="x.pdf"', b"filename*=UTF-8''r%C3%A9sum%C3%A9.pdf")
        answer = call("POST", FAX, raw, content_type)
        assert answer.status == 200
        assert answer.json()["params"]["files"][0]["name"] == "résumé.pdf"

    def test_multipart_files_array_name(self, call: Call) -> None:
        raw, content_type = multipart([FAX_REQUEST, ("files[]", "a.jpg", "image/jpeg", b"\xff\xd8")])
        answer = call("POST", FAX, raw, content_type)
        assert answer.status == 200 and answer.json()["params"]["files"][0]["type"] == "jpg"

    @pytest.mark.parametrize(("parts", "code"), [
        ([FAX_REQUEST, ("files", "a.png", "image/png", b"png")], "fx_file_invalid"),
        ([FAX_REQUEST, ("files", "a.pdf", "image/jpeg", b"x")], "fx_file_invalid"),  # name vs type
        ([FAX_REQUEST, ("files", "a.pdf", "application/pdf", b"")], "fx_file_invalid"),  # empty
        ([FAX_REQUEST, ("files", None, "application/pdf", b"x")], "fx_file_invalid"),  # no name
        ([FAX_REQUEST, ("files", "a.doc", None, b"x")], "fx_file_invalid"),  # no type
        ([FAX_REQUEST], "fx_file_invalid"),  # no file
        ([FAX_REQUEST, *[("files", f"{n}.txt", "text/plain", b"x") for n in range(11)]],
         "fx_max_files_reached"),
        ([("files", "a.pdf", "application/pdf", b"x")], "fx_recipients_invalid"),  # no request part
        ([("request", None, JSON, b"[1]"), ("files", "a.pdf", None, b"x")], "fx_recipients_invalid"),
        ([("request", None, JSON, body({"recipients": ["210"], "approved": "maybe"}))],
         "fx_approved_invalid"),
    ])
    def test_multipart_faults(self, call: Call, parts: list[Any], code: str) -> None:
        raw, content_type = multipart(parts)
        assert_error(call("POST", FAX, raw, content_type), code)

    def test_the_uploaded_files_stand_for_files_in_the_json_part(self, call: Call) -> None:
        request = ("request", None, JSON, body({"recipients": ["210"], "files": [{"name": "bad"}]}))
        raw, content_type = multipart([request, ("files", "a.pdf", None, b"x")])
        answer = call("POST", FAX, raw, content_type)
        assert answer.status == 200 and answer.json()["params"]["files"][0]["name"] == "a.pdf"

    @pytest.mark.parametrize("mangle", ["no-boundary", "wrong-boundary", "truncated", "no-blank-line"])
    def test_a_malformed_multipart_body_counts_as_empty(self, call: Call, mangle: str) -> None:
        raw, content_type = multipart([FAX_REQUEST, ("files", "a.pdf", None, b"x")])
        if mangle == "no-boundary":
            content_type = "multipart/form-data"
        elif mangle == "wrong-boundary":
            content_type = "multipart/form-data; boundary=other"
        elif mangle == "truncated":
            raw = raw[: len(raw) // 2]
        else:
            raw = raw.replace(b"\r\n\r\n", b"\r\n", 1)
        assert_error(call("POST", FAX, raw, content_type), "fx_recipients_invalid")

    def test_an_oversize_multipart_body_answers_400(self, call: Call) -> None:
        raw, content_type = multipart([FAX_REQUEST, ("files", "a.pdf", None, b"x" * (30 << 20))])
        assert_error(call("POST", FAX, raw, content_type), "fx_recipients_invalid")

    def test_the_json_form_of_a_fax_still_works(self, call: Call) -> None:
        payload = {"recipients": ["210"], "files": [{"name": "a.pdf", "type": "application/pdf", "size": 3}]}
        answer = call("POST", FAX, body(payload), JSON)
        assert answer.status == 200
        assert answer.json()["params"]["files"] == [{"name": "a.pdf", "type": "pdf", "size": 3}]

    # --- multipart by the framework's own parser ---------------------------------------------

    def test_multipart_preamble_epilogue_padding_and_quoted_boundary(self, call: Call) -> None:
        raw, _ = multipart([FAX_REQUEST, ("files", "a.pdf", None, b"--b\r\n")], boundary="b c")
        raw = b"preamble\r\n" + raw.replace(b"--b c\r\n", b"--b c  \r\n", 1) + b"epilogue"
        answer = call("POST", FAX, raw, 'multipart/form-data; boundary="b c"')
        code = self.PARSER_ANSWERS["preamble-epilogue-padding"]  # RFC 2046 allows them; not every parser
        if code is not None:
            assert_error(answer, code)
            return
        assert answer.status == 200, answer.body
        assert answer.json()["params"]["files"] == [{"name": "a.pdf", "type": "pdf", "size": 5}]
        assert answer.json()["params"]["recipients"] == ["0040213001000", "210"]

    def test_a_part_without_headers_and_a_second_request_part_are_ignored(self, call: Call) -> None:
        raw, content_type = multipart([FAX_REQUEST, ("request", None, None, b'{"recipients": []}'),
                                       ("files", "a.txt", None, b"1")])
        raw = raw.replace(b"--XyZ-b0undary\r\n", b"--XyZ-b0undary\r\n\r\nstray\r\n--XyZ-b0undary\r\n", 1)
        answer = call("POST", FAX, raw, content_type)
        assert answer.status == 200 and answer.json()["params"]["recipients"] == ["0040213001000", "210"]

    @pytest.mark.parametrize("content_type", [
        "multipart/form-data; boundary=" + "b" * 71,  # RFC 2046: 70 characters at most
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"\"",  # empty when quoted
    ])
    def test_bad_boundaries_count_as_an_empty_body(self, call: Call, content_type: str) -> None:
        raw, _ = multipart([FAX_REQUEST, ("files", "a.txt", None, b"1")])
        assert_error(call("POST", FAX, raw, content_type), "fx_recipients_invalid")

    @pytest.mark.parametrize("content_type", [
        "multipart/form-data; boundary=b; x*=a; x*0=b",  # issue 10 finding 1: Python's email helpers raise
        "multipart/form-data; boundary*=a; boundary*0=b",
    ])
    def test_a_content_type_whose_parameters_cannot_be_parsed(self, call: Call, content_type: str) -> None:
        assert_error(call("POST", FAX, b"--b--", content_type), "fx_recipients_invalid")
        answer = call("POST", "/uapi/phoneCalls/@me/simple", body(SIMPLE), "application/json; x*=a; x*0=b")
        assert answer.status == 200  # the media type is read before its parameters

    def test_every_part_with_a_file_name_is_a_fax_file(self, call: Call) -> None:
        # SPEC §5 (changed): Click2Fax names each part after its file; text parts other than
        # request are ignored
        raw, content_type = multipart([
            FAX_REQUEST, ("note", None, "text/plain", b"hello"),
            ("invoice.pdf", "invoice.pdf", "application/pdf", PDF), ("files[]", "b.txt", None, b"12"),
        ])
        answer = call("POST", FAX, raw, content_type)
        assert answer.status == 200, answer.body
        assert answer.json()["params"]["files"] == [{"name": "invoice.pdf", "type": "pdf", "size": len(PDF)},
                                                    {"name": "b.txt", "type": "txt", "size": 2}]

    @pytest.mark.parametrize("case", ["rfc2231-continuation", "idna-charset", "non-utf8-name",
                                      "path-in-name", "upper-case-type", "header-without-colon"])
    def test_what_each_parser_makes_of_odd_uploads(self, call: Call, case: str) -> None:
        # Issue 10 finding 1: never a 500. The frameworks' parsers differ here, each documented.
        raw, content_type = multipart([FAX_REQUEST, ("files", "a.pdf", None, b"1")])
        if case == "rfc2231-continuation":
            raw = raw.replace(b'filename="a.pdf"', b"filename*=a; filename*0=b")
        elif case == "idna-charset":
            raw = raw.replace(b'filename="a.pdf"', b"filename*=idna''a.pdf")
        elif case == "non-utf8-name":
            raw = raw.replace(b'filename="a.pdf"', b'filename="\xff\xfe.pdf"')
        elif case == "path-in-name":
            raw = raw.replace(b'filename="a.pdf"', b'filename="x/../a.pdf"')
        elif case == "upper-case-type":
            content_type = content_type.replace("multipart/form-data", "Multipart/Form-Data")
        else:
            raw = raw.replace(b"Content-Type: application/json", b"garbage", 1)
        answer = call("POST", FAX, raw, content_type)
        code = self.PARSER_ANSWERS[case]
        if code is None:
            assert answer.status == 200, answer.body
        else:
            assert_error(answer, code)

    @pytest.mark.parametrize("attack", ["semicolons", "huge-header", "empty-parts"])
    def test_hostile_multipart_bodies_are_answered_quickly(self, call: Call, attack: str) -> None:
        raw, content_type = hostile_bodies()[attack]
        answer = within(60, lambda: call("POST", FAX, raw, content_type))
        assert_error(answer, "fx_recipients_invalid")

    def test_too_many_parts_is_an_oversize_body(self, call: Call) -> None:
        parts = [FAX_REQUEST, *[(f"n{index}", None, None, b"") for index in range(1100)],
                 ("files", "a.pdf", None, b"1")]
        raw, content_type = multipart(parts)
        assert_error(call("POST", FAX, raw, content_type), "fx_recipients_invalid")
        assert_error(call("POST", "/uapi/faxes/0/210", raw, content_type), "user_invalid")  # path first

    def test_a_multipart_body_elsewhere_is_a_wrong_content_type(self, call: Call) -> None:
        raw, content_type = multipart([("extension", None, None, b"210")])
        assert_error(call("POST", "/uapi/phoneCalls/@me/simple", raw, content_type), "extension_invalid")

    def test_a_multipart_body_one_byte_over_the_limit(self, call_small: Call) -> None:
        raw, content_type = multipart([FAX_REQUEST, ("files", "a.pdf", None, b"x")])
        padded, _ = multipart([FAX_REQUEST, ("files", "a.pdf", None, b"x" * (SMALL_LIMIT - len(raw) + 1))])
        assert len(padded) == SMALL_LIMIT
        assert call_small("POST", FAX, padded, content_type).status == 200
        over, _ = multipart([FAX_REQUEST, ("files", "a.pdf", None, b"x" * (SMALL_LIMIT - len(raw) + 2))])
        assert_error(call_small("POST", FAX, over, content_type), "fx_recipients_invalid")
