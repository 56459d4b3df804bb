"""The loader's strictness: every kind of mistake in a schema file is a SchemaError naming the
file and the key at fault, when the files are loaded (never at request time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import ua_validate
from ua_validate import loader
from ua_validate.errors import SchemaError
from ua_validate.spec import Operation, Param, Rule, Spec

SHARED = dict(loader._packaged_files())["_shared.toml"]
FILE = "things.toml"

# A small valid resource: one plain operation, one collection operation.
HEAD = """
[[operation]]
id = "things.get"
aliases = ["thing"]
method = "GET"
path = "/uapi/things/{userId}"
summary = "Get things."

[[operation.check]]
use = "userId"
"""
COUNT = """
[[operation.check]]
param = "limit"
in = "query"
type = "int"
min = 1
max = 10
code = "count_invalid"
"""
VALID = HEAD + COUNT


def load(*files: tuple[str, str | bytes], shared: bool = True) -> Spec:
    pairs = [(name, text.encode() if isinstance(text, str) else text) for name, text in files]
    if shared:
        pairs.insert(0, ("_shared.toml", SHARED))
    return loader.load(pairs)


def schema_error(*files: tuple[str, str | bytes], shared: bool = True) -> SchemaError:
    with pytest.raises(SchemaError) as info:
        load(*files, shared=shared)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.file in str(err) and err.key in str(err)
    return err


def check_fails(extra: str, key: str, *, head: str = HEAD, file: str = FILE) -> SchemaError:
    """Loading HEAD plus ``extra`` fails at ``key`` of ``file``."""
    err = schema_error((FILE, head + extra))
    assert (err.file, err.key) == (file, key), err
    return err


# --- the valid baseline and the packaged files ----------------------------------------------

def test_the_small_valid_set_loads() -> None:
    spec = load((FILE, VALID))
    op = spec.operation("thing")
    assert op.id == "things.get" and op.resource == "things"
    assert [p.name for p in op.params] == ["userId", "limit"]
    assert op.param("limit").type.get("max") == 10
    assert op.segments == (("uapi", False, False), ("things", False, False), ("userId", True, False))


def test_the_packaged_files_load() -> None:
    spec = loader.load()
    assert len(spec.operations) == 15
    assert sorted(spec.operations) == sorted([
        "cdr.list", "phone_calls.simple", "phone_calls.callback", "phone_calls.conference_invite",
        "phone_calls.list", "phone_calls.update", "phone_calls.delete", "faxes.create",
        "queue_agents.list", "queue_agents.update", "phone_call_events.create", "phone_call_events.list",
        "phone_call_events.update", "phone_call_events.delete", "presence.list",
    ])
    assert dict(spec.aliases) == {"cdr": "cdr.list"}
    assert spec.operation("cdr") is spec.operation("cdr.list")
    assert all(isinstance(op, Operation) for op in spec)
    assert loader.default_spec() is loader.default_spec()
    assert sorted(loader.default_spec().operations) == sorted(spec.operations)


def test_the_packaged_files_are_the_files_in_the_source_tree() -> None:
    folder = Path(__file__).resolve().parents[1] / "schemas"  # the checkout's top-level folder
    on_disk = sorted((p.name, p.read_bytes()) for p in folder.glob("*.toml"))
    assert sorted(loader._packaged_files()) == on_disk
    assert {name for name, _ in on_disk} == {"_shared.toml", "cdr.toml", "faxes.toml", "phone_calls.toml",
                                             "queue_agents.toml", "phone_call_events.toml", "presence.toml"}
    assert sorted(loader.load(on_disk).operations) == sorted(loader.default_spec().operations)


def test_a_source_checkout_loads_the_top_level_schema_folder() -> None:
    # src/ on the path, as a checkout without any install (and an editable install) has it.
    root = Path(__file__).resolve().parents[1]
    code = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(root / 'src')!r})\n"
        "import ua_validate\nfrom ua_validate import loader\n"
        "print(json.dumps([ua_validate.__file__, loader._schema_folder(), len(loader.default_spec().operations)]))"
    )
    done = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=60,
                          check=False, cwd=root.parent)
    assert done.returncode == 0, done.stderr
    module, folder, count = json.loads(done.stdout)
    assert Path(module).is_relative_to(root / "src")
    assert Path(folder) == root / "schemas" and count == 15


def test_this_install_reads_the_checkouts_schema_folder() -> None:
    # The test suite runs on an editable install (make) or a checkout: both read schemas/.
    if not Path(ua_validate.__file__).resolve().is_relative_to(Path(__file__).resolve().parents[1] / "src"):
        pytest.skip("ua_validate is imported from an installed wheel here (tests/test_wheel.py covers it)")
    assert Path(loader._schema_folder() or "") == Path(__file__).resolve().parents[1] / "schemas"


def test_the_spec_is_immutable() -> None:
    spec = loader.default_spec()
    with pytest.raises(TypeError):
        spec.operations["x"] = None  # type: ignore[index]
    op = spec.operation("cdr")
    with pytest.raises(AttributeError):
        op.id = "x"  # type: ignore[misc]
    assert isinstance(op.checks, tuple)
    for _, check in op.walk():
        assert isinstance(check, (Param, Rule))


# --- files ---------------------------------------------------------------------------------------

def test_invalid_toml() -> None:
    err = schema_error((FILE, VALID + "\n[[operation]\n"))
    assert (err.file, err.key) == (FILE, "(file)")


def test_invalid_utf8() -> None:
    err = schema_error((FILE, VALID.encode() + b"\n# \xff\xfe\n"))
    assert (err.file, err.key) == (FILE, "(file)")


def test_invalid_toml_in_the_shared_file() -> None:
    err = schema_error(("_shared.toml", SHARED + b"\n= broken\n"), (FILE, VALID), shared=False)
    assert (err.file, err.key) == ("_shared.toml", "(file)")


def test_unknown_top_level_key() -> None:
    err = schema_error((FILE, 'colour = "red"\n' + VALID))
    assert (err.file, err.key) == (FILE, "colour")


def test_unknown_top_level_key_in_the_shared_file() -> None:
    err = schema_error(("_shared.toml", b'colour = "red"\n' + SHARED), (FILE, VALID), shared=False)
    assert (err.file, err.key) == ("_shared.toml", "colour")


def test_the_shared_file_defines_no_operation() -> None:
    err = schema_error(("_shared.toml", SHARED + HEAD.encode()), (FILE, VALID), shared=False)
    assert (err.file, err.key) == ("_shared.toml", "operation")


def test_a_resource_file_without_operations() -> None:
    err = schema_error((FILE, '[params.x]\nin = "path"\n'))
    assert (err.file, err.key) == (FILE, "operation")


def test_params_must_be_a_table() -> None:
    err = schema_error((FILE, 'params = 5\n' + VALID))
    assert (err.file, err.key) == (FILE, "params")


def test_no_files_no_operations() -> None:
    with pytest.raises(SchemaError):
        loader.load([("_shared.toml", SHARED)])


# --- operations --------------------------------------------------------------------------------

def test_unknown_operation_key() -> None:
    err = schema_error((FILE, HEAD.replace('method = "GET"', 'method = "GET"\nverb = "GET"') + COUNT))
    assert (err.file, err.key) == (FILE, "operation[0].verb")


@pytest.mark.parametrize("missing", ["id", "method", "path"])
def test_missing_operation_key(missing: str) -> None:
    lines = [line for line in HEAD.splitlines() if not line.startswith(f"{missing} =")]
    err = schema_error((FILE, "\n".join(lines) + COUNT))
    assert (err.file, err.key) == (FILE, f"operation[0].{missing}")


def test_unknown_method() -> None:
    err = schema_error((FILE, HEAD.replace('method = "GET"', 'method = "PATCH"') + COUNT))
    assert (err.file, err.key) == (FILE, "operation things.get.method")


def test_bad_uri_template() -> None:
    err = schema_error((FILE, HEAD.replace("/uapi/things/{userId}", "/uapi/things/{user-id}") + COUNT))
    assert (err.file, err.key) == (FILE, "operation things.get.path")


@pytest.mark.parametrize("path", ["/uapi/things/{userId}/{extra}", "/uapi/things", "/uapi/things/{user}"])
def test_path_variables_must_match_path_params(path: str) -> None:
    err = schema_error((FILE, HEAD.replace("/uapi/things/{userId}", path) + COUNT))
    assert (err.file, err.key) == (FILE, "operation things.get.path")


def test_optional_path_variable_must_be_an_optional_param() -> None:
    err = schema_error((FILE, HEAD.replace("/uapi/things/{userId}", "/uapi/things[/{userId}]") + COUNT))
    assert (err.file, err.key) == (FILE, "operation things.get.path")
    spec = load((FILE, HEAD.replace("/uapi/things/{userId}", "/uapi/things[/{userId}]")
                 .replace('use = "userId"', 'use = "userId"\nrequired = false') + COUNT))
    assert spec.operation("things.get").param("userId").required is False


def test_duplicate_operation_id_in_one_file() -> None:
    err = schema_error((FILE, VALID + HEAD.replace('aliases = ["thing"]', "")))
    assert (err.file, err.key) == (FILE, "operation things.get")


def test_duplicate_operation_id_across_files() -> None:
    err = schema_error((FILE, VALID), ("zzz.toml", HEAD.replace('aliases = ["thing"]', "")))
    assert (err.file, err.key) == ("zzz.toml", "operation things.get")


def test_duplicate_alias() -> None:
    other = HEAD.replace('id = "things.get"', 'id = "things.other"')
    err = schema_error((FILE, VALID + other))
    assert (err.file, err.key) == (FILE, "operation things.other.aliases")


def test_alias_that_names_an_operation() -> None:
    other = HEAD.replace('id = "things.get"', 'id = "things.other"').replace('"thing"', '"things.get"')
    err = schema_error((FILE, VALID + other))
    assert (err.file, err.key) == (FILE, "operation things.other.aliases")


def test_operation_id_that_is_an_alias() -> None:
    other = HEAD.replace('id = "things.get"', 'id = "thing"').replace('aliases = ["thing"]', "")
    err = schema_error((FILE, VALID + other))
    assert (err.file, err.key) == (FILE, "operation thing")


def test_a_parameter_defined_twice() -> None:
    check_fails(COUNT + COUNT, "operation things.get.check")


# --- parameters --------------------------------------------------------------------------------

def test_unknown_param_key() -> None:
    check_fails(COUNT.replace('code = "count_invalid"', 'code = "count_invalid"\ncolour = 1'),
                "operation things.get.check[1].colour")


def test_unknown_type() -> None:
    check_fails(COUNT.replace('type = "int"', 'type = "integer"'), "operation things.get.check[1] (limit).type")


def test_missing_type() -> None:
    check_fails('\n[[operation.check]]\nparam = "x"\nin = "query"\ncode = "count_invalid"\n',
                "operation things.get.check[1] (x).type")


def test_option_not_belonging_to_the_type() -> None:
    extra = '\n[[operation.check]]\nparam = "when"\nin = "query"\ntype = "date"\nmin = 1\ncode = "count_invalid"\n'
    check_fails(extra, "operation things.get.check[1] (when).min")


@pytest.mark.parametrize(("drop", "key"), [("min = 1\n", "min"), ("max = 10\n", "max")])
def test_missing_required_option(drop: str, key: str) -> None:
    check_fails(COUNT.replace(drop, ""), f"operation things.get.check[1] (limit).{key}")


def test_enum_needs_values() -> None:
    extra = '\n[[operation.check]]\nparam = "fmt"\nin = "query"\ntype = "enum"\ncode = "count_invalid"\n'
    check_fails(extra, "operation things.get.check[1] (fmt).values")


def test_bad_option_value() -> None:
    check_fails(COUNT.replace("max = 10", "max = -1"), "operation things.get.check[1] (limit).max")
    check_fails(COUNT.replace("max = 10", 'max = "10"'), "operation things.get.check[1] (limit).max")


def test_unknown_setting() -> None:
    check_fails(COUNT.replace("max = 10", 'max_setting = "max_fax_pages"'),
                "operation things.get.check[1] (limit).max_setting")


def test_known_setting_loads() -> None:
    spec = load((FILE, HEAD + COUNT.replace("max = 10", 'max_setting = "max_fax_files"')))
    assert spec.operation("thing").param("limit").type.get("max_setting") == "max_fax_files"


def test_unknown_location() -> None:
    check_fails(COUNT.replace('in = "query"', 'in = "header"'), "operation things.get.check[1] (limit).in")


def test_required_must_be_a_bool() -> None:
    check_fails(COUNT + 'required = "yes"\n', "operation things.get.check[1] (limit).required")


def test_unknown_shared_definition() -> None:
    check_fails('\n[[operation.check]]\nuse = "nothing"\n', "operation things.get.check[1].use")


def test_nested_checks_only_for_objects() -> None:
    check_fails(COUNT + '\n[[operation.check.check]]\nparam = "x"\nin = "body"\ntype = "note"\n'
                        'code = "pce_note_invalid"\n',
                "operation things.get.check[1] (limit).check")


# --- codes and variants ------------------------------------------------------------------------

def test_unknown_catalog_code() -> None:
    check_fails(COUNT.replace('"count_invalid"', '"limit_invalid"'), "operation things.get.check[1] (limit).code")


def test_missing_code() -> None:
    check_fails(COUNT.replace('code = "count_invalid"\n', ""), "operation things.get.check[1] (limit).code")


@pytest.mark.parametrize(("code", "variant"), [("filtervalue_invalid", "bogus"), ("count_invalid", "generic"),
                                               ("pc_private_invalid", "numbers")])
def test_unknown_variant(code: str, variant: str) -> None:
    check_fails(COUNT.replace('code = "count_invalid"', f'code = "{code}"\nvariant = "{variant}"'),
                "operation things.get.check[1] (limit).variant")


@pytest.mark.parametrize("code", ["filtervalue_invalid", "pc_private_invalid"])
def test_missing_variant_for_a_code_with_several_messages(code: str) -> None:
    check_fails(COUNT.replace('"count_invalid"', f'"{code}"'), "operation things.get.check[1] (limit).variant")


def test_a_variant_names_the_message() -> None:
    spec = load((FILE, HEAD + COUNT.replace('code = "count_invalid"',
                                            'code = "pc_private_invalid"\nvariant = "phone_number"')))
    limit = spec.operation("thing").param("limit")
    assert (limit.code, limit.variant) == ("pc_private_invalid", "phone_number")


def test_unknown_filter_code() -> None:
    collection = LIST_HEAD.replace('code = "cdr_invalid_filter_by_source"', 'code = "source_invalid"')
    err = schema_error((FILE, collection + LIST_CHECKS))
    assert (err.file, err.key) == (FILE, "operation things.list.collection.filters.source.code")


# --- rules -----------------------------------------------------------------------------------------

DATES = """
[[operation.check]]
param = "from"
in = "query"
type = "date"
code = "cdr_start_date_invalid"

