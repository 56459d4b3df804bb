"""The ``ua-validate`` command line: check a request, list codes and operations, serve."""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any, TextIO

from . import __version__, catalog
from ._json import to_json as to_json  # its home is _json, which the server shares
from .errors import UAError, UnknownOperationError
from .spec import Operation, Param, Rule, Spec
from .validator import default_validator

__all__ = ["main"]


class UsageError(Exception):
    """A command line that cannot be carried out as given: one line on stderr, exit 2."""


def _body(source: str | None) -> str | None:
    """The text of ``--body``: JSON given inline, ``@FILE`` or ``-`` (standard input)."""
    if source is None:
        return None
    if source == "-":
        if sys.stdin is None:
            raise UsageError("--body -: there is no standard input")
        text = sys.stdin.read()
        origin = "standard input"
    elif source.startswith("@"):
        origin = source[1:]
        try:
            with open(origin, encoding="utf-8") as file:
                text = file.read()
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8 text"
            raise UsageError(f"--body: cannot read {origin}: {reason}") from None
    else:
        text, origin = source, ""
    what = f"--body ({origin})" if origin else "--body"
    try:
        json.loads(text)
    except RecursionError:
        raise UsageError(f"{what} is nested too deeply to read") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{what} is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    return text


def _check(args: argparse.Namespace, out: TextIO) -> int:
    body = _body(args.body)
    try:
        op_id, params = default_validator().validate_request(args.method, args.url, body)
    except UAError as err:
        if args.json:
            out.write(to_json({"status": err.status, "param": getattr(err, "param", None), "reason": err.reason,
                               "body": err.body}, indent=2) + "\n")
        else:
            out.write(f"HTTP {err.status} {HTTPStatus(err.status).phrase}\n")
            out.write(to_json(err.body) + "\n")
            if err.reason is not None:
                # Why, for the developer, on standard error: standard output stays the answer.
                sys.stderr.write(f"reason: {err.reason}\n")
        return 1
    out.write(to_json({"operation": op_id, "params": params}, indent=2) + "\n")
    return 0


def _codes(args: argparse.Namespace, out: TextIO) -> int:
    if args.json:
        rows = [{"code": e.code, "variant": e.variant, "status": e.status, "message": e.message}
                for e in catalog.ENTRIES]
        out.write(json.dumps(rows, indent=2) + "\n")
        return 0
    width = max(len(e.code) + len(e.variant or "") + 3 for e in catalog.ENTRIES)
    out.write(f"{'status':<7}{'code':<{width}}message\n")
    for e in catalog.ENTRIES:
        name = e.code + (f" ({e.variant})" if e.variant else "")
        out.write(f"{e.status:<7}{name:<{width}}{e.message}\n")
    return 0


def describe_check(check: Param | Rule, indent: str = "  ") -> list[str]:
    """One line per check (and per nested check of a list of objects)."""
    if isinstance(check, Rule):
        return [f"{indent}(rule {check.kind}: {', '.join(check.params)}) -> {check.code}"]
    options = ", ".join(f"{k}={v}" for k, v in check.type.options if k not in ("map",))
    kind = check.type.name + (f"({options})" if options else "")
    flags = "required" if check.required else (
        f"required unless {check.required_unless}" if check.required_unless else "optional")
    default = f", default {check.default!r}" if check.default is not None else ""
    code = check.code + (f" ({check.variant})" if check.variant else "")
    lines = [f"{indent}{check.name} [{check.location}] {kind}, {flags}{default} -> {code}"]
    for inner in check.item_checks:
        lines.extend(describe_check(inner, indent + "    "))
    return lines


def describe_operation(op: Operation) -> list[str]:
    aliases = f" (alias: {', '.join(op.aliases)})" if op.aliases else ""
    lines = [f"{op.id}{aliases}: {op.method} {op.path}", f"  {op.summary}"]
    for check in op.checks:
        lines.extend(describe_check(check))
    if op.dispatch is not None:
        lines.extend(describe_check(op.dispatch))
        for action, checks in op.actions.items():
            lines.append(f"    action {action}:")
            for check in checks:
                lines.extend(describe_check(check, "      "))
    if op.collection is not None:
        filters = ", ".join(f"{f.name} ({f.type.name})" for f in op.collection.filters.values())
        lines.append(f"  filterBy: {filters}; filterOp: {', '.join(op.collection.ops)}")
        lines.append(f"  fields: {', '.join(op.collection.fields)}")
    return lines


