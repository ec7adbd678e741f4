"""Issue 14: /docs and /redoc come from the package (vendored Swagger UI and Redoc, with their licences) and
load nothing from another origin: they work offline and leak no visit to a CDN."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from docs.screenshots import ARGS
from docs.screenshots import CHROMIUM as CHROMIUM_BINARY

CHROMIUM = Path(CHROMIUM_BINARY)
STATIC = Path(__file__).resolve().parent.parent / "app" / "http" / "web" / "static"
REFERENCE = re.compile(r"""(?:src|href|spec-url)=["']([^"']+)["']|url:\s*'([^']+)'""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_api_docs_name_only_this_server(embedded_client: TestClient, page: str) -> None:
    response = embedded_client.get(page)
    assert response.status_code == 200
    html = response.text
    assert not re.search(r"(?:https?:)?//", html), "a URL to another origin"
    references = [a or b for a, b in REFERENCE.findall(html)]
    assert len(references) >= 3  # script, favicon, the OpenAPI document (and the stylesheet)
    for reference in references:
        assert reference.startswith("/"), reference
        assert embedded_client.get(reference).status_code == 200, reference
    if page == "/docs":
        assert '"validatorUrl": null' in html  # the spec is never sent to an online validator
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "img-src 'self' data:" in policy  # Redoc's CDN logo is blocked
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


@pytest.mark.parametrize("folder", ["swagger-ui", "redoc", "yasgui"])
def test_vendored_assets_carry_their_licence_and_version(folder: str) -> None:
    assert (STATIC / folder / "LICENSE").is_file()
    assert '"version"' in (STATIC / folder / "package.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not at /usr/bin/chromium (`make test` installs it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize(("page", "rendered"), [("/docs", ".swagger-ui .info .title"), ("/redoc", "h1")])
def test_the_api_docs_render_with_no_request_elsewhere(
    browser: Any, embedded_live: str, page: str, rendered: str
) -> None:
    context = browser.new_context(base_url=embedded_live)
    elsewhere: list[str] = []

    def record(route: Any) -> None:  # a request on its way out of the browser to another origin
        elsewhere.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(embedded_live), record)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda err: errors.append(str(err)))
    tab.goto(page)
    assert "ai-crosswalk" in tab.locator(rendered).first.inner_text(timeout=15_000)
    context.close()
    assert elsewhere == []
    assert errors == []
