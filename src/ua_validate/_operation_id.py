"""OperationId: the operation ids and aliases of the packaged schema files, as a Literal type."""

from __future__ import annotations

from typing import Literal, TypeAlias

__all__ = ["OperationId"]

# Written out, so that editors and type checkers complete and check them without running the
# loader; tests/test_public_api.py holds it equal to the ids and aliases of the Spec.
OperationId: TypeAlias = Literal[
    "cdr",
    "cdr.list",
    "faxes.create",
    "phone_call_events.create",
    "phone_call_events.delete",
    "phone_call_events.list",
    "phone_call_events.update",
    "phone_calls.callback",
    "phone_calls.conference_invite",
    "phone_calls.delete",
    "phone_calls.list",
    "phone_calls.simple",
    "phone_calls.update",
    "presence.list",
    "queue_agents.list",
    "queue_agents.update",
]
OperationId.__doc__ = "An operation id or alias that ua_validate.validate takes, e.g. 'cdr.list'."
