"""Requests to every operation, valid and invalid, and what the reference server answers.

The expected answer of each comes from the core (``validate_request``): the reference server
must answer exactly what the library answers.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from ua_validate import UAError, validate_request
from ua_validate.cli import to_json

from .common import EVENT, INVALID, SIMPLE, UPDATE


class Sample(NamedTuple):
    method: str
    url: str
    body: bytes | None = None

    def expected(self) -> tuple[int, str | None, bytes]:
        """(status, Content-Type, body) the reference server answers with."""
        try:
            op_id, params = validate_request(self.method, self.url, self.body)
        except UAError as err:
            return err.status, "application/json", err.entry.body_bytes
        if self.method == "DELETE":
            return 204, None, b""
        text = to_json({"operation": op_id, "params": params})
        return 200, "application/json", text.encode("utf-8", "backslashreplace")


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()


CALLBACK = {"extension": "210", "phoneCallView": [
    {"source": ["+40213001000"], "destination": ["0040213001001"], "calleeCallerId": "Jane <210>"}]}

# One valid request for each operation (SPEC §2), in the order of the table.
VALID: tuple[Sample, ...] = (
    Sample("GET", "/uapi/cdr/@me?count=100&startDate=2024-01-01T00:00:00&sortOrder=desc"),
    Sample("POST", "/uapi/phoneCalls/@me/simple?allowPublicTransfer=1", _json(SIMPLE)),
    Sample("POST", "/uapi/phoneCalls/@me/callback?callDuration=60", _json(CALLBACK)),
    Sample("POST", "/uapi/phoneCalls/@me/conferenceInvite?conferencePin=1234", _json(SIMPLE)),
    Sample("GET", "/uapi/phoneCalls/@me/0003*210?filterBy=published&filterOp=greaterThan"
                  "&filterValue=2024-01-01T00:00:00%2B02:00&fields=id,published"),
    Sample("PUT", "/uapi/phoneCalls/12/0003%2A210/b817d2618fe6f1804333", _json(UPDATE)),
    Sample("DELETE", "/uapi/phoneCalls/@me/0003*210/b817d2618fe6f1804333"),
    Sample("POST", "/uapi/faxes/@me/0003*210", _json(
        {"recipients": ["210", "+40213001000"], "files": [{"name": "a.pdf", "type": "pdf", "size": 10}]})),
    Sample("GET", "/uapi/extensions/@me/0003*212/queue/agents?filterBy=status&filterValue=1"),
    Sample("PUT", "/uapi/extensions/@me/0003*212/queue/agents/0003*210", _json({"status": "1"})),
    Sample("POST", "/uapi/extensions/@me/210/phoneCallEvents/2", _json({"method": 1, "url": "https://e.com/x"})),
    Sample("GET", "/uapi/extensions/@me/210/phoneCallEvents/2?count=5&sortOrder=ascending"),
    Sample("PUT", "/uapi/extensions/@me/210/phoneCallEvents/2/abc", _json({"note": "José \ud800"})),
    Sample("DELETE", "/uapi/extensions/@me/210/phoneCallEvents/2/abc"),
    Sample("GET", "/uapi/extensions/@me/@self/presence?filterBy=extension&filterOp=startsWith&filterValue=0003*"
                  "&fields=extension,status"),
)

# One invalid request for each operation, then the adapter contract's catalogue of faults.
INVALID_PER_OPERATION: tuple[Sample, ...] = (
    Sample("GET", "/uapi/cdr?disposition=6"),
    Sample("POST", "/uapi/phoneCalls/@me/simple", _json({**SIMPLE, "nonce": "a b"})),
    Sample("POST", "/uapi/phoneCalls/@me/callback", _json(  # callback: numbers only
        {"extension": "210", "phoneCallView": [{"source": ["0003*210"], "destination": ["5353535"]}]})),
    Sample("POST", "/uapi/phoneCalls/@me/conferenceInvite?conferenceNumber=0", _json(SIMPLE)),
    Sample("GET", "/uapi/phoneCalls/@me/210?filterBy=id&filterValue=a-b"),
    Sample("PUT", "/uapi/phoneCalls/@me/210/abc", _json({"action": "Park", "phoneCallViewId": "1",
                                                        "maxInParking": 5})),
    Sample("DELETE", "/uapi/phoneCalls/@me/@nobody"),
    Sample("POST", "/uapi/faxes/@me/@self", _json({"recipients": ["210"]})),
    Sample("GET", "/uapi/extensions/@me/210/queue/agents?filterBy=status&filterValue=x"),
    Sample("PUT", "/uapi/extensions/@me/210/queue/agents/a*b", _json({"status": 1})),
    Sample("POST", "/uapi/extensions/@me/210/phoneCallEvents/2", _json({**EVENT, "type": 3})),
    Sample("GET", "/uapi/extensions/@me/210/phoneCallEvents?filterBy=type&filterOp=inArray&filterValue=1,,2"),
    Sample("PUT", "/uapi/extensions/@me/210/phoneCallEvents/2/a-b", _json({"note": "n"})),
    Sample("DELETE", "/uapi/extensions/@me/210/phoneCallEvents/9"),
    Sample("GET", "/uapi/extensions/@owner/@self/presence"),
    Sample("GET", "/uapi/extensions/@me/@self/presence?filterBy=extension&filterOp=contains&filterValue=%2B40"),
    *(Sample(m, p, None if b is None else _json(b)) for m, p, b, _, _ in INVALID),
)

# Routing corner cases: empty segments, trailing slashes, encoded slashes, other paths, methods.
ROUTING: tuple[Sample, ...] = tuple(
    Sample(method, path)
    for method in ("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")
    for path in ("/uapi/cdr", "/uapi/cdr/", "/uapi/cdr//", "/uapi/faxes//210", "/uapi/phoneCalls/@me/210/",
                 "/uapi/phoneCalls/@me/%2F/1", "/uapi/phoneCalls/@me/210//", "/uapi", "/uapi/", "/",
                 "/elsewhere", "/unifiedapi/cdr/%40me", "/uapi/extensions/@me/210/queue/agents/")
)

ALL: tuple[Sample, ...] = VALID + INVALID_PER_OPERATION + ROUTING
