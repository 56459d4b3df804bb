"""The README's examples run and print what the README says they print."""

import contextlib
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ua_validate.testing import error_codes

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def _section(title: str) -> str:
    return README.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_handler_example_runs_and_its_comments_are_true():
    block = re.search(r"```python\n(.*?)```", _section("In your handlers"), flags=re.DOTALL)
    assert block is not None
    out = io.StringIO()
    namespace: dict[str, object] = {}
    with contextlib.redirect_stdout(out):
        exec(compile(block.group(1), "README.md", "exec"), namespace)
    assert out.getvalue() == (
        "400 {'error': {'code': 'count_invalid', 'message': 'Parameter count is invalid.'}}\n"
        "count must be an integer from 1 to 5000\n"
    )
    assert repr(namespace["validate"]("cdr", {"count": "100", "startDate": "2024-01-01T00:00:00"})) in block.group(1)
    assert namespace["op"] == "phone_calls.simple"
    assert namespace["params"]["phoneCallView"][0]["source"] == ("5354353", "5302040")


def test_every_python_block_compiles():
    for block in _blocks("python"):
        compile(block, "README.md", "exec")


def test_the_command_line_example_prints_what_the_readme_shows():
    section = _section("Command line")
    command = re.search(r"ua-validate check GET '([^']+)'", section)
    assert command is not None
    done = subprocess.run(
        [str(Path(sys.executable).parent / "ua-validate"), "check", "GET", command.group(1)],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1
    for line in done.stdout.splitlines():
        assert f"# {line}" in section


@pytest.mark.slow
def test_the_reference_server_answers_as_the_readme_shows():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "ua-validate"), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        shown = re.findall(r"\$ curl -s '([^']+)'\n(.*)\n", _section("The reference server"))
        assert len(shown) == 2
        for url, body in shown:
            url = url.replace("127.0.0.1:8080", f"127.0.0.1:{port}")
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=5) as answer:
                        text = answer.read().decode()
                except urllib.error.HTTPError as error:
                    text = error.read().decode()
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
                    continue
                break
            assert text == body
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_the_property_based_example_passes_in_a_fresh_folder(tmp_path):
    # Verbatim, with hypothesis's defaults: no profile, no suppressed health check, no
    # database or character table from an earlier run, and none of this project's conftest.
    block = re.search(r"```python\n(.*?)```", _section("Property-based testing"), flags=re.DOTALL)
    assert block is not None
    (tmp_path / "test_example.py").write_text(block.group(1), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HYPOTHESIS", "PYTEST"))}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "test_example.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert f"{1 + len(error_codes('cdr.list'))} passed" in done.stdout


def _readme_flask_app():
    block = re.search(r"```python\n(.*?)```", _section("Flask"), flags=re.DOTALL)
    assert block is not None
    namespace: dict[str, object] = {"__name__": "readme_flask_example"}
    exec(compile(block.group(1), "README.md", "exec"), namespace)
    app = namespace["app"]
    app.testing = True
    return app, re.search(r'@app\.get\("([^"]+)"\)', block.group(1)).group(1)


def test_the_raw_harness_drives_the_readme_flask_app_on_the_route_it_serves():
    from hypothesis import given

    from ua_validate import validate
    from ua_validate.testing import assert_ua_error, invalid_raw_requests, valid_raw_requests

    app, route = _readme_flask_app()
    assert route == "/uapi/cdr/<userId>"
    client = app.test_client()

    @given(valid_raw_requests("cdr.list", route=route))
    def valid(raw):
        assert raw.path.startswith("/uapi/cdr/")
        response = client.open(raw.url, method=raw.method, json=raw.body)
        assert response.status_code == 200, (raw, response.get_data(as_text=True))
        expected = validate("cdr.list", {"userId": raw.path.rsplit("/", 1)[1], **dict(raw.query)})
        assert response.get_json() == {"user": expected["userId"], "count": expected["count"], "records": []}

    valid()

    def fails_with(code, variant):
        @given(invalid_raw_requests("cdr.list", code, variant, route=route))
        def invalid(raw):
            assert raw.path.startswith("/uapi/cdr/")
            assert_ua_error(client.open(raw.url, method=raw.method, json=raw.body), code, variant)

        invalid()

    for code, variant in sorted(error_codes("cdr.list"), key=str):
        fails_with(code, variant)


def test_without_a_route_the_raw_harness_also_draws_urls_the_readme_app_does_not_serve():
    from hypothesis import find

    from ua_validate.testing import valid_raw_requests

    app, _ = _readme_flask_app()
    raw = find(valid_raw_requests("cdr.list"), lambda raw: raw.path == "/uapi/cdr")
    assert app.test_client().open(raw.url, method=raw.method).status_code != 200
    with pytest.raises(ValueError, match=r"does not serve cdr\.list"):
        valid_raw_requests("cdr.list", route="/uapi/cdr/<user>")
    with pytest.raises(ValueError, match="with the path fragments none never fails with user_invalid"):
        from ua_validate.testing import invalid_raw_requests

        invalid_raw_requests("cdr.list", "user_invalid", route="/uapi/cdr")
