"""The start-up cache (``_cache``): the same verdicts from cached code, never a stale entry,
silent fallback on an unusable location or a damaged entry, and the switch that disables it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ua_validate
from ua_validate import UAError, Validator, _cache, compiler, loader, testing
from ua_validate.rules import Settings
from ua_validate.spec import Collection, Filter, Operation, Param, Rule, Spec, TypeSpec

FILES = sorted(loader._packaged_files())
RECORDS = (Spec, Operation, Param, Rule, TypeSpec, Collection, Filter)
PACKAGE = Path(ua_validate.__file__).parent


def _spec(files: list[tuple[str, bytes]], load: Any = loader.load) -> Spec:
    return _cache.spec(files, load, RECORDS)


def _entries(folder: Path, kind: str) -> list[Path]:
    return sorted(folder.glob(f"{kind}-*.marshal")) if folder.is_dir() else []


def _compile_everything(validator: Validator) -> None:
    """Compile every operation's function and every action's, as requests would."""
    for op in validator.spec:
        validator._backend.function(op)
        for action in op.actions:
            compiler.generate(op, validator.settings, action).compile()


def _counting_load() -> tuple[list[int], Any]:
    calls: list[int] = []

    def load(files: list[tuple[str, bytes]]) -> Spec:
        calls.append(1)
        return loader.load(files)

    return calls, load


def _fax(files: int) -> dict[str, Any]:
    return {"userId": "@me", "extension": "0003*210", "recipients": ["7778888"],
            "files": [{"name": f"fax{i}.txt", "type": "txt", "size": 1200} for i in range(files)]}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(_cache.ENVIRON, str(folder))
    return folder


# -- the same answers ------------------------------------------------------------------------

def _verdict(validator: Validator, operation: str, params: dict[str, Any]) -> object:
    try:
        return ("valid", validator.validate(operation, params))
    except UAError as err:
        return ("invalid", err.code, err.variant, getattr(err, "param", None))


@pytest.fixture(scope="module")
def two_validators(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Validator, Validator, Path]]:
    """A Validator that compiled everything itself (cache off), and one whose Spec and code all
    came from cache entries written by a third one before."""
    folder = tmp_path_factory.mktemp("warm")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(_cache.ENVIRON, "off")
        cold = Validator(spec=_spec(FILES))
        _compile_everything(cold)
        patch.setenv(_cache.ENVIRON, str(folder))
        _compile_everything(Validator(spec=_spec(FILES)))  # writes the entries
        calls, load = _counting_load()
        warm = Validator(spec=_spec(FILES, load))
        assert calls == [], "the Spec was not read from the cache"
        written = _entries(folder, "code")
        _compile_everything(warm)
        assert written and _entries(folder, "code") == written, "a unit was not read from the cache"
        yield cold, warm, folder


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_operation_answers_the_same_from_the_cache(
    two_validators: tuple[Validator, Validator, Path], data: st.DataObject
) -> None:
    cold, warm, _ = two_validators
    if data.draw(st.booleans(), label="valid"):
        operation = data.draw(st.sampled_from(sorted(op.id for op in cold.spec)), label="operation")
        params = data.draw(testing.valid_requests(operation, validator=cold), label="params")
    else:
        case = data.draw(st.sampled_from(testing.error_cases(validator=cold)), label="case")
        operation = case.operation
        params = data.draw(testing.requests_for(case, validator=cold), label="params")
    assert _verdict(warm, operation, params) == _verdict(cold, operation, params)


def test_cached_spec_and_code_equal_what_is_built(cache: Path) -> None:
    built = loader.load(FILES)
    assert _spec(FILES) == built  # cold: builds, writes
    calls, load = _counting_load()
    assert _spec(FILES, load) == built and calls == []  # warm: read back
    for op in built:
        unit = compiler.generate(op, Settings())
        filename = f"<ua_validate generated {unit.name}>.py"
        fresh = compile(unit.text, filename, "exec")
        assert _cache.code(unit.text, filename) == fresh  # written
        assert _cache.code(unit.text, filename) == fresh  # read back
    assert len(_entries(cache, "spec")) == 1 and len(_entries(cache, "code")) == len(list(built))


def test_generated_source_stays_in_linecache_with_cached_code(cache: Path) -> None:
    import linecache
    import traceback

    _compile_everything(Validator(max_fax_files=2))  # the entries
    validator = Validator(max_fax_files=2)
    function = validator._backend.function(validator.spec.operation("faxes.create"))
    filename = function.__code__.co_filename
    assert filename.startswith("<ua_validate generated faxes.create")
    assert linecache.getlines(filename) == compiler.generate(
        validator.spec.operation("faxes.create"), validator.settings).text.splitlines(keepends=True)
    with pytest.raises(UAError) as info:
        validator.validate("faxes.create", _fax(3))
    shown = "".join(traceback.format_exception(info.value))
    assert filename in shown and "raise ValidationError(_E_files_fx_max_files_reached)" in shown  # the generated line


# -- never stale -----------------------------------------------------------------------------

def test_a_changed_schema_file_is_not_served_the_old_spec(cache: Path) -> None:
    before = _spec(FILES)
    changed = [(name, data.replace(b'summary = "', b'summary = "Changed: ', 1) if name == "cdr.toml" else data)
               for name, data in FILES]
    after = _spec(changed)
    assert after == loader.load(changed) != before
    assert after.operation("cdr.list").summary.startswith("Changed: ")
    assert len(_entries(cache, "spec")) == 2
    assert _spec(FILES) == before  # each key its own entry


def test_an_entry_under_the_wrong_key_is_not_used(cache: Path) -> None:
    """An entry whose recorded key is another's (renamed, or a digest collision) is a miss."""
    changed = [(name, data.replace(b'summary = "', b'summary = "Changed: ', 1) if name == "cdr.toml" else data)
               for name, data in FILES]
    _spec(changed)
    (entry,) = _entries(cache, "spec")
    right_key = _cache._spec_key(FILES)
    entry.rename(cache / f"spec-{right_key}.marshal")
    calls, load = _counting_load()
    assert _spec(FILES, load) == loader.load(FILES) and calls == [1]


