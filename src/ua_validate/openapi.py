"""The OpenAPI 3.1 document of every operation, derived from the Spec and the catalog."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Final

from . import __version__, catalog, rules
from .rules import Settings
from .spec import Operation, Param, Rule, TypeSpec
from .validator import Validator, default_validator

__all__ = ["document", "error_codes_of"]

JsonSchema = dict[str, Any]
SchemaBuilder = Callable[[TypeSpec, Settings, str], JsonSchema]

_ERROR_SCHEMA: Final = "Error"
_NOT_IMPLEMENTED: Final = "not_implemented"
_CONTROL: Final = "\\u0000-\\u001f\\u007f-\\u009f"
_USER_KEYWORDS: Final = ("@me", "@viewer", "@owner")
_EXTENSION: Final = "[0-9]{1,10}(\\*[0-9]{1,10})?"
_PHONE: Final = "\\+?[0-9]{2,20}"
_CALLER_NUMBER: Final = "\\+?[0-9*]{1,32}"


def longest_accepted(check: rules.Checker, unit: str, cap: int = 1 << 14) -> int:
    """The longest run of ``unit`` the checker accepts: the engine itself says how long a
    value may be (each type bounds its length), for this document and for the strategies."""
    low, high = 0, cap
    while low < high:
        middle = (low + high + 1) // 2
        if check(unit * middle) is not None:
            low = middle
        else:
            high = middle - 1
    return low


def _pattern(body: str) -> str:
    return f"^(?:{body})$"


def _any_case(text: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in text)


# --- value types as JSON Schema: one builder per type of SPEC §3 ------------------------------

_SCHEMAS: dict[str, SchemaBuilder] = {}


def _schema_for(*names: str) -> Callable[[SchemaBuilder], SchemaBuilder]:
    def register(builder: SchemaBuilder) -> SchemaBuilder:
        for name in names:
            _SCHEMAS[name] = builder
        return builder

    return register


def _string(pattern: str, description: str = "", **extra: Any) -> JsonSchema:
    schema: JsonSchema = {"type": "string", "pattern": _pattern(pattern), **extra}
    if description:
        schema["description"] = description
    return schema


@_schema_for("user_id")
def _user_id(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    keywords = "|".join(_USER_KEYWORDS)
    return _string(f"{keywords}|0*[1-9][0-9]*", "@me, @viewer, @owner, or 1-10 digits not all zero.",
                   maxLength=10)


@_schema_for("extension")
def _extension(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    if ts.get("allow_self"):
        return _string(f"{_EXTENSION}|@self", "An extension (0003*210 or 210), or @self.")
    return _string(_EXTENSION, "An extension: extended 0003*210 or short 210.")


@_schema_for("phone_number")
def _phone_number(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    region = f" Without +, a possible number of {settings.phone_region}." if settings.phone_region else ""
    return _string(_PHONE, "A phone number: with +, a possible number for its country code "
                           "(phonenumbers)." + region)


@_schema_for("ext_or_phone")
def _ext_or_phone(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    return _string(f"{_EXTENSION}|{_PHONE}", "An extension or a phone number (with +, a possible "
                                              "number for its country code).")


@_schema_for("caller_id")
def _caller_id(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    name = f'[^<>"{_CONTROL}]{{1,64}}'
    return _string(f"{_CALLER_NUMBER}|{name} ?<{_CALLER_NUMBER}>",
                   "Name <NUMBER> or NUMBER; the name has no leading or trailing space.", maxLength=99)


@_schema_for("date")
def _date(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    return _string(
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})?",
        "YYYY-MM-DDThh:mm:ss[.f][Z|±hh:mm], a real calendar date and time; without a zone, UTC.",
    )


def _int_schema(ts: TypeSpec, settings: Settings) -> JsonSchema:
    low, high = rules.bounds(ts, settings)
    schema: JsonSchema = {"type": "integer", "minimum": low, "maximum": high}
    if ts.get("max_setting"):
        schema["x-maximum-setting"] = ts.get("max_setting")
    return schema


@_schema_for("int")
def _int(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    number = _int_schema(ts, settings)
    if location != "body":
        return number
    digits = _string("[0-9]{1,10}", "The same number as decimal digits.")
    return {"anyOf": [number, digits]}


@_schema_for("bool")
def _bool(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    if location != "body":
        return {"type": "boolean", "description": "true/false in any letter case, or 1/0."}
    words = "|".join((_any_case("true"), _any_case("false"), "1", "0"))
    return {"anyOf": [{"type": "boolean"}, {"enum": [0, 1]}, _string(words)]}


@_schema_for("enum", "filter_by", "filter_op")
def _enum(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    strings, numbers, _ = rules.enum_tables(ts)
    text: JsonSchema = {"type": "string", "enum": list(strings)}
    if location == "body" and numbers:
        return {"anyOf": [text, {"type": "integer", "enum": list(numbers)}]}
    return text


@_schema_for("fields")
def _fields(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    strings, _, _ = rules.enum_tables(ts)
    return {"type": "array", "items": {"type": "string", "enum": list(strings)}, "minItems": 1,
            "maxItems": 100}


@_schema_for("object_id", "event_id", "upload_id")
def _alnum(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    longest = longest_accepted(rules.checker_for(ts, settings), "a")
    return _string(f"[A-Za-z0-9]{{1,{longest}}}", maxLength=longest)


@_schema_for("url")
def _url(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    check = rules.checker_for(ts, settings)
    head = "http://a/"
    longest = len(head) + longest_accepted(lambda v: check(head + v), "a", 1 << 16)
    return _string(f"{_any_case('http')}[sS]?://[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]+",
                   "An absolute http or https URL with a host, RFC 3986 characters only.",
                   maxLength=longest)


@_schema_for("note")
def _note(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    longest = longest_accepted(rules.checker_for(ts, settings), "a")
    return _string(f"[^{_CONTROL}]*", "Free text without control characters.", maxLength=longest)


@_schema_for("digits")
def _digits(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    low, high = rules.bounds(ts, settings)
    return _string(f"[0-9]{{{low},{high}}}")


@_schema_for("visible")
def _visible(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    low, high = rules.bounds(ts, settings)
    return _string(f"[!-~]{{{low},{high}}}", "Visible ASCII characters, no space.")


@_schema_for("file_name")
def _file_name(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    suffixes = "|".join(_any_case(s) for group in rules.FILE_SUFFIXES.values() for s in group)
    longest = longest_accepted(lambda v: rules.checker_for(ts, settings)(v + ".pdf"), "a") + len(".pdf")
    return _string(f"[^/\\\\{_CONTROL}]*({suffixes})",
                   "A file name without path; its extension matches the file's type.",
                   maxLength=longest)


def _type_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    if ts.name == "party":
        item = _type_schema(TypeSpec(ts.get("item")), settings, location)
        return {"anyOf": [item, {"type": "array", "items": item, "minItems": 1, "maxItems": ts.get("max")}]}
    if ts.name == "list":
        low, high = rules.bounds(ts, settings)
        schema: JsonSchema = {"type": "array", "items": _type_schema(TypeSpec(ts.get("item")), settings, location),
                              "minItems": low, "maxItems": high}
        if ts.get("max_setting"):
            schema["x-maxItems-setting"] = ts.get("max_setting")
        return schema
    if ts.name == "filter_value":
        return {"type": "string", "description": "A value of the filterBy field's type; with inArray a "
                                                 "comma list of 1-100 of them; ignored with present."}
    builder = _SCHEMAS.get(ts.name)
    if builder is None:
        raise ValueError(f"type {ts.name!r} has no JSON Schema")
    return builder(ts, settings, location)


# --- which codes each parameter can produce ------------------------------------------------------

def error_codes_of(op: Operation, param: Param, checks: Iterable[Param | Rule] | None = None) -> list[str]:
    """The catalog codes a parameter's value can produce, in check order: its own code, too
    many items, the rules it takes part in, and for filterValue each filter field's code."""
    codes: dict[str, None] = {}
    if param.type.name != "filter_value":  # its code is the filter fields' (or theirs by default)
        codes[param.code] = None
    if param.too_many_code is not None:
        codes[param.too_many_code] = None
    if param.type.name == "filter_value" and op.collection is not None:
        for flt in op.collection.filters.values():
            codes[flt.code or param.code] = None
    for check in checks if checks is not None else op.checks:
        if isinstance(check, Rule) and param.name in check.params:
            codes[check.code] = None
    for inner in param.item_checks:
        if isinstance(inner, Param):
            codes.update(dict.fromkeys(error_codes_of(op, inner, param.item_checks)))
    return list(codes)


