"""The public surface: ``__all__``, what ``import ua_validate`` pulls in, module docstrings."""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import inspect
import json
import subprocess
import sys
import typing
from pathlib import Path

import pytest

import ua_validate

PACKAGE = Path(ua_validate.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))
PUBLIC = {"Entry", "Failure", "OperationId", "SchemaError", "UAError", "UnknownOperationError", "ValidationError",
          "Validator", "validate", "validate_request"}
# Modules whose import must not come with `import ua_validate` (SPEC §8, STYLE: core never imports
# an adapter).
FORBIDDEN = ("flask", "django", "hypothesis", "werkzeug", "waitress", "pytest", "tqdm")
ADAPTERS = ("ua_validate.flask", "ua_validate.django", "ua_validate.server", "ua_validate.testing",
            "ua_validate.pytest_plugin", "ua_validate.audit")


def fresh_python(code: str) -> str:
    """Run ``code`` in a fresh interpreter (no pytest, no plugins) and return its stdout."""
    done = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_all_is_exactly_the_public_names() -> None:
    assert set(ua_validate.__all__) == PUBLIC
    assert len(ua_validate.__all__) == len(set(ua_validate.__all__))
    assert list(ua_validate.__all__) == sorted(ua_validate.__all__)
    for name in ua_validate.__all__:
        assert getattr(ua_validate, name) is not None


def test_all_names_everything_public_the_package_defines() -> None:
    names = json.loads(fresh_python(
        "import inspect, json, ua_validate\n"
        "print(json.dumps(sorted(n for n in dir(ua_validate)"
        " if not n.startswith('_') and not inspect.ismodule(getattr(ua_validate, n)))))"
    ))
    assert set(names) == PUBLIC


def test_star_import_gives_the_public_names() -> None:
    names = json.loads(fresh_python(
        "import json\nfrom ua_validate import *\n"
        "print(json.dumps(sorted(n for n in dir() if not n.startswith('_') and n != 'json')))"
    ))
    assert set(names) == PUBLIC


def test_public_names_are_what_they_say() -> None:
    from ua_validate import catalog, errors, validator

    assert ua_validate.Entry is catalog.Entry
    assert ua_validate.UAError is errors.UAError
    assert issubclass(ua_validate.ValidationError, ua_validate.UAError)
    assert issubclass(ua_validate.SchemaError, ValueError)
    assert issubclass(ua_validate.UnknownOperationError, LookupError)
    assert ua_validate.validate is validator.validate
    assert ua_validate.validate_request is validator.validate_request
    assert inspect.isclass(ua_validate.Validator)
    for name in PUBLIC:
        assert getattr(ua_validate, name).__doc__, name


def test_version() -> None:
    assert ua_validate.__version__ == importlib.metadata.version("ua-validate")


def test_typed() -> None:
    assert (PACKAGE / "py.typed").is_file()


def test_import_does_not_import_adapters_or_their_frameworks() -> None:
    loaded = json.loads(fresh_python(
        "import json, sys\nimport ua_validate\n"
        "first = sorted(sys.modules)\n"
        "ua_validate.validate('cdr', {'count': '5'})\n"
        "try:\n    ua_validate.validate_request('GET', '/uapi/cdr?count=x')\nexcept ua_validate.UAError:\n    pass\n"
        "print(json.dumps([first, sorted(sys.modules)]))"
    ))
    for modules in loaded:
        for name in modules:
            top = name.partition(".")[0]
            assert top not in FORBIDDEN, name
            assert name not in ADAPTERS, name
    # Only what validating needs: typing and tomllib come neither with the import (the cache's
    # warm start, without tomllib after validating too, is in test_cache.py) nor threading.
    assert not {"typing", "tomllib", "threading"} & set(loaded[0])


def test_import_defines_names_and_imports_nothing_else() -> None:
    """`import ua_validate` imports no module of its own and none of what validating needs
    (regular expressions, dates, the generator's line cache): each public name's module comes
    with its first use."""
    loaded = json.loads(fresh_python(
        "import json, sys\nbefore = set(sys.modules)\nimport ua_validate\n"
        "first = sorted(set(sys.modules) - before)\n"
        "ua_validate.UAError\nsecond = sorted(set(sys.modules) - before)\n"
        "print(json.dumps([first, second, 'validator' in vars(ua_validate)]))"
    ))
    assert loaded[0] == ["ua_validate"]
    assert not {"re", "datetime", "linecache", "enum", "functools", "collections", "typing"} & set(loaded[0])
    # A name's first use imports its module (the errors: not the validator, loader or types).
    assert "ua_validate.errors" in loaded[1] and "ua_validate.loader" not in loaded[1]
    assert loaded[2] is False


