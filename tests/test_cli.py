"""The ``ua-validate`` command line: check, codes [--json], operations (SPEC §8)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest

from ua_validate import catalog, cli
from ua_validate.loader import default_spec


def run(*argv: str) -> tuple[int, str]:
    out = StringIO()
    code = cli.main(list(argv), out=out)
    return code, out.getvalue()


def error_output(status_line: str, code: str, message: str) -> str:
    body = json.dumps({"error": {"code": code, "message": message}})
    return f"{status_line}\n{body}\n"


# --- check ------------------------------------------------------------------------------------------

def test_check_valid_request_prints_the_cleaned_parameters() -> None:
    code, text = run("check", "GET", "/uapi/cdr/@me?count=100&startDate=2024-01-01T00:00:00&sortOrder=desc")
    assert code == 0
    assert json.loads(text) == {
        "operation": "cdr.list",
        "params": {"userId": "@me", "startDate": "2024-01-01T00:00:00", "count": 100, "sortOrder": "desc",
                   "startIndex": 0},
    }


def test_check_renders_dates_lists_and_booleans_as_json() -> None:
    url = ("/uapi/cdr?startDate=2024-01-01T00:00:00%2B02:00&endDate=2024-01-02T00:00:00Z"
           "&filterBy=source&filterOp=inArray&filterValue=210,0003*211&fields=id,source")
    code, text = run("check", "GET", url)
    assert code == 0
    assert json.loads(text)["params"] == {
        "startDate": "2024-01-01T00:00:00+02:00", "endDate": "2024-01-02T00:00:00+00:00",
        "filterValue": ["210", "0003*211"], "fields": ["id", "source"], "count": 20, "filterBy": "source",
        "filterOp": "inArray", "startIndex": 0,
    }


def test_check_with_a_body() -> None:
    body = ('{"extension":"210","phoneCallView":[{"source":["5354353","5302040"],"destination":["5353535"],'
            '"callerId":"John Doe <4242425>"}]}')
    code, text = run("check", "POST", "/uapi/phoneCalls/@me/simple?video=TRUE", "--body", body)
    assert code == 0
    assert json.loads(text) == {
        "operation": "phone_calls.simple",
        "params": {
            "userId": "@me", "extension": "210",
            "phoneCallView": [{"source": ["5354353", "5302040"], "destination": ["5353535"],
                               "callerId": "John Doe <4242425>"}],
            "waitForPickup": 25, "allowPublicTransfer": False, "video": True,
        },
    }


def test_check_keeps_non_ascii_text() -> None:
    code, text = run("check", "POST", "/uapi/extensions/@me/210/phoneCallEvents",
                     "--body", '{"type":0,"method":1,"url":"http://a.example/x","note":"Événement ☎"}')
    assert code == 0
    assert "Événement ☎" in text
    assert json.loads(text)["params"]["note"] == "Événement ☎"


@pytest.mark.parametrize(("method", "url", "body", "status_line", "code", "message"), [
    ("GET", "/uapi/cdr/@me?count=6000", None, "HTTP 400 Bad Request", "count_invalid",
     "Parameter count is invalid."),
    ("GET", "/uapi/cdr/@me?startDate=2024-02-01T00:00:00&endDate=2024-01-01T00:00:00", None,
     "HTTP 400 Bad Request", "cdr_invalid_date_parameters",
     "The start date parameter is greater than end date parameter."),
    ("GET", "/uapi/cdr/@me?saveEndDate=2024-02-30T00:00:00", None, "HTTP 400 Bad Request",
     "cdr_save_end_date_invalid",
     "The end start date parameter is invalid. The format should be ISO ISO 8601 YYYY-MM-DDThh:mm:ss."),
    ("GET", "/uapi/phoneCalls/@me/0003*210?filterBy=status&filterValue=x", None, "HTTP 400 Bad Request",
     "filterby_invalid", "Parameter filterBy is invalid."),
    ("GET", "/uapi/extensions/@me/210/phoneCallEvents?filterBy=status&filterValue=x", None,
     "HTTP 400 Bad Request", "filtervalue_invalid", "Parameter filterValue contains invalid numbers."),
    ("PUT", "/uapi/phoneCalls/12/0003*210/b817d2618fe6f1804333",
     '{"action":"StartRecording","format":"mp3","phoneCallViewId":"01"}', "HTTP 400 Bad Request",
     "pc_recformat_invalid", "Parameter format is invalid."),
    ("PUT", "/uapi/phoneCalls/12/0003*210/b817d2618fe6f1804333", '{"action":"Dance"}',
     "HTTP 501 Not Implemented", "not_implemented", "The operation is not implemented."),
    ("POST", "/uapi/faxes/@me/210", '{"recipients":["210"],"files":[]}', "HTTP 400 Bad Request",
     "fx_file_invalid", "One of the sent files are invalid."),
    ("GET", "/uapi/nothing/here", None, "HTTP 501 Not Implemented", "not_implemented",
     "The operation is not implemented."),
    ("PATCH", "/uapi/cdr", None, "HTTP 501 Not Implemented", "not_implemented",
     "The operation is not implemented."),
])
def test_check_invalid_request_prints_status_line_and_body(method: str, url: str, body: str | None,
                                                           status_line: str, code: str, message: str) -> None:
    argv = ["check", method, url] + (["--body", body] if body is not None else [])
    exit_code, text = run(*argv)
    assert exit_code == 1
    assert text == error_output(status_line, code, message)


def test_check_with_a_body_that_is_not_json_counts_as_no_fields() -> None:
    exit_code, text = run("check", "POST", "/uapi/faxes/@me/210", "--body", "{not json")
    assert exit_code == 1
    assert text == error_output("HTTP 400 Bad Request", "fx_recipients_invalid", "The recipients parmeter is invalid.")


# --- codes ------------------------------------------------------------------------------------------

def test_codes_table() -> None:
    code, text = run("codes")
    assert code == 0
    lines = text.splitlines()
    assert lines[0].split() == ["status", "code", "message"]
    assert len(lines) == 1 + len(catalog.ENTRIES) == 74
    for line, entry in zip(lines[1:], catalog.ENTRIES, strict=True):
        name = entry.code + (f" ({entry.variant})" if entry.variant else "")
        assert line.startswith(f"{entry.status:<7}{name}")
        assert line.endswith(entry.message)


def test_codes_json() -> None:
    code, text = run("codes", "--json")
    assert code == 0
    assert json.loads(text) == [
        {"code": e.code, "variant": e.variant, "status": e.status, "message": e.message} for e in catalog.ENTRIES
    ]
    assert len(json.loads(text)) == 73


# --- operations -------------------------------------------------------------------------------------

def test_operations_lists_every_operation_with_method_template_and_parameters() -> None:
    code, text = run("operations")
    assert code == 0
    spec = default_spec()
    blocks = [block for block in text.strip().split("\n\n") if block]
    assert len(blocks) == 15
    for op, block in zip(spec, blocks, strict=True):
        first = block.splitlines()[0]
        assert first.startswith(op.id)
        assert first.endswith(f": {op.method} {op.path}")
        for param in op.checks:
            if hasattr(param, "location"):
                assert f"  {param.name} [{param.location}] " in block
    assert text.startswith("cdr.list (alias: cdr): GET /uapi/cdr[/{userId}]\n")
    assert "    action Park:" in text
    assert "phoneCallView [body] objects" in text and "      source [body] party" in text


# --- usage ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [[], ["nope"], ["check"], ["check", "GET"], ["codes", "--xml"]])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(argv, out=StringIO())
    assert info.value.code == 2
    assert "usage: ua-validate" in capsys.readouterr().err


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["--help"])
    assert info.value.code == 0
    help_text = capsys.readouterr().out
    for command in ("check", "codes", "operations", "serve"):
        assert command in help_text


def test_main_writes_to_stdout_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "GET", "/uapi/cdr?count=0"]) == 1
    assert capsys.readouterr().out == error_output("HTTP 400 Bad Request", "count_invalid",
                                                   "Parameter count is invalid.")


# --- the installed console script -------------------------------------------------------------------

SCRIPT = Path(sys.executable).with_name("ua-validate")


def _script(*argv: str) -> subprocess.CompletedProcess[str]:
    assert SCRIPT.exists(), "the ua-validate console script is installed beside the interpreter"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([str(SCRIPT), *argv], capture_output=True, text=True, encoding="utf-8", timeout=60,
                          env=env, check=False)


def test_console_script() -> None:
    bad = _script("check", "GET", "/uapi/cdr/@me?count=6000")
    assert bad.returncode == 1
    assert bad.stdout == error_output("HTTP 400 Bad Request", "count_invalid", "Parameter count is invalid.")
    good = _script("check", "GET", "/uapi/cdr/@me?count=100")
    assert good.returncode == 0
    assert json.loads(good.stdout) == {"operation": "cdr.list",
                                       "params": {"userId": "@me", "count": 100, "startIndex": 0}}
    codes = _script("codes", "--json")
    assert codes.returncode == 0 and len(json.loads(codes.stdout)) == 73
    usage = _script("frobnicate")
    assert usage.returncode == 2 and "usage: ua-validate" in usage.stderr
