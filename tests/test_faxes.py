"""faxes.create (SPEC §5): recipients, approval, files and their limits, in check order."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from _helpers import errors_of, make_validator, raises, request_raises, validate, validate_request

OP = "faxes.create"
FILE = {"name": "fax.txt", "type": "txt", "size": 1200}


def fax(**extra: Any) -> dict[str, Any]:
    return {"userId": "@me", "extension": "0003*210", "recipients": ["7778888"], "files": [dict(FILE)], **extra}


def with_file(**fields: Any) -> dict[str, Any]:
    """A fax whose only file has ``fields`` merged in (a value of ``...`` removes the field)."""
    merged = {**FILE, **fields}
    return fax(files=[{k: v for k, v in merged.items() if v is not ...}])


# --- documented requests ----------------------------------------------------------------------

def test_doc_create_fax() -> None:
    # D3 sends multipart (a `request` part and one `files` part per file); the adapters map it to this.
    body = {"recipients": ["7778888"], "files": [{"name": "fax.txt", "type": "text/plain", "size": 2048}]}
    assert validate_request("POST", "/uapi/faxes/@me/0003*210", body) == (OP, {
        "userId": "@me", "extension": "0003*210", "recipients": ("7778888",),
        "files": ({"name": "fax.txt", "type": "txt", "size": 2048},),
    })


def test_doc_v5_fax_with_upload_identifiers_and_approval() -> None:
    body = {
        "recipients": ["0003*001", "+40721234567", "+14155552671"],
        "approved": True,
        "files": [
            {"name": "doc001.pdf", "type": "application/pdf", "size": 52100, "uploadIdentifier": "doc001"},
            {"name": "Cover.JPEG", "type": "jpg", "size": "800", "uploadIdentifier": "cover"},
        ],
    }
    assert validate_request("POST", "/unifiedapi/faxes/33/210/", body) == (OP, {
        "userId": "33", "extension": "210",
        "recipients": ("0003*001", "+40721234567", "+14155552671"),
        "approved": True,
        "files": (
            {"name": "doc001.pdf", "type": "pdf", "size": 52100, "uploadIdentifier": "doc001"},
            {"name": "Cover.JPEG", "type": "jpg", "size": 800, "uploadIdentifier": "cover"},
        ),
    })


def test_doc_d10_upload_identifier_too_long() -> None:
    request_raises("POST", "/uapi/faxes/@me/0003*210",
                   {"recipients": ["7778888"], "files": [{**FILE, "uploadIdentifier": "a" * 33}]},
                   code="fx_upload_identifier_invalid", param="files[0].uploadIdentifier")


def test_a_body_that_is_not_an_object_has_no_recipients() -> None:
    request_raises("POST", "/uapi/faxes/@me/0003*210", b'["7778888"]', code="fx_recipients_invalid",
                   param="recipients")


def test_unknown_fields_are_dropped_at_both_levels() -> None:
    params = fax(priority="high", files=[{**FILE, "redirectUri": "https://x", "content": "..."}])
    assert validate(OP, params) == {
        "userId": "@me", "extension": "0003*210", "recipients": ("7778888",), "files": (FILE,),
    }


# --- path ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("extension", ["@self", "", "0003*", "+40721234567", None])
def test_extension_invalid(extension: Any) -> None:
    raises(OP, fax(extension=extension), "extension_invalid", param="extension")


@pytest.mark.parametrize("user", ["@self", "0", "", None])
def test_user_invalid(user: Any) -> None:
    raises(OP, fax(userId=user), "user_invalid", param="userId")


# --- recipients ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("recipients", "expected"), [
    pytest.param(["7778888"], ("7778888",), id="one-number"),
    pytest.param(["0003*001", "210"], ("0003*001", "210"), id="extensions"),
    pytest.param(["+40721234567", "+14155552671"], ("+40721234567", "+14155552671"), id="international"),
    pytest.param(["7778888", "7778888"], ("7778888", "7778888"), id="duplicates-kept"),
    pytest.param([f"77788{i:02}" for i in range(50)], tuple(f"77788{i:02}" for i in range(50)), id="fifty"),
])
def test_recipients_valid(recipients: list[str], expected: tuple[str, ...]) -> None:
    cleaned = validate(OP, fax(recipients=recipients))["recipients"]
    assert type(cleaned) is tuple and cleaned == expected


@pytest.mark.parametrize("recipients", [
    pytest.param([], id="empty-array"),
    pytest.param(["7778888"] * 51, id="fifty-one"),
    pytest.param("7778888", id="scalar"),
    pytest.param([""], id="empty-item"),
    pytest.param(["abc"], id="letters"),
    pytest.param(["@self"], id="self"),
    pytest.param(["+999123"], id="unknown-country-code"),
    pytest.param(["7778888", "+1415"], id="one-bad-of-two"),
    pytest.param([7778888], id="json-int-item"),
    pytest.param([None], id="null-item"),
    pytest.param({"0": "7778888"}, id="object"),
    pytest.param(None, id="null"),
])
def test_recipients_invalid(recipients: Any) -> None:
    raises(OP, fax(recipients=recipients), "fx_recipients_invalid", param="recipients")


def test_recipients_missing() -> None:
    params = fax()
    del params["recipients"]
    raises(OP, params, "fx_recipients_invalid", param="recipients")


def test_max_fax_recipients_setting() -> None:
    two = make_validator(max_fax_recipients=2)
    assert two.validate(OP, fax(recipients=["7778888", "210"]))["recipients"] == ("7778888", "210")
    raises(OP, fax(recipients=["7778888", "210", "211"]), "fx_recipients_invalid", param="recipients",
           validator=two)


# --- approved ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    (True, True), (False, False), ("true", True), ("False", False), ("1", True), ("0", False),
    pytest.param(1, True, id="json-1"), pytest.param(0, False, id="json-0"),
])
def test_approved_valid(value: Any, expected: bool) -> None:
    cleaned = validate(OP, fax(approved=value))["approved"]
    assert type(cleaned) is bool and cleaned is expected


def test_approved_has_no_default() -> None:
    assert "approved" not in validate(OP, fax())


@pytest.mark.parametrize("value", ["yes", "", "2", "approved", pytest.param(None, id="null"),
                                   pytest.param(2, id="json-2"), pytest.param([True], id="array")])
def test_approved_invalid(value: Any) -> None:
    raises(OP, fax(approved=value), "fx_approved_invalid", param="approved")


# --- files ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("files", [
    pytest.param([], id="empty-array"),
    pytest.param(FILE, id="object-not-array"),
    pytest.param(["fax.txt"], id="array-of-names"),
    pytest.param([FILE, None], id="null-item"),
    pytest.param("fax.txt", id="text"),
    pytest.param(None, id="null"),
])
def test_files_invalid(files: Any) -> None:
    raises(OP, fax(files=files), "fx_file_invalid", param="files")


def test_files_missing() -> None:
    params = fax()
    del params["files"]
    raises(OP, params, "fx_file_invalid", param="files")


def test_ten_files_are_accepted() -> None:
    files = [{**FILE, "name": f"page{i}.txt"} for i in range(10)]
    assert len(validate(OP, fax(files=files))["files"]) == 10


def test_eleven_files_reach_the_limit() -> None:
    raises(OP, fax(files=[FILE] * 11), "fx_max_files_reached", param="files")


def test_the_limit_is_checked_before_the_files_themselves() -> None:
    assert errors_of(OP, fax(files=[{"name": "x"}] * 11)) == [("fx_max_files_reached", None, "files")]


def test_a_malformed_array_is_invalid_before_its_length_counts() -> None:
    raises(OP, fax(files=["x"] * 11), "fx_file_invalid", param="files")


def test_max_fax_files_setting() -> None:
    two = make_validator(max_fax_files=2)
    assert len(two.validate(OP, fax(files=[FILE, FILE]))["files"]) == 2
    raises(OP, fax(files=[FILE] * 3), "fx_max_files_reached", param="files", validator=two)


@pytest.mark.parametrize(("name", "type_", "expected_type"), [
    ("fax.txt", "txt", "txt"),
    ("fax.TXT", "text/plain", "txt"),
    ("doc.pdf", "pdf", "pdf"),
    ("Doc.Pdf", "application/pdf", "pdf"),
    ("scan.jpg", "jpg", "jpg"),
    ("scan.jpeg", "jpg", "jpg"),
    ("SCAN.JPEG", "image/jpeg", "jpg"),
    ("page.tif", "tif", "tif"),
    ("page.tiff", "image/tiff", "tif"),
    ("my fax (1).pdf", "pdf", "pdf"),
    ("факс.pdf", "pdf", "pdf"),
    ("a.b.c.txt", "txt", "txt"),
    ("x" * 251 + ".pdf", "pdf", "pdf"),
])
def test_file_name_and_type_valid(name: str, type_: str, expected_type: str) -> None:
    (cleaned,) = validate(OP, with_file(name=name, type=type_))["files"]
    assert cleaned == {"name": name, "type": expected_type, "size": 1200}


@pytest.mark.parametrize("name", [
    pytest.param("", id="empty"),
    pytest.param(".", id="dot"),
    pytest.param("..", id="dot-dot"),
    pytest.param("dir/fax.txt", id="slash"),
    pytest.param("dir\\fax.txt", id="backslash"),
    pytest.param("fax\x00.txt", id="nul"),
    pytest.param("fax\n.txt", id="newline"),
    pytest.param("fax\x85.txt", id="c1-control"),
    pytest.param("x" * 252 + ".txt", id="256-characters"),
    pytest.param("fax", id="no-ending"),
    pytest.param("fax.doc", id="unknown-ending"),
    pytest.param("fax.txt.exe", id="ending-not-last"),
    pytest.param("fax.pdf", id="ending-of-another-type"),
    pytest.param(None, id="null"),
    pytest.param(5, id="json-int"),
    pytest.param(..., id="missing"),
])
def test_file_name_invalid(name: Any) -> None:
    raises(OP, with_file(name=name), "fx_file_invalid", param="files[0].name")


@pytest.mark.parametrize(("name", "type_"), [
    ("fax.txt", "pdf"), ("scan.jpeg", "tif"), ("page.tif", "image/jpeg"), ("doc.pdf", "text/plain"),
])
def test_name_ending_must_match_the_type(name: str, type_: str) -> None:
    raises(OP, with_file(name=name, type=type_), "fx_file_invalid", param="files[0].name")


@pytest.mark.parametrize("type_", [
    "TXT", "jpeg", "tiff", "doc", "image/png", "Text/Plain", "application/PDF", "text/plain ", "",
    pytest.param(None, id="null"), pytest.param(..., id="missing"), pytest.param(1, id="json-int"),
])
def test_file_type_invalid(type_: Any) -> None:
    raises(OP, with_file(type=type_), "fx_file_invalid", param="files[0].type")


@pytest.mark.parametrize(("size", "expected"), [
    (1, 1), (25_000_000, 25_000_000), ("1200", 1200), ("0000001200", 1200),
])
def test_file_size_valid(size: Any, expected: int) -> None:
    (cleaned,) = validate(OP, with_file(size=size))["files"]
    assert cleaned["size"] == expected and type(cleaned["size"]) is int


@pytest.mark.parametrize("size", [
    0, -1, 25_000_001, "0", "25000001", "1.5", "1e3", "", " 12",
    pytest.param(None, id="null"), pytest.param(1200.0, id="json-float"), pytest.param(True, id="json-true"),
    pytest.param(..., id="missing"),
])
def test_file_size_invalid(size: Any) -> None:
    raises(OP, with_file(size=size), "fx_file_invalid", param="files[0].size")


def test_max_fax_file_size_setting() -> None:
    small = make_validator(max_fax_file_size=100)
    assert small.validate(OP, with_file(size=100))["files"][0]["size"] == 100
    raises(OP, with_file(size=101), "fx_file_invalid", param="files[0].size", validator=small)


@pytest.mark.parametrize("upload_id", ["doc001", "a", "A" * 32, "0123456789abcdefABCDEF"])
def test_upload_identifier_valid(upload_id: str) -> None:
    assert validate(OP, with_file(uploadIdentifier=upload_id))["files"][0]["uploadIdentifier"] == upload_id


@pytest.mark.parametrize("upload_id", [
    pytest.param("a" * 33, id="33-characters"),
    pytest.param("doc-001", id="dash"),
    pytest.param("doc_001", id="underscore"),
    pytest.param("doc 001", id="space"),
    pytest.param("dóc001", id="non-ascii"),
    pytest.param("", id="empty"),
    pytest.param(None, id="null"),
    pytest.param(1, id="json-int"),
])
def test_upload_identifier_invalid(upload_id: Any) -> None:
    raises(OP, with_file(uploadIdentifier=upload_id), "fx_upload_identifier_invalid",
           param="files[0].uploadIdentifier")


# --- check order -------------------------------------------------------------------------------

TOP_ORDER: list[tuple[str, Any, str]] = [
    ("userId", "@self", "user_invalid"),
    ("extension", "@self", "extension_invalid"),
    ("recipients", [], "fx_recipients_invalid"),
    ("approved", "maybe", "fx_approved_invalid"),
    ("files", [], "fx_file_invalid"),
]


@pytest.mark.parametrize(("earlier", "later"), list(itertools.combinations(TOP_ORDER, 2)),
                         ids=lambda row: row[0])
def test_the_earlier_row_wins(earlier: tuple[str, Any, str], later: tuple[str, Any, str]) -> None:
    params = fax(**{later[0]: later[1]}, **{earlier[0]: earlier[1]})
    assert errors_of(OP, params) == [(earlier[2], None, earlier[0]), (later[2], None, later[0])]


def test_every_row_of_one_file_in_order() -> None:
    bad = {"uploadIdentifier": "-", "size": 0, "type": "png", "name": "fax.doc"}
    assert errors_of(OP, fax(files=[bad])) == [
        ("fx_file_invalid", None, "files[0].name"),
        ("fx_file_invalid", None, "files[0].type"),
        ("fx_file_invalid", None, "files[0].size"),
        ("fx_upload_identifier_invalid", None, "files[0].uploadIdentifier"),
    ]


def test_the_ending_rule_comes_after_type_and_before_size() -> None:
    assert errors_of(OP, fax(files=[{"name": "fax.txt", "type": "pdf", "size": 0}])) == [
        ("fx_file_invalid", None, "files[0].name"),
        ("fx_file_invalid", None, "files[0].size"),
    ]


def test_files_are_checked_one_after_another() -> None:
    files = [FILE, {**FILE, "uploadIdentifier": "a-b"}, {**FILE, "name": "x.doc"}]
    assert errors_of(OP, fax(files=files)) == [
        ("fx_upload_identifier_invalid", None, "files[1].uploadIdentifier"),
        ("fx_file_invalid", None, "files[2].name"),
    ]


def test_everything_at_once() -> None:
    params = fax(userId="0", extension="@self", recipients="7778888", approved="",
                 files=[{"name": "a.txt", "type": "txt", "size": 1, "uploadIdentifier": "ok"},
                        {"name": "..", "type": "txt", "size": 1}])
    assert errors_of(OP, params) == [
        ("user_invalid", None, "userId"),
        ("extension_invalid", None, "extension"),
        ("fx_recipients_invalid", None, "recipients"),
        ("fx_approved_invalid", None, "approved"),
        ("fx_file_invalid", None, "files[1].name"),
    ]
