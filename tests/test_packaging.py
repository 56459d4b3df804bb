"""Packaging: the LICENSE says what pyproject.toml says, and the sdist ships what the tests use."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_license_file_matches_pyproject() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert PROJECT["license"] == {"text": "MIT"}
    assert text.startswith("MIT License\n\n")
    holders = ", ".join(author["name"] for author in PROJECT["authors"])
    assert re.search(rf"^Copyright \(c\) 20[0-9]{{2}} {re.escape(holders)}$", text, re.MULTILINE)
    assert "Permission is hereby granted, free of charge, to any person obtaining a copy" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The file names in the source distribution, without its top folder."""
    out = tmp_path_factory.mktemp("sdist")
    build = [sys.executable, "-m", "build", "--sdist", "--outdir", str(out), str(ROOT)]
    done = subprocess.run(build, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:  # no index reachable for an isolated build: use the venv's hatchling
        done = subprocess.run([*build, "--no-isolation"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                              check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    (archive,) = out.glob("ua_validate-*.tar.gz")
    with tarfile.open(archive) as tar:
        return {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}


@pytest.mark.slow
def test_sdist_ships_the_license_the_examples_and_the_tests(sdist: set[str]) -> None:
    assert "LICENSE" in sdist
    examples = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "examples").glob("*.py"))
    assert examples  # the tests of the adapters run these apps
    for name in [*examples, "tests/_helpers.py", "tests/conftest.py", "tests/test_limits.py",
                 "tests/http-return-codes.txt", "src/ua_validate/__main__.py", "tools/mutate_schemas.py",
                 "Makefile", "pyproject.toml", "README.md"]:
        assert name in sdist, name