# --- the document ----------------------------------------------------------------------------------

def document(validator: Validator | None = None) -> dict[str, Any]:
    """The OpenAPI 3.1 document of every operation, under the Validator's settings."""
    validator = validator if validator is not None else default_validator()
    settings = validator.settings
    paths: dict[str, dict[str, Any]] = {}
    for op in validator.spec:
        for path, present in _variants(op):
            paths.setdefault(path, {})[op.method.lower()] = _operation(op, present, settings)
    codes = [e.code for e in catalog.ENTRIES]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "VoipNow UnifiedAPI request validation",
            "version": __version__,
            "description": (
                "The requests ua_validate validates and the documented error each invalid one gets "
                "(generated by `ua-validate openapi`). Paths are also served under the legacy prefix "
                "/unifiedapi. `x-error-codes` lists the catalog codes a parameter can produce."
            ),
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": {_ERROR_SCHEMA: _error_schema(list(dict.fromkeys(codes)), None)},
        },
    }


def _variants(op: Operation) -> list[tuple[str, frozenset[str]]]:
    """Each concrete path of the template and the path parameters it has: as the router does,
    a path may end before any optional segment."""
    found: list[tuple[str, frozenset[str]]] = []
    parts: list[str] = []
    names: list[str] = []
    for name, variable, optional in op.segments:
        if optional:
            found.append(("/" + "/".join(parts), frozenset(names)))
        parts.append(f"{{{name}}}" if variable else name)
        if variable:
            names.append(name)
    found.append(("/" + "/".join(parts), frozenset(names)))
    return found


