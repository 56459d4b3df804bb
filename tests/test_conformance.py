"""ua-validate conformance: every validation entry is reachable, proven, and documented."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ua_validate import UAError, Validator, catalog, cli, conformance, loader
from ua_validate.conformance import HANDLER_CODES, Row

DOC = Path(__file__).resolve().parent.parent / "docs" / "conformance.md"


@pytest.fixture(scope="module")
def rows() -> tuple[Row, ...]:
    return conformance.report()


def test_every_catalog_entry_has_a_row(rows: tuple[Row, ...]) -> None:
    assert [row.entry for row in rows] == list(catalog.ENTRIES)


def test_every_entry_meant_for_validation_is_reachable_and_proven(rows: tuple[Row, ...]) -> None:
    validation = [row for row in rows if row.meant_for == "validation"]
    assert {row.entry.status for row in validation} == {400}
    assert len(validation) == len([e for e in catalog.ENTRIES if e.status == 400]) - len(HANDLER_CODES)
    for row in validation:
        assert row.reachable and row.verified and row.ok, row
        assert row.example is not None
        assert row.example.answered == row.example.answered_raw == (row.entry.code, row.entry.variant)


def test_entries_only_handlers_raise_are_listed_as_such(rows: tuple[Row, ...]) -> None:
    handlers = {row.entry.code for row in rows if row.meant_for == "handlers" and not row.reachable}
    assert handlers == {e.code for e in catalog.ENTRIES if e.status in (401, 403, 500)} | HANDLER_CODES


def test_not_implemented_comes_from_validation_and_routing(rows: tuple[Row, ...]) -> None:
    (row,) = [r for r in rows if r.entry.code == "not_implemented"]
    assert row.meant_for == "handlers" and row.reachable and row.verified
    assert row.sources == (("phone_calls.update", ("action",)),)
    assert "routing" in row.also and "verified" in row.also


def test_sources_name_operations_and_parameters(rows: tuple[Row, ...]) -> None:
    by_code = {(r.entry.code, r.entry.variant): r for r in rows}
    assert by_code["cdr_invalid_date_parameters", None].sources == (
        ("cdr.list", ("startDate", "endDate", "saveStartDate", "saveEndDate")),)
    assert by_code["fx_max_files_reached", None].sources == (("faxes.create", ("files",)),)
    on_array = by_code["filtervalue_invalid", "on_array"]
    assert on_array.sources == (("phone_call_events.list", ("filterValue",)), ("presence.list", ("filterValue",)))
    # the rule across extension and userId (@self of @owner) is one more source of extension_invalid
    assert ("presence.list", ("extension", "userId")) in by_code["extension_invalid", None].sources


def _table(markdown: str) -> list[list[str]]:
    """The cells of each row of the report's table, unescaped."""
    rows = []
    for line in markdown.splitlines():
        if re.match(r"\| [45]\d\d \|", line):
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            rows.append(cells)
    return rows


def test_the_docs_hold_the_current_report(rows: tuple[Row, ...]) -> None:
    # The examples are generated, and hypothesis mixes in constants of the modules a process has
    # loaded: the example column may differ from one environment to another. Everything else
    # must be identical, and every documented example must still produce its entry.
    hint = "docs/conformance.md is out of date: run `ua-validate conformance > docs/conformance.md`"
    documented = DOC.read_text(encoding="utf-8")
    current = conformance.render_markdown(rows)
    assert documented.split("| status |")[0] == current.split("| status |")[0], hint
    table, fresh = _table(documented), _table(current)
    assert [cells[:5] + cells[6:] for cells in table] == [cells[:5] + cells[6:] for cells in fresh], hint
    proven = 0
    for row, cells in zip(rows, table, strict=True):
        example = cells[5].strip("`").strip()
        if example == "—" or "characters)" in example:
            continue  # none, or shortened for the table
        method, url, *body = example.split(" ", 2)
        with pytest.raises(UAError) as info:
            Validator().validate_request(method, url, body[0] if body else None)
        assert (info.value.code, info.value.variant) == (row.entry.code, row.entry.variant), (example, hint)
        proven += 1
    assert proven >= sum(row.example is not None for row in rows) - 2


def test_json_output_and_exit_status(rows: tuple[Row, ...]) -> None:
    data = json.loads(conformance.render_json(rows))
    assert data["summary"]["ok"] is True
    assert data["summary"]["meant_for_validation"] == data["summary"]["meant_for_validation_reachable"]
    assert len(data["entries"]) == len(catalog.ENTRIES)
    first = data["entries"][0]
    assert first["code"] == "cdr_start_date_invalid" and first["example"]["verified"] is True
    assert first["example"]["method"] == "GET" and first["example"]["url"].startswith("/uapi/cdr")


def test_the_command_line() -> None:
    out = io.StringIO()
    assert cli.main(["conformance", "--json"], out=out) == 0
    assert json.loads(out.getvalue())["summary"]["ok"] is True


def test_an_unreachable_entry_fails_the_report() -> None:
    # The packaged schemas without cdr.list's `flow` parameter: cdr_flow_invalid is then unreachable.
    files = []
    for name, data in loader._packaged_files():
        text = data.decode("utf-8")
        if name == "cdr.toml":
            start = text.index('[[operation.check]]\nparam = "flow"')
            end = text.index("[[operation.check]]", start + 1)
            text = text[:start] + text[end:]
        files.append((name, text.encode("utf-8")))
    validator = Validator(spec=loader.load(files))
    out = io.StringIO()
    assert conformance.main(json_output=False, out=out, validator=validator) == 1
    assert "| `cdr_flow_invalid` |  | — | — | — | **unreachable** |" in out.getvalue()
    assert "overall: FAILED" in out.getvalue()


def test_without_hypothesis_the_command_says_what_is_missing(tmp_path: Path) -> None:
    blocked = tmp_path / "hypothesis"
    blocked.mkdir()  # a hypothesis that is not there: importing it fails
    (blocked / "__init__.py").write_text("raise ImportError('No module named hypothesis')\n")
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from ua_validate.cli import main; sys.exit(main(['conformance']))"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "ua-validate[testing]" in done.stderr
