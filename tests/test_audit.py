"""``ua-validate audit``: recorded HAR and JSON Lines traffic judged against the documented rules."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.common import INVALID
from adapters.samples import INVALID_PER_OPERATION, VALID
from ua_validate import UAError, audit, catalog, cli, validate_request
from ua_validate.loader import default_spec
from ua_validate.testing import error_codes, invalid_raw_requests, valid_raw_requests

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
CLI = str(Path(sys.executable).parent / "ua-validate")
HOST = "https://pbx.example.com"
FAX = "/uapi/faxes/@me/0003*210"
VERDICT_KEYS = ["file", "entry", "method", "url", "operation", "skipped", "valid", "code", "variant", "param",
                "status", "message", "reason"]


# --- building recordings shaped like the exports ---------------------------------------------------

def har_entry(method: str, url: str, *, text: str | None = None, mime: str = "application/json",
              params: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """One ``log.entries[]`` item as browser developer tools and mitmproxy write it."""
    headers = [{"name": "Host", "value": "pbx.example.com"}, {"name": "Authorization", "value": "Bearer abc"}]
    request: dict[str, Any] = {
        "method": method, "url": url, "httpVersion": "HTTP/1.1", "cookies": [], "headers": headers,
        "queryString": [], "headersSize": -1, "bodySize": 0,
    }
    if text is not None or params is not None:
        headers.append({"name": "Content-Type", "value": mime})
        request["postData"] = {"mimeType": mime, **({"text": text} if text is not None else {}),
                               **({"params": params} if params is not None else {})}
        request["bodySize"] = len((text or "").encode())
    return {
        "startedDateTime": "2024-05-01T10:00:00.000Z", "time": 12.5, "request": request,
        "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "cookies": [],
                     "headers": [], "content": {"size": 2, "mimeType": "application/json", "text": "{}"},
                     "redirectURL": "", "headersSize": -1, "bodySize": 2},
        "cache": {}, "timings": {"send": 0.1, "wait": 10.0, "receive": 2.4},
    }


def har(*entries: dict[str, Any]) -> str:
    """A HAR 1.2 document, indented as the exports write it."""
    return json.dumps({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
                               "pages": [], "entries": list(entries)}}, indent=2)


def jsonl(*records: dict[str, Any]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return str(path)


def run(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The command in this process: (exit status, standard output, standard error)."""
    out = io.StringIO()
    status = cli.main(["audit", *argv], out=out)
    return status, out.getvalue(), capsys.readouterr().err


def verdicts(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, Any]]]:
    status, out, _ = run("--json", *argv, capsys=capsys)
    lines = [json.loads(line) for line in out.splitlines()]
    for line in lines:
        assert list(line) == VERDICT_KEYS
    return status, lines


def expected(method: str, url: str, body: Any = None) -> tuple[str | None, str | None, str | None]:
    """(operation, code, variant) the library gives for the same request."""
    try:
        op, _ = validate_request(method, url, body)
    except UAError as err:
        return None, err.code, err.variant
    return op, None, None


# --- HAR ---------------------------------------------------------------------------------------------

def test_a_har_of_a_get_a_json_post_and_a_multipart_fax_is_all_valid(tmp_path, capsys) -> None:
    recording = har(
        har_entry("GET", f"{HOST}/uapi/cdr/@me?count=5&sortOrder=desc"),
        har_entry("POST", f"{HOST}/uapi/phoneCalls/@me/simple",
                  text='{"extension":"210","phoneCallView":[{"source":["5354353"],"destination":["5353535"]}]}'),
        # Click2Fax names each file part after its file; the exporter left the binary out.
        har_entry("POST", f"{HOST}{FAX}", mime="multipart/form-data; boundary=----WebKitFormBoundary7MA4",
                  params=[{"name": "request", "value": '{"recipients":["0040213001000"],"approved":true}'},
                          {"name": "invoice.pdf", "fileName": "invoice.pdf", "contentType": "application/pdf"},
                          {"name": "files[]", "fileName": "scan.TIFF", "value": "II*\u0000 not really a tiff"}]),
    )
    status, lines = verdicts(write(tmp_path, "session.har", recording), capsys=capsys)
    assert status == 0
    assert [(v["entry"], v["method"], v["operation"], v["valid"], v["code"]) for v in lines] == [
        (1, "GET", "cdr.list", True, None),
        (2, "POST", "phone_calls.simple", True, None),
        (3, "POST", "faxes.create", True, None),
    ]
    assert lines[0]["url"] == f"{HOST}/uapi/cdr/@me?count=5&sortOrder=desc"
    assert all(v["file"] == str(tmp_path / "session.har") and v["skipped"] is False for v in lines)


def fax(params: list[dict[str, str]]) -> str:
    return har(har_entry("POST", f"{HOST}{FAX}", mime="multipart/form-data; boundary=b", params=params))


REQUEST_PART = {"name": "request", "value": '{"recipients":["210"]}'}


