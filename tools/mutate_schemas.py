"""Mutation testing of the schema files' limits: mutmut mutates Python only, so this does it.

Each mutant changes one fact in one schema file: a number of ``min``, ``max`` or ``default``
by +1 or -1, or one value of a ``values`` list (a numeric value by +1 and -1, a text value
with its last character dropped). The working tree is never touched:

1. The hand-written limit table (tests/test_limits.py) judges each mutant in this process,
   on a Spec loaded from the mutated files (a fraction of a second per mutant).
2. A mutant it lets live is judged again by the operation tests of the resource the file
   describes (tests/test_collection.py for ``_shared.toml``), run by pytest on a scratch
   copy of the project that holds the mutated file, stopping at the first failure.

A mutant is *killed* when a test fails, *refused* when the loader rejects the changed file
(a SchemaError: the data checks itself), and *survives* otherwise. Survivors are printed
with their file, line and change; docs/mutation.md records them and why they live.

    python tools/mutate_schemas.py            # every mutant
    python tools/mutate_schemas.py --list     # the mutants, without running anything
    python tools/mutate_schemas.py --only cdr # the mutants of cdr.toml
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
# The schema folder: a top-level schemas/ when the project has one, else inside the package.
SCHEMAS = next(p for p in (ROOT / "schemas", ROOT / "src" / "ua_validate" / "schemas") if p.is_dir())
COPIED = ("src", "schemas", "tests", "examples", "pyproject.toml")
# Which operation tests read each resource's file, beside the limit table.
TESTS = {
    "_shared": ["tests/test_collection.py"],
    "cdr": ["tests/test_cdr.py"],
    "phone_calls": ["tests/test_phone_calls.py"],
    "faxes": ["tests/test_faxes.py"],
    "queue_agents": ["tests/test_queue_agents.py"],
    "phone_call_events": ["tests/test_phone_call_events.py"],
    "presence": ["tests/test_presence.py"],
}
_NUMBER_KEY = re.compile(r"^(\s*(?:min|max|default)\s*=\s*)(-?[0-9][0-9_]*)(\s*(?:#.*)?)$")
_VALUES = re.compile(r"\bvalues\s*=\s*\[([^\]]*)\]")
_ITEM = re.compile(r'"([^"]*)"')


class Mutant(NamedTuple):
    file: str  # the schema file's name
    line: int  # 1-based
    before: str
    after: str

    def describe(self) -> str:
        return f"{self.file}:{self.line}: {self.before.strip()}  ->  {self.after.strip()}"


def mutants(folder: Path) -> Iterator[Mutant]:
    """Every mutant of every schema file, in file and line order."""
    for path in sorted(folder.glob("*.toml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, text in enumerate(lines, start=1):
            limit = _NUMBER_KEY.match(text)
            if limit:
                value = int(limit.group(2).replace("_", ""))
                for changed in (value + 1, value - 1):
                    yield Mutant(path.name, number, text, f"{limit.group(1)}{changed}{limit.group(3)}")
            for listed in _VALUES.finditer(text):
                for item in _ITEM.finditer(listed.group(1)):
                    start, end = listed.start(1) + item.start(1), listed.start(1) + item.end(1)
                    value = item.group(1)
                    if re.fullmatch(r"-?[0-9]+", value):
                        changes = [str(int(value) + 1), str(int(value) - 1)]
                    else:
                        changes = [value[:-1]]
                    for changed in changes:
                        yield Mutant(path.name, number, text, text[:start] + changed + text[end:])


def _copy_project(target: Path) -> Path:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target / SCHEMAS.relative_to(ROOT)


def _environment(copy: Path) -> dict[str, str]:
    # PYTHONPATH comes before site-packages, so the copy's package wins over the editable install.
    return {**os.environ, "PYTHONPATH": str(copy / "src"), "PYTHONDONTWRITEBYTECODE": "1",
            "HYPOTHESIS_PROFILE": "fast"}


def _run(argv: list[str], copy: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=copy, env=_environment(copy), capture_output=True, text=True,
                          timeout=timeout, check=False)


def _pytest(tests: list[str], copy: Path, timeout: float) -> str:
    done = _run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:xdist", "-p", "no:randomly", *tests],
                copy, timeout)
    if done.returncode == 5:
        raise RuntimeError(f"no test ran in {tests}")
    if done.returncode == 0:
        return "survived"
    # The loader checks every file when it first loads them: a SchemaError is its refusal.
    return "refused" if "SchemaError" in done.stdout + done.stderr else "killed"


class LimitTable:
    """tests/test_limits.py's rows, judged in this process on a Spec loaded from mutated files."""

    def __init__(self) -> None:
        sys.path.insert(0, str(ROOT / "tests"))
        import pytest

        import test_limits
        from ua_validate import SchemaError, Validator, loader

        self.failed: tuple[type[BaseException], ...] = (Exception, pytest.fail.Exception)
        self.refused, self.validator, self.load = SchemaError, Validator, loader.load
        self.check_row = test_limits.check_row
        # Rows marked xfail wait for another change; they judge nothing yet.
        self.rows = [case.values for case in test_limits.LIMITS if not case.marks]

    def judge(self, files: list[tuple[str, bytes]]) -> str:
        try:
            spec = self.load(files)
        except self.refused:
            return "refused"
        validators: dict[tuple[tuple[str, int], ...], Any] = {}
        for operation, params, expected, settings in self.rows:
            key = tuple(sorted(settings.items()))
            if key not in validators:
                validators[key] = self.validator(spec=spec, **settings)
            try:
                self.check_row(validators[key], operation, params, expected)
            except self.failed:
                return "killed"
        return "survived"