def check_json(check: Param | Rule) -> dict[str, Any]:
    """One check as a JSON object (nested checks of a list of objects included)."""
    if isinstance(check, Rule):
        return {"rule": check.kind, "params": list(check.params), "code": check.code, "variant": check.variant}
    options = {key: (dict(value) if key == "map" else value) for key, value in check.type.options}
    described: dict[str, Any] = {
        "name": check.name, "in": check.location, "type": check.type.name, "options": options,
        "required": check.required, "required_unless": check.required_unless, "default": check.default,
        "aliases": list(check.aliases), "code": check.code, "variant": check.variant,
    }
    if check.item_checks:
        described["checks"] = [check_json(inner) for inner in check.item_checks]
    return described


def operation_json(op: Operation) -> dict[str, Any]:
    """An operation as a JSON object: what ``operations`` prints, as data."""
    described: dict[str, Any] = {
        "id": op.id, "aliases": list(op.aliases), "method": op.method, "path": op.path, "summary": op.summary,
        "checks": [check_json(check) for check in op.checks],
    }
    if op.dispatch is not None:
        described["dispatch"] = check_json(op.dispatch)
        described["actions"] = {action: [check_json(check) for check in checks]
                                for action, checks in op.actions.items()}
    if op.collection is not None:
        described["collection"] = {
            "fields": list(op.collection.fields),
            "filterBy": {f.name: {"type": f.type.name, "code": f.code} for f in op.collection.filters.values()},
            "filterOp": list(op.collection.ops),
            "filterOpDefault": op.collection.op_default,
        }
    return described


def find_operation(spec: Spec, name: str) -> Operation:
    """The operation ``name`` (an id or an alias); a UsageError naming the closest ids if none."""
    try:
        return spec.operation(name)
    except UnknownOperationError:
        # Compared in lower case, and an alias suggests its operation's id.
        known = {op.id.lower(): op.id for op in spec} | {a.lower(): op.id for op in spec for a in op.aliases}
        lowered = name.lower()
        if lowered in known:
            matches = [lowered]
        else:  # a resource name (`faxes`) suggests its operations
            matches = [key for key in known if key.startswith(lowered + ".")] or difflib.get_close_matches(
                lowered, known, n=3, cutoff=0.6)
        close = list(dict.fromkeys(known[match] for match in matches))
        hint = f"; did you mean {' or '.join(close)}?" if close else "; `ua-validate operations` lists them"
        raise UsageError(f"unknown operation {name!r}{hint}") from None


def _operations(args: argparse.Namespace, out: TextIO) -> int:
    spec = default_validator().spec
    chosen = [find_operation(spec, args.operation)] if args.operation else list(spec)
    if args.json:
        described = [operation_json(op) for op in chosen]
        out.write(to_json(described[0] if args.operation else described, indent=2) + "\n")
        return 0
    for op in chosen:
        out.write("\n".join(describe_operation(op)) + "\n\n")
    return 0


def _serve(args: argparse.Namespace, out: TextIO) -> int:
    try:
        from .server import serve
    except ImportError as exc:  # uvicorn or python-multipart missing: the [server] extra
        sys.stderr.write(f"ua-validate serve needs the server extra: pip install 'ua-validate[server]' ({exc})\n")
        return 2

    serve(host=args.host, port=args.port, workers=args.workers, tokens=args.token or (), quiet=args.quiet,
          upstream=args.upstream, upstream_timeout=args.upstream_timeout, report_only=args.report_only,
          debug=args.debug)
    return 0


def _conformance(args: argparse.Namespace, out: TextIO) -> int:
    from .conformance import main as conformance_main

    status: int = conformance_main(json_output=args.json, out=out)
    return status