@pytest.mark.parametrize(("params", "code"), [
    ([REQUEST_PART, {"name": "doc", "fileName": "a.pdf", "contentType": "application/octet-stream"}], None),
    ([REQUEST_PART, {"name": "doc", "fileName": "a.txt", "value": "hello"}], None),
    # A recorded empty value is an empty file; a part without a file name is ignored.
    ([REQUEST_PART, {"name": "doc", "fileName": "a.pdf", "value": ""}], "fx_file_invalid"),
    ([REQUEST_PART, {"name": "files", "value": "not a file"}], "fx_file_invalid"),
    ([REQUEST_PART, {"name": "doc", "fileName": "a.png", "contentType": "image/png"}], "fx_file_invalid"),
    ([REQUEST_PART, {"name": "doc", "fileName": "a.pdf", "contentType": "image/jpeg"}], "fx_file_invalid"),
    ([{"name": "doc", "fileName": "a.pdf"}], "fx_recipients_invalid"),
    ([REQUEST_PART, *({"name": f"f{i}", "fileName": f"{i}.pdf"} for i in range(11))], "fx_max_files_reached"),
])
def test_a_multipart_fax_maps_to_the_json_structure(tmp_path, capsys, params, code) -> None:
    status, [verdict] = verdicts(write(tmp_path, "fax.har", fax(params)), capsys=capsys)
    assert (status, verdict["operation"], verdict["code"]) == (1 if code else 0, "faxes.create", code)


def test_max_fax_files_is_a_setting(tmp_path, capsys) -> None:
    params = [REQUEST_PART, *({"name": f"f{i}", "fileName": f"{i}.pdf"} for i in range(3))]
    path = write(tmp_path, "fax.har", fax(params))
    assert verdicts(path, capsys=capsys)[0] == 0
    status, [verdict] = verdicts("--max-fax-files", "2", path, capsys=capsys)
    assert (status, verdict["code"]) == (1, "fx_max_files_reached")


def test_a_raw_multipart_text_is_read_as_the_adapters_read_it(tmp_path, capsys) -> None:
    body = (b"--b\r\nContent-Disposition: form-data; name=\"request\"\r\nContent-Type: application/json\r\n\r\n"
            b"{\"recipients\":[\"210\"]}\r\n--b\r\nContent-Disposition: form-data; name=\"files\"; "
            b"filename=\"a.txt\"\r\n\r\nhello\r\n--b--\r\n")
    text = body.decode()
    truncated = text[: text.rindex("--b--")]
    recording = har(
        har_entry("POST", f"{HOST}{FAX}", mime="multipart/form-data; boundary=b", text=text),
        # mitmproxy writes the raw text and the (URL-encoded only, so empty) params
        har_entry("POST", f"{HOST}{FAX}", mime="multipart/form-data; boundary=b", text=text, params=[]),
        har_entry("POST", f"{HOST}{FAX}", mime="multipart/form-data; boundary=b", text=truncated),
        har_entry("POST", f"{HOST}{FAX}", mime="multipart/form-data", text=text),  # no boundary
        # multipart to an operation that takes no upload: the body counts as empty
        har_entry("POST", f"{HOST}/uapi/phoneCalls/@me/simple", mime="multipart/form-data; boundary=b",
                  text=text),
    )
    status, lines = verdicts(write(tmp_path, "raw.har", recording), capsys=capsys)
    assert status == 1
    assert [v["code"] for v in lines] == [None, None, "fx_recipients_invalid", "fx_recipients_invalid",
                                          "extension_invalid"]


MULTIPART_PIECES = st.sampled_from([
    "--b", "\r\n", 'Content-Disposition: form-data; name="request"', '; filename="a.pdf"',
    "; filename*=UTF-8''%E2%82%AC.pdf", "; filename*=bad''%ZZ", "Content-Type: application/pdf",
    "Content-Transfer-Encoding: base64", "=?utf-8?q?x?=", '{"recipients":["210"]}', "--b--", "\x00", "\udc80",
    "é", ";", '"', ":",
])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bodies=st.lists(st.tuples(st.lists(MULTIPART_PIECES, max_size=25).map("".join),
                                 st.sampled_from(["multipart/form-data; boundary=b", "multipart/form-data",
                                                  "multipart/form-data; boundary*=x''b"])), min_size=1, max_size=5))
def test_any_multipart_text_gets_a_verdict(tmp_path_factory, bodies) -> None:
    path = write(tmp_path_factory.mktemp("multipart"), "m.jsonl", jsonl(
        *({"method": "POST", "url": FAX, "body": text, "content_type": ct} for text, ct in bodies)))
    out = io.StringIO()
    assert cli.main(["audit", "--json", path], out=out) in (0, 1)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [v["operation"] for v in lines] == ["faxes.create"] * len(bodies)
    assert all(v["code"] in (None, "fx_recipients_invalid", "fx_file_invalid") for v in lines)


