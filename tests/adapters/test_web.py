"""The framework-free adapter core: reading bodies, mapping parsed multipart uploads, tokens, settings."""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping
from typing import Any

import pytest

from ua_validate import UAError, Validator
from ua_validate._web import Config, Form, Incoming, Malformed, TooLarge, Upload, Verdict, handle, render
from ua_validate.catalog import entry

from .common import FAX_REQUEST, SIMPLE, body


def incoming(data: bytes, content_type: str | None = "application/json", *, length: bool = False,
             chunk: int = 7, path: Mapping[str, str] | None = None, query: bytes = b"",
             authorization: str | None = None, method: str = "POST") -> Incoming:
    """A request whose body arrives ``chunk`` bytes per read, with or without Content-Length."""
    stream = io.BytesIO(data)
    return Incoming(
        method=method,
        authorization=authorization,
        path={"userId": "@me"} if path is None else path,
        query=query,
        content_type=content_type,
        content_length=len(data) if length else None,
        read=lambda size: stream.read(min(size, chunk)),
    )


def code_of(config: Config, op_id: str, request: Incoming) -> str:
    with pytest.raises(UAError) as raised:
        handle(config.validator.operation(op_id), config, request)
    return raised.value.code


def test_a_body_without_content_length_is_read_in_chunks_up_to_the_limit() -> None:
    raw = body(SIMPLE)
    config = Config(max_json_body=len(raw))
    op = config.validator.operation("phone_calls.simple")
    assert handle(op, config, incoming(raw))["extension"] == "210"
    assert code_of(config, "phone_calls.simple", incoming(raw + b" ")) == "extension_invalid"


def test_the_framework_may_refuse_the_size_itself() -> None:
    def refuse(size: int) -> bytes:
        raise TooLarge

    request = Incoming("POST", None, {"userId": "@me"}, b"", "application/json", None, refuse)
    assert code_of(Config(), "phone_calls.simple", request) == "extension_invalid"


def test_a_declared_length_over_the_limit_is_not_read() -> None:
    def never(size: int) -> bytes:
        raise AssertionError("read")

    request = Incoming("POST", None, {"userId": "@me"}, b"", "application/json", (1 << 20) + 1, never)
    assert code_of(Config(), "phone_calls.simple", request) == "extension_invalid"


def test_an_operation_without_body_parameters_never_reads() -> None:
    def never(size: int) -> bytes:
        raise AssertionError("read")

    request = Incoming("GET", None, {"userId": "@me"}, b"count=5", "text/plain", None, never)
    config = Config()
    assert handle(config.validator.operation("cdr.list"), config, request)["count"] == 5


def test_the_query_string_keeps_repeated_keys_and_decodes_as_forms_do() -> None:
    config = Config()
    op = config.validator.operation("cdr.list")
    assert handle(op, config, incoming(b"", method="GET", query=b"fields=id%2Csource&filterBy=source&filterValue=%2B40"
                                                    b"&filterOp=startsWith"))["filterValue"] == "+40"
    assert code_of(config, "cdr.list", incoming(b"", method="GET", query=b"startIndex=1&startIndex=1")) \
        == "startindex_invalid"
    assert code_of(config, "cdr.list", incoming(b"", method="GET", query=b"count=%FF")) == "count_invalid"


@pytest.mark.parametrize(("op_id", "method", "passes"), [
    ("cdr.list", "GET", True), ("cdr.list", "get", True), ("cdr.list", "HEAD", True),
    ("cdr.list", "POST", False), ("phone_calls.delete", "GET", False), ("phone_calls.delete", "HEAD", False),
    ("phone_calls.delete", "DELETE", True),
])
def test_the_operations_method_only(op_id: str, method: str, passes: bool) -> None:
    config = Config(verify_token=lambda token: False)  # the method is checked before the token
    request = incoming(b"", method=method, path={"userId": "@me", "extension": "210"})
    assert code_of(config, op_id, request) == ("unauthorized" if passes else "not_implemented")


def test_settings_of_the_validator_apply() -> None:
    config = Config(validator=Validator(max_fax_files=1))
    uploads = [Upload("files", "a.pdf", None, 1), Upload("files", "b.pdf", None, 2)]
    assert code_of(config, "faxes.create", upload(Form([REQUEST_FIELD], uploads))) == "fx_max_files_reached"