[[operation.check]]
param = "to"
in = "query"
type = "date"
code = "cdr_end_date_invalid"
"""
RULE = """
[[operation.check]]
rule = "date_order"
params = ["from", "to"]
code = "cdr_invalid_date_parameters"
"""


def test_a_rule_loads() -> None:
    op = load((FILE, HEAD + DATES + RULE)).operation("thing")
    rule = op.checks[-1]
    assert isinstance(rule, Rule) and rule.params == ("from", "to") and rule.kind == "date_order"


def test_unknown_rule() -> None:
    check_fails(DATES + RULE.replace('"date_order"', '"before"'), "operation things.get.check[3].rule")


@pytest.mark.parametrize("params", ['["from", "until"]', '["from"]', '["from", "to", "userId"]', "[]"])
def test_rule_naming_unknown_params(params: str) -> None:
    check_fails(DATES + RULE.replace('["from", "to"]', params), "operation things.get.check[3].params")


def test_rule_naming_params_checked_after_it() -> None:
    dates = DATES.split("\n[[operation.check]]")
    check_fails("\n[[operation.check]]" + dates[1] + RULE + "\n[[operation.check]]" + dates[2],
                "operation things.get.check[2].params")


def test_rule_with_unknown_code() -> None:
    check_fails(DATES + RULE.replace("cdr_invalid_date_parameters", "dates_invalid"),
                "operation things.get.check[3].code")


def test_rule_with_unknown_key() -> None:
    check_fails(DATES + RULE + 'type = "date"\n', "operation things.get.check[3].type")


# --- defaults ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("extra", "default"), [
    (COUNT, "0"), (COUNT, "11"), (COUNT, '"5"'), (COUNT, "true"), (COUNT, "5.0"),
    ('\n[[operation.check]]\nparam = "flag"\nin = "query"\ntype = "bool"\ncode = "pc_video_invalid"\n', '"false"'),
    ('\n[[operation.check]]\nparam = "flag"\nin = "query"\ntype = "bool"\ncode = "pc_video_invalid"\n', "0"),
    ('\n[[operation.check]]\nparam = "fmt"\nin = "query"\ntype = "enum"\nvalues = ["wav", "wav49"]\n'
     'code = "pc_recformat_invalid"\n', '"mp3"'),
    ('\n[[operation.check]]\nparam = "fmt"\nin = "query"\ntype = "enum"\nvalues = ["0", "1"]\n'
     'code = "pc_recformat_invalid"\n', "1"),
    ('\n[[operation.check]]\nparam = "when"\nin = "query"\ntype = "date"\ncode = "cdr_start_date_invalid"\n',
     '"2024-01-01T00:00:00"'),
])
def test_bad_default(extra: str, default: str) -> None:
    name = extra.split('param = "')[1].split('"')[0]
    check_fails(extra + f"default = {default}\n", f"operation things.get.check[1] ({name}).default")


@pytest.mark.parametrize(("extra", "default", "expected"), [
    (COUNT, "10", 10),
    ('\n[[operation.check]]\nparam = "flag"\nin = "query"\ntype = "bool"\ncode = "pc_video_invalid"\n',
     "false", False),
    ('\n[[operation.check]]\nparam = "fmt"\nin = "query"\ntype = "enum"\nvalues = ["wav", "wav49"]\n'
     'code = "pc_recformat_invalid"\n', '"wav"', "wav"),
    ('\n[[operation.check]]\nparam = "fmt"\nin = "query"\ntype = "enum"\nvalues = ["0", "1"]\nnumeric = true\n'
     'code = "pc_recformat_invalid"\n', "0", 0),
    (COUNT.replace("max = 10", 'max_setting = "max_fax_files"'), "5", 5),
])
def test_good_default(extra: str, default: str, expected: object) -> None:
    name = extra.split('param = "')[1].split('"')[0]
    spec = load((FILE, HEAD + extra + f"default = {default}\n"))
    assert spec.operation("thing").param(name).default == expected


def test_default_under_a_settable_maximum_is_checked_against_its_minimum() -> None:
    check_fails(COUNT.replace("max = 10", 'max_setting = "max_fax_files"') + "default = 0\n",
                "operation things.get.check[1] (limit).default")


# --- collections (standard parameters) ----------------------------------------------------------

LIST_HEAD = """
[[operation]]
id = "things.list"
method = "GET"
path = "/uapi/things/{userId}"