def test_a_body_of_another_content_type_counts_as_empty(tmp_path, capsys) -> None:
    good = '{"extension":"210","phoneCallView":[{"source":["5354353"],"destination":["5353535"]}]}'
    recording = har(*(har_entry("POST", f"{HOST}/uapi/phoneCalls/@me/simple", text=good, mime=mime)
                      for mime in ("application/json; charset=UTF-8", "application/vnd.api+json", "text/plain",
                                   "application/x-www-form-urlencoded")))
    status, lines = verdicts(write(tmp_path, "types.har", recording), capsys=capsys)
    assert status == 1
    assert [v["code"] for v in lines] == [None, None, "extension_invalid", "extension_invalid"]


def test_the_documented_examples_are_all_valid(tmp_path, capsys) -> None:
    """README's requests and one valid request per operation (tests/adapters/samples.py)."""
    readme = [
        ("GET", "/uapi/cdr/@me?count=100&sortOrder=descending", None),
        ("POST", "/uapi/phoneCalls/@me/simple",
         '{"extension":"210","phoneCallView":[{"source":["5354353","5302040"],'
         '"destination":["5353535"],"callerId":"John Doe <4242425>"}]}'),
    ]
    for _, url, body in readme:  # as they stand in the README
        assert url.removeprefix("/uapi/cdr/@me") in README
        assert body is None or body[:40] in README.replace("'\n    b'", "")
    samples = [(s.method, s.url, None if s.body is None else s.body.decode()) for s in VALID]
    recording = har(*(har_entry(m, HOST + url, text=body) for m, url, body in [*readme, *samples]))
    status, lines = verdicts(write(tmp_path, "examples.har", recording), capsys=capsys)
    assert status == 0
    assert all(v["valid"] is True for v in lines), [v for v in lines if not v["valid"]]
    # every operation the samples cover (presence.list comes with its own sample)
    assert {v["operation"] for v in lines} >= {op.id for op in default_spec()} - {"presence.list"}


def test_the_documented_invalid_examples_get_their_codes(tmp_path, capsys) -> None:
    readme_check = re.search(r"ua-validate check GET '([^']+)'", README)
    assert readme_check is not None
    cases = [("GET", readme_check.group(1), None, "cdr_invalid_date_parameters", None),
             *((m, p, None if b is None else json.dumps(b), code, variant) for m, p, b, code, variant in INVALID)]
    recording = har(*(har_entry(m, HOST + p, text=b) for m, p, b, _, _ in cases))
    status, lines = verdicts(write(tmp_path, "invalid.har", recording), capsys=capsys)
    assert status == 1
    assert [(v["code"], v["variant"]) for v in lines] == [(code, variant) for *_, code, variant in cases]
    for verdict in lines:
        entry = catalog.entry(verdict["code"], verdict["variant"])
        assert (verdict["valid"], verdict["status"], verdict["message"]) == (False, entry.status, entry.message)


def test_one_invalid_request_per_operation_names_its_operation(tmp_path, capsys) -> None:
    samples = [(s.method, s.url, None if s.body is None else s.body.decode()) for s in INVALID_PER_OPERATION]
    path = write(tmp_path, "invalid.jsonl", jsonl(*({"method": m, "url": u, "body": b} for m, u, b in samples)))
    status, lines = verdicts("--show-values", path, capsys=capsys)
    assert status == 1
    for (method, url, body), verdict in zip(samples, lines, strict=True):
        try:
            validate_request(method, url, body)
        except UAError as err:
            assert (verdict["code"], verdict["variant"]) == (err.code, err.variant)
            assert verdict["param"] == getattr(err, "param", None)
        else:
            pytest.fail(f"{method} {url} is valid")
        op = cli.default_validator().router.match(method, url.split("?")[0])
        assert verdict["operation"] == (op[0].id if op else None)
        assert verdict["url"] == url


# --- JSON Lines ----------------------------------------------------------------------------------------

def test_json_lines_with_text_and_json_bodies(tmp_path, capsys) -> None:
    simple = {"extension": "210", "phoneCallView": [{"source": ["5354353"], "destination": ["5353535"]}]}
    records = [
        {"method": "GET", "url": "/uapi/cdr/@me?count=5"},
        {"method": "post", "url": "/uapi/phoneCalls/@me/simple", "body": simple},
        {"method": "POST", "url": "/uapi/phoneCalls/@me/simple", "body": json.dumps(simple),
         "content_type": "application/json"},
        {"method": "POST", "url": "/uapi/phoneCalls/@me/simple", "body": simple, "content_type": "text/plain"},
        {"method": "POST", "url": "/uapi/phoneCalls/@me/simple", "body": [simple]},
        {"method": "GET", "url": "https://www.example.com/index.html"},
        {"method": "GET", "url": "/uapix/cdr"},
        {"method": "GET", "url": "/uapi"},
        {"method": "PATCH", "url": "/unifiedapi/cdr"},
    ]
    # A JSON integer of more digits than Python converts is a value no type accepts.
    huge_number = ('{"method": "POST", "url": "/uapi/extensions/@me/210/phoneCallEvents/2", "body": '
                   '{"url": "https://example.com/hook", "method": ' + "9" * 5000 + "}}\n")
    text = jsonl(*records[:3]) + "\n  \n" + jsonl(*records[3:]) + huge_number  # blank lines: no requests
    status, lines = verdicts(write(tmp_path, "traffic.jsonl", text), capsys=capsys)
    assert status == 1
    assert [(v["entry"], v["operation"], v["skipped"], v["valid"], v["code"]) for v in lines] == [
        (1, "cdr.list", False, True, None),
        (2, "phone_calls.simple", False, True, None),
        (3, "phone_calls.simple", False, True, None),
        (6, "phone_calls.simple", False, False, "extension_invalid"),
        (7, "phone_calls.simple", False, False, "extension_invalid"),
        (8, None, True, None, None),
        (9, None, True, None, None),
        (10, None, False, False, "not_implemented"),
        (11, None, False, False, "not_implemented"),
        (12, "phone_call_events.create", False, False, "pce_method_invalid"),
    ]
    assert lines[1]["method"] == "post"


