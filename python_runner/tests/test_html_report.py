"""The HTML report as a person sees it: rendered in headless Chromium (the Debian package; no
browser is downloaded), every chart present and drawn, no console error, no request leaving the
file, and a screenshot kept under the test's temp dir."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from nba_props.cli import main
from nba_props.config import Settings
from nba_props.report.html import CHART_IDS
from predicted_window import END, START

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
#: Elements a drawn Plotly trace leaves in its SVG (bars and lines are paths, a heatmap an image).
DRAWN = "g.trace path[d]:not([d='']), g.hm image, g.points path"


@pytest.fixture(scope="module")
def page_file(predicted: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the predicted window written by the CLI, as a user would."""
    out = tmp_path_factory.mktemp("html") / "report.html"
    result = CliRunner().invoke(
        main,
        ["report", "--format", "html", "--out", str(out),
         "--start-date", START.isoformat(), "--end-date", END.isoformat()],
        env={
            "NBA_PROPS_PROJECT_DIR": str(predicted.project_dir),
            "NBA_PROPS_DUCKDB_PATH": str(predicted.duckdb_path),
        },
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def test_html_page_is_self_contained(page_file: Path) -> None:
    """plotly.js is inlined once and nothing is loaded from elsewhere."""
    text = page_file.read_text(encoding="utf-8")
    assert text.count("<script src=") == 0
    assert text.count("* plotly.js v") == 1
    assert all(f'id="{chart_id}"' in text for chart_id in CHART_IDS)


def test_html_report_draws_every_chart_in_chromium_offline(page_file: Path, tmp_path: Path) -> None:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium): HTML not rendered")
    from playwright.sync_api import Request, Route, sync_playwright

    errors: list[str] = []
    requests: list[str] = []

    def block_remote(route: Route, request: Request) -> None:
        requests.append(request.url)
        if request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("request", lambda request: requests.append(request.url))
            page.route("**/*", block_remote)
            page.goto(page_file.resolve().as_uri(), wait_until="load")
            page.wait_for_function(
                "ids => ids.every(id => document.querySelector('#' + id + ' svg.main-svg'))",
                arg=list(CHART_IDS),
                timeout=30_000,
            )
            drawn = {
                chart_id: page.locator(f"#{chart_id}").locator(DRAWN).count()
                for chart_id in CHART_IDS
            }
            sizes = {
                chart_id: page.locator(f"#{chart_id} svg.main-svg").first.bounding_box()
                for chart_id in CHART_IDS
            }
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        finally:
            browser.close()
    assert all(count > 0 for count in drawn.values()), drawn
    assert all(box and box["width"] > 100 and box["height"] > 100 for box in sizes.values()), sizes
    assert errors == []
    remote = [url for url in requests if not url.startswith(LOCAL_SCHEMES)]
    assert remote == [] and requests, requests
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_pick_explanation_adds_up_to_the_models_points(page_file: Path) -> None:
    """The waterfall sums the model's contributions, so its total is the model's points and its
    title names the stage that turned them into the prediction."""
    text = page_file.read_text(encoding="utf-8")
    assert re.search(r"model\\u0027s points|model's points", text)
    assert re.search(r": model \d+\.\d, predicted \d+\.\d \((model|model \+ line)\) vs line", text)
