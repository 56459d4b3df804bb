"""Reads the schema files shipped in the package and builds the immutable Spec, strictly."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from functools import cache
from types import MappingProxyType

from . import _cache, catalog
from .errors import SchemaError
from .spec import Collection, Filter, Operation, Param, Rule, Spec, TypeSpec
from .valuetypes import TYPES, OptionError, is_str_list

TYPE_CHECKING = False  # typing is for type checkers: importing it costs ≈ 5 ms of start-up
if TYPE_CHECKING:
    from typing import Any, Final

__all__ = ["SETTINGS", "TYPE_OPTIONS", "default_spec", "load", "parse_template"]

# Each type and the options it takes; `required` ones must be given (from the registry).
TYPE_OPTIONS: Final[Mapping[str, tuple[frozenset[str], frozenset[str]]]] = MappingProxyType({
    name: (record.options, record.required) for name, record in TYPES.items()
})
ITEM_TYPES: Final = frozenset(name for name, record in TYPES.items() if record.item)  # the registry's
SETTINGS: Final = frozenset({"max_fax_files", "max_fax_recipients", "max_fax_file_size"})
RULES: Final = frozenset({"date_order", "equal", "local_agent_number", "file_suffix", "self_not_of_owner"})

_OPTION_KEYS: Final = frozenset().union(*(allowed for allowed, _ in TYPE_OPTIONS.values()))
_PARAM_KEYS: Final = frozenset({
    "use", "param", "in", "type", "required", "required_unless", "default", "code", "variant",
    "aliases", "description", "check", "too_many_code",
}) | _OPTION_KEYS
_ACTION_KEYS: Final = _PARAM_KEYS | {"required_for", "optional_for", "type_for"}
_RULE_KEYS: Final = frozenset({"use", "rule", "params", "code", "variant", "description"})
_OPERATION_KEYS: Final = frozenset({
    "id", "aliases", "method", "path", "summary", "collection", "check", "dispatch", "action_check",
    "bodies",
})
_FILE_KEYS: Final = frozenset({"params", "operation", "standard"})
_COLLECTION_KEYS: Final = frozenset({"fields", "ops", "op_default", "filters"})
_FILTER_KEYS: Final = frozenset({"type", "code"}) | _OPTION_KEYS
_DISPATCH_KEYS: Final = frozenset({"param", "in", "code", "description", "actions"})
_METHODS: Final = frozenset({"GET", "POST", "PUT", "DELETE"})
_LOCATIONS: Final = frozenset({"path", "query", "body"})
_BODIES: Final = frozenset({"json", "multipart"})  # the body formats an operation may accept
_SEGMENT = _cache.pattern(r"/(?:\{([A-Za-z]+)\}|([A-Za-z]+))")
_SHARED: Final = "_shared.toml"


def parse_template(template: str) -> tuple[tuple[str, bool, bool], ...]:
    """``/uapi/a/{b}[/{c}[/{d}]]`` as (name, is_variable, optional) segments."""
    segments: list[tuple[str, bool, bool]] = []
    optional = False
    rest = template
    while rest:
        if rest.startswith("["):
            optional, rest = True, rest[1:]
            continue
        match = _SEGMENT.match(rest)
        if match is None:
            raise ValueError(f"bad URI template {template!r} at {rest!r}")
        variable, literal = match.groups()
        segments.append((variable or literal, variable is not None, optional))
        rest = rest[match.end():].lstrip("]")
    return tuple(segments)


class _Loader:
    def __init__(self, shared: Mapping[str, Any]) -> None:
        self.file = _SHARED
        _keys(shared, _FILE_KEYS - {"operation"}, _SHARED, "")
        self.shared_params: dict[str, Mapping[str, Any]] = _table(shared.get("params", {}), _SHARED, "params")
        standard = shared.get("standard", [])
        if not isinstance(standard, list) or not all(
            isinstance(entry, Mapping) and isinstance(entry.get("param"), str) for entry in standard
        ):
            raise SchemaError(_SHARED, "standard", "must be an array of tables, each naming its param")
        self.standard: list[Mapping[str, Any]] = standard
        self.local_params: dict[str, Mapping[str, Any]] = {}

    def fail(self, key: str, problem: str) -> SchemaError:
        return SchemaError(self.file, key, problem)

    def resource(self, file: str, data: Mapping[str, Any]) -> list[Operation]:
        self.file = file
        _keys(data, _FILE_KEYS - {"standard"}, file, "")
        self.local_params = _table(data.get("params", {}), file, "params")
        operations = data.get("operation")
        if not isinstance(operations, list) or not operations:
            raise self.fail("operation", "a resource file defines at least one [[operation]]")
        resource = file.removesuffix(".toml")
        return [self.operation(resource, f"operation[{i}]", op) for i, op in enumerate(operations)]

    def operation(self, resource: str, key: str, raw: Mapping[str, Any]) -> Operation:
        _keys(raw, _OPERATION_KEYS, self.file, key)
        for required in ("id", "method", "path", "check"):
            if required not in raw:
                raise self.fail(f"{key}.{required}", "missing")
        op_id = _str(raw["id"], self.file, f"{key}.id")
        key = f"operation {op_id}"
        method = raw["method"]
        if method not in _METHODS:
            raise self.fail(f"{key}.method", f"{method!r} is not one of {sorted(_METHODS)}")
        try:
            segments = parse_template(_str(raw["path"], self.file, f"{key}.path"))
        except ValueError as exc:
            raise self.fail(f"{key}.path", str(exc)) from None
        collection = self.collection(key, raw["collection"]) if "collection" in raw else None
        checks = self.checks(f"{key}.check", raw["check"], collection)
        if collection is not None and not any(
            isinstance(c, Param) and c.type.name == "filter_by" for c in checks
        ):
            raise self.fail(f"{key}.check", "a collection operation places its standard parameters")
        dispatch: Param | None = None
        actions: dict[str, tuple[Param | Rule, ...]] = {}
        if "dispatch" in raw:
            dispatch, actions = self.actions(key, raw["dispatch"], raw.get("action_check", []))
        elif "action_check" in raw:
            raise self.fail(f"{key}.action_check", "action checks need a [operation.dispatch]")
        names = [c.name for c in checks if isinstance(c, Param)]
        path_params = {c.name for c in checks if isinstance(c, Param) and c.location == "path"}
        variables = {name for name, variable, _ in segments if variable}
        if variables != path_params:
            raise self.fail(f"{key}.path", f"variables {sorted(variables)} != path parameters "
                                           f"{sorted(path_params)}")
        for name, variable, optional in segments:
            param = next(c for c in checks if isinstance(c, Param) and c.name == name) if variable else None
            if param is not None and param.required == optional and not param.required_unless:
                raise self.fail(f"{key}.path", f"{name} is {'optional' if optional else 'required'} "
                                               "in the path but not in its check")
        if len(set(names)) != len(names):
            raise self.fail(f"{key}.check", "a parameter is defined twice")
        aliases = tuple(_str(a, self.file, f"{key}.aliases") for a in raw.get("aliases", ()))
        bodies = tuple(_str_list(raw.get("bodies", ["json"]), self.file, f"{key}.bodies"))
        if not set(bodies) <= _BODIES or len(set(bodies)) != len(bodies):
            raise self.fail(f"{key}.bodies", f"a list of distinct formats of {sorted(_BODIES)}")
        return Operation(
            id=op_id, resource=resource, method=method, path=raw["path"],
            summary=_str(raw.get("summary", ""), self.file, f"{key}.summary"),
            checks=tuple(checks), collection=collection, dispatch=dispatch,
            actions=MappingProxyType(actions), aliases=aliases, segments=segments, bodies=bodies,
        )

    def collection(self, key: str, raw: Mapping[str, Any]) -> Collection:
        key = f"{key}.collection"
        _keys(raw, _COLLECTION_KEYS, self.file, key)
        fields = _str_list(raw.get("fields"), self.file, f"{key}.fields")
        ops = _str_list(raw.get("ops"), self.file, f"{key}.ops")
        op_default = raw.get("op_default")
        if op_default is not None and op_default not in ops:
            raise self.fail(f"{key}.op_default", f"{op_default!r} is not one of ops")
        filters = {}
        for name, spec in _table(raw.get("filters"), self.file, f"{key}.filters").items():
            fkey = f"{key}.filters.{name}"
            _keys(spec, _FILTER_KEYS, self.file, fkey)
            code = spec.get("code")
            if code is not None:
                self.code(fkey, code, None)
            options = {k: v for k, v in spec.items() if k not in ("code",)}
            filters[name] = Filter(name, self.type(fkey, options), code)
        if not filters:
            raise self.fail(f"{key}.filters", "a collection has at least one filter field")
        return Collection(tuple(fields), MappingProxyType(filters), tuple(ops), op_default)

    def checks(self, key: str, raw: Any, collection: Collection | None,
               nested: bool = False) -> list[Param | Rule]:
        if not isinstance(raw, list):
            raise self.fail(key, "must be an array of tables")
        checks: list[Param | Rule] = []
        placed: set[str] = set()
        for i, entry in enumerate(raw):
            ekey = f"{key}[{i}]"
            if not isinstance(entry, Mapping):
                raise self.fail(ekey, "must be a table")
            if "standard" in entry:
                checks.extend(self.standard_params(ekey, entry, collection, placed))
                continue
            merged = self.resolve(ekey, entry)
            if "rule" in merged:
                checks.append(self.rule(ekey, merged, checks))
            else:
                checks.append(self.param(ekey, merged, _PARAM_KEYS, collection))
        if not nested and collection is not None and placed != {s["param"] for s in self.standard}:
            raise self.fail(key, 'standard parameters left unplaced: add standard = "rest"')
        return checks

    def standard_params(self, key: str, entry: Mapping[str, Any], collection: Collection | None,
                        placed: set[str]) -> list[Param | Rule]:
        _keys(entry, frozenset({"standard"}), self.file, key)
        if collection is None:
            raise self.fail(f"{key}.standard", "only a collection operation has standard parameters")
        wanted = entry["standard"]
        names = [s["param"] for s in self.standard]
        if wanted == "rest":
            chosen = [n for n in names if n not in placed]
        else:
            chosen = _str_list(wanted, self.file, f"{key}.standard")
            unknown = set(chosen) - set(names)
            if unknown:
                raise self.fail(f"{key}.standard", f"not standard parameters: {sorted(unknown)}")
        placed.update(chosen)
        by_name = {s["param"]: s for s in self.standard}
        return [self.param(f"standard.{n}", by_name[n], _PARAM_KEYS, collection) for n in chosen]

    def resolve(self, key: str, entry: Mapping[str, Any]) -> dict[str, Any]:
        """An entry with its ``use`` definition merged under it."""
        if "use" not in entry:
            return dict(entry)
        name = entry["use"]
        base = (self.local_params.get(name) or self.shared_params.get(name)) if isinstance(name, str) else None
        if not isinstance(base, Mapping):
            raise self.fail(f"{key}.use", f"no definition named {name!r} in [params]")
        merged = {**({} if "rule" in base else {"param": name}), **base, **entry}
        del merged["use"]
        return merged

    def rule(self, key: str, raw: Mapping[str, Any], before: list[Param | Rule]) -> Rule:
        _keys(raw, _RULE_KEYS, self.file, key)
        kind = raw["rule"]
        if kind not in RULES:
            raise self.fail(f"{key}.rule", f"unknown rule {kind!r}; known: {sorted(RULES)}")
        params = tuple(_str_list(raw.get("params"), self.file, f"{key}.params"))
        known = {c.name for c in before if isinstance(c, Param)}
        if len(params) != 2 or not set(params) <= known:
            raise self.fail(f"{key}.params", "a rule names two parameters checked before it")
        code = self.code(key, raw.get("code"), raw.get("variant"))
        return Rule(kind, params, code, raw.get("variant"), raw.get("description", ""))

    def param(self, key: str, raw: Mapping[str, Any], allowed: frozenset[str],
              collection: Collection | None) -> Param:
        _keys(raw, allowed, self.file, key)
        name = _str(raw.get("param"), self.file, f"{key}.param")
        key = f"{key} ({name})"
        location = raw.get("in")
        if location not in _LOCATIONS:
            raise self.fail(f"{key}.in", f"{location!r} is not one of {sorted(_LOCATIONS)}")
        options = {k: v for k, v in raw.items() if k in _OPTION_KEYS or k == "type"}
        type_spec = self.type(key, options, collection)
        code = self.code(key, raw.get("code"), raw.get("variant"), type_spec.name == "filter_value")
        item_checks: tuple[Param | Rule, ...] = ()
        if type_spec.name == "objects":
            item_checks = tuple(self.checks(f"{key}.check", raw.get("check"), None, nested=True))
        elif "check" in raw:
            raise self.fail(f"{key}.check", "only a list of objects has nested checks")
        too_many = raw.get("too_many_code")
        if too_many is not None:
            self.code(f"{key}.too_many_code", too_many, None)
            if type_spec.get("max_setting") is None:
                raise self.fail(f"{key}.too_many_code", "goes with max_setting")
        default = raw.get("default")
        if default is not None:
            self.check_default(f"{key}.default", type_spec, default)
        required = raw.get("required", False)
        if not isinstance(required, bool):
            raise self.fail(f"{key}.required", "must be true or false")
        return Param(
            name=name, location=location, type=type_spec, code=code, variant=raw.get("variant"),
            required=required, required_unless=raw.get("required_unless"), default=default,
            aliases=tuple(_str_list(raw.get("aliases", []), self.file, f"{key}.aliases", empty=True)),
            description=raw.get("description", ""), item_checks=item_checks, too_many_code=too_many,
        )

    def type(self, key: str, raw: Mapping[str, Any], collection: Collection | None = None) -> TypeSpec:
        name = raw.get("type")
        if not isinstance(name, str) or name not in TYPE_OPTIONS:
            raise self.fail(f"{key}.type", f"unknown type {name!r}; known: {sorted(TYPE_OPTIONS)}")
        allowed, required = TYPE_OPTIONS[name]
        given = {k: v for k, v in raw.items() if k != "type"}
        extra = set(given) - allowed
        if extra:
            raise self.fail(f"{key}.{sorted(extra)[0]}", f"not an option of type {name}")
        missing = required - set(given)
        if missing:
            raise self.fail(f"{key}.{sorted(missing)[0]}", f"type {name} needs it")
        if TYPES[name].needs_max and "max" not in given and "max_setting" not in given:
            raise self.fail(f"{key}.max", f"type {name} needs max or max_setting")
        setting = given.get("max_setting")
        if setting is not None and setting not in SETTINGS:
            raise self.fail(f"{key}.max_setting", f"unknown setting {setting!r}; known: {sorted(SETTINGS)}")
        if "item" in given and given["item"] not in ITEM_TYPES:
            raise self.fail(f"{key}.item", f"items are one of {sorted(ITEM_TYPES)}")
        for bound in ("min", "max"):
            if bound in given and (type(given[bound]) is not int or given[bound] < 0):
                raise self.fail(f"{key}.{bound}", "must be a whole number, 0 or more")
        prepare = TYPES[name].prepare
        if prepare is not None:
            try:
                prepare(given, collection)  # the type's own checks of its options (the registry's)
            except OptionError as err:
                raise self.fail(f"{key}.{err.option}", err.problem) from None
        return TypeSpec(name, tuple(sorted(given.items())))

    def code(self, key: str, code: Any, variant: Any, any_variant: bool = False) -> str:
        if not isinstance(code, str):
            raise self.fail(f"{key}.code", "missing")
        if not catalog.is_known(code):
            raise self.fail(f"{key}.code", f"{code!r} is not in the error catalog")
        if variant is not None and not catalog.is_known(code, variant):
            raise self.fail(f"{key}.variant", f"{code!r} has no variant {variant!r}")
        if variant is None and not any_variant and len(catalog.variants(code)) > 1:
            raise self.fail(f"{key}.variant", f"{code!r} has several messages: name one of "
                                              f"{catalog.variants(code)}")
        return code

    def check_default(self, key: str, type_spec: TypeSpec, default: Any) -> None:
        good = TYPES[type_spec.name].default
        if good is None or not good(type_spec, default):
            raise self.fail(key, f"{default!r} is not a cleaned value of type {type_spec.name}")

    def actions(self, key: str, raw: Mapping[str, Any], checks: Any
                ) -> tuple[Param, dict[str, tuple[Param | Rule, ...]]]:
        dkey = f"{key}.dispatch"
        _keys(raw, _DISPATCH_KEYS, self.file, dkey)
        names = _str_list(raw.get("actions"), self.file, f"{dkey}.actions")
        dispatch = self.param(dkey, {
            "param": raw.get("param"), "in": raw.get("in"), "type": "enum", "values": names,
            "required": True, "code": raw.get("code"), "description": raw.get("description", ""),
        }, _PARAM_KEYS, None)
        per_action: dict[str, list[Param | Rule]] = {name: [] for name in names}
        if not isinstance(checks, list):
            raise self.fail(f"{key}.action_check", "must be an array of tables")
        for i, entry in enumerate(checks):
            ekey = f"{key}.action_check[{i}]"
            _keys(entry, _ACTION_KEYS, self.file, ekey)
            required_for = _str_list(entry.get("required_for", []), self.file, f"{ekey}.required_for", True)
            optional_for = _str_list(entry.get("optional_for", []), self.file, f"{ekey}.optional_for", True)
            type_for = _table(entry.get("type_for", {}), self.file, f"{ekey}.type_for")
            unknown = (set(required_for) | set(optional_for) | set(type_for)) - set(names)
            if unknown:
                raise self.fail(ekey, f"unknown actions {sorted(unknown)}")
            if set(required_for) & set(optional_for):
                raise self.fail(ekey, "an action both requires and allows the same field")
            # A shared definition named by ``use``, with the keys beside it winning (as in checks).
            base = self.resolve(ekey, {k: v for k, v in entry.items()
                                       if k not in ("required_for", "optional_for", "type_for")})
            for action in names:
                if action not in required_for and action not in optional_for:
                    continue
                variant = {**base, "required": action in required_for}
                if action in type_for:
                    variant["type"] = type_for[action]
                per_action[action].append(self.param(f"{ekey}[{action}]", variant, _PARAM_KEYS, None))
        return dispatch, {name: tuple(checks) for name, checks in per_action.items()}


def _keys(raw: Any, allowed: frozenset[str], file: str, key: str) -> None:
    if not isinstance(raw, Mapping):
        raise SchemaError(file, key or "(top)", "must be a table")
    unknown = set(raw) - allowed
    if unknown:
        name = sorted(unknown)[0]
        raise SchemaError(file, f"{key}.{name}" if key else name, "unknown key")


def _str(value: Any, file: str, key: str) -> str:
    if not isinstance(value, str) or (not value and not key.endswith("summary")):
        raise SchemaError(file, key, "must be a non-empty string")
    return value


def _str_list(value: Any, file: str, key: str, empty: bool = False) -> list[str]:
    if not is_str_list(value, empty):
        raise SchemaError(file, key, "must be a list of non-empty strings")
    return value


def _table(value: Any, file: str, key: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise SchemaError(file, key, "must be a table")
    return dict(value)


def load(files: Iterable[tuple[str, bytes]] | None = None) -> Spec:
    """Build the Spec from ``(file name, TOML bytes)`` pairs; the packaged files by default."""
    import tomllib  # here: a Spec from the cache needs no TOML parser (≈ 7 ms of start-up)

    if files is None:
        files = _packaged_files()
    documents: dict[str, Mapping[str, Any]] = {}
    for name, data in files:
        try:
            documents[name] = tomllib.loads(data.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SchemaError(name, "(file)", f"not valid TOML: {exc}") from None
    loader = _Loader(documents.pop(_SHARED, {}))
    operations: dict[str, Operation] = {}
    aliases: dict[str, str] = {}
    for name in sorted(documents):
        for op in loader.resource(name, documents[name]):
            if op.id in operations or op.id in aliases:
                raise SchemaError(name, f"operation {op.id}", "defined twice")
            operations[op.id] = op
            for alias in op.aliases:
                if alias in operations or alias in aliases:
                    raise SchemaError(name, f"operation {op.id}.aliases", f"{alias!r} is taken")
                aliases[alias] = op.id
    if not operations:
        raise SchemaError("schemas/", "(files)", "no operation defined")
    return Spec(MappingProxyType(operations), MappingProxyType(aliases))


def _schema_folder() -> str | None:
    """The folder of the schema files on the filesystem, or None (e.g. a zip import).

    The wheel ships them inside the package (``ua_validate/schemas``); in a source checkout
    and an editable install the package is ``src/ua_validate`` and they are the checkout's
    top-level ``schemas/``.
    """
    package = os.path.dirname(__file__)
    for folder in (os.path.join(package, "schemas"),
                   os.path.join(os.path.dirname(os.path.dirname(package)), "schemas")):
        if os.path.isfile(os.path.join(folder, _SHARED)):
            return folder
    return None


def _packaged_files() -> list[tuple[str, bytes]]:
    folder = _schema_folder()
    if folder is not None:
        # On a filesystem (every usual install, and a checkout): plain reads. importlib.resources
        # (with tempfile, shutil, zipfile) and pathlib would cost ≈ 15 ms of start-up.
        files = []
        for name in os.listdir(folder):
            if name.endswith(".toml"):
                with open(os.path.join(folder, name), "rb") as file:
                    files.append((name, file.read()))
        return files
    from importlib import resources  # the package imported from a zip file: the wheel's layout

    packaged = resources.files("ua_validate") / "schemas"
    return [(entry.name, entry.read_bytes()) for entry in packaged.iterdir() if entry.name.endswith(".toml")]


@cache
def default_spec() -> Spec:
    """The Spec of the packaged schema files, loaded once (from the cache when it holds it)."""
    return _cache.spec(_packaged_files(), load, (Spec, Operation, Param, Rule, TypeSpec, Collection, Filter))
