"""The failures of the CDR-list query, shared by the hand-written and pydantic baselines.

Both baselines answer with the library's own error records, so that the benchmark compares
like with like; the table of which parameter fails with which code is written once here.
"""

from __future__ import annotations

from ua_validate.errors import Failure

__all__ = ["CODES", "FAIL", "FILTER_FAIL"]

CODES = {
    "userId": ("user_invalid", "path"), "startDate": ("cdr_start_date_invalid", "query"),
    "endDate": ("cdr_end_date_invalid", "query"), "source": ("cdr_source_invalid", "query"),
    "destination": ("cdr_destination_invalid", "query"), "flow": ("cdr_flow_invalid", "query"),
    "disposition": ("cdr_disposition_invalid", "query"),
    "saveStartDate": ("cdr_save_start_date_invalid", "query"),
    "saveEndDate": ("cdr_save_end_date_invalid", "query"), "fields": ("fields_invalid", "query"),
    "count": ("count_invalid", "query"), "filterBy": ("filterby_invalid", "query"),
    "filterOp": ("filterop_invalid", "query"), "sortOrder": ("sortorder_invalid", "query"),
    "startIndex": ("startindex_invalid", "query"),
}
FAIL = {name: (Failure(code, None, name, where),) for name, (code, where) in CODES.items()}
FILTER_FAIL = {name: (Failure(f"cdr_invalid_filter_by_{name}", None, "filterValue", "query"),)
               for name in ("source", "destination", "published", "answered")}
