"""ua_validate: validate VoipNow UnifiedAPI requests and answer with the documented errors."""

from ._operation_id import OperationId
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