def test_skipped_requests_alone_exit_0(tmp_path, capsys) -> None:
    path = write(tmp_path, "other.jsonl", jsonl({"method": "GET", "url": "/index.html"}))
    status, out, err = run(path, capsys=capsys)
    assert (status, err) == (0, "")
    assert out.startswith("1 requests in 1 file: 0 judged (0 valid, 0 invalid), 1 skipped")


def test_a_har_without_entries_judges_nothing(tmp_path, capsys) -> None:
    status, out, err = run(write(tmp_path, "none.har", har()), capsys=capsys)
    assert (status, err) == (0, "")
    assert out.startswith("0 requests in 1 file: 0 judged")


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_audit_agrees_with_validate_request(tmp_path_factory, data) -> None:
    ops = [op.id for op in default_spec()]
    requests = []
    for _ in range(data.draw(st.integers(1, 6))):
        op = data.draw(st.sampled_from(ops))
        if data.draw(st.booleans()):
            raw = data.draw(valid_raw_requests(op))
        else:
            code, variant = data.draw(st.sampled_from(sorted(error_codes(op), key=str)))
            raw = data.draw(invalid_raw_requests(op, code, variant))
        requests.append(raw)
    path = write(tmp_path_factory.mktemp("audit"), "generated.jsonl",
                 jsonl(*({"method": r.method, "url": r.url, "body": r.body} for r in requests)))
    out = io.StringIO()
    status = cli.main(["audit", "--json", "--show-values", path], out=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    want = [expected(r.method, r.url, r.body) for r in requests]
    assert [(v["code"], v["variant"]) for v in lines] == [(code, variant) for _, code, variant in want]
    assert [v["operation"] for v in lines if v["valid"]] == [op for op, code, _ in want if code is None]
    assert status == (1 if any(code for _, code, _ in want) else 0)


# --- the text report and masking --------------------------------------------------------------------------

RECORDS = (
    {"method": "GET", "url": "/uapi/cdr/@me?count=5"},
    {"method": "GET", "url": "/uapi/cdr/@me?count=abc&filterBy=source&filterValue=%2B40213001000"},
    {"method": "PUT", "url": "/uapi/extensions/@me/0003*212/queue/agents/+40213001000", "body": {"status": 9}},
    {"method": "GET", "url": "/uapi/nothing/0040213001000"},
    {"method": "GET", "url": "/static/app.js"},
)


def test_the_text_report(tmp_path, capsys) -> None:
    path = write(tmp_path, "t.jsonl", jsonl(*RECORDS))
    status, out, err = run(path, capsys=capsys)
    assert (status, err) == (1, "")
    assert out == (
        "5 requests in 1 file: 4 judged (1 valid, 3 invalid), 1 skipped (outside /uapi and /unifiedapi)\n"
        "\n"
        "operation              judged   valid invalid\n"
        "cdr.list                    2       1       1\n"
        "queue_agents.update         1       0       1\n"
        "(no operation)              1       0       1\n"
        "\n"
        "code             status  requests\n"
        "count_invalid       400         1\n"
        "not_implemented     501         1\n"
        "status_invalid      400         1\n"
        "\n"
        "Invalid requests:\n"
        f"{path} line 2: GET /uapi/cdr/@me?count=abc&filterBy=source&filterValue=%2B40******000\n"
        "    count_invalid [count]: Parameter count is invalid.\n"
        "    reason: count must be an integer from 1 to 5000\n"
        f"{path} line 3: PUT /uapi/extensions/@me/0003*212/queue/agents/+40******000\n"
        "    status_invalid [status]: The type of action performed is invalid.\n"
        "    reason: status in the body must be one of 0, 1 or 2 (text or a JSON number); give status, number or both\n"
        f"{path} line 4: GET /uapi/nothing/00********000\n"
        "    not_implemented: The operation is not implemented.\n"
        "    reason: no operation answers this method and path (ua-validate operations lists them)\n"
    )


def test_json_verdicts_field_by_field(tmp_path, capsys) -> None:
    path = write(tmp_path, "t.jsonl", jsonl(*RECORDS))
    status, lines = verdicts(path, capsys=capsys)
    common = {"file": path, "method": "GET", "skipped": False}
    assert status == 1
    assert lines == [
        {**common, "entry": 1, "url": "/uapi/cdr/@me?count=5", "operation": "cdr.list", "valid": True,
         "code": None, "variant": None, "param": None, "status": None, "message": None, "reason": None},
        {**common, "entry": 2, "url": "/uapi/cdr/@me?count=abc&filterBy=source&filterValue=%2B40******000",
         "operation": "cdr.list", "valid": False, "code": "count_invalid", "variant": None, "param": "count",
         "status": 400, "message": "Parameter count is invalid.", "reason": "count must be an integer from 1 to 5000"},
        {**common, "method": "PUT", "entry": 3, "url": "/uapi/extensions/@me/0003*212/queue/agents/+40******000",
         "operation": "queue_agents.update", "valid": False, "code": "status_invalid", "variant": None,
         "param": "status", "status": 400, "message": "The type of action performed is invalid.",
         "reason": "status in the body must be one of 0, 1 or 2 (text or a JSON number); give status, number or both"},
        {**common, "entry": 4, "url": "/uapi/nothing/00********000", "operation": None, "valid": False,
         "code": "not_implemented", "variant": None, "param": None, "status": 501,
         "message": "The operation is not implemented.", "reason": "no operation answers this method and path (ua-validate operations lists them)"},
        {**common, "entry": 5, "url": "/static/app.js", "operation": None, "skipped": True, "valid": None,
         "code": None, "variant": None, "param": None, "status": None, "message": None, "reason": None},
    ]


def test_show_values_prints_the_numbers(tmp_path, capsys) -> None:
    path = write(tmp_path, "t.jsonl", jsonl(*RECORDS))
    status, out, _ = run("--show-values", path, capsys=capsys)
    assert status == 1
    assert "agents/+40213001000\n" in out and "filterValue=%2B40213001000\n" in out
    assert "*" not in out.replace("0003*212", "")
    _, lines = verdicts(path, capsys=capsys)
    assert [v["url"] for v in lines] == [
        "/uapi/cdr/@me?count=5",
        "/uapi/cdr/@me?count=abc&filterBy=source&filterValue=%2B40******000",
        "/uapi/extensions/@me/0003*212/queue/agents/+40******000",
        "/uapi/nothing/00********000",
        "/static/app.js",
    ]
    _, shown = verdicts("--show-values", path, capsys=capsys)
    assert [v["url"] for v in shown] == [r["url"] for r in RECORDS]


def test_the_report_shows_paths_of_absolute_urls_escaped_and_cut(tmp_path, capsys) -> None:
    records = [{"method": "GET", "url": f"{HOST}/uapi/cdr/@me?count=\x1b[31m"},
               {"method": "GET\n", "url": "/uapi/cdr/@me?count=" + "9" * 400}]
    status, out, _ = run(write(tmp_path, "t.jsonl", jsonl(*records)), capsys=capsys)
    assert status == 1
    assert "line 1: GET /uapi/cdr/@me?count=\\x1b[31m\n" in out
    # cut at 300 characters, then masked
    assert "line 2: GET\\x0a /uapi/cdr/@me?count=99" + "*" * 275 + "999...\n" in out
    assert HOST not in out


@pytest.mark.parametrize(("text", "masked"), [
    ("+40213001000", "+40******000"),
    ("0040213001000", "00********000"),
    ("%2B40213001000", "%2B40******000"),
    ("5354353", "53**353"),
    ("+1 (415) 555-2671", "+1 (4**) ***-*671"),
    ("+40+21+300+1000", "+40+**+***+*000"),  # a query's spaces
    ("+40%20213%20001%20000", "+40%20***%20***%20000"),  # escapes keep their digits
    ("4%2021300100%200", "4%202*****00%200"),
    ("123456", "123456"),  # short runs: extensions, counts, ids
    ("0003*210", "0003*210"),
    ("2024-01-01T00:00:00%2B02:00", "2024-01-01T00:00:00%2B02:00"),  # a date stays readable
    ("0040-21-30-01000", "00**-**-**-**000"),  # not a date
])
def test_mask(text, masked) -> None:
    assert audit.mask(text) == masked


@given(st.text(alphabet="0123456789+-. ()%2Bx*", max_size=40))
def test_mask_hides_every_long_digit_run_and_keeps_the_rest(text) -> None:
    masked = audit.mask(text)
    assert len(masked) == len(text)
    assert all(a == b or (b == "*" and a.isdigit()) for a, b in zip(text, masked, strict=True))
    # No 7 digits of a number stay together (the digits of %20 and %2B escapes are no part of one).
    assert not re.search(r"[0-9]{7}", masked.replace("%2B", "%").replace("%20", "%"))


# --- unreadable inputs: exit 2, one line naming the file and where -----------------------------------------

GOOD_LINE = '{"method": "GET", "url": "/uapi/cdr/@me?count=5"}\n'


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty: neither a HAR file nor JSON Lines"),
    (b"\n \n\t\n", "empty: neither a HAR file nor JSON Lines"),
    (har(har_entry("GET", f"{HOST}/uapi/cdr")).encode()[:-40],
     "neither a HAR file nor JSON Lines: not valid JSON (line 51, column 11: Unterminated string starting at)"),
    (b'{"log": {"version": "1.2", "creator": {}}}', "not a HAR file: no log.entries list"),
    (b'{"log": {"entries": {}}}', "not a HAR file: no log.entries list"),
    (b"[1, 2]\n", "not a HAR file: no log.entries list"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "neither a HAR file nor JSON Lines: not UTF-8 (byte 1)"),
    (b"\x00\x01\x02\x03 garbage", "neither a HAR file nor JSON Lines: not valid JSON "
                                  "(line 1, column 1: Expecting value)"),
    (b'{"log": {"entries": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}}",
     "neither a HAR file nor JSON Lines: not readable: JSON nested too deeply"),
])
def test_an_unreadable_file(tmp_path, capsys, content, message) -> None:
    path = write(tmp_path, "bad.har", content)
    status, out, err = run(path, capsys=capsys)
    assert (status, out, err) == (2, "", f"ua-validate audit: {path}: {message}\n")