def _operation_id(op: Operation, present: frozenset[str]) -> str:
    missing = [name for name, variable, _ in op.segments if variable and name not in present]
    return op.id if not missing else f"{op.id}.without_{'_'.join(missing)}"


def _operation(op: Operation, present: frozenset[str], settings: Settings) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = []
    for param in op.params:
        if param.location == "path" and param.name in present:
            parameters.append(_parameter(op, param, "path", True, settings))
        elif param.location == "query":
            parameters.append(_parameter(op, param, "query", param.required, settings))
            for alias in param.aliases:
                alias_of = _parameter(op, param, "query", False, settings, name=alias)
                alias_of["description"] = f"Another name of {param.name}; give one of them."
                alias_of["x-alias-of"] = param.name
                parameters.append(alias_of)
    body = _request_body(op, present, settings)
    produced = _codes(op)
    responses: dict[str, Any] = {}
    if op.method == "DELETE":
        responses["204"] = {"description": "Valid: no content."}
    else:
        responses["200"] = {
            "description": "Valid. The reference server (`ua-validate serve`) echoes the operation id "
                           "and the cleaned parameters.",
            "content": {"application/json": {"schema": {
                "type": "object",
                "required": ["operation", "params"],
                "properties": {"operation": {"const": op.id}, "params": {"type": "object"}},
            }}},
        }
    bad = [code for code in produced if _status(code) == 400]
    responses["400"] = {
        "description": "Invalid: the documented error of the first check that fails.",
        "content": {"application/json": {"schema": _error_schema(bad, 400)}},
    }
    responses["501"] = {
        "description": "Not implemented: a method and path that name no operation"
                       + (", or an unknown action." if op.dispatch is not None else "."),
        "content": {"application/json": {"schema": _error_schema([_NOT_IMPLEMENTED], 501)}},
    }
    operation: dict[str, Any] = {
        "operationId": _operation_id(op, present),
        "summary": op.summary,
        "x-ua-operation": op.id,
        "parameters": parameters,
        "responses": responses,
    }
    if op.aliases:
        operation["x-ua-aliases"] = list(op.aliases)
    if body is not None:
        operation["requestBody"] = body
    return operation


def _status(code: str) -> int:
    return catalog.entry(code).status


def _codes(op: Operation) -> list[str]:
    found: dict[str, None] = {}
    for _, check in op.walk():
        if isinstance(check, Param):
            found.update(dict.fromkeys(error_codes_of(op, check, _context_of(op, check))))
        else:
            found[check.code] = None
    return list(found)


