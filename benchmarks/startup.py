"""Start-up cost: ``import ua_validate`` plus the first validation of each operation.

    .venv/bin/python benchmarks/startup.py [--runs N] [--marshmallow]

Each run is a fresh interpreter (subprocess; its CPU time, user + system, from the kernel's
accounting of children), compared with a ``python -c pass`` run just before it; the figure is
the median of the differences. CPU time, not wall clock: on a shared machine the time a child
waits for a CPU is not its cost. ``import ua_validate`` alone is measured the same way. The first request of each
operation is a valid one, in two sets: the example requests, whose numbers are extensions
and numbers without ``+`` (as the README's examples), and the same requests with ``+``
numbers wherever the operation takes numbers, which also pay for importing phonenumbers and
its tables (≈ 25 ms, once per process, by the first request that holds a ``+`` number). The
target line is the first set's; the second is reported beside it. Inside the child the same
steps are timed one by one for the breakdown. The set-ups interleave run by run, so that a
noisy moment hits them all alike.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
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
import json, sys
print(json.dumps([marks, sorted(m for m in ("marshmallow", "phonenumbers") if m in sys.modules)]))
"""
_IMPORT_ONLY = "import ua_validate"


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


def _cpu(code: str) -> tuple[float, str]:
    """CPU ms (user + system) of a fresh interpreter running ``code``, and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=_ENV)
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
        marks, self.modules = json.loads(out)
        previous = 0.0
        for name, at in marks:
            self.steps.setdefault(name, []).append((at - previous) * 1000)
            previous = at


def measure(backends: list[str], runs: int) -> tuple[dict[tuple[str, bool], _Result], list[float]]:
    """Per (backend, with ``+`` numbers): the runs' results; and the CPU ms of ``import
    ua_validate`` alone over ``python -c pass``, run by run."""
    sets = {plus: _requests_per_operation(plus) for plus in (False, True)}
    codes = {(backend, plus): _CHILD.format(backend=f"backend={backend!r}", requests=requests)
             for backend in backends for plus, requests in sets.items()}
    results = {key: _Result() for key in codes}
    imports: list[float] = []
    for code in codes.values():
        _cpu(code)  # writes the bytecode caches, as installing does
    for _ in range(runs):
        for key, code in codes.items():
            base = _cpu("pass")[0]
            total, out = _cpu(code)
            results[key].add(base, total, out)
        base = _cpu("pass")[0]
        imports.append(_cpu(_IMPORT_ONLY)[0] - base)
    return results, imports


def over_bare(result: _Result) -> float:
    """Median CPU ms over ``python -c pass``, of the paired runs."""
    return statistics.median(t - b for t, b in zip(result.total, result.base, strict=True))


# Issue 12's start-up targets, CPU ms over `python -c pass`.
TARGET_FIRST = 40.0  # import + the first validation of every operation
TARGET_FIRST_PLUS = 50.0  # the same when `+` numbers are involved
TARGET_IMPORT = 20.0  # `import ua_validate` alone


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Print the start-up figures; return the three that issue 12 sets targets for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--marshmallow", action="store_true", help="also time the marshmallow backend")
    args = parser.parse_args(argv)
    backends = ["compiled", "marshmallow"] if args.marshmallow else ["compiled"]
    results, imports = measure(backends, args.runs)
    operations = len(_requests.VALID)
    for (backend, plus), result in results.items():
        base, total = statistics.median(result.base), statistics.median(result.total)
        target = TARGET_FIRST_PLUS if plus else TARGET_FIRST
        which = "with `+` numbers" if plus else "example requests, without `+` numbers"
        print(f"Start-up, backend={backend!r}, {which}, CPU time, median of {args.runs} fresh interpreters:")
        over = over_bare(result)
        verdict = f"target <= {target:.0f} ms: {'met' if over <= target else 'MISSED'}" if backend == "compiled" else ""
        print(f"- `python -c pass` {base:.1f} ms; import + first validation of all {operations} operations "
              f"{total:.1f} ms: **{over:.1f} ms over `python -c pass`** {verdict}")
        print(f"- imported by then: {', '.join(result.modules) or 'neither marshmallow nor phonenumbers'}")
        print("- in the child, step by step (CPU ms): " + ", ".join(
            f"{name} {statistics.median(times):.1f}" for name, times in result.steps.items()))
        print()
    alone = statistics.median(imports)
    print(f"`import ua_validate` alone: {alone:.1f} ms CPU over `python -c pass` "
          f"(target <= {TARGET_IMPORT:.0f} ms: {'met' if alone <= TARGET_IMPORT else 'MISSED'})")
    return {"first": over_bare(results["compiled", False]), "first_plus": over_bare(results["compiled", True]),
            "import": alone}


if __name__ == "__main__":
    main()
