"""The conformance report: which catalog entries validation produces, where, and a proven example of each."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from random import Random
from typing import Any, Final, TextIO

from . import __version__, catalog
from .errors import UAError
from .validator import Validator, default_validator

__all__ = ["HANDLER_CODES", "Example", "Row", "main", "render_json", "render_markdown", "report"]

# SPEC §5: the catalog marks the 400 entries that are outcomes of the update itself, which
# handlers raise (Entry.handler_only); every other 400 entry is a validation error. Entries of
# other statuses (401, 403, 500, 501) are raised by the adapters and handlers (SPEC §6).
HANDLER_CODES: Final = frozenset(e.code for e in catalog.ENTRIES if e.handler_only)
# A route that names no operation, to show that routing answers not_implemented too.
_UNROUTED: Final = ("GET", "/uapi/noSuchResource")
_CANDIDATES: Final = 8  # generated examples to pick the shortest from
_SHOWN: Final = 160  # characters of an example shown in the Markdown table


@dataclass(frozen=True, slots=True)
class Example:
    """A generated request for one catalog entry, and what validating it again answered."""

    operation: str
    params: dict[str, Any]
    method: str
    url: str
    body: Any
    answered: tuple[str, str | None] | None  # (code, variant) of the mapping, None if it validated
    answered_raw: tuple[str, str | None] | None  # the same for the raw request

    def request_line(self) -> str:
        body = "" if self.body is None else " " + json.dumps(self.body, ensure_ascii=False)
        return f"{self.method} {self.url}{body}"


@dataclass(frozen=True, slots=True)
class Row:
    """One catalog entry: who produces it, from where, and an example that proves it."""

    entry: catalog.Entry
    meant_for: str  # "validation" or "handlers"
    sources: tuple[tuple[str, tuple[str, ...]], ...]  # (operation, parameters) validation uses
    example: Example | None
    also: str = ""  # other producers, e.g. routing for not_implemented

    @property
    def reachable(self) -> bool:
        return bool(self.sources)

    @property
    def verified(self) -> bool:
        """Whether the example, validated again (as a mapping and as a raw request), gave the entry."""
        wanted = (self.entry.code, self.entry.variant)
        return self.example is not None and self.example.answered == wanted == self.example.answered_raw

    @property
    def ok(self) -> bool:
        if self.meant_for == "validation":
            return self.reachable and self.verified
        return not self.reachable or self.verified


def report(validator: Validator | None = None) -> tuple[Row, ...]:
    """One Row per catalog entry, in catalog order, each reachable one with a fresh example."""
    from . import testing  # the [testing] extra: generating examples needs hypothesis

    validator = validator if validator is not None else default_validator()
    cases = testing.error_cases(validator=validator)
    rows = []
    for entry in catalog.ENTRIES:
        matching = [c for c in cases if (c.code, c.variant) == (entry.code, entry.variant)]
        sources: dict[str, dict[str, None]] = {}
        for case in matching:
            sources.setdefault(case.operation, {}).update(dict.fromkeys(case.params))
        meant_for = "validation" if entry.status == 400 and not entry.handler_only else "handlers"
        example = _example(validator, matching) if matching else None
        also = ""
        if entry.code == "not_implemented":
            also = _routing_note(validator)
        rows.append(Row(entry, meant_for, tuple((op, tuple(params)) for op, params in sources.items()),
                        example, also))
    return tuple(rows)


def _answer(run: Any) -> tuple[str, str | None] | None:
    try:
        run()
    except UAError as err:
        return err.code, err.variant
    return None


def _example(validator: Validator, cases: Sequence[Any]) -> Example | None:
    """The shortest of a few requests generated (reproducibly) for the first case."""
    from hypothesis import HealthCheck, Phase, find, settings
    from hypothesis.errors import NoSuchExample

    from . import testing

    case = cases[0]
    seen: list[dict[str, Any]] = []

    def collect(params: dict[str, Any]) -> bool:
        seen.append(params)
        return len(seen) >= _CANDIDATES

    try:
        find(
            testing.requests_for(case, validator=validator), collect,
            settings=settings(database=None, phases=[Phase.generate], max_examples=10 * _CANDIDATES,
                              deadline=None, suppress_health_check=list(HealthCheck)),
            random=Random(0),
        )
    except NoSuchExample:
        pass
    if not seen:
        return None
    raws = [testing.raw_request(case.operation, params, validator=validator) for params in seen]
    params, raw = min(zip(seen, raws, strict=True), key=lambda pair: (len(str(pair[1])), str(pair[1])))
    return Example(
        case.operation, params, raw.method, raw.url, raw.body,
        _answer(lambda: validator.validate(case.operation, params)),
        _answer(lambda: validator.validate_request(raw.method, raw.url, raw.body)),
    )


def _routing_note(validator: Validator) -> str:
    method, url = _UNROUTED
    answered = _answer(lambda: validator.validate_request(method, url))
    proven = "verified" if answered == ("not_implemented", None) else f"FAILED: answered {answered}"
    return f"routing: a method and path that name no operation, e.g. `{method} {url}` ({proven})"


# --- rendering ---------------------------------------------------------------------------------

def _summary(rows: Sequence[Row]) -> dict[str, Any]:
    validation = [r for r in rows if r.meant_for == "validation"]
    return {
        "entries": len(rows),
        "meant_for_validation": len(validation),
        "reachable_by_validation": sum(r.reachable for r in rows),
        "meant_for_validation_reachable": sum(r.reachable for r in validation),
        "handlers_only": sum(r.meant_for == "handlers" and not r.reachable for r in rows),
        "verified_examples": sum(r.verified for r in rows),
        "ok": all(r.ok for r in rows),
    }


def render_json(rows: Sequence[Row]) -> str:
    """The report as JSON: a summary and one object per catalog entry."""
    entries = []
    for row in rows:
        item: dict[str, Any] = {
            "status": row.entry.status,
            "code": row.entry.code,
            "variant": row.entry.variant,
            "message": row.entry.message,
            "meant_for": row.meant_for,
            "reachable_by_validation": row.reachable,
            "sources": [{"operation": op, "parameters": list(params)} for op, params in row.sources],
            "ok": row.ok,
        }
        if row.example is not None:
            ex = row.example
            item["example"] = {
                "operation": ex.operation, "params": ex.params, "method": ex.method, "url": ex.url,
                "body": ex.body, "verified": row.verified,
                "answered": list(ex.answered) if ex.answered else None,
            }
        if row.also:
            item["also"] = row.also
        entries.append(item)
    return json.dumps({"summary": _summary(rows), "entries": entries}, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code_span(text: str) -> str:
    if len(text) > _SHOWN:
        text = text[:_SHOWN] + f"… ({len(text)} characters)"
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return _cell(f"{fence}{pad}{text}{pad}{fence}")


def render_markdown(rows: Sequence[Row]) -> str:
    """The report as a Markdown document (what docs/conformance.md holds)."""
    summary = _summary(rows)
    lines = [
        "# Conformance report",
        "",
        f"Generated by `ua-validate conformance` (ua_validate {__version__}) from the packaged schema files;",
        "regenerate with `ua-validate conformance > docs/conformance.md` (a test checks that this file is",
        "up to date). For each entry of the documented error catalog: whether validation can produce it,",
        "from which operations and parameters, and one request generated by `ua_validate.testing`",
        "that was validated again while the report was written, both as a parameter mapping and as the",
        "raw request shown, and answered with exactly that entry.",
        "",
        f"- {summary['entries']} catalog entries; {summary['meant_for_validation']} of them are 400 errors "
        "meant for validation,",
        f"  and validation produces {summary['meant_for_validation_reachable']} of those "
        f"({'all' if summary['meant_for_validation_reachable'] == summary['meant_for_validation'] else 'NOT all'}).",
        f"- Validation produces {summary['reachable_by_validation']} entries in all: also not_implemented "
        "(501), for a",
        "  missing or unknown phone-call action; routing answers it too, for a method and path that name",
        "  no operation.",
        f"- {summary['handlers_only']} entries are raised only by handlers and adapters "
        "(401, 403, 500 and `qag_fail_*`).",
        f"- {summary['verified_examples']} examples verified; overall: "
        f"{'OK' if summary['ok'] else 'FAILED'}.",
        "",
        "| status | code | variant | produced by | operations (parameters) | example request | verified |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        entry = row.entry
        producers = []
        if row.reachable:
            producers.append("validation")
        if row.meant_for == "handlers":
            producers.append("handlers" if entry.status != 501 else "routing, handlers")
        producers = producers or ["—"]
        where = "; ".join(f"`{op}` ({', '.join(params)})" for op, params in row.sources) or "—"
        if row.also:
            where += f"; {row.also}"
        example = _code_span(row.example.request_line()) if row.example is not None else "—"
        verified = ("yes" if row.verified else "**NO**") if row.reachable else (
            "—" if row.ok else "**unreachable**")
        lines.append(
            f"| {entry.status} | `{entry.code}` | {entry.variant or ''} | {', '.join(producers)} "
            f"| {_cell(where)} | {example} | {verified} |"
        )
    return "\n".join(lines) + "\n"


def main(json_output: bool = False, out: TextIO | None = None, validator: Validator | None = None) -> int:
    """Print the report (Markdown, or JSON); 1 if a validation entry is unreachable or unproven."""
    out = out if out is not None else sys.stdout
    try:
        rows = report(validator)
    except ImportError as exc:
        sys.stderr.write(f"ua-validate conformance: {exc}\n")
        return 2
    out.write(render_json(rows) if json_output else render_markdown(rows))
    return 0 if all(row.ok for row in rows) else 1