# --- multipart: the core maps what the framework's parser gives ---------------------------------

REQUEST_FIELD = ("request", FAX_REQUEST[3].decode())
MULTIPART = "multipart/form-data; boundary=b"


def upload(form: Form | BaseException, content_type: str = MULTIPART, length: int | None = None,
           op_path: Mapping[str, str] | None = None) -> Incoming:
    """A multipart request whose framework parser gives ``form`` (or raises it)."""
    seen: list[int] = []

    def parse(limit: int) -> Form:
        seen.append(limit)
        if isinstance(form, BaseException):
            raise form
        return form

    def never(size: int) -> bytes:
        raise AssertionError("a multipart body is read by the framework's parser only")

    return Incoming("POST", None, op_path or {"userId": "@me", "extension": "210"}, b"", content_type,
                    length, never, parse)


def fax(form: Form) -> dict[str, Any]:
    config = Config()
    return handle(config.validator.operation("faxes.create"), config, upload(form))


def test_every_part_with_a_file_name_is_a_file_whatever_its_name() -> None:
    # SPEC §5 (changed): files, files[], or the file's own name as Click2Fax sends it
    cleaned = fax(Form([REQUEST_FIELD], [
        Upload("files", "a.pdf", "application/pdf", 3),
        Upload("files[]", "b.JPEG", "application/octet-stream", 4),
        Upload("invoice.tif", "invoice.tif", None, 5),
        Upload("request", "c.txt", "text/plain", 6),  # a file even in a part called request
    ]))
    assert cleaned["files"] == ({"name": "a.pdf", "type": "pdf", "size": 3},
                                {"name": "b.JPEG", "type": "jpg", "size": 4},
                                {"name": "invoice.tif", "type": "tif", "size": 5},
                                {"name": "c.txt", "type": "txt", "size": 6})
    assert cleaned["recipients"] == ("0040213001000", "210")


def test_text_parts_other_than_the_first_request_are_ignored() -> None:
    fields = [("files", '[{"name": "x"}]'), REQUEST_FIELD, ("request", '{"recipients": []}'), ("approved", "no")]
    cleaned = fax(Form(fields, [Upload("files", "a.pdf", None, 1)]))
    assert cleaned["recipients"] == ("0040213001000", "210") and cleaned["approved"] is True


@pytest.mark.parametrize(("uploaded", "code"), [
    (Upload("files", "a.png", "image/png", 1), "fx_file_invalid"),  # a specific type is kept
    (Upload("files", "a.pdf", "image/jpeg", 1), "fx_file_invalid"),  # name against type
    (Upload("files", "a.doc", None, 1), "fx_file_invalid"),  # no type from the name
    (Upload("files", "", "application/pdf", 1), "fx_file_invalid"),  # an empty file name
    (Upload("files", "a.pdf", None, 0), "fx_file_invalid"),  # empty content
])
def test_uploaded_file_faults(uploaded: Upload, code: str) -> None:
    assert code_of(Config(), "faxes.create", upload(Form([REQUEST_FIELD], [uploaded]))) == code


def test_the_type_comes_from_every_suffix_of_the_one_table() -> None:
    from ua_validate.rules import FILE_SUFFIXES

    for kind, suffixes in FILE_SUFFIXES.items():
        for suffix in suffixes:
            cleaned = fax(Form([REQUEST_FIELD], [Upload("f", "x" + suffix.upper(), None, 1)]))
            assert cleaned["files"][0]["type"] == kind


def test_what_the_parser_refuses() -> None:
    # Malformed counts as an empty body; TooLarge is the oversize answer, path checked first
    assert code_of(Config(), "faxes.create", upload(Malformed())) == "fx_recipients_invalid"
    assert code_of(Config(), "faxes.create", upload(TooLarge())) == "fx_recipients_invalid"
    assert code_of(Config(), "faxes.create", upload(TooLarge(), op_path={"userId": "0", "extension": "210"})) \
        == "user_invalid"