[operation.collection]
fields = ["id", "source"]
ops = ["equals", "inArray"]

[operation.collection.filters]
source = { type = "ext_or_phone", code = "cdr_invalid_filter_by_source" }
id = { type = "object_id" }
"""
LIST_CHECKS = """
[[operation.check]]
use = "userId"

[[operation.check]]
standard = "rest"
"""


def test_a_collection_operation_loads() -> None:
    op = load((FILE, LIST_HEAD + LIST_CHECKS)).operation("things.list")
    assert [p.name for p in op.params] == ["userId", "fields", "count", "filterBy", "filterOp", "filterValue",
                                          "sortOrder", "startIndex"]
    assert op.collection is not None and set(op.collection.filters) == {"source", "id"}
    assert op.param("filterBy").type.get("values") == ("source", "id")


def test_collection_must_place_its_standard_parameters() -> None:
    err = schema_error((FILE, LIST_HEAD + LIST_CHECKS.replace('standard = "rest"', 'standard = ["count"]')))
    assert (err.file, err.key) == (FILE, "operation things.list.check")


def test_unknown_standard_parameter() -> None:
    err = schema_error((FILE, LIST_HEAD + LIST_CHECKS.replace('standard = "rest"', 'standard = ["limit"]')))
    assert (err.file, err.key) == (FILE, "operation things.list.check[1].standard")


def test_standard_parameters_only_in_a_collection_operation() -> None:
    check_fails('\n[[operation.check]]\nstandard = "rest"\n', "operation things.get.check[1].standard")


def test_unknown_collection_key() -> None:
    err = schema_error((FILE, LIST_HEAD.replace('ops = ["equals", "inArray"]',
                                                'ops = ["equals", "inArray"]\nsort = true') + LIST_CHECKS))
    assert (err.file, err.key) == (FILE, "operation things.list.collection.sort")


def test_unknown_filter_type() -> None:
    err = schema_error((FILE, LIST_HEAD.replace('id = { type = "object_id" }', 'id = { type = "uuid" }')
                        + LIST_CHECKS))
    assert (err.file, err.key) == (FILE, "operation things.list.collection.filters.id.type")


def test_op_default_must_be_an_op() -> None:
    err = schema_error((FILE, LIST_HEAD.replace('ops = ["equals", "inArray"]',
                                                'ops = ["equals", "inArray"]\nop_default = "contains"')
                        + LIST_CHECKS))
    assert (err.file, err.key) == (FILE, "operation things.list.collection.op_default")


# --- actions (a dispatch on a body field) ---------------------------------------------------------

ACTIONS = """
[operation.dispatch]
param = "action"
in = "body"
code = "not_implemented"
actions = ["Park", "UnPark"]