def test_another_version_is_not_served_this_versions_spec(tmp_path: Path) -> None:
    """A copy of the package whose only change is its version, laid out as a wheel installs it,
    sharing one cache folder with this one: its first start parses the schema files."""
    import shutil

    copy = tmp_path / "site" / "ua_validate"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(PACKAGE.parent.parent / "schemas", copy / "schemas")
    init = copy / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace(
        f'__version__ = "{ua_validate.__version__}"', '__version__ = "99.0"'), encoding="utf-8")
    code = ("import json, sys, ua_validate\nua_validate.Validator()\n"
            "print(json.dumps([ua_validate.__version__, ua_validate.__file__, 'tomllib' in sys.modules]))")
    folder = tmp_path / "cache"
    version, where, parsed = _fresh(code, folder, copy.parent)
    assert (version, parsed) == ("99.0", True) and where.startswith(str(copy))
    assert _fresh(code, folder, copy.parent)[2] is False  # its own entry, then
    assert _fresh(code, folder)[2] is True  # this version's first start parses too
    assert _fresh(code, folder)[2] is False
    assert len(_entries(folder, "spec")) == 2


def test_changed_loader_code_changes_the_key() -> None:
    key = _cache._spec_key(FILES)
    assert key is not None and key == _cache._spec_key(FILES)
    assert _cache._spec_key([*FILES, ("extra.toml", b"")]) != key
    assert set(_cache._SPEC_MODULES) >= {"__init__", "loader", "spec", "valuetypes", "catalog", "_cache"}


def test_other_settings_never_meet_another_settings_code(cache: Path) -> None:
    request = _fax(3)
    _compile_everything(Validator())  # entries for the default settings (10 files allowed)
    Validator().validate("faxes.create", request)
    with pytest.raises(UAError) as info:
        Validator(max_fax_files=2).validate("faxes.create", request)
    assert info.value.code == "fx_max_files_reached"
    Validator(max_fax_files=2)  # and the default's entry still answers for the default
    assert Validator().validate("faxes.create", request)["files"]


