"""ua-validate openapi: a valid OpenAPI 3.1 document of every operation, true to the engine."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate as validate_openapi

from ua_validate import ValidationError, Validator, catalog, cli, loader, openapi, rules, types, valuetypes
from ua_validate.spec import Rule, TypeSpec
from ua_validate.testing import error_codes, invalid_requests, raw_request, valid_requests

SPEC = loader.default_spec()
DOC = openapi.document()
# The document's properties check the harness's requests against it: a third of the profile's
# examples each (the harness's own tests run the full profile).
PER_OPERATION = settings(max_examples=max(10, settings.default.max_examples // 3))
OPERATIONS = [(path, method, item) for path, methods in DOC["paths"].items() for method, item in methods.items()]


def by_operation(op_id: str) -> list[tuple[str, dict[str, Any]]]:
    return [(path, item) for path, _, item in OPERATIONS if item["x-ua-operation"] == op_id]


def body_schema(item: dict[str, Any]) -> dict[str, Any] | None:
    body = item.get("requestBody")
    return None if body is None else body["content"]["application/json"]["schema"]


def properties(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Every property schema of a body, nested objects and each action's fields included."""
    found = []
    for option in schema.get("oneOf", [schema]):
        for prop in option.get("properties", {}).values():
            found.append(prop)
            items = prop.get("items", {})
            if items.get("type") == "object":
                found.extend(properties(items))
    return found


def test_the_document_is_valid_openapi_3_1() -> None:
    assert DOC["openapi"] == "3.1.0"
    validate_openapi(DOC)


def test_every_operation_and_every_path_of_its_template() -> None:
    assert {item["x-ua-operation"] for _, _, item in OPERATIONS} == {op.id for op in SPEC}
    assert len({item["operationId"] for _, _, item in OPERATIONS}) == len(OPERATIONS)
    paths = {(path, method) for path, method, _ in OPERATIONS}
    assert ("/uapi/cdr", "get") in paths and ("/uapi/cdr/{userId}", "get") in paths
    events = "/uapi/extensions/{userId}/{extension}/phoneCallEvents"
    for suffix in ("", "/{eventType}", "/{eventId}"[:0] + "/{eventType}/{eventId}"):
        assert (events + suffix, "get") in paths and (events + suffix, "delete") in paths
    assert (events + "/{eventType}/{eventId}", "put") in paths and (events, "put") not in paths
    assert DOC["paths"]["/uapi/cdr"]["get"]["operationId"] == "cdr.list.without_userId"
    assert DOC["paths"]["/uapi/cdr/{userId}"]["get"]["operationId"] == "cdr.list"


def test_parameters_have_their_locations_and_types() -> None:
    (_, cdr), = [(p, i) for p, i in by_operation("cdr.list") if p.endswith("{userId}")]
    params = {p["name"]: p for p in cdr["parameters"]}
    assert params["userId"]["in"] == "path" and params["userId"]["required"] is True
    assert params["count"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 5000, "default": 20}
    assert params["flow"]["schema"] == {"type": "string", "enum": ["2", "4", "8"]}
    assert params["fields"]["style"] == "form" and params["fields"]["explode"] is False
    assert params["fields"]["schema"]["items"]["enum"][0] == "id"
    (_, invite), = by_operation("phone_calls.conference_invite")
    names = {p["name"]: p for p in invite["parameters"]}
    assert names["conferencePin"]["x-alias-of"] == "pin"
    assert set(names) == {"userId", "waitForPickup", "pin", "conferencePin", "number", "conferenceNumber"}


def test_comma_lists_are_form_without_explode() -> None:
    for _, _, item in OPERATIONS:
        for param in item["parameters"]:
            if param["schema"].get("type") == "array":
                assert (param["style"], param["explode"]) == ("form", False)


@pytest.mark.parametrize("op_id", [op.id for op in SPEC])
def test_x_error_codes_cover_what_validation_produces(op_id: str) -> None:
    produced = {code for code, _ in error_codes(op_id)}
    everywhere: set[str] = set()
    for _, item in by_operation(op_id):
        listed: set[str] = set()
        for param in item["parameters"]:
            assert param["x-error-codes"], param["name"]
            assert all(catalog.is_known(code) for code in param["x-error-codes"])
            listed.update(param["x-error-codes"])
        schema = body_schema(item)
        if schema is not None:
            for prop in properties(schema):
                assert prop["x-error-codes"]
                listed.update(prop["x-error-codes"])
        assert listed <= produced
        everywhere |= listed
        error = item["responses"]["400"]["content"]["application/json"]["schema"]
        assert set(error["properties"]["error"]["properties"]["code"]["enum"]) == produced - {"not_implemented"}
    assert everywhere == produced  # each path lists the codes of the parameters it has


