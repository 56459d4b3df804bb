# ruff: noqa: RUF001  # look-alike digits and letters are the point of these tests
"""The value types of SPEC §3 (ua_validate.types and rules.checker_for), valid and invalid.

dateutil's ISO 8601 parser is the independent oracle for dates: every string of the documented
shape must get the same answer from ``types.date`` as from ``dateutil.parser.isoparse``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import phonenumbers
import pytest
from dateutil.parser import isoparse
from hypothesis import given
from hypothesis import strategies as st

from strategies import (
    DATE_SHAPE,
    Text,
    aware_or_naive,
    caller_names,
    caller_numbers,
    date_shaped,
    offsets,
    plausible_dates,
)
from ua_validate import rules, types
from ua_validate.rules import Settings, checker_for, rule_holds
from ua_validate.spec import Filter, TypeSpec

DIGITS = "0123456789"
MEGABYTE = 1_000_000
ALL_SUFFIXES = tuple(suffix for group in rules.FILE_SUFFIXES.values() for suffix in group)


def short_id(value: Any) -> str:
    """A test id for any value, huge integers and megabyte strings included."""
    if type(value) is int and abs(value) > 10**20:
        return f"int-{value.bit_length()}-bits"
    text = repr(value)
    return text if len(text) <= 24 else f"{text[:16]}...({len(text)})"


def checker(name: str, settings: Settings | None = None, **options: Any) -> Any:
    """The checker of type ``name`` with ``options``, as the loader would describe it."""
    return checker_for(TypeSpec(name, tuple(sorted(options.items()))), settings or Settings())


class Liar(str):
    """A str subclass whose methods lie: the checkers must look at the text itself."""

    def isdigit(self) -> bool:
        return True

    def isascii(self) -> bool:
        return True

    def lower(self) -> str:  # type: ignore[override]
        return "true"

    def __str__(self) -> str:
        return "1"

    def __len__(self) -> int:
        return 1

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return hash("1")


# Values of every JSON (and some non-JSON) kind that are not text.
NOT_TEXT: list[Any] = [
    None, True, False, 0, 1, 5, -1, 10**30, 1.0, 5.0, float("nan"), float("inf"), [], ["5"], ("5",),
    {}, {"a": 1}, b"5", bytearray(b"5"), object(),
]

# Every checker of the library, with a value it accepts (to check that str subclasses agree).
ALL_CHECKERS: list[tuple[str, Any, Any]] = [
    ("user_id", checker("user_id"), "@me"),
    ("extension", checker("extension"), "0003*210"),
    ("extension@self", checker("extension", allow_self=True), "@self"),
    ("phone_number", checker("phone_number"), "+40721234567"),
    ("phone_number_RO", checker("phone_number", Settings(phone_region="RO")), "0721234567"),
    ("ext_or_phone", checker("ext_or_phone"), "210"),
    ("caller_id", checker("caller_id"), "John Doe <4242425>"),
    ("date", checker("date"), "2024-01-01T00:00:00"),
    ("int", checker("int", min=1, max=5000), "20"),
    ("int_setting", checker("int", min=1, max_setting="max_fax_file_size"), "1000"),
    ("bool", checker("bool"), "true"),
    ("enum", checker("enum", values=("wav", "wav49"), map=()), "wav49"),
    ("enum_numeric", checker("enum", values=("0", "1", "2"), numeric=True), "2"),
    ("object_id", checker("object_id"), "b817d2618fe6f1804333"),
    ("event_id", checker("event_id"), "abc123"),
    ("upload_id", checker("upload_id"), "Up1"),
    ("url", checker("url"), "https://example.com/hook?x=1"),
    ("note", checker("note"), "a note"),
    ("digits", checker("digits", min=1, max=16), "0042"),
    ("visible", checker("visible", min=1, max=255), "n0nce!"),
    ("file_name", checker("file_name"), "scan.PDF"),
    ("fields", checker("fields", values=("id", "note", "url")), "id,url"),
    ("party", checker("party", item="ext_or_phone", max=10), "210"),
]
CHECKER_IDS = [name for name, _, _ in ALL_CHECKERS]


# --- every type ------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "check", "good"), ALL_CHECKERS, ids=CHECKER_IDS)
def test_each_checker_accepts_its_example(name: str, check: Any, good: str) -> None:
    assert check(good) is not None


# Types that also take JSON numbers (tested with each type) and a party (which may be a list).
_TAKE_NUMBERS = {"int", "int_setting", "bool", "enum_numeric"}
NOT_TEXT_CASES = [
    pytest.param(check, value, id=f"{name}-{short_id(value)}")
    for name, check, _ in ALL_CHECKERS if name not in _TAKE_NUMBERS
    for value in NOT_TEXT if not (name == "party" and isinstance(value, (list, tuple)) and value)
]


@pytest.mark.parametrize(("check", "value"), NOT_TEXT_CASES)
def test_values_that_are_not_text_are_invalid_for_text_types(check: Any, value: Any) -> None:
    assert check(value) is None


@pytest.mark.parametrize(("name", "check", "good"), ALL_CHECKERS, ids=CHECKER_IDS)
@pytest.mark.parametrize("filler", ["1", "a", "0", "@", "*", "+1", "é", " "])
def test_a_megabyte_string_is_rejected_by_every_type(name: str, check: Any, good: str, filler: str) -> None:
    # Each checker bounds its work by length first; we only assert that the call returns.
    assert check(filler * (MEGABYTE // len(filler))) is None
    assert check(good + filler * MEGABYTE) is None


@pytest.mark.parametrize(("name", "check", "good"), ALL_CHECKERS, ids=CHECKER_IDS)
def test_a_str_subclass_is_read_as_its_text(name: str, check: Any, good: str) -> None:
    plain = check(good)
    subclassed = check(Text(good))
    assert subclassed == plain
    assert type(subclassed) is type(plain)
    if isinstance(plain, tuple):
        assert all(type(item) is str for item in subclassed)
    # Lying methods change nothing: the text is what counts.
    assert check(Liar("\x00")) is None


# White space no value may begin or end with (SPEC §3: no value is trimmed), free text
# included: a note, a file name, the name of a caller id.
PADS = [" ", "\t", "\n", "\u00a0", "\u3000", "\x00"]
PAD_CASES = [
    pytest.param(check, good, pad, id=f"{name}-{pad!r}")
    for name, check, good in ALL_CHECKERS
    for pad in PADS
]


@pytest.mark.parametrize(("check", "good", "pad"), PAD_CASES)
def test_no_value_is_trimmed(check: Any, good: str, pad: str) -> None:
    assert check(pad + good) is None
    assert check(good + pad) is None


def test_free_text_keeps_inner_spaces_but_has_none_at_its_ends() -> None:
    assert types.note("a padded note") == "a padded note"
    assert types.note(" padded ") is None
    assert types.note("padded\u00a0") is None
    assert types.fax_file_name("my scan.pdf", ALL_SUFFIXES) == "my scan.pdf"
    assert types.fax_file_name(" scan.pdf", ALL_SUFFIXES) is None
    assert types.fax_file_name("scan.pdf ", ALL_SUFFIXES) is None
    assert types.caller_id("John Doe <4242425>") == "John Doe <4242425>"
    assert types.caller_id("\u00a0John <4242425>") is None
    assert types.caller_id("John\u3000<4242425>") is None


@pytest.mark.parametrize(("name", "check", "good"), ALL_CHECKERS, ids=CHECKER_IDS)
def test_empty_string_is_invalid_except_for_note(name: str, check: Any, good: str) -> None:
    assert (check("") is None) is (name != "note")


def test_checker_for_refuses_a_type_without_a_checker() -> None:
    with pytest.raises(ValueError, match="filter_value"):
        checker("filter_value")


# --- ASCII digits only ---------------------------------------------------------------------------

UNICODE_DIGITS = ["٣", "５", "²", "३", "߁", "𝟓", "①", "¹"]
# Every character Python calls a digit that is not an ASCII digit (Nd, and No such as '²').
NON_ASCII_DIGITS = [chr(c) for c in range(0x80, 0x110000) if chr(c).isdigit()]
non_ascii_digit = st.sampled_from(NON_ASCII_DIGITS)
with_non_ascii_digit = st.tuples(
    st.text(DIGITS, max_size=5), non_ascii_digit, st.text(DIGITS, max_size=4)
).map("".join)

DIGIT_CHECKERS = [
    ("user_id", types.user_id),
    ("extension", types.extension),
    ("phone_number", types.phone_number),
    ("ext_or_phone", types.ext_or_phone),
    ("int", lambda v: types.integer(v, 0, 9_999_999_999)),
    ("digits", lambda v: types.digits(v, 1, 16)),
    ("enum_numeric", checker("enum", values=tuple(map(str, range(10))), numeric=True)),
    ("bool", types.boolean),
]


@pytest.mark.parametrize(("name", "check"), DIGIT_CHECKERS, ids=[n for n, _ in DIGIT_CHECKERS])
@pytest.mark.parametrize("digit", UNICODE_DIGITS)
def test_unicode_digits_are_not_digits(name: str, check: Any, digit: str) -> None:
    assert digit.isdigit() or digit.isnumeric()  # Python thinks so; the API does not
    assert check(digit) is None
    assert check("12" + digit) is None
    assert check(digit + "12") is None


@pytest.mark.parametrize(("name", "check"), DIGIT_CHECKERS, ids=[n for n, _ in DIGIT_CHECKERS])
@given(value=with_non_ascii_digit)
def test_any_string_with_a_non_ascii_digit_is_rejected(name: str, check: Any, value: str) -> None:
    assert check(value) is None


# --- UserId ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["@me", "@viewer", "@owner", "1", "0001", "0000000001", "9999999999",
                                   "1234567890"])
def test_user_id_valid(value: str) -> None:
    assert types.user_id(value) == value


@pytest.mark.parametrize("value", [
    "", "0", "00", "0000000000", "00000000001", "12345678901", "@ME", "@Me", "@self", "@", "me",
    "@me ", " @me", "@me\n", "1 ", " 1", "+1", "-1", "1.0", "1_0", "0x10", "1e3", "١", "1٣",
    "@viewer@", "@owners",
])
def test_user_id_invalid(value: str) -> None:
    assert types.user_id(value) is None


@given(st.text(DIGITS, min_size=1, max_size=10).filter(lambda s: s.strip("0")))
def test_any_1_to_10_digits_not_all_zero_is_a_user_id(value: str) -> None:
    assert types.user_id(value) == value
    assert types.user_id(Text(value)) == value


@given(st.text(DIGITS, min_size=11, max_size=40))
def test_more_than_10_digits_is_no_user_id(value: str) -> None:
    assert types.user_id(value) is None


@given(st.integers(min_value=1, max_value=10))
def test_all_zeros_is_no_user_id(length: int) -> None:
    assert types.user_id("0" * length) is None


@given(st.text())
def test_user_id_accepts_only_its_grammar(value: str) -> None:
    expected = value in ("@me", "@viewer", "@owner") or bool(re.fullmatch(r"[0-9]{1,10}", value)
                                                             and value.strip("0"))
    assert (types.user_id(value) is not None) is expected


# --- Extension, PhoneNumber, ExtOrPhone ------------------------------------------------------

@pytest.mark.parametrize("value", ["210", "1", "0003*210", "1*2", "1" * 10, "1" * 10 + "*" + "2" * 10,
                                   "0", "0000"])
def test_extension_valid(value: str) -> None:
    assert types.extension(value) == value
    assert types.extension(value, allow_self=True) == value


@pytest.mark.parametrize("value", ["", "*", "*210", "210*", "1**2", "1*2*3", "1" * 11, "1" * 11 + "*1",
                                   "1*" + "1" * 11, "@self", "@SELF", "@me", " 210", "210 ", "2 10",
                                   "+210", "21a", "٣", "0003#210"])
def test_extension_invalid(value: str) -> None:
    assert types.extension(value) is None


def test_extension_self_only_where_allowed() -> None:
    assert types.extension("@self", allow_self=True) == "@self"
    assert types.extension("@self") is None
    assert types.extension("@Self", allow_self=True) is None
    assert types.ext_or_phone("@self") is None
    assert checker("extension", allow_self=True)("@self") == "@self"
    assert checker("extension")("@self") is None


@given(st.text(DIGITS, min_size=1, max_size=10), st.none() | st.text(DIGITS, min_size=1, max_size=10))
def test_extension_grammar(first: str, second: str | None) -> None:
    value = first if second is None else f"{first}*{second}"
    assert types.extension(value) == value
    assert types.ext_or_phone(value) == value


@pytest.mark.parametrize("value", ["12", "1" * 20, "0721234567", "+40721234567", "+14155552671",
                                   "+442079460000", "+4915123456789"])
def test_phone_number_valid(value: str) -> None:
    assert types.phone_number(value) == value
    assert types.ext_or_phone(value) == value


@pytest.mark.parametrize("value", [
    "", "1", "+", "+1", "+12", "1" * 21, "+" + "1" * 21, "++40721234567", "+40 721234567",
    "+40-721234567", "40721234567+", "0721 234 567", "(072)1234567", "+999123456789",
    "+4072123456789012345", "+40721*234567", "+٤٠721234567", "+０721234567", " +40721234567",
])
def test_phone_number_invalid(value: str) -> None:
    assert types.phone_number(value) is None


@given(st.text(DIGITS, min_size=2, max_size=20))
def test_phone_number_with_plus_is_a_possible_number(digits: str) -> None:
    try:
        expected = phonenumbers.is_possible_number(phonenumbers.parse("+" + digits))
    except phonenumbers.NumberParseException:
        expected = False
    assert (types.phone_number("+" + digits) is not None) is expected
    assert types.phone_number(digits) == digits  # without + (and no region) digits suffice


def test_phone_region_checks_numbers_without_plus() -> None:
    romania = checker("phone_number", Settings(phone_region="RO"))
    assert romania("0721234567") == "0721234567"
    assert romania("12") is None  # two digits: never a possible Romanian number
    assert romania("+40721234567") == "+40721234567"
    assert romania("+999123456789") is None
    assert checker("phone_number")("12") == "12"
    either = checker("ext_or_phone", Settings(phone_region="RO"))
    assert either("12") == "12"  # a short extension stays an extension


# --- CallerId --------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    "John Doe <4242425>", "John Doe<4242425>", "4242425", "+40721234567", "0003*210", "*", "1",
    "Front Desk <0003*210>", "José Müller <+40721234567>", "a" * 64 + " <1>", "1" * 32, "+" + "1" * 31,
    "x <" + "1" * 32 + ">", "x<+1>", "a b  c <1>", "Dr. J. Smith, Jr. (desk) <210>",
])
def test_caller_id_valid(value: str) -> None:
    assert types.caller_id(value) == value


@pytest.mark.parametrize("value", [
    "", "<4242425>", " <4242425>", "John Doe <>", "John Doe", "John Doe  <4242425>", " John <1>",
    "John <1> ", "John <1", "John 1>", 'John "JD" <1>', "John <Doe> <1>", "Jo>hn <1>", "John\t<1>",
    "Jo\x00hn <1>", "Jo\x85hn <1>", "Jo\x7fhn <1>", "John <42+42>", "42+42", "++1", "+", "John <+>",
    "John <1-2>", "a" * 65 + " <1>", "1" * 33, "+" + "1" * 32, "x <" + "1" * 33 + ">",
    "x <+" + "1" * 32 + ">", "John <1>>", "John <<1>", "John < 1>", "John <1 >", "١٢٣", "John <١>",
])
def test_caller_id_invalid(value: str) -> None:
    assert types.caller_id(value) is None


@given(caller_names, caller_numbers, st.sampled_from([" ", ""]))
def test_caller_id_grammar_valid(name: str, number: str, gap: str) -> None:
    assert types.caller_id(number) == number
    value = f"{name}{gap}<{number}>"
    assert types.caller_id(value) == value


@given(caller_names, caller_numbers, st.sampled_from(['<', '>', '"', "\x00", "\x1b", "\x7f", "\x9f"]),
       st.integers(min_value=0, max_value=64))
def test_caller_id_name_with_a_forbidden_character_is_invalid(name: str, number: str, bad: str,
                                                              where: int) -> None:
    where = min(where, len(name))
    value = f"{name[:where]}{bad}{name[where:]} <{number}>"
    assert types.caller_id(value) is None


@given(caller_names, caller_numbers)
def test_caller_id_needs_at_most_one_space_and_no_trailing_space(name: str, number: str) -> None:
    assert types.caller_id(f"{name}  <{number}>") is None
    assert types.caller_id(f" {name} <{number}>") is None
    assert types.caller_id(f"{name} <{number}> ") is None


@given(st.text(DIGITS + "*+", min_size=1, max_size=40))
def test_caller_number_grammar(number: str) -> None:
    expected = len(number) <= 32 and "+" not in number[1:] and number != "+"
    assert (types.caller_id(number) is not None) is expected
    assert (types.caller_id(f"Name <{number}>") is not None) is expected


# --- Date --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("2024-01-01T00:00:00", datetime(2024, 1, 1)),
    ("2024-02-29T12:30:45", datetime(2024, 2, 29, 12, 30, 45)),
    ("2000-02-29T00:00:00", datetime(2000, 2, 29)),
    ("0001-01-01T00:00:00", datetime(1, 1, 1)),
    ("9999-12-31T23:59:59.999999", datetime(9999, 12, 31, 23, 59, 59, 999999)),
    ("2024-01-01T00:00:00.5", datetime(2024, 1, 1, 0, 0, 0, 500000)),
    ("2024-01-01T00:00:00.000001", datetime(2024, 1, 1, 0, 0, 0, 1)),
    ("2024-01-01T00:00:00Z", datetime(2024, 1, 1, tzinfo=UTC)),
    ("2024-01-01T00:00:00.25Z", datetime(2024, 1, 1, 0, 0, 0, 250000, tzinfo=UTC)),
    ("2024-01-01T00:00:00+02:00", datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=2)))),
    ("2024-01-01T00:00:00-05:30", datetime(2024, 1, 1, tzinfo=timezone(-timedelta(hours=5, minutes=30)))),
    ("2024-01-01T00:00:00+23:59", datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=23, minutes=59)))),
    ("2024-01-01T00:00:00-23:59", datetime(2024, 1, 1, tzinfo=timezone(-timedelta(hours=23, minutes=59)))),
    ("2024-01-01T00:00:00+00:00", datetime(2024, 1, 1, tzinfo=UTC)),
    ("2024-01-01T00:00:00-00:00", datetime(2024, 1, 1, tzinfo=UTC)),
])
def test_date_valid(value: str, expected: datetime) -> None:
    cleaned = types.date(value)
    assert cleaned == expected
    assert (cleaned.tzinfo is None) is (expected.tzinfo is None)
    assert cleaned.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("moment", [
    datetime(2024, 1, 1), datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59, 999999),
    datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 1, 0, 0, 0, 250000, tzinfo=UTC),
    datetime(2024, 1, 1, tzinfo=timezone(-timedelta(hours=5, minutes=30))),
    datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=23, minutes=59))),
])
def test_date_takes_its_own_cleaned_value(moment: datetime) -> None:
    # A Date's cleaned value validates again as itself (idempotence), naive or aware.
    cleaned = types.date(moment)
    assert cleaned is moment
    assert types.date(str(moment).replace(" ", "T")) == moment


@pytest.mark.parametrize("value", [
    "2024-02-30T00:00:00", "2024-02-31T00:00:00", "2023-02-29T00:00:00", "1900-02-29T00:00:00",
    "2024-04-31T00:00:00", "2024-13-01T00:00:00", "2024-00-01T00:00:00", "2024-01-00T00:00:00",
    "2024-01-32T00:00:00", "2024-01-01T24:00:00", "2024-01-01T25:00:00", "2024-01-01T00:60:00",
    "2024-01-01T00:00:60", "2024-01-01T23:59:60", "0000-01-01T00:00:00", "0000-12-31T23:59:59Z",
    "2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00+23:60", "2024-01-01T00:00:00-24:00",
    "2024-01-01T00:00:00+99:99", "2024-01-01t00:00:00", "2024-01-01T00:00:00z", "2024-01-01 00:00:00",
    "2024-01-01T00:00:00.", "2024-01-01T00:00:00.1234567", "2024-01-01T00:00:00+0200",
    "2024-01-01T00:00:00+02", "2024-01-01T00:00:00Z+02:00", "2024-01-01T00:00:00UTC",
    "2024-01-01T00:00", "2024-01-01", "20240101T000000", "2024-1-1T0:0:0", "12024-01-01T00:00:00",
    "-2024-01-01T00:00:00", "+2024-01-01T00:00:00", " 2024-01-01T00:00:00", "2024-01-01T00:00:00 ",
    "2024-01-01T00:00:00\n", "２０２４-01-01T00:00:00", "2024-01-01T00:00:0٣", "2024-W01-1T00:00:00",
    "2024-001T00:00:00", "2024-01-01T00:00:00,5", "2024-01-01T00:00:00.5.5", "",
])
def test_date_invalid(value: str) -> None:
    assert types.date(value) is None


@pytest.mark.parametrize("value", ["2024-01-01", "20240101T000000", "2024-01-01T00:00",
                                   "2024-01-01T00:00:00+0200", "2024-01-01T00:00:00,5"])
def test_dates_dateutil_accepts_outside_the_documented_format_are_invalid(value: str) -> None:
    isoparse(value)  # a valid ISO 8601 date ...
    assert types.date(value) is None  # ... but not in the documented format


def _format(moment: datetime, digits: int, zone: str) -> str:
    text = (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
            f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}")
    if digits:
        text += "." + f"{moment.microsecond:06d}"[:digits]
    return text + zone


@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59, 999999)),
       offsets, st.integers(0, 6), st.booleans())
def test_date_round_trips_from_generated_datetimes(moment: datetime, tz: timezone | None, digits: int,
                                                   zulu: bool) -> None:
    # Keep only the microseconds the fraction carries.
    kept = int(f"{moment.microsecond:06d}"[:digits].ljust(6, "0")) if digits else 0
    moment = moment.replace(microsecond=kept, tzinfo=tz)
    if tz is None:
        zone = ""
    elif tz is UTC and zulu:
        zone = "Z"
    else:
        offset = tz.utcoffset(None)
        sign = "-" if offset < timedelta(0) else "+"
        minutes = abs(offset) // timedelta(minutes=1)
        zone = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    text = _format(moment, digits, zone)
    cleaned = types.date(text)
    assert cleaned is not None, text
    assert cleaned.replace(tzinfo=None) == moment.replace(tzinfo=None)
    assert cleaned.utcoffset() == moment.utcoffset()
    assert (cleaned.tzinfo is None) is (tz is None)
    assert types.date(Text(text)) == cleaned


@given(st.one_of(date_shaped, plausible_dates))
def test_date_agrees_with_dateutil_on_the_documented_shape(text: str) -> None:
    assert DATE_SHAPE.fullmatch(text)
    try:
        expected: datetime | None = isoparse(text)
    except (ValueError, OverflowError):
        expected = None
    if text[11:13] == "24":
        expected = None  # dateutil reads 24:00:00 as the next midnight; SPEC §3 forbids hour 24
    cleaned = types.date(text)
    if expected is None:
        assert cleaned is None, text
    else:
        assert cleaned is not None, text
        assert cleaned.replace(tzinfo=None) == expected.replace(tzinfo=None)
        assert cleaned.utcoffset() == expected.utcoffset()
        assert (cleaned.tzinfo is None) is (expected.tzinfo is None)


def test_leap_years() -> None:
    for year in (4, 400, 1600, 2000, 2024, 2400, 9996):
        assert types.date(f"{year:04d}-02-29T00:00:00") is not None
    for year in (1, 100, 1900, 2023, 2100, 9999):
        assert types.date(f"{year:04d}-02-29T00:00:00") is None


# --- date ordering (rules.rule_holds) ----------------------------------------------------------

def test_date_order_naive_is_utc() -> None:
    naive = types.date("2024-01-01T10:00:00")
    plus_two = types.date("2024-01-01T10:00:00+02:00")  # 08:00 UTC
    minus_two = types.date("2024-01-01T10:00:00-02:00")  # 12:00 UTC
    same = types.date("2024-01-01T10:00:00Z")
    assert not rule_holds("date_order", naive, plus_two)
    assert rule_holds("date_order", plus_two, naive)
    assert rule_holds("date_order", naive, minus_two)
    assert not rule_holds("date_order", minus_two, naive)
    assert rule_holds("date_order", naive, same) and rule_holds("date_order", same, naive)
    assert rule_holds("date_order", naive, naive)
    assert not rule_holds("date_order", types.date("2024-02-01T00:00:00"), types.date("2024-01-01T00:00:00"))


@given(aware_or_naive, aware_or_naive)
def test_date_order_compares_instants(first: datetime, second: datetime) -> None:
    def utc(moment: datetime) -> datetime:
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

    assert rule_holds("date_order", first, second) is (utc(first) <= utc(second))


def test_other_rules() -> None:
    assert rule_holds("equal", 2, 2) and not rule_holds("equal", 2, 3)
    assert not rule_holds("local_agent_number", "+40721234567", "0003*210")
    assert not rule_holds("local_agent_number", "+40721234567", "12345")
    assert rule_holds("local_agent_number", "+40721234567", "123456")
    assert rule_holds("local_agent_number", "+40721234567", "+40721234567")
    assert rule_holds("file_suffix", "scan.JPEG", "jpg") and not rule_holds("file_suffix", "scan.pdf", "jpg")
    assert not rule_holds("self_not_of_owner", "@self", "@owner")
    assert rule_holds("self_not_of_owner", "@self", "@me") and rule_holds("self_not_of_owner", "210", "@owner")
    with pytest.raises(ValueError):
        rule_holds("no_such_rule", 1, 1)


@pytest.mark.parametrize(("agent", "local"), [("0003*210", True), ("1", True), ("12345", True),
                                              ("123456", False), ("+40721234567", False), ("*1", True)])
def test_is_local_agent(agent: str, local: bool) -> None:
    assert types.is_local_agent(agent) is local


# --- Int ------------------------------------------------------------------------------------------

def integer(value: Any) -> Any:
    return types.integer(value, 0, 5000)


@pytest.mark.parametrize(("value", "expected"), [
    ("0", 0), ("5", 5), ("0005", 5), ("5000", 5000), ("0000005000", 5000), (0, 0), (5000, 5000), (17, 17),
    (Text("12"), 12),
])
def test_int_valid(value: Any, expected: int) -> None:
    cleaned = integer(value)
    assert cleaned == expected and type(cleaned) is int


@pytest.mark.parametrize("value", [
    "", "5001", "-1", "+5", " 5", "5 ", "1_000", "5.0", "5.", ".5", "0x10", "0o7", "0b1", "1e3", "True",
    "true", "five", "٣", "５", "²", "00000000001", "0" * 11, "9" * 5000, "0" * 4999 + "1", "5\n", "\t5",
    None, True, False, 5.0, 0.0, float("nan"), float("inf"), -1, 5001, 10**5000, -(10**5000), [5], ["5"],
    (5,), {"5": 5}, b"5", bytearray(b"5"), 1j, object(),
], ids=short_id)
def test_int_invalid(value: Any) -> None:
    assert integer(value) is None


@given(st.integers(0, 9_999_999_999), st.integers(0, 9))
def test_int_digits_with_leading_zeros(number: int, zeros: int) -> None:
    text = ("0" * zeros + str(number))
    expected = number if len(text) <= 10 else None
    assert types.integer(text, 0, 9_999_999_999) == expected
    assert types.integer(number, 0, 9_999_999_999) == number


@given(st.integers(), st.integers(-100, 100), st.integers(0, 100))
def test_int_range(number: int, low: int, width: int) -> None:
    high = low + width
    inside = low <= number <= high
    assert (types.integer(number, low, high) == number) is inside
    assert (types.integer(number, low, high) is None) is not inside
    if number >= 0 and len(str(number)) <= 10:
        assert (types.integer(str(number), low, high) is None) is not inside


@given(st.floats(allow_nan=True, allow_infinity=True) | st.booleans())
def test_int_never_takes_floats_or_bools(value: Any) -> None:
    assert types.integer(value, -(10**20), 10**20) is None


@given(st.text(min_size=1, max_size=12))
def test_int_text_grammar(text: str) -> None:
    digits_only = all(c in DIGITS for c in text) and len(text) <= 10
    assert (types.integer(text, 0, 9_999_999_999) is not None) is digits_only


def test_int_checker_reads_its_maximum_from_settings() -> None:
    small = checker("int", Settings(max_fax_file_size=100), min=1, max_setting="max_fax_file_size")
    assert small("100") == 100 and small("101") is None and small("0") is None
    default = checker("int", min=1, max_setting="max_fax_file_size")
    assert default(25_000_000) == 25_000_000 and default(25_000_001) is None


# --- Bool -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("true", True), ("TRUE", True), ("True", True), ("tRuE", True), ("1", True), (True, True), (1, True),
    ("false", False), ("FALSE", False), ("False", False), ("0", False), (False, False), (0, False),
    (Text("true"), True),
])
def test_bool_valid(value: Any, expected: bool) -> None:
    assert types.boolean(value) is expected


@pytest.mark.parametrize("value", [
    "", "yes", "no", "on", "off", "t", "f", "y", "2", "-1", "01", "00", "10", " true", "true ", "truee",
    "１", "٠", 2, -1, 1.0, 0.0, float("nan"), None, [True], ["true"], {}, b"true",
])
def test_bool_invalid(value: Any) -> None:
    assert types.boolean(value) is None


@given(st.text(max_size=8))
def test_bool_text_grammar(text: str) -> None:
    expected = text.lower() in ("true", "false", "1", "0") and text.isascii()
    assert (types.boolean(text) is not None) is expected


# --- Enum -----------------------------------------------------------------------------------------

def test_enum_is_exact_and_case_sensitive() -> None:
    fmt = checker("enum", values=("wav", "wav49"), map=())
    assert fmt("wav") == "wav" and fmt("wav49") == "wav49"
    for bad in ("WAV", "Wav", "wav ", " wav", "wav4", "", "mp3", None, 0, True, ["wav"], "wav" * 100_000):
        assert fmt(bad) is None


def test_enum_map_cleans_to_its_value() -> None:
    order = checker("enum", values=("asc", "desc", "ascending", "descending"),
                    map=(("ascending", "asc"), ("descending", "desc")))
    assert [order(v) for v in ("asc", "desc", "ascending", "descending")] == ["asc", "desc", "asc", "desc"]
    assert order("ASC") is None and order("Ascending") is None


def test_numeric_enum_takes_the_string_and_the_json_integer() -> None:
    status = checker("enum", values=("0", "1", "2"), numeric=True)
    assert [status(v) for v in ("0", "1", "2", 0, 1, 2)] == [0, 1, 2, 0, 1, 2]
    assert all(type(status(v)) is int for v in ("0", 2))
    for bad in ("3", 3, -1, "00", "01", "1.0", 1.0, True, False, None, " 1", "٢", "", 10**100):
        assert status(bad) is None, bad


def test_text_enum_does_not_take_json_integers() -> None:
    fmt = checker("enum", values=("0", "1"), map=())
    assert fmt("1") == "1" and fmt(1) is None


@given(st.text(max_size=12))
def test_enum_accepts_only_listed_strings(text: str) -> None:
    values = ("equals", "contains", "startsWith", "present", "inArray")
    check = checker("enum", values=values, map=())
    assert (check(text) == text) is (text in values)
    assert (check(text) is None) is (text not in values)


# --- ObjectId, EventId, UploadId ----------------------------------------------------------------

@pytest.mark.parametrize(("name", "high"), [("object_id", 64), ("event_id", 255), ("upload_id", 32)])
def test_alnum_ids(name: str, high: int) -> None:
    check = checker(name)
    for good in ("a", "Z", "0", "abc123XYZ", "a" * high, "0" * high):
        assert check(good) == good
    for bad in ("", "a" * (high + 1), "a-b", "a_b", "a b", "a.b", "é", "ａ", "٣", "a\n", "a/b", "%41"):
        assert check(bad) is None, bad


@given(st.text(max_size=70))
def test_object_id_grammar(text: str) -> None:
    expected = bool(re.fullmatch(r"[A-Za-z0-9]{1,64}", text))
    assert (checker("object_id")(text) is not None) is expected


# --- Url ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    "http://a", "https://example.com", "https://example.com/path/to?q=1&r=2#frag", "HTTP://EXAMPLE.COM",
    "HttpS://a.b", "http://[::1]", "http://[::1]:8080/x", "http://user:pass@host:80/x", "http://a:65535",
    "http://a:0", "http://a/%20%41", "http://192.168.0.1/hook", "http://a/" + "x" * (2048 - 9),
    "http://a/~user/!$&'()*+,;=:@", "http://a/[x]",
])
def test_url_valid(value: str) -> None:
    assert len(value) <= 2048
    assert types.url(value) == value


@pytest.mark.parametrize("value", [
    "", "a", "example.com", "//example.com", "ftp://example.com", "mailto:a@b.c", "file:///etc/passwd",
    "http:/a", "http:a", "http://", "http:///path", "http://?q", "http://#f", "http://user@", "http://:80",
    "http://a b", "http://a/b c", "http://a/\n", "http://a\t", "http://a/\x00", "http://a/%zz", "http://a/%4",
    "http://a/%", "http://a:65536", "http://a:99999", "http://a:port", "http://a:-1", "http://é.com",
    "http://a/é", "http://a/\u3000", "http://[::1", "http://[zz]", "http://a/<b>", 'http://a/"', "http://a/{}",
    "http://a/|", "http://a/\\", "http://a/^", "http://a/`", " http://a", "http://a ",
    "javascript:alert(1)", "http://a/" + "x" * (2049 - 9),
])
def test_url_invalid(value: str) -> None:
    assert types.url(value) is None


# RFC 3986 characters, written as the grammar says them: unreserved, reserved, pct-encoded.
RFC3986_CHARS = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+")


@given(st.text(st.sampled_from("aZ09-._~:/?#[]@!$&'()*+,;=%Ff \"<>{}|^`\\é\x00"), max_size=12))
def test_url_characters_follow_rfc3986(tail: str) -> None:
    value = "http://a/" + tail
    assert (types.url(value) is not None) is bool(RFC3986_CHARS.fullmatch(value))


# SPEC §3 (changed): a bracketed host is an RFC 3986 IP-literal, a valid IPv6 address without a
# zone id, or IPvFuture "v" HEXDIG+ "." (unreserved / sub-delims / ":")+.
@pytest.mark.parametrize("value", [
    "http://[::1]", "http://[2001:db8::7]:8080/x", "http://[v1.x]", "http://[V1F.a:b]", "http://[vA.~!$&'()*+,;=]",
    "https://[1:2:3:4:5:6:7:8]/", "http://[::ffff:192.0.2.1]", "http://[::]", "http://[FE80::1]:0",
    "http://user@[::1]:80/p?q#f",
])
def test_url_bracketed_host_valid(value: str) -> None:
    assert types.url(value) == value


@pytest.mark.parametrize("value", [
    "http://[:]", "http://[4]", "http://[]", "http://[::1", "http://::1]", "http://[fe80::1%25eth0]",
    "http://[fe80::1%eth0]", "http://[1:2:3:4:5:6:7:8:9]", "http://[1::2::3]", "http://[12345::]",
    "http://[::ffff:192.0.2.256]", "http://[::ffff:192.0.2.01]", "http://[1:2:3:4:5:6:7::8]x",
    "http://[v1.]", "http://[v.x]", "http://[vx.1]", "http://[v1.x[]]", "http://[v1.%41]", "http://[::1]:65536",
    "http://[::1]x", "http://[" + "0:" * 40 + ":]",
])
def test_url_bracketed_host_invalid(value: str) -> None:
    assert types.url(value) is None


# RFC 3986 §3.2.2 IPv6address, written out from its ABNF: the oracle for ipaddress' verdicts.
_H16 = r"[0-9A-Fa-f]{1,4}"
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_LS32 = rf"(?:{_H16}:{_H16}|{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET})"


def _groups(n: int) -> str:
    return rf"(?:{_H16}:){{{n}}}"


def _upto(n: int) -> str:
    return rf"(?:(?:{_H16}:){{0,{n}}}{_H16})?"


RFC3986_IPV6 = re.compile("|".join(f"(?:{form})" for form in (
    rf"{_groups(6)}{_LS32}", rf"::{_groups(5)}{_LS32}", rf"(?:{_H16})?::{_groups(4)}{_LS32}",
    rf"{_upto(1)}::{_groups(3)}{_LS32}", rf"{_upto(2)}::{_groups(2)}{_LS32}", rf"{_upto(3)}::{_H16}:{_LS32}",
    rf"{_upto(4)}::{_LS32}", rf"{_upto(5)}::{_H16}", rf"{_upto(6)}::",
)))


@st.composite
def ipv6_like(draw: Any) -> str:
    """Text shaped like an IPv6 address: groups, one or two "::", maybe an IPv4 tail."""
    groups = draw(st.lists(st.text("0123456789abcdefABCDEF", min_size=1, max_size=5), min_size=0, max_size=9))
    text = ":".join(groups)
    if draw(st.booleans()):
        at = draw(st.integers(0, len(groups)))
        text = ":".join(groups[:at]) + "::" + ":".join(groups[at:])
    if draw(st.booleans()):
        octets = draw(st.lists(st.sampled_from(["0", "1", "9", "10", "99", "100", "255", "256", "01"]),
                               min_size=3, max_size=5))
        text += (":" if text else "") + ".".join(octets)
    return text


@given(st.one_of(ipv6_like(), st.text("0123456789abcdefABCDEF:.%", max_size=46)))
def test_url_bracketed_ipv6_follows_rfc3986(text: str) -> None:
    assert (types.url(f"http://[{text}]/") is not None) is bool(RFC3986_IPV6.fullmatch(text))


def test_url_bracketed_host_work_is_bounded() -> None:
    assert types.url("http://[" + "1:" * 1000 + ":1]") is None
    assert types.url("http://[" + "1" * MEGABYTE + "]") is None


# --- Note, digits, visible, file names ---------------------------------------------------------

@pytest.mark.parametrize("value", ["", "a", "x" * 255, "José says hi", "tabs are\x20fine", "emoji 🎉",
                                   "<b>\"quoted\"</b>", "inner  and  spaces"])
def test_note_valid(value: str) -> None:
    assert types.note(value) == value


@pytest.mark.parametrize("value", ["x" * 256, "a\nb", "a\tb", "\x00", "a\rb", "\x1b[0m", "\x7f", "\x85",
                                   "\x9f"])
def test_note_invalid(value: str) -> None:
    assert types.note(value) is None


@given(st.text(max_size=300))
def test_note_grammar(text: str) -> None:
    expected = (len(text) <= 255 and not re.search(r"[\x00-\x1f\x7f-\x9f]", text)
                and text == text.strip())  # no value is trimmed: no white space at either end
    assert (types.note(text) is not None) is expected


def test_digits_keep_their_text() -> None:
    pin = checker("digits", min=1, max=16)
    assert pin("0042") == "0042" and pin("1" * 16) == "1" * 16
    for bad in ("", "1" * 17, "12a", "-1", "+1", "1 ", "٣", 42, None, True):
        assert pin(bad) is None, bad


def test_visible_ascii() -> None:
    nonce = checker("visible", min=1, max=255)
    assert nonce("!~azAZ09{}") == "!~azAZ09{}" and nonce("x" * 255) == "x" * 255
    for bad in ("", "x" * 256, "a b", " ", "a\tb", "é", "\x7f", "a\n", 1, None):
        assert nonce(bad) is None, bad


@pytest.mark.parametrize("value", ["scan.pdf", "scan.PDF", "a.jpg", "a.JPEG", "a.tif", "a.TiFf", "a.txt",
                                   "my scan (1).pdf", "x" * 251 + ".pdf", "résumé.pdf"])
def test_file_name_valid(value: str) -> None:
    assert types.fax_file_name(value, ALL_SUFFIXES) == value


@pytest.mark.parametrize("value", ["", ".", "..", "scan", "scan.doc", "scan.pdf.exe", "a/b.pdf", "a\\b.pdf",
                                   "a\x00.pdf", "a\n.pdf", "a\x85.pdf", "x" * 252 + ".pdf", "scan.pdf "])
def test_file_name_invalid(value: str) -> None:
    assert types.fax_file_name(value, ALL_SUFFIXES) is None


# --- CommaList (fields), parties and lists ------------------------------------------------------

FIELDS = ("id", "extension", "published", "note")


def test_comma_list_of_fields() -> None:
    fields = checker("fields", values=FIELDS)
    assert fields("id") == ("id",)
    assert fields("id,published,note") == ("id", "published", "note")
    assert fields("id,id") == ("id", "id")  # duplicates are kept as sent
    assert fields(",".join(["id"] * 100)) == ("id",) * 100
    for bad in ("", ",", "id,", ",id", "id,,note", "id, note", "id ,note", " id", "ID", "id;note",
                "unknown", "id,unknown", ",".join(["id"] * 101), ["id"], None, 1):
        assert fields(bad) is None, bad


@given(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=100))
def test_comma_list_round_trips(items: list[str]) -> None:
    assert checker("fields", values=FIELDS)(",".join(items)) == tuple(items)


@given(st.text(max_size=40))
def test_comma_list_shape(text: str) -> None:
    parts = text.split(",")
    expected = bool(text) and " " not in text and "" not in parts and len(parts) <= 100
    assert (types.comma_list_shape(text) is not None) is expected


def test_party_is_one_value_or_a_list_of_1_to_max() -> None:
    party = checker("party", item="ext_or_phone", max=10)
    assert party("210") == "210"
    assert party(["210", "+40721234567"]) == ("210", "+40721234567")
    assert party(("210",)) == ("210",)
    assert party(["210"] * 10) == ("210",) * 10
    for bad in ([], ["210"] * 11, ["210", ""], [["210"]], ["210", None], [210], "210,211", {"a": "210"}):
        assert party(bad) is None, bad
    phones = checker("party", item="phone_number", max=10)
    assert phones("0003*210") is None and phones(["+40721234567"]) == ("+40721234567",)


def test_list_size_may_come_from_settings() -> None:
    recipients = checker("list", Settings(max_fax_recipients=2), item="ext_or_phone", min=1,
                         max_setting="max_fax_recipients")
    assert recipients(["210", "211"]) == ("210", "211")
    assert recipients(["210", "211", "212"]) is None
    assert recipients([]) is None and recipients("210") is None


def test_objects_shape() -> None:
    files = checker("objects", min=1, max_setting="max_fax_files")
    assert files([{"name": "a.pdf"}]) == [{"name": "a.pdf"}]
    assert files([{}] * 50) is not None  # the settable maximum is a rule of its own
    for bad in ([], [1], [{"a": 1}, "x"], {"name": "a.pdf"}, "x", None):
        assert files(bad) is None, bad
    view = checker("objects", min=1, max=1)
    assert view([{}]) == [{}] and view([{}, {}]) is None


# --- filterValue (rules.filter_value) ---------------------------------------------------------

def test_filter_value_reads_a_str_subclass_as_its_text() -> None:
    flt = Filter("source", TypeSpec("ext_or_phone"), "cdr_invalid_filter_by_source")
    check = checker("ext_or_phone")
    for op, value, expected in (("equals", "210", "210"), ("inArray", "210,211", ("210", "211")),
                                ("contains", "0003*", "0003*")):
        assert rules.filter_value(flt, op, Text(value), check) == (True, expected)
        assert rules.filter_value(flt, op, value, check) == (True, expected)


NUMERIC = Filter("status", TypeSpec("enum", (("map", ()), ("numeric", True), ("values", ("0", "1", "2")))))
NUMERIC_CHECK = checker("enum", values=("0", "1", "2"), numeric=True)


@pytest.mark.parametrize(("op", "value", "expected"), [
    pytest.param("equals", 1, (True, 1), id="json-1"),
    pytest.param("equals", 0, (True, 0), id="json-0"),
    pytest.param("greaterThan", 2, (True, 2), id="json-2-greater-than"),
    pytest.param("inArray", 1, (True, (1,)), id="json-1-in-array"),
    pytest.param("equals", 3, (False, "generic"), id="json-3-outside"),
    pytest.param("equals", 10**30, (False, "generic"), id="json-huge"),
    pytest.param("inArray", 3, (False, "generic"), id="json-3-in-array"),
    pytest.param("equals", -1, (False, "numbers"), id="json-negative"),
    pytest.param("equals", True, (False, "numbers"), id="json-true"),
    pytest.param("equals", False, (False, "numbers"), id="json-false"),
    pytest.param("equals", 1.0, (False, "numbers"), id="json-float"),
    pytest.param("equals", b"1", (False, "numbers"), id="bytes"),
    pytest.param("equals", {"x": 1}, (False, "numbers"), id="dict"),
    pytest.param("inArray", [1], (False, "numbers"), id="list"),
    pytest.param("equals", None, (False, "generic"), id="absent-or-null"),
    pytest.param("equals", "9" * 20, (False, "generic"), id="20-digits"),
    pytest.param("equals", "9" * 21, (False, "generic"), id="21-digits"),
    pytest.param("equals", "9" * MEGABYTE, (False, "generic"), id="a-megabyte-of-digits"),
    pytest.param("inArray", "1," + "9" * 21, (False, "generic"), id="21-digits-item"),
    pytest.param("equals", "9" * 20 + "x", (False, "numbers"), id="digits-and-a-letter"),
])
def test_filter_value_of_a_numeric_field(op: str, value: Any, expected: tuple[bool, Any]) -> None:
    # Issue 8's edges: a JSON integer is that number; a value of another type is not a number;
    # a run of digits of any length is a number outside the field's values.
    assert rules.filter_value(NUMERIC, op, value, NUMERIC_CHECK) == expected


@pytest.mark.parametrize("value", [1, True, b"1", {"x": 1}, 1.5, ["1"]])
def test_filter_value_not_text_on_a_text_field_is_generic(value: Any) -> None:
    flt = Filter("id", TypeSpec("event_id"))
    assert rules.filter_value(flt, "equals", value, checker("event_id")) == (False, "generic")


def test_in_array_items_are_limited_by_their_type_not_by_the_list() -> None:
    url = Filter("url", TypeSpec("url"))
    check = checker("url")
    longest = "http://a/" + "x" * (2048 - 9)
    assert rules.filter_value(url, "inArray", ",".join([longest] * 100), check) == (True, (longest,) * 100)
    assert rules.filter_value(url, "inArray", ",".join([longest] * 13), check) == (True, (longest,) * 13)
    assert rules.filter_value(url, "inArray", ",".join([longest] * 101), check) == (False, "on_array")
    assert rules.filter_value(url, "inArray", ",".join(["http://a"] * 101), check) == (False, "on_array")
    assert rules.filter_value(url, "inArray", ",".join([longest + "x"] * 2), check) == (False, "generic")
    assert rules.filter_value(url, "inArray", "x" * MEGABYTE, check) == (False, "generic")
    assert rules.filter_value(url, "inArray", ",".join([longest] * 99 + [longest + "x"]), check) == (
        False, "generic")


def test_filter_value_variants() -> None:
    status = Filter("status", TypeSpec("enum", (("map", ()), ("numeric", True), ("values", ("0", "1")))))
    check = checker("enum", values=("0", "1"), numeric=True)
    assert rules.filter_value(status, "equals", "1", check) == (True, 1)
    assert rules.filter_value(status, "equals", "x", check) == (False, "numbers")
    assert rules.filter_value(status, "equals", "7", check) == (False, "generic")
    assert rules.filter_value(status, "equals", "", check) == (False, "generic")
    assert rules.filter_value(status, "equals", None, check) == (False, "generic")
    assert rules.filter_value(status, "equals", ["1"], check) == (False, "numbers")  # a repeated key
    assert rules.filter_value(status, "inArray", "0,1", check) == (True, (0, 1))
    assert rules.filter_value(status, "inArray", "0,,1", check) == (False, "on_array")
    assert rules.filter_value(status, "inArray", ",".join("0" * 101), check) == (False, "on_array")
    assert rules.filter_value(status, "inArray", "0,x", check) == (False, "numbers")
    assert rules.filter_value(status, "present", None, check) == (True, None)
    assert rules.filter_value(status, "present", ["junk"], check) == (True, None)


# --- checker_for covers every loader type -------------------------------------------------------

def test_every_loader_type_but_filter_value_has_a_checker() -> None:
    from ua_validate.loader import TYPE_OPTIONS, default_spec

    seen = set()
    for op in default_spec():
        for _, check in op.walk():
            if hasattr(check, "type"):
                seen.add(check.type.name)
                if check.type.name != "filter_value":
                    assert callable(checker_for(check.type, Settings()))
    assert seen == set(TYPE_OPTIONS)  # the packaged schemas use every type the loader knows


def test_date_pattern_bounds_its_input() -> None:
    longest = "9999-12-31T23:59:59.999999+23:59"
    assert types.date(longest) is not None
    assert types.date(longest + "9") is None


# --- the module's patterns: compiled on first use, then plain re.Pattern globals -------------

def test_patterns_are_compiled_on_first_use_and_then_are_plain_patterns() -> None:
    import json
    import subprocess
    import sys

    code = (
        "import json, re\nfrom ua_validate import types\n"
        "waiting = sorted(n for n, v in vars(types).items() if isinstance(v, types._Pattern))\n"
        "assert types.url('https://example.com/a?b=c') == 'https://example.com/a?b=c'\n"
        "used = {n: type(vars(types)[n]).__name__ for n in ('_URL_CHARS', '_URL_HEAD', '_HOST', '_IPV6_TEXT')}\n"
        "print(json.dumps([waiting, used]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    waiting, used = json.loads(done.stdout)
    assert {"_URL_CHARS", "_HOST", "_IPV6_TEXT", "_DATE", "_CONTROL"} <= set(waiting)
    # Used: the compiled pattern in its place; not used yet: still waiting.
    assert used == {"_URL_CHARS": "Pattern", "_URL_HEAD": "Pattern", "_HOST": "Pattern", "_IPV6_TEXT": "_Pattern"}
    for name, value in list(vars(types).items()):
        if isinstance(value, types._Pattern):
            text = value.pattern
            assert value.fullmatch("") == re.compile(text).fullmatch("")  # compiles it
            assert vars(types)[name] == re.compile(text) and isinstance(vars(types)[name], re.Pattern)