@pytest.mark.parametrize(("entry", "message"), [
    ("not an object", "entry 2: is not an object"),
    ({"response": {}}, "entry 2: has no request object"),
    ({"request": {"method": "GET"}}, "entry 2: request without a method and url"),
    ({"request": {"method": "GET", "url": 5}}, "entry 2: request without a method and url"),
    ({"request": {"method": "POST", "url": "/uapi/cdr", "postData": "x"}}, "entry 2: postData is not an object"),
    ({"request": {"method": "POST", "url": "/uapi/cdr", "postData": {"mimeType": "", "text": 1}}},
     "entry 2: postData.text is not a string"),
])
def test_an_unreadable_har_entry(tmp_path, capsys, entry, message) -> None:
    path = write(tmp_path, "bad.har", har(har_entry("GET", f"{HOST}/uapi/cdr"), entry))
    status, out, err = run(path, capsys=capsys)
    assert (status, out, err) == (2, "", f"ua-validate audit: {path}: {message}\n")


@pytest.mark.parametrize(("line", "message"), [
    (b'{"method": "GET", "url": "/uapi/cd', "line 3: not valid JSON (column 26: Unterminated string starting at)"),
    (b'{"method": "GET", "url": "/uapi/cdr"', "line 3: not valid JSON (column 37: Expecting ',' delimiter)"),
    (b'{"method": "GET", "url": "/uapi/cdr"} {}', "line 3: not valid JSON (column 39: Extra data)"),
    (b'["GET", "/uapi/cdr"]', "line 3: not a JSON object"),
    (b'{"method": "GET"}', 'line 3: no "method" and "url" strings'),
    (b'{"method": "GET", "url": "/uapi/cdr", "body": "{}", "content_type": 1}',
     'line 3: "content_type" is not a string'),
    (b'{"method": "GET", "url": "/uapi/cdr\xff"}', "line 3: not UTF-8 (byte 36)"),
    (b"\x00\xff\xfe binary", "line 3: not UTF-8 (byte 2)"),
    (b'{"method": "GET", "url": "/uapi/cdr", "body": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
     "line 3: not readable: JSON nested too deeply"),
])
def test_an_unreadable_line(tmp_path, capsys, line, message) -> None:
    path = write(tmp_path, "bad.jsonl", (GOOD_LINE * 2).encode() + line + b"\n" + GOOD_LINE.encode())
    status, out, err = run(path, capsys=capsys)
    assert (status, out, err) == (2, "", f"ua-validate audit: {path}: {message}\n")


