"""µs per validation, per operation: generated validators against marshmallow (and, for the
CDR list query, against pydantic v2 and a hand-written function), all in one process.

    make bench                      # or: .venv/bin/python benchmarks/run.py [--quick]

Each contender validates pools of 1000 requests that all differ (phone numbers, dates, ids),
valid ones, invalid-early ones (the first check fails) and invalid-late ones (only the last
check fails). The pool is timed in chunks of 50 requests; a chunk's figure is its best of
several rounds, the contenders alternating chunk by chunk (see ``measure``).
Before timing, every contender's answer to every request is compared with the reference.
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _requests
import handwritten
import pydantic_cdr
from ua_validate import UAError, ValidationError, Validator, compiler

KINDS = ("valid", "early", "late")
Contender = Callable[[Any], Any]


def _answer(contender: Contender, params: Any) -> Any:
    try:
        result = contender(params)
    except ValidationError as err:
        return ("error", err.errors)
    return ("ok", [(k, type(v).__name__, v, getattr(v, "utcoffset", lambda: None)())
                   for k, v in result.items()])


def _check(operation: str, kind: str, expected: str | None, pool: Sequence[Any],
           contenders: dict[str, Contender], reference: Contender) -> None:
    for params in pool:
        answer = _answer(reference, params)
        code = None if answer[0] == "ok" else answer[1][0].code
        if code != expected:
            raise SystemExit(f"{operation} {kind}: expected {expected}, reference says {code}: {params}")
        for name, contender in contenders.items():
            if _answer(contender, params) != answer:
                raise SystemExit(f"{operation} {kind}: {name} disagrees with the reference on {params}")


CHUNK = 50  # requests timed together: short enough to fall between the scheduler's preemptions


def _time_chunk(contender: Contender, chunk: Sequence[Any]) -> int:
    """Nanoseconds for one pass over ``chunk``."""
    start = time.perf_counter_ns()
    for params in chunk:
        try:
            contender(params)
        except UAError:
            pass
    return time.perf_counter_ns() - start


def measure(contenders: dict[str, Contender], pool: Sequence[Any], rounds: int) -> dict[str, float]:
    """µs per call of each contender: for each chunk of the pool its best round, summed.

    On a shared machine a round over the whole pool almost always includes a stall of
    milliseconds (another process gets the CPU); a chunk of 50 different requests usually
    does not, so each chunk's best round is its cost. Contenders alternate chunk by chunk, so
    noise hits all alike; garbage collection is off while timing, as timeit does.
    """
    chunks = [pool[i:i + CHUNK] for i in range(0, len(pool), CHUNK)]
    best = {name: [float("inf")] * len(chunks) for name in contenders}
    gc.collect()
    gc.disable()
    try:
        for _ in range(rounds):
            for index, chunk in enumerate(chunks):
                for name, contender in contenders.items():
                    best[name][index] = min(best[name][index], _time_chunk(contender, chunk))
    finally:
        gc.enable()
    return {name: sum(times) / len(pool) / 1000 for name, times in best.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller pools, fewer rounds")
    parser.add_argument("--size", type=int, default=1000, help="requests per pool")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--operations", nargs="*", default=list(_requests.VALID))
    parser.add_argument("--no-startup", action="store_true", help="skip benchmarks/startup.py")
    args = parser.parse_args(argv)
    size, rounds = (200, 5) if args.quick else (args.size, args.rounds)

    print(f"# Python {platform.python_version()} on {platform.machine()}, {size} different requests "
          f"per pool, each chunk of {CHUNK} the best of {rounds} rounds")
    numbers = _requests.phone_numbers(4 * size, random.Random(7))
    generated = Validator()
    reference = Validator(backend="marshmallow")
    rows: list[tuple[str, str, dict[str, float]]] = []
    for operation in args.operations:
        op = generated.operation(operation)
        contenders: dict[str, Contender] = {
            "generated": partial(generated.validate, operation),
            "marshmallow": partial(reference.validate, operation),
        }
        if operation == "cdr.list":
            contenders["generated fn"] = compiler.CompiledBackend(generated.settings).function(op)
            contenders["hand-written"] = handwritten.validate_cdr
            contenders["pydantic"] = pydantic_cdr.validate_cdr
        for kind in KINDS:
            expected, pool = _requests.build(operation, kind, size, numbers)
            others = {n: c for n, c in contenders.items() if n != "marshmallow"}
            _check(operation, kind, expected, pool, others, contenders["marshmallow"])
            best = measure(contenders, pool, rounds)
            rows.append((operation, kind, best))
            print(f"  {operation:30s} {kind:6s} " + "  ".join(f"{n} {t:8.2f}" for n, t in best.items()),
                  file=sys.stderr, flush=True)
    report(rows)
    if not args.no_startup:
        import startup

        print()
        startup.main(["--runs", "7" if args.quick else "15", "--marshmallow"])


def report(rows: list[tuple[str, str, dict[str, float]]]) -> None:
    print()
    print("µs per call (lower is better); x = marshmallow / generated")
    print()
    print("| operation | request | generated | marshmallow | x faster |")
    print("|---|---|---:|---:|---:|")
    for operation, kind, best in rows:
        g, m = best["generated"], best["marshmallow"]
        print(f"| {operation} | {kind} | {g:.2f} | {m:.1f} | {m / g:.0f}x |")
    cdr = {kind: best for operation, kind, best in rows if operation == "cdr.list"}
    if not cdr:
        return
    print()
    print("cdr.list against the alternatives (µs per call; ratios to `generated`, the public "
          "`validate()`; `generated fn` is the compiled function called directly)")
    print()
    print("| request | generated | generated fn | hand-written | pydantic v2 | marshmallow "
          "| gen / hand | pydantic / gen | marshmallow / gen |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind, best in cdr.items():
        g = best["generated"]
        print(f"| {kind} | {g:.2f} | {best['generated fn']:.2f} | {best['hand-written']:.2f} "
              f"| {best['pydantic']:.2f} | {best['marshmallow']:.1f} | {g / best['hand-written']:.2f} "
              f"| {best['pydantic'] / g:.1f} | {best['marshmallow'] / g:.0f} |")
    print()
    valid, early = cdr.get("valid"), cdr.get("early")
    every = [best["marshmallow"] / best["generated"] for _, kind, best in rows if kind == "valid"]
    targets = []
    if valid:
        targets += [
            ("CDR valid: generated ≤ 1.3x hand-written", valid["generated"] / valid["hand-written"], "≤", 1.3),
            ("CDR valid: ≥ 15x faster than marshmallow", valid["marshmallow"] / valid["generated"], "≥", 15),
            ("CDR valid: faster than pydantic v2", valid["pydantic"] / valid["generated"], "≥", 1.0),
        ]
    if early:
        targets += [
            ("CDR invalid-early: ≤ 2x hand-written", early["generated"] / early["hand-written"], "≤", 2),
            ("CDR invalid-early: ≥ 10x faster than pydantic v2", early["pydantic"] / early["generated"], "≥", 10),
        ]
    if every:
        targets.append(("every valid request: ≥ 10x faster than marshmallow (worst)", min(every), "≥", 10))
    for label, value, sense, bound in targets:
        met = value <= bound if sense == "≤" else value >= bound
        print(f"- {label}: {value:.2f} → {'met' if met else 'MISSED'}")


if __name__ == "__main__":
    main()