def test_a_declared_length_over_the_limit_is_never_parsed() -> None:
    config = Config(max_multipart_body=100)
    request = upload(AssertionError("parsed"), length=101)
    assert code_of(config, "faxes.create", request) == "fx_recipients_invalid"
    seen: list[int] = []

    def parse(limit: int) -> Form:
        seen.append(limit)
        return Form([REQUEST_FIELD], [Upload("f", "a.pdf", None, 1)])

    request = Incoming("POST", None, {"userId": "@me", "extension": "210"}, b"", MULTIPART, 100,
                       lambda size: b"", parse)
    assert handle(config.validator.operation("faxes.create"), config, request)["files"][0]["size"] == 1
    assert seen == [100]  # the parser is told the limit, for a body without a declared length


def test_without_a_parser_a_multipart_body_counts_as_empty() -> None:
    request = Incoming("POST", None, {"userId": "@me", "extension": "210"}, b"", MULTIPART, None,
                       lambda size: b"")
    assert code_of(Config(), "faxes.create", request) == "fx_recipients_invalid"


def test_only_operations_whose_schema_accepts_multipart_parse_it() -> None:
    request = upload(AssertionError("parsed"), op_path={"userId": "@me"})
    assert code_of(Config(), "phone_calls.simple", request) == "extension_invalid"


def test_the_body_formats_come_from_the_schema_files() -> None:
    from ua_validate.validator import default_validator

    accepting = {op.id: op.bodies for op in default_validator().spec if op.bodies != ("json",)}
    assert accepting == {"faxes.create": ("json", "multipart")}


THINGS = """
[[operation]]
id = "things.create"
method = "POST"
path = "/uapi/things/{userId}"
summary = "Make things."
%s

[[operation.check]]
use = "userId"

[[operation.check]]
param = "recipients"
in = "body"
type = "list"
item = "ext_or_phone"
min = 1
max = 5
required = true
code = "fx_recipients_invalid"
"""


def things(bodies: str = "") -> Any:
    from ua_validate import loader

    shared = dict(loader._packaged_files())["_shared.toml"]
    return loader.load([("_shared.toml", shared), ("things.toml", (THINGS % bodies).encode())])


@pytest.mark.parametrize("bodies", ['bodies = ["xml"]', 'bodies = []', 'bodies = "json"',
                                    'bodies = ["json", "json"]'])
def test_bad_body_formats_fail_when_the_schema_loads(bodies: str) -> None:
    from ua_validate.errors import SchemaError

    with pytest.raises(SchemaError, match=r"things.toml.*operation things.create.bodies"):
        things(bodies)


def test_a_multipart_only_operation_takes_no_json() -> None:
    spec = things('bodies = ["multipart"]')
    assert spec.operation("things.create").bodies == ("multipart",)
    assert things().operation("things.create").bodies == ("json",)
    config = Config(validator=Validator(spec=spec))
    op = config.validator.operation("things.create")
    with pytest.raises(UAError) as raised:
        handle(op, config, incoming(body({"recipients": ["210"]})))
    assert raised.value.code == "fx_recipients_invalid"
    assert handle(op, config, upload(Form([("request", '{"recipients": ["210"]}')], []),
                                     op_path={"userId": "@me"}))["recipients"] == ("210",)


# --- tokens -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("verdict", "code"), [
    (True, None), (Verdict.VALID, None), (False, "access_denied"), (Verdict.DENIED, "access_denied"),
    (Verdict.EXPIRED, "expired_token"), (None, "access_denied"), ("yes", "access_denied"), (1, "access_denied"),
])
def test_only_a_clear_yes_lets_a_request_through(verdict: Any, code: str | None) -> None:
    seen: list[str] = []

    def verify(token: str) -> Any:
        seen.append(token)
        return verdict

    config = Config(verify_token=verify)
    op = config.validator.operation("cdr.list")
    request = incoming(b"", method="GET", authorization="Bearer abc.DEF-123_~+/==")
    if code is None:
        assert handle(op, config, request)["userId"] == "@me"
    else:
        assert code_of(config, "cdr.list", request) == code
    assert seen == ["abc.DEF-123_~+/=="]


@pytest.mark.parametrize("token", ["good\u017f", "good\u212a", "g\u043e\u043ed", "\u017f"])
def test_tokens_are_ascii(token: str) -> None:
    # long s and the Kelvin sign are letters to re.IGNORECASE; the verifier never sees them
    config = Config(verify_token=lambda token: True)
    for scheme in ("Bearer ", "bEaReR "):
        request = incoming(b"", method="GET", authorization=scheme + token)
        assert code_of(config, "cdr.list", request) == "access_denied"


