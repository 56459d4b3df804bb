"""The reference application in process: it answers exactly what the library answers."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from ua_validate.server import create_app

from .common import FAX_REQUEST, PDF, multipart, verify_token
from .samples import ALL, INVALID_PER_OPERATION, ROUTING, VALID, Sample


@pytest.fixture(scope="module")
def client() -> FlaskClient:
    return create_app().test_client()


@pytest.mark.parametrize("sample", ALL, ids=[f"{s.method} {s.url}"[:60] for s in ALL])
def test_the_server_answers_what_validate_request_answers(client: FlaskClient, sample: Sample) -> None:
    response = client.open(sample.url, method=sample.method, data=sample.body or b"",
                           content_type="application/json" if sample.body is not None else None)
    got = (response.status_code, response.headers.get("Content-Type"), response.get_data())
    assert got == sample.expected()


def test_the_samples_cover_every_operation_valid_and_invalid() -> None:
    from ua_validate import validate_request
    from ua_validate.validator import default_validator

    operations = {op.id for op in default_validator().spec}
    assert {validate_request(s.method, s.url, s.body)[0] for s in VALID} == operations
    assert all(s.expected()[0] >= 400 for s in INVALID_PER_OPERATION)
    assert any(s.expected()[0] == 501 for s in ROUTING)


def test_a_lone_surrogate_in_the_body_is_echoed_escaped(client: FlaskClient) -> None:
    response = client.put("/uapi/extensions/@me/210/phoneCallEvents/2/abc", data=b'{"note": "\\ud800"}',
                          content_type="application/json")
    assert response.status_code == 200 and b'"\\ud800"' in response.get_data()
    assert json.loads(response.get_data())["params"]["note"] == "\ud800"


def test_head_is_not_implemented(client: FlaskClient) -> None:
    response = client.head("/uapi/cdr/@me")
    assert (response.status_code, response.headers["Content-Type"]) == (501, "application/json")


def test_a_multipart_fax(client: FlaskClient) -> None:
    raw, content_type = multipart([FAX_REQUEST, ("files", "r.pdf", "application/pdf", PDF)])
    response = client.post("/uapi/faxes/@me/210", data=raw, content_type=content_type)
    assert response.status_code == 200
    assert response.get_json()["params"]["files"] == [{"name": "r.pdf", "type": "pdf", "size": len(PDF)}]


def test_settings_reach_the_extension() -> None:
    client = create_app(verify_token=verify_token, max_json_body=10).test_client()
    response = client.get("/uapi/cdr/@me")
    assert response.status_code == 401
    response = client.post("/uapi/phoneCalls/@me/simple", data=b" " * 11, content_type="application/json",
                           headers={"Authorization": "Bearer good"})
    assert response.get_json()["error"]["code"] == "extension_invalid"