def _openapi(args: argparse.Namespace, out: TextIO) -> int:
    from .openapi import document

    text = json.dumps(document(), indent=2) + "\n"
    if args.output in (None, "-"):
        out.write(text)
        return 0
    try:
        with open(args.output, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError as exc:
        sys.stderr.write(f"ua-validate: error: cannot write {args.output}: {exc.strerror or exc}\n")
        return 1
    return 0


def _audit(args: argparse.Namespace, out: TextIO) -> int:
    from .audit import audit  # not at import time: only this command reads recorded traffic

    names = ("max_fax_files", "max_fax_recipients", "max_fax_file_size", "phone_region")
    settings = {name: getattr(args, name) for name in names if getattr(args, name) is not None}
    return audit(args.files, out, validator_settings=settings, as_json=args.json,
                 show_values=args.show_values, jobs=args.jobs)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ua-validate", description="Validate VoipNow UnifiedAPI requests against the documented rules."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate one request; exit 1 with the error body if invalid "
                                              "(and why on standard error)")
    check.add_argument("method", help="GET, POST, PUT or DELETE")
    check.add_argument("url", help="path and query, e.g. '/uapi/cdr/@me?count=10'")
    check.add_argument("--body", help="the JSON request body; @FILE reads it from a file, - from standard input")
    check.add_argument("--json", action="store_true",
                       help="print an invalid outcome as JSON too: {status, param, reason, body}")
    check.set_defaults(run=_check)

    codes = commands.add_parser("codes", help="the documented error catalog")
    codes.add_argument("--json", action="store_true", help="as JSON")
    codes.set_defaults(run=_codes)

    operations = commands.add_parser("operations", help="each operation with its parameters")
    operations.add_argument("operation", nargs="?", help="one operation id (or alias) only")
    operations.add_argument("--json", action="store_true", help="as JSON")
    operations.set_defaults(run=_operations)

    serve = commands.add_parser("serve", help="run the reference server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--workers", type=_positive, default=1, help="worker processes (default 1)")
    serve.add_argument("--token", action="append", metavar="TOKEN",
                       help="require 'Authorization: Bearer TOKEN' (repeat for several tokens)")
    serve.add_argument("--threads", type=int, help=argparse.SUPPRESS)  # the waitress server's; ignored
    serve.add_argument("--quiet", action="store_true", help="no access log on standard error")
    serve.add_argument("--upstream", metavar="URL",
                       help="validating proxy: forward valid requests to this UnifiedAPI server")
    serve.add_argument("--upstream-timeout", type=float, default=30.0, metavar="SECONDS",
                       help="how long to wait for the upstream (default 30)")
    serve.add_argument("--report-only", action="store_true",
                       help="with --upstream: forward every request, and log violations instead")
    serve.add_argument("--debug", action="store_true",
                       help="say why in each error answer (an X-UA-Reason header) and on standard error; "
                            "bodies are unchanged")
    serve.set_defaults(run=_serve)

    conformance = commands.add_parser(
        "conformance", help="which catalog entries validation can produce, each with an example"
    )
    conformance.add_argument("--json", action="store_true", help="as JSON instead of Markdown")
    conformance.set_defaults(run=_conformance)

    openapi = commands.add_parser("openapi", help="the OpenAPI 3.1 document of every operation")
    openapi.add_argument("-o", "--output", help="file to write (default: standard output)")
    openapi.set_defaults(run=_openapi)

    audit = commands.add_parser(
        "audit", help="check recorded traffic (HAR files, JSON Lines) against the documented rules",
        description="Judge every request of HAR 1.2 files or JSON Lines files ({\"method\", \"url\", "
                    "\"body\", \"content_type\"} per line) and report a summary and each invalid request. "
                    "Exit status: 0 all valid, 1 some invalid, 2 an input cannot be read.",
    )
    audit.add_argument("files", nargs="+", metavar="FILE", help="a HAR or JSON Lines file; - reads standard input")
    audit.add_argument("--json", action="store_true", help="one verdict per request as JSON Lines")
    audit.add_argument("--show-values", action="store_true", help="do not mask phone numbers in URLs")
    audit.add_argument("--jobs", type=_positive, default=1, metavar="N", help="worker processes (default 1)")
    for option in ("max-fax-files", "max-fax-recipients", "max-fax-file-size"):
        audit.add_argument(f"--{option}", type=_positive, metavar="N", help="a Validator setting")
    audit.add_argument("--phone-region", metavar="CC", help="a Validator setting, e.g. RO")
    audit.set_defaults(run=_audit)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args, out or sys.stdout)
    except UsageError as exc:
        sys.stderr.write(f"ua-validate: error: {exc}\n")
        return 2
    except BrokenPipeError:  # e.g. `ua-validate codes | head`
        sys.stderr.close()
        return 0
    return code


if __name__ == "__main__":
    raise SystemExit(main())
