"""GraphiQL at /graphql in headless Chromium: served from the app's own files, it renders and runs a query offline."""

from __future__ import annotations

from typing import Any

from tests import web_app
from tests.web_app import Watched, shot

browser, web_url, watched = web_app.browser, web_app.web_url, web_app.watched  # the fixtures these tests use, by name

# What issue 19's Content-Security-Policy allows: scripts from the app's own origin only, no inline code.
STRICT_CSP = "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self' 'unsafe-inline'"


def strict(route: Any) -> None:
    """Serve the page with the strict policy, so an inline script or a CDN asset would be refused and the test fail."""
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})


def test_graphiql_renders_its_editor_and_answers_a_query_with_no_request_off_localhost(watched: Watched) -> None:
    page = watched.page
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.route("**/graphql", lambda route: strict(route) if route.request.method == "GET" else route.fallback())
    page.goto("/graphql", wait_until="networkidle")
    editor = page.locator(".graphiql-query-editor .CodeMirror")
    editor.wait_for()
    assert "searchResearchers" in editor.inner_text()
    page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()
    result = page.locator(".result-window")
    page.wait_for_function("() => document.querySelector('.result-window').innerText.includes('Cordelia Schmid')")
    assert '"searchResearchers"' in result.inner_text()
    shot(page, "graphiql")
    assert any(u.endswith("/static/graphiql/graphiql.min.js") for u in requests)
    assert all(u.startswith(page.url.split("/graphql")[0]) or u.startswith("data:") for u in requests), requests
    assert violations == []