def test_json_output_stops_at_the_unreadable_line(tmp_path, capsys) -> None:
    path = write(tmp_path, "bad.jsonl", GOOD_LINE * 2 + "{\n" + GOOD_LINE)
    status, out, err = run("--json", path, capsys=capsys)
    assert status == 2 and err == f"ua-validate audit: {path}: line 3: not valid JSON " \
                                  "(column 2: Expecting property name enclosed in double quotes)\n"
    assert [json.loads(line)["entry"] for line in out.splitlines()] == [1, 2]


def test_a_huge_line(tmp_path, capsys) -> None:
    huge = '{"method": "GET", "url": "/uapi/cdr?x=' + "a" * audit.MAX_LINE_BYTES + '"}\n'
    path = write(tmp_path, "huge.jsonl", GOOD_LINE + huge + GOOD_LINE)
    status, out, err = run(path, capsys=capsys)
    assert (status, out, err) == (2, "", f"ua-validate audit: {path}: line 2: longer than 8 MiB\n")
    first = write(tmp_path, "first.jsonl", huge + GOOD_LINE)
    status, out, err = run(first, capsys=capsys)
    assert (status, err) == (2, f"ua-validate audit: {first}: line 1: longer than 8 MiB, and not a HAR file\n")


def test_a_line_just_under_the_limit_is_read(tmp_path, capsys) -> None:
    prefix = '{"method": "GET", "url": "/uapi/cdr?x='
    line = prefix + "a" * (audit.MAX_LINE_BYTES - len(prefix) - 3) + '"}\n'
    assert len(line) == audit.MAX_LINE_BYTES
    status, lines = verdicts(write(tmp_path, "long.jsonl", GOOD_LINE + line), capsys=capsys)
    assert (status, [v["valid"] for v in lines]) == (0, [True, True])


