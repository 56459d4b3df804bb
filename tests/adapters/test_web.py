"""The framework-free adapter core: reading bodies, multipart parsing, tokens, settings."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import pytest

from ua_validate import UAError, Validator
from ua_validate._web import Config, Incoming, TooLarge, Verdict, handle, render
from ua_validate.catalog import entry

from .common import FAX_REQUEST, SIMPLE, body, multipart


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
    raw, content_type = multipart([FAX_REQUEST, ("files", "a.pdf", None, b"1"), ("files", "b.pdf", None, b"2")])
    request = incoming(raw, content_type, path={"userId": "@me", "extension": "210"})
    assert code_of(config, "faxes.create", request) == "fx_max_files_reached"


# --- multipart ---------------------------------------------------------------------------------

def fax(raw: bytes, content_type: str, chunk: int = 1 << 16) -> dict[str, Any]:
    config = Config()
    request = incoming(raw, content_type, chunk=chunk, path={"userId": "@me", "extension": "210"})
    return handle(config.validator.operation("faxes.create"), config, request)


def test_multipart_preamble_epilogue_padding_and_quoted_boundary() -> None:
    raw, _ = multipart([FAX_REQUEST, ("files", "a.pdf", None, b"--b\r\n")], boundary="b c")
    raw = b"preamble\r\n" + raw.replace(b"--b c\r\n", b"--b c  \r\n", 1) + b"epilogue"
    cleaned = fax(raw, 'multipart/form-data; boundary="b c"', chunk=3)
    assert cleaned["files"] == ({"name": "a.pdf", "type": "pdf", "size": 5},)
    assert cleaned["recipients"] == ("0040213001000", "210")


def test_multipart_header_names_and_types_in_any_case() -> None:
    raw, content_type = multipart([FAX_REQUEST, ("files", "A.PDF", "Application/PDF; x=1", b"1")])
    raw = raw.replace(b"Content-Disposition", b"content-disposition")
    assert fax(raw, content_type.replace("multipart/form-data", "Multipart/Form-Data"))["files"][0] == {
        "name": "A.PDF", "type": "pdf", "size": 1}


def test_a_part_without_headers_is_skipped_and_a_second_request_part_ignored() -> None:
    raw, content_type = multipart([FAX_REQUEST, ("request", None, None, b'{"recipients": []}'),
                                   ("files", "a.txt", None, b"1")])
    raw = raw.replace(b"--XyZ-b0undary\r\n", b"--XyZ-b0undary\r\n\r\nstray\r\n--XyZ-b0undary\r\n", 1)
    assert fax(raw, content_type)["recipients"] == ("0040213001000", "210")


@pytest.mark.parametrize("content_type", [
    "multipart/form-data; boundary=" + "b" * 71,  # RFC 2046: 70 characters at most
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=é",
])
def test_bad_boundaries(content_type: str) -> None:
    raw, _ = multipart([FAX_REQUEST, ("files", "a.txt", None, b"1")])
    with pytest.raises(UAError) as raised:
        fax(raw, content_type)
    assert raised.value.code == "fx_recipients_invalid"


def test_a_header_line_without_a_colon_spoils_the_body() -> None:
    raw, content_type = multipart([FAX_REQUEST, ("files", "a.txt", None, b"1")])
    raw = raw.replace(b"Content-Type: application/json", b"garbage", 1)
    with pytest.raises(UAError) as raised:
        fax(raw, content_type)
    assert raised.value.code == "fx_recipients_invalid"


def test_non_utf8_file_names_cannot_break_the_answer() -> None:
    raw, content_type = multipart([FAX_REQUEST, ("files", "a.pdf", None, b"1")])
    raw = raw.replace(b'filename="a.pdf"', b'filename="\xff\xfe.pdf"')
    name = fax(raw, content_type)["files"][0]["name"]
    assert name == "\ufffd\ufffd.pdf"
    name.encode("utf-8")  # no lone surrogates


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
