"""ua_validate: validate VoipNow UnifiedAPI requests and answer with the documented errors."""

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
    from .catalog import Entry
    from .errors import Failure, SchemaError, UAError, UnknownOperationError, ValidationError
    from .validator import Validator, validate, validate_request
del TYPE_CHECKING

# Each public name and the module that defines it. `import ua_validate` defines names only: a
# name's module is imported on its first use (PEP 562), so that a process that imports the
# package without validating (a command's --help, a pytest plugin, an app's import) does not
# pay for the regular expressions, dates and tables that validating needs.
_HOMES = {
    "Entry": "catalog",
    "Failure": "errors",
    "OperationId": "_operation_id",  # a typing.Literal: importing typing costs ≈ 5 ms of start-up
    "SchemaError": "errors",
    "UAError": "errors",
    "UnknownOperationError": "errors",
    "ValidationError": "errors",
    "Validator": "validator",
    "validate": "validator",
    "validate_request": "validator",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(__import__(f"{__name__}.{home}", fromlist=(name,)), name)
    globals()[name] = value  # later uses find it without this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