def test_a_byte_order_mark_is_accepted(tmp_path, capsys) -> None:
    for name, text in (("bom.jsonl", GOOD_LINE), ("bom.har", har(har_entry("GET", f"{HOST}/uapi/cdr")))):
        status, lines = verdicts(write(tmp_path, name, b"\xef\xbb\xbf" + text.encode()), capsys=capsys)
        assert (status, [v["valid"] for v in lines]) == (0, [True])


def test_a_missing_file(tmp_path, capsys) -> None:
    path = str(tmp_path / "nowhere.har")
    assert run(path, capsys=capsys) == (2, "", f"ua-validate audit: {path}: cannot be opened "
                                               "(No such file or directory)\n")


def test_several_files_are_reported_together(tmp_path, capsys) -> None:
    first = write(tmp_path, "a.jsonl", jsonl(*RECORDS[:2]))
    second = write(tmp_path, "b.har", har(har_entry("GET", f"{HOST}/uapi/cdr/0")))
    status, out, _ = run(first, second, capsys=capsys)
    assert status == 1
    assert out.startswith("3 requests in 2 files: 3 judged (1 valid, 2 invalid), 0 skipped")
    assert f"{first} line 2: GET" in out and f"{second} entry 1: GET /uapi/cdr/0\n    user_invalid" in out


# --- standard input, processes, progress ----------------------------------------------------------------

def test_standard_input(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(jsonl(*RECORDS).encode())))
    status, lines = verdicts("-", capsys=capsys)
    assert status == 1 and [v["file"] for v in lines] == ["<stdin>"] * 5
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert run("-", capsys=capsys) == (2, "", "ua-validate audit: <stdin>: empty: neither a HAR file nor "
                                              "JSON Lines\n")


def test_as_a_real_command_reading_standard_input() -> None:
    done = subprocess.run([CLI, "audit", "-"], input=har(har_entry("GET", f"{HOST}/uapi/cdr?count=abc")).encode(),
                          capture_output=True, timeout=60, check=False)
    assert (done.returncode, done.stderr) == (1, b"")
    assert done.stdout.decode().endswith("<stdin> entry 1: GET /uapi/cdr?count=abc\n"
                                         "    count_invalid [count]: Parameter count is invalid.\n"
                                         "    reason: count must be an integer from 1 to 5000\n")
    done = subprocess.run([CLI, "audit", "-"], input=b"\xff\xfe\x00garbage", capture_output=True, timeout=60,
                          check=False)
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr == b"ua-validate audit: <stdin>: neither a HAR file nor JSON Lines: not UTF-8 (byte 1)\n"


def many_records(count: int) -> list[dict[str, Any]]:
    urls = ["/uapi/cdr/@me?count={}", "/uapi/cdr/@me?count=x{}", "/uapi/phoneCalls/@me/0003*210?count={}",
            "/other/{}", "/uapi/extensions/@me/210/queue/agents?filterBy=status&filterValue={}"]
    return [{"method": "GET", "url": urls[i % len(urls)].format(i % 7)} for i in range(count)]


def test_jobs_give_the_same_verdicts_in_the_same_order(tmp_path, capsys) -> None:
    path = write(tmp_path, "many.jsonl", jsonl(*many_records(4500)))
    one = run("--json", path, capsys=capsys)
    two = run("--json", "--jobs", "2", path, capsys=capsys)
    assert one == two and one[0] == 1
    assert [json.loads(line)["entry"] for line in one[1].splitlines()] == list(range(1, 4501))
    assert run(path, capsys=capsys) == run("--jobs", "3", path, capsys=capsys)
    har_path = write(tmp_path, "many.har", har(*(har_entry("GET", HOST + r["url"]) for r in many_records(2100))))
    assert run("--json", har_path, capsys=capsys) == run("--json", "--jobs", "2", har_path, capsys=capsys)


def test_jobs_report_what_precedes_an_unreadable_line(tmp_path, capsys) -> None:
    lines = [json.dumps(record) for record in many_records(3500)]
    lines[2999] = "not json"
    path = write(tmp_path, "bad.jsonl", "\n".join(lines) + "\n")
    status, out, err = run("--json", "--jobs", "2", path, capsys=capsys)
    assert (status, err) == (2, f"ua-validate audit: {path}: line 3000: not valid JSON "
                                "(column 1: Expecting value)\n")
    assert [json.loads(line)["entry"] for line in out.splitlines()] == list(range(1, 3000))