def test_rules_list_their_code_on_both_parameters() -> None:
    (_, update), = by_operation("queue_agents.update")
    agent = next(p for p in update["parameters"] if p["name"] == "agent")
    assert agent["x-error-codes"] == ["qag_agent_invalid", "qag_cannot_update_number"]
    number = body_schema(update)["properties"]["number"]  # type: ignore[index]
    assert number["x-error-codes"] == ["qag_number_invalid", "qag_cannot_update_number"]
    assert body_schema(update)["anyOf"] == [{"required": ["status"]}, {"required": ["number"]}]  # type: ignore[index]


def test_phone_call_actions_are_one_of_a_body_each() -> None:
    (_, update), = by_operation("phone_calls.update")
    options = body_schema(update)["oneOf"]  # type: ignore[index]
    assert [o["properties"]["action"]["const"] for o in options] == list(SPEC.operation("phone_calls.update").actions)
    park = next(o for o in options if o["title"] == "Park")
    assert park["required"] == ["action", "phoneCallViewId"]
    assert park["properties"]["maxInParking"]["anyOf"][0] == {"type": "integer", "minimum": 10, "maximum": 3600,
                                                              "x-ua-unexpressed": ["integer_literal"]}
    assert "not_implemented" in update["responses"]["501"]["content"]["application/json"]["schema"][
        "properties"]["error"]["properties"]["code"]["enum"]


def test_the_validators_settings_are_documented() -> None:
    small = openapi.document(Validator(max_fax_files=3, max_fax_recipients=4))
    (_, fax), = [(p, i) for p, m, i in [(p, m, i) for p, ms in small["paths"].items() for m, i in ms.items()]
                 if i["x-ua-operation"] == "faxes.create"]
    body = body_schema(fax)
    assert body is not None
    assert body["properties"]["files"]["maxItems"] == 3
    assert body["properties"]["recipients"]["maxItems"] == 4
    assert body["properties"]["files"]["x-maxItems-setting"] == "max_fax_files"


# --- the document agrees with the engine --------------------------------------------------------

def _item(op_id: str, params: dict[str, Any]) -> dict[str, Any]:
    present = {p.name for p in SPEC.operation(op_id).params if p.location == "path" and p.name in params}
    for path, item in by_operation(op_id):
        if set(re.findall(r"\{(\w+)\}", path)) == present:
            return item
    raise AssertionError(f"no path of {op_id} has {present}")


