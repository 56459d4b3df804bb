"""ua_validate: validate VoipNow UnifiedAPI requests and answer with the documented errors."""

from .catalog import Entry
from .errors import Failure, SchemaError, UAError, UnknownOperationError, ValidationError
from .validator import Validator, validate, validate_request

__all__ = [
    "Entry",
    "Failure",
    "OperationId",
    "SchemaError",
    "UAError",
    "UnknownOperationError",
    "ValidationError",
    "Validator",
    "validate",
    "validate_request",
]
__version__ = "0.1.0"

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._operation_id import OperationId
del TYPE_CHECKING


def __getattr__(name: str) -> object:
    # OperationId is a typing.Literal: made on first use, so that `import ua_validate` does not
    # import typing (≈ 5 ms of start-up).
    if name == "OperationId":
        from ._operation_id import OperationId

        return OperationId
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "OperationId"})