def _context_of(op: Operation, param: Param) -> tuple[Param | Rule, ...]:
    """The check list a parameter sits in (its rules are there)."""
    for group in (op.checks, *op.actions.values()):
        if param in group:
            return group
    return op.checks


def _parameter(op: Operation, param: Param, location: str, required: bool, settings: Settings,
               name: str | None = None) -> dict[str, Any]:
    schema = _type_schema(param.type, settings, location)
    if param.default is not None:
        schema = {**schema, "default": param.default}
    found: dict[str, Any] = {
        "name": name or param.name,
        "in": location,
        "required": required,
        "schema": schema,
        "x-error-codes": error_codes_of(op, param, _context_of(op, param)),
    }
    if param.description:
        found["description"] = param.description
    if param.type.name in ("filter_op", "filter_value"):
        found["description"] = (param.description + " Ignored without filterBy.").strip()
    if schema.get("type") == "array":  # comma lists: fields=id,published
        found["style"] = "form"
        found["explode"] = False
    return found


def _object_schema(op: Operation, checks: Iterable[Param | Rule], present: frozenset[str],
                   settings: Settings) -> JsonSchema:
    """A JSON object of body fields: their types, which are required, their codes."""
    checks = tuple(checks)
    properties: dict[str, Any] = {}
    required: list[str] = []
    either: list[JsonSchema] = []
    for check in checks:
        if not isinstance(check, Param) or check.location != "body":
            continue
        properties[check.name] = _property(op, check, checks, settings)
        for alias in check.aliases:
            properties[alias] = {**properties[check.name], "x-alias-of": check.name}
        unless = check.required_unless
        if check.required:
            required.append(check.name)
        elif unless is not None:
            other = next((c for c in checks if isinstance(c, Param) and c.name == unless), None)
            if other is not None and other.location == "path":
                if unless not in present:
                    required.append(check.name)
            else:
                either.append({"anyOf": [{"required": [check.name]}, {"required": [unless]}]})
    schema: JsonSchema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    if len(either) == 1:
        schema.update(either[0])
    elif either:
        schema["allOf"] = either
    return schema


def _property(op: Operation, param: Param, checks: tuple[Param | Rule, ...], settings: Settings) -> JsonSchema:
    if param.type.name == "objects":
        low, high = rules.bounds(param.type, settings)
        schema: JsonSchema = {
            "type": "array", "items": _object_schema(op, param.item_checks, frozenset(), settings),
            "minItems": low, "maxItems": high,
        }
        if param.type.get("max_setting"):
            schema["x-maxItems-setting"] = param.type.get("max_setting")
    else:
        schema = dict(_type_schema(param.type, settings, "body"))
    if param.default is not None:
        schema["default"] = param.default
    if param.description:
        schema["description"] = param.description
    schema["x-error-codes"] = error_codes_of(op, param, checks)
    return schema


def _request_body(op: Operation, present: frozenset[str], settings: Settings) -> dict[str, Any] | None:
    if op.dispatch is not None:
        dispatch = op.dispatch
        options = []
        for action, checks in op.actions.items():
            schema = _object_schema(op, checks, present, settings)
            schema["properties"] = {
                dispatch.name: {"const": action, "x-error-codes": [dispatch.code]}, **schema["properties"]}
            schema["required"] = [dispatch.name, *schema.get("required", [])]
            schema["title"] = action
            options.append(schema)
        content_schema: JsonSchema = {"oneOf": options}
    elif any(p.location == "body" for p in op.params):
        content_schema = _object_schema(op, op.checks, present, settings)
    else:
        return None
    return {"required": True, "content": {"application/json": {"schema": content_schema}}}


def _error_schema(codes: list[str], status: int | None) -> JsonSchema:
    entries = [e for e in catalog.ENTRIES if e.code in codes and (status is None or e.status == status)]
    return {
        "type": "object",
        "required": ["error"],
        "additionalProperties": False,
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "additionalProperties": False,
                "properties": {
                    "code": {"type": "string", "enum": list(dict.fromkeys(e.code for e in entries))},
                    "message": {"type": "string", "enum": list(dict.fromkeys(e.message for e in entries))},
                },
            }
        },
    }