def judge(mutant: Mutant, table: LimitTable, copy: Path, schemas: Path, timeout: float) -> str:
    """``killed``, ``refused`` or ``survived``.

    The limit table first, in this process; for a mutant that it lets live, the resource's
    operation tests run on a copy of the project holding the mutated file.
    """
    path = schemas / mutant.file
    original = path.read_text(encoding="utf-8")
    lines = original.splitlines()
    assert lines[mutant.line - 1] == mutant.before
    lines[mutant.line - 1] = mutant.after
    mutated = "\n".join(lines) + "\n"
    files = [(p.name, mutated.encode() if p.name == mutant.file else p.read_bytes()) for p in sorted(schemas.glob("*.toml"))]
    verdict = table.judge(files)
    more = [test for test in TESTS.get(mutant.file.removesuffix(".toml"), []) if (copy / test).exists()]
    if verdict != "survived" or not more:
        return verdict
    path.write_text(mutated, encoding="utf-8")
    try:
        return _pytest(more, copy, timeout)
    except subprocess.TimeoutExpired:
        return "killed"  # a mutant that hangs the tests is caught by their timeout
    finally:
        path.write_text(original, encoding="utf-8")


def _imports_the_copy(copy: Path) -> None:
    done = _run([sys.executable, "-c", "import ua_validate; print(ua_validate.__file__)"], copy, 60)
    assert done.stdout.strip().startswith(str(copy)), f"the copy is not the package imported: {done.stdout}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print the mutants and stop")
    parser.add_argument("--only", help="the mutants of this schema file only (e.g. cdr)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds for one mutant's tests")
    args = parser.parse_args(argv)

    every = [m for m in mutants(SCHEMAS) if args.only is None or m.file == f"{args.only}.toml"]
    if args.list:
        for mutant in every:
            print(mutant.describe())
        print(f"{len(every)} mutants")
        return 0
    started = time.monotonic()
    verdicts: dict[str, list[Mutant]] = {"killed": [], "refused": [], "survived": []}
    with tempfile.TemporaryDirectory(prefix="ua-schema-mutants-") as scratch:
        copy = Path(scratch)
        schemas = _copy_project(copy)
        _imports_the_copy(copy)
        table = LimitTable()
        for index, mutant in enumerate(every, start=1):
            verdict = judge(mutant, table, copy, schemas, args.timeout)
            verdicts[verdict].append(mutant)
            print(f"[{index}/{len(every)}] {verdict:<8} {mutant.describe()}", flush=True)
    killed, refused, survived = (len(verdicts[k]) for k in ("killed", "refused", "survived"))
    score = 100.0 * (killed + refused) / len(every) if every else 100.0
    print(f"\n{len(every)} schema mutants: {killed} killed by tests, {refused} refused by the loader, "
          f"{survived} survived; score {score:.1f}% in {time.monotonic() - started:.0f} s")
    for mutant in verdicts["survived"]:
        print(f"SURVIVED {mutant.describe()}")
    return 1 if survived else 0


if __name__ == "__main__":
    raise SystemExit(main())
