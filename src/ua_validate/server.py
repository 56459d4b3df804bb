"""The reference server of SPEC §9: every operation on the Flask adapter, served by waitress."""

from __future__ import annotations

import signal
import sys
import threading
from typing import Any, NoReturn
from urllib.parse import quote, unquote

from flask import Flask, Response, request
from werkzeug.routing import BaseConverter

from ._json import to_json
from .errors import UAError
from .flask import UAValidate, operation
from .routing import split_url
from .spec import Operation
from .validator import Validator

__all__ = ["create_app", "serve"]

_METHODS = ["GET", "POST", "PUT", "DELETE"]  # others are answered 501 by the extension


def _echo(op: Operation) -> Any:
    """The view of one operation: the adapter validates, the view echoes what it was given."""

    @operation(op.id)
    def echo(params: dict[str, Any]) -> Response:
        if op.method == "DELETE":
            response = Response(status=204)
            del response.headers["Content-Type"]  # no content, no type
            return response
        text = to_json({"operation": op.id, "params": params})
        # A JSON body may carry a lone surrogate (a "\ud800" escape); send it back escaped.
        return Response(text.encode("utf-8", "backslashreplace"), 200, mimetype="application/json")

    echo.__name__ = f"echo_{op.id.replace('.', '_')}"
    return echo


class _Anything(BaseConverter):
    """The rest of the path, slashes and empty segments included (the Router reads it)."""

    regex = ".*"
    part_isolating = False


def _raw_path() -> str:
    """The path as the client sent it, so that ``%2F`` stays inside its segment."""
    uri = request.environ.get("REQUEST_URI")
    if isinstance(uri, str) and not request.environ.get("SCRIPT_NAME"):
        parts = split_url(uri)
        if parts is not None and unquote(parts[0], errors="replace") == request.path:
            return parts[0]  # the same path, before the server decoded it
    return quote(request.path, safe="/")


def create_app(validator: Validator | None = None, **settings: Any) -> Flask:
    """The reference application: each operation of SPEC §2 answers as documented.

    Requests are routed by the library's own Router (so the server answers exactly what
    ``validate_request`` answers) to one ``@operation`` view per operation. A valid request
    gets 200 and ``{"operation": id, "params": cleaned}`` (204 for DELETE); any other gets
    its documented error. ``settings`` go to ``UAValidate`` (``verify_token``,
    ``max_json_body``, ``max_multipart_body``).
    """
    app = Flask("ua_validate.server", static_folder=None)
    app.url_map.merge_slashes = False  # "//" is an empty segment, never a redirect
    app.url_map.converters["anything"] = _Anything
    # The whole server is the API: every path gets documented answers, not just /uapi/.
    extension = UAValidate(app, validator=validator, prefixes=("/",), **settings)
    router = extension.config.validator.router
    views = {op.id: _echo(op) for op in extension.config.validator.spec}

    def dispatch(rest: str = "") -> Any:
        found = router.match(request.method, _raw_path())
        if found is None:
            raise UAError("not_implemented")
        op, path = found
        return views[op.id](**path)

    app.add_url_rule("/<anything:rest>", "dispatch", dispatch, methods=_METHODS,
                     strict_slashes=False, provide_automatic_options=False)
    return app


def _stop(signum: int, frame: Any) -> NoReturn:
    raise SystemExit(0)  # waitress's loop catches it and lets its worker threads finish


def serve(host: str = "127.0.0.1", port: int = 8080, threads: int = 8) -> None:
    """Run the reference server on waitress until Ctrl-C or SIGTERM."""
    from waitress import create_server

    server = create_server(create_app(), host=host, port=port, threads=threads, ident="ua-validate")
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)
    print(f"ua-validate reference server on http://{server.effective_host}:{server.effective_port}/uapi/"
          f" (waitress, {threads} threads); Ctrl-C stops it", file=sys.stderr, flush=True)
    server.run()
