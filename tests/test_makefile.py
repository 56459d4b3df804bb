"""The Makefile's set-up: the Python version first, and a venv made with another Python made again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="GNU make is not installed")


def make(*argv: str, timeout: float = 120, env_extra: dict[str, str] | None = None
         ) -> subprocess.CompletedProcess[str]:
    assert MAKE is not None
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAKE")}
    env.update(env_extra or {})
    return subprocess.run([MAKE, "--no-print-directory", "-C", str(ROOT), *argv], capture_output=True, text=True,
                          timeout=timeout, env=env, check=False)


def fake_python(folder: Path, version: str) -> Path:
    """An interpreter that says it is ``version`` and fails every program it is given."""
    path = folder / f"python{version}"
    path.write_text(f'#!/bin/sh\nif [ "$1" = "-V" ]; then echo "Python {version}"; exit 0; fi\nexit 1\n')
    path.chmod(0o755)
    return path


@pytest.mark.parametrize("target", ["test", "run", "lint"])
def test_an_old_python_is_refused_first_with_a_clear_message(tmp_path: Path, target: str) -> None:
    venv = tmp_path / "venv"
    done = make(f"PYTHON={fake_python(tmp_path, '3.10.14')}", f"VENV={venv}", target)
    assert done.returncode != 0
    assert done.stderr.splitlines()[:2] == [
        f"ua_validate needs Python 3.11 or newer, and PYTHON={tmp_path}/python3.10.14 is Python 3.10.14.",
        f"Run it with a newer one, e.g.: make PYTHON=python3.12 {target}",
    ]
    assert not venv.exists()


def test_a_missing_python_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    done = make(f"PYTHON={tmp_path}/no-such-python", f"VENV={tmp_path}/venv", "test")
    assert done.returncode != 0
    assert done.stderr.startswith(f"ua_validate needs Python 3.11 or newer, and PYTHON={tmp_path}/no-such-python is ")


@pytest.mark.slow
def test_a_venv_made_with_another_python_is_made_again(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    stamp = f"{venv}/.venv-stamp"
    python = f"PYTHON={sys.executable}"
    first = make(python, f"VENV={venv}", stamp)
    assert first.returncode == 0, first.stderr
    assert (venv / "bin" / "python").exists()
    again = make(python, f"VENV={venv}", stamp)
    assert again.returncode == 0, again.stderr
    assert "-m venv" not in again.stdout and "making it again" not in again.stdout  # up to date
    # The venv's interpreter is replaced by another one (as an upgrade of the system's leaves it).
    (venv / "bin" / "python").unlink()
    (venv / "bin" / "python").symlink_to(fake_python(tmp_path, "3.9.2"))
    marker = venv / "left-by-the-old-venv"
    marker.write_text("")
    remade = make(python, f"VENV={venv}", stamp)
    assert remade.returncode == 0, remade.stderr
    assert f"{venv} was made with another Python; making it again with {sys.executable}." in remade.stdout
    assert not marker.exists()
    check = subprocess.run([str(venv / "bin" / "python"), "-c", "import sys; print(sys.prefix)"],
                           capture_output=True, text=True, timeout=60, check=False)
    assert check.stdout.strip() == str(venv)


def test_make_run_installs_the_server_extra_only_and_make_test_uses_every_core(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run = make("-n", f"VENV={venv}", "run")
    assert run.returncode == 0, run.stderr
    installs = [line for line in run.stdout.splitlines() if "pip install" in line]
    assert installs == [f"{venv}/bin/python -m pip install --quiet -e '.[server]'"]
    assert f"{venv}/bin/ua-validate serve" in run.stdout.splitlines()
    test = make("-n", f"VENV={venv}", "test")
    assert test.returncode == 0, test.stderr
    assert any(f"{venv}/bin/python -m pytest -n auto -q" in line for line in test.stdout.splitlines())
    assert f"{venv}/bin/python -m pip install --quiet -e '.[dev]'" in test.stdout.splitlines()


@pytest.mark.slow
def test_make_test_fails_when_no_test_runs() -> None:
    # pytest's exit code 5 (no test collected) must not pass silently, in make test or in CI.
    venv = Path(sys.executable).parent.parent  # the venv this suite runs in, already installed
    done = make(f"VENV={venv}", "test", env_extra={"PYTEST_ADDOPTS": "tests/test_makefile.py -k no_test_is_named_so"})
    assert done.returncode != 0
    assert "make test: no test ran" in done.stderr
