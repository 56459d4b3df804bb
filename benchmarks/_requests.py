"""The requests the benchmarks send: per operation, valid, invalid-early and invalid-late ones.

Every request differs from the one before (phone numbers, dates, ids, counts), and a pool is
larger than any cache could profitably hold, so the timings are what a server sees. The phone
numbers are real-shaped: phonenumbers' example numbers of every region, their tails varied,
kept when they are possible numbers.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

__all__ = ["EARLY", "LATE", "build", "phone_numbers"]

Request = dict[str, Any]


def phone_numbers(count: int, rng: random.Random) -> list[str]:
    """``count`` possible international numbers (with ``+``), of many countries."""
    import phonenumbers

    from ua_validate import types

    bases = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is not None:
                bases.append(phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164))
    numbers: list[str] = []
    while len(numbers) < count:
        base = rng.choice(bases)
        keep = max(len(base) - 4, 3)
        number = base[:keep] + "".join(rng.choice("0123456789") for _ in base[keep:])
        if types.phone_number(number) is not None:
            numbers.append(number)
    return numbers


class _Draw:
    """Varied values for one pool."""

    def __init__(self, rng: random.Random, numbers: list[str]) -> None:
        self.rng = rng
        self.numbers = numbers

    def number(self) -> str:
        return self.rng.choice(self.numbers)

    def date(self, year: int | None = None) -> str:
        rng = self.rng
        text = (f"{year or rng.randint(2000, 2030):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}")
        style = rng.randrange(4)
        if style == 1:
            text += "Z"
        elif style == 2:
            text += f".{rng.randint(0, 999999):06d}{rng.choice('+-')}{rng.randint(0, 14):02d}:{rng.choice((0, 30)):02d}"
        elif style == 3:
            text += f".{rng.randint(0, 999):03d}"
        return text

    def user(self) -> str:
        return self.rng.choice(("@me", "@owner", str(self.rng.randint(1, 9_999_999_999))))

    def extension(self) -> str:
        return f"{self.rng.randint(1, 9999):04d}*{self.rng.randint(100, 999)}"

    def ident(self, size: int = 20) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(size))

    def caller_id(self) -> str:
        return f"{self.rng.choice(('John Doe', 'Ana', 'Reception'))} <{self.rng.randint(1000, 99999999)}>"

    def fields(self, names: tuple[str, ...]) -> str:
        return ",".join(self.rng.sample(names, self.rng.randint(1, len(names))))

    def order(self) -> str:
        return self.rng.choice(("asc", "desc", "ascending", "descending"))


_CDR_FIELDS = ("id", "extension", "published", "answered", "source", "destination", "duration", "cost")


def _cdr(d: _Draw) -> Request:
    start, end = d.date(2020), d.date(2024)
    return {  # 14 parameters, two + numbers
        "userId": d.user(), "startDate": start, "endDate": end, "source": d.number(),
        "destination": d.number(), "flow": d.rng.choice("248"), "disposition": d.rng.choice("012345"),
        "filterBy": "answered", "filterOp": "greaterThan", "filterValue": d.date(),
        "fields": d.fields(_CDR_FIELDS), "count": str(d.rng.randint(1, 5000)), "sortOrder": d.order(),
        "startIndex": str(d.rng.randint(0, 5000)),
    }


def _view(d: _Draw, item: Callable[[], str], extra: str) -> dict[str, Any]:
    return {"source": item(), "destination": [item(), item()], "callerId": d.caller_id(),
            extra: d.caller_id()}


def _simple(d: _Draw) -> Request:
    return {"userId": d.user(), "extension": d.extension(),
            "phoneCallView": [_view(d, d.number, "callerIdDestination")],
            "callDuration": str(d.rng.randint(1, 86400)), "waitForPickup": str(d.rng.randint(1, 3600)),
            "allowPublicTransfer": d.rng.choice(("true", "false")), "nonce": d.ident(),
            "video": d.rng.choice(("true", "0"))}


def _callback(d: _Draw) -> Request:
    return {"userId": d.user(), "extension": d.extension(),
            "phoneCallView": [_view(d, d.number, "calleeCallerId")],
            "callDuration": str(d.rng.randint(1, 86400)), "waitForPickup": str(d.rng.randint(1, 3600)),
            "nonce": d.ident()}


def _conference(d: _Draw) -> Request:
    view = _view(d, d.number, "callerId")
    return {"userId": d.user(), "extension": d.extension(), "phoneCallView": [view],
            "waitForPickup": str(d.rng.randint(1, 3600)), "nonce": d.ident(),
            "pin": str(d.rng.randint(1000, 999999)), "number": str(d.rng.randint(1, 9_999_999_999))}


def _collection(d: _Draw, fields: tuple[str, ...]) -> Request:
    return {"fields": d.fields(fields), "count": str(d.rng.randint(1, 5000)), "sortOrder": d.order(),
            "startIndex": str(d.rng.randint(0, 5000))}


def _calls_list(d: _Draw) -> Request:
    return {"userId": d.user(), "extension": "@self", "phoneCallId": d.ident(),
            **_collection(d, ("id", "nonce", "extension", "published", "answered")),
            "filterBy": "published", "filterOp": "greaterThan", "filterValue": d.date()}


def _update(d: _Draw) -> Request:
    return {"userId": d.user(), "extension": d.extension(), "phoneCallId": d.ident(),
            "action": "Transfer", "phoneCallViewId": str(d.rng.randint(1, 9999)),
            "sendCallTo": d.number(), "transferFromNumber": d.extension(), "transferNumber": d.number()}


def _delete(d: _Draw) -> Request:
    return {"userId": d.user(), "extension": d.extension(), "phoneCallId": d.ident(),
            "phoneNumber": d.number()}


def _fax(d: _Draw) -> Request:
    return {"userId": d.user(), "extension": d.extension(), "recipients": [d.number(), d.extension()],
            "approved": d.rng.choice((True, False)),
            "files": [{"name": f"{d.ident(8)}.pdf", "type": "application/pdf",
                       "size": d.rng.randint(1, 25_000_000), "uploadIdentifier": d.ident(12)},
                      {"name": f"{d.ident(6)}.JPEG", "type": "jpg", "size": d.rng.randint(1, 9999),
                       "uploadIdentifier": d.ident(10)}]}


def _agents_list(d: _Draw) -> Request:
    return {"userId": d.user(), "extension": d.extension(), "agent": d.number(),
            **_collection(d, ("agentNumber", "status", "queue", "type")),
            "filterBy": "status", "filterValue": d.rng.choice("012")}


def _agents_update(d: _Draw) -> Request:
    return {"userId": d.user(), "extension": d.extension(), "agent": d.number(),
            "status": d.rng.choice("012"), "number": d.number()}


def _event_body(d: _Draw, kind: str) -> Request:
    return {"type": int(kind), "method": d.rng.choice((0, 1)), "note": f"hook {d.ident(6)}",
            "url": f"https://example.com/hooks/{d.ident(8)}?call={d.rng.randint(1, 10**6)}",
            "status": d.rng.choice((0, 1))}


def _events_create(d: _Draw) -> Request:
    kind = d.rng.choice("01234")
    return {"userId": d.user(), "extension": d.extension(), "eventType": kind, **_event_body(d, kind)}


def _events_list(d: _Draw) -> Request:
    return {"userId": d.user(), "extension": d.extension(), "eventType": d.rng.choice("01234"),
            **_collection(d, ("id", "type", "method", "note", "url", "status", "modified")),
            "filterBy": "modified", "filterOp": "lessThan", "filterValue": d.date()}


def _events_update(d: _Draw) -> Request:
    kind = d.rng.choice("01234")
    return {"userId": d.user(), "extension": d.extension(), "eventType": kind, "eventId": d.ident(12),
            **_event_body(d, kind)}


def _events_delete(d: _Draw) -> Request:
    return {"userId": d.user(), "extension": d.extension(), "eventType": d.rng.choice("01234"),
            "eventId": d.ident(12)}


def _presence(d: _Draw) -> Request:
    user = d.user()
    # @self (every extension of the user) does not go with @owner
    extension = d.extension() if user == "@owner" or d.rng.random() < 0.5 else "@self"
    op = d.rng.choice(("equals", "startsWith", "inArray"))
    value = {"equals": d.extension(), "startsWith": f"{d.rng.randint(1, 9999):04d}*",
             "inArray": f"{d.extension()},{d.extension()}"}[op]
    return {"userId": user, "extension": extension,
            **_collection(d, ("extension", "status", "registration")),
            "filterBy": "extension", "filterOp": op, "filterValue": value}


VALID: dict[str, Callable[[_Draw], Request]] = {
    "cdr.list": _cdr,
    "phone_calls.simple": _simple,
    "phone_calls.callback": _callback,
    "phone_calls.conference_invite": _conference,
    "phone_calls.list": _calls_list,
    "phone_calls.update": _update,
    "phone_calls.delete": _delete,
    "faxes.create": _fax,
    "queue_agents.list": _agents_list,
    "queue_agents.update": _agents_update,
    "phone_call_events.create": _events_create,
    "phone_call_events.list": _events_list,
    "phone_call_events.update": _events_update,
    "phone_call_events.delete": _events_delete,
    "presence.list": _presence,
}

# The first check of every operation is userId: the early failure.
EARLY = ("user_invalid", lambda request, d: {**request, "userId": d.rng.choice(("x", "0", "@you"))})


def _last_file(request: Request, d: _Draw) -> Request:
    files = [dict(f) for f in request["files"]]
    files[-1]["uploadIdentifier"] = "-"
    return {**request, "files": files}


# The last check of each operation, broken: the late failure (every check before it passes).
LATE: dict[str, tuple[str, Callable[[Request, _Draw], Request]]] = {
    "cdr.list": ("startindex_invalid", lambda r, d: {**r, "startIndex": "5001"}),
    "phone_calls.simple": ("pc_video_invalid", lambda r, d: {**r, "video": "maybe"}),
    "phone_calls.callback": ("pc_nonce_invalid", lambda r, d: {**r, "nonce": "a b"}),
    "phone_calls.conference_invite": ("pc_number_invalid", lambda r, d: {**r, "number": "0"}),
    "phone_calls.list": ("startindex_invalid", lambda r, d: {**r, "startIndex": "x"}),
    "phone_calls.update": ("pc_transfer_number_invalid", lambda r, d: {**r, "transferNumber": "12a"}),
    "phone_calls.delete": ("pc_private_invalid", lambda r, d: {**r, "phoneNumber": "+999" + r["phoneNumber"][4:]}),
    "faxes.create": ("fx_upload_identifier_invalid", _last_file),
    "queue_agents.list": ("startindex_invalid", lambda r, d: {**r, "startIndex": "-1"}),
    "queue_agents.update": ("qag_cannot_update_number", lambda r, d: {**r, "agent": d.extension()}),
    "phone_call_events.create": ("pce_status_invalid", lambda r, d: {**r, "status": 7}),
    "phone_call_events.list": ("startindex_invalid", lambda r, d: {**r, "startIndex": "x"}),
    "phone_call_events.update": ("pce_status_invalid", lambda r, d: {**r, "status": "x"}),
    "phone_call_events.delete": ("pce_id_invalid", lambda r, d: {**r, "eventId": "-"}),
    "presence.list": ("startindex_invalid", lambda r, d: {**r, "startIndex": "x"}),
}


def build(operation: str, kind: str, size: int, numbers: list[str], seed: int = 1) -> tuple[str | None, list[Request]]:
    """(expected code or None, ``size`` requests) of ``kind`` valid, early or late."""
    draw = _Draw(random.Random(f"{seed}:{operation}:{kind}"), numbers)
    valid = [VALID[operation](draw) for _ in range(size)]
    if kind == "valid":
        return None, valid
    code, spoil = EARLY if kind == "early" else LATE[operation]
    return code, [spoil(request, draw) for request in valid]