[[operation.action_check]]
param = "maxInParking"
in = "body"
type = "int"
min = 10
max = 3600
code = "pc_parktimeout_invalid"
optional_for = ["Park"]
"""


def test_actions_load() -> None:
    op = load((FILE, VALID + ACTIONS)).operation("thing")
    assert op.dispatch is not None and op.dispatch.name == "action"
    assert [p.name for p in op.actions["Park"]] == ["maxInParking"] and op.actions["UnPark"] == ()


def test_action_check_for_an_unknown_action() -> None:
    err = schema_error((FILE, VALID + ACTIONS.replace('optional_for = ["Park"]', 'optional_for = ["Fly"]')))
    assert (err.file, err.key) == (FILE, "operation things.get.action_check[0]")


def test_action_check_with_an_unknown_key() -> None:
    err = schema_error((FILE, VALID + ACTIONS + 'colour = "red"\n'))
    assert (err.file, err.key) == (FILE, "operation things.get.action_check[0].colour")


def test_action_checks_need_a_dispatch() -> None:
    err = schema_error((FILE, VALID + ACTIONS.split("\n[[operation.action_check]]")[1].join(
        ["\n[[operation.action_check]]", ""])))
    assert (err.file, err.key) == (FILE, "operation things.get.action_check")


def test_dispatch_with_an_unknown_code() -> None:
    err = schema_error((FILE, VALID + ACTIONS.replace('"not_implemented"', '"unknown_action"')))
    assert (err.file, err.key) == (FILE, "operation things.get.dispatch (action).code")


PARK_TIMEOUT = """
[params.parkTimeout]
param = "maxInParking"
in = "query"
type = "int"
min = 10
max = 3600
code = "pc_parktimeout_invalid"
description = "Seconds the call may stay parked."
"""


def test_an_action_check_uses_a_definition_and_its_own_keys_win() -> None:
    uses = ACTIONS.replace('param = "maxInParking"\nin = "body"\ntype = "int"\nmin = 10\nmax = 3600\n'
                           'code = "pc_parktimeout_invalid"\n', 'use = "parkTimeout"\nin = "body"\nmax = 60\n')
    assert 'use = "parkTimeout"' in uses
    op = load((FILE, PARK_TIMEOUT + VALID + uses)).operation("thing")
    (park,) = op.actions["Park"]
    assert (park.name, park.location, park.code) == ("maxInParking", "body", "pc_parktimeout_invalid")
    assert (park.type.get("min"), park.type.get("max")) == (10, 60)
    assert park.description == "Seconds the call may stay parked." and not park.required


def test_an_action_check_with_an_unknown_use() -> None:
    err = schema_error((FILE, VALID + ACTIONS + 'use = "nowhere"\n'))
    assert (err.file, err.key) == (FILE, "operation things.get.action_check[0].use")


def test_phone_call_actions_use_the_shared_caller_id_and_wait_for_pickup() -> None:
    op = loader.default_spec().operation("phone_calls.update")
    simple = loader.default_spec().operation("phone_calls.simple")
    for name in ("callerId", "waitForPickup"):
        (shared, *_) = [c for _, c in simple.walk() if isinstance(c, Param) and c.name == name]
        for action in ("UnPark", "PickUp", "BargeIn", "Whisper", "Monitor"):
            (param,) = [p for p in op.actions[action] if p.name == name]
            assert param.location == "body"
            assert (param.type, param.code, param.default, param.description) == (
                shared.type, shared.code, shared.default, shared.description)


# --- every packaged file, broken one key at a time ---------------------------------------------

@pytest.mark.parametrize("name", ["cdr.toml", "faxes.toml", "phone_calls.toml", "queue_agents.toml",
                                  "phone_call_events.toml"])
def test_each_packaged_file_refuses_an_unknown_key(name: str) -> None:
    files = dict(loader._packaged_files())
    files[name] = files[name].replace(b"\n[[operation.check]]\n", b"\n[[operation.check]]\nbogus = 1\n", 1)
    with pytest.raises(SchemaError) as info:
        loader.load(files.items())
    assert info.value.file == name and info.value.key.endswith(".bogus")


@pytest.mark.parametrize("use", ['"x"', "5", '["userId"]'])
def test_use_names_a_table_in_params(use: str) -> None:
    err = schema_error((FILE, "[params]\nx = 5\n" + HEAD.replace('use = "userId"', f"use = {use}") + COUNT))
    assert (err.file, err.key) == (FILE, "operation things.get.check[0].use")


def test_a_standard_entry_without_its_param_names_the_file_and_key():
    from ua_validate.errors import SchemaError
    from ua_validate.loader import load

    with pytest.raises(SchemaError) as info:
        load([("_shared.toml", b'[[standard]]\nin = "query"\n'),
              ("x.toml", b'[[operation]]\nid = "x.y"\n')])
    assert (info.value.file, info.value.key) == ("_shared.toml", "standard")
