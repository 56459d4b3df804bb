"""The error catalog against the documented table, row by row, and the exceptions built on it.

tests/http-return-codes.txt is the documented table verbatim; it is parsed here (its section
headers give each row's HTTP status) and never read by the library itself.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import json
import pickle
import re
from collections import Counter
from pathlib import Path

import pytest

import ua_validate
from ua_validate import catalog
from ua_validate.catalog import ENTRIES, ROWS, Entry
from ua_validate.errors import Failure, SchemaError, UAError, UnknownOperationError, ValidationError

TABLE = Path(__file__).with_name("http-return-codes.txt")
SOURCE = Path(ua_validate.__file__).parent

# The codes with several messages, and the variant naming each message in table order.
VARIANTS = {
    "filtervalue_invalid": ["on_array", "numbers", "generic"],
    "pc_private_invalid": ["private", "phone_number"],
}
DEFAULT_VARIANT = {"filtervalue_invalid": "generic", "pc_private_invalid": "private"}


def documented_rows() -> list[tuple[int, str, str]]:
    """(status, code, message) for every row of the documented error table, in order."""
    rows: list[tuple[int, str, str]] = []
    status = None
    in_errors = False
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() == "Error Codes":
            in_errors = True
            continue
        if not in_errors:
            continue
        header = re.fullmatch(r"(\d{3}) [A-Z][A-Za-z ]+", line.strip())
        if header:
            status = int(header.group(1))
            continue
        row = re.fullmatch(r"([a-z_]+) \| (.+) \|", line)
        if row:
            assert status is not None, line
            rows.append((status, row.group(1), row.group(2)))
    return rows


DOCUMENTED = documented_rows()


# --- the table itself -------------------------------------------------------------------------

def test_the_documented_table_parses_as_expected() -> None:
    assert len(DOCUMENTED) == 74
    assert len({code for _, code, _ in DOCUMENTED}) == 70
    assert Counter(status for status, _, _ in DOCUMENTED) == {400: 65, 401: 3, 403: 1, 500: 4, 501: 1}


def test_catalog_has_74_rows_70_codes_73_entries() -> None:
    assert len(ROWS) == 74
    assert len({e.code for e in ROWS}) == 70
    assert len(ENTRIES) == 73
    assert len(set(ENTRIES)) == 73


@pytest.mark.parametrize("index", range(74))
def test_catalog_row_matches_documented_row(index: int) -> None:
    status, code, message = DOCUMENTED[index]
    row = ROWS[index]
    assert (row.status, row.code, row.message) == (status, code, message)


def test_catalog_rows_are_the_documented_rows_in_order() -> None:
    assert [(e.status, e.code, e.message) for e in ROWS] == DOCUMENTED


@pytest.mark.parametrize("message", [
    "The start date parameter is invalid. The format should be ISO ISO 8601 YYYY-MM-DDThh:mm:ss.",
    "The recipients parmeter is invalid.",
    "The end start date parameter is invalid. The format should be ISO ISO 8601 YYYY-MM-DDThh:mm:ss.",
    "Invalid extension given in the URI-Fragment",
    "One of the sent files are invalid.",
    "Parameter maxinparking is invalid.",
])
def test_typos_are_kept_verbatim(message: str) -> None:
    assert message in {e.message for e in ENTRIES}


def test_variants_name_the_messages_of_codes_with_several() -> None:
    for code, names in VARIANTS.items():
        rows = [e for e in ROWS if e.code == code]
        assert [e.variant for e in rows] == names
        assert catalog.variants(code) == tuple(names)
    assert [e.message for e in ROWS if e.code == "filtervalue_invalid"] == [
        "Parameter filterValue for onArray operation is invalid.",
        "Parameter filterValue contains invalid numbers.",
        "Parameter filterValue is invalid.",
    ]
    assert [e.message for e in ROWS if e.code == "pc_private_invalid"] == [
        "Parameter private is invalid.", "The phone number is invalid.",
    ]
    for entry in ENTRIES:
        if entry.code not in VARIANTS:
            assert entry.variant is None
            assert catalog.variants(entry.code) == (None,)


def test_extension_invalid_is_listed_twice_and_is_one_entry() -> None:
    rows = [e for e in ROWS if e.code == "extension_invalid"]
    assert len(rows) == 2 and rows[0] == rows[1]
    assert [e for e in ENTRIES if e.code == "extension_invalid"] == [rows[0]]


def test_entries_keep_the_table_order_without_the_repeat() -> None:
    assert list(ENTRIES) == list(dict.fromkeys(ROWS))


def test_lookups() -> None:
    assert catalog.is_known("count_invalid")
    assert catalog.is_known("filtervalue_invalid", "numbers")
    assert not catalog.is_known("filtervalue_invalid", "private")
    assert not catalog.is_known("count_invalid", "generic")
    assert not catalog.is_known("no_such_code")
    with pytest.raises(KeyError):
        catalog.variants("no_such_code")
    assert catalog.entry("filtervalue_invalid").variant == "generic"
    assert catalog.entry("pc_private_invalid").variant == "private"
    for bad in (("no_such_code", None), ("count_invalid", "numbers"), ("filtervalue_invalid", "nope")):
        with pytest.raises(KeyError):
            catalog.entry(*bad)


# --- entries and UAError ----------------------------------------------------------------------

@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.code}-{e.variant}")
def test_entry_body(entry: Entry) -> None:
    assert entry.body == {"error": {"code": entry.code, "message": entry.message}}
    assert json.loads(entry.body_bytes) == entry.body
    assert entry.body_bytes == json.dumps(entry.body, separators=(",", ":")).encode()
    entry.body["error"]["code"] = "changed"  # a fresh dict each call: nothing leaks
    assert entry.body["error"]["code"] == entry.code
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.message = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.code}-{e.variant}")
def test_uaerror_for_every_entry(entry: Entry) -> None:
    err = UAError(entry.code, entry.variant)
    assert (err.code, err.variant, err.status, err.message) == (
        entry.code, entry.variant, entry.status, entry.message)
    assert err.body == {"error": {"code": entry.code, "message": entry.message}}
    assert err.entry is catalog.entry(entry.code, entry.variant)
    assert str(err) == entry.message
    assert isinstance(err, Exception)
    expected_repr = f"UAError({entry.code!r}" + (f", variant={entry.variant!r}" if entry.variant else "") + ")"
    assert repr(err) == expected_repr
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is UAError
    assert (again.code, again.variant, again.status, again.message, again.body) == (
        err.code, err.variant, err.status, err.message, err.body)
    clone = copy.copy(err)
    assert clone.body == err.body


@pytest.mark.parametrize("code", sorted(VARIANTS))
def test_uaerror_without_variant_uses_the_catch_all_message(code: str) -> None:
    err = UAError(code)
    assert err.variant == DEFAULT_VARIANT[code]
    assert err.message == catalog.entry(code, DEFAULT_VARIANT[code]).message


def test_uaerror_by_variant_keyword() -> None:
    assert UAError("filtervalue_invalid", variant="numbers").message == (
        "Parameter filterValue contains invalid numbers.")
    assert UAError("pc_private_invalid", variant="phone_number").message == "The phone number is invalid."


@pytest.mark.parametrize(("code", "variant"), [("no_such_code", None), ("count_invalid", "numbers"),
                                               ("filtervalue_invalid", "private"), ("", None)])
def test_uaerror_for_an_unknown_entry_is_a_lookup_error(code: str, variant: str | None) -> None:
    with pytest.raises(LookupError):
        UAError(code, variant)


def test_handlers_raise_outcome_errors_from_the_catalog() -> None:
    err = UAError("pce_fail_add")
    assert err.status == 500
    assert err.body == {"error": {"code": "pce_fail_add", "message": "Failed to add the event."}}
    assert UAError("qag_fail_update").status == 400  # it stands in the 400 section of the table
    assert UAError("not_implemented").status == 501
    assert UAError("pce_access_denied").status == 403
    assert UAError("expired_token").status == 401


# --- ValidationError and Failure ------------------------------------------------------------

SECRET = "+40721234567"


def test_validation_error_attributes() -> None:
    with pytest.raises(ValidationError) as info:
        ua_validate.validate("cdr", {"count": "abc"})
    err = info.value
    assert isinstance(err, UAError)
    assert err.code == "count_invalid"
    assert err.variant is None
    assert err.status == 400
    assert err.message == "Parameter count is invalid."
    assert err.param == "count"
    assert err.location == "query"
    assert err.body == {"error": {"code": "count_invalid", "message": "Parameter count is invalid."}}
    assert err.errors == (Failure("count_invalid", None, "count", "query"),)
    assert err.failure is err.errors[0]
    assert repr(err) == ("ValidationError('count_invalid', param='count', "
                         "reason='count must be an integer from 1 to 5000')")
    assert err.reason == "count must be an integer from 1 to 5000"


def test_validation_error_with_a_variant_and_all_errors() -> None:
    params = {"userId": "0", "extension": "210", "phoneCallId": "x-y", "phoneNumber": "1"}
    with pytest.raises(ValidationError) as info:
        ua_validate.validate("phone_calls.delete", params, all_errors=True)
    err = info.value
    assert [(f.code, f.variant, f.param) for f in err.errors] == [
        ("user_invalid", None, "userId"),
        ("pc_phonecall_invalid", None, "phoneCallId"),
        ("pc_private_invalid", "phone_number", "phoneNumber"),
    ]
    assert err.code == "user_invalid" and err.param == "userId"
    last = ValidationError(err.errors[-1])
    assert (last.code, last.variant, last.message) == (
        "pc_private_invalid", "phone_number", "The phone number is invalid.")
    assert repr(last) == ("ValidationError('pc_private_invalid', variant='phone_number', param='phoneNumber', "
                          "reason='phoneNumber must be a phone number (2 to 20 digits, optionally after +; "
                          "with +, a possible number for its country code)')")
    assert [f.reason.split(" ", 1)[0] for f in err.errors] == ["userId", "phoneCallId", "phoneNumber"]


def test_validation_error_keeps_no_request_value() -> None:
    params = {"userId": "@me", "extension": "210", "phoneNumber": SECRET + "9" * 10}
    with pytest.raises(ValidationError) as info:
        ua_validate.validate("phone_calls.delete", params, all_errors=True)
    err = info.value
    for text in (repr(err), str(err), repr(err.errors), repr(err.args), json.dumps(err.body),
                 repr(vars(err)), repr(pickle.dumps(err))):
        assert SECRET not in text
    assert not hasattr(err, "value")


def test_validation_error_pickles() -> None:
    params = {"count": "0", "startIndex": "-1", "sortOrder": "up"}
    with pytest.raises(ValidationError) as info:
        ua_validate.validate("cdr", params, all_errors=True)
    err = info.value
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is ValidationError
    assert again.errors == err.errors
    assert (again.code, again.param, again.location, again.status, again.body) == (
        err.code, err.param, err.location, err.status, err.body)
    assert [f.code for f in again.errors] == ["count_invalid", "sortorder_invalid", "startindex_invalid"]


def test_validation_error_needs_a_failure() -> None:
    with pytest.raises(ValueError):
        ValidationError([])
    with pytest.raises(LookupError):
        ValidationError(Failure("no_such_code"))


def test_failure_is_an_immutable_record() -> None:
    failure = Failure("filtervalue_invalid", "numbers", "filterValue", "query")
    assert failure.entry is catalog.entry("filtervalue_invalid", "numbers")
    with pytest.raises(dataclasses.FrozenInstanceError):
        failure.code = "x"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(failure)) == failure
    assert {failure: 1}[Failure("filtervalue_invalid", "numbers", "filterValue", "query")] == 1


def test_schema_and_lookup_errors() -> None:
    err = SchemaError("cdr.toml", "operation cdr.list.path", "bad")
    assert isinstance(err, ValueError) and not isinstance(err, UAError)
    assert (err.file, err.key, err.problem) == ("cdr.toml", "operation cdr.list.path", "bad")
    assert "cdr.toml" in str(err) and "operation cdr.list.path" in str(err)
    with pytest.raises(UnknownOperationError) as info:
        ua_validate.validate("no.such.operation", {})
    assert isinstance(info.value, LookupError) and not isinstance(info.value, UAError)
    assert info.value.operation == "no.such.operation"


# --- only the catalog speaks ----------------------------------------------------------------------

def _sources() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("*.py") if p.name != "catalog.py")


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes of a module and of its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


_JSON_ERROR = re.compile(r"""["']error["']\s*:""")


def _is_json_schema(node: ast.expr) -> bool:
    """A JSON Schema describing the body's "error" member (the OpenAPI document) builds no body."""
    return isinstance(node, ast.Dict) and any(
        isinstance(k, ast.Constant) and k.value in ("type", "$ref") for k in node.keys
    )


def error_bodies(path: Path) -> list[str]:
    """Where a module builds an error body: a dict with an "error" key, ``dict(error=...)``, or
    text holding an "error" JSON member. Docstrings may describe the body: they build nothing."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and any(
            isinstance(k, ast.Constant) and k.value == "error" and not _is_json_schema(v)
            for k, v in zip(node.keys, node.values, strict=True)
        ):
            found.append(f"{path.name}:{node.lineno}: a dict with an 'error' key")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict"
              and any(k.arg == "error" for k in node.keywords)):
            found.append(f"{path.name}:{node.lineno}: dict(error=...)")
        elif isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)) and id(node) not in docs:
            text = node.value.decode("latin-1") if isinstance(node.value, bytes) else node.value
            if _JSON_ERROR.search(text):
                found.append(f"{path.name}:{node.lineno}: text with an 'error' JSON member")
    return found


SAMPLE = '''"""Builds {"error": ...} bodies."""
a = {"error": {"code": "x", "message": "y"}}
b = dict(error={})
c = b'{"error": 1}'
d = {"properties": {"error": {"type": "object"}}}
def f():
    """{"error": ...} in a docstring builds nothing."""
'''


def test_the_body_finder_finds_bodies(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(SAMPLE, encoding="utf-8")
    assert [place.split(": ", 1)[0] for place in error_bodies(sample)] == [
        "sample.py:2", "sample.py:3", "sample.py:4"]


def test_no_module_but_the_catalog_builds_an_error_body() -> None:
    offenders = [place for path in _sources() for place in error_bodies(path)]
    assert not offenders, "\n".join(offenders)
    assert error_bodies(SOURCE / "catalog.py")  # the catalog does


def test_no_module_but_the_catalog_holds_a_documented_message() -> None:
    offenders = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        for entry in ENTRIES:
            if entry.message in text:
                offenders.append(f"{path.relative_to(SOURCE)}: {entry.message}")
    assert not offenders, "\n".join(offenders)


def test_schema_files_name_only_catalog_codes() -> None:
    from ua_validate.loader import default_spec

    for op in default_spec():
        for label, check in op.walk():
            assert catalog.is_known(check.code, check.variant), (op.id, label)
            assert check.variant is not None or len(catalog.variants(check.code)) == 1 or (
                check.code == "filtervalue_invalid"), (op.id, label)
        if op.collection is not None:
            for flt in op.collection.filters.values():
                assert flt.code is None or catalog.is_known(flt.code)


def test_the_entries_only_handlers_raise_are_flagged_in_the_table() -> None:
    # SPEC §5: failed updates stand among the 400s but no validation produces them.
    assert {e.code for e in ENTRIES if e.handler_only} == {"qag_fail_update", "qag_fail_update_number"}
    assert all(e.status == 400 for e in ENTRIES if e.handler_only)
