"""The wheel: it builds, ships the schema files, and validates requests once installed alone."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import ua_validate

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = sorted(p.name for p in (ROOT / "schemas").glob("*.toml"))  # the top-level folder


def _run(argv: list[str], cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)]
    done = _run(build, ROOT)
    if done.returncode != 0:  # no index reachable for an isolated build: use the venv's hatchling
        done = _run([*build, "--no-isolation"], ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    (found,) = out.glob("ua_validate-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with only the wheel and its dependencies: its bin folder."""
    venv = tmp_path_factory.mktemp("venv")
    # Without a pip of its own (bootstrapping one costs most of this test's time): this pip
    # installs into it with --python, reading the machine's own configuration, so the wheel's
    # dependencies come from the same index as every other install here.
    done = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], venv)
    assert done.returncode == 0, done.stderr
    python = venv / "bin" / "python"
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", str(wheel)]
    done = _run(install, venv, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return venv / "bin"


def test_wheel_ships_the_schema_files_and_the_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
        entry_points = archive.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
    assert len(SCHEMAS) == 7
    for schema in SCHEMAS:
        assert f"ua_validate/schemas/{schema}" in names
    for module in ("__init__.py", "catalog.py", "loader.py", "types.py", "validator.py", "cli.py", "py.typed"):
        assert f"ua_validate/{module}" in names
    assert not any(n.startswith(("tests/", "src/")) for n in names)
    assert "ua-validate = ua_validate.cli:main" in entry_points
    assert "Requires-Dist: marshmallow" in metadata and "Requires-Dist: phonenumbers" in metadata
    assert "Requires-Dist: tqdm" in metadata
    assert f"Version: {ua_validate.__version__}" in metadata


def test_installed_wheel_validates_requests(installed: Path, tmp_path: Path) -> None:
    code = (
        "import json, ua_validate\n"
        "from ua_validate import UAError, validate, validate_request\n"
        "out = {'file': ua_validate.__file__}\n"
        "out['valid'] = validate('cdr', {'count': '100', 'sortOrder': 'descending'})\n"
        "try:\n"
        "    validate_request('GET', '/uapi/cdr/@me?count=6000')\n"
        "except UAError as err:\n"
        "    out['error'] = [err.status, err.body]\n"
        "op, params = validate_request('POST', '/uapi/faxes/@me/210',\n"
        "    b'{\"recipients\": [\"+40721234567\"], \"files\": [{\"name\": \"a.pdf\", \"type\": \"pdf\", \"size\": 1}]}')\n"
        "out['fax'] = [op, sorted(params)]\n"
        "print(json.dumps(out))\n"
    )
    # -I and a neutral working folder: nothing but the installed wheel can be imported.
    done = _run([str(installed / "python"), "-I", "-c", code], tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert Path(result["file"]).is_relative_to(installed.parent)
    assert result["valid"] == {"count": 100, "sortOrder": "desc", "startIndex": 0}
    assert result["error"] == [400, {"error": {"code": "count_invalid", "message": "Parameter count is invalid."}}]
    assert result["fax"] == ["faxes.create", ["extension", "files", "recipients", "userId"]]


def test_installed_console_script(installed: Path, tmp_path: Path) -> None:
    done = _run([str(installed / "ua-validate"), "check", "GET", "/uapi/cdr/@me?count=0"], tmp_path)
    assert done.returncode == 1
    assert done.stdout == (
        'HTTP 400 Bad Request\n{"error": {"code": "count_invalid", "message": "Parameter count is invalid."}}\n')
    done = _run([str(installed / "ua-validate"), "codes", "--json"], tmp_path)
    assert done.returncode == 0 and len(json.loads(done.stdout)) == 73


def test_installed_console_script_audits_standard_input(installed: Path, tmp_path: Path) -> None:
    recording = b'{"method": "GET", "url": "/uapi/cdr/@me?count=5"}\n{"method": "GET", "url": "/uapi/cdr?count=0"}\n'
    done = subprocess.run([str(installed / "ua-validate"), "audit", "--json", "-"], input=recording, cwd=tmp_path,
                          capture_output=True, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (1, b"")
    assert [json.loads(line)["code"] for line in done.stdout.splitlines()] == [None, "count_invalid"]


def test_installed_wheel_loads_its_schemas_from_the_package(installed: Path, tmp_path: Path) -> None:
    code = (
        "import json, os, ua_validate\nfrom ua_validate.loader import _packaged_files, _schema_folder, default_spec\n"
        "here = os.path.join(os.path.dirname(ua_validate.__file__), 'schemas')\n"
        "print(json.dumps([sorted(n for n, _ in _packaged_files()), len(default_spec().operations),"
        " _schema_folder() == here]))"
    )
    done = _run([str(installed / "python"), "-I", "-c", code], tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [SCHEMAS, 15, True]


def test_the_wheel_imported_as_a_zip_loads_its_schemas_through_importlib_resources(
        wheel: Path, installed: Path, tmp_path: Path) -> None:
    # The wheel itself on sys.path (zipimport): no folder on disk, importlib.resources reads them.
    code = (
        f"import json, sys\nsys.path.insert(0, {str(wheel)!r})\n"
        "import ua_validate\nfrom ua_validate.loader import _packaged_files, _schema_folder, default_spec\n"
        "print(json.dumps([ua_validate.__file__, _schema_folder(), sorted(n for n, _ in _packaged_files()),"
        " len(default_spec().operations)]))"
    )
    done = _run([str(installed / "python"), "-I", "-c", code], tmp_path)
    assert done.returncode == 0, done.stderr
    module, folder, names, count = json.loads(done.stdout)
    assert module.startswith(str(wheel)) and folder is None
    assert names == SCHEMAS and count == 15