def test_import_is_cheap_on_phone_metadata() -> None:
    loaded = json.loads(fresh_python(
        "import json, sys\nimport ua_validate\nprint(json.dumps(sorted(sys.modules)))"
    ))
    assert not any(name.startswith("phonenumbers.data.region_") for name in loaded)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_has_a_one_line_docstring(path: Path) -> None:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")), clean=False)
    assert docstring, f"{path.name} has no module docstring"
    lines = docstring.strip("\n").splitlines()
    summary = lines[0].strip()
    assert summary, f"{path.name}: the docstring starts with its summary line"
    # A one-line summary: alone, or followed by a blank line before any more text (PEP 257).
    assert len(lines) == 1 or not lines[1].strip(), f"{path.name}: the summary is one line"
    assert summary[-1] in ".)", f"{path.name}: the summary is a sentence"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_all_names_exist(path: Path) -> None:
    if path.name in ("__main__.py",):
        pytest.skip("runs on import")
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
    try:
        module = importlib.import_module(name)
    except ImportError as exc:  # an adapter whose framework is an optional extra
        pytest.skip(f"{name}: {exc}")
    for public in getattr(module, "__all__", ()):
        assert hasattr(module, public), f"{name}.__all__ names {public!r}, which it lacks"


# --- types that type checkers and editors see ------------------------------------------------------

def test_operation_id_holds_every_id_and_alias_of_the_spec() -> None:
    from ua_validate.loader import default_spec

    spec = default_spec()
    assert {op.id for op in spec} | set(spec.aliases) <= set(typing.get_args(ua_validate.OperationId))


def test_operation_id_is_exactly_the_ids_and_aliases_of_the_spec() -> None:
    from ua_validate.loader import default_spec

    spec = default_spec()
    ids = typing.get_args(ua_validate.OperationId)
    assert sorted(ids) == sorted({op.id for op in spec} | set(spec.aliases))
    assert "presence.list" in ids and len(ids) == len(set(ids))


@pytest.mark.parametrize(("name", "expected"), [
    ("code", "str"), ("variant", "str | None"), ("status", "int"), ("message", "str"),
    ("body", "dict[str, dict[str, str]]"),
])
def test_error_attributes_have_their_types(name: str, expected: str) -> None:
    for cls in (ua_validate.UAError, ua_validate.ValidationError):
        attribute = inspect.getattr_static(cls, name)
        assert isinstance(attribute, property)
        assert attribute.fget.__annotations__["return"] == expected, (cls, name)
        assert attribute.__doc__


def _records() -> list[type]:
    from ua_validate import _record, catalog, errors, rules, spec

    found = [value for module in (catalog, errors, rules, spec) for value in vars(module).values()
             if inspect.isclass(value) and issubclass(value, _record.Record) and value is not _record.Record]
    assert {cls.__name__ for cls in found} >= {"Entry", "Failure", "Settings", "Param", "Operation", "Spec"}
    return found


@pytest.mark.parametrize("record", _records(), ids=lambda cls: cls.__name__)
def test_records_show_their_real_signature(record: type) -> None:
    parameters = inspect.signature(record).parameters
    assert list(parameters) == list(record._fields)  # type: ignore[attr-defined]
    for name, parameter in parameters.items():
        assert parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        if name in record._defaults:  # type: ignore[attr-defined]
            assert parameter.default == record._defaults[name]  # type: ignore[attr-defined]
        elif name in record._factories:  # type: ignore[attr-defined]
            assert repr(parameter.default) == "<factory>"
        else:
            assert parameter.default is inspect.Parameter.empty
        assert parameter.annotation == record.__annotations__[name]
    assert record.__init__.__qualname__ == f"{record.__qualname__}.__init__"


def test_failure_signature_reads_as_documented() -> None:
    shown = str(inspect.signature(ua_validate.Failure))
    assert shown == ("(code: 'str', variant: 'str | None' = None, param: 'str | None' = None, "
                     "location: 'Location | None' = None) -> 'None'")
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'code'"):
        ua_validate.Failure()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'value'"):
        ua_validate.Failure("count_invalid", value="x")  # type: ignore[call-arg]


def test_records_do_not_import_dataclasses_or_inspect() -> None:
    loaded = json.loads(fresh_python(
        "import json, sys\nimport ua_validate\nua_validate.Validator()\nprint(json.dumps(sorted(sys.modules)))"
    ))
    assert "dataclasses" not in loaded and "inspect" not in loaded


def test_a_failure_keeps_its_catalog_entry_out_of_equality_repr_and_pickling() -> None:
    import pickle

    first, second = ua_validate.Failure("count_invalid", None, "count", "query"), \
        ua_validate.Failure("count_invalid", None, "count", "query")
    assert first.entry is ua_validate.ValidationError(first).entry  # looked up, then kept
    assert first == second and hash(first) == hash(second) and repr(first) == repr(second)
    copy = pickle.loads(pickle.dumps(first))
    assert copy == first and copy.entry == first.entry
    with pytest.raises(KeyError):
        ua_validate.Failure("no_such_code").entry  # noqa: B018 (the lookup is the point)
