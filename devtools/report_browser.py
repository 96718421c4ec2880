"""Open the HTML report in headless Chromium and check it the way a reader sees it.

Uses Playwright's Python client to drive the system Chromium (Debian's ``chromium``; no browser
download): every chart listed in the report's manifest must have drawn an SVG with at least one
trace, no JavaScript error may be logged, and the page may make no network request (it must be
self-contained). Optionally saves a full-page screenshot.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# per chart: the SVG size and the number of drawn traces / marks (plotly draws traces as g.trace,
# funnels and bars as path.point inside them)
CHART_STATE_JS = """
() => {
  const manifest = JSON.parse(document.getElementById('report-manifest').textContent);
  return manifest.charts.map((id) => {
    const div = document.getElementById(id);
    if (!div) return {id, found: false, svgs: 0, traces: 0, marks: 0, width: 0, height: 0};
    const svg = div.querySelector('svg.main-svg');
    const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    return {
      id, found: true,
      svgs: div.querySelectorAll('svg.main-svg').length,
      traces: div.querySelectorAll('g.trace').length,
      marks: div.querySelectorAll('g.trace path, g.trace rect, g.trace .point').length,
      width: box.width, height: box.height,
    };
  });
}
"""


class BrowserUnavailable(RuntimeError):
    """Chromium or Playwright is not installed."""


@dataclass
class BrowserCheck:
    charts: list[dict]
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def rendered(self) -> list[str]:
        return [c["id"] for c in self.charts if c["found"] and c["svgs"] and c["traces"] and c["marks"]
                and c["width"] > 0 and c["height"] > 0]

    @property
    def empty(self) -> list[str]:
        return [c["id"] for c in self.charts if c["id"] not in self.rendered]


def find_chromium() -> str | None:
    """$CHROMIUM_PATH, else chromium / chromium-browser / google-chrome on PATH."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def check_report(html_path: Path, screenshot: Path | None = None, timeout_ms: int = 60_000) -> BrowserCheck:
    """Load ``html_path`` in headless Chromium; return what rendered, JS errors and network requests."""
    chromium = find_chromium()
    if chromium is None:
        raise BrowserUnavailable("no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # the `report` dependency group is not installed
        raise BrowserUnavailable("playwright is not installed (make install)") from exc

    errors: list[str] = []
    requests: list[str] = []
    with tempfile.TemporaryDirectory(prefix="lf-chromium-") as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            page = context.new_page()
            page.on("console", lambda msg: errors.append(f"console.{msg.type}: {msg.text}")
                    if msg.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))

            def block_network(route):
                url = route.request.url
                if url.startswith(("file:", "data:", "blob:", "about:")):
                    route.continue_()
                else:
                    requests.append(url)
                    route.abort()

            page.route("**/*", block_network)
            page.goto(Path(html_path).resolve().as_uri(), wait_until="load", timeout=timeout_ms)
            try:
                page.wait_for_function(
                    "() => JSON.parse(document.getElementById('report-manifest').textContent).charts.every("
                    "id => document.querySelector('#' + id + ' g.trace'))",
                    timeout=timeout_ms,
                )
            except Exception as exc:  # noqa: BLE001 - report what did render below
                errors.append(f"not every chart rendered within {timeout_ms} ms: {exc.__class__.__name__}")
            page.wait_for_timeout(300)  # let plotly finish its layout pass
            charts = page.evaluate(CHART_STATE_JS)
            if screenshot is not None:
                Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot), full_page=True)
        finally:
            context.close()
    return BrowserCheck(charts=charts, errors=errors, requests=requests)


def main(argv=None) -> int:
    """``python -m devtools.report_browser REPORT --screenshot PNG`` (``make report-screenshot``)."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m devtools.report_browser", description=__doc__.split("\n\n")[0])
    parser.add_argument("report", type=Path, help="the HTML report (lead-funnel report --out)")
    parser.add_argument("--screenshot", type=Path, default=None, help="save a full-page PNG screenshot here")
    args = parser.parse_args(argv)
    try:
        check = check_report(args.report, screenshot=args.screenshot)
    except BrowserUnavailable as exc:
        print(f"report_browser: {exc}", file=sys.stderr)
        return 1
    saved = f", screenshot {args.screenshot}" if args.screenshot else ""
    print(f"{args.report}: {len(check.rendered)} charts rendered, {len(check.errors)} JS errors, "
          f"{len(check.requests)} network requests{saved}")
    problems = check.errors + [f"empty chart {key}" for key in check.empty] + \
        [f"network request {url}" for url in check.requests]
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
