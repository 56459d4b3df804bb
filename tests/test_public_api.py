"""The public surface: ``__all__``, what ``import ua_validate`` pulls in, module docstrings."""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

import ua_validate

PACKAGE = Path(ua_validate.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))
PUBLIC = {"Entry", "Failure", "SchemaError", "UAError", "UnknownOperationError", "ValidationError", "Validator",
          "validate", "validate_request"}
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
        "print(json.dumps(sorted(n for n, v in vars(ua_validate).items()"
        " if not n.startswith('_') and not inspect.ismodule(v))))"
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
