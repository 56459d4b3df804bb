"""The ``ua-validate`` command line: check, codes [--json], operations (SPEC §8)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from io import StringIO
from pathlib import Path

import pytest

import ua_validate
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


def test_check_with_a_json_body_that_is_not_an_object_counts_as_no_fields() -> None:
    exit_code, text = run("check", "POST", "/uapi/faxes/@me/210", "--body", '["210"]')
    assert exit_code == 1
    assert text == error_output("HTTP 400 Bad Request", "fx_recipients_invalid", "The recipients parmeter is invalid.")


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run ``argv``: it must exit 2 with nothing on stdout and one line on stderr, returned."""
    out = StringIO()
    assert cli.main(list(argv), out=out) == 2
    assert out.getvalue() == ""
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.endswith("\n")
    assert err.startswith("ua-validate: error: ")
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(("body", "where"), [
    ("{not json", "line 1, column 2"),
    ("", "line 1, column 1"),
    ('{"recipients": ["210"],}', "line 1, column 24"),
    ("{}\n{}", "line 2, column 1"),
])
def test_check_with_a_body_that_is_not_json_is_a_usage_error(capsys: pytest.CaptureFixture[str], body: str,
                                                             where: str) -> None:
    err = usage_error(capsys, "check", "POST", "/uapi/faxes/@me/210", "--body", body)
    assert err.startswith(f"ua-validate: error: --body is not JSON ({where}: ")


def test_check_with_a_body_nested_too_deeply_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "check", "POST", "/uapi/faxes/@me/210", "--body", "[" * 100_000)
    assert err == "ua-validate: error: --body is nested too deeply to read\n"


FAX_BODY = '{"recipients": ["210"], "files": [{"name": "a.pdf", "type": "pdf", "size": 10}]}'
FAX_CLEANED = {"operation": "faxes.create", "params": {
    "userId": "@me", "extension": "210", "recipients": ["210"], "files": [{"name": "a.pdf", "type": "pdf", "size": 10}],
}}


def test_check_reads_the_body_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "fax é.json"
    path.write_text(FAX_BODY, encoding="utf-8")
    code, text = run("check", "POST", "/uapi/faxes/@me/210", "--body", f"@{path}")
    assert code == 0
    assert json.loads(text) == FAX_CLEANED


def test_check_reads_an_invalid_body_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "fax.json"
    path.write_text('{"recipients": []}', encoding="utf-8")
    code, text = run("check", "POST", "/uapi/faxes/@me/210", "--body", f"@{path}")
    assert code == 1
    assert text == error_output("HTTP 400 Bad Request", "fx_recipients_invalid", "The recipients parmeter is invalid.")


def test_check_body_file_that_is_not_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "fax.json"
    path.write_text('{"recipients": ["210"]', encoding="utf-8")
    err = usage_error(capsys, "check", "POST", "/uapi/faxes/@me/210", "--body", f"@{path}")
    assert err.startswith(f"ua-validate: error: --body ({path}) is not JSON (line 1, column 23: ")


