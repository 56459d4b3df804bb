"""A UnifiedAPI client whose requests are validated before they leave: `python examples/httpx_client.py [URL]`.

Without a URL it talks to a stand-in (httpx's MockTransport) that answers 200 to anything it
receives, so that only the validation is shown.
"""

import sys

import httpx

from ua_validate import UAError
from ua_validate.httpx import ValidatingTransport


def make_client(base_url: str, network: httpx.BaseTransport | None = None) -> httpx.Client:
    return httpx.Client(base_url=base_url, headers={"Authorization": "Bearer my-token"},
                        transport=ValidatingTransport(network or httpx.HTTPTransport()))


def main(base_url: str | None = None) -> list[str]:
    stand_in = None if base_url else httpx.MockTransport(lambda request: httpx.Response(200, json={}))
    lines = []
    with make_client(base_url or "https://voipnow.example.com", stand_in) as client:
        response = client.get("/uapi/cdr/@me", params={"count": 100, "sortOrder": "desc"})
        lines.append(f"sent: {response.status_code}")
        for path in ("/uapi/cdr/@me?count=6000", "/uapi/cdrs/@me"):
            try:
                client.get(path)
            except UAError as err:  # nothing was sent
                lines.append(f"not sent: {err.status} {err.code}")
    return lines


if __name__ == "__main__":
    print("\n".join(main(sys.argv[1] if len(sys.argv) > 1 else None)))