def test_bad_options(capsys) -> None:
    for argv in (["--jobs", "0", "x"], ["--max-fax-files", "0", "x"], []):
        with pytest.raises(SystemExit) as info:
            cli.main(["audit", *argv])
        assert info.value.code == 2
    assert run("--phone-region", "XX", "x", capsys=capsys)[0] == 2


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_on_a_terminal_only(tmp_path) -> None:
    import fcntl
    import pty
    import struct
    import termios

    path = write(tmp_path, "many.jsonl", jsonl(*many_records(3000)))
    leader, follower = pty.openpty()
    # A terminal of 80 columns: tqdm draws nothing on one of width 0.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    chunks: list[bytes] = []

    def read_terminal() -> None:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO once the command has closed the terminal
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=read_terminal)
    reader.start()
    try:
        done = subprocess.run([CLI, "audit", path], stdout=subprocess.PIPE, stderr=follower, timeout=60,
                              check=False)
    finally:
        os.close(follower)
        reader.join(timeout=10)
        os.close(leader)
    shown = b"".join(chunks)
    assert done.returncode == 1
    # tqdm's bar, on standard error, named by the file's base name whatever its folder's length
    assert re.search(rb"\rmany\.jsonl: +\d+%\|", shown), shown
    assert done.stdout.startswith(b"3000 requests in 1 file")
    piped = subprocess.run([CLI, "audit", path], capture_output=True, timeout=60, check=False)
    assert (piped.returncode, piped.stderr, piped.stdout) == (1, b"", done.stdout)


def test_the_command_imports_tqdm_only_for_a_terminal(tmp_path) -> None:
    path = write(tmp_path, "t.jsonl", jsonl(*RECORDS))
    code = (
        "import io, json, sys\nfrom ua_validate import cli\nbefore = sorted(sys.modules)\n"
        f"status = cli.main(['audit', {path!r}], out=io.StringIO())\n"
        "print(json.dumps([status, before, sorted(sys.modules)]))"
    )
    done = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=60,
                          check=False)
    status, before, after = json.loads(done.stdout)
    assert status == 1
    assert "ua_validate.audit" not in before and "ua_validate.audit" in after
    assert not any(name.partition(".")[0] == "tqdm" for name in after)


def test_the_readme_example_prints_what_the_readme_shows(tmp_path) -> None:
    section = README.split("## Auditing recorded traffic\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```\n\$ cat traffic.jsonl\n(.*?)\$ ua-validate audit traffic.jsonl\n(.*?)```", section,
                      flags=re.DOTALL)
    assert block is not None
    (tmp_path / "traffic.jsonl").write_text(block.group(1), encoding="utf-8")
    done = subprocess.run([CLI, "audit", "traffic.jsonl"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, check=False)
    assert (done.returncode, done.stderr, done.stdout) == (1, "", block.group(2))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_the_command_and_its_workers(jobs) -> None:
    process = subprocess.Popen([CLI, "audit", "--jobs", jobs, "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    assert process.stdin is not None and process.stderr is not None
    process.stdin.write(GOOD_LINE.encode() * 3000)  # then the command waits for more
    process.stdin.flush()
    time.sleep(1.5)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal sends to the whole group
    assert process.wait(timeout=30) == 130
    assert process.stderr.read() == b"ua-validate audit: interrupted\n"
    process.stdin.close()
    deadline = time.monotonic() + 15
    while True:  # the workers and multiprocessing's helpers are gone too
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline, "processes of the command outlived it"
        time.sleep(0.1)


# Bodies on which Python's email helpers raise (issue 10, finding 1): each is a malformed upload,
# so the fax has no fields, and the verdict is the documented one; never a traceback.
_HOSTILE_MULTIPART = [
    ("multipart/form-data; boundary=b; x*=a; x*0=b", "--b--"),
    ("multipart/form-data; boundary=b",
     '--b\r\nContent-Disposition: form-data; name="f"; filename*=a; filename*0=b\r\n\r\nx\r\n--b--\r\n'),
    ("multipart/form-data; boundary=b",
     "--b\r\nContent-Disposition: form-data; name=\"f\"; filename*=idna''a.pdf\r\n\r\nx\r\n--b--\r\n"),
]


@pytest.mark.parametrize(("content_type", "text"), _HOSTILE_MULTIPART)
def test_a_recorded_multipart_body_the_email_helpers_choke_on_is_malformed(
        tmp_path: Path, content_type: str, text: str) -> None:
    from ua_validate.cli import main

    recording = tmp_path / "hostile.jsonl"
    recording.write_text(json.dumps({"method": "POST", "url": "/uapi/faxes/@me/210",
                                     "content_type": content_type, "body": text}) + "\n")
    out = io.StringIO()
    assert main(["audit", "--json", str(recording)], out=out) == 1
    verdict = json.loads(out.getvalue())
    assert (verdict["operation"], verdict["code"], verdict["param"]) == ("faxes.create", "fx_recipients_invalid",
                                                                         "recipients")