@pytest.mark.parametrize("name", ["missing.json", ""])
def test_check_body_file_that_cannot_be_read(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    path = tmp_path / name  # a file that is not there, and a folder
    err = usage_error(capsys, "check", "POST", "/uapi/faxes/@me/210", "--body", f"@{path}")
    assert err.startswith(f"ua-validate: error: --body: cannot read {path}: ")


def test_check_body_file_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "fax.json"
    path.write_bytes(b'{"note": "\xff"}')
    err = usage_error(capsys, "check", "POST", "/uapi/faxes/@me/210", "--body", f"@{path}")
    assert err == f"ua-validate: error: --body: cannot read {path}: not UTF-8 text\n"


def test_check_reads_the_body_from_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", StringIO(FAX_BODY))
    code, text = run("check", "POST", "/uapi/faxes/@me/210", "--body", "-")
    assert code == 0
    assert json.loads(text) == FAX_CLEANED


def test_check_standard_input_that_is_not_json(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", StringIO(""))
    err = usage_error(capsys, "check", "POST", "/uapi/faxes/@me/210", "--body", "-")
    assert err.startswith("ua-validate: error: --body (standard input) is not JSON (line 1, column 1: ")


@pytest.mark.parametrize(("method", "url", "body", "status_line", "code", "message"), [
    ("GET", "/uapi/cdr/@me?count=6000", None, "HTTP 400 Bad Request", "count_invalid",
     "Parameter count is invalid."),
    ("POST", "/uapi/faxes/@me/210", '{"recipients":["210"],"files":[]}', "HTTP 400 Bad Request",
     "fx_file_invalid", "One of the sent files are invalid."),
    ("PUT", "/uapi/phoneCalls/12/0003*210/b817d2618fe6f1804333", '{"action":"Dance"}',
     "HTTP 501 Not Implemented", "not_implemented", "The operation is not implemented."),
    ("GET", "/uapi/nothing/here", None, "HTTP 501 Not Implemented", "not_implemented",
     "The operation is not implemented."),
])
def test_check_json_invalid_outcome_is_one_json_document(method: str, url: str, body: str | None,
                                                         status_line: str, code: str, message: str) -> None:
    argv = ["check", method, url, "--json"] + (["--body", body] if body is not None else [])
    exit_code, text = run(*argv)
    assert exit_code == 1
    document = json.loads(text)
    status = int(status_line.split()[1])
    assert document == {"status": status, "param": document["param"], "reason": document["reason"],
                        "body": {"error": {"code": code, "message": message}}}
    assert isinstance(document["reason"], str) and document["reason"]


def test_check_json_names_the_parameter_but_not_its_value() -> None:
    exit_code, text = run("check", "GET", "/uapi/cdr/@me?source=%2B40721234567x", "--json")
    assert exit_code == 1
    assert json.loads(text) == {"status": 400, "param": "source", "reason": (
        "source must be an extension (210, or 0003*210: groups of 1 to 10 digits) or a phone number (2 to 20 "
        "digits, optionally after +; with +, a possible number for its country code)"), "body": {"error": {
        "code": "cdr_source_invalid", "message": "The source parameter is invalid."}}}
    assert "40721234567" not in text


@pytest.mark.parametrize(("method", "url", "body", "reason"), [
    ("GET", "/uapi/cdr/@me?count=6000", None, "count must be an integer from 1 to 5000"),
    ("GET", "/uapi/cdr/@me?startDate=2024-02-01T00:00:00&endDate=2024-01-01T00:00:00", None,
     "startDate must not be later than endDate (a date without a zone is taken as UTC)"),
    ("POST", "/uapi/faxes/@me/210", '{"recipients":["210"],"files":[]}',
     "files is required in the body and must be a non-empty list of objects"),
    ("GET", "/uapi/nothing/here", None,
     "no operation answers this method and path (ua-validate operations lists them)"),
])
def test_check_says_why_on_standard_error(capsys: pytest.CaptureFixture[str], method: str, url: str,
                                          body: str | None, reason: str) -> None:
    exit_code, _ = run("check", method, url, *(["--body", body] if body is not None else []))
    assert exit_code == 1
    assert capsys.readouterr().err == f"reason: {reason}\n"
    exit_code, text = run("check", method, url, "--json", *(["--body", body] if body is not None else []))
    assert json.loads(text)["reason"] == reason
    assert capsys.readouterr().err == ""


def test_check_json_valid_outcome() -> None:
    code, text = run("check", "GET", "/uapi/cdr/@me?count=100", "--json")
    assert code == 0
    assert json.loads(text) == {"operation": "cdr.list", "params": {"userId": "@me", "count": 100, "startIndex": 0}}


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


def test_operations_one_operation() -> None:
    code, text = run("operations", "queue_agents.update")
    assert code == 0
    assert text.startswith("queue_agents.update: PUT /uapi/extensions/{userId}/{extension}/queue/agents/{agent}\n")
    assert text.count("\n\n") == 1 and text.endswith("\n\n")
    assert "  number [body] phone_number, optional -> qag_number_invalid\n" in text


def test_operations_by_alias() -> None:
    code, text = run("operations", "cdr")
    assert code == 0
    assert text.startswith("cdr.list (alias: cdr): GET /uapi/cdr[/{userId}]\n")


def test_operations_json_lists_every_operation() -> None:
    code, text = run("operations", "--json")
    assert code == 0
    document = json.loads(text)
    assert [op["id"] for op in document] == [op.id for op in default_spec()]
    cdr = document[0]
    assert (cdr["method"], cdr["path"], cdr["aliases"]) == ("GET", "/uapi/cdr[/{userId}]", ["cdr"])
    assert cdr["collection"]["filterBy"]["source"] == {"type": "ext_or_phone", "code": "cdr_invalid_filter_by_source"}
    assert cdr["checks"][-1] == {
        "name": "startIndex", "in": "query", "type": "int", "options": {"min": 0, "max": 5000}, "required": False,
        "required_unless": None, "default": 0, "aliases": [], "code": "startindex_invalid", "variant": None,
    }


def test_operations_json_one_operation() -> None:
    code, text = run("operations", "phone_calls.update", "--json")
    assert code == 0
    update = json.loads(text)
    assert update["id"] == "phone_calls.update"
    assert update["dispatch"]["name"] == "action" and update["dispatch"]["code"] == "not_implemented"
    (park,) = update["actions"]["Park"][1:]
    assert park["name"] == "maxInParking"
    assert park["options"] == {"min": 10, "max": 3600}
    assert [check["name"] for check in update["actions"]["Park"]] == ["phoneCallViewId", "maxInParking"]
    simple = json.loads(run("operations", "phone_calls.simple", "--json")[1])
    view = next(check for check in simple["checks"] if check.get("name") == "phoneCallView")
    assert [inner["name"] for inner in view["checks"]] == ["source", "destination", "callerId", "callerIdDestination"]
    cdr = json.loads(run("operations", "cdr.list", "--json")[1])
    assert {"rule": "date_order", "params": ["startDate", "endDate"], "code": "cdr_invalid_date_parameters",
            "variant": None} in cdr["checks"]
    sort_order = next(check for check in cdr["checks"] if check.get("name") == "sortOrder")
    assert sort_order["options"]["map"] == {"ascending": "asc", "descending": "desc"}


@pytest.mark.parametrize(("argv", "message"), [
    (["operations", "cdr.lst"], "unknown operation 'cdr.lst'; did you mean cdr.list?"),
    (["operations", "faxes.create.x", "--json"], "unknown operation 'faxes.create.x'; did you mean faxes.create?"),
    (["operations", "Phone_Calls.Simple"],
     "unknown operation 'Phone_Calls.Simple'; did you mean phone_calls.simple?"),
    (["operations", "queue_agents"],
     "unknown operation 'queue_agents'; did you mean queue_agents.list or queue_agents.update?"),
    (["operations", "zzz"], "unknown operation 'zzz'; `ua-validate operations` lists them"),
])
def test_unknown_operation_suggests_the_closest_ids(capsys: pytest.CaptureFixture[str], argv: list[str],
                                                   message: str) -> None:
    assert usage_error(capsys, *argv) == f"ua-validate: error: {message}\n"


# --- openapi ----------------------------------------------------------------------------------------

def test_openapi_to_a_file(tmp_path: Path) -> None:
    path = tmp_path / "openapi.json"
    code, text = run("openapi", "-o", str(path))
    assert (code, text) == (0, "")
    assert json.loads(path.read_text(encoding="utf-8"))["openapi"].startswith("3.1")


@pytest.mark.parametrize("name", ["missing/openapi.json", ""])
def test_openapi_to_an_unwritable_path(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    path = tmp_path / name  # in a folder that is not there, and a folder itself
    out = StringIO()
    assert cli.main(["openapi", "-o", str(path)], out=out) == 1
    assert out.getvalue() == ""
    err = capsys.readouterr().err
    assert err.startswith(f"ua-validate: error: cannot write {path}: ")
    assert err.count("\n") == 1 and "Traceback" not in err


# --- version ----------------------------------------------------------------------------------------

def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"ua-validate {ua_validate.__version__}\n"
    assert ua_validate.__version__ == metadata.version("ua-validate")


def test_python_dash_m() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "ua_validate", "--version"], capture_output=True, text=True,
                          timeout=60, env=env, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"ua-validate {ua_validate.__version__}\n", "")


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