def test_a_verifier_may_raise_a_documented_error() -> None:
    def verify(token: str) -> bool:
        raise UAError("expired_token")

    assert code_of(Config(verify_token=verify), "cdr.list", incoming(b"", method="GET", authorization="Bearer x")) \
        == "expired_token"


# --- rendering and settings ---------------------------------------------------------------------

def test_render() -> None:
    assert render(UAError("count_invalid")) == (
        400, entry("count_invalid").body_bytes, [("Content-Type", "application/json")])
    assert render(UAError("unauthorized"))[2][1] == ("WWW-Authenticate", "Bearer")


def test_render_in_debug_mode_adds_the_reason_and_logs_it(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="ua_validate.reasons")
    told = UAError("count_invalid", reason="count must be small")
    assert render(told, debug=True) == (400, entry("count_invalid").body_bytes, [
        ("Content-Type", "application/json"), ("X-UA-Reason", "count must be small")])
    assert render(told) == render(UAError("count_invalid"))  # outside debug mode: nothing of it
    # a handler's own reason may hold anything: the header stays printable ASCII, one line
    odd = render(UAError("pce_fail_add", reason="caf\u00e9\r\nSet-Cookie: x"), debug=True)[2]
    assert odd[-1] == ("X-UA-Reason", "caf\\xe9\\x0d\\x0aSet-Cookie: x")
    assert render(UAError("pce_fail_add"), debug=True)[2] == [("Content-Type", "application/json")]
    # a handler that puts a number in its reason: masked as the project masks numbers
    numbered = render(UAError("qag_fail_update", reason="agent +40213001000 refused"), debug=True)[2]
    assert numbered[-1] == ("X-UA-Reason", "agent +40******000 refused")
    assert [r.getMessage() for r in caplog.records] == [
        "400 count_invalid: count must be small", "500 pce_fail_add: caf\u00e9\r\nSet-Cookie: x",
        "500 pce_fail_add: (no reason given)", "400 qag_fail_update: agent +40******000 refused"]
    assert "213001" not in caplog.text


def test_errors_outside_validation_say_why() -> None:
    def reason_of(config: Config, op: str, request: Incoming) -> str | None:
        with pytest.raises(UAError) as info:
            handle(Validator().operation(op), config, request)
        return info.value.reason

    get = incoming(b"", method="GET")
    assert reason_of(Config(), "phone_calls.simple", get) == "phone_calls.simple answers POST only"
    guarded = Config(verify_token=lambda token: token == "good")
    assert reason_of(guarded, "cdr.list", get) == "no Authorization header: a token verifier is configured"
    assert reason_of(guarded, "cdr.list", incoming(b"", method="GET", authorization="Basic x")) == \
        "the Authorization header must be Bearer <token>"
    assert reason_of(guarded, "cdr.list", incoming(b"", method="GET", authorization="Bearer bad")) == \
        "the token verifier refused the token"
    expired = Config(verify_token=lambda token: Verdict.EXPIRED)
    assert reason_of(expired, "cdr.list", incoming(b"", method="GET", authorization="Bearer x")) == \
        "the token verifier says the token has expired"
    assert reason_of(Config(max_json_body=10), "phone_calls.simple", incoming(body(SIMPLE))) == \
        "the body is over the adapter's limit (max_json_body, or max_multipart_body for an upload)"


@pytest.mark.parametrize("settings", [
    {"max_json_body": 0}, {"max_multipart_body": 1.5}, {"max_json_body": True}, {"prefixes": "/uapi"},
    {"prefixes": ("uapi",)},
])
def test_bad_settings(settings: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Config(**settings)


def test_prefixes() -> None:
    config = Config()
    assert config.under_api("/uapi") and config.under_api("/uapi/x") and config.under_api("/unifiedapi/")
    assert not config.under_api("/uapix") and not config.under_api("/")
    assert Config(prefixes=("/",)).under_api("/anything")
    assert Config(prefixes=["/api/"]).under_api("/api")  # type: ignore[arg-type]
