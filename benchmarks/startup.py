"""Start-up cost: ``import ua_validate`` plus the first validation of each operation.

    .venv/bin/python benchmarks/startup.py [--runs N] [--marshmallow]

Two states of the start-up cache (``ua_validate._cache``): *cold*, the cache disabled
(``UA_VALIDATE_CACHE=off``: every process parses the schema files and compiles every
generated function, as the first process after an install or an upgrade does), and *warm*, a
cache folder of its own that a first run filled (every later process). The targets are the
warm figures. The floor printed beside them is what no implementation avoids: the standard
modules that validating needs (``re``, ``datetime``) over ``python -c pass``.

Each run is a fresh interpreter (subprocess; its CPU time, user + system, from the kernel's
accounting of children), compared with a ``python -c pass`` run just before it; the figure is
the median of the differences. CPU time, not wall clock: on a shared machine the time a child
waits for a CPU is not its cost. ``import ua_validate`` alone is measured the same way, and so is
importing the public names (``from ua_validate import Validator, ...``): the package defines its
names on import and imports each one's module on first use, so the second is what a program that
names them pays before validating anything. The first request of each
operation is a valid one, in two sets: the example requests, whose numbers are extensions
and numbers without ``+`` (as the README's examples), and the same requests with ``+``
numbers wherever the operation takes numbers, which also pay for the phone tables of each
calling code met (once per process: from the start-up cache when warm, from phonenumbers'
region modules when cold). The
target line is the first set's; the second is reported beside it. Inside the child the same
steps are timed one by one for the breakdown. The set-ups interleave run by run, so that a
noisy moment hits them all alike.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _requests

_CHILD = """
import time
t0 = time.process_time()
import ua_validate
marks = [("import ua_validate", time.process_time() - t0)]
validator = ua_validate.Validator({backend})
marks.append(("Validator() (loads the schema files)", time.process_time() - t0))
for operation, params in {requests!r}:
    validator.validate(operation, params)
    marks.append((operation, time.process_time() - t0))
import sys
print(repr([marks, sorted(m for m in ("marshmallow", "phonenumbers", "tomllib", "typing") if m in sys.modules)]))
"""
_IMPORT_ONLY = "import ua_validate"
_IMPORT_NAMES = "from ua_validate import UAError, ValidationError, Validator, validate, validate_request"
# The standard modules that validating needs and that `python -c pass` does not import.
_FLOOR = "import re, datetime"
_MODES = ("cold", "warm")


def _requests_per_operation(plus: bool = True) -> list[tuple[str, dict[str, object]]]:
    numbers = _requests.phone_numbers(50, random.Random(3))
    requests = [(op, _requests.build(op, "valid", 1, numbers)[1][0]) for op in _requests.VALID]
    return requests if plus else [(op, _without_plus(params)) for op, params in requests]


def _without_plus(value: object) -> object:
    """The same request with every ``+`` number written without its ``+`` (still valid: 2-20
    digits; the child fails loudly if a request stops being valid)."""
    if isinstance(value, str):
        return value.replace("<+", "<").removeprefix("+")
    if isinstance(value, dict):
        return {key: _without_plus(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_without_plus(item) for item in value)
    return value


# As an install leaves it: the modules' bytecode cached (a development shell may turn that off,
# and then every start compiles the package anew).
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
_CACHE = "UA_VALIDATE_CACHE"
_ENVS = {"cold": {**_ENV, _CACHE: "off"}, "warm": {**_ENV, _CACHE: tempfile.mkdtemp(prefix="ua-startup-")}}


def _cpu(code: str, mode: str = "cold") -> tuple[float, str]:
    """CPU ms (user + system) of a fresh interpreter running ``code``, and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env=_ENVS[mode])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return spent * 1000, done.stdout


class _Result:
    def __init__(self) -> None:
        self.base: list[float] = []
        self.total: list[float] = []
        self.steps: dict[str, list[float]] = {}
        self.modules: list[str] = []

    def add(self, base: float, total: float, out: str) -> None:
        self.base.append(base)
        self.total.append(total)
        marks, self.modules = ast.literal_eval(out)
        previous = 0.0
        for name, at in marks:
            self.steps.setdefault(name, []).append((at - previous) * 1000)
            previous = at