@pytest.mark.parametrize("padding", [0, 3000], ids=["short: one table", "long: an entry each"])
def test_the_key_of_a_unit_is_its_text_and_file_name(cache: Path, monkeypatch: pytest.MonkeyPatch,
                                                      padding: int) -> None:
    monkeypatch.setattr(_cache, "_SHORT_CODES", _cache._Table("short-code", 256))
    text = "def f():\n    return 1\n" + "#" * padding + "\n"
    first = _cache.code(text, "<one>")
    assert _cache.code(text, "<two>").co_filename == "<two>" and first.co_filename == "<one>"
    assert _cache.code(text.replace("1", "2"), "<one>").co_consts != first.co_consts
    if padding:
        assert len(_entries(cache, "code")) == 3 and _entries(cache, "short-code") == []
    else:
        assert _entries(cache, "code") == [] and len(_entries(cache, "short-code")) == 1
        assert len(_cache._SHORT_CODES.values) == 3

    def no_compile(*args: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(_cache, "_SHORT_CODES", _cache._Table("short-code", 256))  # a new process
    monkeypatch.setattr(_cache, "compile", no_compile, raising=False)
    again = _cache.code(text, "<one>")  # read back from its table or its entry
    assert again == first and again.co_filename == "<one>"


# -- silent fallback ---------------------------------------------------------------------------

def test_an_unwritable_location_builds_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(_cache.ENVIRON, str(blocker / "cache"))  # no folder can be made under a file
    assert _spec(FILES) == loader.load(FILES)
    validator = Validator()
    _compile_everything(validator)
    assert validator.validate("cdr.list", {"userId": "@me", "count": "5"})["count"] == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_builds_in_memory(cache: Path) -> None:
    cache.mkdir()
    cache.chmod(0o500)
    try:
        assert _spec(FILES) == loader.load(FILES)
        assert list(cache.iterdir()) == []
    finally:
        cache.chmod(0o700)


@pytest.mark.parametrize("damage", ["truncated", "flipped", "empty", "garbage"])
def test_a_damaged_entry_is_rebuilt(cache: Path, damage: str) -> None:
    _spec(FILES)
    op = loader.load(FILES).operation("cdr.list")
    unit = compiler.generate(op, Settings())
    fresh = _cache.code(unit.text, "<cdr>")
    for entry in [*_entries(cache, "spec"), *_entries(cache, "code")]:
        data = entry.read_bytes()
        entry.write_bytes({"truncated": data[: len(data) // 2], "empty": b"",
                           "flipped": data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:],
                           "garbage": os.urandom(len(data))}[damage])
    calls, load = _counting_load()
    assert _spec(FILES, load) == loader.load(FILES) and calls == [1]
    assert _cache.code(unit.text, "<cdr>") == fresh
    calls.clear()
    assert _spec(FILES, load) == loader.load(FILES) and calls == []  # rewritten whole


def test_disabled_by_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for off in ("off", "0", "OFF", ""):
        monkeypatch.setenv(_cache.ENVIRON, off)
        assert _cache.folders() == []
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv(_cache.ENVIRON, "off")
    calls, load = _counting_load()
    _spec(FILES, load)
    _spec(FILES, load)
    assert calls == [1, 1]
    _compile_everything(Validator())
    assert list(tmp_path.iterdir()) == []


def test_default_folders_beside_the_package_then_the_user_cache(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(_cache.ENVIRON, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _cache.folders() == [str(PACKAGE / "__pycache__" / "ua_validate"), str(tmp_path / "ua_validate")]


# -- what a warm start imports ---------------------------------------------------------------

def _fresh(code: str, folder: Path, path: Path | None = None) -> Any:
    """Run ``code`` in a fresh interpreter with the cache in ``folder`` (and the package from
    ``path`` when given), and return what it printed, read as JSON."""
    env = {**os.environ, _cache.ENVIRON: str(folder)}
    if path is not None:
        env["PYTHONPATH"] = str(path)
    done = subprocess.run([sys.executable, *(["-I"] if path is None else []), "-c", code], capture_output=True,
                          text=True, timeout=60, check=False, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_warm_start_imports_neither_tomllib_nor_typing_nor_linecache(tmp_path: Path) -> None:
    code = (
        "import json, sys\nimport ua_validate\nfirst = sorted(sys.modules)\n"
        "v = ua_validate.Validator()\n"
        "for op in v.spec:\n"
        "    try:\n        v.validate(op.id, {})\n    except ua_validate.UAError:\n        pass\n"
        "print(json.dumps([first, sorted(sys.modules)]))"
    )
    cold_first, cold_after = _fresh(code, tmp_path)
    assert "typing" not in cold_first and "tomllib" not in cold_first
    assert "tomllib" in cold_after  # the cold start parsed the schema files
    warm_first, warm_after = _fresh(code, tmp_path)
    assert "typing" not in warm_first and "tomllib" not in warm_first
    assert "tomllib" not in warm_after and "typing" not in warm_after
    # linecache (with tokenize) comes when a traceback is formatted, not to validate
    assert "linecache" not in cold_after and "linecache" not in warm_after


# -- whole units: the warm start runs no generator ---------------------------------------------

def _every_unit(spec: Spec) -> list[tuple[Operation, str | None]]:
    return [(op, action) for op in spec for action in ((None, *op.actions) if op.dispatch else (None,))]


def test_a_warm_unit_is_the_generated_one_without_the_generator(cache: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _spec(FILES)
    settings = Settings()
    built = {(op.id, action): compiler.generate(op, settings, action) for op, action in _every_unit(spec)}
    for op, action in _every_unit(spec):
        compiler._unit(op, settings, action)  # cold: generated, its entry written
    assert len(_entries(cache, "unit")) == len(built)

    def no_generator(*args: object) -> None:
        raise AssertionError("the generator ran on a warm start")

    made: list[Any] = []

    def unit(*args: Any) -> Any:
        made.append(compiler.Unit(*args))
        return made[-1]

    monkeypatch.setattr(compiler, "generate", no_generator)
    warm_spec = _spec(FILES)
    for op, action in _every_unit(warm_spec):
        _cache.unit(op, settings, action, compiler.generate, unit)
        generated = built[op.id, action]
        rebuilt = made[-1]
        assert (rebuilt.name, rebuilt.text, rebuilt.entry) == (generated.name, generated.text, generated.entry)
        assert rebuilt.code == compile(generated.text, f"<ua_validate generated {generated.name}>.py", "exec")
        # The same namespace: every value described alike (the same globals, the same parts of
        # the operation, partials and closures of the same code over equal values).
        ran = dict(generated.namespace)
        exec(rebuilt.code, ran)  # the names the code defines, beside the generator's
        assert set(rebuilt.namespace) == {*ran, "_SOURCE_HOLD", "__name__", "__loader__"}
        cold_op, known = spec.operation(op.id), _cache._globals()
        warm_paths, cold_paths = _cache._paths(op), _cache._paths(cold_op)
        for name, value in generated.namespace.items():
            assert _cache._describe(rebuilt.namespace[name], op, settings, warm_paths, known) == \
                _cache._describe(value, cold_op, settings, cold_paths, known), name
        # Each prebuilt Failure gives the same reason (its writer rebuilt when first asked).
        failures = [name for name, value in ran.items() if isinstance(value, ua_validate.Failure)]
        assert failures
        for name in failures:
            assert rebuilt.namespace[name] == ran[name] and rebuilt.namespace[name].reason == ran[name].reason, name
    assert len(_entries(cache, "unit")) == len(built)  # nothing written anew


def test_warm_units_answer_every_operation_as_generated_ones(cache: Path) -> None:
    requests = [("cdr.list", {"userId": "@me", "count": "5", "filterBy": "source", "filterOp": "equals",
                              "filterValue": "+40721234567"}),
                ("cdr.list", {"userId": "0", "count": "x"}),
                ("faxes.create", _fax(3)), ("faxes.create", _fax(30)),
                ("phone_calls.update", {"userId": "@me", "phoneCallId": "abc", "action": "Transfer"}),
                ("phone_calls.update", {"userId": "@me", "phoneCallId": "abc", "action": "Nope"})]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(_cache.ENVIRON, "off")
        expected = [_verdict(Validator(max_fax_files=20, spec=_spec(FILES)), *request) for request in requests]
    first = [_verdict(Validator(max_fax_files=20, spec=_spec(FILES)), *request) for request in requests]  # writes
    assert _entries(cache, "unit")
    assert first == expected
    assert [_verdict(Validator(max_fax_files=20, spec=_spec(FILES)), *request) for request in requests] == expected


def test_a_unit_key_follows_the_settings_the_action_and_the_generator(cache: Path) -> None:
    spec = _spec(FILES)
    op = spec.operation("phone_calls.update")
    key = _cache._unit_key(op, Settings(), "Transfer")
    assert key is not None and key == _cache._unit_key(op, Settings(), "Transfer")
    assert _cache._unit_key(op, Settings(max_fax_files=2), "Transfer") != key
    assert _cache._unit_key(op, Settings(), None) != key
    assert _cache._unit_key(spec.operation("cdr.list"), Settings(), "Transfer") != key
    saved = list(_cache._unit_sources)
    try:
        _cache._unit_sources[:] = [b"another generator"]
        assert _cache._unit_key(op, Settings(), "Transfer") != key
    finally:
        _cache._unit_sources[:] = saved
    # An operation of a Spec that came from no cache entry (no key of its own): generated.
    assert _cache._unit_key(loader.load(FILES).operation("phone_calls.update"), Settings(), "Transfer") is None
    assert set(_cache._UNIT_MODULES) >= {"compiler", "_reasons", "errors"}


def test_a_namespace_value_without_a_recipe_is_not_cached(cache: Path) -> None:
    spec = _spec(FILES)
    op = spec.operation("cdr.list")
    unit = compiler.generate(op, Settings())
    with pytest.raises(_cache._NoRecipe):
        _cache._recipe({**unit.namespace, "odd": object()}, op, Settings())
    with pytest.raises(_cache._NoRecipe):
        _cache._recipe({"lambda": lambda: object}, op, Settings())  # a test module's function


# -- compiled patterns: the warm start parses no regular expression --------------------------

_EVERY_PATTERN = """
import json, re, sys
sys.path.insert(0, {benchmarks!r})
import startup
import ua_validate
from ua_validate import _cache
requests = startup._requests_per_operation(plus=True) + startup._requests_per_operation(plus=False)
import builtins
compiled, sources = [], []
original, original_compile = re._compile, builtins.compile
def counting(text, flags):
    compiled.append(repr(text))
    return original(text, flags)
def counting_compile(text, filename, *args, **kwargs):
    sources.append(filename)
    return original_compile(text, filename, *args, **kwargs)
re._compile, builtins.compile = counting, counting_compile
validator = ua_validate.Validator()
for operation, params in requests:
    validator.validate(operation, params)
print(json.dumps([compiled, sorted([text, flags] for text, flags in _cache._PATTERNS.values), sources]))
"""


def test_a_warm_start_compiles_no_pattern_and_no_code_and_makes_the_same_ones(tmp_path: Path) -> None:
    import re

    code = _EVERY_PATTERN.format(benchmarks=str(PACKAGE.parents[1] / "benchmarks"))
    cold, table, cold_sources = _fresh(code, tmp_path)
    assert cold and cold_sources  # the first process compiled them, and kept their programs
    warm, again, warm_sources = _fresh(code, tmp_path)
    assert warm == [] and again == table
    assert warm_sources == []  # no record's __init__, Spec or unit: all read back
    assert len(table) >= 15  # the types', the generated code's and the phone tables' patterns
    # Each program read back makes the pattern re.compile makes: equal (text, flags and code)
    # with the same groups, and matching alike on hand-picked texts.
    for text, flags in table:
        made = _cache.pattern(text, flags)
        expected = re.compile(text, flags)
        assert made == expected and (made.groups, made.groupindex) == (expected.groups, expected.groupindex)
    date = _cache.pattern(r"[0-9]{4}-[01][0-9]-[0-3][0-9]T(?:[01][0-9]|2[0-3])")
    assert date.match("2024-01-31T23") and not date.match("2024-01-31T24")
    named = _cache.pattern(r"(?P<user>[a-z]+)@(?P<host>[0-9]+)", re.IGNORECASE)
    assert named.fullmatch("Me@42").groupdict() == {"user": "Me", "host": "42"}  # type: ignore[union-attr]


@pytest.fixture
def patterns(cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty table in memory, read afresh from ``cache``."""
    monkeypatch.setattr(_cache, "_PATTERNS", _cache._Table("patterns", 1024))
    monkeypatch.setattr(_cache, "_MADE", {})  # and none made in this process yet
    return cache


def test_a_program_is_kept_only_when_it_makes_what_re_compiles(patterns: Path) -> None:
    import re

    assert _cache._program("[0-9]+", 0, re.compile("[a-z]+")) is None  # another pattern's
    assert _cache._program("[0-9]+", 0, re.compile("[0-9]+", re.IGNORECASE)) is None  # other flags
    program = _cache._program("[0-9]+", 0, re.compile("[0-9]+"))
    assert program is not None and program[0] == "[0-9]+"
    assert _cache.pattern("(a)(?P<b>b)", re.MULTILINE) == re.compile("(a)(?P<b>b)", re.MULTILINE)
    assert ("(a)(?P<b>b)", int(re.MULTILINE)) in _cache._PATTERNS.values and _entries(patterns, "patterns")


@pytest.mark.parametrize("program", [
    ("[a-z]+", 32, [1, 2, 3], 0, {}, ()),  # another text's (a program is read for its own text only)
    ("[0-9]+", 32, [99999, 1], 0, {}, ()),  # code _sre refuses
    ("[0-9]+",),  # not the arguments of _sre.compile
], ids=["other text", "bad code", "bad shape"])
def test_an_unusable_program_is_compiled_as_re_does(patterns: Path, monkeypatch: pytest.MonkeyPatch,
                                                    program: tuple[Any, ...]) -> None:
    import re

    table = _cache._PATTERNS
    _cache._write(table.name, (table.key, {("[0-9]+", 0): program}), [str(patterns)])
    made = _cache.pattern("[0-9]+")
    assert made == re.compile("[0-9]+") and made.fullmatch("123") and not made.fullmatch("abc")
    assert table.values["[0-9]+", 0] != program  # replaced by the sound one


def test_a_damaged_table_is_a_miss(patterns: Path) -> None:
    import re

    _cache.pattern("[0-9]+")
    (entry,) = _entries(patterns, "patterns")
    data = bytearray(entry.read_bytes())
    data[-3] ^= 0xFF
    entry.write_bytes(bytes(data))
    fresh = _cache._Table("patterns", 1024)  # a new process
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_cache, "_PATTERNS", fresh)
        patch.setattr(_cache, "_MADE", {})
        assert _cache.pattern("[0-9]+") == re.compile("[0-9]+")
    assert fresh.read and ("[0-9]+", 0) in fresh.values  # the damaged entry read, missed, written anew


def test_without_a_cache_patterns_are_compiled_as_re_does(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import re

    monkeypatch.setenv(_cache.ENVIRON, "off")
    monkeypatch.setattr(_cache, "_PATTERNS", _cache._Table("patterns", 1024))
    monkeypatch.setattr(_cache, "_MADE", {})
    assert _cache.pattern("[0-9]+x") == re.compile("[0-9]+x") and _cache._PATTERNS.values == {}


def test_a_pattern_is_made_once_per_process(patterns: Path) -> None:
    import re

    first = _cache.pattern("[0-9]{3}")
    assert _cache.pattern("[0-9]{3}", re.UNICODE) is first  # the same pattern to re
    assert _cache.pattern("[0-9]{3}", re.IGNORECASE) is not first
