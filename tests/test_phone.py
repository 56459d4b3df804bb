"""ua_validate._phone agrees exactly with phonenumbers' parse() + is_possible_number()."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneMetadata, PhoneNumberFormat, PhoneNumberType
from phonenumbers import phonenumberutil as pu

from ua_validate import _phone
from ua_validate._phone import possible_international, possible_national

DIGITS = "0123456789"
CALLING_CODES = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)
# Regions whose numbers parse() may rewrite (national prefix, carrier code, transform rule):
# the one place where a length table alone would be wrong.
PREFIX_REGIONS = [r for r in REGIONS if PhoneMetadata.metadata_for_region(r).national_prefix_for_parsing]

# A floor so these properties always explore widely; a heavier hypothesis profile raises it.
EXAMPLES = max(400, settings().max_examples)


def reference_international(digits: str) -> bool:
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse("+" + digits))
    except phonenumbers.NumberParseException:
        return False


def reference_national(digits: str, region: str) -> bool:
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(digits, region))
    except phonenumbers.NumberParseException:
        return False


def assert_international(digits: str) -> None:
    assert possible_international(digits) is reference_international(digits), digits


def assert_national(digits: str, region: str) -> None:
    assert possible_national(digits, region) is reference_national(digits, region), (digits, region)


def prefixes_for(metadata_list: list[PhoneMetadata]) -> list[str]:
    """Leading digits that make parse() take its unusual paths for these metadata."""
    out = {"", "0", "00", "1", "8", "9", "15", "90"}
    for metadata in metadata_list:
        for prefix in (metadata.national_prefix, metadata.international_prefix):
            if prefix and prefix.isdigit():
                out.add(prefix)
    return sorted(out)


def random_digits(rng: random.Random, prefix: str, length: int) -> str:
    return (prefix + "".join(rng.choice(DIGITS) for _ in range(length)))[:length]


# (1) Every calling code, every national length that fits in 20 digits.


@pytest.mark.parametrize("code", CALLING_CODES)
def test_every_calling_code_and_length(code: int) -> None:
    cc = str(code)
    metadata = [
        PhoneMetadata.metadata_for_region_or_calling_code(code, region)
        for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[code]
    ]
    rng = random.Random(code)
    for length in range(1, 21 - len(cc)):
        for prefix in prefixes_for(metadata):
            for _ in range(2):
                assert_international(cc + random_digits(rng, prefix, length))


@pytest.mark.parametrize("region", REGIONS)
def test_every_region_and_length(region: str) -> None:
    metadata = PhoneMetadata.metadata_for_region(region)
    cc = str(metadata.country_code)
    # A leading own calling code and the region's IDD each send parse() down another path.
    prefixes = [*prefixes_for([metadata]), cc, cc + "0", cc + "1", "011", "810"]
    rng = random.Random(region)
    for length in range(2, 21):
        for prefix in prefixes:
            assert_national(random_digits(rng, prefix, length), region)


@pytest.mark.parametrize("region", REGIONS)
def test_example_numbers_in_every_written_form(region: str) -> None:
    cc = str(phonenumbers.country_code_for_region(region))
    forms = set()
    for kind in PhoneNumberType.values():
        example = phonenumbers.example_number_for_type(region, kind)
        if example is None:
            continue
        nsn = phonenumbers.national_significant_number(example)
        national = re.sub(r"\D", "", phonenumbers.format_number(example, PhoneNumberFormat.NATIONAL))
        with_carrier = re.sub(r"\D", "", phonenumbers.format_national_number_with_carrier_code(example, "15"))
        for form in (nsn, national, with_carrier, cc + nsn, cc + national):
            forms.update((form, form[:-1], form + "7"))
    for digits in sorted(forms):
        if 2 <= len(digits) <= 20:
            assert_national(digits, region)
            assert_international(digits)
            if len(cc + digits) <= 20:
                assert_international(cc + digits)


# (2) Properties over arbitrary input.


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(DIGITS, min_size=2, max_size=20))
def test_international_matches_phonenumbers(digits: str) -> None:
    assert_international(digits)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.sampled_from(CALLING_CODES), st.text(DIGITS, max_size=19))
def test_international_with_known_code_matches_phonenumbers(code: int, rest: str) -> None:
    digits = (str(code) + rest)[:20]
    if len(digits) >= 2:
        assert_international(digits)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(DIGITS, min_size=2, max_size=20), st.sampled_from(REGIONS))
def test_national_matches_phonenumbers(digits: str, region: str) -> None:
    assert_national(digits, region)


@st.composite
def prefixed_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """A region and digits starting with something its national-prefix pattern accepts."""
    region = draw(st.sampled_from(PREFIX_REGIONS))
    pattern = PhoneMetadata.metadata_for_region(region).national_prefix_for_parsing
    head = draw(st.from_regex(pattern, fullmatch=True, alphabet=DIGITS))
    tail = draw(st.text(DIGITS, max_size=14))
    return region, (head + tail)[:20]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefixed_numbers())
def test_national_prefixes_and_carrier_codes_match_phonenumbers(case: tuple[str, str]) -> None:
    region, digits = case
    if len(digits) >= 2:
        assert_national(digits, region)
    # parse() strips these even after '+', so the international path must agree too.
    international = (str(phonenumbers.country_code_for_region(region)) + digits)[:20]
    assert_international(international)


# (3) Hand-picked numbers; each comment says which parse() behaviour it pins.

INTERNATIONAL_CASES = [
    ("14155552671", True),
    ("40721234567", True),
    ("442079460000", True),
    ("999123", False),  # no such calling code
    ("0441234", False),  # calling codes never start with 0
    ("12", False),  # too short to be viable after '+'
    ("123", False),
    ("1415555267", False),
    ("390612345678", True),  # Italian leading zero is part of the national number
    ("3906123456789012", False),
    ("78123456789", True),
    ("788123456789", True),  # +7 8...: parse() strips RU's trunk prefix 8 even after '+'
    ("114155552671", True),  # +1 1...: likewise NANPA's 1
    ("5501512345678", True),  # BR carrier-code prefix 015 stripped
    ("5590211234567890", True),  # BR 90 + carrier code
    ("540111512345678", True),  # AR transform rule 0 11 15 ... -> 9 11 ...
    ("5491123456789", True),
    ("54911234567890", False),
    ("80012345678", True),  # non-geographic calling code
    ("97912345678", True),
    ("9791234567", False),
    ("88212345", False),
]


@pytest.mark.parametrize(("digits", "expected"), INTERNATIONAL_CASES)
def test_known_international_numbers(digits: str, expected: bool) -> None:
    assert reference_international(digits) is expected
    assert possible_international(digits) is expected


NATIONAL_CASES = [
    ("0721234567", "RO", True),
    ("4155552671", "US", True),
    ("5552671", "US", True),  # local-only length counts as possible
    ("14155552671", "US", True),  # own calling code dialled without '+'
    ("011442079460000", "US", True),  # US international prefix, then a GB number
    ("00442079460000", "GB", True),
    ("02012345678", "GB", True),
    ("442079460000", "GB", True),
    ("02012345678", "GG", True),  # GG strips by its own rules, GB judges the length
    ("6135550123", "CA", True),
    ("16135550123", "CA", True),
    ("0612345678", "IT", True),
    ("88123456789", "RU", True),
    ("0111512345678", "AR", True),
    ("15512345678", "AR", True),
    ("123456", "SM", True),  # SM transform rule prepends 0549
    ("0549123456", "SM", True),
    ("0091123", "IN", False),
    ("0015", "DE", False),  # international prefix followed by too little
    ("011541115123456789", "US", False),
    ("4155552671", "us", False),  # parse() rejects region codes not spelt as in SUPPORTED_REGIONS
    ("4155552671", "XX", False),
    ("4155552671", "001", False),
    ("4155552671", "", False),
]


@pytest.mark.parametrize(("digits", "region", "expected"), NATIONAL_CASES)
def test_known_national_numbers(digits: str, region: str, expected: bool) -> None:
    assert reference_national(digits, region) is expected
    assert possible_national(digits, region) is expected


# (4) Operational promises: cheap import, safe concurrent first use.


def test_import_loads_no_metadata() -> None:
    code = (
        "import ua_validate._phone as p, sys\n"
        "assert not (p._INTL or p._BY_PREFIX or p._REGIONS or p._CALLING_CODES)\n"
        "pm = sys.modules.get('phonenumbers.phonemetadata')\n"
        "assert pm is None or not pm.PhoneMetadata._region_metadata\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_concurrent_first_use_builds_consistent_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(1)
    intl = [str(code) + random_digits(rng, "", rng.randrange(4, 13)) for code in CALLING_CODES]
    national = [(random_digits(rng, "0", rng.randrange(6, 13)), region) for region in REGIONS]
    expected = [reference_international(d) for d in intl] + [reference_national(*c) for c in national]
    # Fresh caches, so every thread races to build the same tables.
    monkeypatch.setattr(_phone, "_INTL", {})
    monkeypatch.setattr(_phone, "_BY_PREFIX", {})
    monkeypatch.setattr(_phone, "_REGIONS", {})
    start = threading.Barrier(8)
    results: list[list[bool]] = []

    def worker(offset: int) -> None:
        start.wait()
        order = list(range(len(intl) + len(national)))
        random.Random(offset).shuffle(order)
        got = [False] * len(order)
        for i in order:
            got[i] = (
                possible_international(intl[i])
                if i < len(intl)
                else possible_national(*national[i - len(intl)])
            )
        results.append(got)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert len(results) == 8
    assert all(got == expected for got in results)


# (5) Where the metadata comes from: the installed phonenumbers' own files, one region at a time.


def plan_fields(plan: _phone._Plan) -> tuple[object, ...]:
    # `general` is `general_text` compiled on first use: the text stands for it.
    return tuple(getattr(plan, name) for name in _phone._Plan.__slots__ if name != "general")


def test_calling_code_map_is_read_exactly_from_the_installed_files() -> None:
    source = _phone._FileSource()
    assert source.codes == phonenumbers.COUNTRY_CODE_TO_REGION_CODE
    _phone._load_codes()
    assert set(_phone._SUPPORTED) == phonenumbers.SUPPORTED_REGIONS
    assert _phone._CALLING_CODES == {str(code): regions[0] for code, regions
                                      in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()}


@pytest.mark.parametrize("code", CALLING_CODES)
def test_length_verdicts_match_phonenumbers(code: int) -> None:
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[code]:
        metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region)
        for length in range(25):
            expected = pu._test_number_length("1" * length, metadata)
            assert _phone.length_verdict(length, metadata.general_desc) == expected, (region, length)


def test_file_and_package_sources_build_the_same_plans() -> None:
    files, package = _phone._FileSource(), _phone._PackageSource()
    for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items():
        for region in regions:
            from_files = _phone._Plan(_phone._facts(files.metadata(code, region)))
            from_package = _phone._Plan(package.facts(code, region))
            assert plan_fields(from_files) == plan_fields(from_package), region
            assert from_files.general_pattern() == from_package.general_pattern() == (
                re.compile(package.metadata(code, region).general_desc.national_number_pattern))
            assert files.metadata(code, region).international_prefix == \
                package.metadata(code, region).international_prefix


# (6) The start-up cache: the facts of every calling code and region, read back exactly; keyed
# by the installed files, so another phonenumbers (or another region file) never meets them.


def every_code_and_region() -> list[tuple[int, str]]:
    return [(code, region) for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()
            for region in regions]


def test_cached_facts_of_every_code_and_region_equal_the_metadata(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UA_VALIDATE_CACHE", str(tmp_path))
    package = _phone._PackageSource()
    expected = {case: package.facts(*case) for case in every_code_and_region()}
    written = _phone._FileSource()
    assert {case: written.facts(*case) for case in expected} == expected  # built, then written
    entries = sorted(tmp_path.glob("phone-facts-*.marshal"))
    assert len(entries) == len(expected)
    # Read back: the region modules are not consulted at all.
    reader = _phone._FileSource()
    assert reader.codes == phonenumbers.COUNTRY_CODE_TO_REGION_CODE
    monkeypatch.setattr(_phone._FileSource, "metadata", None)
    assert {case: reader.facts(*case) for case in expected} == expected
    assert sorted(tmp_path.glob("phone-facts-*.marshal")) == entries


def test_verdicts_from_a_warm_cache_match_phonenumbers(tmp_path: Path) -> None:
    # A fresh interpreter whose every plan comes from cache entries (written by the one before):
    # every calling code and length, as test_every_calling_code_and_length, and every region.
    rng = random.Random(5)
    intl = [str(code) + random_digits(rng, prefix, length) for code in CALLING_CODES
            for length in range(1, 21 - len(str(code))) for prefix in ("", "0", "1", "8")]
    national = [(random_digits(rng, prefix, length), region) for region in REGIONS
                for length in range(2, 21, 3) for prefix in ("0", "00", "1", "8", "011")]
    code = (
        "import json, sys\nfrom ua_validate import _phone\n"
        "intl, national = json.load(sys.stdin)\n"
        "got = [_phone.possible_international(d) for d in intl]\n"
        "got += [_phone.possible_national(d, r) for d, r in national]\n"
        "loaded = [m for m in sys.modules if m.startswith('ua_validate._phonenumbers_files.data.region_')]\n"
        "print(json.dumps([got, len(loaded)]))\n"
    )
    env = {**os.environ, "UA_VALIDATE_CACHE": str(tmp_path)}
    runs = [json.loads(subprocess.run([sys.executable, "-c", code], input=json.dumps([intl, national]),
                                      capture_output=True, text=True, check=True, env=env).stdout)
            for _ in range(2)]
    expected = [reference_international(d) for d in intl] + [reference_national(*c) for c in national]
    assert runs[0][0] == runs[1][0] == expected
    assert runs[0][1] > 200 and runs[1][1] == 0  # the first loaded the region files, the second none


def test_another_region_file_is_another_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UA_VALIDATE_CACHE", str(tmp_path))
    source = _phone._FileSource()
    romania = source.facts(40, "RO")
    assert len(list(tmp_path.glob("phone-facts-*.marshal"))) == 1
    region_file = Path(source.root) / "data" / "region_RO.py"
    real_open = open

    def edited_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(region_file):  # the same region's file, one byte more
            import io

            return io.BytesIO(region_file.read_bytes() + b"\n")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", edited_open)
    assert source.facts(40, "RO") == romania  # the module itself is unchanged: equal facts, built anew
    assert len(list(tmp_path.glob("phone-facts-*.marshal"))) == 2


def test_another_phonenumbers_version_is_another_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UA_VALIDATE_CACHE", str(tmp_path))
    key = _phone._FileSource().key
    init = Path(_phone._package_dir()) / "__init__.py"
    real_open = open

    def other_version(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(init):
            import io

            text = init.read_text(encoding="utf-8")
            assert f'__version__ = "{phonenumbers.__version__}"' in text
            return io.BytesIO(text.replace(phonenumbers.__version__, "0.0.1").encode())
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", other_version)
    assert key is not None and _phone._FileSource().key not in (key, None)


def test_first_plus_number_loads_one_region_not_phonenumbers(tmp_path: Path) -> None:
    code = (
        "import json, sys, ua_validate\n"
        "assert ua_validate.validate('cdr.list', {'userId': '@me', 'extension': '210', "
        "'filterBy': 'source', 'filterOp': 'equals', 'filterValue': '+40721234567'})\n"
        "assert 'phonenumbers' not in sys.modules, 'imported all of phonenumbers'\n"
        "print(json.dumps(sorted(m.rpartition('.')[2] for m in sys.modules"
        " if m.startswith('ua_validate._phonenumbers_files.'))))\n"
    )
    env = {**os.environ, "UA_VALIDATE_CACHE": str(tmp_path)}
    loaded = [json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                        env=env).stdout) for _ in range(2)]
    assert loaded[0] == ["data", "phonemetadata", "region_RO", "util"]  # a cold cache: one region file
    assert loaded[1] == ["data"]  # a warm one: its cache entry, no phonenumbers module at all


def test_code_map_reader_refuses_a_layout_it_does_not_know() -> None:
    good = '_COUNTRY_CODE_TO_REGION_CODE = {\n    1: ("US", "CA",),\n    800: ("001",),\n}\n'
    assert _phone._code_map(good) == {1: ("US", "CA"), 800: ("001",)}
    for bad in (good.replace('("001",)', "REGIONS_800"), good.replace("{\n", "dict(\n"),
                good.replace('    1: ("US", "CA",),\n', "    # generated\n"),
                '_COUNTRY_CODE_TO_REGION_CODE = {\n}\n'):
        with pytest.raises(ValueError):
            _phone._code_map(bad)


@pytest.mark.slow
def test_unreadable_files_fall_back_to_the_whole_package(tmp_path: Path) -> None:
    # A copy of the installed phonenumbers whose calling-code map is written another way: the
    # reader refuses it, and the verdicts still come from phonenumbers itself.
    installed = Path(phonenumbers.__file__).parent
    copy = tmp_path / "phonenumbers"
    shutil.copytree(installed, copy, ignore=shutil.ignore_patterns("geodata", "carrierdata", "tzdata", "__pycache__"))
    init = copy / "data" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace("_COUNTRY_CODE_TO_REGION_CODE = {\n",
                                                             "_COUNTRY_CODE_TO_REGION_CODE = {  # other\n"),
                    encoding="utf-8")
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        "from ua_validate import _phone\n"
        "cases = [('40721234567', True), ('4072123456', False), ('788123456789', True), ('97912345678', True)]\n"
        "assert [_phone.possible_international(d) for d, _ in cases] == [e for _, e in cases]\n"
        "assert _phone.possible_national('0721234567', 'RO')\n"
        "assert type(_phone._SOURCE).__name__ == '_PackageSource'\n"
        f"assert sys.modules['phonenumbers'].__file__.startswith({str(copy)!r})\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