@pytest.mark.parametrize("op_id", [op.id for op in SPEC])
@PER_OPERATION
@given(data=st.data())
def test_valid_requests_match_the_document(op_id: str, data: st.DataObject) -> None:
    params = data.draw(valid_requests(op_id))
    raw = raw_request(op_id, params)
    item = _item(op_id, params)
    schema = body_schema(item)
    if schema is not None:
        jsonschema.validate(raw.body, schema, cls=jsonschema.Draft202012Validator)
    for param in item["parameters"]:  # text values: their patterns hold (the engine may be stricter)
        if param["name"] in ("filterOp", "filterValue") and "filterBy" not in params:
            continue  # ignored without filterBy, as the document says
        value = params.get(param["name"])
        if isinstance(value, str) and param["schema"].get("type") == "string":
            jsonschema.validate(value, param["schema"], cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize("op_id", [op.id for op in SPEC])
@PER_OPERATION
@given(data=st.data())
def test_error_bodies_match_the_document(op_id: str, data: st.DataObject) -> None:
    code, variant = data.draw(st.sampled_from(sorted(error_codes(op_id), key=str)))
    params = data.draw(invalid_requests(op_id, code, variant))
    with pytest.raises(ValidationError) as info:
        Validator().validate(op_id, params)
    response = _item(op_id, params)["responses"][str(info.value.status)]
    jsonschema.validate(info.value.body, response["content"]["application/json"]["schema"],
                        cls=jsonschema.Draft202012Validator)


# --- the patterns are the value types' own, pinned by hand ---------------------------------------

def _document_pattern(op_id: str, name: str) -> str:
    """The pattern the document gives parameter ``name`` of ``op_id`` (path, query or body)."""
    for _, item in by_operation(op_id):
        for param in item["parameters"]:
            if param["name"] == name and "pattern" in param["schema"]:
                return str(param["schema"]["pattern"])
        body = body_schema(item)
        for option in (body or {}).get("oneOf", [body or {}]):
            prop = option.get("properties", {}).get(name)
            if prop is not None:
                return str(prop.get("pattern") or prop["items"]["pattern"])
    raise AssertionError(f"{op_id} documents no pattern for {name}")


# (operation, parameter, type): values the documented pattern must accept, and values it must
# refuse (each also refused by the engine: the document is never looser than the engine here).
PATTERNS = [
    ("queue_agents.list", "extension", "extension",
     ["0", "210", "0003*210", "1234567890*1234567890"],
     ["", "12345678901", "1*", "*1", "1**2", "1*2*3", "+1", "1+2", "a", "@self", "1 2", "\u0663",
      "12345678901*1", "1*12345678901"]),
    ("phone_calls.update", "callerId", "caller_id",
     ["1", "*97", "+" + "1" * 31, "1" * 32, "José <210>", "A<+1>", "A <" + "2" * 32 + ">", "A B <1>"],
     ["", "+" + "1" * 32, "1" * 33, "++1", "1+2", "+", "<1>", "A <>", 'A" <1>', "A <+" + "1" * 32 + ">",
      "A <1", "a\x00 <1>", " A <1>", "A  <1>", "\u00a0A<1>", "a" * 65 + " <1>"]),
    ("cdr.list", "startDate", "date",
     ["2024-01-31T23:59:59", "2024-01-31T00:00:00.5Z", "2024-01-31T12:00:00+23:59",
      "2024-02-29T00:00:00", "2000-02-29T00:00:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59"],
     ["2024-01-31", "2024-01-31T24:00:00", "2024-01-31T23:60:00", "2024-01-31T23:59:60",
      "2024-01-31T12:00:00+24:00", "2024-01-31T12:00:00+01:60", "2024-01-31T12:00:00.1234567",
      "2024-1-31T12:00:00", "2024-01-31 12:00:00", "2024-13-01T00:00:00", "2024-02-30T00:00:00",
      "2023-02-29T00:00:00", "1900-02-29T00:00:00", "2024-04-31T00:00:00", "0000-01-01T00:00:00",
      "2024-00-10T00:00:00", "2024-01-00T00:00:00"]),
    ("phone_call_events.create", "note", "note",
     ["", "a", "a b", "Jos\u00e9"], [" a", "a ", "\u00a0a", "a\u3000", "a\x00b"]),
    ("phone_call_events.create", "url", "url",
     ["http://a", "HTTPS://a.b:8080/p?q#f", "http://u:p@[::1]:65535/", "http://a:/", "http://%41/"],
     ["http://", "http:///p", "http://a:65536/", "http://a:123456/", "http://a/%zz", "ftp://a",
      "http://a b", "http://a:b:1/"]),
]


@pytest.mark.parametrize(("op_id", "name", "type_name", "good", "bad"), PATTERNS,
                         ids=[p[2] for p in PATTERNS])
def test_documented_patterns_hold_to_hand_written_values(op_id: str, name: str, type_name: str,
                                                         good: list[str], bad: list[str]) -> None:
    pattern = re.compile(_document_pattern(op_id, name))
    check = rules.checker_for(TypeSpec(type_name), rules.Settings())
    for value in good:
        assert pattern.fullmatch(value), (type_name, value)
        assert check(value) is not None, (type_name, value)
    for value in bad:
        assert not pattern.fullmatch(value), (type_name, value)
        assert check(value) is None, (type_name, value)


@settings(max_examples=200)
@given(data=st.data())
def test_the_extension_pattern_accepts_exactly_what_the_engine_accepts(data: st.DataObject) -> None:
    # fullmatch: a JSON Schema (ECMA 262) `$` ends the text, Python's also matches before a final newline
    pattern = _document_pattern("queue_agents.list", "extension")
    value = data.draw(st.one_of(st.from_regex(pattern), st.text("0123456789*+", max_size=24)))
    assert (re.fullmatch(pattern, value) is not None) == (rules.checker_for(
        TypeSpec("extension"), rules.Settings())(value) is not None), value


def test_the_calendar_pattern_is_fromisoformats_verdict_day_by_day() -> None:
    # Four centuries (every leap-year case), the first and the last years, months and days 00-99.
    calendar = re.compile(types.CALENDAR_DAY_PATTERN)
    years = [*range(0, 401), *range(1896, 1905), *range(1996, 2105), *range(9996, 10000)]
    for year in years:
        for month in (*range(0, 14), 99):
            for day in (*range(0, 33), 99):
                text = f"{year:04d}-{month:02d}-{day:02d}"
                try:
                    date.fromisoformat(text)
                    real = True
                except ValueError:
                    real = False
                assert (calendar.fullmatch(text) is not None) == real, text


@pytest.mark.parametrize(("low", "high", "width"), [(1, 5000, 4), (0, 65535, 5), (10, 3600, 5), (1, 9, 3),
                                                    (0, 0, 2), (7, 7, 2), (1, 86400, 5)])
def test_digits_in_range_is_the_int_checkers_verdict(low: int, high: int, width: int) -> None:
    pattern = re.compile(valuetypes.digits_in_range(low, high, width))
    for size in range(1, width + 1):
        for number in range(10**size):
            text = str(number).zfill(size)
            assert (pattern.fullmatch(text) is not None) == (types.integer(text, low, high) is not None), text


def test_the_body_int_pattern_is_the_engines_range() -> None:
    (_, fax), = by_operation("faxes.create")
    size = body_schema(fax)["properties"]["files"]["items"]["properties"]["size"]  # type: ignore[index]
    digits = re.compile(size["anyOf"][1]["pattern"])
    for text in ("1", "0000000001", "25000000", "0025000000"):
        assert digits.fullmatch(text), text
    for text in ("0", "0000000000", "25000001", "00025000000", "1" * 11, "-1", "+1", " 1"):
        assert not digits.fullmatch(text), text


def test_a_fax_file_name_ends_as_its_type_does_in_the_schema() -> None:
    (_, fax), = by_operation("faxes.create")
    schema = body_schema(fax)
    assert schema is not None

    def body(name: str, kind: str) -> dict[str, Any]:
        return {"recipients": ["210"], "files": [{"name": name, "type": kind, "size": 1}]}

    for name, kind in (("a.pdf", "pdf"), ("a.JPEG", "image/jpeg"), ("a.tiff", "tif"), ("b.TxT", "text/plain")):
        jsonschema.validate(body(name, kind), schema, cls=jsonschema.Draft202012Validator)
        Validator().validate("faxes.create", {"userId": "@me", "extension": "210", **body(name, kind)})
    for name, kind in (("a.pdf", "jpg"), ("a.jpg", "application/pdf"), ("a.txt", "tif")):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(body(name, kind), schema, cls=jsonschema.Draft202012Validator)
        with pytest.raises(ValidationError):
            Validator().validate("faxes.create", {"userId": "@me", "extension": "210", **body(name, kind)})


@pytest.mark.parametrize("op_id", [op.id for op in SPEC])
def test_every_rule_the_schemas_leave_out_is_named(op_id: str) -> None:
    op = SPEC.operation(op_id)
    for path, item in by_operation(op_id):
        named = {(rule["rule"], *rule["params"]) for rule in item["x-ua-rules"]}
        present = set(re.findall(r"\{(\w+)\}", path))
        for label, check in op.walk():
            if isinstance(check, Rule) and check.kind != "file_suffix":  # file_suffix: in the schema
                path_params = {p.name for p in op.params if p.location == "path"}
                if set(check.params) & path_params <= present:
                    assert (check.kind, *check.params) in named, (path, label)
        for param in item["parameters"]:
            if "x-alias-of" in param:
                assert ("one_name", param["x-alias-of"], param["name"]) in named
            if param["schema"].get(valuetypes.UNEXPRESSED):
                assert {(kind, param["name"]) for kind in param["schema"][valuetypes.UNEXPRESSED]} <= named
        if op.collection is not None:
            assert ("filter_op", "filterBy", "filterOp") in named
            by = [rule["filterBy"] for rule in item["x-ua-rules"] if rule["rule"] == "filter_value"]
            assert by == list(op.collection.filters)
        for rule in item["x-ua-rules"]:
            for error in rule["errors"]:
                assert catalog.entry(error["code"], error.get("variant")).status == 400


def test_the_named_rules_of_cdr_and_queue_agents() -> None:
    (_, cdr), = [(p, i) for p, i in by_operation("cdr.list") if p.endswith("{userId}")]
    rules_ = {(r["rule"], *r["params"]): r for r in cdr["x-ua-rules"]}
    assert rules_["date_order", "startDate", "endDate"]["errors"] == [{"code": "cdr_invalid_date_parameters"}]
    assert rules_["possible_number", "source"]["errors"] == [{"code": "cdr_source_invalid"}]
    answered = next(r for r in cdr["x-ua-rules"] if r.get("filterBy") == "answered")
    assert answered["errors"] == [{"code": "cdr_invalid_filter_by_answered"}]
    assert "date_order (startDate, endDate)" in cdr["description"]
    filter_op = next(p for p in cdr["parameters"] if p["name"] == "filterOp")
    assert filter_op["schema"] == {"type": "string", "description": filter_op["schema"]["description"]}
    (_, update), = by_operation("queue_agents.update")
    assert {(r["rule"], *r["params"]) for r in update["x-ua-rules"]} == {
        ("local_agent_number", "number", "agent"), ("possible_number", "agent"), ("possible_number", "number"),
        ("integer_literal", "status")}  # JSON 2.0 is an integer to JSON Schema, a float to the engine
    (_, events), = by_operation("phone_call_events.update")
    assert events["requestBody"]["required"] is False and "type" not in body_schema(events)  # type: ignore[operator]


def test_the_command_line(tmp_path: Path) -> None:
    out = io.StringIO()
    assert cli.main(["openapi"], out=out) == 0
    assert json.loads(out.getvalue()) == DOC
    target = tmp_path / "openapi.json"
    assert cli.main(["openapi", "-o", str(target)], out=io.StringIO()) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == DOC