def measure(backends: list[str], runs: int
            ) -> tuple[dict[tuple[str, bool, str], _Result], dict[str, list[float]]]:
    """Per (backend, with ``+`` numbers, cache mode): the runs' results; and per mode the CPU ms
    of ``import ua_validate`` alone over ``python -c pass`` run by run, and of the floor."""
    sets = {plus: _requests_per_operation(plus) for plus in (False, True)}
    codes = {(backend, plus): _CHILD.format(backend=f"backend={backend!r}", requests=requests)
             for backend in backends for plus, requests in sets.items()}
    results = {(*key, mode): _Result() for key in codes for mode in _MODES}
    alone: dict[str, list[float]] = {"cold": [], "warm": [], "floor": [], "names": []}
    for code in codes.values():
        for mode in _MODES:
            _cpu(code, mode)  # writes the bytecode caches (as installing does), and fills the warm cache
    for _ in range(runs):
        for (backend, plus, mode), result in results.items():
            base = _cpu("pass")[0]
            total, out = _cpu(codes[backend, plus], mode)
            result.add(base, total, out)
        for mode in _MODES:
            base = _cpu("pass")[0]
            alone[mode].append(_cpu(_IMPORT_ONLY, mode)[0] - base)
        base = _cpu("pass")[0]
        alone["floor"].append(_cpu(_FLOOR)[0] - base)
        base = _cpu("pass")[0]
        alone["names"].append(_cpu(_IMPORT_NAMES, "warm")[0] - base)
    return results, alone


def over_bare(result: _Result) -> float:
    """Median CPU ms over ``python -c pass``, of the paired runs."""
    return statistics.median(t - b for t, b in zip(result.total, result.base, strict=True))


# Issue 12's start-up targets, CPU ms over `python -c pass`.
TARGET_FIRST = 40.0  # import + the first validation of every operation
TARGET_FIRST_PLUS = 50.0  # the same when `+` numbers are involved
TARGET_IMPORT = 20.0  # `import ua_validate` alone


def _verdict(figure: float, target: float, floor: float) -> str:
    if figure <= target:
        return f"target <= {target:.0f} ms: met"
    return (f"target <= {target:.0f} ms: MISSED by {figure - target:.1f} ms ({figure / target:.2f}x); "
            f"floor {floor:.1f} ms")


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Print the start-up figures; return the three that issue 12 sets targets for (warm cache),
    with the cold ones and the floor beside them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--marshmallow", action="store_true", help="also time the marshmallow backend")
    args = parser.parse_args(argv)
    backends = ["compiled", "marshmallow"] if args.marshmallow else ["compiled"]
    try:
        results, alone = measure(backends, args.runs)
    finally:
        shutil.rmtree(_ENVS["warm"][_CACHE], ignore_errors=True)
    floor = statistics.median(alone["floor"])
    operations = len(_requests.VALID)
    print(f"Floor: `{_FLOOR}` {floor:.1f} ms CPU over `python -c pass`, median of {args.runs}.")
    print()
    for (backend, plus, mode), result in results.items():
        base, total = statistics.median(result.base), statistics.median(result.total)
        target = TARGET_FIRST_PLUS if plus else TARGET_FIRST
        which = "with `+` numbers" if plus else "example requests, without `+` numbers"
        cache = "warm cache (a hit)" if mode == "warm" else "cold (cache off: parse and compile)"
        print(f"Start-up, backend={backend!r}, {which}, {cache}, CPU time, median of {args.runs} fresh interpreters:")
        over = over_bare(result)
        verdict = _verdict(over, target, floor) if backend == "compiled" and mode == "warm" else ""
        print(f"- `python -c pass` {base:.1f} ms; import + first validation of all {operations} operations "
              f"{total:.1f} ms: **{over:.1f} ms over `python -c pass`** {verdict}")
        print(f"- imported by then: {', '.join(result.modules) or 'none of marshmallow, phonenumbers, tomllib, typing'}")
        print("- in the child, step by step (CPU ms): " + ", ".join(
            f"{name} {statistics.median(times):.1f}" for name, times in result.steps.items()))
        print()
    warm, cold = statistics.median(alone["warm"]), statistics.median(alone["cold"])
    print(f"`import ua_validate` alone: {warm:.1f} ms CPU over `python -c pass` ({_verdict(warm, TARGET_IMPORT, floor)}); "
          f"cold {cold:.1f} ms")
    names = statistics.median(alone["names"])
    print(f"`{_IMPORT_NAMES}`: {names:.1f} ms CPU over `python -c pass` (no target; the modules validating needs)")
    return {"first": over_bare(results["compiled", False, "warm"]),
            "first_plus": over_bare(results["compiled", True, "warm"]), "import": warm,
            "first_cold": over_bare(results["compiled", False, "cold"]),
            "first_plus_cold": over_bare(results["compiled", True, "cold"]), "import_cold": cold, "floor": floor,
            "names": names}


if __name__ == "__main__":
    main()
