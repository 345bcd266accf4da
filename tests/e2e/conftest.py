"""Browser tests against the real docassemble server that ``make serve`` starts (run them with ``make e2e``).

They are collected only when SR_E2E=1 (``make e2e`` sets it), so ``make test`` needs neither the server nor a
browser. Chromium is Debian's (/usr/bin/chromium, or $SR_CHROMIUM): Playwright downloads no browser.
Every screen a test visits is checked with axe-core and kept as a screenshot under tests/e2e/artifacts/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ARTIFACTS = HERE / "artifacts"

if os.environ.get("SR_E2E") != "1":
    collect_ignore_glob = ["test_*.py"]


def _state() -> dict[str, Any]:
    run = Path(os.environ.get("SR_RUN_DIR", REPO / ".run"))
    try:
        return json.loads((run / "state.json").read_text())
    except (OSError, ValueError):
        return {}


@pytest.fixture(scope="session")
def server() -> dict[str, str]:
    """The running server's address and API key (``make serve`` wrote them under .run/)."""
    state = _state()
    if "http" not in state:
        pytest.fail("no docassemble server is running: start it with `make serve` (or run `make e2e`)")
    key_file = Path(state["api_key_file"])
    return {"base": f"http://127.0.0.1:{state['http']}", "api_key": key_file.read_text().strip()}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("SR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def axe_summary() -> Iterator[dict[str, Any]]:
    """Screens visited and axe-core findings per test, written to artifacts/axe-summary.json at the end."""
    summary: dict[str, Any] = {}
    yield summary
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    totals = {"screens": sum(v["screens"] for v in summary.values()),
              "violations": {impact: sum(v["violations"].get(impact, 0) for v in summary.values())
                             for impact in ("critical", "serious", "moderate", "minor")}}
    (ARTIFACTS / "axe-summary.json").write_text(json.dumps({"tests": summary, "totals": totals}, indent=1))
    print(f"\ne2e: {totals['screens']} screens visited; axe violations by impact: {totals['violations']}")


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    # The quick exit opens a web search; no request leaves this machine: that address gets a stand-in page.
    context.route(re.compile(r"^https?://(www\.)?google\.com/.*"),
                  lambda route: route.fulfill(status=200, content_type="text/html",
                                              body="<html lang='en'><title>weather</title><h1>Weather</h1></html>"))
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def drive(page: Any, request: pytest.FixtureRequest, axe_summary: dict[str, Any]) -> Iterator[Any]:
    """A Driver on a fresh page; its axe findings are recorded for the summary."""
    from tests.e2e.driver import Driver

    folder = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    driver = Driver(page, folder)
    yield driver
    counts: dict[str, int] = {}
    for visit in driver.visits:
        for v in visit.violations:
            counts[v["impact"] or "none"] = counts.get(v["impact"] or "none", 0) + 1
    axe_summary[request.node.name] = {"screens": len(driver.visits), "violations": counts,
                                      "screen_ids": [v.screen_id for v in driver.visits]}
